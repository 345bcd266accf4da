"""Generic element checks that packs name in ``elements[].check`` (table in docs/packs.md).

A check reads the case and returns an :class:`ElementResult`: ``met``, ``not_met``, ``unknown`` or
``exempt``, one plain reason a lawyer can read, the supporting evidence ids, the element's sources and the
case field paths still needed. Which check applies to which remedy, with which ``params``, and where the
rule comes from, is pack data; a check only knows how to read the case. A missing fact gives ``unknown``
(never a guess) and names the field.

Ages at acts of trafficking (8 CFR 214.202(c)(1), "under 18 years of age at the time at least one act of
trafficking occurred"): every date inside an episode is an act, so the person was under 18 at an act of an
episode exactly when they were under 18 on its first day. Someone who turns 18 during an episode was
under 18 at an act; an 18th birthday on the first day means 18, not under 18. Ages are completed years
(``cases.age_on``): a person born on 29 Feb turns 18 on 1 Mar in a common year.

A remedy's status comes from its elements (``remedy_status``), in this order:

1. any required element ``not_met``: ``not_eligible``;
2. every element ``met`` or ``exempt``: ``likely_eligible``;
3. every required element ``met``/``exempt`` (only non-required ones open), or exactly one required
   element ``unknown`` and every other required element ``met``/``exempt``: ``possibly_eligible``;
4. otherwise: ``needs_information``.

A non-required element never makes a remedy ``not_eligible``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Literal, Optional

from ..cases import Case, Episode, age_on
from ..packs import Element, Packs, Remedy, Source
from . import inadmissibility, registry

Status = Literal["met", "not_met", "unknown", "exempt"]
DEFAULT_MEANS = ("force", "fraud", "coercion")


@dataclass
class Ctx:
    """What a check reads: the case, the packs, the remedy being screened and the day of the answer."""

    case: Case
    packs: Packs
    remedy_id: str
    remedy: Remedy
    jurisdiction: str
    as_of: dt.date
    shared: dict[str, Any] = field(default_factory=dict, repr=False)

    def deadline(self, deadline_id: str) -> Any:
        """One deadline result from ``rules.deadlines``, None if absent.

        Computed on first use and kept in ``shared`` (one dict per screening, so once per case).
        """
        if "deadlines" not in self.shared:
            from .deadlines import deadlines

            self.shared["deadlines"] = deadlines(self.case, self.packs)
        return self.shared["deadlines"].by_id(deadline_id)


@dataclass
class ElementResult:
    """The outcome of one legal element for one case (contract section 2, ``screen`` elements)."""

    id: str
    status: Status
    reason: str
    evidence: list[str] = field(default_factory=list)
    sources: list[dict[str, Any]] = field(default_factory=list)
    needs: list[str] = field(default_factory=list)
    label: str = ""
    required: bool = True

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "label": self.label, "status": self.status, "reason": self.reason,
                "evidence": list(self.evidence), "sources": list(self.sources), "required": self.required,
                "needs_information": list(self.needs)}


def evidence_for(ctx: Ctx, element: Element) -> list[str]:
    """Case evidence whose kind the pack lists for the element, or that names it in ``supports`` (unless its kind
    is one the packs give another meaning)."""
    kinds = {k for need in ctx.remedy.evidence if need.element == element.id for k in need.kinds}
    known = ctx.packs.evidence_kinds
    # An item of a kind the packs define proves an element only when that kind is accepted for it (legal
    # review 2, A14); ``supports`` speaks only for items of other kinds.
    return [e.id for e in ctx.case.evidence
            if (e.kind and e.kind in kinds) or (element.id in e.supports and not (e.kind and e.kind in known))]


def result(ctx: Ctx, element: Element, status: Status, reason: str, needs: Iterable[str] = (),
           used: Iterable[Source] = ()) -> ElementResult:
    """An ElementResult carrying the element's sources (plus those of any pack value ``used``) and its evidence."""
    sources = [{"cite": s.cite, "url": s.url, "confidence": s.confidence} for s in [*element.sources, *used]]
    return ElementResult(
        id=element.id, status=status, reason=reason, evidence=evidence_for(ctx, element),
        sources=list({s["cite"]: s for s in sources}.values()), needs=list(dict.fromkeys(needs)),
        label=element.label, required=element.required)


def remedy_status(elements: list[ElementResult]) -> str:
    """The remedy status from its element results (order in the module docstring)."""
    required = [e for e in elements if e.required]
    done = ("met", "exempt")
    if any(e.status == "not_met" for e in required):
        return "not_eligible"
    if not elements:
        return "needs_information"
    if all(e.status in done for e in elements):
        return "likely_eligible"
    open_required = [e for e in required if e.status not in done]
    if len(open_required) <= 1 and (not open_required or len(required) > 1):
        return "possibly_eligible"
    return "needs_information"


