// Every page of the bundled handbook and of the fixture handbook is valid
// HTML according to the Nu HTML Checker (the W3C validator), run locally
// from npm vnu-jar with Java.
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build, repo, fixtures } from "./harness.mjs";

const require = createRequire(import.meta.url);
const vnu = require("vnu-jar");

function validate(dir) {
  const r = spawnSync("java", ["-Xss4m", "-jar", vnu, "--format", "json", "--skip-non-html", "--also-check-svg", dir], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  assert.ok(r.status !== null, `java did not run: ${r.error}`);
  const messages = JSON.parse(r.stderr || "{\"messages\":[]}").messages;
  return messages
    .filter((m) => m.type === "error" || m.subType === "fatal")
    .map((m) => `${m.url.replace(/^file:.*?dist\//, "")}:${m.lastLine}: ${m.message}`);
}

test("every page of the bundled handbook is valid HTML", () => {
  assert.deepEqual(validate(build(repo)), []);
});

test("every page of the fixture handbook is valid HTML", () => {
  assert.deepEqual(validate(build(join(fixtures, "basic"))), []);
});
