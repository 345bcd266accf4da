"""Sealed case files (sealing.py, ``survivorrelief seal`` / ``unseal``): AES-256-GCM under a scrypt key, a
versioned header, the passphrase from SURVIVORRELIEF_PASSPHRASE or the terminal, never an argument; every
command reads a sealed file as it reads a plain one."""

from __future__ import annotations

import json
import os
import pty
import select
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from docassemble.SurvivorRelief import sealing
from docassemble.SurvivorRelief.errors import InputError
from tests.helpers import CLI, EXAMPLES, run_cli

PASSPHRASE = "a long fictional passphrase"
CASE = EXAMPLES / "tx-labor-adult.case.yml"


def env(passphrase: str = PASSPHRASE) -> dict[str, str]:
    return {**os.environ, sealing.ENV: passphrase}


def plain_copy(tmp_path: Path, name: str = "case.yml") -> Path:
    f = tmp_path / name
    shutil.copyfile(CASE, f)
    return f


def test_seal_and_unseal_round_trip_in_place(tmp_path: Path) -> None:
    f = plain_copy(tmp_path)
    original = f.read_bytes()
    sealed = run_cli("seal", str(f), env=env())
    assert sealed.returncode == 0, sealed.stderr
    data = f.read_bytes()
    assert data.startswith(b"SRSEAL\x01y") and len(data) == sealing.HEADER_SIZE + len(original) + 16
    for text in (b"Mateo", b"Ejemplo", b"Example Lane", b"case_id", b"1994-03-15"):
        assert text not in data
    assert f.stat().st_mode & 0o777 == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yml"]  # no plain copy, no temporary file
    opened = run_cli("unseal", str(f), env=env())
    assert opened.returncode == 0, opened.stderr
    assert f.read_bytes() == original
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yml"]


@pytest.mark.parametrize("command", [["check", "--json"], ["screen", "--json"], ["deadlines", "--json"],
                                     ["restitution", "--json"], ["evidence", "--json"]])
def test_every_command_reads_a_sealed_file_as_a_plain_one(tmp_path: Path, command: list[str]) -> None:
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLES / "evidence", folder / "evidence")
    f = plain_copy(folder)
    plain = run_cli(command[0], str(f), *command[1:], env=env())
    assert run_cli("seal", str(f), env=env()).returncode == 0
    from_sealed = run_cli(command[0], str(f), *command[1:], env=env())
    assert from_sealed.returncode == plain.returncode == 0, from_sealed.stderr
    assert json.loads(from_sealed.stdout) == json.loads(plain.stdout)


