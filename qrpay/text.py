"""Text safety: what a payload's text may not do when it is shown to a person.

Payload text comes from strangers. Shown raw, a value can act on a terminal (``ESC ]``
retitles it, ``ESC [ 2 J`` clears it) or display differently from what it holds: a
right-to-left override turns ``nozamA`` into "Amazon", a zero-width space hides inside
a name, a Cyrillic ``а`` passes for a Latin one (Unicode TR #36 §2, UTS #39 §5). This
module finds those characters and makes text safe to show. It is used by ``check()``
(rules ``bidi_control``, ``invisible_character``, ``line_separator`` and
``mixed_script``; docs/errors.md), by the payment card (:func:`qrpay.image.card`) and by
every line the command line prints.

* :func:`unsafe_characters` lists the characters that control a terminal or hide or
  reorder text, each with its offset and kind.
* :func:`for_display` returns text with each of them written out as a visible escape
  (``\\u202e``, ``\\x1b``), and a backslash doubled so an escape cannot be faked; text
  with nothing unsafe comes back unchanged.
* :func:`mixed_script_words` lists words that mix scripts in a way no language does
  (UTS #39 §5.1 "Highly Restrictive").

Standard library only; the script of a letter comes from its Unicode character name
(``CYRILLIC SMALL LETTER A``), which :mod:`unicodedata` has for every assigned letter.

>>> for_display("\\x1b]0;pwned\\x07Shop")
'\\\\x1b]0;pwned\\\\x07Shop'
>>> for_display("\\u202enozamA")
'\\\\u202enozamA'
>>> [u.kind for u in unsafe_characters("A\\u200bB\\u2028")]
['invisible', 'line_separator']
>>> mixed_script_words("P\\u0430yPal Shop")[0].scripts
('Cyrillic', 'Latin')
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

__all__ = [
    "BIDI_CONTROLS",
    "MixedScriptWord",
    "UnsafeCharacter",
    "UnsafeKind",
    "for_display",
    "is_safe",
    "mixed_script_words",
    "script_of",
    "unsafe_characters",
]

UnsafeKind = Literal[
    "control",  # Cc: C0 and C1 controls, DEL: what a terminal acts on
    "bidi",  # explicit directional formatting (UAX #9 §2): reorders what follows
    "invisible",  # default-ignorable: takes no space, hides inside a word
    "line_separator",  # U+2028 / U+2029: a line break that is not a control
    "surrogate",  # Cs: a lone UTF-16 half, not a character (cannot be UTF-8 encoded)
    "private_use",  # Co: no agreed glyph; fonts draw anything there
    "unassigned",  # Cn: unassigned code points and noncharacters
]

#: Explicit directional formatting characters (UAX #9 §2.1-2.6 and ALM, LRM, RLM).
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Default_Ignorable_Code_Point (Unicode DerivedCoreProperties.txt) outside the bidi set:
# characters that render as nothing. U+2065 and U+FFF0-FFF8 are unassigned (reported as
# such); the E0000 block holds the tag characters used to smuggle hidden text.
_INVISIBLE_RANGES = (
    (0x00AD, 0x00AD),  # soft hyphen
    (0x034F, 0x034F),  # combining grapheme joiner
    (0x115F, 0x1160),  # Hangul choseong / jungseong fillers
    (0x17B4, 0x17B5),  # Khmer inherent vowels (Unicode advises never to use them)
    (0x180B, 0x180F),  # Mongolian variation selectors and vowel separator
    (0x200B, 0x200D),  # zero-width space, non-joiner, joiner
    (0x2060, 0x2064),  # word joiner, invisible operators
    (0x206A, 0x206F),  # deprecated format characters
    (0x3164, 0x3164),  # Hangul filler
    (0xFEFF, 0xFEFF),  # zero-width no-break space (byte order mark)
    (0xFFA0, 0xFFA0),  # halfwidth Hangul filler
    (0x1BCA0, 0x1BCA3),  # shorthand format controls
    (0x1D173, 0x1D17A),  # musical symbol format controls
    (0xE0000, 0xE0FFF),  # tags and variation selectors supplement
)
_VARIATION_SELECTORS = ((0xFE00, 0xFE0F),)
# The invisible characters that str.isprintable() passes (letters and marks, not Cf).
_PRINTABLE_INVISIBLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]"
)
_ZWNJ, _ZWJ = "\u200c", "\u200d"


@dataclass(frozen=True, slots=True)
class UnsafeCharacter:
    """A character at ``offset`` (index in the text) that must not be shown as it is."""

    offset: int
    character: str
    kind: UnsafeKind

    @property
    def codepoint(self) -> str:
        """``U+202E``."""
        return f"U+{ord(self.character):04X}"

    @property
    def name(self) -> str:
        """The Unicode name, or a description where there is none."""
        return unicodedata.name(self.character, "") or {
            "control": "control character",
            "surrogate": "lone surrogate",
            "private_use": "private-use character",
            "unassigned": "unassigned code point",
        }.get(self.kind, "unnamed character")


def _in(cp: int, ranges: tuple[tuple[int, int], ...]) -> bool:
    return any(lo <= cp <= hi for lo, hi in ranges)


def _joiner_allowed(text: str, index: int) -> bool:
    """ZWJ/ZWNJ where a script needs them (RFC 5892 Appendix A.1 and A.2, simplified).

    After a virama (canonical combining class 9) they select conjunct or half forms in
    Sinhala ("ශ්‍රී"), Devanagari, Malayalam and other Indic scripts; ZWNJ between two
    Arabic-script letters breaks a join (Persian "می‌خواهم"). Anywhere else they only hide.
    """
    if index == 0:
        return False
    before = text[index - 1]
    if unicodedata.combining(before) == 9:
        return True
    if text[index] == _ZWNJ and index + 1 < len(text):
        after = text[index + 1]
        return script_of(before) == "Arabic" and script_of(after) == "Arabic"
    return False


def _kind(text: str, index: int) -> UnsafeKind | None:
    ch = text[index]
    cp = ord(ch)
    if 0x20 <= cp < 0x7F:
        return None
    category = unicodedata.category(ch)
    if category == "Cc":
        return "control"
    if ch in BIDI_CONTROLS:
        return "bidi"
    if category in ("Zl", "Zp"):
        return "line_separator"
    if category == "Cs":
        return "surrogate"
    if category == "Co":
        return "private_use"
    if category == "Cn":
        return "unassigned"
    if _in(cp, _INVISIBLE_RANGES):
        if ch in (_ZWJ, _ZWNJ) and _joiner_allowed(text, index):
            return None
        return "invisible"
    if _in(cp, _VARIATION_SELECTORS):
        # A variation selector picks a glyph of the character before it (emoji or text
        # presentation); alone, or after a space, it only hides.
        return None if index and not text[index - 1].isspace() else "invisible"
    if category == "Cf":
        return "invisible"  # any other format character (e.g. U+0600 Arabic number sign)
    return None


def unsafe_characters(text: str) -> list[UnsafeCharacter]:
    """Every character of ``text`` that controls a terminal or hides or reorders text.

    >>> [(u.offset, u.codepoint, u.kind) for u in unsafe_characters("EVIL\\u202eSHOP\\x1b")]
    [(4, 'U+202E', 'bidi'), (9, 'U+001B', 'control')]
    >>> unsafe_characters("ศ์ ក ශ්‍රී")  # Thai, Khmer, and Sinhala with ZWJ after a virama
    []
    """
    if text.isprintable() and not _PRINTABLE_INVISIBLE.search(text):
        return []  # no control, format, separator or non-character: the common case
    found = []
    for index in range(len(text)):
        kind = _kind(text, index)
        if kind is not None:
            found.append(UnsafeCharacter(index, text[index], kind))
    return found


def is_safe(text: str) -> bool:
    """True if :func:`unsafe_characters` finds nothing."""
    return not unsafe_characters(text)


def _escape(ch: str) -> str:
    cp = ord(ch)
    if cp <= 0xFF:
        return f"\\x{cp:02x}"
    if cp <= 0xFFFF:
        return f"\\u{cp:04x}"
    return f"\\U{cp:08x}"


def for_display(text: str, *, backslashes: bool = True) -> str:
    """``text`` with every unsafe character written as a visible escape.

    Controls, bidi and invisible characters, line separators, surrogates, private-use
    and unassigned code points become ``\\xNN``, ``\\uNNNN`` or ``\\UNNNNNNNN``; a
    backslash is doubled so that a value cannot fake an escape. What is left displays
    in the order it is stored and contains nothing a terminal acts on.

    ``backslashes=False`` leaves backslashes as they are: for qrpay's own messages,
    which quote values already escaped (``repr`` or this function), so that a quoted
    ``'\\x1b'`` is not shown as ``'\\\\x1b'``. The result is just as safe to show.

    >>> for_display("Caf\\u00e9 \\\\ Bar")
    'Café \\\\\\\\ Bar'
    >>> for_display("ok")
    'ok'
    """
    doubled = backslashes and "\\" in text
    if text.isascii() and text.isprintable() and not doubled:
        return text
    unsafe = {u.offset for u in unsafe_characters(text)}
    if not unsafe and not doubled:
        return text
    return "".join(
        _escape(ch) if index in unsafe else ("\\\\" if doubled and ch == "\\" else ch)
        for index, ch in enumerate(text)
    )


# -- scripts (UTS #39 §5.1) ----------------------------------------------------------------

# Words of character names that name a script, and the script they name (UAX #24 names).
_SCRIPT_WORDS = {
    word.upper(): word
    for word in [
        "Latin",
        "Greek",
        "Cyrillic",
        "Armenian",
        "Hebrew",
        "Arabic",
        "Syriac",
        "Thaana",
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
        "Ethiopic",
        "Cherokee",
        "Khmer",
        "Mongolian",
        "Hiragana",
        "Katakana",
        "Bopomofo",
        "Hangul",
        "Javanese",
        "Balinese",
        "Sundanese",
        "Buginese",
        "Tagalog",
        "Cham",
        "Runic",
        "Ogham",
        "Coptic",
        "Nko",
        "Yi",
        "Vai",
        "Adlam",
        "Osage",
        "Tifinagh",
    ]
}
_SCRIPT_WORDS.update({"CJK": "Han", "KANGXI": "Han", "IDEOGRAPHIC": "Han", "HENTAIGANA": "Hiragana"})
_WIDTH_PREFIXES = ("FULLWIDTH ", "HALFWIDTH ")
# Names that start with these words may name a script later ("COMBINING CYRILLIC TITLO",
# "MODIFIER LETTER SMALL GREEK GAMMA"); without one, the character belongs to no script.
_QUALIFIERS = frozenset(
    {"COMBINING", "MODIFIER", "MATHEMATICAL", "SUPERSCRIPT", "SUBSCRIPT", "LETTER", "SMALL"}
)
# Names that start with these words belong to no single script.
_COMMON_PREFIXES = frozenset({"KATAKANA-HIRAGANA", "FEMININE", "MASCULINE"})
# Script names that take two words.
_TWO_WORDS = frozenset({"OLD", "TAI", "NEW", "MEETEI", "OL", "PAU", "MASARAM", "GUNJALA", "CAUCASIAN"})


@lru_cache(maxsize=4096)
def script_of(ch: str) -> str | None:
    """The script of a letter or mark (``Latin``, ``Cyrillic``, ``Khmer``, ``Han``...).

    ``None`` for digits, spaces, punctuation, symbols and characters shared by scripts
    (modifier letters, letterlike symbols, ordinal indicators): those never make a word
    mixed. The script comes from the character's name, checked against the Unicode
    Script property for every letter of the scripts used in payment names
    (tests/test_text.py).

    >>> script_of("a"), script_of("а"), script_of("ក"), script_of("中"), script_of("1")
    ('Latin', 'Cyrillic', 'Khmer', 'Han', None)
    """
    if unicodedata.category(ch)[0] not in "LM":
        return None
    name = unicodedata.name(ch, "")
    for prefix in _WIDTH_PREFIXES:
        name = name.removeprefix(prefix)
    words = name.split(" ")
    first = words[0]
    if not first or first in _COMMON_PREFIXES:
        return None
    if first in _SCRIPT_WORDS:
        return _SCRIPT_WORDS[first]
    if first in _QUALIFIERS:
        return next((_SCRIPT_WORDS[w] for w in words[1:] if w in _SCRIPT_WORDS), None)
    if unicodedata.category(ch) != "Lo":
        return None  # a cased or modifier letter not named after a script: a symbol
    if first in _TWO_WORDS and len(words) > 1:
        return f"{first} {words[1]}".title()
    return first.title()


_SCRIPTS_SEEN: dict[str, str | None] = {}


def _remember_script(ch: str) -> str | None:
    script = script_of(ch)
    if len(_SCRIPTS_SEEN) < 65536:  # bounded: strangers choose the characters
        _SCRIPTS_SEEN[ch] = script
    return script


#: Script sets that real writing mixes within one word (UTS #39 §5.1, Highly Restrictive).
_ALLOWED_MIXES = (
    frozenset({"Latin", "Han", "Hiragana", "Katakana"}),  # Japanese
    frozenset({"Latin", "Han", "Bopomofo"}),  # Chinese with zhuyin
    frozenset({"Latin", "Han", "Hangul"}),  # Korean
)


@dataclass(frozen=True, slots=True)
class MixedScriptWord:
    """A word (``offset``: its index in the text) whose letters mix ``scripts``."""

    offset: int
    word: str
    scripts: tuple[str, ...]


def _words(text: str) -> list[tuple[int, str]]:
    words: list[tuple[int, str]] = []
    start = None
    for index, ch in enumerate(text):
        inside = unicodedata.category(ch)[0] in "LMN"
        if inside and start is None:
            start = index
        elif not inside and start is not None:
            words.append((start, text[start:index]))
            start = None
    if start is not None:
        words.append((start, text[start:]))
    return words


def mixed_script_words(text: str) -> list[MixedScriptWord]:
    """Words that mix scripts beyond what UTS #39's Highly Restrictive level allows.

    A word is a run of letters, marks and digits. One script per word is fine, and so
    are Japanese (Han, Hiragana, Katakana, Latin), Chinese with Bopomofo, and Korean
    (Han, Hangul) mixes. ``"PayPal"`` with a Cyrillic ``а`` is not.

    >>> mixed_script_words("ร้าน Thai 7-Eleven 東京タワー")
    []
    """
    if text.isascii():
        return []
    # Whole-text screen first: most names use one script, and then no word can mix.
    known = _SCRIPTS_SEEN
    overall = set()
    for ch in set(text):
        script = known[ch] if ch in known else _remember_script(ch)
        if script is not None:
            overall.add(script)
    if len(overall) < 2 or any(overall <= allowed for allowed in _ALLOWED_MIXES):
        return []
    found = []
    for offset, word in _words(text):
        scripts = {s for s in map(script_of, word) if s is not None}
        if len(scripts) > 1 and not any(scripts <= allowed for allowed in _ALLOWED_MIXES):
            found.append(MixedScriptWord(offset, word, tuple(sorted(scripts))))
    return found
