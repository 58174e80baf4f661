"""The live preview's server: sphinx-autobuild, answering only this machine.

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

import sys
from collections.abc import Sequence
from urllib.parse import urlsplit

import sphinx_autobuild.__main__ as autobuild
from starlette.datastructures import Headers
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.websockets import WebSocketClose

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
    port = int(argv[list(argv).index("--port") + 1])
    autobuild._create_app = guarded(autobuild._create_app, port)
    autobuild.main(list(argv))


if __name__ == "__main__":
    main(sys.argv[1:])
