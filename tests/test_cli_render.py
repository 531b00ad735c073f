"""The image options of ``qrpay render`` / ``qrpay encode``: ``--scale``, ``--border``,
``--error``, ``--show`` and ``--logo`` (issue 13: they were never exercised).

Every expectation is read back from the output by means independent of qrpay and segno:
zxing-cpp decodes the pixels (payload and error-correction level), module and quiet-zone
sizes are measured on the pixels themselves (the top-left finder pattern is 7 dark
modules wide, ISO/IEC 18004 §6.3.3), and the terminal drawing is turned back into
pixels by reading its block characters and decoded the same way.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
import zxingcpp
from PIL import Image, ImageChops

from qrpay.cli import main

#: a PromptPay credit transfer (docs/schemes/promptpay.md); 74 characters, so each error
#: level needs its own QR version (4-L, 5-M, 6-Q, 8-H: ISO/IEC 18004 Table 7 byte capacity)
PROMPTPAY = "00020101021129370016A000000677010111011300668012345675802TH530376463046197"
LEVELS = "LMQH"


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(argv, stdin=io.StringIO(""), stdout=out, stderr=err)
    return status, out.getvalue(), err.getvalue()


def decode_pixels(image: Image.Image) -> tuple[str, str]:
    """(text, error level) as zxing-cpp reads them; fails the test when nothing reads."""
    found = zxingcpp.read_barcodes(image.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
    assert len(found) == 1, f"zxing-cpp read {len(found)} QR codes"
    return found[0].text, found[0].ec_level


def geometry(image: Image.Image) -> tuple[int, int, int]:
    """(module size, quiet zone in modules, symbol side in modules) measured on the pixels."""
    grey = image.convert("L")
    width, height = grey.size
    pixels = grey.load()
    assert pixels is not None
    # the first dark pixel on the diagonal is the top-left corner of the finder pattern
    start = next(i for i in range(min(width, height)) if pixels[i, i] < 128)
    run_length = 0
    while start + run_length < width and pixels[start + run_length, start] < 128:
        run_length += 1
    assert run_length % 7 == 0, run_length  # the finder's top edge: 7 dark modules
    module = run_length // 7
    assert start % module == 0 and width % module == 0 and width == height
    side = width // module - 2 * (start // module)
    return module, start // module, side


def version_of(side: int) -> int:
    assert (side - 17) % 4 == 0 and 1 <= (side - 17) // 4 <= 40, side  # ISO/IEC 18004 §6.3.1
    return (side - 17) // 4


@pytest.mark.parametrize(("scale", "border"), [(1, 0), (3, 4), (7, 1), (10, 12)])
def test_scale_and_border_set_module_size_and_quiet_zone(tmp_path: Path, scale: int, border: int) -> None:
    png = tmp_path / "code.png"
    status, _, err = run(
        ["render", PROMPTPAY, "-o", str(png), "--scale", str(scale), "--border", str(border)]
    )
    assert status == 0, err
    with Image.open(png) as opened:
        image = opened.convert("L")
    module, quiet, side = geometry(image)
    assert (module, quiet) == (scale, border)
    assert image.size == ((side + 2 * border) * scale,) * 2
    if border >= 1:  # zxing-cpp needs some quiet zone; a border of 0 is padded here to read it
        assert decode_pixels(image.resize((image.width * 3, image.height * 3), Image.NEAREST))[0] == PROMPTPAY
    else:
        padded = Image.new("L", (image.width + 8 * scale, image.height + 8 * scale), 255)
        padded.paste(image, (4 * scale, 4 * scale))
        assert (
            decode_pixels(padded.resize((padded.width * 3, padded.height * 3), Image.NEAREST))[0] == PROMPTPAY
        )


def test_svg_scale_and_border_give_its_size(tmp_path: Path) -> None:
    svg = tmp_path / "code.svg"
    assert run(["render", PROMPTPAY, "-o", str(svg), "--scale", "6", "--border", "2", "--error", "L"])[0] == 0
    text = svg.read_text(encoding="utf-8")
    width = re.search(r'width="([0-9.]+)"', text)
    assert width is not None
    side = 17 + 4 * 4  # version 4 at level L (module docstring)
    assert float(width.group(1)) == (side + 2 * 2) * 6


@pytest.mark.parametrize("level", LEVELS)
def test_error_level_is_what_a_reader_sees(tmp_path: Path, level: str) -> None:
    png = tmp_path / "code.png"
    assert run(["render", PROMPTPAY, "-o", str(png), "--error", level])[0] == 0
    with Image.open(png) as opened:
        image = opened.convert("L")
    text, read_level = decode_pixels(image)
    assert text == PROMPTPAY
    # --error is a minimum (segno may raise it within the same version); for this
    # payload each level has its own version, so the level read is the one asked for
    assert read_level == level
    assert version_of(geometry(image)[2]) == {"L": 4, "M": 5, "Q": 6, "H": 8}[level]


def test_default_error_level_is_m(tmp_path: Path) -> None:
    png = tmp_path / "code.png"
    assert run(["render", PROMPTPAY, "-o", str(png)])[0] == 0
    with Image.open(png) as opened:
        assert decode_pixels(opened)[1] == "M"


def terminal_to_image(drawing: str, magnify: int = 6) -> Image.Image:
    """Pixels from a ``--show`` drawing: light modules are drawn (inverted, like qrencode
    -t UTF8); each character holds two module rows (upper and lower half block)."""
    lines = drawing.rstrip("\n").split("\n")
    width = len(lines[0])
    assert all(len(line) == width for line in lines)
    image = Image.new("L", (width, 2 * len(lines)), 0)
    for y, line in enumerate(lines):
        for x, char in enumerate(line):
            assert char in " ▀▄█", repr(char)
            image.putpixel((x, 2 * y), 255 if char in "▀█" else 0)
            image.putpixel((x, 2 * y + 1), 255 if char in "▄█" else 0)
    return image.resize((image.width * magnify, image.height * magnify), Image.NEAREST)


@pytest.mark.parametrize(("border", "level"), [(4, "L"), (2, "H"), (6, "Q")])
def test_show_draws_a_readable_code_with_its_border_and_level(border: int, level: str) -> None:
    status, out, _ = run(["render", PROMPTPAY, "--show", "--border", str(border), "--error", level])
    assert status == 0
    lines = [line for line in out.split("\n") if line and set(line) <= set(" ▀▄█")]
    side = {"L": 33, "M": 37, "Q": 41, "H": 49}[level]  # versions 4/5/6/8 (module docstring)
    full = side + 2 * border
    assert len(lines) == (full + 1) // 2 and all(len(line) == full for line in lines)
    # the quiet zone is light, hence drawn as full blocks in the inverted drawing; the
    # symbol side is odd, so the last line's lower half is past the end (upper block only)
    quiet_lines = border // 2
    assert lines[:quiet_lines] == ["█" * full] * quiet_lines
    assert lines[quiet_lines] != "█" * full
    assert all(line[:border] == "█" * border == line[-border:] for line in lines[:-1])
    assert lines[-1][:border] == "▀" * border
    image = terminal_to_image("\n".join(lines))
    assert decode_pixels(image) == (PROMPTPAY, level)


def test_encode_show_prints_the_code_it_built() -> None:
    status, out, _ = run(["encode", "promptpay", "--mobile", "0812345678", "--show", "--border", "4"])
    assert status == 0
    lines = [line for line in out.split("\n") if line and set(line) <= set(" ▀▄█")]
    text, _ = decode_pixels(terminal_to_image("\n".join(lines)))
    assert text in out and text.startswith("000201") and "0066812345678" in text


def logo_file(tmp_path: Path) -> Path:
    path = tmp_path / "logo.png"
    Image.new("RGB", (64, 64), (230, 20, 30)).save(path)
    return path


def red_mask(image: Image.Image) -> Image.Image:
    """255 where a pixel is the logo's red, 0 elsewhere."""
    r, g, b = image.split()
    high = r.point(lambda v: 255 if v > 200 else 0)
    low_g = g.point(lambda v: 255 if v < 60 else 0)
    low_b = b.point(lambda v: 255 if v < 60 else 0)
    return ImageChops.multiply(ImageChops.multiply(high, low_g), low_b)


