"""DuitNow: builder against PayNet's published examples and real codes, relaxations, refusals, view.

No DuitNow generator is published on npm (fixtures/crosscheck/README.md), so the builder
is checked against PayNet's own examples (the official reference) and real payloads.
"""

from __future__ import annotations

import json
from decimal import Decimal
from importlib import resources
from typing import Any

import pytest

import qrpay
from qrpay.crc import checksum
from qrpay.schemes import duitnow

RETAIL = (
    "00020201021126410014A000000615000101065016640209123456789520499995303458540510.005802MY"
    "5909QRCSDNBHD6005BANGI6304343F"
)
P2P = (
    "00020201021126410014A000000615000101065016640209123456789520400005303458540510.005802MY"
    "5909AUSERNAME6005BANGI63043A23"
)
WITH_HASH = (
    "00020201021126410014A000000615000101065016640209123456789520499995303458540510.005802MY5909QRCSDNBHD"
    "6005BANGI8264f879ac6266d8d6da081fc1c17160021119747b190615c21076b3fc0fce56c6eb6304B623"
)
JOMPAY = (
    "00020201021126360014A00000061500010106898989020412345204111153034585802MY5903TNB6002KL6105592006217"
    "90130124007552406823231d4db4506dc9852b1c21c74be148b8363045DFB"
)
GINTELL = (
    "00020201021126600014A00000061500010106890087022800000000000000000000000723395204739953034585802MY"
    "5925GINTELL REST N GO SDN BHD6015KEPONG MENJALAR610552200625305080.1626.00608168814510825Start machine "
    "via DuitNow82327FFC1AC00E99EA2D7A0D7BB79755736A63045CDC"
)
NUNU = (
    "00020201021126580014A000000615000101065641600226120710300065965RHBQR0240445204739953034585802MY"
    "5912NUNU APPAREL6002MY61051420062230309ROA050888070617303582649CA02A0851CC2F6B40C1DC180AA2A84A31475C582"
    "53CB22FD3EDAD88E8616FE563044660"
)
RETAIL_KWARGS: dict[str, Any] = {
    "acquirer_id": "501664",
    "qr_id": "123456789",
    "merchant_name": "QRCSDNBHD",
    "merchant_city": "BANGI",
    "merchant_category_code": "9999",
    "amount": "10",
    "initiation": "static",
}

# PayNet's four published examples (QR Generation Specification V1.5, page "Example") and
# two real codes, with the builder keywords that give them byte for byte.
PUBLISHED: list[tuple[str, str, dict[str, Any]]] = [
    ("paynet-1-retail", RETAIL, RETAIL_KWARGS),
    ("paynet-2-p2p", P2P, RETAIL_KWARGS | {"merchant_name": "AUSERNAME", "merchant_category_code": "0000"}),
    (
        "paynet-3-integrity-check",
        WITH_HASH,
        RETAIL_KWARGS
        | {"integrity_check": "f879ac6266d8d6da081fc1c17160021119747b190615c21076b3fc0fce56c6eb"},
    ),
    (
        "paynet-4-jompay",
        JOMPAY,
        {
            "acquirer_id": "898989",
            "qr_id": "1234",
            "merchant_name": "TNB",
            "merchant_city": "KL",
            "merchant_category_code": "1111",
            "postal_code": "59200",
            "rrn": "0124007552406",
            "integrity_check": "31d4db4506dc9852b1c21c74be148b83",
        },
    ),
    (
        "natsu90-gintell",
        GINTELL,
        {
            "acquirer_id": "890087",
            "qr_id": "0000000000000000000000072339",
            "merchant_name": "GINTELL REST N GO SDN BHD",
            "merchant_city": "KEPONG MENJALAR",
            "merchant_category_code": "7399",
            "postal_code": "52200",
            "additional_data": {
                "reference_label": "0.1626.0",
                "customer_label": "16881451",
                "purpose": "Start machine via DuitNow",
            },
            "integrity_check": "7FFC1AC00E99EA2D7A0D7BB79755736A",
        },
    ),
    (
        "natsu90-nunu",
        NUNU,
        {
            "acquirer_id": "564160",
            "qr_id": "120710300065965RHBQR024044",
            "merchant_name": "NUNU APPAREL",
            "merchant_category_code": "7399",
            "postal_code": "14200",
            "additional_data": {"store_label": "ROA050888", "terminal_label": "173035"},
            "integrity_check": "9CA02A0851CC2F6B40C1DC180AA2A84A31475C58253CB22FD3EDAD88E8616FE5",
        },
    ),
]


@pytest.mark.parametrize(("text", "kwargs"), [p[1:] for p in PUBLISHED], ids=[p[0] for p in PUBLISHED])
def test_builder_reproduces_published_payloads(text: str, kwargs: dict[str, Any]) -> None:
    built = duitnow.build(**kwargs)
    assert built.to_text() == text
    assert built.issues == ()


