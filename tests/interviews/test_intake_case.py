"""The whole case, told once in the intake (tests/interviews/paths/intake-*.yml), run in the real docassemble
engine: the `case` it builds equals, fact by fact, what the CLI reads from a case file with the same facts; the
download is a file `survivorrelief check` accepts; an uploaded case file resumes the case through the CLI's checks,
and a bad one is refused in plain words."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from docassemble.SurvivorRelief.cases import Case, load_case
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.screen import screen as screen_case
from tests.helpers import EXAMPLES, run_cli
from tests.interviews.common import ANSWERS, INTAKE, answers
from tests.support import daengine
from tests.support.daengine import ValidationFailed

PATHS = Path(__file__).resolve().parent / "paths"
# What the interview does not ask: the id (made fresh, never the survivor's name), the example marker, the
# screening date (today), the locale (the interview's language), and the evidence files (uploaded in evidence.yml).
NOT_ASKED = {"case_id", "example", "as_of", "locale"}
EVIDENCE_FILES = {"file", "translation_file"}


@functools.cache
def path_run(name: str) -> tuple[daengine.Session, tuple[daengine.Screen, ...]]:
    """Run paths/NAME.yml once per test session (the engine must be booted: use the ``da_engine`` fixture)."""
    session = daengine.Session(INTAKE)
    screens = daengine.run(session, PATHS / f"{name}.yml")
    return session, tuple(screens)


def facts(case: Case) -> dict[str, Any]:
    """The case as plain data, without what the interview does not ask; blank and unknown values left out."""
    def clean(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: clean(v) for k, v in value.items() if v not in (None, "") and k not in EVIDENCE_FILES}
        if isinstance(value, list):
            return [clean(v) for v in value]
        return value

    data = clean(case.model_dump())  # Python values: Decimal("60.0") == Decimal("60")
    return {k: v for k, v in data.items() if k not in NOT_ASKED}


TX = EXAMPLES / "tx-labor-adult.case.yml"


@pytest.mark.parametrize("field", ["survivor", "trafficking", "identification", "law_enforcement", "losses", "family",
                                   "inadmissibility", "hardship", "evidence", "statement", "representative",
                                   "jurisdictions", "filings"])
def test_professional_intake_builds_the_example_case_field_by_field(da_engine: Any, field: str) -> None:
    """intake-tx-labor-adult.yml answers every question for the client of examples/tx-labor-adult.case.yml."""
    session, screens = path_run("intake-tx-labor-adult")
    assert screens[-1].id == "intake_results"
    built, expected = facts(session.get("case")), facts(load_case(TX))
    assert built.get(field) == expected.get(field)


def test_professional_intake_asks_everything_the_example_holds(da_engine: Any) -> None:
    session, _ = path_run("intake-tx-labor-adult")
    assert facts(session.get("case")) == facts(load_case(TX))
    assert session.get("case").survivor.name.middle is None  # "" in the file: nothing to tell apart


def test_download_is_a_case_file_the_cli_accepts(da_engine: Any, tmp_path: Path) -> None:
    session, screens = path_run("intake-tx-labor-adult")
    case = session.get("case")
    download = Path(session.get("sr_case_file.path()"))
    assert session.get("sr_case_file.filename") == f"{case.case_id}.case.yml" and "Mateo" not in case.case_id
    assert "Download the case file" in screens[-1].subquestion
    copy = tmp_path / "downloaded.case.yml"
    copy.write_bytes(download.read_bytes())
    done = run_cli("check", str(copy), "--json")
    assert done.returncode == 0, done.stderr
    assert load_case(copy) == case


def test_survivor_who_prefers_not_to_answer_leaves_the_facts_unknown(da_engine: Any) -> None:
    session, screens = path_run("intake-survivor-prefer-not")
    assert not [s.id for s in screens if s.id and s.id.startswith("pro_")]
    case = session.get("case")
    s = case.survivor
    assert (s.name.first, s.pronouns, s.languages, s.contact.physical_address, s.contact.safe_mailing_address,
            s.contact.phone, s.contact.safe_to_call) == (None, None, [], None, None, None, None)
    (episode,) = case.trafficking
    assert [t.model_dump(exclude_none=True) for t in episode.traffickers] == [{}]  # told there was someone, no more
    (contact,) = case.law_enforcement.contacts
    assert contact.level is None and contact.agency is None
    assert [r.complied for r in contact.requests] == [None]
    assert case.family[0].married is None and case.family[0].in_present_danger is None
    assert case.family[0].relationship == "parent"
    assert case.evidence[0].language is None and case.evidence[0].id == "e1"
    assert case.statement is None and case.representative is None and case.filings is None
    assert case.inadmissibility is None and case.hardship is None  # never asked of a survivor
    needs = {n for r in screen_case(case, load_packs()).remedies for n in r.needs_information}
    assert "survivor.date_of_birth" in needs


@pytest.mark.parametrize("example", sorted(p.name for p in EXAMPLES.glob("*.case.yml")))
def test_uploaded_case_file_resumes_the_case(da_session: Callable[..., Any], example: str) -> None:
    session = da_session(INTAKE)
    given = {"sr_language": "en", "user_role": "professional", "sr_start": "upload", "content_note_seen": True,
             "sr_case_upload": str(EXAMPLES / example)}
    screens = daengine.run(session, given)
    assert [s.id for s in screens] == ["sr_language_choice", "intake_role", "intake_start", "intake_case_upload",
                                       "intake_content_note", "intake_results"]
    expected = load_case(EXAMPLES / example)
    assert session.get("case") == expected
    downloaded = yaml.safe_load(Path(session.get("sr_case_file.path()")).read_text(encoding="utf-8"))
    assert Case.model_validate(downloaded) == expected


def _upload(da_session: Callable[..., Any], path: Path, language: str = "en") -> str:
    session = da_session(INTAKE)
    given = {"sr_language": language, "user_role": "survivor", "sr_start": "upload"}
    screen = daengine.run(session, given, until="intake_case_upload")[-1]
    with pytest.raises(ValidationFailed) as err:
        session.answer({"sr_case_upload": str(path)})
    assert err.value.variable == "sr_case_upload" and session.step().id == screen.id
    return err.value.message


def test_uploaded_case_with_dates_out_of_order_is_refused_in_plain_words(da_session: Callable[..., Any],
                                                                          tmp_path: Path) -> None:
    data = yaml.safe_load(TX.read_text(encoding="utf-8"))
    data["trafficking"][0]["end"] = "2018-12-31"
    data["trafficking"][0]["work"]["hours_per_week"] = 200
    bad = tmp_path / "bad.case.yml"
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    message = _upload(da_session, bad)
    assert "A week has only 168 hours. Please give a number from 0 to 168. (trafficking[0].work.hours_per_week)" \
        in message
    data["trafficking"][0]["work"]["hours_per_week"] = 60
    bad.write_text(yaml.safe_dump(data), encoding="utf-8")
    assert _upload(da_session, bad) == \
        "The end date is before the start date. Please check both dates. (trafficking[0].end)"
    assert _upload(da_session, bad, "es") == \
        "La fecha del final es anterior a la fecha del comienzo. Revise las dos fechas. (trafficking[0].end)"


def test_uploaded_file_that_is_not_a_case_file_is_refused(da_session: Callable[..., Any], tmp_path: Path) -> None:
    broken = tmp_path / "notes.yml"
    broken.write_text("survivor: [unclosed\n", encoding="utf-8")
    assert _upload(da_session, broken) == \
        "We cannot read this file. Please upload the case file (.case.yml) you saved."
    misspelt = tmp_path / "misspelt.case.yml"
    misspelt.write_text("case_id: x\nsurvivor: {nmae: {first: Secret}}\n", encoding="utf-8")
    message = _upload(da_session, misspelt)
    assert message == "This part of the file is not in the form we expect. (survivor.nmae)"
    assert "Secret" not in message


@pytest.mark.parametrize("screen_id, change, variable, message", [
    ("intake_loss", {"losses[0].amount.amount": -20}, "losses[i].amount.amount",
     "The amount cannot be less than zero. Please check it."),
    ("intake_le_request", {"law_enforcement.contacts[0].requests[0].date": "2020-01-01"},
     "law_enforcement.contacts[i].requests[j].date",
     "This date is before the date you first talked to them. Please check both dates."),
])
def test_new_impossible_answers_are_refused_in_plain_words(da_session: Callable[..., Any], screen_id: str,
                                                           change: dict, variable: str, message: str) -> None:
    """The CLI's rules: money is not negative; a request comes after the first contact (cases.semantic_problems).

    The refused variable is named as on the screen's form (with docassemble's index letters).
    """
    session = da_session(INTAKE)
    given = {**answers("survivor-labor"), **change}
    screen = daengine.run(session, given, until=screen_id)[-1]
    with pytest.raises(ValidationFailed) as err:
        session.answer({f.variable: given[f.variable] for f in screen.fields if f.variable in given})
    assert (err.value.variable, err.value.message) == (variable, message)
    assert session.step().id == screen_id


@pytest.mark.parametrize("screen_id, change, variable, message", [
    ("pro_episode_work", {"trafficking[0].work.days_per_week": 9}, "trafficking[i].work.days_per_week",
     "A week has 7 days. Please give a number from 1 to 7."),
    ("pro_evidence_order", {"evidence_order_answer": "1, 1, 2, 3, 4"}, "evidence_order_answer",
     "Please list each number once, for example 3, 1, 2."),
])
def test_professional_answers_are_checked_too(da_session: Callable[..., Any], screen_id: str, change: dict,
                                              variable: str, message: str) -> None:
    session = da_session(INTAKE)
    given = {**yaml.safe_load((PATHS / "intake-tx-labor-adult.yml").read_text(encoding="utf-8")), **change}
    screen = daengine.run(session, given, until=screen_id)[-1]
    with pytest.raises(ValidationFailed) as err:
        session.answer({f.variable: given[f.variable] for f in screen.fields if f.variable in given})
    assert (err.value.variable, err.value.message) == (variable, message)


def test_evidence_order_and_filing_choices_reach_the_case(da_session: Callable[..., Any]) -> None:
    session = da_session(INTAKE)
    given = {**yaml.safe_load((PATHS / "intake-tx-labor-adult.yml").read_text(encoding="utf-8")),
             "evidence_order_answer": "2, 1, 3, 4, 5", "filings": ["us.t_visa", "us-tx.cvc"]}
    daengine.run(session, given)
    case = session.get("case")
    assert [e.id for e in case.evidence] == ["e2", "e1", "e3", "e4", "e5"]
    assert [loss.evidence for loss in case.losses] == [["e3"], ["e4"]]  # ids follow the order told, not the order filed
    assert case.filings == ["us.t_visa", "us-tx.cvc"]


def test_a_changed_answer_changes_the_case(da_session: Callable[..., Any]) -> None:
    """`case` is reconsidered on every screen: filing interviews always see the answers as they are now."""
    session = da_session(INTAKE)
    daengine.run(session, ANSWERS / "survivor-labor.yml")
    assert session.get("case").survivor.name.first == "Alex"
    session.set({"survivor.name.first": "Alexis"})
    session.step()
    assert session.get("case").survivor.name.first == "Alexis"
