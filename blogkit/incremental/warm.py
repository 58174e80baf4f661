"""The live preview's warm builder: one rebuild per save, in a process already set up.

A rebuild by ``sphinx-build`` spends most of its time before it reads the
saved post: a new Python starts, imports Sphinx, MyST, ABlog and Furo, runs
``conf.py``, loads the environment pickle and sets up the builder. At 1,000
posts that is about three seconds of the four a save took to show.

So the live server keeps a *worker* ready ahead of each save: a process
forked from the server (which has imported every module a build needs,
learnt from the first build), that has already made the Sphinx application
exactly as ``sphinx-build`` makes it (``sphinx.cmd.build.build_main``, with
the same arguments) and then waits, before ``Sphinx.build``, for the saved
paths. When they come it runs that build, sends what it wrote and warned,
and exits: every rebuild is a fresh process, so nothing one build leaves in
memory reaches the next, and the next worker loads the environment that
this one saved. While the writer reads, the next worker gets ready.

A worker made before the save builds only if the save cannot have changed
what it set up: every saved path is a document the environment knows, a
plain file, and no file was added, removed or renamed since the worker
discovered the sources (a listing of the source folder's names, taken then
and again at the save, decides). Anything else (``conf.py``, a template, a
new post) is built by a worker made after the save, as ``sphinx-build``
would. What a worker does ahead, besides: it discovers the sources (reused
at the save when no name changed), reads every post's front matter (the
saved posts' again at the save), loads the last search index, prepares the
lexers of common languages, and loads what the last build loaded on first
use (:class:`Habits`: templates, calendar data).

The saved page is shown first: the worker says so as soon as that page's
HTML file is written, and the server reloads the browser then, while the
worker goes on with the listing pages, feeds, search index and sitemap, at
a lower priority (``os.nice``: the browser and the server loading the page
go first on a busy machine); it reloads again only if the build then fails.
The output is what ``sphinx-build`` writes for the same sources, byte for
byte (``tests/test_live.py``).

Hand-written on ``os.fork`` and two pipes: ``multiprocessing`` picks
``forkserver`` or ``spawn`` on some platforms and Pythons, which would start
every worker cold. The platforms without ``os.fork`` (Windows) build each
save in a new ``sphinx-build`` process, as sphinx-autobuild does.
"""

from __future__ import annotations

import asyncio
import contextlib
import datetime
import gc
import importlib
import json
import os
import pickle
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx.environment import CONFIG_OK
from sphinx.project import EXCLUDE_PATHS
from sphinx.util.matching import Matcher

from blogkit import i18n
from blogkit.incremental import overlay, parallel
from blogkit.incremental.pagecache import page_stamps
from blogkit.model.reading import scan_again, scan_posts

#: Languages whose lexers a worker prepares while it waits (Pygments compiles a lexer's
#: expressions on its first use: about 0.1 s each for these).
COMMON_LANGUAGES = ("default", "python", "yaml", "sh", "bash", "console", "json", "text")
#: Warnings and errors as Sphinx writes them: ``path:line: WARNING: message``.
MESSAGE = re.compile(
    r"^(?:(?P<file>[^\s:][^:]*?)(?::(?P<line>\d+))?: )?(?P<level>WARNING|ERROR|CRITICAL): "
    r"(?P<message>.*)$"
)
FIELD = re.compile(r"front matter '([^']+)'")
ANSI = re.compile(r"\x1b\[[0-9;]*m")
#: How much a worker lowers its priority once the saved pages are written (os.nice).
AFTER_SHOWN_NICENESS = 10
#: Linux's prctl option: a signal for the child when its parent dies.
PR_SET_PDEATHSIG = 1


# -- What a build reported, for the terminal and the page's overlay. ----------------------


def problems(text: str, srcdir: Path) -> list[dict[str, Any]]:
    """The warnings and errors in a build's output, each with its file, line and field."""
    found = []
    root = f"{srcdir}{os.sep}"
    for raw in ANSI.sub("", text).splitlines():
        match = MESSAGE.match(raw.strip())
        if not match:
            continue
        path = match["file"]
        if path and path.startswith(root):
            path = path[len(root) :]
        message = match["message"]
        field_name = FIELD.search(message)
        found.append(
            {
                "file": path,
                "line": int(match["line"]) if match["line"] else None,
                "field": field_name[1] if field_name else None,
                "level": match["level"].lower(),
                "message": message,
            }
        )
    # The closing summary ("problems in ... listed above") only when nothing is located.
    located = [problem for problem in found if problem["file"]]
    return located or found


