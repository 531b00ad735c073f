"""Cambodia: Bakong KHQR (National Bank of Cambodia).

KHQR is Cambodia's national merchant-presented QR standard ("KHQR Code Specification for
Retail Payments in Cambodia", NBC, 2019), switched by the NBC's Bakong system. The
specification text is not public; its rules are those of the official SDK (npm
``bakong-khqr`` 1.0.20, generate and ``verify``), recorded in
``fixtures/crosscheck/khqr-bakong-khqr.json``.

A KHQR has no GUID. Its merchant account is template ``29`` (individual) or ``30``
(merchant), whose sub-ID ``00`` is a **Bakong account ID** ``name@bank`` (at most 32):

* ``29``: ``00`` account ID, ``01`` account information (at most 32, optional),
  ``02`` acquiring bank (at most 32, optional);
* ``30``: ``00`` account ID, ``01`` merchant ID and ``02`` acquiring bank (both
  required, at most 32 each).

Around it: ``15`` UnionPay merchant account (never with USD), ``52`` MCC (required,
default ``5999``), ``53`` ``116`` (KHR) or ``840`` (USD), ``54`` amount (whole riel; USD
with no or two decimals), ``58`` ``KH``, ``59``/``60`` name and city (Khmer script
allowed: the SDK writes and verifies it), ``62`` bill number ``01``, mobile ``02``, store
``03``, terminal ``07``, purpose ``08``, ``64`` language template, and unreserved
template ``99``: ``00`` creation and ``01`` expiration timestamps in Unix epoch
**milliseconds** (13 digits). A dynamic code (``01`` = ``12``) must carry an amount and an
expiration, and is invalid once expired; expiry checks take the clock ``now``.

The builder reproduces the official SDK byte for byte (field order, defaults, amount
formatting) and refuses what the SDK writes silently: see docs/schemes/khqr.md.

More information:

* National Bank of Cambodia, "KHQR Code Specification for Retail Payments in Cambodia,
  Merchant-Presented Mode" v1.0 (December 2019) — title page only in public
* https://www.npmjs.com/package/bakong-khqr (official SDK, 1.0.20)
* https://bakong.nbc.gov.kh/
* https://github.com/ishinvin/ts-khqr (TypeScript re-implementation of the SDK)
* docs/schemes/khqr.md
"""

from __future__ import annotations

import enum
import hashlib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from ..amount import AMOUNT_PATTERN, places_needed, shown, to_decimal
from ..builder import build as _build
from ..builder import checked_keywords, epoch_ms
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject, LengthUnit
from ._base import AccountMatcher, Relaxation, Scheme, issue

__all__ = [
    "ACCOUNT_ID",
    "SCHEME",
    "AccountKind",
    "BakongAccount",
    "KHQRView",
    "amount_text",
    "build",
    "md5",
    "view",
]

ID = "khqr"

#: sub-ID 00 of 29/30 as the SDK's verify accepts it: printable, no spaces, an "@" inside
ACCOUNT_ID = re.compile(r"[!-~]+@[!-~]+")
#: a Bakong account ID as Bakong issues it: name@bank, one "@"
_NAME_AT_BANK = re.compile(r"[^@]+@[^@]+")
_EPOCH_MS = re.compile(r"[0-9]{13}")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ONE_MS = timedelta(milliseconds=1)

KHR = "116"
USD = "840"
CURRENCIES = {"KHR": KHR, "USD": USD, KHR: KHR, USD: USD}
#: the SDK's defaults (bakong-khqr 1.0.20 src/constant/index.js)
DEFAULT_MCC = "5999"
DEFAULT_CITY = "Phnom Penh"
#: length limits of the SDK (src/constant/index.js INVALID_LENGTH) that EMVCo does not set
MAX_ACCOUNT_FIELD = 32

_REQUIRED = (("52", "merchant category code"), ("59", "merchant name"), ("60", "merchant city"))
#: the root tags the rules read
_WATCHED = frozenset({"01", "15", "29", "30", "52", "53", "54", "58", "59", "60", "99"})


class AccountKind(enum.Enum):
    """Which KHQR account template: individual (29) or merchant (30)."""

    INDIVIDUAL = "29"
    MERCHANT = "30"


