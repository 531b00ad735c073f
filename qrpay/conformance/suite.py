"""Load the conformance corpus (fixtures/) as typed vectors: the API the runner uses.

The corpus is described in fixtures/README.md and docs/conformance.md. ``load_suite()``
finds it inside an installed wheel (``qrpay/_fixtures``) or, in a source checkout, in
``fixtures/`` beside the package.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

__all__ = ["DecodeVector", "EncodeVector", "Suite", "builder_keywords", "find_corpus", "load_suite"]

Verdict = Literal["valid", "invalid", "acceptable"]
Objects = tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class DecodeVector:
    """One decode vector: a payload and what a conforming decoder says about it."""

    id: str
    file: str
    scheme: str | None
    payload: str
    now: str | None
    result: Verdict
    flags: tuple[str, ...]
    syntax: Verdict
    objects: Objects | None
    rules: Verdict | None
    rule_ids: tuple[str, ...]
    comment: str
    source: Mapping[str, Any]
    qrpay: Mapping[str, Any]


@dataclass(frozen=True)
class EncodeVector:
    """One encode vector: a scheme and neutrally named fields, and the expected payload."""

    id: str
    file: str
    scheme: str
    fields: Mapping[str, Any]
    result: Literal["valid", "refused"]
    payload: str | None
    comment: str
    source: Mapping[str, Any]


@dataclass(frozen=True)
class Suite:
    """The whole corpus: version, vectors and the rule-id and flag registries."""

    version: str
    decode: tuple[DecodeVector, ...]
    encode: tuple[EncodeVector, ...]
    rules: Mapping[str, Mapping[str, Any]]
    flags: Mapping[str, str]
    root: Path
    #: qrpay's own mapping: ``{"rule_ids": {issue code: rule id}, "flags": {warning code: flag}}``
    qrpay: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))


def find_corpus() -> Path:
    """The corpus folder: ``qrpay/_fixtures`` when installed, else ``fixtures/`` of the checkout."""
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_fixtures", package.parent / "fixtures"):
        if (candidate / "manifest.json").is_file():
            return candidate
    raise FileNotFoundError(
        f"no conformance corpus (manifest.json) in {package / '_fixtures'} or {package.parent / 'fixtures'}"
    )


def _freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: _freeze(v) for k, v in value.items()})
    if isinstance(value, list):
        return tuple(_freeze(v) for v in value)
    return value


def _objects(items: list[Any]) -> Objects:
    out: list[tuple[Any, ...]] = []
    for item in items:
        if len(item) == 3:
            out.append((item[0], item[1], _objects(item[2])))
        else:
            out.append((item[0], item[1]))
    return tuple(out)


def _decode_vector(file: str, raw: Mapping[str, Any]) -> DecodeVector:
    syntax = raw["syntax"]
    rules = raw.get("rules")
    objects = syntax.get("objects")
    return DecodeVector(
        id=raw["id"],
        file=file,
        scheme=raw.get("scheme"),
        payload=raw["payload"],
        now=raw.get("now"),
        result=raw["result"],
        flags=tuple(raw.get("flags", ())),
        syntax=syntax["result"],
        objects=None if objects is None else _objects(objects),
        rules=None if rules is None else rules["result"],
        rule_ids=() if rules is None else tuple(rules.get("rule_ids", ())),
        comment=raw.get("comment", ""),
        source=_freeze(raw["source"]),
        qrpay=_freeze(raw.get("qrpay", {})),
    )


def _encode_vector(file: str, raw: Mapping[str, Any]) -> EncodeVector:
    return EncodeVector(
        id=raw["id"],
        file=file,
        scheme=raw["scheme"],
        fields=_freeze(raw["fields"]),
        result=raw["result"],
        payload=raw.get("payload"),
        comment=raw.get("comment", ""),
        source=_freeze(raw["source"]),
    )


def load_suite(path: str | Path | None = None) -> Suite:
    """Load the corpus at ``path`` (a folder holding manifest.json), by default qrpay's own."""
    root = find_corpus() if path is None else Path(path)
    manifest = json.loads((root / "manifest.json").read_text(encoding="utf-8"))
    decode: list[DecodeVector] = []
    encode: list[EncodeVector] = []
    for entry in manifest["files"]:
        data = json.loads((root / entry["path"]).read_text(encoding="utf-8"))
        if entry["kind"] == "decode":
            decode.extend(_decode_vector(entry["path"], v) for v in data["vectors"])
        elif entry["kind"] == "encode":
            encode.extend(_encode_vector(entry["path"], v) for v in data["vectors"])
    return Suite(
        version=manifest["version"],
        decode=tuple(decode),
        encode=tuple(encode),
        rules=_freeze(manifest["rules"]),
        flags=MappingProxyType(dict(manifest["flags"])),
        root=root,
        qrpay=_freeze(manifest.get("qrpay", {})),
    )


def builder_keywords(fields: Mapping[str, Any]) -> dict[str, Any]:
    """An encode vector's ``fields`` as keywords of qrpay's scheme builder
    (``qrpay.schemes.<scheme>.build``): the field names are the builder's keywords; the
    only value to convert is ``now`` (ISO 8601 text -> an aware ``datetime``)."""
    from datetime import datetime

    out = dict(fields)
    if isinstance(out.get("now"), str):
        out["now"] = datetime.fromisoformat(out["now"].replace("Z", "+00:00"))
    return out
