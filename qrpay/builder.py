"""Build payloads from fields, and edit them (the encode side: strict, refuses).

:func:`build` writes data objects in canonical order (00, 01, 02-51 ascending, 52-61,
62, 64, 65-99, 63 last), computes the CRC, then validates the result with the same
rules as :func:`qrpay.decode` plus the rules of every scheme it detects. Anything the
result would be reported for raises :class:`~qrpay.errors.InvalidRequest` naming the
field: errors always, and warnings that no detected scheme allows (qrpay never *emits*
a deviation). Nothing the caller gives is truncated, rounded or rewritten.

>>> p = build(merchant_accounts={"15": "37210116372101160123456789ABCDE"},
...           merchant_category_code="5999", currency="USD", amount="1.50",
...           country="KH", merchant_name="Kuntheas Shop", merchant_city="Phnom Penh")
>>> text = p.to_text()
>>> text[:47]
'000201010212153137210116372101160123456789ABCDE'
>>> text[47:]
'52045999530384054041.505802KH5913Kuntheas Shop6010Phnom Penh6304D13B'
>>> p.amount, p.is_dynamic
(Decimal('1.50'), True)
"""

from __future__ import annotations

import functools
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Literal, ParamSpec, TypeVar, Union

from . import crc as _crc
from . import emvco, iso
from .amount import AmountStyle, format_amount, shown, to_decimal
from .codec import _decode, require_clock, unencodable
from .errors import InvalidRequest, Issue, QRPayError, TLVError
from .model import HOOKS, InitiationMethod, LanguageTemplate, Payload
from .tlv import DataObject, LengthUnit, primitive, serialize, template

__all__ = [
    "KEYWORD_PATHS",
    "FieldValue",
    "TemplateInput",
    "build",
    "canonical_order",
    "checked_keywords",
    "edit",
    "edit_path",
    "epoch_ms",
    "payload_summary",
]

#: A template given as a mapping or as ordered ``(sub-ID, value)`` pairs.
TemplateInput = Mapping[str, str] | Sequence[tuple[str, str]] | DataObject
#: Anything a builder keyword accepts.
FieldValue = Any

#: Root tag -> builder keyword, used to name the field in errors.
FIELD_OF_TAG: dict[str, str] = {
    "00": "payload_format",
    "01": "initiation",
    "52": "merchant_category_code",
    "53": "currency",
    "54": "amount",
    "55": "tip",
    "56": "convenience_fee_fixed",
    "57": "convenience_fee_percentage",
    "58": "country",
    "59": "merchant_name",
    "60": "merchant_city",
    "61": "postal_code",
    "62": "additional_data",
    "64": "language",
}
#: builder keyword -> root tag, for plain string fields
_TEXT_FIELDS = {
    "merchant_category_code": "52",
    "country": "58",
    "merchant_name": "59",
    "merchant_city": "60",
    "postal_code": "61",
    "payload_format": "00",
}


# -- the argument layer: every builder keyword passes through it --------------------------

#: Builder keyword -> the tag path its value is written to, used to place a ``value_type``
#: error (scheme builders add their own keywords with :func:`checked_keywords`).
KEYWORD_PATHS: dict[str, tuple[str, ...]] = {
    **{name: (tag,) for tag, name in FIELD_OF_TAG.items()},
    **{spec.key: ("62", tag) for tag, spec in emvco.ADDITIONAL_DATA.items()},
    "language_preference": ("64", "00"),
    "amount_style": ("54",),
    "merchant_accounts": (),
    "unreserved": (),
}
#: Keywords whose value maps tags (or EMVCo names) to values: a nested mismatch is placed
#: at the tag it was given for, below this parent path.
_KEYED: dict[str, tuple[str, ...]] = {
    "merchant_accounts": (),
    "unreserved": (),
    "networks": (),
    "additional_data": ("62",),
    "language": ("64",),
}
_LANGUAGE_NAMES = {spec.key: tag for tag, spec in emvco.LANGUAGE_TEMPLATE.items()}
_NOT_A_SEQUENCE = (str, bytes, bytearray, memoryview)


def _describe(hint: Any) -> str:
    """A type hint in words, for messages: ``str or None``, ``a mapping of str to str``."""
    if hint is Any:
        return "anything"
    if hint is type(None) or hint is None:
        return "None"
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Union or origin is types.UnionType:
        return " or ".join(dict.fromkeys(_describe(a) for a in args))
    if origin is Literal:
        return " or ".join(repr(a) for a in args)
    if origin in (dict, Mapping):
        return f"a mapping of {_nested(args[0])} to {_nested(args[1])}" if args else "a mapping"
    if origin in (list, Sequence):
        return f"a sequence of {_nested(args[0])}" if args else "a sequence"
    if origin is tuple:
        return "a (" + ", ".join(_describe(a) for a in args) + ") pair"
    return getattr(hint, "__name__", str(hint))


