"""Which grounds of inadmissibility a T applicant's Form I-192 must address, decided on the case's facts.

A case lists the grounds its preparer found (``case.inadmissibility``); this module tests three of them against
the facts in ``survivor.immigration`` so that a filing names a ground only where it truly applies, and adds one
the facts show but the list lacks:

* present without admission or parole, INA 212(a)(6)(A)(i): only after an entry without inspection;
* no valid passport (I) or nonimmigrant visa (II), INA 212(a)(7)(B)(i);
* unlawful presence, INA 212(a)(9)(B)(i): only after a departure from a stay of more than 180 days (I, 3 years)
  or one year or more (II, 10 years) of unlawful presence, while the bar runs: an overstay who never left is
  not inadmissible under it.

``public_charge`` never applies to a T applicant. Other listed grounds are filed as listed. The law (sections,
day and year counts) comes from the ``us`` pack's parameters; an unknown fact makes the answer None (a question
for the preparer, a placeholder in the filing when the case listed the ground), never a guess.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Optional

from ..cases import Case, add_years
from ..packs import Packs, Source

REMEDY = "us.t_visa"
TESTED = ("entry_without_inspection", "no_documents", "unlawful_presence")
PARAMETER = {"entry_without_inspection": "ground_present_without_admission",
             "no_documents": "ground_no_valid_passport_or_visa", "unlawful_presence": "ground_unlawful_presence",
             "public_charge": "not_subject_public_charge"}
# Grounds the module does not test: filed as the case lists them, with the INA paragraph they sit in.
LISTED_SECTIONS = {"misrepresentation": "212(a)(6)(C)(i)", "prior_removal": "212(a)(9)(A)", "criminal": "212(a)(2)",
                   "health": "212(a)(1)", "public_charge": "212(a)(4)"}
YEAR_DAYS = 365   # "one year or more" of unlawful presence, counted in days


@dataclass(frozen=True)
class Ground:
    """One ground: whether it applies on the facts (None: a fact is unknown), why, and what is still needed."""

    id: str
    section: str
    label: str
    applies: Optional[bool]
    listed: bool
    why: str
    needs: tuple[str, ...] = ()
    sources: tuple[Source, ...] = ()
    departure: Optional[dt.date] = None
    unlawful_presence_days: Optional[int] = None
    bar_ends: Optional[dt.date] = None

    @property
    def filed(self) -> bool:
        """In the filing: it applies, or the case lists it and a fact is unknown (shown with a placeholder)."""
        return self.applies is True or (self.applies is None and self.listed)


@dataclass
class _Law:
    packs: Packs
    on: dt.date
    sources: list[Source] = field(default_factory=list)

    def value(self, name: str) -> Any:
        found = self.packs.value("us", name, self.on)
        if found is None:
            return None
        self.sources = list(found.sources)
        return found.value

    def label(self, name: str) -> str:
        param = self.packs.parameter("us", name)
        return (param.metadata.label or name) if param else name


def application_date(case: Case) -> dt.date:
    """The day admissibility is judged on: the T application's filing date when recorded, else the as-of date."""
    return case.filed_on.get(REMEDY) or case.today


def assess(case: Case, packs: Packs) -> list[Ground]:
    """Every ground the case lists or its facts show, in INA order of the tested ones, then the listed others."""
    law = _Law(packs, application_date(case))
    listed = list(dict.fromkeys(case.inadmissibility or []))
    out = [_entry(case, law, "entry_without_inspection" in listed),
           _documents(case, law, "no_documents" in listed),
           _unlawful_presence(case, law, "unlawful_presence" in listed)]
    out = [g for g in out if g.listed or g.applies is not False]
    for gid in listed:
        if gid in TESTED:
            continue
        if gid == "public_charge" and law.value(PARAMETER[gid]) is True:
            out.append(Ground(gid, LISTED_SECTIONS[gid], "public charge", False, True,
                              "T applicants are not subject to the public charge ground.", sources=tuple(law.sources)))
            continue
        out.append(Ground(gid, LISTED_SECTIONS.get(gid, ""), gid.replace("_", " "), True, True,
                          "Listed in the case file; not tested on its facts here: check it."))
    return out


def filed(case: Case, packs: Packs) -> list[Ground]:
    """The grounds the Form I-192 and its statement address."""
    return [g for g in assess(case, packs) if g.filed]


def waiver_needed(case: Case, packs: Packs) -> bool:
    """Whether Form I-192 is filed: some ground applies, or a listed one still turns on an unknown fact."""
    return bool(filed(case, packs))


def _ground(gid: str, law: _Law, listed: bool, applies: Optional[bool], why: str, needs: tuple[str, ...] = (),
            clause: str = "", **extra: Any) -> Ground:
    name = PARAMETER[gid]
    section = law.value(name)
    if section is None:
        return Ground(gid, "", law.label(name), None, listed, f"The us pack has no {name} in force on {law.on}.",
                      (f"jurisdictions/us.yml parameters.{name}",))
    return Ground(gid, f"{section}{clause}", law.label(name), applies, listed, why, needs, tuple(law.sources),
                  **extra)


