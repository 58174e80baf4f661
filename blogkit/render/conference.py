"""A post's place in its series and the talk it is about, as its page shows them.

The series box ("Part 2 of 3", every part linked, the current one marked) and
the talk card (title, speakers, date, slides, video) go under the post's
title with its date line (blogkit.render.postheader). Values only: the
templates ``blog/series-nav.html`` and ``blog/talk-card.html`` display them.
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from blogkit.i18n import _
from blogkit.model.conference import hosted_video, is_url, local_path
from blogkit.model.index import BlogIndex
from blogkit.model.records import PostRecord
from blogkit.render.dates import display_date, iso_date
from blogkit.render.links import Links

#: Video files a page can play, by extension.
VIDEO_TYPES = {".webm": "video/webm", ".mp4": "video/mp4", ".m4v": "video/mp4", ".ogv": "video/ogg"}


def series_nav(post: PostRecord, index: BlogIndex, links: Links) -> dict[str, Any] | None:
    """The post's series: its name and page, the post's position, every part."""
    parts = index.series_parts(post)
    if not parts:
        return None
    names = [p.docname for p in parts]
    name = index.series_name(post) or ""
    return {
        "name": name,
        "url": links.page(index.series_page(name)),
        "position": names.index(post.docname) + 1 if post.docname in names else 0,
        "count": len(parts),
        "parts": [
            {"title": p.title, "url": links.page(p.docname), "current": p.docname == post.docname}
            for p in parts
        ],
    }


def site_file(links: Links, path: str | None) -> str | None:
    """The link to a file of the site's folder that is published with the site."""
    entry = links.builder.env.dlfiles.get(Path(path)) if path else None
    return links.file(f"_downloads/{entry[1]}") if entry else None


def published_file(links: Links, post_path: str, value: str) -> str | None:
    """The link to a file named relative to a post and published with the site."""
    return site_file(links, local_path(post_path, value))


def video_player(links: Links, post_path: str, value: str, **extra: Any) -> dict[str, Any]:
    """What the page shows for a video: a facade (YouTube, Vimeo), a player, or a link."""
    if is_url(value):
        hosted = hosted_video(value)
        if hosted is None:
            return {"kind": "link", "url": value, **extra}
        return {"kind": "hosted", **asdict(hosted), **extra}
    return local_video(links, local_path(post_path, value), **extra)


def local_video(links: Links, path: str | None, **extra: Any) -> dict[str, Any]:
    """A video file of the site's folder, played in a ``<video>`` element."""
    source = site_file(links, path)
    if source is None or path is None:
        return {"kind": "none", **extra}
    kind = VIDEO_TYPES.get(PurePosixPath(path).suffix.lower(), "")
    return {"kind": "local", "src": source, "type": kind, **extra}


def talk_card(post: PostRecord, links: Links, tz: ZoneInfo) -> dict[str, Any] | None:
    """The talk a post is about: title, speakers, date, slides and video."""
    talk = post.meta.talk
    if talk is None:
        return None
    card: dict[str, Any] = {"title": talk.title, "speakers": list(talk.speakers)}
    if talk.date:
        card["date"] = display_date(talk.date, tz)
        card["datetime"] = iso_date(talk.date, tz)[:10]
    if talk.slides:
        local = not is_url(talk.slides)
        card["slides"] = (
            published_file(links, post.meta.path, talk.slides) if local else talk.slides
        )
        card["slides_kind"] = talk.slides.rsplit(".", 1)[-1].upper() if local else ""
    if talk.video:
        card["video"] = video_player(
            links,
            post.meta.path,
            talk.video,
            label=_("Video of “%(talk)s”") % {"talk": talk.title},
            poster=None,
        )
    return card
