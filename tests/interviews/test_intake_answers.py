"""intake.py without docassemble: answers named by their case path -> the case file the CLI reads, problems in plain
words. The answers here are plain mappings and stand-in objects; the interview's are docassemble objects of the same
shape (tests/interviews/test_intake_case.py runs those)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from docassemble.SurvivorRelief import intake
from docassemble.SurvivorRelief.cases import load_case, parse_case, semantic_problems
from docassemble.SurvivorRelief.errors import InputError, Problem
from docassemble.SurvivorRelief.packs import load_packs
from tests.helpers import EXAMPLES, run_cli

EPISODE = {"form": "labor", "start": dt.datetime(2019, 1, 7), "end": dt.datetime(2019, 12, 29),
           "jurisdiction": "us-tx", "country": "US", "place": "Houston", "means": ["threats", "fraud", "prefer_not"],
           "work": {"hours_per_week": 60.0, "wages_paid": {"amount": 0, "currency": "USD"}}}
ANSWERS = {"case_id": "intake-test", "as_of": dt.datetime(2026, 6, 1), "jurisdictions": ["us", "us-tx"],
           "survivor": {"name": {"first": " Alex ", "last": ""}, "pronouns": "they/them",
                        "date_of_birth": dt.datetime(1995, 2, 3), "sex": "prefer_not", "citizenship": "GT",
                        "immigration": {"present_in": "us", "present_on_account_of_trafficking": "yes"},
                        "contact": {"safe_to_call": "prefer_not"}},
           "law_enforcement": {"reported": "no", "supplement_b": None}, "trafficking": [EPISODE]}


def told(**changes: Any) -> dict[str, Any]:
    """ANSWERS with some answers changed, given by case path (``survivor.date_of_birth``, ``trafficking``)."""
    out = copy.deepcopy(ANSWERS)
    for path, value in changes.items():
        *parents, last = path.split("__")
        place = out
        for part in parents:
            place = place.setdefault(part, {})
        place[last] = value
    return out


def episode(**changes: Any) -> list[dict[str, Any]]:
    return [{**copy.deepcopy(EPISODE), **changes}]


def work(**changes: Any) -> dict[str, Any]:
    return {**copy.deepcopy(EPISODE["work"]), **changes}


def test_answers_become_the_contract_case_file() -> None:
    case = intake.case_from_answers(ANSWERS)
    assert case.case_id == "intake-test" and case.as_of == dt.date(2026, 6, 1)
    assert case.survivor.name.first == "Alex" and case.survivor.name.last is None
    assert case.survivor.date_of_birth == dt.date(1995, 2, 3)  # interview datetimes become days
    assert case.survivor.citizenship == ["GT"] and case.survivor.immigration.present_in == "us"
    assert case.survivor.immigration.present_on_account_of_trafficking is True
    assert case.law_enforcement.reported is False
    episode = case.trafficking[0]
    assert episode.means == ["fraud", "threats"] and episode.work.hours_per_week == Decimal("60.0")  # model order
    assert episode.work.wages_paid.amount == 0 and episode.work.wages_paid.currency == "USD"


def test_prefer_not_blank_and_none_all_mean_unknown() -> None:
    case = intake.case_from_answers(ANSWERS)
    assert case.survivor.sex is None and case.survivor.contact.safe_to_call is None
    assert case.law_enforcement.supplement_b is None
    for value in (intake.PREFER_NOT, "", "  ", None):
        assert intake.case_from_answers(told(law_enforcement__reported=value)).law_enforcement.reported is None
    assert intake.case_from_answers({**ANSWERS, "law_enforcement": {}}).law_enforcement.reported is None  # not asked


def test_an_optional_radio_left_unanswered_on_the_web_is_unknown() -> None:
    """docassemble's web form writes an optional radio nobody chose as the text "None" (seen in Chromium)."""
    assert intake.case_from_answers(told(law_enforcement__reported="None")).law_enforcement.reported is None
    assert intake.answer_problems(told(law_enforcement__reported="None")) == []


def test_money_without_an_amount_drops_the_currency() -> None:
    case = intake.case_from_answers(told(trafficking=episode(work=work(wages_paid={"amount": "", "currency": "USD"}))))
    assert case.trafficking[0].work.wages_paid is None


def test_the_built_case_passes_the_cli_check(tmp_path: Path) -> None:
    case = intake.case_from_answers(ANSWERS)
    path = tmp_path / "intake.case.json"
    path.write_text(json.dumps(case.model_dump(mode="json", exclude_none=True)))
    done = run_cli("check", str(path))
    assert done.returncode == 0, done.stderr


