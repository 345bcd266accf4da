"""Item-by-item worksheets for the official forms this tool does not fill (G-28, I-914 Supplements A and B).

The legal team copies each answer into the official form by hand (or the law-enforcement official does, for
Supplement B). The item data (the form's parts and items, each with an expression over the case) is in
``templates/us/worksheets/<form>.yml``; the wording is in ``templates/us/worksheets/form_worksheet.docx``;
this module only evaluates the items. An item is given a number only where the number was confirmed for
the edition followed; the others carry the form's label alone, and the preparer's memo says so.

An item the case cannot answer is left blank with its reason: ``unknown`` (not in the case file: the memo
lists ``path``), ``none`` (nothing to enter), ``choice`` (the form's own choice, made when completing it),
``signature`` (signed by hand by ``who``), ``withheld`` (left blank on purpose: a phone that is not safe to
call, or what a third party must not get), ``officer`` (for the certifying official).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .cases import Case, _pydantic_problems, read_data
from .errors import InputError
from .forms import evaluate

FOLDER = Path("us") / "worksheets"
Blank = Literal["unknown", "none", "choice", "signature", "withheld", "officer"]
Signer = Literal["representative", "survivor", "translator", "preparer", "officer"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Item(_Strict):
    number: Optional[str] = None          # only when confirmed for the edition followed
    label: str
    value: Optional[str] = None           # an expression (forms.evaluate); none: always blank
    blank: Blank = "unknown"              # why the item is blank when ``value`` gives nothing
    path: Optional[str] = None            # the case field an unknown item needs ({n}: the family member)
    who: Optional[Signer] = None          # who signs (blank: signature)
    note: Optional[str] = None
    send: Literal["always", "unless_redacted", "never"] = "always"   # third-party copies


class Part(_Strict):
    number: Optional[str] = None
    title: str
    items: list[Item]


class Sheet(_Strict):
    form: str
    title: str
    edition: str
    audience: Literal["preparer", "officer"]
    source: str
    signed_by: list[Signer] = Field(default_factory=list)
    parts: list[Part]


@lru_cache(maxsize=8)
def load_sheet(form: str, folder: Optional[Path] = None) -> Sheet:
    """The item data of one form's worksheet; a wrong entry is an InputError naming the file and the key."""
    from .documents import TEMPLATES_DIR

    path = (folder or TEMPLATES_DIR) / FOLDER / f"{form}.yml"
    try:
        return Sheet.model_validate(read_data(path))
    except ValidationError as err:
        raise InputError(_pydantic_problems(err), source=str(path)) from None


def _text(value: Any) -> str:
    if value is None or value is False:
        return ""
    if isinstance(value, dt.date):
        return value.strftime("%m/%d/%Y")
    if value is True:
        return "Yes"
    return str(value).strip()


def _names(case: Case, family: bool) -> dict[str, Any]:
    """Values the item expressions use that need more than one field (``family``: Supplements A are filed)."""
    others = ["I-914 Supplement A"] * family + ["I-192"] * bool(case.inadmissibility) + ["I-765"]
    return {"other_names": ", ".join(n.full() for n in case.survivor.other_names if n.full()),
            "filed_forms": f"Form I-914, Application for T Nonimmigrant Status, with Forms {', '.join(others)}"}


def fill(sheet: Sheet, case: Case, member: Optional[int] = None, contact: Optional[int] = None,
         redact: bool = False, derivative: str = "", family: bool = False) -> dict[str, Any]:
    """The worksheet as the template shows it: parts, items, each with its answer or why it is blank.

    ``unknown`` lists the items the case file cannot answer yet, with their case fields (for the memo)."""
    who = case.family[member] if member is not None else None
    parent = case.family[who.child_of] if who is not None and who.child_of is not None else None
    le = case.law_enforcement.contacts[contact] if contact is not None else None
    ctx = {"case": case, "rep": case.representative, "today": case.today, "screen": None, "member": who,
           "parent": parent, "derivative": derivative, "contact": le,
           "contact_address": ", ".join(le.address.lines("US")) if le and le.address else "",
           **_names(case, family)}
    parts, unknown, unnumbered = [], [], 0
    for part in sheet.parts:
        rows = []
        for item in part.items:
            answer = _text(evaluate(item.value, ctx, f"{sheet.form}: {item.label}")) if item.value else ""
            why = item.blank
            if answer and sheet.audience == "officer" and (item.send == "never"
                                                           or (redact and item.send == "unless_redacted")):
                answer, why = "", "withheld"
            if not answer and why == "unknown":
                unknown.append({"label": item.label,
                                "path": (item.path or "").replace("{n}", str(member if member is not None else 0))})
            unnumbered += item.number is None
            rows.append({"number": item.number or "", "label": item.label, "answer": answer,
                         "why": "" if answer else why, "who": item.who or "", "note": item.note or ""})
        parts.append({"number": part.number or "", "title": part.title, "rows": rows})
    return {"present": True, "form": sheet.form, "title": sheet.title, "edition": sheet.edition,
            "audience": sheet.audience, "source": sheet.source, "parts": parts, "unknown": unknown,
            "unnumbered": unnumbered, "count": sum(len(p["rows"]) for p in parts)}


def no_sheet() -> dict[str, Any]:
    return {"present": False, "form": "", "title": "", "edition": "", "audience": "", "source": "", "parts": [],
            "unknown": [], "unnumbered": 0, "count": 0}
