// Shared JSON Lines loop for the Node adapters of the conformance scoreboard.
//
// The npm packages are installed OUTSIDE the repo by scripts/conformance/run_scoreboard.sh
// (default /tmp/qrpay-scoreboard/npm, override with SCOREBOARD_NPM_DIR); nothing from
// them is copied into the repo.  Protocol: docs/conformance.md ("the adapter protocol").
//
// Each request is answered exactly once; a handler that throws is caught here and the
// request is answered by `onError` (default: unsupported), so a library exception never
// crashes the adapter.  A decode request's `now` (an encode request's `fields.now`) sets a
// fake clock (Date.now() and `new Date()`) for the duration of that request, for libraries
// that check expiry or stamp the creation time.

import { createRequire } from "node:module";
import path from "node:path";
import fs from "node:fs";
import readline from "node:readline";

process.env.TZ = "UTC";

export const NPM_DIR = process.env.SCOREBOARD_NPM_DIR || "/tmp/qrpay-scoreboard/npm";
export const requireX = createRequire(path.join(NPM_DIR, "package.json"));

export function pkgVersion(name) {
  return JSON.parse(fs.readFileSync(path.join(NPM_DIR, "node_modules", name, "package.json"), "utf8")).version;
}

const RealDate = Date;
let fakeNow = null;
class FakeDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(fakeNow ?? RealDate.now());
    else super(...args);
  }
  static now() {
    return fakeNow ?? RealDate.now();
  }
}
FakeDate.UTC = RealDate.UTC;
FakeDate.parse = RealDate.parse;
globalThis.Date = FakeDate;

/** Split a JS object keyed by tag into [tag, value] pairs: ascending tag order, 63 last.
 *  (Used for libraries that return a map keyed by tag: the text order is lost there.) */
export function mapToPairs(obj) {
  const keys = Object.keys(obj).sort();
  const crc = keys.filter((k) => k === "63");
  return [...keys.filter((k) => k !== "63"), ...crc].map((k) => [k, obj[k]]);
}

export function describe(e) {
  if (e instanceof Error) return `${e.name}: ${e.message}`;
  try {
    return JSON.stringify(e);
  } catch {
    return String(e);
  }
}

/**
 * Run the loop.  handlers: { decode(req) -> response fields, encode(req) -> response fields }.
 * A handler returning null/undefined, or a missing handler, answers unsupported.
 * onError(req, error) -> response fields.  Default: {"error": "..."} without `syntax`, which
 * the runner scores as a failure (malformed response): a library that crashes on an input
 * has not decoded it, and answering unsupported would hide that.
 */
export function serve(handlers, onError) {
  const rl = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  rl.on("line", (line) => {
    if (!line.trim()) return;
    let req;
    try {
      req = JSON.parse(line);
    } catch (e) {
      process.stderr.write(`not JSON: ${describe(e)}\n`);
      return;
    }
    const id = req && typeof req === "object" ? req.id : undefined;
    let out;
    try {
      const h = handlers[req.op];
      // decode: the request's `now`; encode: the vector's `fields.now` (the generation clock)
      const now = req.op === "encode" ? req.fields && req.fields.now : req.now;
      fakeNow = typeof now === "string" ? RealDate.parse(now) : null;
      if (Number.isNaN(fakeNow)) fakeNow = null;
      out = h ? h(req) : null;
    } catch (e) {
      try {
        out = onError ? onError(req, e) : { error: `thrown: ${describe(e)}` };
      } catch (e2) {
        out = { error: `thrown: ${describe(e2)}` };
      }
    } finally {
      fakeNow = null;
    }
    if (!out) out = { unsupported: true };
    process.stdout.write(JSON.stringify({ id, ...out }) + "\n");
  });
}
