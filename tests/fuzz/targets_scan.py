"""Fuzz target ``scan``: :func:`qrpay.scan.read` on mutated image files.

Seeds: small images made in-process in every allowed format (PNG grey / palette with
transparency / 16-bit RGBA / 1-bit, JPEG, WebP, GIF, BMP, TIFF and TIFF G4), most of
them holding a real payment QR code, plus files of refused formats (EPS, PDF, DDS, BLP,
ICO, TGA, PCX, ...). Hypothesis draws a seed and a list of mutations (bit flips, byte
overwrites, truncation, insertion, deletion, big integers written over header fields,
and PNG IHDR width / height / depth / colour type rewritten with a valid CRC so that
the change reaches the decoder).

Asserts: ``read(data, timeout=TIMEOUT)`` returns a list of :class:`ScanResult` or
raises :class:`~qrpay.errors.ScanError`; any other exception fails. It returns within
``TIMEOUT + TOLERANCE`` seconds.
"""

from __future__ import annotations

import contextlib
import io
import struct
import time
import zlib
from functools import cache
from typing import Any

import segno
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from qrpay import ScanError, scan
from qrpay import image as qimage

from ..test_image import ALL_PAYLOADS

#: The budget given to every call, and what the call may take beyond it (loading a
#: mutated file is not interruptible; CI is a 2-core machine).
TIMEOUT = 1.0
TOLERANCE = 3.0


def _save(img: Image.Image, fmt: str, **options: Any) -> bytes:
    out = io.BytesIO()
    img.save(out, format=fmt, **options)
    return out.getvalue()


def _symbol(text: str, scale: int = 2) -> Image.Image:
    out = io.BytesIO()
    qimage.qr(text).save(out, kind="png", scale=scale, border=2)
    return Image.open(io.BytesIO(out.getvalue())).convert("L")


@cache
def seeds() -> tuple[tuple[str, bytes], ...]:
    """(label, file bytes), built once per process."""
    found: list[tuple[str, bytes]] = []
    texts = [getattr(p, "values", (p,))[0] for p in ALL_PAYLOADS]  # pytest.param or text
    a, b, c = (texts[i % len(texts)] for i in (0, 3, len(texts) - 1))
    grey = _symbol(a)
    found += [
        ("png-grey", _save(grey, "PNG")),
        ("jpeg", _save(_symbol(b, 3).convert("RGB"), "JPEG", quality=90)),
        ("webp", _save(_symbol(c, 3).convert("RGB"), "WEBP", quality=90)),
        ("gif", _save(grey.convert("P"), "GIF")),
        ("bmp", _save(grey.convert("RGB"), "BMP")),
        ("tiff", _save(grey, "TIFF")),
        ("tiff-g4", _save(_symbol(b).convert("1"), "TIFF", compression="group4")),
        ("tiff-lzw", _save(grey.convert("RGB"), "TIFF", compression="tiff_lzw")),
        ("png-1bit", _save(_symbol(c).convert("1"), "PNG")),
        ("progressive-jpeg", _save(grey, "JPEG", progressive=True, quality=80)),
    ]
    palette = grey.convert("P")
    palette.info["transparency"] = palette.getpixel((0, 0))  # the white quiet zone
    found.append(("png-palette-transparent", _save(palette, "PNG")))
    import numpy as np

    rgba16 = np.dstack([np.asarray(grey, np.uint16) * 257] * 3 + [np.full(grey.size[::-1], 65535, np.uint16)])
    found.append(("png-rgba16", _png_rgba16(rgba16)))
    url = io.BytesIO()
    segno.make("https://example.com/menu", micro=False).save(url, kind="png", scale=2)
    found.append(("png-url", url.getvalue()))
    small = Image.new("RGB", (24, 24), (200, 30, 30))
    found += [
        ("eps", b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 100 100\n{} loop\n"),
        ("pdf", _save(small, "PDF")),
        ("dds", _save(small, "DDS")),
        ("blp", _save(small.convert("P"), "BLP")),
        ("ico", _save(small, "ICO")),
        ("tga", _save(small, "TGA")),
        ("pcx", _save(small, "PCX")),
        ("ppm", _save(small, "PPM")),
    ]
    for fmt in ("JPEG2000", "SGI"):
        with contextlib.suppress(OSError, KeyError, ValueError):  # an encoder this Pillow lacks
            found.append((fmt.lower(), _save(small, fmt)))
    return tuple(found)


def _png_rgba16(array: Any) -> bytes:
    height, width = array.shape[:2]
    rows = b"".join(b"\0" + array[y].astype(">u2").tobytes() for y in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 16, 6, 0, 0, 0))
        + _chunk(b"IDAT", zlib.compress(rows))
        + _chunk(b"IEND", b"")
    )


