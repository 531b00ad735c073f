"""Decode, check, validate and encode merchant-presented payloads (the recipes).

Decoding is lenient and reports; encoding is strict and refuses (docs/adr/0002).

* :func:`decode` raises :class:`~qrpay.errors.DecodeError` only when the text cannot be
  trusted (malformed TLV; CRC missing, not last, malformed or wrong); every other
  finding is an :class:`~qrpay.errors.Issue` in ``Payload.issues``.
* :func:`check` returns every issue, syntax included, and never raises for a ``str``.
* :func:`validate` raises :class:`~qrpay.errors.ValidationError` with every error.
* :func:`is_valid` never raises, whatever it is given.
* :func:`encode` returns the text of a payload that has no error, and raises
  :class:`~qrpay.errors.InvalidRequest` otherwise.
"""

from __future__ import annotations

import re
from binascii import crc_hqx
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import cache
from typing import overload

from . import _rules, tlv
from .errors import (
    CRCError,
    DecodeError,
    InvalidRequest,
    Issue,
    QRPayError,
    TLVError,
    ValidationError,
)
from .model import Payload
from .tlv import MAX_PAYLOAD_BYTES, DataObject, LengthUnit

__all__ = ["check", "decode", "detect", "encode", "is_valid", "require_clock", "unencodable", "validate"]

_new = tuple.__new__
_HEX4 = re.compile(r"[0-9A-Fa-f]{4}")
_HEX3 = re.compile(r"[0-9A-Fa-f]{3}")
_WHITESPACE = " \t\r\n\v\f\u00a0\ufeff\u200b\u3000"

# Payment codes wallets scan that are not EMV merchant-presented payloads.
# Compiled on the first refusal (the error path), not at import (issue 11).
_NOT_EMV_PATTERNS: tuple[tuple[str, str], ...] = (
    (r"wxp://", "a WeChat Pay payment URL (wxp://)"),
    (
        r"https?://(?:[\w-]+\.)*wx\.tenpay\.com/|https?://payapp\.weixin\.qq\.com/",
        "a WeChat Pay URL",
    ),
    (r"https?://qr\.alipay\.com/|alipays?://", "an Alipay payment URL"),
    (
        r"upi://",
        "an Indian UPI deep link (upi://pay?..., NPCI's UPI payment URI; a Bharat QR code carries UPI "
        "inside an EMVCo payload, in tag 26 with A000000524)",
    ),
    (r"https?://(?:www\.)?paypal\.me/", "a PayPal.Me link"),
    (r"bitcoin:|lightning:|ethereum:|litecoin:", "a cryptocurrency payment URI"),
    (r"BCD\r?\n00[12]\r?\n", "an EPC069-12 SEPA credit transfer code (GiroCode)"),
    (r"SPC\r?\n0200\r?\n", "a Swiss QR-bill"),
    (
        r"hQVDUFY|hQVKUFFS",  # base64 of 85 05 "CPV" (CPM 5.1.1.1), and JPQR's 85 05 "JPQR"
        "an EMVCo consumer-presented (CPM) payload: read it with qrpay.cpm.decode()",
    ),
    (r"https?://", "a web URL"),
    (r"[a-z][a-z0-9+.-]*://", "a URL"),
)


@cache
def _not_emv_patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    return tuple((re.compile(p, re.IGNORECASE | re.DOTALL), name) for p, name in _NOT_EMV_PATTERNS)


def _not_emv(text: str) -> DecodeError | None:
    """A ``not_emv`` error naming what the text looks like, or ``None`` if it may be EMV."""
    for pattern, name in _not_emv_patterns():
        if pattern.match(text):
            return DecodeError(
                f"this is {name}, not an EMVCo merchant-presented payload (which starts with "
                "'000201' and ends with a '6304' CRC)",
                code="not_emv",
                offset=0,
                ctx={"kind": name},
            )
    if not text[:4].isdigit() or (not text.isascii() and not text[:4].isascii()):
        preview = text[:24] + ("…" if len(text) > 24 else "")
        return DecodeError(
            f"text {preview!r} does not start with an EMVCo data object ID and length "
            "(a merchant-presented payload starts with '000201')",
            code="not_emv",
            offset=0,
        )
    return None


