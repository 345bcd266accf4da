"""The ``survivorrelief`` command: check a case file, show the packs, screen, compute, assemble.

Exit codes (contract section 2): 0 done; 2 the input is wrong (every problem on stderr with its
field path); 1 anything else. No traceback reaches the user unless ``--debug`` is given, and no
survivor data is ever printed in an error.
"""

from __future__ import annotations

import functools
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from . import safeio, sealing
from .cases import Case, case_json_schema, load_case, remedy_ids
from .errors import InputError, Problem, ToolError
from .packs import Packs, load_packs, read_packs

MAX_PROBLEMS = 100   # lines of problems printed; a hostile file can have thousands
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
            lines = exc.lines()
            for line in lines[:MAX_PROBLEMS]:
                err.print(f"error: {line}", markup=False)
            if len(lines) > MAX_PROBLEMS:
                err.print(f"error: ... and {len(lines) - MAX_PROBLEMS} more problems", markup=False)
            sys.exit(2)
        except ToolError as exc:
            err.print(f"error: {exc}", markup=False)
            sys.exit(1)
        except KeyboardInterrupt:
            err.print("error: interrupted; nothing was written", markup=False)
            sys.exit(130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:  # noqa: BLE001 - the last line of defence for users
            if debug:
                raise
            err.print(f"error: an unexpected {exc.__class__.__name__} stopped the command; "
                      "run again with --debug for details (the details may contain case data).", markup=False)
            sys.exit(1)

    return wrapper


def read_case(case_file: Path) -> tuple[Packs, Case]:
    """The packs and the checked case: every case command starts here."""
    packs = load_packs()
    return packs, load_case(case_file, packs.ids(), remedy_ids(packs))


def case_argument(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.argument("case_file", type=click.Path(dir_okay=False, path_type=Path))(func)


def json_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--json", "as_json", is_flag=True, help="Print one JSON object (the contract).")(func)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show tracebacks (may print case data).")
@click.version_option(package_name="docassemble.SurvivorRelief")
def main(debug: bool) -> None:
    """Remedies for survivors of human trafficking, from one case file.

    A sealed case file (`survivorrelief seal`) is read like a plain one; the passphrase comes from
    SURVIVORRELIEF_PASSPHRASE or is asked for on the terminal.
    """
    safeio.unwind_on_sigterm()
    if debug:
        err.print("debug: tracebacks are shown and may contain case data; do not share them.", markup=False)


@main.command()
@case_argument
@json_option
@guarded
def check(case_file: Path, as_json: bool) -> None:
    """Validate a case file; list what is still needed for each remedy."""
    packs, case = read_case(case_file)
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


def missing_information(case: Case, packs: Packs) -> dict[str, list[str]]:
    """Fields still needed for each remedy of the case's jurisdictions (from screening)."""
    from .rules.screen import screen

    result = screen(case, packs)
    return {r.id: list(r.needs_information) for r in result.remedies}


@main.command("screen")
@case_argument
@json_option
@guarded
def screen_command(case_file: Path, as_json: bool) -> None:
    """Screen every remedy of the case's jurisdictions (and their parents), element by element, and family."""
    from .rules.screen import screen

    packs, case = read_case(case_file)
    result = screen(case, packs)
    if as_json:
        emit_json(result.to_json())
        return
    result.render(out)


@main.command("restitution")
@case_argument
@json_option
@click.option("--liquidated", is_flag=True,
              help="Add FLSA liquidated damages (29 U.S.C. 216(b); Edwards binds only in the 4th Circuit).")
@click.option("--no-wage-credit", "no_wage_credit", is_flag=True, help="Do not credit wages actually paid.")
@click.option("--small-employer", "small_employer", flag_value=True, default=None,
              help="California: use the minimum wage for employers of 25 or fewer employees (differed until 2022).")
@click.option("--locale", default=None, help="Locale for money and dates (default: the case's, else en_US).")
@guarded
def restitution_command(case_file: Path, as_json: bool, liquidated: bool, no_wage_credit: bool,
                        small_employer: bool | None, locale: str | None) -> None:
    """Criminal restitution: 18 U.S.C. 1593 in a federal case, Cal. Penal Code 1202.4 in a California state
    case (both, marked, when the forum is not recorded); the labor valued week by week, plus losses."""
    from .rules.restitution_forum import restitution_report

    packs, case = read_case(case_file)
    try:
        report = restitution_report(case, packs, liquidated=liquidated, wage_credit=not no_wage_credit,
                                    small_employer=small_employer)
    except InputError as exc:
        raise InputError(exc.problems, source=exc.source or str(case_file)) from None
    if as_json:
        emit_json(report.to_json())
        return
    print_report(report, locale or case.locale)


def print_report(report: Any, locale: str | None) -> None:
    """Each computation shown for the case, or why restitution is not applicable."""
    from rich.text import Text

    from .formatting import locale_of

    locale_of(locale)
    if not report.applicable:
        out.print(Text(f"Restitution for case {report.case_id}: not applicable.", style="bold"))
        out.print(Text(report.reason))
        for item in report.needs_information:
            out.print(Text(f"still needed: {item}", style="yellow"))
        return
    for n, shown in enumerate(report.shown):
        if n:
            out.print("")
        if shown.applies != "yes":
            out.print(Text(f"Depends on the forum: {shown.reason}", style="bold yellow"))
        if shown.remedy == "us.restitution_1593":
            print_restitution(shown.result, locale)
        else:
            print_california(shown.result, locale)


def _weeks_table(weeks: list[Any], title: str, usd: Callable[[Any], str], locale: str | None,
                 overtime: Callable[[Any], str]) -> Table:
    """The weeks, the first and last five with a count between when there are more than twelve."""
    from rich.text import Text

    from .formatting import date

    table = Table(title=title)
    table.add_column("week from", no_wrap=True)
    for name in ("hours", "minimum wage", "regular rate", "overtime hours", "value"):
        table.add_column(name)
    shown = weeks if len(weeks) <= 12 else weeks[:5] + [None] + weeks[-5:]
    for w in shown:
        if w is None:
            table.add_row(Text(f"... {len(weeks) - 10} more weeks ..."), "", "", "", "", "")
            continue
        row = w.to_json()
        wage = " / ".join(usd(r) for _d, r in w.rates) if w.rates else "none in the pack"
        rate = row["regular_rate"] or ""
        if row["regular_rate_method"] == "weighted_average":
            rate += " (weighted average)"
        table.add_row(Text(date(w.start, locale, "medium") + (" (partial)" if row["partial"] else "")),
                      row["hours"], Text(wage), Text(rate), overtime(row), usd(w.value))
    return table


def _tail(result: Any) -> None:
    """Still needed, warnings, the rules applied, sources and notes of a restitution result."""
    from rich.text import Text

    for item in result.needs_information:
        out.print(Text(f"still needed: {item}", style="yellow"))
    for item in result.warnings:
        out.print(Text(f"warning: {item}", style="yellow"))
    out.print(Text("Method:", style="bold"))
    for c in result.to_json()["computation"]:
        out.print(Text(f"  - {c['rule']} ({c['cite']}) [{c['confidence']}]"))
    out.print(Text("Sources:", style="bold"))
    for s in result.sources:
        flag = "  <- UNVERIFIED" if s.confidence == "UNVERIFIED" else ""
        out.print(Text(f"  - {s.cite} [{s.confidence}]{flag}"))
    out.print(Text("Notes:", style="bold"))
    for note in result.notes:
        out.print(Text(f"  - {note}"))


def print_restitution(result: Any, locale: str | None) -> None:
    """The §1593 figures for a person: weeks (first and last when long), totals, method, sources, notes."""
    from rich.text import Text

    from .formatting import date, money

    cur = result.currency

    def usd(value: Any) -> str:
        return "unknown" if value is None else money(value, cur, locale)

    out.print(Text(f"18 U.S.C. 1593 restitution, case {result.case_id}, as of {date(result.as_of, locale)}",
                   style="bold"))
    if result.weeks:
        out.print(_weeks_table(result.weeks, f"FLSA value, {len(result.weeks)} workweeks", usd, locale,
                               lambda row: row["overtime_hours"]))
    _totals([("FLSA value (minimum wage and overtime)", result.flsa_value), ("Wages paid", result.wages_paid),
             ("Wages credited (week by week)", result.wages_credited), ("FLSA unpaid", result.flsa_unpaid),
             ("FLSA side used" + (" (wages credited)" if result.wage_credit else " (wages not credited)"),
              result.flsa_measure),
             ("Liquidated damages (29 U.S.C. 216(b))", result.liquidated_damages),
             ("Defendant's gross income", result.defendant_gross_income),
             (f"Labor component (greater of; method: {result.method})", result.labor_component),
             ("Other losses", result.losses_total), ("Total", result.total)], usd)
    _tail(result)


def _totals(lines: list[tuple[str, Any]], usd: Any) -> None:
    """The totals table of a restitution computation: one labelled amount a line."""
    from rich.text import Text

    totals = Table("line", "amount", title="Totals")
    for label, value in lines:
        totals.add_row(Text(label), usd(value))
    out.print(totals)


def print_california(result: Any, locale: str | None) -> None:
    """The Penal Code 1202.4 figures for a person, in the same layout as §1593."""
    from rich.text import Text

    from .formatting import date, money

    def usd(value: Any) -> str:
        return "unknown" if value is None else money(value, result.currency, locale)

    out.print(Text(f"California Penal Code 1202.4 restitution, case {result.case_id}, as of "
                   f"{date(result.as_of, locale)}", style="bold"))
    if result.weeks:
        out.print(_weeks_table(
            result.weeks, f"Value under California minimum-wage and overtime law, {len(result.weeks)} workweeks",
            usd, locale, lambda row: f"{row['overtime_hours']} at 1.5x, {row['double_time_hours']} at 2x"))
    _totals([("Value under California minimum-wage and overtime law", result.wage_law_value),
             ("Wages paid", result.wages_paid), ("Wages credited (week by week)", result.wages_credited),
             ("Wage-law value unpaid", result.wage_law_unpaid),
             ("Defendant's income from the labor", result.defendant_gross_income),
             (f"Labor component (greater of; method: {result.method})", result.labor_component),
             ("Other losses", result.losses_total), ("Total", result.total)], usd)
    _tail(result)


@main.command("deadlines")
@case_argument
@json_option
@click.option("--ics", "ics_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Also write the open deadlines to this calendar file (.ics).")
@guarded
def deadlines_command(case_file: Path, as_json: bool, ics_file: Path | None) -> None:
    """Filing deadlines and reflection/recovery periods, with how each date was computed."""
    from .ics import to_ics
    from .rules.deadlines import NO_ROLLOVER, deadlines

    packs, case = read_case(case_file)
    result = deadlines(case, packs)
    if ics_file is not None:
        safeio.write_atomically(ics_file, to_ics(result, case), "--ics", inputs=[case_file])
    if as_json:
        emit_json(result.to_json())
        if ics_file is not None:
            err.print(f"calendar written to {ics_file}", markup=False)
        return
    out.print(f"Deadlines for case {case.case_id} as of {case.today.isoformat()}", markup=False)
    table = Table("id", "kind", "due / period ends", "status", "confidence")
    for d in result.deadlines:
        if d.kind == "period":
            ends = ", ".join(f"{'min' if k == 'minimum_end' else 'max'} {v.isoformat()}" for k, v in d.ends())
        else:
            ends = d.due.isoformat() if d.due else ""
        table.add_row(d.id, d.kind, ends or "unknown", d.status, d.confidence)
    out.print(table)
    out.print(f"Counting: a length runs from its start date (30 days from a decision ends on the decision date + "
              f"30 days; a filing is open on its due date); months and years end on the same day of the month, "
              f"or the month's last day (31 Jan + 1 month = 28/29 Feb); {NO_ROLLOVER}.", markup=False)
    for d in result.deadlines:
        out.print(f"  {d.id}: {d.basis}", markup=False)
    for d in result.deadlines:
        if d.confidence == "UNVERIFIED":
            cites = "; ".join(s.cite for s in d.sources if s.confidence == "UNVERIFIED")
            out.print(f"[bold yellow]warning:[/bold yellow] {escape(d.id)} rests on an UNVERIFIED source; check it "
                      f"before relying on this date: {escape(cites)}")
    for n in result.not_applicable:
        out.print(f"  not applicable: {n.id}: {n.reason}", markup=False)
    if ics_file is not None:
        out.print(f"calendar written to {ics_file}", markup=False)


@main.command()
@case_argument
@json_option
@guarded
def evidence(case_file: Path, as_json: bool) -> None:
    """Evidence checklist per remedy: what covers each element, what is missing, the alternatives."""
    from .evidence import checklist, file_problems

    packs, case = read_case(case_file)
    result = checklist(case, packs)
    warnings = file_problems(case, case_file.parent)
    if as_json:
        data = result.to_json()
        data["file_warnings"] = [{"path": p.path, "message": p.message} for p in warnings]
        emit_json(data)
        return
    for remedy in result.remedies:
        out.print(f"\n{remedy.id}: {remedy.name}", markup=False, style="bold")
        if not remedy.needs:
            out.print("  (the pack has no evidence list for this remedy)", markup=False)
        for need in remedy.needs:
            flag = " [UNVERIFIED source]" if need.confidence == "UNVERIFIED" else ""
            label = need.label if need.element != "core" else f"{need.label}: {_short(need.items[0])}"
            if need.covered_by:
                out.print(f"  ok       {label}: covered by {', '.join(need.covered_by)}{flag}", markup=False)
                continue
            out.print(f"  MISSING  {label}{flag}", markup=False)
            out.print(f"           usual evidence: {'; '.join(need.items)}", markup=False)
            if need.alternatives:
                out.print(f"           alternatives: {'; '.join(need.alternatives)}", markup=False)
    for problem in warnings:
        err.print(f"warning: {problem}", markup=False)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


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
        raise InputError([_unknown(packs.ids())], source="jurisdiction")
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


def _unknown(known: list[str]) -> Problem:
    return Problem("id", f"unknown jurisdiction (known: {', '.join(known)})")


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


@main.group("forms")
def forms_group() -> None:
    """Official USCIS form PDFs: download them, check them against their field maps, list them."""


def forms_dir_option(func: Callable[..., Any]) -> Callable[..., Any]:
    return click.option("--dir", "folder", type=click.Path(file_okay=False, path_type=Path), default=None,
                        help="The forms folder (default: $SURVIVORRELIEF_FORMS_DIR or the user cache).")(func)


FORMS_HINT = ("hint: download the current editions with `survivorrelief forms fetch{}`; when USCIS publishes "
              "a new edition its field map must be made first (templates/us/forms/README.md).")


@forms_group.command("list")
@forms_dir_option
@json_option
@guarded
def forms_list(folder: Path | None, as_json: bool) -> None:
    """List the forms with a field map, their edition and whether the folder holds a matching PDF."""
    from . import forms as official

    rows = official.status(folder)
    notes = official.pack_edition_notes()
    if as_json:
        emit_json({"forms": rows, "notes": notes})
        return
    table = Table("form", "edition", "pages", "mapped fields", "file", "state")
    for row in rows:
        table.add_row(row["form"], row["edition"], str(row["pages"]), str(row["mapped_fields"]), escape(row["path"]),
                      "ok" if not row["problems"] else "not usable: run forms verify")
    out.print(table)
    for note in notes:
        out.print(f"note: {note}", markup=False)


@forms_group.command("verify")
@forms_dir_option
@json_option
@guarded
def forms_verify(folder: Path | None, as_json: bool) -> None:
    """Check each PDF in the forms folder against its map; exit 2 naming the file that does not match."""
    from . import forms as official

    rows = official.status(folder)
    bad = [p for row in rows for p in row["problems"]]
    if as_json:
        emit_json({"ok": not bad, "forms": rows})
    else:
        for row in rows:
            if not row["problems"]:
                out.print(f"ok: {row['form']} ({row['edition']}): {row['path']}", markup=False)
        for line in bad:
            err.print(f"error: {line}", markup=False)
        if bad:
            err.print(FORMS_HINT.format(f" --dir {folder}" if folder else ""), markup=False)
    if bad:
        sys.exit(2)


@forms_group.command("fetch")
@forms_dir_option
@json_option
@guarded
def forms_fetch(folder: Path | None, as_json: bool) -> None:
    """Download each form from the address in the us pack; keep it only if it matches its field map."""
    from . import forms as official

    sources = official.pack_sources()
    dest = folder or official.forms_dir()
    outcomes = official.fetch(dest, {f: s.url for f, s in sources.items()})
    if as_json:
        emit_json({"dir": str(dest), "forms": [dict(o.to_json(), confidence=sources[o.form].confidence)
                                               for o in outcomes]})
    else:
        for o in outcomes:
            flag = f" [{sources[o.form].confidence}: address from {sources[o.form].parameter}]" \
                if sources[o.form].confidence != "V" else ""
            if o.ok:
                out.print(f"ok: {o.form}: {o.path}{flag}", markup=False)
            for line in o.problems:
                err.print(f"error: {line}{flag}", markup=False)
    if any(o.mismatch for o in outcomes):
        sys.exit(2)
    if not all(o.ok for o in outcomes):
        sys.exit(1)


@main.command("assemble")
@case_argument
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="A new (or empty) folder for the documents; written atomically.")
@click.option("--remedy", "remedies", multiple=True, metavar="ID",
              help="Assemble this remedy (repeatable); default: every remedy screening finds open.")
