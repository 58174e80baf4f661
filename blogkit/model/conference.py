"""Series, events and talks: what a post's front matter says about them, checked.

``series: <name>`` (with ``series_part: <n>`` when the date order is not the
reading order), ``event: <name>`` and a ``talk:`` mapping (``title`` and
``speakers`` required; ``slides``, ``video`` and ``date`` optional). Read from
the YAML nodes by :mod:`blogkit.model.frontmatter`, with the same kind of
message for every mistake: ``file:line: field: value: what is accepted``.

Local files (slides, a video) are paths relative to the post, like images;
whether they exist is checked against the site's folder by
:func:`missing_files`, which the build and ``blogkit check`` both run.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import parse_qs, urlsplit

import yaml

from blogkit.model.slug import slugify

if TYPE_CHECKING:
    from blogkit.model.frontmatter import PostMeta, Problem, _Reader

#: The keys of this module, with what they are for (part of frontmatter.KNOWN_KEYS).
CONFERENCE_KEYS = {
    "series": "the name of the series the post is a part of",
    "series_part": "the post's place in its series, a whole number from 1 (default: by date)",
    "event": "the name of the conference or meetup the post belongs to",
    "talk": "a mapping: title, speakers (required); slides, video (a URL or a file), date",
}
TALK_KEYS = {
    "title": "the talk's title",
    "speakers": "a name or a list of names",
    "slides": "a URL, or a file beside the post (published with the site)",
    "video": "a URL (YouTube and Vimeo play on the page after a click), or a video file",
    "date": "the day of the talk, YYYY-MM-DD",
}
_YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
_VIMEO_ID = re.compile(r"^\d{3,12}$")


@dataclass(frozen=True, slots=True)
class Talk:
    """One talk a post is about, as the talk card and link previews show it."""

    title: str
    speakers: tuple[str, ...]
    slides: str | None = None
    video: str | None = None
    date: datetime | None = None


@dataclass(frozen=True, slots=True)
class HostedVideo:
    """A video on YouTube or Vimeo: played in a frame from there only after a click."""

    host: str  # "YouTube" or "Vimeo"
    embed: str  # the player's address, loaded on click
    watch: str  # the video's own page, a plain link


def is_url(value: str) -> bool:
    return urlsplit(value).scheme in ("http", "https")


def hosted_video(url: str) -> HostedVideo | None:
    """The YouTube or Vimeo video a URL names, or None."""
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.").removeprefix("m.")
    path = parts.path.strip("/").split("/")
    video_id = None
    if host in ("youtube.com", "youtube-nocookie.com"):
        if path == ["watch"]:
            video_id = (parse_qs(parts.query).get("v") or [""])[0]
        elif len(path) == 2 and path[0] in ("embed", "live", "shorts"):
            video_id = path[1]
    elif host == "youtu.be" and len(path) == 1:
        video_id = path[0]
    if video_id is not None:
        if not _YOUTUBE_ID.match(video_id):
            return None
        return HostedVideo(
            "YouTube",
            f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1",
            f"https://www.youtube.com/watch?v={video_id}",
        )
    if host == "vimeo.com" and len(path) == 1:
        video_id = path[0]
    elif host == "player.vimeo.com" and len(path) == 2 and path[0] == "video":
        video_id = path[1]
    if video_id is not None and _VIMEO_ID.match(video_id):
        return HostedVideo(
            "Vimeo",
            f"https://player.vimeo.com/video/{video_id}?autoplay=1&dnt=1",
            f"https://vimeo.com/{video_id}",
        )
    return None


def local_path(post_path: str, value: str) -> str | None:
    """A file named relative to a post, as a path from the site's folder; None if it leaves it."""
    if value.startswith("/") or "\\" in value:
        return None
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(post_path), value))
    return None if joined.startswith("../") or joined == ".." else joined


def read_conference_key(key: str, node: yaml.Node, meta: PostMeta, reader: _Reader) -> None:
    """Read one of CONFERENCE_KEYS into ``meta``."""
    if key == "series":
        meta.series = _name(key, node, reader)
    elif key == "series_part":
        meta.series_part = _part(key, node, reader)
    elif key == "event":
        meta.event = _name(key, node, reader)
    elif key == "talk":
        meta.talk = _talk(node, reader, meta.lines)


def _name(key: str, node: yaml.Node, reader: _Reader) -> str | None:
    value = reader.text(key, node)
    if value is None:
        return None
    name = " ".join(value.split())
    if not name or not slugify(name):
        reader.problem(
            _line(node), key, f"'{value}': expected a name with letters or digits (one name)"
        )
        return None
    return name


