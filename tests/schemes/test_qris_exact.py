"""QRIS rules, view, descriptions, builder refusals and relaxations, each checked whole (issue 13).

Every rule's issue is compared field by field (code, path, offset, severity, message,
ctx) on a payload assembled here with ``t``/``code`` (CRC by crcmod) and offsets found by
``locate`` (tests/schemes/test_duitnow_exact.py). The base code is BCA's real static code
(docs/schemes/qris.md, ``SCHEME.examples``) rebuilt object by object. Expected values are
transcribed from the QRIS clauses as docs/schemes/qris.md summarises them from
astrapay/spring-qris: 53 = 360 and 61 mandatory when 58 = ID; 51 mandatory on a static
code; PJSP (26-45) 01 digits 8-19 (fewer than 16 or no 9360 prefix: warnings), 02 at most
15 without '|', 03 one of UMI UKE UME UBE URE PSO BLU; 51/02 at most 15 (not ID + 1/2 +
12 digits: a warning); 62/99 00 and 01, 01 at most 81, the template at most 91; 62/50-98
without a GUID a warning; transfer (40 + 62/08 BOOK/DMCT/XBCT) dynamic, 40/01 16-19
digits, 40/02 at most 15, 40/04 8 or 11 letters and digits, 62/99 present.
"""

from __future__ import annotations

from typing import Any

import pytest

import qrpay
from qrpay.schemes import qris
from qrpay.schemes._base import Relaxation
from tests.schemes.test_duitnow_exact import code, locate, scheme_issues, t

CRITERIA_LIST = "UMI, UKE, UME, UBE, URE, PSO, BLU"
PAN = "936000140001287667"
PJSP = t("00", "ID.CO.BCA.WWW") + t("01", PAN) + t("02", "000885001287667") + t("03", "UKE")
CENTRAL = t("00", "ID.CO.QRIS.WWW") + t("02", "ID1021081861606") + t("03", "UKE")
# the transfer code of spring-qris' tests (tests/schemes/test_qris.py TRANSFER), object by object
TRANSFER_ACCOUNT = t("00", "ID.CO.ASTRAPAY.WWW") + t("01", "9360082230002001355") + t("02", "200135")
PROPRIETARY = t("00", "00") + t("01", "TG0H0C8UCRIWF0NZAC12QWXC")


def qris_code(*, drop: tuple[str, ...] = (), **objects: str) -> str:
    """BCA's static code with root objects replaced (``_26="..."``) or dropped."""
    base = {
        "00": "01",
        "01": "11",
        "26": PJSP,
        "51": CENTRAL,
        "52": "0742",
        "53": "360",
        "58": "ID",
        "59": "GREEN PAW",
        "60": "TANGSEL",
        "61": "15323",
        "62": t("07", "A01"),
    }
    base.update({tag.lstrip("_"): value for tag, value in objects.items()})
    return code(*(t(tag, base[tag]) for tag in sorted(base) if tag not in drop))


def transfer_code(*, drop: tuple[str, ...] = (), **objects: str) -> str:
    base = {
        "_01": "12",
        "_40": TRANSFER_ACCOUNT,
        "_62": t("08", "DMCT") + t("99", PROPRIETARY),
    }
    base.update(objects)
    replaced = tuple(tag for tag in ("26", "51") if "_" + tag not in objects)
    return qris_code(drop=(*replaced, *drop), **base)


def codes(text: str) -> list[str]:
    return [i[0] for i in scheme_issues(text, "qris")]


def test_the_base_codes_are_clean() -> None:
    assert list(qrpay.decode(qris_code()).issues) == []
    assert qrpay.detect(qris_code()) == ("qris",)
    assert list(qrpay.decode(transfer_code()).issues) == []
    assert qrpay.detect(transfer_code()) == ("qris",)


# -- country rules -------------------------------------------------------------------------------


def test_currency_not_rupiah_in_an_indonesian_code() -> None:
    text = qris_code(_53="458")
    assert scheme_issues(text, "qris") == [
        (
            "qris.currency",
            ("53",),
            locate(text, ("53",)),
            "error",
            "currency is '458'; a QRIS code with country ID is in rupiah, 360",
            {"actual": "458"},
        )
    ]


def test_postal_code_missing_in_an_indonesian_code() -> None:
    assert scheme_issues(qris_code(drop=("61",)), "qris") == [
        (
            "qris.postal_code_missing",
            ("61",),
            None,
            "error",
            "no postal code (61); QRIS makes it mandatory when the country (58) is ID",
            {},
        )
    ]


