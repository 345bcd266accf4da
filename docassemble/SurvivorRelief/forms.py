"""Official USCIS form PDFs: field maps per edition, verification, filling and download.

The official PDFs (US government works, public domain) ship in the package beside their field maps
(``templates/us/forms/<form>.pdf`` and ``<form>.<edition>.yml``), so a fresh install fills them with no
download. ``forms fetch`` puts newer downloads in the forms folder, which wins over the shipped copy, and a
folder the user names wins over both. Each edition's field map names every AcroForm field of that edition
and says which case value goes where. A PDF whose
edition, page count or field set differs from its map is refused, never filled wrong: USCIS rejects
outdated editions and a renamed field would silently drop an answer.

Filling decrypts the PDF (empty password), drops the XFA form (so viewers show the AcroForm we fill)
and the usage-rights signature it would invalidate, writes values by full field name, ticks
checkboxes with the export value their widget really uses, and generates appearance streams (and
sets NeedAppearances) so every viewer shows the values. The forms' fonts are WinAnsi (Latin)
fonts: text they cannot print is refused with the field named, never printed as "?".
"""

from __future__ import annotations

import datetime as dt
import os
import re
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Optional, Union

import pikepdf
import yaml
from jinja2 import ChainableUndefined, TemplateError, Undefined
from jinja2.sandbox import SandboxedEnvironment
from pikepdf.form import ExtendedAppearanceStreamGenerator, Form
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .cases import Address, Case, _pydantic_problems
from .errors import InputError, Problem
from .formatting import country_name, language_name

FORMS_DIR_ENV = "SURVIVORRELIEF_FORMS_DIR"
MAPS_DIR = Path(__file__).resolve().parent / "data" / "templates" / "us" / "forms"
FETCH_HINT = "run `survivorrelief forms fetch` (or save the current PDF from uscis.gov there)"
# Footer text of every page, e.g. "(Form I-914   Edition   01/20/25    )Tj" in the content stream.
_FOOTER = re.compile(rb"Form\s+(I-[0-9]+[A-Z]?)\s+Edition\s+(\d\d/\d\d/\d\d)")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_CASE_PATH = re.compile(r"case(?:\.[a-z_]+(?:\[\d+\])?)+")


class MapError(Exception):
    """A field map is broken (a programming error in templates/us/forms, exit 1)."""


# --- field maps ------------------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Checkbox(_Strict):
    """A checkbox is ticked when ``when`` is true, with the on-state name read from its /AP /N."""

    when: str
    export: str


class MapWarning(_Strict):
    """A message for the person completing the form, shown when ``when`` is true (never survivor data)."""

    when: str
    message: str


class LeftBlank(_Strict):
    """Fields the map leaves empty on purpose (``fields``: a regular expression over their short names), the form's
    part and item they make up, and why: listed in the preparer's memo, and checked so no field goes unaccounted."""

    fields: str
    item: str
    why: str


class FieldMap(_Strict):
    """One edition of one form: what the PDF must contain and what goes in each field."""

    form: str = Field(pattern=r"^i-[0-9]+[a-z]?$")
    title: str
    edition: str = Field(pattern=r"^\d\d/\d\d/\d\d$")
    pages: int
    url_parameter: str
    edition_parameter: Optional[str] = None
    source_sha256: Optional[str] = None
    notes: list[str] = Field(default_factory=list)
    fields: dict[str, Union[str, Checkbox]]
    warnings: list[MapWarning] = Field(default_factory=list)
    left_blank: list[LeftBlank] = Field(default_factory=list)
    field_names: list[str] = Field(min_length=1)

    def unaccounted(self) -> list[str]:
        """Fields of the edition neither mapped nor named in ``left_blank`` (a new field, or one forgotten)."""
        patterns = [re.compile(b.fields) for b in self.left_blank]
        return [n for n in self.field_names
                if n not in self.fields and not any(p.search(_short(n)) for p in patterns)]

    @property
    def edition_date(self) -> dt.date:
        return dt.datetime.strptime(self.edition, "%m/%d/%y").date()

    @property
    def file_name(self) -> str:
        """The PDF's name in the forms folder (as USCIS publishes it)."""
        return f"{self.form}.pdf"


def _map_files() -> list[Path]:
    return sorted(MAPS_DIR.glob("i-*.yml"))


@lru_cache(maxsize=16)
def _read_map(path: Path) -> FieldMap:
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)  # noqa: S506 - a safe loader
        fmap = FieldMap.model_validate(data)
    except (OSError, yaml.YAMLError) as err:
        raise MapError(f"{path}: cannot be read ({err.__class__.__name__})") from None
    except ValidationError as err:
        raise MapError(f"{path}: " + "; ".join(str(p) for p in _pydantic_problems(err))) from None
    unknown = sorted(set(fmap.fields) - set(fmap.field_names))
    if unknown:
        raise MapError(f"{path}: fields not in field_names: {', '.join(unknown[:5])}")
    expected = f"{fmap.form}.{fmap.edition.replace('/', '-')}.yml"
    if path.name != expected:
        raise MapError(f"{path}: file name should be {expected}")
    return fmap


