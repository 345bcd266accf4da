"""Evidence checklists (from the packs' evidence lists) and the Bates-numbered exhibit packet (real PDFs)."""

from __future__ import annotations

import json
import re
import time
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from PIL import Image
from pypdf import PdfReader, PdfWriter
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

from docassemble.SurvivorRelief.cases import parse_case
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.evidence import (
    FONT_CANDIDATES,
    bates,
    bates_number,
    build_packet,
    checklist,
    cover_words,
    exhibit_letter,
    exhibits,
    plan_packet,
)
from docassemble.SurvivorRelief.packs import read_packs
from tests.helpers import REPO, run_cli

FIXTURE_PACKS = REPO / "tests" / "fixtures" / "packs-evidence"
BATES = re.compile(r"([A-Z0-9-]+-\d{6})\s*$")


# --- helpers -------------------------------------------------------------------------------------

def real_packs():
    """The real packs; the test is skipped only while us.yml has no evidence lists yet."""
    packs, _errors = read_packs()
    if "us" not in packs or not packs.get("us").remedies["us.t_visa"].evidence:
        pytest.skip("jurisdictions/us.yml has no evidence lists yet")
    return packs


def t_visa_need(packs, element: str, kind: str | None = None):
    """The pack's evidence need for a T-visa element (and, for 'core', the one accepting ``kind``)."""
    for need in packs.get("us").remedies["us.t_visa"].evidence:
        if need.element == element and (kind is None or kind in need.kinds):
            return need
    raise AssertionError(f"us.t_visa has no evidence need {element}/{kind}")


def result_need(result, remedy_id: str, element: str, kind: str | None, packs):
    remedy = next(r for r in result.remedies if r.id == remedy_id)
    wanted = t_visa_need(packs, element, kind)
    return next(n for n in remedy.needs if n.element == element and n.items == wanted.items)


def make_pdf(path: Path, pages: int, label: str, size=letter, rotate: int = 0) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=size)
    for n in range(1, pages + 1):
        pdf.setFont("Helvetica", 12)
        pdf.drawString(72, size[1] - 72, f"{label} page {n}")
        pdf.showPage()
    pdf.save()
    if rotate:
        writer = PdfWriter(clone_from=str(path))
        for page in writer.pages:
            page.rotate(rotate)
        writer.write(str(path))
    return path


def page_text(reader: PdfReader, index: int) -> str:
    return reader.pages[index].extract_text() or ""


def stamp_position(page) -> tuple[float, float, str]:
    """Where the Bates number is drawn on a page (x, y of the text start) and the number."""
    found = []

    def visit(text, cm, tm, _font, _size):
        if BATES.search(text or ""):
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x, y, text.strip()))

    page.extract_text(visitor_text=visit)
    assert found, "no Bates number on the page"
    return found[-1]


# --- checklists ----------------------------------------------------------------------------------

def test_checklist_covers_by_kind_and_by_supports_fixture_pack() -> None:
    packs, errors = read_packs(FIXTURE_PACKS)
    assert errors == []
    case = parse_case({"case_id": "ev-1", "as_of": "2026-06-01", "jurisdictions": ["zz-aa"], "evidence": [
        {"id": "e1", "kind": "identity_document"},
        {"id": "e2", "kind": "letter", "supports": ["cooperation"]},
        {"id": "e3", "kind": "receipt"},
        {"id": "e4", "supports": ["cooperation"]}]})
    result = checklist(case, packs)
    # The child's remedies first, then the parent's (packs.with_ancestors).
    assert [(r.id, r.jurisdiction) for r in result.remedies] == [("zz-aa.fund", "zz-aa"), ("zz.status", "zz")]
    status = {(r.id, n.element): (n.status, n.covered_by) for r in result.remedies for n in r.needs}
    assert status == {("zz-aa.fund", "losses"): ("covered", ["e3"]),
                      ("zz.status", "core"): ("covered", ["e1"]),
                      ("zz.status", "cooperation"): ("covered", ["e2", "e4"])}


def test_checklist_missing_lists_the_packs_alternatives_fixture_pack() -> None:
    packs, _ = read_packs(FIXTURE_PACKS)
    case = parse_case({"case_id": "ev-2", "jurisdictions": ["zz"], "evidence": []})
    remedy = checklist(case, packs).remedies[0]
    pack_needs = packs.get("zz").remedies["zz.status"].evidence
    assert [n.status for n in remedy.needs] == ["missing", "missing"]
    assert [n.alternatives for n in remedy.needs] == [list(p.alternatives) for p in pack_needs]
    # An UNVERIFIED source stays flagged on the need that uses it.
    assert [n.confidence for n in remedy.needs] == ["UNVERIFIED", "V"]


