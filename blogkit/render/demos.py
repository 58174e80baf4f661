"""Recorded demos in a post: ``{video}`` and ``{asciinema}``, played from the site itself.

``{video} <path or URL>``: a video file beside the post plays in a
``<video controls>`` element, with an optional poster and WebVTT captions; a
YouTube or Vimeo URL becomes a click-to-load facade (a local poster and a play
button saying where the video loads from) and nothing is requested from there
before the click. ``{asciinema} <path>`` plays a terminal recording (a
``.cast`` file beside the post) in the asciinema player shipped in the
package's static files. Each page loads the scripts of the demos it has, and
only those.

Every file a demo names is published with the site through Sphinx's own
download files (``_downloads/``), so it is copied, tracked as a dependency and
purged like any download.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from blogkit.i18n import _
from blogkit.model.conference import hosted_video, is_url, local_path
from blogkit.model.domain import blog_data
from blogkit.render.conference import VIDEO_TYPES, local_video, site_file, video_player
from blogkit.render.links import Links

logger = logging.getLogger(__name__)

#: Scripts and stylesheets of each kind of demo, in the package's static files.
ASSETS = {
    "video": {"js": ["blogkit-video.js"], "css": []},
    "asciinema": {
        "js": ["asciinema-player/asciinema-player.min.js", "blogkit-asciinema.js"],
        "css": ["asciinema-player/asciinema-player.css"],
    },
}


#: Poster images a page can show, by extension.
IMAGES = (".png", ".jpg", ".jpeg", ".webp", ".svg")
_TIME = re.compile(r"^(\d+(\.\d+)?|(\d+:)?\d{1,2}:\d{2})$")


def _speed(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        number = 0
    if not 0 < number <= 100:
        raise ValueError(f"'{value}': expected a speed such as 2 or 0.5")
    return number


def _start_at(value: str) -> int | float | str:
    if not _TIME.match(value.strip()):
        raise ValueError(f"'{value}': expected seconds (12.5) or a time such as 1:05")
    return value.strip()


def _poster(value: str) -> str:
    if not value.startswith(("npt:", "data:text/plain,")):
        raise ValueError(f"'{value}': expected 'npt:<time>' (a frame) or 'data:text/plain,<text>'")
    return value


class demo(nodes.General, nodes.Element):
    """A video or a terminal recording, rendered by the HTML writer (demo_visitor)."""


class _DemoDirective(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = False
    has_content = False

    def fail(self, field: str, value: str, accepted: str) -> list[nodes.Node]:
        logger.warning(
            "{%s} %s: '%s': %s",
            self.name,
            field,
            value,
            accepted,
            location=(self.env.docname, self.lineno),
            type="blog",
            subtype=self.name,
        )
        return []

    def publish(self, field: str, value: str, suffixes: tuple[str, ...]) -> str | None:
        """A file beside the post, published with the site: its path from the site's folder."""
        post_path = Path(self.env.doc2path(self.env.docname)).relative_to(self.env.srcdir)
        path = local_path(post_path.as_posix(), value)
        if path is None or not (self.env.srcdir / path).is_file():
            self.fail(field, value, "no such file beside the post (a path relative to the post)")
            return None
        if not value.lower().endswith(suffixes):
            self.fail(field, value, "expected a file ending in " + ", ".join(suffixes))
            return None
        self.env.dlfiles.add_file(self.env.docname, path)
        self.env.note_dependency(self.env.srcdir / path)
        return path


