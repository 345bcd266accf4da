"""Worksheets for the official forms filled in by hand (G-28, I-914 Supplements A and B), read back from the DOCX.

The item numbers asserted here are the ones confirmed for the editions followed (templates/us/worksheets/*.yml,
``source``): Supplement A Parts 1-2 and Part 3 item 1 (USCIS text, OMB 1615-0099, 07/08/2024), Supplement B
Part 1 items 1-6 (USCIS table of changes, 07/08/2024); the G-28's are not confirmed, so it has none.
Supplement B's law (optional, any agency, no prosecution needed, USCIS decides): legal-facts.md A3 "I-914 Supp. B".
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
from docx import Document
from docx.shared import Pt

from docassemble.SurvivorRelief.assembly import assemble_case
from docassemble.SurvivorRelief.cases import load_case
from docassemble.SurvivorRelief.documents import RESPONSE_DAYS, docx_text
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.worksheets import load_sheet

from .helpers import EXAMPLES, SHARED, internal_markers

TX = EXAMPLES / "tx-labor-adult.case.yml"


def _case(**changes: Any) -> Any:
    """The Texas example, with ``changes`` applied as ``dotted.path=value`` assignments."""
    case = load_case(TX).model_copy(deep=True)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = case
        for name in parents:
            target = target[int(name)] if name.isdigit() else getattr(target, name)
        setattr(target, last, value)
    return case


def _run(tmp_path: Path, case: Any, redact: bool = False) -> tuple[Any, Path]:
    out = tmp_path / "out"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVIVORRELIEF_FORMS_DIR", str(SHARED / "forms" / "uscis"))
        manifest = assemble_case(case, EXAMPLES, out, remedies=["us.t_visa"], redact=redact, packs=load_packs())
    return manifest, out


def _files(manifest: Any, out: Path, name: str) -> list[Path]:
    return sorted(out / f.path for f in manifest.files if f.name == name and f.kind == "document")


def _rows(path: Path) -> list[tuple[str, str, str, str]]:
    """(part heading, item, label, answer) of every item row of a worksheet."""
    doc = Document(str(path))
    parts = [p.text for p in doc.paragraphs if p.runs and p.runs[0].font.size == Pt(12)]
    rows = []
    for heading, table in zip(parts, doc.tables, strict=True):
        for row in table.rows[1:]:
            cells = [c.text for c in row.cells]
            rows.append((heading, cells[0], cells[1], cells[2]))
    return rows


@pytest.fixture(scope="module")
def full(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    """A full fictional case: every value the case file can hold for these forms is given."""
    case = _case(survivor__a_number="A012345678", survivor__ssn="000-00-0000", survivor__name__middle="José",
                 survivor__contact__safe_to_call=True, survivor__contact__email="mateo@example.org")
    case.representative.uscis_account_number = "000000000000"
    case.family[0].name.middle = "María"
    for member in case.family:
        member.country_of_birth = "GT"
    case.law_enforcement.contacts[0].phone = "+1 713 555 0170"
    return _run(tmp_path_factory.mktemp("full"), case, redact=True)


def test_one_worksheet_per_form_and_person(full: tuple[Any, Path]) -> None:
    """A G-28 worksheet (files_g28), one Supplement A per eligible family member (the spouse and the child, not
    the parent, whom screening finds ineligible), one Supplement B sheet per law-enforcement contact."""
    manifest, out = full
    assert len(_files(manifest, out, "g-28-worksheet")) == 1
    sup_a = _files(manifest, out, "supplement-a-worksheet")
    names = [docx_text(p) for p in sup_a]
    assert len(sup_a) == 2 and "Lucia" in names[0] and "Sami" in names[1]
    assert not any("Rosa" in text for text in names)
    assert len(_files(manifest, out, "supplement-b-worksheet")) == len(load_case(TX).law_enforcement.contacts) == 1
    assert all(p.parent.name == "preparer" for p in _files(manifest, out, "g-28-worksheet") + sup_a)
    assert _files(manifest, out, "supplement-b-worksheet")[0].parent.name == "letters"


def test_every_item_the_case_can_answer_is_answered(full: tuple[Any, Path]) -> None:
    """Only items whose value the case file cannot hold stay "not in the case file"; each blank says why."""
    manifest, out = full
    for name, form in (("g-28-worksheet", "g-28"), ("supplement-a-worksheet", "i-914a"),
                       ("supplement-b-worksheet", "i-914b")):
        sheet = load_sheet(form)
        no_value = {i.label for p in sheet.parts for i in p.items if i.value is None}
        for path in _files(manifest, out, name):
            rows = _rows(path)
            assert len(rows) == sum(len(p.items) for p in sheet.parts)
            for _part, _item, label, answer in rows:
                assert answer.strip(), label
                if "not in the case file" in answer:
                    assert label in no_value or label == "Marital Status", label
    g28: dict[str, str] = {}
    for _p, _i, label, answer in _rows(_files(manifest, out, "g-28-worksheet")[0]):
        g28.setdefault(label, answer)      # the representative's items come before the client's
    assert g28["USCIS Online Account Number (if any)"] == "000000000000"
    assert g28["Bar Number (if applicable)"] == "TX-00000000"
    assert g28["Alien Registration Number (A-Number) or Receipt Number"] == "012345678"
    assert g28["Mailing Address: Street Number and Name"] == "500 Sample Street"
    assert g28["Daytime Telephone Number"] == "7135550199"
    spouse = _rows(_files(manifest, out, "supplement-a-worksheet")[0])
    assert ("Part 1. Family Member For Whom You Are Filing", "1") == spouse[0][:2] and spouse[0][3].startswith("Spouse")
    assert [r[3] for r in spouse if r[0].startswith("Part 3") and r[1] == "1"] == ["Ejemplo", "Lucia", "María"]


def test_items_carry_only_the_confirmed_numbers(full: tuple[Any, Path]) -> None:
    manifest, out = full
    sup_a = _rows(_files(manifest, out, "supplement-a-worksheet")[0])
    numbered = {(part.split(".")[0], item) for part, item, _l, _a in sup_a if item}
    assert numbered == {("Part 1", "1"), ("Part 1", "2"), ("Part 2", "1"), ("Part 2", "2"), ("Part 2", "3"),
                        ("Part 2", "4"), ("Part 3", "1")}
    sup_b = _rows(_files(manifest, out, "supplement-b-worksheet")[0])
    assert sorted({item for part, item, _l, _a in sup_b if item}) == ["1", "2", "3", "4", "5", "6"]
    assert {part for part, item, _l, _a in sup_b if item} == {"Part 1. Victim Information"}
    assert not any(item for _p, item, _l, _a in _rows(_files(manifest, out, "g-28-worksheet")[0]))


def test_supplement_b_sheet_and_letter_for_the_officer(full: tuple[Any, Path]) -> None:
    """The letter: the facts (who, case number, dates of contact and requests, what the survivor did), the law in
    plain words, a reply date RESPONSE_DAYS after the letter; the enclosed sheet never gives the SSN, and the
    --redact copies leave out the date of birth and A-Number. Nothing internal in either."""
    manifest, out = full
    letter = docx_text(_files(manifest, out, "supplement-b-request")[0])
    sheet = docx_text(_files(manifest, out, "supplement-b-worksheet")[0])
    due = load_case(TX).today + dt.timedelta(days=RESPONSE_DAYS)
    assert f"Reply requested by: {due:%B} {due.day}, {due.year}" in letter
    for fact in ("Your case number: HSI-EX-0001", "since January 15, 2020", "February 1, 2020: interview",
                 "(Mateo José Ejemplo complied)", "born March 15, 1994"):
        assert fact in letter
    for law in ("Supplement B is optional evidence", "federal, state, tribal or local law-enforcement agency",
                "formal investigation or prosecution is not required", "USCIS, not your agency, decides"):
        assert law in letter
    assert "Information for Form I-914, Supplement B" in letter
    assert "03/15/1994" in sheet and "012345678" in sheet and "000-00-0000" not in sheet
    redacted = {f.path: docx_text(out / f.path) for f in manifest.files if f.kind == "redacted"}
    assert len(redacted) == 2
    for text in redacted.values():
        assert "1994" not in text and "012345678" not in text and "000-00-0000" not in text
    for text in (letter, sheet, *redacted.values()):
        assert internal_markers(text) == []


def test_enclosures_name_the_official_forms(full: tuple[Any, Path], tmp_path: Path) -> None:
    manifest, out = full
    cover = docx_text(next(out / f.path for f in manifest.files if f.name == "cover-letter" and f.kind == "document"))
    for title in ("Form G-28, Notice of Entry of Appearance as Attorney or Accredited Representative",
                  "Form I-914, Supplement A, Application for Derivative T Nonimmigrant Status, for Lucia María "
                  "Ejemplo (T-2)",
                  "Form I-914, Supplement A, Application for Derivative T Nonimmigrant Status, for Sami Ejemplo (T-3)",
                  "Form I-914, Supplement B, Declaration for Trafficking Victim, from HSI Houston (requested; to be "
                  "submitted on receipt)"):
        assert title in cover
    assert "Rosa" not in cover
    memo = docx_text(_files(manifest, out, "preparer-memo")[0])
    assert "Official forms completed by hand from the worksheets" in memo
    assert "Signed by the representative, the applicant (survivor)" in memo
    assert "Signed by the certifying law-enforcement official" in memo
    # Without a G-28 and with Supplement B signed: no G-28 worksheet or enclosure; Supplement B enclosed as signed.
    case = _case(law_enforcement__supplement_b="signed")
    case.representative.files_g28 = False
    manifest, out = _run(tmp_path, case)
    assert _files(manifest, out, "g-28-worksheet") == []
    cover = docx_text(next(out / f.path for f in manifest.files if f.name == "cover-letter" and f.kind == "document"))
    assert "Form G-28" not in cover
    assert "Form I-914, Supplement B, Declaration for Trafficking Victim, signed by HSI Houston" in cover


def test_supplement_a_statement_matches_its_worksheet(full: tuple[Any, Path]) -> None:
    """The filed statement for each family member names the same person and category as the worksheet (same n)."""
    manifest, out = full
    for statement, sheet in zip(_files(manifest, out, "supplement-a-statement"),
                                _files(manifest, out, "supplement-a-worksheet"), strict=True):
        given = next(r[3] for r in _rows(sheet)
                     if r[0].startswith("Part 3") and r[2].endswith("Given Name (First Name)"))
        text, header = docx_text(statement), docx_text(sheet).splitlines()[1]
        derivative = header.rsplit("(", 1)[1].rstrip(")")
        assert given in text and f"({derivative})" in text
