"""The conformance corpus itself (fixtures/, format: fixtures/README.md): every file
against its JSON Schema, ids, manifest counts and version, registries, provenance, the
loader, and that the generated files are what the scripts produce."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from qrpay.conformance import DecodeVector, EncodeVector, Suite, load_suite
from tests.conftest import FIXTURES, ROOT, iter_corpus, manifest

jsonschema = pytest.importorskip("jsonschema")

MANIFEST = manifest()
SCHEMAS = {p.name: json.loads(p.read_text(encoding="utf-8")) for p in (FIXTURES / "schema").glob("*.json")}


def _validate(data: Any, schema_name: str) -> None:
    schema = SCHEMAS[schema_name]
    jsonschema.Draft202012Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: list(e.path))
    assert errors == [], [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_manifest_matches_its_schema_and_is_versioned() -> None:
    _validate(MANIFEST, "manifest.schema.json")
    assert re.fullmatch(r"\d+\.\d+\.\d+", MANIFEST["version"])
    # 1.1.0 adds vectors (the schemes of issue 10 and the consumer-presented files), 1.2.0
    # the FPS and JPQR encode vectors; minor versions, as nothing an implementation relied on
    # changed shape
    assert MANIFEST["version"] == "1.2.0"


@pytest.mark.parametrize("entry", MANIFEST["files"], ids=[e["path"] for e in MANIFEST["files"]])
def test_file_matches_its_schema_and_count(entry: dict[str, Any]) -> None:
    data = json.loads((FIXTURES / entry["path"]).read_text(encoding="utf-8"))
    consumer_presented = entry["kind"].startswith("cpm-")
    assert data["kind"] == entry["kind"].removeprefix("cpm-")
    assert data.get("format") == ("cpm" if consumer_presented else None)
    _validate(data, Path(data["schema"]).name)
    assert len(data["vectors"]) == entry["count"]
    if data["kind"] == "decode":
        assert [v["tcId"] for v in data["vectors"]] == list(range(1, len(data["vectors"]) + 1))


def test_manifest_lists_every_vector_file() -> None:
    listed = {e["path"] for e in MANIFEST["files"]}
    on_disk = {
        str(p.relative_to(FIXTURES))
        for p in FIXTURES.rglob("*.json")
        if p.relative_to(FIXTURES).parts[0] not in {"crosscheck", "incoming", "schema"}
        and p.name != "manifest.json"
    }
    assert listed == on_disk


def test_ids_are_unique_and_counts_add_up() -> None:
    decode = [v for _, v in iter_corpus("decode")]
    encode = [v for _, v in iter_corpus("encode")]
    ids = Counter(v["id"] for v in [*decode, *encode])
    assert [i for i, n in ids.items() if n > 1] == []
    counts = MANIFEST["counts"]
    assert counts["decode"] == len(decode) and counts["encode"] == len(encode)
    assert counts["by_result"] == dict(sorted(Counter(v["result"] for v in decode).items()))
    assert counts["by_kind"] == dict(sorted(Counter(v["source"]["kind"] for v in decode).items()))
    assert counts["by_scheme"] == dict(sorted(Counter(v["scheme"] or "none" for v in decode).items()))


def test_every_rule_id_and_flag_is_registered_and_documented() -> None:
    rules, flags = MANIFEST["rules"], MANIFEST["flags"]
    for _, vector in iter_corpus("decode"):
        if vector["rules"] is not None:
            assert set(vector["rules"]["rule_ids"]) <= set(rules), vector["id"]
        assert set(vector["flags"]) <= set(flags), vector["id"]
        if vector["result"] == "acceptable":
            assert vector["flags"], vector["id"]
        if vector["result"] == "valid":
            assert not vector["flags"], vector["id"]
        if vector["source"]["kind"] == "synthetic":
            assert (
                vector["source"]["rule"] in rules
                or vector["source"]["rule"] in flags
                or (vector["source"]["rule"].startswith("baseline"))
            ), vector["id"]
    for rule, entry in rules.items():
        assert entry["clause"].strip() and entry["description"].strip(), rule
    readme = (FIXTURES / "README.md").read_text(encoding="utf-8")
    for flag in ("crc-lowercase", "length-bytes", "length-utf16", "tag-order", "pfi-not-01"):
        assert f"`{flag}`" in readme, flag


def test_the_overall_result_follows_the_levels() -> None:
    for _, v in iter_corpus("decode"):
        levels = [v["syntax"]["result"]] + ([v["rules"]["result"]] if v["rules"] else [])
        want = "invalid" if "invalid" in levels else "acceptable" if "acceptable" in levels else "valid"
        assert v["result"] == want, v["id"]


def test_every_source_has_what_its_kind_requires() -> None:
    for _, v in iter_corpus("decode"):
        src = v["source"]
        kind = src["kind"]
        if kind == "synthetic":
            assert src["script"].startswith("scripts/") and (ROOT / src["script"]).is_file(), v["id"]
            if "generator" in src:
                assert (ROOT / src["generator"]).is_file(), v["id"]
            continue
        assert src["licence"].strip(), v["id"]
        if kind == "implementation":
            assert src["package"] and src["version"], v["id"]
        if kind == "spec":
            assert src["document"] and src["section"], v["id"]
        if kind == "real" and src["traceable"]:
            assert src.get("url") or (src.get("repository") and src.get("file")), v["id"]
        if src.get("url", "").startswith("https://github.com/") and "/blob/" in src["url"]:
            assert src.get("commit") and src["commit"] in src["url"], v["id"]


def test_syntax_objects_rebuild_the_payload() -> None:
    """``objects`` in text order are the payload (for character-counted vectors)."""
    for _, v in iter_corpus("decode"):
        if v["syntax"]["result"] != "valid":
            continue
        text = "".join(f"{tag}{len(value):02d}{value}" for tag, value, *_ in v["syntax"]["objects"])
        assert text == v["payload"], v["id"]
        for tag, value, *children in v["syntax"]["objects"]:
            if children:
                assert "".join(f"{t}{len(x):02d}{x}" for t, x in children[0]) == value, (v["id"], tag)


def test_the_corpus_loads_through_the_python_api() -> None:
    suite = load_suite()
    assert isinstance(suite, Suite)
    assert suite.version == MANIFEST["version"]
    assert (
        len(suite.decode) == MANIFEST["counts"]["decode"]
        and len(suite.encode) == MANIFEST["counts"]["encode"]
    )
    assert all(isinstance(v, DecodeVector) for v in suite.decode)
    assert all(isinstance(v, EncodeVector) for v in suite.encode)
    assert set(suite.rules) == set(MANIFEST["rules"]) and dict(suite.flags) == MANIFEST["flags"]
    first = suite.decode[0]
    assert first.file == "emvco/invalid.json" and first.payload
    b7 = next(v for v in suite.decode if v.id == "emvco-annex-b7")
    assert b7.result == "valid" and b7.syntax == "valid" and b7.rules == "valid" and b7.rule_ids == ()
    assert b7.objects is not None and b7.objects[0] == ("00", "01")
    assert any(len(o) == 3 and isinstance(o[2], tuple) for o in b7.objects)
    bad = next(v for v in suite.decode if v.id == "emvco-crc-mismatch")
    assert bad.syntax == "invalid" and bad.objects is None and bad.rule_ids == ("emvco.crc.mismatch",)
    assert bad.qrpay["error"]["code"] == "crc_mismatch"
    with pytest.raises(TypeError):
        bad.source["kind"] = "x"  # type: ignore[index]
    assert load_suite(FIXTURES).version == suite.version


def test_the_wheel_ships_the_corpus() -> None:
    import ast

    # setup.py maps fixtures/ to the package qrpay._fixtures, with every JSON file in it
    call = next(
        node
        for node in ast.walk(ast.parse((ROOT / "setup.py").read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "setup"
    )
    keywords = {
        k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg not in {"ext_modules", "cmdclass"}
    }
    assert "qrpay._fixtures" in keywords["packages"]
    assert keywords["package_dir"]["qrpay._fixtures"] == "fixtures"
    assert {"*.json", "**/*.json"} <= set(keywords["package_data"]["qrpay._fixtures"])


def test_generated_files_are_what_the_scripts_produce() -> None:
    for script in ("make_vectors.py", "make_conformance.py"):
        done = subprocess.run([sys.executable, str(ROOT / "scripts" / script), "--check"], check=False)
        assert done.returncode == 0, f"stale: rerun scripts/{script}"
