"""Deadlines and periods computed from the packs' ``deadlines:`` rules (docs/packs.md).

The packs say which event starts the clock, how long it runs and which variants change it; this module
only reads dates from the case and does calendar arithmetic (``dateutil.relativedelta``: 31 Jan + 1 month =
28/29 Feb; a 29 Feb birthday falls on 28 Feb in common years; no weekend or holiday roll-over). The
conventions are listed in docs/packs.md, "How rules/deadlines.py counts". A missing or future start, or a
condition that cannot be decided, gives status ``unknown`` with the case fields still needed; a rule that
does not apply is listed under ``not_applicable``, since the contract statuses are open, passed, unknown.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import Any, Optional, Union

from dateutil.relativedelta import relativedelta

from ..cases import Case, age_on
from ..errors import InputError, Problem
from ..packs import Deadline, Duration, Packs, Source, Variant, weakest
from . import registry

NO_ROLLOVER = "calendar dates, no weekend or holiday roll-over"


# --- events -----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class EventDate:
    """When a start event happened, or why that is not known (the case fields still needed)."""

    date: Optional[dt.date]
    label: str
    path: Optional[str] = None
    missing: tuple[str, ...] = ()
    not_started: Optional[str] = None
    episodes: tuple[int, ...] = ()


@dataclass
class Ctx:
    """What events and conditions read: the case, the packs, and the rule's start event once known."""

    case: Case
    packs: Packs
    event: Optional[EventDate] = None
    needs: list[str] = field(default_factory=list)
    memo: dict[str, EventDate] = field(default_factory=dict)

    def need(self, path: str) -> None:
        if path not in self.needs:
            self.needs.append(path)


def _in_jurisdiction(packs: Packs, episode_jid: Optional[str], country: Optional[str], wanted: str) -> Optional[bool]:
    """Whether an episode happened in ``wanted`` or a child of it; None when the episode does not say."""
    if episode_jid:
        if episode_jid not in packs:
            return episode_jid == wanted
        return any(p.id == wanted for p in packs.chain(episode_jid))
    if country and wanted in packs:
        pack = packs.get(wanted)
        parent = packs.get(pack.parent) if pack.parent and pack.parent in packs else None
        national = pack.country is not None and (parent is None or parent.country != pack.country)
        if national:
            return pack.country == country.upper()
        if pack.country and pack.country != country.upper():
            return False
    return None


def _episodes(ctx: Ctx, params: dict[str, Any], field_name: str) -> tuple[list[int], Optional[EventDate]]:
    """The indices of the episodes a trafficking event reads, or an EventDate saying what is missing."""
    wanted = list(params.get("jurisdictions") or [])
    where = f" in {', '.join(wanted)}" if wanted else ""
    label = ("the end of the trafficking" if field_name == "end" else "the start of the trafficking") + where
    selector = f"trafficking[jurisdiction={'|'.join(wanted)}]" if wanted else "trafficking[]"
    matched: list[int] = []
    for i, ep in enumerate(ctx.case.trafficking):
        if not wanted:
            matched.append(i)
            continue
        hits = [_in_jurisdiction(ctx.packs, ep.jurisdiction, ep.country, w) for w in wanted]
        if any(hits):
            matched.append(i)
        elif None in hits:
            return [], EventDate(None, label, missing=(f"trafficking[{i}].jurisdiction",))
    if not matched:
        return [], EventDate(None, label, missing=(f"{selector}.{field_name}",))
    return matched, None


@registry.event("trafficking_end")
def trafficking_end(ctx: Ctx, params: dict[str, Any]) -> EventDate:
    """The latest end of the matching episodes; an ongoing episode means the clock has not started."""
    matched, problem = _episodes(ctx, params, "end")
    if problem:
        return problem
    wanted = params.get("jurisdictions") or []
    label = "the end of the trafficking" + (f" in {', '.join(wanted)}" if wanted else "")
    ongoing = [i for i in matched if ctx.case.trafficking[i].end is None]
    if ongoing:
        i = ongoing[0]
        return EventDate(None, label, missing=(f"trafficking[{i}].end",), episodes=tuple(matched),
                         not_started=f"trafficking[{i}] has no end date, so it is recorded as ongoing and the "
                                     "time limit has not started")
    i = max(matched, key=lambda k: ctx.case.trafficking[k].end)
    return EventDate(ctx.case.trafficking[i].end, label, path=f"trafficking[{i}].end", episodes=tuple(matched))


