// Conformance adapter for npm `bakong-khqr` (the official KHQR JavaScript SDK, National Bank of Cambodia).
//
//   node scripts/conformance/adapters/bakong_khqr.mjs     (packages: see run_scoreboard.sh)
//
// decode:
//   * syntax: the SDK's own checks that verify() starts with: its CRC regex (checkCRCRegExp on
//     the text) and its crc16 over the text before the last 4 characters compared with them
//     upper-cased.  Pass -> syntax valid, objects from BakongKHQR.decodeNonKhqr() (the SDK's
//     generic TLV reader, with children for 26-51, 62, 64, 80-99).  decodeNonKhqr returns an
//     object keyed by tag, so text order and repeated tags are lost: objects are listed in
//     ascending tag order with 63 last (see _lib.mjs mapToPairs).
//   * rules: BakongKHQR.verify() (CRC + the SDK's KHQR validation) -> valid / invalid, claimed
//     only when the code names Cambodia (decodeNonKhqr gives 58 = "KH"): the SDK validates KHQR
//     and nothing else.  rule_ids: the SDK's error (replayed with its internal decodeValidation,
//     as scripts/crosscheck/khqr_bakong.mjs does) mapped to the suite's rule ids where one fits,
//     else "bakong-khqr:<ERROR_NAME>".
// encode (scheme khqr only): generateIndividual / generateMerchant with the vector's fields;
//   an SDK error status (or a thrown exception) is a refusal; a success status without a QR
//   string is answered {"error": ...} (scored as a failure).  The clock is the vector's
//   fields.now (see _lib.mjs).  Other schemes: unsupported.

import { requireX, serve, mapToPairs, describe } from "./_lib.mjs";

const { BakongKHQR, IndividualInfo, MerchantInfo } = requireX("bakong-khqr");
const decodeKHQRValidation = requireX("bakong-khqr/src/controller/decodeValidation");
const sdkCrc16 = requireX("bakong-khqr/src/helper/crc16");
const errorCode = requireX("bakong-khqr/src/constant/errorCode");
// verify()'s first check (checkCRCRegExp in the SDK's src/index.js, not exported): same regex.
const checkCRCRegExp = (s) => /6304[A-Fa-f0-9]{4}$/.test(s);

const NAME_OF = Object.fromEntries(Object.entries(errorCode).map(([k, v]) => [v.code, k]));
const RULE = {
  BAKONG_ACCOUNT_ID_REQUIRED: "khqr.account-id",
  BAKONG_ACCOUNT_ID_INVALID: "khqr.account-id",
  BAKONG_ACCOUNT_ID_LENGTH_INVALID: "khqr.account-id",
  UNSUPPORTED_CURRENCY: "khqr.currency",
  EXPIRATION_TIMESTAMP_REQUIRED: "khqr.expiration-missing",
  KHQR_EXPIRED: "khqr.expired",
  POINT_OF_INITIATION_METHOD_INVALID: "khqr.initiation",
  TAG_NOT_IN_ORDER: "khqr.tag-order",
  MERCHANT_ID_REQUIRED: "khqr.merchant-id",
  MERCHANT_ID_LENGTH_INVALID: "khqr.merchant-id",
  ACQUIRING_BANK_REQUIRED: "khqr.acquiring-bank",
  ACQUIRING_BANK_LENGTH_INVALID: "khqr.acquiring-bank",
  ACCOUNT_INFORMATION_LENGTH_INVALID: "khqr.account-information",
  UPI_ACCOUNT_INFORMATION_INVALID_CURRENCY: "khqr.upi-currency",
  EXPIRATION_TIMESTAMP_LENGTH_INVALID: "khqr.timestamp-format",
  COUNTRY_CODE_LENGTH_INVALID: "khqr.country",
  PAYLOAD_FORMAT_INDICATOR_TAG_REQUIRED: "khqr.required",
  MERCHANT_CATEGORY_TAG_REQUIRED: "khqr.required",
  COUNTRY_CODE_TAG_REQUIRED: "khqr.required",
  MERCHANT_CITY_TAG_REQUIRED: "khqr.required",
  MERCHANT_NAME_REQUIRED: "khqr.required",
  CRC_TAG_REQUIRED: "emvco.crc.missing",
};

