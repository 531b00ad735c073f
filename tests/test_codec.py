"""decode / check / validate / is_valid / encode behaviour beyond the vectors."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal

import pytest

import qrpay
from qrpay.tlv import MAX_PAYLOAD_BYTES, LengthUnit
from tests.conftest import FIXTURES, ROOT

B7 = json.loads((FIXTURES / "emvco" / "valid.json").read_text(encoding="utf-8"))["vectors"][0]["payload"]


def test_synthetic_vectors_are_what_the_script_generates() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_vectors.py"), "--check"], check=False
    )
    assert result.returncode == 0, "fixtures/emvco/synthetic.json is stale: run scripts/make_vectors.py"


def test_decode_typed_fields_of_annex_b7() -> None:
    p = qrpay.decode(B7)
    assert p.amount == Decimal("23.72")
    assert isinstance(p.amount, Decimal)
    assert p.currency == qrpay.Currency("156", "CNY", "Yuan Renminbi", 2)
    assert p.initiation is not None and p.initiation.method is qrpay.InitiationMethod.DYNAMIC
    assert p.is_dynamic and not p.is_static
    assert p.get(("62", "07")) is not None
    assert p.value(("62", "07")) == "A6008667"
    assert p.value(("64", "01")) == "最佳运输"
    assert ("29", "05") in p and ("29", "99") not in p and "65" not in p
    assert p.get(("54", "00")) is None  # 54 is primitive
    assert [o.tag for o in p.walk()][:4] == ["00", "01", "29", "00"]
    assert p.length_unit is LengthUnit.CHARACTERS
    assert p.merchant_account("31") is not None and p.merchant_account("31").fields == {  # type: ignore[union-attr]
        "00": "D15600000001",
        "03": "12345678",
    }
    assert p.unreserved_template("91") is not None
    # offsets point into the original text
    for obj in p.walk():
        assert B7[obj.offset : obj.offset + 2] == obj.tag


def test_payload_is_immutable_and_pickles() -> None:
    import pickle

    p = qrpay.decode(B7)
    with pytest.raises(AttributeError):
        p.foo = 1  # type: ignore[attr-defined]
    q = pickle.loads(pickle.dumps(p))
    assert q == p and q.to_text() == B7 and q.issues == p.issues and hash(q) == hash(p)


def test_check_never_raises_and_reports_decode_errors_as_issues() -> None:
    issues = qrpay.check("garbage")
    assert [(i.code, i.severity) for i in issues] == [("not_emv", "error")]
    assert qrpay.check(B7) == []


def test_validate_raises_with_every_error() -> None:
    bad = qrpay.crc.with_crc(
        B7[:-8].replace("5914BEST TRANSPORT", "5926BEST TRANSPORT AND LOGISTI").replace("5802CN", "5802XX")
    )
    with pytest.raises(qrpay.ValidationError) as caught:
        qrpay.validate(bad)
    codes = sorted(i.code for i in caught.value.issues)
    assert codes == ["country_unknown", "value_too_long"]
    assert "(+1 more)" in str(caught.value)


@pytest.mark.parametrize("obj", [None, 42, 3.5, [], {}, object(), b"\xff\xfe", "", "0" * 5000, B7 + " "])
def test_is_valid_never_raises(obj: object) -> None:
    assert qrpay.is_valid(obj) is False


def test_is_valid_accepts_payload_objects_and_bytes() -> None:
    assert qrpay.is_valid(B7)
    assert qrpay.is_valid(B7.encode("utf-8"))
    assert qrpay.is_valid(qrpay.decode(B7))


def test_decode_rejects_non_text_with_qrpay_error() -> None:
    with pytest.raises(qrpay.DecodeError) as caught:
        qrpay.decode(12)  # type: ignore[arg-type]
    assert caught.value.code == "not_text"
    with pytest.raises(qrpay.DecodeError) as caught:
        qrpay.decode(b"\xff")
    assert caught.value.code == "not_utf8"


def test_input_longer_than_any_qr_is_refused_early() -> None:
    with pytest.raises(qrpay.TLVError) as caught:
        qrpay.decode("0" * (MAX_PAYLOAD_BYTES + 1))
    assert caught.value.code == "payload_too_long"
    # 1000 three-byte characters fit the character limit but not the byte limit
    with pytest.raises(qrpay.TLVError) as caught:
        qrpay.decode("最" * 1000)
    assert caught.value.code == "payload_too_long"


def test_lone_surrogate_is_a_decode_error() -> None:
    with pytest.raises(qrpay.TLVError) as caught:
        qrpay.decode("0002\ud80001")
    assert caught.value.code == "invalid_text"


def test_strict_refuses_other_length_units() -> None:
    vectors = json.loads((FIXTURES / "emvco" / "synthetic.json").read_text(encoding="utf-8"))["vectors"]
    for vid, code in (
        ("emvco-length-unit-utf8-bytes", "length_unit_bytes"),
        ("emvco-length-unit-utf16", "length_unit_utf16"),
    ):
        text = next(v["payload"] for v in vectors if v["id"] == vid)
        lenient = qrpay.decode(text)
        assert lenient.length_unit is not LengthUnit.CHARACTERS
        assert lenient.to_text() == text  # re-emitted in the unit it came in
        with pytest.raises(qrpay.TLVError) as caught:
            qrpay.decode(text, strict=True)
        assert caught.value.code == code


def test_byte_counted_payload_edits_are_written_in_characters() -> None:
    vectors = json.loads((FIXTURES / "emvco" / "synthetic.json").read_text(encoding="utf-8"))["vectors"]
    text = next(v["payload"] for v in vectors if v["id"] == "emvco-length-unit-utf8-bytes")
    edited = qrpay.decode(text).replace(merchant_city="SHANGHAI")
    assert edited.length_unit is LengthUnit.CHARACTERS
    assert "64200002ZH0104最佳运输0202北京" in edited.to_text()
    assert qrpay.decode(edited.to_text(), strict=True).merchant_city == "SHANGHAI"


def test_not_emv_names_what_it_sees() -> None:
    cases = {
        "wxp://f2f0abc": "WeChat",
        "https://qr.alipay.com/fkx123": "Alipay",
        "upi://pay?pa=a@b": "UPI",
        "BCD\n002\n1\nSCT\n": "SEPA",
        "hQVDUFYwMWEaTwegAAAAVVVVVw8SNFZ4kBI0WNGRIgESNF8=": "consumer-presented",
        "https://example.com/pay": "web URL",
    }
    for text, word in cases.items():
        with pytest.raises(qrpay.DecodeError) as caught:
            qrpay.decode(text)
        assert caught.value.code == "not_emv", text
        assert word in caught.value.message, text


def test_corrupted_scan_is_reported_as_crc_failure() -> None:
    # a damaged length digit breaks the TLV walk, but the CRC says why: it was damaged
    damaged = B7.replace("5914BEST", "5915BEST")
    with pytest.raises(qrpay.CRCError) as caught:
        qrpay.decode(damaged)
    assert caught.value.code == "crc_mismatch"
    assert caught.value.expected is not None and caught.value.actual == "A13A"


def test_zero_length_values_and_unknown_tags_round_trip() -> None:
    body = B7[:-8].replace("5802CN", "5802CN7000") + "6304"
    text = qrpay.crc.with_crc(body[:-4])
    p = qrpay.decode(text)
    assert p.to_text() == text  # the zero-length RFU tag 70 is kept in place
    assert any(i.code == "value_empty" and i.path == ("70",) for i in p.issues)
    assert not p.is_valid
    with pytest.raises(qrpay.InvalidRequest):
        qrpay.encode(p)  # the encoder never emits what validate() rejects


def test_issue_str_and_dict() -> None:
    issue = qrpay.check(B7.replace("A13A", "0000"))[0]
    assert str(issue).startswith("tag 63 at offset ")
    assert issue.to_dict()["code"] == "crc_mismatch"


def test_primitive_merchant_account_that_parses_is_exposed() -> None:
    # 15 is primitive by EMVCo allocation; a value that parses with a sub-ID 00 is shown as fields
    text = qrpay.crc.with_crc(
        "00020101021115160006abcdef0102xy52045999530384058 02KH5901A6001B".replace(" ", "")
    )
    p = qrpay.decode(text)
    account = p.merchant_accounts[0]
    assert account.fields == {"00": "abcdef", "01": "xy"}
    plain = qrpay.decode(
        qrpay.crc.with_crc("00020101021115081234567852045999530384058 02KH5901A6001B".replace(" ", ""))
    )
    assert plain.merchant_accounts[0].is_primitive and plain.merchant_accounts[0].network == "UnionPay"


def test_an_earlier_second_crc_object_is_reported() -> None:
    # found by hypothesis: a 63 before the real one is a duplicate and has the wrong length
    body = B7[:-8].replace("5802CN", "5802CN6303abc")
    payload = qrpay.decode(qrpay.crc.with_crc(body))
    found = {(i.code, i.path) for i in payload.issues}
    assert ("duplicate_tag", ("63",)) in found and ("value_length", ("63",)) in found
