"""The jurisdiction packs (jurisdictions/*.yml): schema, inheritance, dated values, and flags kept.

The values asserted here are the law the packs cite (29 U.S.C. 206, the fact sheet and its addendum),
so a wrong edit to a pack fails a test; the broken-pack tests edit copies in a temporary folder.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from docassemble.SurvivorRelief.cli import main
from docassemble.SurvivorRelief.packs import Packs, packs_dir, read_packs

PACKS_DIR = Path(__file__).resolve().parents[1] / "jurisdictions"
ALL_PACKS = ["be", "bg", "coe", "de", "eu", "gb", "mv", "nl", "us", "us-ca", "us-mn", "us-ny", "us-tx"]
CONTRACT_REMEDIES = [  # shared/design/contract.md, "Remedy ids"
    "us.t_visa", "us.u_visa", "us.continued_presence", "us.restitution_1593", "us.civil_1595",
    "us-ca.cvc", "us-ny.cvc", "us-tx.cvc", "us-mn.cvc", "gb.nrm_recovery_period", "gb.cica", "gb.vts",
    "nl.reflection_period", "nl.schadefonds", "bg.reflection_period", "bg.state_compensation",
    "de.reflection_period", "de.residence_25_4a", "be.reflection_period", "coe.reflection_period",
]


@pytest.fixture(scope="module")
def packs() -> Packs:
    found, errors = read_packs(PACKS_DIR)
    assert errors == []
    return found


def _validate(folder: Path):
    return CliRunner().invoke(main, ["jurisdictions", "validate", "--dir", str(folder)])


def _broken_copy(tmp_path: Path, name: str, old: str, new: str) -> Path:
    """A copy of every pack with one text edit in ``name``; the edit must hit exactly one place."""
    folder = tmp_path / "packs"
    shutil.copytree(PACKS_DIR, folder)
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {name}"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return folder


# --- every pack is valid ----------------------------------------------------------------------------

def test_every_pack_validates_against_the_schema():
    found, errors = read_packs(PACKS_DIR)
    assert errors == []
    assert found.ids() == ALL_PACKS


def test_installed_sources_folder_is_the_jurisdictions_folder():
    assert packs_dir().resolve() == PACKS_DIR.resolve()


def test_cli_validate_lists_all_thirteen_packs():
    result = _validate(PACKS_DIR)
    assert result.exit_code == 0, result.output
    assert "ok: 13 packs valid" in result.stdout
    listed = result.stdout.split("valid:", 1)[1]
    assert [p.strip() for p in listed.split(",")] == ALL_PACKS


@pytest.mark.parametrize("remedy_id", CONTRACT_REMEDIES)
def test_contract_remedy_ids_exist(packs, remedy_id):
    remedy = packs.remedy(remedy_id)
    assert remedy.sources, remedy_id


def test_t_visa_elements_follow_8_cfr_214_202_a_to_e(packs):
    """Element ids of the contract, each with the check and exemptions of 8 CFR 214.202(a)-(e)."""
    elements = {e.id: e for e in packs.remedy("us.t_visa").elements}
    expected = {
        "victim_of_severe_trafficking": ("severe_trafficking", {}),
        "physical_presence": ("physical_presence", {"country": "US"}),
        "compliance_with_reasonable_requests": ("reasonable_requests",
                                                {"minor_exemption": True, "trauma_exemption": True}),
        "extreme_hardship": ("extreme_hardship", {}),
        "admissibility": ("admissibility", {}),
    }
    for eid, (check, params) in expected.items():
        assert elements[eid].check == check, eid
        assert params.items() <= elements[eid].params.items(), eid
    cites = " ".join(s.cite for s in elements["compliance_with_reasonable_requests"].sources)
    assert "214.202(c)(1)" in cites and "214.202(c)(2)" in cites


def test_u_visa_certification_is_mandatory(packs):
    """INA 101(a)(15)(U): without a completed Supplement B the petitioner is ineligible."""
    checks = {e.check: e for e in packs.remedy("us.u_visa").elements}
    assert checks["certification"].params == {"field": "u_certification", "mandatory": True}
    assert checks["certification"].required
    assert "substantial_abuse" in checks


def test_every_within_deadline_names_a_deadline_of_its_remedy(packs):
    for pack in packs:
        deadlines = {d.id: d for d in pack.deadlines}
        for rid, remedy in pack.remedies.items():
            for el in remedy.elements:
                if el.check == "within_deadline":
                    target = deadlines.get(el.params.get("deadline"))
                    assert target is not None and target.remedy == rid, f"{rid}.{el.id}"


def test_deadline_ids_follow_the_contract(packs):
    """A deadline id is its remedy id plus .filing/.report, or a period's own remedy id (contract)."""
    for pack in packs:
        for d in pack.deadlines:
            if d.kind == "period":
                assert d.id == d.remedy
            else:
                assert d.id == f"{d.remedy}.{d.kind}"


