"""Nepal: NEPALPAY QR (Nepal Clearing House Ltd, NCHL), on the NepalQR standard.

NCHL's *NEPALPAY QR Technical & API Specification* (v2.0, npidoc.connectips.com) says
NEPALPAY QR "is based on NepalQR standard, which is as per Merchant Presented EMVCo
standard": payload format ``01`` mandatory, point of initiation optional (``12`` for a
dynamic code), CRC per ISO/IEC 13239. Its merchant-account table is not in the readable
part; what qrpay knows of tag 29 comes from NCHL's own API examples and real codes:

* ``29`` sub-ID ``00`` = ``NCHL`` + the 8-digit acquirer ID + the 11-character merchant
  code (23 characters): NCHL's bulk-upload example answers acquirer ``00021000`` and
  merchant ``1000NOUOFMB`` with ``NCHL000210001000NOUOFMB``; the QR generation API takes
  ``acquirerId`` (``00002501``) and ``merchantId`` (``2501ELFDRY2``). Not a GUID.
* ``62``: ``01`` bill number, ``03`` store label, ``07`` terminal label, ``08``
  purpose (NCHL's examples); ``64`` language template ``en``.
* Currency ``524`` (NPR) in the API, country ``NP``.

The layout of 29/00 is read off NCHL's examples, not a table: a deviation from it is a
warning, as are currency and country.

NCHL's own API examples, and real codes its system issued, break EMVCo in four places
qrpay would otherwise refuse: no payload format indicator (the text starts at ``01``,
though NCHL's specification marks 00 mandatory; the CRC covers exactly that text),
``54`` = ``0`` on a static code, ``56`` = ``0`` without a tip indicator 55, and a
language template ``64`` holding only ``00`` = ``en``. Once NEPALPAY is detected these
are warnings (``nepalpay.payload_format_missing``, ``nepalpay.zero_amount``,
``nepalpay.language_template``) instead of EMVCo errors; a non-zero 56 without 55 ``02``
stays an error (``nepalpay.convenience_fee``).

More information:

* NCHL, NEPALPAY QR Technical & API Specification:
  https://npidoc.connectips.com/docs/NepalPAY-QR/NEPALPAY%20API%20Specification/introduction
* https://npidoc.connectips.com/docs/NepalPAY-QR/Merchant-QR-generation/introduction
* NRB, NepalQR Standardization Framework and Guidelines (Feb 2021)
* docs/schemes/nepalpay.md
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ..amount import AmountStyle
from ..builder import build as _build
from ..builder import checked_keywords
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject
from ._base import Relaxation, Scheme, issue

__all__ = ["PREFIX", "SCHEME", "NepalPayAccount", "NepalPayView", "build", "view"]

ID = "nepalpay"
PREFIX = "NCHL"
TAG = "29"
CURRENCY = "524"
COUNTRY = "NP"
ACQUIRER_ID = re.compile(r"[0-9]{8}")
MERCHANT_ID = re.compile(r"[!-~]{11}")
SOURCE = "NCHL NEPALPAY QR API Specification, Merchant QR generation"


@dataclass(frozen=True, slots=True)
class NepalPayAccount:
    """The NEPALPAY template (29/00 = NCHL + acquirer ID + merchant code)."""

    tag: str
    account_id: str
    #: sub-IDs other than 00, as found
    other: dict[str, str]

    @property
    def acquirer_id(self) -> str | None:
        """Characters 5-12 of 29/00 when the ID has NCHL's 23-character layout."""
        return self.account_id[4:12] if len(self.account_id) == 23 else None

    @property
    def merchant_id(self) -> str | None:
        """The 11-character merchant code after the acquirer ID (23-character layout)."""
        return self.account_id[12:] if len(self.account_id) == 23 else None


@dataclass(frozen=True, slots=True)
class NepalPayView:
    """Everything NEPALPAY in a payload."""

    account: NepalPayAccount | None
    merchant_name: str | None
    merchant_city: str | None
    merchant_category_code: str | None
    amount: Decimal | None
    bill_number: str | None
    store_label: str | None
    terminal_label: str | None
    purpose: str | None


def _is_nepalpay(obj: DataObject) -> bool:
    if obj.children is None or not "26" <= obj.tag <= "51":
        return False
    return any(c.tag == "00" and c.value.upper().startswith(PREFIX) for c in obj.children)


