"""Shared fixtures. The docassemble engine boots once per test session, only for tests that ask for it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

INTERVIEW_FIXTURES = Path(__file__).resolve().parent / "interviews" / "fixtures_pkg"


@pytest.fixture(scope="session")
def da_engine(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """docassemble.base running in this process (tests/support/daengine.py); returns its BootInfo.

    The test-only package docassemble.srtestfixtures (tests/interviews/fixtures_pkg) is put on sys.path.
    """
    from tests.support import daengine

    return daengine.boot(tmp_path_factory.mktemp("daengine"), [INTERVIEW_FIXTURES])


@pytest.fixture
def da_session(da_engine: Any) -> Callable[..., Any]:
    """Start a fresh interview session: ``da_session("docassemble.SurvivorRelief:data/questions/intake.yml")``."""
    from tests.support import daengine

    return daengine.Session