def test_checklist_json_keys_are_stable() -> None:
    packs, _ = read_packs(FIXTURE_PACKS)
    case = parse_case({"case_id": "ev-3", "as_of": "2026-06-01", "jurisdictions": ["zz"],
                       "evidence": [{"id": "e1", "kind": "identity_document"}]})
    data = json.loads(json.dumps(checklist(case, packs).to_json()))
    assert set(data) == {"case_id", "as_of", "remedies"}
    assert data["as_of"] == "2026-06-01"
    remedy = data["remedies"][0]
    assert set(remedy) == {"id", "jurisdiction", "name", "needs"}
    need = remedy["needs"][0]
    assert {"element", "items", "covered_by", "status", "alternatives", "sources"} <= set(need)
    assert need["covered_by"] == ["e1"] and need["status"] == "covered"
    assert need["sources"] == [{"cite": "Test statute 1(b)", "url": None, "confidence": "UNVERIFIED"}]


def test_t_visa_identity_covered_by_passport_8_cfr_214_202_c_1() -> None:
    """Identity/age evidence (fact sheet D1; 8 CFR 214.202(c)(1) for proof of age) from the real us pack."""
    packs = real_packs()
    case = parse_case({"case_id": "ev-4", "jurisdictions": ["us"], "evidence": [
        {"id": "p1", "kind": "identity_document", "description": "Passport copy"}]})
    need = result_need(checklist(case, packs), "us.t_visa", "core", "identity_document", packs)
    assert (need.status, need.covered_by) == ("covered", ["p1"])


def test_documents_taken_by_trafficker_secondary_identity_evidence_pm_vol3_ptB_ch3() -> None:
    """No identity document (the trafficker kept it): the pack's alternatives are listed (PM Vol. 3, Pt. B)."""
    packs = real_packs()
    case = parse_case({"case_id": "ev-5", "jurisdictions": ["us"],
                       "trafficking": [{"form": "labor", "means": ["document_confiscation", "fraud"]}],
                       "evidence": [{"id": "x1", "kind": "le_correspondence"}]})
    need = result_need(checklist(case, packs), "us.t_visa", "core", "identity_document", packs)
    pack_need = t_visa_need(packs, "core", "identity_document")
    assert need.status == "missing" and need.covered_by == []
    assert need.alternatives == list(pack_need.alternatives) != []
    assert any("secondary evidence of identity" in a.lower() for a in need.alternatives)


def test_no_supplement_b_alternatives_named_8_cfr_214_202_c_and_214_206() -> None:
    """Without Supplement B and with no law-enforcement evidence, the pack's alternatives are named."""
    packs = real_packs()
    case = parse_case({"case_id": "ev-6", "jurisdictions": ["us"],
                       "law_enforcement": {"supplement_b": "declined"},
                       "evidence": [{"id": "p1", "kind": "identity_document"}]})
    need = result_need(checklist(case, packs), "us.t_visa", "compliance_with_reasonable_requests", None, packs)
    pack_need = t_visa_need(packs, "compliance_with_reasonable_requests")
    assert need.status == "missing"
    assert need.alternatives == list(pack_need.alternatives) != []
    assert any("Supplement B" in a for a in need.alternatives)


def test_supports_may_name_remedy_and_element_8_cfr_214_207() -> None:
    """``supports`` names an element (physical presence, 8 CFR 214.207) bare or qualified by the remedy."""
    packs = real_packs()
    case = parse_case({"case_id": "ev-7", "jurisdictions": ["us"], "evidence": [
        {"id": "a1", "kind": "letter_unlisted", "supports": ["physical_presence"]},
        {"id": "a2", "kind": "letter_unlisted", "supports": ["us.t_visa.physical_presence"]},
        {"id": "a3", "kind": "letter_unlisted", "supports": ["us.u_visa.physical_presence"]}]})
    need = result_need(checklist(case, packs), "us.t_visa", "physical_presence", None, packs)
    assert need.covered_by == ["a1", "a2"]