def status_document(
    number: int, status: int, text: str, srcdir: Path, labels: dict[str, str]
) -> dict[str, Any]:
    """The live status file's content after build ``number`` (blogkit.incremental.overlay)."""
    found = problems(text, srcdir)
    return {"build": number, "ok": status == 0, "problems": found, "labels": labels}


# -- The worker's side. --------------------------------------------------------------------


class Tee:
    """sys.stderr in a worker: what Sphinx warns goes to the terminal and is kept."""

    def __init__(self, stream) -> None:
        self.stream = stream
        self.kept: list[str] = []

    def write(self, text: str) -> int:
        self.kept.append(text)
        return self.stream.write(text)

    def __getattr__(self, name: str):
        return getattr(self.stream, name)


def _names(srcdir: Path, pruned) -> frozenset[str]:
    """Every name under the source folder but in folders the build skips (os.scandir: cheap)."""
    names = set()
    stack = [srcdir]
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            names.add(entry.path)
            if entry.is_dir(follow_symlinks=False):
                relative = Path(entry.path).relative_to(srcdir).as_posix()
                if not pruned(relative):
                    stack.append(Path(entry.path))
    return frozenset(names)


@dataclass
class Ahead:
    """What a worker found before the save: its sources' names, documents, outdated ones."""

    names: frozenset[str] = frozenset()
    docnames: set[str] = field(default_factory=set)
    pruned: Callable[[str], bool] = bool
    #: The environment's (added, changed, removed) and the builder's outdated pages.
    outdated: tuple[set[str], set[str], set[str]] = (set(), set(), set())
    to_build: str | list[str] = field(default_factory=list)
    #: The last build's search index, loaded.
    indexer: Any = None
    #: What the last build loaded on first use (see Habits), to load before the save.
    habits: dict[str, list[str]] = field(default_factory=dict)


def _once(owner: object, name: str, result: object) -> None:
    """``owner.name(...)`` answers ``result`` once, then is the owner's own method again.

    On the instance, and gone after its one call: the environment and its
    project are pickled at the end of reading, and a function made here cannot be.
    """

    def answered_ahead(*_args, **_kwargs):
        delattr(owner, name)
        return result

    setattr(owner, name, answered_ahead)


def _prepare(app, ahead: Ahead) -> None:
    """Before the save: discover the sources, load the search index, prepare common lexers.

    Only reading: nothing in the output changes before the save.
    """
    # The folders Sphinx's own walk skips: nothing in them can become a document.
    skipped = Matcher([*app.config.exclude_patterns, *EXCLUDE_PATHS])
    output = {Path(app.outdir).resolve(), Path(app.doctreedir).resolve()}
    ahead.pruned = lambda relative: (
        skipped(relative) or (Path(app.srcdir) / relative).resolve() in output
    )
    ahead.names = _names(Path(app.srcdir), ahead.pruned)
    # What Builder.read and build_update ask first, asked now: which documents there are,
    # which the environment must read again, and which pages are out of date.
    app.env.find_files(app.config, app.builder)
    ahead.docnames = set(app.env.found_docs)
    ahead.outdated = app.env.get_outdated_files(app.env.config_status != CONFIG_OK)
    to_build = app.builder.get_outdated_docs()
    ahead.to_build = to_build if isinstance(to_build, str) else list(to_build)
    _prepare_writing(app, ahead)
    # Every post's front matter, as the build's first handlers read it (checked at the save
    # for the saved posts only).
    with contextlib.suppress(Exception):
        scan_posts(app, app.env)
    # The digests of the last build's generated pages, read now (blogkit.incremental.pagecache).
    with contextlib.suppress(Exception):
        page_stamps(app)
    highlighter = getattr(app.builder, "highlighter", None)
    if highlighter is not None:
        for language in (*COMMON_LANGUAGES, app.config.highlight_language):
            with contextlib.suppress(Exception):
                highlighter.get_lexer("", language, force=True)
    Habits.load(app, ahead.habits)


