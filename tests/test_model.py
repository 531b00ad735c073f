"""The typed model (qrpay.model): each accessor checked against payloads written out here.

Payloads are assembled in this file from (ID, value) pairs and sealed with crcmod's
CRC-16/CCITT-FALSE, so what the model reads is exactly what the test wrote. The expected
values come from the EMVCo MPM v1.1 tables they cite (Table 3.6 root IDs, 4.7.2.1 point of
initiation, 4.7.6.1 tip indicator, Table 3.7 and Tables 4.5-4.7 for ID 62, Table 3.8 for
ID 64), written out here, not read back from qrpay.
"""

from __future__ import annotations

import pickle
from decimal import Decimal

import crcmod.predefined
import pytest

import qrpay
from qrpay.model import (
    InitiationMethod,
    MerchantAccount,
    MerchantChannel,
    PointOfInitiation,
    Template,
    TipKind,
)
from qrpay.tlv import LengthUnit

_crc16 = crcmod.predefined.mkCrcFun("crc-ccitt-false")


def t(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def sealed(*parts: str) -> str:
    body = "".join(parts) + "6304"
    return body + f"{_crc16(body.encode('utf-8')):04X}"


PROMPTPAY_GUID = "A000000677010111"  # BOT Thai QR: PromptPay merchant-presented AID

#: a full EMVCo payload: a primitive 15, a PromptPay template in 29, a foreign template in
#: 31, tip 02 with 56, a 62 with every Table 3.7 field, a 64, an RFU 65 and a template 80
FULL = sealed(
    t("00", "01"),
    t("01", "12"),
    t("15", "3" * 31),
    t("29", t("00", PROMPTPAY_GUID) + t("01", "0066812345678")),
    t("31", t("00", "com.example.pay") + t("01", "A") + t("01", "B")),
    t("52", "5812"),
    t("53", "764"),
    t("54", "120.50"),
    t("55", "02"),
    t("56", "5.00"),
    t("58", "TH"),
    t("59", "SHOP"),
    t("60", "BANGKOK"),
    t("61", "10110"),
    t(
        "62",
        t("01", "B1")
        + t("02", "***")
        + t("03", "S")
        + t("04", "L")
        + t("05", "R")
        + t("06", "C")
        + t("07", "T")
        + t("08", "***")
        + t("09", "AME")
        + t("10", "TX")
        + t("11", "621")
        + t("50", t("00", "a.b") + t("01", "X"))
        + t("99", "f"),
    ),
    t("64", t("00", "TH") + t("01", "ร้าน") + t("02", "กรุงเทพ")),
    t("65", "rfu"),
    t("80", t("00", "com.example.loyalty") + t("01", "7")),
)


@pytest.fixture(scope="module")
def full() -> qrpay.Payload:
    return qrpay.decode(FULL)


# -- ID 01 (4.7.2.1) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "method", "static", "dynamic"),
    [
        ("11", InitiationMethod.STATIC, True, False),
        ("12", InitiationMethod.DYNAMIC, False, True),
        ("21", InitiationMethod.OTHER, False, False),  # Thai QR BLE: RFU for EMVCo
        ("", InitiationMethod.OTHER, False, False),
    ],
)
def test_point_of_initiation(raw: str, method: InitiationMethod, static: bool, dynamic: bool) -> None:
    poi = PointOfInitiation(raw)
    assert (poi.method, poi.is_static, poi.is_dynamic) == (method, static, dynamic)


@pytest.mark.parametrize(("raw", "static", "dynamic"), [("11", True, False), ("12", False, True)])
def test_payload_initiation(raw: str, static: bool, dynamic: bool) -> None:
    payload = qrpay.decode(sealed(t("00", "01"), t("01", raw), t("15", "3" * 31), *_TAIL))
    assert payload.initiation == PointOfInitiation(raw)
    assert (payload.is_static, payload.is_dynamic) == (static, dynamic)


_TAIL = (t("52", "5812"), t("53", "764"), t("58", "TH"), t("59", "SHOP"), t("60", "BANGKOK"))


