"""``blogkit migrate SOURCE``: bring an ABlog site's posts into this blog.

A dry run unless ``--write``: it prints a summary, a diff of every file it
would change or create from another, and what it could not carry over. It
never overwrites a file that exists; the one file it edits is this blog's
``conf.py``, to add the source's ABlog settings that it does not set yet.

The source's ``conf.py`` is read with :mod:`ast`, never run: only settings
written as literals are carried over (the rest are listed). Posts keep their
path under ``posts/`` (the source's top folder, such as ``blog/`` or
``posts/``, is replaced by this blog's posts folder), so most relative links
and image paths hold; where a post's address changes, its old address
becomes a ``redirect``, and Jekyll's ``permalink`` does too.
"""

from __future__ import annotations

import argparse
import ast
import difflib
import posixpath
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import yaml

from blogkit.config import load_site_config
from blogkit.model.frontmatter import split_front_matter

#: ABlog settings carried over into this blog's conf.py.
CARRIED_SETTINGS = (
    "blog_authors",
    "blog_locations",
    "blog_languages",
    "blog_default_author",
    "blog_default_location",
    "blog_default_language",
    "intersphinx_mapping",
)
POST_SUFFIXES = (".md", ".rst", ".ipynb")
_POST_KEYS = {"date", "blogpost", "tags", "category", "author", "title", "redirect"}
_SKIPPED_DIRS = {"_build", ".git", ".github", "node_modules", ".venv", "venv", "_static"}
_SKIPPED_NAMES = {"readme", "license", "changelog", "contributing", "index", "conf"}

_MD_LINK = re.compile(r"(!?)\[([^\]]*)\]\(\s*<?([^)\s>]+)>?(\s+\"[^\"]*\")?\s*\)")
_MD_DIRECTIVE = re.compile(r"^\s*(?:`{3,}|~{3,}|:{3,})\s*\{([\w:.+-]+)\}\s*(.*?)\s*$")
_RST_DIRECTIVE = re.compile(r"^\s*\.\.\s+([\w:.+-]+)::\s*(.*?)\s*$")
_FENCE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})(.*)$")
_RAW_IMG = re.compile(r"<img\b[^>]*\bsrc=[\"']([^\"']+)[\"']", re.IGNORECASE)
_DOC_ROLE = re.compile(r"\{doc\}`(?:[^`<]*<)?([^`>]+)>?`")
_FILE_DIRECTIVES = {"image", "figure", "literalinclude", "include"}


@dataclass
class Plan:
    """What a migration does: files to write, settings to add, and what it cannot carry."""

    writes: dict[Path, tuple[str, str, str]] = field(default_factory=dict)  # (from, text, new)
    copies: dict[Path, Path] = field(default_factory=dict)
    settings: dict[str, object] = field(default_factory=dict)
    conf_text: tuple[str, str] | None = None  # (before, after)
    redirects: int = 0
    links: int = 0
    posts: int = 0
    left_out: list[str] = field(default_factory=list)


