"""Screening (rules/checks.py, rules/family.py, rules/screen.py, `survivorrelief screen`).

T visa elements follow 8 CFR 214.202 as the us pack states them; derivative categories follow USCIS
Policy Manual Vol. 3, Pt. B, Ch. 4 through jurisdictions/family/us.t_visa.yml. Ages and codes are read
from that table, not copied into the tests. Every case here is fictional and built from a dict.
"""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

import pytest

from docassemble.SurvivorRelief.cases import parse_case
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.checks import ElementResult, remedy_status
from docassemble.SurvivorRelief.rules.family import load_table
from docassemble.SurvivorRelief.rules.screen import screen

from .helpers import EXAMPLES, REPO, run_cli

PACKS = load_packs()
FIXTURE = load_packs(REPO / "tests" / "fixtures" / "packs-screen")
AS_OF = dt.date(2026, 6, 1)

# An adult trafficked for labor who complied with every request; each test changes what it is about.
BASE: dict[str, Any] = {
    "case_id": "test-screen",
    "as_of": AS_OF.isoformat(),
    "jurisdictions": ["us"],
    "survivor": {
        "date_of_birth": "1990-05-05",
        "citizenship": ["GT"],
        "immigration": {"present_in": "us", "present_on_account_of_trafficking": True},
        "trauma_prevents_cooperation": False,
        "committed_trafficking": False,
    },
    "trafficking": [{"form": "labor", "start": "2019-01-07", "end": "2019-12-29", "jurisdiction": "us",
                     "means": ["fraud", "coercion"]}],
    "law_enforcement": {"reported": True, "report_date": "2020-01-15", "supplement_b": "none",
                        "contacts": [{"agency": "Example Agency", "level": "federal", "date": "2020-01-15",
                                      "requests": [{"date": "2020-02-01", "complied": True}]}]},
    "inadmissibility": [],
    "hardship": ["no trauma care where the person would return"],
}


def make(changes: dict[str, Any] | None = None, base: dict[str, Any] | None = None):
    """A case from BASE with ``changes`` applied at dotted paths (``survivor.date_of_birth``)."""
    data = copy.deepcopy(base or BASE)
    for path, value in (changes or {}).items():
        node = data
        *parents, last = path.split(".")
        for part in parents:
            node = node.setdefault(part, {})
        node[last] = value
    return parse_case(data)


def remedy(case, remedy_id: str, packs=PACKS):
    return next(r for r in screen(case, packs).remedies if r.id == remedy_id)


def element(case, remedy_id: str, element_id: str, packs=PACKS) -> ElementResult:
    return next(e for e in remedy(case, remedy_id, packs).elements if e.id == element_id)


def episode(start: str | None, end: str | None, form: str = "labor", means: list[str] | None = None) -> dict:
    return {"form": form, "start": start, "end": end, "jurisdiction": "us",
            "means": ["fraud"] if means is None else means}


# --- 8 CFR 214.202(c)(1): under 18 at the time of at least one act of trafficking ---------------------

AGE_AT_ACT = [
    pytest.param("2000-06-01", [episode("2018-06-01", "2018-12-01")], "met", None,
                 id="8 CFR 214.202(c)(1): 18th birthday on the day of the first act is 18, not under 18"),
    pytest.param("2000-06-01", [episode("2018-05-31", "2018-12-01")], "exempt", "2018-05-31",
                 id="8 CFR 214.202(c)(1): turns 18 during the episode, so under 18 at an act"),
    pytest.param("2000-06-01", [episode("2018-05-31", None)], "exempt", "2018-05-31",
                 id="8 CFR 214.202(c)(1): 17 at the start of an ongoing episode"),
    pytest.param("2000-02-29", [episode("2018-02-28", "2018-04-01")], "exempt", "2018-02-28",
                 id="8 CFR 214.202(c)(1): born 29 Feb, still 17 on 28 Feb of a common year"),
    pytest.param("2000-02-29", [episode("2018-03-01", "2018-04-01")], "met", None,
                 id="8 CFR 214.202(c)(1): born 29 Feb, 18 on 1 Mar of a common year"),
    pytest.param("2000-02-29", [episode("2016-02-29", "2016-03-01")], "exempt", "2016-02-29",
                 id="8 CFR 214.202(c)(1): born 29 Feb, act on 29 Feb of a leap year at 16"),
    pytest.param("2000-06-01", [episode(None, "2018-05-30")], "exempt", "2018-05-30",
                 id="8 CFR 214.202(c)(1): start unknown but still under 18 on the last day"),
    pytest.param("2000-06-01", [episode("2019-01-01", "2019-02-01"), episode("2016-03-01", "2016-04-01")],
                 "exempt", "2016-03-01", id="8 CFR 214.202(c)(1): an earlier episode as a minor counts"),
    pytest.param("1990-05-05", [episode("2019-01-07", "2019-12-29")], "met", None,
                 id="8 CFR 214.202(c): adult at every act, complied with the requests"),
]