def maps() -> list[FieldMap]:
    """Every field map, by form then edition."""
    return [_read_map(p) for p in _map_files()]


def form_ids() -> list[str]:
    return sorted({m.form for m in maps()})


def load_map(form_id: str, edition: Optional[str] = None) -> FieldMap:
    """The map of one form edition (the newest edition when none is named)."""
    found = [m for m in maps() if m.form == form_id]
    if not found:
        raise InputError([Problem("form", f"no field map for {form_id!r} (known: {', '.join(form_ids())})")])
    if edition is None:
        return max(found, key=lambda m: m.edition_date)
    for fmap in found:
        if fmap.edition == edition:
            return fmap
    known = ", ".join(m.edition for m in found)
    raise InputError([Problem("edition", f"{form_id} edition {edition} has no field map (known: {known})")])


# --- the forms folder -----------------------------------------------------------------------------

def forms_dir() -> Path:
    """Where the downloaded PDFs live: $SURVIVORRELIEF_FORMS_DIR, else a per-user cache folder."""
    env = os.environ.get(FORMS_DIR_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("survivorrelief")) / "forms"


# --- reading a PDF --------------------------------------------------------------------------------

@dataclass(frozen=True)
class FieldInfo:
    """One AcroForm field as the PDF defines it (used to write and check maps)."""

    name: str
    kind: str                     # text | checkbox | radio | choice | button | signature
    tooltip: str
    exports: tuple[str, ...] = ()  # checkbox on-states from the widgets' /AP /N (without "Off")
    max_length: Optional[int] = None
    multiline: bool = False
    comb: bool = False             # one character a box (A-Number, ...): a longer value is wrong, not long
    options: tuple[str, ...] = ()  # choice export values


def _kind(f: Any) -> str:
    if f.is_text:
        return "text"
    if f.is_checkbox:
        return "checkbox"
    if f.is_radio_button:
        return "radio"
    if f.is_choice:
        return "choice"
    if f.is_pushbutton:
        return "button"
    return "signature"


def _exports(f: Any) -> tuple[str, ...]:
    """On-state names of a checkbox's widgets (the field itself, or its kids when it has several)."""
    kids = f.obj.get("/Kids")
    states: list[str] = []
    for widget in kids if kids is not None else [f.obj]:
        ap = widget.get("/AP")
        normal = ap.get("/N") if ap is not None else None
        if isinstance(normal, pikepdf.Dictionary):
            states += [str(k)[1:] for k in normal.keys() if k != "/Off" and str(k)[1:] not in states]
    return tuple(states)


def _options(f: Any) -> tuple[str, ...]:
    opt = f.obj.get("/Opt")
    if opt is None:
        return ()
    out = []
    for item in opt:
        out.append(str(item[0]) if isinstance(item, pikepdf.Array) else str(item))
    return tuple(out)


def _field_infos(pdf: pikepdf.Pdf) -> dict[str, FieldInfo]:
    out = {}
    for f in pdf.acroform.fields:
        kind = _kind(f)
        max_len = f.get_inheritable_field_value("/MaxLen") if kind == "text" else None
        out[f.fully_qualified_name] = FieldInfo(
            name=f.fully_qualified_name, kind=kind, tooltip=str(f.alternate_name or "").strip(),
            exports=_exports(f) if kind in ("checkbox", "radio") else (),
            max_length=int(max_len) if max_len is not None else None,
            multiline=bool(kind == "text" and f.flags & pikepdf.FormFieldFlag.tx_multiline),
            comb=bool(kind == "text" and f.flags & pikepdf.FormFieldFlag.tx_comb),
            options=_options(f) if kind == "choice" else ())
    return out


def inventory(path: Path | str) -> list[FieldInfo]:
    """Every field of a form PDF with its tooltip and export values: the raw material of a map."""
    with _open(Path(path)) as pdf:
        return list(_field_infos(pdf).values())


def _open(path: Path) -> pikepdf.Pdf:
    return pikepdf.open(path, password="")


def footer_editions(pdf: pikepdf.Pdf) -> set[tuple[str, str]]:
    """(form, edition) pairs printed in the page footers, e.g. {("I-914", "01/20/25")}."""
    found: set[tuple[str, str]] = set()
    for page in pdf.pages:
        contents = page.obj.get("/Contents")
        streams = contents if isinstance(contents, pikepdf.Array) else [contents] if contents is not None else []
        data = b"".join(s.read_bytes() for s in streams)
        found |= {(m.group(1).decode(), m.group(2).decode()) for m in _FOOTER.finditer(data)}
    return found


