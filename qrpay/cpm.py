"""EMVCo consumer-presented mode (CPM): decode, validate and build.

EMV® QR Code Specification for Payment Systems, Consumer-Presented Mode, v1.0 (July
2017), "CPM" below. A consumer's wallet shows a QR code that the merchant scans: the
payload is binary BER-TLV data (EMV Book 3 Annex B) written as base64 (RFC 4648) text
(CPM 3.1.1, 3.2)::

    85 05 "CPV01"                       Payload Format Indicator, first (Table 3.1)
    61 ..                               Application Template (1 or 2)
       4F AID, 50 label, 57 track 2, 5A PAN, 5F20 name, 5F2D languages, 5F50 issuer URL,
       9F08, 9F19, 9F24, 9F25 (Table 6.1), and 63 .. transparent data (cryptogram, ...)
    62 ..                               Common Data Template (with two 61), 64 transparent
    xx ..                               other templates

* :func:`decode` raises :class:`~qrpay.errors.DecodeError` (``TLVError`` for BER-TLV
  structure) when the text is not base64 of BER-TLV starting with tag 85; everything
  else is an :class:`~qrpay.errors.Issue` in ``CPMPayload.issues`` (codes ``cpm.*``,
  docs/errors.md and docs/cpm.md).
* :func:`check` returns every issue and never raises for a ``str`` or ``bytes``;
  :func:`validate` raises :class:`~qrpay.errors.ValidationError`.
* :func:`build` writes a payload from typed fields (:class:`ApplicationFields`,
  :class:`CommonFields`) and refuses, with :class:`~qrpay.errors.InvalidRequest`, any
  payload that would carry an error or a warning.

Decoding is lossless: ``decode(text).to_text() == text`` for every text it accepts
(headers are kept byte for byte, so non-minimal BER lengths survive, and so does
missing base64 padding). Offsets in issues and TLV errors are *byte* offsets into the
decoded binary data; offsets in base64 errors are character offsets into the text.

Variants seen in the field are read with warnings (docs/cpm.md): JPQR's payload format
``JPQR1``, transit tickets whose ADF Name is ASCII text (``GCASH``, ``QCAT01``) and that
may carry no PAN, QRIS CPM issuer URLs without a URI scheme, PayNet's (DuitNow) long PAN
and its transparent template at the root.

>>> payload = decode("hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=")
>>> app = payload.applications[0]
>>> app.aid, app.pan, app.track2.expiry if app.track2 else None
('A0000000555555', '1234567890123458', '1912')
>>> payload.to_text()
'hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8='
"""

from __future__ import annotations

import binascii
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .errors import DecodeError, InvalidRequest, Issue, QRPayError, TLVError, ValidationError
from .iso import is_language

__all__ = [
    "CPV01",
    "MAX_DEPTH",
    "NETWORKS",
    "TAG_NAMES",
    "Application",
    "ApplicationFields",
    "CPMObject",
    "CPMPayload",
    "CommonData",
    "CommonFields",
    "Track2",
    "build",
    "check",
    "decode",
    "is_ascii_aid",
    "is_valid",
    "looks_like_cpm",
    "parse_track2",
    "validate",
]

#: The payload format indicator of CPM v1.0 (Table 3.1, Annex A.1).
CPV01 = "CPV01"
#: JPQR's consumer-presented payloads write ``JPQR1`` in tag 85 (suzzshin/jpqr-cpm,
#: citing JPQR "CPM_Guideline_1.2"); read with a warning.
JPQR1 = "JPQR1"
#: Deepest template nesting read (root objects are depth 1). CPM nests three levels
#: (61 > 63 > data); anything far deeper is hostile and would only cost recursion.
MAX_DEPTH = 8
#: The largest byte-mode QR symbol (ISO/IEC 18004 version 40-L) holds 2953 bytes, so no
#: scanned text is longer; refused before decoding.
MAX_TEXT_CHARS = 2953
#: CPM 3.1: readers need only recover 512 bytes; more is a warning.
RECOMMENDED_MAX_CHARS = 512

_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")

#: Tag names (CPM Table 3.1, Table 6.1, Annex A; EMV Book 3 Annex A for the
#: transparent data seen in real codes).
TAG_NAMES: Mapping[str, str] = {
    "85": "Payload Format Indicator",
    "61": "Application Template",
    "62": "Common Data Template",
    "63": "Application Specific Transparent Template",
    "64": "Common Data Transparent Template",
    "4F": "ADF Name (AID)",
    "50": "Application Label",
    "57": "Track 2 Equivalent Data",
    "5A": "Application PAN",
    "5F20": "Cardholder Name",
    "5F2D": "Language Preference",
    "5F34": "PAN Sequence Number",
    "5F50": "Issuer URL",
    "9F08": "Application Version Number",
    "9F19": "Token Requestor ID",
    "9F24": "Payment Account Reference",
    "9F25": "Last 4 Digits of PAN",
    "82": "Application Interchange Profile",
    "9F10": "Issuer Application Data",
    "9F26": "Application Cryptogram",
    "9F27": "Cryptogram Information Data",
    "9F36": "Application Transaction Counter",
    "9F37": "Unpredictable Number",
}

#: Payment networks by the start of the ADF Name (hex). Sources: UnionPay's RID
#: A000000333 (mvallim/emv-qrcode ConsumerPresentedModeDecoderTest, UnionPay CPQRC
#: test payloads); QRIS CPM A0000006022020 and PayNet (DuitNow) A0000006150001 are
#: observed in real codes only (docs/cpm.md).
NETWORKS: Mapping[str, str] = {
    "A000000333": "UnionPay",
    "A0000006022020": "QRIS",
    "A0000006150001": "PayNet DuitNow",
}

Severity = Literal["error", "warning"]


