"""Jurisdiction packs: each place's rules as cited, dated data (``jurisdictions/*.yml``).

Knowledge of the law lives in the packs, never in Python: a pack states its remedies, the legal
elements of each (naming a generic check from ``rules``), its deadlines and periods, its evidence
lists and its dated parameters in the OpenFisca / PolicyEngine style (a ``values`` history plus
``metadata.reference``). Every value carries its sources and a confidence code (V, S, UNVERIFIED)
carried over from ``shared/domain/legal-facts.md``. Packs inherit from their ``parent``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal, Optional, Union

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from .cases import _pydantic_problems, read_data
from .errors import InputError, Problem

Confidence = Literal["V", "S", "UNVERIFIED"]
CONFIDENCE_ORDER = {"V": 0, "S": 1, "UNVERIFIED": 2}
Scalar = Union[bool, int, Decimal, str]


def weakest(codes: list[str]) -> str:
    """The least certain of several confidence codes: a result is only as sure as its weakest source."""
    return max(codes, key=CONFIDENCE_ORDER.__getitem__) if codes else "UNVERIFIED"


class Strict(BaseModel):
    """Schema base: a misspelt key is an error, not a silently ignored value."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(Strict):
    """Where a legal value comes from; ``confidence`` as defined in the legal fact sheet."""

    cite: str
    url: Optional[str] = None
    confidence: Confidence
    checked: dt.date
    note: Optional[str] = None


def _decimal(value: Any) -> Any:
    return Decimal(repr(value)) if isinstance(value, float) else value


class DatedValue(Strict):
    """One entry of a value history when it needs its own confidence or sources."""

    value: Scalar
    confidence: Optional[Confidence] = None
    reference: list[Source] = Field(default_factory=list)
    note: Optional[str] = None

    @field_validator("value", mode="before")
    @classmethod
    def _exact(cls, value: Any) -> Any:
        return _decimal(value)


class ParameterMetadata(Strict):
    unit: Optional[str] = None
    label: Optional[str] = None
    reference: list[Source] = Field(min_length=1)


class Parameter(Strict):
    """A legal value that may change over time: ``values`` maps the date it took effect to the value."""

    description: str
    values: dict[dt.date, Union[DatedValue, Scalar]] = Field(min_length=1)
    metadata: ParameterMetadata

    @field_validator("values", mode="before")
    @classmethod
    def _exact_values(cls, values: Any) -> Any:
        if isinstance(values, dict):
            return {k: _decimal(v) for k, v in values.items()}
        return values

    def at(self, day: dt.date) -> Optional[ParameterValue]:
        """The value in force on ``day`` (None before the first entry)."""
        found = None
        for since in sorted(self.values):
            if since <= day:
                found = since
        if found is None:
            return None
        return self._value(found)

    def history(self) -> list[ParameterValue]:
        return [self._value(since) for since in sorted(self.values)]

    def _value(self, since: dt.date) -> ParameterValue:
        entry = self.values[since]
        if isinstance(entry, DatedValue):
            sources = list(entry.reference) or list(self.metadata.reference)
            conf = entry.confidence or weakest([s.confidence for s in sources])
            return ParameterValue(entry.value, since, conf, sources)
        sources = list(self.metadata.reference)
        return ParameterValue(entry, since, weakest([s.confidence for s in sources]), sources)


@dataclass(frozen=True)
class ParameterValue:
    value: Scalar
    since: dt.date
    confidence: str
    sources: list[Source]


class Element(Strict):
    """A legal element of a remedy, tested by a named generic check in ``rules.checks``."""

    id: str
    label: str
    check: str
    params: dict[str, Any] = Field(default_factory=dict)
    required: bool = True
    # Not met: the remedy is closed to this person altogether (a U.S. citizen and the T visa): no evidence
    # checklist, no family derivatives.
    gate: bool = False
    sources: list[Source] = Field(min_length=1)


class EvidenceNeed(Strict):
    """What proves one element, which case evidence kinds count, and what to use when it cannot be had."""

    element: str
    items: list[str] = Field(min_length=1)
    kinds: list[str] = Field(default_factory=list)
    alternatives: list[str] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)


