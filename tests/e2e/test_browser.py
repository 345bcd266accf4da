"""Everything a person touches, on the real docassemble web app (``make serve``) in Chromium.

Each path answers with the same scripted answers as the in-process tests (tests/interviews/paths), typed and
clicked into the real web form; every screen visited passes axe-core with no serious or critical violation
(docassemble's own markup included: data/static/sr_a11y.js mends it), and is kept as a screenshot.
"""

from __future__ import annotations

import io
import re
import sys
import time
from pathlib import Path
from typing import Any

import pypdf
from docx import Document

from docassemble.SurvivorRelief.cases import load_case
from tests.e2e.paths import REPO, interview_url, spec

sys.path.insert(0, str(REPO / "tools" / "server"))
import daapi  # noqa: E402 - tools/server is not a package

SERVER_BITS = re.compile(r"/work/|/tmp/|/root/|\.run/|site-packages|survivorrelief (forms|assemble)|apt-get|"
                         r"pip install")


def no_serious_axe(drive: Any) -> None:
    assert drive.visits, "no screen was visited"
    assert not drive.serious(), "\n".join(drive.serious())


def downloads(page: Any, folder: Path) -> dict[str, Path]:
    """Every document linked on the documents screen, fetched in the browser's own session."""
    folder.mkdir(parents=True, exist_ok=True)
    out = {}
    for href in page.eval_on_selector_all("a[href*='/uploadedfile']", "els => els.map(a => a.href)"):
        name = href.rsplit("/", 1)[-1]
        reply = page.request.get(href)
        assert reply.ok, f"{name}: HTTP {reply.status}"
        (folder / name).write_bytes(reply.body())
        out[name] = folder / name
    return out


def pdf_fields(path: Path) -> dict[str, str]:
    return {k: str(v.get("/V", "")) for k, v in (pypdf.PdfReader(path).get_fields() or {}).items()}


def docx_text(path: Path) -> str:
    doc = Document(str(path))
    return "\n".join(p.text for p in doc.paragraphs) + "\n".join(c.text for t in doc.tables for r in t.rows
                                                                  for c in r.cells)


def test_professional_t_visa_to_the_downloaded_packet(drive: Any, server: dict[str, str], tmp_path: Path) -> None:
    """A lawyer's whole T visa path with five PDF/PNG evidence uploads (Celery), to the DOCX and PDF files."""
    path = spec("t_visa-tx-labor-adult")
    drive.page.goto(interview_url(server["base"], path["interview"]))
    drive.run(path["answers"], until="sr_documents_screen")
    assert drive.visits[-1].screen_id == "sr_documents_screen"
    text = drive.page.inner_text("body")
    assert not SERVER_BITS.search(text), SERVER_BITS.search(text)
    assert "E-mail these documents" not in text and not drive.page.locator("input[type=email]").count()
    assert not re.search(r"^us\.t_visa$", text, re.M)  # no raw remedy id as a document's description
    # The leave button comes after the downloads.
    order = drive.page.evaluate("""() => {
      const leave = Array.from(document.querySelectorAll('a.btn-danger'))
        .find(a => /Leave and delete/.test(a.innerText));
      const links = document.querySelectorAll("a[href*='/uploadedfile/']");
      return leave && links.length ? !!(links[links.length - 1].compareDocumentPosition(leave) & 4) : null; }""")
    assert order is True
    files = downloads(drive.page, tmp_path)
    for form in ("i-914", "i-192", "i-765"):
        (pdf,) = [p for n, p in files.items() if n.endswith(f"-{form}.pdf")]
        got = pdf_fields(pdf)
        for name, value in path["expect"]["forms"][form].items():
            assert got[name] == value, (form, name)
    (letter,) = [p for n, p in files.items() if n.endswith("cover-letter.docx")]
    assert "Ejemplo" in docx_text(letter)
    # The merged packet: "-packet.pdf" with the letters converted, else named for what it holds (no LibreOffice).
    (packet,) = [p for n, p in files.items() if re.search(r"-(packet|forms-and-exhibits|exhibits)\.pdf$", n)]
    assert len(pypdf.PdfReader(packet).pages) >= 5  # the uploaded evidence is inside
    no_serious_axe(drive)


