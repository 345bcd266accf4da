"""Documents: the catalogue of templates per remedy, the template context, and DOCX rendering.

Wording lives in the templates (``templates/<jurisdiction>/*.docx``, edited in Word) and in
``words/<language>.yml`` (words.py); law lives in the packs; this module only gathers values. ``context`` is the one
context builder: ``assembly.assemble`` uses it and the interviews reuse it. Every value it gives is plain
text (or lists and dicts of text), already formatted for the document's language (Babel), so a template
never computes a figure. Unknown values are empty strings, which templates replace with ``placeholder``.

Values render literally: docxtpl escapes XML (``<``, ``&``) with ``autoescape=True``, and context values
are data, never templates, so a ``{{`` typed in a case file comes out as typed. Characters that XML
cannot hold (control characters) are dropped, since they would make the DOCX unreadable.

The survivor's physical address is never put in the context (it belongs only on Form I-914 Part 2,
item 3, which ``forms`` fills); correspondence uses the safe mailing address, else the representative's.
"""

from __future__ import annotations

import datetime as dt
import re
import string
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any, Literal, Optional

import jinja2
from babel import Locale, UnknownLocaleError
from babel.numbers import format_currency
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from . import formatting, restitution_papers
from .cases import Case, _pydantic_problems, add_years, age_on, read_data
from .errors import InputError, Problem
from .formatting import date as format_date
from .formatting import money
from .packs import Duration, Packs
from .words import load_labels
from .worksheets import fill, load_sheet, no_sheet

TEMPLATES_DIR = Path(__file__).resolve().parent / "data" / "templates"
CATALOGUE = "documents.yml"
OUTPUT_FIELDS = {"case_id", "remedy", "n"}
STATEMENT_LANGUAGE = "statement"   # DocSpec.language: the language the survivor's statement was told in
CITE_KINDS = {"remedy", "elements", "element", "evidence", "deadlines", "family", "restitution", "restitution_1202_4",
              "convention", "checklist"}
CONVENTION_REMEDY = "coe.reflection_period"
OPEN_STATUSES = ("likely_eligible", "possibly_eligible")
# How long a request letter gives its addressee to reply (law-enforcement contacts' Supplement B): a choice of
# this tool, not a legal time limit; the letter shows the date.
RESPONSE_DAYS = 30
CYRILLIC_LANGUAGES = ("bg", "ru", "uk", "sr", "mk")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- the catalogue (templates/documents.yml) --------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class DocSpec(_Strict):
    """One document of a remedy: its template, file name, language, recipient and what it relies on."""

    name: str = Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$")
    title: str
    # The title when the document is in the statement's language and that is not English ({language}: its
    # English name), e.g. "Declaration of the applicant, in {language} (original, signed by the applicant)".
    title_original: Optional[str] = None
    template: str
    output: str
    # A BCP 47 tag, or "statement": the language the survivor's statement was told in (see ``resolve``).
    language: str = "en"
    original_language: Optional[str] = None
    recipient: Literal["government", "third_party", "internal"]
    # Which set the document belongs to (see ``where``): filing (sent to the authority, in the packet),
    # separate (sent on its own to someone else), preparer (the legal team's working papers).
    part: Optional[Literal["filing", "separate", "preparer"]] = None
    signed_by: list[Literal["representative", "survivor", "translator", "interpreter", "preparer"]] = Field(
        default_factory=list)
    each: Optional[Literal["law_enforcement_contact", "eligible_family_member"]] = None
    when: Optional[Literal["waiver_needed", "statement", "statement_translated", "files_g28"]] = None
    parameters: dict[str, str] = Field(default_factory=dict)
    cites: list[str] = Field(default_factory=list)
    # A worksheet for an official form filled in by hand: its item data (templates/us/worksheets/<form>.yml)
    # and the official form it produces, as the filing's list of enclosures names it, by case status
    # (``always``, or law_enforcement.supplement_b's value); {member}, {derivative} and {agency} are filled in.
    worksheet: Optional[str] = None
    produces: dict[str, str] = Field(default_factory=dict)

    def resolve(self, case: Case) -> DocSpec:
        """The document for this case: ``language: statement`` becomes the statement's language (English when it
        names none), with ``title_original`` as the title when that is another language."""
        if self.language != STATEMENT_LANGUAGE:
            return self
        told = (case.statement.language if case.statement else None) or "en"
        update: dict[str, Any] = {"language": told}
        if not told.lower().startswith("en") and self.title_original:
            update["title"] = self.title_original.format(language=formatting.language_name(told, "en"))
        return self.model_copy(update=update)

    @field_validator("cites")
    @classmethod
    def _known_cites(cls, value: list[str]) -> list[str]:
        for item in value:
            if item.split(":", 1)[0] not in CITE_KINDS:
                raise ValueError(f"unknown cites entry {item!r} (known: {', '.join(sorted(CITE_KINDS))})")
        return value

    @model_validator(mode="after")
    def _safe_output(self) -> DocSpec:
        fields = {f for _, f, _, _ in string.Formatter().parse(self.output) if f is not None}
        if not fields <= OUTPUT_FIELDS:
            extra = sorted(fields - OUTPUT_FIELDS)
            raise ValueError(f"output may only use {{case_id}}, {{remedy}} and {{n}}, not {extra}")
        if not {"case_id", "remedy"} <= fields:
            raise ValueError("output must contain {case_id} and {remedy}")
        if ("n" in fields) != (self.each is not None):
            raise ValueError("output must contain {n} exactly when the document repeats (each)")
        if not self.output.endswith(".docx") or "/" in self.output:
            raise ValueError("output must be a plain .docx file name")
        return self

    def file_name(self, case_id: str, remedy_id: str, n: Optional[int] = None) -> str:
        return self.output.format(case_id=case_id, remedy=remedy_slug(remedy_id), n=n)

    @property
    def where(self) -> str:
        """The set the document goes to: its ``part``, else by recipient (government documents are filed)."""
        if self.part:
            return self.part
        return {"government": "filing", "third_party": "separate", "internal": "preparer"}[self.recipient]


class FormSpec(_Strict):
    form: str
    title: Optional[str] = None
    when: Optional[Literal["waiver_needed", "statement", "files_g28"]] = None
    signed_by: list[Literal["representative", "survivor", "translator", "interpreter", "preparer"]] = Field(
        default_factory=list)
    # Where on the form each signer signs ("Part 6"), as printed on the edition in the forms folder.
    sign_parts: dict[str, str] = Field(default_factory=dict)
    # The pack parameter holding the form's filing fee (the preparer's memo states it with its source).
    fee: Optional[str] = None


class RemedyDocs(_Strict):
    documents: list[DocSpec] = Field(default_factory=list)
    forms: list[FormSpec] = Field(default_factory=list)
    packet: bool = False


class Catalogue(_Strict):
    common: list[DocSpec] = Field(default_factory=list)
    remedies: dict[str, RemedyDocs] = Field(default_factory=dict)

    def for_remedy(self, remedy_id: str) -> RemedyDocs:
        """The remedy's own documents followed by the common ones (its evidence checklist)."""
        own = self.remedies.get(remedy_id, RemedyDocs())
        return RemedyDocs(documents=[*own.documents, *self.common], forms=own.forms, packet=own.packet)


def remedy_slug(remedy_id: str) -> str:
    """``us.t_visa`` -> ``us-t-visa`` (for file names)."""
    return re.sub(r"[._]", "-", remedy_id)


@lru_cache(maxsize=4)
def load_catalogue(folder: Optional[Path] = None) -> Catalogue:
    """The document catalogue; a wrong entry is an InputError naming documents.yml and the key."""
    folder = Path(folder or TEMPLATES_DIR)
    path = folder / CATALOGUE
    data = read_data(path)
    try:
        catalogue = Catalogue.model_validate(data)
    except ValidationError as err:
        raise InputError(_pydantic_problems(err), source=str(path)) from None
    problems = []
    names: dict[str, str] = {}
    for rid, docs in [("(common)", RemedyDocs(documents=catalogue.common))] + list(catalogue.remedies.items()):
        for spec in docs.documents:
            if not (folder / spec.template).is_file():
                problems.append(Problem(f"{rid}.{spec.name}.template", f"no such template: {spec.template}"))
            if rid != "(common)" and spec.output in names and names[spec.output] == rid:
                problems.append(Problem(f"{rid}.{spec.name}.output", "same file name as another document"))
            names[spec.output] = rid
    if problems:
        raise InputError(problems, source=str(path))
    return catalogue


# --- the rule results a case's documents read ------------------------------------------------------------

@dataclass
class View:
    """Screening, deadlines and checklist for one set of jurisdictions of the case."""

    screening: Any
    deadlines: Any
    checklist: Any


