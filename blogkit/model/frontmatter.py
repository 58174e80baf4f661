"""Read and check a post's YAML front matter and title, without Sphinx.

One place for every rule a post must follow, used by the Sphinx build and by
the command line alike. Values are read from the YAML node tree rather than
``yaml.safe_load`` so that every value keeps its line and its text exactly as
the writer typed it (``safe_load`` would silently turn ``03/04/2024`` into a
string and ``2024-01-01 10:00+02:00`` into a UTC datetime).
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import PurePosixPath
from zoneinfo import ZoneInfo

import yaml

from blogkit.model.conference import (
    CONFERENCE_KEYS,
    Talk,
    part_collisions,
    read_conference_key,
)
from blogkit.model.slug import slugify

#: Every key a post may set, with what it is for (shown in error messages).
KNOWN_KEYS = {
    "blogpost": "true: this page is a post (implied under posts/)",
    "date": "publication date, YYYY-MM-DD[ HH:MM[:SS]][+HH:MM]",
    "updated": "date of the last real change, same form as date",
    "author": "a name or a list of names",
    "category": "a name or a list of names",
    "tags": "a name or a list of names",
    "draft": "true keeps the post out of the published site",
    "description": "one sentence for feeds and link previews (default: the excerpt)",
    # Series, events and talks (blogkit.model.conference).
    **CONFERENCE_KEYS,
}
LIST_KEYS = ("author", "category", "tags")

_DATE_RE = re.compile(
    r"^(?P<date>\d{4}-\d{2}-\d{2})"
    r"(?:[T ](?P<time>\d{2}:\d{2}(?::\d{2})?)"
    r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?$"
)

_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX_H1_RE = re.compile(r"^\s{0,3}#(?:\s+(?P<text>.*?))?\s*#*\s*$")
_SETEXT_H1_RE = re.compile(r"^\s{0,3}=+\s*$")
# libyaml's composer when PyYAML has it: the same nodes and marks, several times faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_TRUE = {"true", "yes", "on"}
_FALSE = {"false", "no", "off"}


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in a post, located as precisely as the source allows."""

    path: str
    line: int
    message: str
    field: str | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass(slots=True)
class PostMeta:
    """What a post's source says about it, as plain data (kept per post for the whole build)."""

    path: str
    slug: str
    title: str | None = None
    title_line: int = 1
    date: datetime | None = None
    updated: datetime | None = None
    authors: tuple[str, ...] = ()
    categories: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    draft: bool = False
    description: str | None = None
    lines: dict[str, int] = field(default_factory=dict)
    # Series, events and talks (blogkit.model.conference).
    series: str | None = None
    series_part: int | None = None
    event: str | None = None
    talk: Talk | None = None

    @property
    def series_names(self) -> tuple[str, ...]:
        return (self.series,) if self.series else ()

    @property
    def events(self) -> tuple[str, ...]:
        return (self.event,) if self.event else ()

    def is_draft(self, now: datetime) -> bool:
        """A post is a draft when marked so, undated, or dated after ``now``."""
        return self.draft or self.date is None or self.date > now


@dataclass(frozen=True)
class Rules:
    """Site settings the checks depend on."""

    timezone: ZoneInfo
    authors: tuple[str, ...] = ()
    #: Who wrote a post that names no author (ABlog's ``blog_default_author``).
    default_authors: tuple[str, ...] = ()


def split_front_matter(text: str) -> tuple[str | None, int]:
    """Return the YAML block of a Markdown file and the line its body starts on.

    The YAML block excludes the ``---`` fences; its first line is line 2.
    """
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None, 1
    for number, line in enumerate(lines[1:], start=2):
        if line.rstrip() in ("---", "..."):
            return "\n".join(lines[1 : number - 1]), number + 1
    return None, 1


def parse_datetime(value: str, timezone: ZoneInfo) -> datetime | None:
    """Parse an ISO date or date-time; naive values are in the site's time zone."""
    match = _DATE_RE.match(value.strip())
    if not match:
        return None
    try:
        day = date.fromisoformat(match["date"])
        clock = time.fromisoformat(match["time"]) if match["time"] else time()
    except ValueError:
        return None
    moment = datetime.combine(day, clock)
    tz = match["tz"]
    if not tz:
        return moment.replace(tzinfo=timezone)
    if tz == "Z":
        tz = "+00:00"
    elif ":" not in tz:
        tz = f"{tz[:3]}:{tz[3:]}"
    try:
        return datetime.fromisoformat(f"{moment.isoformat()}{tz}")
    except ValueError:
        return None


