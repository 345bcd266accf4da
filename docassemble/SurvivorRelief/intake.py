"""The case told once in an interview: plain answers in, a checked case file out.

The guided interview (interviews/intake.yml) keeps simple variables and hands them here as one plain
mapping (``ANSWERS`` lists its keys). ``case_from_answers`` builds the same case file the CLI reads and
checks it with the CLI's own checks (``cases.parse_case`` and ``cases.semantic_problems``); each problem
comes back naming the answer it is about, in words a person understands. This module does not import
docassemble, so the CLI and tests use it directly.

"I prefer not to answer" (``prefer_not``), a blank answer and ``None`` all mean unknown: the field stays
empty in the case and later commands report it as information still needed.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, get_args

import yaml
from babel import Locale

from .cases import Case, Means, parse_case, read_data, semantic_problems
from .errors import InputError, Problem

__all__ = ["PREFER_NOT", "STATEMENT_SECTIONS", "answer_problems", "asked", "case_file_name", "case_from_answers",
           "case_yaml", "chosen", "country_options", "currency_for", "currency_options", "element_options",
           "episode_problems", "evidence_labels", "family_parent_options", "help_place_options", "intake_results",
           "item_answers", "item_problems", "language_options", "load_case_file", "loss_options", "new_case_id",
           "place_country", "place_options", "remedy_options"]

PREFER_NOT = "prefer_not"
YES_NO = {"yes": True, "no": False}
MEANS: tuple[str, ...] = get_args(Means)
STATEMENT_SECTIONS = ("recruitment", "exploitation", "escape", "cooperation", "presence", "fears")

# Answer key -> case field path, for the answers about the survivor and the matter.
ANSWERS: dict[str, str] = {
    "case_id": "case_id",
    "as_of": "as_of",
    "locale": "locale",
    "jurisdictions": "jurisdictions",
    "first_name": "survivor.name.first",
    "middle_name": "survivor.name.middle",
    "last_name": "survivor.name.last",
    "pronouns": "survivor.pronouns",
    "date_of_birth": "survivor.date_of_birth",
    "sex": "survivor.sex",
    "gender": "survivor.gender",
    "country_of_birth": "survivor.country_of_birth",
    "city_of_birth": "survivor.city_of_birth",
    "citizenship": "survivor.citizenship",
    "languages": "survivor.languages",
    "a_number": "survivor.a_number",
    "ssn": "survivor.ssn",
    "home_address": "survivor.contact.physical_address",
    "mailing_address": "survivor.contact.safe_mailing_address",
    "phone": "survivor.contact.phone",
    "email": "survivor.contact.email",
    "safe_to_call": "survivor.contact.safe_to_call",
    "present_in": "survivor.immigration.present_in",
    "last_entry_date": "survivor.immigration.last_entry_date",
    "last_entry_place": "survivor.immigration.last_entry_place",
    "immigration_status": "survivor.immigration.status",
    "i94_number": "survivor.immigration.i94_number",
    "passport_number": "survivor.immigration.passport_number",
    "passport_country": "survivor.immigration.passport_country",
    "present_because_of_trafficking": "survivor.immigration.present_on_account_of_trafficking",
    "in_removal_proceedings": "survivor.immigration.in_removal_proceedings",
    "lawful_permanent_resident": "survivor.immigration.lawful_permanent_resident",
    "dublin_procedure": "survivor.immigration.dublin_procedure",
    "unaccompanied": "survivor.immigration.unaccompanied",
    "trauma_prevents_cooperation": "survivor.trauma_prevents_cooperation",
    "substantial_abuse": "survivor.substantial_abuse",
    "committed_trafficking": "survivor.committed_trafficking",
    "reported": "law_enforcement.reported",
    "report_date": "law_enforcement.report_date",
    "crime_reference": "law_enforcement.crime_reference",
    "supplement_b": "law_enforcement.supplement_b",
    "u_certification": "law_enforcement.u_certification",
    "continued_presence": "law_enforcement.continued_presence",
    "criminal_case_status": "law_enforcement.criminal_case.status",
    "criminal_case_forum": "law_enforcement.criminal_case.forum",
    "criminal_court": "law_enforcement.criminal_case.court",
    "criminal_case_number": "law_enforcement.criminal_case.case_number",
    "final_court_act_date": "law_enforcement.criminal_case.final_court_act_date",
    "inadmissibility": "inadmissibility",
    "hardship": "hardship",
    "statement_language": "statement.language",
    **{f"statement_{s}": f"statement.sections.{s}" for s in STATEMENT_SECTIONS},
    **{f"statement_en_{s}": f"statement.sections_en.{s}" for s in STATEMENT_SECTIONS},
    "translator_name": "statement.translator.name",
    "translator_languages": "statement.translator.languages",
    "rep_name": "representative.name",
    "rep_organization": "representative.organization",
    "rep_bar_number": "representative.bar_number",
    "rep_bar_state": "representative.bar_state",
    "rep_email": "representative.email",
    "rep_phone": "representative.phone",
    "rep_accredited": "representative.accredited",
    "rep_address": "representative.address",
    "filings": "filings",
}
# Answer key inside one item of ``episodes`` -> field path inside ``trafficking[n]``.
EPISODE_ANSWERS: dict[str, str] = {
    "form": "form",
    "start": "start",
    "end": "end",
    "jurisdiction": "jurisdiction",
    "country": "country",
    "place": "place",
    "means": "means",
    "hours_per_week": "work.hours_per_week",
    "days_per_week": "work.days_per_week",
    "occupation": "work.occupation",
    "wages_paid": "work.wages_paid.amount",
    "currency": "work.wages_paid.currency",
    "defendant_gross_income": "work.defendant_gross_income.amount",
    "gross_currency": "work.defendant_gross_income.currency",
}


@dataclass(frozen=True)
class ListSpec:
    """A repeated answer (a docassemble DAList): where its items go in the case and how each item maps."""

    path: str
    fields: Mapping[str, str]
    lists: Mapping[str, ListSpec] = field(default_factory=dict)
    extra: tuple[str, ...] = ()  # answers an item holds that are not a field of its own (evidence -> losses)


_simple = {k: k for k in ("agency", "level", "date", "case_number", "officer", "email", "address")}
LISTS: dict[str, ListSpec] = {
    "other_names": ListSpec("survivor.other_names", {"first": "first", "middle": "middle", "last": "last"}),
    "episodes": ListSpec("trafficking", EPISODE_ANSWERS, {
        "traffickers": ListSpec("traffickers", {"name": "name", "kind": "kind", "relationship": "relationship"})}),
    "identifications": ListSpec("identification", {k: k for k in ("kind", "date", "authority", "positive")}),
    "le_contacts": ListSpec("law_enforcement.contacts", _simple, {
        "requests": ListSpec("requests", {k: k for k in ("date", "description", "complied", "reason_not")})}),
    "losses": ListSpec("losses", {"kind": "kind", "amount": "amount.amount", "currency": "amount.currency",
                                  "date": "date", "description": "description", "evidence": "evidence"}),
    "family": ListSpec("family", {"relationship": "relationship", "first_name": "name.first",
                                  "last_name": "name.last", "date_of_birth": "date_of_birth", "married": "married",
                                  "location_country": "location_country", "in_present_danger": "in_present_danger",
                                  "child_of": "child_of"}),
    "evidence": ListSpec("evidence", {k: k for k in ("id", "kind", "description", "file", "language",
                                                     "translation_file", "date", "supports")}, extra=("losses",)),
}
LIST_ANSWERS = ("jurisdictions", "citizenship", "languages", "translator_languages", "means", "supports", "evidence",
                "filings")
# Lists where "asked, none" ([]) differs from "not asked" (None): None is left out, [] is kept.
ASKED_LISTS = ("inadmissibility", "hardship")
ADDRESSES = ("home_address", "mailing_address", "rep_address", "address")
ADDRESS_PARTS = ("in_care_of", "street", "unit", "city", "region", "postal_code", "country")
LOWER_CASE = ("present_in",)  # a place id as the contract writes it (us, gb)
UPPER_CASE = ("country", "location_country", "passport_country", "country_of_birth")
TRI_STATE = ("safe_to_call", "present_because_of_trafficking", "trauma_prevents_cooperation", "reported",
             "in_removal_proceedings", "lawful_permanent_resident", "dublin_procedure", "unaccompanied",
             "substantial_abuse", "committed_trafficking", "rep_accredited", "complied",
             "married", "in_present_danger", "positive")
# A currency answer goes with the amount it measures; without the amount it is left out.
CURRENCY_OF = {"currency": ("wages_paid", "amount"), "gross_currency": ("defendant_gross_income",)}

# Plain words for the checks' messages: (answer key pattern, check message pattern) -> text per language.
PLAIN: list[tuple[str, str, dict[str, str]]] = [
    (r"end$", r"^before start", {
        "en": "The end date is before the start date. Please check both dates.",
        "es": "La fecha del final es anterior a la fecha del comienzo. Revise las dos fechas."}),
    (r"start$", r"^after as_of", {
        "en": "This date is in the future. Please check it.",
        "es": "Esta fecha está en el futuro. Revísela."}),
    (r"date_of_birth$", r"^after the start", {
        "en": "The date of birth is after the date this started. Please check both dates.",
        "es": "La fecha de nacimiento es posterior a la fecha del comienzo. Revise las dos fechas."}),
    (r"date_of_birth$", r"^after as_of", {
        "en": "The date of birth is in the future. Please check it.",
        "es": "La fecha de nacimiento está en el futuro. Revísela."}),
    (r"requests\[\d+\]\.date$", r"^before the first contact", {
        "en": "This date is before the date you first talked to them. Please check both dates.",
        "es": "Esta fecha es anterior a la fecha en que habló con ellos por primera vez. Revise las dos fechas."}),
    (r"hours_per_week$", r"hours a week is impossible", {
        "en": "A week has only 168 hours. Please give a number from 0 to 168.",
        "es": "Una semana tiene solo 168 horas. Escriba un número de 0 a 168."}),
    (r"hours_per_week$", r"", {
        "en": "Please give the hours as a number, for example 60.",
        "es": "Escriba las horas como un número, por ejemplo 60."}),
    (r"days_per_week$", r"", {
        "en": "A week has 7 days. Please give a number from 1 to 7.",
        "es": "Una semana tiene 7 días. Escriba un número de 1 a 7."}),
    (r"wages_paid$", r"^negative amount", {
        "en": "The amount cannot be less than zero. Write 0 if you were paid nothing.",
        "es": "La cantidad no puede ser menor que cero. Escriba 0 si no le pagaron nada."}),
    (r"(amount|defendant_gross_income)$", r"^negative amount", {
        "en": "The amount cannot be less than zero. Please check it.",
        "es": "La cantidad no puede ser menor que cero. Revísela."}),
    (r"amount$", r"required", {
        "en": "Please give the amount. A close guess is fine.",
        "es": "Escriba la cantidad. Un cálculo aproximado está bien."}),
    (r"(wages_paid|amount|defendant_gross_income)$", r"", {
        "en": "Please give the amount as a number, for example 1500.",
        "es": "Escriba la cantidad como un número, por ejemplo 1500."}),
    (r"currency$", r"", {
        "en": "Please choose a currency from the list.",
        "es": "Elija una moneda de la lista."}),
    (r"jurisdiction", r"^unknown jurisdiction", {
        "en": "Please choose a place from the list.",
        "es": "Elija un lugar de la lista."}),
    (r"child_of$", r"", {
        "en": "Please choose a family member from the list.",
        "es": "Elija a un familiar de la lista."}),
    (r"evidence_order$", r"", {
        "en": "Please list each number once, for example 3, 1, 2.",
        "es": "Escriba cada número una vez, por ejemplo 3, 1, 2."}),
    (r"", r"required", {
        "en": "Please answer this question.",
        "es": "Responda esta pregunta."}),
]
FALLBACK = {"en": "This answer does not look right. Please check it.",
            "es": "Esta respuesta no parece correcta. Revísela."}


def new_case_id() -> str:
    """A case id that never holds the survivor's name (it is used in file names)."""
    return f"intake-{secrets.token_hex(4)}"


