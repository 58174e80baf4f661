"""Docutils settings made once per build, not once per post.

Reading a page makes docutils settings twice: Sphinx builds a fresh
``OptionParser`` for every document (``sphinx.util.docutils._get_settings``)
and MyST makes a throwaway document with default settings for every render,
even when Sphinx hands it the real one (``make_document`` is the eager default
of a ``dict.get``). Each costs one to two milliseconds, about a tenth of a
clean build at 1,000 posts. Both are pure functions of their inputs, so each
distinct set of inputs is computed once and every caller gets its own shallow
copy, as Sphinx itself does for its cached settings in ``new_document``.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from docutils import utils
from docutils.frontend import Values
from docutils.parsers.rst import Parser as RSTParser

from blogkit.speedups.guard import Patch


def _fresh_copy(settings: Values) -> Values:
    copied = settings.copy()
    # The one value a reader adds to in place: its own list of dependencies.
    copied.record_dependencies = utils.DependencyList()
    return copied


def _value_key(value: Any) -> Hashable:
    return value if isinstance(value, Hashable) else ("id", id(value))


def _component_key(component: Any) -> Hashable:
    # A parser instance is made per document; its settings come from its class.
    return component if isinstance(component, type) else type(component)


def cached_sphinx_settings(make: Callable[..., Values]) -> Callable[..., Values]:
    """Wrap ``sphinx.util.docutils._get_settings`` with a cache of its results."""
    made: dict[Hashable, Values] = {}

    def get_settings(
        *components: Any, defaults: Mapping[str, Any], read_config_files: bool = False
    ) -> Values:
        key = (
            tuple(_component_key(component) for component in components),
            tuple(sorted((name, _value_key(value)) for name, value in defaults.items())),
            read_config_files,
        )
        if key not in made:
            made[key] = make(*components, defaults=defaults, read_config_files=read_config_files)
        return _fresh_copy(made[key])

    get_settings.__wrapped__ = make  # type: ignore[attr-defined]
    return get_settings


def cached_myst_document(make_document: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap MyST's ``make_document`` with one that reuses default settings.

    MyST's makes ``new_document(source_path, settings=get_default_settings(parser_cls))``.
    """
    from docutils.frontend import get_default_settings
    from myst_parser.mdit_to_docutils import base as myst_base

    made: dict[type, Values] = {}

    def cached_make_document(source_path: str = "notset", parser_cls: Any = RSTParser) -> Any:
        if parser_cls not in made:
            made[parser_cls] = get_default_settings(parser_cls)
        return myst_base.new_document(source_path, settings=_fresh_copy(made[parser_cls]))

    cached_make_document.__wrapped__ = make_document  # type: ignore[attr-defined]
    return cached_make_document


#: Settings made once per process while these are in (forked workers inherit them).
PATCHES = (
    Patch(
        target="sphinx.util.docutils:_get_settings",
        written_for="(*components, defaults, read_config_files=False)",
        wrap=cached_sphinx_settings,
    ),
    Patch(
        target="myst_parser.mdit_to_docutils.base:make_document",
        written_for="(source_path='notset', parser_cls=<class 'docutils.parsers.rst.Parser'>)",
        wrap=cached_myst_document,
        uses=(
            "myst_parser.mdit_to_docutils.base:new_document",
            "docutils.frontend:get_default_settings",
        ),
    ),
)