def _write_case(folder: Path, data: dict) -> Path:
    path = folder / "ev.case.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def test_cli_evidence_json_one_object_and_file_warnings(tmp_path) -> None:
    real_packs()
    make_pdf(tmp_path / "hsi.pdf", 1, "Fictional letter")
    case = _write_case(tmp_path, {
        "case_id": "ev-cli", "as_of": "2026-06-01", "jurisdictions": ["us"],
        "survivor": {"name": {"first": "Zorina", "last": "Fictitia"}},
        "evidence": [{"id": "e1", "kind": "le_correspondence", "file": "hsi.pdf"},
                     {"id": "e2", "kind": "identity_document", "file": "zorina-fictitia-passport.pdf"}]})
    result = run_cli("evidence", str(case), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["case_id"] == "ev-cli" and data["as_of"] == "2026-06-01"
    assert data["file_warnings"] == [{"path": "evidence[1].file", "message": "e2: file not found"}]
    t_visa = next(r for r in data["remedies"] if r["id"] == "us.t_visa")
    compliance = next(n for n in t_visa["needs"] if n["element"] == "compliance_with_reasonable_requests")
    assert compliance["covered_by"] == ["e1"]
    assert "zorina" not in (result.stdout + result.stderr).lower()


def test_cli_evidence_human_output_missing_and_alternatives(tmp_path) -> None:
    packs = real_packs()
    case = _write_case(tmp_path, {"case_id": "ev-cli2", "jurisdictions": ["us"],
                                  "evidence": [{"id": "e1", "kind": "identity_document", "file": "gone.pdf"}]})
    result = run_cli("evidence", str(case))
    assert result.returncode == 0, result.stderr
    assert "covered by e1" in result.stdout
    assert "MISSING" in result.stdout
    first_alternative = t_visa_need(packs, "compliance_with_reasonable_requests").alternatives[0]
    assert first_alternative in result.stdout
    assert "warning: evidence[0].file: e1: file not found" in result.stderr


def test_cli_evidence_bad_case_exits_2(tmp_path) -> None:
    case = _write_case(tmp_path, {"case_id": "ev-bad", "evidence": [{"id": "e1", "colour": "red"}]})
    result = run_cli("evidence", str(case), "--json")
    assert result.returncode == 2
    assert result.stdout == ""
    assert "evidence[0].colour" in result.stderr
    assert "Traceback" not in result.stderr


# --- exhibits and the packet ---------------------------------------------------------------------

@pytest.mark.parametrize("index,letters", [(0, "A"), (25, "Z"), (26, "AA"), (27, "AB"), (701, "ZZ"), (702, "AAA")])
def test_exhibit_letters(index, letters) -> None:
    assert exhibit_letter(index) == letters


def _evidence_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "evidence"
    folder.mkdir()
    make_pdf(folder / "contract.pdf", 3, "Fictional contract")
    make_pdf(folder / "contract-en.pdf", 1, "Fictional translation")
    Image.new("RGB", (900, 600), (30, 60, 120)).save(folder / "photo.jpg", quality=85)
    Image.new("RGBA", (400, 500), (0, 128, 0, 120)).save(folder / "note.png")      # with transparency
    make_pdf(folder / "sideways.pdf", 1, "Fictional rotated page", rotate=90)
    return folder


def _case(**extra):
    return parse_case({"case_id": "demo-ev", "evidence": [
        {"id": "e1", "kind": "contract", "description": "Recruitment contract", "file": "evidence/contract.pdf",
         "translation_file": "evidence/contract-en.pdf"},
        {"id": "e2", "kind": "photo", "description": "Photo of the dormitory", "file": "evidence/photo.jpg"},
        {"id": "e3", "kind": "note", "description": "Handwritten note", "file": "evidence/note.png"},
        {"id": "e4", "kind": "no_file", "description": "Told orally"},
        {"id": "e5", "kind": "letter", "description": "Sideways letter", "file": "evidence/sideways.pdf"},
    ], **extra})


def test_exhibits_in_case_order_with_page_counts(tmp_path) -> None:
    _evidence_folder(tmp_path)
    found = exhibits(_case(), tmp_path)
    assert [(e.id, e.letter, e.file.kind, e.file.pages) for e in found] == [
        ("e1", "A", "pdf", 3), ("e2", "B", "jpeg", 1), ("e3", "C", "png", 1), ("e5", "D", "pdf", 1)]
    assert found[0].translation is not None and found[0].translation.pages == 1
    assert found[0].pages == 4
    assert found[0].file.path == (tmp_path / "evidence" / "contract.pdf").resolve()


def test_packet_covers_order_and_bates_on_every_page(tmp_path) -> None:
    _evidence_folder(tmp_path)
    found = exhibits(_case(), tmp_path)
    make_pdf(tmp_path / "form.pdf", 2, "Fictional filled form")
    out = tmp_path / "out" / "packet.pdf"
    info = build_packet(found, "demo-ev", out, back=[("Form X", tmp_path / "form.pdf")])

    reader = PdfReader(str(out))
    # covers: A(1+3+1) B(1+1) C(1+1) D(1+1) + the document after them, 2
    assert len(reader.pages) == info.pages == 5 + 2 + 2 + 2 + 2
    texts = [page_text(reader, i) for i in range(len(reader.pages))]
    for n, text in enumerate(texts, start=1):
        assert BATES.search(text).group(1) == f"DEMO-EV-{n:06d}", f"page {n}"
    assert "Exhibit A" in texts[0] and "Recruitment contract" in texts[0]
    assert "e1" not in texts[0] and "Evidence id" not in texts[0]  # no internal id on what the authority reads
    assert "DEMO-EV-000002 to DEMO-EV-000005" in texts[0]
    assert [f"Fictional contract page {n}" in texts[n] for n in (1, 2, 3)] == [True] * 3
    assert "Fictional translation page 1" in texts[4]        # the translation follows the original
    assert "Exhibit B" in texts[5] and "Exhibit C" in texts[7] and "Exhibit D" in texts[9]
    assert "Fictional rotated page" in texts[10]
    assert "Fictional filled form page 1" in texts[11] and "Fictional filled form page 2" in texts[12]
    # Images became pages holding the image (only the stamp as text).
    for index in (6, 8):
        xobjects = reader.pages[index]["/Resources"]["/XObject"]
        assert any(x.get_object()["/Subtype"] == "/Image" for x in xobjects.values())
        assert texts[index].strip() == bates("demo-ev", index + 1)
    # The page map the exhibit index uses.
    assert [(r.label, r.id, r.first, r.last) for r in info.exhibits] == [
        ("A", "e1", "DEMO-EV-000001", "DEMO-EV-000005"), ("B", "e2", "DEMO-EV-000006", "DEMO-EV-000007"),
        ("C", "e3", "DEMO-EV-000008", "DEMO-EV-000009"), ("D", "e5", "DEMO-EV-000010", "DEMO-EV-000011")]
    assert [(r.label, r.first, r.last) for r in info.back] == [("Form X", "DEMO-EV-000012", "DEMO-EV-000013")]
    assert [(o.title, reader.get_destination_page_number(o)) for o in reader.outline] == [
        ("Exhibit A: Recruitment contract", 0), ("Exhibit B: Photo of the dormitory", 5),
        ("Exhibit C: Handwritten note", 7), ("Exhibit D: Sideways letter", 9), ("Form X", 11)]
    assert list(out.parent.iterdir()) == [out]                  # no temporary file left behind


def test_front_documents_come_first_and_the_numbers_run_on(tmp_path) -> None:
    """Filing order: the documents in ``front`` (cover letter, forms), then each exhibit, then ``back``; the Bates
    numbers run over the whole packet and each cover cites the pages its exhibit really has."""
    _evidence_folder(tmp_path)
    found = exhibits(_case(), tmp_path, order=["e2", "e1"])
    letter = make_pdf(tmp_path / "letter.pdf", 1, "Fictional cover letter")
    form = make_pdf(tmp_path / "form.pdf", 3, "Fictional form")
    late = make_pdf(tmp_path / "late.pdf", 1, "Fictional late document")
    out = tmp_path / "packet.pdf"
    info = build_packet(found, "demo-ev", out, front=[("Cover letter", letter), ("Form X", form)],
                        back=[("Late document", late)])
    reader = PdfReader(str(out))
    texts = [page_text(reader, i) for i in range(len(reader.pages))]
    assert len(texts) == info.pages == 1 + 3 + (1 + 1) + (1 + 3 + 1) + 1
    for n, text in enumerate(texts, start=1):
        assert BATES.search(text).group(1) == bates("demo-ev", n)
    assert "Fictional cover letter page 1" in texts[0]
    assert [f"Fictional form page {n}" in texts[n] for n in (1, 2, 3)] == [True] * 3
    assert [(r.label, r.first, r.last, r.pages) for r in info.front] == [
        ("Cover letter", "DEMO-EV-000001", "DEMO-EV-000001", 1), ("Form X", "DEMO-EV-000002", "DEMO-EV-000004", 3)]
    assert [(r.label, r.id, r.first, r.last) for r in info.exhibits] == [
        ("A", "e2", "DEMO-EV-000005", "DEMO-EV-000006"), ("B", "e1", "DEMO-EV-000007", "DEMO-EV-000011")]
    assert [(r.label, r.first, r.last) for r in info.back] == [("Late document", "DEMO-EV-000012", "DEMO-EV-000012")]
    for rng in info.exhibits:  # each cover sits at its first number and cites the pages after it
        cover = texts[bates_number(rng.first) - 1]
        assert f"Exhibit {rng.label}" in cover
        assert f"Pages {bates('demo-ev', bates_number(rng.first) + 1)} to {rng.last}" in cover
    assert "Fictional contract page 1" in texts[7] and "Fictional late document page 1" in texts[11]
    assert [(o.title, reader.get_destination_page_number(o)) for o in reader.outline] == [
        ("Cover letter", 0), ("Form X", 1), ("Exhibit A: Photo of the dormitory", 4),
        ("Exhibit B: Recruitment contract", 6), ("Late document", 11)]
    assert plan_packet(found, "demo-ev", front=[("Cover letter", letter), ("Form X", form)],
                       back=[("Late document", late)]).layout == replace(info, path=None)


def make_form(path: Path, value: str) -> Path:
    """A one-page fictional PDF form whose text field has the same name in every file made here."""
    pdf = canvas.Canvas(str(path), pagesize=letter)
    pdf.drawString(72, 720, "Fictional form")
    pdf.acroForm.textfield(name="applicant", value=value, x=72, y=650, width=200, height=20)
    pdf.showPage()
    pdf.save()
    return path


def test_filled_forms_keep_their_fields_and_same_names_stay_apart(tmp_path) -> None:
    """Two forms whose fields share a name (as the I-914 and the I-765 share form1[0]) keep both values: the
    second field is renamed, not merged into the first, and every widget belongs to a field of the packet."""
    first = make_form(tmp_path / "first.pdf", "Fictional Alpha")
    second = make_form(tmp_path / "second.pdf", "Fictional Beta")
    out = tmp_path / "packet.pdf"
    build_packet([], "demo-forms", out, front=[("Form 1", first), ("Form 2", second)])
    reader = PdfReader(str(out))
    fields = reader.get_fields() or {}
    assert sorted(str(f.get("/V")) for f in fields.values()) == ["Fictional Alpha", "Fictional Beta"]
    assert len(fields) == 2 and "applicant" in fields
    roots = {f.idnum for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]}
    for page in reader.pages:
        for annot in page["/Annots"]:
            node = annot
            while "/Parent" in node.get_object():
                node = node.get_object()["/Parent"]
            assert node.idnum in roots
    acro = reader.trailer["/Root"]["/AcroForm"]
    assert acro["/DA"].split()[0] in acro["/DR"]["/Font"]  # the font viewers redraw the values with is there