def test_logo_is_drawn_in_the_centre_and_the_card_still_reads(tmp_path: Path) -> None:
    plain, with_logo = tmp_path / "plain.png", tmp_path / "logo-card.png"
    args = ["encode", "promptpay", "--mobile", "0812345678", "--amount", "10", "--card"]
    assert run([*args, "-o", str(plain)])[0] == 0
    status, _, err = run([*args, "-o", str(with_logo), "--logo", str(logo_file(tmp_path))])
    assert status == 0, err
    with Image.open(with_logo) as opened:
        card = opened.convert("RGB")
    with Image.open(plain) as opened:
        plain_card = opened.convert("RGB")
    red = red_mask(card)
    box = red.getbbox()
    assert box is not None and red.histogram()[255] > 500  # the logo's pixels are there ...
    assert abs((box[0] + box[2]) / 2 - card.width / 2) < card.width * 0.02  # ... centred
    assert red_mask(plain_card).getbbox() is None
    text, level = decode_pixels(card)
    assert "0066812345678" in text
    assert level == "H"  # a logo raises the level to H (docs/images.md)


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["render", PROMPTPAY, "-o", "x.png", "--scale", "0"], "--scale"),
        (["render", PROMPTPAY, "-o", "x.png", "--scale", "101"], "--scale"),
        (["render", PROMPTPAY, "-o", "x.png", "--border", "-1"], "--border"),
        (["render", PROMPTPAY, "-o", "x.png", "--border", "101"], "--border"),
        (["render", PROMPTPAY, "-o", "x.png", "--error", "X"], "--error"),
        (["render", PROMPTPAY, "--card"], "--card needs -o FILE"),
    ],
)
def test_out_of_range_image_options_are_usage_errors(argv: list[str], message: str) -> None:
    status, out, err = run(argv)
    assert status == 2 and message in err and out == ""


