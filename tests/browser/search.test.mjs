// Search, end to end: the fixture handbook (tests/fixtures/search) and the
// bundled handbook are built, and the search page is used as a reader
// would, over 127.0.0.1 and from file:// (without any flag that lets pages
// read local files): typing, ?q= addresses, ranking, the <mark>ed hit,
// filters and the back button, the keyboard, "no results" suggestions, and
// the English page's preference for English versions. The browser's
// stemmers are also checked against the build's word list.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { build, buildBundled, serve, fileUrl, launch, openPage, repo, fixtures } from "./harness.mjs";

const require = createRequire(import.meta.url);
const searchJs = join(repo, "themes", "default", "static", "search.js");

let dist, bundled, server, bundledServer, browser;
before(async () => {
  dist = build(join(fixtures, "search"));
  const built = buildBundled();
  bundled = built.site;
  server = await serve(dist, "/sok/");
  bundledServer = await serve(built.out, "/handbook/", "latest/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
  await bundledServer?.close();
});

/** The address of the search page (`en/` for English) in a mode. */
function searchUrl(mode, { lang = "", q, site = "fixture" } = {}) {
  const rel = `${lang}search/index.html`;
  const base = site === "fixture"
    ? (mode === "http" ? server.url + rel : fileUrl(dist, rel))
    : (mode === "http" ? bundledServer.url + rel : fileUrl(bundled, rel));
  return q === undefined ? base : `${base}?q=${encodeURIComponent(q)}`;
}

/** Waits until the results are those of `q`. */
async function settled(page, q) {
  await page.waitForFunction((q) => {
    const r = document.getElementById("search-results");
    return r && r.dataset.state === "done" && r.dataset.query === q;
  }, q);
}

/** Types `q` into the search box key by key, as a reader does. */
async function type(page, q) {
  await page.locator("#search-input").fill("");
  await page.locator("#search-input").pressSequentially(q);
  await settled(page, q);
}

/** Result titles, best first. */
function titles(page) {
  return page.$$eval("#search-results .search-list h3 a", (as) => as.map((a) => a.textContent.trim()));
}

/** Result addresses (from the site root), best first. */
function hrefs(page) {
  return page.$$eval("#search-results .search-list h3 a", (as) => as.map((a) => a.getAttribute("href").replace(/^(\.\.\/)+/, "")));
}

for (const mode of ["http", "file"]) {
  test(`typing a Norwegian name finds the Swedish role, the hit marked (${mode})`, async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(searchUrl(mode));
    await type(page, "styringsgruppe");
    const t = await titles(page);
    assert.equal(t[0], "Styrgrupp");
    const marks = await page.$$eval("#search-results .search-result:first-child .search-excerpt mark", (ms) => ms.map((m) => m.textContent));
    assert.ok(marks.some((m) => /^styringsgrupp/i.test(m)), `marked: ${marks}`);
    assert.match(await page.locator("#search-results .search-result:first-child .search-meta").textContent(), /Roll.*Etableringsfasen/);
    // The address follows the query once typing pauses, so it can be shared.
    await page.waitForURL(/\?q=styringsgruppe$/);
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`a result opened right after typing: Back returns to the query (${mode})`, async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(searchUrl(mode));
    await type(page, "styringsgruppe");
    // At once, before the address would follow the query by itself.
    await Promise.all([page.waitForURL(/roles\/styrgrupp\/index\.html$/), page.locator("#search-results h3 a").first().click()]);
    await page.goBack();
    await settled(page, "styringsgruppe");
    assert.match(page.url(), /\?q=styringsgruppe$/);
    assert.equal((await titles(page))[0], "Styrgrupp");
    assert.deepEqual(problems.filter((p) => !/^failed: .*favicon\.svg$/.test(p)), []);
    await page.close();
  });

  test(`?q= finds a place, a speaker and a country (${mode})`, async () => {
    const { page, problems } = await openPage(browser);
    for (const [q, first] of [
      ["Kalmar", "SSSE-klustret i Kalmarregionen"],
      ["Björn Eriksson", "Vad mogna kluster behöver"],
      ["Rumänien", "Utbildning av klusterledare"],
      ["Romania", "Utbildning av klusterledare"],
    ]) {
      await page.goto(searchUrl(mode, { q }));
      await settled(page, q);
      assert.equal(await page.locator("#search-input").inputValue(), q);
      assert.equal((await titles(page))[0], first, q);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`the bundled handbook: roles, places, speakers, misspellings (${mode})`, async () => {
    const { page, problems } = await openPage(browser);
    for (const [q, first] of [
      ["styringsgruppe", "roles/styrgrupp/index.html"],
      ["fasilitator", "roles/fasilitator/index.html"],
      ["prosjektleder", "roles/fasilitator/index.html"],
      ["Luleå", "cases/processit/index.html"],
      ["Kalmar", "cases/kalmar-ssse/index.html"],
      ["Romania", "cases/cluster-training-romania/index.html"],
      ["Rumänien", "cases/cluster-training-romania/index.html"],
      ["Björn Eriksson", "talks/bjorn-eriksson-klustercoach/index.html"],
      ["etablerng", "phases/etablering/index.html"],
      ["hallbarhet", "phases/hallbarhet/index.html"],
    ]) {
      await page.goto(searchUrl(mode, { q, site: "bundled" }));
      await settled(page, q);
      assert.equal((await hrefs(page))[0], first, q);
    }
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("misspelled, unaccented and Norwegian spellings find their page", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(searchUrl("http"));
  await type(page, "etablerng");
  assert.equal((await titles(page))[0], "Etableringsfasen");
  await type(page, "hallbarhet");
  assert.equal((await titles(page))[0], "Hållbarhetsfasen");
  await type(page, "okonomi");
  assert.ok((await titles(page)).includes("Hushållning"), "økonomi, folded");
  assert.deepEqual(problems, []);
  await page.close();
});

test("compound words are found by their parts, words by their start", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(searchUrl("http"));
  await type(page, "utveckling");
  const t = await titles(page);
  assert.ok(t.includes("Klusterutveckling"), `compound in a title: ${t}`);
  assert.ok(t.includes("Regional utveckling i praktiken"), `plain word: ${t}`);
  // The part inside the compound is what is marked.
  const marks = await page.$$eval("#search-results mark", (ms) => ms.map((m) => m.textContent.toLowerCase()));
  assert.ok(marks.includes("klusterutveckling"), `marked: ${marks}`);
  await type(page, "kalm");
  assert.equal((await titles(page))[0], "SSSE-klustret i Kalmarregionen");
  await type(page, "Bukar");
  assert.equal((await titles(page))[0], "Utbildning av klusterledare");
  assert.deepEqual(problems, []);
  await page.close();
});

test("a title hit ranks above body hits", async () => {
  const { page } = await openPage(browser);
  await page.goto(searchUrl("http", { q: "styrgrupp" }));
  await settled(page, "styrgrupp");
  const t = await titles(page);
  assert.equal(t[0], "Styrgrupp");
  assert.ok(t.includes("SSSE-klustret i Kalmarregionen") && t.includes("Etableringsfasen"), `${t}`);
  await page.close();
});

test("warming up while the page is idle loads nothing and changes no result", async () => {
  // Typed after the page has been idle (warmed up) ...
  const { page, problems } = await openPage(browser);
  const requests = [];
  page.on("request", (r) => requests.push(r.url()));
  await page.goto(searchUrl("http"));
  await page.waitForFunction(() => document.getElementById("search-results").getAttribute("aria-busy") === "false");
  const before = requests.length;
  await page.waitForFunction(() => document.getElementById("search-results").dataset.warm === "done");
  // Chromium may ask for the page's icon late; anything else is the warm-up's.
  assert.deepEqual(requests.slice(before).filter((u) => !u.endsWith("favicon.svg")), [], "no file loaded while warming up");
  await type(page, "samverkan kluster");
  const warmed = await page.$$eval(".search-result", (li) => li.map((l) => l.textContent));
  // ... and asked for by the address, so that the search starts at once.
  await page.goto(searchUrl("http", { q: "samverkan kluster" }));
  await settled(page, "samverkan kluster");
  const cold = await page.$$eval(".search-result", (li) => li.map((l) => l.textContent));
  assert.ok(warmed.length > 1, `${warmed}`);
  assert.deepEqual(warmed, cold);
  assert.deepEqual(problems, []);
  await page.close();
});

test("a filter changed right after typing: Back returns to what was typed", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(searchUrl("http"));
  await type(page, "klust");
  // At once, with the keyboard (no click), before the address would follow
  // the query by itself.
  await page.selectOption("#search-kind", "case");
  await page.waitForURL(/\?q=klust&kind=case$/);
  await page.goBack();
  await page.waitForURL(/\?q=klust$/);
  await settled(page, "klust");
  assert.equal(await page.locator("#search-input").inputValue(), "klust");
  assert.equal(await page.locator("#search-kind").inputValue(), "");
  assert.deepEqual(problems, []);
  await page.close();
});

test("more results: the next page follows the first, none twice", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(searchUrl("http", { q: "kluster", site: "bundled" }));
  await settled(page, "kluster");
  const count = Number(await page.$eval("#search-results", (r) => r.dataset.count));
  assert.ok(count > 10, `${count} results`);
  const first = await hrefs(page);
  assert.equal(first.length, 10);
  await page.locator(".search-more").click();
  await page.waitForFunction((n) => document.querySelectorAll(".search-list .search-result:not([hidden])").length === n, Math.min(20, count));
  const all = await hrefs(page);
  assert.deepEqual(all.slice(0, 10), first);
  assert.equal(new Set(all).size, all.length, `${all}`);
  // Keyboard users land on the first new result.
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute("href")?.replace(/^(\.\.\/)+/, "")), all[10]);
  assert.deepEqual(problems, []);
  await page.close();
});

