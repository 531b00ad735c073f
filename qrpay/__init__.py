"""qrpay: an EMVCo QR codec for merchant-presented payment codes.

Recipes (most code needs only these)::

    payload = qrpay.decode(text)        # Payload; raises DecodeError if untrustworthy
    issues = qrpay.check(text)          # every issue, never raises for a str
    payload = qrpay.validate(text)      # raises ValidationError with every error
    qrpay.is_valid(anything)            # bool, never raises
    text = qrpay.encode(payload)        # refuses a payload with errors
    payload = qrpay.build(...)          # from fields, canonical order, fresh CRC
    qrpay.detect(text)                  # ids of the schemes present, in template order

Primitives (low level): :mod:`qrpay.tlv` (ID/length/value syntax) and :mod:`qrpay.crc`
(CRC-16/CCITT-FALSE). Scheme profiles: :mod:`qrpay.schemes`. Consumer-presented
codes (EMVCo CPM, base64 BER-TLV): :mod:`qrpay.cpm`. Optional extras:
``qrpay.image`` (``pip install 'qrpay[image]'``) and ``qrpay.scan``
(``pip install 'qrpay[scan]'``).
"""

from __future__ import annotations

from . import crc, emvco, iso, tlv
from .amount import format_amount, parse_amount
from .builder import build
from .codec import check, decode, detect, encode, is_valid, validate
from .errors import (
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
from .iso import Currency
from .model import (
    AdditionalData,
    ConvenienceFee,
    InitiationMethod,
    LanguageTemplate,
    MerchantAccount,
    MerchantChannel,
    Payload,
    PointOfInitiation,
    Template,
    TipKind,
)
from .schemes import Scheme, all_schemes, get_scheme
from .tlv import DataObject, LengthUnit

__version__ = "0.1.0"


def _compiled() -> bool:
    """True when the hot modules run as mypyc-compiled C extensions (see setup.py)."""
    from . import _rules, amount, codec

    return all(not (module.__file__ or "").endswith(".py") for module in (_rules, amount, codec, crc, tlv))


#: ``True`` when the mypyc-compiled core is running, ``False`` for pure Python (docs/build.md).
COMPILED: bool = _compiled()


def __getattr__(name: str) -> object:
    """``qrpay.cpm`` is imported on first use: ``import qrpay`` stays fast (issue 11)."""
    if name == "cpm":
        import importlib

        return importlib.import_module(f"{__name__}.cpm")
    raise AttributeError(f"module 'qrpay' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), "cpm"})


__all__ = [  # noqa: RUF022 - plain sorted order (tests/test_exported_members.py)
    "AdditionalData",
    "COMPILED",
    "CRCError",
    "ConvenienceFee",
    "Currency",
    "DataObject",
    "DecodeError",
    "InitiationMethod",
    "InvalidRequest",
    "Issue",
    "LanguageTemplate",
    "LengthUnit",
    "MerchantAccount",
    "MerchantChannel",
    "MissingDependencyError",
    "Payload",
    "PointOfInitiation",
    "QRPayError",
    "ScanError",
    "Scheme",
    "TLVError",
    "Template",
    "TipKind",
    "UnknownSchemeError",
    "ValidationError",
    "__version__",
    "all_schemes",
    "build",
    "check",
    "cpm",
    "crc",
    "decode",
    "detect",
    "emvco",
    "encode",
    "format_amount",
    "get_scheme",
    "is_valid",
    "iso",
    "parse_amount",
    "tlv",
    "validate",
]
