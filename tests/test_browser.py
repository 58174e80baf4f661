"""What a reader sees, in a real browser: Debian's Chromium driven by Playwright.

The tests serve the built sites on 127.0.0.1 themselves. Chromium comes from
Debian (`apt-get install chromium`), axe-core from npm (`npm ci`); `make test`
and `.ci/run` install them, and a missing one fails here with what to install.
"""

from __future__ import annotations

import functools
import http.server
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from conference_site import CAST_TEXT
from conftest import REPO, Build
from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = Path("/usr/bin/chromium")
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
OUTPUT = REPO / "test-output"
POST = "posts/2023/first-steps.html"
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 375, "height": 740}
WEIGHT_LIMIT = 160 * 1024


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(directory: Path) -> Iterator[str]:
    handler = functools.partial(QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def site_url(sample_site: Build) -> Iterator[str]:
    yield from serve(sample_site.outdir)


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "the browser tests need Debian's Chromium: apt-get install chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        yield browser
        browser.close()


class Visit:
    """A page opened in a fresh context, recording requests and console errors."""

    def __init__(
        self, browser: Browser, viewport: dict[str, int], theme: str | None = None
    ) -> None:
        self.context = browser.new_context(viewport=viewport)
        if theme:
            self.context.add_init_script(f"localStorage.setItem('theme', '{theme}')")
        self.page: Page = self.context.new_page()
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on(
            "console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None
        )

    def loaded_bytes(self) -> dict[str, int]:
        """Uncompressed size of the page and of everything it loaded, by URL."""
        return self.page.evaluate(
            """() => Object.fromEntries(
                 [...performance.getEntriesByType('navigation'),
                  ...performance.getEntriesByType('resource')]
                 .map(e => [e.name, e.decodedBodySize]))"""
        )

    def open(self, url: str) -> Page:
        self.page.goto(url, wait_until="load")
        return self.page

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser: Browser) -> Iterator:
    opened: list[Visit] = []

    def open_page(viewport: dict[str, int] = DESKTOP, theme: str | None = None) -> Visit:
        opened.append(Visit(browser, viewport, theme))
        return opened[-1]

    yield open_page
    for item in opened:
        item.close()


def sidebar_captions(page: Page) -> list[str]:
    captions = page.locator(".sidebar-drawer .caption")
    return [c.strip() for c in captions.all_inner_texts() if c.strip()]


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_sidebar_sections_and_feeds_are_reachable(visit, site_url: str, viewport: dict) -> None:
    reader = visit(viewport)
    page = reader.open(site_url + POST)
    subscribe = page.locator(".blog-sidebar-subscribe a", has_text="RSS feed")
    if viewport is PHONE:
        assert not subscribe.is_visible() or not subscribe.bounding_box()["x"] >= 0
        page.locator("label.nav-overlay-icon").click()
        page.wait_for_timeout(400)
    assert subscribe.is_visible()
    box = subscribe.bounding_box()
    assert 0 <= box["x"] < viewport["width"]
    assert box["y"] >= 0
    for section in ("RECENT POSTS", "TAGS", "ARCHIVES", "SUBSCRIBE"):
        assert section in [c.upper() for c in sidebar_captions(page)]
    assert page.locator(".blog-sidebar-recent a", has_text="First steps").is_visible()
    for label, version in (("RSS feed", "rss20"), ("Atom feed", "atom10")):
        href = page.locator(".blog-sidebar-subscribe a", has_text=label).get_attribute("href")
        response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + href)
        assert response.ok
        feed = feedparser.parse(response.body())
        assert feed.version == version
        assert feed.entries[0].title == "Third time"
    href = page.locator(".blog-sidebar-subscribe a", has_text="JSON Feed").get_attribute("href")
    response = page.request.get(page.url.rsplit("/", 1)[0] + "/" + href)
    assert response.json()["items"][0]["title"] == "Third time"


