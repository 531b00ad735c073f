"""Malaysia: DuitNow QR (PayNet), merchant-presented mode.

PayNet's "QR Generation Specification" V1.5 (DuitNow QR, merchant-presented mode)
profiles EMVCo MPM for Malaysia:

* ``00`` Payload Format Indicator is always ``"02"`` (EMVCo says ``"01"``; qrpay drops
  that EMVCo warning once DuitNow is detected, for the value ``"02"`` only).
* ``01`` Point of Initiation is mandatory: ``11`` static, ``12`` dynamic.
* ``26`` merchant account information, identified by the AID ``A0000006150001``:
  ``01`` acquirer ID (at most 6 characters, PayNet's participant directory, bundled as
  ``qrpay/data/duitnow_acquirers.json``), ``02`` QR ID (letters and digits, at most 28:
  the merchant or recipient ID the acquirer assigns; the biller code for JomPAY),
  ``03`` merchant descriptor (at most 20), ``04`` mobile number (at most 15). ID ``27``
  is RFU.
* ``52`` is mandatory: ``0000`` for person-to-person codes, ``6010`` for cash-out.
  ``53`` = ``458`` (MYR), ``58`` = ``MY``; ``60`` is ``MY`` when no city applies; ``61``
  is 5 digits.
* ``62``: the EMVCo sub-IDs (``10`` merchant tax ID at most 15) plus three *primitive*
  values where EMVCo puts payment-system templates: ``90`` RRN (at most 20, required for
  JomPAY, acquirer ``898989``), ``91`` RRN2 (at most 30), ``92`` geo coordinates (at
  most 35).
* ``82`` "data integrity check": a hash value written as a plain value, not the
  template EMVCo defines for 80-99 (SHA-256 per PayNet; 32, 40 and 64 hexadecimal
  characters are seen in real codes, PayNet's own JomPAY example has 32).

More information:

* PayNet, DuitNow QR "QR Generation Specification" V1.5, pages "Merchant Presented
  Mode" and "QR Data Object":
  https://docs.developer.paynet.my/docs/duitNow-QR/integration/QR-generation-specification/merchant-presented-mode/qr-data-object
* PayNet's examples:
  https://docs.developer.paynet.my/docs/duitNow-QR/integration/QR-generation-specification/merchant-presented-mode/example
* https://github.com/natsu90/duitnowqr-test (real payloads)
* docs/schemes/duitnow.md
"""

from __future__ import annotations

import json
import re
from collections.abc import Generator, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

from ..amount import AmountStyle
from ..builder import build as _build
from ..builder import checked_keywords
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject
from ._base import Relaxation, Scheme, account_guid, issue

__all__ = [
    "AID",
    "JOMPAY_ACQUIRER",
    "SCHEME",
    "Acquirer",
    "DuitNowAccount",
    "DuitNowView",
    "acquirer",
    "build",
    "view",
]

ID = "duitnow"
AID = "A0000006150001"
TAG = "26"
PAYLOAD_FORMAT = "02"
JOMPAY_ACQUIRER = "898989"

#: 26 sub-ID -> (maximum length, name) (PayNet "QR Data Object", Merchant Account Information)
ACCOUNT_LIMITS = {
    "01": (6, "acquirer ID"),
    "02": (28, "QR ID"),
    "03": (20, "merchant descriptor"),
    "04": (15, "mobile number"),
}
#: 62 sub-ID -> (maximum length, name) where PayNet differs from or adds to EMVCo
ADDITIONAL_LIMITS = {
    "10": (15, "merchant tax ID"),
    "90": (20, "RRN"),
    "91": (30, "RRN2"),
    "92": (35, "geo coordinates"),
}
#: 62 sub-IDs that DuitNow defines as plain values (EMVCo: payment-system templates)
PRIMITIVE_62 = ("90", "91", "92")
QR_ID = re.compile(r"[0-9A-Za-z]+")
POSTAL_CODE = re.compile(r"[0-9]{5}")
HEX = re.compile(r"[0-9A-Fa-f]+")


@dataclass(frozen=True, slots=True)
class Acquirer:
    """A DuitNow QR participant from PayNet's acquirer ID directory."""

    acquirer_id: str
    name: str
    bic: str | None
    kind: str  # "bank", "non-bank" or "jompay"


@cache
def _directory() -> dict[str, Acquirer]:
    text = resources.files("qrpay").joinpath("data").joinpath("duitnow_acquirers.json").read_text("utf-8")
    rows: dict[str, Any] = json.loads(text)["acquirers"]
    return {code: Acquirer(code, row["name"], row["bic"], row["kind"]) for code, row in rows.items()}


