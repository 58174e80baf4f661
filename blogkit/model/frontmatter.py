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
from blogkit.model.dates import date_advice, parse_month_name_date
from blogkit.model.filenames import file_name_problem
from blogkit.model.rstpost import rst_post_fields
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
    "pinned": "true keeps the post at the top of the list of all posts and of the latest posts",
    "description": "one sentence for feeds and link previews (default: the excerpt)",
    # ABlog's post keys (its `post` directive's options), doing what ABlog does with them.
    "title": "the post's title when its body has no '# Title' heading",
    "location": "a name or a list of names (each gets a page, like tags)",
    "language": "a name or a list of names (each gets a page, like tags)",
    "redirect": "old addresses of the post (comma-separated), each a page that redirects "
    "here ('old/' for a folder's address)",
    "image": "which of the post's images link previews show (1 for the first)",
    "excerpt": "how many paragraphs the excerpt holds (default 1)",
    "nocomments": "accepted for ABlog's sake (this blog has no comments)",
    "exclude": "reStructuredText: the post directive's content is the excerpt only",
    # Series, events and talks (blogkit.model.conference).
    **CONFERENCE_KEYS,
}
LIST_KEYS = ("author", "category", "tags", "location", "language")
#: The PostMeta attribute each list key fills.
LIST_TARGETS = {
    "author": "authors",
    "category": "categories",
    "tags": "tags",
    "location": "locations",
    "language": "languages",
}

#: Keys other tools read and this blog does not, with what to do about them: named in one
#: note per build (not a failure: they are harmless where they are).
OTHER_TOOLS_KEYS = {
    "permalink": "Jekyll's address of the post: a post's address here is its file's path; "
    "to keep an old address working, write it as 'redirect:' (blogkit migrate does this)",
    "jupytext": "Jupytext's notebook metadata: read by MyST-NB, ignored here",
    "kernelspec": "Jupytext's notebook metadata: read by MyST-NB, ignored here",
    "mystnb": "MyST-NB's settings: read by MyST-NB, ignored here",
}

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


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ufffe\uffff]")


def escape_controls(text: str) -> str:
    """Control characters and line separators as Python escapes (``\\x1b``, ``\\n``)."""
    return _CONTROL.sub(lambda m: m.group().encode("unicode_escape").decode(), text)


