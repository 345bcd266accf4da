"""The case file: one survivor's matter, told once, from which every filing is assembled.

Field names follow ``shared/design/contract.md`` section 1. Only ``case_id`` is required because
intake is gradual: a missing value means "unknown" and later commands report it as information still
needed. Unknown keys are refused so that a misspelt field is never silently dropped.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal, Optional

from babel import Locale, UnknownLocaleError
from babel.numbers import list_currencies
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, ValidationError, field_validator

from . import safeio, sealing
from .errors import InputError, Problem

CASE_ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
_CURRENCIES = frozenset(list_currencies())
# Dates a case can hold: nothing before 1900 (no survivor was born earlier) or after 2100; a date in year 1
# would make deadline counting walk two thousand years of holidays.
FIRST_DAY, LAST_DAY = dt.date(1900, 1, 1), dt.date(2100, 12, 31)
MAX_AMOUNT = Decimal("1000000000000")   # a trillion in any currency
MAX_DECIMALS = 4
MAX_TEXT = 100_000                       # characters in one text value
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_AMOUNT = re.compile(r"-?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?")
# ISO 3166-1 alpha-2 codes (CLDR's territories, without the codes for unknown, EU, eurozone, UN, outlying
# Oceania and the pseudo-locales; XK, Kosovo, stays: the EU and USCIS use it).
_COUNTRIES = frozenset(k for k in Locale("en").territories
                       if len(k) == 2 and k.isalpha() and k not in {"ZZ", "EU", "EZ", "UN", "QO", "XA", "XB"})
_LANGUAGES = frozenset(Locale("en").languages)
_BCP47 = re.compile(r"([a-z]{2,3})(?:-([a-z]{4}))?(?:-([a-z]{2}|\d{3}))?")


def _day(value: Any) -> dt.date:
    """A calendar day written YYYY-MM-DD (or a date object), between 1900 and 2100; never a number."""
    if isinstance(value, dt.datetime):
        value = value.date() if value.time() == dt.time(0) else value
        if isinstance(value, dt.datetime):
            raise ValueError("a date without a time of day (YYYY-MM-DD)")
    if isinstance(value, dt.date):
        day = value
    elif isinstance(value, str):
        text = value.strip()
        if not _DATE.fullmatch(text):
            raise ValueError("not a date: write it as YYYY-MM-DD")
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError("not a real date (no such day in the calendar)") from None
    else:
        raise ValueError("not a date: write it as YYYY-MM-DD, not as a number")
    if not FIRST_DAY <= day <= LAST_DAY:
        raise ValueError(f"outside the years {FIRST_DAY.year} to {LAST_DAY.year}")
    return day


def _country(value: str) -> str:
    code = value.strip().upper()
    if code not in _COUNTRIES:
        raise ValueError("not an ISO 3166-1 country code (two letters, e.g. US, GT, MX)")
    return code


def _language(value: str) -> str:
    """A BCP 47 tag (language, optional script and region); its letters put in the usual case."""
    match = _BCP47.fullmatch(value.strip().replace("_", "-").lower())
    if not match or (len(match[1]) == 2 and match[1] not in _LANGUAGES) or \
            (match[3] and match[3].isalpha() and match[3].upper() not in _COUNTRIES):
        raise ValueError("not a BCP 47 language tag (e.g. es, en, pt-BR, mam)")
    lang, script, region = match.groups()
    return "-".join(p for p in (lang, script.title() if script else None, region.upper() if region else None) if p)


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")


def _email(value: str) -> str:
    text = value.strip()
    if not _EMAIL.fullmatch(text):
        raise ValueError("not an e-mail address (e.g. name@example.org)")
    return text


def _filled(value: str) -> str:
    text = value.strip()
    if not text:
        raise ValueError("empty: leave the entry out instead")
    return text


def _locale_tag(value: str) -> str:
    try:
        Locale.parse(value.strip().replace("-", "_"))
    except (UnknownLocaleError, ValueError, TypeError):
        raise ValueError("not a locale this tool knows (e.g. en_US, es, pt-BR)") from None
    return value.strip()


Day = Annotated[dt.date, BeforeValidator(_day)]
Country = Annotated[str, AfterValidator(_country)]
Language = Annotated[str, AfterValidator(_language)]
LocaleTag = Annotated[str, AfterValidator(_locale_tag)]
Email = Annotated[str, AfterValidator(_email)]
Filled = Annotated[str, AfterValidator(_filled)]


class Model(BaseModel):
    """Base for every case-file part: unknown keys are errors, values are re-validated on change."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True, str_max_length=MAX_TEXT)