def test_a_new_case_id_fits_the_pattern_and_holds_no_name() -> None:
    ids = {intake.new_case_id() for _ in range(20)}
    assert len(ids) == 20 and all(re.fullmatch(r"intake-[0-9a-f]{8}", i) for i in ids)
    assert intake.case_from_answers({**ANSWERS, "case_id": None}).case_id.startswith("intake-")


@pytest.mark.parametrize("change, key, message", [
    ({"trafficking": episode(end=dt.datetime(2018, 1, 1))}, "trafficking[0].end",
     "The end date is before the start date. Please check both dates."),
    ({"trafficking": episode(work=work(hours_per_week=169))}, "trafficking[0].work.hours_per_week",
     "A week has only 168 hours. Please give a number from 0 to 168."),
    ({"trafficking": episode(work=work(hours_per_week="lots"))}, "trafficking[0].work.hours_per_week",
     "Please give the hours as a number, for example 60."),
    ({"trafficking": episode(work=work(wages_paid={"amount": -0.01, "currency": "USD"}))},
     "trafficking[0].work.wages_paid.amount", "The amount cannot be less than zero. Write 0 if you were paid nothing."),
    ({"survivor__date_of_birth": dt.date(2030, 1, 1)}, "survivor.date_of_birth",
     "The date of birth is in the future. Please check it."),
    ({"jurisdictions": ["atlantis"]}, "jurisdictions", "Please choose a place from the list."),
])
def test_problems_name_the_question_variable_in_plain_words(change: dict, key: str, message: str) -> None:
    """A problem names the field, which is the variable of the question that asks it (with indices)."""
    with pytest.raises(InputError) as err:
        intake.case_from_answers(told(**change))
    assert (key, message) in [(p.path, p.message) for p in err.value.problems]


def test_hours_limits_come_from_the_case_model() -> None:
    """168 hours is allowed and 168.5 is not: the bound is the one cases.Work enforces for the CLI."""
    ok = intake.answer_problems(told(trafficking=episode(work=work(hours_per_week=168))))
    over = intake.answer_problems(told(trafficking=episode(work=work(hours_per_week=168.5))))
    assert ok == [] and [p.path for p in over] == ["trafficking[0].work.hours_per_week"]


def test_date_order_problem_is_found_by_the_cli_check_too() -> None:
    data = intake.case_data(told(trafficking=episode(end=dt.datetime(2018, 1, 1))))
    problems = semantic_problems(parse_case(data), load_packs().ids())
    assert [p.path for p in problems] == ["trafficking[0].end"]
    assert [p.path for p in intake.answer_problems(told(trafficking=episode(end=dt.datetime(2018, 1, 1))))] == \
        ["trafficking[0].end"]


def test_problems_in_spanish() -> None:
    problems = intake.answer_problems(told(trafficking=episode(end=dt.datetime(2018, 1, 1))), language="es")
    assert problems[0].message.startswith("La fecha del final es anterior")


def test_episode_problems_use_the_paths_inside_the_episode_and_the_birth_date() -> None:
    found = intake.episode_problems({"start": dt.date(1990, 1, 1)}, date_of_birth=dt.date(1995, 2, 3))
    assert [(p.path, p.message) for p in found] == \
        [("start", "The date of birth is after the date this started. Please check both dates.")]


def test_country_options_are_iso_codes_named_in_the_language() -> None:
    english, spanish = intake.country_options("en"), intake.country_options("es")
    assert english[0] == {intake.PREFER_NOT: "I prefer not to answer"}
    codes = [next(iter(o)) for o in english[1:]]
    assert all(re.fullmatch(r"[A-Z]{2}", c) for c in codes) and "EU" not in codes and "US" in codes
    assert {"DE": "Alemania"} in spanish and {"DE": "Germany"} in english


def test_place_options_follow_the_packs() -> None:
    packs = load_packs()
    places = [next(iter(o)) for o in intake.help_place_options()]
    assert places == [p.id for p in packs if p.country] and "coe" not in places
    assert intake.place_country("us-tx") == packs.get("us-tx").country
    assert intake.place_country("elsewhere") is None
    assert intake.currency_for(["zz", "us-tx"]) == packs.get("us-tx").currency


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.case.yml")))
def test_case_yaml_is_the_case_file_the_cli_reads(example: str, tmp_path: Path) -> None:
    case = load_case(EXAMPLES / example)
    text = intake.case_yaml(case)
    assert parse_case(yaml.safe_load(text)) == case
    assert intake.case_file_name(case) == f"{case.case_id}.case.yml"
    assert intake.load_case_file(EXAMPLES / example) == case