def _part(key: str, node: yaml.Node, reader: _Reader) -> int | None:
    value = reader.text(key, node)
    if value is None:
        return None
    if not value.strip().isdigit() or int(value) < 1:
        reader.problem(_line(node), key, f"'{value}': expected a whole number from 1")
        return None
    return int(value)


def _talk(node: yaml.Node, reader: _Reader, lines: dict[str, int]) -> Talk | None:
    if not isinstance(node, yaml.MappingNode):
        shown = repr(node.value) if isinstance(node, yaml.ScalarNode) else "a list"
        reader.problem(
            _line(node), "talk", f"{shown}: expected a mapping of " + ", ".join(TALK_KEYS)
        )
        return None
    values: dict[str, yaml.Node] = {}
    for key_node, value_node in node.value:
        key = str(key_node.value)
        if key not in TALK_KEYS:
            reader.problem(
                _line(key_node),
                f"talk.{key}",
                f"'{key}': unknown key of talk (expected {', '.join(TALK_KEYS)})",
            )
        elif key in values:
            reader.problem(_line(key_node), f"talk.{key}", f"'{key}': is set twice")
        else:
            values[key] = value_node
            lines[f"talk.{key}"] = _line(key_node)
    for required in ("title", "speakers"):
        if required not in values:
            reader.problem(
                _line(node), f"talk.{required}", f"missing: expected {TALK_KEYS[required]}"
            )
    title = reader.text("talk.title", values["title"]) if "title" in values else None
    if title is not None and not title.strip():
        reader.problem(_line(values["title"]), "talk.title", "'': expected the talk's title")
        title = None
    speakers = reader.names("talk.speakers", values["speakers"]) if "speakers" in values else []
    links: dict[str, str | None] = {}
    for key in ("slides", "video"):
        links[key] = None
        if key in values:
            links[key] = _link(f"talk.{key}", values[key], reader)
    day = reader.moment("talk.date", values["date"]) if "date" in values else None
    if not title or not speakers:
        return None
    return Talk(title.strip(), tuple(dict.fromkeys(speakers)), links["slides"], links["video"], day)


def _link(key: str, node: yaml.Node, reader: _Reader) -> str | None:
    value = reader.text(key, node)
    if value is None:
        return None
    value = value.strip()
    if is_url(value):
        return value
    if urlsplit(value).scheme or local_path(reader.path, value) is None:
        reader.problem(
            _line(node),
            key,
            f"'{value}': expected an http(s) URL or a path relative to the post, inside the site",
        )
        return None
    return value


def missing_files(meta: PostMeta, root: Path) -> list[Problem]:
    """Local slides and videos that a post names and the site's folder does not have."""
    from blogkit.model.frontmatter import Problem

    problems = []
    talk = meta.talk
    for key, value in (("slides", talk and talk.slides), ("video", talk and talk.video)):
        if not value or is_url(value):
            continue
        path = local_path(meta.path, value)
        if path is None or not (root / path).is_file():
            problems.append(
                Problem(
                    meta.path,
                    meta.lines.get(f"talk.{key}", 1),
                    f"front matter 'talk.{key}': '{value}': no such file beside the post "
                    "(expected an http(s) URL or a file relative to the post)",
                    f"talk.{key}",
                )
            )
    return problems


def part_collisions(posts: list[PostMeta]) -> list[Problem]:
    """Two posts that claim the same part of one series."""
    from blogkit.model.frontmatter import Problem

    problems = []
    claimed: dict[tuple[str, int], str] = {}
    for meta in sorted(posts, key=lambda m: m.path):
        if meta.series_part is None:
            continue
        if meta.series is None:
            problems.append(
                Problem(
                    meta.path,
                    meta.lines.get("series_part", 1),
                    f"front matter 'series_part': '{meta.series_part}': "
                    "expected beside a 'series: <name>'",
                    "series_part",
                )
            )
            continue
        first = claimed.setdefault((slugify(meta.series), meta.series_part), meta.path)
        if first != meta.path:
            problems.append(
                Problem(
                    meta.path,
                    meta.lines.get("series_part", 1),
                    f"front matter 'series_part': '{meta.series_part}': already part "
                    f"{meta.series_part} of '{meta.series}' in {first}; expected a number "
                    "no other part of the series has",
                    "series_part",
                )
            )
    return problems


def _line(node: yaml.Node) -> int:
    return node.start_mark.line + 2
