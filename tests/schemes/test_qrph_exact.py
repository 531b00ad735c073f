"""QR Ph rules, view, builder and describe, each checked whole (issue 13).

Payloads are assembled here (``t``/``code`` from tests/schemes/test_duitnow_exact.py: text
and CRC-16/CCITT-FALSE by crcmod, offsets by a walk written in the tests). Expected values
follow docs/schemes/qrph.md (implementations and real codes): P2P ``com.p2pqrpay`` in 27
and P2M ``ph.ppmi.p2m`` in 28; 01 the BIC (ISO 9362) of a Philippine institution; a P2P
template names an account in 03 or 04, carries 02 = 99964403 and a mobile in 05 written
+63-9XXXXXXXXX; a P2M template has a merchant ID in 03.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.errors import InvalidRequest
from qrpay.schemes import qrph
from tests.schemes.test_duitnow_exact import code, locate, t

P2P = "com.p2pqrpay"
P2M = "ph.ppmi.p2m"


def template(guid: str, fields: dict[str, str | None]) -> str:
    base: dict[str, str | None] = {"00": guid, "01": "GXCHPHM2XXX"}
    if guid.lower() == P2P:
        base.update({"02": "99964403", "04": "09171234567", "05": "+63-9171234567"})
    else:
        base["03"] = "MID123"
    base.update(fields)
    return "".join(t(k, v) for k, v in sorted(base.items()) if v is not None)


def ph_code(accounts: dict[str, str], extra: dict[str, str] | None = None) -> str:
    objects = {
        "00": "01",
        "01": "11",
        **accounts,
        "52": "0000",
        "53": "608",
        "58": "PH",
        "59": "JUAN",
        "60": "MANILA",
        **(extra or {}),
    }
    return code(*(t(k, objects[k]) for k in sorted(objects)))


def issues(text: str) -> list[tuple[Any, ...]]:
    return [
        (i.code, i.path, i.offset, i.severity, i.message, dict(i.ctx))
        for i in qrpay.decode(text).issues
        if i.scheme == "qrph"
    ]


def test_clean_codes() -> None:
    assert issues(ph_code({"27": template(P2P, {})})) == []
    assert issues(ph_code({"28": template(P2M, {})})) == []
    assert (
        issues(ph_code({"27": template(P2P, {"01": "BNORPHMM", "04": None, "03": "ACC1", "05": None})})) == []
    )


def test_template_tag() -> None:
    text = ph_code({"26": template(P2P, {}), "29": template(P2M.upper(), {})})
    assert issues(text) == [
        (
            "qrph.template_tag",
            ("26",),
            locate(text, ("26",)),
            "warning",
            "com.p2pqrpay is in template 26; every QR Ph code seen puts it in 27",
            {"actual": "26"},
        ),
        (
            "qrph.template_tag",
            ("29",),
            locate(text, ("29",)),
            "warning",
            "PH.PPMI.P2M is in template 29; every QR Ph code seen puts it in 28",
            {"actual": "29"},
        ),
    ]


def test_bic() -> None:
    assert issues(ph_code({"27": template(P2P, {"01": None})})) == [
        (
            "qrph.bic",
            ("27", "01"),
            None,
            "error",
            "template 27 has no BIC of the receiving institution (sub-ID 01)",
            {},
        )
    ]
    assert issues(ph_code({"28": template(P2M, {"01": None})})) == [
        ("qrph.bic", ("28", "01"), None, "error", "template 28 has no BIC of the acquirer (sub-ID 01)", {})
    ]
    for value in ("GXCHSGM2XXX", "GXCHPHM2XX", "gxchphm2"):
        text = ph_code({"28": template(P2M, {"01": value})})
        assert issues(text) == [
            (
                "qrph.bic",
                ("28", "01"),
                locate(text, ("28", "01")),
                "error",
                f"28.01 is {value!r}, not the BIC (ISO 9362) of a Philippine institution, e.g. GXCHPHM2XXX",
                {},
            )
        ]


def test_p2p_account_missing() -> None:
    assert issues(ph_code({"27": template(P2P, {"04": None})})) == [
        (
            "qrph.account_missing",
            ("27", "04"),
            None,
            "error",
            "P2P template 27 names no account: sub-ID 03 or 04 is needed",
            {},
        )
    ]


def test_p2p_field_02() -> None:
    assert issues(ph_code({"27": template(P2P, {"02": None})})) == [
        (
            "qrph.p2p_field_02",
            ("27", "02"),
            None,
            "warning",
            "P2P template 27 has no sub-ID 02; every P2P code seen carries 99964403 (its meaning is not published)",
            {},
        )
    ]
    text = ph_code({"27": template(P2P, {"02": "99964404"})})
    assert issues(text) == [
        (
            "qrph.p2p_field_02",
            ("27", "02"),
            locate(text, ("27", "02")),
            "warning",
            "P2P template 27 has sub-ID 02 '99964404'; every P2P code seen carries 99964403 (its meaning is not "
            "published)",
            {},
        )
    ]


def test_p2p_mobile_format() -> None:
    for value in ("09171234567", "+63-917123456", "+63-8171234567"):
        text = ph_code({"27": template(P2P, {"05": value})})
        assert issues(text) == [
            (
                "qrph.mobile_format",
                ("27", "05"),
                locate(text, ("27", "05")),
                "warning",
                f"mobile number {value!r} in 27.05 is not written +63-9XXXXXXXXX, the form PayMongo and every code "
                "seen use",
                {"actual": value},
            )
        ]
    # a P2M template's 05 is not a mobile number
    assert issues(ph_code({"28": template(P2M, {"05": "X1"})})) == []


def test_p2m_merchant_id() -> None:
    assert issues(ph_code({"28": template(P2M, {"03": None})})) == [
        (
            "qrph.merchant_id_missing",
            ("28", "03"),
            None,
            "error",
            "P2M template 28 has no merchant ID (sub-ID 03)",
            {},
        )
    ]


def test_view() -> None:
    text = ph_code(
        {
            "26": t("00", "A000000999") + t("01", "X"),
            "27": template(P2P, {"03": "ACC1"}),
            "28": template(P2M, {"04": "ACCT", "05": "X9"}),
        },
        extra={
            "54": "10.00",
            "62": t("00", "ph.ppmi.qrph") + t("05", "REF"),
            "80": t("00", "PH.PPMI.QRPH") + t("01", "X"),
            "81": t("00", "other") + t("01", "Y"),
        },
    )
    got = qrph.view(qrpay.decode(text))
    p2p_fields = {
        "00": P2P,
        "01": "GXCHPHM2XXX",
        "02": "99964403",
        "03": "ACC1",
        "04": "09171234567",
        "05": "+63-9171234567",
    }
    p2m_fields = {"00": P2M, "01": "GXCHPHM2XXX", "03": "MID123", "04": "ACCT", "05": "X9"}
    assert got.accounts == (
        qrph.QrPhAccount("27", P2P, "GXCHPHM2XXX", "ACC1", "09171234567", "+63-9171234567", p2p_fields),
        qrph.QrPhAccount("28", P2M, "GXCHPHM2XXX", "MID123", "ACCT", "X9", p2m_fields),
    )
    assert got.p2p == got.accounts[0] and got.p2m == got.accounts[1]
    assert got.accounts[0].mobile == "+63-9171234567" and got.accounts[1].mobile is None
    assert got.additional_data_guid == "ph.ppmi.qrph"
    assert [(u.tag, u.get("01")) for u in got.qrph_templates] == [("80", "X")]
    assert got.amount == Decimal("10.00")
    only_p2m = qrph.view(qrpay.decode(ph_code({"28": template(P2M, {})})))
    assert (only_p2m.p2p, only_p2m.additional_data_guid, only_p2m.qrph_templates, only_p2m.amount) == (
        None,
        None,
        (),
        None,
    )
    only_p2p = qrph.view(qrpay.decode(ph_code({"27": template(P2P.upper(), {})})))
    assert only_p2p.p2m is None and only_p2p.p2p is not None and only_p2p.p2p.guid == "COM.P2PQRPAY"


def test_build_p2p_and_p2m() -> None:
    got = qrph.build(
        kind="p2p",
        bic="GXCHPHM2XXX",
        merchant_name="JUAN",
        merchant_city="MANILA",
        merchant_category_code="6016",
        merchant_id="M1",
        account_number="0917",
        mobile="+63-9171234567",
        template_fields={"06": "Z"},
        additional_data_guid="ph.ppmi.qrph",
    ).to_text()
    assert got == code(
        t("00", "01"),
        t("01", "11"),
        t(
            "27",
            t("00", P2P)
            + t("01", "GXCHPHM2XXX")
            + t("02", "99964403")
            + t("03", "M1")
            + t("04", "0917")
            + t("05", "+63-9171234567")
            + t("06", "Z"),
        ),
        t("52", "6016"),
        t("53", "608"),
        t("58", "PH"),
        t("59", "JUAN"),
        t("60", "MANILA"),
        t("62", t("00", "ph.ppmi.qrph")),
    )
    got = qrph.build(
        kind="p2m",
        bic="GXCHPHM2XXX",
        merchant_name="SHOP",
        merchant_city="CEBU",
        merchant_category_code="5812",
        merchant_id="M2",
        account_number="A2",
        amount="5",
        template_fields={"05": "X", "02": "Y"},
    ).to_text()
    assert got == code(
        t("00", "01"),
        t("01", "12"),
        t(
            "28",
            t("00", P2M)
            + t("01", "GXCHPHM2XXX")
            + t("02", "Y")
            + t("03", "M2")
            + t("04", "A2")
            + t("05", "X"),
        ),
        t("52", "5812"),
        t("53", "608"),
        t("54", "5.00"),
        t("58", "PH"),
        t("59", "SHOP"),
        t("60", "CEBU"),
    )


def _refusal(**kwargs: Any) -> tuple[Any, ...]:
    base = {
        "bic": "GXCHPHM2XXX",
        "merchant_name": "N",
        "merchant_city": "C",
        "merchant_category_code": "0000",
    }
    with pytest.raises(InvalidRequest) as caught:
        qrph.build(**{**base, **kwargs})
    return caught.value.code, caught.value.path, caught.value.message, dict(caught.value.ctx)


def test_build_refusals() -> None:
    assert _refusal(kind="p2m", merchant_id="M", mobile="+63-9171234567") == (
        "unknown_field",
        ("28", "05"),
        "mobile: a P2M template has no mobile number (sub-ID 05 means something else there)",
        {},
    )
    assert _refusal(kind="p2p", account_number="1", template_fields={"02": "X"}) == (
        "unknown_field",
        ("27", "02"),
        "template_fields: sub-ID '02' is not a free two-digit sub-ID of template 27",
        {},
    )
    for sub in ("7", "0A", "123"):
        assert _refusal(kind="p2m", merchant_id="M", template_fields={sub: "X"}) == (
            "unknown_field",
            ("28", sub),
            f"template_fields: sub-ID {sub!r} is not a free two-digit sub-ID of template 28",
            {},
        )
    assert _refusal(
        kind="p2p", account_number="1", additional_data_guid="g", additional_data={"00": "h"}
    ) == (
        "unknown_field",
        ("62", "00"),
        "62/00 is given twice (additional_data_guid and additional_data)",
        {},
    )


def test_describe() -> None:
    describe = qrph.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(ph_code({"27": template(P2P, {})}))
    expected = {
        (("27", "00"), "com.p2pqrpay"): "QR Ph person-to-person (InstaPay)",
        (("28", "00"), "PH.PPMI.P2M"): "QR Ph person-to-merchant",
        (("80", "00"), "ph.ppmi.qrph"): "QR Ph",
        (("27", "00"), "com.other"): None,
        (("27", "01"), "com.p2pqrpay"): None,
        (("00",), "com.p2pqrpay"): None,
        (("62", "00", "00"), "com.p2pqrpay"): None,
    }
    assert {key: describe(payload, *key) for key in expected} == expected


def test_template_in_51_is_checked() -> None:
    text = ph_code({"51": template(P2M, {"03": None})})
    assert [i[:2] for i in issues(text)] == [
        ("qrph.template_tag", ("51",)),
        ("qrph.merchant_id_missing", ("51", "03")),
    ]
    assert [a.tag for a in qrph.view(qrpay.decode(text)).accounts] == ["51"]


def test_build_writes_the_postal_code() -> None:
    # postal_code goes to root 61 (EMVCo MPM; Philippine postal codes have 4 digits); a builder
    # that dropped it would write no 61 (issue 13)
    got = qrph.build(
        kind="p2m",
        bic="GXCHPHM2XXX",
        merchant_name="SHOP",
        merchant_city="TAGUIG",
        merchant_category_code="5812",
        merchant_id="M2",
        postal_code="1634",
    ).to_text()
    assert got == code(
        t("00", "01"),
        t("01", "11"),
        t("28", t("00", P2M) + t("01", "GXCHPHM2XXX") + t("03", "M2")),
        t("52", "5812"),
        t("53", "608"),
        t("58", "PH"),
        t("59", "SHOP"),
        t("60", "TAGUIG"),
        t("61", "1634"),
    )