@dataclass(frozen=True, slots=True)
class BakongAccount:
    """Template 29 or 30: a Bakong account."""

    kind: AccountKind
    account_id: str
    account_information: str | None  # 29/01
    merchant_id: str | None  # 30/01
    acquiring_bank: str | None  # 02

    @property
    def tag(self) -> str:
        return self.kind.value

    @property
    def name(self) -> str:
        """The part of the account ID before the ``@``."""
        return self.account_id.partition("@")[0]

    @property
    def bank_code(self) -> str:
        """The part of the account ID after the ``@`` (the participant, e.g. ``aclb``)."""
        return self.account_id.partition("@")[2]


@dataclass(frozen=True, slots=True)
class KHQRView:
    """Everything KHQR in a payload."""

    account: BakongAccount | None
    currency: str | None  # "KHR", "USD" or the raw value
    amount: Decimal | None
    merchant_name: str | None
    merchant_city: str | None
    merchant_category_code: str | None
    bill_number: str | None
    mobile_number: str | None
    store_label: str | None
    terminal_label: str | None
    purpose: str | None
    language_preference: str | None
    merchant_name_alternate: str | None
    merchant_city_alternate: str | None
    unionpay_account: str | None
    created_at: datetime | None
    expires_at: datetime | None
    is_dynamic: bool
    md5: str

    @property
    def is_merchant(self) -> bool:
        return self.account is not None and self.account.kind is AccountKind.MERCHANT


def _ms_to_datetime(raw: str | None) -> datetime | None:
    if raw is None or not _EPOCH_MS.fullmatch(raw):
        return None
    return _EPOCH + int(raw) * _ONE_MS


def _to_ms(when: datetime) -> int:
    if when.tzinfo is None:  # a naive clock is read as UTC
        when = when.replace(tzinfo=timezone.utc)
    return (when - _EPOCH) // _ONE_MS


def _bakong_account(payload: Payload) -> DataObject | None:
    for tag in ("29", "30"):
        obj = payload.get(tag)
        if _is_bakong(obj):
            return obj
    return None


def md5(payload: Payload | str) -> str:
    """Bakong's transaction lookup key: the MD5 (hex) of the KHQR text.

    The SDK returns it beside every generated code and Bakong's API looks payments up by
    it. Give the exact text that was shown (a ``Payload`` is hashed as ``to_text()``,
    which writes the CRC in upper case).
    """
    text = payload if isinstance(payload, str) else payload.to_text()
    return hashlib.md5(text.encode("utf-8"), usedforsecurity=False).hexdigest()


def expiry(payload: Payload) -> datetime | None:
    """The expiration (99/01) of a dynamic KHQR, if it is 13 digits."""
    if payload.value("01") != "12":
        return None
    return _ms_to_datetime(payload.value(("99", "01")))


def view(payload: Payload) -> KHQRView:
    """The typed KHQR view of a payload."""
    obj = _bakong_account(payload)
    account = None
    if obj is not None:
        kind = AccountKind(obj.tag)
        account_id = obj.child("00")
        first = obj.child("01")
        bank = obj.child("02")
        account = BakongAccount(
            kind,
            "" if account_id is None else account_id.value,
            first.value if first is not None and kind is AccountKind.INDIVIDUAL else None,
            first.value if first is not None and kind is AccountKind.MERCHANT else None,
            None if bank is None else bank.value,
        )
    currency = payload.value("53")
    names = {KHR: "KHR", USD: "USD"}
    extra = payload.additional_data
    language = payload.language
    timestamps = payload.get("99")
    created = timestamps.child("00") if timestamps is not None else None
    expires = timestamps.child("01") if timestamps is not None else None
    unionpay = payload.get("15")
    return KHQRView(
        account=account,
        currency=None if currency is None else names.get(currency, currency),
        amount=payload.amount,
        merchant_name=payload.merchant_name,
        merchant_city=payload.merchant_city,
        merchant_category_code=payload.merchant_category_code,
        bill_number=None if extra is None else extra.bill_number,
        mobile_number=None if extra is None else extra.mobile_number,
        store_label=None if extra is None else extra.store_label,
        terminal_label=None if extra is None else extra.terminal_label,
        purpose=None if extra is None else extra.purpose,
        language_preference=None if language is None else language.language_preference,
        merchant_name_alternate=None if language is None else language.merchant_name,
        merchant_city_alternate=None if language is None else language.merchant_city,
        unionpay_account=None if unionpay is None or unionpay.children is not None else unionpay.value,
        created_at=_ms_to_datetime(None if created is None else created.value),
        expires_at=_ms_to_datetime(None if expires is None else expires.value),
        is_dynamic=payload.is_dynamic,
        md5=md5(payload),
    )


