"""The live preview's server: sphinx-autobuild, warm builds, answering only this machine.

What is sphinx-autobuild's: serving the output (its Starlette application:
static files, the reload script it adds to each page, the reload WebSocket),
watching the sources (its ``RebuildServer`` on watchfiles, with its ignore
rules) and its command line. What is blogkit's: the builder it calls on each
change, :class:`blogkit.incremental.warm.WarmBuilder` (a worker ready ahead of
the save, the saved page shown before the rest is written), the error overlay
(blogkit.incremental.overlay), the cache lifetime of fingerprinted static
files (:class:`FingerprintedAssetsCached`) and the two guards below. sphinx-autobuild runs
its builder in a new process pool per change, which cannot hold a warm
worker, so ``watch`` is its own, awaiting the builder in the server.

The preview serves drafts. A web page the writer visits elsewhere could
reach it through DNS rebinding (its own name, made to resolve to
127.0.0.1) or open its reload WebSocket from another origin. So the
preview answers only requests addressed to a loopback name (Starlette's
TrustedHostMiddleware answers any other ``Host`` with 400), and opens
WebSockets only for its own pages, whose ``Origin`` is a loopback name on
its port (any other is closed before it opens: 403).

sphinx-autobuild is a Starlette application built by ``_create_app`` and
has no option for either; this wraps the application it builds with
Starlette's middleware API, before it starts. sphinx-autobuild is pinned
in the locks, and the live preview's tests fail if that function changes.
"""

from __future__ import annotations

import contextlib
import os
import sys
import zlib
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import sphinx_autobuild.__main__ as autobuild
import uvicorn
import watchfiles
from sphinx_autobuild.filter import IgnoreFilter
from sphinx_autobuild.middleware import JavascriptInjectorMiddleware
from sphinx_autobuild.server import RebuildServer
from sphinx_autobuild.utils import show_message
from starlette.applications import Starlette
from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import FileResponse, Response
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import NotModifiedResponse, StaticFiles
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocketClose

from blogkit.incremental import overlay
from blogkit.incremental.warm import Outcome, WarmBuilder

#: How long the watcher waits for more changes after one, in milliseconds (watchfiles's
#: ``step``, 50 by default): an editor's save is one burst of events, a millisecond or two.
WATCH_STEP_MS = 20

#: The names this machine answers to, whatever a DNS server says of others.
LOOPBACK = ("localhost", "127.0.0.1", "[::1]")


class OwnOriginWebSockets:
    """ASGI middleware: a WebSocket opens only from a page of this server (its Origin)."""

    def __init__(self, app: ASGIApp, port: int) -> None:
        self.app = app
        self.port = port

    def own(self, origin: str | None) -> bool:
        if not origin:
            return False
        parts = urlsplit(origin)
        host = f"[{parts.hostname}]" if parts.hostname and ":" in parts.hostname else parts.hostname
        try:
            port = parts.port
        except ValueError:
            return False
        return parts.scheme == "http" and host in LOOPBACK and port == self.port

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "websocket" and not self.own(Headers(scope=scope).get("origin")):
            await WebSocketClose(code=1008)(scope, receive, send)
            return
        await self.app(scope, receive, send)


class FingerprintedAssetsCached:
    """ASGI middleware: a static file served under its checksum (``?v=...``) is cached for good.

    Sphinx links every stylesheet and script of a page with a checksum of the
    file, so a file that changes is linked under a new address. Without a
    cache lifetime the browser asks again for every file written since it
    last looked each time the page reloads, and each build writes some again
    (the ``_t`` templates, ``pygments.css``): the reload that shows a saved
    post waited for them. A file whose content has the checksum its address
    carries is served as a fingerprinting web server serves it, and comes
    from the browser's cache from then on (``pygments.css`` too, whose link
    carries the checksum of Furo's version: blogkit.render.codestyle). Any
    other (a page not rewritten since a stylesheet changed) is served as
    before, and the browser asks again.

    The checksum is Sphinx's (``sphinx.builders.html._assets``, private and
    cached for a build's lifetime, so not called here): CRC-32 of the bytes
    without carriage returns, eight hex digits.
    """

    HEADER = (b"cache-control", b"max-age=31536000, immutable")

    def __init__(self, app: ASGIApp, out_dir: Path) -> None:
        self.app = app
        self.out_dir = Path(out_dir).resolve()
        self.known: dict[Path, tuple[tuple[int, int], str]] = {}

    def checksum(self, url_path: str) -> str | None:
        path = (self.out_dir / unquote(url_path).lstrip("/")).resolve()
        if not path.is_relative_to(self.out_dir):
            return None
        try:
            stat = path.stat()
            key = (stat.st_mtime_ns, stat.st_size)
            if path not in self.known or self.known[path][0] != key:
                content = path.read_bytes().translate(None, b"\r")
                self.known[path] = (key, f"{zlib.crc32(content):08x}")
        except OSError:
            return None
        return self.known[path][1]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "") if scope["type"] == "http" else ""
        version = parse_qs(scope.get("query_string", b"").decode("latin-1")).get("v", [""])[0]
        if not (path.startswith("/_static/") and version and self.checksum(path) == version):
            await self.app(scope, receive, send)
            return

        async def send_cached(message) -> None:
            if message["type"] == "http.response.start" and message["status"] == 200:
                message = {**message, "headers": [*message.get("headers", []), self.HEADER]}
            await send(message)

        await self.app(scope, receive, send_cached)


