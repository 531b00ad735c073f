"""Laos: LAOQR (LAPNet, the Lao National Payment Network) and BCEL OnePay.

LAOQR is the interoperable QR of the Lao switch LAPNet. Its merchant account template
(tag ``38`` in every code seen) carries LAPNet's AID ``A005266284662577`` in sub-ID
``00`` and:

* ``01`` IIN of the member institution, 8 digits (``27710418`` BCEL, ``32170418`` JDB,
  ``70030418`` LDB, ...; every real one seen ends in ``0418``, Laos' ISO 3166 number);
* ``02`` payment type, 3 digits: ``001`` on person/account codes, ``002`` on merchant codes
  (meaning inferred from real codes);
* ``03`` receiver ID: an account number, a merchant ID (``mch…`` at BCEL OnePay) or an
  opaque token (BCEL One personal codes);
* ``04`` expiry, Unix epoch milliseconds (written by one generator, never seen in a real code).

Currency ``418`` (LAK), country ``LA``. Person-to-person codes omit ``52``, ``59`` and ``60``.
BCEL OnePay merchant codes also carry UnionPay tag ``15`` (the UnionPay-LAPNet QR
interconnection), so ``qrpay.detect`` returns ``["unionpay", "laoqr"]`` for them.

No specification text is public; the structure is confirmed against the real codes listed
in docs/schemes/laoqr.md (five member institutions), so its shape (01 = 8 digits,
02 = 3 digits, 03 present) is checked as errors, and what the values mean as warnings.

More information:

* https://www.lapnet.com.la/ (LAPNet, Lao National Payment Network)
* https://github.com/Khamphay/pmoney_qr (a LAOQR generator, lib/src/gen_qr.dart)
* emv-and-schemes.md section 4 (project reference notes)
* docs/schemes/laoqr.md
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from ..builder import build as _build
from ..builder import checked_keywords, epoch_ms
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject
from ._base import Relaxation, Scheme, issue
from .unionpay import ACCOUNT_LAYOUT, UnionPayAccount
from .unionpay import view as _unionpay_view

__all__ = ["AID", "MEMBERS", "SCHEME", "LaoQRAccount", "LaoQRView", "build", "view"]

ID = "laoqr"
#: LAPNet's application identifier (sub-ID 00 of template 38)
AID = "A005266284662577"
#: IINs seen in real codes, with the institution the code's own source names [obs]
MEMBERS: dict[str, str] = {
    "27710418": "BCEL (Banque pour le Commerce Extérieur Lao Public)",
    "32170418": "JDB (Joint Development Bank)",
    "70030418": "LDB (Lao Development Bank)",
}
PERSON = "001"
MERCHANT = "002"

_IIN = re.compile(r"[0-9]{8}")
_PAYMENT_TYPE = re.compile(r"[0-9]{3}")
_EPOCH_MS = re.compile(r"[0-9]{13}")
_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)
_ONE_MS = timedelta(milliseconds=1)


@dataclass(frozen=True, slots=True)
class LaoQRAccount:
    """The LAPNet template (38)."""

    tag: str
    iin: str | None
    payment_type: str | None
    receiver_id: str | None
    expires_at: datetime | None

    @property
    def member(self) -> str | None:
        """The member institution, for the IINs seen in real codes (``MEMBERS``)."""
        return None if self.iin is None else MEMBERS.get(self.iin)

    @property
    def is_merchant(self) -> bool:
        """Payment type ``002`` (merchant codes); ``001`` is a person's or account code."""
        return self.payment_type == MERCHANT


@dataclass(frozen=True, slots=True)
class LaoQRView:
    """Everything LAOQR in a payload, with the UnionPay account of OnePay codes."""

    account: LaoQRAccount | None
    unionpay: UnionPayAccount | None
    currency: str | None
    amount: Decimal | None
    merchant_name: str | None
    merchant_city: str | None
    merchant_category_code: str | None
    bill_number: str | None
    mobile_number: str | None
    terminal_label: str | None
    purpose: str | None
    is_dynamic: bool

    @property
    def is_person_to_person(self) -> bool:
        """No merchant name: a person's or account code."""
        return self.merchant_name is None


def _ms(raw: str | None) -> datetime | None:
    if raw is None or not _EPOCH_MS.fullmatch(raw):
        return None
    return _EPOCH + int(raw) * _ONE_MS


def _lapnet(payload: Payload) -> DataObject | None:
    for obj in payload.objects:
        if obj.children is not None and "26" <= obj.tag <= "51":
            first = obj.child("00")
            if first is not None and first.value.upper() == AID:
                return obj
    return None


def expiry(payload: Payload) -> datetime | None:
    """The expiry in 38/04, if present and 13 digits."""
    obj = _lapnet(payload)
    stamp = None if obj is None else obj.child("04")
    return None if stamp is None else _ms(stamp.value)


