"""`survivorrelief check` on bad case files: exit 2, every problem with its field path and the file
name, no traceback, and no survivor data in the message."""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import EXAMPLES, run_cli

BASE = yaml.safe_load((EXAMPLES / "tx-labor-adult.case.yml").read_text(encoding="utf-8"))
NAME_PARTS = ["Mateo", "Ejemplo", "Example Lane"]


def mutate(fn: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    data = copy.deepcopy(BASE)
    fn(data)
    return data


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def apply(data: dict[str, Any]) -> None:
        node: Any = data
        parts = path.replace("]", "").replace("[", ".").split(".")
        for part in parts[:-1]:
            node = node[int(part)] if part.isdigit() else node[part]
        last = parts[-1]
        if last.isdigit():
            node[int(last)] = value
        else:
            node[last] = value

    return apply


CASES = [
    ("episode-ends-before-start", _set("trafficking[0].end", "2018-12-31"), "trafficking[0].end", "before start"),
    ("more-than-168-hours", _set("trafficking[0].work.hours_per_week", 170), "trafficking[0].work.hours_per_week",
     "168"),
    ("negative-money", _set("losses[0].amount.amount", "-5.00"), "losses[0].amount.amount", "negative"),
    ("unknown-currency", _set("losses[0].amount.currency", "XYZ"), "losses[0].amount.currency", "unknown currency"),
    ("unknown-jurisdiction", _set("jurisdictions", ["us", "us-zz"]), "jurisdictions[1]", "unknown jurisdiction"),
    ("unknown-episode-jurisdiction", _set("trafficking[0].jurisdiction", "atlantis"),
     "trafficking[0].jurisdiction", "unknown jurisdiction"),
    ("birth-after-events", _set("survivor.date_of_birth", "2019-06-01"), "survivor.date_of_birth",
     "after the start of trafficking[0]"),
    ("misspelt-field", _set("survivor.date_of_brith", "1994-03-15"), "survivor.date_of_brith", "unknown field"),
    ("bad-date", _set("trafficking[0].start", "2019-13-45"), "trafficking[0].start", "date"),
    ("bad-case-id", _set("case_id", "Mateo Ejemplo"), "case_id", "pattern"),
    ("unknown-form", _set("trafficking[0].form", "servitude"), "trafficking[0].form", "labor"),
    ("dangling-evidence-ref", _set("losses[0].evidence", ["e99"]), "losses[0].evidence[0]", "no evidence"),
]


@pytest.mark.parametrize("name,change,path,words", CASES, ids=[c[0] for c in CASES])
def test_bad_case_exits_2_naming_field_and_file(tmp_path: Path, name: str, change, path: str, words: str) -> None:
    case_file = tmp_path / "bad.case.yml"
    case_file.write_text(yaml.safe_dump(mutate(change), allow_unicode=True), encoding="utf-8")
    result = run_cli("check", str(case_file))
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    lines = [ln for ln in result.stderr.splitlines() if path in ln]
    assert lines, result.stderr
    assert str(case_file) in lines[0]
    assert words in lines[0]
    for part in NAME_PARTS:
        assert part not in result.stderr


def test_every_problem_is_reported_not_only_the_first(tmp_path: Path) -> None:
    def two(data: dict[str, Any]) -> None:
        data["trafficking"][0]["work"]["hours_per_week"] = 200
        data["losses"][0]["amount"]["amount"] = "-1"

    case_file = tmp_path / "two.case.yml"
    case_file.write_text(yaml.safe_dump(mutate(two), allow_unicode=True), encoding="utf-8")
    result = run_cli("check", str(case_file))
    assert result.returncode == 2
    assert "trafficking[0].work.hours_per_week" in result.stderr
    assert "losses[0].amount.amount" in result.stderr


def test_yaml_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    case_file = tmp_path / "syntax.case.yml"
    case_file.write_text("case_id: x\nsurvivor:\n  name: {first: A\n  last: B\n", encoding="utf-8")
    result = run_cli("check", str(case_file))
    assert result.returncode == 2
    assert "line " in result.stderr and "column " in result.stderr
    assert str(case_file) in result.stderr
    assert "Traceback" not in result.stderr


def test_json_syntax_error_gives_line_and_column(tmp_path: Path) -> None:
    case_file = tmp_path / "syntax.case.json"
    case_file.write_text('{"case_id": "x",\n "as_of": }', encoding="utf-8")
    result = run_cli("check", str(case_file))
    assert result.returncode == 2
    assert "line 2" in result.stderr


def test_missing_case_id_is_the_only_required_field(tmp_path: Path) -> None:
    case_file = tmp_path / "empty.case.yml"
    case_file.write_text("jurisdictions: [us]\n", encoding="utf-8")
    result = run_cli("check", str(case_file))
    assert result.returncode == 2
    assert "case_id: required field is missing" in result.stderr


def test_minimal_case_is_valid_and_lists_what_is_missing(tmp_path: Path) -> None:
    case_file = tmp_path / "min.case.json"
    case_file.write_text(json.dumps({"case_id": "intake-1", "jurisdictions": ["us"]}), encoding="utf-8")
    result = run_cli("check", str(case_file), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["valid"] is True
    assert {"trafficking", "hardship", "inadmissibility"} <= set(data["missing"]["us.t_visa"])


def test_missing_file_and_non_mapping(tmp_path: Path) -> None:
    result = run_cli("check", str(tmp_path / "nope.case.yml"))
    assert result.returncode == 2 and "file not found" in result.stderr
    listy = tmp_path / "list.case.yml"
    listy.write_text("- a\n- b\n", encoding="utf-8")
    result = run_cli("check", str(listy))
    assert result.returncode == 2 and "mapping" in result.stderr


def test_unknown_key_holding_case_text_is_not_echoed(tmp_path: Path) -> None:
    """A sentence typed where a key belongs may be survivor data; it must not reach the error."""
    case_file = tmp_path / "leak.case.yml"
    case_file.write_text("case_id: x\nsurvivor:\n  Mateo Ejemplo lives at 100 Example Lane: yes\n", encoding="utf-8")
    result = run_cli("check", str(case_file))
    assert result.returncode == 2
    assert "survivor.<key>: unknown field" in result.stderr
    assert "Mateo" not in result.stderr
