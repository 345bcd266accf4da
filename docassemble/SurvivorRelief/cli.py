"""The ``survivorrelief`` command: check a case file, show the packs, screen, compute, assemble.

Exit codes (contract section 2): 0 done; 2 the input is wrong (every problem on stderr with its
field path); 1 anything else. No traceback reaches the user unless ``--debug`` is given, and no
survivor data is ever printed in an error.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path
from typing import Any, Callable

import click
from rich.console import Console
from rich.table import Table

from .cases import case_json_schema, load_case
from .errors import InputError
from .packs import load_packs, read_packs

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def emit_json(data: Any) -> None:
    """Print one JSON object on stdout and nothing else (contract section 2)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def guarded(func: Callable[..., Any]) -> Callable[..., Any]:
    """Turn InputError into exit 2 and any other failure into exit 1, without a traceback."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        debug = click.get_current_context().find_root().params.get("debug", False)
        try:
            return func(*args, **kwargs)
        except InputError as exc:
            for line in exc.lines():
                err.print(f"error: {line}", markup=False)
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if debug:
                raise
            err.print(f"error: an unexpected {exc.__class__.__name__} stopped the command; "
                      "run again with --debug for details (the details may contain case data).", markup=False)
            sys.exit(1)

    return wrapper


def case_argument(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path))(func)


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON object (the contract).")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks (may print case data).")
@click.version_option(package_name="docassemble.SurvivorRelief")
def main(debug: bool) -> None:
    """Remedies for survivors of human trafficking, from one case file."""


@main.command()
@case_argument
@json_option
@guarded
def check(case_file: Path, as_json: bool) -> None:
    """Validate a case file; list what is still needed for each remedy."""
    packs = load_packs()
    case = load_case(case_file, packs.ids())
    missing = missing_information(case, packs)
    if as_json:
        emit_json({"case_id": case.case_id, "valid": True, "as_of": case.today.isoformat(),
                   "missing": missing})
        return
    out.print(f"ok: {case_file.name}: case {case.case_id} is valid (as of {case.today.isoformat()})",
              markup=False)
    for remedy_id, fields in missing.items():
        if fields:
            out.print(f"  {remedy_id}: still needed: {', '.join(fields)}", markup=False)


def missing_information(case: Any, packs: Any) -> dict[str, list[str]]:
    """Fields still needed for each remedy of the case's jurisdictions (from screening)."""
    from .rules.screen import screen

    result = screen(case, packs)
    return {r.id: list(r.needs_information) for r in result.remedies}


@main.command()
@guarded
def schema() -> None:
    """Print the JSON Schema of the case file."""
    emit_json(case_json_schema())


@main.group()
def jurisdictions() -> None:
    """The jurisdiction packs: list, show, validate."""


@jurisdictions.command("list")
@json_option
@guarded
def jurisdictions_list(as_json: bool) -> None:
    """List every pack with its parent."""
    packs = load_packs()
    rows = [{"id": p.id, "name": p.name, "parent": p.parent, "remedies": sorted(p.remedies),
             "file": packs.files[p.id].name} for p in packs]
    if as_json:
        emit_json({"jurisdictions": rows})
        return
    table = Table("id", "name", "parent", "remedies")
    for row in rows:
        table.add_row(row["id"], row["name"], row["parent"] or "", ", ".join(row["remedies"]))
    out.print(table)


@jurisdictions.command("show")
@click.argument("jid")
@json_option
@guarded
def jurisdictions_show(jid: str, as_json: bool) -> None:
    """Show one pack: remedies, parameters (with their history), deadlines, sources."""
    packs = load_packs()
    if jid not in packs:
        raise InputError([_unknown(jid, packs.ids())], source="jurisdiction")
    pack = packs.get(jid)
    if as_json:
        data = pack.model_dump(mode="json")
        data["chain"] = [p.id for p in packs.chain(jid)]
        emit_json(data)
        return
    chain = " -> ".join(p.id for p in packs.chain(jid))
    out.print(f"[bold]{pack.name}[/bold] ({chain})")
    if pack.summary:
        out.print(pack.summary, markup=False)
    for rid, remedy in pack.remedies.items():
        out.print(f"\n[bold]{rid}[/bold]: {remedy.name}")
        for el in remedy.elements:
            cites = "; ".join(f"{s.cite} [{s.confidence}]" for s in el.sources)
            out.print(f"  - {el.label} ({cites})", markup=False)
    if pack.parameters:
        table = Table("parameter", "since", "value", "confidence", title="Dated values")
        for name, param in pack.parameters.items():
            for v in param.history():
                table.add_row(name, v.since.isoformat(), str(v.value), v.confidence)
        out.print(table)
    if pack.deadlines:
        table = Table("deadline", "kind", "starts at", "counting", title="Deadlines and periods")
        for d in pack.deadlines:
            table.add_row(d.id, d.kind, d.start, d.counting)
        out.print(table)


def _unknown(jid: str, known: list[str]) -> Any:
    from .errors import Problem

    return Problem("id", f"unknown jurisdiction {jid!r} (known: {', '.join(known)})")


@jurisdictions.command("validate")
@click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="A packs folder other than the installed one.")
@guarded
def jurisdictions_validate(folder: Path | None) -> None:
    """Check every pack against the schema; exit 2 naming the file and key of each problem."""
    packs, errors = read_packs(folder)
    errors += unknown_checks(packs)
    if errors:
        for line in errors:
            err.print(f"error: {line}", markup=False)
        sys.exit(2)
    out.print(f"ok: {len(packs.ids())} packs valid: {', '.join(packs.ids())}", markup=False)


def unknown_checks(packs: Any) -> list[str]:
    """Elements that name a check the rules engine does not have, and deadlines with unknown events."""
    from .rules import registry

    return registry.pack_problems(packs)


if __name__ == "__main__":  # pragma: no cover
    main()
