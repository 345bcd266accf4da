"""The real docassemble engine (docassemble.base 1.10), run in-process so tests drive real interviews.

docassemble.base reaches every server service (Redis, SQL, file storage, Flask's ``url_for``) through
pluggy hooks declared in ``docassemble.base.hookspecs``; docassemble.webapp normally implements them.
``boot()`` implements the ones an interview run needs with in-memory stand-ins, and ``Session`` drives
one interview screen by screen the way the web form does: ``step()`` runs the interview logic and
describes the screen, ``answer()`` checks and sets the screen's variables, runs the question's
``validation code`` and marks the question answered, ``action()`` follows a ``url_action()`` link.

A field hidden by ``show if: {code: ...}`` is left out of the screen, as the web app leaves it out of the form.
Not covered, because it lives in docassemble.webapp and its JavaScript: HTML rendering, ``js show if``,
review screens, going back. An upload field takes a file path (or a list of paths): the file is stored under a
new number and the field set to a DAFileList, as the web app does. Omitted optional fields are set the way this
driver documents in ``Session.answer`` (empty text, ``None`` for numbers), not necessarily byte for byte as the
web form.
"""

from __future__ import annotations

import base64
import copy
import ctypes.util
import datetime as dt
import itertools
import json
import locale
import mimetypes
import os
import pickle
import re
import secrets
import shlex
import shutil
import subprocess
import sys
import time
import types
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Optional, Union
from urllib.parse import parse_qs, urlencode, urlsplit

import yaml

NUMERIC = ("integer", "number", "float", "currency", "range")
BOOLEAN = ("boolean", "yesno", "noyes", "yesnowide", "noyeswide", "threestate", "yesnomaybe", "noyesmaybe")
# Question types that end or restart the session instead of asking anything (docassemble `command`).
COMMANDS = ("exit", "logout", "exit_logout", "leave", "restart", "new_session", "interview_exit")
ENDING = ("exit", "logout", "exit_logout", "leave", "interview_exit")


@dataclass(frozen=True)
class BootInfo:
    """What ``boot()`` set up, and how long it took."""

    seconds: float
    workdir: Path
    config: Path
    libreoffice: Optional[Path]  # the wrapper docassemble runs for DOCX -> PDF; None without soffice
    zbar_stub: bool  # libzbar0 is missing, so barcode reading is stubbed out
    locale_ok: bool  # en_US.UTF-8 exists; docassemble's currency() needs it


@dataclass(frozen=True)
class Choice:
    label: str
    value: Any


@dataclass(frozen=True)
class Field:
    """One input on a screen. ``variable`` has list indices filled in (``episodes[0].start``)."""

    variable: str
    raw_variable: str
    label: str
    datatype: str
    required: bool
    choices: tuple[Choice, ...] = ()
    hint: str = ""
    minimum: Optional[str] = None
    maximum: Optional[str] = None
    none_of_the_above: bool = False  # checkboxes: an empty list answers "None of the above"
    default: Any = None  # what the web form shows filled in, and submits when left alone
    input_type: str = ""  # radio, dropdown, combobox (choices plus free text) ...


@dataclass(frozen=True)
class Button:
    """A button that sets nothing: a command such as ``exit`` or ``restart``, or an action."""

    label: str
    command: Optional[str]


@dataclass(frozen=True)
class Attachment:
    name: str
    filename: str
    files: dict[str, Path]  # format ("docx", "pdf") -> assembled file


@dataclass(frozen=True)
class Screen:
    """What the person sees: the question block that was chosen and its parts."""

    id: Optional[str]
    name: str
    type: str
    text: str
    subquestion: str
    language: str
    fields: tuple[Field, ...] = ()
    buttons: tuple[Button, ...] = ()
    attachments: tuple[Attachment, ...] = ()
    # screen parts and titles: "pre", "exit url", "exit label", "full" (title), "short", "tab" ...
    parts: dict[str, str] = field(default_factory=dict)
    command: Optional[str] = None  # for a command screen: exit, leave, restart ...
    url: Optional[str] = None  # where an exit command sends the browser

    @property
    def is_end(self) -> bool:
        """Nothing left to answer: a final screen, or a command that ends the session."""
        return not self.fields

    def field(self, variable: str) -> Field:
        for f in self.fields:
            if variable in (f.variable, f.raw_variable):
                return f
        raise KeyError(f"no field {variable!r} on screen {self.id or self.name!r}")

    def actions(self) -> list[str]:
        """Names of the ``url_action()`` links in this screen's text and screen parts."""
        texts = [self.text, self.subquestion, *self.parts.values()]
        return [name for text in texts for name in action_names(text or "")]


