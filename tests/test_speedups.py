"""The speedups change how fast a site is built, never what is built.

Each one can be turned off (``blogkit_speedups``), and a site built with
every one off is byte for byte the site built with all of them on. The ones
that replace a private function of Sphinx or MyST are put in only where that
function has the signature they were written for: elsewhere they stay out,
with a one-line note, and the build goes on with the original.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import sphinx.builders.html as html_builder
import sphinx.util.docutils as sphinx_docutils
from conftest import SAMPLE_POSTS, add_square_png, patched_build, small_posts, write_site
from myst_parser.mdit_to_docutils import base as myst_base
from sphinx.config import Config
from sphinx.errors import ConfigError
from test_reproducible import tree

from blogkit.speedups import PATCHES, SPEEDUPS, chosen, put_in

SPEEDUPS_PACKAGE = Path(__file__).resolve().parent.parent / "blogkit" / "speedups"


def test_the_speedups_import_nothing_of_the_blog() -> None:
    imported = set()
    for module in SPEEDUPS_PACKAGE.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported |= {f"{node.module}.{alias.name}" for alias in node.names}
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
    ours = {name for name in imported if name.startswith("blogkit")}
    assert ours, "blogkit's own imports were not found"
    assert all(name.startswith(("blogkit.speedups", "blogkit.__version__")) for name in ours), ours


def test_every_replacement_fits_the_installed_versions() -> None:
    # Locked at either end of the ranges (Sphinx 9.0 and 9.2), every speedup is really on.
    # From the originals: an earlier build in this process may have put them in.
    put_in(frozenset())
    originals = {patch.target: patch.check() for patches in PATCHES.values() for patch in patches}
    assert set(originals.values()) == {None}, originals
    before = html_builder._file_checksum
    try:
        assert put_in(frozenset(SPEEDUPS)) == []
        assert all(patch.installed for patches in PATCHES.values() for patch in patches)
        assert html_builder._file_checksum is not before
    finally:
        put_in(frozenset())
    assert html_builder._file_checksum is before


def test_a_guard_leaves_a_function_of_another_signature_alone(monkeypatch) -> None:
    def checksum_of_a_later_release(outdir, filename, *, algorithm="crc32"):
        return "0"

    monkeypatch.setattr(html_builder, "_file_checksum", checksum_of_a_later_release)
    try:
        notes = put_in(frozenset({"checksums"}))
    finally:
        put_in(frozenset())
    assert html_builder._file_checksum is checksum_of_a_later_release
    assert notes == [
        "blogkit.speedups: checksums off: sphinx.builders.html:_file_checksum is "
        "(outdir, filename, *, algorithm='crc32'), written for (outdir, filename)"
    ]


def test_a_guard_switches_off_where_the_function_is_missing(monkeypatch) -> None:
    monkeypatch.delattr(html_builder, "_file_checksum")
    try:
        notes = put_in(frozenset(SPEEDUPS))
    finally:
        put_in(frozenset())
    assert not hasattr(html_builder, "_file_checksum")
    assert notes == [
        "blogkit.speedups: checksums off: sphinx.builders.html:_file_checksum is missing"
    ]


def test_a_speedup_is_in_whole_or_not_at_all(monkeypatch) -> None:
    def make_document_of_a_later_release(source_path="notset", parser_cls=None, env=None):
        raise AssertionError("never called here")

    monkeypatch.setattr(myst_base, "make_document", make_document_of_a_later_release)
    sphinx_settings, checksum = sphinx_docutils._get_settings, html_builder._file_checksum
    try:
        notes = put_in(frozenset(SPEEDUPS))
        # The part that fits (Sphinx's settings) stays out too: settings is off, whole.
        assert sphinx_docutils._get_settings is sphinx_settings
        assert myst_base.make_document is make_document_of_a_later_release
        # The other speedups are in.
        assert html_builder._file_checksum is not checksum
    finally:
        put_in(frozenset())
    assert len(notes) == 1
    assert notes[0].startswith(
        "blogkit.speedups: settings off: myst_parser.mdit_to_docutils.base:make_document is "
        "(source_path='notset', parser_cls=None, env=None), written for "
    )


def speedups_config(value: object) -> Config:
    config = Config({"blogkit_speedups": value})
    config.add("blogkit_speedups", True, "", (bool, str, list, tuple, set, frozenset))
    config.init_values()
    return config


def test_blogkit_speedups_chooses_all_none_or_some() -> None:
    assert chosen(speedups_config(True)) == set(SPEEDUPS)
    assert chosen(speedups_config(False)) == set()
    assert chosen(speedups_config(["lexers", "freeze"])) == {"lexers", "freeze"}
    # What -D blogkit_speedups=settings,checksums gives.
    assert chosen(speedups_config("settings,checksums")) == {"settings", "checksums"}
    with pytest.raises(ConfigError, match="unknown 'gzip'; the speedups are settings, "):
        chosen(speedups_config(["lexers", "gzip"]))
    with pytest.raises(ConfigError, match="expected True, False or a list"):
        chosen(speedups_config(3))


#: Every asset checksum Sphinx computes and every page filled into a frame
#: (blogkit.speedups.frames), in any process of the build, one byte each in a log.
COUNT_CALLS = """
import atexit
import functools
import gc
import sys
import sphinx.builders.html as html_builder
import blogkit.speedups.frames as frames