def test_country_rules_apply_only_to_country_id() -> None:
    # 51 with the QRIS GUID makes it QRIS; 58 = SG: 53 and 61 are free
    text = qris_code(_53="702", _58="SG", drop=("61",))
    assert qrpay.detect(text) == ("qris",)
    assert scheme_issues(text, "qris") == []


# -- central repository --------------------------------------------------------------------------


CENTRAL_MISSING = (
    "qris.central_repository_missing",
    ("51",),
    None,
    "error",
    "a static QRIS code (01 = 11) must carry the central repository template 51 (ID.CO.QRIS.WWW or "
    "the issuer's reverse domain, with the NMID in 02) (QRIS clause 4.7.7)",
    {},
)


def test_static_code_without_central_repository() -> None:
    assert scheme_issues(qris_code(drop=("51",)), "qris") == [CENTRAL_MISSING]
    # dynamic: 51 is not required
    assert scheme_issues(qris_code(_01="12", drop=("51",)), "qris") == []
    # a 51 with a GUID that is not a reverse domain is no central repository
    text = qris_code(_51=t("00", "QRIS") + t("02", "ID1021081861606"))
    assert CENTRAL_MISSING in scheme_issues(text, "qris")


def test_central_repository_under_the_gpn_guid_and_in_lower_case() -> None:
    for guid in ("ID.OR.GPNQR.WWW", "id.co.qris.www"):
        text = qris_code(_51=t("00", guid) + t("02", "ID1021081861606") + t("03", "UKE"))
        assert scheme_issues(text, "qris") == []
        assert qrpay.decode(text).view("qris").nmid == "ID1021081861606"


def test_issuer_central_repository_needs_an_nmid_and_indonesia() -> None:
    issuer = t("00", "ID.CO.JALIN.WWW") + t("02", "ID1021081861606") + t("03", "UMI")
    assert scheme_issues(qris_code(_51=issuer), "qris") == []
    assert qrpay.decode(qris_code(_51=issuer)).view("qris").central_repository == qris.CentralRepository(
        "51", "ID.CO.JALIN.WWW", "ID1021081861606", "UMI"
    )
    no_nmid = t("00", "ID.CO.JALIN.WWW") + t("03", "UMI")
    assert CENTRAL_MISSING in scheme_issues(qris_code(_51=no_nmid), "qris")
    # the same 51 alone in another country's code is not QRIS
    alone = qris_code(_51=issuer, _58="SG", _53="702", drop=("26",))
    assert qrpay.detect(alone) == ()
    assert qrpay.detect(qris_code(_51=issuer, drop=("26",))) == ("qris",)


def test_claims_directly() -> None:
    indonesian = qrpay.decode(qris_code(drop=("51",)))
    foreign = qrpay.decode(qris_code(_58="SG", _53="702", drop=("51", "61")))
    template = indonesian.get("26")
    assert template is not None
    assert qris.claims(template, indonesian)
    assert not qris.claims(template, foreign)
    primitive = indonesian.get("52")
    assert primitive is not None and not qris.claims(primitive, indonesian)
    for tag, claimed in (("25", False), ("26", True), ("45", True), ("46", False)):
        payload = qrpay.decode(qris_code(drop=("51",) if tag == "26" else ("51", "26"), **{"_" + tag: PJSP}))
        obj = payload.get(tag)
        assert obj is not None
        assert qris.claims(obj, payload) is claimed, tag


@pytest.mark.parametrize(
    ("account", "claimed"),
    [
        (t("00", "00") + t("01", PAN), True),
        (t("00", "ID.EXAMPLE") + t("01", "1234"), True),
        (t("00", "id.example") + t("01", "1234"), True),
        (t("00", "COM.EXAMPLE.WWW") + t("01", "1234"), True),
        (t("00", "com.example.www") + t("01", "1234"), True),
        (t("00", "COM.EXAMPLE") + t("01", "93601234"), True),
        (t("01", "93601234"), True),
        (t("00", "COM.EXAMPLE") + t("01", "19360123"), False),
        (t("00", "COM.EXAMPLE") + t("01", "1234"), False),
        (t("00", "COM.IDX.WW") + t("02", "1234"), False),
    ],
)
def test_what_looks_like_a_pjsp_template_in_an_indonesian_code(account: str, claimed: bool) -> None:
    payload = qrpay.decode(qris_code(_26=account, _01="12", drop=("51",)))
    obj = payload.get("26")
    assert obj is not None
    assert qris.claims(obj, payload) is claimed
    assert [o.tag for o in qris._qris_templates(payload, None)] == (["26"] if claimed else [])
    # next to the central repository every unregistered template in 26-45 is a PJSP's
    with_central = qrpay.decode(qris_code(_26=account, _01="12"))
    obj = with_central.get("26")
    assert obj is not None and qris.claims(obj, with_central)


