"""The filing interviews (t_visa.yml, compensation.yml, reflection_period.yml) in the real docassemble engine.

Each scripted path (tests/interviews/paths/<name>.yml: the interview, the answers, the files to upload) runs
from the first screen to the end screen. What the interview assembled is then compared with what
``survivorrelief assemble`` makes from the equivalent case file (the interview's case, written out as YAML with
the same evidence files beside it): the same files, the same DOCX text, the same filled PDF form fields.
A path runs once per test session (``path_run``, cached); the wording tests reuse the survivor paths.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

import pytest
import yaml
from pypdf import PdfReader

from docassemble.SurvivorRelief.assembly import bates_prefix
from docassemble.SurvivorRelief.cases import Case, load_case, parse_case, semantic_problems
from docassemble.SurvivorRelief.documents import (
    OPEN_STATUSES,
    Words,
    document_locale,
    docx_text,
    eligible_family,
    gather,
    load_catalogue,
)
from docassemble.SurvivorRelief.errors import InputError, Problem
from docassemble.SurvivorRelief.evidence import check_file
from docassemble.SurvivorRelief.formatting import date as format_date
from docassemble.SurvivorRelief.formatting import money
from docassemble.SurvivorRelief.intake import plain
from docassemble.SurvivorRelief.labels import needed
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.deadlines import deadlines
from docassemble.SurvivorRelief.rules.screen import screen as screen_case
from tests.helpers import CLI, REPO, SHARED
from tests.interviews.common import NEUTRAL_EXIT, blocks
from tests.interviews.test_labels import english_left
from tests.interviews.test_wording import MAX_GRADE, computed_choice_fields, wording
from tests.support import daengine
from tests.support.daengine import ValidationFailed
from tests.support.readability import fk_grade

PATHS = Path(__file__).resolve().parent / "paths"
FORMS = SHARED / "forms" / "uscis"
INTERVIEWS = ("t_visa", "compensation", "reflection_period")
END = "sr_documents_screen"
needs_forms = pytest.mark.skipif(not (FORMS / "i-914.pdf").is_file(), reason="USCIS PDFs not in ../shared/forms")


def interview_ref(name: str) -> str:
    return f"docassemble.SurvivorRelief:data/questions/{name}.yml"


def relative_dates(value: Any) -> Any:
    """``today-60d`` -> the ISO date 60 days before today (for time limits that run from a recent event)."""
    if isinstance(value, dict):
        return {k: relative_dates(v) for k, v in value.items()}
    match = re.fullmatch(r"today-(\d+)d", value) if isinstance(value, str) else None
    return (dt.date.today() - dt.timedelta(days=int(match.group(1)))).isoformat() if match else value


@functools.cache
def path_spec(name: str) -> dict[str, Any]:
    """A path file: ``interview``, ``answers``, ``uploads`` (files, relative to the repository), ``expect``.

    ``base`` names a file whose answers come first: an answers file or another path (with its uploads).
    """
    spec = yaml.safe_load((PATHS / f"{name}.yml").read_text(encoding="utf-8"))
    answers: dict[str, Any] = {}
    if "base" in spec:
        base = yaml.safe_load((PATHS / spec["base"]).read_text(encoding="utf-8"))
        answers = dict(path_spec(Path(spec["base"]).stem)["answers"]) if "interview" in base else base
    answers.update(spec.get("answers") or {})
    answers.update({k: str(REPO / v) for k, v in (spec.get("uploads") or {}).items()})
    return relative_dates({**spec, "answers": answers})


@dataclass
class PathRun:
    """One scripted path run to its end: the screens seen, the session, and for a filing its case and files."""

    name: str
    spec: dict[str, Any]
    session: daengine.Session
    screens: list[daengine.Screen]
    case: Optional[Case] = None
    chosen: list[str] = field(default_factory=list)
    files: dict[str, Path] = field(default_factory=dict)  # file name -> the interview's copy

    @property
    def final(self) -> daengine.Screen:
        return self.screens[-1]

    def file(self, suffix: str) -> Path:
        (found,) = [path for name, path in self.files.items() if name.endswith(suffix)]
        return found


@functools.cache
def path_run(name: str) -> PathRun:
    """Run a path once per test session (the engine must be booted: use the ``da_engine`` fixture)."""
    spec = path_spec(name)
    session = daengine.Session(interview_ref(spec["interview"]))
    with pytest.MonkeyPatch.context() as mp:  # where the interview's assembly finds the blank USCIS forms
        mp.setenv("SURVIVORRELIEF_FORMS_DIR", str(FORMS))
        screens = daengine.run(session, spec["answers"])
    run = PathRun(name, spec, session, screens)
    if screens[-1].id == END:
        run.case = session.get("sr_filing_case")
        run.chosen = list(session.get("sr_chosen"))
        for attachment in screens[-1].attachments:
            for fmt, path in attachment.files.items():
                if fmt in ("docx", "pdf"):
                    run.files[f"{attachment.filename}.{fmt}"] = path
    return run


@functools.cache
def cli_run(name: str, workdir: Path) -> Path:
    """``survivorrelief assemble`` on the case the path built, with the same evidence files; the output folder."""
    run = path_run(name)
    assert run.case is not None
    folder = workdir / name
    folder.mkdir()
    case_file = folder / f"{run.case.case_id}.case.yml"
    case_file.write_text(yaml.safe_dump(run.case.model_dump(mode="json", exclude_none=True), allow_unicode=True,
                                        sort_keys=False), encoding="utf-8")
    for item in run.case.evidence:
        for attr, upload in (("file", "sr_upload"), ("translation_file", "sr_translation_upload")):
            if getattr(item, attr):
                (folder / getattr(item, attr)).parent.mkdir(exist_ok=True)
                shutil.copyfile(run.spec["answers"][f"{upload}['{item.id}']"], folder / getattr(item, attr))
    out = folder / "out"
    args = [str(CLI), "assemble", str(case_file), "--out", str(out)]
    for remedy in run.chosen:
        args += ["--remedy", remedy]
    done = subprocess.run(args, capture_output=True, text=True, timeout=300,
                          env={**os.environ, "SURVIVORRELIEF_FORMS_DIR": str(FORMS)})
    assert done.returncode == 0, done.stderr
    return out


def doc_date(day: dt.date, language: str, jurisdiction: str) -> str:
    """A date as a document in ``language`` for ``jurisdiction`` writes it (documents.py's formatting)."""
    locale = document_locale(language, load_packs().get(jurisdiction).country)
    return format_date(day, locale, Words(language).word("date_format") or "long")


def pdf_fields(path: Path) -> dict[str, Any]:
    """Every form field that has a value, as pypdf reads it back."""
    fields = PdfReader(path).get_fields() or {}
    return {name: f.get("/V") for name, f in fields.items() if f.get("/V") not in (None, "")}


def _survivor_paths() -> list[str]:
    return [p.stem for p in sorted(PATHS.glob("*.yml"))
            if not p.stem.startswith("intake-") and path_spec(p.stem)["answers"].get("user_role") == "survivor"]


def survivor_filing_screens() -> list[daengine.Screen]:
    """Every screen of the survivor-mode paths (for the wording tests); the engine must be booted."""
    return [s for name in _survivor_paths() for s in path_run(name).screens]


@pytest.fixture(scope="module")
def cli_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("cli")


FILING_PATHS = ["t_visa-tx-labor-adult", "compensation-ca-minor", "reflection-nl-labor", "compensation-bg",
                "reflection-nl-upload"]


# --- every filing path: the interview makes exactly what the CLI makes ------------------------------------

@pytest.mark.parametrize("name", FILING_PATHS)
def test_path_reaches_the_documents_and_matches_the_cli(da_engine: Any, cli_dir: Path, name: str) -> None:
    """Same case file in, same files out: names, DOCX text and filled PDF form fields (contract: one assembly)."""
    run = path_run(name)
    assert run.final.id == END and run.final.is_end
    out = cli_run(name, cli_dir)
    made = {p.name: p for p in out.rglob("*") if p.is_file() and p.name != "manifest.json"}
    assert sorted(run.files) == sorted(made)
    for file_name, path in run.files.items():
        if file_name.endswith(".docx"):
            assert docx_text(path) == docx_text(made[file_name]), file_name
        elif file_name.endswith(".pdf"):
            assert pdf_fields(path) == pdf_fields(made[file_name]), file_name
            assert len(PdfReader(path).pages) == len(PdfReader(made[file_name]).pages), file_name


@pytest.mark.parametrize("name", FILING_PATHS)
def test_the_case_passes_the_cli_check_and_keeps_the_answers(da_engine: Any, cli_dir: Path, name: str) -> None:
    run = path_run(name)
    case_file = cli_run(name, cli_dir).parent / f"{run.case.case_id}.case.yml"
    assert load_case(case_file) == run.case
    for dotted, expected in (run.spec.get("expect", {}).get("case") or {}).items():
        value = eval(dotted, {}, {"case": run.case})  # noqa: S307 - test data written in this repository
        if isinstance(value, dt.date):
            value = value.isoformat()
        assert value == expected, dotted


@pytest.mark.parametrize("name", FILING_PATHS)
def test_the_filings_prepared_are_those_screening_finds_open(da_engine: Any, name: str) -> None:
    """Every remedy of the interview's kind that screening finds open (and that was chosen, if any were) is
    prepared, and nothing else; the path states which it expects for its fictional case."""
    run = path_run(name)
    scope = run.session.get("sr_scope")
    catalogue = load_catalogue().remedies
    open_here = [r.id for r in screen_case(run.case, load_packs()).remedies
                 if (r.id in scope.get("ids", []) or r.kind in scope.get("kinds", [])) and r.id in catalogue
                 and r.status in OPEN_STATUSES and (not run.case.filings or r.id in run.case.filings)]
    assert run.chosen == open_here == run.spec["expect"]["chosen"]


# --- (1) an adult trafficked for labor in Texas: the complete T visa packet ---------------------------------

@needs_forms
def test_t_visa_packet_is_complete(da_engine: Any) -> None:
    """Cover letter, declaration, Supplement B request, I-192 statement, Supplement A summaries, exhibit index,
    and Forms I-914, I-192 and I-765 filled (8 CFR 214.204: the application and its supporting documents)."""
    run = path_run("t_visa-tx-labor-adult")
    case = run.case
    family = eligible_family(gather(case, load_packs()), "us.t_visa")
    suffixes = ["-cover-letter.docx", "-declaration.docx", "-declaration-english-translation.docx",
                "-i-192-statement.docx", "-exhibit-index.docx",
                "-i-914.pdf", "-i-192.pdf", "-i-765.pdf", "-forms-and-exhibits.pdf", "-preparer-memo.docx"]
    suffixes += [f"-supplement-a-{n}.docx" for n in range(1, len(family) + 1)]
    suffixes += [f"-supplement-b-request-{n}.docx" for n in range(1, len(case.law_enforcement.contacts) + 1)]
    for suffix in suffixes:
        assert run.file(suffix).stat().st_size > 0, suffix
    assert family, "the spouse and child of an adult principal are screened as eligible (8 CFR 214.211)"
    name = case.survivor.name.full()
    assert name in docx_text(run.file("-cover-letter.docx"))
    original = docx_text(run.file("-declaration.docx"))       # in Spanish, signed by the survivor
    assert all(line in original for text in case.statement.sections.values() for line in text.splitlines())
    declaration = docx_text(run.file("-declaration-english-translation.docx"))
    assert all(line in declaration for text in case.statement.sections_en.values() for line in text.splitlines())
    assert case.statement.translator.name in declaration
    request = docx_text(run.file("-supplement-b-request-1.docx"))
    contact = case.law_enforcement.contacts[0]
    assert contact.agency in request and contact.officer in request
    for n, index in enumerate(family, start=1):
        assert case.family[index].name.full() in docx_text(run.file(f"-supplement-a-{n}.docx"))
    # A B-2 overstay who never left is not inadmissible under INA 212(a)(9)(B)(i) (USCIS, Unlawful Presence and
    # Inadmissibility); without a valid nonimmigrant visa, INA 212(a)(7)(B)(i)(II) applies.
    statement = docx_text(run.file("-i-192-statement.docx"))
    assert "212(a)(7)(B)(i)(II)" in statement and "212(a)(9)(B)" not in statement
    index = docx_text(run.file("-exhibit-index.docx"))
    for item in case.evidence:
        assert item.description in index


@needs_forms
def test_t_visa_forms_are_filled_from_the_answers(da_engine: Any) -> None:
    """The forms read back with pypdf hold what the survivor's lawyer answered (expect.forms in the path)."""
    run = path_run("t_visa-tx-labor-adult")
    for form, expected in run.spec["expect"]["forms"].items():
        values = pdf_fields(run.file(f"-{form}.pdf"))
        for pdf_field, value in expected.items():
            assert values.get(pdf_field) == value, (form, pdf_field)


def test_t_visa_exhibits_follow_the_order_chosen(da_engine: Any) -> None:
    """The professional's evidence order is the exhibit order: exhibit A is the first item chosen."""
    run = path_run("t_visa-tx-labor-adult")
    order = [e.id for e in run.case.evidence if e.file]
    assert order == run.spec["expect"]["exhibit_order"]
    lines = [line for line in docx_text(run.file("-exhibit-index.docx")).splitlines() if line.strip()]
    first = run.case.evidence_by_id(order[0]).description
    second = run.case.evidence_by_id(order[1]).description
    assert min(i for i, line in enumerate(lines) if first in line) < min(i for i, line in enumerate(lines)
                                                                        if second in line)


# --- (2) a minor in California: the CalVCB letter ------------------------------------------------------------

def test_calvcb_letter_for_a_minor(da_engine: Any) -> None:
    """The CalVCB cover letter, with the filing date the deadline rules give for a minor (the later of 7 years
    after the crime or the 28th birthday, Cal. Gov. Code 13953(b) as the pack records it)."""
    run = path_run("compensation-ca-minor")
    assert run.spec["answers"]["user_role"] == "survivor"
    letter = docx_text(run.file("us-ca-cvc-cover-letter.docx"))
    assert run.case.survivor.name.full() in letter
    (due,) = [d.due for d in deadlines(run.case, load_packs()).deadlines if d.id == "us-ca.cvc.filing"]
    assert due is not None and doc_date(due, "en", "us-ca") in letter
    assert due.strftime("%B %-d, %Y") in run.final.subquestion  # the end screen's dates to keep
    for loss in run.case.losses:
        assert loss.description in letter


# --- (3) a Dutch reflection period: Dutch request, English copy, computed dates -----------------------------

def test_dutch_reflection_period_request_in_dutch_and_english(da_engine: Any) -> None:
    run = path_run("reflection-nl-labor")
    dutch = docx_text(run.file("reflection-period-request.nl.docx"))
    english = docx_text(run.file("reflection-period-request.en.docx"))
    (period,) = [d for d in deadlines(run.case, load_packs()).deadlines if d.id == "nl.reflection_period"]
    assert period.start is not None and period.maximum_end is not None
    for text, language in ((dutch, "nl"), (english, "en")):
        assert doc_date(period.start, language, "nl") in text
        assert doc_date(period.maximum_end, language, "nl") in text
    assert "bedenktijd" in dutch.lower() and "reflection period" in english.lower()
    assert period.maximum_end.strftime("%B %-d, %Y") in run.final.subquestion


def test_a_saved_case_file_goes_straight_to_the_filing_and_only_files_uploaded_here_are_used(da_engine: Any) -> None:
    """The case-upload route: no intake question is asked again; the evidence files a case file names are not
    on the server, so an item is an exhibit only when its file is uploaded in the filing interview."""
    run = path_run("reflection-nl-upload")
    assert not [s.id for s in run.screens if s.id.startswith(("intake_name", "intake_episode", "pro_filings"))]
    saved = load_case(REPO / run.spec["uploads"]["sr_case_upload"])
    assert run.case.model_dump(exclude={"evidence"}) == saved.model_dump(exclude={"evidence"})
    assert [(e.id, e.file) for e in run.case.evidence] == [("n1", "evidence/n1.pdf"), ("n2", None)]
    assert [e.description for e in run.case.evidence] == [e.description for e in saved.evidence]


# --- (4) Bulgarian state compensation: the letter in Bulgarian with an English copy -------------------------

def test_bulgarian_compensation_letter(da_engine: Any) -> None:
    """The CVAFCA application letter in Bulgarian and its English copy carry the time limit the deadline rules
    compute (one year after the final court act, as the bg pack records it) and the losses; the UNVERIFIED flag
    stays in the preparer's memo, never in the letter."""
    run = path_run("compensation-bg")
    (due,) = [d.due for d in deadlines(run.case, load_packs()).deadlines if d.id == "bg.state_compensation.filing"]
    assert due is not None and due >= dt.date.today()
    total = sum(loss.amount.amount for loss in run.case.losses)
    for language, suffix in (("bg", "cover-letter.bg.docx"), ("en", "cover-letter.en.docx")):
        text = docx_text(run.file(suffix))
        assert doc_date(due, language, "bg") in text, language
        assert money(total, "EUR", document_locale(language, "BG")) in text, language
        assert "UNVERIFIED" not in text
        assert run.case.survivor.name.full() in text
    assert "Courtesy translation" in docx_text(run.file("cover-letter.en.docx"))
    assert "UNVERIFIED" in docx_text(run.file("bg-state-compensation-preparer-memo.docx"))


# --- (5) quick exit, on every screen and from a filing screen ------------------------------------------------

@pytest.mark.parametrize("name", [*FILING_PATHS, "compensation-prefer-not", "compensation-ca-minor-es",
                                  "compensation-prefer-not-es"])
def test_quick_exit_is_on_every_screen(da_engine: Any, name: str) -> None:
    for s in path_run(name).screens:
        assert "sr_quick_exit" in s.actions(), s.id
        assert (s.parts["exit link"], s.parts["exit url"]) == ("exit", NEUTRAL_EXIT), s.id


def test_quick_exit_from_a_filing_screen_leaves_and_deletes_the_answers(da_session: Any) -> None:
    spec = path_spec("compensation-ca-minor")
    session = da_session(interview_ref(spec["interview"]))
    screens = daengine.run(session, spec["answers"], until="sr_evidence_upload")
    assert screens[-1].id == "sr_evidence_upload" and session.defined("survivor.name.first")
    left = session.action("sr_quick_exit")
    assert (left.command, left.url) == ("exit", NEUTRAL_EXIT)
    assert session.ended and "survivor" not in session.user_dict and "case" not in session.user_dict
    with pytest.raises(daengine.SessionEnded):
        session.step()


# --- (6) "I prefer not to answer": facts stay unknown, the interview ends plainly -----------------------------

def test_prefer_not_to_answer_reaches_a_plain_end_and_guesses_nothing(da_engine: Any) -> None:
    run = path_run("compensation-prefer-not")
    assert run.final.id == run.spec["expect"]["end"] and run.final.is_end and not run.final.attachments
    assert run.final.text == "We cannot make these papers yet"
    case = run.session.get("case")
    s = case.survivor
    assert (s.sex, s.country_of_birth, s.citizenship, s.date_of_birth) == (None, None, [], None)
    assert case.law_enforcement.reported is None and case.losses == []
    episode = case.trafficking[0]
    assert (episode.form, episode.start, episode.end, episode.jurisdiction) == (None, None, None, None)
    screened = run.session.get("sr_screened")
    assert screened and not [r for r in screened if r["status"] in OPEN_STATUSES]
    assert "Still needed" not in run.final.subquestion  # the element detail is for professionals


# --- (7) Spanish: every screen of the filing part in Spanish, and the same letter ----------------------------

def test_spanish_path_shows_spanish_and_makes_the_same_letter(da_engine: Any) -> None:
    english, spanish = path_run("compensation-ca-minor"), path_run("compensation-ca-minor-es")
    assert [s.id for s in spanish.screens] == [s.id for s in english.screens]
    assert spanish.final.id == END and spanish.final.text == "Sus papeles están listos"
    targets = list(xlf_units().values())
    own = [(en, es) for en, es in zip(english.screens, spanish.screens, strict=True) if es.id in own_question_ids()]
    assert {es.id for _, es in own} >= {"sr_evidence_intro", "sr_evidence_has_file", "sr_evidence_upload", END}
    for en, es in own:
        assert es.language == "es" and es.text != en.text, es.id
        assert any(es.text.strip() in t for t in targets), es.id
    assert spanish.final.parts["exit label"] == "Salida rápida"
    letters = []
    for run in (english, spanish):
        text = docx_text(run.file("us-ca-cvc-cover-letter.docx"))
        letters.append(text.replace(run.case.case_id, "ID").replace(bates_prefix(run.case.case_id) + "-", "ID-"))
    assert letters[0] == letters[1]  # case ids differ (Bates labels); nothing else


def test_spanish_documents_screen_names_the_filing_and_its_dates_in_spanish(da_engine: Any) -> None:
    """The remedy prepared and its filing date (Cal. Gov. Code 13953(b) as the us-ca pack records it) in plain
    Spanish, the date written by Babel for es; no English name, label or code on any screen of the path."""
    run = path_run("compensation-ca-minor-es")
    es = Words("es").own
    final = run.final.subquestion
    for rid in run.chosen:
        assert f"**{es['remedy'][rid]}**" in final
    (d,) = [d for d in deadlines(run.case, load_packs()).deadlines if d.id == "us-ca.cvc.filing"]
    assert d.due is not None
    assert f"{es['date_words']['filing']}: {format_date(d.due, 'es')}." in final
    assert es["plain_deadline_status"][d.status] in final
    for s in run.screens[1:]:
        assert not english_left(f"{s.text}\n{s.subquestion}"), s.id


def test_nothing_open_in_spanish_says_what_is_still_needed_in_spanish(da_engine: Any) -> None:
    """The plain "not yet" end in Spanish: each remedy screened, its status and the facts still needed, in words."""
    run = path_run("compensation-prefer-not-es")
    assert run.final.id == run.spec["expect"]["end"] and run.final.text == "Todavía no podemos hacer estos papeles"
    es = Words("es").own
    screened = run.session.get("sr_screened")
    assert screened and any(r["needs"] for r in screened)
    for r in screened:
        assert f"**{es['remedy'][r['id']]}**: {es['plain_status'][r['status']]}" in run.final.subquestion
        for item in needed(r["needs"], "es"):
            assert f"* {item}." in run.final.subquestion
    for s in run.screens[1:]:
        assert not english_left(f"{s.text}\n{s.subquestion}"), s.id


# --- bad answers: refused in plain words, by the CLI's own rules ----------------------------------------------

def _refused(da_session: Any, path: str, screen_id: str, change: dict[str, Any]) -> ValidationFailed:
    spec = path_spec(path)
    session = da_session(interview_ref(spec["interview"]))
    screen = daengine.run(session, spec["answers"], until=screen_id)[-1]
    assert screen.id == screen_id
    given = {**spec["answers"], **change}
    with pytest.raises(ValidationFailed) as err:
        session.answer({f.variable: given[f.variable] for f in screen.fields if f.variable in given})
    assert session.step().id == screen_id  # still on the same screen
    return err.value


def _cli_problem(data: dict[str, Any]) -> Problem:
    with pytest.raises(InputError) as err:
        problems = semantic_problems(parse_case({"case_id": "x", **data}), load_packs().ids())
        if problems:
            raise InputError(problems)
    (problem,) = err.value.problems
    return problem


def test_t_visa_refuses_more_hours_than_a_week_has(da_session: Any) -> None:
    """cases.Work: at most 168 hours a week; the T visa interview refuses 200 with the CLI's check, in plain words."""
    refused = _refused(da_session, "t_visa-tx-labor-adult", "intake_episode_work",
                       {"trafficking[0].work.hours_per_week": 200})
    cli = _cli_problem({"trafficking": [{"work": {"hours_per_week": 200}}]})
    assert cli.path == "trafficking[0].work.hours_per_week"
    assert refused.message == plain("trafficking[0].work.hours_per_week", cli.message)
    assert "168" in refused.message


def test_compensation_refuses_a_negative_amount(da_session: Any) -> None:
    """cases.Money: no negative amounts; a cost of -5 is refused in the compensation interview."""
    refused = _refused(da_session, "compensation-ca-minor", "intake_loss", {"losses[0].amount.amount": -5})
    cli = _cli_problem({"losses": [{"kind": "counseling", "amount": {"amount": "-5", "currency": "USD"}}]})
    assert cli.path == "losses[0].amount.amount" and "negative" in cli.message
    assert refused.variable in ("losses[0].amount.amount", "losses[i].amount.amount")
    assert refused.message == plain("losses[0].amount.amount", cli.message)


def test_reflection_period_refuses_an_end_before_the_start(da_session: Any) -> None:
    """cases.semantic_problems: an episode cannot end before it starts."""
    refused = _refused(da_session, "reflection-nl-labor", "intake_episode_when", {"trafficking[0].end": "2025-01-01"})
    cli = _cli_problem({"trafficking": [{"start": "2025-09-03", "end": "2025-01-01"}]})
    assert cli.path == "trafficking[0].end"
    assert refused.message == plain("trafficking[0].end", cli.message)


def test_an_evidence_file_that_does_not_open_is_refused(da_session: Any, tmp_path: Path) -> None:
    """The upload is checked by evidence.check_file, the check the assembly runs on every exhibit."""
    bad = tmp_path / "scan.pdf"
    bad.write_bytes(b"this is not a PDF")
    _found, problem = check_file(bad)
    assert problem and "corrupt" in problem
    refused = _refused(da_session, "compensation-ca-minor", "sr_evidence_upload", {"sr_upload['e1']": str(bad)})
    assert refused.message == "This file cannot be used. Please add a PDF, JPG or PNG file that opens."


# --- the wording and the Spanish of the filing interviews' own screens -----------------------------------------

OWN_FILES = ("t_visa", "compensation", "reflection_period", "evidence", "sr_documents")
XLF_NS = {"x": "urn:oasis:names:tc:xliff:document:1.2"}


@functools.cache
def own_question_ids() -> frozenset[str]:
    return frozenset(b["id"] for path, b in blocks() if path.stem in OWN_FILES and "question" in b)


def own_block_ids() -> set[str]:
    return {b["id"] for path, b in blocks() if path.stem in OWN_FILES and "id" in b}


def xlf_units(*names: str) -> dict[str, str]:
    """English -> Spanish of the filing interviews' translation files (all of them when no name is given)."""
    out = {}
    for name in names or OWN_FILES:
        root = ET.parse(REPO / "words" / "translations" / f"{name}.es.xlf").getroot()
        assert root.find("x:file", XLF_NS).get("target-language") == "es"
        out.update({u.find("x:source", XLF_NS).text: u.find("x:target", XLF_NS).text
                    for u in root.iter(f"{{{XLF_NS['x']}}}trans-unit")})
    return out


@pytest.mark.parametrize("name", INTERVIEWS)
def test_every_text_of_the_filing_interviews_has_spanish(da_engine: Any, name: str) -> None:
    """Each of this interview's own texts (its file, evidence.yml, sr_documents.yml) is in a translation file it
    loads; and no unit of those files is stale."""
    loaded = {**xlf_units(), **xlf_units("intake")}
    own = own_block_ids()
    texts = {t for block, ts in daengine.translatable_texts(interview_ref(name)).items() if block in own for t in ts
             if not t.startswith("http")}
    missing = sorted(t for t in texts if t not in loaded)
    assert not missing, f"no Spanish for: {missing}"
    for unit_file in (name, "evidence", "sr_documents"):
        stale = sorted(set(xlf_units(unit_file)) - texts)
        assert not stale, f"{unit_file}.es.xlf: Spanish for English text that no longer exists: {stale}"
    assert all(target and target.strip() for target in xlf_units().values())


def test_a_survivor_alone_learns_before_the_questions_that_a_lawyer_finishes_the_t_visa(da_engine: Any) -> None:
    """The facts a lawyer must assess (hardship, inadmissibility, the trafficking bar: 8 CFR 214.202(e) and
    INA 212(d)(13)) are not asked of a survivor alone; the T visa interview says so first, and the dead end keeps
    the answers as a case file for the lawyer."""
    run = path_run("t_visa-survivor-labor")
    ids = [s.id for s in run.screens]
    assert ids.index("t_visa_lawyer_note") < ids.index("intake_name")
    assert run.final.id == "sr_nothing_open"
    assert "Save your answers in a file" in run.final.subquestion


def test_survivor_paths_see_every_survivor_facing_filing_screen(da_engine: Any) -> None:
    """Survivor-facing = a question whose id does not start with pro_ (the rule of sr_intake_questions.yml)."""
    seen = {s.id for s in survivor_filing_screens()}
    own = {i for i in own_question_ids() if not i.startswith("pro_")}
    assert own <= seen, sorted(own - seen)
    assert not [i for i in seen if i and i.startswith("pro_")], "professional-only screens in survivor mode"


def test_survivor_facing_filing_text_reads_at_grade_8_or_below(da_engine: Any) -> None:
    computed = computed_choice_fields()
    own = own_question_ids()
    screens = [s for s in survivor_filing_screens() if s.id in own and s.language == "en"]
    grades = {s.id: fk_grade(wording(s, computed)) for s in screens}
    too_hard = {i: round(g, 1) for i, g in grades.items() if g > MAX_GRADE}
    assert not too_hard, f"Flesch-Kincaid grade above {MAX_GRADE}: {too_hard}"
    for s in screens:
        assert not re.search(r"prostitut|whore|illegal alien|illegals\b", wording(s, set()).lower()), s.id


def survivor_branch(text: str) -> str:
    """The survivor's wording of a template written ``% if sr_pro:`` ... ``% else:`` ... ``% endif``."""
    match = re.search(r"^% else:\n(.*?)^% endif", text, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else text


@pytest.mark.parametrize("block_id", sorted(b["id"] for path, b in blocks() if path.stem in OWN_FILES
                                            and "% else:" in str(b.get("template") and b["content"])))
def test_survivor_wording_of_every_template_reads_at_grade_8_or_below(block_id: str) -> None:
    """The templates written for both modes hold the paragraphs of the end screens, including those no survivor
    path reaches (the T visa and reflection period summaries): their survivor wording is scored on its own."""
    (content,) = [b["content"] for _, b in blocks() if b.get("id") == block_id]
    text = survivor_branch(content).strip()
    assert fk_grade(text if text[-1:] in ".?!:" else text + ".") <= MAX_GRADE
