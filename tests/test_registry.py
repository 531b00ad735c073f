"""Invariants over the whole scheme registry (every profile, not one by one)."""

from __future__ import annotations

import importlib
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

import qrpay
from qrpay.schemes import BUILTIN, Registry, Scheme, all_schemes, get_scheme, registry
from tests.conftest import FIXTURES, ROOT, iter_vectors

#: the scheme ids issue 3 promises qrpay.detect returns
EXPECTED_IDS = {
    "khqr",
    "laoqr",
    "promptpay",
    "paynow",
    "sgqr",
    "duitnow",
    "qris",
    "vietqr",
    "qrph",
    "unionpay",
    "pix",
    "fps",
    "bharatqr",
    "jpqr",
    "lankaqr",
    "nepalpay",
    "fonepay",
    "raast",
    "keqr",
    "nqr",
}


def test_builtin_schemes_are_the_promised_set() -> None:
    assert set(BUILTIN) == EXPECTED_IDS
    assert [s.id for s in all_schemes()][: len(BUILTIN)] == list(BUILTIN)


def test_ids_and_identifiers_are_unique() -> None:
    schemes = all_schemes()
    assert len({s.id for s in schemes}) == len(schemes)
    guids = [g.upper() for s in schemes for g in s.guids]
    assert len(guids) == len(set(guids))
    with pytest.raises(ValueError, match="duplicate"):
        Registry.build([schemes[0], schemes[0]])


def test_registry_is_immutable() -> None:
    reg = registry()
    with pytest.raises(TypeError):
        reg.schemes["x"] = reg.schemes["promptpay"]  # type: ignore[index]
    assert reg is registry()


def test_unknown_scheme() -> None:
    with pytest.raises(qrpay.UnknownSchemeError) as caught:
        get_scheme("nope")
    assert caught.value.code == "unknown_scheme"
    assert isinstance(caught.value, LookupError)


@pytest.mark.parametrize("scheme", all_schemes(), ids=lambda s: s.id)
def test_scheme_profile_is_complete(scheme: Scheme) -> None:
    assert scheme.id == scheme.id.lower() and scheme.title and len(scheme.country) == 2
    assert scheme.references and scheme.examples and scheme.summary
    assert scheme.guids or scheme.guid_prefixes or scheme.matchers or scheme.claims
    assert scheme.check is not None and scheme.view is not None
    # a scheme without a builder says so in supports (qrpay encode lists only schemes with one)
    assert (scheme.build is not None) == ("build" in scheme.supports)
    module = importlib.import_module(scheme.module)
    assert module.SCHEME is scheme
    assert module.__doc__ and "More information" in module.__doc__
    assert (ROOT / "docs" / "schemes" / f"{scheme.id}.md").is_file()


@pytest.mark.parametrize("scheme", all_schemes(), ids=lambda s: s.id)
def test_examples_validate_round_trip_and_detect(scheme: Scheme) -> None:
    for example in scheme.examples:
        payload = qrpay.validate(example)
        assert qrpay.encode(payload) == example
        assert scheme.id in qrpay.detect(example)
        assert scheme.view is not None
    # what the view of the first example holds, read by hand from the example's text
    view = scheme.view(qrpay.validate(scheme.examples[0]))
    for name, expected in VIEW_HOLDS[scheme.id]:
        assert expected in scheme.examples[0], (name, expected)
        value: object = view
        for step in name.split("."):
            value = value[int(step)] if step.isdigit() else getattr(value, step)  # type: ignore[index]
        assert value == expected, name