def _sample(names: Iterable[str], limit: int = 5) -> str:
    names = sorted(names)
    more = f" and {len(names) - limit} more" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


def _check(form_id: str, path: Path, pdf: pikepdf.Pdf) -> tuple[Optional[FieldMap], list[str], dict[str, FieldInfo]]:
    """Compare an opened PDF with the map of its edition; problems are plain lines naming the file."""
    load_map(form_id)  # an unknown form id is an InputError
    footers = footer_editions(pdf)
    wanted = form_id.upper()
    editions = sorted({ed for form, ed in footers if form == wanted})
    others = sorted({form for form, _ in footers if form != wanted})
    if not editions:
        what = f"its footer names Form {', '.join(others)}" if others else "no 'Form ... Edition' footer found"
        return None, [f"{path}: not Form {wanted} ({what})"], {}
    if len(editions) > 1:
        return None, [f"{path}: pages carry different editions ({', '.join(editions)})"], {}
    try:
        fmap = load_map(form_id, editions[0])
    except InputError as err:
        return None, [f"{path}: {p.message}; update the map (templates/us/forms/README.md)" for p in err.problems], {}
    problems = []
    if len(pdf.pages) != fmap.pages:
        problems.append(f"{path}: {len(pdf.pages)} pages, the {fmap.edition} edition has {fmap.pages}")
    infos = _field_infos(pdf)
    missing = set(fmap.field_names) - set(infos)
    extra = set(infos) - set(fmap.field_names)
    if missing:
        problems.append(f"{path}: {len(missing)} field(s) of the {fmap.edition} edition missing: {_sample(missing)}")
    if extra:
        problems.append(f"{path}: {len(extra)} field(s) not in the {fmap.edition} edition: {_sample(extra)}")
    for name, spec in fmap.fields.items():
        info = infos.get(name)
        if isinstance(spec, Checkbox) and info is not None and spec.export not in info.exports:
            problems.append(f"{path}: checkbox {name} has no on-state {spec.export!r} "
                            f"(its states: {', '.join(info.exports) or 'none'})")
    return fmap, problems, infos


def verify(form_id: str, path: Path | str) -> list[str]:
    """Problems that stop ``path`` being filled as ``form_id`` (empty when it matches its map)."""
    path = Path(path)
    if not path.is_file():
        return [f"{path}: not found; {FETCH_HINT}"]
    try:
        with _open(path) as pdf:
            return _check(form_id, path, pdf)[1]
    except (pikepdf.PdfError, pikepdf.PasswordError) as err:
        return [f"{path}: cannot be opened as a form PDF ({err.__class__.__name__}); {FETCH_HINT}"]


# --- evaluating a map ----------------------------------------------------------------------------

def _blank(value: Any) -> bool:
    return value is None or isinstance(value, Undefined) or value == ""


def _mdy(value: Any) -> Optional[str]:
    """A date as the forms ask for it: mm/dd/yyyy."""
    return None if _blank(value) else value.strftime("%m/%d/%Y")


def _country(code: Any) -> Optional[str]:
    """An ISO 3166-1 code as an English country name (the forms ask for names)."""
    if _blank(code):
        return None
    return country_name(str(code), "en")


def _countries(codes: Any) -> Optional[str]:
    names = [_country(c) for c in (codes or [])]
    return ", ".join(n for n in names if n) or None


def _digits(value: Any) -> Optional[str]:
    return None if _blank(value) else re.sub(r"\D", "", str(value)) or None


def _a_number(value: Any) -> Optional[str]:
    """A-Number digits, zero-padded to the nine boxes the forms print."""
    digits = _digits(value)
    return digits.zfill(9) if digits else None


def _us_phone(value: Any) -> Optional[str]:
    """Digits of a phone number without the +1 country code (the forms print ten boxes)."""
    digits = _digits(value)
    if digits and len(digits) == 11 and digits.startswith("1"):
        return digits[1:]
    return digits


def _zip5(value: Any) -> Optional[str]:
    """The five-digit ZIP Code the forms' boxes hold ("77002-1234" -> "77002"); other codes unchanged."""
    if _blank(value):
        return None
    m = re.match(r"^\s*(\d{5})(?:-\d{4})?\s*$", str(value))
    return m.group(1) if m else str(value).strip()


# Longest words first, and a word must end there: "Floor 2" is FLR "2", never "Fl" + "oor 2".
_UNIT = re.compile(r"^\s*(apartment|apt|suite|ste|floor|flr|fl|#)\.?(?![a-z])\s*(.*)$", re.I)
_UNIT_KIND = {"apt": "APT", "apartment": "APT", "#": "APT", "ste": "STE", "suite": "STE",
              "fl": "FLR", "flr": "FLR", "floor": "FLR"}


