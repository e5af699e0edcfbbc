"""Errors: the one exception family the library raises.

Every error carries a message (what happened) and a hint (what to do next); the CLI
prints both and exits 2. Nothing else in colsearch should reach a user as a traceback.
"""

from __future__ import annotations


class ColsearchError(Exception):
    """Base class: a failure a user can act on."""

    def __init__(self, message: str, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return self.message


class PageError(ColsearchError):
    """A page could not be read or decoded; the run goes on without it."""


class IndexMissingError(ColsearchError):
    """There is no index where one was expected."""


class IndexDamagedError(ColsearchError):
    """The index exists but cannot be read."""


class IndexLockedError(ColsearchError):
    """Another colsearch process is writing the index."""


class QuerySyntaxError(ColsearchError):
    """The query text cannot be parsed."""


class NotFoundError(ColsearchError):
    """No column has the requested id."""
