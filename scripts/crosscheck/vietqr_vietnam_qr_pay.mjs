// Cross-check vectors from npm `vietnam-qr-pay` (xuannghia): QRPay.initVietQR / initVNPayQR + build(), and new QRPay(payload) decoding.
//
//   cd /tmp/xcheck && npm install vietnam-qr-pay@1.5.1
//   node /work/main/scripts/crosscheck/vietqr_vietnam_qr_pay.mjs > /work/main/fixtures/crosscheck/vietqr-vietnam-qr-pay.json

import { requireX, FIXED_NOW_MS, pkgVersion, describeInput, describeThrown, toJSONSafe, annotate, writeFixture } from "./lib.mjs";

const PKG = "vietnam-qr-pay";
const { QRPay, BanksObject } = requireX(PKG);

const ACB = BanksObject.acb.bin; // 970416
const R = [];
// set: list of [dotted.path, value] assignments applied to the QRPay object before build()
// unreserved: list of [id, value] passed to setUnreservedField
const req = (id, call, options, extra = {}) => R.push({ id, call, options, ...extra });

req("vietqr-acb-static-readme", "initVietQR", { bankBin: ACB, bankNumber: "257678859" }, { notes: "README static example" });
req("vietqr-acb-10000-purpose-readme", "initVietQR", { bankBin: ACB, bankNumber: "257678859", amount: "10000", purpose: "Chuyen tien" }, { notes: "README dynamic example" });
req("vietqr-acb-amount-1", "initVietQR", { bankBin: ACB, bankNumber: "257678859", amount: "1" });
req("vietqr-970415-120000-ref-subiz", "initVietQR", { bankBin: "970415", bankNumber: "0011001932418", amount: "120000", purpose: "ung ho lu lut" }, { notes: "inputs of the subiz/vietqr example in emv-and-schemes.md 9" });
req("vietqr-acb-amount-decimal-string", "initVietQR", { bankBin: ACB, bankNumber: "257678859", amount: "10000.50" }, { notes: "no validation: string passed through" });
req("vietqr-acb-amount-number", "initVietQR", { bankBin: ACB, bankNumber: "257678859", amount: 10000 }, { notes: "amount as a JS number (typings say string)" });
req("vietqr-acb-amount-0-string", "initVietQR", { bankBin: ACB, bankNumber: "257678859", amount: "0" }, { notes: "'0' is a truthy string" });
req("vietqr-acb-amount-empty-string", "initVietQR", { bankBin: ACB, bankNumber: "257678859", amount: "" });
req("vietqr-acb-initmethod-12-no-amount", "initVietQR", { bankBin: ACB, bankNumber: "257678859", initMethod: "12" });
req("vietqr-acb-initmethod-11-with-amount", "initVietQR", { bankBin: ACB, bankNumber: "257678859", amount: "50000", initMethod: "11" });
req("vietqr-vcb-purpose-vietnamese", "initVietQR", { bankBin: BanksObject.vietcombank.bin, bankNumber: "0011001932418", amount: "250000", purpose: "Thanh toán đơn hàng" }, { notes: "purpose with Vietnamese diacritics" });
req("vietqr-vcb-purpose-emoji", "initVietQR", { bankBin: BanksObject.vietcombank.bin, bankNumber: "0011001932418", purpose: "Cảm ơn 😀" }, { notes: "astral char" });
req("vietqr-purpose-30", "initVietQR", { bankBin: ACB, bankNumber: "257678859", purpose: "P".repeat(30) }, { notes: "30 chars (> 25, no check)" });
req("vietqr-purpose-100", "initVietQR", { bankBin: ACB, bankNumber: "257678859", purpose: "P".repeat(100) }, { notes: "100 chars: length written with slice(-2)" });
req("vietqr-card-static", "initVietQR", { bankBin: "970403", bankNumber: "9704031101234567", service: "QRIBFTTC" }, { notes: "card transfer service" });
req("vietqr-account-19", "initVietQR", { bankBin: BanksObject.techcombank.bin, bankNumber: "1903380431101312345" });
req("vietqr-with-name-city-mcc", "initVietQR", { bankBin: "970422", bankNumber: "660704060000129", amount: "100" }, {
  set: [["category", "0000"], ["merchant.name", "company_1_data"], ["city", "Vietnam"], ["additionalData.purpose", "INVTEST0001"]],
  notes: "fields set on the object after initVietQR (mirrors the Odoo example in emv-and-schemes.md 9)",
});
req("vietqr-momo-psp-readme", "initVietQR", { bankBin: BanksObject.momo.bin, bankNumber: "PSP123456789000000" }, { set: [["additionalData.reference", "MOMOW2W12345678"]], notes: "README MoMo (new accounts) example" });
req("vietqr-momo-old-readme", "initVietQR", { bankBin: BanksObject.banviet.bin, bankNumber: "99MM24011M34875080" }, {
  set: [["additionalData.reference", "MOMOW2W" + "99MM24011M34875080".slice(10)]],
  unreserved: [["80", "046"]],
  notes: "README MoMo (old accounts) example",
});
req("vietqr-zalopay-readme", "initVietQR", { bankBin: BanksObject.banviet.bin, bankNumber: "99ZP24009M07248267" }, { notes: "README ZaloPay example" });
req("vnpay-readme", "initVNPayQR", { merchantId: "0102154778", merchantName: "TUGIACOMPANY", store: "TU GIA COMPUTER", terminal: "TUGIACO1" }, { notes: "README VNPay example inputs (README's printed output is for other inputs)" });
req("vnpay-amount-all", "initVNPayQR", {
  merchantId: "0105313144", merchantName: "CELLPHONES", store: "CPSHN ONLINE", terminal: "ONLHN", amount: "21090000", purpose: "CellphoneS",
  billNumber: "HD001", mobileNumber: "0912345678", loyaltyNumber: "L1", reference: "02190806161312785", customerLabel: "C1",
});

