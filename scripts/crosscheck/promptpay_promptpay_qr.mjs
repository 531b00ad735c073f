// Cross-check vectors from npm `promptpay-qr` (dtinth), the most used PromptPay payload generator.
//
//   cd /tmp/xcheck && npm install promptpay-qr@0.5.0
//   node /work/main/scripts/crosscheck/promptpay_promptpay_qr.mjs > /work/main/fixtures/crosscheck/promptpay-promptpay-qr.json
//
// The package does not read the clock; the fake clock from lib.mjs is installed anyway.

import { requireX, FIXED_NOW_MS, pkgVersion, describeInput, describeThrown, annotate, writeFixture } from "./lib.mjs";

const PKG = "promptpay-qr";
const generatePayload = requireX(PKG);

const R = [];
const req = (id, target, options, notes) => R.push({ id, target, options, notes });

// --- targets, no amount ---
req("pp-mobile-0812345678", "0812345678", {});
req("pp-mobile-dashes", "081-234-5678", {});
req("pp-mobile-spaces", "081 234 5678", {});
req("pp-mobile-plus66", "+66812345678", {});
req("pp-mobile-66", "66812345678", {});
req("pp-mobile-0066", "0066812345678", {}, "13 digits after sanitising -> treated as national/tax ID (sub-tag 02)");
req("pp-mobile-0912345678", "0912345678", {});
req("pp-mobile-0612345678", "0612345678", {});
req("pp-mobile-9-digits-no-0", "812345678", {}, "9 digits without leading 0: no 66 prefix is added");
req("pp-short-12345", "12345", {}, "short input, padded to 13 with zeros");
req("pp-natid-13", "1234567890123", {});
req("pp-natid-dashes", "1-2345-67890-12-3", {});
req("pp-taxid-0994000165510", "0994000165510", {});
req("pp-ewallet-15", "123456789012345", {});
req("pp-ewallet-004999000288505", "004999000288505", {});
req("pp-ewallet-16", "1234567890123456", {}, "16 digits -> still sub-tag 03");
req("pp-14-digits", "12345678901234", {}, "14 digits -> sub-tag 02 with 14 digits");
req("pp-empty-target", "", {}, "empty target");

// --- amounts (mobile) ---
for (const [sfx, amount, note] of [
  ["0", 0, "amount 0 is falsy: static, no 54"],
  ["4.22", 4.22],
  ["100", 100],
  ["12.5", 12.5],
  ["0.01", 0.01],
  ["1000000", 1000000],
  ["1.005", 1.005, "toFixed(2) of binary 1.005"],
  ["0.125", 0.125, "toFixed(2) of 0.125"],
  ["2.675", 2.675, "toFixed(2) of binary 2.675"],
  ["99999999.99", 99999999.99],
  ["1e21", 1e21, "toFixed(2) of 1e21 returns '1e+21'"],
  ["negative-5", -5, "negative amount"],
  ["NaN", NaN, "NaN is falsy: static"],
]) {
  req(`pp-mobile-amount-${sfx}`, "0812345678", { amount }, note);
}
req("pp-natid-amount-4.22", "1234567890123", { amount: 4.22 });
req("pp-ewallet-amount-100", "123456789012345", { amount: 100 });
req("pp-mobile-amount-string", "0812345678", { amount: "4.22" }, "amount as string (not a number)");
req("pp-mobile-no-options", "0812345678", undefined, "options argument omitted");
// dtinth test vectors (emv-and-schemes.md 5.3)
req("pp-ref-phone-static", "0801234567", {}, "emv-and-schemes.md 5.3 example 1 input");
req("pp-ref-phone-4.22", "000-000-0000", { amount: 4.22 }, "emv-and-schemes.md 5.3 example 2 input");
req("pp-ref-ewallet", "012345678901234", {}, "emv-and-schemes.md 5.3 example 3 input");

const requests = R.map((r) => {
  const e = { id: r.id, call: "generatePayload", input: { target: r.target, options: describeInput(r.options) } };
  try {
    const out = r.options === undefined ? generatePayload(r.target) : generatePayload(r.target, r.options);
    e.output = out;
    e.check = annotate(out);
  } catch (err) {
    e.error = describeThrown(err);
  }
  if (r.notes) e.notes = r.notes;
  return e;
});

writeFixture(process.argv[2], {
  description:
    "Cross-check vectors from npm promptpay-qr (dtinth): generatePayload(target, options). 'input.options' is the object passed " +
    "(numbers stay numbers; '<undefined>' marks an omitted argument). 'check' is computed by the driver: CRC-16/CCITT-FALSE over UTF-8 " +
    "and a root TLV walk. The package has no decoder.",
  scheme: "promptpay",
  package: PKG,
  version: pkgVersion(PKG),
  generated_by: "scripts/crosscheck/promptpay_promptpay_qr.mjs",
  generated_with: `node ${process.version.split(".")[0]}.x, TZ=UTC, fixed clock Date.now()=${FIXED_NOW_MS} (the package does not read the clock)`,
  requests,
});
