"""Assembly benchmark: the example T-visa filing against a floor, and a T-visa packet with 100 exhibit pages.

Run: ``.venv/bin/python bench/assemble.py [--forms-dir D] [--runs N]``. The blank USCIS PDFs are read from
``--forms-dir``, else $SURVIVORRELIEF_FORMS_DIR, else ../shared/forms/uscis (without them the forms are
skipped in both measurements, and the script says so).

1. ``assemble(--remedy us.t_visa)`` on examples/tx-labor-adult.case.yml, and in the same run the floor: the
   same templates rendered with plain docxtpl from the same contexts, the same forms filled with plain
   pypdf (the values our forms filled), and the filled forms and the same exhibits merged in filing order
   with plain pypdf (images via img2pdf). Prints both times (median of ``--runs``) and the ratio (aim:
   within 1.3x).
2. The full T-visa filing of that case with a 100-page exhibit set (generated fictional pages, one more
   exhibit): time (median of ``--runs``) and peak memory (VmHWM of one assembly in a fresh process: this
   one also holds what the floor's pypdf left behind, and a child's getrusage maxrss starts from its
   parent's). Aims: under 3 s without --pdf, under 300 MB.
"""

from __future__ import annotations

import argparse
import io
import logging
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "tx-labor-adult.case.yml"
REMEDY = "us.t_visa"
AIM_RATIO, AIM_SECONDS, AIM_MB = 1.3, 3.0, 300


