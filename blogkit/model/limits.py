"""Limits on what a post's front matter may hold, so that everything it says can be published.

The front matter's rules (blogkit.model.frontmatter) say what a value means;
these say whether the build can publish it, and each limit comes from where
publishing would fail:

- names (tags, categories, authors): printable text (an Atom or RSS feed
  cannot hold a control character); at most :data:`MAX_NAMES` per post (each
  name is a page and two feeds, so a post with a thousand tags is three
  thousand files); and a page name that fits in a file name: the build writes
  ``blog/tag/<name>.html``, 255 bytes at most, so a name's page name has at
  most :data:`MAX_NAME_BYTES` bytes in UTF-8;
- a description and a title: printable text, tabs and line breaks allowed
  in a description;
- dates: from 0001-01-02 to 9999-12-30 in UTC, a day inside what Python's
  dates can hold, so that showing them in any time zone cannot overflow.

A value over a limit is reported and left out of the post, never published
in part: a name is dropped, a description or date forgotten.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

from blogkit.model.frontmatter import PostMeta, Problem
from blogkit.model.slug import slugify

MAX_NAMES = 50
#: ``<name>.html`` beside the folder ``<name>/`` that holds its feeds.
NAME_PAGE_SUFFIX = ".html"
MAX_NAME_BYTES = 255 - len(NAME_PAGE_SUFFIX)
EARLIEST = datetime(1, 1, 2, tzinfo=UTC)
LATEST = datetime(9999, 12, 30, 23, 59, 59, tzinfo=UTC)
#: Characters no feed can hold, nor a terminal show as text: C0 and C1 controls, DEL,
#: and the noncharacters U+FFFE and U+FFFF.
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\ufffe\uffff]")
#: The same, less tab and line breaks (a description may be a YAML block).
_CONTROL_IN_TEXT = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
_NAME_KEYS = (("tags", "tags"), ("category", "categories"), ("author", "authors"))


def check_limits(meta: PostMeta) -> list[Problem]:
    """Problems with what the build would publish of this post; offending values left out."""
    problems: list[Problem] = []

    def problem(key: str, line: int, message: str) -> None:
        problems.append(Problem(meta.path, line, f"front matter '{key}': {message}", key))

    for key, attribute in _NAME_KEYS:
        names = getattr(meta, attribute)
        line = meta.lines.get(key, 1)
        if len(names) > MAX_NAMES:
            problem(key, line, f"{len(names)} names: a post has at most {MAX_NAMES} {key}")
            setattr(meta, attribute, ())
            continue
        kept = []
        for name in names:
            control = _CONTROL.search(name)
            size = len(slugify(name).encode("utf-8"))
            if control:
                problem(key, line, _control_message(name, control, "names are printable text"))
            elif size > MAX_NAME_BYTES:
                problem(
                    key,
                    line,
                    f"'{name[:24]}…' makes a page name of {size} bytes: "
                    f"at most {MAX_NAME_BYTES} bytes in UTF-8 (its page is a file, "
                    f"'<name>{NAME_PAGE_SUFFIX}', and a file name has at most 255)",
                )
            else:
                kept.append(name)
        setattr(meta, attribute, tuple(kept))
    if meta.description and (control := _CONTROL_IN_TEXT.search(meta.description)):
        line = meta.lines.get("description", 1)
        message = "a description is printable text, with tabs and line breaks"
        problem("description", line, _control_message(meta.description, control, message))
        meta.description = None
    if meta.title and (control := _CONTROL.search(meta.title)):
        message = _control_message(meta.title, control, "a title is printable text")
        problems.append(Problem(meta.path, meta.title_line, f"title: {message}", "title"))
        meta.title = None
    for key in ("date", "updated"):
        moment = getattr(meta, key)
        if moment is not None and not _in_range(moment):
            problem(
                key,
                meta.lines.get(key, 1),
                f"'{moment.isoformat()}' is out of range: dates from "
                f"{EARLIEST.date().isoformat()} to {LATEST.date().isoformat()} (UTC) are accepted",
            )
            setattr(meta, key, None)
    return problems


def _control_message(value: str, control: re.Match, accepted: str) -> str:
    code = ord(control.group())
    return f"'{value}' holds U+{code:04X}, a control character or noncharacter: {accepted}"


def _in_range(moment: datetime) -> bool:
    try:
        return EARLIEST <= moment.astimezone(UTC) <= LATEST
    except OverflowError:
        return False
