"""Series, events, talks and recorded demos, as a reader and a feed reader see them.

One conference blog (tests/conference_site.py), built once for the session;
the front-matter rules are checked on the reader directly, and one small
broken site shows that bad demos fail the strict build with a located message.
"""

from __future__ import annotations

import json
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from conference_site import EVENT, PDF, SERIES, cast
from conftest import Build, site_file_for, sphinx_build, write_site
from feedcheck import invalid_feeds

from blogkit.cli import check_posts
from blogkit.config import load_site_config
from blogkit.model.conference import hosted_video
from blogkit.model.frontmatter import Rules, find_collisions, read_post
from blogkit.model.index import series_of
from blogkit.model.records import PostRecord

BASE = "https://test.example.org/"
SERIES_PAGE = "blog/series/hardening-kubernetes.html"
EVENT_PAGE = "blog/event/kubecon-europe-2019.html"
TALK = "posts/2019/pod-security.html"
DEMOS = "posts/2019/recorded-demos.html"
PARTS = ["Start with a threat model", "Pod security, from the talk", "Network policies"]


@pytest.fixture
def site(conference_site: Build) -> Build:
    return conference_site


def linked_file(build: Build, page: str, href: str) -> Path:
    return (build.outdir / page).parent.joinpath(href).resolve()


# Series


@pytest.mark.parametrize(
    ("page", "position"),
    [("posts/2019/threat-model.html", 1), (TALK, 2), ("posts/2019/network-policies.html", 3)],
)
def test_each_part_says_part_n_of_n_and_links_every_part(
    site: Build, page: str, position: int
) -> None:
    box = site.html(page).select_one("article nav.blog-series")
    # The draft part is not counted; part 1 was written last but is numbered first.
    assert box.select_one(".blog-series-position").get_text() == f"Part {position} of 3"
    assert box.select_one(".blog-series-title a").get_text() == SERIES
    parts = box.select("ol.blog-series-parts > li > a")
    assert [a.get_text() for a in parts] == PARTS
    current = box.select('a[aria-current="page"]')
    assert [a.get_text() for a in current] == [PARTS[position - 1]]
    for link in parts:
        assert linked_file(site, page, link["href"]).is_file()


def test_the_series_page_lists_parts_in_reading_order_with_excerpts_and_feeds(
    site: Build,
) -> None:
    page = site.html(SERIES_PAGE)
    assert page.select_one("article h1").get_text() == f"Series: {SERIES}"
    items = page.select("article ol.blog-series-parts > li")
    assert [i.select_one(".blog-post-item-title").get_text() for i in items] == PARTS
    assert "Part 1 of 3" in items[0].select_one(".blog-post-meta").get_text()
    assert items[0].select_one(".blog-post-excerpt").get_text().startswith("Before any setting")
    announced = {link["type"]: link["href"] for link in page.select('head link[rel="alternate"]')}
    for kind, version in (("application/atom+xml", "atom10"), ("application/rss+xml", "rss20")):
        feed_file = linked_file(site, SERIES_PAGE, announced[kind])
        assert feed_file.parent.name == "hardening-kubernetes"
        feed = feedparser.parse(feed_file.read_bytes())
        assert feed.version == version
        assert sorted(e.title for e in feed.entries) == sorted(PARTS)
        assert all(e.link.startswith(BASE) for e in feed.entries)


def test_a_draft_part_leaves_no_trace(site: Build) -> None:
    for path in site.outdir.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".xml", ".js"):
            assert "draft-part-marker" not in path.read_text(encoding="utf-8"), path
            assert "An unfinished part" not in path.read_text(encoding="utf-8"), path


