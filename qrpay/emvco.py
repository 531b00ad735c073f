"""The EMVCo MPM v1.1 data-object tables, as data.

Source: *EMV QR Code Specification for Payment Systems (EMV QRCPS) Merchant-Presented
Mode*, version 1.1, November 2020. Section and table numbers below are that document's.

* Table 3.6 — data objects under the root (format, length, presence);
* Table 3.7 — Additional Data Field Template (ID "62");
* Table 3.8 — Merchant Information—Language Template (ID "64");
* Table 4.1 — allocation of Merchant Account Information IDs "02"-"51";
* Tables 4.2, 4.4, 4.8 — the Globally Unique Identifier (sub-ID "00", ans, up to 32) of
  merchant-account, payment-system-specific and unreserved templates;
* Tables 4.5-4.7 — Merchant Channel (62/11) positions.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

__all__ = [
    "ADDITIONAL_DATA",
    "ADDITIONAL_DATA_NAMES",
    "ANNEX_B7_EXAMPLE",
    "LANGUAGE_TEMPLATE",
    "MERCHANT_ACCOUNT_NETWORKS",
    "MERCHANT_CHANNEL_LOCATION",
    "MERCHANT_CHANNEL_MEDIA",
    "MERCHANT_CHANNEL_PRESENCE",
    "PROMPT",
    "ROOT",
    "FieldSpec",
    "Format",
    "Presence",
    "field_name",
    "is_merchant_account_tag",
    "is_template_tag",
]


class Format(enum.Enum):
    """Value formats, EMVCo MPM Table 1.3 (section 1.4.1)."""

    #: digits "0"-"9"
    N = "N"
    #: the EMV Book 4 Common Character Set: printable ASCII 0x20-0x7E (96 characters)
    ANS = "ans"
    #: any precomposed Unicode characters
    S = "S"


class Presence(enum.Enum):
    MANDATORY = "M"
    CONDITIONAL = "C"
    OPTIONAL = "O"


@dataclass(frozen=True, slots=True)
class FieldSpec:
    """One row of an EMVCo data-object table."""

    tag: str
    name: str
    format: Format
    max_length: int
    presence: Presence
    #: True where the table gives a fixed length ("02") rather than "var. up to"
    fixed: bool = False
    #: the attribute name qrpay uses for this field (``Payload.merchant_name``)
    key: str = ""


M, C, OPT = Presence.MANDATORY, Presence.CONDITIONAL, Presence.OPTIONAL
N, ANS, S = Format.N, Format.ANS, Format.S

#: Table 3.6: data objects under the root, except the ranges 02-51, 65-79 and 80-99.
ROOT: dict[str, FieldSpec] = {
    spec.tag: spec
    for spec in (
        FieldSpec("00", "Payload Format Indicator", N, 2, M, True, "payload_format"),
        FieldSpec("01", "Point of Initiation Method", N, 2, OPT, True, "initiation"),
        FieldSpec("52", "Merchant Category Code", N, 4, M, True, "merchant_category_code"),
        FieldSpec("53", "Transaction Currency", N, 3, M, True, "currency"),
        FieldSpec("54", "Transaction Amount", ANS, 13, C, False, "amount"),
        FieldSpec("55", "Tip or Convenience Indicator", N, 2, OPT, True, "tip_indicator"),
        FieldSpec("56", "Value of Convenience Fee Fixed", ANS, 13, C, False, "convenience_fee_fixed"),
        FieldSpec(
            "57",
            "Value of Convenience Fee Percentage",
            ANS,
            5,
            C,
            False,
            "convenience_fee_percentage",
        ),
        FieldSpec("58", "Country Code", ANS, 2, M, True, "country_code"),
        FieldSpec("59", "Merchant Name", ANS, 25, M, False, "merchant_name"),
        FieldSpec("60", "Merchant City", ANS, 15, M, False, "merchant_city"),
        FieldSpec("61", "Postal Code", ANS, 10, OPT, False, "postal_code"),
        FieldSpec("62", "Additional Data Field Template", S, 99, OPT, False, "additional_data"),
        FieldSpec("63", "CRC", ANS, 4, M, True, "crc"),
        FieldSpec("64", "Merchant Information—Language Template", S, 99, OPT, False, "language"),
    )
}

#: Table 3.7: Additional Data Field Template (ID "62"), IDs 01-11 (10 and 11 new in v1.1).
ADDITIONAL_DATA: dict[str, FieldSpec] = {
    spec.tag: spec
    for spec in (
        FieldSpec("01", "Bill Number", ANS, 25, OPT, False, "bill_number"),
        FieldSpec("02", "Mobile Number", ANS, 25, OPT, False, "mobile_number"),
        FieldSpec("03", "Store Label", ANS, 25, OPT, False, "store_label"),
        FieldSpec("04", "Loyalty Number", ANS, 25, OPT, False, "loyalty_number"),
        FieldSpec("05", "Reference Label", ANS, 25, OPT, False, "reference_label"),
        FieldSpec("06", "Customer Label", ANS, 25, OPT, False, "customer_label"),
        FieldSpec("07", "Terminal Label", ANS, 25, OPT, False, "terminal_label"),
        FieldSpec("08", "Purpose of Transaction", ANS, 25, OPT, False, "purpose"),
        FieldSpec("09", "Additional Consumer Data Request", ANS, 3, OPT, False, "consumer_data_request"),
        FieldSpec("10", "Merchant Tax ID", ANS, 20, OPT, False, "merchant_tax_id"),
        FieldSpec("11", "Merchant Channel", ANS, 3, OPT, True, "merchant_channel"),
    )
}

#: attribute name -> tag for 62/01-11
ADDITIONAL_DATA_NAMES: dict[str, str] = {spec.key: tag for tag, spec in ADDITIONAL_DATA.items()}

#: 4.8.1.2 / Table 3.7 note: "***" in 62/01-08 asks the app to prompt the consumer.
PROMPT = "***"

#: Table 3.8: Merchant Information—Language Template (ID "64").
LANGUAGE_TEMPLATE: dict[str, FieldSpec] = {
    spec.tag: spec
    for spec in (
        FieldSpec("00", "Language Preference", ANS, 2, M, True, "language_preference"),
        FieldSpec("01", "Merchant Name—Alternate Language", S, 25, M, False, "merchant_name"),
        FieldSpec("02", "Merchant City—Alternate Language", S, 15, OPT, False, "merchant_city"),
    )
}

#: Tables 4.2, 4.4 and 4.8: sub-ID "00" of a template is its Globally Unique Identifier.
GUID = FieldSpec("00", "Globally Unique Identifier", ANS, 32, M, False, "guid")

#: Table 4.1: who each primitive Merchant Account Information ID is reserved for.
MERCHANT_ACCOUNT_NETWORKS: dict[str, str] = {
    **dict.fromkeys(("02", "03"), "Visa"),
    **dict.fromkeys(("04", "05"), "Mastercard"),
    **dict.fromkeys(("06", "07", "08"), "EMVCo"),
    **dict.fromkeys(("09", "10"), "Discover"),
    **dict.fromkeys(("11", "12"), "American Express"),
    **dict.fromkeys(("13", "14"), "JCB"),
    **dict.fromkeys(("15", "16"), "UnionPay"),
    **dict.fromkeys([f"{n:02d}" for n in range(17, 26)], "EMVCo"),
}

#: Table 4.5: Merchant Channel, first character (media).
MERCHANT_CHANNEL_MEDIA = {
    "0": "Print - Merchant sticker",
    "1": "Print - Bill/Invoice",
    "2": "Print - Magazine/Poster",
    "3": "Print - Other",
    "4": "Screen/Electronic - Merchant POS/POI",
    "5": "Screen/Electronic - Website",
    "6": "Screen/Electronic - App",
    "7": "Screen/Electronic - Other",
}
#: Table 4.6: second character (transaction location).
MERCHANT_CHANNEL_LOCATION = {
    "0": "At Merchant premises/registered address",
    "1": "Not at Merchant premises/registered address",
    "2": "Remote Commerce",
    "3": "Other",
}
#: Table 4.7: third character (merchant presence).
MERCHANT_CHANNEL_PRESENCE = {
    "0": "Attended POI",
    "1": "Unattended",
    "2": "Semi-attended (self-checkout)",
    "3": "Other",
}


#: The specification's own example (EMVCo MPM v1.1 Annex B.7; also in v1.0): a Chinese
#: merchant with two merchant accounts, a tip prompt, additional data, a language
#: template in Chinese and an unreserved template. Bundled as ``qrpay decode --example emvco``.
ANNEX_B7_EXAMPLE = (
    "00020101021229300012D156000000000510A93FO3230Q31280012D15600000001030812345678"
    "520441115802CN5914BEST TRANSPORT6007BEIJING64200002ZH0104最佳运输0202北京"
    "540523.7253031565502016233030412340603***0708A60086670902ME"
    "91320016A0112233449988770708123456786304A13A"
)


def is_merchant_account_tag(tag: str) -> bool:
    """IDs "02"-"51" (section 4.7.9)."""
    return "02" <= tag <= "51"


def is_template_tag(tag: str) -> bool:
    """Root IDs whose value EMVCo defines as a template: 26-51, 62, 64 and 80-99."""
    return "26" <= tag <= "51" or tag in ("62", "64") or tag >= "80"


def field_name(path: tuple[str, ...]) -> str:
    """The EMVCo name of the data object at ``path`` (a generic name where EMVCo has none).

    >>> field_name(("62", "05"))
    'Reference Label'
    >>> field_name(("15",))
    'Merchant Account Information (UnionPay)'
    """
    if not path:
        return "Payload"
    tag = path[0]
    if len(path) == 1:
        if tag in ROOT:
            return ROOT[tag].name
        if "02" <= tag <= "25":
            return f"Merchant Account Information ({MERCHANT_ACCOUNT_NETWORKS[tag]})"
        if "26" <= tag <= "51":
            return "Merchant Account Information"
        if "65" <= tag <= "79":
            return "RFU for EMVCo"
        return "Unreserved Template"
    sub = path[1]
    if tag == "62":
        if len(path) == 2:
            if sub in ADDITIONAL_DATA:
                return ADDITIONAL_DATA[sub].name
            if "12" <= sub <= "49":
                return "RFU for EMVCo"
            if sub >= "50":
                return "Payment System Specific Template"
            return "Unallocated"
        return GUID.name if path[2] == "00" else "Payment System Specific"
    if tag == "64":
        spec = LANGUAGE_TEMPLATE.get(sub)
        return spec.name if spec else "RFU for EMVCo"
    if sub == "00":
        return GUID.name
    if "26" <= tag <= "51":
        return "Payment Network Specific"
    return "Context Specific Data"
