"""Web: a local, read-only site for searching and browsing an index (`colsearch serve`).

Rendering for the browser, beside `render.py` for the terminal. Its parts:

    params.py     query-string values -> checked options (400 for bad ones)
    views.py      the pages: search, column, columnists (thin routes)
    api.py        the JSON behind them, in the CLI's --json shapes
    context.py    library records -> template context: links, facets, pager, chart
    highlight.py  spans -> escaped HTML with <mark>
    errors.py     errors -> status, JSON or an HTML message; never a traceback
    templates/, static/   Jinja2 pages (autoescaped) and a little CSS and JS, no CDN

The index is opened per request, so `colsearch index` can update it while this serves.
"""

from __future__ import annotations

import ipaddress
import socket
import sys
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Response, abort, request
from flask.json.provider import DefaultJSONProvider
from jinja2 import StrictUndefined
from werkzeug.serving import WSGIRequestHandler, make_server

from ..errors import ColsearchError
from ..index import open_index
from ..render import safe
from . import errors
from .api import api
from .views import pages

LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")

# No inline script or style, nothing from other sites: a page that slipped markup past
# the escaping still could not run it.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}


def create_app(index_dir: str, trusted_hosts: Sequence[str] | None = None) -> Flask:
    """The web app for the index at `index_dir`.

    `trusted_hosts` limits the names a request's Host header may carry (`serve` sets it to
    the loopback names when it listens on loopback, so a web site in the user's browser
    cannot read the archive by DNS rebinding).
    """
    app = Flask(__name__)
    app.config["COLSEARCH_INDEX"] = index_dir
    if isinstance(app.json, DefaultJSONProvider):
        app.json.sort_keys = False  # the records' own key order, as in the CLI's --json
        app.json.ensure_ascii = False
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.undefined = StrictUndefined  # a template typo fails the tests, not a page
    app.register_blueprint(pages)
    app.register_blueprint(api)
    errors.register(app)
    if trusted_hosts:
        _check_host(app, trusted_hosts)

    @app.after_request
    def secure(response: Response) -> Response:
        response.headers.update(SECURITY_HEADERS)
        return response

    return app


def serve(index_dir: str, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the index at http://HOST:PORT/ until Ctrl-C (port 0: any free port).

    Werkzeug's threaded server: enough for one person's browser on a local archive.
    """
    open_index(index_dir)  # no index: say so now, not on the first page
    app = create_app(index_dir, trusted_hosts=_loopback_hosts(host))
    try:  # bound here, not by werkzeug, which exits the process when the port is taken
        listener = socket.create_server((host, port), family=socket.AF_INET6 if ":" in host else socket.AF_INET)
    except OSError as exc:
        raise ColsearchError(
            f"cannot listen on {host}:{port}: {exc.strerror or exc}",
            "Choose another --port, or stop the program that is using this one.",
        ) from None
    with listener:
        server = make_server(host, port, app, threaded=True, request_handler=RequestLog, fd=listener.fileno())
    name = f"[{host}]" if ":" in host else host
    _say(f"serving {index_dir} at http://{name}:{server.port}/ (Ctrl-C to stop)")
    server.serve_forever()  # returns on Ctrl-C
    _say("stopped")


class RequestLog(WSGIRequestHandler):
    """One plain line per request on stderr, without werkzeug's colour codes; static files unlogged."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        path = getattr(self, "path", "")
        if not (path.startswith("/static/") and str(code) in ("200", "304")):
            _say(f"{getattr(self, 'command', '-')} {safe(path)} {code}")

    def log_message(self, format: str, *args: Any) -> None:
        _say(safe(format % args))


def _check_host(app: Flask, trusted_hosts: Sequence[str]) -> None:
    """Refuse requests whose Host header names another machine.

    Done here rather than with Flask's TRUSTED_HOSTS, which cannot match an IPv6 address
    such as [::1].
    """
    allowed = {name.strip("[]").lower() for name in trusted_hosts}

    @app.before_request
    def check_host() -> None:
        try:
            name = urlsplit("//" + request.host).hostname or ""
        except ValueError:
            name = ""
        if name not in allowed:
            abort(400, f"this server answers only requests addressed to {', '.join(sorted(allowed))}")


def _loopback_hosts(host: str) -> list[str] | None:
    try:
        loopback = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    return [*LOOPBACK_NAMES, "[::1]", host] if loopback else None


def _say(message: str) -> None:
    print(f"colsearch: {message}", file=sys.stderr, flush=True)