def test_survivor_alone_with_the_keyboard_prefers_not_to_answer(drive: Any, server: dict[str, str],
                                                                 tmp_path: Path) -> None:
    """A survivor's intake, every answer given with Tab, the arrow keys, Space and Enter (no mouse), most of them
    "I prefer not to answer"; the results screen offers the case file, which the CLI reads."""
    path = spec("intake-survivor-prefer-not")
    drive.keyboard = True
    drive.page.goto(interview_url(server["base"], "intake"))
    drive.run(path["answers"], until="intake_results")
    assert drive.visits[-1].screen_id == "intake_results"
    assert not [v.screen_id for v in drive.visits if (v.screen_id or "").startswith("pro_")]
    files = {n: p for n, p in downloads(drive.page, tmp_path).items() if n.endswith(".case.yml")}
    (saved,) = files.values()
    case = load_case(saved)
    assert case.survivor.sex is None and case.jurisdictions == ["us-ny"]
    no_serious_axe(drive)


def test_intake_in_spanish_to_the_compensation_letter(drive: Any, server: dict[str, str]) -> None:
    """A young survivor answers in Spanish: the screens, docassemble's own words and the places are Spanish."""
    path = spec("compensation-ca-minor-es")
    drive.page.goto(interview_url(server["base"], path["interview"]))
    drive.run(path["answers"], until="sr_documents_screen")
    assert drive.visits[-1].screen_id == "sr_documents_screen"
    assert drive.page.get_attribute("html", "lang") == "es"
    spanish = drive.visits[1:]  # after the language choice
    assert all(v.continue_label in ("", "Continuar") for v in spanish), {v.continue_label for v in spanish}
    assert not [v.screen_id for v in spanish if re.search(r"\b(Continue|Back|Select\.\.\.)\b", v.words)]
    no_serious_axe(drive)


def test_resume_from_a_saved_case_file_with_a_pdf_upload(drive: Any, server: dict[str, str], tmp_path: Path) -> None:
    """The saved .case.yml is accepted by the browser and the server; the filing is made from it."""
    path = spec("reflection-nl-upload")
    drive.page.goto(interview_url(server["base"], path["interview"]))
    drive.run(path["answers"], until="sr_documents_screen")
    ids = [v.screen_id for v in drive.visits]
    assert "intake_case_upload" in ids and "intake_name" not in ids  # no intake question asked again
    files = downloads(drive.page, tmp_path)
    (request_nl,) = [p for n, p in files.items() if n.endswith("reflection-period-request.nl.docx")]
    saved = load_case(REPO / path["uploads"]["sr_case_upload"])
    assert saved.survivor.name.last in docx_text(request_nl)
    no_serious_axe(drive)


def test_quick_exit_deletes_the_answers_and_back_shows_nothing(drive: Any, server: dict[str, str]) -> None:
    path = spec("intake-tx-labor-adult")
    page = drive.page
    page.goto(interview_url(server["base"], "intake"))
    drive.run(path["answers"], until="intake_birth")
    assert "intake_name" in [v.screen_id for v in drive.visits]
    start = time.perf_counter()
    page.locator("a.sr-quick-exit").first.click()
    page.wait_for_url(re.compile(r"google\.com"))
    seconds = time.perf_counter() - start
    assert seconds < 5, seconds
    page.go_back()
    page.wait_for_load_state("domcontentloaded")
    assert "Mateo" not in page.content() and "Ejemplo" not in page.content()
    # The interview's address now starts afresh: the session and its answers are gone.
    page.goto(interview_url(server["base"], "intake").replace("&new_session=1", ""))
    assert "Mateo" not in page.content()
    assert drive.screen()["id"] == "sr_language_choice"


def test_rest_api_drives_the_t_visa_to_its_documents(server: dict[str, str]) -> None:
    """An outside program: the REST API answers the T visa interview and downloads the filled I-914."""
    path = spec("t_visa-tx-labor-adult")
    answers = {k: ("no" if k.startswith("sr_has_file") else v) for k, v in path["answers"].items()}
    api = daapi.Api(server["base"], server["api_key"])
    session = daapi.Session(api, f"docassemble.SurvivorRelief:data/questions/{path['interview']}.yml")
    seen = daapi.drive(session, answers)
    last = seen[-1]
    assert last["id"] == "sr_documents_screen", last.get("id")
    (form,) = [a for a in last["attachments"] if a["filename"].endswith("-i-914")]
    pdf = session.file(form["number"]["pdf"])
    got = {k: str(v.get("/V", "")) for k, v in (pypdf.PdfReader(io.BytesIO(pdf)).get_fields() or {}).items()}
    for name, value in path["expect"]["forms"]["i-914"].items():
        assert got[name] == value

