"""Pix: real codes, the builder against npm @brazilian-utils/brazilian-utils and pix-utils, the
decoder's verdicts against brazilian-utils' validator, key check digits against its CPF/CNPJ
validators, refusals and the typed view."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

import qrpay
from qrpay.schemes import pix
from tests.conftest import FIXTURES


def _load(path: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((FIXTURES / path).read_text(encoding="utf-8"))
    return data


BU = _load("crosscheck/pix-brazilian-utils.json")
PU = _load("crosscheck/pix-pix-utils.json")
BUILT = _load("crosscheck/pix-qrpay-built.json")
INCOMING = _load("incoming/real-pix.json")
EVP = "123e4567-e12b-12d1-a456-426655440000"


def _amount(value: Any) -> Any:
    """A JSON amount as the decimal the JS number prints as."""
    return Decimal(repr(value)) if isinstance(value, float) else value


# -- real codes --------------------------------------------------------------------------------

REAL = [v for v in INCOMING["vectors"] if v["crc_ok"]]


@pytest.mark.parametrize("vector", REAL, ids=lambda v: v["url"].rsplit("/", 1)[-1][:60])
def test_real_codes_decode_round_trip_and_are_pix(vector: dict[str, Any]) -> None:
    """Every CRC-valid Pix payload found in public repositories (fixtures/incoming/real-pix.json,
    each pinned to a commit) decodes, gives back its exact text and is detected as pix."""
    payload = qrpay.decode(vector["payload"])
    assert payload.to_text() == vector["payload"]
    assert payload.schemes == ("pix",)
    assert payload.view("pix").account is not None


def test_the_real_code_with_a_bad_crc_is_refused() -> None:
    (bad,) = [v for v in INCOMING["vectors"] if not v["crc_ok"]]
    with pytest.raises(qrpay.CRCError) as caught:
        qrpay.decode(bad["payload"])
    assert caught.value.code == "crc_mismatch"


# (payload, source, what the BCB or the implementation says about it)
BCB_EXAMPLES = [
    # static example of the Manual de Padrões para Iniciação do Pix (world-schemes.md appendix,
    # brazilian-utils test BACEN_STATIC)
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal"
    "6008BRASILIA62070503***63041D3D",
    # composite example of manual 2.8.2 (world-schemes.md appendix, brazilian-utils BACEN_COMPOSITE_STATIC)
    "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865406100.505802BR5913"
    "Fulano de Tal6008BRASILIA62070503***80740014br.gov.bcb.pix2552pix.example.com/rec/2353c790eefb11eaadc10242ac120002"
    "63042875",
    # Pix Saque (world-schemes.md appendix, brazilian-utils test)
    "00020126700014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-42665544000003081234567852040000530398654040.00"
    "5802BR5913Fulano de Tal6008BRASILIA62070503***63043A07",
    # bacen/pix-api openapi.yaml line 3570: Pix Automático without a payment (26 holds only the GUI)
    "00020126180014br.gov.bcb.pix5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80800014br.gov.bcb.pix"
    "2558pix.example.com/qr/v2/rec/2353c790eefb11eaadc10242ac120002630462C9",
]


@pytest.mark.parametrize("text", BCB_EXAMPLES)
def test_bcb_examples_are_valid_pix(text: str) -> None:
    payload = qrpay.validate(text)
    assert payload.schemes == ("pix",)
    assert [i.code for i in payload.issues] == []


def test_view_of_the_bcb_composite_static_example() -> None:
    view = qrpay.decode(BCB_EXAMPLES[1]).view("pix")
    assert view.key == EVP and view.key_type is pix.KeyType.EVP
    assert view.is_static and not view.is_dynamic and view.txid is None
    assert view.amount == Decimal("100.50")
    assert view.recurrence_url == "pix.example.com/rec/2353c790eefb11eaadc10242ac120002"
    assert view.is_recurring and not view.is_withdrawal


def test_view_of_a_dynamic_bank_code() -> None:
    # Safra homologation code (NascentSecureTech/pix-qrcode-utils, fixtures/incoming/real-pix.json)
    text = (
        "00020101021226760014BR.GOV.BCB.PIX2554pix-h.safra.com.br/gi/8985c9ad21494cb4bf0bdf2d9928ad4852040000530398654"
        "0513.135802BR5921COM E IMP SERTIC LTDA6009SAO PAULO62230519202010251755fd714176304CED5"
    )
    payload = qrpay.decode(text)
    view = payload.view("pix")
    assert view.is_dynamic and view.key is None and view.key_type is None
    assert view.url == "pix-h.safra.com.br/gi/8985c9ad21494cb4bf0bdf2d9928ad48"
    assert view.account is not None and view.account.gui == "BR.GOV.BCB.PIX"
    # a dynamic code's txid is at the location; the 19 characters in 62/05 are ignored and wrong
    assert view.txid is None and view.reference_label == "202010251755fd71417"
    assert [(i.code, i.path) for i in payload.errors] == [("pix.dynamic_txid", ("62", "05"))]


def test_view_of_saque_and_description() -> None:
    view = qrpay.decode(BCB_EXAMPLES[2]).view("pix")
    assert view.is_withdrawal and view.account is not None and view.account.fss == "12345678"
    text = (
        "00020126570014BR.GOV.BCB.PIX0114607011900001040217Mensagem opcional52040000530398654041.225802BR5920"
        "Teste Batch atualiza6009SAO PAULO622605221t9OGEuUWlqWQiY0CU2YmA63048179"
    )  # emvqr.js test (fixtures/incoming/real-pix.json)
    view = qrpay.decode(text).view("pix")
    assert (view.key, view.key_type) == ("60701190000104", pix.KeyType.CNPJ)
    assert view.account is not None and view.account.description == "Mensagem opcional"
    assert view.txid == "1t9OGEuUWlqWQiY0CU2YmA"


def test_describe_names_the_key_type_and_the_locations() -> None:
    payload = qrpay.decode(BCB_EXAMPLES[1])
    scheme = qrpay.get_scheme("pix")
    assert scheme.describe is not None
    assert scheme.describe(payload, ("26", "01"), EVP) == "Pix key: random key (EVP)"
    assert scheme.describe(payload, ("62", "05"), "***") == "no txid"
    assert "recurrence" in (scheme.describe(payload, ("80", "25"), "x") or "")
    assert scheme.describe(payload, ("26", "01"), "12345678909") == "Pix key: CPF"
    assert scheme.describe(payload, ("59",), "Fulano de Tal") is None
    assert scheme.field_names["account.01"] == "Pix key (chave)"


# -- keys and check digits ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("key", "kind"),
    [
        ("12345678909", pix.KeyType.CPF),
        ("60701190000104", pix.KeyType.CNPJ),
        ("12ABC34501DE35", pix.KeyType.CNPJ),
        ("+5561912345678", pix.KeyType.PHONE),
        ("+351912345678", pix.KeyType.PHONE),
        ("fulano.de.tal@example.com", pix.KeyType.EMAIL),
        (EVP, pix.KeyType.EVP),
        ("123.456.789-09", None),
        ("12abc34501de35", None),
        (EVP.upper(), None),
        ("Fulano@Example.com", None),
        ("5561912345678", None),
        ("+0123", None),
        ("a" * 66 + "@example.com", None),  # 78 characters: over the DICT's 77
    ],
)
def test_key_type(key: str, kind: pix.KeyType | None) -> None:
    assert pix.key_type(key) is kind


@pytest.mark.parametrize("row", BU["check_digits"]["cpf"], ids=lambda r: r["base"])
def test_cpf_check_digits_match_brazilian_utils(row: dict[str, Any]) -> None:
    assert [pix.cpf_check_digits(row["base"])] == row["accepted"]


@pytest.mark.parametrize("row", BU["check_digits"]["cnpj"], ids=lambda r: r["base"])
def test_cnpj_check_digits_match_brazilian_utils(row: dict[str, Any]) -> None:
    """Numeric and alphanumeric CNPJ: qrpay's digits are the only ones isValidCnpj (version 2) accepts."""
    assert [pix.cnpj_check_digits(row["base"])] == row["accepted"]


