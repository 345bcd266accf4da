"""Evidence: what each remedy needs and what the case has, and the exhibit packet built from the files.

The checklist reads the packs' ``evidence:`` lists (fact sheet section D), so what counts as proof of
an element is law-as-data; this module only matches case evidence to those lists. The packet turns
the case's evidence files into one PDF with an exhibit cover before each exhibit and a running Bates
number on every page, so an exhibit index can cite exact pages; filed documents (cover letter, forms)
can go before the exhibits and others after them, numbered in the same run. The covers are worded in the
language of the authority the packet goes to (``exhibit_cover`` in words/<language>.yml).

Files are checked with pypdf, which refuses damaged files that qpdf would silently "repair" (a truncated
exhibit must not be filed). Cover pages are drawn with reportlab (installed with docassemble.base): it lays
out and wraps text and embeds a Unicode TrueType font when one is installed. The packet is put together
with pikepdf (qpdf, in C++): it merges the three filled T-visa forms with their fields about five times
faster than pypdf's ``append``. The Bates stamp is a few PDF operators added to each page's content, not
an overlay page merged in (merging parses every page's content).

Evidence files come from people and places the preparer does not control, so (docs/security.md): a path
must stay inside the case file's folder (no absolute path, no ``..``, no link leading elsewhere); files,
pages and pixels have limits; an image must decode whole; and JavaScript, launch and other actions,
attached files and multimedia on an exhibit's pages are removed before the pages reach a packet.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from contextlib import ExitStack
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Optional

from .cases import Case, EvidenceItem
from .errors import InputError, Problem
from .packs import EvidenceNeed, Packs, Remedy, Source, weakest
from .rules import registry
from .rules.checks import Ctx

CORE_LABEL = "Core filing"


# --- checklists ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class NeedResult:
    """One line of a remedy's checklist: an element's usual evidence and what in the case covers it."""

    element: str
    label: str
    items: list[str]
    covered_by: list[str]
    alternatives: list[str]
    sources: list[Source]

    @property
    def status(self) -> str:
        return "covered" if self.covered_by else "missing"

    @property
    def confidence(self) -> str:
        return weakest([s.confidence for s in self.sources])

    def to_json(self) -> dict[str, Any]:
        return {"element": self.element, "label": self.label, "items": list(self.items),
                "covered_by": list(self.covered_by), "status": self.status,
                "alternatives": list(self.alternatives), "confidence": self.confidence,
                "sources": [_source_json(s) for s in self.sources]}


@dataclass(frozen=True)
class RemedyChecklist:
    id: str
    jurisdiction: str
    name: str
    needs: list[NeedResult]

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "jurisdiction": self.jurisdiction, "name": self.name,
                "needs": [n.to_json() for n in self.needs]}


@dataclass(frozen=True)
class ChecklistResult:
    case_id: str
    as_of: str
    remedies: list[RemedyChecklist]

    def to_json(self) -> dict[str, Any]:
        return {"case_id": self.case_id, "as_of": self.as_of, "remedies": [r.to_json() for r in self.remedies]}


def _source_json(source: Source) -> dict[str, Any]:
    return {"cite": source.cite, "url": source.url, "confidence": source.confidence}


def covers(item: EvidenceItem, need: EvidenceNeed, remedy_id: str, known_kinds: frozenset[str] = frozenset()) -> bool:
    """Evidence covers a need when its kind is one the pack accepts, or when it says it supports the element
    and its kind is not one the packs give another meaning (``known_kinds``).

    A reasonable-grounds decision is not a conclusive-grounds decision, whatever ``supports`` says (legal
    review 2, A14). ``supports`` may name the element (``physical_presence``) or, where element ids repeat
    across remedies, the remedy and element (``us.t_visa.physical_presence``).
    """
    if item.kind and item.kind in need.kinds:
        return True
    if item.kind and item.kind in known_kinds:
        return False
    return need.element in item.supports or f"{remedy_id}.{need.element}" in item.supports


def _need_result(case: Case, remedy_id: str, remedy: Remedy, need: EvidenceNeed,
                 known_kinds: frozenset[str] = frozenset()) -> NeedResult:
    labels = {e.id: e.label for e in remedy.elements}
    return NeedResult(
        element=need.element,
        label=CORE_LABEL if need.element == "core" else labels.get(need.element, need.element),
        items=list(need.items),
        covered_by=[e.id for e in case.evidence if covers(e, need, remedy_id, known_kinds)],
        alternatives=list(need.alternatives),
        sources=list(need.sources),
    )


def closed_to(case: Case, packs: Packs, jid: str, remedy_id: str, remedy: Remedy) -> bool:
    """Whether a gate element of the remedy shuts it to this person (a U.S. citizen and the T visa): no
    checklist is made for a remedy the person cannot have."""
    gates = [e for e in remedy.elements if e.gate]
    if not gates:
        return False
    registry.load_all()
    ctx = Ctx(case, packs, remedy_id, remedy, jid, case.today)
    return any(registry.CHECKS[e.check](ctx, e).status == "not_met" for e in gates)


def checklist(case: Case, packs: Packs) -> ChecklistResult:
    """For every remedy of the case's jurisdictions and their parents: each need, covered or missing."""
    remedies = []
    for jid in packs.with_ancestors(case.jurisdictions):
        for rid, remedy in packs.get(jid).remedies.items():
            if closed_to(case, packs, jid, rid, remedy):
                continue
            needs = [_need_result(case, rid, remedy, need, packs.evidence_kinds) for need in remedy.evidence]
            remedies.append(RemedyChecklist(rid, jid, remedy.name, needs))
    return ChecklistResult(case.case_id, case.today.isoformat(), remedies)


