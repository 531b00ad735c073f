// Cross-check vectors from npm `paynowqr` (thunderquote / DHCertainty) and its TypeScript port `@chewhx/paynowqr`.
//
//   cd /tmp/xcheck && npm install paynowqr@1.1.2 @chewhx/paynowqr@1.1.0
//   node /work/main/scripts/crosscheck/paynow_paynowqr.mjs paynowqr > /work/main/fixtures/crosscheck/paynow-paynowqr.json
//   node /work/main/scripts/crosscheck/paynow_paynowqr.mjs @chewhx/paynowqr > /work/main/fixtures/crosscheck/paynow-chewhx-paynowqr.json
//
// Both packages default the expiry (26/04) to dayjs().add(5, "year") when none is given, i.e. they read the
// clock: the fake clock from lib.mjs (TZ=UTC) makes that 20310101.

import { requireX, FIXED_NOW_MS, pkgVersion, describeInput, describeThrown, annotate } from "./lib.mjs";
import fs from "node:fs";

const PKG = process.argv[2] || "paynowqr";
const OUT = process.argv[3];
let PaynowQR = requireX(PKG);
if (PaynowQR && PaynowQR.default) PaynowQR = PaynowQR.default;

const R = [];
const req = (id, opts, notes) => R.push({ id, opts, notes });
const U = "201403121W";

if (PKG === "paynowqr") {
  req("paynow-uen-readme", { uen: U, amount: 500, editable: true, expiry: "20201231", refNumber: "TQINV-10001", company: "ACME Pte Ltd." }, "README example");
  req("paynow-uen-only", { uen: U }, "no amount, no expiry: default expiry from the clock, 54 = '0'");
  req("paynow-uen-500-fixed", { uen: U, amount: 500, expiry: "20261231" }, "amount without editable -> 03 = 0");
  req("paynow-uen-500-editable-false", { uen: U, amount: 500, editable: false, expiry: "20261231" });
  req("paynow-uen-no-amount-editable-false", { uen: U, editable: false, expiry: "20261231" }, "no amount forces 03 = 1");
  req("paynow-uen-amount-1.5", { uen: U, amount: 1.5, expiry: "20261231" });
  req("paynow-uen-amount-10.00", { uen: U, amount: 10.0, expiry: "20261231" }, "JS number 10.00 == 10");
  req("paynow-uen-amount-0.01", { uen: U, amount: 0.01, expiry: "20261231" });
  req("paynow-uen-amount-1234.56", { uen: U, amount: 1234.56, expiry: "20261231" });
  req("paynow-uen-amount-string-12.30", { uen: U, amount: "12.30", expiry: "20261231" }, "amount string passed through");
  req("paynow-uen-amount-1e21", { uen: U, amount: 1e21, expiry: "20261231" });
  req("paynow-uen-amount-0", { uen: U, amount: 0, expiry: "20261231" });
  req("paynow-uen-ref-trim", { uen: ` ${U} `, amount: 25, refNumber: "  INV 0001  ", company: " ACME ", expiry: "20261231" }, "string options are trimmed");
  req("paynow-uen-no-company", { uen: U, amount: 25, expiry: "20261231" }, "59 defaults to 'COMPANY'");
  req("paynow-uen-company-30", { uen: U, amount: 25, expiry: "20261231", company: "C".repeat(30) }, "no length check");
  req("paynow-uen-company-latin1", { uen: U, amount: 25, expiry: "20261231", company: "Café Noël" }, "CRC loop uses charCodeAt (<=255 allowed)");
  req("paynow-uen-company-cjk", { uen: U, amount: 25, expiry: "20261231", company: "咖啡店" }, "charCode > 255");
  req("paynow-mobile-as-uen", { uen: "+6591234567", amount: 5, expiry: "20261231" }, "mobile number passed as uen: proxy type stays 2 (UEN)");
  req("paynow-uen-expiry-14", { uen: U, amount: 5, expiry: "20261231235959" }, "14-digit expiry passed through");
  req("paynow-uen-suffix", { uen: "T08LL1234AABC", amount: 9.9, expiry: "20261231", refNumber: "R1" }, "13-char UEN with suffix");
  req("paynow-odoo-like", { uen: "200002150HWCF", amount: 100, expiry: "20261231", refNumber: "INV/TEST/0001", company: "company_1_data" }, "similar fields to the Odoo example in emv-and-schemes.md 6.3 (which has no 26/04 and POI 12)");
} else {
  // @chewhx/paynowqr: every option is required and string options are .trim()med
  req("paynow-uen-readme", { uen: U, amount: 500, editable: true, expiry: "20201231", refNumber: "TQINV-10001", company: "ACME Pte Ltd." }, "paynowqr README example");
  req("paynow-uen-empty-strings", { uen: U, amount: 0, editable: false, expiry: "", refNumber: "", company: "" }, "empty expiry -> default from clock; empty ref -> no 62; empty company -> 'COMPANY'");
  req("paynow-uen-500-fixed", { uen: U, amount: 500, editable: false, expiry: "20261231", refNumber: "", company: "" });
  req("paynow-uen-amount-1.5", { uen: U, amount: 1.5, editable: false, expiry: "20261231", refNumber: "", company: "" });
  req("paynow-uen-amount-10.00", { uen: U, amount: 10.0, editable: false, expiry: "20261231", refNumber: "", company: "" });
  req("paynow-uen-ref-trim", { uen: ` ${U} `, amount: 25, editable: false, refNumber: "  INV 0001  ", company: " ACME ", expiry: "20261231" });
  req("paynow-uen-company-latin1", { uen: U, amount: 25, editable: false, expiry: "20261231", refNumber: "", company: "Café Noël" });
  req("paynow-uen-company-cjk", { uen: U, amount: 25, editable: false, expiry: "20261231", refNumber: "", company: "咖啡店" });
  req("paynow-missing-expiry", { uen: U, amount: 25, editable: false, refNumber: "", company: "" }, "expiry omitted");
}

const requests = R.map((r) => {
  const e = { id: r.id, call: "new PaynowQR(opts).output()", input: describeInput(r.opts) };
  try {
    const out = new PaynowQR({ ...r.opts }).output();
    e.output = out;
    e.check = annotate(out);
  } catch (err) {
    e.error = describeThrown(err);
  }
  if (r.notes) e.notes = r.notes;
  return e;
});

const text =
  JSON.stringify(
    {
      description:
        `Cross-check vectors from npm ${PKG}: new PaynowQR(opts).output(). 'input' is the options object (numbers stay numbers). ` +
        "'check' is computed by the driver (CRC-16/CCITT-FALSE over UTF-8 bytes, root TLV walk). The package has no decoder.",
      scheme: "paynow",
      package: PKG,
      version: pkgVersion(PKG),
      generated_by: "scripts/crosscheck/paynow_paynowqr.mjs",
      generated_with: `node ${process.version.split(".")[0]}.x, TZ=UTC, fixed clock Date.now()=new Date()=${FIXED_NOW_MS} (2026-01-01T00:00:00Z); the package reads the clock (dayjs()) for the default expiry`,
      requests,
    },
    null,
    2
  ) + "\n";
if (OUT) fs.writeFileSync(OUT, text);
else process.stdout.write(text);
