"""Regenerate qrpay/data/vn_banks.json, the VietQR bank BIN directory.

Source (never fetched at run time; tests and CI do not run this script): the bank list
shipped in the npm package ``vietnam-qr-pay`` (xuannghia/vietnam-qr-pay, MIT), module
``dist/constants/banks.js``, export ``BanksObject``. Only facts are taken from it: each
bank's NAPAS BIN (the acquirer ID in VietQR template 38/01/00), short name, full name,
SWIFT code and VietQR status (``1`` transfers supported, ``0`` receive only). The package
is read with Node from an npm install (default ``/tmp/xcheck``, as for
fixtures/crosscheck; ``XCHECK_DIR`` overrides)::

    npm install vietnam-qr-pay@1.5.1     # in $XCHECK_DIR
    python scripts/update_vn_banks.py

Several BINs carry two names in the package (a bank renamed, e.g. LienVietPostBank ->
LPBank): all names are kept; the first one whose VietQR status is 1 (in the package's
order) is listed first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

PACKAGE = "vietnam-qr-pay"
OUT = Path(__file__).resolve().parent.parent / "qrpay" / "data" / "vn_banks.json"

_DUMP = """
const path = require('path');
const dir = process.argv[1];
const pkg = require(path.join(dir, 'node_modules', 'vietnam-qr-pay', 'package.json'));
const banks = require(path.join(dir, 'node_modules', 'vietnam-qr-pay', 'dist', 'constants', 'banks.js'));
const rows = Object.values(banks.BanksObject).map(b => ({
  bin: b.bin, short_name: b.shortName, name: b.name, swift: b.swiftCode || null,
  vietqr_status: b.vietQRStatus,
}));
process.stdout.write(JSON.stringify({version: pkg.version, rows}));
"""


def read_package(xcheck_dir: Path) -> tuple[str, list[dict[str, object]]]:
    result = subprocess.run(
        ["node", "-e", _DUMP, str(xcheck_dir)], check=True, capture_output=True, text=True
    )
    data = json.loads(result.stdout)
    return str(data["version"]), list(data["rows"])


def directory(version: str, rows: list[dict[str, object]]) -> dict[str, object]:
    by_bin: dict[str, list[dict[str, object]]] = {}
    skipped = []
    for row in rows:
        bin_ = str(row.get("bin") or "")
        if not (len(bin_) == 6 and bin_.isdigit()):
            skipped.append(str(row.get("short_name")))
            continue
        by_bin.setdefault(bin_, []).append(
            {
                "short_name": row["short_name"],
                "name": row["name"],
                "swift": row["swift"],
                "vietqr_status": row["vietqr_status"],
            }
        )
    banks = {}
    for bin_, names in sorted(by_bin.items()):
        # stable: names with VietQR status 1 first, otherwise the package's order
        names.sort(key=lambda n: n["vietqr_status"] != 1)
        banks[bin_] = names
    return {
        "source": f"npm package {PACKAGE} {version} (xuannghia/vietnam-qr-pay, MIT), "
        "dist/constants/banks.js BanksObject: BIN, short name, name, SWIFT code, VietQR status",
        "generated": f"scripts/update_vn_banks.py from {PACKAGE}@{version}"
        + (f"; skipped without a 6-digit BIN: {', '.join(skipped)}" if skipped else ""),
        "vietqr_status": {"1": "transfers supported", "0": "receive only", "-1": "not supported"},
        "banks": banks,
    }


def main(argv: list[str]) -> int:
    xcheck = Path(argv[1] if len(argv) > 1 else os.environ.get("XCHECK_DIR", "/tmp/xcheck"))
    version, rows = read_package(xcheck)
    data = directory(version, rows)
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(data['banks'])} BINs from {PACKAGE} {version})")  # type: ignore[arg-type]
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