class Filing(Strict):
    """Where and how an application is sent: the authority's postal address and its own application form."""

    address: list[str] = Field(min_length=1)
    form: Optional[str] = None
    sources: list[Source] = Field(min_length=1)


class Remedy(Strict):
    name: str
    kind: Literal["immigration", "compensation", "restitution", "civil", "period", "residence",
                  "identification", "protection"]
    summary: str
    authority: Optional[str] = None
    filing: Optional[Filing] = None
    sources: list[Source] = Field(min_length=1)
    elements: list[Element] = Field(default_factory=list)
    evidence: list[EvidenceNeed] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _evidence_names_elements(self) -> Remedy:
        ids = {e.id for e in self.elements}
        for need in self.evidence:
            if need.element not in ids and need.element != "core":
                raise ValueError(f"evidence names unknown element {need.element!r}")
        return self


class Duration(Strict):
    years: int = 0
    months: int = 0
    weeks: int = 0
    days: int = 0


class Variant(Strict):
    """A rule variant: when ``when`` (a named condition) holds, change the start, length or due date."""

    when: str
    params: dict[str, Any] = Field(default_factory=dict)
    start: Optional[str] = None
    length: Optional[Duration] = None
    due_at_age: Optional[int] = None
    combine: Literal["replace", "later", "earlier"] = "replace"
    not_applicable: bool = False
    note: Optional[str] = None
    sources: list[Source] = Field(default_factory=list)


class Until(Strict):
    """A later event a period runs until (the UK recovery period lasts until the conclusive-grounds decision)."""

    event: str
    params: dict[str, Any] = Field(default_factory=dict)


class Deadline(Strict):
    """A filing or reporting deadline, or a reflection/recovery period, as data.

    ``start`` names an event (see docs/packs.md); ``length`` gives a deadline's due date; a period
    gives ``minimum`` and/or ``maximum``. ``counting`` states the counting convention in words.
    ``inclusive``: the period begins *with* the start day ("30 days beginning with the day of the
    decision" ends on day 30, start + 29). ``until``: a period also runs until that event; while the
    event has not happened the period is still running.
    """

    id: str
    remedy: str
    kind: Literal["filing", "report", "period"]
    label: str
    start: str
    start_params: dict[str, Any] = Field(default_factory=dict)
    length: Optional[Duration] = None
    minimum: Optional[Duration] = None
    maximum: Optional[Duration] = None
    counting: str
    inclusive: bool = False
    until: Optional[Until] = None
    variants: list[Variant] = Field(default_factory=list)
    sources: list[Source] = Field(min_length=1)
    note: Optional[str] = None

    @model_validator(mode="after")
    def _has_length(self) -> Deadline:
        if self.kind == "period":
            if self.minimum is None and self.maximum is None:
                raise ValueError("a period needs a minimum or a maximum")
        elif self.length is None and not any(v.due_at_age or v.length for v in self.variants):
            raise ValueError("a deadline needs a length")
        return self


class Pack(Strict):
    """One jurisdiction's rules."""

    id: str = Field(pattern=r"^[a-z]{2,3}(-[a-z]{2,3})?$")
    name: str
    parent: Optional[str] = None
    country: Optional[str] = None
    languages: list[str] = Field(default_factory=list)
    currency: Optional[str] = None
    summary: Optional[str] = None
    sources: list[Source] = Field(default_factory=list)
    parameters: dict[str, Parameter] = Field(default_factory=dict)
    remedies: dict[str, Remedy] = Field(default_factory=dict)
    deadlines: list[Deadline] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)

    @model_validator(mode="after")
    def _ids_belong(self) -> Pack:
        for rid in self.remedies:
            if not rid.startswith(self.id + "."):
                raise ValueError(f"remedy id {rid!r} must start with {self.id + '.'!r}")
        for d in self.deadlines:
            if d.remedy not in self.remedies:
                raise ValueError(f"deadline {d.id!r} names unknown remedy {d.remedy!r}")
            if not (d.id == d.remedy or d.id.startswith(d.remedy + ".")):
                raise ValueError(f"deadline id {d.id!r} must start with its remedy id {d.remedy!r}")
        return self


