"""Assemble a case's filings: documents, USCIS forms, evidence packets, PDFs and a manifest, atomically.

``assemble`` (a case file) and ``assemble_case`` (a case in memory, as the interviews hold it) render the
documents of every remedy that screening finds open (or of the remedies named), fill the remedy's USCIS
forms when the blank PDFs are in the forms folder, build the evidence packet of each filing and, with
``pdf``, turn the DOCX files into PDFs with LibreOffice.

Safety:

* Everything is written into a private temporary folder next to DIR (mode 0700, as ``mkdtemp`` makes
  it) and renamed to DIR at the very end; any failure removes the temporary folder, so an interrupted
  run leaves nothing half-written.
* An existing DIR is refused unless it is an empty folder (which the rename then replaces): a run never
  deletes or mixes with files it did not write.
* File names are built from the case id, the remedy and the document name only (documents.yml), never
  from the survivor's name; progress labels are those file names.

Each remedy's folder holds three sets (``DocSpec.where``): ``filing/``, exactly what is sent to the authority,
numbered in filing order, with the packet made only from it; ``letters/``, letters sent separately to others;
``preparer/``, the preparer's memo (rendered last: it lists what the other documents leave out), the evidence
checklist and the courtesy translations. Nothing internal is written into ``filing/`` (tests/test_filing_sets.py).

Order of work: forms first (they need nothing else), then the exhibits (every evidence file is checked),
each packet's page map, the documents (which cite the exhibits' Bates numbers from that map), the redacted
copies, with ``pdf`` the conversion, and last the packets themselves. ``manifest.json`` lists every file
with its sha256, size, remedy, template and sources, and every warning.

A packet is filed in this order, Bates-numbered throughout with a short prefix (``bates_prefix``): the cover
letter, the filled forms (in the catalogue's order: I-914, I-192, I-765), the other filing documents, the index
of exhibits, then the exhibits; the documents are in it only with ``pdf`` (without them it is named
``…-forms-and-exhibits.pdf`` or ``…-exhibits.pdf``, for what it holds). Putting documents in front moves the
exhibits' numbers, which the documents cite, so with ``pdf`` they are numbered again, rendered and
converted again until the page map holds (one more round in practice: Bates numbers have a fixed width).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional

from .cases import Case, load_case, semantic_problems
from .documents import (
    OPEN_STATUSES,
    TEMPLATES_DIR,
    DocSpec,
    Facts,
    FormSpec,
    context,
    eligible_family,
    gather,
    jurisdiction_of,
    load_catalogue,
    produced_form,
    remedy_slug,
    render,
)
from .errors import InputError, Problem
from .packs import Packs, load_packs
from .worksheets import load_sheet

MANIFEST = "manifest.json"
_REMEDY_ID = re.compile(r"[a-z]{2,3}(-[a-z0-9]{1,4})?\.[a-z0-9_]{1,40}")
REDACTED = "redacted"
FILING, PREPARER, LETTERS = "filing", "preparer", "letters"   # the sets of a remedy's folder (DocSpec.where)
PART_FOLDER = {"filing": FILING, "preparer": PREPARER, "separate": LETTERS}
MEMO = "preparer-memo"
Progress = Callable[[str, int, int], None]


@dataclass
class ManifestFile:
    """One file written by the assembly."""

    path: str                       # relative to DIR, with /
    kind: str                       # document | pdf | form | packet | redacted
    remedy: str
    name: str
    part: str = FILING              # filing | preparer | separate (see DocSpec.where)
    sha256: str = ""
    size: int = 0
    template: Optional[str] = None
    language: Optional[str] = None
    recipient: Optional[str] = None
    sources: list[dict[str, str]] = field(default_factory=list)
    pages: Optional[int] = None

    def to_json(self) -> dict[str, Any]:
        out = {"path": self.path, "kind": self.kind, "remedy": self.remedy, "name": self.name, "part": self.part,
               "sha256": self.sha256, "size": self.size, "template": self.template, "language": self.language,
               "recipient": self.recipient, "sources": list(self.sources)}
        if self.pages is not None:
            out["pages"] = self.pages
        return out


@dataclass
class Manifest:
    """What an assembly made: every file, the remedies, every warning."""

    case_id: str
    as_of: dt.date
    out_dir: Path
    remedies: list[dict[str, Any]]
    files: list[ManifestFile]
    warnings: list[str]
    options: dict[str, Any]
    packets: dict[str, Any] = field(default_factory=dict)
    notices: list[str] = field(default_factory=list)   # the warnings a user can act on now (forms, PDF, ...)

    def to_json(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "as_of": self.as_of.isoformat(), "generator": _generator(),
                "options": dict(self.options), "remedies": list(self.remedies),
                "files": [f.to_json() for f in self.files], "packets": dict(self.packets),
                "notices": list(self.notices), "warnings": list(self.warnings)}


# --- planning ----------------------------------------------------------------------------------------

@dataclass
class _Doc:
    remedy: str
    spec: DocSpec
    item: Optional[int]
    file: str            # relative path in DIR


@dataclass
class _Form:
    remedy: str
    spec: FormSpec
    file: str


def _holds(when: Optional[str], case: Case, packs: Optional[Packs] = None) -> bool:
    if when is None:
        return True
    if when == "waiver_needed":
        from .rules.inadmissibility import waiver_needed

        return waiver_needed(case, packs or load_packs())
    if when == "statement":
        return case.statement is not None and bool(case.statement.sections or case.statement.sections_en)
    if when == "files_g28":
        return case.representative is not None and case.representative.files_g28 is True
    if when == "statement_translated":
        return _holds("statement", case) and not (case.statement.language or "en").lower().startswith("en")
    raise ValueError(when)  # pragma: no cover - the catalogue schema admits no other value


def _items(facts: Facts, remedy_id: str, spec: DocSpec) -> list[Optional[int]]:
    if spec.each == "law_enforcement_contact":
        return list(range(len(facts.case.law_enforcement.contacts)))
    if spec.each == "eligible_family_member":
        return list(eligible_family(facts, remedy_id))
    return [None]


def _choose(facts: Facts, packs: Packs, remedies: Optional[list[str]]) -> list[str]:
    """The remedies named, else the open ones the case's ``filings`` chose (all open ones when it chose none)."""
    if not remedies:
        open_ids = facts.open_remedies()
        wanted = facts.case.filings
        return [rid for rid in open_ids if rid in wanted] if wanted else open_ids
    problems = []
    chosen: list[str] = []
    for i, rid in enumerate(remedies):
        pack = rid.split(".", 1)[0]
        if pack not in packs or rid not in packs.get(pack).remedies:
            shown = f" {rid!r}" if _REMEDY_ID.fullmatch(rid) else ""  # an id, not text typed in the wrong place
            problems.append(Problem(f"--remedy[{i}]", f"unknown remedy{shown}"))
        elif rid not in chosen:
            chosen.append(rid)
    if problems:
        raise InputError(problems, source="--remedy")
    return chosen


