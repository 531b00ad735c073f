"""Build the conformance corpus around the synthetic files of scripts/make_vectors.py.

* hand-collected decode files (``fixtures/emvco/{valid,invalid}.json``,
  ``fixtures/schemes/<id>/{valid,invalid}.json``): converted from qrpay's earlier format
  when found in it, and their ``syntax`` checked against the reference walker of
  scripts/vectors/_corpus.py;
* ``fixtures/incoming/*.json`` (real payloads found in public repositories, and
  provenance fixes ``{"vector_id", "url", "commit", ...}``): merged into
  ``fixtures/schemes/<id>/real.json`` or ``fixtures/emvco/real.json`` as ``real`` vectors
  with ``rules: null`` (nobody has checked their scheme rules by hand); a payload that is
  already in the corpus instead gives its URL and commit to the existing vector;
* encode vectors (``fixtures/encode/*.json``) from the cross-checks of fixtures/crosscheck/;
* ``fixtures/manifest.json``: version, files, counts, rule-id and flag registries.

Usage: ``python scripts/make_conformance.py`` (merges incoming/ and writes) or
``--check`` (exit 1 when a file differs from what this script makes of the committed
corpus: it does not merge incoming/, so work in progress there does not fail the tests).
Run scripts/make_vectors.py first.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
sys.path.insert(0, str(ROOT / "scripts" / "vectors"))

import _corpus as C  # noqa: E402, N812
import _encode as E  # noqa: E402, N812

VERSION = "1.2.0"
#: consumer-presented vector files, written by scripts/cpm_vectors.py (manifest kinds)
CPM_FILES = (("cpm/decode.json", "cpm-decode"), ("cpm/encode.json", "cpm-encode"))
CURATED = ("valid.json", "invalid.json")
SCHEME_IDS = sorted(p.name for p in (FIXTURES / "schemes").iterdir() if p.is_dir())


#: the deviations consumer-presented codes in the field have (fixtures/cpm, docs/cpm.md); an
#: implementation may accept or refuse each (EMV QRCPS CPM v1.0 sections in parentheses)
CPM_FLAGS = {
    "cpm-account-missing": "CPM: neither 57 nor 5A in an application (Table 6.1 requires one), as on transit "
    "tickets that identify the account in private tags",
    "cpm-aid-ascii": "CPM: 4F holds ASCII text (GCASH, QCAT01, JPQR digits), not an ISO 7816-5 AID (5.1.1.4)",
    "cpm-base64-unpadded": "CPM: base64 without its '=' padding (RFC 4648 3.2; CPM 5.1.1.2)",
    "cpm-issuer-url-bare": (
        "CPM: 5F50 holds a bare e-mail address or number, not a tel: or mailto: URI (Table 6.3)"
    ),
    "cpm-jpqr1": "CPM: 85 holds JPQR's 'JPQR1' instead of 'CPV01' (5.1.1.3; JPQR CPM guideline)",
    "cpm-length-not-minimal": "CPM: a long-form BER length where the short form would do (BER allows it)",
    "cpm-pan-long": "CPM: 5A longer than the 10 bytes Annex A.1 allows (PayNet DuitNow terminals)",
    "cpm-payload-over-512": (
        "CPM: more than 512 characters (3.1, 4.1.1.1: readers need only recover 512 bytes)"
    ),
    "cpm-transparent-not-tlv": "CPM: a 63 or 64 whose content is not BER-TLV (5.1.1.7, 5.1.1.8)",
    "cpm-transparent-placement": "CPM: 63 or 64 at the root instead of inside 61 or 62 (Table 3.1)",
    "cpm-unexpected-object": "CPM: a primitive object at the root after 85 (Table 3.1 lists templates only)",
}


def scheme_of(path: Path) -> str | None:
    parts = path.relative_to(FIXTURES).parts
    return parts[1] if parts[0] == "schemes" else None


def decode_files() -> list[Path]:
    out = list(FIXTURES.glob("emvco/*.json"))
    out += list(FIXTURES.glob("schemes/*/*.json"))
    return sorted(out)


def curated(path: Path) -> dict[str, Any]:
    data = json.loads(path.read_text(encoding="utf-8"))
    scheme = scheme_of(path)
    vectors = []
    for vector in data["vectors"]:
        if "valid" in vector:  # qrpay's earlier format
            vector = C.convert(vector, scheme)
        else:
            syn, objects, _flags = C.syntax_of(vector["payload"])
            assert syn == vector["syntax"]["result"], vector["id"]
            assert objects == vector["syntax"].get("objects"), vector["id"]
            if vector["id"] in C.EXTRA_ERRORS:
                vector["qrpay"]["also_errors"] = C.EXTRA_ERRORS[vector["id"]]
        vectors.append(vector)
    return C.to_file(data["description"], scheme, vectors)


def incoming() -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[str]]:
    """(found payloads, provenance fixes, incoming file names)."""
    found: list[dict[str, Any]] = []
    fixes: list[dict[str, Any]] = []
    names: list[str] = []
    for path in sorted((FIXTURES / "incoming").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data if isinstance(data, list) else [*data.get("vectors", []), *data.get("fixes", [])]
        names.append(path.name)
        for entry in entries:
            (fixes if "vector_id" in entry else found).append(entry)
    return found, fixes, names


def source_from(entry: dict[str, Any]) -> dict[str, Any]:
    src: dict[str, Any] = {}
    for key, name in (
        ("url", "url"),
        ("commit", "commit"),
        ("repo", "repository"),
        ("repository", "repository"),
        ("path", "file"),
        ("file", "file"),
        ("line", "line"),
    ):
        if entry.get(key) not in (None, ""):
            src[name] = entry[key]
    if entry.get("licence"):
        src["licence"] = entry["licence"]
    return src


def add_copy(src: dict[str, Any], fix: dict[str, Any]) -> None:
    """Record where else the same text is published (commit-pinned URLs)."""
    urls = (
        [fix["url"], *fix.get("also_found_in", [])] if fix.get("url") else list(fix.get("also_found_in", []))
    )
    copies = list(src.get("copies", []))
    copies += [u for u in urls if u not in copies]
    if copies:
        src["copies"] = sorted(copies)


def apply_fix(src: dict[str, Any], fix: dict[str, Any]) -> None:
    """A public file that holds the vector's exact text: a real vector without a URL takes
    it as its source; other vectors (spec, implementation, or a real one that already has a
    URL) list it under ``copies``."""
    if src["kind"] == "real" and not (src.get("url") and src.get("commit")):
        for key in ("url", "commit", "repository", "file", "line"):
            src.pop(key, None)
        src.update(source_from(fix))
        src["traceable"] = True
        extra = [u for u in fix.get("also_found_in", []) if u != fix.get("url")]
        if extra:
            add_copy(src, {"also_found_in": extra})
    elif src["kind"] != "synthetic":
        add_copy(src, fix)


def main(argv: list[str]) -> int:
    check = "--check" in argv
    files: dict[Path, dict[str, Any]] = {}
    for path in decode_files():
        if path.name in CURATED:
            files[path] = curated(path)
        elif path.name != "real.json" or check:
            # synthetic: make_vectors.py; real.json: the last merge (--check does not merge)
            files[path] = json.loads(path.read_text(encoding="utf-8"))

    found, fixes, names = incoming()
    skipped: Counter[str] = Counter()
    if check:  # the committed corpus must be what this script makes of itself
        found, fixes = [], []
        last = json.loads((FIXTURES / "manifest.json").read_text(encoding="utf-8"))["incoming"]
        names, skipped = last["files"], Counter(last["skipped"])
    by_id = {v["id"]: v for data in files.values() for v in data["vectors"]}
    by_payload: dict[str, list[dict[str, Any]]] = {}
    for vector in by_id.values():
        by_payload.setdefault(vector["payload"], []).append(vector)
    encode_files = E.build(FIXTURES / "crosscheck")
    encode_by_id = {v["id"]: v for data in encode_files.values() for v in data["vectors"]}
    for name in encode_files:  # copies found earlier stay (--check merges no new ones)
        on_disk = FIXTURES / "encode" / name
        if on_disk.exists():
            for old in json.loads(on_disk.read_text(encoding="utf-8"))["vectors"]:
                if old.get("source", {}).get("copies") and old["id"] in encode_by_id:
                    add_copy(encode_by_id[old["id"]]["source"], {"also_found_in": old["source"]["copies"]})
    unknown = []
    for fix in fixes:
        if fix["vector_id"] in encode_by_id:
            add_copy(encode_by_id[fix["vector_id"]]["source"], fix)
        elif fix["vector_id"] in by_id:
            apply_fix(by_id[fix["vector_id"]]["source"], fix)
        else:
            unknown.append(fix["vector_id"])
    assert not unknown, f"provenance fixes for unknown vectors: {unknown}"
    real: dict[Path, list[dict[str, Any]]] = {}
    for entry in found:
        if entry.get("personal"):
            skipped["personal data"] += 1
            continue
        same = [v for v in by_payload.get(entry["payload"], []) if v["source"]["kind"] != "synthetic"]
        if same:
            for vector in same:
                apply_fix(vector["source"], entry)
            skipped["already in the corpus (provenance added)"] += 1
            continue
        if entry["payload"] in by_payload:
            skipped["already in the corpus"] += 1
            continue
        scheme = entry.get("scheme") if entry.get("scheme") in SCHEME_IDS else None
        folder = FIXTURES / "schemes" / scheme if scheme else FIXTURES / "emvco"
        digest = hashlib.sha1(entry["payload"].encode("utf-8")).hexdigest()[:10]
        vid = f"{scheme or entry.get('scheme') or 'emvco'}-gh-{digest}"
        vector = C.real_vector(entry, vid)
        vector["scheme"] = scheme
        vector["source"].update(source_from(entry))
        vector["source"]["traceable"] = bool(vector["source"].get("url") and vector["source"].get("commit"))
        if entry.get("scheme") not in (None, scheme):
            vector["comment"] = f"{entry['scheme']} payload (no qrpay scheme profile); " + vector["comment"]
        recorded = {k: entry[k] for k in ("qrpay_schemes", "qrpay_errors") if k in entry}
        if recorded:
            vector["qrpay"] = {
                "recorded": {
                    "schemes": recorded.get("qrpay_schemes", []),
                    "errors": recorded.get("qrpay_errors", []),
                }
            }
        by_payload.setdefault(entry["payload"], []).append(vector)
        real.setdefault(folder / "real.json", []).append(vector)
    for path, vectors in sorted(real.items()):
        vectors.sort(key=lambda v: v["id"])
        scheme = scheme_of(path)
        description = (
            f"Real {scheme or 'EMVCo (no qrpay scheme profile)'} payloads found in public repositories, each "
            f"pinned to a file and commit (merged from fixtures/incoming/ by scripts/make_conformance.py). "
            f"Syntax expectations come from the reference walker; no rules claim (rules: null) until someone "
            f"checks a vector by hand."
        )
        files[path] = C.to_file(description, scheme, vectors)

    outputs: dict[Path, str] = {p: C.dumps(d) for p, d in files.items()}
    for name, data in encode_files.items():
        outputs[FIXTURES / "encode" / name] = C.dumps(data)
    outputs.update(manifest(files, encode_files, names, skipped))
    return write(outputs, check)


def manifest(
    files: dict[Path, dict[str, Any]], encode_files: dict[str, Any], names: list[str], skipped: Counter[str]
) -> dict[Path, str]:
    vectors = [v for d in files.values() for v in d["vectors"]]
    used_codes: set[str] = set()
    for v in vectors:
        q = v.get("qrpay", {})
        if "error" in q:
            used_codes.add(q["error"]["code"])
        used_codes.update(q.get("warnings", []))
        used_codes.update(code for code, _ in q.get("also_errors", []))
    codes = sorted(set(C.MEANINGS) & ({*C.EMVCO_RULES} | {c for c in C.MEANINGS if "." in c}) | used_codes)
    rules = {C.rule_id(c): C.rule_entry(c) for c in codes}
    flags: dict[str, str] = {}
    for v in vectors:
        q = v.get("qrpay", {})
        for w in q.get("warnings", []):
            flags[C.flag_of(w)] = C.flag_entry(w)
    for flag in ("length-bytes", "length-utf16", "crc-lowercase", "tag-order"):
        flags[flag] = C.FLAG_NOTES[flag]
    used_flags = {f for v in vectors for f in v["flags"]}
    assert used_flags <= set(flags), used_flags - set(flags)
    cpm = {
        kind: json.loads((FIXTURES / rel).read_text(encoding="utf-8"))["vectors"] for rel, kind in CPM_FILES
    }
    flags.update(CPM_FLAGS)
    cpm_flags = {f for v in cpm["cpm-decode"] for f in v["flags"]}
    assert cpm_flags <= set(flags), cpm_flags - set(flags)

    def count(items: list[dict[str, Any]], key: Any) -> dict[str, int]:
        return dict(sorted(Counter(key(v) for v in items).items()))

    entries = []
    for path, data in sorted(files.items()):
        entries.append(
            {"path": str(path.relative_to(FIXTURES)), "kind": "decode", "count": len(data["vectors"])}
        )
    encode_vectors = []
    for name, data in sorted(encode_files.items()):
        entries.append({"path": f"encode/{name}", "kind": "encode", "count": len(data["vectors"])})
        encode_vectors += data["vectors"]
    for rel, kind in CPM_FILES:
        entries.append({"path": rel, "kind": kind, "count": len(cpm[kind])})
    non_synthetic = [v for v in vectors if v["source"]["kind"] != "synthetic"]
    data = {
        "schema": "schema/manifest.schema.json",
        "name": "qrpay EMV QR conformance corpus (merchant-presented, and consumer-presented in cpm/)",
        "version": VERSION,
        "files": entries,
        "counts": {
            "decode": len(vectors),
            "encode": len(encode_vectors),
            "by_result": count(vectors, lambda v: v["result"]),
            "by_syntax": count(vectors, lambda v: v["syntax"]["result"]),
            "by_rules": count(vectors, lambda v: v["rules"]["result"] if v["rules"] else "no claim"),
            "by_kind": count(vectors, lambda v: v["source"]["kind"]),
            "non_synthetic_traceable": sum(1 for v in non_synthetic if v["source"].get("traceable")),
            "by_scheme": count(vectors, lambda v: v["scheme"] or "none"),
            "by_scheme_non_synthetic_traceable": count(
                [v for v in non_synthetic if v["source"].get("traceable")], lambda v: v["scheme"] or "none"
            ),
            "rules_claimed": sum(1 for v in vectors if v["rules"] is not None),
            "encode_by_result": count(encode_vectors, lambda v: v["result"]),
            "cpm_decode": len(cpm["cpm-decode"]),
            "cpm_decode_by_result": count(cpm["cpm-decode"], lambda v: v["result"]),
            "cpm_decode_by_kind": count(cpm["cpm-decode"], lambda v: v["source"]["kind"]),
            "cpm_encode": len(cpm["cpm-encode"]),
            "cpm_encode_by_result": count(cpm["cpm-encode"], lambda v: v["result"]),
        },
        "incoming": {"files": names, "skipped": dict(sorted(skipped.items()))},
        "rules": rules,
        "flags": dict(sorted(flags.items())),
        "qrpay": {
            "description": "qrpay's issue codes -> the corpus's rule ids, and qrpay's warning codes -> flags",
            "rule_ids": {c: C.rule_id(c) for c in codes},
            "flags": {c: C.flag_of(c) for c in sorted(C.MEANINGS) if c in codes},
        },
    }
    return {FIXTURES / "manifest.json": C.dumps(data)}


def write(outputs: dict[Path, str], check: bool) -> int:
    stale = []
    for path, text in sorted(outputs.items()):
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                path.write_text(text, encoding="utf-8")
                print(f"wrote {path.relative_to(ROOT)}")
    if stale:
        print("stale (rerun scripts/make_conformance.py):", ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv))