# --- exhibit files -------------------------------------------------------------------------------

SUPPORTED = {"pdf": "PDF", "jpeg": "JPEG", "png": "PNG"}
_SUFFIXES = {".pdf": "pdf", ".jpg": "jpeg", ".jpeg": "jpeg", ".png": "png"}


@dataclass(frozen=True)
class ExhibitFile:
    path: Path
    kind: str       # pdf | jpeg | png
    pages: int


@dataclass(frozen=True)
class Exhibit:
    """One exhibit: the evidence file, then its translation (same exhibit, same letter)."""

    id: str
    letter: str
    description: str
    file: ExhibitFile
    translation: Optional[ExhibitFile] = None

    @property
    def pages(self) -> int:
        """Pages of the original and the translation, without the cover."""
        return self.file.pages + (self.translation.pages if self.translation else 0)


def exhibit_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA, 27 -> AB (as spreadsheet columns)."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _sniff(head: bytes) -> Optional[str]:
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    return None


class _Encrypted(Exception):
    """A PDF that needs a password to open."""


def _open_pdf(source: Any) -> Any:
    """A pypdf reader, decrypted when the file only has an owner password; raises on a bad file."""
    from pypdf import PdfReader

    reader = PdfReader(source, strict=False)
    if reader.is_encrypted and not reader.decrypt(""):
        raise _Encrypted
    return reader


def _pdf_pages(path: Path) -> tuple[int, Optional[str]]:
    """Page count of a PDF, or the problem with it."""
    try:
        reader = _open_pdf(path)
        count = len(reader.pages)
        for page in reader.pages:
            page.cropbox  # noqa: B018 - touching each page finds a damaged page tree now, not mid-build
    except _Encrypted:
        return 0, "encrypted with a password: give an unencrypted copy"
    except Exception:  # noqa: BLE001 - pypdf raises many exception types on damaged files
        return 0, "corrupt PDF (cannot be read)"
    if count == 0:
        return 0, "PDF has no pages"
    if count > MAX_PAGES:
        return 0, f"more than {MAX_PAGES} pages: split it into several evidence items"
    return count, None


MAX_FILE_BYTES = 200 * 1024 * 1024   # one evidence file
MAX_PAGES = 2000                      # pages of one evidence PDF
MAX_PIXELS = 60_000_000               # pixels of one image (a 60-megapixel photo)