function crcOk(s) {
  if (!checkCRCRegExp(s)) return false;
  if (s.length < 4) return false;
  return sdkCrc16(s.slice(0, -4)) == s.slice(-4).toUpperCase();
}

function toPairs(data) {
  return mapToPairs(data).map(([k, v]) => {
    if (v && typeof v === "object") {
      const kids = mapToPairs(v).map(([k2, v2]) => [k2, typeof v2 === "string" ? v2 : serialise(v2)]);
      return [k, serialise(v), kids];
    }
    return [k, String(v)];
  });
}
// decodeNonKhqr replaces a template's value by its children (a map keyed by tag): rebuild the
// value from them, in the same ascending tag order as mapToPairs.
function serialise(obj) {
  let out = "";
  for (const [k, v] of mapToPairs(obj)) {
    const s = typeof v === "string" ? v : serialise(v);
    out += k + String(s.length).padStart(2, "0") + s;
  }
  return out;
}

function ruleIds(payload) {
  if (!crcOk(payload)) return ["emvco.crc.mismatch"];
  try {
    decodeKHQRValidation(payload);
  } catch (err) {
    const c = err && err.status ? err.status.errorCode : null;
    const name = NAME_OF[c];
    if (name) return [RULE[name] || `bakong-khqr:${name}`];
    return [`bakong-khqr:${describe(err).slice(0, 80)}`];
  }
  return ["bakong-khqr:KHQR_INVALID"];
}

function decode(req) {
  const p = req.payload;
  if (!crcOk(p)) return { syntax: "invalid" };
  const data = BakongKHQR.decodeNonKhqr(p).data || {};
  const out = { syntax: "valid", objects: toPairs(data) };
  if (data["58"] === "KH") {
    const ok = BakongKHQR.verify(p).isValid;
    out.rules = ok ? "valid" : "invalid";
    if (!ok) out.rule_ids = ruleIds(p);
  }
  return out;
}

const num = (v) => (typeof v === "string" && /^\d+$/.test(v) ? Number(v) : v);
const OPT = {
  currency: "currency",
  amount: "amount",
  expires_at: "expirationTimestamp",
  account_information: "accountInformation",
  acquiring_bank: "acquiringBank",
  bill_number: "billNumber",
  mobile_number: "mobileNumber",
  purpose: "purposeOfTransaction",
  store_label: "storeLabel",
  terminal_label: "terminalLabel",
  language_preference: "languagePreference",
  merchant_name_alternate: "merchantNameAlternateLanguage",
  merchant_city_alternate: "merchantCityAlternateLanguage",
  merchant_category_code: "merchantCategoryCode",
  upi_account: "upiMerchantAccount",
};
const BASE = new Set(["account_id", "merchant_name", "merchant_city", "merchant", "merchant_id", "now"]);

function encode(req) {
  if (req.scheme !== "khqr") return null;
  const f = req.fields || {};
  const optional = {};
  for (const [k, v] of Object.entries(f)) {
    if (BASE.has(k) || (k === "acquiring_bank" && f.merchant)) continue;
    if (!(k in OPT)) return { unsupported: true, reason: `no SDK field for ${k}` };
    optional[OPT[k]] = k === "currency" ? num(v) : v;
  }
  const khqr = new BakongKHQR();
  const res = f.merchant
    ? khqr.generateMerchant(new MerchantInfo(f.account_id, f.merchant_name, f.merchant_city, f.merchant_id, f.acquiring_bank, optional))
    : khqr.generateIndividual(new IndividualInfo(f.account_id, f.merchant_name, f.merchant_city, optional));
  const qr = res && res.data ? res.data.qr : undefined;
  if (typeof qr === "string") return { payload: qr };
  if (res && res.status && res.status.code === 0) {
    // status says success but there is no QR text (e.g. data.qr is an Error): not a refusal.
    return { error: `SDK reported success without a QR string: ${describe(qr)}` };
  }
  return { refused: true, reason: describe(res && res.status ? res.status : res) };
}

serve({ decode, encode }, (req, e) =>
  req.op === "encode" ? { refused: true, reason: `thrown: ${describe(e)}` } : { error: `thrown: ${describe(e)}` }
);
