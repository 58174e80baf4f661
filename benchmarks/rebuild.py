"""Build times of the blog against Sphinx + MyST + Furo alone (the floor), side by side.

    python benchmarks/rebuild.py --posts 1000 --runs 4

On the same generated corpus, for the blog and for the floor: a clean build
(with and without -j 2), then incremental builds after editing one post's
body, adding a post, and retitling and retagging a post. The floor is the
blog's own conf.py with blogkit (and so ABlog) taken out: the same MyST
syntax, smart-quote and HTML settings, Furo's default sidebars.

Each step is built for both sites one right after the other (which goes first
alternates between runs: give an even number of runs), after the disk has
caught up with the previous build's writes, so that the shared machine's slow
and fast minutes fall on both; the ratio is taken within each run and the
median ratio is reported beside the median times, with a 95 per cent
confidence interval for it that assumes nothing about the noise (from 6
runs on). The CPU time of a build (user and system, every process it
started) is compared the same way: it shows the blog's extra work apart from
how the processes happened to be scheduled. The peak resident size of a
clean build is the largest of any one build process (main or parallel
worker).
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import runpy
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import REPO, write_corpus

# What only the blog has: its extension, its templates and sidebars, ABlog's settings.
BLOG_ONLY = {"extensions", "templates_path", "html_sidebars"}


def floor_conf(extensions: tuple[str, ...] = ("myst_parser",)) -> str:
    """The blog's conf.py without the blog: every other setting kept as it is."""
    settings = runpy.run_path(str(REPO / "conf.py"))
    kept = {
        name: value
        for name, value in settings.items()
        if not name.startswith(("_", "blog_")) and name not in BLOG_ONLY
    }
    lines = [f"{name} = {value!r}" for name, value in kept.items()]
    lines += [
        f"extensions = {list(extensions)!r}",
        # A floor site has no toctree over its posts: Sphinx would warn for each one.
        'suppress_warnings = ["toc.not_included", "myst.xref_missing"]',
    ]
    return "\n".join(lines) + "\n"


FLOOR_INDEX = "# Floor\n\nThe same posts, built by Sphinx, MyST and Furo alone.\n"
#: The blog's about page uses blogkit's roles, which the floor does not have.
FLOOR_ABOUT = "---\norphan: true\n---\n\n# About\n\nWho writes here.\n"


def write_floor_pages(root: Path) -> None:
    """The floor's own index and about page, in place of the blog's."""
    (root / "index.md").write_text(FLOOR_INDEX, encoding="utf-8")
    (root / "about.md").write_text(FLOOR_ABOUT, encoding="utf-8")


# Runs one build in a child process and reports its wall time, the CPU time of the build
# and every process it started (user + system), and the peak RSS of any one of them (KiB).
MEASURE = textwrap.dedent(
    """
    import json, resource, subprocess, sys, time
    start = time.perf_counter()
    done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    used = resource.getrusage(resource.RUSAGE_CHILDREN)
    print(json.dumps({"seconds": seconds, "cpu": used.ru_utime + used.ru_stime,
                      "peak_kib": used.ru_maxrss, "code": done.returncode,
                      "err": done.stderr[-2000:]}))
    """
)

