"""California victim restitution for a trafficking conviction: Cal. Penal Code 1202.4.

Subdivision (f): restitution for every economic loss the victim suffered as a result of the defendant's
conduct. For a conviction under Penal Code 236.1 the trafficking subdivision of 1202.4 measures the labor
by the greater of its gross value to the defendant (the defendant's actual income from it) and its value
under California's minimum-wage and overtime law. The law (the dated state minimum wage by employer size,
the Labor Code 510 overtime thresholds and multipliers) comes from the ``us-ca`` pack; this module holds
the arithmetic, week by week like the §1593 computation it shares its helpers with (docs/restitution.md).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction
from typing import Any, Optional

from ..cases import Case, Form
from ..errors import InputError, Problem
from ..packs import Packs, ParameterValue, Remedy, Source, weakest
from .restitution import (
    CURRENCY,
    WEEK,
    LossLine,
    RateHistory,
    cents,
    credit_week,
    currency_problems,
    hours_text,
    money_text,
    regular_rate,
    spread_wages,
    week_json,
)

PACK = "us-ca"
REMEDY = "us-ca.restitution_1202_4"
STATUTE = "Penal Code 1202.4"
CHECKED = dt.date(2026, 12, 6)
SMALL_EMPLOYER_MAX = 25
LAW = ("state_daily_overtime_hours", "state_daily_double_time_hours", "state_weekly_overtime_hours",
       "state_seventh_day_double_time_hours", "state_overtime_multiplier", "state_double_time_multiplier")

# The rules the computation applies, with their source (`computation` in the output). The confidence of
# each pack value used is added from the pack itself.
CA_COMPUTATION = [
    {"rule": "Restitution in an amount that fully reimburses every economic loss the victim suffered as a result "
             "of the defendant's conduct.", "cite": "Cal. Penal Code 1202.4(f)", "confidence": "V"},
    {"rule": "Upon a conviction under Penal Code 236.1, the value of the victim's labor: the greater of its gross "
             "value to the defendant (the defendant's actual income from it) and its value under California's "
             "minimum-wage and overtime law.",
     "cite": "Cal. Penal Code 1202.4(q)", "confidence": "S",
     "note": "Wording from the legal review (legal-review-2 A2) and secondary sources; the subdivision is lettered "
             "(p) in H.B. v. Superior Court (2023) 97 Cal.App.5th 341. The current text may list further measures "
             "(such as the comparable market value of similar services): read it before filing."},
    {"rule": "Every hour at least at the California minimum wage in force that day: the rate for employers of 26 "
             "or more employees unless the employer is smaller (the rates differed until 2022).",
     "cite": "Cal. Labor Code 1182.12 (us-ca pack: state_minimum_wage, state_minimum_wage_small_employer)",
     "confidence": "S"},
    {"rule": "Over 8 hours in a workday and over 40 straight-time hours in a workweek at 1.5 times the regular "
             "rate; over 12 hours in a workday at twice the rate; on the seventh day of work in a workweek the "
             "first 8 hours at 1.5 times and the rest at twice the rate; one premium per hour (no combining).",
     "cite": "Cal. Labor Code 510(a)", "confidence": "S"},
    {"rule": "A workweek is seven consecutive days starting with the same calendar day each week.",
     "cite": "Cal. Labor Code 500(b)", "confidence": "S"},
    {"rule": "Each workweek stands alone (value and wages credited), and where the minimum wage changes inside a "
             "week the regular rate for the premiums is the week's weighted average: the federal method, applied "
             "by analogy.", "cite": "29 CFR 778.104, 778.115 (by analogy)", "confidence": "UNVERIFIED"},
    {"rule": "No Labor Code 1194.2 liquidated damages: they are limited to civil actions, not criminal "
             "restitution.", "cite": "People v. Valle (Cal. Ct. App. 2018)", "confidence": "S"},
]

NOTE_HOURS_PER_DAY = ("No day-by-day schedule is recorded: each worked day is given work.hours_per_week / "
                      "work.days_per_week hours (7 days when days_per_week is not given), and the worked days are "
                      "the first days of each workweek, so daily overtime and the seventh day follow from that "
                      "average. A real schedule (long and short days) changes the daily overtime.")
NOTE_EXEMPTIONS = ("No exemption or special rule is applied (alternative workweek schedules, Labor Code 510(a)(1)-(3); "
                   "the overtime rules for domestic workers and personal attendants; agricultural wage orders): "
                   "check whether one applies.")
NOTE_LOCAL = "Local (city or county) minimum wages, which may be higher, are not used."
NOTE_CREDIT_ON = ("Wages actually paid are credited week by week (work.wages_paid_per_week, else the episode's "
                  "work.wages_paid spread by days worked); a week's credit never exceeds its value. Crediting is "
                  "UNVERIFIED as a rule of 1202.4 restitution.")
NOTE_CREDIT_OFF = "Wages actually paid are NOT credited (wage_credit=False); whether they should be is UNVERIFIED."
NOTE_SEX_INDUSTRY = ("trafficking[{i}] is trafficking into the sex industry: no wage-law value is computed; the "
                     "defendant's income from it counts (H.B. v. Superior Court (2023) 97 Cal.App.5th 341){tail}.")
NOTE_INTEREST = ("Interest on the restitution order (Penal Code 1202.4(f)(3)(G)) and the restitution fine are not "
                 "computed.")
UNVERIFIED_POINTS = [
    "crediting wages actually paid against the wage-law value",
    "the letter and full wording of the trafficking subdivision of Penal Code 1202.4",
    "the weighted-average regular rate and workweek-by-workweek method under California law (federal method by "
    "analogy)",
    "per-episode comparison, the workweek layout and the even spread of weekly hours over the days worked (derived)",
]


@dataclass(slots=True)
class CaWeek:
    """One workweek of one California episode, with its daily, seventh-day and weekly overtime."""

    episode: int
    start: dt.date
    end: dt.date
    days: int
    days_worked: int
    hours: Fraction
    hours_per_day: Fraction
    minimum_wage: Optional[Decimal]
    rates: list[tuple[dt.date, Decimal]]
    regular_rate: Optional[Fraction]
    regular_hours: Fraction
    daily_overtime_hours: Fraction
    weekly_overtime_hours: Fraction
    seventh_day_overtime_hours: Fraction
    double_time_hours: Fraction
    straight_time: Fraction
    overtime_premium: Fraction
    value: Decimal
    unvalued_days: int = 0
    wages_paid: Optional[Fraction] = None
    wages_credited: Optional[Decimal] = None
    unpaid: Optional[Decimal] = None

    def credit(self, paid: Optional[Fraction]) -> None:
        credit_week(self, paid)

    @property
    def overtime_hours(self) -> Fraction:
        """All hours at 1.5 times the rate: daily, seventh-day and weekly."""
        return self.daily_overtime_hours + self.seventh_day_overtime_hours + self.weekly_overtime_hours

    def to_json(self) -> dict[str, Any]:
        return week_json(self, {
            "hours_per_day": hours_text(self.hours_per_day),
            "regular_hours": hours_text(self.regular_hours),
            "daily_overtime_hours": hours_text(self.daily_overtime_hours),
            "seventh_day_overtime_hours": hours_text(self.seventh_day_overtime_hours),
            "weekly_overtime_hours": hours_text(self.weekly_overtime_hours),
            "double_time_hours": hours_text(self.double_time_hours),
            "seventh_day_worked": self.days_worked == WEEK,
        })


@dataclass
class CaEpisode:
    index: int
    form: str
    start: Optional[dt.date]
    end: dt.date
    employer: str
    weeks: int
    wage_law_value: Optional[Decimal]
    wages_paid: Optional[Decimal]
    wages_credited: Optional[Decimal]
    wage_law_unpaid: Optional[Decimal]
    wage_law_measure: Optional[Decimal]
    defendant_gross_income: Optional[Decimal]
    labor_component: Decimal
    method: Optional[str]

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "form": self.form, "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat(), "employer_size": self.employer, "weeks": self.weeks,
                "wage_law_value": money_text(self.wage_law_value), "wages_paid": money_text(self.wages_paid),
                "wages_credited": money_text(self.wages_credited),
                "wage_law_unpaid": money_text(self.wage_law_unpaid),
                "wage_law_measure": money_text(self.wage_law_measure),
                "defendant_gross_income": money_text(self.defendant_gross_income),
                "labor_component": money_text(self.labor_component), "method": self.method}


@dataclass
class CaliforniaResult:
    """The Penal Code 1202.4 figure for the case's California episodes, its parts and how it was reached."""

    case_id: str
    as_of: dt.date
    wage_credit: bool
    small_employer: Optional[bool]
    weeks: list[CaWeek]
    episodes: list[CaEpisode]
    losses: list[LossLine]
    wage_law_value: Decimal
    wages_paid: Decimal
    wages_credited: Decimal
    wage_law_unpaid: Decimal
    wage_law_measure: Decimal
    defendant_gross_income: Optional[Decimal]
    labor_component: Decimal
    method: str
    losses_total: Decimal
    total: Decimal
    computation: list[dict[str, str]]
    sources: list[Source]
    confidence: str
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    needs_information: list[str] = field(default_factory=list)
    currency: str = CURRENCY
    remedy: str = REMEDY

    def to_json(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id, "currency": self.currency, "weeks": len(self.weeks),
            "wage_law_value": money_text(self.wage_law_value), "wages_paid": money_text(self.wages_paid),
            "wages_credited": money_text(self.wages_credited), "wage_law_unpaid": money_text(self.wage_law_unpaid),
            "wage_law_measure": money_text(self.wage_law_measure),
            "defendant_gross_income": money_text(self.defendant_gross_income),
            "labor_component": money_text(self.labor_component), "method": self.method,
            "liquidated_damages": "0.00",
            "losses_total": money_text(self.losses_total), "total": money_text(self.total),
            "by_week": [w.to_json() for w in self.weeks],
            "applicable": True, "remedy": self.remedy, "as_of": self.as_of.isoformat(),
            "options": {"wage_credit": self.wage_credit, "small_employer": self.small_employer},
            "computation": [dict(c) for c in self.computation],
            "episodes": [e.to_json() for e in self.episodes],
            "losses": [loss.to_json() for loss in self.losses],
            "needs_information": list(self.needs_information),
            "notes": list(self.notes), "warnings": list(self.warnings),
            "unverified": list(UNVERIFIED_POINTS), "confidence": self.confidence,
            "sources": [{"cite": s.cite, "url": s.url, "confidence": s.confidence, "checked": s.checked.isoformat(),
                         **({"note": s.note} if s.note else {})} for s in self.sources],
        }


