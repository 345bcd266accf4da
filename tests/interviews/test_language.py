"""English and Spanish. The Spanish is docassemble's translation file (XLIFF 1.2) in data/sources
(jurisdictions/translations/intake.es.xlf): each unit maps one English text block, exactly, to Spanish."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Callable
from typing import Any

import pytest

from tests.helpers import REPO
from tests.interviews.common import ANSWERS, INTAKE, answers
from tests.support import daengine
from tests.support.daengine import ValidationFailed

XLF = REPO / "jurisdictions" / "translations" / "intake.es.xlf"
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
    given = {**answers("survivor-labor"), "sr_language": "es", "episodes[0].end": "2018-01-01"}
    screen = daengine.run(session, given, until="intake_episode_when")[-1]
    with pytest.raises(ValidationFailed) as err:
        session.answer({f.variable: given[f.variable] for f in screen.fields})
    assert err.value.message == "La fecha del final es anterior a la fecha del comienzo. Revise las dos fechas."
