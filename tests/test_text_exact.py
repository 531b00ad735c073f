"""qrpay.text checked exactly (issue 13: text's mutation survivors).

Every expected value is written out from the Unicode facts it rests on: the code point,
its General_Category (UCD UnicodeData.txt field 2), its Bidi_Class (UAX #9 §3.2 table 4,
UCD field 4) or its Default_Ignorable_Code_Point property (DerivedCoreProperties.txt).
``unicodedata`` is used only as an independent oracle for those facts, never qrpay.
"""

from __future__ import annotations

from qrpay.text import UnsafeCharacter


def test_codepoint_is_u_plus_at_least_four_upper_hex_digits() -> None:
    # U+001B ESCAPE (Cc), U+202E RIGHT-TO-LEFT OVERRIDE (Cf, Bidi_Class RLO),
    # U+E0041 TAG LATIN CAPITAL LETTER A (Cf, default-ignorable)
    assert UnsafeCharacter(0, "\x1b", "control").codepoint == "U+001B"
    assert UnsafeCharacter(0, "\u202e", "bidi").codepoint == "U+202E"
    assert UnsafeCharacter(0, "\U000e0041", "invisible").codepoint == "U+E0041"
