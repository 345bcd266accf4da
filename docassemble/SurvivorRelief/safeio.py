"""Reading and writing survivors' files without loss or surprise: size limits, strict YAML and JSON,
atomic writes, outputs that may not replace inputs, and interrupts that unwind cleanly.

Why: a case file holds the most sensitive facts a person has. A half-written file loses them, a
calendar written over the case file destroys it, a duplicate key silently changes an answer, and a
hostile file (10,000 levels deep, a 5,000-digit number) must be refused, not crash the tool.
The limits are stated in docs/security.md.
"""

from __future__ import annotations

import json
import os
import re
import signal
import tempfile
from collections.abc import Hashable, Iterable
from pathlib import Path
from typing import Any, Optional

import yaml
from yaml.constructor import ConstructorError
from yaml.nodes import MappingNode

from .errors import InputError, Problem

MAX_CASE_BYTES = 10 * 1024 * 1024       # a case file (plain or sealed)
MAX_DEPTH = 32                          # nesting of mappings and lists (a case file needs 6)
MAX_NODES = 200_000                     # values in one file, counting repeats of a YAML alias
MAX_DIGITS = 30                         # digits of one number


# --- reading -----------------------------------------------------------------------------------------

def read_limited(path: Path, limit: int = MAX_CASE_BYTES, field: str = "(file)") -> bytes:
    """The bytes of a regular file no larger than ``limit``; every failure an InputError naming the file."""
    source = str(path)
    try:
        if not path.exists():
            raise InputError([Problem(field, "file not found")], source=source)
        if not path.is_file():
            raise InputError([Problem(field, "not a file")], source=source)
        if path.stat().st_size > limit:
            raise InputError([Problem(field, f"larger than {limit // (1024 * 1024)} MB")], source=source)
        with path.open("rb") as fh:
            data = fh.read(limit + 1)
    except OSError as err:
        raise InputError([Problem(field, f"cannot be read ({err.__class__.__name__})")], source=source) from None
    if len(data) > limit:
        raise InputError([Problem(field, f"larger than {limit // (1024 * 1024)} MB")], source=source)
    return data


def decode_text(data: bytes, source: str) -> str:
    """UTF-8 text (a byte-order mark is dropped); anything else is refused."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem("(file)", "not UTF-8 text (save it as UTF-8)")], source=source) from None


class _StrictLoader(yaml.SafeLoader):
    """SafeLoader that refuses duplicate keys and over-long numbers instead of silently picking one."""

    def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
        if isinstance(node, MappingNode):
            self.flatten_mapping(node)
            seen: set[Any] = set()
            for key_node, _value in node.value:
                key = self.construct_object(key_node, deep=True)
                if isinstance(key, Hashable):
                    if key in seen:
                        raise ConstructorError("while reading a mapping", node.start_mark,
                                               "found a duplicate key", key_node.start_mark)
                    seen.add(key)
        return super().construct_mapping(node, deep)

    def construct_yaml_int(self, node: Any) -> int:
        value = str(self.construct_scalar(node))
        if sum(c.isdigit() for c in value) > MAX_DIGITS:
            raise ConstructorError(None, None, f"a number with more than {MAX_DIGITS} digits", node.start_mark)
        return super().construct_yaml_int(node)

    def construct_yaml_timestamp(self, node: Any) -> Any:
        try:
            return super().construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            raise ConstructorError(None, None, "not a real date", node.start_mark) from None


_StrictLoader.add_constructor("tag:yaml.org,2002:int", _StrictLoader.construct_yaml_int)
_StrictLoader.add_constructor("tag:yaml.org,2002:timestamp", _StrictLoader.construct_yaml_timestamp)


class _TextDatesLoader(_StrictLoader):
    """For case files: dates stay text, so the case model checks them and names the field of a bad one."""


_TextDatesLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


class _JSONProblem(ValueError):
    pass


def _json_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _JSONProblem("found a duplicate key")
        out[key] = value
    return out


def _json_int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_DIGITS:
        raise _JSONProblem(f"a number with more than {MAX_DIGITS} digits")
    return int(text)


def _json_float(text: str) -> Any:
    from decimal import Decimal

    if sum(c.isdigit() for c in text) > MAX_DIGITS:
        raise _JSONProblem(f"a number with more than {MAX_DIGITS} digits")
    return Decimal(text)


def _json_constant(name: str) -> Any:
    raise _JSONProblem(f"{name} is not a number a case file may hold")


def parse_text(text: str, kind: str, source: str, dates_as_text: bool = False) -> Any:
    """Parse YAML or JSON (``kind``); syntax errors, duplicate keys and limits become an InputError."""
    if kind == "json":
        try:
            data = json.loads(text, object_pairs_hook=_json_pairs, parse_int=_json_int, parse_float=_json_float,
                              parse_constant=_json_constant)
        except json.JSONDecodeError as err:
            raise InputError([Problem("(syntax)", f"JSON error at line {err.lineno}, column {err.colno}: "
                                                  f"{err.msg}")], source=source) from None
        except _JSONProblem as err:
            raise InputError([Problem("(syntax)", f"JSON error: {err}")], source=source) from None
        except RecursionError:
            raise InputError([Problem("(syntax)", f"nested more than {MAX_DEPTH} levels deep")],
                             source=source) from None
    else:
        loader = _TextDatesLoader if dates_as_text else _StrictLoader
        try:
            data = yaml.load(text, Loader=loader)  # noqa: S506 - a SafeLoader subclass
        except yaml.MarkedYAMLError as err:
            mark = err.problem_mark or err.context_mark
            where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
            raise InputError([Problem("(syntax)", f"YAML error at {where}{_safe(err.problem)}")],
                             source=source) from None
        except yaml.YAMLError:
            raise InputError([Problem("(syntax)", "YAML error: cannot be read")], source=source) from None
        except RecursionError:
            raise InputError([Problem("(syntax)", f"nested more than {MAX_DEPTH} levels deep")],
                             source=source) from None
    check_shape(data, source)
    return data


def _safe(problem: Optional[str]) -> str:
    """PyYAML's words without the text it quotes (an alias, a tag or a token may be case text); one character stays."""
    if not problem:
        return "cannot be read"
    return re.sub(r"""'[^']{2,}'|"[^"]{2,}"|[!&*][^\s,\]}]{2,}""", "(text left out)", problem)


