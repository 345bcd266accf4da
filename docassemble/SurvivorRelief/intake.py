"""The case told once in an interview: answers named by their place in the case file in, a checked case out.

Each intake question sets a fact under the name it has in the case file: ``survivor.name.first``,
``trafficking[i].work.hours_per_week``, ``law_enforcement.contacts[i].requests[j].date`` (docassemble objects
whose attribute paths are the Case model's, interviews/sr_*.yml). ``case_data`` reads them by walking the Case
model (cases.py) and nothing else: there is no table of answer names, so a field added to the model is read as
soon as a question sets it. Each value is read by its field's type: a yes/no fact from "yes", "no" or "I prefer
not to answer", a list from checkboxes or lines, a day from docassemble's date and time. The case is then
checked with the CLI's own checks (``cases.parse_case`` and ``cases.semantic_problems``); each problem names the
field, which is also the question's variable, in words a person understands (words/<language>.yml).

Attributes the interview keeps for itself on these objects (``trafficking[i].sr_where``) start with ``sr_``
and are never read; neither is anything that is not a field of the model. "I prefer not to answer"
(``prefer_not``), a blank answer, ``None`` and a question never asked all mean unknown: the field stays empty in
the case and later commands report it as information still needed. This module does not import docassemble,
so the CLI and tests use it directly.
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
import types
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, Optional, Union, get_args, get_origin

import yaml
from babel import Locale
from pydantic import BaseModel

from . import sealing
from .cases import STATEMENT_SECTIONS, Case, parse_case, read_case_data, semantic_problems
from .documents import Words
from .errors import InputError, Problem

__all__ = ["CASE_FIELDS", "PREFER_NOT", "STATEMENT_SECTIONS", "answer_problems", "case_data", "case_file_name",
           "case_from_answers", "case_yaml", "chosen", "country_options", "currency_for", "currency_options",
           "element_options", "episode_problems", "evidence_labels", "family_parent_options", "help_place_options",
           "intake_results", "item_problems", "language_options", "load_case_file", "loss_options", "new_case_id",
           "order_problems", "place_country", "place_options", "remedy_options", "sealed_case_file",
           "statement_parts_told", "write_download"]

PREFER_NOT = "prefer_not"
YES_NO = {"yes": True, "no": False}
# The case's top-level fields: the names an interview hands to ``case_from_answers`` (those it has defined).
CASE_FIELDS = tuple(Case.model_fields)
OWN = "sr_"  # the prefix of what an interview keeps for itself on a case object (never read into the case)

# Plain words for the checks' messages: (case path pattern, check message pattern, word in `answer_problem`).
PLAIN: list[tuple[str, str, str]] = [
    (r"\.end$", r"^before start", "end_before_start"),
    (r"start$", r"^after as_of", "start_in_future"),
    (r"date_of_birth$", r"^after the start", "birth_after_start"),
    (r"date_of_birth$", r"^after as_of", "birth_in_future"),
    (r"date_of_birth$", r"so in the future$", "birth_in_future"),
    (r"date_of_birth$", r"^after survivor\.immigration\.last_entry_date", "birth_after_entry"),
    (r"family\[\d+\]\.date_of_birth$", r"^a child born before", "child_before_parent"),
    (r"", r"so in the future$", "start_in_future"),
    (r"", r"^outside the years", "date_range"),
    (r"requests\[\d+\]\.date$", r"^before the first contact", "request_before_contact"),
    (r"hours_per_week$", r"hours a week is impossible", "hours_over_week"),
    (r"hours_per_week$", r"", "hours_number"),
    (r"days_per_week$", r"", "days_number"),
    (r"wages_paid\.amount$", r"^negative amount", "wages_negative"),
    (r"amount$", r"^negative amount", "amount_negative"),
    (r"amount$", r"required", "amount_required"),
    (r"amount$", r"", "amount_number"),
    (r"currency$", r"", "currency"),
    (r"jurisdiction", r"^unknown jurisdiction", "place"),
    (r"child_of$", r"", "child_of"),
    (r"evidence_order", r"", "evidence_order"),
    (r"", r"required", "required"),
]


def new_case_id() -> str:
    """A case id that never holds the survivor's name (it is used in file names)."""
    return f"intake-{secrets.token_hex(4)}"


def statement_parts_told(sections: Any) -> list[str]:
    """The statement's parts told so far (not blank), in STATEMENT_SECTIONS order: the parts a translation is
    asked for (a part skipped has nothing to translate)."""
    return [part for part in STATEMENT_SECTIONS
            if _has(sections, part) and isinstance(_get(sections, part), str) and _get(sections, part).strip()]


