"""Replacements for other packages' private functions, each put in only where it fits.

A speedup that replaces a private function of Sphinx, docutils or MyST was
written for that function as one release has it. A later release may move,
rename or change it without notice; the speedup must then stay out, and the
package's own function runs: slower, and just as correct. Each
:class:`Patch` names what it replaces and the signature it was written for,
and :meth:`Patch.check` compares that with the function as installed: the
names, kinds and defaults of its parameters (not their annotations, which
change with typing fashion, not with behaviour). The patch is put in only
when they match.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

#: A replacement made from the function it replaces.
Wrap = Callable[[Callable[..., Any]], Callable[..., Any]]

_MISSING = object()


def _find(target: str) -> Any:
    """The object a ``module:attribute`` name points at, or _MISSING."""
    module_name, _, attribute = target.partition(":")
    try:
        found: Any = importlib.import_module(module_name)
    except ImportError:
        return _MISSING
    for part in filter(None, attribute.split(".")):
        found = getattr(found, part, _MISSING)
        if found is _MISSING:
            break
    return found


def _owner(target: str) -> tuple[Any, str]:
    """The module or class that holds a ``module:attribute``, and the attribute's own name."""
    module_name, _, attribute = target.partition(":")
    path, _, name = attribute.rpartition(".")
    return _find(f"{module_name}:{path}"), name


def bare_signature(function: Callable[..., Any]) -> str:
    """A function's parameters as written without annotations: ``(a, *b, c=1)``."""
    signature = inspect.signature(function)
    parameters = [
        parameter.replace(annotation=inspect.Parameter.empty)
        for parameter in signature.parameters.values()
    ]
    return str(signature.replace(parameters=parameters, return_annotation=inspect.Signature.empty))


@dataclass
class Patch:
    """One private function replaced by a faster one with the same behaviour.

    ``target``: what is replaced, as ``module:attribute``; ``written_for``: its
    signature as the replacement expects it (see :func:`bare_signature`);
    ``wrap``: makes the replacement from the original; ``uses``: other names
    (``module:attribute``) that the replacement relies on.
    """

    target: str
    written_for: str
    wrap: Wrap
    uses: tuple[str, ...] = ()
    _original: Any = field(default=None, init=False, repr=False)
    _replacement: Any = field(default=None, init=False, repr=False)

    @property
    def installed(self) -> bool:
        return self._replacement is not None and _find(self.target) is self._replacement

    def check(self) -> str | None:
        """Why the replacement does not fit the installed version; None when it fits."""
        for name in (self.target, *self.uses):
            if _find(name) is _MISSING:
                return f"{name} is missing"
        original = self._original if self.installed else _find(self.target)
        try:
            found = bare_signature(original)
        except (TypeError, ValueError):
            return f"{self.target} has no signature to compare"
        if found != self.written_for:
            return f"{self.target} is {found}, written for {self.written_for}"
        return None

    def install(self) -> str | None:
        """Put the replacement in where it fits; otherwise leave the original, and say why."""
        reason = self.check()
        if reason is not None:
            self.uninstall()
            return reason
        if not self.installed:
            owner, name = _owner(self.target)
            self._original = getattr(owner, name)
            self._replacement = self.wrap(self._original)
            setattr(owner, name, self._replacement)
        return None

    def uninstall(self) -> None:
        """The original back, where the replacement is still in place."""
        if self.installed:
            owner, name = _owner(self.target)
            setattr(owner, name, self._original)
        self._original = self._replacement = None