const requests = R.map((r) => {
  const e = { id: r.id, call: `QRPay.${r.call}`, input: { options: describeInput(r.options) } };
  if (r.set) e.input.set_after_init = describeInput(r.set);
  if (r.unreserved) e.input.setUnreservedField = r.unreserved;
  try {
    const q = QRPay[r.call](r.options);
    for (const [p, v] of r.set || []) {
      const parts = p.split(".");
      let o = q;
      for (const k of parts.slice(0, -1)) o = o[k];
      o[parts.at(-1)] = v;
    }
    for (const [k, v] of r.unreserved || []) q.setUnreservedField(k, v);
    const out = q.build();
    e.output = out;
    e.check = annotate(out);
    e.reparse_isValid = new QRPay(out).isValid;
  } catch (err) {
    e.error = describeThrown(err);
  }
  if (r.notes) e.notes = r.notes;
  return e;
});

// Decoder
const D = [
  ["readme-static", "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F"],
  ["readme-decode-example", "00020101021238530010A0000007270123000697041601092576788590208QRIBFTTA5303704540410005802VN62150811Chuyen tien6304BBB8"],
  ["readme-vnpay", "00020101021126280010A0000007750110010531314453037045408210900005802VN5910CELLPHONES62600312CPSHN ONLINE0517021908061613127850705ONLHN0810CellphoneS63047685"],
  ["ref-9-subiz", "00020101021238570010A00000072701270006970415011300110019324180208QRIBFTTA530370454061200005802VN62170813ung ho lu lut6304C15C"],
  ["ref-9-odoo", "00020101021238590010A0000007270129000697042201156607040600001290208QRIBFTTA52040000530370454031005802VN5914company_1_data6007Vietnam62150811INVTEST000163042656"],
  ["ref-9-card", "00020101021138600010A00000072701300006970403011697040311012345670208QRIBFTTC53037045802VN63044F52"],
  ["lowercase-crc", "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304ae9f"],
  ["wrong-crc", "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9E"],
  ["trailing-space", "00020101021138530010A0000007270123000697041601092576788590208QRIBFTTA53037045802VN6304AE9F "],
];
// add package outputs with non-ASCII text and the broken-length ones
for (const r of requests) if (["vietqr-vcb-purpose-vietnamese", "vietqr-vcb-purpose-emoji", "vietqr-acb-amount-number", "vietqr-purpose-100"].includes(r.id) && r.output) D.push([`gen:${r.id}`, r.output]);
// UTF-8 byte length for the Vietnamese purpose (wrong on purpose), CRC recomputed with the package's own CRC
{
  const good = requests.find((r) => r.id === "vietqr-vcb-purpose-vietnamese").output;
  const purpose = "Thanh toán đơn hàng";
  const bytesLen = Buffer.byteLength(purpose, "utf8");
  const body = good
    .slice(0, -4)
    .replace(`08${String(purpose.length).padStart(2, "0")}${purpose}`, `08${bytesLen}${purpose}`)
    .replace(/62(\d\d)08/, (m, l) => `62${String(Number(l) + bytesLen - purpose.length).padStart(2, "0")}08`);
  D.push(["neg-purpose-utf8-byte-length", body + QRPay.genCRCCode(body)]);
}

const decode = D.map(([id, payload]) => {
  const e = { id, payload };
  try {
    const q = new QRPay(payload);
    e.result = toJSONSafe(q);
  } catch (err) {
    e.result = describeThrown(err);
  }
  return e;
});

writeFixture(process.argv[2], {
  description:
    "Cross-check vectors from npm vietnam-qr-pay: QRPay.initVietQR / QRPay.initVNPayQR (optionally followed by property assignments and " +
    "setUnreservedField) then build(). 'reparse_isValid' is new QRPay(output).isValid. 'decode' lists the QRPay object produced by " +
    "new QRPay(payload) (isValid, provider, consumer, merchant, amount, additionalData, crc...). 'check' is computed by the driver " +
    "(CRC-16/CCITT-FALSE over UTF-8, root TLV walk counting JS string length).",
  scheme: "vietqr",
  package: PKG,
  version: pkgVersion(PKG),
  generated_by: "scripts/crosscheck/vietqr_vietnam_qr_pay.mjs",
  generated_with: `node ${process.version.split(".")[0]}.x, TZ=UTC, fixed clock Date.now()=${FIXED_NOW_MS} (the package does not read the clock)`,
  requests,
  decode,
});
