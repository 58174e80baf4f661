"""Atom and RSS feeds checked as strictly as can be done offline.

The W3C Feed Validation Service (validator.w3.org/feed) is a web service; its
source is published on no package registry and tests run without a network,
so it cannot run here. What it checks is checked here instead, on the Atom
and RSS feeds of every build conftest's ``built()`` accepts and of the shared
test sites (their tests call :func:`invalid_feeds` with the URL of their conf.py):

- the grammar, with two RELAX NG schemas written for these tests from the
  specifications' rules (read by lxml): ``atom-1.0.rng`` from RFC 4287,
  ``rss-2.0.rng`` from RSS 2.0 (their header comments list the rules);
- what a grammar cannot say, in :func:`feed_problems`: every URL absolute
  (in the feed and in the HTML it carries), entry ids and guids unique, the
  self link equal to the address the feed is published at, one alternate
  link per type and language, the feed's date not older than any entry's,
  RSS dates that parse as RFC 822 dates (``email.utils``) with a zone, the
  ``xml-stylesheet`` instruction well-formed (W3C "Associating Style Sheets
  with XML documents") and naming a published file, and escaped HTML
  (Atom ``type="html"``, RSS ``description`` and ``content:encoded``) that
  an HTML parser reads without error and without scripts or frames.

Hand-written because no offline feed validator is packaged: feedparser
accepts broken feeds by design, and the W3C's validator is not published.
test_feeds.py proves that each rule rejects a feed that breaks it.
"""

from __future__ import annotations

import re
from datetime import datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import quote, unquote, urljoin, urlsplit

import lxml.etree as etree
import lxml.html

HERE = Path(__file__).resolve().parent
ATOM_NS = "http://www.w3.org/2005/Atom"
A = "{" + ATOM_NS + "}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
CONTENT_ENCODED = "{http://purl.org/rss/1.0/modules/content/}encoded"

#: The names blogkit gives its Atom and RSS feeds.
FEED_NAMES = ("atom.xml", "rss.xml")

#: The schemas, compiled once.
SCHEMAS = {
    "atom": etree.RelaxNG(etree.parse(str(HERE / "atom-1.0.rng"))),
    "rss": etree.RelaxNG(etree.parse(str(HERE / "rss-2.0.rng"))),
}

#: A feed is read as data: no entity expansion, no network.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)

#: Elements the W3C validator names as a risk inside a feed's HTML.
UNSAFE = ("script", "iframe", "frame", "frameset", "object", "embed", "applet", "meta")

#: Atom's elements that may hold escaped HTML (type="html").
TEXT_CONSTRUCTS = ("title", "subtitle", "summary", "content", "rights")

#: Pseudo-attributes of xml-stylesheet (W3C Recommendation, 2nd edition, section 2).
PSEUDO_ATTRIBUTE = re.compile(r"""\s*([A-Za-z_:][-\w.:]*)\s*=\s*("[^"<&]*"|'[^'<&]*')""")
STYLESHEET_ATTRIBUTES = {"href", "type", "title", "media", "charset", "alternate"}


def kind_of(root: etree._Element) -> str | None:
    """``atom``, ``rss``, or None for XML that is not a feed (a sitemap)."""
    if root.tag == A + "feed":
        return "atom"
    return "rss" if root.tag == "rss" else None


def site_feeds(outdir: Path) -> list[Path]:
    """Every Atom and RSS feed in a built site: by its root element, or by name if broken."""
    return sorted(path for path in outdir.rglob("*.xml") if _is_feed(path))


def _is_feed(path: Path) -> bool:
    try:
        return kind_of(etree.parse(str(path), PARSER).getroot()) is not None
    except etree.XMLSyntaxError:
        return path.name in FEED_NAMES


def problems_by_feed(outdir: Path, base: str) -> dict[str, list[str]]:
    """Each feed of a built site (its path in ``outdir``) and what is wrong with it."""
    return {
        path.relative_to(outdir).as_posix(): feed_problems(
            path.read_bytes(), path.relative_to(outdir).as_posix(), outdir, base
        )
        for path in site_feeds(outdir)
    }


def published_base(outdir: Path) -> str | None:
    """The site's URL as its sitemap.xml gives it: its home page's address, less ``index.html``."""
    sitemap = outdir / "sitemap.xml"
    if not sitemap.is_file():
        return None
    locs = [loc.text or "" for loc in etree.parse(str(sitemap), PARSER).iter(SITEMAP + "loc")]
    homes = sorted((loc for loc in locs if loc.endswith("/index.html")), key=len)
    return homes[0].removesuffix("index.html") if homes else None


def invalid_feeds(outdir: Path, base: str) -> dict[str, list[str]]:
    """The feeds of a built site that have problems, and what they are (none: ``{}``).

    A site without any Atom or RSS feed fails here: a check of nothing passes nothing.
    """
    checked = problems_by_feed(outdir, base)
    assert checked, f"no Atom or RSS feed in {outdir}"
    return {feed: problems for feed, problems in checked.items() if problems}


