"""Live preview (`make live`): a saved post shows in the open browser without a reload.

The tests run `blogkit live` (what `make live` runs) on a copy of the ``blog`` test root,
opens the post in Chromium, edits the file and waits for the new text; then
breaks the post, checks the last good build is still served, untouched, and
the error is shown in the terminal and over the open page (the overlay,
naming file, line and field), and fixes it again: the overlay goes. It counts
rebuilds to catch rebuild loops, and checks the edits were built by the warm
worker. Then the live output is compared, file by file, with a clean build of
the same sources; fifty edits in a row must leave the server's memory flat;
a stylesheet served under its checksum is cacheable, the page is not;
and it adds a draft, which the preview shows. One server serves every test.
"""

from __future__ import annotations

import http.client
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Build, copy_root, sphinx_build
from playwright.sync_api import sync_playwright

from blogkit.incremental.liveserver import WholeFiles
from blogkit.incremental.warm import problems

POST = "posts/2023/first-steps"
TEXT = "Text of the first post."
CHROMIUM = "/usr/bin/chromium"
OVERLAY = "#blogkit-live-overlay"
WARM = "by the warm worker"
#: What `blogkit live` adds to `make html`'s options (blogkit.cli.live_command).
LIVE_OPTIONS = ("-D", "blog_stop_on_read_errors=1", "-D", "blog_drafts=show")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LiveServer:
    """`blogkit live` in the background, with its output collected line by line."""

    def __init__(self, root: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"
        command = [sys.executable, "-m", "blogkit.cli", "--root", str(root), "live"]
        command += ["--port", str(self.port)]
        self.process = subprocess.Popen(
            command,
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env={
                "PATH": "/usr/bin:/bin",
                "NO_COLOR": "1",
                "HOME": str(root),
                "PYTHONUNBUFFERED": "1",
            },
        )
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            self.lines.append(re.sub(r"\x1b\[[0-9;]*m", "", line.rstrip()))

    def output(self) -> str:
        return "\n".join(self.lines)

    def rebuilds(self) -> int:
        return sum("Rebuilding..." in line for line in self.lines)

    def warm_builds(self) -> int:
        return sum(WARM in line for line in self.lines)

    def save_and_wait(self, path: Path, text: str, page: str, shown: str) -> None:
        """Save a file as editors do (a new file renamed over it), wait until ``page`` shows it."""
        temporary = path.with_name(path.name + ".tmp")
        temporary.write_text(text, encoding="utf-8")
        temporary.replace(path)
        self.wait_for(lambda: shows(self.url + page, shown), timeout=60)

    def serves(self) -> int:
        """How many times it has said it serves the (re)built site."""
        return sum(f"Serving on http://127.0.0.1:{self.port}" in line for line in self.lines)

    def wait_for(self, predicate, timeout: float = 120) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if predicate():
                return
            assert self.process.poll() is None, "live server died:\n" + self.output()
            time.sleep(0.2)
        raise AssertionError("timed out; live server said:\n" + self.output())

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Path]]:
    root = copy_root("blog", tmp_path_factory.mktemp("live") / "blog")
    server = LiveServer(root)
    try:
        server.wait_for(lambda: server.serves() >= 1)
        # It says so a moment before it listens, and starts watching a moment after that.
        server.wait_for(lambda: answers(server.url))
        time.sleep(2)
        yield server, root
    finally:
        server.stop()
    # Stopping `blogkit live` stops the server: nothing is left behind on its port.
    deadline = time.monotonic() + 10
    while listening(server.port) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert not listening(server.port), "the live server outlived `blogkit live`"


def listening(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1):
            return True
    except OSError:
        return False


def answers(url: str) -> bool:
    try:
        return fetch(url)[0] == 200
    except OSError:
        return False


def shows(url: str, text: str) -> bool:
    """Whether the page has the text (a page caught while it is written does not)."""
    try:
        return text in fetch(url)[1]
    except (OSError, http.client.HTTPException):
        return False


def fetch(url: str) -> tuple[int, str]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.read().decode("utf-8")