# -- rules ------------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """The rules the official Bakong SDK applies (see the module docstring)."""
    # one pass: the root objects the rules need (first occurrence) and the tag order
    found: dict[str, DataObject] = {}
    previous = ""
    unordered: tuple[DataObject, str] | None = None
    for obj in payload.objects:
        tag = obj[0]
        if tag in _WATCHED and tag not in found:
            found[tag] = obj
        if tag < previous and unordered is None and tag != "63":
            unordered = (obj, previous)
        previous = tag
    get = found.get
    account = get("29") if _is_bakong(get("29")) else get("30") if _is_bakong(get("30")) else None
    if account is not None:
        yield from _check_account(account)
    for tag, name in _REQUIRED:
        if tag not in found:
            yield issue(
                ID,
                "required",
                f"no tag {tag} ({name}); KHQR requires it (Bakong SDK verify)",
                path=(tag,),
            )
    # (currency 116/840 and country KH: the engine's currency/country rules, from SCHEME)
    currency = get("53")
    code = None if currency is None else currency.value
    unionpay = get("15")
    if unionpay is not None and code == USD:
        yield issue(
            ID,
            "upi_currency",
            "a UnionPay account (tag 15) is not allowed with USD in KHQR (Bakong SDK error 44)",
            obj=unionpay,
        )
    poi = get("01")
    if poi is not None and poi.value not in ("11", "12"):
        yield issue(
            ID,
            "initiation",
            f"point of initiation is {poi.value!r}; KHQR allows only 11 (static) and 12 (dynamic)",
            obj=poi,
            actual=poi.value,
        )
    amount = get("54")
    if amount is not None and code == KHR and "." in amount.value:
        yield from _check_riel(amount)
    if poi is not None or amount is not None:
        yield from _check_timestamps(get("99"), poi, amount, now)
    for tag in ("59", "60"):
        text = get(tag)
        if text is not None and not (text.value.isascii() and text.value.isprintable()):
            yield from _check_text(text)
    if payload.length_unit is LengthUnit.UTF8_BYTES:
        yield issue(
            ID,
            "length_unit",
            "lengths count UTF-8 bytes; the Bakong SDK reads lengths in characters and misreads "
            "this code (its verify fails)",
            path=(),
        )
    if unordered is not None:
        late, before = unordered
        yield issue(
            ID,
            "tag_order",
            f"tag {late.tag} comes after tag {before}; KHQR generators write tags in ascending order "
            "(Bakong SDK error 36, which its verify does not apply)",
            obj=late,
            severity="warning",
        )


def _is_bakong(obj: DataObject | None) -> bool:
    if obj is None or obj.children is None:
        return False
    first = obj.child("00")
    return first is not None and ACCOUNT_ID.fullmatch(first.value) is not None


def _check_account(obj: DataObject) -> Iterator[Issue]:
    first = obj.child("00")
    if first is not None and not _NAME_AT_BANK.fullmatch(first.value):
        yield issue(
            ID,
            "account_id",
            f"Bakong account ID {first.value!r} is not name@bank with a single '@' (the SDK's "
            "verify accepts it; its account lookup does not)",
            obj=first,
            severity="warning",
            actual=first.value,
        )
    info = obj.child("01")
    bank = obj.child("02")
    if obj.tag == "30":
        if info is None:
            yield issue(
                ID,
                "merchant_id",
                "merchant account template 30 has no merchant ID (sub-ID 01), which KHQR requires",
                path=("30", "01"),
            )
        if bank is None:
            yield issue(
                ID,
                "acquiring_bank",
                "merchant account template 30 has no acquiring bank (sub-ID 02), which KHQR requires",
                path=("30", "02"),
            )
    if info is not None and len(info.value) > MAX_ACCOUNT_FIELD:
        if obj.tag == "30":
            yield issue(
                ID,
                "merchant_id",
                f"merchant ID {info.value!r} has {len(info.value)} characters; KHQR allows 32",
                obj=info,
                actual=len(info.value),
            )
        else:
            yield issue(
                ID,
                "account_information",
                f"account information {info.value!r} has {len(info.value)} characters; KHQR allows 32",
                obj=info,
                actual=len(info.value),
            )
    if bank is not None and len(bank.value) > MAX_ACCOUNT_FIELD:
        yield issue(
            ID,
            "acquiring_bank",
            f"acquiring bank {bank.value!r} has {len(bank.value)} characters; KHQR allows 32",
            obj=bank,
            actual=len(bank.value),
        )


