"""Singapore: PayNow (Association of Banks in Singapore), as carried in SGQR codes.

PayNow is a merchant account template whose sub-ID ``00`` is the reverse domain name
``SG.PAYNOW``. The PayNow QR Specifications v1.3 (26 June 2018, based on SGQR v1.6)
allocate ID ``26``, but SGQR uses a "floating ID" methodology, so a scanner must find
PayNow by its GUID in any of ``26``-``51`` (section 2.2). The template:

* ``01`` proxy type, mandatory: ``0`` mobile number (person to person), ``2`` UEN
  (Unique Entity Number of a business); ``1`` is "not used".
* ``02`` proxy value, mandatory, at most 16 characters: for a mobile, ``+``, the
  international dialling code and up to 15 digits (``+6591234567``); for a UEN, 9 or
  10 characters, or 12 or 13 with a suffix (``201403121W``, ``201929813CSPP``).
* ``03`` editable amount indicator, mandatory: ``1`` the payer may edit the amount,
  ``0`` not; it must be ``1`` when the code carries no amount (54).
* ``04`` QR expiry date, optional, ``YYYYMMDD``; a transaction after that date is not
  processed. Bank-generated dynamic codes (DBS, FOMO PAY, ShopeePay, Citi) write
  ``YYYYMMDDhhmmss`` (Singapore time), which qrpay accepts as well.

At the root PayNow follows SGQR: ``53`` = ``702`` (SGD), ``58`` = ``SG``, ``52`` =
``0000`` when no MCC applies, ``59`` = ``NA`` and ``60`` = ``Singapore`` by default;
``62/01`` (bill number) carries the transaction reference, for UEN proxies only
(section 2.3): when it is present the payer cannot edit it.

Dates and times are Singapore time (UTC+8, no daylight saving): a code whose expiry
date is ``20261231`` can be paid until 23:59:59 SGT that day.

More information:

* PayNow QR Specifications v1.3 (UOB, 26 June 2018), sections 2 (PayNow payload),
  2.3 (transaction reference), 3.1 (Table 3-1, SGQR root data objects), 3.5 (sample)
* https://www.abs.org.sg/consumer-banking/pay-now
* https://github.com/thunderquote/paynowqr (npm ``paynowqr``, the most used generator)
* docs/schemes/paynow.md

>>> from qrpay.schemes import paynow
>>> paynow.build(uen="201403121W", amount="500", reference="TQINV-10001").to_text()
'00020101021226370009SG.PAYNOW010120210201403121W0301052040000530370254035005802SG5902NA6009Singapore62150111TQINV-1000163044D05'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

from ..amount import AmountStyle
from ..builder import build as _build
from ..builder import checked_keywords
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject
from ._base import Scheme, account_guid, issue

__all__ = [
    "GUID",
    "SCHEME",
    "SGT",
    "PayNowAccount",
    "PayNowView",
    "ProxyType",
    "build",
    "expires_at",
    "normalize_mobile",
    "view",
]

ID = "paynow"
GUID = "SG.PAYNOW"
#: Singapore Standard Time: UTC+8 all year (no daylight saving since 1982)
SGT = timezone(timedelta(hours=8), "SGT")


class ProxyType(enum.Enum):
    """Sub-ID 01 of the PayNow template (spec section 2.2; ``1`` is "not used")."""

    MOBILE = "0"
    UEN = "2"


#: spec 2.2: "+" and the international dialling code, then up to 15 digits; 16 characters at most
MOBILE_FORMAT = re.compile(r"\+[0-9]{2,15}")
#: every PayNow mobile proxy seen: a Singapore mobile number, +65 and 8 digits from 8 or 9 [obs]
SG_MOBILE = re.compile(r"\+65[89][0-9]{7}")
#: spec 2.2: 9 or 10 characters, or 12 or 13 with a suffix
UEN_FORMAT = re.compile(r"[0-9A-Za-z]{9,10}|[0-9A-Za-z]{12,13}")
#: ACRA's UEN forms (lee-ratinan/emv-qr): businesses 8 digits + check letter; local
#: companies year + 5 digits + check letter; other entities R/S/T + year + entity type + 4
#: digits + check letter
UEN_FORMS = re.compile(r"[0-9]{8}[A-Z]|(?:18|19|20)[0-9]{7}[A-Z]|[RST][0-9]{2}[A-Z]{2}[0-9]{4}[A-Z]")
EXPIRY_FORMAT = re.compile(r"[0-9]{8}(?:[0-9]{6})?")


# -- typed view --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PayNowAccount:
    """One PayNow merchant account template (normally tag 26)."""

    tag: str
    proxy_type: ProxyType | None
    proxy_value: str | None
    editable: bool | None
    #: 04 as written (``YYYYMMDD`` or ``YYYYMMDDhhmmss``)
    expiry_raw: str | None
    #: the last day (Singapore time) the code can be paid, if 04 is a valid date
    expiry: date | None
    #: the instant the code expires (the end of the expiry date, or the given time, SGT)
    expires_at: datetime | None
    #: sub-IDs other than 00-04, as found (ShopeePay writes a reference in 05)
    other: dict[str, str] = field(default_factory=dict)

    @property
    def mobile(self) -> str | None:
        return self.proxy_value if self.proxy_type is ProxyType.MOBILE else None

    @property
    def uen(self) -> str | None:
        return self.proxy_value if self.proxy_type is ProxyType.UEN else None

    @property
    def uen_base(self) -> str | None:
        """The UEN without its 3-character suffix (the whole UEN if it has none)."""
        uen = self.uen
        if uen is None:
            return None
        return uen[:-3] if len(uen) in (12, 13) else uen

    @property
    def uen_suffix(self) -> str | None:
        uen = self.uen
        return uen[-3:] if uen is not None and len(uen) in (12, 13) else None


@dataclass(frozen=True, slots=True)
class PayNowView:
    """Everything PayNow in a payload."""

    accounts: tuple[PayNowAccount, ...]
    amount: Decimal | None
    #: 62/01 (bill number): the transaction reference, for UEN proxies
    reference: str | None
    merchant_name: str | None

    @property
    def account(self) -> PayNowAccount | None:
        return self.accounts[0] if self.accounts else None

    @property
    def amount_editable(self) -> bool:
        """Whether the payer may change the amount (no amount, or indicator 1)."""
        account = self.account
        return self.amount is None or account is None or account.editable is not False


def _parse_expiry(raw: str) -> tuple[date | None, datetime | None]:
    """04 as (expiry date, expiry instant); ``(None, None)`` if it is not a valid date."""
    if not EXPIRY_FORMAT.fullmatch(raw):
        return None, None
    try:
        if len(raw) == 8:
            day = date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
            # valid through the whole day (spec 2.2: "transaction date > QR Expiry Date" is refused)
            start = datetime(day.year, day.month, day.day, tzinfo=SGT)
            if day == date.max:  # 99991231, the "never" some generators write
                return day, datetime.max.replace(tzinfo=SGT)
            return day, start + timedelta(days=1)
        moment = datetime(
            int(raw[:4]),
            int(raw[4:6]),
            int(raw[6:8]),
            int(raw[8:10]),
            int(raw[10:12]),
            int(raw[12:14]),
            tzinfo=SGT,
        )
    except ValueError:
        return None, None
    return moment.date(), moment + timedelta(seconds=1)


def _is_paynow(obj: DataObject) -> bool:
    return account_guid(obj) == GUID


def _account(obj: DataObject) -> PayNowAccount:
    values: dict[str, str] = {}
    for child in obj.children or ():
        values.setdefault(child.tag, child.value)
    raw_type = values.get("01")
    proxy_type = next((p for p in ProxyType if p.value == raw_type), None)
    editable = {"0": False, "1": True}.get(values.get("03", ""))
    expiry_raw = values.get("04")
    day, moment = _parse_expiry(expiry_raw) if expiry_raw is not None else (None, None)
    other = {k: v for k, v in values.items() if k not in ("00", "01", "02", "03", "04")}
    return PayNowAccount(obj.tag, proxy_type, values.get("02"), editable, expiry_raw, day, moment, other)


def view(payload: Payload) -> PayNowView:
    """The typed PayNow view of a payload."""
    accounts = tuple(_account(obj) for obj in payload.objects if _is_paynow(obj))
    return PayNowView(accounts, payload.amount, payload.value(("62", "01")), payload.merchant_name)


def expires_at(payload: Payload) -> datetime | None:
    """When the first PayNow account's code expires (26/04, Singapore time), or ``None``."""
    for obj in payload.objects:
        if _is_paynow(obj):
            expiry = obj.child("04")
            return None if expiry is None else _parse_expiry(expiry.value)[1]
    return None