def test_receita_federal_alphanumeric_example() -> None:
    # the example of Receita Federal's alphanumeric CNPJ material, quoted in world-schemes.md section 1
    assert pix.cnpj_check_digits("12ABC34501DE") == "35"


@pytest.mark.parametrize("entry", [k for k in BU["keys"] if pix.key_type(k["key"]) is not None], ids=str)
def test_keys_in_dict_form_judged_like_brazilian_utils(entry: dict[str, Any]) -> None:
    """For keys already in the DICT form, isValidPixKey and qrpay's builder agree (the package also
    accepts masked and upper-case forms and normalizes them; qrpay refuses them, see below)."""
    try:
        pix.build(key=entry["key"], merchant_name="A", merchant_city="B")
        built = True
    except qrpay.InvalidRequest:
        built = False
    assert built == entry["valid"]


# -- the builder against the npm implementations ------------------------------------------------


def bu_kwargs(request: dict[str, Any]) -> dict[str, Any]:
    """generatePixPayload's params as qrpay keywords (nothing translated but the names)."""
    params = request["input"]
    names = {"merchantName": "merchant_name", "merchantCity": "merchant_city", "key": "key", "url": "url"}
    names |= {"txid": "txid", "description": "description"}
    kwargs = {names[k]: v for k, v in params.items() if k in names}
    if "amount" in params:
        kwargs["amount"] = _amount(params["amount"])
    return kwargs