def _as_text(data: object) -> str:
    if isinstance(data, str):
        return data
    if isinstance(data, bytes | bytearray | memoryview):
        try:
            return bytes(data).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise DecodeError(
                f"the bytes are not valid UTF-8 at byte {exc.start} (EMVCo MPM 1.4.3 encodes text as UTF-8)",
                code="not_utf8",
                offset=None,
                ctx={"byte_offset": exc.start},
            ) from exc
    raise DecodeError(f"expected payload text (str), got {type(data).__name__}", code="not_text")


#: Root IDs EMVCo defines as templates (Table 3.6): 26-51, 62, 64, 80-99; inside 62 the
#: payment-system-specific templates 50-99 (Table 4.3).
_ROOT_TEMPLATES = frozenset(
    [f"{n:02d}" for n in range(26, 52)] + ["62", "64"] + [f"{n}" for n in range(80, 100)]
)
_WITHIN = {"62": frozenset(f"{n}" for n in range(50, 100))}


class _Walk:
    """What the walk of the root found (plain attributes: this is internal)."""

    __slots__ = ("failures", "index", "nested_primitive", "root")

    def __init__(self, root: tuple[DataObject, ...], failures: list[tlv.TemplateFailure]) -> None:
        self.root = root
        self.failures = failures
        # the index (first occurrence of each root ID), built in one pass with the fact
        # the decoder needs next (duplicates are _rules' to find: len(index) != len(root))
        index: dict[str, DataObject] = {}
        nested_primitive = False
        for obj in root:
            tag = obj[0]
            if tag not in index:
                index[tag] = obj
            if tag <= "25" and obj[1][:2] == "00" and tag >= "02":
                nested_primitive = True  # an ID 02-25 whose value starts with "00"
        self.index = index
        self.nested_primitive = nested_primitive


def _template_issue(obj: DataObject, err: TLVError) -> Issue:
    """A template whose value is not ID/length/value data: kept raw, reported."""
    severe = obj.path in (("62",), ("64",))
    return Issue(
        "template_malformed",
        obj.path,
        obj.offset,
        f"value of tag {'.'.join(obj.path)} is not ID/length/value data ({err.message} at "
        f"offset {err.offset}); EMVCo defines it as a template" + ("" if severe else "; kept as a raw value"),
        "error" if severe else "warning",
        None,
        {"cause": err.code, "cause_offset": err.offset},
    )


def _try_primitive_as_template(obj: DataObject, unit: LengthUnit) -> DataObject:
    """IDs 02-25 are primitive by allocation, but some real codes put a template there.

    Only a value that starts with sub-ID 00 and parses exactly is exposed as one.
    """
    if not obj.value.startswith("00"):
        return obj
    try:
        children = tlv.parse(obj.value, offset=obj.offset + 4, path=obj.path, unit=unit)
    except TLVError:
        return obj
    return _new(DataObject, (obj.tag, obj.value, obj.offset, obj.path, children))


def _crc_not_hex(written: str, offset: int) -> CRCError:
    """The ``crc_format`` error for a 63 whose value is not four hexadecimal digits."""
    return CRCError(
        f"CRC value {written!r} is not 4 hexadecimal digits (EMVCo MPM 4.7.3.2)",
        code="crc_format",
        path=("63",),
        offset=offset,
        ctx={"actual": written},
    )


