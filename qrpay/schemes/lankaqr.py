"""Sri Lanka: LANKAQR (Central Bank of Sri Lanka, LankaClear's LankaPay network).

CBSL's *LANKAQR Specification — Merchant Presented Mode and Peer-to-Peer Fund
Transfers Mode* (v1.0 2018 ... v1.3 January 2026) profiles EMVCo MPM v1.1 for Sri
Lanka. Its text is not public beyond the opening pages, so what qrpay knows comes from
real codes and from implementations:

* ``26`` LankaPay merchant account: in every real code, sub-ID ``00`` holds a
  **28-digit** block (not a GUID: the same kind of deviation as KHQR's account ID). A
  secondary reading (lakshitha0526/lankaqr ``SPEC.md``, from "2021 industry
  documentation") splits it as network type (1) + bank code (4) + sub-acquirer (3) +
  merchant ID (16) + terminal ID (4); that reading is unverified and only offered as
  :attr:`LankaPayBlock`. The same library writes the block as 26's plain value, without
  the ``00`` wrapper; real codes never do (a warning).
* Currency ``144`` (LKR), country ``LK`` (implementations and every real code).
* ``62/05`` reference label: mandatory in v1.3 as lakshitha's library reads it, and in
  every real dynamic code (sometimes ``***``); ``62/00`` (32 hex digits) and ``62/07``
  terminal label appear too.
* Multi-network stickers carry Visa 02/03, Mastercard 04/05 or UnionPay 15/16 beside 26;
  LOLC iPay adds an unreserved template 85 (``IPAY_INS_REF``).

Everything above is observed or secondary ([obs]/[sec] in the reference notes): the
scheme's rules are warnings. The builder writes the 28-digit block as LankaClear's
acquirer issued it (qrpay does not invent it), and reproduces the real codes byte for
byte.

More information:

* CBSL, LANKAQR Specification v1.3 (January 2026, with Circular No. 2 of 2026):
  https://regalert.today/document/be33c96d-a5a6-41a7-be6b-55666e0050b0/text
* https://github.com/kasunranganamw/LankaQRUtilSDK (real codes in its example app)
* https://github.com/lakshitha0526/lankaqr (SPEC.md)
* docs/schemes/lankaqr.md
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ..amount import AmountStyle
from ..builder import build as _build
from ..builder import checked_keywords
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject
from ._base import AccountMatcher, Relaxation, Scheme, issue

__all__ = ["SCHEME", "LankaPayAccount", "LankaPayBlock", "LankaQRView", "build", "view"]

ID = "lankaqr"
TAG = "26"
#: LankaPay's tags: 26 in every real code; 26 or 27 as lakshitha0526/lankaqr SPEC.md reads v1.3 [sec]
TAGS = frozenset({"26", "27"})
CURRENCY = "144"
COUNTRY = "LK"
#: the 28-digit LankaPay block in 26/00 (every real code)
BLOCK = re.compile(r"[0-9]{28}")
#: the block as lakshitha0526/lankaqr writes it: 26's plain value, letters allowed
PLAIN_BLOCK = re.compile(r"[0-9A-Za-z]{28}")
HEX32 = re.compile(r"[0-9A-Fa-f]{32}")
SOURCE = "LANKAQR as observed in real codes; CBSL LANKAQR Specification v1.3 not public"


@dataclass(frozen=True, slots=True)
class LankaPayBlock:
    """The 28-character block split as lakshitha0526/lankaqr SPEC.md reads it [sec, unverified]."""

    network_type: str
    bank_code: str
    sub_acquirer: str
    merchant_id: str
    terminal_id: str


@dataclass(frozen=True, slots=True)
class LankaPayAccount:
    """Template 26 (or 27) of LankaPay."""

    tag: str
    #: the 28-digit block (26/00), or 26's plain value in the un-nested form
    block: str
    #: True when the block is 26's plain value (not wrapped in sub-ID 00)
    nested: bool
    #: sub-IDs other than 00, as found
    other: dict[str, str]

    @property
    def parts(self) -> LankaPayBlock | None:
        """The block split as one secondary source reads it (unverified), or None."""
        if len(self.block) != 28:
            return None
        b = self.block
        return LankaPayBlock(b[0], b[1:5], b[5:8], b[8:24], b[24:28])


@dataclass(frozen=True, slots=True)
class LankaQRView:
    """Everything LANKAQR in a payload."""

    account: LankaPayAccount | None
    merchant_name: str | None
    merchant_city: str | None
    merchant_category_code: str | None
    amount: Decimal | None
    #: 62/05, 62/07 and LankaPay's 62/00 (32 hex digits)
    reference_label: str | None
    terminal_label: str | None
    transaction_id: str | None
    #: root 55 (tip or convenience indicator)
    tip_indicator: str | None
    #: other card networks on the same sticker (02-25), by tag
    card_networks: dict[str, str]


def _plain_block(obj: DataObject) -> bool:
    return obj.children is None and PLAIN_BLOCK.fullmatch(obj.value) is not None


def _is_lankapay(obj: DataObject) -> bool:
    if obj.tag not in TAGS:
        return False
    if obj.children is None:
        return _plain_block(obj)
    return any(c.tag == "00" and BLOCK.fullmatch(c.value) for c in obj.children)


def _claims(obj: DataObject, payload: Payload) -> bool:
    """26/27 written as a plain 28-character value, in a Sri Lankan code (58 LK or 53 144)."""
    return (
        obj.tag in TAGS
        and _plain_block(obj)
        and (payload.value("58") == COUNTRY or payload.value("53") == CURRENCY)
    )


def view(payload: Payload) -> LankaQRView:
    """The typed LANKAQR view of a payload."""
    account = None
    for obj in payload.objects:
        if _is_lankapay(obj):
            if obj.children is None:
                account = LankaPayAccount(obj.tag, obj.value, False, {})
            else:
                values: dict[str, str] = {}
                for child in obj.children:
                    values.setdefault(child.tag, child.value)
                block = values.pop("00", "")
                account = LankaPayAccount(obj.tag, block, True, values)
            break
    networks = {o.tag: o.value for o in payload.objects if "02" <= o.tag <= "25"}
    return LankaQRView(
        account,
        payload.value("59"),
        payload.value("60"),
        payload.merchant_category_code,
        payload.amount,
        payload.value(("62", "05")),
        payload.value(("62", "07")),
        payload.value(("62", "00")),
        payload.value("55"),
        networks,
    )


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """LANKAQR conventions seen in every real code (module docstring): warnings."""
    del now  # LANKAQR codes carry no expiry
    for obj in payload.objects:
        if _is_lankapay(obj) and obj.children is None:
            yield issue(
                ID,
                "account_not_nested",
                f"tag {obj.tag} holds the LankaPay block {obj.value!r} as a plain value; every real LANKAQR "
                "code wraps it in sub-ID 00 (26 = 00 + 28 digits)",
                obj=obj,
                severity="warning",
                actual=obj.value,
            )
            break
    if payload.get(("62", "05")) is None:
        yield issue(
            ID,
            "reference_label",
            "no reference label (62.05); LANKAQR v1.3 makes it mandatory as one implementation reads it, and "
            "real codes carry it (*** when there is none)",
            path=("62", "05"),
            severity="warning",
        )
    transaction = payload.get(("62", "00"))
    if transaction is not None and not HEX32.fullmatch(transaction.value):
        yield issue(
            ID,
            "transaction_id",
            f"62.00 is {transaction.value!r}; in real LANKAQR codes it is 32 hexadecimal digits",
            obj=transaction,
            severity="warning",
            actual=transaction.value,
        )


@checked_keywords(
    {
        "block": ("26", "00"),
        "reference_label": ("62", "05"),
        "terminal_label": ("62", "07"),
        "transaction_id": ("62", "00"),
    }
)
def build(
    *,
    block: str,
    merchant_name: str,
    merchant_city: str,
    merchant_category_code: str,
    amount: Decimal | int | str | None = None,
    initiation: str | None = None,
    reference_label: str | None = "***",
    terminal_label: str | None = None,
    transaction_id: str | None = None,
    postal_code: str | None = None,
    tip: str | None = None,
    card_networks: Mapping[str, str] | None = None,
    amount_style: AmountStyle = "minimal",
    now: datetime | None = None,
) -> Payload:
    """Build a LANKAQR payload (tag 26, LKR, LK).

    ``block`` is the 28-digit LankaPay merchant block the LankaClear acquirer issued,
    written to 26.00 (qrpay does not make one up). ``reference_label`` goes to 62.05,
    ``***`` by default as on real static codes (``None`` leaves it out).
    ``terminal_label`` goes to 62.07. ``transaction_id`` goes to 62.00, where LankaPay's
    dynamic codes carry a 32-hex ID. ``card_networks`` adds Visa, Mastercard or
    UnionPay accounts (IDs 02-25) as given. ``tip`` is the tip indicator (55).
    ``amount_style`` is ``minimal`` by default: amounts are written as given, as in
    real codes.
    """
    if not isinstance(block, str) or not BLOCK.fullmatch(block):
        raise InvalidRequest(
            f"LankaPay block {block!r} must be 28 digits (26.00 of every real LANKAQR code)",
            code="lankaqr.block",
            path=(TAG, "00"),
            ctx={"actual": block},
        )
    accounts: dict[str, str | list[tuple[str, str]]] = dict(card_networks or {})
    accounts[TAG] = [("00", block)]
    extra = {
        name: value
        for name, value in (
            ("00", transaction_id),
            ("reference_label", reference_label),
            ("terminal_label", terminal_label),
        )
        if value is not None
    }
    return _build(
        merchant_accounts=accounts,
        currency=CURRENCY,
        country=COUNTRY,
        amount=amount,
        amount_style=amount_style,
        initiation=initiation,
        tip=tip,
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        postal_code=postal_code,
        additional_data=extra or None,
        now=now,
    )


SCHEME = Scheme(
    id=ID,
    title="LANKAQR (LankaPay)",
    country=COUNTRY,
    currencies=(CURRENCY,),
    currency_rule="warning",
    country_rule="warning",
    evidence="observed",
    market_source=SOURCE,
    matchers=(AccountMatcher(TAGS, account_id=BLOCK),),
    account_tags=tuple(sorted(TAGS)),
    claims=_claims,
    claimed="26, 27: the 28-digit block as a plain value, in a code with 58 LK or 53 144",
    relaxations=(
        Relaxation(
            "unallocated_tag",
            ("62", "00"),
            reason="LankaPay writes a 32-hex transaction ID in 62.00 (every real dynamic LANKAQR code)",
        ),
        *(
            Relaxation(
                "template_malformed",
                (tag,),
                reason=f"the un-nested LankaPay block in {tag} (reported as lankaqr.account_not_nested instead)",
            )
            for tag in sorted(TAGS)
        ),
    ),
    references=(
        "CBSL, LANKAQR Specification - Merchant Presented Mode and Peer-to-Peer Fund Transfers Mode v1.3 "
        "(January 2026), https://regalert.today/document/be33c96d-a5a6-41a7-be6b-55666e0050b0/text",
        "https://github.com/kasunranganamw/LankaQRUtilSDK",
        "https://github.com/lakshitha0526/lankaqr",
    ),
    examples=(
        "0002010102112632002816728000581200000000100000055204581253031445502015802LK5909Vits Food6007Colombo"
        "61050080062580032537c0a88562e4a599cab63d1992f0dac05181600766683296-000563042AB7",
        "000201010212263200281601000000050001999900503292520499995303144540450005802LK5911With Amount"
        "6007Colombo61050020062190503***0708400232926304760C",
    ),
    summary="Tag 26 with the 28-digit LankaPay block in sub-ID 00 (also the un-nested form in Sri Lankan "
    "codes); reference label 62/05, LankaPay 62/00, card networks beside 26; rules are warnings (spec not public)",
    check=check,
    view=view,
    build=build,
    field_names={
        "account.00": "LankaPay merchant block (28 digits)",
        "62.00": "LankaPay transaction ID",
    },
    module=__name__,
)