class Habits:
    """What a build loads on its first use of it, loaded by the next worker before the save.

    A worker starts from the server, which has imported every module but
    never built: the templates a page is rendered with, the templates Sphinx
    renders its static files from (compiled from their text on every call),
    and the calendar data dates are written with were each loaded while the
    saved page waited (about 0.15 s at 1,000 posts). Each worker reports the
    templates and template texts it used, and the next one loads them ahead.
    Only caches are filled: what a page says does not change.
    """

    @staticmethod
    def environment(app):
        return getattr(getattr(app.builder, "templates", None), "environment", None)

    @classmethod
    def keep_compiled_strings(cls, app) -> None:
        """Template texts compiled once per worker, not once per static file per build."""
        environment = cls.environment(app)
        if environment is None:
            return
        compile_string = environment.from_string
        compiled: dict[str, Any] = {}

        def from_string(source, *args, **kwargs):
            if args or kwargs or not isinstance(source, str):
                return compile_string(source, *args, **kwargs)
            if source not in compiled:
                compiled[source] = compile_string(source)
            return compiled[source]

        environment.from_string = from_string
        environment.blogkit_compiled_strings = compiled

    @classmethod
    def used(cls, app) -> dict[str, list[str]]:
        """The templates and template texts this build used."""
        environment = cls.environment(app)
        if environment is None:
            return {}
        cache = environment.cache or {}
        names = sorted({key[1] for key in cache if isinstance(key, tuple) and len(key) == 2})
        strings = list(getattr(environment, "blogkit_compiled_strings", {}))
        return {"templates": names, "strings": strings}

    @classmethod
    def load(cls, app, habits: dict[str, list[str]]) -> None:
        environment = cls.environment(app)
        if environment is not None:
            for name in habits.get("templates", ()):
                with contextlib.suppress(Exception):
                    environment.get_template(name)
            for source in habits.get("strings", ()):
                with contextlib.suppress(Exception):
                    environment.from_string(source)
        # Babel reads a language's calendar data when it first writes a date.
        with contextlib.suppress(Exception):
            i18n.day(datetime.date(2000, 1, 1))


def _prepare_writing(app, ahead: Ahead) -> None:
    """What the HTML builder does before it writes the first page, done before the save.

    It loads the last build's search index (``load_indexer``: a third of a
    second at 1,000 posts); the builder then takes the loaded index, once.
    Nothing is written before the save: the output being served stays the
    last build's (static files are copied after the save, as extensions such
    as Furo rewrite them when a build ends).
    """
    builder = app.builder
    if not hasattr(builder, "load_indexer"):
        return
    with contextlib.suppress(Exception):
        # As before writing (and again then): the search index loaded, the template context.
        builder.prepare_writing(set())
        ahead.indexer = builder.indexer


def _writing_prepared(app, ahead: Ahead) -> None:
    """The builder takes what ``_prepare_writing`` did, once."""
    builder = app.builder
    if ahead.indexer is not None and builder.search:
        indexer = ahead.indexer

        def load_indexer(docnames) -> None:
            del builder.load_indexer
            builder.indexer = indexer
            indexer.prune(set(app.env.all_docs).difference(docnames))

        builder.load_indexer = load_indexer


def _still_warm(app, ahead: Ahead, paths: Sequence[str]) -> set[str] | None:
    """The saved documents, if what the worker set up still holds; None if it does not."""
    docnames = set()
    for raw in paths:
        path = Path(raw)
        if not os.path.lexists(path) and str(path) not in ahead.names:
            continue  # made and gone again before the save ended (an editor's temporary file)
        if path.is_symlink() or not path.is_file():
            return None
        docname = app.project.path2doc(path)
        if docname is None or docname not in ahead.docnames:
            return None
        docnames.add(docname)
    if _names(Path(app.srcdir), ahead.pruned) != ahead.names:
        return None
    # Nothing was added, removed or renamed and only the saved documents changed: what was
    # found ahead stands, with the saved documents read again (and so written again).
    added, changed, removed = ahead.outdated
    saved_added = {name for name in docnames if name not in app.env.all_docs}
    _once(app.project, "discover", app.project.docnames)
    saved = (added | saved_added, changed | (docnames - saved_added), removed)
    _once(app.env, "get_outdated_files", saved)
    _once(app.builder, "get_outdated_docs", ahead.to_build)
    scan_again(app, app.env, docnames)
    _writing_prepared(app, ahead)
    return docnames