@registry.event("trafficking_start")
def trafficking_start(ctx: Ctx, params: dict[str, Any]) -> EventDate:
    """The earliest start of the matching episodes."""
    matched, problem = _episodes(ctx, params, "start")
    if problem:
        return problem
    wanted = params.get("jurisdictions") or []
    label = "the start of the trafficking" + (f" in {', '.join(wanted)}" if wanted else "")
    unknown = [i for i in matched if ctx.case.trafficking[i].start is None]
    if unknown:
        return EventDate(None, label, missing=tuple(f"trafficking[{i}].start" for i in unknown),
                         episodes=tuple(matched))
    i = min(matched, key=lambda k: ctx.case.trafficking[k].start)
    return EventDate(ctx.case.trafficking[i].start, label, path=f"trafficking[{i}].start", episodes=tuple(matched))


@registry.event("report_date")
def report_date(ctx: Ctx, params: dict[str, Any]) -> EventDate:
    """The date the crime was reported to law enforcement."""
    le = ctx.case.law_enforcement
    label = "the report to law enforcement"
    if le.report_date:
        return EventDate(le.report_date, label, path="law_enforcement.report_date")
    if le.reported is False:
        return EventDate(None, label, missing=("law_enforcement.report_date",),
                         not_started="law_enforcement.reported is false, so the time limit has not started")
    return EventDate(None, label, missing=("law_enforcement.report_date",))


@registry.event("identification")
def identification(ctx: Ctx, params: dict[str, Any]) -> EventDate:
    """The earliest positive identification decision of the given kinds (``any_outcome``: negative ones too,
    for a period that ends with the decision whatever it says)."""
    kinds = list(params.get("kinds") or [])
    any_outcome = bool(params.get("any_outcome"))
    names = " or ".join(k.replace("_", " ") for k in kinds) if kinds else "identification"
    label = f"the first {'' if any_outcome else 'positive '}{names} decision"
    found: list[tuple[dt.date, int]] = []
    undated: list[int] = []
    for i, ident in enumerate(ctx.case.identification):
        if (ident.positive or any_outcome) and (not kinds or ident.kind in kinds):
            if ident.date:
                found.append((ident.date, i))
            else:
                undated.append(i)
    if undated:
        return EventDate(None, label, missing=tuple(f"identification[{i}].date" for i in undated))
    if not found:
        selector = f"identification[kind={'|'.join(kinds)}]" if kinds else "identification[]"
        return EventDate(None, label, missing=(f"{selector}.date",))
    day, i = min(found)
    return EventDate(day, label, path=f"identification[{i}].date")


@registry.event("final_court_act")
def final_court_act(ctx: Ctx, params: dict[str, Any]) -> EventDate:
    """The date the final court act (conviction, plea, end of proceedings) took effect."""
    day = ctx.case.law_enforcement.criminal_case.final_court_act_date
    path = "law_enforcement.criminal_case.final_court_act_date"
    label = "the final court act"
    return EventDate(day, label, path=path) if day else EventDate(None, label, missing=(path,))


def birthday(birth: dt.date, age: int) -> dt.date:
    """The birthday at ``age``; a 29 Feb birthday falls on 28 Feb in common years."""
    return birth + relativedelta(years=age)


@registry.event("birthday")
def birthday_event(ctx: Ctx, params: dict[str, Any]) -> EventDate:
    """The survivor's birthday at ``params['age']``."""
    age = int(params["age"])
    label = f"the survivor's {ordinal(age)} birthday"
    dob = ctx.case.survivor.date_of_birth
    if dob is None:
        return EventDate(None, label, missing=("survivor.date_of_birth",))
    return EventDate(birthday(dob, age), label, path="survivor.date_of_birth")


def _pack_error(ctx: Ctx, jurisdiction: str, message: str) -> InputError:
    source = str(ctx.packs.files.get(jurisdiction, "packs"))
    return InputError([Problem("deadlines", message)], source=source)


