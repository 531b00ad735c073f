"""SGQR rules and view, each checked whole (issue 13).

Payloads are assembled here (``t``/``code``: text and CRC written in the tests, crcmod's
CRC-16/CCITT-FALSE) after the SOBA EXPRESS sticker in docs/schemes/sgqr.md; offsets come
from ``locate``, a walk written in the tests. Expected values follow the template 51 table
of docs/schemes/sgqr.md (01 SGQR ID, 12 characters on every sticker seen; 02 version
``NN.NNNN``; 03 six-digit postal code; 04 level <= 3; 05 unit <= 5; 06 miscellaneous <= 10;
07 version date ``YYYYMMDD``; the template belongs in ID 51, PayNow QR spec 3.1).
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

import qrpay
from qrpay.schemes import sgqr
from tests.schemes.test_duitnow_exact import code, locate, scheme_issues, t

NETS = t("00", "SG.COM.NETS") + t("01", "11985000065G99")
INFO = {
    "01": "1809072DD85C",
    "02": "01.0001",
    "03": "079027",
    "04": "02",
    "05": "06",
    "06": "0000",
    "07": "20180915",
}


def sticker(
    info: dict[str, str | None] | None = None, *, info_tag: str = "51", extra: dict[str, str] | None = None
) -> str:
    """An SGQR sticker with NETS in 26 and the SGQR information in ``info_tag``."""
    fields = {**INFO, **(info or {})}
    template = t("00", "SG.SGQR") + "".join(t(k, v) for k, v in sorted(fields.items()) if v is not None)
    objects = {
        "00": "01",
        "01": "11",
        "26": NETS,
        info_tag: template,
        "52": "5812",
        "53": "702",
        "58": "SG",
        "59": "SOBA EXPRESS",
        "60": "Singapore",
        **(extra or {}),
    }
    return code(*(t(tag, objects[tag]) for tag in sorted(objects)))


def test_the_base_sticker_is_clean() -> None:
    assert scheme_issues(sticker(), "sgqr") == []


def test_template_not_in_51() -> None:
    text = sticker(info_tag="50")
    assert scheme_issues(text, "sgqr") == [
        (
            "sgqr.tag",
            ("50",),
            locate(text, ("50",)),
            "error",
            "the SGQR merchant information (SG.SGQR) is in tag 50; SGQR allocates ID 51 to it (PayNow QR spec 3.1)",
            {"actual": "50"},
        )
    ]


def test_sgqr_id_missing() -> None:
    assert scheme_issues(sticker({"01": None}), "sgqr") == [
        (
            "sgqr.id",
            ("51", "01"),
            None,
            "error",
            "template 51 (SG.SGQR) has no SGQR ID number (sub-ID 01)",
            {},
        )
    ]


def test_sgqr_id_length() -> None:
    for value in ("1809072DD85", "1809072DD85CA"):
        text = sticker({"01": value})
        assert scheme_issues(text, "sgqr") == [
            (
                "sgqr.id_length",
                ("51", "01"),
                locate(text, ("51", "01")),
                "warning",
                f"SGQR ID {value!r} has {len(value)} characters; every real sticker seen has 12",
                {"actual": len(value)},
            )
        ]


def test_version_format() -> None:
    text = sticker({"02": "1.00001"})
    assert scheme_issues(text, "sgqr") == [
        (
            "sgqr.version",
            ("51", "02"),
            locate(text, ("51", "02")),
            "error",
            "SGQR version '1.00001' is not NN.NNNN (e.g. '01.0001')",
            {"actual": "1.00001"},
        )
    ]


def test_postal_code_six_digits() -> None:
    for value in ("07902", "0790271", "07902A"):
        text = sticker({"03": value})
        assert scheme_issues(text, "sgqr") == [
            (
                "sgqr.postal_code",
                ("51", "03"),
                locate(text, ("51", "03")),
                "error",
                f"SGQR postal code {value!r} is not a 6-digit Singapore postal code",
                {"actual": value},
            )
        ]


def test_field_lengths_at_and_past_the_limit() -> None:
    assert scheme_issues(sticker({"04": "B12", "05": "12345", "06": "Counter001"}), "sgqr") == []
    text = sticker({"04": "B123", "05": "123456", "06": "Counter0001"})
    assert scheme_issues(text, "sgqr") == [
        (
            "sgqr.field_length",
            ("51", sub),
            locate(text, ("51", sub)),
            "error",
            f"SGQR {name} {value!r} has {len(value)} characters; at most {limit} are allowed",
            {"actual": len(value), "max_length": limit},
        )
        for sub, name, value, limit in (
            ("04", "level", "B123", 3),
            ("05", "unit number", "123456", 5),
            ("06", "miscellaneous", "Counter0001", 10),
        )
    ]


def test_version_date() -> None:
    # 31 February does not exist; 7 and 9 digits are not YYYYMMDD
    for value in ("20180231", "2018091", "201809150", "2018-9-1"):
        text = sticker({"07": value})
        assert scheme_issues(text, "sgqr") == [
            (
                "sgqr.version_date",
                ("51", "07"),
                locate(text, ("51", "07")),
                "error",
                f"SGQR version date {value!r} is not a date YYYYMMDD",
                {"actual": value},
            )
        ]


def test_view_every_field() -> None:
    got = sgqr.view(qrpay.decode(sticker(extra={"27": t("00", "com.grab") + t("01", "GRAB1")})))
    assert got == sgqr.SgqrView(
        sgqr.SgqrInfo(
            "51", "1809072DD85C", "01.0001", "079027", "02", "06", "0000", "20180915", date(2018, 9, 15)
        ),
        (
            sgqr.Network("26", "SG.COM.NETS", None, "NETS"),
            sgqr.Network("27", "com.grab", None, "GrabPay"),
        ),
    )


def test_view_without_a_version_date() -> None:
    got = sgqr.view(qrpay.decode(sticker({"07": None})))
    assert got.info is not None
    assert (got.info.version_date_raw, got.info.version_date) == (None, None)


def test_view_lists_the_networks_after_the_sgqr_template() -> None:
    # SG.SGQR misplaced in 50: the NETS template in 51 after it is still a network
    text = sticker(info_tag="50", extra={"51": NETS, "26": t("00", "com.grab") + t("01", "GRAB1")})
    got = sgqr.view(qrpay.decode(text))
    assert got.info is not None and got.info.tag == "50"
    assert [n.tag for n in got.networks] == ["26", "51"]


def test_builder_checks_the_networks_at_the_given_clock() -> None:
    # a PayNow template that expires on 2020-06-01 (26/04, PayNow QR spec 2.2) is payable on
    # 2020-01-01: the builder's final decode must read the expiry at ``now``, not at the real
    # clock, which would refuse it as paynow.expired (issue 13: sgqr x_build__mutmut_* on now)
    paynow = t("00", "SG.PAYNOW") + t("01", "2") + t("02", "201403121W") + t("03", "1") + t("04", "20200601")
    built = sgqr.build(
        sgqr_id="1809072DD85C",
        version="01.0001",
        postal_code="079027",
        version_date=date(2018, 9, 15),
        merchant_name="SOBA EXPRESS",
        merchant_category_code="5812",
        networks={"26": {"00": "SG.PAYNOW", "01": "2", "02": "201403121W", "03": "1", "04": "20200601"}},
        initiation="static",
        now=datetime(2020, 1, 1, tzinfo=UTC),
    )
    info = t("00", "SG.SGQR") + t("01", "1809072DD85C") + t("02", "01.0001") + t("03", "079027")
    assert built.to_text() == code(
        t("00", "01"),
        t("01", "11"),
        t("26", paynow),
        t("51", info + t("07", "20180915")),
        t("52", "5812"),
        t("53", "702"),
        t("58", "SG"),
        t("59", "SOBA EXPRESS"),
        t("60", "Singapore"),
    )
    assert built.issues == ()


SOBA: dict[str, Any] = {
    "sgqr_id": "1809072DD85C",
    "version": "01.0001",
    "postal_code": "079027",
    "version_date": "20180915",
    "merchant_name": "SOBA EXPRESS",
    "merchant_category_code": "5812",
    "networks": {"26": {"00": "SG.COM.NETS", "01": "11985000065G99"}},
}


def refused(**changes: Any) -> tuple[Any, ...]:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        sgqr.build(**{**SOBA, **changes})
    err = caught.value
    return (type(err), err.code, err.path, err.offset, dict(err.ctx), err.message)


def test_builder_refusals_whole() -> None:
    # the SGQR template belongs in ID 51 (PayNow QR spec 3.1), so a network may not take it;
    # 51/07 is a date YYYYMMDD, and a datetime would say a time it cannot hold (issue 13)
    assert refused(networks={"51": "x"}) == (
        qrpay.InvalidRequest,
        "sgqr.tag",
        ("51",),
        None,
        {},
        "networks: ID 51 holds the SGQR merchant information; give the networks in 02-50",
    )
    assert refused(version_date=datetime(2018, 9, 15, tzinfo=UTC)) == (
        qrpay.InvalidRequest,
        "sgqr.version_date",
        ("51", "07"),
        None,
        {},
        "version_date: give a date or 'YYYYMMDD', not a datetime",
    )


def test_builder_passes_the_root_postal_code_and_the_initiation_on() -> None:
    # merchant_postal_code is root 61 (51/03 is the template's own); initiation="dynamic" writes
    # 01 = 12 where a sticker defaults to 11 (issue 13)
    built = sgqr.build(**SOBA, merchant_postal_code="079027", initiation="dynamic")
    info = t("00", "SG.SGQR") + t("01", "1809072DD85C") + t("02", "01.0001") + t("03", "079027")
    assert built.to_text() == code(
        t("00", "01"),
        t("01", "12"),
        t("26", NETS),
        t("51", info + t("07", "20180915")),
        t("52", "5812"),
        t("53", "702"),
        t("58", "SG"),
        t("59", "SOBA EXPRESS"),
        t("60", "Singapore"),
        t("61", "079027"),
    )
