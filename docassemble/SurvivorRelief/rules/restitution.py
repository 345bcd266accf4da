"""18 U.S.C. §1593(b)(3) restitution: the greater of the defendant's gross income from the labor and the
labor's value under the FLSA minimum-wage and overtime guarantees, plus the victim's other losses.

The law (the dated federal minimum wage, the overtime threshold and multiplier, their sources) comes from
the ``us`` pack; this module holds the arithmetic and the method choices, each explained in
docs/restitution.md. Each workweek stands alone (29 CFR 778.104): its value, its regular rate (the weighted
average where the minimum wage changes inside it, 29 CFR 778.115) and the wages credited against it.
Arithmetic is exact (rational numbers built from the decimal inputs) and each line is rounded to cents,
half up, once: each week's value and credit and each total. Which statute applies to a case (this one,
California's Penal Code 1202.4, or none) is decided in ``restitution_forum``.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from typing import Any, Optional

from ..cases import Case, Episode, Form
from ..errors import InputError, Problem
from ..packs import Packs, Parameter, ParameterValue, Remedy, Source, weakest

PACK = "us"
REMEDY = "us.restitution_1593"
CURRENCY = "USD"
CENT = Decimal("0.01")
WEEK = 7

NOTE_METHOD = ("Each workweek stands alone (29 CFR 778.104): workweeks are 7-day weeks counted from each episode's "
               "first day (the end date counts as worked); weekly hours are spread evenly over the days worked "
               "(work.days_per_week, else 7), taken as the first days of each week, so a partial last week gets "
               "the hours of its worked days. Each hour is paid at the federal minimum wage in force that day; "
               "the week's regular rate is its straight-time pay divided by its hours (the weighted average where "
               "the rate changes inside the week, 29 CFR 778.115), and each hour over the weekly threshold gets "
               "the overtime premium of half that regular rate. Wages paid are credited week by week, never one "
               "week's overpayment against another week. The week layout is a computation method, not a rule of "
               "law (docs/restitution.md).")

# The rules the computation applies, with their source, shown in the output (`computation`).
FLSA_COMPUTATION = [
    {"rule": "Each workweek stands alone: minimum wage and overtime are computed, and wages paid credited, "
             "week by week; an overpayment in one week is not set against another.",
     "cite": "29 CFR 778.104", "confidence": "V"},
    {"rule": "Where an employee is paid at two or more rates in a workweek (here: the minimum wage changed inside "
             "the week), the regular rate is the weighted average: total straight-time pay / total hours; each "
             "overtime hour adds half of it.",
     "cite": "29 CFR 778.115", "confidence": "V"},
    {"rule": "Every hour at least at the federal minimum wage in force that day.", "cite": "29 U.S.C. 206",
     "confidence": "V"},
    {"rule": "Hours over 40 in a workweek at 1.5 times the regular rate.", "cite": "29 U.S.C. 207(a)(1)",
     "confidence": "S"},
]
NOTE_FEDERAL_ONLY = ("Federal minimum wage only. Whether a higher state minimum wage applies under §1593 is "
                     "UNVERIFIED (no appellate holding found).")
NOTE_EXEMPTIONS = ("No FLSA exemption is applied (e.g. the live-in domestic worker overtime exemption, "
                   "29 U.S.C. 213(b)(21), on which United States v. Sabhnani (2d Cir. 2010) turned): check whether "
                   "one applies.")
NOTE_CREDIT_ON = ("Wages actually paid are credited against the FLSA value week by week (29 CFR 778.104): "
                  "work.wages_paid_per_week where the case gives it, else the episode's work.wages_paid spread "
                  "over its weeks in proportion to the days worked; a week's credit never exceeds its value. "
                  "Crediting is UNVERIFIED as a rule of law (no holding found); wage_credit=False / "
                  "--no-wage-credit leaves it out.")
NOTE_CREDIT_OFF = ("Wages actually paid are NOT credited (wage_credit=False). Whether they should be is UNVERIFIED "
                   "as a rule of law (no holding found).")
NOTE_COMPARISON = ("Whether wages paid are deducted before the 'greater of' comparison with the defendant's gross "
                   "income is UNVERIFIED (no case found); `comparison` shows the FLSA side both before and after "
                   "crediting.")
NOTE_LIQUIDATED_ON = ("FLSA liquidated damages (an equal additional amount, 29 U.S.C. 216(b)) are included on the "
                      "FLSA side, following United States v. Edwards, 4th Cir. No. 19-4903 (21 Apr 2021): binding "
                      "only in the Fourth Circuit; elsewhere persuasive authority only.")
NOTE_LIQUIDATED_OFF = ("FLSA liquidated damages (29 U.S.C. 216(b)) are not included. In the Fourth Circuit, United "
                       "States v. Edwards, No. 19-4903 (21 Apr 2021), holds they belong in §1593 restitution "
                       "(use --liquidated); elsewhere Edwards is persuasive authority only.")
NOTE_SEX_INDUSTRY = ("trafficking[{i}] is trafficking into the sex industry: no FLSA minimum-wage value is computed "
                     "for it; its value enters through the defendant's gross income (§1593(b)(3), first limb){tail}.")
NOTE_LOST_INCOME = ("losses[{i}] is lost income: make sure it does not cover the same work and period as the labor "
                    "value, which would count it twice.")

UNVERIFIED_POINTS = [
    "crediting wages actually paid against the FLSA value",
    "whether the 'greater of' comparison is made before or after crediting wages paid",
    "federal (not state) minimum wage under §1593",
    "per-episode comparison, the workweek and partial-week layout and the spreading of an episode's total wages "
    "over its weeks (derived)",
]


def cents(value: Fraction | Decimal) -> Decimal:
    """Round an exact amount to cents, half up (the one rounding of a line)."""
    if isinstance(value, Decimal):
        return value.quantize(CENT, rounding=ROUND_HALF_UP)
    scaled = value * 100
    n = scaled.numerator // scaled.denominator
    if scaled - n >= Fraction(1, 2):
        n += 1
    return (Decimal(n) / 100).quantize(CENT)


def money_text(value: Optional[Decimal | Fraction]) -> Optional[str]:
    return None if value is None else str(cents(value))


def rate_text(value: Optional[Fraction]) -> Optional[str]:
    """An hourly rate for display: to the cent when exact at cents, else to four decimals (6.6900, 13.4286)."""
    if value is None:
        return None
    if (value * 100).denominator == 1:
        return str(cents(value))
    scaled = value * 10000
    n = scaled.numerator // scaled.denominator
    if scaled - n >= Fraction(1, 2):
        n += 1
    return str((Decimal(n) / 10000).quantize(Decimal("0.0001")))


def spread_wages(weeks: list[Any], per_week: Optional[Decimal], total: Optional[Decimal],
                 days_per_week: int) -> None:
    """Credit wages to each week on its own (29 CFR 778.104): a usual week's pay where the case records it
    (a short week gets its share by days worked), else the episode's total spread by days worked."""
    if per_week is not None:
        for w in weeks:
            w.credit(Fraction(per_week) * w.days_worked / days_per_week)
        return
    worked = sum(w.days_worked for w in weeks)
    for w in weeks:
        w.credit(None if total is None else (Fraction(total) * w.days_worked / worked if worked else Fraction(0)))


