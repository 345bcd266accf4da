"""A passed filing deadline bars a claim only where the program has no ground for late applications."""

from __future__ import annotations

import datetime as dt

from docassemble.SurvivorRelief.cases import load_case
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.screen import screen
from tests.helpers import EXAMPLES


def _element(result, remedy_id: str, element_id: str):
    remedy = next(r for r in result.remedies if r.id == remedy_id)
    return remedy, next(e for e in remedy.elements if e.id == element_id)


def test_texas_good_cause_keeps_a_late_claim_open_tex_ccp_56b() -> None:
    """Tex. Code Crim. Proc. ch. 56B: 3 years, extended for good cause (fact sheet B1, V)."""
    packs = load_packs()
    case = load_case(EXAMPLES / "tx-labor-adult.case.yml", packs.ids())
    remedy, element = _element(screen(case, packs), "us-tx.cvc", "within_deadline")
    assert element.status == "unknown"
    assert "passed on 2022-12-29" in element.reason and "good cause" in element.reason
    assert remedy.status != "not_eligible"


def test_section_1595_limitation_period_has_no_late_filing_ground_18_usc_1595c() -> None:
    """18 U.S.C. 1595(c): 10 years; the fact sheet states no extension, so a passed period is not met."""
    packs = load_packs()
    case = load_case(EXAMPLES / "tx-labor-adult.case.yml", packs.ids())
    case = case.model_copy(update={"as_of": dt.date(2030, 1, 2)})
    remedy, element = _element(screen(case, packs), "us.civil_1595", "within_deadline")
    assert element.status == "not_met"
    assert remedy.status == "not_eligible"
