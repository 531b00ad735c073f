"""PayNow: builder against paynowqr / @chewhx/paynowqr / sgqr, normalisation, refusals, expiry, view."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import paynow
from tests.conftest import FIXTURES

#: the fixed clock of every crosscheck recording (fixtures/crosscheck/README.md)
CLOCK = datetime(2026, 1, 1, tzinfo=timezone.utc)


def _load(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / "crosscheck" / name).read_text(encoding="utf-8"))
    return data


PAYNOWQR = _load("paynow-paynowqr.json")
CHEWHX = _load("paynow-chewhx-paynowqr.json")
SGQR_NPM = _load("paynow-sgqr.json")


def _amount(value: Any) -> Any:
    """A JSON amount as the decimal the JS number prints as (paynowqr writes String(amount))."""
    return Decimal(repr(value)) if isinstance(value, float) else value


def paynowqr_kwargs(request: dict[str, Any]) -> dict[str, Any]:
    """paynowqr's options as qrpay keywords. paynowqr treats "" like a missing option and
    names the merchant "COMPANY" when no company is given: that default is made explicit
    here; nothing else is translated (no trimming, no invented expiry)."""
    options = request["input"]
    kwargs: dict[str, Any] = {"uen": options["uen"], "now": CLOCK}
    if options.get("amount") not in (None, ""):
        kwargs["amount"] = _amount(options["amount"])
    if "editable" in options:
        kwargs["editable"] = options["editable"]
    if options.get("expiry"):
        kwargs["expiry"] = options["expiry"]
    if options.get("refNumber"):
        kwargs["reference"] = options["refNumber"]
    kwargs["merchant_name"] = options.get("company") or "COMPANY"
    return kwargs


def sgqr_kwargs(request: dict[str, Any]) -> dict[str, Any]:
    """sgqr.generate's options as qrpay keywords, with sgqr's own defaults (editable false,
    expiry 20380119, empty merchant name, city Singapore). A missing comment is "no
    reference" (sgqr then writes an empty 62.01, see DIFFERS)."""
    options = request["input"]
    kwargs: dict[str, Any] = {"now": CLOCK}
    if options.get("number_type") == "UEN":
        kwargs["uen"] = options["number"]
    else:
        kwargs["mobile"] = options["number"]
    if "amount" in options:
        kwargs["amount"] = options["amount"]
    kwargs["editable"] = options.get("editable", False)
    kwargs["expiry"] = options.get("expiry_date", "20380119")
    kwargs["merchant_name"] = options.get("merchant_name", "")
    kwargs["merchant_city"] = options.get("merchant_city", "Singapore")
    if options.get("comments"):
        kwargs["reference"] = options["comments"]
    return kwargs


