"""Hostile or careless answers and uploads in the real docassemble engine (issue 12): refused in plain words in
the person's language, the field named, the value never repeated."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.interviews.common import INTAKE, answers
from tests.interviews.test_intake_case import _upload
from tests.support import daengine
from tests.support.daengine import ValidationFailed


@pytest.mark.parametrize("language,words", [("en", "between the years 1900 and 2100"),
                                            ("es", "entre los años 1900 y 2100")])
def test_a_birth_year_before_1900_is_refused(da_session: Callable[..., Any], language: str, words: str) -> None:
    session = da_session(INTAKE)
    given = {**answers("survivor-labor"), "sr_language": language, "survivor.date_of_birth": "1850-02-03"}
    screen = daengine.run(session, given, until="intake_birth")[-1]
    with pytest.raises(ValidationFailed) as err:
        session.answer({f.variable: given[f.variable] for f in screen.fields})
    assert words in err.value.message and "1850" not in err.value.message


@pytest.mark.parametrize("text,words", [
    ("case_id: up-1\nsurvivor: {date_of_birth: 2090-01-01}\n", "The date of birth is in the future"),
    ("case_id: up-2\nsurvivor: {date_of_birth: 1990-01-01, immigration: {last_entry_date: 1989-01-01}}\n",
     "after the date of arrival"),
    ("case_id: up-3\nsurvivor: {date_of_birth: 1990-01-01}\nsurvivor: {date_of_birth: 1991-01-01}\n",
     "We cannot read this file"),
    ("case_id: up-4\nsurvivor: {date_of_birth: 1990-02-30}\n", "(survivor.date_of_birth)"),
    ("case_id: up-5\nsurvivor: " + "[" * 5000 + "]" * 5000 + "\n", "We cannot read this file"),
])
def test_a_hostile_upload_is_refused_in_plain_words(da_session: Callable[..., Any], tmp_path: Path, text: str,
                                                    words: str) -> None:
    path = tmp_path / "upload.case.yml"
    path.write_text(text, encoding="utf-8")
    message = _upload(da_session, path)
    assert words in message
    for value in ("2090", "1989", "1991", "1990-02-30"):
        assert value not in message
