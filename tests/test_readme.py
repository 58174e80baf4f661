"""The README tells the truth about the code: every module is in its map."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def test_the_module_map_names_every_module() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    layout = readme.split("## Layout", 1)[1].split("```", 2)[1]
    named = set(re.findall(r"[\w]+\.py", layout))
    modules = {
        path.name
        for path in (REPO / "blogkit").rglob("*.py")
        if path.name not in ("__main__.py",) and "scaffold" not in path.parts
    }
    # Every package's __init__.py is named as the package's line; the others by name.
    missing = sorted(name for name in modules - named if name != "__init__.py")
    assert missing == [], f"modules the README's Layout does not name: {missing}"
    stale = sorted(name for name in named - modules if name not in ("conf.py",))
    assert stale == [], f"the README's Layout names modules that do not exist: {stale}"
