"""What a scheme profile is: data first (identifiers, relaxations, references), code second.

Every scheme module in :mod:`qrpay.schemes` defines ``SCHEME``, a :class:`Scheme`. The
fields that are data (ids, GUIDs, account matchers, allowed EMVCo deviations, examples,
references) drive detection and validation in one engine; the hooks (``check``,
``view``, ``build``, ``expiry``) hold only what a table cannot express.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from ..errors import Issue, Severity
from ..tlv import DataObject

if TYPE_CHECKING:
    from ..model import Payload

__all__ = [
    "AccountMatcher",
    "CheckHook",
    "Relaxation",
    "Scheme",
    "account_guid",
    "issue",
    "market_issues",
]

CheckHook = Callable[["Payload", datetime], Iterable[Issue]]


@dataclass(frozen=True, slots=True)
class Relaxation:
    """An EMVCo-level issue a scheme allows: dropped when the scheme is detected.

    Matches issues with this ``code``, at this ``path`` (any path if ``None``; the objects
    below it with ``prefix=True``), and, if ``values`` is given, whose ``ctx["actual"]`` is
    one of them.
    """

    code: str
    path: tuple[str, ...] | None = None
    values: frozenset[str] | None = None
    reason: str = ""
    #: match the data objects *below* ``path`` instead of ``path`` itself (the children a
    #: template walk finds in a value the scheme defines as plain text)
    prefix: bool = False

    def matches(self, found: Issue) -> bool:
        if found.code != self.code or found.scheme is not None:
            return False
        if self.path is not None:
            if self.prefix:
                if len(found.path) <= len(self.path) or found.path[: len(self.path)] != self.path:
                    return False
            elif found.path != self.path:
                return False
        return self.values is None or found.ctx.get("actual") in self.values


@dataclass(frozen=True, slots=True)
class AccountMatcher:
    """Recognises a scheme's merchant account where no GUID table entry does.

    ``tags``: the root IDs the account may use. ``account_id``: a pattern the template's
    sub-ID 00 must match in full (KHQR's ``name@bank``). ``primitive``: the account is a
    primitive value (UnionPay's tag 15), matched by ``value`` if given.
    """

    tags: frozenset[str]
    account_id: re.Pattern[str] | None = None
    primitive: bool = False
    value: re.Pattern[str] | None = None

    def matches(self, obj: DataObject) -> bool:
        if obj.tag not in self.tags:
            return False
        if self.primitive:
            return self.value is None or self.value.fullmatch(obj.value) is not None
        if obj.children is None or self.account_id is None:
            return False
        for child in obj.children:
            if child.tag == "00":
                return self.account_id.fullmatch(child.value) is not None
        return False


@dataclass(frozen=True)
class Scheme:
    """A scheme profile.

    ``id`` is stable and lowercase (what :func:`qrpay.detect` returns). ``guids`` are
    compared case-insensitively with sub-ID 00 of templates 26-51. ``currencies`` are
    ISO 4217 numeric codes the scheme uses. ``claims`` is a last-resort hook for accounts
    that need the whole payload to recognise (QRIS acquirer templates).
    """

    id: str
    title: str
    country: str
    currencies: tuple[str, ...]
    guids: tuple[str, ...] = ()
    #: GUID prefixes (an AID's RID, e.g. ``A000000333``), compared case-insensitively
    guid_prefixes: tuple[str, ...] = ()
    matchers: tuple[AccountMatcher, ...] = ()
    account_tags: tuple[str, ...] = ()
    relaxations: tuple[Relaxation, ...] = ()
    references: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    summary: str = ""
    #: severity of ``<id>.currency`` when 53 is not one of ``currencies``, and of
    #: ``<id>.country`` when 58 is not ``country`` (``None``: no such rule, or the scheme
    #: checks a conditional version itself); the engine applies them, the check hook need not
    currency_rule: Severity | None = "error"
    country_rule: Severity | None = "error"
    #: where those two rules come from, cited in their messages
    market_source: str = ""
    supports: tuple[str, ...] = ("decode", "validate", "build")
    #: what the profile's rules rest on, for docs/schemes/index.md: ``"spec"`` (the published
    #: specification was read), ``"spec-quoted"`` (the spec as quoted by implementations or the
    #: scheme's own pages), ``"impl"`` (other implementations only) or ``"observed"`` (real codes
    #: only); rules resting on less than ``"spec"`` are warnings (issue 10)
    evidence: str = "spec"
    #: what the ``claims`` hook recognises, in words, for docs/schemes/index.md and
    #: ``qrpay schemes`` (detection with no GUID or matcher to show)
    claimed: str = ""
    check: CheckHook | None = field(default=None, repr=False, compare=False)
    view: Callable[[Payload], Any] | None = field(default=None, repr=False, compare=False)
    build: Callable[..., Payload] | None = field(default=None, repr=False, compare=False)
    expiry: Callable[[Payload], datetime | None] | None = field(default=None, repr=False, compare=False)
    claims: Callable[[DataObject, Payload], bool] | None = field(default=None, repr=False, compare=False)
    #: names of the scheme's data objects, for ``qrpay decode``: ``"account.01"`` is sub-ID 01
    #: of the scheme's merchant account template; other keys are full paths (``"99.00"``)
    field_names: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    #: what a value means in words (a date for a timestamp, ...), or None: ``(payload, path, value)``
    describe: Callable[[Payload, tuple[str, ...], str], str | None] | None = field(
        default=None, repr=False, compare=False
    )
    module: str = ""

    @property
    def identifiers(self) -> tuple[str, ...]:
        """Human-readable identifiers: GUIDs plus a description of each matcher."""
        described = [
            f"{', '.join(sorted(m.tags))}: "
            + (
                "primitive value"
                if m.primitive
                else f"sub-ID 00 matching {m.account_id.pattern if m.account_id else '?'}"
            )
            for m in self.matchers
        ]
        prefixes = [f"{p}* (prefix)" for p in self.guid_prefixes]
        claimed = [self.claimed] if self.claimed else []
        return (*self.guids, *prefixes, *described, *claimed)


def account_guid(obj: DataObject) -> str | None:
    """The upper-cased GUID (sub-ID 00) of a merchant account template 26-51, else None."""
    if obj.children is None or not "26" <= obj.tag <= "51":
        return None
    for child in obj.children:
        if child.tag == "00":
            return child.value.upper()
    return None


def market_issues(scheme: Scheme, payload: Payload) -> list[Issue]:
    """The scheme's currency (53) and country (58) rules, from its data."""
    found: list[Issue] = []
    source = f" ({scheme.market_source})" if scheme.market_source else ""
    currency = payload.get("53")
    if (
        scheme.currency_rule
        and scheme.currencies
        and currency is not None
        and currency.value not in scheme.currencies
    ):
        from ..iso import currency as lookup

        allowed = " or ".join(
            f"{found_currency.alpha} ({code})" if (found_currency := lookup(code)) else code
            for code in scheme.currencies
        )
        found.append(
            issue(
                scheme.id,
                "currency",
                f"{scheme.title} payments are in {allowed}, not {currency.value!r}{source}",
                obj=currency,
                severity=scheme.currency_rule,
                actual=currency.value,
            )
        )
    country = payload.get("58")
    if scheme.country_rule and country is not None and country.value != scheme.country:
        found.append(
            issue(
                scheme.id,
                "country",
                f"country code is {country.value!r}; {scheme.title} codes carry {scheme.country}{source}",
                obj=country,
                severity=scheme.country_rule,
                actual=country.value,
            )
        )
    return found


def issue(
    scheme: str,
    code: str,
    message: str,
    *,
    obj: DataObject | None = None,
    path: tuple[str, ...] = (),
    severity: Severity = "error",
    **ctx: Any,
) -> Issue:
    """An :class:`~qrpay.errors.Issue` of a scheme rule; ``code`` gets the ``"<scheme>."`` prefix."""
    full = code if code.startswith(scheme + ".") else f"{scheme}.{code}"
    if obj is not None:
        where = obj.path
        offset = obj.offset if obj.offset >= 0 else None
    else:
        where, offset = path, None
    return Issue(full, where, offset, message, severity, scheme, ctx)
