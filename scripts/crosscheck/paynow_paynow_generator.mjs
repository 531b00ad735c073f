// Cross-check vectors from npm `paynow-generator` (jtaych): paynowGenerator(proxyType, proxyValue, edit, price, merchantName, additionalComments).
// Kept mainly as NEGATIVE vectors: the package hard-codes template 26's length and writes 62 without sub-tags.
//
//   cd /tmp/xcheck && npm install paynow-generator@1.0.7
//   node /work/main/scripts/crosscheck/paynow_paynow_generator.mjs > /work/main/fixtures/crosscheck/paynow-paynow-generator.json

import { requireX, FIXED_NOW_MS, pkgVersion, describeInput, describeThrown, annotate, writeFixture } from "./lib.mjs";

const PKG = "paynow-generator";
const { paynowGenerator } = requireX(PKG);

const R = [];
const req = (id, args, notes) => R.push({ id, args, notes });
req("pngen-mobile-readme-comment", ["mobile", "97251347", "yes", 1, "", "hello world"], "example in the package source comment");
req("pngen-mobile-no-edit", ["mobile", "91234567", "no", 10.5, "John", "INV001"]);
req("pngen-mobile-empty-comment", ["mobile", "91234567", "yes", 1, "", ""], "empty comment");
req("pngen-uen", ["UEN", "201403121W", "no", 500, "ACME Pte Ltd.", "TQINV-10001"]);
req("pngen-uen-short-name", ["UEN", "201403121W", "no", 500, "ACME", "R1"]);
req("pngen-uen-9", ["UEN", "53312345X", "yes", 12.3, "Shop", "Ref"]);
req("pngen-price-100000", ["mobile", "91234567", "no", 100000, "John", "x"]);
req("pngen-comment-undefined", ["mobile", "91234567", "no", 1, "John"], "additionalComments omitted");

const requests = R.map((r) => {
  const e = { id: r.id, call: "paynowGenerator", input: { args: describeInput(r.args) } };
  try {
    const out = paynowGenerator(...r.args);
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
    "Cross-check vectors from npm paynow-generator: paynowGenerator(...args). Low-usage package kept as a source of malformed " +
    "real-world output (wrong template length, raw 62, lower-case unpadded CRC). 'check' is computed by the driver.",
  scheme: "paynow",
  package: PKG,
  version: pkgVersion(PKG),
  generated_by: "scripts/crosscheck/paynow_paynow_generator.mjs",
  generated_with: `node ${process.version.split(".")[0]}.x, TZ=UTC, fixed clock Date.now()=${FIXED_NOW_MS} (the package does not read the clock)`,
  requests,
});