def test_registered_guids_in_26_45_are_not_pjsp_templates() -> None:
    # a PayNow template (SG.PAYNOW, registered) and a DuitNow one (its AID matched by prefix)
    paynow = t("00", "SG.PAYNOW") + t("01", "2") + t("02", "201403121W") + t("03", "1")
    text = qris_code(_27=paynow)
    payload = qrpay.decode(text)
    assert [o.tag for o in qris._qris_templates(payload, qris._central(payload))] == ["26"]
    assert [a.tag for a in qrpay.decode(text).view("qris").pjsp_accounts] == ["26"]


def test_nmid_missing_too_long_and_not_in_form() -> None:
    text = qris_code(_51=t("00", "ID.CO.QRIS.WWW") + t("03", "UKE"))
    assert scheme_issues(text, "qris") == [
        (
            "qris.nmid",
            ("51", "02"),
            None,
            "error",
            "the central repository template 51 has no NMID (sub-ID 02)",
            {},
        )
    ]
    text = qris_code(_51=t("00", "ID.CO.QRIS.WWW") + t("02", "ID10210818616060") + t("03", "UKE"))
    assert scheme_issues(text, "qris") == [
        (
            "qris.nmid",
            ("51", "02"),
            locate(text, ("51", "02")),
            "error",
            "NMID 'ID10210818616060' has 16 characters; at most 15",
            {},
        )
    ]
    for nmid in ("ID3021081861606", "000000267246110", "ID131431010317", "ID202108186160A"):
        text = qris_code(_51=t("00", "ID.CO.QRIS.WWW") + t("02", nmid) + t("03", "UKE"))
        assert scheme_issues(text, "qris") == [
            (
                "qris.nmid_format",
                ("51", "02"),
                locate(text, ("51", "02")),
                "warning",
                f"NMID {nmid!r} is not 'ID' + 13 digits (entity type 1 or 2, then the issue year and a "
                "sequence), the form of every NMID issued since 2020",
                {"actual": nmid},
            )
        ], nmid
    for nmid in ("ID1021081861606", "ID2999999999999"):
        text = qris_code(_51=t("00", "ID.CO.QRIS.WWW") + t("02", nmid) + t("03", "UKE"))
        assert scheme_issues(text, "qris") == []


def test_central_repository_criteria() -> None:
    text = qris_code(_51=t("00", "ID.CO.QRIS.WWW") + t("02", "ID1021081861606") + t("03", "SME"))
    assert scheme_issues(text, "qris") == [
        (
            "qris.merchant_criteria",
            ("51", "03"),
            locate(text, ("51", "03")),
            "error",
            f"merchant criteria 'SME' in 51.03 is not one of {CRITERIA_LIST} (QRIS Table 4.6)",
            {"actual": "SME"},
        )
    ]
    # 51 without 03 is allowed (Table 4.3 makes 03 mandatory in PJSP templates only)
    text = qris_code(_51=t("00", "ID.CO.QRIS.WWW") + t("02", "ID1021081861606"))
    assert scheme_issues(text, "qris") == []


# -- PJSP templates --------------------------------------------------------------------------


def pjsp(pan: str | None = PAN, mid: str | None = "000885001287667", criteria: str | None = "UKE") -> str:
    parts = [t("00", "ID.CO.BCA.WWW")]
    for tag, value in (("01", pan), ("02", mid), ("03", criteria)):
        if value is not None:
            parts.append(t(tag, value))
    return "".join(parts)


def test_merchant_pan_missing() -> None:
    text = qris_code(_26=pjsp(pan=None))
    assert scheme_issues(text, "qris") == [
        (
            "qris.merchant_pan",
            ("26", "01"),
            None,
            "error",
            "PJSP template 26 has no merchant PAN (sub-ID 01), which QRIS Table 4.3 makes mandatory",
            {},
        )
    ]


@pytest.mark.parametrize("pan", ["9360001", "93600014000128766701", "9360-0014", "936000140001287A"])
def test_merchant_pan_not_8_to_19_digits(pan: str) -> None:
    text = qris_code(_45=pjsp(pan=pan), drop=("26",))
    assert scheme_issues(text, "qris") == [
        (
            "qris.merchant_pan",
            ("45", "01"),
            locate(text, ("45", "01")),
            "error",
            f"merchant PAN {pan!r} in 45.01 must be digits, at most 19 and at least the 8 of the National "
            "Numbering System code (QRIS Table 4.3)",
            {"actual": pan},
        )
    ]


