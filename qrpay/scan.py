"""Read payment QR codes from photos, screenshots and scans.

Needs the ``scan`` extra (zxing-cpp, opencv-python-headless, numpy, pillow):
``pip install 'qrpay[scan]'``. Without it :func:`read` raises
:class:`~qrpay.errors.MissingDependencyError`.

:func:`read` takes a file path, the file's bytes, a PIL image or a numpy array (OpenCV's
BGR or grey order) and returns one :class:`ScanResult` per QR code found, each with the
text, the corner points in the image and either the decoded :class:`~qrpay.Payload` or
the :class:`~qrpay.errors.DecodeError` saying why the text is not a trustworthy EMV
payload. :func:`payloads` returns only the payloads.

How it reads: zxing-cpp first (the most robust and fastest decoder in
``shared/reference/scanning.md``), then a cascade of cheap preprocessing steps (blur and
division by the background, on the brightest colour channel for phone screens;
enlargement; local contrast stretch; sharpening; thresholds), each fed to zxing-cpp
again, ordered by measured yield per millisecond. A few probes run on every image; the
rest only where a symbol was located but not read (on a region round it, for large
images), so an image with no code is given up on early. OpenCV's own QR detectors run
last, only when there is no time budget (``timeout=None``): their cost has no bound on
hostile images. The cascade stops at the first step that yields a payload whose CRC
checks (:func:`qrpay.decode`); text whose CRC fails is never returned as a payload.

Scanners and decoders may add surrounding whitespace (a trailing newline); it is
stripped before decoding (EMV payloads start with ``00`` and end with CRC hex digits,
so stripping never changes a genuine payload), and ``ScanResult.text`` holds the
stripped text.

Bad input raises :class:`~qrpay.errors.ScanError` with one of these codes:
``unsupported_source``, ``image_unreadable``, ``image_truncated``, ``image_empty``,
``image_too_large``, ``image_format_refused``; a scan that runs out of its time budget
before it is complete raises ``scan_timeout``. Large images are reduced while loading
(JPEG is decoded at 1/2, 1/4 or 1/8 scale by libjpeg) so that the longer side is at most
``max_side`` pixels.

Untrusted images: only the formats in :data:`ALLOWED_FORMATS` are opened (never EPS,
PDF or any format whose decoder runs an external program); the header's size is checked
against ``max_pixels`` and the decoded size against ``max_bytes`` before any pixel is
decoded; the whole scan has a time budget (``timeout``, :data:`DEFAULT_TIMEOUT`).

More information: docs/images.md.
"""

# Optional dependencies are imported inside functions so that ``import qrpay.scan`` works
# without the extra and fails only when a function is used (MissingDependencyError).

from __future__ import annotations

import io
import math
import os
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from .codec import decode
from .errors import DecodeError, MissingDependencyError, ScanError
from .model import Payload

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Gray = npt.NDArray[np.uint8]

__all__ = [
    "ALLOWED_FORMATS",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_PIXELS",
    "DEFAULT_MAX_SIDE",
    "DEFAULT_TIMEOUT",
    "Point",
    "ScanResult",
    "payloads",
    "read",
]

#: Images with more pixels than this are refused before any pixel is decoded (a 48 MP
#: phone photo is 8000 x 6000 = 48 million). Pillow's own bomb limit also applies.
DEFAULT_MAX_PIXELS = 64_000_000
#: The most memory the decoded image may take (Pillow's storage: 1 byte per pixel for
#: 1-bit, grey and palette images, 2 for 16-bit grey, 4 for everything else, RGB
#: included), computed from the header before decoding. A JPEG counts at the reduced
#: size libjpeg decodes it at. 128 MiB is a 64 MP grey or 1-bit scan, a 33 MP colour
#: PNG or TIFF; a 16-bit RGBA PNG of 64 MP (256 MB decoded, from a 0.5 MB file) is refused.
DEFAULT_MAX_BYTES = 128 * 1024 * 1024
#: The longer side the image is reduced to before decoding. At 2048 px a payment code
#: that fills a tenth of a 48 MP photo's width still has ~3 px per module.
DEFAULT_MAX_SIDE = 2048
#: Seconds the whole scan may take (loading included); see :func:`read`.
DEFAULT_TIMEOUT = 5.0
#: The image formats :func:`read` opens (Pillow format names): what phones, screenshots
#: and document scanners produce (JPEG includes MPO, the multi-picture JPEG some phone
#: cameras write; TIFF includes the CCITT G3/G4 1-bit scans of document scanners).
#: Everything else is refused (``image_format_refused``), in particular EPS and PostScript
#: (Pillow runs Ghostscript for them), PDF, HEIF/AVIF, and rarely used decoders (DDS,
#: BLP, PSD, JPEG 2000, ...), whose parsers see far less hostile input than these.
ALLOWED_FORMATS: tuple[str, ...] = ("PNG", "JPEG", "WEBP", "GIF", "BMP", "TIFF")

_EXTRA = "pip install 'qrpay[scan]'"

Point = tuple[float, float]


@dataclass(frozen=True, slots=True)
class ScanResult:
    """One QR code found in an image.

    ``text``: the symbol's text (surrounding whitespace stripped). ``position``: the four
    corners (top-left, top-right, bottom-right, bottom-left of the symbol as read) in
    the coordinates of the image given to :func:`read`. Exactly one of ``payload`` (the
    decoded payload, CRC verified) and ``error`` (why the text is not a trustworthy EMV
    payload) is set. ``method``: the decoder and preprocessing step that found it, e.g.
    ``"zxing"``, ``"zxing+upscale"``, ``"opencv-aruco"``.
    """

    text: str
    position: tuple[Point, Point, Point, Point]
    payload: Payload | None
    error: DecodeError | None
    method: str

    @property
    def ok(self) -> bool:
        """True if the text decoded as an EMV payload."""
        return self.payload is not None


# -- optional dependencies ------------------------------------------------------------------


