"""Pakistani merchant QR (SBP / Raast P2M): real codes (detection by the 28 layout, views
read by hand, round trip), the IBAN rule checked against an independent mod-97 written
here, the warnings, what is not claimed, and the absence of a builder."""

from __future__ import annotations

import pytest

import qrpay
from qrpay.crc import checksum
from qrpay.schemes import get_scheme, raast

# MCB static codes, a JS page's MERCHANT_STATIC_QR_STRING_BKP (search index id 58550607813;
# repository not named by the index; world-schemes.md appendix)
MCB = [
    "00020101021128790032f5afde196d1845a59181b9e0a7c60e3e0111MUCBPKKKRTG0224PK58MUCB00771284010083495204562153035865802PK"
    "5914MILAN BOUTIQUE6007Karachi63040E26",
    "0002010102112879003224706059d4734222aafef89190d2bce70111MUCBPKKKRTG0224PK58MUCB15185634510063925204723053035865802PK"
    "5911CUT & STYLE6007Karachi63044B3D",
    "000201010211287900328cd4285e0707436f8dfa4d301c888d3d0111MUCBPKKKRTG0224PK50MUCB15258545110075735204566153035865802PK"
    "5912SHOE GARDEN 6006Lahore6304C160",
    "0002010102112879003272bb51b4f4794d9fb6bd7125e4dc1eb60111MUCBPKKKRTG0224PK68MUCB10763664510000905204481253035865802PK"
    "590892 BYTES6007Karachi6304416D",
]
# Easypaisa (Telenor Microfinance Bank): an EASYPaisa_QR constant, a qrserver.com data= URL
# URL-decoded (search index id 57855807987; world-schemes.md appendix)
EASYPAISA = (
    "00020101021128760032EpGdjILBmzzJ3USyc3wuXjD1SPLJ6fgN0108TMICFBPK0224PK92TMFB00000000129737895204539953035865802PK"
    "5909Jalwa pro6009Islamabad62530006OPS2.0030713951560506OPS2.007099992872990805Other64370002EN0114MUHAMMAD IHSAN"
    "0209Islamabad63040B31"
)
# PayFast dynamic code, a Java TagParser's example input (search index id 46824874993)
PAYFAST = (
    "00020101021128760032a07f06c996f7422782191c733971e63e0108GPAYFAST0224PK93MPBL99431771401273395204893153035865802PK"
    "5913DEMO MERCHANT6007Karachi62940032DQR4B068L78N249N1DXD23RVABOJBU9Q0125PAYFASTQR-NKET5SMD61W96W00525PAYFASTQR-"
    "NKET5SMD61W96W089360032ee6bec8a2eef4920835d91c4abb95d7f63044C49"
)
# 1LINK dynamic code, an API document's example response (search index id 61492866668)
ONELINK = (
    "0002010102122863001924072612134486351450108ONELINKG0224PK52AIIN0000102287422015520454115303586540450.05802PK"
    "5905Swich6007KARACHI6227031500000000000000207040001846300192407261213448646026013693c11680-d564-4565-85a1-"
    "dbc84acbe7378534001924072612134486467160107KARACHI63042AC4"
)
MILAN = MCB[0]
ACCOUNT = "28790032f5afde196d1845a59181b9e0a7c60e3e0111MUCBPKKKRTG0224PK58MUCB0077128401008349"


def mod97(iban: str) -> int:
    """ISO 13616-1 check, the piecewise way (nine digits at a time), independent of qrpay."""
    moved = iban[4:] + iban[:4]
    digits = "".join(c if c.isdigit() else str(ord(c) - 55) for c in moved)
    remainder = 0
    for start in range(0, len(digits), 7):
        remainder = int(str(remainder) + digits[start : start + 7]) % 97
    return remainder


def sealed(body: str) -> qrpay.Payload:
    return qrpay.decode(body + "6304" + checksum(body + "6304"))


def template(qr_id: str | None, bic: str, iban: str, tag: str = "28") -> str:
    parts = (
        "" if qr_id is None else f"00{len(qr_id):02d}{qr_id}"
    ) + f"01{len(bic):02d}{bic}02{len(iban):02d}{iban}"
    return f"{tag}{len(parts):02d}{parts}"


@pytest.mark.parametrize("text", [*MCB, EASYPAISA, PAYFAST])
def test_real_codes_are_detected_and_round_trip(text: str) -> None:
    payload = qrpay.decode(text)
    assert payload.schemes == ("raast",)
    assert payload.issues == ()  # Easypaisa's mixed-case 28/00 and its 62/00 are relaxed
    assert qrpay.encode(payload) == text