def _unit_kind(unit: Any) -> Optional[str]:
    """APT, STE or FLR from a unit such as "Apt 2" or "Suite 300" (the forms' three boxes)."""
    if _blank(unit):
        return None
    m = _UNIT.match(str(unit))
    return _UNIT_KIND[m.group(1).lower().rstrip(".")] if m else None


def _unit_number(unit: Any) -> Optional[str]:
    if _blank(unit):
        return None
    m = _UNIT.match(str(unit))
    return (m.group(2) if m else str(unit)).strip() or None


_PLACE = re.compile(r"^(.*?),\s*([A-Za-z]{2})$")


def _place_city(place: Any) -> Optional[str]:
    """"Laredo, TX" -> "Laredo" (a place without a state stays whole)."""
    if _blank(place):
        return None
    m = _PLACE.match(str(place).strip())
    return m.group(1) if m else str(place).strip()


def _place_state(place: Any) -> Optional[str]:
    if _blank(place):
        return None
    m = _PLACE.match(str(place).strip())
    return m.group(2).upper() if m else None


def _mailing_address(case: Any) -> Optional[Address]:
    """The safe mailing address, else the representative's office (contract section 1); never the home."""
    if _blank(case):
        return None
    safe = case.survivor.contact.safe_mailing_address
    if safe is not None:
        return safe
    rep = case.representative
    if rep is not None and rep.address is not None:
        return rep.address.model_copy(update={"in_care_of": rep.address.in_care_of or rep.organization or rep.name})
    return None


def _same_address(case: Any) -> bool:
    """Whether the mailing address the forms use is the survivor's physical address (I-765 Part 2 item 6)."""
    home, mail = (None, None) if _blank(case) else (case.survivor.contact.physical_address, _mailing_address(case))
    if home is None or mail is None:
        return False

    def key(a: Address) -> tuple[str, ...]:
        return tuple(re.sub(r"\W", "", str(v or "")).lower()
                     for v in (a.street, a.unit, a.city, a.region, (a.postal_code or "")[:5]))

    return key(home) == key(mail)


def _jobs(case: Any) -> list[dict[str, Any]]:
    """The work the trafficking forced in the last five years (I-192 items 44-45: employment history, most recent
    first): the employer (a business trafficker, else one recorded as employer, else the first named), the work,
    the dates and the place."""
    if _blank(case):
        return []
    since = case.today - dt.timedelta(days=5 * 365 + 1)
    out = []
    for ep in case.trafficking:
        if ep.work is None or (ep.end or case.today) < since:
            continue
        named = [t for t in ep.traffickers if t.name]
        boss = next((t for t in named if t.kind == "business"), None) or \
            next((t for t in named if "employer" in (t.relationship or "").lower()), None) or \
            (named[0] if named else None)
        us_state = ep.jurisdiction and ep.jurisdiction.startswith("us-")
        state = ep.jurisdiction.split("-", 1)[1].upper() if us_state else None
        out.append({"employer": boss.name if boss else None, "occupation": ep.work.occupation, "start": ep.start,
                    "end": ep.end, "city": ep.place, "state": state, "country": ep.country})
    return sorted(out, key=lambda j: j["start"] or dt.date.min, reverse=True)


def _i914_overflow(case: Any) -> list[dict[str, str]]:
    """What does not fit its I-914 item, for Part 9 (page, part, item, text): other names past two (Part 2 item 2),
    agencies past the first (Part 3 item 5), children past three (Part 5 item 5)."""
    if _blank(case):
        return []
    out = []
    for n in case.survivor.other_names[2:]:
        out.append({"page": "1", "part": "2", "item": "2", "text": f"Other name used: {n.full()}"})
    for c in case.law_enforcement.contacts[1:] if case.law_enforcement.reported else []:
        details = [c.agency or "", ", ".join(c.address.lines("US")) if c.address else "",
                   f"telephone {c.phone}" if c.phone else "", f"case number {c.case_number}" if c.case_number else ""]
        out.append({"page": "3", "part": "3", "item": "5",
                    "text": "Also reported to: " + "; ".join(d for d in details if d)})
    for child in _children(case)[3:]:
        born = f", born {_mdy(child.date_of_birth)}" if child.date_of_birth else ""
        where = f", lives in {_country(child.location_country)}" if child.location_country else ""
        out.append({"page": "8", "part": "5", "item": "5", "text": f"Child: {child.name.full()}{born}{where}"})
    return out


def _family(case: Any, relationship: str) -> list[Any]:
    return [] if _blank(case) else [m for m in case.family if m.relationship == relationship]


def _spouse(case: Any) -> Any:
    found = _family(case, "spouse")
    return found[0] if found else None


def _children(case: Any) -> list[Any]:
    return _family(case, "child")