def test_a_payload_without_01() -> None:
    payload = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), *_TAIL))
    assert payload.initiation is None
    assert (payload.is_static, payload.is_dynamic) == (False, False)


# -- templates and merchant accounts (4.7.9-4.7.11) ------------------------------------------------


def test_template_reads_the_first_of_a_repeated_sub_id(full: qrpay.Payload) -> None:
    account = full.merchant_account("31")
    assert account is not None
    assert account.is_template and not account.is_primitive
    assert account.guid == "com.example.pay"
    assert account.get("01") == "A"  # first occurrence
    assert account.get("02") is None
    assert account.fields == {"00": "com.example.pay", "01": "A"}
    assert account.network is None  # 26-51 have no EMVCo allocation
    assert account.scheme is None
    assert (account.tag, account.path) == ("31", ("31",))
    assert account.value == t("00", "com.example.pay") + t("01", "A") + t("01", "B")
    assert account.offset == FULL.index("3129" + account.value)  # where its ID starts


def test_a_primitive_account(full: qrpay.Payload) -> None:
    account = full.merchant_account("15")
    assert account is not None
    assert account.is_primitive and not account.is_template
    assert account.network == "UnionPay"  # EMVCo allocation of IDs 15-16
    assert (account.guid, account.get("00"), account.fields) == (None, None, {})
    assert account.scheme == "unionpay"


@pytest.mark.parametrize(
    ("tag", "network"),
    [("02", "Visa"), ("05", "Mastercard"), ("08", "EMVCo"), ("10", "Discover"), ("11", "American Express"),
     ("14", "JCB"), ("16", "UnionPay"), ("25", "EMVCo"), ("26", None), ("51", None)],
)  # fmt: skip
def test_network_of_an_account_tag(tag: str, network: str | None) -> None:
    # EMVCo MPM v1.1 Table 3.6 / 4.7.9: who IDs 02-25 are reserved for
    assert MerchantAccount(tag, "x", 0, (tag,), None).network == network


def test_template_with_no_children_reads_nothing() -> None:
    empty = Template("80", "", 0, ("80",), ())
    assert empty.is_template
    assert (empty.guid, empty.get("00"), empty.fields) == (None, None, {})
    raw = Template("80", "0002AB", 0, ("80",), None)
    assert not raw.is_template
    assert (raw.get("00"), raw.fields) == (None, {})


def test_merchant_accounts_are_02_to_51_in_text_order(full: qrpay.Payload) -> None:
    accounts = full.merchant_accounts
    assert [(a.tag, a.scheme) for a in accounts] == [("15", "unionpay"), ("29", "promptpay"), ("31", None)]
    assert full.merchant_accounts is accounts  # built once
    assert full.merchant_account("promptpay") is accounts[1]
    assert full.merchant_account("29") is accounts[1]
    assert full.merchant_account("unionpay") is accounts[0]
    assert full.merchant_account("30") is None
    assert full.merchant_account("khqr") is None


def test_a_payload_whose_only_accounts_are_02_and_51() -> None:
    payload = qrpay.decode(
        sealed(t("00", "01"), t("02", "4" * 16), t("51", t("00", "com.example") + t("01", "1")), *_TAIL)
    )
    assert [a.tag for a in payload.merchant_accounts] == ["02", "51"]


# -- 52-61 (Table 3.6) ----------------------------------------------------------------------------


def test_root_fields(full: qrpay.Payload) -> None:
    assert full.payload_format == "01"
    assert full.merchant_category_code == "5812"
    assert full.currency_code == "764"
    assert full.currency is not None and full.currency.alpha == "THB"
    assert full.amount == Decimal("120.50")
    assert full.country_code == "TH"
    assert (full.merchant_name, full.merchant_city, full.postal_code) == ("SHOP", "BANGKOK", "10110")
    assert full.crc == FULL[-4:]