def _missing(name: str) -> MissingDependencyError:
    return MissingDependencyError(
        f"qrpay.scan needs {name}, which is not installed; install the extra with: {_EXTRA}",
        code="missing_dependency",
        ctx={"module": name, "extra": "scan"},
    )


@dataclass(frozen=True)
class _Deps:
    np: Any
    cv2: Any
    zxing: Any
    image: Any  # PIL.Image


def _deps() -> _Deps:
    try:
        import cv2
        import numpy
        import zxingcpp
        from PIL import Image
    except ImportError as exc:
        package = {"cv2": "opencv-python-headless", "zxingcpp": "zxing-cpp", "PIL": "pillow"}
        raise _missing(package.get(str(exc.name).split(".")[0], str(exc.name))) from exc
    return _Deps(numpy, cv2, zxingcpp, Image)


# -- loading ----------------------------------------------------------------------------------


def _scan_error(message: str, code: str, **ctx: Any) -> ScanError:
    return ScanError(message, code=code, ctx=ctx)


def _check_size(width: int, height: int, max_pixels: int) -> None:
    if width <= 0 or height <= 0:
        raise _scan_error(
            f"the image is empty ({width} x {height} pixels)", "image_empty", width=width, height=height
        )
    if width * height > max_pixels:
        raise _scan_error(
            f"the image has {width} x {height} = {width * height:,} pixels, more than the "
            f"limit of {max_pixels:,} (max_pixels); refusing to decode it",
            "image_too_large",
            width=width,
            height=height,
            limit=max_pixels,
        )


def _bytes_per_pixel(mode: str) -> int:
    """What Pillow stores per pixel of ``mode`` (RGB is padded to 4 bytes)."""
    if mode in ("1", "L", "P"):
        return 1
    if mode.startswith("I;16"):
        return 2
    return 4


def _check_bytes(img: Any, max_bytes: int) -> None:
    width, height = img.size
    needed = width * height * _bytes_per_pixel(img.mode)
    if needed > max_bytes:
        raise _scan_error(
            f"the image would take {needed:,} bytes decoded ({width} x {height} pixels of mode "
            f"{img.mode}, {_bytes_per_pixel(img.mode)} bytes each), more than the limit of "
            f"{max_bytes:,} (max_bytes); refusing to decode it",
            "image_too_large",
            width=width,
            height=height,
            mode=img.mode,
            bytes=needed,
            limit=max_bytes,
        )


#: Magic numbers of formats that are refused, to name them in the error (Pillow's own
#: identification is also asked, by prefix only: no refused decoder ever runs).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"%!PS", "EPS"),
    (b"\xc5\xd0\xd3\xc6", "EPS"),
    (b"\x00\x00\x00\x0cjP  \r\n\x87\n", "JPEG2000"),
    (b"\xff\x4f\xff\x51", "JPEG2000"),
    (b"DDS ", "DDS"),
    (b"BLP1", "BLP"),
    (b"BLP2", "BLP"),
    (b"8BPS", "PSD"),
    (b"SIMPLE", "FITS"),
)


def _detect_format(deps: _Deps, head: bytes) -> str | None:
    """The format of a file that the allow-list did not open, from its first bytes."""
    for magic, name in _SIGNATURES:
        if head.startswith(magic):
            return name
    if head[4:12] in (b"ftypavif", b"ftypavis", b"ftypheic", b"ftypheix", b"ftypmif1", b"ftyphevc"):
        return "AVIF/HEIF"
    pil = deps.image
    pil.init()
    for name, (_factory, accept) in list(pil.OPEN.items()):
        # accept() only looks at the prefix; the format's decoder is never called.
        try:
            if accept is not None and accept(head[:16]):
                return str(name)
        except Exception:  # a plugin's prefix test; the answer is only a name
            continue
    return None


def _pil_failure(deps: _Deps, exc: BaseException) -> ScanError:
    """A Pillow failure on untrusted data, as a ScanError (every exception type)."""
    pil = deps.image
    text = f"{type(exc).__name__}: {exc}"
    if isinstance(exc, pil.DecompressionBombError):
        return _scan_error(f"Pillow refused the image as a decompression bomb: {exc}", "image_too_large")
    if isinstance(exc, MemoryError):
        return _scan_error(f"out of memory decoding the image: {text}", "image_too_large")
    lower = text.lower()
    if "truncated" in lower or isinstance(exc, EOFError):
        return _scan_error(
            f"the image file is truncated: {text}", "image_truncated", error=type(exc).__name__
        )
    if "too large" in lower or "exceeds" in lower:
        return _scan_error(f"the image is too large: {text}", "image_too_large", error=type(exc).__name__)
    return _scan_error(f"the image cannot be read: {text}", "image_unreadable", error=type(exc).__name__)


def _from_pil_file(deps: _Deps, fp: Any, max_pixels: int, max_side: int, max_bytes: int) -> _Loaded:
    """Open lazily (allowed formats only), check sizes, decode reduced.

    ``decoded`` is the size of the image as decoded, before reduction (smaller than the
    header's for a JPEG decoded at 1/2, 1/4 or 1/8).
    """
    pil = deps.image
    head = fp.read(32)
    fp.seek(0)
    try:
        with warnings.catch_warnings():
            # Our own max_pixels check replaces Pillow's warning; its hard limit stays.
            # Pillow's other warnings on damaged files (EXIF, MPO) are not the caller's.
            warnings.simplefilter("ignore")
            try:
                img = pil.open(fp, formats=ALLOWED_FORMATS)
            except pil.UnidentifiedImageError as exc:
                detected = _detect_format(deps, head)
                if detected in ALLOWED_FORMATS:
                    raise _scan_error(
                        f"the data starts like a {detected} image but its header is invalid",
                        "image_unreadable",
                        format=detected,
                    ) from exc
                if detected is not None:
                    raise _scan_error(
                        f"the image format {detected} is not one qrpay.scan opens "
                        f"(allowed: {', '.join(ALLOWED_FORMATS)})",
                        "image_format_refused",
                        format=detected,
                        allowed=ALLOWED_FORMATS,
                    ) from exc
                raise _scan_error(
                    "the data is not an image format qrpay.scan can read", "image_unreadable"
                ) from exc
            width, height = img.size
            _check_size(width, height, max_pixels)
            if img.format in ("JPEG", "MPO"):
                _check_jpeg(img, fp, max_bytes)
                _draft(img, max_side)
            _check_bytes(img, max_bytes)
            img.load()
            decoded = img.size
            gray, scale, brightest = _from_pil_image(deps, img, width, max_side)
            return _Loaded(gray, scale, decoded, brightest)
    except ScanError:
        raise
    except Exception as exc:  # every decoder failure on untrusted data
        raise _pil_failure(deps, exc) from exc