def test_saved_post_appears_without_reload_then_survives_a_broken_save(live) -> None:
    server, root = live
    source = root / f"{POST}.md"
    original = source.read_text(encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page()
        page.goto(server.url + POST + ".html")
        assert TEXT in page.locator("article").inner_text()
        assert page.locator(OVERLAY).count() == 0
        page.evaluate("window.__not_reloaded_by_hand = true")

        rebuilds_before, warm_before = server.rebuilds(), server.warm_builds()
        source.write_text(original.replace(TEXT, "Text of the first post, live!"))
        page.locator("article", has_text="Text of the first post, live!").wait_for(timeout=120_000)
        # The page reloaded itself: our marker is gone, and we never called reload().
        assert page.evaluate("window.__not_reloaded_by_hand") is None

        time.sleep(6)  # long enough for a rebuild loop to show itself
        assert server.rebuilds() == rebuilds_before + 1, server.output()
        # Built by the worker made ahead of the save, not by a new process.
        assert server.warm_builds() == warm_before + 1, server.output()

        # A broken post: the error shows in the terminal and over the open page; the last
        # good build stays served, not a file of it touched.
        good = tree(root / "_build/live")
        source.write_text(original.replace("date: 2023-03-01", "date: not-a-date"))
        server.wait_for(lambda: "Sphinx exited with exit code" in server.output())
        assert f"{POST}.md:2" in server.output()
        assert "'not-a-date' is not a date" in server.output()
        assert "Traceback" not in server.output(), server.output()
        status, html = fetch(server.url + POST + ".html")
        assert status == 200 and "Text of the first post, live!" in html
        assert tree(root / "_build/live") == good
        overlay = page.locator(OVERLAY)
        overlay.wait_for(timeout=60_000)
        shown = overlay.inner_text()
        assert f"{POST}.md, line 2, field 'date'" in shown, shown
        assert "'not-a-date' is not a date" in shown
        assert overlay.get_attribute("role") == "alert"
        # Under it, the last good page.
        assert "Text of the first post, live!" in page.locator("article").inner_text()

        # Fixing it brings the page back, with the newest text, and the overlay goes.
        source.write_text(original.replace(TEXT, "Text of the first post, fixed!"))
        page.locator("article", has_text="Text of the first post, fixed!").wait_for(timeout=120_000)
        page.locator(OVERLAY).wait_for(state="detached", timeout=60_000)
        browser.close()


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_warm_rebuilds_write_what_a_clean_build_writes(live, tmp_path: Path) -> None:
    """After the edits above, byte for byte: `make html`'s build with the preview's options."""
    server, root = live
    assert server.warm_builds() >= 1
    clean = sphinx_build(root, tmp_path / "html", "-j", "auto", *LIVE_OPTIONS)
    assert clean.returncode == 0, clean.stderr
    live_tree, clean_tree = tree(root / "_build/live"), tree(clean.outdir)
    assert sorted(live_tree) == sorted(clean_tree)
    assert [name for name in clean_tree if live_tree[name] != clean_tree[name]] == []


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def live_processes(pid: int) -> list[int]:
    """The server and its worker(s)."""
    children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    return [pid, *map(int, children)]


def settled_rss(pid: int) -> tuple[int, int]:
    """The server's RSS and its ready worker's, once the worker has finished setting up."""
    last, deadline = None, time.monotonic() + 30
    while time.monotonic() < deadline:
        now = tuple(rss_kib(p) for p in live_processes(pid))
        if now == last and len(now) == 2:
            return now
        last = now
        time.sleep(0.5)
    raise AssertionError(f"the live processes never settled: {last}")


def test_fifty_edits_leave_memory_flat(live) -> None:
    """Fifty saves in a row (of the about page: the lightest rebuild), each built warm."""
    server, root = live
    source = root / "about.md"
    original = source.read_text(encoding="utf-8")
    heading = "# About\n"
    assert heading in original
    warm_before = server.warm_builds()
    for number in range(1, 51):
        edit = f"Edit number {number}."
        text = original.replace(heading, f"{heading}\n{edit}\n", 1)
        server.save_and_wait(source, text, "about.html", edit)
        if number == 10:
            after_ten = settled_rss(server.process.pid)
    after_fifty = settled_rss(server.process.pid)
    assert server.warm_builds() - warm_before >= 45, server.output()
    # The server, and the worker ready for the next save, hold what they held after ten.
    server_growth, worker_growth = (b - a for a, b in zip(after_ten, after_fifty, strict=True))
    assert server_growth < 2048, (after_ten, after_fifty)
    assert worker_growth < 2048, (after_ten, after_fifty)


def test_make_html_pages_have_no_overlay(sample_site: Build) -> None:
    """The overlay's script is the live server's: `make html` never writes it."""
    for page in sample_site.pages():
        assert "_blogkit-live" not in page.read_text(encoding="utf-8"), page
    assert not list(sample_site.outdir.rglob("overlay.js"))


def test_the_overlay_names_file_line_and_field() -> None:
    output = (
        "\x1b[91m/site/posts/2024/a.md:7: WARNING: "
        "front matter 'tags': too many [blog.tags]\x1b[0m\n"
        "reading sources... [100%] posts/2024/a\n"
        "/site/posts/2024/b.md: WARNING: document isn't included in any toctree\n"
        "ERROR: problems in posts/2024/a (listed above).\n"
    )
    assert problems(output, Path("/site")) == [
        {
            "file": "posts/2024/a.md",
            "line": 7,
            "field": "tags",
            "level": "warning",
            "message": "front matter 'tags': too many [blog.tags]",
        },
        {
            "file": "posts/2024/b.md",
            "line": None,
            "field": None,
            "level": "warning",
            "message": "document isn't included in any toctree",
        },
    ]
    # With nothing located, the build's own closing message is what is shown.
    assert [p["message"] for p in problems("ERROR: it broke\n", Path("/site"))] == ["it broke"]


def test_fingerprinted_static_files_come_from_the_cache(live) -> None:
    """A file served under its checksum (?v=) is cacheable for good; the page is not, nor a
    file whose content no longer has the checksum its link carries."""
    server, _root = live
    with urllib.request.urlopen(server.url + POST + ".html", timeout=10) as response:
        assert "immutable" not in (response.headers.get("Cache-Control") or "")
        html = response.read().decode("utf-8")
    links = re.findall(r'href="(?:\.\./)*(_static/blogkit\.css)\?(v=[0-9a-f]{8})"', html)
    assert links, html
    path, version = links[0]

    def cache_control(address: str) -> str:
        with urllib.request.urlopen(server.url + address, timeout=10) as response:
            return response.headers.get("Cache-Control") or ""

    assert "immutable" in cache_control(f"{path}?{version}")
    # Under another checksum, or none, the same file may change under that address.
    assert "immutable" not in cache_control(f"{path}?v=00000000")
    assert "immutable" not in cache_control(path)


def test_live_serves_drafts(live) -> None:
    server, root = live
    draft = root / "posts/2026/work-in-progress.md"
    draft.parent.mkdir(parents=True, exist_ok=True)
    draft.write_text("---\ndraft: true\n---\n\n# Work in progress\n\nNot yet.\n", encoding="utf-8")
    page = server.url + "posts/2026/work-in-progress.html"
    server.wait_for(lambda: answers(page))
    status, html = fetch(page)
    assert status == 200
    assert "blog-draft-banner" in html


def test_a_page_rewritten_while_it_is_asked_for_is_sent_whole(tmp_path: Path) -> None:
    """The length announced is the length of the bytes sent, even if the page changed
    between the lookup and the read (the builder saving it while the browser loads it)."""
    page = tmp_path / "post.html"
    page.write_text("<p>" + "old text " * 500 + "</p>")
    looked_up = page.stat()
    page.write_text("<p>new text</p>")
    files = WholeFiles(directory=tmp_path, html=True)
    scope = {"type": "http", "method": "GET", "path": "/post.html", "headers": []}
    response = files.file_response(page, looked_up, scope)
    assert int(response.headers["content-length"]) == len(b"<p>new text</p>")
    assert response.body == b"<p>new text</p>"
    assert response.headers["content-type"].startswith("text/html")
