"""The code follows the project's ruff settings (pyproject.toml) and calls no deprecated API."""

from __future__ import annotations

import subprocess
import sys
import warnings
from pathlib import Path

from conftest import REPO, build_root

RUFF = Path(sys.executable).parent / "ruff"


def test_ruff_check_passes() -> None:
    result = subprocess.run([RUFF, "check", "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_applied() -> None:
    result = subprocess.run(
        [RUFF, "format", "--check", "."], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


def test_blogkit_calls_no_deprecated_api(tmp_path: Path) -> None:
    # Any deprecated Sphinx (or other) API called from blogkit's own code fails the build.
    with warnings.catch_warnings():
        for category in (DeprecationWarning, PendingDeprecationWarning):
            warnings.filterwarnings("error", category=category, module=r"blogkit(\.|$)")
        build = build_root("blog", tmp_path)
    assert build.returncode == 0, build.stderr[-3000:]