class Money(Model):
    """An exact amount in a currency; floats are never used for money."""

    amount: Decimal
    currency: str

    @field_validator("amount", mode="before")
    @classmethod
    def _exact(cls, value: Any) -> Any:
        if isinstance(value, bool):
            raise ValueError("not an amount: write digits, e.g. 1234.50")
        if isinstance(value, float):
            return Decimal(repr(value))
        if isinstance(value, int):
            return Decimal(value)
        if isinstance(value, str):
            text = value.strip()
            if not _AMOUNT.fullmatch(text):
                raise ValueError("not an amount: write digits with a dot before the cents, e.g. 1234.50")
            return Decimal(text.replace(",", ""))
        return value

    @field_validator("amount")
    @classmethod
    def _not_negative(cls, value: Decimal) -> Decimal:
        if not value.is_finite():
            raise ValueError("not a finite amount")
        if value < 0:
            raise ValueError("negative amount")
        if value > MAX_AMOUNT:
            raise ValueError("more than a trillion: check the amount")
        if value.as_tuple().exponent < -MAX_DECIMALS:  # type: ignore[operator]
            raise ValueError(f"more than {MAX_DECIMALS} decimals")
        return value

    @field_validator("currency")
    @classmethod
    def _known_currency(cls, value: str) -> str:
        code = value.strip().upper()
        if code not in _CURRENCIES:
            raise ValueError("unknown currency (use an ISO 4217 code such as USD, EUR, GBP)")
        return code


class Name(Model):
    first: Optional[str] = None
    middle: Optional[str] = None
    last: Optional[str] = None

    def full(self) -> str:
        """The name as written in letters: first, middle, last, skipping blanks."""
        return " ".join(p for p in (self.first, self.middle, self.last) if p)


class Address(Model):
    in_care_of: Optional[str] = None
    street: Optional[str] = None
    unit: Optional[str] = None
    city: Optional[str] = None
    region: Optional[str] = None
    postal_code: Optional[str] = None
    country: Optional[Country] = None

    def lines(self, home: Optional[str] = None) -> list[str]:
        """Postal lines, blank parts left out; no country line when the address is in ``home`` (the country of the
        authority written to: a U.S. address on a letter to USCIS)."""
        out = []
        if self.in_care_of:
            out.append(f"c/o {self.in_care_of}")
        street = " ".join(p for p in (self.street, self.unit) if p)
        if street:
            out.append(street)
        city = " ".join(p for p in (self.city, self.region, self.postal_code) if p)
        if city:
            out.append(city)
        if self.country and self.country != home:
            out.append(self.country)
        return out


class Contact(Model):
    physical_address: Optional[Address] = None
    safe_mailing_address: Optional[Address] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    safe_to_call: Optional[bool] = None


class Departure(Model):
    """One time the person left the United States, with the unlawful presence of the stay it ended
    (INA 212(a)(9)(B)(i): the 3- and 10-year bars run from a departure after such a stay)."""

    date: Optional[Day] = None
    # Days of unlawful presence in the stay that ended with this departure, as the preparer counted them.
    unlawful_presence_days: Optional[int] = Field(default=None, ge=0, le=40000)