def test_the_sidebar_lists_series_and_events(site: Build, sample_site: Build) -> None:
    sidebar = site.html("index.html").select_one(".blog-sidebar-series")
    assert [a.get_text(" ", strip=True) for a in sidebar.select("li a")] == [f"{SERIES} 3"]
    assert sidebar.select_one("li a")["href"] == SERIES_PAGE
    events = site.html("index.html").select_one(".blog-sidebar-events")
    assert [a.get_text(" ", strip=True) for a in events.select("li a")] == [f"{EVENT} 4"]
    # A blog without series or events shows neither section.
    plain = sample_site.html("index.html")
    assert plain.select(".blog-sidebar-series, .blog-sidebar-events") == []
    assert not (sample_site.outdir / "blog/series.html").exists()
    assert not (sample_site.outdir / "blog/event.html").exists()


# Events and talks


def test_an_event_has_a_page_and_feeds_like_a_category(site: Build) -> None:
    page = site.html(EVENT_PAGE)
    assert page.select_one("article h1").get_text() == f"Posts from {EVENT}"
    titles = [a.get_text() for a in page.select("article .blog-post-item-title a")]
    assert titles == ["KubeCon report", "Recorded demos", "Network policies", PARTS[1]]
    for name in ("atom.xml", "rss.xml"):
        feed = feedparser.parse(
            (site.outdir / EVENT_PAGE.replace(".html", "/") / name).read_bytes()
        )
        assert [e.title for e in feed.entries] == titles
    json_feed = json.loads((site.outdir / EVENT_PAGE.replace(".html", "/feed.json")).read_bytes())
    assert [item["title"] for item in json_feed["items"]] == titles
    catalog = site.html("blog/event.html")
    assert [a.get_text() for a in catalog.select("article h2 a")] == [EVENT]
    footer = site.html(TALK).select_one(".blog-post-details")
    event_link = footer.find("dt", string="Event").find_next("dd").a
    assert linked_file(site, TALK, event_link["href"]) == (site.outdir / EVENT_PAGE).resolve()


def test_the_talk_card_shows_title_speakers_date_and_published_slides(site: Build) -> None:
    card = site.html(TALK).select_one("article aside.blog-talk-card")
    # Under the title, with the date line.
    assert card.find_previous("h1").get_text().startswith("Pod security")
    assert card.select_one("cite").get_text() == "Securing pods at scale"
    assert card.select_one(".blog-talk-speakers").get_text() == "Ada Speaker, Bob Presenter"
    assert card.select_one("time")["datetime"] == "2019-05-21"
    slides = card.select_one("a.blog-talk-slides")
    assert slides.get_text() == "Slides (PDF)"
    assert linked_file(site, TALK, slides["href"]).read_bytes() == PDF
    remote = site.html("posts/2019/network-policies.html").select_one("a.blog-talk-slides")
    assert remote["href"] == "https://slides.example.org/netpol"


