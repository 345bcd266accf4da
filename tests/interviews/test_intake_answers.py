"""intake.py without docassemble: plain answers -> the case file the CLI reads, problems in plain words."""

from __future__ import annotations

import datetime as dt
import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from docassemble.SurvivorRelief import intake
from docassemble.SurvivorRelief.cases import load_case, parse_case, semantic_problems
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.packs import load_packs
from tests.helpers import EXAMPLES, run_cli

EPISODE = {"form": "labor", "start": dt.datetime(2019, 1, 7), "end": dt.datetime(2019, 12, 29),
           "jurisdiction": "us-tx", "country": "US", "place": "Houston", "means": ["fraud", "prefer_not"],
           "hours_per_week": 60.0, "wages_paid": 0, "currency": "USD"}
ANSWERS = {"case_id": "intake-test", "as_of": dt.datetime(2026, 6, 1), "jurisdictions": ["us", "us-tx"],
           "first_name": " Alex ", "last_name": "", "pronouns": "they/them", "date_of_birth": dt.datetime(1995, 2, 3),
           "sex": "prefer_not", "citizenship": "GT", "present_in": "US", "present_because_of_trafficking": "yes",
           "reported": "no", "safe_to_call": "prefer_not", "supplement_b": None, "episodes": [EPISODE]}


def test_answers_become_the_contract_case_file() -> None:
    case = intake.case_from_answers(ANSWERS)
    assert case.case_id == "intake-test" and case.as_of == dt.date(2026, 6, 1)
    assert case.survivor.name.first == "Alex" and case.survivor.name.last is None
    assert case.survivor.date_of_birth == dt.date(1995, 2, 3)  # interview datetimes become days
    assert case.survivor.citizenship == ["GT"] and case.survivor.immigration.present_in == "us"
    assert case.survivor.immigration.present_on_account_of_trafficking is True
    assert case.law_enforcement.reported is False
    episode = case.trafficking[0]
    assert episode.means == ["fraud"] and episode.work.hours_per_week == Decimal("60.0")
    assert episode.work.wages_paid.amount == 0 and episode.work.wages_paid.currency == "USD"


def test_prefer_not_blank_and_none_all_mean_unknown() -> None:
    case = intake.case_from_answers(ANSWERS)
    assert case.survivor.sex is None and case.survivor.contact.safe_to_call is None
    assert case.law_enforcement.supplement_b is None
    for value in (intake.PREFER_NOT, "", "  ", None):
        assert intake.case_from_answers({**ANSWERS, "reported": value}).law_enforcement.reported is None


def test_money_without_an_amount_drops_the_currency() -> None:
    case = intake.case_from_answers({**ANSWERS, "episodes": [{**EPISODE, "wages_paid": ""}]})
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
    ({"episodes": [{**EPISODE, "end": dt.datetime(2018, 1, 1)}]}, "episodes[0].end",
     "The end date is before the start date. Please check both dates."),
    ({"episodes": [{**EPISODE, "hours_per_week": 169}]}, "episodes[0].hours_per_week",
     "A week has only 168 hours. Please give a number from 0 to 168."),
    ({"episodes": [{**EPISODE, "hours_per_week": "lots"}]}, "episodes[0].hours_per_week",
     "Please give the hours as a number, for example 60."),
    ({"episodes": [{**EPISODE, "wages_paid": -0.01}]}, "episodes[0].wages_paid",
     "The amount cannot be less than zero. Write 0 if you were paid nothing."),
    ({"date_of_birth": dt.date(2030, 1, 1)}, "date_of_birth", "The date of birth is in the future. Please check it."),
    ({"jurisdictions": ["atlantis"]}, "jurisdictions", "Please choose a place from the list."),
])
def test_problems_name_the_answer_in_plain_words(change: dict, key: str, message: str) -> None:
    with pytest.raises(InputError) as err:
        intake.case_from_answers({**ANSWERS, **change})
    assert (key, message) in [(p.path, p.message) for p in err.value.problems]


def test_hours_limits_come_from_the_case_model() -> None:
    """168 hours is allowed and 168.5 is not: the bound is the one cases.Work enforces for the CLI."""
    ok = intake.answer_problems({**ANSWERS, "episodes": [{**EPISODE, "hours_per_week": 168}]})
    over = intake.answer_problems({**ANSWERS, "episodes": [{**EPISODE, "hours_per_week": 168.5}]})
    assert ok == [] and [p.path for p in over] == ["episodes[0].hours_per_week"]


