// Editions, as a reader meets them: a handbook with two releases (the basic
// fixture as 2025.1; 2025.2 renames the case Alfa to "Alfa i Skåne" and adds
// the case Gamma) and working content edited after them is built once, then
// read over 127.0.0.1 (at the root and under a sub-path) and from file://:
// the site root leads to latest/ without JavaScript; the switcher keeps the
// reader on the same page in 2025.1, or lands on 2025.1's home page with its
// note when the page is not there; the banner names the edition and leads
// back to the newest; search in 2025.1 finds 2025.1's text only; no console
// errors, failed requests or dialogs; axe-core on the switcher and the
// "what changed" page. Then 2025.1.zip is unpacked and read from disk.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { axeViolations, binary, build, serve, fileUrl, launch, openPage, fixtures } from "./harness.mjs";

/** Runs `cmd` in `cwd`; throws with its output if it fails. */
function run(cwd, cmd, args) {
  const r = spawnSync(cmd, args, {
    cwd, encoding: "utf8",
    env: {
      ...process.env, SOURCE_DATE_EPOCH: "1764936000", // 2025-12-05
      GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.org",
      GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.org",
    },
  });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}):\n${r.stdout}${r.stderr}`);
  return r.stdout;
}

/** Replaces `from` by `to` in a file, failing if `from` is not there. */
function edit(path, from, to) {
  const text = readFileSync(path, "utf8");
  assert.ok(text.includes(from), `${path} holds ${from}`);
  writeFileSync(path, text.replace(from, to));
}

/** The basic fixture in git, released as 2025.1 and 2025.2, then edited. */
function twoEditions() {
  const root = join(mkdtempSync(join(tmpdir(), "cb-editions-")), "handbook");
  cpSync(join(fixtures, "basic"), root, { recursive: true });
  const git = (...args) => run(root, "git", args);
  const release = (...args) => run(root, binary(), ["release", "--root", root, ...args]);
  git("init", "-q");
  git("add", "-A");
  git("commit", "-qm", "content");
  release("2025.1", "--notes", "Första");
  git("add", "-A");
  git("commit", "-qm", "2025.1");
  const alfa = join(root, "content", "cases", "alfa.md");
  const original = readFileSync(alfa, "utf8");
  edit(alfa, "title: Alfa\n", "title: Alfa i Skåne\n");
  writeFileSync(join(root, "content", "cases", "gamma.md"), original
    .replace("title: Alfa\n", "title: Gamma\n")
    .replace("Alfa är ett kluster i Skåne.", "Gamma är ett vindkraftskluster."));
  git("add", "-A");
  git("commit", "-qm", "gamma");
  release("2025.2");
  git("add", "-A");
  git("commit", "-qm", "2025.2");
  edit(alfa, "summary: Ett fall från Skåne.", "summary: Ett fall från Skåne, reviderat.");
  return root;
}

let dist, servers, browser;
before(async () => {
  dist = build(twoEditions());
  servers = { http: await serve(dist, "/"), subpath: await serve(dist, "/handbook/utgavor/") };
  browser = await launch();
});
after(async () => {
  await browser?.close();
  for (const s of Object.values(servers ?? {})) await s.close();
});

const modes = ["http", "subpath", "file"];

/** The address of `rel` (from the output root, with any ?query or #hash) in a mode. */
function at(mode, rel = "index.html") {
  if (mode !== "file") return servers[mode].url + rel;
  const [, path, rest] = rel.match(/^([^?#]*)(.*)$/);
  return fileUrl(dist, path) + rest;
}

/** openPage, plus dialogs counted as problems (none is expected). */
async function reader(target = browser) {
  const { page, problems } = await openPage(target);
  page.on("dialog", (d) => { problems.push(`dialog: ${d.message()}`); d.dismiss().catch(() => {}); });
  return { page, problems };
}

/** Chromium may ask for the icon late; leaving the page can cancel that. */
const real = (problems) => problems.filter((p) => !/^failed: .*favicon\.svg$/.test(p));

const h1 = async (page) => (await page.locator("main h1").first().textContent()).trim();

/** Opens the switcher and follows its link to `label`. */
async function switchTo(page, label) {
  const nav = page.locator("nav.editions");
  await nav.locator("summary").click();
  const link = nav.getByRole("link", { name: label, exact: true });
  assert.ok(await link.isVisible(), `the open switcher shows ${label}`);
  await Promise.all([page.waitForEvent("load"), link.click()]);
}

/** Waits until the search page shows the results of `q`. */
async function settled(page, q) {
  await page.waitForFunction((q) => {
    const r = document.getElementById("search-results");
    return r && r.dataset.state === "done" && r.dataset.query === q;
  }, q);
}

/** Result titles and resolved addresses, best first. */
const results = (page) => page.$$eval("#search-results .search-list h3 a",
  (as) => as.map((a) => ({ title: a.textContent.trim(), href: a.href })));

for (const mode of modes) {
  test(`the site root leads to latest/ without JavaScript (${mode})`, async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const { page, problems } = await reader(context);
    await page.goto(at(mode));
    await page.waitForURL(at(mode, "latest/index.html"));
    assert.equal(await h1(page), "Testhandbok");
    assert.match(await page.locator("nav.editions summary").textContent(), /2025\.2/);
    assert.equal(await page.locator(".edition-banner").count(), 0, "no banner on the newest");
    assert.deepEqual(real(problems), []);
    await context.close();
  });

  test(`the switcher keeps the page in 2025.1; its banner leads back (${mode})`, async () => {
    const { page, problems } = await reader();
    await page.goto(at(mode, "2025.2/cases/alfa/index.html"));
    assert.equal(await h1(page), "Alfa i Skåne");
    assert.equal(await page.locator(".edition-banner").count(), 0);
    await switchTo(page, "2025.1");
    assert.equal(page.url(), at(mode, "2025.1/cases/alfa/index.html"));
    assert.equal(await h1(page), "Alfa");
    const banner = page.locator(".edition-banner");
    assert.ok(await banner.isVisible(), "the banner shows on an older edition");
    assert.match(await banner.textContent(), /utgåva 2025\.1; den senaste är 2025\.2/);
    assert.equal(await page.locator("nav.editions a[aria-current=page]").textContent(), "2025.1");
    await Promise.all([page.waitForEvent("load"), banner.locator("a").click()]);
    assert.equal(page.url(), at(mode, "2025.2/cases/alfa/index.html"));
    assert.equal(await h1(page), "Alfa i Skåne");
    // The working content: its own text, marked unreleased, one switch away.
    await switchTo(page, "next (ej utgiven)");
    assert.equal(page.url(), at(mode, "next/cases/alfa/index.html"));
    assert.equal(await page.locator(".lead").textContent(), "Ett fall från Skåne, reviderat.");
    assert.match(await page.locator(".edition-banner").textContent(), /arbetsversionen/);
    assert.deepEqual(real(problems), []);
    await page.close();
  });

  test(`a page not in 2025.1 lands on its home page with the note (${mode})`, async () => {
    const { page, problems } = await reader();
    // The note is there only for a reader sent from a missing page.
    await page.goto(at(mode, "2025.1/index.html"));
    assert.equal(await page.locator("#not-in-edition").isVisible(), false);
    await page.goto(at(mode, "latest/cases/gamma/index.html"));
    assert.equal(await h1(page), "Gamma");
    await switchTo(page, "2025.1");
    assert.equal(page.url(), at(mode, "2025.1/index.html#not-in-edition"));
    const note = page.locator("#not-in-edition");
    assert.ok(await note.isVisible(), "the note shows by :target");
    assert.equal((await note.textContent()).trim(), "Sidan du kom från finns inte i den här utgåvan.");
    assert.match(await page.locator(".edition-banner").textContent(), /utgåva 2025\.1/);
    assert.deepEqual(real(problems), []);
    await page.close();
  });

  test(`search in 2025.1 finds 2025.1's text and stays in 2025.1 (${mode})`, async () => {
    const { page, problems } = await reader();
    // The header's box of a 2025.1 page goes to 2025.1's search page.
    await page.goto(at(mode, "2025.1/cases/beta/index.html"));
    await page.locator("#site-search").fill("Alfa");
    await Promise.all([
      page.waitForURL(at(mode, "2025.1/search/index.html?q=Alfa")),
      page.locator("#site-search").press("Enter"),
    ]);
    await settled(page, "Alfa");
    // Leaving while the excerpts still load would cancel those requests.
    await page.waitForLoadState("networkidle");
    const old = await results(page);
    assert.equal(old[0]?.title, "Alfa", JSON.stringify(old));
    assert.equal(old[0].href, at(mode, "2025.1/cases/alfa/index.html"));
    assert.ok(!old.some((r) => r.title === "Alfa i Skåne"), JSON.stringify(old));
    assert.ok(old.every((r) => r.href.startsWith(at(mode, "2025.1/"))), JSON.stringify(old));
    // Gamma is 2025.2's: found there, not in 2025.1.
    await page.goto(at(mode, "2025.2/search/index.html?q=vindkraftskluster"));
    await settled(page, "vindkraftskluster");
    await page.waitForLoadState("networkidle");
    assert.deepEqual((await results(page)).map((r) => r.href), [at(mode, "2025.2/cases/gamma/index.html")]);
    await page.goto(at(mode, "2025.1/search/index.html?q=vindkraftskluster"));
    await settled(page, "vindkraftskluster");
    assert.deepEqual(await results(page), []);
    assert.match(await page.locator(".search-none").textContent(), /vindkraftskluster/);
    assert.deepEqual(real(problems), []);
    await page.close();
  });
}

