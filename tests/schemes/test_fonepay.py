"""Fonepay: real merchant codes (detection, views read by hand, round trip), the
warnings, codes that do not decode as published, and the absence of a builder."""

from __future__ import annotations

import pytest

import qrpay
from qrpay.cli import main as cli_main
from qrpay.crc import checksum
from qrpay.schemes import get_scheme

# public GitHub files whose repository the code index does not name (search index ids)
SANJANA = (  # 57115585630: "real Fonepay merchant string" in a browser test
    "0002010102110216427142001818576326350011fonepay.com071622220300181857645204566153035245802NP"
    "5918SANJANA SHOE STORE6013DHARAN BRANCH62110707186740963048913"
)
PRAKASH = (  # 55109212347: a React page's qrPayload
    "00020101021126350011fonepay.com071622226100158730565204527153035245802NP5915Prakash Store 1"
    "6012Pokhariya MC62110707162568663048986"
)
ABUKHAIRENI = (  # 41969886899: a comment in a Swift QR scanner; CRC in lower case
    "0002010102110216408115000622288626350011fonepay.com071622225100062228855204565153035245802NP"
    "5922ABUKHAIRENI ALL STORES6015Anbukhaireni MC62100706635175630423fb"
)
# 16626979172: a commented-out React value that lost a character (59 declares 33, holds 32)
LOST_CHARACTER = (
    "00020101021226570011fonepay.com06066906440716222214000699601309084612614952045451530352454072000.005802NP"
    "5933GAUTAM DHOOD KHARID BIKRI KENDRA6009NEPALGUNJ623001084612614907067145770804food6304b88c"
)


def sealed(body: str) -> qrpay.Payload:
    return qrpay.decode(body + "6304" + checksum(body + "6304"))


@pytest.mark.parametrize("text", [SANJANA, PRAKASH, ABUKHAIRENI])
def test_real_codes_are_fonepay_and_round_trip(text: str) -> None:
    payload = qrpay.decode(text)
    assert payload.schemes == ("fonepay",)
    assert payload.errors == ()
    assert qrpay.encode(payload).upper() == text.upper()


def test_view_read_by_hand() -> None:
    view = qrpay.decode(SANJANA).view("fonepay")
    assert (view.account.tag, view.account.merchant_id, view.account.other) == ("26", "2222030018185764", {})
    assert view.card_networks == {"02": "4271420018185763"}
    assert (view.terminal_label, view.merchant_category_code, view.merchant_city) == (
        "1867409",
        "5661",
        "DHARAN BRANCH",
    )
    assert qrpay.decode(PRAKASH).view("fonepay").card_networks == {}


def test_a_code_that_lost_a_character_is_refused() -> None:
    with pytest.raises(qrpay.CRCError):
        qrpay.decode(LOST_CHARACTER)


ACCOUNT = "26350011fonepay.com07162222610015873056"


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (ACCOUNT, "26340011fonepay.com0715222261001587305", "fonepay.merchant_id"),
        (ACCOUNT, "26150011fonepay.com", "fonepay.merchant_id"),
        ("5303524", "5303356", "fonepay.currency"),
        ("5802NP", "5802IN", "fonepay.country"),
    ],
)
def test_rules_are_warnings(old: str, new: str, code: str) -> None:
    payload = sealed(PRAKASH[:-8].replace(old, new))
    assert payload.schemes == ("fonepay",)
    assert [i.code for i in payload.issues] == [code]
    assert payload.is_valid


def test_api_sub_ids_without_07_and_another_tag() -> None:
    account = "0011fonepay.com0104NBQM0203292"
    payload = sealed(PRAKASH[:-8].replace(ACCOUNT, f"26{len(account)}{account}"))
    assert payload.issues == () and payload.view("fonepay").account.other == {"01": "NBQM", "02": "292"}
    moved = sealed(PRAKASH[:-8].replace("26350011fonepay.com", "27350011FONEPAY.COM"))
    assert moved.schemes == ("fonepay",)
    assert [i.code for i in moved.issues] == ["fonepay.account_tag"]


def test_no_builder(capsys: pytest.CaptureFixture[str]) -> None:
    scheme = get_scheme("fonepay")
    assert scheme.build is None and "build" not in scheme.supports
    assert cli_main(["encode", "fonepay"]) == 2
    assert "scheme 'fonepay' has no builder" in capsys.readouterr().err