# Requests where qrpay deliberately does not do what the package does, and the code qrpay
# refuses with (docs/schemes/paynow.md, "Differences from paynowqr and sgqr").
REFUSED: dict[str, dict[str, str]] = {
    "paynow-paynowqr.json": {
        # its expiry 20201231 is long past at the recording clock: qrpay refuses an expired
        # code (the same request at a 2020 clock is byte-identical, test below)
        "paynow-uen-readme": "paynow.expired",
        # no amount and editable=false: paynowqr silently writes 03 = 1; the spec (2.2) says an
        # amount-less code must be editable, so qrpay refuses the contradiction
        "paynow-uen-no-amount-editable-false": "paynow.editable_without_amount",
        # 1e21 is written "1e+21" by paynowqr; qrpay writes digits, 22 of them: too long
        "paynow-uen-amount-1e21": "value_too_long",
        # amount 0 means "no amount" to paynowqr, which then writes 54 = "0" (EMVCo forbids zero)
        "paynow-uen-amount-0": "amount_zero",
        # paynowqr trims " 201403121W "; qrpay never rewrites input
        "paynow-uen-ref-trim": "paynow.uen_format",
        # a 30-character company is written as is; EMVCo allows 25
        "paynow-uen-company-30": "value_too_long",
        # 59 is format ans (printable ASCII); paynowqr also gets the CRC wrong for it
        "paynow-uen-company-latin1": "invalid_character",
        # paynowqr throws RangeError; qrpay refuses with a reason
        "paynow-uen-company-cjk": "invalid_character",
        # a mobile number given as a UEN keeps proxy type 2 in paynowqr
        "paynow-mobile-as-uen": "paynow.uen_format",
    },
    "paynow-chewhx-paynowqr.json": {
        "paynow-uen-readme": "paynow.expired",
        "paynow-uen-empty-strings": "amount_zero",
        "paynow-uen-ref-trim": "paynow.uen_format",
        "paynow-uen-company-latin1": "invalid_character",
        "paynow-uen-company-cjk": "invalid_character",
    },
    "paynow-sgqr.json": {
        # sgqr writes a zero-length merchant name (5900) when none is given; lengths run 01-99
        "sgqr-mobile-readme": "value_empty",
        "sgqr-mobile-amount-1": "value_empty",
        "sgqr-mobile-amount-1.2": "value_empty",
        "sgqr-mobile-amount-420.69": "value_empty",
        "sgqr-mobile-editable": "value_empty",
        "sgqr-uen-expiry": "value_empty",
        "sgqr-currency-usd": "value_empty",  # and USD/US, which qrpay's builder cannot express
        "sgqr-mobile-amount-number": "value_empty",  # sgqr throws on a number amount
        # a transaction reference with a mobile proxy (spec 2.3: UEN only)
        "sgqr-mobile-comments": "paynow.reference_mobile",
        "sgqr-mobile-comments-100": "paynow.reference_mobile",
        # amount "0" and "": sgqr writes 54010 and 5400
        "sgqr-mobile-amount-0": "amount_zero",
        "sgqr-mobile-amount-empty": "amount_format",
        # no amount with sgqr's default editable=false (sgqr itself throws)
        "sgqr-mobile-no-amount": "paynow.editable_without_amount",
        "sgqr-mobile-name-latin1": "invalid_character",
        "sgqr-mobile-name-cjk": "invalid_character",
    },
}

# Requests qrpay builds, differently, on purpose. Each entry: what the package's payload
# breaks under qrpay's rules, and what qrpay's payload leaves out or changes to obey them.
DIFFERS: dict[str, dict[str, dict[str, Any]]] = {
    "paynow-paynowqr.json": {
        # no amount and no expiry: paynowqr writes 54 = "0" (EMVCo 4.7.4.1 forbids zero), invents
        # an expiry five years ahead and marks the code dynamic; qrpay writes no 54, no expiry,
        # and POI 11 (static) as EMVCo defines a code without an amount
        "paynow-uen-only": {
            "their_errors": {("amount_zero", ("54",))},
            "dropped": {("54",), ("26", "04")},
            "changed": {("01",): "11"},
        },
    },
    "paynow-chewhx-paynowqr.json": {},
    "paynow-sgqr.json": {
        # no comment: sgqr writes a zero-length bill number (62040100); qrpay writes no 62
        "sgqr-uen-readme": {
            "their_errors": {("value_empty", ("62", "01"))},
            "dropped": {("62",), ("62", "01")},
            "changed": {},
        },
    },
}

# Requests that make the package throw; qrpay builds them.
ACCEPTED_WHERE_THEY_THROW = {"paynow-chewhx-paynowqr.json": {"paynow-missing-expiry"}}

CASES = [
    pytest.param(name, data, request_, id=f"{data['package']}:{request_['id']}")
    for name, data in (
        ("paynow-paynowqr.json", PAYNOWQR),
        ("paynow-chewhx-paynowqr.json", CHEWHX),
        ("paynow-sgqr.json", SGQR_NPM),
    )
    for request_ in data["requests"]
]


def _flat(payload: qrpay.Payload) -> dict[tuple[str, ...], str]:
    return {o.path: o.value for o in payload.walk() if o.tag != "63" or len(o.path) > 1}


