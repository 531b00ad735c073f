"""Pix rules, view, key checks, builder refusals, descriptions and relaxations, each checked
whole (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message, ctx) on
a payload assembled here with its own CRC (``code``/``t`` of test_duitnow_exact, crcmod's
CRC-16/CCITT-FALSE) and offsets found by ``locate``, a walk written there. The expected rules
and limits are transcribed from docs/schemes/pix.md, which cites the BCB's Manual de Padrões
para Iniciação do Pix (2.1 mandatory 52/59/60, 2.5.2 location without a scheme, 2.6 fss of
8 digits and the Pix Saque zero amount, 2.6.2 txid 1-25 letters and digits or ``***``, 2.7
dynamic template 00 and 25 only, 2.8.2 Pix Automático template 80) and the DICT API key
forms. CPF/CNPJ check digits are compared with published documents (CPF 123.456.789-09 and
111.444.777-35, the usual examples of Receita Federal's algorithm; CNPJ 11.222.333/0001-81;
Petrobras 33.000.167/0001-01; Banco do Brasil 00.000.000/0001-91; Receita Federal's
alphanumeric example 12.ABC.345/01DE-35) and with a modulo-11 written here.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import pix
from qrpay.schemes._base import Relaxation
from tests.schemes.test_duitnow_exact import code, locate, scheme_issues, t

GUI = "br.gov.bcb.pix"
EVP = "123e4567-e12b-12d1-a456-426655440000"
M = "Manual de Padrões para Iniciação do Pix"
STATIC = t("00", GUI) + t("01", EVP)
LOCATION = "pix.example.com/qr/v2/9d36b84f"
DYNAMIC = t("00", GUI) + t("25", LOCATION)
RECURRENCE = t("00", GUI) + t("25", "pix.example.com/qr/v2/rec/3ffa")


def pix_code(
    *,
    account: str = STATIC,
    account_tag: str = "26",
    poi: str | None = None,
    txid: str | None = "***",
    drop: tuple[str, ...] = (),
    extra: dict[str, str] | None = None,
) -> str:
    """A Pix code built like the manual's static example, with changes; ``extra`` adds root tags."""
    objects = {
        "00": "01",
        account_tag: account,
        "52": "0000",
        "53": "986",
        "58": "BR",
        "59": "Fulano de Tal",
        "60": "BRASILIA",
    }
    if poi is not None:
        objects["01"] = poi
    if txid is not None:
        objects["62"] = t("05", txid)
    for tag in drop:
        del objects[tag]
    objects.update(extra or {})
    return code(*(t(tag, objects[tag]) for tag in sorted(objects)))


def one(text: str) -> tuple[Any, ...]:
    (found,) = scheme_issues(text, "pix")
    return found


def test_the_base_codes_are_clean() -> None:
    # the manual's static example, byte for byte (CRC 1D3D)
    assert pix_code().endswith("5913Fulano de Tal6008BRASILIA62070503***63041D3D")
    for text in (
        pix_code(),
        pix_code(account=DYNAMIC, poi="12"),
        pix_code(account=t("00", "BR.GOV.BCB.PIX") + t("01", EVP)),
        pix_code(account=t("00", GUI), extra={"80": RECURRENCE}),
        pix_code(account=DYNAMIC, poi="12", extra={"80": RECURRENCE}),
        pix_code(extra={"61": "70040010", "54": "10.50"}),
        pix_code(txid="A" * 25),
        pix_code(txid="Pedido42"),
    ):
        assert list(qrpay.decode(text).issues) == [], text
        assert qrpay.detect(text) == ("pix",)


@pytest.mark.parametrize(
    ("tag", "name"), [("52", "Merchant Category Code"), ("59", "Merchant Name"), ("60", "Merchant City")]
)
def test_mandatory_root_fields(tag: str, name: str) -> None:
    decoded = qrpay.decode(pix_code(drop=(tag,)))
    assert [(i.code, i.path, i.offset, i.severity, i.message, dict(i.ctx)) for i in decoded.issues] == [
        (
            "pix.missing_field",
            (tag,),
            None,
            "error",
            f"no tag {tag} ({name}), which the BR Code makes mandatory (Manual do BR Code, {M} 2.1)",
            {},
        )
    ]


