"""Make the fictional evidence files that the example cases name (examples/evidence/*).

Every ``file:`` and ``translation_file:`` of ``examples/*.case.yml`` gets a small stand-in: a PDF
(reportlab) or a PNG/JPEG picture (Pillow), each marked "FICTIONAL EXAMPLE" and carrying only the
description from the case file. Output is byte-for-byte reproducible, so re-running changes nothing.

    .venv/bin/python examples/make_evidence.py
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml
from PIL import Image, ImageDraw
from reportlab.lib.pagesizes import letter
from reportlab.pdfgen import canvas

HERE = Path(__file__).resolve().parent
MARK = "FICTIONAL EXAMPLE"
NOTICE = ("This page stands in for a piece of evidence in a SurvivorRelief example case. Every person, "
          "place and number in the example cases is invented. It is not a real document.")
# A few kinds get two pages so that exhibit page ranges in the demo packet are not all one page long.
TWO_PAGE_KINDS = {"medical_record", "court_record", "counseling_record", "receipt"}


def wanted() -> dict[Path, tuple[str, str, bool]]:
    """Each evidence file the example cases name -> (description, kind, is a translation)."""
    out: dict[Path, tuple[str, str, bool]] = {}
    for case_file in sorted(HERE.glob("*.case.yml")):
        case = yaml.safe_load(case_file.read_text(encoding="utf-8")) or {}
        for item in case.get("evidence") or []:
            description = item.get("description") or item.get("kind") or "Evidence"
            for attr, is_translation in (("file", False), ("translation_file", True)):
                name = item.get(attr)
                if not name:
                    continue
                path = (case_file.parent / name).resolve()
                if HERE not in path.parents:
                    sys.exit(f"error: {case_file.name}: evidence {item.get('id')}: {attr} points outside examples/")
                out[path] = (description, item.get("kind") or "", is_translation)
    return out


def _wrap(text: str, width: int) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if len(line) + len(word) + 1 > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}".strip()
    return lines + [line] if line else lines


def make_pdf(path: Path, description: str, kind: str, is_translation: bool) -> None:
    pages = 2 if kind in TWO_PAGE_KINDS and not is_translation else 1
    title = f"English translation: {description}" if is_translation else description
    pdf = canvas.Canvas(str(path), pagesize=letter, invariant=1, pageCompression=1)
    pdf.setTitle(f"{MARK}: {title}")
    for page in range(1, pages + 1):
        pdf.setFont("Helvetica-Bold", 22)
        pdf.setFillColorRGB(0.75, 0.1, 0.1)
        pdf.drawCentredString(306, 730, MARK)
        pdf.setFillColorRGB(0, 0, 0)
        pdf.setFont("Helvetica-Bold", 15)
        y = 690
        for line in _wrap(title, 60):
            pdf.drawString(72, y, line)
            y -= 20
        pdf.setFont("Helvetica", 11)
        y -= 10
        for line in _wrap(NOTICE, 90):
            pdf.drawString(72, y, line)
            y -= 15
        if is_translation:
            y -= 10
            pdf.drawString(72, y, "Translator's certificate: fictional; a real translation needs a real certificate.")
        pdf.setFont("Helvetica", 9)
        pdf.drawCentredString(306, 54, f"{MARK} - page {page} of {pages}")
        pdf.showPage()
    pdf.save()


def make_image(path: Path, description: str) -> None:
    img = Image.new("RGB", (480, 320), (236, 232, 222))
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 120, 440, 290), outline=(90, 90, 90), width=3)   # a plain room outline
    for x in (80, 200, 320):
        draw.rectangle((x, 200, x + 90, 240), fill=(150, 130, 110))          # bunks
    draw.rectangle((0, 0, 480, 44), fill=(190, 30, 30))
    draw.text((16, 14), MARK, fill=(255, 255, 255))
    draw.text((16, 60), description[:70], fill=(0, 0, 0))
    draw.text((16, 84), "Drawn by examples/make_evidence.py; not a photograph.", fill=(0, 0, 0))
    if path.suffix.lower() == ".png":
        img.save(path, "PNG", optimize=True)
    else:
        img.save(path, "JPEG", quality=80)


def main() -> None:
    for path, (description, kind, is_translation) in wanted().items():
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.suffix.lower() == ".pdf":
            make_pdf(path, description, kind, is_translation)
        elif path.suffix.lower() in (".png", ".jpg", ".jpeg"):
            make_image(path, description)
        else:
            sys.exit(f"error: no generator for {path.suffix} files")
        print(f"wrote {path.relative_to(HERE)} ({path.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