@dataclass(frozen=True, order=True)
class Problem:
    """One mistake in a post, located as precisely as the source allows."""

    path: str
    line: int
    message: str
    field: str | None = None

    def __post_init__(self) -> None:
        # One line, whatever a value holds: control characters are shown escaped, not run.
        object.__setattr__(self, "message", escape_controls(self.message))

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
    locations: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    draft: bool = False
    #: Shown first on the first page of all posts and in {latest-posts}.
    pinned: bool = False
    description: str | None = None
    lines: dict[str, int] = field(default_factory=dict)
    #: The title comes from the front matter: the page shows it above the body.
    title_in_front_matter: bool = False
    #: A date was written but is not one: a bad post, not a draft (its body is checked).
    bad_date: bool = False
    redirects: tuple[str, ...] = ()
    image: int | None = None
    excerpt: int = 1
    #: Keys only other tools read (see OTHER_TOOLS_KEYS), named in one note per build.
    other_tools_keys: tuple[str, ...] = ()
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
        """A draft when marked so, undated, or dated after ``now``; a bad date is no draft."""
        if self.draft:
            return True
        if self.date is None:
            return not self.bad_date
        return self.date > now


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
    """Parse an ISO date or date-time, or a date with its month as a word (blogkit.dates).

    Naive values are in the site's time zone.
    """
    match = _DATE_RE.match(value.strip())
    if not match:
        return parse_month_name_date(value, timezone)
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

    def __init__(self, path: str, rules: Rules, where: str = "front matter") -> None:
        self.path = path
        self.rules = rules
        self.where = where  # "front matter", or "post directive" in reStructuredText
        self.problems: list[Problem] = []

    def problem(self, line: int, key: str | None, message: str) -> None:
        prefix = f"{self.where} '{key}': " if key else f"{self.where}: "
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
            return [name for name in map(_unquoted, str(node.value).split(",")) if name]
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
            self.problem(_line(node), key, f"'{value}' is not a date ({date_advice(value)})")
        return parsed

    def count(self, key: str, node: yaml.Node, what: str) -> int | None:
        value = self.text(key, node)
        if value is not None and value.strip().isdigit() and int(value) > 0:
            return int(value)
        if value is not None:
            self.problem(_line(node), key, f"'{value}' is not a whole number from 1 up ({what})")
        return None

    def addresses(self, key: str, node: yaml.Node) -> list[str]:
        """Old addresses of a post, as page names: 'blog/old-name' for 'blog/old-name.html'."""
        found = []
        for written in self.names(key, node):
            name = written.strip().strip("/")
            name = name.removesuffix(".html")
            if written.strip().endswith("/") and name:
                # A folder's address ('/2023/03/first/') is served by its index page.
                name += "/index"
            parts = name.split("/")
            if (
                not name
                or any(p in ("", ".", "..") for p in parts)
                or any(ch.isspace() or ch in "?#:\\" for ch in name)
            ):
                self.problem(
                    _line(node),
                    key,
                    f"'{written}' is not an address on this site "
                    "(expected a path such as 'blog/old-name' or 'old-name.html')",
                )
                continue
            found.append(name)
        return found

    def flag(self, key: str, node: yaml.Node) -> bool:
        value = self.text(key, node)
        if value is not None and value.lower() in _TRUE | _FALSE:
            return value.lower() in _TRUE
        if value is not None:
            self.problem(_line(node), key, f"'{value}' is not true or false")
        return False


def _unquoted(name: str) -> str:
    """One entry of a comma-separated list, without the quotes that YAML left on it."""
    name = name.strip()
    if len(name) >= 2 and name[0] == name[-1] and name[0] in "\"'":
        name = name[1:-1].strip()
    return name


def _line(node: yaml.Node) -> int:
    # YAML marks count from 0 inside the block, which starts on file line 2.
    return node.start_mark.line + 2


def _shown(node: yaml.Node) -> str:
    return repr(node.value) if isinstance(node, yaml.ScalarNode) else "a nested value"


def read_post(text: str, path: str, rules: Rules) -> tuple[PostMeta, list[Problem]]:
    """Read one post's source; return what it says and every problem in it.

    Markdown posts say it in YAML front matter, reStructuredText posts in
    ABlog's ``post`` directive (blogkit.rstpost): one set of rules for both.
    """
    stem = PurePosixPath(path).stem
    meta = PostMeta(path=path, slug=stem)
    if PurePosixPath(path).suffix.lower() == ".rst":
        reader = _Reader(path, rules, "post directive")
        _read_rst(text, meta, reader)
    else:
        reader = _Reader(path, rules)
        block, body_line = split_front_matter(text)
        if block is None:
            reader.problem(
                1, None, "missing (a post starts with a '---' block holding at least its date)"
            )
        else:
            _read_block(block, meta, reader)
        _read_title(text, body_line, meta, reader)
    bad_name = file_name_problem(path)
    if bad_name:
        reader.problems.append(Problem(path, 1, bad_name, "slug"))
    _check_authors(meta, rules, reader)
    return meta, reader.problems


def _read_title(text: str, body_line: int, meta: PostMeta, reader: _Reader) -> None:
    """The title: the body's first level-one heading, or 'title' when the body has none."""
    heading, line = find_title(text, body_line)
    if meta.title_in_front_matter:
        leading = heading is not None and line == _first_text_line(text, body_line)
        if leading and heading == meta.title:
            # The same title twice (common in ABlog posts): the heading is the page's title.
            meta.title, meta.title_line, meta.title_in_front_matter = heading, line, False
        elif leading:
            reader.problems.append(
                Problem(
                    meta.path,
                    line,
                    f"two titles: '{meta.title}' in the front matter (line "
                    f"{meta.lines.get('title', 2)}) and the heading '{heading}' here; "
                    "keep one of them",
                    "title",
                )
            )
        return
    meta.title, meta.title_line = heading, line
    if not heading:
        reader.problems.append(
            Problem(
                meta.path,
                line,
                "no title: a post needs a '# Title' heading or a 'title:' in its front matter",
                "title",
            )
        )


