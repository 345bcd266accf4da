"""What is sent stays clean (legal review 2, table C): every example case is assembled, and the text of every
document in every ``filing/`` folder, of every packet and of the filled forms' values is scanned for internal
markers (confidence codes, UNVERIFIED, case-file field paths and codes, command and file names, notes to the
preparer). The preparer's memo, which is where they go, is read back too; ``--final``, ``--bates-prefix`` and
``survivorrelief packet`` are run for real.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pypdf
import pytest

from docassemble.SurvivorRelief.assembly import FILING, PREPARER, assemble, bates_prefix
from docassemble.SurvivorRelief.convert import soffice_available
from docassemble.SurvivorRelief.documents import docx_text
from docassemble.SurvivorRelief.errors import InputError

from .helpers import EXAMPLES, SHARED, internal_markers, run_cli

CASES = sorted(EXAMPLES.glob("*.case.yml"))
FORMS = SHARED / "forms" / "uscis"
PDF = soffice_available()


@pytest.fixture(scope="module")
def assembled(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Any, Path]]:
    """Every example, assembled once (with its letters converted and merged when LibreOffice is here)."""
    runs = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVIVORRELIEF_FORMS_DIR", str(FORMS))
        for case in CASES:
            out = tmp_path_factory.mktemp(case.stem) / "out"
            runs[case.name] = (assemble(case, out, pdf=PDF), out)
    return runs


def _pdf_text(path: Path, skip: set[int]) -> str:
    reader = pypdf.PdfReader(str(path))
    return "\n".join(page.extract_text() for n, page in enumerate(reader.pages, start=1) if n not in skip)


def _form_pages(packet: dict[str, Any]) -> set[int]:
    """The packet pages that are official forms (their printed text is the agency's own, e.g. "Preparer")."""
    pages: set[int] = set()
    for part in packet.get("front", []):
        if part["label"].startswith("Form "):
            first, last = (int(part[k].rsplit("-", 1)[1]) for k in ("first", "last"))
            pages.update(range(first, last + 1))
    return pages


@pytest.mark.parametrize("case", [c.name for c in CASES])
def test_nothing_internal_reaches_a_filing_set(case: str, assembled: dict[str, tuple[Any, Path]]) -> None:
    manifest, out = assembled[case]
    filed = [f for f in manifest.files if f.part == FILING]
    assert filed, "every example files something"
    for f in filed:
        path = out / f.path
        assert f.path.split("/")[1] == FILING
        if f.kind == "document" or f.kind == "pdf":
            text = docx_text(path) if path.suffix == ".docx" else _pdf_text(path, set())
        elif f.kind == "packet":
            text = _pdf_text(path, _form_pages(manifest.packets[f.remedy]))
        else:  # a filled form: its values are ours, its printed text the agency's
            fields = pypdf.PdfReader(str(path)).get_fields() or {}
            text = "\n".join(str(v.get("/V", "")) for v in fields.values() if v.get("/V") not in (None, "/Off"))
        assert internal_markers(text) == [], f.path
    # Filing order: numbered files, the packet built only from them.
    for remedy in {f.remedy for f in filed}:
        numbered = sorted(f.path.rsplit("/", 1)[1] for f in filed if f.remedy == remedy and f.kind != "packet")
        assert all(name[:2].isdigit() and name[2] == "-" for name in numbered), numbered


@pytest.mark.parametrize("case", [c.name for c in CASES])
def test_the_memo_holds_what_the_filing_leaves_out(case: str, assembled: dict[str, tuple[Any, Path]]) -> None:
    """Every remedy's memo: the screening element by element with confidence-coded sources, the deadline, where
    to send it, who signs each filed document, every UNVERIFIED value of its documents, the facts still unknown."""
    manifest, out = assembled[case]
    for entry in manifest.remedies:
        rid = entry["id"]
        memo = next(f for f in manifest.files if f.remedy == rid and f.name == "preparer-memo" and f.kind == "document")
        assert memo.part == PREPARER
        text = docx_text(out / memo.path)
        assert "NOT FOR FILING" in text and "Sources relied on" in text
        assert any(f"[{code}]" in text for code in ("V", "S", "UNVERIFIED"))
        for heading in ("Screening, element by element", "Deadline", "Where to send it", "who signs what",
                        "Still to do"):
            assert heading in text
        for w in manifest.warnings:
            if w.startswith(f"{rid}/") and "UNVERIFIED" in w:
                assert w.split("filing: ", 1)[-1].split(": ", 1)[-1] in text
        for f in manifest.files:
            if f.remedy == rid and f.part == FILING and f.kind in ("document", "form"):
                assert f.path.rsplit("/", 1)[1] in text


def test_tx_memo_lists_the_forms_items_and_signatures(assembled: dict[str, tuple[Any, Path]]) -> None:
    manifest, out = assembled["tx-labor-adult.case.yml"]
    memo = docx_text(out / next(f.path for f in manifest.files if f.remedy == "us.t_visa"
                                and f.name == "preparer-memo" and f.kind == "document"))
    assert "the applicant (survivor), the interpreter, the preparer" in memo  # each USCIS form (Parts 6-8)
    assert "the translator" in memo  # the declaration's English translation with its certificate
    assert "Vermont Service Center" in memo
    if (FORMS / "i-914.pdf").is_file():
        assert "Form I-914, Application for T Nonimmigrant Status" in memo
        from docassemble.SurvivorRelief.forms import load_map

        assert "Items left blank, by part and item" in memo and "Part 2 item 2 (not in the case): " in memo
        assert "Part 4 items 1-21 (processing questions): answered by the applicant with the lawyer" in memo
        assert all(note in memo for note in load_map("i-914").notes)


def test_bates_prefix_is_short_and_one_series_per_packet(assembled: dict[str, tuple[Any, Path]]) -> None:
    """Default prefix from the case id (at most 8 characters); each packet numbers from 1."""
    assert bates_prefix("example-tx-labor-adult") == "ETLA" and bates_prefix("2026-0042") == "20260042"
    assert len(bates_prefix("a-very-long-case-identifier-with-many-parts")) == 8
    for manifest, _out in assembled.values():
        prefix = bates_prefix(manifest.case_id)
        for packet in manifest.packets.values():
            assert packet["first"] == f"{prefix}-000001"


def test_bates_prefix_option_and_final_refusal(tmp_path: Path) -> None:
    """--bates-prefix sets the prefix; --final refuses (exit 2, each placeholder listed, nothing written) while a
    filing document still says "to be completed"."""
    env = dict(os.environ, SURVIVORRELIEF_FORMS_DIR=str(FORMS))
    case = EXAMPLES / "gb-nrm.case.yml"
    done = run_cli("assemble", str(case), "--out", str(tmp_path / "a"), "--remedy", "gb.cica",
                   "--bates-prefix", "dx7", env=env)
    assert done.returncode == 0, done.stderr
    bad = run_cli("assemble", str(case), "--out", str(tmp_path / "b"), "--bates-prefix", "too-long-prefix", env=env)
    assert bad.returncode == 2 and "--bates-prefix" in bad.stderr and not (tmp_path / "b").exists()
    final = run_cli("assemble", str(case), "--out", str(tmp_path / "c"), "--remedy", "gb.cica", "--final", env=env)
    assert final.returncode == 2 and "to be completed" in final.stderr and "cica-support-letter.docx" in final.stderr
    assert "Traceback" not in final.stderr and not (tmp_path / "c").exists()
    with pytest.raises(InputError) as info:
        assemble(case, tmp_path / "d", remedies=["gb.cica"], final=True)
    assert len([p for p in info.value.problems if p.path.endswith(".docx")]) >= 2


def test_a_packet_without_letters_is_named_for_what_it_holds(tmp_path: Path) -> None:
    manifest = assemble(EXAMPLES / "nl-labor.case.yml", tmp_path / "out", remedies=["nl.schadefonds"])
    packet = next(f for f in manifest.files if f.kind == "packet")
    assert packet.path.endswith("-exhibits.pdf") and "packet" not in packet.path.rsplit("/", 1)[1]


@pytest.mark.skipif(not PDF, reason="LibreOffice is not installed")
def test_packet_command_rebuilds_after_a_docx_edit(tmp_path: Path) -> None:
    """A lawyer edits the cover letter in filing/ (here: two more pages); `survivorrelief packet` converts it,
    merges, renumbers, re-renders the index of exhibits so that it agrees with the new packet."""
    from docx import Document

    out = tmp_path / "out"
    env = dict(os.environ, SURVIVORRELIEF_FORMS_DIR=str(FORMS))
    manifest = assemble(EXAMPLES / "tx-labor-adult.case.yml", out, remedies=["us.t_visa"], pdf=True)
    before = manifest.packets["us.t_visa"]
    letter = out / next(f.path for f in manifest.files if f.path.endswith("us-t-visa-cover-letter.docx"))
    doc = Document(str(letter))
    for _ in range(2):
        doc.add_page_break()
        doc.add_paragraph("An added paragraph by the lawyer.")
    doc.save(str(letter))
    done = run_cli("packet", str(out / "us.t_visa"), env=env)
    assert done.returncode == 0, done.stderr
    import json

    after = json.loads((out / "manifest.json").read_text(encoding="utf-8"))["packets"]["us.t_visa"]
    assert after["pages"] == before["pages"] + 2
    first = after["exhibits"][0]
    assert int(first["first"].rsplit("-", 1)[1]) == int(before["exhibits"][0]["first"].rsplit("-", 1)[1]) + 2
    index = out / next(f.path for f in manifest.files if f.path.endswith("us-t-visa-exhibit-index.docx"))
    assert f"{first['first']} – {first['last']}" in docx_text(index)
    reader = pypdf.PdfReader(str(out / after["file"]))
    assert len(reader.pages) == after["pages"]
    assert "An added paragraph by the lawyer." in "".join(p.extract_text() for p in reader.pages[:6])
    assert not list((out / "us.t_visa" / "filing").glob(".*"))