def _minor_at_any_act(case: Any) -> Optional[bool]:
    """Under 18 at the start of some episode (True), adult at every start (False), else unknown."""
    if _blank(case) or case.survivor.date_of_birth is None or not case.trafficking:
        return None
    ages = [case.survivor.age_on(ep.start) for ep in case.trafficking if ep.start]
    if any(a < 18 for a in ages):
        return True
    if len(ages) == len(case.trafficking):
        return False
    return None


def _requests_complied(case: Any) -> Optional[bool]:
    """Every law-enforcement request answered and complied with (True), one refused (False), else unknown."""
    if _blank(case):
        return None
    answers = [r.complied for c in case.law_enforcement.contacts for r in c.requests]
    if any(a is False for a in answers):
        return False
    if answers and all(a is True for a in answers):
        return True
    return None


def _element_status(screen: Any, remedy_id: str, element_id: str) -> Optional[str]:
    """An element's status from a screening result (the object or its contract JSON), if given."""
    if _blank(screen):
        return None

    def get(obj: Any, key: str) -> Any:
        return obj.get(key) if isinstance(obj, Mapping) else getattr(obj, key, None)

    for remedy in get(screen, "remedies") or []:
        if get(remedy, "id") == remedy_id:
            for element in get(remedy, "elements") or []:
                if get(element, "id") == element_id:
                    status = get(element, "status")
                    return getattr(status, "value", status)
    return None


def _derivatives(screen: Any, remedy_id: str) -> Optional[bool]:
    """Whether the principal applies now for a family member: one eligible (True), none can be (False), else unknown."""
    if _blank(screen):
        return None
    found = [f for f in (screen.get("family") if isinstance(screen, Mapping) else getattr(screen, "family", []))
             if (f.get("for_remedy") if isinstance(f, Mapping) else f.for_remedy) == remedy_id]
    eligible = [f.get("eligible") if isinstance(f, Mapping) else f.eligible for f in found]
    if any(e is True for e in eligible):
        return True
    if all(e is False for e in eligible):
        return False
    return None


def _language(code: Any) -> Optional[str]:
    return None if _blank(code) else language_name(str(code))


FILTERS = {
    "mdy": _mdy, "country": _country, "countries": _countries, "digits": _digits, "a_number": _a_number,
    "us_phone": _us_phone, "zip5": _zip5, "unit_kind": _unit_kind, "unit_number": _unit_number,
    "place_city": _place_city, "place_state": _place_state, "mailing_address": _mailing_address,
    "same_address": _same_address, "jobs": _jobs, "i914_overflow": _i914_overflow,
    "spouse": _spouse, "children": _children, "minor_at_any_act": _minor_at_any_act,
    "requests_complied": _requests_complied, "element_status": _element_status, "derivatives": _derivatives,
    "language": _language,
}


@lru_cache(maxsize=1)
def _env() -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=ChainableUndefined, autoescape=False)
    env.filters.update(FILTERS)
    return env


@lru_cache(maxsize=2048)
def _compiled(expression: str) -> Any:
    return _env().compile_expression(expression, undefined_to_none=True)


def evaluate(expression: str, context: Mapping[str, Any], where: str = "") -> Any:
    """Evaluate one map expression in the sandbox; a broken expression is a MapError."""
    try:
        value = _compiled(expression)(**context)
    except (TemplateError, TypeError, AttributeError, ValueError) as err:
        raise MapError(f"{where}: expression {expression!r} failed ({err.__class__.__name__})") from None
    return None if isinstance(value, Undefined) else value


def make_context(case: Case, screen: Any = None, packs: Any = None) -> dict[str, Any]:
    """The names a map may use: case, screen (may be None), today, rep (the representative) and grounds: the INA
    sections the T application's Form I-192 addresses (rules.inadmissibility; needs the packs, else empty)."""
    grounds: list[str] = []
    if packs is not None:
        from .rules.inadmissibility import filed

        grounds = [f"INA {g.section}" for g in filed(case, packs) if g.section]
    return {"case": case, "screen": screen, "today": case.today, "rep": case.representative, "grounds": grounds}