@dataclass
class Facts:
    """A case with its rule results, computed once and shared by every document of an assembly.

    ``exhibits``, ``packet`` and ``enclosures`` are filled in by the assembly once the evidence packet
    and the list of filed documents are known.
    """

    case: Case
    packs: Packs
    liquidated: bool = False
    wage_credit: bool = True
    exhibits: list[dict[str, Any]] = field(default_factory=list)
    packet: dict[str, Any] = field(default_factory=dict)
    enclosures: dict[str, list[str]] = field(default_factory=dict)
    memo: dict[str, dict[str, Any]] = field(default_factory=dict)
    declarations: dict[str, Any] = field(default_factory=dict, repr=False)   # remedy -> declaration.Declaration
    _views: dict[str, View] = field(default_factory=dict, repr=False)

    @cached_property
    def base(self) -> View:
        return self._compute(self.case)

    def _compute(self, case: Case) -> View:
        from .evidence import checklist
        from .rules.deadlines import deadlines
        from .rules.screen import screen

        return View(screen(case, self.packs), deadlines(case, self.packs), checklist(case, self.packs))

    def view(self, jurisdiction: str) -> View:
        """The results for a case that also seeks relief in ``jurisdiction`` (the case's own when it does)."""
        if jurisdiction in self.packs.with_ancestors(self.case.jurisdictions):
            return self.base
        if jurisdiction not in self._views:
            wider = self.case.model_copy(update={"jurisdictions": [*self.case.jurisdictions, jurisdiction]})
            self._views[jurisdiction] = self._compute(wider)
        return self._views[jurisdiction]

    @cached_property
    def restitution(self) -> tuple[Any, list[str]]:
        """The §1593 result, or None and the problems that kept it from being computed."""
        from .rules.restitution import restitution

        try:
            return restitution(self.case, self.packs, liquidated=self.liquidated, wage_credit=self.wage_credit), []
        except InputError as exc:
            return None, [str(p) for p in exc.problems]

    @cached_property
    def restitution_ca(self) -> tuple[Any, list[str]]:
        """The Penal Code 1202.4 result, or None and the problems that kept it from being computed."""
        from .rules.restitution_ca import california_restitution

        try:
            return california_restitution(self.case, self.packs, wage_credit=self.wage_credit), []
        except InputError as exc:
            return None, [str(p) for p in exc.problems]

    def remedy(self, remedy_id: str) -> Any:
        view = self.view(jurisdiction_of(remedy_id))
        return next(r for r in view.screening.remedies if r.id == remedy_id)

    def open_remedies(self) -> list[str]:
        """Remedies screening finds open (likely or possibly eligible), in screening order."""
        return [r.id for r in self.base.screening.remedies if r.status in OPEN_STATUSES]


def gather(case: Case, packs: Packs, liquidated: bool = False, wage_credit: bool = True) -> Facts:
    """The facts every document of a case reads (rule results are computed on first use)."""
    return Facts(case, packs, liquidated=liquidated, wage_credit=wage_credit)


def jurisdiction_of(remedy_id: str) -> str:
    return remedy_id.split(".", 1)[0]


# --- small formatters ------------------------------------------------------------------------------------

class Words:
    """Labels for coded values in one language (words/<language>.yml), falling back to English, then to the code."""

    def __init__(self, language: str) -> None:
        labels = load_labels()
        self.own = labels.get(language.split("-")[0].split("_")[0], {})
        self.en = labels.get("en", {})

    def __call__(self, group: str, code: Optional[str]) -> str:
        if code is None or code == "":
            return ""
        for table in (self.own, self.en):
            found = (table.get(group) or {}).get(code)
            if found:
                return str(found)
        return str(code).replace("_", " ")

    def word(self, key: str) -> str:
        return str(self.own.get(key) or self.en.get(key) or "")

    def duration(self, length: Optional[Duration]) -> str:
        if length is None:
            return ""
        parts = []
        for unit in ("years", "months", "weeks", "days"):
            n = getattr(length, unit)
            if n:
                forms = (self.own.get("duration") or self.en.get("duration") or {}).get(unit, [unit, unit])
                parts.append(f"{n} {forms[0] if n == 1 else forms[1]}")
        return " ".join(parts)


def document_locale(language: str, country: Optional[str]) -> str:
    """``nl`` + ``NL`` -> ``nl_NL``; a pair Babel does not know falls back to the language."""
    base = language.replace("-", "_")
    if "_" in base or not country:
        return base
    try:
        Locale.parse(f"{base}_{country}")
        return f"{base}_{country}"
    except (UnknownLocaleError, ValueError):
        return base


def _clean(value: Any) -> Any:
    """Drop characters XML cannot hold from every string (recursively); everything else as is."""
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    if isinstance(value, ParamMap):
        return ParamMap({k: _clean(v) for k, v in value.items()})
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v) for v in value]
    return value


class ParamMap(dict):
    """Pack parameters by context key; a key the catalogue did not ask for reads as an empty parameter."""

    def __missing__(self, key: str) -> dict[str, Any]:
        return _empty_param()


def _empty_param() -> dict[str, Any]:
    return {"present": False, "text": "", "value": "", "since": "", "confidence": "", "cite": "", "lines": [],
            "law": ""}


def _source(s: Any) -> dict[str, str]:
    """A pack Source or a result's source dict as {cite, confidence, url}."""
    if isinstance(s, dict):
        return {"cite": str(s.get("cite", "")), "confidence": str(s.get("confidence", "")),
                "url": str(s.get("url") or "")}
    return {"cite": s.cite, "confidence": s.confidence, "url": s.url or ""}


def _cites(sources: Any) -> str:
    return "; ".join(f"{s['cite']} [{s['confidence']}]" for s in map(_source, sources or []))


class Sources:
    """The sources a document relies on, each once (the weakest confidence wins), and what is UNVERIFIED."""

    ORDER = {"V": 0, "S": 1, "UNVERIFIED": 2}

    def __init__(self) -> None:
        self.items: dict[str, dict[str, str]] = {}
        self.unverified: list[dict[str, str]] = []

    def add(self, what: str, sources: Any) -> None:
        for s in map(_source, sources or []):
            old = self.items.get(s["cite"])
            if old is None or self.ORDER.get(s["confidence"], 2) > self.ORDER.get(old["confidence"], 2):
                self.items[s["cite"]] = s
            if s["confidence"] == "UNVERIFIED":
                self.flag(what, s["cite"])

    def flag(self, what: str, cite: str) -> None:
        entry = {"what": what, "cite": cite}
        if entry not in self.unverified:
            self.unverified.append(entry)


# --- the context -----------------------------------------------------------------------------------------

@dataclass
class _Builder:
    facts: Facts
    remedy_id: str
    spec: Optional[DocSpec]
    redact: bool
    language: str
    locale: str
    words: Words
    sources: Sources = field(default_factory=Sources)

    @property
    def case(self) -> Case:
        return self.facts.case

    def date(self, day: Optional[dt.date]) -> str:
        return format_date(day, self.locale, self.words.word("date_format") or "long") if day else ""

    def money(self, amount: Optional[Decimal], currency: str) -> str:
        return money(amount, currency, self.locale) if amount is not None else ""

    def country(self, code: Optional[str]) -> str:
        return formatting.country_name(code, self.locale)

    def language_name(self, code: Optional[str]) -> str:
        return formatting.language_name(code, self.locale)

    @property
    def home(self) -> Optional[str]:
        """The country of the authority the document goes to (an address there needs no country line)."""
        jid = jurisdiction_of(self.remedy_id)
        return self.facts.packs.get(jid).country if jid in self.facts.packs else None

    def yes_no(self, value: Optional[bool]) -> str:
        return "" if value is None else self.words.word("yes" if value else "no")


