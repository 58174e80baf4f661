"""Code highlighting in parallel builds: each lexer prepared once, before writers fork.

Pygments compiles a lexer's regular expressions the first time the lexer is
used in a process. Sphinx's writers are processes forked from the main one,
one per chunk of pages, and the main process never highlights anything: every
chunk compiled the lexers of its code blocks again (about 250 expressions for
Python, YAML and shell, 60 to 95 ms of each chunk's writing at 1,000 posts).
The main process resolves each page just before handing its chunk to a
writer, so a language met there for the first time has its lexer prepared
there, and every writer forked afterwards inherits it ready.
"""

from __future__ import annotations

from docutils import nodes
from pygments.lexers import find_lexer_class_by_name
from pygments.util import ClassNotFound
from sphinx.application import Sphinx
from sphinx.highlighting import lexer_classes

from blogkit.speedups.phase import resolving_for_writers, speedups_state

#: Languages Sphinx maps to a lexer itself, whatever Pygments calls them.
SPHINX_NAMES = {"py", "python", "py3", "python3", "default", "pycon", "pycon3"}


def prepare_lexers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """doctree-resolved, in the main process of a parallel build: lexers new to it."""
    if app.builder.format != "html" or not resolving_for_writers(app):
        return
    prepared = speedups_state(app).lexers
    for block in doctree.findall(nodes.literal_block):
        language = block.get("language") or app.config.highlight_language
        if language in prepared:
            continue
        prepared.add(language)
        if _known(language):
            # Sphinx's own lookup, so that the names map as they will when writing.
            app.builder.highlighter.get_lexer("", language, force=True)


def _known(language: str) -> bool:
    """A language Pygments has a lexer for (the writer reports the others, with their page)."""
    if language in SPHINX_NAMES or language in lexer_classes:
        return True
    try:
        find_lexer_class_by_name(language)
    except ClassNotFound:
        return False
    return True
