"""Restitution, second legal pass (legal-review-2 A2, A11, A12): each workweek stands alone (29 CFR 778.104),
the weighted-average regular rate (29 CFR 778.115), California Penal Code 1202.4 restitution valued under
California minimum-wage (Labor Code 1182.12) and overtime law (Labor Code 510(a)), which computation the
criminal forum selects, and exit 0 with ``applicable: false`` when nothing happened in the United States.

Expected figures are hand arithmetic written in the ids and comments (California minimum wage from the us-ca
pack, legal-facts.md B2: 26+ employees $12 2019, $13 2020, $14 2021, $15 2022, $15.50 2023, $16 2024,
$16.50 2025, $16.90 2026; 25 or fewer $11 2019 ... $14 2022), never computed by the code under test. Cases
are fictional.
"""

from __future__ import annotations

import json

import pytest
import yaml

from docassemble.SurvivorRelief.cases import parse_case
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.restitution import restitution
from docassemble.SurvivorRelief.rules.restitution_ca import california_restitution
from docassemble.SurvivorRelief.rules.restitution_forum import restitution_report

from .helpers import EXAMPLES, run_cli

PACKS = load_packs()
CONTRACT_KEYS = ["case_id", "currency", "weeks", "flsa_value", "wages_paid", "flsa_unpaid", "defendant_gross_income",
                 "labor_component", "method", "liquidated_damages", "losses_total", "total", "by_week"]


def usd(amount: str) -> dict:
    return {"amount": amount, "currency": "USD"}


def episode(start: str, end: str, hours: str = "40", days: int | None = None, jurisdiction: str = "us-ca",
            form: str = "labor", **work: object) -> dict:
    data: dict = {"hours_per_week": hours, **work}
    if days:
        data["days_per_week"] = days
    return {"form": form, "start": start, "end": end, "jurisdiction": jurisdiction, "work": data}


def case(*episodes: dict, forum: str | None = None, losses: list | None = None, jurisdictions: list | None = None):
    return parse_case({"case_id": "test-restitution-ca", "as_of": "2026-06-01",
                       "jurisdictions": jurisdictions or ["us", "us-ca"], "trafficking": list(episodes),
                       "losses": losses or [],
                       "law_enforcement": {"criminal_case": {"status": "convicted", "forum": forum}}})


# --- 29 CFR 778.104 and 778.115 in the §1593 computation ---------------------------------------------------

def test_778_115_weighted_average_regular_rate_in_the_week_of_a_change() -> None:
    """29 CFR 778.115 weighted average: 2009-07-20..26, 60 h over Mon-Fri, $6.55 then $7.25 from Friday 24 July:
    straight 48 x 6.55 + 12 x 7.25 = 401.40; regular rate 401.40 / 60 = 6.69; 20 overtime hours x 3.345 = 66.90."""
    week = restitution(case(episode("2009-07-20", "2009-07-26", "60", days=5, jurisdiction="us-tx")),
                       PACKS).to_json()["by_week"][0]
    assert (week["regular_rate"], week["regular_rate_method"]) == ("6.69", "weighted_average")
    assert (week["straight_time"], week["overtime_premium"], week["value"]) == ("401.40", "66.90", "468.30")


def test_778_104_episode_wages_spread_by_days_and_never_carried_between_weeks() -> None:
    """29 CFR 778.104: 2019-01-07..16, 60 h over 6 days: week 1 = 507.50, week 2 (3 days, 30 h) = 217.50.
    Wages 720.00 over 9 days worked = 80.00 a day: week 1 paid 480.00 (27.50 unpaid), week 2 paid 240.00 but
    worth 217.50 (22.50 over, not carried back). Unpaid 27.50, not 725.00 - 720.00 = 5.00."""
    ep = episode("2019-01-07", "2019-01-16", "60", days=6, jurisdiction="us-tx", wages_paid=usd("720"))
    result = restitution(case(ep), PACKS).to_json()
    assert result["flsa_value"] == "725.00"
    assert [(w["wages_paid"], w["wages_credited"], w["unpaid"]) for w in result["by_week"]] == [
        ("480.00", "480.00", "27.50"), ("240.00", "217.50", "0.00")]
    assert (result["wages_paid"], result["wages_credited"], result["flsa_unpaid"]) == ("720.00", "697.50", "27.50")
    assert any("22.50" in n and "778.104" in n for n in result["notes"])