def _report_pages(app, docnames: set[str], send: Callable[[dict], None]) -> None:
    """Say when each saved document's page is written: the browser may show it then."""
    builder = app.builder
    handle_page = getattr(builder, "handle_page", None)
    if handle_page is None:
        return
    reported: set[str] = set()

    def handle_and_report(pagename, *args, **kwargs):
        result = handle_page(pagename, *args, **kwargs)
        if pagename in docnames:
            send({"event": "page", "page": pagename})
            reported.add(pagename)
            if reported == docnames:
                # Shown: the rest of the build (listing pages, feeds, search index) gives
                # way to the browser and the server loading the page.
                with contextlib.suppress(OSError, AttributeError):
                    os.nice(AFTER_SHOWN_NICENESS)
        return result

    builder.handle_page = handle_and_report


class PickleInChild:
    """``pickle`` as sphinx.builders sees it in a worker: the environment saved on the side.

    Sphinx saves the environment between reading and writing: a third of a
    second at 1,000 posts before the saved page can be written. Here a child
    forked at that moment pickles it (its memory is the environment as it is
    then), while the worker writes the pages; the worker waits for the child
    before it reports the build done, so the next worker loads the whole file.
    """

    def __init__(self, environment_type: type) -> None:
        self.environment_type = environment_type
        self.children: list[int] = []

    def __getattr__(self, name: str):
        return getattr(pickle, name)

    def dump(self, obj, file, protocol=None, **kwargs) -> None:
        if not isinstance(obj, self.environment_type):
            pickle.dump(obj, file, protocol, **kwargs)
            return
        file.flush()
        pid = os.fork()
        if pid == 0:
            try:
                # It saves the worker's whole environment, as the worker itself would: the
                # records pickle in full only from the build's main process.
                parallel.use_main_process()
                pickle.dump(obj, file, protocol, **kwargs)
                file.flush()
            except BaseException:
                os._exit(1)
            os._exit(0)
        self.children.append(pid)

    def wait(self) -> bool:
        """Whether every environment was saved whole."""
        whole = True
        for pid in self.children:
            _pid, status = os.waitpid(pid, 0)
            whole = whole and os.waitstatus_to_exitcode(status) == 0
        self.children.clear()
        return whole


def worker(
    sphinx_args: Sequence[str], go: int, report: int, cold: bool, habits: dict | None = None
) -> None:
    """In the forked worker: make the application, wait for the save, build, report, exit."""
    import sphinx.builders
    from sphinx.application import Sphinx
    from sphinx.cmd.build import build_main
    from sphinx.environment import BuildEnvironment

    out = os.fdopen(report, "w", encoding="utf-8")

    def send(event: dict) -> None:
        out.write(json.dumps(event) + "\n")
        out.flush()

    orders = os.fdopen(go, "r", encoding="utf-8")
    build = Sphinx.build
    ahead = Ahead(habits=habits or {})
    built: list = []

    def build_when_saved(app, *args, **kwargs):
        built.append(app)
        Habits.keep_compiled_strings(app)
        if not cold:
            _prepare(app, ahead)
        send({"event": "ready"})
        line = orders.readline()
        if not line:
            os._exit(0)  # the server stopped, or made another worker
        paths = json.loads(line)["paths"]
        if not cold:
            docnames = _still_warm(app, ahead, paths)
            if docnames is None:
                send({"event": "cold"})
                os._exit(0)
        else:
            docnames = {d for p in paths if (d := app.project.path2doc(p)) is not None}
        _report_pages(app, docnames, send)
        return build(app, *args, **kwargs)

    Sphinx.build = build_when_saved
    saving = PickleInChild(BuildEnvironment)
    if getattr(sphinx.builders, "pickle", None) is pickle:
        sphinx.builders.pickle = saving
    tee = Tee(sys.stderr)
    sys.stderr = tee
    try:
        status = build_main(list(sphinx_args))
    except SystemExit as stop:  # how blogkit.incremental.preview stops a broken build
        status = stop.code if isinstance(stop.code, int) else 1
    except BaseException as error:  # reported, never a hang
        tee.write(f"ERROR: {error!r}\n")
        status = 2
    if not saving.wait():
        tee.write("ERROR: the environment could not be saved: the next build reads every page\n")
        status = status or 2
    sys.stdout.flush()
    tee.flush()
    modules = sorted(name for name in sys.modules if not name.startswith("__"))
    done = {"event": "done", "status": status, "output": "".join(tee.kept), "modules": modules}
    done["habits"] = Habits.used(built[0]) if built else {}
    with contextlib.suppress(OSError):
        send({**done, "labels": overlay.labels()})
    os._exit(0)


