"""Deadlines and periods (rules/deadlines.py), the calendar export (ics.py) and ``survivorrelief deadlines``.

Legal values are checked against the real packs (jurisdictions/*.yml), each case citing the source in
shared/domain/legal-facts.md (and its addendum) that it checks. Engine behaviour (leap days, month ends,
ongoing episodes, missing fields, variant confidence) is checked against tests/fixtures/packs-deadlines,
whose made-up ``zz`` pack is fictional and whose other packs copy the fact sheet.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar

from docassemble.SurvivorRelief.cases import Case, parse_case
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.ics import event_uid, to_ics
from docassemble.SurvivorRelief.packs import load_packs, packs_dir
from docassemble.SurvivorRelief.rules.deadlines import DeadlineResult, NotApplicable, deadlines

from .helpers import EXAMPLES, REPO, run_cli

FIXTURE = REPO / "tests" / "fixtures" / "packs-deadlines"
D = dt.date.fromisoformat
CONTRACT_KEYS = {"id", "remedy", "jurisdiction", "kind", "due", "start", "minimum_end", "maximum_end", "status",
                 "basis", "confidence", "sources"}


def make_case(jurisdictions: list[str], as_of: str = "2026-06-01", dob: str | None = "1990-01-01",
              episodes: list[dict[str, Any]] | None = None, ident: list[dict[str, Any]] | None = None,
              law_enforcement: dict[str, Any] | None = None, name: str = "Robin Testperson",
              immigration: dict[str, Any] | None = None) -> Case:
    first, last = name.split()
    data: dict[str, Any] = {"case_id": "test-deadlines", "as_of": as_of, "jurisdictions": jurisdictions,
                            "survivor": {"name": {"first": first, "last": last}, "date_of_birth": dob},
                            "trafficking": episodes or [], "identification": ident or []}
    if law_enforcement:
        data["law_enforcement"] = law_enforcement
    if immigration:
        data["survivor"]["immigration"] = immigration
    return parse_case(data)


def episode(jid: str, start: str, end: str | None, form: str = "labor") -> dict[str, Any]:
    return {"form": form, "start": start, "end": end, "jurisdiction": jid}


def identified(day: str, kinds: tuple[str, ...] = ("reasonable_grounds", "police_indication",
                                                   "formal_identification")) -> list[dict[str, Any]]:
    """The same date for every kind a pack might start a period from."""
    return [{"kind": k, "date": day} for k in kinds]


def fixture_packs() -> Any:
    return load_packs(FIXTURE)


def real_packs(*needed: str) -> Any:
    """The installed packs; skip while a needed pack file is still being written."""
    missing = [j for j in needed if not (packs_dir() / f"{j}.yml").exists()]
    if missing:
        pytest.skip(f"pack not written yet: {', '.join(missing)}")
    return load_packs()


def one(result: Any, deadline_id: str) -> DeadlineResult:
    found = result.by_id(deadline_id)
    assert isinstance(found, DeadlineResult), f"{deadline_id}: {found}"
    return found


# --- legal values, real packs ----------------------------------------------------------------------

LEGAL = [
    pytest.param("us.civil_1595.filing", ["us"], dict(dob="1990-01-01", episodes=[episode("us-tx", "2019-01-07",
                 "2019-12-29")]), {"due": "2029-12-29", "status": "open", "confidence": "V"},
                 id="18 USC 1595(c)(1): 10 years after the cause of action (adult)"),
    pytest.param("us.civil_1595.filing", ["us"], dict(dob="2006-10-20", episodes=[episode("us-ca", "2022-05-01",
                 "2023-02-15", "sex_industry")]), {"due": "2034-10-20", "status": "open", "confidence": "V"},
                 id="18 USC 1595(c)(2): minor, 10 years after turning 18 is later"),
    pytest.param("us.civil_1595.filing", ["us"], dict(dob="2000-01-01", episodes=[episode("us-tx", "2017-06-01",
                 "2025-01-01")]), {"due": "2035-01-01", "status": "open", "confidence": "V"},
                 id="18 USC 1595(c): minor at the first act, 10 years after the act is later"),
    pytest.param("us-ca.cvc.filing", ["us-ca"], dict(dob="1990-01-01", episodes=[episode("us-ca", "2019-03-01",
                 "2020-03-10")]), {"due": "2027-03-10", "status": "open", "confidence": "V"},
                 id="Cal. Gov. Code 13953: 7 years from the crime"),
    pytest.param("us-ca.cvc.filing", ["us-ca"], dict(dob="2006-10-20", episodes=[episode("us-ca", "2022-05-01",
                 "2023-02-15", "sex_industry")]), {"due": "2034-10-20", "status": "open", "confidence": "V"},
                 id="CalVCB HT minors: by the 28th birthday"),
    pytest.param("us-ny.cvc.filing", ["us-ny"], dict(episodes=[episode("us-ny", "2025-10-01", "2026-01-15")]),
                 {"due": "2029-01-15", "status": "open", "confidence": "V"},
                 id="NY Exec. Law 625 (eff. 2025-12-31): 3 years"),
    pytest.param("us-ny.cvc.filing", ["us-ny"], dict(episodes=[episode("us-ny", "2025-01-01", "2025-06-30")]),
                 {"due": "2026-06-30", "status": "open", "confidence": "UNVERIFIED"},
                 id="NY Exec. Law 625 before 2025-12-31: 1 year (UNVERIFIED transition, addendum 8b)"),
    pytest.param("us-tx.cvc.filing", ["us-tx"], dict(episodes=[episode("us-tx", "2019-01-07", "2019-12-29")]),
                 {"due": "2022-12-29", "status": "passed", "confidence": "V"},
                 id="Tex. CCP ch. 56B: 3 years from the crime"),
    pytest.param("us-mn.cvc.filing", ["us-mn"], dict(episodes=[episode("us-mn", "2024-02-10", "2024-02-10")]),
                 {"due": "2027-02-10", "status": "open"}, id="Minn. Stat. 611A.53: 3 years from the crime"),
    pytest.param("us-mn.cvc.report", ["us-mn"], dict(episodes=[episode("us-mn", "2024-02-10", "2024-02-10")]),
                 {"due": "2024-03-11", "status": "passed"},
                 id="Minn. Stat. 611A.53: report to police within 30 days"),
    pytest.param("gb.cica.filing", ["gb"], dict(episodes=[episode("gb", "2024-02-01", "2026-03-20")]),
                 {"due": "2028-03-20", "status": "open"}, id="CICS 2012 (gov.uk): within 2 years of the crime"),
    pytest.param("nl.schadefonds.filing", ["nl"], dict(episodes=[episode("nl", "2019-05-01", "2020-05-01")]),
                 {"due": "2030-05-01", "status": "open", "confidence": "V"},
                 id="Schadefonds: up to 10 years after the event"),
    pytest.param("bg.state_compensation.filing", ["bg"], dict(law_enforcement={"criminal_case": {
                 "status": "convicted", "final_court_act_date": "2025-10-15"}}),
                 {"due": "2026-10-15", "status": "open", "confidence": "V"},
                 id="BG CVAFCA: 1 year from the final court act"),
    pytest.param("gb.nrm_recovery_period", ["gb"], dict(as_of="2026-04-20", ident=identified("2026-04-02")),
                 {"minimum_end": "2026-05-01", "status": "open", "confidence": "V"},
                 id="MSA 2015 s.50A(4): at least 30 days beginning with the day of the RG decision"),
    pytest.param("nl.reflection_period", ["nl"], dict(as_of="2026-02-10", ident=identified("2026-01-31"),
                                                      immigration={"dublin_procedure": False}),
                 {"maximum_end": "2026-04-30", "status": "open"},
                 id="Vw 2000 art. 8(k): bedenktijd at most 3 months (31 Jan + 3 months = 30 Apr)"),
    pytest.param("de.reflection_period", ["de"], dict(as_of="2026-02-20", ident=identified("2026-02-10")),
                 {"minimum_end": "2026-05-10", "status": "open"},
                 id="AufenthG 59(7): departure deadline at least 3 months"),
    pytest.param("coe.reflection_period", ["coe"], dict(as_of="2026-04-20", ident=identified("2026-04-02")),
                 {"minimum_end": "2026-05-02", "status": "open", "confidence": "V"},
                 id="CETS 197 Art. 13(1): at least 30 days"),
]


@pytest.mark.parametrize("deadline_id,jurisdictions,facts,expected", LEGAL)
def test_legal_deadlines_from_real_packs(deadline_id: str, jurisdictions: list[str], facts: dict[str, Any],
                                         expected: dict[str, str]) -> None:
    packs = real_packs(*jurisdictions, deadline_id.split(".")[0])
    result = deadlines(make_case(jurisdictions, **facts), packs)
    got = one(result, deadline_id).to_json()
    for key, value in expected.items():
        assert got[key] == value, f"{key}: {got[key]} ({got['basis']})"
    assert got["basis"] and got["sources"]


@pytest.mark.parametrize("jid,deadline_id,start,end", [
    pytest.param("be", "be.reflection_period", "2026-03-01", "2026-04-15",
                 id="Aliens Act art. 61/2 (Annex 15): 45 days"),
    pytest.param("bg", "bg.reflection_period", "2026-04-01", "2026-05-01",
                 id="CTHBA art. 26 / NRM SOP 2.2: 30 days, one month, from formal identification (1 Apr -> 1 May)"),
])
def test_fixed_length_periods_from_real_packs(jid: str, deadline_id: str, start: str, end: str) -> None:
    packs = real_packs(jid)
    got = one(deadlines(make_case([jid], as_of=start, ident=identified(start)), packs), deadline_id)
    ends = [day for _, day in got.ends()]
    assert ends and all(day == D(end) for day in ends), got.basis
    assert got.start == D(start) and got.status == "open" and got.due is None


def test_bulgarian_reflection_period_is_for_adults_only_nrm_sop_children() -> None:
    """Addendum 4b (NRM SOP children, measure 2.2): a child gets a protection measure, no reflection period."""
    packs = real_packs("bg")
    result = deadlines(make_case(["bg"], dob="2010-05-05", ident=identified("2026-01-31")), packs)
    found = result.by_id("bg.reflection_period")
    assert isinstance(found, NotApplicable) and found.status == "not_applicable"
    assert "bg.reflection_period" not in [d.id for d in result.deadlines]
    assert "bg.reflection_period" in [n["id"] for n in result.to_json()["not_applicable"]]


def test_texas_child_victim_not_after_21_as_the_pack_models_it() -> None:
    """Tex. CCP ch. 56B (legal-facts B1): a child victim, 3 years from awareness but not after age 21."""
    packs = real_packs("us-tx")
    rule = next(d for d in packs.get("us-tx").deadlines if d.id == "us-tx.cvc.filing")
    child = next(v for v in rule.variants if v.when == "minor_on_event_date")
    assert child.due_at_age == 21
    case = make_case(["us-tx"], dob="2010-03-01", episodes=[episode("us-tx", "2023-06-01", "2024-05-01")])
    got = one(deadlines(case, packs), "us-tx.cvc.filing")
    base, at_21 = D("2027-05-01"), D("2031-03-01")
    expected = {"later": max(base, at_21), "earlier": min(base, at_21), "replace": at_21}[child.combine]
    assert got.due == expected, got.basis
    assert "21st birthday" in got.basis


# --- engine behaviour, fixture packs -----------------------------------------------------------------

@pytest.mark.parametrize("dob,act,due,minor", [
    pytest.param("2000-05-10", "2018-05-10", "2028-05-10", False,
                 id="18 USC 1595(c)(2): 18th birthday on the day of the act is not a minor"),
    pytest.param("2000-05-10", "2018-05-09", "2028-05-10", True,
                 id="18 USC 1595(c)(2): the day before the 18th birthday is a minor (28th birthday later)"),
])
def test_eighteenth_birthday_on_the_day_of_the_act(dob: str, act: str, due: str, minor: bool) -> None:
    case = make_case(["us"], dob=dob, episodes=[episode("us", act, act)])
    got = one(deadlines(case, fixture_packs()), "us.civil_1595.filing")
    assert got.due == D(due)
    assert ("28th birthday" in got.basis) is minor
    assert ("18 U.S.C. 1595(c)(2)" in [s.cite for s in got.sources]) is minor


@pytest.mark.parametrize("deadline_id,jid,facts,key,expected", [
    pytest.param("bg.state_compensation.filing", "bg", dict(law_enforcement={"criminal_case": {
                 "final_court_act_date": "2024-02-29"}}), "due", "2025-02-28",
                 id="CVAFCA 1 year: 29 Feb start + 1 year = 28 Feb"),
    pytest.param("bg.state_compensation.filing", "bg", dict(law_enforcement={"criminal_case": {
                 "final_court_act_date": "2023-02-28"}}), "due", "2024-02-28",
                 id="CVAFCA 1 year: 28 Feb start stays 28 Feb in a leap year"),
    pytest.param("nl.reflection_period", "nl", dict(ident=identified("2026-01-31")), "maximum_end", "2026-04-30",
                 id="Vw 2000 art. 8(k) 3 months: 31 Jan + 3 months = 30 Apr"),
    pytest.param("bg.reflection_period", "bg", dict(ident=identified("2024-01-31")), "maximum_end", "2024-02-29",
                 id="CTHBA art. 26 one month: 31 Jan 2024 + 1 month = 29 Feb (leap year)"),
    pytest.param("bg.reflection_period", "bg", dict(ident=identified("2025-01-31")), "maximum_end", "2025-02-28",
                 id="CTHBA art. 26 one month: 31 Jan 2025 + 1 month = 28 Feb"),
    pytest.param("gb.nrm_recovery_period", "gb", dict(ident=identified("2024-02-28")), "minimum_end", "2024-03-29",
                 id="MSA 2015 s.50A 30 days across 29 Feb"),
])
def test_calendar_arithmetic(deadline_id: str, jid: str, facts: dict[str, Any], key: str, expected: str) -> None:
    got = one(deadlines(make_case([jid], as_of="2023-01-01", **facts), fixture_packs()), deadline_id).to_json()
    assert got[key] == expected, got["basis"]


@pytest.mark.parametrize("dob,due", [
    pytest.param("2004-02-29", "2025-02-28", id="fictional due_at_age 21: 29 Feb birthday -> 28 Feb (2025 common)"),
    pytest.param("2004-02-28", "2025-02-28", id="fictional due_at_age 21: 28 Feb birthday unchanged"),
])
def test_leap_day_birthday(dob: str, due: str) -> None:
    case = make_case(["zz"], as_of="2020-01-01", dob=dob, episodes=[episode("zz", "2019-01-01", "2019-06-01")])
    got = one(deadlines(case, fixture_packs()), "zz.claim.minor")
    assert got.due == D(due)
    assert got.status == "open"


def test_leap_day_birthday_in_a_leap_year_stays_29_feb_calvcb() -> None:
    """CalVCB HT minors by the 28th birthday: born 29 Feb 2004, the 28th birthday is 29 Feb 2032."""
    case = make_case(["us-ca"], dob="2004-02-29", episodes=[episode("us-ca", "2019-01-01", "2019-06-01")])
    assert one(deadlines(case, fixture_packs()), "us-ca.cvc.filing").due == D("2032-02-29")


def test_ongoing_episode_has_not_started() -> None:
    """Cal. Gov. Code 13953 runs from the crime: an ongoing episode (end null) has not started the clock."""
    case = make_case(["us-ca"], episodes=[episode("us-ca", "2025-01-01", None)])
    got = one(deadlines(case, fixture_packs()), "us-ca.cvc.filing")
    assert got.status == "unknown" and got.due is None
    assert got.basis.startswith("Not started") and "ongoing" in got.basis
    assert got.needs == ("trafficking[0].end",)


def test_latest_end_of_several_episodes_and_other_places_ignored() -> None:
    """Cal. Gov. Code 13953: the CalVCB rule reads the California episodes only, the latest end."""
    case = make_case(["us-ca"], episodes=[episode("us-ca", "2018-01-01", "2019-05-01"),
                                          episode("us-ca", "2020-01-01", "2020-07-01"),
                                          episode("us-ny", "2021-01-01", None)])
    got = one(deadlines(case, fixture_packs()), "us-ca.cvc.filing")
    assert got.due == D("2027-07-01") and "trafficking[1].end" in got.basis


@pytest.mark.parametrize("deadline_id,jid,facts,needs", [
    pytest.param("gb.nrm_recovery_period", "gb", {}, "identification[kind=reasonable_grounds].date",
                 id="MSA 2015 s.50A: no RG decision names the field"),
    pytest.param("gb.nrm_recovery_period", "gb", dict(ident=[{"kind": "reasonable_grounds"}]),
                 "identification[0].date", id="MSA 2015 s.50A: an RG decision without a date"),
    pytest.param("bg.state_compensation.filing", "bg", {}, "law_enforcement.criminal_case.final_court_act_date",
                 id="CVAFCA: no final court act date"),
    pytest.param("gb.cica.filing", "gb", {}, "trafficking[jurisdiction=gb].end", id="CICS 2012: no episode in gb"),
    pytest.param("gb.cica.filing", "gb", dict(episodes=[{"start": "2020-01-01", "end": "2020-02-01"}]),
                 "trafficking[0].jurisdiction", id="CICS 2012: an episode without a place"),
    pytest.param("us-ca.cvc.filing", "us-ca", dict(dob=None, episodes=[episode("us-ca", "2020-01-01",
                 "2020-02-01")]), "survivor.date_of_birth", id="CalVCB minors: unknown age"),
])
def test_missing_start_field_is_named(deadline_id: str, jid: str, facts: dict[str, Any], needs: str) -> None:
    got = one(deadlines(make_case([jid], **facts), fixture_packs()), deadline_id)
    assert got.status == "unknown"
    assert got.due is None and got.minimum_end is None and got.maximum_end is None
    assert needs in got.needs and needs in got.basis


def test_episode_with_only_a_country_counts_for_the_national_pack() -> None:
    """18 U.S.C. 1595(c)(1): an episode in country US without a state still starts the federal clock."""
    case = make_case(["us"], episodes=[{"start": "2019-01-01", "end": "2019-12-29", "country": "US"}])
    assert one(deadlines(case, fixture_packs()), "us.civil_1595.filing").due == D("2029-12-29")


@pytest.mark.parametrize("as_of,status", [
    pytest.param("2028-03-20", "open", id="CICS 2012 2 years: open on the due date"),
    pytest.param("2028-03-21", "passed", id="CICS 2012 2 years: passed the day after"),
])
def test_passed_or_open_relative_to_as_of(as_of: str, status: str) -> None:
    case = make_case(["gb"], as_of=as_of, episodes=[episode("gb", "2024-02-01", "2026-03-20")])
    assert one(deadlines(case, fixture_packs()), "gb.cica.filing").status == status


def test_period_status_follows_its_last_end() -> None:
    """MSA 2015 s.50A: the recovery period is open through its 30th day, passed after."""
    packs = fixture_packs()
    on = one(deadlines(make_case(["gb"], as_of="2026-05-02", ident=identified("2026-04-02")), packs),
             "gb.nrm_recovery_period")
    after = one(deadlines(make_case(["gb"], as_of="2026-05-03", ident=identified("2026-04-02")), packs),
                "gb.nrm_recovery_period")
    assert (on.status, after.status) == ("open", "passed")
    assert on.due is None and on.start == D("2026-04-02")


@pytest.mark.parametrize("end,due,confidence", [
    pytest.param("2025-06-30", "2026-06-30", "UNVERIFIED", id="NY Exec. Law 625: 1-year transition variant"),
    pytest.param("2025-12-31", "2028-12-31", "V", id="NY Exec. Law 625: on 2025-12-31 the 3-year rule"),
])
def test_unverified_confidence_propagates_from_the_variant(end: str, due: str, confidence: str) -> None:
    result = deadlines(make_case(["us-ny"], episodes=[episode("us-ny", "2025-01-01", end)]), fixture_packs())
    got = one(result, "us-ny.cvc.filing")
    assert (got.due, got.confidence) == (D(due), confidence)
    cites = [s["confidence"] for s in got.to_json()["sources"]]
    assert ("UNVERIFIED" in cites) is (confidence == "UNVERIFIED")
    if confidence == "UNVERIFIED":
        assert "before 2025-12-31" in got.basis


def test_undecided_not_applicable_variant_makes_the_period_unknown() -> None:
    """CTHBA art. 26 is for adults only: without a date of birth the period may not apply."""
    got = one(deadlines(make_case(["bg"], dob=None, ident=identified("2026-01-31")), fixture_packs()),
              "bg.reflection_period")
    assert got.status == "unknown" and "survivor.date_of_birth" in got.needs
    assert "whether the rule applies" in got.basis


def test_fictional_variants_start_form_and_earlier() -> None:
    """Fictional zz rules: report_date start, trafficking_form (later) and adult cap from a birthday (earlier)."""
    packs = fixture_packs()
    le = {"reported": True, "report_date": "2020-03-01"}
    labor = make_case(["zz"], as_of="2020-04-01", dob="1996-01-15", law_enforcement=le,
                      episodes=[episode("zz", "2020-01-01", "2020-02-01", "both")])
    got = one(deadlines(labor, packs), "zz.claim.filing")
    assert got.due == D("2025-03-01"), got.basis  # later of 2 and 5 years; the 30th birthday 2026 is later
    assert got.confidence == "UNVERIFIED"  # the adult variant applied (fictional UNVERIFIED source)
    near_30 = make_case(["zz"], as_of="2020-04-01", dob="1992-06-30", law_enforcement=le,
                        episodes=[episode("zz", "2020-01-01", "2020-02-01", "labor")])
    assert one(deadlines(near_30, packs), "zz.claim.filing").due == D("2022-06-30")
    report = one(deadlines(labor, packs), "zz.claim.report")
    assert (report.kind, report.due, report.status) == ("report", D("2020-01-31"), "passed")
    assert report.start_event == "trafficking_start"


def test_report_not_made_means_not_started() -> None:
    """Fictional zz rule from the report date: law_enforcement.reported false means the clock has not started."""
    case = make_case(["zz"], law_enforcement={"reported": False}, episodes=[episode("zz", "2020-01-01",
                                                                                    "2020-02-01")])
    got = one(deadlines(case, fixture_packs()), "zz.claim.filing")
    assert got.status == "unknown" and got.basis.startswith("Not started")
    assert "law_enforcement.report_date" in got.needs


def test_rule_only_for_minors_is_not_applicable_to_an_adult() -> None:
    case = make_case(["zz"], dob="1980-01-01", episodes=[episode("zz", "2020-01-01", "2020-02-01")])
    result = deadlines(case, fixture_packs())
    found = result.by_id("zz.claim.minor")
    assert isinstance(found, NotApplicable) and "under 18" in found.reason


def test_parents_included_and_json_has_contract_keys() -> None:
    """Contract section 2: every deadline object has the contract keys; parents (coe via gb) are included."""
    result = deadlines(make_case(["gb"], ident=identified("2026-04-02"),
                                 episodes=[episode("gb", "2024-01-01", "2026-03-20")]), fixture_packs())
    data = json.loads(json.dumps(result.to_json()))
    assert set(data) >= {"case_id", "as_of", "deadlines"} and data["as_of"] == "2026-06-01"
    assert [d["id"] for d in data["deadlines"]] == ["gb.nrm_recovery_period", "gb.cica.filing",
                                                    "coe.reflection_period"]
    for d in data["deadlines"]:
        assert CONTRACT_KEYS <= set(d)
        assert d["status"] in {"open", "passed", "unknown"} and d["confidence"] in {"V", "S", "UNVERIFIED"}
        assert all(set(s) == {"cite", "url", "confidence"} for s in d["sources"])
        assert (d["due"] is None) is (d["kind"] == "period")
    assert result.by_id("nope") is None


def test_unknown_jurisdiction_is_an_input_error() -> None:
    with pytest.raises(InputError) as err:
        deadlines(make_case(["xx"]), fixture_packs())
    assert "jurisdictions[0]" in str(err.value)


# --- calendar ---------------------------------------------------------------------------------------

def test_ics_has_one_event_per_open_end_and_no_personal_data() -> None:
    case = make_case(["us-ny", "gb"], as_of="2026-04-10", dob="1991-07-03", ident=identified("2026-04-02"),
                     episodes=[episode("us-ny", "2025-01-01", "2025-06-30"), episode("gb", "2024-01-01", "2025-02-01")])
    result = deadlines(case, fixture_packs())
    data = to_ics(result, case)
    cal = Calendar.from_ical(data)
    events = list(cal.walk("VEVENT"))
    expected = {(d.id, day) for d in result.deadlines if d.status == "open" for _, day in d.ends()}
    got = {(str(e["description"]).split("\n")[0].split("(")[-1].split(")")[0], e.decoded("dtstart")) for e in events}
    assert got == expected and len(events) == len(expected) >= 3
    ny = next(e for e in events if "us-ny.cvc.filing" in str(e["description"]))
    # Neutral title (docs/security.md): what the deadline is for is in the description only.
    assert str(ny["summary"]) == "Deadline [UNVERIFIED]"
    assert str(ny["description"]).startswith("Apply to NY OVS (us-ny.cvc.filing)")
    assert {str(e["summary"]).split(" [")[0] for e in events} <= {"Deadline", "Minimum period ends", "Period ends"}
    assert "UNVERIFIED" in str(ny["description"]) and "N.Y. Exec. Law 625" in str(ny["description"])
    assert ny.decoded("dtend") - ny.decoded("dtstart") == dt.timedelta(days=1)
    alarm = next(iter(ny.walk("VALARM")))
    assert alarm.decoded("trigger") == dt.timedelta(days=-14)
    text = data.decode()
    for personal in ("Robin", "Testperson", "1991-07-03", "test-deadlines"):
        assert personal not in text
    uids = [str(e["uid"]) for e in events]
    assert len(set(uids)) == len(uids) and event_uid("test-deadlines", "us-ny.cvc.filing", "due") in uids
    assert to_ics(deadlines(case, fixture_packs()), case) == data  # stable across runs


def test_ics_period_with_equal_ends_has_one_event() -> None:
    """A fixed-length period (minimum = maximum, fictional zz rule) is one calendar event, not two."""
    case = make_case(["zz"], as_of="2026-03-01", ident=identified("2026-03-01", ("formal_identification",)))
    result = deadlines(case, fixture_packs())
    stay = one(result, "zz.claim.stay")
    assert stay.minimum_end == stay.maximum_end == D("2026-04-15") and stay.status == "open"
    cal = Calendar.from_ical(to_ics(result, case))
    events = [e for e in cal.walk("VEVENT") if "zz.claim.stay" in str(e["description"])]
    assert len(events) == 1 and events[0].decoded("dtstart") == D("2026-04-15")
    assert str(events[0]["summary"]) == "Period ends"
    assert str(events[0]["description"]).startswith("Stay (fictional) (zz.claim.stay)")


def test_ics_leaves_out_passed_and_unknown_deadlines() -> None:
    case = make_case(["gb"], as_of="2030-01-01", episodes=[episode("gb", "2024-01-01", "2025-01-01")])
    result = deadlines(case, fixture_packs())
    assert {d.status for d in result.deadlines} == {"passed", "unknown"}
    assert list(Calendar.from_ical(to_ics(result, case)).walk("VEVENT")) == []


# --- command line -----------------------------------------------------------------------------------

def _example(name: str) -> Path:
    path = EXAMPLES / name
    if not path.exists():
        pytest.skip(f"example not written yet: {name}")
    return path


def test_cli_deadlines_json_prints_one_contract_object() -> None:
    real_packs("us", "us-ca")
    proc = run_cli("deadlines", str(_example("ca-minor-sex-industry.case.yml")), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert data["case_id"] == "example-ca-minor" and data["as_of"] == "2026-06-01"
    ids = {d["id"] for d in data["deadlines"]}
    assert {"us.civil_1595.filing", "us-ca.cvc.filing"} <= ids
    for d in data["deadlines"]:
        assert CONTRACT_KEYS <= set(d)


def test_cli_deadlines_human_output_and_ics(tmp_path: Path) -> None:
    real_packs("us", "us-ny")
    case = tmp_path / "ny.case.yml"
    case.write_text("case_id: cli-ny\nas_of: 2026-06-01\njurisdictions: [us-ny]\n"
                    "survivor: {name: {first: Kit, last: Exampleton}, date_of_birth: 1990-01-01}\n"
                    "trafficking: [{form: labor, start: 2025-01-01, end: 2025-06-30, jurisdiction: us-ny}]\n")
    ics = tmp_path / "out.ics"
    proc = run_cli("deadlines", str(case), "--ics", str(ics))
    assert proc.returncode == 0, proc.stderr
    assert "us-ny.cvc.filing" in proc.stdout and "Counting:" in proc.stdout
    assert "warning:" in proc.stdout and "UNVERIFIED" in proc.stdout
    assert str(ics) in proc.stdout
    events = list(Calendar.from_ical(ics.read_bytes()).walk("VEVENT"))
    assert any("us-ny.cvc.filing" in str(e["description"]) for e in events)
    assert b"Exampleton" not in ics.read_bytes()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".tmp-")] == []


def test_cli_bad_case_exits_2_without_writing_ics(tmp_path: Path) -> None:
    real_packs("us")
    case = tmp_path / "bad.case.yml"
    case.write_text("case_id: cli-bad\njurisdictions: [us]\n"
                    "trafficking: [{start: 2020-05-01, end: 2019-01-01, jurisdiction: us}]\n")
    ics = tmp_path / "out.ics"
    proc = run_cli("deadlines", str(case), "--json", "--ics", str(ics))
    assert proc.returncode == 2
    assert "trafficking[0].end" in proc.stderr and "Traceback" not in proc.stderr
    assert proc.stdout == "" and not ics.exists()