def test_evidence_kinds_are_snake_case(packs):
    for pack in packs:
        for rid, remedy in pack.remedies.items():
            for need in remedy.evidence:
                for kind in need.kinds:
                    assert re.fullmatch(r"[a-z][a-z0-9_]*", kind), f"{rid}: {kind}"


# --- inheritance ------------------------------------------------------------------------------------

@pytest.mark.parametrize("jid,chain", [
    ("us-ca", ["us-ca", "us"]), ("us-ny", ["us-ny", "us"]), ("us-tx", ["us-tx", "us"]), ("us-mn", ["us-mn", "us"]),
    ("nl", ["nl", "eu", "coe"]), ("bg", ["bg", "eu", "coe"]), ("de", ["de", "eu", "coe"]), ("be", ["be", "eu", "coe"]),
    ("gb", ["gb", "coe"]), ("us", ["us"]), ("mv", ["mv"]), ("coe", ["coe"]),
])
def test_parent_chain(packs, jid, chain):
    assert [p.id for p in packs.chain(jid)] == chain


def test_state_pack_inherits_the_federal_minimum_wage(packs):
    """Tex. Labor Code 62.051 adopts the federal minimum; the FLSA wage comes from the us pack."""
    assert packs.parameter("us-tx", "minimum_wage") is packs.get("us").parameters["minimum_wage"]
    assert packs.value("us-tx", "state_minimum_wage", dt.date(2019, 6, 1)).value == \
        packs.value("us-tx", "minimum_wage", dt.date(2019, 6, 1)).value


def test_member_state_reads_eu_parameter_through_the_chain(packs):
    assert packs.parameter("bg", "eu_member_states") is packs.get("eu").parameters["eu_member_states"]


# --- dated values -----------------------------------------------------------------------------------

@pytest.mark.parametrize("day,expected", [
    pytest.param(dt.date(1996, 9, 30), None, id="before-history"),
    pytest.param(dt.date(1996, 10, 1), "4.75", id="29-USC-206-1996-10-01"),
    pytest.param(dt.date(1997, 8, 31), "4.75", id="29-USC-206-1997-08-31"),
    pytest.param(dt.date(1997, 9, 1), "5.15", id="29-USC-206-1997-09-01"),
    pytest.param(dt.date(2007, 7, 23), "5.15", id="29-USC-206-2007-07-23"),
    pytest.param(dt.date(2007, 7, 24), "5.85", id="FMWA-2007-step1-2007-07-24"),
    pytest.param(dt.date(2008, 7, 23), "5.85", id="FMWA-2007-2008-07-23"),
    pytest.param(dt.date(2008, 7, 24), "6.55", id="FMWA-2007-step2-2008-07-24"),
    pytest.param(dt.date(2009, 7, 23), "6.55", id="FMWA-2007-2009-07-23"),
    pytest.param(dt.date(2009, 7, 24), "7.25", id="FMWA-2007-step3-2009-07-24"),
    pytest.param(dt.date(2026, 6, 1), "7.25", id="29-USC-206-unchanged-2026"),
])
def test_federal_minimum_wage_history(packs, day, expected):
    """29 U.S.C. 206(a)(1) and the Fair Minimum Wage Act of 2007 (Pub. L. 110-28), read on each side of a change."""
    found = packs.value("us", "minimum_wage", day)
    if expected is None:
        assert found is None
        return
    assert found.value == Decimal(expected)
    assert isinstance(found.value, Decimal)
    assert found.confidence == "V"
    if day >= dt.date(2007, 7, 24):
        assert any("Fair Minimum Wage Act of 2007" in s.cite for s in found.sources)


def test_flsa_overtime_29_usc_207(packs):
    day = dt.date(2019, 1, 7)
    assert packs.value("us", "overtime_threshold_hours", day).value == 40
    assert packs.value("us", "overtime_multiplier", day).value == Decimal("1.5")


def test_continued_presence_two_years_per_addendum(packs):
    """Addendum 2.1: 2 years, renewable, since the October 2016 ICE directive (the old dhs.gov 1 year is outdated)."""
    found = packs.value("us", "continued_presence_duration_years", dt.date(2026, 6, 1))
    assert (found.value, found.confidence) == (2, "V")


def test_i914_edition_per_addendum(packs):
    """Addendum 2.4: the 01/20/25 edition from 24 Feb 2025 replaces 04/01/24 (S: re-check)."""
    before = packs.value("us", "i914_edition", dt.date(2025, 2, 23))
    after = packs.value("us", "i914_edition", dt.date(2025, 2, 24))
    assert (before.value, after.value) == ("04/01/24", "01/20/25")
    assert after.confidence == "S"
    assert packs.value("us", "i914_fee", dt.date(2024, 4, 1)).value == 0
    assert packs.value("us", "i914_fee", dt.date(2024, 3, 31)) is None


