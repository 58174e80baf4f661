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


def cached_myst_document(new_document: Callable[..., Any], defaults_for: Callable[[Any], Values]):
    """Replace MyST's ``make_document`` with one that reuses default settings."""
    made: dict[type, Values] = {}

    def make_document(source_path: str = "notset", parser_cls: Any = None) -> Any:
        if parser_cls not in made:
            made[parser_cls] = defaults_for(parser_cls)
        return new_document(source_path, settings=_fresh_copy(made[parser_cls]))

    return make_document


def install() -> None:
    """Make settings once per process from now on (forked workers inherit it)."""
    import sphinx.util.docutils as sphinx_docutils
    from docutils.frontend import get_default_settings
    from docutils.parsers.rst import Parser as RSTParser
    from myst_parser.mdit_to_docutils import base as myst_base

    if not hasattr(sphinx_docutils._get_settings, "__wrapped__"):
        sphinx_docutils._get_settings = cached_sphinx_settings(sphinx_docutils._get_settings)
    if not getattr(myst_base.make_document, "blogkit_cached", False):

        def defaults_for(parser_cls: Any) -> Values:
            return get_default_settings(parser_cls or RSTParser)

        make_document = cached_myst_document(myst_base.new_document, defaults_for)
        make_document.blogkit_cached = True  # type: ignore[attr-defined]
        myst_base.make_document = make_document
