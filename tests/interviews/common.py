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


def intake_files(name: str = "intake.yml") -> list[Path]:
    """The interview file and every file it includes, recursively (the intake, not the filing interviews)."""
    path = REPO / "interviews" / name
    out = [path]
    for block in yaml.safe_load_all(path.read_text(encoding="utf-8")):
        for included in (block or {}).get("include", []) if isinstance(block, dict) else []:
            out += [p for p in intake_files(included) if p not in out]
    return out


def blocks(files: list[Path] | None = None) -> list[tuple[Path, dict[str, Any]]]:
    """Every YAML block of the given interview files (default: every file in interviews/), with its file."""
    out = []
    for path in files if files is not None else sorted((REPO / "interviews").glob("*.yml")):
        out += [(path, b) for b in yaml.safe_load_all(path.read_text(encoding="utf-8")) if isinstance(b, dict)]
    return out
