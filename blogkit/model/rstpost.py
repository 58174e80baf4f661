"""What a reStructuredText post says about itself: ABlog's ``post`` directive.

Read from the source text without docutils, as front matter is read from
YAML, so that ``blogkit check`` and the build apply the same rules without
Sphinx: parsing the whole document would need every directive it uses
registered. Only the directive's line, its option field list and the
document's first section title are read; docutils reads the rest in the
build.

    .. post:: Jan 8, 2024
       :tags: python, sphinx
       :author: Ada Writer

A post may instead start with a field list (``:date: 2024-01-08``), which
ABlog also reads as a post's metadata.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_POST = re.compile(r"^\.\.[ \t]+post[ \t]*::(?:[ \t]+(?P<arg>.*?))?\s*$")
_OPTION = re.compile(r"^(?P<indent>[ \t]+):(?P<key>[^:\s][^:]*?):(?:[ \t]+(?P<value>.*?))?\s*$")
_FIELD = re.compile(r"^:(?P<key>[^:\s][^:]*?):(?:[ \t]+(?P<value>.*?))?\s*$")
# docutils' section adornment characters.
_ADORNMENT = re.compile(r"^([!-/:-@\[-`{-~])\1+\s*$")


@dataclass
class RstPost:
    """A post directive's argument and options (or a leading field list), with their lines."""

    kind: str | None = None  # "post directive", "field list" or None
    fields: list[tuple[str, str, int]] = field(default_factory=list)
    extra_directives: list[int] = field(default_factory=list)
    title: str | None = None
    title_line: int = 1
    #: The first line of the directive's content (its excerpt), if any.
    content_line: int | None = None


def rst_post_fields(text: str) -> RstPost:
    lines = text.splitlines()
    found = RstPost()
    found.title, found.title_line = rst_title(lines)
    for number, line in enumerate(lines, start=1):
        match = _POST.match(line)
        if not match:
            continue
        if found.kind:
            found.extra_directives.append(number)
            continue
        found.kind = "post directive"
        if match["arg"]:
            found.fields.append(("date", match["arg"], number))
        _read_options(lines, number, found)
    if found.kind is None:
        _read_field_list(lines, found)
    return found


def _read_options(lines: list[str], directive_line: int, found: RstPost) -> None:
    number = directive_line
    while number < len(lines):
        line = lines[number]
        option = _OPTION.match(line)
        if not option:
            break
        found.fields.append((option["key"].strip(), option["value"] or "", number + 1))
        number += 1
    # Content: after a blank line, indented.
    while number < len(lines) and not lines[number].strip():
        number += 1
    if number < len(lines) and lines[number][:1] in (" ", "\t"):
        found.content_line = number + 1


def _read_field_list(lines: list[str], found: RstPost) -> None:
    """A field list at the very top (comments and blank lines may come first)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip() or (line.startswith(".. ") and "::" not in line):
            if found.fields and not line.strip():
                return
            continue
        match = _FIELD.match(line)
        if not match:
            return
        found.kind = "field list"
        found.fields.append((match["key"].strip(), match["value"] or "", number))


def rst_title(lines: list[str]) -> tuple[str | None, int]:
    """The first section title (underlined, or over- and underlined) and its line."""
    for index in range(len(lines) - 1):
        text, under = lines[index], lines[index + 1]
        if not text.strip() or text[:1].isspace() or _ADORNMENT.match(text):
            continue
        if not _ADORNMENT.match(under) or len(under.rstrip()) < len(text.rstrip()):
            continue
        return text.strip(), index + 1
    first = next((n for n, line in enumerate(lines, start=1) if line.strip()), 1)
    return None, first
