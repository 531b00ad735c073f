// Conformance adapter for npm `emvqr` (DannielWhatever): "Javascript library to parse EMV QR codes".
//
//   node scripts/conformance/adapters/emvqr.mjs     (packages: see run_scoreboard.sh)
//
// decode: `emvqr.decode(payload)`.  It throws Error("checksum validation failed.") (CRC over the
//   UTF-8 bytes, compared case-sensitively) or Error("Invalid EMV data") (a length that is not a
//   number): both -> syntax invalid.  Any other exception (a TypeError, e.g. from its MCC /
//   currency / country look-ups) is a crash, answered {"error": ...} and so scored as a failure.
//   The result is an object keyed by ID: text order and repeated IDs are lost, so `objects` are
//   listed in ascending ID order with 63 last.  The library rewrites some values: 52, 53 and 58
//   get a description appended ("5411 (Grocery...)") -> the adapter keeps the first `len`
//   characters; the templates it expands (26-51, 62) hold {id, len, data} children -> they are
//   given as children and the value is rebuilt from them (same ID order).
//   No rules: `rules` is omitted.  encode: the library has none -> unsupported.

import { requireX, serve, mapToPairs } from "./_lib.mjs";

const emvqr = requireX("emvqr");

function valueOf(item) {
  if (item && typeof item.data === "object" && item.data !== null) {
    return mapToPairs(item.data).map(([k, v]) => k + String(valueOf(v).length).padStart(2, "0") + valueOf(v)).join("");
  }
  const s = String(item.data);
  return ["52", "53", "58"].includes(item.id) ? s.slice(0, item.len) : s;
}

function decode(req) {
  let res;
  try {
    res = emvqr.decode(req.payload);
  } catch (e) {
    if (e instanceof Error && /^(checksum validation failed\.|Invalid EMV data)$/.test(e.message)) return { syntax: "invalid" };
    throw e;
  }
  const objects = mapToPairs(res).map(([k, item]) => {
    const o = [k, valueOf(item)];
    if (item && typeof item.data === "object" && item.data !== null) o.push(mapToPairs(item.data).map(([k2, v2]) => [k2, valueOf(v2)]));
    return o;
  });
  return { syntax: "valid", objects };
}

serve({ decode, encode: () => null });
