"""Property tests (hypothesis): generated case files, valid or not, go through check, screen, deadlines,
restitution and assemble with no exception but InputError; sealing round-trips any case; templates render
any string literally."""

from __future__ import annotations

import copy
import datetime as dt
import json
import string
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from docassemble.SurvivorRelief import documents as D
from docassemble.SurvivorRelief import sealing
from docassemble.SurvivorRelief.cases import parse_case, read_data, remedy_ids, semantic_problems
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.safeio import parse_text
from tests.helpers import EXAMPLES

PACKS = load_packs()
SLOW = settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
FAST = settings(max_examples=60, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])

# Text a person might type, hostile or not: any Unicode, including lone surrogates and control characters.
any_text = st.text(max_size=30)
days = st.one_of(st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31)).map(dt.date.isoformat),
                 st.dates().map(dt.date.isoformat), any_text, st.integers(-10**15, 10**15), st.none())
amounts = st.one_of(st.decimals(allow_nan=True, allow_infinity=True).map(str), st.integers(-10**15, 10**15),
                    st.floats(), st.sampled_from(["1,234.50", "1.234,50", "", "12,34", "1e400"]), any_text)
money = st.fixed_dictionaries({"amount": amounts, "currency": st.sampled_from(["USD", "EUR", "usd", "XYZ", ""])})
jurisdiction = st.one_of(st.sampled_from(PACKS.ids()), any_text)
remedy = st.one_of(st.sampled_from(remedy_ids(PACKS)), any_text)
country = st.one_of(st.sampled_from(["US", "GT", "mx", "ZZ", "Guatemala", "EU"]), any_text)
language = st.one_of(st.sampled_from(["es", "en", "pt-BR", "mam", "zz", "Spanish", "es_MX"]), any_text)


def optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional=fields)


work = optional(hours_per_week=st.one_of(st.decimals(0, 200, places=1).map(str), amounts),
                wages_paid=money, defendant_gross_income=money, days_per_week=st.integers(-1, 9))
episode = optional(form=st.sampled_from(["labor", "sex_industry", "both", "other"]), start=days, end=days,
                   jurisdiction=jurisdiction, country=country, place=any_text,
                   means=st.lists(st.sampled_from(["force", "fraud", "coercion", "debt_bondage", "beating"]),
                                  max_size=3), work=work)
cases = st.fixed_dictionaries(
    {"case_id": st.one_of(st.from_regex(r"\A[a-z0-9]{1,12}(-[a-z0-9]{1,8})?\Z"), any_text)},
    optional={
        "as_of": days,
        "locale": st.sampled_from(["en_US", "es", "bg_BG", "xx", "pt-BR"]),
        "jurisdictions": st.lists(jurisdiction, max_size=3),
        "survivor": optional(name=optional(first=any_text, last=any_text), date_of_birth=days,
                             country_of_birth=country, citizenship=st.lists(country, max_size=2),
                             languages=st.lists(language, max_size=2),
                             immigration=optional(present_in=jurisdiction, last_entry_date=days,
                                                  present_on_account_of_trafficking=st.booleans())),
        "trafficking": st.lists(episode, max_size=3),
        "identification": st.lists(optional(kind=st.sampled_from(["police_indication", "conclusive_grounds"]),
                                            date=days), max_size=2),
        "law_enforcement": optional(reported=st.booleans(), report_date=days,
                                    supplement_b=st.sampled_from(["none", "requested", "signed", "declined"])),
        "losses": st.lists(optional(kind=st.sampled_from(["medical", "lost_income", "other"]), amount=money,
                                    date=days), max_size=3),
        "family": st.lists(optional(relationship=st.sampled_from(["spouse", "child", "parent"]),
                                    date_of_birth=days, child_of=st.integers(-2, 5)), max_size=3),
        "hardship": st.one_of(st.none(), st.lists(any_text, max_size=2)),
        "inadmissibility": st.one_of(st.none(), st.lists(st.sampled_from(["unlawful_presence", "other"]))),
        "filings": st.one_of(st.none(), st.lists(remedy, max_size=2)),
    })


def _checked(data: dict[str, Any]) -> Any:
    """The case if it passes every check the CLI makes, else None (an InputError is an answer, not a crash)."""
    try:
        case = parse_case(data)
    except InputError:
        return None
    if semantic_problems(case, PACKS.ids(), remedy_ids(PACKS)):
        return None
    return case


def _answers(case: Any) -> None:
    from docassemble.SurvivorRelief.rules.deadlines import deadlines
    from docassemble.SurvivorRelief.rules.restitution import restitution
    from docassemble.SurvivorRelief.rules.screen import screen

    screen(case, PACKS).to_json()
    deadlines(case, PACKS).to_json()
    try:
        restitution(case, PACKS).to_json()
    except InputError:
        pass


