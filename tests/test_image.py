"""qrpay.image: EMVCo MPM v1.1 §4.12.1 symbols, files, terminal text and payment cards.

The symbol tests read the data bit stream back out of the module matrix with a small
independent reader (format information, unmasking, codeword placement and block
de-interleaving per ISO/IEC 18004) and check the mode indicators and the ECI designator,
not only that a decoder returns the right text.
"""

from __future__ import annotations

import json
import sys
import warnings
from pathlib import Path
from typing import Any

import pytest
import segno
from PIL import Image, ImageDraw

import qrpay
from qrpay import image as qimage
from qrpay import scan

ROOT = Path(__file__).resolve().parent.parent

# -- payloads -------------------------------------------------------------------------------

KHMER = qrpay.build(
    merchant_accounts={"29": {"00": "com.example.khqr", "01": "kunthea@aclb"}},
    merchant_category_code="5999",
    currency="KHR",
    amount="15000",
    country="KH",
    merchant_name="Kunthea Shop",
    merchant_city="Phnom Penh",
    language={"language_preference": "KM", "merchant_name": "ហាងគន្ធា", "merchant_city": "ភ្នំពេញ"},
)
THAI = qrpay.build(
    merchant_accounts={"29": {"00": "A000000677010111", "01": "0066812345678"}},
    merchant_category_code="5812",
    currency="THB",
    amount="150.00",
    country="TH",
    merchant_name="Somchai Noodles",
    merchant_city="Bangkok",
    language={
        "language_preference": "TH",
        "merchant_name": "ร้านก๋วยเตี๋ยวสมชาย",
        "merchant_city": "กรุงเทพมหานคร",
    },
)
CHINESE = qrpay.build(
    merchant_accounts={"15": "9156000014901234567"},
    merchant_category_code="5812",
    currency="CNY",
    country="CN",
    merchant_name="Wang Noodle House",
    merchant_city="Shanghai",
    language={"language_preference": "ZH", "merchant_name": "王记面馆", "merchant_city": "上海"},
)
ASCII = qrpay.build(
    merchant_accounts={"26": {"00": "SG.PAYNOW", "01": "2", "02": "201234567K", "03": "1"}},
    merchant_category_code="5999",
    currency="SGD",
    country="SG",
    merchant_name="KOPI CORNER",
    merchant_city="SINGAPORE",
)
SAMPLES = {"khmer": KHMER, "thai": THAI, "chinese": CHINESE, "ascii": ASCII}


def fixture_payloads() -> list[Any]:
    """Every valid vector in fixtures/ (crosscheck/ holds requests, not vectors)."""
    params = []
    for path in sorted((ROOT / "fixtures").rglob("*.json")):
        if "crosscheck" in path.relative_to(ROOT / "fixtures").parts:
            continue
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") == "cpm":
            continue  # consumer-presented (base64) vectors: qrpay.image draws merchant-presented payloads
        params.extend(
            pytest.param(v["payload"], id=v["id"])
            for v in data.get("vectors", [])
            if v.get("qrpay", {}).get("valid") is True
        )
    return params


ALL_PAYLOADS = [
    *fixture_payloads(),
    *(pytest.param(p.to_text(), id=f"sample-{k}") for k, p in SAMPLES.items()),
]


# -- an independent reader of the data bit stream (ISO/IEC 18004:2015) ------------------------