#: per scheme: (attribute path in the view of the first example, the value in its text)
VIEW_HOLDS: dict[str, list[tuple[str, str]]] = {
    "khqr": [
        ("account.account_id", "khqr@aclb"),
        ("account.merchant_id", "85512464906"),
        ("merchant_name", "KHQR TESTING"),
        ("merchant_city", "Phnom Penh"),
    ],
    "laoqr": [
        ("account.tag", "38"),
        ("account.iin", "27710418"),
        ("account.payment_type", "002"),
        ("account.receiver_id", "mch19B73F61B9E"),
        ("unionpay.merchant_id", "mch19B73F61B9E0"),
    ],
    "promptpay": [
        ("credit_transfers.0.aid", "A000000677010111"),
        ("credit_transfers.0.proxy_value", "0066801234567"),
    ],
    "unionpay": [
        ("0.tag", "15"),
        ("0.acquirer_iin", "27380418"),
        ("0.forwarding_iin", "00520446"),
        ("0.merchant_id", "mch19B73F61B9E0"),
    ],
    "paynow": [
        ("accounts.0.proxy_value", "200002150HWCF"),
        ("reference", "INV/TEST/0001"),
        ("merchant_name", "company_1_data"),
    ],
    "sgqr": [
        ("info.sgqr_id", "1809072DD85C"),
        ("info.version", "01.0001"),
        ("info.postal_code", "079027"),
        ("info.unit_number", "06"),
        ("networks.0.guid", "SG.COM.NETS"),
    ],
    "duitnow": [
        ("account.acquirer_id", "501664"),
        ("account.qr_id", "123456789"),
        ("payload_format", "02"),
        ("merchant_category_code", "9999"),
    ],
    "qris": [
        ("pjsp_accounts.0.guid", "ID.CO.BCA.WWW"),
        ("pjsp_accounts.0.merchant_pan", "936000140001287667"),
        ("pjsp_accounts.0.merchant_id", "000885001287667"),
        ("central_repository.nmid", "ID1021081861606"),
    ],
    "vietqr": [
        ("beneficiary.aid", "A000000727"),
        ("beneficiary.bank_bin", "970415"),
        ("beneficiary.account_number", "0011001932418"),
        ("beneficiary.service_code", "QRIBFTTA"),
    ],
    "fps": [
        ("account.mobile", "+852-67891234"),
        ("reference_label", "INV/TEST/0001"),
        ("currency", "344"),
    ],
    "bharatqr": [
        ("cards.0.pan", "5287346823986423"),
        ("ifsc", "YESB0CMSNOC"),
        ("account_number", "2223330048827001"),
        ("vpa", "random@icici"),
        ("transaction_reference", "RZPFRu0HVS8RAvIgU"),
        ("terminal_id", "abcde"),
    ],
    "jpqr": [
        ("jpqr_id.store_code", "0000000000001"),
        ("jpqr_id.code_02", "0001"),
        ("local_name", "メルペイ カフェ"),
        ("postal_code", "1066143"),
    ],
    "lankaqr": [
        ("account.block", "1672800058120000000010000005"),
        ("transaction_id", "537c0a88562e4a599cab63d1992f0dac"),
        ("reference_label", "1600766683296-0005"),
        ("tip_indicator", "01"),
    ],
    "nepalpay": [
        ("account.account_id", "NCHL000210001000NOUOFMB"),
        ("account.acquirer_id", "00021000"),
        ("account.merchant_id", "1000NOUOFMB"),
        ("purpose", "Bill payment"),
    ],
    "fonepay": [
        ("account.merchant_id", "2222030018185764"),
        ("terminal_label", "1867409"),
        ("merchant_name", "SANJANA SHOE STORE"),
    ],
    "raast": [
        ("account.qr_id", "f5afde196d1845a59181b9e0a7c60e3e"),
        ("account.bic", "MUCBPKKKRTG"),
        ("account.iban", "PK58MUCB0077128401008349"),
        ("account.bank_code", "MUCB"),
    ],
    "keqr": [
        ("accounts.0.tag", "29"),
        ("timestamp", "11062025T125906"),
        ("merchant_name", "Thika Vivian Stores"),
    ],
    "nqr": [
        ("account.guid", "NG.COM.NIBSS-PLC.QR"),
        ("account.sub_merchant", "S0000000001"),
        ("account.order_number", "999166200521092252016378356101"),
        ("masked_15", "**999166**999166****M0000000001"),
    ],
    "qrph": [
        ("accounts.0.guid", "ph.ppmi.p2m"),
        ("accounts.0.bic", "RCBCPHMMXXX"),
        ("accounts.0.merchant_id", "000600788000696"),
        ("additional_data_guid", "ph.ppmi.qrph"),
    ],
    "pix": [
        ("account.gui", "br.gov.bcb.pix"),
        ("key", "123e4567-e12b-12d1-a456-426655440000"),
        ("merchant_name", "Fulano de Tal"),
        ("reference_label", "***"),
    ],
}