def unknown(value: Any) -> bool:
    """Blank, None and "prefer not to answer" all mean the fact is unknown."""
    return value is None or value == PREFER_NOT or (isinstance(value, str) and not value.strip())


# --- reading the answers: the Case model is the only map ---------------------------------------------------

def _has(item: Any, key: str) -> bool:
    """Whether an answer is there: a key of a mapping, or an attribute set on an object (never asked: absent)."""
    if isinstance(item, Mapping):
        return key in item
    return key in getattr(item, "__dict__", {})


def _get(item: Any, key: str) -> Any:
    return item[key] if isinstance(item, Mapping) else getattr(item, key)


def _told(item: Any, path: str) -> Any:
    """The answer at a dotted path inside ``item`` (``amount.amount``); None when any part was not told."""
    for key in path.split("."):
        if item is None or not _has(item, key):
            return None
        item = _get(item, key)
    return item


def chosen(checkboxes: Any) -> list[str]:
    """The checked choices of a checkboxes answer (docassemble's DADict, or a mapping of choice -> bool).

    Not ``DADict.true_values()``: that builds a DAList, which names itself by inspecting the call stack and
    costs tens of milliseconds on every screen.
    """
    elements = getattr(checkboxes, "elements", checkboxes)
    return [key for key, value in elements.items() if value]


def _items(value: Any) -> list[Any]:
    """A list answer: a list (docassemble's DAList, read without gathering), checkboxes (a mapping of choice ->
    bool), text with one item a line, or one value."""
    if value is None:
        return []
    elements = getattr(value, "elements", value)
    if isinstance(elements, Mapping):
        return [k for k, v in elements.items() if v]
    if isinstance(elements, str):
        return elements.splitlines() if "\n" in elements else [elements]
    if isinstance(elements, (list, tuple)):
        return list(elements)
    return [elements]


def _type(annotation: Any) -> tuple[Any, bool]:
    """A field's type without ``Optional``, and whether it was optional."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        return (args[0] if len(args) == 1 else annotation), True
    return annotation, False


def _model(kind: Any) -> bool:
    return isinstance(kind, type) and issubclass(kind, BaseModel)


def _fields(model: type[BaseModel], source: Any) -> dict[str, Any]:
    """What ``source`` tells of each field of ``model``; fields not told are left out."""
    out = {}
    for name, info in model.model_fields.items():
        if _has(source, name):
            value = _read(info.annotation, _get(source, name))
            if value is not None:
                out[name] = value
    return out


def _read(annotation: Any, value: Any) -> Any:
    """One answer as the case holds a value of this type; None when unknown (left out of the case)."""
    kind, optional = _type(annotation)
    origin = get_origin(kind)
    if _model(kind):
        if unknown(value):
            return None
        data = _fields(kind, value)
        # A part told without a fact it cannot do without (a currency without its amount) says nothing.
        if not data or any(info.is_required() and name not in data for name, info in kind.model_fields.items()):
            return None
        return data
    if origin is list:
        (item,) = get_args(kind)
        if _model(item):
            told = [_fields(item, v) for v in _items(value)]
            return told or None
        values = [v for v in (_read(item, v) for v in _items(value)) if v is not None]
        values = list(dict.fromkeys(values))
        if get_origin(item) is Literal:  # checkboxes come back in any order; the case keeps the model's
            order = get_args(item)
            values.sort(key=lambda v: order.index(v) if v in order else len(order))
        # Optional lists tell "asked: none" ([]) from "not asked" (None); other lists leave an empty one out.
        return values if values or (optional and value is not None and value != PREFER_NOT) else None
    if origin is dict:
        _key, of = get_args(kind)
        told = {k: v for k, v in ((k, _read(of, v)) for k, v in _pairs(value)) if v is not None}
        return told or None
    if unknown(value):
        return None
    if value == "None" and (kind is bool or get_origin(kind) is Literal):
        return None  # docassemble's web form writes an optional radio left unanswered as the text "None"
    if kind is bool:
        return YES_NO.get(value, value) if isinstance(value, str) else value
    if isinstance(value, dt.datetime):  # docassemble's DADateTime; the case wants calendar days
        return value.date()
    if isinstance(value, str):
        return value.strip()
    return value


# What docassemble keeps on every DAObject for itself: never a key of a case mapping.
_DA_OWN = frozenset({"instanceName", "attrList", "has_nonrandom_instance_name"})


def _pairs(value: Any) -> list[tuple[str, Any]]:
    """A mapping answer's pairs: a mapping, or the attributes set on an object (``statement.sections.escape``)."""
    if isinstance(value, Mapping):
        return list(value.items())
    return [(k, v) for k, v in getattr(value, "__dict__", {}).items()
            if not k.startswith(("_", OWN)) and k not in _DA_OWN]


