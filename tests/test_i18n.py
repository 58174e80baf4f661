"""The blog in the site's language: blogkit's catalog, its German translation, a German site.

The catalog checks read the sources themselves (Babel's extraction, with the
mapping ``make messages`` uses), so a label added without a translation, or a
``.po`` changed without ``make messages``, fails here. One German build (the
conference site: series, event, talk, demos, drafts shown, in parallel so that
the listing pages and feeds come from blogkit's other processes) is read page
by page and feed by feed for any English label of blogkit's left. A template
with a bare English text (one never wrapped in ``_()``) fails on its own.
"""

from __future__ import annotations

import re
from pathlib import Path

import feedparser
import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup
from conference_site import make_conference_site
from conftest import Build, built, sphinx_build

import blogkit
from blogkit.i18n import LOCALE_DIR

PACKAGE = Path(blogkit.__file__).parent
GERMAN = LOCALE_DIR / "de" / "LC_MESSAGES"
#: What a reader sees besides text: labels of controls, alternative texts, link previews.
SHOWN_ATTRIBUTES = ("aria-label", "alt", "title", "label", "content", "data-title")
MONTHS = "January February March April May June July August September October November December"


def source_msgids() -> set[tuple[str, str | None]]:
    """Every (msgid, context) of the code and templates, as ``make messages`` extracts them."""
    with (LOCALE_DIR / "babel.cfg").open(encoding="utf-8") as mapping:
        method_map, options_map = parse_mapping_cfg(mapping)
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
        PACKAGE, method_map, options_map
    ):
        found.add((message[0] if isinstance(message, tuple) else message, context))
    return found


def german_po():
    with (GERMAN / "blogkit.po").open("rb") as po:
        return read_po(po)


def test_every_label_in_the_code_and_templates_has_a_german_translation() -> None:
    catalog = german_po()
    untranslated = []
    for msgid, context in sorted(source_msgids(), key=str):
        message = catalog.get(msgid, context=context)
        strings = message.string if message is not None else ""
        strings = strings if isinstance(strings, tuple) else (strings,)
        if message is None or message.fuzzy or not all(strings):
            untranslated.append(msgid if context is None else f"{context}|{msgid}")
    assert not untranslated, (
        "labels without a German translation: run `make messages`, then translate them in "
        f"blogkit/locale/de/LC_MESSAGES/blogkit.po: {untranslated}"
    )
    # Placeholders and markup survive translation (Babel's python-format checks).
    problems = [(message.id, str(error)) for message, errors in catalog.check() for error in errors]
    assert not problems


def test_the_shipped_mo_is_compiled_from_the_po() -> None:
    with (GERMAN / "blogkit.mo").open("rb") as mo:
        compiled = read_mo(mo)

    def entries(catalog) -> dict:
        # Babel before 2.19 reads a context from a .mo as bytes.
        return {
            (tuple(m.id) if m.pluralizable else m.id, _text(m.context)): (
                tuple(m.string) if m.pluralizable else m.string
            )
            for m in catalog
            if m.id and not m.fuzzy
        }

    shipped, expected = entries(compiled), entries(german_po())
    assert len(expected) > 50
    assert shipped == expected, "blogkit.mo is older than blogkit.po: run `make messages`"