def _first_text_line(text: str, body_line: int) -> int:
    lines = text.splitlines()
    for number in range(body_line, len(lines) + 1):
        if lines[number - 1].strip():
            return number
    return body_line


def _check_authors(meta: PostMeta, rules: Rules, reader: _Reader) -> None:
    """Any name may write (it gets its author page); one a typo away from a listed name may not."""
    if not meta.authors:
        meta.authors = rules.default_authors
    for name in meta.authors:
        if name in rules.authors:
            continue
        close = near_name(name, rules.authors)
        if close:
            reader.problem(
                meta.lines.get("author", 1),
                "author",
                f"'{name}' is not in blog_authors: did you mean '{close}'? "
                "(a name that is not listed gets a page of its own; add it to blog_authors "
                "if it is a different person)",
            )


def near_name(name: str, known: tuple[str, ...]) -> str | None:
    """The listed name that ``name`` most likely misspells, if any."""
    folded = name.casefold()
    for candidate in known:
        if candidate.casefold() == folded:
            return candidate
    by_fold = {candidate.casefold(): candidate for candidate in known}
    close = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.85)
    return by_fold[close[0]] if close else None


def _read_rst(text: str, meta: PostMeta, reader: _Reader) -> None:
    """A reStructuredText post: ABlog's ``post`` directive, or a field list at the top."""
    found = rst_post_fields(text)
    if found.kind == "field list":
        reader.where = "field list"
    if found.kind is None:
        reader.problem(
            1,
            None,
            "missing: a reStructuredText post holds a '.. post:: DATE' directive "
            "(ABlog's, with its options) or starts with a field list such as ':date: 2024-01-08'",
        )
    for line in found.extra_directives:
        reader.problem(line, None, "a second post directive: one post per file")
    pairs = [(key, line, _scalar(value, line)) for key, value, line in found.fields]
    _read_pairs(pairs, meta, reader)
    if meta.title_in_front_matter:
        leading = (
            found.title is not None and found.title_line < (found.fields or [("", "", 0)])[0][2]
        )
        if leading and found.title == meta.title:
            meta.title, meta.title_line = found.title, found.title_line
            meta.title_in_front_matter = False
        elif leading:
            reader.problems.append(
                Problem(
                    meta.path,
                    found.title_line,
                    f"two titles: '{meta.title}' in the {reader.where} and the heading "
                    f"'{found.title}' here; keep one of them",
                    "title",
                )
            )
        return
    meta.title, meta.title_line = found.title, found.title_line
    if not found.title:
        reader.problems.append(
            Problem(meta.path, found.title_line, "no title: a post needs a section title", "title")
        )


def _scalar(value: str, line: int) -> yaml.ScalarNode:
    """A directive option as a YAML value node on its line: read by the same rules."""
    mark = yaml.Mark("", 0, line - 2, 0, None, None)
    return yaml.ScalarNode("tag:yaml.org,2002:str", value, start_mark=mark, end_mark=mark)


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
    _read_pairs([(str(k.value), _line(k), v) for k, v in root.value], meta, reader)


def _read_pairs(pairs: list[tuple[str, int, yaml.Node]], meta: PostMeta, reader: _Reader) -> None:
    """Every key and value of a post, front matter or directive options alike."""
    seen: dict[str, int] = {}
    others = []
    for key, line, value_node in pairs:
        if key in OTHER_TOOLS_KEYS:
            others.append(key)
            continue
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
            what = "unknown key" if reader.where == "front matter" else "unknown option"
            reader.problem(line, key, f"{what} ({hint})")
            continue
        _read_value(key, value_node, meta, reader)
    meta.other_tools_keys = tuple(others)