def _chunk(kind: bytes, payload: bytes) -> bytes:
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", zlib.crc32(kind + payload))


def _ihdr(data: bytearray, width: int, height: int, depth: int, colour: int) -> bytearray:
    """Rewrite a PNG's IHDR (with a valid CRC) if the data still starts with one."""
    if data[12:16] != b"IHDR" or len(data) < 33:
        return data
    payload = struct.pack(">II", width, height) + bytes([depth, colour]) + bytes(data[26:29])
    data[16:29] = payload
    data[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + payload))
    return data


_SIZES = st.sampled_from([0, 1, 7, 255, 256, 4096, 8191, 8192, 65535, 100_000, 2**31 - 1, 2**32 - 1])

MUTATION = st.one_of(
    st.tuples(st.just("flip"), st.integers(0, 1 << 16), st.integers(0, 7)),
    st.tuples(st.just("set"), st.integers(0, 1 << 16), st.integers(0, 255)),
    st.tuples(st.just("truncate"), st.integers(0, 1 << 16)),
    st.tuples(st.just("insert"), st.integers(0, 1 << 16), st.binary(min_size=1, max_size=64)),
    st.tuples(st.just("delete"), st.integers(0, 1 << 16), st.integers(1, 64)),
    st.tuples(
        st.just("int"), st.integers(0, 1 << 16), _SIZES, st.sampled_from(["<I", ">I", "<H", ">H", "<i"])
    ),
    st.tuples(
        st.just("ihdr"),
        _SIZES,
        _SIZES,
        st.sampled_from([1, 2, 4, 8, 16, 3]),
        st.sampled_from([0, 2, 3, 4, 6, 1]),
    ),
)


def mutate(data: bytes, mutations: list[tuple[Any, ...]]) -> bytes:
    out = bytearray(data)
    for mutation in mutations:
        kind = mutation[0]
        if kind == "ihdr":
            out = _ihdr(out, *mutation[1:])
            continue
        if not out:
            break
        pos = mutation[1] % len(out)
        if kind == "flip":
            out[pos] ^= 1 << mutation[2]
        elif kind == "set":
            out[pos] = mutation[2]
        elif kind == "truncate":
            del out[pos:]
        elif kind == "insert":
            out[pos:pos] = mutation[2]
        elif kind == "delete":
            del out[pos : pos + mutation[2]]
        elif kind == "int":
            fmt = mutation[3]
            value = mutation[2] % (1 << (8 * struct.calcsize(fmt)))
            if fmt == "<i":
                value = value - (1 << 32) if value >= 1 << 31 else value
            packed = struct.pack(fmt, value)
            out[pos : pos + len(packed)] = packed
    return bytes(out)


@settings(deadline=None, database=None, suppress_health_check=list(HealthCheck), max_examples=200)
@given(
    seed=st.integers(0, 10_000),
    mutations=st.lists(MUTATION, max_size=6),
)
def fuzz_scan_read(seed: int, mutations: list[tuple[Any, ...]]) -> None:
    label, original = seeds()[seed % len(seeds())]
    data = mutate(original, mutations)
    start = time.monotonic()
    try:
        results = scan.read(data, timeout=TIMEOUT)
    except ScanError:
        results = None
    elapsed = time.monotonic() - start
    if results is not None:
        assert isinstance(results, list)
        assert all(isinstance(r, scan.ScanResult) for r in results)
        assert all((r.payload is None) != (r.error is None) for r in results)
    assert elapsed < TIMEOUT + TOLERANCE, f"{label}: {elapsed:.2f} s for {len(data)} bytes"