class ValidationFailed(Exception):
    """An answer was refused, as the web form would refuse it; ``message`` is what the person reads."""

    def __init__(self, message: str, variable: Optional[str] = None) -> None:
        self.message = message
        self.variable = variable
        super().__init__(f"{variable}: {message}" if variable else message)


class SessionEnded(Exception):
    """The session was ended by an exit command; its answers are gone."""


class AnswersMissing(Exception):
    """``run()`` reached a screen asking for something the answers file does not give."""


# --- booting -------------------------------------------------------------------------------------

_BOOT: Optional[BootInfo] = None
_STORE: Optional[_FileStore] = None


def boot(workdir: Path, extra_paths: Iterable[Path] = ()) -> BootInfo:
    """Load docassemble once per process: config, import stubs, hook stand-ins, LibreOffice.

    ``extra_paths`` are added to ``sys.path`` so packages there (e.g. test-only interview packages under
    a ``docassemble/`` namespace folder) resolve like installed ones. Calling again returns the first boot.
    """
    global _BOOT, _STORE
    for path in extra_paths:
        if str(path) not in sys.path:
            sys.path.insert(0, str(path))
    if _BOOT is not None:
        return _BOOT
    start = time.perf_counter()
    workdir = Path(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    zbar_stub = _stub_imports()
    soffice = _libreoffice_wrapper(workdir)
    config = _write_config(workdir, soffice)
    os.environ["DA_CONFIG_FILE"] = str(config)
    import docassemble.base.config as daconfig

    if not daconfig.loaded:
        daconfig.load(filename=str(config))
    _STORE = _FileStore(workdir / "files")
    _register_hooks(daconfig.daconfig, _STORE)
    import docassemble.base.pandoc as dapandoc

    # pandoc.py enables LibreOffice only when *pandoc* is on PATH; DOCX -> PDF needs LibreOffice alone.
    if soffice is not None and dapandoc.LIBREOFFICE_MODE == dapandoc.DISABLED:
        dapandoc.LIBREOFFICE_MODE = dapandoc.LOCAL
    import docassemble.base.util  # noqa: F401  - the import every interview pays for, paid once here

    _BOOT = BootInfo(round(time.perf_counter() - start, 2), workdir, config, soffice, zbar_stub, _has_locale())
    return _BOOT


def _stub_imports() -> bool:
    """Two import-time needs docassemble has that tests do not: NLTK wordnet data and libzbar."""
    # docassemble_pattern's English module downloads wordnet when imported; no interview step uses it.
    name = "docassemble_pattern.text.en.wordnet"
    if name not in sys.modules:
        stub = types.ModuleType(name)
        stub.__path__ = []
        sys.modules[name] = stub
    import nltk

    nltk.download = lambda *args, **kwargs: False  # docassemble.base.pattern tries more downloads
    # docassemble.base.util imports pyzbar, which loads the system library libzbar0 (apt).
    if ctypes.util.find_library("zbar") is not None or "pyzbar.pyzbar" in sys.modules:
        return False
    package, module = types.ModuleType("pyzbar"), types.ModuleType("pyzbar.pyzbar")
    package.__path__ = []

    def decode(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("barcode reading needs libzbar0 (apt-get install libzbar0)")

    module.decode = decode
    package.pyzbar = module
    sys.modules.update({"pyzbar": package, "pyzbar.pyzbar": module})
    return True


def _libreoffice_wrapper(workdir: Path) -> Optional[Path]:
    """A ``soffice`` with a private profile holding docassemble's PDF macro; None without LibreOffice."""
    soffice = shutil.which("soffice")
    if soffice is None:
        return None
    profile = workdir / "lo-profile"
    wrapper = workdir / "soffice-da"
    env = f"XDG_CONFIG_HOME={shlex.quote(str(profile / 'xdg'))} XDG_CACHE_HOME={shlex.quote(str(profile / 'xdg'))}"
    wrapper.write_text(f'#!/bin/sh\nexport {env}\nexec {shlex.quote(soffice)} '
                       f'-env:UserInstallation={profile.as_uri()} "$@"\n', encoding="utf-8")
    wrapper.chmod(0o755)
    # Creates the profile (user/basic/Standard/Module1.xba); docassemble copies its macro over that file.
    subprocess.run([str(wrapper), "--headless", "--terminate_after_init"], capture_output=True, timeout=180,
                   check=False)
    return wrapper


def _write_config(workdir: Path, soffice: Optional[Path]) -> Path:
    config: dict[str, Any] = {
        "debug": True,
        "secretkey": secrets.token_urlsafe(24),
        "language": "en",
        "dialect": "us",
        "locale": "en_US.utf8",
        "country": "US",
        "timezone": "America/New_York",
    }
    if soffice is not None:
        config["libreoffice"] = str(soffice)
        config["libreoffice macro file"] = str(workdir / "lo-profile/user/basic/Standard/Module1.xba")
    path = workdir / "config.yml"
    path.write_text(yaml.safe_dump(config), encoding="utf-8")
    return path


def _has_locale(name: str = "en_US.UTF-8") -> bool:
    current = locale.setlocale(locale.LC_ALL)
    try:
        locale.setlocale(locale.LC_ALL, name)
        return True
    except locale.Error:
        return False
    finally:
        locale.setlocale(locale.LC_ALL, current)


class _Redis:
    """The part of redis-py docassemble.base uses (interview cache bookkeeping)."""

    def __init__(self) -> None:
        self.data: dict[str, Any] = {}

    def get(self, key: str) -> Optional[bytes]:
        value = self.data.get(key)
        return None if value is None else str(value).encode()

    def set(self, key: str, value: Any, *args: Any, **kwargs: Any) -> bool:
        self.data[key] = value
        return True

    def incr(self, key: str, amount: int = 1) -> int:
        self.data[key] = int(self.data.get(key, 0)) + amount
        return self.data[key]

    def delete(self, *keys: str) -> int:
        return sum(self.data.pop(k, None) is not None for k in keys)

    def expire(self, *args: Any, **kwargs: Any) -> bool:
        return True

    def __getattr__(self, name: str) -> Any:
        raise NotImplementedError(f"the test Redis stand-in has no {name}()")


class _FileStore:
    """docassemble's numbered file store (the webapp's Uploads table + SavedFile) in a folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        root.mkdir(parents=True, exist_ok=True)
        self.records: dict[int, dict[str, Any]] = {}
        self.numbers = itertools.count(1)

    def new(self, filename: str) -> int:
        number = next(self.numbers)
        self.records[number] = {"filename": filename, "private": True, "persistent": False}
        (self.root / str(number)).mkdir(exist_ok=True)
        return number

    def info(self, number: Any, filename: Optional[str] = None) -> dict[str, Any]:
        record = self.records.get(int(number))
        if record is None:
            return {}
        name = filename or record["filename"]
        ext, mimetype = ext_and_mimetype(name)
        path = self.root / str(int(number)) / "file"
        return {"filename": name, "extension": ext, "mimetype": mimetype, "path": str(path),
                "fullpath": f"{path}.{ext}", "private": record["private"], "persistent": record["persistent"]}

    def path(self, number: int) -> Path:
        return Path(self.info(number)["fullpath"])


def ext_and_mimetype(filename: str) -> tuple[str, str]:
    mimetype, _ = mimetypes.guess_type(filename)
    return Path(filename).suffix.lstrip(".").lower(), mimetype or "application/octet-stream"


def _link_extension(path: Path, ext: str) -> None:
    """The webapp keeps bytes in ``<n>/file`` and exposes ``<n>/file.<ext>``; docassemble reads either."""
    target = path.with_name(f"file.{ext}")
    if ext and not os.path.lexists(target):
        target.symlink_to(path.name)


def _register_hooks(daconfig: dict[str, Any], store: _FileStore) -> None:
    import pluggy
    from docassemble.base.plugin_manager import pm

    impl = pluggy.HookimplMarker("docassemble")
    redis = _Redis()

    class SavedFile:
        """Stand-in for docassemble.webapp.files.savedfile.SavedFile, backed by the folder store."""

        def __init__(self, file_number: Any, extension: Optional[str] = None, **kwargs: Any) -> None:
            self.file_number = int(file_number)
            self.directory = str(store.root / str(self.file_number))
            os.makedirs(self.directory, exist_ok=True)
            self.path = os.path.join(self.directory, "file")
            self.extension = extension

        def save(self, finalize: bool = False) -> None:
            Path(self.path).touch()
            if self.extension:
                _link_extension(Path(self.path), self.extension)

        def finalize(self) -> None:
            return None

        def delete(self) -> None:
            shutil.rmtree(self.directory, ignore_errors=True)
            store.records.pop(self.file_number, None)

        def copy_from(self, orig_path: str, **kwargs: Any) -> None:
            shutil.copyfile(orig_path, self.path)
            self.save()

    def constant(value: Any) -> Any:
        return impl(lambda self: value)

    def path_safe(self: Any, filename: str) -> str:
        return re.sub(r"[/\\\x00]", "_", filename)

    class Hooks:
        """Hook implementations; a hook that only answers a constant is set in the loop below."""

        @impl
        def get_ext_and_mimetype(self, filename: str) -> tuple[str, str]:
            return ext_and_mimetype(filename)

        @impl
        def get_new_file_number(self, user_code: Any, file_name: str, yaml_file_name: Any) -> int:
            return store.new(file_name)

        @impl
        def save_numbered_file(self, filename: str, orig_path: str, yaml_file_name: Any, uid: Any) -> tuple:
            number = store.new(filename)
            info = store.info(number)
            shutil.copyfile(orig_path, info["path"])
            _link_extension(Path(info["path"]), info["extension"])
            return number, info["extension"], info["mimetype"]

        @impl
        def file_number_finder(self, file_number: Any, filename: Any, uids: Any, privileged: Any) -> dict:
            return store.info(file_number, filename)

        @impl
        def file_set_attributes(self, file_number: Any, private: Any, persistent: Any, session: Any,
                                filename: Any) -> dict:
            record = store.records.get(int(file_number), {})
            for key, value in (("private", private), ("persistent", persistent)):
                if value is not None:
                    record[key] = value
            return {"private": record.get("private"), "persistent": record.get("persistent")}

        @impl
        def file_finder(self, file_reference: Any, question: Any, folder: Any, package: Any, filename: Any,
                        return_nonexistent: Any, uids: Any) -> dict:
            return _find_file(store, file_reference, question, folder, package, filename, return_nonexistent)

        @impl
        def path_from_reference(self, file_reference: Any) -> Optional[str]:
            number = getattr(file_reference, "number", None)
            return store.info(number).get("fullpath") if number is not None else None

        @impl
        def url_for(self, endpoint: str, kwargs: dict) -> str:
            return f"/{endpoint}" + (f"?{urlencode(kwargs)}" if kwargs else "")

        @impl
        def url_finder(self, file_reference: Any, kwargs: dict) -> str:
            if file_reference in ("flex_interview", "interview"):
                return "/interview?" + urlencode({k: v for k, v in kwargs.items() if not k.startswith("_")})
            return f"/files/{file_reference}"

        @impl
        def applock(self, action: str, application: str, maxtime: Any) -> None:
            return None

        @impl
        def release_lock(self, user_code: str, filename: str) -> None:
            return None

        @impl
        def absolute_filename(self, the_file: Any) -> None:
            return None  # playground files only

        @impl
        def generate_csrf(self, secret_key: Any, token_key: Any) -> str:
            return "csrf"

        @impl
        def secure_filename(self, filename: str) -> str:
            return re.sub(r"[^A-Za-z0-9_.\-]", "_", filename)

        secure_filename_spaces_ok = impl(path_safe)

        @impl
        def secure_filename_unicode_ok(self, the_filename: str) -> str:
            return path_safe(self, the_filename)

        @impl
        def to_text(self, html_doc: str) -> str:
            from bs4 import BeautifulSoup

            return BeautifulSoup(html_doc, "html.parser").get_text()

        @impl
        def fix_pickle_obj(self, data: bytes) -> Any:
            return pickle.loads(data)

    constants = {
        "get_default_language": daconfig["language"], "get_default_dialect": daconfig["dialect"],
        "get_default_voice": None, "get_default_country": daconfig["country"],
        "get_default_locale": daconfig["locale"], "get_default_timezone": daconfig["timezone"],
        "get_configuration": daconfig, "get_hostname": "localhost", "get_debug_status": True,
        "get_server_redis": redis, "get_server_redis_user": redis, "get_saved_file_class": SavedFile,
        "get_main_page_parts": {}, "get_button_class_prefix": "btn-", "get_default_table_class": "table",
        "get_default_thead_class": None, "get_referer": None,
    }
    for name, value in constants.items():
        setattr(Hooks, name, constant(value))
    pm.register(Hooks(), name="tests.support.daengine")


def _find_file(store: _FileStore, reference: Any, question: Any, folder: Any, package: Any, filename: Any,
               return_nonexistent: Any) -> dict:
    """Resolve a template/static reference the way docassemble.webapp's file_access does for packages."""
    from docassemble.base.functions import get_current_package, static_filename_path

    ref = str(reference)
    if ref.isdigit():
        return store.info(int(ref), filename) or {"fullpath": None}
    result: dict[str, Any] = {}
    if ":" in ref:
        result["package"] = ref.split(":")[0]
    else:
        the_package = question.from_source.package if question is not None else (package or get_current_package())
        if folder is None:
            match = re.match(r"^data/(templates|sources|static)/(.*)", ref)
            if match:
                folder, ref = match.groups()
        if folder is not None and "/" not in ref:
            ref = f"data/{folder}/{ref}"
        ref = f"{the_package or 'docassemble.base'}:{ref}"
        if the_package:
            result["package"] = the_package
    result["fullpath"] = static_filename_path(ref, return_nonexistent=return_nonexistent)
    if result["fullpath"] is not None:
        full = Path(result["fullpath"])
        result.update(filename=full.name, path=str(full.with_suffix("")), extension=full.suffix.lstrip(".").lower(),
                      mimetype=ext_and_mimetype(full.name)[1])
    return result


def action_names(text: str) -> list[str]:
    """Decode the action names of ``url_action()`` links (``?action=<base64 JSON>``) in HTML or Markdown."""
    names = []
    for url in re.findall(r"""(?:href=["']|\()(/interview\?[^"')\s]+)""", text):
        for encoded in parse_qs(urlsplit(url).query).get("action", []):
            padded = encoded + "=" * (-len(encoded) % 4)
            names.append(json.loads(base64.b64decode(padded).decode())["action"])
    return names


# --- sessions ------------------------------------------------------------------------------------

def _fresh_dict(url_args: Optional[Mapping[str, Any]] = None) -> dict[str, Any]:
    """The interview answers of a new session (docassemble.webapp's fresh_dictionary())."""
    from docassemble.base.functions import DANav

    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    internal = {"session_local": {}, "device_local": {}, "user_local": {}, "dirty": {}, "progress": 0,
                "tracker": 0, "docvar": {}, "doc_cache": {}, "steps": 1, "steps_offset": 0, "secret": None,
                "informed": {}, "livehelp": {"availability": "unavailable", "mode": "help", "roles": [],
                                             "partner_roles": []},
                "answered": set(), "answers": {}, "objselections": {}, "starttime": now, "modtime": now,
                "accesstime": {-1: now}, "tasks": {}, "gather": [], "event_stack": {}, "misc": {}}
    return {"_internal": internal, "url_args": dict(url_args or {}), "nav": DANav()}


def _sub_indices(variable: str, user_dict: Mapping[str, Any]) -> str:
    """``episodes[i].start`` -> ``episodes[0].start`` with the iterator values of this screen."""
    from docassemble.base.util import DAObject

    current = user_dict.get("x")
    if isinstance(current, DAObject) and re.match(r"^x[.\[]", variable):
        variable = current.instanceName + variable[1:]
    return re.sub(r"\[([ijklmn])\]", lambda m: f"[{user_dict[m.group(1)]!r}]", variable)


class Session:
    """One interview session, driven in-process screen by screen (a fresh browser visit)."""

    def __init__(self, yaml_ref: str, url_args: Optional[Mapping[str, Any]] = None, roundtrip: bool = True):
        """``yaml_ref`` as docassemble names it, e.g. ``docassemble.SurvivorRelief:data/questions/intake.yml``.

        ``roundtrip`` pickles the answers between screens as the webapp does, which catches objects an
        interview stores that cannot be saved.
        """
        if _BOOT is None:
            raise RuntimeError("call daengine.boot() first")
        from docassemble.base.interview_cache import get_interview
        from docassemble.base.parse import set_initial_dict
        from docassemble.base.thread_context import empty_globals

        self.yaml_ref = yaml_ref
        self.roundtrip = roundtrip
        self.user_dict = _fresh_dict(url_args)
        self.ended = False
        self.screen: Optional[Screen] = None
        self._url_args = dict(url_args or {})
        self._status: Any = None
        self._globals = empty_globals()
        self._info = {"session": secrets.token_hex(8), "secret": secrets.token_hex(8), "yaml_filename": yaml_ref,
                      "interface": "web", "url": "http://localhost/interview", "url_root": "http://localhost/",
                      "encrypted": False, "headers": {}, "clientip": None, "method": "GET",
                      "user": {"is_anonymous": True, "is_authenticated": False, "session_uid": "test",
                               "device_id": "testdevice", "email": None, "the_user_id": "t1", "theid": 1,
                               "roles": ["user"], "location": None}}
        set_initial_dict(_fresh_dict())
        with self._context():
            self.interview = get_interview(yaml_ref)

    @contextmanager
    def _context(self, **extra_info: Any) -> Iterator[Any]:
        from docassemble.base.thread_context import global_context, this_thread

        with global_context(self._globals):
            this_thread.current_info = copy.deepcopy({**self._info, **extra_info})
            this_thread.current_package = self.yaml_ref.split(":")[0]
            yield this_thread

    # screens

    def step(self) -> Screen:
        """Run the interview logic once (a page load) and describe the screen it asks."""
        return self._assemble()

    def action(self, name: str, **arguments: Any) -> Screen:
        """Follow a ``url_action(name, ...)`` link: run the action, then show the resulting screen."""
        return self._assemble(action=name, arguments=arguments)

    def _assemble(self, **action: Any) -> Screen:
        from docassemble.base.functions import pickleable_objects
        from docassemble.base.parse import InterviewStatus
        from docassemble.base.thread_context import user_dict_context

        if self.ended:
            raise SessionEnded(self.yaml_ref)
        if self.roundtrip:
            self.user_dict = pickle.loads(pickle.dumps(pickleable_objects(self.user_dict)))
        self._globals.language = self._globals_default("language")  # a new request starts in the default
        with self._context(**action) as thread:
            status = InterviewStatus(current_info=thread.current_info)
            with user_dict_context(self.user_dict):
                self.interview.assemble(self.user_dict, status)
            self._status = status
            self.screen = self._describe(status, thread.language)
        if self.screen.command in ENDING:
            self.ended = True
            if self.screen.command != "leave":
                self.user_dict = _fresh_dict(self._url_args)  # the webapp deletes the answers
        elif self.screen.command in ("restart", "new_session"):
            self.user_dict = _fresh_dict(self._url_args)
        return self.screen

    @staticmethod
    def _globals_default(name: str) -> Any:
        from docassemble.base.thread_context import empty_globals

        return getattr(empty_globals(), name)

    def _describe(self, status: Any, language: str) -> Screen:
        from docassemble.base.parse import from_safeid

        question = status.question
        fields, buttons = [], []
        required = status.extras.get("required", {})
        for f in status.get_field_list():
            n = f.number
            options = status.selectcompute.get(n, []) if isinstance(status.selectcompute, dict) else []
            if hasattr(f, "saveas") and not self._hidden_by_code(f, status):
                raw = from_safeid(f.saveas)
                label = str(status.labels.get(n, "") if hasattr(status, "labels") else "")
                fields.append(Field(
                    variable=_sub_indices(raw, self.user_dict), raw_variable=raw,
                    label="" if label == "no label" else label,
                    datatype=getattr(f, "datatype", None) or ("choice" if options else "text"),
                    required=bool(required.get(n, getattr(f, "required", True))),
                    choices=tuple(Choice(str(o["label"]), o["key"]) for o in options),
                    hint=str(status.hints.get(n, "") or ""),
                    minimum=status.extras.get("min", {}).get(n), maximum=status.extras.get("max", {}).get(n),
                    none_of_the_above=bool(status.extras.get("nota", {}).get(n)),
                    default=status.defaults.get(n), input_type=str(getattr(f, "inputtype", "") or "")))
            else:
                buttons.extend(Button(str(o["label"]), getattr(o["key"], "question_type", None)) for o in options)
        files = []
        for att in status.attachments or []:
            paths = {fmt: _STORE.path(num) for fmt, num in (att.get("file") or {}).items()}
            files.append(Attachment(str(att.get("name") or ""), str(att.get("filename") or ""), paths))
        parts = {key[:-len(" text")]: value for key, value in status.extras.items()
                 if key.endswith(" text") and isinstance(value, str)}
        # what the web app shows around the question: title, tab title, exit link (per language) ...
        titles = self.interview.get_title(self.user_dict, status=status, converter=lambda text, name: text)
        parts.update({key: value for key, value in titles.items() if isinstance(value, str)})
        command = question.question_type if question.question_type in COMMANDS else None
        return Screen(
            id=getattr(question, "id", None), name=question.name, type=question.question_type,
            text=str(status.question_text or ""), subquestion=str(status.subquestion_text or ""),
            language=language, fields=tuple(fields), buttons=tuple(buttons), attachments=tuple(files),
            parts=parts, command=command, url=str(status.question_text) if command else None)

    # answers

    def answer(self, values: Mapping[str, Any]) -> None:
        """Submit the current screen: check, coerce and set its variables, then run ``validation code``.

        Keys are the screen's variables (``episodes[0].start`` or ``episodes[i].start``). A field left out
        takes the default the form shows, else is blank: refused when required; otherwise text becomes ``''``,
        numbers ``None``, checkboxes all unchecked. Dates may be ``datetime.date`` or ISO text; checkboxes a
        list of the chosen values, where ``[]`` means "None of the above".
        A refused answer raises ValidationFailed and leaves the answers as they were.
        """
        from docassemble.base.error import DAValidationError
        from docassemble.base.functions import pickleable_objects
        from docassemble.base.thread_context import user_dict_context

        if self.screen is None or self._status is None:
            raise RuntimeError("call step() before answer()")
        screen, status = self.screen, self._status
        known = {name for f in screen.fields for name in (f.variable, f.raw_variable)}
        unknown = [key for key in values if key not in known]
        if unknown:
            raise KeyError(f"not on screen {screen.id or screen.name!r}: {', '.join(unknown)}")
        backup = pickle.dumps(pickleable_objects(self.user_dict))
        with self._context(method="POST") as thread:
            thread.language = screen.language
            with user_dict_context(self.user_dict):
                try:
                    for f, da_field in zip(screen.fields, self._da_fields(status), strict=True):
                        given = values.get(f.variable, values.get(f.raw_variable, _MISSING))
                        if given is _MISSING and f.default is not None:
                            given = f.default
                        if not self._shown(f, da_field, status, values):
                            continue
                        value = self._coerce(f, given)
                        self._run_validate(f, da_field, value)
                        self._set(f.variable, value)
                    if status.question.validation_code:
                        exec(status.question.validation_code, self.user_dict)
                except DAValidationError as err:
                    self._restore(backup)
                    raise ValidationFailed(str(err), getattr(err, "field", None)) from None
                except BaseException:
                    self._restore(backup)
                    raise
                question = status.question
                if question.name in self.interview.questions_by_name:
                    self.interview.questions_by_name[question.name].mark_as_answered(self.user_dict)
        self.user_dict["_internal"]["steps"] += 1

    @classmethod
    def _da_fields(cls, status: Any) -> list[Any]:
        return [f for f in status.get_field_list() if hasattr(f, "saveas") and not cls._hidden_by_code(f, status)]

    @staticmethod
    def _hidden_by_code(da_field: Any, status: Any) -> bool:
        """``show if: {code: ...}`` (or ``hide if``) decided on the server: the web app leaves such a field out of
        the form, so it is neither shown nor set."""
        return status.extras.get("ok", {}).get(da_field.number) is False

    def _shown(self, f: Field, da_field: Any, status: Any, values: Mapping[str, Any]) -> bool:
        """``show if: {variable: ..., is: ...}`` / ``hide if`` against the other answers on this screen."""
        extras = getattr(da_field, "extras", {})
        if "show_if_var" not in extras or "show_if_val" not in status.extras:
            return True
        from docassemble.base.parse import from_safeid

        other = _sub_indices(from_safeid(extras["show_if_var"]), self.user_dict)
        given = values.get(other, _MISSING)
        matches = given is not _MISSING and str(given) == str(status.extras["show_if_val"].get(da_field.number))
        return matches if extras.get("show_if_sign", 1) else not matches

    def _coerce(self, f: Field, given: Any) -> Any:
        """The web form's conversions and built-in checks, with its messages."""
        from docassemble.base.util import DADict, as_datetime

        blank = given is _MISSING or given is None or given == "" or given == []
        if f.datatype in UPLOADS and not blank:
            return _uploaded(f.variable, given)
        if f.datatype == "checkboxes":
            chosen = [] if blank else (list(given) if not isinstance(given, Mapping) else
                                       [k for k, v in given.items() if v])
            keys = [c.value for c in f.choices]
            stray = [c for c in chosen if c not in keys]
            if stray:
                raise ValidationFailed(f"not a choice: {stray!r}", f.variable)
            if f.required and not chosen and (given is _MISSING or not f.none_of_the_above):
                raise ValidationFailed("Check at least one option, or check “None of the above.”", f.variable)
            return DADict(f.variable, elements={k: k in chosen for k in keys}, auto_gather=False, gathered=True)
        if blank and not (given is None and f.datatype in ("yesnomaybe", "noyesmaybe")):  # None: "maybe"
            if f.required:
                raise ValidationFailed("This field is required.", f.variable)
            return None if f.datatype in NUMERIC else ""
        if f.choices and not blank and f.input_type != "combobox":
            if given not in [c.value for c in f.choices]:
                raise ValidationFailed(f"not one of the choices: {given!r}", f.variable)
            return given
        if f.datatype in ("date", "datetime"):
            try:
                return as_datetime(given if isinstance(given, str) else given.isoformat())
            except Exception:
                raise ValidationFailed("You need to enter a valid date.", f.variable) from None
        if f.datatype in NUMERIC:
            try:
                number = int(given) if f.datatype == "integer" else float(given)
            except (TypeError, ValueError):
                raise ValidationFailed("You need to enter a number.", f.variable) from None
            if f.minimum not in (None, "") and number < float(f.minimum):
                raise ValidationFailed(f"You need to enter a value of at least {f.minimum}.", f.variable)
            if f.maximum not in (None, "") and number > float(f.maximum):
                raise ValidationFailed(f"You need to enter a value of at most {f.maximum}.", f.variable)
            return number
        if f.datatype in BOOLEAN:
            if not isinstance(given, bool) and given is not None:
                raise ValidationFailed(f"a yes/no answer must be true or false, not {given!r}", f.variable)
            return given
        return given if isinstance(given, str) else str(given)

    def _run_validate(self, f: Field, da_field: Any, value: Any) -> None:
        """A field's ``validate:`` function: False or a validation_error() refuses the answer."""
        validate = getattr(da_field, "validate", None)
        if not validate or value in (None, ""):
            return
        if not eval(validate["compute"], self.user_dict)(value):
            raise ValidationFailed("Please enter a valid value.", f.variable)

    def _set(self, variable: str, value: Any) -> None:
        self.user_dict["_daengine_value"] = value
        try:
            exec(f"{variable} = _daengine_value", self.user_dict)
        finally:
            del self.user_dict["_daengine_value"]

    def _restore(self, backup: bytes) -> None:
        from docassemble.base.functions import pickleable_objects

        for key in list(pickleable_objects(self.user_dict)):
            del self.user_dict[key]
        self.user_dict.update(pickle.loads(backup))

    def set(self, values: Mapping[str, Any]) -> None:
        """Set variables directly, as the REST API's POST /api/session does: no field checks, no validation."""
        from docassemble.base.thread_context import user_dict_context

        with self._context(), user_dict_context(self.user_dict):
            for variable, value in values.items():
                self._set(variable, value)

    def get(self, expr: str) -> Any:
        """Evaluate a Python expression against the answers, inside docassemble's context."""
        from docassemble.base.thread_context import user_dict_context

        with self._context(), user_dict_context(self.user_dict):
            return eval(expr, self.user_dict)

    def defined(self, variable: str) -> bool:
        """Whether a variable is set, without asking for it (docassemble's defined())."""
        return bool(self.get(f"defined({variable!r})"))


_MISSING: Any = object()
UPLOADS = ("file", "files", "camera", "user", "environment", "camcorder", "microphone")


def _uploaded(variable: str, given: Any) -> Any:
    """An upload as docassemble.webapp stores one: each file saved under a new number, then a DAFileList."""
    from docassemble.base.util import DAFile, DAFileList

    paths = [Path(p) for p in (given if isinstance(given, (list, tuple)) else [given])]
    files = []
    for n, path in enumerate(paths):
        if not path.is_file():
            raise ValidationFailed(f"no file to upload at {path}", variable)
        number = _STORE.new(path.name)
        info = _STORE.info(number)
        shutil.copyfile(path, info["path"])
        _link_extension(Path(info["path"]), info["extension"])
        files.append(DAFile(f"{variable}[{n}]", filename=path.name, number=number, mimetype=info["mimetype"],
                            extension=info["extension"], ok=True, has_specific_filename=True))
    return DAFileList(variable, elements=files, auto_gather=False, gathered=True)


def translatable_texts(yaml_ref: str) -> dict[str, list[str]]:
    """The texts docassemble puts in a translation file for an interview, by question id (or block name).

    Loads the interview afresh with docassemble's ``translating`` flag, which makes every text object
    record its original text; texts marked ``<%doc>do not translate</%doc>`` are left out, as docassemble does.
    """
    if _BOOT is None:
        raise RuntimeError("call daengine.boot() first")
    from docassemble.base.interview_source import interview_source_from_string
    from docassemble.base.parse import Interview
    from docassemble.base.thread_context import empty_globals, global_context, this_thread

    with global_context(empty_globals()):
        this_thread.current_info = {"yaml_filename": yaml_ref, "user": {"is_anonymous": True}}
        source = interview_source_from_string(yaml_ref)
        source.translating = True
        interview = Interview(source=source)
    out: dict[str, list[str]] = {}
    for question in interview.all_questions:
        for text in getattr(question, "translations", []):
            out.setdefault(getattr(question, "id", None) or question.name, []).append(text)
    return out


# --- answering from a file -----------------------------------------------------------------------

def run(session: Session, answers: Union[Path, str, Mapping[str, Any]], until: Optional[str] = None,
        max_screens: int = 200) -> list[Screen]:
    """Answer screen after screen from plain answers until a screen asks nothing; return every screen seen.

    With ``until`` (a question id), stop at that screen without answering it.

    ``answers`` maps a variable to its value (a YAML file of the same). Use concrete list indices
    (``episodes[1].start``); a value given for the ``[i]`` form applies to every item. A list given for
    ``X.there_is_another`` or ``X.there_are_any`` is consumed one answer per screen. A field the answers
    leave out is left blank (which fails if it is required).
    """
    if not isinstance(answers, Mapping):
        answers = yaml.safe_load(Path(answers).read_text(encoding="utf-8")) or {}
    queues = {k: list(v) for k, v in answers.items()
              if isinstance(v, list) and re.search(r"\.there_(is_another|are_any)$", k)}
    screens: list[Screen] = []
    for _ in range(max_screens):
        screen = session.step()
        screens.append(screen)
        if screen.is_end or screen.id == until:
            return screens
        values = {}
        for f in screen.fields:
            for key in (f.variable, f.raw_variable):
                if key in queues:
                    if not queues[key]:
                        raise AnswersMissing(f"{key}: no more answers in the sequence (screen {screen.id})")
                    values[f.variable] = queues[key].pop(0)
                    break
                if key in answers:
                    values[f.variable] = answers[key]
                    break
        if not values and any(f.required and f.default is None for f in screen.fields):
            wanted = ", ".join(f.variable for f in screen.fields)
            raise AnswersMissing(f"screen {screen.id or screen.name!r} asks for {wanted}; the answers give none")
        session.answer(values)
    raise AnswersMissing(f"no end screen after {max_screens} screens")