def _text(value: str | bytes | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value


def english_labels() -> list[re.Pattern[str]]:
    """blogkit's English texts that German changes, as patterns for one text node each.

    A msgid with markup is several texts; a placeholder matches any text. A
    label that ends a sentence may be followed by more text (a description).
    """
    patterns = []
    for message in german_po():
        if not message.id or message.id == message.string:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        # A piece the translation keeps as it is is a name ("Sphinx"), not a label.
        kept = {piece.strip() for text in strings for piece in re.split(r"<[^>]+>", text)}
        for msgid in message.id if isinstance(message.id, tuple) else (message.id,):
            for piece in re.split(r"<[^>]+>", msgid):
                piece = piece.strip()
                if piece in kept or not re.search(r"[A-Za-z]", re.sub(r"%\(\w+\)s", "", piece)):
                    continue
                if re.fullmatch(r"[dMy. ]+", piece):
                    continue  # the date pattern: month names are checked apart
                regex = ".+?".join(re.escape(part) for part in re.split(r"%\(\w+\)s", piece))
                if piece[-1] in ".:":
                    regex += r"(\s.*)?"
                patterns.append(re.compile(regex, re.DOTALL))
    return patterns


def shown_texts(soup: BeautifulSoup) -> list[str]:
    """Each text a reader sees or hears on a page: text nodes and the attributes shown."""
    for hidden in soup(["script", "style"]):
        hidden.decompose()
    texts = [" ".join(text.split()) for text in soup.find_all(string=True)]
    for element in soup.find_all(True):
        texts += [" ".join(str(element.get(name)).split()) for name in SHOWN_ATTRIBUTES]
    return [text for text in texts if text and text != "None"]


@pytest.fixture(scope="module")
def german_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The conference site in German, drafts shown, a tag cloud cut short, built with -j 2."""
    root = make_conference_site(tmp_path_factory.mktemp("german") / "src")
    options = ("-D", "language=de", "-D", "blog_drafts=show", "-D", "blog_sidebar_tags=1")
    return built(sphinx_build(root, root.parent / "html", *options, "-j", "2"))


def test_a_german_site_shows_no_english_label(german_site: Build) -> None:
    labels = english_labels()
    pages = [p for p in german_site.pages() if p.name not in ("genindex.html", "search.html")]
    assert len(pages) > 15
    left = set()
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        name = page.relative_to(german_site.outdir).as_posix()
        for text in shown_texts(soup):
            left |= {(name, text) for label in labels if label.fullmatch(text)}
            left |= {(name, text) for month in MONTHS.split() if re.search(rf"\d {month} \d", text)}
    feeds = sorted(german_site.outdir.rglob("*.xml"))
    feeds = [feed for feed in feeds if feed.name in ("atom.xml", "rss.xml")]
    assert len(feeds) >= 8
    for feed in feeds:
        parsed = feedparser.parse(feed.read_bytes())
        name = feed.relative_to(german_site.outdir).as_posix()
        texts = [parsed.feed.title, parsed.feed.get("subtitle", "")]
        for entry in parsed.entries:
            for content in entry.get("content", []):
                texts += shown_texts(BeautifulSoup(content.value, "lxml"))
        left |= {(name, text) for text in texts for label in labels if label.fullmatch(text)}
    assert not left, f"English labels on the German site: {sorted(left)}"


def test_a_german_site_speaks_german(german_site: Build) -> None:
    """What the reader sees instead: German labels, German dates, German feed titles."""
    post = german_site.html("posts/2019/pod-security.html")
    assert post.html["lang"] == "de"
    assert post.select_one(".blog-post-meta time").get_text() == "20. Mai 2019"
    assert post.select_one(".blog-reading-time").get_text() == "1 Min. Lesezeit"
    box = post.select_one(".blog-series")
    assert box["aria-label"] == "Serie: Hardening Kubernetes"
    assert box.select_one(".blog-series-position").get_text() == "Teil 2 von 4"
    assert post.select_one(".blog-talk-details dt").get_text() == "Referenten"
    subscribe = post.select_one("#blog-sidebar-subscribe").get_text()
    assert subscribe == "Abonnieren"
    # Furo's own labels that Sphinx's catalogs lack (blogkit.i18n.THEME_LABELS).
    assert "Nach oben" in post.select_one(".back-to-top").get_text()
    draft = german_site.html("posts/2019/unfinished-part.html")
    assert draft.select_one(".blog-draft-banner .admonition-title").get_text() == "Entwurf"
    assert german_site.html("blog/tag/kubernetes.html").h1.get_text() == (
        "Beiträge mit dem Schlagwort kubernetes"
    )
    assert german_site.html("404.html").h1.get_text() == "Seite nicht gefunden"
    feed = feedparser.parse(german_site.outdir / "blog/series/hardening-kubernetes/atom.xml")
    assert feed.feed.title == "Test Blog: Serie: Hardening Kubernetes"
    assert feedparser.parse(german_site.outdir / "blog/rss.xml").feed.language == "de"


#: Names, not words (formats: "JSON Feed"): the same in every language.
NAMES = {"RSS", "Atom", "JSON", "Feed"}
#: Attributes whose values a reader sees or hears.
LABEL_ATTRIBUTES = re.compile(r'\b(?:aria-label|alt|title|label|placeholder)="([^"]*)"')


def test_the_templates_write_no_text_outside_the_catalog() -> None:
    """Every text of blogkit's templates is in ``_()`` or ``{% trans %}``: none is left bare.

    A template's literal text (Jinja's TemplateData) is read with a marker in
    place of each value, tags and comments taken out; what is left, and the
    labels in attributes, must be free of words.
    """
    from jinja2 import Environment, nodes

    environment = Environment(extensions=["jinja2.ext.i18n"])
    bare = []
    for template in sorted((PACKAGE / "templates").rglob("*.html")):
        tree = environment.parse(template.read_text(encoding="utf-8"))
        text = "".join(
            node.data if isinstance(node, nodes.TemplateData) else "\0"
            for output in tree.find_all(nodes.Output)
            for node in output.nodes
        )
        text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
        shown = LABEL_ATTRIBUTES.findall(text) + re.split(r"<[^>]*>", text)
        words = {word for piece in shown for word in re.findall(r"[^\W\d_]{2,}", piece)}
        if words - NAMES:
            bare.append((template.relative_to(PACKAGE).as_posix(), sorted(words - NAMES)))
    assert not bare, f"texts outside _() or {{% trans %}}: {bare}"