def feed_problems(data: bytes, path: str, outdir: Path, base: str) -> list[str]:
    """What is wrong with the feed ``data``, published as ``path`` of the site at ``base``."""
    try:
        root = etree.fromstring(data, PARSER)
    except etree.XMLSyntaxError as error:
        return [f"not well-formed XML: {error}"]
    kind = kind_of(root)
    if kind is None:
        return [f"neither Atom nor RSS: {root.tag}"]
    schema = SCHEMAS[kind]
    problems = []
    if not schema.validate(root.getroottree()):
        problems += [f"{kind} schema, line {e.line}: {e.message}" for e in schema.error_log]
    url = base + quote(path)
    problems += stylesheet_problems(root, url, outdir, base)
    problems += (atom_problems if kind == "atom" else rss_problems)(root, url)
    return problems


def site_file(url: str, outdir: Path, base: str) -> Path | None:
    """The published file an absolute URL of the site names, or None."""
    if not url.startswith(base):
        return None
    return outdir / unquote(urlsplit(url).path[len(urlsplit(base).path) :])


def is_absolute(url: str | None) -> bool:
    if not url:
        return False
    parts = urlsplit(url.strip())
    return bool(parts.scheme) and (parts.scheme not in ("http", "https") or bool(parts.netloc))


def stylesheet_problems(root: etree._Element, url: str, outdir: Path, base: str) -> list[str]:
    """The xml-stylesheet instructions: in the prolog, well-formed, naming a published CSS file."""
    problems = []
    after = [n for n in root.itersiblings() if isinstance(n, etree._ProcessingInstruction)]
    if any(pi.target == "xml-stylesheet" for pi in after):
        problems.append("xml-stylesheet after the root element (it belongs in the prolog)")
    for pi in root.itersiblings(preceding=True):
        if not isinstance(pi, etree._ProcessingInstruction) or pi.target != "xml-stylesheet":
            continue
        text = pi.text or ""
        pairs = PSEUDO_ATTRIBUTE.findall(text)
        if "".join(PSEUDO_ATTRIBUTE.sub("", text).split()):
            problems.append(f"xml-stylesheet: not pseudo-attributes: {text!r}")
            continue
        names = [name for name, _value in pairs]
        values = {name: value[1:-1] for name, value in pairs}
        if len(set(names)) != len(names) or not set(names) <= STYLESHEET_ATTRIBUTES:
            problems.append(f"xml-stylesheet: unknown or repeated pseudo-attributes: {names}")
        if values.get("type") != "text/css":
            problems.append(f"xml-stylesheet: type {values.get('type')!r}, not text/css")
        href = values.get("href")
        target = site_file(urljoin(url, href), outdir, base) if href else None
        if not href:
            problems.append("xml-stylesheet: no href")
        elif target is None or not target.is_file():
            problems.append(f"xml-stylesheet: href {href!r} names no published file")
    return problems


def html_problems(where: str, markup: str | None) -> list[str]:
    """Escaped HTML: parses without error, every link absolute, nothing that runs."""
    if not (markup or "").strip():
        return []
    parser = lxml.html.HTMLParser(recover=True)
    fragments = lxml.html.fragments_fromstring(markup, parser=parser)
    problems = [f"{where}: HTML does not parse: {e.message}" for e in parser.error_log]
    for fragment in fragments:
        if isinstance(fragment, str):
            continue
        for element in fragment.iter(etree.Element):
            if element.tag in UNSAFE:
                problems.append(f"{where}: unsafe <{element.tag}>")
            events = [name for name in element.attrib if name.lower().startswith("on")]
            if events:
                problems.append(f"{where}: script in attributes {events} of <{element.tag}>")
        for element, attribute, link, _pos in fragment.iterlinks():
            if not is_absolute(link):
                problems.append(f"{where}: relative URL {link!r} in <{element.tag} {attribute}>")
            elif urlsplit(link).scheme.lower() == "javascript":
                problems.append(f"{where}: javascript: URL in <{element.tag}>")
    return problems


def self_link_problems(links: list[etree._Element], url: str) -> list[str]:
    """One self link, to where the feed is published (an IRI: percent-encoded or not)."""
    hrefs = [link.get("href") for link in links if link.get("rel") == "self"]
    if [unquote(href or "") for href in hrefs] != [unquote(url)]:
        return [f"self link {hrefs}, not one link to {url}"]
    return []


def alternate_problems(where: str, parent: etree._Element) -> list[str]:
    """RFC 4287 4.1.1 and 4.1.2: one alternate link per type and hreflang."""
    seen = [
        (link.get("type"), link.get("hreflang"))
        for link in parent.findall(A + "link")
        if link.get("rel", "alternate") == "alternate"
    ]
    if len(set(seen)) != len(seen):
        return [f"{where}: two alternate links of one type and language: {seen}"]
    return []


