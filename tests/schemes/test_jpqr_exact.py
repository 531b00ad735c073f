"""JPQR rules, view and builder refusals, each checked whole (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message, ctx)
on a payload assembled here with its own CRC (``code``/``t`` of test_duitnow_exact, crcmod's
CRC-16/CCITT-FALSE) and offsets found by ``locate``, a walk written there. The base code is
the README example of npm @natade-coco/jpqr 0.1.1 (mercari/go-emv-code's encoder compiled to
WebAssembly) as recorded in test_jpqr.py (CRC 5BA0), rebuilt here from its fields.

The limits and rules are transcribed from docs/schemes/jpqr.md and world-schemes.md section 4
(mercari/go-emv-code ``mpm/jpqr/id.go`` ``validateIDLength`` and ``jpqr.go``), not from
qrpay's constants: the JPQR-ID's sub-IDs 01, 02, 03 and 04 have exactly 13, 4, 6 and 6
characters; 61 is present; 64 is present with 00 = ``JA`` and without 02; a dynamic code
(01 = 12) has an amount (the @natade-coco/jpqr README, guideline 1.1); yen amounts are whole
(JPY has no minor unit, ISO 4217; @natade-coco/jpqr 0.1.1 writes ``498.5``, qrpay does not). All are warnings
except the amount's precision (EMVCo's error with ISO 4217's exponent).
"""

from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import jpqr
from tests.schemes.test_duitnow_exact import code, locate, scheme_issues, t

GUID = "jp.or.paymentsjapan"
PARTS = {"01": "0000000000001", "02": "0001", "03": "000001", "04": "000001"}
LENGTHS = {"01": 13, "02": 4, "03": 6, "04": 6}  # mercari/go-emv-code id.go, validateIDLength
LOCAL_NAME = "ナタデココ カフェ"
#: @natade-coco/jpqr 0.1.1's README request, as recorded in test_jpqr.py (NATADE[0])
NATADE = (
    "00020101021226680019jp.or.paymentsjapan01130000000000001020400010306000001040600000152045812530339254034"
    "985802JP5903xxx6003xxx6107530000564190002JA0109ナタデココ カフェ63045BA0"
)
MERCARI = "mercari/go-emv-code"


def jpqr_id(parts: dict[str, str] | None = None, guid: str = GUID, more: str = "") -> str:
    chosen = PARTS if parts is None else parts
    return t("00", guid) + "".join(t(sub, value) for sub, value in chosen.items()) + more


def jpqr_code(
    *,
    poi: str | None = "12",
    template: str | None = None,
    tag: str = "26",
    language: str | None = t("00", "JA") + t("01", LOCAL_NAME),
    drop: tuple[str, ...] = (),
    extra: dict[str, str] | None = None,
) -> str:
    objects = {
        "00": "01",
        tag: jpqr_id() if template is None else template,
        "52": "5812",
        "53": "392",
        "54": "498",
        "58": "JP",
        "59": "xxx",
        "60": "xxx",
        "61": "5300005",
    }
    if poi is not None:
        objects["01"] = poi
    if language is not None:
        objects["64"] = language
    for key in drop:
        del objects[key]
    objects.update(extra or {})
    return code(*(t(key, objects[key]) for key in sorted(objects)))


def id_issue(text: str, sub: str, value: str | None, where: str = "26") -> tuple[Any, ...]:
    length = LENGTHS[sub]
    found = "missing" if value is None else f"{value!r} ({len(value)} characters)"
    return (
        "jpqr.id_length",
        (where, sub),
        None if value is None else locate(text, (where, sub)),
        "warning",
        f"JPQR-ID {where}.{sub} is {found}; it has exactly {length} characters ({MERCARI}, validateIDLength)",
        {"actual": value, "length": length},
    )


def test_the_base_code_is_natade_cocos_and_clean() -> None:
    assert jpqr_code() == NATADE
    assert qrpay.decode(NATADE).issues == ()
    assert qrpay.detect(NATADE) == ("jpqr",)