# -- rules --------------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """PayNow QR Specifications v1.3 rules for every PayNow template (module docstring)."""
    for obj in payload.objects:
        if _is_paynow(obj):
            yield from _check_account(obj, payload, now)


def _check_account(obj: DataObject, payload: Payload, now: datetime) -> Iterator[Issue]:
    where = ".".join(obj.path)
    proxy_type = obj.child("01")
    proxy_value = obj.child("02")
    if proxy_type is None or proxy_type.value not in ("0", "2"):
        found = "missing" if proxy_type is None else repr(proxy_type.value)
        yield issue(
            ID,
            "proxy_type",
            f"PayNow proxy type ({where}.01) is {found}; it must be 0 (mobile) or 2 (UEN); "
            "1 is not used (PayNow QR spec 2.2)",
            obj=proxy_type,
            path=(*obj.path, "01"),
            actual=None if proxy_type is None else proxy_type.value,
        )
    if proxy_value is None:
        yield issue(
            ID,
            "proxy_value",
            f"template {where} has no proxy value (sub-ID 02), which PayNow makes mandatory (spec 2.2)",
            path=(*obj.path, "02"),
        )
    elif proxy_type is not None:
        value = proxy_value.value
        if proxy_type.value == "0":
            if len(value) > 16 or not MOBILE_FORMAT.fullmatch(value):
                yield issue(
                    ID,
                    "mobile_format",
                    f"PayNow mobile proxy {value!r} must be '+', the international dialling code and the "
                    "number, at most 16 characters (PayNow QR spec 2.2)",
                    obj=proxy_value,
                    actual=value,
                )
            elif not SG_MOBILE.fullmatch(value):
                yield issue(
                    ID,
                    "mobile_not_sg",
                    f"PayNow mobile proxy {value!r} is not a Singapore mobile number (+65 and 8 digits "
                    "starting with 8 or 9), which is what PayNow registers",
                    obj=proxy_value,
                    severity="warning",
                    actual=value,
                )
        elif proxy_type.value == "2":
            if not UEN_FORMAT.fullmatch(value):
                yield issue(
                    ID,
                    "uen_format",
                    f"PayNow UEN {value!r} ({len(value)} characters) must be 9 or 10 letters and digits, "
                    "or 12 or 13 with a suffix (PayNow QR spec 2.2)",
                    obj=proxy_value,
                    actual=value,
                )
            elif not UEN_FORMS.fullmatch(value[:-3] if len(value) >= 12 else value):
                yield issue(
                    ID,
                    "uen_form",
                    f"PayNow UEN {value!r} does not start with one of ACRA's UEN forms (8 digits and a "
                    "letter; a year, 5 digits and a letter; R/S/T, 2 digits, 2 letters, 4 digits and a "
                    "letter)",
                    obj=proxy_value,
                    severity="warning",
                    actual=value,
                )
    editable = obj.child("03")
    if editable is None or editable.value not in ("0", "1"):
        found = "missing" if editable is None else repr(editable.value)
        yield issue(
            ID,
            "editable",
            f"PayNow editable amount indicator ({where}.03) is {found}; it is mandatory, 0 or 1 "
            "(PayNow QR spec 2.2)",
            obj=editable,
            path=(*obj.path, "03"),
            actual=None if editable is None else editable.value,
        )
    elif editable.value == "0" and payload.get("54") is None:
        yield issue(
            ID,
            "editable_without_amount",
            "the amount is not editable (03 = 0) but the code carries no amount (54); PayNow QR spec 2.2: "
            "the indicator must be 1 when no amount is provided",
            obj=editable,
        )
    expiry = obj.child("04")
    if expiry is not None:
        day, moment = _parse_expiry(expiry.value)
        if moment is None:
            yield issue(
                ID,
                "expiry_format",
                f"PayNow QR expiry date {expiry.value!r} is not a date YYYYMMDD (PayNow QR spec 2.2) "
                "or a date and time YYYYMMDDhhmmss",
                obj=expiry,
                actual=expiry.value,
            )
        elif now >= moment:
            last = moment - timedelta(seconds=1)
            until = str(day) if len(expiry.value) == 8 else last.strftime("%Y-%m-%d %H:%M:%S")
            yield issue(
                ID,
                "expired",
                f"the code expired: it could be paid until {until} Singapore time (PayNow QR spec 2.2: "
                "a transaction after the QR expiry date is not processed)",
                obj=expiry,
                expires_at=moment.isoformat(),
                now=now.isoformat(),
            )
    if proxy_type is not None and proxy_type.value == "0":
        reference = payload.get(("62", "01"))
        if reference is not None:
            yield issue(
                ID,
                "reference_mobile",
                f"62.01 (transaction reference {reference.value!r}) is defined for UEN proxies only "
                "(PayNow QR spec 2.3); a mobile proxy's payer app may ignore it",
                obj=reference,
                severity="warning",
            )


