"""Write the synthetic conformance vectors: one generator module per file.

Each module in scripts/vectors/ (except those starting with "_") defines ``OUT`` (the
fixture path), ``DESCRIPTION`` and ``generate()`` returning the vectors. The expected
code, path and offset of every vector come from the rule its change breaks and from
where the generator put the change, never from running qrpay.

Usage: ``python scripts/make_vectors.py`` (writes the files) or ``--check`` (exit 1 if a
committed file differs from what the generators produce; run by the tests).
"""

from __future__ import annotations

import importlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "vectors"


def render(module: object) -> tuple[Path, str]:
    vectors = module.generate()  # type: ignore[attr-defined]
    data = {"description": module.DESCRIPTION, "vectors": vectors}  # type: ignore[attr-defined]
    return ROOT / module.OUT, json.dumps(data, ensure_ascii=False, indent=1) + "\n"  # type: ignore[attr-defined]


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    stale = []
    for path in sorted(HERE.glob("*.py")):
        if path.name.startswith("_"):
            continue
        out, text = render(importlib.import_module(path.stem))
        if "--check" in argv:
            if not out.exists() or out.read_text(encoding="utf-8") != text:
                stale.append(str(out.relative_to(ROOT)))
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
            print(f"wrote {out.relative_to(ROOT)}")
    if stale:
        print("stale (rerun scripts/make_vectors.py):", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