@pytest.mark.parametrize("case_path, variable", [
    ("law_enforcement.contacts[1].requests[0].date", "law_enforcement.contacts[1].requests[0].date"),
    ("losses[2].amount.amount", "losses[2].amount.amount"),
    ("losses[2].amount", "losses[2].amount.amount"),
    ("family[0].name.first", "family[0].name.first"),
    ("trafficking[0].traffickers[1].kind", "trafficking[0].traffickers[1].kind"),
    ("trafficking[0].work.defendant_gross_income", "trafficking[0].work.defendant_gross_income.amount"),
    ("survivor.contact.physical_address.postal_code", "survivor.contact.physical_address.postal_code"),
    ("statement.sections_en.fears", "statement.sections_en.fears"),
    ("jurisdictions[1]", "jurisdictions"),
])
def test_every_case_path_names_the_question_variable_it_comes_from(case_path: str, variable: str) -> None:
    """No table in between: a problem's path is the question's variable; a whole sum of money stands for its
    amount, an item of a checkbox list for the list."""
    assert intake._leaf(case_path) == variable


class Item:  # stands for a docassemble DAObject: attributes set by the questions asked
    def __init__(self, **told: Any) -> None:
        vars(self).update(told)


def test_list_answers_become_case_lists() -> None:
    evidence = [Item(kind="photo", sr_losses={"1": True, "2": False}), Item(kind="receipt", language="es")]
    case = intake.case_from_answers({
        **ANSWERS,
        "law_enforcement": Item(contacts=[Item(agency=" HSI ", level="prefer_not", date=dt.datetime(2020, 1, 15),
                                               address=Item(city="Houston", street=""),
                                               requests=[Item(description="interview", complied="no",
                                                              reason_not="afraid")])]),
        "losses": [Item(kind="medical", amount=Item(amount=850.5, currency="usd"))],
        "family": [Item(relationship="child", name=Item(first="Sami"), married="no", child_of="prefer_not"),
                   Item(relationship="other", child_of="0", in_present_danger="yes")],
        "evidence": evidence, "inadmissibility": {"criminal": False}, "hardship": "Threats at home\n\n  ",
    }, evidence_order="2, 1")
    (contact,) = case.law_enforcement.contacts
    assert (contact.agency, contact.level, contact.address.city) == ("HSI", None, "Houston")
    assert contact.address.street is None
    assert contact.requests[0].complied is False and contact.requests[0].reason_not == "afraid"
    assert case.losses[0].amount.amount == Decimal("850.5") and case.losses[0].amount.currency == "USD"
    assert case.losses[0].evidence == ["e1"]
    assert [m.child_of for m in case.family] == [None, 0] and case.family[1].in_present_danger is True
    assert [e.id for e in case.evidence] == ["e2", "e1"]
    assert case.inadmissibility == [] and case.hardship == ["Threats at home"]  # asked: none / one
    assert intake.case_from_answers(ANSWERS).inadmissibility is None  # not asked


def test_only_the_case_fields_are_read() -> None:
    """What an interview keeps for itself (``sr_`` attributes, DAList bookkeeping) never reaches the case."""
    item = Item(kind="medical", description="ER", sr_losses={"1": True}, complete=True, there_is_another=False)
    case = intake.case_from_answers({**ANSWERS, "evidence": [item]})
    assert case.evidence[0].model_dump(exclude_none=True, exclude_defaults=True) == \
        {"id": "e1", "kind": "medical", "description": "ER"}


def test_mappings_are_read_by_their_value_type() -> None:
    """A mapping field (statement sections, filing dates by remedy) is an object's attributes, each read by the
    mapping's value type; docassemble's own attributes are never keys."""
    filed_on = Item(instanceName="filed_on", attrList=[], has_nonrandom_instance_name=True)
    setattr(filed_on, "us.t_visa", dt.datetime(2026, 2, 1))
    sections = Item(instanceName="statement.sections", escape=" I ran. ", fears="", sr_note="x")
    case = intake.case_from_answers({**ANSWERS, "filed_on": filed_on, "statement": Item(sections=sections)})
    assert case.filed_on == {"us.t_visa": dt.date(2026, 2, 1)} and case.statement.sections == {"escape": "I ran."}


def test_a_bad_filing_order_is_refused_in_plain_words() -> None:
    assert intake.order_problems("1, 1", 2) == [Problem("evidence_order", "Please list each number once, for "
                                                                          "example 3, 1, 2.")]
    assert intake.order_problems("", 2) == [] and intake.order_problems("2 1", 2) == []


def test_uploaded_file_problems_are_plain_and_hold_no_case_text(tmp_path: Path) -> None:
    path = tmp_path / "x.case.yml"
    path.write_text("case_id: x\nsurvivor: {date_of_birth: 2090-01-01}\nlosses: [{kind: medical}]\n")
    with pytest.raises(InputError) as err:
        intake.load_case_file(path, language="es")
    assert [p.message for p in err.value.problems] == ["Aquí falta algo necesario. (losses[0].amount)"]