@pytest.mark.parametrize("pan", ["93600014", "936000140001287"])
def test_merchant_pan_shorter_than_16_is_a_warning(pan: str) -> None:
    text = qris_code(_26=pjsp(pan=pan))
    assert scheme_issues(text, "qris") == [
        (
            "qris.merchant_pan_length",
            ("26", "01"),
            locate(text, ("26", "01")),
            "warning",
            f"merchant PAN {pan!r} in 26.01 has {len(pan)} digits; every PAN seen in real QRIS codes has 16-19",
            {"actual": len(pan)},
        )
    ]


@pytest.mark.parametrize("pan", ["9360001400012876", "9360001400012876670"])
def test_merchant_pan_of_16_to_19_digits_is_clean(pan: str) -> None:
    assert scheme_issues(qris_code(_26=pjsp(pan=pan)), "qris") == []


def test_merchant_pan_without_the_9360_prefix() -> None:
    pan = "1234567890123456"
    text = qris_code(_26=pjsp(pan=pan))
    assert scheme_issues(text, "qris") == [
        (
            "qris.nns_prefix",
            ("26", "01"),
            locate(text, ("26", "01")),
            "warning",
            f"merchant PAN {pan!r} in 26.01 does not start with 9360; every National Numbering System code "
            "seen (astrapay/spring-qris list, real codes) does",
            {"actual": "12345678"},
        )
    ]
    # both warnings on a short PAN without the prefix, length first
    assert codes(qris_code(_26=pjsp(pan="12345678"))) == ["qris.merchant_pan_length", "qris.nns_prefix"]


def test_merchant_id_missing_too_long_or_with_a_bar() -> None:
    assert scheme_issues(qris_code(_26=pjsp(mid=None)), "qris") == [
        (
            "qris.merchant_id",
            ("26", "02"),
            None,
            "error",
            "PJSP template 26 has no merchant ID (sub-ID 02)",
            {},
        )
    ]
    for mid in ("0008850012876670", "0008|5001287667", "|"):
        text = qris_code(_26=pjsp(mid=mid))
        assert scheme_issues(text, "qris") == [
            (
                "qris.merchant_id",
                ("26", "02"),
                locate(text, ("26", "02")),
                "error",
                f"merchant ID {mid!r} in 26.02 must be at most 15 characters, without '|' (QRIS Table 4.3)",
                {},
            )
        ], mid
    assert scheme_issues(qris_code(_26=pjsp(mid="A")), "qris") == []


def test_merchant_criteria_missing_or_unknown() -> None:
    assert scheme_issues(qris_code(_26=pjsp(criteria=None)), "qris") == [
        (
            "qris.merchant_criteria",
            ("26", "03"),
            None,
            "error",
            f"PJSP template 26 has no merchant criteria (sub-ID 03), which QRIS Table 4.3 makes mandatory: "
            f"one of {CRITERIA_LIST}",
            {},
        )
    ]
    text = qris_code(_26=pjsp(criteria="umi"))
    assert scheme_issues(text, "qris") == [
        (
            "qris.merchant_criteria",
            ("26", "03"),
            locate(text, ("26", "03")),
            "error",
            f"merchant criteria 'umi' in 26.03 is not one of {CRITERIA_LIST} (QRIS Table 4.6)",
            {"actual": "umi"},
        )
    ]
    for criteria in ("UMI", "UKE", "UME", "UBE", "URE", "PSO", "BLU"):
        assert scheme_issues(qris_code(_26=pjsp(criteria=criteria)), "qris") == [], criteria


# -- 62/99 and 62/50-98 ------------------------------------------------------------------------


def proprietary_issue(text: str, problem: str) -> tuple[Any, ...]:
    return (
        "qris.proprietary_template",
        ("62", "99"),
        locate(text, ("62", "99")),
        "error",
        f"62/99, the QRIS proprietary domestic template, {problem}",
        {},
    )


def test_proprietary_template_needs_00_and_01() -> None:
    for template in (t("00", "00"), t("01", "DINAMIS")):
        text = qris_code(_62=t("99", template))
        assert proprietary_issue(
            text, "needs sub-ID 00 (default value 00) and sub-ID 01 (data)"
        ) in scheme_issues(text, "qris")
        assert codes(text).count("qris.proprietary_template") == 1


def test_proprietary_data_at_most_81() -> None:
    assert scheme_issues(qris_code(_62=t("99", t("00", "00") + t("01", "D" * 81))), "qris") == []
    text = qris_code(_62=t("99", t("00", "00") + t("01", "D" * 82)))
    assert scheme_issues(text, "qris") == [proprietary_issue(text, "data (01) has 82 characters; at most 81")]