@pytest.mark.parametrize("cep", ["7004001", "700400100", "7004001A"])
def test_postal_code_not_8_digits(cep: str) -> None:
    text = pix_code(extra={"61": cep})
    assert one(text) == (
        "pix.postal_code",
        ("61",),
        locate(text, ("61",)),
        "warning",
        f"postal code {cep!r} is not a CEP of 8 digits, the form Pix generators write",
        {"actual": cep},
    )


@pytest.mark.parametrize("gui", ["br.gov.bcb.spi", "BR.GOV.BCB.SPI"])
def test_the_2019_gui(gui: str) -> None:
    text = pix_code(account=t("00", gui) + t("01", EVP))
    assert one(text) == (
        "pix.gui",
        ("26", "00"),
        locate(text, ("26", "00")),
        "error",
        f"GUI {gui!r} is the one of the 2019 drafts of the BR Code; Pix codes carry 'br.gov.bcb.pix' "
        f"({M} 2.1), and payer apps do not read the old one",
        {"actual": gui},
    )


@pytest.mark.parametrize("tag", ["27", "51"])
def test_account_not_in_26(tag: str) -> None:
    text = pix_code(account_tag=tag)
    assert one(text) == (
        "pix.account_tag",
        (tag,),
        locate(text, (tag,)),
        "warning",
        f"the Pix merchant account is in tag {tag}; the BR Code allocates tag 26 (strict readers search "
        "26-51, some apps look in 26 only)",
        {"actual": tag},
    )
    assert pix.view(qrpay.decode(text)).key == EVP


def test_a_gui_in_25_is_no_pix_account() -> None:
    payload = qrpay.decode(pix_code(account_tag="25"))
    assert pix.view(payload).account is None


def test_key_and_url() -> None:
    text = pix_code(account=STATIC + t("25", LOCATION), poi="12")
    assert scheme_issues(text, "pix") == [
        (
            "pix.key_and_url",
            ("26", "01"),
            locate(text, ("26", "01")),
            "error",
            "26 holds both a key (01) and a location (25); a static code has the key, a dynamic one "
            f"only the GUI and the location ({M} 2.6, 2.7)",
            {},
        )
    ]


def test_neither_key_nor_url() -> None:
    text = pix_code(account=t("00", GUI) + t("02", "Mesa 4"))
    assert one(text) == (
        "pix.key_or_url",
        ("26",),
        locate(text, ("26",)),
        "error",
        f"26 holds neither a key (01) nor a location (25): there is no receiver to pay ({M} 2.6, 2.7)",
        {},
    )
    # in tag 27 the template's path names it
    text = pix_code(account=t("00", GUI), account_tag="27")
    assert [i[0] for i in scheme_issues(text, "pix")] == ["pix.account_tag", "pix.key_or_url"]
    assert scheme_issues(text, "pix")[1][4].startswith("27 holds neither")


def test_dynamic_template_holds_only_00_and_25() -> None:
    text = pix_code(account=DYNAMIC + t("02", "Mesa 4") + t("03", "12345678"), poi="12")
    assert scheme_issues(text, "pix") == [
        (
            "pix.dynamic_template",
            ("26", sub),
            locate(text, ("26", sub)),
            "error",
            f"26.{sub} in a dynamic code: its template holds only the GUI (00) and the location (25) "
            f"({M} 2.7); description, withdrawal data and amount come from the location",
            {"actual": sub},
        )
        for sub in ("02", "03")
    ]


@pytest.mark.parametrize("url", ["https://" + LOCATION, "http://x.example", "a+b.c-d://x"])
def test_location_with_a_scheme(url: str) -> None:
    text = pix_code(account=t("00", GUI) + t("25", url), poi="12")
    assert one(text) == (
        "pix.url_scheme",
        ("26", "25"),
        locate(text, ("26", "25")),
        "error",
        f"location {url!r} starts with a scheme; the BR Code writes the location without 'https://', which "
        f"the payer's app adds ({M} 2.5.2)",
        {"actual": url},
    )


