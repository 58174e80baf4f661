"""``blogkit init DIR``: a new blog that builds strict at once.

It writes conf.py (the site's identity, once), an index, an about page, a
first post, a Makefile, ``.readthedocs.yaml``, ``.gitignore`` and the locks
blogkit itself is tested with (shipped in the package, ``scaffold/requirements``).
The pages reach the blog through blogkit's directive and roles, never through
its paths, so that ``blog_path`` can change without another edit. It writes
nothing when any of its files exists already.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from datetime import UTC, datetime
from pathlib import Path
from string import Template

from blogkit import __version__

SCAFFOLD = Path(__file__).parent / "scaffold"
#: The Python Read the Docs uses for a lock that does not say (requirements/site.lock).
DEFAULT_PYTHON = "3.11"
BLOGKIT_REQUIREMENT = f"""\
# blogkit itself, installed after the lock (its dependencies are pinned there).
# To use a checkout or a wheel instead of a release, put its path or URL here.
blogkit=={__version__}
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("directory", help="where to write the new blog (created if missing)")
    parser.add_argument("--title", default="My blog", help="the blog's title")
    parser.add_argument("--author", default="Your Name", help="who writes it")
    parser.add_argument("--email", default="", help="the address readers write to")
    parser.add_argument(
        "--url", default="https://blog.example.org/", help="where the blog will be served"
    )


def _literal(value: str) -> str:
    """A double-quoted string, the same in Python (conf.py) and YAML."""
    return json.dumps(value, ensure_ascii=False)


def site_locks() -> list[Path]:
    """The site locks shipped with the package, relative to its requirements folder."""
    folder = SCAFFOLD / "requirements"
    return sorted(path.relative_to(folder) for path in folder.rglob("site.lock"))


def lock_python(lock: Path) -> str:
    """The Python a lock is for, from its folder's name (``py3.12+``), else the default."""
    found = re.fullmatch(r"py(3\.\d+)\+?", lock.parent.name)
    return found.group(1) if found else DEFAULT_PYTHON


def scaffold_files(args: argparse.Namespace, today: datetime) -> dict[str, str]:
    """Every file of the new blog: path relative to it -> text."""

    def template(name: str, **values: str) -> str:
        return Template((SCAFFOLD / name).read_text(encoding="utf-8")).substitute(values)

    def copy(name: str) -> str:
        return (SCAFFOLD / name).read_text(encoding="utf-8")

    locks = site_locks()
    if not locks:
        raise ValueError("this installation of blogkit ships no lock (scaffold/requirements)")
    # Read the Docs builds with the newest Python a lock is made for.
    newest = max(locks, key=lambda lock: tuple(map(int, lock_python(lock).split("."))))
    files = {
        "conf.py": template(
            "conf.py.in",
            title=_literal(args.title),
            author=_literal(args.author),
            email=_literal(args.email),
            url=_literal(args.url),
        ),
        "index.md": copy("index.md"),
        "about.md": copy("about.md"),
        f"posts/{today.year}/hello-world.md": template(
            "first-post.md.in", date=today.date().isoformat()
        ),
        "Makefile": copy("Makefile"),
        ".readthedocs.yaml": template(
            "readthedocs.yaml.in",
            python=lock_python(newest),
            lock=(Path("requirements") / newest).as_posix(),
        ),
        ".gitignore": copy("gitignore"),
        "requirements/blogkit.txt": BLOGKIT_REQUIREMENT,
    }
    for lock in locks:
        files[(Path("requirements") / lock).as_posix()] = copy(f"requirements/{lock.as_posix()}")
    return files


def _check_identity(args: argparse.Namespace) -> str | None:
    for name in ("title", "author", "email", "url"):
        value = getattr(args, name)
        if any(char in value for char in "\r\n"):
            return f"--{name} is one line"
    if not args.url.startswith(("https://", "http://")):
        return f"--url {args.url!r} is not an absolute URL (e.g. 'https://blog.example.org/')"
    return None


def run_init(args: argparse.Namespace) -> int:
    problem = _check_identity(args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return 2
    target = Path(args.directory)
    files = scaffold_files(args, datetime.now(UTC))
    existing = [name for name in files if (target / name).exists()]
    if existing:
        for name in existing:
            print(f"error: {(target / name).as_posix()} already exists", file=sys.stderr)
        print("blogkit init writes over no file: nothing was written", file=sys.stderr)
        return 1
    for name, text in files.items():
        path = target / name
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as out:
            out.write(text)
    print(f"A new blog in {target.as_posix()}: cd there and run `make html` (or `make live`).")
    return 0
