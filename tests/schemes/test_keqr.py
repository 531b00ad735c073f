"""KE-QR: real and sanitised codes (detection, views read by hand, round trip), the
timestamp reader, the warnings, and the absence of a builder."""

from __future__ import annotations

from datetime import datetime

import pytest

import qrpay
from qrpay.crc import checksum
from qrpay.schemes import get_scheme, keqr

# an Equity Bank merchant code in a Kotlin SDK test and its Markdown (search index ids 14987923279,
# 15684254667; repository not named by the index)
THIKA = (
    "00020101021129230008ke.go.qr680722266655204541153034045802KE5919Thika Vivian Stores6002KE6102008231"
    "0008ke.go.qr011511062025T1259066304AA94"
)
# KevinMwita7/keqr example/keqr_example.dart line 6, commit 930ff5e81d9eafb8632fb7ab60149a682489af10
# ("sanitized to remove PII")
SANITISED = (
    "00020101021228230008ke.go.qr0107987654329120008ke.go.qr5204000053034045802KE5921Jane Elizabeth Doe_Po"
    "610200620605020182320008ke.go.qr0116343122025 04124283380010m-pesa.com01020203050000204050000063041307"
)
BANK = "29230008ke.go.qr68072226665"


def sealed(body: str) -> qrpay.Payload:
    return qrpay.decode(body + "6304" + checksum(body + "6304"))


def test_equity_code_read_by_hand() -> None:
    payload = qrpay.decode(THIKA)
    assert payload.schemes == ("keqr",) and payload.issues == ()
    assert qrpay.encode(payload) == THIKA
    view = payload.view("keqr")
    assert [(a.tag, a.kind, a.accounts) for a in view.accounts] == [("29", "bank", {"68": "2226665"})]
    assert (view.timestamp, view.created_at) == ("11062025T125906", datetime(2025, 6, 11, 12, 59, 6))
    assert (view.postal_code, view.merchant_city, view.mpesa) == ("00", "KE", None)


def test_sanitised_mpesa_code() -> None:
    payload = qrpay.decode(SANITISED)
    assert payload.schemes == ("keqr",)
    assert qrpay.encode(payload) == SANITISED
    assert sorted(i.code for i in payload.issues) == [
        "keqr.account_missing",
        "keqr.timestamp",
        "missing_field",
    ]
    view = payload.view("keqr")
    assert [(a.tag, a.kind, a.accounts) for a in view.accounts] == [
        ("28", "psp", {"01": "9876543"}),
        ("29", "bank", {}),
    ]
    assert view.mpesa == {"01": "02", "03": "00002", "04": "00000"}
    assert (view.timestamp, view.created_at) == ("343122025 041242", None)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11062025T125906", datetime(2025, 6, 11, 12, 59, 6)),
        ("11062025 125906", datetime(2025, 6, 11, 12, 59, 6)),
        ("29022024T000000", datetime(2024, 2, 29)),
        ("29022025T000000", None),  # not a leap year
        ("32062025T125906", None),
        ("11062025T245906", None),
        ("2025-06-11T12:59", None),
        ("11062025T12590", None),
    ],
)
def test_timestamp_reader(text: str, expected: datetime | None) -> None:
    assert keqr.timestamp_of(text) == expected


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (BANK, "26" + BANK[2:], "keqr.account_tag"),
        (BANK, "29120008ke.go.qr", "keqr.account_missing"),
        ("11062025T125906", "32062025T125906", "keqr.timestamp"),
        ("5303404", "5303840", "keqr.currency"),
        ("5802KE", "5802TZ", "keqr.country"),
    ],
)
def test_rules_are_warnings(old: str, new: str, code: str) -> None:
    payload = sealed(THIKA[:-8].replace(old, new))
    assert payload.schemes == ("keqr",)
    assert [(i.code, i.severity) for i in payload.issues] == [(code, "warning")]


def test_describe_reads_the_timestamp() -> None:
    scheme = get_scheme("keqr")
    assert scheme.describe is not None
    described = scheme.describe(qrpay.decode(THIKA), ("82", "01"), "11062025T125906")
    assert described == "QR created 2025-06-11 12:59:06 (no time zone in the code)"
    assert scheme.describe(qrpay.decode(THIKA), ("82", "01"), "nonsense") is None


def test_no_builder() -> None:
    scheme = get_scheme("keqr")
    assert scheme.build is None and "build" not in scheme.supports and scheme.evidence == "impl"
