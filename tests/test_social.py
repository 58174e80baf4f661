"""What sharers and crawlers get: link previews, sitemap, robots.txt (Read the Docs: elsewhere)."""

from __future__ import annotations

import struct
from dataclasses import replace
from io import BytesIO

import pytest
from conftest import Build, site_file_for
from lxml import etree
from PIL import Image, ImageChops, ImageDraw

from blogkit.render.cards import (
    FURO_BRAND,
    MARGIN,
    MAX_LINES,
    WIDTH,
    CardText,
    _draw_line,
    _font,
    brand_colour,
    covered,
    draw_card,
    title_lines,
)

BASE = "https://test.example.org/"
POST = "posts/2023/first-steps.html"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def meta(build: Build, page: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for tag in build.html(page).select("head meta"):
        key = tag.get("property") or tag.get("name")
        if key:
            found.setdefault(key, []).append(tag.get("content"))
    return found


def test_posts_have_opengraph_and_twitter_cards(sample_site: Build) -> None:
    tags = meta(sample_site, POST)
    assert tags["og:title"] == ["First steps"]
    assert tags["og:type"] == ["article"]
    assert tags["og:url"] == [BASE + POST]
    assert tags["og:description"][0].startswith("The first post, with bold words")
    assert tags["description"] == tags["og:description"]
    assert tags["article:published_time"] == ["2023-03-01T00:00:00+01:00"]
    assert tags["article:tag"] == ["python", "sphinx"]
    assert tags["twitter:card"] == ["summary_large_image"]  # its social card
    assert tags["twitter:title"] == ["First steps"]
    canonical = sample_site.html(POST).select_one('link[rel="canonical"]')["href"]
    assert canonical == tags["og:url"][0]


def png_chunks(data: bytes) -> list[str]:
    chunks, offset = [], 8
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        chunks.append(data[offset + 4 : offset + 8].decode())
        offset += 12 + length
    return chunks


def test_each_post_has_a_social_card_drawn_at_build_time(sample_site: Build) -> None:
    tags = meta(sample_site, "posts/2024/second-thoughts.html")
    (url,) = tags["og:image"]
    assert url.startswith(BASE + "_images/cards/") and url.endswith(".png")
    assert (tags["og:image:width"], tags["og:image:height"]) == (["1200"], ["630"])
    assert tags["og:image:alt"] == [
        "Second thoughts · Ada Writer, Bob Coder · 15 June 2024 · Test Blog"
    ]
    path = sample_site.outdir / url.removeprefix(BASE)
    with Image.open(path) as card:
        assert card.size == (1200, 630)
    # No date, software or machine in the file: the same inputs give the same bytes.
    assert png_chunks(path.read_bytes()) == ["IHDR", "PLTE", "IDAT", "IEND"]
    # One card per published post, none for the draft or the scheduled post.
    cards = sorted(p.name for p in (sample_site.outdir / "_images/cards").iterdir())
    posts = ("posts/2023/first-steps.html", "posts/2024/third-time.html")
    shown = sorted(meta(sample_site, page)["og:image"][0].rsplit("/", 1)[1] for page in posts)
    assert cards == sorted([*shown, path.name])


def test_a_card_shows_the_title_in_the_site_colours_within_its_lines() -> None:
    long = "Über Größe, Straßen und façades: " + "a very long title that goes on " * 6
    font, lines = title_lines(long, WIDTH - 2 * MARGIN)
    assert len(lines) == MAX_LINES and lines[-1].endswith("…")
    assert all(font.getlength(line) <= WIDTH - 2 * MARGIN for line in lines)
    assert lines[0].startswith("Über Größe")
    text = CardText(long, "Ada Writer", "1 March 2023", "Test Blog", "#663399")
    data = draw_card(text)
    assert data == draw_card(text)
    with Image.open(BytesIO(data)) as card:
        rgb = card.convert("RGB")
        assert rgb.getpixel((5, 300)) == (0x66, 0x33, 0x99)  # the band, in the brand colour
        assert rgb.getpixel((1190, 10)) == (255, 255, 255)
    assert replace(text, title="Other").digest != text.digest


def test_a_card_line_drawn_glyph_by_glyph_has_pillows_own_pixels() -> None:
    # Cards draw each glyph once and paste it: the same pixels as drawing the whole line.
    line = "Über façades, Ελληνικά и кириллица: AVATAR 2024 — Wolf\u2019s \u201cfi\u201d\u2026"
    for font in (_font(True, 72), _font(False, 32)):
        whole = Image.new("L", (2400, 120), 0)
        ImageDraw.Draw(whole).text((13, 7), line, font=font, fill=255)
        pasted = Image.new("L", (2400, 120), 0)
        _draw_line(pasted, (13, 7), line, font)
        assert whole.getbbox() and ImageChops.difference(whole, pasted).getbbox() is None


@pytest.mark.parametrize(
    ("options", "colour"),
    [
        ({"light_css_variables": {"color-brand-primary": "rebeccapurple"}}, "#663399"),
        ({"light_css_variables": {"color-brand-primary": "#C00"}}, "#cc0000"),
        ({"light_css_variables": {"color-brand-primary": "var(--mine)"}}, FURO_BRAND),
        ({}, FURO_BRAND),
    ],
)
def test_cards_take_furos_brand_colour(options: dict, colour: str) -> None:
    assert brand_colour(options) == colour


def test_cards_draw_latin_greek_and_cyrillic_only() -> None:
    assert covered("Grüße, naïve façade \u2013 “Ελληνικά” и кириллица €5…")
    assert not covered("日本語のタイトル") and not covered("Launch 🚀")


def test_pages_that_are_not_posts_are_websites_and_keep_their_own_description(
    sample_site: Build,
) -> None:
    tags = meta(sample_site, "about.html")
    assert tags["og:type"] == ["website"]
    assert tags["og:title"] == ["About"]
    assert tags["description"] == ["The page's own words for search engines."]
    assert tags["og:description"] == ["Welcome, and a first paragraph that is not the description."]
    assert "article:published_time" not in tags


def test_listing_pages_have_link_previews(sample_site: Build) -> None:
    tags = meta(sample_site, "blog/tag/python.html")
    assert tags["og:title"] == ["Posts tagged python"]
    assert tags["og:type"] == ["website"]
    assert tags["og:url"] == [BASE + "blog/tag/python.html"]
    assert tags["og:site_name"] == ["Test Blog"]


def test_sitemap_lists_every_content_page_by_canonical_url(sample_site: Build) -> None:
    root = etree.parse(str(sample_site.outdir / "sitemap.xml")).getroot()
    urls = [loc.text for loc in root.iter(SITEMAP + "loc")]
    assert urls == sorted(set(urls))
    for url in urls:
        assert site_file_for(sample_site, url, BASE).exists(), url
    for expected in ("index.html", "about.html", POST, "blog.html", "blog/tag/python.html"):
        assert BASE + expected in urls
    for excluded in ("404.html", "search.html", "genindex.html"):
        assert BASE + excluded not in urls
    robots = (sample_site.outdir / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert f"Sitemap: {BASE}sitemap.xml" in robots
