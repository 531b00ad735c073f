"""NQR (NIBSS): real test codes with both GUID spellings (detection beside UnionPay's
masked 15, views read by hand, round trip), the warnings, and the absence of a builder."""

from __future__ import annotations

import pytest

import qrpay
from qrpay.crc import checksum
from qrpay.schemes import get_scheme

# qrCode1 / qrCode2 of a public Java file (search index id 14500929878; qrCode1 also in JS files,
# ids 41047782120 and 40669471243; repository not named by the index)
DYNAMIC = (
    "0002010102121531**999166**999166****M000000000126720019NG.COM.NIBSS-PLC.QR0111S000000000102309991662005"
    "210922520163783561015204000053035665402105802NG5913Test Merchant6007Nigeria6304A54A"
)
STATIC = (
    "0002010102111531**999166**999166****M000000093926370018NG.COM.NIBSSPLC.QR0111S00000006955204000053035665404"
    "40005802NG5925Merchant A Test Jaiz Bank6007Nigeria63049DF0"
)
# a merchant's dynamic code, "Sample raw data" of a Dart NQR parser (search index id 32371383638)
MTN = (
    "0002010102121531**999166**999166****M000388764026710018NG.COM.NIBSSPLC.QR0111S000308541502301100132408202220597"
    "679531513345204000053035665406200.005802NG5911MTN NIGERIA6007Nigeria6304EFAE"
)
# a Paystack-style card QR (same files): Visa 02 only, no POI, not NQR
CARD = "00020102124037531553535204599953035665802NG5917Taos Beauty Brand6005Lekki6304FB30"
ACCOUNT = "26370018NG.COM.NIBSSPLC.QR0111S0000000695"


def sealed(body: str) -> qrpay.Payload:
    return qrpay.decode(body + "6304" + checksum(body + "6304"))


@pytest.mark.parametrize("text", [DYNAMIC, STATIC, MTN])
def test_real_codes_are_nqr_beside_unionpay(text: str) -> None:
    payload = qrpay.decode(text)
    assert payload.schemes == ("unionpay", "nqr")
    assert [i.code for i in payload.issues] == ["unionpay.account_layout"]
    assert qrpay.encode(payload) == text


def test_views_read_by_hand() -> None:
    view = qrpay.decode(DYNAMIC).view("nqr")
    assert (view.account.guid, view.account.sub_merchant, view.account.order_number) == (
        "NG.COM.NIBSS-PLC.QR",
        "S0000000001",
        "999166200521092252016378356101",
    )
    assert view.masked_15 == "**999166**999166****M0000000001"
    mtn = qrpay.decode(MTN).view("nqr")
    assert (mtn.account.sub_merchant, mtn.account.order_number) == (
        "S0003085415",
        "110013240820222059767953151334",
    )
    static = qrpay.decode(STATIC).view("nqr")
    assert (static.account.guid, static.account.order_number, static.amount) == (
        "NG.COM.NIBSSPLC.QR",
        None,
        4000,
    )


def test_card_only_code_is_not_nqr() -> None:
    assert qrpay.decode(CARD).schemes == ()


@pytest.mark.parametrize(
    ("old", "new", "code"),
    [
        (ACCOUNT, "26220018NG.COM.NIBSSPLC.QR", "nqr.sub_merchant"),
        (ACCOUNT, "26360018NG.COM.NIBSSPLC.QR01100000000695", "nqr.sub_merchant"),
        (ACCOUNT, "27" + ACCOUNT[2:], "nqr.account_tag"),
        ("5303566", "5303840", "nqr.currency"),
        ("5802NG", "5802GH", "nqr.country"),
    ],
)
def test_rules_are_warnings(old: str, new: str, code: str) -> None:
    payload = sealed(STATIC[:-8].replace("1531**999166**999166****M0000000939", "").replace(old, new))
    assert payload.schemes == ("nqr",)
    assert [(i.code, i.severity) for i in payload.issues] == [(code, "warning")]


def test_no_builder() -> None:
    scheme = get_scheme("nqr")
    assert scheme.build is None and "build" not in scheme.supports
    assert scheme.guids == ("NG.COM.NIBSS-PLC.QR", "NG.COM.NIBSSPLC.QR")
