"""Shared JSON Lines loop for the Python adapters of the conformance scoreboard.

The PyPI packages are installed OUTSIDE the repo, in a scratch virtual environment made by
scripts/conformance/run_scoreboard.sh, whose interpreter runs these adapters. Protocol:
docs/conformance.md ("the adapter protocol"). Each request is answered exactly once; an
exception from a handler is answered ``{"error": ...}`` without ``syntax`` (decode), which the
runner scores as a failure: a library that crashes on an input has not decoded it. A handler
returning None answers ``unsupported``.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Any

Handler = Callable[[dict[str, Any]], dict[str, Any] | None]


def serve(decode: Handler | None = None, encode: Handler | None = None) -> None:
    handlers = {"decode": decode, "encode": encode}
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            req = json.loads(line)
        except ValueError as exc:
            print(f"not JSON: {exc}", file=sys.stderr)
            continue
        rid = req.get("id") if isinstance(req, dict) else None
        handler = handlers.get(req.get("op")) if isinstance(req, dict) else None
        try:
            out = handler(req) if handler else None
        except Exception as exc:  # a library exception must never crash the adapter
            out = {"error": f"thrown: {type(exc).__name__}: {exc}"}
        if out is None:
            out = {"unsupported": True}
        sys.stdout.write(json.dumps({"id": rid, **out}) + "\n")
        sys.stdout.flush()
