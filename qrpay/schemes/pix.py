"""Brazil: Pix (Banco Central do Brasil), the BR Code.

The BR Code is EMVCo merchant-presented mode as profiled by the BCB's *Manual do BR
Code* and *Manual de Padrões para Iniciação do Pix* (Annex II of the Pix Regulation,
version 2.8.0, Instrução Normativa BCB nº 553 of 2024). The Pix arrangement is a merchant
account template (ID ``26``; strict readers search ``26``-``51``) whose GUI (sub-ID
``00``) is ``br.gov.bcb.pix``, compared case-insensitively (``BR.GOV.BCB.PIX`` is common):

* a **static** code carries the receiver's key in ``01`` (the DICT form of a CPF, a CNPJ,
  ``+`` and an E.164 phone number, a lower-case e-mail address or a random key, "EVP",
  a lower-case UUID), optionally a description for the payer in ``02`` and, for Pix
  Saque/Troco, the ISPB of the withdrawal facilitator in ``03`` (``fss``, 8 digits);
  62/05 holds the txid (1-25 letters and digits) or ``***`` for none (manual 2.6);
* a **dynamic** code carries only ``00`` and ``25``: the location of the charge at the
  receiver's PSP, without ``https://`` (manual 2.5.2, 2.7); its Point of Initiation is
  ``12`` and 62/05 is ``***``: the real txid is in the JSON at the location (BCB staff
  in bacen/pix-api#190 and #231);
* **Pix Automático** (recurring payments) adds an unreserved template ``80`` with the
  same GUI and, in ``25``, the location of the recurrence (``.../rec/...``), next to a
  ``26`` that may hold a key, a location, or only the GUI (manual 2.8.2, the "QR
  composto"; BCB's own examples in bacen/pix-api openapi.yaml).

At the root: ``52`` (``0000`` when no MCC applies), ``59`` and ``60`` are mandatory,
``53`` = ``986`` (BRL), ``58`` = ``BR``, ``61`` is an 8-digit CEP, ``62/05`` is always
present. A zero amount is allowed only on a Pix Saque/Troco code (``fss`` present).

Codes from the 2019 drafts of the BR Code carry the GUI ``br.gov.bcb.spi`` (the name of
the instant-payment system before "Pix"): qrpay reads them as Pix and reports the GUI.

More information:

* https://www.bcb.gov.br/content/estabilidadefinanceira/pix/Regulamento_Pix/II_ManualdePadroesparaIniciacaodoPix.pdf
* https://www.bcb.gov.br/content/estabilidadefinanceira/spb_docs/ManualBRCode.pdf
* https://www.bcb.gov.br/content/estabilidadefinanceira/pix/API-DICT.html (key formats)
* https://github.com/bacen/pix-api (BCB's API specification and its issue tracker)
* docs/schemes/pix.md

>>> from qrpay.schemes import pix
>>> pix.build(key="123e4567-e12b-12d1-a456-426655440000", merchant_name="Fulano de Tal",
...           merchant_city="BRASILIA").to_text()
'00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D'
"""

from __future__ import annotations

import enum
import re
from collections.abc import Generator, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from ..amount import AmountStyle
from ..builder import build as _build
from ..builder import checked_keywords
from ..errors import InvalidRequest, Issue
from ..model import Payload
from ..tlv import DataObject
from ._base import Relaxation, Scheme, issue

__all__ = [
    "GUI",
    "LEGACY_GUI",
    "NO_TXID",
    "SCHEME",
    "KeyType",
    "PixAccount",
    "PixView",
    "build",
    "cnpj_check_digits",
    "cpf_check_digits",
    "key_type",
    "view",
]

ID = "pix"
GUI = "br.gov.bcb.pix"
#: the GUI of the 2019 drafts of the BR Code (the system was called SPI before "Pix")
LEGACY_GUI = "br.gov.bcb.spi"
#: 62/05 when the code carries no txid (manual 2.6.2; always in a dynamic code)
NO_TXID = "***"
MANUAL = "Manual de Padrões para Iniciação do Pix"
#: the unreserved template of Pix Automático's "QR composto" (manual 2.8.2)
RECURRENCE_TAG = "80"

