"""Fuzz target ``builders``: every builder keyword and every edit, with hostile values.

A builder is picked (``qrpay.build``, each registered scheme's ``build``, or one of the
``Payload`` edits ``replace``, ``with_amount``, ``with_value``, ``without``); its keyword
names come from ``inspect.signature`` and its annotations, and each drawn keyword gets a
value that is either plausible for the declared type or hostile (another type, a lone
surrogate, controls, bidi and invisible characters, 100 000 characters, NaN, infinities,
huge and negative numbers, floats, naive and aware datetimes, timedeltas, bytes, ...).
The call starts from a valid set of keywords for that builder, so most draws reach the
encoder's checks rather than the first missing field.

The property: the call returns a ``Payload`` whose text decodes to an equal payload that
``qrpay.validate`` accepts (the encoder never emits what validate rejects), or it raises
``InvalidRequest`` with a code and a tag path. ``TypeError`` is allowed only for a
``now`` that is not an aware ``datetime`` (the documented rule, docs/api.md "Builder
arguments"). Anything else fails.
"""

from __future__ import annotations

import inspect
import pickle
import typing
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from datetime import date, datetime, timedelta, timezone
from decimal import Decimal
from typing import Any, Literal, Union

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import qrpay
from qrpay import emvco
from qrpay.model import InitiationMethod, LanguageTemplate, Payload
from qrpay.schemes import all_schemes
from qrpay.tlv import DataObject, primitive, template

__all__ = ["BASELINES", "OUTCOMES", "fuzz_builders"]

#: what the calls did (built, refused with a code, TypeError for the clock), for reports
OUTCOMES: Counter[str] = Counter()

NOW = datetime(2026, 1, 1, 12, tzinfo=timezone.utc)
_NETS = [
    ("00", "SG.COM.NETS"),
    ("01", "1198500065G991231235900"),
    ("02", "11168661400"),
    ("03", "68661401"),
    ("99", "604108C2"),
]

#: A valid set of keywords per builder (the fuzzer changes some of them).
BASELINES: dict[str, dict[str, Any]] = {
    "qrpay": {
        "merchant_accounts": {"15": "37210116372101160123456789ABCDE"},
        "merchant_category_code": "5999",
        "currency": "USD",
        "country": "KH",
        "merchant_name": "Kuntheas Shop",
        "merchant_city": "Phnom Penh",
    },
    "khqr": {"account_id": "john_smith@devb", "merchant_name": "John Smith"},
    "laoqr": {"iin": "27710418", "receiver_id": "ABC"},
    "promptpay": {"mobile": "0812345678"},
    "unionpay": {
        "acquirer_iin": "37210116",
        "forwarding_iin": "37210116",
        "merchant_id": "0123456789ABCDE",
        "currency": "USD",
        "country": "KH",
        "merchant_name": "Shop",
        "merchant_city": "Phnom Penh",
        "merchant_category_code": "5999",
    },
    "paynow": {"mobile": "+6591234567"},
    "sgqr": {
        "networks": {"26": _NETS},
        "sgqr_id": "1809072DD85C",
        "version": "01.0001",
        "postal_code": "079027",
        "level": "01",
        "unit_number": "06",
        "miscellaneous": "0000",
        "version_date": "20180915",
        "merchant_name": "SOBA EXPRESS",
        "merchant_category_code": "5812",
    },
    "duitnow": {
        "acquirer_id": "501664",
        "qr_id": "123456789",
        "merchant_name": "QRCSDNBHD",
        "merchant_city": "BANGI",
        "merchant_category_code": "9999",
    },
    "qris": {
        "nmid": "ID1021081861606",
        "merchant_pan": "936000143000616438",
        "merchant_id": "000885000616438",
        "criteria": "UKE",
        "merchant_category_code": "5411",
        "merchant_name": "OMBE KOFIE-HO",
        "merchant_city": "JAKARTA UTARA",
        "postal_code": "14240",
    },
    "vietqr": {"bank_bin": "970403", "card_number": "9704031101234567"},
    "qrph": {
        "kind": "p2p",
        "bic": "PAEYPHM2XXX",
        "account_number": "123456789012",
        "mobile": "+63-9170000001",
        "merchant_category_code": "6016",
        "merchant_name": "ENG",
        "merchant_city": "Manila",
    },
    "lankaqr": {
        "block": "1672800058120000000010000005",
        "merchant_name": "Vits Food",
        "merchant_city": "Colombo",
        "merchant_category_code": "5812",
    },
    "nepalpay": {
        "acquirer_id": "00001701",
        "merchant_id": "17012UVSTIR",
        "merchant_name": "BBSM",
        "merchant_city": "Kathmandu",
        "merchant_category_code": "5021",
    },
    # the BCB manual's static example key (docs/schemes/pix.md)
    "pix": {
        "key": "123e4567-e12b-12d1-a456-426655440000",
        "merchant_name": "Fulano de Tal",
        "merchant_city": "BRASILIA",
    },
    "fps": {"fps_id": "9999999"},
    "bharatqr": {
        "vpa": "shop@upi",
        "merchant_name": "SHOP",
        "merchant_city": "PUNE",
        "postal_code": "411001",
        "merchant_category_code": "5411",
    },
    # @natade-coco/jpqr's example fields (tests/schemes/test_jpqr.py)
    "jpqr": {
        "store_code": "0000000000001",
        "code_02": "0001",
        "code_03": "000001",
        "code_04": "000001",
        "merchant_name": "xxx",
        "merchant_city": "xxx",
        "postal_code": "5300005",
        "local_name": "ナタデココ カフェ",
        "merchant_category_code": "5812",
    },
}