# --- shared readings -------------------------------------------------------------------------------

def _words(value: str) -> str:
    return value.replace("_", " ")


def _span(ep: Episode) -> str:
    start = ep.start.isoformat() if ep.start else "start unknown"
    end = ep.end.isoformat() if ep.end else "ongoing"
    return f"{start} to {end}"


def minor_at_an_act(case: Case, episodes: Optional[list[int]] = None
                    ) -> tuple[Optional[bool], Optional[dt.date], list[str]]:
    """Whether the survivor was under 18 at an act of trafficking, the date that shows it, and fields needed.

    An episode's earliest day is its youngest act, so the start date decides; with only an end date the
    answer is known only if the person was still under 18 at the end.
    """
    indices = list(range(len(case.trafficking))) if episodes is None else episodes
    dob = case.survivor.date_of_birth
    if not indices:
        return None, None, ["trafficking"]
    if dob is None:
        return None, None, ["survivor.date_of_birth"]
    found: list[dt.date] = []
    needs: list[str] = []
    for i in indices:
        ep = case.trafficking[i]
        if ep.start is not None:
            if age_on(dob, ep.start) < 18:
                found.append(ep.start)
        elif ep.end is not None and age_on(dob, ep.end) < 18:
            found.append(ep.end)
        else:
            needs.append(f"trafficking[{i}].start")
    if found:
        return True, min(found), []
    if needs:
        return None, None, needs
    return False, None, []


def _episode_is(ep: Episode, form: str) -> bool:
    return ep.form is not None and (ep.form.value == form or ep.form.value == "both")


def _jurisdiction_name(ctx: Ctx, jid: str) -> str:
    return ctx.packs.get(jid).name if jid in ctx.packs else jid


def _in_any(ctx: Ctx, ep: Episode, wanted: list[str]) -> Optional[bool]:
    """Whether an episode happened in one of ``wanted`` (or a child of one); None when it does not say."""
    if ep.jurisdiction:
        chain = [p.id for p in ctx.packs.chain(ep.jurisdiction)] if ep.jurisdiction in ctx.packs else [ep.jurisdiction]
        return any(w in chain for w in wanted)
    if ep.country:
        for w in wanted:
            if w not in ctx.packs:
                continue
            pack = ctx.packs.get(w)
            parent = ctx.packs.get(pack.parent) if pack.parent and pack.parent in ctx.packs else None
            national = pack.country is not None and (parent is None or parent.country != pack.country)
            if national and pack.country == ep.country.upper():
                return True
        if all(w in ctx.packs and ctx.packs.get(w).country not in (None, ep.country.upper()) for w in wanted):
            return False
    return None


def _requests(case: Case) -> list[tuple[str, Any]]:
    return [(f"law_enforcement.contacts[{i}].requests[{j}]", r)
            for i, c in enumerate(case.law_enforcement.contacts) for j, r in enumerate(c.requests)]


# --- checks ----------------------------------------------------------------------------------------

@registry.check("severe_trafficking")
def severe_trafficking(ctx: Ctx, el: Element) -> ElementResult:
    """Sex trafficking (force, fraud or coercion; no means needed under 18) or labor trafficking by those means.

    ``params.means`` may widen the means that count (default force, fraud, coercion); other recorded means
    are named for the lawyer to weigh rather than counted.
    """
    case = ctx.case
    if not case.trafficking:
        return result(ctx, el, "unknown", "No episode of trafficking is recorded.", ["trafficking"])
    counted = set(el.params.get("means", DEFAULT_MEANS))
    needs: list[str] = []
    other: list[str] = []
    for i, ep in enumerate(case.trafficking):
        if ep.form is None:
            needs.append(f"trafficking[{i}].form")
            continue
        means = [m for m in ep.means if m in counted]
        if _episode_is(ep, "sex_industry"):
            minor, _, minor_needs = minor_at_an_act(case, [i])
            if minor:
                return result(ctx, el, "met", f"Trafficked into the sex industry while under 18 ({_span(ep)}); "
                                              "force, fraud or coercion is not required under 18.")
            if means:
                return result(ctx, el, "met", f"Trafficked into the sex industry by {', '.join(map(_words, means))} "
                                              f"({_span(ep)}).")
            if minor is None:
                needs.extend(minor_needs)
        if _episode_is(ep, "labor") and means:
            return result(ctx, el, "met", f"Labor trafficking by {', '.join(map(_words, means))} ({_span(ep)}); the "
                                          "statement must show the purpose (involuntary servitude, peonage, debt "
                                          "bondage or slavery).")
        if ep.means:
            other.extend(m for m in ep.means if m not in counted)
        else:
            needs.append(f"trafficking[{i}].means")
    if other:
        listed = ", ".join(dict.fromkeys(map(_words, other)))
        return result(ctx, el, "unknown", f"The means recorded ({listed}) are not named force, fraud or coercion; "
                                          "the lawyer decides whether they amount to coercion.", needs)
    return result(ctx, el, "unknown", "The form of trafficking or the means used are not recorded.", needs)