def event_date(ctx: Ctx, name: str, params: dict[str, Any], jurisdiction: str = "") -> EventDate:
    """Run a registered start event once per case and params."""
    key = name + json.dumps(params, sort_keys=True, default=str)
    if key not in ctx.memo:
        if name not in registry.EVENTS:
            raise _pack_error(ctx, jurisdiction, f"unknown start event {name!r}")
        ctx.memo[key] = registry.EVENTS[name](ctx, params)
    return ctx.memo[key]


def _condition(name: str, jurisdiction: str, ctx: Ctx) -> Any:
    if name not in registry.CONDITIONS:
        raise _pack_error(ctx, jurisdiction, f"unknown variant condition {name!r}")
    return registry.CONDITIONS[name]


# --- conditions --------------------------------------------------------------------------------------

def _earliest_act(ctx: Ctx, ev: EventDate) -> tuple[Optional[dt.date], list[str]]:
    """The earliest known date of an act in the event's episodes, and the fields that would make it exact."""
    missing = []
    dates = []
    for i in ev.episodes:
        ep = ctx.case.trafficking[i]
        if ep.start:
            dates.append(ep.start)
        else:
            missing.append(f"trafficking[{i}].start")
            if ep.end:
                dates.append(ep.end)
    return (min(dates) if dates else None), missing


@registry.condition("minor_at_event")
def minor_at_event(ctx: Ctx, params: dict[str, Any]) -> Optional[bool]:
    """Under 18 on the start event date; for trafficking events, at any act of trafficking."""
    dob = ctx.case.survivor.date_of_birth
    ev = ctx.event
    if dob is None:
        ctx.need("survivor.date_of_birth")
        return None
    if ev is not None and ev.episodes:
        day, missing = _earliest_act(ctx, ev)
        if day is not None and age_on(dob, day) < 18:
            return True
        if missing:
            for path in missing:
                ctx.need(path)
            return None
        return False if day is not None else None
    if ev is None or ev.date is None:
        return None
    return age_on(dob, ev.date) < 18


def _age_on_event(ctx: Ctx) -> Optional[int]:
    """The survivor's age on the start event's own date; None (naming the field) when unknown."""
    dob = ctx.case.survivor.date_of_birth
    if dob is None:
        ctx.need("survivor.date_of_birth")
        return None
    if ctx.event is None or ctx.event.date is None:
        return None
    return age_on(dob, ctx.event.date)


@registry.condition("minor_on_event_date")
def minor_on_event_date(ctx: Ctx, params: dict[str, Any]) -> Optional[bool]:
    """Under 18 on the start event's own date (for ``trafficking_end``: at the last act)."""
    age = _age_on_event(ctx)
    return None if age is None else age < 18


@registry.condition("always")
def always(ctx: Ctx, params: dict[str, Any]) -> Optional[bool]:
    """For every case: an alternative the law gives everyone ("the later of ... or ...")."""
    return True


def _minor_reported(ctx: Ctx, params: dict[str, Any], before: bool) -> Optional[bool]:
    """Under 18 at an act of trafficking, and reported to the police before (``before``) or only from the
    birthday at ``params['age']``; a crime not reported is neither."""
    le = ctx.case.law_enforcement
    minor = minor_at_event(ctx, params)
    if minor is False or le.reported is False:
        return False
    dob = ctx.case.survivor.date_of_birth
    if dob is None:
        ctx.need("survivor.date_of_birth")
    if le.report_date is None:
        ctx.need("law_enforcement.report_date")
    if minor is None or dob is None or le.report_date is None:
        return None
    return (age_on(dob, le.report_date) < int(params["age"])) is before


@registry.condition("reported_before_age")
def reported_before_age(ctx: Ctx, params: dict[str, Any]) -> Optional[bool]:
    """Under 18 at an act of trafficking and reported to the police before the birthday at ``age``."""
    return _minor_reported(ctx, params, before=True)


@registry.condition("minor_reported_from_age")
def minor_reported_from_age(ctx: Ctx, params: dict[str, Any]) -> Optional[bool]:
    """Under 18 at an act of trafficking, but reported only on or after the birthday at ``age``."""
    return _minor_reported(ctx, params, before=False)