class Immigration(Model):
    present_in: Optional[str] = None
    last_entry_date: Optional[Day] = None
    last_entry_place: Optional[str] = None
    status: Optional[str] = None
    # The I-94 class of the current or last status as USCIS codes it (B2, EWI, PAR ...): the I-914 list.
    status_code: Optional[str] = Field(default=None, pattern=r"^[A-Z0-9]{1,4}$")
    # Whether the last entry was the first ever (I-914 Part 3 item 8) and on account of the trafficking (item 9).
    first_entry: Optional[bool] = None
    last_entry_on_account_of_trafficking: Optional[bool] = None
    # The receipt number of an earlier Form I-914 (Part 1 1.B); none: a first application (1.A).
    prior_t_receipt: Optional[str] = Field(default=None, pattern=r"^[A-Z]{3}[0-9]{10}$")
    # An employment authorization document was issued before (the I-765 is then not an initial request).
    prior_ead: Optional[bool] = None
    i94_number: Optional[str] = None
    passport_number: Optional[str] = None
    passport_country: Optional[Country] = None
    passport_issued: Optional[Day] = None
    passport_expires: Optional[Day] = None
    # Whether the person is present in the country on account of the trafficking (8 CFR 214.207);
    # left unknown when the facts have not been discussed.
    present_on_account_of_trafficking: Optional[bool] = None
    in_removal_proceedings: Optional[bool] = None
    # The last entry was without inspection (not admitted or paroled): INA 212(a)(6)(A)(i).
    entered_without_inspection: Optional[bool] = None
    # Whether the person holds a passport valid six months ahead and a valid nonimmigrant visa: INA 212(a)(7)(B)(i).
    valid_passport: Optional[bool] = None
    valid_nonimmigrant_visa: Optional[bool] = None
    # Each departure from the United States (None: not asked; []: never left). first_entry true also means
    # never left before the last entry.
    departures: Optional[list[Departure]] = None
    # A lawful permanent resident (green-card holder) needs no T, U or Continued Presence (INA 101(a)(15)).
    lawful_permanent_resident: Optional[bool] = None
    # In a Dublin procedure (Regulation 604/2013) in the country where reflection time is sought: the Dutch
    # reflection period is then 30 days, not 3 months (Vc 2000 B8/3.1 as amended by WBV 2023/11).
    dublin_procedure: Optional[bool] = None
    # A minor in the country without a parent or legal guardian (Belgium gives unaccompanied minors a
    # 3-month document at once).
    unaccompanied: Optional[bool] = None


class Survivor(Model):
    name: Name = Field(default_factory=Name)
    # The same name in another script (e.g. Cyrillic), written in letters to an authority using that script.
    name_other_script: Optional[Name] = None
    other_names: list[Name] = Field(default_factory=list)
    date_of_birth: Optional[Day] = None
    sex: Optional[str] = None
    gender: Optional[str] = None
    marital_status: Optional[Literal["single", "married", "divorced", "widowed"]] = None
    pronouns: Optional[str] = None
    country_of_birth: Optional[Country] = None
    city_of_birth: Optional[str] = None
    # State or province of birth (I-914 Part 2 item 11, I-192 Part 2 item 6, I-765 Part 2 item 16).
    region_of_birth: Optional[str] = None
    citizenship: list[Country] = Field(default_factory=list)
    languages: list[Language] = Field(default_factory=list)
    a_number: Optional[str] = None
    ssn: Optional[str] = None
    # The survivor's own USCIS online account number, if they have one (12 digits).
    uscis_account_number: Optional[str] = Field(default=None, pattern=r"^[0-9]{12}$")
    contact: Contact = Field(default_factory=Contact)
    immigration: Immigration = Field(default_factory=Immigration)
    # 8 CFR 214.202(c)(2): trauma that makes cooperation with law enforcement impossible.
    trauma_prevents_cooperation: Optional[bool] = None
    # INA 101(a)(15)(U): substantial physical or mental abuse from the crime.
    substantial_abuse: Optional[bool] = None
    # 8 CFR 214.202(e): substantial reason to believe the person committed trafficking.
    committed_trafficking: Optional[bool] = None

    def age_on(self, day: dt.date) -> Optional[int]:
        """Completed years on ``day``; a birthday counts on its own date (29 Feb -> 1 Mar)."""
        if self.date_of_birth is None:
            return None
        return age_on(self.date_of_birth, day)