test("filters narrow the results; the address keeps them and Back undoes them", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(searchUrl("http", { q: "klust" }));
  await settled(page, "klust");
  const all = await page.$$eval(".search-result", (li) => li.map((l) => l.className));
  assert.ok(all.some((c) => !c.includes("kind-case")), "more than cases at first");
  const done = () => page.waitForFunction(() => document.getElementById("search-results").dataset.state === "done");

  await page.selectOption("#search-kind", "case");
  await done();
  const cases = await page.$$eval(".search-result", (li) => li.map((l) => l.className));
  assert.ok(cases.length > 0 && cases.every((c) => c.includes("kind-case")), `${cases}`);
  assert.match(page.url(), /[?&]kind=case/);

  await page.selectOption("#search-country", "RO");
  await done();
  assert.deepEqual(await titles(page), ["Utbildning av klusterledare"]);
  assert.match(page.url(), /country=RO/);

  await page.goBack();
  await done();
  assert.equal(await page.locator("#search-country").inputValue(), "");
  assert.equal(await page.locator("#search-kind").inputValue(), "case");
  await page.goBack();
  await done();
  assert.equal(await page.locator("#search-kind").inputValue(), "");
  assert.equal((await page.$$(".search-result")).length, all.length);

  // A shared address with filters opens filtered.
  await page.goto(searchUrl("http") + "?q=klust&phase=hallbarhet");
  await settled(page, "klust");
  assert.equal(await page.locator("#search-phase").inputValue(), "hallbarhet");
  const phased = await page.$$eval(".search-meta", (ps) => ps.map((p) => p.textContent));
  assert.ok(phased.length > 0 && phased.every((p) => p.includes("Hållbarhetsfasen")), `${phased}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test("keyboard: '/' focuses the box, arrows move through the results, Enter opens", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(searchUrl("file", { q: "styrgrupp" }));
  await settled(page, "styrgrupp");
  await page.locator("h1").click();
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "search-input");
  const t = await titles(page);
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), t[0]);
  await page.keyboard.press("ArrowDown");
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), t[1]);
  await page.keyboard.press("ArrowUp");
  assert.equal(await page.evaluate(() => document.activeElement.textContent.trim()), t[0]);
  await Promise.all([page.waitForURL(/roles\/styrgrupp\/index\.html$/), page.keyboard.press("Enter")]);
  assert.equal((await page.locator("h1").textContent()).trim(), "Styrgrupp");
  // Back to the search: the address kept the query, so the results return.
  await page.goBack();
  await settled(page, "styrgrupp");
  assert.equal((await titles(page))[0], "Styrgrupp");
  // Chromium fetches the icon again when the address changes; leaving the
  // page can cancel that fetch, which is not a problem of the page.
  assert.deepEqual(problems.filter((p) => !/^failed: .*favicon\.svg$/.test(p)), []);
  await page.close();
});

test("no results: says so and suggests a close indexed word", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(searchUrl("http"));
  await type(page, "styrgxxpp");
  assert.match(await page.locator(".search-none").textContent(), /styrgxxpp/);
  const suggestion = page.locator(".search-suggest a").first();
  assert.equal(await suggestion.textContent(), "styrgrupp");
  await suggestion.click();
  await settled(page, "styrgrupp");
  assert.equal(await page.locator("#search-input").inputValue(), "styrgrupp");
  assert.equal((await titles(page))[0], "Styrgrupp");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the English search page shows the English version of an entry", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(searchUrl("file", { lang: "en/", q: "styringsgruppe" }));
  await settled(page, "styringsgruppe");
  const t = await titles(page);
  assert.equal(t[0], "Steering group");
  assert.ok(!t.includes("Styrgrupp"), "one result per entry");
  assert.equal(await page.locator(".search-kind").first().textContent(), "Role");
  assert.deepEqual(problems, []);
  await page.close();
});

test("the search box in every page's header goes to the search page", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(fileUrl(dist, "roles/processledare/index.html"));
  await page.locator("#site-search").fill("Kalmar");
  await Promise.all([page.waitForURL(/search\/index\.html\?q=Kalmar$/), page.locator("#site-search").press("Enter")]);
  await settled(page, "Kalmar");
  assert.equal((await titles(page))[0], "SSSE-klustret i Kalmarregionen");
  assert.deepEqual(problems, []);
  await page.close();
});

test("without JavaScript the page keeps a working form and says why there are no results", async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(searchUrl("http", { q: "Kalmar" }));
  assert.equal(await page.locator("form[role=search] input[name=q]#search-input").count(), 1);
  assert.match(await page.locator("noscript").first().innerHTML(), /JavaScript/);
  await context.close();
});

test("the browser's stemmers give the build's stems", () => {
  const analysis = require(searchJs);
  const lines = readFileSync(join(fixtures, "search", "stems.tsv"), "utf8").split("\n");
  let checked = 0;
  for (const line of lines) {
    if (!line || line.startsWith("#")) continue;
    const [word, swedish, norwegian, english] = line.split("\t");
    assert.equal(analysis.stem("swedish", word), swedish, `swedish ${word}`);
    assert.equal(analysis.stem("norwegian", word), norwegian, `norwegian ${word}`);
    assert.equal(analysis.stem("english", word), english, `english ${word}`);
    checked += 3;
  }
  assert.ok(checked > 1000);
  assert.ok(analysis.oneEdit("etablerng", "etablering"));
  assert.ok(!analysis.oneEdit("okonomi", "ekonomin"));
});

test("results are ranked best first, page by page, as a full sort would", () => {
  const { ranked } = require(searchJs);
  // Made-up scores with many ties: ties go to the lower document number.
  let seed = 7;
  const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
  for (const n of [0, 3, 10, 11, 250, 5000]) {
    const scores = new Float64Array(n + 10);
    const docs = [];
    for (let d = 0; d < n; d++) {
      docs.push(d + 10 - (d % 3)); // some numbers skipped
    }
    // In the order a search first meets them: not by number.
    const unique = [...new Set(docs)];
    for (let i = unique.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [unique[i], unique[j]] = [unique[j], unique[i]];
    }
    for (const d of unique) scores[d] = Math.floor(random() * 20) / 4;
    const expected = [...unique].sort((a, b) => scores[b] - scores[a] || a - b);
    const r = ranked(unique, scores);
    assert.equal(r.length, unique.length);
    const got = [];
    for (let from = 0; from < unique.length; from += 10) {
      got.push(...r.slice(from, from + 10).map((h) => h.doc));
    }
    assert.deepEqual(got, expected, `n=${n}`);
    assert.deepEqual(r.slice(0, 10).map((h) => h.score), expected.slice(0, 10).map((d) => scores[d]));
  }
});