def _check_out(out: Path) -> None:
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise InputError([Problem("--out", "exists and is not an empty folder: give a new folder (nothing was "
                                           "written)")], source=str(out))


# --- the run -----------------------------------------------------------------------------------------

def assemble(case_path: Path | str, out_dir: Path | str, remedies: Optional[list[str]] = None, pdf: bool = False,
             redact: bool = False, forms_dir: Optional[Path | str] = None,
             progress: Optional[Progress] = None, bates: Optional[str] = None, final: bool = False) -> Manifest:
    """Assemble the case file's filings into ``out_dir`` (atomically); return the manifest.

    Evidence files are read relative to the case file's folder. ``bates`` is the Bates prefix (default: from
    the case id); ``final`` refuses, writing nothing, while a filing document still says "to be completed"."""
    case_path = Path(case_path)
    packs = load_packs()
    case = load_case(case_path, packs.ids())
    return assemble_case(case, case_path.parent, out_dir, remedies=remedies, pdf=pdf, redact=redact,
                         forms_dir=forms_dir, progress=progress, packs=packs, bates=bates, final=final,
                         case_file=case_path)


def assemble_case(case: Case, case_dir: Path | str, out_dir: Path | str, remedies: Optional[list[str]] = None,
                  pdf: bool = False, redact: bool = False, forms_dir: Optional[Path | str] = None,
                  progress: Optional[Progress] = None, packs: Optional[Packs] = None, bates: Optional[str] = None,
                  final: bool = False, case_file: Optional[Path] = None) -> Manifest:
    """Assemble a case already in memory (an interview's) into ``out_dir``, atomically; return the manifest.

    The case gets the checks ``load_case`` gives a file (the model validated it when it was built; the
    cross-field checks run here), so an interview and ``survivorrelief assemble`` refuse the same cases.
    ``case_dir`` is where its evidence files are, as a case file's folder is for the CLI; ``case_file``, when
    the case came from one, is recorded in the manifest for ``survivorrelief packet``."""
    packs = packs or load_packs()
    problems = semantic_problems(case, packs.ids())
    if problems:
        raise InputError(problems, source="(case)")
    prefix = check_bates_prefix(bates) if bates is not None else bates_prefix(case.case_id)
    out = Path(out_dir).absolute()
    _check_out(out)
    facts = gather(case, packs)
    chosen = _choose(facts, packs, remedies)
    run = _Run(case, Path(case_dir), packs, facts, chosen, out, pdf, redact, forms_dir, progress, prefix,
               str(Path(case_file).absolute()) if case_file else "")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".partial", dir=out.parent))
    try:
        manifest = run.execute(tmp)
        if final:
            refuse_placeholders(tmp, [f.path for f in manifest.files if f.part == FILING and f.kind == "document"])
        _check_out(out)
        os.replace(tmp, out)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    manifest.out_dir = out
    return manifest