def context(facts: Facts, remedy_id: str, spec: Optional[DocSpec] = None, item: Optional[int] = None,
            redact: bool = False) -> dict[str, Any]:
    """Everything a template of ``remedy_id`` may use, as formatted text.

    ``item`` is the index of the law-enforcement contact or family member a repeated document is about;
    ``redact`` leaves out the survivor's address, phone, A-number and dates of birth (third-party copies).
    """
    packs = facts.packs
    jid = jurisdiction_of(remedy_id)
    spec = spec.resolve(facts.case) if spec else None
    language = spec.language if spec else "en"
    locale = document_locale(language, packs.get(jid).country if jid in packs else None)
    b = _Builder(facts, remedy_id, spec, redact, language, locale, Words(language))
    case = facts.case
    remedy = packs.remedy(remedy_id)
    result = facts.remedy(remedy_id)
    view = facts.view(jid)
    cites = list(spec.cites) if spec else ["remedy", "elements", "deadlines"]
    if spec is not None and spec.where == "preparer" and remedy.kind == "restitution":
        cites.append("restitution")   # the memo holds the computation's notes and its UNVERIFIED points

    ctx: dict[str, Any] = {
        "case_id": case.case_id,
        "placeholder": b.words.word("placeholder"),
        "doc": {"name": spec.name if spec else "", "title": spec.title if spec else "", "language": language,
                "locale": locale, "date": b.date(case.today),
                "original_language": b.language_name(spec.original_language) if spec else ""},
        "survivor": _survivor(b),
        "correspondence": _correspondence(b),
        "representative": _representative(b),
        "remedy": {"id": remedy_id, "name": remedy.name, "kind": remedy.kind, "summary": remedy.summary,
                   "authority": remedy.authority or "", "jurisdiction": jid,
                   "jurisdiction_name": packs.get(jid).name,
                   "cite": remedy.sources[0].cite if remedy.sources else "",
                   "cites": "; ".join(s.cite for s in remedy.sources), "law": plain_law(remedy.sources),
                   "status": b.words("remedy_status", result.status), "status_code": result.status,
                   "warnings": list(remedy.warnings)},
        "elements": _elements(b, result),
        "deadlines": [_deadline(b, d) for d in view.deadlines.deadlines if d.remedy == remedy_id],
        "immigration": _immigration(b),
        "trafficking": [_episode(b, ep) for ep in case.trafficking],
        "identification": [{"kind": b.words("identification", i.kind), "kind_code": i.kind, "date": b.date(i.date),
                            "authority": i.authority or ""} for i in case.identification if i.positive],
        "law_enforcement": _law_enforcement(b),
        "family": _family(b, view),
        "inadmissibility": _inadmissibility(b),
        "exemption": _exemption(b),
        "hardship": list(case.hardship or []),
        "statement": _statement(b),
        "defendant": ", ".join(dict.fromkeys(t.name for ep in case.trafficking for t in ep.traffickers if t.name)),
        "losses": [{"kind": b.words("loss", loss.kind), "kind_code": loss.kind,
                    "amount": b.money(loss.amount.amount, loss.amount.currency),
                    "date": b.date(loss.date), "description": loss.description or "",
                    "evidence": ", ".join(loss.evidence)} for loss in case.losses],
        "losses_total": _losses_total(b),
        "exhibits": [{"translated": False, **x} for x in facts.exhibits],
        "packet": {"present": bool(facts.packet), "first": "", "last": "", "exhibits_last": "", "pages": 0,
                   **facts.packet},
        "enclosures": [e for e in facts.enclosures.get(remedy_id, []) if not spec or e != spec.title],
        "checklist": _checklist(b, view),
        "params": _params(b, _memo_spec(spec, remedy_id)),
        "restitution": _restitution(b) if "restitution" in cites else _no_restitution(),
        "restitution_ca": _restitution_ca(b) if "restitution_1202_4" in cites else _no_restitution_ca(),
    }
    periods = [d for d in ctx["deadlines"] if d["kind_code"] == "period"]
    ctx["period"] = periods[0] if periods else _no_period()
    ctx["convention"] = _convention(b) if "convention" in cites else _no_convention()
    ctx["filing"] = _filing(b, remedy)
    ctx["late"] = _late(b, result, view)
    ctx["memo"] = _memo(facts, remedy_id)
    ctx["declaration"] = _declaration(b, result)
    ctx["sending"] = _sending(b, ctx["family"]) if spec is None or spec.where == "preparer" else \
        {"present": False, "fees": [], "signatures": [], "file_by": []}
    ctx["contact"] = _contact(b, item) if spec and spec.each == "law_enforcement_contact" else _no_contact()
    ctx["member"] = _member(b, view, item) if spec and spec.each == "eligible_family_member" else _no_member()
    ctx["sheet"] = _sheet(b, spec, item, ctx["member"]["derivative"]) if spec and spec.worksheet else no_sheet()
    for element in ctx["elements"]:
        evidence = element.pop("_evidence")
        element["exhibits"] = _exhibit_letters(facts, evidence)
        element["proof"] = _proof(facts, evidence)
    _collect_sources(b, cites, result, view)
    ctx["sources"] = list(b.sources.items.values())
    ctx["unverified"] = list(b.sources.unverified)
    ctx["missing"] = list(result.needs_information) + (ctx["restitution"]["needs"] if "restitution" in cites else [])
    ctx["missing"] += ctx["restitution_ca"]["needs"]
    ctx["missing"] += ctx["statement"].pop("_missing")
    papers = restitution_papers.papers(b)
    ctx["missing"] += [m for m in papers.pop("_missing") if m not in ctx["missing"]]
    ctx.update(papers)
    ctx["missing"] += [m for m in ctx["declaration"].pop("_missing") if m not in ctx["missing"]]
    if any(d.each == "law_enforcement_contact" for d in load_catalogue().for_remedy(remedy_id).documents):
        # a Supplement B request cannot be mailed to an agency whose address the case does not hold
        ctx["missing"] += [f"law_enforcement.contacts[{i}].address" for i, c in enumerate(case.law_enforcement.contacts)
                           if c.address is None or not (c.address.street or c.address.city)]
    ctx["memo"]["translate"] += ctx["declaration"].pop("_translate")
    for element in ctx["elements"]:
        element["decl"] = ctx["declaration"]["cites"].get(element["id"], "")
    if remedy_id == GROUNDS_REMEDY:
        ctx["missing"] += [n for n in ctx["inadmissibility"].pop("_needs") if n not in ctx["missing"]]
    else:   # only the T visa files a Form I-192
        ctx["inadmissibility"].update(_needs=[], grounds=[], left_out=[], questions=[], unsettled=False)
        ctx["inadmissibility"].pop("_needs")
    ctx["warnings"] = list(remedy.warnings)
    return _clean(ctx)


GROUNDS_REMEDY = "us.t_visa"   # the remedy whose Form I-192 rules/inadmissibility.py decides


def _inadmissibility(b: _Builder) -> dict[str, Any]:
    """The grounds the I-192 addresses (``grounds``: those that apply, or a listed one still unknown: ``known``
    false, shown with a placeholder), with the facts that connect each to the trafficking; for the memo, the
    grounds left out (``left_out``) and those that turn on an unknown fact (``questions``), each with why."""
    from .rules.inadmissibility import TESTED, application_date, assess

    case = b.case
    found = assess(case, b.facts.packs)
    us_episodes = [ep for ep in case.trafficking if (ep.country or "US") == "US"]
    taken = any("document_confiscation" in ep.means for ep in case.trafficking)
    imm = case.survivor.immigration

    def entry(g: Any) -> dict[str, Any]:
        held = [ep for ep in us_episodes if ep.start and (g.departure is None or ep.start < g.departure)]
        return {"id": g.id, "label": g.label if g.id in TESTED else b.words("ground", g.id),
                "section": g.section, "known": g.applies is True, "law": plain_law(g.sources),
                "departure": b.date(g.departure), "days": str(g.unlawful_presence_days or ""),
                "bar_ends": b.date(g.bar_ends), "held_before_departure": bool(held),
                "documents_taken": taken, "entry_on_account": imm.last_entry_on_account_of_trafficking is True,
                "no_passport": imm.valid_passport is False, "no_visa": imm.valid_nonimmigrant_visa is False,
                "why": g.why}

    filed = [entry(g) for g in found if g.filed]
    for g in found:
        b.sources.add(f"ground of inadmissibility: {g.label}", g.sources)
    waiver = b.facts.packs.value("us", "waiver_t_applicant", application_date(case))
    if waiver is not None and filed:
        b.sources.add("INA 212(d)(13) waiver", waiver.sources)
    return {"asked": case.inadmissibility is not None, "grounds": filed,
            "unsettled": any(g.applies is None for g in found),
            "left_out": [entry(g) for g in found if g.applies is False],
            "questions": [dict(entry(g), needs=list(g.needs)) for g in found if g.needs],
            "waiver": {"section": str(waiver.value) if waiver else "",
                       "law": "; ".join(x for x in plain_law(waiver.sources).split("; ") if x != f"INA {waiver.value}")
                       if waiver else ""},
            "_needs": [n for g in found if g.filed or g.applies is None for n in g.needs]}