@pytest.mark.parametrize(
    ("code", "alpha"),
    [
        ("116", "KHR"),
        ("MMK", "MMK"),  # alphabetic (a deviation, currency_alphabetic) is looked up too
        ("mmk", None),  # lower case is not an ISO 4217 code
        ("Mmk", None),
        ("11A", None),
        ("999", "XXX"),  # ISO 4217 999: "no currency is involved"
    ],
)
def test_currency_lookup(code: str, alpha: str | None) -> None:
    payload = qrpay.decode(
        sealed(t("00", "01"), t("15", "3" * 31), t("52", "5812"), t("53", code), *_TAIL[2:])
    )
    assert payload.currency_code == code
    assert (payload.currency.alpha if payload.currency is not None else None) == alpha


def test_absent_fields_are_none() -> None:
    payload = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), t("52", "5812"), t("58", "TH")))
    assert payload.currency is None and payload.currency_code is None
    assert payload.amount is None
    assert payload.convenience_fee is None
    assert payload.additional_data is None
    assert payload.language is None
    assert payload.rfu_objects == ()
    assert payload.unreserved_templates == ()
    assert payload.unreserved_template("80") is None


@pytest.mark.parametrize(("raw", "amount"), [("98.", Decimal("98")), ("1,00", None), ("0.5", Decimal("0.5"))])
def test_amount_reads_4_7_4_1_syntax_only(raw: str, amount: Decimal | None) -> None:
    payload = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), t("54", raw), *_TAIL))
    assert payload.amount == amount


# -- 55-57 (4.7.6.1) -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("extra", "indicator", "kind", "fixed", "percentage"),
    [
        ((t("55", "01"),), "01", TipKind.PROMPT, None, None),
        ((t("55", "02"), t("56", "5.00")), "02", TipKind.FIXED, Decimal("5.00"), None),
        ((t("55", "03"), t("57", "3.5")), "03", TipKind.PERCENTAGE, None, Decimal("3.5")),
        ((t("55", "04"),), "04", TipKind.OTHER, None, None),
        ((t("55", "02"), t("56", "5,00")), "02", TipKind.FIXED, None, None),  # not 4.7.4.1 syntax
    ],
)
def test_convenience_fee(
    extra: tuple[str, ...], indicator: str, kind: TipKind, fixed: Decimal | None, percentage: Decimal | None
) -> None:
    payload = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), *extra, *_TAIL))
    fee = payload.convenience_fee
    assert fee is not None
    assert (fee.indicator, fee.kind, fee.fixed, fee.percentage) == (indicator, kind, fixed, percentage)


# -- 62 (Table 3.7, 4.8.1.6) ---------------------------------------------------------------------


def test_additional_data_fields(full: qrpay.Payload) -> None:
    data = full.additional_data
    assert data is not None
    assert (data.bill_number, data.mobile_number, data.store_label, data.loyalty_number) == (
        "B1",
        "***",
        "S",
        "L",
    )
    assert (data.reference_label, data.customer_label, data.terminal_label, data.purpose) == (
        "R",
        "C",
        "T",
        "***",
    )
    assert data.consumer_data_request == frozenset({"A", "M", "E"})
    assert data.merchant_tax_id == "TX"
    assert data.merchant_channel == MerchantChannel("621")
    # "***" in 01-08 asks the app to prompt (4.8.1.1)
    assert data.prompts == frozenset({"mobile_number", "purpose"})
    assert [(p.tag, p.guid, p.get("01")) for p in data.payment_system_templates] == [
        ("50", "a.b", "X"),
        ("99", None, None),
    ]
    assert data.get("12") is None
    assert data.fields["11"] == "621" and len(data.fields) == 13


def test_additional_data_first_occurrence_and_empty_fields() -> None:
    text = sealed(
        t("00", "01"),
        t("15", "3" * 31),
        t("62", t("05", "FIRST") + t("05", "SECOND") + t("09", "***")),
        *_TAIL,
    )
    data = qrpay.decode(text).additional_data
    assert data is not None
    assert data.reference_label == "FIRST"
    assert data.fields == {"05": "FIRST", "09": "***"}
    # "***" outside 01-08 is no prompt (09 is the consumer data request: letters A, M, E)
    assert data.prompts == frozenset()
    assert data.consumer_data_request == frozenset("*")
    assert (data.bill_number, data.merchant_tax_id, data.merchant_channel) == (None, None, None)
    assert data.payment_system_templates == ()


