"""The T visa memorandum in support and the I-192 statement, read back from the produced DOCX, for the example
case and fictional variants of it; and rules/inadmissibility.py, which decides which grounds a filing names.

Sources checked: 8 CFR 214.202(a)-(e) (the elements, legal-facts.md A1); INA 212(a)(6)(A)(i) (present without
admission or parole, legal review 2 C); INA 212(a)(7)(B)(i) (no valid passport or nonimmigrant visa); INA
212(a)(9)(B)(i) (USCIS, Unlawful Presence and Inadmissibility: the 3- and 10-year bars follow a departure);
USCIS Policy Manual Vol. 9, Pt. O, Ch. 2 (T applicants are not subject to the public charge ground).
"""

from __future__ import annotations

import copy
import datetime as dt
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from docassemble.SurvivorRelief import documents as D
from docassemble.SurvivorRelief.cases import parse_case, read_data
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.inadmissibility import assess, waiver_needed

from .helpers import EXAMPLES, internal_markers

PLACEHOLDER = "[not known: to be completed]"
HEADINGS = ("A. Victim of a severe form of trafficking in persons", "B. Physical presence on account of trafficking",
            "C. Compliance with reasonable requests for assistance from law enforcement",
            "D. Extreme hardship involving unusual and severe harm upon removal",
            "E. No substantial reason to believe the applicant committed an act of trafficking")


@cache
def _example() -> dict[str, Any]:
    return read_data(EXAMPLES / "tx-labor-adult.case.yml")


def variant(**immigration: Any) -> dict[str, Any]:
    """The example case (fictional) with other immigration facts."""
    data = copy.deepcopy(_example())
    imm = data["survivor"]["immigration"]
    for key in ("first_entry", "valid_nonimmigrant_visa", "status_code"):
        imm.pop(key, None)
    imm.update(immigration)
    return data


def facts(data: dict[str, Any]) -> D.Facts:
    return D.gather(parse_case(data), load_packs())


def render(f: D.Facts, name: str, tmp: Path) -> str:
    spec = next(s for s in D.load_catalogue().for_remedy("us.t_visa").documents if s.name == name)
    out = tmp / f"{name}.docx"
    D.render(D.TEMPLATES_DIR / spec.template, D.context(f, "us.t_visa", spec), out)
    return D.docx_text(out)


def grounds(data: dict[str, Any]) -> dict[str, Any]:
    return {g.id: g for g in assess(parse_case(data), load_packs())}


# --- the rule -------------------------------------------------------------------------------------------------

def test_entry_without_inspection_is_present_without_admission() -> None:
    """INA 212(a)(6)(A)(i) applies after an entry without inspection, even when the case did not list it."""
    g = grounds(variant(entered_without_inspection=True, valid_nonimmigrant_visa=False, departures=[]))
    assert g["entry_without_inspection"].applies is True and g["entry_without_inspection"].filed
    assert g["entry_without_inspection"].section == "212(a)(6)(A)(i)"
    assert g["no_documents"].section == "212(a)(7)(B)(i)(II)"


def test_overstay_who_never_left_is_not_barred_under_9b() -> None:
    """INA 212(a)(9)(B)(i) follows a departure: a B-2 overstay who never left is not inadmissible under it, so a
    listed unlawful_presence ground is left out (and the memo says why); admitted in B-2, not 6(A)(i)."""
    case = variant(status_code="B2", first_entry=True, valid_passport=True, valid_nonimmigrant_visa=True)
    g = grounds(case)
    assert g["unlawful_presence"].applies is False and g["unlawful_presence"].listed
    assert "entry_without_inspection" not in g
    assert not waiver_needed(parse_case(case), load_packs())


def test_departure_after_a_year_of_unlawful_presence_starts_the_ten_year_bar() -> None:
    """INA 212(a)(9)(B)(i)(II): one year or more of unlawful presence, then a departure: 10 years from it."""
    g = grounds(variant(status_code="B2", departures=[{"date": "2021-03-01", "unlawful_presence_days": 400}]))
    up = g["unlawful_presence"]
    assert up.applies is True and up.section == "212(a)(9)(B)(i)(II)" and up.bar_ends == dt.date(2031, 3, 1)


def test_three_year_bar_that_has_run_no_longer_applies() -> None:
    """INA 212(a)(9)(B)(i)(I): more than 180 days and less than a year; the bar runs 3 years from the departure."""
    g = grounds(variant(status_code="B2", departures=[{"date": "2020-01-10", "unlawful_presence_days": 200}]))
    assert g["unlawful_presence"].applies is False
    g = grounds(variant(status_code="B2", departures=[{"date": "2024-01-10", "unlawful_presence_days": 200}]))
    assert g["unlawful_presence"].applies is True and g["unlawful_presence"].section == "212(a)(9)(B)(i)(I)"


