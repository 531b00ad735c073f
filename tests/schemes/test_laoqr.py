"""LAOQR: builder against real codes, refusals, detection with UnionPay, view, 38/04 expiry.

No independent implementation exists to cross-check the builder against: no LAOQR package on
npm (fixtures/crosscheck/README.md) and none on PyPI (``pip download laoqr`` / ``lao-qr``: no
such distribution). Khamphay/pmoney_qr is a Dart generator, not installable here. So the
builder is checked against **real published codes instead**: rebuilt from their fields, each
must come out byte for byte (docs/schemes/laoqr.md).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import laoqr

ONEPAY = (
    "00020101021115312738041800520446mch19B73F61B9E038570016A00526628466257701082771041802030020314"
    "mch19B73F61B9E5204569153034185802LA5916AKAPHON XAYYABED6002VT62120208586625406304C735"
)
P2P = (
    "00020101021138670016A00526628466257701082771041802030010324NEXFOLPOLCIYSAQLCEVWDCAP53034185802LA630473F6"
)
LDB = (
    "00020101021238680016A00526628466257701087003041802030010325LRV25288QOSY68AFCZJ7PUE1V52044829530341854081"
    "5000.005802LA6009Vientiane62160812test_dynamic63040B1B"
)

#: real codes (fixtures/schemes/laoqr/valid.json) and the builder keywords that make them
REAL: list[tuple[str, dict[str, Any]]] = [
    (
        ONEPAY,
        {
            "iin": "27710418",
            "receiver_id": "mch19B73F61B9E",
            "unionpay_account": "2738041800520446mch19B73F61B9E0",
            "merchant_category_code": "5691",
            "merchant_name": "AKAPHON XAYYABED",
            "merchant_city": "VT",
            "mobile_number": "58662540",
        },
    ),
    (
        "00020101021115312031041800520446CH5F30D5486E68138590016A00526628466257701082771041802030020316"
        "mch5f30d5486e6815204546253034185802LA59052 M D6002SV62150211020585211156304C756",
        {
            "iin": "27710418",
            "receiver_id": "mch5f30d5486e681",
            "unionpay_account": "2031041800520446CH5F30D5486E681",
            "merchant_category_code": "5462",
            "merchant_name": "2 M D",
            "merchant_city": "SV",
            "mobile_number": "02058521115",
        },
    ),
    (
        "00020101021115312031041800520446mch64f01defcb3138590016A00526628466257701082771041802030020316"
        "mch64f01defcb3105204593253034185802LA5907 LEYUNG6002CH62200716stk6875cb2f6de946304B423",
        {
            "iin": "27710418",
            "receiver_id": "mch64f01defcb310",
            "unionpay_account": "2031041800520446mch64f01defcb31",
            "merchant_category_code": "5932",
            "merchant_name": " LEYUNG",
            "merchant_city": "CH",
            "terminal_label": "stk6875cb2f6de94",
        },
    ),
    (P2P, {"iin": "27710418", "receiver_id": "NEXFOLPOLCIYSAQLCEVWDCAP"}),
    (
        "00020101021138580016A00526628466257701080000041802030010315I90BYP17BC295VZ53034185802LA630491B3",
        {"iin": "00000418", "receiver_id": "I90BYP17BC295VZ"},
    ),
    (
        LDB,
        {
            "iin": "70030418",
            "receiver_id": "LRV25288QOSY68AFCZJ7PUE1V",
            "payment_type": "001",  # a person/account code with an MCC and a city
            "merchant_category_code": "4829",
            "amount": "15000.00",
            "merchant_city": "Vientiane",
            "purpose": "test_dynamic",
        },
    ),
]


@pytest.mark.parametrize(("text", "kwargs"), REAL, ids=[f"real-{i}" for i in range(len(REAL))])
def test_builder_reproduces_real_codes(text: str, kwargs: dict[str, Any]) -> None:
    built = laoqr.build(**kwargs)
    assert built.to_text() == text
    assert built.schemes == qrpay.detect(text)


def test_onepay_code_detects_unionpay_and_laoqr() -> None:
    assert qrpay.detect(ONEPAY) == ("unionpay", "laoqr")
    assert qrpay.detect(P2P) == ("laoqr",)


def test_payment_type_default_follows_the_real_codes() -> None:
    person = laoqr.build(iin="27710418", receiver_id="ABC")
    shop = laoqr.build(iin="27710418", receiver_id="mch1", merchant_name="SHOP", merchant_city="VT")
    assert person.value(("38", "02")) == "001" and person.issues == ()
    assert shop.value(("38", "02")) == "002"


def test_amount_is_written_as_given() -> None:
    assert laoqr.build(iin="27710418", receiver_id="X", amount=20000).value("54") == "20000"
    assert laoqr.build(iin="27710418", receiver_id="X", amount=Decimal("15000.00")).value("54") == "15000.00"
    assert laoqr.build(iin="27710418", receiver_id="X", amount="1.5").value("54") == "1.5"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"iin": "2771041"}, "laoqr.iin"),
        ({"iin": "2771041A"}, "laoqr.iin"),
        ({"payment_type": "01"}, "laoqr.payment_type"),
        ({"receiver_id": ""}, "laoqr.receiver_id"),
        ({"unionpay_account": "2738041800520446mch19B73F61B9E"}, "unionpay.account_layout"),
        ({"expires_at": 1767226200}, "laoqr.expiry_format"),
        ({"expires_at": "1767226200000"}, "value_type"),
        ({"amount": "1.001"}, "amount_precision"),
        ({"amount": 1.5}, "amount_type"),
        ({"merchant_name": "N" * 26}, "value_too_long"),
    ],
)
def test_builder_refusals(kwargs: dict[str, Any], code: str) -> None:
    base: dict[str, Any] = {"iin": "27710418", "receiver_id": "NEXFOLPOLCIYSAQLCEVWDCAP"}
    with pytest.raises(qrpay.InvalidRequest) as caught:
        laoqr.build(**{**base, **kwargs})
    assert caught.value.code == code


def test_expiry_in_sub_id_04_is_a_warning_by_the_clock() -> None:
    now = datetime(2026, 1, 1, tzinfo=timezone.utc)
    built = laoqr.build(iin="27710418", receiver_id="X", expires_at=now + timedelta(minutes=10), now=now)
    assert built.value(("38", "04")) == "1767226200000"
    assert built.expires_at() == now + timedelta(minutes=10)
    later = qrpay.check(built.to_text(), now=now + timedelta(minutes=11))
    assert [(i.code, i.severity) for i in later] == [("laoqr.expired", "warning")]
    assert qrpay.is_valid(built.to_text(), now=now + timedelta(minutes=11))


def test_view() -> None:
    view = qrpay.decode(ONEPAY).view("laoqr")
    assert view.account == laoqr.LaoQRAccount("38", "27710418", "002", "mch19B73F61B9E", None)
    assert view.account.member is not None and view.account.member.startswith("BCEL")
    assert view.account.is_merchant
    assert view.unionpay is not None
    assert (view.unionpay.acquirer_iin, view.unionpay.forwarding_iin, view.unionpay.merchant_id) == (
        "27380418",
        "00520446",
        "mch19B73F61B9E0",
    )
    assert (view.currency, view.merchant_name, view.merchant_city, view.mobile_number) == (
        "LAK",
        "AKAPHON XAYYABED",
        "VT",
        "58662540",
    )
    assert not view.is_person_to_person and not view.is_dynamic
    p2p = laoqr.view(qrpay.decode(P2P))
    assert p2p.is_person_to_person and p2p.unionpay is None and p2p.account is not None
    assert (p2p.account.payment_type, p2p.account.receiver_id, p2p.account.is_merchant) == (
        "001",
        "NEXFOLPOLCIYSAQLCEVWDCAP",
        False,
    )
    ldb = laoqr.view(qrpay.decode(LDB))
    assert ldb.account is not None and ldb.account.member == laoqr.MEMBERS["70030418"]
    assert (ldb.amount, ldb.is_dynamic, ldb.purpose) == (Decimal("15000.00"), True, "test_dynamic")


def test_person_to_person_code_has_no_warning() -> None:
    # EMVCo makes 52/59/60 mandatory; LAOQR person-to-person codes omit them (relaxed)
    assert qrpay.decode(P2P).issues == ()
