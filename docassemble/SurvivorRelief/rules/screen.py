"""Screening: which remedies a case may qualify for, element by element, and which family members may join.

Every remedy of every jurisdiction of the case and of its parents (``Packs.with_ancestors``) is screened
by running its elements' checks (``rules.checks``); the remedy status follows the order documented in
``rules.checks`` and docs/screening.md. Family derivatives come from the remedy's family table
(``rules.family``). Results are plain data; ``ScreenResult.to_json()`` is the contract's ``screen``
object and ``render`` prints the same for a person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..cases import Case
from ..errors import InputError, Problem
from ..packs import Packs, Remedy
from . import registry
from .checks import Ctx, ElementResult, remedy_status
from .family import FamilyResult, family_results, load_table

STATUS_STYLE = {"likely_eligible": "green", "possibly_eligible": "cyan", "needs_information": "yellow",
                "not_eligible": "red", "met": "green", "exempt": "green", "unknown": "yellow", "not_met": "red"}


@dataclass
class RemedyResult:
    """One remedy's screening: status, each element, warnings and the case fields still needed."""

    id: str
    jurisdiction: str
    name: str
    kind: str
    status: str
    elements: list[ElementResult]
    warnings: list[str] = field(default_factory=list)
    needs_information: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "jurisdiction": self.jurisdiction, "name": self.name, "kind": self.kind,
                "status": self.status, "elements": [e.to_json() for e in self.elements],
                "warnings": list(self.warnings), "needs_information": list(self.needs_information)}


@dataclass
class ScreenResult:
    """The screening of one case (contract section 2, ``screen``)."""

    case_id: str
    as_of: dt.date
    remedies: list[RemedyResult]
    family: list[FamilyResult] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "as_of": self.as_of.isoformat(),
                "remedies": [r.to_json() for r in self.remedies], "family": [f.to_json() for f in self.family]}

    def render(self, console: Console) -> None:
        """Human output: a status table, then one line per element with its reason and cite."""
        console.print(Text(f"Screening of case {self.case_id} as of {self.as_of.isoformat()}", style="bold"))
        table = Table("remedy", "jurisdiction", "status")
        for r in self.remedies:
            table.add_row(Text(f"{r.id}: {r.name}"), r.jurisdiction,
                          Text(r.status.replace("_", " "), style=STATUS_STYLE[r.status]))
        console.print(table)
        for r in self.remedies:
            console.print(Text.assemble("\n", (r.id, "bold"), f" ({r.name}): ",
                                        (r.status.replace("_", " "), STATUS_STYLE[r.status])))
            for e in r.elements:
                cites = "; ".join(f"{s['cite']} [{s['confidence']}]" for s in e.sources)
                optional = "" if e.required else " (not required)"
                console.print(Text.assemble("  ", (f"{e.status.replace('_', ' '):8}", STATUS_STYLE[e.status]),
                                            f" {e.label}{optional}: {e.reason} ({cites})"))
            if r.needs_information:
                console.print(Text(f"  still needed: {', '.join(r.needs_information)}"))
            for w in r.warnings:
                console.print(Text(f"  warning: {w}", style="yellow"))
        if self.family:
            table = Table("#", "relationship", "remedy", "category", "eligible", "reason", title="Family members")
            for f in self.family:
                eligible = {True: "yes", False: "no", None: "unknown"}[f.eligible]
                table.add_row(str(f.index), f.relationship, f.for_remedy, f.derivative or "", eligible, Text(f.reason))
            console.print(table)


def _unverified(where: str, sources: list[Any]) -> list[str]:
    return [f"UNVERIFIED: {where}: {s.cite} (re-check before relying on it)"
            for s in sources if s.confidence == "UNVERIFIED"]


def screen_remedy(case: Case, packs: Packs, jid: str, remedy_id: str, remedy: Remedy, as_of: dt.date,
                  shared: dict[str, Any]) -> RemedyResult:
    """Run every element check of one remedy and combine them into its status."""
    ctx = Ctx(case, packs, remedy_id, remedy, jid, as_of, shared)
    elements = []
    for i, el in enumerate(remedy.elements):
        check = registry.CHECKS.get(el.check)
        if check is None:
            raise InputError([Problem(f"remedies.{remedy_id}.elements[{i}].check", f"unknown check {el.check!r}")],
                             source=str(packs.files.get(jid, jid)))
        elements.append(check(ctx, el))
    warnings = list(remedy.warnings) + _unverified(remedy.name, remedy.sources)
    for e in elements:
        warnings += [f"UNVERIFIED: {e.label}: {s['cite']} (re-check before relying on it)"
                     for s in e.sources if s["confidence"] == "UNVERIFIED"]
    if not remedy.elements:
        warnings.append("The pack lists no elements for this remedy: screen it by hand.")
    needs = sorted({n for e in elements for n in e.needs})
    return RemedyResult(remedy_id, jid, remedy.name, remedy.kind, remedy_status(elements), elements,
                        list(dict.fromkeys(warnings)), needs)


def gate_closed(remedy: Remedy, result: RemedyResult) -> str:
    """The reason a gate element closes the remedy to this person altogether, '' when none does."""
    gates = {e.id for e in remedy.elements if e.gate}
    return next((e.reason for e in result.elements if e.id in gates and e.status == "not_met"), "")


def screen(case: Case, packs: Packs) -> ScreenResult:
    """Screen every remedy of the case's jurisdictions and their parents, and the family members."""
    unknown = [Problem(f"jurisdictions[{i}]", f"unknown jurisdiction {jid!r}")
               for i, jid in enumerate(case.jurisdictions) if jid not in packs]
    if unknown:
        raise InputError(unknown, source=case.case_id)
    registry.load_all()
    as_of = case.today
    cache: dict[str, Any] = {}
    remedies: list[RemedyResult] = []
    family: list[FamilyResult] = []
    for jid in packs.with_ancestors(case.jurisdictions):
        for remedy_id, remedy in packs.get(jid).remedies.items():
            result = screen_remedy(case, packs, jid, remedy_id, remedy, as_of, cache)
            table = load_table(packs, remedy_id)
            if table is not None:
                result.warnings += [w for w in _unverified(f"{table.form}", table.sources)
                                    + [u for c in table.categories for u in _unverified(c.code, c.sources)]
                                    if w not in result.warnings]
                members = family_results(case, table, as_of)
                closed = gate_closed(remedy, result)
                if closed:
                    members = [FamilyResult(m.index, m.relationship, m.for_remedy, None, False,
                                            f"No derivative status: the principal cannot apply ({closed})")
                               for m in members]
                family += members
            remedies.append(result)
    return ScreenResult(case.case_id, as_of, remedies, family)
