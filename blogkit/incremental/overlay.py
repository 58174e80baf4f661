"""The live preview's error overlay: a broken save shows its problems over the open page.

The live server (blogkit.incremental.liveserver) adds one ``<script>`` to the
HTML pages it serves, as sphinx-autobuild adds its reload script; the script
(``live/overlay.js``) is served by the live server only, from blogkit's
package, never copied into the site, so ``make html`` never holds it. After
each build the warm builder (blogkit.incremental.warm) writes the status
file, which the script reads when the page loads, and again after every
build (sphinx-autobuild's WebSocket reloads the page then): with problems,
it lays a panel over the page naming each problem's file, line and field in
blogkit's own words, over the last good page; once a build succeeds, the
page loads without it.
"""

from __future__ import annotations

from pathlib import Path

from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp

from blogkit.i18n import _

#: Where the live server answers for the overlay: a name no Sphinx output uses.
PREFIX = "/_blogkit-live/"
SCRIPT = Path(__file__).parent / "live" / "overlay.js"
TAG = f'\n<script src="{PREFIX}overlay.js" defer></script>\n'.encode()

#: The overlay's words (translated by the worker, in the site's language).
LABELS = {
    "title": _("This save did not build"),
    "under": _(
        "The page below is the last good build. It comes back up to date as soon as "
        "the problems are fixed."
    ),
    "line": _("line"),
    "field": _("field"),
    "close": _("Hide"),
}


def labels() -> dict[str, str]:
    return {key: str(text) for key, text in LABELS.items()}


class OverlayInjector(JavascriptInjectorMiddleware):
    """sphinx-autobuild's script injector, adding the overlay's script instead of its own."""

    def __init__(self, app: ASGIApp) -> None:
        super().__init__(app, ws_url="")
        self.script = TAG


def routes(status_file: Path) -> list[Route]:
    """The script, and the status file the warm builder writes after each build."""

    async def script(_request: Request) -> Response:
        return FileResponse(SCRIPT, media_type="text/javascript")

    async def status(_request: Request) -> Response:
        try:
            body = status_file.read_bytes()
        except OSError:
            return JSONResponse({"ok": True, "problems": []})
        return Response(body, media_type="application/json", headers={"Cache-Control": "no-store"})

    return [
        Route(f"{PREFIX}overlay.js", script),
        Route(f"{PREFIX}status.json", status),
    ]