@pytest.mark.parametrize("sub", ["01", "02", "03", "04"])
def test_id_length_exactly_at_one_past_and_one_short(sub: str) -> None:
    exact = "7" * LENGTHS[sub]
    assert scheme_issues(jpqr_code(template=jpqr_id({**PARTS, sub: exact})), "jpqr") == []
    for value in ("7" * (LENGTHS[sub] + 1), "7" * (LENGTHS[sub] - 1)):
        text = jpqr_code(template=jpqr_id({**PARTS, sub: value}))
        assert scheme_issues(text, "jpqr") == [id_issue(text, sub, value)]


def test_id_parts_missing_each_reported_in_order() -> None:
    text = jpqr_code(template=jpqr_id({"02": "1"}))
    assert scheme_issues(text, "jpqr") == [
        id_issue(text, "01", None),
        id_issue(text, "02", "1"),
        id_issue(text, "03", None),
        id_issue(text, "04", None),
    ]


def test_the_first_of_a_repeated_sub_id_is_the_one_checked() -> None:
    first_right = jpqr_id(more=t("01", "1"))
    assert scheme_issues(jpqr_code(template=first_right), "jpqr") == []
    first_wrong = t("00", GUID) + t("01", "1") + "".join(t(s, v) for s, v in PARTS.items())
    text = jpqr_code(template=first_wrong)
    assert scheme_issues(text, "jpqr") == [id_issue(text, "01", "1")]
    assert locate(text, ("26", "01")) == text.index("26") + 4 + len(t("00", GUID))


def test_jpqr_id_in_another_template_and_only_the_first_checked() -> None:
    """mercari looks for the JPQR-ID in every merchant account template (26-51)."""
    unionpay = t("00", "D15600000001") + t("03", "12345678")
    text = jpqr_code(
        tag="27",
        template=jpqr_id({**PARTS, "02": "1"}),
        extra={"26": unionpay, "51": jpqr_id({**PARTS, "04": "1"})},
    )
    assert qrpay.detect(text) == ("jpqr",)
    assert scheme_issues(text, "jpqr") == [id_issue(text, "02", "1", where="27")]
    # upper case GUID (mercari compares exactly; qrpay reads it in any case)
    upper = jpqr_code(template=jpqr_id({**PARTS, "03": "1"}, guid=GUID.upper()))
    assert scheme_issues(upper, "jpqr") == [id_issue(upper, "03", "1")]


def test_dynamic_without_amount() -> None:
    text = jpqr_code(drop=("54",))
    assert scheme_issues(text, "jpqr") == [
        (
            "jpqr.dynamic_without_amount",
            ("01",),
            locate(text, ("01",)),
            "warning",
            "a dynamic code (01 = 12) without an amount (54); JPQR makes the amount mandatory in dynamic "
            "codes (@natade-coco/jpqr's reading of MPM guideline 1.1)",
            {},
        )
    ]
    # static without an amount, and a code without 01, are not dynamic codes
    assert scheme_issues(jpqr_code(poi="11", drop=("54",)), "jpqr") == []
    assert scheme_issues(jpqr_code(poi=None, drop=("54",)), "jpqr") == []


def test_postal_code_missing() -> None:
    text = jpqr_code(drop=("61",))
    assert scheme_issues(text, "jpqr") == [
        (
            "jpqr.postal_code",
            ("61",),
            None,
            "warning",
            f"no tag 61 (postal code), which JPQR codes carry ({MERCARI}, validatePostalCode)",
            {},
        )
    ]


def test_language_template_missing_is_the_only_64_rule_reported() -> None:
    text = jpqr_code(language=None)
    assert scheme_issues(text, "jpqr") == [
        (
            "jpqr.language_template",
            ("64",),
            None,
            "warning",
            "no tag 64 (merchant information, language template), which JPQR codes carry with the "
            f"merchant's name in Japanese ({MERCARI}, validateMerchantInformation)",
            {},
        )
    ]


@pytest.mark.parametrize("value", ["EN", "ja", None])
def test_language_not_ja(value: str | None) -> None:
    language = ("" if value is None else t("00", value)) + t("01", LOCAL_NAME)
    text = jpqr_code(language=language)
    found = "missing" if value is None else repr(value)
    assert scheme_issues(text, "jpqr") == [
        (
            "jpqr.language",
            ("64", "00"),
            None if value is None else locate(text, ("64", "00")),
            "warning",
            f"the language preference (64.00) is {found}; JPQR writes JA ({MERCARI}, validateMerchantInformation)",
            {"actual": value},
        )
    ]


