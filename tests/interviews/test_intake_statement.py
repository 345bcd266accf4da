"""The statement, told one part at a time (interviews/sr_statement.yml), run in the real docassemble engine: one
screen per part of cases.STATEMENT_SECTIONS, in that order, each optional; the parts told reach the case under
their keys and the parts skipped stay out; the screens speak Spanish in Spanish and to "your client" in professional
mode; a professional gives the English translation of exactly the parts told. The prompts draw out what a T-visa
personal statement must cover (legal-facts.md D1 "Core filing": action, means and purpose, escape, physical
presence, cooperation, hardship; 8 CFR 214.202(a)-(d))."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import yaml

from docassemble.SurvivorRelief import intake
from docassemble.SurvivorRelief.cases import STATEMENT_SECTIONS
from tests.interviews.common import INTAKE, answers
from tests.interviews.test_intake_case import PATHS, path_run
from tests.interviews.test_language import spanish
from tests.support import daengine

PART_SCREENS = [f"intake_statement_{part}" for part in STATEMENT_SECTIONS]
# One fictional sentence per part (a survivor trafficked into the sex industry, told in Spanish).
TOLD = {
    "background": "Vivía con mi tía y no tenía trabajo.",
    "recruitment": "Alguien que conocí en línea me prometió trabajo en un salón.",
    "exploitation": "Me obligaron a tener sexo con clientes y se quedaban con todo el dinero.",
    "purpose": "Decían que les debía 4.000 dólares y que si me iba le harían daño a mi hermano.",
    "escape": "Una enfermera me dio el número de una línea de ayuda.",
    "presence": "Me trajeron a este país con una visa de turista y sigo aquí porque ayudo a la policía.",
    "cooperation": "Hablé con una agente dos veces y miré fotos.",
    "fears": "Me buscarían allá y la gente me rechazaría.",
    "family": "Mi hermano vive en mi país y recibió amenazas.",
}
TOLD_EN = {part: f"English of the {part} part." for part in TOLD}


def statement_screens(screens: list[daengine.Screen]) -> list[daengine.Screen]:
    return [s for s in screens if s.id in PART_SCREENS]


@pytest.fixture(scope="module")
def survivor_run(da_engine: Any) -> tuple[daengine.Session, list[daengine.Screen]]:
    """A survivor in English who tells every part."""
    session = daengine.Session(INTAKE)
    given = {**answers("survivor-sex-industry"), **{f"statement.sections.{p}": t for p, t in TOLD.items()}}
    return session, daengine.run(session, given)


def test_one_screen_per_part_in_the_order_an_adjudicator_reads(
        survivor_run: tuple[daengine.Session, list[daengine.Screen]]) -> None:
    _, screens = survivor_run
    parts = statement_screens(screens)
    assert [s.id for s in parts] == PART_SCREENS
    for screen, part in zip(parts, STATEMENT_SECTIONS, strict=True):
        (field,) = screen.fields
        assert (field.variable, field.input_type, field.required) == (f"statement.sections.{part}", "area", False)
        prompts = [line for line in screen.subquestion.splitlines() if line.startswith("* ")]
        assert 2 <= len(prompts) <= 4, screen.id
        assert "skip this part" in screen.subquestion and "leave the box empty" in screen.subquestion, screen.id


def test_every_part_told_reaches_the_case_under_its_key(
        survivor_run: tuple[daengine.Session, list[daengine.Screen]]) -> None:
    session, _ = survivor_run
    statement = session.get("case").statement
    assert statement.sections == TOLD and list(statement.sections) == list(STATEMENT_SECTIONS)
    assert statement.sections_en == {} and statement.translator is None  # no translation asked of a survivor


def test_parts_skipped_or_left_blank_stay_out_of_the_case(da_session: Callable[..., Any]) -> None:
    session = da_session(INTAKE)
    given = {**answers("survivor-labor"), "statement.sections.purpose": "   ", "statement.sections.family": "Jo."}
    screens = daengine.run(session, given)
    assert [s.id for s in statement_screens(screens)] == PART_SCREENS  # every part offered, none required
    assert session.get("case").statement.sections == {
        "recruitment": "Un hombre me ofreció trabajo en una granja.", "exploitation": "Trabajé sin pago.",
        "family": "Jo."}


def test_a_survivor_who_tells_nothing_has_no_statement(da_engine: Any) -> None:
    session, screens = path_run("intake-survivor-prefer-not")
    assert [s.id for s in statement_screens(list(screens))] == PART_SCREENS
    assert session.get("case").statement is None


@pytest.mark.parametrize("part, asks", [
    # the purpose of a severe form of trafficking: servitude, debt bondage, threats, documents (8 CFR 214.202(a))
    ("purpose", ["Could you leave when you wanted to?", "Did they say you owed them money?",
                 "What did they say would happen if you left or told someone?", "passport, ID or other papers"]),
    # physical presence on account of the trafficking, and a re-entry (8 CFR 214.202(b), 214.207)
    ("presence", ["When and how did you come to this country?", "Was it because of the people who did this?",
                  "Why are you still here?", "why did you come back?"]),
    # each reasonable request and the response, or why not (8 CFR 214.202(c))
    ("cooperation", ["ask you to do something?", "What did you do each time, and when?", "you can say why"]),
    # extreme hardship involving unusual and severe harm upon removal (8 CFR 214.202(d), 214.209)
    ("fears", ["if you had to leave this country and go back?", "find you or your family there?",
               "care and support you need there?", "because of who you are?"]),
])
def test_the_prompts_ask_what_the_element_needs(survivor_run: tuple[daengine.Session, list[daengine.Screen]],
                                               part: str, asks: list[str]) -> None:
    _, screens = survivor_run
    screen = next(s for s in screens if s.id == f"intake_statement_{part}")
    for words in asks:
        assert words in screen.subquestion, (part, words)


def test_labor_and_the_sex_industry_both_find_themselves(
        survivor_run: tuple[daengine.Session, list[daengine.Screen]]) -> None:
    _, screens = survivor_run
    text = next(s for s in screens if s.id == "intake_statement_exploitation").subquestion
    assert "any kind of work" in text and "sex acts that someone else was paid for" in text
    every = " ".join(f"{s.text} {s.subquestion}" for s in statement_screens(screens)).lower()
    for assumed in (" she ", " her ", " he ", " his ", "woman", "girl", "prostitut", "illegal"):
        assert assumed not in f" {every} ", assumed


@pytest.fixture(scope="module")
def spanish_run(da_engine: Any) -> list[daengine.Screen]:
    given = {**answers("survivor-sex-industry"), "sr_language": "es"}
    return daengine.run(daengine.Session(INTAKE), given)


def test_spanish_screens_show_spanish_text(spanish_run: list[daengine.Screen],
                                           survivor_run: tuple[daengine.Session, list[daengine.Screen]]) -> None:
    units = spanish()
    english = {s.id: s for s in statement_screens(survivor_run[1])}
    for screen in statement_screens(spanish_run):
        assert screen.language == "es"
        assert screen.text == units[f"{english[screen.id].text}\n"].strip()
        assert screen.subquestion != english[screen.id].subquestion
        assert "deje el cuadro vacío" in screen.subquestion, screen.id
        assert not [w for w in ("What ", "How ", "Did ", "Could ", "you") if w in screen.subquestion], screen.id
    purpose = next(s for s in spanish_run if s.id == "intake_statement_purpose")
    assert (purpose.text, purpose.subquestion.splitlines()[0]) == \
        ("Por qué era difícil irse", "* ¿Podía irse cuando quería? Si no, ¿qué se lo impedía?")


def professional(**told: str) -> dict[str, Any]:
    """The professional answers (tests/interviews/answers/professional.yml) with a statement told in Spanish."""
    given = {k: v for k, v in answers("professional").items() if not k.startswith("statement.")}
    given.update({"statement.language": "es", "statement.translator.name": "Ana Traductora"})
    given.update({f"statement.sections.{p}": t for p, t in told.items()})
    given.update({f"statement.sections_en.{p}": TOLD_EN[p] for p in told})
    return given


def test_professional_translation_shows_a_field_for_each_part_told(da_session: Callable[..., Any]) -> None:
    session = da_session(INTAKE)
    told = {p: TOLD[p] for p in ("purpose", "presence", "family")}
    screens = daengine.run(session, professional(**told))
    (translation,) = [s for s in screens if s.id == "pro_statement_translation"]
    assert [f.variable for f in translation.fields] == \
        ["statement.sections_en.purpose", "statement.sections_en.presence", "statement.sections_en.family"]
    assert [f.label for f in translation.fields] == ["Why your client could not leave", "Presence in the country",
                                                     "Family"]
    statement = session.get("case").statement
    assert statement.sections == told and statement.sections_en == {p: TOLD_EN[p] for p in told}
    assert statement.translator.name == "Ana Traductora" and statement.translator.languages == ["es", "en"]


def test_professional_translation_covers_all_nine_parts(da_session: Callable[..., Any]) -> None:
    session = da_session(INTAKE)
    screens = daengine.run(session, professional(**TOLD))
    (translation,) = [s for s in screens if s.id == "pro_statement_translation"]
    assert [f.variable for f in translation.fields] == [f"statement.sections_en.{p}" for p in STATEMENT_SECTIONS]
    assert all(f.input_type == "area" and not f.required for f in translation.fields)
    assert session.get("case").statement.sections_en == TOLD_EN


def test_nothing_told_means_nothing_to_translate(da_session: Callable[..., Any]) -> None:
    session = da_session(INTAKE)
    screens = daengine.run(session, professional())
    assert not {"pro_statement_translation", "pro_translator"} & {s.id for s in screens}
    assert session.get("case").statement.model_dump(exclude_none=True, exclude_defaults=True) == {"language": "es"}


def test_professional_prompts_speak_of_your_client(da_session: Callable[..., Any]) -> None:
    screens = daengine.run(da_session(INTAKE), professional(purpose=TOLD["purpose"]))
    for screen in statement_screens(screens):
        assert "your client" in screen.subquestion, screen.id
        assert "What did they make you do?" not in screen.subquestion and " you " not in screen.subquestion


def test_the_declarations_case_facts_are_asked_where_a_lawyer_fills_them(da_engine: Any) -> None:
    """What the declaration reads beside the statement: presence and entry on account of the trafficking, each
    law-enforcement request and the response, the hardship factors, the family."""
    _, screens = path_run("intake-tx-labor-adult")
    asked = {f.raw_variable for s in screens for f in s.fields}
    assert {"survivor.immigration.present_on_account_of_trafficking",
            "survivor.immigration.last_entry_on_account_of_trafficking",
            "law_enforcement.contacts[i].requests[j].description", "law_enforcement.contacts[i].requests[j].date",
            "law_enforcement.contacts[i].requests[j].complied", "law_enforcement.contacts[i].requests[j].reason_not",
            "hardship", "family[i].relationship", "family[i].in_present_danger"} <= asked
    given = yaml.safe_load((PATHS / "intake-tx-labor-adult.yml").read_text(encoding="utf-8"))
    assert given["survivor.immigration.last_entry_on_account_of_trafficking"] == "yes"


def test_statement_parts_told_reads_the_answers_in_order() -> None:
    class Sections:  # stands for the interview's DAObject: one attribute per part answered
        def __init__(self, **told: Any) -> None:
            vars(self).update(told)

    assert intake.statement_parts_told(Sections(fears="Afraid.", background="Before.", escape=" ", sr_x="y")) == \
        ["background", "fears"]
    assert intake.statement_parts_told({"family": "Jo", "purpose": None}) == ["family"]
