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
``shared/reference/scanning.md``), then a cascade of cheap preprocessing steps
(upscaling of small images, flattening of uneven lighting, contrast equalisation,
adaptive threshold, sharpening), each fed to zxing-cpp again, and OpenCV's own QR
detectors last. The cascade stops at the first step that yields a payload whose CRC
checks (:func:`qrpay.decode`); text whose CRC fails is never returned as a payload.

Scanners and decoders may add surrounding whitespace (a trailing newline); it is
stripped before decoding (EMV payloads start with ``00`` and end with CRC hex digits,
so stripping never changes a genuine payload), and ``ScanResult.text`` holds the
stripped text.

Bad input raises :class:`~qrpay.errors.ScanError` with one of these codes:
``unsupported_source``, ``image_unreadable``, ``image_truncated``, ``image_empty``,
``image_too_large``. Large images are reduced while loading (JPEG is decoded at 1/2,
1/4 or 1/8 scale by libjpeg) so that the longer side is at most ``max_side`` pixels.

More information: docs/images.md.
"""

# Optional dependencies are imported inside functions so that ``import qrpay.scan`` works
# without the extra and fails only when a function is used (MissingDependencyError).

from __future__ import annotations

import io
import os
import threading
import warnings
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .codec import decode
from .errors import DecodeError, MissingDependencyError, ScanError
from .model import Payload

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Gray = npt.NDArray[np.uint8]

__all__ = [
    "DEFAULT_MAX_PIXELS",
    "DEFAULT_MAX_SIDE",
    "Point",
    "ScanResult",
    "payloads",
    "read",
]

#: Images with more pixels than this are refused before any pixel is decoded (a 48 MP
#: phone photo is 8000 x 6000 = 48 million). Pillow's own bomb limit also applies.
DEFAULT_MAX_PIXELS = 64_000_000
#: The longer side the image is reduced to before decoding. At 2048 px a payment code
#: that fills a tenth of a 48 MP photo's width still has ~3 px per module.
DEFAULT_MAX_SIDE = 2048

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


def _from_pil_file(deps: _Deps, fp: Any, max_pixels: int, max_side: int) -> tuple[Gray, float]:
    """Open lazily, check the header's size, decode reduced; returns (grey, scale)."""
    pil = deps.image
    try:
        with warnings.catch_warnings():
            # Our own max_pixels check replaces Pillow's warning; its hard limit stays.
            warnings.simplefilter("ignore", pil.DecompressionBombWarning)
            img = pil.open(fp)
            width, height = img.size
            _check_size(width, height, max_pixels)
            if img.format == "JPEG":
                # libjpeg decodes at 1/2, 1/4 or 1/8 scale directly: a 48 MP photo never
                # exists in memory at full size. draft() keeps the size >= the request.
                factor = max(width, height) / max_side
                if factor > 1:
                    img.draft("L", (int(width / factor), int(height / factor)))
            img.load()
            return _from_pil_image(deps, img, width, max_side)
    except ScanError:
        raise
    except pil.DecompressionBombError as exc:
        raise _scan_error(
            f"Pillow refused the image as a decompression bomb: {exc}", "image_too_large"
        ) from exc
    except pil.UnidentifiedImageError as exc:
        raise _scan_error("the data is not an image format Pillow can read", "image_unreadable") from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        text = str(exc)
        if "truncated" in text.lower() or isinstance(exc, EOFError):
            raise _scan_error(f"the image file is truncated: {text}", "image_truncated") from exc
        if "too large" in text.lower() or "exceeds" in text.lower():
            raise _scan_error(f"the image is too large: {text}", "image_too_large") from exc
        raise _scan_error(f"the image cannot be read: {text}", "image_unreadable") from exc


def _from_pil_image(deps: _Deps, img: Any, original_width: int, max_side: int) -> tuple[Gray, float]:
    width, height = img.size  # the caller has checked the size against max_pixels
    if max(width, height) > max_side:
        # reduce() is a cheap box filter by an integer factor; thumbnail finishes the job.
        factor = max(width, height) // max_side
        if factor >= 2:
            img = img.reduce(factor)
        if max(img.size) > max_side:
            img = img.copy()
            img.thumbnail((max_side, max_side), deps.image.Resampling.BOX)
    if img.mode not in ("L", "RGB"):
        if img.mode in ("RGBA", "LA", "P", "PA") or "A" in img.getbands():
            # Transparent pixels become white, as a viewer shows them on paper.
            background = deps.image.new("RGBA", img.size, (255, 255, 255, 255))
            background.alpha_composite(img.convert("RGBA"))
            img = background
        img = img.convert("RGB")
    gray = deps.np.asarray(img.convert("L"), dtype=deps.np.uint8)
    return gray, img.size[0] / original_width


