// Every page of the bundled handbook and of the fixture handbook is valid
// HTML according to the Nu HTML Checker (the W3C validator), run locally
// from npm vnu-jar with Java.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { build, buildBundled, fixtures } from "./harness.mjs";

const require = createRequire(import.meta.url);
const vnu = require("vnu-jar");

function validate(...paths) {
  const r = spawnSync("java", ["-Xss4m", "-jar", vnu, "--format", "json", "--skip-non-html", "--also-check-svg", ...paths], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(r.status !== null, `java did not run: ${r.error}`);
  const messages = JSON.parse(r.stderr || "{\"messages\":[]}").messages;
  return messages
    .filter((m) => m.type === "error" || m.subType === "fatal")
    .map((m) => `${m.url.replace(/^file:.*?dist\//, "")}:${m.lastLine}: ${m.message}`);
}

test("every page of the bundled handbook, each edition and next/, is valid HTML", () => {
  // latest/ is a copy of the newest edition (tests/editions.rs compares
  // them byte for byte), so it is not validated twice.
  const { out } = buildBundled();
  const editions = JSON.parse(readFileSync(join(out, "versions.json"), "utf8")).map((e) => join(out, e.url));
  assert.ok(editions.length >= 2, "the bundled handbook has a released edition and next/");
  assert.deepEqual(validate(join(out, "index.html"), ...editions), []);
});

test("every page of the fixture handbook is valid HTML", () => {
  assert.deepEqual(validate(build(join(fixtures, "basic"))), []);
});
