"""ISO 4217 currencies and ISO 3166-1 countries, from bundled tables that name their source.

EMVCo MPM 4.7.4 (ID 53) carries the ISO 4217 *numeric* code; 4.7.6 (ID 58) the ISO
3166-1 alpha-2 country code. The tables live in ``qrpay/data/iso4217.json`` and
``qrpay/data/iso3166.json`` (each with ``source`` and ``generated`` keys), written by
``scripts/update_iso_tables.py`` and loaded lazily on first use.

>>> currency("116")
Currency(numeric='116', alpha='KHR', name='Riel', minor_units=2)
>>> currency("usd").numeric
'840'
>>> country_name("KH")
'Cambodia'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

__all__ = [
    "Currency",
    "country_codes",
    "country_name",
    "currency",
    "currency_by_numeric",
    "data_source",
    "is_country",
    "is_language",
]


@dataclass(frozen=True, slots=True)
class Currency:
    """An ISO 4217 currency: numeric and alphabetic code, name and minor units.

    ``minor_units`` is ``None`` where ISO 4217 says "N.A." (gold, SDR, test codes).
    """

    numeric: str
    alpha: str
    name: str
    minor_units: int | None


@cache
def _load(name: str) -> dict[str, Any]:
    text = resources.files("qrpay").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _currencies() -> tuple[dict[str, Currency], dict[str, Currency]]:
    by_numeric: dict[str, Currency] = {}
    by_alpha: dict[str, Currency] = {}
    for numeric, row in _load("iso4217.json")["currencies"].items():
        entry = Currency(numeric, row["alpha"], row["name"], row["minor_units"])
        by_numeric[numeric] = entry
        by_alpha[entry.alpha] = entry
    return by_numeric, by_alpha


def currency_by_numeric(code: str) -> Currency | None:
    """Look up an ISO 4217 numeric code (``"764"``); the hot path of validation."""
    return _currencies()[0].get(code)


@cache
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code in the bundled table."""
    return frozenset(_load("iso3166.json")["countries"])


def currency(code: str) -> Currency | None:
    """Look up a currency by numeric (``"764"``) or alphabetic (``"THB"``) code."""
    by_numeric, by_alpha = _currencies()
    if code.isdigit():
        return by_numeric.get(code)
    return by_alpha.get(code.upper())


def is_country(code: str) -> bool:
    """True if ``code`` is an assigned ISO 3166-1 alpha-2 code (upper case)."""
    return code in _load("iso3166.json")["countries"]


def country_name(code: str) -> str | None:
    """The English short name of an ISO 3166-1 alpha-2 code, or ``None``."""
    name = _load("iso3166.json")["countries"].get(code)
    return name if isinstance(name, str) else None


def is_language(code: str) -> bool:
    """True if ``code`` is an ISO 639-1 language code (either case: ``"ZH"``, ``"km"``)."""
    return code.upper() in _load("iso639.json")["languages"]


def data_source(table: str) -> str:
    """The ``source`` line of a bundled table: ``"iso4217"``, ``"iso3166"`` or ``"iso639"``."""
    source = _load(f"{table}.json")["source"]
    return str(source)
