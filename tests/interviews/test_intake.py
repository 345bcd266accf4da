"""The guided intake (interviews/intake.yml) run in the real docassemble engine, from fictional answers
(tests/interviews/answers/*.yml), checked against the case file it builds and the rules' own results."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from docassemble.SurvivorRelief.cases import parse_case, semantic_problems
from docassemble.SurvivorRelief.formatting import date as format_date
from docassemble.SurvivorRelief.labels import needed, remedy_name, status_words
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.deadlines import deadlines
from docassemble.SurvivorRelief.rules.screen import screen as screen_case
from tests.helpers import REPO
from tests.interviews.common import ANSWERS, INTAKE, NEUTRAL_EXIT, answers, blocks
from tests.support import daengine
from tests.support.daengine import ValidationFailed


@pytest.fixture
def intake(da_session: Callable[..., Any]) -> daengine.Session:
    return da_session(INTAKE)


def test_survivor_path_builds_the_case_once_and_shows_the_rules_results(intake: daengine.Session) -> None:
    screens = daengine.run(intake, ANSWERS / "survivor-labor.yml")
    ids = [s.id for s in screens]
    assert ids[:5] == ["sr_language_choice", "intake_role", "intake_start", "intake_content_note", "intake_name"]
    assert ids[-1] == "intake_results" and not any(i.startswith("pro_") for i in ids)
    case = intake.get("case")
    assert case.survivor.pronouns == "they/them" and case.survivor.sex == "X"
    assert case.survivor.immigration.present_in == "us" and case.jurisdictions == ["us", "us-tx"]
    (episode,) = case.trafficking
    assert (episode.start.isoformat(), episode.end.isoformat(), episode.jurisdiction) == \
        ("2019-01-07", "2019-12-29", "us-tx")
    assert episode.work.hours_per_week == 60 and episode.work.wages_paid.amount == 0
    assert case.law_enforcement.reported is True and case.survivor.contact.safe_to_call is False
    assert "Alex" not in case.case_id  # ids go into file names
    final = screens[-1]
    for remedy in screen_case(case, load_packs()).remedies:  # the same rules as `survivorrelief screen`, in words
        assert f"**{remedy_name(remedy.id, 'en')}**: {status_words(remedy.status, 'en')}" in final.subquestion
        assert all(f"* {item}." in final.subquestion for item in needed(remedy.needs_information, "en"))
    for deadline in deadlines(case, load_packs()).deadlines:
        assert all(f": {format_date(day, 'en')}." in final.subquestion for _, day in deadline.ends())
        assert deadline.label not in final.subquestion  # the pack's legal label is for professionals
    assert "Still needed" not in final.subquestion  # element detail is for professionals


def test_professional_path_asks_law_enforcement_details_and_shows_elements(intake: daengine.Session) -> None:
    screens = daengine.run(intake, ANSWERS / "professional.yml")
    assert "pro_law_enforcement" in [s.id for s in screens]
    assert screens[3].subquestion.startswith("Some questions are about what happened to your client")
    case = intake.get("case")
    assert case.law_enforcement.supplement_b == "requested"
    assert case.law_enforcement.criminal_case.status == "investigation"
    assert case.survivor.trauma_prevents_cooperation is False
    assert case.trafficking[0].work.wages_paid.amount == Decimal("1200.5")
    final = screens[-1].subquestion
    result = screen_case(case, load_packs())
    for remedy in result.remedies:
        for element in remedy.elements:
            assert element.reason in final
        if remedy.needs_information:
            assert "Still needed: " + ", ".join(remedy.needs_information) in final


def test_unverified_rules_stay_flagged_on_the_results_screen(intake: daengine.Session) -> None:
    screens = daengine.run(intake, ANSWERS / "survivor-labor.yml")
    case, final = intake.get("case"), screens[-1].subquestion
    flagged = [r for r in screen_case(case, load_packs()).remedies if any("UNVERIFIED" in w for w in r.warnings)]
    assert flagged, "the packs used have UNVERIFIED sources, so the screen must flag some remedy"
    for remedy in flagged:
        after = final.split(f"**{remedy_name(remedy.id, 'en')}**", 1)[1].split("**", 1)[0]
        assert "not yet checked" in after


@pytest.mark.parametrize("path", ["survivor-labor", "survivor-sex-industry", "professional"])
def test_quick_exit_is_on_every_screen(da_session: Callable[..., Any], path: str) -> None:
    screens = daengine.run(da_session(INTAKE), ANSWERS / f"{path}.yml")
    for s in screens:
        assert "sr_quick_exit" in s.actions(), f"no quick exit on {s.id}"
        assert (s.parts["exit link"], s.parts["exit url"]) == ("exit", NEUTRAL_EXIT), s.id
    assert screens[1].parts["exit label"] == "Quick exit"


def test_quick_exit_leaves_for_a_neutral_site_and_deletes_the_answers(intake: daengine.Session) -> None:
    screens = daengine.run(intake, ANSWERS / "survivor-labor.yml", until="intake_episode_when")
    assert intake.defined("survivor.name.first")
    left = intake.action("sr_quick_exit")
    assert (left.command, left.url) == ("exit", screens[-1].parts["exit url"])
    assert intake.ended and "survivor" not in intake.user_dict


def test_title_tab_and_address_do_not_name_the_subject(intake: daengine.Session) -> None:
    first = intake.step()
    visible = [first.parts[k] for k in ("full", "short", "tab")] + [INTAKE]
    for text in visible:
        assert not re.search(r"traffick|exploit|slaver|victim|abuse|smuggl", text, re.IGNORECASE), text


def test_prefer_not_to_answer_leaves_facts_unknown(intake: daengine.Session) -> None:
    daengine.run(intake, ANSWERS / "survivor-sex-industry.yml")
    case = intake.get("case")
    s = case.survivor
    assert (s.sex, s.country_of_birth, s.citizenship, s.date_of_birth, s.name.first) == (None, None, [], None, None)
    assert s.immigration.present_in is None and s.immigration.present_on_account_of_trafficking is None
    assert case.law_enforcement.reported is None and s.contact.safe_to_call is None
    assert case.trafficking[1].end is None and case.trafficking[1].start is None  # ongoing, start not given
    assert case.trafficking[1].country == "MX" and case.trafficking[1].jurisdiction is None
    needs = {n for r in screen_case(case, load_packs()).remedies for n in r.needs_information}
    assert "survivor.date_of_birth" in needs  # unknown facts come back as information still needed


def _to_screen(intake: daengine.Session, screen_id: str, **changes: Any) -> daengine.Screen:
    screens = daengine.run(intake, {**answers("survivor-labor"), **changes}, until=screen_id)
    assert screens[-1].id == screen_id
    return screens[-1]


@pytest.mark.parametrize("screen_id, change, message", [
    ("intake_episode_when", {"trafficking[0].end": "2018-12-31"},
     "The end date is before the start date. Please check both dates."),
    ("intake_episode_when", {"trafficking[0].start": "2030-01-01", "trafficking[0].sr_still_happening": "yes"},
     "This date is in the future. Please check it."),
    ("intake_episode_when", {"trafficking[0].start": "1990-01-01"},
     "The date of birth is after the date this started. Please check both dates."),
    ("intake_episode_work", {"trafficking[0].work.hours_per_week": 200},
     "A week has only 168 hours. Please give a number from 0 to 168."),
    ("intake_episode_work", {"trafficking[0].work.wages_paid.amount": -5},
     "The amount cannot be less than zero. Write 0 if you were paid nothing."),
    ("intake_birth", {"survivor.date_of_birth": "2090-01-01"}, "The date of birth is in the future. Please check it."),
])
def test_impossible_answers_are_refused_in_plain_words(intake: daengine.Session, screen_id: str, change: dict,
                                                       message: str) -> None:
    screen = _to_screen(intake, screen_id)
    given = {**answers("survivor-labor"), **change}
    with pytest.raises(ValidationFailed) as err:
        intake.answer({f.variable: given[f.variable] for f in screen.fields if f.variable in given})
    assert err.value.message == message
    assert intake.step().id == screen_id  # still on the same screen


def test_date_order_check_is_the_cli_check() -> None:
    """The interview's refusal of an end before the start comes from cases.semantic_problems, as in the CLI."""
    case = parse_case({"case_id": "x", "trafficking": [{"start": "2019-01-07", "end": "2018-12-31"}]})
    assert [p.path for p in semantic_problems(case, [])] == ["trafficking[0].end"]


def test_a_problem_left_at_the_end_is_shown_not_crashed(intake: daengine.Session) -> None:
    _to_screen(intake, "intake_evidence_another")
    intake.set({"survivor.date_of_birth": "2019-06-01"})  # after the episode start, set behind the form's back
    intake.answer({"evidence.there_is_another": False})
    shown = intake.step()
    assert shown.id == "sr_fix_answers" and shown.is_end
    assert "The date of birth is after the date this started." in shown.subquestion


def test_every_question_has_a_unique_id() -> None:
    ids = [(path.name, b.get("id")) for path, b in blocks() if "question" in b]
    assert ids and all(i for _, i in ids), [p for p, i in ids if not i]
    every_id = [b["id"] for _, b in blocks() if "id" in b]
    assert len(every_id) == len(set(every_id)), sorted(i for i in every_id if every_id.count(i) > 1)


def test_dayamlchecker_passes() -> None:
    checker = Path(sys.executable).parent / "dayamlchecker"
    files = sorted(str(p) for p in (REPO / "interviews").glob("*.yml"))
    done = subprocess.run([str(checker), "--no-url-check", *files], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "No issues found" in done.stdout
