"""The blog's settings, with their defaults, readable without starting Sphinx."""

from __future__ import annotations

import runpy
from dataclasses import dataclass
from pathlib import Path

#: blogkit's own settings: name -> (default, what a change of it rebuilds).
DEFAULTS: dict[str, tuple[object, str]] = {
    "blog_posts_dir": ("posts", "env"),
    "blog_timezone": ("UTC", "env"),
    "blog_drafts": ("auto", "env"),
    "blog_recent_posts": (5, "html"),
    "blog_stop_on_read_errors": (False, ""),
}


@dataclass(frozen=True)
class SiteConfig:
    posts_dir: str
    timezone: str
    authors: tuple[str, ...]


def load_site_config(root: Path) -> SiteConfig:
    """Read conf.py (declarative by design) the way the command line needs it."""
    conf = root / "conf.py"
    if not conf.is_file():
        raise ValueError(f"no conf.py in {root}: run this from the blog's folder or pass --root")
    values = runpy.run_path(str(conf))

    def setting(name: str) -> object:
        return values.get(name, DEFAULTS[name][0])

    return SiteConfig(
        posts_dir=str(setting("blog_posts_dir")),
        timezone=str(setting("blog_timezone")),
        authors=tuple(values.get("blog_authors", {})),
    )
