"""The restitution filing sets (legal review 2, "§1593 restitution": a victim loss statement, a declaration of
losses with the computation attached, addressed to the prosecutor and probation with the case caption), read back
from the DOCX the assembly writes: federal (18 U.S.C. 1593, examples/tx-labor-adult) and California (Penal Code
1202.4, examples/ca-minor-sex-industry). Every figure is asserted from the computations (rules.restitution,
rules.restitution_ca), not copied from the output. Fictional cases."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from docx import Document

from docassemble.SurvivorRelief.assembly import FILING, assemble
from docassemble.SurvivorRelief.cases import load_case
from docassemble.SurvivorRelief.documents import docx_text
from docassemble.SurvivorRelief.formatting import money
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.restitution import restitution
from docassemble.SurvivorRelief.rules.restitution_ca import california_restitution

from .helpers import EXAMPLES, internal_markers, run_cli

PACKS = load_packs()
TX = EXAMPLES / "tx-labor-adult.case.yml"
CA = EXAMPLES / "ca-minor-sex-industry.case.yml"
FEDERAL, STATE = "us.restitution_1593", "us-ca.restitution_1202_4"
PLACEHOLDER = "[not known: to be completed]"


def usd(value: Any) -> str:
    return money(value, "USD", "en_US")


def filing_set(case_path: Path, remedy: str, out: Path) -> dict[str, Path]:
    """Assemble one remedy; its filing documents by name (loss-statement, declaration-of-losses, computation),
    checking that they are numbered in that order."""
    manifest = assemble(case_path, out, remedies=[remedy])
    filed = sorted((f for f in manifest.files if f.remedy == remedy and f.part == FILING), key=lambda f: f.path)
    assert [f.name for f in filed] == ["loss-statement", "declaration-of-losses", "computation"]
    assert [f.path.rsplit("/", 1)[1][:3] for f in filed] == ["01-", "02-", "03-"]
    memo = next(f for f in manifest.files if f.remedy == remedy and f.name == "preparer-memo")
    return {**{f.name: out / f.path for f in filed}, "memo": out / memo.path}


@pytest.fixture(scope="module")
def federal(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return filing_set(TX, FEDERAL, tmp_path_factory.mktemp("fed") / "out")


@pytest.fixture(scope="module")
def state(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    return filing_set(CA, STATE, tmp_path_factory.mktemp("ca") / "out")


def cell_texts(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def numbered_paragraphs(path: Path) -> list[tuple[int, str]]:
    """The declaration's numbered paragraphs: (number, text after the tab)."""
    out = []
    for p in Document(str(path)).paragraphs:
        found = re.match(r"^(\d+)\.\t(.*)$", p.text)
        if found:
            out.append((int(found[1]), found[2]))
    return out


def test_federal_loss_statement_caption_addressees_and_figures(federal: dict[str, Path]) -> None:
    """18 U.S.C. 1593(a), (b)(3): the caption (UNITED STATES OF AMERICA v. the defendants as charged, the court,
    the case number), the AUSA and the probation officer; each loss with its declaration paragraph and exhibit,
    the labor value (the greater of the FLSA value and the defendant's gross income) and the total as computed."""
    case = load_case(TX)
    cc = case.law_enforcement.criminal_case
    result = restitution(case, PACKS)
    doc = Document(str(federal["loss-statement"]))
    text = docx_text(federal["loss-statement"])
    assert doc.paragraphs[0].text == cc.court
    parties, number = (cell.text for cell in doc.tables[0].rows[0].cells)
    assert parties.startswith("UNITED STATES OF AMERICA,") and "Defendants." in parties
    assert all(f"{name}," in parties for name in cc.defendants)
    assert f"Case No. {cc.case_number}" in number and "VICTIM LOSS STATEMENT" in number
    assert "July 15, 2026" in number  # the sentencing date
    to = doc.tables[1].rows[0].cells[1].text
    for expected in (f"{cc.prosecutor.name}, Assistant United States Attorney", cc.prosecutor.office,
                     cc.prosecutor.email, f"{cc.probation_officer.name}, United States Probation Officer",
                     cc.probation_officer.office, "Houston TX 77002"):
        assert expected in to, expected
    losses = cell_texts(doc.tables[2])
    assert losses[0] == ["Loss", "Date", "What it was", "Proof", "Amount"]
    rows = losses[1:-1]
    assert len(rows) == len(result.losses) == len(case.losses)
    assert [r[-1] for r in rows] == [usd(line.amount) for line in result.losses]
    assert [r[3] for r in rows] == ["Decl. ¶ 3; Ex. A", "Decl. ¶ 4; Ex. B"]
    assert losses[-1][0] == "Total losses" and losses[-1][-1] == usd(result.losses_total)
    totals = cell_texts(doc.tables[3])
    assert [r[1] for r in totals] == [usd(result.labor_component), usd(result.losses_total), usd(result.total)]
    assert result.total == result.labor_component + result.losses_total
    # the measure: the FLSA value (nothing paid) is greater than the gross income
    assert result.method == "flsa" and result.flsa_unpaid > result.defendant_gross_income
    assert f"worth {usd(result.flsa_value)}, and none of it was paid" in text
    assert f"That is greater than the defendant's gross income from the labor, " \
           f"{usd(result.defendant_gross_income)}, so it is the measure: {usd(result.labor_component)}" in text
    assert f"({len(result.weeks)} workweeks)" in text
    assert "presentence report" in text and "18 U.S.C. § 1593(b)(3)" in text and "18 U.S.C. § 2259" in text
    assert "Exhibit A: Emergency room bill" in text and "Schedule 1" in text
    assert internal_markers(text) == [] and PLACEHOLDER not in text


