// Cross-check vectors from npm `qris-dynamic-generator` (resitdc): static QRIS -> dynamic QRIS converter.
//
//   cd /tmp/xcheck && npm install qris-dynamic-generator@1.1.5
//   node /work/main/scripts/crosscheck/qris_qris_dynamic_generator.mjs > /work/main/fixtures/crosscheck/qris-qris-dynamic-generator.json

import { requireX, FIXED_NOW_MS, pkgVersion, describeInput, describeThrown, annotate, crcOk, writeFixture } from "./lib.mjs";

const PKG = "qris-dynamic-generator";
const QRIS = requireX(PKG);

// Static QRIS payloads from emv-and-schemes.md section 8 (CRC-valid)
const BCA =
  "00020101021126650013ID.CO.BCA.WWW011893600014000128766702150008850012876670303UKE51440014ID.CO.QRIS.WWW0215ID10210818616060303UKE5204074253033605802ID5909GREEN PAW6007TANGSEL61051532362070703A0163046D3F";
const TELKOM_TIP =
  "00020101021126680016ID.CO.TELKOM.WWW011893600898026635207502150001952663520750303UMI51440014ID.CO.QRIS.WWW0215ID10211254059720303UMI5204549953033605502015802ID5906BIOLBE6011KAB. MALANG610565168622005091147938120703A03630404CB";
const DYNAMIC =
  "0002010102122654000200011893600014300061643802150008850006164380303UKE5204541153033605405495005802ID5913OMBE KOFIE-HO6013JAKARTA UTARA6105142406259010611093205121100131109320708AG20521199170002000107DINAMIS63049414";

const R = [];
const req = (id, qris, amount, notes) => R.push({ id, qris, amount, notes });
req("qris-bca-2500", BCA, 2500, "README amount");
req("qris-bca-10000", BCA, 10000);
req("qris-bca-1", BCA, 1);
req("qris-bca-1500000", BCA, 1500000);
req("qris-bca-10000.5", BCA, 10000.5, "fractional rupiah");
req("qris-bca-0.01", BCA, 0.01);
req("qris-bca-1e21", BCA, 1e21, "Number.toString() gives '1e+21'");
req("qris-bca-0", BCA, 0, "amount 0");
req("qris-bca-negative", BCA, -5, "negative amount");
req("qris-bca-string-amount", BCA, "2500", "amount passed as a string");
req("qris-telkom-tip-prompt-2500", TELKOM_TIP, 2500, "static QRIS that carries 55=01 (tip prompt) before 58");
req("qris-already-dynamic-10000", DYNAMIC, 10000, "input already has 01=12 and a 54");
req("qris-lowercase-crc-input", BCA.slice(0, -4) + BCA.slice(-4).toLowerCase(), 2500, "input CRC in lower case (the converter drops it anyway)");
req("qris-wrong-crc-input", BCA.slice(0, -4) + "0000", 2500, "input with wrong CRC: not checked");
req("qris-no-5802ID", BCA.replace("5802ID", "5802XX"), 2500, "no '5802ID' substring");
req("qris-name-contains-5802ID", BCA.replace("5909GREEN PAW", "59095802IDPAW"), 2500, "merchant name contains the text '5802ID'");

const requests = R.map((r) => {
  const e = { id: r.id, call: "new QRIS(qris).generate(amount)", input: { qris: r.qris, qris_crc_valid: crcOk(r.qris), amount: describeInput(r.amount) } };
  try {
    const out = new QRIS(r.qris).generate(r.amount);
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
    "Cross-check vectors from npm qris-dynamic-generator: new staticQRIS(qris).generate(amount). Static inputs come from emv-and-schemes.md section 8. " +
    "'check' is computed by the driver (CRC-16/CCITT-FALSE over UTF-8, root TLV walk). The package has no decoder.",
  scheme: "qris",
  package: PKG,
  version: pkgVersion(PKG),
  generated_by: "scripts/crosscheck/qris_qris_dynamic_generator.mjs",
  generated_with: `node ${process.version.split(".")[0]}.x, TZ=UTC, fixed clock Date.now()=${FIXED_NOW_MS} (the package does not read the clock)`,
  requests,
});
