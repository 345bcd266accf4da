"""18 U.S.C. 1593(b)(3) restitution: FLSA value week by week (29 U.S.C. 206, 207(a)(1)), wage credit,
the greater-of comparison with the defendant's gross income, liquidated damages (29 U.S.C. 216(b);
United States v. Edwards, 4th Cir. No. 19-4903), losses, and the command.

Expected figures are hand arithmetic written in the tables (federal minimum wage from legal-facts.md A9:
$5.15 from 1997-09-01, $5.85 from 2007-07-24, $6.55 from 2008-07-24, $7.25 from 2009-07-24), never
computed by the code under test.
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

import pytest
import yaml

from docassemble.SurvivorRelief.cases import parse_case
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.formatting import date, money
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.restitution import restitution

from .helpers import EXAMPLES, run_cli

PACKS = load_packs()
CONTRACT_KEYS = ["case_id", "currency", "weeks", "flsa_value", "wages_paid", "flsa_unpaid", "defendant_gross_income",
                 "labor_component", "method", "liquidated_damages", "losses_total", "total", "by_week"]
MONEY_KEYS = ["flsa_value", "wages_paid", "flsa_unpaid", "defendant_gross_income", "labor_component",
              "liquidated_damages", "losses_total", "total"]


def usd(amount: str) -> dict:
    return {"amount": amount, "currency": "USD"}


def episode(start: str, end: str | None, hours: str | None = "40", days: int | None = None, form: str = "labor",
            jurisdiction: str = "us-tx", wages: dict | None = None, gross: dict | None = None) -> dict:
    work: dict = {"hours_per_week": hours}
    if days:
        work["days_per_week"] = days
    if wages:
        work["wages_paid"] = wages
    if gross:
        work["defendant_gross_income"] = gross
    return {"form": form, "start": start, "end": end, "jurisdiction": jurisdiction, "work": work}


def case(*episodes: dict, losses: list | None = None, as_of: str = "2026-06-01"):
    return parse_case({"case_id": "test-restitution", "as_of": as_of, "jurisdictions": ["us"],
                       "trafficking": list(episodes), "losses": losses or []})


# (id citing the source, episode, expected weeks, expected FLSA value with its hand arithmetic)
FLSA_CASES = [
    pytest.param(episode("2019-01-07", "2019-01-13", "40"), 1, "290.00",
                 id="29 USC 206: plain 40-hour week, 40 x 7.25 = 290.00"),
    pytest.param(episode("2019-01-07", "2019-01-13", "60"), 1, "507.50",
                 id="29 USC 207(a)(1): 60 hours, 40 x 7.25 + 20 x 7.25 x 1.5 = 290.00 + 217.50 = 507.50"),
    pytest.param(episode("2009-07-20", "2009-07-26", "40", days=5), 1, "267.60",
                 id="29 USC 206: 2009-07-24 change on a Friday, Mon-Thu 32 x 6.55 + Fri 8 x 7.25 = 267.60"),
    pytest.param(episode("2009-07-20", "2009-07-26", "40"), 1, "274.00",
                 id="29 USC 206: 2009-07-24 change, 7 days, 160/7 x 6.55 + 120/7 x 7.25 = 1918/7 = 274.00"),
    pytest.param(episode("2009-07-20", "2009-07-26", "60", days=5), 1, "468.30",
                 id="29 CFR 778.115 weighted average: change mid-week with overtime, straight 48 x 6.55 + 12 x 7.25"
                    " = 401.40, regular rate 401.40 / 60 = 6.69, premium 20 x 6.69 x 0.5 = 66.90, 468.30"),
    pytest.param(episode("2007-07-23", "2009-07-26", "40", days=5), 105, "26037.20",
                 id="29 USC 206: 2007-2009 three changes, 228.40 + 51 x 234.00 + 245.20 + 51 x 262.00 + 267.60"
                    " = 26037.20"),
    pytest.param(episode("2019-01-07", "2019-01-16", "60", days=6), 2, "725.00",
                 id="29 USC 207(a)(1): partial last week of 3 days at 10 h/day, 507.50 + 30 x 7.25 = 725.00"),
    pytest.param(episode("2019-01-07", "2019-01-16", "60"), 2, "693.93",
                 id="29 USC 206: partial last week, 3/7 of 60 h, 507.50 + 180/7 x 7.25 (186.43) = 693.93"),
    pytest.param(episode("2019-01-07", "2019-01-19", "60", days=6), 2, "1015.00",
                 id="29 USC 207(a)(1): partial week of 6 days with 6 days worked is a full week, 2 x 507.50"),
    pytest.param(episode("2024-02-26", "2024-03-03", "40"), 1, "290.00",
                 id="29 USC 206: leap day inside a week, 2024-02-26..03-03 is 7 days, 40 x 7.25 = 290.00"),
    pytest.param(episode("2024-02-26", "2024-03-04", "40"), 2, "331.43",
                 id="29 USC 206: leap day counted, 8 days = 2 weeks, 290.00 + 40/7 x 7.25 (41.43) = 331.43"),
]


@pytest.mark.parametrize(("ep", "weeks", "flsa"), FLSA_CASES)
def test_flsa_value_week_by_week(ep: dict, weeks: int, flsa: str) -> None:
    result = restitution(case(ep), PACKS).to_json()
    assert result["weeks"] == weeks
    assert result["flsa_value"] == flsa
    assert result["method"] == "flsa"
    assert sum(Decimal(w["value"]) for w in result["by_week"]) == Decimal(flsa)


def test_week_lines_show_day_level_rates_for_2009_07_24_change() -> None:
    """29 U.S.C. 206: the week of the 2009-07-24 change lists both rates with the day each began."""
    week = restitution(case(episode("2009-07-20", "2009-07-26", "40", days=5)), PACKS).to_json()["by_week"][0]
    assert week["start"] == "2009-07-20" and week["minimum_wage"] == "6.55"
    assert week["rates"] == [{"from": "2009-07-20", "minimum_wage": "6.55"},
                             {"from": "2009-07-24", "minimum_wage": "7.25"}]


def test_partial_week_hours_and_flag() -> None:
    """Partial last week: 3 of 7 days at 60/7 h a day = 25.71 h shown; the value uses the exact hours."""
    last = restitution(case(episode("2019-01-07", "2019-01-16", "60")), PACKS).to_json()["by_week"][-1]
    assert (last["start"], last["end"], last["days"], last["partial"]) == ("2019-01-14", "2019-01-16", 3, True)
    assert last["hours"] == "25.71" and last["value"] == "186.43" and last["overtime_hours"] == "0"


# (id, wage_credit, liquidated, wages paid, gross income, expected flsa_unpaid, liquidated, labor, method)
COMPARISON_CASES = [
    pytest.param(True, False, "200", None, "307.50", "0.00", "307.50", "flsa",
                 id="29 USC 216(b) unpaid wages: credited, 507.50 - 200.00 = 307.50 (UNVERIFIED crediting)"),
    pytest.param(False, False, "200", None, "307.50", "0.00", "507.50", "flsa",
                 id="18 USC 1593(b)(3): no wage credit, full FLSA value 507.50"),
    pytest.param(True, False, "0", "1000", "507.50", "0.00", "1000.00", "gross_income",
                 id="18 USC 1593(b)(3) greater of: gross income 1000.00 > FLSA 507.50"),
    pytest.param(True, False, "0", "400", "507.50", "0.00", "507.50", "flsa",
                 id="18 USC 1593(b)(3) greater of: FLSA 507.50 > gross income 400.00"),
    pytest.param(True, True, "0", None, "507.50", "507.50", "1015.00", "flsa",
                 id="29 USC 216(b), Edwards 4th Cir. 19-4903: liquidated doubles, 2 x 507.50 = 1015.00"),
    pytest.param(True, True, "200", None, "307.50", "307.50", "615.00", "flsa",
                 id="29 USC 216(b), Edwards: liquidated equals the unpaid amount, 2 x 307.50 = 615.00"),
    pytest.param(True, True, "0", "800", "507.50", "507.50", "1015.00", "flsa",
                 id="Edwards: liquidated on the FLSA side, 1015.00 > gross income 800.00"),
    pytest.param(True, True, "0", "2000", "507.50", "0.00", "2000.00", "gross_income",
                 id="18 USC 1593(b)(3): gross income 2000.00 > 1015.00 with liquidated, none added"),
]


@pytest.mark.parametrize(("credit", "liquidated", "wages", "gross", "unpaid", "liq", "labor", "method"),
                         COMPARISON_CASES)
def test_wage_credit_liquidated_and_greater_of(credit: bool, liquidated: bool, wages: str, gross: str | None,
                                               unpaid: str, liq: str, labor: str, method: str) -> None:
    ep = episode("2019-01-07", "2019-01-13", "60", wages=usd(wages), gross=usd(gross) if gross else None)
    result = restitution(case(ep), PACKS, liquidated=liquidated, wage_credit=credit).to_json()
    assert result["flsa_value"] == "507.50"
    assert result["wages_paid"] == str(Decimal(wages).quantize(Decimal("0.01")))
    assert (result["flsa_unpaid"], result["liquidated_damages"]) == (unpaid, liq)
    assert (result["labor_component"], result["method"]) == (labor, method)
    assert result["total"] == labor
    assert result["options"] == {"liquidated": liquidated, "wage_credit": credit}


def test_liquidated_notes_say_edwards_binds_only_in_the_fourth_circuit() -> None:
    """Edwards, 4th Cir. No. 19-4903 (21 Apr 2021): binding only there; crediting and comparison UNVERIFIED."""
    for flag in (True, False):
        result = restitution(case(episode("2019-01-07", "2019-01-13")), PACKS, liquidated=flag).to_json()
        assert "19-4903" in result["liquidated_applies_note"]
        assert "Fourth Circuit" in result["liquidated_applies_note"]
        text = " ".join(result["notes"])
        assert "Crediting is UNVERIFIED" in text or "Whether they should be is UNVERIFIED" in text
        assert "'greater of' comparison" in text and "UNVERIFIED" in text


def test_comparison_shown_before_and_after_wage_credit() -> None:
    """Addendum 1.2: show the FLSA side gross and net of wages paid (507.50 and 507.50 - 100.00 = 407.50)."""
    ep = episode("2019-01-07", "2019-01-13", "60", wages=usd("100"), gross=usd("450"))
    result = restitution(case(ep), PACKS).to_json()
    assert result["comparison"] == {"flsa_before_wage_credit": "507.50", "flsa_after_wage_credit": "407.50",
                                    "defendant_gross_income": "450.00"}
    assert (result["labor_component"], result["method"]) == ("450.00", "gross_income")


def test_losses_are_added_to_the_labor_component() -> None:
    """18 U.S.C. 1593(b)(3): the full amount of losses plus the labor value, 290.00 + 850.00 + 1200.50."""
    losses = [{"kind": "medical", "amount": usd("850.00")}, {"kind": "counseling", "amount": usd("1200.50")}]
    result = restitution(case(episode("2019-01-07", "2019-01-13"), losses=losses), PACKS).to_json()
    assert result["losses_total"] == "2050.50"
    assert result["total"] == "2340.50"
    assert [x["kind"] for x in result["losses"]] == ["medical", "counseling"]


@pytest.mark.parametrize(("data", "message"), [
    pytest.param({"trafficking": [episode("2019-01-07", "2019-01-13", wages={"amount": "10", "currency": "EUR"})]},
                 "trafficking[0].work.wages_paid.currency: §1593 restitution is computed in USD; got EUR",
                 id="18 USC 1593: wages paid in EUR refused"),
    pytest.param({"trafficking": [episode("2019-01-07", "2019-01-13", gross={"amount": "10", "currency": "MXN"})]},
                 "trafficking[0].work.defendant_gross_income.currency: §1593 restitution is computed in USD; got MXN",
                 id="18 USC 1593: gross income in MXN refused"),
    pytest.param({"losses": [{"kind": "medical", "amount": {"amount": "5", "currency": "EUR"}}]},
                 "losses[0].amount.currency: §1593 restitution is computed in USD; got EUR",
                 id="18 USC 1593: loss in EUR refused"),
])
def test_non_usd_amount_is_an_input_error_naming_the_field(data: dict, message: str) -> None:
    data = {"case_id": "test-eur", "as_of": "2026-06-01", **data}
    with pytest.raises(InputError) as caught:
        restitution(parse_case(data), PACKS)
    assert [str(p) for p in caught.value.problems] == [message]


def test_non_us_episode_is_not_counted_nor_refused() -> None:
    """18 U.S.C. 1593: only US episodes; a Dutch episode paid in EUR is left out, not refused."""
    nl = episode("2019-01-07", "2019-01-13", jurisdiction="nl", wages={"amount": "10", "currency": "EUR"})
    result = restitution(case(nl, episode("2019-01-07", "2019-01-13")), PACKS).to_json()
    assert result["flsa_value"] == "290.00" and [e["index"] for e in result["episodes"]] == [1]


def test_ongoing_episode_is_computed_to_as_of() -> None:
    """An ongoing episode (end null) counts to as_of: 2019-01-07..2019-01-20 = 2 weeks x 290.00 = 580.00."""
    result = restitution(case(episode("2019-01-07", None), as_of="2019-01-20"), PACKS).to_json()
    assert (result["weeks"], result["flsa_value"]) == (2, "580.00")
    assert result["by_week"][-1]["end"] == "2019-01-20"
    assert any("ongoing" in n and "2019-01-20" in n for n in result["notes"])
    assert result["episodes"][0]["ongoing"] is True


def test_missing_facts_are_listed_and_the_rest_computed() -> None:
    """Gradual intake: missing hours or start are listed; the complete episode is still valued (290.00)."""
    no_hours = episode("2019-01-07", "2019-01-13", hours=None)
    no_start = episode("2019-01-07", "2019-01-13")
    no_start["start"] = None
    result = restitution(case(no_hours, no_start, episode("2019-01-07", "2019-01-13")), PACKS).to_json()
    assert "trafficking[0].work.hours_per_week" in result["needs_information"]
    assert "trafficking[1].start" in result["needs_information"]
    assert "trafficking[2].work.wages_paid" in result["needs_information"]
    assert "trafficking[2].work.defendant_gross_income" in result["needs_information"]
    assert (result["flsa_value"], result["weeks"]) == ("290.00", 1)


def test_sex_industry_episode_counts_through_gross_income() -> None:
    """18 U.S.C. 1593(b)(3) first limb: no FLSA figure for the sex industry; gross income 5000.00 counts."""
    ep = episode("2022-05-01", "2023-02-15", hours=None, form="sex_industry", jurisdiction="us-ca",
                 gross=usd("5000"))
    result = restitution(case(ep), PACKS).to_json()
    assert (result["weeks"], result["flsa_value"]) == (0, "0.00")
    assert (result["labor_component"], result["method"]) == ("5000.00", "gross_income")
    assert any("sex industry" in n for n in result["notes"])


def test_days_before_the_first_minimum_wage_are_not_valued_and_warned() -> None:
    """29 U.S.C. 206 history in the pack starts 1996-10-01: 6 of 7 days at 40/7 h x 4.75 = 1140/7 = 162.86."""
    result = restitution(case(episode("1996-09-30", "1996-10-06")), PACKS).to_json()
    assert result["flsa_value"] == "162.86"
    assert any("1996-10-01" in w for w in result["warnings"])


def test_sources_carry_confidence_from_the_pack() -> None:
    result = restitution(case(episode("2019-01-07", "2019-01-13", "60")), PACKS).to_json()
    cites = {s["cite"]: s["confidence"] for s in result["sources"]}
    assert any("206" in c for c in cites) and any("207(a)(1)" in c for c in cites)
    assert set(cites.values()) <= {"V", "S", "UNVERIFIED"}
    assert result["unverified"]


# --- the command ---------------------------------------------------------------------------------------------

def test_cli_json_contract_for_the_texas_example() -> None:
    """18 U.S.C. 1593(b)(3) on examples/tx-labor-adult: 51 weeks x (40 x 7.25 + 20 x 10.875) = 25882.50 >
    gross 20000.00; plus losses 850.00 + 1200.00 = 27932.50."""
    proc = run_cli("restitution", str(EXAMPLES / "tx-labor-adult.case.yml"), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert list(data)[:len(CONTRACT_KEYS)] == CONTRACT_KEYS
    for key in MONEY_KEYS:
        assert Decimal(data[key]).as_tuple().exponent == -2, key
    assert (data["weeks"], data["flsa_value"], data["method"], data["total"]) == (51, "25882.50", "flsa", "27932.50")
    assert data["by_week"][0] == {**data["by_week"][0], "start": "2019-01-07", "hours": "60",
                                  "minimum_wage": "7.25", "value": "507.50"}


def test_cli_liquidated_and_no_wage_credit_flags() -> None:
    proc = run_cli("restitution", str(EXAMPLES / "tx-labor-adult.case.yml"), "--json", "--liquidated",
                   "--no-wage-credit")
    data = json.loads(proc.stdout)
    assert (data["liquidated_damages"], data["labor_component"]) == ("25882.50", "51765.00")
    assert data["options"] == {"liquidated": True, "wage_credit": False}


def test_cli_eur_amount_exits_2_naming_the_field(tmp_path) -> None:
    """18 U.S.C. 1593: a EUR wage is refused with exit 2, the field path, and no traceback."""
    data = yaml.safe_load((EXAMPLES / "tx-labor-adult.case.yml").read_text(encoding="utf-8"))
    data["trafficking"][0]["work"]["wages_paid"] = {"amount": "100", "currency": "EUR"}
    path = tmp_path / "eur.case.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    proc = run_cli("restitution", str(path), "--json")
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "trafficking[0].work.wages_paid.currency: §1593 restitution is computed in USD; got EUR" in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize(("locale", "expected"), [
    pytest.param("en_US", ["$25,882.50", "$27,932.50", "Jan 7, 2019", "June 1, 2026"], id="Babel en_US"),
    pytest.param("es", ["25.882,50\xa0US$", "27.932,50\xa0US$", "7 ene 2019", "1 de junio de 2026"], id="Babel es"),
])
def test_cli_human_output_in_the_locale(locale: str, expected: list[str]) -> None:
    proc = run_cli("restitution", str(EXAMPLES / "tx-labor-adult.case.yml"), "--locale", locale)
    assert proc.returncode == 0, proc.stderr
    for text in expected:
        assert text in proc.stdout
    assert "Edwards" in proc.stdout and "more weeks" in proc.stdout


def test_cli_unknown_locale_exits_2() -> None:
    proc = run_cli("restitution", str(EXAMPLES / "tx-labor-adult.case.yml"), "--locale", "zz-QQ")
    assert proc.returncode == 2 and "locale" in proc.stderr and "Traceback" not in proc.stderr


# --- formatting ---------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("locale", "amount", "expected"), [
    pytest.param("en_US", "1234.50", "$1,234.50", id="Babel en_US money"),
    pytest.param("es", "1234.50", "1.234,50\xa0US$", id="Babel es money"),
    pytest.param("pt-BR", "1234.5", "US$\xa01.234,50", id="Babel pt-BR (BCP 47 tag) money"),
    pytest.param(None, "0", "$0.00", id="Babel default en_US"),
])
def test_money_in_locale(locale: str | None, amount: str, expected: str) -> None:
    assert money(amount, "USD", locale) == expected


@pytest.mark.parametrize(("locale", "expected"), [
    pytest.param("en_US", "February 29, 2024", id="Babel en_US date"),
    pytest.param("es", "29 de febrero de 2024", id="Babel es date"),
])
def test_date_in_locale(locale: str, expected: str) -> None:
    assert date(dt.date(2024, 2, 29), locale) == expected