def hours_text(value: Fraction) -> str:
    """Hours for display: whole hours as "60", else two decimals ("25.71"); the value uses the exact figure."""
    if value.denominator == 1:
        return str(value.numerator)
    return str(cents(value))


@dataclass
class RateHistory:
    """A dated parameter as sorted lists, so a day's value is one binary search; remembers which were used."""

    name: str
    days: list[dt.date]
    values: list[ParameterValue]
    decimal: list[Decimal]
    exact: list[Fraction]
    used: set[int] = field(default_factory=set)

    @classmethod
    def of(cls, param: Parameter, name: str) -> RateHistory:
        history = param.history()
        decimal = [Decimal(v.value) for v in history]
        return cls(name, [v.since for v in history], history, decimal, [Fraction(d) for d in decimal])

    def index(self, day: dt.date) -> int:
        """The entry in force on ``day``; -1 before the first."""
        return bisect_right(self.days, day) - 1

    def at(self, day: dt.date) -> Optional[Fraction]:
        i = self.index(day)
        if i < 0:
            return None
        self.used.add(i)
        return self.exact[i]

    def runs(self, first: dt.date, days: int) -> list[tuple[dt.date, int, int]]:
        """Split ``days`` days from ``first`` into runs of one entry: (first day, entry index, days)."""
        out = []
        i = self.index(first)
        day, left = first, days
        while left:
            span = left if i + 1 >= len(self.days) else min(left, (self.days[i + 1] - day).days)
            out.append((day, i, span))
            if i >= 0:
                self.used.add(i)
            day += dt.timedelta(days=span)
            left -= span
            i += 1
        return out