def _check_riel(amount: DataObject) -> Iterator[Issue]:
    value = amount.value
    if not AMOUNT_PATTERN.fullmatch(value) or "." not in value:
        return
    fraction = value.partition(".")[2]
    if fraction.strip("0"):
        yield issue(
            ID,
            "amount_khr",
            f"KHR amount {value!r} has a fraction; KHQR amounts in riel are whole numbers",
            obj=amount,
            actual=value,
        )
    else:
        yield issue(
            ID,
            "amount_khr_decimals",
            f"KHR amount {value!r} is whole but written with a decimal mark; the Bakong SDK writes "
            "whole riel without one",
            obj=amount,
            severity="warning",
            actual=value,
        )


def _check_timestamps(
    timestamps: DataObject | None, poi: DataObject | None, amount: DataObject | None, now: datetime
) -> Iterator[Issue]:
    dynamic = poi is not None and poi.value == "12"
    if dynamic and amount is None:
        yield issue(
            ID,
            "amount_missing",
            "a dynamic KHQR (01 = 12) must carry a transaction amount (54)",
            path=("54",),
        )
    if timestamps is None:
        if dynamic or amount is not None:
            yield issue(
                ID,
                "expiration_missing",
                "a KHQR with an amount or point of initiation 12 must carry the timestamp template "
                "99 with an expiration",
                path=("99",),
            )
        return
    if not dynamic:
        return  # the SDK checks timestamps on dynamic codes only (ABA uses 99 otherwise)
    created = timestamps.child("00")
    expires = timestamps.child("01")
    if expires is None:
        yield issue(
            ID,
            "expiration_missing",
            "a dynamic KHQR must carry an expiration timestamp (99/01)",
            path=("99", "01"),
        )
    bad = False
    for stamp in (created, expires):
        if stamp is not None and not _EPOCH_MS.fullmatch(stamp.value):
            bad = True
            yield issue(
                ID,
                "timestamp_format",
                f"timestamp {stamp.value!r} must be Unix epoch milliseconds (13 digits)",
                obj=stamp,
                actual=stamp.value,
            )
    if expires is None or bad:
        return
    expires_ms = int(expires.value)
    if created is not None and expires_ms < int(created.value):
        yield issue(
            ID,
            "expiration_before_creation",
            f"expiration {expires.value} is before creation {created.value}",
            obj=expires,
        )
    if expires_ms < _to_ms(now):
        when = (_EPOCH + expires_ms * _ONE_MS).isoformat()
        yield issue(
            ID,
            "expired",
            f"this dynamic KHQR expired at {when} (clock: {now.isoformat()})",
            obj=expires,
            expires_at=when,
        )


def _check_text(obj: DataObject) -> Iterator[Issue]:
    for ch in obj.value:
        if unicodedata.category(ch) in ("Cc", "Cs", "Cn", "Co"):  # as EMVCo format S (4.5.3.1)
            yield issue(
                ID,
                "invalid_character",
                f"tag {obj.tag} contains U+{ord(ch):04X}, which is not a printable character",
                obj=obj,
                character=ch,
            )
            return


# -- builder -------------------------------------------------------------------------------------


def _currency(currency: str | int) -> str:
    if isinstance(currency, str):
        key = currency.upper()
    elif isinstance(currency, int) and not isinstance(currency, bool) and 0 <= currency < 1000:
        key = str(currency)
    else:
        key = ""
    found = CURRENCIES.get(key)
    if found is None:
        raise InvalidRequest(
            f"currency: {shown(currency)} is not supported by KHQR; use KHR (116) or USD (840)",
            code="khqr.currency",
            path=("53",),
            ctx={"actual": shown(currency)},
        )
    return found


