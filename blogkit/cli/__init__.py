"""The blog's command line: start a blog, check every post, start a new one.

blogkit init DIR         a new blog that builds at once (blogkit.cli.init)
blogkit check            every rule of the build that needs no build, in about a second
blogkit new "My title"   posts/<year>/<slug>.md, as a draft
blogkit migrate SOURCE   an ABlog site's posts brought in (blogkit.cli.migrate)
"""

from __future__ import annotations

import argparse
import os
import sys
import textwrap
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from blogkit.cli.init import add_arguments as add_init_arguments
from blogkit.cli.init import run_init
from blogkit.cli.migrate import run_migrate
from blogkit.config import SiteConfig, build_now, load_site_config
from blogkit.model.conference import missing_files
from blogkit.model.drafts import draft_reason, drafts_left_out, in_a_published_build, new_post_note
from blogkit.model.frontmatter import (
    PostMeta,
    Problem,
    Rules,
    find_collisions,
    other_tools_note,
)
from blogkit.model.slug import slugify
from blogkit.model.sources import find_sources, read_post_file, unreadable


def check_posts(root: Path, site: SiteConfig) -> tuple[list[PostMeta], list[Problem]]:
    """Every post under the posts folder, and every problem in them, as the build finds them."""
    rules = Rules(timezone=ZoneInfo(site.timezone), authors=site.authors)
    found = find_sources(root, site.posts_dir, site.suffixes, site.exclude)
    posts: list[PostMeta] = []
    problems: list[Problem] = list(found.problems)
    for relative in found.posts:
        meta, found_here = read_post_file(root / relative, relative, rules)
        problems.extend(found_here)
        problems.extend(missing_files(meta, root))
        if not unreadable(found_here):  # as in the build, which never reads it
            posts.append(meta)
    problems.extend(find_collisions(posts))
    return posts, sorted(problems)


def run_check(args: argparse.Namespace) -> int:
    root = Path(args.root)
    site = load_site_config(root)
    posts, problems = check_posts(root, site)
    note = other_tools_note(posts)
    if note:
        print(f"note: {note}")
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        print(f"{len(problems)} problem(s) in {len(posts)} post(s)", file=sys.stderr)
        return 1
    print(f"{len(posts)} post(s) checked, no problems")
    now = build_now()
    drafts = [(meta.path, draft_reason(meta, now)) for meta in posts if meta.is_draft(now)]
    if drafts:
        # As the build says it: a draft is left out of the published site.
        print(drafts_left_out(in_a_published_build(), drafts))
    return 0


def new_post_text(title: str, tags: Sequence[str], author: str | None, today: date) -> str:
    """A new post: a draft whose front matter says how to publish it."""
    note = textwrap.wrap(new_post_note(), width=76)
    lines = ["---", *(f"# {line}" for line in note), "draft: true", f"# date: {today.isoformat()}"]
    if author:
        lines.append(f"author: {_yaml_string(author)}")
    if tags:
        lines.append("tags: [" + ", ".join(_yaml_string(t) for t in tags) + "]")
    lines += ["---", "", f"# {title}", "", "Write here.", ""]
    return "\n".join(lines)


def _yaml_string(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def run_new(args: argparse.Namespace) -> int:
    root = Path(args.root)
    site = load_site_config(root)
    title = " ".join(args.title.split())
    slug = slugify(title)
    if not slug:
        print(
            f"error: the title {args.title!r} has no letters or digits to make a file name from",
            file=sys.stderr,
        )
        return 2
    if any(char in title for char in "\n\r"):
        print("error: a title is one line", file=sys.stderr)
        return 2
    tags = [t.strip() for t in (args.tags or "").split(",") if t.strip()]
    today = datetime.now(ZoneInfo(site.timezone)).date()
    path = root / site.posts_dir / str(today.year) / f"{slug}.md"
    clashes = sorted((root / site.posts_dir).rglob(f"{slug}.md"))
    if clashes:
        shown = clashes[0].relative_to(root).as_posix()
        print(f"error: {shown} already exists; choose another title", file=sys.stderr)
        return 1
    author = site.authors[0] if len(site.authors) == 1 else None
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8") as out:
        out.write(new_post_text(title, tags, author, today))
    # The path alone on stdout (for scripts and editors); how to publish it beside it.
    print(path.relative_to(root).as_posix())
    print(new_post_note(), file=sys.stderr)
    return 0


#: Never rebuild for, nor watch: version control, environments, build output, tests,
#: caches and editors' temporary files. Only the site's own sources trigger a rebuild.
LIVE_IGNORE = (
    r"(^|/)(\.git|\.venv[^/]*|venv|_build|tests|benchmarks|node_modules|test-output"
    r"|__pycache__|\.pytest_cache|\.ruff_cache|[^/]*\.egg-info)(/|$)"
    r"|(\.sw[a-p]|~|\.tmp|#)$|(^|/)\.#"
)


def live_command(root: Path, host: str, port: int) -> list[str]:
    """sphinx-autobuild on the site: strict, drafts shown, output kept under _build/.

    Run through blogkit.incremental.liveserver, which builds each save with a
    warm worker (blogkit.incremental.warm), shows a broken save's problems
    over the open page, and answers only this machine.
    """
    build = root / "_build"
    return [
        sys.executable,
        "-m",
        "blogkit.incremental.liveserver",
        str(root),
        str(build / "live"),
        "--host",
        host,
        "--port",
        str(port),
        "--re-ignore",
        LIVE_IGNORE,
        # Strict, and a bad post stops the build before anything is written
        # (blogkit.incremental.preview), so the last good build stays served while the error shows.
        "-W",
        "-D",
        "blog_stop_on_read_errors=1",
        "-D",
        "blog_drafts=show",
        "-d",
        str(build / "live-doctrees"),
    ]


def run_live(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    load_site_config(root)  # fails early, and clearly, outside a blog
    # Become sphinx-autobuild rather than wait for it: whatever stops `make live`
    # (Ctrl-C, an editor, a process manager's SIGTERM) stops the server with it,
    # instead of leaving it behind on the port.
    os.chdir(root)
    command = live_command(root, args.host, args.port)
    os.execv(command[0], command)
    return 1  # not reached: execv only returns by raising


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="blogkit", description="Start a blog, check its posts, start a new one."
    )
    parser.add_argument("--root", default=".", help="the blog's folder (where conf.py is)")
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="check every post's front matter and title")
    check.set_defaults(run=run_check)
    new = commands.add_parser("new", help="create posts/<year>/<slug>.md as a draft")
    new.add_argument("title")
    new.add_argument("--tags", help="comma-separated tags")
    new.set_defaults(run=run_new)
    live = commands.add_parser("live", help="serve the site, rebuilt and reloaded on each save")
    live.add_argument("--host", default="127.0.0.1")
    live.add_argument("--port", type=int, default=8000)
    live.set_defaults(run=run_live)
    init = commands.add_parser("init", help="write a new blog into a folder, over no file")
    add_init_arguments(init)
    init.set_defaults(run=run_init)
    migrate = commands.add_parser(
        "migrate", help="bring an ABlog site's posts in (a dry run unless --write)"
    )
    migrate.add_argument("source", help="the ABlog site's source folder")
    migrate.add_argument("--write", action="store_true", help="write the files (never overwrites)")
    migrate.set_defaults(run=run_migrate)
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except (OSError, ValueError) as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
