"""qrpay.text checked exactly (issue 13: text's mutation survivors).

Every expected value is written out from the Unicode facts it rests on: the code point,
its General_Category (UCD UnicodeData.txt field 2), its Bidi_Class (UAX #9 §3.2 table 4,
UCD field 4), its canonical combining class (field 3), Default_Ignorable_Code_Point
(DerivedCoreProperties.txt), Bidi_Control (PropList.txt) and Script (Scripts.txt).
``unicodedata`` and the third-party ``regex`` module (``\\p{Script=...}``, compiled from the
UCD independently of CPython) are used only as oracles that those facts hold, never qrpay. The
joiner rules are RFC 5892 Appendix A.1 (ZWNJ) and A.2 (ZWJ); the script mixes UTS #39 §5.1
(Highly Restrictive). Payloads are joined by hand and sealed with ``binascii.crc_hqx``
(CRC-16/CCITT-FALSE, EMVCo MPM 4.7.3), so every offset is counted from the text itself.
"""

from __future__ import annotations

import binascii
import unicodedata

import pytest
import regex

import qrpay
from qrpay import text as text_module
from qrpay.text import (
    MixedScriptWord,
    UnsafeCharacter,
    UnsafeKind,
    for_display,
    mixed_script_words,
    script_of,
    unsafe_characters,
)


def test_codepoint_is_u_plus_at_least_four_upper_hex_digits() -> None:
    # U+001B ESCAPE (Cc), U+202E RIGHT-TO-LEFT OVERRIDE (Cf, Bidi_Class RLO),
    # U+E0041 TAG LATIN CAPITAL LETTER A (Cf, default-ignorable)
    assert UnsafeCharacter(0, "\x1b", "control").codepoint == "U+001B"
    assert UnsafeCharacter(0, "\u202e", "bidi").codepoint == "U+202E"
    assert UnsafeCharacter(0, "\U000e0041", "invisible").codepoint == "U+E0041"


def test_name_of_an_unnamed_character_of_a_named_kind() -> None:
    # unsafe_characters never gives this (every bidi, invisible and line_separator character it
    # finds has a Unicode name: checked over every code point, UCD 14), but UnsafeCharacter is
    # public: U+E0080 is unassigned (Cn, no name) inside the default-ignorable tag block
    assert unicodedata.category("\U000e0080") == "Cn" and unicodedata.name("\U000e0080", "") == ""
    assert UnsafeCharacter(0, "\U000e0080", "invisible").name == "unnamed character"
    assert UnsafeCharacter(0, "\U000e0080", "unassigned").name == "unassigned code point"


# -- one kind per General_Category ---------------------------------------------------------------

KINDS = [
    # (character, General_Category, Bidi_Class, kind, name)
    ("\x1b", "Cc", "BN", "control", "control character"),  # U+001B ESCAPE (C0)
    ("\x1f", "Cc", "S", "control", "control character"),  # U+001F INFORMATION SEPARATOR ONE
    ("\x7f", "Cc", "BN", "control", "control character"),  # U+007F DELETE
    ("\x85", "Cc", "B", "control", "control character"),  # U+0085 NEXT LINE (C1)
    ("\x9b", "Cc", "BN", "control", "control character"),  # U+009B CONTROL SEQUENCE INTRODUCER
    ("\ud800", "Cs", "L", "surrogate", "lone surrogate"),  # first high surrogate
    ("\udfff", "Cs", "L", "surrogate", "lone surrogate"),  # last low surrogate
    ("\ue000", "Co", "L", "private_use", "private-use character"),  # BMP Private Use Area
    ("\U000f0000", "Co", "L", "private_use", "private-use character"),  # Supplementary PUA-A
    ("\u0378", "Cn", "L", "unassigned", "unassigned code point"),  # hole in the Greek block
    ("\uffff", "Cn", "BN", "unassigned", "unassigned code point"),  # noncharacter
    ("\u0600", "Cf", "AN", "invisible", "ARABIC NUMBER SIGN"),  # Cf, not default-ignorable
    ("\u00ad", "Cf", "BN", "invisible", "SOFT HYPHEN"),  # default-ignorable
    ("\u2028", "Zl", "WS", "line_separator", "LINE SEPARATOR"),
    ("\u2029", "Zp", "B", "line_separator", "PARAGRAPH SEPARATOR"),
    ("\u061c", "Cf", "AL", "bidi", "ARABIC LETTER MARK"),  # Bidi_Control=Yes (PropList.txt)
    ("\u202e", "Cf", "RLO", "bidi", "RIGHT-TO-LEFT OVERRIDE"),
]


