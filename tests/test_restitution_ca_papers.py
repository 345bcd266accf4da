"""The Penal Code 1202.4 victim loss statement (templates/us-ca/restitution_1202_4_loss_statement.docx) and its
computation schedule (restitution_1202_4_computation.docx) for a labor case: addressed to the deputy district
attorney and probation, captioned from the case, the week-by-week table in the schedule, the law cited plainly and
no preparer's codes in the text (legal-review-2 A2 and section C). Fictional case."""

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


SPEC = DocSpec(name="loss-statement", title="Victim loss statement (Penal Code 1202.4)",
               template="us-ca/restitution_1202_4_loss_statement.docx", output="{case_id}-{remedy}-loss-statement.docx",
               recipient="third_party", cites=["remedy", "restitution_1202_4"])
SCHEDULE = DocSpec(name="computation", title="Schedule 1 (Penal Code 1202.4)",
                   template="us-ca/restitution_1202_4_computation.docx", output="{case_id}-{remedy}-computation.docx",
                   recipient="third_party", cites=["restitution_1202_4"])


def test_statement_and_schedule_caption_figures_and_no_preparer_codes(tmp_path: Path) -> None:
    """Penal Code 1202.4(f), (q); Labor Code 510(a): 12 weeks of 66 h over 6 days (11 h a day): $948.00 a week at
    $12 (66 x 12 + 26 x 6), $1,000.67 in the week of 1 Jan 2020, $1,027.00 at $13; wage-law value 11,981.67,
    $300 a week credited, 8,381.67 unpaid > income 4,000.00; plus 640.00 = 9,021.67."""
    facts = gather(parse_case(CASE), PACKS)
    texts = []
    for spec in (SPEC, SCHEDULE):
        out = tmp_path / f"{spec.name}.docx"
        render(TEMPLATES_DIR / spec.template, context(facts, REMEDY, spec), out)
        texts.append(docx_text(out))
    statement, schedule = texts
    for expected in ("Superior Court of California, County of Fresno (example)", "Case No. F-EX-20-0001",
                     "THE PEOPLE OF THE STATE OF CALIFORNIA", "Example Packing LLC", "Deputy District Attorney",
                     "Probation", "Penal Code section 1202.4", "Labor Code section 510", "$11,981.67", "$8,381.67",
                     "$4,000.00", "$9,021.67", "12 workweeks"):
        assert expected in statement, expected
    for expected in ("Labor Code section 510", "$11,981.67", "$8,381.67", "$4,000.00", "$9,021.67", "$1,000.67",
                     "$12.6667", "12 workweeks", "Value under the wage law"):
        assert expected in schedule, expected
    for internal in ("UNVERIFIED", "[S]", "[V]", "confidence", "trafficking[", "needs_information"):
        assert internal not in statement + schedule, internal


def test_catalogue_registers_the_set_for_the_remedy() -> None:
    """templates/documents.yml: the remedy's loss statement, declaration and schedule, with the specs the tests
    render."""
    specs = load_catalogue().for_remedy(REMEDY).documents
    assert [s.name for s in specs[:3]] == ["loss-statement", "declaration-of-losses", "computation"]
    for spec, mine in ((specs[0], SPEC), (specs[2], SCHEDULE)):
        assert (spec.template, spec.recipient, spec.cites) == (mine.template, mine.recipient, mine.cites)


def test_assemble_produces_the_statement(tmp_path: Path) -> None:
    """`survivorrelief assemble --remedy us-ca.restitution_1202_4` writes the loss statement with the total."""
    case_path = tmp_path / "case.case.yml"
    case_path.write_text(yaml.safe_dump(CASE), encoding="utf-8")
    manifest = assemble(case_path, tmp_path / "out", remedies=[REMEDY])
    memo = [f.path for f in manifest.files if f.path.endswith("loss-statement.docx")]
    assert memo and "$9,021.67" in docx_text(tmp_path / "out" / memo[0])


def test_statement_for_trafficking_into_the_sex_industry_measures_by_income(tmp_path: Path) -> None:
    """Penal Code 1202.4; H.B. v. Superior Court (2023) 97 Cal.App.5th 341: examples/ca-minor-sex-industry (state
    forum) is valued by the defendant's income 48,000.00 + losses 3,600.00 + 2,150.00 = 53,750.00; no wage-law
    table or minimum-wage paragraphs."""
    facts = gather(load_case(EXAMPLES / "ca-minor-sex-industry.case.yml"), PACKS)
    out = tmp_path / "memo.docx"
    render(TEMPLATES_DIR / SPEC.template, context(facts, REMEDY, SPEC), out)
    text = docx_text(out)
    assert "$53,750.00" in text and "$48,000.00" in text and "H.B. v. Superior Court" in text
    assert "Schedule 1 sets out" not in text and "Labor Code section 510" not in text and "week by week" not in text
    assert "prostitut" not in text.lower()