def test_stamp_is_bottom_right_also_on_rotated_pages(tmp_path) -> None:
    _evidence_folder(tmp_path)
    out = tmp_path / "packet.pdf"
    build_packet(exhibits(_case(), tmp_path), "demo-ev", out)
    reader = PdfReader(str(out))
    for index, page in enumerate(reader.pages):
        width = float(page.mediabox.width)
        x, y, label = stamp_position(page)
        assert label == bates("demo-ev", index + 1)
        assert width * 0.6 < x < width - 20 and 0 < y < 30, (index, x, y)
        assert int(page.get("/Rotate", 0)) % 360 == 0          # rotation moved into the content
    sideways = reader.pages[10]
    assert float(sideways.mediabox.width) > float(sideways.mediabox.height)  # shown landscape, as in the source


def test_pages_that_inherit_resources_and_rotation_keep_them(tmp_path) -> None:
    """Some scanners put /Resources, /MediaBox and /Rotate on the page tree, not on each page: the copied pages
    keep their text and are shown turned as in the source, with the stamp bottom right as shown."""
    import pikepdf

    path = make_pdf(tmp_path / "scan.pdf", 2, "Fictional scanned")
    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        pdf.Root.Pages.Resources = pdf.pages[0].obj.Resources
        pdf.Root.Pages.MediaBox = pdf.pages[0].obj.MediaBox
        pdf.Root.Pages.Rotate = 90
        for page in pdf.pages:
            for key in ("/Resources", "/MediaBox", "/Rotate"):
                if key in page.obj:
                    del page.obj[key]
        pdf.save(path)
    case = parse_case({"case_id": "demo-scan", "evidence": [{"id": "e1", "file": "scan.pdf"}]})
    out = tmp_path / "packet.pdf"
    build_packet(exhibits(case, tmp_path), "demo-scan", out)
    reader = PdfReader(str(out))
    for index in (1, 2):
        page = reader.pages[index]
        assert f"Fictional scanned page {index}" in page_text(reader, index)
        assert float(page.mediabox.width) > float(page.mediabox.height)
        x, y, label = stamp_position(page)
        assert label == bates("demo-scan", index + 1) and x > float(page.mediabox.width) * 0.6 and y < 30


