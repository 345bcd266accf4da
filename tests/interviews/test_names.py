"""One name per fact: every question sets a fact under its path in the case file (cases.Case), or sets something
the interview keeps for itself, which is never a case path (a top-level name that is not a case field, or an
attribute starting with ``sr_``). intake.case_from_answers reads the case by walking the same model, so a
question whose variable is not a case path would be an answer the case never sees."""

from __future__ import annotations

import re
import types
from typing import Any, Optional, Union, get_args, get_origin

from pydantic import BaseModel

from docassemble.SurvivorRelief import intake
from docassemble.SurvivorRelief.cases import Case
from tests.interviews.common import blocks

MODIFIERS = {"datatype", "required", "choices", "code", "default", "show if", "hide if", "hint", "help",
             "none of the above", "accept", "validate", "min", "max", "input type", "label", "field", "exclude",
             "disable others", "note", "html", "maximum image size", "rows", "grid"}
LIST_ATTRIBUTES = {"there_are_any", "there_is_another", "complete", "gathered"}  # docassemble's DAList bookkeeping


def question_variables() -> list[tuple[str, str]]:
    """(question id, variable) for every field of every question in interviews/*.yml."""
    out = []
    for _path, block in blocks():
        if "question" not in block:
            continue
        if isinstance(block.get("field"), str):
            out.append((block["id"], block["field"]))
        for field in block.get("fields") or []:
            if isinstance(field, dict):
                names = [v for k, v in field.items() if k not in MODIFIERS and isinstance(v, str)]
                out += [(block["id"], names[0])] if names else []
    return out


def _inner(annotation: Any) -> Any:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return args[0] if len(args) == 1 else annotation
    return annotation


def case_path_problem(variable: str) -> Optional[str]:
    """Why ``variable`` (its first part a case field) is not a case path; None when it is one."""
    kind: Any = Case
    parts = re.sub(r"\[[^\]]+\]", "", variable).split(".")
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if part.startswith(intake.OWN) and last:
            return None
        if get_origin(kind) is list and part in LIST_ATTRIBUTES and last:
            return None
        if get_origin(kind) is list and _is_model(get_args(kind)[0]):
            kind = get_args(kind)[0]
        if get_origin(kind) is dict:
            return None if last else f"{part}: inside a mapping of words"
        if not (_is_model(kind) and part in kind.model_fields):
            return f"{part}: not a field of {getattr(kind, '__name__', kind)}"
        kind = _inner(kind.model_fields[part].annotation)
        if get_origin(kind) is list and _is_model(get_args(kind)[0]) and last:
            return f"{part}: a list of parts, not a fact"
    if _is_model(kind):
        return f"{parts[-1]}: a part ({kind.__name__}), not a fact"
    return None


def _is_model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def test_the_questions_are_found() -> None:
    variables = [v for _, v in question_variables()]
    assert "survivor.name.first" in variables and "trafficking[i].work.hours_per_week" in variables
    assert len(variables) > 100


def test_every_question_names_the_case_path_or_keeps_the_answer_to_itself() -> None:
    wrong = [f"{question}: {variable}: {case_path_problem(variable)}" for question, variable in question_variables()
             if re.split(r"[.\[]", variable, maxsplit=1)[0] in Case.model_fields and case_path_problem(variable)]
    assert not wrong, wrong


def test_the_check_knows_a_wrong_name() -> None:
    assert case_path_problem("survivor.name.first") is None
    assert case_path_problem("trafficking[i].sr_where") is None
    assert case_path_problem("statement.sections.fears") is None
    assert case_path_problem("law_enforcement.contacts.there_are_any") is None
    assert case_path_problem("survivor.first_name") == "first_name: not a field of Survivor"
    assert case_path_problem("trafficking[i].work.wages_paid") == "wages_paid: a part (Money), not a fact"
    assert case_path_problem("trafficking[i].town") == "town: not a field of Episode"
