"""QR Ph: builder reproducing real codes, refusals, view, the 62/00 relaxation.

No independent QR Ph generator could be cross-checked: none is published on npm (the
names found, @qrph/emv-qr and emvqr-parser, are not in the registry: see
fixtures/crosscheck/README.md) and none on PyPI (``pip index versions qrph``: no such
project; no QR Ph package in the PyPI name list). The builder is instead checked byte
for byte against real, CRC-valid P2M codes and a published P2P example.
"""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import qrph
from tests.conftest import FIXTURES

VALID = {
    v["id"]: v["payload"]
    for v in json.loads((FIXTURES / "schemes" / "qrph" / "valid.json").read_text(encoding="utf-8"))["vectors"]
}
SYNTHETIC = {
    v["id"]: v["payload"]
    for v in json.loads((FIXTURES / "schemes" / "qrph" / "synthetic.json").read_text(encoding="utf-8"))[
        "vectors"
    ]
}


def test_builder_reproduces_the_landmark_p2m_code() -> None:
    ours = qrph.build(
        kind="p2m",
        bic="RCBCPHMMXXX",
        merchant_id="000600788000696",
        template_fields={"05": "310"},
        merchant_category_code="5311",
        amount="1458.31",
        merchant_name="LANDMARK Makati DS",
        merchant_city="Makati",
        additional_data_guid="ph.ppmi.qrph",
        additional_data={
            "store_label": "000600788000696",
            "reference_label": "0000438638",
            "terminal_label": "20006519",
        },
        unreserved={
            "88": {"00": "ph.ppmi.qrph", "01": "000600788000696~000600788000696~20006519~0000438638"}
        },
    )
    assert ours.to_text() == VALID["qrph-landmark-p2m-dynamic"]  # byte for byte, CRC included


def test_builder_reproduces_the_starpay_p2m_code() -> None:
    ours = qrph.build(
        kind="p2m",
        bic="SRCPPHM2XXX",
        merchant_id="MRCHNT-4H3TZ",
        template_fields={"05": "000"},
        merchant_category_code="5199",
        amount="100",
        merchant_name="SOCMED DIGITAL MARKETING ",
        merchant_city="MakatiCity",
        additional_data_guid="ph.starpay",
        additional_data={
            "store_label": "SOCMED DIGITAL ",
            "reference_label": "OR#1Z1CSC",
            "terminal_label": "TodayPay",
            "purpose": "***",
        },
        unreserved={"88": {"00": "ph.ppmi.qrph", "01": "OR#1Z1CSC"}},
    )
    assert ours.to_text() == VALID["qrph-starpay-socmed-p2m"]


def test_builder_reproduces_the_paymongo_p2p_example() -> None:
    # PayMongo's example with its account and mobile numbers replaced (synthetic.json)
    ours = qrph.build(
        kind="p2p",
        bic="PAEYPHM2XXX",
        account_number="123456789012",
        mobile="+63-9170000001",
        merchant_category_code="6016",
        amount=Decimal("123.45"),
        merchant_name="ENG-19818-ged",
        merchant_city="Manila",
        additional_data_guid="com.p2pqrpay",
        additional_data={
            "bill_number": "***",
            "mobile_number": "+63-9170000002",
            "store_label": "***",
            "loyalty_number": "LOYALTY1",
            "reference_label": "test12",
            "customer_label": "cust1",
            "terminal_label": "12345678",
            "purpose": "***",
        },
    )
    assert ours.to_text() == SYNTHETIC["qrph-paymongo-p2p-full"]
    assert ours.warnings == ()  # 62/00 is not reported once QR Ph is detected


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"bic": "RCBCSGSGXXX"}, "qrph.bic"),
        ({"bic": "rcbcphmmxxx"}, "qrph.bic"),
        ({"merchant_id": None}, "qrph.merchant_id_missing"),
        ({"kind": "p2p", "merchant_id": None}, "qrph.account_missing"),
        ({"kind": "p2x"}, "value_type"),
        ({"mobile": "+63-9170000001"}, "unknown_field"),
        ({"template_fields": {"01": "X"}}, "unknown_field"),
        ({"template_fields": {"5": "X"}}, "unknown_field"),
        ({"amount": "1.005"}, "amount_precision"),
        ({"merchant_city": "City Of Mandaluyong"}, "value_too_long"),
        ({"additional_data_guid": "ph.ppmi.qrph", "additional_data": {"00": "x"}}, "unknown_field"),
        ({"unreserved": {"88": "046"}}, "template_malformed"),
    ],
)
def test_builder_refusals(kwargs: dict[str, Any], code: str) -> None:
    base: dict[str, Any] = {
        "kind": "p2m",
        "bic": "RCBCPHMMXXX",
        "merchant_id": "000600788000696",
        "merchant_category_code": "5311",
        "merchant_name": "SHOP",
        "merchant_city": "Makati",
    }
    base.update(kwargs)
    with pytest.raises(qrpay.InvalidRequest) as caught:
        qrph.build(**base)
    assert caught.value.code == code


def test_observed_facts_are_warnings_not_refusals() -> None:
    # a mobile number in another form is written as given, with the [obs] warning
    payload = qrph.build(
        kind="p2p",
        bic="GXCHPHM2XXX",
        account_number="09170000000",
        mobile="09170000001",
        merchant_category_code="6016",
        merchant_name="JUAN",
        merchant_city="Manila",
    )
    assert payload.value(("27", "05")) == "09170000001"
    assert [i.code for i in payload.warnings] == ["qrph.mobile_format"]
    assert payload.value(("27", "02")) == qrph.P2P_FIELD_02


def test_view_of_p2m_and_p2p() -> None:
    p2m = qrpay.decode(VALID["qrph-landmark-p2m-dynamic"]).view("qrph")
    assert p2m.p2p is None and p2m.p2m is not None
    assert (p2m.p2m.tag, p2m.p2m.bic, p2m.p2m.merchant_id) == ("28", "RCBCPHMMXXX", "000600788000696")
    assert p2m.p2m.mobile is None and p2m.p2m.field_05 == "310"
    assert p2m.additional_data_guid == "ph.ppmi.qrph"
    assert [t.tag for t in p2m.qrph_templates] == ["88"]
    assert p2m.amount == Decimal("1458.31")
    p2p = qrph.view(qrpay.decode(SYNTHETIC["qrph-paymongo-p2p-full"]))
    assert p2p.p2p is not None and p2p.p2p.is_p2p
    assert (p2p.p2p.bic, p2p.p2p.account_number, p2p.p2p.mobile) == (
        "PAEYPHM2XXX",
        "123456789012",
        "+63-9170000001",
    )
    assert p2p.p2p.fields["02"] == "99964403"


def test_two_qr_ph_unreserved_templates() -> None:
    view = qrpay.decode(VALID["qrph-unionbank-p2m-static-sample"]).view("qrph")
    assert [t.tag for t in view.qrph_templates] == ["80", "88"]


def test_62_00_warning_stays_outside_qr_ph() -> None:
    payload = qrpay.decode(SYNTHETIC["qrph-62-00-without-qr-ph-still-warns"])
    assert payload.schemes == ()
    assert [(i.code, i.path) for i in payload.issues] == [("unallocated_tag", ("62", "00"))]
