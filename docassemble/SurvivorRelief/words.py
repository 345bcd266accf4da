"""The words, one file per language (words/<language>.yml), so all of a language can be read in one place.

A file holds, by what the project offers in that language:

* ``common``: the kinds and statuses of deadlines, which every language names;
* ``documents``: words for coded case values in the letters and the exhibit covers (every language a document
  or a packet is written in);
* ``english_documents``: the same for the US filings, which are written in English only;
* ``screens``: what the interview screens say for the rules' codes and the interview's own messages;
* ``interviews``: the interviews' translations, by translation file: pairs of each English text block,
  exactly as written in interviews/*.yml (``en``), and its translation. docassemble reads translations as
  XLIFF from ``data/sources`` (the packs' folder), so ``make words`` writes them to words/translations/,
  which jurisdictions/translations links to; a test fails when they are stale.
* ``settings``: how the language writes things (``date_format``), where it differs from Babel's default.

``load_labels`` gives the documents and screens one table per language (``documents.Words`` reads it: the
language, then English, then the code itself). No docassemble import.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

from .cases import read_data

__all__ = ["LABEL_SECTIONS", "WORDS_DIR", "interviews", "languages", "load_labels", "load_words",
           "translation_files", "write_translations", "xliff"]

WORDS_DIR = Path(__file__).resolve().parent / "data" / "words"
TRANSLATIONS = "translations"  # words/translations: the XLIFF files made from the ``interviews`` sections
LABEL_SECTIONS = ("settings", "common", "documents", "english_documents", "screens")
_XLIFF = "urn:oasis:names:tc:xliff:document:1.2"


def languages(folder: Optional[Path] = None) -> list[str]:
    """The languages that have a words file."""
    return sorted(p.stem for p in Path(folder or WORDS_DIR).glob("*.yml"))


@lru_cache(maxsize=16)
def load_words(language: str, folder: Optional[Path] = None) -> dict[str, Any]:
    """One language's words file, by section; empty when the language has none."""
    path = Path(folder or WORDS_DIR) / f"{language}.yml"
    data = read_data(path) if path.is_file() else {}
    return data if isinstance(data, dict) else {}


@lru_cache(maxsize=4)
def load_labels(folder: Optional[Path] = None) -> dict[str, Any]:
    """Every language's labels as one table of groups (``form``, ``remedy`` ...), and ``exhibit_cover`` by
    language: the shape ``documents.Words`` and ``evidence.cover_words`` read."""
    out: dict[str, Any] = {}
    covers: dict[str, Any] = {}
    for language in languages(folder):
        table: dict[str, Any] = {}
        for section in LABEL_SECTIONS:
            table.update(load_words(language, folder).get(section) or {})
        if "exhibit_cover" in table:
            covers[language] = table.pop("exhibit_cover")
        out[language] = table
    out["exhibit_cover"] = covers
    return out


def xliff(language: str, interview: str, units: dict[str, str]) -> str:
    """A docassemble translation file (XLIFF 1.2) for one interview: each English text and its translation."""
    root = ET.Element("xliff", {"xmlns": _XLIFF, "version": "1.2"})
    file = ET.SubElement(root, "file", {"original": f"docassemble.SurvivorRelief:data/questions/{interview}.yml",
                                        "source-language": "en", "target-language": language,
                                        "datatype": "plaintext"})
    body = ET.SubElement(file, "body")
    for n, (source, target) in enumerate(units.items(), start=1):
        unit = ET.SubElement(body, "trans-unit", {"id": f"{interview}-{n}"})
        ET.SubElement(unit, "source").text = source
        ET.SubElement(unit, "target").text = target
    ET.indent(root, space="  ")
    note = (f"<!-- Made by `make words` from words/{language}.yml (section interviews: {interview}). "
            "Do not edit: edit the words file. -->\n")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + note + ET.tostring(root, encoding="unicode") + "\n"


def translation_files(folder: Optional[Path] = None) -> dict[str, str]:
    """Every translation file the words files make: file name (``intake.es.xlf``) -> its text."""
    out = {}
    for language in languages(folder):
        for interview, units in interviews(language, folder).items():
            out[f"{interview}.{language}.xlf"] = xliff(language, interview, units)
    return out


def interviews(language: str, folder: Optional[Path] = None) -> dict[str, dict[str, str]]:
    """A language's interview translations by translation file: English text -> translation.

    The file lists them as pairs (``en:`` the English text exactly as in the interview, ``<language>:`` its
    translation), so a reviewer reads each beside the other."""
    sections = load_words(language, folder).get("interviews") or {}
    return {name: {unit["en"]: unit[language] for unit in units} for name, units in sections.items()}


def write_translations(folder: Optional[Path] = None) -> list[Path]:
    """Write the translation files into words/translations, removing any no words file makes any more."""
    target = Path(folder or WORDS_DIR) / TRANSLATIONS
    target.mkdir(exist_ok=True)
    made = translation_files(folder)
    for old in target.glob("*.xlf"):
        if old.name not in made:
            old.unlink()
    paths = []
    for name, text in sorted(made.items()):
        path = target / name
        if not path.is_file() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":  # make words
    for written in write_translations():
        print(f"words/{TRANSLATIONS}/{written.name}")
    sys.exit(0)
