"""Document metadata scrubbed from every file the tool writes: nothing about the survivor in it.

Why: a DOCX carries author, title, comments and "last modified by"; a PDF made from it carries them on as
its Info dictionary and XMP packet. File managers, mail clients and search indexes show these without
opening the document, so they must stay empty whatever a template or a converter puts there.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

_DOCX_TEXT = ("author", "category", "comments", "content_status", "identifier", "keywords", "language",
              "last_modified_by", "subject", "title", "version")


def scrub_docx(document: Any) -> None:
    """Blank the text properties of a python-docx Document (docxtpl's ``tpl.docx``) before it is saved."""
    props = document.core_properties
    for name in _DOCX_TEXT:
        setattr(props, name, "")
    props.revision = 1


def scrub_pdf(path: Path) -> None:
    """Remove a PDF's Info dictionary and XMP metadata in place (pikepdf; the pages are untouched)."""
    import pikepdf

    with pikepdf.open(path, allow_overwriting_input=True) as pdf:
        if pikepdf.Name.Metadata in pdf.Root:
            del pdf.Root[pikepdf.Name.Metadata]
        if pikepdf.Name.Info in pdf.trailer:
            del pdf.trailer[pikepdf.Name.Info]
        pdf.save(path)