@pytest.mark.parametrize("dob, episodes, expected, act_date", AGE_AT_ACT)
def test_minor_exemption_uses_the_age_at_each_act(dob, episodes, expected, act_date):
    result = element(make({"survivor.date_of_birth": dob, "trafficking": episodes}), "us.t_visa",
                     "compliance_with_reasonable_requests")
    assert result.status == expected, result.reason
    if act_date:
        assert "Under 18 at the time of at least one act of trafficking" in result.reason
        assert act_date in result.reason


def test_start_unknown_and_adult_at_the_end_needs_the_start():
    """8 CFR 214.202(c)(1): with no start date and 18 at the end, the age at the first act is unknown."""
    case = make({"survivor.date_of_birth": "2000-06-01", "trafficking": [episode(None, "2018-07-01")],
                 "law_enforcement": {"contacts": [{"requests": [{"complied": False}]}]}})
    result = element(case, "us.t_visa", "compliance_with_reasonable_requests")
    assert result.status == "unknown"
    assert "trafficking[0].start" in result.needs


# --- 8 CFR 214.202(c), (c)(2): compliance with reasonable requests -----------------------------------

def contacts(*complied: bool | None, supplement_b: str = "none") -> dict:
    return {"reported": True, "supplement_b": supplement_b,
            "contacts": [{"level": "local", "requests": [{"date": "2020-02-01", "complied": c} for c in complied]}]}


COMPLIANCE = [
    pytest.param({"law_enforcement": contacts(True, True)}, "met", [],
                 id="8 CFR 214.202(c); Supp. B optional (2024 instructions): complied without Supplement B"),
    pytest.param({"law_enforcement": contacts(True, False), "survivor.trauma_prevents_cooperation": False},
                 "not_met", [], id="8 CFR 214.202(c): refused a request, no trauma and adult: not met"),
    pytest.param({"law_enforcement": contacts(False), "survivor.trauma_prevents_cooperation": True},
                 "exempt", [], id="8 CFR 214.202(c)(2): refused, but trauma prevents cooperation"),
    pytest.param({"law_enforcement": contacts(False), "survivor.trauma_prevents_cooperation": None},
                 "unknown", ["survivor.trauma_prevents_cooperation"],
                 id="8 CFR 214.202(c)(2): refused and trauma not asked about: unknown, names the field"),
    pytest.param({"law_enforcement": contacts(None)}, "unknown",
                 ["law_enforcement.contacts[0].requests[0].complied"],
                 id="8 CFR 214.202(c): a request whose outcome is not recorded"),
    pytest.param({"law_enforcement": {"reported": True, "contacts": [{"level": "local"}]}}, "unknown",
                 ["law_enforcement.contacts[0].requests"],
                 id="8 CFR 214.202(c): contact recorded but no request: which requests were made is needed"),
    pytest.param({"law_enforcement": {"reported": False}}, "unknown", ["law_enforcement.contacts"],
                 id="8 CFR 214.202(c): no contact with law enforcement yet"),
    pytest.param({"law_enforcement": {"supplement_b": "signed"}}, "met", [],
                 id="8 CFR 214.202(c): Supplement B signed by law enforcement"),
]