def test_proprietary_template_at_most_91() -> None:
    # 00 (6) + 01 (4 + 76) + 02 (5) = 91
    at_limit = qris_code(_62=t("99", t("00", "00") + t("01", "D" * 76) + t("02", "X")))
    assert scheme_issues(at_limit, "qris") == []
    text = qris_code(_62=t("99", t("00", "00") + t("01", "D" * 77) + t("02", "X")))
    assert scheme_issues(text, "qris") == [proprietary_issue(text, "has 92 characters; at most 91")]


def test_proprietary_template_that_is_not_a_template() -> None:
    payload = qrpay.decode(qris_code(_62=t("99", t("00", "00") + t("01", "DINAMIS"))))
    template = payload.get(("62", "99"))
    assert template is not None
    flat = qris.DataObject("99", template.value, 40, ("62", "99"), None)
    assert [
        (i.code, i.path, i.offset, i.message, i.severity, i.scheme, dict(i.ctx))
        for i in qris._check_proprietary(flat)
    ] == [
        (
            "qris.proprietary_template",
            ("62", "99"),
            40,
            "62/99, the QRIS proprietary domestic template, is not a template (00 default value, 01 data)",
            "error",
            "qris",
            {},
        )
    ]
    assert list(qris._check_proprietary(template)) == []


def test_issuer_data_without_guid_is_a_warning() -> None:
    for tag in ("50", "98"):
        text = qris_code(_62=t("07", "A01") + t(tag, t("02", "210000455")))
        assert scheme_issues(text, "qris") == [
            (
                "qris.additional_template_guid",
                ("62", tag),
                locate(text, ("62", tag)),
                "warning",
                f"template 62.{tag} has no GUID (sub-ID 00), which EMVCo MPM 4.8.1.5 asks for; QRIS issuers "
                "put their own data there without one (AstraPay's 62.98)",
                {},
            )
        ], tag
        # and EMVCo's guid_missing is relaxed for it
        assert [i.code for i in qrpay.decode(text).issues if i.scheme is None] == []
    text = qris_code(_62=t("98", t("00", "ID.ASTRAPAY") + t("02", "210000455")))
    assert scheme_issues(text, "qris") == []
    # 62/99 keeps its own rule and EMVCo's guid_missing
    text = qris_code(_62=t("99", t("01", "DINAMIS")))
    assert "qris.additional_template_guid" not in codes(text)
    assert "guid_missing" in [i.code for i in qrpay.decode(text).issues]


# -- transfer and cash ---------------------------------------------------------------------------


def transfer_issue(text: str | None, sub: str, message: str) -> tuple[Any, ...]:
    return (
        "qris.transfer_account",
        ("40", sub),
        None if text is None else locate(text, ("40", sub)),
        "error",
        message,
        {},
    )


PAN_RULE = "transfer template 40 needs a customer PAN (sub-ID 01) of 16-19 digits"
BENEFICIARY_RULE = "transfer template 40 needs a beneficiary ID (sub-ID 02) of at most 15 characters"


def test_transfer_customer_pan() -> None:
    account = t("00", "ID.CO.ASTRAPAY.WWW") + t("02", "200135")
    assert scheme_issues(transfer_code(_40=account), "qris") == [transfer_issue(None, "01", PAN_RULE)]
    for pan in ("936008223000200", "93600822300020013551", "936008223000200A"):
        text = transfer_code(_40=t("00", "ID.CO.ASTRAPAY.WWW") + t("01", pan) + t("02", "200135"))
        assert scheme_issues(text, "qris") == [transfer_issue(text, "01", PAN_RULE + f", not {pan!r}")], pan
    for pan in ("9360082230002001", "9360082230002001355"):
        text = transfer_code(_40=t("00", "ID.CO.ASTRAPAY.WWW") + t("01", pan) + t("02", "200135"))
        assert scheme_issues(text, "qris") == [], pan


def test_transfer_beneficiary() -> None:
    head = t("00", "ID.CO.ASTRAPAY.WWW") + t("01", "9360082230002001355")
    assert scheme_issues(transfer_code(_40=head), "qris") == [transfer_issue(None, "02", BENEFICIARY_RULE)]
    text = transfer_code(_40=head + t("02", "B" * 16))
    assert scheme_issues(text, "qris") == [transfer_issue(text, "02", BENEFICIARY_RULE)]
    assert scheme_issues(transfer_code(_40=head + t("02", "B" * 15)), "qris") == []


