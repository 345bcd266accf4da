"""filings.py: what a filing interview offers and prepares, the dates to keep, and the files it makes.

Real packs, the example cases (examples/*.case.yml) and their evidence files, and the real assembly into a
temporary folder; the files are compared with what ``assembly.assemble`` (the code behind
``survivorrelief assemble``) makes from the example case file itself.
"""

from __future__ import annotations

import stat
import tempfile
from pathlib import Path

import pytest

from docassemble.SurvivorRelief.assembly import assemble
from docassemble.SurvivorRelief.cases import Case, load_case
from docassemble.SurvivorRelief.documents import OPEN_STATUSES, docx_text, eligible_family, gather, load_catalogue
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.filings import (
    KIND_ORDER,
    PART_ORDER,
    assembled,
    chosen,
    dates,
    filing_case,
    offered,
    web_words,
)
from docassemble.SurvivorRelief.packs import load_packs
from docassemble.SurvivorRelief.rules.deadlines import deadlines
from docassemble.SurvivorRelief.rules.screen import screen

from .helpers import EXAMPLES, SHARED

FORMS = SHARED / "forms" / "uscis"
needs_forms = pytest.mark.skipif(not (FORMS / "i-914.pdf").is_file(), reason="USCIS PDFs not in ../shared/forms")


@pytest.fixture(autouse=True)
def forms_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SURVIVORRELIEF_FORMS_DIR", str(FORMS))


@pytest.fixture
def private_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where ``tempfile.mkdtemp`` puts folders during the test, so that what is left behind can be seen."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def example(name: str) -> Case:
    return load_case(EXAMPLES / f"{name}.case.yml", load_packs().ids())


def evidence_files(case: Case) -> list[tuple[str, Path]]:
    """Each file the case names, at its place in the case, from the examples' evidence folder."""
    return [(getattr(e, attr), EXAMPLES / getattr(e, attr)) for e in case.evidence
            for attr in ("file", "translation_file") if getattr(e, attr)]


# --- the filing case --------------------------------------------------------------------------------------

def test_filing_case_takes_the_evidence_as_uploaded_and_keeps_the_rest() -> None:
    """An item's file is kept only when the interview has it (the reflection-nl-upload path's rule)."""
    case = example("nl-labor")
    entries = [e.model_dump(mode="json", exclude_none=True) for e in case.evidence]
    entries[1].pop("file")
    filed = filing_case(case, entries)
    assert [(e.id, e.file) for e in filed.evidence] == [("n1", "evidence/id-card.pdf"), ("n2", None)]
    assert filed.model_dump(exclude={"evidence"}) == case.model_dump(exclude={"evidence"})


def test_filing_case_refuses_an_evidence_item_the_case_file_would_refuse() -> None:
    case = example("nl-labor")
    with pytest.raises(InputError) as err:
        filing_case(case, [{"id": "n 1"}])
    assert [p.path for p in err.value.problems] == ["evidence[0].id"]
    assert err.value.source == "(interview)"


# --- what is offered and chosen -----------------------------------------------------------------------------

def test_offered_screens_the_scope_and_offers_the_open_remedies_with_documents() -> None:
    """nl-labor, the reflection period interview's scope (kinds: period): the Dutch B8/1 reflection period is
    open and in the catalogue; the Convention's (CETS 197 art. 13) is screened but has no documents."""
    case, packs = example("nl-labor"), load_packs()
    offer = offered(case, packs, {"kinds": ["period"]})
    expected = [r for r in screen(case, packs).remedies if r.kind == "period"]
    assert [r["id"] for r in offer.screened] == [r.id for r in expected]
    for row, result in zip(offer.screened, expected, strict=True):
        assert (row["name"], row["kind"], row["status"]) == (result.name, result.kind, result.status)
        assert row["needs"] == list(result.needs_information)
    assert "coe.reflection_period" not in load_catalogue().remedies
    assert offer.ids == ["nl.reflection_period"]
    assert [r["id"] for r in offer.offered] == offer.ids


def test_an_open_remedy_without_documents_is_screened_not_offered() -> None:
    """bg-compensation: Bulgarian special protection (Law on Combating Trafficking in Human Beings) screens as
    open but the catalogue has no document for it; nothing could be assembled, so it is not offered."""
    case, packs = example("bg-compensation"), load_packs()
    offer = offered(case, packs, {"kinds": ["protection"]})
    (row,) = offer.screened
    assert row["id"] == "bg.special_protection" and row["status"] in OPEN_STATUSES
    assert row["id"] not in load_catalogue().remedies
    assert offer.ids == [] and offer.offered == []