@registry.check("physical_presence")
def physical_presence(ctx: Ctx, el: Element) -> ElementResult:
    """Present in the country (``params.country``, one code or a list) on account of the trafficking."""
    imm = ctx.case.survivor.immigration
    wanted = el.params.get("country") or ctx.packs.get(ctx.jurisdiction).country or []
    countries = [wanted] if isinstance(wanted, str) else list(wanted)
    countries = [c.upper() for c in countries]
    if not imm.present_in:
        return result(ctx, el, "unknown", "Where the survivor is now is not recorded.",
                      ["survivor.immigration.present_in"])
    here = imm.present_in.split("-")[0].upper()
    if here not in countries:
        return result(ctx, el, "not_met", f"Not physically present in {' / '.join(countries)}.")
    if imm.present_on_account_of_trafficking is None:
        return result(ctx, el, "unknown", f"Present in {here}; whether that is on account of the trafficking is "
                                          "not recorded.",
                      ["survivor.immigration.present_on_account_of_trafficking"])
    if imm.present_on_account_of_trafficking:
        return result(ctx, el, "met", f"Physically present in {here} on account of the trafficking.")
    return result(ctx, el, "not_met", f"Present in {here}, but not on account of the trafficking.")


@registry.check("reasonable_requests")
def reasonable_requests(ctx: Ctx, el: Element) -> ElementResult:
    """Complied with every request from law enforcement, unless under 18 at an act or unable through trauma."""
    case = ctx.case
    minor_ok = bool(el.params.get("minor_exemption"))
    trauma_ok = bool(el.params.get("trauma_exemption"))
    minor, when, minor_needs = minor_at_an_act(case) if minor_ok else (False, None, [])
    if minor:
        return result(ctx, el, "exempt", "Under 18 at the time of at least one act of trafficking "
                                         f"({when.isoformat()}); compliance with requests is not required.")
    trauma = case.survivor.trauma_prevents_cooperation
    if trauma_ok and trauma:
        return result(ctx, el, "exempt", "Unable to cooperate with law enforcement because of physical or "
                                         "psychological trauma.")
    reqs = _requests(case)
    refused = [(p, r) for p, r in reqs if r.complied is False]
    open_ = [(p, r) for p, r in reqs if r.complied is None]
    le = case.law_enforcement
    signed = " Law enforcement signed Supplement B." if le.supplement_b == "signed" else ""
    if refused:
        first = refused[0][1].date.isoformat() if refused[0][1].date else "date not recorded"
        needs = (minor_needs if minor is None else []) + (["survivor.trauma_prevents_cooperation"]
                                                           if trauma_ok and trauma is None else [])
        if needs:
            return result(ctx, el, "unknown", f"Did not comply with a request from law enforcement ({first}); an "
                                              "exemption may apply but its facts are not recorded.", needs)
        return result(ctx, el, "not_met", f"Did not comply with a request from law enforcement ({first}) and no "
                                          "exemption applies; reasonableness is judged on the request's facts.")
    if open_:
        return result(ctx, el, "unknown", "Whether a request from law enforcement was complied with is not recorded.",
                      [f"{p}.complied" for p, _ in open_] + minor_needs)
    if reqs:
        return result(ctx, el, "met", f"Complied with every request from law enforcement recorded ({len(reqs)})."
                                      + signed)
    if le.supplement_b == "signed":
        return result(ctx, el, "met", "Law enforcement signed Supplement B.")
    if le.contacts:
        return result(ctx, el, "unknown", "Contact with law enforcement is recorded but not whether any request "
                                          "was made.",
                      [f"law_enforcement.contacts[{i}].requests" for i in range(len(le.contacts))] + minor_needs)
    if le.reported is None:
        return result(ctx, el, "unknown", "Whether the trafficking was reported to law enforcement is not recorded.",
                      ["law_enforcement.reported"] + minor_needs)
    return result(ctx, el, "unknown", "No contact with law enforcement and no request is recorded.",
                  ["law_enforcement.contacts"] + minor_needs)


