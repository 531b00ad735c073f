"""FPS (Hong Kong): real codes, the view, every rule at its limit, the builder against
PyPI hkqr 0.2.0 and Odoo's expected payloads, and what the builder refuses."""

from __future__ import annotations

import binascii
import json
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import fps
from tests.conftest import FIXTURES

NOW = datetime(2026, 1, 1, tzinfo=timezone.utc)

#: (payload, source, what its text holds, read by hand)
REAL: list[tuple[str, str, dict[str, Any]]] = [
    (
        "00020101021226330012hk.com.hkicl0313+852-6789123452040000530334454031005802HK5914company_1_data"
        "6002HK62170513INV/TEST/00016304A154",
        "https://github.com/odoo/odoo/blob/48e0bd901f87eda94ac434561d7b206e71f3864d/addons/l10n_hk/tests/"
        "test_l10n_hk_emv_qr.py",
        {
            "mobile": "+852-67891234",
            "proxy_type": "mobile",
            "reference_label": "INV/TEST/0001",
            "amount": "100",
        },
    ),
    (
        "00020101021126530012hk.com.hkicl0433FPS_Identifier_CRC201D@ird.gov.hk520400005303344540419895802HK"
        "5902NA6002HK63042767",
        "https://github.com/DemChing/hkqr-fps/blob/40158c508c6dc1b1d9774401d44215f1e52666db/test/test.js",
        {"email": "FPS_Identifier_CRC201D@ird.gov.hk", "proxy_type": "email", "amount": "1989"},
    ),
    (
        "00020101021126400012hk.com.hkicl01030040313+852-8765432152040000530334454041.235802HK5902NA6002HK"
        "6304C246",
        "https://github.com/hwwong/fps-hkqr/blob/01991ed63ecab20c8d154a28e3b729d99cf049af/src/pages/about/"
        "about.ts",
        {"clearing_code": "004", "mobile": "+852-87654321", "amount": "1.23"},
    ),
    (
        "0002010102121531479803444798034459803449399006326450012hk.com.hkicl020916606952605122912312359595204"
        "9399530334454042.005802HK5902NA6002HK6293011900-12348A10798425380218001-20200726084100032263ee92126d3"
        "fb9ff7bed98041802150821101001445D80560013com.swiftpass0212181570002009041900-12348A10798425386304F335",
        "SAMPLE_QR of a public PHP page (search index id 49195306116)",
        {"fps_id": "166069526", "timeout_raw": "291231235959", "amount": "2.00"},
    ),
    (
        "00020101021226320012hk.com.hkicl0207600050906011520400005303344540510.505802HK5902NA6002HK6227"
        "0523HKTEST202103190606259626304BCD1",
        "a public JavaScript store test (search index id 3415873383)",
        {"fps_id": "6000509", "amount_editable": True, "reference_label": "HKTEST20210319060625962"},
    ),
]


@pytest.mark.parametrize(("text", "source", "holds"), REAL, ids=[r[1][-40:] for r in REAL])
def test_real_codes_decode_round_trip_and_detect(text: str, source: str, holds: dict[str, Any]) -> None:
    payload = qrpay.validate(text, now=NOW)
    assert payload.issues == ()
    assert qrpay.encode(payload) == text
    assert "fps" in qrpay.detect(text)
    view = payload.view("fps")
    for name, expected in holds.items():
        assert str(expected) in text or name in ("proxy_type", "amount_editable")
        where = view if name in ("amount", "reference_label", "currency") else view.account
        got = getattr(where, name)
        assert (str(got) if isinstance(got, Decimal) else got) == expected, name