def median_time(func: Callable[[], Any], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def fresh(parent: Path) -> Path:
    return Path(tempfile.mkdtemp(dir=parent)) / "out"


def floor_inputs(manifest: Any, case_path: Path) -> dict[str, Any]:
    """What the floor needs, taken from one real assembly: contexts, form values, exhibit files."""
    import pypdf

    from docassemble.SurvivorRelief import documents as D
    from docassemble.SurvivorRelief.cases import load_case
    from docassemble.SurvivorRelief.evidence import exhibits
    from docassemble.SurvivorRelief.forms import forms_dir, source_pdf
    from docassemble.SurvivorRelief.packs import load_packs

    packs = load_packs()
    case = load_case(case_path, packs.ids())
    facts = D.gather(case, packs)
    facts.exhibits = [dict(x) for x in manifest_exhibits(manifest)]
    renders = []
    for spec in D.load_catalogue().for_remedy(REMEDY).documents:
        if spec.when == "waiver_needed" and not case.inadmissibility:
            continue
        items = [None]
        if spec.each == "law_enforcement_contact":
            items = list(range(len(case.law_enforcement.contacts)))
        elif spec.each == "eligible_family_member":
            items = D.eligible_family(facts, REMEDY)
        for item in items:
            renders.append((D.TEMPLATES_DIR / spec.template, D.context(facts, REMEDY, spec, item)))
    forms = []
    for f in manifest.files:
        if f.kind == "form":
            filled = pypdf.PdfReader(manifest.out_dir / f.path)
            values = {k: v.get("/V") for k, v in (filled.get_fields() or {}).items() if v.get("/V") is not None}
            forms.append((source_pdf(f.name, forms_dir()), values))
    files = []
    for ex in exhibits(case, case_path.parent):
        files += [part for part in (ex.file, ex.translation) if part is not None]
    return {"renders": renders, "forms": forms, "files": files}


def manifest_exhibits(manifest: Any) -> list[dict[str, Any]]:
    packet = manifest.packets.get(REMEDY, {})
    return [{"id": r["id"], "letter": r["label"], "description": r["description"], "first": r["first"],
             "last": r["last"], "pages": str(r["pages"])} for r in packet.get("exhibits", [])]


def floor(inputs: dict[str, Any], out: Path) -> None:
    """The bare libraries: docxtpl renders, pypdf form filling, pypdf merging (forms, then exhibits)."""
    import img2pdf
    import pypdf
    from docxtpl import DocxTemplate

    out.mkdir(parents=True)
    for n, (template, ctx) in enumerate(inputs["renders"]):
        tpl = DocxTemplate(str(template))
        tpl.render(ctx, autoescape=True)
        tpl.save(str(out / f"{n}.docx"))
    writer = pypdf.PdfWriter()
    for n, (blank, values) in enumerate(inputs["forms"]):
        reader = pypdf.PdfReader(blank)
        if reader.is_encrypted:
            reader.decrypt("")
        form = pypdf.PdfWriter(clone_from=reader)
        for page in form.pages:
            form.update_page_form_field_values(page, values, auto_regenerate=False)
        form.write(out / f"form-{n}.pdf")
        writer.append(pypdf.PdfReader(out / f"form-{n}.pdf"))
    for part in inputs["files"]:
        if part.kind == "pdf":
            writer.append(pypdf.PdfReader(part.path))
        else:
            writer.append(pypdf.PdfReader(io.BytesIO(img2pdf.convert(str(part.path)))))
    writer.write(out / "packet.pdf")


def peak_memory_mb(case: Path, out: Path) -> float:
    """Peak resident memory (Linux VmHWM) of one assembly of ``case``, run in a fresh Python process."""
    code = ("import re, sys; from docassemble.SurvivorRelief.assembly import assemble; "
            "assemble(sys.argv[1], sys.argv[2], remedies=[sys.argv[3]]); "
            "print(re.search(r'VmHWM:\\s+(\\d+) kB', open('/proc/self/status').read()).group(1))")
    done = subprocess.run([sys.executable, "-c", code, str(case), str(out), REMEDY],
                          capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def hundred_page_case(work: Path) -> Path:
    """The example case plus one exhibit of 100 generated fictional pages."""
    from reportlab.lib.pagesizes import letter
    from reportlab.pdfgen import canvas

    evidence = work / "evidence"
    shutil.copytree(EXAMPLE.parent / "evidence", evidence)
    pdf = canvas.Canvas(str(evidence / "bench-100-pages.pdf"), pagesize=letter)
    for page in range(1, 101):
        pdf.setFont("Helvetica", 11)
        pdf.drawString(72, 720, f"FICTIONAL BENCHMARK EXHIBIT - page {page} of 100")
        for line in range(40):
            pdf.drawString(72, 690 - line * 15, f"Invented record line {line + 1}: hours, dates, amounts.")
        pdf.showPage()
    pdf.save()
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    data["evidence"].append({"id": "bench100", "kind": "wage_record", "description": "Generated 100-page record",
                             "file": "evidence/bench-100-pages.pdf", "language": "en"})
    path = work / "bench-100.case.yml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Assembly benchmark (T visa).")
    parser.add_argument("--forms-dir", type=Path, default=None)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # the USCIS PDFs' encryption padding notes
    forms = args.forms_dir or Path(os.environ.get("SURVIVORRELIEF_FORMS_DIR") or REPO.parent / "shared/forms/uscis")
    os.environ["SURVIVORRELIEF_FORMS_DIR"] = str(forms)
    if not (forms / "i-914.pdf").is_file():
        print(f"note: no USCIS PDFs in {forms}: forms are left out of both measurements")

    from docassemble.SurvivorRelief.assembly import assemble

    work = Path(tempfile.mkdtemp(prefix="sr-bench-"))
    try:
        first = assemble(EXAMPLE, fresh(work), remedies=[REMEDY])  # warm-up: imports, packs, caches
        inputs = floor_inputs(first, EXAMPLE)
        floor(inputs, fresh(work))  # warm-up
        ours = median_time(lambda: assemble(EXAMPLE, fresh(work), remedies=[REMEDY]), args.runs)
        base = median_time(lambda: floor(inputs, fresh(work)), args.runs)
        ratio = ours / base
        print(f"example T-visa filing: assemble {ours:.3f} s, floor (plain docxtpl + pypdf) {base:.3f} s, "
              f"ratio {ratio:.2f}x (aim <= {AIM_RATIO}x)")
        print("  (assemble also screens the case, computes deadlines, stamps Bates numbers and hashes every file; "
              "it fills forms and merges the packet with pikepdf, which is faster than the floor's plain pypdf)")

        big = hundred_page_case(work)
        made: list[Any] = []
        seconds = median_time(lambda: made.append(assemble(big, fresh(work), remedies=[REMEDY])), args.runs)
        peak_mb = peak_memory_mb(big, fresh(work))
        pages = made[-1].packets[REMEDY]["pages"]
        print(f"T-visa filing with a 100-page exhibit ({pages}-page packet): {seconds:.3f} s "
              f"(aim < {AIM_SECONDS} s), peak memory {peak_mb:.0f} MB (aim < {AIM_MB} MB)")
        ok = ratio <= AIM_RATIO and seconds < AIM_SECONDS and peak_mb < AIM_MB
        print("within the aims" if ok else "outside an aim (see above)")
        return 0
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