#: manual 2.6.2 (as quoted by brazilian-utils): a txid is at most 25 letters and digits
TXID = re.compile(r"[A-Za-z0-9]{1,25}")
#: manual 2.6: the ISPB of the withdrawal facilitator (Pix Saque/Troco), 8 digits
ISPB = re.compile(r"[0-9]{8}")
POSTAL_CODE = re.compile(r"[0-9]{8}")
#: a location written with its scheme, which the manual leaves out (2.5.2)
URL_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://")

# DICT API (tag "Chave"): the forms a key is registered in
CPF = re.compile(r"[0-9]{11}")
#: 14 digits, or the alphanumeric CNPJ (from July 2026): 12 of [0-9A-Z] then 2 check digits
CNPJ = re.compile(r"[0-9A-Z]{12}[0-9]{2}")
PHONE = re.compile(r"\+[1-9][0-9]{1,14}")
#: a Brazilian mobile or landline: +55, a 2-digit area code (DDD) and 8 or 9 digits
BR_PHONE = re.compile(r"\+55[1-9][0-9][0-9]{8,9}")
EMAIL = re.compile(
    r"[a-z0-9.!#$'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*"
)
EVP = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: DICT keys are at most 77 characters (the e-mail limit, the longest type)
KEY_MAX = 77


class KeyType(enum.Enum):
    """The type of a Pix key (DICT API, tag "Chave")."""

    CPF = "cpf"
    CNPJ = "cnpj"
    PHONE = "phone"
    EMAIL = "email"
    EVP = "evp"


# -- keys ---------------------------------------------------------------------------------------


def cpf_check_digits(base: str) -> str:
    """The two check digits of a CPF's first 9 digits (Receita Federal, modulo 11)."""
    digits = [int(c) for c in base]
    for _ in range(2):
        total = sum(d * w for d, w in zip(digits, range(len(digits) + 1, 1, -1), strict=True))
        rest = total % 11
        digits.append(0 if rest < 2 else 11 - rest)
    return f"{digits[-2]}{digits[-1]}"


def cnpj_check_digits(base: str) -> str:
    """The two check digits of a CNPJ's first 12 characters (numeric or alphanumeric).

    Receita Federal's algorithm for the alphanumeric CNPJ (Nota Técnica conjunta
    COCAD/SUARA/RFB nº 49/2024): each character counts as its ASCII code minus 48 (so
    digits keep their value and ``A`` is 17), weights 2-9 repeat from the right, and a
    digit is ``11 - sum mod 11``, or 0 when the remainder is 0 or 1. For a numeric CNPJ
    this is the classic algorithm.
    """
    values = [ord(c) - 48 for c in base]
    for _ in range(2):
        weights = [2 + i % 8 for i in range(len(values))][::-1]
        rest = sum(v * w for v, w in zip(values, weights, strict=True)) % 11
        values.append(0 if rest < 2 else 11 - rest)
    return f"{values[-2]}{values[-1]}"


def _cpf_ok(key: str) -> bool:
    # a CPF of one repeated digit passes the check digits but is never issued
    return len(set(key)) > 1 and cpf_check_digits(key[:9]) == key[9:]


def _cnpj_ok(key: str) -> bool:
    return len(set(key)) > 1 and cnpj_check_digits(key[:12]) == key[12:]


def key_type(key: str) -> KeyType | None:
    """The DICT type of a key written in its registered form, or ``None``.

    Only the form is read (CPF 11 digits, CNPJ 14 characters, ``+`` and digits, a
    lower-case e-mail address, a lower-case UUID); the check digits are not.

    >>> key_type("+5561912345678"), key_type("12ABC34501DE35")
    (<KeyType.PHONE: 'phone'>, <KeyType.CNPJ: 'cnpj'>)
    """
    if len(key) > KEY_MAX:
        return None
    if CPF.fullmatch(key):
        return KeyType.CPF
    if CNPJ.fullmatch(key):
        return KeyType.CNPJ
    if PHONE.fullmatch(key):
        return KeyType.PHONE
    if EVP.fullmatch(key):
        return KeyType.EVP
    if EMAIL.fullmatch(key):
        return KeyType.EMAIL
    return None


