"""India: Bharat QR (NPCI, Visa, Mastercard), with UPI inside it.

Bharat QR is EMVCo MPM with India's card networks and UPI in one code. NPCI's
*Bharat QR Code Specification* is not public; the layout below is Razorpay's production
constants (a public copy of its API code base: ``app/Models/BharatQr/Tags.php`` and
``Constants.php``), confirmed by CRC-valid codes of PNB, HDFC, SBI, KVB, Yes Bank and
PayU. Nothing here is read in the specification itself, so qrpay reports every Bharat
QR rule as a **warning** (docs/schemes/bharatqr.md gives the evidence of each).

* ``02`` (``03``) Visa merchant PAN, 16 digits; ``04`` (``05``) Mastercard, 15 or 16
  digits; ``06`` (``07``) NPCI RuPay, 16 digits; ``08`` the merchant's bank account:
  IFSC (11 characters) followed by the account number; ``11`` (``12``) American Express.
* ``26`` UPI: ``00`` = ``A000000524`` (NPCI's RuPay RID), ``01`` VPA ``name@handle``,
  ``02`` minimum amount (dynamic codes). ``27`` UPI reference: ``00`` = the RID, ``01``
  transaction reference (UPI ``tr``), ``02`` reference URL. ``28`` Aadhaar: ``00`` = the
  RID, ``01`` 12-digit Aadhaar number (one secondary source; an empty 01 is seen).
* ``53`` = ``356`` (INR), ``58`` = ``IN``, ``61`` a 6-digit PIN code (present in every code
  seen), ``59`` at most 23 characters (a secondary summary; two banks cut names at 23).

A plain UPI link (``upi://pay?pa=...``) is not Bharat QR and not EMV: ``qrpay.decode``
refuses it with ``not_emv`` and says what it is.

More information:

* RBI, Report of the Committee on the Analysis of QR Code (July 2020), policy only
* https://github.com/abhay-raihal/create_custom_route (a public copy of Razorpay's API:
  ``app/Models/BharatQr/Tags.php``, ``tests/Functional/Mpan/MpanTest.php``)
* https://github.com/hussainpithawala/emv-merchant-qr-lib (``emvqr/in_emvqr_test.go``)
* docs/schemes/bharatqr.md
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from ..amount import AmountStyle
from ..builder import TemplateInput, checked_keywords
from ..builder import build as _build
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject
from ._base import Relaxation, Scheme, account_guid, issue

__all__ = [
    "CARD_NETWORKS",
    "RID",
    "SCHEME",
    "BharatQrView",
    "CardAccount",
    "build",
    "view",
]

ID = "bharatqr"
#: NPCI's RuPay RID, the GUID of the UPI templates 26, 27 and 28
RID = "A000000524"
#: primitive merchant account IDs -> card network (EMVCo MPM 4.5; 06-08 as Bharat QR uses them)
CARD_NETWORKS = {
    "02": "Visa",
    "03": "Visa",
    "04": "Mastercard",
    "05": "Mastercard",
    "06": "RuPay",
    "07": "RuPay",
    "11": "American Express",
    "12": "American Express",
}
#: PAN lengths seen per network (Razorpay's test data and real codes) [obs]
PAN_LENGTHS = {"Visa": (16,), "Mastercard": (15, 16), "RuPay": (16,), "American Express": (15,)}
PAN_FORMAT = re.compile(r"[0-9]+")
#: RBI's IFSC: 4 letters (the bank), 0, 6 letters or digits (the branch)
IFSC = re.compile(r"[A-Z]{4}0[A-Z0-9]{6}")
ACCOUNT_08 = re.compile(r"([A-Z]{4}0[A-Z0-9]{6})([0-9A-Za-z]{1,26})")
#: NPCI's VPA: a handle of letters, digits, '.', '-', '_' then '@' and the PSP's name
VPA_FORMAT = re.compile(r"[A-Za-z0-9._-]+@[A-Za-z0-9.-]+")
MIN_AMOUNT = re.compile(r"[0-9]+(?:\.[0-9]{1,2})?")
AADHAAR = re.compile(r"[0-9]{12}")
PIN_CODE = re.compile(r"[1-9][0-9]{5}")
UPI_TAGS = {"26": "UPI VPA", "27": "UPI reference", "28": "Aadhaar"}
#: 59 as cut by the issuing banks seen (HDFC and PNB both cut at 23) [sec + obs]
NAME_LIMIT = 23


# -- typed view --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CardAccount:
    """A card network's merchant PAN (a primitive merchant account 02-07, 11-12)."""

    tag: str
    network: str
    pan: str