@dataclass(slots=True)
class Week:
    """One workweek of one episode."""

    episode: int
    start: dt.date
    end: dt.date
    days: int
    days_worked: int
    hours: Fraction
    minimum_wage: Optional[Decimal]
    rates: list[tuple[dt.date, Decimal]]
    overtime_hours: Fraction
    straight_time: Fraction
    overtime_premium: Fraction
    value: Decimal
    regular_rate: Optional[Fraction] = None
    unvalued_days: int = 0
    wages_paid: Optional[Fraction] = None
    wages_credited: Optional[Decimal] = None
    unpaid: Optional[Decimal] = None

    def credit(self, paid: Optional[Fraction]) -> None:
        credit_week(self, paid)

    def to_json(self) -> dict[str, Any]:
        return week_json(self, {})


def credit_week(week: Any, paid: Optional[Fraction]) -> None:
    """Credit a week's wages against that week's value only (29 CFR 778.104): never another week's."""
    week.wages_paid = paid
    if paid is None:
        week.wages_credited, week.unpaid = None, week.value
        return
    week.wages_credited = min(cents(paid), week.value)
    week.unpaid = week.value - week.wages_credited


def week_json(week: Any, extra: dict[str, Any]) -> dict[str, Any]:
    """The contract's ``by_week`` entry of a federal or a California week; ``extra`` holds a method's own keys."""
    out: dict[str, Any] = {
        "start": week.start.isoformat(), "hours": hours_text(week.hours),
        "minimum_wage": money_text(week.minimum_wage), "value": str(week.value),
        "end": week.end.isoformat(), "episode": week.episode, "days": week.days,
        "days_worked": week.days_worked, "partial": week.days < WEEK,
        "regular_rate": rate_text(week.regular_rate),
        "regular_rate_method": "weighted_average" if len(week.rates) > 1 else "single_rate",
        "overtime_hours": hours_text(week.overtime_hours), **extra,
        "straight_time": str(cents(week.straight_time)), "overtime_premium": str(cents(week.overtime_premium)),
        "wages_paid": money_text(week.wages_paid), "wages_credited": money_text(week.wages_credited),
        "unpaid": money_text(week.unpaid),
    }
    if len(week.rates) > 1:
        out["rates"] = [{"from": d.isoformat(), "minimum_wage": money_text(r)} for d, r in week.rates]
    if week.unvalued_days:
        out["unvalued_days"] = week.unvalued_days
    return out


@dataclass
class EpisodeLine:
    """The §1593(b)(3) comparison for one episode (one engagement of the survivor's labor)."""

    index: int
    form: str
    start: Optional[dt.date]
    end: dt.date
    ongoing: bool
    weeks: int
    flsa_value: Optional[Decimal]
    wages_paid: Optional[Decimal]
    wages_credited: Optional[Decimal]
    flsa_unpaid: Optional[Decimal]
    flsa_measure: Optional[Decimal]
    liquidated: Decimal
    defendant_gross_income: Optional[Decimal]
    labor_component: Decimal
    method: Optional[str]

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "form": self.form, "start": self.start.isoformat() if self.start else None,
                "end": self.end.isoformat(), "ongoing": self.ongoing, "weeks": self.weeks,
                "flsa_value": money_text(self.flsa_value), "wages_paid": money_text(self.wages_paid),
                "wages_credited": money_text(self.wages_credited),
                "flsa_unpaid": money_text(self.flsa_unpaid), "flsa_measure": money_text(self.flsa_measure),
                "liquidated_damages": money_text(self.liquidated),
                "defendant_gross_income": money_text(self.defendant_gross_income),
                "labor_component": money_text(self.labor_component), "method": self.method}


@dataclass
class LossLine:
    index: int
    kind: str
    amount: Decimal
    date: Optional[dt.date]

    def to_json(self) -> dict[str, Any]:
        return {"index": self.index, "kind": self.kind, "amount": money_text(self.amount),
                "date": self.date.isoformat() if self.date else None}


