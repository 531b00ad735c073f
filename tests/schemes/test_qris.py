"""QRIS: the static-to-dynamic converter cross-check, builder, refusals, view, detection."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import crcmod.predefined
import pytest

import qrpay
from qrpay.schemes import qris
from tests.conftest import FIXTURES

CONVERTER = json.loads(
    (FIXTURES / "crosscheck" / "qris-qris-dynamic-generator.json").read_text(encoding="utf-8")
)

BCA = (
    "00020101021126650013ID.CO.BCA.WWW011893600014000128766702150008850012876670303UKE"
    "51440014ID.CO.QRIS.WWW0215ID10210818616060303UKE5204074253033605802ID5909GREEN PAW6007TANGSEL"
    "61051532362070703A0163046D3F"
)
OMBE = (
    "0002010102122654000200011893600014300061643802150008850006164380303UKE5204541153033605405495005802ID"
    "5913OMBE KOFIE-HO6013JAKARTA UTARA6105142406259010611093205121100131109320708AG20521199170002000107"
    "DINAMIS63049414"
)
TRANSFER = (
    "00020101021240550018ID.CO.ASTRAPAY.WWW0119936008223000200135502062001355204482953033605802ID5923"
    "Test rename http header6013Jakarta Pusat61051022062460804DMCT99340002000124TG0H0C8UCRIWF0NZAC12QWXC"
    "63047EE1"
)

# qris-dynamic-generator 1.1.5 turns a static QRIS into a dynamic one by string surgery.
# qrpay's equivalent is the edit API: decode the static code, then
#   payload.replace(amount=..., amount_style="minimal", initiation="dynamic")
# ("minimal" writes the amount as given, as the converter's Number.toString() does).
# Requests where qrpay deliberately does something else (docs/schemes/qris.md):
REFUSED: dict[str, str] = {
    # Number(1e21).toString() is "1e+21": the converter writes it; 22 digits do not fit 54
    "qris-bca-1e21": "value_too_long",
    # the converter throws too (amount must be greater than 0)
    "qris-bca-0": "amount_zero",
    "qris-bca-negative": "amount_format",
    # the converter drops the last 4 characters without checking the CRC; qrpay refuses a
    # code whose CRC is wrong (it may have been misread or tampered with)
    "qris-wrong-crc-input": "crc_mismatch",
    "qris-no-5802ID": "crc_mismatch",  # the driver edited 58 without re-sealing (converter throws)
    "qris-name-contains-5802ID": "crc_mismatch",  # same; the converter truncates the code
}
# Same data objects, different order: the converter inserts 54 just before 5802ID (after
# 55 when a tip indicator is present); qrpay inserts 54 in its canonical place, after 53.
REORDERED = {"qris-telkom-tip-prompt-2500"}
# The converter appends a second 54 to a code that already has one (duplicate_tag);
# qrpay replaces the amount in place.
REPLACED = {"qris-already-dynamic-10000"}


def _amount(value: Any) -> Any:
    # JSON numbers as the JS package saw them: a float keeps its shortest repr
    return Decimal(repr(value)) if isinstance(value, float) else value


def _objects(payload: qrpay.Payload) -> list[tuple[str, str]]:
    return sorted((o.tag, o.value) for o in payload.objects if o.tag != "63")


@pytest.mark.parametrize("request_", CONVERTER["requests"], ids=[r["id"] for r in CONVERTER["requests"]])
def test_edit_api_against_qris_dynamic_generator(request_: dict[str, Any]) -> None:
    rid = request_["id"]
    amount = _amount(request_["input"]["amount"])
    if rid in REFUSED:
        with pytest.raises(qrpay.QRPayError) as caught:
            qrpay.decode(request_["input"]["qris"]).replace(
                amount=amount, amount_style="minimal", initiation="dynamic"
            )
        assert caught.value.code == REFUSED[rid]
        return
    ours = qrpay.decode(request_["input"]["qris"]).replace(
        amount=amount, amount_style="minimal", initiation="dynamic"
    )
    assert ours.is_valid and ours.is_dynamic
    assert "qris" in ours.schemes
    output = request_["output"]
    if rid in REPLACED:
        with pytest.raises(qrpay.ValidationError) as broken:
            qrpay.validate(output)
        assert [i.code for i in broken.value.issues] == ["duplicate_tag"]
        assert [o.value for o in ours.objects if o.tag == "54"] == [str(amount)]
        return
    if rid in REORDERED:
        assert _objects(ours) == _objects(qrpay.decode(output))
        assert ours.to_text() != output
        return
    assert ours.to_text() == output  # byte for byte, CRC included


def test_every_converter_request_is_accounted_for() -> None:
    ids = {r["id"] for r in CONVERTER["requests"]}
    assert set(REFUSED) | REORDERED | REPLACED <= ids
    assert CONVERTER["package"] == "qris-dynamic-generator" and CONVERTER["version"] == "1.1.5"
    # where the converter refuses, qrpay refuses too
    thrown = {r["id"] for r in CONVERTER["requests"] if "error" in r}
    assert thrown <= set(REFUSED)


def test_name_containing_5802id_converts_cleanly_once_sealed() -> None:
    request = next(r for r in CONVERTER["requests"] if r["id"] == "qris-name-contains-5802ID")
    body = request["input"]["qris"][:-4]
    static = qrpay.decode(body + qrpay.crc.checksum(body))
    ours = static.replace(amount=2500, amount_style="minimal", initiation="dynamic")
    assert ours.merchant_name == "5802IDPAW"
    assert ours.value("54") == "2500" and ours.is_valid


def test_with_amount_writes_rupiah_with_two_decimals() -> None:
    # the plain edit API writes IDR's two minor units; both forms are valid QRIS
    dynamic = qrpay.decode(BCA).with_amount(2500)
    assert dynamic.value("54") == "2500.00"
    assert dynamic.is_dynamic and dynamic.is_valid


# -- builder -------------------------------------------------------------------------------


def test_builder_reproduces_a_real_static_code() -> None:
    ours = qris.build(
        pjsp_guid="ID.CO.BCA.WWW",
        merchant_pan="936000140001287667",
        merchant_id="000885001287667",
        nmid="ID1021081861606",
        criteria="UKE",
        merchant_category_code="0742",
        merchant_name="GREEN PAW",
        merchant_city="TANGSEL",
        postal_code="15323",
        additional_data={"terminal_label": "A01"},
    )
    assert ours.to_text() == BCA  # the real code is in canonical order: identical, CRC included


def test_builder_dynamic_with_default_guid_and_fee() -> None:
    ours = qris.build(
        merchant_pan="936000143000616438",
        merchant_id="000885000616438",
        criteria="UKE",
        merchant_category_code="5411",
        merchant_name="OMBE KOFIE-HO",
        merchant_city="JAKARTA UTARA",
        postal_code="14240",
        amount="49500",
        convenience_fee_fixed="500",
    )
    assert ours.value(("26", "00")) == "00"  # QRIS's default GUID
    assert ours.value("54") == "49500" and ours.value("55") == "02" and ours.value("56") == "500"
    assert ours.is_dynamic and "51" not in ours
    assert ours.warnings == ()  # the default GUID is not reported once QRIS is detected


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({"criteria": "SME"}, "qris.merchant_criteria"),
        (
            {"nmid": None, "merchant_pan": "936000140001287667", "merchant_id": "M1"},
            "qris.central_repository_missing",
        ),
        ({"merchant_pan": "9360-0014-0001-2876", "merchant_id": "M1"}, "qris.merchant_pan"),
        ({"merchant_pan": "936000140001287667"}, "qris.merchant_id"),
        ({"merchant_id": "M1"}, "qris.merchant_pan"),
        ({"merchant_pan": "936000140001287667", "merchant_id": "M1", "pjsp_tag": "46"}, "unknown_field"),
        ({"nmid": "ID10210818616060"}, "qris.nmid"),
        ({"postal_code": "12345678901"}, "value_too_long"),
        ({"amount": "10.001"}, "amount_precision"),
        ({"amount": 10.5}, "amount_type"),
        ({"tip": "prompt", "convenience_fee_fixed": "500"}, "tip_indicator_value"),
        ({"nmid": None}, "no_merchant_account"),
    ],
)
def test_builder_refusals(kwargs: dict[str, Any], code: str) -> None:
    base: dict[str, Any] = {
        "nmid": "ID1021081861606",
        "criteria": "UMI",
        "merchant_category_code": "5812",
        "merchant_name": "TOKO",
        "merchant_city": "DEMAK",
        "postal_code": "59567",
    }
    base.update(kwargs)
    with pytest.raises(qrpay.InvalidRequest) as caught:
        qris.build(**base)
    assert caught.value.code == code


def test_builder_never_rewrites_amounts() -> None:
    kwargs: dict[str, Any] = {
        "nmid": "ID1021081861606",
        "criteria": "UMI",
        "merchant_category_code": "5812",
        "merchant_name": "TOKO",
        "merchant_city": "DEMAK",
        "postal_code": "59567",
    }
    assert qris.build(amount="39000.00", **kwargs).value("54") == "39000.00"
    assert qris.build(amount=Decimal("10000"), **kwargs).value("54") == "10000"
    assert qris.build(convenience_fee_percentage="0.7", **kwargs).value("57") == "0.7"


# -- view and detection ------------------------------------------------------------------------


def test_view_of_a_static_code() -> None:
    view = qrpay.decode(BCA).view("qris")
    assert view.variant is qris.Variant.PAYMENT
    (account,) = view.pjsp_accounts
    assert (account.tag, account.guid, account.nns, account.criteria) == (
        "26",
        "ID.CO.BCA.WWW",
        "93600014",
        "UKE",
    )
    assert not account.uses_default_guid
    assert view.nmid == "ID1021081861606" and view.criteria == "UKE"
    assert view.central_repository == qris.CentralRepository("51", "ID.CO.QRIS.WWW", "ID1021081861606", "UKE")
    assert view.proprietary is None and view.amount is None


def test_view_of_a_dynamic_code_with_proprietary_data() -> None:
    view = qris.view(qrpay.decode(OMBE))
    assert view.pjsp_accounts[0].uses_default_guid
    assert view.central_repository is None and view.criteria == "UKE"
    assert view.proprietary == qris.ProprietaryData("00", "DINAMIS")
    assert view.amount == Decimal("49500")


def test_view_of_a_transfer_code() -> None:
    view = qris.view(qrpay.decode(TRANSFER))
    assert view.variant is qris.Variant.TRANSFER and view.purpose == "DMCT"
    assert view.pjsp_accounts == ()
    assert view.transfer_account == qris.TransferAccount(
        "40", "ID.CO.ASTRAPAY.WWW", "9360082230002001355", "200135", None
    )


def test_foreign_template_in_an_indonesian_code_is_not_claimed() -> None:
    from qrpay.builder import build

    payload = build(
        merchant_accounts={"26": {"00": "com.example.pay", "01": "12345"}},
        currency="360",
        country="ID",
        merchant_name="X",
        merchant_city="Y",
        merchant_category_code="5812",
    )
    assert payload.schemes == ()


def test_pjsp_template_outside_indonesia_needs_the_central_repository() -> None:
    from qrpay.builder import build

    pjsp = {"00": "ID.CO.BCA.WWW", "01": "936000140001287667", "02": "000885001287667", "03": "UKE"}
    fields: dict[str, Any] = {
        "currency": "702",
        "country": "SG",
        "merchant_name": "X",
        "merchant_city": "Y",
        "merchant_category_code": "5812",
    }
    # an Indonesian PJSP template in a code whose country is not ID is not claimed without 51 ...
    assert build(merchant_accounts={"26": pjsp}, **fields).schemes == ()
    # ... but next to the QRIS central repository it belongs to QRIS (the ID-only rules,
    # currency 360 and postal code, do not apply to a code whose country is not ID)
    central = {"00": "ID.CO.QRIS.WWW", "02": "ID1021081861606", "03": "UKE"}
    assert build(merchant_accounts={"26": pjsp, "51": central}, **fields).schemes == ("qris",)


def test_check_sees_the_templates_detection_assigns_to_qris() -> None:
    # qris.check decides template ownership itself (for speed); it must agree with detection
    from tests.conftest import iter_vectors

    for path, vector in iter_vectors():
        if path.parent.name != "qris":
            continue
        try:
            payload = qrpay.decode(vector["payload"])
        except qrpay.DecodeError:
            continue
        detected = [a.tag for a in payload.merchant_accounts if a.scheme == "qris" and "26" <= a.tag <= "45"]
        assert [o.tag for o in qris._qris_templates(payload, qris._central(payload))] == detected, vector[
            "id"
        ]


def test_cash_variant_is_read_but_not_held_to_transfer_rules() -> None:
    body = TRANSFER[:-4].replace("0804DMCT", "0804CWDL")
    payload = qrpay.decode(body + qrpay.crc.checksum(body))
    view = qris.view(payload)
    assert view.variant is qris.Variant.CASH and view.purpose == "CWDL"
    assert view.transfer_account is not None and view.transfer_account.beneficiary_id == "200135"
    assert payload.is_valid and payload.warnings == ()


# -- issue 10: what real QRIS codes carry that QRIS rules must not refuse ----------------------

CRC = crcmod.predefined.mkCrcFun("crc-ccitt-false")


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def _seal(body: str) -> str:
    """Append 6304 and the CRC, computed with crcmod (not qrpay)."""
    body += "6304"
    return body + f"{CRC(body.encode('utf-8')):04X}"


BCA_51 = _tlv("51", _tlv("00", "ID.CO.QRIS.WWW") + _tlv("02", "ID1021081861606") + _tlv("03", "UKE"))
BCA_26 = _tlv(
    "26",
    _tlv("00", "ID.CO.BCA.WWW")
    + _tlv("01", "936000140001287667")
    + _tlv("02", "000885001287667")
    + _tlv("03", "UKE"),
)
# a real Bank Neo Commerce static code (Dev4ami/qris-parser src/parser/mod.rs, commit 82b9a0fe)
BNC = (
    "00020101021126740025ID.CO.BANKNEOCOMMERCE.WWW011893600490594035176202120005601164090303UMI51550025"
    "ID.CO.BANKNEOCOMMERCE.WWW0215ID10243177317000303UMI5204581253033605502015802ID5917COFFEE SHOP HOUSE"
    "6006BLITAR6105661526233052230017677787106486558720703T0163041088"
)
# a real AstraPay code (astrapay/spring-qris QrisMapperTest.java line 30, commit 5fbdda73)
ASTRAPAY = (
    "00020101021226640018ID.CO.ASTRAPAY.WWW011893600822321000045502092100004550303UBE51440014ID.CO.QRIS.WWW"
    "0215ID20210719803990303UBE520475385303360540745480515802ID5916AUTO2000 Bintaro6009Tangerang6105151186260"
    "01152110050107770150715ASTRAPAY210502198180209210000455030116304E3CF"
)


def test_real_codes_of_this_issue_carry_their_published_crc() -> None:
    """The oracle: crcmod agrees with the CRC printed in each source."""
    for text in (BNC, ASTRAPAY):
        assert f"{CRC(text[:-4].encode()):04X}" == text[-4:]
    assert BCA_26 in BCA and BCA_51 in BCA


def test_central_repository_with_the_issuers_reverse_domain_is_accepted() -> None:
    payload = qrpay.decode(BNC)
    assert payload.schemes == ("qris",)
    assert [i.code for i in payload.issues] == []
    central = payload.view("qris").central_repository
    assert central == qris.CentralRepository("51", "ID.CO.BANKNEOCOMMERCE.WWW", "ID1024317731700", "UMI")


def test_a_51_with_an_issuer_domain_is_enough_to_detect_qris() -> None:
    issuer_51 = _tlv("51", _tlv("00", "ID.CO.BCA.WWW") + _tlv("02", "ID1021081861606") + _tlv("03", "UKE"))
    only_51 = _seal(BCA[:-8].replace(BCA_26, "").replace(BCA_51, issuer_51))
    payload = qrpay.decode(only_51)
    assert payload.schemes == ("qris",)
    assert payload.is_valid
    assert payload.view("qris").nmid == "ID1021081861606"
    # the same 51 in a Singaporean code is nobody's: detection does not steal it
    foreign = _seal(only_51[:-8].replace("5802ID", "5802SG"))
    assert qrpay.decode(foreign).schemes == ()
    # without the NMID it is no central repository: the static code misses one
    no_nmid = _tlv("51", _tlv("00", "ID.CO.BCA.WWW") + _tlv("03", "UKE"))
    payload = qrpay.decode(_seal(BCA[:-8].replace(BCA_51, no_nmid)))
    assert payload.schemes == ("qris",)  # still QRIS through the PJSP template 26
    assert [(i.code, i.path, i.severity) for i in payload.issues] == [
        ("qris.central_repository_missing", ("51",), "error")
    ]
    assert payload.view("qris").central_repository is None


def test_a_registered_guid_in_51_is_not_taken_for_an_issuer_domain() -> None:
    """SG.SGQR belongs to SGQR even in a code that says 58 = ID."""
    sgqr_51 = _tlv("51", _tlv("00", "SG.SGQR") + _tlv("02", "ID1021081861606") + _tlv("03", "UKE"))
    payload = qrpay.decode(_seal(BCA[:-8].replace(BCA_51, sgqr_51)))
    assert "sgqr" in payload.schemes
    assert payload.view("qris").central_repository is None


def test_issuer_data_in_62_without_guid_is_a_qris_warning() -> None:
    payload = qrpay.decode(ASTRAPAY)
    assert payload.schemes == ("qris",)
    assert payload.is_valid
    assert [(i.code, i.path, i.severity, i.offset) for i in payload.issues] == [
        ("qris.additional_template_guid", ("62", "98"), "warning", ASTRAPAY.index("9818020921"))
    ]
    # EMVCo alone (no QRIS detected: another country, no 51) still calls it an error
    central = _tlv("51", _tlv("00", "ID.CO.QRIS.WWW") + _tlv("02", "ID2021071980399") + _tlv("03", "UBE"))
    assert central in ASTRAPAY
    foreign = qrpay.decode(_seal(ASTRAPAY[:-8].replace(central, "").replace("5802ID", "5802SG")))
    assert foreign.schemes == ()
    codes = {(i.code, i.path, i.severity) for i in foreign.issues}
    assert ("guid_missing", ("62", "98"), "error") in codes


def test_62_99_without_guid_stays_an_error() -> None:
    """62/99 is QRIS's own proprietary template: its rule is not relaxed."""
    body = BCA[:-8].replace("62070703A01", _tlv("62", "0703A01" + _tlv("99", _tlv("01", "DATA"))))
    codes = {(i.code, i.severity) for i in qrpay.decode(_seal(body)).issues}
    assert ("guid_missing", "error") in codes
    assert ("qris.proprietary_template", "error") in codes
    assert ("qris.additional_template_guid", "warning") not in codes
