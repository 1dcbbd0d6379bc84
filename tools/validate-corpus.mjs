#!/usr/bin/env node
// Checks the emitted JSON Schemas with ajv (draft 2020-12, strict mode, allErrors,
// ajv-formats): every generated/schema/*.schema.json passes the metaschema and
// compiles in strict mode, and every payload under tests/payloads/<api>.<part>/{valid,invalid}/
// gets the verdict its folder names. Exits 1 on any failure.
//
// Usage: node tools/validate-corpus.mjs [schema-dir] [corpus-dir]
//        (defaults: generated/schema and tests/payloads, relative to the repository root)
//
// ajv setup for these schemas, in your own code: the one extension keyword, x-result-codes
// (the result-code table as data, an annotation), must be declared in strict mode:
//
//   const ajv = new Ajv2020({strict: true, allErrors: true}); addFormats(ajv); ajv.addKeyword("x-result-codes");
//
// (import Ajv2020 from "ajv/dist/2020.js"; import addFormats from "ajv-formats";)

import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Ajv2020 from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const schemaDir = path.resolve(root, process.argv[2] ?? "generated/schema");
const corpusDir = path.resolve(root, process.argv[3] ?? "tests/payloads");

function newAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  ajv.addKeyword("x-result-codes");
  ajv.addKeyword("x-alipay");
  return ajv;
}

const failures = [];
const fail = (msg) => failures.push(msg);

const schemaFiles = fs.existsSync(schemaDir)
  ? fs.readdirSync(schemaDir).filter((f) => f.endsWith(".schema.json")).sort()
  : [];
if (schemaFiles.length === 0) {
  console.error(`no *.schema.json in ${schemaDir}: run \`cargo run -p alipay-codegen -- generate\` first`);
  process.exit(1);
}

let cases = 0;
const seenMessages = new Set();
for (const file of schemaFiles) {
  const message = file.replace(/\.schema\.json$/, "");
  seenMessages.add(message);
  const schema = JSON.parse(fs.readFileSync(path.join(schemaDir, file), "utf8"));
  const ajv = newAjv();
  if (!ajv.validateSchema(schema)) {
    fail(`${file}: fails the 2020-12 metaschema: ${ajv.errorsText(ajv.errors)}`);
    continue;
  }
  let validate;
  try {
    validate = ajv.compile(schema);
  } catch (e) {
    fail(`${file}: does not compile in strict mode: ${e.message}`);
    continue;
  }
  const dir = path.join(corpusDir, message);
  for (const [verdict, expectValid] of [["valid", true], ["invalid", false]]) {
    const caseDir = path.join(dir, verdict);
    const files = fs.existsSync(caseDir)
      ? fs.readdirSync(caseDir).filter((f) => f.endsWith(".json")).sort()
      : [];
    if (files.length === 0) fail(`${path.relative(root, caseDir)}: no cases`);
    for (const f of files) {
      cases += 1;
      const rel = path.relative(root, path.join(caseDir, f));
      let instance;
      try {
        instance = JSON.parse(fs.readFileSync(path.join(caseDir, f), "utf8"));
      } catch (e) {
        fail(`${rel}: not JSON: ${e.message}`);
        continue;
      }
      const ok = validate(instance);
      if (ok !== expectValid) {
        const why = ok ? "valid" : ajv.errorsText(validate.errors);
        fail(`${rel}: expected ${verdict}, got ${why}`);
      }
    }
  }
}
for (const entry of fs.readdirSync(corpusDir, { withFileTypes: true })) {
  if (entry.isDirectory() && !seenMessages.has(entry.name)) {
    fail(`tests/payloads/${entry.name}: no schema ${entry.name}.schema.json`);
  }
}

if (failures.length > 0) {
  console.error(`ajv: ${failures.length} failure(s):`);
  for (const f of failures) console.error(`  ${f}`);
  process.exit(1);
}
console.log(`ajv: ${schemaFiles.length} schemas pass the 2020-12 metaschema and compile in strict mode; ${cases} corpus cases get their verdict`);
