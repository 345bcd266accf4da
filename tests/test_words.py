"""The words, one file per language (words/<language>.yml, words.py): every language the project claims for a
part (screens, documents) has every key another language has there, and the interviews' translation files
are the ones `make words` makes from the words files."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from docassemble.SurvivorRelief.declaration import languages as declaration_languages
from docassemble.SurvivorRelief.documents import STATEMENT_LANGUAGE, load_catalogue
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.words import (
    TRANSLATIONS,
    WORDS_DIR,
    interviews,
    languages,
    load_words,
    translation_files,
)
from tests.helpers import REPO


def interview_languages() -> list[str]:
    """The languages the interviews offer: the choices of the first question (interviews/sr_language.yml)."""
    blocks = yaml.safe_load_all((REPO / "interviews" / "sr_language.yml").read_text(encoding="utf-8"))
    question = next(b for b in blocks if isinstance(b, dict) and b.get("field") == "sr_language")
    return sorted(value for choice in question["choices"] for value in choice.values())


def document_languages() -> list[str]:
    """The languages documents are written in: the catalogue's letters, and the first language of each pack the
    catalogue has filings for (the exhibit covers of its packets)."""
    catalogue = load_catalogue()
    specs = [s for docs in catalogue.remedies.values() for s in docs.documents] + list(catalogue.common)
    filed = {rid.split(".", 1)[0] for rid in catalogue.remedies}
    packs = [p.languages[0] for p in load_packs() if p.languages and p.id in filed]
    return sorted({s.language.split("-")[0] for s in specs if s.language != STATEMENT_LANGUAGE}
                  | {p.split("-")[0] for p in packs})


# What the project claims per section: who must have every key of it.
CLAIMS = {
    "common": languages(),
    "documents": document_languages(),
    "english_documents": ["en"],  # words only the US filings use; the catalogue writes those in English
    "screens": interview_languages(),
    # the T-visa declaration in the survivor's voice, in the language the statement was told in
    "declaration": declaration_languages(),
}


def keys(value: Any, prefix: str = "") -> set[str]:
    """Every key of a section, as dotted paths to its words (a list of word forms is one word)."""
    if isinstance(value, dict):
        return {k for name, v in value.items() for k in keys(v, f"{prefix}{name}.")}
    return {prefix.rstrip(".")}


def test_the_project_claims_what_it_offers() -> None:
    assert CLAIMS["screens"] == ["en", "es"]
    assert {"en", "nl", "de", "fr", "bg"} <= set(CLAIMS["documents"])
    assert set(languages()) == {"en", "es", "nl", "de", "fr", "bg"}
    assert {"en", "es"} <= set(CLAIMS["declaration"])


@pytest.mark.parametrize("section", sorted(CLAIMS))
def test_every_claimed_language_has_every_key_of_the_section(section: str) -> None:
    by_language = {lang: keys(load_words(lang).get(section) or {}) for lang in CLAIMS[section]}
    every = set().union(*by_language.values())
    assert every, f"no words in section {section}"
    missing = {lang: sorted(every - found) for lang, found in by_language.items() if every - found}
    assert not missing, f"{section}: keys missing per language: {missing}"


def test_no_language_has_words_for_a_part_it_is_not_claimed_for() -> None:
    """A half-translated part would pass unnoticed: a section's words come in every claimed language or none."""
    for lang in languages():
        extra = [s for s in load_words(lang) if s in CLAIMS and lang not in CLAIMS[s]]
        assert not extra, f"{lang}: sections the project does not claim for it: {extra}"
        assert set(load_words(lang)) <= {*CLAIMS, "interviews", "settings"}, lang


def test_every_interview_language_but_english_translates_every_translation_file() -> None:
    """Each `translations:` entry of interviews/*.yml names a file the words files make, for each language."""
    named = {entry.split("/")[-1].split(".")[0] for path in (REPO / "interviews").glob("*.yml")
             for block in yaml.safe_load_all(path.read_text(encoding="utf-8")) if isinstance(block, dict)
             for entry in block.get("translations", [])}
    assert named
    for lang in [x for x in CLAIMS["screens"] if x != "en"]:
        assert set(interviews(lang)) == named, lang
        assert all(target.strip() for units in interviews(lang).values() for target in units.values())


def test_translation_files_are_made_from_the_words_files() -> None:
    """words/translations/*.xlf (what docassemble reads) is exactly what `make words` makes now."""
    folder = WORDS_DIR / TRANSLATIONS
    made = translation_files()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in folder.glob("*.xlf")}
    assert set(on_disk) == set(made), "run `make words`"
    stale = sorted(name for name, text in made.items() if on_disk[name] != text)
    assert not stale, f"run `make words`: stale {stale}"
    assert (REPO / "jurisdictions" / "translations").resolve() == folder.resolve()  # where docassemble looks