def test_reader_goes_home_to_post_to_tag_and_back(visit, site_url: str) -> None:
    page = visit().open(site_url + "index.html")
    page.locator("article .blog-post-item-title a", has_text="First steps").click()
    assert page.url.endswith(POST)
    assert page.locator("article h1").inner_text().startswith("First steps")
    page.locator(".blog-post-details a.blog-tag", has_text="sphinx").click()
    assert page.url.endswith("blog/tag/sphinx.html")
    listed = page.locator("article .blog-post-item-title a").all_inner_texts()
    assert listed == ["First steps"]
    # The "Read" link stands apart from the tags above it, not as one more line of them.
    tags = page.locator("article .blog-post-item .blog-tag-list").first.bounding_box()
    read = page.locator("article .blog-read-more").first.bounding_box()
    assert read["y"] - (tags["y"] + tags["height"]) >= 12
    page.locator("article .blog-post-item-title a").first.click()
    assert page.url.endswith(POST)


def test_previous_and_next_links_walk_the_posts(visit, site_url: str) -> None:
    page = visit().open(site_url + POST)
    assert page.locator("footer a.prev-page").count() == 0
    page.locator("footer a.next-page").click()
    assert page.url.endswith("posts/2024/second-thoughts.html")
    page.locator("footer a.next-page").click()
    assert page.url.endswith("posts/2024/third-time.html")
    assert page.locator("footer a.next-page").count() == 0
    page.locator("footer a.prev-page").click()
    assert page.url.endswith("posts/2024/second-thoughts.html")


def test_theme_toggle_cycles_and_survives_a_reload(visit, site_url: str) -> None:
    page = visit().open(site_url + POST)
    toggle = page.locator(".content-icon-container .theme-toggle")
    theme = lambda: page.evaluate("document.body.dataset.theme")  # noqa: E731
    assert theme() == "auto"
    seen = []
    for _ in range(3):
        toggle.click()
        seen.append(theme())
        page.reload()
        assert theme() == seen[-1], "the choice must survive a reload"
    assert sorted(seen) == ["auto", "dark", "light"]


def test_search_finds_the_post(visit, site_url: str) -> None:
    page = visit().open(site_url + "index.html")
    page.locator(".sidebar-drawer input.sidebar-search").fill("bold")
    page.locator(".sidebar-drawer input.sidebar-search").press("Enter")
    result = page.locator("#search-results ul.search li a, ul.search li a").first
    result.wait_for(timeout=15000)
    assert "First steps" in result.inner_text()


PAGES = ["index.html", POST, "blog/tag/python.html", "blog/archive.html", "about.html"]


@pytest.mark.parametrize("path", PAGES)
def test_no_serious_accessibility_violations_in_light_and_dark(
    visit, site_url: str, path: str
) -> None:
    assert_a_clean_accessible_page(visit, site_url, path)


def assert_a_clean_accessible_page(visit, base: str, path: str) -> None:
    """A page loaded once: only the site's own requests, no console error, axe light and dark."""
    reader = visit(theme="light")
    page = reader.open(base + path)
    reader.page.wait_for_load_state("networkidle")
    assert_only_own_requests_and_no_errors(reader, base)
    assert_accessible_in_light_and_dark(page)


