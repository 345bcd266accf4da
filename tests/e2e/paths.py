"""The scripted answers of tests/interviews/paths, for the browser and the REST API (same files, same answers)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parents[2]
PATHS = REPO / "tests" / "interviews" / "paths"


def _relative_dates(value: Any) -> Any:
    match = re.fullmatch(r"today-(\d+)d", value) if isinstance(value, str) else None
    return (dt.date.today() - dt.timedelta(days=int(match.group(1)))).isoformat() if match else value


def spec(name: str) -> dict[str, Any]:
    """A path: ``interview``, ``answers`` (with a ``base`` file's first, uploads as absolute paths), ``expect``."""
    data = yaml.safe_load((PATHS / f"{name}.yml").read_text(encoding="utf-8"))
    if "interview" not in data:  # an answers-only file (the intake's)
        data = {"interview": "intake", "answers": data}
    answers: dict[str, Any] = {}
    if "base" in data:  # another path (its answers and uploads) or an answers file
        base = yaml.safe_load((PATHS / data["base"]).read_text(encoding="utf-8"))
        answers.update(spec(Path(data["base"]).stem)["answers"] if "interview" in base else base)
    answers.update(data.get("answers") or {})
    answers.update({k: str(REPO / v) for k, v in (data.get("uploads") or {}).items()})
    return {**data, "answers": {k: _relative_dates(v) for k, v in answers.items()}}


def interview_url(base: str, interview: str) -> str:
    return f"{base}/interview?i=docassemble.SurvivorRelief:data/questions/{interview}.yml&new_session=1"
