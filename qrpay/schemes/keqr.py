"""Kenya: KE-QR, the Kenya Quick Response Code Standard 2023 (Central Bank of Kenya).

CBK's standard profiles EMVCo MPM for Kenya. qrpay has not read it directly: the
layout below is as an implementation that cites its tables (KevinMwita7/keqr, Dart:
"Table 7.5", "Section 7.11") reads it, checked against real codes ([impl]+[obs]):

* ``26``-``27`` reserved for CBK; **``28`` PSP merchant account**, **``29`` bank
  merchant account**, ``30``-``51`` future domestic schemes; sub-ID ``00`` is the GUID
  ``ke.go.qr`` in every real code.
* The account itself sits in a sub-ID that names the institution: ``28/01`` a phone
  number or till at the PSP (Safaricom M-Pesa codes), ``29/68`` a till at the bank
  (Equity Bank codes; 68 is Equity's CBK bank code) [obs hypothesis].
* ``53`` mandatory (``404``, KES), country ``KE``; ``61`` two characters (``00``).
* ``80`` merchant premises location, ``81`` merchant USSD information, ``82`` QR
  timestamp (``00`` ``ke.go.qr``, ``01`` ``ddMMyyyyTHHmmss``; a space instead of ``T``
  is seen), ``83`` an M-Pesa template (``00`` ``m-pesa.com``).

Nothing here was read in CBK's text, so every rule is a warning. There is no builder:
which sub-ID an institution uses is only inferred.

More information:

* CBK, Kenya Quick Response Code Standard 2023:
  https://www.centralbank.go.ke/QR/KenyaQuickResponseCodeStandard.pdf
* https://github.com/KevinMwita7/keqr (lib/src/models/merchant_account_information.dart)
* docs/schemes/keqr.md
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
from ._base import Scheme, account_guid, issue

__all__ = ["GUID", "MPESA_GUID", "SCHEME", "KeQRAccount", "KeQRView", "timestamp_of", "view"]

ID = "keqr"
GUID = "ke.go.qr"
MPESA_GUID = "m-pesa.com"
PSP_TAG = "28"
BANK_TAG = "29"
TIMESTAMP = re.compile(r"([0-9]{2})([0-9]{2})([0-9]{4})[T ]([0-9]{2})([0-9]{2})([0-9]{2})")
SOURCE = "CBK Kenya Quick Response Code Standard 2023, as KevinMwita7/keqr reads it"


@dataclass(frozen=True, slots=True)
class KeQRAccount:
    """A KE-QR merchant account (28 PSP or 29 bank)."""

    tag: str
    #: sub-ID -> account (28/01 phone or till, 29/68 till), every sub-ID but 00
    accounts: dict[str, str]

    @property
    def kind(self) -> str:
        """``"psp"`` (28), ``"bank"`` (29) or ``"other"``."""
        return {PSP_TAG: "psp", BANK_TAG: "bank"}.get(self.tag, "other")


@dataclass(frozen=True, slots=True)
class KeQRView:
    """Everything KE-QR in a payload."""

    accounts: tuple[KeQRAccount, ...]
    merchant_name: str | None
    merchant_city: str | None
    merchant_category_code: str | None
    amount: Decimal | None
    postal_code: str | None
    #: 82/01 as written, and as a date-time when it reads as ddMMyyyyTHHmmss
    timestamp: str | None
    created_at: datetime | None
    premises_location: str | None
    ussd: str | None
    #: template 83 (m-pesa.com) sub-IDs other than 00
    mpesa: dict[str, str] | None


def _is_keqr(obj: DataObject) -> bool:
    return account_guid(obj) == GUID.upper()


def _template(payload: Payload, tag: str, guid: str) -> DataObject | None:
    obj = payload.get(tag)
    if obj is None or obj.children is None:
        return None
    first = next((c for c in obj.children if c.tag == "00"), None)
    return obj if first is not None and first.value.lower() == guid else None


def _sub_values(obj: DataObject | None) -> dict[str, str] | None:
    if obj is None:
        return None
    return {c.tag: c.value for c in obj.children or () if c.tag != "00"}


def timestamp_of(value: str) -> datetime | None:
    """``ddMMyyyyTHHmmss`` (or with a space) as a naive date-time, else None."""
    m = TIMESTAMP.fullmatch(value)
    if m is None:
        return None
    day, month, year, hour, minute, second = (int(g) for g in m.groups())
    try:
        # naive on purpose: the code gives no time zone
        return datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None


def view(payload: Payload) -> KeQRView:
    """The typed KE-QR view of a payload."""
    accounts = tuple(
        KeQRAccount(obj.tag, {c.tag: c.value for c in obj.children or () if c.tag != "00"})
        for obj in payload.objects
        if _is_keqr(obj)
    )
    stamp = _template(payload, "82", GUID)
    written = None if stamp is None else (_sub_values(stamp) or {}).get("01")
    return KeQRView(
        accounts,
        payload.value("59"),
        payload.value("60"),
        payload.merchant_category_code,
        payload.amount,
        payload.value("61"),
        written,
        None if written is None else timestamp_of(written),
        payload.value("80"),
        payload.value("81"),
        _sub_values(_template(payload, "83", MPESA_GUID)),
    )


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """KE-QR layout as an implementation reads CBK's tables (module docstring): warnings."""
    del now  # 82 is when the code was made, not an expiry
    for obj in payload.objects:
        if not _is_keqr(obj):
            continue
        if obj.tag not in (PSP_TAG, BANK_TAG):
            yield issue(
                ID,
                "account_tag",
                f"the KE-QR account (ke.go.qr) is in tag {obj.tag}; CBK's table puts PSP accounts in 28 and bank "
                "accounts in 29 (26-27 reserved for CBK, 30-51 for future schemes)",
                obj=obj,
                severity="warning",
                actual=obj.tag,
            )
        if not any(c.tag != "00" for c in obj.children or ()):
            yield issue(
                ID,
                "account_missing",
                f"template {obj.tag} has only the GUID; a KE-QR account carries the merchant's phone number or "
                "till in a further sub-ID (28.01, 29.68 in real codes)",
                obj=obj,
                severity="warning",
            )
    stamp = _template(payload, "82", GUID)
    if stamp is not None:
        written = next((c for c in stamp.children or () if c.tag == "01"), None)
        if written is not None and timestamp_of(written.value) is None:
            yield issue(
                ID,
                "timestamp",
                f"82.01 (QR timestamp) is {written.value!r}; KE-QR writes ddMMyyyyTHHmmss (a space for T is seen)",
                obj=written,
                severity="warning",
                actual=written.value,
            )


