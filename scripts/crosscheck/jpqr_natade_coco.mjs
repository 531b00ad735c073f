// Cross-check vectors from npm `@natade-coco/jpqr` (mercari/go-emv-code's JPQR encoder and its
// validators, compiled to WebAssembly).
//
//   mkdir -p /tmp/xcheck && cd /tmp/xcheck && npm install @natade-coco/jpqr@0.1.1
//   node /work/main/scripts/crosscheck/jpqr_natade_coco.mjs > /work/main/fixtures/crosscheck/jpqr-natade-coco.json
//
// requests: JPQR.mpmEncode(mpmInformation), each the package README's example with fields changed.
//           A request it refuses returns undefined: the Go code logs mercari's validation error
//           and the Go program exits (status 1); the logged reason is recorded as `error.logged`.
//           Every later call on that instance throws "Go program has already exited", so each
//           request runs on a fresh instance.
// tests/schemes/test_jpqr.py maps `input` to qrpay's keywords (natade_kwargs) and
// scripts/vectors/_encode.py turns the requests qrpay answers identically into
// fixtures/encode/jpqr-natade-coco.json.

import { requireX, FIXED_NOW_MS, pkgVersion, describeInput, describeThrown, annotate, writeFixture } from "./lib.mjs";

const PKG = "@natade-coco/jpqr";
const JPQR = requireX(PKG).default;
// The package instantiates its WebAssembly asynchronously (dist/wasm/wasm_load.js) and the Go
// program sets globalThis.wasm when it runs; loading wasm_load.js again starts a fresh instance.
const LOADER = requireX.resolve(`${PKG}/dist/wasm/wasm_load.js`);
async function freshInstance() {
  delete globalThis.wasm;
  delete requireX.cache[LOADER];
  requireX(LOADER);
  for (let waited = 0; typeof globalThis.wasm === "undefined"; waited += 10) {
    if (waited > 10000) throw new Error(`${PKG}: the WebAssembly module did not start`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const tlv = (tag, value) => ({ tag, length: String(value.length).padStart(2, "0"), value });
// the JPQR-ID template: GUID, store code (01), then 02, 03 and 04 as in the README
const jpqrId = (storeCode, code02 = "0001") =>
  tlv("26", [["00", "jp.or.paymentsjapan"], ["01", storeCode], ["02", code02], ["03", "000001"], ["04", "000001"]]
    .map(([t, v]) => t + String(v.length).padStart(2, "0") + v).join(""));

// the README's example (a dynamic code for 498 yen)
const README = {
  payloadFormatIndicator: "01",
  pointOfInitiationMethod: "dynamic",
  merchantAccountInformation: [jpqrId("0000000000001")],
  merchantCategoryCode: "5812",
  transactionCurrency: "392",
  transactionAmount: "498",
  countryCode: "JP",
  merchantName: "xxx",
  merchantCity: "xxx",
  postalCode: "5300005",
  merchantInformation: { languagePreference: "JA", name: "ナタデココ カフェ" },
};
const STATIC = (({ transactionAmount, ...rest }) => ({ ...rest, pointOfInitiationMethod: "static" }))(README);

const R = [];
const req = (id, input, notes) => R.push({ id, input, notes });

req("readme-dynamic-498", README, "the README's example");
req("static", STATIC, "static code, no amount");
req(
  "static-other-networks",
  {
    ...STATIC,
    merchantAccountInformation: [
      jpqrId("0000000000001"),
      tlv("29", "0012D156000000000510A93FO3230Q"),
      tlv("31", "0012D15600000001030812345678"),
    ],
    postalCode: "1066143",
    merchantInformation: { languagePreference: "JA", name: "メルペイ カフェ" },
  },
  "the JPQR-ID beside UnionPay (29) and another network (31)"
);
req("dynamic-1000-named", { ...README, transactionAmount: "1000", merchantName: "NATADE COCO", merchantCity: "OSAKA" });
req(
  "store-code-12-digits",
  { ...README, transactionAmount: "1", merchantAccountInformation: [jpqrId("000000000001")] },
  "the JPQR-ID's store code (26/01) has 13 digits"
);
req(
  "code-02-3-digits",
  { ...README, transactionAmount: "1", merchantAccountInformation: [jpqrId("0000000000001", "001")] },
  "the JPQR-ID's 02 has 4 digits"
);
req("postal-code-empty", { ...README, transactionAmount: "1", postalCode: "" }, "61 is mandatory in JPQR");
req("amount-decimal", { ...README, transactionAmount: "498.5" }, "the yen has no minor unit");
req(
  "merchant-name-26",
  { ...README, transactionAmount: "1", merchantName: "ABCDEFGHIJKLMNOPQRSTUVWXYZ" },
  "59 holds at most 25 characters"
);
req("currency-840", { ...README, transactionCurrency: "840" }, "JPQR fixes 392; qrpay's builder has no currency keyword");

const requests = [];
for (const r of R) {
  await freshInstance();
  const e = { id: r.id, call: "JPQR.mpmEncode(mpmInformation)", input: describeInput(r.input) };
  // the Go code logs why it refuses (through console.log, with the fake clock's time): kept as `logged`
  const logged = [];
  const realLog = console.log;
  console.log = (...args) => logged.push(args.join(" "));
  try {
    const out = JPQR.mpmEncode(structuredClone(r.input));
    if (typeof out === "string" && out !== "") {
      e.output = out;
      e.check = annotate(out);
    } else e.error = { returned: out === undefined ? "<undefined>" : out };
  } catch (err) {
    e.error = describeThrown(err);
  } finally {
    console.log = realLog;
  }
  if (logged.length) (e.error ??= {}).logged = logged;
  if (r.notes) e.notes = r.notes;
  requests.push(e);
}

writeFixture(process.argv[2], {
  description:
    "Cross-check vectors from npm @natade-coco/jpqr (mercari/go-emv-code compiled to WebAssembly): " +
    "JPQR.mpmEncode(mpmInformation) requests; an empty string is the package's refusal. 'check' is computed by " +
    "the driver (CRC-16/CCITT-FALSE over UTF-8, root TLV walk counting JS string length).",
  scheme: "jpqr",
  package: PKG,
  version: pkgVersion(PKG),
  generated_by: "scripts/crosscheck/jpqr_natade_coco.mjs",
  generated_with: `node ${process.version.split(".")[0]}.x, TZ=UTC, fixed clock Date.now()=${FIXED_NOW_MS} (the package does not read the clock)`,
  // the real date (Date is faked by lib.mjs; a Date built from a number is not)
  recorded: new Date(performance.timeOrigin + performance.now()).toISOString().slice(0, 10),
  requests,
});