def test_consumer_data_request_absent_is_empty() -> None:
    data = qrpay.decode(
        sealed(t("00", "01"), t("15", "3" * 31), t("62", t("01", "B")), *_TAIL)
    ).additional_data
    assert data is not None and data.consumer_data_request == frozenset()


@pytest.mark.parametrize(
    ("raw", "media", "location", "presence"),
    [
        ("000", "Print - Merchant sticker", "At Merchant premises/registered address", "Attended POI"),
        ("621", "Screen/Electronic - App", "Remote Commerce", "Unattended"),
        ("733", "Screen/Electronic - Other", "Other", "Other"),
        ("512", "Screen/Electronic - Website", "Not at Merchant premises/registered address",
         "Semi-attended (self-checkout)"),
        ("849", None, None, None),  # 8, 4 and 9 are RFU in Tables 4.5-4.7
        ("", None, None, None),
        ("4", "Screen/Electronic - Merchant POS/POI", None, None),
    ],
)  # fmt: skip
def test_merchant_channel_by_position(
    raw: str, media: str | None, location: str | None, presence: str | None
) -> None:
    channel = MerchantChannel(raw)
    assert (channel.media, channel.location, channel.presence) == (media, location, presence)


def test_a_62_that_is_not_a_template_has_no_view() -> None:
    payload = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), t("62", "xyz"), *_TAIL))
    assert payload.get("62") is not None
    assert payload.additional_data is None


# -- 64 (Table 3.8) ------------------------------------------------------------------------------


def test_language_template(full: qrpay.Payload) -> None:
    language = full.language
    assert language is not None
    assert (language.language_preference, language.merchant_name, language.merchant_city) == (
        "TH",
        "ร้าน",
        "กรุงเทพ",
    )
    assert [c.tag for c in language.objects] == ["00", "01", "02"]


def test_language_template_first_occurrence_wins_and_missing_is_none() -> None:
    text = sealed(
        t("00", "01"), t("15", "3" * 31), t("64", t("00", "ZH") + t("00", "EN") + t("01", "名")), *_TAIL
    )
    language = qrpay.decode(text).language
    assert language is not None
    assert (language.language_preference, language.merchant_name, language.merchant_city) == (
        "ZH",
        "名",
        None,
    )
    bad = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), t("64", "xyz"), *_TAIL))
    assert bad.language is None


# -- 65-99, 63 ------------------------------------------------------------------------------------


def test_rfu_and_unreserved(full: qrpay.Payload) -> None:
    assert [(o.tag, o.value) for o in full.rfu_objects] == [("65", "rfu")]
    [template] = full.unreserved_templates
    assert (template.tag, template.guid, template.get("01")) == ("80", "com.example.loyalty", "7")
    assert full.unreserved_template("80") == template
    assert full.unreserved_template("81") is None
    # unreserved_template reads any root tag as a template view
    assert full.unreserved_template("62") is not None


def test_rfu_range_ends() -> None:
    text = sealed(t("00", "01"), t("15", "3" * 31), *_TAIL, t("64", t("00", "EN") + t("01", "N")), t("79", "b"),
                  t("80", "c"), t("65", "a"))  # fmt: skip
    payload = qrpay.decode(text)
    assert [o.tag for o in payload.rfu_objects] == ["79", "65"]  # 64 and 80 are not RFU
    assert [o.tag for o in payload.unreserved_templates] == ["80"]


def test_crc_is_the_last_object_even_after_a_stray_63() -> None:
    body = t("00", "01") + t("15", "3" * 31) + t("63", "ABCD") + "".join(_TAIL) + "6304"
    text = body + f"{_crc16(body.encode()):04X}"
    payload = qrpay.decode(text)
    assert payload.crc == text[-4:]
    assert payload.value("63") == "ABCD"  # the first 63 in the index
    assert [i.code for i in payload.errors] == ["duplicate_tag"]


# -- raw access ----------------------------------------------------------------------------------


