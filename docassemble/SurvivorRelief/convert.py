"""DOCX to PDF with LibreOffice, so letters and statements can go into one filing packet.

All files go to one ``soffice`` call (starting LibreOffice costs seconds; each file after that is
quick). A private, throw-away profile keeps the call from clashing with a LibreOffice the user has
open and from writing into their profile. Results are written to a temporary folder and moved into
place, so a failed or timed-out conversion leaves no half-written PDF.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Optional

from .errors import InputError, Problem, ToolError
from .metadata import scrub_pdf

INSTALL_HINT = ("LibreOffice is needed to turn DOCX documents into PDF, and no 'soffice' command was found. "
                "Install it with 'sudo apt-get install libreoffice-writer-nogui' (Debian/Ubuntu), "
                "'sudo dnf install libreoffice-writer' (Fedora), or from https://www.libreoffice.org/download/ "
                "(macOS/Windows: put 'soffice' on PATH).")
DEFAULT_TIMEOUT = 180.0


class ConversionError(ToolError):
    """LibreOffice is missing, failed, or took too long (exit 1: not the user's input)."""


def soffice_path() -> Optional[str]:
    """The LibreOffice command on PATH, if any."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_available() -> bool:
    return soffice_path() is not None


def _check_inputs(paths: list[Path]) -> None:
    problems = []
    stems: dict[str, int] = {}
    for i, path in enumerate(paths):
        if not path.is_file():
            problems.append(Problem(f"docx_paths[{i}]", "file not found"))
        elif path.suffix.lower() != ".docx":
            problems.append(Problem(f"docx_paths[{i}]", f"not a .docx file ({path.suffix or 'no extension'})"))
        if path.stem in stems:
            problems.append(Problem(f"docx_paths[{i}]", f"same file name as docx_paths[{stems[path.stem]}]: "
                                                         "the PDFs would overwrite each other"))
        stems.setdefault(path.stem, i)
    if problems:
        raise InputError(problems)


def _run(command: list[str], timeout: float) -> subprocess.CompletedProcess[bytes]:
    """Run LibreOffice in its own process group so a timeout also ends the soffice.bin it starts."""
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        stdout, stderr = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise ConversionError(f"LibreOffice did not finish converting within {timeout:g} s") from None
    except BaseException:  # Ctrl-C or SIGTERM: end LibreOffice too, so it writes nothing after we clean up
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    return subprocess.CompletedProcess(command, proc.returncode, stdout, stderr)


def docx_to_pdf(docx_paths: Iterable[Path | str], out_dir: Path | str,
                timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """Convert DOCX files to PDFs in ``out_dir`` (same base names), in one LibreOffice call.

    Raises InputError for a missing or non-DOCX input and ConversionError when LibreOffice is not
    installed (the message says how to install it), fails, or times out.
    """
    paths = [Path(p).resolve() for p in docx_paths]
    if not paths:
        return []
    _check_inputs(paths)
    soffice = soffice_path()
    if soffice is None:
        raise ConversionError(INSTALL_HINT)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sr-soffice-") as profile, \
            tempfile.TemporaryDirectory(prefix=".sr-convert-", dir=out_dir) as staging:
        staged = Path(staging)
        command = [soffice, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless", "--invisible",
                   "--nologo", "--norestore", "--nolockcheck", "--nodefault",
                   "--convert-to", "pdf:writer_pdf_Export", "--outdir", str(staged), *map(str, paths)]
        result = _run(command, timeout)
        produced = [staged / f"{p.stem}.pdf" for p in paths]
        failed = [i for i, pdf in enumerate(produced) if not pdf.is_file() or pdf.stat().st_size == 0]
        if result.returncode != 0 or failed:
            which = ", ".join(f"docx_paths[{i}]" for i in failed) or "all files"
            raise ConversionError(f"LibreOffice could not convert {which} (exit code {result.returncode})")
        out = []
        for pdf in produced:
            scrub_pdf(pdf)  # LibreOffice copies the DOCX's author and title into the PDF
            target = out_dir / pdf.name
            os.replace(pdf, target)  # same folder tree: an atomic rename, never a half-written PDF
            out.append(target)
    return out