def test_view_of_the_combined_hkqr_code() -> None:
    payload = qrpay.decode(REAL[3][0], now=NOW)
    assert payload.schemes == ("unionpay", "fps")
    account = payload.view("fps").account
    assert account.tag == "26" and account.guid == "hk.com.hkicl"
    assert account.proxy_type == "fps_id" and account.proxy_value == "166069526"
    assert account.timeout == datetime(2029, 12, 31, 23, 59, 59, tzinfo=fps.HKT)
    assert account.timeout == datetime(2029, 12, 31, 15, 59, 59, tzinfo=timezone.utc)
    assert fps.timeout_at(payload) == account.timeout
    assert account.amount_editable is None and account.other == {}
    assert payload.view("fps").currency == "344"


def _seal(body: str) -> str:
    """``body`` (ending in ``6304``) with its CRC-16/CCITT-FALSE, from the standard library."""
    assert body.endswith("6304")
    return body + f"{binascii.crc_hqx(body.encode('utf-8'), 0xFFFF):04X}"


def _seal_raw(account: str) -> str:
    """A payload around this 26 value (FPS ID 9999999's root objects, amount 123), sealed."""
    return _seal(
        f"00020101021226{len(account):02d}{account}5204000053033445403123" + "5802HK5902NA6002HK6304"
    )


def _codes(text: str, now: datetime = NOW) -> list[tuple[str, str]]:
    return sorted((i.code, i.severity) for i in qrpay.check(text, now=now))


def test_one_proxy_exactly() -> None:
    assert _codes(_seal_raw("0012hk.com.hkicl02079999999")) == []
    assert _codes(_seal_raw("0012hk.com.hkicl0103004")) == [("fps.proxy", "error")]
    both = qrpay.check(_seal_raw("0012hk.com.hkicl02079999999" + "0313+852-67891234"), now=NOW)
    assert [(i.code, i.path) for i in both] == [("fps.proxy", ("26", "03"))]
    assert "02 (FPS Identifier) and 03 (mobile number)" in both[0].message


def test_currency_hkd_and_cny_only() -> None:
    base = "00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK6304D1A3"
    for currency, codes in (("344", []), ("156", []), ("840", [("fps.currency", "error")])):
        text = _seal(base[:-8].replace("5303344", "5303" + currency) + "6304")
        assert _codes(text) == codes, currency


def test_bill_number_or_reference_label() -> None:
    text = fps.build(fps_id="9999999", amount=1, reference="R-1", now=NOW).to_text()
    assert _codes(text) == []
    both = _seal(text[:-8].replace("62070503R-1", "62140103B-10503R-1") + "6304")
    found = qrpay.check(both, now=NOW)
    assert [(i.code, i.path, i.severity) for i in found] == [
        ("fps.bill_and_reference", ("62", "05"), "error")
    ]


@pytest.mark.parametrize(
    ("sub", "value", "code"),
    [
        ("01", "04", "fps.clearing_code"),
        ("01", "0041", "fps.clearing_code"),
        ("02", "123456", "fps.fps_id_format"),
        ("02", "12345678", "fps.fps_id_format"),
        ("02", "999999A", "fps.fps_id_format"),
        ("03", "+85267891234", "fps.mobile_format"),
        ("03", "852-67891234", "fps.mobile_format"),
        ("03", "+852-12345", "fps.mobile_format"),
        ("04", "ird.gov.hk", "fps.email_format"),
        ("04", "a b@ird.gov.hk", "fps.email_format"),
        ("05", "2912312359", "fps.timeout_format"),
        ("05", "291331235959", "fps.timeout_format"),
        ("06", "2", "fps.editable"),
    ],
)
def test_warnings_at_their_limits(sub: str, value: str, code: str) -> None:
    proxy = "" if sub in ("02", "03", "04") else "02079999999"
    inner = f"0012hk.com.hkicl{proxy}{sub}{len(value):02d}{value}"
    found = qrpay.check(_seal_raw(inner), now=NOW)
    assert [(i.code, i.path, i.severity) for i in found] == [(code, ("26", sub), "warning")]
    assert repr(value) in found[0].message