def _nested(hint: Any) -> str:
    text = _describe(hint)
    return f"({text})" if " or " in text else text


def _mismatch(value: object, hint: Any) -> tuple[str, tuple[object, ...]] | None:
    """``None`` if ``value`` is of the declared type (checked deeply through containers),
    else what is wrong and the keys leading to the wrong part."""
    if hint is Any:
        return None
    if hint is type(None) or hint is None:
        return None if value is None else (f"expected None, got {_kind(value)}", ())
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Union or origin is types.UnionType:
        deeper: tuple[str, tuple[object, ...]] | None = None
        for arm in args:
            found = _mismatch(value, arm)
            if found is None:
                return None
            if found[1] and deeper is None:  # the right container, a wrong item: say which
                deeper = found
        return deeper or (f"expected {_describe(hint)}, got {_kind(value)}", ())
    if origin is Literal:
        if any(type(value) is type(a) and value == a for a in args):
            return None
        return f"expected {_describe(hint)}, got {_kind(value)}", ()
    if origin in (dict, Mapping):
        if not isinstance(value, dict if origin is dict else Mapping):
            return f"expected {_describe(hint)}, got {_kind(value)}", ()
        key_hint, value_hint = args or (Any, Any)
        for key, item in value.items():
            found = _mismatch(key, key_hint)
            if found is not None:
                return f"keys must be {_describe(key_hint)}, got {_kind(key)}", (key,)
            found = _mismatch(item, value_hint)
            if found is not None:
                return found[0], (key, *found[1])
        return None
    if origin in (list, Sequence):
        if not isinstance(value, list if origin is list else Sequence) or isinstance(value, _NOT_A_SEQUENCE):
            return f"expected {_describe(hint)}, got {_kind(value)}", ()
        item_hint = args[0] if args else Any
        for index, item in enumerate(value):
            found = _mismatch(item, item_hint)
            if found is not None:
                return found[0], (index, *found[1])
        return None
    if origin is tuple:
        if not isinstance(value, tuple) or (len(args) != len(value) and args[-1:] != (...,)):
            return f"expected {_describe(hint)}, got {_kind(value)}", ()
        for index, (item, item_hint) in enumerate(zip(value, args, strict=False)):
            if item_hint is ...:
                break
            found = _mismatch(item, item_hint)
            if found is not None:
                return found[0], (index, *found[1])
        return None
    if hint is bool:
        ok = isinstance(value, bool)
    elif hint is int:  # a bool is an int to Python, never to a builder
        ok = isinstance(value, int) and not isinstance(value, bool)
    elif isinstance(hint, type):
        ok = isinstance(value, hint)
    else:  # pragma: no cover - every builder annotation is one of the above
        return None
    return None if ok else (f"expected {_describe(hint)}, got {_kind(value)}", ())


def _accepts(hint: Any) -> Callable[[object], bool]:
    """A predicate true exactly when :func:`_mismatch` finds nothing: the fast check every
    keyword of every build goes through (the message is built only when it fails).
    Made once per annotation (issue 11: reading the hint on each call was half of build)."""
    try:
        return _ACCEPTS[hint]
    except KeyError:
        pass
    except TypeError:  # pragma: no cover - an unhashable annotation: no cache
        return _make_accepts(hint)
    found = _ACCEPTS[hint] = _make_accepts(hint)
    return found


_ACCEPTS: dict[Any, Callable[[object], bool]] = {}