# -- the data model ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CPMObject:
    """One BER-TLV data object as it was read.

    ``tag`` is upper-case hex (``"5F20"``); ``header`` the tag and length bytes exactly
    as written; ``value`` the value bytes; ``offset`` the byte offset of the tag in the
    decoded payload; ``path`` the tags from the root (``("61", "63", "9F26")``);
    ``children`` the objects inside a constructed tag, or ``None`` (primitive, or a
    transparent template whose content is not BER-TLV).
    """

    tag: str
    header: bytes
    value: bytes
    offset: int
    path: tuple[str, ...]
    children: tuple[CPMObject, ...] | None = None

    @property
    def raw(self) -> bytes:
        """Header and value: the object's exact bytes."""
        return self.header + self.value

    @property
    def constructed(self) -> bool:
        """Bit 6 of the first tag byte (EMV Book 3 Annex B1): a template."""
        return bool(int(self.tag[:2], 16) & 0x20)

    @property
    def name(self) -> str | None:
        return TAG_NAMES.get(self.tag)

    @property
    def text(self) -> str | None:
        """The value as text when it is printable ASCII, else ``None``."""
        try:
            decoded = self.value.decode("ascii")
        except UnicodeDecodeError:
            return None
        return decoded if decoded.isprintable() else None

    @property
    def hex(self) -> str:
        return self.value.hex().upper()

    def child(self, tag: str) -> CPMObject | None:
        """The first child with ``tag``, or ``None``."""
        for obj in self.children or ():
            if obj.tag == tag:
                return obj
        return None

    def walk(self) -> Iterator[CPMObject]:
        """This object and every object inside it, in byte order."""
        yield self
        for obj in self.children or ():
            yield from obj.walk()


@dataclass(frozen=True, slots=True)
class Track2:
    """Track 2 Equivalent Data (tag 57) split per CPM Table 6.2."""

    pan: str
    expiry: str  # YYMM
    service_code: str
    discretionary: str


def parse_track2(value: bytes) -> Track2 | None:
    """Split tag 57's nibbles (PAN ``D`` YYMM service-code discretionary ``F``), or ``None``."""
    nibbles = value.hex().upper()
    if nibbles.endswith("F"):
        nibbles = nibbles[:-1]
    match = _TRACK2.fullmatch(nibbles)
    if match is None:
        return None
    return Track2(match["pan"], match["expiry"], match["service"], match["rest"])


_TRACK2 = re.compile(r"(?P<pan>[0-9]{1,19})D(?P<expiry>[0-9]{4})(?P<service>[0-9]{3})(?P<rest>[0-9]*)")


def _cn_digits(value: bytes) -> str | None:
    """Compressed numeric (CPM Table 1.4): digits, left justified, padded with F."""
    nibbles = value.hex().upper().rstrip("F")
    return nibbles if nibbles.isdigit() else None


class _DataView:
    """Typed access to the POI data of one template (61 or 62)."""

    template: CPMObject

    def _object(self, tag: str) -> CPMObject | None:
        return self.template.child(tag)

    def _text(self, tag: str) -> str | None:
        obj = self._object(tag)
        return None if obj is None else obj.value.decode("latin-1")

    @property
    def label(self) -> str | None:
        """50 Application Label."""
        return self._text("50")

    @property
    def track2(self) -> Track2 | None:
        """57 Track 2 Equivalent Data, split; ``None`` when absent or malformed."""
        obj = self._object("57")
        return None if obj is None else parse_track2(obj.value)

    @property
    def cardholder_name(self) -> str | None:
        """5F20 Cardholder Name."""
        return self._text("5F20")

    @property
    def languages(self) -> tuple[str, ...]:
        """5F2D Language Preference: ISO 639-1 codes in order of preference."""
        text = self._text("5F2D") or ""
        return tuple(text[i : i + 2] for i in range(0, len(text) - 1, 2))

    @property
    def issuer_url(self) -> str | None:
        """5F50 Issuer URL (``tel:`` or ``mailto:``, CPM Table 6.3)."""
        return self._text("5F50")

    @property
    def app_version(self) -> str | None:
        """9F08 Application Version Number as hex (CPM 6.1.1.5 default ``0010``)."""
        obj = self._object("9F08")
        return None if obj is None else obj.hex

    @property
    def token_requestor_id(self) -> str | None:
        """9F19 Token Requestor ID (n 6: 11 digits)."""
        obj = self._object("9F19")
        return None if obj is None else obj.hex

    @property
    def par(self) -> str | None:
        """9F24 Payment Account Reference."""
        return self._text("9F24")

    @property
    def last4(self) -> str | None:
        """9F25 Last 4 Digits of PAN."""
        obj = self._object("9F25")
        return None if obj is None else obj.hex

    @property
    def transparent(self) -> CPMObject | None:
        """63 (in 61) or 64 (in 62): data the POI forwards unparsed."""
        return self._object("63" if self.template.tag == "61" else "64")


@dataclass(frozen=True, slots=True)
class CommonData(_DataView):
    """The Common Data Template (62): data that applies to both applications."""

    template: CPMObject

    @property
    def pan(self) -> str | None:
        obj = self._object("5A")
        return None if obj is None else _cn_digits(obj.value)


@dataclass(frozen=True, slots=True)
class Application(_DataView):
    """One Application Template (61), with the common data (62) merged in for reading
    (CPM 5.1.1.9: the POI data is the chosen application's plus the common data)."""

    template: CPMObject
    common: CommonData | None = None

    def _object(self, tag: str) -> CPMObject | None:
        found = self.template.child(tag)
        if found is None and self.common is not None:
            found = self.common.template.child(tag)
        return found

    @property
    def aid(self) -> str | None:
        """4F ADF Name as hex (``A0000000555555``)."""
        obj = self.template.child("4F")
        return None if obj is None else obj.hex

    @property
    def aid_text(self) -> str | None:
        """4F as text when it is a transit ticket's ASCII pseudo-AID (``GCASH``)."""
        obj = self.template.child("4F")
        return None if obj is None or not is_ascii_aid(obj.value) else obj.value.decode("ascii")

    @property
    def network(self) -> str | None:
        """The payment network the AID belongs to, when qrpay knows it."""
        return _network(self.aid)

    @property
    def pan(self) -> str | None:
        """5A Application PAN, else the PAN in track 2 (CPM 6.1.1.2)."""
        obj = self._object("5A")
        if obj is not None:
            if self.aid_text is not None and obj.value.isdigit():
                return obj.value.decode("ascii")  # transit tickets write the account in ASCII
            return _cn_digits(obj.value)
        track2 = self.track2
        return track2.pan if track2 else None


