"""Save-to-visible time in the live preview, blog against the floor, side by side.

    python benchmarks/live.py --posts 1000 --edits 3

Starts the live preview (`blogkit live`, what `make live` runs) on the
generated corpus, and sphinx-autobuild with Sphinx + MyST + Furo alone on
the same corpus; opens one post of each in Chromium; then, several times,
edits that post and measures the time from the save until the browser shows
the new text, without any reload by hand.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus
from rebuild import floor_conf, write_floor_pages

CHROMIUM = "/usr/bin/chromium"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    def __init__(self, command: list[str], cwd: Path, port: int) -> None:
        self.port = port
        self.served = 0
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        self.process = subprocess.Popen(
            command,
            cwd=cwd,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            env=environment,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stdout:
            if f"Serving on http://127.0.0.1:{self.port}" in line:
                self.served += 1

    def wait_served(self, count: int, timeout: float = 900) -> None:
        deadline = time.monotonic() + timeout
        while self.served < count:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise SystemExit("the live server did not come up")
            time.sleep(0.1)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def wait_answering(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def start(kind: str, root: Path) -> Server:
    port = free_port()
    if kind == "blog":
        command = [sys.executable, "-m", "blogkit.cli", "--root", str(root), "live"]
        command += ["--port", str(port)]
    else:
        command = [sys.executable, "-m", "sphinx_autobuild", str(root), str(root / "_build/live")]
        command += ["--port", str(port), "--re-ignore", r"(^|/)_build(/|$)"]
        command += ["-d", str(root / "_build/live-doctrees")]
    return Server(command, root, port)


def measure(kind: str, root: Path, post: Path, edits: int, browser) -> list[float]:
    server = start(kind, root)
    try:
        server.wait_served(1)
        wait_answering(f"http://127.0.0.1:{server.port}/")
        time.sleep(2)  # sphinx-autobuild starts watching a moment after it starts serving
        page = browser.new_page()
        relative = post.relative_to(root).with_suffix(".html").as_posix()
        page.goto(f"http://127.0.0.1:{server.port}/{relative}")
        original = post.read_text(encoding="utf-8")
        times = []
        for number in range(edits):
            marker = f"Live edit number {number} for {kind}."
            post.write_text(original.replace("## Section 2\n\n", f"## Section 2\n\n{marker} "))
            saved = time.perf_counter()
            page.locator("article", has_text=marker).wait_for(timeout=300_000)
            times.append(time.perf_counter() - saved)
            server.wait_served(2 + number)
        page.close()
        return times
    finally:
        server.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args()
    results = {}
    with tempfile.TemporaryDirectory(prefix="blog-live-") as workdir, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for kind in ("floor", "blog"):
            root = Path(workdir) / kind
            posts = write_corpus(root, args.posts)
            if kind == "floor":
                (root / "conf.py").write_text(floor_conf(), encoding="utf-8")
                write_floor_pages(root)
            results[kind] = measure(kind, root, posts[len(posts) // 2], args.edits, browser)
        browser.close()
    floor, blog = (statistics.median(results[k]) for k in ("floor", "blog"))
    print(f"\n{args.posts} posts, median of {args.edits} edits: save to visible in the browser")
    print("| preview | seconds |")
    print("| --- | ---: |")
    print(f"| floor (sphinx-autobuild, Sphinx + MyST + Furo) | {floor:.2f} |")
    print(f"| blog (make live) | {blog:.2f} ({blog / floor:.2f} x the floor) |")


if __name__ == "__main__":
    main()