@registry.check("extreme_hardship")
def extreme_hardship(ctx: Ctx, el: Element) -> ElementResult:
    """Hardship on removal: the facts listed in ``hardship`` (the decision-maker weighs them)."""
    hardship = ctx.case.hardship
    if hardship is None:
        return result(ctx, el, "unknown", "Hardship on removal has not been asked about.", ["hardship"])
    if not hardship:
        return result(ctx, el, "not_met", "No hardship on removal is recorded.")
    return result(ctx, el, "met", f"{len(hardship)} hardship factor(s) recorded; whether they amount to unusual "
                                  "and severe harm is weighed by the decision-maker.")


@registry.check("admissibility")
def admissibility(ctx: Ctx, el: Element) -> ElementResult:
    """Admissible, or a waiver is needed for the grounds listed (``params.waiver`` names it)."""
    grounds = ctx.case.inadmissibility
    if grounds is None:
        return result(ctx, el, "unknown", "Grounds of inadmissibility have not been reviewed.", ["inadmissibility"])
    waiver = el.params.get("waiver", "a waiver of inadmissibility (the pack does not name the form)")
    if ctx.remedy_id == inadmissibility.REMEDY:
        # The T application's grounds as its Form I-192 addresses them: tested on the facts (an overstay who never
        # left is not inadmissible for unlawful presence), so screening and the filing say the same.
        found = inadmissibility.filed(ctx.case, ctx.packs)
        if not found:
            return result(ctx, el, "met", "No ground of inadmissibility applies on the facts recorded.")
        return result(ctx, el, "unknown", "Grounds to waive: " + "; ".join(
            f"INA {g.section} ({g.label})" + ("" if g.applies else ", a fact still to confirm") for g in found)
            + f"; a waiver is needed: {waiver}.")
    if not grounds:
        return result(ctx, el, "met", "No ground of inadmissibility is recorded.")
    return result(ctx, el, "unknown", f"Grounds of inadmissibility listed ({', '.join(map(_words, grounds))}); a "
                                      f"waiver is needed: {waiver}.")


def _flag(ctx: Ctx, el: Element, value: Optional[bool], path: str, yes: str, no: str, ask: str,
          good: bool = True) -> ElementResult:
    if value is None:
        return result(ctx, el, "unknown", ask, [path])
    return result(ctx, el, "met" if value is good else "not_met", yes if value else no)


@registry.check("not_a_perpetrator")
def not_a_perpetrator(ctx: Ctx, el: Element) -> ElementResult:
    """No substantial reason to believe the survivor committed trafficking."""
    return _flag(ctx, el, ctx.case.survivor.committed_trafficking, "survivor.committed_trafficking",
                 "There is reason to believe the survivor committed an act of trafficking (bar).",
                 "No reason to believe the survivor committed an act of trafficking.",
                 "Whether there is any reason to believe the survivor committed trafficking is not recorded.",
                 good=False)


@registry.check("substantial_abuse")
def substantial_abuse(ctx: Ctx, el: Element) -> ElementResult:
    """Substantial physical or mental abuse from the crime."""
    return _flag(ctx, el, ctx.case.survivor.substantial_abuse, "survivor.substantial_abuse",
                 "Substantial physical or mental abuse from the crime is recorded.",
                 "No substantial physical or mental abuse from the crime is recorded.",
                 "Whether the crime caused substantial physical or mental abuse is not recorded.")


@registry.check("certification")
def certification(ctx: Ctx, el: Element) -> ElementResult:
    """A law-enforcement certification or declaration (``params.field``), mandatory or not."""
    name = el.params.get("field", "supplement_b")
    value = getattr(ctx.case.law_enforcement, name)
    label = _words(name).replace("u certification", "U certification").replace("supplement b", "Supplement B")
    if value is None:
        return result(ctx, el, "unknown", f"The status of the {label} is not recorded.", [f"law_enforcement.{name}"])
    if value == "signed":
        return result(ctx, el, "met", f"Law enforcement signed the {label}.")
    if value == "requested":
        return result(ctx, el, "unknown", f"The {label} has been requested and is not signed yet.")
    mandatory = " (it is mandatory)" if el.params.get("mandatory") else ""
    if value == "none":
        # Not requested yet is a step still to take, not a bar (8 CFR 214.14(c)(2)(i)).
        return result(ctx, el, "unknown", f"The {label} has not been requested yet{mandatory}: ask a certifying "
                                          "agency to sign it.", [f"law_enforcement.{name}"])
    return result(ctx, el, "not_met", f"No signed {label}: declined by law enforcement{mandatory}.")


