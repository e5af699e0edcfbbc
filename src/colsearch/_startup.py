"""Start-up: what keeps `colsearch query` quick to start, done before whoosh loads.

whoosh 2.7.4's `whoosh.compat` imports `urlretrieve` from `urllib.request` at import time,
which loads http.client, email, ssl and socket: about a quarter of a search process's
start-up, for a function colsearch never calls. While whoosh.compat loads, a stand-in
module takes urllib.request's place; its `urlretrieve` imports the real one when called.
Nothing else sees the stand-in: it is removed as soon as whoosh.compat has loaded.
"""

from __future__ import annotations

import sys
import types
from typing import Any


def _urlretrieve(*args: Any, **kwargs: Any) -> Any:
    from urllib.request import urlretrieve

    return urlretrieve(*args, **kwargs)


def load_whoosh_compat() -> None:
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    stand_in = types.ModuleType("urllib.request")
    stand_in.urlretrieve = _urlretrieve  # type: ignore[attr-defined]
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]


load_whoosh_compat()