def test_get_value_and_contains(full: qrpay.Payload) -> None:
    assert full.get("54") is not None and full.value("54") == "120.50"
    assert full.value(("62", "05")) == "R"
    assert full.value(("62", "50", "01")) == "X"
    assert full.value(("62", "50", "02")) is None
    assert full.value(("62", "12")) is None
    assert full.get(()) is None
    assert full.value(("15", "00")) is None  # a primitive has no children
    assert full.value(("54", "00")) is None
    assert full.value(("27", "00")) is None  # absent root
    assert full.value("27") is None
    assert "54" in full and ("62", "05") in full and ("29", "01") in full
    assert "27" not in full and ("62", "12") not in full
    assert 54 not in full and None not in full and ["54"] not in full


def test_iteration_and_walk(full: qrpay.Payload) -> None:
    assert [o.tag for o in full] == [o.tag for o in full.objects]
    assert [o.tag for o in full][:4] == ["00", "01", "15", "29"]
    walked = [o.path for o in full.walk()]
    # depth first, in text order: a template's children follow it, before the next root ID
    assert walked[:8] == [
        ("00",),
        ("01",),
        ("15",),
        ("29",),
        ("29", "00"),
        ("29", "01"),
        ("31",),
        ("31", "00"),
    ]
    i = walked.index(("62", "50"))
    assert walked[i : i + 4] == [("62", "50"), ("62", "50", "00"), ("62", "50", "01"), ("62", "99")]
    assert walked[-1] == ("63",)
    assert len(walked) == sum(1 for _ in full.walk())


def test_issues_errors_warnings() -> None:
    # 54 with three decimals in THB (ISO 4217 minor unit 2) is an error; 61 missing is fine
    text = sealed(t("00", "01"), t("15", "3" * 31), t("54", "1.005"), *_TAIL)
    payload = qrpay.decode(text)
    assert [i.code for i in payload.errors] == ["amount_precision"]
    assert all(i.severity == "warning" for i in payload.warnings)
    assert set(payload.issues) == set(payload.errors) | set(payload.warnings)
    assert payload.is_valid is False
    clean = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), t("54", "1.00"), *_TAIL))
    assert (clean.errors, clean.is_valid) == ((), True)


def lower_case_crc_text() -> str:
    """A clean payload sealed with its CRC in lower case, chosen so the CRC has a letter."""
    for postal in range(10000, 10100):
        body = t("00", "01") + t("15", "3" * 31) + "".join(_TAIL) + t("61", str(postal)) + "6304"
        crc = f"{_crc16(body.encode()):04x}"
        if crc != crc.upper():
            return body + crc
    raise AssertionError("no CRC with a letter in 100 tries")  # pragma: no cover


def test_warnings_alone_leave_a_payload_valid() -> None:
    text = lower_case_crc_text()  # the crc_lowercase warning
    payload = qrpay.decode(text)
    assert [i.code for i in payload.warnings] == ["crc_lowercase"]
    assert (payload.errors, payload.is_valid) == ((), True)
    assert payload.to_text() == text  # kept as written


def test_length_unit_and_schemes(full: qrpay.Payload) -> None:
    assert full.length_unit is LengthUnit.CHARACTERS
    assert full.schemes == ("unionpay", "promptpay")


# -- identity, immutability, pickling ---------------------------------------------------------------


def test_equality_hash_repr(full: qrpay.Payload) -> None:
    again = qrpay.decode(FULL)
    assert again == full and hash(again) == hash(full) == hash(FULL)
    assert full != FULL  # a Payload is not its text
    assert full.__eq__(FULL) is NotImplemented
    assert repr(full) == f"Payload({FULL!r})"
    assert str(full) == FULL
    other = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), *_TAIL))
    assert other != full


def test_payload_is_immutable(full: qrpay.Payload) -> None:
    with pytest.raises(AttributeError) as caught:
        full.amount = Decimal("1")  # type: ignore[misc]
    assert caught.value.args[0] == "Payload is immutable; use replace() to change 'amount'"
    with pytest.raises(AttributeError) as caught:
        del full.amount
    assert caught.value.args[0] == "Payload is immutable"


def test_pickle_keeps_everything() -> None:
    text = lower_case_crc_text()
    payload = qrpay.decode(text)
    copy = pickle.loads(pickle.dumps(payload))
    assert copy.to_text() == text
    assert copy.issues == payload.issues and copy.issues != ()
    assert copy.length_unit is payload.length_unit
    assert copy.schemes == ("unionpay",)
    assert copy.objects == payload.objects