@pytest.mark.parametrize("changes, expected, needs", COMPLIANCE)
def test_compliance_with_reasonable_requests(changes, expected, needs):
    result = element(make(changes), "us.t_visa", "compliance_with_reasonable_requests")
    assert result.status == expected, result.reason
    assert set(needs) <= set(result.needs)


def test_refused_request_without_exemption_makes_the_t_visa_not_eligible():
    """8 CFR 214.202(c): a required element not met gives not_eligible (docs/screening.md)."""
    result = remedy(make({"law_enforcement": contacts(False)}), "us.t_visa")
    assert result.status == "not_eligible"


def test_unknown_date_of_birth_is_listed_as_needed():
    """8 CFR 214.202(c)(1): without a date of birth the minor exemption cannot be tested."""
    case = make({"survivor.date_of_birth": None, "law_enforcement": {"reported": False}})
    result = remedy(case, "us.t_visa")
    assert "survivor.date_of_birth" in result.needs_information
    assert result.needs_information == sorted(set(result.needs_information))
    assert result.status == "possibly_eligible"  # one open required element among met ones


# --- 8 CFR 214.202(a): victim of a severe form of trafficking -----------------------------------------

SEVERE = [
    pytest.param({"trafficking": [episode("2019-01-07", "2019-12-29", "labor", ["fraud"])]}, "met",
                 id="8 CFR 214.202(a): labor by fraud"),
    pytest.param({"trafficking": [episode("2019-01-07", "2019-12-29", "sex_industry", ["coercion"])]}, "met",
                 id="8 CFR 214.202(a): sex industry by coercion"),
    pytest.param({"survivor.date_of_birth": "2003-01-01",
                  "trafficking": [episode("2019-01-07", "2019-12-29", "sex_industry", [])]}, "met",
                 id="8 CFR 214.202(a): sex industry under 18, no means needed"),
    pytest.param({"trafficking": [episode("2019-01-07", "2019-12-29", "sex_industry", [])]}, "unknown",
                 id="8 CFR 214.202(a): adult in the sex industry, means not recorded"),
    pytest.param({"survivor.date_of_birth": "2003-01-01",
                  "trafficking": [episode("2019-01-07", "2019-12-29", "labor", [])]}, "unknown",
                 id="8 CFR 214.202(a): labor under 18 still needs force, fraud or coercion"),
    pytest.param({"trafficking": [episode("2019-01-07", "2019-12-29", "labor", ["isolation"])]}, "unknown",
                 id="8 CFR 214.202(a): other means are for the lawyer to weigh"),
    pytest.param({"trafficking": []}, "unknown", id="8 CFR 214.202(a): no episode recorded"),
]


@pytest.mark.parametrize("changes, expected", SEVERE)
def test_severe_form_of_trafficking(changes, expected):
    result = element(make(changes), "us.t_visa", "victim_of_severe_trafficking")
    assert result.status == expected, result.reason
    if expected == "unknown":
        assert result.needs or "lawyer decides" in result.reason


# --- 8 CFR 214.202(b), 214.207; 214.202(d), 214.209; PM Vol. 9 Pt. O ---------------------------------

OTHER_ELEMENTS = [
    pytest.param("physical_presence", {"survivor.immigration": {"present_in": "mx"}}, "not_met", [],
                 id="8 CFR 214.207: not in the United States"),
    pytest.param("physical_presence", {"survivor.immigration": {"present_in": "us"}}, "unknown",
                 ["survivor.immigration.present_on_account_of_trafficking"],
                 id="8 CFR 214.207: present, on account of trafficking not recorded"),
    pytest.param("physical_presence", {"survivor.immigration": {}}, "unknown", ["survivor.immigration.present_in"],
                 id="8 CFR 214.207: where the person is not recorded"),
    pytest.param("extreme_hardship", {"hardship": None}, "unknown", ["hardship"],
                 id="8 CFR 214.209: hardship not asked about"),
    pytest.param("extreme_hardship", {"hardship": []}, "not_met", [], id="8 CFR 214.209: asked, none recorded"),
    pytest.param("admissibility", {"inadmissibility": None}, "unknown", ["inadmissibility"],
                 id="PM Vol. 9 Pt. O: grounds not reviewed"),
    pytest.param("admissibility", {"inadmissibility": []}, "met", [], id="PM Vol. 9 Pt. O: no ground listed"),
]