def view(payload: Payload) -> LaoQRView:
    """The typed LAOQR view of a payload."""
    obj = _lapnet(payload)
    account = None
    if obj is not None:
        values = {c.tag: c.value for c in reversed(obj.children or ())}
        account = LaoQRAccount(
            obj.tag, values.get("01"), values.get("02"), values.get("03"), _ms(values.get("04"))
        )
    unionpay = _unionpay_view(payload)
    extra = payload.additional_data
    currency = payload.currency
    return LaoQRView(
        account=account,
        unionpay=unionpay[0] if unionpay else None,
        currency=currency.alpha if currency is not None else payload.currency_code,
        amount=payload.amount,
        merchant_name=payload.merchant_name,
        merchant_city=payload.merchant_city,
        merchant_category_code=payload.merchant_category_code,
        bill_number=None if extra is None else extra.bill_number,
        mobile_number=None if extra is None else extra.mobile_number,
        terminal_label=None if extra is None else extra.terminal_label,
        purpose=None if extra is None else extra.purpose,
        is_dynamic=payload.is_dynamic,
    )


# -- rules ------------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """LAOQR rules (see the module docstring): shape as errors, meaning as warnings."""
    obj = _lapnet(payload)
    if obj is not None:
        yield from _check_template(obj, now)


def _check_template(obj: DataObject, now: datetime) -> Iterator[Issue]:
    where = obj.tag
    iin = obj.child("01")
    if iin is None or not _IIN.fullmatch(iin.value):
        yield issue(
            ID,
            "iin",
            f"template {where} needs the member institution's IIN in sub-ID 01 (8 digits)"
            + ("" if iin is None else f", not {iin.value!r}"),
            obj=iin,
            path=(where, "01"),
            actual=None if iin is None else iin.value,
        )
    kind = obj.child("02")
    if kind is None or not _PAYMENT_TYPE.fullmatch(kind.value):
        yield issue(
            ID,
            "payment_type",
            f"template {where} needs the payment type in sub-ID 02 (3 digits)"
            + ("" if kind is None else f", not {kind.value!r}"),
            obj=kind,
            path=(where, "02"),
            actual=None if kind is None else kind.value,
        )
    elif kind.value not in (PERSON, MERCHANT):
        yield issue(
            ID,
            "payment_type_value",
            f"payment type {kind.value!r} is neither 001 (person/account) nor 002 (merchant), the "
            "values seen in real codes",
            obj=kind,
            severity="warning",
            actual=kind.value,
        )
    if obj.child("03") is None:
        yield issue(
            ID,
            "receiver_id",
            f"template {where} has no receiver ID (sub-ID 03: account, merchant ID or token)",
            path=(where, "03"),
        )
    stamp = obj.child("04")
    if stamp is not None:
        if not _EPOCH_MS.fullmatch(stamp.value):
            yield issue(
                ID,
                "expiry_format",
                f"expiry {stamp.value!r} is not Unix epoch milliseconds (13 digits), as the one "
                "generator that writes sub-ID 04 does",
                obj=stamp,
                severity="warning",
                actual=stamp.value,
            )
        else:
            when = _EPOCH + int(stamp.value) * _ONE_MS
            clock = now if now.tzinfo is not None else now.replace(tzinfo=timezone.utc)
            if when < clock:
                yield issue(
                    ID,
                    "expired",
                    f"the expiry in sub-ID 04 ({when.isoformat()}) is before the clock "
                    f"({clock.isoformat()}); its meaning is known from one generator only",
                    obj=stamp,
                    severity="warning",
                    expires_at=when.isoformat(),
                )


# -- builder -------------------------------------------------------------------------------------