@registry.condition("dublin_procedure")
def dublin_procedure(ctx: Ctx, params: dict[str, Any]) -> Optional[bool]:
    """In a Dublin procedure, with the start event on or after ``date`` (when the rule took effect)."""
    if ctx.event is not None and ctx.event.date is not None and "date" in params \
            and ctx.event.date < _param_date(params):
        return False
    flag = ctx.case.survivor.immigration.dublin_procedure
    if flag is None:
        ctx.need("survivor.immigration.dublin_procedure")
    return flag


@registry.condition("unaccompanied_minor")
def unaccompanied_minor(ctx: Ctx, params: dict[str, Any]) -> Optional[bool]:
    """Under 18 on the start event's date and in the country without a parent or legal guardian."""
    minor = minor_on_event_date(ctx, params)
    if minor is False:
        return False
    flag = ctx.case.survivor.immigration.unaccompanied
    if flag is None:
        ctx.need("survivor.immigration.unaccompanied")
        return None
    return None if minor is None else flag


@registry.condition("adult_at_event")
def adult_at_event(ctx: Ctx, params: dict[str, Any]) -> Optional[bool]:
    """18 or older on the start event date."""
    age = _age_on_event(ctx)
    return None if age is None else age >= 18


def _param_date(params: dict[str, Any]) -> dt.date:
    value = params.get("date")
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError([Problem("variants.params.date", f"not an ISO date: {value!r}")], source="packs") from None


@registry.condition("event_on_or_after")
def event_on_or_after(ctx: Ctx, params: dict[str, Any]) -> Optional[bool]:
    """The start event is on or after ``date`` (an amendment in force from then)."""
    if ctx.event is None or ctx.event.date is None:
        return None
    return ctx.event.date >= _param_date(params)


@registry.condition("event_before")
def event_before(ctx: Ctx, params: dict[str, Any]) -> Optional[bool]:
    """The start event is before ``date``."""
    if ctx.event is None or ctx.event.date is None:
        return None
    return ctx.event.date < _param_date(params)


@registry.condition("trafficking_form")
def trafficking_form(ctx: Ctx, params: dict[str, Any]) -> Optional[bool]:
    """An episode (of the event's, else of the case) has one of ``forms``; ``both`` counts as each."""
    forms = set(params.get("forms") or [])
    indices = ctx.event.episodes if ctx.event and ctx.event.episodes else range(len(ctx.case.trafficking))
    unknown = []
    for i in indices:
        form = ctx.case.trafficking[i].form
        if form is None:
            unknown.append(i)
            continue
        have = {"labor", "sex_industry", "both"} if form.value == "both" else {form.value}
        if have & forms:
            return True
    if unknown or not indices:
        ctx.need(f"trafficking[{unknown[0]}].form" if unknown else "trafficking[].form")
        return None
    return False


def _condition_phrase(variant: Variant, ev: Optional[EventDate]) -> str:
    what = ev.label if ev else "the start event"
    p = variant.params
    phrases = {
        "minor_at_event": "the survivor was under 18 at "
                          + ("an act of trafficking" if ev and ev.episodes else what),
        "adult_at_event": f"the survivor was 18 or older at {what}",
        "minor_on_event_date": f"the survivor was under 18 at {what}",
        "always": "the law gives this alternative to everyone",
        "reported_before_age": "the survivor was under 18 at an act of trafficking and the crime was reported to the "
                               f"police before the {p.get('age')}th birthday",
        "minor_reported_from_age": "the survivor was under 18 at an act of trafficking but the crime was reported "
                                   f"only from the {p.get('age')}th birthday",
        "dublin_procedure": "the survivor is in a Dublin procedure"
                            + (f" and {what} is on or after {p.get('date')}" if p.get("date") else ""),
        "unaccompanied_minor": f"the survivor was an unaccompanied minor at {what}",
        "event_on_or_after": f"{what} is on or after {p.get('date')}",
        "event_before": f"{what} is before {p.get('date')}",
        "trafficking_form": f"the trafficking form is {' or '.join(p.get('forms') or [])}",
    }
    return phrases.get(variant.when, f"condition {variant.when} holds")


# --- results ----------------------------------------------------------------------------------------

