"""Family members who may join a principal's status as derivatives (e.g. T visa, Form I-914 Supplement A).

The categories (admission codes, relationships, age limits, the present-danger route) are data: one YAML
table per remedy in ``jurisdictions/family/<remedy id>.yml``, beside the packs (the pack schema has no
place for a table, and ``packs.py`` reads only the top-level ``*.yml``). This module applies a table:

* ages are completed years (the principal's and the family member's) on the day the principal filed
  (``filed_on`` of the remedy) when the case records it, else on the as-of date, as for an application
  filed that day. Taking them on the filing date is the age-out protection of INA 214(o)(4)-(5)
  (legal review 2, A5, confidence S): a principal or relative who ages out after filing stays eligible;
  the table's ``age_out_sources`` are attached to each result so the confidence code travels with it;
* ``principal_under: 21``: the category is open without more while the principal is under 21, and only in
  present danger of retaliation (``family[].in_present_danger``) from the principal's 21st birthday on;
* ``present_danger: true``: always needs present danger;
* ``relationship: child_of_derivative``: a family member whose ``child_of`` names another family member
  who is an eligible derivative (T-6);
* a fact that is missing gives ``eligible: null`` and a reason naming the field.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal, Optional

from pydantic import Field, ValidationError

from ..cases import Case, FamilyMember, _pydantic_problems, age_on, read_data
from ..errors import InputError, Problem
from ..packs import Packs, Source, Strict


class Category(Strict):
    """One derivative category: who qualifies, and on what conditions."""

    code: str
    relationship: Literal["spouse", "child", "parent", "sibling", "other", "child_of_derivative"]
    label: str
    unmarried: bool = False
    under_age: Optional[int] = None
    principal_under: Optional[int] = None
    present_danger: bool = False
    sources: list[Source] = Field(min_length=1)


class FamilyTable(Strict):
    """The derivative categories of one remedy."""

    remedy: str
    form: str
    summary: str
    sources: list[Source] = Field(min_length=1)
    notes: list[str] = Field(default_factory=list)
    age_out_sources: list[Source] = Field(default_factory=list)
    categories: list[Category] = Field(min_length=1)


def table_path(packs: Packs, remedy_id: str) -> Optional[Path]:
    pack_id = remedy_id.split(".")[0]
    if pack_id not in packs.files:
        return None
    return Path(packs.files[pack_id]).parent / "family" / f"{remedy_id}.yml"


def load_table(packs: Packs, remedy_id: str) -> Optional[FamilyTable]:
    """The remedy's family table, None when it has none; a malformed table is an InputError naming the file."""
    path = table_path(packs, remedy_id)
    if path is None or not path.exists():
        return None
    return _read_table(path, remedy_id)


@lru_cache(maxsize=32)
def _read_table(path: Path, remedy_id: str) -> FamilyTable:
    """Read once per process, like the packs: screening runs on many cases."""
    data = read_data(path)
    try:
        table = FamilyTable.model_validate(data)
    except ValidationError as err:
        raise InputError(_pydantic_problems(err), source=str(path)) from None
    if table.remedy != remedy_id:
        raise InputError([Problem("remedy", f"{table.remedy!r} does not match the file name")], source=str(path))
    return table


@dataclass
class FamilyResult:
    """Whether one family member may be a derivative (contract section 2, ``screen`` ``family``)."""

    index: int
    relationship: str
    for_remedy: str
    derivative: Optional[str]
    eligible: Optional[bool]
    reason: str
    needs: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "relationship": self.relationship, "for_remedy": self.for_remedy,
                "derivative": self.derivative, "eligible": self.eligible, "reason": self.reason,
                "needs_information": list(self.needs), "sources": list(self.sources)}


