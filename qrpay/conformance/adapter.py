"""qrpay's own conformance adapter: ``qrpay conformance adapter`` (docs/conformance.md).

It reads one JSON request per line on stdin and writes one JSON response per line on
stdout, flushed, until stdin ends:

* ``decode``: :func:`qrpay.decode` (lenient, as qrpay reads by default) says whether the
  text decodes (``syntax``) and gives its root data objects, with the children qrpay
  parsed for the templates the spec defines (IDs 26-51, 62, 64, 80-99); the issues of
  the decoded payload give ``rules`` (``invalid`` when any is an error) and
  ``rule_ids``, qrpay's issue codes mapped to the suite's neutral rule ids (the
  manifest's ``qrpay.rule_ids``; a code it does not map is sent as ``qrpay:CODE``). A
  text whose lengths count UTF-8 bytes or UTF-16 units decodes, with a warning (the
  suite's ``length-bytes`` / ``length-utf16`` flags: acceptable either way).
* ``encode``: the scheme's builder (``emvco`` or ``generic``: :func:`qrpay.build`) with
  the vector's fields as keywords; a refused build is ``refused`` with the reason.

A request it cannot read is answered ``{"id": ..., "unsupported": true, "error": ...}``
with whatever ``id`` it had, so the runner scores that vector and goes on.
"""

from __future__ import annotations

import inspect
import json
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from qrpay.codec import decode
from qrpay.errors import DecodeError, InvalidRequest, QRPayError
from qrpay.tlv import DataObject

__all__ = ["TEMPLATE_IDS", "answer", "load_rule_map", "rule_map", "serve"]

#: Root IDs whose value the spec defines as a template (EMVCo MPM 4.5, 4.7, 4.8, 4.9).
TEMPLATE_IDS = frozenset(
    [f"{n:02d}" for n in range(26, 52)] + ["62", "64"] + [str(n) for n in range(80, 100)]
)

#: Longest request line read; a longer one is answered as unreadable.
MAX_REQUEST_BYTES = 1024 * 1024

#: Prefix of a rule id made from a qrpay issue code that no rule of the suite names.
UNMAPPED_PREFIX = "qrpay:"