@pytest.mark.parametrize(
    ("sub", "value"),
    [
        ("01", "935"),
        ("02", "1234567"),
        ("02", "166069526"),
        ("02", "12345678901"),
        ("03", "+852-67891234"),
        ("03", "+86-13800138000"),
        ("04", "FPS_Identifier_CRC201D@ird.gov.hk"),
        ("05", "291231235959"),
        ("06", "1"),
        ("06", "0"),
    ],
)
def test_accepted_forms(sub: str, value: str) -> None:
    proxy = "" if sub in ("02", "03", "04") else "02079999999"
    assert _codes(_seal_raw(f"0012hk.com.hkicl{proxy}{sub}{len(value):02d}{value}")) == []


def test_timeout_boundary_in_hong_kong_time() -> None:
    text = _seal_raw("0012hk.com.hkicl02079999999" + "0512251231235959")
    deadline = datetime(2025, 12, 31, 15, 59, 59, tzinfo=timezone.utc)  # 23:59:59 HKT
    assert _codes(text, deadline) == []
    assert _codes(text, deadline + timedelta(seconds=1)) == [("fps.timed_out", "warning")]
    found = qrpay.check(text, now=deadline + timedelta(seconds=1))
    assert "2025-12-31 23:59:59 (Hong Kong time" in found[0].message


def test_editable_without_amount_and_country() -> None:
    no_amount = _seal(
        "00020101021126320012hk.com.hkicl02079999999" + "06011" + "52040000530334458" + "02HK5902NA6002HK6304"
    )
    assert _codes(no_amount) == [("fps.editable_without_amount", "warning")]
    country = _seal(REAL[1][0][:-8].replace("5802HK", "5802NA") + "6304")
    assert _codes(country) == [("fps.country", "warning")]


def test_template_outside_26_is_found_with_a_warning() -> None:
    text = _seal("00020101021230270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK6304")
    payload = qrpay.decode(text, now=NOW)
    assert payload.schemes == ("fps",)
    assert [(i.code, i.path) for i in payload.issues] == [("fps.account_tag", ("30",))]
    assert payload.view("fps").account.tag == "30"


def test_upper_case_guid_is_fps() -> None:
    text = _seal("00020101021226270012HK.COM.HKICL0207999999952040000530334454031235802HK5902NA6002HK6304")
    assert qrpay.detect(text) == ("fps",)
    assert qrpay.decode(text).view("fps").account.guid == "HK.COM.HKICL"


# -- builder -------------------------------------------------------------------------------------

#: recorded from PyPI hkqr 0.2.0 (pulsely/hkqr): HKQR(proxy).create_hkqr_code(amount, **kwargs),
#: in /tmp, 2026-12-01; its template is POI 12, MCC 0000, HKD, HK/NA/HK, amount as given
HKQR_020 = [
    (
        "9999999",
        "123",
        {},
        "00020101021226270012hk.com.hkicl0207999999952040000530334454031235802HK5902NA6002HK6304D1A3",
    ),
    (
        "1234567",
        "10.50",
        {"bill_number": "INV-1"},
        "00020101021226270012hk.com.hkicl02071234567520400005303344540510.505802HK5902NA6002HK62090105INV-163045469",
    ),
    (
        "+852-67891234",
        "100",
        {"reference_id": "INV/TEST/0001"},
        "00020101021226330012hk.com.hkicl0313+852-6789123452040000530334454031005802HK5902NA6002HK62170513INV/TEST/"
        "00016304DD47",
    ),
    (
        "test@example.com",
        "5",
        {},
        "00020101021226360012hk.com.hkicl0416test@example.com520400005303344540155802HK5902NA6002HK6304A029",
    ),
    (
        "166069526",
        "2.00",
        {},
        "00020101021226290012hk.com.hkicl020916606952652040000530334454042.005802HK5902NA6002HK63045924",
    ),
]
#: hkqr 0.2.0 requests qrpay refuses, and why
HKQR_020_REFUSED = [
    # the mobile without '-' after the country code: hkqr writes it, FPS registers +852-...
    ("+85267891234", "1", {}, "fps.mobile_format"),
    # hkqr writes 62 with 01 and 05: the spec allows either
    ("9999999", "1", {"bill_number": "A", "reference_id": "B"}, "fps.bill_and_reference"),
    # 1.234 HKD: the dollar has 2 decimals; qrpay never rounds
    ("9999999", "1.234", {}, "amount_precision"),
]