def _as_text(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.strftime("%m/%d/%Y")
    return str(value)


def _short(name: str) -> str:
    return name.rsplit(".", 1)[-1]


_ROW = re.compile(r"^(.*?)\[(\d+)\]")


def _not_applicable(expression: str, context: Mapping[str, Any]) -> bool:
    """A blank field that asks nothing of this case: a row past the end of its list (a second child when there is
    one), or a value the expression's condition keeps off this form (a U.S. state for an address abroad)."""
    row = _ROW.match(expression)
    if row:
        try:
            items = evaluate(row.group(1), context)
        except MapError:
            items = None
        if isinstance(items, (list, tuple)) and len(items) <= int(row.group(2)):
            return True
    _value, sep, condition = expression.partition(" if ")
    if sep:
        try:
            return not evaluate(condition.rsplit(" else ", 1)[0], context)
        except MapError:
            return False
    return False


def _what(info: Optional[FieldInfo], name: str) -> str:
    """What a field asks, in the form's own words: the end of its tooltip ("Child 1. Enter City or Town." ->
    "Child 1, City or Town"), else its PDF name."""
    sentences = [x.strip() for x in re.split(r"(?<=[a-z0-9)])\.\s+", (info.tooltip if info else "").strip(" ."))
                 if x.strip() and not re.match(r"^(enter\s+)?(the\s+date\s+)?as\s+(a\s+)?2", x.strip(), re.I)]
    if not sentences:
        return _short(name)
    last = re.sub(r"^(Enter|Select|Provide)\s+(the\s+|your\s+)?", "", sentences[-1]).strip(" .")
    before = sentences[-2] if len(sentences) > 1 else ""
    if before and len(before) <= 25 and not re.fullmatch(r"(Part\s*)?\d+|[A-Z]", before, re.I):
        last = f"{before}, {last}"
    return last[:1].upper() + last[1:]


def _encodable(text: str) -> bool:
    """The forms' fonts use WinAnsiEncoding (Windows-1252): anything else would print as "?"."""
    try:
        text.encode("cp1252")
    except UnicodeEncodeError:
        return False
    return True


@dataclass
class Planned:
    """What a map asks to write into one PDF: text and choice values, ticked checkboxes, warnings."""

    text: dict[str, str] = field(default_factory=dict)
    checked: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    too_long: set[str] = field(default_factory=set)   # left blank because the box is too short (a warning says so)


def _expressions(fmap: FieldMap) -> list[str]:
    """Every expression of a map, in a fixed order: the fields, then the warnings."""
    return [spec.when if isinstance(spec, Checkbox) else spec for spec in fmap.fields.values()] + \
        [w.when for w in fmap.warnings]


@lru_cache(maxsize=16)
def _program(form_id: str, edition: str) -> Any:
    """All of a map's expressions compiled as one list expression (one compile instead of ~100)."""
    fmap = load_map(form_id, edition)
    try:
        return _env().compile_expression("[" + ", ".join(f"({e})" for e in _expressions(fmap)) + "]")
    except TemplateError:
        for expression in _expressions(fmap):
            evaluate(expression, {}, f"{form_id} {edition}")
        raise


def _evaluate_all(fmap: FieldMap, context: Mapping[str, Any]) -> list[Any]:
    try:
        return list(_program(fmap.form, fmap.edition)(**context))
    except (TemplateError, TypeError, AttributeError, ValueError):
        where = f"{fmap.form}.{fmap.edition.replace('/', '-')}.yml"
        for expression in _expressions(fmap):  # find the culprit for a precise message
            evaluate(expression, context, where)
        raise


def plan(fmap: FieldMap, context: Mapping[str, Any], infos: Mapping[str, FieldInfo]) -> Planned:
    """Evaluate every mapping; values the PDF cannot hold are an InputError naming the case field."""
    out = Planned()
    problems = []
    results = iter(_evaluate_all(fmap, context))
    for name, spec in fmap.fields.items():
        value = next(results)
        if isinstance(spec, Checkbox):
            if value and not _blank(value):
                out.checked[name] = spec.export
            continue
        if _blank(value) or value is False:
            continue
        problem = _fit(fmap, name, spec, _as_text(value), infos[name])
        if isinstance(problem, TooLong):
            out.warnings.append(problem.message)
            out.too_long.add(name)
        elif isinstance(problem, Problem):
            problems.append(problem)
        else:
            out.text[name] = problem
    if problems:
        raise InputError(problems, source=f"Form {fmap.form.upper()} ({fmap.edition})")
    for warning in fmap.warnings:
        if next(results):
            out.warnings.append(f"Form {fmap.form.upper()}: {warning.message}")
    return out


@dataclass(frozen=True)
class TooLong:
    """A free-text value longer than its box: the field stays blank and the preparer is told (never the value)."""

    message: str


def _fit(fmap: FieldMap, name: str, expression: str, text: str, info: FieldInfo) -> Union[str, Problem, TooLong]:
    """The text as the field will hold it, or the reason it cannot (naming the case field, not the value)."""
    found = _CASE_PATH.search(expression)
    path = found.group(0)[len("case."):] if found else _short(name)
    label = f"Form {fmap.form.upper()} field {_short(name)}"
    if not info.multiline:
        text = " ".join(text.split())
    if not _encodable(text):
        return Problem(path, f"{label}: has letters the form's font cannot print (Latin script only); "
                             "give it in Latin letters, as in the passport's machine-readable line")
    if info.max_length is not None and len(text) > info.max_length:
        if not info.comb:  # a long name or address: the form's box is short, the value is right
            return TooLong(f"{label} ({path}) left blank: longer than the {info.max_length} characters the form "
                           "allows; write it by hand, shortened, or continue it on the additional-information page")
        return Problem(path, f"{label}: longer than the {info.max_length} characters the form allows")
    if info.kind == "choice":
        option = next((o for o in info.options if o.strip() == text.strip()), None)
        if option is None:
            return Problem(path, f"{label}: not one of the form's choices")
        return option
    return text


# --- filling ------------------------------------------------------------------------------------

@dataclass(frozen=True)
class FillResult:
    form: str
    edition: str
    path: Path
    fields_filled: int
    boxes_checked: int
    warnings: list[str]
    # For the memo: mapped text fields left empty ("Part 2 item 20: <field> (not in the case)") and the map's
    # left_blank items with why ("Part 4 items 1-21: ...").
    blank: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"form": self.form, "edition": self.edition, "path": str(self.path),
                "fields_filled": self.fields_filled, "boxes_checked": self.boxes_checked,
                "warnings": list(self.warnings)}


