"""The interviews' case-file download, locked with a passphrase the user chooses (issue 12), in the real
docassemble engine: the locked file is one `survivorrelief` opens with that passphrase, uploading it with the
passphrase resumes the case, and a wrong passphrase is refused in plain words."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from docassemble.SurvivorRelief import sealing
from docassemble.SurvivorRelief.cases import load_case
from tests.helpers import run_cli
from tests.interviews.common import INTAKE
from tests.interviews.test_intake_case import PATHS, TX, facts
from tests.support import daengine
from tests.support.daengine import ValidationFailed

PASSPHRASE = "three fictional words"


def _locked_download(tmp_path: Path) -> tuple[Any, Path]:
    session = daengine.Session(INTAKE)  # not test_intake_case.path_run's shared session: this one is changed
    screens = daengine.run(session, PATHS / "intake-tx-labor-adult.yml")
    assert "locked with a passphrase" in screens[-1].subquestion and "Warning:" in screens[-1].subquestion
    assert "sr_sealed_download" in screens[-1].actions()
    screen = session.action("sr_sealed_download")
    assert screen.id == "sr_seal_passphrase"
    with pytest.raises(ValidationFailed) as short:
        session.answer({"sr_seal_passphrase": "short", "sr_seal_passphrase_again": "short"})
    assert "8 characters" in short.value.message
    with pytest.raises(ValidationFailed) as differ:
        session.answer({"sr_seal_passphrase": PASSPHRASE, "sr_seal_passphrase_again": PASSPHRASE + "s"})
    assert "not the same" in differ.value.message
    session.answer({"sr_seal_passphrase": PASSPHRASE, "sr_seal_passphrase_again": PASSPHRASE})
    done = session.step()
    assert done.id == "sr_sealed_download" and "Download the locked file" in done.subquestion
    locked = tmp_path / session.get("sr_sealed_case_file.filename")
    locked.write_bytes(Path(session.get("sr_sealed_case_file.path()")).read_bytes())
    return session, locked


def test_locked_download_opens_with_the_passphrase_only(da_engine: Any, tmp_path: Path) -> None:
    session, locked = _locked_download(tmp_path)
    data = locked.read_bytes()
    assert sealing.is_sealed(data) and b"Mateo" not in data and b"Ejemplo" not in data
    assert "Mateo" not in locked.name
    opened = run_cli("check", str(locked), "--json", env={**os.environ, sealing.ENV: PASSPHRASE})
    assert opened.returncode == 0, opened.stderr
    assert facts(load_case(locked, passphrase=lambda _c: PASSPHRASE)) == facts(load_case(TX))
    wrong = run_cli("check", str(locked), env={**os.environ, sealing.ENV: "not the passphrase"})
    assert wrong.returncode == 2 and "wrong passphrase" in wrong.stderr and wrong.stdout == ""


def test_uploading_the_locked_file_resumes_the_case(da_engine: Any, da_session: Callable[..., Any],
                                                     tmp_path: Path) -> None:
    _session, locked = _locked_download(tmp_path)
    given = {"sr_language": "en", "user_role": "professional", "sr_start": "upload", "content_note_seen": True}
    session = da_session(INTAKE)
    daengine.run(session, given, until="intake_case_upload")
    with pytest.raises(ValidationFailed) as wrong:
        session.answer({"sr_case_upload": str(locked), "sr_upload_passphrase": "not the passphrase"})
    assert "passphrase does not open it" in wrong.value.message
    session.answer({"sr_case_upload": str(locked), "sr_upload_passphrase": PASSPHRASE})
    screens = daengine.run(session, given)
    assert screens[-1].id == "intake_results"
    assert facts(session.get("case")) == facts(load_case(TX))
    assert session.get("sr_upload_passphrase") is None  # not kept in the answers after use
