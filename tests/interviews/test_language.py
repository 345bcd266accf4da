"""English and Spanish. The Spanish is docassemble's translation file (XLIFF 1.2) in data/sources
(made from words/es.yml into words/translations/intake.es.xlf): each unit maps one English text block, exactly,
to Spanish."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest

from docassemble.SurvivorRelief.documents import load_labels
from docassemble.SurvivorRelief.formatting import date as format_date
from docassemble.SurvivorRelief.labels import needed
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.deadlines import deadlines
from docassemble.SurvivorRelief.rules.screen import screen as screen_case
from tests.helpers import REPO
from tests.interviews.common import ANSWERS, INTAKE, answers
from tests.interviews.test_labels import english_left
from tests.support import daengine
from tests.support.daengine import ValidationFailed

XLF = REPO / "words" / "translations" / "intake.es.xlf"
NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


def spanish() -> dict[str, str]:
    root = ET.parse(XLF).getroot()
    assert (root.get("version"), root.find("x:file", NS).get("target-language")) == ("1.2", "es")
    return {u.find("x:source", NS).text: u.find("x:target", NS).text for u in root.iter(f"{{{NS['x']}}}trans-unit")}


def wording(text: str) -> bool:
    """Texts that are words for people; not variable values (``no``), bare Mako expressions or addresses."""
    return not (re.fullmatch(r"[a-z_]+", text) or re.fullmatch(r"\$\{[^}]*\}", text) or text.startswith("http"))


def test_every_english_text_has_spanish_and_no_unit_is_stale(da_engine: Any) -> None:
    texts = {t for ts in daengine.translatable_texts(INTAKE).values() for t in ts if wording(t)}
    units = spanish()
    missing = sorted(texts - set(units))
    assert not missing, f"no Spanish for: {missing}"
    stale = sorted(set(units) - texts)
    assert not stale, f"Spanish for English text that no longer exists: {stale}"
    assert all(target and target.strip() for target in units.values())


def test_values_used_by_the_logic_are_not_translated(da_engine: Any) -> None:
    units = spanish()
    assert not [s for s in units if re.fullmatch(r"[a-z_]+", s)]  # show-if values such as "no", "elsewhere"


@pytest.fixture(scope="module")
def english_and_spanish(da_engine: Any) -> tuple[list[daengine.Screen], list[daengine.Screen]]:
    english = daengine.run(daengine.Session(INTAKE), ANSWERS / "survivor-labor.yml")
    spanish_run = daengine.run(daengine.Session(INTAKE), {**answers("survivor-labor"), "sr_language": "es"})
    return english, spanish_run


def test_a_spanish_run_shows_every_screen_in_spanish(english_and_spanish: tuple[list, list]) -> None:
    english, spanish_run = english_and_spanish
    assert [s.id for s in english] == [s.id for s in spanish_run]
    units = spanish()
    for en, es in zip(english[1:], spanish_run[1:], strict=True):
        assert es.language == "es", es.id
        assert es.text != en.text, f"{es.id} is still in English"
        assert es.parts["exit label"] == "Salida rápida" and "Salida rápida" in es.parts["pre"]
    assert spanish_run[1].text == units["Who is filling in this form?\n"].strip()


def test_results_keep_the_unverified_flag_in_spanish(english_and_spanish: tuple[list, list]) -> None:
    english, spanish_run = english_and_spanish
    assert english[-1].subquestion.count("not yet checked") == \
        spanish_run[-1].subquestion.count("aún no está verificada")


def test_refusals_are_in_spanish(da_session: Callable[..., Any]) -> None:
    session = da_session(INTAKE)
    given = {**answers("survivor-labor"), "sr_language": "es", "trafficking[0].end": "2018-01-01"}
    screen = daengine.run(session, given, until="intake_episode_when")[-1]
    with pytest.raises(ValidationFailed) as err:
        session.answer({f.variable: given[f.variable] for f in screen.fields})
    assert err.value.message == "La fecha del final es anterior a la fecha del comienzo. Revise las dos fechas."


@pytest.fixture(scope="module", params=["survivor-labor", "survivor-sex-industry"])
def spanish_survivor(request: pytest.FixtureRequest, da_engine: Any) -> tuple[Any, list[daengine.Screen]]:
    """A survivor's whole intake in Spanish, to the results screen: the case and every screen."""
    session = daengine.Session(INTAKE)
    screens = daengine.run(session, {**answers(request.param), "sr_language": "es"})
    return session.get("case"), screens


def test_spanish_results_name_every_remedy_status_need_and_date_in_spanish(
        spanish_survivor: tuple[Any, list[daengine.Screen]]) -> None:
    """Per remedy the plain Spanish name and status, what is still needed and its dates (Babel, es), from the same
    rules as `survivorrelief screen` and `survivorrelief deadlines`; the legal detail is not shown."""
    case, screens = spanish_survivor
    final = screens[-1]
    assert final.id == "intake_results" and final.language == "es"
    es = load_labels()["es"]
    packs = load_packs()
    for remedy in screen_case(case, packs).remedies:
        assert f"**{es['remedy'][remedy.id]}**: {es['plain_status'][remedy.status]}" in final.subquestion
        for item in needed(remedy.needs_information, "es"):
            assert f"* {item}." in final.subquestion
        assert not [e for e in remedy.elements if e.reason in final.subquestion]
    computed = deadlines(case, packs).deadlines
    assert computed
    for d in computed:
        assert es["plain_deadline_status"][d.status] in final.subquestion
        for _, day in d.ends():
            assert f": {format_date(day, 'es')}." in final.subquestion


def test_no_code_or_english_label_on_any_spanish_survivor_screen(
        spanish_survivor: tuple[Any, list[daengine.Screen]]) -> None:
    _, screens = spanish_survivor
    for screen in screens[1:]:
        assert not english_left(f"{screen.text}\n{screen.subquestion}"), screen.id


def test_professional_results_in_spanish_keep_the_legal_detail(da_session: Callable[..., Any]) -> None:
    """A professional in Spanish: remedy names and statuses in Spanish, with the packs' official (English) name,
    the element reasons and the field paths still needed (English is accepted for that detail)."""
    session = da_session(INTAKE)
    final = daengine.run(session, {**answers("professional"), "sr_language": "es"})[-1]
    es = load_labels()["es"]
    for remedy in screen_case(session.get("case"), load_packs()).remedies:
        assert f"**{es['remedy'][remedy.id]} — {remedy.name}**: {es['remedy_status'][remedy.status]}" in \
            final.subquestion
        assert all(e.reason in final.subquestion for e in remedy.elements)
        if remedy.needs_information:
            assert "* Falta: " + ", ".join(remedy.needs_information) in final.subquestion