@lru_cache(maxsize=8)
def field_parts(form_id: str, edition: str) -> dict[str, str]:
    """Each mapped field's part and item, read from the map's own comments ("# Part 2 item 1: full legal name"),
    so the preparer's memo can name the items a form leaves blank as the form does."""
    path = next((p for p in _map_files() if load_map(form_id, edition).form == form_id
                 and p.name.startswith(f"{form_id}.{edition.replace('/', '-')}")), None)
    if path is None:
        return {}
    found: dict[str, str] = {}
    current, continued = "", False
    for line in path.read_text(encoding="utf-8").splitlines():
        comment = re.match(r"^  #\s*(.+)$", line)
        if comment:
            if not continued:   # a comment's first line names the part; the lines after it only explain
                text = comment.group(1)
                part = re.match(r"(Part \d+[^:;(]*)", text)
                current = (part.group(1) if part else re.split(r"[:;(]", text)[0]).strip().rstrip(",")
            continued = True
            continue
        continued = False
        key = re.match(r'^\s+"([^"]+)":', line)
        if key and current:
            found[key.group(1)] = current
    return found


def source_pdf(form_id: str, folder: Optional[Path] = None) -> Path:
    """The blank PDF to fill: in ``folder`` when one is named; else the forms folder's copy (what ``forms fetch``
    downloaded) when there is one, else the copy shipped in the package."""
    name = load_map(form_id).file_name
    if folder:
        return Path(folder) / name
    fetched = forms_dir() / name
    if fetched.is_file() or not (MAPS_DIR / name).is_file():
        return fetched
    return MAPS_DIR / name


def fill(form_id: str, context: Mapping[str, Any], out_path: Path | str,
         folder: Optional[Path | str] = None) -> FillResult:
    """Fill the official PDF of ``form_id`` from the forms folder into ``out_path`` (atomically).

    ``context`` holds ``case`` and optionally ``screen``, ``today`` and ``rep`` (see make_context).
    """
    context = dict(context)
    case = context.get("case")
    if case is not None:
        context.setdefault("today", case.today)
        context.setdefault("rep", case.representative)
    context.setdefault("screen", None)
    src = source_pdf(form_id, Path(folder) if folder else None)
    out_path = Path(out_path)
    if not src.is_file():
        raise InputError([Problem("(form)", f"not found; {FETCH_HINT}")], source=str(src))
    try:
        pdf = _open(src)
    except (pikepdf.PdfError, pikepdf.PasswordError) as err:
        raise InputError([Problem("(form)", f"cannot be opened ({err.__class__.__name__}); {FETCH_HINT}")],
                         source=str(src)) from None
    with pdf:
        fmap, problems, infos = _check(form_id, src, pdf)
        if problems or fmap is None:
            raise InputError([Problem("(form)", p.removeprefix(f"{src}: ")) for p in problems], source=str(src))
        todo = plan(fmap, context, infos)
        _write_values(pdf, todo)
        _save_atomic(pdf, out_path)
    parts = field_parts(fmap.form, fmap.edition)
    blank = [f"{parts.get(name, 'no part named in the map')} (not in the case): {_what(infos.get(name), name)}"
             for name, spec in fmap.fields.items()
             if not isinstance(spec, Checkbox) and name not in todo.text and name not in todo.too_long
             and not _not_applicable(spec, context)]
    blank += [f"{b.item}: {b.why}" for b in fmap.left_blank]
    return FillResult(fmap.form, fmap.edition, out_path, len(todo.text), len(todo.checked), todo.warnings, blank)


def _write_values(pdf: pikepdf.Pdf, todo: Planned) -> None:
    acro = pdf.Root.AcroForm
    if "/XFA" in acro:
        del acro["/XFA"]
    if "/Perms" in pdf.Root:  # the usage-rights signature breaks once fields change
        del pdf.Root["/Perms"]
    form = Form(pdf, ExtendedAppearanceStreamGenerator, ignore_max_length=True)
    for name, text in todo.text.items():
        form[name].value = text
    for name, export in todo.checked.items():  # the map's export value (checked by _check); qpdf sets /AS too
        for box in pdf.acroform.get_fields_with_qualified_name(name):
            box.set_value(pikepdf.Name("/" + export))
    acro.NeedAppearances = True