def test_778_104_weekly_pay_credited_week_by_week_across_a_rate_change() -> None:
    """29 CFR 778.104: $265 a week, 40 h Mon-Fri, 2009-07-13..26: week 1 = 40 x 6.55 = 262.00 (3.00 over, lost),
    week 2 = 32 x 6.55 + 8 x 7.25 = 267.60 (2.60 unpaid). Unpaid 2.60, where one credit would give 0.00."""
    ep = episode("2009-07-13", "2009-07-26", "40", days=5, jurisdiction="us-tx", wages_paid_per_week=usd("265"))
    result = restitution(case(ep), PACKS).to_json()
    assert [w["value"] for w in result["by_week"]] == ["262.00", "267.60"]
    assert (result["wages_paid"], result["flsa_unpaid"]) == ("530.00", "2.60")
    assert "trafficking[0].work.wages_paid" not in result["needs_information"]


def test_method_is_named_with_its_sources() -> None:
    """A12: the output names the method: 29 CFR 778.104 and 778.115 in `computation`."""
    result = restitution(case(episode("2019-01-07", "2019-01-13", jurisdiction="us-tx")), PACKS).to_json()
    cites = [c["cite"] for c in result["computation"]]
    assert "29 CFR 778.104" in cites and "29 CFR 778.115" in cites
    assert result["applicable"] is True


# --- California: Penal Code 1202.4 valued under Labor Code 1182.12 and 510(a) -------------------------------

# (id citing the source, episode, expected value)
CA_CASES = [
    pytest.param(episode("2021-01-04", "2021-01-10", "60", days=6), "980.00",
                 id="Lab. Code 510(a) daily + weekly: 2021, 6 x 10 h at $14: 840.00 + (12 daily + 8 weekly) x 7.00"
                    " = 980.00"),
    pytest.param(episode("2024-01-08", "2024-01-14", "70", days=7), "1376.00",
                 id="Lab. Code 510(a) seventh day: 2024, 7 x 10 h at $16: 1120.00 + 16 x (28 x 0.5 + 2 x 1)"
                    " = 1376.00"),
    pytest.param(episode("2025-03-03", "2025-03-09", "70", days=5), "1485.00",
                 id="Lab. Code 510(a) double time over 12 h: 2025, 5 x 14 h at $16.50: 1155.00 + 16.50 x"
                    " (20 x 0.5 + 10 x 1) = 1485.00"),
    pytest.param(episode("2026-02-02", "2026-02-08", "40", days=5), "676.00",
                 id="Lab. Code 1182.12: 2026, 40 h at $16.90, no overtime = 676.00"),
    pytest.param(episode("2022-05-02", "2022-05-08", "40", days=5), "600.00",
                 id="Lab. Code 1182.12(b)(1): 2022, 26+ employees by default, 40 x 15.00 = 600.00"),
    pytest.param(episode("2022-05-02", "2022-05-08", "40", days=5, employer_employees=12), "560.00",
                 id="Lab. Code 1182.12(b)(2): 2022, 12 employees, 40 x 14.00 = 560.00"),
    pytest.param(episode("2023-05-01", "2023-05-07", "40", days=5, employer_employees=12), "620.00",
                 id="Lab. Code 1182.12: from 2023 one rate for all sizes, 40 x 15.50 = 620.00"),
    pytest.param(episode("2019-12-30", "2020-01-05", "60", days=6), "886.67",
                 id="Lab. Code 510(a) + 29 CFR 778.115 by analogy: Mon-Tue at $12, Wed-Sat at $13, straight"
                    " 240 + 520 = 760.00, regular rate 760/60, 20 OT h x 0.5 x 760/60 = 126.67, 886.67"),
]


@pytest.mark.parametrize(("ep", "value"), CA_CASES)
def test_california_wage_law_value(ep: dict, value: str) -> None:
    result = california_restitution(case(ep, forum="state"), PACKS).to_json()
    assert result["weeks"] == 1
    assert result["wage_law_value"] == value
    assert result["by_week"][0]["value"] == value