_SOF_PROGRESSIVE = frozenset({0xC2, 0xC6, 0xCA, 0xCE})
_SOF_SEQUENTIAL = frozenset({0xC0, 0xC1, 0xC3, 0xC5, 0xC7, 0xC9, 0xCB, 0xCD})


def _jpeg_buffers_coefficients(fp: Any) -> bool:
    """True if libjpeg keeps the whole image's DCT coefficients in memory while decoding.

    It does for a progressive JPEG, and for a sequential one whose first scan does not
    hold every component (non-interleaved), whatever scale draft() asks for: a 376 KB
    progressive 64 MP JPEG took 190 MB that way. Walks the markers up to the first scan;
    anything unexpected counts as True.
    """
    position = fp.tell()
    fp.seek(0)
    data = fp.read(1 << 20)
    fp.seek(position)
    components = None
    i = 2
    while i + 4 <= len(data):
        if data[i] != 0xFF:
            return True
        marker = data[i + 1]
        if marker == 0xFF:  # fill byte
            i += 1
            continue
        if marker == 0x01 or 0xD0 <= marker <= 0xD8:  # no length
            i += 2
            continue
        if marker in _SOF_PROGRESSIVE:
            return True
        if marker in _SOF_SEQUENTIAL and i + 10 <= len(data):
            components = data[i + 9]
        if marker == 0xDA:
            return components is None or data[i + 4] < components
        i += 2 + int.from_bytes(data[i + 2 : i + 4], "big")
    return True