@dataclass(frozen=True, slots=True)
class CPMPayload:
    """A decoded (or built) consumer-presented payload.

    ``objects`` are the root data objects; ``issues`` every finding. ``padded`` says
    whether the text carried base64 padding (RFC 4648 3.2), which :meth:`to_text`
    reproduces.
    """

    objects: tuple[CPMObject, ...]
    issues: tuple[Issue, ...] = ()
    padded: bool = True

    @property
    def is_valid(self) -> bool:
        """No error-severity issue (warnings allowed)."""
        return not any(i.is_error for i in self.issues)

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if i.is_error)

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self.issues if not i.is_error)

    @property
    def payload_format(self) -> str | None:
        """Tag 85's value as text (``CPV01``; ``JPQR1`` for JPQR)."""
        obj = self.find("85")
        return None if obj is None else obj.value.decode("latin-1")

    @property
    def variant(self) -> str:
        """``"jpqr"`` for JPQR's ``JPQR1`` indicator, else ``"emvco"``."""
        return "jpqr" if self.payload_format == JPQR1 else "emvco"

    @property
    def common_data(self) -> CommonData | None:
        obj = self.find("62")
        return None if obj is None or obj.children is None else CommonData(obj)

    @property
    def applications(self) -> tuple[Application, ...]:
        common = self.common_data
        return tuple(
            Application(obj, common) for obj in self.objects if obj.tag == "61" and obj.children is not None
        )

    def find(self, tag: str) -> CPMObject | None:
        """The first root object with ``tag``."""
        for obj in self.objects:
            if obj.tag == tag:
                return obj
        return None

    def walk(self) -> Iterator[CPMObject]:
        """Every object, depth first, in byte order."""
        for obj in self.objects:
            yield from obj.walk()

    def to_bytes(self) -> bytes:
        """The binary BER-TLV payload."""
        return b"".join(obj.raw for obj in self.objects)

    def to_text(self) -> str:
        """The base64 text: exactly the text that was decoded."""
        text = binascii.b2a_base64(self.to_bytes(), newline=False).decode("ascii")
        return text if self.padded else text.rstrip("=")

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (the CLI's ``fields`` for a CPM payload)."""
        return {
            "format": "cpm",
            "payload_format": self.payload_format,
            "variant": self.variant,
            "applications": [
                {
                    "aid": app.aid,
                    "aid_text": app.aid_text,
                    "network": app.network,
                    "label": app.label,
                    "pan": app.pan,
                    "track2": None
                    if app.track2 is None
                    else {
                        "pan": app.track2.pan,
                        "expiry": app.track2.expiry,
                        "service_code": app.track2.service_code,
                        "discretionary": app.track2.discretionary,
                    },
                    "cardholder_name": app.cardholder_name,
                    "languages": list(app.languages),
                    "issuer_url": app.issuer_url,
                    "app_version": app.app_version,
                    "token_requestor_id": app.token_requestor_id,
                    "par": app.par,
                    "last4": app.last4,
                }
                for app in self.applications
            ],
        }


# -- base64 and BER-TLV ------------------------------------------------------------------------


def looks_like_cpm(text: object) -> bool:
    """True when ``text`` starts like a CPM payload (CPM 5.1.1.1).

    ``hQVDUFY`` is base64 of ``85 05 "CPV"``, the spec's test; ``hQVKUFFS`` is JPQR's
    ``85 05 "JPQR"``.
    """
    if isinstance(text, bytes | bytearray):
        text = bytes(text[:8]).decode("latin-1")
    return isinstance(text, str) and text.startswith(("hQVDUFY", "hQVKUFFS"))


#: Two base64 characters whose first byte is 0x85 (tag 85): 'h' then Q-f.
_STARTS_WITH_85 = re.compile(r"h[Q-Za-f]")


def _decode_base64(text: str) -> tuple[bytes, bool]:
    """RFC 4648 section 4 base64 with a character offset on every failure."""
    for index, ch in enumerate(text):
        if ch not in _ALPHABET and ch != "=":
            raise DecodeError(
                f"character {ch!r} at offset {index} is not in the base64 alphabet of RFC 4648 "
                "section 4 (CPM 5.1.1.2: the payload must be base64)",
                code="cpm.not_base64",
                offset=index,
                ctx={"unit": "character", "character": ch},
            )
    body = text.rstrip("=")
    pads = len(text) - len(body)
    if "=" in body:
        index = body.index("=")
        raise DecodeError(
            f"padding '=' at offset {index} before the end of the text (RFC 4648 section 3.2)",
            code="cpm.not_base64",
            offset=index,
            ctx={"unit": "character"},
        )
    if len(body) % 4 == 1 or pads > 2 or (pads and len(text) % 4):
        raise DecodeError(
            f"base64 text of {len(text)} characters ({len(body)} before padding) cannot be "
            "whole bytes (RFC 4648 section 4: groups of 4 characters, '=' pads the last)",
            code="cpm.not_base64",
            offset=len(body),
            ctx={"unit": "character"},
        )
    padded = bool(pads) or len(body) % 4 == 0
    data = binascii.a2b_base64(body + "=" * (-len(body) % 4))
    # RFC 4648 3.5: the pad bits of the last character must be zero, or the text is not
    # the only encoding of its bytes and to_text() could not give it back.
    canonical = binascii.b2a_base64(data, newline=False).decode("ascii")
    if canonical.rstrip("=") != body:
        raise DecodeError(
            f"the last base64 character {body[-1]!r} has non-zero pad bits (RFC 4648 section 3.5): "
            "the text is not the canonical encoding of its bytes",
            code="cpm.not_base64",
            offset=len(body) - 1,
            ctx={"unit": "character"},
        )
    return data, padded


def _where(path: tuple[str, ...]) -> str:
    return "the payload" if not path else "template " + ".".join(path)


def _parse(
    data: bytes,
    start: int,
    end: int,
    path: tuple[str, ...],
    depth: int,
    issues: list[Issue],
) -> tuple[CPMObject, ...]:
    """Walk BER-TLV data objects in ``data[start:end]`` (EMV Book 3 Annex B)."""
    if depth > MAX_DEPTH:
        raise TLVError(
            f"templates nest deeper than {MAX_DEPTH} levels at byte {start}; CPM nests three "
            "(61 > 63 > data), so qrpay stops here",
            code="cpm.too_deep",
            path=path,
            offset=start,
            ctx={"unit": "byte", "max_depth": MAX_DEPTH},
        )
    objects: list[CPMObject] = []
    i = start
    while i < end:
        at = i
        first = data[i]
        if first in (0x00, 0xFF):
            # EMV Book 3 Annex B allows 00 padding between objects; CPM payloads carry
            # none, and keeping the text lossless would need them as objects. Refused.
            raise TLVError(
                f"byte {first:02X} at byte {at} in {_where(path)} is not a tag (EMV Book 3 Annex B1: "
                "00 and FF are padding or reserved, never the first byte of a tag)",
                code="cpm.tlv_bad_tag",
                path=path,
                offset=at,
                ctx={"unit": "byte"},
            )
        i += 1
        if first & 0x1F == 0x1F:  # more tag bytes follow (Annex B1)
            while True:
                if i >= end:
                    raise _truncated(path, at, "its tag", end)
                if i - at >= 4:
                    raise TLVError(
                        f"tag starting at byte {at} is longer than 4 bytes (EMV tags are 1-2 bytes, "
                        "Book 3 Annex B1)",
                        code="cpm.tlv_bad_tag",
                        path=path,
                        offset=at,
                        ctx={"unit": "byte"},
                    )
                more = data[i] & 0x80
                i += 1
                if not more:
                    break
        tag = data[at:i].hex().upper()
        here = (*path, tag)
        if i >= end:
            raise _truncated(here, at, "its length", end)
        length = data[i]
        i += 1
        if length & 0x80:
            count = length & 0x7F
            if count == 0 or count > 3:
                raise TLVError(
                    f"tag {tag} at byte {at} has length byte {length:02X}: "
                    + (
                        "the indefinite form, which EMV does not use (Book 3 Annex B2)"
                        if count == 0
                        else f"{count} length bytes follow, more than the 3 EMV allows (Book 3 Annex B2); "
                        f"a length of {length} is written 81 {length:02X}"
                    ),
                    code="cpm.tlv_bad_length",
                    path=here,
                    offset=at,
                    ctx={"unit": "byte"},
                )
            if i + count > end:
                raise _truncated(here, at, "its length", end)
            length = int.from_bytes(data[i : i + count], "big")
            i += count
            if length < (0x80 if count == 1 else 1 << (8 * (count - 1))):
                issues.append(
                    _issue(
                        "cpm.length_not_minimal",
                        here,
                        at,
                        f"tag {tag}'s length {length} is written in {count + 1} bytes where "
                        f"{'1' if length < 0x80 else str(count)} would do (BER allows it; DER and "
                        "most writers use the shortest form, EMV Book 3 Annex B2)",
                        "warning",
                    )
                )
        header_end = i
        if header_end + length > end:
            raise TLVError(
                f"tag {tag} at byte {at} declares {length} bytes of value but only "
                f"{end - header_end} remain in {_where(path)} (EMV Book 3 Annex B2)",
                code="cpm.tlv_truncated",
                path=here,
                offset=at,
                ctx={"unit": "byte", "declared": length, "available": end - header_end},
            )
        value = data[header_end : header_end + length]
        children: tuple[CPMObject, ...] | None = None
        if first & 0x20:  # constructed: a template (Annex B1, bit 6)
            if tag in ("63", "64") or "63" in path or "64" in path:
                # CPM 5.1.1.7/5.1.1.8: transparent data is forwarded as one blob; read it
                # when it is BER-TLV, keep it as bytes with a warning when not.
                nested: list[Issue] = []
                try:
                    children = _parse(data, header_end, header_end + length, here, depth + 1, nested)
                except TLVError as exc:
                    issues.append(
                        _issue(
                            "cpm.transparent_not_tlv",
                            here,
                            at,
                            f"the content of template {tag} is not BER-TLV ({exc.message}); kept as "
                            "bytes, which the POI forwards unparsed (CPM 5.1.1.7, 5.1.1.8)",
                            "warning",
                        )
                    )
                else:
                    issues.extend(nested)
            else:
                children = _parse(data, header_end, header_end + length, here, depth + 1, issues)
        objects.append(CPMObject(tag, data[at:header_end], value, at, here, children))
        i = header_end + length
    return tuple(objects)


def _truncated(path: tuple[str, ...], at: int, part: str, end: int) -> TLVError:
    return TLVError(
        f"the data object at byte {at} ends before {part} is complete (only {end - at} "
        f"byte{'' if end - at == 1 else 's'} left; EMV Book 3 Annex B)",
        code="cpm.tlv_truncated",
        path=path,
        offset=at,
        ctx={"unit": "byte"},
    )


def _issue(code: str, path: tuple[str, ...], offset: int | None, message: str, severity: Severity) -> Issue:
    return Issue(code, path, offset, message, severity, "cpm")


# -- decode ------------------------------------------------------------------------------------


def _as_text(text: object) -> str:
    if isinstance(text, bytes | bytearray | memoryview):
        raw = bytes(text)
        if not raw.isascii():
            index = next(i for i, b in enumerate(raw) if b > 0x7F)
            raise DecodeError(
                f"byte {raw[index]:02X} at offset {index} is not base64 (CPM 5.1.1.2)",
                code="cpm.not_base64",
                offset=index,
                ctx={"unit": "character"},
            )
        return raw.decode("ascii")
    if isinstance(text, str):
        return text
    raise DecodeError(f"expected CPM text (str), got {type(text).__name__}", code="not_text")


def decode(text: str | bytes) -> CPMPayload:
    """Decode base64 CPM text; raises :class:`~qrpay.errors.DecodeError` when it is not
    base64 BER-TLV starting with tag 85, and reports every rule in ``issues``."""
    text = _as_text(text)
    if not text:
        raise DecodeError("empty text: no CPM payload", code="cpm.empty", offset=0)
    if len(text) > MAX_TEXT_CHARS:
        raise DecodeError(
            f"text of {len(text)} characters is longer than any QR symbol holds "
            f"({MAX_TEXT_CHARS}, ISO/IEC 18004 version 40-L); refused before decoding",
            code="cpm.too_long",
            offset=MAX_TEXT_CHARS,
        )
    if text != text.strip():
        index = 0 if text[0].isspace() else len(text.rstrip())
        raise DecodeError(
            "leading or trailing whitespace (a scanner's newline?): strip it; qrpay does not "
            "rewrite input silently",
            code="cpm.surrounding_whitespace",
            offset=index,
        )
    if not _STARTS_WITH_85.match(text):
        raise DecodeError(_not_cpm_message(text), code="cpm.not_cpm", offset=0)
    data, padded = _decode_base64(text)
    issues: list[Issue] = []
    objects = _parse(data, 0, len(data), (), 1, issues)
    payload = CPMPayload(objects, (), padded)
    if not padded:
        issues.append(
            _issue(
                "cpm.base64_padding",
                (),
                None,
                "the base64 text has no '=' padding (RFC 4648 section 3.2 requires it; CPM 3.2 "
                "encodes per RFC 4648)",
                "warning",
            )
        )
    issues.extend(_rules(payload, len(text)))
    return CPMPayload(objects, tuple(_sorted(issues)), padded)


def _sorted(issues: Iterable[Issue]) -> list[Issue]:
    return sorted(issues, key=lambda i: (i.offset is None, i.offset or 0, i.path, i.code))


def _not_cpm_message(text: str) -> str:
    if text.startswith("000201") or text[:4].isdigit():
        kind = "it looks like a merchant-presented EMVCo payload (read it with qrpay.decode)"
    else:
        preview = text[:16] + ("…" if len(text) > 16 else "")
        kind = f"text {preview!r} does not start like one"
    return (
        "not a consumer-presented payload: CPM text is base64 starting with 'hQVDUFY' "
        f"(tag 85 'CPV…', CPM 5.1.1.1); {kind}"
    )


def check(text: object) -> list[Issue]:
    """Every issue, decode errors included as one issue; never raises for ``str``/``bytes``."""
    try:
        return list(decode(text).issues)  # type: ignore[arg-type]
    except QRPayError as exc:
        return [_as_issue(exc)]


def validate(text: str | bytes) -> CPMPayload:
    """Decode and raise :class:`~qrpay.errors.ValidationError` carrying every error."""
    payload = decode(text)
    if not payload.is_valid:
        raise ValidationError.from_issues(payload.errors)
    return payload


def is_valid(text: object) -> bool:
    """True when ``text`` decodes with no error; never raises."""
    try:
        return decode(text).is_valid  # type: ignore[arg-type]
    except QRPayError:
        return False


# -- rules --------------------------------------------------------------------------------------

_POI_TAGS = ("4F", "50", "57", "5A", "5F20", "5F2D", "5F50", "9F08", "9F19", "9F24", "9F25")


def _network(aid: str | None) -> str | None:
    if not aid:
        return None
    for prefix, name in NETWORKS.items():
        if aid.startswith(prefix):
            return name
    return None


def is_ascii_aid(value: bytes) -> bool:
    """An ADF Name made of ASCII letters and digits (``GCASH``, ``QCAT01``): not an ISO
    7816-5 AID, whose first nibble is the registration category (A or D, F proprietary)."""
    return bool(value) and value.isascii() and value.decode("ascii").isalnum()


def _rules(payload: CPMPayload, text_length: int) -> list[Issue]:
    issues: list[Issue] = []
    add = issues.append
    objects = payload.objects
    pfi = objects[0]
    jpqr = pfi.value == JPQR1.encode()
    if pfi.value != CPV01.encode():
        shown = pfi.value.decode("latin-1")
        if jpqr:
            add(
                _issue(
                    "cpm.payload_format_value",
                    pfi.path,
                    pfi.offset,
                    "payload format indicator is 'JPQR1' (JPQR's consumer-presented variant, "
                    "suzzshin/jpqr-cpm citing the JPQR CPM guideline 1.2); EMVCo CPM 5.1.1.3 requires "
                    "'CPV01'",
                    "warning",
                )
            )
        else:
            add(
                _issue(
                    "cpm.payload_format_value",
                    pfi.path,
                    pfi.offset,
                    f"payload format indicator is {shown!r}; CPM 5.1.1.3 and Annex A.1 require 'CPV01'",
                    "error",
                )
            )
    if text_length > RECOMMENDED_MAX_CHARS:
        add(
            _issue(
                "cpm.payload_length",
                (),
                None,
                f"the text is {text_length} characters; CPM readers need only recover 512 bytes "
                "(3.1, 4.1.1.1), so some will not read it",
                "warning",
            )
        )
    # Root structure (Table 3.1): 85, one or two 61, an optional 62 with two 61, then
    # other templates.
    apps = [o for o in objects if o.tag == "61"]
    commons = [o for o in objects if o.tag == "62"]
    if not apps:
        add(
            _issue(
                "cpm.no_application",
                ("61",),
                None,
                "no Application Template (61): CPM 5.1.1.3 requires one",
                "error",
            )
        )
    for extra in apps[2:]:
        add(
            _issue(
                "cpm.too_many_applications",
                extra.path,
                extra.offset,
                f"{len(apps)} Application Templates (61); CPM Table 3.1 allows one or two",
                "error",
            )
        )
    for obj in objects[1:]:
        if obj.tag == "85":
            add(
                _issue(
                    "cpm.duplicate_tag",
                    obj.path,
                    obj.offset,
                    "a second Payload Format Indicator (85); it is the first object, once (Table 3.1)",
                    "error",
                )
            )
    for extra in commons[1:]:
        add(
            _issue(
                "cpm.duplicate_tag",
                extra.path,
                extra.offset,
                "a second Common Data Template (62); Table 3.1 allows one",
                "error",
            )
        )
    if commons and len(apps) == 1:
        add(
            _issue(
                "cpm.common_data_single_application",
                commons[0].path,
                commons[0].offset,
                "a Common Data Template (62) with one Application Template: CPM 3.1 (Table 3.1) "
                "allows either one 61, or two 61 with an optional 62",
                "error",
            )
        )
    seen_other = False
    seen_common = False
    for obj in objects[1:]:
        if (obj.tag == "61" and (seen_other or seen_common)) or (obj.tag == "62" and seen_other):
            add(
                _issue(
                    "cpm.template_order",
                    obj.path,
                    obj.offset,
                    f"template {obj.tag} after "
                    + ("another template" if seen_other else "the Common Data Template (62)")
                    + ": 85, the Application Templates, then 62 come first (CPM 3.1, Table 3.1)",
                    "error",
                )
            )
        if obj.tag == "62":
            seen_common = True
        elif obj.tag not in ("61", "85"):
            seen_other = True
            if obj.tag in ("63", "64"):
                inside = "61" if obj.tag == "63" else "62"
                add(
                    _issue(
                        "cpm.transparent_placement",
                        obj.path,
                        obj.offset,
                        f"transparent template {obj.tag} at the root; CPM Table 3.1 places it "
                        f"inside {inside} (seen in PayNet DuitNow codes)",
                        "warning",
                    )
                )
            elif not obj.constructed:
                add(
                    _issue(
                        "cpm.unexpected_object",
                        obj.path,
                        obj.offset,
                        f"primitive data object {obj.tag} at the root; CPM Table 3.1 has only "
                        "templates after 85",
                        "warning",
                    )
                )
    common = payload.common_data
    shared: set[str] = set()
    for app_obj in apps:
        relaxed = _relaxations(app_obj, jpqr)
        shared |= relaxed
        issues.extend(_application_rules(Application(app_obj, common), relaxed))
    if common is not None:
        # the common data serves the applications: their relaxations apply to it too
        issues.extend(_template_formats(common.template, relaxed=frozenset(shared)))
        issues.extend(_duplicates(common.template))
        for app_obj in apps:
            for obj in common.template.children or ():
                if obj.tag in ("64",):
                    continue
                if app_obj.child(obj.tag) is not None:
                    add(
                        _issue(
                            "cpm.duplicate_object",
                            obj.path,
                            obj.offset,
                            f"tag {obj.tag} is in both the Application Template (61 at byte "
                            f"{app_obj.offset}) and the Common Data Template (62): the same data object "
                            "must not appear in both (CPM 3.1, 5.1.1.10)",
                            "error",
                        )
                    )
    return issues


def _relaxations(template: CPMObject, jpqr: bool) -> frozenset[str]:
    """Which rules are warnings for this application (docs/cpm.md, "Variants")."""
    relaxed: set[str] = set()
    aid = template.child("4F")
    if jpqr or (aid is not None and is_ascii_aid(aid.value)):
        relaxed |= {"formats", "account", "aid_length"} if jpqr else {"formats", "account"}
    network = _network(aid.hex) if aid is not None else None
    if network == "QRIS":
        relaxed.add("issuer_url")
    elif network == "PayNet DuitNow":
        relaxed.add("pan_length")
    return frozenset(relaxed)


def _duplicates(template: CPMObject) -> list[Issue]:
    found: list[Issue] = []
    seen: set[str] = set()
    for obj in template.children or ():
        if obj.tag in seen and obj.tag not in ("63", "64"):
            found.append(
                _issue(
                    "cpm.duplicate_object",
                    obj.path,
                    obj.offset,
                    f"tag {obj.tag} occurs twice in template {template.tag}: a POI data object occurs "
                    "once (CPM 5.1.1.10)",
                    "error",
                )
            )
        seen.add(obj.tag)
    return found


def _application_rules(app: Application, relaxed: frozenset[str]) -> list[Issue]:
    issues: list[Issue] = []
    add = issues.append
    template = app.template
    aid_obj = template.child("4F")
    jpqr = "aid_length" in relaxed
    if aid_obj is None:
        add(
            _issue(
                "cpm.missing_aid",
                (*template.path, "4F"),
                template.offset,
                "Application Template without an ADF Name (4F): Table 6.1 makes it mandatory, "
                "and a POI skips such a template (CPM 5.1.1.4)",
                "error",
            )
        )
    else:
        ascii_aid = is_ascii_aid(aid_obj.value)
        if not 5 <= len(aid_obj.value) <= 16:
            add(
                _issue(
                    "cpm.aid_length",
                    aid_obj.path,
                    aid_obj.offset,
                    f"ADF Name {aid_obj.hex} is {len(aid_obj.value)} bytes; CPM 5.1.1.4 and Annex A.1 "
                    "require 5 to 16",
                    "warning" if jpqr else "error",
                )
            )
        if ascii_aid:
            text = aid_obj.value.decode("ascii")
            add(
                _issue(
                    "cpm.aid_ascii",
                    aid_obj.path,
                    aid_obj.offset,
                    f"ADF Name is the ASCII text {text!r}, not an ISO 7816-5 AID (seen in transit "
                    "tickets: GCash 'GCASH', QCAT 'QCAT01'"
                    + ("; JPQR writes its brand identifier here" if jpqr else "")
                    + "); its data is read with its format rules as warnings",
                    "warning",
                )
            )
    has_account = any(app._object(tag) is not None for tag in ("57", "5A"))
    if not has_account:
        add(
            _issue(
                "cpm.missing_account",
                (*template.path, "5A"),
                template.offset,
                "no Track 2 Equivalent Data (57) nor Application PAN (5A) in the application or "
                "the common data: Table 6.1 requires one"
                + (" (a transit ticket or JPQR code: warning)" if "account" in relaxed else ""),
                "warning" if "account" in relaxed else "error",
            )
        )
    issues.extend(_template_formats(template, relaxed=relaxed))
    issues.extend(_duplicates(template))
    return issues


def _template_formats(template: CPMObject, *, relaxed: frozenset[str]) -> list[Issue]:
    """Annex A.1 formats and lengths of the POI data objects in one template."""
    issues: list[Issue] = []
    soft: Severity = "warning" if "formats" in relaxed else "error"

    def report(obj: CPMObject, code: str, message: str, severity: Severity = soft) -> None:
        issues.append(_issue(code, obj.path, obj.offset, message, severity))

    for obj in template.children or ():
        value = obj.value
        tag = obj.tag
        if tag == "50":
            if not 1 <= len(value) <= 16:
                report(obj, "cpm.value_length", f"Application Label is {len(value)} bytes; Annex A.1: 1-16")
            if not _ans(value, space_only=True):
                report(
                    obj,
                    "cpm.value_format",
                    f"Application Label {_show(value)} has characters other than letters, digits "
                    "and space (Annex A.1: ans, special characters limited to space)",
                )
        elif tag == "57":
            if len(value) > 19:
                report(
                    obj,
                    "cpm.value_length",
                    f"Track 2 Equivalent Data is {len(value)} bytes; Annex A.1: at most 19",
                )
            if parse_track2(value) is None or not _track2_padding_ok(value):
                report(
                    obj,
                    "cpm.track2_format",
                    f"Track 2 Equivalent Data {obj.hex} is not PAN (up to 19 digits), 'D', YYMM, a "
                    "3-digit service code, digits, and one 'F' only when needed (CPM Table 6.2)",
                )
        elif tag == "5A":
            pan_soft: Severity = "warning" if "pan_length" in relaxed else soft
            if len(value) > 10:
                report(
                    obj,
                    "cpm.value_length",
                    f"Application PAN is {len(value)} bytes; Annex A.1: cn, at most 10"
                    + (
                        " (PayNet DuitNow codes carry 18)"
                        if pan_soft == "warning" and soft == "error"
                        else ""
                    ),
                    pan_soft,
                )
            if _cn_digits(value) is None or not value:
                report(
                    obj,
                    "cpm.pan_format",
                    f"Application PAN {obj.hex} is not compressed numeric: digits padded with "
                    "trailing F (CPM Table 1.4, Annex A.1)",
                )
        elif tag == "5F20":
            if not 2 <= len(value) <= 26:
                report(obj, "cpm.value_length", f"Cardholder Name is {len(value)} bytes; Annex A.1: 2-26")
            if not _ans(value):
                report(
                    obj,
                    "cpm.value_format",
                    f"Cardholder Name {_show(value)} is not ans (printable ASCII, Annex A.1)",
                )
        elif tag == "5F2D":
            text = value.decode("latin-1")
            codes = [text[i : i + 2] for i in range(0, len(text), 2)]
            if not (
                2 <= len(value) <= 8 and len(value) % 2 == 0 and text.isascii() and text.isalpha()
            ) or not all(is_language(code) for code in codes):
                report(
                    obj,
                    "cpm.language_format",
                    f"Language Preference {_show(value)} is not 1-4 two-letter ISO 639-1 codes "
                    "(Annex A.1, CPM 6.1.1.3)",
                )
        elif tag == "5F50":
            text = value.decode("latin-1")
            if not _ans(value) or not text.startswith(("tel:", "mailto:")):
                qris = "issuer_url" in relaxed
                report(
                    obj,
                    "cpm.issuer_url",
                    f"Issuer URL {_show(value)} is not a 'tel:' (RFC 3966) or 'mailto:' (RFC 6068) URI "
                    "(CPM Table 6.3)"
                    + ("; QRIS CPM codes write a bare e-mail address or number" if qris else ""),
                    "warning" if qris else soft,
                )
        elif tag == "9F08":
            if len(value) != 2:
                report(
                    obj, "cpm.value_length", f"Application Version Number is {len(value)} bytes; Annex A.1: 2"
                )
        elif tag == "9F19":
            if len(value) != 6 or not obj.hex.isdigit():
                report(
                    obj,
                    "cpm.value_format",
                    f"Token Requestor ID {obj.hex} is not 6 bytes of digits (Annex A.1: n, 6)",
                )
        elif tag == "9F24":
            text = value.decode("latin-1")
            if len(value) != 29 or not re.fullmatch(r"[A-Z0-9]*", text):
                report(
                    obj,
                    "cpm.value_format",
                    f"Payment Account Reference {_show(value)} is not 29 upper-case letters and "
                    "digits (Annex A.1; EMV Bulletin 167)",
                )
        elif tag == "9F25" and (len(value) != 2 or not obj.hex.isdigit()):
            report(
                obj,
                "cpm.value_format",
                f"Last 4 Digits of PAN {obj.hex} is not 2 bytes of digits (Annex A.1: n, 2)",
            )
    return issues


def _ans(value: bytes, *, space_only: bool = False) -> bool:
    """EMV Book 4 Annex B common character set: printable ASCII (space to ~)."""
    if not all(0x20 <= b <= 0x7E for b in value):
        return False
    if space_only:
        return all(chr(b).isalnum() or b == 0x20 for b in value)
    return True


def _track2_padding_ok(value: bytes) -> bool:
    """One trailing F, only to complete an odd number of nibbles (CPM Table 6.2)."""
    nibbles = value.hex().upper()
    return not nibbles.endswith("FF") and "F" not in nibbles[:-1]


def _show(value: bytes) -> str:
    return repr(value.decode("latin-1"))


# -- build ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CommonFields:
    """Fields of the Common Data Template (62); every one optional.

    Text fields are ASCII; ``track2`` is its nibbles as text, ``D`` separator included
    (``"1234567890123458D1912201"``), padded with ``F`` by the builder when odd;
    ``pan`` digits; ``app_version`` 4 hex digits; ``token_requestor_id`` 11 digits;
    ``last4`` 4 digits; ``languages`` ISO 639-1 codes in order of preference.
    ``transparent`` goes into 64 and ``extra`` into 62 itself: tag (hex) -> value bytes.
    """

    label: str | None = None
    track2: str | None = None
    pan: str | None = None
    cardholder_name: str | None = None
    languages: Sequence[str] = ()
    issuer_url: str | None = None
    app_version: str | None = None
    token_requestor_id: str | None = None
    par: str | None = None
    last4: str | None = None
    transparent: Mapping[str, bytes] = field(default_factory=dict)
    extra: Mapping[str, bytes] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class ApplicationFields:
    """Fields of one Application Template (61): ``aid`` (hex, mandatory) and those of
    :class:`CommonFields`; ``transparent`` goes into 63."""

    aid: str
    label: str | None = None
    track2: str | None = None
    pan: str | None = None
    cardholder_name: str | None = None
    languages: Sequence[str] = ()
    issuer_url: str | None = None
    app_version: str | None = None
    token_requestor_id: str | None = None
    par: str | None = None
    last4: str | None = None
    transparent: Mapping[str, bytes] = field(default_factory=dict)
    extra: Mapping[str, bytes] = field(default_factory=dict)


def _tag_bytes(tag: str, where: str) -> bytes:
    """A tag given as hex, checked to be one well-formed BER tag (Annex B1)."""
    if not isinstance(tag, str) or not re.fullmatch(r"(?:[0-9A-Fa-f]{2}){1,3}", tag):
        raise _refuse("value_type", (where,), f"{where}: tag {tag!r} is not 2, 4 or 6 hex digits")
    raw = bytes.fromhex(tag)
    multi = raw[0] & 0x1F == 0x1F
    single = len(raw) == 1 and not multi
    # a multi-byte tag: every subsequent byte but the last has b8 set (Annex B1)
    chained = multi and len(raw) > 1 and all(b & 0x80 for b in raw[1:-1]) and not raw[-1] & 0x80
    ok = raw[0] not in (0x00, 0xFF) and (single or chained)
    if not ok:
        raise _refuse(
            "cpm.tlv_bad_tag", (where, tag), f"{where}: {tag!r} is not one BER tag (EMV Book 3 Annex B1)"
        )
    return raw


def _tlv(tag: bytes, value: bytes) -> bytes:
    n = len(value)
    if n < 0x80:
        length = bytes([n])
    elif n < 0x100:
        length = bytes([0x81, n])
    else:
        length = bytes([0x82]) + n.to_bytes(2, "big")
    return tag + length + value


def _refuse(code: str, path: Iterable[str], message: str) -> InvalidRequest:
    path = tuple(path)
    return InvalidRequest(
        message, code=code, path=path, issues=[Issue(code, path, None, message, "error", "cpm")]
    )


def _ascii(value: object, name: str, tag: str) -> bytes:
    if not isinstance(value, str):
        raise _refuse("value_type", (tag,), f"{name}: expected str, got {type(value).__name__} {value!r}")
    if not value.isascii():
        raise _refuse(
            "cpm.value_format", (tag,), f"{name}: {value!r} is not ASCII (CPM Annex A.1 formats an/ans)"
        )
    return value.encode("ascii")


def _hex_value(value: object, name: str, tag: str, *, pad_f: bool = False) -> bytes:
    if not isinstance(value, str):
        raise _refuse("value_type", (tag,), f"{name}: expected str, got {type(value).__name__} {value!r}")
    if not re.fullmatch(r"[0-9A-Fa-f]*", value) or not value:
        raise _refuse("cpm.value_format", (tag,), f"{name}: {value!r} is not hexadecimal digits")
    if len(value) % 2:
        if not pad_f:
            raise _refuse("cpm.value_format", (tag,), f"{name}: {value!r} is an odd number of hex digits")
        value += "F"
    return bytes.fromhex(value)


def _template_bytes(fields: ApplicationFields | CommonFields, template_tag: str) -> bytes:
    parts: list[bytes] = []
    if isinstance(fields, ApplicationFields):
        parts.append(_tlv(b"\x4f", _hex_value(fields.aid, "aid", "4F")))
    if fields.label is not None:
        parts.append(_tlv(b"\x50", _ascii(fields.label, "label", "50")))
    if fields.track2 is not None:
        parts.append(_tlv(b"\x57", _hex_value(fields.track2, "track2", "57", pad_f=True)))
    if fields.pan is not None:
        if not isinstance(fields.pan, str) or not fields.pan.isdigit() or not fields.pan.isascii():
            raise _refuse("cpm.pan_format", ("5A",), f"pan: {fields.pan!r} is not digits")
        parts.append(_tlv(b"\x5a", _hex_value(fields.pan, "pan", "5A", pad_f=True)))
    if fields.cardholder_name is not None:
        parts.append(_tlv(b"\x5f\x20", _ascii(fields.cardholder_name, "cardholder_name", "5F20")))
    if isinstance(fields.languages, str):
        raise _refuse(
            "value_type",
            ("5F2D",),
            f"languages: expected a sequence of ISO 639-1 codes, got str {fields.languages!r}",
        )
    if fields.languages:
        joined = "".join(_ascii(code, "languages", "5F2D").decode("ascii") for code in fields.languages)
        parts.append(_tlv(b"\x5f\x2d", joined.encode("ascii")))
    if fields.issuer_url is not None:
        parts.append(_tlv(b"\x5f\x50", _ascii(fields.issuer_url, "issuer_url", "5F50")))
    if fields.app_version is not None:
        parts.append(_tlv(b"\x9f\x08", _hex_value(fields.app_version, "app_version", "9F08")))
    if fields.token_requestor_id is not None:
        trid = fields.token_requestor_id
        if not isinstance(trid, str) or not trid.isdigit() or not trid.isascii() or len(trid) > 12:
            raise _refuse(
                "cpm.value_format", ("9F19",), f"token_requestor_id: {trid!r} is not at most 12 digits (n 6)"
            )
        parts.append(_tlv(b"\x9f\x19", bytes.fromhex(trid.zfill(12))))
    if fields.par is not None:
        parts.append(_tlv(b"\x9f\x24", _ascii(fields.par, "par", "9F24")))
    if fields.last4 is not None:
        last4 = fields.last4
        if not isinstance(last4, str) or not re.fullmatch(r"[0-9]{4}", last4):
            raise _refuse("cpm.value_format", ("9F25",), f"last4: {last4!r} is not 4 digits")
        parts.append(_tlv(b"\x9f\x25", bytes.fromhex(last4)))
    for name, mapping in (("extra", fields.extra), ("transparent", fields.transparent)):
        if not isinstance(mapping, Mapping):
            raise _refuse("value_type", (template_tag,), f"{name}: expected a mapping of tag to bytes")
    for tag, value in fields.extra.items():
        if not isinstance(value, bytes):
            raise _refuse("value_type", (template_tag, str(tag)), f"extra[{tag!r}]: expected bytes")
        parts.append(_tlv(_tag_bytes(tag, "extra"), value))
    if fields.transparent:
        inner = []
        for tag, value in fields.transparent.items():
            if not isinstance(value, bytes):
                raise _refuse("value_type", (template_tag, str(tag)), f"transparent[{tag!r}]: expected bytes")
            inner.append(_tlv(_tag_bytes(tag, "transparent"), value))
        parts.append(_tlv(b"\x63" if template_tag == "61" else b"\x64", b"".join(inner)))
    return b"".join(parts)


def build(
    *,
    applications: Sequence[ApplicationFields],
    common: CommonFields | None = None,
) -> CPMPayload:
    """Write a CPM payload (``85 CPV01``, the applications, then 62) and decode it back.

    Refuses with :class:`~qrpay.errors.InvalidRequest` any field of the wrong type and
    any payload whose decoding reports an error *or* a warning: qrpay never writes a
    deviation.

    >>> payload = build(applications=[ApplicationFields(aid="A0000000555555",
    ...     track2="1234567890123458D191220112345")])
    >>> payload.to_text()
    'hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8='
    """
    if isinstance(applications, ApplicationFields) or not isinstance(applications, Sequence):
        raise _refuse("value_type", ("61",), "applications: expected a sequence of ApplicationFields")
    for index, app in enumerate(applications):
        if not isinstance(app, ApplicationFields):
            raise _refuse(
                "value_type",
                ("61",),
                f"applications[{index}]: expected ApplicationFields, got {type(app).__name__}",
            )
    if common is not None and not isinstance(common, CommonFields):
        raise _refuse("value_type", ("62",), f"common: expected CommonFields, got {type(common).__name__}")
    data = _tlv(b"\x85", CPV01.encode())
    for app in applications:
        data += _tlv(b"\x61", _template_bytes(app, "61"))
    if common is not None:
        data += _tlv(b"\x62", _template_bytes(common, "62"))
    text = binascii.b2a_base64(data, newline=False).decode("ascii")
    try:
        payload = decode(text)
    except QRPayError as exc:
        raise InvalidRequest(
            exc.message, code=exc.code, path=exc.path, offset=exc.offset, issues=[_as_issue(exc)]
        ) from exc
    if payload.issues:
        raise InvalidRequest.from_issues(payload.issues)
    return payload


def _as_issue(exc: QRPayError) -> Issue:
    return Issue(exc.code, exc.path, exc.offset, exc.message, "error", "cpm", exc.ctx)
