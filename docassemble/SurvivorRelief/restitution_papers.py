"""The restitution papers' own values: the case caption and its addressees, the survivor's declaration of losses
(numbered paragraphs) and the losses as claimed (category, exhibit, declaration paragraph), for the victim loss
statement under 18 U.S.C. 1593 or Cal. Penal Code 1202.4, its declaration and its computation schedule.

Figures come from the computations (rules.restitution, rules.restitution_ca) through documents.context; this
module only lays out who, what and where. The declaration's paragraph numbers are computed here so that the
loss statement can cite them ("Decl. ¶ 4"). What the papers cannot state from the case (no defendant named, no
prosecutor) is a placeholder in them and a point in ``memo`` for the preparer's memo.
"""

from __future__ import annotations

import string
from typing import TYPE_CHECKING, Any, Optional

from .cases import Address, Case, Form

if TYPE_CHECKING:
    from .documents import _Builder

FEDERAL = "us.restitution_1593"
CALIFORNIA = "us-ca.restitution_1202_4"
REMEDIES = (FEDERAL, CALIFORNIA)


def exhibit_letter(n: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: the papers' own exhibit letters."""
    letters = string.ascii_uppercase
    return letters[n] if n < 26 else exhibit_letter(n // 26 - 1) + letters[n % 26]


def defendants(case: Case) -> tuple[list[str], bool]:
    """The defendants as the charging document names them, else the traffickers recorded (second value False)."""
    named = list(case.law_enforcement.criminal_case.defendants)
    if named:
        return named, True
    recorded = [t.name for ep in case.trafficking for t in ep.traffickers if t.name]
    return list(dict.fromkeys(recorded)), False


def _person(who: Any) -> dict[str, Any]:
    if who is None:
        return {"name": "", "office": "", "lines": [], "email": ""}
    address: Optional[Address] = who.address
    lines = address.lines("US") if address else []   # both papers go to U.S. officials
    return {"name": who.name or "", "office": who.office or "", "lines": lines, "email": who.email or ""}


def _caption(b: _Builder, names: list[str]) -> dict[str, Any]:
    cc = b.case.law_enforcement.criminal_case
    return {"present": True, "federal": b.remedy_id == FEDERAL, "court": cc.court or "",
            "case_number": cc.case_number or "", "defendants": names, "several": len(names) > 1,
            "first_defendant": names[0] if names else "",
            "prosecutor": _person(cc.prosecutor), "probation": _person(cc.probation_officer),
            "sentencing_date": b.date(cc.sentencing_date)}


def no_papers() -> dict[str, Any]:
    """The values for every other remedy (templates and the preparer's memo name them)."""
    return {"caption": {"present": False, "federal": False, "court": "", "case_number": "", "defendants": [],
                        "several": False, "first_defendant": "", "prosecutor": _person(None),
                        "probation": _person(None), "sentencing_date": ""},
            "loss_declaration": {"episodes": [], "losses": [], "total_n": "", "request_n": "", "work_ns": "",
                            "loss_ns": "", "translated": False, "language_name": "", "translator": ""},
            "claims": [], "attachments": [], "loss_memo": [], "_missing": []}


def _counted(b: _Builder) -> list[int]:
    """The episodes the remedy's computation values (all, when it could not run)."""
    result, _problems = b.facts.restitution if b.remedy_id == FEDERAL else b.facts.restitution_ca
    if result is None:
        return list(range(len(b.case.trafficking)))
    return [e.index for e in result.episodes]


def _episode(b: _Builder, i: int, n: int) -> dict[str, Any]:
    ep = b.case.trafficking[i]
    work = ep.work
    cur = "USD"

    def pay(money: Any) -> str:
        return b.money(money.amount, money.currency or cur) if money is not None else ""

    total = work.wages_paid if work else None
    weekly = work.wages_paid_per_week if work else None
    return {"n": str(n), "labor": ep.form in (Form.labor, Form.both),
            "sex_industry": ep.form in (Form.sex_industry, Form.both),
            "start": b.date(ep.start), "end": b.date(ep.end), "ongoing": ep.end is None,
            "employer": ", ".join(t.name for t in ep.traffickers if t.name), "place": ep.place or "",
            "occupation": (work.occupation or "") if work else "",
            "hours": _number(work.hours_per_week) if work and work.hours_per_week is not None else "",
            "days": str(work.days_per_week) if work and work.days_per_week else "",
            "paid_weekly": pay(weekly), "paid_total": pay(total) if weekly is None else "",
            "paid_nothing": weekly is None and total is not None and total.amount == 0}


def _number(value: Any) -> str:
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _span(numbers: list[str]) -> str:
    """["2", "3", "4"] -> "2–4"; ["5"] -> "5"."""
    if not numbers:
        return ""
    return numbers[0] if len(numbers) == 1 else f"{numbers[0]}–{numbers[-1]}"


def papers(b: _Builder) -> dict[str, Any]:
    """Caption, declaration paragraphs, the losses as claimed and the points for the preparer's memo."""
    if b.remedy_id not in REMEDIES:
        return no_papers()
    case = b.case
    placeholder = b.words.word("placeholder")
    names, charged = defendants(case)
    memo: list[str] = []
    missing: list[str] = []
    cc = "law_enforcement.criminal_case"
    if not names:
        missing.append(f"{cc}.defendants")
        memo.append(f"No defendant is named: the caption says \"{placeholder}\". Record the defendants as the "
                    f"charging document names them ({cc}.defendants).")
    elif not charged:
        memo.append(f"The caption names the defendants from the traffickers recorded in the case ({', '.join(names)}): "
                    f"confirm each name against the indictment or information and record them in {cc}.defendants.")
    criminal = case.law_enforcement.criminal_case
    for path, value in (("court", criminal.court), ("case_number", criminal.case_number),
                        ("prosecutor.name", criminal.prosecutor and criminal.prosecutor.name),
                        ("prosecutor.address", criminal.prosecutor and criminal.prosecutor.address),
                        ("probation_officer.name", criminal.probation_officer and criminal.probation_officer.name),
                        ("probation_officer.address",
                         criminal.probation_officer and criminal.probation_officer.address)):
        if not value:
            missing.append(f"{cc}.{path}")
    if criminal.sentencing_date is None:
        memo.append(f"No sentencing date is recorded ({cc}.sentencing_date): send the statement in time for the "
                    "presentence (probation) report.")

    n = 1
    episodes = []
    for i in _counted(b):
        n += 1
        episodes.append(_episode(b, i, n))
        ep = case.trafficking[i]
        if ep.form in (Form.labor, Form.both):
            work = ep.work
            if work is None or work.hours_per_week is None:
                missing.append(f"trafficking[{i}].work.hours_per_week")
            if work is None or (work.wages_paid is None and work.wages_paid_per_week is None):
                missing.append(f"trafficking[{i}].work.wages_paid")

    by_id = {e.id: e for e in case.evidence}
    letters: dict[str, str] = {}
    attachments: list[dict[str, str]] = []
    losses, claims = [], []
    for i, loss in enumerate(case.losses):
        n += 1
        cited = []
        for eid in loss.evidence:
            item = by_id.get(eid)
            if item is None:
                continue
            if eid not in letters:
                letters[eid] = exhibit_letter(len(letters))
                title = item.description or b.words("evidence_kind", item.kind) or "record"
                attachments.append({"letter": letters[eid], "title": title})
                memo.append(f"Attach Exhibit {letters[eid]} to the declaration: {title} (evidence {eid}"
                            + (f", {item.file}" if item.file else ", no file recorded") + ").")
            cited.append(letters[eid])
        if not cited:
            memo.append(f"losses[{i}] cites no evidence: the declaration attaches no record of it; add a receipt "
                        "or invoice (losses[].evidence) or explain its absence.")
        exhibits = ", ".join(cited)
        titles = "; ".join(next(a["title"] for a in attachments if a["letter"] == x) for x in cited)
        entry = {"n": str(n), "category": b.words("loss_category", loss.kind),
                 "amount": b.money(loss.amount.amount, loss.amount.currency), "date": b.date(loss.date),
                 "description": (loss.description or "").strip().rstrip("."), "exhibits": exhibits,
                 "exhibit_titles": titles, "several_exhibits": len(cited) > 1}
        losses.append(entry)
        claims.append({**entry, "decl": f"Decl. ¶ {n}" + (f"; Ex. {exhibits}" if exhibits else "")})
    total_n = ""
    if losses:
        n += 1
        total_n = str(n)
    n += 1
    statement = case.statement
    translated = bool(statement and statement.language and not statement.language.lower().startswith("en"))
    translator = (statement.translator.name or "") if translated and statement and statement.translator else ""
    if translated:
        memo.append(f"The declaration is in English and {case.survivor.name.full() or 'the survivor'} gave the "
                    f"statement in {b.language_name(statement.language)}: the translator reads the declaration "
                    "to the declarant in that language before signing and signs the certificate of translation.")
        if not translator:
            missing.append("statement.translator.name")
    age = case.survivor.age_on(case.today)
    if age is not None and age < 18:
        memo.append("The survivor is under 18: confirm who signs the declaration of losses.")
    if any(e["labor"] for e in episodes):
        memo.append("Schedule 1 gives the defendant's gross income as a figure only: give the prosecutor its basis "
                    "(financial records of the investigation) or confirm it with them.")
    return {"caption": _caption(b, names),
            "loss_declaration": {"episodes": episodes, "losses": losses, "total_n": total_n, "request_n": str(n),
                            "work_ns": _span([e["n"] for e in episodes]),
                            "loss_ns": _span([x["n"] for x in losses]), "translated": translated,
                            "language_name": b.language_name(statement.language) if translated and statement else "",
                            "translator": translator},
            "claims": claims, "attachments": attachments, "loss_memo": memo, "_missing": missing}