def test_order_start_number_and_paper(tmp_path) -> None:
    _evidence_folder(tmp_path)
    found = exhibits(_case(), tmp_path, order=["e3", "e1"])
    assert [(e.id, e.letter) for e in found] == [("e3", "A"), ("e1", "B")]
    out = tmp_path / "packet.pdf"
    info = build_packet(found, "demo-ev", out, start_number=101, paper="a4")
    reader = PdfReader(str(out))
    assert info.first == "DEMO-EV-000101" and info.last == "DEMO-EV-000107"
    assert BATES.search(page_text(reader, 6)).group(1) == "DEMO-EV-000107"
    assert "Exhibit A" in page_text(reader, 0) and "Handwritten note" in page_text(reader, 0)
    assert round(float(reader.pages[1].mediabox.width)) == 595       # the image page is A4


@pytest.mark.skipif(not any(Path(p).exists() for p in FONT_CANDIDATES),
                    reason="no DejaVu Sans font installed for non-Latin cover text")
def test_cover_keeps_non_latin_descriptions(tmp_path) -> None:
    """A Bulgarian description (bg-compensation example) is readable on the cover, not replaced by boxes."""
    make_pdf(tmp_path / "judgment.pdf", 1, "Fictional judgment")
    case = parse_case({"case_id": "demo-bg", "evidence": [
        {"id": "b1", "description": "Окончателно решение (fictional)", "file": "judgment.pdf"}]})
    out = tmp_path / "packet.pdf"
    build_packet(exhibits(case, tmp_path), "demo-bg", out)
    assert "Окончателно решение" in page_text(PdfReader(str(out)), 0)


