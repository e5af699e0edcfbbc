"""Web API: the JSON behind the pages, in the same shapes as the CLI's --json.

Records go out through their own `to_dict()`, so a key means the same thing here, in
`colsearch ... --json` and in the README. Errors are JSON too (see `errors.py`).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, request
from flask.typing import ResponseReturnValue

from ..index import get_column
from ..overview import columnists, similar, trend
from .errors import retried
from .params import MAX_LIMIT, SearchParams, int_arg, period_arg, text_arg
from .views import index_dir

api = Blueprint("api", __name__, url_prefix="/api")


@api.get("/search")
@retried
def search_api() -> ResponseReturnValue:
    result = SearchParams.from_args(request.args).run(index_dir())
    return jsonify(result.to_dict())


@api.get("/column/<column_id>")
@retried
def column_api(column_id: str) -> ResponseReturnValue:
    column, paths = get_column(column_id, index_dir())
    data: dict[str, Any] = column.to_dict()
    data["paths"] = paths
    data["path"] = paths[0]
    return jsonify(data)


@api.get("/columnists")
@retried
def columnists_api() -> ResponseReturnValue:
    return jsonify([stat.to_dict() for stat in columnists(index_dir())])


@api.get("/trend")
@retried
def trend_api() -> ResponseReturnValue:
    by = period_arg(request.args)
    return jsonify(trend(text_arg(request.args, "q"), index_dir(), by=by).to_dict())


@api.get("/similar/<column_id>")
@retried
def similar_api(column_id: str) -> ResponseReturnValue:
    limit = int_arg(request.args, "limit", 10, 1, MAX_LIMIT)
    hits = similar(column_id, index_dir(), limit=limit)
    return jsonify({"id": column_id, "hits": [hit.to_dict() for hit in hits]})
