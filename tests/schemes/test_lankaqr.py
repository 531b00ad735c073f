"""LANKAQR: real codes (detection, views read by hand, round trip), the un-nested form,
what is not LANKAQR, the warnings, and the builder against real codes byte for byte.

No LANKAQR generator is published on npm or PyPI, so the builder is checked against real
codes (the independent oracle): LankaQRUtilSDK's example app and a Java test's payload.
"""

from __future__ import annotations

from typing import Any

import pytest

import qrpay
from qrpay.schemes import get_scheme, lankaqr

# kasunranganamw/LankaQRUtilSDK, commit b95e5f614d22f500db617862493780e02f64667b
VITS = (
    "0002010102112632002816728000581200000000100000055204581253031445502015802LK5909Vits Food6007Colombo"
    "61050080062580032537c0a88562e4a599cab63d1992f0dac05181600766683296-000563042AB7"
)  # Example/LankaQRUtilSDK/FirstViewController.m line 24
WITH_AMOUNT = (
    "000201010212263200281601000000050001999900503292520499995303144540450005802LK5911With Amount"
    "6007Colombo61050020062190503***0708400232926304760C"
)  # Example/LankaQRUtilSDK/ViewController.swift line 26
ABC = (
    "0002010102112632002816861001000000000000022202225204939953031445802LK5911ABC Grocery6003cbc"
    "62130509LOLC_IPAY85310012IPAY_INS_REF0111Q00000147556304AC66"
)  # Example/LankaQRUtilSDK/ViewController.swift line 24
# https://github.com/mvallim/emv-qrcode/issues/29 (a merchant code that library rejects)
BURGER = (
    "0002010102112632002816728000581200000000849800025204581253031445502015802LK5925Burger's King and Family "
    "6007Colombo610500800625800329459b40e599f4d96ac78d689dc388f2205181630921441682-0002630408AF"
)
# lakshitha0526/lankaqr README.md line 42, commit 8352186678aad7173f7ff7454e299a41d6495548
README = (
    "000201010211262817056001MERCHANT00000001T0015204599953031445802LK5910ACME STORE6007COLOMBO"
    "62110507INV-0016304D4F0"
)
# a public Java test (search index id 25296340681), commented payload + its CRC 4F34, with the
# merchant's personal name replaced by A MERCHANT and the CRC recomputed by
# scripts/vectors/lankaqr.py (vector lankaqr-visa-and-lankapay-name-redacted)
VISA_AND_LANKAPAY = (
    "000201010212021646494686498667022632002816454000000001000001000000005204541153031445406150.52"
    "5502015802LK5910A MERCHANT6013Agarapathana 621207084010000063046628"
)


@pytest.mark.parametrize("text", [VITS, WITH_AMOUNT, ABC, BURGER, README, VISA_AND_LANKAPAY])
def test_real_codes_are_lankaqr_and_round_trip(text: str) -> None:
    payload = qrpay.decode(text)
    assert payload.schemes == ("lankaqr",)
    assert payload.errors == ()
    assert qrpay.encode(payload) == text


def test_view_of_a_dynamic_code_read_by_hand() -> None:
    view = qrpay.decode(VITS).view("lankaqr")
    assert view.account.block == "1672800058120000000010000005" and view.account.nested
    assert view.transaction_id == "537c0a88562e4a599cab63d1992f0dac"
    assert view.reference_label == "1600766683296-0005"
    assert (view.tip_indicator, view.merchant_category_code) == ("01", "5812")
    # the secondary reading of the block (lakshitha0526/lankaqr SPEC.md): 1 + 4 + 3 + 16 + 4
    parts = view.account.parts
    assert parts is not None
    assert (parts.network_type, parts.bank_code, parts.sub_acquirer) == ("1", "6728", "000")
    assert (parts.merchant_id, parts.terminal_id) == ("5812000000001000", "0005")


def test_62_00_is_not_reported_but_other_deviations_are() -> None:
    # LankaPay's 62/00 is relaxed; LOLC iPay's template 85 with a non-GUID 00 is not
    assert [i.code for i in qrpay.decode(VITS).issues] == []
    assert [(i.code, i.path) for i in qrpay.decode(ABC).issues] == [("guid_format", ("85", "00"))]
    assert qrpay.decode(ABC).view("lankaqr").reference_label == "LOLC_IPAY"


def test_the_un_nested_block_is_lankaqr_with_one_warning() -> None:
    payload = qrpay.decode(README)
    assert [(i.code, i.path, i.severity) for i in payload.issues] == [
        ("lankaqr.account_not_nested", ("26",), "warning")
    ]
    account = payload.view("lankaqr").account
    assert (account.block, account.nested, account.parts) == (
        "17056001MERCHANT00000001T001",
        False,
        lankaqr.LankaPayBlock("1", "7056", "001", "MERCHANT00000001", "T001"),
    )


def test_the_un_nested_form_is_not_claimed_outside_sri_lanka() -> None:
    payload = _sealed(README[:-8].replace("5303144", "5303356").replace("5802LK", "5802IN"))
    assert payload.schemes == ()
    assert "template_malformed" in [i.code for i in payload.issues]


def _sealed(body: str) -> qrpay.Payload:
    from qrpay.crc import checksum

    return qrpay.decode(body + "6304" + checksum(body + "6304"))


