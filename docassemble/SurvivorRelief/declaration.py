"""The T-visa declaration: numbered paragraphs in the survivor's voice, one part per element, and its coverage.

The declaration is usually the main evidence of a T-visa application, so it is built to be read element by
element: the parts of the statement in the order of ``cases.STATEMENT_SECTIONS`` (other parts after), each with
the sentences that state what the case file holds (``words/<language>.yml`` section ``declaration``; a sentence
only where the case holds every fact it names, never a guess) and then the survivor's own words
(``statement.sections``, a paragraph per line). Numbers run through the whole declaration.

When the statement was told in another language there are two texts with the same paragraphs and numbers: the
original (in the survivor's language, which the survivor signs) and its English translation (``sections_en``
and the English sentences). A language without ``declaration`` words gets only the survivor's own words (in
both texts, so they stay aligned); the memo says so.

``coverage`` checks the declaration against the fact points of each element (the YAML beside the declaration
template, e.g. ``templates/us/t_visa_declaration.yml``): for the preparer's memo, never the filing. No
docassemble import.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Optional

from babel.lists import format_list

from . import formatting
from .cases import STATEMENT_SECTIONS, Case, age_on
from .words import load_words

__all__ = ["Declaration", "Paragraph", "Point", "Text", "build", "cite", "languages", "missing_paths"]

ENGLISH = "en"
_CONTROL_MEANS = ("debt_bondage", "document_confiscation", "threats", "isolation")   # why the survivor could not leave
_MEANS = ("force", "fraud", "coercion")                                               # how the work was obtained
_FREE_TEXT = ("occupation", "what", "reason")   # case values typed in English: to translate in an original


def languages() -> list[str]:
    """The languages a declaration can be written in: those whose words file has a ``declaration`` section."""
    from .words import languages as all_languages

    return [lang for lang in all_languages() if load_words(lang).get("declaration")]


def _words(language: str) -> dict[str, Any]:
    return load_words(language.split("-")[0]).get("declaration") or {}


# --- the facts, language-neutral ----------------------------------------------------------------------------

@dataclass
class _Sentence:
    key: str                     # a path in the ``fact`` words: "born_on_in", "means.force", "form.labor"
    values: dict[str, Any] = field(default_factory=dict)   # raw values (dates, country codes, ...), formatted per text


@dataclass
class _Fact:
    """One fact paragraph: its sentences and the element points it covers."""

    section: str
    points: list[tuple[str, str]]            # (element id, point id); point "" only cites the paragraph
    sentences: list[_Sentence]
    last: bool = False                       # after the survivor's own words of the part


@dataclass
class _Place:
    """A place written as its parts joined by commas (city, country), not as a list ("A and B")."""

    parts: list[Any]


def _country_value(code: Optional[str]) -> Optional[tuple[str, str]]:
    return ("country", code) if code else None


def _facts(case: Case) -> list[_Fact]:
    """Every fact paragraph the case supports, by part, in reading order."""
    s = case.survivor
    imm = s.immigration
    out: list[_Fact] = []

    # background: birth, citizenship, status
    born: list[_Sentence] = []
    birth_place = _Place([x for x in (s.city_of_birth, _country_value(s.country_of_birth)) if x])
    if s.date_of_birth and birth_place.parts:
        born.append(_Sentence("born_on_in", {"date": s.date_of_birth, "place": birth_place}))
    elif s.date_of_birth:
        born.append(_Sentence("born_on", {"date": s.date_of_birth}))
    elif birth_place.parts:
        born.append(_Sentence("born_in", {"place": birth_place}))
    status: list[_Sentence] = []
    foreign = [c for c in s.citizenship if c != "US"]
    if foreign:
        status.append(_Sentence("citizen", {"countries": [("country", c) for c in foreign]}))
    if imm.lawful_permanent_resident is False:
        status.append(_Sentence("not_lpr"))
    if born or status:
        points = [("needs_immigration_status", "citizenship")] if foreign else []
        if imm.lawful_permanent_resident is False:
            points.append(("needs_immigration_status", "not_lpr"))
        out.append(_Fact("background", points, born + status))

    # exploitation: each episode, then the means
    means_used: list[str] = []
    for ep in case.trafficking:
        sentences: list[_Sentence] = []
        points: list[tuple[str, str]] = []
        if ep.form:
            sentences.append(_Sentence(f"form.{ep.form.value}"))
            if ep.form.value in ("sex_industry", "both"):
                points.append(("victim_of_severe_trafficking", "purpose"))
        if ep.start and ep.end:
            sentences.append(_Sentence("period", {"start": ep.start, "end": ep.end}))
        elif ep.start:
            sentences.append(_Sentence("period_start", {"start": ep.start}))
        where = _Place([x for x in (ep.place, _country_value(ep.country) if ep.country != "US" else None) if x])
        if where.parts:
            sentences.append(_Sentence("place", {"place": where}))
        names = [t.name for t in ep.traffickers if t.name]
        if names:
            sentences.append(_Sentence("by", {"names": names}))
        if ep.start or where.parts or names:
            points.append(("victim_of_severe_trafficking", "who_where_when"))
        work = ep.work
        if work is not None:
            before = len(sentences)
            if work.occupation:
                sentences.append(_Sentence("occupation", {"occupation": work.occupation}))
            if work.hours_per_week is not None and work.days_per_week:
                sentences.append(_Sentence("hours_days", {"hours": work.hours_per_week, "days": work.days_per_week}))
            elif work.hours_per_week is not None:
                sentences.append(_Sentence("hours", {"hours": work.hours_per_week}))
            elif work.days_per_week:
                sentences.append(_Sentence("days", {"days": work.days_per_week}))
            if work.wages_paid is not None:
                if work.wages_paid.amount == 0:
                    sentences.append(_Sentence("unpaid"))
                else:
                    sentences.append(_Sentence("paid", {"amount": work.wages_paid}))
            if len(sentences) > before:
                points.append(("victim_of_severe_trafficking", "work"))
        if sentences:
            out.append(_Fact("exploitation", points, sentences))
        means_used += [m for m in ep.means if m not in means_used]
    means = [m for m in _MEANS if m in means_used]
    if means:
        out.append(_Fact("exploitation", [("victim_of_severe_trafficking", "means")],
                         [_Sentence(f"means.{m}") for m in means]))

    # the bar (8 CFR 214.202(e)), said of oneself, after the survivor's own account of who they are
    if s.committed_trafficking is False:
        out.append(_Fact("background", [("not_a_perpetrator", "not_perpetrator")], [_Sentence("not_perpetrator")],
                         last=True))

    # purpose: what kept the survivor there
    control = [m for m in _CONTROL_MEANS if m in means_used]
    if control:
        out.append(_Fact("purpose", [("victim_of_severe_trafficking", "purpose"),
                                     ("victim_of_severe_trafficking", "means")],
                         [_Sentence(f"means.{m}") for m in control]))

    # escape: when it ended
    ends = [ep.end for ep in case.trafficking if ep.end]
    if ends and len(ends) == len(case.trafficking):
        out.append(_Fact("escape", [("victim_of_severe_trafficking", "ended")],
                         [_Sentence("ended", {"date": max(ends)})]))

    # presence: entry, and why the survivor is here now
    entry: list[_Sentence] = []
    if imm.last_entry_date and imm.last_entry_place:
        entry.append(_Sentence("entry_on_at", {"date": imm.last_entry_date, "place": imm.last_entry_place}))
    elif imm.last_entry_date:
        entry.append(_Sentence("entry_on", {"date": imm.last_entry_date}))
    elif imm.last_entry_place:
        entry.append(_Sentence("entry_at", {"place": imm.last_entry_place}))
    if entry and imm.first_entry is True:
        entry.append(_Sentence("first_entry"))
    if imm.last_entry_on_account_of_trafficking is True:
        entry.append(_Sentence("entry_because"))
    if entry:
        points = [("physical_presence", "entry"), ("admissibility", "entry")]
        if imm.last_entry_on_account_of_trafficking is True:
            points.append(("physical_presence", "on_account"))
        out.append(_Fact("presence", points, entry))
    if imm.present_on_account_of_trafficking is True:
        out.append(_Fact("presence", [("physical_presence", "on_account")], [_Sentence("present_because")]))

    # cooperation: the report, each contact and each request, or the exemption
    le = case.law_enforcement
    told = ("compliance_with_reasonable_requests", "")
    if le.reported is True:
        out.append(_Fact("cooperation", [told], [_Sentence("reported_on", {"date": le.report_date}) if le.report_date
                                             else _Sentence("reported")]))
    for contact in le.contacts:
        agency = contact.agency or None
        if agency and contact.date and not contact.requests:
            out.append(_Fact("cooperation", [told], [_Sentence("contact", {"agency": agency, "date": contact.date})]))
        for req in contact.requests:
            values: dict[str, Any] = {"agency": agency or ("word", "law_enforcement")}
            key = "request"
            if req.date:
                values["date"] = req.date
            if req.description:
                values["what"] = req.description
            if not req.date:
                key = "request_no_date" if req.description else "request_bare"
            elif not req.description:
                key = "request_no_what"
            sentences = [_Sentence(key, values)]
            if req.complied is True:
                sentences.append(_Sentence("complied"))
            elif req.complied is False:
                sentences.append(_Sentence("refused_because", {"reason": req.reason_not}) if req.reason_not
                                 else _Sentence("refused"))
            out.append(_Fact("cooperation", [("compliance_with_reasonable_requests", "requests")]
                             if req.complied is not None else [told], sentences))
    if _minor_at_an_act(case):
        out.append(_Fact("cooperation", [("compliance_with_reasonable_requests", "exemption")], [_Sentence("minor")]))
    if s.trauma_prevents_cooperation is True:
        out.append(_Fact("cooperation", [("compliance_with_reasonable_requests", "exemption")], [_Sentence("trauma")]))

    # family: each member, where they live, and any danger
    for member in case.family:
        name = member.name.full()
        if not name:
            continue
        # "hijo" or "hija" where the case records the family member's sex; the neutral word otherwise
        sex = (member.sex or "").strip().upper()
        rel = ("relationship", f"{member.relationship}_{sex}" if sex in ("M", "F") else member.relationship)
        sentences = [_Sentence("family_in", {"name": name, "relationship": rel,
                                             "country": ("country", member.location_country)})
                     if member.location_country else _Sentence("family", {"name": name, "relationship": rel})]
        points = [("extreme_hardship", "")]
        if member.in_present_danger is True:
            sentences.append(_Sentence("danger", {"name": name}))
            points.append(("extreme_hardship", "family"))
        out.append(_Fact("family", points, sentences))
    return out


def _minor_at_an_act(case: Case) -> bool:
    """Under 18 when an episode began (8 CFR 214.202(c)(1)): computed from the dates the case holds."""
    dob = case.survivor.date_of_birth
    return bool(dob) and any(ep.start and age_on(dob, ep.start) < 18 for ep in case.trafficking)


# --- the texts ----------------------------------------------------------------------------------------------

@dataclass
class Paragraph:
    n: int
    text: str
    elements: tuple[str, ...]
    own: bool                    # the survivor's own words (not a fact sentence)


@dataclass
class Part:
    key: str
    heading: str
    paragraphs: list[Paragraph]


@dataclass
class Text:
    """One declaration text: its language, fixed wording and numbered parts."""

    language: str
    words_language: str          # the language of its fixed wording (English when the language has no words)
    fixed: dict[str, str]
    parts: list[Part]


@dataclass
class Point:
    element: str
    id: str
    label: str
    given: bool
    optional: bool
    missing: list[str]           # case paths still unknown


@dataclass
class Declaration:
    original: Text
    english: Optional[Text]      # the English translation, when the statement was told in another language
    cites: dict[str, str]        # element id -> "Decl. ¶¶ 4–9"
    points: list[Point]
    notes: list[str]             # for the preparer's memo
    translate: list[str]         # English case values inside the original-language text
    denial_grounds: list[str]
    sources: list[dict[str, str]]

    @property
    def translated(self) -> bool:
        return self.english is not None


def _render_value(value: Any, lang: str, locale: str, words: dict[str, Any]) -> str:
    if isinstance(value, dt.date):
        return formatting.date(value, locale, "long")
    if isinstance(value, tuple):
        kind, code = value
        if kind == "country":
            return str((words.get("country") or {}).get(code) or formatting.country_name(code, locale))
        if kind == "relationship":
            table = words.get("relationship") or {}
            return str(table.get(code) or table.get(code.split("_")[0]) or code.split("_")[0])
        return str(words.get(code) or code)
    if isinstance(value, _Place):
        return ", ".join(_render_value(v, lang, locale, words) for v in value.parts)
    if isinstance(value, list):
        items = [_render_value(v, lang, locale, words) for v in value]
        return format_list(items, locale=formatting.locale_of(locale))
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "currency"):
        return formatting.money(value.amount, value.currency, locale)
    return str(value)


def _sentence(s: _Sentence, lang: str, locale: str, words: dict[str, Any]) -> str:
    template: Any = words.get("fact") or {}
    for part in s.key.split("."):
        template = template.get(part) if isinstance(template, dict) else None
    values = {k: _render_value(v, lang, locale, words) for k, v in s.values.items()}
    return str(template).format(**values)


def _lines(text: Optional[str]) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _section_order(*texts: dict[str, str]) -> list[str]:
    keys = list(dict.fromkeys(k for t in texts for k in t))
    return [k for k in STATEMENT_SECTIONS] + [k for k in keys if k not in STATEMENT_SECTIONS]


def _heading(words: dict[str, Any], key: str) -> str:
    return str((words.get("heading") or {}).get(key) or key.replace("_", " ").capitalize())


def build(case: Case, spec: dict[str, Any], locale_country: str = "US") -> Optional[Declaration]:
    """The declaration of ``case`` (None without a statement), checked against ``spec`` (the coverage YAML)."""
    st = case.statement
    if st is None or not (st.sections or st.sections_en):
        return None
    language = st.language or ENGLISH
    translated = not language.lower().startswith(ENGLISH)
    own_lang = language.split("-")[0]
    has_words = bool(_words(own_lang))
    notes: list[str] = []
    if translated and not has_words:
        notes.append(f"The declaration words are not in {formatting.language_name(language, 'en')} "
                     f"(words/{own_lang}.yml has no 'declaration' section): the declaration holds only the "
                     "survivor's own words (no fact sentences, in either text), and its headings and closing are "
                     "in English. Have them translated before the survivor signs, or add the words.")
    if case.hardship:
        notes.append(f"The case lists {len(case.hardship)} hardship point(s) (hardship), written about the survivor: "
                     "the declaration states harm on removal only in the survivor's own words (part 'fears'); "
                     "check that each point is there.")
    facts = _facts(case) if has_words or not translated else []
    element_sections: dict[str, list[str]] = {
        eid: list(e.get("sections") or []) for eid, e in (spec.get("elements") or {}).items()}
    by_section = {key: [eid for eid, secs in element_sections.items() if key in secs] for key in STATEMENT_SECTIONS}

    originals = st.sections if translated or st.sections else st.sections_en
    texts = [(language if (has_words or not translated) else ENGLISH, originals)]
    if translated:
        texts.append((ENGLISH, st.sections_en))
    order = [k for k in _section_order(st.sections, st.sections_en)]
    # Own words per part, aligned between the two texts: a paragraph per line when both have the same number of
    # lines, else one paragraph each (numbers must match between the original and its translation).
    own: dict[str, list[list[str]]] = {}
    for key in order:
        columns = [_lines(t.get(key)) for _lang, t in texts]
        if translated and columns[0] and not columns[1]:
            notes.append(f"statement.sections_en.{key} is missing: the English translation shows a placeholder "
                         "for that part.")
        if translated and columns[0] and columns[1] and len(columns[0]) != len(columns[1]):
            notes.append(f"statement.sections.{key} and statement.sections_en.{key} have different numbers of "
                         "lines: each is one paragraph in the declaration; split them line for line to number "
                         "them separately.")
            columns = [[" ".join(c)] for c in columns]
        own[key] = columns

    out_texts: list[Text] = []
    english_only: list[tuple[int, str]] = []
    for i, (lang, _source) in enumerate(texts):
        words = _words(lang) or _words(ENGLISH)
        locale = _locale(lang, locale_country)
        parts: list[Part] = []
        n = 0
        for key in order:
            paragraphs: list[Paragraph] = []
            lines = own.get(key, [[]] * len(texts))[i]
            if not lines and i == 1 and own[key][0]:
                lines = [str(load_words(ENGLISH).get("documents", {}).get("placeholder", ""))] * len(own[key][0])
            mine = [f for f in facts if f.section == key]
            for item in [*(f for f in mine if not f.last), *lines, *(f for f in mine if f.last)]:
                n += 1
                if isinstance(item, str):
                    paragraphs.append(Paragraph(n, item, tuple(by_section.get(key, [])), True))
                    continue
                text = " ".join(_sentence(s, lang, locale, words) for s in item.sentences)
                paragraphs.append(Paragraph(n, text, tuple(dict.fromkeys(e for e, _p in item.points)), False))
                if i == 0 and translated:
                    english_only += [(n, str(v)) for s in item.sentences for k, v in s.values.items()
                                     if k in _FREE_TEXT]
            if paragraphs:
                parts.append(Part(key, _heading(words, key), paragraphs))
        fixed = {k: str(v) for k, v in words.items() if isinstance(v, str)}
        fixed.update({f"translation_{k}": str(v) for k, v in (words.get("translation") or {}).items()})
        out_texts.append(Text(lang, lang if _words(lang) else ENGLISH, fixed, parts))

    original = out_texts[0]
    given = {p for f in facts for p in f.points}
    for key, columns in own.items():
        if columns[0]:
            given |= {("words", key)}
    points = _points(case, spec, given)
    cites = {eid: cite([p.n for part in original.parts for p in part.paragraphs if eid in p.elements])
             for eid in element_sections}
    grounds = (spec.get("denial_grounds") or {}).get("elements") or []
    sources = [s for s in [spec.get("statement_source"), (spec.get("denial_grounds") or {}).get("source"),
                           spec.get("translation_source") if translated else None] if s]
    sources += [e["source"] for e in (spec.get("elements") or {}).values() if e.get("source")]
    translate = [f"Declaration ({formatting.language_name(language, 'en')} original), ¶ {n}: \"{value}\" is in "
                 "English in the case file; translate it in the original before the survivor signs"
                 for n, value in english_only]
    return Declaration(original, out_texts[1] if translated else None, cites, points, notes, translate,
                       list(grounds),
                       [{"cite": str(s["cite"]), "confidence": str(s["confidence"])} for s in sources])


def _locale(language: str, country: str) -> str:
    base = language.replace("-", "_")
    candidate = f"{base}_{country}" if "_" not in base and country else base
    try:
        formatting.locale_of(candidate)
        return candidate
    except Exception:  # noqa: BLE001 - an unknown pair falls back to the language (InputError from formatting)
        return base


def cite(numbers: list[int]) -> str:
    """Paragraph numbers as a declaration cite: ``[4, 5, 6, 9]`` -> ``Decl. ¶¶ 4–6, 9``; none -> ""."""
    if not numbers:
        return ""
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    text = ", ".join(f"{a}–{b}" if b > a else str(a) for a, b in runs)
    return f"Decl. ¶ {text}" if len(runs) == 1 and runs[0][0] == runs[0][1] else f"Decl. ¶¶ {text}"


# --- coverage -----------------------------------------------------------------------------------------------

_STEP = re.compile(r"([a-z_]+)(\[\])?")


def missing_paths(case: Case, path: str) -> list[str]:
    """The concrete case paths of ``path`` that hold nothing (``[]`` walks every item of a list; an empty list is
    itself missing): ``trafficking[].place`` -> ``["trafficking[1].place"]``."""
    nodes: list[tuple[str, Any]] = [("", case)]
    missing: list[str] = []
    for step in path.split("."):
        m = _STEP.fullmatch(step)
        if m is None:
            raise ValueError(path)
        name, each = m.groups()
        nxt: list[tuple[str, Any]] = []
        for where, node in nodes:
            here = f"{where}.{name}" if where else name
            value = getattr(node, name, None)
            if value is None or value == [] or value == "":
                missing.append(here)
            elif each:
                nxt += [(f"{here}[{i}]", item) for i, item in enumerate(value)]
            else:
                nxt.append((here, value))
        nodes = nxt
    return missing


def _points(case: Case, spec: dict[str, Any], given: set[tuple[str, str]]) -> list[Point]:
    out: list[Point] = []
    for eid, element in (spec.get("elements") or {}).items():
        rows = element.get("points") or []
        done = {p["id"]: (eid, p["id"]) in given or (bool(p.get("words")) and ("words", p["words"]) in given)
                for p in rows}
        for p in rows:
            ok = done[p["id"]] or bool(p.get("or") and done.get(p["or"]))
            missing: list[str] = []
            if not ok:
                for path in p.get("facts") or []:
                    missing += [m for m in missing_paths(case, path) if m not in missing]
                if p.get("words"):
                    missing.append(f"statement.sections.{p['words']}")
            out.append(Point(eid, p["id"], str(p["label"]), ok, bool(p.get("optional")), missing))
    return out