def test_california_week_shows_daily_seventh_day_and_weekly_overtime() -> None:
    """Lab. Code 510(a): 7 x 10 h: 12 h daily overtime (days 1-6), 8 h at 1.5x and 2 h at 2x on the seventh day,
    8 h weekly overtime on the 48 straight-time hours over 40."""
    result = california_restitution(case(episode("2024-01-08", "2024-01-14", "70", days=7)), PACKS).to_json()
    week = result["by_week"][0]
    assert (week["hours_per_day"], week["regular_hours"], week["daily_overtime_hours"]) == ("10", "40", "12")
    assert (week["seventh_day_overtime_hours"], week["double_time_hours"]) == ("8", "2")
    assert week["weekly_overtime_hours"] == "8"
    assert week["seventh_day_worked"] is True and week["minimum_wage"] == "16.00"


def test_california_weighted_rate_shown_across_january_1() -> None:
    """29 CFR 778.115 by analogy: 760 / 60 = 12.6667 shown as the week's regular rate with both minimum wages."""
    result = california_restitution(case(episode("2019-12-30", "2020-01-05", "60", days=6)), PACKS).to_json()
    week = result["by_week"][0]
    assert (week["regular_rate"], week["regular_rate_method"]) == ("12.6667", "weighted_average")
    assert [r["minimum_wage"] for r in week["rates"]] == ["12.00", "13.00"]


def test_california_small_employer_option_and_needed_size() -> None:
    """Lab. Code 1182.12(b)(2): 2019, 40 h at $11 = 440.00 with the option; unknown size before 2023 is asked."""
    ep = episode("2019-03-04", "2019-03-10", "40", days=5)
    assert california_restitution(case(ep), PACKS, small_employer=True).to_json()["wage_law_value"] == "440.00"
    default = california_restitution(case(ep), PACKS).to_json()
    assert default["wage_law_value"] == "480.00"
    assert "trafficking[0].work.employer_employees" in default["needs_information"]


def test_california_greater_of_defendant_income_plus_losses() -> None:
    """Penal Code 1202.4(q): greater of the defendant's income 5000.00 and the wage-law value 980.00; (f) adds the
    losses 300.00: total 5300.00."""
    ep = episode("2021-01-04", "2021-01-10", "60", days=6, defendant_gross_income=usd("5000"), wages_paid=usd("0"))
    result = california_restitution(case(ep, losses=[{"kind": "medical", "amount": usd("300")}]), PACKS).to_json()
    assert (result["labor_component"], result["method"], result["total"]) == ("5000.00", "defendant_income", "5300.00")
    assert result["liquidated_damages"] == "0.00"


def test_california_method_names_rules_and_warns_on_secondary_sources() -> None:
    """Lab. Code 510(a) read only in non-official copies (S) and 1202.4(q) wording (S): warned, not hidden."""
    result = california_restitution(case(episode("2021-01-04", "2021-01-10", "60", days=6)), PACKS).to_json()
    cites = {c["cite"]: c["confidence"] for c in result["computation"]}
    assert cites["Cal. Labor Code 510(a)"] == "S" and cites["Cal. Penal Code 1202.4(q)"] == "S"
    assert any("510(a)" in w and "[S]" in w for w in result["warnings"])
    assert any("hours_per_week / work.days_per_week" in n for n in result["notes"])
    assert result["confidence"] in ("S", "UNVERIFIED")


# --- which computation: the forum (legal-review-2 A2) --------------------------------------------------------

def test_federal_forum_gets_1593_only() -> None:
    """18 U.S.C. 1593(a): a federal case in California gets §1593, not Penal Code 1202.4."""
    data = restitution_report(case(episode("2021-01-04", "2021-01-10", "60", days=6), forum="federal"),
                              PACKS).to_json()
    assert list(data["remedies"]) == ["us.restitution_1593"]
    assert (data["remedy"], data["applies"], data["flsa_value"]) == ("us.restitution_1593", "yes", "507.50")
    assert list(data)[:len(CONTRACT_KEYS)] == CONTRACT_KEYS


def test_california_state_forum_gets_1202_4_only() -> None:
    """Cal. Penal Code 1202.4: a California state prosecution; §1593 (federal only) is not shown."""
    data = restitution_report(case(episode("2021-01-04", "2021-01-10", "60", days=6), forum="state"),
                              PACKS).to_json()
    assert list(data["remedies"]) == ["us-ca.restitution_1202_4"]
    assert (data["remedy"], data["applies"], data["wage_law_value"]) == ("us-ca.restitution_1202_4", "yes", "980.00")
    assert "flsa_value" not in data