def evidence_order(order: Any, count: int) -> Optional[list[int]]:
    """Positions (0-based) from an order answer such as "3, 1, 2"; None when it is not each number once."""
    if unknown(order):
        return list(range(count))
    numbers = re.findall(r"-?\d+", str(order)) if isinstance(order, str) else [str(n) for n in order]
    if sorted(int(n) for n in numbers) != list(range(1, count + 1)):
        return None
    return [int(n) - 1 for n in numbers]


def _evidence(data: dict[str, Any], told: list[Any], order: Any) -> None:
    """Evidence ids (e1, e2 ... in the order told; an id given is kept), the costs each item shows
    (``sr_losses``: their numbers, from 1) listed in those losses' evidence, then the filing order."""
    items = data.get("evidence") or []
    given = {i["id"] for i in items if "id" in i}
    n = 0
    for item in items:
        if "id" not in item:
            n += 1
            while f"e{n}" in given:
                n += 1
            item["id"] = f"e{n}"
    losses = data.get("losses") or []
    for item, source in zip(items, told, strict=True):
        for number in _items(_told(source, OWN + "losses")):
            k = int(number) - 1 if str(number).strip().isdigit() else -1
            if 0 <= k < len(losses) and item["id"] not in losses[k].setdefault("evidence", []):
                losses[k]["evidence"].append(item["id"])
    positions = evidence_order(order, len(items)) or list(range(len(items)))
    if items:
        data["evidence"] = [items[p] for p in positions]


def case_data(answers: Mapping[str, Any], evidence_order: Any = None) -> dict[str, Any]:
    """The case file (as plain data) the answers describe: ``answers`` maps the case's top-level fields to what
    the interview holds for them (objects, lists, plain values). Unknown answers are left out."""
    data = _fields(Case, answers)
    _evidence(data, _items(answers.get("evidence")), evidence_order)
    data.setdefault("case_id", new_case_id())
    return data


# --- problems, named by the field (the question's variable), in plain words -----------------------------

def plain(path: str, message: str, language: str = "en") -> str:
    """The check's message for one field, in plain words in the interview's language."""
    words = Words(language)
    for path_pattern, message_pattern, word in PLAIN:
        if re.search(path_pattern, path) and re.search(message_pattern, message):
            return words("answer_problem", word)
    return words("answer_problem", "fallback")


def _leaf(path: str) -> str:
    """The question's variable a problem path names: a whole part (a sum of money) stands for its first
    answer (``losses[0].amount`` -> ``losses[0].amount.amount``); a list's item for the list's question."""
    kind: Any = Case
    for part in re.sub(r"\[\d+\]", "", path).split("."):
        kind, _ = _type(kind.model_fields[part].annotation) if _model(kind) and part in kind.model_fields \
            else (None, False)
        if get_origin(kind) is list and _model(get_args(kind)[0]):
            kind = get_args(kind)[0]
    if _model(kind):
        return f"{path}.{next(iter(kind.model_fields))}"
    return re.sub(r"\[\d+\]$", "", path)


def _known(known_jurisdictions: Optional[Iterable[str]]) -> list[str]:
    if known_jurisdictions is None:
        from .packs import load_packs

        return load_packs().ids()
    return list(known_jurisdictions)


def order_problems(order: Any, count: int, language: str = "en") -> list[Problem]:
    """A filing order answer that does not list each of ``count`` numbers once."""
    if evidence_order(order, count) is None:
        return [Problem("evidence_order", plain("evidence_order", "", language))]
    return []


def answer_problems(answers: Mapping[str, Any], known_jurisdictions: Optional[Iterable[str]] = None,
                    language: str = "en") -> list[Problem]:
    """Every problem the CLI's checks find in these answers; each names its field, in plain words.

    ``known_jurisdictions`` defaults to the packs' ids, as for ``survivorrelief check``.
    """
    known_jurisdictions = _known(known_jurisdictions)
    try:
        found = semantic_problems(parse_case(case_data(answers), source="(interview)"), known_jurisdictions)
    except InputError as err:
        found = err.problems
    out: list[Problem] = []
    for problem in found:
        fixed = Problem(_leaf(problem.path), plain(problem.path, problem.message, language))
        if fixed not in out:
            out.append(fixed)
    return out