def _source_json(s: Source) -> dict[str, Any]:
    return {"cite": s.cite, "url": s.url, "confidence": s.confidence}


@dataclass(frozen=True)
class DeadlineResult:
    """One computed deadline or period (contract section 2, ``deadlines``)."""

    id: str
    remedy: str
    jurisdiction: str
    kind: str
    label: str
    due: Optional[dt.date]
    start: Optional[dt.date]
    minimum_end: Optional[dt.date]
    maximum_end: Optional[dt.date]
    status: str
    basis: str
    counting: str
    confidence: str
    sources: tuple[Source, ...]
    needs: tuple[str, ...] = ()
    start_event: str = ""
    notes: tuple[str, ...] = ()

    def ends(self) -> list[tuple[str, dt.date]]:
        """The dates to calendar: ``due`` for a filing or report, each known end for a period."""
        pairs = [("due", self.due), ("minimum_end", self.minimum_end), ("maximum_end", self.maximum_end)]
        return [(k, v) for k, v in pairs if v is not None]

    def to_json(self) -> dict[str, Any]:
        def iso(d: Optional[dt.date]) -> Optional[str]:
            return d.isoformat() if d else None

        return {"id": self.id, "remedy": self.remedy, "jurisdiction": self.jurisdiction, "kind": self.kind,
                "label": self.label, "due": iso(self.due), "start": iso(self.start),
                "minimum_end": iso(self.minimum_end), "maximum_end": iso(self.maximum_end),
                "status": self.status, "basis": self.basis, "counting": self.counting,
                "confidence": self.confidence, "sources": [_source_json(s) for s in self.sources],
                "needs": list(self.needs), "start_event": self.start_event, "notes": list(self.notes)}


@dataclass(frozen=True)
class NotApplicable:
    """A rule that does not apply to this case (a ``not_applicable`` variant holds), with the reason."""

    id: str
    remedy: str
    jurisdiction: str
    kind: str
    label: str
    reason: str
    confidence: str
    sources: tuple[Source, ...]
    status: str = "not_applicable"

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "remedy": self.remedy, "jurisdiction": self.jurisdiction, "kind": self.kind,
                "label": self.label, "reason": self.reason, "confidence": self.confidence,
                "status": self.status, "sources": [_source_json(s) for s in self.sources]}


@dataclass(frozen=True)
class DeadlinesResult:
    """Every deadline and period of a case's jurisdictions (and their parents), as of ``as_of``."""

    case_id: str
    as_of: dt.date
    deadlines: tuple[DeadlineResult, ...]
    not_applicable: tuple[NotApplicable, ...] = ()

    def by_id(self, deadline_id: str) -> Union[DeadlineResult, NotApplicable, None]:
        """The result for one deadline id (status open | passed | unknown, or not_applicable), None if absent."""
        for d in self.deadlines:
            if d.id == deadline_id:
                return d
        for n in self.not_applicable:
            if n.id == deadline_id:
                return n
        return None

    def to_json(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "as_of": self.as_of.isoformat(),
                "deadlines": [d.to_json() for d in self.deadlines],
                "not_applicable": [n.to_json() for n in self.not_applicable]}


# --- computation ------------------------------------------------------------------------------------

def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def describe(length: Duration) -> str:
    """``Duration(years=1, days=3)`` -> ``1 year 3 days``."""
    parts = []
    for unit in ("years", "months", "weeks", "days"):
        n = getattr(length, unit)
        if n:
            parts.append(f"{n} {unit if n != 1 else unit[:-1]}")
    return " ".join(parts) or "0 days"


def add(day: dt.date, length: Duration) -> dt.date:
    return day + relativedelta(years=length.years, months=length.months, weeks=length.weeks, days=length.days)


@dataclass
class _End:
    """One date being computed (a due date or a period end) and how it was reached."""

    date: Optional[dt.date]
    text: str


def _event_text(ev: EventDate) -> str:
    return f"{ev.label} on {ev.date.isoformat()} (field {ev.path})" if ev.date and ev.path else ev.label


def _dated(end: _End) -> str:
    return f"{end.date.isoformat()}, {end.text}," if end.date else end.text


