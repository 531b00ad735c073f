"""The qrpay exception tree and the :class:`Issue` value.

Every error qrpay raises is a :class:`QRPayError`, itself a :class:`ValueError`, so
``except ValueError`` keeps working. Subclasses say *which stage* found the problem and
*whose fault* it is::

    QRPayError(ValueError)
    ├── DecodeError                 the text cannot be trusted as an EMV payload
    │   ├── TLVError                bad tag/length digits, value overruns the text, ...
    │   └── CRCError                tag 63 missing, not last, malformed or wrong
    ├── ValidationError             a payload breaks EMVCo or scheme rules (decode side)
    ├── InvalidRequest              the caller asked the encoder for something invalid
    ├── UnknownSchemeError          (also a LookupError) no scheme profile with that id
    ├── MissingDependencyError      (also an ImportError) an optional extra is not installed
    └── ScanError                   an image cannot be read (``qrpay.scan``)

Every error carries ``code`` (a stable snake_case identifier, see docs/errors.md),
``path`` (the tag path, ``()`` for the whole payload) and ``offset`` (the character
index in the decoded text, or ``None`` where no text position applies). ``str(error)``
shows all three. Errors pickle.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

__all__ = [
    "CRCError",
    "DecodeError",
    "InvalidRequest",
    "Issue",
    "MissingDependencyError",
    "QRPayError",
    "ScanError",
    "Severity",
    "TLVError",
    "UnknownSchemeError",
    "ValidationError",
    "format_location",
]

Severity = Literal["error", "warning"]


def format_location(path: tuple[str, ...], offset: int | None) -> str:
    """Render a tag path and offset the way every qrpay message starts.

    >>> format_location(("62", "05"), 87)
    'tag 62.05 at offset 87'
    >>> format_location((), None)
    'payload'
    """
    where = "tag " + ".".join(path) if path else "payload"
    if offset is not None:
        where += f" at offset {offset}"
    return where


@dataclass(frozen=True, slots=True)
class Issue:
    """One finding about a payload: a broken rule (``error``) or a deviation (``warning``).

    ``code`` is stable and documented in docs/errors.md; scheme rules are namespaced by
    the scheme id (``khqr.expired``). ``path`` is the tag path (``("62", "05")``) and
    ``offset`` the character index of the data object's ID in the decoded text (``None``
    for something that is absent, or for a payload built in memory).
    """

    code: str
    path: tuple[str, ...]
    offset: int | None
    message: str
    severity: Severity = "error"
    scheme: str | None = None
    ctx: Mapping[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def __str__(self) -> str:
        return f"{format_location(self.path, self.offset)}: {self.message} [{self.code}]"

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (the shape the CLI prints with ``--json``)."""
        return {
            "code": self.code,
            "severity": self.severity,
            "path": list(self.path),
            "offset": self.offset,
            "message": self.message,
            "scheme": self.scheme,
        }


class QRPayError(ValueError):
    """Base class of every qrpay error.

    ``code``, ``path`` and ``offset`` locate the problem; ``message`` says what is wrong
    with which value and which rule it breaks; ``ctx`` carries details such as
    ``expected`` and ``actual``.
    """

    default_code = "qrpay_error"

    def __init__(
        self,
        message: str,
        *,
        code: str | None = None,
        path: Iterable[str] = (),
        offset: int | None = None,
        ctx: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.code = code or self.default_code
        self.path: tuple[str, ...] = tuple(path)
        self.offset = offset
        self.ctx: Mapping[str, Any] = dict(ctx or {})

    def __str__(self) -> str:
        return f"{format_location(self.path, self.offset)}: {self.message} [{self.code}]"

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}({self.message!r}, code={self.code!r}, "
            f"path={self.path!r}, offset={self.offset!r})"
        )

    def _state(self) -> dict[str, Any]:
        return {"code": self.code, "path": self.path, "offset": self.offset, "ctx": self.ctx}

    def __reduce__(self) -> tuple[Any, ...]:
        # BaseException pickles as cls(*args); our keyword-only details would be lost.
        return (_rebuild, (type(self), self.message, self._state()))


def _rebuild(cls: type[QRPayError], message: str, state: dict[str, Any]) -> QRPayError:
    issues = state.pop("issues", None)
    if issues is not None:
        return cls(message, issues=issues, **state)  # type: ignore[call-arg]
    return cls(message, **state)


class DecodeError(QRPayError):
    """The text is not a payload qrpay can trust: malformed TLV, missing or wrong CRC."""

    default_code = "decode_error"


class TLVError(DecodeError):
    """The ID/length/value structure is broken (EMVCo MPM 3.2, 4.1)."""

    default_code = "tlv_error"


class CRCError(DecodeError):
    """Tag 63 is missing, not last, malformed, or does not match (EMVCo MPM 4.7.3).

    ``ctx["expected"]`` and ``ctx["actual"]`` hold the computed and the written CRC.
    """

    default_code = "crc_mismatch"

    @property
    def expected(self) -> str | None:
        value = self.ctx.get("expected")
        return value if isinstance(value, str) else None

    @property
    def actual(self) -> str | None:
        value = self.ctx.get("actual")
        return value if isinstance(value, str) else None


class _IssuesError(QRPayError):
    """An error that carries every :class:`Issue` found, not only the first."""

    def __init__(
        self,
        message: str,
        *,
        issues: Iterable[Issue] = (),
        code: str | None = None,
        path: Iterable[str] = (),
        offset: int | None = None,
        ctx: Mapping[str, Any] | None = None,
    ) -> None:
        self.issues: tuple[Issue, ...] = tuple(issues)
        super().__init__(message, code=code, path=path, offset=offset, ctx=ctx)

    @classmethod
    def from_issues(cls, issues: Iterable[Issue]) -> _IssuesError:
        found = tuple(issues)
        if not found:
            raise ValueError("from_issues needs at least one issue")
        first = found[0]
        message = first.message
        if len(found) > 1:
            message += f" (+{len(found) - 1} more)"
        return cls(
            message,
            issues=found,
            code=first.code,
            path=first.path,
            offset=first.offset,
            ctx=first.ctx,
        )

    def _state(self) -> dict[str, Any]:
        state = super()._state()
        state["issues"] = self.issues
        return state


class ValidationError(_IssuesError):
    """A well-formed payload breaks EMVCo or scheme rules; ``issues`` lists every error."""

    default_code = "invalid_payload"


class InvalidRequest(_IssuesError):
    """The encoder or a builder was asked for a payload qrpay's own rules reject.

    Raised instead of truncating, rounding or rewriting anything the caller gave.
    """

    default_code = "invalid_request"


class UnknownSchemeError(QRPayError, LookupError):
    """No scheme profile is registered under that id."""

    default_code = "unknown_scheme"


class MissingDependencyError(QRPayError, ImportError):  # type: ignore[misc]
    """An optional extra is not installed; the message names the pip command.

    Also an ``ImportError`` so ``except ImportError`` around optional features works.
    (Its ``path`` is the qrpay tag path, always ``()``, not ImportError's module path.)
    """

    default_code = "missing_dependency"


class ScanError(QRPayError):
    """An image cannot be read: unreadable, truncated, empty, or too large."""

    default_code = "scan_error"
