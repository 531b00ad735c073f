"""qrpay.text and the display-safety rules: checked against the Unicode properties.

The oracle is the third-party ``regex`` module, whose Unicode property tables
(``\\p{Default_Ignorable_Code_Point}``, ``\\p{Bidi_Control}``, ``\\p{Script=...}``) are
compiled from the Unicode Character Database independently of CPython's
``unicodedata`` and of qrpay's name-based script lookup. Hostile payloads are written
by hand here (TLV by string concatenation, CRC by ``binascii.crc_hqx``) so that the
rules are tested without qrpay's own serializer.
"""

from __future__ import annotations

import binascii
import re
import unicodedata

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

import qrpay
from qrpay.errors import InvalidRequest
from qrpay.text import (
    BIDI_CONTROLS,
    for_display,
    is_safe,
    mixed_script_words,
    script_of,
    unsafe_characters,
)

# -- oracle comparisons over every code point -------------------------------------------------

_UNSAFE_ORACLE = regex.compile(
    r"[\p{Cc}\p{Default_Ignorable_Code_Point}\p{Zl}\p{Zp}\p{Cs}\p{Co}\p{Cn}\p{Cf}]"
)
_CN = regex.compile(r"\p{Cn}")


def _same_unicode_version(ch: str) -> bool:
    """The two databases may be of different Unicode versions: compare where they agree."""
    return bool(_CN.match(ch)) == (unicodedata.category(ch) == "Cn")


def test_unsafe_characters_match_unicode_properties_for_every_code_point() -> None:
    disagreements = []
    for cp in range(0x110000):
        ch = chr(cp)
        if not _same_unicode_version(ch):
            continue
        expected = bool(_UNSAFE_ORACLE.match(ch))
        if expected != bool(unsafe_characters(ch)):
            disagreements.append(f"U+{cp:04X}")
    assert disagreements == []


def test_bidi_kind_is_exactly_bidi_control() -> None:
    oracle = {chr(cp) for cp in range(0x110000) if regex.match(r"\p{Bidi_Control}", chr(cp))}
    assert oracle == set(BIDI_CONTROLS)
    for ch in oracle:
        assert [u.kind for u in unsafe_characters("a" + ch + "b")] == ["bidi"]


PAYMENT_SCRIPTS = [
    "Latin",
    "Greek",
    "Cyrillic",
    "Armenian",
    "Hebrew",
    "Arabic",
    "Devanagari",
    "Bengali",
    "Gurmukhi",
    "Gujarati",
    "Oriya",
    "Tamil",
    "Telugu",
    "Kannada",
    "Malayalam",
    "Sinhala",
    "Thai",
    "Lao",
    "Tibetan",
    "Myanmar",
    "Georgian",
    "Khmer",
    "Mongolian",
    "Han",
    "Hiragana",
    "Katakana",
    "Hangul",
    "Bopomofo",
    "Ethiopic",
]
# Letters the Unicode Script property puts in a script but qrpay treats as symbols shared by
# scripts, so that they never make a word "mixed": ordinal indicators and letterlike signs.
NEUTRAL_LETTERS = frozenset("\u00aa\u00ba\u2126\u212a\u212b\u2132\u214e\u2183")


@pytest.mark.parametrize("script", PAYMENT_SCRIPTS)
def test_script_of_matches_the_script_property(script: str) -> None:
    pattern = regex.compile(rf"\p{{Script={script}}}")
    wrong = []
    for cp in range(0x30000):
        ch = chr(cp)
        category = unicodedata.category(ch)
        if category[0] != "L" or category == "Lm" or ch in NEUTRAL_LETTERS or not pattern.match(ch):
            continue
        if script_of(ch) != script:
            wrong.append(f"U+{cp:04X} {unicodedata.name(ch)}: {script_of(ch)}")
    assert wrong == []


def test_script_of_never_assigns_a_script_outside_its_extensions() -> None:
    wrong = []
    for cp in range(0x30000):
        ch = chr(cp)
        got = script_of(ch)
        if got not in PAYMENT_SCRIPTS:
            continue
        if not regex.match(rf"\p{{Script_Extensions={got}}}", ch) and not regex.match(
            r"[\p{Script=Inherited}\p{Script=Common}]", ch
        ):
            wrong.append(f"U+{cp:04X} {unicodedata.name(ch)}: {got}")
    assert wrong == []