def _from(length: Duration, ev: EventDate, prefix: str = "", inclusive: bool = False) -> _End:
    """``length`` after the event, or, ``inclusive``, ``length`` beginning with the event's day (one day less)."""
    how = "beginning with" if inclusive else "after"
    if ev.date is None:
        return _End(None, f"{prefix}{describe(length)} {how} {ev.label}")
    day = add(ev.date, length) - dt.timedelta(days=1 if inclusive else 0)
    return _End(day, f"{prefix}{describe(length)} {how} {_event_text(ev)}")


def _rule_sources(rule: Deadline, applied: list[Variant]) -> tuple[tuple[Source, ...], str]:
    sources: list[Source] = []
    seen = set()
    for s in list(rule.sources) + [s for v in applied for s in v.sources]:
        key = (s.cite, s.url)
        if key not in seen:
            seen.add(key)
            sources.append(s)
    return tuple(sources), weakest([s.confidence for s in sources])


def _base_ends(rule: Deadline, base: EventDate) -> dict[str, Optional[_End]]:
    """The dates before any variant: the due date (None when only a variant gives one) or the period ends."""
    if rule.kind == "period":
        ends: dict[str, Optional[_End]] = {}
        if rule.minimum is not None:
            ends["minimum_end"] = _from(rule.minimum, base, "at least ", rule.inclusive)
        if rule.maximum is not None:
            ends["maximum_end"] = _from(rule.maximum, base, "at most ", rule.inclusive)
        return ends
    return {"due": _from(rule.length, base, inclusive=rule.inclusive) if rule.length else None}


def _candidate(ctx: Ctx, rule: Deadline, v: Variant, key: str, ev: EventDate,
               used: list[EventDate]) -> _End:
    """The date a variant proposes for one end: a birthday, or a length from the (variant's) start."""
    if v.due_at_age is not None:
        bd = event_date(ctx, "birthday", {"age": v.due_at_age})
        used.append(bd)
        return _End(bd.date, bd.label)
    base_length = {"due": rule.length, "minimum_end": rule.minimum, "maximum_end": rule.maximum}[key]
    return _from(v.length or base_length or Duration(), ev, inclusive=rule.inclusive)


def compute(rule: Deadline, jurisdiction: str, ctx: Ctx, today: dt.date) -> Union[DeadlineResult, NotApplicable]:
    """One rule for one case: evaluate the variants, do the date arithmetic, and say how."""
    ctx.needs = []
    base = event_date(ctx, rule.start, rule.start_params, jurisdiction)
    ctx.event = base
    verdicts = [(v, _condition(v.when, jurisdiction, ctx)(ctx, v.params)) for v in rule.variants]

    for v, holds in verdicts:
        if v.not_applicable and holds:
            sources, conf = _rule_sources(rule, [v])
            reason = f"Does not apply: {_condition_phrase(v, base)}" + (f" ({v.note})" if v.note else "") + "."
            return NotApplicable(rule.id, rule.remedy, jurisdiction, rule.kind, rule.label, reason, conf, sources)

    ends = _base_ends(rule, base)
    start, start_name, used = base, rule.start, [base]
    applied = [v for v, holds in verdicts if holds and not v.not_applicable]
    undecided = [v for v, holds in verdicts if holds is None]
    for v in applied:
        because = _condition_phrase(v, base)
        ev = base
        if v.start:
            ev = event_date(ctx, v.start, v.params, jurisdiction)
            used.append(ev)
            if v.combine == "replace":
                start, start_name = ev, v.start
        for key, current in list(ends.items()):
            cand = _candidate(ctx, rule, v, key, ev, used)
            if current is None or v.combine == "replace":
                ends[key] = _End(cand.date, f"{cand.text}, because {because}")
            else:
                both = None if current.date is None or cand.date is None else (
                    max(current.date, cand.date) if v.combine == "later" else min(current.date, cand.date))
                ends[key] = _End(both, f"the {v.combine} of {_dated(current)} and {_dated(cand)} "
                                       f"because {because}")

    if any(e is None for e in ends.values()) and not undecided:
        sources, conf = _rule_sources(rule, [])
        reason = "Does not apply: it applies only when " + " or ".join(
            _condition_phrase(v, base) for v, _ in verdicts if not v.not_applicable) + ", and that does not hold."
        return NotApplicable(rule.id, rule.remedy, jurisdiction, rule.kind, rule.label, reason, conf, sources)

    final: dict[str, _End] = {k: e or _End(None, "") for k, e in ends.items()}
    running = _until(ctx, rule, final, jurisdiction)
    sources, confidence = _rule_sources(rule, applied)
    needs = list(dict.fromkeys([p for ev in used for p in ev.missing] + ctx.needs))
    body = "; ".join(_end_sentence(k, e) for k, e in final.items() if e.text)
    missing_event = next((ev for ev in used if ev.date is None), None)
    if missing_event is not None:
        status = "unknown"
        if missing_event.not_started:
            basis = f"Not started: the rule runs from {missing_event.label}, and {missing_event.not_started}."
        else:
            basis = (f"Unknown: the rule runs from {missing_event.label}, whose date is missing "
                     f"({', '.join(missing_event.missing)}).")
    elif undecided:
        status = "unknown"
        phrases = " and ".join(_undecided_phrase(v, base) for v in undecided)
        without = f"; without that, {body}" if body else ""
        basis = f"Unknown: it depends on {phrases} (still needed: {', '.join(needs) or 'a decision'}){without}; " \
                f"{NO_ROLLOVER}."
    else:
        last = max(e.date for e in final.values() if e.date)
        status = "open" if last >= today or running else "passed"
        basis = f"{body[0].upper()}{body[1:]}{running}; {NO_ROLLOVER}."
    dates = {k: (e.date if status != "unknown" else None) for k, e in final.items()}
    return DeadlineResult(
        id=rule.id, remedy=rule.remedy, jurisdiction=jurisdiction, kind=rule.kind, label=rule.label,
        due=dates.get("due"), start=start.date, minimum_end=dates.get("minimum_end"),
        maximum_end=dates.get("maximum_end"), status=status, basis=basis, counting=rule.counting,
        confidence=confidence, sources=sources, needs=tuple(needs), start_event=start_name,
        notes=tuple(n for n in [rule.note, *(v.note for v in applied)] if n))