def read_literal_settings(conf: Path) -> tuple[dict[str, object], list[str]]:
    """Top-level ``name = literal`` assignments of a conf.py, read without running it."""
    values: dict[str, object] = {}
    skipped: list[str] = []
    tree = ast.parse(conf.read_text(encoding="utf-8"), filename=str(conf))
    for statement in tree.body:
        if not isinstance(statement, ast.Assign) or len(statement.targets) != 1:
            continue
        target = statement.targets[0]
        if not isinstance(target, ast.Name):
            continue
        try:
            values[target.id] = ast.literal_eval(statement.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            skipped.append(f"{target.id} (line {statement.lineno}: not a literal)")
    return values, skipped


def _looks_like_post(path: Path) -> bool:
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".rst":
        return bool(re.search(r"^\.\.\s+post::", text, re.MULTILINE)) or text.startswith(":date:")
    if path.suffix == ".ipynb":
        return True
    block, _ = split_front_matter(text)
    if block is None:
        return False
    try:
        data = yaml.safe_load(block)
    except yaml.YAMLError:
        return False
    return isinstance(data, dict) and bool(_POST_KEYS & {str(key) for key in data})


def find_posts(source: Path, settings: dict[str, object]) -> list[Path]:
    """The source's posts: blog_post_pattern's matches, or files that say they are posts."""
    candidates = []
    for path in sorted(source.rglob("*")):
        relative = path.relative_to(source)
        if not path.is_file() or path.suffix not in POST_SUFFIXES:
            continue
        if any(part in _SKIPPED_DIRS or part.startswith(".") for part in relative.parts[:-1]):
            continue
        if path.stem.lower() in _SKIPPED_NAMES:
            continue
        candidates.append(path)
    patterns = settings.get("blog_post_pattern")
    if isinstance(patterns, str):
        patterns = [patterns]
    if isinstance(patterns, list) and patterns:
        return [
            path
            for path in candidates
            if any(
                PurePosixPath(path.relative_to(source).with_suffix("").as_posix()).match(p)
                or PurePosixPath(path.relative_to(source).as_posix()).match(p)
                for p in patterns
            )
        ]
    # Everything under a posts/ or blog/ folder (undated drafts too), else what says so.
    return [
        path
        for path in candidates
        if path.relative_to(source).parts[0] in ("posts", "blog") or _looks_like_post(path)
    ]


def _new_relative(source: Path, post: Path, posts: list[Path], posts_dir: str) -> PurePosixPath:
    """Where a post goes: under posts/, without the source's common top folder."""
    relative = PurePosixPath(post.relative_to(source).as_posix())
    tops = {PurePosixPath(p.relative_to(source).as_posix()).parts[0] for p in posts}
    if len(tops) == 1 and len(relative.parts) > 1:
        relative = PurePosixPath(*relative.parts[1:])
    return PurePosixPath(posts_dir) / relative


def plan_migration(source: Path, root: Path) -> Plan:
    plan = Plan()
    site = load_site_config(root)
    settings: dict[str, object] = {}
    conf = source / "conf.py"
    if conf.is_file():
        settings, skipped = read_literal_settings(conf)
        plan.left_out += [f"conf.py setting {entry}" for entry in skipped]
        _plan_settings(plan, settings, root)
    posts = find_posts(source, settings)
    if not posts:
        raise ValueError(f"no posts found in {source}")
    moves = {post: _new_relative(source, post, posts, site.posts_dir) for post in posts}
    by_old = {PurePosixPath(p.relative_to(source).as_posix()): new for p, new in moves.items()}
    known = _known_directives(root)
    for post, new in moves.items():
        plan.posts += 1
        old = PurePosixPath(post.relative_to(source).as_posix())
        if post.suffix == ".ipynb":
            plan.left_out.append(
                f"{old}: a notebook; convert it first with 'jupytext --to myst {old}'"
            )
            continue
        text = post.read_text(encoding="utf-8")
        migrated = _migrate_text(plan, source, root, old, new, text, by_old, known)
        target = root / new
        if migrated == text:
            plan.copies[target] = post
        else:
            plan.writes[target] = (str(old), text, migrated)
    return plan


def _plan_settings(plan: Plan, settings: dict[str, object], root: Path) -> None:
    conf = root / "conf.py"
    before = conf.read_text(encoding="utf-8")
    ours, _ = read_literal_settings(conf)
    after = before
    for name in CARRIED_SETTINGS:
        if name not in settings:
            continue
        value = settings[name]
        if name not in ours:
            after = after.rstrip("\n") + f"\n{name} = {value!r}\n"
            plan.settings[name] = value
        elif isinstance(value, dict) and isinstance(ours[name], dict):
            merged = {**value, **ours[name]}
            if merged != ours[name]:
                after = _replace_assignment(after, name, merged)
                plan.settings[name] = merged
    if after != before:
        plan.conf_text = (before, after)


def _replace_assignment(text: str, name: str, value: object) -> str:
    tree = ast.parse(text)
    for statement in tree.body:
        if (
            isinstance(statement, ast.Assign)
            and isinstance(statement.targets[0], ast.Name)
            and statement.targets[0].id == name
        ):
            lines = text.splitlines(keepends=True)
            start, end = statement.lineno - 1, statement.end_lineno or statement.lineno
            return "".join([*lines[:start], f"{name} = {value!r}\n", *lines[end:]])
    return text


def _known_directives(root: Path) -> set[str]:
    """Directives a post may use in this blog: a Sphinx application on its conf.py knows."""
    from docutils.parsers.rst import directives
    from sphinx.application import Sphinx

    with tempfile.TemporaryDirectory() as scratch:
        app = Sphinx(
            str(root),
            str(root),
            str(Path(scratch) / "out"),
            str(Path(scratch) / "doctrees"),
            "html",
            status=None,
            warning=None,
        )
        names = set(directives._directives) | set(directives._directive_registry)
        for domain_name, domain in app.registry.domains.items():
            for directive in domain.directives:
                names.add(f"{domain_name}:{directive}")
                if domain_name in ("std", "py"):
                    names.add(directive)
    # MyST's own, handled by its parser rather than registered.
    return names | {"eval-rst", "code", "code-block", "sourcecode", "math"}


def _migrate_text(
    plan: Plan,
    source: Path,
    root: Path,
    old: PurePosixPath,
    new: PurePosixPath,
    text: str,
    by_old: dict[PurePosixPath, PurePosixPath],
    known: set[str],
) -> str:
    redirects = []
    if old.with_suffix("") != new.with_suffix(""):
        redirects.append(str(old.with_suffix("")))
    text, permalink = _take_permalink(text, old.suffix)
    if permalink:
        redirects.append(permalink)
    if redirects:
        text = _add_redirects(text, old.suffix, redirects)
        plan.redirects += len(redirects)
    out = []
    fences: list[tuple[str, int, bool]] = []  # open fences: (character, length, directive?)
    for number, line in enumerate(text.splitlines(keepends=True), start=1):
        where = f"{old}:{number}"
        fence = _FENCE.match(line) if old.suffix == ".md" else None
        if fence and fences and _closes(fence, fences[-1]):
            fences.pop()
            out.append(line)
            continue
        if fences and not fences[-1][2]:
            out.append(line)  # inside a code block: an example, not the post's own markup
            continue
        directive = (_MD_DIRECTIVE if old.suffix == ".md" else _RST_DIRECTIVE).match(line)
        if fence:
            fences.append((fence.group(1)[0], len(fence.group(1)), bool(directive)))
        if directive:
            name, argument = directive.groups()
            if name not in known:
                plan.left_out.append(f"{where}: directive '{name}' is not available here")
            elif name in _FILE_DIRECTIVES and argument:
                line = _carry_file(plan, source, root, old, new, argument, line, where)
        elif not fence:
            line = _carry_links(plan, source, root, old, new, line, where, by_old)
        out.append(line)
    return "".join(out)


def _closes(fence: re.Match[str], opened: tuple[str, int, bool]) -> bool:
    marker = fence.group(1)
    return not fence.group(2).strip() and marker[0] == opened[0] and len(marker) >= opened[1]


def _carry_links(
    plan: Plan,
    source: Path,
    root: Path,
    old: PurePosixPath,
    new: PurePosixPath,
    line: str,
    where: str,
    by_old: dict[PurePosixPath, PurePosixPath],
) -> str:
    def link(match: re.Match[str]) -> str:
        bang, label, target, title = match.groups()
        if bang:
            moved = _carry_file(plan, source, root, old, new, target, target, where)
            return f"![{label}]({moved}{title or ''})"
        return f"[{label}]({_carry_post_link(plan, old, new, target, where, by_old)}{title or ''})"

    line = _MD_LINK.sub(link, line)
    line = _RAW_IMG.sub(
        lambda m: m.group(0).replace(
            m.group(1), _carry_file(plan, source, root, old, new, m.group(1), m.group(1), where)
        ),
        line,
    )
    for match in _DOC_ROLE.finditer(line):
        target = match.group(1)
        if not target.startswith("/"):
            resolved = _resolve(old, target)
            if not any(resolved == k.with_suffix("") for k in by_old):
                plan.left_out.append(f"{where}: link to '{target}', a page outside the blog")
    return line


def _resolve(old: PurePosixPath, target: str) -> PurePosixPath:
    return PurePosixPath(posixpath.normpath(posixpath.join(str(old.parent), target)))


_URL_SCHEMES = ("http", "https", "mailto", "ftp", "ftps", "tel", "data", "file", "irc", "git")


def _is_local(target: str) -> bool:
    return not re.match(r"^[a-z][\w+.-]*:|^//|^#|^/", target, re.IGNORECASE)


def _is_reference(target: str) -> bool:
    """A MyST cross-reference such as ``about:timeline`` (a label), not a URL."""
    scheme = re.match(r"^([a-z][\w+.-]*):", target, re.IGNORECASE)
    return bool(scheme) and scheme.group(1).lower() not in _URL_SCHEMES


def _carry_post_link(
    plan: Plan,
    old: PurePosixPath,
    new: PurePosixPath,
    target: str,
    where: str,
    by_old: dict[PurePosixPath, PurePosixPath],
) -> str:
    if _is_reference(target):
        plan.left_out.append(f"{where}: reference to '{target}', a page outside the blog")
        return target
    if not _is_local(target):
        return target
    path, _, anchor = target.partition("#")
    if PurePosixPath(path).suffix not in (".md", ".rst", ".ipynb", ".html", ""):
        return target
    resolved = _resolve(old, path)
    match = next(
        (
            n
            for o, n in by_old.items()
            if resolved in (o, o.with_suffix(""), o.with_suffix(".html"))
        ),
        None,
    )
    if match is None:
        plan.left_out.append(f"{where}: link to '{target}', a page outside the blog")
        return target
    suffix = PurePosixPath(path).suffix
    moved = posixpath.relpath(str(match.with_suffix(suffix)), str(new.parent))
    if moved != path:
        plan.links += 1
        return moved + (f"#{anchor}" if anchor else "")
    return target


def _carry_file(
    plan: Plan,
    source: Path,
    root: Path,
    old: PurePosixPath,
    new: PurePosixPath,
    target: str,
    text: str,
    where: str,
) -> str:
    """Copy a file a post uses (image, included code) and keep the post's path to it."""
    target = target.strip()
    if not _is_local(target):
        return text
    resolved = _resolve(old, target)
    if resolved.parts and resolved.parts[0] == "..":
        plan.left_out.append(f"{where}: '{target}' is outside the source folder")
        return text
    original = source / resolved
    if not original.is_file():
        plan.left_out.append(f"{where}: '{target}' does not exist in the source")
        return text
    # The file keeps its place relative to the post when that stays inside the blog.
    placed = _resolve(new, target)
    if placed.parts and placed.parts[0] == "..":
        placed = resolved
    plan.copies.setdefault(root / placed, original)
    moved = posixpath.relpath(str(placed), str(new.parent))
    if moved != target:
        plan.links += 1
        return text.replace(target, moved)
    return text


def _take_permalink(text: str, suffix: str) -> tuple[str, str | None]:
    if suffix != ".md":
        return text, None
    block, body_line = split_front_matter(text)
    if block is None:
        return text, None
    lines = text.splitlines(keepends=True)
    for index in range(1, body_line - 2):
        match = re.match(r"^permalink:\s*(.+?)\s*$", lines[index])
        if match:
            value = match.group(1).strip("'\"").strip("/").removesuffix(".html")
            del lines[index]
            return "".join(lines), value or None
    return text, None


def _add_redirects(text: str, suffix: str, redirects: list[str]) -> str:
    lines = text.splitlines(keepends=True)
    if suffix == ".md":
        block, body_line = split_front_matter(text)
        if block is None:
            return "---\nredirect: " + ", ".join(redirects) + "\n---\n\n" + text
        for index in range(1, body_line - 2):
            match = re.match(r"^redirect:\s*(.*?)\s*$", lines[index])
            if match and match.group(1) and not match.group(1).startswith("["):
                joined = ", ".join([match.group(1), *redirects])
                lines[index] = f"redirect: {joined}\n"
                return "".join(lines)
        lines.insert(body_line - 2, "redirect: " + ", ".join(redirects) + "\n")
        return "".join(lines)
    for index, line in enumerate(lines):
        if re.match(r"^\.\.\s+post::", line):
            lines.insert(index + 1, "   :redirect: " + ", ".join(redirects) + "\n")
            return "".join(lines)
    return text


def _diff(before: str, after: str, old: str, new: str) -> str:
    return "".join(
        difflib.unified_diff(
            before.splitlines(keepends=True), after.splitlines(keepends=True), old, new
        )
    )


def run_migrate(args: argparse.Namespace) -> int:
    root = Path(args.root).resolve()
    source = Path(args.source).resolve()
    if not source.is_dir():
        raise ValueError(f"{args.source} is not a folder")
    plan = plan_migration(source, root)
    out = sys.stdout

    def shown(path: Path) -> str:
        return path.relative_to(root).as_posix()

    existing = sorted(
        shown(p) for p in [*plan.writes, *plan.copies] if p.exists() and not _same(p, plan)
    )
    print(
        f"{plan.posts} post(s); {len(plan.writes)} changed on the way, "
        f"{sum(1 for p in plan.copies if p.suffix in POST_SUFFIXES)} copied as they are; "
        f"{sum(1 for p in plan.copies if p.suffix not in POST_SUFFIXES)} other file(s) "
        f"(images, included files); {plan.redirects} redirect(s) from old addresses; "
        f"{plan.links} link(s) rewritten; settings for conf.py: "
        f"{', '.join(plan.settings) or 'none'}",
        file=out,
    )
    if plan.conf_text:
        print(_diff(*plan.conf_text, "a/conf.py", "b/conf.py"), end="", file=out)
    for target, (origin, before, after) in sorted(plan.writes.items()):
        print(_diff(before, after, f"a/{origin}", f"b/{shown(target)}"), end="", file=out)
    for item in plan.left_out:
        print(f"not carried over: {item}", file=out)
    for item in existing:
        print(f"exists, left as it is: {item}", file=out)
    if not args.write:
        print("dry run: nothing written (run again with --write)", file=out)
        return 0
    written = 0
    for target, (_origin, _before, after) in plan.writes.items():
        written += _write_new(target, after.encode("utf-8"))
    for target, original in plan.copies.items():
        written += _write_new(target, original.read_bytes())
    if plan.conf_text:
        (root / "conf.py").write_text(plan.conf_text[1], encoding="utf-8")
    print(f"written: {written} file(s)" + (", conf.py updated" if plan.conf_text else ""))
    return 0


def _same(path: Path, plan: Plan) -> bool:
    if path in plan.copies:
        return path.read_bytes() == plan.copies[path].read_bytes()
    return path.read_text(encoding="utf-8") == plan.writes[path][2]


def _write_new(target: Path, content: bytes) -> int:
    """Write a file that does not exist yet; an existing one is never overwritten."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with target.open("xb") as out:
            out.write(content)
    except FileExistsError:
        return 0
    return 1
