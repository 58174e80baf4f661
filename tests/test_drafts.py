"""Drafts and scheduled posts: never in the published site, visible in previews."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from conftest import Build, add_files, build_root, built, copy_root, sphinx_build

from blogkit.model.drafts import draft_reason, drafts_left_out, in_this_build
from blogkit.model.frontmatter import Rules, read_post

DRAFT_TRACES = ("zanzibar-draft-marker", "Unfinished idea", "unfinished-idea", "secret-tag")
SCHEDULED_TRACES = ("quixotic-schedule-marker", "Far future", "far-future", "future-tag")


def output_texts(build: Build) -> dict[Path, str]:
    """Every output file as text, the compressed part of objects.inv included."""
    texts = {}
    for path in build.outdir.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        if path.name == "objects.inv":
            header_end = data.index(b"zlib.\n") + len(b"zlib.\n")
            data = data[:header_end] + zlib.decompress(data[header_end:])
        texts[path] = data.decode("utf-8", "replace")
    return texts


def test_production_build_leaks_nothing_of_drafts_or_scheduled_posts(sample_site: Build) -> None:
    texts = output_texts(sample_site)
    assert any("Second thoughts" in text for text in texts.values())  # the grep can find things
    for path, text in texts.items():
        for trace in DRAFT_TRACES + SCHEDULED_TRACES:
            assert trace not in text, (path, trace)
    names = {p.relative_to(sample_site.outdir).as_posix() for p in texts}
    assert not any("unfinished" in n or "far-future" in n or "secret" in n for n in names)


def test_preview_shows_drafts_with_a_banner_but_keeps_them_out_of_feeds(tmp_path: Path) -> None:
    build = built(build_root("blog", tmp_path, "-D", "blog_drafts=show"))
    draft = build.html("posts/2024/unfinished-idea.html")
    assert "Draft" in draft.select_one(".blog-draft-banner").get_text()
    scheduled = build.html("posts/2099/far-future.html")
    assert scheduled.select_one(".blog-draft-banner")
    listed = {
        i.h2.get_text(): bool(i.select_one(".blog-draft-badge"))
        for i in build.html("blog.html").select(".blog-post-item")
    }
    assert listed["Unfinished idea"] is True
    assert listed["First steps"] is False
    for feed in build.outdir.rglob("*.xml"):
        text = feed.read_text(encoding="utf-8")
        assert "Unfinished idea" not in text and "Far future" not in text, feed


def epoch(moment: str) -> str:
    return str(int(datetime.fromisoformat(moment).replace(tzinfo=UTC).timestamp()))


def test_scheduled_post_appears_on_the_first_build_on_its_date_in_site_time(tmp_path: Path) -> None:
    # 2030-01-01 in Europe/Berlin starts at 2029-12-31 23:00 UTC.
    posts = {
        "posts/2029/before.md": "---\ndate: 2029-06-01\n---\n\n# Already out\n\nText.\n",
        "posts/2030/new-year.md": "---\ndate: 2030-01-01\n---\n\n# New year post\n\nText.\n",
    }
    root = add_files(copy_root("plain", tmp_path / "src"), posts)
    early = sphinx_build(
        root, tmp_path / "early", env={"SOURCE_DATE_EPOCH": epoch("2029-12-31T22:30:00")}
    )
    late = sphinx_build(
        root, tmp_path / "late", env={"SOURCE_DATE_EPOCH": epoch("2029-12-31T23:30:00")}
    )
    assert early.returncode == 0 and late.returncode == 0, early.stderr + late.stderr
    assert not (early.outdir / "posts/2030/new-year.html").exists()
    assert "New year post" not in (early.outdir / "blog/atom.xml").read_text(encoding="utf-8")
    assert (late.outdir / "posts/2030/new-year.html").exists()
    assert "New year post" in (late.outdir / "blog/atom.xml").read_text(encoding="utf-8")


def test_an_undated_post_is_a_draft_and_is_said_to_be_left_out(tmp_path: Path) -> None:
    posts = {
        "posts/2024/dated.md": "---\ndate: 2024-01-01\n---\n\n# Dated\n\nText.\n",
        "posts/2024/undated.md": "---\ntags: [x]\n---\n\n# Undated\n\nText.\n",
    }
    build = built(build_root("plain", tmp_path, posts=posts, quiet=False))
    assert not (build.outdir / "posts/2024/undated.html").exists()
    assert "1 draft(s) left out of this build, each with what publishes it:" in build.stdout
    assert "  posts/2024/undated.md: no date (set 'date:' to publish)" in build.stdout


NOW = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("front_matter", "reason"),
    [
        ("draft: true\ndate: 2026-01-01", "draft: true (remove that line to publish)"),
        (
            "draft: true",
            "draft: true, and no date (remove 'draft: true' and set 'date:' to publish)",
        ),
        (
            "draft: true\ndate: 2027-01-01",
            "draft: true, and dated 2027-01-01 "
            "(remove 'draft: true'; it is published on that date)",
        ),
        ("tags: [a]", "no date (set 'date:' to publish)"),
        (
            "date: 2026-06-01 14:30+02:00",
            "dated 2026-06-01 14:30+02:00, in the future (published by the first build on or "
            "after that date)",
        ),
    ],
)
def test_each_draft_is_told_what_publishes_it(front_matter: str, reason: str) -> None:
    text = f"---\n{front_matter}\n---\n\n# A post\n\nText.\n"
    meta, problems = read_post(text, "posts/2026/a.md", Rules(timezone=ZoneInfo("UTC")))
    assert problems == [] and meta.is_draft(NOW)
    assert draft_reason(meta, NOW) == reason
    listed = drafts_left_out(in_this_build(), [(meta.path, draft_reason(meta, NOW))])
    assert listed.splitlines()[1] == f"  posts/2026/a.md: {reason}"
