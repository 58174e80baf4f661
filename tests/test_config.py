"""blogkit's settings: declared once, typed, checked at config-inited; ABlog's honoured or named."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import feedparser
import pytest
from conftest import sphinx_build, write_site
from feedcheck import invalid_feeds

from blogkit._ablog import IGNORED_SETTINGS
from blogkit.config import SETTINGS, setting_problems


def config(**values: object) -> SimpleNamespace:
    settings = {name: setting.default for name, setting in SETTINGS.items()}
    return SimpleNamespace(**{**settings, **values})


@pytest.mark.parametrize(
    ("values", "fragment"),
    [
        ({"blog_drafts": "maybe"}, "blog_drafts = 'maybe' is not one of 'auto', 'show', 'hide'"),
        ({"blog_recent_posts": "5"}, "blog_recent_posts = '5' is not a int"),
        ({"blog_recent_posts": True}, "blog_recent_posts = True is not a int"),
        ({"blog_recent_posts": -1}, "blog_recent_posts = -1 is below 0"),
        ({"blog_posts_per_page": 0}, "blog_posts_per_page = 0 is below 1"),
        ({"blog_posts_dir": ["posts"]}, "blog_posts_dir = ['posts'] is not a str"),
        ({"blog_timezone": "Mars/Olympus"}, "blog_timezone = 'Mars/Olympus' is not a time zone"),
        ({"blog_stop_on_read_errors": "yes"}, "blog_stop_on_read_errors = 'yes' is not a bool"),
    ],
)
def test_a_wrong_setting_is_named_with_what_it_accepts(values: dict, fragment: str) -> None:
    [problem] = setting_problems(config(**values))  # type: ignore[arg-type]
    assert problem.startswith(fragment)


def test_the_defaults_pass() -> None:
    assert setting_problems(config()) == []  # type: ignore[arg-type]


def test_every_setting_is_documented() -> None:
    for name, setting in SETTINGS.items():
        assert name.startswith("blog_")
        assert len(setting.doc) > 20, name


def test_wrong_setting_stops_the_build_without_a_traceback(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", {}, conf_extra='blog_drafts = "sometimes"\n')
    build = sphinx_build(root, tmp_path / "html")
    assert build.returncode != 0
    [warning] = build.warnings
    assert "conf.py" in warning
    assert "blog_drafts = 'sometimes' is not one of 'auto', 'show', 'hide'" in warning
    assert "Traceback" not in build.stderr


POST_WITHOUT_AUTHOR = {
    "posts/2024/anonymous.md": """
        ---
        date: 2024-02-01
        ---

        # No author named

        The default author wrote this.
    """
}


def test_ablog_settings_are_honoured_or_named(tmp_path: Path) -> None:
    conf = 'blog_default_author = "Bob Coder"\nblog_feed_fulltext = True\ndisqus_shortname = "x"\n'
    root = write_site(tmp_path / "src", POST_WITHOUT_AUTHOR, conf_extra=conf)
    strict = sphinx_build(root, tmp_path / "strict")
    # Named, with what blogkit does instead: the strict build fails until they are removed.
    assert strict.returncode != 0
    for name in ("blog_feed_fulltext", "disqus_shortname"):
        [line] = [w for w in strict.warnings if name in w]
        assert "conf.py" in line and IGNORED_SETTINGS[name] in line
    assert not [w for w in strict.warnings if "blog_default_author" in w]
    # blog_default_author is honoured: the post is Bob's, with his author page.
    build = sphinx_build(root, tmp_path / "html", strict=False)
    page = build.html("posts/2024/anonymous.html")
    authors = [a.get_text(strip=True) for a in page.select(".blog-post-footer a[href*='author']")]
    assert authors == ["Bob Coder"]
    listed = build.html("blog/author/bob-coder.html")
    assert "No author named" in listed.get_text()


def test_prev_next_links_follow_post_show_prev_next(tmp_path: Path) -> None:
    posts = {
        f"posts/2024/p{n}.md": f"---\ndate: 2024-01-0{n}\n---\n\n# Post {n}\n\nText {n}.\n"
        for n in (1, 2, 3)
    }
    root = write_site(tmp_path / "src", posts, conf_extra="post_show_prev_next = False\n")
    build = sphinx_build(root, tmp_path / "html")
    assert build.returncode == 0, build.stderr
    page = build.html("posts/2024/p2.html")
    assert not page.select(".related-pages a"), "prev/next links shown although turned off"


def test_the_readme_lists_every_setting() -> None:
    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for name, setting in SETTINGS.items():
        assert f"| `{name}` | `{setting.default!r}` | {setting.doc} |" in readme, name


def test_names_show_in_the_full_form_ablogs_settings_give(tmp_path: Path) -> None:
    # ABlog's blog_authors maps a short key to (full name, link): pages show the full name.
    conf = 'blog_authors = {"Cleo": ("Cleo Writer", None)}\n'
    post = {"posts/2024/p.md": "---\ndate: 2024-02-01\nauthor: Cleo\n---\n\n# By Cleo\n\nText.\n"}
    build = sphinx_build(write_site(tmp_path / "src", post, conf_extra=conf), tmp_path / "html")
    assert build.returncode == 0, build.stderr
    page = build.html("posts/2024/p.html")
    shown = [a.get_text(strip=True) for a in page.select(".blog-post-footer a[href*='author']")]
    assert shown == ["Cleo Writer"]
    listed = build.html("blog/author/cleo.html")
    assert listed.title.get_text().startswith("Posts by Cleo Writer")
    feed = feedparser.parse((build.outdir / "blog/atom.xml").read_bytes())
    assert [author["name"] for author in feed.entries[0].authors] == ["Cleo Writer"]
    assert invalid_feeds(build.outdir, "https://test.example.org/") == {}
