"""QR images of payment payloads: spec-correct symbols, files, terminal text, payment cards.

Needs the ``image`` extra (segno and pillow): ``pip install 'qrpay[image]'``. Without
it every function raises :class:`~qrpay.errors.MissingDependencyError`.

Every symbol follows EMVCo MPM v1.1 §4.12.1: the whole payload is one byte-mode segment
(no numeric, alphanumeric or kanji segments, no structured append, no FNC1), and an ECI
designator 000026 (UTF-8) precedes it whenever a character lies outside the
"Alphanumeric Special" set (printable ASCII, 0x20-0x7E). segno's own defaults do
neither: they pick the most compact modes and encode non-Latin-1 text as Shift_JIS or
UTF-8 without an ECI.

A payload given as text is decoded with :func:`qrpay.decode` first, so a payload that
does not decode (malformed TLV, wrong CRC) raises its :class:`~qrpay.errors.DecodeError`
instead of becoming an image.

More information: docs/images.md.

>>> code = qr("00020101021129370016A000000677010111011300668123456785204581253037645802TH"
...           "5907Somchai6007Bangkok6304EA1A")
>>> code.mode, code.error, code.version
('byte', 'M', 6)
"""

# Optional dependencies are imported inside functions so that ``import qrpay.image`` works
# without the extra and fails only when a function is used (MissingDependencyError).

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .codec import decode
from .errors import InvalidRequest, MissingDependencyError
from .model import Payload
from .text import for_display

if TYPE_CHECKING:
    import segno
    from PIL import Image, ImageDraw

__all__ = [
    "DEFAULT_BORDER",
    "DEFAULT_ERROR",
    "LOGO_ERROR",
    "FontFile",
    "LogoBudget",
    "MissingFontWarning",
    "ShapingWarning",
    "card",
    "find_font",
    "logo_budget",
    "needs_eci",
    "qr",
    "save",
    "save_card",
    "terminal",
]

#: Error-correction level used when none is given: M restores ~15% of the codewords,
#: a common default for printed payment codes (segno may still raise it, see ``qr``).
DEFAULT_ERROR = "M"
#: Level used when a logo covers part of the symbol: H restores ~30% of the codewords.
LOGO_ERROR = "H"
#: Quiet zone in modules: ISO/IEC 18004 requires 4 for QR Code model 2.
DEFAULT_BORDER = 4
#: Share of each Reed-Solomon block's correction capacity a logo may use; the rest is
#: left for print defects, glare and camera blur.
DEFAULT_LOGO_BUDGET = 0.5

_EXTRA = "pip install 'qrpay[image]'"
_LEVELS = ("L", "M", "Q", "H")

PayloadLike = Payload | str | bytes


class MissingFontWarning(UserWarning):
    """No installed font covers a script on the card; PIL's default font was used."""


class ShapingWarning(UserWarning):
    """Pillow has no libraqm: Khmer, Thai and Lao text is drawn without shaping."""


# -- optional dependencies ------------------------------------------------------------------


def _missing(exc: ImportError, name: str) -> MissingDependencyError:
    return MissingDependencyError(
        f"qrpay.image needs {name}, which is not installed; install the extra with: {_EXTRA}",
        code="missing_dependency",
        ctx={"module": name, "extra": "image"},
    )


def _segno() -> Any:
    try:
        import segno
    except ImportError as exc:
        raise _missing(exc, "segno") from exc
    return segno


def _pil() -> tuple[Any, Any, Any]:
    try:
        from PIL import Image, ImageDraw, ImageFont
    except ImportError as exc:
        raise _missing(exc, "pillow") from exc
    return Image, ImageDraw, ImageFont


# -- the symbol --------------------------------------------------------------------------------


def _resolve(payload_or_text: PayloadLike) -> tuple[str, Payload]:
    """The exact text to encode and its Payload; text that does not decode raises."""
    if isinstance(payload_or_text, Payload):
        return payload_or_text.to_text(), payload_or_text
    if isinstance(payload_or_text, bytes | bytearray):
        payload = decode(bytes(payload_or_text))
        return bytes(payload_or_text).decode("utf-8"), payload
    if isinstance(payload_or_text, str):
        # Raises DecodeError for anything that is not a trustworthy EMV payload.
        return payload_or_text, decode(payload_or_text)
    kind = type(payload_or_text).__name__
    raise TypeError(f"expected a qrpay.Payload or payload text, got {kind}")