@pytest.mark.parametrize(("ch", "category", "bidi_class", "kind", "name"), KINDS)
def test_each_kind_and_name(ch: str, category: str, bidi_class: str, kind: UnsafeKind, name: str) -> None:
    if category != "Cn":  # unassigned code points have the default Bidi_Class, by block
        assert unicodedata.bidirectional(ch) == bidi_class
    assert unicodedata.category(ch) == category
    found = unsafe_characters("ab" + ch + "c")
    assert found == [UnsafeCharacter(2, ch, kind)]
    assert found[0].name == name


def test_space_and_tilde_bound_the_printable_ascii_that_is_always_safe() -> None:
    # U+0020 SPACE (Zs) and U+007E TILDE (Sm) are safe; U+001F and U+007F next to them are Cc
    assert unsafe_characters("\x1f ~\x7f") == [
        UnsafeCharacter(0, "\x1f", "control"),
        UnsafeCharacter(3, "\x7f", "control"),
    ]


# -- joiners (RFC 5892 Appendix A.1 ZWNJ, A.2 ZWJ) ---------------------------------------------

# U+094D DEVANAGARI SIGN VIRAMA: canonical combining class 9 (Virama).
# U+0628 ARABIC LETTER BEH: Lo, script Arabic, Joining_Type D (ArabicShaping.txt).
VIRAMA, BEH = "\u094d", "\u0628"
ZWNJ, ZWJ = "\u200c", "\u200d"


def test_the_oracle_agrees_on_the_joiner_facts() -> None:
    assert unicodedata.combining(VIRAMA) == 9
    assert unicodedata.name(BEH) == "ARABIC LETTER BEH" and unicodedata.category(BEH) == "Lo"
    assert [unicodedata.category(c) for c in (ZWNJ, ZWJ)] == ["Cf", "Cf"]


@pytest.mark.parametrize(
    ("text", "offset"),
    [
        # a ZWJ first has no character before it, whatever ends the text (here a virama)
        (ZWJ + "\u0915" + VIRAMA, 0),
        # ZWJ between two Arabic letters: A.2 allows ZWJ only after a virama
        (BEH + ZWJ + BEH, 1),
        # ZWNJ last: nothing after it to join (A.1 needs a right-joining letter after)
        (BEH + ZWNJ, 1),
        # ZWNJ with an Arabic letter on one side only
        (BEH + ZWNJ + "A", 1),
        ("A" + ZWNJ + BEH, 1),
    ],
)
def test_joiners_without_their_context_are_invisible(text: str, offset: int) -> None:
    assert unsafe_characters(text) == [UnsafeCharacter(offset, text[offset], "invisible")]


@pytest.mark.parametrize(
    "text",
    [
        BEH + ZWNJ + BEH,  # the shortest A.1 context: one Arabic letter on each side
        VIRAMA + ZWJ,  # after a virama, even at the start of the text
        "\u0915" + VIRAMA + ZWNJ,  # ZWNJ after a virama, last in the text
    ],
)
def test_joiners_in_their_context_are_safe(text: str) -> None:
    assert unsafe_characters(text) == []


# -- escapes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("\x00", "\\x00"),  # U+0000 NULL: two hex digits
        ("\x9f", "\\x9f"),  # U+009F APPLICATION PROGRAM COMMAND, the last C1 control
        ("\u00ad", "\\xad"),  # SOFT HYPHEN, the last unsafe character below U+0100
        ("\u034f", "\\u034f"),  # COMBINING GRAPHEME JOINER: four hex digits
        ("\uffff", "\\uffff"),  # the last BMP code point (a noncharacter): still four digits
        ("\U0001bca0", "\\U0001bca0"),  # SHORTHAND FORMAT LETTER OVERLAP: eight digits
        ("\U000f0000", "\\U000f0000"),  # first code point of Supplementary Private Use Area-A
        ("\U0010ffff", "\\U0010ffff"),  # the last code point (a noncharacter)
    ],
)
def test_escape_width_follows_the_code_point(text: str, shown: str) -> None:
    assert for_display(text) == shown


