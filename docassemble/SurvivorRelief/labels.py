"""The codes the rules answer in, put in words for the interview screens, in the session's language.

Screening and the deadline rules speak in codes: remedy ids (``us.t_visa``), statuses (``needs_information``),
deadline kinds and the case fields still needed (``trafficking[0].start``). A survivor reads plain words instead.
The words live in words/<language>.yml (section ``screens``), read by the documents' loader (``documents.Words``:
the session's language, then English). Another language is another words file, with no code to change.
No docassemble import: the CLI and the tests use this module directly.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Optional

from .documents import Words
from .formatting import date as format_date

__all__ = ["PlainDeadline", "field_key", "needed", "plain_deadline", "remedy_name", "remedy_title",
           "status_words"]

_INDEX = re.compile(r"\[[^\]]*\]")


@dataclass(frozen=True)
class PlainDeadline:
    """A deadline or period in words: each date as (what it is, the day as the language writes it), its status
    as a sentence, and whether its rule is UNVERIFIED. ``what`` names the date still to be worked out."""

    remedy: str
    what: str
    days: tuple[tuple[str, str], ...]
    note: str
    unverified: bool


def field_key(path: str) -> str:
    """The words key (``needed``) of a case field path: every index or selector becomes ``[]``.

    ``trafficking[0].start`` and ``trafficking[jurisdiction=us-ca].start`` are both ``trafficking[].start``."""
    return _INDEX.sub("[]", path)


def _found(language: str, group: str, code: str) -> Optional[str]:
    """The word for ``code`` in the language, else in English; None when the words files have neither."""
    words = Words(language)
    for table in (words.own, words.en):
        value = (table.get(group) or {}).get(code)
        if value:
            return str(value)
    return None


def _english(language: str) -> bool:
    words = Words(language)
    return not words.own or words.own is words.en


def remedy_name(remedy_id: str, language: str, official: str = "") -> str:
    """A remedy's plain name; the pack's (official) name when the words have none for it."""
    return _found(language, "remedy", remedy_id) or official or remedy_id


def remedy_title(remedy_id: str, official: str, language: str, pro: bool) -> str:
    """The name a screen shows: the plain name for a survivor; for a professional the pack's official name,
    after the plain name when the session is not in English (the packs name remedies in English)."""
    plain = remedy_name(remedy_id, language, official)
    if not pro:
        return plain
    if _english(language) or plain == official:
        return official
    return f"{plain} — {official}"


def status_words(status: str, language: str, pro: bool = False) -> str:
    """A screening status in words: a plain sentence for a survivor, the professional's term otherwise."""
    return Words(language)("remedy_status" if pro else "plain_status", status)


def needed(paths: Iterable[str], language: str) -> list[str]:
    """The case fields still needed, in plain words, each once; a field the words do not know is "other facts"
    rather than a path nobody but a lawyer can read."""
    out: list[str] = []
    for path in paths:
        text = _found(language, "needed", field_key(path)) or _found(language, "needed", "other") or path
        if text not in out:
            out.append(text)
    return out


def plain_deadline(deadline: Any, language: str, official: str = "", pro: bool = False) -> PlainDeadline:
    """One result of the deadline rules (``rules.deadlines.DeadlineResult``) in words, the days formatted by Babel
    in the session's language. A filing or report date is named by its kind, a period's dates by which end; the
    status is a plain sentence for a survivor, the professional's term otherwise."""
    words = Words(language)
    days = tuple((words("date_words", deadline.kind if end == "due" else end), format_date(day, language))
                 for end, day in deadline.ends())
    return PlainDeadline(remedy=remedy_name(deadline.remedy, language, official),
                         what=words("date_words", deadline.kind), days=days,
                         note=words("deadline_status" if pro else "plain_deadline_status", deadline.status),
                         unverified=deadline.confidence == "UNVERIFIED")
