"""Parallel builds: readers send back only their own records, and nothing is lost.

Sphinx forks a reader per chunk of documents and pickles the reader's whole
environment back to the main process; blogkit's per-document records travel
only for the documents that reader read. These tests check both halves: the
records stay lean in a reader, and every record (posts, problems) still
arrives, so listings are complete and broken posts fail every build. And
what the main process prepares before writers fork: frozen objects, lexers.

Every build here runs in a process of its own: parallel builds fork.
"""

from __future__ import annotations

import multiprocessing
import pickle
import re
import time
from pathlib import Path

import feedparser
from bs4 import BeautifulSoup
from conftest import (
    RECORD_TASKS_AND_LEXERS,
    Build,
    add_files,
    copy_root,
    patched_build,
    sphinx_build,
)
from feedcheck import invalid_feeds

from blogkit.incremental.background import Turns, items
from blogkit.incremental.parallel import RecordsByDoc


def _read_in_a_child(records: RecordsByDoc, queue: multiprocessing.Queue) -> None:
    records["posts/c"] = "read by the child"
    records.setdefault("posts/d", "also read by the child")
    queue.put(pickle.dumps(records))


def test_a_reader_process_pickles_only_the_records_it_wrote() -> None:
    records = RecordsByDoc({"posts/a": "merged earlier"})
    records["posts/b"] = "merged earlier too"
    context = multiprocessing.get_context("fork")  # as Sphinx starts its readers
    queue = context.Queue()
    child = context.Process(target=_read_in_a_child, args=(records, queue))
    child.start()
    sent = pickle.loads(queue.get(timeout=60))
    child.join()
    assert dict(sent) == {"posts/c": "read by the child", "posts/d": "also read by the child"}
    # The main process (which saves the environment) keeps and pickles everything.
    assert sorted(pickle.loads(pickle.dumps(records))) == ["posts/a", "posts/b"]


def many_posts(count: int) -> dict[str, str]:
    return {
        f"posts/2024/post-{n:02d}.md": f"---\ndate: 2024-01-{n:02d}\ntags: [t{n % 3}]\n---\n\n"
        f"# Post {n}\n\nText of post {n}.\n"
        for n in range(1, count + 1)
    }


def test_parallel_readers_lose_no_post_and_no_problem(tmp_path: Path) -> None:
    posts = many_posts(28)
    # Broken posts early, in the middle and last: they are read by different readers.
    mistakes = ((2, "tgas: [x]"), (14, "updated: someday"), (28, "author: Ada Writr"))
    for number, mistake in mistakes:
        path = f"posts/2024/post-{number:02d}.md"
        posts[path] = posts[path].replace("tags: ", f"{mistake}\ntags: ", 1)
    root = add_files(copy_root("plain", tmp_path / "src"), posts)
    out = tmp_path / "html"
    builds = [sphinx_build(root, out, "-j", "2", quiet=False) for _ in range(2)]
    assert re.search(r"reading sources\.\.\. \[\s*\d+%\] \S+ \.\. \S+", builds[0].stdout)
    for build in builds:  # the second build reads nothing again and still fails
        assert build.returncode != 0
        named = sorted(set(re.findall(r"posts/2024/(post-\d+)\.md:(\d+): WARNING", build.stderr)))
        assert named == [("post-02", "3"), ("post-14", "3"), ("post-28", "3")]
    pages = ["blog.html", "blog/page/2.html", "blog/page/3.html"]
    listing = [
        a for page in pages for a in builds[0].html(page).select("article .blog-post-item-title a")
    ]
    listed = {a.get_text() for a in listing}
    # Posts with problems still build (the strict build fails at the end): all are listed.
    assert len(listed) == 28


def test_parallel_builds_keep_what_their_background_processes_wrote(parallel_site: Build) -> None:
    # Feeds and listing pages are written by background processes under -j; what they
    # record must reach the next build, which then leaves them untouched.
    out = parallel_site.outdir
    generated = [out / "blog.html", out / "blog/atom.xml", out / "blog/tag/python/rss.xml"]
    # The writers drew a social card per post; a build that changes nothing draws none.
    cards = sorted((out / "_images/cards").iterdir())
    assert len(cards) >= 30 and not [card for card in cards if card.suffix != ".png"]
    generated += cards
    before = {path: path.stat().st_mtime_ns for path in generated}
    index = parallel_site.srcdir / "index.md"
    index.write_text(index.read_text(encoding="utf-8") + "\nOne more line.\n", encoding="utf-8")
    record = out.parent / "second-build.txt"
    second = patched_build(RECORD_TASKS_AND_LEXERS, parallel_site.srcdir, str(record), jobs=2)
    assert second.returncode == 0, second.stderr
    assert "One more line." in (out / "index.html").read_text(encoding="utf-8")
    assert {path: path.stat().st_mtime_ns for path in generated} == before
    # Reading one page and writing a few, -j 2 or not, costs less in one process than
    # forking readers, writers and background work (blogkit.incremental.serial).
    lines = record.read_text(encoding="utf-8").splitlines() if record.exists() else []
    assert [line for line in lines if line.startswith("task")] == []
    entries = feedparser.parse(out / "blog/atom.xml").entries
    assert [entry.title for entry in entries[:2]] == ["Post 29", "Post 28"]
    # What the background processes wrote is valid Atom and RSS (tests/feedcheck.py).
    assert invalid_feeds(out, "https://test.example.org/") == {}