def test_transfer_bic() -> None:
    for bic in ("CENAIDJA", "CENAIDJAXXX"):
        assert scheme_issues(transfer_code(_40=TRANSFER_ACCOUNT + t("04", bic)), "qris") == [], bic
    for bic in ("CENAIDJ", "CENAIDJAX", "CENAIDJAXXXX", "cenaidja"):
        text = transfer_code(_40=TRANSFER_ACCOUNT + t("04", bic))
        assert scheme_issues(text, "qris") == [
            (
                "qris.transfer_account",
                ("40", "04"),
                locate(text, ("40", "04")),
                "error",
                f"BIC {bic!r} in 40.04 must be 8 or 11 letters and digits",
                {},
            )
        ], bic


def test_transfer_must_be_dynamic_and_carry_62_99() -> None:
    text = transfer_code(_01="11")
    assert scheme_issues(text, "qris") == [
        (
            "qris.transfer_initiation",
            ("01",),
            locate(text, ("01",)),
            "error",
            "a QRIS transfer code must be dynamic (01 = 12), not '11'",
            {"actual": "11"},
        )
    ]
    assert scheme_issues(transfer_code(drop=("01",)), "qris") == [
        (
            "qris.transfer_initiation",
            ("01",),
            None,
            "error",
            "a QRIS transfer code must be dynamic (01 = 12), not None",
            {"actual": None},
        )
    ]
    assert scheme_issues(transfer_code(_62=t("08", "BOOK")), "qris") == [
        (
            "qris.transfer_data",
            ("62", "99"),
            None,
            "error",
            "a QRIS transfer code must carry 62/99 (00 default value, 01 data unique per code)",
            {},
        )
    ]


@pytest.mark.parametrize("purpose", ["BOOK", "DMCT", "XBCT"])
def test_every_transfer_purpose_is_the_transfer_variant(purpose: str) -> None:
    text = transfer_code(_62=t("08", purpose) + t("99", PROPRIETARY), _01="11")
    assert codes(text) == ["qris.transfer_initiation"]
    assert qris.view(qrpay.decode(text)).variant is qris.Variant.TRANSFER


@pytest.mark.parametrize("purpose", ["CDPT", "CWDL"])
def test_cash_variant_has_no_transfer_rules(purpose: str) -> None:
    bad = t("00", "ID.CO.ASTRAPAY.WWW") + t("01", "123")
    text = transfer_code(_40=bad, _01="11", _62=t("08", purpose))
    assert codes(text) == []
    view = qris.view(qrpay.decode(text))
    assert view.variant is qris.Variant.CASH
    assert view.transfer_account == qris.TransferAccount("40", "ID.CO.ASTRAPAY.WWW", "123", None, None)
    assert view.pjsp_accounts == ()


def test_template_40_of_a_payment_code_is_a_pjsp_template() -> None:
    # no purpose, or another one: 40 is read and checked as a PJSP template
    for extra in ({}, {"_62": t("08", "SALE")}):
        text = transfer_code(_40=pjsp(), _01="12", drop=("62",) if not extra else (), **extra)
        assert codes(text) == [], extra
        view = qris.view(qrpay.decode(text))
        assert view.variant is qris.Variant.PAYMENT and view.transfer_account is None
        assert view.pjsp_accounts == (qris.PjspAccount("40", "ID.CO.BCA.WWW", PAN, "000885001287667", "UKE"),)


# -- view --------------------------------------------------------------------------------------


def test_view_every_field() -> None:
    text = qris_code(_01="12", _54="49500", _62=t("08", "SALE") + t("99", t("00", "00") + t("01", "DINAMIS")))
    view = qris.view(qrpay.decode(text))
    assert view == qris.QrisView(
        qris.Variant.PAYMENT,
        (qris.PjspAccount("26", "ID.CO.BCA.WWW", PAN, "000885001287667", "UKE"),),
        qris.CentralRepository("51", "ID.CO.QRIS.WWW", "ID1021081861606", "UKE"),
        None,
        qris.ProprietaryData("00", "DINAMIS"),
        "SALE",
        qris.Decimal("49500"),
    )
    assert view.nmid == "ID1021081861606" and view.criteria == "UKE"


def test_view_of_a_transfer_code_every_field() -> None:
    view = qris.view(qrpay.decode(transfer_code(_40=TRANSFER_ACCOUNT + t("04", "CENAIDJA"))))
    assert view == qris.QrisView(
        qris.Variant.TRANSFER,
        (),
        None,
        qris.TransferAccount("40", "ID.CO.ASTRAPAY.WWW", "9360082230002001355", "200135", "CENAIDJA"),
        qris.ProprietaryData("00", "TG0H0C8UCRIWF0NZAC12QWXC"),
        "DMCT",
        None,
    )
    assert view.nmid is None and view.criteria is None


