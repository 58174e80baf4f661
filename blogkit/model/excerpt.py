"""A post's excerpt as HTML, rendered once when the post is read.

Listing pages and feeds reuse this string instead of re-rendering doctree
nodes for every page they appear on. Cross-references are not resolved at
read time, so they keep their text and lose their link; external links,
emphasis and code survive.
"""

from __future__ import annotations

import functools
import html
import re

from docutils import frontend, nodes, utils
from docutils.writers import html5_polyglot
from sphinx import addnodes

SUMMARY_LENGTH = 200


@functools.cache
def _settings() -> frontend.Values:
    # Created once per process, not once per post; an excerpt has no stylesheet to find.
    settings = frontend.get_default_settings(html5_polyglot.Writer)
    settings.stylesheet_path = []
    settings.embed_stylesheet = False
    return settings


def excerpt_html(paragraph: nodes.paragraph) -> str:
    """The inner HTML of one paragraph, free of unresolved references and images."""
    copy = paragraph.deepcopy()
    for xref in list(copy.findall(addnodes.pending_xref)):
        xref.replace_self(nodes.inline("", "", *xref.children))
    # A formula as its page shows it: the MathML blogkit.render.math made for it, or as
    # Sphinx's MathJax renderer writes it (docutils' own converter would warn on stderr).
    for formula in list(copy.findall(nodes.math)):
        latex = html.escape(formula.astext())
        markup = formula.get("mathml") or f'<span class="math notranslate">\\({latex}\\)</span>'
        formula.replace_self(nodes.raw("", markup, format="html"))
    dropped = (nodes.image, nodes.footnote_reference, nodes.citation_reference)
    for node in list(copy.findall(lambda n: isinstance(n, dropped))):
        node.parent.remove(node)
    document = utils.new_document("<excerpt>", _settings())
    document += copy
    translator = html5_polyglot.HTMLTranslator(document)
    try:
        for child in copy.children:
            child.walkabout(translator)
    except (NotImplementedError, nodes.NodeFound, AttributeError):
        return html.escape(copy.astext())
    return "".join(translator.body).strip()


def first_paragraph(document: nodes.document) -> nodes.paragraph | None:
    """The first paragraph of running text: front matter and field lists are not."""
    for paragraph in document.findall(nodes.paragraph):
        if not isinstance(paragraph.parent, nodes.field_body | nodes.docinfo):
            return paragraph
    return None


def plain_text(node: nodes.Node) -> str:
    """What a reader reads of a node, on one line: inline HTML is markup, not text."""
    text = "".join(
        part.astext() for part in node.findall(nodes.Text) if not isinstance(part.parent, nodes.raw)
    )
    return re.sub(r"\s+", " ", text).strip()


def plain_summary(paragraph: nodes.paragraph) -> str:
    """The paragraph as one line of text, cut at a word near SUMMARY_LENGTH."""
    text = plain_text(paragraph)
    if len(text) <= SUMMARY_LENGTH:
        return text
    cut = text[:SUMMARY_LENGTH].rsplit(" ", 1)[0]
    return cut.rstrip(",;:") + "…"