test("what changed from 2025.1 to 2025.2, from the switcher", async () => {
  const { page, problems } = await reader();
  await page.goto(at("subpath", "2025.2/cases/beta/index.html"));
  await page.locator("nav.editions summary").click();
  await Promise.all([page.waitForEvent("load"), page.locator("nav.editions .editions-changes a").click()]);
  assert.equal(page.url(), at("subpath", "2025.2/changes/index.html"));
  assert.equal(await h1(page), "Vad som har ändrats 2025.1 → 2025.2");
  assert.deepEqual(await page.$$eval("#added + ul a", (as) => as.map((a) => a.href)), [at("subpath", "2025.2/cases/gamma/index.html")]);
  assert.equal(await page.locator(".changed-entry h3 a").textContent(), "Alfa i Skåne");
  assert.equal(await page.locator(".changed-entry ins").first().textContent(), " i Skåne");
  assert.deepEqual(real(problems), []);
  await page.close();
});

const axePages = [
  ["2025.1/cases/alfa/index.html", "switcher open"],
  ["2025.1/index.html#not-in-edition", "note shown"],
  ["2025.2/changes/index.html", ""],
  ["next/cases/alfa/index.html", "switcher open"],
  // The banners in the dark scheme (the draft's was dark on dark olive).
  ["next/cases/alfa/index.html", "dark"],
  ["2025.1/cases/alfa/index.html", "dark"],
];
for (const [rel, state] of axePages) {
  test(`no accessibility violations (axe-core, WCAG 2.1 AA): ${rel}${state ? `, ${state}` : ""}`, async () => {
    const { page, problems } = await reader();
    if (state === "dark") await page.emulateMedia({ colorScheme: "dark" });
    await page.goto(at("subpath", rel));
    if (state === "switcher open") {
      await page.locator("nav.editions summary").click();
      assert.ok(await page.locator("nav.editions ul").isVisible());
    } else if (state === "note shown") {
      assert.ok(await page.locator("#not-in-edition").isVisible());
    }
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(real(problems), []);
    await page.close();
  });
}

