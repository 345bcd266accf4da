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
from dataclasses import dataclass
from typing import Any, Optional

from babel import Locale

from .cases import Case, parse_case, semantic_problems
from .errors import InputError, Problem

__all__ = ["PREFER_NOT", "answer_problems", "case_from_answers", "country_options", "currency_for",
           "currency_options", "episode_problems", "help_place_options", "intake_results", "new_case_id",
           "place_country", "place_options"]

PREFER_NOT = "prefer_not"
YES_NO = {"yes": True, "no": False}

# Answer key -> case field path, for the answers about the survivor and the matter.
ANSWERS: dict[str, str] = {
    "case_id": "case_id",
    "as_of": "as_of",
    "locale": "locale",
    "jurisdictions": "jurisdictions",
    "first_name": "survivor.name.first",
    "last_name": "survivor.name.last",
    "pronouns": "survivor.pronouns",
    "date_of_birth": "survivor.date_of_birth",
    "sex": "survivor.sex",
    "gender": "survivor.gender",
    "country_of_birth": "survivor.country_of_birth",
    "citizenship": "survivor.citizenship",
    "languages": "survivor.languages",
    "safe_to_call": "survivor.contact.safe_to_call",
    "present_in": "survivor.immigration.present_in",
    "present_because_of_trafficking": "survivor.immigration.present_on_account_of_trafficking",
    "trauma_prevents_cooperation": "survivor.trauma_prevents_cooperation",
    "reported": "law_enforcement.reported",
    "report_date": "law_enforcement.report_date",
    "supplement_b": "law_enforcement.supplement_b",
    "continued_presence": "law_enforcement.continued_presence",
    "criminal_case_status": "law_enforcement.criminal_case.status",
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
    "wages_paid": "work.wages_paid.amount",
    "currency": "work.wages_paid.currency",
}
LIST_ANSWERS = ("jurisdictions", "citizenship", "languages")
LOWER_CASE = ("present_in",)  # a place id as the contract writes it (us, gb)
TRI_STATE = ("safe_to_call", "present_because_of_trafficking", "trauma_prevents_cooperation", "reported")

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
    (r"hours_per_week$", r"hours a week is impossible", {
        "en": "A week has only 168 hours. Please give a number from 0 to 168.",
        "es": "Una semana tiene solo 168 horas. Escriba un número de 0 a 168."}),
    (r"hours_per_week$", r"", {
        "en": "Please give the hours as a number, for example 60.",
        "es": "Escriba las horas como un número, por ejemplo 60."}),
    (r"wages_paid$", r"^negative amount", {
        "en": "The amount cannot be less than zero. Write 0 if you were paid nothing.",
        "es": "La cantidad no puede ser menor que cero. Escriba 0 si no le pagaron nada."}),
    (r"wages_paid$", r"", {
        "en": "Please give the amount as a number, for example 1500.",
        "es": "Escriba la cantidad como un número, por ejemplo 1500."}),
    (r"currency$", r"", {
        "en": "Please choose a currency from the list.",
        "es": "Elija una moneda de la lista."}),
    (r"jurisdiction", r"^unknown jurisdiction", {
        "en": "Please choose a place from the list.",
        "es": "Elija un lugar de la lista."}),
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


def _value(key: str, value: Any) -> Any:
    if key in LIST_ANSWERS:
        items = [value] if isinstance(value, str) else list(value or [])
        return [v for v in items if not unknown(v)]
    if unknown(value):
        return None
    if key in TRI_STATE:
        return YES_NO.get(value, value)
    if isinstance(value, str):
        return value.strip().lower() if key in LOWER_CASE else value.strip()
    return _date(value)


def _put(data: dict[str, Any], path: str, value: Any) -> None:
    *parents, last = path.split(".")
    for part in parents:
        data = data.setdefault(part, {})
    data[last] = value


