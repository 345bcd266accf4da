"""Rules benchmark: screen, deadlines and §1593 restitution on 1,000 varied fictional cases, in memory.

Run: ``.venv/bin/python bench/rules.py [--cases N] [--seed S]``. Prints cases per second (target: more than
200 on 2 cores). Every case is invented from a seeded random generator; no real person is described.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import time
from typing import Any

from docassemble.SurvivorRelief.cases import parse_case
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.deadlines import deadlines
from docassemble.SurvivorRelief.rules.restitution import restitution
from docassemble.SurvivorRelief.rules.screen import screen

TARGET = 200
SETTINGS = [  # (case jurisdictions, episode jurisdiction, currency, country)
    (["us", "us-tx"], "us-tx", "USD", "US"), (["us", "us-ca"], "us-ca", "USD", "US"),
    (["us", "us-ny"], "us-ny", "USD", "US"), (["us", "us-mn"], "us-mn", "USD", "US"),
    (["gb"], "gb", "GBP", "GB"), (["nl"], "nl", "EUR", "NL"), (["bg"], "bg", "EUR", "BG"),
    (["de"], "de", "EUR", "DE"), (["be"], "be", "EUR", "BE"),
]
LOSS_KINDS = ["medical", "counseling", "lost_income", "relocation", "housing", "legal", "childcare", "other"]


def _day(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randrange((end - start).days + 1))


def fictional_case(rng: random.Random, n: int, settings: list[tuple[list[str], str, str, str]]) -> dict[str, Any]:
    """One invented case; some fields left out on purpose, as in gradual intake."""
    jurisdictions, where, currency, country = rng.choice(settings)
    as_of = _day(rng, dt.date(2024, 1, 1), dt.date(2026, 6, 1))
    dob = _day(rng, dt.date(1960, 1, 1), dt.date(2010, 1, 1))
    episodes = []
    for _ in range(rng.choice([1, 1, 1, 2])):
        start = _day(rng, max(dob + dt.timedelta(days=3650), dt.date(1998, 1, 1)), as_of - dt.timedelta(days=30))
        end = None if rng.random() < 0.15 else min(start + dt.timedelta(days=rng.randrange(1, 900)), as_of)
        work: dict[str, Any] = {"hours_per_week": rng.choice([None, 35, 40, 48, 60, 72, 84]),
                                "days_per_week": rng.choice([None, 5, 6, 7])}
        if rng.random() < 0.7:
            work["wages_paid"] = {"amount": str(rng.randrange(0, 5000)), "currency": currency}
        if rng.random() < 0.5:
            work["defendant_gross_income"] = {"amount": str(rng.randrange(1000, 90000)), "currency": currency}
        episodes.append({"form": rng.choice(["labor", "labor", "sex_industry", "both"]), "start": start.isoformat(),
                         "end": end.isoformat() if end else None, "jurisdiction": where, "country": country,
                         "means": rng.sample(["force", "fraud", "coercion", "debt_bondage", "threats"], 2),
                         "work": work})
    first = min(dt.date.fromisoformat(e["start"]) for e in episodes)
    report = _day(rng, first, as_of) if rng.random() < 0.7 else None
    return {
        "case_id": f"bench-{n}",
        "as_of": as_of.isoformat(),
        "jurisdictions": jurisdictions,
        "survivor": {"name": {"first": "Alex", "last": f"Example{n}"}, "date_of_birth": dob.isoformat(),
                     "citizenship": [rng.choice(["MX", "GT", "PH", "NG", "RO", "VN"])],
                     "immigration": {"present_in": where.split("-")[0],
                                     "present_on_account_of_trafficking": rng.choice([True, False, None])},
                     "trauma_prevents_cooperation": rng.choice([True, False, None]),
                     "committed_trafficking": rng.choice([False, None])},
        "trafficking": episodes,
        "identification": [{"kind": rng.choice(["police_indication", "reasonable_grounds", "conclusive_grounds"]),
                            "date": _day(rng, first, as_of).isoformat()}] if rng.random() < 0.6 else [],
        "law_enforcement": {"reported": report is not None, "report_date": report.isoformat() if report else None,
                            "contacts": [{"agency": "Example Agency", "level": rng.choice(["federal", "local"]),
                                          "date": report.isoformat(),
                                          "requests": [{"date": report.isoformat(), "complied": True}]}]
                            if report else []},
        "losses": [{"kind": rng.choice(LOSS_KINDS), "amount": {"amount": f"{rng.randrange(50, 9000)}.50",
                                                                "currency": currency}}
                   for _ in range(rng.randrange(0, 4))],
        "inadmissibility": rng.choice([None, [], ["unlawful_presence"]]),
        "hardship": rng.choice([None, ["no trauma care at home"]]),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1593)
    args = parser.parse_args()
    packs = load_packs()
    settings = [s for s in SETTINGS if all(j in packs for j in s[0])]
    if not settings:
        print("error: no jurisdiction packs to run on", file=sys.stderr)
        return 2
    rng = random.Random(args.seed)
    data = [fictional_case(rng, n, settings) for n in range(args.cases)]
    refused = weeks = 0
    began, cpu = time.perf_counter(), time.process_time()
    for item in data:
        case = parse_case(item, source=item["case_id"])
        screen(case, packs)
        deadlines(case, packs)
        try:
            weeks += len(restitution(case, packs).weeks)
        except InputError:  # §1593 is USD only: a case with losses in another currency is refused
            refused += 1
    elapsed, cpu = time.perf_counter() - began, time.process_time() - cpu
    rate = args.cases / elapsed
    print(f"rules: {args.cases} cases (screen + deadlines + restitution) in {elapsed:.2f} s = {rate:.0f} cases/s "
          f"(target > {TARGET}; {args.cases / cpu:.0f} cases per CPU second); {weeks} workweeks valued; "
          f"restitution refused {refused} cases with non-USD amounts")
    return 0 if rate > TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
