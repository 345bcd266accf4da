"""Money, dates, country and language names written the reader's way (Babel), for output and documents.

The locale comes from ``case.locale`` or the command's ``--locale``; BCP 47 tags (``pt-BR``) and
Babel ids (``pt_BR``) are both accepted. Default: ``en_US``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import lru_cache
from typing import Optional

from babel import Locale, UnknownLocaleError
from babel.dates import format_date
from babel.numbers import format_currency

from .errors import InputError, Problem

DEFAULT_LOCALE = "en_US"


@lru_cache(maxsize=32)
def locale_of(name: Optional[str]) -> Locale:
    """The Babel locale for a tag; an unknown tag is an InputError naming ``locale``."""
    tag = (name or DEFAULT_LOCALE).strip().replace("-", "_")
    try:
        return Locale.parse(tag)
    except (UnknownLocaleError, ValueError, TypeError):
        raise InputError([Problem("locale", "unknown locale (use e.g. en_US, es, pt-BR)")]) from None


def money(amount: Decimal | str | int, currency: str, locale: Optional[str] = None) -> str:
    """An amount with its currency sign, grouping and decimals as the locale writes them."""
    return format_currency(Decimal(amount), currency, locale=locale_of(locale))


def date(day: dt.date, locale: Optional[str] = None, fmt: str = "long") -> str:
    """A date in words as the locale writes it (``fmt``: short, medium, long or full)."""
    return format_date(day, format=fmt, locale=locale_of(locale))


def country_name(code: Optional[str], locale: Optional[str] = None) -> str:
    """An ISO 3166-1 code as the country's name in the locale (the code itself when Babel has none)."""
    if not code:
        return ""
    return locale_of(locale).territories.get(code.upper(), code)


def language_name(code: Optional[str], locale: Optional[str] = None) -> str:
    """A BCP 47 tag as the language's name in the locale (``pt-BR``, else ``pt``, else the tag)."""
    if not code:
        return ""
    names = locale_of(locale).languages
    return names.get(code.replace("-", "_"), names.get(code.split("-")[0], code))
