"""Scheme profiles: an explicit, immutable registry, detection, and scheme rules.

The built-in schemes are listed in :data:`BUILTIN` (one module each). Third-party
profiles register under the entry-point group ``qrpay.schemes`` (each entry point names
a module with a ``SCHEME``). The registry is built once, on first use, and never
changes afterwards; duplicate ids or GUIDs are an error when it is built.

Detection walks the merchant accounts (IDs 02-51) in text order: a template whose
sub-ID 00 is a registered GUID (compared case-insensitively) belongs to that scheme;
otherwise the schemes' account matchers and ``claims`` hooks are asked. A payload may
carry several schemes (an SGQR sticker, a Lao code with UnionPay tag 15); all are
returned, in template order. Unknown GUIDs stay generic merchant accounts.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cache
from types import MappingProxyType
from typing import Any

from ..errors import Issue, UnknownSchemeError
from ..model import HOOKS, Payload
from ..tlv import DataObject
from ._base import AccountMatcher, Relaxation, Scheme, issue, market_issues

__all__ = [
    "BUILTIN",
    "AccountMatcher",
    "Registry",
    "Relaxation",
    "Scheme",
    "account_scheme",
    "all_schemes",
    "apply_schemes",
    "expiry_of",
    "get_scheme",
    "issue",
    "registry",
    "view_of",
]

#: The built-in scheme modules, in the order ``qrpay schemes`` lists them.
BUILTIN: tuple[str, ...] = (
    # one id per line; a scheme module qrpay/schemes/<id>.py defines SCHEME
    "khqr",
    "laoqr",
    "promptpay",
    "unionpay",
    "paynow",
    "sgqr",
    "duitnow",
    "qris",
    "vietqr",
    "qrph",
    "pix",
    "fps",
    "bharatqr",
    "jpqr",
    "lankaqr",
    "nepalpay",
    "fonepay",
    "raast",
    "keqr",
    "nqr",
)

ENTRY_POINT_GROUP = "qrpay.schemes"


@dataclass(frozen=True)
class Registry:
    """The loaded scheme profiles and the lookup tables detection uses."""

    schemes: Mapping[str, Scheme]
    by_guid: Mapping[str, str]
    by_prefix: tuple[tuple[str, str], ...]
    matchers_by_tag: Mapping[str, tuple[tuple[str, AccountMatcher], ...]]
    claimers: tuple[Scheme, ...]

    @classmethod
    def build(cls, profiles: Iterable[Scheme]) -> Registry:
        schemes: dict[str, Scheme] = {}
        by_guid: dict[str, str] = {}
        by_prefix: list[tuple[str, str]] = []
        by_tag: dict[str, list[tuple[str, AccountMatcher]]] = {}
        claimers: list[Scheme] = []
        for scheme in profiles:
            if not scheme.id or scheme.id != scheme.id.lower():
                raise ValueError(f"scheme id {scheme.id!r} must be non-empty lower case")
            if scheme.id in schemes:
                raise ValueError(f"duplicate scheme id {scheme.id!r}")
            schemes[scheme.id] = scheme
            for guid in scheme.guids:
                key = guid.upper()
                if key in by_guid:
                    raise ValueError(f"GUID {guid!r} is claimed by {by_guid[key]!r} and {scheme.id!r}")
                by_guid[key] = scheme.id
            for prefix in scheme.guid_prefixes:
                key = prefix.upper()
                for other_prefix, other in by_prefix:
                    if key.startswith(other_prefix) or other_prefix.startswith(key):
                        raise ValueError(f"GUID prefix {prefix!r} of {scheme.id!r} overlaps {other!r}")
                by_prefix.append((key, scheme.id))
            for matcher in scheme.matchers:
                for tag in matcher.tags:
                    by_tag.setdefault(tag, []).append((scheme.id, matcher))
            if scheme.claims is not None:
                claimers.append(scheme)
        return cls(
            MappingProxyType(schemes),
            MappingProxyType(by_guid),
            tuple(by_prefix),
            MappingProxyType({tag: tuple(rows) for tag, rows in by_tag.items()}),
            tuple(claimers),
        )

    def scheme_of(self, obj: DataObject, payload: Payload) -> str | None:
        """The id of the scheme a merchant account (ID 02-51) belongs to, or ``None``."""
        children = obj.children
        if children:
            for child in children:
                if child.tag == "00":
                    guid = child.value.upper()
                    found = self.by_guid.get(guid)
                    if found is not None:
                        return found
                    for prefix, scheme_id in self.by_prefix:
                        if guid.startswith(prefix):
                            return scheme_id
                    break
        for scheme_id, matcher in self.matchers_by_tag.get(obj.tag, ()):
            if matcher.matches(obj):
                return scheme_id
        for scheme in self.claimers:
            if scheme.claims is not None and scheme.claims(obj, payload):
                return scheme.id
        return None


def _load_module(name: str) -> Scheme:
    module = importlib.import_module(name)
    scheme = getattr(module, "SCHEME", None)
    if not isinstance(scheme, Scheme):
        raise TypeError(f"{name} has no SCHEME of type qrpay.schemes.Scheme")
    return scheme


def _entry_point_schemes() -> list[Scheme]:
    from importlib.metadata import entry_points

    found = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        loaded = entry.load()
        scheme = getattr(loaded, "SCHEME", loaded)
        if isinstance(scheme, Scheme):
            found.append(scheme)
    return found


@cache
def registry() -> Registry:
    """The registry: built-in schemes, then entry-point plugins. Built once."""
    profiles = [_load_module(f"{__name__}.{name}") for name in BUILTIN]
    profiles.extend(_entry_point_schemes())
    return Registry.build(profiles)


def get_scheme(scheme_id: str) -> Scheme:
    """The profile registered under ``scheme_id``; :class:`UnknownSchemeError` otherwise."""
    found = registry().schemes.get(scheme_id)
    if found is None:
        known = ", ".join(registry().schemes)
        raise UnknownSchemeError(
            f"no scheme profile {scheme_id!r}; known: {known}",
            code="unknown_scheme",
            ctx={"actual": scheme_id},
        )
    return found


def all_schemes() -> tuple[Scheme, ...]:
    """Every registered profile, built-ins first in :data:`BUILTIN` order."""
    return tuple(registry().schemes.values())


def account_scheme(obj: DataObject, payload: Payload) -> str | None:
    return registry().scheme_of(obj, payload)


def apply_schemes(
    payload: Payload, issues: list[Issue], now: datetime | None
) -> tuple[tuple[str, ...], list[Issue]]:
    """Detect the schemes in ``payload``, run their rules, drop the deviations they allow."""
    reg = registry()
    found: list[str] = []
    for obj in payload.objects:
        tag = obj.tag
        if "02" <= tag <= "51":
            scheme_id = reg.scheme_of(obj, payload)
            if scheme_id is not None and scheme_id not in found:
                found.append(scheme_id)
    if not found:
        return (), issues
    clock = now if now is not None else datetime.now(timezone.utc)
    relaxations: list[Relaxation] = []
    for scheme_id in found:
        scheme = reg.schemes[scheme_id]
        relaxations.extend(scheme.relaxations)
        if scheme.currency_rule or scheme.country_rule:
            issues.extend(market_issues(scheme, payload))
        if scheme.check is not None:
            issues.extend(scheme.check(payload, clock))
    if relaxations:
        issues = [i for i in issues if not any(r.matches(i) for r in relaxations)]
    return tuple(found), issues


def expiry_of(payload: Payload) -> datetime | None:
    """The first expiry a detected scheme reads from the payload (KHQR 99/01, PayNow 26/04)."""
    reg = registry()
    for scheme_id in payload.schemes:
        reader = reg.schemes[scheme_id].expiry
        if reader is not None:
            when = reader(payload)
            if when is not None:
                return when
    return None


def view_of(payload: Payload, scheme_id: str) -> Any:
    """``payload.view(scheme_id)``: the typed view the scheme profile gives of it."""
    profile = get_scheme(scheme_id)
    if profile.view is None:
        raise UnknownSchemeError(f"scheme {scheme_id!r} has no typed view", code="no_view")
    return profile.view(payload)


# The model knows nothing of the registry (docs/adr/0008): the registry plugs in here.
HOOKS.account_scheme = account_scheme
HOOKS.view = view_of
HOOKS.expiry = expiry_of