def test_ny_loss_of_earnings_weekly_cap_is_verified(packs):
    """Addendum 8a: Exec. Law 631(3)(a), $600 a week (V); the $30,000 aggregate is secondary (S)."""
    day = dt.date(2026, 6, 1)
    weekly = packs.value("us-ny", "cvc_loss_of_earnings_weekly_max", day)
    total = packs.value("us-ny", "cvc_loss_of_earnings_total_max", day)
    assert (weekly.value, weekly.confidence) == (600, "V")
    assert (total.value, total.confidence) == (30000, "S")
    assert packs.value("us-ny", "cvc_funeral_max", dt.date(2025, 11, 5)).value == 12000
    assert packs.value("us-ny", "cvc_funeral_max", dt.date(2025, 11, 4)) is None


# --- UNVERIFIED stays UNVERIFIED ---------------------------------------------------------------------

def test_bulgarian_euro_cap_is_derived_and_unverified(packs):
    """Addendum 4d: BGN 10,000 until the euro (1 Jan 2026); EUR 5,112.92 is a conversion, not a statutory figure."""
    before = packs.value("bg", "state_compensation_cap", dt.date(2025, 12, 31))
    after = packs.value("bg", "state_compensation_cap", dt.date(2026, 1, 1))
    assert before.value == 10000
    assert packs.value("bg", "state_compensation_cap_currency", dt.date(2025, 12, 31)).value == "BGN"
    assert packs.value("bg", "state_compensation_cap_currency", dt.date(2026, 1, 1)).value == "EUR"
    assert after.confidence == "UNVERIFIED"
    rate = packs.value("bg", "euro_conversion_rate", dt.date(2026, 1, 1)).value
    assert after.value == (Decimal(before.value) / rate).quantize(Decimal("0.01"))


def test_maldives_has_no_invented_period_and_says_what_is_unverified(packs):
    """Fact sheet C3 / addendum 5: no reflection, residence or compensation section is confirmed in Act 12/2013."""
    mv = packs.get("mv")
    assert mv.deadlines == []
    assert not [r for r in mv.remedies.values() if r.kind in ("period", "residence")]
    notes = " ".join(mv.notes)
    for topic in ("Reflection", "Residence", "Compensation"):
        assert re.search(rf"{topic}[^.]*UNVERIFIED", notes), topic
    comp = packs.remedy("mv.court_compensation")
    assert "UNVERIFIED" in [s.confidence for s in comp.sources]


def test_ny_pre_2026_filing_limit_is_flagged_unverified(packs):
    """Addendum 8b: 3 years for crimes from 31 Dec 2025 (V); the transition for earlier crimes is UNVERIFIED."""
    rule = next(d for d in packs.get("us-ny").deadlines if d.id == "us-ny.cvc.filing")
    assert rule.length.years == 3
    assert {s.confidence for s in rule.sources} == {"V"}
    (variant,) = rule.variants
    assert (variant.when, variant.params, variant.length.years) == ("event_before", {"date": dt.date(2025, 12, 31)}, 1)
    assert "UNVERIFIED" in [s.confidence for s in variant.sources]
    assert not [d for d in packs.get("us-ny").deadlines if d.kind == "report"]


def test_values_not_in_the_fact_sheet_are_unverified(packs):
    for name in ("i914_form_url", "i192_form_url", "i765_form_url"):
        assert packs.value("us", name, dt.date(2026, 6, 1)).confidence == "UNVERIFIED", name
    assert packs.value("eu", "eu_member_states", dt.date(2026, 6, 1)).confidence == "UNVERIFIED"


def test_reporting_rules_without_a_found_trafficking_exception_are_flagged(packs):
    """Addendum 7b: no trafficking exception found in Texas or Minnesota (UNVERIFIED)."""
    for rid in ("us-tx.cvc", "us-mn.cvc"):
        el = next(e for e in packs.remedy(rid).elements if e.check == "police_report")
        assert el.params["required"] is True
        assert "UNVERIFIED" in [s.confidence for s in el.sources], rid
    assert next(e for e in packs.remedy("us-mn.cvc").elements if e.check == "police_report").params["within_days"] == 30


# --- periods and deadlines --------------------------------------------------------------------------

def _rule(packs, rule_id):
    return next(d for p in packs for d in p.deadlines if d.id == rule_id)