def test_link_previews_name_the_talk_and_its_speakers(site: Build) -> None:
    head = site.html(TALK).head
    meta = {
        (tag.get("property") or tag.get("name")): tag["content"]
        for tag in head.select("meta[content]")
    }
    assert meta["og:title"] == "Pod security, from the talk"
    assert "Securing pods at scale" in meta["og:description"]
    assert "Ada Speaker, Bob Presenter" in meta["og:description"]
    assert (meta["twitter:label1"], meta["twitter:data1"]) == ("Talk", "Securing pods at scale")
    assert (meta["twitter:label2"], meta["twitter:data2"]) == (
        "Speakers",
        "Ada Speaker, Bob Presenter",
    )
    assert meta["og:video"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


# Videos


def test_a_youtube_talk_video_is_a_facade_that_requests_nothing_before_a_click(
    site: Build,
) -> None:
    page = site.html(TALK)
    facade = page.select_one("aside.blog-talk-card .blog-video-facade")
    assert facade.select_one("button.blog-video-play").get_text(strip=True) == "Play on YouTube"
    assert "loads from YouTube only when you press play" in facade.get_text()
    frame = facade.select_one(".blog-video-frame")
    assert frame["data-embed"].startswith("https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ")
    # Nothing that a browser fetches points anywhere but the site itself.
    assert page.select("iframe") == []
    for element in page.select("[src], [poster], link[rel=stylesheet], link[rel=preload]"):
        fetched = element.get("src") or element.get("poster") or element["href"]
        assert not fetched.startswith(("http:", "https:", "//")), element
    scripts = [s["src"] for s in page.select("script[src]")]
    assert any("blogkit-video.js" in src for src in scripts)
    assert not any("asciinema" in src for src in scripts)


def test_scripts_of_demos_load_only_on_pages_that_have_them(site: Build) -> None:
    plain = [s["src"] for s in site.html("posts/2019/threat-model.html").select("script[src]")]
    assert not any("blogkit-video" in src or "asciinema" in src for src in plain)
    demos = [s["src"] for s in site.html(DEMOS).select("script[src]")]
    assert any("asciinema-player.min.js" in src for src in demos)
    assert any("blogkit-asciinema.js" in src for src in demos)


def test_a_local_video_plays_in_a_video_element_with_poster_and_captions(site: Build) -> None:
    page = site.html(DEMOS)
    video = page.select_one("figure.blog-video video")
    assert video.has_attr("controls")
    assert linked_file(site, DEMOS, video["poster"]).is_file()
    source = video.select_one("source")
    assert source["type"] == "video/webm"
    assert linked_file(site, DEMOS, source["src"]).name == "cluster-demo.webm"
    track = video.select_one("track")
    assert (track["kind"], track["srclang"]) == ("captions", "en")
    assert linked_file(site, DEMOS, track["src"]).read_text().startswith("WEBVTT")
    vimeo = page.select_one(".blog-video-facade")
    assert vimeo.select_one("button").get_text(strip=True) == "Play on Vimeo"
    assert vimeo.select_one(".blog-video-frame")["data-embed"].startswith(
        "https://player.vimeo.com/video/76979871"
    )


def test_the_asciinema_player_gets_the_cast_and_its_options(site: Build) -> None:
    player = site.html(DEMOS).select_one(".blog-asciinema-player")
    assert linked_file(site, DEMOS, player["data-cast"]).read_text() == cast()
    options = json.loads(player["data-options"])
    assert options == {"cols": 40, "rows": 6, "speed": 2.0, "startAt": "0:01"}
    second = site.html(DEMOS).select(".blog-asciinema-player")[1]
    assert json.loads(second["data-options"]) == {"poster": "npt:0:01"}


def test_feeds_show_demos_as_posters_linking_to_the_post_and_videos_as_enclosures(
    site: Build,
) -> None:
    feed = feedparser.parse((site.outdir / "blog/atom.xml").read_bytes())
    entry = next(e for e in feed.entries if e.title == "Recorded demos")
    content = BeautifulSoup(entry.content[0].value, "lxml")
    assert content.select("video, iframe, script, button") == []
    demos = content.select("p.blog-demo-link a")
    assert len(demos) == 4
    assert {a["href"] for a in demos} == {BASE + DEMOS}
    posters = [a.img["src"] for a in demos if a.img]
    assert len(posters) == 2
    for poster in posters:
        assert site_file_for(site, poster, BASE).is_file()
    assert "The keynote" in demos[1].get_text()
    assert demos[3].get_text() == "▶ Terminal recording (play it on the post)"
    enclosures = [link for link in entry.links if link.rel == "enclosure"]
    assert len(enclosures) == 1
    assert enclosures[0].type == "video/webm"
    video = site_file_for(site, enclosures[0].href, BASE)
    assert int(enclosures[0].length) == video.stat().st_size
    rss = feedparser.parse((site.outdir / "blog/rss.xml").read_bytes())
    item = next(e for e in rss.entries if e.title == "Recorded demos")
    assert item.enclosures[0].href == enclosures[0].href
    items = json.loads((site.outdir / "blog/feed.json").read_bytes())["items"]
    demos_item = next(i for i in items if i["title"] == "Recorded demos")
    attachment = {"url": enclosures[0].href, "mime_type": "video/webm"}
    assert demos_item["attachments"] == [{**attachment, "size_in_bytes": video.stat().st_size}]


def test_every_atom_and_rss_feed_is_valid(site: Build) -> None:
    # Series, events, demos and enclosures included (tests/feedcheck.py).
    checked = invalid_feeds(site.outdir, BASE)
    assert checked == {}


def test_video_urls_are_recognised() -> None:
    for url in (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=10",
        "https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ):
        assert hosted_video(url).host == "YouTube", url
    assert hosted_video("https://vimeo.com/76979871").host == "Vimeo"
    assert hosted_video("https://player.vimeo.com/video/76979871").host == "Vimeo"
    for url in (
        "https://example.com/watch?v=x",
        "https://vimeo.com/channels/x",
        "https://youtu.be/",
    ):
        assert hosted_video(url) is None, url


# Mistakes


RULES = Rules(timezone=ZoneInfo("UTC"))


def problems_of(front: str) -> list[str]:
    text = f"---\ndate: 2024-01-01\n{front}---\n\n# A title\n\nText.\n"
    return [str(p) for p in read_post(text, "posts/2024/x.md", RULES)[1]]


T = "talk:\n  title: T\n  speakers: A\n"
FM = "front matter"


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        ("series_part: two\n", f"3: {FM} 'series_part': 'two': expected a whole number from 1"),
        ("series_part: 0\n", f"3: {FM} 'series_part': '0': expected a whole number"),
        ("series: [a, b]\n", f"3: {FM} 'series': expected a single value"),
        ("event: '!!!'\n", f"3: {FM} 'event': '!!!': expected a name with letters"),
        ("talk: Keynote\n", f"3: {FM} 'talk': 'Keynote': expected a mapping of title, speakers"),
        ("talk:\n  title: T\n", f"4: {FM} 'talk.speakers': missing: expected a name"),
        ("talk:\n  speakers: A\n  title: ''\n", f"5: {FM} 'talk.title': '': expected the talk"),
        (T + "  slide: s.pdf\n", f"6: {FM} 'talk.slide': 'slide': unknown key of talk"),
        (T + "  date: May 2019\n", f"6: {FM} 'talk.date': 'May 2019' is not a date"),
        (T + "  video: ../../../x.mp4\n", f"6: {FM} 'talk.video': '../../../x.mp4': expected"),
        (T + "  slides: ftp://x.org/s.pdf\n", f"6: {FM} 'talk.slides': 'ftp://x.org/s.pdf'"),
        ("serie: X\n", f"3: {FM} 'serie': unknown key (did you mean 'series'?)"),
    ],
)
def test_front_matter_mistakes_name_file_line_field_and_value(front: str, expected: str) -> None:
    found = problems_of(front)
    assert any(problem.startswith("posts/2024/x.md:" + expected) for problem in found), found