def _survivor(b: _Builder) -> dict[str, Any]:
    """``name`` is in the document's script when the case gives the name in another script (Cyrillic for bg);
    ``name_latin`` is the name as in the passport."""
    s = b.case.survivor
    latin = s.name.full()
    other = s.name_other_script.full() if s.name_other_script else ""
    name = (other if other and b.language in CYRILLIC_LANGUAGES else latin) or b.words.word("placeholder")
    age = s.age_on(b.case.today)
    pronouns = (s.pronouns or "").lower()
    gram = "f" if pronouns.startswith("she") else "m" if pronouns.startswith("he") else ""
    return {"name": name, "name_upper": name.upper(), "name_latin": latin if name != latin else "",
            "minor": age is not None and age < 18, "gram": gram,
            "age": str(s.age_on(b.case.filed_on.get(b.remedy_id) or b.case.today) or "") if s.date_of_birth else "",
            "pronouns": s.pronouns or "",
            "other_names": ", ".join(n.full() for n in s.other_names if n.full()),
            "dob": "" if b.redact else b.date(s.date_of_birth),
            "a_number": "" if b.redact else (s.a_number or ""),
            "citizenship": ", ".join(b.country(c) for c in s.citizenship),
            "country_of_birth": b.country(s.country_of_birth),
            "languages": ", ".join(b.language_name(x) for x in s.languages)}


def _correspondence(b: _Builder) -> dict[str, Any]:
    """The safe mailing address, else the representative's; never the physical address."""
    contact = b.case.survivor.contact
    rep = b.case.representative
    if contact.safe_mailing_address is not None:
        lines, via = contact.safe_mailing_address.lines(b.home), "safe_mailing_address"
    elif rep is not None and rep.address is not None:
        lines, via = rep.address.lines(b.home), "representative"
    else:
        lines, via = [], "none"
    phone = contact.phone if contact.safe_to_call is True and contact.phone else ""
    if b.redact:
        lines, phone = [], ""
    return {"lines": lines, "via": via, "phone": phone}


def _representative(b: _Builder) -> dict[str, Any]:
    rep = b.case.representative
    if rep is None:
        return {"present": False, "name": "", "organization": "", "email": "", "phone": "", "bar": "",
                "contact_line": "", "lines": [], "g28": False}
    bar = " ".join(p for p in (rep.bar_number, f"({rep.bar_state})" if rep.bar_state else None) if p)
    return {"present": bool(rep.name or rep.organization), "name": rep.name or "", "g28": rep.files_g28 is True,
            "organization": rep.organization or "", "email": rep.email or "", "phone": rep.phone or "",
            "bar": bar, "contact_line": " · ".join(p for p in (rep.email, rep.phone) if p),
            "lines": rep.address.lines(b.home) if rep.address else []}


def _elements(b: _Builder, result: Any) -> list[dict[str, Any]]:
    """Each element: screening's view (``status``, ``reason``, ``cites`` with confidence: for the preparer's memo)
    and what a letter may say (``met``, ``law``: the law in plain words, no confidence codes; ``decl``: the
    declaration paragraphs that give its facts, e.g. "Decl. ¶¶ 4–9", empty when none do)."""
    return [{"id": e.id, "label": e.label, "status": b.words("element_status", e.status), "status_code": e.status,
             "met": e.status == "met", "exempt": e.status == "exempt", "reason": e.reason, "cites": _cites(e.sources),
             "law": plain_law(e.sources), "required": e.required, "_evidence": list(e.evidence),
             "decl": ""}
            for e in result.elements]


_NOT_LAW = re.compile(r"https?:|www\.|\.(bg|gov|org|net|int|eu|uk|nl|de|be)\b|blog|fact sheet|derived|secondary|"
                      r"press release|law-firm|mediapool|guidance note|ecpat|\bkok\b", re.I)


def plain_law(sources: Any) -> str:
    """The law a letter cites for a point: the verified (else secondary) sources' citations, without notes on
    where they were read ("(blog quoting the statute)", "(KOK; asyl.net)") and without confidence codes."""
    found = [_source(s) for s in sources or []]
    best = [s for s in found if s["confidence"] == "V"] or [s for s in found if s["confidence"] == "S"]
    out: list[str] = []
    for s in best:
        text = re.sub(r"\s+\([^()]*(\([^()]*\)[^()]*)*\)", "", s["cite"]).split(":")[0]
        for part in text.split(";"):
            part = part.strip().rstrip(",")
            if part and re.search(r"\d|§|\bAct\b|\bCode\b|Convention|Regulations|Scheme|Wet|Gesetz", part) \
                    and not _NOT_LAW.search(part) and part not in out:
                out.append(part)
    return "; ".join(out)


def _proof(facts: Facts, evidence_ids: list[str]) -> list[dict[str, str]]:
    """The exhibits that prove an element, with their Bates range in this filing's packet (when it has one)."""
    rows = {x["id"]: x for x in facts.exhibits}
    return [{"letter": rows[e]["letter"], "first": rows[e].get("first", ""), "last": rows[e].get("last", "")}
            for e in evidence_ids if e in rows]


def _filing(b: _Builder, remedy: Any) -> dict[str, Any]:
    """Where the application goes and the program's own form (pack data); its source is for the memo."""
    f = remedy.filing
    if f is None:
        return {"present": False, "lines": [], "form": "", "law": "", "cites": ""}
    b.sources.add("postal address of the authority", f.sources)
    return {"present": True, "lines": list(f.address), "form": f.form or "", "cites": _cites(f.sources)}


LATE_REASONS = ("not_informed", "trauma", "fear", "communication", "prosecution")
_FEAR_MEANS = {"force", "threats", "coercion", "debt_bondage", "document_confiscation"}


def _late(b: _Builder, result: Any, view: View) -> dict[str, Any]:
    """Whether this filing may be late and the program takes late applications on a stated ground; then the
    grounds a letter argues: those the case names (``late_filing.reasons``), else those its facts show."""
    case = b.case
    element = next((e for e in result.elements if e.id == "within_deadline"), None)
    passed = [d for d in view.deadlines.deadlines if d.remedy == b.remedy_id and d.status == "passed"]
    if element is None or not passed or element.status == "not_met":
        return {"present": False, "reasons": {}, "explanation": "", "derived": False}
    given = list(case.late_filing.reasons) if case.late_filing else []
    derived: list[str] = []
    if not given:
        cc = case.law_enforcement.criminal_case
        if cc.status in ("investigation", "charged"):
            derived.append("prosecution")
        if case.survivor.trauma_prevents_cooperation or any(
                loss.kind == "counseling" for loss in case.losses) or any(
                (e.kind or "") in ("counseling_record", "medical_record") for e in case.evidence):
            derived.append("trauma")
        if any(m in _FEAR_MEANS for ep in case.trafficking for m in ep.means):
            derived.append("fear")
        own = b.facts.packs.get(jurisdiction_of(b.remedy_id)).languages
        if case.survivor.languages and own and own[0] not in case.survivor.languages:
            derived.append("communication")
    reasons = given or derived
    return {"present": True, "reasons": {r: r in reasons for r in LATE_REASONS},
            "explanation": (case.late_filing.explanation or "") if case.late_filing else "",
            "derived": not given}


def _memo_spec(spec: Optional[DocSpec], remedy_id: str) -> Optional[DocSpec]:
    """The preparer's memo reads the parameters of every document of its remedy (filing address, fees, ...)."""
    if spec is None or spec.where != "preparer":
        return spec
    merged: dict[str, str] = {}
    for other in load_catalogue().for_remedy(remedy_id).documents:
        merged.update(other.parameters)
    return spec.model_copy(update={"parameters": {**merged, **spec.parameters}})


def _memo(facts: Facts, remedy_id: str) -> dict[str, Any]:
    """What the assembly knows only at the end (filed files, forms, translations): read by the preparer's memo."""
    found = facts.memo.get(remedy_id) or {}
    return {"files": list(found.get("files", [])), "forms": list(found.get("forms", [])),
            "unverified": list(found.get("unverified", [])), "translate": list(found.get("translate", [])),
            "warnings": [w for w in found.get("warnings", []) if w not in facts.packs.remedy(remedy_id).warnings],
            "separate": list(found.get("separate", [])), "worksheets": list(found.get("worksheets", [])),
            "packet": found.get("packet", "")}


def _exhibit_letters(facts: Facts, evidence_ids: list[str]) -> list[str]:
    letters = {x["id"]: x["letter"] for x in facts.exhibits}
    return [letters[e] for e in evidence_ids if e in letters]


def _rule(packs: Packs, deadline_id: str) -> Any:
    pack = packs.get(jurisdiction_of(deadline_id))
    return next((d for d in pack.deadlines if d.id == deadline_id), None)