def count_calls(module, name, log):
    original = getattr(module, name)
    # With the original's signature: the checksums speedup replaces only a function that has it.
    @functools.wraps(original)
    def counted(*args):
        with open(log, "a") as file:
            file.write("x")
        return original(*args)
    setattr(module, name, counted)

count_calls(html_builder, "_file_checksum", sys.argv[3])
count_calls(frames, "fill", sys.argv[4])

def frozen_at_exit():
    # Registered first, so called last: after every other exit handler.
    with open(sys.argv[5], "w") as file:
        file.write(str(gc.get_freeze_count()))

atexit.register(frozen_at_exit)

import sphinx.builders as builders

write_parallel = builders.Builder._write_parallel

@functools.wraps(write_parallel)
def writers_started(self, docnames, nproc):
    with open(sys.argv[6], "a") as file:
        file.write(f"{nproc} ")
    return write_parallel(self, docnames, nproc)

builders.Builder._write_parallel = writers_started
"""


def test_every_speedup_off_builds_the_same_site(tmp_path: Path) -> None:
    code = "A paragraph.\n\n```python\nprint('highlighted')\n```\n\n```yaml\nkey: value\n```"
    posts = {**SAMPLE_POSTS, **small_posts(12, code)}
    outputs, lookups, fills, frozen, writers = {}, {}, {}, {}, {}
    for setting in ("True", "False"):
        # In pages of two: the list of all posts and the tag python have middle pages (frames).
        conf = f"blogkit_speedups = {setting}\nblog_posts_per_page = 2\n"
        root = write_site(tmp_path / setting / "src", posts, conf)
        add_square_png(root)
        log, filled = tmp_path / setting / "checksums.log", tmp_path / setting / "frames.log"
        log.touch()
        filled.touch()
        at_exit, started = tmp_path / setting / "frozen.txt", tmp_path / setting / "writers.txt"
        # In parallel: lexers are prepared and objects frozen only where writers fork.
        done = patched_build(
            COUNT_CALLS, root, str(log), str(filled), str(at_exit), str(started), jobs=2
        )
        assert done.returncode == 0, done.stderr
        frozen[setting] = int(at_exit.read_text())
        writers[setting] = started.read_text().split()
        outputs[setting] = tree(root.parent / "html")
        lookups[setting] = len(log.read_text())
        fills[setting] = len(filled.read_text())
    on, off = outputs["True"], outputs["False"]
    assert len(on) > 40
    assert sorted(on) == sorted(off)
    assert [name for name in on if on[name] != off[name]] == []
    # And off is off: every page looked its assets' checksums up again.
    assert lookups["False"] > 2 * lookups["True"] > 0
    # Middle pages were filled into frames (pages 5 to 7 of all posts, at least), with
    # the same bytes as pages rendered in full; with the speedups off, none.
    assert fills["True"] >= 3 and fills["False"] == 0
    # -j 2: two writer processes beside the main process (writers), where Sphinx starts one.
    assert writers == {"True": ["2"], "False": ["1"]}
    # At exit, the build's objects were left to the system (exit), not freed one by one.
    assert frozen["True"] > 10_000 and frozen["False"] == 0


def test_a_frame_is_trusted_only_once_a_second_page_matched_it() -> None:
    from blogkit.speedups.frames import KEY, Frames, cut, fill

    assert cut("<t>A</t><b>A</b>", ["A"]) == ["<t>", 0, "</t><b>", 0, "</b>"]
    assert fill(["<t>", 0, "</t>"], ["B"]) == "<t>B</t>"
    assert cut("x", ["x", ""]) is None  # an empty value cannot be found again

    def pages(shown: dict[int, str]) -> tuple[list[str], list[int]]:
        """Render pages 1..5 of one group; which of them the template really rendered."""
        rendered = []

        def render(template: str, context: dict) -> str:
            rendered.append(context["n"])
            return shown.get(context["n"], f"<h1>Page {context['n']}</h1><p>same</p>")

        frames = Frames(render)
        out = [
            frames.render("t.html", {"n": n, KEY: ("listing", (f"Page {n}",))}) for n in range(1, 6)
        ]
        return out, rendered

    out, rendered = pages({})
    assert out == [f"<h1>Page {n}</h1><p>same</p>" for n in range(1, 6)]
    assert rendered == [1, 2]  # the first cut, the second checked, the others filled
    # A string that varies but is not named: the second page differs from its frame,
    # and every page is rendered in full.
    out, rendered = pages({n: f"<h1>Page {n}</h1><p>{n * 'x'}</p>" for n in range(1, 6)})
    assert rendered == [1, 2, 3, 4, 5]
    assert out[4] == "<h1>Page 5</h1><p>xxxxx</p>"