def _read_value(key: str, node: yaml.Node, meta: PostMeta, reader: _Reader) -> None:
    if key == "date":
        meta.date = reader.moment(key, node)
        meta.bad_date = meta.date is None
    elif key == "updated":
        meta.updated = reader.moment(key, node)
    elif key in LIST_KEYS:
        names = reader.names(key, node)
        setattr(meta, LIST_TARGETS[key], tuple(dict.fromkeys(names)))
    elif key == "title":
        title = reader.text(key, node)
        if title is not None and title.strip():
            meta.title, meta.title_line = " ".join(title.split()), _line(node)
            meta.title_in_front_matter = True
        elif title is not None:
            reader.problem(_line(node), key, "is empty")
    elif key == "redirect":
        meta.redirects = tuple(dict.fromkeys(reader.addresses(key, node)))
    elif key == "image":
        meta.image = reader.count(key, node, "1 for the post's first image")
    elif key == "excerpt":
        meta.excerpt = reader.count(key, node, "the number of paragraphs") or 1
    elif key in ("nocomments", "exclude"):
        reader.text(key, node)
    elif key == "draft":
        meta.draft = reader.flag(key, node)
    elif key == "pinned":
        meta.pinned = reader.flag(key, node)
    elif key == "blogpost":
        if not reader.flag(key, node):
            reader.problem(_line(node), key, "must be true for a file under posts/")
    elif key == "description":
        meta.description = reader.text(key, node)
    elif key in CONFERENCE_KEYS:
        read_conference_key(key, node, meta, reader)


def find_collisions(posts: list[PostMeta]) -> list[Problem]:
    """Problems that only show across posts: names that share a page, addresses taken twice.

    Two posts may have the same file name in different folders: a post's
    address is its path. Names that differ only in case share one page
    (blogkit.names picks its spelling); other names that would share a page
    (``C++`` and ``C``) are reported.
    """
    problems: list[Problem] = []
    problems += part_collisions(posts)
    for key, attribute in (
        ("tags", "tags"),
        ("category", "categories"),
        ("author", "authors"),
        ("location", "locations"),
        ("language", "languages"),
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
                if first_name.casefold() != name.casefold():
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
    problems += _redirect_collisions(posts)
    return sorted(problems)


def page_name(path: str) -> str:
    """The page a post's file becomes: its path without the suffix."""
    return str(PurePosixPath(path).with_suffix(""))


def _redirect_collisions(posts: list[PostMeta]) -> list[Problem]:
    """An old address may lead to one post only, and never hide a post's own page."""
    problems = []
    if not any(meta.redirects for meta in posts):
        return problems  # most blogs: no page name needs working out (a path object each)
    pages = {page_name(meta.path): meta.path for meta in posts}
    taken: dict[str, str] = {}
    for meta in sorted(posts, key=lambda m: m.path):
        for address in meta.redirects:
            where = pages.get(address) or taken.get(address)
            if where:
                problems.append(
                    Problem(
                        meta.path,
                        meta.lines.get("redirect", 1),
                        f"front matter 'redirect': '{address}' is already the address of "
                        f"{where}; an old address can lead to one post only",
                        "redirect",
                    )
                )
            else:
                taken[address] = meta.path
    return problems


def other_tools_note(posts: list[PostMeta]) -> str | None:
    """One note naming the keys only other tools read, the posts that set them, what to do."""
    users: dict[str, list[str]] = {}
    for meta in sorted(posts, key=lambda m: m.path):
        for key in meta.other_tools_keys:
            users.setdefault(key, []).append(meta.path)
    if not users:
        return None
    parts = []
    for key, paths in users.items():
        shown = ", ".join(paths[:3]) + (f" and {len(paths) - 3} more" if len(paths) > 3 else "")
        parts.append(f"'{key}' ({shown}): {OTHER_TOOLS_KEYS[key]}")
    return "front-matter keys that only other tools read, left as they are: " + "; ".join(parts)