@dataclass
class _Run:
    case: Case
    case_dir: Path
    packs: Packs
    facts: Facts
    remedies: list[str]
    out: Path
    pdf: bool
    redact: bool
    forms_dir: Optional[Path | str]
    progress: Optional[Progress]
    bates_prefix: str = ""
    case_file: str = ""
    warnings: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    files: list[ManifestFile] = field(default_factory=list)
    exhibit_rows: list[dict[str, str]] = field(default_factory=list)   # the exhibits, without page numbers
    plans: dict[str, Any] = field(default_factory=dict)                # remedy -> its packet's PacketPlan
    done: int = 0
    total: int = 0
    unverified: dict[str, list[dict[str, str]]] = field(default_factory=dict)   # remedy -> from its documents
    form_notes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)   # remedy -> filled forms, for the memo

    def step(self, label: str) -> None:
        self.done += 1
        if self.progress:
            self.progress(label, self.done, self.total)

    def warn(self, text: str, notice: bool = False) -> None:
        """Record a warning for the manifest; a notice is also printed by the command (the user can act now)."""
        if text not in self.warnings:
            self.warnings.append(text)
        if notice and text not in self.notices:
            self.notices.append(text)

    # planning
    def plan(self) -> tuple[list[_Doc], list[_Form], list[str]]:
        """Every file of every remedy. What is sent goes to ``<remedy>/filing/``, numbered in filing order (cover
        letter, forms, the other documents, the index of exhibits); the rest to ``preparer/`` or ``letters/``."""
        catalogue = load_catalogue()
        docs: list[_Doc] = []
        forms: list[_Form] = []
        packets: list[str] = []
        cid = self.case.case_id
        for rid in self.remedies:
            entry = catalogue.for_remedy(rid)
            mine: list[_Doc] = []
            for spec in (s.resolve(self.case) for s in entry.documents):
                if not _holds(spec.when, self.case, self.packs):
                    if spec.when == "statement":
                        self.warn(f"{rid}: {spec.title}: not made, the case file has no statement "
                                  "(statement.sections)", notice=True)
                    continue
                items = _items(self.facts, rid, spec)
                for n, item in enumerate(items, start=1):
                    name = spec.file_name(cid, rid, n if spec.each else None)
                    mine.append(_Doc(rid, spec, item, f"{rid}/{PART_FOLDER[spec.where]}/{name}"))
            own_forms = [_Form(rid, form, f"{cid}-{remedy_slug(rid)}-{form.form}.pdf") for form in entry.forms
                         if _holds(form.when, self.case, self.packs)]
            filed = [d for d in mine if d.spec.where == FILING]
            order: list[_Doc | _Form] = [d for d in filed if "cover-letter" in d.spec.name]
            order += own_forms
            order += [d for d in filed if "cover-letter" not in d.spec.name and d.spec.name != "exhibit-index"]
            order += [d for d in filed if d.spec.name == "exhibit-index"]
            for n, item in enumerate(order, start=1):
                base = item.file.rsplit("/", 1)[-1]
                item.file = f"{rid}/{FILING}/{n:02d}-{base}"
            docs += [d for d in mine if d.spec.name != MEMO] + [d for d in mine if d.spec.name == MEMO]
            forms += own_forms
            if entry.packet:
                packets.append(rid)
        return docs, forms, packets

    def execute(self, tmp: Path) -> Manifest:
        docs, forms, packets = self.plan()
        third = [d for d in docs if d.spec.recipient == "third_party"] if self.redact else []
        self.total = len(forms) + 1 + len(packets) + len(docs) + len(third) + (1 if self.pdf else 0) + 1
        self._screening_warnings()
        filled = self._fill_forms(tmp, forms)
        exhibits = self._exhibits()
        self.plans = self._plan_packets(packets, exhibits, filled)
        self._enclosures(docs, filled)
        jobs = [(d, False) for d in docs] + [(d, True) for d in third]
        memos = [(d, redact) for d, redact in jobs if d.spec.name == MEMO]
        jobs = [job for job in jobs if job not in memos]
        for d, redact in jobs:
            self._render(tmp, d, redact)
        self._memo_facts(docs, filled, packets)
        for d, redact in memos:
            self._render(tmp, d, redact)
        jobs += memos
        if self.pdf:
            pdfs = self._convert(tmp)
            if pdfs:
                self._settle(tmp, packets, exhibits, filled, docs, jobs, pdfs)
        packet_info = self._write_packets(tmp, packets, docs)
        for f in self.files:
            path = tmp / f.path
            f.size = path.stat().st_size
            f.sha256 = _sha256(path)
        manifest = Manifest(
            case_id=self.case.case_id, as_of=self.case.today, out_dir=tmp,
            remedies=[self._remedy_entry(rid) for rid in self.remedies], files=self.files,
            warnings=self.warnings,
            options={"pdf": self.pdf, "redact": self.redact, "remedies": list(self.remedies),
                     "case": self.case_file, "bates_prefix": self.bates_prefix},
            packets=packet_info, notices=self.notices)
        _write_json(tmp / MANIFEST, manifest.to_json())
        self.step(MANIFEST)
        return manifest

    def _converts(self) -> bool:
        """Whether the letters will be converted and merged into the packets (``pdf`` with LibreOffice here)."""
        from . import convert

        return self.pdf and convert.soffice_available()

    def _paper(self, rid: str) -> str:
        """US Letter for US authorities, A4 for the others."""
        pack = self.packs.get(jurisdiction_of(rid))
        return "letter" if (pack.country or "").upper() in ("US", "") else "a4"

    def _memo_facts(self, docs: list[_Doc], filled: dict[str, list[tuple[str, Path]]], packets: list[str]) -> None:
        """What the preparer's memo lists beyond screening: the filing set in order and who signs each part, the
        forms and what they leave to the preparer, every UNVERIFIED value, values to translate, warnings."""
        who = {"representative": "the representative", "survivor": "the applicant (survivor)",
               "translator": "the translator", "interpreter": "the interpreter", "preparer": "the preparer",
               "officer": "the certifying law-enforcement official"}
        for rid in self.remedies:
            files: list[dict[str, str]] = []
            entries = sorted([(d.file, d.spec.title, d.spec.signed_by) for d in docs
                              if d.remedy == rid and d.spec.where == FILING]
                             + [(f"{rid}/{FILING}/" + n["file"], n["title"], n["signed_by"])
                                for n in self.form_notes.get(rid, [])])
            for path, title, signed in entries:
                files.append({"file": path.rsplit("/", 1)[-1], "title": title,
                              "signed_by": ", ".join(who[x] for x in signed) or "no signature"})
            translate = []
            language = next((d.spec.language for d in docs if d.remedy == rid and d.spec.where == FILING), "en")
            if not language.startswith("en"):
                for row in self.exhibit_rows:
                    translate.append(f"Exhibit {row['letter']} title (on the exhibit cover and in the letter): "
                                     f"{row['description']}")
                for loss in self.case.losses:
                    if loss.description:
                        translate.append(f"Loss description: {loss.description}")
                court = self.case.law_enforcement.criminal_case.court
                if court:
                    translate.append(f"Court: {court}")
                for ident in self.case.identification:
                    if ident.authority:
                        translate.append(f"Identifying authority: {ident.authority}")
            plan = self.plans.get(rid)
            sheets = []
            for d in docs:
                if d.remedy == rid and d.spec.worksheet:
                    sheet = context(self.facts, rid, d.spec, d.item)["sheet"]
                    sheets.append({"file": d.file.rsplit("/", 1)[-1], "where": d.spec.where,
                                   "form": produced_form(self.facts, rid, d.spec, d.item) or sheet["title"],
                                   "signed_by": ", ".join(who[x] for x in load_sheet(d.spec.worksheet).signed_by),
                                   "edition": sheet["edition"], "source": sheet["source"],
                                   "unnumbered": sheet["unnumbered"], "count": sheet["count"],
                                   "unknown": [f"{u['label']} ({u['path']})" if u["path"] else u["label"]
                                               for u in sheet["unknown"]]})
            self.facts.memo[rid] = {
                "worksheets": sheets,
                "files": files, "forms": self.form_notes.get(rid, []), "unverified": self.unverified.get(rid, []),
                "translate": translate,
                "warnings": [w.split(": ", 1)[1] for w in self.warnings if w.startswith(f"{rid}: ")],
                "separate": [d.spec.title for d in docs if d.remedy == rid and d.spec.where == "separate"],
                "packet": packet_name(self.case.case_id, rid, plan, letters=self._converts()) if plan and rid in packets
                else ""}

    def _remedy_entry(self, rid: str) -> dict[str, Any]:
        result = self.facts.remedy(rid)
        return {"id": rid, "name": result.name, "status": result.status,
                "files": [f.path for f in self.files if f.remedy == rid]}

    def _screening_warnings(self) -> None:
        for rid in self.remedies:
            result = self.facts.remedy(rid)
            if result.status not in OPEN_STATUSES:
                self.warn(f"{rid}: screening status is {result.status.replace('_', ' ')}; documents made because "
                          "--remedy named it", notice=True)
            for w in result.warnings:
                self.warn(f"{rid}: {w}")
            for need in result.needs_information:
                self.warn(f"{rid}: still needed: {need}")

    # forms
    def _fill_forms(self, tmp: Path, forms: list[_Form]) -> dict[str, list[tuple[str, Path]]]:
        """Fill each form whose blank PDF is in the forms folder; a missing or refused one is a warning."""
        from . import forms as uscis

        folder = Path(self.forms_dir) if self.forms_dir else None  # None: fetched copies, else the shipped ones
        filled: dict[str, list[tuple[str, Path]]] = {}
        screen = self.facts.base.screening
        for job in forms:
            label = f"Form {job.spec.form.upper()}"
            try:
                src = uscis.source_pdf(job.spec.form, folder)
            except InputError as exc:
                self.warn(f"{job.remedy}: {label} not filled: {'; '.join(str(p) for p in exc.problems)}", notice=True)
                self.step(job.file)
                continue
            if not src.is_file():
                self.warn(f"{job.remedy}: {label} not filled: the blank form is not in the forms folder {src.parent}; "
                          f"run `survivorrelief forms fetch` (or save it from uscis.gov there), then assemble again",
                          notice=True)
                self.step(job.file)
                continue
            target = tmp / job.file
            try:
                context = uscis.make_context(self.case, screen, self.packs)
                result = uscis.fill(job.spec.form, context, target, folder=folder)
            except InputError as exc:
                self.warn(f"{job.remedy}: {label} not filled: {'; '.join(str(p) for p in exc.problems)}", notice=True)
                self.step(job.file)
                continue
            for w in result.warnings:
                self.warn(f"{job.remedy}: {w}")
            fmap = uscis.load_map(job.spec.form, result.edition)
            title = f"{label}, {fmap.title} (edition {result.edition})"
            filled.setdefault(job.remedy, []).append((title, target))
            self.form_notes.setdefault(job.remedy, []).append(
                {"file": Path(job.file).name, "title": title, "signed_by": job.spec.signed_by,
                 "notes": list(fmap.notes), "warnings": list(result.warnings), "blank": _by_part(result.blank)})
            self.files.append(ManifestFile(job.file, "form", job.remedy, job.spec.form, FILING,
                                           template=f"forms: {job.spec.form} {result.edition}", language="en",
                                           recipient="government"))
            self.step(job.file)
        return filled

    # exhibits and packets
    def _exhibits(self) -> list[Any]:
        from .evidence import exhibits

        found = exhibits(self.case, self.case_dir)
        self.exhibit_rows = [{"id": x.id, "letter": x.letter, "description": x.description, "first": "", "last": "",
                              "pages": str(x.pages + 1), "translated": x.translation is not None} for x in found]
        self.step("exhibits")
        return found

    def _plan_packets(self, remedies: list[str], exhibits: list[Any], filled: dict[str, list[tuple[str, Path]]],
                      pdfs: Optional[dict[str, Path]] = None, docs: Optional[list[_Doc]] = None) -> dict[str, Any]:
        """Each filing's page map: its front documents (see ``_front``), then the exhibits, whose covers are in the
        authority's language (its pack's first language, which its letters are written in)."""
        from .evidence import plan_packet

        plans = {}
        for rid in remedies:
            front = self._front(rid, filled, docs or [], pdfs or {})
            languages = self.packs.get(jurisdiction_of(rid)).languages
            if exhibits or front:
                plans[rid] = plan_packet(exhibits, self.bates_prefix, front=front,
                                         language=languages[0] if languages else "en")
        return plans

    def _front(self, rid: str, filled: dict[str, list[tuple[str, Path]]], docs: list[_Doc],
               pdfs: dict[str, Path]) -> list[tuple[str, Path]]:
        """What a filing puts before its exhibits: cover letter, forms, other documents, index of exhibits.

        Only the documents for the authority that have a PDF (``pdf``) are in the packet.
        """
        sent = [(d.spec, pdfs[d.file]) for d in docs
                if d.remedy == rid and d.spec.where == FILING and d.file in pdfs]
        letters = [(spec.title, path) for spec, path in sent if "cover-letter" in spec.name]
        index = [(spec.title, path) for spec, path in sent if spec.name == "exhibit-index"]
        others = [(spec.title, path) for spec, path in sent
                  if "cover-letter" not in spec.name and spec.name != "exhibit-index"]
        return letters + filled.get(rid, []) + others + index

    def _citations(self, rid: str) -> tuple[list[dict[str, str]], dict[str, Any]]:
        """The exhibits and packet numbers a document of this filing cites: those of its own packet.

        A remedy without a packet cites exhibits by letter only: another filing's page numbers would be wrong.
        """
        plan = self.plans.get(rid)
        if plan is None or not plan.layout.exhibits:
            return [dict(x) for x in self.exhibit_rows], {}
        layout = plan.layout
        ranges = {r.id: r for r in layout.exhibits}
        rows = [dict(x, first=ranges[x["id"]].first, last=ranges[x["id"]].last, pages=str(ranges[x["id"]].pages))
                for x in self.exhibit_rows]
        return rows, {"present": True, "first": layout.exhibits[0].first, "exhibits_last": layout.exhibits[-1].last,
                      "last": layout.last, "pages": layout.pages}

    def _settle(self, tmp: Path, remedies: list[str], exhibits: list[Any], filled: dict[str, list[tuple[str, Path]]],
                docs: list[_Doc], jobs: list[tuple[_Doc, bool]], pdfs: dict[str, Path]) -> None:
        """Put the documents' PDFs in front of the exhibits; render and convert again what cites moved numbers."""
        for _round in range(3):
            cited = {rid: self._citations(rid) for rid in remedies}
            self.plans = self._plan_packets(remedies, exhibits, filled, pdfs, docs)
            moved = {rid for rid in remedies if self._citations(rid) != cited[rid]}
            if not moved:
                return
            again = [(d, redact) for d, redact in jobs if d.remedy in moved]
            self._to_pdf(tmp, [self._write(tmp, d, redact)[0] for d, redact in again])
        self.warn("PDF: the documents' page counts kept changing with the page numbers they cite; check the index "
                  "of exhibits against the packet", notice=True)

    def _write_packets(self, tmp: Path, remedies: list[str], docs: list[_Doc]) -> dict[str, Any]:
        """Write each planned packet into ``filing/``; a filing with no evidence files and no forms gets none.

        A packet holds the letters only when they were converted (``pdf``); without them it is named for what it
        holds (forms and exhibits), so nobody mails it as the whole filing.
        """
        from .evidence import write_packet

        info: dict[str, Any] = {}
        for rid in remedies:
            plan = self.plans.get(rid)
            if plan is None:
                self.warn(f"{rid}: no evidence files and no forms: no packet was built", notice=True)
                self.step(f"{rid}/packet")
                continue
            rel = f"{rid}/{FILING}/{packet_name(self.case.case_id, rid, plan)}"
            packet = write_packet(plan, tmp / rel, paper=self._paper(rid))
            info[rid] = {"file": rel, **{k: v for k, v in packet.to_json().items() if k != "file"}}
            self.files.append(ManifestFile(rel, "packet", rid, "packet", FILING, recipient="government",
                                           pages=packet.pages))
            self.step(rel)
        return info

    def _enclosures(self, docs: list[_Doc], filled: dict[str, list[tuple[str, Path]]]) -> None:
        """What each filing encloses, for its cover letter: the G-28, the filled forms, the official forms completed
        by hand from the worksheets (Supplements A, and B when signed or to come), then the other documents."""
        for rid in self.remedies:
            made = [(d, produced_form(self.facts, rid, d.spec, d.item)) for d in docs
                    if d.remedy == rid and d.spec.worksheet]
            titles = [t for d, t in made if t and d.spec.worksheet == "g-28"]
            titles += [title for title, _path in filled.get(rid, [])]
            titles += [t for d, t in made if t and d.spec.worksheet != "g-28"]
            for d in docs:
                if d.remedy == rid and d.spec.where == FILING and "cover-letter" not in d.spec.name:
                    if d.spec.title not in titles:
                        titles.append(d.spec.title)
            self.facts.enclosures[rid] = titles

    # documents
    def _write(self, tmp: Path, d: _Doc, redact: bool) -> tuple[str, dict[str, Any]]:
        """Render one document with its filing's Bates numbers; its path in DIR and its context."""
        self.facts.exhibits, self.facts.packet = self._citations(d.remedy)
        ctx = context(self.facts, d.remedy, d.spec, d.item, redact=redact)
        rel = d.file
        if redact:
            rel = f"{REDACTED}/{Path(d.file).name[:-len('.docx')]}-redacted.docx"
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        render(TEMPLATES_DIR / d.spec.template, ctx, target)
        return rel, ctx

    def _render(self, tmp: Path, d: _Doc, redact: bool) -> None:
        rel, ctx = self._write(tmp, d, redact)
        self.files.append(ManifestFile(
            rel, "redacted" if redact else "document", d.remedy, d.spec.name, d.spec.where, template=d.spec.template,
            language=d.spec.language, recipient=d.spec.recipient,
            sources=[{"cite": s["cite"], "confidence": s["confidence"]} for s in ctx["sources"]]))
        if not redact:
            seen = self.unverified.setdefault(d.remedy, [])
            for u in ctx["unverified"]:
                self.warn(f"{rel}: UNVERIFIED — re-check before filing: {u['what']}: {u['cite']}")
                if u not in seen:
                    seen.append(dict(u))
        self.step(rel)

    # PDF
    def _convert(self, tmp: Path) -> dict[str, Path]:
        """Every DOCX to PDF in one LibreOffice call; without LibreOffice, a warning saying how to install it."""
        from . import convert

        if not convert.soffice_available():
            self.warn("PDF: " + convert.INSTALL_HINT + " The DOCX files were written.", notice=True)
            self.step("pdf")
            return {}
        docx = [f for f in self.files if f.path.endswith(".docx")]
        out = self._to_pdf(tmp, [f.path for f in docx])
        for f in docx:
            self.files.append(ManifestFile(f.path[:-len(".docx")] + ".pdf", "pdf", f.remedy, f.name, f.part,
                                           template=f.template, language=f.language, recipient=f.recipient,
                                           sources=list(f.sources)))
        self.step("pdf")
        return out

    def _to_pdf(self, tmp: Path, docx: list[str]) -> dict[str, Path]:
        """Convert DOCX files of DIR (in one LibreOffice call) to PDFs beside them: DOCX path -> PDF."""
        from . import convert

        if not docx:
            return {}
        staging = tmp / ".pdf"
        made = convert.docx_to_pdf([tmp / rel for rel in docx], staging)
        out: dict[str, Path] = {}
        for rel, pdf in zip(docx, made, strict=True):
            out[rel] = tmp / (rel[:-len(".docx")] + ".pdf")
            os.replace(pdf, out[rel])
        staging.rmdir()
        return out


