#!/usr/bin/env python3
"""Mutation testing of qrpay, one module at a time, with the tests that module answers to.

Usage (from the repository root, with the dev extra installed)::

    .venv/bin/python scripts/mutation.py                 # the default modules (crc tlv amount)
    .venv/bin/python scripts/mutation.py crc tlv codec   # chosen modules
    .venv/bin/python scripts/mutation.py core            # crc tlv amount iso _rules codec model builder text
    .venv/bin/python scripts/mutation.py schemes         # every scheme profile (or: all)
    .venv/bin/python scripts/mutation.py --list          # modules and their tests
    .venv/bin/python scripts/mutation.py --budget 600 --workers 2 tlv

Each module is run by mutmut (3.x) in its own scratch copy of the repository
(``$TMPDIR/qrpay-mutation/<module>``: qrpay/, tests/, fixtures/ and pyproject.toml with a
``[tool.mutmut]`` section written for that module), so the work tree is never touched and
runs of different modules do not share state. Only the module's own tests run against
its mutants (``TESTS`` below), property tests derandomized (HYPOTHESIS_PROFILE=ci), so a
run is repeatable. A module's run is stopped after ``--budget`` seconds; the mutants not
reached are counted as "not run". At the end a table gives, per module, the mutants
killed, survived, timed out and not run, and the kill rate (killed + timed out over
those run); the survivors' names are printed so ``mutmut show NAME`` (run in the scratch
copy) gives their diffs. The exit status is 0 whatever the rate: this is a habit for
developers (docs/testing.md), not a CI gate.
"""

from __future__ import annotations

import argparse
import ast
import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

#: module (qrpay/<name>.py) -> the test files that answer for it
TESTS: dict[str, list[str]] = {
    "crc": ["tests/test_crc.py", "tests/test_amount_iso_expiry.py", "tests/test_deviations.py"],
    "tlv": ["tests/test_tlv.py", "tests/test_tlv_oracle.py", "tests/test_tlv_errors.py"],
    "amount": ["tests/test_amount_iso_expiry.py"],
    "iso": ["tests/test_amount_iso_expiry.py"],
    "codec": [
        "tests/test_codec.py",
        "tests/test_tlv_oracle.py",
        "tests/test_errors.py",
        "tests/test_codec_exact.py",
    ],
    "model": [
        "tests/test_codec.py",
        "tests/test_properties.py",
        "tests/test_build.py",
        "tests/test_deviations.py",
        "tests/test_model.py",
    ],
    "text": ["tests/test_text.py", "tests/test_text_exact.py"],
    "_rules": ["tests/test_codec.py", "tests/test_errors.py", "tests/test_rules_exact.py"],
    "builder": [
        "tests/test_build.py",
        "tests/test_build_hostile.py",
        "tests/test_builder_accepts.py",
        "tests/test_builder_exact.py",
    ],
    "cpm": ["tests/test_cpm.py", "tests/test_cpm_exact.py"],
    "schemes/promptpay": [
        "tests/schemes/test_promptpay.py",
        "tests/schemes/test_boundaries.py",
        "tests/schemes/test_promptpay_exact.py",
    ],
    "schemes/khqr": [
        "tests/schemes/test_khqr.py",
        "tests/schemes/test_boundaries.py",
        "tests/schemes/test_khqr_exact.py",
    ],
    "schemes/paynow": [
        "tests/schemes/test_paynow.py",
        "tests/schemes/test_boundaries.py",
        "tests/schemes/test_paynow_exact.py",
    ],
    "schemes/duitnow": [
        "tests/schemes/test_duitnow.py",
        "tests/schemes/test_boundaries.py",
        "tests/schemes/test_duitnow_exact.py",
    ],
    "schemes/qris": ["tests/schemes/test_qris.py", "tests/schemes/test_qris_exact.py"],
    "schemes/vietqr": ["tests/schemes/test_vietqr.py", "tests/schemes/test_vietqr_exact.py"],
    "schemes/laoqr": [
        "tests/schemes/test_laoqr.py",
        "tests/schemes/test_boundaries.py",
        "tests/schemes/test_laoqr_exact.py",
    ],
    "schemes/sgqr": [
        "tests/schemes/test_sgqr.py",
        "tests/schemes/test_boundaries.py",
        "tests/schemes/test_sgqr_exact.py",
    ],
    "schemes/qrph": ["tests/schemes/test_qrph.py", "tests/schemes/test_qrph_exact.py"],
    "schemes/unionpay": ["tests/schemes/test_unionpay_exact.py", "tests/schemes/test_boundaries.py"],
    "schemes/pix": [
        "tests/schemes/test_pix.py",
        "tests/schemes/test_boundaries.py",
        "tests/schemes/test_pix_exact.py",
    ],
    "schemes/fps": [
        "tests/schemes/test_fps.py",
        "tests/schemes/test_boundaries.py",
        "tests/schemes/test_fps_exact.py",
    ],
    "schemes/nepalpay": ["tests/schemes/test_nepalpay.py", "tests/schemes/test_nepalpay_exact.py"],
    "schemes/lankaqr": ["tests/schemes/test_lankaqr.py", "tests/schemes/test_lankaqr_exact.py"],
    "schemes/bharatqr": [
        "tests/schemes/test_bharatqr.py",
        "tests/schemes/test_bharatqr_exact.py",
    ],
    "schemes/fonepay": [
        "tests/schemes/test_fonepay.py",
        "tests/schemes/test_fonepay_exact.py",
    ],
    "schemes/jpqr": [
        "tests/schemes/test_jpqr.py",
        "tests/schemes/test_jpqr_exact.py",
    ],
    "schemes/keqr": [
        "tests/schemes/test_keqr.py",
        "tests/schemes/test_keqr_exact.py",
    ],
    "schemes/nqr": [
        "tests/schemes/test_nqr.py",
        "tests/schemes/test_nqr_exact.py",
    ],
    "schemes/raast": [
        "tests/schemes/test_raast.py",
        "tests/schemes/test_raast_exact.py",
    ],
}
DEFAULT = ["crc", "tlv", "amount"]
#: names that stand for several modules on the command line
GROUPS: dict[str, list[str]] = {
    "core": ["crc", "tlv", "amount", "iso", "_rules", "codec", "model", "builder", "text"],
    "schemes": [m for m in TESTS if m.startswith("schemes/")],
}
# consumer-presented mode (qrpay/cpm.py) is its own format: in "all", not in "core"
GROUPS["all"] = GROUPS["core"] + ["cpm"] + GROUPS["schemes"]