# -- builder ----------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-().]")


def normalize_mobile(mobile: str, *, tag: str = "26") -> str:
    """A PayNow mobile proxy: ``+``, the dialling code and the number, separators removed.

    ``+65 9123 4567`` and ``+65-9123-4567`` become ``+6591234567``. A number without
    its ``+`` and dialling code is refused rather than guessed.

    >>> normalize_mobile("+65 9123 4567")
    '+6591234567'
    """
    compact = _SEPARATORS.sub("", mobile)
    if len(compact) > 16 or not MOBILE_FORMAT.fullmatch(compact):
        raise InvalidRequest(
            f"mobile: {mobile!r} is not '+', a dialling code and a number (at most 16 characters, e.g. "
            "'+6591234567'); PayNow QR spec 2.2",
            code="paynow.mobile_format",
            path=(tag, "02"),
            ctx={"actual": mobile},
        )
    return compact


def _expiry_text(expiry: date | str, tag: str) -> str:
    path = (tag, "04")
    if isinstance(expiry, datetime):
        raise InvalidRequest(
            "expiry: give a date (PayNow expires codes by day, spec 2.2) or a 'YYYYMMDDhhmmss' string in "
            "Singapore time, not a datetime",
            code="paynow.expiry_format",
            path=path,
        )
    if isinstance(expiry, date):
        return expiry.strftime("%Y%m%d")
    if not isinstance(expiry, str) or _parse_expiry(expiry)[1] is None:
        raise InvalidRequest(
            f"expiry: {expiry!r} is not a date YYYYMMDD or a date and time YYYYMMDDhhmmss",
            code="paynow.expiry_format",
            path=path,
            ctx={"actual": str(expiry)},
        )
    return expiry


