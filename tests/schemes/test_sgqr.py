"""SGQR: multi-network detection, the typed view, the sticker builder and its refusals."""

from __future__ import annotations

from datetime import date, datetime, timezone
from typing import Any

import pytest

import qrpay
from qrpay.schemes import paynow, sgqr

SOBA = (
    "00020101021126810011SG.COM.NETS01231198500065G9912312359000211111686614000308686614019908604108C2"
    "51800007SG.SGQR01121809072DD85C020701.00010306079027040201050206060400000708201809155204581253037025802SG"
    "5912SOBA EXPRESS6009Singapore630457B3"
)
UDDERS = (
    "00020101021126520008com.grab0136c99990dc-ab89-442f-accb-1fd96dd4eff627330015sg.com.dash.www0110000000901628"
    "460010com.myfave0128https://myfave.com/qr/6ntdz329360009SG.AIRPAY0119936009180000000468751810007SG.SGQR0112"
    "1809112DE3C7020701.000703065743700402010503105060400000708202012105204581253037025802SG5920UDDERS UPPER THOMSON"
    "6009Singapore63047AEC"
)
NETS = [
    ("00", "SG.COM.NETS"),
    ("01", "1198500065G991231235900"),
    ("02", "11168661400"),
    ("03", "68661401"),
    ("99", "604108C2"),
]
SOBA_FIELDS: dict[str, Any] = {
    "sgqr_id": "1809072DD85C",
    "version": "01.0001",
    "postal_code": "079027",
    "level": "01",
    "unit_number": "06",
    "miscellaneous": "0000",
    "version_date": "20180915",
    "merchant_name": "SOBA EXPRESS",
    "merchant_category_code": "5812",
}


def test_builder_reproduces_a_real_sticker() -> None:
    assert sgqr.build(networks={"26": NETS}, **SOBA_FIELDS).to_text() == SOBA


def test_builder_reproduces_a_sticker_with_five_networks() -> None:
    udders = qrpay.decode(UDDERS)
    networks = [o for o in udders.objects if "26" <= o.tag <= "50"]
    built = sgqr.build(
        networks=networks,
        sgqr_id="1809112DE3C7",
        version="01.0007",
        postal_code="574370",
        level="01",
        unit_number="105",
        miscellaneous="0000",
        version_date=date(2020, 12, 10),
        merchant_name="UDDERS UPPER THOMSON",
        merchant_category_code="5812",
    )
    assert built.to_text() == UDDERS


def test_sticker_with_paynow_detects_both_in_template_order() -> None:
    account = paynow.build(uen="201403121W").get("26")
    assert account is not None
    built = sgqr.build(networks={"26": account, "27": NETS}, **SOBA_FIELDS)
    assert built.schemes == ("paynow", "sgqr")
    assert qrpay.detect(built.to_text()) == ("paynow", "sgqr")
    view = built.view("sgqr")
    assert [(n.tag, n.name, n.scheme) for n in view.networks] == [
        ("26", "PayNow", "paynow"),
        ("27", "NETS", None),
    ]


def test_paynow_rules_apply_to_a_paynow_template_on_a_sticker() -> None:
    broken = [("00", "SG.PAYNOW"), ("01", "1"), ("02", "S1234567D"), ("03", "1")]
    with pytest.raises(qrpay.InvalidRequest) as caught:
        sgqr.build(networks={"26": broken}, **SOBA_FIELDS)
    assert caught.value.code == "paynow.proxy_type"


def test_view() -> None:
    view = qrpay.decode(UDDERS).view("sgqr")
    assert view.info == sgqr.SgqrInfo(
        "51", "1809112DE3C7", "01.0007", "574370", "01", "105", "0000", "20201210", date(2020, 12, 10)
    )
    assert [(n.tag, n.guid, n.name) for n in view.networks] == [
        ("26", "com.grab", "GrabPay"),
        ("27", "sg.com.dash.www", "Singtel Dash"),
        ("28", "com.myfave", "Fave"),
        ("29", "SG.AIRPAY", "AirPay"),
    ]
    unionpay = qrpay.decode(
        "0002010102111531480007024800070280007025499435326590011COM.REMOPAY0110200000033802040000030400010404"
        "000099020127330015SG.COM.DASH.WWW0110100210041328650017COM.QQ.WEIXIN.PAY011010000003370204000003040001"
        "0404000099020129720013sg.com.ezlink0114FMP-10000003380204SGQR0317NPL-0001-0000000004046AF951800007SG.SGQR"
        "01121809072DDA29020701.00010306058602040200050200060400000708201809155204000053037025802SG5909hisenyuan"
        "6009Singapore63044F90"
    ).view("sgqr")
    assert [(n.tag, n.name, n.scheme) for n in unionpay.networks][:2] == [
        ("15", "UnionPay", "unionpay"),
        ("26", "Remopay", None),
    ]


def test_view_of_a_payload_without_sgqr_template() -> None:
    view = sgqr.view(paynow.build(uen="201403121W"))
    assert view.info is None and [n.name for n in view.networks] == ["PayNow"]


@pytest.mark.parametrize(
    ("changes", "code"),
    [
        ({"postal_code": "79027"}, "sgqr.postal_code"),
        ({"version": "1.1"}, "sgqr.version"),
        ({"version_date": "20180931"}, "sgqr.version_date"),
        ({"version_date": datetime(2018, 9, 15, tzinfo=timezone.utc)}, "sgqr.version_date"),
        ({"level": "0001"}, "sgqr.field_length"),
        ({"merchant_name": ""}, "value_empty"),
    ],
)
def test_builder_refusals(changes: dict[str, Any], code: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        sgqr.build(networks={"26": NETS}, **(SOBA_FIELDS | changes))
    assert caught.value.code == code


def test_network_in_51_is_refused() -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        sgqr.build(networks={"51": NETS}, **SOBA_FIELDS)
    assert caught.value.code == "sgqr.tag"


def test_sgqr_id_of_13_characters_is_a_warning_not_a_refusal() -> None:
    built = sgqr.build(networks={"26": NETS}, **(SOBA_FIELDS | {"sgqr_id": "1809072DD85CX"}))
    assert [i.code for i in built.issues] == ["sgqr.id_length"]
