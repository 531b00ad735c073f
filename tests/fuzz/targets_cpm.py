"""Fuzz target for consumer-presented payloads: qrpay.cpm.decode / check.

``cpm``: any text (random bytes as base64, a real or specification CPM payload mutated in
its bytes or in its base64 text, or arbitrary text) -> ``cpm.decode`` raises only a
``QRPayError`` with a ``cpm.`` code and an offset, quickly; what decodes gives back the
exact text (``to_text()``) and its bytes; ``check`` never raises and agrees with
``is_valid``.
"""

from __future__ import annotations

import base64
import json
import time
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from qrpay import QRPayError, cpm

__all__ = ["fuzz_cpm"]

_SETTINGS = settings(deadline=None, database=None, max_examples=300, suppress_health_check=list(HealthCheck))

_VECTORS = Path(__file__).resolve().parents[2] / "fixtures" / "cpm" / "decode.json"
_SEEDS = [
    v["payload"]
    for v in json.loads(_VECTORS.read_text(encoding="utf-8"))["vectors"]
    if v["syntax"]["result"] == "valid"
]
_SEED_BYTES = [base64.b64decode(s + "=" * (-len(s) % 4)) for s in _SEEDS]


@st.composite
def _mutated_bytes(draw: st.DrawFn) -> str:
    data = bytearray(draw(st.sampled_from(_SEED_BYTES)))
    for _ in range(draw(st.integers(1, 4))):
        choice = draw(st.integers(0, 3))
        at = draw(st.integers(0, max(0, len(data) - 1)))
        if choice == 0 and data:
            data[at] = draw(st.integers(0, 255))  # flip a byte (tags and lengths included)
        elif choice == 1:
            data[at:at] = draw(st.binary(min_size=1, max_size=8))
        elif choice == 2:
            del data[at : at + draw(st.integers(1, 8))]
        else:
            data[at:at] = draw(
                st.sampled_from([b"\x81\xff", b"\x82\xff\xff", b"\x83\xff\xff\xff", b"\x61\x80", b"\x9f"])
            )
    text = base64.b64encode(bytes(data)).decode("ascii")
    return text if draw(st.booleans()) else text.rstrip("=")


@st.composite
def _mutated_text(draw: st.DrawFn) -> str:
    text = list(draw(st.sampled_from(_SEEDS)))
    at = draw(st.integers(0, len(text)))
    text[at:at] = draw(st.text(alphabet=st.sampled_from("=+/-_ \n\x00é" + "AQgw"), min_size=1, max_size=3))
    return "".join(text)


_INPUTS = st.one_of(
    _mutated_bytes(),
    _mutated_text(),
    st.binary(max_size=600).map(lambda b: base64.b64encode(b"\x85\x05CPV01" + b).decode("ascii")),
    st.text(max_size=200),
    st.text(
        alphabet=st.sampled_from("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="),
        max_size=300,
    ).map(lambda t: "hQ" + t),
)


@_SETTINGS
@given(_INPUTS)
def fuzz_cpm(text: str) -> None:
    started = time.perf_counter()
    refused: QRPayError | None = None
    try:
        payload = cpm.decode(text)
    except QRPayError as exc:
        refused = exc
    if refused is not None:
        assert refused.code.startswith("cpm.") and refused.offset is not None, refused
        assert [i.code for i in cpm.check(text)] == [refused.code]
        assert cpm.is_valid(text) is False
    else:
        assert payload.to_text() == text
        assert base64.b64decode(text + "=" * (-len(text) % 4)) == payload.to_bytes()
        assert cpm.check(text) == list(payload.issues)
        assert cpm.is_valid(text) is payload.is_valid
    assert time.perf_counter() - started < 2.0, "decode took too long"