# -- The server's side. --------------------------------------------------------------------


class Worker:
    """A worker process as the server sees it: its pid, its orders pipe, its reports."""

    def __init__(self, sphinx_args: Sequence[str], cold: bool, habits: dict | None = None) -> None:
        go_read, go_write = os.pipe()
        report_read, report_write = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:  # the worker
            try:
                os.close(go_write)
                os.close(report_read)
                _close_sockets()
                _die_with_parent()
                gc.enable()
                worker(sphinx_args, go_read, report_write, cold, habits)
            finally:
                os._exit(3)
        os.close(go_read)
        os.close(report_write)
        self.pid = pid
        self.cold = cold
        self.orders = go_write
        self.reports = report_read
        self.buffer = b""
        self.ready = False

    def _line(self) -> dict | None:
        if b"\n" in self.buffer:
            line, self.buffer = self.buffer.split(b"\n", 1)
            return json.loads(line)
        return None

    def next_blocking(self) -> dict:
        while (event := self._line()) is None:
            chunk = os.read(self.reports, 1 << 16)
            if not chunk:
                return {"event": "gone"}
            self.buffer += chunk
        return event

    async def next(self) -> dict:
        loop = asyncio.get_running_loop()
        while (event := self._line()) is None:
            readable = loop.create_future()
            loop.add_reader(self.reports, readable.set_result, None)
            try:
                await readable
            finally:
                loop.remove_reader(self.reports)
            chunk = os.read(self.reports, 1 << 16)
            if not chunk:
                return {"event": "gone"}
            self.buffer += chunk
        return event

    def order(self, paths: Sequence[Path]) -> None:
        os.write(self.orders, (json.dumps({"paths": [str(p) for p in paths]}) + "\n").encode())

    def finish(self) -> None:
        """Let the worker go (it exits when its orders pipe closes) and reap it."""
        for fd in (self.orders, self.reports):
            with contextlib.suppress(OSError):
                os.close(fd)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.pid, signal.SIGKILL)
        self.finish()


def _close_sockets() -> None:
    """In a worker: let go of the server's sockets, which it inherited.

    A worker lives until the next save: holding the server's connections, it
    would keep each one the server closes open for the browser, which then
    waits on them (and on the listening socket, after the server stopped).
    The worker never uses them, nor the objects around them.
    """
    folder = "/proc/self/fd"
    fds = [int(name) for name in os.listdir(folder)] if os.path.isdir(folder) else range(3, 1024)
    for fd in fds:
        if fd < 3:
            continue
        with contextlib.suppress(OSError):
            if stat.S_ISSOCK(os.fstat(fd).st_mode):
                os.close(fd)


