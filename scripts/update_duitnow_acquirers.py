"""Regenerate qrpay/data/duitnow_acquirers.json: PayNet's DuitNow QR acquirer ID directory.

Source (facts only: acquirer ID, participant name, BIC, kind): PayNet's developer
documentation, DuitNow QR "QR Generation Specification" V1.5, page "QR Data Object",
section "Acquirer ID (ID 01)":
https://docs.developer.paynet.my/docs/duitNow-QR/integration/QR-generation-specification/merchant-presented-mode/qr-data-object

The page is not fetched at run time (tests and CI do not run this script). The copy read
for the committed file is a Markdown transcription of that page ("PayNet Developer
Documentation, scraped and organized from docs.developer.paynet.my, May 2026", a public
GitHub file, search index id 57049255773), whose tables have the columns
``| # | Name | Acquirer ID | BIC Code |`` under headings "Banks", "E-wallets & Non-Bank
Financial Institutions" and "JomPAY". Pass a saved copy of the page's table in that shape:

    python scripts/update_duitnow_acquirers.py path/to/acquirers.md
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "qrpay" / "data" / "duitnow_acquirers.json"
SOURCE = (
    "PayNet DuitNow QR Generation Specification V1.5, 'QR Data Object', Acquirer ID (ID 01): "
    "https://docs.developer.paynet.my/docs/duitNow-QR/integration/QR-generation-specification/"
    "merchant-presented-mode/qr-data-object (read from a Markdown transcription of the page dated "
    "May 2026, a public GitHub file, search index id 57049255773)"
)
ROW = re.compile(
    r"^\|\s*(?:[0-9]+\s*\|\s*)?(?P<name>[^|]+?)\s*\|\s*(?P<id>[0-9]{6})\s*\|\s*(?P<bic>[^|]+?)\s*\|"
)
KINDS = (("bank", "### Banks"), ("non-bank", "### E-wallets"), ("jompay", "### JomPAY"))


def parse(text: str) -> dict[str, dict[str, str | None]]:
    acquirers: dict[str, dict[str, str | None]] = {}
    kind = None
    for line in text.splitlines():
        for name, heading in KINDS:
            if line.startswith(heading):
                kind = name
        found = ROW.match(line)
        if found is None or kind is None:
            continue
        code = found["id"]
        if code in acquirers:
            raise SystemExit(f"acquirer ID {code} listed twice")
        bic = found["bic"]
        acquirers[code] = {
            "name": found["name"],
            "bic": None if bic == "N/A" else bic,
            "kind": kind,
        }
    return dict(sorted(acquirers.items()))


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    path = Path(argv[1])
    acquirers = parse(path.read_text(encoding="utf-8"))
    if len(acquirers) < 50:
        raise SystemExit(f"only {len(acquirers)} acquirers found in {path}; is it the right table?")
    data = {
        "source": SOURCE,
        "generated": f"scripts/update_duitnow_acquirers.py from {path.name} ({len(acquirers)} entries)",
        "acquirers": acquirers,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(acquirers)} acquirers)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
