"""Nigeria: NQR (Nigeria Inter-Bank Settlement System, NIBSS).

No NIBSS specification text is public; the layout comes from real codes only ([obs]
in the reference notes):

* ``26`` with sub-ID ``00`` = ``NG.COM.NIBSS-PLC.QR``, or without the hyphen
  ``NG.COM.NIBSSPLC.QR`` (both spellings are in CRC-valid codes, so both are accepted);
  ``01`` the sub-merchant number (``S`` + digits), ``02`` a 30-digit order number on
  dynamic codes.
* A ``15`` in UnionPay's place, masked with ``*`` (``**999166**999166****M000...``): the
  UnionPay profile sees it too.
* Currency ``566`` (NGN), country ``NG``.

Every rule is a warning; there is no builder (NIBSS issues the codes through its API).

More information:

* NIBSS, NQR (Nigeria Quick Response); no specification text found
* docs/schemes/nqr.md
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

__all__ = ["GUIDS", "SCHEME", "NqrAccount", "NqrView", "view"]

ID = "nqr"
GUIDS = ("NG.COM.NIBSS-PLC.QR", "NG.COM.NIBSSPLC.QR")
TAG = "26"
SUB_MERCHANT = re.compile(r"S[0-9]+")


@dataclass(frozen=True, slots=True)
class NqrAccount:
    """Template 26 with a NIBSS GUID."""

    tag: str
    guid: str
    sub_merchant: str | None
    order_number: str | None
    other: dict[str, str]


@dataclass(frozen=True, slots=True)
class NqrView:
    """Everything NQR in a payload."""

    account: NqrAccount | None
    merchant_name: str | None
    merchant_city: str | None
    merchant_category_code: str | None
    amount: Decimal | None
    #: root 15 as written (masked with * in NQR codes)
    masked_15: str | None


def _is_nqr(obj: DataObject) -> bool:
    return account_guid(obj) in GUIDS


def view(payload: Payload) -> NqrView:
    """The typed NQR view of a payload."""
    account = None
    for obj in payload.objects:
        if _is_nqr(obj):
            values: dict[str, str] = {}
            for child in obj.children or ():
                values.setdefault(child.tag, child.value)
            other = {k: v for k, v in values.items() if k not in ("00", "01", "02")}
            account = NqrAccount(obj.tag, values["00"], values.get("01"), values.get("02"), other)
            break
    return NqrView(
        account,
        payload.value("59"),
        payload.value("60"),
        payload.merchant_category_code,
        payload.amount,
        payload.value("15"),
    )


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """NQR conventions seen in every real code (module docstring): warnings."""
    del now  # no expiry in the code
    for obj in payload.objects:
        if not _is_nqr(obj):
            continue
        if obj.tag != TAG:
            yield issue(
                ID,
                "account_tag",
                f"the NIBSS account is in tag {obj.tag}; every real NQR code uses 26",
                obj=obj,
                severity="warning",
                actual=obj.tag,
            )
        sub = next((c for c in obj.children or () if c.tag == "01"), None)
        if sub is None or not SUB_MERCHANT.fullmatch(sub.value):
            yield issue(
                ID,
                "sub_merchant",
                f"the NQR sub-merchant number (26.01) is {'missing' if sub is None else repr(sub.value)}; every "
                "real NQR code has S followed by digits there",
                obj=sub,
                path=(*obj.path, "01"),
                severity="warning",
            )
        break


SCHEME = Scheme(
    id=ID,
    title="NQR (NIBSS)",
    country="NG",
    currencies=("566",),
    currency_rule="warning",
    country_rule="warning",
    evidence="observed",
    market_source="NQR as observed in real codes; no NIBSS specification is public",
    guids=GUIDS,
    account_tags=(TAG,),
    supports=("decode", "validate"),
    references=("NIBSS, NQR (Nigeria Quick Response): no public specification text found",),
    examples=(
        "0002010102121531**999166**999166****M000000000126720019NG.COM.NIBSS-PLC.QR0111S0000000001023099916620"
        "05210922520163783561015204000053035665402105802NG5913Test Merchant6007Nigeria6304A54A",
        "0002010102111531**999166**999166****M000000093926370018NG.COM.NIBSSPLC.QR0111S00000006955204000053035665404"
        "40005802NG5925Merchant A Test Jaiz Bank6007Nigeria63049DF0",
    ),
    summary="Tag 26 with NG.COM.NIBSS-PLC.QR or NG.COM.NIBSSPLC.QR: 01 sub-merchant (S + digits), 02 order "
    "number on dynamic codes; masked 15; rules are warnings; no builder (no public specification)",
    check=check,
    view=view,
    build=None,
    field_names={"account.01": "Sub-merchant number", "account.02": "Order number"},
    module=__name__,
)