def _builders() -> dict[str, Callable[..., Payload]]:
    found: dict[str, Callable[..., Payload]] = {"qrpay": qrpay.build}
    for scheme in all_schemes():
        if scheme.build is not None:
            found[scheme.id] = scheme.build
    return found


BUILDERS = _builders()
#: payloads the edits start from: one built per builder (with its baseline)
PAYLOADS: list[Payload] = [
    BUILDERS[name](**BASELINES[name], now=NOW) for name in BUILDERS if name in BASELINES
] + [
    BUILDERS["qrpay"](**BASELINES["qrpay"], amount="12.50", additional_data={"bill_number": "INV-1"}, now=NOW)
]


def _hints(function: Callable[..., Any]) -> dict[str, Any]:
    hints = typing.get_type_hints(inspect.unwrap(function))
    hints.pop("return", None)
    return hints


# -- values -------------------------------------------------------------------------------

#: characters that break text in interesting ways: lone surrogates, C0/C1 controls, bidi
#: controls, invisible characters, line and paragraph separators, a combining mark, an
#: emoji (outside the BMP), Khmer, a fullwidth digit
_NASTY_CHARS = (
    "\ud800\udfff\udc00\x00\x07\x1b\x7f\x85\x9b\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068"
    "\u2069\u200e\u200f\u061c\u200b\u200c\u200d\ufeff\u2060\u2028\u2029\u0301\U0001f600\u1780\uff11"
    "\t\n\r *.@+-0123456789AZaz"
)
nasty_text = st.text(alphabet=st.sampled_from(_NASTY_CHARS), max_size=30)
any_text = st.text(st.characters(exclude_categories=()), max_size=40)  # surrogates included
huge_text = st.sampled_from(["x" * 100_000, "1" * 5000, "\ud800" * 300, "\u202e" * 120])
plausible_text = st.one_of(
    st.from_regex(r"[0-9]{1,20}", fullmatch=True),
    st.from_regex(r"[A-Za-z0-9 .@_+-]{1,30}", fullmatch=True),
    st.sampled_from(["***", "01", "12", "KH", "USD", "764", "THB", "5999", "+6591234567", "0812345678"]),
)
tags = st.integers(0, 99).map(lambda n: f"{n:02d}")
amounts = st.one_of(
    st.sampled_from(["1", "12.50", "0.01", "1000", "1.5", "99.", Decimal("2500.00"), 20000]),
    st.integers(1, 10**6),
    st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999"), places=2),
    st.from_regex(r"[0-9]{1,6}(\.[0-9]{0,3})?", fullmatch=True),
)
hostile = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.sampled_from([10**5000, -(10**40), 2**63, -1, 0]),
    st.floats(allow_nan=True, allow_infinity=True),
    st.decimals(allow_nan=True, allow_infinity=True),
    st.sampled_from(
        [Decimal("NaN"), Decimal("sNaN"), Decimal("-Infinity"), Decimal("1E+999999999"), Decimal("-0")]
    ),
    st.binary(max_size=10),
    st.lists(st.integers(), max_size=3),
    st.dictionaries(st.integers(), st.integers(), max_size=2),
    st.datetimes(timezones=st.none() | st.just(timezone.utc)),
    st.dates(),
    st.timedeltas(),
    st.sampled_from(
        [timedelta(days=-1), timedelta.max, timedelta.min, object(), type, InitiationMethod.OTHER]
    ),
    any_text,
    nasty_text,
    huge_text,
)


