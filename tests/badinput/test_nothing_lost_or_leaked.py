"""Nothing lost, nothing leaked (issue 12): signals leave nothing half-written, evidence PDFs lose their
active content, outputs carry no metadata, and only --debug shows values."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import docx
import pikepdf
import pytest

from docassemble.SurvivorRelief.cases import parse_case
from docassemble.SurvivorRelief.convert import soffice_available
from docassemble.SurvivorRelief.evidence import build_packet, exhibits
from tests.helpers import CLI, EXAMPLES, REPO, run_cli

CASE = EXAMPLES / "tx-labor-adult.case.yml"
SURVIVOR_VALUES = ["Mateo", "Ejemplo", "Example Lane", "1994-03-15", "Quetzaltenango", "555 0100"]


def _case_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLES / "evidence", folder / "evidence")
    shutil.copyfile(CASE, folder / CASE.name)
    return folder / CASE.name


@pytest.mark.skipif(not soffice_available(), reason="LibreOffice is not installed")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_signal_during_assemble_leaves_nothing(tmp_path: Path, sig: signal.Signals) -> None:
    """The signal comes while the work folder exists (LibreOffice converting): it and DIR are gone after."""
    case = _case_folder(tmp_path)
    out = tmp_path / "out"
    proc = subprocess.Popen([str(CLI), "assemble", str(case), "--out", str(out), "--pdf"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(tmp_path.glob(".out.*.partial/us.t_visa/*/*.docx")) and time.monotonic() < deadline:
        assert proc.poll() is None, proc.communicate()
        time.sleep(0.05)
    proc.send_signal(sig)
    _out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, err
    assert "interrupted; nothing was written" in err and "Traceback" not in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case"]
    assert sorted(p.name for p in case.parent.iterdir()) == sorted([CASE.name, "evidence"])


def _active_pdf(path: Path) -> None:
    """A one-page PDF carrying every kind of active content an attacker would try."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(612, 792))
    page = pdf.pages[0]
    js = pdf.make_indirect(pikepdf.Dictionary(S=pikepdf.Name.JavaScript, JS=pikepdf.String("app.alert('x')")))
    page.obj.AA = pikepdf.Dictionary(O=js)
    launch = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 0, 100, 100],
                                A=pikepdf.Dictionary(S=pikepdf.Name.Launch, F=pikepdf.String("/bin/sh")))
    chained = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 100, 100, 200],
                                 A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org"),
                                                      Next=js))
    link = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Link, Rect=[0, 200, 100, 300],
                              A=pikepdf.Dictionary(S=pikepdf.Name.URI, URI=pikepdf.String("https://example.org/ok")))
    attachment = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.FileAttachment,
                                    Rect=[0, 300, 20, 320], FS=pikepdf.String("payload.exe"))
    submit = pikepdf.Dictionary(Type=pikepdf.Name.Annot, Subtype=pikepdf.Name.Widget, Rect=[0, 400, 100, 420],
                                FT=pikepdf.Name.Btn, T=pikepdf.String("send"),
                                A=pikepdf.Dictionary(S=pikepdf.Name.SubmitForm, F=pikepdf.String("https://evil.test")),
                                AA=pikepdf.Dictionary(K=js))
    widget = pdf.make_indirect(submit)
    page.obj.Annots = pdf.make_indirect(pikepdf.Array([launch, chained, link, attachment, widget]))
    pdf.Root.AcroForm = pikepdf.Dictionary(Fields=pikepdf.Array([widget]))
    pdf.Root.OpenAction = js
    pdf.Root.Names = pikepdf.Dictionary(JavaScript=pikepdf.Dictionary(Names=pikepdf.Array([pikepdf.String("a"), js])))
    pdf.save(path)


def _all_keys_and_names(pdf: pikepdf.Pdf) -> set[str]:
    found: set[str] = set()
    for obj in pdf.objects:
        stack = [obj]
        while stack:
            o = stack.pop()
            if isinstance(o, pikepdf.Dictionary):
                for k, v in o.items():
                    found.add(k)
                    if not (isinstance(v, pikepdf.Object) and v.is_indirect):
                        stack.append(v)
            elif isinstance(o, pikepdf.Array):
                stack.extend(v for v in o if not (isinstance(v, pikepdf.Object) and v.is_indirect))
            elif isinstance(o, pikepdf.Name):
                found.add(str(o))
    return found