def test_offered_by_id_flags_unverified_and_leaves_out_what_is_not_open() -> None:
    """The T visa (8 CFR 214.11) by id: open for the Texas labor case, with its UNVERIFIED sources flagged;
    not eligible for the California minor (the screen says why), so screened and not offered."""
    packs = load_packs()
    tx, ca = example("tx-labor-adult"), example("ca-minor-sex-industry")
    (row,) = offered(tx, packs, {"ids": ["us.t_visa"]}).screened
    (result,) = [r for r in screen(tx, packs).remedies if r.id == "us.t_visa"]
    assert row["unverified"] is any("UNVERIFIED" in w for w in result.warnings) is True
    assert offered(tx, packs, {"ids": ["us.t_visa"]}).ids == ["us.t_visa"]
    not_open = offered(ca, packs, {"ids": ["us.t_visa"]})
    assert [r["status"] for r in not_open.screened] == ["not_eligible"] and not_open.ids == []


def test_chosen_respects_the_professionals_choice() -> None:
    """case.filings: None (not asked) or [] (none checked) prepares every offered filing; a choice limits it."""
    case = example("nl-labor")
    ids = ["nl.reflection_period", "nl.schadefonds"]
    assert chosen(ids, case) == ids
    assert chosen(ids, case.model_copy(update={"filings": []})) == ids
    assert chosen(ids, case.model_copy(update={"filings": ["nl.schadefonds"]})) == ["nl.schadefonds"]
    assert chosen(ids, case.model_copy(update={"filings": ["us.t_visa"]})) == []


# --- dates to keep ----------------------------------------------------------------------------------------------

def test_dates_are_the_deadline_rules_results_for_the_remedies_named() -> None:
    """nl-labor: the Dutch reflection period (Vreemdelingencirculaire B8/1) and the Convention minimum
    (CETS 197 art. 13), which the case's facts cannot date yet: kept, with no end and status unknown."""
    case, packs = example("nl-labor"), load_packs()
    rows = dates(case, packs, ["nl.reflection_period", "coe.reflection_period"])
    results = {d.remedy: d for d in deadlines(case, packs).deadlines}
    assert [r["label"] for r in rows] == [results["nl.reflection_period"].label,
                                         results["coe.reflection_period"].label]
    nl, coe = rows
    assert nl["ends"] == results["nl.reflection_period"].ends() and nl["ends"]
    assert nl["start"] == results["nl.reflection_period"].start
    assert nl["unverified"] is (results["nl.reflection_period"].confidence == "UNVERIFIED")
    assert (coe["status"], coe["ends"]) == ("unknown", [])
    assert dates(case, packs, []) == []


# --- the assembly ---------------------------------------------------------------------------------------------

def cli_files(case_name: str, remedies: list[str], out: Path) -> dict[str, Path]:
    """What ``survivorrelief assemble EXAMPLE --remedy ...`` makes from the example case file itself."""
    manifest = assemble(EXAMPLES / f"{case_name}.case.yml", out, remedies=remedies)
    return {f.path: out / f.path for f in manifest.files}


def test_assembled_makes_what_the_cli_makes_in_display_order(tmp_path: Path, private_tmp: Path) -> None:
    """nl-labor, both Dutch filings: the same files and text as the CLI's assembly; per remedy (in the order
    given) the filing set (documents, then the packet), then the preparer's papers with the checklist last."""
    case = example("nl-labor")
    remedies = ["nl.schadefonds", "nl.reflection_period"]
    cli = cli_files("nl-labor", remedies, tmp_path / "cli")
    catalogue = load_catalogue()
    with assembled(case, evidence_files(case), remedies, packet_title="Bewijsstukken") as made:
        assert sorted(f.path for f in made.files) == sorted(cli)
        for f in made.files:
            if f.ext == "docx":
                assert docx_text(f.source) == docx_text(cli[f.path]), f.path
        seen = [(remedies.index(f.remedy), PART_ORDER[f.part], KIND_ORDER[f.kind]) for f in made.files]
        assert seen == sorted(seen)
        for rid in remedies:
            own = [f for f in made.files if f.remedy == rid]
            docs = [f.name for f in own if f.kind == "document"]
            specs = catalogue.for_remedy(rid).documents
            assert docs == [d.name for d in specs if d.where == "filing"] + [
                d.name for d in specs if d.where == "preparer" and d.name != "evidence-checklist"] + [
                "evidence-checklist"]
            titles = {d.name: d.title for d in catalogue.for_remedy(rid).documents}
            assert [f.title for f in own if f.kind == "document"] == [titles[n] for n in docs]
        assert [f.title for f in made.files if f.kind == "packet"] == ["Bewijsstukken"]
        assert made.notices == [] and made.unverified is False
    assert list(private_tmp.iterdir()) == []


