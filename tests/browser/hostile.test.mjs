// Hostile-looking but legal content (tests/fixtures/hostile/web-legal:
// script tags, event handlers and `javascript:` in titles, summaries, tags,
// raw HTML, link titles, URLs…) opened over http and from file://: every
// page loads, every link of the content pages is clicked, and no dialog
// opens and no console error (a CSP violation is one) is reported. The
// CSP itself is shown to be in force: an inline script is refused.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { build, serve, fileUrl, launch, openPage, fixtures } from "./harness.mjs";

let dist, server, browser;
before(async () => {
  dist = build(join(fixtures, "hostile", "web-legal"));
  server = await serve(dist, "/hb/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

function pages(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...pages(p));
    else if (name.endsWith(".html")) out.push(relative(dist, p).split(sep).join("/"));
  }
  return out.sort();
}

/** A page that records dialogs, and answers outside addresses itself. */
async function open(mode) {
  const { page, problems } = await openPage(browser);
  const dialogs = [];
  page.on("dialog", async (d) => { dialogs.push(d.message()); await d.dismiss(); });
  await page.route(/^https?:\/\/(?!127\.0\.0\.1)/, (r) =>
    r.fulfill({ status: 200, contentType: "text/plain", body: "outside" }));
  const url = (rel) => (mode === "http" ? server.url + rel : fileUrl(dist, rel));
  // A favicon request cut short by the next navigation is not a problem.
  const real = () => problems.filter((p) => !/^failed: .*favicon\.svg$/.test(p));
  return { page, problems: { real }, dialogs, url };
}

const contentPages = [
  "index.html", "phases/pilot/index.html", "cases/javascript-fall/index.html",
  "terms/kluster/index.html", "talks/t/index.html", "resources/r/index.html", "pages/om/index.html",
];

for (const mode of ["http", "file"]) {
  test(`every page of hostile content loads without a dialog or console error (${mode})`, async () => {
    const { page, problems, dialogs, url } = await open(mode);
    const all = pages(dist);
    assert.ok(all.length > 15, `${all.length} pages`);
    for (const rel of all) {
      await page.goto(url(rel));
      // Let scripts (site.js, search.js) run and tooltips be set up.
      await page.waitForLoadState("load");
      for (const a of await page.locator("a.term-link, .body a[href*='terms/']").all()) {
        await a.hover();
      }
    }
    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems.real(), []);
    await page.close();
  });

  test(`every link of the hostile content pages can be followed (${mode})`, async () => {
    const { page, problems, dialogs, url } = await open(mode);
    let clicked = 0;
    for (const rel of contentPages) {
      await page.goto(url(rel));
      const hrefs = await page.locator("a[href]").evaluateAll((as) => as.map((a) => a.getAttribute("href")));
      for (const [i, href] of hrefs.entries()) {
        const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href.trim())?.[1]?.toLowerCase();
        assert.ok(!scheme || ["http", "https", "mailto", "tel"].includes(scheme), `${rel}: ${href}`);
        if (scheme === "mailto" || scheme === "tel") continue;
        await page.goto(url(rel));
        // The link's activation, as a click does it (also for links such
        // as the skip link that sit outside the viewport until focused).
        const click = page.locator("a[href]").nth(i).evaluate((a) => a.dispatchEvent(new MouseEvent("click", { bubbles: true, cancelable: true, view: window })));
        if (href.startsWith("#")) await click;
        else await Promise.all([page.waitForEvent("load"), click]);
        clicked++;
      }
    }
    assert.ok(clicked > 30, `${clicked} links clicked`);
    assert.deepEqual(dialogs, []);
    assert.deepEqual(problems.real(), []);
    await page.close();
  });

  test(`the Content-Security-Policy refuses an inline script (${mode})`, async () => {
    const { page, dialogs, url } = await open(mode);
    await page.goto(url("cases/javascript-fall/index.html"));
    await assert.rejects(page.addScriptTag({ content: "alert('inline')" }), /Content Security Policy/);
    assert.deepEqual(dialogs, []);
    // The raw HTML of the content is text, not markup.
    assert.equal(await page.locator("main script, main img[onerror], main iframe").count(), 0);
    assert.match(await page.locator("main").textContent(), /<script>alert\('raw'\)<\/script>/);
    await page.close();
  });
}