def add_years(day: dt.date, years: int) -> dt.date:
    """The same date ``years`` later; 29 February becomes 1 March, the day ``age_on`` counts that birthday."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return dt.date(day.year + years, 3, 1)


def age_on(birth: dt.date, day: dt.date) -> int:
    """Completed years of a person born on ``birth`` on ``day``."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


class Form(StrEnum):
    labor = "labor"
    sex_industry = "sex_industry"
    both = "both"


Means = Literal["force", "fraud", "coercion", "debt_bondage", "document_confiscation", "threats",
                "isolation", "other"]


class Trafficker(Model):
    name: Optional[str] = None
    kind: Optional[Literal["person", "business", "other"]] = None
    relationship: Optional[str] = None


class Work(Model):
    hours_per_week: Optional[Decimal] = None
    wages_paid: Optional[Money] = None
    defendant_gross_income: Optional[Money] = None
    # Days worked in a usual week; spreads weekly hours over partial weeks (docs/restitution.md).
    days_per_week: Optional[int] = Field(default=None, ge=1, le=7)
    # Pay in a usual full week, when known week by week: credited against each workweek on its own
    # (29 CFR 778.104); otherwise ``wages_paid`` is spread over the weeks (docs/restitution.md).
    wages_paid_per_week: Optional[Money] = None
    # How many people the employer employs: California's minimum wage differed by employer size (2017-2022).
    employer_employees: Optional[int] = Field(default=None, ge=1)
    occupation: Optional[str] = None

    @field_validator("hours_per_week")
    @classmethod
    def _possible_hours(cls, value: Optional[Decimal]) -> Optional[Decimal]:
        if value is not None and (value < 0 or value > 168):
            raise ValueError("hours a week is impossible (a week has 168 hours)")
        return value


class Episode(Model):
    form: Optional[Form] = None
    start: Optional[Day] = None
    end: Optional[Day] = None
    jurisdiction: Optional[str] = None
    place: Optional[str] = None
    country: Optional[Country] = None
    means: list[Means] = Field(default_factory=list)
    traffickers: list[Trafficker] = Field(default_factory=list)
    work: Optional[Work] = None
    description: Optional[str] = None


class Identification(Model):
    kind: Literal["police_indication", "formal_identification", "reasonable_grounds",
                  "conclusive_grounds"]
    date: Optional[Day] = None
    authority: Optional[str] = None
    positive: bool = True


class LERequest(Model):
    date: Optional[Day] = None
    description: Optional[str] = None
    complied: Optional[bool] = None
    reason_not: Optional[str] = None


class LEContact(Model):
    agency: Optional[str] = None
    level: Optional[Literal["federal", "state", "local", "tribal", "foreign"]] = None
    date: Optional[Day] = None
    case_number: Optional[str] = None
    officer: Optional[str] = None
    address: Optional[Address] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    requests: list[LERequest] = Field(default_factory=list)


class CourtOfficer(Model):
    """Someone the restitution papers are addressed to: the prosecutor (an Assistant United States Attorney, a deputy
    district attorney) or the probation officer who writes the presentence report."""

    name: Optional[Filled] = None
    office: Optional[Filled] = None
    address: Optional[Address] = None
    email: Optional[Email] = None


class CriminalCase(Model):
    status: Literal["none", "investigation", "charged", "convicted", "acquitted", "closed"] = "none"
    # Which system prosecutes: 18 U.S.C. 1593 restitution needs a federal case, Cal. Penal Code 1202.4 a
    # California state one. None: not recorded (a question, never a guess).
    forum: Optional[Literal["federal", "state", "foreign"]] = None
    court: Optional[str] = None
    case_number: Optional[str] = None
    final_court_act_date: Optional[Day] = None
    # The defendants exactly as the charging document (indictment, information, complaint) names them: the
    # caption of the restitution papers. Empty: the traffickers recorded in ``trafficking`` are used.
    defendants: list[Filled] = Field(default_factory=list)
    prosecutor: Optional[CourtOfficer] = None
    probation_officer: Optional[CourtOfficer] = None
    # The sentencing hearing, when the court has set it (restitution is ordered at sentencing).
    sentencing_date: Optional[Day] = None