@dataclass
class _CaLaw:
    large: RateHistory
    small: RateHistory
    rules: dict[str, RateHistory]

    def histories(self) -> list[RateHistory]:
        return [self.large, self.small, *self.rules.values()]

    def used(self) -> list[tuple[str, ParameterValue]]:
        return [(h.name, h.values[i]) for h in self.histories() for i in sorted(h.used)]


def _law(packs: Packs) -> _CaLaw:
    found: dict[str, RateHistory] = {}
    problems = []
    for name in ("state_minimum_wage", "state_minimum_wage_small_employer", *LAW):
        param = packs.parameter(PACK, name) if PACK in packs else None
        if param is None:
            problems.append(Problem(f"{PACK}.parameters.{name}", "missing from the us-ca pack: Penal Code 1202.4 "
                                                                 "restitution cannot be computed without it"))
        else:
            found[name] = RateHistory.of(param, param.metadata.label or name)
    if problems:
        raise InputError(problems, source="jurisdictions")
    return _CaLaw(found["state_minimum_wage"], found["state_minimum_wage_small_employer"],
                  {name: found[name] for name in LAW})


def is_california(jurisdiction: Optional[str]) -> bool:
    return jurisdiction == PACK


def _week(law: _CaLaw, wage: RateHistory, i: int, first: dt.date, days: int, worked: int,
          hours_per_day: Fraction) -> CaWeek:
    """One workweek under Labor Code 510(a): each worked day's regular, overtime and double-time hours, the
    weekly overtime on the straight-time hours over 40, then the premiums at the week's regular rate."""
    rule = {name: law.rules[name].at(first) for name in LAW}
    runs = wage.runs(first, worked)
    rates = [(d, wage.decimal[j]) for d, j, _n in runs if j >= 0]
    straight, rate = regular_rate([(wage.exact[j] if j >= 0 else None, n) for _d, j, n in runs], hours_per_day)
    zero = Fraction(0)
    daily_ot, daily_dt = rule["state_daily_overtime_hours"], rule["state_daily_double_time_hours"]
    seventh = rule["state_seventh_day_double_time_hours"]
    if None in rule.values() or rate is None:
        regular = ot = seventh_ot = weekly = dt_hours = zero
        premium = zero
    else:
        ordinary = worked - 1 if worked == WEEK else worked
        regular = ordinary * min(hours_per_day, daily_ot)
        ot = ordinary * max(zero, min(hours_per_day, daily_dt) - daily_ot)
        dt_hours = ordinary * max(zero, hours_per_day - daily_dt)
        seventh_ot = min(hours_per_day, seventh) if worked == WEEK else zero
        if worked == WEEK:
            dt_hours += max(zero, hours_per_day - seventh)
        weekly = max(zero, regular - rule["state_weekly_overtime_hours"])
        regular -= weekly
        premium = rate * ((ot + seventh_ot + weekly) * (rule["state_overtime_multiplier"] - 1)
                          + dt_hours * (rule["state_double_time_multiplier"] - 1))
    return CaWeek(episode=i, start=first, end=first + dt.timedelta(days=days - 1), days=days, days_worked=worked,
                  hours=hours_per_day * worked, hours_per_day=hours_per_day,
                  minimum_wage=rates[0][1] if rates else None, rates=rates, regular_rate=rate,
                  regular_hours=regular, daily_overtime_hours=ot, weekly_overtime_hours=weekly,
                  seventh_day_overtime_hours=seventh_ot, double_time_hours=dt_hours, straight_time=straight,
                  overtime_premium=premium, value=cents(straight + premium),
                  unvalued_days=sum(n for _d, j, n in runs if j < 0))