def _walk_root(text: str, strict: bool, issues: list[Issue]) -> tuple[_Walk, LengthUnit]:
    try:
        return _Walk(*tlv.parse_tree(text, expand=_ROOT_TEMPLATES, within=_WITHIN)), LengthUnit.CHARACTERS
    except TLVError as err:
        first_error = err
    if not text.isascii():
        # EMVCo counts characters; some generators counted UTF-8 bytes or UTF-16 units.
        candidates = [LengthUnit.UTF8_BYTES]
        if any(ord(ch) > 0xFFFF for ch in text):
            candidates.append(LengthUnit.UTF16_UNITS)
        for unit in candidates:
            try:
                root, failures = tlv.parse_tree(text, expand=_ROOT_TEMPLATES, within=_WITHIN, unit=unit)
            except TLVError:
                continue
            if root and root[-1].tag == "63" and root[-1].offset == len(text) - 8:
                code = "length_unit_bytes" if unit is LengthUnit.UTF8_BYTES else "length_unit_utf16"
                described = "UTF-8 bytes" if unit is LengthUnit.UTF8_BYTES else "UTF-16 code units"
                message = (
                    f"lengths count {described}, not characters as EMVCo MPM 4.4.1.1 requires; "
                    f"read in {described} because the character walk fails ({first_error.message})"
                )
                if strict:
                    raise TLVError(
                        message, code=code, path=first_error.path, offset=first_error.offset
                    ) from first_error
                issues.append(Issue(code, (), None, message, "warning", None, {"unit": unit.value}))
                return _Walk(root, failures), unit
    raise first_error


def _short_crc(text: str, data: bytes, strict: bool) -> tuple[str, Issue] | None:
    """A CRC printed with three hex digits, its leading zero dropped (``B8B`` for ``0B8B``).

    Generators that format the CRC without zero padding (``hex()``, ``dechex``,
    ``toString(16)``) write it whenever the CRC is below 0x1000: one code in sixteen.
    Real Pix codes show it (docs/errors.md, ``crc_three_digits``) in two forms: the
    length left at ``04`` (``6304B8B``: the last data object is one character short) or
    recomputed as ``03`` (``6303B8B``). Either is accepted, with a warning, when the three
    digits read as a number equal the CRC over the text up to and including ``6304``
    (EMVCo MPM 4.7.3.1); anything else is left to the usual checks. Returns the text
    with the zero put back (what the walk reads) and the warning.
    """
    field, digits = text[-7:-3], text[-3:]
    if field not in ("6304", "6303") or not _HEX3.fullmatch(digits):
        return None
    signed = data[:-7] + b"6304"  # the last seven characters are ASCII
    expected = crc_hqx(signed, 0xFFFF)
    if int(digits, 16) != expected:
        return None
    canonical = f"{expected:04X}"
    form = "its length still says 04" if field == "6304" else "its length says 03"
    message = (
        f"CRC {digits!r} has three hex digits, {form}: the leading zero of {canonical} was dropped "
        "(EMVCo MPM 4.7.3.2 writes four); it matches CRC-16/CCITT-FALSE read as a number"
    )
    offset = len(text) - 7
    if strict:
        raise CRCError(
            message,
            code="crc_three_digits",
            path=("63",),
            offset=offset,
            ctx={"expected": canonical, "actual": digits},
        )
    issue = Issue(
        "crc_three_digits",
        ("63",),
        offset,
        message + "; to_text() keeps it as read, an edit or a builder writes four digits",
        "warning",
        None,
        {"expected": canonical, "actual": digits, "field": text[-7:]},
    )
    return text[:-7] + "6304" + canonical, issue


def require_clock(now: object, owner: str | None = None) -> datetime | None:
    """``now`` itself if it is ``None`` or an aware ``datetime``; a ``TypeError`` otherwise.

    ``now`` is the clock expiry rules read, not payment data, so a wrong one is a
    programming error (as comparing a naive with an aware datetime is in Python): a
    ``date``, a string, a timestamp or a naive ``datetime`` is refused, never guessed.
    """
    if now is None or (isinstance(now, datetime) and now.utcoffset() is not None):
        return now
    from .amount import shown

    if isinstance(now, datetime):
        problem = f"a naive datetime {shown(now)} (no tzinfo); qrpay does not guess the time zone"
    else:
        problem = f"{type(now).__name__} {shown(now)}"
    where = f" ({owner})" if owner else ""
    raise TypeError(f"now must be an aware datetime such as datetime.now(timezone.utc), not {problem}{where}")


