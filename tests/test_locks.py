"""The locks: hashed, inside pyproject.toml's ranges, and installed the way the Makefile says.

One set of locks per Python, each with the newest versions the ranges allow
on it: requirements/py3.11/ has Sphinx 9.0 (the oldest end), py3.12/ Sphinx
9.1, and py3.13+/ Sphinx 9.2 and docutils 0.23 (the newest end).
The Makefile picks the set for the Python it uses, installs it with hashes
checked, and makes the venv anew when the Python or a lock changes.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from conftest import REPO
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from blogkit.cli import LIVE_IGNORE

SETS = {"py3.11": (9, 0), "py3.12": (9, 1), "py3.13+": (9, 2)}
LOCKS = sorted((REPO / "requirements").glob("**/*.lock"))
PYPROJECT = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
ENTRY = re.compile(r"^(?P<name>[A-Za-z0-9._-]+)==(?P<version>\S+)")


def pins(lock: Path) -> dict[str, tuple[Version, int]]:
    """Each package a lock pins: its version and how many hashes it carries."""
    found: dict[str, tuple[Version, int]] = {}
    name = None
    for line in lock.read_text(encoding="utf-8").splitlines():
        if entry := ENTRY.match(line):
            name = canonicalize_name(entry["name"])
            found[name] = (Version(entry["version"]), 0)
        elif name and line.strip().startswith("--hash=sha256:"):
            version, hashes = found[name]
            found[name] = (version, hashes + 1)
        elif line and not line.startswith(" "):
            name = None
    return found


def test_every_lock_pins_every_package_with_hashes() -> None:
    assert {lock.relative_to(REPO).as_posix() for lock in LOCKS} >= {
        f"requirements/{folder}/{name}.lock"
        for folder in SETS
        for name in ("build", "site", "test")
    }
    for lock in LOCKS:
        text = lock.read_text(encoding="utf-8")
        found = pins(lock)
        assert found, lock
        unhashed = [name for name, (_version, hashes) in found.items() if hashes == 0]
        assert not unhashed, f"{lock}: no hashes for {unhashed}"
        # Every requirement line is a pin: nothing a resolver could choose at install time.
        requirements = [line for line in text.splitlines() if line and line[0] not in " #-"]
        assert len(requirements) == len(found), lock


@pytest.mark.parametrize("folder", SETS)
def test_each_set_pins_versions_inside_the_ranges(folder: str) -> None:
    locks = REPO / "requirements" / folder
    site, test = (pins(locks / f"{name}.lock") for name in ("site", "test"))
    project = PYPROJECT["project"]
    for lock, declared in (
        (site, project["dependencies"]),
        (test, project["dependencies"] + project["optional-dependencies"]["test"]),
    ):
        for line in declared:
            requirement = Requirement(line)
            version, _hashes = lock[canonicalize_name(requirement.name)]
            assert requirement.specifier.contains(version), (folder, line, version)
    # The tests run with exactly what the site is built with.
    assert {name: test[name] for name in site} == site
    build = pins(locks / "build.lock")
    for line in PYPROJECT["build-system"]["requires"]:
        requirement = Requirement(line)
        version, _hashes = build[canonicalize_name(requirement.name)]
        assert requirement.specifier.contains(version), (folder, line, version)


def test_the_two_sets_are_the_two_ends_of_the_ranges() -> None:
    for folder, sphinx in SETS.items():
        site = pins(REPO / "requirements" / folder / "site.lock")
        assert site["sphinx"][0].release[:2] == sphinx, folder
    locks = REPO / "requirements"
    docutils = {name: pins(locks / name / "site.lock")["docutils"][0] for name in SETS}
    assert docutils["py3.11"] < Version("0.23") <= docutils["py3.13+"]


def make(*args: str) -> subprocess.CompletedProcess[str]:
    command = ["make", "--no-print-directory", "-C", str(REPO), f"PYTHON={sys.executable}", *args]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def test_make_installs_the_lock_of_its_python_with_hashes(tmp_path: Path) -> None:
    folder = {(3, 11): "py3.11", (3, 12): "py3.12"}.get(sys.version_info[:2], "py3.13+")
    done = make("-n", f"VENV={tmp_path / 'venv'}", "html")
    assert done.returncode == 0, done.stderr
    version = ".".join(map(str, sys.version_info[:3]))
    itself = os.path.realpath(sys.executable)
    assert done.stdout.startswith(f"Python {version} ({itself}): "), done.stdout
    installs = [line for line in done.stdout.splitlines() if " install " in line]
    assert [line.split(" install ", 1)[1] for line in installs] == [
        f"--require-hashes -r requirements/{folder}/build.lock",
        f"--require-hashes --no-build-isolation -r requirements/{folder}/site.lock",
        "--no-deps --no-build-isolation -e .",
    ]


def test_make_replaces_a_venv_made_from_another_python_or_lock(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    venv.mkdir()
    (venv / "pyvenv.cfg").write_text("home = elsewhere\n")
    (venv / ".made-from").write_text("3.10 3.10.0 False /elsewhere/python requirements/old 1 2\n")
    (venv / "left-over").write_text("a package of another Python\n")
    # Without pip: only the choice to make it anew is tested here, not the installs.
    done = make(f"VENV={venv}", "VENVFLAGS=--without-pip", f"{venv}/.made-from")
    assert done.returncode == 0, done.stderr
    assert "making" in done.stdout
    assert not (venv / "left-over").exists()
    assert (venv / "bin" / "python").exists()
    # Made from this Python and these locks: left as it is.
    (venv / "left-over").write_text("installed from the lock\n")
    done = make(f"VENV={venv}", "VENVFLAGS=--without-pip", f"{venv}/.made-from")
    assert done.returncode == 0, done.stderr
    assert "making" not in done.stdout
    assert (venv / "left-over").exists()


def test_make_never_replaces_a_folder_that_is_not_a_venv(tmp_path: Path) -> None:
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n")
    done = make(f"VENV={folder}", f"{folder}/.made-from")
    assert done.returncode != 0
    assert "not a virtual environment" in done.stdout + done.stderr
    assert (folder / "notes.txt").read_text() == "mine\n"


def test_the_live_preview_ignores_every_venv_make_makes() -> None:
    for path in (".venv/lib/x.py", ".venv-3.13/lib/x.py", ".venv-locks-3.11/bin/pip-compile"):
        assert re.search(LIVE_IGNORE, path), path
    assert not re.search(LIVE_IGNORE, "posts/2024/venv-tips.md")