class LawEnforcement(Model):
    reported: Optional[bool] = None
    report_date: Optional[Day] = None
    crime_reference: Optional[str] = None
    contacts: list[LEContact] = Field(default_factory=list)
    supplement_b: Optional[Literal["none", "requested", "signed", "declined"]] = None
    u_certification: Optional[Literal["none", "requested", "signed", "declined"]] = None
    continued_presence: Optional[Literal["none", "requested", "granted"]] = None
    criminal_case: CriminalCase = Field(default_factory=CriminalCase)


class Loss(Model):
    kind: Literal["medical", "counseling", "lost_income", "relocation", "housing", "legal",
                  "childcare", "other"]
    amount: Money
    date: Optional[Day] = None
    description: Optional[str] = None
    evidence: list[str] = Field(default_factory=list)


class FamilyMember(Model):
    relationship: Literal["spouse", "child", "parent", "sibling", "other"]
    name: Name = Field(default_factory=Name)
    date_of_birth: Optional[Day] = None
    married: Optional[bool] = None
    # As on their documents (I-914 Supplement A); free text like the survivor's, M and F as the form offers.
    sex: Optional[str] = None
    country_of_birth: Optional[Country] = None
    # Where the family member lives now (I-914 Part 5 "current location").
    location_city: Optional[str] = None
    location_region: Optional[str] = None
    location_country: Optional[Country] = None
    in_present_danger: Optional[bool] = None
    # For a T-6: the index in ``family`` of the derivative whose child this person is.
    child_of: Optional[int] = None


class EvidenceItem(Model):
    id: str = Field(pattern=r"^[A-Za-z0-9_-]+$")
    kind: Optional[str] = None
    description: Optional[str] = None
    file: Optional[str] = None
    language: Optional[Language] = None
    translation_file: Optional[str] = None
    date: Optional[Day] = None
    supports: list[str] = Field(default_factory=list)


class Translator(Model):
    name: Optional[str] = None
    languages: list[Language] = Field(default_factory=list)
    address: Optional[Address] = None


# The parts of the survivor's statement, in the order a T-visa adjudicator reads a declaration (the elements of
# 8 CFR 214.202 in turn): background; recruitment and what was promised; the work and the means of control; the
# purpose (why the survivor could not leave: debt, threats, servitude); how it ended; why the survivor is in the
# country; each law-enforcement request and the response; what would happen on removal; family. Other keys are
# kept and come after these.
STATEMENT_SECTIONS = ("background", "recruitment", "exploitation", "purpose", "escape", "presence", "cooperation",
                      "fears", "family")


class Statement(Model):
    language: Optional[Language] = None
    sections: dict[str, str] = Field(default_factory=dict)
    # English text of each section when the statement was told in another language.
    sections_en: dict[str, str] = Field(default_factory=dict)
    translator: Optional[Translator] = None


class LateFiling(Model):
    """Why an application may come after a program's time limit: the grounds a letter argues (good cause)."""

    reasons: list[Literal["not_informed", "trauma", "fear", "communication", "prosecution"]] = Field(
        default_factory=list)
    explanation: Optional[str] = None


class Representative(Model):
    name: Optional[str] = None
    organization: Optional[str] = None
    bar_number: Optional[str] = None
    bar_state: Optional[str] = None
    email: Optional[str] = None
    phone: Optional[str] = None
    accredited: Optional[bool] = None
    address: Optional[Address] = None
    # Files a Form G-28 with the application (the I-914 attorney box is ticked only then).
    files_g28: Optional[bool] = None
    uscis_account_number: Optional[str] = None