def test_unknown_departures_are_a_question_never_a_guess() -> None:
    g = grounds(variant(status_code="B2"))
    assert g["unlawful_presence"].applies is None and g["unlawful_presence"].filed  # listed: placeholder
    assert g["unlawful_presence"].needs == ("survivor.immigration.departures",)


def test_public_charge_never_applies_to_a_t_applicant() -> None:
    """USCIS Policy Manual Vol. 9, Pt. O, Ch. 2: T applicants are not subject to the public charge ground."""
    data = variant(status_code="B2", first_entry=True)
    data["inadmissibility"] = ["public_charge"]
    assert grounds(data)["public_charge"].applies is False


# --- the documents --------------------------------------------------------------------------------------------

def test_example_memorandum_argues_each_element_in_order(tmp_path: Path) -> None:
    text = render(facts(copy.deepcopy(_example())), "cover-letter", tmp_path)
    where = [text.index(h) for h in HEADINGS]
    assert where == sorted(where)
    assert text.index("Statement of facts") < where[0] < text.index("Family members") < text.index("Conclusion")
    for request in ("asked Mateo Ejemplo to assist with: interview. Mateo Ejemplo did so.",
                    "asked Mateo Ejemplo to assist with: identify photos of the supervisors. Mateo Ejemplo did so."):
        assert request in text
    assert "Example Cleaning LLC" in text and "60 hours a week" in text and "paid nothing" in text
    assert "admitted in B\u20112 status" in text and "for the purpose of debt bondage" in text
    assert "T-3, as the unmarried child under 21 of the principal (age 9" in text
    assert "INA 212(a)(7)(B)(i)(II)" in text and "212(a)(9)(B)" not in text   # never left: no 9(B)
    assert "Form G-28" in text   # the enclosure list comes from the assembly (tests/test_filing_sets.py)
    assert "with its English translation" in text and text.rstrip().endswith("Houston TX 77002")
    assert "\nUS\n" not in text   # a U.S. address to USCIS carries no country line
    assert "Sincerely," in text and PLACEHOLDER not in text and internal_markers(text) == []


def test_example_memorandum_cites_declaration_paragraphs_when_given(tmp_path: Path) -> None:
    f = facts(copy.deepcopy(_example()))
    spec = next(s for s in D.load_catalogue().for_remedy("us.t_visa").documents if s.name == "cover-letter")
    ctx = D.context(f, "us.t_visa", spec)
    for el in ctx["elements"]:
        el["decl"] = "Decl. ¶¶ 4–9" if el["id"] == "victim_of_severe_trafficking" else ""
    D.render(D.TEMPLATES_DIR / spec.template, ctx, tmp_path / "m.docx")
    assert "(See Decl. ¶¶ 4–9" in D.docx_text(tmp_path / "m.docx")


def test_ewi_case_files_6a_and_argues_the_connection(tmp_path: Path) -> None:
    data = variant(entered_without_inspection=True, valid_nonimmigrant_visa=False, departures=[])
    data["inadmissibility"] = []
    f = facts(data)
    memo, i192 = render(f, "cover-letter", tmp_path), render(f, "i-192-statement", tmp_path)
    assert "without inspection" in memo and "INA 212(a)(6)(A)(i)" in memo
    assert "A. Present without admission or parole (INA 212(a)(6)(A)(i))" in i192
    assert "The entry was on account of the trafficking" in i192 and "caused by, or been incident to" in i192
    assert "212(a)(9)(B)" not in i192 and internal_markers(i192) == [] and internal_markers(memo) == []


def test_overstay_never_departed_gets_no_waiver(tmp_path: Path) -> None:
    data = variant(status_code="B2", first_entry=True, valid_passport=True, valid_nonimmigrant_visa=True)
    memo = render(facts(data), "cover-letter", tmp_path)
    assert "No ground of inadmissibility applies to Mateo Ejemplo." in memo and "Form I-192" not in memo


def test_departed_after_a_year_files_9b_with_its_departure(tmp_path: Path) -> None:
    data = variant(status_code="B2", valid_passport=True, valid_nonimmigrant_visa=True,
                   departures=[{"date": "2018-06-01", "unlawful_presence_days": 400}])
    i192 = render(facts(data), "i-192-statement", tmp_path)
    assert "(INA 212(a)(9)(B)(i)(II))" in i192 and "left the United States on June 1, 2018 after 400 days" in i192
    assert "bar runs until June 1, 2028" in i192
    # the unlawful presence came before the trafficking (2019): its connection is not shown, so a placeholder
    assert f"Its connection to the trafficking: {PLACEHOLDER}" in i192 and internal_markers(i192) == []