def atom_problems(feed: etree._Element, url: str) -> list[str]:
    """RFC 4287's rules that tests/atom-1.0.rng cannot express."""
    problems = []
    for element in feed.iter(A + "id", A + "icon", A + "logo", A + "uri"):
        if not is_absolute(element.text):
            problems.append(f"{element.tag[len(A) :]}: {element.text!r} is not an absolute IRI")
    for element, attribute in (
        *((e, "href") for e in feed.iter(A + "link")),
        *((e, "scheme") for e in feed.iter(A + "category")),
        *((e, "uri") for e in feed.iter(A + "generator")),
        *((e, "src") for e in feed.iter(A + "content")),
    ):
        value = element.get(attribute)
        if value is not None and not is_absolute(value):
            problems.append(f"{element.tag[len(A) :]} {attribute}={value!r} is not absolute")
    problems += self_link_problems(feed.findall(A + "link"), url)
    problems += alternate_problems("feed", feed)
    entries = feed.findall(A + "entry")
    ids = [entry.findtext(A + "id") for entry in entries]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        problems.append(f"entry ids used twice: {repeated}")
    newest = _atom_date(feed.findtext(A + "updated"))
    for number, entry in enumerate(entries, 1):
        where = f"entry {number} ({entry.findtext(A + 'id')})"
        problems += alternate_problems(where, entry)
        if entry.find(A + "content") is None and not [
            link
            for link in entry.findall(A + "link")
            if link.get("rel", "alternate") == "alternate"
        ]:
            problems.append(f"{where}: no content and no alternate link")
        updated = _atom_date(entry.findtext(A + "updated"))
        if newest and updated and updated > newest:
            problems.append(f"{where}: updated {updated} after the feed's updated {newest}")
    for element in feed.iter(*(A + name for name in TEXT_CONSTRUCTS)):
        if element.get("type") == "html":
            where = f"line {element.sourceline}: {element.tag[len(A) :]}"
            problems += html_problems(where, element.text)
    return problems


def _atom_date(text: str | None) -> datetime | None:
    """An RFC 3339 date (the schema checks the form; a bad one is reported there)."""
    try:
        date = datetime.fromisoformat(text or "")
    except ValueError:
        return None
    return date if date.tzinfo is not None else None


def rfc822_date(where: str, text: str | None, problems: list[str]) -> datetime | None:
    """An RSS date as ``email.utils`` reads RFC 822 (2822) dates, with its zone."""
    try:
        date = parsedate_to_datetime(text or "")
    except (TypeError, ValueError) as error:
        problems.append(f"{where}: {text!r} is not an RFC 822 date ({error})")
        return None
    if date.tzinfo is None:
        problems.append(f"{where}: {text!r} has no time zone")
        return None
    return date


def rss_problems(rss: etree._Element, url: str) -> list[str]:
    """RSS 2.0's rules that tests/rss-2.0.rng cannot express."""
    problems: list[str] = []
    channel = rss.find("channel")
    if channel is None:
        return problems  # the schema said so
    for element in channel.iter("link", "url", "docs", "comments", A + "link"):
        value = element.get("href") if element.tag == A + "link" else element.text
        if not is_absolute(value):
            problems.append(f"{element.tag} {value!r} is not an absolute URL")
    for element, attribute in (
        *((e, "url") for e in channel.iter("enclosure")),
        *((e, "url") for e in channel.iter("source")),
    ):
        if not is_absolute(element.get(attribute)):
            problems.append(f"{element.tag} {attribute}={element.get(attribute)!r} is not absolute")
    problems += self_link_problems(channel.findall(A + "link"), url)
    dates = {
        name: rfc822_date(f"channel {name}", channel.findtext(name), problems)
        for name in ("pubDate", "lastBuildDate")
        if channel.find(name) is not None
    }
    items = channel.findall("item")
    guids = [item.find("guid") for item in items]
    texts = [guid.text for guid in guids if guid is not None]
    repeated = sorted({text for text in texts if texts.count(text) > 1})
    if repeated:
        problems.append(f"guids used twice: {repeated}")
    for number, item in enumerate(items, 1):
        where = f"item {number} ({item.findtext('link') or item.findtext('title')})"
        guid = item.find("guid")
        # isPermaLink is true unless it says false: the guid is then the item's URL.
        if guid is not None and guid.get("isPermaLink") != "false" and not is_absolute(guid.text):
            problems.append(f"{where}: permalink guid {guid.text!r} is not an absolute URL")
        if item.find("pubDate") is not None:
            published = rfc822_date(f"{where} pubDate", item.findtext("pubDate"), problems)
            built = dates.get("lastBuildDate")
            if published and built and published > built:
                problems.append(f"{where}: pubDate {published} after lastBuildDate {built}")
        problems += html_problems(f"{where} description", item.findtext("description"))
        problems += html_problems(f"{where} content:encoded", item.findtext(CONTENT_ENCODED))
    return problems
