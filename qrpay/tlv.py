"""ID/length/value syntax (low-level primitive): parse and serialize, nothing else.

EMVCo MPM v1.1 section 3.2 and 4.1: a data object is a two-digit ID, a two-digit length
and a value; a template's value is itself a sequence of data objects. The length counts
*characters* (Unicode code points, section 4.4.1.1), not bytes.

This module knows no field meanings. It records, for every data object, its ``tag``,
raw ``value``, the character ``offset`` of its ID in the original text, and its ``path``
(``("62", "05")``); :func:`serialize` is the exact inverse of :func:`parse`.

Real payloads written by generators that count UTF-8 bytes or UTF-16 code units exist.
:func:`parse` with ``unit=`` walks them in that unit, keeping character offsets.

>>> objs = parse("000201" "62070503***")
>>> [(o.tag, o.value, o.offset) for o in objs]
[('00', '01', 0), ('62', '0503***', 6)]
>>> [(o.path, o.value, o.offset) for o in parse(objs[1].value, offset=10, path=("62",))]
[(('62', '05'), '***', 10)]
>>> serialize(objs)
'00020162070503***'
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from .errors import TLVError

__all__ = [
    "MAX_PAYLOAD_BYTES",
    "DataObject",
    "LengthUnit",
    "parse",
    "primitive",
    "serialize",
    "template",
]

#: The largest byte-mode QR symbol (version 40, error correction L) holds 2953 bytes
#: (ISO/IEC 18004 table 7). Longer input cannot have come from a QR code.
MAX_PAYLOAD_BYTES = 2953

# "00".."99" -> int, used both to read lengths and to check that an ID is two digits
# (a dict lookup is cheaper than str.isdigit() + int() on the hot path).
_TWO_DIGITS: dict[str, int] = {f"{n:02d}": n for n in range(100)}
_LENGTHS: tuple[str, ...] = tuple(f"{n:02d}" for n in range(100))


class LengthUnit(enum.Enum):
    """What the two-digit length of a data object counts."""

    #: Unicode code points, as EMVCo MPM 4.4.1.1 requires.
    CHARACTERS = "characters"
    #: UTF-8 bytes (seen from byte-counting generators; never emitted by qrpay).
    UTF8_BYTES = "utf8_bytes"
    #: UTF-16 code units (JavaScript ``String.length``; differs only for non-BMP text).
    UTF16_UNITS = "utf16_units"


class DataObject(NamedTuple):
    """One parsed data object.

    ``value`` is always the raw text of the value; for a template, ``children`` holds its
    parsed data objects (``None`` when the value was not parsed as a template).
    ``offset`` is the character index of the ID in the text given to :func:`parse`
    (plus the ``offset`` argument), and ``path`` ends with ``tag``.
    """

    tag: str
    value: str
    offset: int
    path: tuple[str, ...]
    children: tuple[DataObject, ...] | None = None

    @property
    def length(self) -> int:
        """Length of the value in characters."""
        return len(self.value)

    @property
    def is_template(self) -> bool:
        return self.children is not None

    def child(self, tag: str) -> DataObject | None:
        """The first child with ``tag``, or ``None``."""
        if self.children:
            for obj in self.children:
                if obj.tag == tag:
                    return obj
        return None

    def to_text(self, unit: LengthUnit = LengthUnit.CHARACTERS) -> str:
        """ID + length + value, with the length counted in ``unit``."""
        return f"{self.tag}{_measure(self.value, unit):02d}{self.value}"


_new = tuple.__new__


def _measure(value: str, unit: LengthUnit) -> int:
    if unit is LengthUnit.CHARACTERS or value.isascii():
        return len(value)
    if unit is LengthUnit.UTF8_BYTES:
        return len(value.encode("utf-8"))
    return len(value.encode("utf-16-le")) // 2


def _where(path: tuple[str, ...]) -> str:
    return "template " + ".".join(path) if path else "root"


def _parse_chars(text: str, offset: int, path: tuple[str, ...]) -> tuple[DataObject, ...]:
    objects: list[DataObject] = []
    append = objects.append
    digits = _TWO_DIGITS
    end = len(text)
    i = 0
    while i < end:
        if i + 4 > end:
            raise _with_previous(_truncated_header(text, i, offset, path), objects)
        tag = text[i : i + 2]
        if tag not in digits:
            raise _with_previous(_bad_tag(tag, i + offset, path), objects)
        size = digits.get(text[i + 2 : i + 4])
        if size is None:
            raise _with_previous(_bad_length(text[i + 2 : i + 4], tag, i + offset, path), objects)
        stop = i + 4 + size
        if stop > end:
            err = _overrun(tag, size, end - i - 4, i + offset, path, "characters")
            raise _with_previous(err, objects)
        append(_new(DataObject, (tag, text[i + 4 : stop], i + offset, (*path, tag), None)))
        i = stop
    return tuple(objects)


def _parse_units(text: str, offset: int, path: tuple[str, ...], unit: LengthUnit) -> tuple[DataObject, ...]:
    """Walk ``text`` with lengths in UTF-8 bytes or UTF-16 units; offsets stay in characters.

    Linear: the text is encoded once and every slice is decoded once.
    """
    if unit is LengthUnit.UTF8_BYTES:
        data, width, codec = text.encode("utf-8"), 1, "utf-8"
    else:
        data, width, codec = text.encode("utf-16-le"), 2, "utf-16-le"
    digits = _TWO_DIGITS
    end = len(data)
    objects: list[DataObject] = []
    i = 0
    char_pos = 0  # character index of data[i]
    while i < end:
        header_stop = i + 4 * width
        if header_stop > end:
            raise _truncated_header(text, char_pos, offset, path)
        try:
            header = data[i:header_stop].decode(codec)
        except UnicodeDecodeError:
            header = "??"
        tag = header[:2]
        if tag not in digits:
            raise _bad_tag(tag, char_pos + offset, path)
        size = digits.get(header[2:4])
        if size is None:
            raise _bad_length(header[2:4], tag, char_pos + offset, path)
        stop = header_stop + size * width
        if stop > end:
            raise _overrun(tag, size, (end - header_stop) // width, char_pos + offset, path, unit.value)
        try:
            value = data[header_stop:stop].decode(codec)
        except UnicodeDecodeError as exc:
            raise TLVError(
                f"tag {tag} declares {size} {unit.value.replace('_', ' ')}, which splits a "
                "multi-byte character",
                code="tlv_split_character",
                path=(*path, tag),
                offset=char_pos + offset,
            ) from exc
        objects.append(_new(DataObject, (tag, value, char_pos + offset, (*path, tag), None)))
        char_pos += 4 + len(value)
        i = stop
    return tuple(objects)


def parse(
    text: str,
    *,
    offset: int = 0,
    path: tuple[str, ...] = (),
    unit: LengthUnit = LengthUnit.CHARACTERS,
) -> tuple[DataObject, ...]:
    """Parse one level of ID/length/value data objects.

    ``offset`` is added to every recorded offset and ``path`` prefixes every path, so a
    template's value can be parsed in place: ``parse(obj.value, offset=obj.offset + 4,
    path=obj.path)``. Raises :class:`~qrpay.errors.TLVError` with the offset and path
    of the first malformed object. Runs in time linear in ``len(text)``.
    """
    if unit is LengthUnit.CHARACTERS or text.isascii():
        return _parse_chars(text, offset, path)
    return _parse_units(text, offset, path, unit)


def serialize(objects: Iterable[DataObject], unit: LengthUnit = LengthUnit.CHARACTERS) -> str:
    """The exact inverse of :func:`parse`: ID, length and value of each object, in order.

    Raises :class:`~qrpay.errors.TLVError` if a value does not fit a two-digit length.
    """
    if unit is LengthUnit.CHARACTERS:
        try:
            return "".join([f"{o[0]}{_LENGTHS[len(o[1])]}{o[1]}" for o in objects])
        except IndexError:
            pass  # a value over 99 characters: report it below
    parts: list[str] = []
    for obj in objects:
        size = _measure(obj.value, unit)
        if size > 99:
            raise TLVError(
                f"value of tag {'.'.join(obj.path or (obj.tag,))} has {size} "
                f"{unit.value.replace('_', ' ')}; a data object holds at most 99 "
                "(EMVCo MPM 4.4.1.2)",
                code="value_too_long",
                path=obj.path or (obj.tag,),
                offset=obj.offset if obj.offset >= 0 else None,
                ctx={"max_length": 99, "actual": size},
            )
        parts.append(f"{obj.tag}{size:02d}{obj.value}")
    return "".join(parts)


def primitive(tag: str, value: str, *, path: tuple[str, ...] = ()) -> DataObject:
    """A data object built in memory (offset ``-1``: not from any text)."""
    _check_tag(tag, path)
    return _new(DataObject, (tag, value, -1, (*path, tag), None))


def template(
    tag: str,
    children: Sequence[DataObject] | Iterable[tuple[str, str]],
    *,
    path: tuple[str, ...] = (),
) -> DataObject:
    """A template built in memory from child objects or ``(tag, value)`` pairs.

    Children keep the order given. The template's value is their serialization.
    """
    _check_tag(tag, path)
    own = (*path, tag)
    built: list[DataObject] = []
    for item in children:
        if isinstance(item, DataObject):
            sub = item
            if sub.path != (*own, sub.tag):
                sub = _rebase(sub, own)
        else:
            sub_tag, sub_value = item
            _check_tag(sub_tag, own)
            sub = _new(DataObject, (sub_tag, sub_value, -1, (*own, sub_tag), None))
        built.append(sub)
    kids = tuple(built)
    return _new(DataObject, (tag, serialize(kids), -1, own, kids))


def _rebase(obj: DataObject, parent: tuple[str, ...]) -> DataObject:
    path = (*parent, obj.tag)
    kids = None if obj.children is None else tuple(_rebase(c, path) for c in obj.children)
    return _new(DataObject, (obj.tag, obj.value, obj.offset, path, kids))


def _check_tag(tag: str, path: tuple[str, ...]) -> None:
    if tag not in _TWO_DIGITS:
        raise TLVError(
            f"ID {tag!r} is not two digits 00-99 (EMVCo MPM 4.1)",
            code="tlv_bad_tag",
            path=(*path, str(tag)),
        )


def _with_previous(err: TLVError, objects: list[DataObject]) -> TLVError:
    """Name the object before the failure: its declared length is the usual culprit."""
    if objects:
        prev = objects[-1]
        err.message += (
            f" (after tag {'.'.join(prev.path)} at offset {prev.offset}, declared length "
            f"{len(prev.value):02d}: if that length is wrong, the walk goes astray here)"
        )
        err.args = (err.message,)
        err.ctx = {**err.ctx, "previous_tag": prev.tag, "previous_offset": prev.offset}
    return err


def _truncated_header(text: str, i: int, offset: int, path: tuple[str, ...]) -> TLVError:
    rest = text[i:]
    return TLVError(
        f"{_where(path)} ends with {rest!r}, too short for an ID and a length (4 digits, EMVCo MPM 4.1)",
        code="tlv_truncated",
        path=path,
        offset=i + offset,
        ctx={"actual": rest},
    )


def _bad_tag(tag: str, offset: int, path: tuple[str, ...]) -> TLVError:
    return TLVError(
        f"ID {tag!r} in {_where(path)} is not two digits 00-99 (EMVCo MPM 4.1)",
        code="tlv_bad_tag",
        path=path,
        offset=offset,
        ctx={"actual": tag},
    )


def _bad_length(length: str, tag: str, offset: int, path: tuple[str, ...]) -> TLVError:
    return TLVError(
        f"length {length!r} of tag {tag} is not two digits 00-99 (EMVCo MPM 4.1)",
        code="tlv_bad_length",
        path=(*path, tag),
        offset=offset,
        ctx={"actual": length},
    )


def _overrun(tag: str, size: int, available: int, offset: int, path: tuple[str, ...], unit: str) -> TLVError:
    return TLVError(
        f"tag {tag} declares length {size:02d} but only {available} "
        f"{unit.replace('_', ' ')} remain in {_where(path)}",
        code="tlv_truncated",
        path=(*path, tag),
        offset=offset,
        ctx={"declared": size, "available": available},
    )
