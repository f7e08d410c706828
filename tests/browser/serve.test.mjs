// `clusterbook serve` as an editor uses it: a copy of the bundled handbook
// served on a free port, a page open in Chromium, files changed on disk.
// The page follows each save without a manual reload and keeps its path
// and scroll position; a typo shows the problems over the last good page
// (which is still what the server sends) until it is fixed; a new file is
// served, a renamed one leaves a 404 that links to its new place, a
// deleted one a 404. The live-reload script runs under the pages'
// Content-Security-Policy: any violation or console error fails the test.
// Ctrl-C (SIGINT) ends the server with status 0.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { binary, launch, openPage, repo } from "./harness.mjs";

let root, server, base, browser, stderr = "";

/** Starts `clusterbook serve` on a free port; resolves to its URL. */
function startServer(dir) {
  server = spawn(binary(), ["serve", "--root", dir, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  server.stderr.on("data", (d) => { stderr += d; });
  return new Promise((ok, fail) => {
    let out = "";
    server.stdout.on("data", (d) => {
      out += d;
      const m = out.match(/serving (http:\/\/\S+)/);
      if (m) ok(m[1]);
    });
    server.on("exit", (code) => fail(new Error(`serve exited (${code}):\n${stderr}`)));
  });
}

/** Polls `path` until `ok(status, text)`; fails after 90 s. */
async function until(path, ok) {
  const end = Date.now() + 90000;
  for (;;) {
    const r = await fetch(base + path.replace(/^\//, ""));
    const text = await r.text();
    if (ok(r.status, text)) return text;
    if (Date.now() > end) throw new Error(`${path}: still ${r.status} after 90 s\n${stderr}`);
    await new Promise((res) => setTimeout(res, 50));
  }
}

/** The event stream of a page that reloads is cut off: not a problem. */
const reloaded = (problem) => /^failed: .*\/__clusterbook\/events$/.test(problem);

const edit = (rel, f) => {
  const p = join(root, rel);
  writeFileSync(p, f(readFileSync(p, "utf8")));
};

before(async () => {
  root = mkdtempSync(join(tmpdir(), "cb-serve-"));
  cpSync(join(repo, "content"), join(root, "content"), { recursive: true });
  if (existsSync(join(repo, "themes"))) cpSync(join(repo, "themes"), join(root, "themes"), { recursive: true });
  base = await startServer(root);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  if (server && server.exitCode === null) server.kill("SIGKILL");
  if (root) rmSync(root, { recursive: true, force: true });
});

test("a page follows each save, and a typo shows over the last good page", async () => {
  const { page, problems } = await openPage(browser);
  await page.setViewportSize({ width: 900, height: 500 });
  const rel = "content/cases/processit.md";
  await page.goto(base + "cases/processit/");
  const path = new URL(page.url()).pathname;
  await page.evaluate(() => window.scrollTo(0, 400));
  const scrolled = await page.evaluate(() => window.scrollY);
  assert.ok(scrolled > 300, `the page scrolls (${scrolled})`);

  // A save: the page shows it by itself, on the same path and place.
  edit(rel, (t) => `${t.trimEnd()}\n\nLivemarkör ett.\n`);
  await page.waitForFunction(() => document.body.textContent.includes("Livemarkör ett"), null, { timeout: 90000 });
  assert.equal(new URL(page.url()).pathname, path);
  await page.waitForFunction((y) => Math.abs(window.scrollY - y) < 5, scrolled, { timeout: 5000 });

  // A typo: the overlay names the file and line; the server still sends
  // the last good page.
  const good = readFileSync(join(root, rel), "utf8");
  const line = good.split("\n").findIndex((l) => l.startsWith("title:")) + 1;
  edit(rel, (t) => t.replace(/^title: (.*)$/m, 'title: "$1'));
  const overlay = page.locator("#clusterbook-overlay");
  await overlay.waitFor({ state: "visible", timeout: 90000 });
  const text = await overlay.textContent();
  assert.match(text, new RegExp(`content/cases/processit\\.md:${line}:\\d+: error: .*\\[invalid-yaml\\]`));
  // Its translation gets no follow-on error.
  assert.doesNotMatch(text, /orphan-translation/);
  assert.match(text, /help: /);
  assert.ok(await page.locator("body", { hasText: "Livemarkör ett" }).count());
  const served = await (await fetch(base + "cases/processit/")).text();
  assert.ok(served.includes("Livemarkör ett"), "the last good page is served");

  // The fix: the overlay goes.
  writeFileSync(join(root, rel), good.replace("Livemarkör ett", "Livemarkör två"));
  await overlay.waitFor({ state: "detached", timeout: 90000 });
  await page.waitForFunction(() => document.body.textContent.includes("Livemarkör två"), null, { timeout: 90000 });
  assert.equal(new URL(page.url()).pathname, path);
  assert.deepEqual(problems.filter((p) => !reloaded(p)), []);
});

test("new, renamed and deleted files", async () => {
  const { page, problems } = await openPage(browser);
  const made = spawnSync(binary(), ["new", "case", "Förhandsvisning", "--root", root], { encoding: "utf8" });
  assert.equal(made.status, 0, made.stderr);
  const created = made.stdout.trim();
  assert.equal(created, "content/cases/forhandsvisning.md");
  await until("/cases/forhandsvisning/", (s) => s === 200);
  await page.goto(base + "cases/forhandsvisning/");
  assert.match(await page.locator("h1").textContent(), /Förhandsvisning/);

  // Renamed: the open page reloads into the 404 page, which links to the
  // new place.
  renameSync(join(root, created), join(root, "content/cases/forhandsvisning-2.md"));
  const moved = page.locator(".clusterbook-moved a");
  await moved.waitFor({ timeout: 90000 });
  assert.equal(new URL(page.url()).pathname, "/cases/forhandsvisning/");
  await moved.click();
  await page.waitForURL(/forhandsvisning-2\/$/);
  assert.match(await page.locator("h1").textContent(), /Förhandsvisning/);

  // Deleted: the 404 page, with nothing to link to.
  rmSync(join(root, "content/cases/forhandsvisning-2.md"));
  await page.waitForFunction(() => !document.querySelector("h1")?.textContent.includes("Förhandsvisning"), null, { timeout: 90000 });
  const status = (await fetch(base + "cases/forhandsvisning-2/")).status;
  assert.equal(status, 404);
  // The 404 responses were expected; nothing else went wrong.
  const expected = (p) => reloaded(p) || /^404: .*forhandsvisning/.test(p) || /^console: Failed to load resource: .* 404/.test(p);
  assert.deepEqual(problems.filter((p) => !expected(p)), []);
});

test("Ctrl-C stops the server", async () => {
  const exited = new Promise((ok) => server.on("exit", (code, signal) => ok({ code, signal })));
  server.kill("SIGINT");
  assert.deepEqual(await exited, { code: 0, signal: null });
});
