// Conformance adapter for npm `emvco-qr-sdk` (miguelfercamargo): "decode, validate, and map
// EMVCo-compliant QR codes".
//
//   node scripts/conformance/adapters/emvco_qr_sdk.mjs     (packages: see run_scoreboard.sh)
//
// decode: `parseQR(payload, {parseMode: QRParseMode.TLV})` (its validateQRString + TLV parser;
//   both throw Error on a text that is not TLV: empty, a bad length, a value past the end) ->
//   syntax invalid; then `getCrcInfo(payload, tlvs).isValid` (the check parseFullQR reports as
//   crc.isValid) false -> syntax invalid.  Otherwise `objects` are the TLV entities in text
//   order, with their `subTags` as children (the library expands any value that re-serialises
//   exactly as TLV; children given for IDs the vector does not expand are not judged).
//   The library checks no scheme rules: `rules` is omitted.  encode: none -> unsupported.

import { requireX, serve } from "./_lib.mjs";

const { parseQR, getCrcInfo, QRParseMode } = requireX("emvco-qr-sdk");

function decode(req) {
  let tlvs;
  try {
    tlvs = parseQR(req.payload, { parseMode: QRParseMode.TLV });
  } catch (e) {
    if (e instanceof Error && !(e instanceof TypeError) && !(e instanceof RangeError)) return { syntax: "invalid" };
    throw e;
  }
  if (!getCrcInfo(req.payload, tlvs).isValid) return { syntax: "invalid" };
  const objects = tlvs.map((t) => {
    const o = [String(t.tag), String(t.value)];
    if (Array.isArray(t.subTags)) o.push(t.subTags.map((s) => [String(s.tag), String(s.value)]));
    return o;
  });
  return { syntax: "valid", objects };
}

serve({ decode, encode: () => null });
