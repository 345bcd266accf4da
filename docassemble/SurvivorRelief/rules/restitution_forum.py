"""Which restitution computation a case gets, from where it happened and which court prosecutes.

18 U.S.C. 1593 applies to federal prosecutions (chapter 77 offences); a California state prosecution uses
Cal. Penal Code 1202.4 (legal-review-2 A2). With no episode in the United States neither applies (exit 0,
``applicable: false``, contract section 2); with the forum not recorded, both are shown, each marked as
depending on it. The first computation shown gives the top-level keys of the JSON (the §1593 contract keys
whenever §1593 is shown); ``remedies`` holds every one shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Literal, Optional

from ..cases import Case
from ..packs import Packs
from .restitution import REMEDY as FEDERAL
from .restitution import is_us, restitution
from .restitution_ca import REMEDY as CALIFORNIA
from .restitution_ca import california_restitution, is_california

Applies = Literal["yes", "depends_on_forum"]

WHY_FEDERAL = "The criminal case is federal: 18 U.S.C. 1593 restitution applies to offences under 18 U.S.C. ch. 77."
WHY_CALIFORNIA = ("The criminal case is a California state prosecution: Penal Code 1202.4 restitution applies "
                  "(18 U.S.C. 1593 applies only in a federal prosecution).")
WHY_DEPENDS_FEDERAL = ("The criminal case's forum is not recorded (law_enforcement.criminal_case.forum): §1593 applies "
                       "only if the case is prosecuted federally.")
WHY_DEPENDS_CALIFORNIA = ("The criminal case's forum is not recorded (law_enforcement.criminal_case.forum): Penal Code "
                          "1202.4 applies only if the case is prosecuted by the State of California.")


@dataclass
class Shown:
    """One computation shown for the case, with whether it applies and why."""

    remedy: str
    applies: Applies
    reason: str
    result: Any

    def to_json(self) -> dict[str, Any]:
        return {**self.result.to_json(), "applies": self.applies, "applies_reason": self.reason}


@dataclass
class RestitutionReport:
    case_id: str
    as_of: dt.date
    forum: Optional[str]
    applicable: bool
    reason: str = ""
    shown: list[Shown] = field(default_factory=list)
    needs_information: list[str] = field(default_factory=list)

    def get(self, remedy: str) -> Optional[Shown]:
        return next((s for s in self.shown if s.remedy == remedy), None)

    def to_json(self) -> dict[str, Any]:
        if not self.applicable:
            return {"case_id": self.case_id, "applicable": False, "reason": self.reason,
                    "as_of": self.as_of.isoformat(), "forum": self.forum,
                    "needs_information": list(self.needs_information), "remedies": {}}
        out = self.shown[0].to_json()
        out["forum"] = self.forum
        out["remedies"] = {s.remedy: s.to_json() for s in self.shown}
        return out


def restitution_report(case: Case, packs: Packs, liquidated: bool = False, wage_credit: bool = True,
                       small_employer: Optional[bool] = None) -> RestitutionReport:
    """The restitution computations that fit the case: §1593 for a federal case, Penal Code 1202.4 for a
    California state case, both (marked) when the forum is unknown, none outside the United States. A non-USD
    amount is an InputError only when a computation is made."""
    forum = case.law_enforcement.criminal_case.forum
    places = [is_us(ep) for ep in case.trafficking]
    unknown = [f"trafficking[{i}].jurisdiction" for i, us in enumerate(places) if us is None]
    base = {"case_id": case.case_id, "as_of": case.today, "forum": forum}
    if not any(places):
        if unknown:
            reason = ("No episode of the case is recorded as happening in the United States, and where "
                      f"{', '.join(u.removesuffix('.jurisdiction') for u in unknown)} happened is not recorded: "
                      "US restitution cannot be computed until it is.")
        elif case.trafficking:
            reason = ("No episode of trafficking in the case happened in the United States: US criminal restitution "
                      "(18 U.S.C. 1593, Cal. Penal Code 1202.4) does not apply.")
        else:
            reason = "The case records no episode of trafficking: there is no US restitution to compute."
        return RestitutionReport(**base, applicable=False, reason=reason, needs_information=unknown)
    if forum == "foreign":
        return RestitutionReport(**base, applicable=False, reason=(
            "The criminal case is prosecuted outside the United States: US criminal restitution (18 U.S.C. 1593, "
            "Cal. Penal Code 1202.4) is ordered only by a US court."))
    california = any(is_california(ep.jurisdiction) for ep in case.trafficking)
    if forum == "state" and not california:
        return RestitutionReport(**base, applicable=False, reason=(
            "The criminal case is a state prosecution and no episode happened in California: 18 U.S.C. 1593 "
            "applies only in a federal prosecution, and the only state restitution computed here is California's "
            "(Penal Code 1202.4)."))
    shown: list[Shown] = []
    if forum in (None, "federal"):
        shown.append(Shown(FEDERAL, "yes" if forum else "depends_on_forum",
                           WHY_FEDERAL if forum else WHY_DEPENDS_FEDERAL,
                           restitution(case, packs, liquidated=liquidated, wage_credit=wage_credit)))
    if california and forum in (None, "state"):
        shown.append(Shown(CALIFORNIA, "yes" if forum else "depends_on_forum",
                           WHY_CALIFORNIA if forum else WHY_DEPENDS_CALIFORNIA,
                           california_restitution(case, packs, wage_credit=wage_credit,
                                                  small_employer=small_employer)))
    return RestitutionReport(**base, applicable=True, shown=shown)
