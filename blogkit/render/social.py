"""Link previews and search snippets: Open Graph, Twitter card, article and description tags.

One handler writes them all, from what the page shows: a post's from its
record (title, summary, dates, authors, tags), another page's from its own
first paragraph, a listing page's from its title. The template only prints
the list. A post's image is the one its ``image`` names, else its social
card (blogkit.render.cards, drawn here, when the page is written), with its
size and a text alternative. (sphinxext-opengraph did this before: it walked every page's
document for a description that a post then replaced, and wrote nothing
for listing pages.)
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from markupsafe import Markup
from PIL import Image
from sphinx.application import Sphinx

from blogkit.config import site_timezone, site_url
from blogkit.i18n import _, ngettext
from blogkit.model.conference import is_url
from blogkit.model.domain import blog_data
from blogkit.model.excerpt import first_paragraph, plain_summary
from blogkit.model.reading import is_post
from blogkit.model.records import PostRecord
from blogkit.render.cards import HEIGHT, WIDTH, post_card
from blogkit.render.dates import iso_date

#: A description the page already has, from Sphinx's metatags (a page's own html_meta).
_OWN_DESCRIPTION = re.compile(r"""<meta\s[^>]*\bname=["']?description\b""", re.IGNORECASE)


def _tag(key: str, name: str, content: str) -> dict[str, str]:
    return {"key": key, "name": name, "content": content}


def page_meta(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """html-page-context: the tags that describe this page to link previews and search."""
    context["blog_meta"] = []
    if app.builder.format != "html" or not context.get("pageurl"):
        return
    post = blog_data(app.env).posts.get(pagename) if is_post(pagename, app.config) else None
    if post is not None:
        kind, title, description = "article", post.title, post.summary
        talk = post.meta.talk
        if talk is not None and not post.meta.description:
            # A preview of talk notes says whose talk it was: the speakers are not the authors.
            speakers = ", ".join(talk.speakers)
            notes = _("Notes on “%(talk)s” by %(speakers)s.") % {
                "talk": talk.title,
                "speakers": speakers,
            }
            description = f"{notes} {description}"
    elif doctree is not None or "blog_listing" in context or "blog_groups" in context:
        # A page's title is HTML to Sphinx; a listing page describes itself by its title.
        paragraph = first_paragraph(doctree) if doctree is not None else None
        kind, description = "website", plain_summary(paragraph) if paragraph else ""
        title = Markup(context.get("title") or "").striptags()
    else:
        return  # search, index and 404 pages: nothing to preview
    tags = [
        _tag("property", "og:title", title),
        _tag("property", "og:type", kind),
        _tag("property", "og:url", context["pageurl"]),
        _tag("property", "og:site_name", app.config.project),
    ]
    if description:
        tags.append(_tag("property", "og:description", description))
        if not _OWN_DESCRIPTION.search(context.get("metatags") or ""):
            tags.append(_tag("name", "description", description))
    if post is not None:
        image = _image_tags(app, post, title)
        tags += _post_tags(post, title, description, app, large=bool(image))
        tags += image
    context["blog_meta"] = tags


def _image_tags(app: Sphinx, post: PostRecord, title: str) -> list[dict]:
    """og:image with its size and alt text: the post's ``image``, else its card."""
    image = preview_image(app, post)
    if image:
        tags = [_tag("property", "og:image", image)]
        size = _image_size(app, post.image)
        if size:
            tags += [
                _tag("property", "og:image:width", str(size[0])),
                _tag("property", "og:image:height", str(size[1])),
            ]
        return [*tags, _tag("property", "og:image:alt", title)]
    card = post_card(app, post) if not post.image else None
    if card is None:
        return []
    return [
        _tag("property", "og:image", site_url(app.config) + card.path),
        _tag("property", "og:image:width", str(WIDTH)),
        _tag("property", "og:image:height", str(HEIGHT)),
        _tag("property", "og:image:alt", card.alt),
    ]


def _image_size(app: Sphinx, image: str | None) -> tuple[int, int] | None:
    """The size of an image of the site's folder (read from its header), else None."""
    if not image or is_url(image) or image.startswith("//"):
        return None
    try:
        with Image.open(Path(app.srcdir) / image) as opened:
            return opened.size
    except (OSError, ValueError):
        return None  # an SVG, say: previews take the image without a size


def preview_image(app: Sphinx, post: PostRecord) -> str | None:
    """The absolute URL of the image a post's ``image`` names, as the build copied it."""
    if not post.image:
        return None
    if "://" in post.image or post.image.startswith("//"):
        return post.image
    copied = getattr(app.builder, "images", {}).get(post.image)
    if not copied:
        return None
    return site_url(app.config) + f"{app.builder.imagedir}/{copied}"


def _post_tags(
    post: PostRecord, title: str, description: str, app: Sphinx, large: bool
) -> list[dict]:
    tz = site_timezone(app.config)
    tags = [
        _tag("name", "twitter:card", "summary_large_image" if large else "summary"),
        _tag("name", "twitter:title", title),
        _tag("name", "twitter:description", description),
    ]
    if post.date:
        tags.append(_tag("property", "article:published_time", iso_date(post.date, tz)))
        tags.append(_tag("property", "article:modified_time", iso_date(post.updated, tz)))
    tags += [_tag("property", "article:author", name) for name in post.meta.authors]
    tags += [_tag("property", "article:tag", name) for name in post.meta.tags]
    talk = post.meta.talk
    if talk is not None:
        # Shown as labelled lines by the previews that read them (Slack, Twitter/X).
        tags += [
            _tag("name", "twitter:label1", _("Talk")),
            _tag("name", "twitter:data1", talk.title),
            _tag("name", "twitter:label2", ngettext("Speaker", "Speakers", len(talk.speakers))),
            _tag("name", "twitter:data2", ", ".join(talk.speakers)),
        ]
        if talk.video and is_url(talk.video):
            tags.append(_tag("property", "og:video", talk.video))
    return tags