@pytest.mark.parametrize("rule_id,minimum,maximum", [
    pytest.param("coe.reflection_period", {"days": 30}, None, id="CETS-197-Art-13-at-least-30-days"),
    pytest.param("gb.nrm_recovery_period", {"days": 30}, None, id="MSA-2015-s50A-30-days"),
    pytest.param("nl.reflection_period", None, {"months": 3}, id="Vw-2000-8k-up-to-3-months"),
    pytest.param("de.reflection_period", {"months": 3}, None, id="AufenthG-59-7-at-least-3-months"),
    pytest.param("be.reflection_period", {"days": 45}, {"days": 45}, id="Aliens-Act-61-2-45-days"),
    # Legal review 2, table B: CTHBA Art. 26 "within one month" (UNVERIFIED), a calendar month, not 30 days.
    pytest.param("bg.reflection_period", {"months": 1}, {"months": 1}, id="CTHBA-Art-26-one-month"),
])
def test_period_lengths(packs, rule_id, minimum, maximum):
    rule = _rule(packs, rule_id)
    assert rule.kind == "period"
    got_min = {k: v for k, v in rule.minimum.model_dump().items() if v} if rule.minimum else None
    got_max = {k: v for k, v in rule.maximum.model_dump().items() if v} if rule.maximum else None
    assert (got_min, got_max) == (minimum, maximum)
    assert rule.counting


def test_bulgarian_reflection_period_is_for_adults_only(packs):
    """Addendum 4b (NRM SOP for children, measure 2.2): no reflection period for children."""
    rule = _rule(packs, "bg.reflection_period")
    assert [(v.when, v.not_applicable) for v in rule.variants] == [("minor_at_event", True)]
    adult = next(e for e in packs.remedy("bg.reflection_period").elements if e.check == "adult")
    assert adult.required


@pytest.mark.parametrize("rule_id,years,when,age,combine", [
    pytest.param("us.civil_1595.filing", 10, "minor_at_event", 28, "later", id="18-USC-1595c-10y-or-10y-after-18"),
    # Legal review 2, A3: Cal. Gov. Code 13953(a) (SB 375): 7 years after turning 21 for every victim.
    pytest.param("us-ca.cvc.filing", 7, "always", 28, "later", id="Gov-Code-13953a-7y-or-28th-birthday-for-all"),
    # Legal review 2, A4: Tex. CCP ch. 56B; the child rule only where the trafficking ended before 18.
    pytest.param("us-tx.cvc.filing", 3, "minor_on_event_date", 21, "earlier", id="Tex-CCP-56B-3y-child-not-after-21"),
])
def test_minor_variants(packs, rule_id, years, when, age, combine):
    rule = _rule(packs, rule_id)
    assert rule.length.years == years
    (variant,) = rule.variants
    assert (variant.when, variant.due_at_age, variant.combine) == (when, age, combine)


@pytest.mark.parametrize("rule_id,start,length", [
    pytest.param("us-mn.cvc.filing", "trafficking_end", {"years": 3}, id="Minn-Stat-611A-3-years"),
    pytest.param("us-mn.cvc.report", "trafficking_end", {"days": 30}, id="Minnesota-report-within-30-days"),
    pytest.param("gb.cica.filing", "trafficking_end", {"years": 2}, id="CICS-2012-2-years"),
    pytest.param("nl.schadefonds.filing", "trafficking_end", {"years": 10}, id="Schadefonds-10-years"),
    pytest.param("bg.state_compensation.filing", "final_court_act", {"years": 1}, id="CVAFCA-1-year-from-court-act"),
])
def test_filing_and_report_lengths(packs, rule_id, start, length):
    rule = _rule(packs, rule_id)
    assert rule.start == start
    assert {k: v for k, v in rule.length.model_dump().items() if v} == length


# --- broken packs -----------------------------------------------------------------------------------

def test_misspelt_key_is_named_with_its_file(tmp_path):
    folder = _broken_copy(tmp_path, "us-ca.yml", "    counting: >-", "    countng: >-")
    _, errors = read_packs(folder)
    assert any("us-ca.yml" in e and "countng" in e for e in errors), errors
    result = _validate(folder)
    assert result.exit_code == 2
    assert "us-ca.yml" in result.stderr and "countng" in result.stderr
    assert "Traceback" not in result.output


def test_unknown_parent_fails(tmp_path):
    folder = _broken_copy(tmp_path, "gb.yml", "parent: coe", "parent: xx")
    _, errors = read_packs(folder)
    assert any("gb.yml" in e and "parent" in e and "'xx'" in e for e in errors), errors
    result = _validate(folder)
    assert result.exit_code == 2
    assert "gb.yml" in result.stderr and "unknown parent pack 'xx'" in result.stderr


def test_remedy_id_must_start_with_the_pack_id(tmp_path):
    folder = _broken_copy(tmp_path, "be.yml", "  be.reflection_period:\n", "  nl.reflection_period:\n")
    found, errors = read_packs(folder)
    assert "be" not in found
    assert any("be.yml" in e and "must start with 'be.'" in e for e in errors), errors
    result = _validate(folder)
    assert result.exit_code == 2
    assert "be.yml" in result.stderr