class Assistant(Model):
    """Who interpreted the forms for the applicant, or prepared them (I-914 Parts 7 and 8)."""

    name: Name = Field(default_factory=Name)
    organization: Optional[str] = None
    address: Optional[Address] = None
    phone: Optional[str] = None
    email: Optional[str] = None
    # The interpreter's language (BCP 47).
    language: Optional[Language] = None
    # The preparer: an attorney or accredited representative, and whether the representation extends
    # beyond preparing the application (I-914 Part 8 item 7).
    attorney: Optional[bool] = None
    representation_extends: Optional[bool] = None


class Case(Model):
    """Everything known about one survivor's matter."""

    case_id: str = Field(pattern=CASE_ID_PATTERN, max_length=64)
    as_of: Optional[Day] = None
    locale: Optional[LocaleTag] = None
    example: Optional[str] = None
    jurisdictions: list[str] = Field(default_factory=list)
    survivor: Survivor = Field(default_factory=Survivor)
    trafficking: list[Episode] = Field(default_factory=list)
    identification: list[Identification] = Field(default_factory=list)
    law_enforcement: LawEnforcement = Field(default_factory=LawEnforcement)
    losses: list[Loss] = Field(default_factory=list)
    family: list[FamilyMember] = Field(default_factory=list)
    # None: not yet asked; []: asked, none. Grounds use short ids (unlawful_presence, ...).
    inadmissibility: Optional[list[str]] = None
    hardship: Optional[list[str]] = None
    evidence: list[EvidenceItem] = Field(default_factory=list)
    statement: Optional[Statement] = None
    representative: Optional[Representative] = None
    interpreter: Optional[Assistant] = None
    preparer: Optional[Assistant] = None
    late_filing: Optional[LateFiling] = None
    # Remedy ids (us.t_visa, us-tx.cvc ...) a representative chose to prepare; None: not chosen (every open one).
    filings: Optional[list[str]] = None
    # The date each application was filed, by remedy id (us.t_visa: 2026-02-01). Age tests that the law
    # takes on the filing date (T-visa family members, INA 214(o)) use it when present.
    filed_on: dict[str, Day] = Field(default_factory=dict)

    @property
    def today(self) -> dt.date:
        """The date every date-dependent answer is computed on."""
        return self.as_of or dt.date.today()

    def evidence_by_id(self, evidence_id: str) -> Optional[EvidenceItem]:
        return next((e for e in self.evidence if e.id == evidence_id), None)


# --- loading and checking ------------------------------------------------------------------------

_KEY = re.compile(r"[a-z_][a-z0-9_]{0,40}")   # how field names look; "Mateo" is shown as <key>


def _path_text(loc: Iterable[Any]) -> str:
    """``('trafficking', 0, 'end')`` -> ``trafficking[0].end``.

    A key that is not a plain identifier may be case text typed in the wrong place, so it is
    shown as ``<key>`` rather than echoed into an error message.
    """
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            text = str(part) if _KEY.fullmatch(str(part)) else "<key>"
            out += ("." if out else "") + text
    return out or "(top level)"


def _pydantic_problems(err: ValidationError) -> list[Problem]:
    problems = []
    for item in err.errors():
        loc = [p for p in item["loc"] if not (isinstance(p, str) and p.startswith("function-"))]
        msg = item["msg"]
        if item["type"] == "extra_forbidden":
            msg = "unknown field (check the spelling against docs/case-file.md)"
        elif item["type"] == "missing":
            msg = "required field is missing"
        elif msg.startswith("Value error, "):
            msg = msg[len("Value error, "):]
        problems.append(Problem(_path_text(loc), msg))
    return problems


def read_data(path: Path) -> Any:
    """Parse a YAML or JSON file (packs, labels); syntax errors and duplicate keys become an InputError."""
    text = safeio.decode_text(safeio.read_limited(path), str(path))
    return safeio.parse_text(text, "json" if path.suffix.lower() == ".json" else "yaml", str(path))