def _die_with_parent() -> None:
    """A worker never outlives the server (Linux; elsewhere its closed pipe ends it)."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)


def warm_up(modules: Sequence[str]) -> None:
    """In the server: import what a build imported, so that every worker starts with it."""
    for name in modules:
        if name in sys.modules:
            continue
        with contextlib.suppress(BaseException):
            importlib.import_module(name)
    # Objects made so far are never collected: forked workers keep sharing their pages.
    gc.collect()
    gc.freeze()


@dataclass
class Outcome:
    status: int
    output: str
    seconds: float
    warm: bool = False
    reload: bool = True
    labels: dict[str, str] = field(default_factory=overlay.labels)


class WarmBuilder:
    """sphinx-autobuild's builder callable, with a warm worker per save.

    ``await builder(changed_paths=..., reload=...)`` builds; ``reload`` is
    called as soon as a saved page is written, before the build ends; the
    outcome says whether the pages should reload again now that it has ended.
    """

    def __init__(self, sphinx_args: Sequence[str], srcdir: Path, status_file: Path) -> None:
        self.sphinx_args = list(sphinx_args)
        self.srcdir = srcdir
        self.status_file = status_file
        self.number = 0
        self.next: Worker | None = None
        self.warmed = False
        self.habits: dict = {}
        self.forks = hasattr(os, "fork")

    # The first build, before the server starts.
    def initial(self) -> Outcome:
        if not self.forks:
            return self._write_status(self._subprocess())
        worker = Worker(self.sphinx_args, cold=True)
        started = time.perf_counter()
        event = worker.next_blocking()
        if event["event"] == "ready":
            worker.order([])
            while (event := worker.next_blocking())["event"] == "page":
                pass
        worker.finish()
        outcome = self._outcome(event, started)
        self._write_status(outcome)
        self._warm(event)
        return outcome

    def _warm(self, event: dict) -> None:
        if not self.warmed and event.get("modules"):
            warm_up(event["modules"])
            self.warmed = True
        self.habits = event.get("habits") or self.habits
        self.next = Worker(self.sphinx_args, cold=False, habits=self.habits)

    def _outcome(self, event: dict, started: float, warm: bool = False) -> Outcome:
        if event["event"] != "done":
            return Outcome(2, "ERROR: the build stopped without a word\n", 0)
        seconds = time.perf_counter() - started
        return Outcome(event["status"], event["output"], seconds, warm, event["labels"])

    def _subprocess(self) -> Outcome:
        started = time.perf_counter()
        command = [sys.executable, "-m", "sphinx", "build", *self.sphinx_args]
        done = subprocess.run(command, stderr=subprocess.PIPE, text=True, check=False)
        sys.stderr.write(done.stderr)
        return Outcome(done.returncode, done.stderr, time.perf_counter() - started)

    def _write_status(self, outcome: Outcome) -> Outcome:
        self.number += 1  # every write: the page's script redraws when the number moves
        document = status_document(
            self.number, outcome.status, outcome.output, self.srcdir, outcome.labels
        )
        temporary = self.status_file.with_suffix(".tmp")
        temporary.write_text(json.dumps(document, indent=1), encoding="utf-8")
        temporary.replace(self.status_file)
        return outcome

    async def __call__(
        self, *, changed_paths: Sequence[Path], reload: Callable[[], None]
    ) -> Outcome:
        if not self.forks:
            outcome = await asyncio.to_thread(self._subprocess)
            return self._write_status(outcome)
        started = time.perf_counter()
        worker, self.next = self.next, None
        shown = False
        try:
            started_build, event = await self._start(worker, changed_paths)
            warm = started_build and event["event"] != "cold"
            if not warm:
                if worker is not None:
                    worker.finish()
                worker = Worker(self.sphinx_args, cold=True)
                _started, event = await self._start(worker, changed_paths)
            while event["event"] == "page":
                # Read without a problem, and the page is written: shown now, the rest to follow.
                if not shown:
                    self._write_status(Outcome(0, "", 0))
                    reload()
                    shown = True
                event = await worker.next()
        except BaseException:
            worker.kill()
            raise
        worker.finish()
        outcome = self._write_status(self._outcome(event, started, warm))
        # The open pages reload when the build ends, unless the saved page was shown already
        # and nothing went wrong since (a second reload would come while the first one's
        # page connects its WebSocket, and could wait there).
        outcome.reload = not shown or outcome.status != 0
        self._warm(event)
        return outcome

    @staticmethod
    async def _start(worker: Worker | None, paths: Sequence[Path]) -> tuple[bool, dict]:
        """Hand the saved paths to a worker: whether it took them, and its first answer."""
        if worker is None:
            return False, {"event": "gone"}
        event = await worker.next()
        if event["event"] != "ready":
            return False, event  # it failed, or died, before the save
        worker.order(paths)
        return True, await worker.next()

    def close(self) -> None:
        if self.next is not None:
            self.next.kill()
            self.next = None
