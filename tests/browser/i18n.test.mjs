// Languages in the browser, on the i18n fixture (Swedish main, English and
// Norwegian with gaps), over 127.0.0.1 and from file://: the search page
// of a language lists the hits in its own language first and the hits
// only other languages have after them, each marked ("in Swedish"); and
// the page the language switcher leads to from an untranslated page says
// so (site.js reads ?from=untranslated).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { build, serve, fileUrl, launch, openPage, fixtures } from "./harness.mjs";

let dist, server, browser;
before(async () => {
  dist = build(join(fixtures, "i18n"));
  server = await serve(dist, "/hb/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

function url(mode, rel) {
  return mode === "http" ? server.url + rel : fileUrl(dist, rel);
}

for (const mode of ["http", "file"]) {
  test(`${mode}: the reader's language first, other languages after and marked`, async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(url(mode, "en/search/index.html") + "?q=pilot");
    await page.waitForFunction(() => {
      const r = document.getElementById("search-results");
      return r && r.dataset.state === "done" && r.dataset.query === "pilot";
    });
    const hits = await page.$$eval("#search-results .search-result", (lis) =>
      lis.map((li) => ({
        title: li.querySelector("h3 a").textContent.trim(),
        lang: li.querySelector("h3 a").getAttribute("lang"),
        mark: li.querySelector(".search-lang")?.textContent ?? null,
        markLang: li.querySelector(".search-lang")?.getAttribute("lang") ?? null,
      })),
    );
    assert.ok(hits.length >= 3, JSON.stringify(hits));
    assert.deepEqual(hits[0], { title: "Pilot", lang: null, mark: null, markLang: null });
    const others = hits.slice(1);
    assert.deepEqual(
      others.map((h) => h.title).sort(),
      ["Ett fall", "Klusterledare"],
    );
    for (const h of others) {
      assert.equal(h.lang, "sv");
      assert.equal(h.mark, "in Swedish");
      assert.equal(h.markLang, "en");
    }
    // The Norwegian page finds its own Klyngeleder first, by its own stemmer.
    await page.goto(url(mode, "nb/search/index.html") + "?q=leder");
    await page.waitForFunction(() => {
      const r = document.getElementById("search-results");
      return r && r.dataset.state === "done" && r.dataset.query === "leder";
    });
    const first = await page.$eval("#search-results .search-result h3 a", (a) => a.textContent.trim());
    assert.equal(first, "Klyngeleder");
    assert.deepEqual(problems, []);
    await page.close();
  });

  test(`${mode}: the switcher from an untranslated page lands on a page that says so`, async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(url(mode, "phases/pilot/index.html"));
    await page.click('.languages a[lang="nb"]');
    await page.waitForLoadState("load");
    assert.match(page.url(), /nb\/phases\/index\.html\?from=untranslated$/);
    const note = page.locator("#untranslated-note");
    await note.waitFor({ state: "visible" });
    assert.match(await note.textContent(), /ikke oversatt|finnes ikke på norsk/);
    // A page reached otherwise shows no note.
    await page.goto(url(mode, "nb/phases/index.html"));
    assert.equal(await note.isVisible(), false);
    assert.deepEqual(problems, []);
    await page.close();
  });
}