def acquirer(acquirer_id: str) -> Acquirer | None:
    """The participant with this acquirer ID in PayNet's directory, or ``None``."""
    return _directory().get(acquirer_id)


# -- typed view --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DuitNowAccount:
    """Template 26 with the DuitNow AID."""

    tag: str
    acquirer_id: str | None
    qr_id: str | None
    merchant_descriptor: str | None
    mobile_number: str | None
    #: sub-IDs other than 00-04, as found
    other: dict[str, str] = field(default_factory=dict)

    @property
    def acquirer(self) -> Acquirer | None:
        return None if self.acquirer_id is None else acquirer(self.acquirer_id)

    @property
    def is_jompay(self) -> bool:
        return self.acquirer_id == JOMPAY_ACQUIRER


@dataclass(frozen=True, slots=True)
class DuitNowView:
    """Everything DuitNow in a payload."""

    account: DuitNowAccount | None
    payload_format: str | None
    merchant_category_code: str | None
    amount: Decimal | None
    #: 62/90 and 62/91 (JomPAY references), 62/92
    rrn: str | None
    rrn2: str | None
    geo_coordinates: str | None
    #: root 82, the data integrity check (a hash)
    integrity_check: str | None

    @property
    def is_person_to_person(self) -> bool:
        return self.merchant_category_code == "0000"

    @property
    def is_cash_out(self) -> bool:
        return self.merchant_category_code == "6010"


def _is_duitnow(obj: DataObject) -> bool:
    return account_guid(obj) == AID


def view(payload: Payload) -> DuitNowView:
    """The typed DuitNow view of a payload."""
    account = None
    for obj in payload.objects:
        if _is_duitnow(obj):
            values: dict[str, str] = {}
            for child in obj.children or ():
                values.setdefault(child.tag, child.value)
            other = {k: v for k, v in values.items() if k not in ("00", "01", "02", "03", "04")}
            account = DuitNowAccount(
                obj.tag, values.get("01"), values.get("02"), values.get("03"), values.get("04"), other
            )
            break
    return DuitNowView(
        account,
        payload.payload_format,
        payload.merchant_category_code,
        payload.amount,
        payload.value(("62", "90")),
        payload.value(("62", "91")),
        payload.value(("62", "92")),
        payload.value("82"),
    )


# -- rules --------------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """PayNet DuitNow QR MPM V1.5 rules (module docstring)."""
    del now  # DuitNow codes carry no expiry in the QR
    pfi = payload.get("00")
    if pfi is not None and pfi.value != PAYLOAD_FORMAT:
        yield issue(
            ID,
            "payload_format",
            f'Payload Format Indicator is {pfi.value!r}; DuitNow QR codes carry "02" (PayNet QR Data Object)',
            obj=pfi,
            actual=pfi.value,
        )
    for tag, name in (("01", "Point of Initiation Method"), ("52", "Merchant Category Code")):
        if payload.get(tag) is None:
            yield issue(
                ID,
                "missing_field",
                f"no tag {tag} ({name}), which DuitNow makes mandatory (PayNet QR Data Object)",
                path=(tag,),
            )
    postal = payload.get("61")
    if postal is not None and not POSTAL_CODE.fullmatch(postal.value):
        yield issue(
            ID,
            "postal_code",
            f"postal code {postal.value!r} must be 5 digits (PayNet QR Data Object)",
            obj=postal,
            actual=postal.value,
        )
    rfu = payload.get("27")
    if rfu is not None:
        yield issue(
            ID,
            "tag_27",
            "tag 27 is RFU in DuitNow QR (merchant account information is tag 26); a reader ignores it",
            obj=rfu,
            severity="warning",
        )
    acquirer_id = None
    for obj in payload.objects:
        if _is_duitnow(obj):
            acquirer_id = yield from _check_account(obj)
            break
    additional = payload.get("62")
    if additional is not None and additional.children is not None:
        for child in additional.children:
            limit = ADDITIONAL_LIMITS.get(child.tag)
            if limit is not None and len(child.value) > limit[0]:
                yield issue(
                    ID,
                    "value_too_long",
                    f"62.{child.tag} ({limit[1]}) has {len(child.value)} characters; DuitNow allows at most "
                    f"{limit[0]}",
                    obj=child,
                    actual=len(child.value),
                    max_length=limit[0],
                )
    if acquirer_id == JOMPAY_ACQUIRER and payload.get(("62", "90")) is None:
        yield issue(
            ID,
            "jompay_rrn",
            "a JomPAY code (acquirer ID 898989) needs the RRN in 62.90 (PayNet QR Data Object)",
            path=("62", "90"),
        )
    integrity = payload.get("82")
    if integrity is not None and not HEX.fullmatch(integrity.value):
        yield issue(
            ID,
            "integrity_check",
            f"tag 82 (data integrity check) is {integrity.value!r}; every real DuitNow code has a "
            "hexadecimal hash there",
            obj=integrity,
            severity="warning",
            actual=integrity.value,
        )


