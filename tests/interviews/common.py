"""What the interview tests share: the intake's name, the fictional answer files, the interview blocks."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from tests.helpers import REPO

INTAKE = "docassemble.SurvivorRelief:data/questions/intake.yml"
ANSWERS = Path(__file__).resolve().parent / "answers"
NEUTRAL_EXIT = "https://www.google.com/search?q=weather"


def answers(name: str) -> dict[str, Any]:
    """A fictional answers file (tests/interviews/answers/NAME.yml) as a mapping."""
    return yaml.safe_load((ANSWERS / f"{name}.yml").read_text(encoding="utf-8"))


def blocks() -> list[tuple[Path, dict[str, Any]]]:
    """Every YAML block of every interview file, with its file."""
    out = []
    for path in sorted((REPO / "interviews").glob("*.yml")):
        out += [(path, b) for b in yaml.safe_load_all(path.read_text(encoding="utf-8")) if isinstance(b, dict)]
    return out
