"""LANKAQR rules, view, detection of the un-nested block, builder refusals and relaxations,
each checked whole (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message, ctx) on
a payload assembled here with its own CRC (``code``/``t`` of test_duitnow_exact, crcmod's
CRC-16/CCITT-FALSE) and offsets found by ``locate``, a walk written there. The rules are
transcribed from docs/schemes/lankaqr.md (all observations, so warnings): 26/00 a 28-digit
LankaPay block in every real code, the block as 26's plain value (lakshitha0526/lankaqr
SPEC.md) reported, 62/05 present (``***`` for none), 62/00 32 hexadecimal digits. The block
used is the one of the real code in the module's examples (Vits Food, Colombo).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

import qrpay
from qrpay.schemes import lankaqr
from qrpay.schemes._base import Relaxation
from tests.schemes.test_duitnow_exact import all_issues, code, locate, scheme_issues, t

BLOCK = "1672800058120000000010000005"
TXN = "537c0a88562e4a599cab63d1992f0dac"


def lanka_code(
    *,
    account: str | None = None,
    account_tag: str = "26",
    reference: str | None = "***",
    extra: dict[str, str] | None = None,
) -> str:
    objects = {
        "00": "01",
        "01": "11",
        account_tag: t("00", BLOCK) if account is None else account,
        "52": "5812",
        "53": "144",
        "58": "LK",
        "59": "Vits Food",
        "60": "Colombo",
    }
    if reference is not None:
        objects["62"] = t("05", reference)
    objects.update(extra or {})
    return code(*(t(tag, objects[tag]) for tag in sorted(objects)))


def test_base_codes_are_clean() -> None:
    for text in (
        lanka_code(),
        lanka_code(account_tag="27"),
        lanka_code(extra={"62": t("00", TXN) + t("05", "***")}),
        lanka_code(extra={"62": t("00", TXN.upper()) + t("05", "R1")}),
    ):
        assert all_issues(text) == [], text
        assert qrpay.detect(text) == ("lankaqr",)


def test_block_not_nested() -> None:
    text = lanka_code(account=BLOCK)
    assert all_issues(text) == [
        (
            "lankaqr.account_not_nested",
            ("26",),
            locate(text, ("26",)),
            "warning",
            f"tag 26 holds the LankaPay block {BLOCK!r} as a plain value; every real LANKAQR code wraps it in "
            "sub-ID 00 (26 = 00 + 28 digits)",
            {"actual": BLOCK},
        )
    ]
    # both 26 and 27 plain: reported once, for the first
    text = lanka_code(account=BLOCK, extra={"27": BLOCK})
    assert [i[1] for i in scheme_issues(text, "lankaqr")] == [("26",)]
    # the other rules still run after it
    text = lanka_code(account=BLOCK, reference=None, extra={"62": t("00", "12345")})
    assert [i[0] for i in scheme_issues(text, "lankaqr")] == [
        "lankaqr.account_not_nested",
        "lankaqr.reference_label",
        "lankaqr.transaction_id",
    ]
    letters = "A" * 27 + "z"
    assert [i[0] for i in scheme_issues(lanka_code(account=letters), "lankaqr")] == [
        "lankaqr.account_not_nested"
    ]


def test_the_plain_block_is_claimed_in_a_sri_lankan_code_only() -> None:
    assert qrpay.detect(lanka_code(account=BLOCK, extra={"58": "IN"})) == ("lankaqr",)
    assert qrpay.detect(lanka_code(account=BLOCK, extra={"53": "356"})) == ("lankaqr",)
    assert qrpay.detect(lanka_code(account=BLOCK, extra={"53": "356", "58": "IN"})) == ()
    assert qrpay.detect(lanka_code(account=BLOCK[:27] + "-")) == ()
    assert qrpay.detect(lanka_code(account=BLOCK, account_tag="28")) == ()
    assert qrpay.detect(lanka_code(account=t("00", BLOCK), account_tag="28")) == ()
    assert qrpay.detect(lanka_code(account=t("00", BLOCK[:27]))) == ()


def test_reference_label_missing() -> None:
    for text in (lanka_code(reference=None), lanka_code(reference=None, extra={"62": t("07", "T1")})):
        assert all_issues(text) == [
            (
                "lankaqr.reference_label",
                ("62", "05"),
                None,
                "warning",
                "no reference label (62.05); LANKAQR v1.3 makes it mandatory as one implementation reads it, and "
                "real codes carry it (*** when there is none)",
                {},
            )
        ]


@pytest.mark.parametrize("value", [TXN[:31], TXN + "0", "g" + TXN[1:], "12345"])
def test_transaction_id_not_32_hex(value: str) -> None:
    text = lanka_code(extra={"62": t("00", value) + t("05", "***")})
    assert all_issues(text) == [
        (
            "lankaqr.transaction_id",
            ("62", "00"),
            locate(text, ("62", "00")),
            "warning",
            f"62.00 is {value!r}; in real LANKAQR codes it is 32 hexadecimal digits",
            {"actual": value},
        )
    ]


def test_view_every_field() -> None:
    account = t("00", BLOCK) + t("01", "x") + t("01", "y") + t("02", "z")
    extra = {
        "02": "4111111111111111",
        "15": "6200000000000000",
        "54": "4500",
        "55": "01",
        "62": t("00", TXN) + t("05", "R1") + t("07", "40023292"),
    }
    got = lankaqr.view(qrpay.decode(lanka_code(account=account, extra=extra)))
    assert got == lankaqr.LankaQRView(
        account=lankaqr.LankaPayAccount("26", BLOCK, True, {"01": "x", "02": "z"}),
        merchant_name="Vits Food",
        merchant_city="Colombo",
        merchant_category_code="5812",
        amount=Decimal("4500"),
        reference_label="R1",
        terminal_label="40023292",
        transaction_id=TXN,
        tip_indicator="01",
        card_networks={"02": "4111111111111111", "15": "6200000000000000"},
    )
    assert got.account is not None
    assert got.account.parts == lankaqr.LankaPayBlock("1", "6728", "000", "5812000000001000", "0005")


def test_view_of_the_plain_block_and_of_none() -> None:
    got = lankaqr.view(qrpay.decode(lanka_code(account=BLOCK, account_tag="27")))
    assert got.account == lankaqr.LankaPayAccount("27", BLOCK, False, {})
    assert lankaqr.view(qrpay.decode(lanka_code(account_tag="28"))).account is None
    assert lankaqr.LankaPayAccount("26", BLOCK[:27], True, {}).parts is None
    # the first LankaPay template is the one viewed
    got = lankaqr.view(qrpay.decode(lanka_code(extra={"27": t("00", "9" * 28)})))
    assert got.account is not None and got.account.block == BLOCK
    # a 26 that is not LankaPay's, next to 25 (a card network)
    other = code(t("00", "01"), t("25", "X1"), t("26", t("00", "A000000677010111")), t("53", "144"))
    got = lankaqr.view(qrpay.decode(other))
    assert (got.account, got.card_networks) == (None, {"25": "X1"})


def test_relaxations() -> None:
    assert lankaqr.SCHEME.relaxations == (
        Relaxation(
            "unallocated_tag",
            ("62", "00"),
            reason="LankaPay writes a 32-hex transaction ID in 62.00 (every real dynamic LANKAQR code)",
        ),
        Relaxation(
            "template_malformed",
            ("26",),
            reason="the un-nested LankaPay block in 26 (reported as lankaqr.account_not_nested instead)",
        ),
        Relaxation(
            "template_malformed",
            ("27",),
            reason="the un-nested LankaPay block in 27 (reported as lankaqr.account_not_nested instead)",
        ),
    )


@pytest.mark.parametrize("block", [BLOCK[:27], BLOCK + "0", BLOCK[:27] + "A"])
def test_builder_refuses_the_block(block: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        lankaqr.build(block=block, merchant_name="A", merchant_city="B", merchant_category_code="5812")
    err = caught.value
    assert (err.code, err.message, err.path, dict(err.ctx)) == (
        "lankaqr.block",
        f"LankaPay block {block!r} must be 28 digits (26.00 of every real LANKAQR code)",
        ("26", "00"),
        {"actual": block},
    )


def test_builder_writes_every_field() -> None:
    built = lankaqr.build(
        block=BLOCK,
        merchant_name="Vits Food",
        merchant_city="Colombo",
        merchant_category_code="5812",
        amount="4500",
        reference_label="R1",
        terminal_label="T1",
        transaction_id=TXN,
        postal_code="00800",
        tip="prompt",
        card_networks={"02": "4111111111111111"},
    ).to_text()
    assert built == code(
        t("00", "01"),
        t("01", "12"),
        t("02", "4111111111111111"),
        t("26", t("00", BLOCK)),
        t("52", "5812"),
        t("53", "144"),
        t("54", "4500"),
        t("55", "01"),
        t("58", "LK"),
        t("59", "Vits Food"),
        t("60", "Colombo"),
        t("61", "00800"),
        t("62", t("00", TXN) + t("05", "R1") + t("07", "T1")),
    )
    plain = lankaqr.build(block=BLOCK, merchant_name="A", merchant_city="B", merchant_category_code="5812")
    assert plain.to_text() == code(
        t("00", "01"),
        t("01", "11"),
        t("26", t("00", BLOCK)),
        t("52", "5812"),
        t("53", "144"),
        t("58", "LK"),
        t("59", "A"),
        t("60", "B"),
        t("62", t("05", "***")),
    )
    bare = lankaqr.build(
        block=BLOCK, merchant_name="A", merchant_city="B", merchant_category_code="5812", reference_label=None
    )
    assert bare.get("62") is None


def test_builder_passes_the_initiation_on() -> None:
    # without an amount the POI defaults to 11; initiation="dynamic" asks for 12 (EMVCo MPM ID 01),
    # so a builder that dropped the keyword would write 11 (issue 13)
    built = lankaqr.build(
        block=BLOCK, merchant_name="A", merchant_city="B", merchant_category_code="5812", initiation="dynamic"
    )
    assert built.to_text() == code(
        t("00", "01"),
        t("01", "12"),
        t("26", t("00", BLOCK)),
        t("52", "5812"),
        t("53", "144"),
        t("58", "LK"),
        t("59", "A"),
        t("60", "B"),
        t("62", t("05", "***")),
    )
