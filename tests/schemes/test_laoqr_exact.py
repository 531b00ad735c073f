"""LAOQR rules, view, expiry, builder refusals and describe, each checked whole (issue 13).

Payloads are assembled here (``t``/``code`` from tests/schemes/test_duitnow_exact.py: text
and CRC-16/CCITT-FALSE by crcmod, offsets by a walk written in the tests). Expected values
follow docs/schemes/laoqr.md (observed in real codes, no published spec): template 38 with
LAPNet's AID A005266284662577 holds 01 the member's IIN (8 digits), 02 the payment type
(3 digits; 001 person/account and 002 merchant seen), 03 the receiver ID, and optionally
04 an expiry in Unix epoch milliseconds (one generator). 1767225600000 ms is
2026-01-01T00:00:00Z (1735689600 s for 2025-01-01 plus 365 days of 86400 s).
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.errors import InvalidRequest
from qrpay.schemes import laoqr
from tests.schemes.test_duitnow_exact import code, locate, t

AID = "A005266284662577"
NEW_YEAR_MS = "1767225600000"
NEW_YEAR = datetime(2026, 1, 1, tzinfo=timezone.utc)
NOW = datetime(2025, 12, 1, tzinfo=timezone.utc)


def lapnet(fields: dict[str, str | None] | None = None) -> str:
    base: dict[str, str | None] = {"00": AID, "01": "27710418", "02": "002", "03": "MCH12345"}
    base.update(fields or {})
    return "".join(t(k, v) for k, v in sorted(base.items()) if v is not None)


def lao_code(
    fields: dict[str, str | None] | None = None, *, tag: str = "38", extra: dict[str, str] | None = None
) -> str:
    objects = {
        "00": "01",
        "01": "11",
        tag: lapnet(fields),
        "53": "418",
        "58": "LA",
        "59": "SHOP",
        "60": "VTE",
        "52": "5812",
        **(extra or {}),
    }
    return code(*(t(k, objects[k]) for k in sorted(objects)))


def issues(text: str, now: datetime = NOW) -> list[tuple[Any, ...]]:
    return [
        (i.code, i.path, i.offset, i.severity, i.message, dict(i.ctx))
        for i in qrpay.decode(text, now=now).issues
        if i.scheme == "laoqr"
    ]


def test_clean_code() -> None:
    assert issues(lao_code()) == []
    assert issues(lao_code({"02": "001", "04": NEW_YEAR_MS})) == []


def test_iin() -> None:
    assert issues(lao_code({"01": None}, tag="30")) == [
        (
            "laoqr.iin",
            ("30", "01"),
            None,
            "error",
            "template 30 needs the member institution's IIN in sub-ID 01 (8 digits)",
            {"actual": None},
        )
    ]
    for value in ("2771041", "277104180", "2771041A"):
        text = lao_code({"01": value})
        assert issues(text) == [
            (
                "laoqr.iin",
                ("38", "01"),
                locate(text, ("38", "01")),
                "error",
                f"template 38 needs the member institution's IIN in sub-ID 01 (8 digits), not {value!r}",
                {"actual": value},
            )
        ]


def test_payment_type() -> None:
    assert issues(lao_code({"02": None})) == [
        (
            "laoqr.payment_type",
            ("38", "02"),
            None,
            "error",
            "template 38 needs the payment type in sub-ID 02 (3 digits)",
            {"actual": None},
        )
    ]
    for value in ("02", "0002", "00A"):
        text = lao_code({"02": value})
        assert issues(text) == [
            (
                "laoqr.payment_type",
                ("38", "02"),
                locate(text, ("38", "02")),
                "error",
                f"template 38 needs the payment type in sub-ID 02 (3 digits), not {value!r}",
                {"actual": value},
            )
        ]
    text = lao_code({"02": "003"})
    assert issues(text) == [
        (
            "laoqr.payment_type_value",
            ("38", "02"),
            locate(text, ("38", "02")),
            "warning",
            "payment type '003' is neither 001 (person/account) nor 002 (merchant), the values seen in real codes",
            {"actual": "003"},
        )
    ]


def test_receiver_id() -> None:
    assert issues(lao_code({"03": None})) == [
        (
            "laoqr.receiver_id",
            ("38", "03"),
            None,
            "error",
            "template 38 has no receiver ID (sub-ID 03: account, merchant ID or token)",
            {},
        )
    ]


def test_expiry_format() -> None:
    for value in ("176722560000", "17672256000000", "2026-01-01"):
        text = lao_code({"04": value})
        assert issues(text) == [
            (
                "laoqr.expiry_format",
                ("38", "04"),
                locate(text, ("38", "04")),
                "warning",
                f"expiry {value!r} is not Unix epoch milliseconds (13 digits), as the one generator that writes "
                "sub-ID 04 does",
                {"actual": value},
            )
        ]


def test_expired() -> None:
    text = lao_code({"04": NEW_YEAR_MS})
    assert issues(text, NEW_YEAR) == []
    later = NEW_YEAR + timedelta(milliseconds=1)
    expected = [
        (
            "laoqr.expired",
            ("38", "04"),
            locate(text, ("38", "04")),
            "warning",
            "the expiry in sub-ID 04 (2026-01-01T00:00:00+00:00) is before the clock "
            "(2026-01-01T00:00:00.001000+00:00); its meaning is known from one generator only",
            {"expires_at": "2026-01-01T00:00:00+00:00"},
        )
    ]
    assert issues(text, later) == expected


def test_only_the_lapnet_template_is_checked() -> None:
    # the AID in lower case is still LAPNet's; a template with another AID is not checked
    text = lao_code({"00": AID.lower(), "01": None})
    assert [i[:2] for i in issues(text)] == [("laoqr.iin", ("38", "01"))]


def test_view_every_field() -> None:
    unionpay = "27710418" + "27710418" + "123456789012345"
    text = lao_code(
        {"04": NEW_YEAR_MS},
        extra={
            "01": "12",
            "15": unionpay,
            "54": "15000",
            "62": t("01", "INV1") + t("02", "2055512345") + t("07", "T1") + t("08", "Rice"),
        },
    )
    got = laoqr.view(qrpay.decode(text, now=NOW))
    assert got.account == laoqr.LaoQRAccount("38", "27710418", "002", "MCH12345", NEW_YEAR)
    assert got.account.member == "BCEL (Banque pour le Commerce Extérieur Lao Public)"
    assert got.account.is_merchant
    assert got.unionpay is not None and got.unionpay.merchant_id == "123456789012345"
    assert (got.currency, got.amount, got.merchant_name, got.merchant_city, got.merchant_category_code) == (
        "LAK",
        Decimal("15000"),
        "SHOP",
        "VTE",
        "5812",
    )
    assert (got.bill_number, got.mobile_number, got.terminal_label, got.purpose, got.is_dynamic) == (
        "INV1",
        "2055512345",
        "T1",
        "Rice",
        True,
    )
    assert not got.is_person_to_person
    assert laoqr.expiry(qrpay.decode(text, now=NOW)) == NEW_YEAR


def test_view_of_a_person_code() -> None:
    text = code(
        t("00", "01"),
        t("01", "11"),
        t("38", lapnet({"01": "99999999", "02": "001", "04": "x"})),
        t("53", "418"),
        t("58", "LA"),
    )
    got = laoqr.view(qrpay.decode(text))
    assert got.account == laoqr.LaoQRAccount("38", "99999999", "001", "MCH12345", None)
    assert got.account.member is None and not got.account.is_merchant
    assert (
        got.unionpay,
        got.merchant_name,
        got.bill_number,
        got.mobile_number,
        got.terminal_label,
        got.purpose,
        got.is_dynamic,
    ) == (None, None, None, None, None, None, False)
    assert got.is_person_to_person
    assert laoqr.expiry(qrpay.decode(text)) is None
    no_stamp = qrpay.decode(lao_code())
    assert laoqr.expiry(no_stamp) is None
    assert laoqr.LaoQRAccount("38", None, None, None, None).member is None


def test_view_without_lapnet() -> None:
    other = code(
        t("00", "01"),
        t("01", "11"),
        t("38", t("00", "A000000999") + t("01", "1")),
        t("53", "000"),
        t("58", "LA"),
    )
    got = laoqr.view(qrpay.decode(other))
    assert got.account is None
    assert got.currency == "000"
    assert laoqr.expiry(qrpay.decode(other)) is None


def _refusal(**kwargs: Any) -> tuple[Any, ...]:
    with pytest.raises(InvalidRequest) as caught:
        laoqr.build(**kwargs)
    return caught.value.code, caught.value.path, caught.value.message


def test_build_refusals() -> None:
    assert _refusal(iin="2771041", receiver_id="R") == (
        "laoqr.iin",
        ("38", "01"),
        "iin: '2771041' is not an 8-digit IIN of a LAPNet member",
    )
    assert _refusal(iin="27710418", receiver_id="R", payment_type="2") == (
        "laoqr.payment_type",
        ("38", "02"),
        "payment_type: '2' is not 3 digits (001 person/account, 002 merchant)",
    )
    assert _refusal(iin="27710418", receiver_id="") == (
        "laoqr.receiver_id",
        ("38", "03"),
        "receiver_id is required",
    )
    bad = "2771041827710418" + "12345678901234"
    assert _refusal(iin="27710418", receiver_id="R", unionpay_account=bad) == (
        "unionpay.account_layout",
        ("15",),
        f"unionpay_account: {bad!r} is not acquirer IIN (8 digits) + forwarding IIN (8 digits) + merchant ID "
        "(15 characters)",
    )


def test_build_defaults_and_fields() -> None:
    unionpay = "2771041827710418123456789012345"
    got = laoqr.build(
        iin="27710418",
        receiver_id="MCH1",
        merchant_name="SHOP",
        amount="15000",
        unionpay_account=unionpay,
        bill_number="INV1",
        mobile_number="205",
        store_label="S",
        terminal_label="T",
        purpose="P",
        expires_at=1767225600000,
        now=NOW,
    ).to_text()
    assert got == code(
        t("00", "01"),
        t("01", "12"),
        t("15", unionpay),
        t("38", t("00", AID) + t("01", "27710418") + t("02", "002") + t("03", "MCH1") + t("04", NEW_YEAR_MS)),
        t("53", "418"),
        t("54", "15000"),
        t("58", "LA"),
        t("59", "SHOP"),
        t("62", t("01", "INV1") + t("02", "205") + t("03", "S") + t("07", "T") + t("08", "P")),
    )
    person = laoqr.build(iin="27710418", receiver_id="ACC1", now=NOW).to_text()
    assert person == code(
        t("00", "01"),
        t("01", "11"),
        t("38", t("00", AID) + t("01", "27710418") + t("02", "001") + t("03", "ACC1")),
        t("53", "418"),
        t("58", "LA"),
    )


def test_describe() -> None:
    describe = laoqr.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(lao_code(extra={"62": t("01", "27710418")}))
    expected = {
        (("38", "01"), "27710418"): "BCEL (Banque pour le Commerce Extérieur Lao Public)",
        (("38", "01"), "32170418"): "JDB (Joint Development Bank)",
        (("38", "01"), "70030418"): "LDB (Lao Development Bank)",
        (("38", "01"), "11111111"): None,
        (("38", "02"), "001"): "individual account (observed)",
        (("38", "02"), "002"): "merchant (observed)",
        (("38", "02"), "003"): None,
        (("38", "04"), NEW_YEAR_MS): "2026-01-01 00:00:00 UTC",
        (("38", "04"), "176722560000"): None,
        (("38", "03"), "27710418"): None,
        (("62", "01"), "27710418"): None,
        (("39", "01"), "27710418"): None,
        (("38",), "27710418"): None,
        (("38", "01", "00"), "27710418"): None,
    }
    assert {key: describe(payload, *key) for key in expected} == expected
    other = qrpay.decode(
        code(t("00", "01"), t("38", t("00", "A000000999") + t("01", "27710418")), t("53", "418"))
    )
    assert describe(other, ("38", "01"), "27710418") is None


def test_expiry_against_a_clock_in_another_time_zone() -> None:
    text = lao_code({"04": NEW_YEAR_MS})
    vientiane = timezone(timedelta(hours=7))
    # 06:59 in Vientiane on 1 January is 23:59 UTC on 31 December: not expired yet
    assert issues(text, datetime(2026, 1, 1, 6, 59, tzinfo=vientiane)) == []
    assert [i[0] for i in issues(text, datetime(2026, 1, 1, 7, 0, 0, 1000, tzinfo=vientiane))] == [
        "laoqr.expired"
    ]


@pytest.mark.parametrize("tag", ["26", "51"])
def test_lapnet_template_anywhere_in_26_to_51(tag: str) -> None:
    text = code(t("00", "01"), t("01", "11"), t(tag, lapnet({"01": None})), t("53", "418"), t("58", "LA"))
    assert [i[:2] for i in issues(text)] == [("laoqr.iin", (tag, "01"))]
    got = laoqr.view(qrpay.decode(text))
    assert got.account is not None and got.account.tag == tag


def test_the_aid_outside_26_to_51_is_not_lapnet() -> None:
    # an unreserved template 80 with LAPNet's AID, written before 38, is not the account
    text = code(
        t("00", "01"),
        t("01", "11"),
        t("80", lapnet({"01": "11111111"})),
        t("38", lapnet()),
        t("53", "418"),
        t("58", "LA"),
    )
    got = laoqr.view(qrpay.decode(text))
    assert got.account is not None and (got.account.tag, got.account.iin) == ("38", "27710418")


# -- builder: the expiry and the clock (issue 13: the builder is mutated since 2a79850) ---------


def test_build_refuses_an_expiry_that_is_not_epoch_milliseconds() -> None:
    with pytest.raises(InvalidRequest) as caught:
        laoqr.build(iin="27710418", receiver_id="R", amount="1", expires_at=123, now=NOW)
    error = caught.value
    assert (type(error), error.code, error.path, error.offset, error.message, dict(error.ctx)) == (
        InvalidRequest,
        "laoqr.expiry_format",
        ("38", "04"),
        None,
        "expires_at: 123 is not Unix epoch milliseconds (13 digits)",
        {"actual": "123"},
    )


def test_build_checks_the_expiry_against_the_given_clock() -> None:
    # NOW is 2025-12-01T00:00:00Z = 1764547200000 ms (1735689600 s + 334 days of 86400 s)
    ahead = laoqr.build(iin="27710418", receiver_id="R", amount="1", expires_at=1764547201000, now=NOW)
    assert ahead.issues == ()
    behind = laoqr.build(iin="27710418", receiver_id="R", amount="1", expires_at=1764547199000, now=NOW)
    text = behind.to_text()
    assert text == code(
        t("00", "01"),
        t("01", "12"),
        t(
            "38",
            t("00", AID) + t("01", "27710418") + t("02", "001") + t("03", "R") + t("04", "1764547199000"),
        ),
        t("53", "418"),
        t("54", "1"),
        t("58", "LA"),
    )
    assert [(i.code, i.path, i.offset, i.severity, i.message, dict(i.ctx)) for i in behind.issues] == [
        (
            "laoqr.expired",
            ("38", "04"),
            locate(text, ("38", "04")),
            "warning",
            "the expiry in sub-ID 04 (2025-11-30T23:59:59+00:00) is before the clock (2025-12-01T00:00:00+00:00); "
            "its meaning is known from one generator only",
            {"expires_at": "2025-11-30T23:59:59+00:00"},
        )
    ]