def test_view_proprietary_parts_and_criteria_fallback() -> None:
    text = qris_code(
        _62=t("99", t("01", "DINAMIS")), _51=t("00", "ID.CO.QRIS.WWW") + t("02", "ID1021081861606")
    )
    view = qris.view(qrpay.decode(text))
    assert view.proprietary == qris.ProprietaryData(None, "DINAMIS")
    assert view.central_repository == qris.CentralRepository("51", "ID.CO.QRIS.WWW", "ID1021081861606", None)
    assert view.criteria == "UKE"  # from the PJSP template, 51 has none
    view = qris.view(qrpay.decode(qris_code(_62=t("99", t("00", "00")))))
    assert view.proprietary == qris.ProprietaryData("00", None)
    # the first PJSP template with criteria
    text = qris_code(_26=pjsp(criteria=None), _27=pjsp(criteria="UME"), drop=("51",), _01="12")
    assert qris.view(qrpay.decode(text)).criteria == "UME"


def test_pjsp_account_nns_and_default_guid() -> None:
    account = qris.PjspAccount("26", "00", "93600914", None, None)
    assert account.nns == "93600914" and account.uses_default_guid
    assert qris.PjspAccount("26", "ID.DANA.WWW", "9360091", None, None).nns is None
    assert qris.PjspAccount("26", "ID.DANA.WWW", "9360091A12", None, None).nns is None
    assert qris.PjspAccount("26", "ID.DANA.WWW", None, None, None).nns is None
    assert qris.PjspAccount("26", "ID.DANA.WWW", "", None, None).nns is None
    assert not qris.PjspAccount("26", "ID.DANA.WWW", None, None, None).uses_default_guid


# -- describe, relaxations ---------------------------------------------------------------------


def test_describe() -> None:
    describe = qris.SCHEME.describe
    assert describe is not None
    payload = qrpay.decode(qris_code())
    assert describe(payload, ("26", "03"), "UMI") == "micro (usaha mikro)"
    assert describe(payload, ("51", "03"), "BLU") == "public service agency (badan layanan umum)"
    assert describe(payload, ("51", "03"), "XXX") is None
    assert describe(payload, ("26", "02"), "UMI") is None
    assert describe(payload, ("03",), "UMI") is None
    assert describe(payload, ("62", "99", "03"), "UMI") is None


def test_relaxations() -> None:
    expected = [
        *(
            Relaxation(
                "guid_format",
                (str(n), "00"),
                frozenset({"00"}),
                reason="QRIS clause 4.7.5.3: a PJSP template's reverse domain may be the default value 00",
            )
            for n in range(26, 46)
        ),
        Relaxation(
            "guid_format",
            ("62", "99", "00"),
            frozenset({"00"}),
            reason="QRIS proprietary domestic template 62/99: sub-ID 00 holds the default value 00",
        ),
        *(
            Relaxation(
                "guid_missing",
                ("62", str(n)),
                reason="QRIS issuers write their own data in 62/50-98 without a GUID (AstraPay's 62/98)",
            )
            for n in range(50, 99)
        ),
    ]
    assert list(qris.SCHEME.relaxations) == expected
    assert tuple(str(n) for n in range(26, 46)) == qris.PJSP_TAGS


# -- builder -----------------------------------------------------------------------------------


BUILD: dict[str, Any] = {
    "nmid": "ID1021081861606",
    "criteria": "UMI",
    "merchant_category_code": "5812",
    "merchant_name": "TOKO",
    "merchant_city": "DEMAK",
    "postal_code": "59567",
}


def refusal(**kwargs: Any) -> tuple[Any, ...]:
    with pytest.raises(qrpay.InvalidRequest) as caught:
        qris.build(**{**BUILD, **kwargs})
    error = caught.value
    return (error.code, error.path, error.message, dict(error.ctx))