def test_amounts_get_two_decimals_and_make_the_code_dynamic() -> None:
    built = duitnow.build(
        acquirer_id="501664", qr_id="1", merchant_name="A", merchant_category_code="0000", amount=5
    )
    assert (built.value("54"), built.value("01"), built.value("00")) == ("5.00", "12", "02")
    assert built.merchant_city == "MY"  # PayNet: "MY" if not applicable
    minimal = duitnow.build(
        acquirer_id="588734", qr_id="123456789", merchant_name="QRCSDNBHD", merchant_city="BANGI",
        merchant_category_code="6010", amount="1", amount_style="minimal", initiation="static",
    )  # fmt: skip
    # the cash-out request sample of a DuitNow API document (fixtures: duitnow-cash-out-api-sample)
    assert minimal.to_text() == (
        "00020201021126410014A000000615000101065887340209123456789520460105303458540115802MY5909QRCSDNBHD"
        "6005BANGI6304DAF5"
    )


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"acquirer_id": "5016640"}, "duitnow.acquirer_id"),
        ({"qr_id": "1234-5678"}, "duitnow.qr_id"),
        ({"qr_id": "1" * 29}, "duitnow.qr_id"),
        ({"merchant_descriptor": "D" * 21}, "duitnow.value_too_long"),
        ({"mobile_number": "+6012345678901234"}, "duitnow.value_too_long"),
        ({"postal_code": "4365"}, "duitnow.postal_code"),
        ({"rrn": "R" * 21}, "duitnow.value_too_long"),
        ({"additional_data": {"merchant_tax_id": "T" * 16}}, "duitnow.value_too_long"),
        ({"acquirer_id": "898989"}, "duitnow.jompay_rrn"),
        ({"rrn": "1", "additional_data": {"90": "2"}}, "duplicate_tag"),
        ({"amount": 10.5}, "amount_type"),
        ({"amount": "1.005"}, "amount_precision"),
        ({"merchant_name": "N" * 26}, "value_too_long"),
    ],
)
def test_builder_refusals(changes: dict[str, Any], code: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        duitnow.build(**(RETAIL_KWARGS | changes))
    assert caught.value.code == code


def test_unknown_acquirer_is_a_warning() -> None:
    built = duitnow.build(**(RETAIL_KWARGS | {"acquirer_id": "999999"}))
    assert [i.code for i in built.issues] == ["duitnow.acquirer_unknown"]


def test_payload_format_02_is_relaxed_only_for_duitnow() -> None:
    # the same text with another GUID in 26 keeps EMVCo's warning (builders would refuse it)
    body = RETAIL[:-8].replace("0014A0000006150001", "0014MY.COM.EXAMPLE") + "6304"
    decoded = qrpay.decode(body + checksum(body))
    assert decoded.schemes == ()
    assert [i.code for i in decoded.issues] == ["payload_format_value"]
    assert qrpay.decode(RETAIL).issues == ()


def test_payload_format_00_keeps_the_emvco_warning_and_breaks_duitnow() -> None:
    body = "000200" + RETAIL[6:-8] + "6304"
    found = {(i.code, i.severity) for i in qrpay.check(body + checksum(body))}
    assert found == {("payload_format_value", "warning"), ("duitnow.payload_format", "error")}


def test_view() -> None:
    view = qrpay.decode(JOMPAY).view("duitnow")
    assert view.account == duitnow.DuitNowAccount("26", "898989", "1234", None, None, {})
    assert view.account.is_jompay
    assert view.account.acquirer == duitnow.Acquirer("898989", "JomPAY", None, "jompay")
    assert (view.rrn, view.rrn2, view.geo_coordinates) == ("0124007552406", None, None)
    assert view.integrity_check == "31d4db4506dc9852b1c21c74be148b83"
    assert view.payload_format == "02" and not view.is_person_to_person and view.amount is None
    retail = duitnow.view(qrpay.decode(RETAIL))
    assert retail.account is not None and retail.account.acquirer is not None
    assert retail.account.acquirer.name == "Affin Bank Berhad"
    assert retail.amount == Decimal("10.00") and not retail.is_cash_out
    p2p = duitnow.view(qrpay.decode(P2P))
    assert p2p.is_person_to_person


def test_mae_merchant_descriptor_is_kept() -> None:
    """MAE writes a 13-digit millisecond timestamp in 26/03; PayNet calls 03 the merchant descriptor."""
    built = duitnow.build(
        acquirer_id="588734",
        qr_id="MAEPP000000000000000",
        merchant_descriptor="1690590054577",
        merchant_name="AUSERNAME",
        merchant_category_code="0000",
    )
    account = built.view("duitnow").account
    assert account is not None and account.merchant_descriptor == "1690590054577"


def test_acquirer_directory_names_its_source() -> None:
    text = resources.files("qrpay").joinpath("data", "duitnow_acquirers.json").read_text("utf-8")
    data = json.loads(text)
    assert "docs.developer.paynet.my" in data["source"]
    assert len(data["acquirers"]) == 70
    assert duitnow.acquirer("890053") == duitnow.Acquirer(
        "890053", "TNG Digital Sdn Bhd", "TNGDMYNB", "non-bank"
    )
    # every acquirer ID seen in real codes is in the directory
    for code in ("501664", "564160", "588734", "588830", "603346", "890053", "890061", "890087"):
        assert duitnow.acquirer(code) is not None, code