def _why_not_a_document(key: str) -> str:
    if len(set(key)) == 1:
        return "it is one character repeated, which Receita Federal never issues"
    return "its check digits do not match (Receita Federal, modulo 11)"


def _check_digits_ok(key: str, kind: KeyType | None) -> bool:
    if kind is KeyType.CPF:
        return _cpf_ok(key)
    if kind is KeyType.CNPJ:
        return _cnpj_ok(key)
    return True


# -- typed view --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PixAccount:
    """The Pix merchant account template (normally 26)."""

    tag: str
    gui: str
    #: 01: the receiver's key (static code)
    key: str | None
    #: 02: free text shown to the payer
    description: str | None
    #: 03: ISPB of the withdrawal facilitator (Pix Saque/Troco)
    fss: str | None
    #: 25: the location of the charge at the PSP, without https:// (dynamic code)
    url: str | None
    #: sub-IDs other than 00-03 and 25, as found
    other: dict[str, str] = field(default_factory=dict)

    @property
    def key_type(self) -> KeyType | None:
        return None if self.key is None else key_type(self.key)

    @property
    def is_dynamic(self) -> bool:
        return self.url is not None


@dataclass(frozen=True, slots=True)
class PixView:
    """Everything Pix in a payload."""

    account: PixAccount | None
    amount: Decimal | None
    merchant_name: str | None
    merchant_city: str | None
    postal_code: str | None
    #: 62/05 as written (``***`` when the code carries no txid)
    reference_label: str | None
    #: template 80 sub-ID 25: the location of a Pix Automático recurrence
    recurrence_url: str | None

    @property
    def key(self) -> str | None:
        return None if self.account is None else self.account.key

    @property
    def key_type(self) -> KeyType | None:
        return None if self.account is None else self.account.key_type

    @property
    def url(self) -> str | None:
        return None if self.account is None else self.account.url

    @property
    def is_dynamic(self) -> bool:
        """A location (26/25) instead of a key: the charge is fetched from the PSP."""
        return self.account is not None and self.account.is_dynamic

    @property
    def is_static(self) -> bool:
        return self.account is not None and self.account.url is None

    @property
    def txid(self) -> str | None:
        """The txid of a static code (62/05 unless ``***``); a dynamic code's is at its URL."""
        label = self.reference_label
        return None if label is None or label == NO_TXID or self.is_dynamic else label

    @property
    def is_withdrawal(self) -> bool:
        """Pix Saque/Troco: the code names a withdrawal facilitator (26/03)."""
        return self.account is not None and self.account.fss is not None

    @property
    def is_recurring(self) -> bool:
        """Pix Automático: a recurrence location in template 80."""
        return self.recurrence_url is not None


def _gui(obj: DataObject) -> str | None:
    """The Pix GUI of a template (26-51 or 80), lower-cased, if it has one."""
    if obj.children is None:
        return None
    for child in obj.children:
        if child.tag == "00":
            value = child.value.lower()
            return value if value in (GUI, LEGACY_GUI) else None
    return None


def _pix_account(payload: Payload) -> DataObject | None:
    for obj in payload.objects:
        if "26" <= obj.tag <= "51" and _gui(obj) is not None:
            return obj
    return None


def _recurrence(payload: Payload) -> DataObject | None:
    for obj in payload.objects:
        if "80" <= obj.tag <= "99" and _gui(obj) is not None:
            return obj
    return None


