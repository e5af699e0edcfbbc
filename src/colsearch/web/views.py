"""Web pages: thin routes that parse parameters, call the library, and render a template.

`/` searches (or, with filters and no query, lists every matching column), `/column/ID`
shows one column with the query's matches marked, `/columnists` lists who wrote what.
Every page opens the index per request, so a running `colsearch index` is picked up.
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, current_app, render_template, request

from ..index import get_column, open_index
from ..overview import columnists, similar
from . import context
from .errors import retried
from .highlight import match_terms
from .params import SearchParams, text_arg

PAGE_FACETS = ("columnist", "year", "month")
SIMILAR_COLUMNS = 5

pages = Blueprint("pages", __name__)


def index_dir() -> str:
    """The index folder this app serves."""
    return str(current_app.config["COLSEARCH_INDEX"])


@pages.get("/")
@retried
def search() -> str:
    params = SearchParams.from_args(request.args, facets=PAGE_FACETS)
    if not params.q and not params.filtered:
        columns = open_index(index_dir()).doc_count()
        return render_template("search.html", **context.landing_page(request.args, columns))
    result = params.run(index_dir(), text=params.q or context.BROWSE_QUERY)
    return render_template("search.html", **context.search_page(params, result, request.args))


@pages.get("/column/<column_id>")
@retried
def column(column_id: str) -> str:
    q = text_arg(request.args, "q")
    found, paths = get_column(column_id, index_dir())
    if not found.id.startswith(column_id):
        # get_column's Column drops a JSON Lines record's own id (its `id` is then a hash of
        # the text), so the id asked for is the one the index knows.
        found = replace(found, record_id=column_id)
    terms = match_terms(q, index_dir())
    alike = similar(found.id, index_dir(), limit=SIMILAR_COLUMNS)
    return render_template("column.html", **context.column_page(found, paths, terms, alike, q))


@pages.get("/columnists", endpoint="columnists")
@retried
def columnists_list() -> str:
    return render_template("columnists.html", **context.columnists_page(columnists(index_dir())))
