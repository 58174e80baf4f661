"""Property tests: whatever front matter a writer types, the answer is a message or a site.

Front matter is made from the keys a post may set (and a few it may not),
values of the right and the wrong types, random Unicode (control characters
included, typed raw or as YAML escapes) and random YAML. For any of it,
`blogkit check` either names the file and line of every problem, and the
strict build then fails with the same messages and no traceback; or it finds
none, and the build makes a site whose pages and feeds parse.

The check runs in-process on many examples; the build, which takes seconds,
on a few small sites only, to stay within the test suite's time budget.
"""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path

import feedparser
import yaml
from bs4 import BeautifulSoup
from conftest import sphinx_build, write_site
from feedcheck import invalid_feeds
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from blogkit.cli import main as blogkit

KEYS = (
    "blogpost",
    "date",
    "updated",
    "author",
    "category",
    "tags",
    "draft",
    "description",
)
#: Keys a post may not set, some of them close to real ones.
WRONG_KEYS = ("tag", "title", "Date", "catgory", "")
DATES = (
    "2024-01-01",
    "2024-05-01T23:30:00-04:00",
    "2023-12-31 08:00",
    "0001-01-01T00:00+00:01",
    "9999-12-31T23:59-05:00",
    "2024-02-30",
    "03/04/2024",
    "June 6, 2025",
)
NAMES = ("Ada Writer", "Bob Coder", "python", "C++", "Café", "ж" * 130)

#: Any character, control characters and other scripts included (not lone surrogates,
#: which no file can hold).
TEXT = st.text(st.characters(exclude_categories=["Cs"]), max_size=24)
SCALARS = st.one_of(
    TEXT,
    st.sampled_from(DATES + NAMES),
    st.integers(),
    st.booleans(),
    st.none(),
    st.floats(),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=3),
    max_leaves=6,
)


@st.composite
def structured(draw: st.DrawFn) -> str:
    """YAML dumped from keys and values: control characters become YAML escapes."""
    keys = draw(st.lists(st.sampled_from(KEYS + WRONG_KEYS), max_size=6, unique=True))
    data = {key: draw(VALUES) for key in keys}
    return yaml.safe_dump(data, allow_unicode=draw(st.booleans()), sort_keys=False)


@st.composite
def plausible(draw: st.DrawFn) -> str:
    """A post a writer might type, with random text where names and words go, raw."""
    lines = [f"date: {draw(st.sampled_from(DATES[:3]))}"]
    if draw(st.booleans()):
        tags = draw(st.lists(TEXT.filter(lambda t: "\n" not in t), max_size=3))
        lines.append("tags: [" + ", ".join(f'"{t}"' for t in tags) + "]")
    if draw(st.booleans()):
        lines.append(f"description: {draw(TEXT)}")
    if draw(st.booleans()):
        lines.append(f"author: {draw(st.sampled_from(NAMES[:2]))}")
    return "\n".join(lines) + "\n"


#: Random YAML: its punctuation and any text between.
RANDOM_YAML = st.lists(
    st.sampled_from(["-", ":", " ", "\n", "[", "]", "{", "}", "'", '"', "\\", "!", "&", "*", "#"])
    | TEXT,
    max_size=12,
).map("".join)

FRONT_MATTER = st.one_of(structured(), plausible(), RANDOM_YAML)


@st.composite
def post_sources(draw: st.DrawFn) -> str:
    front = draw(FRONT_MATTER)
    title = draw(TEXT)
    body = draw(TEXT)
    return f"---\n{front.rstrip(chr(10))}\n---\n\n# {title}\n\n{body}\n"


CHECK_LINE = re.compile(r"^posts/2024/post-\d\.md:\d+: \S")


def run_check(root: Path) -> tuple[int, list[str]]:
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        code = blogkit(["--root", str(root), "check"])
    return code, err.getvalue().splitlines()


def write_posts(root: Path, sources: list[str]) -> None:
    write_site(root, {})
    for number, text in enumerate(sources):
        target = root / f"posts/2024/post-{number}.md"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))


@settings(max_examples=100, deadline=None, database=None)
@given(source=post_sources())
def test_the_check_names_file_and_line_of_every_problem_or_none(source: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_posts(root, [source])
        code, lines = run_check(root)
    assert code in (0, 1), lines
    problems = lines[:-1] if code == 1 else lines
    assert all(CHECK_LINE.match(line) for line in problems), lines


@settings(
    max_examples=2,
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(sources=st.lists(post_sources(), min_size=2, max_size=3))
# What random input found once: control characters, typed as YAML escapes and raw.
@example(
    sources=[
        '---\ndate: 2024-01-01\ntags: ["a\\ab"]\ndescription: "\\0"\n---\n\n# T\x1bitle\n\nText.\n',
        "---\ndate: 2024-01-02\n---\n\n# Fine\n\nText.\n",
    ]
)
def test_a_message_naming_the_file_or_a_site_that_parses(sources: list[str]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "src"
        write_posts(root, sources)
        code, lines = run_check(root)
        build = sphinx_build(root, Path(folder) / "html", timeout=120)
        assert "Traceback" not in build.stderr + build.stdout
        assert "Exception occurred" not in build.stderr
        warned = [line for line in build.stderr.splitlines() if "WARNING" in line]
        # Every message the build gives names a file of the site and a line in it.
        assert all(re.match(r"^(posts/2024/post-\d\.md|index\.md):\d+: ", w) for w in warned), (
            warned
        )
        if code == 1:
            assert build.returncode == 1
            said = {line for line in lines if CHECK_LINE.match(line)}
            shown = {w.replace(" WARNING:", "", 1).rsplit(" [", 1)[0] for w in warned}
            assert said <= shown, (said - shown, build.stderr)
            return
        # No problem found: the build may still warn of what only it can see (the
        # Markdown of a random title), each warning naming its file; otherwise it passes,
        # and what it wrote parses.
        assert code == 0, lines
        assert build.returncode == (1 if warned else 0), build.stderr
        for page in sorted((Path(folder) / "html").rglob("*.html")):
            assert BeautifulSoup(page.read_bytes(), "lxml").find("html") is not None
        output = Path(folder) / "html"
        for feed in (p for p in output.rglob("*.xml") if p.name in ("atom.xml", "rss.xml")):
            parsed = feedparser.parse(feed.read_bytes())
            assert not parsed.bozo, (feed.name, parsed.bozo_exception)
        # Generated titles, names and dates still make valid Atom and RSS (tests/feedcheck.py).
        assert invalid_feeds(output, "https://test.example.org/") == {}