def flat(text: str) -> str:
    """Page text with its line breaks (wrapped cover lines) as single spaces."""
    return " ".join(text.split())


def test_cover_wording_is_complete_in_every_language() -> None:
    """Every language of words/*.yml ``exhibit_cover`` has every English key with the same placeholders (a
    missing one would fail mid-build), and a language without an entry gets the English wording."""
    from string import Formatter

    from docassemble.SurvivorRelief.documents import load_labels

    table = load_labels()["exhibit_cover"]
    assert {"en", "nl", "de", "fr", "bg"} <= set(table)

    def fields(value):
        texts = value if isinstance(value, list) else [value]
        return {name for text in texts for _lit, name, _spec, _conv in Formatter().parse(text) if name}

    for language, words in table.items():
        assert set(words) == set(table["en"]), language
        for key, value in words.items():
            assert fields(value) == fields(table["en"][key]), (language, key)
        assert len(words["page"]) == 2, language
    assert cover_words("xx") == table["en"] and cover_words("nl-BE") == table["nl"]


@pytest.mark.parametrize("language,heading,pages,translation", [
    ("en", "Exhibit", "Pages DEMO-EV-000002 to DEMO-EV-000005 (4 pages after this cover)",
     "Translation follows the original: pages DEMO-EV-000005 to DEMO-EV-000005"),
    ("nl", "Bijlage", "Pagina's DEMO-EV-000002 tot en met DEMO-EV-000005 (4 pagina's na dit voorblad)",
     "De vertaling volgt op het origineel: pagina's DEMO-EV-000005 tot en met DEMO-EV-000005"),
    ("de", "Anlage", "Seiten DEMO-EV-000002 bis DEMO-EV-000005 (4 Seiten nach diesem Deckblatt)",
     "Die Übersetzung folgt auf das Original: Seiten DEMO-EV-000005 bis DEMO-EV-000005"),
    ("fr", "Annexe", "Pages DEMO-EV-000002 à DEMO-EV-000005 (4 pages après cette page de garde)",
     "La traduction suit l'original : pages DEMO-EV-000005 à DEMO-EV-000005"),
])
def test_covers_in_the_authoritys_language(tmp_path, language, heading, pages, translation) -> None:
    """The covers and outline speak the packet's language, with the exhibit word the letters to that authority
    use (templates/*/*.{nl,de,fr}.docx: Bijlage, Anlage, Annexe); letters and Bates numbers are unchanged."""
    _evidence_folder(tmp_path)
    out = tmp_path / "packet.pdf"
    info = build_packet(exhibits(_case(), tmp_path), "demo-ev", out, language=language)
    reader = PdfReader(str(out))
    texts = [page_text(reader, i).replace("\xa0", " ") for i in range(len(reader.pages))]
    for n, text in enumerate(texts, start=1):
        assert BATES.search(text).group(1) == bates("demo-ev", n)
    cover = flat(texts[0])
    assert cover.startswith(f"{heading} A ") and "Recruitment contract" in cover
    assert pages in cover and translation in cover
    singular = flat(texts[5])   # the photo: one page after its cover
    assert singular.startswith(f"{heading} B ") and f"(1 {cover_words(language)['page'][0]} " in singular
    assert [rng.label for rng in info.exhibits] == ["A", "B", "C", "D"]
    assert [o.title.replace("\xa0", " ").split(" ")[0] for o in reader.outline] == [heading] * 4
    if language != "en":
        assert "Exhibit" not in " ".join(texts)