def _from_array(deps: _Deps, array: Any, max_side: int, max_pixels: int) -> tuple[Gray, float]:
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
    if array.ndim == 3:
        code = {1: None, 3: cv2.COLOR_BGR2GRAY, 4: cv2.COLOR_BGRA2GRAY}[array.shape[2]]
        array = array[:, :, 0] if code is None else cv2.cvtColor(array, code)
    gray = np.ascontiguousarray(array)
    scale = 1.0
    if max(width, height) > max_side:
        scale = max_side / max(width, height)
        gray = cv2.resize(
            gray, (max(1, round(width * scale)), max(1, round(height * scale))), interpolation=cv2.INTER_AREA
        )
    return gray, scale


def _load(deps: _Deps, source: object, max_pixels: int, max_side: int) -> tuple[Gray, float]:
    """The image as a grey uint8 array, and working-size / original-size."""
    if isinstance(source, str | os.PathLike):
        try:
            with open(source, "rb") as handle:
                return _from_pil_file(deps, handle, max_pixels, max_side)
        except FileNotFoundError as exc:
            raise _scan_error(
                f"no such file: {os.fspath(source)!r}", "image_unreadable", path=os.fspath(source)
            ) from exc
        except IsADirectoryError as exc:
            raise _scan_error(
                f"{os.fspath(source)!r} is a directory", "image_unreadable", path=os.fspath(source)
            ) from exc
    if isinstance(source, bytes | bytearray | memoryview):
        if not len(source):
            raise _scan_error("the image data is empty (0 bytes)", "image_empty")
        return _from_pil_file(deps, io.BytesIO(bytes(source)), max_pixels, max_side)
    if isinstance(source, deps.image.Image):
        width, height = source.size
        _check_size(width, height, max_pixels)
        return _from_pil_image(deps, source, width, max_side)
    if isinstance(source, deps.np.ndarray):
        return _from_array(deps, source, max_side, max_pixels)
    raise _scan_error(
        f"cannot read an image from {type(source).__name__}; pass a path, bytes, a PIL image "
        "or a numpy array",
        "unsupported_source",
        type=type(source).__name__,
    )


# -- decoding -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Found:
    text: str
    corners: tuple[Point, Point, Point, Point]


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
    zx = deps.zxing
    found = []
    for barcode in zx.read_barcodes(gray, formats=zx.BarcodeFormat.QRCode, **options):
        p = barcode.position
        corners = tuple(
            (float(q.x), float(q.y)) for q in (p.top_left, p.top_right, p.bottom_right, p.bottom_left)
        )
        found.append(_Found(_zxing_text(barcode), corners))  # type: ignore[arg-type]
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


def _upscale(deps: _Deps, gray: Gray, factor: float = 2.0) -> Gray:
    # Codes at 2-3 px per module lose modules to the binariser; enlarging (cubic) helps.
    cv2 = deps.cv2
    return cv2.resize(gray, None, fx=factor, fy=factor, interpolation=cv2.INTER_CUBIC)  # type: ignore[no-any-return]