def _episode(answers: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, path in EPISODE_ANSWERS.items():
        value = answers.get(key)
        if key == "means":
            value = [m for m in (value or []) if not unknown(m)]
        elif unknown(value):
            continue
        if key == "currency" and unknown(answers.get("wages_paid")):
            continue
        _put(out, path, _date(value.strip() if isinstance(value, str) else value))
    return out


def case_data(answers: Mapping[str, Any]) -> dict[str, Any]:
    """The case file (as plain data) these answers describe; unknown answers are left out."""
    data: dict[str, Any] = {}
    for key, path in ANSWERS.items():
        if key in answers:
            value = _value(key, answers[key])
            if value is not None and value != []:
                _put(data, path, value)
    episodes = answers.get("episodes") or []
    if episodes:
        data["trafficking"] = [_episode(e) for e in episodes]
    data.setdefault("case_id", new_case_id())
    return data


_PATHS = {path: key for key, path in ANSWERS.items()}
_EPISODE_PATHS = {path: key for key, path in EPISODE_ANSWERS.items()}


def answer_key(case_path: str) -> str:
    """The answer a case field path comes from: ``trafficking[0].end`` -> ``episodes[0].end``."""
    match = re.match(r"^trafficking\[(\d+)\]\.?(.*)$", case_path)
    if match:
        index, rest = match.groups()
        for path, key in _EPISODE_PATHS.items():
            if rest == path or rest.startswith(path + "."):
                return f"episodes[{index}].{key}"
        return f"episodes[{index}]"
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
    try:
        case = parse_case(case_data(answers), source="(interview)")
    except InputError as err:
        found = err.problems
    else:
        found = semantic_problems(case, known_jurisdictions)
    out: list[Problem] = []
    for problem in found:
        key = answer_key(problem.path)
        fixed = Problem(key, plain(key, problem.message, language))
        if fixed not in out:
            out.append(fixed)
    return out


def episode_problems(episode: Mapping[str, Any], date_of_birth: Any = None, as_of: Any = None,
                     language: str = "en", known_jurisdictions: Optional[Iterable[str]] = None) -> list[Problem]:
    """Problems with one episode (checked with the date of birth); paths are episode keys (``end``)."""
    answers = {"episodes": [episode], "date_of_birth": date_of_birth, "as_of": as_of}
    out = []
    for p in answer_problems(answers, known_jurisdictions, language):
        if p.path.startswith("episodes[0]."):
            out.append(Problem(p.path[len("episodes[0]."):], p.message))
        elif p.path == "date_of_birth":
            out.append(Problem("start", p.message))
    return out


def case_from_answers(answers: Mapping[str, Any], known_jurisdictions: Optional[Iterable[str]] = None,
                      language: str = "en") -> Case:
    """Build and check the case; raise InputError listing every problem by answer key, in plain words."""
    problems = answer_problems(answers, known_jurisdictions, language)
    if problems:
        raise InputError(problems, source="(interview)")
    return parse_case(case_data(answers), source="(interview)")


# --- choices the interview offers (value -> label, in the interview's language) ---------------------

WORDS = {
    PREFER_NOT: {"en": "I prefer not to answer", "es": "Prefiero no responder"},
    "elsewhere": {"en": "Somewhere else", "es": "En otro lugar"},
}
_NOT_COUNTRIES = {"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"}


def _word(key: str, language: str) -> dict[str, str]:
    return {key: WORDS[key].get(language, WORDS[key]["en"])}


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


@dataclass(frozen=True)
class Results:
    remedies: tuple[RemedyLine, ...]
    deadlines: tuple[DeadlineLine, ...]


def intake_results(case: Case) -> Results:
    """Screen the case and compute its deadlines with the same rules as ``survivorrelief screen/deadlines``."""
    from .packs import load_packs
    from .rules.deadlines import deadlines
    from .rules.screen import screen

    packs = load_packs()
    screened = screen(case, packs)
    remedies = tuple(
        RemedyLine(r.id, r.name, r.status, any("UNVERIFIED" in w for w in r.warnings),
                   tuple(f"{e.label}: {e.status.replace('_', ' ')}: {e.reason}" for e in r.elements),
                   tuple(r.needs_information), tuple(r.warnings))
        for r in screened.remedies)
    dated = tuple(
        DeadlineLine(d.id, d.label, d.kind, tuple(d.ends()), d.status, d.confidence, d.basis)
        for d in deadlines(case, packs).deadlines)
    return Results(remedies, dated)