# -- joiners, variation selectors ---------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "ශ්\u200dරී ලංකා",  # Sinhala "Sri Lanka": ZWJ after the virama (al-lakuna)
        "क्\u200dष",  # Devanagari half form
        "می\u200cخواهم",  # Persian: ZWNJ between two Arabic letters
        "Caf\u00e9 \u2615\ufe0f",  # emoji presentation selector after its base
    ],
)
def test_joiners_and_selectors_where_a_script_needs_them_are_safe(text: str) -> None:
    assert unsafe_characters(text) == []


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        ("Ama\u200dzon", 3),  # ZWJ after a Latin letter
        ("Ama\u200czon", 3),  # ZWNJ between Latin letters
        ("\u200dShop", 0),
        ("Shop \ufe0f", 5),  # a selector after a space selects nothing
        ("\ufe0fShop", 0),
    ],
)
def test_joiners_and_selectors_elsewhere_are_invisible(text: str, offset: int) -> None:
    found = unsafe_characters(text)
    assert [(u.offset, u.kind) for u in found] == [(offset, "invisible")]


# -- for_display --------------------------------------------------------------------------------

_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4}|U[0-9a-f]{8})")


def _undo_escapes(shown: str) -> str:
    """An independent inverse of for_display's escaping."""
    return _ESCAPE.sub(lambda m: "\\" if m.group(1) == "\\" else chr(int(m.group(1)[1:], 16)), shown)


@given(st.text(alphabet=st.characters(codec=None), max_size=40))
def test_for_display_is_safe_and_reversible(text: str) -> None:
    shown = for_display(text)
    assert is_safe(shown)
    # nothing left but printable characters and spaces (Zs: no control, format or separator)
    assert all(ch.isprintable() or unicodedata.category(ch) == "Zs" for ch in shown)
    assert _undo_escapes(shown) == text


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x1b]0;pwned\x07\x1b[2J", "\\x1b]0;pwned\\x07\\x1b[2J"),
        ("\u202enozamA", "\\u202enozamA"),
        ("a\\u202e", "a\\\\u202e"),  # a literal backslash cannot fake an escape
        ("A\u2028B", "A\\u2028B"),
        ("\U000e0041", "\\U000e0041"),  # a tag character
        ("\x9b31m", "\\x9b31m"),  # C1 CSI
        ("ហាង កាហ្វេ", "ហាង កាហ្វេ"),  # Khmer with a coeng: nothing to escape
    ],
)
def test_for_display_examples(text: str, shown: str) -> None:
    assert for_display(text) == shown


# -- mixed scripts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "scripts"),
    [
        ("P\u0430yPal", "P\u0430yPal", ("Cyrillic", "Latin")),  # Cyrillic a
        ("G\u043e\u043egle Store", "G\u043e\u043egle", ("Cyrillic", "Latin")),
        ("\u0391pple", "\u0391pple", ("Greek", "Latin")),  # Greek capital alpha
        ("ร้านABC", "ร้านABC", ("Latin", "Thai")),
    ],
)
def test_mixed_script_words(text: str, word: str, scripts: tuple[str, ...]) -> None:
    found = mixed_script_words(text)
    assert [(w.word, w.scripts) for w in found] == [(word, scripts)]
    assert text[found[0].offset :].startswith(word)


@pytest.mark.parametrize(
    "text",
    [
        "東京タワー店",  # Han + Katakana: Japanese
        "ラーメンShop",  # Katakana + Latin: allowed by Highly Restrictive
        "서울Cafe",  # Hangul + Latin
        "ร้าน ABC",  # separate words
        "7-Eleven ซอย 5",
        "Café Ωμέγα",  # Latin and Greek, each in its own word
    ],
)
def test_not_mixed(text: str) -> None:
    assert mixed_script_words(text) == []


# -- check(): the rules on real payload positions -----------------------------------------------


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def _payload(name: str = "EVIL SHOP", alt_name: str | None = None, account: str = "x@aclb") -> str:
    body = (
        _tlv("00", "01")
        + _tlv("01", "11")
        + _tlv("29", _tlv("00", "kh.gov.nbc.bakong") + _tlv("01", account))
        + _tlv("52", "5999")
        + _tlv("53", "116")
        + _tlv("58", "KH")
        + _tlv("59", name)
        + _tlv("60", "PHNOM PENH")
    )
    if alt_name is not None:
        body += _tlv("64", _tlv("00", "km") + _tlv("01", alt_name))
    body += "6304"
    return body + f"{binascii.crc_hqx(body.encode('utf-8'), 0xFFFF):04X}"


def _found(text: str, code: str) -> list[qrpay.Issue]:
    return [i for i in qrpay.check(text) if i.code == code]