def _data_objects() -> st.SearchStrategy[DataObject]:
    children = st.lists(st.tuples(tags, plausible_text | nasty_text), min_size=1, max_size=3)
    return st.one_of(
        st.builds(primitive, tags, plausible_text | nasty_text),
        st.builds(lambda t, kids: template(t, sorted(dict(kids).items())), tags, children),
    )


def _plausible(hint: Any, name: str, depth: int = 0) -> st.SearchStrategy[Any]:
    """Values of the declared type, with text that is plausible or nasty."""
    if hint is Any:
        return plausible_text | nasty_text
    if hint is type(None) or hint is None:
        return st.none()
    origin = typing.get_origin(hint)
    args = typing.get_args(hint)
    if origin is Union or origin is __import__("types").UnionType:
        if Decimal in args:  # an amount: mostly amounts a caller would give
            return st.one_of(amounts, *[_plausible(a, name, depth) for a in args])
        return st.one_of(*[_plausible(a, name, depth) for a in args])
    if origin is Literal:
        return st.sampled_from(args)
    if origin in (dict, Mapping):
        if depth > 2:
            return st.just({})
        if name == "additional_data":
            keys = st.sampled_from(sorted(emvco.ADDITIONAL_DATA_NAMES)) | tags
        elif name == "language":
            keys = st.sampled_from(["language_preference", "merchant_name", "merchant_city"]) | tags
        else:
            keys = tags
        return st.dictionaries(keys, _plausible(args[1] if args else Any, name, depth + 1), max_size=3)
    if origin in (list, Sequence):
        if depth > 2:
            return st.just([])
        return st.lists(_plausible(args[0] if args else Any, name, depth + 1), max_size=3)
    if origin is tuple:
        return st.tuples(*[_plausible(a, name, depth + 1) for a in args if a is not ...])
    if hint is str:
        return st.one_of(plausible_text, nasty_text, any_text)
    if hint is bool:
        return st.booleans()
    if hint is int:
        return st.one_of(st.integers(0, 2 * 10**12), st.integers(10**12, 10**13), st.integers())
    if hint is Decimal:
        return st.one_of(
            st.decimals(min_value=Decimal("0.01"), max_value=Decimal("1E12"), places=2),
            st.decimals(allow_nan=True, allow_infinity=True),
        )
    if hint is datetime:
        return st.datetimes(
            min_value=datetime(2000, 1, 1), timezones=st.just(timezone.utc) | st.none()
        ) | st.just(NOW + timedelta(minutes=10))
    if hint is date:
        return st.dates()
    if hint is DataObject:
        return _data_objects()
    if hint is InitiationMethod:
        return st.sampled_from(InitiationMethod)
    if hint is LanguageTemplate:
        return st.builds(
            LanguageTemplate,
            st.none() | plausible_text,
            st.none() | plausible_text | nasty_text,
            st.none() | plausible_text | nasty_text,
        )
    return hostile