def amount_text(amount: Decimal | int | str, currency: str | int = KHR) -> str:
    """An amount written the way the official SDK writes it (bakong-khqr 1.0.20).

    * KHR: whole riel only, written without decimals (``"1000.00"`` -> ``"1000"``).
    * USD, a ``Decimal`` or ``int`` (the SDK's JavaScript *number*): a whole value is
      written without decimals (``Decimal("10.00")`` -> ``"10"``), any other with exactly
      two (``Decimal("1.5")`` -> ``"1.50"``).
    * USD, a ``str`` (the SDK's JavaScript *string*): with a decimal mark it gets exactly
      two decimals (``"10.00"`` -> ``"10.00"``, ``"1.5"`` -> ``"1.50"``), without one it is
      the whole number (``"10"``).

    Nothing is rounded: more than two decimals (USD) or a fraction of a riel is refused,
    and so are floats, zero, negative and non-numeric amounts.

    >>> amount_text("1.5", "USD"), amount_text(Decimal("10.00"), "USD"), amount_text(50000, "KHR")
    ('1.50', '10', '50000')
    """
    code = _currency(currency)
    value = to_decimal(amount, field="amount", path=("54",))
    places = places_needed(value)
    if value.adjusted() >= 13:  # measured before formatting: 1E+999999999 is not a 1 GB string
        raise InvalidRequest(
            f"amount: {shown(amount)} has {value.adjusted() + 1} digits before the decimal mark; at most "
            "13 characters fit (EMVCo MPM Table 3.6)",
            code="value_too_long",
            path=("54",),
            ctx={"max_length": 13, "actual": value.adjusted() + 1},
        )
    if code == KHR:
        if places:
            raise InvalidRequest(
                f"amount: {shown(amount)} is not a whole number of riel; KHQR amounts in KHR are whole",
                code="khqr.amount_khr",
                path=("54",),
                ctx={"actual": shown(amount)},
            )
        text = f"{value:.0f}"
    else:
        if isinstance(amount, str):
            written = amount.strip()
            given = len(written) - written.index(".") - 1 if "." in written else 0
        else:
            given = places
        if given > 2 or places > 2:
            raise InvalidRequest(
                f"amount: {shown(amount)} has {max(given, places)} decimal places; USD allows 2 and qrpay "
                "does not round",
                code="amount_precision",
                path=("54",),
                ctx={"actual": max(given, places), "minor_units": 2},
            )
        with_fraction = "." in amount if isinstance(amount, str) else places > 0
        text = f"{value:.2f}" if with_fraction else f"{value:.0f}"
    if len(text) > 13:
        raise InvalidRequest(
            f"amount: {text} has {len(text)} characters; at most 13 fit (EMVCo MPM Table 3.6)",
            code="value_too_long",
            path=("54",),
            ctx={"max_length": 13, "actual": len(text)},
        )
    return text


def _timestamp_ms(when: datetime | int, path: tuple[str, ...]) -> str:
    return epoch_ms(when, field="expires_at", path=path, code="khqr.timestamp_format")