def _jpeg_coefficient_bytes(img: Any) -> int:
    """Bytes of DCT coefficients for the whole image (64 x 2 bytes per 8x8 block)."""
    width, height = img.size
    layers = getattr(img, "layer", None) or [(0, 1, 1, 0)] * 3
    h_max = max(layer[1] for layer in layers) or 1
    v_max = max(layer[2] for layer in layers) or 1
    blocks = 0
    for _, h, v, _ in layers:
        blocks += -(-width // (8 * h_max)) * h * (-(-height // (8 * v_max)) * v)
    return blocks * 128


def _check_jpeg(img: Any, fp: Any, max_bytes: int) -> None:
    if not _jpeg_buffers_coefficients(fp):
        return
    width, height = img.size
    needed = _jpeg_coefficient_bytes(img)
    if needed > max_bytes:
        raise _scan_error(
            f"the JPEG is progressive (or not interleaved): libjpeg would hold {needed:,} bytes "
            f"of DCT coefficients for its {width} x {height} pixels, at any decoding scale, "
            f"more than the limit of {max_bytes:,} (max_bytes); refusing to decode it",
            "image_too_large",
            width=width,
            height=height,
            bytes=needed,
            limit=max_bytes,
        )


#: A JPEG is decoded at the smallest libjpeg scale (1/2, 1/4, 1/8) whose longer side is
#: still at least this share of ``max_side``. The cascade reads codes down to 2-3 px per
#: module (the small_scale tier of benchmarks/scan_bench.py reads 100%), and max_side is
#: chosen so that a code filling a tenth of a 48 MP photo keeps ~3 px per module; at
#: 3/4 of it the same code keeps ~2.3 px, still in range, and a 12 MP photo (4000 px)
#: decodes at 1/2 (2000 px, a quarter of the pixels and memory) instead of in full.
_DRAFT_SHARE = 0.75


def _draft(img: Any, max_side: int) -> None:
    longer = max(img.size)
    floor = max_side * _DRAFT_SHARE
    scale = 1
    while scale < 8 and longer / (scale * 2) >= floor:
        scale *= 2
    if scale > 1:
        # draft() picks the largest reduction that keeps the size >= the request.
        width, height = img.size
        img.draft("L", (-(-width // scale), -(-height // scale)))


def _palette_gray(deps: _Deps, img: Any) -> Any:
    """A palette image with transparency as grey on white, 1 byte per pixel throughout."""
    pil, np = deps.image, deps.np
    strip = pil.new("P", (256, 1))
    strip.putdata(list(range(256)))
    mode = img.palette.mode if img.palette is not None else "RGB"
    strip.putpalette(img.getpalette(mode) or [], mode)
    strip.info["transparency"] = img.info["transparency"]
    rgba = strip.convert("RGBA")
    background = pil.new("RGBA", rgba.size, (255, 255, 255, 255))
    background.alpha_composite(rgba)
    lut = np.asarray(background.convert("L"), dtype=np.uint8)[0]
    # In bands of rows, into one array that the result shares: a single grey copy.
    width, height = img.size
    gray = np.empty((height, width), np.uint8)
    for top in range(0, height, 512):
        band = img.crop((0, top, width, min(height, top + 512)))
        gray[top : top + band.size[1]] = lut[np.asarray(band, dtype=np.uint8)]
    return pil.frombuffer("L", (width, height), gray, "raw", "L", 0, 1)


def _reducible(deps: _Deps, img: Any) -> Any:
    """``img`` in a mode Image.reduce() supports, without growing it beyond 1 byte/pixel."""
    np = deps.np
    mode = img.mode
    if mode == "1":
        return img.convert("L")
    if mode == "P" and "transparency" in img.info:
        return _palette_gray(deps, img)
    if mode == "P":
        return img.convert("L")
    if mode.startswith("I;16"):
        # 16-bit grey: keep the top 8 bits (convert("L") would clip everything above 255).
        wide = np.asarray(img).astype(np.uint16)
        return deps.image.fromarray((wide >> 8).astype(np.uint8))
    return img


def _from_pil_image(
    deps: _Deps, img: Any, original_width: int, max_side: int
) -> tuple[Gray, float, Callable[[], Gray] | None]:
    width, height = img.size  # the caller has checked the size against max_pixels
    img = _reducible(deps, img)
    if max(width, height) > max_side:
        # reduce() is a cheap box filter by an integer factor; resize() finishes the job.
        factor = _factor(max(width, height), max_side)
        if factor >= 2:
            try:
                img = img.reduce(factor)
            except ValueError:  # a mode reduce() does not know: grey first
                img = img.convert("L").reduce(factor)
        if max(img.size) > max_side:
            # resize(), not copy() + thumbnail(): no second full-size image.
            scale = max_side / max(img.size)
            size = (max(1, round(img.size[0] * scale)), max(1, round(img.size[1] * scale)))
            img = img.resize(size, deps.image.Resampling.BOX)
    if img.mode not in ("L", "RGB"):
        if img.mode in ("RGBA", "LA", "PA", "RGBa", "La") or "A" in img.getbands():
            # Transparent pixels become white, as a viewer shows them on paper.
            background = deps.image.new("RGBA", img.size, (255, 255, 255, 255))
            background.alpha_composite(img.convert("RGBA"))
            img = background
        img = img.convert("RGB")
    gray = deps.np.asarray(img.convert("L"), dtype=deps.np.uint8)
    brightest = None
    if img.mode == "RGB":
        rgb = img  # the working-size image, kept for the step that needs colour

        def brightest() -> Gray:
            return _brightest(deps, deps.np.asarray(rgb))

    return gray, img.size[0] / original_width, brightest


def _from_array(
    deps: _Deps, array: Any, max_side: int, max_pixels: int
) -> tuple[Gray, float, Callable[[], Gray] | None]:
    np, cv2 = deps.np, deps.cv2
    if array.ndim not in (2, 3) or (array.ndim == 3 and array.shape[2] not in (1, 3, 4)):
        raise _scan_error(
            f"expected an image array of shape (h, w), (h, w, 3) or (h, w, 4), got {array.shape}",
            "unsupported_source",
            shape=tuple(array.shape),
        )
    height, width = array.shape[:2]
    _check_size(width, height, max_pixels)
    if array.dtype != np.uint8:
        if array.dtype == np.bool_:
            array = array.astype(np.uint8) * 255
        elif np.issubdtype(array.dtype, np.floating) and array.size and float(array.max()) <= 1.0:
            array = (array * 255).round().astype(np.uint8)
        elif np.issubdtype(array.dtype, np.integer) or np.issubdtype(array.dtype, np.floating):
            array = np.clip(array, 0, 255).astype(np.uint8)
        else:
            raise _scan_error(f"unsupported array dtype {array.dtype}", "unsupported_source")
    colour = array if array.ndim == 3 and array.shape[2] in (3, 4) else None
    if array.ndim == 3:
        code = {1: None, 3: cv2.COLOR_BGR2GRAY, 4: cv2.COLOR_BGRA2GRAY}[array.shape[2]]
        array = array[:, :, 0] if code is None else cv2.cvtColor(array, code)
    gray = np.ascontiguousarray(array)
    longer = max(width, height)
    factor = _factor(longer, max_side) if longer > max_side else 1
    scale, size = 1.0 / factor, (width // factor, height // factor)
    if max(size) > max_side:
        scale = max_side / longer
        size = (max(1, round(width * scale)), max(1, round(height * scale)))

    def reduced(image: Gray) -> Gray:
        if size == (width, height):
            return image
        if factor > 1 and scale == 1.0 / factor:
            # An exact integer factor takes OpenCV's fast path for INTER_AREA (1 ms for a
            # 12 MP image, against 16 ms for 4000 -> 2048 px); the last factor - 1 rows
            # and columns at most are dropped, so positions still scale exactly.
            image = image[: size[1] * factor, : size[0] * factor]
        return cv2.resize(image, size, interpolation=cv2.INTER_AREA)  # type: ignore[no-any-return]

    gray = reduced(gray)
    brightest = None
    if colour is not None:

        def brightest() -> Gray:
            return reduced(_brightest(deps, colour))

    return gray, scale, brightest


def _factor(longer: int, max_side: int) -> int:
    """The integer reduction of an image whose longer side is ``longer``: the smallest
    that brings it within ``max_side`` if that keeps at least _DRAFT_SHARE of
    ``max_side`` (as libjpeg's draft scales do), else the largest that stays above
    ``max_side`` (a non-integer resize finishes the job)."""
    within = -(-longer // max_side)
    if longer / within >= max_side * _DRAFT_SHARE:
        return within
    return max(1, longer // max_side)


def _brightest(deps: _Deps, colour: Any) -> Gray:
    """The brightest of the three colour channels at each pixel.

    A phone screen lights red, green and blue sub-pixels side by side; photographed, a
    camera pixel sees mostly one of them, and the luma of a white module swings from
    0.11 (blue) to 0.59 (green) of its brightness: stripes and moire that the
    binariser takes for modules. The brightest channel is about the same on every
    sub-pixel of a white module and low on a black one.
    """
    np = deps.np
    return np.maximum(np.maximum(colour[:, :, 0], colour[:, :, 1]), colour[:, :, 2])  # type: ignore[no-any-return]


@dataclass(frozen=True)
class _Loaded:
    gray: Gray  # the working image
    scale: float  # working size / original size
    decoded: tuple[int, int]  # the size the pixels were decoded at, before reduction
    brightest: Callable[[], Gray] | None = None  # a colour image's brightest channel, on demand


def _load(deps: _Deps, source: object, max_pixels: int, max_side: int, max_bytes: int) -> _Loaded:
    """The image as a grey uint8 array, and working-size / original-size."""
    if isinstance(source, str | os.PathLike):
        try:
            path = os.fspath(source)
            with open(path, "rb") as handle:
                return _from_pil_file(deps, handle, max_pixels, max_side, max_bytes)
        except ScanError:
            raise
        except FileNotFoundError as exc:
            raise _scan_error(f"no such file: {path!r}", "image_unreadable", path=path) from exc
        except IsADirectoryError as exc:
            raise _scan_error(f"{path!r} is a directory", "image_unreadable", path=path) from exc
        except (OSError, ValueError) as exc:  # permissions, a NUL byte in the path, ...
            raise _scan_error(
                f"cannot open {path!r}: {exc}", "image_unreadable", path=path, error=type(exc).__name__
            ) from exc
    if isinstance(source, bytes | bytearray | memoryview):
        if not len(source):
            raise _scan_error("the image data is empty (0 bytes)", "image_empty")
        return _from_pil_file(deps, io.BytesIO(bytes(source)), max_pixels, max_side, max_bytes)
    if isinstance(source, deps.image.Image):
        width, height = source.size
        _check_size(width, height, max_pixels)
        if getattr(source, "tile", None):
            # Opened by the caller but not decoded yet: decode only what a file would be.
            if source.format not in (*ALLOWED_FORMATS, "MPO"):
                raise _scan_error(
                    f"the image format {source.format} is not one qrpay.scan decodes "
                    f"(allowed: {', '.join(ALLOWED_FORMATS)}); load() it yourself if you trust it",
                    "image_format_refused",
                    format=source.format,
                    allowed=ALLOWED_FORMATS,
                )
            _check_bytes(source, max_bytes)
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                gray, scale, brightest = _from_pil_image(deps, source, width, max_side)
        except Exception as exc:  # a lazily decoded file fails here
            raise _pil_failure(deps, exc) from exc
        return _Loaded(gray, scale, (width, height), brightest)
    if isinstance(source, deps.np.ndarray):
        gray, scale, brightest = _from_array(deps, source, max_side, max_pixels)
        return _Loaded(
            gray,
            scale,
            (int(source.shape[1]), int(source.shape[0])) if source.ndim >= 2 else (0, 0),
            brightest,
        )
    raise _scan_error(
        f"cannot read an image from {type(source).__name__}; pass a path, bytes, a PIL image "
        "or a numpy array",
        "unsupported_source",
        type=type(source).__name__,
    )


# -- decoding -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    """A symbol zxing-cpp (or OpenCV) located. ``valid``: its text was read (its
    Reed-Solomon check passed); an invalid one was located but not read, and only its
    corners count (they tell the cascade where to look again)."""

    text: str
    corners: tuple[Point, Point, Point, Point]
    valid: bool = True


def _zxing_text(barcode: Any) -> str:
    """The text, read as UTF-8 whatever the symbol declares (EMVCo MPM v1.1 §4.12.1).

    zxing-cpp guesses a character set when a symbol has no ECI; EMV payloads are UTF-8
    (EMVCo MPM v1.1 §1.4.3), so the raw bytes are decoded as UTF-8 first. When they are
    not UTF-8 (a symbol with ECI 3 or 20, say) zxing-cpp's ECI-aware text is used.
    """
    raw: bytes = barcode.bytes
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return str(barcode.text)


def _zxing(deps: _Deps, gray: Gray, **options: Any) -> list[_Found]:
    """Every QR symbol zxing-cpp finds, the unreadable ones included (``valid=False``)."""
    zx = deps.zxing
    found = []
    for barcode in zx.read_barcodes(gray, formats=zx.BarcodeFormat.QRCode, return_errors=True, **options):
        p = barcode.position
        corners = tuple(
            (float(q.x), float(q.y)) for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        )
        valid = bool(barcode.valid)
        found.append(_Found(_zxing_text(barcode) if valid else "", corners, valid))  # type: ignore[arg-type]
    return found


_local = threading.local()


def _opencv(deps: _Deps, gray: Gray, aruco: bool) -> list[_Found]:
    cv2 = deps.cv2
    # Detectors are built once per thread: OpenCV objects are not safe to share.
    name = "aruco" if aruco else "plain"
    detector = getattr(_local, name, None)
    if detector is None:
        detector = cv2.QRCodeDetectorAruco() if aruco else cv2.QRCodeDetector()
        setattr(_local, name, detector)
    try:
        ok, texts, points, _ = detector.detectAndDecodeMulti(gray)
    except cv2.error:
        return []
    if not ok or points is None:
        return []
    found = []
    for text, quad in zip(texts, points, strict=False):
        if text:
            corners = tuple((float(x), float(y)) for x, y in quad.reshape(4, 2))
            found.append(_Found(str(text), corners))  # type: ignore[arg-type]
    return found


# -- preprocessing steps ---------------------------------------------------------------------
#
# Each takes the grey working image (or a region of it) and returns the image zxing-cpp
# is given. Why each exists, and what it reads, is measured in benchmarks/scan_bench.py
# and docs/images.md.


def _upscale(deps: _Deps, gray: Gray, factor: float = 2.0) -> Gray:
    # Codes at 2-3 px per module lose modules to the binariser; enlarging (cubic) helps.
    cv2 = deps.cv2
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)  # type: ignore[no-any-return]


def _blur(deps: _Deps, gray: Gray, sigma: float) -> Gray:
    # Sensor noise, and a phone screen's sub-pixel grid (a pattern finer than a module
    # that aliases into moire): a Gaussian of about a pixel removes both and keeps modules
    # of 3 px and more.
    return deps.cv2.GaussianBlur(gray, (0, 0), sigma)  # type: ignore[no-any-return]


def _flatten(deps: _Deps, gray: Gray) -> Gray:
    # Uneven light (gradients, spotlights, shadows, glare): divide by a blurred copy, the
    # local background, so every region has the same white level. Blurring a 1/8 image is cheap.
    cv2, np = deps.cv2, deps.np
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    small = cv2.dilate(small, np.ones((3, 3), np.uint8))  # background = the light modules
    background = cv2.resize(cv2.GaussianBlur(small, (0, 0), 3), (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, background, scale=255)  # type: ignore[no-any-return]


def _stretch(deps: _Deps, gray: Gray, window: int = 5) -> Gray:
    # Low contrast under a light gradient: dark and light modules 30-55 grey levels
    # apart, fewer on the dark side. Map the local darkest level to 0 and the local
    # lightest to 255. The local extremes come from a 1/4 image (a window of about 20 px,
    # several modules, so that both kinds are inside it), smoothed so the map varies slowly.
    cv2, np = deps.cv2, deps.np
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 4), max(1, h // 4)), interpolation=cv2.INTER_AREA)
    kernel = np.ones((window, window), np.uint8)
    low = cv2.GaussianBlur(cv2.erode(small, kernel), (0, 0), window / 2)
    high = cv2.GaussianBlur(cv2.dilate(small, kernel), (0, 0), window / 2)
    low = cv2.resize(low, (w, h), interpolation=cv2.INTER_LINEAR)
    span = cv2.max(cv2.subtract(cv2.resize(high, (w, h), interpolation=cv2.INTER_LINEAR), low), 8)
    return cv2.divide(cv2.subtract(gray, low), span, scale=255)  # type: ignore[no-any-return]


def _adaptive(deps: _Deps, gray: Gray, block: int = 15, offset: int = 0) -> Gray:
    # A threshold from the mean of a small neighbourhood (about 3-5 modules), with no
    # offset: low-contrast modules differ from their surroundings by only a few levels.
    cv2 = deps.cv2
    return cv2.adaptiveThreshold(  # type: ignore[no-any-return]
        gray, 255, cv2.ADAPTIVE_THRESH_MEAN_C, cv2.THRESH_BINARY, block, offset
    )


def _sharpen(deps: _Deps, gray: Gray, sigma: float = 2.0, amount: float = 2.0) -> Gray:
    # Defocus and motion blur: an unsharp mask restores module edges the binariser needs.
    cv2 = deps.cv2
    blurred = cv2.GaussianBlur(gray, (0, 0), sigma)
    return cv2.addWeighted(gray, 1 + amount, blurred, -amount, 0)  # type: ignore[no-any-return]


#: Images whose longer side is below this many pixels are also tried enlarged, and are
#: cheap enough to run every step on in full; larger ones get the steps on regions.
_SMALL = 1000
#: Enlarging a large image costs more than it gains; the last-resort steps skip above this.
_MEDIUM = 1400
#: The cascade's first steps on a whole image (the probes). After them, it goes on only
#: if some step located a symbol it could not read; otherwise the image is given up on
#: (an image with no code, or only a code already read that is not a payment).
_PROBES_SMALL = 4
_PROBES_LARGE = 3
#: At most this many regions (located, unread symbols) get the region cascade.
_MAX_REGIONS = 3


@dataclass
class _Progress:
    """What the cascade has seen so far; read() fills it in between the steps."""

    unread: list[tuple[float, float, float, float]]  # boxes of located, unread symbols
    read: list[tuple[float, float, float, float]]  # boxes of symbols read


def _box(corners: tuple[Point, ...]) -> tuple[float, float, float, float]:
    xs, ys = [x for x, _ in corners], [y for _, y in corners]
    return min(xs), min(ys), max(xs), max(ys)


def _inside(point: Point, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _regions(progress: _Progress, shape: tuple[int, int]) -> list[tuple[int, int, int, int]]:
    """Crops (x0, y0, x1, y1) around located symbols not read, a quarter larger on each side."""
    height, width = shape
    crops: list[tuple[int, int, int, int]] = []
    for box in progress.unread:
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        if any(_inside(centre, seen) for seen in [*progress.read, *crops]):
            continue  # the same symbol, found again (or already read)
        # zxing-cpp often locates only a corner of a symbol it cannot read (a box round
        # one finder pattern, a quarter of the symbol's width, in photos of codes at 2.5
        # px per module), so the region is generous: 1.5 times the box on each side, and
        # at least 12% of the image.
        margin = max(1.5 * max(box[2] - box[0], box[3] - box[1]), 0.12 * max(width, height)) + 8
        x0, y0 = max(0, int(box[0] - margin)), max(0, int(box[1] - margin))
        x1, y1 = min(width, int(box[2] + margin) + 1), min(height, int(box[3] + margin) + 1)
        if x1 - x0 >= 16 and y1 - y0 >= 16:
            crops.append((x0, y0, x1, y1))
        if len(crops) == _MAX_REGIONS:
            break
    return crops


@dataclass(frozen=True)
class _Step:
    method: str
    scale: float  # size of the attempt's image / size of the working image (2: enlarged)
    offset: tuple[int, int]  # where the attempt's image starts in the working image
    attempt: Callable[[], list[_Found]]


Transform = Callable[["Gray"], list[_Found]]


def _cascade(deps: _Deps, side: int) -> Iterator[tuple[str, float, Transform]]:
    """(name, scale, step) for the steps after the first pass on an image (or region)
    whose longer side is ``side``, ordered by measured yield per millisecond: on the
    tuning corpus (benchmarks/scan_bench.py, docs/images.md) each step reads images that
    every earlier step missed, and the ones that read more per millisecond come first."""
    zx, small = deps.zxing, side < _SMALL

    def run(prepare: Callable[[Gray], Gray], **options: Any) -> Transform:
        return lambda g: _zxing(deps, prepare(g), try_rotate=False, **options)

    yield "blur+flatten", 1.0, run(lambda g: _flatten(deps, _blur(deps, g, 1.0)))
    if small:
        yield "upscale", 2.0, run(lambda g: _upscale(deps, g))
        yield "upscale+blur+stretch", 2.0, run(lambda g: _stretch(deps, _blur(deps, _upscale(deps, g), 1.5)))
    yield "flatten", 1.0, run(lambda g: _flatten(deps, g))
    yield "sharpen", 1.0, run(lambda g: _sharpen(deps, g))
    yield "flatten+global", 1.0, run(lambda g: _flatten(deps, g), binarizer=zx.Binarizer.GlobalHistogram)
    yield "adaptive", 1.0, run(lambda g: _adaptive(deps, g), try_invert=False)
    yield "blur+adaptive", 1.0, run(lambda g: _adaptive(deps, _blur(deps, g, 1.5), 21), try_invert=False)
    yield "blur+stretch", 1.0, run(lambda g: _stretch(deps, _blur(deps, g, 1.0)))
    if side < _MEDIUM:
        yield "upscale+sharpen", 2.0, run(lambda g: _sharpen(deps, _upscale(deps, g), 2.0))


def _steps(
    deps: _Deps,
    gray: Gray,
    progress: _Progress,
    *,
    opencv: bool = True,
    exhaustive: bool = False,
    brightest: Callable[[], Gray] | None = None,
) -> Iterator[_Step]:
    """The cascade on ``gray``. A generator: read() records in ``progress`` what each
    step found before the next is asked for, and the later steps depend on it.

    1. ``zxing``: the whole image, zxing-cpp defaults except the 90-degree retry, which
       a QR symbol does not need (its detector finds any orientation; the retry doubled
       the cost of an image with no code and read nothing more).
    2. The probes: the first steps of :func:`_cascade` on the whole image, up to
       _PROBES_SMALL (or _PROBES_LARGE for an image of _SMALL px and more) steps in all.
    3. Only if a step located a symbol it could not read: for a small image, the rest of
       the cascade on the whole image; for a large one, the cascade on a region around
       each such symbol (at most _MAX_REGIONS). Otherwise the image is given up on: it
       holds no code that the cascade can find.
    4. OpenCV's detectors, only without a time budget.

    As soon as a code has been read that is not a payment (a wrong CRC, a URL) and no
    other symbol was located, the scan ends: another step would read the same text (the
    symbol's own Reed-Solomon check passed), and a photo of a bad-CRC code is not worth
    the cascade.

    ``exhaustive`` runs every whole-image step, whatever was located. ``brightest``
    (colour images only) gives the brightest channel of each pixel, which the
    blur+flatten step uses instead of the grey image (see :func:`_brightest`).
    """
    side = max(gray.shape)
    small = side < _SMALL
    yield _Step("zxing", 1.0, (0, 0), lambda: _zxing(deps, gray, try_rotate=False))
    probes = _PROBES_SMALL if small else _PROBES_LARGE
    done = set()
    for count, (name, scale, step) in enumerate(_cascade(deps, side), start=2):
        if not exhaustive and progress.read and not _unread(progress):
            return  # a code was read and is not a payment; nothing else was located
        if count > probes and not exhaustive and not (small and _unread(progress)):
            break
        done.add(name)
        if name == "blur+flatten" and brightest is not None:
            yield _Step("zxing+brightest+" + name, scale, (0, 0), _composed(step, brightest))
            continue
        yield _Step("zxing+" + name, scale, (0, 0), partial(step, gray))
    if not small:
        for x0, y0, x1, y1 in _regions(progress, gray.shape):
            region = gray[y0:y1, x0:x1]
            for name, scale, step in _cascade(deps, max(region.shape)):
                if name not in done or exhaustive:
                    yield _Step(f"zxing+{name}@region", scale, (x0, y0), partial(step, region))
    if not opencv:  # unbounded cost: see "OpenCV and the time budget" below
        return
    yield _Step("opencv-aruco", 1.0, (0, 0), lambda: _opencv(deps, gray, aruco=True))
    yield _Step("opencv-aruco+invert", 1.0, (0, 0), lambda: _opencv(deps, 255 - gray, aruco=True))
    yield _Step("opencv", 1.0, (0, 0), lambda: _opencv(deps, gray, aruco=False))


def _composed(step: Transform, source: Callable[[], Gray]) -> Callable[[], list[_Found]]:
    return lambda: step(source())


def _unread(progress: _Progress) -> bool:
    """True if a symbol was located that no step has read."""
    for box in progress.unread:
        centre = ((box[0] + box[2]) / 2, (box[1] + box[3]) / 2)
        if not any(_inside(centre, seen) for seen in progress.read):
            return True
    return False


def _mapped(found: _Found, step: _Step) -> _Found:
    """``found`` in the working image's coordinates."""
    (dx, dy), s = step.offset, step.scale
    corners = tuple((x / s + dx, y / s + dy) for x, y in found.corners)
    return _Found(found.text, corners, found.valid)  # type: ignore[arg-type]


def _result(found: _Found, method: str, scale: float) -> ScanResult:
    text = found.text.strip(" \t\r\n\v\f\x00")
    corners = tuple((x / scale, y / scale) for x, y in found.corners)
    try:
        payload: Payload | None = decode(text)
        error: DecodeError | None = None
    except DecodeError as exc:
        payload, error = None, exc
    return ScanResult(text, corners, payload, error, method)  # type: ignore[arg-type]


# -- the time budget ----------------------------------------------------------------------------

# -- OpenCV and the time budget
#
# OpenCV's QR detectors pair up every finder-pattern-like square they find: on a 9 KB
# PNG tiled with them one call runs for minutes (2048 px: Aruco 10-30 s on touching
# squares, the plain detector over 200 s on spaced ones), and the call cannot be
# interrupted. No cheap estimate bounds that: a count of finder look-alikes that
# caught spaced squares missed touching ones. So with a time budget they are not part
# of the cascade; in benchmarks/scan_bench.py (2400 images, seeds 4242 and 777) they
# read none of the images that the zxing-cpp steps missed. ``timeout=None`` runs them.


class _Budget:
    def __init__(self, timeout: float | None) -> None:
        self.timeout = timeout
        self.start = time.monotonic()

    def elapsed(self) -> float:
        return time.monotonic() - self.start

    def left(self) -> float:
        return float("inf") if self.timeout is None else self.timeout - self.elapsed()


def _check_options(max_pixels: object, max_side: object, max_bytes: object, timeout: object) -> None:
    for name, value in (("max_pixels", max_pixels), ("max_side", max_side), ("max_bytes", max_bytes)):
        if isinstance(value, bool) or not isinstance(value, int):
            raise TypeError(f"{name} must be an int, not {type(value).__name__}")
        if value <= 0:
            raise ValueError(f"{name} must be positive, got {value}")
    if timeout is not None:
        if isinstance(timeout, bool) or not isinstance(timeout, int | float):
            raise TypeError(f"timeout must be a number of seconds or None, not {type(timeout).__name__}")
        if not math.isfinite(timeout) or timeout <= 0:
            raise ValueError(f"timeout must be a positive number of seconds or None, got {timeout}")


def read(
    source: object,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_side: int = DEFAULT_MAX_SIDE,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float | None = DEFAULT_TIMEOUT,
    exhaustive: bool = False,
) -> list[ScanResult]:
    """Every QR code found in ``source``, payment payloads first.

    ``source``: a path (``str`` or ``os.PathLike``), the bytes of an image file, a PIL
    image, or a numpy array (grey ``(h, w)``, BGR ``(h, w, 3)`` or BGRA, as OpenCV uses).
    The cascade stops at the first step that finds a payload whose CRC checks;
    ``exhaustive=True`` runs every step and merges what they find. Without a payment
    payload the results are the other codes found (URLs, corrupt payloads), each with
    its ``error``; an image with no QR code gives ``[]``.

    Files and bytes are opened only in the formats of :data:`ALLOWED_FORMATS`; an
    image with more than ``max_pixels`` pixels, or whose decoded pixels would take more
    than ``max_bytes`` bytes, is refused before it is decoded; the longer side is reduced
    to ``max_side`` pixels for decoding.

    ``timeout``: seconds for the whole scan, loading included (``None``: no limit). The
    steps are C calls that cannot be interrupted, so the budget is checked between them:
    a step starts only if the time left covers its estimated cost (the slowest earlier
    step on the same image, four times that for the 2x enlarged steps), so the scan
    ends at most one step's overrun after ``timeout`` (docs/images.md gives measured
    figures). With a budget, OpenCV's detectors are left out of the cascade: their cost
    has no bound (minutes on a 9 KB image) and cannot be interrupted; ``timeout=None``
    runs them, for trusted images. When the budget does not allow the scan to be completed, that is, to
    reach a payment payload (or to run every step with ``exhaustive=True``), ``read``
    raises :class:`~qrpay.errors.ScanError` with code ``scan_timeout``; its ``ctx``
    holds ``results`` (what was found so far), ``steps_run``, ``steps_skipped``,
    ``elapsed`` and ``timeout``. It never returns a partial list as if it were complete.

    Raises :class:`~qrpay.errors.ScanError` for input that is not a readable image
    (whatever the decoder's own exception), ``TypeError`` / ``ValueError`` for bad
    options (``max_pixels``, ``max_side``, ``max_bytes`` must be positive ints,
    ``timeout`` a positive number or ``None``).
    """
    _check_options(max_pixels, max_side, max_bytes, timeout)
    deps = _deps()
    budget = _Budget(timeout)
    loaded = _load(deps, source, max_pixels, max_side, max_bytes)
    gray = loaded.gray
    results: dict[str, ScanResult] = {}
    ran: list[str] = []
    skipped: list[str] = []
    reason = ""
    slowest = 0.0  # the slowest step so far, seconds
    progress = _Progress([], [])
    steps = _steps(
        deps, gray, progress, opencv=timeout is None, exhaustive=exhaustive, brightest=loaded.brightest
    )
    for step in steps:
        method = step.method
        if skipped:
            skipped.append(method)
            continue
        if timeout is not None:
            # A step starts only if the time left covers the slowest step so far (on
            # the same image; four times that for the 2x enlarged steps).
            left, estimate = budget.left(), slowest * step.scale**2
            if left <= 0 or (ran and left < estimate):
                reason = f"{max(left, 0.0):.2f} s left, {method} is estimated at {estimate:.2f} s"
                skipped.append(method)
                continue
        began = time.monotonic()
        found_now = step.attempt()
        slowest = max(slowest, time.monotonic() - began)
        ran.append(method)
        for raw in found_now:
            found = _mapped(raw, step)
            (progress.read if found.valid else progress.unread).append(_box(found.corners))
            if not found.valid:
                continue
            result = _result(found, method, loaded.scale)
            if result.text and result.text not in results:
                results[result.text] = result
        if not exhaustive and any(r.ok for r in results.values()):
            break
    ordered = sorted(results.values(), key=lambda r: not r.ok)
    if skipped and (exhaustive or not any(r.ok for r in ordered)):
        elapsed = budget.elapsed()
        raise _scan_error(
            f"the scan was cut short after {elapsed:.2f} s (timeout {timeout} s) before it "
            f"found a payment code: {reason}; {len(ordered)} other code(s) found so far, "
            f"steps not run: {', '.join(skipped)}",
            "scan_timeout",
            timeout=timeout,
            elapsed=elapsed,
            reason=reason,
            steps_run=tuple(ran),
            steps_skipped=tuple(skipped),
            results=tuple(ordered),
        )
    return ordered


def payloads(source: object, **options: Any) -> list[Payload]:
    """The payment payloads (CRC verified) found in ``source``; see :func:`read`."""
    return [r.payload for r in read(source, **options) if r.payload is not None]
