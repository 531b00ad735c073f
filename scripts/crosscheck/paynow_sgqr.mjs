// Cross-check vectors from npm `sgqr` (winstxnhdw): sgqr.generate(options) -> PayNow payload string (or undefined).
//
//   cd /tmp/xcheck && npm install sgqr@0.8.2
//   node /work/main/scripts/crosscheck/paynow_sgqr.mjs > /work/main/fixtures/crosscheck/paynow-sgqr.json

import { requireX, FIXED_NOW_MS, pkgVersion, describeInput, describeThrown, annotate, writeFixture } from "./lib.mjs";

const PKG = "sgqr";
const sgqr = requireX(PKG);

const R = [];
const req = (id, opts, notes) => R.push({ id, opts, notes });
req("sgqr-mobile-readme", { number: "+6591234567", amount: "1.69" }, "README example");
req("sgqr-mobile-amount-1", { number: "+6591234567", amount: "1" });
req("sgqr-mobile-amount-1.2", { number: "+6591234567", amount: "1.2" });
req("sgqr-mobile-amount-420.69", { number: "+6591234567", amount: "420.69" });
req("sgqr-mobile-editable", { number: "+6591234567", amount: "1.00", editable: true });
req("sgqr-mobile-comments", { number: "+6591234567", amount: "1.2", comments: "This SGQR was made with sgqr!" }, "README svg example fields");
req("sgqr-uen-readme", { number: "0123456789", number_type: "UEN", merchant_name: "Singapore Armed Forces", amount: "4.1" }, "README UEN example");
req("sgqr-uen-expiry", { number: "0123456789", number_type: "UEN", amount: "1.00", expiry_date: "20251231" }, "README expiry example");
req("sgqr-uen-all", { number: "201403121W", number_type: "UEN", amount: "500", editable: false, expiry_date: "20261231", merchant_name: "ACME Pte Ltd.", comments: "TQINV-10001", merchant_city: "SINGAPORE", country_code: "SG", currency_code: "702" });
req("sgqr-mobile-amount-0", { number: "+6591234567", amount: "0" });
req("sgqr-mobile-amount-empty", { number: "+6591234567", amount: "" }, "empty amount string");
req("sgqr-mobile-amount-number", { number: "+6591234567", amount: 5 }, "amount as a number (typings require a string)");
req("sgqr-mobile-no-amount", { number: "+6591234567" }, "amount omitted");
req("sgqr-mobile-name-latin1", { number: "+6591234567", amount: "3", merchant_name: "Café Noël" }, "CRC over charCodeAt, chars <= 255 accepted");
req("sgqr-mobile-name-cjk", { number: "+6591234567", amount: "3", merchant_name: "咖啡店" }, "char > 255: generate returns undefined");
req("sgqr-mobile-comments-100", { number: "+6591234567", amount: "3", comments: "C".repeat(100) }, "100-char comment (length written with padStart(2))");
req("sgqr-currency-usd", { number: "+6591234567", amount: "3", currency_code: "840", country_code: "US" });

const requests = R.map((r) => {
  const e = { id: r.id, call: "sgqr.generate", input: describeInput(r.opts) };
  try {
    const out = sgqr.generate({ ...r.opts });
    if (typeof out === "string") {
      e.output = out;
      e.check = annotate(out);
    } else {
      e.output = null;
      e.notes_returned = `generate returned ${out === undefined ? "undefined" : JSON.stringify(out)}`;
    }
  } catch (err) {
    e.error = describeThrown(err);
  }
  if (r.notes) e.notes = r.notes;
  return e;
});

writeFixture(process.argv[2], {
  description:
    "Cross-check vectors from npm sgqr: sgqr.generate(options). output null means the function returned undefined. " +
    "'check' is computed by the driver (CRC-16/CCITT-FALSE over UTF-8, root TLV walk). The package has no decoder.",
  scheme: "paynow",
  package: PKG,
  version: pkgVersion(PKG),
  generated_by: "scripts/crosscheck/paynow_sgqr.mjs",
  generated_with: `node ${process.version.split(".")[0]}.x, TZ=UTC, fixed clock Date.now()=${FIXED_NOW_MS} (generate() does not read the clock; default expiry is the constant 20380119)`,
  requests,
});