def pixutils_kwargs(request: dict[str, Any]) -> dict[str, Any]:
    """pix-utils' params as qrpay keywords; transactionAmount 0 is its "no amount"."""
    params = request["input"]
    names = {
        "merchantName": "merchant_name",
        "merchantCity": "merchant_city",
        "pixKey": "key",
        "url": "url",
        "urlRec": "recurrence_url",
        "txid": "txid",
        "infoAdicional": "description",
        "fss": "fss",
    }
    kwargs = {names[k]: v for k, v in params.items() if k in names}
    if params.get("transactionAmount"):
        kwargs["amount"] = _amount(params["transactionAmount"])
    return kwargs


#: requests where the package writes a payload and qrpay refuses, with qrpay's code
REFUSED = {
    "pix-brazilian-utils.json": {
        # the package normalizes keys to the DICT form; qrpay never rewrites what it is given
        "static-cpf-masked": "pix.key_format",
        "static-evp-upper-case": "pix.key_format",
        "static-email-upper-case": "pix.key_format",
        # the package strips accents (José -> Jose); 59 and 60 are format ans (EMVCo MPM 4.5.2.1) and
        # qrpay does not rewrite the name
        "static-accented-name": "invalid_character",
    },
    "pix-pix-utils.json": {
        "static-txid-hyphen": "pix.txid_format",  # manual 2.6.2; pix-utils only checks the length
        "static-cpf-bad-digits": "pix.key_check_digit",  # pix-utils does not check keys
        "dynamic-https": "pix.url_scheme",  # manual 2.5.2: the location has no scheme
    },
}
#: requests qrpay builds and the package refuses
BUILT_WHERE_THEY_REFUSE = {
    # brazilian-utils refuses an amount with a location (the amount is the charge's); EMVCo allows
    # 54 there, and qrpay writes it
    "pix-brazilian-utils.json": {"dynamic-with-amount"},
    "pix-pix-utils.json": set(),
}
#: requests both build, differently: the package's rewrite that qrpay does not do
DIFFERS = {
    "pix-brazilian-utils.json": {},
    "pix-pix-utils.json": {
        # pix-utils upper-cases the name; qrpay writes it as given
        "static-lower-case-name": ("59", "Fulano de Tal"),
        # pix-utils writes no Point of Initiation on a dynamic code unless oneTime; qrpay writes 12
        "dynamic": ("01", "12"),
    },
}
CROSSCHECK = {"pix-brazilian-utils.json": (BU, bu_kwargs), "pix-pix-utils.json": (PU, pixutils_kwargs)}
CASES = [
    pytest.param(name, request, id=f"{name}:{request['id']}")
    for name, (data, _) in CROSSCHECK.items()
    for request in data["requests"]
]


def _try_build(kwargs: dict[str, Any]) -> tuple[str | None, str | None]:
    try:
        return pix.build(**kwargs).to_text(), None
    except qrpay.InvalidRequest as err:
        return None, err.code


@pytest.mark.parametrize(("name", "request_"), CASES)
def test_builder_against_npm_pix_generators(name: str, request_: dict[str, Any]) -> None:
    _, to_kwargs = CROSSCHECK[name]
    ours, code = _try_build(to_kwargs(request_))
    theirs = request_.get("output")
    rid = request_["id"]
    if rid in REFUSED[name]:
        assert theirs is not None and code == REFUSED[name][rid]
    elif rid in BUILT_WHERE_THEY_REFUSE[name]:
        assert theirs is None and ours is not None and qrpay.is_valid(ours)
    elif rid in DIFFERS[name]:
        assert ours is not None and theirs is not None and ours != theirs
        tag, value = DIFFERS[name][rid]
        assert qrpay.decode(ours).value(tag) == value
    elif theirs is None:
        assert code is not None, f"{rid}: the package refuses, qrpay builds {ours}"
    else:
        assert ours == theirs