def test_unknown_forum_shows_both_marked() -> None:
    """Forum not recorded: §1593 (top level, contract keys) and 1202.4, each depending on the forum."""
    data = restitution_report(case(episode("2021-01-04", "2021-01-10", "60", days=6)), PACKS).to_json()
    assert list(data["remedies"]) == ["us.restitution_1593", "us-ca.restitution_1202_4"]
    assert {r["applies"] for r in data["remedies"].values()} == {"depends_on_forum"}
    assert list(data)[:len(CONTRACT_KEYS)] == CONTRACT_KEYS and data["flsa_value"] == "507.50"
    assert data["remedies"]["us-ca.restitution_1202_4"]["wage_law_value"] == "980.00"


def test_state_forum_outside_california_is_not_applicable() -> None:
    """18 U.S.C. 1593 needs a federal case; a Texas state case has no computation here: applicable false."""
    data = restitution_report(case(episode("2021-01-04", "2021-01-10", jurisdiction="us-tx"), forum="state"),
                              PACKS).to_json()
    assert data["applicable"] is False and "federal" in data["reason"]


# --- outside the United States (legal-review-2 A11, contract section 2) -----------------------------------------

def _write(tmp_path, data: dict):
    path = tmp_path / "case.case.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


NL_CASE = {"case_id": "test-nl-restitution", "as_of": "2026-06-01", "jurisdictions": ["nl"],
           "trafficking": [{"form": "labor", "start": "2023-02-06", "end": "2023-09-30", "jurisdiction": "nl",
                            "work": {"hours_per_week": "55", "wages_paid": {"amount": "1200", "currency": "EUR"}}}],
           "losses": [{"kind": "medical", "amount": {"amount": "450", "currency": "EUR"}}]}


def test_cli_non_us_case_exits_0_not_applicable(tmp_path) -> None:
    """Contract section 2 / A11: a Dutch case paid in EUR is not applicable (exit 0), never refused (exit 2)."""
    proc = run_cli("restitution", str(_write(tmp_path, NL_CASE)), "--json")
    assert proc.returncode == 0, proc.stderr
    data = json.loads(proc.stdout)
    assert (data["case_id"], data["applicable"]) == ("test-nl-restitution", False)
    assert "United States" in data["reason"]
    human = run_cli("restitution", str(_write(tmp_path, NL_CASE)))
    assert human.returncode == 0 and "not applicable" in human.stdout and "United States" in human.stdout


def test_place_unknown_is_not_applicable_and_asked() -> None:
    """A11: with no episode known to be in the US, nothing is computed; the unknown place is listed."""
    data = restitution_report(parse_case({"case_id": "test-unknown-place", "trafficking": [{"form": "labor"}]}),
                              PACKS).to_json()
    assert data["applicable"] is False and data["needs_information"] == ["trafficking[0].jurisdiction"]


def test_cli_federal_texas_example_unchanged(tmp_path) -> None:
    """18 U.S.C. 1593(b)(3) on examples/tx-labor-adult with forum federal: one rate ($7.25) all year, no wages
    paid, so the workweek method changes nothing: 51 weeks, 25882.50, total 27932.50."""
    data = yaml.safe_load((EXAMPLES / "tx-labor-adult.case.yml").read_text(encoding="utf-8"))
    data.setdefault("law_enforcement", {}).setdefault("criminal_case", {})["forum"] = "federal"
    proc = run_cli("restitution", str(_write(tmp_path, data)), "--json")
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert (out["weeks"], out["flsa_value"], out["total"], out["applies"]) == (51, "25882.50", "27932.50", "yes")
    assert out["applicable"] is True and list(out["remedies"]) == ["us.restitution_1593"]


def test_cli_small_employer_flag(tmp_path) -> None:
    """Lab. Code 1182.12(b)(2) via --small-employer: 2019, 40 h at $11 = 440.00 in a California state case."""
    data = {"case_id": "test-ca-small", "as_of": "2026-06-01", "jurisdictions": ["us-ca"],
            "trafficking": [episode("2019-03-04", "2019-03-10", "40", days=5)],
            "law_enforcement": {"criminal_case": {"status": "convicted", "forum": "state"}}}
    proc = run_cli("restitution", str(_write(tmp_path, data)), "--json", "--small-employer")
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["wage_law_value"] == "440.00"
    human = run_cli("restitution", str(_write(tmp_path, data)))
    assert "Penal Code 1202.4" in human.stdout and "$480.00" in human.stdout
