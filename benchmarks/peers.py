"""Peers on the same posts: Pelican, ABlog on Furo, the floor and this blog, as ratios to the floor.

    python benchmarks/peers.py --posts 1000 --runs 2
    python benchmarks/peers.py --posts 1000 --live     # also make live's save-to-visible

One generated corpus (benchmarks/corpus.py), written for each tool in its own
form, and for each tool a clean build, then an incremental build after one
edit of a post's body; the tools are run one after another, in an order that
turns by one each run, and each figure is reported against the floor's of the
same run (Sphinx, MyST and Furo alone, as in benchmarks/rebuild.py).

- floor and this blog: ``sphinx-build`` with ``make html``'s options
  (``-W --keep-going -j auto``), in this project's environment;
- ABlog 0.11 as shipped, on Furo: ``ablog`` and ``myst_parser`` in the floor's
  ``conf.py``, ABlog's sidebars in Furo's, the posts' tags as ABlog reads
  them (``tags: a, b``); ``-j auto`` (ABlog reads serially: it is not
  parallel-safe);
- Pelican 4, its default theme and feeds, with its content cache on
  (``CACHE_CONTENT``, ``LOAD_CONTENT_CACHE``: how Pelican rebuilds faster); the
  posts converted to its metadata header (``Title:``, ``Date:``, ``Tags:`` ...).

The peers are installed into a throwaway virtual environment (``--venv``, by
default under the temporary folder), never into this project's: ``pip install
pelican markdown ablog furo myst-parser`` from the package index.

``--live`` also measures save-to-visible in Chromium for ``make live`` and for
sphinx-autobuild on the floor, with benchmarks/live.py's ``measure`` (one
edit at a time, the median of ``--edits``).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus
from rebuild import MEASURE, SETTLE_SECONDS, edit_body, floor_conf, make_options, write_floor_pages

TOOLS = ("floor", "blog", "ablog", "pelican")
STEPS = ("clean", "edit body")
PEERS = ["pelican>=4,<5", "markdown", "ablog", "furo", "myst-parser"]

#: ABlog's sidebars after Furo's own, as ABlog's documentation puts them on Furo.
ABLOG_SIDEBARS = [
    "sidebar/brand.html",
    "sidebar/search.html",
    "sidebar/scroll-start.html",
    "sidebar/navigation.html",
    "ablog/postcard.html",
    "ablog/recentposts.html",
    "ablog/tagcloud.html",
    "ablog/categories.html",
    "ablog/archives.html",
    "sidebar/scroll-end.html",
]

PELICAN_CONF = """\
AUTHOR = "Duncan Thomas"
SITENAME = "Peers"
SITEURL = ""
PATH = "content"
TIMEZONE = "UTC"
DEFAULT_LANG = "en"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CACHE_PATH = "cache"
"""


def peers_venv(where: Path) -> Path:
    """The peers' Python, in a virtual environment of their own (made on first use)."""
    python = where / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(where)], check=True)
        pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        subprocess.run([*pip, *PEERS], check=True)
    return python


def versions(python: Path) -> str:
    code = (
        "import importlib.metadata as m; "
        "print(', '.join(f'{n} {m.version(n)}' for n in ('pelican', 'ablog', 'sphinx', 'furo')))"
    )
    return subprocess.run([str(python), "-c", code], capture_output=True, text=True).stdout.strip()


def ablog_post(text: str) -> str:
    """A post's tags as ABlog reads them from Markdown front matter: ``tags: a, b``."""
    return re.sub(r"^tags: \[(.*)\]$", r"tags: \1", text, count=1, flags=re.M)


def pelican_post(text: str) -> str:
    """A post with Pelican's metadata header in place of the front matter and the title."""
    _, front, body = text.split("---\n", 2)
    fields = dict(line.split(": ", 1) for line in front.strip().splitlines())
    title, body = body.lstrip().split("\n", 1)
    header = [f"Title: {title.removeprefix('# ')}"]
    for key in ("date", "author", "category"):
        header.append(f"{key.capitalize()}: {fields[key]}")
    header.append(f"Tags: {fields['tags'].strip('[]')}")
    return "\n".join(header) + "\n" + body