@checked_keywords(
    {
        "account_id": ("29", "00"),
        "account_information": ("29", "01"),
        "merchant_id": ("30", "01"),
        "acquiring_bank": ("30", "02"),
        "merchant": ("30",),
        "expires_at": ("99", "01"),
        "merchant_name_alternate": ("64", "01"),
        "merchant_city_alternate": ("64", "02"),
        "upi_account": ("15",),
    }
)
def build(
    *,
    account_id: str,
    merchant_name: str,
    merchant_city: str | None = None,
    merchant_id: str | None = None,
    acquiring_bank: str | None = None,
    account_information: str | None = None,
    merchant: bool | None = None,
    currency: str | int = "KHR",
    amount: Decimal | int | str | None = None,
    expires_at: datetime | int | None = None,
    merchant_category_code: str = DEFAULT_MCC,
    bill_number: str | None = None,
    mobile_number: str | None = None,
    store_label: str | None = None,
    terminal_label: str | None = None,
    purpose: str | None = None,
    language_preference: str | None = None,
    merchant_name_alternate: str | None = None,
    merchant_city_alternate: str | None = None,
    upi_account: str | None = None,
    now: datetime | None = None,
) -> Payload:
    """Build a KHQR as the official SDK's ``generateIndividual`` / ``generateMerchant`` does.

    ``merchant`` selects template 30 (merchant: ``merchant_id`` and ``acquiring_bank``
    required) or 29 (individual: ``account_information`` and ``acquiring_bank``
    optional); by default it is a merchant code when ``merchant_id`` is given.
    ``currency`` is ``"KHR"``/``"USD"`` or ``116``/``840`` (default KHR), ``merchant_city``
    defaults to ``"Phnom Penh"`` and ``merchant_category_code`` to ``"5999"``, as in the SDK.

    With an ``amount`` the code is dynamic (01 = 12) and needs ``expires_at`` (an aware
    datetime or Unix epoch milliseconds); tag 99 then holds the creation time ``now``
    (default: the current time) and the expiration. Amounts follow :func:`amount_text`.
    Everything the SDK would refuse is refused with :class:`~qrpay.errors.InvalidRequest`,
    and so is what it writes silently (see docs/schemes/khqr.md).
    """
    clock = datetime.now(timezone.utc) if now is None else now
    is_merchant = merchant_id is not None if merchant is None else merchant
    tag = "30" if is_merchant else "29"
    if not isinstance(account_id, str) or not _NAME_AT_BANK.fullmatch(account_id):
        raise InvalidRequest(
            f"account_id: {account_id!r} is not a Bakong account ID name@bank",
            code="khqr.account_id",
            path=(tag, "00"),
            ctx={"actual": str(account_id)},
        )
    fields: list[tuple[str, str]] = [("00", account_id)]
    if is_merchant:
        if account_information is not None:
            raise InvalidRequest(
                "account_information belongs to an individual account (29); a merchant account "
                "(30) carries merchant_id in sub-ID 01",
                code="khqr.account_information",
                path=("30", "01"),
            )
        if not merchant_id:
            raise InvalidRequest(
                "merchant_id is required for a merchant account (30)",
                code="khqr.merchant_id",
                path=("30", "01"),
            )
        if not acquiring_bank:
            raise InvalidRequest(
                "acquiring_bank is required for a merchant account (30)",
                code="khqr.acquiring_bank",
                path=("30", "02"),
            )
        fields += [("01", merchant_id), ("02", acquiring_bank)]
    else:
        if merchant_id is not None:
            raise InvalidRequest(
                "merchant_id belongs to a merchant account (30); pass merchant=True or omit it",
                code="khqr.merchant_id",
                path=("29", "01"),
            )
        if account_information is not None:
            fields.append(("01", account_information))
        if acquiring_bank is not None:
            fields.append(("02", acquiring_bank))
    code = _currency(currency)
    unreserved = None
    text = None
    if amount is not None:
        text = amount_text(amount, code)
        if expires_at is None:
            raise InvalidRequest(
                "expires_at is required for a dynamic KHQR (one with an amount)",
                code="khqr.expiration_missing",
                path=("99", "01"),
            )
        created = str(_to_ms(clock))
        expires = _timestamp_ms(expires_at, ("99", "01"))
        if int(expires) < int(created):
            raise InvalidRequest(
                f"expires_at: {expires} is before the creation time {created}",
                code="khqr.expiration_before_creation",
                path=("99", "01"),
            )
        unreserved = {"99": [("00", created), ("01", expires)]}
    elif expires_at is not None:
        raise InvalidRequest(
            "expires_at needs an amount: KHQR writes timestamps on dynamic codes only (the SDK "
            "drops the expiration of a static code silently)",
            code="khqr.expiration_static",
            path=("99", "01"),
        )
    additional = {  # None values are left out by the builder
        "bill_number": bill_number,
        "mobile_number": mobile_number,
        "store_label": store_label,
        "terminal_label": terminal_label,
        "purpose": purpose,
    }
    language = {
        "language_preference": language_preference,
        "merchant_name": merchant_name_alternate,
        "merchant_city": merchant_city_alternate,
    }
    accounts: dict[str, object] = {tag: fields}
    if upi_account is not None:
        accounts["15"] = upi_account
    return _build(
        merchant_accounts=accounts,  # type: ignore[arg-type]
        merchant_category_code=merchant_category_code,
        currency=code,
        amount=text,
        amount_style="minimal",
        country="KH",
        merchant_name=merchant_name,
        merchant_city=DEFAULT_CITY if merchant_city is None else merchant_city,
        additional_data=additional,
        language=language,
        unreserved=unreserved,
        now=clock,
    )


