"""A post's excerpt as HTML and as plain text, rendered once when the post is read.

The excerpt is what comes before a ``<!-- more -->`` line (an HTML comment
in Markdown, ``.. more`` in reStructuredText) when the post has one;
otherwise its first paragraph, or as many as ABlog's ``excerpt: <n>`` says.
Listing pages reuse the HTML, and feeds and link previews the plain text
(the summary), instead of re-rendering doctree nodes for every page they
appear on. Cross-references are not resolved at read time, so they keep
their text and lose their link; external links, emphasis and code survive.
"""

from __future__ import annotations

import functools
import html
import re

from docutils import frontend, nodes, utils
from docutils.writers import html5_polyglot
from sphinx import addnodes

SUMMARY_LENGTH = 200
#: The line that ends a post's excerpt, as MyST keeps it (raw HTML) or a reST comment.
MORE_HTML = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)
MORE_COMMENT = "more"
#: The blocks an excerpt may hold: running text. Headings, front matter, images, raw HTML
#: (its relative links are the post's) and directives' output stay on the post's page.
EXCERPT_BLOCKS = (
    nodes.paragraph,
    nodes.bullet_list,
    nodes.enumerated_list,
    nodes.definition_list,
    nodes.block_quote,
    nodes.literal_block,
    nodes.line_block,
    nodes.doctest_block,
)


@functools.cache
def _settings() -> frontend.Values:
    # Created once per process, not once per post; an excerpt has no stylesheet to find.
    settings = frontend.get_default_settings(html5_polyglot.Writer)
    settings.stylesheet_path = []
    settings.embed_stylesheet = False
    return settings


def excerpt_html(paragraph: nodes.paragraph) -> str:
    """The inner HTML of one paragraph, free of unresolved references and images."""
    return _html(paragraph, inner=True)


def block_html(node: nodes.Element) -> str:
    """The HTML of one block of an excerpt: a paragraph, a list, a quote, a code block."""
    if isinstance(node, nodes.paragraph):
        return f"<p>{excerpt_html(node)}</p>"
    return _html(node, inner=False)


def _html(element: nodes.Element, inner: bool) -> str:
    copy = element.deepcopy()
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
    for node in copy.findall(nodes.Element):
        # The post's page has these ids; a listing page would have them twice.
        node["ids"] = []
    document = utils.new_document("<excerpt>", _settings())
    document += copy
    translator = html5_polyglot.HTMLTranslator(document)
    try:
        for child in copy.children if inner else [copy]:
            child.walkabout(translator)
    except (NotImplementedError, nodes.NodeFound, AttributeError, KeyError):
        text = html.escape(copy.astext())
        return text if inner else f"<p>{text}</p>"
    return "".join(translator.body).strip()


def is_more_marker(node: nodes.Node) -> bool:
    """The ``<!-- more -->`` line (MyST's raw HTML) or a reST ``.. more`` comment."""
    if isinstance(node, nodes.comment):
        return node.astext().strip().lower() == MORE_COMMENT
    if isinstance(node, nodes.raw) and "html" in node.get("format", "").split():
        return MORE_HTML.fullmatch(node.astext().strip()) is not None
    return False


def blocks_before_more(document: nodes.Node) -> list[nodes.Element] | None:
    """The blocks of running text before the post's ``<!-- more -->`` line; None without one.

    Sections are walked into (their headings are not excerpt), every other
    block is taken whole: a list, a quote or a code block before the marker
    is part of the excerpt.
    """
    marker = next(document.findall(is_more_marker), None)
    if marker is None:
        return None
    found: list[nodes.Element] = []

    def walk(parent: nodes.Element) -> bool:
        for child in parent.children:
            if child is marker:
                return True
            if isinstance(child, nodes.section | nodes.document):
                if walk(child):
                    return True
            elif child.next_node(lambda n: n is marker) is not None:
                # The marker is inside this block (a quote, a container): what precedes it there.
                return walk(child)
            elif isinstance(child, EXCERPT_BLOCKS) and not isinstance(
                child.parent, nodes.field_body | nodes.docinfo
            ):
                found.append(child)
        return False

    walk(document)
    return found


def post_excerpt(sources: list[nodes.Node], paragraphs: list[nodes.paragraph]) -> tuple[str, str]:
    """A post's excerpt as HTML, and as the plain text feeds and link previews show.

    ``sources``: where the post's text is (the document, or the content of
    ABlog's post directive); ``paragraphs``: its first paragraphs, as many as
    ``excerpt: <n>`` asks (one by default), used when there is no marker.
    """
    blocks: list[nodes.Element] | None = None
    for source in sources:
        if isinstance(source, nodes.Element):
            blocks = blocks_before_more(source)
            if blocks is not None:
                break
    chosen: list[nodes.Element] = list(paragraphs) if blocks is None else blocks
    html_text = "".join(block_html(block) for block in chosen)
    if blocks is None and len(chosen) <= 1:
        # The first paragraph alone, cut near SUMMARY_LENGTH; a chosen excerpt is shown whole.
        return html_text, plain_summary(chosen[0]) if chosen else ""
    return html_text, " ".join(filter(None, (_block_text(block) for block in chosen)))


def _block_text(block: nodes.Element) -> str:
    """A block's text on one line, its paragraphs and list items apart by a space."""
    if isinstance(block, nodes.TextElement):
        return plain_text(block)
    outermost = block.findall(
        lambda n: isinstance(n, nodes.TextElement) and not isinstance(n.parent, nodes.TextElement)
    )
    return " ".join(filter(None, (plain_text(part) for part in outermost)))


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
