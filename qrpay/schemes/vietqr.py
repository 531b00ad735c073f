"""Vietnam: VietQR, the NAPAS 247 QR format for interbank transfers and payments.

Template ``38`` with the NAPAS AID ``A000000727`` (``00``) carries:

* ``01`` — the beneficiary organisation, itself a template: ``00`` the acquirer / bank
  BIN (6 digits, e.g. ``970436`` Vietcombank), ``01`` the account number or card number
  (at most 19 letters and digits);
* ``02`` — the service code: ``QRIBFTTA`` (interbank fund transfer to an account),
  ``QRIBFTTC`` (to a card), ``QRCASH`` (ATM cash withdrawal, NAPAS spec v1.4 change log),
  ``QRPUSH`` (payment to a merchant, the "push payment" product; ``01/01`` then holds the
  merchant ID the acquirer assigned). Implementations quoting NAPAS v1.5.2 (its test
  cases 6.1.1-6.1.4) say a payment code may omit ``02``, QRPUSH being the default: a
  missing service code is only a warning.

``62/08`` holds the transfer note ("purpose", at most 25, EMVCo's ans character set: no
Vietnamese diacritics). Currency ``704`` (VND, no minor unit), country ``VN``. Bank-app
codes omit ``52``, ``59`` and ``60``; VietQR allows that.

qrpay's decoder parses the children of ``38`` but not the grandchildren inside
``38/01``: this module parses that value itself (``qrpay.tlv.parse``) and reports one
that is not ID/length/value data. Bank BINs are looked up in ``qrpay/data/vn_banks.json``
(from the bank list of npm ``vietnam-qr-pay``, see ``scripts/update_vn_banks.py``); an
unknown BIN is only a warning, since directories go stale.

More information:

* NAPAS, "Technical Specifications on NAPAS QR Switching, Part IV: QR Code Format" v1.5.2
  (2021; title and change log public), as implemented by binhnguyenduc/vietqr-ts
* https://vietqr.net/ and https://napas.com.vn/
* https://github.com/xuannghia/vietnam-qr-pay (npm ``vietnam-qr-pay``, cross-checked)
* docs/schemes/vietqr.md

>>> from qrpay.schemes import vietqr
>>> vietqr.build(bank_bin="970436", account_number="0011001932418", amount=50000,
...              purpose="Thanh toan").to_text()  # doctest: +SKIP
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from ..builder import build as _build
from ..builder import checked_keywords
from ..errors import InvalidRequest, Issue, TLVError
from ..model import Payload
from ..tlv import DataObject, parse
from ._base import Relaxation, Scheme, issue

__all__ = [
    "NAPAS_AID",
    "SCHEME",
    "SERVICE_CODES",
    "Beneficiary",
    "VietQRView",
    "VnBank",
    "bank",
    "build",
    "view",
]

ID = "vietqr"
NAPAS_AID = "A000000727"
ACCOUNT_TRANSFER = "QRIBFTTA"
CARD_TRANSFER = "QRIBFTTC"
CASH_WITHDRAWAL = "QRCASH"
MERCHANT_PAYMENT = "QRPUSH"
#: service code -> meaning (NAPAS QR spec; QRCASH added in v1.4; QRPUSH, the merchant
#: payment product, as named by liopayvn/vietqr-php's ServiceCodes and the NAPAS v1.5.2
#: test cases it reproduces, and by unicubevn/vietqr-payment-js; docs/schemes/vietqr.md)
SERVICE_CODES: dict[str, str] = {
    ACCOUNT_TRANSFER: "interbank fund transfer to an account",
    CARD_TRANSFER: "interbank fund transfer to a card",
    CASH_WITHDRAWAL: "ATM cash withdrawal",
    MERCHANT_PAYMENT: "payment to a merchant (push payment)",
}

_BIN = re.compile(r"[0-9]{6}")
_ACCOUNT = re.compile(r"[A-Za-z0-9]{1,19}")


@dataclass(frozen=True, slots=True)
class VnBank:
    """A bank in qrpay's VietQR BIN directory (qrpay/data/vn_banks.json)."""

    bin: str
    short_name: str
    name: str
    swift: str | None
    #: other names the directory lists for the same BIN (renamed banks)
    also_known_as: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Beneficiary:
    """Template 38: the NAPAS beneficiary of a VietQR code."""

    tag: str
    aid: str
    bank_bin: str | None
    account_number: str | None
    service_code: str | None
    bank: VnBank | None

    @property
    def is_card(self) -> bool:
        return self.service_code == CARD_TRANSFER

    @property
    def is_merchant_payment(self) -> bool:
        """A payment to a merchant: service code QRPUSH, or none at all (the default NAPAS
        v1.5.2 gives a code without 38/02, as implementations quoting it read it)."""
        return self.service_code in (MERCHANT_PAYMENT, None)

    @property
    def service(self) -> str | None:
        return None if self.service_code is None else SERVICE_CODES.get(self.service_code)


