"""Open deadlines as an RFC 5545 calendar, so a lawyer's calendar warns before a time limit runs out.

The calendar carries no personal data: no name, no date of birth label, no place; UIDs are hashes of
the pseudonymous case id and the deadline id, stable across runs so re-importing updates events.
Titles are neutral ("Deadline"): a calendar shows them on a lock screen or to whoever shares it, and
"Apply for a T visa" there could tell a trafficker what the person is doing. The remedy, its rule and
its sources are in the event's description, which is opened on purpose.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from icalendar import Alarm, Calendar, Event

from .cases import Case
from .rules.deadlines import DeadlineResult, DeadlinesResult

REMINDER_DAYS = 14
_END_NAMES = {"due": "Deadline", "minimum_end": "Minimum period ends", "maximum_end": "Period ends"}


def event_uid(case_id: str, deadline_id: str, which: str) -> str:
    """A stable UID that does not show the case id: sha256 of case, deadline and which end."""
    digest = hashlib.sha256(f"{case_id}|{deadline_id}|{which}".encode()).hexdigest()[:32]
    return f"{digest}@survivorrelief"


def _description(d: DeadlineResult) -> str:
    lines = [f"{d.label} ({d.id})", d.basis, f"Counting: {d.counting}", f"Confidence: {d.confidence}"]
    if d.confidence == "UNVERIFIED":
        lines.append("UNVERIFIED: check the source before relying on this date.")
    lines.append("Sources: " + "; ".join(f"{s.cite} [{s.confidence}]" for s in d.sources))
    return "\n".join(lines)


def to_ics(result: DeadlinesResult, case: Case) -> bytes:
    """One all-day event per end date of each open deadline, each with a reminder 14 days before."""
    cal = Calendar()
    cal.add("prodid", "-//SurvivorRelief//deadlines//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "SurvivorRelief deadlines")
    stamp = dt.datetime.combine(result.as_of, dt.time(0, 0), tzinfo=dt.UTC)
    for d in result.deadlines:
        if d.status != "open":
            continue
        for which, day in d.ends():
            if day < result.as_of or (which == "minimum_end" and day == d.maximum_end):
                continue
            flag = " [UNVERIFIED]" if d.confidence == "UNVERIFIED" else ""
            event = Event()
            event.add("uid", event_uid(case.case_id, d.id, which))
            event.add("dtstamp", stamp)
            event.add("dtstart", day)
            event.add("dtend", day + dt.timedelta(days=1))
            event.add("summary", f"{_END_NAMES[which]}{flag}")
            event.add("description", _description(d))
            event.add("categories", [d.kind])
            event.add("transp", "TRANSPARENT")
            alarm = Alarm()
            alarm.add("action", "DISPLAY")
            alarm.add("description", f"In {REMINDER_DAYS} days: {_END_NAMES[which].lower()}{flag}")
            alarm.add("trigger", dt.timedelta(days=-REMINDER_DAYS))
            event.add_component(alarm)
            cal.add_component(event)
    return cal.to_ical()