SETTLE_SECONDS = 3
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
    # Let the previous build's writes reach the disk first, so they do not slow this one.
    os.sync()
    time.sleep(SETTLE_SECONDS)
    command = [sys.executable, "-m", "sphinx", "build", "-q", "-b", "html"]
    command += ["-j", str(jobs), "-d", str(site.doctrees), str(site.root), str(site.out)]
    result = subprocess.run(
        [sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, check=True
    )
    measured = json.loads(result.stdout)
    if measured["code"] != 0:
        raise SystemExit(f"{site.name} build failed:\n{measured['err']}")
    return measured


#: The floor with blogkit's fixes to Sphinx's own per-page work (blogkit.speedups), which
#: the blog has too: against it, the blog's ratio is its own cost alone.
SPEEDUPS = "floor+speedups"


def make_sites(workdir: Path, posts: int, speedups: bool) -> list[Site]:
    """The floor, the floor with blogkit.speedups when asked for, and the blog."""
    floors = {"floor": ("myst_parser",)}
    if speedups:
        floors[SPEEDUPS] = ("myst_parser", "blogkit.speedups")
    sites = []
    for name, extensions in floors.items():
        site = Site(name, workdir / name)
        write_corpus(site.root, posts)
        (site.root / "conf.py").write_text(floor_conf(extensions), encoding="utf-8")
        write_floor_pages(site.root)
        sites.append(site)
    blog = Site("blog", workdir / "blog")
    write_corpus(blog.root, posts)
    return [*sites, blog]


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


def median_interval(values: list[float], confidence: float = 0.95) -> tuple[float, float] | None:
    """A distribution-free confidence interval for the median (order statistics, sign test).

    With n paired runs, the median lies below the k-th smallest value with the
    probability that a fair coin shows fewer than k heads in n throws; k is the
    largest count that keeps each tail within (1 - confidence) / 2. None when
    there are too few runs for that confidence (fewer than 6 at 95 per cent).
    """
    ordered, n = sorted(values), len(values)
    cut = 0
    while sum(math.comb(n, i) for i in range(cut + 1)) / 2**n <= (1 - confidence) / 2:
        cut += 1
    return (ordered[cut - 1], ordered[n - cut]) if cut else None


def run_once(
    workdir: Path, posts: int, steps: list[str], floor_first: bool, speedups: bool
) -> dict:
    sites = make_sites(workdir, posts, speedups)
    order = sites if floor_first else sites[::-1]
    figures: dict[str, dict[str, dict]] = {site.name: {} for site in sites}
    changes = {"edit body": edit_body, "add post": add_post, "retitle + retag": retitle_retag}
    for step in steps:
        for site in order:
            if step in changes:
                changes[step](site.root, posts)
                figures[site.name][step] = build(site)
            else:
                jobs = int(step.rsplit(" ", 1)[1])
                figures[site.name][step] = build(site, jobs=jobs, fresh=True)
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=4, help="even: each order as often")
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help="comma-separated, in this order; the incremental steps need a clean one first",
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument(
        "--with-speedups",
        action="store_true",
        help="also build the floor with blogkit.speedups: the blog's own cost apart",
    )
    args = parser.parse_args()
    steps = [step.strip() for step in args.steps.split(",")]
    if unknown := set(steps) - set(STEPS):
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}; known: {', '.join(STEPS)}")

    runs = []
    for number in range(args.runs):
        with tempfile.TemporaryDirectory(prefix="blog-bench-") as workdir:
            runs.append(
                run_once(
                    Path(workdir),
                    args.posts,
                    steps,
                    floor_first=number % 2 == 0,
                    speedups=args.with_speedups,
                )
            )
        print(f"run {number + 1}/{args.runs} done", file=sys.stderr)

    def figures(site: str, step: str, key: str) -> list[float]:
        return [run[site][step][key] for run in runs]

    def ratios(step: str, key: str, floor: str = "floor") -> list[float]:
        pairs = zip(figures("blog", step, key), figures(floor, step, key), strict=True)
        return [blog / floor for blog, floor in pairs]

    def interval(each: list[float]) -> str:
        bounds = median_interval(each)
        return f"{bounds[0]:.2f} to {bounds[1]:.2f}" if bounds else "(6+ runs)"

    median = statistics.median
    print(f"\n{args.posts} posts, {args.runs} runs, {sys.platform}")
    print(
        "| step | floor (s) | blog (s) | blog / floor | 95% interval | best / best "
        "| CPU blog / floor | per run |"
    )
    print("| --- | ---: | ---: | ---: | :---: | ---: | ---: | --- |")
    for step in steps:
        floor = median(figures("floor", step, "seconds"))
        blog = median(figures("blog", step, "seconds"))
        best = min(figures("blog", step, "seconds")) / min(figures("floor", step, "seconds"))
        each = ratios(step, "seconds")
        shown = " ".join(f"{r:.2f}" for r in each)
        ratio = median(each)
        cpu = median(ratios(step, "cpu"))
        print(
            f"| {step} | {floor:.2f} | {blog:.2f} | {ratio:.2f} x | {interval(each)} "
            f"| {best:.2f} x | {cpu:.2f} x | {shown} |"
        )
    if "clean -j 1" in steps:
        floor_mem = median(figures("floor", "clean -j 1", "peak_kib")) / 1024
        blog_mem = median(figures("blog", "clean -j 1", "peak_kib")) / 1024
        each = ratios("clean -j 1", "peak_kib")
        shown = " ".join(f"{r:.2f}" for r in each)
        best = min(figures("blog", "clean -j 1", "peak_kib")) / min(
            figures("floor", "clean -j 1", "peak_kib")
        )
        print(
            f"| peak RSS, clean -j 1 (MiB) | {floor_mem:.0f} | {blog_mem:.0f} "
            f"| {median(each):.2f} x | | {best:.2f} x | | {shown} |"
        )
    if args.with_speedups:
        print(f"\nThe blog against the floor with blogkit.speedups ({SPEEDUPS}):")
        print("| step | floor+speedups (s) | blog / it | 95% interval | CPU | per run |")
        print("| --- | ---: | ---: | :---: | ---: | --- |")
        for step in steps:
            each = ratios(step, "seconds", SPEEDUPS)
            shown = " ".join(f"{r:.2f}" for r in each)
            tuned = median(figures(SPEEDUPS, step, "seconds"))
            cpu = median(ratios(step, "cpu", SPEEDUPS))
            print(
                f"| {step} | {tuned:.2f} | {median(each):.2f} x | {interval(each)} "
                f"| {cpu:.2f} x | {shown} |"
            )
    print("\nfloor, blog: median of the runs. blog / floor: median of the per-run ratios.")
    print("95% interval: where the median ratio lies, whatever the noise's distribution.")
    print("best / best: the blog's fastest run against the floor's (noise only adds time).")
    print("CPU: user + system time of every process of the build, median of per-run ratios.")
    if args.json:
        args.json.write_text(json.dumps(runs, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