@dataclass(frozen=True, slots=True)
class VietQRView:
    """Everything VietQR in a payload."""

    beneficiary: Beneficiary | None
    amount: Decimal | None
    purpose: str | None
    bill_number: str | None


@cache
def _directory() -> dict[str, VnBank]:
    text = resources.files("qrpay").joinpath("data").joinpath("vn_banks.json").read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    out = {}
    for bin_, names in data["banks"].items():
        first = names[0]
        others = tuple(n["short_name"] for n in names[1:])
        out[bin_] = VnBank(bin_, first["short_name"], first["name"], first["swift"], others)
    return out


def bank(bin_: str) -> VnBank | None:
    """The bank with this NAPAS BIN in qrpay's directory, or ``None``.

    >>> bank("970436").short_name
    'Vietcombank'
    """
    return _directory().get(bin_)


def _napas_templates(payload: Payload) -> Iterator[DataObject]:
    for obj in payload.objects:
        if "26" <= obj.tag <= "51" and obj.children is not None:
            guid = obj.child("00")
            if guid is not None and guid.value.upper() == NAPAS_AID:
                yield obj


def _beneficiary_objects(obj: DataObject) -> tuple[DataObject, ...] | None:
    """The parsed children of 38/01, ``None`` if it is absent or malformed."""
    child = obj.child("01")
    if child is None:
        return None
    try:
        return parse(child.value, offset=child.offset + 4, path=child.path)
    except TLVError:
        return None


def view(payload: Payload) -> VietQRView:
    """The typed VietQR view of a payload."""
    beneficiary = None
    for obj in _napas_templates(payload):
        inner = _beneficiary_objects(obj) or ()
        values = {c.tag: c.value for c in reversed(inner)}
        bin_ = values.get("00")
        service = obj.child("02")
        beneficiary = Beneficiary(
            obj.tag,
            NAPAS_AID,
            bin_,
            values.get("01"),
            None if service is None else service.value,
            None if bin_ is None else bank(bin_),
        )
        break
    return VietQRView(beneficiary, payload.amount, payload.value(("62", "08")), payload.value(("62", "01")))


# -- rules ---------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """VietQR rules (see the module docstring and docs/schemes/vietqr.md)."""
    del now  # VietQR codes carry no expiry
    for obj in _napas_templates(payload):
        yield from _check_template(obj)


