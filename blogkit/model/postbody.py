"""What the build takes from a post's body, beside its front matter.

ABlog's conventions that live in the document rather than in its metadata
(its ``post`` directive is blogkit._ablog's): a title given only in the
front matter (shown above the body), the excerpt's paragraphs,
the image link previews show, and images referenced from raw HTML, which
Sphinx does not copy (``<img src="./images/x.png">``).
"""

from __future__ import annotations

import posixpath
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from docutils import nodes


def insert_title(document: nodes.document, title: str) -> None:
    """A title given only in front matter, as the page's heading above the whole body.

    The body's own sections go under it, so the page reads as the post did
    in ABlog: the title first, then the opening paragraphs, then the sections.
    """
    section = nodes.section()
    section += nodes.title(title, title)
    for child in list(document.children):
        document.remove(child)
        section += child
    section["names"].append(nodes.fully_normalize_name(title))
    document.note_implicit_target(section, section)
    document += section


def excerpt_paragraphs(
    sources: list[nodes.Node], count: int, skip: tuple[type, ...]
) -> list[nodes.paragraph]:
    """The first ``count`` paragraphs of running text in ``sources`` (not inside ``skip``)."""
    found: list[nodes.paragraph] = []
    for source in sources:
        if not isinstance(source, nodes.Element):
            continue
        for paragraph in source.findall(nodes.paragraph):
            if len(found) == count:
                return found
            if not isinstance(paragraph.parent, skip):
                found.append(paragraph)
    return found


def nth_image(document: nodes.document, number: int, docname: str) -> str | None:
    """The ``number``-th image of a post: its URL, or its path from the source folder."""
    for position, image in enumerate(document.findall(nodes.image), start=1):
        if position == number:
            return source_path(image["uri"], docname)
    return None


def source_path(uri: str, docname: str) -> str:
    """A URI written in a post, as a path from the source folder (URLs as they are)."""
    if urlsplit(uri).scheme or uri.startswith("//"):
        return uri
    if uri.startswith("/"):
        return posixpath.normpath(uri.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(docname), uri))


class _ImageSources(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.sources: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("img", "source"):
            for name, value in attrs:
                if name == "src" and value:
                    self.sources.append(value)


def raw_html_images(
    document: nodes.document, docname: str, srcdir: Path
) -> tuple[list[str], list[tuple[int, str]]]:
    """Local images referenced from a post's raw HTML, and (line, message) for missing ones.

    Sphinx copies only the images of image nodes; these are copied by the
    build to the same place beside the page, so the HTML's relative links hold.
    """
    found: list[str] = []
    missing: list[tuple[int, str]] = []
    for raw in document.findall(nodes.raw):
        if "html" not in raw.get("format", "").split():
            continue
        parser = _ImageSources()
        parser.feed(raw.astext())
        parser.close()
        for src in parser.sources:
            parts = urlsplit(src)
            if parts.scheme or parts.netloc or src.startswith(("/", "data:")):
                continue
            path = source_path(unquote(parts.path), docname)
            if path.startswith("../") or path == "..":
                missing.append((raw.line or 1, f"image '{src}' is outside the site's folder"))
            elif not (srcdir / path).is_file():
                missing.append((raw.line or 1, f"image file not readable: '{src}' ({path})"))
            elif path not in found:
                found.append(path)
    return found, missing
