"""ISO 4217 currencies and ISO 3166-1 countries, from bundled tables that name their source.

EMVCo MPM 4.7.4 (ID 53) carries the ISO 4217 *numeric* code; 4.7.6 (ID 58) the ISO
3166-1 alpha-2 country code. The tables are Python literals in ``qrpay/_iso_tables.py``
(with the ``SOURCES`` they come from), written by ``scripts/update_iso_tables.py`` and
imported on first use, so ``import qrpay`` reads no data file (docs/adr/0008).

>>> currency("116")
Currency(numeric='116', alpha='KHR', name='Riel', minor_units=2)
>>> currency("usd").numeric
'840'
>>> country_name("KH")
'Cambodia'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
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
    """A table in the shape of its name (``"iso639.json"`` -> ``{"source", "languages"}``)."""
    from . import _iso_tables as tables

    table = name.removesuffix(".json")
    key = {"iso4217": "currencies", "iso3166": "countries", "iso639": "languages"}[table]
    everything: dict[str, dict[str, Any]] = {
        "iso4217": tables.CURRENCIES,
        "iso3166": tables.COUNTRIES,
        "iso639": tables.LANGUAGES,
    }
    rows = everything[table]
    return {"source": tables.SOURCES[table], "generated": tables.GENERATED[table], key: rows}


@cache
def _currencies() -> tuple[dict[str, Currency], dict[str, Currency]]:
    from ._iso_tables import CURRENCIES

    by_numeric: dict[str, Currency] = {}
    by_alpha: dict[str, Currency] = {}
    for numeric, (alpha, name, minor_units, _fund) in CURRENCIES.items():
        entry = Currency(numeric, alpha, name, minor_units)
        by_numeric[numeric] = entry
        by_alpha[alpha] = entry
    return by_numeric, by_alpha


def currency_by_numeric(code: str) -> Currency | None:
    """Look up an ISO 4217 numeric code (``"764"``); the hot path of validation."""
    return _currencies()[0].get(code)


@cache
def country_codes() -> frozenset[str]:
    """Every ISO 3166-1 alpha-2 code in the bundled table."""
    return frozenset(_countries())


def currency(code: str) -> Currency | None:
    """Look up a currency by numeric (``"764"``) or alphabetic (``"THB"``) code."""
    by_numeric, by_alpha = _currencies()
    if code.isdigit():
        return by_numeric.get(code)
    return by_alpha.get(code.upper())


def is_country(code: str) -> bool:
    """True if ``code`` is an assigned ISO 3166-1 alpha-2 code (upper case)."""
    return code in country_codes()


@cache
def _countries() -> dict[str, str]:
    from ._iso_tables import COUNTRIES

    return COUNTRIES


@cache
def _languages() -> dict[str, str]:
    from ._iso_tables import LANGUAGES

    return LANGUAGES


def country_name(code: str) -> str | None:
    """The English short name of an ISO 3166-1 alpha-2 code, or ``None``."""
    return _countries().get(code)


def is_language(code: str) -> bool:
    """True if ``code`` is an ISO 639-1 language code (either case: ``"ZH"``, ``"km"``)."""
    return code.upper() in _languages()


def data_source(table: str) -> str:
    """The ``source`` line of a bundled table: ``"iso4217"``, ``"iso3166"`` or ``"iso639"``."""
    from ._iso_tables import SOURCES

    return SOURCES[table]