def test_assemble_from_a_sealed_case(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    shutil.copytree(EXAMPLES / "evidence", folder / "evidence")
    f = plain_copy(folder)
    assert run_cli("seal", str(f), env=env()).returncode == 0
    result = run_cli("assemble", str(f), "--out", str(tmp_path / "out"), "--remedy", "us.t_visa", env=env())
    assert result.returncode == 0, result.stderr
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["case_id"] == "example-tx-labor-adult"
    assert any(p["kind"] == "packet" and p["path"].startswith("us.t_visa/filing/") for p in manifest["files"])


def test_sealed_json_stays_json(tmp_path: Path) -> None:
    f = tmp_path / "case.json"
    f.write_text(json.dumps({"case_id": "sealed-json", "jurisdictions": ["us"]}), encoding="utf-8")
    assert run_cli("seal", str(f), env=env()).returncode == 0
    assert f.read_bytes()[7:8] == b"j"
    result = run_cli("check", str(f), "--json", env=env())
    assert result.returncode == 0 and json.loads(result.stdout)["case_id"] == "sealed-json"


def test_core_round_trip_header_and_fresh_salt() -> None:
    plain = CASE.read_bytes()
    a, b = sealing.seal(plain, PASSPHRASE, log2_n=14), sealing.seal(plain, PASSPHRASE, log2_n=14)
    assert a != b and a[:8] == b[:8] == b"SRSEAL\x01y"
    assert a[8:11] == bytes([14, sealing.R, sealing.P])
    assert sealing.unseal(a, PASSPHRASE) == (plain, "yaml")
    with pytest.raises(InputError, match="wrong passphrase"):
        sealing.unseal(a, PASSPHRASE + "!")


def test_default_cost_is_scrypt_2_17() -> None:
    """OWASP's scrypt minimum (N=2^17, r=8, p=1) is the default cost written into the header."""
    sealed = sealing.seal(b"case_id: x\n", PASSPHRASE)
    assert sealed[8:11] == bytes([17, 8, 1])


def test_passphrase_is_never_an_argument() -> None:
    result = run_cli("seal", "--help")
    assert "--passphrase" not in result.stdout and sealing.ENV in result.stdout.replace("\n", " ")
    result = run_cli("seal", "x.case.yml", "--passphrase", "secret")
    assert result.returncode == 2 and "No such option" in result.stderr


def _on_terminal(args: list[str], answers: list[str], extra_env: dict[str, str]) -> tuple[int, str]:
    """Run the command with a pseudo-terminal as stdin, typing each answer once its prompt is shown.

    getpass flushes pending terminal input when it turns echo off, so an answer typed early is lost.
    """
    master, slave = pty.openpty()
    proc = subprocess.Popen([str(CLI), *args], stdin=slave, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            start_new_session=True,
                            env={k: v for k, v in {**os.environ, **extra_env}.items() if k != sealing.ENV})
    os.close(slave)
    err = b""
    deadline = time.monotonic() + 60
    for n, answer in enumerate(answers, start=1):
        while err.count(b"Passphrase") < n and time.monotonic() < deadline and proc.poll() is None:
            ready, _, _ = select.select([proc.stderr], [], [], 0.5)
            if ready:
                err += os.read(proc.stderr.fileno(), 4096)
        time.sleep(0.3)  # getpass flushes input right after the prompt
        os.write(master, answer.encode() + b"\n")
    out, rest = proc.communicate(timeout=60)
    os.close(master)
    return proc.returncode, out.decode() + (err + rest).decode()


def test_seal_asks_twice_on_a_terminal_and_check_asks_once(tmp_path: Path) -> None:
    f = plain_copy(tmp_path)
    code, text = _on_terminal(["seal", str(f)], [PASSPHRASE, PASSPHRASE], {})
    assert code == 0, text
    assert sealing.is_sealed(f.read_bytes())
    code, text = _on_terminal(["check", str(f)], [PASSPHRASE], {})
    assert code == 0 and "is valid" in text, text


def test_seal_refuses_two_different_passphrases(tmp_path: Path) -> None:
    f = plain_copy(tmp_path)
    before = f.read_bytes()
    code, text = _on_terminal(["seal", str(f)], [PASSPHRASE, PASSPHRASE + "x"], {})
    assert code == 2 and "differ" in text
    assert f.read_bytes() == before


def test_case_with_a_sealed_file_keeps_its_yaml(tmp_path: Path) -> None:
    """What unseal gives back parses to the same case data as before sealing."""
    f = plain_copy(tmp_path)
    before = yaml.safe_load(f.read_text(encoding="utf-8"))
    run_cli("seal", str(f), env=env())
    run_cli("unseal", str(f), env=env())
    assert yaml.safe_load(f.read_text(encoding="utf-8")) == before


def test_seal_through_a_link_seals_the_file_itself(tmp_path: Path) -> None:
    """Sealing a link must not leave the plain file it points to: the file itself is sealed."""
    f = plain_copy(tmp_path)
    link = tmp_path / "link.case.yml"
    link.symlink_to(f)
    assert run_cli("seal", str(link), env=env()).returncode == 0
    assert link.is_symlink() and sealing.is_sealed(f.read_bytes())
    assert run_cli("check", str(link), env=env()).returncode == 0