@dataclass
class RestitutionResult:
    """The §1593 figure, its parts and how it was reached. ``to_json`` gives the contract's shape."""

    case_id: str
    as_of: dt.date
    liquidated: bool
    wage_credit: bool
    weeks: list[Week]
    episodes: list[EpisodeLine]
    losses: list[LossLine]
    flsa_value: Decimal
    wages_paid: Decimal
    wages_credited: Decimal
    flsa_unpaid: Decimal
    flsa_measure: Decimal
    defendant_gross_income: Optional[Decimal]
    labor_component: Decimal
    method: str
    liquidated_damages: Decimal
    losses_total: Decimal
    total: Decimal
    comparison: dict[str, Optional[Decimal]]
    sources: list[Source]
    confidence: str
    notes: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    needs_information: list[str] = field(default_factory=list)
    liquidated_applies_note: str = ""
    currency: str = CURRENCY

    def to_json(self) -> dict[str, Any]:
        return {
            "case_id": self.case_id, "currency": self.currency, "weeks": len(self.weeks),
            "flsa_value": money_text(self.flsa_value), "wages_paid": money_text(self.wages_paid),
            "flsa_unpaid": money_text(self.flsa_unpaid),
            "defendant_gross_income": money_text(self.defendant_gross_income),
            "labor_component": money_text(self.labor_component), "method": self.method,
            "liquidated_damages": money_text(self.liquidated_damages),
            "losses_total": money_text(self.losses_total), "total": money_text(self.total),
            "by_week": [w.to_json() for w in self.weeks],
            "applicable": True, "remedy": REMEDY,
            "as_of": self.as_of.isoformat(),
            "options": {"liquidated": self.liquidated, "wage_credit": self.wage_credit},
            "wages_credited": money_text(self.wages_credited),
            "computation": [dict(c) for c in FLSA_COMPUTATION],
            "flsa_measure": money_text(self.flsa_measure),
            "comparison": {k: money_text(v) for k, v in self.comparison.items()},
            "episodes": [e.to_json() for e in self.episodes],
            "losses": [loss.to_json() for loss in self.losses],
            "needs_information": list(self.needs_information),
            "notes": list(self.notes), "warnings": list(self.warnings),
            "liquidated_applies_note": self.liquidated_applies_note,
            "unverified": list(UNVERIFIED_POINTS),
            "confidence": self.confidence,
            "sources": [{"cite": s.cite, "url": s.url, "confidence": s.confidence, "checked": s.checked.isoformat(),
                         **({"note": s.note} if s.note else {})} for s in self.sources],
        }


@dataclass
class _Law:
    """The pack values the computation reads."""

    minimum_wage: RateHistory
    threshold: RateHistory
    multiplier: RateHistory

    def used(self) -> list[ParameterValue]:
        return [h.values[i] for h in (self.minimum_wage, self.threshold, self.multiplier) for i in sorted(h.used)]


def _law(packs: Packs) -> _Law:
    histories = {}
    problems = []
    for name in ("minimum_wage", "overtime_threshold_hours", "overtime_multiplier"):
        param = packs.parameter(PACK, name) if PACK in packs else None
        if param is None:
            problems.append(Problem(f"{PACK}.parameters.{name}", "missing from the us pack: §1593 restitution "
                                                                 "cannot be computed without it"))
        else:
            histories[name] = RateHistory.of(param, name)
    if problems:
        raise InputError(problems, source="jurisdictions")
    return _Law(histories["minimum_wage"], histories["overtime_threshold_hours"], histories["overtime_multiplier"])


def is_us(ep: Episode) -> Optional[bool]:
    if ep.jurisdiction:
        return ep.jurisdiction == PACK or ep.jurisdiction.startswith(PACK + "-")
    if ep.country:
        return ep.country.upper() == "US"
    return None