@pytest.mark.parametrize("element_id, changes, expected, needs", OTHER_ELEMENTS)
def test_other_t_visa_elements(element_id, changes, expected, needs):
    result = element(make(changes), "us.t_visa", element_id)
    assert result.status == expected, result.reason
    assert set(needs) <= set(result.needs)


def test_grounds_of_inadmissibility_name_the_waiver():
    """PM Vol. 9 Pt. O Ch. 2-3; INA 212(d)(13): grounds listed need a waiver on Form I-192."""
    case = make({"inadmissibility": ["unlawful_presence", "misrepresentation"]})
    result = element(case, "us.t_visa", "admissibility")
    assert result.status == "unknown"
    assert "I-192" in result.reason and "212(d)(13)" in result.reason
    assert "unlawful presence" in result.reason.lower() and "misrepresentation" in result.reason
    assert "212(a)(9)(B)" in result.reason and "212(a)(6)(C)(i)" in result.reason  # the grounds' INA sections
    # one open required element among met ones: possibly eligible (docs/screening.md)
    assert remedy(case, "us.t_visa").status == "possibly_eligible"


def test_an_overstay_who_never_left_needs_no_unlawful_presence_waiver():
    """INA 212(a)(9)(B)(i) (USCIS, Unlawful Presence and Inadmissibility): the bar follows a departure; screening
    reads the grounds as the I-192 does (rules/inadmissibility.py)."""
    case = make({"inadmissibility": ["unlawful_presence"]})
    case.survivor.immigration.departures = []
    case.survivor.immigration.entered_without_inspection = False
    case.survivor.immigration.valid_passport = True
    case.survivor.immigration.valid_nonimmigrant_visa = True
    result = element(case, "us.t_visa", "admissibility")
    assert result.status == "met" and "No ground" in result.reason


def test_all_elements_met_is_likely_eligible_with_contract_element_ids():
    """Contract section 2: the T visa element ids; every element met or exempt gives likely_eligible."""
    result = remedy(make(), "us.t_visa")
    ids = [e.id for e in result.elements]
    for wanted in ("victim_of_severe_trafficking", "physical_presence", "compliance_with_reasonable_requests",
                   "extreme_hardship", "admissibility"):
        assert wanted in ids
    assert result.status == "likely_eligible", [(e.id, e.status, e.reason) for e in result.elements]
    assert result.needs_information == []


# --- the status order (docs/screening.md) ---------------------------------------------------------------

def el(status: str, required: bool = True) -> ElementResult:
    return ElementResult(id="x", status=status, reason="r", required=required)


STATUS_ORDER = [
    pytest.param([el("met"), el("not_met"), el("unknown")], "not_eligible", id="screening.md 1: a required not_met"),
    pytest.param([el("met"), el("exempt")], "likely_eligible", id="screening.md 2: all met or exempt"),
    pytest.param([el("met"), el("unknown", False)], "possibly_eligible",
                 id="screening.md 3: only a non-required element open"),
    pytest.param([el("met"), el("not_met", False)], "possibly_eligible",
                 id="screening.md 3: a non-required not_met never blocks"),
    pytest.param([el("met"), el("exempt"), el("unknown")], "possibly_eligible",
                 id="screening.md 3: one unknown among otherwise met"),
    pytest.param([el("met"), el("unknown"), el("unknown")], "needs_information",
                 id="screening.md 4: two required unknowns"),
    pytest.param([el("unknown")], "needs_information", id="screening.md 4: a lone unknown is not among met ones"),
    pytest.param([], "needs_information", id="screening.md 4: no elements in the pack"),
]