def _image_problem(path: Path) -> Optional[str]:
    """Whether the image opens and decodes whole: a truncated JPEG verifies but fails to load."""
    from PIL import Image, ImageFile

    ImageFile.LOAD_TRUNCATED_IMAGES = False
    try:
        with Image.open(path) as img:
            width, height = img.size
            if width * height > MAX_PIXELS:
                return f"image larger than {MAX_PIXELS // 1_000_000} megapixels: scan it smaller"
            img.verify()
        with Image.open(path) as img:
            img.load()
    except Exception:  # noqa: BLE001 - Pillow raises many exception types on damaged files
        return "corrupt or truncated image (cannot be read whole)"
    return None


def check_file(path: Path) -> tuple[Optional[ExhibitFile], Optional[str]]:
    """Validate one exhibit file: it exists, can be read, is a PDF, JPEG or PNG, and opens."""
    if not path.exists():
        return None, "file not found"
    if not path.is_file():
        return None, "not a file"
    if path.stat().st_size > MAX_FILE_BYTES:
        return None, f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB"
    try:
        with path.open("rb") as fh:
            head = fh.read(1024)
    except OSError as exc:
        return None, f"cannot be read ({exc.__class__.__name__})"
    kind = _sniff(head)
    if kind is None:
        suffix = path.suffix.lower()
        if suffix in _SUFFIXES:
            return None, f"corrupt {SUPPORTED[_SUFFIXES[suffix]]} file (not a valid {suffix} file)"
        return None, f"unsupported file type ({suffix or 'no extension'}): use PDF, JPEG or PNG"
    if kind == "pdf":
        pages, problem = _pdf_pages(path)
    else:
        pages, problem = 1, _image_problem(path)
    if problem:
        return None, problem
    return ExhibitFile(path, kind, pages), None


def contained(case_dir: Path, name: str) -> tuple[Optional[Path], Optional[str]]:
    """The evidence file ``name`` inside the case folder, or why it is refused.

    On a shared server a path such as ``/etc/passwd``, ``../other-case/passport.pdf`` or a link to either
    would copy someone else's file into this survivor's packet.
    """
    if any(c < " " or c == "\x7f" for c in name) or len(name) > 1024:
        return None, "not a usable file name (control characters, or too long)"
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or Path(name).is_absolute():
        return None, "an absolute path: give the path from the case file's folder (e.g. evidence/passport.pdf)"
    if ".." in re.split(r"[/\\]", name):
        return None, "climbs out of the case file's folder (..): keep evidence inside it"
    root = Path(case_dir).resolve()
    target = (root / name).resolve()
    if not target.is_relative_to(root):
        return None, "a link to a file outside the case file's folder: copy the file into the folder"
    return target, None


def _checked(case_dir: Path, name: str) -> tuple[Optional[ExhibitFile], Optional[str]]:
    try:
        path, problem = contained(case_dir, name)
        return (None, problem) if path is None else check_file(path)
    except (OSError, ValueError) as err:  # a name too long for the file system, a loop of links
        return None, f"cannot be opened ({err.__class__.__name__})"


def file_problems(case: Case, case_dir: Path) -> list[Problem]:
    """Every evidence file (and translation) that is missing, unreadable or of a wrong type."""
    problems = []
    for i, item in enumerate(case.evidence):
        for attr in ("file", "translation_file"):
            name = getattr(item, attr)
            if name:
                _found, problem = _checked(case_dir, name)
                if problem:
                    problems.append(Problem(f"evidence[{i}].{attr}", f"{item.id}: {problem}"))
    return problems


