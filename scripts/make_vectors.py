"""Write the synthetic conformance vectors: one generator module per file.

Each module in scripts/vectors/ (except those starting with "_") defines ``OUT`` (the
fixture path), ``DESCRIPTION`` and ``generate()`` returning the vectors. The expected
code, path and offset of every vector come from the rule its change breaks and from
where the generator put the change, never from running qrpay.

The generators build vectors in qrpay's own terms (expected issue code, path, offset);
``scripts/vectors/_corpus.py`` turns each into an implementation-neutral corpus vector
(syntax objects from its own reference TLV walker, neutral rule ids and flags, structured
source) before it is written. scripts/make_conformance.py does the rest of the corpus
(hand-collected files, fixtures/incoming/, encode vectors, manifest).

Usage: ``python scripts/make_vectors.py`` (writes the files) or ``--check`` (exit 1 if a
committed file differs from what the generators produce; run by the tests).
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent / "vectors"


def render(module: object, stem: str) -> tuple[Path, str]:
    from _corpus import convert, dumps, to_file

    out = ROOT / module.OUT  # type: ignore[attr-defined]
    parts = out.relative_to(ROOT / "fixtures").parts
    scheme = parts[1] if parts[0] == "schemes" else None
    generator = f"scripts/vectors/{stem}.py"
    vectors = [convert(v, scheme, generator) for v in module.generate()]  # type: ignore[attr-defined]
    data = to_file(module.DESCRIPTION, scheme, vectors)  # type: ignore[attr-defined]
    return out, dumps(data)


def main(argv: list[str]) -> int:
    sys.path.insert(0, str(HERE))
    stale = []
    for path in sorted(HERE.glob("*.py")):
        if path.name.startswith("_"):
            continue
        out, text = render(importlib.import_module(path.stem), path.stem)
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
