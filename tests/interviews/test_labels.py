"""The words the interview screens give the rules' codes (labels.py, words/<language>.yml), in English and Spanish.

Every remedy id of the packs, every status, every kind of date and every case field the rules can list as still
needed has plain words in both languages, so a Spanish session never falls back to English (or to a code).
The fields are found two ways: the field paths written in the rules' source, and the paths the rules return when
run on every example case and on cases with the facts left out.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from docassemble.SurvivorRelief.cases import Case, load_case, parse_case
from docassemble.SurvivorRelief.documents import load_labels
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.formatting import date as format_date
from docassemble.SurvivorRelief.labels import field_key, needed, plain_deadline, remedy_name, remedy_title, status_words
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules import deadlines as deadline_rules
from docassemble.SurvivorRelief.rules.restitution import restitution
from docassemble.SurvivorRelief.rules.screen import STATUS_STYLE, screen
from tests.helpers import REPO
from tests.interviews.test_wording import MAX_GRADE
from tests.support.readability import fk_grade

LANGUAGES = ("en", "es")
RULES = REPO / "docassemble" / "SurvivorRelief" / "rules"
ROOTS = ("survivor", "trafficking", "law_enforcement", "family", "identification", "losses", "hardship",
         "inadmissibility")
LIST_ROOTS = ("trafficking", "identification", "losses", "hardship", "inadmissibility")  # asked for as a whole
REMEDY_STATUSES = ("likely_eligible", "possibly_eligible", "needs_information", "not_eligible")  # contract s. 2
# The groups a survivor reads (plain words) and those a professional reads (terms) on the screens.
SURVIVOR_GROUPS = ("remedy", "plain_status", "date_words", "plain_deadline_status", "needed")
PRO_GROUPS = ("remedy_status", "deadline_status")


def labels(language: str) -> dict[str, Any]:
    return load_labels()[language]


def english_screen_words() -> set[str]:
    """Every English word words/en.yml gives the screens for a code (for "no English left" checks)."""
    return {str(v) for group in SURVIVOR_GROUPS for v in labels("en")[group].values()}


# --- what the rules can say --------------------------------------------------------------------------------

def written_paths() -> set[str]:
    """Case field paths written as literals in the rules (``"survivor.date_of_birth"``, ``f"trafficking[{i}].end"``);
    a path built from a variable part (``f"law_enforcement.{name}"``) is found by running the rules instead, and
    an item (``trafficking[{i}]``, the start of a longer path) is not a field."""
    roots = "|".join(ROOTS)
    found = set()
    for source in RULES.glob("*.py"):
        for match in re.finditer(rf'f?"((?:{roots})(?:[\[.][^"\s]*)?)"', source.read_text(encoding="utf-8")):
            key = field_key(re.sub(r"\[\{[^{}]*\}\]", "[]", match.group(1)))
            if "{" not in key and not key.endswith("]") and ("." in key or key in LIST_ROOTS):
                found.add(key)
    return found


def sparse_cases() -> list[Case]:
    """Cases in every place the packs cover with the facts left out, so the rules ask for them."""
    every = [p.id for p in load_packs()]
    blank = {"case_id": "labels-sparse", "jurisdictions": every}
    return [parse_case(blank),
            parse_case({**blank, "trafficking": [{}, {"jurisdiction": "us-ca"}],
                        "law_enforcement": {"reported": True, "contacts": [{"requests": [{}]}],
                                            "criminal_case": {"status": "convicted"}},
                        "family": [{"relationship": "child"}, {"relationship": "parent"}],
                        "identification": [{"kind": "reasonable_grounds", "positive": True}]}),
            parse_case({**blank, "survivor": {"date_of_birth": "2010-01-01"}, "trafficking": [{"form": "labor"}],
                        "law_enforcement": {"contacts": [{}]}})]


def returned_paths() -> set[str]:
    """The needs the rules return for the example cases and the sparse cases: screening (remedies and family),
    deadlines, restitution."""
    packs = load_packs()
    cases = [load_case(p) for p in sorted((REPO / "examples").glob("*.case.yml"))] + sparse_cases()
    found: set[str] = set()
    for case in cases:
        screened = screen(case, packs)
        found |= {n for r in screened.remedies for n in r.needs_information}
        found |= {n for f in screened.family for n in f.needs}
        found |= {n for d in deadline_rules.deadlines(case, packs).deadlines for n in d.needs}
        try:
            found |= set(restitution(case, packs).needs_information)
        except InputError:
            pass  # a case the restitution rules refuse (no US episode); its needs come from screening
    return {field_key(p) for p in found}


@pytest.fixture(scope="module")
def need_keys() -> set[str]:
    return written_paths() | returned_paths()


def test_the_rules_are_searched_for_fields_they_need(need_keys: set[str]) -> None:
    """The search finds what the screens must name; a path from a variable part (law_enforcement.{name}) too."""
    assert {"survivor.date_of_birth", "trafficking[].start", "law_enforcement.contacts[].requests[].complied",
            "family[].in_present_danger", "identification[].date", "law_enforcement.u_certification",
            "trafficking[].end", "trafficking[].form", "trafficking",
            "law_enforcement.contacts[].requests"} <= need_keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_field_the_rules_can_need_has_plain_words(need_keys: set[str], language: str) -> None:
    words = labels(language)["needed"]
    missing = sorted(k for k in need_keys if k not in words)
    assert not missing, f"{language}: no words in words/{language}.yml `needed` for {missing}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_remedy_of_the_packs_has_a_plain_name(language: str) -> None:
    ids = {rid for pack in load_packs() for rid in pack.remedies}
    names = labels(language)["remedy"]
    assert sorted(ids - set(names)) == [], f"{language}: remedies without a name"
    assert sorted(set(names) - ids) == [], f"{language}: names for remedies no pack has"
    assert all(str(v).strip() for v in names.values())


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_status_and_kind_of_date_has_words(language: str) -> None:
    """Screening statuses (rules.screen), deadline statuses (open, passed, unknown: contract section 2), the
    deadline kinds the packs use and the ends of a period (DeadlineResult.ends)."""
    own = labels(language)
    statuses = set(REMEDY_STATUSES)
    assert statuses <= set(STATUS_STYLE)  # the statuses screening styles are those the contract lists
    assert statuses <= set(own["plain_status"]) and statuses <= set(own["remedy_status"])
    assert {"open", "passed", "unknown"} <= set(own["plain_deadline_status"]) & set(own["deadline_status"])
    kinds = {d.kind for pack in load_packs() for d in pack.deadlines}
    assert kinds | {"minimum_end", "maximum_end"} <= set(own["date_words"])


def test_spanish_has_exactly_the_english_screen_words() -> None:
    """Same codes in both languages: a code with English words only would show English in a Spanish session."""
    for group in (*SURVIVOR_GROUPS, *PRO_GROUPS):
        assert set(labels("es")[group]) == set(labels("en")[group]), group
        for code, text in labels("es")[group].items():
            assert text != labels("en")[group][code], (group, code)


def test_english_screen_words_read_at_grade_8_or_below() -> None:
    """A survivor reads these words on the results and documents screens (each counted as a sentence)."""
    own = labels("en")
    text = "\n".join(str(v).rstrip(".") + "." for group in SURVIVOR_GROUPS for v in own[group].values())
    assert fk_grade(text) <= MAX_GRADE
    for group in SURVIVOR_GROUPS:
        for code, words in own[group].items():
            assert not re.search(r"prostitut|illegal|whore", str(words).lower()), code


# --- the functions the interviews call ----------------------------------------------------------------------

def test_needed_fields_are_plain_words_once_each() -> None:
    paths = ["trafficking[0].start", "trafficking[1].start", "trafficking[jurisdiction=us-ca].start",
             "survivor.date_of_birth", "survivor.no_such_field"]
    assert needed(paths, "es") == ["Cuándo empezó", "Su fecha de nacimiento", "Otros datos sobre lo que pasó"]
    assert needed(paths, "en")[:2] == ["When it started", "Your date of birth"]
    assert needed(paths, "pt") == needed(paths, "en")  # a language without a words file falls back to English


def test_names_and_statuses_follow_the_language_and_the_mode() -> None:
    t_visa = load_packs().remedy("us.t_visa").name
    assert remedy_title("us.t_visa", t_visa, "es", pro=False) == labels("es")["remedy"]["us.t_visa"]
    assert remedy_title("us.t_visa", t_visa, "en", pro=True) == t_visa  # the official name for a professional
    assert remedy_title("us.t_visa", t_visa, "es", pro=True) == f"{labels('es')['remedy']['us.t_visa']} — {t_visa}"
    assert status_words("needs_information", "es") == labels("es")["plain_status"]["needs_information"]
    assert status_words("needs_information", "es", pro=True) == "falta información"
    assert remedy_name("xx.unknown", "es", "Official name") == "Official name"


def test_a_deadline_in_words_has_its_day_written_by_babel_in_the_language() -> None:
    """The CalVCB filing date of the California example (Cal. Gov. Code 13953(b), as the us-ca pack records it)."""
    case = load_case(REPO / "examples" / "ca-minor-sex-industry.case.yml")
    (d,) = [d for d in deadline_rules.deadlines(case, load_packs()).deadlines if d.id == "us-ca.cvc.filing"]
    assert d.due is not None
    spanish = plain_deadline(d, "es")
    assert spanish.days == (("Último día para pedirlo", format_date(d.due, "es")),)
    assert re.fullmatch(r"\d{1,2} de \w+ de \d{4}", spanish.days[0][1])
    assert spanish.remedy == labels("es")["remedy"]["us-ca.cvc"]
    assert spanish.note == labels("es")["plain_deadline_status"][d.status]
    assert spanish.unverified is (d.confidence == "UNVERIFIED")
    assert plain_deadline(d, "en").days == (("Last day to apply", d.due.strftime("%B %-d, %Y")),)
    assert plain_deadline(d, "en", pro=True).note == labels("en")["deadline_status"][d.status]


def test_a_period_names_each_end() -> None:
    """The Dutch reflection period of the nl example: at most 3 months from the identification (nl pack)."""
    case = load_case(REPO / "examples" / "nl-labor.case.yml")
    (d,) = [d for d in deadline_rules.deadlines(case, load_packs()).deadlines if d.id == "nl.reflection_period"]
    words = plain_deadline(d, "es")
    assert [what for what, _ in words.days] == [labels("es")["date_words"][end] for end, _ in d.ends()]


def test_intake_results_attach_every_date_to_its_remedy() -> None:
    """On the survivor's screen the dates are shown under their remedy: none may be left out."""
    from docassemble.SurvivorRelief.intake import intake_results

    for path in sorted((REPO / "examples").glob("*.case.yml")):
        results = intake_results(load_case(path), "es")
        assert sum(len(r.dates) for r in results.remedies) == len(results.deadlines), path.name
        for r in results.remedies:
            assert r.label == labels("es")["remedy"][r.id] and r.status_words == labels("es")["plain_status"][r.status]
            assert list(r.needed) == needed(r.needs, "es")