def test_language_city_present() -> None:
    text = jpqr_code(language=t("00", "JA") + t("01", LOCAL_NAME) + t("02", "大阪"))
    assert scheme_issues(text, "jpqr") == [
        (
            "jpqr.language_city",
            ("64", "02"),
            locate(text, ("64", "02")),
            "warning",
            "64.02 (merchant city in Japanese, '大阪') is present; JPQR leaves it out "
            f"({MERCARI}: 'MerchantInformation.City is not necessary')",
            {},
        )
    ]


def test_every_rule_at_once_in_order() -> None:
    text = jpqr_code(
        template=jpqr_id({**PARTS, "04": "1"}),
        drop=("54", "61"),
        language=t("00", "EN") + t("02", "X"),
        extra={"53": "840", "58": "US"},
    )
    assert [(c, p) for c, p, *_ in scheme_issues(text, "jpqr")] == [
        ("jpqr.currency", ("53",)),
        ("jpqr.country", ("58",)),
        ("jpqr.id_length", ("26", "04")),
        ("jpqr.dynamic_without_amount", ("01",)),
        ("jpqr.postal_code", ("61",)),
        ("jpqr.language", ("64", "00")),
        ("jpqr.language_city", ("64", "02")),
    ]
    source = "mercari/go-emv-code mpm/jpqr"
    assert scheme_issues(text, "jpqr")[:2] == [
        (
            "jpqr.currency",
            ("53",),
            locate(text, ("53",)),
            "warning",
            f"JPQR payments are in JPY (392), not '840' ({source})",
            {"actual": "840"},
        ),
        (
            "jpqr.country",
            ("58",),
            locate(text, ("58",)),
            "warning",
            f"country code is 'US'; JPQR codes carry JP ({source})",
            {"actual": "US"},
        ),
    ]


def test_yen_amounts_are_whole_numbers() -> None:
    """ISO 4217: JPY has no minor unit; EMVCo's amount_precision is an error."""
    assert qrpay.decode(jpqr_code(extra={"54": "99999"})).issues == ()
    text = jpqr_code(extra={"54": "498.5"})
    assert [(i.code, i.path, i.severity) for i in qrpay.decode(text).issues] == [
        ("amount_precision", ("54",), "error")
    ]


def test_view_every_field() -> None:
    template = jpqr_id(more=t("05", "X5") + t("01", "9999999999999"))  # a second 01: the first is read
    text = jpqr_code(
        template=template,
        extra={
            "02": "4000123412341234",
            "29": t("00", "D156000000000510") + t("01", "A93FO3230Q"),
            "51": t("00", "D15600000001") + t("03", "12345678"),
        },
    )
    got = jpqr.view(qrpay.decode(text))
    assert got == jpqr.JpqrView(
        jpqr_id=jpqr.JpqrId("26", GUID, "0000000000001", "0001", "000001", "000001", {"05": "X5"}),
        amount=Decimal("498"),
        merchant_name="xxx",
        postal_code="5300005",
        language="JA",
        local_name=LOCAL_NAME,
        other_accounts={
            "02": "4000123412341234",
            "29": "0016D1560000000005100110A93FO3230Q",
            "51": "0012D15600000001030812345678",
        },
    )


def test_view_without_a_jpqr_id_and_of_a_template_without_parts() -> None:
    unionpay = t("00", "D15600000001") + t("03", "12345678")
    got = jpqr.view(qrpay.decode(jpqr_code(template=unionpay, language=None, drop=("61",))))
    assert got == jpqr.JpqrView(None, Decimal("498"), "xxx", None, None, None, {"26": unionpay})
    bare = jpqr.view(qrpay.decode(jpqr_code(template=t("00", GUID))))
    assert bare.jpqr_id == jpqr.JpqrId("26", GUID, None, None, None, None, {})
    assert bare.other_accounts == {}


# -- builder ------------------------------------------------------------------------------------

DEFAULTS: dict[str, Any] = {
    "store_code": PARTS["01"],
    "code_02": PARTS["02"],
    "code_03": PARTS["03"],
    "code_04": PARTS["04"],
    "merchant_name": "xxx",
    "merchant_city": "xxx",
    "postal_code": "5300005",
    "local_name": LOCAL_NAME,
    "merchant_category_code": "5812",
}
KEYWORDS = {"01": "store_code", "02": "code_02", "03": "code_03", "04": "code_04"}


