"""Build times of the blog against Sphinx + MyST + Furo alone (the floor), side by side.

    python benchmarks/rebuild.py --posts 1000 --runs 4
    python benchmarks/rebuild.py --posts 100,1000,5000 --runs 2 --make   # growth, users' command

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
worker), for every step.

``--make`` adds the steps as users run them: ``make html`` passes
``SPHINXOPTS`` (``-W --keep-going -j auto``, read from the Makefile), and the
floor is built with the same options. ``--posts`` takes several sizes
(``100,1000,5000``): each is a run of its own, and the report ends with each
step's ratio at every size against its ratio at 1,000 posts (growth).
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
#: The users' command: ``make html`` (its SPHINXOPTS) after the same changes.
MAKE = "make html: "
MAKE_STEPS = tuple(
    MAKE + step for step in ("clean", "edit body", "add post", "retitle + retag", "retag")
)


def make_options() -> list[str]:
    """The options ``make html`` passes to sphinx-build: SPHINXOPTS in the Makefile."""
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    return re.search(r"^SPHINXOPTS \?= (.*)$", makefile, re.M).group(1).split()


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


def build(site: Site, jobs: int = 1, fresh: bool = False, options: list[str] | None = None) -> dict:
    """One build; ``options`` in place of ``-j jobs`` (the users' SPHINXOPTS)."""
    if fresh:
        shutil.rmtree(site.out, ignore_errors=True)
        shutil.rmtree(site.doctrees, ignore_errors=True)
    # Let the previous build's writes reach the disk first, so they do not slow this one.
    os.sync()
    time.sleep(SETTLE_SECONDS)
    command = [sys.executable, "-m", "sphinx", "build", "-q", "-b", "html"]
    command += options if options is not None else ["-j", str(jobs)]
    command += ["-d", str(site.doctrees), str(site.root), str(site.out)]
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


# Each change differs from the one before it (``turn``: how many changes came before), so
# that a step repeated under ``make html`` changes the sources again.


def edit_body(root: Path, posts: int, turn: int = 0) -> None:
    path = sorted((root / "posts").rglob("post-*.md"))[posts // 2]
    text = path.read_text(encoding="utf-8")
    edited = f"## Section 2\n\nAn edited sentence ({turn}). "
    path.write_text(text.replace("## Section 2\n\n", edited, 1), encoding="utf-8")


def add_post(root: Path, posts: int, turn: int = 0) -> None:
    path = root / "posts" / "2099" / f"added-post-{turn}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    last = sorted((root / "posts").rglob("post-*.md"))[-1].read_text(encoding="utf-8")
    day = re.search(r"^date: (\S+)", last, re.M).group(1)
    text = f"---\ndate: {day}\ntags: [kubernetes]\n---\n\n# An added post ({turn})\n\nNew text.\n"
    path.write_text(text, encoding="utf-8")


def retitle_retag(root: Path, posts: int, turn: int = 0) -> None:
    path = sorted((root / "posts").rglob("post-*.md"))[posts // 3]
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^# .*$", f"# A new title for this post ({turn})", text, count=1, flags=re.M)
    text = re.sub(r"^tags: .*$", f"tags: [retagged-{turn}, kubernetes]", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


def retag(root: Path, posts: int, turn: int = 0) -> None:
    """Another post's tags only: one new tag, one the post had left for another."""
    path = sorted((root / "posts").rglob("post-*.md"))[posts // 4]
    text = path.read_text(encoding="utf-8")
    text = re.sub(r"^tags: .*$", f"tags: [moved-{turn}, python]", text, count=1, flags=re.M)
    path.write_text(text, encoding="utf-8")


CHANGES = {
    "edit body": edit_body,
    "add post": add_post,
    "retitle + retag": retitle_retag,
    "retag": retag,
}


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
    options = make_options()
    for turn, step in enumerate(steps):
        change = step.removeprefix(MAKE)
        users = options if step.startswith(MAKE) else None
        for site in order:
            if change in CHANGES:
                CHANGES[change](site.root, posts, turn)
                figures[site.name][step] = build(site, options=users)
            elif users is not None:
                figures[site.name][step] = build(site, fresh=True, options=users)
            else:
                jobs = int(step.rsplit(" ", 1)[1])
                figures[site.name][step] = build(site, jobs=jobs, fresh=True)
            # As it goes, so that a long run shows its figures before it ends.
            got = figures[site.name][step]
            print(
                f"  {posts} posts, {site.name}, {step}: {got['seconds']:.2f} s, "
                f"CPU {got['cpu']:.2f} s, {got['peak_kib'] / 1024:.0f} MiB",
                file=sys.stderr,
                flush=True,
            )
    return figures


def sizes(text: str) -> list[int]:
    return [int(size) for size in text.split(",")]


def report(runs: list[dict], posts: int, steps: list[str], speedups: bool) -> dict[str, dict]:
    """One size's table; returns each step's median time, CPU and memory ratios."""

    def figures(site: str, step: str, key: str) -> list[float]:
        return [run[site][step][key] for run in runs]

    def ratios(step: str, key: str, floor: str = "floor") -> list[float]:
        pairs = zip(figures("blog", step, key), figures(floor, step, key), strict=True)
        return [blog / floor for blog, floor in pairs]

    def interval(each: list[float]) -> str:
        bounds = median_interval(each)
        return f"{bounds[0]:.2f} to {bounds[1]:.2f}" if bounds else "(6+ runs)"

    median = statistics.median
    summary = {}
    print(f"\n{posts} posts, {len(runs)} runs, {sys.platform}")
    print(
        "| step | floor (s) | blog (s) | blog / floor | 95% interval | best / best "
        "| CPU blog / floor | peak RSS floor, blog (MiB) | RSS blog / floor | per run |"
    )
    print("| --- | ---: | ---: | ---: | :---: | ---: | ---: | ---: | ---: | --- |")
    for step in steps:
        floor = median(figures("floor", step, "seconds"))
        blog = median(figures("blog", step, "seconds"))
        best = min(figures("blog", step, "seconds")) / min(figures("floor", step, "seconds"))
        each = ratios(step, "seconds")
        shown = " ".join(f"{r:.2f}" for r in each)
        summary[step] = {
            "time": median(each),
            "cpu": median(ratios(step, "cpu")),
            "rss": median(ratios(step, "peak_kib")),
        }
        floor_mem = median(figures("floor", step, "peak_kib")) / 1024
        blog_mem = median(figures("blog", step, "peak_kib")) / 1024
        print(
            f"| {step} | {floor:.2f} | {blog:.2f} | {summary[step]['time']:.2f} x "
            f"| {interval(each)} | {best:.2f} x | {summary[step]['cpu']:.2f} x "
            f"| {floor_mem:.0f}, {blog_mem:.0f} | {summary[step]['rss']:.2f} x | {shown} |"
        )
    if speedups:
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
    return summary


def growth(summaries: dict[int, dict[str, dict]], steps: list[str]) -> None:
    """Each step's ratios at every size, and the time ratio against its ratio at 1,000 posts."""
    base = summaries.get(1000)
    print("\nGrowth: blog / floor at each size (time, CPU, peak RSS)")
    head = " | ".join(f"{size} posts" for size in summaries)
    print(f"| step | {head} |" + (" growth of the time ratio from 1,000 |" if base else ""))
    print("| --- |" + " :---: |" * len(summaries) + (" :---: |" if base else ""))
    for step in steps:
        cells = " | ".join(
            f"{s[step]['time']:.2f} x, {s[step]['cpu']:.2f} x, {s[step]['rss']:.2f} x"
            for s in summaries.values()
        )
        grown = ""
        if base:
            grown = ", ".join(
                f"{size}: {s[step]['time'] / base[step]['time']:.2f}"
                for size, s in summaries.items()
                if size != 1000
            )
            grown = f" {grown} |"
        print(f"| {step} | {cells} |{grown}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--posts", type=sizes, default=[1000], help="sizes: 100,1000,5000")
    parser.add_argument("--runs", type=int, default=4, help="even: each order as often")
    parser.add_argument(
        "--steps",
        default=",".join(STEPS),
        help="comma-separated, in this order; the incremental steps need a clean one first",
    )
    parser.add_argument(
        "--make",
        action="store_true",
        help="also the steps as `make html` runs them (SPHINXOPTS), the floor with the same",
    )
    parser.add_argument("--json", type=Path, help="also write the raw figures here")
    parser.add_argument(
        "--with-speedups",
        action="store_true",
        help="also build the floor with blogkit.speedups: the blog's own cost apart",
    )
    args = parser.parse_args()
    steps = [step.strip() for step in args.steps.split(",")]
    if args.make:
        steps += [step for step in MAKE_STEPS if step not in steps]
    if unknown := set(steps) - set(STEPS) - set(MAKE_STEPS):
        known = ", ".join((*STEPS, *MAKE_STEPS))
        parser.error(f"unknown steps: {', '.join(sorted(unknown))}; known: {known}")

    print(f"load average at the start: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    raw, summaries = {}, {}
    for posts in args.posts:
        runs = raw[posts] = []
        for number in range(args.runs):
            with tempfile.TemporaryDirectory(prefix="blog-bench-") as workdir:
                runs.append(
                    run_once(
                        Path(workdir),
                        posts,
                        steps,
                        floor_first=number % 2 == 0,
                        speedups=args.with_speedups,
                    )
                )
            print(f"{posts} posts: run {number + 1}/{args.runs} done", file=sys.stderr)
        summaries[posts] = report(runs, posts, steps, args.with_speedups)
        print(f"load average: {' '.join(f'{x:.1f}' for x in os.getloadavg())}", flush=True)
    if len(summaries) > 1:
        growth(summaries, steps)
    print("\nfloor, blog: median of the runs. blog / floor: median of the per-run ratios.")
    print("95% interval: where the median ratio lies, whatever the noise's distribution.")
    print("best / best: the blog's fastest run against the floor's (noise only adds time).")
    print("CPU: user + system time of every process of the build, median of per-run ratios.")
    print("peak RSS: the largest of any one process of the build (main or parallel worker).")
    print(f"make html: sphinx-build {' '.join(make_options())} for both sites.")
    if args.json:
        args.json.write_text(json.dumps(raw, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
