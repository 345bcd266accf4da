"""Sealed case files: AES-256-GCM under a key made by scrypt from a passphrase the user chooses.

Why: a case file on a laptop, a USB stick or in an e-mail attachment must be useless to whoever finds
it. The layout (docs/security.md) is a fixed header followed by the ciphertext and its 16-byte tag::

    magic "SRSEAL" | version 1 | format ("y" YAML, "j" JSON) | log2 N | r | p | salt (16) | nonce (12)

The whole header is authenticated data: a changed byte anywhere, or a wrong passphrase, fails the tag
check. The passphrase comes from ``SURVIVORRELIEF_PASSPHRASE`` or a prompt on the terminal, never from
a command-line argument (which other users of the machine can see in the process list).
"""

from __future__ import annotations

import os
import secrets
import struct
import sys
from collections.abc import Callable
from typing import Optional

from .errors import InputError, Problem

MAGIC = b"SRSEAL"
VERSION = 1
ENV = "SURVIVORRELIEF_PASSPHRASE"
MIN_PASSPHRASE = 8
_HEADER = struct.Struct(">6sBcBBB16s12s")
HEADER_SIZE = _HEADER.size
# scrypt cost: N = 2**17, r = 8, p = 1 (128 MiB, about half a second); a sealed file may ask for less or
# somewhat more, within these bounds, so a hostile header cannot make the reader use unbounded memory.
LOG2_N, R, P = 17, 8, 1
_LOG2_N_RANGE, _R_RANGE, _P_RANGE = range(14, 21), range(1, 17), range(1, 5)
_FORMATS = {b"y": "yaml", b"j": "json"}

Passphrase = Callable[[bool], str]   # confirm? -> the passphrase


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


def _key(passphrase: str, salt: bytes, log2_n: int, r: int, p: int) -> bytes:
    from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

    return Scrypt(salt=salt, length=32, n=2 ** log2_n, r=r, p=p).derive(passphrase.encode("utf-8"))


def seal(plain: bytes, passphrase: str, kind: str = "yaml", log2_n: int = LOG2_N) -> bytes:
    """The sealed form of ``plain`` (a YAML or JSON case file)."""
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    check_passphrase(passphrase)
    fmt = next(code for code, name in _FORMATS.items() if name == kind)
    salt, nonce = secrets.token_bytes(16), secrets.token_bytes(12)
    header = _HEADER.pack(MAGIC, VERSION, fmt, log2_n, R, P, salt, nonce)
    return header + AESGCM(_key(passphrase, salt, log2_n, R, P)).encrypt(nonce, plain, header)


def unseal(data: bytes, passphrase: str, source: str = "") -> tuple[bytes, str]:
    """The plain bytes and their format (``yaml`` or ``json``); any problem is an InputError, no partial text."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    def refuse(message: str) -> InputError:
        return InputError([Problem("(sealed file)", message)], source=source)

    if len(data) < HEADER_SIZE + 16 or not is_sealed(data):
        raise refuse("not a sealed case file, or cut short")
    magic, version, fmt, log2_n, r, p, salt, nonce = _HEADER.unpack(data[:HEADER_SIZE])
    if version != VERSION:
        raise refuse(f"sealed with format version {version}, which this version cannot open (update it)")
    if fmt not in _FORMATS or log2_n not in _LOG2_N_RANGE or r not in _R_RANGE or p not in _P_RANGE:
        raise refuse("the header is damaged")
    try:
        plain = AESGCM(_key(passphrase, salt, log2_n, r, p)).decrypt(nonce, data[HEADER_SIZE:], data[:HEADER_SIZE])
    except InvalidTag:
        raise refuse("wrong passphrase, or the file was changed or damaged (nothing was read)") from None
    return plain, _FORMATS[fmt]


def check_passphrase(passphrase: str) -> None:
    if len(passphrase) < MIN_PASSPHRASE:
        raise InputError([Problem("(passphrase)", f"too short: use at least {MIN_PASSPHRASE} characters "
                                                  "(a few words are easy to remember and hard to guess)")])


def passphrase_from_env_or_prompt(confirm: bool = False) -> str:
    """``SURVIVORRELIEF_PASSPHRASE``, else typed at the terminal (twice when ``confirm``)."""
    given = os.environ.get(ENV)
    if given:
        return given
    if not sys.stdin.isatty():
        raise InputError([Problem("(passphrase)", f"the case file is sealed: set {ENV} or run the command in a "
                                                  "terminal to type the passphrase")])
    import getpass

    first = getpass.getpass("Passphrase: ")
    if confirm and getpass.getpass("Passphrase again: ") != first:
        raise InputError([Problem("(passphrase)", "the two passphrases differ (nothing was changed)")])
    return first


def open_if_sealed(data: bytes, kind: str, source: str,
                   passphrase: Optional[Passphrase] = None) -> tuple[bytes, str]:
    """Plain bytes and format of a case file that may be sealed; a plain file comes back unchanged."""
    if not is_sealed(data):
        return data, kind
    ask = passphrase or passphrase_from_env_or_prompt
    return unseal(data, ask(False), source)