def test_pickle_keeps_the_length_unit() -> None:
    # lengths counted in UTF-8 bytes (a deviation qrpay reads with a warning): "é" is 2 bytes
    body = "000201" + "1531" + "3" * 31 + "52045812530376458" + "02TH" + "5905CAFé" + "6007BANGKOK" + "6304"
    text = body + f"{_crc16(body.encode()):04X}"
    payload = qrpay.decode(text)
    assert payload.length_unit is LengthUnit.UTF8_BYTES
    copy = pickle.loads(pickle.dumps(payload))
    assert copy.length_unit is LengthUnit.UTF8_BYTES
    assert copy.to_text() == text


def test_a_payload_built_from_objects_indexes_the_first_of_each_tag() -> None:
    payload = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), *_TAIL))
    rebuilt = qrpay.Payload(payload.objects)
    assert rebuilt.to_text() == payload.to_text()
    assert (rebuilt.issues, rebuilt.schemes, rebuilt.length_unit) == ((), (), LengthUnit.CHARACTERS)
    assert rebuilt.merchant_name == "SHOP"


# -- edits ---------------------------------------------------------------------------------------


def test_with_amount_refuses_a_non_bool_dynamic() -> None:
    payload = qrpay.decode(sealed(t("00", "01"), t("01", "11"), t("15", "3" * 31), *_TAIL))
    with pytest.raises(qrpay.InvalidRequest) as caught:
        payload.with_amount("5.00", dynamic="yes")  # type: ignore[arg-type]
    err = caught.value
    assert (err.code, err.path) == ("value_type", ("01",))
    assert err.args[0] == "dynamic: expected bool, got str 'yes' (Payload.with_amount)"
    assert err.ctx == {"keyword": "dynamic", "expected": "bool", "actual": "str"}


def test_with_amount_sets_01_only_when_dynamic() -> None:
    payload = qrpay.decode(sealed(t("00", "01"), t("01", "11"), t("15", "3" * 31), *_TAIL))
    dynamic = payload.with_amount("5")
    assert (dynamic.value("01"), dynamic.value("54")) == ("12", "5.00")
    static = payload.with_amount("5", dynamic=False, amount_style="minimal")
    assert (static.value("01"), static.value("54")) == ("11", "5")


def test_with_value_and_without() -> None:
    payload = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), t("62", t("05", "R1")), *_TAIL))
    assert payload.with_value(("62", "05"), "R2").value(("62", "05")) == "R2"
    assert payload.with_value("61", "10110").postal_code == "10110"
    assert payload.without(("62", "05")).value(("62", "05")) is None
    assert payload.without("62").additional_data is None


# -- what the mutation run of qrpay/model.py showed untested ---------------------------------------


def test_template_views_carry_value_offset_and_path(full: qrpay.Payload) -> None:
    data = full.additional_data
    assert data is not None
    first = data.payment_system_templates[0]
    value = t("00", "a.b") + t("01", "X")
    assert (first.value, first.offset, first.path) == (
        value,
        FULL.index("50" + f"{len(value):02d}" + value),
        ("62", "50"),
    )
    [loyalty] = full.unreserved_templates
    value = t("00", "com.example.loyalty") + t("01", "7")
    assert (loyalty.value, loyalty.offset, loyalty.path) == (value, FULL.index("8028" + value), ("80",))


def test_hooks_refuse_until_installed() -> None:
    from qrpay.model import Hooks

    hooks = Hooks()
    payload = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), *_TAIL))
    expected = "qrpay.schemes and qrpay.builder are not loaded; import qrpay (they plug into the model)"
    calls = [
        lambda: hooks.account_scheme(payload.objects[0], payload),
        lambda: hooks.view(payload, "khqr"),
        lambda: hooks.expiry(payload),
        lambda: hooks.edit(payload, {}),
        lambda: hooks.edit_path(payload, ("54",), None),
        lambda: hooks.summary(payload),
    ]
    for call in calls:
        with pytest.raises(RuntimeError) as caught:
            call()
        assert caught.value.args[0] == expected