class Tool:
    """One tool's site: where its sources are, how it builds, what a clean build removes."""

    def __init__(self, name: str, workdir: Path, posts: int, peer_python: Path) -> None:
        self.name = name
        self.site = workdir / name
        self.posts = posts
        write_corpus(self.site, posts)
        self.out = workdir / f"{name}-html"
        self.caches = [workdir / f"{name}-doctrees"]
        # Where the posts are, under a folder "posts/".
        self.source = self.site
        python = peer_python if name in ("ablog", "pelican") else Path(sys.executable)
        sphinx = [str(python), "-m", "sphinx", "build", "-q", "-b", "html"]
        sphinx += ["-d", str(self.caches[0])]
        if name in ("floor", "blog"):
            self.command = [*sphinx, *make_options(), str(self.site), str(self.out)]
        elif name == "ablog":
            self.command = [*sphinx, "-j", "auto", str(self.site), str(self.out)]
        else:
            pelican = [str(python), "-m", "pelican", "content", "-o", str(self.out)]
            self.command = [*pelican, "-s", "pelicanconf.py", "-q"]
            self.caches = [self.site / "cache"]
        {"floor": self._floor, "ablog": self._ablog, "pelican": self._pelican}.get(
            name, lambda: None
        )()

    def _floor(self) -> None:
        (self.site / "conf.py").write_text(floor_conf(), encoding="utf-8")
        write_floor_pages(self.site)

    def _ablog(self) -> None:
        conf = floor_conf(("ablog", "myst_parser"))
        conf += 'blog_post_pattern = "posts/*/*"\n'
        conf += "blog_baseurl = html_baseurl\n" if "html_baseurl" in conf else ""
        conf += f"html_sidebars = {{'**': {ABLOG_SIDEBARS!r}}}\n"
        (self.site / "conf.py").write_text(conf, encoding="utf-8")
        write_floor_pages(self.site)
        for path in (self.site / "posts").rglob("*.md"):
            path.write_text(ablog_post(path.read_text(encoding="utf-8")), encoding="utf-8")

    def _pelican(self) -> None:
        content = self.site / "content" / "posts"
        for path in sorted((self.site / "posts").rglob("post-*.md")):
            target = content / path.relative_to(self.site / "posts")
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(pelican_post(path.read_text(encoding="utf-8")), encoding="utf-8")
        shutil.rmtree(self.site / "posts")
        (self.site / "pelicanconf.py").write_text(PELICAN_CONF, encoding="utf-8")
        self.source = self.site / "content"

    def build(self, fresh: bool) -> dict:
        if fresh:
            for folder in (self.out, *self.caches):
                shutil.rmtree(folder, ignore_errors=True)
        os.sync()
        time.sleep(SETTLE_SECONDS)
        done = subprocess.run(
            [sys.executable, "-c", MEASURE, *self.command],
            cwd=self.site,
            capture_output=True,
            text=True,
            check=True,
        )
        measured = json.loads(done.stdout)
        if measured["code"] != 0:
            raise SystemExit(f"{self.name} build failed:\n{measured['err']}")
        return measured


def run_once(workdir: Path, posts: int, order: list[str], python: Path) -> dict:
    tools = {name: Tool(name, workdir, posts, python) for name in order}
    figures: dict[str, dict[str, dict]] = {name: {} for name in order}
    for turn, step in enumerate(STEPS):
        for name, tool in tools.items():
            if step == "edit body":
                edit_body(tool.source, posts, turn)
            figures[name][step] = tool.build(fresh=step == "clean")
            print(f"  {name} {step}: {figures[name][step]['seconds']:.2f} s", file=sys.stderr)
    return figures


def live_figures(workdir: Path, posts: int, edits: int) -> dict[str, float]:
    """make live and sphinx-autobuild on the floor: median save-to-visible (live.py's measure)."""
    from live import CHROMIUM, measure
    from playwright.sync_api import sync_playwright

    results = {}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for kind in ("floor", "blog"):
            root = workdir / f"live-{kind}"
            written = write_corpus(root, posts)
            if kind == "floor":
                (root / "conf.py").write_text(floor_conf(), encoding="utf-8")
                write_floor_pages(root)
            times = measure(kind, root, written[len(written) // 2], edits, browser)
            results[kind] = statistics.median(times)
        browser.close()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=1, help="the order of the tools turns each run")
    parser.add_argument(
        "--venv", type=Path, help="the peers' virtual environment (made if missing)"
    )
    parser.add_argument("--live", action="store_true", help="also make live's save-to-visible")
    parser.add_argument("--edits", type=int, default=5, help="edits per live preview")
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()

    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    with tempfile.TemporaryDirectory(prefix="blog-peers-") as workdir:
        python = peers_venv(args.venv or Path(workdir) / "peers-venv")
        print(f"peers: {versions(python)}")
        runs = []
        for number in range(args.runs):
            order = list(TOOLS[number % len(TOOLS) :] + TOOLS[: number % len(TOOLS)])
            with tempfile.TemporaryDirectory(dir=workdir) as rundir:
                runs.append(run_once(Path(rundir), args.posts, order, python))
            print(f"run {number + 1}/{args.runs} done", file=sys.stderr)
        live = live_figures(Path(workdir), args.posts, args.edits) if args.live else None
    print(f"load average at the end: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")

    median = statistics.median

    def ratio(tool: str, step: str, key: str) -> float:
        return median(run[tool][step][key] / run["floor"][step][key] for run in runs)

    print(f"\n{args.posts} posts, {args.runs} runs: each tool against the floor of the same run")
    print("| tool | step | seconds | time / floor | CPU / floor | peak RSS (MiB) | RSS / floor |")
    print("| --- | --- | ---: | ---: | ---: | ---: | ---: |")
    for tool in TOOLS:
        for step in STEPS:
            seconds = median(run[tool][step]["seconds"] for run in runs)
            rss = median(run[tool][step]["peak_kib"] for run in runs) / 1024
            print(
                f"| {tool} | {step} | {seconds:.2f} | {ratio(tool, step, 'seconds'):.2f} x "
                f"| {ratio(tool, step, 'cpu'):.2f} x | {rss:.0f} | "
                f"{ratio(tool, step, 'peak_kib'):.2f} x |"
            )
    if live:
        floor, blog = live["floor"], live["blog"]
        print(f"| floor (sphinx-autobuild) | save to visible | {floor:.2f} | 1.00 x | | | |")
        print(f"| blog (make live) | save to visible | {blog:.2f} | {blog / floor:.2f} x | | | |")
    print("\nfloor, blog: sphinx-build " + " ".join(make_options()) + "; ablog: -j auto;")
    print("pelican: its content cache on. Seconds: median of the runs; ratios: median of")
    print("the per-run ratios. CPU: user + system of every process of the build.")
    if args.json:
        args.json.write_text(json.dumps({"runs": runs, "live": live}, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
