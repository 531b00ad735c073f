// Cross-check vectors from npm `@brazilian-utils/brazilian-utils` (a Pix validator and generator that cites the
// BCB manuals section by section).
//
//   mkdir -p /tmp/xcheck && cd /tmp/xcheck && npm install @brazilian-utils/brazilian-utils@2.4.0
//   node /work/main/scripts/crosscheck/pix_brazilian_utils.mjs > /work/main/fixtures/crosscheck/pix-brazilian-utils.json
//
// requests: generatePixPayload(params) (null is recorded as a refusal).
// verify:   isValidPixPayload and getPixPayloadInfo on every Pix payload of fixtures/schemes/pix/ and on the
//           payloads qrpay built (fixtures/crosscheck/pix-qrpay-built.json, scripts/crosscheck/pix_qrpay_built.py).
// digits:   for fixed CPF and CNPJ bases (numeric and alphanumeric), the check digits isValidCpf / isValidCnpj
//           accept, found by trying all 100 two-digit suffixes.

import { requireX, pkgVersion, describeInput, describeThrown, annotate, writeFixture } from "./lib.mjs";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PKG = "@brazilian-utils/brazilian-utils";
const bu = requireX(PKG);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const EVP = "123e4567-e12b-12d1-a456-426655440000";
const B = { merchantName: "Fulano de Tal", merchantCity: "BRASILIA" };
const R = [];
const req = (id, params, notes) => R.push({ id, params: { ...B, ...params }, notes });

req("static-evp", { key: EVP }, "the manual's static example");
req("static-cpf-amount", { key: "12345678909", amount: 10.5 });
req("static-cnpj-txid", { key: "60701190000104", amount: 1234.56, txid: "Pedido42" });
req("static-cnpj-alphanumeric", { key: "12ABC34501DE35", amount: 5 });
req("static-phone-description", { key: "+5561912345678", description: "Mesa 4" });
req("static-email", { key: "fulano.de.tal@example.com", amount: 0.01, txid: "A1" });
req("static-txid-25", { key: EVP, txid: "ABCDEFGHIJKLMNOPQRSTUVWXY" });
req("static-txid-26", { key: EVP, txid: "ABCDEFGHIJKLMNOPQRSTUVWXYZ" }, "txid over 25");
req("static-txid-hyphen", { key: EVP, txid: "PEDIDO-42" }, "txid with a hyphen");
req("static-cpf-masked", { key: "123.456.789-09" }, "masked CPF: the package normalizes it to its DICT form");
req("static-cpf-bad-digits", { key: "12345678900" }, "CPF with wrong check digits");
req("static-cnpj-alphanumeric-bad-digits", { key: "12ABC34501DE36" }, "alphanumeric CNPJ with wrong check digits");
req("static-evp-upper-case", { key: EVP.toUpperCase() }, "upper-case EVP");
req("static-email-upper-case", { key: "Fulano@Example.com" }, "e-mail with upper-case letters");
req("static-phone-foreign", { key: "+351912345678" }, "a Portuguese number");
req("static-accented-name", { key: EVP, merchantName: "José da Silva", merchantCity: "São Paulo" }, "accents: the package folds them to ASCII");
req("static-amount-0", { key: EVP, amount: 0 }, "amount 0");
req("dynamic", { url: "pix.example.com/qr/v2/12345" });
req("dynamic-long", { url: "pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e7" });
req("dynamic-https", { url: "https://pix.example.com/qr/v2/12345" }, "location with its scheme");
req("dynamic-with-amount", { url: "pix.example.com/qr/v2/12345", amount: 10 }, "an amount with a location");
req("dynamic-with-txid", { url: "pix.example.com/qr/v2/12345", txid: "PEDIDO42" }, "a txid with a location");
req("key-and-url", { key: EVP, url: "pix.example.com/qr/v2/12345" }, "both");
req("neither", {}, "neither key nor url");

const requests = R.map((r) => {
  const e = { id: r.id, call: "generatePixPayload(params)", input: describeInput(r.params) };
  try {
    const out = bu.generatePixPayload({ ...r.params });
    if (out === null) e.error = { returned: null };
    else {
      e.output = out;
      e.check = annotate(out);
    }
  } catch (err) {
    e.error = describeThrown(err);
  }
  if (r.notes) e.notes = r.notes;
  return e;
});

function judge(id, payload) {
  const v = { id, payload };
  try {
    v.valid = bu.isValidPixPayload(payload);
  } catch (err) {
    v.valid_error = describeThrown(err);
  }
  try {
    const info = bu.getPixPayloadInfo(payload);
    v.info = info === null ? null : JSON.parse(JSON.stringify(info));
  } catch (err) {
    v.info_error = describeThrown(err);
  }
  return v;
}

const verify = [];
for (const name of ["valid", "invalid", "synthetic"]) {
  const file = path.join(ROOT, "fixtures", "schemes", "pix", `${name}.json`);
  for (const vector of JSON.parse(fs.readFileSync(file, "utf8")).vectors) verify.push(judge(vector.id, vector.payload));
}
const built = JSON.parse(fs.readFileSync(path.join(ROOT, "fixtures", "crosscheck", "pix-qrpay-built.json"), "utf8"));
for (const r of built.requests) verify.push(judge(`qrpay-built-${r.id}`, r.output));

const keys = ["12345678909", "12345678900", "00000000000", "60701190000104", "12ABC34501DE35", "12abc34501de35",
  "12ABC34501DE36", "+5561912345678", "+351912345678", "5561912345678", "fulano@example.com", "Fulano@Example.com",
  EVP, EVP.toUpperCase(), "123.456.789-09"];
const keyInfo = keys.map((key) => {
  const k = { key };
  try {
    k.valid = bu.isValidPixKey(key);
    k.info = JSON.parse(JSON.stringify(bu.getPixKeyInfo(key) ?? null));
  } catch (err) {
    k.error = describeThrown(err);
  }
  return k;
});

const CPF_BASES = ["123456789", "000000001", "987654321", "111444777", "529982247", "390533447", "071787541", "999999998"];
const CNPJ_BASES = ["607011900001", "112223330001", "000000000001", "123456780001", "12ABC34501DE", "Q0SLFMBD7VX4",
  "ABCDEFGHIJKL", "00000000000A", "ZZZZZZZZZZZZ", "1A2B3C4D5E6F", "AAAAAAAA0001", "9X8Y7W6V0001"];
const suffixes = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, "0"));
const digits = {
  cpf: CPF_BASES.map((base) => ({ base, accepted: suffixes.filter((s) => bu.isValidCpf(base + s)) })),
  cnpj: CNPJ_BASES.map((base) => ({ base, accepted: suffixes.filter((s) => bu.isValidCnpj(base + s, { version: 2 })) })),
};

writeFixture(process.argv[2], {
  description:
    `Cross-check vectors from npm ${PKG}: generatePixPayload(params) requests; isValidPixPayload and getPixPayloadInfo ` +
    "on the Pix vectors of fixtures/schemes/pix/ and on payloads qrpay built; isValidPixKey/getPixKeyInfo on keys; the " +
    "CPF/CNPJ check digits isValidCpf/isValidCnpj accept for fixed bases. 'check' is computed by the driver.",
  scheme: "pix",
  package: PKG,
  version: pkgVersion(PKG),
  generated_by: "scripts/crosscheck/pix_brazilian_utils.mjs",
  generated_with: `node ${process.version.split(".")[0]}.x, TZ=UTC, fixed clock (the package does not read it)`,
  requests,
  verify,
  keys: keyInfo,
  check_digits: digits,
});