def test_rlo_amazon_is_an_error_at_its_position() -> None:
    text = _payload(alt_name="\u202enozamA")
    [issue] = _found(text, "bidi_control")
    assert issue.severity == "error"
    assert issue.path == ("64", "01")
    assert text[issue.offset :].startswith("0107\u202enozamA")
    assert issue.ctx["character"] == "\u202e" and issue.ctx["character_offset"] == 0
    assert "\u202e" not in issue.message and "U+202E" in issue.message
    assert not qrpay.is_valid(text)


@pytest.mark.parametrize(
    ("alt_name", "code", "severity"),
    [
        ("Shop\u200bName", "invisible_character", "error"),
        ("\ufeffShop", "invisible_character", "error"),
        ("\u3164", "invisible_character", "error"),
        ("Shop\u2028Name", "line_separator", "error"),
        ("Shop\u2029", "line_separator", "error"),
        ("\u2066Shop\u2069", "bidi_control", "error"),
        ("P\u0430yPal", "mixed_script", "warning"),
    ],
)
def test_display_rules_in_the_language_template(alt_name: str, code: str, severity: str) -> None:
    [issue] = _found(_payload(alt_name=alt_name), code)
    assert (issue.path, issue.severity) == (("64", "01"), severity)


def test_display_rules_in_a_template_sub_field_and_in_ans_fields() -> None:
    assert [i.path for i in _found(_payload(account="x\u200b@aclb"), "invisible_character")] == [("29", "01")]
    # 59 is format ans: outside the common set already, and the bidi control is named too
    text = _payload(name="EVIL\u202eSHOP")
    assert {i.code for i in qrpay.check(text) if i.path == ("59",)} >= {"invalid_character", "bidi_control"}


def test_real_names_raise_no_display_issue() -> None:
    from .conftest import iter_vectors

    codes = {"bidi_control", "invisible_character", "line_separator", "mixed_script"}
    checked = 0
    for _path, vector in iter_vectors():
        payload = vector.get("payload")
        if not isinstance(payload, str):
            continue
        found = [i for i in qrpay.check(payload) if i.code in codes]
        assert found == [], vector["id"]
        checked += 1
    assert checked > 300


def test_builders_refuse_display_errors() -> None:
    common = {
        "merchant_name": "SHOP",
        "merchant_city": "PHNOM PENH",
        "currency": "KHR",
        "country": "KH",
        "merchant_category_code": "5999",
        "merchant_accounts": {"29": {"00": "kh.gov.nbc.bakong", "01": "x@aclb"}},
    }
    for name, code in [("\u202enozamA", "bidi_control"), ("A\u200bB", "invisible_character")]:
        with pytest.raises(InvalidRequest) as caught:
            qrpay.build(**common, language={"language_preference": "km", "merchant_name": name})
        assert caught.value.code == code
        assert caught.value.path == ("64", "01")
    built = qrpay.build(**common, language={"language_preference": "si", "merchant_name": "ශ්\u200dරී"})
    assert built.language is not None and built.language.merchant_name == "ශ්\u200dරී"


def test_a_mixed_script_name_is_built_with_its_warning() -> None:
    built = qrpay.build(
        merchant_name="SHOP",
        merchant_city="PHNOM PENH",
        currency="KHR",
        country="KH",
        merchant_category_code="5999",
        merchant_accounts={"29": {"00": "kh.gov.nbc.bakong", "01": "x@aclb"}},
        language={"language_preference": "km", "merchant_name": "ហាងABC"},
    )
    assert [(i.code, i.path, i.severity) for i in built.issues] == [("mixed_script", ("64", "01"), "warning")]


# -- the payment card -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("alt_name", "shown"),
    [
        ("\u202enozamA", "\\u202enozamA"),
        ("Shop\u200b\u2066X", "Shop\\u200b\\u2066X"),
    ],
)
def test_card_draws_unsafe_text_as_visible_escapes(
    monkeypatch: pytest.MonkeyPatch, alt_name: str, shown: str
) -> None:
    from qrpay import image

    drawn: list[str] = []
    original = image._draw_line

    def spy(draw: object, text: str, **kwargs: object) -> int:
        drawn.append(text)
        return original(draw, text, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(image, "_draw_line", spy)
    card = image.card(_payload(name="EVIL SHOP", alt_name=alt_name))
    assert card.width > 0
    assert shown in drawn  # the headline: the alternate-language name, escaped
    assert "EVIL SHOP" in drawn
    assert all(is_safe(line) for line in drawn)


def test_for_display_can_leave_backslashes_single() -> None:
    assert for_display("'\\x1b' and \x1b", backslashes=False) == "'\\x1b' and \\x1b"
    assert for_display("a\\b", backslashes=False) == "a\\b"
    assert is_safe(for_display("\u202e\\", backslashes=False))