def _by_part(blank: list[str]) -> list[str]:
    """``["Part 2 item 1 (not in the case): Middle Name", ...]`` grouped by what comes before ": "
    (``"Part 2 item 1 (not in the case): Middle Name; ..."``); the left_blank items stay one a line."""
    groups: dict[str, list[str]] = {}
    for entry in blank:
        part, _, what = entry.partition(": ")
        groups.setdefault(part, []).append(what)
    return [f"{part}: {'; '.join(dict.fromkeys(whats))}" for part, whats in groups.items()]


def placeholders() -> list[str]:
    """The "not known: to be completed" text of every language (labels.yml ``placeholder``)."""
    from .documents import load_labels

    return sorted({str(table["placeholder"]) for table in load_labels().values()
                   if isinstance(table, dict) and table.get("placeholder")})


def refuse_placeholders(folder: Path, paths: list[str]) -> None:
    """An InputError listing each filing document (and its line) that still holds a placeholder."""
    from .documents import docx_text

    marks = placeholders()
    problems = []
    for rel in paths:
        for n, line in enumerate(docx_text(folder / rel).splitlines(), start=1):
            if any(m in line for m in marks):
                problems.append(Problem(Path(rel).name, f"paragraph {n} still says \"to be completed\""))
    if problems:
        raise InputError(problems + [Problem("--final", "complete the case file (or the DOCX) and assemble again; "
                                                        "nothing was written")], source="--final")


