"""Fuzz targets for text shown to people: qrpay.text and the display rules of check().

``display``: any string -> :func:`qrpay.text.for_display` leaves nothing a terminal acts
on and nothing that hides or reorders text, and the escapes undo to the original.

``payload_text``: a CRC-valid payload (TLV and CRC written here, not by qrpay) whose
merchant name, alternate-language name and a template sub-field hold arbitrary Unicode
-> ``check()`` never raises, and reports a ``bidi_control`` / ``invisible_character`` /
``line_separator`` issue at a field exactly when the field holds such a character
(judged by the regex module's Unicode tables, an independent oracle).
"""

from __future__ import annotations

import binascii
import re
import unicodedata

import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qrpay
from qrpay.text import for_display, is_safe

_SETTINGS = settings(deadline=None, database=None, max_examples=200, suppress_health_check=list(HealthCheck))

_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")
_BIDI = regex.compile(r"\p{Bidi_Control}")
_SEPARATOR = regex.compile(r"[\p{Zl}\p{Zp}]")
# Characters check() reports otherwise (invalid_character) or allows in context.
_INVALID = regex.compile(r"[\p{Cc}\p{Cs}\p{Co}\p{Cn}]")
_JOINERS = regex.compile(r"[\u200c\u200d\ufe00-\ufe0f]")
_IGNORABLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\p{Cf}]")

# Text made of what attacks use (controls, bidi, invisibles, look-alikes) and real scripts.
_HOSTILE = st.sampled_from(
    list("\x1b\x07\x9b\u202e\u202d\u2066\u2067\u2068\u2069\u200e\u200f\u061c\u200b\u200c\u200d")
    + list("\u2060\ufeff\u00ad\u3164\u2028\u2029\U000e0041\ufe0f\u0430\u043e\u0391")
)
_SCRIPTS = st.sampled_from([*"AbcXyz019 .-&ក្ខគ់ไทยກາລលංකා中文タワ한", "ශ්\u200dරී"])
_TEXT = st.lists(st.one_of(_HOSTILE, _SCRIPTS, st.characters()), min_size=1, max_size=30).map("".join)


@_SETTINGS
@given(st.one_of(_TEXT, st.text()))
def fuzz_display(text: str) -> None:
    shown = for_display(text)
    assert is_safe(shown), shown
    assert "\x1b" not in shown and "\x9b" not in shown
    undone = _ESCAPE.sub(lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1)[1:], 16)), shown)
    assert undone == text


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def _expected(value: str) -> tuple[set[str], set[str]]:
    """(codes that must be reported, codes that may be): joiners and variation selectors
    are allowed in context, so they may or may not make an invisible_character."""
    must = set()
    if _BIDI.search(value):
        must.add("bidi_control")
    if _SEPARATOR.search(value):
        must.add("line_separator")
    ignorable = [m.group() for m in _IGNORABLE.finditer(value) if not _BIDI.match(m.group())]
    if any(not _JOINERS.match(ch) for ch in ignorable):
        must.add("invisible_character")
    may = must | ({"invisible_character"} if ignorable else set())
    return must, may


@_SETTINGS
@given(_TEXT.filter(lambda t: len(t) <= 25), _TEXT, _TEXT.filter(lambda t: len(t) <= 25))
def fuzz_payload_text(name: str, alt_name: str, account: str) -> None:
    body = (
        _tlv("00", "01")
        + _tlv("01", "11")
        + _tlv("29", _tlv("00", "kh.gov.nbc.bakong") + _tlv("01", account))
        + _tlv("52", "5999")
        + _tlv("53", "116")
        + _tlv("58", "KH")
        + _tlv("59", name)
        + _tlv("60", "PHNOM PENH")
        + _tlv("64", _tlv("00", "km") + _tlv("01", alt_name))
        + "6304"
    )
    if _INVALID.search(body) and regex.search(r"\p{Cs}", body):
        return  # a lone surrogate has no UTF-8 form: decode refuses it (tested elsewhere)
    text = body + f"{binascii.crc_hqx(body.encode('utf-8'), 0xFFFF):04X}"
    issues = qrpay.check(text)  # must never raise
    display = {"bidi_control", "invisible_character", "line_separator"}
    for path, value in ((("59",), name), (("64", "01"), alt_name), (("29", "01"), account)):
        found = {i.code for i in issues if i.path == path and i.code in display}
        if any(unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn") for ch in value):
            # a control or non-character (by CPython's own Unicode version, which may be
            # older than the oracle's) stops the character checks at invalid_character
            continue
        if path == ("59",) and value.isascii():
            continue
        must, may = _expected(value)
        assert must <= found <= may, (path, value, found)