def test_the_block_in_27_is_lankaqr_too() -> None:
    # 26 or 27 per lakshitha0526/lankaqr SPEC.md's reading of v1.3 (every real code uses 26)
    payload = _sealed(VITS[:-8].replace("26320028", "27320028"))
    assert payload.schemes == ("lankaqr",) and payload.issues == ()
    assert payload.view("lankaqr").account.tag == "27"
    plain = _sealed(README[:-8].replace("262817056001", "272817056001"))
    assert [(i.code, i.path) for i in plain.issues] == [("lankaqr.account_not_nested", ("27",))]


@pytest.mark.parametrize("digits", [27, 29])
def test_a_block_of_other_length_is_not_lankaqr(digits: int) -> None:
    payload = _sealed(VITS[:-8].replace("26320028" + "1672800058120000000010000005", _tlv26("1" * digits)))
    assert payload.schemes == ()


def _tlv26(block: str) -> str:
    inner = f"00{len(block):02d}{block}"
    return f"26{len(inner):02d}{inner}"


def test_warnings_for_reference_label_62_00_currency_and_country() -> None:
    payload = _sealed(VITS[:-8].replace("5303144", "5303840").replace("5802LK", "5802IN"))
    found = {(i.code, i.severity) for i in payload.issues}
    assert found == {("lankaqr.currency", "warning"), ("lankaqr.country", "warning")}
    assert payload.is_valid
    no_label = _sealed(VITS[:-8].replace("6258", "6236").replace("05181600766683296-0005", ""))
    assert [i.code for i in no_label.issues] == ["lankaqr.reference_label"]
    bad_id = _sealed(VITS[:-8].replace("1992f0dac", "1992f0daX"))
    assert [(i.code, i.path) for i in bad_id.issues] == [("lankaqr.transaction_id", ("62", "00"))]


BUILT: list[tuple[str, str, dict[str, Any]]] = [
    (
        "lankaqrutilsdk-with-amount",
        WITH_AMOUNT,
        {
            "block": "1601000000050001999900503292",
            "merchant_name": "With Amount",
            "merchant_city": "Colombo",
            "merchant_category_code": "9999",
            "amount": "5000",
            "postal_code": "00200",
            "terminal_label": "40023292",
        },
    ),
    (
        "lankaqrutilsdk-vits-food-dynamic-id",
        VITS,
        {
            "block": "1672800058120000000010000005",
            "merchant_name": "Vits Food",
            "merchant_city": "Colombo",
            "merchant_category_code": "5812",
            "postal_code": "00800",
            "tip": "prompt",
            "transaction_id": "537c0a88562e4a599cab63d1992f0dac",
            "reference_label": "1600766683296-0005",
        },
    ),
    (
        "mvallim-issue-29-burger",
        BURGER,
        {
            "block": "1672800058120000000084980002",
            "merchant_name": "Burger's King and Family ",
            "merchant_city": "Colombo",
            "merchant_category_code": "5812",
            "postal_code": "00800",
            "tip": "prompt",
            "transaction_id": "9459b40e599f4d96ac78d689dc388f22",
            "reference_label": "1630921441682-0002",
        },
    ),
    (
        "java-test-visa-and-lankapay",
        VISA_AND_LANKAPAY,
        {
            "block": "1645400000000100000100000000",
            "merchant_name": "A MERCHANT",
            "merchant_city": "Agarapathana ",
            "merchant_category_code": "5411",
            "amount": "150.52",
            "tip": "prompt",
            "reference_label": None,
            "terminal_label": "40100000",
            "card_networks": {"02": "4649468649866702"},
        },
    ),
]


@pytest.mark.parametrize(("text", "kwargs"), [b[1:] for b in BUILT], ids=[b[0] for b in BUILT])
def test_builder_reproduces_real_codes(text: str, kwargs: dict[str, Any]) -> None:
    built = lankaqr.build(**kwargs)
    assert built.to_text() == text
    assert built.issues == () or [i.code for i in built.issues] == ["lankaqr.reference_label"]


def test_builder_defaults_static_with_placeholder_reference() -> None:
    built = lankaqr.build(
        block="1672800058120000000010000005", merchant_name="Vits Food", merchant_city="Colombo",
        merchant_category_code="5812",
    )  # fmt: skip
    assert (built.value("01"), built.value(("62", "05")), built.value("53"), built.value("58")) == (
        "11",
        "***",
        "144",
        "LK",
    )
    assert built.schemes == ("lankaqr",) and built.issues == ()


@pytest.mark.parametrize("block", ["1" * 27, "1" * 29, "17056001MERCHANT00000001T001", ""])
def test_builder_refuses_a_block_that_is_not_28_digits(block: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        lankaqr.build(block=block, merchant_name="A", merchant_city="B", merchant_category_code="5411")
    assert (caught.value.code, caught.value.path) == ("lankaqr.block", ("26", "00"))
    assert repr(block) in caught.value.message


def test_profile_data() -> None:
    scheme = get_scheme("lankaqr")
    assert scheme.build is lankaqr.build and "build" in scheme.supports
    assert (scheme.currencies, scheme.country, scheme.evidence) == (("144",), "LK", "observed")
    assert (scheme.currency_rule, scheme.country_rule) == ("warning", "warning")
