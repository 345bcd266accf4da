"""Text snapshots of the Word templates, so that an edit made in Word reads as a diff in review.

``make snapshots`` (``python -m tests.snapshot``) rewrites tests/snapshots/; tests/test_documents.py fails
when a template and its snapshot differ. A snapshot shows the page size, the footer, then the body in order:
headings as ``#``, list items as ``-`` or ``1.``, table rows as ``| cell | cell |``, with the tags as written.
"""

from __future__ import annotations

import sys
from pathlib import Path

from docassemble.SurvivorRelief.documents import TEMPLATES_DIR

HERE = Path(__file__).resolve().parent / "snapshots"


def _paragraph(p: object) -> str:
    from docx.text.paragraph import Paragraph

    assert isinstance(p, Paragraph)
    style = p.style.name if p.style is not None else ""
    text = p.text
    if style.startswith("Heading"):
        return "#" * int(style.split()[-1] or 1) + " " + text
    if style == "List Bullet":
        return "- " + text
    if style == "List Number":
        return "1. " + text
    return text


def _footer_parts(paragraphs: list) -> list[str]:
    """The footer's text with fields shown as {PAGE}, {NUMPAGES} (their cached results left out)."""
    out, in_result = [], False
    for p in paragraphs:
        for node in p._p.iter():
            tag = node.tag.rsplit("}", 1)[-1]
            if tag == "fldChar":
                kind = node.get("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}fldCharType")
                in_result = kind == "separate"
            elif tag == "instrText":
                out.append("{" + (node.text or "").strip() + "}")
            elif tag == "t" and not in_result:
                out.append(node.text or "")
    return out


def snapshot_text(path: Path) -> str:
    """The template's text as a reviewer reads it."""
    from docx import Document
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = Document(str(path))
    section = doc.sections[0]
    size = "A4" if abs(section.page_width.mm - 210) < 1 else "US Letter" if abs(section.page_width.pt - 612) < 1 \
        else f"{section.page_width.mm:.0f} x {section.page_height.mm:.0f} mm"
    footer = "".join(_footer_parts(section.footer.paragraphs))
    lines = [f"[page: {size}; footer: {footer}]", ""]
    for child in doc.element.body.iterchildren():
        if child.tag.endswith("}p"):
            lines.append(_paragraph(Paragraph(child, doc)))
        elif child.tag.endswith("}tbl"):
            for row in Table(child, doc).rows:
                lines.append("| " + " | ".join(c.text.replace("\n", " / ") for c in row.cells) + " |")
    return "\n".join(line.rstrip() for line in lines).rstrip() + "\n"


def main() -> int:
    HERE.mkdir(exist_ok=True)
    wanted = {}
    for path in sorted(TEMPLATES_DIR.rglob("*.docx")):
        rel = path.relative_to(TEMPLATES_DIR)
        wanted[str(rel).replace("/", "__") + ".txt"] = snapshot_text(path)
    for old in HERE.glob("*.txt"):
        if old.name not in wanted:
            old.unlink()
    for name, text in wanted.items():
        (HERE / name).write_text(text, encoding="utf-8")
    print(f"{len(wanted)} template snapshots in {HERE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