def _until(ctx: Ctx, rule: Deadline, final: dict[str, _End], jurisdiction: str) -> str:
    """Apply ``until``: an end moves to the later event once it happened; before that the period runs on.

    Returns the words saying the period is still running ('' when it is not, or has no ``until``).
    """
    if rule.until is None:
        return ""
    ev = event_date(ctx, rule.until.event, rule.until.params, jurisdiction)
    if ev.date is None:
        return f", and it continues until {ev.label}, which is not recorded yet, so it is still running"
    for key, end in final.items():
        if end.date is not None and ev.date > end.date:
            final[key] = _End(ev.date, f"{ev.label} on {ev.date.isoformat()} (field {ev.path}), later than "
                                       f"{end.date.isoformat()} ({end.text})")
    return ""


def _undecided_phrase(v: Variant, base: EventDate) -> str:
    if v.not_applicable:
        return f"whether the rule applies at all (it does not if {_condition_phrase(v, base)})"
    return f"whether {_condition_phrase(v, base)}"


def _end_sentence(key: str, end: _End) -> str:
    name = {"due": "due", "minimum_end": "the minimum ends", "maximum_end": "the maximum ends"}[key]
    when = end.date.isoformat() if end.date else "unknown"
    return f"{name} {when}: {end.text}"


def deadlines(case: Case, packs: Packs) -> DeadlinesResult:
    """Every deadline and period for the case's jurisdictions and their parents, as of ``case.today``."""
    problems = [Problem(f"jurisdictions[{i}]", f"unknown jurisdiction {jid!r}")
                for i, jid in enumerate(case.jurisdictions) if jid not in packs]
    if problems:
        raise InputError(problems, source=case.case_id)
    today = case.today
    ctx = Ctx(case, packs)
    found: list[DeadlineResult] = []
    dropped: list[NotApplicable] = []
    for jid in packs.with_ancestors(case.jurisdictions):
        for rule in packs.get(jid).deadlines:
            result = compute(rule, jid, ctx, today)
            (dropped if isinstance(result, NotApplicable) else found).append(result)
    return DeadlinesResult(case.case_id, today, tuple(found), tuple(dropped))
