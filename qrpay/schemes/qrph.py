"""Philippines: QR Ph, the national QR standard (BSP, Philippine Payments Management Inc.).

Two merchant account templates, both switched over InstaPay:

* ``27`` / ``com.p2pqrpay`` — person to person (P2P): ``01`` the receiving institution's
  BIC (``GXCHPHM2XXX`` GCash, ``PAPHPHM1XXX`` Maya, ``BNORPHMMXXX`` BDO, ...); ``02``
  ``99964403`` in every code seen (meaning not published); ``03`` and/or ``04`` the
  account (PayMongo calls 04 "merchant credit account"); ``05`` a mobile number written
  ``+63-9XXXXXXXXX``.
* ``28`` / ``ph.ppmi.p2m`` — person to merchant (P2M): ``01`` the acquirer's BIC, ``03``
  the merchant ID, ``04`` an account, ``05`` a code whose meaning is not published.

QR Ph puts a GUID in ``62/00`` (``ph.ppmi.qrph``, ``com.p2pqrpay``, ``ph.starpay``, ...),
an ID EMVCo does not allocate; QR Ph codes also carry unreserved template ``88`` (and
``80``) with GUID ``ph.ppmi.qrph``. Currency ``608`` (PHP), country ``PH``.

No QR Ph specification is public. Field meanings come from PayMongo's API reference,
the qrph/qrph zod schema and real codes; what only real codes show is a warning, what
every real code and the implementations agree on (BIC, account, currency, country) is
an error. See docs/schemes/qrph.md for the payloads each fact was checked against.

More information:

* https://developers.paymongo.com/reference/qr-transfer-resource (PayMongo QR Ph fields)
* https://afcsblog.ingonoka.com/post/qrph4-qrcode/qrphpart4 (a P2M code, field by field)
* https://github.com/qrph/qrph (zod schema of the P2P and P2M templates)
* https://afcsblog.ingonoka.com/post/p2p_merchant_payment ("InstaPay or P2P QRPh?")
* docs/schemes/qrph.md

>>> from qrpay.schemes import qrph
>>> qrph.build(kind="p2m", bic="RCBCPHMMXXX", merchant_id="000600788000696", merchant_name="SHOP",
...            merchant_city="Makati", merchant_category_code="5311").to_text()  # doctest: +SKIP
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Literal

from ..builder import build as _build
from ..builder import checked_keywords
from ..errors import InvalidRequest, Issue
from ..model import Payload, Template
from ..tlv import DataObject
from ._base import Relaxation, Scheme, issue

__all__ = [
    "P2M_GUID",
    "P2P_GUID",
    "QRPH_GUID",
    "SCHEME",
    "QrPhAccount",
    "QrPhView",
    "build",
    "view",
]

ID = "qrph"
P2P_GUID = "com.p2pqrpay"
P2M_GUID = "ph.ppmi.p2m"
#: GUID of the QR Ph templates in 62/00, 80 and 88
QRPH_GUID = "ph.ppmi.qrph"
#: 27/02 in every P2P code seen; meaning not published [obs]
P2P_FIELD_02 = "99964403"
_USUAL_TAG = {P2P_GUID.upper(): "27", P2M_GUID.upper(): "28"}

#: ISO 9362 BIC of a Philippine institution: bank (4 letters), PH, location, branch
_BIC = re.compile(r"[A-Z]{4}PH[A-Z0-9]{2}(?:[A-Z0-9]{3})?")
_MOBILE = re.compile(r"\+63-9[0-9]{9}")


@dataclass(frozen=True, slots=True)
class QrPhAccount:
    """A QR Ph merchant account template (27 P2P or 28 P2M)."""

    tag: str
    guid: str
    bic: str | None
    #: 03: merchant ID (P2M) or account identifier (P2P)
    merchant_id: str | None
    #: 04: account number ("merchant credit account")
    account_number: str | None
    #: 05: mobile number (P2P) or the unpublished P2M code
    field_05: str | None
    fields: Mapping[str, str]

    @property
    def is_p2p(self) -> bool:
        return self.guid.upper() == P2P_GUID.upper()

    @property
    def mobile(self) -> str | None:
        return self.field_05 if self.is_p2p else None


@dataclass(frozen=True, slots=True)
class QrPhView:
    """Everything QR Ph in a payload."""

    accounts: tuple[QrPhAccount, ...]
    #: 62/00, the GUID QR Ph writes into the additional data template
    additional_data_guid: str | None
    #: unreserved templates (80-99) whose GUID is ph.ppmi.qrph
    qrph_templates: tuple[Template, ...]
    amount: Decimal | None

    @property
    def p2p(self) -> QrPhAccount | None:
        return next((a for a in self.accounts if a.is_p2p), None)

    @property
    def p2m(self) -> QrPhAccount | None:
        return next((a for a in self.accounts if not a.is_p2p), None)


def _qrph_templates(payload: Payload) -> Iterator[tuple[DataObject, str]]:
    for obj in payload.objects:
        if "26" <= obj.tag <= "51" and obj.children is not None:
            guid = obj.child("00")
            if guid is not None and guid.value.upper() in _USUAL_TAG:
                yield obj, guid.value


def view(payload: Payload) -> QrPhView:
    """The typed QR Ph view of a payload."""
    accounts = []
    for obj, guid in _qrph_templates(payload):
        fields: dict[str, str] = {}
        for child in obj.children or ():
            fields.setdefault(child.tag, child.value)
        accounts.append(
            QrPhAccount(
                obj.tag, guid, fields.get("01"), fields.get("03"), fields.get("04"), fields.get("05"), fields
            )
        )
    unreserved = tuple(
        t for t in payload.unreserved_templates if t.guid is not None and t.guid.lower() == QRPH_GUID
    )
    return QrPhView(tuple(accounts), payload.value(("62", "00")), unreserved, payload.amount)


# -- rules ---------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """QR Ph rules (see the module docstring and docs/schemes/qrph.md)."""
    del now  # QR Ph codes carry no expiry
    for obj, guid in _qrph_templates(payload):
        yield from _check_account(obj, guid)


def _check_account(obj: DataObject, guid: str) -> Iterator[Issue]:
    where = obj.tag
    p2p = guid.upper() == P2P_GUID.upper()
    usual = _USUAL_TAG[guid.upper()]
    if where != usual:
        yield issue(
            ID,
            "template_tag",
            f"{guid} is in template {where}; every QR Ph code seen puts it in {usual}",
            obj=obj,
            severity="warning",
            actual=where,
        )
    bic = obj.child("01")
    if bic is None or not _BIC.fullmatch(bic.value):
        yield issue(
            ID,
            "bic",
            f"template {where} has no BIC of the {'receiving institution' if p2p else 'acquirer'} (sub-ID 01)"
            if bic is None
            else f"{where}.01 is {bic.value!r}, not the BIC (ISO 9362) of a Philippine institution, e.g. "
            "GXCHPHM2XXX",
            obj=bic,
            path=(where, "01"),
        )
    if p2p:
        if obj.child("03") is None and obj.child("04") is None:
            yield issue(
                ID,
                "account_missing",
                f"P2P template {where} names no account: sub-ID 03 or 04 is needed",
                path=(where, "04"),
            )
        field_02 = obj.child("02")
        if field_02 is None or field_02.value != P2P_FIELD_02:
            yield issue(
                ID,
                "p2p_field_02",
                f"P2P template {where} has "
                + ("no sub-ID 02" if field_02 is None else f"sub-ID 02 {field_02.value!r}")
                + f"; every P2P code seen carries {P2P_FIELD_02} (its meaning is not published)",
                obj=field_02,
                path=(where, "02"),
                severity="warning",
            )
        mobile = obj.child("05")
        if mobile is not None and not _MOBILE.fullmatch(mobile.value):
            yield issue(
                ID,
                "mobile_format",
                f"mobile number {mobile.value!r} in {where}.05 is not written +63-9XXXXXXXXX, the form "
                "PayMongo and every code seen use",
                obj=mobile,
                severity="warning",
                actual=mobile.value,
            )
    elif obj.child("03") is None:
        yield issue(
            ID,
            "merchant_id_missing",
            f"P2M template {where} has no merchant ID (sub-ID 03)",
            path=(where, "03"),
        )


# -- builder -------------------------------------------------------------------------------


@checked_keywords(
    {
        "kind": ("27",),
        "bic": ("27", "01"),
        "merchant_id": ("27", "03"),
        "account_number": ("27", "04"),
        "mobile": ("27", "05"),
        "template_fields": ("27",),
        "additional_data_guid": ("62", "00"),
    }
)
def build(
    *,
    kind: Literal["p2p", "p2m"],
    bic: str,
    merchant_name: str,
    merchant_city: str,
    merchant_category_code: str,
    merchant_id: str | None = None,
    account_number: str | None = None,
    mobile: str | None = None,
    template_fields: Mapping[str, str] | None = None,
    amount: Decimal | int | str | None = None,
    postal_code: str | None = None,
    additional_data: Mapping[str, Any] | None = None,
    additional_data_guid: str | None = None,
    unreserved: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> Payload:
    """Build a QR Ph code: ``kind="p2p"`` (template 27, ``com.p2pqrpay``) or
    ``kind="p2m"`` (template 28, ``ph.ppmi.p2m``).

    ``bic`` is the receiving institution (P2P) or acquirer (P2M); ``merchant_id`` goes
    to sub-ID 03 (mandatory for P2M), ``account_number`` to 04, ``mobile`` (P2P only) to
    05, written as given; ``template_fields`` adds other sub-IDs of the template as given
    (e.g. a P2M ``05``, whose meaning is not published). A P2P template also gets ``02`` =
    ``99964403``, as every real P2P code has. ``additional_data_guid`` writes ``62/00`` (e.g. ``ph.ppmi.qrph``);
    ``unreserved`` passes templates 80-99 (e.g. ``{"88": {"00": "ph.ppmi.qrph", ...}}``).
    Amounts are written with two decimals (PHP), never rounded.
    """
    if kind == "p2p":
        tag, pairs = "27", [("00", P2P_GUID), ("01", bic), ("02", P2P_FIELD_02)]
        if merchant_id is not None:
            pairs.append(("03", merchant_id))
        if account_number is not None:
            pairs.append(("04", account_number))
        if mobile is not None:
            pairs.append(("05", mobile))
    elif kind == "p2m":
        if mobile is not None:
            raise InvalidRequest(
                "mobile: a P2M template has no mobile number (sub-ID 05 means something else there)",
                code="unknown_field",
                path=("28", "05"),
            )
        tag, pairs = "28", [("00", P2M_GUID), ("01", bic)]
        if merchant_id is not None:
            pairs.append(("03", merchant_id))
        if account_number is not None:
            pairs.append(("04", account_number))
    else:
        raise InvalidRequest(f"kind: {kind!r} is not 'p2p' or 'p2m'", code="value_type", ctx={"actual": kind})
    if template_fields:
        taken = {sub for sub, _ in pairs}
        for sub, value in template_fields.items():
            if sub in taken or not (len(sub) == 2 and sub.isdigit()):
                raise InvalidRequest(
                    f"template_fields: sub-ID {sub!r} is not a free two-digit sub-ID of template {tag}",
                    code="unknown_field",
                    path=(tag, str(sub)),
                )
            pairs.append((sub, value))
        pairs.sort(key=lambda pair: pair[0])
    extra: dict[str, Any] = dict(additional_data or {})
    if additional_data_guid is not None:
        if "00" in extra:
            raise InvalidRequest(
                "62/00 is given twice (additional_data_guid and additional_data)",
                code="unknown_field",
                path=("62", "00"),
            )
        extra["00"] = additional_data_guid
    return _build(
        merchant_accounts={tag: pairs},
        currency="608",
        country="PH",
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        amount=amount,
        postal_code=postal_code,
        additional_data=extra or None,
        unreserved=unreserved,
        now=now,
    )


def _describe(payload: Payload, path: tuple[str, ...], value: str) -> str | None:
    """Which QR Ph flavour a GUID names."""
    if len(path) == 2 and path[1] == "00":
        return {
            P2P_GUID.upper(): "QR Ph person-to-person (InstaPay)",
            P2M_GUID.upper(): "QR Ph person-to-merchant",
            QRPH_GUID.upper(): "QR Ph",
        }.get(value.upper())
    return None


SCHEME = Scheme(
    id=ID,
    title="QR Ph",
    country="PH",
    currencies=("608",),
    market_source="every QR Ph code seen, from 8 institutions",
    evidence="impl",
    guids=(P2P_GUID, P2M_GUID),
    account_tags=("27", "28"),
    relaxations=(
        Relaxation(
            "unallocated_tag",
            ("62", "00"),
            reason="QR Ph writes a GUID (ph.ppmi.qrph, com.p2pqrpay, ...) into 62/00",
        ),
    ),
    references=(
        "https://developers.paymongo.com/reference/qr-transfer-resource",
        "https://afcsblog.ingonoka.com/post/qrph4-qrcode/qrphpart4",
        "https://github.com/qrph/qrph",
        "https://afcsblog.ingonoka.com/post/p2p_merchant_payment",
    ),
    examples=(
        "00020101021228560011ph.ppmi.p2m0111RCBCPHMMXXX0315000600788000696050331052045311530360854071458.315802PH5918LANDMARK Makati DS6006Makati62610012ph.ppmi.qrph03150006007880006960510000043863807082000651988710012ph.ppmi.qrph0151000600788000696~000600788000696~20006519~000043863863049616",
        "00020101021228530011ph.ppmi.p2m0111SRCPPHM2XXX0312MRCHNT-4H3TZ05030005204519953036085406100.005802PH5925SOCMED DIGITAL MARKETING 6010MakatiCity62650010ph.starpay0315SOCMED DIGITAL 0509OR#1Z1CSC0708TodayPay0803***88290012ph.ppmi.qrph0109OR#1Z1CSC63040275",
    ),
    summary="P2P (27, com.p2pqrpay) and P2M (28, ph.ppmi.p2m): BIC, account or merchant ID; "
    "GUID in 62/00; templates 80/88 ph.ppmi.qrph",
    check=check,
    view=view,
    build=build,
    field_names={
        "account.00": "QR Ph GUID",
        "account.01": "Institution BIC",
        "account.02": "P2P field 02 (meaning unpublished)",
        "account.03": "Merchant ID / account",
        "account.04": "Merchant credit account",
        "account.05": "Mobile number / P2M field 05",
        "62.00": "QR Ph GUID",
        "88.00": "QR Ph GUID",
        "88.01": "QR Ph proprietary data",
    },
    describe=_describe,
    module=__name__,
)