def view(payload: Payload) -> PixView:
    """The typed Pix view of a payload."""
    account = None
    obj = _pix_account(payload)
    if obj is not None:
        values: dict[str, str] = {}
        for child in obj.children or ():
            values.setdefault(child.tag, child.value)
        other = {k: v for k, v in values.items() if k not in ("00", "01", "02", "03", "25")}
        account = PixAccount(
            obj.tag,
            values["00"],
            values.get("01"),
            values.get("02"),
            values.get("03"),
            values.get("25"),
            other,
        )
    recurrence = _recurrence(payload)
    location = None if recurrence is None else recurrence.child("25")
    return PixView(
        account,
        payload.amount,
        payload.merchant_name,
        payload.merchant_city,
        payload.value("61"),
        payload.value(("62", "05")),
        None if location is None else location.value,
    )


# -- rules --------------------------------------------------------------------------------------


def check(payload: Payload, now: datetime) -> Iterator[Issue]:
    """The BR Code and Pix manual rules (module docstring; docs/schemes/pix.md)."""
    del now  # a Pix code carries no expiry in the QR (a dynamic one has it at its location)
    account = _pix_account(payload)
    if account is None:  # pragma: no cover - the scheme is detected by this template
        return
    recurrence = _recurrence(payload)
    yield from _check_root(payload)
    dynamic = yield from _check_account(account, payload, recurrence is not None)
    yield from _check_txid(payload, dynamic)
    if recurrence is not None:
        yield from _check_recurrence(recurrence)


def _check_root(payload: Payload) -> Iterator[Issue]:
    for tag, name in (("52", "Merchant Category Code"), ("59", "Merchant Name"), ("60", "Merchant City")):
        if payload.get(tag) is None:
            yield issue(
                ID,
                "missing_field",
                f"no tag {tag} ({name}), which the BR Code makes mandatory (Manual do BR Code, {MANUAL} 2.1)",
                path=(tag,),
            )
    postal = payload.get("61")
    if postal is not None and not POSTAL_CODE.fullmatch(postal.value):
        yield issue(
            ID,
            "postal_code",
            f"postal code {postal.value!r} is not a CEP of 8 digits, the form Pix generators write",
            obj=postal,
            severity="warning",
            actual=postal.value,
        )


def _check_account(obj: DataObject, payload: Payload, recurring: bool) -> Generator[Issue, None, bool]:
    """Template 26 (the Pix GUI); returns whether the code is dynamic (a location in 25)."""
    where = ".".join(obj.path)
    gui = obj.child("00")
    if gui is not None and gui.value.lower() == LEGACY_GUI:
        yield issue(
            ID,
            "gui",
            f"GUI {gui.value!r} is the one of the 2019 drafts of the BR Code; Pix codes carry {GUI!r} "
            f"({MANUAL} 2.1), and payer apps do not read the old one",
            obj=gui,
            actual=gui.value,
        )
    if obj.tag != "26":
        yield issue(
            ID,
            "account_tag",
            f"the Pix merchant account is in tag {obj.tag}; the BR Code allocates tag 26 (strict readers search "
            "26-51, some apps look in 26 only)",
            obj=obj,
            severity="warning",
            actual=obj.tag,
        )
    key = obj.child("01")
    url = obj.child("25")
    if key is not None and url is not None:
        yield issue(
            ID,
            "key_and_url",
            f"{where} holds both a key (01) and a location (25); a static code has the key, a dynamic one "
            f"only the GUI and the location ({MANUAL} 2.6, 2.7)",
            obj=key,
        )
    elif key is None and url is None and not recurring:
        yield issue(
            ID,
            "key_or_url",
            f"{where} holds neither a key (01) nor a location (25): there is no receiver to pay "
            f"({MANUAL} 2.6, 2.7)",
            obj=obj,
        )
    if url is not None:
        for child in obj.children or ():
            if child.tag not in ("00", "01", "25"):
                yield issue(
                    ID,
                    "dynamic_template",
                    f"{where}.{child.tag} in a dynamic code: its template holds only the GUI (00) and the "
                    f"location (25) ({MANUAL} 2.7); description, withdrawal data and amount come from the "
                    "location",
                    obj=child,
                    actual=child.tag,
                )
        yield from _check_url(url)
        initiation = payload.get("01")
        if initiation is None or initiation.value != "12":
            found = "absent" if initiation is None else repr(initiation.value)
            yield issue(
                ID,
                "dynamic_initiation",
                f"a dynamic Pix code (location in {where}.25) has Point of Initiation {found}; the BCB writes "
                "12 (bacen/pix-api#231), and the manual marks 01 optional",
                obj=initiation,
                path=("01",),
                severity="warning",
                actual=None if initiation is None else initiation.value,
            )
    if key is not None and key.value:
        yield from _check_key(key)
    fss = obj.child("03")
    if fss is not None and not ISPB.fullmatch(fss.value):
        yield issue(
            ID,
            "fss_format",
            f"{where}.03 (fss, Pix Saque/Troco) is {fss.value!r}; it is the 8-digit ISPB of the withdrawal "
            f"facilitator ({MANUAL} 2.6)",
            obj=fss,
            actual=fss.value,
        )
    amount = payload.get("54")
    if amount is not None and fss is None and _is_zero(amount.value):
        yield issue(
            ID,
            "amount_zero",
            f"amount {amount.value!r} is zero; only a Pix Saque/Troco code (with the facilitator's ISPB in "
            f"{where}.03) may carry 0 ({MANUAL} 2.6; EMVCo MPM 4.7.4.1)",
            obj=amount,
            actual=amount.value,
        )
    return url is not None


