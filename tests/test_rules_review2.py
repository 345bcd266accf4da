"""The December legal review (shared/domain/legal-review-2.md), tables A and B: one test per finding.

Each test names the source it checks and runs a fictional case of its own through the real packs.
Restitution findings (A2's computation, A11, A12) are tested in tests/test_rules_restitution*.py.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from docassemble.SurvivorRelief.cases import parse_case
from docassemble.SurvivorRelief.evidence import checklist
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.deadlines import deadlines
from docassemble.SurvivorRelief.rules.screen import screen

PACKS = load_packs()
D = dt.date.fromisoformat


def case(**over: Any) -> Any:
    """An adult trafficked for labor in Texas, a Mexican national; each test changes what it is about."""
    data: dict[str, Any] = {
        "case_id": "review2", "as_of": "2026-06-01", "jurisdictions": ["us", "us-tx"],
        "survivor": {"name": {"first": "Ardal", "last": "Fictivo"}, "date_of_birth": "1995-03-04",
                     "citizenship": ["MX"], "immigration": {"present_in": "us",
                                                            "present_on_account_of_trafficking": True}},
        "trafficking": [{"form": "labor", "start": "2024-01-08", "end": "2024-11-30", "jurisdiction": "us-tx",
                         "means": ["fraud", "debt_bondage"]}],
        "law_enforcement": {"reported": True, "report_date": "2024-12-02"},
        "hardship": ["no treatment for the injury at home"], "inadmissibility": [],
    }
    for key, value in over.items():
        node = data
        *parents, last = key.split("__")
        for p in parents:
            node = node.setdefault(p, {})
        node[last] = value
    return parse_case(data)


def remedy(result: Any, rid: str) -> Any:
    return next(r for r in result.remedies if r.id == rid)


def element(result: Any, rid: str, eid: str) -> Any:
    return next(e for e in remedy(result, rid).elements if e.id == eid)


def deadline(c: Any, did: str) -> Any:
    return deadlines(c, PACKS).by_id(did)


# --- A1: immigration relief only for noncitizens -------------------------------------------------------

@pytest.mark.parametrize("over", [
    pytest.param({"survivor__citizenship": ["US"]}, id="INA 101(a)(15)(T),(U); 22 USC 7105(c)(3): a U.S. citizen"),
    pytest.param({"survivor__citizenship": ["US", "MX"]}, id="a dual U.S. citizen"),
    pytest.param({"survivor__immigration": {"present_in": "us", "lawful_permanent_resident": True}},
                 id="a lawful permanent resident"),
    pytest.param({"survivor__immigration": {"present_in": "us", "status": "Lawful permanent resident"}},
                 id="LPR in the status text"),
])
def test_a1_no_immigration_relief_for_citizens_or_lprs(over: dict) -> None:
    c = case(family=[{"relationship": "parent", "date_of_birth": "1970-01-01", "in_present_danger": True}], **over)
    result = screen(c, PACKS)
    for rid in ("us.t_visa", "us.u_visa", "us.continued_presence"):
        r = remedy(result, rid)
        assert r.status == "not_eligible", rid
        gate = element(result, rid, "needs_immigration_status")
        assert gate.status == "not_met" and "noncitizen" in gate.reason
    assert [f.eligible for f in result.family] == [False]
    assert "principal cannot apply" in result.family[0].reason
    listed = {r.id for r in checklist(c, PACKS).remedies}
    assert not listed & {"us.t_visa", "us.u_visa", "us.continued_presence"}
    assert "us-tx.cvc" in listed


def test_a1_status_text_is_read_whole_not_by_words() -> None:
    """A status such as "not a permanent resident" does not make the person one."""
    c = case(survivor__immigration={"present_in": "us", "status": "B-2 overstay, not a permanent resident"})
    assert element(screen(c, PACKS), "us.t_visa", "needs_immigration_status").status == "met"


def test_a1_noncitizen_keeps_immigration_relief() -> None:
    result = screen(case(), PACKS)
    assert element(result, "us.t_visa", "needs_immigration_status").status == "met"
    assert remedy(result, "us.t_visa").status != "not_eligible"
    assert "us.t_visa" in {r.id for r in checklist(case(), PACKS).remedies}


# --- A2: 18 U.S.C. 1593 needs a federal case; Penal Code 1202.4 a California one ------------------------

@pytest.mark.parametrize("forum,status_1593", [
    # No loss is recorded, so the (non-required) losses element stays open: possibly, not likely.
    pytest.param("federal", "possibly_eligible", id="18 USC 1593(a): federal prosecution"),
    pytest.param("state", "not_eligible", id="18 USC 1593(a): a state prosecution is not under chapter 77"),
    pytest.param(None, "needs_information", id="18 USC 1593(a): unknown forum is a question, never likely"),
])
def test_a2_restitution_1593_forum(forum: str | None, status_1593: str) -> None:
    cc = {"status": "convicted", "forum": forum}
    c = case(law_enforcement__criminal_case=cc, trafficking=[
        {"form": "labor", "start": "2024-01-08", "end": "2024-11-30", "jurisdiction": "us-tx",
         "work": {"hours_per_week": 60}}])
    assert remedy(screen(c, PACKS), "us.restitution_1593").status == status_1593


def test_a2_california_state_case_gets_penal_code_1202_4() -> None:
    """Cal. Penal Code 1202.4(f), (q): restitution in a California state prosecution."""
    c = case(jurisdictions=["us", "us-ca"], law_enforcement__criminal_case={"status": "convicted", "forum": "state"},
             trafficking=[{"form": "labor", "start": "2024-01-08", "end": "2024-11-30", "jurisdiction": "us-ca",
                           "means": ["fraud"], "work": {"hours_per_week": 50}}])
    result = screen(c, PACKS)
    assert remedy(result, "us-ca.restitution_1202_4").status == "possibly_eligible"   # no loss recorded
    assert remedy(result, "us.restitution_1593").status == "not_eligible"
    assert any(s["confidence"] == "S" for e in remedy(result, "us-ca.restitution_1202_4").elements
               for s in e.sources if "1202.4(q)" in s["cite"])


# --- A3: CalVCB, Cal. Gov. Code 13953(a) ---------------------------------------------------------------

def test_a3_calvcb_victim_aged_19_has_until_28th_birthday() -> None:
    """Gov. Code 13953(a) (SB 375): the later of 7 years from the crime or 7 years after turning 21."""
    c = case(jurisdictions=["us", "us-ca"], survivor__date_of_birth="2001-05-10",
             trafficking=[{"form": "labor", "start": "2020-06-01", "end": "2020-09-30", "jurisdiction": "us-ca"}])
    got = deadline(c, "us-ca.cvc.filing")
    assert got.due == D("2029-05-10"), got.basis   # not 2027-09-30 (7 years from the crime)


def test_a3_calvcb_older_victim_keeps_seven_years() -> None:
    c = case(jurisdictions=["us", "us-ca"],
             trafficking=[{"form": "labor", "start": "2020-06-01", "end": "2020-09-30", "jurisdiction": "us-ca"}])
    assert deadline(c, "us-ca.cvc.filing").due == D("2027-09-30")


# --- A4: Texas CVC, Tex. Code Crim. Proc. ch. 56B --------------------------------------------------------

def test_a4_texas_trafficking_from_17_into_adulthood_keeps_adult_three_years() -> None:
    """Tex. CCP ch. 56B; 1 TAC 61.202 (S): acts after 18 have their own 3 years from the last act."""
    c = case(survivor__date_of_birth="2005-08-01",
             trafficking=[{"form": "labor", "start": "2023-02-01", "end": "2024-10-15", "jurisdiction": "us-tx"}])
    got = deadline(c, "us-tx.cvc.filing")
    assert got.due == D("2027-10-15"), got.basis   # not the 21st birthday, 2026-08-01 ("passed")
    assert got.status == "open"


def test_a4_texas_child_throughout_keeps_child_rule() -> None:
    c = case(survivor__date_of_birth="2009-08-01",
             trafficking=[{"form": "labor", "start": "2023-02-01", "end": "2024-10-15", "jurisdiction": "us-tx"}])
    assert deadline(c, "us-tx.cvc.filing").due == D("2027-10-15")   # earlier than the 21st birthday (2030)


# --- A5: family ages on the filing date, INA 214(o)(4)-(5) ---------------------------------------------

def test_a5_sibling_and_principal_ages_on_the_filing_date() -> None:
    """INA 101(a)(15)(T)(ii); INA 214(o)(4)-(5) (S): ages on the date the principal applied."""
    family = [{"relationship": "sibling", "date_of_birth": "2008-03-01", "married": False},
              {"relationship": "parent", "date_of_birth": "1975-01-01"}]
    # Principal born 2005-07-01: under 21 when filing on 2026-02-01, 21 on the as-of date 2026-08-01.
    base = dict(survivor__date_of_birth="2005-07-01", family=family, as_of="2026-08-01")
    before = screen(case(**base), PACKS).family
    after = screen(case(filed_on={"us.t_visa": "2026-02-01"}, **base), PACKS).family
    assert [f.eligible for f in before] == [False, None]   # sibling 18 and principal 21 on the as-of date
    assert [f.eligible for f in after] == [True, True]
    assert "(filing date)" in after[0].reason
    assert any("214(o)(4)-(5)" in s["cite"] and s["confidence"] == "S" for s in after[0].sources)


def test_a5_filing_date_after_as_of_is_refused() -> None:
    from docassemble.SurvivorRelief.cases import semantic_problems

    c = case(filed_on={"us.t_visa": "2026-07-01"})
    assert [p.path for p in semantic_problems(c, PACKS.ids())] == ["filed_on.us.t_visa"]


# --- A6: UK recovery period, MSA 2015 s.50A(4) -----------------------------------------------------------

def gb_case(**over: Any) -> Any:
    return case(jurisdictions=["gb"], survivor__citizenship=["AL"],
                trafficking=[{"form": "labor", "start": "2025-01-01", "end": "2025-12-01", "jurisdiction": "gb"}],
                **over)


def test_a6_recovery_period_runs_until_the_conclusive_grounds_decision() -> None:
    """MSA 2015 s.50A(4): at least 30 days beginning with the RG decision, and until the CG decision."""
    c = gb_case(identification=[{"kind": "reasonable_grounds", "date": "2026-03-02"}])
    got = deadline(c, "gb.nrm_recovery_period")
    assert got.minimum_end == D("2026-03-31")   # day 30 counting 2 March as day 1
    assert got.status == "open", got.basis         # no CG decision: still running on 2026-06-01
    assert "still running" in got.basis


def test_a6_recovery_period_ends_with_a_later_conclusive_grounds_decision() -> None:
    c = gb_case(as_of="2026-09-01", identification=[{"kind": "reasonable_grounds", "date": "2026-03-02"},
                                                     {"kind": "conclusive_grounds", "date": "2026-07-20"}])
    got = deadline(c, "gb.nrm_recovery_period")
    assert got.minimum_end == D("2026-07-20") and got.status == "passed"


# --- A7: CICA time limits, CICS 2012 paras 87-89 ---------------------------------------------------------

@pytest.mark.parametrize("dob,report,due", [
    pytest.param("1990-01-01", "2026-01-10", "2027-12-01", id="CICS 2012 para 87: adult, 2 years from the incident"),
    pytest.param("2009-06-15", "2026-01-10", "2029-06-15", id="CICS 2012 para 88: child, reported before 18"),
    pytest.param("2007-06-15", "2026-01-10", "2028-01-10", id="CICS 2012 para 88: child, reported after 18"),
])
def test_a7_cica_time_limits(dob: str, report: str, due: str) -> None:
    c = gb_case(survivor__date_of_birth=dob, law_enforcement={"reported": True, "report_date": report})
    got = deadline(c, "gb.cica.filing")
    assert got.due == D(due), got.basis


# --- A8: Bulgaria, children go the child-protection way -----------------------------------------------------

def test_a8_child_identified_at_17_gets_no_adult_reflection_period() -> None:
    """NRM SOP (children) measure 2.2: a reflection period only for adults; CTHBA; Child Protection Act."""
    c = case(jurisdictions=["bg"], as_of="2026-06-01", survivor__date_of_birth="2008-09-01",
             survivor__citizenship=["RO"], law_enforcement={"reported": False},
             identification=[{"kind": "formal_identification", "date": "2026-05-01"}],
             trafficking=[{"form": "labor", "start": "2026-01-01", "end": "2026-04-20", "country": "BG"}])
    result = screen(c, PACKS)
    assert element(result, "bg.reflection_period", "adult").status == "not_met"
    assert remedy(result, "bg.reflection_period").status == "not_eligible"
    assert deadline(c, "bg.reflection_period").status == "not_applicable"


def test_b_bulgarian_month_runs_to_the_same_date() -> None:
    """Legal review 2, table B: 'one month' from 2023-12-05 ends 2024-01-05 (CTHBA Art. 26, UNVERIFIED)."""
    c = case(jurisdictions=["bg"], as_of="2023-12-20", survivor__citizenship=["RO"],
             identification=[{"kind": "formal_identification", "date": "2023-12-05"}],
             trafficking=[{"form": "labor", "start": "2023-01-01", "end": "2023-11-20", "country": "BG"}])
    got = deadline(c, "bg.reflection_period")
    assert got.maximum_end == D("2024-01-05")
    assert got.confidence == "UNVERIFIED"


# --- A9: the Dutch reflection period in a Dublin procedure ----------------------------------------------------

@pytest.mark.parametrize("flag,day,end", [
    pytest.param(True, "2026-01-31", "2026-03-02", id="Vc 2000 B8/3.1 (WBV 2023/11): Dublin, 30 days"),
    pytest.param(False, "2026-01-31", "2026-04-30", id="Vc 2000 B8/3.1: 3 months"),
    pytest.param(True, "2023-05-01", "2023-08-01", id="WBV 2023/11: Dublin before 18 May 2023, 3 months"),
])
def test_a9_dutch_reflection_period_dublin(flag: bool, day: str, end: str) -> None:
    c = case(jurisdictions=["nl"], as_of=day, survivor__citizenship=["NG"],
             survivor__immigration={"present_in": "nl", "dublin_procedure": flag},
             identification=[{"kind": "police_indication", "date": day}])
    got = deadline(c, "nl.reflection_period")
    assert got.maximum_end == D(end), got.basis


def test_a9_unknown_dublin_procedure_is_asked() -> None:
    c = case(jurisdictions=["nl"], as_of="2026-02-01", survivor__citizenship=["NG"],
             identification=[{"kind": "police_indication", "date": "2026-01-31"}])
    got = deadline(c, "nl.reflection_period")
    assert got.status == "unknown" and "survivor.immigration.dublin_procedure" in got.needs


# --- A10: Belgium, unaccompanied foreign minors --------------------------------------------------------------

def test_a10_unaccompanied_minor_gets_three_months_at_once() -> None:
    """Art. 61/2 ff. Aliens Act (Myria, S): an unaccompanied foreign minor receives a 3-month document."""
    base = dict(jurisdictions=["be"], as_of="2026-03-01", survivor__date_of_birth="2010-01-01",
                survivor__citizenship=["VN"], identification=[{"kind": "police_indication", "date": "2026-02-10"}])
    alone = case(survivor__immigration={"present_in": "be", "unaccompanied": True}, **base)
    with_parent = case(survivor__immigration={"present_in": "be", "unaccompanied": False}, **base)
    assert deadline(alone, "be.reflection_period").maximum_end == D("2026-05-10")
    assert deadline(with_parent, "be.reflection_period").maximum_end == D("2026-03-27")


# --- A13: U-visa certification not yet requested -------------------------------------------------------------

def test_a13_u_certification_not_requested_is_not_a_bar() -> None:
    """8 CFR 214.14(c)(2)(i): a certification not yet requested is information still needed."""
    result = screen(case(law_enforcement__u_certification="none", survivor__substantial_abuse=True), PACKS)
    cert = element(result, "us.u_visa", "law_enforcement_certification")
    assert cert.status == "unknown" and "not been requested" in cert.reason
    assert remedy(result, "us.u_visa").status != "not_eligible"
    declined = screen(case(law_enforcement__u_certification="declined"), PACKS)
    assert element(declined, "us.u_visa", "law_enforcement_certification").status == "not_met"


# --- A14: an item proves an element only when its kind matches -----------------------------------------------

def test_a14_reasonable_grounds_decision_is_not_a_conclusive_grounds_decision() -> None:
    c = gb_case(identification=[{"kind": "reasonable_grounds", "date": "2026-03-02"}], evidence=[
        {"id": "g1", "kind": "reasonable_grounds_decision", "supports": ["residency", "conclusive_grounds"]}])
    result = screen(c, PACKS)
    assert element(result, "gb.nrm_recovery_period", "reasonable_grounds").evidence == ["g1"]
    assert element(result, "gb.cica", "residency").evidence == []
    needs = {(r.id, n.element): n.covered_by for r in checklist(c, PACKS).remedies for n in r.needs}
    assert needs[("gb.vts", "conclusive_grounds")] == []
    assert needs[("gb.nrm_recovery_period", "reasonable_grounds")] == ["g1"]


def test_a14_interview_letter_is_not_proof_of_a_continued_presence_request() -> None:
    c = case(evidence=[{"id": "h1", "kind": "le_correspondence", "supports": ["federal_law_enforcement_request"]}])
    assert element(screen(c, PACKS), "us.continued_presence", "federal_law_enforcement_request").evidence == []


# --- A15: reflection periods come before cooperation ----------------------------------------------------------

@pytest.mark.parametrize("jid,instead", [
    pytest.param("nl", "nl.temporary_residence", id="CETS 197 art. 13; Vc B8/3: NL residence permit instead"),
    pytest.param("de", "de.residence_25_4a", id="CETS 197 art. 13; AufenthG 59(7): 25(4a) permit instead"),
    pytest.param("bg", "bg.special_protection", id="CETS 197 art. 13; CTHBA: special protection instead"),
    pytest.param("be", None, id="CETS 197 art. 13; Art. 61/2 Aliens Act"),
])
def test_a15_no_reflection_period_after_testifying_and_conviction(jid: str, instead: str | None) -> None:
    c = case(jurisdictions=[jid], survivor__citizenship=["UA"],
             identification=[{"kind": k, "date": "2025-01-10"} for k in
                             ("police_indication", "formal_identification")],
             law_enforcement={"reported": True, "report_date": "2025-01-10", "criminal_case": {"status": "convicted"},
                              "contacts": [{"agency": "Police", "level": "local", "date": "2025-01-10",
                                            "requests": [{"date": "2025-02-01", "description": "testify",
                                                          "complied": True}]}]},
             trafficking=[{"form": "labor", "start": "2024-01-01", "end": "2025-01-05", "country": jid.upper()}])
    result = screen(c, PACKS)
    before = element(result, f"{jid}.reflection_period", "before_cooperation")
    assert before.status == "not_met"
    assert remedy(result, f"{jid}.reflection_period").status == "not_eligible"
    assert remedy(result, "coe.reflection_period").status == "not_eligible"
    if instead:
        assert instead in before.reason


def test_a15_reflection_period_open_before_cooperation() -> None:
    c = case(jurisdictions=["nl"], survivor__citizenship=["UA"], law_enforcement={"reported": False},
             survivor__immigration={"present_in": "nl", "dublin_procedure": False},
             identification=[{"kind": "police_indication", "date": "2026-05-20"}])
    assert element(screen(c, PACKS), "nl.reflection_period", "before_cooperation").status == "met"


# --- table B: citations and confidence codes -------------------------------------------------------------------

def _sources(rid: str) -> list[Any]:
    r = PACKS.remedy(rid)
    return [*r.sources, *(s for e in r.elements for s in e.sources)]


def test_b_ina_t_is_secondary() -> None:
    """Legal review 2, table B: INA 101(a)(15)(T) is paraphrased in a manual (S)."""
    cites = {s.cite: s.confidence for s in _sources("us.t_visa")}
    assert cites["INA 101(a)(15)(T), 8 U.S.C. 1101(a)(15)(T)"] == "S"


def test_b_u_visa_cites_the_regulation_and_214p() -> None:
    """Legal review 2, table B: harm factors 8 CFR 214.14(b)(1); certification INA 214(p)(1)."""
    abuse = next(e for e in PACKS.remedy("us.u_visa").elements if e.id == "substantial_abuse")
    assert [s.cite.split(" (")[0] for s in abuse.sources] == ["8 CFR 214.14(b)(1)"]
    cert = next(e for e in PACKS.remedy("us.u_visa").elements if e.id == "law_enforcement_certification")
    assert any(s.cite.startswith("INA 214(p)(1)") for s in cert.sources)


def test_b_sgb_xiv_mirror_is_secondary() -> None:
    assert {s.confidence for s in _sources("de.sgb_xiv") if "SGB XIV" in s.cite and "13" in s.cite} == {"S"}


def test_b_minnesota_board_name_and_late_report_question() -> None:
    """2023 Minn. Laws ch. 52 (renamed Board); Minn. Stat. 611A.53 subd. 2 (UNVERIFIED): a late report is a question."""
    r = PACKS.remedy("us-mn.cvc")
    assert "Reimbursement Board" in r.name and "Reparations" not in r.name
    c = case(jurisdictions=["us", "us-mn"], law_enforcement={"reported": True, "report_date": "2024-03-01"},
             trafficking=[{"form": "labor", "start": "2024-01-08", "end": "2024-01-20", "jurisdiction": "us-mn"}])
    report = element(screen(c, PACKS), "us-mn.cvc", "police_report")
    assert report.status == "unknown" and "reasonably have been made" in report.reason


def test_b_new_york_mandatory_extension_ground() -> None:
    """N.Y. Exec. Law 625(2): OVS shall extend the time where no 625-a notice was given."""
    el = next(e for e in PACKS.remedy("us-ny.cvc").elements if e.id == "within_deadline")
    assert "625-a" in el.params["late_filing"] and "shall extend" in el.params["late_filing"]


def test_b_texas_extraordinary_cap_is_secondary() -> None:
    value = PACKS.value("us-tx", "cvc_maximum_extraordinary", D("2026-06-01"))
    assert value.value == 75000 and value.confidence == "S"
    assert any("SB 1336" in s.cite and s.confidence == "UNVERIFIED" for s in value.sources)