@pytest.mark.parametrize("elements, expected", STATUS_ORDER)
def test_remedy_status_order(elements, expected):
    assert remedy_status(elements) == expected


# --- evidence, warnings, coverage ---------------------------------------------------------------------

def test_evidence_is_matched_by_supports_and_by_the_pack_kinds():
    """The evidence list for an element: ids whose supports names it or whose kind the pack lists for it."""
    el_id = "compliance_with_reasonable_requests"
    kinds = next(n.kinds for n in PACKS.remedy("us.t_visa").evidence if n.element == el_id)
    case = make({"evidence": [{"id": "a1", "kind": kinds[0]}, {"id": "a2", "supports": [el_id]},
                              {"id": "a3", "kind": "not-a-listed-kind"}]})
    result = element(case, "us.t_visa", el_id)
    assert result.evidence == ["a1", "a2"]


def test_unverified_element_sources_are_warned():
    """docs/packs.md: an UNVERIFIED value stays flagged in every output that uses it."""
    result = remedy(make(), "us.continued_presence", FIXTURE)
    assert any(w.startswith("UNVERIFIED: ") and "Test cite" in w for w in result.warnings)


def test_every_unverified_element_source_in_the_real_packs_is_warned():
    """docs/packs.md: UNVERIFIED stays flagged; pack warnings are carried through."""
    case = make({"jurisdictions": PACKS.ids()})
    for r in screen(case, PACKS).remedies:
        pack_remedy = PACKS.remedy(r.id)
        for w in pack_remedy.warnings:
            assert w in r.warnings
        for pel in pack_remedy.elements:
            for s in pel.sources:
                if s.confidence == "UNVERIFIED":
                    assert any(s.cite in w and w.startswith("UNVERIFIED: ") for w in r.warnings), (r.id, s.cite)
        for e in r.elements:  # also the sources of pack values and deadlines a check used
            for s in e.sources:
                if s["confidence"] == "UNVERIFIED":
                    assert any(s["cite"] in w and w.startswith("UNVERIFIED: ") for w in r.warnings), (r.id, s)


def test_a_pack_value_used_by_a_check_carries_its_sources():
    """docs/packs.md: a value's confidence travels with it (eu_member_states for EU citizenship)."""
    rid, pel = next((rid, e) for p in PACKS for rid, rem in p.remedies.items() for e in rem.elements
                    if e.check == "eu_citizen_or_treaty")
    jid = rid.split(".")[0]
    value = PACKS.value(jid, "eu_member_states", AS_OF)
    code = str(value.value).split()[0]
    case = make({"jurisdictions": [jid], "survivor.citizenship": [code]})
    screened = remedy(case, rid)
    result = next(e for e in screened.elements if e.id == pel.id)
    assert result.status == "met"
    for s in value.sources:
        assert s.cite in [x["cite"] for x in result.sources]
        if s.confidence == "UNVERIFIED":
            assert any(s.cite in w for w in screened.warnings)


def test_within_deadline_uses_the_computed_deadline_and_its_sources():
    """18 U.S.C. 1595(c): the civil action's limitation period, as computed by rules/deadlines.py."""
    pel = next(e for e in PACKS.remedy("us.civil_1595").elements if e.check == "within_deadline")
    rule = next(d for d in PACKS.get("us").deadlines if d.id == pel.params["deadline"])
    result = element(make(), "us.civil_1595", pel.id)
    assert result.status == "met"
    assert rule.sources[0].cite in [x["cite"] for x in result.sources]
    late = make({"as_of": "2040-01-01"})
    assert element(late, "us.civil_1595", pel.id).status == "not_met"


def test_screen_covers_the_parents_of_each_jurisdiction():
    """docs/packs.md: a case in a state is screened for the state's and the federal remedies."""
    state = next(p.id for p in PACKS if p.parent == "us")
    ids = [r.id for r in screen(make({"jurisdictions": [state]}), PACKS).remedies]
    expected = list(PACKS.get(state).remedies) + list(PACKS.get("us").remedies)
    assert sorted(ids) == sorted(expected)


