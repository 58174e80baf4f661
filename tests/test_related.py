"""Related posts: the ranking checked on the function, the section on the sample site."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from conftest import Build
from hypothesis import given, settings
from hypothesis import strategies as st

from blogkit.model.frontmatter import PostMeta
from blogkit.model.records import PostRecord
from blogkit.model.related import LIMIT, WEIGHTS, related_posts

NOW = datetime(2025, 1, 1, tzinfo=UTC)


def post(
    name: str,
    day: int,
    tags: tuple[str, ...] = (),
    series: str | None = None,
    event: str | None = None,
    draft: bool = False,
) -> PostRecord:
    meta = PostMeta(
        path=f"posts/{name}.md",
        slug=name,
        date=datetime(2024, 1, 1, tzinfo=UTC) + timedelta(days=day),
        tags=tags,
        series=series,
        event=event,
        draft=draft,
    )
    return PostRecord(f"posts/{name}", meta, name.title(), "", "", 100)


def related(*records: PostRecord) -> dict[str, list[str]]:
    ordered = sorted(records, key=lambda r: r.sort_key)
    found = related_posts(ordered, NOW)
    return {name[6:]: [r.docname[6:] for r in others] for name, others in found.items()}


def test_a_series_outranks_an_event_or_two_tags_which_outrank_one_tag() -> None:
    found = related(
        post("me", 0, ("a", "b"), series="S", event="E"),
        post("one-tag", 9, ("a",)),
        post("two-tags", 8, ("a", "b")),
        post("event", 2, (), event="E"),
        post("series", 1, (), series="S"),
    )
    # The oldest first (3), then two of 2 each, the newer first; the newest (1) left out.
    assert found["me"] == ["series", "two-tags", "event"]
    assert WEIGHTS["series_names"] > WEIGHTS["events"] > WEIGHTS["tags"] == 1


def test_ties_go_to_the_newer_post_then_the_name() -> None:
    found = related(
        post("me", 0, ("a",)),
        post("old", 1, ("a",)),
        post("new", 5, ("a",)),
        post("b-same-day", 3, ("a",)),
        post("a-same-day", 3, ("a",)),
    )
    assert found["me"] == ["new", "a-same-day", "b-same-day"]


def test_never_itself_never_a_draft_none_when_nothing_is_shared() -> None:
    found = related(
        post("me", 0, ("a", "b")),
        post("draft", 9, ("a", "b"), draft=True),
        post("alone", 5, ("c",)),
        post("other", 1, ("A",)),  # names compare as their pages do, case-insensitively
    )
    assert found["me"] == ["other"]
    assert "alone" not in found
    assert found["draft"] == ["me", "other"]  # a draft shown by the live preview still gets some


# Posts with a few of a handful of names, on a few days: many ties, shared names and drafts.
names = st.lists(st.sampled_from("abcde"), max_size=3, unique=True).map(tuple)
posts = st.lists(
    st.tuples(
        st.integers(0, 4),
        names,
        st.sampled_from([None, "S", "T"]),
        st.sampled_from([None, "E"]),
        st.booleans(),
    ),
    max_size=14,
)


@settings(max_examples=50, deadline=None)
@given(posts)
def test_the_choice_is_the_best_scored_by_the_definition(drawn: list) -> None:
    # The function scores only the posts that can score 2 or more and takes the rest
    # newest first: it must choose what scoring every pair would.
    records = [
        post(f"p{number}", day, tags, series, event, draft)
        for number, (day, tags, series, event, draft) in enumerate(drawn)
    ]
    ordered = sorted(records, key=lambda r: r.sort_key)
    expected = {}
    for me in ordered:
        scored = []
        for position, other in enumerate(ordered):
            if other is me or other.meta.draft:
                continue
            score = sum(
                WEIGHTS[kind]
                for kind in WEIGHTS
                for name in {n.casefold() for n in getattr(other.meta, kind)}
                if name in {n.casefold() for n in getattr(me.meta, kind)}
            )
            if score:
                scored.append((-score, position, other.docname))
        if scored:
            expected[me.docname] = [name for _, _, name in sorted(scored)[:LIMIT]]
    found = related_posts(ordered, NOW)
    assert {name: [r.docname for r in others] for name, others in found.items()} == expected


def test_a_post_ends_with_its_related_posts(sample_site: Build) -> None:
    page = sample_site.html("posts/2024/second-thoughts.html")
    section = page.select_one("article .blog-related")
    assert section.select_one("h2").get_text() == "Related"
    assert section["aria-labelledby"] == section.select_one("h2")["id"]
    links = [(a.get_text(), a["href"]) for a in section.select("li a")]
    assert links == [("First steps", "../2023/first-steps.html")]  # they share 'python'
    assert section.select_one("time").get_text() == "1 March 2023"
    # The third post shares nothing with another published post (a draft's tags don't count).
    assert sample_site.html("posts/2024/third-time.html").select(".blog-related") == []
