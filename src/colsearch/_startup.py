"""Start-up: what keeps `colsearch query` quick to start, done before whoosh loads.

whoosh 2.7.4 imports two things at import time for features colsearch never uses:
`whoosh.compat` takes `urlretrieve` from urllib.request (which loads http.client, email,
ssl and socket), and `whoosh.query.terms` takes `variations` from whoosh.lang.morph_en
(which compiles a few hundred regular expressions). Together they were about a third of
a search process's start-up. While those two whoosh modules load, stand-ins take the
places of urllib.request and morph_en; each stand-in's function imports the real module
when called. Nothing else sees the stand-ins: they are removed as soon as whoosh's
modules have loaded.
"""

from __future__ import annotations

import importlib
import sys
import types
from collections.abc import Callable
from typing import Any

# (module to stand in for, the function whoosh takes from it)
_DEFERRED = (("urllib.request", "urlretrieve"), ("whoosh.lang.morph_en", "variations"))


def _forwarder(module: str, name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = name
    return call


def load_whoosh() -> None:
    """Import the whoosh modules that would load the deferred ones, with stand-ins."""
    if "whoosh.compat" in sys.modules:
        return
    stand_ins = {}
    for module, name in _DEFERRED:
        if module not in sys.modules:
            stand_in = types.ModuleType(module)
            setattr(stand_in, name, _forwarder(module, name))
            stand_ins[module] = sys.modules[module] = stand_in
    try:
        import whoosh.compat
        import whoosh.query.terms  # noqa: F401
    finally:
        for module, stand_in in stand_ins.items():
            if sys.modules.get(module) is stand_in:
                del sys.modules[module]


load_whoosh()