def read_case_data(path: Path, passphrase: Optional[sealing.Passphrase] = None) -> Any:
    """The raw data of a case file, plain or sealed: dates stay text so the model names a bad one's field."""
    source = str(path)
    kind = "json" if path.suffix.lower() == ".json" else "yaml"
    plain, kind = sealing.open_if_sealed(safeio.read_limited(path), kind, source, passphrase)
    return safeio.parse_text(safeio.decode_text(plain, source), kind, source, dates_as_text=True)


def text_problems(data: Any) -> list[Problem]:
    """Text no document can hold: a lone UTF-16 surrogate (JSON's ``\\ud800``) cuts a DOCX short.

    Control characters are not refused here: documents.py drops them when it renders.
    """
    problems: list[Problem] = []
    stack: list[tuple[Any, tuple[Any, ...]]] = [(data, ())]
    while stack:
        node, loc = stack.pop()
        if isinstance(node, dict):
            for key, value in node.items():
                if isinstance(key, str) and _bad_text(key):
                    problems.append(Problem(_path_text(loc), "a key holds characters a document cannot"))
                    continue
                stack.append((value, (*loc, key)))
        elif isinstance(node, list):
            stack.extend((value, (*loc, i)) for i, value in enumerate(node))
        elif isinstance(node, str) and _bad_text(node):
            problems.append(Problem(_path_text(loc), "holds a broken character (a lone UTF-16 surrogate): "
                                                     "retype it"))
    return sorted(problems, key=lambda p: p.path)


def _bad_text(text: str) -> bool:
    return any("\ud800" <= c <= "\udfff" for c in text)


def parse_case(data: Any, source: str = "(case)") -> Case:
    """Validate the structure of a case; every problem is reported, not only the first."""
    if not isinstance(data, dict):
        raise InputError([Problem("(top level)", "a case file must be a mapping of fields")], source=source)
    safeio.check_shape(data, source)
    problems = text_problems(data)
    if problems:
        raise InputError(problems, source=source)
    try:
        return Case.model_validate(data)
    except ValidationError as err:
        raise InputError(_pydantic_problems(err), source=source) from None


def _past_facts(case: Case) -> Iterable[tuple[str, Optional[dt.date]]]:
    """Dates of things that have happened: none can be after the day the case is computed on."""
    s = case.survivor
    yield "survivor.date_of_birth", s.date_of_birth
    yield "survivor.immigration.last_entry_date", s.immigration.last_entry_date
    yield "survivor.immigration.passport_issued", s.immigration.passport_issued
    for i, dep in enumerate(s.immigration.departures or []):
        yield f"survivor.immigration.departures[{i}].date", dep.date
    for i, ep in enumerate(case.trafficking):
        yield f"trafficking[{i}].start", ep.start
        yield f"trafficking[{i}].end", ep.end
    for i, ident in enumerate(case.identification):
        yield f"identification[{i}].date", ident.date
    le = case.law_enforcement
    yield "law_enforcement.report_date", le.report_date
    for i, contact in enumerate(le.contacts):
        yield f"law_enforcement.contacts[{i}].date", contact.date
        for j, req in enumerate(contact.requests):
            yield f"law_enforcement.contacts[{i}].requests[{j}].date", req.date
    yield "law_enforcement.criminal_case.final_court_act_date", le.criminal_case.final_court_act_date
    for i, loss in enumerate(case.losses):
        yield f"losses[{i}].date", loss.date
    for i, member in enumerate(case.family):
        yield f"family[{i}].date_of_birth", member.date_of_birth
    for i, item in enumerate(case.evidence):
        yield f"evidence[{i}].date", item.date
    for rid, day in case.filed_on.items():
        yield f"filed_on.{rid}", day


