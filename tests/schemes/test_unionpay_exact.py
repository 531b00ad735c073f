"""UnionPay (primitive 15/16, templates with RID A000000333): rule, view, builder and
describe, each checked whole (issue 13).

Payloads are assembled here (``t``/``code`` from tests/schemes/test_duitnow_exact.py: text
and CRC-16/CCITT-FALSE by crcmod, offsets by a walk written in the tests). Expected values
follow docs/schemes/unionpay.md: EMVCo MPM Table 4.1 reserves 15 and 16 for UnionPay; the
31-character layout acquirer IIN (8 digits) + forwarding IIN (8 digits) + merchant ID (15
printable characters) is observed in every real code, so a value without it is a warning.
"""

from __future__ import annotations

from typing import Any

import pytest

import qrpay
from qrpay.errors import InvalidRequest
from qrpay.schemes import unionpay
from tests.schemes.test_duitnow_exact import code, locate, t

ACQUIRER = "27380418"
FORWARDING = "00520446"
MERCHANT = "mch19B73F61B9E0"
VALUE = ACQUIRER + FORWARDING + MERCHANT


def up_code(accounts: dict[str, str]) -> str:
    objects = {
        "00": "01",
        "01": "11",
        **accounts,
        "52": "5812",
        "53": "418",
        "58": "LA",
        "59": "SHOP",
        "60": "VTE",
    }
    return code(*(t(k, objects[k]) for k in sorted(objects)))


def issues(text: str) -> list[tuple[Any, ...]]:
    return [
        (i.code, i.path, i.offset, i.severity, i.message, dict(i.ctx))
        for i in qrpay.decode(text).issues
        if i.scheme == "unionpay"
    ]


def test_the_observed_layout_is_clean() -> None:
    assert issues(up_code({"15": VALUE, "16": "12345678" + "87654321" + "~" * 15})) == []


@pytest.mark.parametrize("tag", ["15", "16"])
@pytest.mark.parametrize(
    "value",
    [VALUE[:-1], VALUE + "X", "2738041A" + FORWARDING + MERCHANT, ACQUIRER + FORWARDING + "mch19B73F61 9E0"],
)
def test_account_layout(tag: str, value: str) -> None:
    text = up_code({tag: value})
    assert issues(text) == [
        (
            "unionpay.account_layout",
            (tag,),
            locate(text, (tag,)),
            "warning",
            f"UnionPay account {value!r} ({len(value)} characters) does not have the observed layout: acquirer "
            "IIN (8 digits) + forwarding IIN (8 digits) + merchant ID (15 characters)",
            {"actual": value},
        )
    ]


def test_only_15_and_16_are_checked() -> None:
    # 17 is another network's primitive account; a UnionPay template (RID) has no such layout
    text = up_code({"15": VALUE, "17": "12345", "26": t("00", "A000000333010101") + t("01", "X")})
    assert issues(text) == []


def test_view() -> None:
    text = up_code(
        {
            "15": VALUE,
            "16": "short",
            "17": "12345",
            "26": t("00", "A000000333010101") + t("01", "X"),
            "27": t("00", "A000000999") + t("01", "Y"),
        }
    )
    assert unionpay.view(qrpay.decode(text)) == (
        unionpay.UnionPayAccount("15", VALUE, ACQUIRER, FORWARDING, MERCHANT),
        unionpay.UnionPayAccount("16", "short", None, None, None),
        unionpay.UnionPayAccount("26", t("00", "A000000333010101") + t("01", "X"), None, None, None),
    )


def test_build() -> None:
    got = unionpay.build(
        acquirer_iin=ACQUIRER,
        forwarding_iin=FORWARDING,
        merchant_id=MERCHANT,
        currency="418",
        country="LA",
        merchant_name="SHOP",
        merchant_city="VTE",
        merchant_category_code="5812",
        amount="100",
        postal_code="01000",
        additional_data={"bill_number": "B1"},
    )
    assert got.to_text() == code(
        t("00", "01"),
        t("01", "12"),
        t("15", VALUE),
        t("52", "5812"),
        t("53", "418"),
        t("54", "100.00"),
        t("58", "LA"),
        t("59", "SHOP"),
        t("60", "VTE"),
        t("61", "01000"),
        t("62", t("01", "B1")),
    )


@pytest.mark.parametrize(
    ("acquirer", "forwarding", "merchant"),
    [
        ("2738041", "800520446", MERCHANT),  # 7 + 9: 31 characters in the layout, not 8 + 8
        ("273804180", "0052044", MERCHANT),
        # one IIN short, the other right: the joined value still reads as 8 + 8 + 15 when the
        # merchant ID starts with a digit, but the acquirer IIN is 7 digits (issue 13)
        (ACQUIRER[:-1], FORWARDING, "0" + MERCHANT),
        (ACQUIRER, FORWARDING, MERCHANT[:-1]),
        (ACQUIRER, FORWARDING, MERCHANT[:-1] + " "),
    ],
)
def test_build_refuses_another_layout(acquirer: str, forwarding: str, merchant: str) -> None:
    with pytest.raises(InvalidRequest) as caught:
        unionpay.build(
            acquirer_iin=acquirer,
            forwarding_iin=forwarding,
            merchant_id=merchant,
            currency="418",
            country="LA",
            merchant_name="SHOP",
            merchant_city="VTE",
            merchant_category_code="5812",
        )
    assert (caught.value.code, caught.value.path, caught.value.message) == (
        "unionpay.account_layout",
        ("15",),
        f"merchant_accounts[15]: acquirer_iin {acquirer!r} and forwarding_iin {forwarding!r} must be 8 digits "
        f"each and merchant_id {merchant!r} 15 printable characters",
    )


def test_describe() -> None:
    describe = unionpay.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(up_code({"15": VALUE}))
    said = f"UnionPay: acquirer IIN {ACQUIRER}, forwarding IIN {FORWARDING}, merchant {MERCHANT}"
    assert describe(payload, ("15",), VALUE) == said
    assert describe(payload, ("16",), VALUE) == said
    assert describe(payload, ("15",), "short") is None
    assert describe(payload, ("17",), VALUE) is None
    assert describe(payload, ("26", "01"), VALUE) is None


def test_view_does_not_split_a_template() -> None:
    # a UnionPay template whose 31-character value happens to read as 8 digits + 8 digits + 15
    # characters is still a template: it has no acquirer IIN, forwarding IIN or merchant ID
    value = t("01", "12345678") + t("00", "A00000033301010")
    assert len(value) == 31
    got = unionpay.view(qrpay.decode(up_code({"26": value})))
    assert got == (unionpay.UnionPayAccount("26", value, None, None, None),)
