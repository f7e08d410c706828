// Shared helpers for the browser tests: build a handbook with the
// clusterbook binary, serve a folder on 127.0.0.1, and start Debian's
// Chromium through playwright-core. Nothing here reaches beyond this machine.
import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync, readFileSync, statSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve, extname, normalize, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

export const repo = resolve(fileURLToPath(import.meta.url), "../../..");
export const fixtures = join(repo, "tests", "fixtures");

/** The clusterbook binary: $CLUSTERBOOK_BIN, or the release/debug build. */
export function binary() {
  if (process.env.CLUSTERBOOK_BIN) return process.env.CLUSTERBOOK_BIN;
  for (const profile of ["release", "debug"]) {
    const p = join(repo, "target", profile, "clusterbook");
    if (existsSync(p)) return p;
  }
  throw new Error("no clusterbook binary: run `cargo build` first or set CLUSTERBOOK_BIN");
}

/** Builds the handbook at `root` into a new temporary folder; returns it. */
export function build(root, extra = []) {
  const out = join(mkdtempSync(join(tmpdir(), "cb-browser-")), "dist");
  const r = spawnSync(binary(), ["build", "--root", root, "--out", out, ...extra], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`build of ${root} failed (${r.status}):\n${r.stderr}`);
  return out;
}

/**
 * Builds the bundled handbook, which ships released editions: the whole
 * multi-edition output is `out`, and the newest edition (`latest/`, what
 * the site's root leads a reader to) is `site`, the folder the tests of the
 * reader's pages open.
 */
export function buildBundled() {
  const out = build(repo);
  const site = join(out, "latest");
  if (!existsSync(join(site, "index.html"))) throw new Error(`no latest/ edition in ${out}`);
  return { out, site };
}

const types = {
  ".html": "text/html; charset=utf-8", ".css": "text/css", ".js": "text/javascript",
  ".json": "application/json", ".svg": "image/svg+xml", ".png": "image/png", ".xml": "application/xml",
};

/**
 * Serves `dir` on 127.0.0.1 at a free port, under `prefix` (e.g.
 * "/handbook/v2/"); the URL returned points at `at` inside it (e.g.
 * "latest/" for the newest edition of a multi-edition site).
 */
export async function serve(dir, prefix = "/", at = "") {
  const root = resolve(dir);
  const server = createServer((req, res) => {
    let path = decodeURIComponent(new URL(req.url, "http://x").pathname);
    if (!path.startsWith(prefix)) { res.writeHead(404); res.end("outside prefix"); return; }
    path = normalize(join(root, path.slice(prefix.length)));
    if (!path.startsWith(root)) { res.writeHead(403); res.end(); return; }
    try {
      if (statSync(path).isDirectory()) path = join(path, "index.html");
      const body = readFileSync(path);
      res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404); res.end("not found");
    }
  });
  await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
  const { port } = server.address();
  return { url: `http://127.0.0.1:${port}${prefix}${at}`, close: () => new Promise((ok) => server.close(ok)) };
}

/** A file:// URL for a path inside a built site. */
export function fileUrl(dir, rel = "index.html") {
  return pathToFileURL(join(dir, ...rel.split("/"))).href;
}

/** Starts headless Chromium with the flags this closed network needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ],
  });
}

/**
 * Records on `page`, into `problems`, its exceptions, console errors, failed
 * requests and error responses. A load the page itself gave up
 * (net::ERR_ABORTED: the reader, or the test, went to another page while it
 * ran, as a favicon or a search page's excerpts can be) is not a failure; a
 * missing file is (a 404 over http, ERR_FILE_NOT_FOUND from disk).
 */
export function recordProblems(page, problems) {
  page.on("pageerror", (e) => problems.push(`exception: ${e.message}`));
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("requestfailed", (r) => {
    if (r.failure()?.errorText !== "net::ERR_ABORTED") problems.push(`failed: ${r.url()}`);
  });
  page.on("response", (r) => { if (r.status() >= 400) problems.push(`${r.status()}: ${r.url()}`); });
  return problems;
}

/** Opens a page that records console errors and failed requests. */
export async function openPage(browser) {
  const page = await browser.newPage();
  const problems = recordProblems(page, []);
  return { page, problems };
}

export { sep };

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations on `page` for the given WCAG `tags`, one line
 * each ("rule: N × first target"). Evaluated through the DevTools
 * protocol: the pages' CSP forbids the inline <script> that addScriptTag
 * would insert. */
export async function axeViolations(page, tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async (t) =>
    // eslint-disable-next-line no-undef
    axe.run(document, { runOnly: { type: "tag", values: t } }), tags);
  return result.violations.map((v) => `${v.id}: ${v.nodes.length} × ${v.nodes[0].target}`);
}