def test_a_payload_built_from_objects_reads_its_accounts() -> None:
    payload = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), *_TAIL))
    rebuilt = qrpay.Payload(payload.objects)
    assert [(a.tag, a.scheme) for a in rebuilt.merchant_accounts] == [("15", "unionpay")]


def test_to_text_of_a_payload_without_a_crc_object() -> None:
    # no 63 among the objects: the CRC is computed afresh over the body and "6304"
    assert qrpay.Payload(()).to_text() == "6304" + f"{_crc16(b'6304'):04X}"
    objects = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), *_TAIL)).objects[:-1]
    body = t("00", "01") + t("15", "3" * 31) + "".join(_TAIL) + "6304"
    assert qrpay.Payload(objects).to_text() == body + f"{_crc16(body.encode()):04X}"


def three_digit_crc_objects() -> tuple[str, tuple[qrpay.tlv.DataObject, ...]]:
    """A body whose CRC is below 0x1000, decoded from its three-digit form ``6303xyz``
    (EMVCo signs "...6304"; the leading zero dropped is a deviation real codes have)."""
    for postal in range(10000, 20000):
        body = t("00", "01") + t("15", "3" * 31) + "".join(_TAIL) + t("61", str(postal))
        crc = _crc16((body + "6304").encode())
        if crc < 0x1000:
            text = body + "6303" + f"{crc:03X}"
            return text, qrpay.decode(text).objects
    raise AssertionError("no CRC below 0x1000 in 10000 tries")  # pragma: no cover


def test_to_text_keeps_a_three_digit_crc_without_the_decoders_warning() -> None:
    text, objects = three_digit_crc_objects()
    assert objects[-1].value == text[-3:]
    # a payload made from the objects alone has no crc_three_digits issue to say how the
    # field was written: the CRC is kept, with the length 03 (what most such codes carry)
    assert qrpay.Payload(objects).to_text() == text
    # while decoding, the scheme checks can ask for the text before the issues are set
    index = {o.tag: o for o in reversed(objects)}
    under_construction = qrpay.Payload._decoded(objects, index, LengthUnit.CHARACTERS)
    assert under_construction.to_text() == text


def test_view_goes_to_the_scheme(full: qrpay.Payload) -> None:
    view = full.view("promptpay")
    [transfer] = view.credit_transfers
    assert (transfer.tag, transfer.aid, transfer.proxy_value) == ("29", PROMPTPAY_GUID, "0066812345678")
    assert view.amount == Decimal("120.50")
    with pytest.raises(qrpay.QRPayError) as caught:
        full.view("no-such-scheme")
    assert caught.value.code == "unknown_scheme"


# -- what the mutation run with the properties mutated showed untested (issue 13) ---------------


def test_merchant_channel_reads_one_character_per_position() -> None:
    # Tables 4.5-4.7: 62/11 is three characters, one per table; a fourth is not read
    channel = MerchantChannel("0001")
    assert (channel.media, channel.location, channel.presence) == (
        "Print - Merchant sticker",
        "At Merchant premises/registered address",
        "Attended POI",
    )


def test_a_prompt_in_62_01_is_listed() -> None:
    # 4.8.1.1: "***" in any of 62/01-08 asks the app to prompt; 01 is the first of the range
    text = sealed(t("00", "01"), t("15", "3" * 31), t("62", t("01", "***") + t("09", "***")), *_TAIL)
    data = qrpay.decode(text).additional_data
    assert data is not None
    assert data.prompts == frozenset({"bill_number"})


def test_crc_of_objects_without_a_final_63() -> None:
    assert qrpay.Payload(()).crc is None
    # a stray 63 before the last object: crc falls back to the first 63 in the index
    objects = qrpay.decode(sealed(t("00", "01"), t("15", "3" * 31), t("63", "ABCD"), *_TAIL)).objects[:-1]
    assert [o.tag for o in objects][-2:] == ["59", "60"]
    assert qrpay.Payload(objects).crc == "ABCD"
    assert qrpay.Payload(objects[:2]).crc is None