def test_unknown_jurisdiction_is_an_input_error():
    case = parse_case({**BASE, "jurisdictions": ["zz"]})
    with pytest.raises(InputError) as exc:
        screen(case, PACKS)
    assert exc.value.problems[0].path == "jurisdictions[0]"


# --- generic checks on the fixture pack (docs/packs.md table) ------------------------------------------

def state_case(**changes: Any):
    base = {**copy.deepcopy(BASE), "jurisdictions": ["us-xx"]}
    base["trafficking"] = [{**episode("2019-01-07", "2019-12-29"), "jurisdiction": "us-xx"}]
    base["losses"] = [{"kind": "medical", "amount": {"amount": "10", "currency": "USD"}}]
    return make(changes, base)


GENERIC = [
    pytest.param("report", {"law_enforcement": {"reported": True, "report_date": "2020-01-28"}}, "met",
                 id="police_report within_days: 30 days after the last act is in time"),
    pytest.param("report", {"law_enforcement": {"reported": True, "report_date": "2020-01-29"}}, "not_met",
                 id="police_report within_days: 31 days after the last act is late"),
    pytest.param("report", {"law_enforcement": {"reported": True}}, "unknown",
                 id="police_report within_days: report date missing"),
    pytest.param("report", {"law_enforcement": {"reported": False}}, "not_met",
                 id="police_report required: not reported"),
    pytest.param("crime_in_state", {"trafficking": [{**episode("2019-01-07", "2019-12-29"), "jurisdiction": "us-ca"}]},
                 "not_met", id="trafficking_in: an episode elsewhere"),
    pytest.param("crime_in_state", {"trafficking": [{**episode("2019-01-07", "2019-12-29"), "jurisdiction": None}]},
                 "unknown", id="trafficking_in: where not recorded"),
    pytest.param("losses", {"losses": [{"kind": "legal", "amount": {"amount": "10", "currency": "USD"}}]},
                 "unknown", id="losses_or_injury: only kinds the remedy does not cover"),
    pytest.param("in_time", {"as_of": "2022-12-29"}, "met", id="within_deadline: due 2022-12-29 is still open"),
    pytest.param("in_time", {"as_of": "2022-12-30"}, "not_met", id="within_deadline: passed the day after"),
]


@pytest.mark.parametrize("element_id, changes, expected", GENERIC)
def test_generic_checks(element_id, changes, expected):
    result = element(state_case(**changes), "us-xx.cvc", element_id, FIXTURE)
    assert result.status == expected, result.reason


def test_california_trafficking_claims_need_no_police_report():
    """Cal. CalVCB (legal-facts B1): an HT application cannot be denied only for want of a police report."""
    pel = next(e for e in PACKS.remedy("us-ca.cvc").elements if e.check == "police_report")
    case = make({"jurisdictions": ["us-ca"], "law_enforcement": {"reported": False},
                 "trafficking": [{**episode("2019-01-07", "2019-12-29"), "jurisdiction": "us-ca"}]})
    assert element(case, "us-ca.cvc", pel.id).status == "exempt"


# --- family derivatives (PM Vol. 3, Pt. B, Ch. 4) -------------------------------------------------------

TABLE = load_table(PACKS, "us.t_visa")
CODES = {c.relationship: c for c in TABLE.categories}
SPLIT = CODES["parent"].principal_under          # principal age below which parents and siblings qualify
CHILD_AGE = CODES["child"].under_age
SIBLING_AGE = CODES["sibling"].under_age


def born(age: int, days_before_birthday: int = 0) -> str:
    """A date of birth giving ``age`` on AS_OF; ``days_before_birthday`` > 0 makes the next birthday that far off."""
    day = AS_OF.replace(year=AS_OF.year - age) + dt.timedelta(days=days_before_birthday)
    if days_before_birthday:
        day = day.replace(year=day.year - 1)
    return day.isoformat()