def _deadline(b: _Builder, d: Any) -> dict[str, Any]:
    rule = _rule(b.facts.packs, d.id)
    return {"id": d.id, "label": d.label, "kind": b.words("deadline_kind", d.kind), "kind_code": d.kind,
            "present": True, "due": b.date(d.due), "start": b.date(d.start), "minimum_end": b.date(d.minimum_end),
            "maximum_end": b.date(d.maximum_end), "status": b.words("deadline_status", d.status),
            "status_code": d.status, "basis": d.basis, "counting": d.counting, "confidence": d.confidence,
            "cites": _cites(d.sources),
            "minimum": b.words.duration(rule.minimum) if rule else "",
            "maximum": b.words.duration(rule.maximum) if rule else ""}


def _no_period() -> dict[str, Any]:
    return {"id": "", "label": "", "kind": "", "kind_code": "", "present": False, "due": "", "start": "",
            "minimum_end": "", "maximum_end": "", "status": "", "status_code": "", "basis": "", "counting": "",
            "confidence": "", "cites": "", "minimum": "", "maximum": ""}


def _convention(b: _Builder) -> dict[str, Any]:
    """Article 13 of the Council of Europe Convention: its cite and minimum from the coe pack, its dates."""
    packs = b.facts.packs
    jid = jurisdiction_of(CONVENTION_REMEDY)
    if jid not in packs or CONVENTION_REMEDY not in packs.get(jid).remedies:
        return _no_convention()
    remedy = packs.remedy(CONVENTION_REMEDY)
    rule = _rule(packs, CONVENTION_REMEDY)
    dates = b.facts.view(jurisdiction_of(b.remedy_id)).deadlines.by_id(CONVENTION_REMEDY)
    b.sources.add(remedy.name, remedy.sources)
    if rule:
        b.sources.add(rule.label, rule.sources)
    return {"present": True, "cite": remedy.sources[0].cite if remedy.sources else "",
            "minimum": b.words.duration(rule.minimum) if rule else "",
            "start": b.date(getattr(dates, "start", None)),
            "minimum_end": b.date(getattr(dates, "minimum_end", None))}


def _no_convention() -> dict[str, Any]:
    return {"present": False, "cite": "", "minimum": "", "start": "", "minimum_end": ""}


def _episode(b: _Builder, ep: Any) -> dict[str, Any]:
    """One episode; ``traffickers``, ``occupation``, ``hours``, ``days``, ``wages_paid`` and ``unpaid`` (nothing was
    paid) let a statement of facts tell the work, not only its label."""
    work = ep.work
    paid = work.wages_paid if work else None
    means = [b.words("means", m) for m in ep.means]
    return {"form": b.words("form", ep.form.value if ep.form else None), "form_code": ep.form.value if ep.form else "",
            "start": b.date(ep.start),
            "end": b.date(ep.end), "place": ep.place or "", "country": b.country(ep.country),
            "means": ", ".join(means), "means_codes": list(ep.means),
            "means_text": (", ".join(means[:-1]) + " and " + means[-1]) if len(means) > 1 else "".join(means),
            "jurisdiction": ep.jurisdiction or "",
            "traffickers": " and ".join(t.name for t in ep.traffickers if t.name),
            "employer": any((t.relationship or "") == "employer" for t in ep.traffickers),
            "occupation": (work.occupation or "") if work else "",
            "hours": f"{work.hours_per_week.normalize():f}" if work and work.hours_per_week is not None else "",
            "days": str(work.days_per_week) if work and work.days_per_week else "",
            "wages_paid": b.money(paid.amount, paid.currency) if paid else "",
            "unpaid": paid is not None and paid.amount == 0, "description": ep.description or ""}


def _law_enforcement(b: _Builder) -> dict[str, Any]:
    le = b.case.law_enforcement
    cc = le.criminal_case
    return {"reported": bool(le.reported), "report_date": b.date(le.report_date),
            "crime_reference": le.crime_reference or "", "status": b.words("case_status", cc.status),
            "status_code": cc.status, "court": cc.court or "", "case_number": cc.case_number or "",
            "final_court_act_date": b.date(cc.final_court_act_date),
            "supplement_b": le.supplement_b or "", "supplement_b_law": _supplement_b_law(b),
            "continued_presence": le.continued_presence or "",
            "contacts": [_contact(b, i) for i in range(len(le.contacts))],
            # every request of every agency, in one list (for a sentence that names them all)
            "requests": [dict(r, agency=c.agency or "") for i, c in enumerate(le.contacts)
                         for r in _contact(b, i)["requests"]]}


def _supplement_b_law(b: _Builder) -> str:
    """Where the law on Supplement B is written (optional evidence, any agency, no prosecution needed): the sources
    of the remedy's evidence need that lists it, in plain words (no confidence codes)."""
    remedy = b.facts.packs.remedy(b.remedy_id)
    return plain_law([s for need in remedy.evidence if any("Supplement B" in i for i in need.items)
                      for s in need.sources if "Supplement B" in s.cite])


def _contact(b: _Builder, item: Optional[int]) -> dict[str, Any]:
    """A law-enforcement contact; ``respond_by`` is the date a request letter asks for a reply by (RESPONSE_DAYS
    after the letter)."""
    c = b.case.law_enforcement.contacts[item or 0]
    return {"present": True, "agency": c.agency or "", "officer": c.officer or "", "level": b.words("level", c.level),
            "date": b.date(c.date), "case_number": c.case_number or "",
            "lines": c.address.lines(b.home) if c.address else [], "email": c.email or "",
            "respond_by": b.date(b.case.today + dt.timedelta(days=RESPONSE_DAYS)),
            "requests": [{"date": b.date(r.date), "description": r.description or "",
                          "complied": {True: "yes", False: "no", None: ""}[r.complied],
                          "reason_not": r.reason_not or ""} for r in c.requests]}


def _no_contact() -> dict[str, Any]:
    return {"present": False, "agency": "", "officer": "", "level": "", "date": "", "case_number": "", "lines": [],
            "email": "", "respond_by": "", "requests": []}


def _sheet(b: _Builder, spec: DocSpec, item: Optional[int], derivative: str) -> dict[str, Any]:
    """The worksheet's items for this document's family member or law-enforcement contact (worksheets.fill)."""
    assert spec.worksheet is not None
    member = item if spec.each == "eligible_family_member" else None
    contact = item if spec.each == "law_enforcement_contact" else None
    family = bool(eligible_family(b.facts, b.remedy_id))
    return fill(load_sheet(spec.worksheet), b.case, member=member, contact=contact, redact=b.redact,
                derivative=derivative, family=family)


def produced_form(facts: Facts, remedy_id: str, spec: DocSpec, item: Optional[int]) -> str:
    """The official form a worksheet produces, as the list of enclosures names it; empty when the case's
    status (law_enforcement.supplement_b for a contact's worksheet) does not enclose it."""
    case = facts.case
    key = (case.law_enforcement.supplement_b or "none") if spec.each == "law_enforcement_contact" else "always"
    title = spec.produces.get(key, "")
    if not title:
        return ""
    member = case.family[item] if spec.each == "eligible_family_member" and item is not None else None
    found = [f for f in facts.view(jurisdiction_of(remedy_id)).screening.family
             if member is not None and f.for_remedy == remedy_id and f.index == item]
    contact = case.law_enforcement.contacts[item] if spec.each == "law_enforcement_contact" and item is not None \
        else None
    return title.format(member=member.name.full() if member else "",
                        derivative=(found[0].derivative or "") if found else "",
                        agency=(contact.agency or "the law-enforcement agency") if contact else "")


def eligible_family(facts: Facts, remedy_id: str) -> list[int]:
    """Indices (in case.family) of the family members screening finds eligible to join ``remedy_id``."""
    view = facts.view(jurisdiction_of(remedy_id))
    return [f.index for f in view.screening.family if f.for_remedy == remedy_id and f.eligible is True]


def _family_entry(b: _Builder, f: Any) -> dict[str, Any]:
    """One family member; ``category`` (the derivative class in words), ``age`` on the filing date (the day the
    law takes it, else the as-of date) and ``danger`` (present danger of retaliation) say why they qualify."""
    from .rules.family import load_table

    m = b.case.family[f.index]
    table = load_table(b.facts.packs, f.for_remedy)
    category = next((c.label for c in (table.categories if table else []) if c.code == f.derivative), "")
    on = b.case.filed_on.get(f.for_remedy) or b.case.today
    return {"index": f.index, "name": m.name.full(), "relationship": b.words("relationship", m.relationship),
            "derivative": f.derivative or "", "eligible": b.yes_no(f.eligible), "reason": f.reason,
            "dob": "" if b.redact else b.date(m.date_of_birth), "married": b.yes_no(m.married),
            "country": b.country(m.location_country), "in_present_danger": b.yes_no(m.in_present_danger),
            "cites": _cites(f.sources), "category": category,
            "age": str(age_on(m.date_of_birth, on)) if m.date_of_birth else "",
            "danger": m.in_present_danger is True, "filed_on": b.case.filed_on.get(f.for_remedy) is not None}


