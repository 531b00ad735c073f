"""Shared test helpers: load the conformance corpus from fixtures/ (format: fixtures/README.md)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from hypothesis import settings

# CI runs a fixed set of examples (HYPOTHESIS_PROFILE=ci, set by .ci/run) so that a
# submission's result does not depend on luck; local runs explore new examples each time.
# A local failure is kept in .hypothesis/ (replayed first on the next run) and printed with
# its @reproduce_failure blob, so it comes back; docs/testing.md says to pin it as an
# @example so that CI's fixed run keeps it too.
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.register_profile("default", print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"


def manifest() -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))
    return data


def corpus_files(kind: str = "decode") -> list[Path]:
    """The files the manifest lists, of one kind (``decode`` or ``encode``)."""
    return [FIXTURES / entry["path"] for entry in manifest()["files"] if entry["kind"] == kind]


def vector_files() -> list[Path]:
    """Every decode-vector file."""
    return corpus_files("decode")


def iter_corpus(kind: str = "decode") -> Iterator[tuple[Path, dict[str, Any]]]:
    """(file, vector) for every vector of the corpus, in the 1.0 format."""
    for path in corpus_files(kind):
        data = json.loads(path.read_text(encoding="utf-8"))
        for vector in data["vectors"]:
            yield path, vector


def legacy(vector: dict[str, Any]) -> dict[str, Any]:
    """A corpus vector seen in qrpay's earlier vector format (id, kind, valid, source,
    payload, schemes, expect, warnings, error, now), for tests written against it."""
    qr = vector["qrpay"]
    out: dict[str, Any] = {
        "id": vector["id"],
        "kind": vector["source"]["kind"],
        "valid": qr["valid"],
        "source": vector["source"].get("citation", ""),
        "payload": vector["payload"],
    }
    for key in ("schemes", "expect", "warnings", "error"):
        if key in qr:
            out[key] = qr[key]
    if "now" in vector:
        out["now"] = vector["now"]
    return out


def iter_vectors() -> Iterator[tuple[Path, dict[str, Any]]]:
    """(file, legacy view) of every decode vector that carries qrpay's own expectations
    (real payloads merged from fixtures/incoming/ carry none and are left out)."""
    for path, vector in iter_corpus("decode"):
        if "valid" in vector.get("qrpay", {}):
            yield path, legacy(vector)


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
