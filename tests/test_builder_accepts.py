"""The builders' fast keyword check agrees with the detailed one (issue 11).

``builder._accepts(hint)`` is the predicate every keyword of every build goes through;
``builder._mismatch`` builds the message when it fails. The fast one must accept exactly
what the detailed one finds nothing wrong with, for every annotation a builder declares
(qrpay.build and each scheme's build) and any value.
"""

from __future__ import annotations

import typing
from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

import qrpay
from qrpay import builder
from qrpay.tlv import DataObject


def _hints() -> list[Any]:
    functions: list[Any] = [typing.cast(Any, qrpay.build).__wrapped__]
    functions += [s.build for s in qrpay.all_schemes() if s.build is not None]
    found: dict[str, Any] = {}
    for function in functions:
        target = getattr(function, "__wrapped__", function)
        for name, hint in typing.get_type_hints(target).items():
            if name != "return":
                found[repr(hint)] = hint
    return list(found.values())


HINTS = _hints()

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-5, 5),
    st.sampled_from(["", "01", "THB", "dynamic", "fixed", "minimal", "khqr", "29", "***"]),
    st.decimals(allow_nan=False, allow_infinity=False, places=2, min_value=-10, max_value=10),
    st.floats(allow_nan=False, allow_infinity=False, width=16),
    st.binary(max_size=3),
    st.just(DataObject("00", "01", 0, ("00",))),
    st.just(Decimal("1.5")),
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.lists(inner, max_size=3).map(tuple),
        st.dictionaries(
            st.one_of(st.sampled_from(["00", "01", "bill_number", "62"]), st.integers(0, 2)),
            inner,
            max_size=3,
        ),
    ),
    max_leaves=8,
)


def test_every_builder_annotation_is_covered() -> None:
    assert len(HINTS) >= 10
    assert any(typing.get_origin(h) is typing.Union or "|" in repr(h) for h in HINTS)


@settings(max_examples=600)
@given(st.sampled_from(HINTS), VALUES)
def test_fast_check_agrees_with_the_detailed_one(hint: Any, value: object) -> None:
    assert builder._accepts(hint)(value) is (builder._mismatch(value, hint) is None)


def test_known_answers() -> None:
    mapping = typing.Mapping[str, str]
    assert builder._accepts(mapping)({"00": "x"})
    assert not builder._accepts(mapping)({"00": 1})
    assert not builder._accepts(int)(True)  # a bool is not an int to a builder
    assert builder._accepts(bool)(True)
    assert not builder._accepts(typing.Sequence[str])("abc")  # text is not a sequence of str
    assert builder._accepts(typing.Literal["fixed", "minimal"])("fixed")
    assert not builder._accepts(typing.Literal[1])(True)