@dataclass(frozen=True, slots=True)
class BharatQrView:
    """Everything Bharat QR in a payload."""

    cards: tuple[CardAccount, ...]
    #: 08: the IFSC and the account number it is followed by
    ifsc: str | None
    account_number: str | None
    #: 26/01, 26/02
    vpa: str | None
    minimum_amount: str | None
    #: 27/01 (UPI ``tr``), 27/02
    transaction_reference: str | None
    reference_url: str | None
    #: 28/01
    aadhaar: str | None
    amount: Decimal | None
    merchant_name: str | None
    postal_code: str | None
    #: 62/05 and 62/07
    reference_id: str | None
    terminal_id: str | None

    def card(self, network: str) -> str | None:
        """The first PAN of a network (``"Visa"``, ``"Mastercard"``, ``"RuPay"``, ...)."""
        return next((c.pan for c in self.cards if c.network == network), None)


def _upi_child(payload: Payload, tag: str, sub: str) -> str | None:
    obj = payload.get(tag)
    if obj is None or account_guid(obj) != RID:
        return None
    child = obj.child(sub)
    return None if child is None else child.value


def view(payload: Payload) -> BharatQrView:
    """The typed Bharat QR view of a payload."""
    cards = tuple(
        CardAccount(obj.tag, CARD_NETWORKS[obj.tag], obj.value)
        for obj in payload.objects
        if obj.tag in CARD_NETWORKS
    )
    ifsc = account_number = None
    bank = payload.value("08")
    if bank is not None:
        match = ACCOUNT_08.fullmatch(bank)
        if match:
            ifsc, account_number = match.group(1), match.group(2)
    return BharatQrView(
        cards,
        ifsc,
        account_number,
        _upi_child(payload, "26", "01"),
        _upi_child(payload, "26", "02"),
        _upi_child(payload, "27", "01"),
        _upi_child(payload, "27", "02"),
        _upi_child(payload, "28", "01"),
        payload.amount,
        payload.merchant_name,
        payload.value("61"),
        payload.value(("62", "05")),
        payload.value(("62", "07")),
    )


# -- detection ---------------------------------------------------------------------------------


def _claims(obj: DataObject, payload: Payload) -> bool:
    """A Bharat QR without UPI: a RuPay PAN (06/07) or a bank account (08) in an Indian code."""
    if obj.children is not None and obj.tag >= "26":
        return False
    if payload.value("58") != "IN":
        return False
    if obj.tag == "08":
        return ACCOUNT_08.fullmatch(obj.value) is not None
    return obj.tag in ("06", "07") and PAN_FORMAT.fullmatch(obj.value) is not None


