"""blogkit: a strict, reproducible blog on Sphinx, MyST, ABlog and Furo.

List ``"blogkit"`` in ``extensions``. Importing the package stays cheap so
that the command line answers at once; Sphinx and ABlog load with setup().
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def setup(app: Any) -> dict[str, Any]:
    from blogkit.extension import setup as setup_extension

    return setup_extension(app)
