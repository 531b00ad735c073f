#!/usr/bin/env bash
# Score other EMVCo MPM implementations on qrpay's conformance suite (docs/conformance.md,
# "Scoreboard"), next to qrpay itself.
#
#   bash scripts/conformance/run_scoreboard.sh            # from anywhere; writes docs/conformance/results/
#
# What it does:
#   1. installs the pinned npm packages into a scratch folder ($SCOREBOARD_DIR/npm, default
#      /tmp/qrpay-scoreboard/npm) and the pinned PyPI packages into a scratch virtual environment
#      ($SCOREBOARD_DIR/pyvenv).  Nothing is installed into the repo or into qrpay's venv.
#   2. runs `qrpay conformance run --report R.json --markdown R.md -- <adapter>` for every adapter
#      in scripts/conformance/adapters/ and for qrpay's own adapter, writing
#      docs/conformance/results/<name>.json and <name>.md;
#   3. writes docs/conformance/results/versions.json (package versions, node, python, date).
#
# Environment: SCOREBOARD_DIR (scratch folder), QRPAY (the qrpay command, default the repo's
# .venv/bin/qrpay), PYTHON (the interpreter that makes the scratch venv, default python3),
# SKIP_INSTALL=1 (reuse what is installed).  Needs node >= 18 and npm.
# Exit status: 0 when every run completed (a run whose adapter fails vectors is status 1 of
# `qrpay conformance run` and is expected); 1 when a run could not be done (status 2).
# CI does not run this script; it runs only qrpay's own adapter (tests/test_conformance_runner.py).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$ROOT"
SCRATCH="${SCOREBOARD_DIR:-/tmp/qrpay-scoreboard}"
QRPAY="${QRPAY:-$ROOT/.venv/bin/qrpay}"
PYTHON="${PYTHON:-python3}"
OUT="docs/conformance/results"
ADAPTERS="scripts/conformance/adapters"

# name|npm package@version
NPM_PACKAGES=(
  "bakong-khqr@1.0.20"
  "promptparse@1.6.0"
  "vietnam-qr-pay@1.5.1"
  "emvco-qr-sdk@1.0.0"
  "emvqr@0.0.5"
  "@walletfactory/emvqr@0.1.1"
)
PYPI_PACKAGES=(
  "qriskit==0.2.0"
  "sgqrgen==0.1.2"
)

if [[ "${SKIP_INSTALL:-0}" != 1 ]]; then
  mkdir -p "$SCRATCH/npm"
  [[ -f "$SCRATCH/npm/package.json" ]] || echo '{"name": "qrpay-scoreboard", "private": true}' > "$SCRATCH/npm/package.json"
  (cd "$SCRATCH/npm" && npm install --no-audit --no-fund --save-exact "${NPM_PACKAGES[@]}")
  [[ -x "$SCRATCH/pyvenv/bin/python" ]] || "$PYTHON" -m venv "$SCRATCH/pyvenv"
  "$SCRATCH/pyvenv/bin/python" -m pip install --quiet "${PYPI_PACKAGES[@]}"
fi
export SCOREBOARD_NPM_DIR="$SCRATCH/npm"
PY="$SCRATCH/pyvenv/bin/python"

mkdir -p "$OUT" "$SCRATCH"
failed=0
score() { # name, command...
  local name="$1"; shift
  echo "== $name: $*"
  local status=0
  # stdout (the scoreboard) goes to a log in the scratch folder; its totals line is shown.
  "$QRPAY" conformance run --report "$OUT/$name.json" --markdown "$OUT/$name.md" -- "$@" \
    > "$SCRATCH/$name.log" 2>&1 || status=$?
  head -n 4 "$SCRATCH/$name.log"
  if [[ "$status" -ge 2 ]]; then echo "!! $name: qrpay conformance run exited $status (see $SCRATCH/$name.log)" >&2; failed=1; fi
}

score qrpay "$QRPAY" conformance adapter
score bakong-khqr node "$ADAPTERS/bakong_khqr.mjs"
score promptparse node "$ADAPTERS/promptparse.mjs"
score vietnam-qr-pay node "$ADAPTERS/vietnam_qr_pay.mjs"
score emvco-qr-sdk node "$ADAPTERS/emvco_qr_sdk.mjs"
score emvqr node "$ADAPTERS/emvqr.mjs"
score walletfactory-emvqr node "$ADAPTERS/walletfactory_emvqr.mjs"
score qriskit "$PY" "$ADAPTERS/qriskit_adapter.py"
score sgqrgen "$PY" "$ADAPTERS/sgqrgen_adapter.py"

# Versions actually installed (not just the pins), for the scoreboard table.
node - "$SCRATCH/npm" "$OUT/versions.json" "$("$PY" -c 'import importlib.metadata as m, json, sys; print(json.dumps({p: m.version(p) for p in ["qriskit", "sgqrgen"]} | {"python": sys.version.split()[0]}))')" "$("$QRPAY" --version 2>&1 | tail -n 1)" <<'JS'
const fs = require("fs"), path = require("path");
const [dir, out, py, qrpay] = process.argv.slice(2);
const npm = {};
for (const p of ["bakong-khqr", "promptparse", "vietnam-qr-pay", "emvco-qr-sdk", "emvqr", "@walletfactory/emvqr"])
  npm[p] = JSON.parse(fs.readFileSync(path.join(dir, "node_modules", p, "package.json"), "utf8")).version;
const pyv = JSON.parse(py);
const v = { date: new Date().toISOString().slice(0, 10), qrpay, node: process.version, python: pyv.python, npm, pypi: { qriskit: pyv.qriskit, sgqrgen: pyv.sgqrgen } };
fs.writeFileSync(out, JSON.stringify(v, null, 2) + "\n");
JS
echo "wrote $OUT/*.json, *.md and versions.json"
exit "$failed"
