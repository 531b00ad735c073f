// Conformance adapter for npm `@walletfactory/emvqr`: "Decode emv qr code specification for payments".
//
//   node scripts/conformance/adapters/walletfactory_emvqr.mjs     (packages: see run_scoreboard.sh)
//
// decode: `decode(payload)`.  It throws Error("Checksum validation failed.") when its CRC (over
//   the UTF-8 bytes, compared case-sensitively) differs -> syntax invalid.  Otherwise it returns
//   an object keyed by ID; its reader stops silently (returns what it has, or {}) at a length
//   that does not match, an ID its scheme does not list, or an empty value.  An empty result ->
//   syntax invalid (nothing decoded); otherwise syntax valid with what it returned.  Text order
//   and repeated IDs are lost, so `objects` are listed in ascending ID order with 63 last.  A
//   value it expanded (any ID whose value reads as TLV of its scheme) is an object: given as
//   children, with the value rebuilt from them.  Other exceptions: {"error": ...} (a failure).
//   No rules: `rules` is omitted.  encode: the library has none -> unsupported.

import { requireX, serve, mapToPairs } from "./_lib.mjs";

const lib = requireX("@walletfactory/emvqr");

function valueOf(v) {
  if (v && typeof v === "object") return mapToPairs(v).map(([k, x]) => k + String(valueOf(x).length).padStart(2, "0") + valueOf(x)).join("");
  return String(v);
}

function decode(req) {
  let res;
  try {
    res = lib.decode(req.payload);
  } catch (e) {
    if (e instanceof Error && e.message === "Checksum validation failed.") return { syntax: "invalid" };
    throw e;
  }
  if (!res || Object.keys(res).length === 0) return { syntax: "invalid" };
  const objects = mapToPairs(res).map(([k, v]) => {
    const o = [k, valueOf(v)];
    if (v && typeof v === "object") o.push(mapToPairs(v).map(([k2, v2]) => [k2, valueOf(v2)]));
    return o;
  });
  return { syntax: "valid", objects };
}

serve({ decode, encode: () => null });
