"""EMVCo MPM v1.1 validation rules: every rule becomes an :class:`~qrpay.errors.Issue`.

Section numbers are those of EMVCo MPM v1.1 (November 2020). Codes are stable and
documented in docs/errors.md. Deviations that are common in real, paid codes are
warnings here; scheme profiles drop the ones their scheme allows.

The checks are written for speed on the common case (a clean ASCII payload raises no
issue): each root object costs a dict lookup and a few length/str-method tests, and the
character-set checks are skipped when the whole text is printable ASCII.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from . import iso
from .amount import AMOUNT_PATTERN, decimals_of
from .emvco import ADDITIONAL_DATA, GUID, LANGUAGE_TEMPLATE, ROOT, FieldSpec, Format
from .errors import Issue, Severity
from .tlv import DataObject

__all__ = ["KNOWN_FORMAT_DEVIATIONS", "KNOWN_INITIATION_DEVIATIONS", "check_objects", "is_plain"]

#: Payload Format Indicator values seen in CRC-valid published codes (emv-and-schemes.md
#: section 0): "02" is DuitNow's official version (PayNet DuitNow QR MPM V1.5, relaxed by
#: the duitnow profile); "00" appears in one published VietQR sample (a library README) and
#: is reported for SGQR by one library, unconfirmed - a warning, relaxed by no profile.
KNOWN_FORMAT_DEVIATIONS = {
    "02": "DuitNow (PayNet) version 02",
    "00": "seen in one published VietQR sample",
}

#: Point of Initiation values defined by Thai QR and Bharat QR: BLE 21/22, NFC 31/32.
KNOWN_INITIATION_DEVIATIONS = {"21", "22", "31", "32"}

#: Root IDs EMVCo makes mandatory (Table 3.6) whose absence is common in real codes:
#: person-to-person PromptPay, LAOQR and VietQR omit 52, 59 and 60.
SOFT_MANDATORY = frozenset({"52", "59", "60"})

#: Mandatory root IDs, 63 excepted (its absence is a CRCError, raised before validation).
MANDATORY_ROOT = ("00", "52", "53", "58", "59", "60")

_REVERSE_DOMAIN = re.compile(r"[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)+")
_HEX = re.compile(r"[0-9A-Fa-f]+")
_LETTERS2 = re.compile(r"[A-Za-z]{2}")

# tag -> (max length, fixed length?, numeric?) for the hot loop
_ROOT_LIMITS: dict[str, tuple[int, bool, bool]] = {
    tag: (spec.max_length, spec.fixed, spec.format is Format.N) for tag, spec in ROOT.items()
}


def is_plain(text: str) -> bool:
    """True if every character is printable ASCII (the EMVCo common character set)."""
    return text.isascii() and text.isprintable()


def _issue(
    code: str,
    obj: DataObject | None,
    message: str,
    severity: Severity = "error",
    path: tuple[str, ...] | None = None,
    **ctx: Any,
) -> Issue:
    if obj is not None:
        where = obj.path
        offset: int | None = obj.offset if obj.offset >= 0 else None
    else:
        where = path or ()
        offset = None
    return Issue(code, where, offset, message, severity, None, ctx)


def _label(obj: DataObject, spec: FieldSpec | None = None) -> str:
    name = f" ({spec.name})" if spec is not None else ""
    return f"tag {'.'.join(obj.path)}{name}"


# -- values --------------------------------------------------------------------------------


def check_value(obj: DataObject, spec: FieldSpec, out: list[Issue], plain: bool) -> None:
    """Length (4.4.1.2, Tables 3.6-3.8) and format (4.5.1-4.5.3) of one value."""
    value = obj.value
    size = len(value)
    label = _label(obj, spec)
    if size == 0:
        out.append(_issue("value_empty", obj, f"{label} is empty; lengths run 01-99 (EMVCo MPM 4.4.1.2)"))
        return
    if spec.fixed and size != spec.max_length:
        out.append(
            _issue(
                "value_length",
                obj,
                f"{label} is {value!r} ({size} characters); it must have exactly "
                f"{spec.max_length} (EMVCo MPM Table 3.6)",
                expected=spec.max_length,
                actual=size,
            )
        )
    elif size > spec.max_length:
        out.append(
            _issue(
                "value_too_long",
                obj,
                f"{label} is {value!r} ({size} characters); at most {spec.max_length} are "
                "allowed (EMVCo MPM Tables 3.6-3.8)",
                max_length=spec.max_length,
                actual=size,
            )
        )
    check_format(obj, spec.format, out, plain, label)


def check_format(obj: DataObject, fmt: Format, out: list[Issue], plain: bool, label: str) -> None:
    value = obj.value
    if fmt is Format.N:
        if not (value.isdigit() and value.isascii()):
            out.append(
                _issue(
                    "not_numeric",
                    obj,
                    f"{label} is {value!r}; format N allows only digits 0-9 (EMVCo MPM 4.5.1.1)",
                    actual=value,
                )
            )
        return
    if plain:
        return
    if fmt is Format.ANS:
        if not is_plain(value):
            bad = next(ch for ch in value if not (ch.isascii() and ch.isprintable()))
            out.append(
                _issue(
                    "invalid_character",
                    obj,
                    f"{label} is {value!r}; {bad!r} (U+{ord(bad):04X}) is outside the EMVCo common "
                    "character set, format ans (EMVCo MPM 4.5.2.1); non-Latin names belong in the "
                    "language template 64",
                    character=bad,
                )
            )
            check_display(obj, out, label)
        return
    check_string(obj, out, label)


def check_string(obj: DataObject, out: list[Issue], label: str) -> None:
    """Format S (4.5.3.1): Unicode characters, precomposed; no control characters."""
    value = obj.value
    if value.isascii():
        if not value.isprintable():
            bad = next(ch for ch in value if not ch.isprintable())
            out.append(
                _issue(
                    "invalid_character",
                    obj,
                    f"{label} contains control character U+{ord(bad):04X}",
                    character=bad,
                )
            )
        return
    # isprintable() is False for every control, surrogate, private-use and unassigned
    # character (and for some legitimate ones, such as format characters): only then look
    # at the categories one by one.
    for ch in () if value.isprintable() else value:
        category = unicodedata.category(ch)
        if category in ("Cc", "Cs", "Cn", "Co"):
            out.append(
                _issue(
                    "invalid_character",
                    obj,
                    f"{label} contains U+{ord(ch):04X} "
                    f"({'control' if category == 'Cc' else 'not a character'}); "
                    "format S allows Unicode characters only (EMVCo MPM 4.5.3.1)",
                    character=ch,
                )
            )
            return
    check_display(obj, out, label)
    if not unicodedata.is_normalized("NFC", value):
        out.append(
            _issue(
                "not_precomposed",
                obj,
                f"{label} is {value!r}, which is not in precomposed (NFC) form; EMVCo MPM 1.4.3 and "
                "4.5.3.1 ask for precomposed characters so that lengths agree across platforms",
                "warning",
            )
        )


_DISPLAY_RULES = {
    "bidi": (
        "bidi_control",
        "a directional formatting character, which reorders how the text after it displays "
        "(Unicode TR #36 section 2.1; text shown to a payer must display as it is stored)",
    ),
    "invisible": (
        "invisible_character",
        "an invisible character, which hides inside the text it is shown with (Unicode TR #36 "
        "section 2.2, UTS #39 section 3.1)",
    ),
    "line_separator": (
        "line_separator",
        "a line or paragraph separator, which breaks the line it is shown on (EMVCo MPM 4.5.3.1 "
        "allows no control characters; Unicode TR #36 section 2.2)",
    ),
}


def check_display(obj: DataObject, out: list[Issue], label: str) -> None:
    """Text that displays other than it reads (Unicode TR #36, UTS #39; docs/security.md).

    Bidi controls, invisible characters and line separators are errors: a payer shown a
    name must see what the payload holds. A word that mixes scripts (Latin with a
    Cyrillic letter) is a warning: real names rarely do it, spoofed ones often do.
    """
    # imported here: only text that is not printable ASCII gets this far, and import qrpay
    # stays fast without the Unicode tables' module (issue 11)
    from .text import for_display, mixed_script_words, unsafe_characters

    value = obj.value
    reported: set[str] = set()
    for found in unsafe_characters(value):
        rule = _DISPLAY_RULES.get(found.kind)
        if rule is None or found.kind in reported:
            continue  # controls and non-characters are invalid_character (check_string)
        reported.add(found.kind)
        code, what = rule
        count = sum(1 for u in unsafe_characters(value) if u.kind == found.kind)
        out.append(
            _issue(
                code,
                obj,
                f"{label} is '{for_display(value)}': character {found.offset} is {found.codepoint} "
                f"({found.name}), {what}" + (f"; {count} such characters in all" if count > 1 else ""),
                character=found.character,
                character_offset=found.offset,
                count=count,
            )
        )
    for word in mixed_script_words(value):
        out.append(
            _issue(
                "mixed_script",
                obj,
                f"{label} is '{for_display(value)}': the word '{for_display(word.word)}' mixes "
                f"{' and '.join(word.scripts)} letters, the mark of a look-alike name (UTS #39 "
                "section 5.1, Highly Restrictive)",
                "warning",
                word=word.word,
                scripts=list(word.scripts),
                character_offset=word.offset,
            )
        )
        break  # one warning per value is enough to make a reader look


# -- templates ------------------------------------------------------------------------------


def check_guid_template(obj: DataObject, out: list[Issue], plain: bool, kind: str) -> None:
    """Sub-ID 00 GUID of templates 26-51 (4.7.11.2), 62/50-99 (4.8.1.5), 80-99 (4.11.1.2)."""
    children = obj.children
    if children is None:
        return
    check_duplicates(children, out)
    guid = None
    for child in children:
        if child.tag == "00":
            if guid is None:
                guid = child
                check_value(child, GUID, out, plain)
        elif not child.value:
            out.append(
                _issue(
                    "value_empty", child, f"{_label(child)} is empty; lengths run 01-99 (EMVCo MPM 4.4.1.2)"
                )
            )
        elif not plain:
            check_string(child, out, _label(child))
    if guid is None:
        out.append(
            _issue(
                "guid_missing",
                obj,
                f"{kind} {'.'.join(obj.path)} has no sub-ID 00 (Globally Unique Identifier), "
                "which EMVCo MPM 4.7.11.2 / 4.8.1.5 / 4.11.1.2 make mandatory",
            )
        )
        return
    value = guid.value
    if value and not _guid_ok(value):
        out.append(
            _issue(
                "guid_format",
                guid,
                f"sub-ID 00 of {'.'.join(obj.path)} is {value!r}, which is not an AID (RID + PIX in hex), "
                "a 32-digit hex UUID or a reverse domain name (EMVCo MPM 4.7.11.2)",
                "warning",
                actual=value,
            )
        )


def _looks_like_guid(value: str) -> bool:
    if _HEX.fullmatch(value):
        # AID: RID (5 bytes) + optional PIX (up to 11 bytes), in hex; or a 32-hex UUID.
        return len(value) % 2 == 0 and 10 <= len(value) <= 32
    return _REVERSE_DOMAIN.fullmatch(value) is not None


def check_duplicates(objects: Iterable[DataObject], out: list[Issue]) -> None:
    """4.3.1.2: one occurrence of an ID under the root and within each template."""
    seen: set[str] = set()
    for obj in objects:
        if obj.tag in seen:
            where = "template " + ".".join(obj.path[:-1]) if len(obj.path) > 1 else "the root"
            out.append(
                _issue(
                    "duplicate_tag",
                    obj,
                    f"tag {obj.tag} occurs more than once in {where} (EMVCo MPM 4.3.1.2)",
                )
            )
        seen.add(obj.tag)


def check_additional_data(obj: DataObject, out: list[Issue], plain: bool) -> None:
    """ID 62: EMVCo MPM 4.8 and Table 3.7."""
    children = obj.children
    if children is None:
        return
    if not children:
        out.append(
            _issue(
                "template_empty",
                obj,
                "template 62 is empty; if present it must hold at least one "
                "data object (EMVCo MPM 4.8.1.1, lengths 01-99 per 4.4.1.2)",
            )
        )
        return
    check_duplicates(children, out)
    for child in children:
        tag = child.tag
        spec = ADDITIONAL_DATA.get(tag)
        if spec is not None:
            if tag <= "08" and child.value == "***":
                continue  # 4.8.1.2 prompt
            check_value(child, spec, out, plain)
            if tag == "09":
                _check_consumer_data_request(child, out)
            elif tag == "11" and len(child.value) == 3:
                _check_merchant_channel(child, out)
        elif tag == "00":
            out.append(
                _issue(
                    "unallocated_tag",
                    child,
                    "ID 00 inside template 62 is not allocated by EMVCo (Table 3.7 starts at 01); "
                    "QR Ph and LankaQR use it for a GUID",
                    "warning",
                )
            )
        elif tag < "50":
            out.append(
                _issue(
                    "rfu_tag",
                    child,
                    f"ID {tag} inside template 62 is RFU for EMVCo (Table 4.3); readers ignore it and "
                    "generators must not emit it (EMVCo MPM 1.4.4, 4.5.4.1)",
                    "warning",
                )
            )
        else:
            check_guid_template(child, out, plain, "payment system specific template")


def _check_consumer_data_request(obj: DataObject, out: list[Issue]) -> None:
    value = obj.value
    bad = [ch for ch in value if ch not in "AME"]
    if bad or len(set(value)) != len(value):
        out.append(
            _issue(
                "consumer_data_request",
                obj,
                f"tag 62.09 is {value!r}; it may hold only the letters A, M and E, each at most once "
                "(EMVCo MPM 4.8.1.3)",
                actual=value,
            )
        )


def _check_merchant_channel(obj: DataObject, out: list[Issue]) -> None:
    value = obj.value
    media, location, presence = value[0], value[1], value[2]
    wrong = []
    if media not in "01234567":
        wrong.append(f"media {media!r} (Table 4.5: 0-7)")
    if location not in "0123":
        wrong.append(f"location {location!r} (Table 4.6: 0-3)")
    if presence not in "0123":
        wrong.append(f"presence {presence!r} (Table 4.7: 0-3)")
    if wrong:
        out.append(
            _issue(
                "merchant_channel_value",
                obj,
                f"tag 62.11 is {value!r}: " + ", ".join(wrong) + " are RFU (EMVCo MPM 4.8.1.6)",
                actual=value,
            )
        )


def check_language_template(obj: DataObject, out: list[Issue], plain: bool) -> None:
    """ID 64: EMVCo MPM 4.9 and Table 3.8."""
    children = obj.children
    if children is None:
        return
    check_duplicates(children, out)
    present = set()
    for child in children:
        spec = LANGUAGE_TEMPLATE.get(child.tag)
        present.add(child.tag)
        if spec is None:
            out.append(
                _issue(
                    "rfu_tag",
                    child,
                    f"ID {child.tag} inside template 64 is RFU for EMVCo (EMVCo MPM 4.9.1.1)",
                    "warning",
                )
            )
            continue
        check_value(child, spec, out, plain)
        if child.tag == "00" and len(child.value) == 2:
            code = child.value
            if not _LETTERS2.fullmatch(code):
                out.append(
                    _issue(
                        "language_code",
                        child,
                        f"tag 64.00 is {code!r}; it must be 2 letters of ISO 639 (EMVCo MPM 4.9.2.1)",
                        actual=code,
                    )
                )
            elif not iso.is_language(code):
                out.append(
                    _issue(
                        "language_code",
                        child,
                        f"tag 64.00 is {code!r}, which is not an ISO 639-1 language code (EMVCo MPM 4.9.2.1)",
                        actual=code,
                    )
                )
    for tag in ("00", "01"):
        if tag not in present:
            name = LANGUAGE_TEMPLATE[tag].name
            out.append(
                _issue(
                    "missing_field",
                    None,
                    f"template 64 has no ID {tag} ({name}), which EMVCo MPM 4.9.1.1 makes mandatory",
                    path=("64", tag),
                )
            )


# -- amounts ---------------------------------------------------------------------------------


def _check_amount(obj: DataObject, minor_units: int | None, out: list[Issue], name: str) -> None:
    """54 and 56: EMVCo MPM 4.7.4.1 / 4.7.7.2-3."""
    value = obj.value
    if not AMOUNT_PATTERN.fullmatch(value):
        out.append(
            _issue(
                "amount_format",
                obj,
                f"{name} {value!r} must be digits with at most one '.' as decimal mark, nothing else "
                "(EMVCo MPM 4.7.4.1)",
                actual=value,
            )
        )
        return
    if value.strip("0.") == "":
        out.append(
            _issue(
                "amount_zero",
                obj,
                f"{name} {value!r} is zero; it must differ from zero (EMVCo MPM 4.7.4.1)",
                actual=value,
            )
        )
        return
    if minor_units is not None:
        places = decimals_of(value)
        if places > minor_units:
            out.append(
                _issue(
                    "amount_precision",
                    obj,
                    f"{name} {value!r} has {places} decimals but the currency has {minor_units} minor "
                    "units (ISO 4217; EMVCo MPM 4.7.4.1)",
                    actual=places,
                    minor_units=minor_units,
                )
            )


# -- fast screens ------------------------------------------------------------------------------
# Each screen answers, in one tight loop, "can anything be wrong here?" for a template of a
# printable-ASCII payload. Only a "maybe" runs the detailed checks that build messages, so a
# clean payload costs a few comparisons per data object.

_MANDATORY_SET = frozenset(MANDATORY_ROOT)
_ACCOUNT_TAGS = frozenset(f"{n:02d}" for n in range(2, 52))
_AD_LIMITS = {tag: spec.max_length for tag, spec in ADDITIONAL_DATA.items() if tag not in ("09", "11")}
_GUID_VERDICTS: dict[str, bool] = {}


def _guid_ok(guid: str) -> bool:
    verdict = _GUID_VERDICTS.get(guid)
    if verdict is None:
        verdict = _looks_like_guid(guid)
        if len(_GUID_VERDICTS) < 4096:  # GUIDs are few (one per network); bound it anyway
            _GUID_VERDICTS[guid] = verdict
    return verdict


def _template_clean(children: tuple[DataObject, ...]) -> bool:
    """A GUID template with a well-shaped GUID first, ascending (so unique) non-empty IDs."""
    if not children:
        return False
    first = children[0]
    guid = first[1]
    if first[0] != "00" or not 0 < len(guid) <= 32 or not _guid_ok(guid):
        return False
    previous = "00"
    # after the GUID: strictly ascending IDs, so a second 00 (or any repeat) is flagged
    for child in children[1:]:
        tag = child[0]
        if tag <= previous or not child[1]:
            return False
        previous = tag
    return True


def _additional_clean(children: tuple[DataObject, ...]) -> bool:
    if not children:
        return False
    previous = ""
    for child in children:
        tag = child[0]
        if tag <= previous:
            return False
        previous = tag
        limit = _AD_LIMITS.get(tag)
        if limit is None:
            grandchildren = child[4]
            if tag >= "50" and grandchildren is not None and _template_clean(grandchildren):
                continue
            return False  # 00, 09, 11, RFU or a malformed 50-99: the detailed checks decide
        size = len(child[1])
        if size == 0 or size > limit:
            return False
    return True


# -- root --------------------------------------------------------------------------------------


def check_object(obj: DataObject, out: list[Issue], plain: bool) -> None:
    """The rules of one root data object (its own value and, for a template, its children)."""
    tag, value = obj[0], obj[1]
    spec = ROOT.get(tag)
    if spec is not None:
        if tag == "62":
            if value == "" or obj[4] is not None:
                check_additional_data(obj, out, plain)
        elif tag == "64":
            check_language_template(obj, out, plain)
        elif tag == "53" and _alphabetic_currency(obj, out):
            pass
        else:
            check_value(obj, spec, out, plain)
    elif tag <= "51":
        if tag >= "26" and value:
            check_guid_template(obj, out, plain, "merchant account template")
        else:
            check_value(obj, _ACCOUNT_SPEC, out, plain)
    elif tag >= "80":
        if value:
            check_guid_template(obj, out, plain, "unreserved template")
        else:
            check_value(obj, _UNRESERVED_SPEC, out, plain)
    else:  # 65-79
        out.append(
            _issue(
                "rfu_tag",
                obj,
                f"ID {tag} is RFU for EMVCo (Table 3.6); readers ignore it and generators must "
                "not emit it (EMVCo MPM 1.4.4, 4.5.4.1)",
                "warning",
            )
        )
        if value == "" or not plain:
            check_value(obj, _RFU_SPEC, out, plain)


def _alphabetic_currency(obj: DataObject, out: list[Issue]) -> bool:
    """53 written as an ISO 4217 alphabetic code (``MMK``) instead of the numeric one.

    EMVCo MPM 4.7.5.1 asks for the numeric code (format N, 3 digits). An MMQR-branded
    Myanmar code writes ``MMK`` (reference notes, world-schemes.md section 8): only seen,
    so a warning (``currency_alphabetic``) instead of ``not_numeric``, and the amount
    rules use that currency's minor units. Anything else that is not digits stays
    ``not_numeric``. True if ``obj`` was such a code and is reported.
    """
    value = obj.value
    if len(value) != 3 or not (value.isascii() and value.isalpha() and value.isupper()):
        return False
    found = iso.currency(value)
    if found is None:
        return False
    out.append(
        _issue(
            "currency_alphabetic",
            obj,
            f"tag 53 (Transaction Currency) is {value!r}, the ISO 4217 alphabetic code of "
            f"{found.name}; EMVCo MPM 4.7.5.1 asks for the numeric code {found.numeric!r} "
            "(a builder writes that)",
            "warning",
            actual=value,
            expected=found.numeric,
        )
    )
    return True


def screen(obj: DataObject) -> bool:
    """True if a root object of a printable-ASCII payload needs :func:`check_object`.

    The cheap pre-check behind decode's speed: a clean object costs a lookup and a few
    comparisons; anything that might break a rule gets the full, message-building check.
    """
    tag = obj[0]
    limit = _ROOT_LIMITS.get(tag)
    if limit is not None:
        if tag == "62":
            kids = obj[4]
            return kids is None or not _additional_clean(kids)
        if tag == "64":
            return True
        size = len(obj[1])
        return (
            size == 0
            or size > limit[0]
            or (limit[1] and size != limit[0])
            or (limit[2] and not obj[1].isdigit())
        )
    if "26" <= tag <= "51" or tag >= "80":
        kids = obj[4]
        return kids is None or not _template_clean(kids)
    if tag <= "25":
        return not obj[1]
    return True  # 65-79: RFU is always reported


def check_objects(
    root: tuple[DataObject, ...],
    index: dict[str, DataObject],
    text: str,
) -> list[Issue]:
    """Every EMVCo MPM v1.1 rule over a parsed payload (templates already expanded).

    ``index`` maps each root tag to its first occurrence; ``text`` is the payload text.
    This is the one implementation decode and the builders use: an object whose value is
    printable ASCII gets the detailed checks only if :func:`screen` flags it (the
    character-set checks cannot find anything in it); any other value gets them all.
    """
    out: list[Issue] = []
    check = check_object
    if text.isascii() and text.isprintable():
        for obj in root:
            if screen(obj):
                check(obj, out, True)
    else:
        for obj in root:
            value = obj[1]
            if not (value.isascii() and value.isprintable()):
                check(obj, out, False)
            elif screen(obj):
                check(obj, out, True)
    check_payload(root, index, len(text), out)
    return out


def check_payload(
    root: tuple[DataObject, ...],
    index: dict[str, DataObject],
    text_length: int,
    out: list[Issue],
) -> None:
    """The rules across data objects: order, presence, duplicates, values that need the
    currency, and the payload length."""
    duplicates = len(index) != len(root)
    first = root[0] if root else None
    if first is not None and first.tag != "00":
        out.append(
            _issue(
                "payload_format_not_first",
                first,
                f"the first data object is tag {first.tag}; the Payload Format Indicator (ID 00) must "
                "come first (EMVCo MPM 4.6.1.1)",
            )
        )
    if duplicates:
        check_duplicates(root, out)
    if index.keys().isdisjoint(_ACCOUNT_TAGS):
        out.append(
            _issue(
                "no_merchant_account",
                None,
                "no Merchant Account Information (IDs 02-51); at least one is required (EMVCo MPM 4.7.9.1)",
            )
        )
    for tag in () if index.keys() >= _MANDATORY_SET else MANDATORY_ROOT:
        if tag not in index:
            soft = tag in SOFT_MANDATORY
            out.append(
                _issue(
                    "missing_field",
                    None,
                    f"no tag {tag} ({ROOT[tag].name}); EMVCo MPM Table 3.6 makes it mandatory"
                    + ("; common in person-to-person codes" if soft else ""),
                    "warning" if soft else "error",
                    path=(tag,),
                )
            )

    pfi = index.get("00")
    if pfi is not None and pfi.value != "01" and len(pfi.value) == 2 and pfi.value.isdigit():
        known = KNOWN_FORMAT_DEVIATIONS.get(pfi.value)
        out.append(
            _issue(
                "payload_format_value",
                pfi,
                f'Payload Format Indicator is {pfi.value!r}; EMVCo MPM 4.7.1.1 requires "01"'
                + (f" ({known})" if known else ", other values are RFU"),
                "warning" if known else "error",
                actual=pfi.value,
            )
        )

    poi = index.get("01")
    if poi is not None and poi.value not in ("11", "12") and len(poi.value) == 2 and poi.value.isdigit():
        known_poi = poi.value in KNOWN_INITIATION_DEVIATIONS
        out.append(
            _issue(
                "initiation_value",
                poi,
                f'Point of Initiation Method is {poi.value!r}; EMVCo MPM 4.7.2.1 allows "11" (static) '
                'or "12" (dynamic)'
                + ("; Thai QR and Bharat QR use 21/22 (BLE) and 31/32 (NFC)" if known_poi else ""),
                "warning" if known_poi else "error",
                actual=poi.value,
            )
        )

    minor_units: int | None = None
    cur = index.get("53")
    if cur is not None and len(cur.value) == 3 and cur.value.isalpha() and cur.value.isupper():
        alphabetic = iso.currency(cur.value)  # MMK: currency_alphabetic, a warning
        minor_units = None if alphabetic is None else alphabetic.minor_units
    elif cur is not None and len(cur.value) == 3 and cur.value.isdigit() and cur.value.isascii():
        currency = iso.currency_by_numeric(cur.value)
        if currency is None:
            out.append(
                _issue(
                    "currency_unknown",
                    cur,
                    f"currency {cur.value!r} is not an ISO 4217 numeric code in qrpay's table "
                    f"({iso.data_source('iso4217')}); EMVCo MPM 4.7.5.1",
                    actual=cur.value,
                )
            )
        else:
            minor_units = currency.minor_units

    amount = index.get("54")
    if amount is not None and amount.value:
        _check_amount(amount, minor_units, out, "transaction amount (54)")

    if "55" in index or "56" in index or "57" in index:
        _check_tip(index, minor_units, out)

    country = index.get("58")
    if country is not None and len(country.value) == 2 and country.value not in iso.country_codes():
        out.append(
            _issue(
                "country_unknown",
                country,
                f"country code {country.value!r} is not an ISO 3166-1 alpha-2 code "
                "(upper case; EMVCo MPM 4.7.13.1)",
                actual=country.value,
            )
        )

    if text_length > 512:
        out.append(
            _issue(
                "payload_length",
                None,
                f"the payload has {text_length} characters; EMVCo MPM 4.1 says it should not exceed 512",
                "warning",
                actual=text_length,
            )
        )


def _check_tip(index: dict[str, DataObject], minor_units: int | None, out: list[Issue]) -> None:
    """55-57: EMVCo MPM 4.7.6-4.7.8."""
    tip = index.get("55")
    indicator = None if tip is None else tip.value
    fixed = index.get("56")
    percentage = index.get("57")
    if tip is not None and indicator not in ("01", "02", "03") and len(tip.value) == 2:
        out.append(
            _issue(
                "tip_indicator_value",
                tip,
                f"Tip or Convenience Indicator is {indicator!r}; EMVCo MPM 4.7.6.1 allows 01 (prompt), "
                "02 (fixed fee in 56) or 03 (percentage in 57)",
                actual=indicator,
            )
        )
    if indicator == "02" and fixed is None:
        out.append(
            _issue(
                "missing_field",
                None,
                'tag 55 is "02" (fixed convenience fee) but tag 56 is absent (EMVCo MPM 4.7.7.1)',
                path=("56",),
            )
        )
    if indicator == "03" and percentage is None:
        out.append(
            _issue(
                "missing_field",
                None,
                'tag 55 is "03" (percentage convenience fee) but tag 57 is absent (EMVCo MPM 4.7.8.1)',
                path=("57",),
            )
        )
    if fixed is not None:
        if indicator != "02":
            out.append(
                _issue(
                    "unexpected_field",
                    fixed,
                    'tag 56 (fixed convenience fee) must be absent unless tag 55 is "02" (EMVCo MPM 4.7.7.1)',
                )
            )
        if fixed.value:
            _check_amount(fixed, minor_units, out, "convenience fee (56)")
    if percentage is not None:
        if indicator != "03":
            out.append(
                _issue(
                    "unexpected_field",
                    percentage,
                    "tag 57 (percentage convenience fee) must be "
                    'absent unless tag 55 is "03" (EMVCo MPM 4.7.8.1)',
                )
            )
        value = percentage.value
        if value:
            if not AMOUNT_PATTERN.fullmatch(value):
                out.append(
                    _issue(
                        "amount_format",
                        percentage,
                        f"convenience fee percentage (57) {value!r} must be "
                        "digits with at most one '.', no '%' (EMVCo MPM 4.7.8.2-3)",
                        actual=value,
                    )
                )
            else:
                from decimal import Decimal

                number = Decimal(value.removesuffix(".") or "0")
                if not Decimal("0.01") <= number <= Decimal("99.99"):
                    out.append(
                        _issue(
                            "fee_percentage_range",
                            percentage,
                            f"convenience fee percentage (57) "
                            f"{value!r} must be between 00.01 and 99.99 (EMVCo MPM 4.7.8.1)",
                            actual=value,
                        )
                    )


_ACCOUNT_SPEC = FieldSpec("02", "Merchant Account Information", Format.ANS, 99, ROOT["00"].presence)
_UNRESERVED_SPEC = FieldSpec("80", "Unreserved Template", Format.S, 99, ROOT["00"].presence)
_RFU_SPEC = FieldSpec("65", "RFU for EMVCo", Format.S, 99, ROOT["00"].presence)
