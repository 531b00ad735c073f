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

from typing import Any as _Any

from . import crc, emvco, iso, tlv
from .amount import format_amount, parse_amount
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
from .model import HOOKS as _HOOKS
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
from .tlv import DataObject, LengthUnit

__version__ = "0.1.0"


def _compiled() -> bool:
    """True when the hot modules run as mypyc-compiled C extensions (see setup.py)."""
    from . import _rules, amount, codec

    return all(not (module.__file__ or "").endswith(".py") for module in (_rules, amount, codec, crc, tlv))


#: ``True`` when the mypyc-compiled core is running, ``False`` for pure Python (docs/build.md).
COMPILED: bool = _compiled()


# Imported on first use, so that ``import qrpay`` stays fast (issue 11): the builders,
# the consumer-presented codec and the scheme registry (which the first decode loads).
_LAZY = {"cpm": ("cpm", None), "schemes": ("schemes", None), "Scheme": ("schemes", "Scheme")}
_LAZY.update({"build": ("builder", "build"), "builder": ("builder", None)})
_LAZY.update({name: ("schemes", name) for name in ("all_schemes", "get_scheme")})


def __getattr__(name: str) -> object:
    found = _LAZY.get(name)
    if found is None:
        raise AttributeError(f"module 'qrpay' has no attribute {name!r}")
    import importlib

    module = importlib.import_module(f"{__name__}.{found[0]}")
    return module if found[1] is None else getattr(module, found[1])


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


def _through(module: str, hook: str) -> _Any:
    """A model hook that imports ``module``, which installs the real one, and calls it."""

    def call(*args: _Any) -> _Any:
        import importlib

        importlib.import_module(f"{__name__}.{module}")  # installs the hooks
        return getattr(_HOOKS, hook)(*args)

    return call


# until the registry and the builder are loaded (by the first decode or build), a payload
# reaches them through these (docs/adr/0008)
for _hook in ("account_scheme", "view", "expiry"):
    setattr(_HOOKS, _hook, _through("schemes", _hook))
for _hook in ("edit", "edit_path", "summary"):
    setattr(_HOOKS, _hook, _through("builder", _hook))
del _hook


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