# -- rules --------------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """Bharat QR rules (module docstring); all warnings: the specification is not public."""
    del now  # Bharat QR codes carry no expiry
    for obj in payload.objects:
        if obj.tag in CARD_NETWORKS:
            network = CARD_NETWORKS[obj.tag]
            if not PAN_FORMAT.fullmatch(obj.value) or len(obj.value) not in PAN_LENGTHS[network]:
                lengths = " or ".join(str(n) for n in PAN_LENGTHS[network])
                yield issue(
                    ID,
                    "pan_format",
                    f"{network} merchant PAN {obj.value!r} (tag {obj.tag}) is not {lengths} digits, the form "
                    "of every Bharat QR code seen",
                    obj=obj,
                    severity="warning",
                    actual=obj.value,
                )
        elif obj.tag == "08" and not ACCOUNT_08.fullmatch(obj.value):
            yield issue(
                ID,
                "bank_account",
                f"tag 08 is {obj.value!r}; Bharat QR writes the merchant's IFSC (4 letters, 0, 6 letters or "
                "digits) followed by the account number there",
                obj=obj,
                severity="warning",
                actual=obj.value,
            )
        elif obj.tag in UPI_TAGS or account_guid(obj) == RID:
            yield from _check_upi(obj)
    name = payload.get("59")
    if name is not None and len(name.value) > NAME_LIMIT:
        yield issue(
            ID,
            "name_length",
            f"merchant name {name.value!r} has {len(name.value)} characters; Bharat QR issuers cut it at "
            f"{NAME_LIMIT} (a secondary summary of the spec; HDFC and PNB codes do so)",
            obj=name,
            severity="warning",
            actual=len(name.value),
            max_length=NAME_LIMIT,
        )
    postal = payload.get("61")
    if postal is None:
        yield issue(
            ID,
            "postal_code",
            "no tag 61 (postal code); every Bharat QR code seen carries the merchant's 6-digit PIN code",
            path=("61",),
            severity="warning",
        )
    elif not PIN_CODE.fullmatch(postal.value):
        yield issue(
            ID,
            "postal_code",
            f"postal code {postal.value!r} is not an Indian PIN code (6 digits, not starting with 0)",
            obj=postal,
            severity="warning",
            actual=postal.value,
        )


def _check_upi(obj: DataObject) -> Iterator[Issue]:
    where = ".".join(obj.path)
    if obj.children is None or account_guid(obj) != RID:
        return  # another network's template in 26-28: not Bharat QR's
    if obj.tag not in UPI_TAGS:
        yield issue(
            ID,
            "upi_tag",
            f"a template with NPCI's RID {RID} is in tag {obj.tag}; Bharat QR puts UPI in 26 (VPA), 27 "
            "(reference) and 28 (Aadhaar)",
            obj=obj,
            severity="warning",
            actual=obj.tag,
        )
        return
    first = obj.child("01")
    if obj.tag == "26":
        if first is None or not VPA_FORMAT.fullmatch(first.value):
            found = "missing" if first is None else repr(first.value)
            yield issue(
                ID,
                "vpa",
                f"the UPI VPA ({where}.01) is {found}; it is the payee's address, name@handle",
                obj=first,
                path=(*obj.path, "01"),
                severity="warning",
                actual=None if first is None else first.value,
            )
        minimum = obj.child("02")
        if minimum is not None and not MIN_AMOUNT.fullmatch(minimum.value):
            yield issue(
                ID,
                "minimum_amount",
                f"the UPI minimum amount ({where}.02) {minimum.value!r} is not an amount in rupees "
                "(digits, '.', at most 2 decimals)",
                obj=minimum,
                severity="warning",
                actual=minimum.value,
            )
    elif obj.tag == "27":
        if first is None:
            yield issue(
                ID,
                "transaction_reference",
                f"the UPI reference template {where} has no transaction reference (01)",
                path=(*obj.path, "01"),
                severity="warning",
            )
    elif first is None or not AADHAAR.fullmatch(first.value):
        found = "missing" if first is None else ("empty" if not first.value else repr(first.value))
        yield issue(
            ID,
            "aadhaar",
            f"the Aadhaar number ({where}.01) is {found}; it is 12 digits",
            obj=first,
            path=(*obj.path, "01"),
            severity="warning",
            actual=None if first is None else first.value,
        )


# -- builder ----------------------------------------------------------------------------------


def _refuse(message: str, code: str, path: tuple[str, ...], actual: object = None) -> InvalidRequest:
    return InvalidRequest(
        message, code=code, path=path, ctx={} if actual is None else {"actual": str(actual)}
    )


