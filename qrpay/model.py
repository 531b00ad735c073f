"""The typed, immutable view of a merchant-presented payload.

A :class:`Payload` keeps every data object in its original order (so that
``payload.to_text()`` reproduces the decoded text exactly) and gives typed access to
the EMVCo fields. Views (:class:`MerchantAccount`, :class:`AdditionalData`, ...) are
frozen dataclasses built on access from the data objects.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from . import crc as _crc
from . import emvco, iso
from .amount import parse_amount
from .errors import Issue
from .tlv import DataObject, LengthUnit, serialize

if TYPE_CHECKING:
    from .builder import FieldValue

__all__ = [
    "HOOKS",
    "AdditionalData",
    "ConvenienceFee",
    "InitiationMethod",
    "LanguageTemplate",
    "MerchantAccount",
    "MerchantChannel",
    "Payload",
    "PointOfInitiation",
    "Template",
    "TipKind",
]


class InitiationMethod(enum.Enum):
    """EMVCo MPM 4.7.2.1: "11" static (one code for many payments), "12" dynamic."""

    STATIC = "static"
    DYNAMIC = "dynamic"
    #: any other value (RFU for EMVCo; Thai QR uses 21/22 for BLE and 31/32 for NFC)
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class PointOfInitiation:
    """Point of Initiation Method (ID 01) with its raw value."""

    raw: str

    @property
    def method(self) -> InitiationMethod:
        if self.raw == "11":
            return InitiationMethod.STATIC
        if self.raw == "12":
            return InitiationMethod.DYNAMIC
        return InitiationMethod.OTHER

    @property
    def is_static(self) -> bool:
        return self.raw == "11"

    @property
    def is_dynamic(self) -> bool:
        return self.raw == "12"


@dataclass(frozen=True, slots=True)
class Template:
    """A template data object (26-51, 62/50-99, 80-99) or a primitive in its place.

    ``objects`` holds the parsed sub-objects, or ``None`` when the value is not (or did
    not parse as) ID/length/value data; ``value`` always holds the raw text.
    """

    tag: str
    value: str
    offset: int
    path: tuple[str, ...]
    objects: tuple[DataObject, ...] | None

    @classmethod
    def from_object(cls, obj: DataObject) -> Template:
        return cls(obj.tag, obj.value, obj.offset, obj.path, obj.children)

    @property
    def is_template(self) -> bool:
        return self.objects is not None

    @property
    def guid(self) -> str | None:
        """Sub-ID 00 (the Globally Unique Identifier in EMVCo terms), if present."""
        return self.get("00")

    def get(self, tag: str) -> str | None:
        """The value of sub-ID ``tag``, or ``None``."""
        if self.objects:
            for obj in self.objects:
                if obj.tag == tag:
                    return obj.value
        return None

    @property
    def fields(self) -> dict[str, str]:
        """Sub-ID -> value (first occurrence wins), empty for a primitive."""
        out: dict[str, str] = {}
        for obj in self.objects or ():
            out.setdefault(obj.tag, obj.value)
        return out


@dataclass(frozen=True, slots=True)
class MerchantAccount(Template):
    """Merchant Account Information, IDs 02-51 (EMVCo MPM 4.7.9-4.7.11).

    IDs 02-25 are primitive by EMVCo allocation (``network`` names who they are
    reserved for); 26-51 are templates whose sub-ID 00 identifies the network.
    Real codes break both ways, so ``objects`` is set only where the value parses.
    ``scheme`` is the id of the qrpay scheme profile that recognised this account.
    """

    scheme: str | None = None

    @property
    def network(self) -> str | None:
        """The EMVCo allocation of a primitive ID (``"UnionPay"`` for 15), else ``None``."""
        return emvco.MERCHANT_ACCOUNT_NETWORKS.get(self.tag)

    @property
    def is_primitive(self) -> bool:
        return self.objects is None


class TipKind(enum.Enum):
    """Tip or Convenience Indicator (ID 55), EMVCo MPM 4.7.6.1."""

    PROMPT = "prompt"  # "01": the app prompts the consumer for a tip
    FIXED = "fixed"  # "02": fixed convenience fee in ID 56
    PERCENTAGE = "percentage"  # "03": percentage convenience fee in ID 57
    OTHER = "other"  # any other value (RFU)


@dataclass(frozen=True, slots=True)
class ConvenienceFee:
    """IDs 55-57: tip prompt or convenience fee."""

    indicator: str
    fixed: Decimal | None = None
    percentage: Decimal | None = None

    @property
    def kind(self) -> TipKind:
        return {"01": TipKind.PROMPT, "02": TipKind.FIXED, "03": TipKind.PERCENTAGE}.get(
            self.indicator, TipKind.OTHER
        )


@dataclass(frozen=True, slots=True)
class MerchantChannel:
    """62/11 Merchant Channel decoded by position (EMVCo MPM 4.8.1.6, Tables 4.5-4.7)."""

    raw: str

    @property
    def media(self) -> str | None:
        return emvco.MERCHANT_CHANNEL_MEDIA.get(self.raw[:1])

    @property
    def location(self) -> str | None:
        return emvco.MERCHANT_CHANNEL_LOCATION.get(self.raw[1:2])

    @property
    def presence(self) -> str | None:
        return emvco.MERCHANT_CHANNEL_PRESENCE.get(self.raw[2:3])


@dataclass(frozen=True, slots=True)
class AdditionalData:
    """Additional Data Field Template, ID 62 (EMVCo MPM 4.8, Table 3.7).

    A value of ``"***"`` in 01-08 asks the app to prompt the consumer; such fields are
    listed in ``prompts``. ``payment_system_templates`` are sub-IDs 50-99.
    """

    objects: tuple[DataObject, ...]

    def get(self, tag: str) -> str | None:
        for obj in self.objects:
            if obj.tag == tag:
                return obj.value
        return None

    @property
    def fields(self) -> dict[str, str]:
        out: dict[str, str] = {}
        for obj in self.objects:
            out.setdefault(obj.tag, obj.value)
        return out

    @property
    def bill_number(self) -> str | None:
        return self.get("01")

    @property
    def mobile_number(self) -> str | None:
        return self.get("02")

    @property
    def store_label(self) -> str | None:
        return self.get("03")

    @property
    def loyalty_number(self) -> str | None:
        return self.get("04")

    @property
    def reference_label(self) -> str | None:
        return self.get("05")

    @property
    def customer_label(self) -> str | None:
        return self.get("06")

    @property
    def terminal_label(self) -> str | None:
        return self.get("07")

    @property
    def purpose(self) -> str | None:
        return self.get("08")

    @property
    def consumer_data_request(self) -> frozenset[str]:
        """Letters of 62/09: "A" address, "M" mobile, "E" e-mail."""
        return frozenset(self.get("09") or "")

    @property
    def merchant_tax_id(self) -> str | None:
        return self.get("10")

    @property
    def merchant_channel(self) -> MerchantChannel | None:
        raw = self.get("11")
        return None if raw is None else MerchantChannel(raw)

    @property
    def prompts(self) -> frozenset[str]:
        """Names of 62/01-08 fields whose value is ``"***"`` (the app must prompt)."""
        return frozenset(
            emvco.ADDITIONAL_DATA[o.tag].key
            for o in self.objects
            if o.value == emvco.PROMPT and "01" <= o.tag <= "08"
        )

    @property
    def payment_system_templates(self) -> tuple[Template, ...]:
        return tuple(Template.from_object(o) for o in self.objects if o.tag >= "50")


@dataclass(frozen=True, slots=True)
class LanguageTemplate:
    """Merchant Information—Language Template, ID 64 (EMVCo MPM 4.9, Table 3.8)."""

    language_preference: str | None
    merchant_name: str | None
    merchant_city: str | None
    objects: tuple[DataObject, ...] = ()


def _not_installed(*_args: Any, **_kwargs: Any) -> Any:
    raise RuntimeError(
        "qrpay.schemes and qrpay.builder are not loaded; import qrpay (they plug into the model)"
    )


class Hooks:
    """What the modules above the model plug into it when they are imported.

    The model imports neither the builders nor the scheme registry (docs/adr/0008): the
    registry (:mod:`qrpay.schemes`) installs ``account_scheme``, ``view`` and ``expiry``,
    the builder (:mod:`qrpay.builder`) installs ``edit``, ``edit_path`` and ``summary``.
    ``import qrpay`` loads both, so the hooks are in place before any payload exists.
    """

    __slots__ = ("account_scheme", "edit", "edit_path", "expiry", "summary", "view")

    def __init__(self) -> None:
        #: the id of the scheme profile that recognises a merchant account (ID 02-51)
        self.account_scheme: Callable[[DataObject, Payload], str | None] = _not_installed
        #: the typed view of a payload that a scheme profile gives (``Payload.view``)
        self.view: Callable[[Payload, str], Any] = _not_installed
        #: the first expiry a detected scheme reads (``Payload.expires_at``)
        self.expiry: Callable[[Payload], datetime | None] = _not_installed
        #: ``Payload.replace``: change fields by builder keywords, validate
        self.edit: Callable[[Payload, Mapping[str, Any]], Payload] = _not_installed
        #: ``Payload.with_value``: set or remove the raw value at a tag path, validate
        self.edit_path: Callable[[Payload, tuple[str, ...], str | None], Payload] = _not_installed
        #: ``Payload.to_dict``: the JSON-ready summary of the typed fields
        self.summary: Callable[[Payload], dict[str, Any]] = _not_installed


#: The one instance :class:`Payload` reads its hooks from.
HOOKS = Hooks()


class Payload:
    """A decoded or built merchant-presented payload. Immutable.

    ``objects`` are the root data objects in their original order (templates carry
    their parsed ``children``); ``issues`` are the findings of validation (warnings
    only, for a payload that validates). Typed properties read the EMVCo fields.
    """

    __slots__ = ("_cache", "_index", "_issues", "_objects", "_schemes", "_unit")

    _objects: tuple[DataObject, ...]
    _index: dict[str, DataObject]
    _issues: tuple[Issue, ...]
    _unit: LengthUnit
    _schemes: tuple[str, ...]
    _cache: dict[str, Any]

    def __init__(
        self,
        objects: tuple[DataObject, ...],
        *,
        issues: tuple[Issue, ...] = (),
        length_unit: LengthUnit = LengthUnit.CHARACTERS,
        schemes: tuple[str, ...] = (),
        _index: dict[str, DataObject] | None = None,
    ) -> None:
        setattr_ = object.__setattr__
        setattr_(self, "_objects", objects)
        if _index is None:
            _index = {}
            for obj in objects:
                _index.setdefault(obj.tag, obj)
        setattr_(self, "_index", _index)
        setattr_(self, "_issues", issues)
        setattr_(self, "_unit", length_unit)
        setattr_(self, "_schemes", schemes)
        setattr_(self, "_cache", {})

    @classmethod
    def _decoded(
        cls, objects: tuple[DataObject, ...], index: dict[str, DataObject], unit: LengthUnit
    ) -> Payload:
        """The decoder's constructor: the index is already built (issues and schemes follow)."""
        payload = object.__new__(cls)
        setattr_ = object.__setattr__
        setattr_(payload, "_objects", objects)
        setattr_(payload, "_index", index)
        setattr_(payload, "_unit", unit)
        setattr_(payload, "_cache", {})
        return payload

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"Payload is immutable; use replace() to change {name!r}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError("Payload is immutable")

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Payload):
            return NotImplemented
        return self.to_text() == other.to_text()

    def __hash__(self) -> int:
        return hash(self.to_text())

    def __repr__(self) -> str:
        return f"Payload({self.to_text()!r})"

    def __reduce__(self) -> tuple[Any, ...]:
        return (_from_state, (self._objects, self._issues, self._unit.value, self._schemes))

    # -- raw access -----------------------------------------------------------------

    @property
    def objects(self) -> tuple[DataObject, ...]:
        """Root data objects in their original order."""
        return self._objects

    @property
    def issues(self) -> tuple[Issue, ...]:
        """Every finding of EMVCo and scheme validation (errors and warnings)."""
        return self._issues

    @property
    def errors(self) -> tuple[Issue, ...]:
        return tuple(i for i in self._issues if i.severity == "error")

    @property
    def warnings(self) -> tuple[Issue, ...]:
        return tuple(i for i in self._issues if i.severity == "warning")

    @property
    def is_valid(self) -> bool:
        """True when no issue has error severity."""
        return not any(i.severity == "error" for i in self._issues)

    @property
    def length_unit(self) -> LengthUnit:
        """What the decoded text's lengths counted (characters unless a warning says so)."""
        return self._unit

    @property
    def schemes(self) -> tuple[str, ...]:
        """Ids of every scheme profile recognised in the payload, in template order."""
        return self._schemes

    def get(self, path: str | tuple[str, ...]) -> DataObject | None:
        """The data object at a tag or tag path (``"54"``, ``("62", "05")``), or ``None``."""
        if isinstance(path, str):
            return self._index.get(path)
        obj = self._index.get(path[0]) if path else None
        for tag in path[1:]:
            if obj is None or obj.children is None:
                return None
            obj = obj.child(tag)
        return obj

    def value(self, path: str | tuple[str, ...]) -> str | None:
        """The raw value at a tag or tag path, or ``None``."""
        obj = self.get(path)
        return None if obj is None else obj.value

    def __contains__(self, path: object) -> bool:
        if isinstance(path, str | tuple):
            return self.get(path) is not None
        return False

    def __iter__(self) -> Iterator[DataObject]:
        return iter(self._objects)

    def walk(self) -> Iterator[DataObject]:
        """Every data object, depth first, in text order."""
        stack = list(reversed(self._objects))
        while stack:
            obj = stack.pop()
            yield obj
            if obj.children:
                stack.extend(reversed(obj.children))

    # -- typed fields (EMVCo MPM Table 3.6) -------------------------------------------

    @property
    def payload_format(self) -> str | None:
        """ID 00, Payload Format Indicator ("01" in EMVCo MPM v1.0 and v1.1)."""
        return self.value("00")

    @property
    def initiation(self) -> PointOfInitiation | None:
        """ID 01, Point of Initiation Method."""
        raw = self.value("01")
        return None if raw is None else PointOfInitiation(raw)

    @property
    def is_dynamic(self) -> bool:
        return self.value("01") == "12"

    @property
    def is_static(self) -> bool:
        return self.value("01") == "11"

    @property
    def merchant_accounts(self) -> tuple[MerchantAccount, ...]:
        """IDs 02-51 in text order, each with the scheme that recognised it (if any)."""
        cached = self._cache.get("accounts")
        if cached is None:
            account_scheme = HOOKS.account_scheme
            cached = tuple(
                MerchantAccount(o.tag, o.value, o.offset, o.path, o.children, account_scheme(o, self))
                for o in self._objects
                if "02" <= o.tag <= "51"
            )
            self._cache["accounts"] = cached
        return cached

    def merchant_account(self, tag_or_scheme: str) -> MerchantAccount | None:
        """The account at a tag (``"29"``) or the first recognised by a scheme id."""
        for account in self.merchant_accounts:
            if tag_or_scheme in (account.tag, account.scheme):
                return account
        return None

    @property
    def merchant_category_code(self) -> str | None:
        """ID 52 (ISO 18245)."""
        return self.value("52")

    @property
    def currency_code(self) -> str | None:
        """ID 53 as written (ISO 4217 numeric)."""
        return self.value("53")

    @property
    def currency(self) -> iso.Currency | None:
        """ID 53 looked up in the bundled ISO 4217 table (``None`` if absent or unknown)."""
        code = self.value("53")
        if code is None or not (code.isdigit() or (code.isalpha() and code.isupper())):
            return None
        # an alphabetic code (MMK, a deviation: currency_alphabetic) is looked up too
        return iso.currency(code)

    @property
    def amount(self) -> Decimal | None:
        """ID 54 as a ``Decimal`` (``None`` if absent or not in EMVCo syntax)."""
        raw = self.value("54")
        return None if raw is None else parse_amount(raw)

    @property
    def convenience_fee(self) -> ConvenienceFee | None:
        """IDs 55-57 (``None`` when 55 is absent)."""
        indicator = self.value("55")
        if indicator is None:
            return None
        fixed, percentage = self.value("56"), self.value("57")
        return ConvenienceFee(
            indicator,
            None if fixed is None else parse_amount(fixed),
            None if percentage is None else parse_amount(percentage),
        )

    @property
    def country_code(self) -> str | None:
        """ID 58 (ISO 3166-1 alpha-2)."""
        return self.value("58")

    @property
    def merchant_name(self) -> str | None:
        """ID 59."""
        return self.value("59")

    @property
    def merchant_city(self) -> str | None:
        """ID 60."""
        return self.value("60")

    @property
    def postal_code(self) -> str | None:
        """ID 61."""
        return self.value("61")

    @property
    def additional_data(self) -> AdditionalData | None:
        """ID 62 (``None`` when absent or not parsable as a template)."""
        obj = self._index.get("62")
        if obj is None or obj.children is None:
            return None
        return AdditionalData(obj.children)

    @property
    def language(self) -> LanguageTemplate | None:
        """ID 64 (``None`` when absent or not parsable as a template)."""
        obj = self._index.get("64")
        if obj is None or obj.children is None:
            return None
        values = {c.tag: c.value for c in reversed(obj.children)}
        return LanguageTemplate(values.get("00"), values.get("01"), values.get("02"), obj.children)

    @property
    def rfu_objects(self) -> tuple[DataObject, ...]:
        """IDs 65-79, reserved for EMVCo (kept as found; readers ignore them)."""
        return tuple(o for o in self._objects if "65" <= o.tag <= "79")

    @property
    def unreserved_templates(self) -> tuple[Template, ...]:
        """IDs 80-99."""
        return tuple(Template.from_object(o) for o in self._objects if o.tag >= "80")

    def unreserved_template(self, tag: str) -> Template | None:
        obj = self._index.get(tag)
        return None if obj is None else Template.from_object(obj)

    @property
    def crc(self) -> str | None:
        """ID 63 as written: the last data object (verified on decode; kept as written by
        ``to_text``), even when a stray 63 comes earlier (a ``duplicate_tag`` error)."""
        objects = self._objects
        if objects and objects[-1][0] == "63":
            return objects[-1][1]
        return self.value("63")

    # -- scheme-specific views ----------------------------------------------------------

    def view(self, scheme: str) -> Any:
        """The typed view a scheme profile gives of this payload (see qrpay.schemes)."""
        return HOOKS.view(self, scheme)

    # -- output ---------------------------------------------------------------------------

    def to_text(self) -> str:
        """The payload text, ending with its CRC (EMVCo MPM 4.7.3).

        For a decoded payload this is exactly the decoded text: lengths are written in
        the unit the text used, and a CRC written in lower case or with three digits is
        kept as written when it is right (docs/adr/0003). Otherwise the CRC is computed
        afresh, as four upper-case hex digits.
        """
        objects = self._objects
        written = field = None
        if objects and objects[-1][0] == "63":
            written = objects[-1][1]
            objects = objects[:-1]
            if len(written) == 3:  # 6304B8B or 6303B8B: the decoder's warning says which
                issues: tuple[Issue, ...] = getattr(self, "_issues", ())  # unset while decoding
                field = next((i.ctx.get("field") for i in issues if i.code == "crc_three_digits"), None)
        body = serialize(objects, self._unit) + _crc.CRC_PREFIX
        return _crc.seal(body, written, field)

    def __str__(self) -> str:
        return self.to_text()

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary of the typed fields (the CLI's ``fields`` object)."""
        return HOOKS.summary(self)

    # -- edits ------------------------------------------------------------------------------

    def replace(self, **changes: FieldValue) -> Payload:
        """A new payload with fields changed (``None`` removes one) and a fresh CRC.

        Keywords are the builder's (see :func:`qrpay.build`): ``amount=``,
        ``initiation=``, ``merchant_name=``, ``additional_data=``, ... Objects that are
        not changed keep their position; added ones go to their canonical place. The
        result is validated like a new build and raises
        :class:`~qrpay.errors.InvalidRequest` if it breaks a rule.
        """
        return HOOKS.edit(self, changes)

    def with_amount(self, amount: object, *, dynamic: bool = True, amount_style: str = "fixed") -> Payload:
        """Set the amount; by default also mark the code dynamic (ID 01 = "12").

        ``amount_style`` is the builder's: ``"fixed"`` writes the currency's minor units
        (``2500.00``), ``"minimal"`` the amount as given (``2500``, as QRIS tools do).
        """
        if not isinstance(dynamic, bool):
            from .amount import shown
            from .errors import InvalidRequest

            raise InvalidRequest(
                f"dynamic: expected bool, got {type(dynamic).__name__} {shown(dynamic)} "
                "(Payload.with_amount)",
                code="value_type",
                path=("01",),
                ctx={"keyword": "dynamic", "expected": "bool", "actual": type(dynamic).__name__},
            )
        changes: dict[str, Any] = {"amount": amount, "amount_style": amount_style}
        if dynamic:
            changes["initiation"] = "dynamic"
        return self.replace(**changes)

    def with_value(self, path: str | tuple[str, ...], value: str | None) -> Payload:
        """A new payload with the raw value at ``path`` set (or removed with ``None``)."""
        return HOOKS.edit_path(self, (path,) if isinstance(path, str) else path, value)

    def without(self, path: str | tuple[str, ...]) -> Payload:
        """A new payload without the data object at ``path``."""
        return self.with_value(path, None)

    def expires_at(self) -> datetime | None:
        """The expiry a recognised scheme reads from the payload, if any."""
        return HOOKS.expiry(self)


def _from_state(
    objects: tuple[DataObject, ...],
    issues: tuple[Issue, ...],
    unit: str,
    schemes: tuple[str, ...],
) -> Payload:
    return Payload(objects, issues=issues, length_unit=LengthUnit(unit), schemes=schemes)
