"""docassemble's own screen words (Continue, Back, Select..., Download) in the interview's language.

docassemble ships them (``docassemble.base:data/sources/es-words.xlf``, and a few chosen by hand in
``es-words.yml``, which win) but a server shows them only when its
configuration lists that file under ``words:``; a package cannot change the configuration. The interviews pass
docassemble's ``update_word_collection`` to ``fill_in``, which adds the shipped words a server does not
already have (a server's own choice wins). Reading the file needs no docassemble import: only its place.
"""

from __future__ import annotations

import importlib.util
import xml.etree.ElementTree as ET
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional

import yaml

_XLIFF = "{urn:oasis:names:tc:xliff:document:1.2}"
_DONE: set[str] = set()


def shipped_file(language: str, ext: str = "xlf") -> Optional[Path]:
    """docassemble.base's file of its words for ``language`` (``xlf`` or ``yml``), if it ships one."""
    found = importlib.util.find_spec("docassemble.base")
    for folder in (found.submodule_search_locations or []) if found else []:
        path = Path(folder) / "data" / "sources" / f"{language}-words.{ext}"
        if path.is_file():
            return path
    return None


def shipped_words(language: str) -> dict[str, str]:
    """Every word docassemble ships for ``language``: the XLIFF's, then the YAML's over them."""
    words: dict[str, str] = {}
    xlf, yml = shipped_file(language), shipped_file(language, "yml")
    if xlf is not None:
        words.update(xliff_words(xlf))
    if yml is not None:
        data = yaml.safe_load(yml.read_text(encoding="utf-8")) or {}
        words.update({str(k): str(v) for k, v in (data.get(language) or {}).items() if v})
    return words


@lru_cache(maxsize=4)
def xliff_words(path: Path) -> dict[str, str]:
    """source -> target of every unit of an XLIFF 1.2 file that has a target."""
    out = {}
    for unit in ET.parse(path).getroot().iter(f"{_XLIFF}trans-unit"):
        source, target = unit.find(f"{_XLIFF}source"), unit.find(f"{_XLIFF}target")
        if source is not None and target is not None and source.text and target.text:
            out[source.text] = target.text
    return out


def fill_in(language: str, update: Callable[[str, dict[str, str]], Any], current: dict[str, dict[str, str]]) -> int:
    """Add docassemble's shipped words for ``language`` that ``current`` (the server's words) lacks; once a process."""
    if language == "en" or language in _DONE:
        return 0
    _DONE.add(language)
    have = current.get(language, {})
    missing = {k: v for k, v in shipped_words(language).items() if k not in have}
    if missing:
        update(language, missing)
    return len(missing)
