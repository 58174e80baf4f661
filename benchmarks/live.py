"""Save-to-visible time in the live preview, blog against the floor, side by side.

    python benchmarks/live.py --posts 1000 --edits 7

Starts the live preview (`blogkit live`, what `make live` runs) on the
generated corpus, and sphinx-autobuild with Sphinx + MyST + Furo alone on
the same corpus; opens one post of each in Chromium; then edits each post in
turn, alternating which goes first, and measures the time from the save until
the browser shows the new text, without any reload by hand. Before each edit
both servers are left to go quiet (no CPU used for a second: the blog's next
worker is set up, the floor's last build is over), as between a writer's saves.

The time of an edit ends when the page showing the new text was first
painted (the reloaded page's first contentful paint, from the browser's own
clock, the machine's): Playwright sees the text 50 to 170 ms later, once it
has set itself up in the new page and polled it, the same for both, a
tenth of the floor's time and a third of the blog's. That time, "seen by
Playwright", is reported too.

Reported: the median of the edits' times and of their ratios, and the CPU
time each edit cost, every process of the server counted (the blog's includes
setting up its next worker): the CPU figure moves much less than the time
when the machine is shared.
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


TICKS = os.sysconf("SC_CLK_TCK")
#: When the page now open was first painted, in seconds since the epoch (None: not yet).
FIRST_PAINT = """() => {
  const paint = performance.getEntriesByName("first-contentful-paint")[0];
  return paint ? (performance.timeOrigin + paint.startTime) / 1000 : null;
}"""


def cpu_seconds(pid: int) -> float:
    """CPU time of a process, its children reaped so far, and its living descendants."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0
    # utime, stime, cutime, cstime: fields 14 to 17 of stat, 12 to 15 after the name.
    own = sum(int(value) for value in fields[11:15]) / TICKS
    return own + sum(cpu_seconds(int(child)) for child in children)


def wait_quiet(servers: list[Server], timeout: float = 120) -> None:
    """Until no server's processes use CPU for a second (or the timeout)."""
    deadline = time.monotonic() + timeout
    last = [cpu_seconds(s.process.pid) for s in servers]
    while time.monotonic() < deadline:
        time.sleep(1)
        now = [cpu_seconds(s.process.pid) for s in servers]
        if all(b - a < 0.02 for a, b in zip(last, now, strict=True)):
            return
        last = now


class Preview:
    """One live server with its post open in the browser."""

    def __init__(self, kind: str, root: Path, post: Path, browser) -> None:
        self.kind, self.root, self.post = kind, root, post
        self.server = start(kind, root)
        self.server.wait_served(1)
        wait_answering(f"http://127.0.0.1:{self.server.port}/")
        time.sleep(2)  # sphinx-autobuild starts watching a moment after it starts serving
        self.page = browser.new_page()
        relative = post.relative_to(root).with_suffix(".html").as_posix()
        self.page.goto(f"http://127.0.0.1:{self.server.port}/{relative}")
        self.original = post.read_text(encoding="utf-8")
        self.edits = 0
        self.times: list[float] = []
        self.seen: list[float] = []
        self.cpu: list[float] = []

    def edit(self, others: list[Server]) -> None:
        self.edits += 1
        marker = f"Live edit number {self.edits} for {self.kind}."
        before = cpu_seconds(self.server.process.pid)
        text = self.original.replace("## Section 2\n\n", f"## Section 2\n\n{marker} ")
        self.post.write_text(text, encoding="utf-8")
        saved, saved_at = time.perf_counter(), time.time()
        self.page.locator("article", has_text=marker).wait_for(timeout=300_000)
        self.seen.append(time.perf_counter() - saved)
        painted = self.page.evaluate(FIRST_PAINT)
        shown = painted - saved_at if painted and painted > saved_at else self.seen[-1]
        self.times.append(min(shown, self.seen[-1]))
        self.server.wait_served(1 + self.edits)
        wait_quiet(others)
        self.cpu.append(cpu_seconds(self.server.process.pid) - before)

    def stop(self) -> None:
        self.page.close()
        self.server.stop()


def measure(kind: str, root: Path, post: Path, edits: int, browser) -> list[float]:
    """One preview on its own: each of ``edits`` edits' save-to-visible time (peers.py)."""
    preview = Preview(kind, root, post, browser)
    try:
        for _ in range(edits):
            wait_quiet([preview.server])
            preview.edit([preview.server])
    finally:
        preview.stop()
    return preview.times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=7, help="edits of each (at least 5)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="blog-live-") as workdir, sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        previews = {}
        for kind in ("floor", "blog"):
            root = Path(workdir) / kind
            posts = write_corpus(root, args.posts)
            if kind == "floor":
                (root / "conf.py").write_text(floor_conf(), encoding="utf-8")
                write_floor_pages(root)
            previews[kind] = Preview(kind, root, posts[len(posts) // 2], browser)
        servers = [preview.server for preview in previews.values()]
        try:
            for number in range(args.edits):
                order = ("floor", "blog") if number % 2 == 0 else ("blog", "floor")
                for kind in order:
                    wait_quiet(servers)
                    previews[kind].edit(servers)
                floor_s, blog_s = previews["floor"].times[-1], previews["blog"].times[-1]
                seen = previews["floor"].seen[-1], previews["blog"].seen[-1]
                print(
                    f"edit {number + 1}: floor {floor_s:.2f} s, blog {blog_s:.2f} s "
                    f"(seen by Playwright: {seen[0]:.2f} s, {seen[1]:.2f} s)",
                    flush=True,
                )
        finally:
            for preview in previews.values():
                preview.stop()
            browser.close()
    floor, blog = previews["floor"], previews["blog"]
    ratios = [b / f for f, b in zip(floor.times, blog.times, strict=True)]
    seen_ratios = [b / f for f, b in zip(floor.seen, blog.seen, strict=True)]
    cpu_ratios = [b / f for f, b in zip(floor.cpu, blog.cpu, strict=True)]
    median = statistics.median
    print(f"\n{args.posts} posts, {args.edits} edits of each, alternating: save to visible")
    print("| preview | seconds to first paint | seen by Playwright | CPU seconds per edit |")
    print("| --- | ---: | ---: | ---: |")
    for name, preview in (
        ("floor (sphinx-autobuild, Sphinx + MyST + Furo)", floor),
        ("blog (make live)", blog),
    ):
        print(
            f"| {name} | {median(preview.times):.2f} | {median(preview.seen):.2f} "
            f"| {median(preview.cpu):.2f} |"
        )
    print(
        f"| blog / floor (median of the edits' ratios) | {median(ratios):.2f} x "
        f"| {median(seen_ratios):.2f} x | {median(cpu_ratios):.2f} x |"
    )
    print("(medians of the edits)")
    print(
        "each edit, floor/blog seconds:",
        [f"{f:.2f}/{b:.2f}" for f, b in zip(floor.times, blog.times, strict=True)],
    )


if __name__ == "__main__":
    main()
