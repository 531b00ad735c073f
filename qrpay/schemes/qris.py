"""Indonesia: QRIS, the Quick Response Code Indonesian Standard (Bank Indonesia, ASPI).

One QRIS sticker carries the merchant account of every payment provider (PJSP,
*Penyelenggara Jasa Sistem Pembayaran*) that acquired the merchant, plus the merchant's
entry in the national central repository:

* ``26``-``45`` — one template per PJSP (QRIS Table 4.3): ``00`` the PJSP's reverse
  domain (``ID.CO.BCA.WWW``, ``COM.GO-JEK.WWW``, ``ID.DANA.WWW``, ... an open set) or
  the default value ``00`` (clause 4.7.5.3); ``01`` merchant PAN (digits, at most 19,
  the first 8 are the PJSP's National Numbering System code, ``9360xxxx``); ``02``
  merchant ID (at most 15); ``03`` merchant criteria (``UMI`` micro, ``UKE`` small,
  ``UME`` medium, ``UBE`` large, ``URE`` regular; ``PSO``/``BLU`` for public bodies).
* ``51`` — central repository, GUID ``ID.CO.QRIS.WWW`` (``ID.OR.GPNQR.WWW`` in codes
  from the GPN era): ``02`` NMID, the National Merchant ID (at most 15, ``ID`` + 13
  digits); ``03`` merchant criteria. Mandatory on static codes (clause 4.7.7, which asks
  for 51, not for a particular GUID): issuers also write their own reverse domain there
  (``ID.CO.BANKNEOCOMMERCE.WWW``, ``ID.CO.JALIN.WWW``) with the NMID, and such a 51 in
  an Indonesian code (58 = ``ID``) is the central repository too.
* ``61`` postal code is mandatory and ``53`` must be ``360`` (IDR) when ``58`` is ``ID``.
* ``62/99`` — proprietary domestic template: ``00`` the default value ``00``, ``01``
  data (at most 81; the template at most 91). Issuers put their own data in other
  62/50-98 templates without a GUID (AstraPay's 62/98 on every code it issues): a
  QRIS warning, not EMVCo's ``guid_missing`` error.
* The QRIS *transfer* variant (``62/08`` ``BOOK``/``DMCT``/``XBCT``): template ``40``
  holds ``00`` reverse domain, ``01`` customer PAN (16-19 digits), ``02`` beneficiary ID
  (at most 15), ``04`` BIC (8-11); it is dynamic and carries ``62/99``.

PJSP templates have no registered GUID, so they are recognised with a ``claims`` hook:
a template in 26-45 of a payload that carries the QRIS central repository, or of an
Indonesian payload (58 = ``ID``) when the template looks like a PJSP's (GUID ``00``,
``ID.*`` or ``*.WWW``, or a PAN starting ``9360``); and a 51 of an Indonesian payload
with a reverse-domain GUID and an NMID (02). Tip and convenience fee (``55``-``57``) follow EMVCo 4.7.6-4.7.8,
which QRIS adopts unchanged; the EMVCo rules enforce them.

The rules come from the QRIS specification clauses quoted by astrapay/spring-qris (the
most complete public implementation); facts seen only in payloads are warnings.

More information:

* Bank Indonesia, QRIS (Quick Response Code Indonesian Standard), as quoted clause by
  clause in https://github.com/astrapay/spring-qris (``QrisDataObject.java``, validators)
* https://www.bi.go.id/QRIS/default.aspx
* https://www.npmjs.com/package/qris-dynamic-generator (static-to-dynamic converter)
* docs/schemes/qris.md

>>> from qrpay.schemes import qris
>>> qris.build(nmid="ID1020017611473", criteria="UMI", merchant_name="TOKO", merchant_city="DEMAK",
...            postal_code="59567", merchant_category_code="5812").to_text()  # doctest: +SKIP
"""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..builder import build as _build
from ..builder import checked_keywords
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject
from . import registry
from ._base import Relaxation, Scheme, issue

__all__ = [
    "CENTRAL_REPOSITORY_GUID",
    "CRITERIA",
    "SCHEME",
    "CentralRepository",
    "PjspAccount",
    "ProprietaryData",
    "QrisView",
    "TransferAccount",
    "Variant",
    "build",
    "view",
]

ID = "qris"

