"""Pakistan: merchant QR codes of the SBP QR standard (Raast person-to-merchant era).

The State Bank of Pakistan issued P2P (IBAN-based) and P2M QR standards in March 2022,
both based on EMVCo; Raast P2M launched in December 2023. The standard's text is not
public (scheme operators define the merchant-account format, SBP issues BICs), so the
layout below is read off 13 CRC-valid real codes from MCB, PayFast, 1LINK and Easypaisa
([obs] in the reference notes):

* ``28``: ``00`` an ID of 32 characters (hex at MCB and PayFast, mixed-case letters and
  digits at Easypaisa, a 19-digit number at 1LINK; not unique per merchant), ``01`` the
  acquirer's BIC (8 or 11 characters: ``MUCBPKKKRTG``, ``TMICFBPK``), ``02`` the
  merchant's 24-character IBAN.
* Currency ``586`` (PKR), country ``PK``; static MCB codes have no 62; dynamic codes put a
  32-character ID in ``62/00`` and carry ``64`` (``EN``).

A template 28 with a Pakistani IBAN in 02 and a BIC in 01 is what qrpay recognises. The
IBAN's own rules are published (ISO 13616-1; SWIFT's IBAN registry: ``PK`` + 2 check
digits + 4-letter bank code + 16 characters, 24 in all) and every real code satisfies
them: a wrong IBAN is an error. Everything else is a warning. There is no builder: the
28/00 ID is issued by the scheme operator and its meaning is not published.

More information:

* https://www.sbp.org.pk/dfs/Raast-P2M.html
* https://biztalk.pk/1559/schemes-operators-to-develop-qr-codes-system-for-pakistan/
* SWIFT, IBAN Registry (Pakistan)
* docs/schemes/raast.md
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ..errors import Issue
from ..model import Payload
from ..tlv import DataObject
from ._base import Relaxation, Scheme, issue

__all__ = ["SCHEME", "RaastAccount", "RaastView", "iban_is_valid", "view"]

ID = "raast"
TAG = "28"
#: SWIFT IBAN registry, Pakistan: PK2!n4!a16!c (24 characters)
IBAN = re.compile(r"PK[0-9]{2}[A-Z]{4}[0-9A-Z]{16}")
#: what detection accepts in 02 before the IBAN rules run (a mistyped IBAN is still one)
IBAN_LIKE = re.compile(r"[Pp][Kk][0-9]{2}[0-9A-Za-z]{10,30}")
BIC = re.compile(r"[A-Z0-9]{8}(?:[A-Z0-9]{3})?")
SOURCE = "SBP QR standard as observed in real codes; the text is not public"


def iban_is_valid(iban: str) -> bool:
    """ISO 13616-1 check digits (mod 97 = 1) and the SWIFT registry's Pakistani layout."""
    if not IBAN.fullmatch(iban):
        return False
    moved = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in moved)) % 97 == 1


@dataclass(frozen=True, slots=True)
class RaastAccount:
    """Template 28: ID, BIC, IBAN."""

    tag: str
    qr_id: str | None
    bic: str | None
    iban: str | None
    #: sub-IDs other than 00-02, as found
    other: dict[str, str]

    @property
    def bank_code(self) -> str | None:
        """The 4-letter bank code inside the IBAN (``MUCB``)."""
        return self.iban[4:8] if self.iban is not None and len(self.iban) >= 8 else None


@dataclass(frozen=True, slots=True)
class RaastView:
    """Everything of the Pakistani merchant QR in a payload."""

    account: RaastAccount | None
    merchant_name: str | None
    merchant_city: str | None
    merchant_category_code: str | None
    amount: Decimal | None
    #: 62/00 (a 32-character ID on dynamic codes), 62/01, 62/05, 62/07, 62/08
    transaction_id: str | None
    bill_number: str | None
    reference_label: str | None
    terminal_label: str | None
    purpose: str | None


def _sub(obj: DataObject, tag: str) -> DataObject | None:
    return next((c for c in obj.children or () if c.tag == tag), None)


def _is_raast(obj: DataObject) -> bool:
    if obj.tag != TAG or obj.children is None:
        return False
    iban, bic = _sub(obj, "02"), _sub(obj, "01")
    return iban is not None and bic is not None and IBAN_LIKE.fullmatch(iban.value) is not None


