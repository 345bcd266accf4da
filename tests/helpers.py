"""Small helpers shared by tests: where things are, and running the real command."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EXAMPLES = REPO / "examples"
SHARED = REPO.parent / "shared"
CLI = Path(sys.executable).parent / "survivorrelief"


def run_cli(*args: str, cwd: Path | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the installed ``survivorrelief`` command as a user would."""
    return subprocess.run([str(CLI), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=300)


# What never belongs in a document that is sent (legal review 2, table C): confidence codes, UNVERIFIED,
# case-file field paths and code words, command and file names, notes to the preparer.
_FIELDS = ("survivor", "trafficking", "law_enforcement", "statement", "evidence", "losses", "family",
           "representative", "identification", "immigration", "inadmissibility", "hardship", "late_filing", "case")
INTERNAL = [
    re.compile(r"\[(V|S|UNVERIFIED)\]"),
    re.compile(r"UNVERIFIED|NON CONFIRMÉ|NICHT BESTÄTIGT|NIET BEVESTIGD|НЕПОТВЪРДЕНО"),
    re.compile(r"\b(" + "|".join(_FIELDS) + r")(\[\d+\])?\.[a-z_]+"),
    re.compile(r"(?<![@\w.])[a-z]+_[a-z_]+\b"),                      # snake_case codes (not in e-mail addresses)
    re.compile(r"survivorrelief|\.ya?ml\b|\.docx\b|manifest\.json|--[a-z]"),
    re.compile(r"preparer|delete before|notes? for the|re-check|\(field |\[Representative|blog|fact sheet|"
               r"Evidence id|Kenmerk bewijsstuk|Kennung des Beweismittels|Référence de la pièce", re.I),
]


def internal_markers(text: str) -> list[str]:
    """Every internal marker found in ``text`` (empty when the text may be sent)."""
    return [m.group(0) for pattern in INTERNAL for m in pattern.finditer(text)]