def _check_account(obj: DataObject) -> Generator[Issue, None, str | None]:
    """Template 26; returns the acquirer ID for the root rules."""
    if obj.tag != TAG:
        yield issue(
            ID,
            "account_tag",
            f"the DuitNow merchant account is in tag {obj.tag}; PayNet allocates tag 26 (27 is RFU)",
            obj=obj,
            actual=obj.tag,
        )
    children = {c.tag: c for c in reversed(obj.children or ())}
    acquirer_obj = children.get("01")
    if acquirer_obj is None or not 0 < len(acquirer_obj.value) <= 6:
        yield issue(
            ID,
            "acquirer_id",
            f"the DuitNow acquirer ID (26.01) is {'missing' if acquirer_obj is None else repr(acquirer_obj.value)}; "
            "it is mandatory, at most 6 characters",
            obj=acquirer_obj,
            path=(*obj.path, "01"),
        )
    elif acquirer(acquirer_obj.value) is None:
        yield issue(
            ID,
            "acquirer_unknown",
            f"acquirer ID {acquirer_obj.value!r} is not in PayNet's acquirer directory as bundled "
            "(qrpay/data/duitnow_acquirers.json); new participants join over time",
            obj=acquirer_obj,
            severity="warning",
            actual=acquirer_obj.value,
        )
    qr_id = children.get("02")
    if qr_id is None or len(qr_id.value) > 28 or not QR_ID.fullmatch(qr_id.value):
        yield issue(
            ID,
            "qr_id",
            f"the DuitNow QR ID (26.02) is {'missing' if qr_id is None else repr(qr_id.value)}; it is "
            "mandatory, letters and digits, at most 28",
            obj=qr_id,
            path=(*obj.path, "02"),
        )
    for sub in ("03", "04"):
        child = children.get(sub)
        limit, name = ACCOUNT_LIMITS[sub]
        if child is not None and len(child.value) > limit:
            yield issue(
                ID,
                "value_too_long",
                f"26.{sub} ({name}) has {len(child.value)} characters; DuitNow allows at most {limit}",
                obj=child,
                actual=len(child.value),
                max_length=limit,
            )
    return None if acquirer_obj is None else acquirer_obj.value


# -- builder ----------------------------------------------------------------------------------


@checked_keywords(
    {
        "acquirer_id": ("26", "01"),
        "qr_id": ("26", "02"),
        "merchant_descriptor": ("26", "03"),
        "mobile_number": ("26", "04"),
        "rrn": ("62", "90"),
        "rrn2": ("62", "91"),
        "geo_coordinates": ("62", "92"),
        "integrity_check": ("82",),
    }
)
def build(
    *,
    acquirer_id: str,
    qr_id: str,
    merchant_name: str,
    merchant_category_code: str,
    merchant_city: str = "MY",
    amount: Decimal | int | str | None = None,
    initiation: str | None = None,
    merchant_descriptor: str | None = None,
    mobile_number: str | None = None,
    postal_code: str | None = None,
    additional_data: Mapping[str, str] | None = None,
    rrn: str | None = None,
    rrn2: str | None = None,
    geo_coordinates: str | None = None,
    integrity_check: str | None = None,
    amount_style: AmountStyle = "fixed",
    now: datetime | None = None,
) -> Payload:
    """Build a DuitNow QR payload (payload format ``02``, tag 26, MYR, MY).

    ``acquirer_id`` is the participant's 6-digit code (``"501664"``), ``qr_id`` the ID
    the acquirer assigned (the biller code for JomPAY, acquirer ``898989``, which also
    needs ``rrn``). ``merchant_category_code`` is ``"0000"`` for person to person.
    Amounts get two decimals (``"10"`` -> ``10.00``, as in PayNet's examples);
    ``initiation`` defaults to dynamic with an amount and static without (PayNet's own
    examples are static with an amount: pass ``initiation="static"``).
    ``integrity_check`` is written to tag 82 as given (qrpay does not compute it: PayNet
    does not publish what the hash covers). ``additional_data`` takes the EMVCo names
    (``reference_label``, ``store_label``, ...) for 62.
    """
    account = [("00", AID), ("01", acquirer_id), ("02", qr_id)]
    if merchant_descriptor is not None:
        account.append(("03", merchant_descriptor))
    if mobile_number is not None:
        account.append(("04", mobile_number))
    extra: dict[str, str] = dict(additional_data or {})
    for sub, value in (("90", rrn), ("91", rrn2), ("92", geo_coordinates)):
        if value is not None:
            if sub in extra:
                raise InvalidRequest(
                    f"62.{sub} given twice (keyword and additional_data)",
                    code="duplicate_tag",
                    path=("62", sub),
                )
            extra[sub] = value
    return _build(
        merchant_accounts={TAG: account},
        currency="458",
        country="MY",
        payload_format=PAYLOAD_FORMAT,
        amount=amount,
        amount_style=amount_style,
        initiation=initiation,
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        postal_code=postal_code,
        additional_data=extra or None,
        unreserved=None if integrity_check is None else {"82": integrity_check},
        now=now,
    )