def _describe(payload: Payload, path: tuple[str, ...], value: str) -> str | None:
    """Timestamps in 99 as dates (for ``qrpay decode``)."""
    if path in (("99", "00"), ("99", "01")) and _EPOCH_MS.fullmatch(value):
        when = _EPOCH + int(value) * _ONE_MS
        return when.strftime("%Y-%m-%d %H:%M:%S UTC")
    if len(path) == 2 and path[1] == "00" and path[0] in ("29", "30"):
        return "individual account" if path[0] == "29" else "merchant account"
    return None


SCHEME = Scheme(
    id=ID,
    title="Bakong KHQR",
    country="KH",
    currencies=(KHR, USD),
    # the SDK supports only KHR and USD (error 28); it always writes KH but its verify does
    # not check the country, hence a warning
    country_rule="warning",
    market_source="Bakong KHQR SDK",
    matchers=(AccountMatcher(frozenset({"29", "30"}), account_id=ACCOUNT_ID),),
    account_tags=("29", "30"),
    relaxations=(
        # KHQR makes 52/59/60 mandatory with its own error (khqr.required), which replaces the
        # EMVCo-level warning for the same absence
        Relaxation("missing_field", ("52",), reason="reported as khqr.required (an error in KHQR)"),
        Relaxation("missing_field", ("59",), reason="reported as khqr.required (an error in KHQR)"),
        Relaxation("missing_field", ("60",), reason="reported as khqr.required (an error in KHQR)"),
        Relaxation(
            "guid_format", ("29", "00"), reason="KHQR: sub-ID 00 of 29 is a Bakong account ID name@bank"
        ),
        Relaxation(
            "guid_format", ("30", "00"), reason="KHQR: sub-ID 00 of 30 is a Bakong account ID name@bank"
        ),
        Relaxation(
            "guid_format",
            ("99", "00"),
            reason="KHQR: sub-ID 00 of template 99 is the creation timestamp (ABA writes its profile ID)",
        ),
        Relaxation(
            "invalid_character",
            ("59",),
            reason="KHQR allows Khmer script in the merchant name: the official SDK writes and verifies "
            "it and tests it ('Name in UTF-8'); khqr.invalid_character still refuses control characters",
        ),
        Relaxation(
            "invalid_character",
            ("60",),
            reason="KHQR allows Khmer script in the merchant city (the official SDK writes and verifies it)",
        ),
    ),
    references=(
        "National Bank of Cambodia, KHQR Code Specification for Retail Payments in Cambodia, "
        "Merchant-Presented Mode v1.0 (2019)",
        "https://www.npmjs.com/package/bakong-khqr",
        "https://bakong.nbc.gov.kh/",
        "https://github.com/ishinvin/ts-khqr",
    ),
    examples=(
        "00020101021130640009khqr@aclb0111855124649060215ACLEDA Bank Plc051385500000019425204593153038405802KH5912KHQR TESTING6010Phnom Penh6102126213020901753577164360002KM0112KHQR TESTING0210Phnom Penh6304AC1C",
        "00020101021130510016abaakhppxxx@abaa01153250602141550800208ABA Bank5204787653038405802KH5915Donation outlet6010BATTAMBANG624268380010PAYWAY@ABA0104693002071620916050119924001317871247638256803mmp63049955",
    ),
    summary="Individual (29) and merchant (30) Bakong accounts, 62 sub-fields, 64 language template, "
    "99 creation/expiration (epoch ms) with expiry checks, UnionPay 15 (not with USD), SDK amount formats",
    check=check,
    view=view,
    build=build,
    expiry=expiry,
    field_names={
        "account.00": "Bakong account ID",
        "29.01": "Account information",
        "29.02": "Acquiring bank",
        "30.01": "Merchant ID",
        "30.02": "Acquiring bank",
        "99.00": "Creation timestamp",
        "99.01": "Expiration timestamp",
    },
    describe=_describe,
    module=__name__,
)