@registry.check("federal_law_enforcement_request")
def federal_law_enforcement_request(ctx: Ctx, el: Element) -> ElementResult:
    """Continued Presence is requested by federal law enforcement only."""
    le = ctx.case.law_enforcement
    if le.continued_presence == "granted":
        return result(ctx, el, "met", "Continued Presence has been granted.")
    if le.continued_presence == "requested":
        return result(ctx, el, "met", "Federal law enforcement has requested Continued Presence.")
    needs = ["law_enforcement.continued_presence"] if le.continued_presence is None else []
    if any(c.level == "federal" for c in le.contacts):
        return result(ctx, el, "unknown", "A federal law-enforcement contact is recorded; only that agency can "
                                          "request Continued Presence, and no request is recorded.", needs)
    return result(ctx, el, "unknown", "No federal law-enforcement contact is recorded; only federal law "
                                      "enforcement can request Continued Presence.", needs)


@registry.check("trafficking_in")
def trafficking_in(ctx: Ctx, el: Element) -> ElementResult:
    """An episode happened in one of ``params.jurisdictions`` (or a jurisdiction inside one)."""
    wanted = list(el.params.get("jurisdictions") or [ctx.jurisdiction])
    names = " or ".join(_jurisdiction_name(ctx, w) for w in wanted)
    if not ctx.case.trafficking:
        return result(ctx, el, "unknown", "No episode of trafficking is recorded.", ["trafficking"])
    needs = []
    for i, ep in enumerate(ctx.case.trafficking):
        hit = _in_any(ctx, ep, wanted)
        if hit:
            return result(ctx, el, "met", f"Trafficking took place in {names} ({_span(ep)}).")
        if hit is None:
            needs.append(f"trafficking[{i}].jurisdiction")
    if needs:
        return result(ctx, el, "unknown", f"Where the trafficking took place is not recorded for every episode "
                                          f"(needed: in {names}).", needs)
    return result(ctx, el, "not_met", f"No recorded episode of trafficking took place in {names}.")


def _last_act(ctx: Ctx) -> tuple[Optional[dt.date], list[str]]:
    """The last day of the trafficking in the remedy's jurisdiction (all episodes when none says where)."""
    eps = [(i, ep) for i, ep in enumerate(ctx.case.trafficking) if _in_any(ctx, ep, [ctx.jurisdiction])]
    eps = eps or list(enumerate(ctx.case.trafficking))
    if not eps:
        return None, ["trafficking"]
    missing = [f"trafficking[{i}].end" for i, ep in eps if ep.end is None]
    if missing:
        return None, missing
    return max(ep.end for _, ep in eps), []


@registry.check("police_report")
def police_report(ctx: Ctx, el: Element) -> ElementResult:
    """A report to the police, when and if required (params ``required``, ``within_days``, ``exempt_forms``,
    ``not_required_from``: from that date claims need no report; compared with the as-of date;
    ``late_report``: the program's ground for accepting a later report, which makes a late one a question)."""
    p = el.params
    le = ctx.case.law_enforcement
    exempt_forms = set(p.get("exempt_forms") or [])
    form_exempt = [ep for ep in ctx.case.trafficking
                   if ep.form and (ep.form.value in exempt_forms or (ep.form.value == "both" and
                                                                     exempt_forms & {"labor", "sex_industry"}))]
    since = p.get("not_required_from")
    since = dt.date.fromisoformat(since) if isinstance(since, str) else since
    exemption = None
    if not p.get("required", True):
        exemption = "A police report is not required."
    elif since and ctx.as_of >= since:
        exemption = f"A police report is not required for claims made from {since.isoformat()}."
    elif form_exempt:
        exemption = f"A police report is not required for {_words(form_exempt[0].form.value)} trafficking."
    if le.reported:
        limit = p.get("within_days")
        if limit is None or exemption:
            return result(ctx, el, "met", "Reported to the police" + (
                f" ({le.report_date.isoformat()})." if le.report_date else "."))
        if le.report_date is None:
            return result(ctx, el, "unknown", f"Reported to the police; the date (limit {limit} days) is not recorded.",
                          ["law_enforcement.report_date"])
        last, needs = _last_act(ctx)
        if last is None:
            return result(ctx, el, "unknown", f"Reported to the police ({le.report_date.isoformat()}); the end of the "
                                              f"trafficking, from which the {limit}-day limit runs, is not recorded.",
                          needs)
        days = (le.report_date - last).days
        if days <= int(limit):
            return result(ctx, el, "met", f"Reported to the police {max(days, 0)} day(s) after the last act "
                                          f"(limit {limit} days).")
        late = p.get("late_report")
        if late:
            # The program may accept a later report: a question for the decision-maker, not a bar.
            return result(ctx, el, "unknown", f"Reported to the police {days} days after the last act; the limit is "
                                              f"{limit} days, but {late}.")
        return result(ctx, el, "not_met", f"Reported to the police {days} days after the last act; the limit is "
                                          f"{limit} days.")
    if exemption:
        return result(ctx, el, "exempt", exemption)
    if le.reported is None:
        return result(ctx, el, "unknown", "Whether the crime was reported to the police is not recorded.",
                      ["law_enforcement.reported"])
    return result(ctx, el, "not_met", "Not reported to the police, and a report is required.")