def _make_accepts(hint: Any) -> Callable[[object], bool]:
    if hint is Any:
        return lambda value: True
    if hint is type(None) or hint is None:
        return lambda value: value is None
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Union or origin is types.UnionType:
        arms = tuple(_accepts(arm) for arm in args)
        return lambda value: any(arm(value) for arm in arms)
    if origin is Literal:
        return lambda value: any(type(value) is type(a) and value == a for a in args)
    if origin in (dict, Mapping):
        container: type = dict if origin is dict else Mapping
        key_ok, item_ok = (_accepts(args[0]), _accepts(args[1])) if args else (_accepts(Any), _accepts(Any))
        return lambda value: (
            isinstance(value, container)
            and all(
                key_ok(key) and item_ok(item)
                for key, item in value.items()  # type: ignore[attr-defined]
            )
        )
    if origin in (list, Sequence):
        sequence: type = list if origin is list else Sequence
        each_ok = _accepts(args[0] if args else Any)

        def sequence_ok(value: object) -> bool:
            if not isinstance(value, sequence) or isinstance(value, _NOT_A_SEQUENCE):
                return False
            return all(each_ok(item) for item in value)  # type: ignore[attr-defined]

        return sequence_ok
    if origin is tuple:
        open_ended = args[-1:] == (...,)
        fixed = tuple(_accepts(a) for a in (args[:-1] if open_ended else args))

        def tuple_ok(value: object) -> bool:
            if not isinstance(value, tuple) or (len(args) != len(value) and not open_ended):
                return False
            return all(ok(item) for ok, item in zip(fixed, value, strict=False))

        return tuple_ok
    if hint is bool:
        return lambda value: isinstance(value, bool)
    if hint is int:  # a bool is an int to Python, never to a builder
        return lambda value: isinstance(value, int) and not isinstance(value, bool)
    if isinstance(hint, type):
        return lambda value: isinstance(value, hint)
    return lambda value: True  # pragma: no cover - every builder annotation is one of the above


def _kind(value: object) -> str:
    return f"{type(value).__name__} {shown(value)}"


def _keyword_path(
    name: str, trail: tuple[object, ...], paths: Mapping[str, tuple[str, ...]]
) -> tuple[str, ...]:
    base = paths.get(name, KEYWORD_PATHS.get(name, ()))
    if name in _KEYED and trail and isinstance(trail[0], str):
        key = trail[0]
        names = _LANGUAGE_NAMES if name == "language" else emvco.ADDITIONAL_DATA_NAMES
        tag = names.get(key, key) if name in ("additional_data", "language") else key
        if tag in _ALL_TAGS:
            return (*_KEYED[name], tag)
    return base


def check_keywords(
    owner: str,
    keywords: Mapping[str, object],
    hints: Mapping[str, Any],
    paths: Mapping[str, tuple[str, ...]] = {},
) -> None:
    """Check every keyword value against its declared type before a builder runs.

    ``now`` is the clock, not payment data: a wrong one is a ``TypeError`` (see
    :func:`qrpay.codec.require_clock`). Every other value of the wrong type is an
    :class:`~qrpay.errors.InvalidRequest` with code ``value_type``, placed at the tag path
    the keyword writes to.
    """
    for name, value in keywords.items():
        if name == "now":
            require_clock(value, owner)
            continue
        hint = hints.get(name)
        if hint is None or _accepts(hint)(value):
            continue  # not a parameter (the call itself raises Python's TypeError), or fine
        found = _mismatch(value, hint)
        if found is not None:
            if Decimal in typing.get_args(hint):  # an amount: to_decimal says why (amount_type)
                to_decimal(value, field=name, path=paths.get(name, KEYWORD_PATHS.get(name, ("54",))))
            message, trail = found
            where = name + "".join(f"[{shown(k)}]" for k in trail)
            raise InvalidRequest(
                f"{where}: {message} ({owner})",
                code="value_type",
                path=_keyword_path(name, trail, paths),
                ctx={"keyword": name, "expected": _describe(hint), "actual": type(value).__name__},
            )


_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def epoch_ms(when: object, *, field: str, path: tuple[str, ...], code: str) -> str:
    """A timestamp keyword (an aware ``datetime`` or Unix epoch milliseconds) as 13 digits.

    A naive ``datetime`` is refused (``naive_datetime``): qrpay does not guess a time
    zone. Any other type is ``value_type``; an int or a date outside 13 digits is ``code``.
    """
    if isinstance(when, datetime):
        if when.utcoffset() is None:
            raise InvalidRequest(
                f"{field}: {shown(when)} is a naive datetime; give an aware one (with tzinfo, e.g. "
                "timezone.utc): qrpay does not guess the time zone",
                code="naive_datetime",
                path=path,
                ctx={"keyword": field},
            )
        millis = (when - _EPOCH) // timedelta(milliseconds=1)
    elif isinstance(when, int) and not isinstance(when, bool):
        millis = when
    else:
        raise InvalidRequest(
            f"{field}: expected an aware datetime or Unix epoch milliseconds (int), got {_kind(when)}",
            code="value_type",
            path=path,
            ctx={"keyword": field},
        )
    if not 10**12 <= millis < 10**13:
        raise InvalidRequest(
            f"{field}: {shown(millis)} is not Unix epoch milliseconds (13 digits)",
            code=code,
            path=path,
            ctx={"actual": shown(millis)},
        )
    return str(millis)


_P = ParamSpec("_P")
_R = TypeVar("_R")