@checked_keywords(
    {
        "visa": ("02",),
        "mastercard": ("04",),
        "rupay": ("06",),
        "ifsc": ("08",),
        "account_number": ("08",),
        "vpa": ("26", "01"),
        "minimum_amount": ("26", "02"),
        "transaction_reference": ("27", "01"),
        "reference_url": ("27", "02"),
        "reference_id": ("62", "05"),
        "terminal_id": ("62", "07"),
    }
)
def build(
    *,
    merchant_name: str,
    merchant_city: str,
    postal_code: str,
    merchant_category_code: str,
    vpa: str | None = None,
    visa: str | None = None,
    mastercard: str | None = None,
    rupay: str | None = None,
    ifsc: str | None = None,
    account_number: str | None = None,
    minimum_amount: str | None = None,
    transaction_reference: str | None = None,
    reference_url: str | None = None,
    amount: Decimal | int | str | None = None,
    initiation: str | None = None,
    reference_id: str | None = None,
    terminal_id: str | None = None,
    additional_data: Mapping[str, str] | None = None,
    amount_style: AmountStyle = "fixed",
    now: datetime | None = None,
) -> Payload:
    """Build a Bharat QR payload (INR, IN) to a UPI VPA and/or card PANs and a bank account.

    At least one of ``vpa`` (26/01), ``visa`` (02), ``mastercard`` (04), ``rupay`` (06)
    or ``ifsc`` + ``account_number`` (08) is needed. ``transaction_reference`` and
    ``reference_url`` go to the UPI reference template 27, ``minimum_amount`` to 26/02.
    ``postal_code`` is the 6-digit PIN code; ``merchant_name`` is refused beyond 23
    characters (Bharat QR issuers cut it there). ``reference_id`` and ``terminal_id``
    go to 62/05 and 62/07. Amounts get two decimals (``amount_style="fixed"``); POI is
    ``12`` with an amount and ``11`` without unless ``initiation`` says otherwise.
    Every value is checked against the Bharat QR rules; a builder never writes what the
    decoder would warn about.
    """
    accounts: dict[str, str | TemplateInput] = {}
    for tag, pan in (("02", visa), ("04", mastercard), ("06", rupay)):
        if pan is not None:
            network = CARD_NETWORKS[tag]
            if not PAN_FORMAT.fullmatch(pan) or len(pan) not in PAN_LENGTHS[network]:
                lengths = " or ".join(str(n) for n in PAN_LENGTHS[network])
                raise _refuse(
                    f"{network.lower()}: {pan!r} is not a {network} merchant PAN ({lengths} digits)",
                    "bharatqr.pan_format",
                    (tag,),
                    pan,
                )
            accounts[tag] = pan
    if (ifsc is None) != (account_number is None):
        raise _refuse(
            "give ifsc and account_number together (tag 08 holds both)", "bharatqr.bank_account", ("08",)
        )
    if ifsc is not None and account_number is not None:
        if not IFSC.fullmatch(ifsc) or not ACCOUNT_08.fullmatch(ifsc + account_number):
            raise _refuse(
                f"ifsc/account_number: {ifsc!r} + {account_number!r} is not an IFSC (4 letters, 0, 6 letters or "
                "digits) and an account number of letters and digits",
                "bharatqr.bank_account",
                ("08",),
                ifsc + account_number,
            )
        accounts["08"] = ifsc + account_number
    if vpa is not None:
        if not VPA_FORMAT.fullmatch(vpa):
            raise _refuse(f"vpa: {vpa!r} is not a UPI address name@handle", "bharatqr.vpa", ("26", "01"), vpa)
        upi = [("00", RID), ("01", vpa)]
        if minimum_amount is not None:
            if not MIN_AMOUNT.fullmatch(minimum_amount):
                raise _refuse(
                    f"minimum_amount: {minimum_amount!r} is not an amount in rupees",
                    "bharatqr.minimum_amount",
                    ("26", "02"),
                    minimum_amount,
                )
            upi.append(("02", minimum_amount))
        accounts["26"] = upi
    elif minimum_amount is not None:
        raise _refuse("minimum_amount needs a vpa (it is 26/02)", "bharatqr.vpa", ("26", "01"))
    if transaction_reference is not None or reference_url is not None:
        if transaction_reference is None:
            raise _refuse(
                "reference_url needs a transaction_reference (27/01)",
                "bharatqr.transaction_reference",
                ("27", "01"),
            )
        reference = [("00", RID), ("01", transaction_reference)]
        if reference_url is not None:
            reference.append(("02", reference_url))
        accounts["27"] = reference
    if not {"02", "04", "06", "08", "26"} & set(accounts):
        raise _refuse(
            "give a vpa, a card PAN (visa, mastercard, rupay) or ifsc + account_number: a Bharat QR code needs "
            "somewhere to pay",
            "no_merchant_account",
            (),
        )
    if len(merchant_name) > NAME_LIMIT:
        raise _refuse(
            f"merchant_name: {merchant_name!r} has {len(merchant_name)} characters; Bharat QR issuers cut it at "
            f"{NAME_LIMIT}",
            "bharatqr.name_length",
            ("59",),
            merchant_name,
        )
    if not PIN_CODE.fullmatch(postal_code):
        raise _refuse(
            f"postal_code: {postal_code!r} is not an Indian PIN code (6 digits)",
            "bharatqr.postal_code",
            ("61",),
            postal_code,
        )
    extra: dict[str, str] = dict(additional_data or {})
    for key, value in (("reference_label", reference_id), ("terminal_label", terminal_id)):
        if value is not None:
            if key in extra:
                raise _refuse(f"62 {key} given twice (keyword and additional_data)", "duplicate_tag", ("62",))
            extra[key] = value
    return _build(
        merchant_accounts=accounts,
        currency="356",
        country="IN",
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


# -- names for qrpay decode -------------------------------------------------------------------


def _describe(payload: Payload, path: tuple[str, ...], value: str) -> str | None:
    del payload  # 08 reads the same in every code
    if path == ("08",):
        match = ACCOUNT_08.fullmatch(value)
        return None if match is None else f"IFSC {match.group(1)}, account {match.group(2)}"
    return None


SCHEME = Scheme(
    id=ID,
    title="Bharat QR",
    country="IN",
    currencies=("356",),
    market_source="Razorpay's Bharat QR constants; every Indian code seen",
    # the specification is not public: what is known is implementation and observation
    currency_rule="warning",
    country_rule="warning",
    guids=(RID,),
    account_tags=("26", "27", "28"),
    relaxations=(
        Relaxation(
            "value_empty",
            ("28", "01"),
            reason="an SBI/Hitachi Payments Bharat QR writes an empty Aadhaar number (28/01, length 00); "
            "reported as bharatqr.aadhaar (warning)",
        ),
    ),
    references=(
        "NPCI/Visa/Mastercard, Bharat QR Code Specification (not public)",
        "https://github.com/abhay-raihal/create_custom_route (public copy of Razorpay's API: "
        "app/Models/BharatQr/Tags.php, Constants.php)",
        "https://github.com/hussainpithawala/emv-merchant-qr-lib",
        "RBI, Report of the Committee on the Analysis of QR Code (July 2020)",
    ),
    examples=(
        # Razorpay's MPAN test (a public copy of its API): Visa, Mastercard, RuPay, IFSC+account, UPI
        "000201010211021652873468239864230415428734682398642061662873468239864230827YESB0CMSNOC22233300488"
        "2700126300010A0000005240112random@icici27350010A0000005240117RZPFRu0HVS8RAvIgU5204539953033565802IN"
        "5905atque6009BANGALORE610656003062270514FRu0HVS8RAvIgU0705abcde6304E308",
        # a PNB merchant code (lower-case CRC in the original, upper case here)
        "000201010211021645992400041983220415545927000419832061661000500041983220827PUNB00420004200012100033662"
        "26410010A00000052401230514200A0000151.mab@pnb27260010A00000052401080601414A5204939953033565802IN"
        "5923CENTRAL WAREHOUSING COR6008GHAZIPUR6106110096621207080601414A6304B8E4",
    ),
    summary="Card PANs 02-07/11-12 (Visa, Mastercard, RuPay, Amex), IFSC + account 08, UPI VPA 26, reference "
    "27, Aadhaar 28 (A000000524); INR; rules are warnings (spec not public)",
    evidence="impl",
    check=check,
    view=view,
    build=build,
    claims=_claims,
    claimed="02-08 in a code with 58 IN: a RuPay PAN (06, 07) or IFSC + account (08)",
    field_names={
        **{tag: f"{network} merchant PAN" for tag, network in CARD_NETWORKS.items()},
        "08": "IFSC and account number",
        "26.01": "UPI VPA",
        "26.02": "UPI minimum amount",
        "27.01": "UPI transaction reference",
        "27.02": "UPI reference URL",
        "28.01": "Aadhaar number",
    },
    describe=_describe,
    module=__name__,
)