def selection(module: str) -> list[str]:
    """pytest arguments that select the module's tests. A scheme module also answers to the
    corpus vectors of its scheme (tests/test_vectors.py, whose ids start with the scheme id):
    most of a scheme's rules are pinned there, by code, path and severity."""
    tests = list(TESTS[module])
    if module.startswith("schemes/"):
        tests += ["tests/test_vectors.py", "-k", module.removeprefix("schemes/")]
    elif module in ("_rules", "codec"):
        # the EMVCo rules are pinned by the corpus's emvco vectors (code, path, offset)
        own = " or ".join(Path(t).stem for t in tests)
        selected = f"{own} or emvco or test_deviations"
        tests += ["tests/test_vectors.py", "tests/test_deviations.py", "-k", selected]
    return tests


#: decorators mutmut 3 would skip a function for, and how the scratch copy applies them
#: instead (after the function, so mutmut's trampoline is what they wrap)
_CACHES = {"cache", "functools.cache", "lru_cache", "functools.lru_cache"}


def undecorate(source: str) -> tuple[str, list[str]]:
    """``source`` with the decorators mutmut 3 skips a function for moved after it.

    mutmut 3 does not mutate a decorated function (other than ``@staticmethod`` and
    ``@classmethod``): its trampoline cannot stand under ``@property``, and a decorator runs
    at import. Left alone, qrpay's properties (the model's typed fields, the scheme views),
    its caches and the scheme builders under ``@checked_keywords`` would never be mutated
    and the kill rate would silently leave them out. In the scratch copy only:

    * ``@property def name`` becomes ``def _prop_name`` followed by
      ``name = property(_prop_name)``;
    * ``@cache``/``@lru_cache(...)`` is dropped (mutants must not be answered from a cache
      filled before mutmut forks) and ``name.cache_clear`` becomes a no-op;
    * ``@checked_keywords(...)`` becomes ``name = checked_keywords(...)(name)``.

    Functions with any other decorator (``@overload``, setters) are left as they are.
    Returns the new source and the names rewritten.
    """
    tree = ast.parse(source)
    lines = source.splitlines(keepends=True)
    edits: list[tuple[int, int, list[str]]] = []  # (first line, last line, replacement), 0-based
    names: list[str] = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) or not node.decorator_list:
            continue
        texts = [ast.get_source_segment(source, d) or "" for d in node.decorator_list]
        kinds = []
        for text in texts:
            head = text.split("(", 1)[0]
            kinds.append(
                "property" if text == "property" else "cache" if head in _CACHES
                else "wrap" if head == "checked_keywords" else None
            )  # fmt: skip
        if None in kinds or len(kinds) != 1:
            continue
        kind, text = kinds[0], texts[0]
        assert node.end_lineno is not None
        first, def_line, last = node.decorator_list[0].lineno - 1, node.lineno - 1, node.end_lineno - 1
        indent = lines[def_line][: len(lines[def_line]) - len(lines[def_line].lstrip())]
        body = lines[def_line : last + 1]
        name = node.name
        if kind == "property":
            body[0] = body[0].replace(f"def {name}(", f"def _prop_{name}(", 1)
            after = [f"{indent}{name} = property(_prop_{name})\n"]
        elif kind == "cache":
            after = [f"{indent}{name}.cache_clear = lambda: None  # the cache is dropped here\n"]
        else:
            after = [f"{indent}{name} = {text}({name})\n"]
        if not body[-1].endswith("\n"):
            body[-1] += "\n"
        edits.append((first, last, body + after))
        names.append(name)
    for first, last, replacement in sorted(edits, reverse=True):
        lines[first : last + 1] = replacement
    return "".join(lines), names


