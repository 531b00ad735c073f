"""Amounts: the EMVCo value syntax, parsing to :class:`~decimal.Decimal`, and formatting.

EMVCo MPM 4.7.4.1 (ID 54; 4.7.7 and 4.7.8 for 56/57): digits "0"-"9" and at most one
"." as the decimal mark, which may be present with no decimals ("98."); never zero;
no other characters (no thousands separators, no sign). "The number of digits after
the decimal mark should align with the currency exponent" of ISO 4217.

>>> parse_amount("98.73")
Decimal('98.73')
>>> format_amount(Decimal("1.5"), minor_units=2)
'1.50'
>>> format_amount(Decimal("10"), minor_units=2, style="minimal")
'10'
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from .errors import InvalidRequest

__all__ = [
    "AMOUNT_PATTERN",
    "AmountStyle",
    "decimals_of",
    "format_amount",
    "parse_amount",
    "places_needed",
    "shown",
    "to_decimal",
]

#: 4.7.4.1: digits with at most one ".", which may end the value.
AMOUNT_PATTERN = re.compile(r"[0-9]+(?:\.[0-9]*)?")

#: ``fixed``: exactly the currency's minor units ("1.50", "10.00");
#: ``minimal``: the value's own decimals, trailing zeros kept as given (``Decimal("1.50")``
#: -> "1.50", ``Decimal("10")`` -> "10");
#: ``khqr``: the Bakong SDK rule, an integer stays an integer, anything with a fraction
#: gets exactly the minor units ("10", "1.50").
AmountStyle = Literal["fixed", "minimal", "khqr"]


def shown(value: object, limit: int = 40) -> str:
    """``repr(value)`` for a message: shortened, and never failing.

    A caller's value can be anything (a 5000-digit int whose ``repr`` raises, a 100 000
    character string, an object whose ``__repr__`` raises); messages must still be made.
    """
    try:
        if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() > 128:
            return f"<int of {value.bit_length()} bits>"
        if isinstance(value, str | bytes | bytearray) and len(value) > limit:
            text = repr(value[:limit])
            return f"{text}... ({len(value)} {'characters' if isinstance(value, str) else 'bytes'})"
        text = repr(value)
    except Exception:  # a hostile __repr__
        return f"<{type(value).__name__} object>"
    return text if len(text) <= limit + 20 else text[: limit + 20] + "..."


def parse_amount(value: str) -> Decimal | None:
    """The amount in an EMVCo value, or ``None`` if it does not follow 4.7.4.1."""
    if len(value) > 13 or not AMOUNT_PATTERN.fullmatch(value):
        return None
    # Decimal reads "98." as 98 (exponent 0), so the value goes in as read
    return Decimal(value)


def decimals_of(value: str) -> int:
    """Number of characters after the first ``"."`` (the decimal mark of an EMVCo amount
    value), 0 when there is none: ``"98.73"`` has 2, ``"98."`` and ``"98"`` have 0."""
    _integer, _mark, decimals = value.partition(".")
    return len(decimals)


def to_decimal(amount: object, *, field: str = "amount", path: tuple[str, ...] = ("54",)) -> Decimal:
    """Turn a caller's amount (``Decimal``, ``int`` or ``str``) into a ``Decimal``.

    Floats are refused: a binary float cannot hold most decimal amounts exactly
    (``0.1 + 0.2``), and qrpay never rounds a caller's amount.
    """
    if isinstance(amount, bool | float):
        raise InvalidRequest(
            f"{field} {shown(amount)} is a {type(amount).__name__}; pass a Decimal, an int or a "
            "string such as '12.50' (floats cannot hold decimal amounts exactly)",
            code="amount_type",
            path=path,
        )
    if isinstance(amount, Decimal):
        result = amount
    elif isinstance(amount, int):
        result = Decimal(amount)
    elif isinstance(amount, str):
        text = amount  # not stripped: qrpay does not rewrite what the caller gave
        if not AMOUNT_PATTERN.fullmatch(text):
            raise InvalidRequest(
                f"{field} {shown(amount)} is not digits with at most one '.' decimal mark "
                "(EMVCo MPM 4.7.4.1)",
                code="amount_format",
                path=path,
            )
        result = Decimal(text)  # the pattern admits only numbers; "98." reads as 98
    else:
        raise InvalidRequest(
            f"{field} must be a Decimal, int or str, not {type(amount).__name__}",
            code="amount_type",
            path=path,
        )
    _require_positive(result, amount, field, path)
    return result


def _require_positive(amount: Decimal, given: object, field: str, path: tuple[str, ...]) -> None:
    """EMVCo MPM 4.7.4.1: an amount is a number greater than zero (no sign, never zero).

    ``given`` is what the caller passed; it is shown only when there is an error to report."""
    if not amount.is_finite():
        raise InvalidRequest(
            f"{field} {shown(given)} is not a finite number", code="amount_format", path=path
        )
    if amount <= 0:
        raise InvalidRequest(
            f"{field} {shown(given)} must be greater than zero (EMVCo MPM 4.7.4.1)",
            code="amount_zero" if amount == 0 else "amount_format",
            path=path,
        )


def places_needed(amount: Decimal) -> int:
    """Decimal places the value needs, trailing zeros aside (``1.50`` needs 1).

    Read from the digits, not with ``normalize()``, which rounds to the context's
    precision and overflows for exponents beyond its limits (``Decimal("1E+999999999")``).
    NaN and the infinities have no digits to place: 0 (:func:`to_decimal` and
    :func:`format_amount` refuse them before asking).
    """
    _sign, digits, exponent = amount.as_tuple()
    if not isinstance(exponent, int):  # "n", "N" or "F": NaN, sNaN, infinity
        return 0
    if not any(digits):
        return 0
    trailing = len(digits) - len(bytes(digits).rstrip(b"\x00"))
    return max(0, -(exponent + trailing))


def format_amount(
    amount: Decimal,
    *,
    minor_units: int | None,
    style: AmountStyle = "fixed",
    field: str = "amount",
    path: tuple[str, ...] = ("54",),
    max_length: int = 13,
) -> str:
    """Write a positive ``Decimal`` in EMVCo syntax without rounding.

    Raises :class:`~qrpay.errors.InvalidRequest` when the value is not a finite number
    greater than zero (``amount_format``, ``amount_zero``: EMVCo MPM 4.7.4.1 has no sign,
    no zero and no "NaN"), needs more decimals than the currency has (``minor_units``), or
    more than ``max_length`` characters.
    Trailing zeros beyond the minor units are dropped, since they do not change the
    value (``Decimal("1.500")`` in USD is written ``"1.50"``).
    """
    _require_positive(amount, amount, field, path)
    units = 0 if minor_units is None else minor_units
    needed = places_needed(amount)
    if needed > units:
        raise InvalidRequest(
            f"{field} {amount} has {needed} decimal places but the currency allows {units}; "
            "qrpay does not round amounts",
            code="amount_precision",
            path=path,
            ctx={"actual": needed, "minor_units": units},
        )
    if style == "fixed":
        places = units
    elif style == "khqr":
        places = units if needed else 0
    else:
        own = amount.as_tuple().exponent
        assert isinstance(own, int)  # a finite Decimal's exponent (checked above)
        places = min(max(0, -own), units)
    # the length before formatting: Decimal("1E+999999999") must not become a 1 GB string
    integer_digits = max(amount.adjusted() + 1, 1)
    if integer_digits + (places + 1 if places else 0) > max_length:
        raise InvalidRequest(
            f"{field} {shown(amount)} needs {integer_digits} digits before the decimal mark; at most "
            f"{max_length} characters fit (EMVCo MPM Table 3.6)",
            code="value_too_long",
            path=path,
            ctx={"max_length": max_length, "actual": integer_digits + (places + 1 if places else 0)},
        )
    # exact: places >= needed, so nothing is rounded, and the length was measured above
    return f"{amount:.{places}f}"