def _small(case_value: Optional[int], override: Optional[bool]) -> Optional[bool]:
    if override is not None:
        return override
    return None if case_value is None else case_value <= SMALL_EMPLOYER_MAX


def california_restitution(case: Case, packs: Packs, wage_credit: bool = True,
                           small_employer: Optional[bool] = None) -> CaliforniaResult:
    """Penal Code 1202.4 restitution for the case's California episodes (the labor valued under California
    minimum-wage and overtime law, or the defendant's income from it, whichever is greater) plus the USD
    losses. ``small_employer`` overrides work.employer_employees for every episode."""
    as_of = case.today
    counted = [i for i, ep in enumerate(case.trafficking) if is_california(ep.jurisdiction)]
    problems = currency_problems(case, counted, STATUTE)
    if problems:
        raise InputError(problems)
    law = _law(packs)
    notes = [NOTE_HOURS_PER_DAY, NOTE_EXEMPTIONS, NOTE_LOCAL, NOTE_CREDIT_ON if wage_credit else NOTE_CREDIT_OFF,
             NOTE_INTEREST]
    remedy = _remedy(packs)
    warnings: list[str] = list(remedy.warnings) if remedy else []
    needs: list[str] = []
    weeks: list[CaWeek] = []
    episodes: list[CaEpisode] = []
    for i in counted:
        ep = case.trafficking[i]
        work = ep.work
        gross = work.defendant_gross_income.amount if work and work.defendant_gross_income else None
        if ep.form is None:
            needs.append(f"trafficking[{i}].form")
            continue
        if gross is None:
            needs.append(f"trafficking[{i}].work.defendant_gross_income")
        end = min(ep.end or as_of, as_of)
        if ep.end is None or ep.end > as_of:
            notes.append(f"trafficking[{i}] is computed to as_of ({as_of.isoformat()}).")
        small = _small(work.employer_employees if work else None, small_employer)
        wage = law.small if small else law.large
        if ep.form == Form.sex_industry:
            notes.append(NOTE_SEX_INDUSTRY.format(
                i=i, tail="" if gross is not None else "; it is not given, so this episode adds nothing yet"))
        value = wages = credited = unpaid = measure = None
        ep_weeks: list[CaWeek] = []
        if ep.form in (Form.labor, Form.both):
            if ep.start is None:
                needs.append(f"trafficking[{i}].start")
            if work is None or work.hours_per_week is None:
                needs.append(f"trafficking[{i}].work.hours_per_week")
            if work is None or work.days_per_week is None:
                needs.append(f"trafficking[{i}].work.days_per_week")
            wages = work.wages_paid.amount if work and work.wages_paid else None
            per_week = work.wages_paid_per_week.amount if work and work.wages_paid_per_week else None
            if wages is None and per_week is None:
                needs.append(f"trafficking[{i}].work.wages_paid")
            if ep.start is not None and work is not None and work.hours_per_week is not None and end >= ep.start:
                days_per_week = work.days_per_week or WEEK
                hours_per_day = Fraction(work.hours_per_week) / days_per_week
                total_days = (end - ep.start).days + 1
                for offset in range(0, total_days, WEEK):
                    days = min(WEEK, total_days - offset)
                    ep_weeks.append(_week(law, wage, i, ep.start + dt.timedelta(days=offset), days,
                                          min(days, days_per_week), hours_per_day))
                if small is None and ep.start < _differs_until(law):
                    needs.append(f"trafficking[{i}].work.employer_employees")
                    notes.append(f"trafficking[{i}]: the employer's size is not recorded; the minimum wage for 26 "
                                 "or more employees is used (it was higher than the small-employer rate until "
                                 "2022).")
                spread_wages(ep_weeks, per_week, wages, days_per_week)
                value = sum((w.value for w in ep_weeks), Decimal("0.00"))
                if per_week is not None:
                    wages = cents(sum((w.wages_paid or Fraction(0) for w in ep_weeks), Fraction(0)))
                if wages is not None:
                    credited = sum((w.wages_credited or Decimal("0.00") for w in ep_weeks), Decimal("0.00"))
                    unpaid = value - credited
                else:
                    unpaid = value
                measure = unpaid if wage_credit else value
        if measure is not None and (gross is None or measure >= gross):
            method, component = "wage_law", measure
        elif gross is not None:
            method, component = "defendant_income", gross
        else:
            method, component = None, Decimal("0.00")
        weeks.extend(ep_weeks)
        episodes.append(CaEpisode(
            index=i, form=ep.form.value, start=ep.start, end=end,
            employer="25_or_fewer" if small else "26_or_more", weeks=len(ep_weeks), wage_law_value=value,
            wages_paid=wages, wages_credited=credited, wage_law_unpaid=unpaid, wage_law_measure=measure,
            defendant_gross_income=gross, labor_component=cents(component), method=method))

    unvalued = sum(w.unvalued_days for w in weeks)
    if unvalued:
        warnings.append(f"The us-ca pack has no California minimum wage before {law.large.days[0].isoformat()}: "
                        f"{unvalued} worked day(s) before it are not valued.")
    if not episodes:
        notes.append("No episode of labor or sex-industry trafficking in California: no labor component.")
    elsewhere = [i for i, ep in enumerate(case.trafficking) if i not in counted and ep.jurisdiction]
    if elsewhere:
        notes.append(f"Not counted here (outside California): {', '.join(f'trafficking[{i}]' for i in elsewhere)}.")
    losses = [LossLine(i, loss.kind, loss.amount.amount, loss.date) for i, loss in enumerate(case.losses)]

    def total(values: list[Optional[Decimal]]) -> Decimal:
        return cents(sum((v for v in values if v is not None), Decimal("0")))

    grosses = [e.defendant_gross_income for e in episodes if e.defendant_gross_income is not None]
    labor_component = total([e.labor_component for e in episodes])
    by_method = {m: total([e.labor_component for e in episodes if e.method == m])
                 for m in ("wage_law", "defendant_income")}
    losses_total = total([line.amount for line in losses])
    computation, sources, confidence, weak = _sources(packs, law, remedy)
    warnings.extend(weak)
    return CaliforniaResult(
        case_id=case.case_id, as_of=as_of, wage_credit=wage_credit, small_employer=small_employer, weeks=weeks,
        episodes=episodes, losses=losses, wage_law_value=total([e.wage_law_value for e in episodes]),
        wages_paid=total([e.wages_paid for e in episodes]), wages_credited=total([e.wages_credited for e in episodes]),
        wage_law_unpaid=total([e.wage_law_unpaid for e in episodes]),
        wage_law_measure=total([e.wage_law_measure for e in episodes]),
        defendant_gross_income=total(grosses) if grosses else None, labor_component=labor_component,
        method="defendant_income" if by_method["defendant_income"] > by_method["wage_law"] else "wage_law",
        losses_total=losses_total, total=cents(labor_component + losses_total), computation=computation,
        sources=sources, confidence=confidence, notes=notes, warnings=warnings, needs_information=needs)