def refused(**changes: Any) -> tuple[Any, ...]:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        jpqr.build(**{**DEFAULTS, **changes})
    err = caught.value
    return (err.code, err.message, err.path, dict(err.ctx))


def test_builder_writes_natade_cocos_code() -> None:
    assert jpqr.build(**DEFAULTS, amount="498").to_text() == NATADE


@pytest.mark.parametrize("sub", ["01", "02", "03", "04"])
def test_builder_id_length_exactly_at_one_past_and_one_short(sub: str) -> None:
    name, length = KEYWORDS[sub], LENGTHS[sub]
    built = jpqr.build(**{**DEFAULTS, name: "7" * length})
    assert built.value(("26", sub)) == "7" * length and built.issues == ()
    for value in ("7" * (length + 1), "7" * (length - 1)):
        assert refused(**{name: value}) == (
            "jpqr.id_length",
            f"{name}: {value!r} has {len(value)} characters; the JPQR-ID's {sub} has exactly {length}",
            ("26", sub),
            {"actual": value},
        )


def test_builder_checks_the_parts_in_order() -> None:
    assert refused(store_code="1", code_04="1")[2] == ("26", "01")
    assert refused(code_03="1", code_04="1")[2] == ("26", "03")


def test_builder_refuses_another_account_in_26() -> None:
    assert refused(other_accounts={"26": "0012D15600000001"}) == (
        "duplicate_tag",
        "other_accounts: 26 holds the JPQR-ID; put the other networks in 27-51",
        ("26",),
        {},
    )


def test_builder_other_accounts_amounts_and_initiation() -> None:
    built = jpqr.build(
        **DEFAULTS, other_accounts={"29": "0012D156000000000510A93FO3230Q"}, initiation="static"
    )
    assert built.value("29") == "0012D156000000000510A93FO3230Q" and built.value("01") == "11"
    assert built.value("26") == jpqr_id() and built.issues == ()
    assert jpqr.build(**DEFAULTS, amount=Decimal("1000")).value("54") == "1000"
    assert refused(amount="498.5")[0] == "amount_precision"


def test_builder_name_at_25_and_one_past() -> None:
    """EMVCo MPM 59 <= 25; @natade-coco/jpqr 0.1.1 refuses 26 characters too (test_jpqr.py)."""
    assert jpqr.build(**{**DEFAULTS, "merchant_name": "N" * 25}).merchant_name == "N" * 25
    assert refused(merchant_name="N" * 26)[0] == "value_too_long"


def test_builder_passes_the_initiation_on() -> None:
    # without an amount the POI defaults to 11; initiation="dynamic" asks for 12 (EMVCo MPM ID 01),
    # so a builder that dropped the keyword would write 11 (issue 13)
    assert jpqr.build(**DEFAULTS, initiation="dynamic").to_text() == code(
        t("00", "01"),
        t("01", "12"),
        t("26", jpqr_id()),
        t("52", "5812"),
        t("53", "392"),
        t("58", "JP"),
        t("59", "xxx"),
        t("60", "xxx"),
        t("61", "5300005"),
        t("64", t("00", "JA") + t("01", LOCAL_NAME)),
    )


def test_builder_checks_other_accounts_at_the_given_clock() -> None:
    # a LAOQR template (AID A005266284662577 in 38) among other_accounts whose expiry 38/04 is
    # 1735776000000 ms, 2025-01-02T00:00:00Z: at now = 2025-01-01 it has not expired, so the final
    # decode must read it at ``now`` and not at the real clock, which adds laoqr.expired (issue 13:
    # x_build__mutmut_60, _72). LAOQR's currency and country rules are warnings (docs/schemes/laoqr.md)
    lao = {"00": "A005266284662577", "01": "12345678", "02": "002", "03": "MERCHANT1", "04": "1735776000000"}
    built = jpqr.build(**DEFAULTS, other_accounts={"38": lao}, now=datetime(2025, 1, 1, tzinfo=UTC))
    assert built.value("38") == "".join(t(sub, value) for sub, value in lao.items())
    assert [(i.code, i.path, i.severity) for i in built.issues] == [
        ("laoqr.currency", ("53",), "warning"),
        ("laoqr.country", ("58",), "warning"),
    ]