@pytest.mark.parametrize(("name", "data", "request_"), CASES)
def test_builder_against_npm_paynow_generators(
    name: str, data: dict[str, Any], request_: dict[str, Any]
) -> None:
    rid = request_["id"]
    kwargs = sgqr_kwargs(request_) if name == "paynow-sgqr.json" else paynowqr_kwargs(request_)
    if rid in REFUSED[name]:
        with pytest.raises(qrpay.InvalidRequest) as caught:
            paynow.build(**kwargs)
        assert caught.value.code == REFUSED[name][rid]
        return
    ours = paynow.build(**kwargs)
    assert ours.is_valid
    if rid in ACCEPTED_WHERE_THEY_THROW.get(name, set()):
        assert "output" not in request_
        return
    theirs = qrpay.decode(request_["output"], now=CLOCK)
    if rid in DIFFERS[name]:
        diff = DIFFERS[name][rid]
        assert {(i.code, i.path) for i in theirs.errors} == diff["their_errors"]
        expected = {p: v for p, v in _flat(theirs).items() if p not in diff["dropped"]}
        expected.update(diff["changed"])
        # 26's own value changes with its dropped children: compare the leaves
        got = {p: v for p, v in _flat(ours).items() if len(p) > 1 or p[0] not in ("26", "62")}
        want = {p: v for p, v in expected.items() if len(p) > 1 or p[0] not in ("26", "62")}
        assert got == want
        return
    # everything else: byte for byte, CRC included (both write canonical order)
    assert ours.to_text() == request_["output"]


def test_every_crosscheck_request_is_accounted_for() -> None:
    for name, data in (
        ("paynow-paynowqr.json", PAYNOWQR),
        ("paynow-chewhx-paynowqr.json", CHEWHX),
        ("paynow-sgqr.json", SGQR_NPM),
    ):
        ids = {r["id"] for r in data["requests"]}
        assert set(REFUSED[name]) <= ids and set(DIFFERS[name]) <= ids
    assert (PAYNOWQR["package"], PAYNOWQR["version"]) == ("paynowqr", "1.1.2")
    assert (CHEWHX["package"], CHEWHX["version"]) == ("@chewhx/paynowqr", "1.1.0")
    assert (SGQR_NPM["package"], SGQR_NPM["version"]) == ("sgqr", "0.8.2")


def test_identical_count() -> None:
    """How many requests give byte-identical payloads (docs/schemes/paynow.md quotes these)."""
    identical = {}
    for name, data in (
        ("paynow-paynowqr.json", PAYNOWQR),
        ("paynow-chewhx-paynowqr.json", CHEWHX),
        ("paynow-sgqr.json", SGQR_NPM),
    ):
        skip = set(REFUSED[name]) | set(DIFFERS[name]) | ACCEPTED_WHERE_THEY_THROW.get(name, set())
        identical[name] = len([r for r in data["requests"] if r["id"] not in skip])
    assert identical == {"paynow-paynowqr.json": 11, "paynow-chewhx-paynowqr.json": 3, "paynow-sgqr.json": 1}


def test_paynowqr_readme_example_is_identical_before_its_expiry() -> None:
    request_ = next(r for r in PAYNOWQR["requests"] if r["id"] == "paynow-uen-readme")
    kwargs = paynowqr_kwargs(request_) | {"now": datetime(2020, 6, 1, tzinfo=timezone.utc)}
    assert paynow.build(**kwargs).to_text() == request_["output"]


def test_sgqr_usd_request_breaks_paynow_rules() -> None:
    """sgqr writes 53 = 840 and 58 = US on request; qrpay's builder has no such keyword."""
    request_ = next(r for r in SGQR_NPM["requests"] if r["id"] == "sgqr-currency-usd")
    codes = {i.code for i in qrpay.decode(request_["output"], now=CLOCK).errors}
    assert {"paynow.currency", "paynow.country", "value_empty"} <= codes


def test_paynow_generator_output_is_malformed() -> None:
    """paynow-generator 1.0.7 hard-codes template 26's length; its output is invalid
    (fixtures/schemes/paynow/invalid.json keeps it as invalid vectors)."""
    data = _load("paynow-paynow-generator.json")
    for request_ in data["requests"]:
        if request_.get("output"):
            assert not qrpay.is_valid(request_["output"], now=CLOCK), request_["id"]


# -- normalisation and refusals ------------------------------------------------------------------