def test_a_location_with_a_colon_but_no_scheme_is_clean() -> None:
    for url in ("pix.example.com:8443/qr/v2/x", "1x://y"):
        assert scheme_issues(pix_code(account=t("00", GUI) + t("25", url), poi="12"), "pix") == []


def test_dynamic_initiation_absent_or_11() -> None:
    text = pix_code(account=DYNAMIC)
    assert one(text) == (
        "pix.dynamic_initiation",
        ("01",),
        None,
        "warning",
        "a dynamic Pix code (location in 26.25) has Point of Initiation absent; the BCB writes 12 "
        "(bacen/pix-api#231), and the manual marks 01 optional",
        {"actual": None},
    )
    text = pix_code(account=DYNAMIC, poi="11")
    assert one(text) == (
        "pix.dynamic_initiation",
        ("01",),
        locate(text, ("01",)),
        "warning",
        "a dynamic Pix code (location in 26.25) has Point of Initiation '11'; the BCB writes 12 "
        "(bacen/pix-api#231), and the manual marks 01 optional",
        {"actual": "11"},
    )


KEY_FORMAT = (
    "is none of the forms the DICT registers: CPF (11 digits), CNPJ (14 digits, or 12 letters and digits "
    "and 2 check digits), '+' and an E.164 phone number, a lower-case e-mail address (at most 77 "
    "characters) or a lower-case UUID (DICT API, tag Chave); masks and upper case are not the key"
)


@pytest.mark.parametrize(
    "key",
    [
        "123.456.789-09",
        "1234567890",
        "123456789012",
        "Fulano@example.com",
        EVP.upper(),
        "+0123456789",
        "+1234567890123456",
        "12abc34501de35",
    ],
)
def test_key_format(key: str) -> None:
    text = pix_code(account=t("00", GUI) + t("01", key))
    assert one(text) == (
        "pix.key_format",
        ("26", "01"),
        locate(text, ("26", "01")),
        "error",
        f"key {key!r} {KEY_FORMAT}",
        {"actual": key},
    )


@pytest.mark.parametrize(
    ("key", "kind", "why"),
    [
        ("12345678900", "CPF", "its check digits do not match (Receita Federal, modulo 11)"),
        ("12345678908", "CPF", "its check digits do not match (Receita Federal, modulo 11)"),
        ("00000000000", "CPF", "it is one character repeated, which Receita Federal never issues"),
        ("11222333000180", "CNPJ", "its check digits do not match (Receita Federal, modulo 11)"),
        ("12ABC34501DE36", "CNPJ", "its check digits do not match (Receita Federal, modulo 11)"),
        ("11111111111111", "CNPJ", "it is one character repeated, which Receita Federal never issues"),
        ("00000000000000", "CNPJ", "it is one character repeated, which Receita Federal never issues"),
    ],
)
def test_key_check_digits(key: str, kind: str, why: str) -> None:
    text = pix_code(account=t("00", GUI) + t("01", key))
    assert one(text) == (
        "pix.key_check_digit",
        ("26", "01"),
        locate(text, ("26", "01")),
        "warning",
        f"key {key!r} has the form of a {kind} but {why}; the DICT registers only real documents",
        {"actual": key, "key_type": kind.lower()},
    )


@pytest.mark.parametrize("key", ["+14155550123", "+5561912345", "+55619123456789", "+5501912345678", "+12"])
def test_phone_not_br(key: str) -> None:
    text = pix_code(account=t("00", GUI) + t("01", key))
    assert one(text) == (
        "pix.phone_not_br",
        ("26", "01"),
        locate(text, ("26", "01")),
        "warning",
        f"phone key {key!r} is not a Brazilian number (+55, a 2-digit area code and 8 or 9 digits); the DICT's "
        "pattern accepts any E.164 number (bacen/pix-perguntas-e-respostas#48)",
        {"actual": key},
    )