def test_two_posts_claiming_one_part_and_a_part_without_series_are_problems() -> None:
    metas = [
        read_post(
            f"---\ndate: 2024-01-0{n}\nseries: S\nseries_part: 2\n---\n\n# T{n}\n\nx\n",
            f"posts/2024/p{n}.md",
            RULES,
        )[0]
        for n in (1, 2)
    ]
    lone = read_post(
        "---\ndate: 2024-01-03\nseries_part: 1\n---\n\n# T\n\nx\n", "posts/l.md", RULES
    )
    found = [str(p) for p in find_collisions([*metas, lone[0]])]
    assert (
        "posts/2024/p2.md:4: front matter 'series_part': '2': already part 2 of 'S' in "
        "posts/2024/p1.md" in found[0] + found[1]
    )
    assert any(
        p.startswith("posts/l.md:3: front matter 'series_part': '1': expected beside")
        for p in found
    )


def test_blogkit_check_applies_the_same_rules(tmp_path: Path) -> None:
    root = write_site(
        tmp_path,
        {
            "posts/2024/a.md": "---\ndate: 2024-01-01\nseries: S\nseries_part: 1\n"
            "talk:\n  title: T\n  speakers: A\n  slides: gone.pdf\n---\n\n# A\n\nx\n",
            "posts/2024/b.md": "---\ndate: 2024-01-02\nseries: S\nseries_part: 1\n---\n\n"
            "# B\n\nx\n",
        },
        # The check finds posts by the suffixes conf.py names (the blog root names none).
        conf_extra='source_suffix = {".md": "markdown"}\n',
    )
    _posts, problems = check_posts(root, load_site_config(root))
    assert [str(p) for p in problems] == [
        "posts/2024/a.md:8: front matter 'talk.slides': 'gone.pdf': no such file beside the post "
        "(expected an http(s) URL or a file relative to the post)",
        "posts/2024/b.md:4: front matter 'series_part': '1': already part 1 of 'S' in "
        "posts/2024/a.md; expected a number no other part of the series has",
    ]


