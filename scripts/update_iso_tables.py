"""Regenerate qrpay/data/iso4217.json and qrpay/data/iso3166.json.

Sources (never fetched at run time; tests and CI do not run this script):

* ISO 4217 "List One" (current currency and funds code list) as published by SIX
  Financial Information, the ISO 4217 maintenance agency. The copy read here is the
  ``table.xml`` shipped in the PyPI package ``iso4217`` (pass its path, e.g. from
  ``pip download --no-deps iso4217==1.16.20260101``); its ``Pblshd`` attribute is the
  list's publication date.
* ISO 3166-1 alpha-2 country codes and ISO 639-1 (two-letter) language codes from
  Debian's ``iso-codes`` package (``/usr/share/iso-codes/json/iso_3166-1.json`` and
  ``iso_639-2.json``, whose ``alpha_2`` entries are the ISO 639-1 codes).

Usage::

    python scripts/update_iso_tables.py path/to/iso4217/table.xml [path/to/iso_3166-1.json]
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "qrpay" / "data"


def currencies(xml_path: Path) -> dict[str, object]:
    root = ET.parse(xml_path).getroot()
    published = root.get("Pblshd", "unknown")
    table: dict[str, dict[str, object]] = {}
    for entry in root.iter("CcyNtry"):
        numeric = entry.findtext("CcyNbr")
        alpha = entry.findtext("Ccy")
        if not numeric or not alpha:
            continue  # "No universal currency" rows
        minor = entry.findtext("CcyMnrUnts") or "N.A."
        name = entry.findtext("CcyNm") or alpha
        row = table.setdefault(
            numeric,
            {
                "alpha": alpha,
                "name": name.strip(),
                "minor_units": int(minor) if minor.isdigit() else None,
                "fund": entry.find("CcyNm") is not None and entry.find("CcyNm").get("IsFund") == "true",  # type: ignore[union-attr]
            },
        )
        assert row["alpha"] == alpha, (numeric, alpha, row)
    return {
        "source": "ISO 4217 List One (SIX Financial Information, maintenance agency), "
        f"published {published}; read from table.xml in PyPI package iso4217",
        "generated": f"scripts/update_iso_tables.py from {xml_path.name} (Pblshd={published})",
        "currencies": dict(sorted(table.items())),
    }


def countries(json_path: Path) -> dict[str, object]:
    data = json.loads(json_path.read_text(encoding="utf-8"))
    rows = {c["alpha_2"]: c["name"] for c in data["3166-1"]}
    version = _iso_codes_version()
    return {
        "source": f"ISO 3166-1 alpha-2 codes from Debian package iso-codes {version} "
        "(/usr/share/iso-codes/json/iso_3166-1.json)",
        "generated": f"scripts/update_iso_tables.py from {json_path}",
        "countries": dict(sorted(rows.items())),
    }


def languages(json_path: Path) -> dict[str, object]:
    data = json.loads(json_path.read_text(encoding="utf-8"))
    rows = {c["alpha_2"].upper(): c["name"] for c in data["639-2"] if "alpha_2" in c}
    return {
        "source": f"ISO 639-1 codes (alpha_2 entries) from Debian package iso-codes {_iso_codes_version()} "
        "(/usr/share/iso-codes/json/iso_639-2.json)",
        "generated": f"scripts/update_iso_tables.py from {json_path}",
        "languages": dict(sorted(rows.items())),
    }


def _iso_codes_version() -> str:
    try:
        return subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "iso-codes"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown version"


def main(argv: list[str]) -> int:
    xml_path = Path(argv[1])
    json_path = Path(argv[2] if len(argv) > 2 else "/usr/share/iso-codes/json/iso_3166-1.json")
    OUT.mkdir(parents=True, exist_ok=True)
    tables = (
        ("iso4217.json", currencies(xml_path)),
        ("iso3166.json", countries(json_path)),
        ("iso639.json", languages(json_path.with_name("iso_639-2.json"))),
    )
    for name, payload in tables:
        (OUT / name).write_text(json.dumps(payload, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        print("wrote", OUT / name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