@registry.check("identified_as_victim")
def identified_as_victim(ctx: Ctx, el: Element) -> ElementResult:
    """A positive identification decision of one of ``params.kinds``."""
    kinds = list(el.params.get("kinds") or [])
    matching = [d for d in ctx.case.identification if not kinds or d.kind in kinds]
    positive = [d for d in matching if d.positive]
    wanted = " or ".join(_words(k) for k in kinds) or "identification"
    if positive:
        d = positive[0]
        when = f" ({d.date.isoformat()})" if d.date else ""
        return result(ctx, el, "met", f"Positive {_words(d.kind)} decision{when}.")
    if matching:
        return result(ctx, el, "not_met", f"The {wanted} decision recorded is negative.")
    return result(ctx, el, "unknown", f"No {wanted} decision is recorded.", ["identification"])


@registry.check("foreign_national")
def foreign_national(ctx: Ctx, el: Element) -> ElementResult:
    """Not a national of ``params.country``."""
    country = str(el.params.get("country", "")).upper()
    citizenship = [c.upper() for c in ctx.case.survivor.citizenship]
    if not citizenship:
        return result(ctx, el, "unknown", "Citizenship is not recorded.", ["survivor.citizenship"])
    if country in citizenship:
        return result(ctx, el, "not_met", f"A national of {country}.")
    return result(ctx, el, "met", f"Not a national of {country}.")


@registry.check("eu_citizen_or_treaty")
def eu_citizen_or_treaty(ctx: Ctx, el: Element) -> ElementResult:
    """A citizen of an EU member state (dated pack parameter ``eu_member_states``), else only by treaty."""
    citizenship = [c.upper() for c in ctx.case.survivor.citizenship]
    if not citizenship:
        return result(ctx, el, "unknown", "Citizenship is not recorded.", ["survivor.citizenship"])
    members = ctx.packs.value(ctx.jurisdiction, "eu_member_states", ctx.as_of)
    if members is None:
        return result(ctx, el, "unknown", "The packs do not list the EU member states (parameter "
                                          "eu_member_states), so EU citizenship cannot be checked.")
    codes = set(str(members.value).replace(",", " ").upper().split())
    eu = [c for c in citizenship if c in codes]
    if eu:
        return result(ctx, el, "met", f"A citizen of an EU member state ({', '.join(eu)}).", used=members.sources)
    return result(ctx, el, "unknown", "Not an EU citizen: eligible only where an international agreement "
                                      "provides; check the agreements with the country of citizenship.",
                  used=members.sources)


@registry.check("criminal_case")
def criminal_case(ctx: Ctx, el: Element) -> ElementResult:
    """The criminal case has reached one of ``params.statuses`` (and, with ``final_act``, a final court act)."""
    cc = ctx.case.law_enforcement.criminal_case
    statuses = list(el.params.get("statuses") or [])
    wanted = " or ".join(statuses) or "any stage"
    if (statuses and cc.status not in statuses) or (not statuses and cc.status == "none"):
        return result(ctx, el, "not_met", f"The criminal case is at '{cc.status}'; this remedy needs {wanted}.")
    forum = el.params.get("forum")
    if forum and cc.forum is None:
        return result(ctx, el, "unknown", f"The criminal case is at '{cc.status}'; whether it is a {forum} "
                                          f"prosecution is not recorded, and this remedy needs a {forum} one.",
                      ["law_enforcement.criminal_case.forum"])
    if forum and cc.forum != forum:
        return result(ctx, el, "not_met", f"The criminal case is a {cc.forum} prosecution; this remedy needs a "
                                          f"{forum} one.")
    where = f"{forum} " if forum else ""
    if el.params.get("final_act"):
        if cc.final_court_act_date is None:
            return result(ctx, el, "unknown", f"The criminal case is at '{cc.status}'; the date of the final court "
                                              "act is not recorded.",
                          ["law_enforcement.criminal_case.final_court_act_date"])
        return result(ctx, el, "met", f"The {where}criminal case is at '{cc.status}'; final court act "
                                      f"{cc.final_court_act_date.isoformat()}.")
    return result(ctx, el, "met", f"The {where}criminal case is at '{cc.status}'.")