def _check_template(obj: DataObject) -> Iterator[Issue]:
    where = obj.tag
    child = obj.child("01")
    if child is None:
        yield issue(
            ID,
            "beneficiary_missing",
            f"template {where} ({NAPAS_AID}) has no beneficiary organisation (sub-ID 01: bank BIN and "
            "account or card number)",
            path=(where, "01"),
        )
    else:
        try:
            inner = parse(child.value, offset=child.offset + 4, path=child.path)
        except TLVError as err:
            yield issue(
                ID,
                "beneficiary_malformed",
                f"{where}.01 must be a template (00 bank BIN, 01 account or card number): {err.message}",
                obj=child,
                actual=child.value,
            )
        else:
            yield from _check_beneficiary(child, inner)
    service = obj.child("02")
    if service is None:
        # NAPAS v1.5.2 test cases 6.1.1/6.1.3 (as reproduced by liopayvn/vietqr-php) are
        # payment codes without 02, QRPUSH being the default; vietqr-ts requires it.
        yield issue(
            ID,
            "service_code_missing",
            f"template {where} has no service code (sub-ID 02: {', '.join(SERVICE_CODES)}); "
            f"implementations quoting NAPAS v1.5.2 read a code without one as {MERCHANT_PAYMENT} "
            "(payment to a merchant)",
            path=(where, "02"),
            severity="warning",
        )
    elif service.value not in SERVICE_CODES:
        yield issue(
            ID,
            "service_code",
            f"service code {service.value!r} is not one of {', '.join(SERVICE_CODES)}",
            obj=service,
            actual=service.value,
        )


def _check_beneficiary(parent: DataObject, inner: tuple[DataObject, ...]) -> Iterator[Issue]:
    where = ".".join(parent.path)
    found: dict[str, DataObject] = {}
    for obj in inner:
        found.setdefault(obj.tag, obj)
    bin_ = found.get("00")
    if bin_ is None or not _BIN.fullmatch(bin_.value):
        yield issue(
            ID,
            "bank_bin",
            f"{where} has no bank BIN (sub-ID 00)"
            if bin_ is None
            else f"bank BIN {bin_.value!r} in {where}.00 must be 6 digits",
            obj=bin_,
            path=(*parent.path, "00"),
        )
    elif bin_.value not in _directory():
        yield issue(
            ID,
            "bank_unknown",
            f"bank BIN {bin_.value} is not in qrpay's VietQR bank directory (qrpay/data/vn_banks.json); "
            "it may be a bank that joined NAPAS since",
            obj=bin_,
            severity="warning",
            actual=bin_.value,
        )
    account = found.get("01")
    if account is None or not _ACCOUNT.fullmatch(account.value):
        yield issue(
            ID,
            "account",
            f"{where} has no account or card number (sub-ID 01)"
            if account is None
            else f"account or card number {account.value!r} in {where}.01 must be 1-19 letters and digits",
            obj=account,
            path=(*parent.path, "01"),
        )


# -- builder -------------------------------------------------------------------------------


