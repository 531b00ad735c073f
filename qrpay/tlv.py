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
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import NamedTuple

from .errors import TLVError

__all__ = [
    "MAX_PAYLOAD_BYTES",
    "DataObject",
    "LengthUnit",
    "parse",
    "parse_tree",
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
_LENGTHS: tuple[str, ...] = tuple(_TWO_DIGITS)
# "IDLL" -> LL for every two-digit ID and length: one dict lookup checks a whole header
# (10,000 entries, ~1 MB; the walk's hot loop is what decode speed is made of). Built by
# concatenation, which is 4x faster than formatting 10,000 strings (import time, issue 11).
_HEADERS: dict[str, int] = {tag + size: n for tag in _LENGTHS for n, size in enumerate(_LENGTHS)}


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


def _header_error(
    text: str, i: int, offset: int, path: tuple[str, ...], objects: list[DataObject]
) -> TLVError:
    """The precise error for a header the fast lookup rejected."""
    if i + 4 > len(text):
        return _with_previous(_truncated_header(text, i, offset, path), objects)
    tag = text[i : i + 2]
    if tag not in _TWO_DIGITS:
        return _with_previous(_bad_tag(tag, i + offset, path), objects)
    return _with_previous(_bad_length(text[i + 2 : i + 4], tag, i + offset, path), objects)


def _parse_chars(
    text: str,
    offset: int,
    path: tuple[str, ...],
    inner: Container[str] | None = None,
    failures: list[TemplateFailure] | None = None,
) -> tuple[DataObject, ...]:
    """Walk one level in character units. Children whose tag is in ``inner`` are parsed
    as templates too (failures recorded, not raised)."""
    objects: list[DataObject] = []
    append = objects.append
    # failures of children are kept only if this level parses: a level that does not keeps
    # no children, so their failures would be reported against a template with none
    found: list[TemplateFailure] = []
    headers = _HEADERS
    end = len(text)
    parent = path[0] if len(path) == 1 else None  # (parent, tag) is the common, cheap case
    i = 0
    while i < end:
        # one lookup validates the two ID digits and the two length digits together
        size = headers.get(text[i : i + 4])
        if size is None:
            raise _header_error(text, i, offset, path, objects)
        stop = i + 4 + size
        if stop > end:
            raise _with_previous(
                _overrun(text[i : i + 2], size, end - i - 4, i + offset, path, "characters"), objects
            )
        tag = text[i : i + 2]
        own = (parent, tag) if parent is not None else (*path, tag)
        if inner is not None and tag in inner:
            obj = _new(DataObject, (tag, text[i + 4 : stop], i + offset, own, None))
            append(_expand_child(obj, found))
        else:
            append(_new(DataObject, (tag, text[i + 4 : stop], i + offset, own, None)))
        i = stop
    if found and failures is not None:
        failures.extend(found)
    return tuple(objects)


#: (path of the template that did not parse, the error)
TemplateFailure = tuple[tuple[str, ...], TLVError]


def _tree_chars(
    text: str, expand: Container[str], within: Mapping[str, Container[str]]
) -> tuple[tuple[DataObject, ...], list[TemplateFailure]]:
    """:func:`parse_tree` in character units: one pass, templates parsed as they are met."""
    root: list[DataObject] = []
    append = root.append
    failures: list[TemplateFailure] = []
    headers = _HEADERS
    end = len(text)
    i = 0
    while i < end:
        size = headers.get(text[i : i + 4])
        if size is None:
            raise _header_error(text, i, 0, (), root)
        stop = i + 4 + size
        if stop > end:
            raise _with_previous(_overrun(text[i : i + 2], size, end - i - 4, i, (), "characters"), root)
        tag = text[i : i + 2]
        value = text[i + 4 : stop]
        if tag in expand:
            path = (tag,)
            try:
                kids: tuple[DataObject, ...] | None = _parse_chars(
                    value, i + 4, path, within.get(tag), failures
                )
            except TLVError as err:
                failures.append((path, err))
                kids = None
            append(_new(DataObject, (tag, value, i, path, kids)))
        else:
            append(_new(DataObject, (tag, value, i, (tag,), None)))
        i = stop
    return tuple(root), failures


def _expand_child(obj: DataObject, failures: list[TemplateFailure]) -> DataObject:
    try:
        kids = _parse_chars(obj.value, obj.offset + 4, obj.path)
    except TLVError as err:
        failures.append((obj.path, err))
        return obj
    return _new(DataObject, (obj.tag, obj.value, obj.offset, obj.path, kids))


def parse_tree(
    text: str,
    *,
    expand: Container[str] = frozenset(),
    within: Mapping[str, Container[str]] | None = None,
    unit: LengthUnit = LengthUnit.CHARACTERS,
) -> tuple[tuple[DataObject, ...], list[TemplateFailure]]:
    """Parse ``text`` and, as templates, the values of root objects whose tag is in ``expand``
    (and inside template ``T``, the children whose tag is in ``within[T]``).

    The root must parse (else :class:`~qrpay.errors.TLVError`). A template that does not
    parse keeps ``children=None``; ``(its path, the error)`` is returned in the list, so the caller
    decides what a malformed template means. Linear in ``len(text)``.
    """
    inner = within or {}
    if unit is LengthUnit.CHARACTERS or text.isascii():
        return _tree_chars(text, expand, inner)
    failures: list[TemplateFailure] = []
    root: list[DataObject] = []
    for obj in _parse_units(text, 0, (), unit):
        if obj.tag in expand:
            try:
                kids = _parse_units(obj.value, obj.offset + 4, obj.path, unit)
            except TLVError as err:
                failures.append((obj.path, err))
            else:
                sub = inner.get(obj.tag)
                if sub is not None:
                    kids = tuple(_expand_units(c, sub, unit, failures) for c in kids)
                obj = _new(DataObject, (obj.tag, obj.value, obj.offset, obj.path, kids))
        root.append(obj)
    return tuple(root), failures


def _expand_units(
    obj: DataObject, inner: Container[str], unit: LengthUnit, failures: list[TemplateFailure]
) -> DataObject:
    if obj.tag not in inner:
        return obj
    try:
        kids = _parse_units(obj.value, obj.offset + 4, obj.path, unit)
    except TLVError as err:
        failures.append((obj.path, err))
        return obj
    return _new(DataObject, (obj.tag, obj.value, obj.offset, obj.path, kids))


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