def needs_eci(text: str) -> bool:
    """True if ``text`` has a character outside Alphanumeric Special (EMVCo MPM v1.1 §4.12.1.2).

    Alphanumeric Special is printable ASCII, 0x20-0x7E (EMVCo MPM v1.1 §1.4.3).

    >>> needs_eci("5915Somchai Noodles"), needs_eci("5906ร้านค้า")
    (False, True)
    """
    return any(not " " <= ch <= "~" for ch in text)


def _level(error: str | None, default: str) -> str:
    level = (error or default).upper()
    if level not in _LEVELS:
        raise InvalidRequest(
            f"error-correction level {error!r} is not one of L, M, Q, H",
            code="invalid_error_level",
            ctx={"actual": error},
        )
    return level


def qr(
    payload_or_text: PayloadLike,
    *,
    error: str | None = None,
    boost_error: bool = True,
    version: int | None = None,
    mask: int | None = None,
) -> segno.QRCode:
    """The QR symbol of a payload, encoded as EMVCo MPM v1.1 §4.12.1 requires.

    ``error`` is the minimum error-correction level (``"M"`` by default); with
    ``boost_error`` (the default) segno raises it as long as the version stays the same.
    ``version`` (1-40) and ``mask`` (0-7) are normally chosen by segno.
    """
    segno = _segno()
    text, _ = _resolve(payload_or_text)
    level = _level(error, DEFAULT_ERROR)
    eci = needs_eci(text)
    # EMVCo MPM v1.1 §4.12.1.1: byte mode only. Passing UTF-8 *bytes* with mode="byte"
    # makes segno write one byte segment and skip its mode optimiser; micro=False because
    # Micro QR has no ECI and payment apps do not read it. segno.make never uses
    # structured append (that is segno.make_sequence) and has no FNC1 mode.
    # §4.12.1.2: ECI 000026 (UTF-8) when any character is outside printable ASCII. segno
    # writes the ECI header (0111 + designator 00011010) only for a non-Latin-1 encoding,
    # which "utf-8" is; for printable ASCII text, UTF-8 and ASCII bytes are identical.
    code = segno.make(
        text.encode("utf-8"),
        mode="byte",
        encoding="utf-8",
        eci=eci,
        micro=False,
        error=level.lower(),
        boost_error=boost_error,
        version=version,
        mask=mask,
    )
    if code.mode != "byte":  # pragma: no cover - guards against a change in segno
        raise AssertionError(f"segno encoded the payload in {code.mode!r} mode, not byte mode")
    return code  # type: ignore[no-any-return]


def terminal(
    payload_or_text: PayloadLike,
    *,
    border: int = DEFAULT_BORDER,
    error: str | None = None,
    compact: bool = True,
    invert: bool = True,
) -> str:
    """The symbol as Unicode block text for a terminal, one line per 2 modules (``compact``).

    With ``invert`` (the default, like ``qrencode -t UTF8``) light modules are drawn as
    blocks, so a terminal with a dark background shows dark modules on a light ground;
    use ``invert=False`` for light backgrounds and for text files printed on paper.
    ``compact=False`` uses two full blocks per module (taller, for fonts with gaps).
    """
    code = qr(payload_or_text, error=error)
    size = len(code.matrix)
    full = size + 2 * border

    def dark(row: int, col: int) -> bool:
        r, c = row - border, col - border
        on = 0 <= r < size and 0 <= c < size and bool(code.matrix[r][c] & 1)
        return on != invert

    lines: list[str] = []
    if compact:
        glyphs = {(False, False): " ", (True, False): "▀", (False, True): "▄", (True, True): "█"}
        lines = [
            "".join(glyphs[dark(row, col), row + 1 < full and dark(row + 1, col)] for col in range(full))
            for row in range(0, full, 2)
        ]
    else:
        lines = ["".join("██" if dark(row, col) else "  " for col in range(full)) for row in range(full)]
    return "\n".join(lines) + "\n"


_FORMATS = {".png": "png", ".svg": "svg", ".pdf": "pdf", ".txt": "txt", ".text": "txt"}
#: Module size per format: PNG/SVG in pixels, PDF in points (4 pt = 1.41 mm per module).
_DEFAULT_SCALE = {"png": 10, "svg": 10, "pdf": 4}


