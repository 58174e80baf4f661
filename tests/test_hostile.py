"""Hostile and broken input: refused by `blogkit check` and by the build alike.

Two sites hold every kind of bad source: one the bad files (wrong encoding,
control characters, names too long for a file name, dates out of range, too
many tags, a huge post, a directive with a wrong argument), the other bad
links (symlink loops, symlinks out of the site). Each is built once and
checked once: the build must end, without a traceback, failing with one
message per mistake that names file, line and field; the check must print
the same messages (all but what only a full build can know); nothing from
outside the site may be published and no source may be touched.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from zoneinfo import ZoneInfo

import feedparser
import pytest
from bs4 import BeautifulSoup
from conftest import REPO, Build, sphinx_build, write_site
from feedcheck import invalid_feeds
from sphinx.util.matching import Matcher
from test_live import LiveServer, answers

from blogkit.model.frontmatter import Rules, read_post
from blogkit.model.limits import check_limits
from blogkit.model.sources import exclude_pattern
from blogkit.render.sidebar import most_used

CLI = [sys.executable, "-m", "blogkit.cli"]
#: Today's two symlink loops never end: the build gets this long before it counts as a hang.
HANG = 150


def post(front: str, body: str = "# A title\n\nText.\n") -> str:
    return f"---\n{front.strip()}\n---\n\n{body}"


GOOD = post("date: 2024-01-10\ntags: [python]", "# A good post\n\nFine.\n")
SECRET = "secret-outside-marker"
LONG_STEM = "p" * 250  # posts/2024/ppp….md: 253 bytes, a file; its doctree would be 258

#: path -> text (str) or bytes, as written to disk.
HOSTILE_FILES: dict[str, str | bytes] = {
    "posts/2024/good.md": GOOD,
    # A BOM is fine: MyST reads it, and so must the check.
    "posts/2024/bom.md": "\ufeff" + post("date: 2024-01-11", "# With a BOM\n\nFine too.\n"),
    "posts/2024/latin.md": post("date: 2024-01-02", "# Caf\xe9\n\nD\xe9j\xe0 vu.\n").encode(
        "latin-1"
    ),
    "posts/2024/esc-title.md": post("date: 2024-01-02", "# A \x1b title\n\nText.\n"),
    "posts/2024/esc-body.md": post("date: 2024-01-02", "# Body\n\nA \x1b[31m red word.\n"),
    "posts/2024/bell-tag.md": post('date: 2024-01-02\ntags: ["a\\ab"]'),
    "posts/2024/nonchar-tag.md": post('date: 2024-01-02\ntags: ["a\\uffffb"]'),
    "posts/2024/nonchar-body.md": post("date: 2024-01-02", "# Body\n\nNot \uffff text.\n"),
    "posts/2024/nul-description.md": post('date: 2024-01-02\ndescription: "nul \\0 here"'),
    "posts/2024/esc-author.md": post('date: 2024-01-02\nauthor: "Ada\\eWriter"'),
    "posts/2024/long-tag.md": post("date: 2024-01-02\ntags: [" + "a" * 300 + "]"),
    "posts/2024/window-tag.md": post("date: 2024-01-02\ntags: [" + "b" * 252 + "]"),
    "posts/2024/cyrillic-category.md": post("date: 2024-01-02\ncategory: " + "ж" * 126),
    f"posts/2024/{LONG_STEM}.md": post("date: 2024-01-02"),
    "posts/2024/too-early.md": post("date: 0001-01-01T00:00+00:01"),
    "posts/2024/too-late.md": post("date: 9999-12-31T23:59-05:00"),
    "posts/2024/many-tags.md": post(
        "date: 2024-01-02\ntags: [" + ", ".join(f"t{n}" for n in range(51)) + "]"
    ),
    "posts/2024/huge.md": post("date: 2024-01-02", "# Huge\n\n" + "word " * 220_000 + "\n"),
}

HOSTILE_INDEX = "# Test Blog\n\nWelcome.\n\n```{latest-posts} five\n```\n"

# (path, line, field, words the message must contain): what check and build both say.
EXPECTED = {
    "non-utf8": ("posts/2024/latin.md", 5, "encoding", ["0xE9", "UTF-8"]),
    "control-raw-title": ("posts/2024/esc-title.md", 5, "text", ["U+001B", "control character"]),
    "control-raw-body": ("posts/2024/esc-body.md", 7, "text", ["U+001B", "control character"]),
    "control-escaped-tag": ("posts/2024/bell-tag.md", 3, "tags", ["U+0007", "control character"]),
    "noncharacter-escaped-tag": ("posts/2024/nonchar-tag.md", 3, "tags", ["U+FFFF"]),
    "noncharacter-raw-body": ("posts/2024/nonchar-body.md", 7, "text", ["U+FFFF"]),
    "control-escaped-description": (
        "posts/2024/nul-description.md",
        3,
        "description",
        ["U+0000", "control character"],
    ),
    "control-escaped-name": ("posts/2024/esc-author.md", 3, "author", ["U+001B"]),
    "long-tag": ("posts/2024/long-tag.md", 3, "tags", ["300 bytes", "250 bytes"]),
    "tag-in-the-251-255-window": ("posts/2024/window-tag.md", 3, "tags", ["252 bytes"]),
    "multibyte-category": ("posts/2024/cyrillic-category.md", 3, "category", ["252 bytes"]),
    "long-post-name": (f"posts/2024/{LONG_STEM}.md", 1, "slug", ["250 bytes", "247 bytes"]),
    "date-too-early": ("posts/2024/too-early.md", 2, "date", ["out of range"]),
    "date-too-late": ("posts/2024/too-late.md", 2, "date", ["out of range"]),
    "too-many-tags": ("posts/2024/many-tags.md", 3, "tags", ["51", "at most 50"]),
    "huge-post": ("posts/2024/huge.md", 1, "size", ["bytes", "at most 1,048,576 bytes"]),
}
LINKS_EXPECTED = {
    "symlink-loop": ("posts/2024/loop-a", 1, "symlink", ["'..'", "not followed"]),
    "second-symlink-loop": ("posts/2024/loop-b", 1, "symlink", ["'..'", "not followed"]),
    "symlinked-file-outside": ("posts/2024/secret.md", 1, "symlink", ["outside the site"]),
    "symlinked-folder-outside": ("posts/linked", 1, "symlink", ["not followed"]),
}
CASES = {
    **{c: ("files", e) for c, e in EXPECTED.items()},
    **{c: ("links", e) for c, e in LINKS_EXPECTED.items()},
}

#: What only a full build can know: the check does not read pages' directives.
BUILD_ONLY = {"latest-posts-argument": ("index.md", 5, "latest-posts", ["'five'", "number"])}

BUILD_LINE = re.compile(
    r"^(?P<path>[^\s:][^:]*?):(?P<line>\d+): (?:WARNING|ERROR): (?P<message>.*?)"
    r"(?: \[(?P<type>[\w.-]+)\])?$"
)
CHECK_LINE = re.compile(r"^(?P<path>[^\s:][^:]*?):(?P<line>\d+): (?P<message>.*)$")


def source_digest(root: Path) -> dict[str, str]:
    """Every file and link under root, links as links: what 'untouched' means."""
    digest = {}
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            key = path.relative_to(root).as_posix()
            if path.is_symlink():
                digest[key] = "-> " + os.readlink(path)
            elif path.is_file():
                digest[key] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digest


def write_bad_files(root: Path) -> Path:
    write_site(root, {}, index=HOSTILE_INDEX)
    for path, text in HOSTILE_FILES.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return root


def write_bad_links(root: Path) -> Path:
    write_site(root, {"posts/2024/good.md": GOOD})
    outside = root.parent / "outside"
    (outside / "folder").mkdir(parents=True)
    (outside / "secret.md").write_text(
        post("date: 2024-01-03", f"# Secret\n\n{SECRET}\n"), encoding="utf-8"
    )
    (outside / "folder" / "other.md").write_text(
        post("date: 2024-01-04", f"# Other\n\n{SECRET}-folder\n"), encoding="utf-8"
    )
    os.symlink("..", root / "posts/2024/loop-a")
    os.symlink("..", root / "posts/2024/loop-b")
    os.symlink(
        os.path.relpath(outside / "secret.md", root / "posts/2024"), root / "posts/2024/secret.md"
    )
    os.symlink(outside / "folder", root / "posts/linked")
    return root


Checked = tuple[Build, subprocess.CompletedProcess, dict, dict]


def check_and_build(root: Path) -> Checked:
    before = source_digest(root)
    check = subprocess.run(
        [*CLI, "--root", str(root), "check"], capture_output=True, text=True, timeout=60
    )
    build = sphinx_build(root, root.parent / "html", timeout=HANG)
    return build, check, before, source_digest(root)


@pytest.fixture(scope="module")
def bad_files(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    return check_and_build(write_bad_files(tmp_path_factory.mktemp("files") / "src"))


@pytest.fixture(scope="module")
def bad_links(tmp_path_factory: pytest.TempPathFactory) -> Checked:
    return check_and_build(write_bad_links(tmp_path_factory.mktemp("links") / "src"))


@pytest.fixture(params=["files", "links"])
def hostile(request: pytest.FixtureRequest) -> Checked:
    return request.getfixturevalue(f"bad_{request.param}")


def _matches(lines, pattern, path, line, field, words):
    found = []
    for text in lines:
        m = pattern.match(text)
        if not m or m["path"] != path or int(m["line"]) != line:
            continue
        message = m["message"]
        named = message.startswith((f"front matter '{field}': ", f"{field}: ")) or (
            m.groupdict().get("type") == f"blog.{field}"
        )
        if named and all(word in message for word in words):
            found.append(message)
    return found


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_build_refuses_it_naming_file_line_and_field(request, case: str) -> None:
    site, (path, line, field, words) = CASES[case]
    build, _check, _before, _after = request.getfixturevalue(f"bad_{site}")
    assert "Traceback" not in build.stderr + build.stdout
    assert build.returncode == 1, build.stderr[-3000:]
    lines = build.stderr.splitlines()
    assert _matches(lines, BUILD_LINE, path, line, field, words), (
        f"no message for {path}:{line} {field} {words} in:\n{build.stderr[-6000:]}"
    )


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_check_refuses_it_with_the_same_message(request, case: str) -> None:
    site, (path, line, field, words) = CASES[case]
    build, check, _before, _after = request.getfixturevalue(f"bad_{site}")
    assert check.returncode == 1, check.stdout + check.stderr
    assert "Traceback" not in check.stderr
    said = _matches(check.stderr.splitlines(), CHECK_LINE, path, line, field, words)
    assert said, f"no message for {path}:{line} {field} {words} in:\n{check.stderr}"
    built = _matches(build.stderr.splitlines(), BUILD_LINE, path, line, field, words)
    assert set(said) == set(built)


def test_check_and_build_report_the_same_problems(hostile) -> None:
    build, check, _before, _after = hostile
    checked = {
        (m["path"], int(m["line"]), m["message"])
        for m in map(CHECK_LINE.match, check.stderr.splitlines())
        if m
    }
    built = {
        (m["path"], int(m["line"]), m["message"])
        for m in map(BUILD_LINE.match, build.stderr.splitlines())
        if m
    }
    only_built = {entry for entry in built - checked if entry[0] != "index.md"}
    assert checked and not only_built and not checked - built, (only_built, checked - built)


def test_a_directive_argument_only_the_build_can_check(bad_files) -> None:
    build, _check, _before, _after = bad_files
    path, line, field, words = BUILD_ONLY["latest-posts-argument"]
    assert _matches(build.stderr.splitlines(), BUILD_LINE, path, line, field, words), build.stderr[
        -4000:
    ]


def test_nothing_from_outside_the_site_is_published(bad_links) -> None:
    build, _check, _before, _after = bad_links
    leaked = [
        p.relative_to(build.outdir).as_posix()
        for p in build.outdir.rglob("*")
        if p.is_file() and SECRET.encode() in p.read_bytes()
    ]
    assert not leaked
    # Each post appears once: the loops did not copy the site into itself.
    assert not (build.outdir / "posts/2024/loop-a").exists()
    assert (build.outdir / "posts/2024/good.html").is_file()


def test_a_bom_is_read_like_myst_reads_it(bad_files) -> None:
    build, check, _before, _after = bad_files
    assert "bom.md" not in check.stderr
    assert "bom.md" not in build.stderr
    heading = build.html("posts/2024/bom.html").h1
    for link in heading.select("a.headerlink"):
        link.decompose()
    assert heading.get_text(strip=True) == "With a BOM"


def test_no_source_is_touched(hostile) -> None:
    _build, _check, before, after = hostile
    assert after == before


def test_a_date_out_of_range_in_the_live_preview(tmp_path: Path) -> None:
    """`make live` shows drafts: a post scheduled for 9999 is read, and must be refused."""
    files = {
        "posts/2024/good.md": GOOD,
        "posts/2024/too-late.md": HOSTILE_FILES["posts/2024/too-late.md"],
    }
    root = write_site(tmp_path / "src", files)
    build = sphinx_build(
        root,
        tmp_path / "html",
        "-D",
        "blog_drafts=show",
        "-D",
        "blog_stop_on_read_errors=1",
        timeout=HANG,
    )
    assert "Traceback" not in build.stderr
    assert build.returncode == 1
    assert "posts/2024/too-late.md:2: WARNING: front matter 'date':" in build.stderr
    assert "out of range" in build.stderr


# -- Many tags: the sidebar shows the most used ones, and a link to all of them. ----------


# -- What a valid site publishes: feeds that keep the writer's words, the same bytes anywhere.

MANY = ", ".join(f"rare-{n:02}" for n in range(23))
RICH_POSTS = {
    "posts/2024/one.md": post(f"date: 2024-01-01\ntags: [popular, second, {MANY}]"),
    "posts/2024/two.md": post("date: 2024-01-02\ntags: [popular, second]"),
    "posts/2024/three.md": post("date: 2024-01-03\ntags: [popular]"),
    "posts/2024/markup.md": post(
        "date: 2024-02-01\ntags: [popular]",
        "# Markup shown, not run\n\n"
        "The attack shown as code: `<img src=x onerror=alert(1)>` & friends.\n",
    ),
}
SHOWN = "The attack shown as code: <img src=x onerror=alert(1)> & friends."


def checkout(folder: Path) -> tuple[Path, dict[str, str]]:
    """A clone of the project in ``folder``: the package and a site, built with that package."""
    shutil.copytree(
        REPO / "blogkit", folder / "blogkit", ignore=shutil.ignore_patterns("__pycache__")
    )
    root = write_site(folder / "site", RICH_POSTS)
    # PYTHONSAFEPATH: `python -m sphinx` must not import blogkit from the current folder.
    env = {"PYTHONPATH": str(folder), "PYTHONSAFEPATH": "1", "SOURCE_DATE_EPOCH": "1767225600"}
    return root, env


@pytest.fixture(scope="module")
def twins(tmp_path_factory: pytest.TempPathFactory) -> tuple[Build, Build]:
    """The same sources built from two checkouts at different paths and depths."""
    builds = []
    for folder in ("a", "bb/deeper/still"):
        base = tmp_path_factory.mktemp("twin") / folder
        root, env = checkout(base)
        build = sphinx_build(root, base / "html", env=env)
        assert build.returncode == 0, build.stderr
        builds.append(build)
    return builds[0], builds[1]


def test_two_checkouts_publish_byte_identical_trees(twins) -> None:
    first, second = twins

    def tree(build: Build) -> dict[str, bytes]:
        return {
            p.relative_to(build.outdir).as_posix(): p.read_bytes()
            for p in sorted(build.outdir.rglob("*"))
            if p.is_file()
        }

    one, two = tree(first), tree(second)
    assert ".buildinfo" in one
    assert sorted(one) == sorted(two)
    differ = [name for name in one if one[name] != two[name]]
    assert not differ


def test_rss_readers_get_the_writers_words(twins) -> None:
    build, _ = twins
    feed = feedparser.parse((build.outdir / "blog/rss.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entry = next(e for e in feed.entries if e.link.endswith("markup.html"))
    # RSS descriptions are HTML to a reader: the text must come back as text, no element.
    shown = BeautifulSoup(entry.summary, "lxml")
    assert shown.find("img") is None
    assert shown.get_text() == SHOWN


def test_atom_readers_get_the_writers_words(twins) -> None:
    build, _ = twins
    feed = feedparser.parse((build.outdir / "blog/atom.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    entry = next(e for e in feed.entries if e.link.endswith("markup.html"))
    if entry.summary_detail.type == "text/html":
        assert BeautifulSoup(entry.summary, "lxml").get_text() == SHOWN
    else:
        assert entry.summary == SHOWN
    assert invalid_feeds(build.outdir, "https://test.example.org/") == {}


def test_the_sidebar_shows_the_most_used_tags_and_links_to_all(twins) -> None:
    build, _ = twins
    for page in ("index.html", "posts/2024/one.html", "blog/tag/popular.html"):
        box = build.html(page).select_one(".blog-sidebar-tags")
        shown = [a.contents[0].strip() for a in box.select("a.blog-tag")]
        assert len(shown) == 20, page
        assert {"popular", "second"} <= set(shown)
        every = box.find("a", string=re.compile(r"All 25 tags"))
        assert every is not None, box
        target = (build.outdir / page).parent / every["href"]
        assert target.resolve() == (build.outdir / "blog/tag.html").resolve()
    # The page of all tags still lists every one of them.
    catalog = build.html("blog/tag.html").get_text()
    assert all(f"rare-{n:02}" in catalog for n in range(23))


# -- The live preview answers only this machine, and only its own pages' WebSockets. ------


def _request(port: int, host: str, origin: str | None = None, websocket: bool = False) -> str:
    """The status line the preview answers with, or '' when it drops the connection."""
    path = "/websocket-reload" if websocket else "/index.html"
    lines = [f"GET {path} HTTP/1.1", f"Host: {host}"]
    if websocket:
        lines += [
            "Upgrade: websocket",
            "Connection: Upgrade",
            "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==",
            "Sec-WebSocket-Version: 13",
        ]
    else:
        lines.append("Connection: close")
    if origin:
        lines.append(f"Origin: {origin}")
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1"))
        try:
            answer = sock.recv(4096)
        except ConnectionResetError:
            return ""
    return answer.split(b"\r\n", 1)[0].decode("latin-1")


def _status(line: str) -> int:
    return int(line.split()[1]) if line else 0


def test_the_live_preview_answers_only_loopback_hosts_and_its_own_origin(tmp_path: Path) -> None:
    root = write_site(tmp_path / "src", {"posts/2024/good.md": GOOD})
    server = LiveServer(root)
    try:
        server.wait_for(lambda: server.serves() >= 1)
        server.wait_for(lambda: answers(server.url))
        port = server.port
        own = f"http://127.0.0.1:{port}"
        for host in (f"127.0.0.1:{port}", f"localhost:{port}", f"[::1]:{port}"):
            assert _status(_request(port, host)) == 200, host
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}"):
            answer = _request(port, host)
            assert not answer or 400 <= _status(answer) < 500, (host, answer)
        # The page's own reload socket: accepted from the preview's own origin.
        assert _status(_request(port, f"127.0.0.1:{port}", own, websocket=True)) == 101
        assert (
            _status(_request(port, f"localhost:{port}", f"http://localhost:{port}", websocket=True))
            == 101
        )
        # Another site's page, or a rebound name, gets no socket.
        for host, origin in (
            (f"127.0.0.1:{port}", "http://evil.example"),
            (f"127.0.0.1:{port}", f"http://evil.example:{port}"),
            (f"127.0.0.1:{port}", "null"),
            (f"evil.example:{port}", f"http://evil.example:{port}"),
        ):
            answer = _request(port, host, origin, websocket=True)
            assert _status(answer) != 101, (host, origin, answer)
    finally:
        server.stop()


# -- Rules, checked directly on the functions. ---------------------------------------------


def test_the_sidebar_keeps_the_most_used_tags_in_their_order() -> None:
    entries = [{"name": n, "count": c} for n, c in (("a", 1), ("b", 3), ("c", 2), ("d", 3))]
    assert [e["name"] for e in most_used(entries, 2)] == ["b", "d"]
    assert [e["name"] for e in most_used(entries, 3)] == ["b", "c", "d"]
    assert most_used(entries, 0) == []
    assert most_used(entries, 20) == entries


def test_a_refused_path_is_excluded_exactly_whatever_its_name() -> None:
    for path in ("posts/2024/a[1].md", "posts/*/x?.md", "posts/[!x]", "posts/]x["):
        matches = Matcher([exclude_pattern(path)])
        assert matches(path)
        assert not matches(path.replace("posts/", "posts/z", 1))


def test_a_name_at_the_limit_is_accepted_and_one_byte_more_is_not() -> None:
    rules = Rules(timezone=ZoneInfo("UTC"))
    for size, accepted in ((250, True), (251, False)):
        meta, problems = read_post(post(f"date: 2024-01-01\ntags: [{'x' * size}]"), "p.md", rules)
        assert not problems
        assert (check_limits(meta) == []) is accepted
        assert meta.tags == ((("x" * size),) if accepted else ())