@dataclass
class _Assessor:
    case: Case
    table: FamilyTable
    as_of: dt.date
    filed: bool = False
    done: dict[int, FamilyResult] = field(default_factory=dict)
    visiting: set[int] = field(default_factory=set)

    @property
    def day(self) -> str:
        return f"{self.as_of.isoformat()} (filing date)" if self.filed else self.as_of.isoformat()

    def principal_age(self) -> Optional[int]:
        dob = self.case.survivor.date_of_birth
        return age_on(dob, self.as_of) if dob else None

    def assess(self, i: int) -> FamilyResult:
        if i in self.done:
            return self.done[i]
        self.visiting.add(i)
        member = self.case.family[i]
        options = [c for c in self.table.categories if c.relationship == member.relationship]
        if member.child_of is not None:
            options += [c for c in self.table.categories if c.relationship == "child_of_derivative"]
        found = [self.category(i, member, c) for c in options]
        self.visiting.discard(i)
        pick = (next((r for r in found if r.eligible), None) or next((r for r in found if r.eligible is None), None)
                or (found[0] if found else None))
        if pick is None:
            pick = FamilyResult(i, member.relationship, self.table.remedy, None, False,
                                f"No category of {self.table.form} covers this relationship "
                                f"({member.relationship}) unless child_of names a derivative.")
        if len(found) > 1 and pick.eligible is False:
            pick.reason += " " + " ".join(r.reason for r in found if r is not pick)
        self.done[i] = pick
        return pick

    def category(self, i: int, m: FamilyMember, c: Category) -> FamilyResult:
        """Every condition of the category: a failed one decides; else missing facts make it unknown."""
        fails: list[str] = []
        needs: list[str] = []
        notes: list[str] = []
        if c.unmarried:
            if m.married is None:
                needs.append(f"family[{i}].married")
            elif m.married:
                fails.append("married")
        if c.under_age is not None:
            if m.date_of_birth is None:
                needs.append(f"family[{i}].date_of_birth")
            elif age_on(m.date_of_birth, self.as_of) >= c.under_age:
                fails.append(f"{c.under_age} or older on {self.day}")
            else:
                notes.append(f"age {age_on(m.date_of_birth, self.as_of)} on {self.day}")
        danger_needed = c.present_danger
        if c.principal_under is not None:
            p_age = self.principal_age()
            if p_age is None and not m.in_present_danger:
                needs.append("survivor.date_of_birth")
                if m.in_present_danger is None:
                    needs.append(f"family[{i}].in_present_danger")
            elif p_age is not None and p_age < c.principal_under:
                notes.append(f"principal under {c.principal_under} on {self.day}")
            else:
                danger_needed = True
                if p_age is not None:
                    notes.append(f"principal {c.principal_under} or older on {self.day}")
        if danger_needed:
            if m.in_present_danger is None:
                needs.append(f"family[{i}].in_present_danger")
            elif m.in_present_danger:
                notes.append("in present danger of retaliation")
            else:
                fails.append("not in present danger of retaliation")
        if c.relationship == "child_of_derivative":
            k = m.child_of
            if k is None or k == i or k in self.visiting or not 0 <= k < len(self.case.family):
                fails.append("child_of does not name another family member")
            else:
                parent = self.assess(k)
                if parent.eligible:
                    notes.append(f"child of family[{k}] ({parent.derivative})")
                elif parent.eligible is None:
                    needs.extend(parent.needs)
                else:
                    fails.append(f"family[{k}] is not a derivative")
        extra = self.table.age_out_sources if self.filed else []
        sources = [{"cite": s.cite, "url": s.url, "confidence": s.confidence} for s in [*c.sources, *extra]]
        if fails:
            known = f" ({'; '.join(notes)})" if notes else ""
            reason = f"Not {c.code} ({c.label}): {'; '.join(fails)}{known}."
            return FamilyResult(i, m.relationship, self.table.remedy, c.code, False, reason, [], sources)
        if needs:
            needs = list(dict.fromkeys(needs))
            known = f" ({'; '.join(notes)})" if notes else ""
            reason = f"Unknown: {', '.join(needs)} not recorded{known}; {c.code} is for {c.label}."
            return FamilyResult(i, m.relationship, self.table.remedy, c.code, None, reason, needs, sources)
        detail = f" ({'; '.join(notes)})" if notes else ""
        return FamilyResult(i, m.relationship, self.table.remedy, c.code, True, f"{c.code}: {c.label}{detail}.",
                            [], sources)


def family_results(case: Case, table: FamilyTable, as_of: dt.date) -> list[FamilyResult]:
    """One result per family member of the case, in ``family`` order, ages taken on the filing date if any."""
    filed = case.filed_on.get(table.remedy)
    assessor = _Assessor(case, table, filed or as_of, filed=filed is not None)
    return [assessor.assess(i) for i in range(len(case.family))]
