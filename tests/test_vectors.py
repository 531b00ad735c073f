"""Run every conformance vector in fixtures/ (format: fixtures/README.md)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import pytest

import qrpay
from tests.conftest import iter_vectors, resolve, vector_params

KINDS = {"spec", "real", "implementation", "synthetic"}


def _now(vector: dict[str, Any]) -> datetime | None:
    when = vector.get("now")
    return None if when is None else datetime.fromisoformat(when.replace("Z", "+00:00"))


def test_vector_ids_are_unique_and_well_formed() -> None:
    seen: dict[str, str] = {}
    for path, vector in iter_vectors():
        vid = vector["id"]
        assert vid not in seen, f"{vid} in {path} and {seen[vid]}"
        seen[vid] = str(path)
        assert vector["kind"] in KINDS, vid
        assert vector["source"].strip(), vid
        assert isinstance(vector["valid"], bool), vid
        if vector["kind"] == "synthetic":
            assert "scripts/" in vector["source"] or "derived from" in vector["source"], vid
        if not vector["valid"]:
            assert "error" in vector, vid
    assert len(seen) > 0


@pytest.mark.parametrize("vector", vector_params(valid=True))
def test_valid_vector(vector: dict[str, Any]) -> None:
    text = vector["payload"]
    now = _now(vector)
    payload = qrpay.decode(text, now=now)
    errors = [str(i) for i in payload.issues if i.severity == "error"]
    assert errors == [], errors
    # lossless: encode(decode(p)) == p, except that a lower-case CRC comes back upper case
    expected_text = text[:-4] + text[-4:].upper()
    assert qrpay.encode(payload) == expected_text
    assert payload.to_text() == expected_text
    assert qrpay.validate(text, now=now).to_text() == expected_text
    assert qrpay.is_valid(text, now=now)
    assert [i.code for i in qrpay.check(text, now=now) if i.severity == "error"] == []
    if "warnings" in vector:
        assert sorted(i.code for i in payload.issues) == sorted(vector["warnings"])
    if "schemes" in vector:
        assert list(payload.schemes) == vector["schemes"]
        assert list(qrpay.detect(text)) == vector["schemes"]
    for dotted, want in vector.get("expect", {}).items():
        got = resolve(payload, dotted)
        assert (None if got is None else str(got)) == want, dotted


@pytest.mark.parametrize("vector", vector_params(valid=False))
def test_invalid_vector(vector: dict[str, Any]) -> None:
    text = vector["payload"]
    now = _now(vector)
    error = vector["error"]
    path = tuple(error["path"])
    assert not qrpay.is_valid(text, now=now)
    if "raises" in error:
        cls = getattr(qrpay, error["raises"])
        with pytest.raises(cls) as caught:
            qrpay.decode(text, now=now)
        assert caught.value.code == error["code"]
        assert caught.value.path == path
        if "offset" in error:
            assert caught.value.offset == error["offset"]
        found = qrpay.check(text, now=now)
        assert [(i.code, i.path) for i in found] == [(error["code"], path)]
        return
    payload = qrpay.decode(text, now=now)
    matches = [i for i in payload.issues if i.code == error["code"] and i.path == path]
    assert matches, [str(i) for i in payload.issues]
    assert all(i.severity == "error" for i in matches)
    if "offset" in error:
        assert matches[0].offset == error["offset"]
    with pytest.raises(qrpay.ValidationError) as caught:
        qrpay.validate(text, now=now)
    assert any(i.code == error["code"] and i.path == path for i in caught.value.issues)
    with pytest.raises(qrpay.InvalidRequest):
        qrpay.encode(payload)
    if "schemes" in vector:
        assert list(payload.schemes) == vector["schemes"]
