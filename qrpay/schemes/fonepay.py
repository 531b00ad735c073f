"""Nepal: Fonepay (Fonepay Payment Service Ltd), merchant-presented QR.

No Fonepay QR specification is public; Fonepay's merchant API hands out the QR text
itself. What qrpay knows comes from real codes ([obs] in the reference notes):

* ``26`` with sub-ID ``00`` = ``fonepay.com`` (a domain, not the reverse domain EMVCo
  suggests); ``07`` = a 16-digit merchant/terminal ID in every real static code; ``01``,
  ``02``, ``06`` and ``09`` appear on codes of Fonepay's dynamic-QR API (meanings not
  published).
* A Visa merchant ID in ``02`` beside 26 on bank-issued stickers, UnionPay-format ``15``
  on API codes; ``62/07`` terminal label.
* Currency ``524`` (NPR), country ``NP``.

All rules are warnings. There is no builder: Fonepay issues the codes, and the meaning
of the sub-IDs beside 07 is not published, so a code qrpay wrote could not be known to
be one a Fonepay app accepts.

More information:

* https://github.com/DexA1948/fonepay-dynamic-qr-demo (API_Details.md: a dynamic-QR sample)
* docs/schemes/fonepay.md
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

__all__ = ["GUID", "SCHEME", "FonepayAccount", "FonepayView", "view"]

ID = "fonepay"
GUID = "fonepay.com"
TAG = "26"
MERCHANT_ID = re.compile(r"[0-9]{16}")


@dataclass(frozen=True, slots=True)
class FonepayAccount:
    """Template 26 with ``fonepay.com``."""

    tag: str
    #: 26/07, 16 digits in every real static code
    merchant_id: str | None
    #: sub-IDs other than 00 and 07, as found (01, 02, 06, 09 on API codes)
    other: dict[str, str]


@dataclass(frozen=True, slots=True)
class FonepayView:
    """Everything Fonepay in a payload."""

    account: FonepayAccount | None
    merchant_name: str | None
    merchant_city: str | None
    merchant_category_code: str | None
    amount: Decimal | None
    terminal_label: str | None
    #: other networks on the same code (02-25: Visa 02, UnionPay-format 15), by tag
    card_networks: dict[str, str]


def _is_fonepay(obj: DataObject) -> bool:
    return account_guid(obj) == GUID.upper()


def view(payload: Payload) -> FonepayView:
    """The typed Fonepay view of a payload."""
    account = None
    for obj in payload.objects:
        if _is_fonepay(obj):
            values: dict[str, str] = {}
            for child in obj.children or ():
                values.setdefault(child.tag, child.value)
            merchant = values.get("07")
            other = {k: v for k, v in values.items() if k not in ("00", "07")}
            account = FonepayAccount(obj.tag, merchant, other)
            break
    return FonepayView(
        account,
        payload.value("59"),
        payload.value("60"),
        payload.merchant_category_code,
        payload.amount,
        payload.value(("62", "07")),
        {o.tag: o.value for o in payload.objects if "02" <= o.tag <= "25"},
    )


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """Fonepay conventions seen in every real code (module docstring): warnings."""
    del now  # no expiry in the code
    for obj in payload.objects:
        if not _is_fonepay(obj):
            continue
        if obj.tag != TAG:
            yield issue(
                ID,
                "account_tag",
                f"the Fonepay account (fonepay.com) is in tag {obj.tag}; every real Fonepay code uses 26",
                obj=obj,
                severity="warning",
                actual=obj.tag,
            )
        merchant = next((c for c in obj.children or () if c.tag == "07"), None)
        sub_ids = {c.tag for c in obj.children or ()}
        if merchant is None and not sub_ids & {"01", "02", "06", "09"}:
            yield issue(
                ID,
                "merchant_id",
                "the Fonepay template has no merchant ID (26.07), nor the 01/02/06/09 of API codes; every "
                "real Fonepay code identifies the merchant",
                path=(*obj.path, "07"),
                severity="warning",
            )
        elif merchant is not None and not MERCHANT_ID.fullmatch(merchant.value):
            yield issue(
                ID,
                "merchant_id",
                f"26.07 is {merchant.value!r}; in every real Fonepay code it is 16 digits",
                obj=merchant,
                severity="warning",
                actual=merchant.value,
            )
        break


SCHEME = Scheme(
    id=ID,
    title="Fonepay",
    country="NP",
    currencies=("524",),
    currency_rule="warning",
    country_rule="warning",
    evidence="observed",
    market_source="Fonepay as observed in real codes; no specification is public",
    guids=(GUID,),
    account_tags=(TAG,),
    supports=("decode", "validate"),
    references=(
        "Fonepay Payment Service Ltd (no public QR specification)",
        "https://github.com/DexA1948/fonepay-dynamic-qr-demo",
    ),
    examples=(
        "0002010102110216427142001818576326350011fonepay.com071622220300181857645204566153035245802NP"
        "5918SANJANA SHOE STORE6013DHARAN BRANCH62110707186740963048913",
        "00020101021126350011fonepay.com071622226100158730565204527153035245802NP5915Prakash Store 1"
        "6012Pokhariya MC62110707162568663048986",
    ),
    summary="Tag 26 with fonepay.com: 07 16-digit merchant ID (01/02/06/09 on API codes), Visa 02 or "
    "UnionPay-format 15 beside it; rules are warnings; no builder (no public specification)",
    check=check,
    view=view,
    build=None,
    field_names={"account.07": "Fonepay merchant ID"},
    module=__name__,
)