def _is_zero(text: str) -> bool:
    return re.fullmatch(r"0*(?:\.0*)?", text) is not None and any(c == "0" for c in text)


def _check_url(url: DataObject) -> Iterator[Issue]:
    if URL_SCHEME.match(url.value):
        yield issue(
            ID,
            "url_scheme",
            f"location {url.value!r} starts with a scheme; the BR Code writes the location without "
            f"'https://', which the payer's app adds ({MANUAL} 2.5.2)",
            obj=url,
            actual=url.value,
        )


def _check_key(key: DataObject) -> Iterator[Issue]:
    value = key.value
    kind = key_type(value)
    if kind is None:
        yield issue(
            ID,
            "key_format",
            f"key {value!r} is none of the forms the DICT registers: CPF (11 digits), CNPJ (14 digits, or 12 "
            "letters and digits and 2 check digits), '+' and an E.164 phone number, a lower-case e-mail address "
            "(at most 77 characters) or a lower-case UUID (DICT API, tag Chave); masks and upper case are not "
            "the key",
            obj=key,
            actual=value,
        )
    elif not _check_digits_ok(value, kind):
        yield issue(
            ID,
            "key_check_digit",
            f"key {value!r} has the form of a {kind.name} but {_why_not_a_document(value)}; the DICT registers "
            "only real documents",
            obj=key,
            severity="warning",
            actual=value,
            key_type=kind.value,
        )
    elif kind is KeyType.PHONE and not BR_PHONE.fullmatch(value):
        yield issue(
            ID,
            "phone_not_br",
            f"phone key {value!r} is not a Brazilian number (+55, a 2-digit area code and 8 or 9 digits); the "
            "DICT's pattern accepts any E.164 number (bacen/pix-perguntas-e-respostas#48)",
            obj=key,
            severity="warning",
            actual=value,
        )


def _check_txid(payload: Payload, dynamic: bool) -> Iterator[Issue]:
    label = payload.get(("62", "05"))
    if label is None:
        yield issue(
            ID,
            "txid_missing",
            f"no 62.05 (txid): a BR Code always carries it, '***' when there is no txid (Manual do BR Code; "
            f"{MANUAL} 2.6.2; BCB in bacen/pix-api#190: leaving it out 'is not conformant')",
            path=("62", "05"),
        )
    elif dynamic:
        if label.value != NO_TXID:
            yield issue(
                ID,
                "dynamic_txid",
                f"62.05 is {label.value!r} in a dynamic code; it must be '***': the txid is in the charge at "
                f"the location, and a value here is ignored ({MANUAL} 2.7; BCB in bacen/pix-api#190, #231)",
                obj=label,
                actual=label.value,
            )
    elif label.value != NO_TXID and not TXID.fullmatch(label.value):
        yield issue(
            ID,
            "txid_format",
            f"txid {label.value!r} must be 1-25 letters and digits (a-z, A-Z, 0-9), or '***' for none "
            f"({MANUAL} 2.6.2)",
            obj=label,
            actual=label.value,
        )