def _save_atomic(pdf: pikepdf.Pdf, out_path: Path) -> None:
    out_path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", suffix=".pdf", dir=out_path.parent)
    os.close(fd)
    try:
        pdf.save(tmp)
        os.replace(tmp, out_path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- download ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class FetchOutcome:
    form: str
    url: str
    path: Optional[Path]
    problems: list[str]
    mismatch: bool = False    # downloaded but not the edition of its map (exit 2)

    @property
    def ok(self) -> bool:
        return not self.problems

    def to_json(self) -> dict[str, Any]:
        return {"form": self.form, "url": self.url, "path": str(self.path) if self.path else None,
                "ok": self.ok, "problems": list(self.problems)}


@dataclass(frozen=True)
class FormSource:
    """Where a form is downloaded from, as the us pack states it (with the confidence of that address)."""

    form: str
    url: str
    parameter: str
    confidence: str


def pack_sources(day: Optional[dt.date] = None, packs: Any = None) -> dict[str, FormSource]:
    """Download addresses from the us pack (each map names its parameter); a missing one is an InputError."""
    from .packs import load_packs

    packs = packs or load_packs()
    day = day or dt.date.today()
    found, problems = {}, []
    for form_id in form_ids():
        fmap = load_map(form_id)
        value = packs.value("us", fmap.url_parameter, day) if "us" in packs else None
        if value is None:
            problems.append(Problem(f"parameters.{fmap.url_parameter}", f"no download address for {form_id}"))
        else:
            found[form_id] = FormSource(form_id, str(value.value), fmap.url_parameter, value.confidence)
    if problems:
        source = str(packs.files["us"]) if "us" in packs else "jurisdictions/us.yml"
        raise InputError(problems, source=source)
    return found


def pack_edition_notes(day: Optional[dt.date] = None, packs: Any = None) -> list[str]:
    """Where the us pack names an accepted edition (e.g. i914_edition) that no map covers."""
    from .packs import load_packs

    packs = packs or load_packs()
    day = day or dt.date.today()
    notes = []
    for form_id in form_ids():
        fmap = load_map(form_id)
        if fmap.edition_parameter is None or "us" not in packs:
            continue
        value = packs.value("us", fmap.edition_parameter, day)
        editions = {m.edition for m in maps() if m.form == form_id}
        if value is not None and str(value.value) not in editions:
            notes.append(f"{form_id}: the us pack gives edition {value.value} [{value.confidence}] "
                         f"({fmap.edition_parameter}); the field maps cover {', '.join(sorted(editions))}")
    return notes


def fetch(dest: Path | str, urls: Mapping[str, str], timeout: float = 60) -> list[FetchOutcome]:
    """Download each form to ``dest`` (temp file + os.replace) and keep it only if it matches its map."""
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    outcomes = []
    for form_id, url in urls.items():
        fmap = load_map(form_id)
        if not url.startswith(("https://", "http://")):
            outcomes.append(FetchOutcome(form_id, url, None, [f"{form_id}: not an http(s) address: {url}"]))
            continue
        fd, tmp_name = tempfile.mkstemp(prefix=f".{form_id}-", suffix=".part", dir=dest)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:  # noqa: S310
                while chunk := resp.read(1 << 16):
                    out.write(chunk)
            problems = verify(form_id, tmp)
            if problems:
                problems = [p.replace(str(tmp), f"{form_id} from {url}") for p in problems]
                outcomes.append(FetchOutcome(form_id, url, None, problems, mismatch=True))
                continue
            target = dest / fmap.file_name
            os.replace(tmp, target)
            outcomes.append(FetchOutcome(form_id, url, target, []))
        except (urllib.error.URLError, OSError, ValueError) as err:
            reason = f"HTTP {err.code}" if isinstance(err, urllib.error.HTTPError) else err.__class__.__name__
            outcomes.append(FetchOutcome(form_id, url, None, [f"{form_id}: download from {url} failed ({reason})"]))
        finally:
            tmp.unlink(missing_ok=True)
    return outcomes


def status(folder: Optional[Path | str] = None) -> list[dict[str, Any]]:
    """Each known form: its map edition, the file expected in the folder and any problem with it."""
    rows = []
    for form_id in form_ids():
        fmap = load_map(form_id)
        path = source_pdf(form_id, Path(folder) if folder else None)
        rows.append({"form": form_id, "title": fmap.title, "edition": fmap.edition, "pages": fmap.pages,
                     "mapped_fields": len(fmap.fields), "path": str(path), "problems": verify(form_id, path)})
    return rows