@checked_keywords(
    {
        "bank_bin": ("38", "01", "00"),
        "account_number": ("38", "01", "01"),
        "card_number": ("38", "01", "01"),
    }
)
def build(
    *,
    bank_bin: str,
    account_number: str | None = None,
    card_number: str | None = None,
    amount: Decimal | int | str | None = None,
    purpose: str | None = None,
    bill_number: str | None = None,
    additional_data: Mapping[str, Any] | None = None,
    merchant_name: str | None = None,
    merchant_city: str | None = None,
    merchant_category_code: str | None = None,
    postal_code: str | None = None,
    initiation: str | None = None,
    unreserved: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> Payload:
    """Build a VietQR transfer code to ``account_number`` (service ``QRIBFTTA``) or
    ``card_number`` (``QRIBFTTC``) at the bank with NAPAS BIN ``bank_bin``.

    The amount is whole dong (VND has no minor unit); ``purpose`` goes to 62/08 and
    ``bill_number`` to 62/01 (other 62 fields through ``additional_data``). The code is
    dynamic with an amount and static without, unless ``initiation`` (``"static"`` /
    ``"dynamic"``) says otherwise. Name, city and MCC are optional (bank apps omit them);
    ``unreserved`` passes templates 80-99 (each needs a GUID in sub-ID 00).
    Nothing is truncated or transliterated: a purpose with diacritics or over 25
    characters is refused.
    """
    if (account_number is None) == (card_number is None):
        raise InvalidRequest(
            "give exactly one of account_number (QRIBFTTA) and card_number (QRIBFTTC)",
            code="vietqr.account",
            path=("38", "01", "01"),
        )
    number = account_number if account_number is not None else card_number
    service = ACCOUNT_TRANSFER if account_number is not None else CARD_TRANSFER
    if not isinstance(bank_bin, str) or not _BIN.fullmatch(bank_bin):
        raise InvalidRequest(
            f"bank_bin: {bank_bin!r} must be the 6-digit NAPAS BIN of the bank",
            code="vietqr.bank_bin",
            path=("38", "01", "00"),
            ctx={"actual": bank_bin},
        )
    if not isinstance(number, str) or not _ACCOUNT.fullmatch(number):
        raise InvalidRequest(
            f"{'account_number' if account_number is not None else 'card_number'}: {number!r} must be "
            "1-19 letters and digits (NAPAS)",
            code="vietqr.account",
            path=("38", "01", "01"),
            ctx={"actual": number},
        )
    beneficiary = f"00{len(bank_bin):02d}{bank_bin}01{len(number):02d}{number}"
    extra: dict[str, Any] = dict(additional_data or {})
    for key, value in (("purpose", purpose), ("bill_number", bill_number)):
        if value is not None:
            if key in extra:
                raise InvalidRequest(
                    f"{key} is given twice (keyword and additional_data)", code="unknown_field", path=("62",)
                )
            extra[key] = value
    return _build(
        merchant_accounts={"38": [("00", NAPAS_AID), ("01", beneficiary), ("02", service)]},
        currency="704",
        country="VN",
        amount=amount,
        initiation=initiation,
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        postal_code=postal_code,
        additional_data=extra or None,
        unreserved=unreserved,
        now=now,
    )


def _describe(payload: Payload, path: tuple[str, ...], value: str) -> str | None:
    """The beneficiary bank (from the BIN directory) and the service code in words."""
    if len(path) != 2 or path[0] != "38":
        return None
    if path[1] == "02":
        return {
            ACCOUNT_TRANSFER: "transfer to an account",
            CARD_TRANSFER: "transfer to a card",
            CASH_WITHDRAWAL: "cash withdrawal at an ATM",
            MERCHANT_PAYMENT: "payment to a merchant",
        }.get(value)
    if path[1] == "01":
        try:
            fields = {o.tag: o.value for o in parse(value)}
        except TLVError:
            return None
        found = bank(fields.get("00", ""))
        where = f"{found.short_name} (BIN {found.bin})" if found else f"BIN {fields.get('00')}"
        return f"{where}, account or card {fields.get('01')}"
    return None


SCHEME = Scheme(
    id=ID,
    title="VietQR (NAPAS 247)",
    country="VN",
    currencies=("704",),
    market_source="NAPAS VietQR",
    guids=(NAPAS_AID,),
    account_tags=("38",),
    relaxations=(
        Relaxation("missing_field", ("52",), reason="VietQR bank-app codes omit the MCC"),
        Relaxation("missing_field", ("59",), reason="VietQR bank-app codes omit the merchant name"),
        Relaxation("missing_field", ("60",), reason="VietQR bank-app codes omit the merchant city"),
    ),
    references=(
        "NAPAS, Technical Specifications on NAPAS QR Switching, Part IV: QR Code Format, v1.5.2 (2021)",
        "https://github.com/binhnguyenduc/vietqr-ts",
        "https://github.com/xuannghia/vietnam-qr-pay",
        "https://vietqr.net/",
    ),
    examples=(
        "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C",
        "00020101021238590010A0000007270129000697042201156607040600001290208QRIBFTTA52040000530370454031005802VN5914company_1_data6007Vietnam62150811INVTEST000163042656",
        "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52",
    ),
    summary="NAPAS template 38 (bank BIN + account, card or merchant ID, nested in 38/01), service "
    "codes QRIBFTTA/QRIBFTTC/QRCASH/QRPUSH, purpose in 62/08, bank BIN directory",
    check=check,
    view=view,
    build=build,
    field_names={
        "account.00": "NAPAS AID",
        "account.01": "Beneficiary organisation",
        "account.02": "Service code",
        "62.08": "Purpose of transaction",
    },
    describe=_describe,
    module=__name__,
)