def family(principal_dob: str | None, *members: dict) -> list:
    case = make({"survivor.date_of_birth": principal_dob, "family": list(members)})
    return screen(case, PACKS).family


ADULT_PRINCIPAL = born(SPLIT)            # the 21st birthday is on the as-of date
YOUNG_PRINCIPAL = born(SPLIT - 1, 1)     # the day before the 21st birthday: still 20

FAMILY = [
    pytest.param(YOUNG_PRINCIPAL, {"relationship": "parent", "in_present_danger": False}, True, "parent",
                 id="PM 3.B.4: principal aged 20 (21st birthday tomorrow): parent qualifies"),
    pytest.param(ADULT_PRINCIPAL, {"relationship": "parent", "in_present_danger": False}, False, "parent",
                 id="PM 3.B.4: principal turns 21 on the as-of date: parent only in present danger"),
    pytest.param(ADULT_PRINCIPAL, {"relationship": "parent", "in_present_danger": True}, True, "parent",
                 id="PM 3.B.4: principal 21, parent in present danger of retaliation"),
    pytest.param(ADULT_PRINCIPAL, {"relationship": "parent"}, None, "parent",
                 id="PM 3.B.4: principal 21, danger not recorded: unknown"),
    pytest.param(YOUNG_PRINCIPAL, {"relationship": "sibling", "married": False, "date_of_birth": born(SIBLING_AGE - 1)},
                 True, "sibling", id="PM 3.B.4: principal 20, unmarried sibling under 18"),
    pytest.param(YOUNG_PRINCIPAL, {"relationship": "sibling", "married": False, "date_of_birth": born(SIBLING_AGE)},
                 False, "sibling", id="PM 3.B.4: sibling turning 18 on the as-of date no longer qualifies"),
    pytest.param(YOUNG_PRINCIPAL, {"relationship": "sibling", "married": True, "date_of_birth": born(10)},
                 False, "sibling", id="PM 3.B.4: married sibling"),
    pytest.param(ADULT_PRINCIPAL, {"relationship": "sibling", "married": False, "date_of_birth": born(10),
                                   "in_present_danger": False},
                 False, "sibling", id="PM 3.B.4: principal 21, sibling not in danger"),
    pytest.param(ADULT_PRINCIPAL, {"relationship": "sibling", "married": False, "date_of_birth": born(10),
                                   "in_present_danger": True},
                 True, "sibling", id="PM 3.B.4: principal 21, sibling under 18 in present danger"),
    pytest.param(ADULT_PRINCIPAL, {"relationship": "spouse"}, True, "spouse", id="PM 3.B.4: spouse at any age"),
    pytest.param(ADULT_PRINCIPAL, {"relationship": "child", "married": False, "date_of_birth": born(CHILD_AGE - 1)},
                 True, "child", id="PM 3.B.4: unmarried child under 21"),
    pytest.param(ADULT_PRINCIPAL, {"relationship": "child", "married": False, "date_of_birth": born(CHILD_AGE)},
                 False, "child", id="PM 3.B.4: child who turns 21 on the as-of date"),
    pytest.param(ADULT_PRINCIPAL, {"relationship": "child", "date_of_birth": born(5)}, None, "child",
                 id="PM 3.B.4: child, marital status unknown"),
]


@pytest.mark.parametrize("principal, member, eligible, category", FAMILY)
def test_family_categories(principal, member, eligible, category):
    [result] = family(principal, member)
    assert result.eligible is eligible, result.reason
    assert result.derivative == CODES[category].code
    assert result.for_remedy == "us.t_visa"
    if eligible is None:
        assert result.needs and all(n in result.reason for n in result.needs)


def test_principal_age_unknown_names_the_date_of_birth():
    """PM 3.B.4: a parent's category depends on the principal's age; unknown DOB -> eligible null."""
    [result] = family(None, {"relationship": "parent", "in_present_danger": False})
    assert result.eligible is None
    assert "survivor.date_of_birth" in result.reason