def _family(b: _Builder, view: View) -> list[dict[str, Any]]:
    return [_family_entry(b, f) for f in view.screening.family if f.for_remedy == b.remedy_id and f.eligible is True]


def _member(b: _Builder, view: View, item: Optional[int]) -> dict[str, Any]:
    found = next(f for f in view.screening.family if f.for_remedy == b.remedy_id and f.index == item)
    return _family_entry(b, found)


def _no_member() -> dict[str, Any]:
    return {"index": -1, "name": "", "relationship": "", "derivative": "", "eligible": "", "reason": "", "dob": "",
            "married": "", "country": "", "in_present_danger": "", "cites": "", "category": "", "age": "",
            "danger": False, "filed_on": False}


def _immigration(b: _Builder) -> dict[str, Any]:
    """The entry as a statement of facts tells it: ``admitted_as`` the class (B-2) when the I-94 class shows an
    admission, ``without_inspection``, ``paroled``, and whether the entry and the presence are on account of the
    trafficking (``entry_on_account``, ``present_on_account``)."""
    imm = b.case.survivor.immigration
    code = (imm.status_code or "").upper()
    ewi = imm.entered_without_inspection is True or (imm.entered_without_inspection is None and code == "EWI")
    admitted = code not in ("", "EWI", "UU", "PAR") and imm.entered_without_inspection is not True
    return {"last_entry_date": b.date(imm.last_entry_date), "last_entry_place": imm.last_entry_place or "",
            "status": imm.status or "", "first_entry": imm.first_entry is True,
            "admitted_as": re.sub(r"^([A-Z])(\d)", "\\1\u2011\\2", code) if admitted else "",   # B‑2, unbroken
            "without_inspection": ewi, "paroled": code == "PAR" and not ewi,
            "entry_on_account": imm.last_entry_on_account_of_trafficking is True,
            "present_on_account": imm.present_on_account_of_trafficking is True}


SIGNER = {"survivor": "the applicant", "interpreter": "the interpreter", "translator": "the translator",
          "preparer": "the preparer",
          "representative": "the representative"}


def _sending(b: _Builder, family: list[dict[str, Any]]) -> dict[str, Any]:
    """For the preparer's memo: each form's fee from the pack (with its confidence), who signs each form and where,
    and the dates by which to file so that a family member is still young enough on the filing date."""
    from .rules.inadmissibility import waiver_needed

    case, packs = b.case, b.facts.packs
    entry = load_catalogue().remedies.get(b.remedy_id)
    if entry is None or not entry.forms:
        return {"present": False, "fees": [], "signatures": [], "file_by": []}
    jid = jurisdiction_of(b.remedy_id)
    names = {"survivor": case.survivor.name.full(),
             "interpreter": case.interpreter.name.full() if case.interpreter else "",
             # a document's translator is the statement's (its certificate), not the forms' interpreter
             "translator": (case.statement.translator.name or "") if case.statement and case.statement.translator
             else "",
             "preparer": case.preparer.name.full() if case.preparer else "",
             "representative": (case.representative.name or "") if case.representative else ""}
    fees, signatures = [], []
    for form in entry.forms:
        if form.when == "waiver_needed" and not waiver_needed(case, packs):
            continue
        title = form.title or f"Form {form.form.upper()}"
        if form.fee:
            value = packs.value(jid, form.fee, case.today)
            fees.append({"form": title, "text": _param_text(b, jid, form.fee, value.value) if value else "",
                         "confidence": value.confidence if value else "UNVERIFIED",
                         "cite": "; ".join(s.cite for s in value.sources) if value else f"no {form.fee} in the pack"})
        for who in form.signed_by:
            signatures.append({"what": title, "part": form.sign_parts.get(who, ""), "who": SIGNER[who],
                               "name": names[who]})
    for spec in entry.documents:
        if spec.each == "eligible_family_member" and family and "fee" in spec.parameters:
            value = packs.value(jid, spec.parameters["fee"], case.today)
            if value is not None:
                fees.append({"form": "Form I-914 Supplement A (each family member)",
                             "text": _param_text(b, jid, spec.parameters["fee"], value.value),
                             "confidence": value.confidence, "cite": "; ".join(s.cite for s in value.sources)})
        if spec.where == "filing" and spec.signed_by and spec.each is None:
            for who in spec.signed_by:
                signatures.append({"what": spec.title, "part": "", "who": SIGNER[who], "name": names[who]})
    file_by = []
    principal_dob = case.survivor.date_of_birth
    relies = [m for m in family if m["derivative"] in ("T-4", "T-5")]
    if relies and principal_dob and not b.case.filed_on.get(b.remedy_id) and add_years(principal_dob, 21) > case.today:
        file_by.append({"date": b.date(add_years(principal_dob, 21)), "who": case.survivor.name.full(),
                        "why": "the principal's 21st birthday: after it, " + ", ".join(m["name"] for m in relies)
                               + " (T-4, T-5) qualify only on present danger of retaliation, which must then be "
                                 "proven"})
    on_ages = {"T-3": 21, "T-5": 18}
    for m in family:
        member = case.family[m["index"]]
        limit = on_ages.get(m["derivative"])
        if limit and member.date_of_birth and not b.case.filed_on.get(b.remedy_id):
            file_by.append({"date": b.date(add_years(member.date_of_birth, limit)), "who": m["name"],
                            "why": f"{m['derivative']} needs age under {limit} on the filing date"})
    return {"present": True, "fees": fees, "signatures": signatures, "file_by": file_by}


def _exemption(b: _Builder) -> dict[str, Any]:
    """The facts of an exemption from the cooperation requirement (8 CFR 214.202(c)(1)-(2)) a letter states:
    under 18 at an act of trafficking (the act's date and the age then), or trauma that prevents cooperation."""
    from .rules.checks import minor_at_an_act

    case = b.case
    minor, when, _needs = minor_at_an_act(case)
    dob = case.survivor.date_of_birth
    return {"minor": minor is True, "act_date": b.date(when) if minor else "",
            "age": str(age_on(dob, when)) if minor and dob and when else "",
            "trauma": case.survivor.trauma_prevents_cooperation is True}


def _paragraphs(text: str) -> list[str]:
    return [line.strip() for line in text.splitlines() if line.strip()]


def _statement(b: _Builder) -> dict[str, Any]:
    """The survivor's statement in English: ``sections_en`` when it was told in another language."""
    st = b.case.statement
    empty = {"present": False, "language": "", "language_name": "", "translated": False, "sections": [],
             "translator": {"name": "", "languages": ""}, "_missing": []}
    if st is None or not (st.sections or st.sections_en):
        return empty
    translated = bool(st.language) and not st.language.lower().startswith("en")
    sections, missing = [], []
    for key in dict.fromkeys([*st.sections, *st.sections_en]):
        text = st.sections_en.get(key) if translated else st.sections.get(key, st.sections_en.get(key))
        if not text:
            missing.append(f"statement.sections_en.{key}")
            text = "[" + b.words.word("placeholder") + "]"
        sections.append({"key": key, "title": b.words("section", key).capitalize(), "paragraphs": _paragraphs(text)})
    translator = st.translator
    return {"present": True, "language": st.language or "", "language_name": b.language_name(st.language),
            "translated": translated, "sections": sections,
            "translator": {"name": (translator.name or "") if translator else "",
                           "languages": ", ".join(b.language_name(x) for x in translator.languages) if translator
                           else ""},
            "_missing": missing + (["statement.translator.name"] if translated and not (translator and translator.name)
                                   else [])}


def declaration_of(facts: Facts, remedy_id: str) -> Optional[Any]:
    """The remedy's declaration (declaration.py), when its catalogue has one in the statement's language and the
    case has a statement; computed once per case and remedy."""
    from .declaration import build

    if remedy_id not in facts.declarations:
        spec = next((d for d in load_catalogue().for_remedy(remedy_id).documents
                     if d.language == STATEMENT_LANGUAGE), None)
        data = Path(TEMPLATES_DIR / spec.template).with_suffix(".yml") if spec else None
        coverage = read_data(data) if data and data.is_file() else {}
        country = facts.packs.get(jurisdiction_of(remedy_id)).country or "US"
        facts.declarations[remedy_id] = build(facts.case, coverage, country) if spec else None
    return facts.declarations[remedy_id]