def _entry(case: Case, law: _Law, listed: bool) -> Ground:
    """INA 212(a)(6)(A)(i) needs an entry without inspection; an admission or parole (status_code) rules it out."""
    imm = case.survivor.immigration
    gid = "entry_without_inspection"
    if imm.entered_without_inspection is not None:
        ewi = imm.entered_without_inspection
        return _ground(gid, law, listed, ewi, "The last entry was without inspection." if ewi else
                       "The last entry was with inspection (admitted or paroled), so the person is not present "
                       "without admission or parole.")
    code = (imm.status_code or "").upper()
    if code == "EWI":
        return _ground(gid, law, listed, True, "The I-94 class recorded is EWI (entry without inspection).")
    if code and code != "UU":
        return _ground(gid, law, listed, False, f"Admitted or paroled in the class recorded ({code}), so not present "
                                                "without admission or parole.")
    return _ground(gid, law, listed, None, "Whether the last entry was with or without inspection is not recorded.",
                   ("survivor.immigration.entered_without_inspection",))


def _documents(case: Case, law: _Law, listed: bool) -> Ground:
    """INA 212(a)(7)(B)(i): (I) no passport valid six months ahead, (II) no valid nonimmigrant visa."""
    imm = case.survivor.immigration
    gid = "no_documents"
    clauses = [c for c, held in (("(I)", imm.valid_passport), ("(II)", imm.valid_nonimmigrant_visa)) if held is False]
    needs = tuple(f"survivor.immigration.{f}" for f, held in (("valid_passport", imm.valid_passport),
                                                            ("valid_nonimmigrant_visa", imm.valid_nonimmigrant_visa))
                  if held is None)
    if clauses:
        what = " and ".join({"(I)": "no valid passport", "(II)": "no valid nonimmigrant visa"}[c] for c in clauses)
        return _ground(gid, law, listed, True, f"The person holds {what}.", needs,
                       clause=clauses[0] if len(clauses) == 1 else "")
    if needs:
        return _ground(gid, law, listed, None, "Whether the person holds a valid passport and nonimmigrant visa is "
                                               "not recorded.", needs)
    return _ground(gid, law, listed, False, "The person holds a valid passport and a valid nonimmigrant visa.")


def _unlawful_presence(case: Case, law: _Law, listed: bool) -> Ground:
    """INA 212(a)(9)(B)(i): a departure after more than 180 days (3-year bar) or one year or more (10-year bar) of
    unlawful presence, with the application made while the bar runs."""
    imm = case.survivor.immigration
    gid = "unlawful_presence"
    departures = imm.departures
    if departures is None:
        if imm.first_entry is True:
            return _ground(gid, law, listed, False, "The person has not left the United States since the first entry "
                                                    "(first_entry), so no departure starts a bar under 9(B)(i).")
        return _ground(gid, law, listed, None, "Whether the person left the United States after a period of "
                                               "unlawful presence is not recorded.",
                       ("survivor.immigration.departures",))
    if not departures:
        return _ground(gid, law, listed, False, "The person has never left the United States, so no departure starts "
                                                "a bar under 9(B)(i).")
    short_days = law.value("unlawful_presence_three_year_bar_days")
    short_years = law.value("unlawful_presence_three_year_bar_years")
    long_years = law.value("unlawful_presence_ten_year_bar_years")
    if None in (short_days, short_years, long_years):
        return _ground(gid, law, listed, None, "The us pack lacks the unlawful-presence bar counts on this date.",
                       ("jurisdictions/us.yml parameters.unlawful_presence_*",))
    needs: list[str] = []
    ended: list[str] = []
    for i, dep in enumerate(departures):
        path = f"survivor.immigration.departures[{i}]"
        if dep.unlawful_presence_days is None or dep.date is None:
            needs += [f"{path}.{f}" for f in ("date", "unlawful_presence_days") if getattr(dep, f) is None]
            continue
        days = dep.unlawful_presence_days
        if days >= YEAR_DAYS:
            clause, years = "(II)", int(long_years)
        elif days > int(short_days):
            clause, years = "(I)", int(short_years)
        else:
            continue
        ends = add_years(dep.date, years)   # 29 February -> 1 March: the bar is never shortened
        if law.on < ends:
            return _ground(gid, law, listed, True,
                           f"Left on {dep.date.isoformat()} after {days} days of unlawful presence; the {years}-year "
                           f"bar runs until {ends.isoformat()} and the application is made on {law.on.isoformat()}.",
                           clause=clause, departure=dep.date, unlawful_presence_days=days, bar_ends=ends)
        ended.append(f"the {years}-year bar from the departure on {dep.date.isoformat()} ended on {ends.isoformat()}")
    if needs:
        return _ground(gid, law, listed, None, "A departure's date or its days of unlawful presence are not recorded.",
                       tuple(needs))
    why = f"No departure followed more than {short_days} days of unlawful presence" if not ended else \
        "No bar under 9(B)(i) runs on the application date: " + "; ".join(ended)
    return _ground(gid, law, listed, False, why + ".")