def _decode(text: str, strict: bool, now: datetime | None) -> Payload:
    if now is not None:
        require_clock(now)
    size = len(text)
    if size == 0:
        raise TLVError("the payload is empty", code="payload_empty", offset=0)
    if size > MAX_PAYLOAD_BYTES:
        raise TLVError(
            f"the text has {size} characters; no QR code holds more than {MAX_PAYLOAD_BYTES} bytes "
            "(ISO/IEC 18004, version 40-L), so this is not a scanned payload",
            code="payload_too_long",
            offset=MAX_PAYLOAD_BYTES,
            ctx={"actual": size, "max_length": MAX_PAYLOAD_BYTES},
        )
    if text[0] in _WHITESPACE or text[-1] in _WHITESPACE:
        other = _not_emv(text.strip(_WHITESPACE)) if text.strip(_WHITESPACE) else None
        if other is not None:
            raise other
        at = 0 if text[0] in _WHITESPACE else size - 1
        raise TLVError(
            f"the text has surrounding whitespace ({text[at]!r} at offset {at}); a payload starts "
            "with '00' and ends with the CRC — strip what the scanner or clipboard added",
            code="surrounding_whitespace",
            offset=at,
        )
    try:
        data = text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise TLVError(
            f"character {exc.start} is a lone surrogate (U+{ord(text[exc.start]):04X}), which has "
            "no UTF-8 encoding",
            code="invalid_text",
            offset=exc.start,
        ) from exc
    if len(data) > MAX_PAYLOAD_BYTES:
        raise TLVError(
            f"the text has {len(data)} UTF-8 bytes; no QR code holds more than {MAX_PAYLOAD_BYTES}",
            code="payload_too_long",
            offset=None,
            ctx={"actual": len(data), "max_length": MAX_PAYLOAD_BYTES},
        )
    issues: list[Issue] = []

    # EMVCo MPM 3.2: the CRC lets a reader "check the integrity of the data scanned
    # without having to parse all of the data objects" - so check it first, and report a
    # corrupted scan as a CRC failure rather than as whatever TLV error it causes.
    crc_checked = False
    # the text the walk reads: the decoded text, or, for a CRC printed with three digits,
    # the same text with the leading zero put back (offsets do not move: the CRC is last)
    walked = text
    short_crc = None if size < 8 or text[-8:-4] == "6304" else _short_crc(text, data, strict)
    if short_crc is not None:
        walked, issue = short_crc
        issues.append(issue)
        crc_checked = True
    elif size >= 8 and text[-8:-4] == "6304":
        written = text[-4:]
        expected = f"{crc_hqx(data[:-4], 0xFFFF):04X}"
        # (a CRC equal to the computed one is hex by construction: test the format only if not)
        if written != expected and not _HEX4.fullmatch(written):
            raise _crc_not_hex(written, size - 8)
        if written != expected and written.upper() != expected:
            raise CRCError(
                f"CRC is {written} but the payload's CRC-16/CCITT-FALSE is {expected} (EMVCo MPM "
                "4.7.3.1); the code is damaged or was edited",
                code="crc_mismatch",
                path=("63",),
                offset=size - 8,
                ctx={"expected": expected, "actual": written},
            )
        crc_checked = True
        if written != expected:
            if strict:
                raise CRCError(
                    f"CRC {written!r} is in lower case; EMVCo MPM 4.7.3.2 requires upper-case A-F",
                    code="crc_lowercase",
                    path=("63",),
                    offset=size - 8,
                    ctx={"expected": expected, "actual": written},
                )
            issues.append(
                Issue(
                    "crc_lowercase",
                    ("63",),
                    size - 8,
                    f"CRC {written!r} is in lower case; EMVCo MPM 4.7.3.2 requires upper-case A-F "
                    "(to_text() keeps it as read; an edit or a builder writes upper case)",
                    "warning",
                )
            )

    try:
        walk, unit = _walk_root(walked, strict, issues)
    except TLVError as err:
        not_emv = _not_emv(text)
        if not_emv is not None:
            raise not_emv from err
        if not crc_checked and err.path[-1:] == ("63",) and err.code == "tlv_truncated":
            raise CRCError(
                f"the CRC (tag 63) is cut short: {err.message}",
                code="crc_length",
                path=("63",),
                offset=err.offset,
            ) from err
        raise

    root = walk.root
    last = root[-1]
    if last[0] != "63":
        found = walk.index.get("63")
        if found is not None:
            raise CRCError(
                f"the CRC (tag 63) at offset {found.offset} is not the last data object; tag "
                f"{last.tag} follows at offset {last.offset} (EMVCo MPM 4.6.1.2)",
                code="crc_not_last",
                path=("63",),
                offset=found.offset,
            )
        # (the walk read an ID and a length at the start: _not_emv(text) has nothing to say)
        raise CRCError(
            "there is no CRC (tag 63); every payload ends with '6304' and four hex digits "
            "(EMVCo MPM 4.6.1.2, 4.7.3)",
            code="crc_missing",
            path=("63",),
            offset=size,
        )
    if len(last[1]) != 4:
        raise CRCError(
            f"the CRC (tag 63) has length {len(last.value):02d}; it must be 04 (EMVCo MPM Table 3.6)",
            code="crc_length",
            path=("63",),
            offset=last.offset,
            ctx={"actual": len(last.value)},
        )
    if not crc_checked:
        # a walk in UTF-8 bytes or UTF-16 units: four characters that are five or more bytes
        # or units ("6305é123"), so not "6304" + four hex digits, and never checked above
        raise _crc_not_hex(last.value, last.offset)

    index = walk.index
    if walk.nested_primitive:
        root = tuple(_try_primitive_as_template(o, unit) if "02" <= o[0] <= "25" else o for o in root)
        index = {o[0]: o for o in reversed(root)}
    for path, failure in walk.failures:
        template = index[path[0]]
        if len(path) > 1:
            template = template.child(path[1]) or template
        issues.append(_template_issue(template, failure))

    issues.extend(_rules.check_objects(root, index, text))
    if short_crc is not None:
        # the rules saw the CRC with its leading zero; the payload keeps it as written, so
        # that to_text() gives back the decoded text (docs/adr/0003)
        as_written = _new(DataObject, ("63", text[-3:], last.offset, ("63",), None))
        root = (*root[:-1], as_written)
        index = {**index, "63": as_written}
    payload = Payload._decoded(root, index, unit)
    # the registry is imported on the first decode, not with qrpay (issue 11)
    from .schemes import apply_schemes

    schemes, issues = apply_schemes(payload, issues, now)
    _set(payload, "_issues", tuple(issues))
    _set(payload, "_schemes", schemes)
    return payload