def view(payload: Payload) -> NepalPayView:
    """The typed NEPALPAY view of a payload."""
    account = None
    for obj in payload.objects:
        if _is_nepalpay(obj):
            values: dict[str, str] = {}
            for child in obj.children or ():
                values.setdefault(child.tag, child.value)
            account = NepalPayAccount(obj.tag, values.pop("00"), values)
            break
    return NepalPayView(
        account,
        payload.value("59"),
        payload.value("60"),
        payload.merchant_category_code,
        payload.amount,
        payload.value(("62", "01")),
        payload.value(("62", "03")),
        payload.value(("62", "07")),
        payload.value(("62", "08")),
    )


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """NEPALPAY QR conventions read off NCHL's examples (module docstring)."""
    del now  # no expiry in the code
    yield from _check_emvco_deviations(payload)
    for obj in payload.objects:
        if not _is_nepalpay(obj):
            continue
        if obj.tag != TAG:
            yield issue(
                ID,
                "account_tag",
                f"the NEPALPAY account (NCHL...) is in tag {obj.tag}; NCHL's codes use tag 29",
                obj=obj,
                severity="warning",
                actual=obj.tag,
            )
        account = next(c for c in obj.children or () if c.tag == "00")
        acquirer, merchant = account.value[4:12], account.value[12:]
        if not (
            account.value.startswith(PREFIX)
            and ACQUIRER_ID.fullmatch(acquirer)
            and MERCHANT_ID.fullmatch(merchant)
        ):
            yield issue(
                ID,
                "account_id",
                f"29.00 is {account.value!r}; NCHL writes NCHL + the 8-digit acquirer ID + the 11-character "
                "merchant code (23 characters)",
                obj=account,
                severity="warning",
                actual=account.value,
            )
        break


def _check_emvco_deviations(payload: Payload) -> Iterator[Issue]:
    """NCHL's deviations from EMVCo, as warnings in place of the EMVCo errors relaxed below."""
    if payload.get("00") is None:
        yield issue(
            ID,
            "payload_format_missing",
            "no payload format indicator (00): NCHL's specification marks it mandatory, but NCHL's own API "
            "examples and codes its system issued start at 01 (with a CRC over exactly that text)",
            path=("00",),
            severity="warning",
        )
    for tag, name in (("54", "amount"), ("56", "convenience fee")):
        obj = payload.get(tag)
        if obj is not None and obj.value == "0":
            yield issue(
                ID,
                "zero_amount",
                f'tag {tag} ({name}) is "0": NCHL writes 0 for "none" (EMVCo MPM 4.7.4.1 wants the tag '
                "absent instead)",
                obj=obj,
                severity="warning",
                actual=obj.value,
            )
    fee = payload.get("56")
    if fee is not None and fee.value != "0" and payload.value("55") != "02":
        yield issue(
            ID,
            "convenience_fee",
            'tag 56 (fixed convenience fee) must be absent unless tag 55 is "02" (EMVCo MPM 4.7.7.1); only '
            'NCHL\'s "0" is tolerated',
            obj=fee,
            actual=fee.value,
        )
    language = payload.get("64")
    if language is not None and language.children is not None and payload.get(("64", "01")) is None:
        yield issue(
            ID,
            "language_template",
            "template 64 has no merchant name (64.01), as in NCHL's examples (64 = 00 'en' only); EMVCo MPM "
            "4.9.1.1 makes 01 mandatory",
            obj=language,
            severity="warning",
        )