@checked_keywords(
    {
        "mobile": ("26", "02"),
        "uen": ("26", "02"),
        "editable": ("26", "03"),
        "expiry": ("26", "04"),
        "reference": ("62", "01"),
        "tag": ("26",),
    }
)
def build(
    *,
    mobile: str | None = None,
    uen: str | None = None,
    amount: Decimal | int | str | None = None,
    editable: bool | None = None,
    expiry: date | str | None = None,
    reference: str | None = None,
    merchant_name: str = "NA",
    merchant_city: str = "Singapore",
    merchant_category_code: str = "0000",
    postal_code: str | None = None,
    initiation: str | None = None,
    amount_style: AmountStyle = "minimal",
    tag: str = "26",
    now: datetime | None = None,
) -> Payload:
    """Build a PayNow payload to exactly one of ``mobile`` or ``uen``.

    ``editable`` defaults to ``True`` without an amount and ``False`` with one (as
    paynowqr does); ``editable=False`` without an amount is refused (spec 2.2).
    ``expiry`` is a ``date`` or a ``YYYYMMDD`` / ``YYYYMMDDhhmmss`` string (SGT); none is
    written unless given. ``reference`` goes to 62/01 and is for UEN proxies only (2.3).
    Amounts are written as given (``amount_style="minimal"``: ``500`` -> ``500``,
    ``"12.30"`` -> ``12.30``), as paynowqr does; ``"fixed"`` writes two decimals. Root
    defaults are SGQR's (Table 3-1): MCC ``0000``, name ``NA``, city ``Singapore``.
    Point of Initiation is ``12`` with an amount and ``11`` without unless ``initiation``
    says otherwise. Expiry is checked against ``now`` (default: the current time).
    """
    if not "26" <= tag <= "51":
        raise InvalidRequest(
            f"tag: PayNow goes in a merchant account template 26-51 (spec 2.1-2.2), not {tag!r}",
            code="unknown_field",
            path=(tag,),
        )
    if (mobile is None) == (uen is None):
        raise InvalidRequest(
            "give exactly one of mobile or uen (the PayNow proxy, spec 2.2)",
            code="paynow.proxy_value",
            path=(tag, "02"),
        )
    if mobile is not None:
        proxy = ("0", normalize_mobile(mobile, tag=tag))
        if reference is not None:
            raise InvalidRequest(
                "reference: a transaction reference (62.01) applies to UEN proxies only (PayNow QR spec 2.3)",
                code="paynow.reference_mobile",
                path=("62", "01"),
            )
    else:
        assert uen is not None
        if not UEN_FORMAT.fullmatch(uen) or uen != uen.upper():
            raise InvalidRequest(
                f"uen: {uen!r} must be 9 or 10 upper-case letters and digits, or 12 or 13 with a suffix "
                "(PayNow QR spec 2.2)",
                code="paynow.uen_format",
                path=(tag, "02"),
                ctx={"actual": uen},
            )
        proxy = ("2", uen)
    if editable is None:
        editable = amount is None
    elif not editable and amount is None:
        raise InvalidRequest(
            "editable=False needs an amount: without one the payer must enter it (PayNow QR spec 2.2)",
            code="paynow.editable_without_amount",
            path=(tag, "03"),
        )
    account = [("00", GUID), ("01", proxy[0]), ("02", proxy[1]), ("03", "1" if editable else "0")]
    if expiry is not None:
        account.append(("04", _expiry_text(expiry, tag)))
    return _build(
        merchant_accounts={tag: account},
        currency="702",
        country="SG",
        amount=amount,
        amount_style=amount_style,
        initiation=initiation,
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        postal_code=postal_code,
        additional_data=None if reference is None else {"bill_number": reference},
        now=now,
    )