def save(
    payload_or_text: PayloadLike,
    path: str | os.PathLike[str],
    *,
    scale: int | None = None,
    border: int = DEFAULT_BORDER,
    dark: str | tuple[int, ...] = "#000",
    light: str | tuple[int, ...] | None = "#fff",
    error: str | None = None,
    kind: str | None = None,
) -> Path:
    """Write the symbol to ``path``; the format comes from the extension (or ``kind``).

    ``.png``, ``.svg`` and ``.pdf`` are written by segno; ``.txt`` holds :func:`terminal`
    text (light-background variant). ``scale`` is the module size (pixels for PNG and
    SVG, points for PDF). Keep ``dark`` much darker than ``light``: scanners need the
    contrast. Returns the path written.
    """
    target = Path(path)
    fmt = (kind or _FORMATS.get(target.suffix.lower(), "")).lower()
    if fmt not in _DEFAULT_SCALE and fmt != "txt":
        raise InvalidRequest(
            f"cannot tell the image format of {str(target)!r}; use .png, .svg, .pdf or .txt",
            code="unsupported_format",
            ctx={"path": str(target)},
        )
    if fmt == "txt":
        target.write_text(
            terminal(payload_or_text, border=border, error=error, invert=False), encoding="utf-8"
        )
        return target
    code = qr(payload_or_text, error=error)
    code.save(
        str(target),
        kind=fmt,
        scale=scale or _DEFAULT_SCALE[fmt],
        border=border,
        dark=dark,
        light=light,
    )
    return target


# -- logo budget --------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class LogoBudget:
    """How much of the symbol a centred logo box covers and what that costs.

    ``modules``: side of the covered square in modules. ``worst_block_used``: the largest
    share of any Reed-Solomon block's correction capacity the covered codewords consume
    (1.0 = the block is at its limit and any further damage makes the code unreadable).
    ``area``: share of the symbol area covered.
    """

    version: int
    error: str
    modules: int
    damaged_codewords: int
    worst_block_used: float
    area: float


def _rs_blocks(version: int, error: str) -> list[tuple[int, int]]:
    """(total, data) codewords of each block, in block order (ISO/IEC 18004 Table 9)."""
    consts = _segno().consts
    level = {
        "L": consts.ERROR_LEVEL_L,
        "M": consts.ERROR_LEVEL_M,
        "Q": consts.ERROR_LEVEL_Q,
        "H": consts.ERROR_LEVEL_H,
    }[error]
    blocks: list[tuple[int, int]] = []
    for group in consts.ECC[version][level]:
        blocks.extend([(group.num_total, group.num_data)] * group.num_blocks)
    return blocks


def _misdecode_protection(version: int, error: str) -> int:
    """Codewords reserved for error detection, not correction (ISO/IEC 18004 Table 9, "p")."""
    return {(1, "L"): 3, (1, "M"): 2, (1, "Q"): 1, (1, "H"): 1, (2, "L"): 2, (3, "L"): 1}.get(
        (version, error), 0
    )


@cache
def _function_modules(version: int) -> frozenset[tuple[int, int]]:
    """Modules that hold no data: finders, separators, timing, alignment, format, version."""
    size = 17 + 4 * version
    fixed: set[tuple[int, int]] = set()
    for r0, c0 in ((0, 0), (0, size - 8), (size - 8, 0)):  # finder + separator + format
        fixed.update((r, c) for r in range(r0, r0 + 8) for c in range(c0, c0 + 8))
    fixed.update((8, c) for c in range(9))
    fixed.update((r, 8) for r in range(9))
    fixed.update((8, c) for c in range(size - 8, size))
    fixed.update((r, 8) for r in range(size - 8, size))
    fixed.update((6, i) for i in range(size))
    fixed.update((i, 6) for i in range(size))
    if version >= 2:
        centres = _segno().consts.ALIGNMENT_POS[version - 2]
        for r in centres:
            for c in centres:
                if (r, c) in ((6, 6), (6, centres[-1]), (centres[-1], 6)):
                    continue  # these would overlap a finder pattern
                fixed.update((r + dr, c + dc) for dr in range(-2, 3) for dc in range(-2, 3))
    if version >= 7:
        fixed.update((r, c) for r in range(6) for c in range(size - 11, size - 8))
        fixed.update((r, c) for r in range(size - 11, size - 8) for c in range(6))
    return frozenset(fixed)