_set = object.__setattr__


# The public entry points take any object at run time and refuse what is not text with a
# DecodeError (not_text), a bad clock with require_clock's TypeError: the overloads give
# type checkers the documented types, and the compiled core (which checks annotated types
# on entry) the same behaviour as pure Python (docs/adr/0009).
@overload
def decode(text: str, *, strict: bool = False, now: datetime | None = None) -> Payload: ...
@overload
def decode(text: bytes, *, strict: bool = False, now: datetime | None = None) -> Payload: ...
def decode(text: object, *, strict: bool = False, now: object = None) -> Payload:
    """Decode a merchant-presented payload into a :class:`~qrpay.model.Payload`.

    Raises :class:`~qrpay.errors.DecodeError` (:class:`~qrpay.errors.TLVError`,
    :class:`~qrpay.errors.CRCError`) only when the text cannot be trusted. Every rule
    violation and deviation is reported in ``Payload.issues`` instead.

    ``strict=True`` also refuses what EMVCo v1.1 syntax forbids but real wallets read:
    lengths counted in UTF-8 bytes or UTF-16 units, a lower-case CRC and a CRC written
    with three digits.
    ``now`` (an aware ``datetime``) is the clock for expiry rules; default: the current time.
    Bytes are decoded as UTF-8.
    """
    return _decode(_as_text(text), strict, require_clock(now))