def exhibits(case: Case, case_dir: Path, order: Optional[list[str]] = None) -> list[Exhibit]:
    """The case's evidence files as lettered exhibits, in ``order`` (evidence ids; default case order).

    Every file is checked before anything is built; all problems are raised together, naming the
    evidence id and field, never the file name (it may contain the survivor's name).
    """
    index = {item.id: i for i, item in enumerate(case.evidence)}
    problems: list[Problem] = []
    if order is None:
        chosen = [i for i, item in enumerate(case.evidence) if item.file]
    else:
        chosen = []
        for j, eid in enumerate(order):
            if eid not in index:
                problems.append(Problem(f"order[{j}]", f"no evidence with id {eid!r}"))
            elif index[eid] in chosen:
                problems.append(Problem(f"order[{j}]", f"{eid}: listed twice"))
            elif not case.evidence[index[eid]].file:
                problems.append(Problem(f"evidence[{index[eid]}].file", f"{eid}: no file given"))
            else:
                chosen.append(index[eid])
    found: list[tuple[int, ExhibitFile, Optional[ExhibitFile]]] = []
    for i in chosen:
        item = case.evidence[i]
        original, problem = _checked(case_dir, item.file or "")
        if problem:
            problems.append(Problem(f"evidence[{i}].file", f"{item.id}: {problem}"))
        translation = None
        if item.translation_file:
            translation, problem = _checked(case_dir, item.translation_file)
            if problem:
                problems.append(Problem(f"evidence[{i}].translation_file", f"{item.id}: {problem}"))
        if original:
            found.append((i, original, translation))
    if problems:
        raise InputError(problems)
    out = []
    for n, (i, original, translation) in enumerate(found):
        item = case.evidence[i]
        description = item.description or (item.kind or "").replace("_", " ") or "(no description)"
        out.append(Exhibit(item.id, exhibit_letter(n), description, original, translation))
    return out


# --- the packet ----------------------------------------------------------------------------------

PAPER = {"letter": (612.0, 792.0), "a4": (595.28, 841.89)}
STAMP_SIZE = 8.0        # points
STAMP_RIGHT = 24.0      # from the right edge to the end of the number
STAMP_BASELINE = 14.0   # from the bottom edge; inside the usual 0.5 in margin
STAMP_FONT = "SRBates"  # resource name unlikely to clash with a page's own fonts
FONT_CANDIDATES = ("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf", "/usr/share/fonts/dejavu/DejaVuSans.ttf",
                   "/usr/share/fonts/TTF/DejaVuSans.ttf", "/Library/Fonts/DejaVuSans.ttf")

Document = tuple[str, Path]   # a filed document: (title, PDF file)


@dataclass(frozen=True)
class PageRange:
    """Where one part of the packet sits, as Bates numbers; for an exhibit ``first`` is its cover page."""

    label: str          # exhibit letter, or the document's title
    id: Optional[str]   # evidence id (None for a document)
    description: str
    first: str
    last: str
    pages: int

    def to_json(self) -> dict[str, Any]:
        return {"label": self.label, "id": self.id, "description": self.description,
                "first": self.first, "last": self.last, "pages": self.pages}


@dataclass(frozen=True)
class PacketInfo:
    """A packet's page map: the documents before the exhibits, the exhibits, the documents after them."""

    path: Optional[Path]    # None until the packet is written
    pages: int
    first: str
    last: str
    exhibits: list[PageRange] = field(default_factory=list)
    front: list[PageRange] = field(default_factory=list)
    back: list[PageRange] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"file": str(self.path) if self.path else None, "pages": self.pages, "first": self.first,
                "last": self.last, "front": [r.to_json() for r in self.front],
                "exhibits": [e.to_json() for e in self.exhibits], "back": [r.to_json() for r in self.back]}


@dataclass(frozen=True)
class PacketPlan:
    """What goes into a packet and where each part will sit, worked out from page counts alone.

    The assembly cites the plan's Bates ranges in its documents and writes the packet from the same plan,
    so an index can never disagree with the packet it describes.
    """

    case_id: str
    start_number: int
    exhibits: list[Exhibit]
    front: list[Document]
    back: list[Document]
    layout: PacketInfo
    language: str = "en"    # of the exhibit covers: the authority's, as its letters are written in


def bates(case_id: str, number: int) -> str:
    """``ETLA``, 12 -> ``ETLA-000012`` (the assembly passes a short Bates prefix, see assembly.bates_prefix)."""
    return f"{case_id.upper()}-{number:06d}"


def bates_number(label: str) -> int:
    """``CASE-000012`` -> 12."""
    return int(label.rsplit("-", 1)[1])