@pytest.mark.parametrize("mobile", ["+6591234567", "+65 9123 4567", "+65-9123-4567", "+65 (9123) 4567"])
def test_mobile_normalisation(mobile: str) -> None:
    assert paynow.normalize_mobile(mobile) == "+6591234567"
    built = paynow.build(mobile=mobile)
    assert built.value(("26", "02")) == "+6591234567"
    assert built.value(("26", "01")) == "0"


@pytest.mark.parametrize("mobile", ["91234567", "6591234567", "+65 9123 456a", "+", "+6591234567890123", ""])
def test_mobile_without_plus_and_dialling_code_is_refused(mobile: str) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        paynow.build(mobile=mobile)
    assert caught.value.code == "paynow.mobile_format"
    assert caught.value.path == ("26", "02")


def test_published_payloads_are_rebuilt_byte_for_byte() -> None:
    # a static mobile code with an amount (a public Rust test fixture, search index id 66628655022)
    rust_fixture = (
        "00020101021126380009SG.PAYNOW010100211+65912345670301152045999530370254041.005802SG"
        "5913TEST MERCHANT6009SINGAPORE63046B0D"
    )
    built = paynow.build(
        mobile="+6591234567",
        amount="1.00",
        editable=True,
        initiation="static",
        merchant_category_code="5999",
        merchant_name="TEST MERCHANT",
        merchant_city="SINGAPORE",
    )
    assert built.to_text() == rust_fixture
    # jaynzr/go-paynow paynow_test.go TestPayNowUEN (UEN with suffix, expiry 99991231)
    go_paynow = (
        "00020101021226520009SG.PAYNOW010120213S99345678ABCD03011040899991231520400005303702540512.345802SG"
        "5912ACME Pte Ltd6009Singapore62110107INV123463041E74"
    )
    built = paynow.build(
        uen="S99345678ABCD",
        amount="12.34",
        editable=True,
        expiry="99991231",
        reference="INV1234",
        merchant_name="ACME Pte Ltd",
    )
    assert built.to_text() == go_paynow
    assert [i.code for i in built.issues] == ["paynow.uen_form"]  # S99345678A is not an ACRA form


def test_odoo_payload_is_rebuilt_byte_for_byte() -> None:
    odoo = (
        "00020101021226400009SG.PAYNOW010120213200002150HWCF0301052040000530370254031005802SG"
        "5914company_1_data6009Singapore62170113INV/TEST/0001630416C8"
    )
    built = paynow.build(
        uen="200002150HWCF", amount=100, reference="INV/TEST/0001", merchant_name="company_1_data"
    )
    assert built.to_text() == odoo


def test_fixed_amount_style_and_initiation() -> None:
    built = paynow.build(uen="201403121W", amount="5", amount_style="fixed", initiation="static")
    assert built.value("54") == "5.00" and built.value("01") == "11"


@pytest.mark.parametrize(
    ("kwargs", "code"),
    [
        ({}, "paynow.proxy_value"),
        ({"mobile": "+6591234567", "uen": "201403121W"}, "paynow.proxy_value"),
        ({"uen": "201403121w"}, "paynow.uen_format"),
        ({"uen": "20140312"}, "paynow.uen_format"),
        ({"uen": "201403121W12"}, "paynow.uen_form"),  # not refused: a warning, see below
        ({"uen": "201403121W", "editable": False}, "paynow.editable_without_amount"),
        ({"mobile": "+6591234567", "reference": "INV1"}, "paynow.reference_mobile"),
        ({"uen": "201403121W", "expiry": "20261301"}, "paynow.expiry_format"),
        ({"uen": "201403121W", "expiry": "2026-12-31"}, "paynow.expiry_format"),
        (
            {"uen": "201403121W", "expiry": datetime(2026, 12, 31, tzinfo=timezone.utc)},
            "paynow.expiry_format",
        ),
        ({"uen": "201403121W", "expiry": "20251231"}, "paynow.expired"),
        ({"uen": "201403121W", "amount": 1.5}, "amount_type"),
        ({"uen": "201403121W", "amount": "1.234"}, "amount_precision"),
        ({"uen": "201403121W", "reference": "R" * 26}, "value_too_long"),
        ({"uen": "201403121W", "tag": "52"}, "unknown_field"),
    ],
)
def test_builder_refusals(kwargs: dict[str, Any], code: str) -> None:
    kwargs = {"now": CLOCK} | kwargs
    if code == "paynow.uen_form":
        built = paynow.build(**kwargs)  # ACRA's forms are a warning: built, and the warning stays
        assert [i.code for i in built.issues] == ["paynow.uen_form"]
        return
    with pytest.raises(qrpay.InvalidRequest) as caught:
        paynow.build(**kwargs)
    assert caught.value.code == code