def _check_recurrence(obj: DataObject) -> Iterator[Issue]:
    url = obj.child("25")
    if url is None:
        yield issue(
            ID,
            "recurrence_url",
            f"template {obj.tag} has the Pix GUI but no recurrence location (25); Pix Automático's composite "
            f"code carries it there ({MANUAL} 2.8.2)",
            path=(*obj.path, "25"),
        )
        return
    yield from _check_url(url)
    if "/rec/" not in url.value:
        yield issue(
            ID,
            "recurrence_path",
            f"recurrence location {url.value!r} has no '/rec/' path segment, which every BCB example of Pix "
            "Automático has (bacen/pix-api openapi.yaml)",
            obj=url,
            severity="warning",
            actual=url.value,
        )


# -- builder ----------------------------------------------------------------------------------


def _refuse(message: str, code: str, path: tuple[str, ...], actual: str | None = None) -> InvalidRequest:
    return InvalidRequest(
        message, code=f"{ID}.{code}", path=path, ctx={} if actual is None else {"actual": actual}
    )


def _checked_key(key: str) -> str:
    kind = key_type(key)
    if kind is None:
        raise _refuse(
            f"key: {key!r} is not a Pix key in the form the DICT registers: CPF (11 digits), CNPJ (14 digits or "
            "12 letters and digits and 2 check digits), '+55' and the number, a lower-case e-mail address or a "
            "lower-case UUID, without masks (DICT API)",
            "key_format",
            ("26", "01"),
            key,
        )
    if not _check_digits_ok(key, kind):
        raise _refuse(
            f"key: {key!r} has the form of a {kind.name} but {_why_not_a_document(key)}",
            "key_check_digit",
            ("26", "01"),
            key,
        )
    if kind is KeyType.PHONE and not BR_PHONE.fullmatch(key):
        raise _refuse(
            f"key: phone key {key!r} is not '+55', a 2-digit area code and 8 or 9 digits",
            "phone_not_br",
            ("26", "01"),
            key,
        )
    return key


def _checked_url(url: str, path: tuple[str, ...], code: str) -> str:
    if URL_SCHEME.match(url):
        raise _refuse(
            f"{code}: {url!r} starts with a scheme; give the location without 'https://' ({MANUAL} 2.5.2)",
            "url_scheme",
            path,
            url,
        )
    if not url or any(c.isspace() for c in url) or not url.isascii():
        raise _refuse(f"{code}: {url!r} is not a location (host and path)", "url_scheme", path, url)
    return url