# keys of each type in the DICT form, with valid check digits (published documents)
GOOD_KEYS = {
    "12345678909": pix.KeyType.CPF,
    "11144477735": pix.KeyType.CPF,
    "11222333000181": pix.KeyType.CNPJ,
    # two distinct digits only, worked by hand: 5*5 + 5*4 = 45, 45 mod 11 = 1 -> 0; 5*6 + 5*5 = 55 -> 0
    "00000550000": pix.KeyType.CPF,
    # 9+7+6+5+3+2 = 32, 32 mod 11 = 10 -> 1; 2+8+7+6+4+3+2 = 32 -> 1
    "00001011101111": pix.KeyType.CNPJ,
    "33000167000101": pix.KeyType.CNPJ,
    "00000000000191": pix.KeyType.CNPJ,
    "12ABC34501DE35": pix.KeyType.CNPJ,
    "+5561912345678": pix.KeyType.PHONE,
    "+556133334444": pix.KeyType.PHONE,
    "fulano@example.com": pix.KeyType.EMAIL,
    "a" * 65 + "@example.com": pix.KeyType.EMAIL,  # 77 characters, the DICT's limit
    "x.y+z@sub-1.example.com.br": pix.KeyType.EMAIL,
    EVP: pix.KeyType.EVP,
}


@pytest.mark.parametrize("key", list(GOOD_KEYS))
def test_good_keys_are_clean_and_typed(key: str) -> None:
    text = pix_code(account=t("00", GUI) + t("01", key))
    assert scheme_issues(text, "pix") == []
    assert pix.key_type(key) is GOOD_KEYS[key]
    assert pix.view(qrpay.decode(text)).key_type is GOOD_KEYS[key]
    assert pix.build(key=key, merchant_name="Loja", merchant_city="SAO PAULO").value(("26", "01")) == key


def test_key_type_refuses() -> None:
    for key in ("", "1234567890", "+", "+1", "+0123", "fulano@", "@example.com", "a" * 78, "123456789012345"):
        assert pix.key_type(key) is None, key
    assert pix.key_type("+123456789012345") is pix.KeyType.PHONE  # 15 digits, E.164's limit
    assert pix.key_type("+1234567890123456") is None
    # e-mail keys: at most 77 characters (a 78-character one does not fit template 26 either)
    assert pix.key_type("a" * 65 + "@example.com") is pix.KeyType.EMAIL
    assert pix.key_type("a" * 66 + "@example.com") is None


def _mod11(digits: list[int], weights: list[int]) -> int:
    rest = sum(d * w for d, w in zip(digits, weights, strict=True)) % 11
    return 0 if rest < 2 else 11 - rest


def _cpf_oracle(base: str) -> str:
    digits = [int(c) for c in base]
    first = _mod11(digits, [10, 9, 8, 7, 6, 5, 4, 3, 2])
    second = _mod11([*digits, first], [11, 10, 9, 8, 7, 6, 5, 4, 3, 2])
    return f"{first}{second}"


