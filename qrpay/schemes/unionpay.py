"""China UnionPay in merchant-presented codes across the region.

EMVCo MPM Table 4.1 reserves the primitive Merchant Account Information IDs ``15`` and
``16`` for UnionPay: the network is implied by the ID, there is no GUID. In every code
seen from Laos (BCEL OnePay), Cambodia, Thailand (K SHOP stickers), Nepal and Hong Kong
the value of ``15`` has 31 characters: acquirer IIN (8 digits) + forwarding IIN
(8 digits) + merchant ID (15 characters). That layout is observed, not published
[emv-and-schemes.md section 11], so a value that does not follow it is a warning.

A template in ``26``-``51`` whose GUID starts with UnionPay's registered application
provider identifier ``A000000333`` is also recognised as UnionPay.

Scheme rules for other networks decide how UnionPay may be combined with them (KHQR
forbids tag 15 with USD; that rule lives in :mod:`qrpay.schemes.khqr`).

More information:

* EMV QRCPS Merchant-Presented Mode v1.1, Table 4.1 (IDs 15-16 reserved for UnionPay)
* https://www.unionpayintl.com/en/servicesProducts/products/mobilePayment/qrCodePayment/
* docs/schemes/unionpay.md
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ..builder import build as _build
from ..builder import checked_keywords
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ._base import AccountMatcher, Scheme, issue

__all__ = ["RID", "SCHEME", "UnionPayAccount", "build", "view"]

ID = "unionpay"
#: UnionPay International's registered application provider identifier (ISO/IEC 7816-5)
RID = "A000000333"
#: acquirer IIN (8 digits) + forwarding IIN (8 digits) + merchant ID (15 characters) [obs]
ACCOUNT_LAYOUT = re.compile(r"([0-9]{8})([0-9]{8})([\x21-\x7e]{15})")


@dataclass(frozen=True, slots=True)
class UnionPayAccount:
    """A UnionPay merchant account (primitive 15/16, or a template with UnionPay's RID)."""

    tag: str
    value: str
    acquirer_iin: str | None
    forwarding_iin: str | None
    merchant_id: str | None


def view(payload: Payload) -> tuple[UnionPayAccount, ...]:
    """Every UnionPay account in the payload, split where the value has the 8+8+15 layout."""
    accounts = []
    for account in payload.merchant_accounts:
        if account.scheme != ID:
            continue
        match = ACCOUNT_LAYOUT.fullmatch(account.value) if account.is_primitive else None
        accounts.append(
            UnionPayAccount(
                account.tag,
                account.value,
                match.group(1) if match else None,
                match.group(2) if match else None,
                match.group(3) if match else None,
            )
        )
    return tuple(accounts)


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    del now
    for obj in payload.objects:
        if obj.tag in ("15", "16") and obj.children is None and not ACCOUNT_LAYOUT.fullmatch(obj.value):
            yield issue(
                ID,
                "account_layout",
                f"UnionPay account {obj.value!r} ({len(obj.value)} characters) does not have the "
                "observed layout: acquirer IIN (8 digits) + forwarding IIN (8 digits) + merchant ID "
                "(15 characters)",
                obj=obj,
                severity="warning",
                actual=obj.value,
            )


@checked_keywords(
    {
        "acquirer_iin": ("15",),
        "forwarding_iin": ("15",),
        "merchant_id": ("15",),
    }
)
def build(
    *,
    acquirer_iin: str,
    forwarding_iin: str,
    merchant_id: str,
    currency: str,
    country: str,
    merchant_name: str,
    merchant_city: str,
    merchant_category_code: str,
    amount: Decimal | int | str | None = None,
    postal_code: str | None = None,
    additional_data: dict[str, str] | None = None,
    now: datetime | None = None,
) -> Payload:
    """A payload whose merchant account is UnionPay tag 15 (8 + 8 + 15 characters)."""
    value = f"{acquirer_iin}{forwarding_iin}{merchant_id}"
    if not ACCOUNT_LAYOUT.fullmatch(value) or len(acquirer_iin) != 8 or len(forwarding_iin) != 8:
        raise InvalidRequest(
            f"merchant_accounts[15]: acquirer_iin {acquirer_iin!r} and forwarding_iin {forwarding_iin!r} "
            f"must be 8 digits each and merchant_id {merchant_id!r} 15 printable characters",
            code="unionpay.account_layout",
            path=("15",),
        )
    return _build(
        merchant_accounts={"15": value},
        currency=currency,
        country=country,
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        amount=amount,
        postal_code=postal_code,
        additional_data=additional_data,
        now=now,
    )


def _describe(path: tuple[str, ...], value: str) -> str | None:
    if path in (("15",), ("16",)):
        match = ACCOUNT_LAYOUT.fullmatch(value)
        if match:
            return f"UnionPay: acquirer IIN {match.group(1)}, forwarding IIN {match.group(2)}, merchant {match.group(3)}"
    return None


SCHEME = Scheme(
    id=ID,
    title="UnionPay",
    country="CN",
    currencies=(),
    # the 15/16 layout is observed in real codes; UnionPay's own QRC specification is not public
    evidence="observed",
    # UnionPay is accepted in any currency and country
    currency_rule=None,
    country_rule=None,
    guid_prefixes=(RID,),
    matchers=(AccountMatcher(frozenset({"15", "16"}), primitive=True),),
    account_tags=("15", "16"),
    references=(
        "EMV QRCPS Merchant-Presented Mode v1.1, Table 4.1",
        "https://www.unionpayintl.com/en/servicesProducts/products/mobilePayment/qrCodePayment/",
    ),
    examples=(
        "00020101021115312738041800520446mch19B73F61B9E038570016A00526628466257701082771041802030020314mch19B73F61B9E5204569153034185802LA5916AKAPHON XAYYABED6002VT62120208586625406304C735",
    ),
    summary="Primitive 15/16 (acquirer IIN + forwarding IIN + merchant ID) and templates with RID A000000333",
    describe=lambda payload, path, value: _describe(path, value),
    check=check,
    view=view,
    build=build,
    module=__name__,
)