def _hkqr_keywords(proxy: str, amount: str, options: dict[str, str]) -> dict[str, Any]:
    """hkqr's arguments as qrpay keywords: its proxy rule (+852 -> mobile, @ -> e-mail)."""
    kind = "mobile" if proxy.startswith("+852") else "email" if "@" in proxy else "fps_id"
    keywords: dict[str, Any] = {kind: proxy, "amount": amount, "now": NOW}
    if "bill_number" in options:
        keywords["bill_number"] = options["bill_number"]
    if "reference_id" in options:
        keywords["reference"] = options["reference_id"]
    return keywords


#: the same requests recorded by scripts/crosscheck/fps_hkqr.py (scripts/vectors/_encode.py makes
#: fixtures/encode/fps-hkqr.json from them)
HKQR_RECORDING: dict[str, Any] = json.loads(
    (FIXTURES / "crosscheck" / "fps-hkqr.json").read_text(encoding="utf-8")
)


def hkqr_kwargs(request: dict[str, Any]) -> dict[str, Any]:
    """A recorded hkqr request (proxy, amount, options) as qrpay keywords."""
    given = request["input"]
    return _hkqr_keywords(given["proxy"], given["amount"], given["options"])


def test_recording_holds_every_request_of_the_tables() -> None:
    assert (HKQR_RECORDING["package"], HKQR_RECORDING["version"]) == ("hkqr", "0.2.0")
    recorded = {
        (r["input"]["proxy"], r["input"]["amount"], json.dumps(r["input"]["options"])): r.get("output")
        for r in HKQR_RECORDING["requests"]
    }
    for proxy, amount, options, expected in HKQR_020:
        assert recorded[(proxy, amount, json.dumps(options))] == expected
    for proxy, amount, options, _code in HKQR_020_REFUSED:
        # hkqr writes these; qrpay refuses them (test_builder_refuses_what_hkqr_0_2_0_writes)
        assert recorded[(proxy, amount, json.dumps(options))] is not None


#: the recorded requests of HKQR_020_REFUSED, by id
RECORDED_REFUSED = {
    "mobile-without-hyphen": "fps.mobile_format",
    "bill-and-reference": "fps.bill_and_reference",
    "amount-three-decimals": "amount_precision",
}


@pytest.mark.parametrize("request_", HKQR_RECORDING["requests"], ids=lambda r: str(r["id"]))
def test_builder_against_each_recorded_request(request_: dict[str, Any]) -> None:
    """Every recorded request is written byte for byte by qrpay too, or is one of HKQR_020_REFUSED."""
    if request_["id"] in RECORDED_REFUSED:
        with pytest.raises(qrpay.InvalidRequest) as caught:
            fps.build(**hkqr_kwargs(request_))
        assert caught.value.code == RECORDED_REFUSED[request_["id"]]
        return
    assert fps.build(**hkqr_kwargs(request_)).to_text() == request_["output"]


@pytest.mark.parametrize(("proxy", "amount", "options", "expected"), HKQR_020)
def test_builder_agrees_with_hkqr_0_2_0(
    proxy: str, amount: str, options: dict[str, str], expected: str
) -> None:
    assert fps.build(**_hkqr_keywords(proxy, amount, options)).to_text() == expected


@pytest.mark.parametrize(("proxy", "amount", "options", "code"), HKQR_020_REFUSED)
def test_builder_refuses_what_hkqr_0_2_0_writes(
    proxy: str, amount: str, options: dict[str, str], code: str
) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        fps.build(**_hkqr_keywords(proxy, amount, options))
    assert caught.value.code == code