@pytest.mark.parametrize("name", list(CROSSCHECK))
def test_identical_outputs(name: str) -> None:
    """How many requests both answer with the same bytes (docs/schemes/pix.md, Cross-check)."""
    data, to_kwargs = CROSSCHECK[name]
    same = sum(1 for r in data["requests"] if r.get("output") and _try_build(to_kwargs(r))[0] == r["output"])
    refused_both = sum(1 for r in data["requests"] if "output" not in r and _try_build(to_kwargs(r))[1])
    assert (same, refused_both) == {"pix-brazilian-utils.json": (9, 10), "pix-pix-utils.json": (12, 1)}[name]


def test_every_exception_names_a_recorded_request() -> None:
    for name, (data, _) in CROSSCHECK.items():
        ids = {r["id"] for r in data["requests"]}
        assert set(REFUSED[name]) | BUILT_WHERE_THEY_REFUSE[name] | set(DIFFERS[name]) <= ids


# -- qrpay's payloads judged by the packages ----------------------------------------------------


@pytest.mark.parametrize("request_", BUILT["requests"], ids=lambda r: r["id"])
def test_builder_still_writes_the_recorded_payloads(request_: dict[str, Any]) -> None:
    """fixtures/crosscheck/pix-qrpay-built.json is what the npm drivers judged: it must stay current."""
    assert pix.build(**request_["fields"]).to_text() == request_["output"]


#: qrpay-built payloads brazilian-utils refuses: a Pix Automático code without a payment has
#: only the GUI in 26; the package wants a key or a location, the BCB's own API specification
#: (bacen/pix-api openapi.yaml line 3570) has exactly this payload
BU_REFUSES_BUILT = {"qrpay-built-automatico-only"}


@pytest.mark.parametrize("entry", [v for v in BU["verify"] if v["id"].startswith("qrpay-built-")], ids=str)
def test_brazilian_utils_accepts_what_qrpay_builds(entry: dict[str, Any]) -> None:
    assert entry["valid"] is (entry["id"] not in BU_REFUSES_BUILT)
    if entry["valid"]:
        view = qrpay.decode(entry["payload"]).view("pix")
        info = entry["info"]
        assert info.get("key") == view.key and info.get("url") == view.url
        assert info.get("txid") == view.txid


@pytest.mark.parametrize("entry", [v for v in PU["verify"] if v["id"].startswith("qrpay-built-")], ids=str)
def test_pix_utils_parses_what_qrpay_builds(entry: dict[str, Any]) -> None:
    view = qrpay.decode(entry["payload"]).view("pix")
    assert "error" not in entry and "thrown" not in entry
    expected = (
        "RECURRENCE" if view.key is None and view.url is None else "DYNAMIC" if view.is_dynamic else "STATIC"
    )
    assert entry["type"] == expected
    assert entry.get("pixKey") == view.key and entry.get("url") == view.url
    assert entry.get("urlRec") == view.recurrence_url


#: corpus vectors where brazilian-utils' isValidPixPayload and qrpay disagree, and why
VERDICTS_DIFFER = {
    # the BCB's API specification has this Pix Automático code; brazilian-utils wants a key or URL in 26
    "pix-bcb-api-automatico-only": "qrpay valid",
    "pix-automatico-only": "qrpay valid",
    # brazilian-utils' payload validator checks neither the txid's characters nor the key's form
    "pix-brcode-readme-extra-templates": "pix.txid_format",
    "pix-community-static-long-city-hyphen-txid": "value_too_long",
    "pix-txid-hyphen": "pix.txid_format",
    "pix-txid-underscore": "pix.txid_format",
    "pix-key-cpf-masked": "pix.key_format",
    "pix-key-evp-upper-case": "pix.key_format",
    "pix-key-email-upper-case": "pix.key_format",
    "pix-key-phone-without-plus": "pix.key_format",
    # it accepts a code without 62-05 (the BCB: not conformant, bacen/pix-api#190) and a txid in a dynamic one
    "pix-no-additional-data": "pix.txid_missing",
    "pix-txid-missing": "pix.txid_missing",
    "pix-dynamic-txid": "pix.dynamic_txid",
    # it only refuses fss next to a location, not a description (manual 2.7: only 00 and 25)
    "pix-dynamic-description": "pix.dynamic_template",
    # it ignores templates 80-99
    "pix-recurrence-without-location": "pix.recurrence_url",
}