@checked_keywords(
    {
        "key": ("26", "01"),
        "description": ("26", "02"),
        "fss": ("26", "03"),
        "url": ("26", "25"),
        "txid": ("62", "05"),
        "recurrence_url": ("80", "25"),
    }
)
def build(
    *,
    merchant_name: str,
    merchant_city: str,
    key: str | None = None,
    url: str | None = None,
    amount: Decimal | int | str | None = None,
    description: str | None = None,
    txid: str | None = None,
    fss: str | None = None,
    recurrence_url: str | None = None,
    merchant_category_code: str = "0000",
    postal_code: str | None = None,
    initiation: str | None = None,
    amount_style: AmountStyle = "fixed",
    now: datetime | None = None,
) -> Payload:
    """Build a Pix BR Code: static to a ``key``, or dynamic to a PSP location ``url``.

    Static: ``key`` in the DICT form (``"12345678909"``, ``"12ABC34501DE35"``,
    ``"+5561912345678"``, ``"fulano@example.com"``, a lower-case UUID), checked with its
    check digits and never rewritten; optional ``amount`` (two decimals), ``description``
    (26/02), ``txid`` (62/05, 1-25 letters and digits; ``***`` when not given) and, for
    Pix Saque/Troco, ``fss`` (the facilitator's 8-digit ISPB; the amount may then be 0).
    No Point of Initiation is written unless ``initiation`` is given (``"dynamic"``:
    a single-use static code), as in the manual's static example.

    Dynamic: ``url`` is the charge's location without ``https://`` (``"pix.example.com/qr/v2/..."``);
    the template holds only the GUI and the location, 01 is ``12`` and 62/05 ``***``
    (manual 2.7). ``description``, ``fss`` and ``txid`` are refused: they belong to the
    charge at the location.

    Pix Automático: ``recurrence_url`` (the recurrence's location, ``.../rec/...``) goes
    in template 80 next to either of the above, or alone (26 then holds only the GUI).
    """
    if key is not None and url is not None:
        raise _refuse(
            f"give key (static code) or url (dynamic code), not both ({MANUAL} 2.6, 2.7)",
            "key_and_url",
            ("26", "01"),
        )
    if key is None and url is None and recurrence_url is None:
        raise _refuse(
            "give key (static code), url (dynamic code) or recurrence_url (Pix Automático)",
            "key_or_url",
            ("26",),
        )
    account: list[tuple[str, str]] = [("00", GUI)]
    if url is not None:
        for name, value, sub in (("description", description, "02"), ("fss", fss, "03")):
            if value is not None:
                raise _refuse(
                    f"{name}: a dynamic code's template holds only the GUI and the location ({MANUAL} 2.7)",
                    "dynamic_template",
                    ("26", sub),
                )
        if txid is not None and txid != NO_TXID:
            raise _refuse(
                f"txid: a dynamic code's 62.05 is '***'; the txid belongs to the charge at the location "
                f"({MANUAL} 2.7)",
                "dynamic_txid",
                ("62", "05"),
                txid,
            )
        account.append(("25", _checked_url(url, ("26", "25"), "url")))
        if initiation is None:
            initiation = "dynamic"
    else:
        if key is not None:
            account.append(("01", _checked_key(key)))
        elif description is not None or fss is not None:
            raise _refuse(
                "description and fss go with a key (static code)",
                "key_or_url",
                ("26", "01"),
            )
        if description is not None:
            account.append(("02", description))
        if fss is not None:
            if not ISPB.fullmatch(fss):
                raise _refuse(
                    f"fss: {fss!r} is not an ISPB of 8 digits ({MANUAL} 2.6)", "fss_format", ("26", "03"), fss
                )
            account.append(("03", fss))
        if txid is not None and txid != NO_TXID and not TXID.fullmatch(txid):
            raise _refuse(
                f"txid: {txid!r} must be 1-25 letters and digits (a-z, A-Z, 0-9) ({MANUAL} 2.6.2)",
                "txid_format",
                ("62", "05"),
                txid,
            )
    unreserved = None
    if recurrence_url is not None:
        location = _checked_url(recurrence_url, (RECURRENCE_TAG, "25"), "recurrence_url")
        unreserved = {RECURRENCE_TAG: [("00", GUI), ("25", location)]}
    if postal_code is not None and not POSTAL_CODE.fullmatch(postal_code):
        raise _refuse(
            f"postal_code: {postal_code!r} is not a CEP of 8 digits", "postal_code", ("61",), postal_code
        )
    return _build(
        merchant_accounts={"26": account},
        currency="986",
        country="BR",
        amount=amount,
        amount_style=amount_style,
        initiation=initiation if initiation is not None else False,
        merchant_name=merchant_name,
        merchant_city=merchant_city,
        merchant_category_code=merchant_category_code,
        postal_code=postal_code,
        additional_data={"reference_label": txid if txid is not None else NO_TXID},
        unreserved=unreserved,
        now=now,
    )


# -- names for qrpay decode -------------------------------------------------------------------