def _describe(payload: Payload, path: tuple[str, ...], value: str) -> str | None:
    del payload
    if path == ("82", "01"):
        when = timestamp_of(value)
        return None if when is None else f"QR created {when.isoformat(sep=' ')} (no time zone in the code)"
    return None


SCHEME = Scheme(
    id=ID,
    title="KE-QR (Central Bank of Kenya)",
    country="KE",
    currencies=("404",),
    currency_rule="warning",
    country_rule="warning",
    evidence="impl",
    market_source=SOURCE,
    guids=(GUID,),
    account_tags=(PSP_TAG, BANK_TAG),
    supports=("decode", "validate"),
    references=(
        "CBK, Kenya Quick Response Code Standard 2023, "
        "https://www.centralbank.go.ke/QR/KenyaQuickResponseCodeStandard.pdf",
        "https://github.com/KevinMwita7/keqr",
    ),
    examples=(
        "00020101021129230008ke.go.qr680722266655204541153034045802KE5919Thika Vivian Stores6002KE6102008231"
        "0008ke.go.qr011511062025T1259066304AA94",
        "00020101021228230008ke.go.qr0107987654329120008ke.go.qr5204000053034045802KE5921Jane Elizabeth Doe_Po"
        "610200620605020182320008ke.go.qr0116343122025 04124283380010m-pesa.com01020203050000204050000063041307",
    ),
    summary="ke.go.qr in 28 (PSP: 01 phone or till) and 29 (bank: 68 till), 82 QR timestamp, 83 m-pesa.com, "
    "80/81 premises and USSD; rules are warnings (read through an implementation); no builder",
    check=check,
    view=view,
    build=None,
    field_names={
        "28.01": "Phone number or till (PSP 01)",
        "29.68": "Till number (bank 68)",
        "80": "Merchant premises location",
        "81": "Merchant USSD information",
        "82": "QR timestamp template",
        "82.01": "QR timestamp (ddMMyyyyTHHmmss)",
        "83": "M-Pesa template",
    },
    describe=_describe,
    module=__name__,
)