@pytest.mark.skipif(not any(Path(p).exists() for p in FONT_CANDIDATES),
                    reason="no DejaVu Sans font installed for non-Latin cover text")
def test_bulgarian_covers_render_and_letters_run_past_z(tmp_path) -> None:
    """Bulgarian covers (the word the Bulgarian letters cite exhibits by, "Приложение") are drawn in DejaVu Sans
    and read back as text; the exhibit letters stay Latin A ... Z, AA, AB, as the letters print them."""
    make_pdf(tmp_path / "page.pdf", 1, "Fictional record")
    case = parse_case({"case_id": "demo-bg", "evidence": [
        {"id": f"b{n}", "description": f"Record {n}", "file": "page.pdf"} for n in range(1, 29)]})
    out = tmp_path / "packet.pdf"
    info = build_packet(exhibits(case, tmp_path), "demo-bg", out, language="bg")
    reader = PdfReader(str(out))
    assert len(reader.pages) == info.pages == 56
    texts = [page_text(reader, i) for i in range(len(reader.pages))]
    for n, text in enumerate(texts, start=1):
        assert BATES.search(text).group(1) == bates("demo-bg", n)
    first, last = flat(texts[0]), flat(texts[54])
    assert first.startswith("Приложение A Record 1 Страници от") and "b1" not in first
    assert "Страници от DEMO-BG-000002 до DEMO-BG-000002 (1 страница след тази заглавна страница)" in first
    assert last.startswith("Приложение AB Record 28") and "Страници от DEMO-BG-000056 до DEMO-BG-000056" in last
    assert [r.label for r in info.exhibits][25:] == ["Z", "AA", "AB"]
    assert reader.outline[26].title == "Приложение AA: Record 27"
    fonts = reader.pages[0]["/Resources"]["/Font"]
    assert any("DejaVu" in str(f.get_object()["/BaseFont"]) for f in fonts.values())


def test_order_names_unknown_duplicate_and_fileless_evidence(tmp_path) -> None:
    _evidence_folder(tmp_path)
    with pytest.raises(InputError) as err:
        exhibits(_case(), tmp_path, order=["e1", "e9", "e1", "e4"])
    assert [str(p) for p in err.value.problems] == [
        "order[1]: no evidence with id 'e9'", "order[2]: e1: listed twice", "evidence[3].file: e4: no file given"]


def test_bad_files_all_reported_and_nothing_written(tmp_path) -> None:
    folder = tmp_path / "evidence"
    folder.mkdir()
    make_pdf(folder / "ok.pdf", 1, "Fine")
    (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + b"\x00garbage" * 50)
    make_pdf(folder / "locked.pdf", 1, "Locked")
    locked = PdfWriter(clone_from=str(folder / "locked.pdf"))
    locked.encrypt(user_password="secret", owner_password="owner")
    locked.write(str(folder / "locked.pdf"))
    (folder / "notes.txt").write_text("plain text", encoding="utf-8")
    (folder / "fake.jpg").write_bytes(b"not really a jpeg")
    case = parse_case({"case_id": "demo-bad", "survivor": {"name": {"first": "Zorina", "last": "Fictitia"}},
                       "evidence": [
                           {"id": "e1", "file": "evidence/ok.pdf", "translation_file": "evidence/zorina-en.pdf"},
                           {"id": "e2", "file": "evidence/zorina-fictitia-passport.pdf"},
                           {"id": "e3", "file": "evidence/broken.pdf"},
                           {"id": "e4", "file": "evidence/locked.pdf"},
                           {"id": "e5", "file": "evidence/notes.txt"},
                           {"id": "e6", "file": "evidence/fake.jpg"}]})
    out = tmp_path / "out" / "packet.pdf"
    with pytest.raises(InputError) as err:
        build_packet(exhibits(case, tmp_path), "demo-bad", out)
    problems = [str(p) for p in err.value.problems]
    assert problems == [
        "evidence[0].translation_file: e1: file not found",
        "evidence[1].file: e2: file not found",
        "evidence[2].file: e3: corrupt PDF (cannot be read)",
        "evidence[3].file: e4: encrypted with a password: give an unencrypted copy",
        "evidence[4].file: e5: unsupported file type (.txt): use PDF, JPEG or PNG",
        "evidence[5].file: e6: corrupt JPEG file (not a valid .jpg file)",
    ]
    assert "zorina" not in " ".join(problems).lower()
    assert not out.parent.exists()