def test_date_order_problem_is_found_by_the_cli_check_too() -> None:
    data = intake.case_data({**ANSWERS, "episodes": [{**EPISODE, "end": dt.datetime(2018, 1, 1)}]})
    problems = semantic_problems(parse_case(data), load_packs().ids())
    assert [p.path for p in problems] == ["trafficking[0].end"]
    assert intake.answer_key(problems[0].path) == "episodes[0].end"


def test_problems_in_spanish() -> None:
    problems = intake.answer_problems({**ANSWERS, "episodes": [{**EPISODE, "end": dt.datetime(2018, 1, 1)}]},
                                      language="es")
    assert problems[0].message.startswith("La fecha del final es anterior")


def test_episode_problems_use_the_episode_keys_and_the_birth_date() -> None:
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


@pytest.mark.parametrize("case_path, key", [
    ("law_enforcement.contacts[1].requests[0].date", "le_contacts[1].requests[0].date"),
    ("losses[2].amount.amount", "losses[2].amount"),
    ("losses[2].amount", "losses[2].amount"),
    ("family[0].name.first", "family[0].first_name"),
    ("trafficking[0].traffickers[1].kind", "episodes[0].traffickers[1].kind"),
    ("trafficking[0].work.defendant_gross_income.amount", "episodes[0].defendant_gross_income"),
    ("survivor.contact.physical_address.postal_code", "home_address"),
    ("statement.sections_en.fears", "statement_en_fears"),
])
def test_every_case_path_names_the_answer_it_comes_from(case_path: str, key: str) -> None:
    assert intake.answer_key(case_path) == key


def test_list_answers_become_case_lists() -> None:
    case = intake.case_from_answers({
        **ANSWERS,
        "le_contacts": [{"agency": " HSI ", "level": "prefer_not", "date": dt.datetime(2020, 1, 15),
                         "address": {"city": "Houston", "street": ""},
                         "requests": [{"description": "interview", "complied": "no", "reason_not": "afraid"}]}],
        "losses": [{"kind": "medical", "amount": 850.5, "currency": "usd"}],
        "family": [{"relationship": "child", "first_name": "Sami", "married": "no", "child_of": "prefer_not"},
                   {"relationship": "other", "child_of": "0", "in_present_danger": "yes"}],
        "evidence": [{"kind": "photo", "losses": ["1"]}, {"kind": "receipt", "language": "es"}],
        "evidence_order": "2, 1", "inadmissibility": [], "hardship": "Threats at home\n\n  ",
    })
    (contact,) = case.law_enforcement.contacts
    assert (contact.agency, contact.level, contact.address.city) == ("HSI", None, "Houston")
    assert contact.address.street is None
    assert contact.requests[0].complied is False and contact.requests[0].reason_not == "afraid"
    assert case.losses[0].amount.amount == Decimal("850.5") and case.losses[0].amount.currency == "USD"
    assert case.losses[0].evidence == ["e1"]
    assert [m.child_of for m in case.family] == [None, 0] and case.family[1].in_present_danger is True
    assert [e.id for e in case.evidence] == ["e2", "e1"]
    assert case.inadmissibility == [] and case.hardship == ["Threats at home"]  # asked: none / one


def test_item_answers_read_only_what_was_asked() -> None:
    class Item:  # stands for a docassemble DAObject: attributes set by the questions asked
        pass

    item = Item()
    item.kind, item.description = "medical", "ER"
    assert intake.item_answers(item, "losses") == {"kind": "medical", "description": "ER"}
    assert intake.item_answers({"name": "X", "other": 1}, "episodes.traffickers") == {"name": "X"}


def test_uploaded_file_problems_are_plain_and_hold_no_case_text(tmp_path: Path) -> None:
    path = tmp_path / "x.case.yml"
    path.write_text("case_id: x\nsurvivor: {date_of_birth: 2090-01-01}\nlosses: [{kind: medical}]\n")
    with pytest.raises(InputError) as err:
        intake.load_case_file(path, language="es")
    assert [p.message for p in err.value.problems] == ["Aquí falta algo necesario. (losses[0].amount)"]