@cache
def _codeword_of_module(version: int, error: str) -> dict[tuple[int, int], int]:
    """Block index of the codeword each data module belongs to (ISO/IEC 18004 §7.7.3)."""
    size = 17 + 4 * version
    fixed = _function_modules(version)
    order: list[tuple[int, int]] = []
    col, upward = size - 1, True
    while col > 0:
        if col == 6:  # the vertical timing pattern shifts the column pairs
            col -= 1
        rows = range(size - 1, -1, -1) if upward else range(size)
        for row in rows:
            order.extend((row, c) for c in (col, col - 1) if (row, c) not in fixed)
        col -= 2
        upward = not upward
    blocks = _rs_blocks(version, error)
    # Interleaving: data codewords block by block in turn (short blocks run out first),
    # then error-correction codewords likewise.
    owner: list[int] = []
    longest = max(d for _, d in blocks)
    for i in range(longest):
        owner.extend(b for b, (_, d) in enumerate(blocks) if i < d)
    for i in range(max(t - d for t, d in blocks)):
        owner.extend(b for b, (t, d) in enumerate(blocks) if i < t - d)
    return {pos: owner[i // 8] for i, pos in enumerate(order) if i // 8 < len(owner)}


def logo_budget(code: segno.QRCode, modules: int) -> LogoBudget:
    """What covering the centre ``modules`` x ``modules`` square of ``code`` costs.

    Every codeword with at least one module under the box is counted as damaged; the
    worst block's damaged count is compared with what its Reed-Solomon code can correct,
    floor((total - data - p) / 2) (ISO/IEC 18004 §7.5.2, Table 9).
    """
    version, error = int(code.version), str(code.error)
    size = 17 + 4 * version
    start = (size - modules) // 2
    owner = _codeword_of_module(version, error)
    blocks = _rs_blocks(version, error)
    damaged: dict[int, set[int]] = {}
    # Codeword identity: recover (block, index) from the module's bit position order.
    bit_index = _bit_index(version, error)
    for r in range(start, start + modules):
        for c in range(start, start + modules):
            if (r, c) in owner:
                damaged.setdefault(owner[r, c], set()).add(bit_index[r, c] // 8)
    p = _misdecode_protection(version, error)
    capacity = [max(1, (total - data - p) // 2) for total, data in blocks]
    used = max((len(words) / capacity[b] for b, words in damaged.items()), default=0.0)
    return LogoBudget(
        version,
        error,
        modules,
        sum(len(w) for w in damaged.values()),
        used,
        modules * modules / (size * size),
    )


@cache
def _bit_index(version: int, error: str) -> dict[tuple[int, int], int]:
    """Position of each data module in the interleaved bit stream."""
    owner = _codeword_of_module(version, error)
    return {pos: i for i, pos in enumerate(owner)}  # dicts keep the placement order


def _largest_logo(code: segno.QRCode, budget: float, cap: float) -> LogoBudget | None:
    size = 17 + 4 * int(code.version)
    for modules in range(int(size * cap), 2, -1):
        if (size - modules) % 2:
            continue  # keep the box centred on the module grid
        found = logo_budget(code, modules)
        if found.worst_block_used <= budget:
            return found
    return None


# -- fonts ---------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FontFile:
    """A font file (and face index inside a collection) that covers some text."""

    path: str
    index: int = 0
    family: str = ""


_SCRIPT_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0E00, 0x0E7F, "thai"),
    (0x0E80, 0x0EFF, "lao"),
    (0x1780, 0x17FF, "khmer"),
    (0x19E0, 0x19FF, "khmer"),
    (0x2E80, 0x2FDF, "han"),
    (0x3000, 0x30FF, "han"),
    (0x3100, 0x31FF, "han"),
    (0x3400, 0x4DBF, "han"),
    (0x4E00, 0x9FFF, "han"),
    (0xF900, 0xFAFF, "han"),
    (0xFF00, 0xFFEF, "han"),
    (0x20000, 0x3FFFF, "han"),
)
#: Scripts that need OpenType shaping (stacked vowels, subscript consonants, reordering).
_COMPLEX = frozenset({"khmer", "thai", "lao"})
#: raqm language tags; they select language-specific glyph forms.
_LANGUAGE = {"khmer": "km", "thai": "th", "lao": "lo", "han": "zh-Hans"}
#: Debian packages to name in warnings.
_PACKAGES = {
    "khmer": "fonts-noto-core (or fonts-khmeros-core)",
    "thai": "fonts-noto-core (or fonts-thai-tlwg)",
    "lao": "fonts-noto-core (or fonts-lao)",
    "han": "fonts-noto-cjk (or fonts-wqy-microhei)",
    "latin": "fonts-noto-core (or fonts-dejavu-core)",
}
#: Known locations when fontconfig is not available (Debian/Ubuntu package paths).
_KNOWN: dict[str, tuple[tuple[str, int], ...]] = {
    "khmer": (
        ("/usr/share/fonts/truetype/noto/NotoSansKhmer-{w}.ttf", 0),
        ("/usr/share/fonts/truetype/khmeros/KhmerOS.ttf", 0),
    ),
    "thai": (
        ("/usr/share/fonts/truetype/noto/NotoSansThai-{w}.ttf", 0),
        ("/usr/share/fonts/opentype/tlwg/Loma.otf", 0),
        ("/usr/share/fonts/truetype/tlwg/Loma.ttf", 0),
    ),
    "lao": (
        ("/usr/share/fonts/truetype/noto/NotoSansLao-{w}.ttf", 0),
        ("/usr/share/fonts/truetype/lao/Phetsarath_OT.ttf", 0),
    ),
    "han": (
        ("/usr/share/fonts/opentype/noto/NotoSansCJK-{w}.ttc", 2),
        ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ),
    "latin": (
        ("/usr/share/fonts/truetype/noto/NotoSans-{w}.ttf", 0),
        ("/usr/share/fonts/truetype/dejavu/DejaVuSans{b}.ttf", 0),
    ),
}


def _script_of(ch: str) -> str | None:
    """The script a character needs a font for; ``None`` for spaces, digits, punctuation."""
    cp = ord(ch)
    for lo, hi, name in _SCRIPT_RANGES:
        if lo <= cp <= hi:
            return name
    if ch.isspace() or ch.isdigit() or (unicodedata.category(ch)[0] in "PSZ" and cp < 0x2E80):
        return None
    return "latin"


def _runs(text: str) -> list[tuple[str, str]]:
    """Split text into (script, run); neutral characters join the run before them."""
    runs: list[tuple[str, str]] = []
    for ch in text:
        script = _script_of(ch)
        if runs and (script is None or script == runs[-1][0]):
            runs[-1] = (runs[-1][0], runs[-1][1] + ch)
        elif script is None and not runs:
            runs.append(("latin", ch))
        else:
            runs.append((script or "latin", ch))
    # A leading neutral run ("123 ร้าน") takes the script that follows it.
    if len(runs) > 1 and runs[0][0] == "latin" and not any(_script_of(c) for c in runs[0][1]):
        runs[1] = (runs[1][0], runs[0][1] + runs[1][1])
        runs.pop(0)
    return runs


_FC_FIELDS = "%{file}\t%{index}\t%{family[0]}\t%{style[0]}\n"


def _fc_list(chars: str) -> list[tuple[str, int, str, str]]:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return []
    charset = " ".join(f"{ord(c):x}" for c in sorted(set(chars)) if not c.isspace())
    try:
        out = subprocess.run(
            [fc_list, "--format", _FC_FIELDS, f":charset={charset}"],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return []
    rows: list[tuple[str, int, str, str]] = []
    for line in out.splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[1].isdigit():
            rows.append((parts[0], int(parts[1]), parts[2], parts[3]))
    return rows


def _score(row: tuple[str, int, str, str], script: str, bold: bool) -> tuple[int, ...]:
    path, _, family, style = row
    fam, sty = family.lower(), style.lower()
    is_bold = "bold" in sty and "semi" not in sty and "extra" not in sty
    plain = sty in ("regular", "book", "normal", "bold")
    return (
        "sans" in fam and "serif" not in fam,  # a sans face reads best at small sizes
        "noto" in fam,
        is_bold == bold,
        plain,
        "looped" not in fam and "mono" not in fam and "ui" not in fam.split(),
        script != "han" or " sc" in fam or "microhei" in fam,  # simplified Chinese first
        path.endswith((".ttf", ".otf", ".ttc")),
    )


@cache
def find_font(text: str, *, bold: bool = False) -> FontFile | None:
    """An installed font that covers every character of ``text``, or ``None``.

    Asks fontconfig (``fc-list :charset=...``) and prefers a sans-serif, Noto, regular
    (or bold) face; without fontconfig, looks in the paths Debian's font packages use.
    """
    chars = "".join(c for c in text if not c.isspace())
    if not chars:
        chars = "A"
    scripts = {s for s in map(_script_of, chars) if s}
    script = next(iter(scripts)) if len(scripts) == 1 else "latin"
    rows = _fc_list(chars)
    if rows:
        best = max(rows, key=lambda row: _score(row, script, bold))
        return FontFile(best[0], best[1], best[2])
    if len(scripts) > 1:
        return None
    weight = "Bold" if bold else "Regular"
    for pattern, index in _KNOWN.get(script, ()):
        candidate = pattern.format(w=weight, b="-Bold" if bold else "")
        if os.path.exists(candidate):
            return FontFile(candidate, index)
    return None


@dataclass(frozen=True)
class _Run:
    text: str
    font: Any  # PIL.ImageFont.FreeTypeFont
    language: str | None


def _warn_once(message: str, category: type[Warning]) -> None:
    warnings.warn(message, category, stacklevel=4)


def _fonts_for(text: str, size: int, bold: bool, overrides: Mapping[str, str]) -> list[_Run]:
    _, _, image_font = _pil()
    runs: list[_Run] = []
    for script, chunk in _runs(text):
        font = None
        if script in overrides:
            font = image_font.truetype(overrides[script], size)
        else:
            found = find_font(chunk, bold=bold) or find_font(
                "".join(c for c in chunk if _script_of(c)), bold=bold
            )
            if found is not None:
                font = image_font.truetype(found.path, size, index=found.index)
        if font is None:
            _warn_once(
                f"no installed font covers the {script} text {chunk!r}; drawing it with PIL's "
                f"default font, which shows boxes for it. Install the Debian package "
                f"{_PACKAGES[script]} or pass fonts={{'{script}': '/path/to/font.ttf'}}",
                MissingFontWarning,
            )
            font = image_font.load_default(size)
        if script in _COMPLEX and not _has_raqm():
            _warn_once(
                f"Pillow was built without libraqm, so {script} text is drawn without OpenType "
                "shaping (vowels and subscripts may be misplaced); install libraqm0 (Debian) or "
                "a Pillow wheel that bundles it",
                ShapingWarning,
            )
        # Only a raqm layout accepts a language tag (PIL's default font uses basic layout).
        shaped = getattr(font, "layout_engine", None) == image_font.Layout.RAQM
        runs.append(_Run(chunk, font, _LANGUAGE.get(script) if shaped else None))
    return runs


@cache
def _has_raqm() -> bool:
    from PIL import features

    return bool(features.check("raqm"))


def _text_width(runs: Sequence[_Run]) -> float:
    return float(
        sum(
            run.font.getlength(run.text, language=run.language)
            if run.language
            else run.font.getlength(run.text)
            for run in runs
        )
    )


def _draw_line(
    draw: ImageDraw.ImageDraw,
    text: str,
    *,
    centre_x: float,
    baseline: float,
    size: int,
    max_width: float,
    fill: str | tuple[int, ...],
    bold: bool = False,
    fonts: Mapping[str, str],
) -> int:
    """Draw one centred line, shrinking the font until it fits; returns the size used."""
    runs = _fonts_for(text, size, bold, fonts)
    width = _text_width(runs)
    if width > max_width:
        size = max(8, int(size * max_width / width))
        runs = _fonts_for(text, size, bold, fonts)
        width = _text_width(runs)
    x = centre_x - width / 2
    for run in runs:
        kwargs: dict[str, Any] = {"language": run.language} if run.language else {}
        draw.text((x, baseline), run.text, font=run.font, fill=fill, anchor="ls", **kwargs)
        x += run.font.getlength(run.text, **kwargs)
    return size


# -- the payment card -------------------------------------------------------------------------


def _amount_text(payload: Payload) -> str | None:
    amount = payload.amount
    if amount is None:
        return None
    currency = payload.currency
    if currency is None:
        return f"{amount:,} ({payload.currency_code})" if payload.currency_code else f"{amount:,}"
    if currency.minor_units is None:
        return f"{amount:,} {currency.alpha}"
    quantum = Decimal(1).scaleb(-currency.minor_units)
    # Display only: the payload keeps its own digits; never round a non-zero digit away.
    shown = amount.quantize(quantum) if amount == amount.quantize(quantum) else amount
    return f"{shown:,} {currency.alpha}"


def _scheme_title(payload: Payload) -> str | None:
    from .schemes import get_scheme

    # Detected ids come from the registry, so the lookup cannot miss.
    return str(get_scheme(payload.schemes[0]).title) if payload.schemes else None


def _load_logo(logo: Any) -> Image.Image:
    image_mod, _, _ = _pil()
    if isinstance(logo, str | os.PathLike):
        with image_mod.open(logo) as opened:
            opened.load()
            return opened.convert("RGBA")  # type: ignore[no-any-return]
    if isinstance(logo, image_mod.Image):
        return logo.convert("RGBA")  # type: ignore[no-any-return]
    raise TypeError(f"logo must be a path or a PIL image, not {type(logo).__name__}")


def _symbol_image(
    code: segno.QRCode,
    scale: int,
    border: int,
    dark: tuple[int, int, int],
    light: tuple[int, int, int],
) -> Image.Image:
    image_mod, _, _ = _pil()
    from PIL import ImageOps

    size = len(code.matrix)
    full = size + 2 * border
    grey = image_mod.new("L", (full, full), 255)
    grey.putdata(
        [
            0
            if (
                border <= r < border + size
                and border <= c < border + size
                and code.matrix[r - border][c - border] & 1
            )
            else 255
            for r in range(full)
            for c in range(full)
        ]
    )
    # NEAREST keeps every module a crisp square of scale x scale pixels.
    grey = grey.resize((full * scale, full * scale), image_mod.Resampling.NEAREST)
    return ImageOps.colorize(grey, black=dark, white=light)


_HEX = re.compile(r"#?([0-9a-fA-F]{6})")


def _rgb(colour: str | tuple[int, int, int]) -> tuple[int, int, int]:
    if isinstance(colour, tuple):
        return colour
    match = _HEX.fullmatch(colour)
    if not match:
        raise InvalidRequest(f"colour {colour!r} is not #RRGGBB", code="invalid_colour")
    value = int(match.group(1), 16)
    return (value >> 16 & 255, value >> 8 & 255, value & 255)


def card(
    payload_or_text: PayloadLike,
    *,
    logo: str | os.PathLike[str] | Image.Image | None = None,
    logo_size: float | None = None,
    logo_budget_share: float = DEFAULT_LOGO_BUDGET,
    error: str | None = None,
    scale: int = 8,
    border: int = DEFAULT_BORDER,
    title: str | None = None,
    accent: str | tuple[int, int, int] = "#0b4f6c",
    dark: str | tuple[int, int, int] = "#000000",
    light: str | tuple[int, int, int] = "#ffffff",
    fonts: Mapping[str, str] | None = None,
) -> Image.Image:
    """A printable payment card (an RGB PIL image) with the QR symbol in the middle.

    Shows the scheme's title in a coloured header (``title`` overrides it), the merchant
    name in its own script (the language template's name, ID 64.01, when present, with
    the ID 59 name below it), the city, and the amount with the currency's code when the
    payload fixes one.

    ``logo`` (a path or a PIL image) is placed in the centre on a white box. The error
    level is then raised to H (unless ``error`` says otherwise) and the box is sized so
    that no Reed-Solomon block loses more than ``logo_budget_share`` of its correction
    capacity (see :func:`logo_budget`); ``logo_size`` (share of the symbol's width) asks
    for a size and raises :class:`~qrpay.errors.InvalidRequest` (``logo_too_large``) if
    it would exceed that budget.

    ``fonts`` maps a script (``khmer``, ``thai``, ``lao``, ``han``, ``latin``) to a font
    file, overriding fontconfig. Missing fonts give a :class:`MissingFontWarning`.
    """
    image_mod, image_draw, _ = _pil()
    text, payload = _resolve(payload_or_text)
    fonts = dict(fonts or {})
    level = _level(error, LOGO_ERROR if logo is not None else DEFAULT_ERROR)
    code = qr(text, error=level)
    qr_img = _symbol_image(code, scale, border, _rgb(dark), _rgb(light))

    if logo is not None:
        size = len(code.matrix)
        if logo_size is not None:
            modules = round(size * logo_size)
            modules += (size - modules) % 2
            placed = logo_budget(code, modules)
            if placed.worst_block_used > logo_budget_share:
                raise InvalidRequest(
                    f"a logo {logo_size:.0%} of the symbol wide would use "
                    f"{placed.worst_block_used:.0%} of a Reed-Solomon block's correction "
                    f"capacity (limit {logo_budget_share:.0%} at level {placed.error}); make it "
                    "smaller or raise the error level",
                    code="logo_too_large",
                    ctx={"used": placed.worst_block_used, "limit": logo_budget_share},
                )
        else:
            found = _largest_logo(code, logo_budget_share, cap=0.3)
            if found is None:
                raise InvalidRequest(
                    f"no logo fits the error-correction budget of this symbol (level {code.error})",
                    code="logo_too_large",
                )
            placed = found
        box = placed.modules * scale
        origin = (border + (size - placed.modules) // 2) * scale
        draw = image_draw.Draw(qr_img)
        draw.rectangle((origin, origin, origin + box - 1, origin + box - 1), fill=_rgb(light))
        mark = _load_logo(logo)
        inner = box - 2 * scale  # one module of white around the logo keeps edges crisp
        mark.thumbnail((inner, inner), image_mod.Resampling.LANCZOS)
        offset = (origin + (box - mark.width) // 2, origin + (box - mark.height) // 2)
        qr_img.paste(mark, offset, mark)

    width = max(qr_img.width + 2 * scale * 2, 480)
    unit = width / 100  # layout in hundredths of the card width
    language = payload.language
    local_name = language.merchant_name if language and language.merchant_name else None
    name = local_name or payload.merchant_name or ""
    latin_name = payload.merchant_name if local_name != payload.merchant_name else None
    if not local_name:
        latin_name = None
    local_city = language.merchant_city if language and language.merchant_city else None
    city = local_city or payload.merchant_city
    amount = _amount_text(payload)
    heading = title or _scheme_title(payload) or "Scan to pay"

    # Payload text comes from strangers: a bidi override, an invisible character or a
    # control would make the card show something other than what the payload holds
    # (Unicode TR #36). Each is drawn as a visible escape instead (qrpay.text).
    name, heading = for_display(name), for_display(heading)
    latin_name = for_display(latin_name) if latin_name else None
    city = for_display(city) if city else None

    header_h = int(14 * unit)
    lines: list[tuple[str, int, bool, tuple[int, int, int]]] = []  # text, size, bold, colour
    if name:
        lines.append((name, int(7 * unit), True, (17, 17, 17)))
    if latin_name:
        lines.append((latin_name, int(4.5 * unit), False, (68, 68, 68)))
    if city:
        lines.append((city, int(4 * unit), False, (102, 102, 102)))
    text_h = sum(int(size * 1.6) for _, size, _, _ in lines) + int(2 * unit)
    amount_h = int(13 * unit) if amount else 0
    height = header_h + text_h + qr_img.height + amount_h + int(6 * unit)

    canvas = image_mod.new("RGB", (width, height), (255, 255, 255))
    draw = image_draw.Draw(canvas)
    accent_rgb = _rgb(accent)
    draw.rectangle((0, 0, width, header_h), fill=accent_rgb)
    _draw_line(
        draw,
        heading,
        centre_x=width / 2,
        baseline=header_h * 0.68,
        size=int(7 * unit),
        max_width=width - 8 * unit,
        fill=(255, 255, 255),
        bold=True,
        fonts=fonts,
    )
    y = header_h + int(2 * unit)
    for line, size, bold, colour in lines:
        y += int(size * 1.3)
        _draw_line(
            draw,
            line,
            centre_x=width / 2,
            baseline=y,
            size=size,
            max_width=width - 8 * unit,
            fill=colour,
            bold=bold,
            fonts=fonts,
        )
        y += int(size * 0.3)
    y = header_h + text_h
    canvas.paste(qr_img, ((width - qr_img.width) // 2, y))
    y += qr_img.height
    if amount:
        _draw_line(
            draw,
            amount,
            centre_x=width / 2,
            baseline=y + 9 * unit,
            size=int(8 * unit),
            max_width=width - 8 * unit,
            fill=accent_rgb,
            bold=True,
            fonts=fonts,
        )
    draw.rectangle((0, height - int(2 * unit), width, height), fill=accent_rgb)
    return canvas  # type: ignore[no-any-return]


_CARD_FORMATS = {".png": "PNG", ".pdf": "PDF", ".jpg": "JPEG", ".jpeg": "JPEG", ".webp": "WEBP"}


def save_card(
    payload_or_text: PayloadLike,
    path: str | os.PathLike[str],
    *,
    dpi: int = 300,
    **options: Any,
) -> Path:
    """Render :func:`card` and write it; the format comes from the extension.

    ``.png`` (lossless, recommended), ``.pdf`` (one page at ``dpi``), ``.jpg``/``.webp``
    (high quality; lossy compression blurs module edges, so avoid it for printing).
    ``options`` are passed to :func:`card`. Returns the path written.
    """
    target = Path(path)
    fmt = _CARD_FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise InvalidRequest(
            f"cannot tell the image format of {str(target)!r}; use .png, .pdf, .jpg or .webp",
            code="unsupported_format",
            ctx={"path": str(target)},
        )
    image = card(payload_or_text, **options)
    extra: dict[str, Any] = {"dpi": (dpi, dpi)}
    if fmt == "PNG":
        extra["optimize"] = True
    elif fmt == "PDF":
        extra = {"resolution": float(dpi)}
    else:
        extra["quality"] = 95
    image.save(target, format=fmt, **extra)
    return target