def _flatten(deps: _Deps, gray: Gray) -> Gray:
    # Uneven light (gradients, spotlights, shadows): divide by a blurred copy, the local
    # background, so every region has the same white level. Blurring a 1/8 image is cheap.
    cv2, np = deps.cv2, deps.np
    h, w = gray.shape
    small = cv2.resize(gray, (max(1, w // 8), max(1, h // 8)), interpolation=cv2.INTER_AREA)
    small = cv2.dilate(small, np.ones((3, 3), np.uint8))  # background = the light modules
    background = cv2.resize(cv2.GaussianBlur(small, (0, 0), 3), (w, h), interpolation=cv2.INTER_LINEAR)
    return cv2.divide(gray, background, scale=255)  # type: ignore[no-any-return]


def _clahe(deps: _Deps, gray: Gray) -> Gray:
    clahe = deps.cv2.createCLAHE(clipLimit=3.0, tileGridSize=(8, 8))
    return clahe.apply(gray)  # type: ignore[no-any-return]


def _adaptive(deps: _Deps, gray: Gray, block: int = 15, offset: int = 2) -> Gray:
    # A threshold from the 15 px neighbourhood (about 3-5 modules at phone resolutions)
    # separates blurred modules that one global or coarse local threshold merges.
    cv2 = deps.cv2
    return cv2.adaptiveThreshold(  # type: ignore[no-any-return]
        gray,
        255,
        cv2.ADAPTIVE_THRESH_GAUSSIAN_C,
        cv2.THRESH_BINARY,
        block,
        offset,
    )


def _sharpen(deps: _Deps, gray: Gray, sigma: float = 2.0, amount: float = 2.0) -> Gray:
    # Defocus and motion blur: an unsharp mask restores module edges the binariser needs.
    cv2 = deps.cv2
    blurred = cv2.GaussianBlur(gray, (0, 0), sigma)
    return cv2.addWeighted(gray, 1 + amount, blurred, -amount, 0)  # type: ignore[no-any-return]


def _denoise(deps: _Deps, gray: Gray) -> Gray:
    # Sensor noise: a 3x3 median removes speckle but keeps edges; small images are then
    # enlarged so that the binariser's window spans whole modules.
    smooth: Gray = deps.cv2.medianBlur(gray, 3)
    return _upscale(deps, smooth) if max(gray.shape) < _SMALL else smooth


#: Images whose longer side is below this many pixels are also tried enlarged.
_SMALL = 1000
#: Enlarging a large image costs more than it gains; the last-resort steps skip above this.
_MEDIUM = 1400


def _steps(deps: _Deps, gray: Gray) -> Iterator[tuple[str, float, Callable[[], list[_Found]]]]:
    """(method, coordinate scale, attempt), cheapest and most often useful first.

    The order comes from benchmarks/scan_bench.py: each step rescues images that every
    earlier step missed (see docs/images.md for the numbers).
    """
    side = max(gray.shape)
    yield "zxing", 1.0, lambda: _zxing(deps, gray)
    if side < _SMALL:
        yield "zxing+upscale", 2.0, lambda: _zxing(deps, _upscale(deps, gray), try_rotate=False)
    yield "zxing+sharpen", 1.0, lambda: _zxing(deps, _sharpen(deps, gray), try_rotate=False)
    yield "zxing+adaptive", 1.0, lambda: _zxing(deps, _adaptive(deps, gray), try_invert=False)
    yield "zxing+flatten", 1.0, lambda: _zxing(deps, _flatten(deps, gray), try_invert=False)
    yield (
        "zxing+denoise",
        2.0 if side < _SMALL else 1.0,
        lambda: _zxing(deps, _denoise(deps, gray), try_rotate=False),
    )
    yield (
        "zxing+sharpen+adaptive",
        1.0,
        lambda: _zxing(deps, _adaptive(deps, _sharpen(deps, gray, 1.5)), try_invert=False),
    )
    if side < _MEDIUM:
        yield (
            "zxing+upscale+sharpen",
            2.0,
            lambda: _zxing(deps, _sharpen(deps, _upscale(deps, gray), 3.0), try_rotate=False),
        )
    yield "zxing+clahe", 1.0, lambda: _zxing(deps, _clahe(deps, gray), try_rotate=False)
    yield "opencv-aruco", 1.0, lambda: _opencv(deps, gray, aruco=True)
    yield "opencv-aruco+invert", 1.0, lambda: _opencv(deps, 255 - gray, aruco=True)
    yield "opencv", 1.0, lambda: _opencv(deps, gray, aruco=False)


def _result(found: _Found, method: str, scale: float) -> ScanResult:
    text = found.text.strip(" \t\r\n\v\f\x00")
    corners = tuple((x / scale, y / scale) for x, y in found.corners)
    try:
        payload: Payload | None = decode(text)
        error: DecodeError | None = None
    except DecodeError as exc:
        payload, error = None, exc
    return ScanResult(text, corners, payload, error, method)  # type: ignore[arg-type]


def read(
    source: object,
    *,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_side: int = DEFAULT_MAX_SIDE,
    exhaustive: bool = False,
) -> list[ScanResult]:
    """Every QR code found in ``source``, payment payloads first.

    ``source``: a path (``str`` or ``os.PathLike``), the bytes of an image file, a PIL
    image, or a numpy array (grey ``(h, w)``, BGR ``(h, w, 3)`` or BGRA, as OpenCV uses).
    The cascade stops at the first step that finds a payload whose CRC checks;
    ``exhaustive=True`` runs every step and merges what they find. Without a payment
    payload the results are the other codes found (URLs, corrupt payloads), each with
    its ``error``; an image with no QR code gives ``[]``.

    Raises :class:`~qrpay.errors.ScanError` for input that is not a readable image.
    """
    deps = _deps()
    gray, load_scale = _load(deps, source, max_pixels, max_side)
    results: dict[str, ScanResult] = {}
    for method, step_scale, attempt in _steps(deps, gray):
        for found in attempt():
            result = _result(found, method, load_scale * step_scale)
            if result.text and result.text not in results:
                results[result.text] = result
        if not exhaustive and any(r.ok for r in results.values()):
            break
    return sorted(results.values(), key=lambda r: not r.ok)


def payloads(source: object, **options: Any) -> list[Payload]:
    """The payment payloads (CRC verified) found in ``source``; see :func:`read`."""
    return [r.payload for r in read(source, **options) if r.payload is not None]
