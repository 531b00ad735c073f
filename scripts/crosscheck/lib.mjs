// Shared helpers for the cross-check drivers in this folder.
//
// The drivers import npm packages that are installed OUTSIDE the repo, in a
// scratch folder (default /tmp/xcheck, override with XCHECK_DIR).  Nothing from
// those packages is copied into the repo; only the drivers and their JSON
// output are committed.
//
// Determinism: every driver runs under a fixed fake clock (Date.now() and
// `new Date()` without arguments return FIXED_NOW_MS) and with TZ=UTC, so
// re-running a driver regenerates a byte-identical JSON file.

import { createRequire } from "node:module";
import path from "node:path";
import fs from "node:fs";

process.env.TZ = "UTC";

export const XCHECK_DIR = process.env.XCHECK_DIR || "/tmp/xcheck";
export const requireX = createRequire(path.join(XCHECK_DIR, "package.json"));

// 2026-01-01T00:00:00.000Z
export const FIXED_NOW_MS = 1767225600000;

const RealDate = Date;
let currentNow = FIXED_NOW_MS;

class FakeDate extends RealDate {
  constructor(...args) {
    if (args.length === 0) super(currentNow);
    else super(...args);
  }
  static now() {
    return currentNow;
  }
}
FakeDate.UTC = RealDate.UTC;
FakeDate.parse = RealDate.parse;
globalThis.Date = FakeDate;

/** Set the fake clock (ms since epoch). */
export function setClock(ms) {
  currentNow = ms;
}
/** Reset the fake clock to FIXED_NOW_MS. */
export function resetClock() {
  currentNow = FIXED_NOW_MS;
}
/** Run fn with the fake clock set to ms, then restore FIXED_NOW_MS. */
export function withClock(ms, fn) {
  const prev = currentNow;
  currentNow = ms;
  try {
    return fn();
  } finally {
    currentNow = prev;
  }
}

export function pkgVersion(name) {
  const p = path.join(XCHECK_DIR, "node_modules", name, "package.json");
  return JSON.parse(fs.readFileSync(p, "utf8")).version;
}

/** Describe a thrown value in a JSON-safe way. */
export function describeThrown(e) {
  if (e instanceof Error) return { thrown: `${e.name}: ${e.message}` };
  if (e && typeof e === "object") return { thrown_value: toJSONSafe(e) };
  return { thrown_value: String(e) };
}

/** Deep copy to JSON-safe values (undefined -> omitted, Error -> string). */
export function toJSONSafe(v) {
  return JSON.parse(
    JSON.stringify(v, (k, x) => {
      if (x instanceof Error) return `${x.name}: ${x.message}`;
      if (typeof x === "bigint") return String(x);
      if (typeof x === "number" && !Number.isFinite(x)) return String(x);
      return x;
    })
  );
}

/** Serialize an input object for the fixture, keeping number vs string and undefined explicit. */
export function describeInput(v) {
  return JSON.parse(
    JSON.stringify(v, (k, x) => {
      if (x === undefined) return "<undefined>";
      if (typeof x === "number" && !Number.isFinite(x)) return String(x);
      return x;
    })
  );
}

/** CRC-16/CCITT-FALSE over UTF-8 bytes, upper-case, 4 hex digits (used only to annotate/construct vectors). */
export function crc16ccittFalse(s) {
  const bytes = Buffer.from(s, "utf8");
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= b << 8;
    for (let i = 0; i < 8; i++) {
      crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
    }
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}

/** Does the payload end with 6304XXXX whose value is the CRC over UTF-8 bytes of the rest (case-insensitive)? */
export function crcOk(payload) {
  if (typeof payload !== "string" || payload.length < 8) return false;
  const body = payload.slice(0, -4);
  if (!body.endsWith("6304")) return false;
  return crc16ccittFalse(body) === payload.slice(-4).toUpperCase();
}

/** Replace the trailing 4-character CRC with a freshly computed one. */
export function withFreshCrc(bodyEndingIn6304) {
  return bodyEndingIn6304 + crc16ccittFalse(bodyEndingIn6304);
}

/**
 * Strict root-level TLV check counting lengths in UTF-16 code units (JS string length).
 * Returns {ok, tags:[...]} or {ok:false, at, reason}.
 */
export function rootTlv(payload) {
  const tags = [];
  let i = 0;
  while (i < payload.length) {
    const id = payload.slice(i, i + 2);
    const lenS = payload.slice(i + 2, i + 4);
    if (!/^\d\d$/.test(id) || !/^\d\d$/.test(lenS)) return { ok: false, at: i, reason: `bad id/length '${id}${lenS}'` };
    const len = Number(lenS);
    if (i + 4 + len > payload.length) return { ok: false, at: i, reason: "value runs past end" };
    tags.push(id);
    i += 4 + len;
  }
  return { ok: true, tags };
}

/** Standard annotation attached to each generated output (computed by the driver, not by the package). */
export function annotate(payload) {
  if (typeof payload !== "string") return undefined;
  const t = rootTlv(payload);
  return {
    crc_valid_utf8: crcOk(payload),
    root_tlv_ok: t.ok,
    root_tags: t.ok ? t.tags : undefined,
  };
}

export function writeFixture(outPath, obj) {
  const text = JSON.stringify(obj, null, 2) + "\n";
  if (outPath) fs.writeFileSync(outPath, text);
  else process.stdout.write(text);
}