@click.option("--pdf", is_flag=True,
              help="Also convert the documents to PDF (LibreOffice) and add them to the packets.")
@click.option("--redact", is_flag=True,
              help="Also write redacted/ copies of third-party documents (no address, phone, A-number or birth date).")
@click.option("--forms-dir", "forms_dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where the blank USCIS PDFs are (default: $SURVIVORRELIEF_FORMS_DIR or the user cache).")
@click.option("--bates-prefix", "bates", default=None, metavar="PREFIX",
              help="Bates number prefix, 1 to 8 letters or digits (default: from the case id).")
@click.option("--final", is_flag=True,
              help="Refuse (exit 2, nothing written) while a filing document still says 'to be completed'.")
@guarded
def assemble_command(case_file: Path, out_dir: Path, remedies: tuple[str, ...], pdf: bool, redact: bool,
                     forms_dir: Path | None, bates: str | None, final: bool) -> None:
    """Make each open remedy's filing set (filing/) and preparer's memo (preparer/), with a manifest."""
    from .assembly import MANIFEST, assemble

    safeio.check_output_folder(out_dir, "--out")
    safeio.refuse_overwrite(out_dir, [case_file], "--out")

    def run(progress: Any = None) -> Any:
        return assemble(case_file, out_dir, remedies=list(remedies) or None, pdf=pdf, redact=redact,
                        forms_dir=forms_dir, progress=progress, bates=bates, final=final)

    if sys.stdout.isatty():
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(TextColumn("assembling"), BarColumn(), MofNCompleteColumn(),
                      TextColumn("{task.description}"), console=out, transient=True) as bar:
            task = bar.add_task("", total=None)

            def advance(label: str, done: int, total: int) -> None:
                bar.update(task, description=label, completed=done, total=total)

            manifest = run(advance)
    else:
        manifest = run()
    out.print(f"ok: case {manifest.case_id}: {len(manifest.files) + 1} files in {manifest.out_dir}", markup=False)
    for path in sorted(f.path for f in manifest.files):   # by remedy, then filing/ (in filing order), letters/, ...
        out.print(f"  {path}", markup=False)
    out.print(f"  {MANIFEST}", markup=False)
    for line in manifest.notices:
        err.print(f"warning: {line}", markup=False)
    rest = len(manifest.warnings) - len(manifest.notices)
    if rest:
        err.print(f"note: {rest} more warnings (UNVERIFIED values, information still missing) are listed in "
                  f"{manifest.out_dir / MANIFEST}", markup=False)