def packs_dir() -> Path:
    """The packs folder: ``data/sources`` inside the installed package (a link to jurisdictions/ in a checkout)."""
    return Path(__file__).resolve().parent / "data" / "sources"


class Packs:
    """All packs, with inheritance along ``parent``."""

    def __init__(self, packs: dict[str, Pack], files: dict[str, Path]) -> None:
        self._packs = packs
        self.files = files

    def ids(self) -> list[str]:
        return sorted(self._packs)

    def get(self, jid: str) -> Pack:
        return self._packs[jid]

    def __contains__(self, jid: object) -> bool:
        return jid in self._packs

    def __iter__(self) -> Iterator[Pack]:
        return iter(self._packs[k] for k in self.ids())

    def chain(self, jid: str) -> list[Pack]:
        """The pack and its ancestors, nearest first (us-ca -> us; nl -> eu -> coe)."""
        out = []
        while jid:
            pack = self._packs[jid]
            out.append(pack)
            jid = pack.parent or ""
        return out

    def with_ancestors(self, jids: list[str]) -> list[str]:
        """Jurisdictions of a case plus their parents, each once, in a stable order."""
        seen: list[str] = []
        for jid in jids:
            for pack in self.chain(jid):
                if pack.id not in seen:
                    seen.append(pack.id)
        return seen

    def parameter(self, jid: str, name: str) -> Optional[Parameter]:
        """A parameter from the pack or the nearest ancestor that defines it."""
        for pack in self.chain(jid):
            if name in pack.parameters:
                return pack.parameters[name]
        return None

    def value(self, jid: str, name: str, day: dt.date) -> Optional[ParameterValue]:
        param = self.parameter(jid, name)
        return param.at(day) if param else None

    @cached_property
    def evidence_kinds(self) -> frozenset[str]:
        """Every evidence kind some pack accepts for some element: the kinds whose meaning the packs fix."""
        return frozenset(k for pack in self for r in pack.remedies.values() for need in r.evidence for k in need.kinds)

    def remedy(self, remedy_id: str) -> Remedy:
        return self._packs[remedy_id.split(".")[0]].remedies[remedy_id]


def _inheritance_problems(packs: dict[str, Pack], files: dict[str, Path]) -> list[tuple[str, Problem]]:
    out = []
    for pid, pack in packs.items():
        seen = {pid}
        parent = pack.parent
        while parent:
            if parent not in packs:
                out.append((str(files[pid]), Problem("parent", f"unknown parent pack {parent!r}")))
                break
            if parent in seen:
                out.append((str(files[pid]), Problem("parent", "parent chain loops")))
                break
            seen.add(parent)
            parent = packs[parent].parent
    return out


def read_packs(folder: Optional[Path] = None) -> tuple[Packs, list[str]]:
    """Read and validate every pack; return the good ones and one line per problem (file: key: message)."""
    folder = Path(folder) if folder else packs_dir()
    packs: dict[str, Pack] = {}
    files: dict[str, Path] = {}
    errors: list[str] = []
    for path in sorted(folder.glob("*.yml")):
        try:
            data = read_data(path)
            if not isinstance(data, dict):
                raise InputError([Problem("(top level)", "a pack must be a mapping")], source=str(path))
            pack = Pack.model_validate(data)
        except InputError as err:
            errors.extend(err.lines())
            continue
        except ValidationError as err:
            errors.extend(f"{path}: {p}" for p in _pydantic_problems(err))
            continue
        if pack.id != path.stem:
            errors.append(f"{path}: id: {pack.id!r} does not match the file name {path.stem!r}")
            continue
        packs[pack.id] = pack
        files[pack.id] = path
    errors.extend(f"{src}: {p}" for src, p in _inheritance_problems(packs, files))
    return Packs(packs, files), errors


@lru_cache(maxsize=4)
def _load(folder: Path) -> Packs:
    packs, errors = read_packs(folder)
    if errors:
        raise InputError([Problem("(packs)", e) for e in errors], source=str(folder))
    return packs


def load_packs(folder: Optional[Path] = None) -> Packs:
    """The validated packs (read once per process); any invalid pack is an InputError."""
    return _load(Path(folder).resolve() if folder else packs_dir().resolve())