@registry.check("losses_or_injury")
def losses_or_injury(ctx: Ctx, el: Element) -> ElementResult:
    """Losses recorded (of ``params.kinds`` when given)."""
    kinds = list(el.params.get("kinds") or [])
    losses = [loss for loss in ctx.case.losses if not kinds or loss.kind in kinds]
    if losses:
        listed = ", ".join(dict.fromkeys(_words(loss.kind) for loss in losses))
        return result(ctx, el, "met", f"{len(losses)} loss(es) recorded ({listed}).")
    wanted = f" of the kinds covered ({', '.join(map(_words, kinds))})" if kinds else ""
    return result(ctx, el, "unknown", f"No loss{wanted} is recorded.", ["losses"])


@registry.check("labor_value")
def labor_value(ctx: Ctx, el: Element) -> ElementResult:
    """Enough facts to value the survivor's labor or services: weekly hours and dates, or the defendant's income."""
    if not ctx.case.trafficking:
        return result(ctx, el, "unknown", "No episode of trafficking is recorded.", ["trafficking"])
    needs = []
    for i, ep in enumerate(ctx.case.trafficking):
        work = ep.work
        if work and work.defendant_gross_income is not None:
            return result(ctx, el, "met", f"The defendant's gross income is recorded ({_span(ep)}).")
        if work and work.hours_per_week is not None and ep.start and ep.end:
            return result(ctx, el, "met", f"Hours worked ({work.hours_per_week} a week) and dates ({_span(ep)}) "
                                          "are recorded.")
        if not (work and work.hours_per_week is not None):
            needs.append(f"trafficking[{i}].work.hours_per_week")
        needs += [f"trafficking[{i}].{k}" for k in ("start", "end") if getattr(ep, k) is None]
    return result(ctx, el, "unknown", "The hours worked, the dates or the defendant's income are not recorded.",
                  needs)


def _age_check(ctx: Ctx, el: Element, want_minor: bool) -> ElementResult:
    at = el.params.get("at", "as_of")
    dob = ctx.case.survivor.date_of_birth
    if at == "any_act":
        minor, when, needs = minor_at_an_act(ctx.case)
        if minor is None:
            return result(ctx, el, "unknown", "The age at the acts of trafficking cannot be worked out.", needs)
        if minor:
            text = f"Under 18 at the time of at least one act of trafficking ({when.isoformat()})."
        else:
            text = "18 or older at every act of trafficking."
        return result(ctx, el, "met" if minor is want_minor else "not_met", text)
    if dob is None:
        return result(ctx, el, "unknown", "The date of birth is not recorded.", ["survivor.date_of_birth"])
    day, what = ctx.as_of, ""
    if at == "identification":
        # The procedure is chosen when the person is identified: a child then goes the children's way.
        dated = sorted(d.date for d in ctx.case.identification if d.positive and d.date)
        if not dated:
            return result(ctx, el, "unknown", "The date of identification is not recorded.",
                          ["identification[].date"])
        day, what = dated[0], " (identification)"
    minor = age_on(dob, day) < 18
    text = f"{'Under 18' if minor else '18 or older'} on {day.isoformat()}{what}."
    return result(ctx, el, "met" if minor is want_minor else "not_met", text)


@registry.check("adult")
def adult(ctx: Ctx, el: Element) -> ElementResult:
    """18 or older on the as-of date (``at: as_of``), at identification (``at: identification``) or at every act
    of trafficking (``at: any_act``)."""
    return _age_check(ctx, el, want_minor=False)


@registry.check("minor")
def minor(ctx: Ctx, el: Element) -> ElementResult:
    """Under 18 on the as-of date (``at: as_of``) or at at least one act of trafficking (``at: any_act``)."""
    return _age_check(ctx, el, want_minor=True)


@registry.check("cooperation_willing")
def cooperation_willing(ctx: Ctx, el: Element) -> ElementResult:
    """Cooperation with the authorities shown by a report or by requests complied with."""
    le = ctx.case.law_enforcement
    reqs = [r for _, r in _requests(ctx.case)]
    if any(r.complied for r in reqs):
        return result(ctx, el, "met", "Has complied with requests from law enforcement.")
    if le.reported:
        return result(ctx, el, "met", "Has reported the crime to law enforcement.")
    if any(r.complied is False for r in reqs):
        return result(ctx, el, "not_met", "Declined a request from law enforcement and no cooperation is recorded.")
    if le.reported is None:
        return result(ctx, el, "unknown", "Whether the crime was reported is not recorded.",
                      ["law_enforcement.reported"])
    return result(ctx, el, "unknown", "No report or cooperation with law enforcement is recorded yet.")