@checked_keywords(
    {
        "iin": ("38", "01"),
        "payment_type": ("38", "02"),
        "receiver_id": ("38", "03"),
        "expires_at": ("38", "04"),
        "unionpay_account": ("15",),
    }
)
def build(
    *,
    iin: str,
    receiver_id: str,
    payment_type: str | None = None,
    amount: Decimal | int | str | None = None,
    merchant_name: str | None = None,
    merchant_city: str | None = None,
    merchant_category_code: str | None = None,
    bill_number: str | None = None,
    mobile_number: str | None = None,
    store_label: str | None = None,
    terminal_label: str | None = None,
    purpose: str | None = None,
    unionpay_account: str | None = None,
    expires_at: datetime | int | None = None,
    now: datetime | None = None,
) -> Payload:
    """Build a LAOQR: template 38 with LAPNet's AID, ``iin`` (8 digits), ``payment_type``
    and ``receiver_id``, in LAK (418), country LA.

    ``payment_type`` defaults to ``"002"`` (merchant) when a ``merchant_name`` is given and
    ``"001"`` otherwise, the convention of the real codes. Person-to-person codes may omit
    name, city and MCC. ``amount`` (dynamic code) is written as given, never rounded
    (``"15000"``, ``"15000.00"``). ``unionpay_account`` adds UnionPay tag 15 (31 characters:
    acquirer IIN + forwarding IIN + merchant ID), as BCEL OnePay merchant codes carry it.
    ``expires_at`` (an aware datetime or epoch milliseconds) writes sub-ID 04.
    """
    if not isinstance(iin, str) or not _IIN.fullmatch(iin):
        raise InvalidRequest(
            f"iin: {iin!r} is not an 8-digit IIN of a LAPNet member", code="laoqr.iin", path=("38", "01")
        )
    kind = payment_type if payment_type is not None else (MERCHANT if merchant_name is not None else PERSON)
    if not isinstance(kind, str) or not _PAYMENT_TYPE.fullmatch(kind):
        raise InvalidRequest(
            f"payment_type: {kind!r} is not 3 digits (001 person/account, 002 merchant)",
            code="laoqr.payment_type",
            path=("38", "02"),
        )
    if not receiver_id:
        raise InvalidRequest("receiver_id is required", code="laoqr.receiver_id", path=("38", "03"))
    fields = [("00", AID), ("01", iin), ("02", kind), ("03", receiver_id)]
    if expires_at is not None:
        stamp = epoch_ms(expires_at, field="expires_at", path=("38", "04"), code="laoqr.expiry_format")
        fields.append(("04", stamp))
    accounts: dict[str, object] = {"38": fields}
    if unionpay_account is not None:
        if not ACCOUNT_LAYOUT.fullmatch(unionpay_account):
            raise InvalidRequest(
                f"unionpay_account: {unionpay_account!r} is not acquirer IIN (8 digits) + forwarding IIN "
                "(8 digits) + merchant ID (15 characters)",
                code="unionpay.account_layout",
                path=("15",),
            )
        accounts["15"] = unionpay_account
    additional = {  # None values are left out by the builder
        "bill_number": bill_number,
        "mobile_number": mobile_number,
        "store_label": store_label,
        "terminal_label": terminal_label,
        "purpose": purpose,
    }
    return _build(
        merchant_accounts=accounts,  # type: ignore[arg-type]
        merchant_category_code=merchant_category_code,
        currency="418",
        amount=amount,
        amount_style="minimal",
        country="LA",
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        additional_data=additional,
        now=now,
    )


def _describe(payload: Payload, path: tuple[str, ...], value: str) -> str | None:
    """Member names, payment types (observed meaning) and the expiry date."""
    if len(path) != 2 or payload.merchant_account(path[0]) is None:
        return None
    account = payload.merchant_account(path[0])
    if account is None or account.scheme != ID:
        return None
    if path[1] == "01":
        return MEMBERS.get(value)
    if path[1] == "02":
        return {PERSON: "individual account (observed)", MERCHANT: "merchant (observed)"}.get(value)
    if path[1] == "04" and _EPOCH_MS.fullmatch(value):
        return (_EPOCH + int(value) * _ONE_MS).strftime("%Y-%m-%d %H:%M:%S UTC")
    return None


SCHEME = Scheme(
    id=ID,
    title="LAOQR (LAPNet) / BCEL OnePay",
    country="LA",
    currencies=("418",),
    # observed in every LAOQR seen, not published: warnings
    currency_rule="warning",
    country_rule="warning",
    market_source="every LAOQR seen",
    evidence="observed",
    guids=(AID,),
    account_tags=("38",),
    relaxations=(
        Relaxation("missing_field", ("52",), reason="person-to-person LAOQR codes omit the MCC"),
        Relaxation("missing_field", ("59",), reason="person-to-person LAOQR codes omit the name"),
        Relaxation("missing_field", ("60",), reason="LAOQR codes often omit the city (P2P, IDB, LDB)"),
    ),
    references=(
        "https://www.lapnet.com.la/",
        "https://github.com/Khamphay/pmoney_qr",
        "emv-and-schemes.md section 4 (project reference notes)",
    ),
    examples=(
        "00020101021115312738041800520446mch19B73F61B9E038570016A00526628466257701082771041802030020314mch19B73F61B9E5204569153034185802LA5916AKAPHON XAYYABED6002VT62120208586625406304C735",
        "00020101021138670016A00526628466257701082771041802030010324NEXFOLPOLCIYSAQLCEVWDCAP53034185802LA630473F6",
    ),
    summary="LAPNet template 38 (member IIN, payment type, receiver ID, expiry), BCEL One/OnePay, "
    "UnionPay 15 on OnePay merchant codes, person-to-person codes without 52/59/60",
    check=check,
    view=view,
    build=build,
    expiry=expiry,
    field_names={
        "account.00": "LAPNet AID",
        "account.01": "Member institution IIN",
        "account.02": "Payment type",
        "account.03": "Receiver ID",
        "account.04": "QR expiry",
    },
    describe=_describe,
    module=__name__,
)
