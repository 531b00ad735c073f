// Conformance adapter for npm `vietnam-qr-pay` (xuannghia): VietQR / VNPAY-QR encode and decode.
//
//   node scripts/conformance/adapters/vietnam_qr_pay.mjs     (packages: see run_scoreboard.sh)
//
// decode: `new QRPay(payload)`; `isValid` false (text under 4 characters, CRC mismatch, or a
//   root length that does not match its value) -> syntax invalid.  The library decodes into a
//   model (version, provider, consumer, amount, additional data...) and keeps no TLV list, so
//   `objects` are the model written back by the library's own build() and split with its own
//   QRPay.sliceContent(); ID 63 is the CRC value it read (qr.crc).  Root IDs the model has no
//   field for (27-37, 39-51, 64) are dropped by the library and so are missing from `objects`.
//   No children are given.  The library checks no scheme rules: `rules` is omitted.
// encode (scheme vietqr): QRPay.initVietQR({bankBin, bankNumber, amount, purpose, service,
//   initMethod}) then the merchant/category/additional fields on the object, then build().
//   Other schemes: unsupported.

import { requireX, serve, describe } from "./_lib.mjs";

const { QRPay } = requireX("vietnam-qr-pay");

function decode(req) {
  const qr = new QRPay(req.payload);
  if (!qr.isValid) return { syntax: "invalid" };
  const text = qr.build();
  const objects = [];
  let rest = text;
  while (rest.length >= 4) {
    const { id, length, value, nextValue } = QRPay.sliceContent(rest);
    objects.push([id, id === "63" && qr.crc !== undefined ? qr.crc : value]);
    if (nextValue === rest || !(length >= 0)) break;
    rest = nextValue;
  }
  return { syntax: "valid", objects };
}

const ADDITIONAL = {
  bill_number: "billNumber",
  mobile_number: "mobileNumber",
  store_label: "store",
  loyalty_number: "loyaltyNumber",
  reference_label: "reference",
  customer_label: "customerLabel",
  terminal_label: "terminal",
  purpose: "purpose",
};

function encode(req) {
  if (req.scheme !== "vietqr") return null;
  const f = req.fields || {};
  const known = new Set(["bank_bin", "account_number", "card_number", "amount", "purpose", "initiation",
    "merchant_category_code", "merchant_name", "merchant_city", "additional_data"]);
  for (const k of Object.keys(f)) if (!known.has(k)) return { unsupported: true, reason: `no library field for ${k}` };
  const opts = {
    bankBin: f.bank_bin,
    bankNumber: f.card_number ?? f.account_number,
    amount: f.amount,
    purpose: f.purpose,
  };
  if (f.card_number !== undefined) opts.service = "QRIBFTTC";
  if (f.initiation === "static") opts.initMethod = "11";
  else if (f.initiation === "dynamic") opts.initMethod = "12";
  const qr = QRPay.initVietQR(opts);
  if (f.merchant_category_code !== undefined) qr.category = f.merchant_category_code;
  if (f.merchant_name !== undefined) qr.merchant.name = f.merchant_name;
  if (f.merchant_city !== undefined) qr.city = f.merchant_city;
  for (const [k, v] of Object.entries(f.additional_data || {})) {
    if (!(k in ADDITIONAL)) return { unsupported: true, reason: `no library field for additional_data.${k}` };
    qr.additionalData[ADDITIONAL[k]] = v;
  }
  return { payload: qr.build() };
}

serve({ decode, encode }, (req, e) =>
  req.op === "encode" ? { refused: true, reason: `thrown: ${describe(e)}` } : { error: `thrown: ${describe(e)}` }
);
