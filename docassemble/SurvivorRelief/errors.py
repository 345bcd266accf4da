"""Errors about bad input: each problem names its field path and the file, never survivor data."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, e.g. ``trafficking[0].end: before start (2019-01-07)``."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


class InputError(Exception):
    """The input is wrong (exit code 2). Carries every problem found, not only the first."""

    def __init__(self, problems: list[Problem], source: str = "") -> None:
        self.problems = problems
        self.source = source
        super().__init__("; ".join(str(p) for p in problems))

    def lines(self) -> list[str]:
        """One line per problem, prefixed with the file it came from."""
        prefix = f"{self.source}: " if self.source else ""
        return [f"{prefix}{p}" for p in self.problems]


class ToolError(RuntimeError):
    """A tool the command relies on (LibreOffice, a download) failed; the message is safe to show (exit 1)."""