def _declaration(b: _Builder, result: Any) -> dict[str, Any]:
    """The declaration's text for this document: the original, or its English translation for the English
    document of a statement told in another language; the coverage, cites and notes for the memo."""
    decl = declaration_of(b.facts, b.remedy_id)
    if decl is None:
        return {"present": False, "translation": False, "parts": [], "title": "", "subtitle": "", "intro": "",
                "closing": "", "signature": "", "date": "", "page": "Page", "of": "of", "note": "", "signed_note": "",
                "language_name": "",
                "translator": {"name": "", "address": ""}, "coverage": [], "notes": [], "denial_grounds": "",
                "cites": {}, "_missing": [], "_translate": []}
    st = b.case.statement
    translation = decl.translated and b.language.lower().startswith("en")
    text = decl.english if translation else decl.original
    name = b.case.survivor.name.full() or b.words.word("placeholder")
    language_name = formatting.language_name(st.language if st else None, "en")
    fixed = {k: v.format(name=name.upper() if k == "title" else name, language=language_name)
             for k, v in text.fixed.items()}
    translator = st.translator if st else None
    labels = {e.id: e.label for e in result.elements}
    rows, missing = [], []
    order = decl.denial_grounds + [e for e in dict.fromkeys(p.element for p in decl.points)
                                   if e not in decl.denial_grounds]
    for eid in order:
        points = [p for p in decl.points if p.element == eid]
        gaps = [p for p in points if not p.given and not p.optional]
        for p in gaps:
            missing += [m for m in p.missing if m not in missing]
        rows.append({"label": labels.get(eid, eid.replace("_", " ")), "cite": decl.cites.get(eid, ""),
                     "denial": eid in decl.denial_grounds, "complete": not gaps,
                     "given": [p.label for p in points if p.given],
                     "missing": [p.label + (f" (case fields to fill: {', '.join(p.missing)})" if p.missing else "")
                                 for p in gaps]})
    if b.spec is not None and b.spec.where == "preparer":
        b.sources.add("the declaration and its coverage", decl.sources)
    return {"present": True, "translation": translation, "language_name": language_name,
            "parts": [{"heading": part.heading, "paragraphs": [{"n": str(p.n), "text": p.text}
                                                                for p in part.paragraphs]} for part in text.parts],
            "title": fixed.get("title", ""), "subtitle": fixed.get("subtitle", ""), "intro": fixed.get("intro", ""),
            "closing": fixed.get("closing", ""), "signature": fixed.get("signature", ""),
            "date": fixed.get("date", ""), "page": fixed.get("page", ""), "of": fixed.get("of", ""),
            "note": fixed.get("translation_note", ""),
            "signed_note": fixed.get("translation_signed", ""),
            "translator": {"name": (translator.name or "") if translator else "",
                           "address": ", ".join(translator.address.lines()) if translator and translator.address
                           else ""},
            "coverage": rows, "notes": list(decl.notes),
            "denial_grounds": ", ".join(labels.get(e, e) for e in decl.denial_grounds),
            "cites": dict(decl.cites), "_missing": missing, "_translate": list(decl.translate)}


def _losses_total(b: _Builder) -> str:
    totals: dict[str, Decimal] = {}
    for loss in b.case.losses:
        totals[loss.amount.currency] = totals.get(loss.amount.currency, Decimal("0")) + loss.amount.amount
    return " + ".join(b.money(amount, cur) for cur, amount in totals.items())


def _checklist(b: _Builder, view: View) -> list[dict[str, Any]]:
    found = next((r for r in view.checklist.remedies if r.id == b.remedy_id), None)
    if found is None:
        return []
    described = {e.id: e.description or e.kind or e.id for e in b.case.evidence}
    return [{"element": n.element, "label": n.label, "usual": list(n.items),
             "covered": [f"{e}: {described.get(e, e)}" for e in n.covered_by], "alternatives": list(n.alternatives),
             "status": b.words("need_status", n.status), "status_code": n.status, "cites": _cites(n.sources)}
            for n in found.needs]


def _param_text(b: _Builder, jid: str, name: str, value: Any) -> str:
    param = b.facts.packs.parameter(jid, name)
    unit = (param.metadata.unit or "") if param else ""
    if isinstance(value, bool):
        return b.yes_no(value)
    if isinstance(value, (int, Decimal)):
        currency = unit if re.fullmatch(r"[A-Z]{3}", unit) else None
        if currency is None:
            companion = b.facts.packs.value(jid, f"{name}_currency", b.case.today)
            currency = str(companion.value) if companion is not None else None
        if currency:
            return b.money(Decimal(value), currency)
        return f"{value} {unit}".strip()
    return str(value)


def _params(b: _Builder, spec: Optional[DocSpec]) -> ParamMap:
    """The pack parameters the document asks for, on ``as_of``, with their sources."""
    out = ParamMap()
    jid = jurisdiction_of(b.remedy_id)
    for key, name in (spec.parameters if spec else {}).items():
        value = b.facts.packs.value(jid, name, b.case.today)
        if value is None:
            out[key] = _empty_param()
            b.sources.flag(f"parameter {name}", f"not in the {jid} pack (or not in force on {b.case.today})")
            continue
        param = b.facts.packs.parameter(jid, name)
        label = (param.metadata.label if param else None) or name
        b.sources.add(label, value.sources)
        if value.confidence == "UNVERIFIED" and all(s.confidence != "UNVERIFIED" for s in value.sources):
            b.sources.flag(label, f"value {value.value} since {value.since.isoformat()}")
        out[key] = {"present": True, "text": _param_text(b, jid, name, value.value), "value": str(value.value),
                    "lines": _address_lines(str(value.value)) if key.endswith("address") else [],
                    "law": plain_law(value.sources),
                    "since": b.date(value.since), "confidence": value.confidence,
                    "cite": "; ".join(s.cite for s in value.sources)}
    return out


def _address_lines(text: str) -> list[str]:
    """A one-line postal address of a pack as lines: ``A, B, City, ST 12345`` -> A / B / City, ST 12345."""
    parts = [p.strip() for p in text.split(",") if p.strip()]
    if len(parts) >= 3 and re.match(r"^[A-Z]{2} \d{5}", parts[-1]):
        parts[-2:] = [f"{parts[-2]}, {parts[-1]}"]
    return parts


def _restitution(b: _Builder) -> dict[str, Any]:
    """The §1593 figures formatted for the memorandum (computed by rules.restitution, never here)."""
    result, problems = b.facts.restitution
    if result is None:
        out = _no_restitution()
        out["needs"] = problems
        return out
    cur = result.currency

    def m(value: Optional[Decimal]) -> str:
        return b.money(value, cur)

    weeks = [{"start": b.date(w.start), "end": b.date(w.end), "span": _span(b, w.start, w.end), "hours": row["hours"],
              "minimum_wage": " / ".join(m(r) for _d, r in w.rates) or m(w.minimum_wage),
              "overtime_hours": row["overtime_hours"], "value": m(w.value), "wages_credited": m(w.wages_credited),
              "unpaid": m(w.unpaid)}
             for w, row in ((w, w.to_json()) for w in result.weeks)]
    episodes = [{"start": b.date(e.start), "end": b.date(e.end), "sex_industry": e.form == "sex_industry",
                 "employer": ", ".join(t.name for t in b.case.trafficking[e.index].traffickers if t.name),
                 "paid_nothing": e.wages_paid is not None and e.wages_paid == 0,
                 "labor": e.flsa_value is not None, "flsa_value": m(e.flsa_value), "wages_paid": m(e.wages_paid),
                 "flsa_measure": m(e.flsa_measure + e.liquidated) if e.flsa_measure is not None else "",
                 "liquidated": m(e.liquidated) if e.liquidated else "", "gross": m(e.defendant_gross_income),
                 "component": m(e.labor_component), "method": e.method or "",
                 "compared": e.flsa_measure is not None and e.defendant_gross_income is not None}
                for e in result.episodes]
    rates = sorted({(d, r) for w in result.weeks for d, r in w.rates}, key=lambda x: x[0])
    return {"present": True, "weeks": weeks, "week_count": str(len(weeks)), "flsa_value": m(result.flsa_value),
            "episodes": episodes, "wage_credit": result.wage_credit, "liquidated": result.liquidated,
            "wages_credited": m(result.wages_credited), "rates": _rates(b, rates, cur),
            "wages_paid": m(result.wages_paid), "flsa_unpaid": m(result.flsa_unpaid),
            "liquidated_damages": m(result.liquidated_damages),
            "defendant_gross_income": m(result.defendant_gross_income),
            "labor_component": m(result.labor_component), "method": b.words("method", result.method),
            "losses_total": m(result.losses_total), "total": m(result.total), "notes": list(result.notes),
            "warnings": list(result.warnings), "liquidated_note": result.liquidated_applies_note,
            "needs": list(result.needs_information), "confidence": result.confidence}


