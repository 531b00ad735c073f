"""Shared test helpers: load conformance vectors from fixtures/."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import settings

# CI runs a fixed set of examples (HYPOTHESIS_PROFILE=ci, set by .ci/run) so that a
# submission's result does not depend on luck; local runs explore new examples each time.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def vector_files() -> list[Path]:
    """Every vector file (fixtures/crosscheck holds builder requests, not vectors)."""
    return sorted(p for p in FIXTURES.rglob("*.json") if "crosscheck" not in p.relative_to(FIXTURES).parts)


def iter_vectors() -> Iterator[tuple[Path, dict[str, Any]]]:
    for path in vector_files():
        data = json.loads(path.read_text(encoding="utf-8"))
        for vector in data["vectors"]:
            yield path, vector


def vector_params(*, valid: bool | None = None) -> list[Any]:
    params = []
    for _path, vector in iter_vectors():
        if valid is not None and vector["valid"] is not valid:
            continue
        params.append(pytest.param(vector, id=vector["id"], marks=()))
    return params


def resolve(obj: Any, dotted: str) -> Any:
    """Follow an ``expect`` path: ``a.b``, ``a[0].b``, ``fields.05``."""
    current = obj
    for part in dotted.split("."):
        name, _, rest = part.partition("[")
        if name:
            current = current.get(name) if isinstance(current, dict) else getattr(current, name)
        while rest:
            index, _, rest = rest.partition("]")
            current = current[int(index)]
            rest = rest.removeprefix("[")
        if current is None:
            return None
    return current