def test_bad_demos_and_missing_talk_files_fail_the_strict_build(tmp_path: Path) -> None:
    root = write_site(
        tmp_path / "src",
        {
            "posts/2024/broken.md": """
                ---
                date: 2024-01-01
                talk:
                  title: A talk
                  speakers: Ada
                  slides: missing-slides.pdf
                ---

                # Broken demos

                Text.

                ```{video} nowhere.webm
                ```

                ```{video} https://videos.example.com/clip.mp4
                ```

                ```{video} https://youtu.be/dQw4w9WgXcQ
                :poster: https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg
                ```

                ```{asciinema} demo.txt
                ```

                ```{asciinema} demo.cast
                :speed: fast
                ```
                """,
            "posts/2024/demo.cast": cast(),
            "posts/2024/demo.txt": "not a cast",
        },
    )
    before = {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}
    build = sphinx_build(root, tmp_path / "html")
    assert build.returncode != 0
    assert "Traceback" not in build.stderr
    messages = "\n".join(build.warnings)
    for expected in (
        "posts/2024/broken.md:6: WARNING: front matter 'talk.slides': 'missing-slides.pdf': "
        "no such file",
        "broken.md:13: WARNING: {video} argument: 'nowhere.webm': no such file beside the post",
        "broken.md:16: WARNING: {video} argument: 'https://videos.example.com/clip.mp4': "
        "expected a YouTube or Vimeo video URL",
        "broken.md:19: WARNING: {video} poster: "
        "'https://i.ytimg.com/vi/dQw4w9WgXcQ/hqdefault.jpg': expected an image beside the post",
        "broken.md:23: WARNING: {asciinema} argument: 'demo.txt': expected a file ending in .cast",
        "broken.md:27: WARNING: 'asciinema': Invalid option value for 'speed': fast: "
        "'fast': expected a speed such as 2 or 0.5",
    ):
        assert expected in messages, messages
    assert {p: p.read_bytes() for p in root.rglob("*") if p.is_file()} == before


def test_series_spelled_in_two_cases_are_one_series_in_reading_order() -> None:
    def record(name: str, front: str) -> PostRecord:
        text = f"---\n{front}---\n\n# {name}\n\nx\n"
        meta = read_post(text, f"posts/2024/{name}.md", RULES)[0]
        return PostRecord(f"posts/2024/{name}", meta, name, "", "", 1)

    records = [
        record("c", "date: 2024-01-03\nseries: Kube notes\n"),
        record("b", "date: 2024-01-02\nseries: kube notes\n"),
        record("a", "date: 2024-01-04\nseries: Kube notes\nseries_part: 1\n"),
    ]
    assert {name: [p.title for p in parts] for name, parts in series_of(records).items()} == {
        "Kube notes": ["a", "b", "c"]
    }
