"""The case model: the examples load, money is exact, ages follow the calendar, the schema is published."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest

from docassemble.SurvivorRelief.cases import age_on, case_json_schema, load_case, parse_case
from docassemble.SurvivorRelief.errors import InputError
from tests.helpers import EXAMPLES, run_cli

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.case.yml"))


def test_there_are_at_least_three_fictional_examples() -> None:
    assert len(EXAMPLE_FILES) >= 3
    for path in EXAMPLE_FILES:
        assert "FICTIONAL EXAMPLE" in path.read_text(encoding="utf-8").splitlines()[0]


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=[p.name for p in EXAMPLE_FILES])
def test_check_accepts_every_example(path) -> None:
    result = run_cli("check", str(path))
    assert result.returncode == 0, result.stderr
    assert "is valid" in result.stdout


def test_money_is_exact_decimal_never_float() -> None:
    losses = [{"kind": "medical", "amount": {"amount": 0.1, "currency": "usd"}},
              {"kind": "medical", "amount": {"amount": "0.20", "currency": "USD"}}]
    case = parse_case({"case_id": "m", "losses": losses})
    total = sum((loss.amount.amount for loss in case.losses), Decimal(0))
    assert total == Decimal("0.30")
    assert case.losses[0].amount.currency == "USD"


@pytest.mark.parametrize("birth,day,expected", [
    (dt.date(2000, 6, 1), dt.date(2018, 6, 1), 18),      # the 18th birthday itself counts
    (dt.date(2000, 6, 1), dt.date(2018, 5, 31), 17),
    (dt.date(2004, 2, 29), dt.date(2022, 2, 28), 17),    # leap-day birthday: 18 only on 1 March
    (dt.date(2004, 2, 29), dt.date(2022, 3, 1), 18),
    (dt.date(2004, 2, 29), dt.date(2024, 2, 29), 20),
])
def test_age_on(birth, day, expected) -> None:
    assert age_on(birth, day) == expected


def test_as_of_defaults_to_today() -> None:
    assert parse_case({"case_id": "t"}).today == dt.date.today()
    assert parse_case({"case_id": "t", "as_of": "2026-06-01"}).today == dt.date(2026, 6, 1)


def test_unknown_and_asked_none_are_different() -> None:
    """None means not yet asked (reported as needed); [] means asked and there are none."""
    assert parse_case({"case_id": "t"}).inadmissibility is None
    assert parse_case({"case_id": "t", "inadmissibility": []}).inadmissibility == []


def test_load_case_reports_all_semantic_problems(tmp_path) -> None:
    path = tmp_path / "c.case.yml"
    path.write_text("case_id: t\njurisdictions: [xx]\ntrafficking:\n  - {start: 2020-01-02, end: 2020-01-01}\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as info:
        load_case(path, ["us"])
    paths = [p.path for p in info.value.problems]
    assert paths == ["jurisdictions[0]", "trafficking[0].end"]


def test_schema_command_prints_the_json_schema() -> None:
    result = run_cli("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    assert schema["required"] == ["case_id"]
    for field in ("survivor", "trafficking", "identification", "law_enforcement", "losses", "family",
                  "inadmissibility", "hardship", "evidence", "statement", "representative", "as_of"):
        assert field in schema["properties"]
    assert schema == json.loads(json.dumps(case_json_schema(), default=str))


def _field_names(model: type, seen: set[type]) -> set[str]:
    """Every field name of the model and of the models nested in it."""
    import typing

    from pydantic import BaseModel

    if model in seen:
        return set()
    seen.add(model)
    names = set()
    for name, info in model.model_fields.items():
        names.add(name)
        stack = [info.annotation]
        while stack:
            tp = stack.pop()
            if isinstance(tp, type) and issubclass(tp, BaseModel):
                names |= _field_names(tp, seen)
            stack.extend(typing.get_args(tp))
    return names


def test_docs_case_file_documents_every_field() -> None:
    from docassemble.SurvivorRelief.cases import Case
    from tests.helpers import REPO

    doc = (REPO / "docs" / "case-file.md").read_text(encoding="utf-8")
    missing = sorted(n for n in _field_names(Case, set()) if f"`{n}`" not in doc and f"{n}`" not in doc
                     and f", {n}" not in doc and f"{{{n}" not in doc)
    assert missing == []
