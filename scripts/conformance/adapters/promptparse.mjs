// Conformance adapter for npm `promptparse` (maythiwat): "All-in-one JS library for PromptPay &
// EMVCo QR Codes".
//
//   node scripts/conformance/adapters/promptparse.mjs     (packages: see run_scoreboard.sh)
//
// decode: `parse(payload, true)` (strict: the library compares its CRC with the last four
//   characters, upper-cased).  null -> syntax invalid.  Otherwise `objects` are its tags in text
//   order ([id, value]), with its `subTags` as children where it parsed them (the library tries
//   every tag whose value looks like TLV, not only templates; children given for a tag the
//   vector does not expand are not judged).  promptparse's validators (validate.anyId ...)
//   extract PromptPay fields rather than judge rules: `rules` is omitted.
// encode: the suite's encode vectors are KHQR, PayNow and VietQR; promptparse generates
//   PromptPay / TrueMoney only -> unsupported.

import { requireX, serve } from "./_lib.mjs";

const pp = requireX("promptparse");

function decode(req) {
  const q = pp.parse(req.payload, true);
  if (!q) return { syntax: "invalid" };
  const tags = typeof q.getTags === "function" ? q.getTags() : q.tags;
  const objects = tags.map((t) => {
    const o = [String(t.id), String(t.value)];
    if (Array.isArray(t.subTags)) o.push(t.subTags.map((s) => [String(s.id), String(s.value)]));
    return o;
  });
  return { syntax: "valid", objects };
}

serve({ decode, encode: () => null });