@pytest.mark.parametrize("scheme", all_schemes(), ids=lambda s: s.id)
def test_scheme_has_valid_and_invalid_fixtures_with_real_sources(scheme: Scheme) -> None:
    folder = FIXTURES / "schemes" / scheme.id
    vectors = [v for path, v in iter_vectors() if path.parent == folder]
    assert any(v["valid"] for v in vectors), f"no valid vector for {scheme.id}"
    assert any(not v["valid"] for v in vectors), f"no invalid vector for {scheme.id}"
    assert any(v["kind"] != "synthetic" for v in vectors), f"only synthetic vectors for {scheme.id}"
    assert (folder / "valid.json").is_file()
    valid_detected = [v for v in vectors if v["valid"] and scheme.id in v.get("schemes", [])]
    assert valid_detected, f"no valid vector states that it detects as {scheme.id}"


@pytest.mark.parametrize("scheme", all_schemes(), ids=lambda s: s.id)
def test_every_scheme_rule_code_has_a_vector(scheme: Scheme) -> None:
    """Each scheme issue code the module can raise appears in some vector (error or warning)."""
    import re

    source = importlib.import_module(scheme.module).__file__
    assert source is not None
    text = Path(source).read_text(encoding="utf-8")
    # issue(ID, "code", ...) calls name every code the check() hook can emit
    codes = set(re.findall(r'issue\(\s*ID,\s*f?"([a-z_0-9]+)"', text))
    seen = {v["error"]["code"] for _, v in iter_vectors() if "error" in v}
    seen |= {w for _, v in iter_vectors() for w in v.get("warnings", [])}
    missing = sorted(f"{scheme.id}.{c}" for c in codes if f"{scheme.id}.{c}" not in seen)
    assert missing == [], f"scheme rules without a vector: {missing}"


def test_data_files_name_their_source() -> None:
    for entry in resources.files("qrpay").joinpath("data").iterdir():
        if entry.name.endswith(".json"):
            data = json.loads(entry.read_text(encoding="utf-8"))
            assert data.get("source") and data.get("generated"), entry.name


def test_scheme_index_page_is_current() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "make_scheme_index.py"), "--check"], check=False
    )
    assert result.returncode == 0, "docs/schemes/index.md is stale: run scripts/make_scheme_index.py"


def test_relaxation_paths_exact_and_prefix() -> None:
    from qrpay.errors import Issue
    from qrpay.schemes import Relaxation

    exact = Relaxation("guid_format", ("82",))
    below = Relaxation("guid_format", ("82",), prefix=True)
    valued = Relaxation("payload_format_value", ("00",), frozenset({"02"}))
    at_82 = Issue("guid_format", ("82",), 0, "m", "warning")
    under_82 = Issue("guid_format", ("82", "00"), 4, "m", "warning")
    assert exact.matches(at_82) and not exact.matches(under_82)
    assert below.matches(under_82) and not below.matches(at_82)
    assert not below.matches(Issue("guid_format", ("83", "00"), 4, "m", "warning"))
    assert valued.matches(Issue("payload_format_value", ("00",), 0, "m", "warning", None, {"actual": "02"}))
    assert not valued.matches(
        Issue("payload_format_value", ("00",), 0, "m", "warning", None, {"actual": "03"})
    )
    # a scheme's own issues are never relaxed
    assert not exact.matches(Issue("guid_format", ("82",), 0, "m", "warning", "duitnow"))
