"""Live preview (`make live`): a saved post shows in the open browser without a reload.

The tests run `blogkit live` (what `make live` runs) on a copy of the ``blog`` test root,
opens the post in Chromium, edits the file and waits for the new text; then
breaks the post, checks the last good build is still served and the error
is shown, and fixes it again. It counts rebuilds to catch rebuild loops. Then
it adds a draft, which the preview shows. One server serves both tests.
"""

from __future__ import annotations

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
from conftest import copy_root
from playwright.sync_api import sync_playwright

POST = "posts/2023/first-steps"
TEXT = "Text of the first post."
CHROMIUM = "/usr/bin/chromium"


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
        page.evaluate("window.__not_reloaded_by_hand = true")

        rebuilds_before = server.rebuilds()
        source.write_text(original.replace(TEXT, "Text of the first post, live!"))
        page.locator("article", has_text="Text of the first post, live!").wait_for(timeout=120_000)
        # The page reloaded itself: our marker is gone, and we never called reload().
        assert page.evaluate("window.__not_reloaded_by_hand") is None

        time.sleep(6)  # long enough for a rebuild loop to show itself
        assert server.rebuilds() == rebuilds_before + 1, server.output()

        # A broken post: the error shows in the terminal, the last good build stays served.
        source.write_text(original.replace("date: 2023-03-01", "date: not-a-date"))
        server.wait_for(lambda: "Sphinx exited with exit code" in server.output())
        assert f"{POST}.md:2" in server.output()
        assert "'not-a-date' is not a date" in server.output()
        assert "Traceback" not in server.output()
        status, html = fetch(server.url + POST + ".html")
        assert status == 200 and "Text of the first post, live!" in html

        # Fixing it brings the page back, with the newest text.
        source.write_text(original.replace(TEXT, "Text of the first post, fixed!"))
        page.locator("article", has_text="Text of the first post, fixed!").wait_for(timeout=120_000)
        browser.close()


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
