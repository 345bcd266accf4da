"""The Penal Code 1202.4 restitution memorandum (templates/us-ca/restitution_1202_4_memo.docx): addressed to the
deputy district attorney and probation, captioned from the case, with the week-by-week table, the law cited
plainly and no preparer's codes in the text (legal-review-2 A2 and section C). Fictional case."""

from __future__ import annotations

from pathlib import Path

import yaml

from docassemble.SurvivorRelief.assembly import assemble
from docassemble.SurvivorRelief.cases import load_case, parse_case
from docassemble.SurvivorRelief.documents import (
    TEMPLATES_DIR,
    DocSpec,
    context,
    docx_text,
    gather,
    load_catalogue,
    render,
)
from docassemble.SurvivorRelief.packs import load_packs

from .helpers import EXAMPLES

REMEDY = "us-ca.restitution_1202_4"
PACKS = load_packs()
CASE = {
    "case_id": "test-ca-memo", "as_of": "2026-06-01", "jurisdictions": ["us", "us-ca"],
    "survivor": {"name": {"first": "Dana", "last": "Example"}, "pronouns": "they/them"},
    "trafficking": [{"form": "labor", "start": "2019-12-02", "end": "2020-02-23", "jurisdiction": "us-ca",
                     "traffickers": [{"name": "Example Packing LLC", "kind": "business"}],
                     "work": {"hours_per_week": "66", "days_per_week": 6,
                              "wages_paid_per_week": {"amount": "300", "currency": "USD"},
                              "defendant_gross_income": {"amount": "4000", "currency": "USD"}}}],
    "law_enforcement": {"reported": True, "criminal_case": {
        "status": "convicted", "forum": "state", "court": "Superior Court of California, County of Fresno (example)",
        "case_number": "F-EX-20-0001"}},
    "losses": [{"kind": "medical", "amount": {"amount": "640.00", "currency": "USD"}, "description": "Clinic visit"}],
    "representative": {"name": "Robin Example", "organization": "Valley Example Legal Aid"},
}


SPEC = DocSpec(name="restitution-memo", title="Victim restitution memorandum (Penal Code 1202.4)",
               template="us-ca/restitution_1202_4_memo.docx", output="{case_id}-{remedy}-restitution-memo.docx",
               recipient="third_party", cites=["remedy", "restitution_1202_4"])


def test_memo_caption_addressees_figures_and_no_preparer_codes(tmp_path: Path) -> None:
    """Penal Code 1202.4(f), (q); Labor Code 510(a): 12 weeks of 66 h over 6 days (11 h a day): $948.00 a week at
    $12 (66 x 12 + 26 x 6), $1,000.67 in the week of 1 Jan 2020, $1,027.00 at $13; wage-law value 11,981.67,
    $300 a week credited, 8,381.67 unpaid > income 4,000.00; plus 640.00 = 9,021.67."""
    facts = gather(parse_case(CASE), PACKS)
    spec = SPEC
    out = tmp_path / "memo.docx"
    render(TEMPLATES_DIR / spec.template, context(facts, REMEDY, spec), out)
    text = docx_text(out)
    for expected in ("Superior Court of California, County of Fresno (example)", "Case No. F-EX-20-0001",
                     "THE PEOPLE OF THE STATE OF CALIFORNIA", "Example Packing LLC", "Deputy District Attorney",
                     "Probation", "Penal Code section 1202.4", "Labor Code section 510", "$11,981.67", "$8,381.67",
                     "$4,000.00", "$9,021.67", "$1,000.67", "$12.6667", "12 workweeks"):
        assert expected in text, expected
    for internal in ("UNVERIFIED", "[S]", "[V]", "confidence", "trafficking[", "needs_information"):
        assert internal not in text, internal


def test_catalogue_registers_the_memo_for_the_remedy() -> None:
    """templates/documents.yml: the remedy's first document is this memorandum, with the spec the tests render."""
    spec = load_catalogue().for_remedy(REMEDY).documents[0]
    assert (spec.template, spec.recipient, spec.cites) == (SPEC.template, SPEC.recipient, SPEC.cites)


def test_assemble_produces_the_memo(tmp_path: Path) -> None:
    """`survivorrelief assemble --remedy us-ca.restitution_1202_4` writes the memorandum with the total."""
    case_path = tmp_path / "case.case.yml"
    case_path.write_text(yaml.safe_dump(CASE), encoding="utf-8")
    manifest = assemble(case_path, tmp_path / "out", remedies=[REMEDY])
    memo = [f.path for f in manifest.files if f.path.endswith("restitution-memo.docx")]
    assert memo and "$9,021.67" in docx_text(tmp_path / "out" / memo[0])


def test_memo_for_trafficking_into_the_sex_industry_measures_by_income(tmp_path: Path) -> None:
    """Penal Code 1202.4; H.B. v. Superior Court (2023) 97 Cal.App.5th 341: examples/ca-minor-sex-industry (state
    forum) is valued by the defendant's income 48,000.00 + losses 3,600.00 + 2,150.00 = 53,750.00; no wage-law
    table or minimum-wage paragraphs."""
    facts = gather(load_case(EXAMPLES / "ca-minor-sex-industry.case.yml"), PACKS)
    out = tmp_path / "memo.docx"
    render(TEMPLATES_DIR / SPEC.template, context(facts, REMEDY, SPEC), out)
    text = docx_text(out)
    assert "$53,750.00" in text and "$48,000.00" in text and "H.B. v. Superior Court" in text
    assert "Week by week" not in text and "Labor Code section 510" not in text and "week by week" not in text
    assert "prostitut" not in text.lower()