class VideoDirective(_DemoDirective):
    """``{video} <path or URL>``: ``:poster:``, ``:captions:``, ``:captions-lang:``, ``:title:``."""

    option_spec: ClassVar[dict[str, Any]] = {
        "poster": directives.unchanged_required,
        "captions": directives.unchanged_required,
        "captions-lang": directives.unchanged_required,
        "title": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        target = self.arguments[0]
        node = demo(kind="video", title=self.options.get("title", ""))
        if is_url(target):
            if hosted_video(target) is None:
                return self.fail(
                    "argument",
                    target,
                    "expected a YouTube or Vimeo video URL, or a video file beside the post "
                    "(other sites' players would load from them before any click)",
                )
            node["url"] = target
        else:
            node["path"] = self.publish("argument", target, tuple(VIDEO_TYPES))
            if node["path"] is None:
                return []
        if "poster" in self.options:
            poster = self.options["poster"]
            if is_url(poster):
                return self.fail(
                    "poster",
                    poster,
                    "expected an image beside the post (a remote poster is a request "
                    "to another site)",
                )
            node["poster"] = self.publish("poster", poster, IMAGES)
            if node["poster"] is None:
                return []
        if "captions" in self.options:
            if "url" in node:
                return self.fail("captions", self.options["captions"], "only for a video file")
            node["captions"] = self.publish("captions", self.options["captions"], (".vtt",))
            if node["captions"] is None:
                return []
            node["captions_lang"] = self.options.get("captions-lang", "en")
        self.set_source_info(node)
        return [node]


class AsciinemaDirective(_DemoDirective):
    """``{asciinema} <path>``: ``:poster:``, ``:start-at:``, ``:speed:``, ``:rows:``, ``:cols:``.

    Also ``:image:``: a picture of the recording that feeds show instead of the player.
    """

    option_spec: ClassVar[dict[str, Any]] = {
        "poster": _poster,
        "start-at": _start_at,
        "speed": _speed,
        "rows": directives.positive_int,
        "cols": directives.positive_int,
        "image": directives.unchanged_required,
        "title": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        node = demo(kind="asciinema", title=self.options.get("title", _("Terminal recording")))
        node["path"] = self.publish("argument", self.arguments[0], (".cast",))
        if node["path"] is None:
            return []
        options: dict[str, Any] = {}
        if "poster" in self.options:
            options["poster"] = self.options["poster"]
        if "start-at" in self.options:
            options["startAt"] = self.options["start-at"]
        if "speed" in self.options:
            options["speed"] = self.options["speed"]
        for name in ("rows", "cols"):
            if name in self.options:
                options[name] = self.options[name]
        node["options"] = json.dumps(options, sort_keys=True)
        if "image" in self.options:
            node["poster"] = self.publish("image", self.options["image"], IMAGES)
            if node["poster"] is None:
                return []
        self.set_source_info(node)
        return [node]


def demo_visitor(app: Sphinx) -> Any:
    """The HTML writer's visitor for demo nodes, for this application."""

    def visit_demo(translator: Any, node: demo) -> None:
        links = Links(app, translator.builder.current_docname)
        values = demo_values(links, node)
        template = "blog/video.html" if node["kind"] == "video" else "blog/asciinema.html"
        translator.body.append(app.builder.templates.render(template, {node["kind"]: values}))
        raise nodes.SkipNode

    return visit_demo


def demo_values(links: Links, node: demo) -> dict[str, Any]:
    """What the templates show of one demo, with links relative to the page."""
    title = node.get("title", "")
    poster = site_file(links, node.get("poster"))
    if node["kind"] == "asciinema":
        cast = site_file(links, node["path"])
        return {"cast": cast, "options": node["options"], "poster": poster, "title": title}
    if "url" in node:
        label = title or _("Video on %(host)s") % {"host": hosted_video(node["url"]).host}
        return video_player(links, "", node["url"], poster=poster, title=title, label=label)
    captions = []
    if node.get("captions"):
        lang = node["captions_lang"]
        captions.append({"src": site_file(links, node["captions"]), "lang": lang, "label": lang})
    return local_video(
        links,
        node["path"],
        poster=poster,
        captions=captions,
        title=title,
        label=title or _("Video"),
    )


def skip_demo(translator: Any, node: demo) -> None:
    raise nodes.SkipNode


def demo_kinds(app: Sphinx, pagename: str, doctree: nodes.document | None) -> set[str]:
    """The kinds of demo a page shows: its directives and its talk's video."""
    kinds = {node["kind"] for node in doctree.findall(demo)} if doctree is not None else set()
    post = blog_data(app.env).posts.get(pagename)
    talk = post.meta.talk if post is not None else None
    if talk is not None and talk.video and is_url(talk.video) and hosted_video(talk.video):
        kinds.add("video")
    return kinds


def demo_assets(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """html-page-context: the scripts of the page's demos, on that page only."""
    if app.builder.format != "html":
        return
    for kind in sorted(demo_kinds(app, pagename, doctree)):
        for css in ASSETS[kind]["css"]:
            app.add_css_file(css)
        for js in ASSETS[kind]["js"]:
            app.add_js_file(js, loading_method="defer")


def publish_talk_files(app: Sphinx, doctree: nodes.document) -> None:
    """doctree-read: a talk's local slides and video are published with the site."""
    env = app.env
    post = blog_data(env).posts.get(env.docname)
    talk = post.meta.talk if post is not None else None
    if talk is None:
        return
    for value in (talk.slides, talk.video):
        path = local_path(post.meta.path, value) if value and not is_url(value) else None
        if path and (env.srcdir / path).is_file():
            env.dlfiles.add_file(env.docname, path)
            env.note_dependency(env.srcdir / path)