def _claims(obj: DataObject, payload: Payload) -> bool:
    del payload  # the template alone says it
    return _is_raast(obj)


def view(payload: Payload) -> RaastView:
    """The typed view of a Pakistani merchant QR."""
    account = None
    for obj in payload.objects:
        if _is_raast(obj):
            values: dict[str, str] = {}
            for child in obj.children or ():
                values.setdefault(child.tag, child.value)
            other = {k: v for k, v in values.items() if k not in ("00", "01", "02")}
            account = RaastAccount(obj.tag, values.get("00"), values.get("01"), values.get("02"), other)
            break
    return RaastView(
        account,
        payload.value("59"),
        payload.value("60"),
        payload.merchant_category_code,
        payload.amount,
        payload.value(("62", "00")),
        payload.value(("62", "01")),
        payload.value(("62", "05")),
        payload.value(("62", "07")),
        payload.value(("62", "08")),
    )


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """The IBAN (ISO 13616-1: error) and the BIC seen in every real code (a warning).

    A template 28 without sub-ID 00 already breaks EMVCo (``guid_missing``): the ID stands
    where EMVCo puts the GUID.
    """
    del now  # no expiry in the code
    for obj in payload.objects:
        if not _is_raast(obj):
            continue
        iban = _sub(obj, "02")
        if iban is not None and not iban_is_valid(iban.value):
            yield issue(
                ID,
                "iban",
                f"28.02 {iban.value!r} is not a valid Pakistani IBAN: PK + 2 check digits + 4-letter bank code "
                "+ 16 characters, check digits mod 97 = 1 (ISO 13616-1; SWIFT IBAN registry)",
                obj=iban,
                actual=iban.value,
            )
        bic = _sub(obj, "01")
        if bic is not None and not BIC.fullmatch(bic.value):
            yield issue(
                ID,
                "bic",
                f"28.01 is {bic.value!r}; every real code has the acquirer's BIC there, 8 or 11 upper-case "
                "letters and digits",
                obj=bic,
                severity="warning",
                actual=bic.value,
            )
        break


SCHEME = Scheme(
    id=ID,
    title="Pakistan merchant QR (SBP / Raast P2M)",
    country="PK",
    currencies=("586",),
    currency_rule="warning",
    country_rule="warning",
    evidence="observed",
    market_source=SOURCE,
    account_tags=(TAG,),
    claims=_claims,
    claimed="28: a BIC in 01 and a Pakistani IBAN in 02 (no GUID exists)",
    supports=("decode", "validate"),
    relaxations=(
        Relaxation(
            "guid_format",
            (TAG, "00"),
            reason="28.00 holds the scheme operator's ID (32 characters or 19 digits), not a GUID",
        ),
        Relaxation(
            "unallocated_tag",
            ("62", "00"),
            reason="dynamic Pakistani codes carry an ID in 62.00 (MCB, PayFast, Easypaisa)",
        ),
    ),
    references=(
        "State Bank of Pakistan, Raast P2M, https://www.sbp.org.pk/dfs/Raast-P2M.html",
        "https://biztalk.pk/1559/schemes-operators-to-develop-qr-codes-system-for-pakistan/",
        "ISO 13616-1 (IBAN); SWIFT IBAN Registry, Pakistan",
    ),
    examples=(
        "00020101021128790032f5afde196d1845a59181b9e0a7c60e3e0111MUCBPKKKRTG0224PK58MUCB0077128401008349"
        "5204562153035865802PK5914MILAN BOUTIQUE6007Karachi63040E26",
        "0002010102112879003224706059d4734222aafef89190d2bce70111MUCBPKKKRTG0224PK58MUCB1518563451006392"
        "5204723053035865802PK5911CUT & STYLE6007Karachi63044B3D",
    ),
    summary="Tag 28 holding an ID (00), the acquirer's BIC (01) and a Pakistani IBAN (02, checked: ISO 13616); "
    "62/00 ID on dynamic codes; layout rules are warnings; no builder (the standard is not public)",
    check=check,
    view=view,
    build=None,
    field_names={"account.00": "QR ID", "account.01": "Acquirer BIC", "account.02": "Merchant IBAN"},
    module=__name__,
)
