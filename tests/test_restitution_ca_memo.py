"""The Penal Code 1202.4 restitution memorandum (templates/us-ca/restitution_1202_4_memo.docx): addressed to the
deputy district attorney and probation, captioned from the case, with the week-by-week table, the law cited
plainly and no preparer's codes in the text (legal-review-2 A2 and section C). Fictional case."""

from __future__ import annotations

from pathlib import Path

from docassemble.SurvivorRelief.cases import parse_case
from docassemble.SurvivorRelief.documents import TEMPLATES_DIR, DocSpec, context, docx_text, gather, render
from docassemble.SurvivorRelief.packs import Packs, Remedy, load_packs

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


def _packs_with_remedy() -> Packs:
    """The packs, with a minimal stand-in for the remedy when the us-ca pack does not define it yet."""
    if REMEDY in PACKS.get("us-ca").remedies:
        return PACKS
    source = {"cite": "Cal. Penal Code 1202.4(f)", "confidence": "V", "checked": "2026-12-06"}
    stand_in = Remedy.model_validate({
        "name": "California victim restitution (Penal Code 1202.4)", "kind": "restitution",
        "summary": "Restitution in a California state prosecution.", "sources": [source],
        "elements": [{"id": "trafficking_in_state", "label": "Trafficking in California", "check": "trafficking_in",
                      "params": {"jurisdictions": ["us-ca"]}, "sources": [source]}]})
    ca = PACKS.get("us-ca")
    packs = {jid: PACKS.get(jid) for jid in PACKS.ids()}
    packs["us-ca"] = ca.model_copy(update={"remedies": {**ca.remedies, REMEDY: stand_in}})
    return Packs(packs, PACKS.files)


def test_memo_caption_addressees_figures_and_no_preparer_codes(tmp_path: Path) -> None:
    """Penal Code 1202.4(f), (q); Labor Code 510(a): 12 weeks of 66 h over 6 days (11 h a day): $948.00 a week at
    $12 (66 x 12 + 26 x 6), $1,000.67 in the week of 1 Jan 2020, $1,027.00 at $13; wage-law value 11,981.67,
    $300 a week credited, 8,381.67 unpaid > income 4,000.00; plus 640.00 = 9,021.67."""
    facts = gather(parse_case(CASE), _packs_with_remedy())
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
