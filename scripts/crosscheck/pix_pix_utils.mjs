// Cross-check vectors from npm `pix-utils` (thalesog/pix-utils: create and parse Pix BR Codes).
//
//   mkdir -p /tmp/xcheck && cd /tmp/xcheck && npm install pix-utils@2.8.2
//   node /work/main/scripts/crosscheck/pix_pix_utils.mjs > /work/main/fixtures/crosscheck/pix-pix-utils.json
//
// requests: createStaticPix / createDynamicPix / createRecurrencePix(params).toBRCode() (an error object is
//           recorded as a refusal). pix-utils upper-cases and strips accents from name and city, so the
//           requests give them in upper case.
// verify:   parsePix on every Pix payload of fixtures/schemes/pix/ and on the payloads qrpay built
//           (fixtures/crosscheck/pix-qrpay-built.json).

import { requireX, pkgVersion, describeInput, describeThrown, annotate, writeFixture } from "./lib.mjs";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const PKG = "pix-utils";
const pu = requireX(PKG);
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");

const EVP = "123e4567-e12b-12d1-a456-426655440000";
const B = { merchantName: "FULANO DE TAL", merchantCity: "BRASILIA" };
const R = [];
const req = (id, call, params, notes) => R.push({ id, call, params: { ...B, ...params }, notes });

req("static-evp", "createStaticPix", { pixKey: EVP, transactionAmount: 0 }, "amount 0: no 54");
req("static-cpf-amount", "createStaticPix", { pixKey: "12345678909", transactionAmount: 10.5 });
req("static-cnpj-txid", "createStaticPix", { pixKey: "60701190000104", transactionAmount: 1234.56, txid: "Pedido42" });
req("static-cnpj-alphanumeric", "createStaticPix", { pixKey: "12ABC34501DE35", transactionAmount: 5 });
req("static-phone-description", "createStaticPix", { pixKey: "+5561912345678", infoAdicional: "Mesa 4", transactionAmount: 0 });
req("static-email", "createStaticPix", { pixKey: "fulano.de.tal@example.com", transactionAmount: 0.01, txid: "A1" });
req("static-saque", "createStaticPix", { pixKey: EVP, fss: "12345678", transactionAmount: 0 }, "Pix Saque");
req("static-troco", "createStaticPix", { pixKey: EVP, fss: "12345678", transactionAmount: 15 }, "Pix Troco");
req("static-recurrence", "createStaticPix",
  { pixKey: EVP, transactionAmount: 100.5, urlRec: "pix.example.com/rec/2353c790eefb11eaadc10242ac120002" },
  "static key with a Pix Automatico recurrence (the manual's composite example, upper-case name)");
req("static-txid-hyphen", "createStaticPix", { pixKey: EVP, transactionAmount: 0, txid: "PEDIDO-42" }, "txid with a hyphen");
req("static-cpf-bad-digits", "createStaticPix", { pixKey: "12345678900", transactionAmount: 0 }, "CPF with wrong check digits");
req("static-lower-case-name", "createStaticPix", { pixKey: EVP, transactionAmount: 0, merchantName: "Fulano de Tal" }, "name upper-cased by the package");
req("dynamic-one-time", "createDynamicPix", { url: "pix.example.com/qr/v2/12345", oneTime: true });
req("dynamic", "createDynamicPix", { url: "pix.example.com/qr/v2/12345" }, "no POI unless oneTime");
req("dynamic-https", "createDynamicPix", { url: "https://pix.example.com/qr/v2/12345", oneTime: true }, "location with its scheme");
req("dynamic-recurrence", "createDynamicPix",
  { url: "pix.example.com/qr/v2/cobv/1e6c54d3ec9449b7a7fc53b6b0f998e7", urlRec: "pix.example.com/qr/v2/rec/3ffa640fa4f14080adccb949fa2dc0d0", oneTime: true });
req("recurrence-only", "createRecurrencePix", { urlRec: "pix.example.com/qr/v2/rec/2353c790eefb11eaadc10242ac120002" });
req("city-16", "createStaticPix", { pixKey: EVP, transactionAmount: 0, merchantCity: "SAO JOAO DEL REI" }, "city over 15");

const requests = R.map((r) => {
  const e = { id: r.id, call: `${r.call}(params).toBRCode()`, input: describeInput(r.params) };
  try {
    const pix = pu[r.call]({ ...r.params });
    if (pu.hasError(pix)) e.error = { returned: JSON.parse(JSON.stringify(pix)) };
    else {
      const out = pix.toBRCode();
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
    const parsed = pu.parsePix(payload);
    if (pu.hasError(parsed)) v.error = JSON.parse(JSON.stringify(parsed));
    else {
      v.type = parsed.type;
      for (const k of ["pixKey", "url", "urlRec", "txid", "infoAdicional", "fss", "transactionAmount", "merchantName", "merchantCity"]) {
        if (parsed[k] !== undefined) v[k] = parsed[k];
      }
    }
  } catch (err) {
    v.thrown = describeThrown(err);
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

writeFixture(process.argv[2], {
  description:
    `Cross-check vectors from npm ${PKG}: create*Pix(params).toBRCode() requests; parsePix on the Pix vectors of ` +
    "fixtures/schemes/pix/ and on payloads qrpay built. 'check' is computed by the driver.",
  scheme: "pix",
  package: PKG,
  version: pkgVersion(PKG),
  generated_by: "scripts/crosscheck/pix_pix_utils.mjs",
  generated_with: `node ${process.version.split(".")[0]}.x, TZ=UTC, fixed clock (the package does not read it)`,
  requests,
  verify,
});
