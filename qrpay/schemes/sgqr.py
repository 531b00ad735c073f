"""Singapore: SGQR, the national QR code that carries several payment networks on one sticker.

An SGQR sticker is one EMVCo merchant-presented payload with a merchant account
template per accepted network (SGQR assigns them in order from ID ``26``: PayNow
``SG.PAYNOW``, NETS ``SG.COM.NETS``, GrabPay ``COM.GRAB``, Singtel Dash
``SG.COM.DASH.WWW``, WeChat Pay, Alipay, ...) and, in ID ``51``, the SGQR merchant
information whose sub-ID ``00`` is ``SG.SGQR`` (PayNow QR Specifications v1.3, section
3.1, names ID 51 "Merchant SGQR ID"):

* ``01`` SGQR ID number (12 characters on every real sticker; lee-ratinan/emv-qr
  checks 12, its own example has 13, so another length is a warning)
* ``02`` version ``NN.NNNN`` (``01.0001``)
* ``03`` postal code of the sticker's location, 6 digits
* ``04`` level (at most 3), ``05`` unit number (at most 5), ``06`` miscellaneous (at
  most 10)
* ``07`` date of this version, ``YYYYMMDD``

Root objects follow SGQR: ``53`` = ``702`` (SGD), ``58`` = ``SG``. The other networks'
templates are recognised by their own profiles where qrpay has one (PayNow) and stay
generic merchant accounts otherwise; ``qrpay.detect`` lists every profile found, in
template order (``["paynow", "sgqr"]``).

More information:

* PayNow QR Specifications v1.3 (26 June 2018), section 3.1 and Table 3-1 (the SGQR v1.6
  root data objects)
* https://www.mas.gov.sg/development/e-payments/sgqr
* https://github.com/lee-ratinan/emv-qr (``src/EmvMerchant.php``: the 51 field checks)
* docs/schemes/sgqr.md
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ..builder import TemplateInput, checked_keywords
from ..builder import build as _build
from ..emvco import MERCHANT_ACCOUNT_NETWORKS
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject
from ._base import Scheme, account_guid, issue

__all__ = ["GUID", "NETWORK_NAMES", "SCHEME", "Network", "SgqrInfo", "SgqrView", "build", "view"]

ID = "sgqr"
GUID = "SG.SGQR"
TAG = "51"

#: GUIDs seen on SGQR stickers (real stickers and the SGQR sample), named after their owner
NETWORK_NAMES: dict[str, str] = {
    "SG.PAYNOW": "PayNow",
    "SG.COM.NETS": "NETS",
    "COM.GRAB": "GrabPay",
    "SG.COM.DASH.WWW": "Singtel Dash",
    "COM.QQ.WEIXIN.PAY": "WeChat Pay",
    "COM.ALIPAY": "Alipay",
    "COM.ALIPAY.OPENAPI": "Alipay",
    "COM.MYFAVE": "Fave",
    "SG.AIRPAY": "AirPay",
    "SG.COM.EZLINK": "EZ-Link",
    "SG.COM.OCBC": "OCBC",
    "SG.COM.UOB": "UOB",
    "COM.DBS": "DBS",
    "SG.EZI": "EZI",
    "COM.REMOPAY": "Remopay",
}

VERSION_FORMAT = re.compile(r"[0-9]{2}\.[0-9]{4}")
POSTAL_CODE = re.compile(r"[0-9]{6}")
DATE_FORMAT = re.compile(r"[0-9]{8}")
#: sub-ID -> (maximum length, name), lee-ratinan/emv-qr
MAX_LENGTHS = {"04": (3, "level"), "05": (5, "unit number"), "06": (10, "miscellaneous")}
SGQR_ID_LENGTH = 12


@dataclass(frozen=True, slots=True)
class SgqrInfo:
    """Template 51 (``SG.SGQR``): where and which sticker this is."""

    tag: str
    sgqr_id: str | None
    version: str | None
    postal_code: str | None
    level: str | None
    unit_number: str | None
    miscellaneous: str | None
    version_date_raw: str | None
    version_date: date | None


@dataclass(frozen=True, slots=True)
class Network:
    """One payment network on the sticker (a merchant account, ID 02-50)."""

    tag: str
    #: sub-ID 00 of a template; ``None`` for a primitive (02-25)
    guid: str | None
    #: the qrpay profile that recognised it (``"paynow"``), or ``None``
    scheme: str | None
    #: who the GUID or the EMVCo allocation belongs to, where known
    name: str | None


@dataclass(frozen=True, slots=True)
class SgqrView:
    """The SGQR merchant information and every network the sticker carries."""

    info: SgqrInfo | None
    networks: tuple[Network, ...]


def _date(raw: str | None) -> date | None:
    if raw is None or not DATE_FORMAT.fullmatch(raw):
        return None
    try:
        return date(int(raw[:4]), int(raw[4:6]), int(raw[6:8]))
    except ValueError:
        return None


def _is_sgqr(obj: DataObject) -> bool:
    return account_guid(obj) == GUID


def view(payload: Payload) -> SgqrView:
    """The SGQR information (template 51) and the networks on the sticker."""
    info = None
    networks = []
    for account in payload.merchant_accounts:
        guid = account.guid if account.objects is not None else None
        if guid is not None and guid.upper() == GUID:
            if info is None:
                fields = account.fields
                info = SgqrInfo(
                    account.tag,
                    fields.get("01"),
                    fields.get("02"),
                    fields.get("03"),
                    fields.get("04"),
                    fields.get("05"),
                    fields.get("06"),
                    fields.get("07"),
                    _date(fields.get("07")),
                )
            continue
        name = NETWORK_NAMES.get(guid.upper()) if guid else MERCHANT_ACCOUNT_NETWORKS.get(account.tag)
        networks.append(Network(account.tag, guid, account.scheme, name))
    return SgqrView(info, tuple(networks))


# -- rules --------------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """SGQR rules for template ``SG.SGQR`` and the root (module docstring)."""
    del now  # SGQR stickers carry no expiry
    for obj in payload.objects:
        if _is_sgqr(obj):
            yield from _check_template(obj)


def _check_template(obj: DataObject) -> Iterator[Issue]:
    if obj.tag != TAG:
        yield issue(
            ID,
            "tag",
            f"the SGQR merchant information (SG.SGQR) is in tag {obj.tag}; SGQR allocates ID 51 to it "
            "(PayNow QR spec 3.1)",
            obj=obj,
            actual=obj.tag,
        )
    children = {c.tag: c for c in reversed(obj.children or ())}
    sgqr_id = children.get("01")
    if sgqr_id is None:
        yield issue(
            ID,
            "id",
            f"template {obj.tag} (SG.SGQR) has no SGQR ID number (sub-ID 01)",
            path=(*obj.path, "01"),
        )
    elif len(sgqr_id.value) != SGQR_ID_LENGTH:
        yield issue(
            ID,
            "id_length",
            f"SGQR ID {sgqr_id.value!r} has {len(sgqr_id.value)} characters; every real sticker seen has "
            f"{SGQR_ID_LENGTH}",
            obj=sgqr_id,
            severity="warning",
            actual=len(sgqr_id.value),
        )
    version = children.get("02")
    if version is not None and not VERSION_FORMAT.fullmatch(version.value):
        yield issue(
            ID,
            "version",
            f"SGQR version {version.value!r} is not NN.NNNN (e.g. '01.0001')",
            obj=version,
            actual=version.value,
        )
    postal = children.get("03")
    if postal is not None and not POSTAL_CODE.fullmatch(postal.value):
        yield issue(
            ID,
            "postal_code",
            f"SGQR postal code {postal.value!r} is not a 6-digit Singapore postal code",
            obj=postal,
            actual=postal.value,
        )
    for sub, (limit, name) in MAX_LENGTHS.items():
        child = children.get(sub)
        if child is not None and len(child.value) > limit:
            yield issue(
                ID,
                "field_length",
                f"SGQR {name} {child.value!r} has {len(child.value)} characters; at most {limit} are allowed",
                obj=child,
                actual=len(child.value),
                max_length=limit,
            )
    released = children.get("07")
    if released is not None and _date(released.value) is None:
        yield issue(
            ID,
            "version_date",
            f"SGQR version date {released.value!r} is not a date YYYYMMDD",
            obj=released,
            actual=released.value,
        )


# -- builder ----------------------------------------------------------------------------------


@checked_keywords(
    {
        "sgqr_id": ("51", "01"),
        "version": ("51", "02"),
        "postal_code": ("51", "03"),
        "level": ("51", "04"),
        "unit_number": ("51", "05"),
        "miscellaneous": ("51", "06"),
        "version_date": ("51", "07"),
        "merchant_postal_code": ("61",),
    }
)
def build(
    *,
    sgqr_id: str,
    version: str,
    postal_code: str,
    version_date: date | str,
    merchant_name: str,
    networks: Mapping[str, str | TemplateInput] | Sequence[DataObject],
    level: str | None = None,
    unit_number: str | None = None,
    miscellaneous: str | None = None,
    merchant_city: str = "Singapore",
    merchant_category_code: str = "0000",
    merchant_postal_code: str | None = None,
    initiation: str | None = None,
    now: datetime | None = None,
) -> Payload:
    """Build an SGQR sticker payload: the networks' templates (IDs 02-50, e.g.
    ``{"26": {"00": "SG.PAYNOW", ...}, "27": {"00": "SG.COM.NETS", ...}}``) plus the SGQR
    merchant information in 51. Currency ``702``, country ``SG``, static (``11``).

    ``version_date`` is a ``date`` or ``YYYYMMDD``; ``merchant_postal_code`` is root
    ID 61 (the SGQR template's ``postal_code`` is 51/03). The networks' own profiles
    validate their templates (a PayNow template gets PayNow's rules).
    """
    accounts: dict[str, str | TemplateInput] = {}
    items = networks.items() if isinstance(networks, Mapping) else ((o.tag, o) for o in networks)
    for tag, account in items:
        if tag == TAG:
            raise InvalidRequest(
                "networks: ID 51 holds the SGQR merchant information; give the networks in 02-50",
                code="sgqr.tag",
                path=(TAG,),
            )
        accounts[tag] = account
    if isinstance(version_date, datetime):
        raise InvalidRequest(
            "version_date: give a date or 'YYYYMMDD', not a datetime",
            code="sgqr.version_date",
            path=(TAG, "07"),
        )
    released = version_date.strftime("%Y%m%d") if isinstance(version_date, date) else version_date
    template = [("00", GUID), ("01", sgqr_id), ("02", version), ("03", postal_code)]
    for sub, value in (("04", level), ("05", unit_number), ("06", miscellaneous)):
        if value is not None:
            template.append((sub, value))
    template.append(("07", released))
    accounts[TAG] = template
    return _build(
        merchant_accounts=accounts,
        currency="702",
        country="SG",
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        postal_code=merchant_postal_code,
        initiation=initiation,
        now=now,
    )


SCHEME = Scheme(
    id=ID,
    title="SGQR",
    country="SG",
    currencies=("702",),
    market_source="SGQR v1.6 Table 3-1",
    guids=(GUID,),
    account_tags=(TAG,),
    references=(
        "PayNow QR Specifications v1.3 (26 June 2018), section 3.1 (SGQR Specifications v1.6 root objects)",
        "https://www.mas.gov.sg/development/e-payments/sgqr",
        "https://github.com/lee-ratinan/emv-qr",
    ),
    examples=(
        "00020101021126810011SG.COM.NETS01231198500065G9912312359000211111686614000308686614019908604108C251800007SG.SGQR01121809072DD85C020701.00010306079027040201050206060400000708201809155204581253037025802SG5912SOBA EXPRESS6009Singapore630457B3",
        "00020101021126520008com.grab0136c99990dc-ab89-442f-accb-1fd96dd4eff627330015sg.com.dash.www0110000000901628460010com.myfave0128https://myfave.com/qr/6ntdz329360009SG.AIRPAY0119936009180000000468751810007SG.SGQR01121809112DE3C7020701.000703065743700402010503105060400000708202012105204581253037025802SG5920UDDERS UPPER THOMSON6009Singapore63047AEC",
    ),
    summary="Template 51 (SG.SGQR): SGQR ID, version, postal code, level, unit, version date; every "
    "network on a multi-network sticker listed by the view",
    check=check,
    view=view,
    build=build,
    field_names={
        "account.00": "SGQR GUID",
        "account.01": "SGQR ID number",
        "account.02": "SGQR version",
        "account.03": "Postal code",
        "account.04": "Level",
        "account.05": "Unit number",
        "account.06": "Miscellaneous",
        "account.07": "Version date",
    },
    module=__name__,
)
