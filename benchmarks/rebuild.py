"""Build times of the blog against Sphinx + MyST + Furo alone (the floor), side by side.

    python benchmarks/rebuild.py --posts 1000 --runs 3

On the same generated corpus, for the blog and for the floor, in one run:
a clean build (with and without -j 2), then incremental builds after editing
one post's body, adding a post, and retitling and retagging a post. Every
figure is the median of --runs runs, reported with its ratio to the floor's
figure for the same step; the peak resident size of the clean build is the
largest of any one build process (main or parallel worker).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus

FLOOR_CONF = """
project = "Floor"
extensions = ["myst_parser"]
root_doc = "index"
include_patterns = ["index.md", "about.md", "posts/**"]
source_suffix = {".md": "markdown"}
html_theme = "furo"
html_baseurl = "https://blog.example.org/"
suppress_warnings = ["toc.not_included", "myst.xref_missing"]
"""
FLOOR_INDEX = "# Floor\n\nThe same posts, built by Sphinx, MyST and Furo alone.\n"

# Runs one build in a child process and reports its wall time and peak RSS (KiB).
MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    start = time.perf_counter()
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    print(json.dumps({"seconds": seconds, "peak_kib": peak, "code": done.returncode,
                      "err": done.stderr[-2000:]}))
    """
)

STEPS = ("clean -j 1", "clean -j 2", "edit body", "add post", "retitle + retag")


@dataclass
class Site:
    name: str
    root: Path

    @property
    def out(self) -> Path:
        return self.root.parent / f"{self.name}-html"

    @property
    def doctrees(self) -> Path:
        return self.root.parent / f"{self.name}-doctrees"


def build(site: Site, jobs: int = 1, fresh: bool = False) -> dict:
    if fresh:
        shutil.rmtree(site.out, ignore_errors=True)
        shutil.rmtree(site.doctrees, ignore_errors=True)
    command = [sys.executable, "-m", "sphinx", "build", "-q", "-b", "html"]
    command += ["-j", str(jobs), "-d", str(site.doctrees), str(site.root), str(site.out)]
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    measured = json.loads(result.stdout)
    if measured["code"] != 0:
        raise SystemExit(f"{site.name} build failed:\n{measured['err']}")
    return measured


def make_sites(workdir: Path, posts: int) -> tuple[Site, Site]:
    blog = Site("blog", workdir / "blog")
    floor = Site("floor", workdir / "floor")
    write_corpus(blog.root, posts)
    write_corpus(floor.root, posts)
    (floor.root / "conf.py").write_text(FLOOR_CONF, encoding="utf-8")
    (floor.root / "index.md").write_text(FLOOR_INDEX, encoding="utf-8")
    return blog, floor


def edit_body(root: Path, posts: int) -> None:
    path = sorted((root / "posts").rglob("post-*.md"))[posts // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("## Section 2\n\n", "## Section 2\n\nAn edited sentence. ", 1))


def add_post(root: Path, posts: int) -> None:
    path = root / "posts" / "2099" / "added-post.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    last = sorted((root / "posts").rglob("post-*.md"))[-1].read_text(encoding="utf-8")
    day = re.search(r"^date: (\S+)", last, re.M).group(1)
    path.write_text(f"---\ndate: {day}\ntags: [kubernetes]\n---\n\n# An added post\n\nNew text.\n")


def retitle_retag(root: Path, posts: int) -> None:
    path = sorted((root / "posts").rglob("post-*.md"))[posts // 3]
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^# .*$", "# A new title for this post", text, count=1, flags=re.M)
    text = re.sub(r"^tags: .*$", "tags: [retagged, kubernetes]", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def run_once(workdir: Path, posts: int) -> dict[str, dict[str, dict]]:
    figures: dict[str, dict[str, dict]] = {}
    for site in make_sites(workdir, posts):
        steps = figures.setdefault(site.name, {})
        steps["clean -j 1"] = build(site, jobs=1, fresh=True)
        steps["clean -j 2"] = build(site, jobs=2, fresh=True)
        for step, change in (
            ("edit body", edit_body),
            ("add post", add_post),
            ("retitle + retag", retitle_retag),
        ):
            change(site.root, posts)
            steps[step] = build(site)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    args = parser.parse_args()

    runs = []
    for number in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="blog-bench-") as workdir:
            runs.append(run_once(Path(workdir), args.posts))
        print(f"run {number + 1}/{args.runs} done", file=sys.stderr)

    def median(site: str, step: str, key: str) -> float:
        return statistics.median(run[site][step][key] for run in runs)

    print(f"\n{args.posts} posts, median of {args.runs} runs, {sys.platform}")
    print("| step | floor (s) | blog (s) | blog / floor |")
    print("| --- | ---: | ---: | ---: |")
    for step in STEPS:
        floor, blog = median("floor", step, "seconds"), median("blog", step, "seconds")
        print(f"| {step} | {floor:.2f} | {blog:.2f} | {blog / floor:.2f} x |")
    floor_mem = median("floor", "clean -j 1", "peak_kib") / 1024
    blog_mem = median("blog", "clean -j 1", "peak_kib") / 1024
    ratio = blog_mem / floor_mem
    print(f"| peak RSS, clean -j 1 (MiB) | {floor_mem:.0f} | {blog_mem:.0f} | {ratio:.2f} x |")
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