def currency_problems(case: Case, counted: list[int], statute: str = "§1593") -> list[Problem]:
    """Every amount the computation reads must be USD: each one that is not, named by its field."""
    problems = []

    def check(path: str, money: Any) -> None:
        if money is not None and money.currency != CURRENCY:
            problems.append(Problem(f"{path}.currency", f"{statute} restitution is computed in {CURRENCY}; "
                                                        f"got {money.currency}"))

    for i in counted:
        work = case.trafficking[i].work
        if work:
            check(f"trafficking[{i}].work.wages_paid", work.wages_paid)
            check(f"trafficking[{i}].work.wages_paid_per_week", work.wages_paid_per_week)
            check(f"trafficking[{i}].work.defendant_gross_income", work.defendant_gross_income)
    for i, loss in enumerate(case.losses):
        check(f"losses[{i}].amount", loss.amount)
    return problems


def regular_rate(runs: list[tuple[Optional[Fraction], int]],
                 hours_per_day: Fraction) -> tuple[Fraction, Optional[Fraction]]:
    """Straight-time pay of a week's worked days at each day's rate, and the week's regular rate: that pay
    over the valued hours, the weighted average where the rate changed inside the week (29 CFR 778.115)."""
    straight = sum((rate * hours_per_day * n for rate, n in runs if rate is not None), Fraction(0))
    valued = hours_per_day * sum(n for rate, n in runs if rate is not None)
    return straight, (straight / valued if valued else None)


def _week_value(runs: list[tuple[Optional[Fraction], int]], hours_per_day: Fraction, threshold: Optional[Fraction],
                extra: Optional[Fraction]) -> tuple[Fraction, Fraction, Fraction, Decimal, Optional[Fraction]]:
    """Straight time at each day's rate, then half the week's regular rate (29 CFR 778.115) on each hour over
    the threshold: (straight time, overtime hours, premium, value, regular rate)."""
    hours = hours_per_day * sum(n for _r, n in runs)
    straight, rate = regular_rate(runs, hours_per_day)
    if threshold is None or extra is None or rate is None or hours <= threshold:
        return straight, Fraction(0), Fraction(0), cents(straight), rate
    overtime = hours - threshold
    premium = overtime * rate * extra
    return straight, overtime, premium, cents(straight + premium), rate


def _episode_weeks(law: _Law, i: int, start: dt.date, end: dt.date, hours_per_week: Decimal,
                   days_per_week: int) -> list[Week]:
    """Every workweek of one episode. A week's worked days are its first ``days_per_week``, each at the rate in
    force that day; weeks with the same rates and days share one computation (most of an episode)."""
    hours_per_day = Fraction(hours_per_week) / days_per_week
    wage, threshold, multiplier = law.minimum_wage, law.threshold, law.multiplier
    memo: dict[tuple[Any, ...], tuple[Fraction, Fraction, Fraction, Decimal, Optional[Fraction], Fraction]] = {}
    total_days = (end - start).days + 1
    weeks = []
    for offset in range(0, total_days, WEEK):
        first = start + dt.timedelta(days=offset)
        days = min(WEEK, total_days - offset)
        worked = min(days, days_per_week)
        runs = wage.runs(first, worked)
        ti, mi = threshold.index(first), multiplier.index(first)
        key = (tuple((j, n) for _d, j, n in runs), ti, mi)
        figures = memo.get(key)
        if figures is None:
            figures = memo[key] = (*_week_value(
                [(wage.exact[j] if j >= 0 else None, n) for _d, j, n in runs], hours_per_day,
                threshold.at(first), multiplier.exact[mi] - 1 if mi >= 0 else None), hours_per_day * worked)
            if mi >= 0:
                multiplier.used.add(mi)
        straight, overtime, premium, value, rate, hours = figures
        rates = [(d, wage.decimal[j]) for d, j, _n in runs if j >= 0]
        weeks.append(Week(episode=i, start=first, end=first + dt.timedelta(days=days - 1), days=days,
                          days_worked=worked, hours=hours,
                          minimum_wage=rates[0][1] if rates else None, rates=rates, overtime_hours=overtime,
                          straight_time=straight, overtime_premium=premium, value=value, regular_rate=rate,
                          unvalued_days=sum(n for _d, j, n in runs if j < 0)))
    return weeks