def _describe(payload: Payload, path: tuple[str, ...], value: str) -> str | None:
    if path == ("82",):
        return "PayNet data integrity check (a hash)"
    if path == ("00",) and value == PAYLOAD_FORMAT:
        return "DuitNow QR (PayNet) payload format 02"
    if len(path) == 2 and path[1] == "01":
        owner = payload.get(path[0])
        if owner is not None and _is_duitnow(owner):
            found = acquirer(value)
            return None if found is None else found.name
    return None


def _relax_value(tag: tuple[str, ...], what: str) -> tuple[Relaxation, ...]:
    """A DuitNow plain value where EMVCo expects a template: whatever the template walk says."""
    reason = f"DuitNow defines {'.'.join(tag)} ({what}) as a plain value, not an EMVCo template"
    parsed = reason + " (a value that happens to parse as ID/length/value)"
    return (
        Relaxation("template_malformed", tag, reason=reason),
        Relaxation("guid_missing", tag, reason=parsed),
        # whatever EMVCo says about the "children" such a value happens to have
        *(
            Relaxation(code, tag, reason=parsed, prefix=True)
            for code in (
                "guid_format",
                "duplicate_tag",
                "value_empty",
                "value_too_long",
                "invalid_character",
                "not_precomposed",
                "rfu_tag",
                "guid_missing",
                "template_malformed",
            )
        ),
    )


SCHEME = Scheme(
    id=ID,
    title="DuitNow QR",
    country="MY",
    currencies=("458",),
    market_source="PayNet DuitNow QR MPM V1.5",
    guids=(AID,),
    account_tags=(TAG,),
    relaxations=(
        Relaxation(
            "payload_format_value",
            ("00",),
            frozenset({PAYLOAD_FORMAT}),
            reason='PayNet\'s DuitNow QR specification V1.5 sets the Payload Format Indicator to "02"',
        ),
        *_relax_value(("82",), "data integrity check, a hash"),
        *_relax_value(("62", "90"), "RRN, JomPAY reference 1"),
        *_relax_value(("62", "91"), "RRN2, JomPAY reference 2"),
        *_relax_value(("62", "92"), "geo coordinates"),
    ),
    references=(
        "PayNet, DuitNow QR - QR Generation Specification V1.5 (merchant-presented mode)",
        "https://docs.developer.paynet.my/docs/duitNow-QR/integration/QR-generation-specification/"
        "merchant-presented-mode/qr-data-object",
        "https://docs.developer.paynet.my/docs/duitNow-QR/integration/QR-generation-specification/"
        "merchant-presented-mode/example",
        "https://github.com/natsu90/duitnowqr-test",
    ),
    examples=(
        "00020201021126410014A000000615000101065016640209123456789520499995303458540510.005802MY5909QRCSDNBHD6005BANGI6304343F",
        "00020201021126360014A00000061500010106898989020412345204111153034585802MY5903TNB6002KL610559200621790130124007552406823231d4db4506dc9852b1c21c74be148b8363045DFB",
    ),
    summary="Payload format 02, tag 26 (A0000006150001): acquirer ID (PayNet directory), QR ID, descriptor, "
    "mobile; JomPAY RRN 62/90-91, geo 62/92, data integrity check 82",
    check=check,
    view=view,
    build=build,
    field_names={
        "account.00": "DuitNow AID",
        "account.01": "Acquirer ID",
        "account.02": "QR ID",
        "account.03": "Merchant descriptor",
        "account.04": "Mobile number",
        "62.90": "RRN (JomPAY reference 1)",
        "62.91": "RRN2 (JomPAY reference 2)",
        "62.92": "Geo coordinates",
        "82": "Data integrity check",
    },
    describe=_describe,
    module=__name__,
)
