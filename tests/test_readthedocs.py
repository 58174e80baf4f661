"""Read the Docs: canonical URLs and feeds follow its environment; the config builds strictly."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
import yaml
from conftest import REPO, SAMPLE_POSTS, add_square_png, copy_real_site, sphinx_build, write_site

LATEST = "https://duncan-blog.readthedocs.io/en/latest/"
PREVIEW = "https://duncan-blog--42.org.readthedocs.build/en/42/"


@pytest.mark.parametrize(
    ("canonical", "version_type"), [(LATEST, "branch"), (PREVIEW, "external")], ids=["latest", "pr"]
)
def test_canonical_links_and_feeds_use_the_rtd_url(
    tmp_path: Path, canonical: str, version_type: str
) -> None:
    root = copy_real_site(tmp_path / "src")
    env = {
        "READTHEDOCS": "True",
        "READTHEDOCS_CANONICAL_URL": canonical,
        "READTHEDOCS_VERSION_TYPE": version_type,
    }
    build = sphinx_build(root, tmp_path / "html", env=env)
    assert build.returncode == 0, build.stderr
    for page in build.pages():
        soup = build.html(str(page.relative_to(build.outdir)))
        href = soup.select_one('head link[rel="canonical"]')["href"]
        assert href == canonical + page.relative_to(build.outdir).as_posix()
    for path in ("blog/atom.xml", "blog/rss.xml"):
        feed = feedparser.parse((build.outdir / path).read_bytes())
        assert feed.entries
        assert feed.feed.link.startswith(canonical)
        for entry in feed.entries:
            assert entry.link.startswith(canonical)
            assert (build.outdir / entry.link[len(canonical) :]).exists()
        assert "blog.example.org" not in (build.outdir / path).read_text(encoding="utf-8")


def test_pull_request_previews_show_drafts_with_a_banner(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", SAMPLE_POSTS)
    add_square_png(root)
    env = {"READTHEDOCS_CANONICAL_URL": PREVIEW, "READTHEDOCS_VERSION_TYPE": "external"}
    build = sphinx_build(root, tmp_path / "html", env=env)
    assert build.returncode == 0, build.stderr
    banner = build.html("posts/2024/unfinished-idea.html").select_one(".blog-draft-banner")
    assert banner and "draft" in banner.get_text().lower()
    assert not build.html("posts/2023/first-steps.html").select_one(".blog-draft-banner")


def test_readthedocs_config_builds_strictly_from_the_hashed_lock() -> None:
    config = yaml.safe_load((REPO / ".readthedocs.yaml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    assert config["sphinx"] == {
        "configuration": "conf.py",
        "builder": "html",
        "fail_on_warning": True,
    }
    # The lock the Makefile picks for the same Python.
    python = config["build"]["tools"]["python"]
    locks = "requirements/" + {"3.11": "py3.11", "3.12": "py3.12"}.get(python, "py3.13+")
    assert "install" not in config.get("python", {}), "python.install cannot check hashes"
    commands = [command.split() for command in config["build"]["jobs"]["post_install"]]
    assert commands == [
        ["python", "-m", "pip", "install", "--require-hashes", "-r", f"{locks}/build.lock"],
        [
            "python", "-m", "pip", "install", "--require-hashes", "--no-build-isolation",
            "-r", f"{locks}/site.lock",
        ],
        ["python", "-m", "pip", "install", "--no-deps", "--no-build-isolation", "."],
    ]  # fmt: skip
    pins = [
        line.split("==")[0]
        for line in (REPO / locks / "site.lock").read_text().splitlines()
        if "==" in line and not line.startswith("#")
    ]
    assert {"sphinx", "ablog", "furo", "myst-parser", "feedgen"} <= set(pins)