class LiveRebuildServer(RebuildServer):
    """sphinx-autobuild's watcher and reload socket, awaiting the warm builder in the server."""

    def __init__(self, *args, uri: str, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.uri = uri

    async def watch(self) -> None:
        async for changes in watchfiles.awatch(
            *self.paths, watch_filter=lambda _, path: not self.ignore(path), step=WATCH_STEP_MS
        ):
            changed = sorted({Path(path).resolve() for _, path in changes})
            if await rebuild(self.change_callback, changed, self.flag.set, self.uri):
                self.flag.set()


async def rebuild(builder: WarmBuilder, changed: list[Path], reload, uri: str) -> bool:
    """One rebuild, told in the terminal as sphinx-autobuild's ``Builder`` tells it.

    Whether the open pages should reload now.
    """
    shown = []
    for path in changed[:5]:
        with contextlib.suppress(ValueError):
            path = path.relative_to(Path.cwd())
        shown.append(path.as_posix())
    show_message(f"Detected changes ({', '.join(shown)})")
    show_message("Rebuilding...")
    outcome = await builder(changed_paths=changed, reload=reload)
    report(outcome, uri)
    return outcome.reload


def report(outcome: Outcome, uri: str) -> None:
    how = "by the warm worker" if outcome.warm else "by a worker started for it"
    show_message(f"Built in {outcome.seconds:.2f} s, {how}")
    if outcome.status:
        print(f"Sphinx exited with exit code: {outcome.status}")
        print(
            "The server keeps serving the last good build, and the open page shows the "
            "problems above. Fix them, or press Ctrl+C to stop the server."
        )
    show_message(f"Serving on {uri}")


class WholeFiles(StaticFiles):
    """Starlette's static files, each file read whole before its answer starts.

    Starlette's ``FileResponse`` announces the length it found when it looked the file up
    and then streams the file: when the builder rewrites a page between the two (a save
    while the browser loads it), the bytes sent no longer match the Content-Length and
    the server fails the request with a traceback. Read whole, the answer is one version
    of the file, the old or the new, and its length is its own.
    """

    def file_response(self, full_path, stat_result, scope, status_code: int = 200) -> Response:
        try:
            with open(full_path, "rb") as file:
                stat_result = os.fstat(file.fileno())
                body = file.read()
        except FileNotFoundError:
            raise HTTPException(status_code=404) from None
        headers = FileResponse(full_path, stat_result=stat_result).headers
        if self.is_not_modified(headers, Headers(scope=scope)):
            return NotModifiedResponse(headers)
        kept = {key: value for key, value in headers.items() if key != "content-length"}
        return Response(body, status_code=status_code, headers=kept)


def create_app(watch_dirs, ignore_handler, builder, out_dir, url_host, port, status_file):
    """sphinx-autobuild's application (``_create_app``), with the overlay and the guards."""
    watcher = LiveRebuildServer(
        watch_dirs, ignore_handler, change_callback=builder, uri=f"http://{url_host}"
    )
    app = Starlette(
        routes=[
            WebSocketRoute("/websocket-reload", watcher, name="reload"),
            *overlay.routes(status_file),
            Mount("/", app=WholeFiles(directory=out_dir, html=True), name="static"),
        ],
        middleware=[
            Middleware(JavascriptInjectorMiddleware, ws_url=url_host),
            Middleware(overlay.OverlayInjector),
            Middleware(FingerprintedAssetsCached, out_dir=out_dir),
        ],
        lifespan=watcher.lifespan,
    )
    return guarded(lambda: app, port)()


def guarded(create_app, port: int):
    """sphinx-autobuild's application factory, its application wrapped in the two guards."""

    def create(*args, **kwargs):
        app = create_app(*args, **kwargs)
        # Starlette runs the last middleware added first: the Host is checked before the Origin.
        app.add_middleware(OwnOriginWebSockets, port=port)
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(LOOPBACK))
        return app

    return create


def main(argv: Sequence[str]) -> None:
    """``python -m blogkit.incremental.liveserver`` with sphinx-autobuild's arguments."""
    args, build_args = autobuild._parse_args(list(argv))
    out_dir = Path(args.outdir)
    out_dir.mkdir(parents=True, exist_ok=True)
    url_host = f"{args.host}:{args.port}"
    # Beside the output, not in it: the output stays what `make html` writes.
    status_file = out_dir.parent / f"{out_dir.name}-status.json"
    builder = WarmBuilder(build_args, Path(args.sourcedir), status_file)
    # sphinx-autobuild's own list (its main()), with the build's output and doctrees.
    ignored = [".git", ".hg", ".idea", ".mypy_cache", "node_modules", ".nox", ".ruff_cache"]
    ignored += [".pytest_cache", ".pytype", ".svn", ".tox", ".venv", "venv", ".vscode"]
    ignored += [*args.ignore, out_dir, args.warnings_file, args.doctree_dir, status_file]
    ignore = IgnoreFilter(list(filter(None, ignored)), args.re_ignore)
    watch_dirs = [Path(args.sourcedir), *args.additional_watched_dirs]
    app = create_app(watch_dirs, ignore, builder, out_dir, url_host, args.port, status_file)
    show_message("Starting initial build")
    report(builder.initial(), f"http://{url_host}")
    show_message("Waiting to detect changes...")
    try:
        uvicorn.run(app, host=args.host, port=args.port, log_level="warning")
    except KeyboardInterrupt:
        show_message("Server ceasing operations. Cheerio!")
    finally:
        builder.close()


if __name__ == "__main__":
    main(sys.argv[1:])
