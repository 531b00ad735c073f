"""Japan: JPQR (Payments Japan Association), merchant-presented mode.

JPQR is the unified code of the Payments Japan Association (一般社団法人キャッシュレス推進協議会),
*コード決済に関する統一技術仕様ガイドライン* (29 March 2019; MPM guideline 1.0). The guideline
PDF is published but its field tables were not read for qrpay: what is known comes from
mercari/go-emv-code (``mpm/jpqr``), which validates JPQR on decode and encode, and from
codes in public tests. Every JPQR rule is therefore a **warning**.

* A merchant account template (any of 26-51; every example uses 26) whose sub-ID ``00``
  is the JPQR-ID GUID ``jp.or.paymentsjapan``, with four sub-IDs of exact length:
  ``01`` 13 characters (read as the unified store identification code, 統一店舗識別コード,
  that the association's GUILD system issues for static MPM codes), ``02`` 4, ``03`` 6,
  ``04`` 6. What 02-04 mean is not published in a form qrpay could read.
* ``58`` = ``JP``, ``53`` = ``392`` (JPY), ``61`` postal code present, ``64`` (merchant
  information in another language) present with language ``JA`` and no city (64/02).
* Other networks sit beside it in the same code (UnionPay templates 29 and 31 in
  mercari's examples).

More information:

* https://paymentsjapan.or.jp/?p=1839 (the guidelines; MPM_Guideline_1.0.pdf)
* https://www.paymentsjapan.or.jp/initiatives/guild-dock/ (GUILD, the store codes)
* https://github.com/mercari/go-emv-code (``mpm/jpqr/jpqr.go``, ``id.go``)
* https://github.com/kenmaz/JPQRReader, npm ``@natade-coco/jpqr``
* docs/schemes/jpqr.md
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from ..builder import TemplateInput, checked_keywords
from ..builder import build as _build
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject
from ._base import Scheme, account_guid, issue

__all__ = [
    "GUID",
    "ID_LENGTHS",
    "SCHEME",
    "JpqrId",
    "JpqrView",
    "build",
    "view",
]

ID = "jpqr"
GUID = "jp.or.paymentsjapan"
TAG = "26"
#: JPQR-ID sub-ID -> exact length (mercari/go-emv-code mpm/jpqr/id.go, validateIDLength) [impl]
ID_LENGTHS = {"01": 13, "02": 4, "03": 6, "04": 6}
LANGUAGE = "JA"


# -- typed view --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class JpqrId:
    """The JPQR-ID template (GUID ``jp.or.paymentsjapan``)."""

    tag: str
    guid: str
    #: 01, 13 characters: the unified store identification code (GUILD) as far as is known
    store_code: str | None
    #: 02 (4), 03 (6), 04 (6): parts of the JPQR-ID whose meaning is not published here
    code_02: str | None
    code_03: str | None
    code_04: str | None
    other: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class JpqrView:
    """Everything JPQR in a payload."""

    jpqr_id: JpqrId | None
    amount: Decimal | None
    merchant_name: str | None
    postal_code: str | None
    #: 64/00 and 64/01: the language and the merchant's name in it (Japanese)
    language: str | None
    local_name: str | None
    #: the other merchant accounts (e.g. UnionPay 29, 31): tag -> value
    other_accounts: dict[str, str] = field(default_factory=dict)


def _is_jpqr(obj: DataObject) -> bool:
    return account_guid(obj) == GUID.upper()


def _jpqr_id(obj: DataObject) -> JpqrId:
    values: dict[str, str] = {}
    for child in obj.children or ():
        values.setdefault(child.tag, child.value)
    other = {k: v for k, v in values.items() if k not in ("00", *ID_LENGTHS)}
    return JpqrId(
        obj.tag,
        values.get("00", ""),
        values.get("01"),
        values.get("02"),
        values.get("03"),
        values.get("04"),
        other,
    )


def view(payload: Payload) -> JpqrView:
    """The typed JPQR view of a payload."""
    found = next((obj for obj in payload.objects if _is_jpqr(obj)), None)
    others = {obj.tag: obj.value for obj in payload.objects if "02" <= obj.tag <= "51" and obj is not found}
    return JpqrView(
        None if found is None else _jpqr_id(found),
        payload.amount,
        payload.merchant_name,
        payload.value("61"),
        payload.value(("64", "00")),
        payload.value(("64", "01")),
        others,
    )


# -- rules --------------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """mercari/go-emv-code's JPQR validators, as warnings (the guideline was not read)."""
    del now  # static JPQR codes carry no expiry
    for obj in payload.objects:
        if _is_jpqr(obj):
            where = ".".join(obj.path)
            children = {c.tag: c for c in reversed(obj.children or ())}
            for sub, length in ID_LENGTHS.items():
                child = children.get(sub)
                if child is None or len(child.value) != length:
                    found = "missing" if child is None else f"{child.value!r} ({len(child.value)} characters)"
                    yield issue(
                        ID,
                        "id_length",
                        f"JPQR-ID {where}.{sub} is {found}; it has exactly {length} characters "
                        "(mercari/go-emv-code, validateIDLength)",
                        obj=child,
                        path=(*obj.path, sub),
                        severity="warning",
                        actual=None if child is None else child.value,
                        length=length,
                    )
            break
    initiation = payload.get("01")
    if initiation is not None and initiation.value == "12" and payload.get("54") is None:
        yield issue(
            ID,
            "dynamic_without_amount",
            "a dynamic code (01 = 12) without an amount (54); JPQR makes the amount mandatory in dynamic "
            "codes (@natade-coco/jpqr's reading of MPM guideline 1.1)",
            obj=initiation,
            severity="warning",
        )
    if payload.get("61") is None:
        yield issue(
            ID,
            "postal_code",
            "no tag 61 (postal code), which JPQR codes carry (mercari/go-emv-code, validatePostalCode)",
            path=("61",),
            severity="warning",
        )
    language = payload.get("64")
    if language is None:
        yield issue(
            ID,
            "language_template",
            "no tag 64 (merchant information, language template), which JPQR codes carry with the "
            "merchant's name in Japanese (mercari/go-emv-code, validateMerchantInformation)",
            path=("64",),
            severity="warning",
        )
        return
    preference = payload.get(("64", "00"))
    if preference is None or preference.value != LANGUAGE:
        found = "missing" if preference is None else repr(preference.value)
        yield issue(
            ID,
            "language",
            f"the language preference (64.00) is {found}; JPQR writes JA "
            "(mercari/go-emv-code, validateMerchantInformation)",
            obj=preference,
            path=("64", "00"),
            severity="warning",
            actual=None if preference is None else preference.value,
        )
    city = payload.get(("64", "02"))
    if city is not None:
        yield issue(
            ID,
            "language_city",
            f"64.02 (merchant city in Japanese, {city.value!r}) is present; JPQR leaves it out "
            "(mercari/go-emv-code: 'MerchantInformation.City is not necessary')",
            obj=city,
            severity="warning",
        )