# -- names for qrpay decode -------------------------------------------------------------------


def _describe(payload: Payload, path: tuple[str, ...], value: str) -> str | None:
    if len(path) != 2 or not "26" <= path[0] <= "51":
        return None
    owner = payload.get(path[0])
    if owner is None or not _is_paynow(owner):
        return None
    sub = path[1]
    if sub == "01":
        return {"0": "mobile number", "2": "UEN", "1": "not used"}.get(value)
    if sub == "03":
        return {"0": "amount cannot be edited", "1": "amount can be edited"}.get(value)
    if sub == "04":
        day, moment = _parse_expiry(value)
        if moment is None:
            return None
        if len(value) == 8:
            return f"payable until the end of {day} (Singapore time)"
        last = moment - timedelta(seconds=1)
        return f"payable until {last.strftime('%Y-%m-%d %H:%M:%S')} Singapore time"
    return None


SCHEME = Scheme(
    id=ID,
    title="PayNow",
    country="SG",
    currencies=("702",),
    market_source="PayNow QR spec Table 3-1",
    guids=(GUID,),
    account_tags=("26",),
    references=(
        "PayNow QR Specifications v1.3 (26 June 2018), based on SGQR Specifications v1.6",
        "https://www.abs.org.sg/consumer-banking/pay-now",
        "https://github.com/thunderquote/paynowqr",
        "https://github.com/lee-ratinan/emv-qr",
    ),
    examples=(
        # Odoo's l10n_sg test (UEN with suffix, amount not editable, bill number)
        "00020101021226400009SG.PAYNOW010120213200002150HWCF0301052040000530370254031005802SG5914company_1_data6009Singapore62170113INV/TEST/0001630416C8",
        # a ShopeePay Singapore code (editable amount, ShopeePay's reference in 26/05)
        "00020101021226570009SG.PAYNOW010120213201929813CSPW030110513SPW658227463052040000530370254031005802SG5925SHOPEEPAY PRIVATE LIMITED6009SINGAPORE630426E1",
    ),
    summary="Floating template 26-51 (SG.PAYNOW): mobile or UEN proxy, editable-amount indicator, expiry "
    "date (and date-time), transaction reference 62/01",
    check=check,
    view=view,
    build=build,
    expiry=expires_at,
    field_names={
        "account.00": "PayNow GUID",
        "account.01": "Proxy type",
        "account.02": "Proxy value",
        "account.03": "Editable amount indicator",
        "account.04": "QR expiry date",
    },
    describe=_describe,
    module=__name__,
)