def test_builder_refusals_whole() -> None:
    assert refusal(merchant_pan=PAN, merchant_id="M1", pjsp_tag="46") == (
        "unknown_field",
        ("46",),
        "pjsp_tag: '46' is not a PJSP template ID (26-45)",
        {},
    )
    assert refusal(merchant_id="M1", pjsp_tag="45") == (
        "qris.merchant_pan",
        ("45", "01"),
        "merchant_pan: a PJSP template needs the merchant PAN (QRIS Table 4.3)",
        {},
    )
    assert refusal(pjsp_guid="ID.DANA.WWW", merchant_pan=PAN) == (
        "qris.merchant_id",
        ("26", "02"),
        "merchant_id: a PJSP template needs the merchant ID (QRIS Table 4.3)",
        {},
    )
    assert refusal(nmid=None) == (
        "no_merchant_account",
        (),
        "give nmid (central repository 51) and/or merchant_pan + merchant_id (a PJSP template)",
        {},
    )
    message = f"criteria: 'SME' is not one of {CRITERIA_LIST} (QRIS Table 4.6)"
    assert refusal(criteria="SME") == ("qris.merchant_criteria", ("51", "03"), message, {"actual": "SME"})
    assert refusal(criteria="SME", nmid=None, merchant_pan=PAN, merchant_id="M1", pjsp_tag="30") == (
        "qris.merchant_criteria",
        ("30", "03"),
        message,
        {"actual": "SME"},
    )


def test_builder_writes_every_object() -> None:
    ours = qris.build(
        **{**BUILD, "nmid": None}, merchant_pan=PAN, merchant_id="M1", pjsp_tag="45", amount="10000"
    )
    assert ours.to_text() == code(
        t("00", "01"),
        t("01", "12"),
        t("45", t("00", "00") + t("01", PAN) + t("02", "M1") + t("03", "UMI")),
        t("52", "5812"),
        t("53", "360"),
        t("54", "10000"),
        t("58", "ID"),
        t("59", "TOKO"),
        t("60", "DEMAK"),
        t("61", "59567"),
    )


# -- which templates are QRIS's (the mutation run's survivors) ----------------------------------


def test_next_to_the_central_repository_any_unregistered_template_is_checked_and_viewed() -> None:
    # COM.EXAMPLE with a PAN outside 9360 does not look like a PJSP's on its own; next to 51 it is one
    pan = "12345678"
    account = t("00", "COM.EXAMPLE") + t("01", pan) + t("02", "M1") + t("03", "UMI")
    text = qris_code(_26=account)
    assert [i[0] for i in scheme_issues(text, "qris")] == ["qris.merchant_pan_length", "qris.nns_prefix"]
    view = qris.view(qrpay.decode(text))
    assert view.pjsp_accounts == (qris.PjspAccount("26", "COM.EXAMPLE", pan, "M1", "UMI"),)
    payload = qrpay.decode(text)
    assert [o.tag for o in qris._qris_templates(payload, qris._central(payload))] == ["26"]


def test_a_template_under_the_qris_guid_in_26_45_is_qris() -> None:
    account = t("00", "ID.CO.QRIS.WWW") + t("01", PAN) + t("02", "M1") + t("03", "UMI")
    text = qris_code(_27=account)
    assert scheme_issues(text, "qris") == []
    assert qris.view(qrpay.decode(text)).pjsp_accounts == (
        qris.PjspAccount("26", "ID.CO.BCA.WWW", PAN, "000885001287667", "UKE"),
        qris.PjspAccount("27", "ID.CO.QRIS.WWW", PAN, "M1", "UMI"),
    )


def test_templates_of_other_schemes_before_a_pjsp_template_are_skipped() -> None:
    # 26: PayNow (a registered GUID); 29: a KHQR account (KHQR's name@bank matcher for 29/30);
    # both before the PJSP template in 30, which must still be found
    paynow = t("00", "SG.PAYNOW") + t("01", "2") + t("02", "201403121W") + t("03", "1")
    bakong = t("00", "shop@aclb") + t("01", "85512345678")
    text = qris_code(_26=paynow, _29=bakong, _30=PJSP)
    payload = qrpay.decode(text)
    assert [o.tag for o in qris._qris_templates(payload, qris._central(payload))] == ["30"]
    assert [a.tag for a in qris.view(payload).pjsp_accounts] == ["30"]


def test_a_pjsp_template_in_a_transfer_code_is_checked_as_a_pjsp_template() -> None:
    text = transfer_code(_26=pjsp(criteria=None))
    assert [i[0:3] for i in scheme_issues(text, "qris")] == [("qris.merchant_criteria", ("26", "03"), None)]


def test_pjsp_account_nns_reads_the_first_eight_characters_only() -> None:
    # the NNS is the PAN's first 8 digits (docs/schemes/qris.md, sub-ID 01); what follows is not part of it
    assert qris.PjspAccount("26", "ID.DANA.WWW", "93600914A12", None, None).nns == "93600914"
    assert qris.PjspAccount("26", "ID.DANA.WWW", "93600914", None, None).nns == "93600914"