_MASKS = (
    lambda i, j: (i + j) % 2 == 0,
    lambda i, j: i % 2 == 0,
    lambda i, j: j % 3 == 0,
    lambda i, j: (i + j) % 3 == 0,
    lambda i, j: (i // 2 + j // 3) % 2 == 0,
    lambda i, j: (i * j) % 2 + (i * j) % 3 == 0,
    lambda i, j: ((i * j) % 2 + (i * j) % 3) % 2 == 0,
    lambda i, j: ((i + j) % 2 + (i * j) % 3) % 2 == 0,
)
_EC_BITS = {"L": 0b01, "M": 0b00, "Q": 0b11, "H": 0b10}


def _format_bits(level: str, mask: int) -> int:
    """15-bit format information: 5 data bits, BCH(15,5) remainder, XOR 0x5412 (§7.9)."""
    data = _EC_BITS[level] << 3 | mask
    rem = data << 10
    for shift in range(14, 9, -1):
        if rem >> shift & 1:
            rem ^= 0x537 << (shift - 10)
    return (data << 10 | rem) ^ 0x5412


def _read_format(m: list[list[int]]) -> tuple[str, int]:
    cells = [(8, c) for c in range(6)] + [(8, 7), (8, 8), (7, 8)] + [(r, 8) for r in range(5, -1, -1)]
    bits = 0
    for r, c in cells:
        bits = bits << 1 | m[r][c]
    for level in "LMQH":
        for mask in range(8):
            if _format_bits(level, mask) == bits:
                return level, mask
    raise AssertionError(f"format information {bits:015b} is not valid")


def _function_modules(version: int) -> set[tuple[int, int]]:
    size = 17 + 4 * version
    fixed = {
        (r, c)
        for r0, c0 in ((0, 0), (0, size - 8), (size - 8, 0))
        for r in range(r0, r0 + 8)
        for c in range(c0, c0 + 8)
    }
    fixed |= {(8, i) for i in range(9)} | {(i, 8) for i in range(9)}
    fixed |= {(8, size - 1 - i) for i in range(8)} | {(size - 1 - i, 8) for i in range(8)}
    fixed |= {(6, i) for i in range(size)} | {(i, 6) for i in range(size)}
    if version >= 2:
        # Alignment centres: 6, then evenly spaced (even steps) ending at size - 7 (Annex E).
        count = version // 7 + 2
        step = (version * 8 + count * 3 + 5) // (count * 4 - 4) * 2 if version != 32 else 26
        centres = [6] + [size - 7 - i * step for i in range(count - 2, -1, -1)]
        for r in centres:
            for c in centres:
                if (r, c) in ((6, 6), (6, size - 7), (size - 7, 6)):
                    continue
                fixed |= {(r + dr, c + dc) for dr in range(-2, 3) for dc in range(-2, 3)}
    if version >= 7:
        fixed |= {(r, c) for r in range(6) for c in range(size - 11, size - 8)}
        fixed |= {(c, r) for r in range(6) for c in range(size - 11, size - 8)}
    return fixed


def data_codewords(code: segno.QRCode) -> tuple[bytes, int]:
    """The de-interleaved data codewords and the version, read from the matrix."""
    m = [[bit & 1 for bit in row] for row in code.matrix]
    size = len(m)
    version = (size - 17) // 4
    level, mask = _read_format(m)
    fixed = _function_modules(version)
    order: list[tuple[int, int]] = []
    col, upward = size - 1, True
    while col > 0:
        if col == 6:
            col -= 1
        for row in range(size - 1, -1, -1) if upward else range(size):
            order.extend((row, c) for c in (col, col - 1) if (row, c) not in fixed)
        col -= 2
        upward = not upward
    bits = [m[r][c] ^ int(_MASKS[mask](r, c)) for r, c in order]
    words = [int("".join(map(str, bits[i : i + 8])), 2) for i in range(0, len(bits) - 7, 8)]
    # Block structure (ISO/IEC 18004 Table 9) from segno's copy of the table.
    level_const = {
        "L": segno.consts.ERROR_LEVEL_L,
        "M": segno.consts.ERROR_LEVEL_M,
        "Q": segno.consts.ERROR_LEVEL_Q,
        "H": segno.consts.ERROR_LEVEL_H,
    }[level]
    sizes = [g.num_data for g in segno.consts.ECC[version][level_const] for _ in range(g.num_blocks)]
    blocks: list[list[int]] = [[] for _ in sizes]
    it = iter(words)
    for i in range(max(sizes)):
        for b, n in enumerate(sizes):
            if i < n:
                blocks[b].append(next(it))
    return bytes(w for block in blocks for w in block), version


def segments(code: segno.QRCode) -> list[tuple[str, Any]]:
    """Parse mode indicators: [("eci", 26), ("byte", b"..."), ...] up to the terminator."""
    data, version = data_codewords(code)
    stream = "".join(f"{b:08b}" for b in data)
    pos = 0

    def take(n: int) -> int:
        nonlocal pos
        value = int(stream[pos : pos + n], 2)
        pos += n
        return value

    names = {
        0b0001: "numeric",
        0b0010: "alphanumeric",
        0b0011: "structured_append",
        0b0101: "fnc1_first",
        0b1001: "fnc1_second",
        0b1000: "kanji",
        0b1101: "hanzi",
    }
    found: list[tuple[str, Any]] = []
    while pos + 4 <= len(stream):
        mode = take(4)
        if mode == 0:
            break
        if mode == 0b0111:
            first = take(8)
            assert first >> 7 == 0, "only single-byte ECI designators (0-127) are expected here"
            found.append(("eci", first))
        elif mode == 0b0100:
            count = take(8 if version <= 9 else 16)
            found.append(("byte", bytes(take(8) for _ in range(count))))
        else:
            found.append((names.get(mode, f"mode_{mode:04b}"), None))
            break  # other modes have other count lengths; one is enough to fail the test
    return found


def header_bits(code: segno.QRCode, n: int) -> str:
    data, _ = data_codewords(code)
    return "".join(f"{b:08b}" for b in data)[:n]


# -- the symbol ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ALL_PAYLOADS)
def test_symbol_is_one_byte_segment_with_eci_26_exactly_when_needed(text: str) -> None:
    code = qimage.qr(text)
    raw = text.encode("utf-8")
    if any(not 0x20 <= ord(ch) <= 0x7E for ch in text):
        # EMVCo MPM v1.1 §4.12.1.2: ECI mode 0111, designator 00011010 (26), then byte mode.
        assert segments(code) == [("eci", 26), ("byte", raw)]
        assert header_bits(code, 16) == "0111000110100100"
    else:
        assert segments(code) == [("byte", raw)]
        assert header_bits(code, 4) == "0100"
    assert code.mode == "byte"
    assert not code.is_micro


def test_reader_sees_what_segno_defaults_would_do() -> None:
    # The reader is not vacuous: segno's defaults break §4.12.1 and it notices.
    thai = THAI.to_text()
    assert segments(segno.make(thai, micro=False)) == [("byte", thai.encode("utf-8"))]  # no ECI
    upper = ASCII.to_text()
    assert upper == upper.upper()  # digits, upper case, space and '.' only
    assert segments(segno.make(upper, micro=False))[0][0] == "alphanumeric"
    assert segments(qimage.qr(upper)) == [("byte", upper.encode())]
    assert segno.make(upper, micro=False).mode == "alphanumeric"


@pytest.mark.parametrize("level", ["L", "M", "Q", "H"])
def test_error_level_is_a_minimum(level: str) -> None:
    assert qimage.qr(THAI, error=level, boost_error=False).error == level
    boosted = qimage.qr(THAI, error=level)
    assert "LMQH".index(boosted.error) >= "LMQH".index(level)
    assert qimage.qr(THAI).error in ("M", "Q", "H")  # default M, possibly boosted


def test_input_kinds_and_validation() -> None:
    text = KHMER.to_text()
    assert segments(qimage.qr(text.encode("utf-8")))[1][1] == text.encode("utf-8")
    assert qimage.qr(KHMER).matrix == qimage.qr(text).matrix
    broken = text[:-4] + ("0000" if not text.endswith("0000") else "1111")
    with pytest.raises(qrpay.CRCError):
        qimage.qr(broken)
    with pytest.raises(qrpay.DecodeError):
        qimage.qr("https://example.com/pay")
    with pytest.raises(qrpay.InvalidRequest) as info:
        qimage.qr(KHMER, error="X")
    assert info.value.code == "invalid_error_level"
    with pytest.raises(TypeError):
        qimage.qr(42)  # type: ignore[arg-type]


def test_needs_eci_is_printable_ascii() -> None:
    assert not qimage.needs_eci("".join(chr(c) for c in range(0x20, 0x7F)))
    assert qimage.needs_eci("é")
    assert qimage.needs_eci("\n")  # a control character is outside Alphanumeric Special too


# -- files and terminal ----------------------------------------------------------------------


def test_save_formats(tmp_path: Path) -> None:
    png = qimage.save(THAI, tmp_path / "code.png", scale=4)
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    with Image.open(png) as img:
        size = len(qimage.qr(THAI).matrix)
        assert img.size == ((size + 8) * 4,) * 2
        assert [r.text for r in scan.read(img)] == [THAI.to_text()]
    svg = qimage.save(THAI, tmp_path / "code.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "</svg>" in svg
    assert qimage.save(THAI, tmp_path / "code.pdf").read_bytes()[:5] == b"%PDF-"
    txt = qimage.save(THAI, tmp_path / "code.txt").read_text(encoding="utf-8")
    assert txt == qimage.terminal(THAI, invert=False)
    with pytest.raises(qrpay.InvalidRequest) as info:
        qimage.save(THAI, tmp_path / "code.gif")
    assert info.value.code == "unsupported_format"
    with pytest.raises(qrpay.CRCError):
        qimage.save(THAI.to_text()[:-1] + "0", tmp_path / "bad.png")
    assert not (tmp_path / "bad.png").exists()


def test_save_colours_and_border(tmp_path: Path) -> None:
    path = qimage.save(ASCII, tmp_path / "c.png", scale=2, border=1, dark="#102030", light="#f0f0e0")
    with Image.open(path) as img:
        rgb = img.convert("RGB")
        assert rgb.getpixel((0, 0)) == (240, 240, 224)  # the one-module quiet zone
        assert rgb.getpixel((2, 2)) == (16, 32, 48)  # top-left finder pattern
        assert rgb.size == ((len(qimage.qr(ASCII).matrix) + 2) * 2,) * 2


def test_terminal_text_matches_matrix() -> None:
    code = qimage.qr(ASCII)
    size = len(code.matrix)
    light_bg = qimage.terminal(ASCII, border=4, invert=False, compact=False).splitlines()
    assert len(light_bg) == size + 8
    assert all(len(line) == 2 * (size + 8) for line in light_bg)
    row = light_bg[4 + 3]  # a finder row: dark, light, dark x3, light, dark
    assert row[8:22] == "██  ██████  ██"
    compact = qimage.terminal(ASCII).splitlines()
    assert len(compact) == (size + 8 + 1) // 2
    assert compact[0] == "█" * (size + 8)  # inverted: the quiet zone is drawn as blocks


# -- logo budget ----------------------------------------------------------------------------


@pytest.mark.parametrize(("version", "level"), [(4, "M"), (7, "H"), (10, "Q"), (19, "H"), (27, "L")])
def test_codeword_map_covers_every_codeword(version: int, level: str) -> None:
    owner = qimage._codeword_of_module(version, level)
    bit_index = qimage._bit_index(version, level)
    blocks = qimage._rs_blocks(version, level)
    total = sum(t for t, _ in blocks)
    assert len(owner) == total * 8  # every codeword has exactly 8 modules; remainder bits excluded
    per_block: dict[int, set[int]] = {}
    for pos, block in owner.items():
        per_block.setdefault(block, set()).add(bit_index[pos] // 8)
    assert [len(per_block[b]) for b in range(len(blocks))] == [t for t, _ in blocks]
    assert not set(owner) & qimage._function_modules(version)
    assert qimage._function_modules(version) == _function_modules(version)


def test_logo_budget_grows_with_the_box() -> None:
    code = qimage.qr(THAI, error="H")
    size = len(code.matrix)
    used = [qimage.logo_budget(code, k).worst_block_used for k in range(3, size // 2, 2)]
    assert used == sorted(used)
    assert used[0] < 0.2 < used[-1]
    assert qimage.logo_budget(code, 0).worst_block_used == 0


def _logo() -> Image.Image:
    logo = Image.new("RGBA", (120, 120), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((0, 0, 119, 119), fill=(220, 80, 20, 255))
    return logo


def test_card_with_logo_scans_and_stays_in_budget(tmp_path: Path) -> None:
    image = qimage.card(THAI, logo=_logo())
    results = scan.read(image)
    assert [r.text for r in results] == [THAI.to_text()]
    assert results[0].payload is not None
    # The box chosen is the largest within budget at level H; a larger one is refused.
    code = qimage.qr(THAI, error="H")
    found = qimage._largest_logo(code, qimage.DEFAULT_LOGO_BUDGET, cap=0.3)
    assert found is not None and found.worst_block_used <= qimage.DEFAULT_LOGO_BUDGET
    assert found.error == "H" and found.area > 0.03
    with pytest.raises(qrpay.InvalidRequest) as info:
        qimage.card(THAI, logo=_logo(), logo_size=0.45)
    assert info.value.code == "logo_too_large"
    small = qimage.card(THAI, logo=_logo(), logo_size=0.12)
    assert [r.text for r in scan.read(small)] == [THAI.to_text()]
    logo_path = tmp_path / "logo.png"
    _logo().save(logo_path)
    assert scan.read(qimage.card(KHMER, logo=logo_path))[0].text == KHMER.to_text()


def test_logo_at_the_budget_limit_still_scans_when_rendered_bare() -> None:
    # Cover the largest in-budget box with *black* (worse than the white box a card uses).
    code = qimage.qr(KHMER, error="H")
    found = qimage._largest_logo(code, qimage.DEFAULT_LOGO_BUDGET, cap=0.3)
    assert found is not None
    size = len(code.matrix)
    img = Image.new("L", (size + 8, size + 8), 255)
    img.putdata(
        [
            0 if 4 <= r < size + 4 and 4 <= c < size + 4 and code.matrix[r - 4][c - 4] & 1 else 255
            for r in range(size + 8)
            for c in range(size + 8)
        ]
    )
    start = 4 + (size - found.modules) // 2
    ImageDraw.Draw(img).rectangle(
        (start, start, start + found.modules - 1, start + found.modules - 1), fill=0
    )
    img = img.resize((img.width * 4, img.height * 4), Image.Resampling.NEAREST)
    assert [r.text for r in scan.read(img)] == [KHMER.to_text()]


# -- cards and fonts -------------------------------------------------------------------------


@pytest.mark.parametrize("sample", ["khmer", "thai", "chinese"])
def test_card_renders_local_script_and_scans(sample: str) -> None:
    payload = SAMPLES[sample]
    assert payload.language is not None and payload.language.merchant_name
    with warnings.catch_warnings():
        warnings.simplefilter("error", qimage.MissingFontWarning)  # CI installs the fonts
        image = qimage.card(payload)
        font = qimage.find_font(payload.language.merchant_name)
    assert font is not None
    assert image.mode == "RGB" and image.width >= 480 and image.height > image.width
    assert [r.text for r in scan.read(image)] == [payload.to_text()]
    # The name line is really drawn: its band above the QR has dark pixels.
    grey = image.convert("L")
    band = grey.crop((0, int(image.width * 0.16), image.width, int(image.width * 0.24)))
    assert band.getextrema()[0] < 80


def test_card_shows_amount_and_title() -> None:
    assert qimage._amount_text(KHMER) == "15,000.00 KHR"
    assert qimage._amount_text(THAI) == "150.00 THB"
    assert qimage._amount_text(CHINESE) is None
    plain = qimage.card(CHINESE)
    with_amount = qimage.card(THAI)
    assert with_amount.height - plain.height > 0  # room for the amount line
    titled = qimage.card(THAI, title="PromptPay", accent="#123456")
    assert titled.getpixel((2, 2)) == (0x12, 0x34, 0x56)


def test_find_font_covers_each_script() -> None:
    for text in ("ហាងគន្ធា", "ร้านค้า", "ຮ້ານເຝີ", "王记面馆", "Quán Phở Hương Việt"):
        found = qimage.find_font(text)
        assert found is not None, text
        assert Path(found.path).exists()


def test_missing_font_warns_and_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(qimage, "find_font", lambda text, bold=False: None)
    with pytest.warns(qimage.MissingFontWarning, match="fonts-noto-core"):
        image = qimage.card(KHMER)
    assert [r.text for r in scan.read(image)] == [KHMER.to_text()]


def test_font_override(tmp_path: Path) -> None:
    found = qimage.find_font("ร้านค้า")
    assert found is not None
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        qimage.card(THAI, fonts={"thai": found.path})


def test_save_card(tmp_path: Path) -> None:
    png = qimage.save_card(KHMER, tmp_path / "card.png")
    pdf = qimage.save_card(KHMER, tmp_path / "card.pdf")
    assert png.read_bytes()[:4] == b"\x89PNG" and pdf.read_bytes()[:5] == b"%PDF-"
    assert [r.text for r in scan.read(png)] == [KHMER.to_text()]
    with pytest.raises(qrpay.InvalidRequest):
        qimage.save_card(KHMER, tmp_path / "card.bmp")


# -- missing extra ---------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["segno", "PIL"])
def test_missing_dependency(monkeypatch: pytest.MonkeyPatch, module: str) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # makes `import module` raise ImportError
    if module == "PIL":
        for name in [m for m in sys.modules if m.startswith("PIL.")]:
            monkeypatch.setitem(sys.modules, name, None)
    call = qimage.qr if module == "segno" else qimage.card
    with pytest.raises(qrpay.MissingDependencyError) as info:
        call(THAI)
    assert "pip install 'qrpay[image]'" in str(info.value)
    assert info.value.code == "missing_dependency"
    assert isinstance(info.value, ImportError)