def rule_map(rules: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """qrpay issue code -> neutral rule id, from the suite's rule registry.

    A rule names the qrpay codes that report it in ``qrpay`` (a code or a list of codes;
    ``qrpay_codes`` is read too).
    """
    out: dict[str, str] = {}
    for rule_id, rule in rules.items():
        for key in ("qrpay", "qrpay_codes", "qrpay_code"):
            codes = rule.get(key) if isinstance(rule, Mapping) else None
            if isinstance(codes, str):
                codes = [codes]
            if isinstance(codes, Iterable):
                for code in codes:
                    if isinstance(code, str):
                        out.setdefault(code, rule_id)
    return out


def load_rule_map(root: str | Path | None = None) -> dict[str, str]:
    """The mapping of the corpus at ``root``, by default qrpay's (empty when there is none).

    The manifest's ``qrpay.rule_ids`` (issue code -> rule id) comes first, then the codes
    the rules themselves name (:func:`rule_map`).
    """
    from qrpay.conformance.suite import find_corpus

    try:
        folder = find_corpus() if root is None else Path(root)
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(manifest, dict):
        return {}
    out: dict[str, str] = {}
    own = manifest.get("qrpay")
    listed = own.get("rule_ids") if isinstance(own, dict) else None
    if isinstance(listed, dict):
        out.update({k: v for k, v in listed.items() if isinstance(k, str) and isinstance(v, str)})
    rules = manifest.get("rules")
    if isinstance(rules, Mapping):
        for code, rule_id in rule_map(rules).items():
            out.setdefault(code, rule_id)
    return out


def _objects(objects: Iterable[DataObject], expand: Callable[[str], bool]) -> list[list[Any]]:
    out: list[list[Any]] = []
    for obj in objects:
        if obj.children is not None and expand(obj.tag):
            out.append([obj.tag, obj.value, _objects(obj.children, lambda _tag: True)])
        else:
            out.append([obj.tag, obj.value])
    return out


def _rule_ids(codes: Iterable[str], mapping: Mapping[str, str]) -> list[str]:
    ids: list[str] = []
    for code in codes:
        rule = mapping.get(code, UNMAPPED_PREFIX + code)
        if rule not in ids:
            ids.append(rule)
    return ids


def _now(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"now must be an ISO 8601 string, not {type(value).__name__}")
    when = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


def _decode(request: Mapping[str, Any], mapping: Mapping[str, str]) -> dict[str, Any]:
    text = request.get("payload")
    if not isinstance(text, str):
        raise ValueError("a decode request needs a payload string")
    now = _now(request.get("now"))
    try:
        payload = decode(text, now=now)
    except DecodeError as exc:
        return {"syntax": "invalid", "rules": "invalid", "rule_ids": _rule_ids([exc.code], mapping)}
    errors = [i.code for i in payload.issues if i.severity == "error"]
    return {
        "syntax": "valid",
        "objects": _objects(payload.objects, TEMPLATE_IDS.__contains__),
        "rules": "invalid" if errors else "valid",
        "rule_ids": _rule_ids(errors, mapping),
    }


def _builder(scheme: str) -> Callable[..., Any] | None:
    if scheme in ("emvco", "generic"):
        from qrpay.builder import build

        return build
    from qrpay.schemes import get_scheme

    return get_scheme(scheme).build


def _keywords(builder: Callable[..., Any], fields: Mapping[str, Any]) -> dict[str, Any]:
    parameters = inspect.signature(builder).parameters
    kwargs: dict[str, Any] = {}
    for name, value in fields.items():
        if name not in parameters:
            raise LookupError(f"qrpay's builder has no field {name!r}")
        annotation = str(parameters[name].annotation)
        if isinstance(value, str) and (name == "now" or "datetime" in annotation) and "T" in value:
            value = _now(value)
        kwargs[name] = value
    return kwargs


def _encode(request: Mapping[str, Any]) -> dict[str, Any]:
    scheme, fields = request.get("scheme"), request.get("fields")
    if not isinstance(scheme, str) or not isinstance(fields, Mapping):
        raise ValueError("an encode request needs a scheme string and a fields object")
    try:
        builder = _builder(scheme)
    except QRPayError:
        return {"unsupported": True, "error": f"qrpay has no scheme {scheme!r}"}
    if builder is None:
        return {"unsupported": True, "error": f"qrpay has no builder for {scheme!r}"}
    try:
        kwargs = _keywords(builder, fields)
    except LookupError as exc:
        return {"unsupported": True, "error": str(exc)}
    try:
        payload = builder(**kwargs)
    except InvalidRequest as exc:
        return {"refused": True, "reason": f"{exc.message} [{exc.code}]"}
    return {"payload": payload.to_text()}


def answer(request: Any, mapping: Mapping[str, str]) -> dict[str, Any]:
    """The response to one request (any JSON value); never raises for a bad request."""
    ident = request.get("id") if isinstance(request, dict) else None
    try:
        if not isinstance(request, dict):
            raise ValueError("a request is a JSON object")
        op = request.get("op")
        if op == "decode":
            body = _decode(request, mapping)
        elif op == "encode":
            body = _encode(request)
        else:
            body = {"unsupported": True, "error": f"unknown op {op!r}"}
    except (ValueError, TypeError) as exc:  # a bad now, a field of the wrong type
        body = {"unsupported": True, "error": str(exc)}
    except Exception as exc:  # a bug in qrpay: no verdict, so the runner counts a failure
        body = {"error": f"internal error: {type(exc).__name__}: {exc}"}
    return {"id": ident, **body}


def serve(stdin: IO[bytes], stdout: IO[bytes], mapping: Mapping[str, str] | None = None) -> int:
    """Answer requests from ``stdin`` until it ends; returns the exit status (0)."""
    rules = load_rule_map() if mapping is None else mapping
    while True:
        line = stdin.readline(MAX_REQUEST_BYTES + 1)
        if not line:
            return 0
        if len(line) > MAX_REQUEST_BYTES and not line.endswith(b"\n"):
            while True:
                rest = stdin.readline(MAX_REQUEST_BYTES)
                if not rest or rest.endswith(b"\n"):
                    break
            response: dict[str, Any] = {"id": None, "unsupported": True, "error": "request line too long"}
        elif not line.strip():
            continue
        else:
            try:
                request = json.loads(line.decode("utf-8"))
            except (ValueError, RecursionError) as exc:
                response = {"id": None, "unsupported": True, "error": f"not a JSON request: {exc}"[:200]}
            else:
                response = answer(request, rules)
        stdout.write((json.dumps(response, ensure_ascii=True, separators=(",", ":")) + "\n").encode("ascii"))
        stdout.flush()