def _check_documents(parts: dict[str, list[Document]]) -> dict[str, list[int]]:
    """Page counts of the filed documents; every problem (``front[i]``, ``back[i]``) raised together."""
    problems: list[Problem] = []
    counts: dict[str, list[int]] = {}
    for part, docs in parts.items():
        counts[part] = []
        for i, (title, path) in enumerate(docs):
            found, problem = check_file(Path(path))
            if problem is None and found and found.kind != "pdf":
                problem = "must be a PDF"
            if problem:
                problems.append(Problem(f"{part}[{i}]", f"{title}: {problem}"))
            else:
                counts[part].append(found.pages if found else 0)
    if problems:
        raise InputError(problems)
    return counts


def plan_packet(exhibits: list[Exhibit], case_id: str, front: Optional[list[Document]] = None,
                back: Optional[list[Document]] = None, start_number: int = 1, language: str = "en") -> PacketPlan:
    """The packet's page map: ``front`` documents, then a cover and the pages of each exhibit, then ``back``.

    Bates numbers run over the whole packet from ``start_number``; the exhibit covers are worded in
    ``language``. The documents are checked (they exist, are readable PDFs) and all problems raised
    together before anything is written.
    """
    front, back = list(front or []), list(back or [])
    counts = _check_documents({"front": front, "back": back})
    number = start_number

    def documents(docs: list[Document], pages: list[int]) -> list[PageRange]:
        nonlocal number
        out = []
        for (title, _path), count in zip(docs, pages, strict=True):
            out.append(PageRange(title, None, title, bates(case_id, number), bates(case_id, number + count - 1),
                                 count))
            number += count
        return out

    front_ranges = documents(front, counts["front"])
    exhibit_ranges = []
    for ex in exhibits:
        exhibit_ranges.append(PageRange(ex.letter, ex.id, ex.description, bates(case_id, number),
                                        bates(case_id, number + ex.pages), ex.pages + 1))
        number += ex.pages + 1
    back_ranges = documents(back, counts["back"])
    total = number - start_number
    layout = PacketInfo(None, total, bates(case_id, start_number) if total else "",
                        bates(case_id, number - 1) if total else "", exhibit_ranges, front_ranges, back_ranges)
    return PacketPlan(case_id, start_number, list(exhibits), front, back, layout, language)


def build_packet(exhibits: list[Exhibit], case_id: str, out_path: Path, front: Optional[list[Document]] = None,
                 back: Optional[list[Document]] = None, start_number: int = 1, paper: str = "letter",
                 language: str = "en") -> PacketInfo:
    """One PDF: the ``front`` documents, a cover (worded in ``language``) and the pages of each exhibit, the
    ``back`` documents."""
    return write_packet(plan_packet(exhibits, case_id, front, back, start_number, language), out_path, paper)


def cover_words(language: str = "en") -> dict[str, Any]:
    """The exhibit covers' wording in ``language`` (``exhibit_cover``, words/<language>.yml), English for what it lacks.

    ``nl-BE`` and ``nl_BE`` read ``nl``; a language with no entry gets the English wording.
    """
    from .documents import load_labels

    table = load_labels().get("exhibit_cover") or {}
    own = table.get(language.replace("_", "-").split("-")[0].lower()) or {}
    return {**(table.get("en") or {}), **own}


def _cover_font(texts: list[str]) -> str:
    """Helvetica when every text is in its character set; else DejaVu Sans (Cyrillic, Greek, ...) if installed.

    Loading a TrueType font costs about half a second, so it is done only when a description needs it.
    """
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    try:
        "".join(texts).encode("cp1252")
        return "Helvetica"
    except UnicodeEncodeError:
        pass
    if "SRDejaVu" in pdfmetrics.getRegisteredFontNames():
        return "SRDejaVu"
    for candidate in FONT_CANDIDATES:
        if os.path.exists(candidate):
            pdfmetrics.registerFont(TTFont("SRDejaVu", candidate))
            return "SRDejaVu"
    return "Helvetica"