def assert_accessible_in_light_and_dark(page: Page) -> None:
    """No serious axe-core WCAG 2.1 A/AA violation on the open page, in either theme."""
    assert AXE.exists(), "axe-core is missing: run `npm ci` (make test does) in the repository"
    assert page.evaluate("document.body.dataset.theme") == "light"
    page.add_script_tag(path=str(AXE))
    for theme in ("light", "dark"):
        # As Furo's theme toggle does it: the page's colours follow body[data-theme].
        page.evaluate(f"document.body.dataset.theme = '{theme}'")
        background = page.evaluate("getComputedStyle(document.body).backgroundColor")
        shade = sum(int(x) for x in re.findall(r"\d+", background)[:3])
        assert (shade < 200) if theme == "dark" else (shade > 600), (theme, background)
        results = page.evaluate(
            # resultTypes: every node of a violation, one node of each other result (for speed).
            """() => axe.run(document, {runOnly: {type: 'tag',
                   values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
                   resultTypes: ['violations']})"""
        )
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:5])
            for v in results["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], theme
        assert results["passes"], "axe ran no rule: the check itself is broken"


def assert_only_own_requests_and_no_errors(reader: Visit, site_url: str) -> None:
    outside = [url for url in reader.requests if not url.startswith(site_url)]
    assert outside == []
    assert reader.errors == []


# PAGES: checked on the page loaded for the accessibility checks.
@pytest.mark.parametrize("path", ["blog.html", "404.html", "search.html"])
def test_no_outside_requests_and_no_console_errors(visit, site_url: str, path: str) -> None:
    reader = visit()
    reader.open(site_url + path)
    reader.page.wait_for_load_state("networkidle")
    assert_only_own_requests_and_no_errors(reader, site_url)


def test_post_page_weight(visit, site_url: str) -> None:
    reader = visit()
    reader.open(site_url + POST)
    reader.page.wait_for_load_state("networkidle")
    sizes = reader.loaded_bytes()
    total = sum(sizes.values())
    OUTPUT.mkdir(exist_ok=True)
    report = [f"{size:>8} {url.removeprefix(site_url)}" for url, size in sorted(sizes.items())]
    report.append(f"{total:>8} bytes in all ({total / 1024:.1f} KiB) for {POST}")
    (OUTPUT / "post-weight.txt").write_text("\n".join(report) + "\n", encoding="utf-8")
    print("\n" + report[-1])
    assert any(url.endswith(".css") or ".css?" in url for url in sizes), "stylesheets not counted"
    assert any(".js" in url for url in sizes), "scripts not counted"
    assert 20_000 < total <= WEIGHT_LIMIT


def test_chromium_lays_out_a_fraction_from_the_mathml_alone(visit, site_url: str) -> None:
    # No script typesets it (test_math.py: no MathJax): the browser's own MathML layout.
    page = visit().open(site_url + POST)
    boxes = []
    for fraction in page.locator("article mfrac").all()[:2]:
        numerator = fraction.locator(":scope > *").nth(0).bounding_box()
        denominator = fraction.locator(":scope > *").nth(1).bounding_box()
        assert numerator["y"] + numerator["height"] <= denominator["y"] + 0.5, (
            numerator,
            denominator,
        )
        assert abs(numerator["x"] - denominator["x"]) < max(
            numerator["width"], denominator["width"]
        )
        boxes.append(fraction.bounding_box())
    inline, block = boxes
    # The display formula is centred in the text column, wider than the inline one.
    assert block["height"] > inline["height"]


def test_the_404_page_works_from_any_depth(visit, site_url: str, sample_site: Build) -> None:
    # A host serves 404.html at whatever address was asked for; its links must not depend on it.
    deep = sample_site.outdir / "deep" / "er"
    deep.mkdir(parents=True)
    try:
        (deep / "missing.html").write_bytes((sample_site.outdir / "404.html").read_bytes())
        reader = visit()
        page = reader.open(site_url + "deep/er/missing.html")
        reader.page.wait_for_load_state("networkidle")
        assert page.locator("article h1").inner_text().startswith("Page not found")
        assert page.locator(".sidebar-drawer .blog-sidebar-recent").is_visible()
        assert reader.errors == []
        for link in page.locator("a[href]").all():
            href = link.get_attribute("href")
            if href.startswith(("http", "mailto:", "#")):
                continue
            assert href.startswith("/"), href
            assert page.request.get(site_url + href.lstrip("/").split("#")[0]).ok, href
    finally:
        for item in sorted(deep.parent.rglob("*"), reverse=True):
            item.unlink() if item.is_file() else item.rmdir()
        deep.parent.rmdir()


def test_code_blocks_get_a_copy_button(visit, site_url: str) -> None:
    reader = visit()
    page = reader.open(site_url + POST)
    block = page.locator("div.highlight", has_text="kubectl get pods")
    block.hover()
    button = block.locator("button.copybtn")
    button.wait_for(state="attached")
    assert button.count() == 1
    assert reader.errors == []


@pytest.mark.parametrize("theme", ["light", "dark"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_screenshots_of_the_post(visit, site_url: str, theme: str, viewport: dict) -> None:
    page = visit(viewport, theme=theme).open(site_url + POST)
    OUTPUT.mkdir(exist_ok=True)
    name = f"post-{theme}-{'desktop' if viewport is DESKTOP else 'phone'}.png"
    page.screenshot(path=str(OUTPUT / name), full_page=False)
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    shade = sum(int(x) for x in re.findall(r"\d+", background)[:3])
    assert (shade < 200) if theme == "dark" else (shade > 600), background
    assert (OUTPUT / name).stat().st_size > 5_000


def test_print_drops_the_sidebars(visit, site_url: str) -> None:
    page = visit().open(site_url + POST)
    page.emulate_media(media="print")
    for selector in (".sidebar-drawer", ".toc-drawer", ".mobile-header", ".content-icon-container"):
        assert page.locator(selector).first.is_hidden(), selector
    assert page.locator("article h1").is_visible()
    article_width = page.locator("article").bounding_box()["width"]
    assert article_width > DESKTOP["width"] * 0.6


# A feed opened in the browser: the page a person gets from the RSS or Atom link
# (blogkit.render.feedpage). axe-core checks next to nothing in an XML document (its rules
# look for HTML elements; colour contrast comes back "incomplete"), so the colours of every
# piece of text a reader sees are measured here, with WCAG's formula, against AA's 4.5:1.

#: Every piece of text a reader sees: the text of shown elements and their generated content,
#: with its contrast ratio against the background it is drawn on.
SEEN_TEXT = """() => {
  const rgba = (value) => {
    const parts = value.match(/[\\d.]+/g).map(Number);
    return parts.length > 3 ? parts : [...parts, 1];
  };
  const luminance = ([r, g, b]) => {
    const linear = (v) => (v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const backdrop = (element, pseudo) => {
    let style = getComputedStyle(element, pseudo);
    for (let node = element; ; ) {
      const colour = rgba(style.backgroundColor);
      if (colour[3] > 0) return colour;
      node = node.parentElement;
      if (!node) return rgba(getComputedStyle(document.documentElement).backgroundColor);
      style = getComputedStyle(node);
    }
  };
  const ratio = (element, pseudo) => {
    const [a, b] = [rgba(getComputedStyle(element, pseudo).color), backdrop(element, pseudo)]
      .map(luminance);
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
  };
  const seen = [];
  const root = document.documentElement;
  for (const element of [root, ...root.querySelectorAll('*')]) {
    if (!element.checkVisibility()) continue;
    for (const pseudo of ['::before', '::after']) {
      const content = getComputedStyle(element, pseudo).content;
      const attribute = content.match(/^attr\\((\\w+)\\)$/);
      const quoted = content.startsWith('"') ? JSON.parse(content) : '';
      const text = attribute ? element.getAttribute(attribute[1]) : quoted;
      if (text) seen.push({text, ratio: ratio(element, pseudo)});
    }
    const texts = [...element.childNodes].filter((node) => node.nodeType === Node.TEXT_NODE);
    const own = texts.map((node) => node.data).join('').trim();
    if (own) seen.push({text: own, ratio: ratio(element)});
  }
  return seen;
}"""


@pytest.mark.parametrize("path", ["blog/rss.xml", "blog/atom.xml"])
def test_a_feed_opened_in_the_browser_explains_itself_and_lists_the_posts(
    visit, site_url: str, path: str
) -> None:
    reader = visit()
    # A feed cannot name an icon, so the browser asks for /favicon.ico, which the site's host
    # answers; this test server has none (it would log a 404 as a console error).
    reader.page.route("**/favicon.ico", lambda route: route.fulfill(status=204, body=""))
    page = reader.open(site_url + path)
    reader.page.wait_for_load_state("networkidle")
    assert_only_own_requests_and_no_errors(reader, site_url)
    sizes = reader.loaded_bytes()
    assert any(url.endswith("_static/blogkit-feed.css") for url in sizes), sizes
    assert sum(sizes.values()) <= WEIGHT_LIMIT
    page.evaluate(AXE.read_text(encoding="utf-8"))  # an XML document has no <head> to add it to
    OUTPUT.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        page.emulate_media(color_scheme=scheme)
        background = page.evaluate("getComputedStyle(document.documentElement).backgroundColor")
        shade = sum(int(x) for x in re.findall(r"\d+", background)[:3])
        assert (shade < 200) if scheme == "dark" else (shade > 600), (scheme, background)
        seen = page.evaluate(SEEN_TEXT)
        texts = [piece["text"] for piece in seen]
        assert texts[:2] == [
            "This is a web feed.",
            "Feed readers check feeds for new posts. To follow this blog, copy the address "
            "of this page into yours. The newest posts:",
        ]
        assert texts[2] == "Test Blog"
        for title in ("Third time", "Second thoughts", "First steps"):
            assert title in texts
        assert "The first post, with bold words and a link." in texts  # its summary
        assert "python" in texts and "https://test.example.org/posts/2023/first-steps.html" in texts
        # Not the full text (escaped HTML in the XML), nor ids and other machinery.
        assert not [text for text in texts if "Text of the first post" in text or "<" in text]
        faint = [piece for piece in seen if piece["ratio"] < 4.5]
        assert faint == [], scheme
        results = page.evaluate(
            """() => axe.run(document, {runOnly: {type: 'tag',
                   values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
        )
        assert results["violations"] == [], scheme
        name = f"feed-{path.rsplit('/', 1)[1].removesuffix('.xml')}-{scheme}.png"
        page.screenshot(path=str(OUTPUT / name))


# A blog of 23 posts and 100 tags (tests/paged_site.py): its listings come in pages.

PAGED_LISTING = "blog/page/2.html"
LAPTOP = {"width": 1280, "height": 800}


@pytest.fixture(scope="module")
def paged_url(paged_site: Build) -> Iterator[str]:
    yield from serve(paged_site.outdir)


@pytest.mark.parametrize("path", [PAGED_LISTING, "posts/2024/post-00.html"])
def test_subscribe_is_in_view_without_scrolling_beside_100_tags(
    visit, paged_url: str, path: str
) -> None:
    page = visit(LAPTOP).open(paged_url + path)
    assert page.locator(".blog-sidebar-tags a.blog-tag").count() == 20
    rss = page.locator(".blog-sidebar-subscribe a", has_text="RSS feed")
    assert rss.is_visible()
    box = rss.bounding_box()
    assert page.evaluate("window.scrollY") == 0
    assert box["y"] >= 0 and box["y"] + box["height"] <= LAPTOP["height"], box


def test_a_paginated_listing_is_accessible_and_requests_nothing_outside(
    visit, paged_url: str
) -> None:
    assert_a_clean_accessible_page(visit, paged_url, PAGED_LISTING)


def test_a_paginated_listing_stays_within_the_weight_budget(visit, paged_url: str) -> None:
    reader = visit()
    page = reader.open(paged_url + PAGED_LISTING)
    reader.page.wait_for_load_state("networkidle")
    total = sum(reader.loaded_bytes().values())
    assert 20_000 < total <= WEIGHT_LIMIT, total
    # The page numbers are visible and lead to the next page.
    page.locator("nav.blog-pagination a", has_text="Older posts").click()
    assert page.url.endswith("blog/page/3.html")


# Recorded demos on the conference test blog (tests/conference_site.py): the cast plays,
# the YouTube facade waits for a click, and every request that leaves the site is refused.

CONFERENCE_TALK = "posts/2019/pod-security.html"
DEMOS = "posts/2019/recorded-demos.html"
PLAYER = REPO / "blogkit" / "static" / "asciinema-player"


@pytest.fixture(scope="module")
def conference_url(conference_site: Build) -> Iterator[str]:
    yield from serve(conference_site.outdir)


def refuse_outside(page: Page, site: str) -> list[str]:
    """Abort every request that leaves the site; return the list they are recorded in."""
    outside: list[str] = []

    def route(request_route) -> None:
        outside.append(request_route.request.url)
        request_route.abort()

    page.context.route(lambda url: not url.startswith(site), route)
    return outside


def test_the_cast_plays_and_terminal_text_appears(visit, conference_url: str) -> None:
    reader = visit()
    outside = refuse_outside(reader.page, conference_url)
    page = reader.open(conference_url + DEMOS)
    first, second = page.locator(".blog-asciinema-player").all()
    # The second recording shows its poster frame (npt:0:01) before anyone presses play.
    second.get_by_text(CAST_TEXT).wait_for(timeout=10_000)
    assert CAST_TEXT not in first.inner_text()
    first.locator(".ap-player").click()
    first.get_by_text(CAST_TEXT).wait_for(timeout=10_000)
    assert outside == []
    assert reader.errors == []


def test_the_facade_loads_nothing_from_youtube_until_the_click(visit, conference_url: str) -> None:
    reader = visit()
    outside = refuse_outside(reader.page, conference_url)
    page = reader.open(conference_url + CONFERENCE_TALK)
    page.wait_for_load_state("networkidle")
    assert outside == []
    assert reader.errors == []
    button = page.get_by_role("button", name="Play on YouTube")
    assert button.is_visible()
    button.click()
    frame = page.locator(".blog-video-frame iframe")
    frame.wait_for(state="attached")
    assert frame.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    page.wait_for_timeout(500)
    assert any(url.startswith("https://www.youtube-nocookie.com/") for url in outside)


@pytest.mark.parametrize("path", [CONFERENCE_TALK, DEMOS, "blog/series/hardening-kubernetes.html"])
def test_demo_pages_are_accessible_and_request_nothing_outside(
    visit, conference_url: str, path: str
) -> None:
    assert_a_clean_accessible_page(visit, conference_url, path)


def test_demo_pages_stay_within_the_weight_budget(visit, conference_url: str) -> None:
    # The player's files load only on pages with a recording: they have their own allowance.
    player = sum(p.stat().st_size for p in PLAYER.glob("*") if p.suffix in (".js", ".css"))
    for path, limit in ((CONFERENCE_TALK, WEIGHT_LIMIT), (DEMOS, WEIGHT_LIMIT + player)):
        reader = visit()
        reader.open(conference_url + path)
        reader.page.wait_for_load_state("networkidle")
        sizes = reader.loaded_bytes()
        # The videos themselves are not loaded before play (preload none, or metadata only).
        media = [url for url in sizes if url.endswith((".webm", ".mp4"))]
        total = sum(size for url, size in sizes.items() if url not in media)
        assert total <= limit, (path, total, limit)
        loaded_player = any("asciinema-player.min.js" in url for url in sizes)
        assert loaded_player == (path == DEMOS)


def test_the_vendored_player_is_the_locked_npm_package() -> None:
    # blogkit ships a copy (pip installs no npm packages); package-lock.json pins the source.
    installed = REPO / "node_modules" / "asciinema-player"
    assert installed.exists(), "run `npm ci` (make test does) in the repository"
    for name, source in (
        ("asciinema-player.min.js", "dist/bundle/asciinema-player.min.js"),
        ("asciinema-player.css", "dist/bundle/asciinema-player.css"),
        ("LICENSE", "LICENSE"),
    ):
        assert (PLAYER / name).read_bytes() == Path(installed, source).read_bytes(), name