def unknown(value: Any) -> bool:
    """Blank, None and "prefer not to answer" all mean the fact is unknown."""
    return value is None or value == PREFER_NOT or (isinstance(value, str) and not value.strip())


def _date(value: Any) -> Any:
    """Interview dates arrive as datetimes (docassemble's DADateTime); the case wants calendar days."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value


def _items(value: Any) -> list[Any]:
    """A list answer: a list, one value, text with one item a line, or checkboxes (a mapping of choice -> bool)."""
    if value is None:
        return []
    if isinstance(value, str):
        return [line for line in value.splitlines()] if "\n" in value else [value]
    if isinstance(value, Mapping):
        return [k for k, v in value.items() if v]
    return list(value)


def _value(key: str, value: Any) -> Any:
    """One answer as the case holds it; None when unknown (left out of the case)."""
    if key in ASKED_LISTS:
        return None if value is None or value == PREFER_NOT else \
            [v.strip() if isinstance(v, str) else v for v in _items(value) if not unknown(v)]
    if key in LIST_ANSWERS:
        items = [v.strip() if isinstance(v, str) else v for v in _items(value) if not unknown(v)]
        if key == "means":  # checkboxes come back in any order; the case lists means in the contract's order
            items.sort(key=lambda m: MEANS.index(m) if m in MEANS else len(MEANS))
        return list(dict.fromkeys(items)) or None
    if key in ADDRESSES:
        told = {p: _part(value, p) for p in ADDRESS_PARTS}
        parts = {p: _value("country" if p == "country" else "", v) for p, v in told.items()}
        return {p: v for p, v in parts.items() if v is not None} or None
    if unknown(value):
        return None
    if key in TRI_STATE:
        return YES_NO.get(value, value)
    if key == "child_of" and isinstance(value, (str, float)) and re.fullmatch(r"\d+(\.0)?", str(value).strip()):
        return int(float(value))
    if isinstance(value, str):
        value = value.strip()
        return value.lower() if key in LOWER_CASE else value.upper() if key in UPPER_CASE else value
    return _date(value)


def _part(value: Any, name: str) -> Any:
    """A part of an address told as a mapping or as an object with attributes (docassemble's DAObject)."""
    if value is None:
        return None
    return _get(value, name) if _has(value, name) else None


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def _item(answers: Mapping[str, Any], spec: ListSpec) -> dict[str, Any]:
    """One list item (an episode, a loss ...) as case data."""
    out: dict[str, Any] = {}
    for key, path in spec.fields.items():
        value = _value(key, answers.get(key))
        if value is None or (key in CURRENCY_OF and all(unknown(answers.get(a)) for a in CURRENCY_OF[key])):
            continue
        _put(out, path, value)
    for key, nested in spec.lists.items():
        items = answers.get(key) or []
        if items:
            _put(out, nested.path, [_item(i, nested) for i in items])
    return out


def evidence_order(order: Any, count: int) -> Optional[list[int]]:
    """Positions (0-based) from an order answer such as "3, 1, 2"; None when it is blank or not each number once."""
    if unknown(order):
        return list(range(count))
    numbers = re.findall(r"-?\d+", str(order)) if isinstance(order, str) else [str(n) for n in order]
    if sorted(int(n) for n in numbers) != list(range(1, count + 1)):
        return None
    return [int(n) - 1 for n in numbers]


def _evidence(items: list[Mapping[str, Any]], order: Any) -> list[dict[str, Any]]:
    """Evidence items in filing order, with ids (e1, e2 ... in the order told; an id already given is kept)."""
    given = {i.get("id") for i in items if not unknown(i.get("id"))}
    out, n = [], 0
    for item in items:
        data = _item(item, LISTS["evidence"])
        if "id" not in data:
            n += 1
            while f"e{n}" in given:
                n += 1
            data["id"] = f"e{n}"
        out.append(data)
    positions = evidence_order(order, len(out)) or list(range(len(out)))
    return [out[p] for p in positions]


def _link_losses(losses: list[dict[str, Any]], items: list[Mapping[str, Any]], ids: list[str]) -> None:
    """A document told to show costs (``losses``: their numbers, from 1) is listed in each such loss's evidence."""
    for item, eid in zip(items, ids, strict=True):
        for n in _items(item.get("losses")):
            k = int(n) - 1 if str(n).strip().isdigit() else -1
            if 0 <= k < len(losses) and eid not in losses[k].setdefault("evidence", []):
                losses[k]["evidence"].append(eid)


def case_data(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The case file (as plain data) these answers describe; unknown answers are left out."""
    data: dict[str, Any] = {}
    for key, path in ANSWERS.items():
        if key in answers:
            value = _value(key, answers[key])
            if value is not None:
                _put(data, path, value)
    for key, spec in LISTS.items():
        items = answers.get(key) or []
        if key == "evidence" and items:
            data["evidence"] = _evidence(items, answers.get("evidence_order"))
        elif items:
            _put(data, spec.path, [_item(i, spec) for i in items])
    if answers.get("evidence"):
        told = [e["id"] for e in _evidence(answers["evidence"], None)]
        _link_losses(data.get("losses", []), answers["evidence"], told)
    data.setdefault("case_id", new_case_id())
    return data


_PATHS = {path: key for key, path in ANSWERS.items()}


def _item_key(spec: ListSpec, rest: str) -> str:
    """``rest`` (a path inside one case item) -> the answer key inside the item, with a leading dot."""
    if not rest:
        return ""
    for key, nested in spec.lists.items():
        match = re.match(rf"^{re.escape(nested.path)}\[(\d+)\]\.?(.*)$", rest)
        if match:
            return f".{key}[{match.group(1)}]" + _item_key(nested, match.group(2))
    for key, path in spec.fields.items():
        if rest == path or rest.startswith((path + ".", path + "[")):
            return f".{key}"
    for key, path in spec.fields.items():  # a whole part (``amount``) stands for its first answer
        if path.startswith(rest + "."):
            return f".{key}"
    return ""


def answer_key(case_path: str) -> str:
    """The answer a case field path comes from: ``trafficking[0].end`` -> ``episodes[0].end``."""
    for key, spec in LISTS.items():
        match = re.match(rf"^{re.escape(spec.path)}\[(\d+)\]\.?(.*)$", case_path)
        if match:
            return f"{key}[{match.group(1)}]" + _item_key(spec, match.group(2))
    bare = re.sub(r"\[\d+\]$", "", case_path)
    for path, key in _PATHS.items():
        if bare == path or bare.startswith(path + "."):
            return key
    return case_path


def plain(key: str, message: str, language: str = "en") -> str:
    """The check's message for one answer, in plain words in the interview's language."""
    for key_pattern, message_pattern, texts in PLAIN:
        if re.search(key_pattern, key) and re.search(message_pattern, message):
            return texts.get(language, texts["en"])
    return FALLBACK.get(language, FALLBACK["en"])


def _known(known_jurisdictions: Optional[Iterable[str]]) -> list[str]:
    if known_jurisdictions is None:
        from .packs import load_packs

        return load_packs().ids()
    return list(known_jurisdictions)


def answer_problems(answers: Mapping[str, Any], known_jurisdictions: Optional[Iterable[str]] = None,
                    language: str = "en") -> list[Problem]:
    """Every problem the CLI's checks find in these answers; each names its answer key, in plain words.

    ``known_jurisdictions`` defaults to the packs' ids, as for ``survivorrelief check``.
    """
    known_jurisdictions = _known(known_jurisdictions)
    found: list[Problem] = []
    if evidence_order(answers.get("evidence_order"), len(answers.get("evidence") or [])) is None:
        found.append(Problem("evidence_order", "not each number once"))
    try:
        case = parse_case(case_data(answers), source="(interview)")
    except InputError as err:
        found += err.problems
    else:
        found += semantic_problems(case, known_jurisdictions)
    out: list[Problem] = []
    for problem in found:
        key = answer_key(problem.path)
        fixed = Problem(key, plain(key, problem.message, language))
        if fixed not in out:
            out.append(fixed)
    return out


def item_problems(list_key: str, item: Mapping[str, Any], language: str = "en",
                  known_jurisdictions: Optional[Iterable[str]] = None, **context: Any) -> list[Problem]:
    """Problems with one item of a repeated answer (a loss, a contact ...); paths are keys inside the item.

    ``context`` adds other answers the checks compare with, e.g. ``date_of_birth`` or ``as_of``.
    """
    prefix = f"{list_key}[0]."
    out = []
    for p in answer_problems({**context, list_key: [item]}, known_jurisdictions, language):
        if p.path.startswith(prefix):
            out.append(Problem(p.path[len(prefix):], p.message))
        elif p.path == "date_of_birth" and list_key == "episodes":
            out.append(Problem("start", p.message))
    return out


def episode_problems(episode: Mapping[str, Any], date_of_birth: Any = None, as_of: Any = None,
                     language: str = "en", known_jurisdictions: Optional[Iterable[str]] = None) -> list[Problem]:
    """Problems with one episode (checked with the date of birth); paths are episode keys (``end``)."""
    return item_problems("episodes", episode, language, known_jurisdictions, date_of_birth=date_of_birth,
                         as_of=as_of)


def case_from_answers(answers: Mapping[str, Any], known_jurisdictions: Optional[Iterable[str]] = None,
                      language: str = "en") -> Case:
    """Build and check the case; raise InputError listing every problem by answer key, in plain words."""
    problems = answer_problems(answers, known_jurisdictions, language)
    if problems:
        raise InputError(problems, source="(interview)")
    return parse_case(case_data(answers), source="(interview)")


def item_answers(item: Any, list_key: str) -> dict[str, Any]:
    """The answers one interview list item holds (a docassemble DAObject), by the keys of ``LISTS[list_key]``.

    ``list_key`` names a nested list with a dot: ``episodes.traffickers``.

    Attributes never asked are left out (unknown); nested lists (a contact's requests) come along.
    """
    first, *nested = list_key.split(".")
    spec = LISTS[first]
    for key in nested:
        spec = spec.lists[key]
    return _item_answers(item, spec)


def _item_answers(item: Any, spec: ListSpec) -> dict[str, Any]:
    out = {key: _plain_value(_get(item, key)) for key in (*spec.fields, *spec.extra) if _has(item, key)}
    for key, nested in spec.lists.items():
        if _has(item, key):
            out[key] = [_item_answers(i, nested) for i in _get(item, key)]
    return out


def _get(item: Any, key: str) -> Any:
    return item[key] if isinstance(item, Mapping) else getattr(item, key)


def asked(obj: Any, attribute: str) -> Any:
    """``obj`` once ``obj.attribute`` is known: reading it makes docassemble ask the question that sets it."""
    getattr(obj, attribute)
    return obj


def _plain_value(value: Any) -> Any:
    """Checkboxes (docassemble's DADict) -> the list of checked choices; anything else as it is."""
    return chosen(value) if hasattr(value, "true_values") else value


def chosen(checkboxes: Any) -> list[str]:
    """The checked choices of a checkboxes answer (docassemble's DADict, or a mapping of choice -> bool).

    Not ``DADict.true_values()``: that builds a DAList, which names itself by inspecting the call stack and
    costs tens of milliseconds on every screen.
    """
    return [key for key, value in checkboxes.items() if value]


def _has(item: Any, key: str) -> bool:
    if isinstance(item, Mapping):
        return key in item
    return key in vars(item)


# --- choices the interview offers (value -> label, in the interview's language) ---------------------

WORDS = {
    PREFER_NOT: {"en": "I prefer not to answer", "es": "Prefiero no responder"},
    "elsewhere": {"en": "Somewhere else", "es": "En otro lugar"},
    "not_child": {"en": "No, or not known", "es": "No, o no se sabe"},
    "identity": {"en": "Identity and age (every filing)", "es": "Identidad y edad (todas las solicitudes)"},
}
LOSS_WORDS = {
    "medical": {"en": "medical care", "es": "atención médica"},
    "counseling": {"en": "counseling", "es": "terapia"},
    "lost_income": {"en": "lost pay", "es": "pago perdido"},
    "relocation": {"en": "moving", "es": "mudanza"},
    "housing": {"en": "housing", "es": "vivienda"},
    "legal": {"en": "legal help", "es": "ayuda legal"},
    "childcare": {"en": "child care", "es": "cuidado de niños"},
    "other": {"en": "other cost", "es": "otro gasto"},
}
_NOT_COUNTRIES = {"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"}


def _word(key: str, language: str) -> dict[str, str]:
    value = PREFER_NOT if key == "not_child" else key
    return {value: WORDS[key].get(language, WORDS[key]["en"])}


def country_options(language: str = "en") -> list[dict[str, str]]:
    """"I prefer not to answer", then every country by ISO 3166-1 alpha-2 code, sorted by its local name."""
    names = Locale.parse(language).territories
    pairs = sorted(((code, name) for code, name in names.items()
                    if re.fullmatch(r"[A-Z]{2}", code) and code not in _NOT_COUNTRIES), key=lambda p: p[1].casefold())
    return [_word(PREFER_NOT, language)] + [{code: name} for code, name in pairs]


def help_place_options() -> list[dict[str, str]]:
    """The places the packs cover (a country or a state in it); not the Council of Europe or the EU."""
    from .packs import load_packs

    return [{pack.id: pack.name} for pack in load_packs() if pack.country]


def place_options(language: str = "en") -> list[dict[str, str]]:
    """Where something happened: a place the packs cover, somewhere else, or no answer."""
    return help_place_options() + [_word("elsewhere", language), _word(PREFER_NOT, language)]


def place_country(place: Any) -> Optional[str]:
    """The country (ISO alpha-2) of a place the packs cover; None for anything else."""
    from .packs import load_packs

    packs = load_packs()
    return packs.get(place).country if isinstance(place, str) and place in packs else None


def currency_options(language: str = "en") -> list[dict[str, str]]:
    """The currencies of the places the packs cover, named in the interview's language."""
    from .packs import load_packs

    names = Locale.parse(language).currencies
    codes = sorted({pack.currency for pack in load_packs() if pack.currency})
    return [{code: f"{names.get(code, code)} ({code})"} for code in codes]


def currency_for(jurisdictions: Iterable[str]) -> str:
    """The currency of the first chosen place, to suggest for money answers (USD when none is known)."""
    from .packs import load_packs

    packs = load_packs()
    for jid in jurisdictions:
        if jid in packs and packs.get(jid).currency:
            return packs.get(jid).currency
    return "USD"


def language_options(language: str = "en") -> list[dict[str, str]]:
    """"I prefer not to answer", then every language with a two-letter code (BCP 47), named in ``language``."""
    names = Locale.parse(language).languages
    pairs = sorted(((code, name) for code, name in names.items() if re.fullmatch(r"[a-z]{2}", code)),
                   key=lambda p: p[1].casefold())
    return [_word(PREFER_NOT, language)] + [{code: name} for code, name in pairs]


def family_parent_options(family: Any, index: int, language: str = "en") -> list[dict[str, str]]:
    """For ``family[index].child_of``: "no", then each family member told before, by position (0, 1 ...)."""
    members = list(getattr(family, "elements", family))[:index]
    out = [_word("not_child", language)]
    for n, member in enumerate(members):
        answers = member if isinstance(member, Mapping) else _item_answers(member, LISTS["family"])
        name = " ".join(str(answers.get(k)) for k in ("first_name", "last_name") if not unknown(answers.get(k)))
        out.append({str(n): name or f"{n + 1}. {answers.get('relationship', '')}"})
    return out


def loss_options(losses: Iterable[Any], language: str = "en") -> list[dict[str, str]]:
    """The costs told, by number from 1 (``evidence[].losses``): "1. 850 USD, description"."""
    out = []
    for n, loss in enumerate(losses, start=1):
        answers = loss if isinstance(loss, Mapping) else _item_answers(loss, LISTS["losses"])
        kind = LOSS_WORDS.get(answers.get("kind"), {})
        about = answers.get("description") if not unknown(answers.get("description")) else kind.get(language)
        money = f"{n}. {answers.get('amount')} {answers.get('currency')}"
        out.append({str(n): money + (f", {about}" if about else "")})
    return out


def remedy_options(jurisdictions: Iterable[str]) -> list[dict[str, str]]:
    """The remedies of the chosen places and the places above them (federal, EU ...), id -> name."""
    from .packs import load_packs

    packs = load_packs()
    chosen = packs.with_ancestors([j for j in jurisdictions if j in packs])
    return [{rid: remedy.name} for jid in chosen for rid, remedy in packs.get(jid).remedies.items()]


def element_options(jurisdictions: Iterable[str], language: str = "en") -> list[dict[str, str]]:
    """The legal elements a document can support (``evidence[].supports``), id -> "element (remedy)".

    First ``identity`` (identity and age), which every filing needs (legal-facts D1, D2)."""
    from .packs import load_packs

    packs = load_packs()
    out = {"identity": WORDS["identity"].get(language, WORDS["identity"]["en"])}
    for option in remedy_options(jurisdictions):
        (rid, name), = option.items()
        for element in packs.remedy(rid).elements:
            out.setdefault(element.id, f"{element.label} ({name})")
    return [{eid: label} for eid, label in out.items()]


def evidence_labels(items: Iterable[Any]) -> list[str]:
    """"1. description" for each document told, in the order told (for choosing the filing order)."""
    out = []
    for n, item in enumerate(items, start=1):
        answers = item if isinstance(item, Mapping) else _item_answers(item, LISTS["evidence"])
        text = answers.get("description") if not unknown(answers.get("description")) else answers.get("kind")
        out.append(f"{n}. {text or '?'}")
    return out


# --- the case as a file: download, and upload to go on ------------------------------------------------

FILE_WORDS = {
    "unreadable": {"en": "We cannot read this file. Please upload the case file (.case.yml) you saved.",
                   "es": "No podemos leer este archivo. Suba el archivo del caso (.case.yml) que guardó."},
    "missing": {"en": "Something needed is missing here.", "es": "Aquí falta algo necesario."},
    "other": {"en": "This part of the file is not in the form we expect.",
              "es": "Esta parte del archivo no tiene la forma que esperamos."},
}


def case_file_name(case: Case) -> str:
    """The download's file name: the case id only, never the survivor's name."""
    return f"{case.case_id}.case.yml"


def case_yaml(case: Case) -> str:
    """The case as the YAML case file the CLI reads (``survivorrelief check``); unknown facts are left out."""
    data = case.model_dump(mode="json", exclude_none=True)
    head = "# SurvivorRelief case file. PRIVATE: it holds personal facts. Keep it safe.\n"
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _file_message(problem: Problem, language: str) -> str:
    key = answer_key(problem.path)
    words = FILE_WORDS["missing"] if problem.message == "required field is missing" else None
    if words is None:
        text = plain(key, problem.message, language)
        if text in (FALLBACK.get(language), FALLBACK["en"]) or text == plain("", "required", language):
            text = FILE_WORDS["other"].get(language, FILE_WORDS["other"]["en"])
        return f"{text} ({problem.path})"
    return f"{words.get(language, words['en'])} ({problem.path})"


def load_case_file(path: Any, language: str = "en", known_jurisdictions: Optional[Iterable[str]] = None) -> Case:
    """Read an uploaded case file with the CLI's checks (parse_case, semantic_problems).

    Raise InputError whose messages are plain words in ``language``, each ending with the field path.
    """
    source = "(upload)"
    try:
        data = read_data(Path(str(path)))
        if not isinstance(data, dict):
            raise InputError([Problem("(top level)", "not a mapping")])
    except InputError:
        words = FILE_WORDS["unreadable"]
        raise InputError([Problem("(file)", words.get(language, words["en"]))], source=source) from None
    try:
        case = parse_case(data, source=source)
    except InputError as err:
        problems = err.problems
    else:
        problems = semantic_problems(case, _known(known_jurisdictions))
    if problems:
        raise InputError([Problem(p.path, _file_message(p, language)) for p in problems], source=source)
    return case


# --- the end of intake: screening and deadlines -----------------------------------------------------

@dataclass(frozen=True)
class RemedyLine:
    """One remedy as the results screen shows it; ``unverified`` when any source used is UNVERIFIED."""

    id: str
    name: str
    status: str
    unverified: bool
    elements: tuple[str, ...]  # "label: status: reason" for the professional view
    needs: tuple[str, ...]
    warnings: tuple[str, ...]
    # In the session's language and mode (labels.py): the name and status to show, what is still needed in
    # plain words, and the remedy's dates to keep.
    label: str = ""
    status_words: str = ""
    needed: tuple[str, ...] = ()
    dates: tuple[Any, ...] = ()  # labels.PlainDeadline


@dataclass(frozen=True)
class DeadlineLine:
    """One deadline or period: its label, the dates to keep, its status and how sure the rule is."""

    id: str
    label: str
    kind: str
    ends: tuple[tuple[str, dt.date], ...]  # ("due" | "minimum_end" | "maximum_end", day)
    status: str
    confidence: str
    basis: str
    plain: Any = None  # labels.PlainDeadline: the same in words, in the session's language and mode


@dataclass(frozen=True)
class Results:
    remedies: tuple[RemedyLine, ...]
    deadlines: tuple[DeadlineLine, ...]


def intake_results(case: Case, language: str = "en", pro: bool = False) -> Results:
    """Screen the case and compute its deadlines with the same rules as ``survivorrelief screen/deadlines``.

    Names, statuses, dates and the fields still needed also come in words (labels.py) for ``language``: plain
    for a survivor, the professional's terms when ``pro``."""
    from .labels import needed, plain_deadline, remedy_title, status_words
    from .packs import load_packs
    from .rules.deadlines import deadlines
    from .rules.screen import screen

    packs = load_packs()
    screened = screen(case, packs)
    computed = deadlines(case, packs).deadlines
    dated = tuple(
        DeadlineLine(d.id, d.label, d.kind, tuple(d.ends()), d.status, d.confidence, d.basis,
                     plain_deadline(d, language, packs.remedy(d.remedy).name, pro))
        for d in computed)
    remedy_of = {d.id: d.remedy for d in computed}
    remedies = tuple(
        RemedyLine(r.id, r.name, r.status, any("UNVERIFIED" in w for w in r.warnings),
                   tuple(f"{e.label}: {e.status.replace('_', ' ')}: {e.reason}" for e in r.elements),
                   tuple(r.needs_information), tuple(r.warnings),
                   remedy_title(r.id, r.name, language, pro), status_words(r.status, language, pro),
                   tuple(needed(r.needs_information, language)),
                   tuple(d.plain for d in dated if remedy_of[d.id] == r.id))
        for r in screened.remedies)
    return Results(remedies, dated)