def _cover_text(exhibit: Exhibit, rng: PageRange, case_id: str, words: dict[str, Any]) -> list[str]:
    """What one exhibit's cover says, in the packet's language: heading, description, Bates range (never the case
    file's internal evidence id: the cover is read by the authority)."""
    first = bates_number(rng.first) + 1
    page = words["page"][0 if exhibit.pages == 1 else 1]
    lines = [words["exhibit"].format(letter=exhibit.letter), exhibit.description,
             words["pages"].format(first=bates(case_id, first), last=rng.last, count=exhibit.pages, page=page)]
    if exhibit.translation:
        lines.append(words["translation"].format(first=bates(case_id, first + exhibit.file.pages), last=rng.last))
    return lines


def _cover_pages(exhibits: list[Exhibit], ranges: list[PageRange], case_id: str,
                 paper: tuple[float, float], language: str) -> bytes:
    """One cover page per exhibit, in one PDF, worded in ``language``."""
    from xml.sax.saxutils import escape

    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfgen import canvas
    from reportlab.platypus import Paragraph

    words = cover_words(language)
    covers = [_cover_text(e, rng, case_id, words) for e, rng in zip(exhibits, ranges, strict=True)]
    font = _cover_font([line for cover in covers for line in cover])
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=paper, pageCompression=1)
    width, height = paper
    body = ParagraphStyle("body", fontName=font, fontSize=14, leading=19, alignment=1)
    small = ParagraphStyle("small", fontName=font, fontSize=11, leading=15, alignment=1)
    for heading, description, *rest in covers:
        pdf.setFont(font, 40)
        pdf.drawCentredString(width / 2, height * 0.62, heading)
        y = height * 0.62 - 40
        for style, text in [(body, description), *((small, line) for line in rest)]:
            para = Paragraph(escape(text), style)
            _w, h = para.wrap(width - 144, height)
            para.drawOn(pdf, 72, y - h)
            y -= h + 10
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def _stamp_operators(box: tuple[float, float, float, float], label: str) -> bytes:
    """PDF operators drawing the Bates number bottom right on a small white ground (Helvetica, no embedding)."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    _x0, y0, x1, _y1 = box
    width = stringWidth(label, "Helvetica", STAMP_SIZE)
    right, base = x1 - STAMP_RIGHT, y0 + STAMP_BASELINE
    return (f"q 1 g {right - width - 2:.2f} {base - 2.5:.2f} {width + 4:.2f} {STAMP_SIZE + 3:.2f} re f "
            f"0 g BT /{STAMP_FONT} {STAMP_SIZE:g} Tf {right - width:.2f} {base:.2f} Td ({label}) Tj ET Q\n").encode()


def _stamp(pdf: Any, page: Any, font: Any, label: str) -> None:
    """Add the Bates number to a page, the page's own drawing state left untouched.

    A rotated page first gets its rotation baked into its content, so "bottom right" is where the page is
    shown, not where it is stored. The page's content is wrapped in q ... Q: a page that leaves its
    graphics state changed cannot move the stamp.
    """
    from pikepdf import Dictionary, Name

    if page.rotation:
        page.flatten_rotation()
    x0, y0, x1, y1 = (float(v) for v in page.cropbox)
    if Name.Resources not in page.obj:
        page.obj.Resources = Dictionary()
    resources = page.obj.Resources
    if Name.Font not in resources:
        resources.Font = Dictionary()
    resources.Font[Name("/" + STAMP_FONT)] = font
    page.contents_add(pdf.make_stream(b"q\n"), prepend=True)
    page.contents_add(pdf.make_stream(b"\nQ\n" + _stamp_operators((x0, y0, x1, y1), label)))


def _image_pdf(path: Path, paper: tuple[float, float]) -> bytes:
    """An image as one page of the packet's paper size, fitted inside margins that leave the stamp clear.

    img2pdf embeds JPEG and most PNG data unchanged (no quality loss); an image with transparency, or
    one img2pdf refuses (16-bit, CMYK PNG), is first flattened onto white with Pillow.
    """
    import img2pdf
    from PIL import Image

    layout = img2pdf.get_layout_fun(paper, border=(36.0, 36.0), fit=img2pdf.FitMode.into, auto_orient=True)
    with Image.open(path) as img:
        transparent = img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "transparency" in img.info
    if not transparent:
        try:
            return img2pdf.convert(str(path), layout_fun=layout, rotation=img2pdf.Rotation.ifvalid)
        except Exception:  # noqa: BLE001, S110 - img2pdf refuses some valid images; flatten them below
            pass
    with Image.open(path) as img:
        rgba = img.convert("RGBA")
    flat = Image.new("RGB", rgba.size, "white")
    flat.paste(rgba, mask=rgba.getchannel("A"))
    buf = io.BytesIO()
    flat.save(buf, "PNG")
    return img2pdf.convert(buf.getvalue(), layout_fun=layout)


def write_packet(plan: PacketPlan, out_path: Path, paper: str = "letter") -> PacketInfo:
    """Write the planned packet: every page Bates-stamped, an outline entry per document and exhibit.

    Pages are copied with pikepdf (qpdf): filled forms keep their fields, and a field whose name is already
    in the packet (USCIS forms share top-level names such as ``form1[0]``) is renamed rather than merged
    with another form's field. The file is written to a temporary name in the same folder and renamed
    into place, so a failure leaves no half-written packet.
    """
    import pikepdf

    size = PAPER[paper]
    layout = plan.layout
    packet = pikepdf.new()
    marks: list[tuple[str, int]] = []
    version = packet.pdf_version
    with ExitStack() as sources:
        def source(file: Any, where: str) -> Any:
            nonlocal version
            try:
                pdf = sources.enter_context(pikepdf.open(file, password=""))
            except (pikepdf.PdfError, pikepdf.PasswordError):
                raise InputError([Problem(where, "corrupt PDF (cannot be read)")]) from None
            version = max(version, pdf.pdf_version, key=_version_key)
            return pdf

        def add(src: Any, expected: int, where: str, pages: Optional[list[int]] = None) -> None:
            """Append pages; a page count other than the planned one would shift every number after it."""
            before = len(packet.pages)
            for index in range(len(src.pages)) if pages is None else pages:
                packet.pages.append(src.pages[index])
            _copy_form(packet, src)
            if len(packet.pages) - before != expected:
                raise InputError([Problem(where, "damaged page tree (its page count is unclear): save it again as "
                                                 "PDF (e.g. print to PDF) and assemble again")])

        def documents(docs: list[Document], ranges: list[PageRange], part: str) -> None:
            for i, ((title, path), rng) in enumerate(zip(docs, ranges, strict=True)):
                marks.append((title, len(packet.pages)))
                add(source(Path(path), f"{part}[{i}]"), rng.pages, f"{part}[{i}]")

        documents(plan.front, layout.front, "front")
        if plan.exhibits:
            covers = source(io.BytesIO(_cover_pages(plan.exhibits, layout.exhibits, plan.case_id, size,
                                                    plan.language)), "covers")
        outline = cover_words(plan.language)["outline"]
        for n, ex in enumerate(plan.exhibits):
            marks.append((outline.format(letter=ex.letter, description=ex.description), len(packet.pages)))
            add(covers, 1, f"exhibit {ex.letter}", [n])
            for part in (ex.file, ex.translation):
                if part is not None:
                    file = part.path if part.kind == "pdf" else io.BytesIO(_image_pdf(part.path, size))
                    where = f"exhibit {ex.letter} ({ex.id})"
                    add(strip_active_content(source(file, where)), part.pages, where)
        documents(plan.back, layout.back, "back")

        font = packet.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1, BaseFont=pikepdf.Name.Helvetica,
            Encoding=pikepdf.Name.WinAnsiEncoding))
        for number, page in enumerate(packet.pages, start=plan.start_number):
            _stamp(packet, page, font, bates(plan.case_id, number))
        with packet.open_outline() as outline:
            outline.root.extend(pikepdf.OutlineItem(title, index) for title, index in marks)

        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".packet-", suffix=".part", dir=out_path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                packet.save(fh, min_version=version)
            os.replace(tmp, out_path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    return replace(layout, path=out_path)


# Actions that run something, reach out or change the document; GoTo (within the file) and URI links stay.
_ACTIVE_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/ResetForm", "/GoToR", "/GoToE",
                   "/RichMediaExecute", "/Rendition", "/Movie", "/Sound", "/Hide", "/SetOCGState", "/Trans",
                   "/GoTo3DView"}
_ACTIVE_ANNOTATIONS = {"/FileAttachment", "/RichMedia", "/Movie", "/Sound", "/Screen", "/3D"}


def strip_active_content(pdf: Any) -> Any:
    """Remove from an evidence PDF (in memory) what could act when the packet is opened.

    Page and field additional-actions (/AA), annotation actions other than GoTo and URI, attached files,
    multimedia annotations and the document's own open action and scripts. The pages still look the same.
    """
    from pikepdf import Array, Dictionary, Name

    def clean_action(holder: Any) -> None:
        action = holder.get(Name.A)
        if isinstance(action, Dictionary) and (str(action.get(Name.S, "")) in _ACTIVE_ACTIONS or Name.Next in action):
            del holder[Name.A]
        if Name.AA in holder:
            del holder[Name.AA]

    root = pdf.Root
    for key in (Name.OpenAction, Name.AA):
        if key in root:
            del root[key]
    names = root.get(Name.Names)
    if isinstance(names, Dictionary):
        for key in (Name.JavaScript, Name.EmbeddedFiles):
            if key in names:
                del names[key]
    for page in pdf.pages:
        obj = page.obj
        if Name.AA in obj:
            del obj[Name.AA]
        annots = obj.get(Name.Annots)
        if not isinstance(annots, Array):
            continue
        kept = Array()
        for annot in annots:
            if not isinstance(annot, Dictionary) or str(annot.get(Name.Subtype, "")) in _ACTIVE_ANNOTATIONS:
                continue
            clean_action(annot)
            kept.append(annot)
        obj[Name.Annots] = kept
    form = root.get(Name.AcroForm)
    if isinstance(form, Dictionary):
        for key in (Name.XFA,):
            if key in form:
                del form[key]
        stack = list(form.get(Name.Fields, Array()))
        seen: set[tuple[int, int]] = set()
        while stack:
            fld = stack.pop()
            if not isinstance(fld, Dictionary) or (fld.is_indirect and fld.objgen in seen):
                continue
            if fld.is_indirect:
                seen.add(fld.objgen)
            clean_action(fld)
            stack.extend(fld.get(Name.Kids, Array()))
    return pdf


def _copy_form(packet: Any, src: Any) -> None:
    """Register the form fields of ``src``, whose pages were just copied, in the packet's AcroForm.

    qpdf copies each object of a source once, so the copied fields are the very ones the copied widgets
    point to. Each form is added whole, once: pikepdf's ``add_pages_from`` works page by page and copies a
    form whose fields all hang from one root (every USCIS form) again for each page. A field whose full
    name is already taken (the I-914 and the I-765 both have ``form1[0]``) is renamed (``form1[0]+1``), so
    two forms never share a field. Default appearance resources missing from the packet are added, and
    NeedAppearances is kept, so viewers still show the values.
    """
    from pikepdf import Dictionary, Name, String

    source = src.Root.get(Name.AcroForm)
    if source is None or Name.Fields not in source:
        return
    packet.acroform.add_and_rename_fields([packet.copy_foreign(f) for f in source.Fields if f.is_indirect])
    target = packet.Root.AcroForm
    if Name.DA in source and Name.DA not in target:
        target.DA = String(bytes(source.DA))
    if source.get(Name.NeedAppearances):
        target.NeedAppearances = True
    resources = source.get(Name.DR)
    if resources is None:
        return
    if Name.DR not in target:
        target.DR = Dictionary()
    for kind, entries in resources.items():
        if not isinstance(entries, Dictionary):
            continue
        if kind not in target.DR:
            target.DR[kind] = Dictionary()
        for name, value in entries.items():
            if name not in target.DR[kind]:
                target.DR[kind][name] = packet.copy_foreign(value if value.is_indirect else src.make_indirect(value))


def _version_key(version: str) -> tuple[int, ...]:
    """``"1.7"`` -> (1, 7), so versions compare as numbers."""
    return tuple(int(part) for part in version.split(".") if part.isdigit())