def _span(b: _Builder, start: dt.date, end: dt.date) -> str:
    """A week as the tables show it: "Jan 7, 2019 – Jan 13, 2019"."""
    return f"{format_date(start, b.locale, 'medium')} – {format_date(end, b.locale, 'medium')}"


def _rates(b: _Builder, used: list[tuple[dt.date, Decimal]], currency: str) -> list[dict[str, str]]:
    """Each minimum wage a computation applied, with the date it took effect (the earliest week it was used in
    may start later): [{"rate": "$7.25", "since": "July 24, 2009"}]."""
    history = b.facts.packs.parameter("us", "minimum_wage")
    since = {Decimal(v.value): v.since for v in history.history()} if history else {}
    seen: dict[Decimal, dict[str, str]] = {}
    for _day, rate in used:
        if rate not in seen:
            seen[rate] = {"rate": b.money(rate, currency), "since": b.date(since.get(rate))}
    return list(seen.values())


def _no_restitution() -> dict[str, Any]:
    return {"present": False, "weeks": [], "week_count": "0", "flsa_value": "", "wages_paid": "", "flsa_unpaid": "",
            "episodes": [], "wage_credit": True, "liquidated": False, "wages_credited": "", "rates": [],
            "liquidated_damages": "", "defendant_gross_income": "", "labor_component": "", "method": "",
            "losses_total": "", "total": "", "notes": [], "warnings": [], "liquidated_note": "", "needs": [],
            "confidence": ""}


def _rate(b: _Builder, value: Optional[str], currency: str) -> str:
    """An hourly rate as the locale writes money, with up to four decimals (a weighted average: $12.6667)."""
    if value is None:
        return ""
    return format_currency(Decimal(value), currency, format="¤#,##0.00##", locale=formatting.locale_of(b.locale),
                           currency_digits=False)


def _restitution_ca(b: _Builder) -> dict[str, Any]:
    """The Penal Code 1202.4 figures formatted for the memorandum (computed by rules.restitution_ca)."""
    result, problems = b.facts.restitution_ca
    if result is None:
        return {**_no_restitution_ca(), "needs": problems}
    cur = result.currency

    def m(value: Optional[Decimal]) -> str:
        return b.money(value, cur)

    weeks = []
    for w in result.weeks:
        row = w.to_json()
        span = _span(b, w.start, w.end)
        weeks.append({"start": b.date(w.start), "end": b.date(w.end), "span": span, "hours": row["hours"],
                      "minimum_wage": " / ".join(m(r) for _d, r in w.rates) or m(w.minimum_wage),
                      "regular_rate": _rate(b, row["regular_rate"], cur), "overtime_hours": row["overtime_hours"],
                      "double_time_hours": row["double_time_hours"], "value": m(w.value),
                      "wages_credited": m(w.wages_credited), "unpaid": m(w.unpaid)})
    episodes = [{"start": b.date(e.start), "end": b.date(e.end), "sex_industry": e.form == "sex_industry",
                 "employer": ", ".join(t.name for t in b.case.trafficking[e.index].traffickers if t.name),
                 "paid_nothing": e.wages_paid is not None and e.wages_paid == 0,
                 "wages_paid": m(e.wages_paid), "wage_law_unpaid": m(e.wage_law_unpaid),
                 "labor": e.wage_law_value is not None, "wage_law_value": m(e.wage_law_value),
                 "wage_law_measure": m(e.wage_law_measure), "gross": m(e.defendant_gross_income),
                 "component": m(e.labor_component), "method": e.method or "",
                 "compared": e.wage_law_measure is not None and e.defendant_gross_income is not None}
                for e in result.episodes]
    counted = {e.index for e in result.episodes}
    defendants = [t.name for i, ep in enumerate(b.case.trafficking) if i in counted for t in ep.traffickers if t.name]
    return {"present": True, "weeks": weeks, "week_count": str(len(weeks)), "episodes": episodes,
            "wage_law_value": m(result.wage_law_value), "wages_paid": m(result.wages_paid),
            "wages_credited": m(result.wages_credited), "wage_law_unpaid": m(result.wage_law_unpaid),
            "defendant_gross_income": m(result.defendant_gross_income),
            "labor_component": m(result.labor_component), "method": b.words("method", result.method),
            "by_defendant_income": result.method == "defendant_income",
            "losses_total": m(result.losses_total), "total": m(result.total),
            "small_employer": any(e.employer == "25_or_fewer" for e in result.episodes),
            "wage_credit": result.wage_credit, "defendants": ", ".join(dict.fromkeys(defendants)),
            "sex_industry": any(e.form in ("sex_industry", "both") for e in result.episodes),
            "needs": list(result.needs_information), "warnings": list(result.warnings)}


def _no_restitution_ca() -> dict[str, Any]:
    return {"present": False, "weeks": [], "week_count": "0", "episodes": [], "wage_law_value": "", "wages_paid": "",
            "wages_credited": "", "wage_law_unpaid": "", "defendant_gross_income": "", "labor_component": "",
            "method": "", "by_defendant_income": False, "losses_total": "", "total": "", "small_employer": False,
            "wage_credit": True, "defendants": "", "sex_industry": False, "needs": [], "warnings": []}


def _collect_sources(b: _Builder, cites: list[str], result: Any, view: View) -> None:
    """Add the sources named by the document's ``cites`` (documents.yml) to its sources list."""
    packs = b.facts.packs
    remedy = packs.remedy(b.remedy_id)
    for entry in cites:
        kind, _, which = entry.partition(":")
        if kind == "remedy":
            b.sources.add(remedy.name, remedy.sources)
        elif kind == "elements" or kind == "element":
            for e in result.elements:
                if not which or e.id == which:
                    b.sources.add(e.label, e.sources)
        elif kind == "evidence" or kind == "checklist":
            for need in remedy.evidence:
                if not which or need.element == which:
                    b.sources.add(f"evidence for {need.element.replace('_', ' ')}", need.sources)
        elif kind == "deadlines":
            for d in view.deadlines.deadlines:
                if d.remedy == b.remedy_id:
                    b.sources.add(d.label, d.sources)
                    if d.confidence == "UNVERIFIED":
                        b.sources.flag(d.label, "the computed date rests on an UNVERIFIED source")
        elif kind == "family":
            for f in view.screening.family:
                if f.for_remedy == b.remedy_id:
                    b.sources.add(f"family member {f.index + 1} ({f.derivative or f.relationship})", f.sources)
        elif kind == "restitution":
            result_r, _problems = b.facts.restitution
            if result_r is not None:
                b.sources.add("restitution", result_r.sources)
                for point in result_r.to_json().get("unverified", []):
                    b.sources.flag("restitution method", point)
        elif kind == "restitution_1202_4":
            result_ca, _problems = b.facts.restitution_ca
            if result_ca is not None:
                b.sources.add("California restitution", result_ca.sources)
                for point in result_ca.to_json()["unverified"]:
                    b.sources.flag("California restitution method", point)


# --- rendering -------------------------------------------------------------------------------------------

def _env() -> jinja2.Environment:
    """Strict: a value a template names but the context lacks is an error, never a silent blank."""
    return jinja2.Environment(undefined=jinja2.StrictUndefined, autoescape=True)


def render(template: Path | str, ctx: dict[str, Any], out_path: Path | str) -> None:
    """Render one DOCX template with ``ctx`` into ``out_path``.

    A template that names an unknown value or has a tag error is an InputError naming the template (the
    message never contains case data).
    """
    from docxtpl import DocxTemplate

    template = Path(template)
    tpl = DocxTemplate(str(template))
    public = {k: v for k, v in ctx.items() if not k.startswith("_")}
    try:
        tpl.render(public, _env(), autoescape=True)
    except jinja2.UndefinedError as err:
        raise InputError([Problem("(template)", f"uses a value the context does not have: {err.message}")],
                         source=str(template)) from None
    except jinja2.TemplateSyntaxError as err:
        raise InputError([Problem("(template)", f"tag error: {err.message}")], source=str(template)) from None
    from .metadata import scrub_docx

    _abbreviation_stops(tpl.docx)
    scrub_docx(tpl.docx)
    tpl.save(str(out_path))


def _abbreviation_stops(doc: Any) -> None:
    """A full stop after a date that ends in an abbreviation ("2026 г.") is dropped: "г.." -> "г."."""
    paragraphs = list(doc.paragraphs)
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                paragraphs.extend(cell.paragraphs)
    for para in paragraphs:
        for run in para.runs:
            if "г.." in run.text:
                run.text = run.text.replace("г..", "г.")


def docx_text(path: Path | str) -> str:
    """All text of a DOCX (paragraphs, then table cells), one paragraph a line: for tests and checks."""
    from docx import Document

    doc = Document(str(path))
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)