@pytest.mark.parametrize(
    "entry", [v for v in BU["verify"] if not v["id"].startswith("qrpay-built-")], ids=str
)
def test_decoder_verdicts_against_brazilian_utils(entry: dict[str, Any]) -> None:
    try:
        payload = qrpay.decode(entry["payload"])
    except qrpay.DecodeError:
        assert entry["valid"] is False
        return
    ours = payload.is_valid
    if entry["id"] in VERDICTS_DIFFER:
        why = VERDICTS_DIFFER[entry["id"]]
        assert ours is (why == "qrpay valid") and entry["valid"] is not ours
        if not ours:
            assert why in {i.code for i in payload.errors}
    else:
        assert ours is entry["valid"], [str(i) for i in payload.issues]


def test_every_verdict_difference_is_a_recorded_vector() -> None:
    assert set(VERDICTS_DIFFER) <= {v["id"] for v in BU["verify"]}


# -- builder refusals and forms -----------------------------------------------------------------

NAME = {"merchant_name": "Fulano de Tal", "merchant_city": "BRASILIA"}


@pytest.mark.parametrize(
    ("kwargs", "code", "path"),
    [
        ({"key": EVP, "url": "pix.example.com/qr/v2/1"}, "pix.key_and_url", ("26", "01")),
        ({}, "pix.key_or_url", ("26",)),
        ({"description": "x", "recurrence_url": "pix.example.com/rec/1"}, "pix.key_or_url", ("26", "01")),
        ({"key": "123.456.789-09"}, "pix.key_format", ("26", "01")),
        ({"key": "12345678900"}, "pix.key_check_digit", ("26", "01")),
        ({"key": "00000000000"}, "pix.key_check_digit", ("26", "01")),
        ({"key": "12ABC34501DE36"}, "pix.key_check_digit", ("26", "01")),
        ({"key": "+351912345678"}, "pix.phone_not_br", ("26", "01")),
        ({"key": EVP, "txid": "PEDIDO-42"}, "pix.txid_format", ("62", "05")),
        ({"key": EVP, "fss": "1234567"}, "pix.fss_format", ("26", "03")),
        ({"key": EVP, "postal_code": "7007-490"}, "pix.postal_code", ("61",)),
        ({"url": "https://pix.example.com/qr/v2/1"}, "pix.url_scheme", ("26", "25")),
        ({"url": "pix.example.com/qr v2"}, "pix.url_scheme", ("26", "25")),
        ({"url": "pix.example.com/qr/v2/1", "txid": "A1"}, "pix.dynamic_txid", ("62", "05")),
        ({"url": "pix.example.com/qr/v2/1", "description": "x"}, "pix.dynamic_template", ("26", "02")),
        ({"url": "pix.example.com/qr/v2/1", "fss": "12345678"}, "pix.dynamic_template", ("26", "03")),
        ({"key": EVP, "recurrence_url": "http://pix.example.com/rec/1"}, "pix.url_scheme", ("80", "25")),
        ({"key": EVP, "amount": "0"}, "amount_zero", ("54",)),
        ({"key": EVP, "merchant_city": "Sao Joao del Rei"}, "value_too_long", ("60",)),
        ({"key": 12345678909}, "value_type", ("26", "01")),
    ],
)
def test_builder_refusals(kwargs: dict[str, Any], code: str, path: tuple[str, ...]) -> None:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        pix.build(**{**NAME, **kwargs})
    assert (caught.value.code, caught.value.path) == (code, path)