def find_title(text: str, body_line: int) -> tuple[str | None, int]:
    """Return the first level-one heading (ATX or setext) and its line."""
    lines = text.splitlines()
    fence: str | None = None
    previous = ""
    for number in range(body_line, len(lines) + 1):
        line = lines[number - 1]
        marker = _FENCE_RE.match(line)
        if fence:
            if marker and marker.group(1)[0] == fence[0] and len(marker.group(1)) >= len(fence):
                fence = None
            continue
        if marker:
            fence = marker.group(1)
            continue
        atx = _ATX_H1_RE.match(line)
        if atx:
            return (atx["text"] or "").strip(), number
        if _SETEXT_H1_RE.match(line) and previous.strip():
            return previous.strip(), number - 1
        previous = line
    # No title: point at the first line of text, where the heading belongs.
    for number in range(body_line, len(lines) + 1):
        if lines[number - 1].strip():
            return None, number
    return None, body_line


class _Reader:
    """Turns YAML nodes into checked values, collecting problems as it goes."""

    def __init__(self, path: str, rules: Rules) -> None:
        self.path = path
        self.rules = rules
        self.problems: list[Problem] = []

    def problem(self, line: int, key: str | None, message: str) -> None:
        prefix = f"front matter '{key}': " if key else "front matter: "
        self.problems.append(Problem(self.path, line, prefix + message, key))

    def text(self, key: str, node: yaml.Node) -> str | None:
        if isinstance(node, yaml.ScalarNode):
            return str(node.value)
        self.problem(_line(node), key, "expected a single value, not a list or mapping")
        return None

    def names(self, key: str, node: yaml.Node) -> list[str]:
        if isinstance(node, yaml.ScalarNode):
            if node.value is None or node.value == "":
                self.problem(_line(node), key, "is empty (expected a name or a list of names)")
                return []
            return [name.strip() for name in str(node.value).split(",") if name.strip()]
        if not isinstance(node, yaml.SequenceNode):
            self.problem(_line(node), key, "expected a name or a list of names, not a mapping")
            return []
        names = []
        for item in node.value:
            if not isinstance(item, yaml.ScalarNode) or not str(item.value).strip():
                self.problem(_line(item), key, f"{_shown(item)} is not a name (expected text)")
                continue
            name = str(item.value).strip()
            if "," in name:
                self.problem(
                    _line(item), key, f"'{name}' contains a comma; list the names one by one"
                )
                continue
            names.append(name)
        return names

    def moment(self, key: str, node: yaml.Node) -> datetime | None:
        value = self.text(key, node)
        if value is None:
            return None
        parsed = parse_datetime(value, self.rules.timezone)
        if parsed is None:
            self.problem(
                _line(node),
                key,
                f"'{value}' is not a date (expected YYYY-MM-DD, "
                "optionally followed by HH:MM[:SS] and a UTC offset such as +02:00)",
            )
        return parsed

    def flag(self, key: str, node: yaml.Node) -> bool:
        value = self.text(key, node)
        if value is not None and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        if value is not None:
            self.problem(_line(node), key, f"'{value}' is not true or false")
        return False


def _line(node: yaml.Node) -> int:
    # YAML marks count from 0 inside the block, which starts on file line 2.
    return node.start_mark.line + 2


def _shown(node: yaml.Node) -> str:
    return repr(node.value) if isinstance(node, yaml.ScalarNode) else "a nested value"


