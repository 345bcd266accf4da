"""Rebuild a filing's packet after a lawyer edited the DOCX files in ``OUT/<remedy>/filing/``.

``survivorrelief packet OUT/<remedy>`` converts the edited letters, merges them with the filled forms and the
exhibits in filing order (the files' numbers), numbers every page again, and renders the index of exhibits
again from its template so that it agrees with the new packet. Everything is made in a private staging folder
first; the new PDFs, the index and the packet replace the old ones only when all of them were made, and the
manifest is updated last. A letter the lawyer edited is never re-rendered: when the exhibits' page numbers
moved, the command names the letters that cite the old ones.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import InputError, Problem, ToolError

INDEX = "exhibit-index"


@dataclass
class Rebuilt:
    path: Path
    pages: int
    first: str
    last: str
    notices: list[str] = field(default_factory=list)


def _manifest(out: Path) -> dict[str, Any]:
    from .assembly import MANIFEST

    path = out / MANIFEST
    if not path.is_file():
        raise InputError([Problem("(folder)", f"no {MANIFEST} beside it: give OUT/<remedy> of an assembly")],
                         source=str(out))
    return json.loads(path.read_text(encoding="utf-8"))


def rebuild(remedy_dir: Path | str) -> Rebuilt:
    """Convert, merge, renumber and re-index one remedy's filing set; return the new packet's page map."""
    from . import convert
    from .assembly import FILING, MANIFEST, _sha256, packet_name
    from .cases import load_case
    from .documents import TEMPLATES_DIR, context, docx_text, gather, jurisdiction_of, load_catalogue, render
    from .evidence import exhibits, plan_packet, write_packet
    from .packs import load_packs

    remedy_dir = Path(remedy_dir).absolute()
    out, rid = remedy_dir.parent, remedy_dir.name
    data = _manifest(out)
    old = data.get("packets", {}).get(rid)
    if old is None:
        raise InputError([Problem("(folder)", "this remedy has no packet (no evidence files and no forms)")],
                         source=str(remedy_dir))
    if not convert.soffice_available():
        raise ToolError(convert.INSTALL_HINT)
    files = [f for f in data["files"] if f["remedy"] == rid and f.get("part") == FILING
             and f["kind"] in ("document", "form")]
    files.sort(key=lambda f: f["path"].rsplit("/", 1)[1])
    missing = [Problem(f["path"], "file not found") for f in files if not (out / f["path"]).is_file()]
    if missing:
        raise InputError(missing, source=str(remedy_dir))

    if not data["options"].get("case"):
        raise InputError([Problem("(folder)", "assembled from an interview, without a case file: assemble the case "
                                              "file again with survivorrelief assemble")], source=str(remedy_dir))
    packs = load_packs()
    case_path = Path(data["options"]["case"])
    case = load_case(case_path, packs.ids())
    facts = gather(case, packs)
    specs = {s.name: s.resolve(case) for s in load_catalogue().for_remedy(rid).documents}
    prefix = data["options"].get("bates_prefix") or ""
    language = (packs.get(jurisdiction_of(rid)).languages or ["en"])[0]
    country = (packs.get(jurisdiction_of(rid)).country or "").upper()
    found = exhibits(case, case_path.parent)
    titles = {part["label"] for part in old.get("front", [])}

    staging = Path(tempfile.mkdtemp(prefix=".rebuild-", dir=remedy_dir / FILING))
    try:
        docs = [f for f in files if f["kind"] == "document"]
        pdfs = dict(zip([f["path"] for f in docs],
                        convert.docx_to_pdf([out / f["path"] for f in docs], staging / "pdf"), strict=True))
        index = next((f for f in docs if f["name"] == INDEX), None)
        for _round in range(3):
            front = []
            for f in files:
                if f["kind"] == "form":
                    title = next((t for t in titles if t.startswith(f"Form {f['name'].upper()},")),
                                 f"Form {f['name'].upper()}")
                    front.append((title, out / f["path"]))
                else:
                    front.append((specs[f["name"]].title if f["name"] in specs else f["name"], pdfs[f["path"]]))
            plan = plan_packet(found, prefix, front=front, language=language)
            if index is None:
                break
            rows = {r.id: r for r in plan.layout.exhibits}
            facts.exhibits = [{"id": x.id, "letter": x.letter, "description": x.description,
                               "first": rows[x.id].first, "last": rows[x.id].last, "pages": str(rows[x.id].pages)}
                              for x in found]
            facts.packet = {"present": True, "first": plan.layout.exhibits[0].first if found else "",
                            "exhibits_last": plan.layout.exhibits[-1].last if found else "",
                            "last": plan.layout.last, "pages": plan.layout.pages}
            new_index = staging / Path(index["path"]).name
            render(TEMPLATES_DIR / specs[INDEX].template, context(facts, rid, specs[INDEX]), new_index)
            (staging / "index").mkdir(exist_ok=True)
            index_pdf = convert.docx_to_pdf([new_index], staging / "index")[0]
            if _pages(index_pdf) == _pages(pdfs[index["path"]]):
                pdfs[index["path"]] = index_pdf
                break
            pdfs[index["path"]] = index_pdf
        paper = "letter" if country in ("US", "") else "a4"
        target = staging / packet_name(case.case_id, rid, plan)
        info = write_packet(plan, target, paper=paper)
        notices = _moved(old, info, [out / f["path"] for f in docs if f["name"] != INDEX], docx_text)
        # All made: put them in place (PDFs of the letters, the index, the packet), then the manifest.
        for f in docs:
            os.replace(pdfs[f["path"]], out / (f["path"][:-len(".docx")] + ".pdf"))
        if index is not None:
            os.replace(staging / Path(index["path"]).name, out / index["path"])
        rel = f"{rid}/{FILING}/{target.name}"
        os.replace(target, out / rel)
        if old["file"] != rel and (out / old["file"]).is_file():
            (out / old["file"]).unlink()
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    _update_manifest(out / MANIFEST, data, rid, rel, info, _sha256)
    return Rebuilt(out / rel, info.pages, info.first, info.last, notices)


def _pages(pdf: Path) -> int:
    import pikepdf

    with pikepdf.open(pdf) as doc:
        return len(doc.pages)


def _moved(old: dict[str, Any], info: Any, letters: list[Path], docx_text: Any) -> list[str]:
    """The letters that cite an exhibit page number the rebuild moved."""
    before = {e["label"]: (e["first"], e["last"]) for e in old.get("exhibits", [])}
    after = {e.label: (e.first, e.last) for e in info.exhibits}
    stale = [n for label, pair in before.items() if after.get(label) != pair for n in pair]
    if not stale:
        return []
    return [f"{p.name} cites exhibit page numbers that moved (e.g. {next(n for n in stale if n in docx_text(p))}): "
            "correct them in the letter, then run this command again"
            for p in letters if any(n in docx_text(p) for n in stale)]


def _update_manifest(path: Path, data: dict[str, Any], rid: str, rel: str, info: Any, sha256: Any) -> None:
    out = path.parent
    old_file = data["packets"][rid]["file"]
    data["packets"][rid] = {"file": rel, **{k: v for k, v in info.to_json().items() if k != "file"}}
    for f in data["files"]:
        if f["path"] == old_file:
            f["path"] = rel
        if (out / f["path"]).is_file():
            f["size"] = (out / f["path"]).stat().st_size
            f["sha256"] = sha256(out / f["path"])
        if f["path"] == rel:
            f["pages"] = info.pages
    fd, tmp = tempfile.mkstemp(prefix=".manifest-", dir=out)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")
    os.replace(tmp, path)