def check_shape(data: Any, source: str) -> None:
    """Refuse data nested deeper than MAX_DEPTH or holding more than MAX_NODES values (YAML alias bombs)."""
    stack: list[tuple[Any, int]] = [(data, 0)]
    count = 0
    while stack:
        node, depth = stack.pop()
        count += 1
        if count > MAX_NODES:
            raise InputError([Problem("(file)", f"holds more than {MAX_NODES} values")], source=source)
        if depth > MAX_DEPTH:
            raise InputError([Problem("(file)", f"nested more than {MAX_DEPTH} levels deep")], source=source)
        if isinstance(node, dict):
            stack.extend((v, depth + 1) for v in node.values())
        elif isinstance(node, list):
            stack.extend((v, depth + 1) for v in node)


# --- writing -----------------------------------------------------------------------------------------

def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (through links, ``..`` or hard links)."""
    try:
        return a.exists() and b.exists() and os.path.samefile(a, b)
    except OSError:
        return Path(os.path.abspath(a)).resolve() == Path(os.path.abspath(b)).resolve()


def refuse_overwrite(output: Path, inputs: Iterable[Path], field: str) -> None:
    """An output that would replace one of the command's inputs is an input error (nothing is written)."""
    for given in inputs:
        if same_file(output, given) or Path(os.path.abspath(output)) == Path(os.path.abspath(given)):
            raise InputError([Problem(field, "would overwrite an input file of this command: give another "
                                             "path (nothing was written)")], source=str(output))


def check_output_file(path: Path, field: str) -> Path:
    """The folder a new file will go to: it must exist, be a real folder and be writable."""
    folder = path.parent if str(path.parent) else Path(".")
    if path.is_dir():
        raise InputError([Problem(field, "is a folder: give a file name")], source=str(path))
    if path.exists() and not path.is_file():
        raise InputError([Problem(field, "is a device or a pipe, not a file: give a file name")], source=str(path))
    _check_folder(folder, field, str(path))
    return folder


def check_output_folder(path: Path, field: str) -> None:
    """A new output folder: not a link, and its parent an existing (or creatable) writable folder."""
    if path.is_symlink():
        raise InputError([Problem(field, "is a symbolic link: give a real folder (nothing was written)")],
                         source=str(path))
    parent = Path(os.path.abspath(path)).parent
    while not parent.exists() and parent != parent.parent:
        if parent.is_symlink():
            raise InputError([Problem(field, "its folder is a link to nowhere (nothing was written)")],
                             source=str(path))
        parent = parent.parent
    _check_folder(parent, field, str(path))


def _check_folder(folder: Path, field: str, source: str) -> None:
    if not folder.exists():
        raise InputError([Problem(field, "the folder does not exist")], source=source)
    if not folder.is_dir():
        raise InputError([Problem(field, "its parent is not a folder")], source=source)
    if not os.access(folder, os.W_OK | os.X_OK):
        raise InputError([Problem(field, "the folder cannot be written (permission denied)")], source=source)


def write_atomically(path: Path, data: bytes, field: str, inputs: Iterable[Path] = (),
                     mode: Optional[int] = 0o600) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder: fsync, then rename.

    A reader sees the old file or the new one, never a part; an interrupt leaves no temporary file.
    """
    refuse_overwrite(path, inputs, field)
    folder = check_output_file(path, field)
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=".tmp-", suffix=".part")
    except OSError as err:
        raise InputError([Problem(field, f"cannot be written ({err.__class__.__name__})")],
                         source=str(path)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        os.replace(tmp, path)
        _fsync_folder(folder)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where folders cannot be opened."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


# --- interrupts --------------------------------------------------------------------------------------

class Interrupted(KeyboardInterrupt):
    """SIGTERM, raised like Ctrl-C so every ``finally`` and clean-up handler runs before the exit."""


def _on_sigterm(signum: int, frame: Any) -> None:
    raise Interrupted


def unwind_on_sigterm() -> None:
    """Turn SIGTERM into an exception so temporary files and folders are removed before the process ends."""
    signal.signal(signal.SIGTERM, _on_sigterm)
