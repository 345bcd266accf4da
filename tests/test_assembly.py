"""`survivorrelief assemble`: documents, filled USCIS forms, evidence packets, PDFs, manifest, atomic output.

Runs the real assembly on the example cases and their evidence files (examples/evidence), fills the real
USCIS PDFs from ../shared/forms/uscis (SURVIVORRELIEF_FORMS_DIR) and reads everything back: DOCX with
python-docx, PDFs and their form fields with pypdf, LibreOffice for --pdf.
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import docx
import pypdf
import pytest
import yaml

from docassemble.SurvivorRelief.assembly import MANIFEST, assemble, assemble_case, bates_prefix
from docassemble.SurvivorRelief.cases import load_case, read_data
from docassemble.SurvivorRelief.convert import soffice_available
from docassemble.SurvivorRelief.documents import docx_text
from docassemble.SurvivorRelief.errors import InputError
from docassemble.SurvivorRelief.evidence import bates_number
from docassemble.SurvivorRelief.formatting import date as fmt_date
from docassemble.SurvivorRelief.packs import load_packs

from .helpers import EXAMPLES, REPO, SHARED, run_cli

FORMS = SHARED / "forms" / "uscis"
TX = EXAMPLES / "tx-labor-adult.case.yml"
needs_forms = pytest.mark.skipif(not (FORMS / "i-914.pdf").is_file(), reason="USCIS PDFs not in ../shared/forms")


@pytest.fixture(autouse=True)
def forms_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SURVIVORRELIEF_FORMS_DIR", str(FORMS))


def variant(tmp: Path, source: Path, change: Any) -> Path:
    """A copy of an example case with ``change(data)`` applied, beside a copy of the example evidence.

    A copy, not a link: evidence reached through a link leading out of the case folder is refused."""
    data = copy.deepcopy(read_data(source))
    change(data)
    shutil.copytree(EXAMPLES / "evidence", tmp / "evidence")
    path = tmp / source.name
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def survivor_words(case: Any) -> list[str]:
    """Every part of the survivor's and the family's names, for the file-name check."""
    names = [case.survivor.name, *case.survivor.other_names, *(m.name for m in case.family)]
    return [p.lower() for n in names for p in (n.first, n.middle, n.last) if p]


def named_part(path: str, case: Any) -> str:
    """A file path without the case id (which the user chose; the fictional examples' ids say "example")."""
    return path.lower().replace(case.case_id, "")


def one(paths: Any, suffix: str) -> str:
    """The one path (of a manifest's files or a set of paths) ending with ``suffix``."""
    found = [p for p in (getattr(f, "path", f) for f in paths) if p.endswith(suffix)]
    assert len(found) == 1, (suffix, found)
    return found[0]


def files_in(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file())


def index_rows(path: Path) -> list[tuple[str, str, str]]:
    """(letter, first, last) of every exhibit, as the index of exhibits (DOCX) prints them."""
    rows = []
    for row in docx.Document(str(path)).tables[0].rows[1:]:
        cells = [c.text for c in row.cells]
        first, last = cells[2].split(" – ")
        rows.append((cells[0], first, last))
    return rows


def covers_match(reader: pypdf.PdfReader, rows: list[tuple[str, str, str]]) -> None:
    """Each exhibit's cover is the page stamped with its first number and cites its last page."""
    for letter, first, last in rows:
        cover = reader.pages[bates_number(first) - 1].extract_text()
        assert f"Exhibit {letter}" in cover and cover.strip().endswith(first), (letter, first)
        assert f"to {last}" in cover
        assert reader.pages[bates_number(last) - 1].extract_text().strip().endswith(last)


@pytest.fixture(scope="module")
def tx_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    out = tmp_path_factory.mktemp("tx") / "out"
    seen: list[tuple[str, int, int]] = []
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SURVIVORRELIEF_FORMS_DIR", str(FORMS))
        manifest = assemble(TX, out, progress=lambda label, done, total: seen.append((label, done, total)))
    assert seen[-1][1] == seen[-1][2]  # the progress reached its total
    return manifest, out


def test_manifest_lists_every_file_with_its_sha256(tx_run: tuple[Any, Path]) -> None:
    manifest, out = tx_run
    data = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    listed = {f["path"]: f for f in data["files"]}
    on_disk = {p.relative_to(out).as_posix() for p in files_in(out)} - {MANIFEST}
    assert set(listed) == on_disk
    for rel, entry in listed.items():
        blob = (out / rel).read_bytes()
        assert entry["sha256"] == hashlib.sha256(blob).hexdigest() and entry["size"] == len(blob)
        assert entry["remedy"] in {r["id"] for r in data["remedies"]}
    letter = listed[one(listed, "us-t-visa-cover-letter.docx")]
    assert letter["template"] == "us/t_visa_cover_letter.docx" and letter["recipient"] == "government"
    assert letter["path"] == "us.t_visa/filing/01-example-tx-labor-adult-us-t-visa-cover-letter.docx"
    assert letter["part"] == "filing" and listed[one(listed, "us-t-visa-preparer-memo.docx")]["part"] == "preparer"
    assert any(s["cite"].startswith("INA 101(a)(15)(T)") for s in letter["sources"])
    assert any("still needed" in w or "UNVERIFIED" in w for w in data["warnings"])


def test_open_remedies_and_their_documents(tx_run: tuple[Any, Path]) -> None:
    """T visa: cover letter, declaration, I-192 statement (waiver needed), one Supplement A statement per
    eligible family member, one Supplement B request per law-enforcement contact, exhibit index, checklist."""
    manifest, out = tx_run
    case = load_case(TX)
    names = {f.path for f in manifest.files}
    for doc in ("cover-letter", "declaration", "i-192-statement", "exhibit-index"):
        assert one(names, f"us-t-visa-{doc}.docx").startswith("us.t_visa/filing/")
    for doc in ("evidence-checklist", "preparer-memo"):
        assert one(names, f"us-t-visa-{doc}.docx").startswith("us.t_visa/preparer/")
    assert one(names, "supplement-b-request-1.docx").startswith("us.t_visa/letters/")
    eligible = [f for f in manifest.remedies if f["id"] == "us.t_visa"]
    assert eligible and eligible[0]["status"] in ("likely_eligible", "possibly_eligible")
    assert len([n for n in names if "supplement-b-request-" in n]) == len(case.law_enforcement.contacts)
    assert len([n for n in names if "supplement-a-" in n and "worksheet" not in n]) == 2  # spouse (T-2) and child
    # (T-3); the parent is not
    assert "us.restitution_1593/filing/01-example-tx-labor-adult-us-restitution-1593-loss-statement.docx" in names


def test_no_survivor_name_in_file_names(tx_run: tuple[Any, Path]) -> None:
    _manifest, out = tx_run
    case = load_case(TX)
    words = survivor_words(case)
    for path in files_in(out):
        rel = named_part(path.relative_to(out).as_posix(), case)
        assert not any(w in rel for w in words), rel


def test_physical_address_and_unsafe_phone_in_no_document(tx_run: tuple[Any, Path]) -> None:
    """The physical address is in no Word document (only on the USCIS forms that ask for it); the phone nowhere
    (safe_to_call: false)."""
    _manifest, out = tx_run
    case = load_case(TX)
    phys = case.survivor.contact.physical_address
    docs = [p for p in files_in(out) if p.suffix == ".docx"]
    assert docs
    for path in docs:
        text = docx_text(path)
        assert phys.street not in text and case.survivor.contact.phone not in text, path.name
        assert "{{" not in text and "{%" not in text


def test_exhibit_index_matches_the_packet_page_map(tx_run: tuple[Any, Path]) -> None:
    """The Bates ranges in the index are those of the packet, whose pages carry them."""
    manifest, out = tx_run
    packet = manifest.packets["us.t_visa"]
    index_path = out / one(manifest.files, "us-t-visa-exhibit-index.docx")
    index = docx_text(index_path)
    for ex in packet["exhibits"]:
        assert f"{ex['first']} – {ex['last']}" in index
    reader = pypdf.PdfReader(out / packet["file"])
    assert len(reader.pages) == packet["pages"]
    assert reader.pages[0].extract_text().strip().endswith(packet["first"])
    assert reader.pages[-1].extract_text().strip().endswith(packet["last"])
    covers_match(reader, index_rows(index_path))


@needs_forms
def test_t_visa_packet_files_the_forms_before_the_exhibits(tx_run: tuple[Any, Path]) -> None:
    """Filing order: Form I-914 on the first pages, then I-192 and I-765, then the exhibits; the Bates numbers
    run on over the whole packet, and the covers carry the numbers the index of exhibits prints."""
    manifest, out = tx_run
    packet = manifest.packets["us.t_visa"]
    reader = pypdf.PdfReader(out / packet["file"])
    assert [r["label"].split(",")[0] for r in packet["front"]] == ["Form I-914", "Form I-192", "Form I-765"]
    for part in packet["front"]:
        form = part["label"].split(",")[0]
        for number in range(bates_number(part["first"]), bates_number(part["last"]) + 1):
            assert re.search(form + r"\s+Edition", reader.pages[number - 1].extract_text()), (form, number)
    parts = packet["front"] + packet["exhibits"]
    spans = [(bates_number(p["first"]), bates_number(p["last"])) for p in parts]
    assert spans[0][0] == 1 and spans[-1][1] == packet["pages"]
    assert all(later[0] == earlier[1] + 1 for earlier, later in zip(spans, spans[1:], strict=False))
    rows = index_rows(out / one(manifest.files, "us-t-visa-exhibit-index.docx"))
    assert [r[0] for r in rows] == [e["label"] for e in packet["exhibits"]]
    assert bates_number(rows[0][1]) == bates_number(packet["front"][-1]["last"]) + 1
    covers_match(reader, rows)
    assert [o.title.split(",")[0].split(":")[0] for o in reader.outline] == [
        "Form I-914", "Form I-192", "Form I-765", *(f"Exhibit {r[0]}" for r in rows)]


def test_a_filing_without_a_packet_cites_no_page_numbers(tmp_path: Path) -> None:
    """The reflection-period request has no packet: its exhibits are cited by letter, never with the page numbers
    of the compensation packet, which has the forms in front and is filed elsewhere."""
    out = tmp_path / "out"
    manifest = assemble(EXAMPLES / "nl-labor.case.yml", out)
    case = load_case(EXAMPLES / "nl-labor.case.yml")
    label = re.compile(re.escape(bates_prefix(case.case_id)) + r"-\d{6}")
    request = next(f for f in manifest.files if f.name == "reflection-period-request" and f.kind == "document")
    letter = next(f for f in manifest.files if f.remedy == "nl.schadefonds" and f.kind == "document"
                  and f.name == "application-cover-letter")
    assert "nl.reflection_period" not in manifest.packets and "nl.schadefonds" in manifest.packets
    assert "Bijlage A" in docx_text(out / request.path) and not label.search(docx_text(out / request.path))
    first = manifest.packets["nl.schadefonds"]["exhibits"][0]
    assert f"{first['first']} t/m {first['last']}" in docx_text(out / letter.path)


@pytest.mark.parametrize("example,remedy,word", [
    ("bg-compensation.case.yml", "bg.state_compensation", "Приложение"),
    ("nl-labor.case.yml", "nl.schadefonds", "Bijlage"),
    ("ca-minor-sex-industry.case.yml", "us-ca.cvc", "Exhibit"),
    ("gb-nrm.case.yml", "gb.cica", "Exhibit"),
])
def test_packet_covers_speak_the_letters_language(example: str, remedy: str, word: str, tmp_path: Path) -> None:
    """A packet's exhibit covers are in its authority's language (the pack's first language), with the exhibit
    word and Bates range the letter to that authority cites: a Bulgarian fund reads "Приложение A" on the cover
    its letter cites; US and GB packets stay English."""
    out = tmp_path / "out"
    manifest = assemble(EXAMPLES / example, out)
    language = load_packs().get(remedy.split(".")[0]).languages[0]
    letter = next(f for f in manifest.files if f.remedy == remedy and f.kind == "document"
                  and f.recipient == "government" and f.language == language)
    cited = docx_text(out / letter.path)
    packet = manifest.packets[remedy]
    reader = pypdf.PdfReader(out / packet["file"])
    assert [o.title.split(" ")[0] for o in reader.outline] == [word] * len(packet["exhibits"])
    for ex in packet["exhibits"]:
        line = next(x for x in cited.splitlines() if x.startswith(f"{word} {ex['label']}: {ex['description']} ("))
        assert ex["first"] in line and ex["last"] in line
        cover = " ".join(reader.pages[bates_number(ex["first"]) - 1].extract_text().split())
        assert cover.startswith(f"{word} {ex['label']} {ex['description']}") and cover.endswith(ex["first"])
        assert ex["last"] in cover
    if word != "Exhibit":
        assert not any("Exhibit" in page.extract_text() for page in reader.pages)


def test_packet_language_is_that_of_the_authoritys_letters() -> None:
    """Every remedy that builds a packet writes its first letter to the authority in the pack's first language,
    which the assembly gives the packet's covers (docs/packs.md: letters are written in languages[0])."""
    catalogue = yaml.safe_load((REPO / "templates" / "documents.yml").read_text(encoding="utf-8"))
    packs = load_packs()
    with_packet = {rid: entry for rid, entry in catalogue["remedies"].items() if entry.get("packet")}
    assert {"us.t_visa", "nl.schadefonds", "bg.state_compensation"} <= set(with_packet)
    for rid, entry in with_packet.items():
        first = next(d for d in entry["documents"] if d["recipient"] == "government")
        assert first["language"] == packs.get(rid.split(".")[0]).languages[0], rid


@needs_forms
def test_filled_forms_read_back_in_the_packet(tx_run: tuple[Any, Path]) -> None:
    """I-914, I-192 (unlawful presence needs a waiver) and I-765 (c)(40) are filled and kept as forms in the
    packet; the physical address only where each form asks for it (I-914 Part 2 item 3, I-192 Part 2 item 10,
    I-765 Part 2 item 7)."""
    manifest, out = tx_run
    case = load_case(TX)
    forms = {f.name: out / f.path for f in manifest.files if f.kind == "form"}
    assert set(forms) == {"i-914", "i-192", "i-765"}
    values = {k: str(v.get("/V", "")) for k, v in (pypdf.PdfReader(forms["i-914"]).get_fields() or {}).items()}
    assert case.survivor.name.last.upper() in {v.upper() for v in values.values()}
    assert case.survivor.contact.physical_address.street in " ".join(values.values())
    street = case.survivor.contact.physical_address.street
    for name, item in (("i-192", "P2_Line10_StreetNumberName[0]"), ("i-765", "Pt2Line7_StreetNumberName[0]")):
        fields = pypdf.PdfReader(forms[name]).get_fields() or {}
        assert [k.rsplit(".", 1)[-1] for k, v in fields.items() if street in str(v.get("/V", ""))] == [item]
    packet_fields = pypdf.PdfReader(out / manifest.packets["us.t_visa"]["file"]).get_fields() or {}
    assert case.survivor.name.last in " ".join(str(v.get("/V", "")) for v in packet_fields.values())
    front = [e["label"] for e in manifest.packets["us.t_visa"]["front"]]
    assert any(label.startswith("Form I-914") for label in front)


def test_forms_missing_is_a_warning_not_a_failure(tmp_path: Path) -> None:
    empty = tmp_path / "no-forms"
    empty.mkdir()
    manifest = assemble(TX, tmp_path / "out", remedies=["us.t_visa"], forms_dir=empty)
    assert not [f for f in manifest.files if f.kind == "form"]
    assert any("survivorrelief forms fetch" in w for w in manifest.notices)
    filing = tmp_path / "out" / "us.t_visa" / "filing"
    assert (filing / "01-example-tx-labor-adult-us-t-visa-cover-letter.docx").is_file()
    assert (filing / "example-tx-labor-adult-us-t-visa-exhibits.pdf").is_file()


def test_interrupted_run_leaves_no_folder(tmp_path: Path) -> None:
    """A bad evidence file found mid-way (after the forms were written) removes everything."""
    def corrupt(data: dict) -> None:
        data["evidence"][2]["file"] = "bad/er-bill.pdf"

    case = variant(tmp_path, TX, corrupt)
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "er-bill.pdf").write_bytes(b"%PDF-1.4 this is not a PDF at all")
    seen: list[str] = []
    out = tmp_path / "out"
    with pytest.raises(InputError) as info:
        assemble(case, out, progress=lambda label, done, total: seen.append(label))
    assert "evidence[2].file" in str(info.value)
    assert any(label.endswith(".pdf") for label in seen)  # forms were already written when it failed
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_existing_folder_is_refused_unless_empty(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine")
    with pytest.raises(InputError) as info:
        assemble(TX, out, remedies=["us.restitution_1593"])
    assert info.value.problems[0].path == "--out"
    assert [p.name for p in out.iterdir()] == ["keep.txt"]
    empty = tmp_path / "empty"
    empty.mkdir()
    manifest = assemble(TX, empty, remedies=["us.restitution_1593"])
    assert (empty / MANIFEST).is_file() and manifest.out_dir == empty.absolute()


def test_a_case_in_memory_assembles_as_its_file_does(tmp_path: Path) -> None:
    """assemble_case (the interviews' entry) makes the same files, byte for byte, as assemble on the case file."""
    from_file = assemble(TX, tmp_path / "file", remedies=["us.restitution_1593", "us-tx.cvc"])
    in_memory = assemble_case(load_case(TX), TX.parent, tmp_path / "memory", remedies=["us.restitution_1593",
                                                                                         "us-tx.cvc"])
    assert [f.path for f in in_memory.files] == [f.path for f in from_file.files]
    for f in from_file.files:
        assert _content(tmp_path / "memory" / f.path) == _content(tmp_path / "file" / f.path), f.path


def _content(path: Path) -> object:
    """A file's content without the second it was written: a DOCX by its parts (the zip stamps each part), a
    PDF by its pages' text and fields (its metadata carries the time)."""
    if path.suffix == ".docx":
        with zipfile.ZipFile(path) as z:
            return {n: z.read(n) for n in z.namelist()}
    if path.suffix == ".pdf":
        reader = pypdf.PdfReader(path)
        return [p.extract_text() for p in reader.pages], reader.get_fields()
    return path.read_bytes()


def test_a_case_in_memory_gets_the_file_checks_and_writes_nothing(tmp_path: Path) -> None:
    """The cross-field checks load_case runs on a file (here: a loss citing evidence the case lacks) refuse it."""
    case = load_case(TX)
    case.losses[0].evidence = ["e99"]
    out = tmp_path / "out"
    with pytest.raises(InputError) as info:
        assemble_case(case, TX.parent, out)
    assert [p.path for p in info.value.problems] == ["losses[0].evidence[0]"]
    assert not out.exists() and list(tmp_path.iterdir()) == []


def test_redacted_copies_lack_address_phone_a_number_and_birth_date(tmp_path: Path) -> None:
    """--redact: third-party documents (Supplement B request, restitution memo) again, without them."""
    def sensitive(data: dict) -> None:
        data["survivor"]["a_number"] = "A123456789"
        data["survivor"]["contact"]["safe_to_call"] = True

    case_path = variant(tmp_path, TX, sensitive)
    case = load_case(case_path)
    manifest = assemble(case_path, tmp_path / "out", remedies=["us.t_visa", "us.restitution_1593"], redact=True)
    redacted = [tmp_path / "out" / f.path for f in manifest.files if f.kind == "redacted"]
    originals = {f.path for f in manifest.files if f.recipient == "third_party" and f.kind == "document"}
    assert len(redacted) == len(originals) >= 2
    assert all(p.parent.name == "redacted" for p in redacted)
    dob = fmt_date(case.survivor.date_of_birth, "en_US")
    request = docx_text(tmp_path / "out" / next(p for p in originals if "supplement-b-request" in p))
    # the officer gets the birth date (Supplement B Part 1) and the representative's address, never the survivor's
    # phone: the representative is the agency's contact
    assert dob in request and "500 Sample Street" in request and case.survivor.contact.phone not in request
    for path in redacted:
        text = docx_text(path)
        # the safe mailing address (c/o the legal aid office) goes; the office's own letterhead may stay
        for secret in ("c/o Gulf Coast", "100 Example Lane", case.survivor.contact.phone, "A123456789", dob):
            assert secret not in text, (path.name, secret)
        assert case.survivor.name.full() in text


EXPECTED = {
    "nl-labor.case.yml": ["nl.reflection_period/filing/01-{id}-nl-reflection-period-reflection-period-request.nl.docx",
                          "nl.reflection_period/preparer/{id}-nl-reflection-period-reflection-period-request.en.docx",
                          "nl.schadefonds/filing/01-{id}-nl-schadefonds-cover-letter.nl.docx"],
    "bg-compensation.case.yml": ["bg.state_compensation/filing/01-{id}-bg-state-compensation-cover-letter.bg.docx",
                                 "bg.state_compensation/filing/{id}-bg-state-compensation-exhibits.pdf"],
    "gb-nrm.case.yml": ["gb.nrm_recovery_period/filing/01-{id}-gb-nrm-recovery-period-recovery-period-letter.docx",
                        "gb.cica/filing/01-{id}-gb-cica-cica-support-letter.docx"],
    "ca-minor-sex-industry.case.yml": ["us-ca.cvc/filing/01-{id}-us-ca-cvc-cover-letter.docx"],
}
# Legal review 2, A2 (18 U.S.C. 1593(a)): a California state prosecution gets no federal restitution memo.
NOT_EXPECTED = {"ca-minor-sex-industry.case.yml": ["us.restitution_1593/"]}


@pytest.mark.parametrize("example", sorted(EXPECTED))
def test_every_example_assembles(example: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    manifest = assemble(EXAMPLES / example, out)
    made = {f.path for f in manifest.files}
    case = load_case(EXAMPLES / example)
    assert {p.format(id=case.case_id) for p in EXPECTED[example]} <= made
    assert not [m for m in made for prefix in NOT_EXPECTED.get(example, []) if m.startswith(prefix)]
    words = survivor_words(case)
    for path in files_in(out):
        assert not any(w in named_part(path.name, case) for w in words)
        if path.suffix == ".docx":
            assert case.survivor.contact.physical_address.street not in docx_text(path)


@pytest.mark.skipif(not soffice_available(), reason="LibreOffice is not installed")
def test_pdf_documents_and_packet(tmp_path: Path) -> None:
    """--pdf: each DOCX also as PDF whose text has the letter's content; the packet files the cover letter, the
    forms, the other documents and the index of exhibits before the exhibits, and the forms keep their fields."""
    case = load_case(TX)
    packs = load_packs()
    out = tmp_path / "out"
    plain = assemble(TX, tmp_path / "plain", remedies=["us.t_visa"])
    manifest = assemble(TX, out, remedies=["us.t_visa"], pdf=True)
    docx = [f for f in manifest.files if f.path.endswith(".docx")]
    pdfs = {f.path for f in manifest.files if f.kind == "pdf"}
    assert {f.path[:-5] + ".pdf" for f in docx} == pdfs
    letter = pypdf.PdfReader(out / one(manifest.files, "us-t-visa-cover-letter.pdf"))
    text = " ".join(p.extract_text() for p in letter.pages)
    assert "Mateo Ejemplo" in text
    assert str(packs.value("us", "t_visa_filing_address", case.today).value).split(",")[0] in text
    packet = manifest.packets["us.t_visa"]
    assert packet["pages"] > plain.packets["us.t_visa"]["pages"]
    labels = [e["label"] for e in packet["front"]]
    assert labels[0] == "Memorandum in support of the application (Form I-914)" and labels[-1] == "Index of exhibits"
    assert [x.split(",")[0] for x in labels if x.startswith("Form ")] == ["Form I-914", "Form I-192", "Form I-765"]
    assert labels[1].startswith("Form I-914")
    reader = pypdf.PdfReader(out / packet["file"])
    assert "Mateo Ejemplo" in reader.pages[0].extract_text()
    fields = reader.get_fields() or {}
    assert case.survivor.name.last in " ".join(str(v.get("/V", "")) for v in fields.values())
    # The documents in front moved the exhibits: the index and the cover letter cite the numbers they now have.
    rows = index_rows(out / one(manifest.files, "us-t-visa-exhibit-index.docx"))
    assert rows[0][1] == packet["exhibits"][0]["first"] != plain.packets["us.t_visa"]["exhibits"][0]["first"]
    assert bates_number(rows[0][1]) == bates_number(packet["front"][-1]["last"]) + 1
    covers_match(reader, rows)
    index = packet["front"][-1]
    printed = "".join(reader.pages[n - 1].extract_text()
                      for n in range(bates_number(index["first"]), bates_number(index["last"]) + 1))
    printed = re.sub(r"\s+", "", printed)  # the table's narrow column wraps the numbers
    assert all(f"{first}–{last}" in printed for _letter, first, last in rows)
    cover_letter = docx_text(out / one(manifest.files, "us-t-visa-cover-letter.docx"))
    assert f"pages {rows[0][1]} to {rows[0][2]}" in cover_letter and f"pages {rows[-1][1]} to {rows[-1][2]}" in \
        cover_letter
    assert manifest.packets["us.t_visa"]["file"].endswith("filing/example-tx-labor-adult-us-t-visa-packet.pdf")


def test_cli_assemble_prints_files_and_refuses_bad_input(tmp_path: Path) -> None:
    env = dict(os.environ, SURVIVORRELIEF_FORMS_DIR=str(FORMS))
    done = run_cli("assemble", str(TX), "--out", str(tmp_path / "out"), "--remedy", "us.restitution_1593", env=env)
    assert done.returncode == 0, done.stderr
    assert "example-tx-labor-adult-us-restitution-1593-loss-statement.docx" in done.stdout
    assert "Traceback" not in done.stderr
    again = run_cli("assemble", str(TX), "--out", str(tmp_path / "out"), env=env)
    assert again.returncode == 2 and "--out" in again.stderr
    unknown = run_cli("assemble", str(TX), "--out", str(tmp_path / "new"), "--remedy", "us.nope", env=env)
    assert unknown.returncode == 2 and "us.nope" in unknown.stderr and not (tmp_path / "new").exists()
    missing = run_cli("assemble", str(tmp_path / "missing.case.yml"), "--out", str(tmp_path / "x"), env=env)
    assert missing.returncode == 2 and not (tmp_path / "x").exists()


def test_cli_without_libreoffice_still_writes_docx(tmp_path: Path) -> None:
    """No soffice on PATH: a warning saying how to install it, the DOCX files, exit 0."""
    env = dict(os.environ, PATH=str(tmp_path / "empty-path"), SURVIVORRELIEF_FORMS_DIR=str(FORMS))
    done = run_cli("assemble", str(TX), "--out", str(tmp_path / "out"), "--remedy", "us.restitution_1593", "--pdf",
                   env=env)
    assert done.returncode == 0, done.stderr
    assert "LibreOffice" in done.stderr and "apt-get install" in done.stderr
    assert list((tmp_path / "out").rglob("*.docx")) and not list((tmp_path / "out").rglob("*.pdf"))
    shutil.rmtree(tmp_path / "out")


def test_case_filings_limits_what_is_assembled(tmp_path) -> None:
    """A professional's filing choice (case.filings) is honoured by the CLI as by the interviews."""
    import yaml

    from docassemble.SurvivorRelief.assembly import assemble
    from tests.helpers import EXAMPLES

    data = yaml.safe_load((EXAMPLES / "tx-labor-adult.case.yml").read_text(encoding="utf-8"))
    data["filings"] = ["us.restitution_1593"]
    case_dir = tmp_path / "case"
    case_dir.mkdir()
    shutil.copytree(EXAMPLES / "evidence", case_dir / "evidence")
    case_file = case_dir / "c.case.yml"
    case_file.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    manifest = assemble(case_file, tmp_path / "out")
    assert {f.remedy for f in manifest.files} == {"us.restitution_1593"}