T6 = [
    pytest.param(True, True, id="PM 3.B.4 (T-6): child of a derivative, in present danger"),
    pytest.param(False, False, id="PM 3.B.4 (T-6): child of a derivative, not in danger"),
    pytest.param(None, None, id="PM 3.B.4 (T-6): danger not recorded"),
]


@pytest.mark.parametrize("danger, eligible", T6)
def test_child_of_a_derivative(danger, eligible):
    spouse = {"relationship": "spouse"}
    grandchild = {"relationship": "other", "child_of": 0, "in_present_danger": danger}
    _, result = family(ADULT_PRINCIPAL, spouse, grandchild)
    assert result.eligible is eligible, result.reason
    assert result.derivative == CODES["child_of_derivative"].code


def test_child_of_someone_who_is_not_a_derivative():
    """PM 3.B.4 (T-6): the parent must be a derivative (here a parent of a principal over 21, not in danger)."""
    parent = {"relationship": "parent", "in_present_danger": False}
    sibling = {"relationship": "sibling", "married": True, "child_of": 0, "in_present_danger": True}
    results = family(ADULT_PRINCIPAL, parent, sibling)
    assert results[0].eligible is False
    assert results[1].eligible is False


# --- the command -----------------------------------------------------------------------------------------

SCREEN_KEYS = {"case_id", "as_of", "remedies", "family"}
REMEDY_KEYS = {"id", "jurisdiction", "status", "elements", "warnings"}
ELEMENT_KEYS = {"id", "status", "reason", "evidence", "sources"}
FAMILY_KEYS = {"index", "relationship", "for_remedy", "derivative", "eligible", "reason"}


def assert_contract(data: dict) -> None:
    assert SCREEN_KEYS <= data.keys()
    for r in data["remedies"]:
        assert REMEDY_KEYS <= r.keys()
        assert r["status"] in {"likely_eligible", "possibly_eligible", "needs_information", "not_eligible"}
        for e in r["elements"]:
            assert ELEMENT_KEYS <= e.keys()
            assert e["status"] in {"met", "not_met", "unknown", "exempt"}
            assert all({"cite", "confidence"} <= s.keys() for s in e["sources"])
    for f in data["family"]:
        assert FAMILY_KEYS <= f.keys()


def test_screen_json_prints_one_contract_object(tmp_path):
    data = copy.deepcopy(BASE)
    data["family"] = [{"relationship": "spouse"}]
    path = tmp_path / "case.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    proc = run_cli("screen", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert_contract(out)
    assert out["case_id"] == "test-screen" and out["as_of"] == AS_OF.isoformat()
    t_visa = next(r for r in out["remedies"] if r["id"] == "us.t_visa")
    assert t_visa["status"] == "likely_eligible"
    assert out["family"][0]["derivative"] == CODES["spouse"].code


def test_screen_human_output_and_check_still_lists_needs(tmp_path):
    path = tmp_path / "case.json"
    path.write_text(json.dumps({**BASE, "hardship": None}), encoding="utf-8")
    human = run_cli("screen", str(path))
    assert human.returncode == 0, human.stderr
    assert "us.t_visa" in human.stdout and "8 CFR 214.202(c)" in human.stdout
    check = run_cli("check", str(path), "--json")
    assert check.returncode == 0, check.stderr
    assert "hardship" in json.loads(check.stdout)["missing"]["us.t_visa"]


def test_bad_case_file_exits_2_without_traceback(tmp_path):
    path = tmp_path / "bad.case.yml"
    path.write_text("case_id: test-bad\nsurvivor: {date_of_brith: 2000-01-01}\n", encoding="utf-8")
    proc = run_cli("screen", str(path), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "survivor.date_of_brith" in proc.stderr and "Traceback" not in proc.stderr


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.case.yml")), ids=lambda p: p.name)
def test_examples_screen(path):
    proc = run_cli("screen", str(path), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert_contract(data)
    assert data["remedies"], "every example has at least one remedy to screen"