def test_unknown_listed_ground_shows_a_placeholder(tmp_path: Path) -> None:
    data = variant(status_code="B2", valid_passport=True, valid_nonimmigrant_visa=True)
    i192 = render(facts(data), "i-192-statement", tmp_path)
    assert f"Whether this ground applies to Mateo Ejemplo: {PLACEHOLDER}" in i192


def test_minor_exemption_states_the_age_at_the_act(tmp_path: Path) -> None:
    """8 CFR 214.202(c)(1): under 18 at the time of at least one act of trafficking."""
    data = copy.deepcopy(_example())
    data["survivor"]["date_of_birth"] = "2002-05-01"
    text = render(facts(data), "cover-letter", tmp_path)
    assert "is exempt from this requirement: Mateo Ejemplo was under 18 years of age (age 16) when the " \
           "trafficking began on January 7, 2019." in text
    # the requests are argued in the alternative, in the exemption's paragraph (not as the element's own list)
    assert "In the alternative, Mateo Ejemplo has complied with every reasonable request for assistance: on " \
           "February 1, 2020, HSI Houston asked Mateo Ejemplo to assist with: interview, and Mateo Ejemplo did " \
           "so" in text
    assert text.count("asked Mateo Ejemplo to assist with: interview") == 1


def test_trauma_exemption(tmp_path: Path) -> None:
    """8 CFR 214.202(c)(2): unable to cooperate because of physical or psychological trauma."""
    data = copy.deepcopy(_example())
    data["survivor"]["trauma_prevents_cooperation"] = True
    data["law_enforcement"]["contacts"][0]["requests"] = []
    text = render(facts(data), "cover-letter", tmp_path)
    assert "because of the physical or psychological trauma of the trafficking, Mateo Ejemplo is unable to " \
           "cooperate" in text


@pytest.mark.parametrize("missing", ["hardship", "requests"])
def test_missing_facts_are_placeholders(missing: str, tmp_path: Path) -> None:
    data = copy.deepcopy(_example())
    if missing == "hardship":
        data.pop("hardship")
    else:
        data["law_enforcement"]["contacts"][0]["requests"][1]["complied"] = None
    text = render(facts(data), "cover-letter", tmp_path)
    n = 3 if missing == "hardship" else 2
    section = text[text.index(HEADINGS[n]):text.index(HEADINGS[n + 1])]
    assert PLACEHOLDER in section
    assert text.count(PLACEHOLDER) == section.count(PLACEHOLDER)   # nowhere else


def test_preparer_memo_names_grounds_left_out_and_who_signs(tmp_path: Path) -> None:
    f = facts(copy.deepcopy(_example()))
    spec = next(s for s in D.load_catalogue().for_remedy("us.t_visa").documents if s.name == "preparer-memo")
    D.render(D.TEMPLATES_DIR / spec.template, D.context(f, "us.t_visa", spec), tmp_path / "memo.docx")
    text = D.docx_text(tmp_path / "memo.docx")
    assert "Left out of the filing: INA 212(a)(9)(B)(i)" in text and "has not left the United States" in text
    assert "Form I-914, Part 6: the applicant (Mateo Ejemplo)" in text
    assert "Form I-914, Part 7: the interpreter (Ana Traductora)" in text
    assert "Form I-192, Part 5: the preparer (Jordan Example)" in text
    assert "Form I-914: $0.00 [S]" in text and "Form I-914 edition to use: 01/20/25 [S]" in text
    assert "September 9, 2037: Sami Ejemplo" in text   # the child's 21st birthday (age on the filing date)
    assert "passport-style photos" in text


def test_no_ground_is_claimed_while_one_turns_on_an_unknown_fact(tmp_path: Path) -> None:
    """Never left, but whether the passport and visa are valid is unknown: INA 212(a)(7)(B)(i) may apply, so the
    memorandum shows a placeholder instead of saying that no ground applies."""
    data = variant(status_code="B2", first_entry=True)
    memo = render(facts(data), "cover-letter", tmp_path)
    part = memo[memo.index("V. Admissibility"):memo.index("VI. Conclusion")]
    assert PLACEHOLDER in part and "No ground of inadmissibility applies" not in part


def test_memo_asks_for_an_agency_address_the_supplement_b_request_needs(tmp_path: Path) -> None:
    """A Supplement B request goes by mail to the agency: without its address the memo lists it as still unknown."""
    data = copy.deepcopy(_example())
    data["law_enforcement"]["contacts"][0].pop("address")
    memo = render(facts(data), "preparer-memo", tmp_path)
    assert "law_enforcement.contacts[0].address" in memo
    assert "law_enforcement.contacts[0].address" not in render(facts(_example()), "preparer-memo", tmp_path)
