"""What a filing interview offers, which filings it prepares, the dates to keep, and the files it makes.

The interviews (t_visa.yml, compensation.yml, reflection_period.yml through sr_documents.yml) hold questions and
flow; the decisions are made here, in code the tests run without docassemble. The files come from the CLI's
own assembly, handed the interview's case object (``assembly.assemble_case``: the same checks and atomic
output as ``survivorrelief assemble``), so an interview cannot make a letter or a form that the CLI would not
make from the same case.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any, TypedDict

from .assembly import Manifest, assemble_case
from .cases import Case, parse_case
from .documents import OPEN_STATUSES, load_catalogue
from .errors import InputError, Problem
from .labels import PlainDeadline, needed, plain_deadline, remedy_title, status_words
from .packs import Packs
from .rules.deadlines import deadlines
from .rules.screen import screen

__all__ = ["KIND_ORDER", "PART_ORDER", "DateRow", "Made", "MadeFile", "Offer", "ScreenedRow", "assembled", "chosen",
           "dates", "filing_case", "offered", "web_words"]

# Within a remedy: the filing set (its documents, filled forms and packet, in filing order), then the letters sent
# separately, then the preparer's papers (the order a reviewer reads).
KIND_ORDER = {"document": 0, "form": 1, "packet": 2}
PART_ORDER = {"filing": 0, "separate": 1, "preparer": 2}
UNVERIFIED = "UNVERIFIED"


class ScreenedRow(TypedDict):
    """One remedy as screening sees it, for the interview's screens (a plain dict: docassemble stores it)."""

    id: str
    name: str
    kind: str
    status: str
    unverified: bool
    needs: list[str]
    label: str            # name, status and needs in words, in the session's language and mode (labels.py)
    status_words: str
    needed: list[str]


class DateRow(TypedDict):
    """One date to keep: ``ends`` is deadlines.DeadlineResult.ends() (kind, date), empty when facts are missing;
    ``plain`` the same in words (labels.py)."""

    label: str
    kind: str
    status: str
    unverified: bool
    start: dt.date | None
    ends: list[tuple[str, dt.date]]
    basis: str
    remedy: str
    plain: PlainDeadline


@dataclass
class Offer:
    """Screening of the remedies an interview handles (``screened``) and those it can prepare now (``ids``)."""

    screened: list[ScreenedRow]
    ids: list[str]

    @property
    def offered(self) -> list[ScreenedRow]:
        return [r for r in self.screened if r["id"] in self.ids]


def filing_case(case: Case, evidence: Sequence[Mapping[str, Any]]) -> Case:
    """The case to file from: ``case`` with its evidence as the interview has the files (``evidence``: items as
    in a case file, ``file`` set only when the file was uploaded here), checked again as a whole."""
    return parse_case({**case.model_dump(mode="json", exclude_none=True), "evidence": list(evidence)},
                      source="(interview)")


def offered(case: Case, packs: Packs, scope: Mapping[str, Sequence[str]], language: str = "en",
            pro: bool = False) -> Offer:
    """Screen the case; offer a remedy in ``scope`` (its ``ids`` or ``kinds``) that is open and has documents.

    A remedy without documents in the catalogue is screened (the end screen can say why nothing is made) but
    never offered: there would be nothing to assemble. Names, statuses and needs also come in words for
    ``language`` (plain for a survivor, the professional's terms when ``pro``).
    """
    ids, kinds = scope.get("ids", ()), scope.get("kinds", ())
    catalogue = load_catalogue().remedies
    screened: list[ScreenedRow] = [
        ScreenedRow(id=r.id, name=r.name, kind=r.kind, status=r.status,
                    unverified=any(UNVERIFIED in w for w in r.warnings), needs=list(r.needs_information),
                    label=remedy_title(r.id, r.name, language, pro), status_words=status_words(r.status, language, pro),
                    needed=needed(r.needs_information, language))
        for r in screen(case, packs).remedies if r.id in ids or r.kind in kinds]
    return Offer(screened, [r["id"] for r in screened if r["status"] in OPEN_STATUSES and r["id"] in catalogue])


def chosen(offered_ids: Sequence[str], case: Case) -> list[str]:
    """The offered filings to prepare: those a professional chose (``case.filings``), or all when none were."""
    return [rid for rid in offered_ids if not case.filings or rid in case.filings]


def dates(case: Case, packs: Packs, remedy_ids: Sequence[str], language: str = "en",
          pro: bool = False) -> list[DateRow]:
    """The deadlines and periods of these remedies, computed by the deadline rules (``survivorrelief deadlines``),
    each also in words for ``language`` (``plain``)."""
    return [DateRow(label=d.label, kind=d.kind, status=d.status, unverified=d.confidence == UNVERIFIED,
                    start=d.start, ends=d.ends(), basis=d.basis, remedy=d.remedy,
                    plain=plain_deadline(d, language, packs.remedy(d.remedy).name, pro))
            for d in deadlines(case, packs).deadlines if d.remedy in remedy_ids]


