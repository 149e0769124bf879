// Phones, cross-checked against libphonenumber-js (the same version whose metadata
// src/phone/plans.rs is generated from) over thousands of generated numbers in every
// country, through the packed package's own buildRequest:
// - written with +: sent exactly when libphonenumber calls it possible, with its digits;
// - bare digits: sent exactly when libphonenumber calls "+digits" valid, unchanged;
// - written the national way with defaultCountry: libphonenumber's E.164, or an issue
//   that names both readings when the digits are also a different valid international number.
import { test } from "node:test";
import assert from "node:assert/strict";
import { createRequire } from "node:module";
import { buildRequest, Client, WaGroupsError } from "wa-groups";
import { parsePhoneNumberFromString, getCountries, getCountryCallingCode } from "libphonenumber-js/max";

const require = createRequire(import.meta.url);
const metadata = require("libphonenumber-js/metadata.max.json");
const examples = require("libphonenumber-js/examples.mobile.json");

const base = { provider: "zapi", instance: "INSTANCE1", token: "TOKEN-PHONE-CHECK" };

/** What the package sends for `input` (digits), or the validation issue's message. */
function send(input, defaultCountry) {
  const config = defaultCountry ? { ...base, defaultCountry } : base;
  try {
    const r = buildRequest(config, { op: "createGroup", name: "x", participants: [input] });
    return { digits: JSON.parse(r.body).phones[0] };
  } catch (e) {
    assert.ok(e instanceof WaGroupsError && e.kind === "validation", String(e));
    assert.equal(e.issues.length, 1, JSON.stringify(e.issues));
    assert.equal(e.issues[0].field, "participants[0]");
    return { issue: e.issues[0].message };
  }
}

// A small seeded generator: the same numbers on every run.
function random(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = random(20261206);
const digit = () => String(Math.floor(rnd() * 10));
const digits = (n) => Array.from({ length: n }, digit).join("");

/** National numbers of `country`: its example, the example with digits changed, random ones of every length. */
function nationals(country) {
  const out = [];
  const example = examples[country];
  if (example) {
    out.push(example);
    for (let k = 1; k <= 4; k++) out.push(example.slice(0, example.length - k) + digits(k));
    out.push(example.slice(0, -1), example + digit());
  }
  const lengths = metadata.countries[country][3] ?? [];
  for (const len of lengths) for (let i = 0; i < 3; i++) out.push(digits(len));
  return out;
}

const spaced = (s) => s.replace(/(\d{2,3})(?=\d)/g, "$1 ");

test("phones: the package sends what libphonenumber reads, and only that", () => {
  const counts = { numbers: 0, plusSent: 0, plusRefused: 0, bareSent: 0, bareRefused: 0, national: 0, nationalSent: 0, ambiguous: 0, countries: 0 };
  const mismatches = [];
  for (const country of getCountries()) {
    counts.countries++;
    const cc = getCountryCallingCode(country);
    for (const n of nationals(country)) {
      counts.numbers++;
      // 1. Written with +.
      const lib = parsePhoneNumberFromString(`+${cc}${n}`);
      const libPossible = Boolean(lib && lib.isPossible() && lib.number.length - 1 <= 15);
      const plus = send(`+${cc} ${spaced(n)}`);
      if (plus.digits) {
        counts.plusSent++;
        if (!libPossible || `+${plus.digits}` !== lib.number) mismatches.push(`+${cc} ${n}: sent ${plus.digits}, libphonenumber ${lib?.number} possible=${libPossible}`);
      } else {
        counts.plusRefused++;
        if (libPossible) mismatches.push(`+${cc} ${n}: refused (${plus.issue}), libphonenumber possible ${lib.number}`);
      }
      // 2. Bare digits, no defaultCountry.
      const bare = `${cc}${n}`;
      const libValid = Boolean(lib && lib.isValid() && lib.number === `+${bare}` && bare.length <= 15);
      const got = send(bare);
      if (got.digits) {
        counts.bareSent++;
        if (got.digits !== bare || !libValid) mismatches.push(`${bare}: sent ${got.digits}, libphonenumber valid=${libValid} ${lib?.number}`);
        assert.ok(lib?.isPossible(), `${bare} sent but libphonenumber does not call it possible`);
      } else {
        counts.bareRefused++;
        if (libValid) mismatches.push(`${bare}: refused (${got.issue}), libphonenumber valid`);
      }
      // 3. Written the national way, read with defaultCountry.
      // libphonenumber's national form of a valid number, and its own reading of that form
      // (which is the reference: a few formats do not read back to the number they came from).
      const written = parsePhoneNumberFromString(n, country)?.formatNational();
      const local = written && parsePhoneNumberFromString(written, country);
      if (local?.isValid()) {
        counts.national++;
        const r = send(written, country);
        if (local.number.length - 1 > 15) {
          // E.164 allows 15 digits; libphonenumber reads a few longer national numbers.
          if (r.digits || !/15 digits/.test(r.issue)) mismatches.push(`${written} (${country}): ${local.number} has more than 15 digits, got ${JSON.stringify(r)}`);
          continue;
        }
        if (r.digits) {
          counts.nationalSent++;
          if (`+${r.digits}` !== local.number) mismatches.push(`${written} (${country}): sent ${r.digits}, libphonenumber ${local.number}`);
        } else {
          // Only ambiguity may refuse it: the same digits are also a valid international number.
          const plain = written.replace(/\D/g, "");
          const other = parsePhoneNumberFromString(`+${plain}`);
          const ambiguous = other?.isValid() && other.number === `+${plain}` && other.number !== local.number;
          if (ambiguous && r.issue.includes(local.number) && r.issue.includes(other.number)) counts.ambiguous++;
          else mismatches.push(`${written} (${country}): refused (${r.issue}), libphonenumber ${local.number}`);
        }
      }
    }
  }
  console.log("phone cross-check:", JSON.stringify(counts));
  assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} mismatches`);
  // The generator reached every country and both outcomes of every rule.
  assert.ok(counts.countries > 200 && counts.numbers > 3000, JSON.stringify(counts));
  for (const k of ["plusSent", "plusRefused", "bareSent", "bareRefused", "nationalSent"]) assert.ok(counts[k] > 100, `${k}: ${counts[k]}`);
});

test("phones: the issue's examples, through a Client", async () => {
  const issues = async (client, participants) => {
    try {
      await client.createGroup({ name: "x", participants });
      return [];
    } catch (e) {
      assert.ok(e instanceof WaGroupsError, String(e));
      assert.equal(e.kind, "validation");
      return e.issues;
    }
  };
  // No request may leave: fetch fails the test if called.
  const fetch = () => assert.fail("a request was sent");
  const plain = new Client({ ...base, fetch });
  const found = await issues(plain, ["(11) 99999-9999", "4155550100", "020 7946 0000", "+55 11 99999-9999"]);
  assert.deepEqual(
    found.map((i) => i.field),
    ["participants[0]", "participants[1]", "participants[2]"],
  );
  for (const i of found) assert.match(i.message, /country code|defaultCountry/);
  const br = buildRequest({ ...base, defaultCountry: "BR" }, { op: "createGroup", name: "x", participants: ["(11) 99999-9999", "+1 415 555 0100"] });
  assert.deepEqual(JSON.parse(br.body).phones, ["5511999999999", "14155550100"]);
  // An unknown defaultCountry is an issue of its own.
  assert.throws(
    () => new Client({ ...base, defaultCountry: "XX" }),
    (e) => e.kind === "validation" && e.issues.some((i) => i.field === "defaultCountry"),
  );
});
