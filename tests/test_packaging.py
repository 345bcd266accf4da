"""The wheel carries interviews, templates, packs and words inside the package where docassemble looks for them
(docassemble/SurvivorRelief/data/questions, data/templates, data/sources, data/words), and docassemble stays a
namespace."""

from __future__ import annotations

import shutil
import subprocess
import sys
import zipfile

import pytest

from tests.helpers import REPO

DATA = {"interviews": "questions", "templates": "templates", "jurisdictions": "sources", "words": "words"}


def _tracked_files(top: str) -> list[str]:
    """Tracked files under ``top``; a tracked link to a folder (jurisdictions/translations) stands for its files."""
    out = subprocess.run(["git", "ls-files", top], cwd=REPO, capture_output=True, text=True, check=True).stdout
    files = []
    for line in filter(None, out.splitlines()):
        linked = REPO / line
        files += [f"{line}/{p.name}" for p in sorted(linked.iterdir())] if linked.is_dir() else [line]
    return files


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> zipfile.ZipFile:
    src = tmp_path_factory.mktemp("src") / "repo"
    shutil.copytree(REPO, src, symlinks=True,
                    ignore=shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "out",
                                                  "__pycache__", ".pytest_cache", ".ruff_cache"))
    dist = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
                    "-w", str(dist), str(src)], check=True, capture_output=True, text=True)
    (path,) = dist.glob("*.whl")
    return zipfile.ZipFile(path)


def test_wheel_holds_data_folders_at_docassemble_paths(wheel: zipfile.ZipFile) -> None:
    names = set(wheel.namelist())
    for top, target in DATA.items():
        files = [f for f in _tracked_files(top) if not f.endswith(".pyc")]
        assert files, f"nothing tracked under {top}/"
        for f in files:
            inside = f"docassemble/SurvivorRelief/data/{target}/" + f.split("/", 1)[1]
            assert inside in names, f"{f} is not in the wheel as {inside}"
    assert "docassemble/SurvivorRelief/data/questions/intake.yml" in names
    assert "docassemble/SurvivorRelief/data/sources/us.yml" in names
    assert "docassemble/SurvivorRelief/data/sources/translations/intake.es.xlf" in names
    assert "docassemble/SurvivorRelief/data/words/es.yml" in names


def test_docassemble_stays_a_namespace(wheel: zipfile.ZipFile) -> None:
    names = wheel.namelist()
    assert "docassemble/__init__.py" not in names
    assert "docassemble/SurvivorRelief/__init__.py" in names
    assert "docassemble/SurvivorRelief/cli.py" in names


def test_wheel_declares_command_and_extras(wheel: zipfile.ZipFile) -> None:
    meta_name = next(n for n in wheel.namelist() if n.endswith(".dist-info/METADATA"))
    meta = wheel.read(meta_name).decode()
    assert "Provides-Extra: docassemble" in meta and "Provides-Extra: test" in meta
    assert "docassemble.base==1.10.13" in meta
    entry = wheel.read(meta_name.replace("METADATA", "entry_points.txt")).decode()
    assert "survivorrelief = docassemble.SurvivorRelief.cli:main" in entry
