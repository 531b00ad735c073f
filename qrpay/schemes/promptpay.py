"""Thailand: PromptPay and Thai QR Payment (Bank of Thailand, ITMX).

Merchant account templates identified by Thai QR AIDs (RID ``A000000677``):

* ``29`` / ``A000000677010111`` — PromptPay credit transfer; exactly one proxy:
  ``01`` mobile (13 digits, ``0066`` + the 9-digit national number), ``02`` national ID
  or tax ID (13 digits), ``03`` e-wallet ID (15 digits), ``04`` bank account (3-digit
  bank code + account, at most 43). ``A000000677010114`` is the same with a one-time
  authorisation in ``05`` (10 characters).
* ``30`` / ``A000000677010112`` — bill payment: ``01`` biller ID (15 digits: 13-digit tax
  ID + 2-digit suffix), ``02`` reference 1 (mandatory, at most 20), ``03`` reference 2
  (at most 20). ``A000000677012006`` is the cross-border bill-payment AID.
* ``31`` / ``A000000677010113`` (KBank K SHOP) and ``A000000677012004`` — recognised and
  shown, no field rules (the BOT guideline does not define them in public).

Thai QR also defines Point of Initiation ``21``/``22`` (BLE) and ``31``/``32`` (NFC),
and unreserved template ``80`` "VAT TQRC" whose sub-ID ``00`` is the seller's tax
branch ID rather than a GUID (``01`` VAT rate, ``02`` VAT amount). Person-to-person
codes omit ``52``, ``59`` and ``60``. Currency ``764`` (THB), country ``TH``.

The builder matches dtinth/promptpay-qr (npm ``promptpay-qr``, the most used
generator) byte for byte in every data object, but writes them in EMVCo's canonical
order (``53`` before ``58``), which changes the CRC: see docs/schemes/promptpay.md.

More information:

* Bank of Thailand, "Policy Guideline: Standardized Thai QR Code for Payment
  Transactions" (effective 17 April 2019), as summarised by implementations below
* https://github.com/dtinth/promptpay-qr (reference generator)
* https://github.com/maythiwat/promptparse
* docs/schemes/promptpay.md

>>> from qrpay.schemes import promptpay
>>> promptpay.build(mobile="081-234-5678", amount="4.22").to_text()
'00020101021229370016A00000067701011101130066812345678530376454044.225802TH63042352'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ..builder import build as _build
from ..builder import checked_keywords
from ..errors import InvalidRequest, Issue
from ..model import Payload, Template
from ..tlv import DataObject
from ._base import Relaxation, Scheme, issue

__all__ = [
    "BILL_PAYMENT_AID",
    "CREDIT_TRANSFER_AID",
    "SCHEME",
    "BillPayment",
    "CreditTransfer",
    "PromptPayView",
    "ProxyType",
    "Vat",
    "build",
    "normalize_mobile",
    "view",
]

ID = "promptpay"

CREDIT_TRANSFER_AID = "A000000677010111"
CREDIT_TRANSFER_OTA_AID = "A000000677010114"
BILL_PAYMENT_AID = "A000000677010112"
CROSS_BORDER_BILL_AID = "A000000677012006"
KSHOP_AID = "A000000677010113"
PAYMENT_INNOVATION_AID = "A000000677012004"

CREDIT_TRANSFER_AIDS = (CREDIT_TRANSFER_AID, CREDIT_TRANSFER_OTA_AID)
BILL_PAYMENT_AIDS = (BILL_PAYMENT_AID, CROSS_BORDER_BILL_AID)


class ProxyType(enum.Enum):
    """Sub-ID of the PromptPay proxy in template 29."""

    MOBILE = "01"
    NATIONAL_ID = "02"  # national ID or tax ID, 13 digits
    EWALLET = "03"
    BANK_ACCOUNT = "04"


#: proxy sub-ID -> (pattern the value must match in full, description)
PROXY_FORMATS: dict[str, tuple[re.Pattern[str], str]] = {
    "01": (re.compile(r"0066[0-9]{9}"), "13 digits: 0066 and the 9-digit national number"),
    "02": (re.compile(r"[0-9]{13}"), "13 digits"),
    "03": (re.compile(r"[0-9]{15}"), "15 digits"),
    "04": (re.compile(r"[0-9]{3}[\x20-\x7e]{1,40}"), "a 3-digit bank code and the account (at most 43)"),
}


@dataclass(frozen=True, slots=True)
class CreditTransfer:
    """Template 29: PromptPay credit transfer (person to person, or to a merchant)."""

    tag: str
    aid: str
    proxy_type: ProxyType | None
    proxy_value: str | None
    one_time_authorisation: str | None = None

    @property
    def mobile(self) -> str | None:
        """The mobile number in local form (``0812345678``), for a mobile proxy."""
        if self.proxy_type is ProxyType.MOBILE and self.proxy_value and self.proxy_value.startswith("0066"):
            return "0" + self.proxy_value[4:]
        return None


@dataclass(frozen=True, slots=True)
class BillPayment:
    """Template 30: bill payment (domestic or cross-border)."""

    tag: str
    aid: str
    biller_id: str | None
    reference_1: str | None
    reference_2: str | None

    @property
    def cross_border(self) -> bool:
        return self.aid.upper() == CROSS_BORDER_BILL_AID


@dataclass(frozen=True, slots=True)
class Vat:
    """Unreserved template 80 "VAT TQRC" (sub-ID 00 is a tax branch ID, not a GUID)."""

    seller_tax_branch_id: str | None
    vat_rate: str | None
    vat_amount: str | None


@dataclass(frozen=True, slots=True)
class PromptPayView:
    """Everything Thai QR in a payload."""

    credit_transfers: tuple[CreditTransfer, ...]
    bill_payments: tuple[BillPayment, ...]
    other: tuple[Template, ...]  # K SHOP and other Thai QR templates, shown as found
    vat: Vat | None
    amount: Decimal | None

    @property
    def credit_transfer(self) -> CreditTransfer | None:
        return self.credit_transfers[0] if self.credit_transfers else None

    @property
    def bill_payment(self) -> BillPayment | None:
        return self.bill_payments[0] if self.bill_payments else None


def _is_thai(account: Template) -> bool:
    guid = account.guid
    return guid is not None and guid.upper().startswith("A000000677")


def view(payload: Payload) -> PromptPayView:
    """The typed PromptPay / Thai QR view of a payload."""
    transfers: list[CreditTransfer] = []
    bills: list[BillPayment] = []
    other: list[Template] = []
    for account in payload.merchant_accounts:
        if not _is_thai(account):
            continue
        aid = (account.guid or "").upper()
        if aid in CREDIT_TRANSFER_AIDS:
            proxy = next(((t, v) for t, v in account.fields.items() if t in ("01", "02", "03", "04")), None)
            transfers.append(
                CreditTransfer(
                    account.tag,
                    aid,
                    ProxyType(proxy[0]) if proxy else None,
                    proxy[1] if proxy else None,
                    account.get("05"),
                )
            )
        elif aid in BILL_PAYMENT_AIDS:
            bills.append(
                BillPayment(account.tag, aid, account.get("01"), account.get("02"), account.get("03"))
            )
        else:
            other.append(account)
    vat_template = payload.unreserved_template("80")
    vat = None
    if vat_template is not None and vat_template.objects is not None:
        vat = Vat(vat_template.get("00"), vat_template.get("01"), vat_template.get("02"))
    return PromptPayView(tuple(transfers), tuple(bills), tuple(other), vat, payload.amount)


# -- rules ------------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """Thai QR rules for the PromptPay templates (see the module docstring)."""
    del now  # PromptPay codes carry no expiry
    for obj in payload.objects:
        if obj.children is None or not "26" <= obj.tag <= "51":
            continue
        guid = obj.child("00")
        aid = "" if guid is None else guid.value.upper()
        if aid in CREDIT_TRANSFER_AIDS:
            yield from _check_credit_transfer(obj, aid)
        elif aid in BILL_PAYMENT_AIDS:
            yield from _check_bill_payment(obj)


def _check_credit_transfer(obj: DataObject, aid: str) -> Iterator[Issue]:
    where = ".".join(obj.path)
    proxies = [c for c in obj.children or () if c.tag in PROXY_FORMATS]
    if not proxies:
        yield issue(
            ID,
            "proxy_missing",
            f"template {where} ({aid}) has no proxy: one of 01 mobile, 02 national/tax ID, 03 e-wallet, "
            "04 bank account is required",
            obj=obj,
        )
    elif len(proxies) > 1:
        yield issue(
            ID,
            "proxy_multiple",
            f"template {where} holds {len(proxies)} proxies ({', '.join(c.tag for c in proxies)}); "
            "PromptPay carries exactly one",
            obj=proxies[1],
        )
    for child in proxies:
        pattern, described = PROXY_FORMATS[child.tag]
        if not pattern.fullmatch(child.value):
            name = ProxyType(child.tag).name.lower()
            yield issue(
                ID,
                f"{name}_format",
                f"PromptPay {name.replace('_', ' ')} {child.value!r} must be {described}",
                obj=child,
                actual=child.value,
            )
    if aid == CREDIT_TRANSFER_OTA_AID:
        ota = obj.child("05")
        if ota is None or len(ota.value) != 10:
            yield issue(
                ID,
                "ota",
                f"AID {CREDIT_TRANSFER_OTA_AID} needs a 10-character one-time authorisation in sub-ID 05",
                obj=ota,
                path=(*obj.path, "05"),
            )


def _check_bill_payment(obj: DataObject) -> Iterator[Issue]:
    biller = obj.child("01")
    if biller is None:
        yield issue(
            ID, "biller_id", "bill payment template has no biller ID (sub-ID 01)", path=(*obj.path, "01")
        )
    elif not (len(biller.value) == 15 and biller.value.isdigit()):
        yield issue(
            ID,
            "biller_id",
            f"biller ID {biller.value!r} must be 15 digits (13-digit tax ID and a 2-digit suffix)",
            obj=biller,
            actual=biller.value,
        )
    ref1 = obj.child("02")
    if ref1 is None:
        yield issue(
            ID,
            "reference_1",
            "bill payment template has no reference 1 (sub-ID 02), which is mandatory",
            path=(*obj.path, "02"),
        )
    for child in (ref1, obj.child("03")):
        if child is not None and len(child.value) > 20:
            yield issue(
                ID,
                "reference_1" if child.tag == "02" else "reference_2",
                f"reference {child.value!r} has {len(child.value)} characters; at most 20 are allowed",
                obj=child,
                actual=len(child.value),
            )


# -- builder -------------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-().]")


def normalize_mobile(mobile: str) -> str:
    """A Thai mobile number in PromptPay form: ``0066`` + the 9-digit national number.

    Accepts ``0812345678``, ``081-234-5678``, ``+66 81 234 5678``, ``66812345678`` and
    ``0066812345678``; refuses anything else rather than guess.

    >>> normalize_mobile("081-234-5678")
    '0066812345678'
    """
    compact = _SEPARATORS.sub("", mobile)
    if compact.startswith("+66"):
        national = compact[3:]
    elif compact.startswith("0066"):
        national = compact[4:]
    elif compact.startswith("66") and len(compact) == 11:
        national = compact[2:]
    elif compact.startswith("0") and len(compact) == 10:
        national = compact[1:]
    else:
        national = ""
    # PromptPay defines the proxy as 0066 + the national number without its leading 0.
    # (One library also requires the prefixes 06/08/09 of today's mobile ranges; qrpay does
    # not, so a new range or a test number such as 000-000-0000 is not refused.)
    if not (len(national) == 9 and national.isdigit()):
        raise InvalidRequest(
            f"mobile: {mobile!r} is not a Thai phone number (0 and 9 digits, or +66 and 9 digits)",
            code="promptpay.mobile_format",
            path=("29", "01"),
            ctx={"actual": mobile},
        )
    return "0066" + national


def _digits(value: str, count: int, name: str, code: str, path: tuple[str, ...]) -> str:
    compact = _SEPARATORS.sub("", value)
    if not (len(compact) == count and compact.isdigit()):
        raise InvalidRequest(
            f"{name}: {value!r} must be {count} digits (separators allowed)",
            code=code,
            path=path,
            ctx={"actual": value},
        )
    return compact


@checked_keywords(
    {
        "mobile": ("29", "01"),
        "national_id": ("29", "02"),
        "tax_id": ("29", "02"),
        "ewallet_id": ("29", "03"),
        "bank_account": ("29", "04"),
        "biller_id": ("30", "01"),
        "reference_1": ("30", "02"),
        "reference_2": ("30", "03"),
    }
)
def build(
    *,
    mobile: str | None = None,
    national_id: str | None = None,
    tax_id: str | None = None,
    ewallet_id: str | None = None,
    bank_account: str | None = None,
    biller_id: str | None = None,
    reference_1: str | None = None,
    reference_2: str | None = None,
    amount: Decimal | int | str | None = None,
    merchant_name: str | None = None,
    merchant_city: str | None = None,
    merchant_category_code: str | None = None,
    now: datetime | None = None,
) -> Payload:
    """Build a PromptPay payload: a credit transfer to exactly one of ``mobile``,
    ``national_id`` / ``tax_id``, ``ewallet_id``, ``bank_account``, or a bill payment
    to ``biller_id`` with ``reference_1`` (and optionally ``reference_2``).

    Amounts are written with two decimals (THB), as dtinth's promptpay-qr does; the code
    is dynamic (01 = 12) with an amount and static (11) without. Name, city and MCC are
    optional (person-to-person codes omit them).
    """
    proxies = {
        "01": None if mobile is None else normalize_mobile(mobile),
        "02": None
        if national_id is None and tax_id is None
        else _digits(
            national_id if national_id is not None else tax_id or "",
            13,
            "national_id" if national_id is not None else "tax_id",
            "promptpay.national_id_format",
            ("29", "02"),
        ),
        "03": None
        if ewallet_id is None
        else _digits(ewallet_id, 15, "ewallet_id", "promptpay.ewallet_format", ("29", "03")),
        "04": bank_account,
    }
    given = {k: v for k, v in proxies.items() if v is not None}
    if national_id is not None and tax_id is not None:
        raise InvalidRequest(
            "national_id and tax_id are the same proxy (sub-ID 02); give one",
            code="promptpay.proxy_multiple",
            path=("29",),
        )
    if biller_id is not None:
        if given:
            raise InvalidRequest(
                "a payload is either a credit transfer (mobile, national_id, tax_id, ewallet_id, "
                "bank_account) or a bill payment (biller_id); not both",
                code="promptpay.proxy_multiple",
                path=("30",),
            )
        bill = [
            ("00", BILL_PAYMENT_AID),
            ("01", _digits(biller_id, 15, "biller_id", "promptpay.biller_id", ("30", "01"))),
        ]
        if reference_1 is None:
            raise InvalidRequest(
                "reference_1 is mandatory for a bill payment", code="promptpay.reference_1", path=("30", "02")
            )
        bill.append(("02", reference_1))
        if reference_2 is not None:
            bill.append(("03", reference_2))
        accounts: dict[str, object] = {"30": bill}
    else:
        if len(given) != 1:
            raise InvalidRequest(
                "give exactly one of mobile, national_id (or tax_id), ewallet_id, bank_account, or a "
                f"biller_id; got {len(given)}",
                code="promptpay.proxy_missing" if not given else "promptpay.proxy_multiple",
                path=("29",),
            )
        if reference_1 is not None or reference_2 is not None:
            raise InvalidRequest(
                "reference_1/reference_2 belong to a bill payment (biller_id)",
                code="promptpay.reference_1",
                path=("29",),
            )
        ((proxy_tag, proxy_value),) = given.items()
        accounts = {"29": [("00", CREDIT_TRANSFER_AID), (proxy_tag, proxy_value)]}
    return _build(
        merchant_accounts=accounts,  # type: ignore[arg-type]
        currency="764",
        country="TH",
        amount=amount,
        amount_style="fixed",
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        now=now,
    )


_AID_NAMES = {
    CREDIT_TRANSFER_AID: "PromptPay credit transfer",
    CREDIT_TRANSFER_OTA_AID: "PromptPay credit transfer with one-time authorisation",
    BILL_PAYMENT_AID: "Thai QR bill payment",
    CROSS_BORDER_BILL_AID: "Thai QR cross-border bill payment",
    KSHOP_AID: "KBank K SHOP",
    PAYMENT_INNOVATION_AID: "Thai QR payment innovation",
}


def _describe(path: tuple[str, ...], value: str) -> str | None:
    if len(path) == 2 and path[1] == "00":
        return _AID_NAMES.get(value.upper())
    if len(path) == 2 and path[1] == "01" and value.startswith("0066") and len(value) == 13:
        return f"mobile 0{value[4:]}"
    return None


SCHEME = Scheme(
    id=ID,
    title="PromptPay / Thai QR Payment",
    country="TH",
    currencies=("764",),
    guids=(
        CREDIT_TRANSFER_AID,
        CREDIT_TRANSFER_OTA_AID,
        BILL_PAYMENT_AID,
        CROSS_BORDER_BILL_AID,
        KSHOP_AID,
        PAYMENT_INNOVATION_AID,
    ),
    account_tags=("29", "30", "31"),
    market_source="BOT Thai QR guideline",
    relaxations=(
        Relaxation("missing_field", ("52",), reason="person-to-person PromptPay codes omit the MCC"),
        Relaxation("missing_field", ("59",), reason="person-to-person PromptPay codes omit the name"),
        Relaxation("missing_field", ("60",), reason="person-to-person PromptPay codes omit the city"),
        Relaxation(
            "initiation_value",
            ("01",),
            frozenset({"21", "22", "31", "32"}),
            reason="Thai QR defines 21/22 (BLE) and 31/32 (NFC)",
        ),
        Relaxation(
            "guid_format", ("80", "00"), reason="Thai VAT template 80: sub-ID 00 is the tax branch ID"
        ),
    ),
    references=(
        "Bank of Thailand, Policy Guideline: Standardized Thai QR Code for Payment Transactions (2019)",
        "https://github.com/dtinth/promptpay-qr",
        "https://github.com/maythiwat/promptparse",
        "https://www.bot.or.th/en/financial-innovation/digital-finance/digital-payment/promptpay.html",
    ),
    examples=(
        "00020101021129370016A000000677010111011300668012345675802TH530376463046197",
        "00020101021230710016A00000067701011201150112345678912330212REF1234567890312REF98765432153037645406200.005802TH5906THAIQR6304F528",
    ),
    field_names={
        "account.00": "Thai QR AID",
        "29.01": "Mobile number",
        "29.02": "National ID or tax ID",
        "29.03": "E-wallet ID",
        "29.04": "Bank account",
        "29.05": "One-time authorisation",
        "30.01": "Biller ID",
        "30.02": "Reference 1",
        "30.03": "Reference 2",
        "31.01": "Acquirer bank code",
        "80.00": "Seller tax branch ID",
        "80.01": "VAT rate",
        "80.02": "VAT amount",
    },
    describe=lambda payload, path, value: _describe(path, value),
    summary="Credit transfer (29: mobile, national/tax ID, e-wallet, bank account), bill payment (30), "
    "K SHOP (31), VAT template 80, BLE/NFC initiation values",
    check=check,
    view=view,
    build=build,
    module=__name__,
)
