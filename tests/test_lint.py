"""The code follows the project's ruff settings (pyproject.toml) and calls no deprecated API."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import REPO, SAMPLE_POSTS, add_square_png, patched_build, write_site

RUFF = Path(sys.executable).parent / "ruff"


def test_ruff_check_passes() -> None:
    result = subprocess.run([RUFF, "check", "."], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_applied() -> None:
    result = subprocess.run(
        [RUFF, "format", "--check", "."], cwd=REPO, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout


STRICT_ABOUT_OUR_DEPRECATIONS = """
import sys
import warnings

# Any deprecated Sphinx (or other) API called from blogkit's own code fails the build.
for category in (DeprecationWarning, PendingDeprecationWarning):
    warnings.filterwarnings("error", category=category, module=r"blogkit(\\.|$)")
"""


def test_blogkit_calls_no_deprecated_api(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", SAMPLE_POSTS)
    add_square_png(root)
    done = patched_build(STRICT_ABOUT_OUR_DEPRECATIONS, root)
    assert done.returncode == 0, done.stderr[-3000:]