@overload
def check(text: str, *, now: datetime | None = None) -> list[Issue]: ...
@overload
def check(text: bytes, *, now: datetime | None = None) -> list[Issue]: ...
def check(text: object, *, now: object = None) -> list[Issue]:
    """Every problem in ``text``: the decode error as an issue, or all validation issues.

    Never raises for a ``str`` (or ``bytes``).
    """
    try:
        payload = _decode(_as_text(text), False, require_clock(now))
    except QRPayError as err:
        return [Issue(err.code, err.path, err.offset, err.message, "error", None, err.ctx)]
    return list(payload.issues)


@overload
def validate(text: str, *, now: datetime | None = None) -> Payload: ...
@overload
def validate(text: bytes, *, now: datetime | None = None) -> Payload: ...
def validate(text: object, *, now: object = None) -> Payload:
    """Decode ``text`` and raise :class:`~qrpay.errors.ValidationError` if any rule fails.

    The error's ``issues`` hold every error-severity issue; warnings stay on the payload.
    """
    payload = _decode(_as_text(text), False, require_clock(now))
    errors = [i for i in payload.issues if i.severity == "error"]
    if errors:
        raise ValidationError.from_issues(errors)
    return payload


def is_valid(obj: object, *, now: object = None) -> bool:
    """True if ``obj`` is a payload (text or :class:`Payload`) with no error. Never raises."""
    try:
        if isinstance(obj, Payload):
            return obj.is_valid
        return _decode(_as_text(obj), False, require_clock(now)).is_valid
    except Exception:
        return False


def encode(payload: Payload) -> str:
    """The text of ``payload``; raises :class:`~qrpay.errors.InvalidRequest` if it has errors.

    A decoded payload comes back exactly as decoded (a CRC in lower case or with three
    digits too: docs/adr/0003);
    a built or edited one was validated when it was made.
    """
    if not isinstance(payload, Payload):
        raise InvalidRequest(
            f"encode() takes a Payload (use qrpay.build(...) or qrpay.decode(text)), not "
            f"{type(payload).__name__}",
            code="not_a_payload",
        )
    errors = [i for i in payload.issues if i.severity == "error"]
    if errors:
        raise InvalidRequest.from_issues(errors)
    try:
        return payload.to_text()
    except UnicodeEncodeError as exc:  # a Payload made by hand, not by decode or a builder
        raise unencodable(payload.objects) or InvalidRequest(
            "the payload text has no UTF-8 form", code="invalid_text"
        ) from exc


def detect(text_or_payload: str | Payload) -> tuple[str, ...]:
    """Ids of every scheme in a payload (text is decoded first), in template order."""
    payload = text_or_payload if isinstance(text_or_payload, Payload) else decode(text_or_payload)
    return payload.schemes


def _tag_label(path: tuple[str, ...]) -> str:
    return f"tag {'.'.join(path)}"


def unencodable(
    objects: Iterable[DataObject], label: Callable[[tuple[str, ...]], str] = _tag_label
) -> InvalidRequest | None:
    """The error for the first value with no UTF-8 form (a lone surrogate), or ``None``.

    Checked before the CRC, which is computed over the UTF-8 bytes (EMVCo MPM 1.4.3,
    4.7.3): such text cannot be encoded, so no payload can carry it. ``label`` names the
    value's path in the message (the builder names its keyword).
    """
    from .amount import shown

    for obj in objects:
        if obj.children:
            found = unencodable(obj.children, label)
            if found is not None:
                return found
        try:
            obj.value.encode("utf-8")
        except UnicodeEncodeError as exc:
            char = obj.value[exc.start]
            return InvalidRequest(
                f"{label(obj.path)}: character {exc.start} of {shown(obj.value)} is a lone surrogate "
                f"(U+{ord(char):04X}), which has no UTF-8 form; payload text is Unicode encoded as "
                "UTF-8 (EMVCo MPM 1.4.3)",
                code="invalid_text",
                path=obj.path,
                ctx={"actual": f"U+{ord(char):04X}", "index": exc.start},
            )
    return None
