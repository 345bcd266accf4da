"""Survivor-facing wording of the intake, read as the engine renders it in survivor mode.

Survivor-facing = every question block whose id does not start with ``pro_`` (see the head of
interviews/sr_intake_questions.yml). Scored per screen: the question, subquestion, field labels, hints and
the choices written in the YAML; choices computed by ``code:`` (countries, places, currencies) are names,
not wording, and are left out. Each label or choice counts as its own sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tests.interviews.common import ANSWERS, INTAKE, answers, blocks, intake_files
from tests.support import daengine
from tests.support.readability import fk_grade

MAX_GRADE = 8.0


def survivor_facing_ids() -> set[str]:
    return {b["id"] for _, b in blocks(intake_files()) if "question" in b and not str(b["id"]).startswith("pro_")}


def computed_choice_fields() -> set[tuple[str, str]]:
    """(question id, variable) of fields whose choices come from code."""
    out = set()
    for _, b in blocks():
        for f in b.get("fields") or []:
            if isinstance(f, dict) and "code" in f:
                variable = next(v for k, v in f.items() if k not in ("datatype", "code", "required", "default",
                                                                      "show if", "hint", "help"))
                out.add((b["id"], variable))
    return out


def wording(screen: daengine.Screen, computed: set[tuple[str, str]]) -> str:
    parts = [screen.text, screen.subquestion]
    for f in screen.fields:
        parts += [f.label, f.hint]
        if (screen.id, f.raw_variable) not in computed:
            parts += [c.label for c in f.choices]
    parts = [re.sub(r"<[^>]+>|\*\*|\[|\]\([^)]*\)", "", p).strip() for p in parts if p]
    return "\n".join(p if p[-1:] in ".?!:" else p + "." for p in parts if p)


@pytest.fixture(scope="module")
def survivor_screens(da_engine: Any) -> list[daengine.Screen]:
    """Every screen of two survivor-mode runs, plus the screen shown when a problem is left at the end."""
    screens: list[daengine.Screen] = []
    for name in ("survivor-labor", "survivor-sex-industry"):
        run = daengine.Session(INTAKE)
        screens += daengine.run(run, ANSWERS / f"{name}.yml")
    screens.append(run.action("sr_sealed_download"))  # saving the answers locked with a passphrase
    run.answer({"sr_seal_passphrase": "three fictional words", "sr_seal_passphrase_again": "three fictional words"})
    screens.append(run.step())
    session = daengine.Session(INTAKE)
    daengine.run(session, answers("survivor-labor"), until="intake_evidence_another")
    session.set({"survivor.date_of_birth": "2019-06-01"})
    session.answer({"evidence.there_is_another": False})
    screens.append(session.step())
    upload = {**answers("survivor-labor"), "sr_start": "upload"}
    screens.append(daengine.run(daengine.Session(INTAKE), upload, until="intake_case_upload")[-1])
    return screens


def test_the_survivor_runs_see_every_survivor_facing_question(survivor_screens: list[daengine.Screen]) -> None:
    seen = {s.id for s in survivor_screens}
    assert survivor_facing_ids() <= seen, sorted(survivor_facing_ids() - seen)
    assert not [i for i in seen if i and i.startswith("pro_")], "professional-only screens in survivor mode"


def test_survivor_facing_text_reads_at_grade_8_or_below(survivor_screens: list[daengine.Screen]) -> None:
    computed = computed_choice_fields()
    grades = {s.id: fk_grade(wording(s, computed)) for s in survivor_screens if s.id}
    too_hard = {i: round(g, 1) for i, g in grades.items() if g > MAX_GRADE}
    assert not too_hard, f"Flesch-Kincaid grade above {MAX_GRADE}: {too_hard}"


def test_readability_measure_tells_hard_from_easy() -> None:
    easy = "When were you born? You can skip this."
    hard = ("Notwithstanding the aforementioned jurisdictional considerations, applicants must substantiate "
            "eligibility through documentary evidence demonstrating extraordinary circumstances.")
    assert fk_grade(easy) < 4 < MAX_GRADE < fk_grade(hard)


def test_no_stigmatising_words_anywhere_survivors_read(survivor_screens: list[daengine.Screen]) -> None:
    for s in survivor_screens:
        text = wording(s, set()).lower()
        assert not re.search(r"prostitut|whore|illegal alien|illegals\b", text), s.id


def test_people_of_every_gender_find_themselves(survivor_screens: list[daengine.Screen]) -> None:
    by_id = {s.id: s for s in survivor_screens}
    note = by_id["intake_content_note"].subquestion
    for word in ("men", "boys", "transgender", "non-binary", "gay"):
        assert re.search(rf"\b{word}\b", note), word
    pronouns = by_id["intake_name"].field("survivor.pronouns")
    assert pronouns.input_type == "combobox" and not pronouns.required  # own words allowed, never required
    sex = by_id["intake_sex_gender"].field("survivor.sex")
    assert {"X", "prefer_not"} <= {c.value for c in sex.choices}  # not only female / male
    gender = by_id["intake_sex_gender"].field("survivor.gender")
    assert gender.datatype == "text" and not gender.required


@pytest.mark.parametrize("screen_id", ["intake_name", "intake_birth", "intake_sex_gender", "intake_origin",
                                       "intake_present", "intake_episode_form", "intake_episode_when",
                                       "intake_episode_place", "intake_episode_means", "intake_episode_work",
                                       "intake_police", "intake_safe_contact", "intake_other_names_any",
                                       "intake_other_name", "intake_languages", "intake_arrival", "intake_home_address",
                                       "intake_mailing_choice", "intake_mailing_address", "intake_traffickers_any",
                                       "intake_trafficker", "intake_family_any", "intake_le_contacts_any",
                                       "intake_le_contact", "intake_le_requests_any", "intake_le_request",
                                       "intake_losses_any", "intake_statement_intro", "intake_statement_background",
                                       "intake_statement_recruitment", "intake_statement_exploitation",
                                       "intake_statement_purpose", "intake_statement_escape",
                                       "intake_statement_presence", "intake_statement_cooperation",
                                       "intake_statement_fears", "intake_statement_family", "intake_evidence_any",
                                       "intake_evidence_losses"])
def test_questions_not_needed_by_law_can_be_left_unanswered(survivor_screens: list[daengine.Screen],
                                                             screen_id: str) -> None:
    screen = next(s for s in survivor_screens if s.id == screen_id)
    for f in screen.fields:
        values = {c.value for c in f.choices}
        prefer_not = "prefer_not" in values or any("prefer not to answer" in c.label for c in f.choices)
        assert (not f.required or prefer_not or f.none_of_the_above or f.default is not None
                or f.datatype == "boolean"), f"{screen_id}: {f.variable} has no way not to answer"


@pytest.mark.parametrize("screen_id, needed", [
    ("intake_loss", {"losses[0].kind", "losses[0].amount.amount"}),  # a cost: its kind and amount; the list is optional
    ("intake_family_member", {"family[0].relationship"}),  # who they are to the survivor; the list is optional
    ("intake_evidence_item", {"evidence[0].kind"}),  # what the document is; the list is optional
])
def test_only_what_an_item_needs_is_required(survivor_screens: list[daengine.Screen], screen_id: str,
                                             needed: set[str]) -> None:
    screen = next(s for s in survivor_screens if s.id == screen_id)
    required = {f.variable for f in screen.fields if f.required and f.default is None
                and "prefer_not" not in {c.value for c in f.choices}}
    assert required == needed


def test_professional_wording_only_in_professional_mode(da_session: Callable[..., Any]) -> None:
    screens = daengine.run(da_session(INTAKE), ANSWERS / "professional.yml")
    texts = " ".join(s.text for s in screens)
    assert "your client" in texts and "When were you born?" not in texts