def scratch_copy(module: str, base: Path) -> Path:
    work = base / module.replace("/", "_")
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    for name in ("qrpay", "tests", "fixtures", "scripts", "docs"):
        shutil.copytree(ROOT / name, work / name, ignore=shutil.ignore_patterns("__pycache__"))
    target = work / "qrpay" / f"{module}.py"
    source, _names = undecorate(target.read_text(encoding="utf-8"))
    target.write_text(source, encoding="utf-8")
    tests = selection(module)
    config = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    config += (
        "\n[tool.mutmut]\n"
        'source_paths = ["qrpay"]\n'
        f'only_mutate = ["qrpay/{module}.py"]\n'
        'also_copy = ["fixtures", "scripts", "docs"]\n'
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
        # the repository's addopts collect qrpay's doctests too; the module's tests decide here
        'pytest_add_cli_args = ["-p", "no:cacheprovider", "-o", "addopts=", "-q"]\n'
    )
    (work / "pyproject.toml").write_text(config, encoding="utf-8")
    return work


@dataclass
class Result:
    module: str
    work: str
    seconds: int
    stopped: bool
    mutants: int
    killed: int
    timeout: int
    survived: list[str]
    not_run: int
    other: dict[str, int]
    exit: int | None

    @property
    def rate(self) -> float | None:
        run = self.killed + self.timeout + len(self.survived)
        return (self.killed + self.timeout) / run if run else None

    @property
    def shown_rate(self) -> str:
        return "-" if self.rate is None else f"{100 * self.rate:.1f}%"


def _memory_limit(megabytes: int) -> Callable[[], None]:
    """A pre-exec hook capping the address space of mutmut and every mutant it forks: a mutant
    that turns a loop endless while appending (tlv's ``_parse_chars`` #32 grew to 11 GB) then
    dies with MemoryError, counted as killed, instead of taking the machine down."""

    def limit() -> None:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return limit


