"""Web errors: every failure -> a clear message with the right HTTP status, never a traceback.

The web's counterpart of the CLI's one place for `ColsearchError`: a bad parameter or a
malformed query is 400, an unknown column 404, an index that is missing, damaged or
being rebuilt 503. `/api/...` answers `{"error", "hint", "status"}` as JSON, pages answer
with an HTML message and the search form filled in as sent.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from flask import Flask, Response, jsonify, render_template, request
from flask.globals import request_ctx
from werkzeug.exceptions import HTTPException

from ..errors import ColsearchError, IndexDamagedError, IndexLockedError, IndexMissingError, NotFoundError
from . import context

P = ParamSpec("P")
R = TypeVar("R")


def status_of(error: ColsearchError) -> int:
    if isinstance(error, NotFoundError):
        return 404
    if isinstance(error, (IndexMissingError, IndexDamagedError, IndexLockedError)):
        return 503
    return 400


def error_response(status: int, message: str, hint: str | None = None) -> tuple[Response | str, int]:
    if request.path.startswith("/api/"):
        return jsonify({"error": message, "hint": hint, "status": status}), status
    if request_ctx.url_adapter is None:  # a malformed Host header: no link can be built for a page
        return Response(f"{status}: {message}\n", status, mimetype="text/plain"), status
    return render_template("error.html", **context.error_page(status, message, hint, request.args)), status


def retried(view: Callable[P, R]) -> Callable[P, R]:
    """Answer a read-only request a second time when the index changed under the first try.

    A commit by `colsearch index` can delete segment files that a reader opened a moment
    before has not read yet; whoosh then fails in assorted ways (the library reports some
    of them as a damaged index). The second try opens the index afresh. Errors about the
    request itself (a bad parameter, a malformed query, an unknown id) are not retried.
    """

    @functools.wraps(view)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return view(*args, **kwargs)
        except (HTTPException, ColsearchError) as error:
            if not isinstance(error, IndexDamagedError):
                raise
        except Exception:  # whoosh reading files that a commit removed
            pass
        return view(*args, **kwargs)

    return wrapper


def register(app: Flask) -> None:
    """Install the handlers on `app`."""

    @app.errorhandler(ColsearchError)
    def library_error(error: ColsearchError) -> tuple[Response | str, int]:
        return error_response(status_of(error), error.message, error.hint)

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[Response | str, int]:
        status = error.code or 500
        if status == 404:
            return error_response(404, f"no page at {request.path}", "Start from the search page.")
        return error_response(status, error.description or error.name)

    @app.errorhandler(Exception)
    def unexpected_error(error: Exception) -> tuple[Response | str, int]:
        app.logger.exception("colsearch: error while answering %s", request.full_path)
        return error_response(500, "internal error while answering this request", "The server log has the details.")
