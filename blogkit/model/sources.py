"""Which files are the site's posts, and whether each can be read: one discovery for both doors.

`blogkit check` and the build find posts with :func:`find_sources` and read
each one with :func:`read_source`, so they refuse the same files for the same
reasons, in the same words (``path:line: field: value: what is accepted``):

- symlinks: a linked folder is never followed (``ln -s .. posts/2019/a``
  loops: Sphinx's own walk follows it into copies of the site, or forever
  with two), and a linked file is read only when it resolves inside the
  site's folder, so nothing from elsewhere on the machine is published;
- file names: a post's name leaves room for the longest file the build
  writes for it (``<name>.doctree``) within the 255 bytes a file name has;
- size: at most :data:`MAX_POST_BYTES`, so a pasted log cannot stall a build;
- encoding: UTF-8, with or without a byte-order mark (MyST accepts one);
- text: no control characters but tabs and line breaks, no U+FFFE or U+FFFF
  (feeds cannot carry them, and terminals run them).

The build hands the refused links and names to Sphinx as ``exclude_patterns``
before it walks the source folder, and leaves out the files it cannot read
before reading (blogkit.model.reading). Hand-written on ``os.walk``, which
does the walking: which files are refused, and why, is the blog's own rule.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sphinx.project import EXCLUDE_PATHS
from sphinx.util.matching import Matcher

from blogkit.model.filenames import file_name_problem, refused_reason
from blogkit.model.frontmatter import PostMeta, Problem, Rules, read_post
from blogkit.model.limits import check_limits

#: The largest post the build reads. Today's longest posts are a few dozen kilobytes.
MAX_POST_BYTES = 1024 * 1024
#: The longest file name (in bytes) that Linux, macOS and Windows file systems allow.
NAME_MAX = 255
#: What the build adds to a post's name for the longest file it writes: its doctree.
LONGEST_POST_SUFFIX = ".doctree"
MAX_STEM_BYTES = NAME_MAX - len(LONGEST_POST_SUFFIX)
#: Fields of the problems that keep a file from being read at all.
UNREADABLE = frozenset({"size", "encoding", "text"})
#: Control characters (C0 but tab, line feed and carriage return; DEL; C1) and the two
#: noncharacters no XML document, and so no feed, can hold.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")


@dataclass
class Sources:
    """The posts a site has, the paths refused before reading, and why."""

    posts: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    def refuse(self, path: str, field_name: str, message: str) -> None:
        self.refused.append(path)
        self.problems.append(Problem(path, 1, f"{field_name}: {message}", field_name))


def find_sources(
    root: Path, folder: str, suffixes: Iterable[str], exclude: Iterable[str] = ()
) -> Sources:
    """Every post file under ``root/folder`` (paths relative to root), links never followed.

    ``exclude`` are the site's ``exclude_patterns``; Sphinx's own exclusions
    (editors' lock files among them) apply too, as in the build.
    """
    found = Sources()
    suffixes = tuple(suffixes)
    excluded = Matcher([*exclude, *EXCLUDE_PATHS])
    top = root / folder
    site = root.resolve()
    if top.is_symlink():
        _refuse_link(found, top, folder, site)
        return found
    # Paths as strings: at a thousand posts, making a Path per file cost more than the walk.
    for current, dirs, files in os.walk(top):
        base = os.path.relpath(current, root).replace(os.sep, "/")
        for name in sorted(dirs):
            relative = f"{base}/{name}"
            if excluded(relative):
                dirs.remove(name)
            elif os.path.islink(os.path.join(current, name)):
                dirs.remove(name)
                _refuse_link(found, Path(current, name), relative, site)
        dirs.sort()
        for name in sorted(files):
            relative = f"{base}/{name}"
            if excluded(relative):
                continue
            if not name.endswith(suffixes):
                # What a reader would take for a post, and what to do instead (a notebook).
                reason = refused_reason(relative)
                if reason:
                    found.refuse(relative, "file", reason)
                continue
            if os.path.islink(os.path.join(current, name)) and _refuse_link(
                found, Path(current, name), relative, site
            ):
                continue
            stem = name[: -len(next(s for s in suffixes if name.endswith(s)))]
            size = len(stem.encode("utf-8"))
            if size > MAX_STEM_BYTES:
                found.refuse(
                    relative,
                    "slug",
                    f"'{stem[:24]}…' is {size} bytes: a post's file name is at most "
                    f"{MAX_STEM_BYTES} bytes before its suffix, in UTF-8 (the build writes "
                    f"'<name>{LONGEST_POST_SUFFIX}', and a file name has at most {NAME_MAX})",
                )
                continue
            # A name no file system or address can carry (reserved, forbidden characters).
            bad_name = file_name_problem(relative)
            if bad_name:
                found.refuse(relative, "slug", bad_name)
                continue
            found.posts.append(relative)
    found.posts.sort()
    return found


def _refuse_link(found: Sources, path: Path, relative: str, site: Path) -> bool:
    """Refuse a linked folder, or a linked file that leads out of the site; True if refused."""
    target = os.readlink(path)
    if path.is_dir():
        found.refuse(
            relative,
            "symlink",
            f"'{target}': linked folders are not followed (a link can loop, or publish "
            "files from elsewhere): move the posts into the folder itself",
        )
        return True
    if not path.is_file():
        found.refuse(relative, "symlink", f"'{target}': leads to no file: a link must lead to one")
        return True
    if not Path(os.path.realpath(path)).is_relative_to(site):
        found.refuse(
            relative,
            "symlink",
            f"'{target}': leads outside the site's folder: only files inside it are published",
        )
        return True
    return False


def read_source(path: Path, relative: str) -> tuple[str | None, list[Problem]]:
    """A post's text, or None and why it cannot be read: size, encoding, control characters."""
    size = path.stat().st_size
    if size > MAX_POST_BYTES:
        return None, [
            Problem(
                relative,
                1,
                f"size: {size:,} bytes: a post is at most {MAX_POST_BYTES:,} bytes "
                f"({MAX_POST_BYTES // 1024 // 1024} MiB); split it, or link large files",
                "size",
            )
        ]
    data = path.read_bytes()
    try:
        # A byte-order mark is not text: MyST skips it, and so does the check.
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position(data, error.start, b"\n")
        return None, [
            Problem(
                relative,
                line,
                f"encoding: byte 0x{data[error.start]:02X} at column {column}: "
                "a post is UTF-8 text (save the file as UTF-8)",
                "encoding",
            )
        ]
    control = CONTROL.search(text)
    if control:
        line, column = _position(text, control.start(), "\n")
        return None, [
            Problem(
                relative,
                line,
                f"text: U+{ord(control.group()):04X} at column {column}: not text (control "
                "characters and noncharacters are refused; tabs and line breaks are accepted)",
                "text",
            )
        ]
    return text, []


def read_post_file(path: Path, relative: str, rules: Rules) -> tuple[PostMeta, list[Problem]]:
    """One post, as both doors read it: the file, its front matter, then the limits.

    A file that cannot be read gives a bare record (no date: a draft) and why.
    """
    text, problems = read_source(path, relative)
    if text is None:
        return PostMeta(path=relative, slug=path.stem), problems
    meta, problems = read_post(text, relative, rules)
    return meta, problems + check_limits(meta)


def _position(data, offset: int, newline) -> tuple[int, int]:
    """Line and column (from 1) of an offset in text or bytes."""
    return data.count(newline, 0, offset) + 1, offset - (data.rfind(newline, 0, offset) + 1) + 1


def exclude_pattern(path: str) -> str:
    """A Sphinx exclude pattern matching exactly this path (its glob characters escaped)."""
    # '[' as a set that starts with a backslash: Python warns of a set that starts with '['.
    return re.sub(r"[*?\[\]]", lambda m: "[\\[]" if m.group() == "[" else f"[{m.group()}]", path)


def unreadable(problems: Iterable[Problem]) -> bool:
    return any(problem.field in UNREADABLE for problem in problems)