# -- builder ----------------------------------------------------------------------------------


@checked_keywords(
    {
        "store_code": (TAG, "01"),
        "code_02": (TAG, "02"),
        "code_03": (TAG, "03"),
        "code_04": (TAG, "04"),
        "local_name": ("64", "01"),
        "other_accounts": (),
    }
)
def build(
    *,
    store_code: str,
    code_02: str,
    code_03: str,
    code_04: str,
    merchant_name: str,
    merchant_city: str,
    postal_code: str,
    local_name: str,
    merchant_category_code: str,
    amount: Decimal | int | str | None = None,
    initiation: str | None = None,
    other_accounts: Mapping[str, str | Mapping[str, str]] | None = None,
    now: datetime | None = None,
) -> Payload:
    """Build a JPQR payload (JPY, JP): the JPQR-ID in 26, 61, and 64 with ``JA`` and ``local_name``.

    ``store_code`` (13), ``code_02`` (4), ``code_03`` (6) and ``code_04`` (6) are the
    JPQR-ID's four parts, written as given; their lengths are checked, their meaning is
    the Payments Japan Association's (GUILD issues them to a store). ``other_accounts``
    adds the other networks' templates (``{"29": "0012D156..."}``); the JPQR-ID takes 26.
    Amounts are yen, written as given (``498``). POI is ``12`` with an amount and ``11``
    without unless ``initiation`` says otherwise.
    """
    parts = {"01": store_code, "02": code_02, "03": code_03, "04": code_04}
    names = {"01": "store_code", "02": "code_02", "03": "code_03", "04": "code_04"}
    for sub, value in parts.items():
        if len(value) != ID_LENGTHS[sub]:
            raise InvalidRequest(
                f"{names[sub]}: {value!r} has {len(value)} characters; the JPQR-ID's {sub} has exactly "
                f"{ID_LENGTHS[sub]}",
                code="jpqr.id_length",
                path=(TAG, sub),
                ctx={"actual": value},
            )
    accounts: dict[str, str | TemplateInput] = dict(other_accounts or {})
    if TAG in accounts:
        raise InvalidRequest(
            "other_accounts: 26 holds the JPQR-ID; put the other networks in 27-51",
            code="duplicate_tag",
            path=(TAG,),
        )
    accounts[TAG] = [("00", GUID), *parts.items()]
    return _build(
        merchant_accounts=accounts,
        currency="392",
        country="JP",
        amount=amount,
        amount_style="minimal",
        initiation=initiation,
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        postal_code=postal_code,
        language={"language_preference": LANGUAGE, "merchant_name": local_name},
        now=now,
    )


SCHEME = Scheme(
    id=ID,
    title="JPQR",
    country="JP",
    currencies=("392",),
    market_source="mercari/go-emv-code mpm/jpqr",
    currency_rule="warning",
    country_rule="warning",
    guids=(GUID,),
    account_tags=(TAG,),
    references=(
        "Payments Japan Association, コード決済に関する統一技術仕様ガイドライン, MPM guideline 1.0 (29 March 2019)",
        "https://paymentsjapan.or.jp/?p=1839",
        "https://www.paymentsjapan.or.jp/initiatives/guild-dock/",
        "https://github.com/mercari/go-emv-code",
        "https://github.com/kenmaz/JPQRReader",
    ),
    examples=(
        # mercari/go-emv-code mpm/jpqr/jpqr_test.go (tags out of order as in the original test)
        "0002016003xxx01021129300012D156000000000510A93FO3230Q31280012D1560000000103081234567826680019"
        "jp.or.paymentsjapan01130000000000001020400010306000001040600000153033925903xxx64180002JA0108"
        "メルペイ カフェ520441115802JP610710661436304DEE9",
    ),
    summary="JPQR-ID (jp.or.paymentsjapan) in any merchant account template: 01 (13), 02 (4), 03 (6), "
    "04 (6); JPY, JP, postal code, 64 in JA; rules are warnings (mercari's checks)",
    evidence="impl",
    check=check,
    view=view,
    build=build,
    field_names={
        "account.00": "JPQR-ID GUID",
        "account.01": "Store code (13)",
        "account.02": "JPQR-ID 02 (4)",
        "account.03": "JPQR-ID 03 (6)",
        "account.04": "JPQR-ID 04 (6)",
    },
    module=__name__,
)