def item_problems(list_path: str, item: Mapping[str, Any], language: str = "en",
                  known_jurisdictions: Optional[Iterable[str]] = None,
                  context: Optional[Mapping[str, Any]] = None) -> list[Problem]:
    """Problems with one item of a list (a loss, a contact ...); paths are inside the item (``amount.amount``).

    ``list_path`` is the list's place in the case (``law_enforcement.contacts``); ``context`` adds other
    answers the checks compare with, as case data (``{"survivor": {"date_of_birth": ...}}``).
    """
    answers: dict[str, Any] = {**(context or {})}
    *parents, last = list_path.split(".")
    place = answers
    for part in parents:
        place = place.setdefault(part, {})
    place[last] = [item]
    prefix = f"{list_path}[0]."
    out = []
    for p in answer_problems(answers, known_jurisdictions, language):
        if p.path.startswith(prefix):
            out.append(Problem(p.path[len(prefix):], p.message))
        elif p.path == "survivor.date_of_birth" and list_path == "trafficking":
            out.append(Problem("start", p.message))
    return out


def episode_problems(episode: Mapping[str, Any], date_of_birth: Any = None, as_of: Any = None,
                     language: str = "en", known_jurisdictions: Optional[Iterable[str]] = None) -> list[Problem]:
    """Problems with one episode (checked with the date of birth); paths are inside the episode (``end``)."""
    return item_problems("trafficking", episode, language, known_jurisdictions,
                         context={"survivor": {"date_of_birth": date_of_birth}, "as_of": as_of})


def case_from_answers(answers: Mapping[str, Any], known_jurisdictions: Optional[Iterable[str]] = None,
                      language: str = "en", evidence_order: Any = None) -> Case:
    """Build and check the case; raise InputError listing every problem by field, in plain words."""
    problems = answer_problems(answers, known_jurisdictions, language) + \
        order_problems(evidence_order, len(_items(answers.get("evidence"))), language)
    if problems:
        raise InputError(problems, source="(interview)")
    return parse_case(case_data(answers, evidence_order), source="(interview)")


# --- choices the interview offers (value -> label, in the interview's language) ---------------------

_NOT_COUNTRIES = {"EU", "EZ", "QO", "UN", "XA", "XB", "ZZ"}


def _word(value: str, language: str, word: Optional[str] = None) -> dict[str, str]:
    return {value: Words(language)("choice", word or value)}


def country_options(language: str = "en", lower: bool = False) -> list[dict[str, str]]:
    """"I prefer not to answer", then every country by ISO 3166-1 alpha-2 code, sorted by its local name.

    ``lower``: the code as a place id (``us``), for ``survivor.immigration.present_in``."""
    names = Locale.parse(language).territories
    pairs = sorted(((code, name) for code, name in names.items()
                    if re.fullmatch(r"[A-Z]{2}", code) and code not in _NOT_COUNTRIES), key=lambda p: p[1].casefold())
    return [_word(PREFER_NOT, language)] + [{code.lower() if lower else code: name} for code, name in pairs]


# Place names Babel cannot give (a pack that is not a whole country), by language.
PLACE_NAMES = {"es": {"gb": "Inglaterra y Gales", "us-ny": "Nueva York"}}


def help_place_options(language: str = "en") -> list[dict[str, str]]:
    """The places the packs cover (a country or a state in it); not the Council of Europe or the EU.

    A pack named after its country takes the country's name in the interview's language (Babel):
    "United States (federal)" is "Estados Unidos (federal)" in Spanish; other names (a state) stay as they are.
    """
    from .formatting import country_name
    from .packs import load_packs

    out = []
    for pack in load_packs():
        if not pack.country:
            continue
        name, english = pack.name, country_name(pack.country, "en")
        if language != "en" and name.startswith(english):
            name = country_name(pack.country, language) + name[len(english):]
        out.append({pack.id: PLACE_NAMES.get(language, {}).get(pack.id, name)})
    return out


def place_options(language: str = "en") -> list[dict[str, str]]:
    """Where something happened: a place the packs cover, somewhere else, or no answer."""
    return help_place_options(language) + [_word("elsewhere", language), _word(PREFER_NOT, language)]


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
    out = [_word(PREFER_NOT, language, "not_child")]
    for n, member in enumerate(_items(family)[:index]):
        name = " ".join(str(v) for v in (_told(member, "name.first"), _told(member, "name.last")) if not unknown(v))
        out.append({str(n): name or f"{n + 1}. {_told(member, 'relationship') or ''}"})
    return out