#: GUID of the central repository template 51 (QRIS)
CENTRAL_REPOSITORY_GUID = "ID.CO.QRIS.WWW"
#: the same template's GUID in codes issued under the GPN name (2019-2020) [obs]
GPN_CENTRAL_REPOSITORY_GUID = "ID.OR.GPNQR.WWW"
CENTRAL_GUIDS = frozenset({CENTRAL_REPOSITORY_GUID, GPN_CENTRAL_REPOSITORY_GUID})
#: clause 4.7.5.3: the PJSP template's reverse domain may be the default value "00"
DEFAULT_GUID = "00"
PJSP_TAGS = tuple(f"{n}" for n in range(26, 46))
TRANSFER_TAG = "40"

#: QRIS Table 4.6 merchant criteria (astrapay/spring-qris ``MerchantCriteria``)
CRITERIA: dict[str, str] = {
    "UMI": "micro (usaha mikro)",
    "UKE": "small (usaha kecil)",
    "UME": "medium (usaha menengah)",
    "UBE": "large (usaha besar)",
    "URE": "regular (usaha reguler)",
    "PSO": "public service obligation",
    "BLU": "public service agency (badan layanan umum)",
}
TRANSFER_PURPOSES = frozenset({"BOOK", "DMCT", "XBCT"})
CASH_PURPOSES = frozenset({"CDPT", "CWDL"})