def _mostly(plausible: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """Three draws in four from ``plausible``, one from ``hostile``."""
    return st.integers(0, 3).flatmap(lambda n: hostile if n == 0 else plausible)


def _value(hint: Any, name: str) -> st.SearchStrategy[Any]:
    return _mostly(_plausible(hint, name))


@st.composite
def _keywords(draw: st.DrawFn, function: Callable[..., Any], baseline: Mapping[str, Any]) -> dict[str, Any]:
    hints = _hints(function)
    parameters = inspect.signature(function).parameters
    names = sorted(n for n in parameters if n in hints)
    keywords = dict(baseline)
    for name in draw(st.lists(st.sampled_from(names), max_size=4, unique=True)):
        if name == "now":
            keywords[name] = draw(st.one_of(st.just(NOW), st.none(), hostile))
            continue
        keywords[name] = draw(_value(hints[name], name))
    # optional keywords of the baseline may also be dropped
    for name in draw(st.lists(st.sampled_from(sorted(baseline)), max_size=2, unique=True)):
        if parameters[name].default is not inspect.Parameter.empty:
            keywords.pop(name, None)
    keywords.setdefault("now", NOW)
    return keywords


_BUILD_HINTS = {name: hint for name, hint in _hints(qrpay.build).items() if name != "now"}


@st.composite
def _call(draw: st.DrawFn) -> tuple[str, Callable[[], Any], Any]:
    """(what is called, the call, the clock it was given)"""
    kind = draw(st.sampled_from([*sorted(BUILDERS), "replace", "with_amount", "with_value", "without"]))
    if kind in BUILDERS:
        function = BUILDERS[kind]
        keywords = draw(_keywords(function, BASELINES[kind]))
        return f"{kind}.build({_show(keywords, 300)})", lambda: function(**keywords), keywords.get("now")
    payload = draw(st.sampled_from(PAYLOADS))
    if kind == "replace":
        names = draw(st.lists(st.sampled_from(sorted(_BUILD_HINTS)), min_size=1, max_size=3, unique=True))
        changes = {n: draw(st.none() | _value(_BUILD_HINTS[n], n)) for n in names}
        if draw(st.booleans()):
            changes["now"] = draw(st.just(NOW) | hostile)
        return f"replace({_show(changes, 300)})", lambda: payload.replace(**changes), changes.get("now")
    if kind == "with_amount":
        amount = draw(_value(Decimal | int | str, "amount"))
        dynamic = draw(_mostly(st.booleans()))
        style = draw(_mostly(st.sampled_from(["fixed", "minimal", "khqr"])))
        return (
            f"with_amount({_show(amount, 100)}, dynamic={_show(dynamic, 50)}, amount_style={_show(style, 50)})",
            lambda: payload.with_amount(amount, dynamic=dynamic, amount_style=style),
            None,
        )
    path = draw(st.one_of(tags, st.tuples(tags, tags), st.tuples(tags), st.lists(tags, max_size=3), hostile))
    if kind == "without":
        return f"without({_show(path, 100)})", lambda: payload.without(path), None
    value = draw(st.one_of(plausible_text, nasty_text, any_text, hostile))
    return (
        f"with_value({_show(path, 100)}, {_show(value, 100)})",
        lambda: payload.with_value(path, value),
        None,
    )


def _show(value: object, limit: int) -> str:
    try:
        text = repr(value)
    except ValueError:  # an int too long for repr
        return f"<{type(value).__name__}>"
    return text[:limit]


def _bad_clock(now: object) -> bool:
    return now is not None and not (isinstance(now, datetime) and now.utcoffset() is not None)


@settings(
    deadline=None,
    database=None,
    max_examples=200,
    suppress_health_check=list(HealthCheck),
)
@given(_call())
def fuzz_builders(case: tuple[str, Callable[[], Any], Any]) -> None:
    described, call, now = case
    refused: qrpay.InvalidRequest | None = None
    wrong_clock: TypeError | None = None
    try:
        result = call()
    except qrpay.InvalidRequest as err:
        refused = err
    except TypeError as err:
        wrong_clock = err
    if refused is not None:
        assert isinstance(refused.code, str) and refused.code, described
        assert isinstance(refused.path, tuple) and all(isinstance(t, str) for t in refused.path), described
        assert str(refused) and refused.message, described
        assert pickle.loads(pickle.dumps(refused)).code == refused.code
        OUTCOMES[f"InvalidRequest {refused.code}"] += 1
        return
    if wrong_clock is not None:
        # the one documented TypeError: a clock that is not an aware datetime
        assert _bad_clock(now) and str(wrong_clock).startswith("now must be an aware datetime"), (
            described,
            wrong_clock,
        )
        OUTCOMES["TypeError now"] += 1
        return
    assert not _bad_clock(now), f"{described}: a bad clock was accepted"
    assert isinstance(result, Payload), described
    text = result.to_text()
    assert qrpay.encode(result) == text
    clock = now if isinstance(now, datetime) else None
    decoded = qrpay.decode(text, now=clock)
    assert decoded == result, described
    assert qrpay.validate(text, now=clock) == result, described
    OUTCOMES[f"built {described.partition('(')[0]}"] += 1