def restitution(case: Case, packs: Packs, liquidated: bool = False, wage_credit: bool = True) -> RestitutionResult:
    """§1593(b)(3) restitution for the case's US episodes of labor (FLSA value) or sex-industry trafficking
    (gross income only), plus its USD losses. Missing facts are listed in ``needs_information`` and the
    figures cover what can be computed; a non-USD amount is an InputError naming its field."""
    as_of = case.today
    notes: list[str] = [NOTE_METHOD, NOTE_FEDERAL_ONLY, NOTE_EXEMPTIONS,
                        NOTE_CREDIT_ON if wage_credit else NOTE_CREDIT_OFF, NOTE_COMPARISON]
    remedy = _remedy(packs)
    warnings: list[str] = list(remedy.warnings) if remedy else []
    needs: list[str] = []

    counted: list[int] = []
    for i, ep in enumerate(case.trafficking):
        us = is_us(ep)
        if us is None:
            needs.append(f"trafficking[{i}].jurisdiction")
        elif us:
            counted.append(i)
    problems = currency_problems(case, counted)
    if problems:
        raise InputError(problems)
    law = _law(packs)

    weeks: list[Week] = []
    episodes: list[EpisodeLine] = []
    for i in counted:
        ep = case.trafficking[i]
        work = ep.work
        gross = work.defendant_gross_income.amount if work and work.defendant_gross_income else None
        if ep.form is None:
            needs.append(f"trafficking[{i}].form")
            continue
        if gross is None:
            needs.append(f"trafficking[{i}].work.defendant_gross_income")
        end = ep.end or as_of
        if ep.end is None:
            notes.append(f"trafficking[{i}] is ongoing (no end date): computed to as_of ({as_of.isoformat()}).")
        elif ep.end > as_of:
            end = as_of
            notes.append(f"trafficking[{i}] ends after as_of: computed to as_of ({as_of.isoformat()}).")
        labor = ep.form in (Form.labor, Form.both)
        if ep.form == Form.sex_industry:
            tail = "" if gross is not None else "; it is not given, so this episode adds nothing yet"
            notes.append(NOTE_SEX_INDUSTRY.format(i=i, tail=tail))
        flsa = wages = credited = unpaid = measure = None
        ep_weeks: list[Week] = []
        if labor:
            if ep.start is None:
                needs.append(f"trafficking[{i}].start")
            if work is None or work.hours_per_week is None:
                needs.append(f"trafficking[{i}].work.hours_per_week")
            wages = work.wages_paid.amount if work and work.wages_paid else None
            per_week = work.wages_paid_per_week.amount if work and work.wages_paid_per_week else None
            if wages is None and per_week is None:
                needs.append(f"trafficking[{i}].work.wages_paid")
            if per_week is not None and wages is not None:
                notes.append(f"trafficking[{i}]: the weekly pay (work.wages_paid_per_week) is credited week by "
                             "week; the total work.wages_paid is not used.")
            if ep.start is not None and work is not None and work.hours_per_week is not None:
                days_per_week = work.days_per_week or WEEK
                ep_weeks = (_episode_weeks(law, i, ep.start, end, work.hours_per_week, days_per_week)
                            if end >= ep.start else [])
                spread_wages(ep_weeks, per_week, wages, days_per_week)
                flsa = sum((w.value for w in ep_weeks), Decimal("0.00"))
                if per_week is not None:
                    wages = cents(sum((w.wages_paid or Fraction(0) for w in ep_weeks), Fraction(0)))
                if wages is not None:
                    credited = sum((w.wages_credited or Decimal("0.00") for w in ep_weeks), Decimal("0.00"))
                    unpaid = flsa - credited
                    if credited < wages:
                        notes.append(f"trafficking[{i}]: {cents(wages - credited)} of the wages paid is not "
                                     "credited: it was paid in weeks whose value it exceeds, and one week's "
                                     "overpayment is not set against another week (29 CFR 778.104).")
                else:
                    unpaid = flsa
                measure = unpaid if wage_credit else flsa
        liq = measure if (liquidated and measure is not None) else Decimal("0.00")
        flsa_side = measure + liq if measure is not None else None
        if flsa_side is not None and (gross is None or flsa_side >= gross):
            method, component = "flsa", flsa_side
        elif gross is not None:
            method, component = "gross_income", gross
        else:
            method, component = None, Decimal("0.00")
        weeks.extend(ep_weeks)
        episodes.append(EpisodeLine(
            index=i, form=ep.form.value, start=ep.start, end=end, ongoing=ep.end is None,
            weeks=len(ep_weeks), flsa_value=flsa, wages_paid=wages, wages_credited=credited, flsa_unpaid=unpaid,
            flsa_measure=measure,
            liquidated=liq if method == "flsa" else Decimal("0.00"), defendant_gross_income=gross,
            labor_component=cents(component), method=method))

    unvalued = sum(w.unvalued_days for w in weeks)
    if unvalued:
        first = law.minimum_wage.days[0].isoformat()
        warnings.append(f"The us pack has no federal minimum wage before {first}: {unvalued} worked day(s) "
                        "before it are not valued.")
    if not episodes:
        notes.append("No episode of labor or sex-industry trafficking in a US jurisdiction: no labor component.")

    losses = [LossLine(i, loss.kind, loss.amount.amount, loss.date) for i, loss in enumerate(case.losses)]
    for line in losses:
        if line.kind == "lost_income":
            notes.append(NOTE_LOST_INCOME.format(i=line.index))

    def total(values: list[Optional[Decimal]]) -> Decimal:
        return cents(sum((v for v in values if v is not None), Decimal("0")))

    grosses = [e.defendant_gross_income for e in episodes if e.defendant_gross_income is not None]
    labor_component = total([e.labor_component for e in episodes])
    by_method = {m: total([e.labor_component for e in episodes if e.method == m]) for m in ("flsa", "gross_income")}
    method = "gross_income" if by_method["gross_income"] > by_method["flsa"] else "flsa"
    if by_method["gross_income"] and by_method["flsa"]:
        notes.append("Episodes were valued by different measures (see `episodes`); `method` names the larger part.")
    liquidated_damages = total([e.liquidated for e in episodes])
    if liquidated:
        notes.append(NOTE_LIQUIDATED_ON)
        applies = NOTE_LIQUIDATED_ON
        if any(e.method == "gross_income" and e.flsa_measure for e in episodes):
            applies += (" Where the defendant's gross income was greater than the FLSA value with liquidated "
                        "damages, the gross income is used and no liquidated damages are added for that episode.")
    else:
        notes.append(NOTE_LIQUIDATED_OFF)
        applies = NOTE_LIQUIDATED_OFF
    flsa_episodes = [e for e in episodes if e.flsa_value is not None]
    double = 2 if liquidated else 1
    comparison = {
        "flsa_before_wage_credit": total([e.flsa_value for e in flsa_episodes]) * double,
        "flsa_after_wage_credit": total([e.flsa_unpaid for e in flsa_episodes]) * double,
        "defendant_gross_income": total(grosses) if grosses else None,
    }
    losses_total = total([line.amount for line in losses])
    sources, confidence = _sources(packs, law)
    return RestitutionResult(
        case_id=case.case_id, as_of=as_of, liquidated=liquidated, wage_credit=wage_credit, weeks=weeks,
        episodes=episodes, losses=losses, flsa_value=total([e.flsa_value for e in episodes]),
        wages_paid=total([e.wages_paid for e in episodes]),
        wages_credited=total([e.wages_credited for e in episodes]),
        flsa_unpaid=total([e.flsa_unpaid for e in episodes]),
        flsa_measure=total([e.flsa_measure for e in episodes]),
        defendant_gross_income=total(grosses) if grosses else None, labor_component=labor_component,
        method=method, liquidated_damages=liquidated_damages, losses_total=losses_total,
        total=cents(labor_component + losses_total), comparison=comparison, sources=sources,
        confidence=confidence, notes=notes, warnings=warnings, needs_information=needs,
        liquidated_applies_note=applies)


def _remedy(packs: Packs) -> Optional[Remedy]:
    try:
        return packs.remedy(REMEDY)
    except KeyError:
        return None


def _sources(packs: Packs, law: _Law) -> tuple[list[Source], str]:
    """The remedy's own sources (the statute, Edwards) and those of every pack value used; the weakest
    confidence among them."""
    found: dict[str, Source] = {}
    remedy = _remedy(packs)
    if remedy is not None:
        for s in [*remedy.sources, *(s for el in remedy.elements for s in el.sources)]:
            found.setdefault(s.cite, s)
    used = law.used()
    for value in used:
        for s in value.sources:
            found.setdefault(s.cite, s)
    codes = [s.confidence for s in found.values()] + [v.confidence for v in used]
    return list(found.values()), weakest(codes)