def test_1link_code_with_its_id_repeated_in_84_and_85() -> None:
    payload = qrpay.decode(ONELINK)
    assert payload.schemes == ("raast",) and qrpay.encode(payload) == ONELINK
    # 84/00 and 85/00 repeat the 19-digit ID: not a GUID, EMVCo's warning is kept (not relaxed)
    assert [(i.code, i.path) for i in payload.issues] == [
        ("guid_format", ("84", "00")),
        ("guid_format", ("85", "00")),
    ]
    view = payload.view("raast")
    assert (view.account.qr_id, view.account.bic, view.account.bank_code) == (
        "2407261213448635145",
        "ONELINKG",
        "AIIN",
    )


def test_views_read_by_hand() -> None:
    view = qrpay.decode(MILAN).view("raast")
    assert (view.account.qr_id, view.account.bic, view.account.iban, view.account.bank_code) == (
        "f5afde196d1845a59181b9e0a7c60e3e",
        "MUCBPKKKRTG",
        "PK58MUCB0077128401008349",
        "MUCB",
    )
    dynamic = qrpay.decode(EASYPAISA).view("raast")
    assert (dynamic.account.bic, dynamic.account.bank_code) == ("TMICFBPK", "TMFB")
    assert (dynamic.transaction_id, dynamic.reference_label, dynamic.terminal_label, dynamic.purpose) == (
        "OPS2.0",
        "OPS2.0",
        "999287299",
        "Other",
    )


@pytest.mark.parametrize(
    "iban",
    [
        "PK58MUCB0077128401008349",
        "PK92TMFB0000000012973789",
        "PK36SCBL0000001123456702",  # SWIFT IBAN Registry's example for Pakistan
    ],
)
def test_valid_ibans_agree_with_the_independent_check(iban: str) -> None:
    assert mod97(iban) == 1
    assert raast.iban_is_valid(iban)


@pytest.mark.parametrize(
    "iban",
    [
        "PK59MUCB0077128401008349",  # check digits off by one
        "PK58MUCB0077128401008394",  # two digits swapped
        "PK58MUCB007712840100834",  # 23 characters
        "PK58MUC10077128401008349",  # bank code with a digit
        "pk58mucb0077128401008349",  # lower case
    ],
)
def test_bad_ibans_are_an_error(iban: str) -> None:
    assert not raast.iban_is_valid(iban)
    payload = sealed(
        MILAN[:-8].replace(ACCOUNT, template("f5afde196d1845a59181b9e0a7c60e3e", "MUCBPKKKRTG", iban))
    )
    assert payload.schemes == ("raast",)
    assert [(i.code, i.path, i.severity) for i in payload.issues] == [("raast.iban", ("28", "02"), "error")]
    assert iban in payload.issues[0].message


def test_warnings_and_emvco_guid_missing() -> None:
    bic = sealed(
        MILAN[:-8].replace(
            ACCOUNT, template("f5afde196d1845a59181b9e0a7c60e3e", "mucbpkkkrtg", "PK58MUCB0077128401008349")
        )
    )
    assert [(i.code, i.severity) for i in bic.issues] == [("raast.bic", "warning")]
    no_id = sealed(MILAN[:-8].replace(ACCOUNT, template(None, "MUCBPKKKRTG", "PK58MUCB0077128401008349")))
    assert no_id.schemes == ("raast",)
    assert [(i.code, i.path) for i in no_id.errors] == [("guid_missing", ("28",))]
    money = sealed(MILAN[:-8].replace("5303586", "5303840").replace("5802PK", "5802IN"))
    assert {(i.code, i.severity) for i in money.issues} == {
        ("raast.currency", "warning"),
        ("raast.country", "warning"),
    }


def test_not_claimed_in_another_tag_or_without_an_iban() -> None:
    in_26 = sealed(
        MILAN[:-8].replace(
            ACCOUNT,
            template("f5afde196d1845a59181b9e0a7c60e3e", "MUCBPKKKRTG", "PK58MUCB0077128401008349", "26"),
        )
    )
    assert in_26.schemes == ()
    no_iban = sealed(
        MILAN[:-8].replace(
            ACCOUNT, template("f5afde196d1845a59181b9e0a7c60e3e", "MUCBPKKKRTG", "0077128401008349")
        )
    )
    assert no_iban.schemes == ()


def test_no_builder() -> None:
    scheme = get_scheme("raast")
    assert scheme.build is None and scheme.supports == ("decode", "validate")
    assert scheme.claims is not None and scheme.guids == ()
