"""Serve the dashboard for several users: ``streamlit run serve.py`` (the same app as ``app.py``, hardened).

Streamlit answers ``/_stcore/metrics`` (session counts, cache names and sizes) to anyone who can reach
the server, login or not. This entry point runs ``app.py`` as an ASGI app (``st.App``) with one small
middleware that answers 404 there; everything else (the pages, the login callback, the health check
``/_stcore/health``) is unchanged. Run this one behind the reverse proxy; ``app.py`` stays the entry
point for trying the app on one computer and for the tests.
"""

import streamlit as st
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse

CLOSED_PATHS = ("/_stcore/metrics",)


class ClosedPaths:
    """ASGI middleware: a 404 for the paths in :data:`CLOSED_PATHS` (under any base URL path)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        """Answer a closed path with 404; pass everything else on."""
        if scope["type"] == "http" and scope["path"].rstrip("/").endswith(CLOSED_PATHS):
            await PlainTextResponse("Niet gevonden", status_code=404)(scope, receive, send)
            return
        await self.app(scope, receive, send)


app = st.App("app.py", middleware=[Middleware(ClosedPaths)])