def test_the_filing_interviews_get_names_needs_and_dates_in_the_language() -> None:
    """filings.offered and filings.dates, as sr_documents.yml calls them: the T visa (8 CFR 214.11) screened for
    the California minor (not eligible) and the Dutch reflection period (Vreemdelingencirculaire B8/1) and the
    Convention minimum (CETS 197 art. 13), which the nl case cannot date yet."""
    from docassemble.SurvivorRelief.filings import dates, offered

    packs = load_packs()
    ca = load_case(REPO / "examples" / "ca-minor-sex-industry.case.yml")
    (row,) = offered(ca, packs, {"ids": ["us.t_visa"]}, "es").screened
    assert (row["label"], row["status_words"]) == (labels("es")["remedy"]["us.t_visa"],
                                                   labels("es")["plain_status"][row["status"]])
    assert row["needed"] == needed(row["needs"], "es")
    (pro,) = offered(ca, packs, {"ids": ["us.t_visa"]}, "es", pro=True).screened
    assert pro["status_words"] == labels("es")["remedy_status"][row["status"]]
    nl = load_case(REPO / "examples" / "nl-labor.case.yml")
    national, convention = dates(nl, packs, ["nl.reflection_period", "coe.reflection_period"], "es")
    assert national["plain"].days == tuple((labels("es")["date_words"][end], format_date(day, "es"))
                                           for end, day in national["ends"])
    assert convention["plain"].days == ()
    assert convention["plain"].note == labels("es")["plain_deadline_status"]["unknown"]
    assert convention["plain"].remedy == labels("es")["remedy"]["coe.reflection_period"]


