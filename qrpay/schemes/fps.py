"""Hong Kong: the Faster Payment System (FPS, HKICL) in the Common QR Code (HKQR).

The HKMA's *Common QR Code Specification for Retail Payments in Hong Kong* (v1.0,
December 2017, section 4.2) allocates root ID ``26`` to FPS; HKMA/HKICL's
*Payee-presented QR Code Specification for FPS* (v1.2, February 2019) defines the
template. Neither document's field tables are readable in public; what qrpay enforces
comes from implementations that quote them (derekchu322/fps-qr-code, DemChing/hkqr-fps,
Odoo ``l10n_hk``) and from real codes. The template, GUID ``hk.com.hkicl`` (the reverse
domain name of HKICL, the FPS operator; compared case-insensitively, ``HK.COM.HKICL`` is
seen in the wild):

* ``01`` clearing code: 3 digits, the payee's FPS participant (``004`` HSBC, ``024`` Hang
  Seng, ``935`` HKT, ``954`` PayMe, ...).
* ``02`` FPS Identifier (7 or 9 digits seen), ``03`` mobile number (``+852-67891234``),
  ``04`` e-mail address: the proxy. "Only one proxy identifier must be present".
* ``05`` merchant timeout time, ``yymmddhhmmss`` (taken as Hong Kong time, UTC+8).
* ``06`` editable transaction amount indicator: ``1`` when the payer may change 54.

At the root: ``52`` is "not used" (dummy ``0000``), ``53`` is ``344`` (HKD) or ``156``
(CNY) only, ``58``, ``59`` and ``60`` are dummies (``HK``, ``NA``, ``HK``); in ``62``,
"either Bill Number (01) or Reference Label (05)" may be put in one code.

What the quoted spec says is an error (currency, exactly one proxy, bill number *or*
reference label); every field format known only from implementations is a warning.

More information:

* HKMA, Common QR Code Specification for Retail Payments in Hong Kong, MPM, v1.0 (2017)
  https://www.hkma.gov.hk/media/eng/doc/key-functions/financial-infrastructure/infrastructure/retail-payment-initiatives/Common_QR_Code_Specification.pdf
* HKMA/HKICL, Payee-presented QR Code Specification for FPS, v1.2 (2019)
* https://github.com/derekchu322/fps-qr-code, https://github.com/DemChing/hkqr-fps,
  odoo/odoo ``addons/l10n_hk`` (field rules quoted from the FPS spec)
* docs/schemes/fps.md

>>> from qrpay.schemes import fps
>>> fps.build(fps_id="9999999", amount="123").to_text()
'00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK6304D1A3'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from ..amount import AmountStyle
from ..builder import build as _build
from ..builder import checked_keywords
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject
from ._base import Scheme, account_guid, issue

__all__ = [
    "GUID",
    "HKT",
    "SCHEME",
    "FpsAccount",
    "FpsView",
    "build",
    "timeout_at",
    "view",
]

ID = "fps"
GUID = "hk.com.hkicl"
TAG = "26"
#: Hong Kong Time: UTC+8, no daylight saving since 1979
HKT = timezone(timedelta(hours=8), "HKT")
#: 53 values the FPS spec supports (quoted by derekchu322 and DemChing): HKD and CNY
CURRENCIES = ("344", "156")
_CURRENCY_ALPHA = {"HKD": "344", "CNY": "156"}

#: derekchu322/fps-qr-code's pattern for an FPS Identifier [impl]
FPS_ID_FORMAT = re.compile(r"[0-9]{7}(?:[0-9]{2})*")
#: Odoo l10n_hk's pattern: '+', country code, '-', number [impl]
MOBILE_FORMAT = re.compile(r"\+[0-9]{1,3}-[0-9]{6,12}")
#: a plain address check: something@domain.tld, no spaces
EMAIL_FORMAT = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
CLEARING_CODE_FORMAT = re.compile(r"[0-9]{3}")
TIMEOUT_FORMAT = re.compile(r"[0-9]{12}")
#: proxy sub-ID -> (view name, what it is)
PROXIES = {
    "02": ("fps_id", "FPS Identifier"),
    "03": ("mobile", "mobile number"),
    "04": ("email", "e-mail address"),
}


# -- typed view --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FpsAccount:
    """The FPS merchant account template (tag 26, GUID ``hk.com.hkicl``)."""

    tag: str
    guid: str
    clearing_code: str | None
    fps_id: str | None
    mobile: str | None
    email: str | None
    #: 05 as written (``yymmddhhmmss``)
    timeout_raw: str | None
    #: the instant 05 names (Hong Kong time), if it is a valid date and time
    timeout: datetime | None
    #: 06: True for ``1``, False for ``0``, None when absent or another value
    amount_editable: bool | None
    #: sub-IDs other than 00-06, as found
    other: dict[str, str] = field(default_factory=dict)

    @property
    def proxy_type(self) -> str | None:
        """``"fps_id"``, ``"mobile"`` or ``"email"``: the first proxy present."""
        for name in ("fps_id", "mobile", "email"):
            if getattr(self, name) is not None:
                return name
        return None

    @property
    def proxy_value(self) -> str | None:
        kind = self.proxy_type
        return None if kind is None else str(getattr(self, kind))


@dataclass(frozen=True, slots=True)
class FpsView:
    """Everything FPS in a payload."""

    account: FpsAccount | None
    amount: Decimal | None
    #: 53: ``344`` (HKD) or ``156`` (CNY)
    currency: str | None
    #: 62/01 and 62/05 (the spec allows one of them)
    bill_number: str | None
    reference_label: str | None
    merchant_name: str | None


def _parse_timeout(raw: str) -> datetime | None:
    """05 (``yymmddhhmmss``, Hong Kong time) as an aware datetime, or None."""
    if not TIMEOUT_FORMAT.fullmatch(raw):
        return None
    try:
        return datetime(
            2000 + int(raw[:2]),
            int(raw[2:4]),
            int(raw[4:6]),
            int(raw[6:8]),
            int(raw[8:10]),
            int(raw[10:12]),
            tzinfo=HKT,
        )
    except ValueError:
        return None


def _is_fps(obj: DataObject) -> bool:
    return account_guid(obj) == GUID.upper()


def _account(obj: DataObject) -> FpsAccount:
    values: dict[str, str] = {}
    for child in obj.children or ():
        values.setdefault(child.tag, child.value)
    timeout_raw = values.get("05")
    other = {k: v for k, v in values.items() if k not in ("00", "01", "02", "03", "04", "05", "06")}
    return FpsAccount(
        obj.tag,
        values.get("00", ""),
        values.get("01"),
        values.get("02"),
        values.get("03"),
        values.get("04"),
        timeout_raw,
        None if timeout_raw is None else _parse_timeout(timeout_raw),
        {"0": False, "1": True}.get(values.get("06", "")),
        other,
    )


def view(payload: Payload) -> FpsView:
    """The typed FPS view of a payload."""
    account = next((_account(obj) for obj in payload.objects if _is_fps(obj)), None)
    return FpsView(
        account,
        payload.amount,
        payload.value("53"),
        payload.value(("62", "01")),
        payload.value(("62", "05")),
        payload.merchant_name,
    )


def timeout_at(payload: Payload) -> datetime | None:
    """The merchant timeout (26/05, Hong Kong time) of the FPS account, or ``None``."""
    for obj in payload.objects:
        if _is_fps(obj):
            timeout = obj.child("05")
            return None if timeout is None else _parse_timeout(timeout.value)
    return None


# -- rules --------------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """FPS rules (module docstring): errors from the quoted spec, warnings from implementations."""
    for obj in payload.objects:
        if _is_fps(obj):
            yield from _check_account(obj, payload, now)
            break
    bill = payload.get(("62", "01"))
    reference = payload.get(("62", "05"))
    if bill is not None and reference is not None:
        yield issue(
            ID,
            "bill_and_reference",
            f"62 carries both a bill number (01, {bill.value!r}) and a reference label (05, "
            f"{reference.value!r}); the FPS spec allows either one in a code, not both",
            obj=reference,
        )


def _check_account(obj: DataObject, payload: Payload, now: datetime) -> Iterator[Issue]:
    where = ".".join(obj.path)
    if obj.tag != TAG:
        yield issue(
            ID,
            "account_tag",
            f"the FPS template is in tag {obj.tag}; the Common QR Code Specification (4.2) allocates 26 "
            "to FPS, so a Hong Kong wallet may look for it only there",
            obj=obj,
            severity="warning",
            actual=obj.tag,
        )
    children = {c.tag: c for c in reversed(obj.children or ())}
    proxies = [children[sub] for sub in PROXIES if sub in children]
    if len(proxies) != 1:
        found = "none" if not proxies else " and ".join(f"{p.tag} ({PROXIES[p.tag][1]})" for p in proxies)
        yield issue(
            ID,
            "proxy",
            f"the FPS template {where} holds {found}; the FPS spec wants exactly one proxy: 02 FPS "
            "Identifier, 03 mobile number or 04 e-mail address",
            obj=proxies[1] if len(proxies) > 1 else None,
            path=(*obj.path, "02"),
            actual=",".join(p.tag for p in proxies),
        )
    clearing = children.get("01")
    if clearing is not None and not CLEARING_CODE_FORMAT.fullmatch(clearing.value):
        yield issue(
            ID,
            "clearing_code",
            f"FPS clearing code {clearing.value!r} ({where}.01) is not 3 digits, the form of every FPS "
            "participant's code (004 HSBC, 024 Hang Seng, ...)",
            obj=clearing,
            severity="warning",
            actual=clearing.value,
        )
    fps_id = children.get("02")
    if fps_id is not None and not FPS_ID_FORMAT.fullmatch(fps_id.value):
        yield issue(
            ID,
            "fps_id_format",
            f"FPS Identifier {fps_id.value!r} is not 7 digits (or 9, 11, ...); FPS assigns 7- and "
            "9-digit identifiers",
            obj=fps_id,
            severity="warning",
            actual=fps_id.value,
        )
    mobile = children.get("03")
    if mobile is not None and not MOBILE_FORMAT.fullmatch(mobile.value):
        yield issue(
            ID,
            "mobile_format",
            f"FPS mobile number {mobile.value!r} is not '+', the country code, '-' and the number "
            "(+852-67891234), the form FPS registers",
            obj=mobile,
            severity="warning",
            actual=mobile.value,
        )
    email = children.get("04")
    if email is not None and not EMAIL_FORMAT.fullmatch(email.value):
        yield issue(
            ID,
            "email_format",
            f"FPS e-mail proxy {email.value!r} is not an e-mail address (name@domain)",
            obj=email,
            severity="warning",
            actual=email.value,
        )
    timeout = children.get("05")
    if timeout is not None:
        moment = _parse_timeout(timeout.value)
        if moment is None:
            yield issue(
                ID,
                "timeout_format",
                f"FPS merchant timeout {timeout.value!r} ({where}.05) is not a date and time yymmddhhmmss",
                obj=timeout,
                severity="warning",
                actual=timeout.value,
            )
        elif now > moment:
            yield issue(
                ID,
                "timed_out",
                f"the merchant timeout {moment.strftime('%Y-%m-%d %H:%M:%S')} (Hong Kong time, {where}.05) "
                "has passed; the payee may refuse the payment",
                obj=timeout,
                severity="warning",
                timeout=moment.isoformat(),
                now=now.isoformat(),
            )
    editable = children.get("06")
    if editable is not None:
        if editable.value not in ("0", "1"):
            yield issue(
                ID,
                "editable",
                f"FPS editable amount indicator {editable.value!r} ({where}.06) is not 1 (the payer may "
                "edit the amount) or 0",
                obj=editable,
                severity="warning",
                actual=editable.value,
            )
        elif editable.value == "1" and payload.get("54") is None:
            yield issue(
                ID,
                "editable_without_amount",
                f"{where}.06 says the amount is editable, but the code carries no amount (54)",
                obj=editable,
                severity="warning",
            )


# -- builder ----------------------------------------------------------------------------------


def _refuse(message: str, code: str, path: tuple[str, ...], actual: object = None) -> InvalidRequest:
    ctx = {} if actual is None else {"actual": str(actual)}
    return InvalidRequest(message, code=code, path=path, ctx=ctx)


def _timeout_text(timeout: datetime | str, now: datetime | None) -> str:
    path = (TAG, "05")
    if isinstance(timeout, datetime):
        if timeout.tzinfo is None or timeout.utcoffset() is None:
            raise _refuse(
                "timeout: give an aware datetime (it is written in Hong Kong time) or a 'yymmddhhmmss' string",
                "fps.timeout_format",
                path,
            )
        moment = timeout.astimezone(HKT)
        if not 2000 <= moment.year <= 2099:
            raise _refuse(
                f"timeout: {moment.year} cannot be written as yymmddhhmmss",
                "fps.timeout_format",
                path,
                moment,
            )
        text = moment.strftime("%y%m%d%H%M%S")
    else:
        parsed = _parse_timeout(timeout)
        if parsed is None:
            raise _refuse(
                f"timeout: {timeout!r} is not a date and time yymmddhhmmss (Hong Kong time)",
                "fps.timeout_format",
                path,
                timeout,
            )
        moment, text = parsed, timeout
    clock = now if now is not None else datetime.now(timezone.utc)
    if clock > moment:
        raise _refuse(
            f"timeout: {moment.strftime('%Y-%m-%d %H:%M:%S')} Hong Kong time has already passed",
            "fps.timed_out",
            path,
            text,
        )
    return text


@checked_keywords(
    {
        "clearing_code": (TAG, "01"),
        "fps_id": (TAG, "02"),
        "mobile": (TAG, "03"),
        "email": (TAG, "04"),
        "timeout": (TAG, "05"),
        "editable": (TAG, "06"),
        "reference": ("62", "05"),
    }
)
def build(
    *,
    fps_id: str | None = None,
    mobile: str | None = None,
    email: str | None = None,
    clearing_code: str | None = None,
    amount: Decimal | int | str | None = None,
    currency: str = "344",
    editable: bool = False,
    timeout: datetime | str | None = None,
    bill_number: str | None = None,
    reference: str | None = None,
    merchant_name: str = "NA",
    merchant_city: str = "HK",
    merchant_category_code: str = "0000",
    initiation: str | None = None,
    amount_style: AmountStyle = "minimal",
    now: datetime | None = None,
) -> Payload:
    """Build an FPS payload to exactly one of ``fps_id``, ``mobile`` or ``email``.

    ``mobile`` is written as FPS registers it, ``+852-67891234`` (the form is checked,
    never guessed); ``clearing_code`` (3 digits) names the payee's bank or wallet.
    ``currency`` is ``344``/``HKD`` (default) or ``156``/``CNY``, the two the spec
    supports. ``editable=True`` writes 06 = ``1`` and needs an amount. ``timeout`` (26/05)
    is an aware ``datetime`` or a ``yymmddhhmmss`` string in Hong Kong time, refused
    when already past at ``now``. ``bill_number`` (62/01) and ``reference`` (62/05,
    reference label) are exclusive. Root defaults are the spec's dummies: MCC ``0000``,
    name ``NA``, city ``HK``. Amounts are written as given (``123`` -> ``123``); POI is
    ``12`` with an amount and ``11`` without unless ``initiation`` says otherwise.
    """
    given = [
        (sub, value) for sub, value in (("02", fps_id), ("03", mobile), ("04", email)) if value is not None
    ]
    if len(given) != 1:
        raise _refuse(
            "give exactly one of fps_id, mobile or email (the FPS spec: only one proxy identifier)",
            "fps.proxy",
            (TAG, "02"),
        )
    sub, proxy = given[0]
    if sub == "02" and not FPS_ID_FORMAT.fullmatch(proxy):
        raise _refuse(
            f"fps_id: {proxy!r} is not an FPS Identifier (7 digits, or 9, 11, ...: 7 and pairs of digits)",
            "fps.fps_id_format",
            (TAG, sub),
            proxy,
        )
    if sub == "03" and not MOBILE_FORMAT.fullmatch(proxy):
        raise _refuse(
            f"mobile: {proxy!r} is not '+', a country code, '-' and the number (e.g. '+852-67891234')",
            "fps.mobile_format",
            (TAG, sub),
            proxy,
        )
    if sub == "04" and not EMAIL_FORMAT.fullmatch(proxy):
        raise _refuse(f"email: {proxy!r} is not an e-mail address", "fps.email_format", (TAG, sub), proxy)
    if clearing_code is not None and not CLEARING_CODE_FORMAT.fullmatch(clearing_code):
        raise _refuse(
            f"clearing_code: {clearing_code!r} is not 3 digits (e.g. '004')",
            "fps.clearing_code",
            (TAG, "01"),
            clearing_code,
        )
    code = _CURRENCY_ALPHA.get(currency.upper(), currency)
    if code not in CURRENCIES:
        raise _refuse(
            f"currency: FPS codes are in HKD (344) or CNY (156), not {currency!r}",
            "fps.currency",
            ("53",),
            currency,
        )
    if editable and amount is None:
        raise _refuse(
            "editable=True needs an amount: 06 says the payer may change the amount in 54",
            "fps.editable_without_amount",
            (TAG, "06"),
        )
    if bill_number is not None and reference is not None:
        raise _refuse(
            "bill_number and reference are exclusive (the FPS spec: either Bill Number or Reference Label)",
            "fps.bill_and_reference",
            ("62", "05"),
        )
    account = [("00", GUID)]
    if clearing_code is not None:
        account.append(("01", clearing_code))
    account.append((sub, proxy))
    if timeout is not None:
        account.append(("05", _timeout_text(timeout, now)))
    if editable:
        account.append(("06", "1"))
    extra = {}
    if bill_number is not None:
        extra["bill_number"] = bill_number
    if reference is not None:
        extra["reference_label"] = reference
    return _build(
        merchant_accounts={TAG: account},
        currency=code,
        country="HK",
        amount=amount,
        amount_style=amount_style,
        initiation=initiation,
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        additional_data=extra or None,
        now=now,
    )


# -- names for qrpay decode -------------------------------------------------------------------


def _describe(payload: Payload, path: tuple[str, ...], value: str) -> str | None:
    if len(path) != 2 or not "26" <= path[0] <= "51":
        return None
    owner = payload.get(path[0])
    if owner is None or not _is_fps(owner):
        return None
    if path[1] == "05":
        moment = _parse_timeout(value)
        return (
            None
            if moment is None
            else f"merchant timeout {moment.strftime('%Y-%m-%d %H:%M:%S')} Hong Kong time"
        )
    if path[1] == "06":
        return {"1": "the payer may edit the amount", "0": "the amount cannot be edited"}.get(value)
    return None


SCHEME = Scheme(
    id=ID,
    title="FPS (Hong Kong Faster Payment System)",
    country="HK",
    currencies=CURRENCIES,
    market_source="FPS payee-presented QR spec v1.2, as quoted by derekchu322/fps-qr-code",
    # 58 is a dummy in the spec ("HK"); a code with "NA" there is seen in the wild
    country_rule="warning",
    guids=(GUID,),
    account_tags=(TAG,),
    references=(
        "HKMA, Common QR Code Specification for Retail Payments in Hong Kong, Merchant-Presented Mode, v1.0 "
        "(December 2017), section 4.2",
        "https://www.hkma.gov.hk/media/eng/doc/key-functions/financial-infrastructure/infrastructure/"
        "retail-payment-initiatives/Common_QR_Code_Specification.pdf",
        "HKMA/HKICL, Payee-presented QR Code Specification for Faster Payment System (FPS), v1.2 (February 2019)",
        "https://github.com/derekchu322/fps-qr-code",
        "https://github.com/DemChing/hkqr-fps",
        "https://github.com/odoo/odoo/tree/master/addons/l10n_hk",
    ),
    examples=(
        # Odoo l10n_hk test: mobile proxy, integer amount, reference label
        "00020101021226330012hk.com.hkicl0313+852-6789123452040000530334454031005802HK5914company_1_data"
        "6002HK62170513INV/TEST/00016304A154",
        # the FPS ID 9999999 test vector (pulsely/hkqr's template with its CRC corrected)
        "00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK6304D1A3",
    ),
    summary="Tag 26 (hk.com.hkicl): clearing code, one proxy (FPS ID, mobile or e-mail), merchant timeout, "
    "editable-amount flag; HKD or CNY; bill number or reference label",
    evidence="spec-quoted",
    check=check,
    view=view,
    build=build,
    field_names={
        "account.00": "FPS GUID",
        "account.01": "Clearing code",
        "account.02": "FPS Identifier",
        "account.03": "Mobile number",
        "account.04": "E-mail address",
        "account.05": "Merchant timeout time",
        "account.06": "Editable amount indicator",
    },
    describe=_describe,
    module=__name__,
)