def test_federal_declaration_first_person_numbered_with_translation(federal: dict[str, Path]) -> None:
    """The survivor's declaration of losses: numbered paragraphs 1..n in the first person (the work, its dates,
    hours and pay; each loss with its amount and exhibit; the total), under penalty of perjury; told in Spanish,
    so it is read back in Spanish and the translator named in statement.translator certifies it (as the T-visa
    declaration does)."""
    case = load_case(TX)
    path = federal["declaration-of-losses"]
    text = docx_text(path)
    paragraphs = numbered_paragraphs(path)
    assert [n for n, _ in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert all(re.search(r"\b(I|My|my|me)\b", body) for _, body in paragraphs)
    body = dict(paragraphs)
    work = case.trafficking[0].work
    assert "From January 7, 2019 to December 29, 2019, I worked for Example Cleaning LLC in Houston" in body[2]
    assert f"I usually worked {work.hours_per_week} hours a week, {work.days_per_week} days a week" in body[2]
    assert "I was not paid for this work." in body[2]
    for n, loss, letter in ((3, case.losses[0], "A"), (4, case.losses[1], "B")):
        assert usd(loss.amount.amount) in body[n] and f"Exhibit {letter}" in body[n]
    result = restitution(case, PACKS)
    assert f"come to {usd(result.losses_total)}" in body[5]
    assert "I declare under penalty of perjury under the laws of the United States of America" in text
    assert "read to me in Spanish, a language I understand" in text
    assert "CERTIFICATE OF TRANSLATION" in text
    assert f"I, {case.statement.translator.name}, certify that I am competent to translate between Spanish and " \
           "English" in text
    assert "UNITED STATES OF AMERICA" in text and case.law_enforcement.criminal_case.case_number in text
    assert internal_markers(text) == []


def test_federal_computation_schedule_one_row_a_week(federal: dict[str, Path]) -> None:
    """18 U.S.C. 1593(b)(3); 29 U.S.C. 206, 207(a)(1); 29 CFR 778.104: the schedule's week table has one row per
    workweek of the computation, each week's value, and the totals; the method and sources in plain words, none
    of the computation's notes or confidence codes."""
    case = load_case(TX)
    result = restitution(case, PACKS)
    doc = Document(str(federal["computation"]))
    text = docx_text(federal["computation"])
    weeks = cell_texts(doc.tables[-1])
    assert weeks[0][0] == "Workweek"
    assert len(weeks) == 1 + len(result.weeks) + 1
    assert [r[4] for r in weeks[1:-1]] == [usd(w.value) for w in result.weeks]
    assert weeks[-1][4] == usd(result.flsa_value) and weeks[-1][6] == usd(result.flsa_unpaid)
    summary = {r[0]: r[1] for r in cell_texts(doc.tables[1])}
    assert summary["Total restitution requested"] == usd(result.total)
    assert usd(result.defendant_gross_income) in summary.values()
    measure = cell_texts(doc.tables[0])
    assert measure[1][3] == "Value under the FLSA" and measure[1][4] == usd(result.labor_component)
    for cite in ("29 U.S.C. § 206", "29 U.S.C. § 207(a)(1)", "29 C.F.R. § 778.104", "$7.25 an hour from July 24, 2009"):
        assert cite in text
    assert "declaration of Mateo Ejemplo" in text
    for note in result.notes:
        assert note[:40] not in text
    assert internal_markers(text) == []


def test_memo_lists_what_to_check(federal: dict[str, Path]) -> None:
    """What the papers leave to the preparer is in the memo, with who signs each of the three documents."""
    memo = docx_text(federal["memo"])
    assert "Victim loss statement and declaration of losses: to check before sending" in memo
    assert "Attach Exhibit A to the declaration: Emergency room bill (evidence e3, evidence/er-bill.pdf)" in memo
    assert "the translator reads the declaration" in memo
    for name in ("loss-statement", "declaration-of-losses", "computation"):
        assert federal[name].name in memo
    assert "the applicant (survivor), the translator" in memo


def without_defendants(traffickers: bool) -> dict[str, Any]:
    data = yaml.safe_load(TX.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    cc = data["law_enforcement"]["criminal_case"]
    for key in ("defendants", "prosecutor", "probation_officer", "sentencing_date"):
        cc.pop(key)
    if not traffickers:
        data["trafficking"][0]["traffickers"] = []
    for item in data["evidence"]:   # the files sit beside the example, not beside this copy
        item.pop("file", None)
        item.pop("translation_file", None)
    return data


@pytest.mark.parametrize("traffickers", [False, True])
def test_caption_without_charged_defendants(tmp_path: Path, traffickers: bool) -> None:
    """No defendants recorded: the caption takes the traffickers recorded, and the memo says to confirm them
    against the indictment; with none either, the caption and addressees are placeholders the memo lists."""
    case_path = tmp_path / "case.case.yml"
    case_path.write_text(yaml.safe_dump(without_defendants(traffickers)), encoding="utf-8")
    papers = filing_set(case_path, FEDERAL, tmp_path / "out")
    doc = Document(str(papers["loss-statement"]))
    parties = doc.tables[0].rows[0].cells[0].text
    to = doc.tables[1].rows[0].cells[1].text
    memo = docx_text(papers["memo"])
    assert f"{PLACEHOLDER}, Assistant United States Attorney" in to
    assert f"{PLACEHOLDER}, United States Probation Officer" in to
    assert "law_enforcement.criminal_case.prosecutor.name" in memo
    if traffickers:
        assert "Example Cleaning LLC," in parties and "Defendant." in parties
        assert "confirm each name against the indictment" in memo
    else:
        assert f"{PLACEHOLDER}," in parties
        assert "No defendant is named" in memo and "law_enforcement.criminal_case.defendants" in memo
    assert PLACEHOLDER in docx_text(papers["declaration-of-losses"]) or traffickers


def test_california_set(state: dict[str, Path]) -> None:
    """Penal Code 1202.4(f); H.B. v. Superior Court (2023) 97 Cal.App.5th 341: THE PEOPLE OF THE STATE OF
    CALIFORNIA v. the defendant as charged, to the deputy district attorney and the probation officer; the
    services valued by the defendant's income (trafficking into the sex industry), the losses, the total; the
    declaration sworn under California law; the schedule without a week table."""
    case = load_case(CA)
    cc = case.law_enforcement.criminal_case
    result = california_restitution(case, PACKS)
    doc = Document(str(state["loss-statement"]))
    text = docx_text(state["loss-statement"])
    parties = doc.tables[0].rows[0].cells[0].text
    assert parties.startswith("THE PEOPLE OF THE STATE OF CALIFORNIA,") and "Jesse Example," in parties
    assert "(known only by a nickname)" not in parties and "Defendant." in parties
    assert f"Case No. {cc.case_number}" in doc.tables[0].rows[0].cells[1].text
    to = doc.tables[1].rows[0].cells[1].text
    assert f"{cc.prosecutor.name}, Deputy District Attorney" in to
    assert f"{cc.probation_officer.name}, Probation Officer" in to
    totals = cell_texts(doc.tables[3])
    assert [r[1] for r in totals] == [usd(result.labor_component), usd(result.losses_total), usd(result.total)]
    assert result.method == "defendant_income" and usd(result.defendant_gross_income) in text
    assert "Penal Code section 1202.4, subdivision (f)" in text and "H.B. v. Superior Court" in text
    assert "probation report" in text and "prostitut" not in text.lower()
    assert internal_markers(text) == [] and PLACEHOLDER not in text
    decl = docx_text(state["declaration-of-losses"])
    paragraphs = numbered_paragraphs(state["declaration-of-losses"])
    assert [n for n, _ in paragraphs] == list(range(1, len(paragraphs) + 1))
    assert "I was trafficked into the sex industry" in decl
    assert "under the laws of the State of California" in decl and "CERTIFICATE OF TRANSLATION" not in decl
    schedule = docx_text(state["computation"])
    assert "Workweek" not in schedule and usd(result.total) in schedule
    assert internal_markers(decl + schedule) == []


@pytest.mark.parametrize("path,value,words", [
    ("sentencing_date", "2026-02-30", "not a real date"),
    ("defendants", "Example Cleaning LLC", "list"),
    ("defendants", ["  "], "empty"),
    ("prosecutor", {"name": "Casey Example", "email": "casey at example"}, "e-mail"),
    ("probation_officer", {"name": "Morgan Sample", "phone": "555"}, "unknown field"),
])
def test_bad_criminal_case_fields_exit_2_naming_the_path(tmp_path: Path, path: str, value: Any,
                                                         words: str) -> None:
    """A wrong value in the new criminal_case fields: exit 2, the field path and the file named, no traceback,
    no case data echoed."""
    data = yaml.safe_load(TX.read_text(encoding="utf-8"))
    data["law_enforcement"]["criminal_case"][path] = value
    case_file = tmp_path / "bad.case.yml"
    case_file.write_text(yaml.safe_dump(data), encoding="utf-8")
    done = run_cli("check", str(case_file))
    assert done.returncode == 2, done.stderr
    line = next(ln for ln in done.stderr.splitlines() if f"law_enforcement.criminal_case.{path}" in ln)
    assert words in line and str(case_file) in line
    assert "Traceback" not in done.stderr and "Casey" not in done.stderr and "Mateo" not in done.stderr