def _describe(payload: Payload, path: tuple[str, ...], value: str) -> str | None:
    if path == ("62", "05") and value == NO_TXID:
        return "no txid"
    if len(path) != 2:
        return None
    owner = payload.get(path[0])
    if owner is None or _gui(owner) is None:
        return None
    sub = path[1]
    if sub == "01" and "26" <= path[0] <= "51":
        kind = key_type(value)
        names = {
            KeyType.CPF: "CPF",
            KeyType.CNPJ: "CNPJ",
            KeyType.PHONE: "phone number",
            KeyType.EMAIL: "e-mail address",
            KeyType.EVP: "random key (EVP)",
        }
        return None if kind is None else f"Pix key: {names[kind]}"
    if sub == "25":
        where = "recurrence (Pix Automático)" if path[0] >= "80" else "charge (dynamic code)"
        return f"location of the {where}, fetched over https"
    if sub == "03":
        return "ISPB of the withdrawal facilitator (Pix Saque/Troco)"
    return None


def _relax_missing(tag: str, name: str) -> Relaxation:
    return Relaxation(
        "missing_field",
        (tag,),
        reason=f"the BR Code makes {tag} ({name}) mandatory: pix.missing_field reports it as an error instead",
    )


SCHEME = Scheme(
    id=ID,
    title="Pix",
    country="BR",
    currencies=("986",),
    market_source="Manual do BR Code",
    # the manuals' rules as quoted by implementations that cite the sections, BCB staff on the BCB's
    # trackers and the BCB's API specification (the manual PDF itself was not read)
    evidence="spec-quoted",
    guids=(GUI, LEGACY_GUI),
    account_tags=("26",),
    relaxations=(
        Relaxation(
            "amount_zero",
            ("54",),
            reason="a Pix Saque/Troco code (26/03 present) may carry amount 0 (Pix manual 2.6); pix.amount_zero "
            "reports a zero amount on any other Pix code",
        ),
        _relax_missing("52", "Merchant Category Code"),
        _relax_missing("59", "Merchant Name"),
        _relax_missing("60", "Merchant City"),
    ),
    references=(
        "BCB, Manual de Padrões para Iniciação do Pix (Annex II of the Pix Regulation), version 2.8.0",
        "https://www.bcb.gov.br/content/estabilidadefinanceira/pix/Regulamento_Pix/II_ManualdePadroesparaIniciacaodoPix.pdf",
        "https://www.bcb.gov.br/content/estabilidadefinanceira/spb_docs/ManualBRCode.pdf",
        "https://www.bcb.gov.br/content/estabilidadefinanceira/pix/API-DICT.html",
        "https://github.com/bacen/pix-api",
    ),
    examples=(
        # the static example of the BCB manual (EVP key, no POI, no txid)
        "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D",
        # a Pix Automático composite code of the BCB's API specification (bacen/pix-api openapi.yaml)
        "00020101021226810014br.gov.bcb.pix2559pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e75204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80800014br.gov.bcb.pix2558pix.example.com/qr/v2/rec/3ffa640fa4f14080adccb949fa2dc0d06304A441",
    ),
    summary="Template 26 (br.gov.bcb.pix, any case; 26-51 read): static key (CPF, CNPJ incl. alphanumeric, "
    "+55 phone, e-mail, EVP) with description and Pix Saque/Troco ISPB, or dynamic location 26/25; txid 62/05 "
    "or ***; Pix Automático recurrence in template 80",
    check=check,
    view=view,
    build=build,
    field_names={
        "account.00": "Pix GUI",
        "account.01": "Pix key (chave)",
        "account.02": "Description (infoAdicional)",
        "account.03": "Withdrawal facilitator ISPB (fss)",
        "account.25": "Charge location (URL)",
        "62.05": "txid (*** for none)",
        "80.00": "Pix GUI (Pix Automático)",
        "80.25": "Recurrence location (Pix Automático)",
    },
    describe=_describe,
    module=__name__,
)