def read_post(text: str, path: str, rules: Rules) -> tuple[PostMeta, list[Problem]]:
    """Read one post's source; return what it says and every problem in it."""
    stem = PurePosixPath(path).stem
    meta = PostMeta(path=path, slug=stem)
    reader = _Reader(path, rules)
    block, body_line = split_front_matter(text)
    if block is None:
        reader.problem(
            1, None, "missing (a post starts with a '---' block holding at least its date)"
        )
    else:
        _read_block(block, meta, reader)
    meta.title, meta.title_line = find_title(text, body_line)
    if not meta.title:
        reader.problems.append(
            Problem(path, meta.title_line, "no title: a post needs a '# Title' heading", "title")
        )
    if not stem or slugify(stem) != stem:
        suggestion = slugify(stem) or slugify(meta.title or "") or "my-post"
        reader.problems.append(
            Problem(
                path,
                1,
                f"file name '{stem}' is not a usable slug "
                f"(lower-case letters, digits and hyphens, e.g. '{suggestion}')",
                "slug",
            )
        )
    if not meta.authors:
        meta.authors = rules.default_authors
    if rules.authors:
        for name in meta.authors:
            if name not in rules.authors:
                known = ", ".join(rules.authors)
                reader.problem(
                    meta.lines.get("author", 1),
                    "author",
                    f"'{name}' is not a known author (known: {known})",
                )
    return meta, reader.problems


def _read_block(block: str, meta: PostMeta, reader: _Reader) -> None:
    try:
        root = yaml.compose(block, Loader=_LOADER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark else 2
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        reader.problem(line, None, f"is not valid YAML ({reason})")
        return
    if root is None:
        reader.problem(2, None, "is empty (a post needs at least its date)")
        return
    if not isinstance(root, yaml.MappingNode):
        reader.problem(_line(root), None, "must be a list of 'key: value' lines")
        return
    seen: dict[str, int] = {}
    for key_node, value_node in root.value:
        key = str(key_node.value)
        line = _line(key_node)
        if key in seen:
            reader.problem(line, key, f"is set twice (first on line {seen[key]})")
            continue
        seen[key] = line
        meta.lines[key] = line
        if key not in KNOWN_KEYS:
            close = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.6)
            hint = (
                f"did you mean '{close[0]}'?" if close else "known keys: " + ", ".join(KNOWN_KEYS)
            )
            reader.problem(line, key, f"unknown key ({hint})")
            continue
        _read_value(key, value_node, meta, reader)


def _read_value(key: str, node: yaml.Node, meta: PostMeta, reader: _Reader) -> None:
    if key == "date":
        meta.date = reader.moment(key, node)
    elif key == "updated":
        meta.updated = reader.moment(key, node)
    elif key in LIST_KEYS:
        names = reader.names(key, node)
        target = {"author": "authors", "category": "categories", "tags": "tags"}[key]
        setattr(meta, target, tuple(dict.fromkeys(names)))
    elif key == "draft":
        meta.draft = reader.flag(key, node)
    elif key == "blogpost":
        if not reader.flag(key, node):
            reader.problem(_line(node), key, "must be true for a file under posts/")
    elif key == "description":
        meta.description = reader.text(key, node)
    elif key in CONFERENCE_KEYS:
        read_conference_key(key, node, meta, reader)


def find_collisions(posts: list[PostMeta]) -> list[Problem]:
    """Problems that only show across posts: shared slugs, near-identical names."""
    problems: list[Problem] = []
    by_slug: dict[str, PostMeta] = {}
    for meta in sorted(posts, key=lambda m: m.path):
        first = by_slug.setdefault(meta.slug, meta)
        if first is not meta:
            problems.append(
                Problem(
                    meta.path,
                    1,
                    f"slug '{meta.slug}' is already used by {first.path}; "
                    "posts share one namespace of page names, rename one file",
                    "slug",
                )
            )
    problems += part_collisions(posts)
    for key, attribute in (
        ("tags", "tags"),
        ("category", "categories"),
        ("author", "authors"),
        ("series", "series_names"),
        ("event", "events"),
    ):
        spelling: dict[str, tuple[str, str]] = {}
        for meta in sorted(posts, key=lambda m: m.path):
            for name in getattr(meta, attribute):
                page = slugify(name)
                if not page:
                    problems.append(
                        Problem(
                            meta.path,
                            meta.lines.get(key, 1),
                            f"front matter '{key}': '{name}' has no letters or digits "
                            "to name its page",
                            key,
                        )
                    )
                    continue
                first_name, first_path = spelling.setdefault(page, (name, meta.path))
                if first_name != name:
                    problems.append(
                        Problem(
                            meta.path,
                            meta.lines.get(key, 1),
                            f"front matter '{key}': '{name}' would share the page "
                            f"'{page}' with '{first_name}' used in {first_path}; "
                            f"spell it '{first_name}' or choose a distinct name",
                            key,
                        )
                    )
    return sorted(problems)
