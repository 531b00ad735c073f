// Cross-check vectors from npm `promptparse` (maythiwat): PromptPay AnyID (tag 29), Bill Payment (tag 30),
// TrueMoney generators, plus its parser/validator on a few payloads.
//
//   cd /tmp/xcheck && npm install promptparse@1.6.0
//   node /work/main/scripts/crosscheck/promptpay_promptparse.mjs > /work/main/fixtures/crosscheck/promptpay-promptparse.json

import { requireX, FIXED_NOW_MS, pkgVersion, describeInput, describeThrown, toJSONSafe, annotate, writeFixture } from "./lib.mjs";

const PKG = "promptparse";
const pp = requireX(PKG);
const gen = requireX("promptparse/generate");
const val = requireX("promptparse/validate");

const R = [];
const req = (id, call, input, notes) => R.push({ id, call, input, notes });

// anyId
req("pparse-anyid-msisdn", "anyId", { type: "MSISDN", target: "0812345678" });
req("pparse-anyid-msisdn-4.22", "anyId", { type: "MSISDN", target: "0812345678", amount: 4.22 });
req("pparse-anyid-msisdn-100", "anyId", { type: "MSISDN", target: "0812345678", amount: 100 });
req("pparse-anyid-msisdn-12.5", "anyId", { type: "MSISDN", target: "0812345678", amount: 12.5 });
req("pparse-anyid-msisdn-0.01", "anyId", { type: "MSISDN", target: "0812345678", amount: 0.01 });
req("pparse-anyid-msisdn-1000000", "anyId", { type: "MSISDN", target: "0812345678", amount: 1000000 });
req("pparse-anyid-msisdn-0", "anyId", { type: "MSISDN", target: "0812345678", amount: 0 }, "amount 0 is falsy: static");
req("pparse-anyid-msisdn-dashes", "anyId", { type: "MSISDN", target: "081-234-5678" }, "no sanitising of the target");
req("pparse-anyid-msisdn-plus66", "anyId", { type: "MSISDN", target: "+66812345678" }, "no sanitising of the target");
req("pparse-anyid-natid", "anyId", { type: "NATID", target: "1234567890123" });
req("pparse-anyid-natid-dashes", "anyId", { type: "NATID", target: "1-2345-67890-12-3" }, "no sanitising of the target");
req("pparse-anyid-ewallet", "anyId", { type: "EWALLETID", target: "123456789012345" });
req("pparse-anyid-bankacc", "anyId", { type: "BANKACC", target: "0041234567890", amount: 50 }, "sub-tag 04 (bank code 004 + account)");
// billPayment
req("pparse-bill-static", "billPayment", { billerId: "011234567891233", ref1: "REF1234567890" });
req("pparse-bill-ref2-200", "billPayment", { billerId: "011234567891233", amount: 200, ref1: "REF123456789", ref2: "REF987654321" }, "same fields as emv-and-schemes.md 5.3 bill-payment example (which also has 59)");
req("pparse-bill-300", "billPayment", { billerId: "0994000165510", amount: 300.0, ref1: "INV12345" }, "README example shape (13-digit biller ID, no suffix)");
req("pparse-bill-ref3", "billPayment", { billerId: "011234567891233", amount: 1.5, ref1: "A", ref2: "B", ref3: "TERM01" }, "ref3 goes to 62/07");
// trueMoney
req("pparse-truemoney", "trueMoney", { mobileNo: "0801111111" });
req("pparse-truemoney-10-msg", "trueMoney", { mobileNo: "0801111111", amount: 10.0, message: "Hello World!" }, "tag 81 = UCS-2 hex of the message");
req("pparse-truemoney-thai-msg", "trueMoney", { mobileNo: "0801111111", amount: 10.0, message: "ขอบคุณ" });

const fns = { anyId: gen.anyId, billPayment: gen.billPayment, trueMoney: gen.trueMoney };
const requests = R.map((r) => {
  const e = { id: r.id, call: `generate.${r.call}`, input: describeInput(r.input) };
  try {
    const out = fns[r.call](r.input);
    e.output = out;
    e.check = annotate(out);
  } catch (err) {
    e.error = describeThrown(err);
  }
  if (r.notes) e.notes = r.notes;
  return e;
});

// Parser / validator on a few payloads
const P = [
  ["ref-phone-static", "00020101021129370016A000000677010111011300668012345675802TH530376463046197"],
  ["ref-phone-4.22", "00020101021229370016A000000677010111011300660000000005802TH530376454044.226304E469"],
  ["ref-bill-payment", "00020101021230710016A00000067701011201150112345678912330212REF1234567890312REF98765432153037645406200.005802TH5906THAIQR6304F528"],
  ["lowercase-crc", "00020101021229370016A000000677010111011300668123456785802TH530376454044.2263045d49"],
  ["wrong-crc", "00020101021229370016A000000677010111011300668123456785802TH530376454044.2263045D48"],
  ["khqr-khmer-name", "00020101021129190015john_smith@devb5204599953031165802KH5904សុខា6010Phnom Penh63041A64"],
];
const decode = P.map(([id, payload]) => {
  const e = { id, payload };
  try {
    const q = pp.parse(payload, true);
    e.parse_strict = q ? { tags: toJSONSafe(q.getTags()) } : null;
  } catch (err) {
    e.parse_strict = describeThrown(err);
  }
  try {
    const q = pp.parse(payload, false);
    e.parse_lenient_tag_ids = q ? q.getTags().map((t) => t.id) : null;
  } catch (err) {
    e.parse_lenient_tag_ids = describeThrown(err);
  }
  try {
    e.validate_anyId = toJSONSafe(val.anyId(payload));
  } catch (err) {
    e.validate_anyId = describeThrown(err);
  }
  e.checksum_of_body = pp.checksum(payload.slice(0, -4));
  return e;
});

writeFixture(process.argv[2], {
  description:
    "Cross-check vectors from npm promptparse: generate.anyId / generate.billPayment / generate.trueMoney with the exact config object, " +
    "and parse(payload, strict=true) / validate.anyId on a few payloads. 'check' is computed by the driver (CRC-16/CCITT-FALSE over UTF-8, root TLV walk). " +
    "'checksum_of_body' is promptparse's own checksum() of everything before the last 4 characters.",
  scheme: "promptpay",
  package: PKG,
  version: pkgVersion(PKG),
  generated_by: "scripts/crosscheck/promptpay_promptparse.mjs",
  generated_with: `node ${process.version.split(".")[0]}.x, TZ=UTC, fixed clock Date.now()=${FIXED_NOW_MS} (the package does not read the clock)`,
  requests,
  decode,
});
