"""The exception tree: bases, codes, locations, str() and pickling."""

from __future__ import annotations

import pickle

import pytest

import qrpay
from qrpay.errors import (
    CRCError,
    DecodeError,
    InvalidRequest,
    Issue,
    MissingDependencyError,
    QRPayError,
    ScanError,
    TLVError,
    UnknownSchemeError,
    ValidationError,
)


def test_tree() -> None:
    assert issubclass(QRPayError, ValueError)
    for cls in (
        DecodeError,
        ValidationError,
        InvalidRequest,
        UnknownSchemeError,
        MissingDependencyError,
        ScanError,
    ):
        assert issubclass(cls, QRPayError)
    assert issubclass(TLVError, DecodeError) and issubclass(CRCError, DecodeError)
    assert issubclass(UnknownSchemeError, LookupError)
    assert issubclass(MissingDependencyError, ImportError)
    assert not issubclass(InvalidRequest, ValidationError)


@pytest.mark.parametrize(
    "error",
    [
        TLVError("bad", code="tlv_bad_length", path=("62", "05"), offset=87, ctx={"actual": "A1"}),
        CRCError(
            "crc",
            code="crc_mismatch",
            path=("63",),
            offset=120,
            ctx={"expected": "ABCD", "actual": "0000"},
        ),
        ValidationError.from_issues(
            [Issue("value_too_long", ("59",), 40, "too long"), Issue("x", (), None, "y")]
        ),
        InvalidRequest("nope", code="amount_precision", path=("54",)),
        UnknownSchemeError("who", code="unknown_scheme"),
        MissingDependencyError("pip install 'qrpay[image]'", code="missing_dependency"),
        ScanError("bad image", code="image_unreadable"),
    ],
)
def test_errors_pickle_and_keep_details(error: QRPayError) -> None:
    clone = pickle.loads(pickle.dumps(error))
    assert type(clone) is type(error)
    assert (clone.code, clone.path, clone.offset, clone.message, dict(clone.ctx)) == (
        error.code,
        error.path,
        error.offset,
        error.message,
        dict(error.ctx),
    )
    assert str(clone) == str(error)
    if isinstance(error, ValidationError):
        assert isinstance(clone, ValidationError) and clone.issues == error.issues


def test_str_shows_path_offset_and_code() -> None:
    error = TLVError(
        "value has 30 characters, maximum is 25",
        code="value_too_long",
        path=("62", "05"),
        offset=87,
    )
    assert str(error) == "tag 62.05 at offset 87: value has 30 characters, maximum is 25 [value_too_long]"
    assert str(DecodeError("empty", code="payload_empty")) == "payload: empty [payload_empty]"


def test_crc_error_exposes_expected_and_actual() -> None:
    text = "0002010102115802KH63040000"
    with pytest.raises(CRCError) as caught:
        qrpay.decode(text)
    assert caught.value.actual == "0000"
    assert caught.value.expected == qrpay.crc.checksum(text[:-4])


def test_from_issues_needs_issues() -> None:
    with pytest.raises(ValueError, match="at least one"):
        ValidationError.from_issues([])


def test_every_documented_code_is_listed() -> None:
    from pathlib import Path

    doc = (Path(__file__).resolve().parent.parent / "docs" / "errors.md").read_text(encoding="utf-8")
    from tests.conftest import iter_vectors

    codes = {v["error"]["code"] for _, v in iter_vectors() if "error" in v}
    codes |= {w for _, v in iter_vectors() for w in v.get("warnings", [])}
    docs = Path(__file__).resolve().parent.parent / "docs"

    def documented(code: str) -> bool:
        scheme, dot, _ = code.partition(".")
        page = docs / "schemes" / f"{scheme}.md" if dot else None  # scheme codes: on the scheme's page
        text = page.read_text(encoding="utf-8") if page is not None and page.is_file() else doc
        return f"`{code}`" in text

    missing = sorted(c for c in codes if not documented(c))
    assert missing == [], f"codes used by vectors but not documented in docs/errors.md: {missing}"