@main.command("seal")
@case_argument
@guarded
def seal_command(case_file: Path) -> None:
    """Seal a case file with a passphrase (AES-256-GCM, scrypt); the plain file is replaced atomically.

    The passphrase comes from SURVIVORRELIEF_PASSPHRASE or is typed twice at the terminal; it is never an
    argument. Without it the file cannot be opened by anyone, this tool included: keep it safe.
    """
    case_file = _in_place(case_file)
    data = safeio.read_limited(case_file)
    if sealing.is_sealed(data):
        raise InputError([Problem("(file)", "already sealed (nothing was changed)")], source=str(case_file))
    kind = "json" if case_file.suffix.lower() == ".json" else "yaml"
    from .cases import parse_case

    parse_case(safeio.parse_text(safeio.decode_text(data, str(case_file)), kind, str(case_file), dates_as_text=True),
               source=str(case_file))
    passphrase = sealing.passphrase_from_env_or_prompt(confirm=True)
    sealed = sealing.seal(data, passphrase, kind)
    sealing.unseal(sealed, passphrase, str(case_file))
    safeio.write_atomically(case_file, sealed, "CASE_FILE")
    out.print(f"ok: {case_file.name} is sealed; every command reads it with the passphrase", markup=False)


def _in_place(case_file: Path) -> Path:
    """The file itself, through any link; refused when another hard link would keep the old contents."""
    target = case_file.resolve() if case_file.is_symlink() else case_file
    if target.is_file() and target.stat().st_nlink > 1:
        raise InputError([Problem("(file)", "has other hard links, which would keep a copy of the old contents: "
                                            "copy the file and seal the copy (nothing was changed)")],
                         source=str(case_file))
    return target