_DIGITS = re.compile(r"[0-9]+")
#: a reverse domain name, as the GUID of a template (EMVCo MPM 4.7.11.2): labels of
#: letters, digits and hyphens joined by dots
_REVERSE_DOMAIN = re.compile(r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")
#: 62/50-98 may carry issuer data without a GUID (62/99 has its own QRIS rule)
_ISSUER_DATA_TAGS = tuple(f"{n}" for n in range(50, 99))
_NMID = re.compile(r"ID[12][0-9]{12}")
_BIC = re.compile(r"[A-Z0-9]{8}(?:[A-Z0-9]{3})?")


class Variant(enum.Enum):
    """What a QRIS code is for, from ``62/08`` and template ``40``."""

    PAYMENT = "payment"  # merchant payment (MPM)
    TRANSFER = "transfer"  # QRIS transfer: 40 + purpose BOOK, DMCT or XBCT
    CASH = "cash"  # QRIS cash deposit / withdrawal: 40 + purpose CDPT or CWDL


@dataclass(frozen=True, slots=True)
class PjspAccount:
    """A PJSP merchant account template (26-45)."""

    tag: str
    guid: str | None
    merchant_pan: str | None
    merchant_id: str | None
    criteria: str | None

    @property
    def nns(self) -> str | None:
        """The National Numbering System code: the first 8 digits of the merchant PAN."""
        pan = self.merchant_pan
        return pan[:8] if pan and len(pan) >= 8 and pan[:8].isdigit() else None

    @property
    def uses_default_guid(self) -> bool:
        return self.guid == DEFAULT_GUID


@dataclass(frozen=True, slots=True)
class CentralRepository:
    """Template 51: the merchant's entry in the QRIS central repository."""

    tag: str
    guid: str | None
    nmid: str | None
    criteria: str | None


@dataclass(frozen=True, slots=True)
class TransferAccount:
    """Template 40 of the QRIS transfer and cash variants."""

    tag: str
    guid: str | None
    customer_pan: str | None
    beneficiary_id: str | None
    bic: str | None


@dataclass(frozen=True, slots=True)
class ProprietaryData:
    """62/99: the proprietary domestic template (00 default value, 01 data)."""

    guid: str | None
    data: str | None


@dataclass(frozen=True, slots=True)
class QrisView:
    """Everything QRIS in a payload."""

    variant: Variant
    pjsp_accounts: tuple[PjspAccount, ...]
    central_repository: CentralRepository | None
    transfer_account: TransferAccount | None
    proprietary: ProprietaryData | None
    purpose: str | None
    amount: Decimal | None

    @property
    def nmid(self) -> str | None:
        return None if self.central_repository is None else self.central_repository.nmid

    @property
    def criteria(self) -> str | None:
        """The merchant criteria code, from 51 or else the first PJSP template."""
        if self.central_repository is not None and self.central_repository.criteria:
            return self.central_repository.criteria
        return next((a.criteria for a in self.pjsp_accounts if a.criteria), None)


# -- recognition ---------------------------------------------------------------------------


def _is_issuer_central(obj: DataObject, indonesian: bool) -> bool:
    """A 51 that an issuer filled with its own reverse domain and the NMID.

    QRIS clause 4.7.7 (as quoted by astrapay/spring-qris) requires template 51 on a
    static code, with the NMID; real codes carry the issuer's GUID there
    (``ID.CO.BANKNEOCOMMERCE.WWW``, ``ID.CO.JALIN.WWW``, ``ID.ZIPAY.WWW``). Only in an
    Indonesian payload (58 = ``ID``), with a reverse-domain GUID no other scheme
    registered, and with sub-ID 02: another country's 51 is never taken.
    """
    if not indonesian or obj.children is None or obj.child("02") is None:
        return False
    guid = obj.child("00")
    if guid is None or not _REVERSE_DOMAIN.fullmatch(guid.value):
        return False
    return registry().by_guid.get(guid.value.upper(), ID) == ID


def _central(payload: Payload) -> DataObject | None:
    obj = payload.get("51")
    if obj is None or obj.children is None:
        return None
    guid = obj.child("00")
    if guid is not None and guid.value.upper() in CENTRAL_GUIDS:
        return obj
    return obj if _is_issuer_central(obj, payload.value("58") == "ID") else None


def _looks_like_pjsp(obj: DataObject, has_central: bool, indonesian: bool) -> bool:
    if has_central:
        return True
    if not indonesian:
        return False
    guid = obj.child("00")
    if guid is not None:
        value = guid.value.upper()
        if value == DEFAULT_GUID or value.startswith("ID.") or value.endswith(".WWW"):
            return True
    pan = obj.child("01")
    return pan is not None and pan.value.startswith("9360")


def claims(obj: DataObject, payload: Payload) -> bool:
    """A template in 26-45 with an unregistered GUID is a QRIS PJSP template when the
    payload carries the QRIS central repository (51), or when the payload is Indonesian
    (58 = ID) and the template looks like a PJSP's: the default GUID ``00``, a reverse
    domain in the form every PJSP uses (``ID.*`` or ``*.WWW``), or a merchant PAN with
    the ``9360`` National Numbering System prefix. A 51 with an issuer's reverse domain
    and an NMID in an Indonesian payload is the QRIS central repository."""
    if obj.children is None:
        return False
    if obj.tag == "51":
        return _is_issuer_central(obj, payload.value("58") == "ID")
    if not "26" <= obj.tag <= "45":
        return False
    return _looks_like_pjsp(obj, _central(payload) is not None, payload.value("58") == "ID")


def _variant(payload: Payload) -> Variant:
    if TRANSFER_TAG not in payload:
        return Variant.PAYMENT
    purpose = payload.value(("62", "08"))
    if purpose in TRANSFER_PURPOSES:
        return Variant.TRANSFER
    if purpose in CASH_PURPOSES:
        return Variant.CASH
    return Variant.PAYMENT


def _qris_templates(payload: Payload, central: DataObject | None) -> list[DataObject]:
    """Templates 26-45 that QRIS recognises (by GUID or by claim), in text order.

    The same decision as the registry's ``scheme_of`` (QRIS is the only scheme with a
    ``claims`` hook), with the central repository and country looked up once."""
    reg = registry()
    has_central = central is not None
    indonesian = payload.value("58") == "ID"
    found = []
    for obj in payload.objects:
        tag = obj.tag
        if not ("26" <= tag <= "45") or obj.children is None:
            continue
        guid = obj.child("00")
        if guid is not None:
            key = guid.value.upper()
            owner = reg.by_guid.get(key)
            if owner is not None or any(key.startswith(prefix) for prefix, _ in reg.by_prefix):
                if owner == ID:
                    found.append(obj)
                continue
        if any(matcher.matches(obj) for _, matcher in reg.matchers_by_tag.get(tag, ())):
            continue
        if _looks_like_pjsp(obj, has_central, indonesian):
            found.append(obj)
    return found


# -- typed view ----------------------------------------------------------------------------


def view(payload: Payload) -> QrisView:
    """The typed QRIS view of a payload."""
    variant = _variant(payload)
    accounts: list[PjspAccount] = []
    transfer: TransferAccount | None = None
    central_obj = _central(payload)
    for obj in _qris_templates(payload, central_obj):
        fields = {c.tag: c.value for c in reversed(obj.children or ())}
        if obj.tag == TRANSFER_TAG and variant is not Variant.PAYMENT:
            transfer = TransferAccount(
                obj.tag, fields.get("00"), fields.get("01"), fields.get("02"), fields.get("04")
            )
        else:
            accounts.append(
                PjspAccount(obj.tag, fields.get("00"), fields.get("01"), fields.get("02"), fields.get("03"))
            )
    central = None
    if central_obj is not None:
        fields = {c.tag: c.value for c in reversed(central_obj.children or ())}
        central = CentralRepository("51", fields.get("00"), fields.get("02"), fields.get("03"))
    proprietary = None
    template = payload.get(("62", "99"))
    if template is not None and template.children is not None:
        proprietary = ProprietaryData(
            None if (g := template.child("00")) is None else g.value,
            None if (d := template.child("01")) is None else d.value,
        )
    return QrisView(
        variant,
        tuple(accounts),
        central,
        transfer,
        proprietary,
        payload.value(("62", "08")),
        payload.amount,
    )


# -- rules ---------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """QRIS rules (see the module docstring and docs/schemes/qris.md)."""
    del now  # QRIS codes carry no expiry
    country = payload.get("58")
    if country is not None and country.value == "ID":
        currency = payload.get("53")
        if currency is not None and currency.value != "360":
            yield issue(
                ID,
                "currency",
                f"currency is {currency.value!r}; a QRIS code with country ID is in rupiah, 360",
                obj=currency,
                actual=currency.value,
            )
        if "61" not in payload:
            yield issue(
                ID,
                "postal_code_missing",
                "no postal code (61); QRIS makes it mandatory when the country (58) is ID",
                path=("61",),
            )
    variant = _variant(payload)
    central = _central(payload)
    initiation = payload.value("01")
    if central is None and initiation == "11" and variant is Variant.PAYMENT:
        yield issue(
            ID,
            "central_repository_missing",
            "a static QRIS code (01 = 11) must carry the central repository template 51 "
            f"({CENTRAL_REPOSITORY_GUID} or the issuer's reverse domain, with the NMID in 02) "
            "(QRIS clause 4.7.7)",
            path=("51",),
        )
    if central is not None:
        yield from _check_central(central)
    for obj in _qris_templates(payload, central):
        if obj.tag == TRANSFER_TAG and variant is not Variant.PAYMENT:
            if variant is Variant.TRANSFER:
                yield from _check_transfer_account(obj)
        else:
            yield from _check_pjsp(obj)
    additional = payload.get("62")
    proprietary = additional.child("99") if additional is not None and additional.children else None
    if proprietary is not None:
        yield from _check_proprietary(proprietary)
    if additional is not None and additional.children:
        yield from _check_issuer_data(additional.children)
    if variant is Variant.TRANSFER:
        if initiation != "12":
            yield issue(
                ID,
                "transfer_initiation",
                f"a QRIS transfer code must be dynamic (01 = 12), not {initiation!r}",
                obj=payload.get("01"),
                path=("01",),
                actual=initiation,
            )
        if proprietary is None:
            yield issue(
                ID,
                "transfer_data",
                "a QRIS transfer code must carry 62/99 (00 default value, 01 data unique per code)",
                path=("62", "99"),
            )


def _check_pjsp(obj: DataObject) -> Iterator[Issue]:
    where = obj.tag
    pan = obj.child("01")
    if pan is None:
        yield issue(
            ID,
            "merchant_pan",
            f"PJSP template {where} has no merchant PAN (sub-ID 01), which QRIS Table 4.3 makes mandatory",
            path=(where, "01"),
        )
    else:
        value = pan.value
        if not (_DIGITS.fullmatch(value) and 8 <= len(value) <= 19):
            yield issue(
                ID,
                "merchant_pan",
                f"merchant PAN {value!r} in {where}.01 must be digits, at most 19 and at least the 8 of "
                "the National Numbering System code (QRIS Table 4.3)",
                obj=pan,
                actual=value,
            )
        else:
            if len(value) < 16:
                yield issue(
                    ID,
                    "merchant_pan_length",
                    f"merchant PAN {value!r} in {where}.01 has {len(value)} digits; every PAN seen in "
                    "real QRIS codes has 16-19",
                    obj=pan,
                    severity="warning",
                    actual=len(value),
                )
            if not value.startswith("9360"):
                yield issue(
                    ID,
                    "nns_prefix",
                    f"merchant PAN {value!r} in {where}.01 does not start with 9360; every National "
                    "Numbering System code seen (astrapay/spring-qris list, real codes) does",
                    obj=pan,
                    severity="warning",
                    actual=value[:8],
                )
    merchant_id = obj.child("02")
    if merchant_id is None or len(merchant_id.value) > 15 or "|" in merchant_id.value:
        yield issue(
            ID,
            "merchant_id",
            f"PJSP template {where} has no merchant ID (sub-ID 02)"
            if merchant_id is None
            else f"merchant ID {merchant_id.value!r} in {where}.02 must be at most 15 characters, "
            "without '|' (QRIS Table 4.3)",
            obj=merchant_id,
            path=(where, "02"),
        )
    criteria = obj.child("03")
    if criteria is None:
        yield issue(
            ID,
            "merchant_criteria",
            f"PJSP template {where} has no merchant criteria (sub-ID 03), which QRIS Table 4.3 makes "
            f"mandatory: one of {', '.join(CRITERIA)}",
            path=(where, "03"),
        )
    elif criteria.value not in CRITERIA:
        yield _criteria_issue(criteria)


def _criteria_issue(criteria: DataObject) -> Issue:
    return issue(
        ID,
        "merchant_criteria",
        f"merchant criteria {criteria.value!r} in {'.'.join(criteria.path)} is not one of "
        f"{', '.join(CRITERIA)} (QRIS Table 4.6)",
        obj=criteria,
        actual=criteria.value,
    )


def _check_central(obj: DataObject) -> Iterator[Issue]:
    nmid = obj.child("02")
    if nmid is None or len(nmid.value) > 15:
        yield issue(
            ID,
            "nmid",
            "the central repository template 51 has no NMID (sub-ID 02)"
            if nmid is None
            else f"NMID {nmid.value!r} has {len(nmid.value)} characters; at most 15",
            obj=nmid,
            path=("51", "02"),
        )
    elif not _NMID.fullmatch(nmid.value):
        yield issue(
            ID,
            "nmid_format",
            f"NMID {nmid.value!r} is not 'ID' + 13 digits (entity type 1 or 2, then the issue year "
            "and a sequence), the form of every NMID issued since 2020",
            obj=nmid,
            severity="warning",
            actual=nmid.value,
        )
    criteria = obj.child("03")
    if criteria is not None and criteria.value not in CRITERIA:
        yield _criteria_issue(criteria)


def _check_proprietary(obj: DataObject) -> Iterator[Issue]:
    children = obj.children
    problem = None
    if children is None:
        problem = "is not a template (00 default value, 01 data)"
    else:
        data = obj.child("01")
        if obj.child("00") is None or data is None:
            problem = "needs sub-ID 00 (default value 00) and sub-ID 01 (data)"
        elif len(data.value) > 81:
            problem = f"data (01) has {len(data.value)} characters; at most 81"
        elif len(obj.value) > 91:
            problem = f"has {len(obj.value)} characters; at most 91"
    if problem is not None:
        yield issue(
            ID,
            "proprietary_template",
            f"62/99, the QRIS proprietary domestic template, {problem}",
            obj=obj,
        )


def _check_issuer_data(children: tuple[DataObject, ...]) -> Iterator[Issue]:
    """62/50-98 without a GUID: EMVCo 4.8.1.5 asks for one (``guid_missing``, an error
    QRIS relaxes); AstraPay writes 62/98 without it on every code it issues, so under
    QRIS it is a warning."""
    for obj in children:
        if obj.tag in _ISSUER_DATA_TAGS and obj.children is not None and obj.child("00") is None:
            yield issue(
                ID,
                "additional_template_guid",
                f"template 62.{obj.tag} has no GUID (sub-ID 00), which EMVCo MPM 4.8.1.5 asks for; "
                "QRIS issuers put their own data there without one (AstraPay's 62.98)",
                obj=obj,
                severity="warning",
            )


def _check_transfer_account(obj: DataObject) -> Iterator[Issue]:
    pan = obj.child("01")
    if pan is None or not (_DIGITS.fullmatch(pan.value) and 16 <= len(pan.value) <= 19):
        yield issue(
            ID,
            "transfer_account",
            "transfer template 40 needs a customer PAN (sub-ID 01) of 16-19 digits"
            + ("" if pan is None else f", not {pan.value!r}"),
            obj=pan,
            path=("40", "01"),
        )
    beneficiary = obj.child("02")
    if beneficiary is None or len(beneficiary.value) > 15:
        yield issue(
            ID,
            "transfer_account",
            "transfer template 40 needs a beneficiary ID (sub-ID 02) of at most 15 characters",
            obj=beneficiary,
            path=("40", "02"),
        )
    bic = obj.child("04")
    if bic is not None and not _BIC.fullmatch(bic.value):
        yield issue(
            ID,
            "transfer_account",
            f"BIC {bic.value!r} in 40.04 must be 8 or 11 letters and digits",
            obj=bic,
        )


# -- builder -------------------------------------------------------------------------------


@checked_keywords(
    {
        "pjsp_tag": ("26",),
        "pjsp_guid": ("26", "00"),
        "merchant_pan": ("26", "01"),
        "merchant_id": ("26", "02"),
        "nmid": ("51", "02"),
        "criteria": ("51", "03"),
    }
)
def build(
    *,
    merchant_name: str,
    merchant_city: str,
    postal_code: str,
    merchant_category_code: str,
    criteria: str,
    nmid: str | None = None,
    pjsp_guid: str | None = None,
    merchant_pan: str | None = None,
    merchant_id: str | None = None,
    pjsp_tag: str = "26",
    amount: Decimal | int | str | None = None,
    tip: str | None = None,
    convenience_fee_fixed: Decimal | int | str | None = None,
    convenience_fee_percentage: Decimal | int | str | None = None,
    additional_data: Mapping[str, Any] | None = None,
    now: datetime | None = None,
) -> Payload:
    """Build a QRIS merchant-payment code.

    ``nmid`` writes the central repository template 51 (``ID.CO.QRIS.WWW``, NMID,
    criteria), which a static code needs. ``merchant_pan`` and ``merchant_id`` write a
    PJSP template at ``pjsp_tag`` (26-45) with ``pjsp_guid`` (the PJSP's reverse domain;
    QRIS's default value ``00`` when omitted). ``criteria`` (``UMI``, ``UKE``, ``UME``,
    ``UBE``, ``URE``, ``PSO``, ``BLU``) goes into both. Amounts and fees are written as
    given (``"10000"`` stays ``10000``, ``"39000.00"`` stays ``39000.00``), never rounded;
    the code is dynamic with an amount and static without.
    """
    accounts: dict[str, list[tuple[str, str]]] = {}
    if pjsp_guid is not None or merchant_pan is not None or merchant_id is not None:
        if pjsp_tag not in PJSP_TAGS:
            raise InvalidRequest(
                f"pjsp_tag: {pjsp_tag!r} is not a PJSP template ID (26-45)",
                code="unknown_field",
                path=(str(pjsp_tag),),
            )
        if merchant_pan is None:
            raise InvalidRequest(
                "merchant_pan: a PJSP template needs the merchant PAN (QRIS Table 4.3)",
                code="qris.merchant_pan",
                path=(pjsp_tag, "01"),
            )
        if merchant_id is None:
            raise InvalidRequest(
                "merchant_id: a PJSP template needs the merchant ID (QRIS Table 4.3)",
                code="qris.merchant_id",
                path=(pjsp_tag, "02"),
            )
        accounts[pjsp_tag] = [
            ("00", DEFAULT_GUID if pjsp_guid is None else pjsp_guid),
            ("01", merchant_pan),
            ("02", merchant_id),
            ("03", criteria),
        ]
    if nmid is not None:
        accounts["51"] = [("00", CENTRAL_REPOSITORY_GUID), ("02", nmid), ("03", criteria)]
    if not accounts:
        raise InvalidRequest(
            "give nmid (central repository 51) and/or merchant_pan + merchant_id (a PJSP template)",
            code="no_merchant_account",
        )
    if criteria not in CRITERIA:
        raise InvalidRequest(
            f"criteria: {criteria!r} is not one of {', '.join(CRITERIA)} (QRIS Table 4.6)",
            code="qris.merchant_criteria",
            path=("51", "03") if nmid is not None else (pjsp_tag, "03"),
            ctx={"actual": criteria},
        )
    return _build(
        merchant_accounts=accounts,
        currency="360",
        country="ID",
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        postal_code=postal_code,
        merchant_category_code=merchant_category_code,
        amount=amount,
        amount_style="minimal",
        tip=tip,
        convenience_fee_fixed=convenience_fee_fixed,
        convenience_fee_percentage=convenience_fee_percentage,
        additional_data=additional_data,
        now=now,
    )


def _describe(payload: Payload, path: tuple[str, ...], value: str) -> str | None:
    """Merchant criteria codes in words."""
    if len(path) == 2 and path[1] == "03":
        return CRITERIA.get(value)
    return None


SCHEME = Scheme(
    id=ID,
    title="QRIS (Quick Response Code Indonesian Standard)",
    country="ID",
    currencies=("360",),
    # the QRIS standard's clauses as quoted by implementations (astrapay/spring-qris); BI's text is not public
    evidence="spec-quoted",
    # 360 only when the country is ID: a conditional rule in check()
    currency_rule=None,
    country_rule=None,
    guids=(CENTRAL_REPOSITORY_GUID, GPN_CENTRAL_REPOSITORY_GUID),
    claims=claims,
    claimed="26-45 PJSP templates in an Indonesian code (51 present, or 58 ID with a PJSP-like GUID or a 9360 PAN); 51 with an issuer's reverse domain and an NMID in a code with 58 ID",
    account_tags=(*PJSP_TAGS, "51"),
    relaxations=(
        *(
            Relaxation(
                "guid_format",
                (tag, "00"),
                frozenset({DEFAULT_GUID}),
                reason="QRIS clause 4.7.5.3: a PJSP template's reverse domain may be the default value 00",
            )
            for tag in PJSP_TAGS
        ),
        Relaxation(
            "guid_format",
            ("62", "99", "00"),
            frozenset({DEFAULT_GUID}),
            reason="QRIS proprietary domestic template 62/99: sub-ID 00 holds the default value 00",
        ),
        # reported as the QRIS warning qris.additional_template_guid instead
        *(
            Relaxation(
                "guid_missing",
                ("62", tag),
                reason="QRIS issuers write their own data in 62/50-98 without a GUID (AstraPay's 62/98)",
            )
            for tag in _ISSUER_DATA_TAGS
        ),
    ),
    references=(
        "Bank Indonesia / ASPI, QRIS specification, clauses as quoted in astrapay/spring-qris",
        "https://github.com/astrapay/spring-qris",
        "https://www.bi.go.id/QRIS/default.aspx",
        "https://www.npmjs.com/package/qris-dynamic-generator",
    ),
    examples=(
        "00020101021126650013ID.CO.BCA.WWW011893600014000128766702150008850012876670303UKE51440014ID.CO.QRIS.WWW0215ID10210818616060303UKE5204074253033605802ID5909GREEN PAW6007TANGSEL61051532362070703A0163046D3F",
        "0002010102122654000200011893600014300061643802150008850006164380303UKE5204541153033605405495005802ID5913OMBE KOFIE-HO6013JAKARTA UTARA6105142406259010611093205121100131109320708AG20521199170002000107DINAMIS63049414",
        "00020101021126680016ID.CO.TELKOM.WWW011893600898026635207502150001952663520750303UMI51440014ID.CO.QRIS.WWW0215ID10211254059720303UMI5204549953033605502015802ID5906BIOLBE6011KAB. MALANG610565168622005091147938120703A03630404CB",
    ),
    summary="PJSP templates 26-45 (claimed in Indonesian codes), central repository 51 with NMID and "
    "criteria (ID.CO.QRIS.WWW or the issuer's reverse domain), 62/99 proprietary template, issuer data "
    "in 62/50-98, transfer variant (40), tip/fee per EMVCo",
    check=check,
    view=view,
    build=build,
    field_names={
        "account.01": "Merchant PAN",
        "account.02": "Merchant ID",
        "account.03": "Merchant criteria",
        "51.00": "Central repository GUID",
        "51.02": "National Merchant ID (NMID)",
        "51.03": "Merchant criteria",
        "62.99": "Proprietary domestic template",
    },
    describe=_describe,
    module=__name__,
)