def run_module(module: str, base: Path, budget: float, workers: int, memory_mb: int = 4096) -> Result:
    work = scratch_copy(module, base)
    env = dict(os.environ, HYPOTHESIS_PROFILE="ci", PYTHONDONTWRITEBYTECODE="1", QRPAY_MUTATION="1")
    mutmut = str(Path(sys.executable).with_name("mutmut"))
    started = time.monotonic()
    log = (work / "mutmut-run.log").open("w", encoding="utf-8")
    proc = subprocess.Popen(
        [mutmut, "run", "--max-children", str(workers)],
        cwd=work,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
        preexec_fn=_memory_limit(memory_mb),  # noqa: PLW1509 - this script starts no threads
    )
    stopped = False
    try:
        proc.wait(timeout=budget)
    except subprocess.TimeoutExpired:
        stopped = True
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    log.close()
    seconds = time.monotonic() - started
    results = subprocess.run(
        [mutmut, "results", "--all", "true"], cwd=work, env=env, capture_output=True, text=True, check=False
    ).stdout
    status: dict[str, str] = {}
    for line in results.splitlines():
        name, sep, state = line.strip().rpartition(": ")
        if sep:
            status[name] = state
    counts: dict[str, int] = {}
    for state in status.values():
        counts[state] = counts.get(state, 0) + 1
    killed = counts.get("killed", 0)
    timeout = counts.get("timeout", 0)
    # a mutant that no selected test reaches ("no tests") is a survivor too
    survived = [
        n if s == "survived" else f"{n} (no tests)"
        for n, s in status.items()
        if s in ("survived", "no tests")
    ]
    run = killed + timeout + len(survived)  # the rest: no test reached it, or not run in time
    return Result(
        module=module,
        work=str(work),
        seconds=round(seconds),
        stopped=stopped,
        mutants=len(status),
        killed=killed,
        timeout=timeout,
        survived=survived,
        not_run=len(status) - run,
        other={k: v for k, v in counts.items() if k not in ("killed", "timeout", "survived", "no tests")},
        exit=proc.returncode,
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "modules", nargs="*", help=f"modules or groups ({', '.join(GROUPS)}); default: {' '.join(DEFAULT)}"
    )
    parser.add_argument("--budget", type=float, default=600, help="seconds per module (default 600)")
    parser.add_argument("--workers", type=int, default=2, help="mutmut children (default 2)")
    parser.add_argument(
        "--memory", type=int, default=4096, help="address-space limit per process, MB (default 4096)"
    )
    parser.add_argument("--scratch", type=Path, default=Path(tempfile.gettempdir()) / "qrpay-mutation")
    parser.add_argument("--json", type=Path, help="also write the results here")
    parser.add_argument("--list", action="store_true", help="list the modules and their tests")
    args = parser.parse_args(argv)
    if args.list:
        for module in TESTS:
            print(f"{module:20} {' '.join(selection(module))}")
        return 0
    modules = [m for name in args.modules or DEFAULT for m in GROUPS.get(name, [name])]
    unknown = [m for m in modules if m not in TESTS]
    if unknown:
        parser.error(f"unknown module(s) {', '.join(unknown)}; see --list (groups: {', '.join(GROUPS)})")
    if shutil.which("mutmut", path=str(Path(sys.executable).parent)) is None:
        parser.error("mutmut is not installed in this environment: pip install 'mutmut>=3.3,<4'")
    rows: list[Result] = []
    for module in modules:
        row = run_module(module, args.scratch, args.budget, args.workers, args.memory)
        rows.append(row)
        print(
            f"{module}: {row.shown_rate} killed ({row.killed} killed, {row.timeout} timed out, "
            f"{len(row.survived)} survived, {row.not_run} not run"
            f"{' - stopped at the budget' if row.stopped else ''}) in {row.seconds} s",
            flush=True,
        )
        for name in row.survived:
            print(f"  survived: {name}")
    print(
        f"\n{'module':20} {'mutants':>8} {'killed':>7} {'timeout':>8} {'survived':>9} {'not run':>8}", end=""
    )
    print(f" {'rate':>7} {'s':>6}")
    for row in rows:
        print(
            f"{row.module:20} {row.mutants:>8} {row.killed:>7} {row.timeout:>8} {len(row.survived):>9} "
            f"{row.not_run:>8} {row.shown_rate:>7} {row.seconds:>6}"
        )
    print(f"\nscratch copies (run `mutmut show NAME` there): {args.scratch}")
    if args.json:
        data = [{**asdict(r), "rate": r.rate} for r in rows]
        args.json.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