def _cnpj_oracle(base: str) -> str:
    values = [ord(c) - ord("0") for c in base]
    first = _mod11(values, [5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    second = _mod11([*values, first], [6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2])
    return f"{first}{second}"


def test_check_digits_of_published_documents() -> None:
    assert pix.cpf_check_digits("123456789") == "09"
    assert pix.cpf_check_digits("111444777") == "35"
    assert pix.cnpj_check_digits("112223330001") == "81"
    assert pix.cnpj_check_digits("330001670001") == "01"
    assert pix.cnpj_check_digits("000000000001") == "91"
    assert pix.cnpj_check_digits("12ABC34501DE") == "35"


def test_check_digits_against_a_modulo_11_written_here() -> None:
    for n in range(0, 1_000_000_000, 7_654_321):
        base = f"{n:09d}"
        assert pix.cpf_check_digits(base) == _cpf_oracle(base), base
    letters = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for n in range(200):
        base = "".join(letters[(n * 7 + i * 13 + n * i) % 36] for i in range(12))
        assert pix.cnpj_check_digits(base) == _cnpj_oracle(base), base


def test_fss_not_8_digits() -> None:
    for fss in ("1234567", "123456789", "1234567A"):
        text = pix_code(account=STATIC + t("03", fss))
        assert one(text) == (
            "pix.fss_format",
            ("26", "03"),
            locate(text, ("26", "03")),
            "error",
            f"26.03 (fss, Pix Saque/Troco) is {fss!r}; it is the 8-digit ISPB of the withdrawal facilitator "
            f"({M} 2.6)",
            {"actual": fss},
        )


@pytest.mark.parametrize("amount", ["0", "0.00", "00.0", "0."])
def test_amount_zero_without_fss(amount: str) -> None:
    text = pix_code(extra={"54": amount})
    assert one(text) == (
        "pix.amount_zero",
        ("54",),
        locate(text, ("54",)),
        "error",
        f"amount {amount!r} is zero; only a Pix Saque/Troco code (with the facilitator's ISPB in 26.03) may carry "
        f"0 ({M} 2.6; EMVCo MPM 4.7.4.1)",
        {"actual": amount},
    )
    assert [i.code for i in qrpay.decode(text).issues if i.code == "amount_zero"] == []
    # with the facilitator's ISPB a zero amount is Pix Saque/Troco
    assert scheme_issues(pix_code(account=STATIC + t("03", "12345678"), extra={"54": amount}), "pix") == []


@pytest.mark.parametrize("amount", ["0.01", "10", "100.00", "0.10"])
def test_amount_not_zero(amount: str) -> None:
    assert scheme_issues(pix_code(extra={"54": amount}), "pix") == []


def test_txid_missing() -> None:
    for text in (pix_code(txid=None), pix_code(txid=None, extra={"62": t("01", "INV1")})):
        assert one(text) == (
            "pix.txid_missing",
            ("62", "05"),
            None,
            "error",
            f"no 62.05 (txid): a BR Code always carries it, '***' when there is no txid (Manual do BR Code; "
            f"{M} 2.6.2; BCB in bacen/pix-api#190: leaving it out 'is not conformant')",
            {},
        )


def test_dynamic_txid() -> None:
    text = pix_code(account=DYNAMIC, poi="12", txid="Pedido42")
    assert one(text) == (
        "pix.dynamic_txid",
        ("62", "05"),
        locate(text, ("62", "05")),
        "error",
        "62.05 is 'Pedido42' in a dynamic code; it must be '***': the txid is in the charge at the location, "
        f"and a value here is ignored ({M} 2.7; BCB in bacen/pix-api#190, #231)",
        {"actual": "Pedido42"},
    )


@pytest.mark.parametrize("txid", ["RP12345678-2019", "A" * 26, "**", "Pedido_42"])
def test_txid_format(txid: str) -> None:
    text = pix_code(txid=txid)
    assert one(text) == (
        "pix.txid_format",
        ("62", "05"),
        locate(text, ("62", "05")),
        "error",
        f"txid {txid!r} must be 1-25 letters and digits (a-z, A-Z, 0-9), or '***' for none ({M} 2.6.2)",
        {"actual": txid},
    )


def test_recurrence_without_location() -> None:
    text = pix_code(extra={"80": t("00", GUI)})
    assert one(text) == (
        "pix.recurrence_url",
        ("80", "25"),
        None,
        "error",
        f"template 80 has the Pix GUI but no recurrence location (25); Pix Automático's composite code carries "
        f"it there ({M} 2.8.2)",
        {},
    )


def test_recurrence_location_without_rec_and_with_a_scheme() -> None:
    url = "https://pix.example.com/qr/v2/x"
    text = pix_code(extra={"99": t("00", GUI) + t("25", url)})
    at = locate(text, ("99", "25"))
    assert scheme_issues(text, "pix") == [
        (
            "pix.url_scheme",
            ("99", "25"),
            at,
            "error",
            f"location {url!r} starts with a scheme; the BR Code writes the location without 'https://', which "
            f"the payer's app adds ({M} 2.5.2)",
            {"actual": url},
        ),
        (
            "pix.recurrence_path",
            ("99", "25"),
            at,
            "warning",
            f"recurrence location {url!r} has no '/rec/' path segment, which every BCB example of Pix "
            "Automático has (bacen/pix-api openapi.yaml)",
            {"actual": url},
        ),
    ]


def test_a_template_80_without_the_pix_gui_is_not_read() -> None:
    text = pix_code(extra={"80": t("00", "com.example") + t("01", "x")})
    assert scheme_issues(text, "pix") == []
    assert pix.view(qrpay.decode(text)).recurrence_url is None


def test_view_every_field_of_a_static_code() -> None:
    account = t("00", "BR.GOV.BCB.PIX") + t("01", "12345678909") + t("02", "Mesa 4")
    account += t("03", "12345678") + t("04", "x") + t("26", "y")
    text = pix_code(
        account=account, txid="Pedido42", extra={"54": "10.50", "61": "70040010", "80": RECURRENCE}
    )
    got = pix.view(qrpay.decode(text))
    assert got == pix.PixView(
        account=pix.PixAccount(
            "26", "BR.GOV.BCB.PIX", "12345678909", "Mesa 4", "12345678", None, {"04": "x", "26": "y"}
        ),
        amount=Decimal("10.50"),
        merchant_name="Fulano de Tal",
        merchant_city="BRASILIA",
        postal_code="70040010",
        reference_label="Pedido42",
        recurrence_url="pix.example.com/qr/v2/rec/3ffa",
    )
    assert (got.key, got.key_type, got.url, got.txid) == ("12345678909", pix.KeyType.CPF, None, "Pedido42")
    assert (got.is_static, got.is_dynamic, got.is_withdrawal, got.is_recurring) == (True, False, True, True)
    assert got.account is not None
    assert (got.account.key_type, got.account.is_dynamic) == (pix.KeyType.CPF, False)


def test_view_of_a_dynamic_code() -> None:
    got = pix.view(qrpay.decode(pix_code(account=DYNAMIC, poi="12", txid="Pedido42")))
    assert got.account == pix.PixAccount("26", GUI, None, None, None, LOCATION, {})
    assert (got.key, got.key_type, got.url, got.txid) == (None, None, LOCATION, None)
    assert (got.is_static, got.is_dynamic, got.is_withdrawal, got.is_recurring) == (False, True, False, False)
    assert got.account.key_type is None and got.account.is_dynamic


def test_view_txid_of_none() -> None:
    assert pix.view(qrpay.decode(pix_code())).txid is None
    assert pix.view(qrpay.decode(pix_code(txid=None))).txid is None
    assert pix.view(qrpay.decode(pix_code(txid="A"))).txid == "A"


def test_view_without_a_pix_account() -> None:
    other = code(
        t("00", "01"),
        t("26", t("00", "A000000677010111") + t("01", "0812345678")),
        t("53", "764"),
        t("58", "TH"),
        t("80", RECURRENCE),
    )
    got = pix.view(qrpay.decode(other))
    assert got.account is None
    assert (got.key, got.key_type, got.url, got.txid) == (None, None, None, None)
    assert (got.is_static, got.is_dynamic, got.is_withdrawal) == (False, False, False)
    assert got.recurrence_url == "pix.example.com/qr/v2/rec/3ffa"


def test_describe() -> None:
    describe = pix.SCHEME.describe
    assert describe is not None
    text = pix_code(
        account=STATIC + t("03", "12345678"), extra={"80": RECURRENCE, "27": t("00", "com.example")}
    )
    payload = qrpay.decode(text)
    assert describe(payload, ("62", "05"), "***") == "no txid"
    assert describe(payload, ("62", "05"), "Pedido42") is None
    assert describe(payload, ("59",), "***") is None
    for key, name in [
        ("12345678909", "CPF"),
        ("12ABC34501DE35", "CNPJ"),
        ("+5561912345678", "phone number"),
        ("fulano@example.com", "e-mail address"),
        (EVP, "random key (EVP)"),
    ]:
        assert describe(payload, ("26", "01"), key) == f"Pix key: {name}"
    assert describe(payload, ("26", "01"), "123.456.789-09") is None
    assert describe(payload, ("80", "01"), EVP) is None
    assert describe(payload, ("27", "01"), EVP) is None
    assert describe(payload, ("28", "01"), EVP) is None
    assert describe(payload, ("26", "25"), "x") == "location of the charge (dynamic code), fetched over https"
    assert (
        describe(payload, ("80", "25"), "x")
        == "location of the recurrence (Pix Automático), fetched over https"
    )
    assert (
        describe(payload, ("26", "03"), "12345678") == "ISPB of the withdrawal facilitator (Pix Saque/Troco)"
    )
    assert describe(payload, ("26", "02"), "x") is None
    assert describe(payload, ("26", "01", "00"), EVP) is None
    in51 = qrpay.decode(pix_code(account_tag="51"))
    assert describe(in51, ("51", "01"), EVP) == "Pix key: random key (EVP)"


def test_relaxations() -> None:
    assert pix._relax_missing("59", "Merchant Name") == Relaxation(
        "missing_field",
        ("59",),
        reason="the BR Code makes 59 (Merchant Name) mandatory: pix.missing_field reports it as an error instead",
    )
    assert pix.SCHEME.relaxations[1:] == (
        pix._relax_missing("52", "Merchant Category Code"),
        pix._relax_missing("59", "Merchant Name"),
        pix._relax_missing("60", "Merchant City"),
    )


def refused(**kwargs: Any) -> tuple[str, str, tuple[str, ...], dict[str, Any]]:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        pix.build(**{"merchant_name": "Loja", "merchant_city": "SAO PAULO", **kwargs})
    err = caught.value
    return (err.code, err.message, err.path, dict(err.ctx))


def test_builder_refusals() -> None:
    assert refused(key=EVP, url=LOCATION) == (
        "pix.key_and_url",
        f"give key (static code) or url (dynamic code), not both ({M} 2.6, 2.7)",
        ("26", "01"),
        {},
    )
    assert refused() == (
        "pix.key_or_url",
        "give key (static code), url (dynamic code) or recurrence_url (Pix Automático)",
        ("26",),
        {},
    )
    for name, sub in (("description", "02"), ("fss", "03")):
        assert refused(url=LOCATION, **{name: "12345678"}) == (
            "pix.dynamic_template",
            f"{name}: a dynamic code's template holds only the GUI and the location ({M} 2.7)",
            ("26", sub),
            {},
        )
    assert refused(url=LOCATION, txid="Pedido42") == (
        "pix.dynamic_txid",
        f"txid: a dynamic code's 62.05 is '***'; the txid belongs to the charge at the location ({M} 2.7)",
        ("62", "05"),
        {"actual": "Pedido42"},
    )
    assert refused(recurrence_url="pix.example.com/rec/1", description="x") == (
        "pix.key_or_url",
        "description and fss go with a key (static code)",
        ("26", "01"),
        {},
    )
    assert refused(recurrence_url="pix.example.com/rec/1", fss="12345678")[0] == "pix.key_or_url"
    assert refused(key=EVP, fss="1234567") == (
        "pix.fss_format",
        f"fss: '1234567' is not an ISPB of 8 digits ({M} 2.6)",
        ("26", "03"),
        {"actual": "1234567"},
    )
    assert refused(key=EVP, txid="A" * 26) == (
        "pix.txid_format",
        f"txid: {'A' * 26!r} must be 1-25 letters and digits (a-z, A-Z, 0-9) ({M} 2.6.2)",
        ("62", "05"),
        {"actual": "A" * 26},
    )
    assert refused(key=EVP, postal_code="7004001") == (
        "pix.postal_code",
        "postal_code: '7004001' is not a CEP of 8 digits",
        ("61",),
        {"actual": "7004001"},
    )


def test_builder_refuses_keys() -> None:
    assert refused(key="123.456.789-09") == (
        "pix.key_format",
        "key: '123.456.789-09' is not a Pix key in the form the DICT registers: CPF (11 digits), CNPJ (14 digits "
        "or 12 letters and digits and 2 check digits), '+55' and the number, a lower-case e-mail address or a "
        "lower-case UUID, without masks (DICT API)",
        ("26", "01"),
        {"actual": "123.456.789-09"},
    )
    assert refused(key="12345678900") == (
        "pix.key_check_digit",
        "key: '12345678900' has the form of a CPF but its check digits do not match (Receita Federal, modulo 11)",
        ("26", "01"),
        {"actual": "12345678900"},
    )
    assert refused(key="11111111111111") == (
        "pix.key_check_digit",
        "key: '11111111111111' has the form of a CNPJ but it is one character repeated, which Receita Federal "
        "never issues",
        ("26", "01"),
        {"actual": "11111111111111"},
    )
    assert refused(key="+14155550123") == (
        "pix.phone_not_br",
        "key: phone key '+14155550123' is not '+55', a 2-digit area code and 8 or 9 digits",
        ("26", "01"),
        {"actual": "+14155550123"},
    )


@pytest.mark.parametrize(("field", "path"), [("url", ("26", "25")), ("recurrence_url", ("80", "25"))])
def test_builder_refuses_locations(field: str, path: tuple[str, ...]) -> None:
    url = "https://pix.example.com/rec/1"
    assert refused(**{field: url}) == (
        "pix.url_scheme",
        f"{field}: {url!r} starts with a scheme; give the location without 'https://' ({M} 2.5.2)",
        path,
        {"actual": url},
    )
    for bad in ("pix.example.com/a b", "pix.example.com/\u00e7", "pix.example.com/\tx"):
        assert refused(**{field: bad}) == (
            "pix.url_scheme",
            f"{field}: {bad!r} is not a location (host and path)",
            path,
            {"actual": bad},
        )


def test_builder_writes_each_form() -> None:
    static = pix.build(
        key="12345678909",
        amount="10.50",
        txid="Pedido42",
        description="Mesa 4",
        fss="12345678",
        postal_code="70040010",
        merchant_name="Loja",
        merchant_city="SAO PAULO",
    ).to_text()
    account = t("00", GUI) + t("01", "12345678909") + t("02", "Mesa 4") + t("03", "12345678")
    assert static == code(
        t("00", "01"),
        t("26", account),
        t("52", "0000"),
        t("53", "986"),
        t("54", "10.50"),
        t("58", "BR"),
        t("59", "Loja"),
        t("60", "SAO PAULO"),
        t("61", "70040010"),
        t("62", t("05", "Pedido42")),
    )
    dynamic = pix.build(url=LOCATION, txid="***", merchant_name="Loja", merchant_city="SAO PAULO").to_text()
    assert dynamic == code(
        t("00", "01"),
        t("01", "12"),
        t("26", DYNAMIC),
        t("52", "0000"),
        t("53", "986"),
        t("58", "BR"),
        t("59", "Loja"),
        t("60", "SAO PAULO"),
        t("62", t("05", "***")),
    )
    single = pix.build(key=EVP, initiation="dynamic", merchant_name="Loja", merchant_city="SAO PAULO")
    assert single.value("01") == "12"
    only_recurrence = pix.build(
        recurrence_url="pix.example.com/qr/v2/rec/3ffa", merchant_name="Loja", merchant_city="SAO PAULO"
    ).to_text()
    assert only_recurrence == code(
        t("00", "01"),
        t("26", t("00", GUI)),
        t("52", "0000"),
        t("53", "986"),
        t("58", "BR"),
        t("59", "Loja"),
        t("60", "SAO PAULO"),
        t("62", t("05", "***")),
        t("80", RECURRENCE),
    )


def test_builder_passes_the_amount_style_on() -> None:
    # "minimal" writes the amount as given (builder docs); without the keyword passed on, the
    # default "fixed" would write 10.50 (issue 13: x_build__mutmut_188)
    minimal = pix.build(
        key=EVP, amount="10.5", amount_style="minimal", merchant_name="Loja", merchant_city="SAO PAULO"
    ).to_text()
    assert minimal == code(
        t("00", "01"),
        t("26", STATIC),
        t("52", "0000"),
        t("53", "986"),
        t("54", "10.5"),
        t("58", "BR"),
        t("59", "Loja"),
        t("60", "SAO PAULO"),
        t("62", t("05", "***")),
    )