@needs_forms
def test_assembled_t_visa_titles_forms_and_numbers_repeated_documents(private_tmp: Path) -> None:
    """tx-labor-adult, the T visa (8 CFR 214.204): a Supplement A statement per eligible family member, numbered
    as its file is; the forms after the documents, titled by form; the UNVERIFIED warnings carried."""
    case = example("tx-labor-adult")
    family = eligible_family(gather(case, load_packs()), "us.t_visa")
    assert len(family) > 1
    with assembled(case, evidence_files(case), ["us.t_visa"]) as made:
        supplement_a = [f for f in made.files if f.name == "supplement-a-statement"]
        assert len(supplement_a) == len(family)
        for n, f in enumerate(supplement_a, start=1):
            assert f.title.endswith(f" ({n})") and f.stem.endswith(f"-supplement-a-{n}")
        (request,) = [f for f in made.files if f.name == "supplement-b-request"]
        assert not request.title.endswith(")")  # one law enforcement contact: no number
        forms = [f for f in made.files if f.kind == "form"]
        assert [f.title for f in forms] == [f"Form {spec.form.upper()}"
                                           for spec in load_catalogue().for_remedy("us.t_visa").forms]
        filing = [f for f in made.files if f.part == "filing"]
        assert filing[-1].kind == "packet" and filing[-1].title == "Evidence packet"
        assert [f.part for f in made.files] == sorted((f.part for f in made.files), key=PART_ORDER.get)
        assert all(f.source.is_file() and f.source.stat().st_size > 0 for f in made.files)
        assert made.unverified and any("UNVERIFIED" in w for w in made.warnings)


def test_the_private_folder_is_0700_and_gone_after_the_block(private_tmp: Path) -> None:
    case = example("nl-labor")
    with assembled(case, evidence_files(case), ["nl.reflection_period"]) as made:
        (work,) = list(private_tmp.iterdir())
        assert stat.S_IMODE(work.stat().st_mode) == 0o700
        assert all(work in f.source.parents for f in made.files)
        assert (work / "evidence" / "id-card.pdf").is_file()
    assert not work.exists() and list(private_tmp.iterdir()) == []


def test_the_folder_is_gone_when_the_block_raises(private_tmp: Path) -> None:
    case = example("nl-labor")
    with pytest.raises(RuntimeError), assembled(case, evidence_files(case), ["nl.reflection_period"]):
        assert len(list(private_tmp.iterdir())) == 1
        raise RuntimeError("copying into the file store failed")
    assert list(private_tmp.iterdir()) == []


def test_the_folder_is_gone_when_the_assembly_raises(private_tmp: Path) -> None:
    """A case naming an evidence file the interview does not have: the assembly refuses it, nothing is left."""
    case = example("nl-labor")
    with pytest.raises(InputError) as err, assembled(case, evidence_files(case)[:1], ["nl.reflection_period"]):
        pytest.fail("the assembly should have refused the case")  # pragma: no cover
    assert any(p.path.startswith("evidence[1]") for p in err.value.problems), err.value.problems
    assert list(private_tmp.iterdir()) == []


def test_an_evidence_place_outside_the_folder_is_refused(private_tmp: Path) -> None:
    case = example("nl-labor")
    files = [*evidence_files(case), ("../escaped.pdf", EXAMPLES / "evidence" / "id-card.pdf")]
    with pytest.raises(InputError) as err, assembled(case, files, ["nl.reflection_period"]):
        pytest.fail("an escaping path should have been refused")  # pragma: no cover
    assert [p.path for p in err.value.problems] == ["evidence_files[2]"]
    assert "escaped" not in str(err.value)
    assert list(private_tmp.iterdir()) == [] and not (private_tmp.parent / "escaped.pdf").exists()


def test_messages_for_a_web_user_name_no_server_path_or_command(tmp_path: Path) -> None:
    """The CLI tells an administrator what to run; the interviews show the same notices without it."""
    empty = tmp_path / "no-forms"
    empty.mkdir()
    manifest = assemble(EXAMPLES / "tx-labor-adult.case.yml", tmp_path / "out", remedies=["us.t_visa"], forms_dir=empty)
    cli = [n for n in manifest.notices if "Form I-914 not filled" in n]
    assert cli and str(empty) in cli[0] and "survivorrelief forms fetch" in cli[0]
    for line in manifest.notices + manifest.warnings:
        web = web_words(line)
        assert "`" not in web and str(tmp_path) not in web and "survivorrelief forms" not in web, web
    assert web_words(cli[0]).startswith("us.t_visa: Form I-914 not filled: the server's blank copy")
