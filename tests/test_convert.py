"""DOCX to PDF with the real LibreOffice; a clear message when it is not installed."""

from __future__ import annotations

import docx
import pytest
from pypdf import PdfReader

from docassemble.SurvivorRelief.convert import ConversionError, docx_to_pdf, soffice_available
from docassemble.SurvivorRelief.errors import InputError

needs_soffice = pytest.mark.skipif(not soffice_available(), reason="LibreOffice (soffice) is not installed")


def make_docx(path, text: str):
    document = docx.Document()
    document.add_heading("FICTIONAL EXAMPLE", level=1)
    document.add_paragraph(text)
    document.save(str(path))
    return path


@needs_soffice
def test_docx_converts_to_pdf_with_the_paragraph(tmp_path) -> None:
    first = make_docx(tmp_path / "letter.docx", "The applicant asks for a bona fide determination (fictional).")
    second = make_docx(tmp_path / "statement.docx", "Zweiter Absatz mit Umlauten: Übersetzung für die Akte.")
    out = tmp_path / "pdf"
    produced = docx_to_pdf([first, second], out)
    assert produced == [out / "letter.pdf", out / "statement.pdf"]
    texts = [" ".join(PdfReader(str(p)).pages[0].extract_text().split()) for p in produced]
    assert "The applicant asks for a bona fide determination (fictional)." in texts[0]
    assert "Übersetzung für die Akte." in texts[1]
    assert sorted(p.name for p in out.iterdir()) == ["letter.pdf", "statement.pdf"]   # no staging folder left


def test_missing_libreoffice_says_how_to_install(tmp_path, monkeypatch) -> None:
    monkeypatch.setenv("PATH", str(tmp_path / "empty-bin"))
    assert not soffice_available()
    source = make_docx(tmp_path / "letter.docx", "Text")
    with pytest.raises(ConversionError) as err:
        docx_to_pdf([source], tmp_path / "out")
    assert "apt-get install libreoffice-writer-nogui" in str(err.value)
    assert not (tmp_path / "out").exists()


def test_bad_inputs_are_named_by_position(tmp_path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    make_docx(tmp_path / "a.docx", "A")
    (tmp_path / "sub").mkdir()
    make_docx(tmp_path / "sub" / "a.docx", "A again")
    with pytest.raises(InputError) as err:
        docx_to_pdf([tmp_path / "missing.docx", tmp_path / "notes.txt", tmp_path / "a.docx",
                     tmp_path / "sub" / "a.docx"], tmp_path / "out")
    assert [str(p) for p in err.value.problems] == [
        "docx_paths[0]: file not found",
        "docx_paths[1]: not a .docx file (.txt)",
        "docx_paths[3]: same file name as docx_paths[2]: the PDFs would overwrite each other"]
    assert not (tmp_path / "out").exists()


@needs_soffice
def test_timeout_stops_libreoffice_and_writes_nothing(tmp_path) -> None:
    source = make_docx(tmp_path / "letter.docx", "Text")
    out = tmp_path / "out"
    with pytest.raises(ConversionError, match="did not finish"):
        docx_to_pdf([source], out, timeout=0.05)
    assert list(out.iterdir()) == []