def test_builder_writes_the_bcb_examples() -> None:
    # bacen/pix-api openapi.yaml line 3701 (fixtures/incoming/real-pix.json): Pix Automático composite
    composite = pix.build(
        url="pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e7",
        recurrence_url="pix.example.com/qr/v2/rec/3ffa640fa4f14080adccb949fa2dc0d0",
        **NAME,
    )
    assert composite.to_text() == (
        "00020101021226810014br.gov.bcb.pix2559pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e7"
        "5204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***80800014br.gov.bcb.pix2558"
        "pix.example.com/qr/v2/rec/3ffa640fa4f14080adccb949fa2dc0d06304A441"
    )
    assert pix.build(key=EVP, **NAME).to_text() == BCB_EXAMPLES[0]
    assert (
        pix.build(
            key=EVP,
            amount="100.50",
            recurrence_url="pix.example.com/rec/2353c790eefb11eaadc10242ac120002",
            **NAME,
        ).to_text()
        == BCB_EXAMPLES[1]
    )
    assert (
        pix.build(
            recurrence_url="pix.example.com/qr/v2/rec/2353c790eefb11eaadc10242ac120002", **NAME
        ).to_text()
        == (BCB_EXAMPLES[3])
    )


def test_builder_single_use_static_and_txid() -> None:
    # brazilian-utils test "a key payload marks itself single use" (world-schemes.md appendix)
    text = pix.build(key="12345678909", initiation="dynamic", **NAME).to_text()
    assert text == (
        "00020101021226330014br.gov.bcb.pix0111123456789095204000053039865802BR5913Fulano de Tal6008BRASILIA"
        "62070503***63043CAC"
    )
    payload = pix.build(key=EVP, txid="***", **NAME)
    assert payload.value(("62", "05")) == "***" and payload.value("01") is None


def test_issue_names_the_value_the_rule_and_the_place() -> None:
    # p2pdotme's fixture (fixtures/incoming/real-pix.json): an all-zero CPF key
    text = "00020126330014BR.GOV.BCB.PIX0111000000000005204000053039865802BR5910NOME TESTE6008CIDADE B62070503***6304D727"
    (found,) = qrpay.decode(text).issues
    assert (found.code, found.path, found.severity) == ("pix.key_check_digit", ("26", "01"), "warning")
    assert found.offset == text.index("011100000000000")
    assert "'00000000000'" in found.message and "repeated" in found.message
    with pytest.raises(qrpay.InvalidRequest) as caught:
        pix.build(key="00000000000", merchant_name="A", merchant_city="B")
    assert caught.value.ctx["actual"] == "00000000000" and "repeated" in caught.value.message


def test_docs_page_lists_every_rule_with_its_severity() -> None:
    """docs/schemes/pix.md's rule table and the module agree on every code and severity."""
    import re
    from pathlib import Path

    source = Path(pix.__file__).read_text(encoding="utf-8")
    docs = (Path(__file__).resolve().parents[2] / "docs" / "schemes" / "pix.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `pix\.([a-z_]+)` \| (error|warning) \|", docs, re.M))
    emitted = set(re.findall(r'issue\(\s*ID,\s*"([a-z_]+)"', source)) | {"currency", "country"}
    assert set(table) == emitted
    warnings = set(
        re.findall(r'issue\(\s*ID,\s*"([a-z_]+)",(?:[^()]|\([^()]*\))*?severity="warning"', source)
    )
    assert {code for code, severity in table.items() if severity == "warning"} == warnings


PIX_VECTORS = [
    pytest.param(v, id=v["id"])
    for name in ("valid", "invalid", "synthetic")
    for v in _load(f"schemes/pix/{name}.json")["vectors"]
]


@pytest.mark.parametrize("vector", PIX_VECTORS)
def test_pix_corpus_vectors(vector: dict[str, Any]) -> None:
    """fixtures/schemes/pix/ read directly (the whole-corpus tests go through the manifest): the
    expected error with its path and offset, or exactly the expected warnings."""
    expected = vector["qrpay"]
    if "raises" in expected.get("error", {}):
        with pytest.raises(qrpay.DecodeError) as caught:
            qrpay.decode(vector["payload"])
        assert caught.value.code == expected["error"]["code"]
        return
    payload = qrpay.decode(vector["payload"])
    assert list(payload.schemes) == expected["schemes"]
    if expected["valid"]:
        assert payload.errors == () and sorted(i.code for i in payload.issues) == expected["warnings"]
    else:
        error = expected["error"]
        want = {(error["code"], tuple(error["path"]))} | {
            (c, tuple(p)) for c, p in expected.get("also_errors", [])
        }
        assert {(i.code, i.path) for i in payload.errors} == want
        if "offset" in error:
            (match,) = [i for i in payload.errors if i.code == error["code"]]
            assert match.offset == error["offset"]
