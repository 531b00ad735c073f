"""NEPALPAY QR: NCHL's own examples (the deviations they carry are warnings once NEPALPAY
is detected), the rules, and the builder against NCHL's QR-generation sample.

No NEPALPAY generator is published, so the builder is checked against NCHL's API
documentation (the independent oracle): the QR-generation response sample, its amount
length repaired.
"""

from __future__ import annotations

import pytest

import qrpay
from qrpay.crc import checksum
from qrpay.schemes import get_scheme, nepalpay

# NCHL NEPALPAY QR API Specification, section 2.1 (API To Register Merchant On NEPALPAYQR),
# sample response, as transcribed in a public docs file (search index id 41791942165): the
# transcription lost two spaces ("NepalClearingHouse" under length 20, "Billpayment" under 12)
AS_TRANSCRIBED = (
    "01021129270023NCHL000210001000NOUOFMB52045021530352454010560105802NP5920NepalClearingHouse6009Kathmandu"
    "6244010100306Store10709Terminal10812Billpayment64060002en63045AC6"
)
# ... and with them restored NCHL's CRC 5AC6 verifies over exactly this text (no 00 at all)
NCHL_SAMPLE = AS_TRANSCRIBED.replace("NepalClearingHouse", "Nepal Clearing House").replace(
    "Billpayment", "Bill payment"
)
# NCHL /qr/generateQR response mocked in a client's test (search index id 66907218811): amount
# length 04 for "10.00" and placeholder CRC ABCD as published
MOCK = (
    "00020101021229270023NCHL0000170117012UVSTIR520450215303524540410.005802NP5904BBSM6009Kathmandu6304ABCD"
)
MOCK_REPAIRED = (
    "00020101021229270023NCHL0000170117012UVSTIR520450215303524540510.005802NP5904BBSM6009Kathmandu6304C5B0"
)


def sealed(body: str) -> qrpay.Payload:
    return qrpay.decode(body + "6304" + checksum(body + "6304"))


def test_the_published_texts_do_not_decode() -> None:
    with pytest.raises(qrpay.CRCError):
        qrpay.decode(AS_TRANSCRIBED)
    with pytest.raises(qrpay.CRCError):
        qrpay.decode(MOCK)


def test_nchl_sample_is_nepalpay_with_its_deviations_as_warnings() -> None:
    payload = qrpay.decode(NCHL_SAMPLE)
    assert payload.schemes == ("nepalpay",)
    assert sorted((i.code, i.path) for i in payload.issues) == [
        ("nepalpay.language_template", ("64",)),
        ("nepalpay.payload_format_missing", ("00",)),
        ("nepalpay.zero_amount", ("54",)),
        ("nepalpay.zero_amount", ("56",)),
    ]
    assert all(i.severity == "warning" for i in payload.issues)
    assert qrpay.encode(payload) == NCHL_SAMPLE
    view = payload.view("nepalpay")
    assert (view.account.tag, view.account.acquirer_id, view.account.merchant_id) == (
        "29",
        "00021000",
        "1000NOUOFMB",
    )
    assert (view.bill_number, view.store_label, view.terminal_label, view.purpose) == (
        "0",
        "Store1",
        "Terminal1",
        "Bill payment",
    )


def test_without_nepalpay_the_same_deviations_are_emvco_errors() -> None:
    # the NCHL account replaced by a generic one: nothing relaxes EMVCo any more
    payload = sealed(NCHL_SAMPLE[:-8].replace("0023NCHL000210001000NOUOFMB", "0023np.com.example.00000001"))
    assert payload.schemes == ()
    assert {i.code for i in payload.errors} == {
        "payload_format_not_first",
        "missing_field",
        "amount_zero",
        "unexpected_field",
    }


def test_a_real_fee_without_indicator_stays_an_error() -> None:
    payload = sealed(MOCK_REPAIRED[:-8].replace("5405", "560410.05405"))
    assert [(i.code, i.path, i.severity) for i in payload.issues] == [
        ("nepalpay.convenience_fee", ("56",), "error")
    ]


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        ("29270023NCHL0000170117012UVSTIR", "30270023NCHL0000170117012UVSTIR", "nepalpay.account_tag"),
        ("29270023NCHL0000170117012UVSTIR", "29160012NCHL00001701", "nepalpay.account_id"),
        ("29270023NCHL0000170117012UVSTIR", "29270023NCHLA000170117012UVSTIR", "nepalpay.account_id"),
        ("5303524", "5303840", "nepalpay.currency"),
        ("5802NP", "5802IN", "nepalpay.country"),
    ],
)
def test_layout_rules_are_warnings(old: str, new: str, code: str) -> None:
    payload = sealed(MOCK_REPAIRED[:-8].replace(old, new))
    assert payload.schemes == ("nepalpay",)
    assert code in [i.code for i in payload.warnings]
    assert payload.errors == ()


def test_builder_reproduces_nchls_generate_qr_sample() -> None:
    built = nepalpay.build(
        acquirer_id="00001701", merchant_id="17012UVSTIR", merchant_name="BBSM", merchant_city="Kathmandu",
        merchant_category_code="5021", amount="10.00",
    )  # fmt: skip
    assert built.to_text() == MOCK_REPAIRED
    assert built.issues == ()


def test_builder_writes_the_nchl_sample_as_emvco_wants_it() -> None:
    built = nepalpay.build(
        acquirer_id="00021000", merchant_id="1000NOUOFMB", merchant_name="Nepal Clearing House",
        merchant_city="Kathmandu", merchant_category_code="5021", bill_number="0", store_label="Store1",
        terminal_label="Terminal1", purpose="Bill payment",
    )  # fmt: skip
    text = built.to_text()
    assert text.startswith("000201010211") and "NCHL000210001000NOUOFMB" in text
    # NCHL's sample minus what EMVCo refuses (no 00, 54 = 0, 56 = 0, 64 without 01)
    expected = "000201" + NCHL_SAMPLE[:-8].replace("54010560105802", "5802").replace("64060002en", "")
    assert text[:-8] == expected
    assert built.issues == ()


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"acquirer_id": "0000170"}, "nepalpay.acquirer_id"),
        ({"acquirer_id": "0000170A"}, "nepalpay.acquirer_id"),
        ({"merchant_id": "17012UVSTI"}, "nepalpay.merchant_id"),
        ({"merchant_id": "17012 UVSTI"}, "nepalpay.merchant_id"),
    ],
)
def test_builder_refuses_what_nchl_would_not_issue(kwargs: dict[str, str], code: str) -> None:
    base = {"acquirer_id": "00001701", "merchant_id": "17012UVSTIR"}
    with pytest.raises(qrpay.InvalidRequest) as caught:
        nepalpay.build(
            **{**base, **kwargs},
            merchant_name="BBSM",
            merchant_city="Kathmandu",
            merchant_category_code="5021",
        )
    assert (caught.value.code, caught.value.path) == (code, ("29", "00"))


def test_profile_data() -> None:
    scheme = get_scheme("nepalpay")
    assert scheme.guid_prefixes == ("NCHL",) and scheme.evidence == "spec-quoted"
    assert scheme.build is nepalpay.build