def test_defaults_follow_sgqr_table_3_1() -> None:
    built = paynow.build(uen="201403121W")
    assert (built.merchant_category_code, built.merchant_name, built.merchant_city) == (
        "0000",
        "NA",
        "Singapore",
    )
    assert (built.currency_code, built.country_code) == ("702", "SG")
    assert built.value(("26", "03")) == "1" and built.value(("26", "04")) is None
    with_amount = paynow.build(uen="201403121W", amount="12.30")
    assert with_amount.value(("26", "03")) == "0" and with_amount.value("54") == "12.30"
    assert with_amount.is_dynamic


def test_floating_tag() -> None:
    built = paynow.build(uen="201403121W", tag="30")
    assert built.schemes == ("paynow",)
    assert built.view("paynow").account.tag == "30"


# -- expiry ------------------------------------------------------------------------------------

SGT = paynow.SGT


def test_date_expiry_lasts_to_the_end_of_the_day_in_singapore() -> None:
    built = paynow.build(uen="201403121W", expiry=date(2026, 12, 31), now=CLOCK)
    text = built.to_text()
    assert built.value(("26", "04")) == "20261231"
    last = datetime(2026, 12, 31, 23, 59, 59, tzinfo=SGT)
    assert qrpay.is_valid(text, now=last)
    assert not qrpay.is_valid(text, now=last + timedelta(seconds=1))
    # 2026-12-31T16:00Z is midnight in Singapore
    assert not qrpay.is_valid(text, now=datetime(2026, 12, 31, 16, 0, tzinfo=timezone.utc))
    assert qrpay.decode(text).expires_at() == datetime(2027, 1, 1, tzinfo=SGT)


def test_datetime_expiry_is_singapore_time() -> None:
    built = paynow.build(uen="201403121W", amount="1", expiry="20261231235959", now=CLOCK)
    text = built.to_text()
    assert qrpay.is_valid(text, now=datetime(2026, 12, 31, 15, 59, 59, tzinfo=timezone.utc))
    found = qrpay.check(text, now=datetime(2026, 12, 31, 16, 0, 0, tzinfo=timezone.utc))
    assert [(i.code, i.path) for i in found] == [("paynow.expired", ("26", "04"))]


def test_expiry_9999_never_overflows() -> None:
    built = paynow.build(uen="201403121W", expiry="99991231", now=CLOCK)
    assert built.is_valid
    view = built.view("paynow")
    assert view.account.expiry == date(9999, 12, 31)


# -- view ----------------------------------------------------------------------------------------


def test_view() -> None:
    shopee = qrpay.decode(
        "00020101021226570009SG.PAYNOW010120213201929813CSPW030110513SPW658227463052040000530370254031005802SG"
        "5925SHOPEEPAY PRIVATE LIMITED6009SINGAPORE630426E1"
    )
    view = shopee.view("paynow")
    account = view.account
    assert account is not None
    assert account.proxy_type is paynow.ProxyType.UEN
    assert (account.uen, account.uen_base, account.uen_suffix) == ("201929813CSPW", "201929813C", "SPW")
    assert account.mobile is None
    assert account.editable is True and view.amount_editable
    assert account.other == {"05": "SPW6582274630"}
    assert view.amount == Decimal("100") and view.reference is None
    mobile = paynow.view(paynow.build(mobile="+6591234567", amount="1.50"))
    assert mobile.account is not None and mobile.account.mobile == "+6591234567"
    assert mobile.account.uen_base is None and not mobile.amount_editable