def _differs_until(law: _CaLaw) -> dt.date:
    """The day from which the small-employer rate is the general rate (after the last entry where they differ)."""
    until = law.small.days[0]
    for k, since in enumerate(law.small.days):
        i = law.large.index(since)
        if i < 0 or law.large.decimal[i] != law.small.decimal[k]:
            until = law.small.days[k + 1] if k + 1 < len(law.small.days) else dt.date.max
    return until


def _remedy(packs: Packs) -> Optional[Remedy]:
    try:
        return packs.remedy(REMEDY)
    except KeyError:
        return None


def _sources(packs: Packs, law: _CaLaw,
             remedy: Optional[Remedy]) -> tuple[list[dict[str, str]], list[Source], str, list[str]]:
    """The rules applied (with their confidence), the sources of the remedy and of every pack value used, the
    weakest confidence, and one warning per value resting on a secondary (S) or unverified source."""
    computation = [dict(c) for c in CA_COMPUTATION]
    found: dict[str, Source] = {}
    if remedy is not None:
        for s in [*remedy.sources, *(s for el in remedy.elements for s in el.sources)]:
            found.setdefault(s.cite, s)
    for c in computation:
        found.setdefault(c["cite"], Source(cite=c["cite"], confidence=c["confidence"], checked=CHECKED,
                                           note=c.get("note")))
    used = law.used()
    weak: dict[str, tuple[str, list[str]]] = {}

    def flag(cite: str, confidence: str, what: str) -> None:
        entry = weak.setdefault(cite, (confidence, []))
        if what not in entry[1]:
            entry[1].append(what)

    for label, value in used:
        for s in value.sources:
            found.setdefault(s.cite, s)
            if value.confidence != "V":
                flag(s.cite, value.confidence, f"{label} ({value.since.isoformat()})")
    for c in computation:
        if c["confidence"] != "V":
            flag(c["cite"], c["confidence"], "the rule shown in `computation`")
    kinds = {"S": "read only in a secondary or non-official source", "UNVERIFIED": "not verified"}
    warnings = [f"{cite} [{conf}]: {kinds[conf]}; used for {', '.join(what)}."
                for cite, (conf, what) in weak.items()]
    codes = [s.confidence for s in found.values()] + [v.confidence for _label, v in used]
    return computation, list(found.values()), weakest(codes), warnings
