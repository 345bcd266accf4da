"""Hostile and careless input through the real command (issue 12): every case gets exit 2 and a message
naming the field or file, nothing is written or changed in its folder, and no survivor value is printed.

Each row: an id, what to build in an empty folder, the command, the text the message must hold. The
rows run in-process through click's runner (the same ``main`` the ``survivorrelief`` script calls);
tests/badinput/test_interrupts.py runs the real script for signals and terminals.
"""

from __future__ import annotations

import copy
import datetime as dt
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from docassemble.SurvivorRelief import sealing
from docassemble.SurvivorRelief.cli import main
from tests.helpers import EXAMPLES

BASE = yaml.safe_load((EXAMPLES / "tx-labor-adult.case.yml").read_text(encoding="utf-8"))
SECRET = "Zorina Fictitia"
# Values from the base case that must never reach the output of a failing command.
SURVIVOR_VALUES = ["Mateo", "Ejemplo", "Example Lane", "Quetzaltenango", "1994-03-15", "555 0100", SECRET, "Zorina"]
PASSPHRASE = "correct horse battery staple"


def _json_default(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def _set(data: dict[str, Any], path: str, value: Any) -> None:
    node: Any = data
    parts = path.replace("]", "").replace("[", ".").split(".")
    for part in parts[:-1]:
        node = node[int(part)] if part.isdigit() else node.setdefault(part, {})
    last = parts[-1]
    if last.isdigit():
        node[int(last)] = value
    else:
        node[last] = value


def yaml_case(path: str, value: Any) -> Callable[[Path], list[str]]:
    """The example case with one value changed, as YAML (the value written as safe_dump writes it)."""
    def build(tmp: Path) -> list[str]:
        data = copy.deepcopy(BASE)
        _set(data, path, value)
        f = tmp / "case.yml"
        f.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        return ["check", str(f)]
    return build


def json_case(path: str, value: Any) -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        data = copy.deepcopy(BASE)
        _set(data, path, value)
        f = tmp / "case.json"
        f.write_text(json.dumps(data, default=_json_default, ensure_ascii=False), encoding="utf-8")
        return ["check", str(f)]
    return build


def raw(text: str | bytes, name: str = "case.yml", command: str = "check") -> Callable[[Path], list[str]]:
    """A file with exactly these bytes."""
    def build(tmp: Path) -> list[str]:
        f = tmp / name
        f.write_bytes(text.encode("utf-8", "surrogatepass") if isinstance(text, str) else text)
        return [command, str(f)]
    return build


def line_in_example(old: str, new: str, name: str = "case.yml") -> Callable[[Path], list[str]]:
    """The example file's own text with one line changed: for values safe_dump would quote."""
    text = (EXAMPLES / "tx-labor-adult.case.yml").read_text(encoding="utf-8")
    assert old in text, old
    return raw(text.replace(old, new, 1), name)


def minimal(extra: str = "", name: str = "case.yml") -> str:
    return ("case_id: hostile-1\nas_of: 2026-06-01\njurisdictions: [us]\n"
            f"survivor: {{name: {{first: Zorina, last: Fictitia}}, date_of_birth: 1994-03-15}}\n{extra}")


def nested_yaml(depth: int) -> str:
    return "case_id: deep\nsurvivor: " + "[" * depth + "]" * depth + "\n"


@dataclass
class Row:
    id: str
    build: Callable[[Path], list[str]]
    where: str          # field path or file part the message must name
    words: str          # words the message must hold
    code: int = 2
    env: dict[str, str] | None = None


def _sealed(tmp: Path, change: Callable[[bytes], bytes] = lambda b: b, text: str | None = None) -> Path:
    f = tmp / "case.yml"
    plain = (text or minimal()).encode()
    f.write_bytes(change(sealing.seal(plain, PASSPHRASE, "yaml", log2_n=14)))
    return f


def sealed(change: Callable[[bytes], bytes] = lambda b: b, command: str = "check") -> Callable[[Path], list[str]]:
    def build(tmp: Path) -> list[str]:
        return [command, str(_sealed(tmp, change))]
    return build


def with_file(case_text: str, files: dict[str, bytes | None], command: list[str],
              links: dict[str, str] | None = None) -> Callable[[Path], list[str]]:
    """A case folder with evidence files (None: a folder), links (name -> target) and a command on it."""
    def build(tmp: Path) -> list[str]:
        case = tmp / "case" / "case.yml"
        case.parent.mkdir()
        case.write_text(case_text, encoding="utf-8")
        for name, data in files.items():
            target = tmp / name
            target.parent.mkdir(parents=True, exist_ok=True)
            if data is None:
                target.mkdir()
            else:
                target.write_bytes(data)
        for name, to in (links or {}).items():
            (tmp / name).symlink_to(tmp / to)
        return [part.format(case=case, tmp=tmp) for part in command]
    return build


PDF = (EXAMPLES / "evidence" / "passport.pdf").read_bytes() if (EXAMPLES / "evidence" / "passport.pdf").exists() \
    else next((EXAMPLES / "evidence").glob("*.pdf")).read_bytes()
JPEG = next((EXAMPLES / "evidence").glob("*.jpg")).read_bytes() if list((EXAMPLES / "evidence").glob("*.jpg")) \
    else None


def _jpeg() -> bytes:
    if JPEG:
        return JPEG
    import io

    from PIL import Image

    buf = io.BytesIO()
    Image.new("RGB", (400, 300), "gray").save(buf, "JPEG")
    return buf.getvalue()


def _hard_linked(tmp: Path) -> list[str]:
    args = raw(minimal(), command="seal")(tmp)
    os.link(tmp / "case.yml", tmp / "other-name.yml")
    return args


def evidence_case(file: str) -> str:
    return minimal(f"evidence: [{{id: e1, kind: identity_document, file: {json.dumps(file)}}}]\n")


OUTSIDE = b"%PDF-1.4 secret of another case"
ASSEMBLE = ["assemble", "{case}", "--out", "{tmp}/out"]

ROWS: list[Row] = [
    # --- syntax, structure and size --------------------------------------------------------------------
    Row("yaml-duplicate-key-top", raw(minimal() + "case_id: hostile-2\n"), "(syntax)", "duplicate key"),
    Row("yaml-duplicate-in-flow", raw(minimal("law_enforcement: {reported: false, reported: true}\n")), "(syntax)",
        "duplicate key"),
    Row("yaml-duplicate-nested", line_in_example("    safe_to_call: false",
                                                 "    safe_to_call: false\n    safe_to_call: true"),
        "(syntax)", "duplicate key"),
    Row("json-duplicate-key", raw('{"case_id": "a", "survivor": {"contact": {"safe_to_call": false, '
                                  '"safe_to_call": true}}}', "case.json"), "(syntax)", "duplicate key"),
    Row("yaml-10000-deep-lists", raw(nested_yaml(10000)), "(syntax)", "nested"),
    Row("yaml-10000-deep-maps", raw("case_id: deep\nsurvivor: " + "{a: " * 10000 + "1" + "}" * 10000 + "\n"),
        "(syntax)", "nested"),
    Row("yaml-40-deep", raw(nested_yaml(40)), "(file)", "nested more than 32"),
    Row("json-10000-deep-lists", raw('{"case_id": "x", "survivor": ' + "[" * 10000 + "]" * 10000 + "}", "case.json"),
        "(syntax)", "nested"),
    Row("json-10000-deep-maps", raw('{"case_id": "x", "survivor": ' + '{"a": ' * 10000 + "1" + "}" * 10001,
                                    "case.json"), "(syntax)", "nested"),
    Row("json-40-deep", raw('{"case_id": "x", "s": ' + "[" * 40 + "]" * 40 + "}", "case.json"), "(file)", "nested"),
    Row("yaml-alias-bomb", raw("case_id: bomb\na: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, "
        f"*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n"
        for i in range(8))), "(file)", "more than"),
    Row("yaml-5000-digit-amount", raw(minimal("losses: [{kind: medical, amount: {amount: " + "9" * 5000 +
                                              ", currency: USD}}]\n")), "(syntax)", "more than 30 digits"),
    Row("json-5000-digit-amount", raw('{"case_id": "x", "losses": [{"kind": "medical", "amount": {"amount": ' +
                                      "9" * 5000 + ', "currency": "USD"}}]}', "case.json"),
        "(syntax)", "more than 30 digits"),
    Row("json-5000-digit-float", raw('{"case_id": "x", "losses": [{"kind": "medical", "amount": {"amount": 1.' +
                                     "9" * 5000 + ', "currency": "USD"}}]}', "case.json"),
        "(syntax)", "more than 30 digits"),
    Row("json-1e400-amount", raw('{"case_id": "x", "losses": [{"kind": "medical", "amount": {"amount": 1e400, '
                                 '"currency": "USD"}}]}', "case.json"), "losses[0].amount.amount", "trillion"),
    Row("yaml-1e400-amount", raw(minimal("losses: [{kind: medical, amount: {amount: 1e400, currency: USD}}]\n")),
        "losses[0].amount.amount", "not an amount"),
    Row("yaml-1.0e400-amount", raw(minimal("losses: [{kind: medical, amount: {amount: 1.0e+400, currency: USD}}]\n")),
        "losses[0].amount.amount", "finite"),
    Row("yaml-inf-amount", raw(minimal("losses: [{kind: medical, amount: {amount: .inf, currency: USD}}]\n")),
        "losses[0].amount.amount", "finite"),
    Row("yaml-nan-amount", raw(minimal("losses: [{kind: medical, amount: {amount: .nan, currency: USD}}]\n")),
        "losses[0].amount.amount", "finite"),
    Row("json-NaN", raw('{"case_id": "x", "losses": [{"kind": "medical", "amount": {"amount": NaN, '
                        '"currency": "USD"}}]}', "case.json"), "(syntax)", "NaN"),
    Row("json-Infinity", raw('{"case_id": "x", "as_of": Infinity}', "case.json"), "(syntax)", "Infinity"),
    Row("hours-1e400", yaml_case("trafficking[0].work.hours_per_week", "1e400"),
        "trafficking[0].work.hours_per_week", "168"),
    Row("hours-nan", yaml_case("trafficking[0].work.hours_per_week", "NaN"), "trafficking[0].work.hours_per_week",
        "finite"),
    Row("not-utf8", raw("case_id: x\nsurvivor: {name: {first: Zorina}}\n".encode("latin-1") + b"\xe9\xff\n"),
        "(file)", "not UTF-8"),
    Row("utf16-file", raw(minimal().encode("utf-16")), "(file)", "not UTF-8"),
    Row("empty-file", raw(""), "(top level)", "mapping"),
    Row("only-a-comment", raw("# Zorina Fictitia\n"), "(top level)", "mapping"),
    Row("a-folder", lambda tmp: (tmp / "case.yml").mkdir() or ["check", str(tmp / "case.yml")], "CASE_FILE",
        "is a directory"),
    Row("missing-file", lambda tmp: ["check", str(tmp / "nope.yml")], "(file)", "file not found"),
    Row("too-large", raw(minimal() + "# " + "x" * (10 * 1024 * 1024) + "\n"), "(file)", "larger than 10 MB"),
    Row("png-as-yaml", raw(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4), "(file)", "UTF-8"),
    Row("python-tag", raw("case_id: !!python/object/apply:os.system ['echo Zorina']\n"), "(syntax)",
        "YAML error"),
    Row("top-level-list", raw("- Zorina Fictitia\n- 100 Example Lane\n"), "(top level)", "mapping"),
    Row("top-level-text", raw("Zorina Fictitia lives at 100 Example Lane\n"), "(top level)", "mapping"),
    Row("json-top-level-text", raw('"Zorina Fictitia"', "case.json"), "(top level)", "mapping"),
    Row("json-truncated", raw('{"case_id": "x", "survivor": {"name": {"first": "Zorina"', "case.json"),
        "(syntax)", "JSON error"),
    Row("yaml-tab-indent", raw("case_id: x\nsurvivor:\n\tname: Zorina\n"), "(syntax)", "line 3"),
    Row("yaml-unclosed-quote", raw('case_id: x\nsurvivor: {name: {first: "Zorina}}\n'), "(syntax)", "YAML error"),
    Row("undefined-alias-a-name", raw("case_id: x\nsurvivor: *ZorinaFictitia\n"), "(syntax)", "undefined alias"),
    Row("unknown-tag-a-name", raw("case_id: !ZorinaFictitia x\n"), "(syntax)", "constructor for the tag"),
    Row("duplicate-anchor-a-name", raw("case_id: x\na: &ZorinaF 1\nb: &ZorinaF 2\n"), "(syntax)",
        "second occurrence"),
    Row("recursive-alias", raw("case_id: x\nsurvivor: &a {name: *a}\n"), "(file)", "more than"),
    Row("name-as-key", raw("case_id: x\nsurvivor:\n  Zorina: yes\n"), "survivor.<key>", "unknown field"),
    Row("a-fifo", lambda tmp: os.mkfifo(tmp / "case.yml") or ["check", str(tmp / "case.yml")], "(file)",
        "not a file"),
    Row("dev-zero", lambda tmp: ["check", "/dev/zero"], "(file)", "not a file"),
    Row("thousands-of-problems", raw("case_id: x\nhardship: 1\nlosses:\n" + "  - {kind: medical}\n" * 3000),
        "... and", "more problems"),
    Row("evidence-nul-in-name", with_file(evidence_case("pass\u0000port.pdf"), {}, ASSEMBLE), "evidence[0].file",
        "not a usable file name"),
    Row("evidence-name-too-long", with_file(evidence_case("x" * 300 + ".pdf"), {}, ASSEMBLE), "evidence[0].file",
        "cannot be opened"),
    Row("sentence-as-key", raw("case_id: x\nsurvivor:\n  Zorina Fictitia lives at 100 Example Lane: yes\n"),
        "survivor.<key>", "unknown field"),
    Row("lone-surrogate-json", raw('{"case_id": "x", "survivor": {"name": {"first": "Zor\\ud800ina"}}}', "case.json"),
        "survivor.name.first", "surrogate"),
    Row("lone-surrogate-key", raw('{"case_id": "x", "survivor": {"na\\udc00me": "Zorina"}}', "case.json"),
        "survivor", "key"),
    Row("lone-low-surrogate-in-list", raw('{"case_id": "x", "hardship": ["fine", "cut \\udc00 here"]}', "case.json"),
        "hardship[1]", "surrogate"),
    Row("surrogate-in-statement", raw('{"case_id": "x", "statement": {"sections": {"escape": "ran \\ud83d"}}}',
                                      "case.json"), "statement.sections.escape", "surrogate"),
    Row("text-too-long", raw(minimal("statement: {sections: {recruitment: " + "a" * 100_001 + "}}\n")),
        "statement.sections.recruitment", "at most 100000"),
    Row("name-is-a-mapping", yaml_case("survivor.name.first", {"Zorina": "Fictitia"}), "survivor.name.first",
        "string"),
    Row("case-not-a-mapping-inside", yaml_case("survivor", ["Zorina Fictitia"]), "survivor", "dictionary"),
    # --- dates ---------------------------------------------------------------------------------------
    Row("feb-30-plain-yaml", line_in_example("    start: 2019-01-07", "    start: 2019-02-30"),
        "trafficking[0].start", "not a real date"),
    Row("month-13-plain-yaml", line_in_example("    start: 2019-01-07", "    start: 2019-13-01"),
        "trafficking[0].start", "not a real date"),
    Row("feb-29-non-leap", line_in_example("  date_of_birth: 1994-03-15", "  date_of_birth: 1993-02-29"),
        "survivor.date_of_birth", "not a real date"),
    Row("feb-30-json", json_case("trafficking[0].start", "2019-02-30"), "trafficking[0].start", "not a real date"),
    Row("dob-integer", line_in_example("  date_of_birth: 1994-03-15", "  date_of_birth: 19940315"),
        "survivor.date_of_birth", "not as a number"),
    Row("dob-zero", line_in_example("  date_of_birth: 1994-03-15", "  date_of_birth: 0"),
        "survivor.date_of_birth", "not as a number"),
    Row("dob-float", line_in_example("  date_of_birth: 1994-03-15", "  date_of_birth: 1994.0315"),
        "survivor.date_of_birth", "not as a number"),
    Row("dob-bool", line_in_example("  date_of_birth: 1994-03-15", "  date_of_birth: yes"),
        "survivor.date_of_birth", "not as a number"),
    Row("dob-json-number", json_case("survivor.date_of_birth", 763689600), "survivor.date_of_birth",
        "not as a number"),
    Row("year-1", line_in_example("    start: 2019-01-07", "    start: 0001-01-07"), "trafficking[0].start",
        "1900 to 2100"),
    Row("year-9999", line_in_example("    end: 2019-12-29", "    end: 9999-12-29"), "trafficking[0].end",
        "1900 to 2100"),
    Row("as-of-year-1", line_in_example("as_of: 2026-06-01", "as_of: 0001-01-01"), "as_of", "1900 to 2100"),
    Row("date-with-time", line_in_example("    start: 2019-01-07", "    start: 2019-01-07T10:30:00"),
        "trafficking[0].start", "YYYY-MM-DD"),
    Row("date-us-style", yaml_case("trafficking[0].start", "01/07/2019"), "trafficking[0].start", "YYYY-MM-DD"),
    Row("date-short", yaml_case("trafficking[0].start", "2019-1-7"), "trafficking[0].start", "YYYY-MM-DD"),
    Row("date-words", yaml_case("trafficking[0].start", "the winter Zorina left"), "trafficking[0].start",
        "YYYY-MM-DD"),
    Row("dob-in-future", line_in_example("  date_of_birth: 1994-03-15", "  date_of_birth: 2026-06-02"),
        "survivor.date_of_birth", "in the future"),
    Row("start-in-future", line_in_example("    start: 2019-01-07", "    start: 2027-01-07"),
        "trafficking[0].start", "in the future"),
    Row("end-in-future", line_in_example("    end: 2019-12-29", "    end: 2030-12-29"), "trafficking[0].end",
        "in the future"),
    Row("entry-in-future", line_in_example("    last_entry_date: 2019-01-05", "    last_entry_date: 2026-07-05"),
        "survivor.immigration.last_entry_date", "in the future"),
    Row("birth-after-entry", line_in_example("    last_entry_date: 2019-01-05", "    last_entry_date: 1990-01-05"),
        "survivor.date_of_birth", "after survivor.immigration.last_entry_date"),
    Row("birth-after-start", yaml_case("survivor.date_of_birth", "2019-06-01"), "survivor.date_of_birth",
        "after the start of trafficking[0]"),
    Row("end-before-start", yaml_case("trafficking[0].end", "2018-12-31"), "trafficking[0].end", "before start"),
    Row("report-in-future", yaml_case("law_enforcement.report_date", "2027-01-01"), "law_enforcement.report_date",
        "in the future"),
    Row("loss-in-future", yaml_case("losses[0].date", "2027-01-01"), "losses[0].date", "in the future"),
    Row("evidence-date-in-future", yaml_case("evidence[0].date", "2027-01-01"), "evidence[0].date", "in the future"),
    Row("identification-in-future", raw(minimal("identification: [{kind: police_indication, date: 2027-01-01}]\n")),
        "identification[0].date", "in the future"),
    Row("child-born-before-parent", raw(minimal("family: [{relationship: child, date_of_birth: 1980-01-01}]\n")),
        "family[0].date_of_birth", "before survivor.date_of_birth"),
    Row("request-before-contact", raw(minimal("law_enforcement: {contacts: [{agency: HSI, date: 2020-01-01, "
                                              "requests: [{date: 2019-01-01}]}]}\n")),
        "law_enforcement.contacts[0].requests[0].date", "before the first contact"),
    # --- money and numbers ---------------------------------------------------------------------------
    Row("european-money", yaml_case("losses[0].amount.amount", "1.234,50"), "losses[0].amount.amount",
        "not an amount"),
    Row("two-dots-money", yaml_case("losses[0].amount.amount", "1,234.5.6"), "losses[0].amount.amount",
        "not an amount"),
    Row("bad-grouping-money", yaml_case("losses[0].amount.amount", "12,34"), "losses[0].amount.amount",
        "not an amount"),
    Row("dollar-sign-money", yaml_case("losses[0].amount.amount", "$500"), "losses[0].amount.amount",
        "not an amount"),
    Row("words-money", yaml_case("losses[0].amount.amount", "five hundred, ask Zorina"), "losses[0].amount.amount",
        "not an amount"),
    Row("address-as-money", yaml_case("losses[0].amount.amount", "100 Example Lane"), "losses[0].amount.amount",
        "not an amount"),
    Row("bool-money", yaml_case("losses[0].amount.amount", True), "losses[0].amount.amount", "not an amount"),
    Row("list-money", yaml_case("losses[0].amount.amount", [1, 2]), "losses[0].amount.amount", "Decimal"),
    Row("negative-money", yaml_case("losses[0].amount.amount", "-5.00"), "losses[0].amount.amount", "negative"),
    Row("over-a-trillion", yaml_case("losses[0].amount.amount", "10000000000000"), "losses[0].amount.amount",
        "trillion"),
    Row("six-decimals", yaml_case("losses[0].amount.amount", "0.000001"), "losses[0].amount.amount", "decimals"),
    Row("currency-words", yaml_case("losses[0].amount.currency", "Dollars"), "losses[0].amount.currency",
        "unknown currency"),
    Row("currency-number", yaml_case("losses[0].amount.currency", 840), "losses[0].amount.currency", "string"),
    Row("wages-european", yaml_case("trafficking[0].work.wages_paid.amount", "1.234,50"),
        "trafficking[0].work.wages_paid.amount", "not an amount"),
    Row("hours-negative", yaml_case("trafficking[0].work.hours_per_week", -1), "trafficking[0].work.hours_per_week",
        "impossible"),
    Row("hours-words", yaml_case("trafficking[0].work.hours_per_week", "forty"), "trafficking[0].work.hours_per_week",
        "decimal"),
    Row("days-8", yaml_case("trafficking[0].work.days_per_week", 8), "trafficking[0].work.days_per_week", "7"),
    Row("child-of-huge", raw(minimal("family: [{relationship: child, child_of: " + "9" * 25 + "}]\n")),
        "family[0].child_of", "no family member"),
    # --- country, language and locale codes ---------------------------------------------------------
    Row("country-name", yaml_case("survivor.country_of_birth", "Guatemala"), "survivor.country_of_birth", "ISO 3166-1"),
    Row("country-ZZ", yaml_case("survivor.country_of_birth", "ZZ"), "survivor.country_of_birth", "ISO 3166-1"),
    Row("country-alpha3", yaml_case("survivor.immigration.passport_country", "GTM"),
        "survivor.immigration.passport_country", "ISO 3166-1"),
    Row("citizenship-EU", yaml_case("survivor.citizenship", ["GT", "EU"]), "survivor.citizenship[1]", "ISO 3166-1"),
    Row("address-country-USA", yaml_case("survivor.contact.physical_address.country", "USA"),
        "survivor.contact.physical_address.country", "ISO 3166-1"),
    Row("episode-country-name", yaml_case("trafficking[0].country", "United States"), "trafficking[0].country",
        "ISO 3166-1"),
    Row("family-country-name", raw(minimal("family: [{relationship: child, location_country: Mexico}]\n")),
        "family[0].location_country", "ISO 3166-1"),
    Row("language-name", yaml_case("survivor.languages", ["Spanish"]), "survivor.languages[0]", "BCP 47"),
    Row("language-zz", yaml_case("survivor.languages", ["es", "zz"]), "survivor.languages[1]", "BCP 47"),
    Row("language-bad-region", yaml_case("survivor.languages", ["es-XX"]), "survivor.languages[0]", "BCP 47"),
    Row("statement-language-name", yaml_case("statement.language", "spanish"), "statement.language", "BCP 47"),
    Row("evidence-language-number", yaml_case("evidence[0].language", 123), "evidence[0].language", "string"),
    Row("locale-unknown", yaml_case("locale", "xx_YY"), "locale", "locale"),
    Row("locale-a-name", yaml_case("locale", SECRET), "locale", "locale"),
    # --- ids and references ----------------------------------------------------------------------------
    Row("jurisdiction-a-name", yaml_case("jurisdictions", ["us", SECRET]), "jurisdictions[1]",
        "unknown jurisdiction"),
    Row("episode-jurisdiction-a-name", yaml_case("trafficking[0].jurisdiction", SECRET),
        "trafficking[0].jurisdiction", "unknown jurisdiction"),
    Row("filings-unknown-remedy", yaml_case("filings", ["us.t_visa", "us.made_up"]), "filings[1]",
        "unknown remedy id"),
    Row("filings-a-name", yaml_case("filings", [SECRET]), "filings[0]", "unknown remedy id"),
    Row("duplicate-evidence-id", yaml_case("evidence[1].id", "e1"), "evidence[1].id", "duplicate evidence id"),
    Row("dangling-evidence-ref", yaml_case("losses[0].evidence", ["e99"]), "losses[0].evidence[0]", "no evidence"),
    Row("case-id-a-name", yaml_case("case_id", SECRET), "case_id", "pattern"),
    Row("case-id-path", yaml_case("case_id", "../../etc/passwd"), "case_id", "pattern"),
    Row("case-id-too-long", yaml_case("case_id", "a" * 65), "case_id", "at most 64"),
    Row("evidence-id-path", yaml_case("evidence[0].id", "../x"), "evidence[0].id", "pattern"),
    Row("unknown-means", yaml_case("trafficking[0].means", ["beating"]), "trafficking[0].means[0]", "force"),
    Row("unknown-form", yaml_case("trafficking[0].form", "servitude"), "trafficking[0].form", "labor"),
    Row("safe-to-call-text", yaml_case("survivor.contact.safe_to_call", "only mornings, Zorina"),
        "survivor.contact.safe_to_call", "boolean"),
    # --- other commands: echoes, outputs that would destroy inputs, output folders ------------------------
    Row("pack-duplicate-key", lambda tmp: (tmp / "packs").mkdir() or (tmp / "packs" / "zz.yml").write_text(
        "id: zz\nname: Zedland\nname: Other\n", encoding="utf-8") and ["jurisdictions", "validate", "--dir",
                                                                        str(tmp / "packs")], "(syntax)",
        "duplicate key"),
    Row("show-a-name", lambda tmp: ["jurisdictions", "show", SECRET], "id", "unknown jurisdiction"),
    Row("restitution-locale-a-name", lambda tmp: ["restitution", str(EXAMPLES / "tx-labor-adult.case.yml"),
                                                  "--locale", SECRET], "locale", "unknown locale"),
    Row("assemble-remedy-a-name", lambda tmp: ["assemble", str(EXAMPLES / "tx-labor-adult.case.yml"), "--out",
                                               str(tmp / "out"), "--remedy", SECRET], "--remedy[0]", "unknown remedy"),
    Row("ics-over-case-file", with_file(minimal(), {}, ["deadlines", "{case}", "--ics", "{case}"]), "--ics",
        "would overwrite an input"),
    Row("ics-over-case-file-by-dots", with_file(minimal(), {}, ["deadlines", "{case}", "--ics",
                                                                "{tmp}/case/../case/case.yml"]),
        "--ics", "would overwrite an input"),
    Row("ics-through-link-to-case", with_file(minimal(), {}, ["deadlines", "{case}", "--ics", "{tmp}/cal.ics"],
                                              links={"cal.ics": "case/case.yml"}), "--ics", "would overwrite an input"),
    Row("ics-to-dev-null", with_file(minimal(), {}, ["deadlines", "{case}", "--ics", "/dev/null"]), "--ics",
        "device or a pipe"),
    Row("ics-to-a-fifo", lambda tmp: os.mkfifo(tmp / "cal.ics") or with_file(minimal(), {}, [
        "deadlines", "{case}", "--ics", "{tmp}/cal.ics"])(tmp), "--ics", "device or a pipe"),
    Row("ics-missing-folder", with_file(minimal(), {}, ["deadlines", "{case}", "--ics", "{tmp}/nope/cal.ics"]),
        "--ics", "does not exist"),
    Row("ics-parent-is-file", with_file(minimal(), {"afile": b"x"}, ["deadlines", "{case}", "--ics",
                                                                     "{tmp}/afile/cal.ics"]),
        "--ics", "not a folder"),
    Row("ics-is-a-folder", with_file(minimal(), {"cal.ics": None}, ["deadlines", "{case}", "--ics", "{tmp}/cal.ics"]),
        "--ics", "is a directory"),
    Row("out-parent-is-file", with_file(minimal(), {"afile": b"x"}, ["assemble", "{case}", "--out", "{tmp}/afile/out"]),
        "--out", "not a folder"),
    Row("out-is-link", with_file(minimal(), {"real": None}, ["assemble", "{case}", "--out", "{tmp}/link"],
                                 links={"link": "real"}), "--out", "symbolic link"),
    Row("out-parent-dangling-link", with_file(minimal(), {}, ["assemble", "{case}", "--out", "{tmp}/gone/out"],
                                              links={"gone": "nowhere"}), "--out", "link to nowhere"),
    Row("out-is-dangling-link", with_file(minimal(), {}, ["assemble", "{case}", "--out", "{tmp}/gone"],
                                          links={"gone": "nowhere"}), "--out", "symbolic link"),
    Row("ics-parent-dangling-link", with_file(minimal(), {}, ["deadlines", "{case}", "--ics", "{tmp}/gone/cal.ics"],
                                              links={"gone": "nowhere"}), "--ics", "does not exist"),
    Row("out-is-case-file", with_file(minimal(), {}, ["assemble", "{case}", "--out", "{case}"]), "--out",
        "would overwrite an input"),
    Row("out-not-empty", with_file(minimal(), {"out/keep.txt": b"x"}, ASSEMBLE), "--out", "not an empty folder"),
    # --- evidence files: containment, type, damage -------------------------------------------------------
    Row("evidence-absolute", with_file(evidence_case("/etc/passwd"), {}, ASSEMBLE), "evidence[0].file",
        "absolute path"),
    Row("evidence-climbs", with_file(evidence_case("../secret.pdf"), {"secret.pdf": OUTSIDE}, ASSEMBLE),
        "evidence[0].file", "climbs out"),
    Row("evidence-climbs-inside", with_file(evidence_case("sub/../../secret.pdf"), {"secret.pdf": OUTSIDE}, ASSEMBLE),
        "evidence[0].file", "climbs out"),
    Row("evidence-link-outside", with_file(evidence_case("passport.pdf"), {"secret.pdf": PDF}, ASSEMBLE,
                                           links={"case/passport.pdf": "secret.pdf"}), "evidence[0].file",
        "outside the case file's folder"),
    Row("evidence-link-folder-outside", with_file(evidence_case("docs/secret.pdf"), {"other/secret.pdf": PDF},
                                                  ASSEMBLE, links={"case/docs": "other"}),
        "evidence[0].file", "outside the case file's folder"),
    Row("evidence-windows-drive", with_file(evidence_case("C:/Users/x.pdf"), {}, ASSEMBLE), "evidence[0].file",
        "absolute path"),
    Row("evidence-truncated-jpeg", with_file(evidence_case("photo.jpg"), {"case/photo.jpg": _jpeg()[:-400]},
                                             ASSEMBLE), "evidence[0].file", "truncated"),
    Row("evidence-text-as-pdf", with_file(evidence_case("scan.pdf"), {"case/scan.pdf": b"Zorina's notes"}, ASSEMBLE),
        "evidence[0].file", "corrupt"),
    Row("evidence-truncated-pdf", with_file(evidence_case("scan.pdf"), {"case/scan.pdf": PDF[: len(PDF) // 3]},
                                            ASSEMBLE), "evidence[0].file", "corrupt"),
    Row("evidence-is-folder", with_file(evidence_case("scans"), {"case/scans": None}, ASSEMBLE), "evidence[0].file",
        "not a file"),
    # --- sealed case files ----------------------------------------------------------------------------
    Row("sealed-wrong-passphrase", sealed(), "(sealed file)", "wrong passphrase",
        env={sealing.ENV: "not the passphrase"}),
    Row("sealed-byte-changed", sealed(lambda b: b[:-20] + bytes([b[-20] ^ 1]) + b[-19:]), "(sealed file)",
        "changed or damaged"),
    Row("sealed-header-changed", sealed(lambda b: b[:20] + bytes([b[20] ^ 1]) + b[21:]), "(sealed file)",
        "changed or damaged"),
    Row("sealed-cut-short", sealed(lambda b: b[:30]), "(sealed file)", "cut short"),
    Row("sealed-future-version", sealed(lambda b: b[:6] + b"\x09" + b[7:]), "(sealed file)", "version 9"),
    Row("sealed-hostile-cost", sealed(lambda b: b[:8] + b"\x3f" + b[9:]), "(sealed file)", "damaged"),
    Row("sealed-no-passphrase", sealed(), "(passphrase)", "SURVIVORRELIEF_PASSPHRASE", env={sealing.ENV: ""}),
    Row("seal-twice", sealed(command="seal"), "(file)", "already sealed"),
    Row("unseal-wrong-passphrase", sealed(command="unseal"), "(sealed file)", "wrong passphrase",
        env={sealing.ENV: "not the passphrase"}),
    Row("unseal-byte-changed", sealed(lambda b: b[:-1] + bytes([b[-1] ^ 1]), command="unseal"), "(sealed file)",
        "changed or damaged"),
    Row("seal-hard-linked", lambda tmp: _hard_linked(tmp), "(file)", "hard links"),
    Row("unseal-plain", raw(minimal(), command="unseal"), "(file)", "not sealed"),
    Row("seal-short-passphrase", raw(minimal(), command="seal"), "(passphrase)", "too short", env={sealing.ENV: "abc"}),
    Row("seal-broken-yaml", raw('case_id: x\nsurvivor: {name: "Zorina\n', command="seal"), "(syntax)", "YAML error"),
    Row("seal-invalid-case", raw(minimal().replace("1994-03-15", "1994-02-30"), command="seal"),
        "survivor.date_of_birth", "not a real date"),
    Row("sealed-then-invalid", lambda tmp: ["check", str(_sealed(tmp, text=minimal().replace("1994-03-15",
                                                                                            "2030-01-01")))],
        "survivor.date_of_birth", "in the future"),
]


def snapshot(folder: Path) -> dict[str, tuple[str, int]]:
    """Every file and folder under ``folder`` with its content hash and mode: what 'nothing written' compares."""
    out: dict[str, tuple[str, int]] = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            p = Path(root) / name
            rel = str(p.relative_to(folder))
            if p.is_symlink():
                out[rel] = ("link:" + os.readlink(p), 0)
            elif p.is_file():
                out[rel] = (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mode)
            else:
                out[rel] = ("dir", p.stat().st_mode)
    return out


def test_more_than_a_hundred_rows() -> None:
    assert len(ROWS) > 100 and len({r.id for r in ROWS}) == len(ROWS)


@pytest.mark.parametrize("row", ROWS, ids=[r.id for r in ROWS])
def test_hostile_input_is_refused_cleanly(tmp_path: Path, row: Row) -> None:
    args = row.build(tmp_path)
    before = snapshot(tmp_path)
    env = {sealing.ENV: PASSPHRASE, **(row.env or {})}
    result = CliRunner().invoke(main, args, env=env, catch_exceptions=False)
    printed = result.stdout + result.stderr
    assert result.exit_code == row.code, printed
    assert "Traceback" not in printed
    lines = [ln for ln in result.stderr.splitlines() if ln.lower().startswith("error:") and row.where in ln]
    assert lines, result.stderr
    assert any(row.words in ln for ln in lines), result.stderr
    assert result.stdout == ""
    for value in SURVIVOR_VALUES:
        assert value not in printed, f"{value!r} printed"
    assert snapshot(tmp_path) == before, "the command wrote or changed a file"