FAIL_IN_BACKGROUND = """
from sphinx.util import parallel

run = parallel.ParallelTasks._process

def fail_ours(self, pipe, func, arg):
    if "run_in_background" in func.__qualname__:  # a listing or feed process
        func = lambda _arg: 1 / 0
    run(self, pipe, func, arg)

parallel.ParallelTasks._process = fail_ours
"""


def test_what_fails_in_the_background_is_done_in_the_main_process(tmp_path: Path) -> None:
    root = add_files(copy_root("plain", tmp_path / "src"), many_posts(6))
    out = tmp_path / "html"
    done = patched_build(FAIL_IN_BACKGROUND, root, jobs=2)
    assert done.returncode == 0, done.stderr
    listing = BeautifulSoup((out / "blog.html").read_text(encoding="utf-8"), "lxml")
    assert len(listing.select("article .blog-post-item-title a")) == 6
    assert len(feedparser.parse(out / "blog/atom.xml").entries) == 6
    assert invalid_feeds(out, "https://test.example.org/") == {}


def recorded(build: Build) -> list[list[str]]:
    record = build.outdir.parent / "record.txt"
    return [line.split() for line in record.read_text(encoding="utf-8").splitlines()]


def test_writers_inherit_the_main_process_objects_frozen(parallel_site: Build) -> None:
    # Frozen objects are out of the garbage collector's reach: a writer's collections
    # neither walk the main process's objects nor make the kernel copy their pages.
    tasks = [
        (name, int(frozen)) for kind, name, frozen in recorded(parallel_site) if kind == "task"
    ]
    writers = [frozen for name, frozen in tasks if "write_process" in name]
    readers = [frozen for name, frozen in tasks if "read_process" in name]
    assert writers and readers
    assert min(writers) > 10_000
    assert max(readers) == 0  # reading is left as Sphinx does it
    # And the main process hands them back to the collector once the writers are done.
    assert int(parallel_site.stdout.rsplit("frozen after the build:", 1)[1]) == 0


def test_writers_inherit_no_environment_the_parallel_readers_sent(parallel_site: Build) -> None:
    # Each reader's environment is merged and dropped; its cycles are collected before the
    # writers fork, instead of staying in the main process and every writer for the build.
    counts = recorded(parallel_site)
    readers = [name for kind, name, _ in counts if kind == "task" and "read_process" in name]
    writers = [int(n) for kind, name, n in counts if kind == "environments" and "write" in name]
    assert len(readers) > 1 and writers
    assert set(writers) == {1}


def test_blogkit_processes_send_back_no_records_the_build_does_not_show(
    parallel_site: Build,
) -> None:
    # Sphinx's writers send a debug record per page (its whole context); blogkit's
    # listing pages and feeds send none: the main process would only unpickle them.
    sent = [(name, int(n)) for kind, name, n in recorded(parallel_site) if kind == "debug"]
    ours = [n for name, n in sent if "run_in_background" in name]
    writers = [n for name, n in sent if "write_process" in name]
    assert len(ours) == 2 and min(writers) > 0
    assert ours == [0, 0]


def test_writers_inherit_lexers_from_the_main_process(parallel_site: Build) -> None:
    # Pygments compiles a lexer's rules once per process: in the main process, before
    # the writers fork, not again in each of them.
    main = parallel_site.stdout.split("main process:", 1)[1].split()[0]
    compiled = [(pid, lexer) for kind, lexer, pid in recorded(parallel_site) if kind == "lexer"]
    by_lexer = {lexer: {pid for pid, name in compiled if name == lexer} for _, lexer in compiled}
    assert {"PythonLexer", "YamlLexer"} <= set(by_lexer)
    assert by_lexer["PythonLexer"] == {main}
    assert by_lexer["YamlLexer"] == {main}
    # And the code is highlighted on the pages.
    page = (parallel_site.outdir / "posts/2024/post-23.html").read_text(encoding="utf-8")
    assert '<span class="k">def</span>' in page


def _take_slowly(turns: Turns, taken) -> None:
    for item in items(40, turns):
        taken.put(item)
        time.sleep(0.01)  # an idle process, given a sliver of a core


def test_the_main_process_does_the_items_an_idle_process_has_not_taken() -> None:
    """Idle work (the listing pages) is shared one item at a time: when the main process
    helps, every item is done exactly once, by one process or the other."""
    turns = Turns()
    context = multiprocessing.get_context("fork")
    taken = context.Queue()
    idle = context.Process(target=_take_slowly, args=(turns, taken))
    idle.start()
    theirs = [taken.get(timeout=60)]  # the idle process has begun
    helped = list(items(40, turns))
    idle.join(timeout=30)
    while not taken.empty():
        theirs.append(taken.get())
    assert sorted(helped + theirs) == list(range(40))
    assert helped and theirs
    assert turns.helping()
    # Alone, a process does every item.
    assert list(items(5, None)) == [0, 1, 2, 3, 4]