def bates_prefix(case_id: str) -> str:
    """The default Bates prefix: the case id's initials (numbers kept whole), upper case, at most 8 characters:
    ``example-tx-labor-adult`` -> ``ETLA``, ``2026-0042`` -> ``20260042``."""
    parts = [p for p in re.split(r"[^A-Za-z0-9]+", case_id) if p]
    if len(parts) == 1:
        return parts[0][:8].upper()
    return "".join(p if p.isdigit() else p[0] for p in parts)[:8].upper()


def check_bates_prefix(prefix: str) -> str:
    """A prefix given with ``--bates-prefix``: 1 to 8 letters or digits."""
    if not re.fullmatch(r"[A-Za-z0-9]{1,8}", prefix or ""):
        raise InputError([Problem("--bates-prefix", "must be 1 to 8 letters or digits")], source="--bates-prefix")
    return prefix.upper()


def packet_name(case_id: str, remedy_id: str, plan: Any, letters: Optional[bool] = None) -> str:
    """``…-packet.pdf`` when the letters are in it (``letters``, else as the plan shows); else named for what it
    holds: ``…-forms-and-exhibits.pdf`` or ``…-exhibits.pdf``."""
    stem = f"{case_id}-{remedy_slug(remedy_id)}"
    if letters is None:
        letters = plan is not None and any(not title.startswith("Form ") for title, _path in plan.front)
    if letters:
        return f"{stem}-packet.pdf"
    if plan is not None and any(title.startswith("Form ") for title, _path in plan.front):
        return f"{stem}-forms-and-exhibits.pdf"
    return f"{stem}-exhibits.pdf"


def _generator() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return f"docassemble.SurvivorRelief {version('docassemble.SurvivorRelief')}"
    except PackageNotFoundError:  # pragma: no cover - running from a source tree without an install
        return "docassemble.SurvivorRelief"


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _write_json(path: Path, data: dict[str, Any]) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