@main.command("unseal")
@case_argument
@guarded
def unseal_command(case_file: Path) -> None:
    """Replace a sealed case file with its plain text (atomically), e.g. to edit it by hand; seal it again after."""
    case_file = _in_place(case_file)
    data = safeio.read_limited(case_file)
    if not sealing.is_sealed(data):
        raise InputError([Problem("(file)", "not sealed (nothing was changed)")], source=str(case_file))
    plain, _kind = sealing.unseal(data, sealing.passphrase_from_env_or_prompt(), str(case_file))
    safeio.write_atomically(case_file, plain, "CASE_FILE")
    out.print(f"ok: {case_file.name} is plain text now: anyone who can read the file can read the case", markup=False)


@main.command("packet")
@click.argument("remedy_dir", type=click.Path(exists=True, file_okay=False, path_type=Path))
@guarded
def packet_command(remedy_dir: Path) -> None:
    """Rebuild OUT/<remedy>/filing's packet after the DOCX files there were edited (convert, merge, renumber)."""
    from .rebuild import rebuild

    made = rebuild(remedy_dir)
    out.print(f"ok: {made.path} ({made.pages} pages, {made.first} to {made.last})", markup=False)
    for line in made.notices:
        err.print(f"warning: {line}", markup=False)


if __name__ == "__main__":  # pragma: no cover
    main()