# -- mixed scripts ------------------------------------------------------------------------------


def test_a_first_sight_is_remembered_with_its_script(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, str | None] = {}
    monkeypatch.setattr(text_module, "_SCRIPTS_SEEN", seen)
    # U+0430 CYRILLIC SMALL LETTER A among Latin letters, in the second word (offset 5)
    expected = [MixedScriptWord(5, "P\u0430yPal", ("Cyrillic", "Latin"))]
    assert mixed_script_words("Shop P\u0430yPal") == expected
    assert seen == {
        "S": "Latin",
        "h": "Latin",
        "o": "Latin",
        "p": "Latin",
        " ": None,  # U+0020 SPACE is Zs: no script
        "P": "Latin",
        "\u0430": "Cyrillic",
        "y": "Latin",
        "a": "Latin",
        "l": "Latin",
    }
    assert mixed_script_words("Shop P\u0430yPal") == expected  # the second time, from memory


def test_the_memory_stops_at_65536_characters_and_answers_all_the_same(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    seen: dict[str, str | None] = {f"#{i}": None for i in range(65535)}
    monkeypatch.setattr(text_module, "_SCRIPTS_SEEN", seen)
    # five new characters (P, U+0430, y, a, l): room for one of them
    assert mixed_script_words("P\u0430yPal") == [MixedScriptWord(0, "P\u0430yPal", ("Cyrillic", "Latin"))]
    assert len(seen) == 65536
    assert mixed_script_words("P\u0430yPal") == [MixedScriptWord(0, "P\u0430yPal", ("Cyrillic", "Latin"))]
    assert len(seen) == 65536


@pytest.mark.parametrize(
    "text",
    [
        # one word of Hangul (서울), Han (中, U+4E2D CJK UNIFIED IDEOGRAPH) and Latin: exactly the
        # Korean set; the Cyrillic word makes the text as a whole fit no allowed set
        "\uc11c\uc6b8\u4e2dCafe \u041c\u043e\u0441\u043a\u0432\u0430",
        # one word of Han (東京), Katakana (タワ; ー U+30FC is Lm, shared), Hiragana (の) and
        # Latin: exactly the Japanese set; the Greek word keeps the text from fitting one set
        "\u6771\u4eac\u30bf\u30ef\u30fc\u306eCafe \u03a9\u03bc\u03ad\u03b3\u03b1",
    ],
)
def test_a_word_that_uses_a_whole_allowed_set_is_not_mixed(text: str) -> None:
    assert mixed_script_words(text) == []


def test_mixed_words_with_their_offsets() -> None:
    # U+0391 GREEK CAPITAL LETTER ALPHA in "Apple", U+0435 CYRILLIC SMALL LETTER IE in "Store"
    assert mixed_script_words("My \u0391pple St\u043ere") == [
        MixedScriptWord(3, "\u0391pple", ("Greek", "Latin")),
        MixedScriptWord(9, "St\u043ere", ("Cyrillic", "Latin")),
    ]


# -- the same facts through check(), each issue whole ---------------------------------------------


def _tlv(tag: str, value: str) -> str:
    return f"{tag}{len(value):02d}{value}"


def _payload(alt_name: str) -> tuple[str, int]:
    """A KHQR-shaped payload with ``alt_name`` in 64.01 (Merchant Name\u2014Alternate Language,
    EMVCo MPM Table 3.7); returns it and 64.01's offset."""
    body = (
        _tlv("00", "01")
        + _tlv("01", "11")
        + _tlv("29", _tlv("00", "kh.gov.nbc.bakong") + _tlv("01", "x@aclb"))
        + _tlv("52", "5999")
        + _tlv("53", "116")
        + _tlv("58", "KH")
        + _tlv("59", "SHOP")
        + _tlv("60", "PHNOM PENH")
    )
    offset = len(body) + 4 + 6  # "64LL" then "0002fa"
    body += _tlv("64", _tlv("00", "fa") + _tlv("01", alt_name)) + "6304"
    return body + f"{binascii.crc_hqx(body.encode('utf-8'), 0xFFFF):04X}", offset


def test_a_zwnj_last_in_a_persian_name_is_an_invisible_character() -> None:
    text, offset = _payload(BEH + ZWNJ)
    assert text[offset : offset + 4] == "0102"
    found = [i for i in qrpay.check(text) if i.path == ("64", "01")]
    assert found == [
        qrpay.Issue(
            "invisible_character",
            ("64", "01"),
            offset,
            "tag 64.01 (Merchant Name\u2014Alternate Language) is '\u0628\\u200c': character 1 is U+200C (ZERO WIDTH NON-JOINER), an invisible "
            "character, which hides inside the text it is shown with (Unicode TR #36 section 2.2, "
            "UTS #39 section 3.1)",
        )
    ]
    assert found[0].severity == "error"
    assert dict(found[0].ctx) == {"character": ZWNJ, "character_offset": 1, "count": 1}


def test_a_mixed_word_after_another_word_is_a_warning_with_its_offset() -> None:
    text, offset = _payload("Shop P\u0430yPal")
    found = [i for i in qrpay.check(text) if i.path == ("64", "01")]
    assert found == [
        qrpay.Issue(
            "mixed_script",
            ("64", "01"),
            offset,
            "tag 64.01 (Merchant Name\u2014Alternate Language) is 'Shop P\u0430yPal': the word 'P\u0430yPal' mixes Cyrillic and Latin letters, "
            "the mark of a look-alike name (UTS #39 section 5.1, Highly Restrictive)",
            "warning",
        )
    ]
    assert dict(found[0].ctx) == {
        "word": "P\u0430yPal",
        "scripts": ["Cyrillic", "Latin"],
        "character_offset": 5,
    }


# -- script_of: the name rules, one example each (Scripts.txt, ScriptExtensions.txt) -------------

SCRIPTS_BY_NAME = [
    # (character, General_Category, Script property, what script_of gives)
    # a qualifier first, the script's word second: COMBINING CYRILLIC TITLO
    ("\u0483", "Mn", "Cyrillic", "Cyrillic"),
    # SUPERSCRIPT LATIN SMALL LETTER I
    ("\u2071", "Lm", "Latin", "Latin"),
    # COMBINING LATIN SMALL LETTER A: Script=Inherited, Script_Extensions=Latin
    ("\u0363", "Mn", "Inherited", "Latin"),
    # FULLWIDTH LATIN CAPITAL LETTER A, HALFWIDTH KATAKANA LETTER A: the width prefix goes
    ("\uff21", "Lu", "Latin", "Latin"),
    ("\uff71", "Lo", "Katakana", "Katakana"),
    # Lo of a script qrpay does not list: the name's first word, or two for Old Italic, Ol Chiki
    ("\u1740", "Lo", "Buhid", "Buhid"),  # BUHID LETTER A
    ("\U00010300", "Lo", "Old_Italic", "Old Italic"),  # OLD ITALIC LETTER A
    ("\u1c5a", "Lo", "Ol_Chiki", "Ol Chiki"),  # OL CHIKI LETTER LA
    # shared by scripts: none
    ("\u00aa", "Lo", "Latin", None),  # FEMININE ORDINAL INDICATOR (an ordinal, not a letter)
    ("\u00ba", "Lo", "Latin", None),  # MASCULINE ORDINAL INDICATOR
    ("\u30fc", "Lm", "Common", None),  # KATAKANA-HIRAGANA PROLONGED SOUND MARK
    ("\u02c7", "Lm", "Common", None),  # CARON: a one-word name
    # cased letters not named after a script are letterlike symbols
    ("\u210a", "Ll", "Common", None),  # SCRIPT SMALL G
    ("\u2146", "Ll", "Common", None),  # DOUBLE-STRUCK ITALIC SMALL D
]


@pytest.mark.parametrize(("ch", "category", "script", "expected"), SCRIPTS_BY_NAME)
def test_script_of_by_name(ch: str, category: str, script: str, expected: str | None) -> None:
    assert unicodedata.category(ch) == category
    assert regex.match(rf"\p{{Script={script}}}", ch)
    assert script_of(ch) == expected


def test_a_letter_without_a_name_has_no_script() -> None:
    # U+17000 is a Tangut ideograph (Lo, Script=Tangut); CPython's unicodedata names only the
    # CJK and Hangul algorithmic ranges, so on Pythons without its name it has no script
    ch = "\U00017000"
    assert unicodedata.category(ch) == "Lo"
    assert script_of(ch) == ("Tangut" if unicodedata.name(ch, "") else None)