def test_evidence_pdf_active_content_does_not_reach_the_packet(tmp_path: Path) -> None:
    _active_pdf(tmp_path / "hostile.pdf")
    case = parse_case({"case_id": "active-1", "evidence": [{"id": "e1", "kind": "contract", "file": "hostile.pdf"}]})
    found = exhibits(case, tmp_path)
    out = tmp_path / "packet.pdf"
    build_packet(found, case.case_id, out)
    with pikepdf.open(out) as packet:
        names = _all_keys_and_names(packet)
        assert len(packet.pages) == 2  # cover + the exhibit's page
        uris = [str(a.A.URI) for p in packet.pages for a in p.obj.get("/Annots", []) if "/A" in a]
    for active in ("/JS", "/JavaScript", "/Launch", "/SubmitForm", "/AA", "/OpenAction", "/FileAttachment",
                   "/EmbeddedFiles", "/Next"):
        assert active not in names, active
    assert uris == ["https://example.org/ok"]  # a plain link stays
    assert b"app.alert" not in out.read_bytes() and b"/bin/sh" not in out.read_bytes()


def _pdf_metadata(path: Path) -> tuple[dict[str, str], bytes]:
    with pikepdf.open(path) as pdf:
        xmp = pdf.Root.get("/Metadata")
        return {k: str(v) for k, v in pdf.docinfo.items()}, bytes(xmp.read_bytes()) if xmp is not None else b""


@pytest.mark.skipif(not soffice_available(), reason="LibreOffice is not installed")
def test_outputs_carry_no_metadata(tmp_path: Path) -> None:
    case = _case_folder(tmp_path)
    forms = REPO.parent / "shared" / "forms" / "uscis"
    env = {**os.environ, "SURVIVORRELIEF_FORMS_DIR": str(forms)}
    result = run_cli("assemble", str(case), "--out", str(tmp_path / "out"), "--pdf", "--remedy", "us.t_visa", env=env)
    assert result.returncode == 0, result.stderr
    docx_files = sorted((tmp_path / "out").rglob("*.docx"))
    assert docx_files
    for f in docx_files:
        props = docx.Document(str(f)).core_properties
        assert (props.author, props.title, props.comments, props.last_modified_by, props.subject) == ("",) * 5, f.name
    converted = [f.with_suffix(".pdf") for f in docx_files]
    packets = list((tmp_path / "out").rglob("*packet.pdf"))
    assert converted and packets
    for f in converted + packets:
        info, xmp = _pdf_metadata(f)
        assert not {"/Author", "/Title", "/Subject", "/Keywords"} & set(info), (f.name, info)
        assert xmp == b"", f.name
    for f in (tmp_path / "out").rglob("*"):
        for value in SURVIVOR_VALUES:
            assert value not in f.name
    for f in (tmp_path / "out").rglob("*.pdf"):
        info, xmp = _pdf_metadata(f)
        for value in SURVIVOR_VALUES:
            assert value not in " ".join(info.values()) and value.encode() not in xmp, (f.name, value)


def test_debug_says_it_may_show_case_data(tmp_path: Path) -> None:
    bad = tmp_path / "case.yml"
    bad.write_text("case_id: x\nsurvivor: {name: {first: Zorina}, date_of_birth: 2019-02-30}\n", encoding="utf-8")
    plain = run_cli("check", str(bad))
    debug = run_cli("--debug", "check", str(bad))
    assert plain.returncode == debug.returncode == 2
    assert "debug:" not in plain.stderr
    assert "debug: tracebacks are shown and may contain case data" in debug.stderr


def test_ics_is_written_private_and_whole(tmp_path: Path) -> None:
    ics = tmp_path / "cal.ics"
    result = run_cli("deadlines", str(CASE), "--ics", str(ics))
    assert result.returncode == 0, result.stderr
    assert ics.read_bytes().startswith(b"BEGIN:VCALENDAR") and ics.read_bytes().rstrip().endswith(b"END:VCALENDAR")
    assert ics.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cal.ics"]
    for value in SURVIVOR_VALUES:
        assert value.encode() not in ics.read_bytes()