# --- what the engine tests check a Spanish screen with --------------------------------------------------------

def english_left(text: str) -> list[str]:
    """What a Spanish survivor screen must not show: the English words for codes (words/en.yml), the packs' English
    remedy names (unless the Spanish name keeps it, as a program's own name: "Continued Presence") and deadline
    labels, and raw codes (statuses, case field paths)."""
    packs = load_packs()
    spanish_names = labels("es")["remedy"]
    suspects = english_screen_words()
    suspects |= {r.name for pack in packs for rid, r in pack.remedies.items() if r.name not in spanish_names[rid]}
    suspects |= {d.label for pack in packs for d in pack.deadlines}
    found = sorted(s for s in suspects if s in text)
    found += re.findall(rf"\b(?:{'|'.join(REMEDY_STATUSES)})\b", text)
    found += re.findall(rf"\b(?:{'|'.join(ROOTS)})(?:\[[^\]]*\])?\.[a-z_.]+", text)
    return found


def test_english_left_finds_english_on_a_screen() -> None:
    t_visa = load_packs().remedy("us.t_visa").name
    text = f"**{t_visa}**: {labels('en')['plain_status']['likely_eligible']} * survivor.date_of_birth needs_information"
    assert english_left(text) == sorted([t_visa, labels("en")["plain_status"]["likely_eligible"]]) + \
        ["needs_information", "survivor.date_of_birth"]
    assert english_left(f"**{labels('es')['remedy']['us.continued_presence']}**") == []