def test_builder_writes_odoos_expected_payloads() -> None:
    # odoo/odoo addons/l10n_hk/tests/test_l10n_hk_emv_qr.py (commit 48e0bd90)
    keywords: dict[str, Any] = {"mobile": "+852-67891234", "merchant_name": "company_1_data", "now": NOW}
    assert fps.build(amount=100, reference="INV/TEST/0001", **keywords).to_text() == REAL[0][0]
    assert (
        fps.build(amount="100.5", reference="INV/TEST/0002", **keywords).to_text()
        == "00020101021226330012hk.com.hkicl0313+852-678912345204000053033445405100.55802HK5914company_1_data"
        "6002HK62170513INV/TEST/000263049E64"
    )


def test_builder_optional_fields() -> None:
    built = fps.build(
        fps_id="166069526",
        clearing_code="004",
        amount="2.00",
        editable=True,
        timeout=datetime(2029, 12, 31, 15, 59, 59, tzinfo=timezone.utc),
        currency="CNY",
        now=NOW,
    )
    assert built.value(("26",)) == "0012hk.com.hkicl010300402091660695260512291231235959" + "06011"
    assert built.value("53") == "156" and built.issues == ()
    assert fps.build(email="a@b.hk", timeout="291231235959", now=NOW).value(("26", "05")) == "291231235959"
    static = fps.build(fps_id="9999999")
    assert static.value("01") == "11" and static.value("54") is None


@pytest.mark.parametrize(
    ("keywords", "code", "path"),
    [
        ({}, "fps.proxy", ("26", "02")),
        ({"fps_id": "9999999", "mobile": "+852-67891234"}, "fps.proxy", ("26", "02")),
        ({"fps_id": "123456"}, "fps.fps_id_format", ("26", "02")),
        ({"mobile": "+852 6789 1234"}, "fps.mobile_format", ("26", "03")),
        ({"email": "nobody"}, "fps.email_format", ("26", "04")),
        ({"fps_id": "9999999", "clearing_code": "4"}, "fps.clearing_code", ("26", "01")),
        ({"fps_id": "9999999", "currency": "USD"}, "fps.currency", ("53",)),
        ({"fps_id": "9999999", "editable": True}, "fps.editable_without_amount", ("26", "06")),
        ({"fps_id": "9999999", "timeout": "2912312359"}, "fps.timeout_format", ("26", "05")),
        ({"fps_id": "9999999", "timeout": "251231235959"}, "fps.timed_out", ("26", "05")),
        ({"fps_id": "9999999", "timeout": datetime(2029, 1, 1)}, "fps.timeout_format", ("26", "05")),
        ({"fps_id": "9999999", "bill_number": "A", "reference": "B"}, "fps.bill_and_reference", ("62", "05")),
        ({"fps_id": 9999999}, "value_type", ("26", "02")),
    ],
)
def test_builder_refusals(keywords: dict[str, Any], code: str, path: tuple[str, ...]) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        fps.build(now=NOW, **keywords)
    assert (caught.value.code, caught.value.path) == (code, path)


def test_builder_timeout_refused_one_second_late() -> None:
    deadline = datetime(2025, 12, 31, 15, 59, 59, tzinfo=timezone.utc)
    assert (
        fps.build(fps_id="9999999", timeout="251231235959", now=deadline).value(("26", "05"))
        == "251231235959"
    )
    with pytest.raises(qrpay.InvalidRequest):
        fps.build(fps_id="9999999", timeout="251231235959", now=deadline + timedelta(seconds=1))


def test_describe_names_the_timeout_and_the_flag() -> None:
    describe = qrpay.get_scheme("fps").describe
    assert describe is not None
    payload = qrpay.decode(REAL[3][0], now=NOW)
    assert (
        describe(payload, ("26", "05"), "291231235959")
        == "merchant timeout 2029-12-31 23:59:59 Hong Kong time"
    )
    assert describe(payload, ("26", "06"), "1") == "the payer may edit the amount"
    assert describe(payload, ("15",), "x") is None