/** 2025.1.zip unpacked into a new folder; returns the edition's folder in it. */
function unpacked() {
  const into = mkdtempSync(join(tmpdir(), "cb-edition-zip-"));
  const zip = join(dist, "2025.1.zip");
  const tool = spawnSync("unzip", ["-v"]).status === 0
    ? ["unzip", ["-q", zip, "-d", into]]
    : ["python3", ["-m", "zipfile", "-e", zip, into]];
  run(into, ...tool);
  const top = readdirSync(into);
  assert.deepEqual(top, ["testhandbok-2025.1"], "one folder, named for the handbook and the edition");
  return join(into, top[0]);
}

test("2025.1.zip, unpacked, opens and searches from disk", async () => {
  const folder = unpacked();
  const { page, problems } = await reader();
  await page.goto(fileUrl(folder, "index.html"));
  assert.equal(await h1(page), "Testhandbok");
  assert.match(await page.locator("nav.editions summary").textContent(), /2025\.1/);
  await page.goto(`${fileUrl(folder, "search/index.html")}?q=Alfa`);
  await settled(page, "Alfa");
  const found = await results(page);
  assert.equal(found[0]?.title, "Alfa", JSON.stringify(found));
  assert.equal(found[0].href, fileUrl(folder, "cases/alfa/index.html"));
  await Promise.all([page.waitForEvent("load"), page.locator("#search-results h3 a").first().click()]);
  assert.equal(await h1(page), "Alfa");
  assert.equal(await page.locator(".lead").textContent(), "Ett fall från Skåne.");
  assert.deepEqual(real(problems), []);
  await page.close();
});

// The zip holds one edition: its switcher and banner lead to nothing
// outside the unpacked folder (the newest edition is linked on the
// published site, by its base URL).
test("2025.1.zip: the banner and the switcher lead to no missing file", async () => {
  const folder = unpacked();
  const { page } = await reader();
  await page.goto(fileUrl(folder, "cases/alfa/index.html"));
  const hrefs = await page.$$eval(".edition-banner a, nav.editions a", (as) => as.map((a) => a.href));
  assert.ok(hrefs.length > 0);
  const missing = hrefs.filter((h) => h.startsWith("file:") && !existsSync(fileURLToPath(h.replace(/#.*$/, ""))));
  assert.deepEqual(missing, []);
  await page.close();
});

// A printout of an older edition names its edition and its own address,
// not latest/.
test("a printed 2025.1 page gives 2025.1 and its address", async () => {
  const { page } = await reader();
  await page.goto(at("http", "2025.1/cases/alfa/index.html"));
  await page.emulateMedia({ media: "print" });
  const meta = page.locator(".print-meta");
  assert.ok(await meta.isVisible());
  assert.equal(await meta.textContent(), "Testhandbok · Utgåva 2025.1 · https://example.org/hb/2025.1/cases/alfa/");
  await page.close();
});
