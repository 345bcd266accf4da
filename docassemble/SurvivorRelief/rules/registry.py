"""Named, generic rule parts that packs refer to by name: element checks, start events, conditions.

Packs say *which* test applies and cite it; Python says *how* a test reads the case. Adding a
jurisdiction whose rules reuse existing checks needs only a pack and templates.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

CHECKS: dict[str, Callable[..., Any]] = {}
EVENTS: dict[str, Callable[..., Any]] = {}
CONDITIONS: dict[str, Callable[..., Any]] = {}


def _register(table: dict[str, Callable[..., Any]], name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def deco(func: Callable[..., Any]) -> Callable[..., Any]:
        if name in table:
            raise ValueError(f"{name!r} registered twice")
        table[name] = func
        return func

    return deco


def check(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register an element check: ``func(ctx, element) -> ElementResult``."""
    return _register(CHECKS, name)


def event(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a start event: ``func(ctx, params) -> EventDate`` (a date, or the missing field path)."""
    return _register(EVENTS, name)


def condition(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Register a variant condition: ``func(ctx, params) -> bool | None`` (None: unknown)."""
    return _register(CONDITIONS, name)


def load_all() -> None:
    """Import the modules that register rule parts."""
    from . import checks, deadlines  # noqa: F401


def pack_problems(packs: Any) -> list[str]:
    """One line per element check, deadline event or variant condition that no code implements."""
    load_all()
    out = []
    for pack in packs:
        where = packs.files[pack.id]
        for rid, remedy in pack.remedies.items():
            for i, el in enumerate(remedy.elements):
                if el.check not in CHECKS:
                    out.append(f"{where}: remedies.{rid}.elements[{i}].check: unknown check {el.check!r}")
        for i, d in enumerate(pack.deadlines):
            if d.start not in EVENTS:
                out.append(f"{where}: deadlines[{i}].start: unknown event {d.start!r}")
            if d.until and d.until.event not in EVENTS:
                out.append(f"{where}: deadlines[{i}].until.event: unknown event {d.until.event!r}")
            for j, v in enumerate(d.variants):
                if v.when not in CONDITIONS:
                    out.append(f"{where}: deadlines[{i}].variants[{j}].when: unknown condition {v.when!r}")
                if v.start and v.start not in EVENTS:
                    out.append(f"{where}: deadlines[{i}].variants[{j}].start: unknown event {v.start!r}")
    return out