@registry.check("within_deadline")
def within_deadline(ctx: Ctx, el: Element) -> ElementResult:
    """The deadline ``params.deadline`` has not passed (computed by ``rules.deadlines``).

    ``params.late_filing`` states a program's ground for accepting late applications (good cause, a
    late-filing form); when present, a passed deadline is not a bar but a question for the decision-maker.
    """
    deadline_id = el.params.get("deadline", "")
    found = ctx.deadline(deadline_id)
    if found is None:
        return result(ctx, el, "unknown", f"The deadline {deadline_id} was not computed for this case.")
    used = found.sources
    if found.status == "not_applicable":
        return result(ctx, el, "exempt", f"The deadline does not apply: {found.reason}", used=used)
    if found.status == "passed":
        passed = f"The time limit passed on {found.due.isoformat()}." if found.due else "The time limit has passed."
        late = el.params.get("late_filing")
        if late:
            # The program takes late applications on a stated ground: that is for the decision-maker to weigh.
            return result(ctx, el, "unknown", f"{passed} A late application may still be accepted: {late}.",
                          used=used)
        return result(ctx, el, "not_met", passed, used=used)
    if found.status == "open":
        return result(ctx, el, "met", f"Within the time limit (due {found.due.isoformat()})."
                      if found.due else "Within the time limit.", used=used)
    return result(ctx, el, "unknown", "The time limit cannot be worked out yet.", found.needs, used=used)


# A status written in plain words that says permanent residence (compared whole: "not an LPR" is not one).
LPR_STATUSES = frozenset({"lpr", "lawful permanent resident", "permanent resident", "green card",
                           "green card holder"})


@registry.check("needs_immigration_status")
def needs_immigration_status(ctx: Ctx, el: Element) -> ElementResult:
    """Neither a national nor a permanent resident of ``params.country``: immigration relief exists only for them.

    A U.S. citizen or lawful permanent resident has no use for T or U status or Continued Presence
    (INA 101(a)(15)(T), (U); 22 U.S.C. 7105(c)(3)).
    """
    country = str(el.params.get("country", "")).upper()
    imm = ctx.case.survivor.immigration
    citizenship = [c.upper() for c in ctx.case.survivor.citizenship]
    if country in citizenship:
        return result(ctx, el, "not_met", f"A national of {country}: this relief is only for noncitizens.")
    status = (imm.status or "").strip().lower()
    if imm.lawful_permanent_resident or status.rstrip(".") in LPR_STATUSES:
        return result(ctx, el, "not_met", f"A lawful permanent resident of {country}: this relief is only for "
                                          "noncitizens without permanent residence.")
    if not citizenship:
        return result(ctx, el, "unknown", "Citizenship is not recorded.", ["survivor.citizenship"])
    return result(ctx, el, "met", f"Not a national of {country} and not recorded as a permanent resident.")


FINISHED_CASE = ("convicted", "acquitted", "closed")


@registry.check("before_cooperation")
def before_cooperation(ctx: Ctx, el: Element) -> ElementResult:
    """A reflection period is a protected time *before* deciding whether to cooperate (CETS 197 art. 13).

    Once the survivor has complied with a request of the investigators or the criminal case is over, the
    period has no purpose; ``params.instead`` names the remedy of the pack that fits then.
    """
    le = ctx.case.law_enforcement
    instead = el.params.get("instead")
    alt = ""
    if instead:
        pack = ctx.packs.get(instead.split(".", 1)[0])
        remedy = pack.remedies.get(instead) if pack else None
        alt = f" Consider instead: {remedy.name if remedy else instead} ({instead})."
    if le.criminal_case.status in FINISHED_CASE:
        return result(ctx, el, "not_met", f"The criminal case is over ('{le.criminal_case.status}'): a reflection "
                                          f"period is for the time before deciding whether to cooperate.{alt}")
    if any(r.complied for _, r in _requests(ctx.case)):
        return result(ctx, el, "not_met", "The survivor has already cooperated with the investigation (a request "
                                          "was complied with): a reflection period is for the time before that "
                                          f"decision.{alt}")
    if le.reported:
        return result(ctx, el, "unknown", "The crime has been reported: if the survivor has already decided to "
                                          "cooperate, a reflection period no longer fits." + alt,
                      ["law_enforcement.contacts"])
    return result(ctx, el, "met", "No cooperation with the investigation is recorded yet.")