def test_logo_needs_a_card_and_an_image(tmp_path: Path) -> None:
    logo = logo_file(tmp_path)
    status, _, err = run(["render", PROMPTPAY, "-o", str(tmp_path / "c.png"), "--logo", str(logo)])
    assert status == 2 and "--logo is for the payment card: add --card" in err
    not_image = tmp_path / "logo.png.txt"
    not_image.write_text("not an image", encoding="utf-8")
    status, _, err = run(
        ["render", PROMPTPAY, "-o", str(tmp_path / "c.png"), "--card", "--logo", str(not_image)]
    )
    assert status == 2 and "not an image Pillow can read" in err
    assert not (tmp_path / "c.png").exists()


@pytest.mark.parametrize("level", ["L", "H"])
def test_card_error_level_and_scale_reach_the_card(tmp_path: Path, level: str) -> None:
    small, large = tmp_path / "small.png", tmp_path / "large.png"
    args = ["render", PROMPTPAY, "--card", "--error", level]
    assert run([*args, "-o", str(small), "--scale", "4"])[0] == 0
    assert run([*args, "-o", str(large), "--scale", "12"])[0] == 0
    with Image.open(small) as opened:
        small_card = opened.convert("RGB")
    with Image.open(large) as opened:
        large_card = opened.convert("RGB")
    assert decode_pixels(small_card) == (PROMPTPAY, level)
    assert decode_pixels(large_card) == (PROMPTPAY, level)
    # zxing-cpp's corner points span the symbol: (side - 1) modules between the centres
    # of the corner modules, at 4 and 12 pixels per module
    side = {"L": 33, "H": 49}[level]
    for card, scale in ((small_card, 4), (large_card, 12)):
        (found,) = zxingcpp.read_barcodes(card.convert("L"), formats=zxingcpp.BarcodeFormat.QRCode)
        span = found.position.top_right.x - found.position.top_left.x
        assert abs(span - (side - 1) * scale) <= scale, (span, side, scale)