def semantic_problems(case: Case, known_jurisdictions: Iterable[str],
                      known_remedies: Optional[Iterable[str]] = None) -> list[Problem]:
    """Checks that need more than one field or outside knowledge (the jurisdiction packs).

    Messages name fields, never values: a value typed in the wrong place may be a name or an address.
    """
    known = set(known_jurisdictions)
    problems: list[Problem] = []
    for i, jid in enumerate(case.jurisdictions):
        if jid not in known:
            problems.append(Problem(f"jurisdictions[{i}]", f"unknown jurisdiction (known: {', '.join(sorted(known))})"))
    today = case.today
    when = f"as_of ({today.isoformat()})" if case.as_of else "today"
    for path, day in _past_facts(case):
        if day and day > today:
            problems.append(Problem(path, f"after {when}, so in the future"))
    dob = case.survivor.date_of_birth
    for i, ep in enumerate(case.trafficking):
        if ep.start and ep.end and ep.end < ep.start:
            problems.append(Problem(f"trafficking[{i}].end", f"before start (trafficking[{i}].start)"))
        if ep.jurisdiction and ep.jurisdiction not in known:
            problems.append(Problem(f"trafficking[{i}].jurisdiction", "unknown jurisdiction"))
        if dob and ep.start and ep.start < dob:
            problems.append(Problem("survivor.date_of_birth", f"after the start of trafficking[{i}]"))
    entry = case.survivor.immigration.last_entry_date
    if dob and entry and entry < dob:
        problems.append(Problem("survivor.date_of_birth", "after survivor.immigration.last_entry_date"))
    for i, member in enumerate(case.family):
        if member.relationship == "child" and dob and member.date_of_birth and member.date_of_birth < dob:
            problems.append(Problem(f"family[{i}].date_of_birth", "a child born before survivor.date_of_birth"))
    ids = [e.id for e in case.evidence]
    seen: dict[str, int] = {}
    for i, eid in enumerate(ids):
        if eid in seen:
            problems.append(Problem(f"evidence[{i}].id", f"duplicate evidence id (also evidence[{seen[eid]}].id)"))
        seen.setdefault(eid, i)
    for i, loss in enumerate(case.losses):
        for j, ref in enumerate(loss.evidence):
            if ref not in seen:
                problems.append(Problem(f"losses[{i}].evidence[{j}]", "no evidence with this id in evidence[]"))
    for i, member in enumerate(case.family):
        if member.child_of is not None and not 0 <= member.child_of < len(case.family):
            problems.append(Problem(f"family[{i}].child_of", f"no family member with this index "
                                                             f"(0 to {len(case.family) - 1})"))
    for i, contact in enumerate(case.law_enforcement.contacts):
        for j, req in enumerate(contact.requests):
            if req.date and contact.date and req.date < contact.date:
                problems.append(Problem(f"law_enforcement.contacts[{i}].requests[{j}].date",
                                        f"before the first contact (law_enforcement.contacts[{i}].date)"))
    if known_remedies is not None and case.filings:
        remedies = set(known_remedies)
        for i, rid in enumerate(case.filings):
            if rid not in remedies:
                problems.append(Problem(f"filings[{i}]", "unknown remedy id (see `survivorrelief jurisdictions "
                                                         "show`)"))
    return problems


def remedy_ids(packs: Any) -> list[str]:
    """Every remedy id of every pack (``us.t_visa``, ...)."""
    return sorted(rid for pack in packs for rid in pack.remedies)


def load_case(path: Path | str, known_jurisdictions: Optional[Iterable[str]] = None,
              known_remedies: Optional[Iterable[str]] = None,
              passphrase: Optional[sealing.Passphrase] = None) -> Case:
    """Read (unsealing when sealed), validate and check a case file; raise InputError listing every problem."""
    path = Path(path)
    case = parse_case(read_case_data(path, passphrase), source=str(path))
    if known_jurisdictions is None:
        from .packs import load_packs

        packs = load_packs()
        known_jurisdictions, known_remedies = packs.ids(), remedy_ids(packs)
    problems = semantic_problems(case, known_jurisdictions, known_remedies)
    if problems:
        raise InputError(problems, source=str(path))
    return case


def case_json_schema() -> dict[str, Any]:
    """The JSON Schema of the case file, for other tools and for ``survivorrelief schema``."""
    schema = Case.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "SurvivorRelief case file"
    return schema