def checked_keywords(
    paths: Mapping[str, tuple[str, ...]] | None = None, *, owner: str | None = None
) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """Decorate a builder so every keyword value is checked against its annotation first.

    ``paths`` names the tag path of the builder's own keywords (the shared ones, such as
    ``merchant_name`` or ``bill_number``, are in :data:`KEYWORD_PATHS`). The annotations
    are read once, on the first call.
    """
    own = dict(paths or {})

    def decorate(function: Callable[_P, _R]) -> Callable[_P, _R]:
        name = owner or f"{function.__module__.rpartition('.')[2]}.{function.__name__}"
        if name == "builder.build":
            name = "build"
        hints: dict[str, Any] = {}

        @functools.wraps(function)
        def checked(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            if not hints:
                hints.update(typing.get_type_hints(function))
                hints.pop("return", None)
            check_keywords(name, kwargs, hints, own)
            return function(*args, **kwargs)

        return checked

    return decorate


def canonical_order(objects: Iterable[DataObject]) -> list[DataObject]:
    """Sort root objects: 00, 01, then ascending by ID, with 63 (CRC) last."""
    return sorted(objects, key=lambda o: (o.tag == "63", o.tag))


def _field_label(path: tuple[str, ...]) -> str:
    if not path:
        return "payload"
    tag = path[0]
    if tag in FIELD_OF_TAG:
        name = FIELD_OF_TAG[tag]
        if len(path) > 1:
            sub = path[1]
            spec = (emvco.ADDITIONAL_DATA if tag == "62" else emvco.LANGUAGE_TEMPLATE).get(sub)
            return f"{name}.{spec.key if spec else sub}"
        return name
    if "02" <= tag <= "51":
        return f"merchant_accounts[{'.'.join(path)}]"
    return f"unreserved[{'.'.join(path)}]"


def _refuse(message: str, code: str, path: tuple[str, ...], **ctx: Any) -> InvalidRequest:
    return InvalidRequest(f"{_field_label(path)}: {message}", code=code, path=path, ctx=ctx)


def _require_text(value: object, path: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise _refuse(f"expected a string, got {type(value).__name__} {shown(value)}", "value_type", path)
    return value


def _template_object(tag: str, value: object, parent: tuple[str, ...] = ()) -> DataObject:
    path = (*parent, tag)
    if isinstance(value, DataObject):
        if value.tag != tag:
            raise _refuse(f"data object has tag {value.tag}, expected {tag}", "value_type", path)
        return value
    if isinstance(value, str):
        return primitive(tag, value, path=parent)
    pairs: list[tuple[str, str]] = []
    items = value.items() if isinstance(value, Mapping) else value
    if not isinstance(items, Iterable):
        raise _refuse(f"expected a string or a template, got {type(value).__name__}", "value_type", path)
    for item in items:
        try:
            sub, sub_value = item
        except (TypeError, ValueError) as exc:
            raise _refuse(
                f"template entries must be (sub-ID, value) pairs, got {shown(item)}", "value_type", path
            ) from exc
        pairs.append((_require_text(sub, path), _require_text(sub_value, (*path, str(sub)))))
    try:
        return template(tag, pairs, path=parent)
    except TLVError as err:
        raise _refuse(err.message, err.code, err.path or path) from err


def _initiation_value(initiation: object, has_amount: bool) -> str | None:
    if initiation is None:
        return "12" if has_amount else "11"
    if initiation is False:
        return None
    if isinstance(initiation, InitiationMethod):
        initiation = initiation.value
    mapping = {"static": "11", "dynamic": "12"}
    if isinstance(initiation, str):
        return mapping.get(initiation.lower(), initiation)
    raise _refuse(
        f"expected 'static', 'dynamic' or a 2-digit code, got {shown(initiation)}", "value_type", ("01",)
    )


def _currency_code(currency: object) -> tuple[str, int | None]:
    text = _require_text(currency, ("53",))
    found = iso.currency(text)
    if found is None:
        raise _refuse(
            f"{shown(text)} is not an ISO 4217 currency in qrpay's table ({iso.data_source('iso4217')})",
            "currency_unknown",
            ("53",),
            actual=text,
        )
    return found.numeric, found.minor_units


def _additional_objects(additional: object) -> DataObject:
    if isinstance(additional, DataObject):
        return additional
    if not isinstance(additional, Mapping):
        if hasattr(additional, "objects"):
            return template("62", list(additional.objects))
        raise _refuse("expected a mapping of field names or sub-IDs to values", "value_type", ("62",))
    children: list[DataObject] = []
    for key, value in additional.items():
        tag = emvco.ADDITIONAL_DATA_NAMES.get(key, key)
        if tag not in _ALL_TAGS:
            known = ", ".join(emvco.ADDITIONAL_DATA_NAMES)
            raise _refuse(
                f"unknown field {shown(key)}; use a sub-ID 01-99 or one of {known}",
                "unknown_field",
                ("62",),
            )
        if value is None:
            continue
        if tag >= "50":
            children.append(_template_object(tag, value, ("62",)))
        else:
            children.append(primitive(tag, _require_text(value, ("62", tag)), path=("62",)))
    children.sort(key=lambda o: o.tag)
    try:
        return template("62", children)
    except TLVError as err:
        raise _refuse(err.message, err.code, ("62",)) from err


def _language_object(language: object) -> DataObject:
    if isinstance(language, DataObject):
        return language
    if isinstance(language, LanguageTemplate):
        values: dict[str, Any] = {
            "00": language.language_preference,
            "01": language.merchant_name,
            "02": language.merchant_city,
        }
    elif isinstance(language, Mapping):
        names = {spec.key: tag for tag, spec in emvco.LANGUAGE_TEMPLATE.items()}
        values = {}
        for key, value in language.items():
            tag = names.get(key, key)
            if tag not in _ALL_TAGS:
                raise _refuse(
                    f"unknown field {shown(key)}; use language_preference, merchant_name, merchant_city",
                    "unknown_field",
                    ("64",),
                )
            values[tag] = value
    else:
        raise _refuse("expected a LanguageTemplate or a mapping", "value_type", ("64",))
    pairs = [(tag, _require_text(v, ("64", tag))) for tag, v in sorted(values.items()) if v is not None]
    try:
        return template("64", pairs)
    except TLVError as err:
        raise _refuse(err.message, err.code, ("64",)) from err


_ALL_TAGS = frozenset(f"{n:02d}" for n in range(100))


def _amount_text(
    amount: object,
    minor_units: int | None,
    style: AmountStyle,
    path: tuple[str, ...],
    field: str,
    max_length: int = 13,
) -> str:
    value = to_decimal(amount, field=field, path=path)
    return format_amount(
        value, minor_units=minor_units, style=style, field=field, path=path, max_length=max_length
    )


def _objects_from_fields(fields: Mapping[str, Any], minor_units: int | None) -> dict[str, DataObject | None]:
    """Root objects for the given keywords (``None`` means: remove that tag)."""
    out: dict[str, DataObject | None] = {}
    # None (Payload.replace/with_amount allow it, as for every keyword) is the default style;
    # without this, pure Python wrote "minimal" and the compiled core raised TypeError
    style: AmountStyle = fields.get("amount_style") or "fixed"
    for key, value in fields.items():
        if key == "amount_style":  # read above (build and edit take initiation and now out)
            continue
        if key in _TEXT_FIELDS:
            tag = _TEXT_FIELDS[key]
            out[tag] = None if value is None else primitive(tag, _require_text(value, (tag,)))
        elif key == "currency":
            out["53"] = None if value is None else primitive("53", _currency_code(value)[0])
        elif key == "amount":
            out["54"] = (
                None
                if value is None
                else primitive("54", _amount_text(value, minor_units, style, ("54",), "amount"))
            )
        elif key == "tip":
            if value is None:
                out["55"] = None
            elif value == "prompt" or value is True:
                out["55"] = primitive("55", "01")
            else:
                raise _refuse(
                    "tip must be 'prompt' (55=01); use convenience_fee_fixed or "
                    "convenience_fee_percentage for fees",
                    "value_type",
                    ("55",),
                )
        elif key == "convenience_fee_fixed":
            if value is None:
                out["56"] = None
            else:
                out["55"] = primitive("55", "02")
                out["56"] = primitive(
                    "56", _amount_text(value, minor_units, style, ("56",), "convenience_fee_fixed")
                )
        elif key == "convenience_fee_percentage":
            if value is None:
                out["57"] = None
            else:
                percent = to_decimal(value, field="convenience_fee_percentage", path=("57",))
                out["55"] = primitive("55", "03")
                out["57"] = primitive(
                    "57",
                    format_amount(
                        percent,
                        minor_units=2,
                        style="minimal",
                        field="convenience_fee_percentage",
                        path=("57",),
                        max_length=5,
                    ),
                )
        elif key == "additional_data":
            out["62"] = None if _absent(value) else _additional_objects(value)
        elif key == "language":
            out["64"] = None if _absent(value) else _language_object(value)
        elif key == "merchant_accounts":
            for tag, account in _keyed(value, "merchant_accounts"):
                if not emvco.is_merchant_account_tag(tag):
                    raise InvalidRequest(
                        f"merchant_accounts: tag {shown(tag)} is outside 02-51 (EMVCo MPM 4.7.9)",
                        code="unknown_field",
                        path=(tag,),
                    )
                out[tag] = None if account is None else _template_object(tag, account)
        elif key == "unreserved":
            for tag, content in _keyed(value, "unreserved"):
                if not "80" <= tag <= "99":
                    raise InvalidRequest(
                        f"unreserved: tag {shown(tag)} is outside 80-99 (EMVCo MPM 4.11)",
                        code="unknown_field",
                        path=(tag,),
                    )
                out[tag] = None if content is None else _template_object(tag, content)
        else:
            raise InvalidRequest(f"unknown field {shown(key)}", code="unknown_field", ctx={"actual": key})
    return out


def _absent(value: object) -> bool:
    """``None``, or a mapping whose every value is ``None`` (no template to write)."""
    return value is None or (isinstance(value, Mapping) and all(v is None for v in value.values()))


def _keyed(value: object, name: str) -> list[tuple[str, Any]]:
    if isinstance(value, Mapping):
        return [(_require_text(tag, ()), v) for tag, v in value.items()]
    if isinstance(value, Iterable) and not isinstance(value, str):
        out = []
        for item in value:
            if not isinstance(item, DataObject):
                raise InvalidRequest(
                    f"{name}: expected data objects or a mapping of tag to value", code="value_type"
                )
            out.append((item.tag, item))
        return out
    raise InvalidRequest(f"{name}: expected a mapping of tag to value", code="value_type")


#: Warnings that advise a reader and do not block a build (docs/errors.md).
_ADVISORY = frozenset({"mixed_script"})


def _finalise(
    objects: list[DataObject],
    now: datetime | None,
    tolerated: Iterable[Issue] = (),
) -> Payload:
    """Serialize with a fresh CRC, validate like decode, refuse what is found."""
    try:
        body = serialize(objects) + _crc.CRC_PREFIX
    except TLVError as err:
        raise _refuse(err.message, err.code, err.path) from err
    if not body.isascii():
        refused_text = unencodable(objects, _field_label)
        if refused_text is not None:
            raise refused_text
    text = body + _crc.checksum(body)
    try:
        payload = _decode(text, True, now)
    except QRPayError as err:  # over 2953 characters (ISO/IEC 18004 40-L): no QR code holds it
        raise InvalidRequest(
            f"the built payload does not decode: {err.message}", code=err.code, path=err.path
        ) from err
    old = {(i.code, i.path) for i in tolerated}
    # Refused: every error, and every EMVCo-level deviation no detected scheme allows.
    # A scheme's own warnings mark facts that are observed but not published (e.g. the
    # UnionPay account layout); they stay on the payload but do not block a build.
    # A mixed-script word (qrpay.text) is a hint for a person to look at, not a deviation
    # from a rule: real names can mix scripts, so it stays a warning and does not block.
    refused = [
        i
        for i in payload.issues
        if i.severity == "error"
        or (i.scheme is None and (i.code, i.path) not in old and i.code not in _ADVISORY)
    ]
    if refused:
        labelled = [
            Issue(
                i.code,
                i.path,
                i.offset,
                f"{_field_label(i.path)}: {i.message}",
                i.severity,
                i.scheme,
                i.ctx,
            )
            for i in refused
        ]
        raise InvalidRequest.from_issues(labelled)
    return payload


@checked_keywords()
def build(
    *,
    merchant_accounts: Mapping[str, str | TemplateInput] | Sequence[DataObject],
    currency: str,
    country: str,
    merchant_name: str | None = None,
    merchant_city: str | None = None,
    merchant_category_code: str | None = None,
    amount: Decimal | int | str | None = None,
    amount_style: AmountStyle = "fixed",
    initiation: str | InitiationMethod | bool | None = None,
    tip: str | None = None,
    convenience_fee_fixed: Decimal | int | str | None = None,
    convenience_fee_percentage: Decimal | int | str | None = None,
    postal_code: str | None = None,
    additional_data: Mapping[str, Any] | None = None,
    language: LanguageTemplate | Mapping[str, str | None] | None = None,
    unreserved: Mapping[str, str | TemplateInput] | Sequence[DataObject] | None = None,
    payload_format: str = "01",
    now: datetime | None = None,
) -> Payload:
    """Build a payload from fields, in canonical order, with a fresh CRC.

    ``merchant_accounts`` maps tags 02-51 to a primitive value (``"15": "2738..."``) or a
    template (``"29": {"00": "A000000677010111", "01": "0066812345678"}``).
    ``currency`` is ISO 4217 numeric or alphabetic (``"764"`` or ``"THB"``).
    ``amount`` is a ``Decimal``, ``int`` or ``str`` (never a float); it is written with the
    currency's minor units (``amount_style="fixed"``), as given (``"minimal"``), or as the
    Bakong SDK does (``"khqr"``); it is never rounded. ``initiation`` defaults to
    ``"dynamic"`` when there is an amount and ``"static"`` otherwise (``False`` omits 01).
    ``additional_data`` maps EMVCo names (``bill_number``, ``reference_label``, ...) or
    sub-IDs to values; ``language`` holds ``language_preference``, ``merchant_name``,
    ``merchant_city``; ``unreserved`` maps tags 80-99 to templates.

    Raises :class:`~qrpay.errors.InvalidRequest` naming the field for anything the
    result would be reported for.
    """
    minor_units = _currency_code(currency)[1]
    fields: dict[str, Any] = {
        "payload_format": payload_format,
        "merchant_accounts": merchant_accounts,
        "merchant_category_code": merchant_category_code,
        "currency": currency,
        "amount": amount,
        "amount_style": amount_style,
        "tip": tip,
        "convenience_fee_fixed": convenience_fee_fixed,
        "convenience_fee_percentage": convenience_fee_percentage,
        "country": country,
        "merchant_name": merchant_name,
        "merchant_city": merchant_city,
        "postal_code": postal_code,
        "additional_data": additional_data,
        "language": language,
        "unreserved": unreserved,
    }
    fees = [
        k for k in ("tip", "convenience_fee_fixed", "convenience_fee_percentage") if fields[k] is not None
    ]
    if len(fees) > 1:
        raise _refuse(
            f"{' and '.join(fees)} are exclusive: tag 55 holds one indicator (EMVCo MPM 4.7.6.1)",
            "tip_indicator_value",
            ("55",),
        )
    produced = _objects_from_fields({k: v for k, v in fields.items() if v is not None}, minor_units)
    poi = _initiation_value(initiation, amount is not None)
    if poi is not None:
        produced["01"] = primitive("01", poi)
    objects = canonical_order(o for o in produced.values() if o is not None)
    return _finalise(objects, now)


@functools.cache
def _edit_hints() -> dict[str, Any]:
    """The builder's annotations, each also allowing ``None`` (which removes a field)."""
    hints = typing.get_type_hints(typing.cast(Any, build).__wrapped__)
    hints.pop("return", None)
    return {name: hint | None for name, hint in hints.items()}


def edit(payload: Payload, changes: Mapping[str, FieldValue]) -> Payload:
    """``payload.replace(**changes)``: change fields, keep positions, fresh CRC, validate."""
    changes = dict(changes)
    check_keywords("Payload.replace", changes, _edit_hints())
    now = changes.pop("now", None)
    initiation = changes.pop("initiation", _MISSING)
    currency = changes.get("currency") or payload.currency_code
    minor_units: int | None = None
    if currency is not None:
        found = iso.currency(currency)
        minor_units = found.minor_units if found is not None else None
    produced = _objects_from_fields(changes, minor_units)
    if "merchant_accounts" in changes:
        # replace the whole set of accounts
        for obj in payload.objects:
            if emvco.is_merchant_account_tag(obj.tag) and obj.tag not in produced:
                produced[obj.tag] = None
    if initiation is not _MISSING:
        poi = _initiation_value(initiation, (changes.get("amount") or payload.value("54")) is not None)
        produced["01"] = None if poi is None else primitive("01", poi)
    return _apply(payload, produced, now)


_MISSING: Any = object()


def _apply(payload: Payload, produced: Mapping[str, DataObject | None], now: datetime | None) -> Payload:
    objects = [o for o in payload.objects if o.tag != "63"]
    for tag, obj in produced.items():
        positions = [i for i, o in enumerate(objects) if o.tag == tag]
        if obj is None:
            objects = [o for o in objects if o.tag != tag]
        elif positions:
            objects[positions[0]] = obj
        else:
            # after the last object that sorts before it, so existing order is kept
            index = 0
            for i, existing in enumerate(objects):
                if existing.tag < tag:
                    index = i + 1
            objects.insert(index, obj)
    tolerated = [i for i in payload.issues if i.severity == "warning"]
    if payload.length_unit is not LengthUnit.CHARACTERS:
        # the edit is written in characters (EMVCo MPM 4.4.1.1), templates included
        objects = [_recount(o) for o in objects]
        tolerated = [i for i in tolerated if not i.code.startswith("length_unit")]
    return _finalise(objects, now, tolerated)


def _recount(obj: DataObject) -> DataObject:
    """Re-serialize a template's value from its children with character lengths."""
    if obj.children is None:
        return obj
    children = tuple(_recount(c) for c in obj.children)
    return DataObject(obj.tag, serialize(children), obj.offset, obj.path, children)


def edit_path(payload: Payload, path: tuple[str, ...], value: str | None) -> Payload:
    """Set (or, with ``None``, remove) the raw value at a tag path; fresh CRC; validate."""
    if (
        not isinstance(path, tuple)
        or not path
        or any(not isinstance(tag, str) or tag not in _ALL_TAGS for tag in path)
    ):
        raise InvalidRequest(
            f"{shown(path)} is not a tag path of two-digit IDs",
            code="unknown_field",
            path=tuple(p for p in path if isinstance(p, str)) if isinstance(path, tuple) else (),
            ctx={"actual": type(path).__name__},
        )
    if len(path) > 2:
        raise InvalidRequest(
            "edit a nested template's child with a two-level path, e.g. ('62', '05')",
            code="unknown_field",
            path=path,
        )
    if value is not None:
        _require_text(value, path)
    try:
        return _edit_path(payload, path, value)
    except TLVError as err:  # a value over 99 characters: refused, naming the path
        raise _refuse(err.message, err.code, err.path or path) from err


def _edit_path(payload: Payload, path: tuple[str, ...], value: str | None) -> Payload:
    tag = path[0]
    if len(path) == 1:
        return _apply(payload, {tag: None if value is None else primitive(tag, value)}, None)
    parent = payload.get(tag)
    children = list(parent.children or ()) if parent is not None else []
    if parent is not None and parent.children is None:
        raise InvalidRequest(
            f"tag {tag} is not a template, so it has no sub-ID {path[1]}",
            code="unknown_field",
            path=path,
        )
    sub = path[1]
    kept = [c for c in children if c.tag != sub]
    if value is not None:
        if any(c.tag == sub for c in children):
            kept = [primitive(sub, value, path=(tag,)) if c.tag == sub else c for c in children]
        else:
            kept.append(primitive(sub, value, path=(tag,)))
            kept.sort(key=lambda c: c.tag)
    new_parent = None if not kept else template(tag, kept)
    return _apply(payload, {tag: new_parent}, None)


def payload_summary(payload: Payload) -> dict[str, Any]:
    """A JSON-ready dict of the typed fields (stable; documented in docs/cli.md)."""
    currency = payload.currency
    amount = payload.amount
    initiation = payload.initiation
    fee = payload.convenience_fee
    additional = payload.additional_data
    language = payload.language
    expiry = payload.expires_at()
    return {
        "payload_format": payload.payload_format,
        "initiation": None
        if initiation is None
        else {"raw": initiation.raw, "method": initiation.method.value},
        "merchant_accounts": [
            {
                "tag": a.tag,
                "guid": a.guid,
                "scheme": a.scheme,
                "network": a.network,
                "fields": a.fields if a.objects is not None else None,
                "value": a.value,
            }
            for a in payload.merchant_accounts
        ],
        "merchant_category_code": payload.merchant_category_code,
        "currency": None
        if payload.currency_code is None
        else {
            "numeric": payload.currency_code,
            "alpha": currency.alpha if currency else None,
            "minor_units": currency.minor_units if currency else None,
        },
        "amount": None if amount is None else str(amount),
        "convenience_fee": None
        if fee is None
        else {
            "indicator": fee.indicator,
            "kind": fee.kind.value,
            "fixed": None if fee.fixed is None else str(fee.fixed),
            "percentage": None if fee.percentage is None else str(fee.percentage),
        },
        "country": payload.country_code,
        "merchant_name": payload.merchant_name,
        "merchant_city": payload.merchant_city,
        "postal_code": payload.postal_code,
        "additional_data": None if additional is None else additional.fields,
        "language": None
        if language is None
        else {
            "language_preference": language.language_preference,
            "merchant_name": language.merchant_name,
            "merchant_city": language.merchant_city,
        },
        "unreserved_templates": [
            {
                "tag": t.tag,
                "guid": t.guid,
                "fields": t.fields if t.objects is not None else None,
                "value": t.value,
            }
            for t in payload.unreserved_templates
        ],
        "expires_at": None if expiry is None else expiry.isoformat(),
        "crc": payload.crc,
    }


# The model knows nothing of builders (docs/adr/0008): the builder plugs in here.
HOOKS.edit = edit
HOOKS.edit_path = edit_path
HOOKS.summary = payload_summary