def test_owner_password_only_pdf_is_accepted(tmp_path) -> None:
    """A PDF with only an owner password (empty user password) opens, so it can be an exhibit."""
    path = make_pdf(tmp_path / "restricted.pdf", 2, "Restricted")
    writer = PdfWriter(clone_from=str(path))
    writer.encrypt(user_password="", owner_password="owner-only")
    writer.write(str(path))
    case = parse_case({"case_id": "demo-own", "evidence": [{"id": "e1", "file": "restricted.pdf"}]})
    out = tmp_path / "packet.pdf"
    info = build_packet(exhibits(case, tmp_path), "demo-own", out)
    assert info.pages == 3
    assert "Restricted page 2" in page_text(PdfReader(str(out)), 2)


def test_bad_filed_documents_leave_an_existing_packet_untouched(tmp_path) -> None:
    path = make_pdf(tmp_path / "a.pdf", 1, "A")
    case = parse_case({"case_id": "demo-x", "evidence": [{"id": "e1", "file": "a.pdf"}]})
    out = tmp_path / "packet.pdf"
    out.write_bytes(b"previous packet")
    with pytest.raises(InputError) as err:
        build_packet(exhibits(case, tmp_path), "demo-x", out, front=[("Form I-914", tmp_path / "missing.pdf")],
                     back=[("Photo", tmp_path / "a.png"), ("Exhibit as document", path)])
    assert [str(p) for p in err.value.problems] == ["front[0]: Form I-914: file not found",
                                                    "back[0]: Photo: file not found"]
    assert out.read_bytes() == b"previous packet"
    assert sorted(p.name for p in tmp_path.iterdir()) == [path.name, "packet.pdf"]


def test_hundred_page_exhibit_packet_is_fast(tmp_path) -> None:
    """100 exhibit pages (generated here, not committed) are validated, merged and stamped in under 2 s."""
    make_pdf(tmp_path / "long.pdf", 100, "Fictional long record " + "x" * 60)
    case = parse_case({"case_id": "demo-speed", "evidence": [{"id": "e1", "file": "long.pdf"}]})
    out = tmp_path / "packet.pdf"
    started = time.perf_counter()
    info = build_packet(exhibits(case, tmp_path), "demo-speed", out)
    elapsed = time.perf_counter() - started
    print(f"100-page packet: {elapsed:.3f} s")
    assert info.pages == 101
    assert BATES.search(page_text(PdfReader(str(out)), 100)).group(1) == "DEMO-SPEED-000101"
    assert elapsed < 2.0, f"{elapsed:.2f} s"


def test_example_evidence_files_exist_and_are_small(tmp_path) -> None:
    """Every file the example cases name exists (made by examples/make_evidence.py) and builds into a packet."""
    case_files = sorted((REPO / "examples").glob("*.case.yml"))
    assert case_files
    for case_file in case_files:
        case = parse_case(yaml.safe_load(case_file.read_text(encoding="utf-8")))
        found = exhibits(case, case_file.parent)
        assert len(found) == sum(1 for e in case.evidence if e.file)
        for item in found:
            for part in (item.file, item.translation):
                if part:
                    assert part.path.stat().st_size < 50_000, part.path.name
                    if part.kind == "pdf":
                        assert "FICTIONAL EXAMPLE" in PdfReader(str(part.path)).pages[0].extract_text()
        out = tmp_path / f"{case.case_id}.pdf"
        info = build_packet(found, case.case_id, out)
        assert len(PdfReader(str(out)).pages) == info.pages == sum(e.pages + 1 for e in found)