@dataclass(frozen=True)
class MadeFile:
    """One file the assembly made; ``source`` exists only inside the ``assembled`` block."""

    path: str           # as in the manifest: <remedy>/<filing|letters|preparer>/<file name>
    source: Path
    remedy: str
    kind: str           # document | form | packet
    name: str
    title: str
    part: str = "filing"    # filing | separate | preparer (documents.DocSpec.where)

    @property
    def file_name(self) -> str:
        return PurePosixPath(self.path).name

    @property
    def stem(self) -> str:
        return PurePosixPath(self.path).stem

    @property
    def ext(self) -> str:
        return PurePosixPath(self.path).suffix.lstrip(".")


@dataclass
class Made:
    """The files in display order, and the assembly's warnings (``notices``: those a user can act on now)."""

    files: list[MadeFile]
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)

    @property
    def unverified(self) -> bool:
        return any(UNVERIFIED in w for w in self.warnings)


_NOT_FILLED = re.compile(r"^(?P<head>.*?Form I-\w+ not filled):")
_SERVER_BITS = re.compile(r"`[^`]*`"  # a shell command
                          r"|'[^']*(?:apt-get|dnf|soffice)[^']*'"  # an install command
                          r"|(?<![\w.])/[\w.+-]+(?:/[\w.+-]*)+"  # an absolute path
                          r"|--[a-z][\w-]*")  # a command-line option


def web_words(line: str) -> str:
    """An assembly message as a web user may read it: no server path, no shell command, no CLI option.

    The CLI's messages tell an administrator what to run; on a server the person reading is not one.
    """
    found = _NOT_FILLED.match(line)
    if found:
        return f"{found['head']}: the server's blank copy of this form is missing or out of date. " \
               "Ask the server's administrator to update the USCIS forms."
    if line.startswith("PDF: LibreOffice"):
        return "PDF: this server cannot turn documents into PDF; the DOCX files are below."
    cleaned = _SERVER_BITS.sub("", line)
    return re.sub(r"\s+([,.;:)])", r"\1", re.sub(r"\(\s*\)|\s{2,}", " ", cleaned)).strip()


def _titled(manifest: Manifest, out: Path, packet_title: str) -> list[MadeFile]:
    """Order the manifest's files (by remedy, then KIND_ORDER, the evidence checklist last) and title them.

    A document takes its catalogue title, a form "Form I-914", a packet ``packet_title``; a document made once per
    contact or family member gets its number, "(1)", "(2)", in file order.
    """
    order = [r["id"] for r in manifest.remedies]
    catalogue = load_catalogue()
    titles = {(rid, spec.name): spec.title for rid in order for spec in catalogue.for_remedy(rid).documents}
    files = sorted(manifest.files, key=lambda f: (order.index(f.remedy), PART_ORDER.get(f.part, 0),
                                                   KIND_ORDER.get(f.kind, 0), f.name == "evidence-checklist"))
    made = []
    for f in files:
        title = titles.get((f.remedy, f.name)) or (f"Form {f.name.upper()}" if f.kind == "form" else packet_title)
        same = [g for g in files if (g.remedy, g.name, g.kind) == (f.remedy, f.name, f.kind)]
        if len(same) > 1:
            title += f" ({same.index(f) + 1})"
        made.append(MadeFile(f.path, out / f.path, f.remedy, f.kind, f.name, title, f.part))
    return made


@contextmanager
def assembled(case: Case, evidence_files: Sequence[tuple[str, Path]], remedies: Sequence[str],
              packet_title: str = "Evidence packet") -> Iterator[Made]:
    """Assemble the case's filings in a private temporary folder; yield the files; delete the folder on exit.

    The folder (``mkdtemp``: mode 0700) is the case's folder for ``assembly.assemble_case``: each evidence file
    at its place in the case (``evidence_files``: that place, e.g. ``evidence/e1.pdf``, and the file to copy
    there), and the output. Nothing of the survivor's stays on disk after the block, whether it ends normally
    or by an error.
    """
    work = Path(tempfile.mkdtemp(prefix="sr-"))
    try:
        for i, (rel, upload) in enumerate(evidence_files):
            place = PurePosixPath(rel)
            if place.is_absolute() or ".." in place.parts or not place.parts:
                raise InputError([Problem(f"evidence_files[{i}]", "not a place inside the case folder")])
            (work / place).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(upload, work / place)
        manifest = assemble_case(case, work, work / "out", remedies=list(remedies) or None)
        yield Made(_titled(manifest, work / "out", packet_title), [web_words(w) for w in manifest.warnings],
                   [web_words(n) for n in manifest.notices])
    finally:
        shutil.rmtree(work, ignore_errors=True)
