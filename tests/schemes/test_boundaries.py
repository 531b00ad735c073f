"""Every length, digit-count, amount and timestamp limit of the scheme profiles, at the limit
and one past it (issue 13: "every length, digit-count, amount-precision and expiry limit is
tested at the limit and one past it, for each scheme"), in decode and in the builders.
Limits already tested both ways in tests/schemes/test_<id>_exact.py (expiry against the
clock, most field formats) are not repeated here.

Each case names the limit's source. The payloads are a scheme's published example with
one value replaced; the text is re-assembled and its CRC recomputed by a walk and
crcmod's CRC-16/CCITT-FALSE written here, not by qrpay, so what qrpay reads is exactly
the value the case states. At the limit the rule must be silent; one past it the rule
must report that value, at that path, with the stated severity — and nothing else may
change.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta, timezone
from typing import Any

import crcmod.predefined
import pytest

import qrpay
from qrpay.errors import InvalidRequest
from qrpay.schemes import get_scheme

_crc16 = crcmod.predefined.mkCrcFun("crc-ccitt-false")


def _walk(text: str) -> list[tuple[str, str]]:
    out, i = [], 0
    while i < len(text):
        size = int(text[i + 2 : i + 4])
        out.append((text[i : i + 2], text[i + 4 : i + 4 + size]))
        i += 4 + size
    return out


def _join(pairs: list[tuple[str, str]]) -> str:
    return "".join(f"{tag}{len(value):02d}{value}" for tag, value in pairs)


def _put(pairs: list[tuple[str, str]], path: tuple[str, ...], value: str) -> list[tuple[str, str]]:
    out, found = [], False
    for tag, old in pairs:
        if tag == path[0]:
            found = True
            old = value if len(path) == 1 else _join(_put(_walk(old), path[1:], value))
        out.append((tag, old))
    if not found:
        out.append((path[0], value if len(path) == 1 else _join(_put([], path[1:], value))))
        out.sort()
    return out


def edited(text: str, changes: dict[tuple[str, ...], str]) -> str:
    """``text`` with each path set to its value (sub-IDs kept in order), CRC recomputed."""
    pairs = [(t, v) for t, v in _walk(text) if t != "63"]
    for path, value in changes.items():
        pairs = _put(pairs, path, value)
    body = _join(pairs) + "6304"
    return body + f"{_crc16(body.encode('utf-8')):04X}"


def issues_at(text: str, path: tuple[str, ...], now: datetime | None = None) -> set[tuple[str, str]]:
    return {(i.code, i.severity) for i in qrpay.decode(text, now=now).issues if i.path == path}


def value_at(text: str, path: tuple[str, ...]) -> str | None:
    """The value at ``path``, read by the walk above (templates qrpay leaves unparsed too)."""
    pairs = [(t, v) for t, v in _walk(text) if t != "63"]
    for i, tag in enumerate(path):
        found = dict(pairs).get(tag)
        if found is None or i == len(path) - 1:
            return found
        pairs = _walk(found)
    return None


# (scheme, example index, path, value at the limit, one past it, code, severity, source, other changes)
Case = tuple[str, int, tuple[str, ...], str, str, str, str, str, dict[tuple[str, ...], str]]

KHQR_SPEC = "NBC KHQR specification v1.0, merchant account information (30)"
DUITNOW_SPEC = "PayNet DuitNow QR Generation Specification V1.5, QR Data Object"
CASES: list[Case] = [
    (
        "khqr",
        0,
        ("30", "00"),
        "a" * 27 + "@aclb",
        "a" * 28 + "@aclb",
        "value_too_long",
        "error",
        "EMVCo MPM 4.4.1.2 / KHQR 30.00: a Bakong account ID has at most 32 characters",
        {},
    ),
    ("khqr", 0, ("30", "01"), "1" * 32, "1" * 33, "khqr.merchant_id", "error", KHQR_SPEC + " 30.01 ≤ 32", {}),
    (
        "khqr",
        0,
        ("30", "02"),
        "B" * 32,
        "B" * 33,
        "khqr.acquiring_bank",
        "error",
        KHQR_SPEC + " 30.02 ≤ 32",
        {},
    ),
    (
        "promptpay",
        1,
        ("30", "02"),
        "R" * 20,
        "R" * 21,
        "promptpay.reference_1",
        "error",
        "BOT Thai QR guideline, bill payment reference 1 ≤ 20",
        {},
    ),
    (
        "promptpay",
        1,
        ("30", "03"),
        "R" * 20,
        "R" * 21,
        "promptpay.reference_2",
        "error",
        "BOT Thai QR guideline, bill payment reference 2 ≤ 20",
        {},
    ),
    (
        "sgqr",
        0,
        ("51", "04"),
        "1" * 3,
        "1" * 4,
        "sgqr.field_length",
        "error",
        "SGQR v1.6 Table 3-1: level ≤ 3",
        {},
    ),
    (
        "sgqr",
        0,
        ("51", "05"),
        "1" * 5,
        "1" * 6,
        "sgqr.field_length",
        "error",
        "SGQR v1.6 Table 3-1: unit ≤ 5",
        {},
    ),
    (
        "sgqr",
        0,
        ("51", "06"),
        "1" * 10,
        "1" * 11,
        "sgqr.field_length",
        "error",
        "SGQR v1.6 Table 3-1: miscellaneous ≤ 10",
        {},
    ),
    (
        "paynow",
        0,
        ("26", "02"),
        "+65" + "9" * 13,
        "+65" + "9" * 14,
        "paynow.mobile_format",
        "error",
        "PayNow QR spec 2.2: '+', dialling code and number, 16 characters at most",
        {("26", "01"): "0"},
    ),
    (
        "duitnow",
        0,
        ("26", "01"),
        "501664",
        "5016641",
        "duitnow.acquirer_id",
        "error",
        DUITNOW_SPEC + ": 26.01 ≤ 6",
        {},
    ),
    (
        "duitnow",
        0,
        ("26", "02"),
        "A" * 28,
        "A" * 29,
        "duitnow.qr_id",
        "error",
        DUITNOW_SPEC + ": 26.02 ≤ 28",
        {},
    ),
    (
        "duitnow",
        0,
        ("26", "03"),
        "A" * 20,
        "A" * 21,
        "duitnow.value_too_long",
        "error",
        DUITNOW_SPEC + ": 26.03 ≤ 20",
        {},
    ),
    (
        "duitnow",
        0,
        ("26", "04"),
        "1" * 15,
        "1" * 16,
        "duitnow.value_too_long",
        "error",
        DUITNOW_SPEC + ": 26.04 ≤ 15",
        {},
    ),
    (
        "duitnow",
        0,
        ("62", "10"),
        "1" * 15,
        "1" * 16,
        "duitnow.value_too_long",
        "error",
        DUITNOW_SPEC + ": 62.10 ≤ 15",
        {},
    ),
    (
        "duitnow",
        1,
        ("62", "90"),
        "1" * 20,
        "1" * 21,
        "duitnow.value_too_long",
        "error",
        DUITNOW_SPEC + ": 62.90 ≤ 20",
        {},
    ),
    (
        "duitnow",
        1,
        ("62", "91"),
        "1" * 30,
        "1" * 31,
        "duitnow.value_too_long",
        "error",
        DUITNOW_SPEC + ": 62.91 ≤ 30",
        {},
    ),
    (
        "duitnow",
        1,
        ("62", "92"),
        "1" * 35,
        "1" * 36,
        "duitnow.value_too_long",
        "error",
        DUITNOW_SPEC + ": 62.92 ≤ 35",
        {},
    ),
    (
        "khqr",
        0,
        ("29", "02"),
        "B" * 32,
        "B" * 33,
        "khqr.acquiring_bank",
        "error",
        "NBC KHQR specification v1.0, individual account (29): 29.02 ≤ 32 (Bakong SDK INVALID_LENGTH)",
        # an individual template 29 before the example's 30: the first Bakong template is checked
        {("29",): "0009john@aclb"},
    ),
]


@pytest.mark.parametrize(
    ("scheme", "example", "path", "at_limit", "past", "code", "severity", "source", "other"),
    CASES,
    ids=[f"{c[0]}-{'.'.join(c[2])}" for c in CASES],
)
def test_length_limit_at_and_one_past(
    scheme: str,
    example: int,
    path: tuple[str, ...],
    at_limit: str,
    past: str,
    code: str,
    severity: str,
    source: str,
    other: dict[tuple[str, ...], str],
) -> None:
    assert len(past) == len(at_limit) + 1, source
    base = get_scheme(scheme).examples[example]
    at = edited(base, {**other, path: at_limit})
    over = edited(base, {**other, path: past})
    payload = qrpay.decode(at)
    assert payload.value(path) == at_limit and scheme in payload.schemes
    assert code not in {c for c, _ in issues_at(at, path)}, source
    assert (code, severity) in issues_at(over, path), source
    # nothing else changes one past the limit
    others = {(i.code, i.path) for i in qrpay.decode(over).issues if i.path != path}
    assert others == {(i.code, i.path) for i in payload.issues if i.path != path}


# -- digit counts: exactly N, so N-1 and N+1 both fail ------------------------------------------

LAOQR_SHAPE = "LAPNet template 38 as in every LAOQR seen (docs/schemes/laoqr.md)"
DIGIT_CASES: list[tuple[str, int, tuple[str, ...], int, str, str]] = [
    ("laoqr", 0, ("38", "01"), 8, "laoqr.iin", LAOQR_SHAPE + ": member IIN, 8 digits"),
    ("laoqr", 0, ("38", "02"), 3, "laoqr.payment_type", LAOQR_SHAPE + ": payment type, 3 digits"),
]


@pytest.mark.parametrize(("scheme", "example", "path", "digits", "code", "source"), DIGIT_CASES)
def test_digit_count_exactly(
    scheme: str, example: int, path: tuple[str, ...], digits: int, code: str, source: str
) -> None:
    base = get_scheme(scheme).examples[example]
    exact = qrpay.decode(base).value(path)
    assert exact is not None and len(exact) == digits and exact.isdigit(), source
    assert not {c for c, _ in issues_at(base, path)} & {code}
    for wrong in (exact[:-1], exact + "0", exact[:-1] + "A"):
        found = {c for c, _ in issues_at(edited(base, {path: wrong}), path)}
        assert code in found, (wrong, found, source)


def test_unionpay_15_is_31_characters() -> None:
    """Acquirer IIN (8) + forwarding IIN (8) + merchant ID (15) = 31, as observed in every
    UnionPay 15 (docs/schemes/unionpay.md; a warning: not published)."""
    base = get_scheme("laoqr").examples[0]
    value = qrpay.decode(base).value("15")
    assert value is not None and len(value) == 31
    assert not issues_at(base, ("15",))
    for wrong in (value[:-1], value + "X"):
        found = issues_at(edited(base, {("15",): wrong}), ("15",))
        assert found and all(severity == "warning" for _, severity in found), found


# -- exact lengths: the value at the length is silent, one shorter and one longer are reported ----

PROMPTPAY_SPEC = "BOT Thai QR payment guideline (docs/schemes/promptpay.md), credit transfer template 29"
#: template 29 with the credit transfer AID and no proxy yet (the case adds one)
PROMPTPAY_TRANSFER = _join([("00", "A000000677010111")])
#: a QR Ph P2P template 27 (docs/schemes/qrph.md) next to the P2M template of QR Ph example 0
QRPH_P2P = _join([("00", "com.p2pqrpay"), ("01", "GXCHPHM2XXX"), ("02", "99964403"), ("04", "09171234567")])
# (scheme, example, path, exact value, one shorter, one longer, code, severity, source, other changes)
ExactCase = tuple[str, int, tuple[str, ...], str, str, str, str, str, str, dict[tuple[str, ...], str]]
EXACT_CASES: list[ExactCase] = [
    (
        "promptpay",
        0,
        ("29", "01"),
        "0066812345678",
        "006681234567",
        "00668123456789",
        "promptpay.mobile_format",
        "error",
        PROMPTPAY_SPEC + ": 01 mobile, 0066 and the 9-digit national number (13 digits)",
        {},
    ),
    (
        "promptpay",
        0,
        ("29", "02"),
        "1234567890123",
        "123456789012",
        "12345678901234",
        "promptpay.national_id_format",
        "error",
        PROMPTPAY_SPEC + ": 02 national ID or tax ID, 13 digits",
        {("29",): PROMPTPAY_TRANSFER},
    ),
    (
        "promptpay",
        0,
        ("29", "03"),
        "123456789012345",
        "12345678901234",
        "1234567890123456",
        "promptpay.ewallet_format",
        "error",
        PROMPTPAY_SPEC + ": 03 e-wallet ID, 15 digits",
        {("29",): PROMPTPAY_TRANSFER},
    ),
    (
        "promptpay",
        0,
        ("29", "05"),
        "ABCDEFGHIJ",
        "ABCDEFGHI",
        "ABCDEFGHIJK",
        "promptpay.ota",
        "error",
        PROMPTPAY_SPEC + ": AID A000000677010114, 05 one-time authorisation of 10 characters",
        {("29",): _join([("00", "A000000677010114"), ("01", "0066812345678")])},
    ),
    (
        "paynow",
        0,
        ("26", "04"),
        "20991231",
        "2099123",
        "209912310",
        "paynow.expiry_format",
        "error",
        "PayNow QR spec 2.2: 04 QR expiry date YYYYMMDD (8 digits)",
        {},
    ),
    (
        "paynow",
        0,
        ("26", "04"),
        "20991231235959",
        "2099123123595",
        "209912312359590",
        "paynow.expiry_format",
        "error",
        "PayNow 04 as DBS, FOMO PAY, ShopeePay and Citi write it: YYYYMMDDhhmmss (docs/schemes/paynow.md)",
        {},
    ),
    (
        "sgqr",
        0,
        ("51", "02"),
        "01.0001",
        "01.000",
        "01.00011",
        "sgqr.version",
        "error",
        "SGQR v1.6 Table 3-1 (PayNow QR spec 3.1; docs/schemes/sgqr.md): 51.02 version NN.NNNN",
        {},
    ),
    (
        "duitnow",
        0,
        ("61",),
        "43650",
        "4365",
        "436500",
        "duitnow.postal_code",
        "error",
        DUITNOW_SPEC + ": 61 postal code, 5 digits",
        {},
    ),
    (
        "qrph",
        0,
        ("28", "01"),
        "RCBCPHMM",
        "RCBCPHM",
        "RCBCPHMMX",
        "qrph.bic",
        "error",
        "ISO 9362: a BIC is 8 characters (PayMongo merchant_bic; docs/schemes/qrph.md)",
        {},
    ),
    (
        "qrph",
        0,
        ("28", "01"),
        "RCBCPHMMXXX",
        "RCBCPHMMXX",
        "RCBCPHMMXXXX",
        "qrph.bic",
        "error",
        "ISO 9362: a BIC with its branch code is 11 characters (docs/schemes/qrph.md)",
        {},
    ),
    (
        "qrph",
        0,
        ("27", "05"),
        "+63-9171234567",
        "+63-917123456",
        "+63-91712345678",
        "qrph.mobile_format",
        "warning",
        "PayMongo merchant_mobile_number: +63-9XXXXXXXXX (docs/schemes/qrph.md)",
        {("27",): QRPH_P2P},
    ),
    (
        "fps",
        1,
        ("26", "02"),
        "999999999",
        "99999999",
        "9999999999",
        "fps.fps_id_format",
        "warning",
        "FPS Identifier of 9 digits (derekchu322/fps-qr-code; docs/schemes/fps.md)",
        {},
    ),
    (
        "fps",
        1,
        ("26", "05"),
        "991231235959",
        "99123123595",
        "9912312359590",
        "fps.timeout_format",
        "warning",
        "FPS payee-presented QR spec v1.2 as quoted by implementations: 05 merchant timeout yymmddhhmmss",
        {},
    ),
    (
        "pix",
        0,
        ("26", "01"),
        "11222333000181",
        "1122233300018",
        "112223330001810",
        "pix.key_format",
        "error",
        "DICT API (Chave): a CNPJ key is 14 digits (CNPJ 11.222.333/0001-81, Receita Federal's example)",
        {},
    ),
    (
        "pix",
        0,
        ("26", "01"),
        "12345678909",
        "1234567890",
        "123456789090",
        "pix.key_format",
        "error",
        "DICT API (Chave): a CPF key is 11 digits (CPF 123.456.789-09, Receita Federal's example)",
        {},
    ),
]


@pytest.mark.parametrize(
    ("scheme", "example", "path", "exact", "short", "long", "code", "severity", "source", "other"),
    EXACT_CASES,
    ids=[f"{c[0]}-{'.'.join(c[2])}-{len(c[3])}" for c in EXACT_CASES],
)
def test_exact_length_and_one_either_side(
    scheme: str,
    example: int,
    path: tuple[str, ...],
    exact: str,
    short: str,
    long: str,
    code: str,
    severity: str,
    source: str,
    other: dict[tuple[str, ...], str],
) -> None:
    assert len(short) + 1 == len(exact) == len(long) - 1, source
    base = get_scheme(scheme).examples[example]
    at = edited(base, {**other, path: exact})
    payload = qrpay.decode(at)
    assert payload.value(path) == exact and scheme in payload.schemes
    assert code not in {c for c, _ in issues_at(at, path)}, source
    kept = {(i.code, i.path) for i in payload.issues if i.path != path}
    for wrong in (short, long):
        text = edited(base, {**other, path: wrong})
        assert (code, severity) in issues_at(text, path), (wrong, source)
        assert {(i.code, i.path) for i in qrpay.decode(text).issues if i.path != path} == kept


# (scheme, example, path, silent values, reported values, code, severity, source, other changes)
RangeCase = tuple[
    str, int, tuple[str, ...], tuple[str, ...], tuple[str, ...], str, str, str, dict[tuple[str, ...], str]
]
RANGE_CASES: list[RangeCase] = [
    (
        "pix",
        0,
        ("26", "01"),
        ("+556112345678", "+5561912345678"),
        ("+55611234567", "+55619123456789"),
        "pix.phone_not_br",
        "warning",
        "a Brazilian number: +55, a 2-digit area code and 8 or 9 digits (docs/schemes/pix.md)",
        {},
    ),
    (
        "promptpay",
        0,
        ("29", "04"),
        ("0141", "014" + "1" * 40),
        ("014", "014" + "1" * 41),
        "promptpay.bank_account_format",
        "error",
        PROMPTPAY_SPEC + ": 04 bank account, 3-digit bank code and 1-40 more (at most 43)",
        {("29",): PROMPTPAY_TRANSFER},
    ),
    (
        "paynow",
        0,
        ("26", "02"),
        ("53312345D", "201912345K", "53312345DABC", "201912345KABC"),
        ("5331234D", "201912345KA", "201912345KABCD"),
        "paynow.uen_format",
        "error",
        "PayNow QR spec 2.2: a UEN of 9 or 10 characters, 12 or 13 with a suffix",
        {},
    ),
]


@pytest.mark.parametrize(
    ("scheme", "example", "path", "silent", "reported", "code", "severity", "source", "other"),
    RANGE_CASES,
    ids=[f"{c[0]}-{'.'.join(c[2])}" for c in RANGE_CASES],
)
def test_range_ends_and_one_outside(
    scheme: str,
    example: int,
    path: tuple[str, ...],
    silent: tuple[str, ...],
    reported: tuple[str, ...],
    code: str,
    severity: str,
    source: str,
    other: dict[tuple[str, ...], str],
) -> None:
    base = get_scheme(scheme).examples[example]
    for value in silent:
        text = edited(base, {**other, path: value})
        assert qrpay.decode(text).value(path) == value and scheme in qrpay.detect(text)
        assert code not in {c for c, _ in issues_at(text, path)}, (value, source)
    for value in reported:
        assert (code, severity) in issues_at(edited(base, {**other, path: value}), path), (value, source)


# -- amounts: decimals per currency (ISO 4217 minor units) and at most 13 characters --------------

ISO_4217 = "ISO 4217 minor units (EMVCo MPM 4.7.4.1)"
# (scheme, example, other changes, at the limit, one past it, code, source)
AMOUNT_CASES: list[tuple[str, int, dict[tuple[str, ...], str], str, str, str, str]] = [
    ("khqr", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": USD 840 has 2"),
    (
        "khqr",
        0,
        {("53",): "116"},
        "100",
        "100.5",
        "khqr.amount_khr",
        "Bakong KHQR SDK (docs/schemes/khqr.md): KHR amounts are whole riel",
    ),
    ("laoqr", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": LAK 418 has 2"),
    ("promptpay", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": THB 764 has 2"),
    ("paynow", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": SGD 702 has 2"),
    ("sgqr", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": SGD 702 has 2"),
    ("duitnow", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": MYR 458 has 2"),
    ("qris", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": IDR 360 has 2"),
    ("vietqr", 0, {}, "1", "1.5", "amount_precision", ISO_4217 + ": VND 704 has 0"),
    ("qrph", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": PHP 608 has 2"),
    ("unionpay", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": LAK 418 has 2"),
    ("pix", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": BRL 986 has 2"),
    ("fps", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": HKD 344 has 2"),
    ("fps", 0, {("53",): "156"}, "1.25", "1.255", "amount_precision", ISO_4217 + ": CNY 156 has 2"),
    ("nepalpay", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": NPR 524 has 2"),
    ("lankaqr", 0, {}, "1.25", "1.255", "amount_precision", ISO_4217 + ": LKR 144 has 2"),
]
AMOUNT_SCHEMES = sorted({c[0] for c in AMOUNT_CASES})


@pytest.mark.parametrize(
    ("scheme", "example", "other", "at_limit", "past", "code", "source"),
    AMOUNT_CASES,
    ids=[f"{c[0]}-{c[6].rpartition(': ')[2]}" for c in AMOUNT_CASES],
)
def test_amount_decimals_at_and_one_past(
    scheme: str,
    example: int,
    other: dict[tuple[str, ...], str],
    at_limit: str,
    past: str,
    code: str,
    source: str,
) -> None:
    base = get_scheme(scheme).examples[example]
    at = edited(base, {**other, ("54",): at_limit})
    over = edited(base, {**other, ("54",): past})
    payload = qrpay.decode(at)
    assert payload.value("54") == at_limit and scheme in payload.schemes
    assert not {c for c, _ in issues_at(at, ("54",))} & {code, "amount_precision"}, source
    assert (code, "error") in issues_at(over, ("54",)), source
    others = {(i.code, i.path) for i in qrpay.decode(over).issues if i.path != ("54",)}
    assert others == {(i.code, i.path) for i in payload.issues if i.path != ("54",)}


@pytest.mark.parametrize("scheme", AMOUNT_SCHEMES)
def test_amount_of_13_characters_and_of_14(scheme: str) -> None:
    """EMVCo MPM Table 3.6: ID 54 is at most 13 characters, in every scheme."""
    base = get_scheme(scheme).examples[0]
    at = edited(base, {("54",): "9" * 13})
    assert qrpay.decode(at).value("54") == "9" * 13
    assert not {c for c, _ in issues_at(at, ("54",))} & {"value_too_long"}
    assert ("value_too_long", "error") in issues_at(edited(base, {("54",): "9" * 14}), ("54",))


# -- builders refuse one past the limit, with the rule's code and path -------------------------

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)
#: SGQR v1.6 Table 3-1 fields of the SOBA EXPRESS sticker (SGQR example 0)
SGQR_FIELDS: dict[str, Any] = {
    "sgqr_id": "1809072DD85C",
    "version": "01.0001",
    "postal_code": "079027",
    "version_date": "20180915",
    "merchant_name": "SOBA EXPRESS",
    "networks": {"26": [("00", "SG.COM.NETS"), ("01", "1198500065G991231235900")]},
}
QRIS_FIELDS: dict[str, Any] = {
    "merchant_name": "GREEN PAW",
    "merchant_city": "TANGSEL",
    "postal_code": "15323",
    "merchant_category_code": "0742",
    "criteria": "UKE",
    "nmid": "ID1021081861606",
    "pjsp_guid": "ID.CO.BCA.WWW",
    "merchant_pan": "936000140001287667",
    "merchant_id": "000885001287667",
}
PIX_FIELDS: dict[str, Any] = {
    "merchant_name": "Fulano de Tal",
    "merchant_city": "BRASILIA",
    "key": "123e4567-e12b-12d1-a456-426655440000",
}

BuilderCase = tuple[str, dict[str, Any], str, Callable[[int], Any], int, str, tuple[str, ...], str]
BUILDER_CASES: list[BuilderCase] = [
    (
        "duitnow",
        {"acquirer_id": "501664", "merchant_name": "X", "merchant_category_code": "0000"},
        "qr_id",
        lambda n: "A" * n,
        28,
        "duitnow.qr_id",
        ("26", "02"),
        DUITNOW_SPEC + ": 26.02 ≤ 28",
    ),
    (
        "duitnow",
        {"acquirer_id": "501664", "qr_id": "1", "merchant_name": "X", "merchant_category_code": "0000"},
        "merchant_descriptor",
        lambda n: "D" * n,
        20,
        "duitnow.value_too_long",
        ("26", "03"),
        DUITNOW_SPEC + ": 26.03 ≤ 20",
    ),
    (
        "promptpay",
        {"biller_id": "011234567891233", "merchant_name": "X", "merchant_city": "BKK"},
        "reference_1",
        lambda n: "R" * n,
        20,
        "promptpay.reference_1",
        ("30", "02"),
        "BOT Thai QR guideline, bill payment reference 1 ≤ 20",
    ),
    (
        "promptpay",
        {"biller_id": "011234567891233", "reference_1": "R", "merchant_name": "X", "merchant_city": "BKK"},
        "reference_2",
        lambda n: "R" * n,
        20,
        "promptpay.reference_2",
        ("30", "03"),
        "BOT Thai QR guideline, bill payment reference 2 ≤ 20",
    ),
    (
        "khqr",
        {"account_id": "shop@aclb", "merchant_name": "X", "acquiring_bank": "B", "now": NOW},
        "merchant_id",
        lambda n: "M" * n,
        32,
        "khqr.merchant_id",
        ("30", "01"),
        KHQR_SPEC + " 30.01 ≤ 32 (Bakong SDK INVALID_LENGTH)",
    ),
    (
        "khqr",
        {"account_id": "shop@aclb", "merchant_name": "X", "merchant_id": "M", "now": NOW},
        "acquiring_bank",
        lambda n: "B" * n,
        32,
        "khqr.acquiring_bank",
        ("30", "02"),
        KHQR_SPEC + " 30.02 ≤ 32 (Bakong SDK INVALID_LENGTH)",
    ),
    (
        "khqr",
        {"account_id": "john@aclb", "merchant_name": "X", "now": NOW},
        "account_information",
        lambda n: "I" * n,
        32,
        "khqr.account_information",
        ("29", "01"),
        "NBC KHQR specification v1.0, individual account (29): 29.01 ≤ 32 (Bakong SDK INVALID_LENGTH)",
    ),
    (
        "khqr",
        {"account_id": "john@aclb", "merchant_name": "X", "now": NOW},
        "acquiring_bank",
        lambda n: "B" * n,
        32,
        "khqr.acquiring_bank",
        ("29", "02"),
        "NBC KHQR specification v1.0, individual account (29): 29.02 ≤ 32 (Bakong SDK INVALID_LENGTH)",
    ),
    (
        "duitnow",
        {"qr_id": "1", "merchant_name": "X", "merchant_category_code": "0000"},
        "acquirer_id",
        lambda n: "501664" + "1" * (n - 6),
        6,
        "duitnow.acquirer_id",
        ("26", "01"),
        DUITNOW_SPEC + ": 26.01 ≤ 6",
    ),
    (
        "duitnow",
        {"acquirer_id": "501664", "qr_id": "1", "merchant_name": "X", "merchant_category_code": "0000"},
        "mobile_number",
        lambda n: "1" * n,
        15,
        "duitnow.value_too_long",
        ("26", "04"),
        DUITNOW_SPEC + ": 26.04 ≤ 15",
    ),
    (
        "duitnow",
        {"acquirer_id": "501664", "qr_id": "1", "merchant_name": "X", "merchant_category_code": "0000"},
        "rrn",
        lambda n: "1" * n,
        20,
        "duitnow.value_too_long",
        ("62", "90"),
        DUITNOW_SPEC + ": 62.90 ≤ 20",
    ),
    (
        "duitnow",
        {"acquirer_id": "501664", "qr_id": "1", "merchant_name": "X", "merchant_category_code": "0000"},
        "rrn2",
        lambda n: "1" * n,
        30,
        "duitnow.value_too_long",
        ("62", "91"),
        DUITNOW_SPEC + ": 62.91 ≤ 30",
    ),
    (
        "duitnow",
        {"acquirer_id": "501664", "qr_id": "1", "merchant_name": "X", "merchant_category_code": "0000"},
        "geo_coordinates",
        lambda n: "1" * n,
        35,
        "duitnow.value_too_long",
        ("62", "92"),
        DUITNOW_SPEC + ": 62.92 ≤ 35",
    ),
    (
        "duitnow",
        {"acquirer_id": "501664", "qr_id": "1", "merchant_name": "X", "merchant_category_code": "0000"},
        "additional_data",
        lambda n: {"10": "1" * n},
        15,
        "duitnow.value_too_long",
        ("62", "10"),
        DUITNOW_SPEC + ": 62.10 ≤ 15",
    ),
    (
        "sgqr",
        SGQR_FIELDS,
        "level",
        lambda n: "1" * n,
        3,
        "sgqr.field_length",
        ("51", "04"),
        "SGQR v1.6 Table 3-1: level ≤ 3",
    ),
    (
        "sgqr",
        SGQR_FIELDS,
        "unit_number",
        lambda n: "1" * n,
        5,
        "sgqr.field_length",
        ("51", "05"),
        "SGQR v1.6 Table 3-1: unit ≤ 5",
    ),
    (
        "sgqr",
        SGQR_FIELDS,
        "miscellaneous",
        lambda n: "1" * n,
        10,
        "sgqr.field_length",
        ("51", "06"),
        "SGQR v1.6 Table 3-1: miscellaneous ≤ 10",
    ),
    (
        "paynow",
        {"now": NOW},
        "mobile",
        lambda n: "+65" + "9" * (n - 3),
        16,
        "paynow.mobile_format",
        ("26", "02"),
        "PayNow QR spec 2.2: '+', dialling code and number, 16 characters at most",
    ),
    (
        "promptpay",
        {},
        "bank_account",
        lambda n: "014" + "1" * (n - 3),
        43,
        "promptpay.bank_account_format",
        ("29", "04"),
        "BOT Thai QR guideline (docs/schemes/promptpay.md): bank account proxy, 3-digit bank code and account, ≤ 43",
    ),
    (
        "qris",
        QRIS_FIELDS,
        "merchant_id",
        lambda n: "M" * n,
        15,
        "qris.merchant_id",
        ("26", "02"),
        "QRIS Table 4.3: merchant ID ≤ 15",
    ),
    (
        "qris",
        QRIS_FIELDS,
        "nmid",
        lambda n: "ID" + "1" * (n - 2),
        15,
        "qris.nmid",
        ("51", "02"),
        "QRIS central repository 51.02: NMID ≤ 15 (docs/schemes/qris.md)",
    ),
    (
        "qris",
        QRIS_FIELDS,
        "merchant_pan",
        lambda n: "9360" + "1" * (n - 4),
        19,
        "qris.merchant_pan",
        ("26", "01"),
        "QRIS Table 4.3: merchant PAN ≤ 19 digits",
    ),
    (
        "vietqr",
        {"bank_bin": "970436"},
        "account_number",
        lambda n: "1" * n,
        19,
        "vietqr.account",
        ("38", "01", "01"),
        "NAPAS QR Format v1.5.2 (as vietqr-ts implements it): account or card number ≤ 19",
    ),
    (
        "vietqr",
        {"bank_bin": "970436", "account_number": "1"},
        "purpose",
        lambda n: "P" * n,
        25,
        "value_too_long",
        ("62", "08"),
        "EMVCo MPM Table 3.7 / NAPAS: purpose 62.08 ≤ 25",
    ),
    (
        "khqr",
        {"merchant_name": "X", "now": NOW},
        "account_id",
        lambda n: "a" * (n - 5) + "@aclb",
        32,
        "value_too_long",
        ("29", "00"),
        "EMVCo MPM 4.4.1.2 / KHQR 29.00: a Bakong account ID has at most 32 characters",
    ),
    (
        "paynow",
        {"now": NOW},
        "uen",
        lambda n: "201403121W" + "A" * (n - 10),
        13,
        "paynow.uen_format",
        ("26", "02"),
        "PayNow QR spec 2.2: a UEN of 9 or 10 characters, 12 or 13 with a suffix",
    ),
    (
        "pix",
        PIX_FIELDS,
        "txid",
        lambda n: "A" * n,
        25,
        "pix.txid_format",
        ("62", "05"),
        "Manual de Padrões para Iniciação do Pix 2.6.2: txid ≤ 25 letters and digits",
    ),
    (
        "pix",
        {"merchant_name": "Fulano de Tal", "merchant_city": "BRASILIA"},
        "key",
        lambda n: "a" * (n - 12) + "@example.com",
        77,
        "pix.key_format",
        ("26", "01"),
        "DICT API (Chave): e-mail key ≤ 77 characters",
    ),
]


@pytest.mark.parametrize(
    ("scheme", "fields", "name", "make", "limit", "code", "path", "source"),
    BUILDER_CASES,
    ids=[f"{c[0]}-{c[2]}-{'.'.join(c[6])}" for c in BUILDER_CASES],
)
def test_builder_at_limit_and_one_past(
    scheme: str,
    fields: dict[str, Any],
    name: str,
    make: Callable[[int], Any],
    limit: int,
    code: str,
    path: tuple[str, ...],
    source: str,
) -> None:
    build = get_scheme(scheme).build
    assert build is not None
    written = make(limit)
    built = build(**{**fields, name: written})
    expected = written if isinstance(written, str) else written[path[-1]]
    assert value_at(built.to_text(), path) == expected and len(expected) == limit, source
    with pytest.raises(InvalidRequest) as caught:
        build(**{**fields, name: make(limit + 1)})
    assert (caught.value.code, caught.value.path) == (code, path), source


# -- builders: exact lengths, amounts and clocks ---------------------------------------------------

QRPH_P2M_FIELDS: dict[str, Any] = {
    "kind": "p2m",
    "merchant_id": "000600788000696",
    "merchant_name": "LANDMARK Makati DS",
    "merchant_city": "Makati",
    "merchant_category_code": "5311",
}
UNIONPAY_FIELDS: dict[str, Any] = {
    "acquirer_iin": "27380418",
    "forwarding_iin": "00520446",
    "merchant_id": "mch19B73F61B9E0",
    "currency": "418",
    "country": "LA",
    "merchant_name": "AKAPHON XAYYABED",
    "merchant_city": "VT",
    "merchant_category_code": "5691",
}
UNIONPAY_LAYOUT = "UnionPay 15 as in every real code (docs/schemes/unionpay.md): 8 + 8 + 15"
# (scheme, other fields, keyword, exact value, one shorter, one longer, code, path, source)
BuilderExactCase = tuple[str, dict[str, Any], str, str, str, str, str, tuple[str, ...], str]
BUILDER_EXACT_CASES: list[BuilderExactCase] = [
    (
        "laoqr",
        {"receiver_id": "R"},
        "iin",
        "27710418",
        "2771041",
        "277104180",
        "laoqr.iin",
        ("38", "01"),
        LAOQR_SHAPE + ": member IIN, 8 digits",
    ),
    (
        "laoqr",
        {"iin": "27710418", "receiver_id": "R"},
        "payment_type",
        "002",
        "02",
        "0020",
        "laoqr.payment_type",
        ("38", "02"),
        LAOQR_SHAPE + ": payment type, 3 digits",
    ),
    (
        "promptpay",
        {},
        "national_id",
        "1234567890123",
        "123456789012",
        "12345678901234",
        "promptpay.national_id_format",
        ("29", "02"),
        PROMPTPAY_SPEC + ": 02 national ID or tax ID, 13 digits",
    ),
    (
        "promptpay",
        {},
        "ewallet_id",
        "123456789012345",
        "12345678901234",
        "1234567890123456",
        "promptpay.ewallet_format",
        ("29", "03"),
        PROMPTPAY_SPEC + ": 03 e-wallet ID, 15 digits",
    ),
    (
        "promptpay",
        {"reference_1": "R"},
        "biller_id",
        "011234567891233",
        "01123456789123",
        "0112345678912330",
        "promptpay.biller_id",
        ("30", "01"),
        "BOT Thai QR guideline, bill payment 30.01: biller ID, 13-digit tax ID and 2-digit suffix",
    ),
    (
        "vietqr",
        {"account_number": "1"},
        "bank_bin",
        "970436",
        "97043",
        "9704360",
        "vietqr.bank_bin",
        ("38", "01", "00"),
        "NAPAS QR Format v1.5.2 (as vietqr-ts implements it): 38.01.00 bank BIN, 6 digits",
    ),
    (
        "fps",
        {},
        "fps_id",
        "999999999",
        "99999999",
        "9999999999",
        "fps.fps_id_format",
        ("26", "02"),
        "FPS Identifier of 9 digits (derekchu322/fps-qr-code; docs/schemes/fps.md)",
    ),
    (
        "fps",
        {"fps_id": "9999999"},
        "clearing_code",
        "004",
        "04",
        "0040",
        "fps.clearing_code",
        ("26", "01"),
        "FPS clearing code, 3 digits (Odoo l10n_hk, derekchu322/fps-qr-code; docs/schemes/fps.md)",
    ),
    (
        "pix",
        PIX_FIELDS,
        "fss",
        "12345678",
        "1234567",
        "123456789",
        "pix.fss_format",
        ("26", "03"),
        "Manual de Padrões para Iniciação do Pix 2.6: fss, the 8-digit ISPB",
    ),
    (
        "pix",
        PIX_FIELDS,
        "postal_code",
        "70040010",
        "7004001",
        "700400100",
        "pix.postal_code",
        ("61",),
        "CEP of 8 digits, as Pix generators write it (docs/schemes/pix.md)",
    ),
    (
        "sgqr",
        SGQR_FIELDS,
        "postal_code",
        "079027",
        "07902",
        "0790271",
        "sgqr.postal_code",
        ("51", "03"),
        "SGQR v1.6 Table 3-1 (docs/schemes/sgqr.md): 51.03 postal code, 6 digits",
    ),
    (
        "sgqr",
        SGQR_FIELDS,
        "version",
        "01.0001",
        "01.000",
        "01.00011",
        "sgqr.version",
        ("51", "02"),
        "SGQR v1.6 Table 3-1 (docs/schemes/sgqr.md): 51.02 version NN.NNNN",
    ),
    (
        "duitnow",
        {"acquirer_id": "501664", "qr_id": "1", "merchant_name": "X", "merchant_category_code": "0000"},
        "postal_code",
        "43650",
        "4365",
        "436500",
        "duitnow.postal_code",
        ("61",),
        DUITNOW_SPEC + ": 61 postal code, 5 digits",
    ),
    (
        "qrph",
        QRPH_P2M_FIELDS,
        "bic",
        "RCBCPHMM",
        "RCBCPHM",
        "RCBCPHMMX",
        "qrph.bic",
        ("28", "01"),
        "ISO 9362: a BIC is 8 characters (docs/schemes/qrph.md)",
    ),
    (
        "qrph",
        QRPH_P2M_FIELDS,
        "bic",
        "RCBCPHMMXXX",
        "RCBCPHMMXX",
        "RCBCPHMMXXXX",
        "qrph.bic",
        ("28", "01"),
        "ISO 9362: a BIC with its branch code is 11 characters (docs/schemes/qrph.md)",
    ),
    (
        "unionpay",
        UNIONPAY_FIELDS,
        "merchant_id",
        "mch19B73F61B9E0",
        "mch19B73F61B9E",
        "mch19B73F61B9E0X",
        "unionpay.account_layout",
        ("15",),
        UNIONPAY_LAYOUT + ": merchant ID, 15 characters",
    ),
    (
        "unionpay",
        UNIONPAY_FIELDS,
        "acquirer_iin",
        "27380418",
        "2738041",
        "273804180",
        "unionpay.account_layout",
        ("15",),
        UNIONPAY_LAYOUT + ": acquirer IIN, 8 digits",
    ),
    (
        "unionpay",
        UNIONPAY_FIELDS,
        "forwarding_iin",
        "00520446",
        "0052044",
        "005204460",
        "unionpay.account_layout",
        ("15",),
        UNIONPAY_LAYOUT + ": forwarding IIN, 8 digits",
    ),
]


def _refused(build: Callable[..., Any], fields: dict[str, Any]) -> tuple[str, tuple[str, ...]]:
    with pytest.raises(InvalidRequest) as caught:
        build(**fields)
    return caught.value.code, caught.value.path


@pytest.mark.parametrize(
    ("scheme", "fields", "name", "exact", "short", "long", "code", "path", "source"),
    BUILDER_EXACT_CASES,
    ids=[f"{c[0]}-{c[2]}-{len(c[3])}" for c in BUILDER_EXACT_CASES],
)
def test_builder_exact_length_and_one_either_side(
    scheme: str,
    fields: dict[str, Any],
    name: str,
    exact: str,
    short: str,
    long: str,
    code: str,
    path: tuple[str, ...],
    source: str,
) -> None:
    assert len(short) + 1 == len(exact) == len(long) - 1, source
    build = get_scheme(scheme).build
    assert build is not None
    text = build(**{**fields, name: exact}).to_text()
    written = value_at(text, path)
    assert written is not None and exact in written, source
    for wrong in (short, long):
        assert _refused(build, {**fields, name: wrong}) == (code, path), (wrong, source)


#: the fields each builder needs besides ``amount`` (KHQR: a dynamic code needs an expiration)
AMOUNT_FIELDS: dict[str, dict[str, Any]] = {
    "khqr": {
        "account_id": "john@aclb",
        "merchant_name": "X",
        "currency": "USD",
        "now": NOW,
        "expires_at": NOW + timedelta(minutes=10),
    },
    "laoqr": {"iin": "27710418", "receiver_id": "R"},
    "promptpay": {"mobile": "0812345678"},
    "paynow": {"uen": "201403121W", "now": NOW},
    "duitnow": {
        "acquirer_id": "501664",
        "qr_id": "1",
        "merchant_name": "X",
        "merchant_category_code": "0000",
    },
    "qris": {k: v for k, v in QRIS_FIELDS.items() if k not in ("pjsp_guid", "merchant_pan", "merchant_id")},
    "vietqr": {"bank_bin": "970436", "account_number": "1"},
    "qrph": {**QRPH_P2M_FIELDS, "bic": "RCBCPHMMXXX"},
    "unionpay": UNIONPAY_FIELDS,
    "pix": PIX_FIELDS,
    "fps": {"fps_id": "9999999"},
    "nepalpay": {
        "acquirer_id": "00021000",
        "merchant_id": "1000NOUOFMB",
        "merchant_name": "N",
        "merchant_city": "K",
        "merchant_category_code": "5411",
    },
    "lankaqr": {
        "block": "1672800058120000000010000005",
        "merchant_name": "A",
        "merchant_city": "B",
        "merchant_category_code": "5812",
    },
}
#: builders that write two decimals (the currency's minor units) whatever amount is given
FIXED_DECIMALS = frozenset({"promptpay", "duitnow", "qrph", "unionpay", "pix"})
# (scheme, amount at the limit, one past it, code, source)
BUILDER_AMOUNT_CASES: list[tuple[str, str, str, str, str]] = [
    ("khqr", "1.25", "1.255", "amount_precision", "Bakong KHQR SDK: USD with at most two decimals"),
    ("laoqr", "1.25", "1.255", "amount_precision", ISO_4217 + ": LAK 418 has 2"),
    ("promptpay", "1.25", "1.255", "amount_precision", ISO_4217 + ": THB 764 has 2"),
    ("paynow", "1.25", "1.255", "amount_precision", ISO_4217 + ": SGD 702 has 2"),
    ("duitnow", "1.25", "1.255", "amount_precision", ISO_4217 + ": MYR 458 has 2"),
    ("qris", "1.25", "1.255", "amount_precision", ISO_4217 + ": IDR 360 has 2"),
    ("vietqr", "1", "1.5", "amount_precision", ISO_4217 + ": VND 704 has 0"),
    ("qrph", "1.25", "1.255", "amount_precision", ISO_4217 + ": PHP 608 has 2"),
    ("unionpay", "1.25", "1.255", "amount_precision", ISO_4217 + ": LAK 418 has 2"),
    ("pix", "1.25", "1.255", "amount_precision", ISO_4217 + ": BRL 986 has 2"),
    ("fps", "1.25", "1.255", "amount_precision", ISO_4217 + ": HKD 344 has 2"),
    ("nepalpay", "1.25", "1.255", "amount_precision", ISO_4217 + ": NPR 524 has 2"),
    ("lankaqr", "1.25", "1.255", "amount_precision", ISO_4217 + ": LKR 144 has 2"),
]


@pytest.mark.parametrize(
    ("scheme", "at_limit", "past", "code", "source"),
    BUILDER_AMOUNT_CASES,
    ids=[c[0] for c in BUILDER_AMOUNT_CASES],
)
def test_builder_amount_decimals_at_and_one_past(
    scheme: str, at_limit: str, past: str, code: str, source: str
) -> None:
    build = get_scheme(scheme).build
    assert build is not None
    fields = AMOUNT_FIELDS[scheme]
    assert build(**fields, amount=at_limit).value("54") == at_limit, source
    assert _refused(build, {**fields, "amount": past}) == (code, ("54",)), source


@pytest.mark.parametrize("scheme", sorted(AMOUNT_FIELDS))
def test_builder_amount_of_13_characters_and_of_14(scheme: str) -> None:
    """EMVCo MPM Table 3.6: ID 54 is at most 13 characters as written (with the two decimals
    a fixed-decimals builder adds)."""
    build = get_scheme(scheme).build
    assert build is not None
    fields = AMOUNT_FIELDS[scheme]
    digits = 10 if scheme in FIXED_DECIMALS else 13
    written = build(**fields, amount="9" * digits).value("54")
    assert written is not None and len(written) == 13
    assert _refused(build, {**fields, "amount": "9" * (digits + 1)}) == ("value_too_long", ("54",))


# (scheme, fields, keyword, accepted at the limit, refused one past it, code, path, source)
BUILDER_CLOCK_CASES: list[tuple[str, dict[str, Any], str, Any, Any, str, tuple[str, ...], str]] = [
    (
        "khqr",
        AMOUNT_FIELDS["khqr"] | {"amount": "1"},
        "expires_at",
        NOW,
        NOW - timedelta(milliseconds=1),
        "khqr.expiration_before_creation",
        ("99", "01"),
        "Bakong KHQR SDK verify: the expiration (99.01) is not before the creation (99.00)",
    ),
    (
        "khqr",
        AMOUNT_FIELDS["khqr"] | {"amount": "1"},
        "expires_at",
        10**13 - 1,
        10**13,
        "khqr.timestamp_format",
        ("99", "01"),
        "Bakong KHQR SDK: 99 timestamps are Unix epoch milliseconds, 13 digits",
    ),
    (
        "laoqr",
        {"iin": "27710418", "receiver_id": "R"},
        "expires_at",
        10**13 - 1,
        10**13,
        "laoqr.expiry_format",
        ("38", "04"),
        "pmoney_qr gen_qr.dart (docs/schemes/laoqr.md): 38.04 Unix epoch milliseconds, 13 digits",
    ),
    (
        "laoqr",
        {"iin": "27710418", "receiver_id": "R"},
        "expires_at",
        10**12,
        10**12 - 1,
        "laoqr.expiry_format",
        ("38", "04"),
        "pmoney_qr gen_qr.dart (docs/schemes/laoqr.md): 38.04 Unix epoch milliseconds, 13 digits",
    ),
    (
        "paynow",
        {"uen": "201403121W", "now": NOW},
        "expiry",
        date(2026, 1, 1),  # NOW is 08:00 on 1 January in Singapore
        date(2025, 12, 31),
        "paynow.expired",
        ("26", "04"),
        "PayNow QR spec 2.2: a transaction after the QR expiry date is not processed (Singapore time)",
    ),
    (
        "paynow",
        {"uen": "201403121W", "now": NOW},
        "expiry",
        "20260101080000",  # payable through that second
        "20260101075959",
        "paynow.expired",
        ("26", "04"),
        "PayNow 04 as banks write it, YYYYMMDDhhmmss Singapore time (docs/schemes/paynow.md)",
    ),
]


@pytest.mark.parametrize(
    ("scheme", "fields", "name", "at_limit", "past", "code", "path", "source"),
    BUILDER_CLOCK_CASES,
    ids=[f"{c[0]}-{c[2]}-{c[5]}-{i}" for i, c in enumerate(BUILDER_CLOCK_CASES)],
)
def test_builder_clock_and_timestamp_limits(
    scheme: str,
    fields: dict[str, Any],
    name: str,
    at_limit: Any,
    past: Any,
    code: str,
    path: tuple[str, ...],
    source: str,
) -> None:
    build = get_scheme(scheme).build
    assert build is not None
    built = build(**{**fields, name: at_limit})
    assert value_at(built.to_text(), path) is not None and built.is_valid, source
    assert _refused(build, {**fields, name: past}) == (code, path), source