@FAST
@given(cases)
def test_generated_cases_are_answered_or_refused(data: dict[str, Any]) -> None:
    case = _checked(data)
    if case is not None:
        _answers(case)


def _example_variant(data: dict[str, Any]) -> dict[str, Any]:
    """The TX example with generated parts laid over it: mostly valid cases, so assembly really runs."""
    base = copy.deepcopy(read_data(EXAMPLES / "tx-labor-adult.case.yml"))
    base.pop("evidence", None)
    for loss in base.get("losses", []):
        loss.pop("evidence", None)
    for key in ("survivor", "trafficking", "losses", "family"):
        if key in data and data[key]:
            base[key] = data[key] if key != "survivor" else {**base[key], **data[key]}
    return base


@SLOW
@given(cases)
def test_generated_cases_assemble_or_are_refused(data: dict[str, Any]) -> None:
    import yaml

    from docassemble.SurvivorRelief.assembly import assemble

    variant = _example_variant(data)
    with tempfile.TemporaryDirectory() as tmp:
        case_file = Path(tmp) / "case.yml"
        case_file.write_text(yaml.safe_dump(variant, allow_unicode=True), encoding="utf-8", errors="surrogatepass")
        try:
            manifest = assemble(case_file, Path(tmp) / "out")
        except InputError:
            assert not (Path(tmp) / "out").exists()
            return
        assert (Path(tmp) / "out" / "manifest.json").is_file() and manifest.files


@FAST
@given(st.binary(max_size=3000), st.text(min_size=sealing.MIN_PASSPHRASE, max_size=40).filter(
    lambda s: not any("\ud800" <= c <= "\udfff" for c in s)), st.sampled_from(["yaml", "json"]))
def test_seal_round_trips_anything(plain: bytes, passphrase: str, kind: str) -> None:
    sealed = sealing.seal(plain, passphrase, kind, log2_n=14)
    assert sealing.unseal(sealed, passphrase) == (plain, kind)
    assert plain == b"" or plain not in sealed[sealing.HEADER_SIZE:] or len(plain) < 4


@FAST
@given(cases)
def test_sealing_any_case_text_round_trips_to_the_same_data(data: dict[str, Any]) -> None:
    text = json.dumps(data, default=str).encode()
    sealed = sealing.seal(text, "fictional passphrase", "json", log2_n=14)
    plain, kind = sealing.unseal(sealed, "fictional passphrase")
    assert kind == "json" and parse_text(plain.decode(), kind, "(test)", dates_as_text=True) == \
        json.loads(text, parse_float=Decimal)


FACTS_BASE = copy.deepcopy(read_data(EXAMPLES / "tx-labor-adult.case.yml"))
CATALOGUE = D.load_catalogue()
COVER = next(s for s in CATALOGUE.for_remedy("us.t_visa").documents if s.name == "cover-letter")
# What a DOCX paragraph can hold: no surrogates, no control characters (dropped on purpose), no line or
# paragraph separators; and typed text, so no leading or trailing spaces.
name_text = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Cn", "Co")), min_size=1,
                    max_size=40).map(str.strip).filter(bool)


@SLOW
@given(name_text)
def test_templates_render_any_name_literally(last: str) -> None:
    data = copy.deepcopy(FACTS_BASE)
    data["survivor"]["name"] = {"first": "Ana", "last": last}
    facts = D.gather(parse_case(data), PACKS)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "letter.docx"
        D.render(D.TEMPLATES_DIR / COVER.template, D.context(facts, "us.t_visa", COVER), out)
        assert f"Ana {last}" in D.docx_text(out)


@pytest.mark.parametrize("text", ["{{ 7*7 }}", "{% for x in y %}", "<w:t>", "&amp;", string.punctuation])
def test_templates_render_template_syntax_literally(text: str) -> None:
    test_templates_render_any_name_literally.hypothesis.inner_test(text)  # type: ignore[attr-defined]


@FAST
@given(st.one_of(st.binary(max_size=400), st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=10)),
                              lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                      st.dictionaries(st.text(max_size=8), inner, max_size=4)),
                              max_leaves=30).map(lambda d: json.dumps(d).encode())),
       st.sampled_from(["case.yml", "case.json"]))
def test_any_bytes_as_a_case_file_are_read_or_refused(data: bytes, name: str) -> None:
    from docassemble.SurvivorRelief.cases import load_case

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            load_case(path, PACKS.ids(), remedy_ids(PACKS))
        except InputError as err:
            assert err.problems and all(p.path for p in err.problems)