@checked_keywords(
    {
        "acquirer_id": ("29", "00"),
        "merchant_id": ("29", "00"),
        "bill_number": ("62", "01"),
        "store_label": ("62", "03"),
        "terminal_label": ("62", "07"),
        "purpose": ("62", "08"),
    }
)
def build(
    *,
    acquirer_id: str,
    merchant_id: str,
    merchant_name: str,
    merchant_city: str,
    merchant_category_code: str,
    amount: Decimal | int | str | None = None,
    initiation: str | None = None,
    postal_code: str | None = None,
    bill_number: str | None = None,
    store_label: str | None = None,
    terminal_label: str | None = None,
    purpose: str | None = None,
    amount_style: AmountStyle = "minimal",
    now: datetime | None = None,
) -> Payload:
    """Build a NEPALPAY QR payload (29/00 = NCHL + acquirer ID + merchant code, NPR, NP).

    ``acquirer_id`` is the 8-digit acquirer ID NCHL assigned (``00021000``).
    ``merchant_id`` is the 11-character merchant code registered with NEPALPAY QR
    (``1000NOUOFMB``); the two are the fields of NCHL's merchant QR generation API.
    ``bill_number`` goes to 62.01. ``store_label`` goes to 62.03. ``terminal_label``
    goes to 62.07. ``purpose`` goes to 62.08. ``amount_style`` is ``minimal`` by
    default: amounts are written as given, as in NCHL's examples. A code with an amount
    is dynamic (POI 12, NCHL's note).
    """
    if not ACQUIRER_ID.fullmatch(acquirer_id):
        raise InvalidRequest(
            f"NEPALPAY acquirer ID {acquirer_id!r} must be 8 digits (NCHL acquirerId, e.g. '00002501')",
            code="nepalpay.acquirer_id",
            path=(TAG, "00"),
            ctx={"actual": acquirer_id},
        )
    if not MERCHANT_ID.fullmatch(merchant_id):
        raise InvalidRequest(
            f"NEPALPAY merchant code {merchant_id!r} must be 11 visible ASCII characters (NCHL merchantId, "
            "e.g. '2501ELFDRY2')",
            code="nepalpay.merchant_id",
            path=(TAG, "00"),
            ctx={"actual": merchant_id},
        )
    extra = {
        name: value
        for name, value in (
            ("bill_number", bill_number),
            ("store_label", store_label),
            ("terminal_label", terminal_label),
            ("purpose", purpose),
        )
        if value is not None
    }
    return _build(
        merchant_accounts={TAG: [("00", PREFIX + acquirer_id + merchant_id)]},
        currency=CURRENCY,
        country=COUNTRY,
        amount=amount,
        amount_style=amount_style,
        initiation=initiation,
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        postal_code=postal_code,
        additional_data=extra or None,
        now=now,
    )


SCHEME = Scheme(
    id=ID,
    title="NEPALPAY QR (NCHL)",
    country=COUNTRY,
    currencies=(CURRENCY,),
    currency_rule="warning",
    country_rule="warning",
    evidence="spec-quoted",
    market_source=SOURCE,
    guid_prefixes=(PREFIX,),
    account_tags=(TAG,),
    relaxations=(
        Relaxation(
            "guid_format",
            (TAG, "00"),
            reason="NCHL writes NCHL + acquirer ID + merchant code in 29.00, not a GUID",
        ),
        Relaxation(
            "payload_format_not_first",
            reason="NCHL's examples and codes have no 00 (nepalpay.payload_format_missing instead)",
        ),
        Relaxation(
            "missing_field",
            ("00",),
            reason="NCHL's examples and codes have no 00 (nepalpay.payload_format_missing instead)",
        ),
        Relaxation(
            "amount_zero",
            ("54",),
            frozenset({"0"}),
            reason='NCHL writes 54 = "0" on static codes (nepalpay.zero_amount instead)',
        ),
        Relaxation(
            "amount_zero",
            ("56",),
            frozenset({"0"}),
            reason='NCHL writes 56 = "0" (nepalpay.zero_amount instead)',
        ),
        Relaxation(
            "unexpected_field",
            ("56",),
            reason='56 without 55: "0" is nepalpay.zero_amount, anything else nepalpay.convenience_fee',
        ),
        Relaxation(
            "missing_field",
            ("64", "01"),
            reason="NCHL writes 64 = 00 'en' only (nepalpay.language_template instead)",
        ),
    ),
    references=(
        "NCHL, NEPALPAY QR Technical & API Specification v2.0, "
        "https://npidoc.connectips.com/docs/NepalPAY-QR/NEPALPAY%20API%20Specification/introduction",
        "https://npidoc.connectips.com/docs/NepalPAY-QR/Merchant-QR-generation/introduction",
        "NRB, NepalQR Standardization Framework and Guidelines (February 2021)",
    ),
    examples=(
        # NCHL's bulk-upload example (API for Bulk Merchant Upload, sample response) with the two spaces
        # restored that its transcription lost ("Nepal Clearing House", "Bill payment"): the published
        # CRC 5AC6 then verifies; no payload format indicator, as published
        "01021129270023NCHL000210001000NOUOFMB52045021530352454010560105802NP5920Nepal Clearing House"
        "6009Kathmandu6244010100306Store10709Terminal10812Bill payment64060002en63045AC6",
    ),
    summary="Tag 29, sub-ID 00 = NCHL + 8-digit acquirer ID + 11-character merchant code; 62 bill number, "
    "store, terminal, purpose; rules are warnings (the account table is not public)",
    check=check,
    view=view,
    build=build,
    field_names={"account.00": "NCHL + acquirer ID + merchant code"},
    module=__name__,
)