def loss_options(losses: Iterable[Any], language: str = "en") -> list[dict[str, str]]:
    """The costs told, by number from 1 (an evidence item's ``sr_losses``): "$850.00: description".

    The label is plain text with the amount as the language writes money (never "1. 850.0 USD": a leading
    number makes Markdown a list inside the label, which screen readers cannot tie to its box).
    """
    from .formatting import money

    words = Words(language)
    out = []
    for n, loss in enumerate(_items(losses), start=1):
        kind, description = _told(loss, "kind"), _told(loss, "description")
        about = description if not unknown(description) else words("cost", kind) if kind else None
        amount, currency = _told(loss, "amount.amount"), _told(loss, "amount.currency")
        try:
            told = money(str(amount), str(currency), language)
        except (ValueError, ArithmeticError, InputError):
            told = f"{amount} {currency}"
        out.append({str(n): told + (f": {about}" if about else "")})
    return out


def remedy_options(jurisdictions: Iterable[str]) -> list[dict[str, str]]:
    """The remedies of the chosen places and the places above them (federal, EU ...), id -> name."""
    from .packs import load_packs

    packs = load_packs()
    places = packs.with_ancestors([j for j in jurisdictions if j in packs])
    return [{rid: remedy.name} for jid in places for rid, remedy in packs.get(jid).remedies.items()]


def element_options(jurisdictions: Iterable[str], language: str = "en") -> list[dict[str, str]]:
    """The legal elements a document can support (``evidence[].supports``), id -> "element (remedy)".

    First ``identity`` (identity and age), which every filing needs (legal-facts D1, D2)."""
    from .packs import load_packs

    packs = load_packs()
    out = {"identity": Words(language)("choice", "identity")}
    for option in remedy_options(jurisdictions):
        (rid, name), = option.items()
        for element in packs.remedy(rid).elements:
            out.setdefault(element.id, f"{element.label} ({name})")
    return [{eid: label} for eid, label in out.items()]


def evidence_labels(items: Iterable[Any]) -> list[str]:
    """"1. description" for each document told, in the order told (for choosing the filing order)."""
    out = []
    for n, item in enumerate(_items(items), start=1):
        description = _told(item, "description")
        text = description if not unknown(description) else _told(item, "kind")
        out.append(f"{n}. {text or '?'}")
    return out


# --- the case as a file: download, and upload to go on ------------------------------------------------

def case_file_name(case: Case) -> str:
    """The download's file name: the case id only, never the survivor's name."""
    return f"{case.case_id}.case.yml"


def case_yaml(case: Case) -> str:
    """The case as the YAML case file the CLI reads (``survivorrelief check``); unknown facts are left out."""
    data = case.model_dump(mode="json", exclude_none=True)
    head = "# SurvivorRelief case file. PRIVATE: it holds personal facts. Keep it safe.\n"
    return head + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def sealed_case_file(case: Case, passphrase: str) -> bytes:
    """The case file sealed with the passphrase the user chose (sealing.py): the CLI reads it as it is."""
    return sealing.seal(case_yaml(case).encode("utf-8"), passphrase, "yaml")


def write_download(file: Any, data: bytes) -> None:
    """Write a docassemble DAFile's content atomically (temporary file, fsync, rename), as DAFile.write would.

    A download is never half-written, even if the server stops while writing it.
    """
    from .safeio import write_atomically

    file.retrieve()
    write_atomically(Path(file.file_info["path"]), data, "(download)")
    file.retrieve()


def _file_message(problem: Problem, language: str) -> str:
    words = Words(language)
    if problem.message == "required field is missing":
        return f"{words('file_problem', 'missing')} ({problem.path})"
    text = plain(problem.path, problem.message, language)
    if text in (plain("", "", language), plain("", "required", language)):
        text = words("file_problem", "other")
    return f"{text} ({problem.path})"


def load_case_file(path: Any, language: str = "en", known_jurisdictions: Optional[Iterable[str]] = None,
                   passphrase: Optional[str] = None) -> Case:
    """Read an uploaded case file, plain or sealed with ``passphrase``, with the CLI's checks.

    Raise InputError whose messages are plain words in ``language``, each ending with the field path.
    """
    source = "(upload)"
    try:
        data = read_case_data(Path(str(path)), lambda _confirm: passphrase or "")
        if not isinstance(data, dict):
            raise InputError([Problem("(top level)", "not a mapping")])
    except InputError as err:
        sealed = any(p.path in ("(sealed file)", "(passphrase)") for p in err.problems)
        words = Words(language)("file_problem", "sealed" if sealed else "unreadable")
        raise InputError([Problem("(file)", words)], source=source) from None
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
