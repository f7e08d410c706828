// The reader's theme (issue #14) in Chromium: the pages a reader meets —
// home, a phase, a case, a talk, a term, search, print and 404 — over
// http://127.0.0.1 and from file://, in light and dark: no console errors
// or failed requests, no axe-core violations (WCAG 2.x A/AA), nothing wider
// than a 320 px screen. Then the phone menu by keyboard and touch, the
// header's typeahead by keyboard, the diagram's links, the remembered
// colour scheme, the running header on every printed page, the place of
// the edition switcher. Takes screenshots at 1280 and 390 px, light and
// dark, into a temporary folder; with SCREENSHOTS=1 into docs/screenshots/.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { axeViolations, build, buildBundled, serve, fileUrl, launch, recordProblems, repo, fixtures } from "./harness.mjs";

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

const pages = {
  home: "index.html",
  phase: "phases/pilot/index.html",
  case: "cases/processit/index.html",
  talk: "talks/arena-ledelse-och-organisering/index.html",
  term: "terms/kluster/index.html",
  search: "search/index.html?q=samverkan",
  print: "print/index.html",
  notfound: "404.html",
};

let dist, server, browser;
before(async () => {
  const built = buildBundled();
  dist = built.site;
  server = await serve(built.out, "/handbook/v2/", "latest/");
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** A page in its own context (own storage), recording problems. */
async function open({ width = 1280, height = 900, scheme = "light", touch = false } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, colorScheme: scheme, hasTouch: touch, isMobile: touch });
  const page = await context.newPage();
  const problems = recordProblems(page, []);
  return { context, page, problems };
}

function urlOf(mode, rel) {
  if (mode === "http") return server.url + rel;
  const [path, query] = rel.split("?");
  return fileUrl(dist, path) + (query ? `?${query}` : "");
}

function axe(page) {
  return axeViolations(page, AXE_TAGS);
}

/** Elements that stick out of the page's width (the page scrolls sideways). */
async function overflow(page) {
  return page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out = [];
    if (document.documentElement.scrollWidth > w) out.push(`page ${document.documentElement.scrollWidth}px`);
    return out;
  });
}

for (const mode of ["http", "file"]) {
  for (const [name, rel] of Object.entries(pages)) {
    test(`${name} (${mode}): no errors, fits 320 px${mode === "http" ? ", axe clean in light and dark" : ""}`, async () => {
      for (const scheme of ["light", "dark"]) {
        const { context, page, problems } = await open({ scheme });
        await page.goto(urlOf(mode, rel));
        if (name === "search") await page.waitForSelector("#search-results[data-state=done]");
        assert.equal(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches), scheme === "dark");
        await page.setViewportSize({ width: 320, height: 700 });
        assert.deepEqual(await overflow(page), [], `${scheme}: wider than 320 px`);
        // The page's own requests and scripts; axe's own (it reads style
        // sheets with XHR, which file:// refuses) come after.
        assert.deepEqual(problems, []);
        if (mode === "http") {
          assert.deepEqual(await axe(page), [], `${scheme} at 320 px: axe`);
          await page.setViewportSize({ width: 1280, height: 900 });
          assert.deepEqual(await axe(page), [], `${scheme}: axe`);
        }
        await context.close();
      }
    });
  }
}

test("a phone shows the page's title within the first 260 px", async () => {
  for (const rel of [pages.phase, pages.case, pages.talk]) {
    const { context, page } = await open({ width: 390, height: 844 });
    await page.goto(urlOf("file", rel));
    const top = await page.locator("h1").evaluate((h) => h.getBoundingClientRect().top);
    assert.ok(top < 260, `${rel}: h1 at ${top}px`);
    await context.close();
  }
});

test("the phone menu opens and closes by keyboard and by touch, also without JavaScript", async () => {
  for (const javaScriptEnabled of [true, false]) {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true, javaScriptEnabled });
    const page = await context.newPage();
    await page.goto(urlOf("file", pages.case));
    const sidebar = page.locator("#sidebar");
    const summary = page.locator(".menu-toggle summary");
    assert.equal(await sidebar.isVisible(), false, "closed at first");
    await summary.focus();
    await page.keyboard.press("Enter");
    assert.equal(await sidebar.isVisible(), true, "Enter opens it");
    assert.ok(await page.locator("#sidebar a[href*='phases/pilot/']").isVisible());
    await page.keyboard.press("Space");
    assert.equal(await sidebar.isVisible(), false, "Space closes it");
    await summary.tap();
    assert.equal(await sidebar.isVisible(), true, "a tap opens it");
    await summary.tap();
    assert.equal(await sidebar.isVisible(), false, "a tap closes it");
    await context.close();
  }
});

for (const mode of ["http", "file"]) {
  test(`the header's typeahead lists results and is driven by the keyboard (${mode})`, async () => {
    const { context, page, problems } = await open();
    const requests = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(urlOf(mode, pages.phase));
    await page.waitForLoadState("load");
    assert.equal(requests.filter((u) => u.includes("/search/") || u.endsWith("search.js")).length, 0,
      "nothing of search is loaded before the box is used");
    const box = page.locator("#site-search");
    await box.focus();
    await page.keyboard.type("kalmar");
    const options = page.locator("#typeahead-list [role=option]");
    await page.waitForSelector("#typeahead:not([hidden]) .typeahead-title");
    assert.equal(await box.getAttribute("aria-expanded"), "true");
    assert.match(await options.first().textContent(), /Kalmar/);
    assert.match(await page.locator(".typeahead-all").textContent(), /kalmar/);
    await page.keyboard.press("ArrowDown");
    const first = await options.first().getAttribute("id");
    assert.equal(await box.getAttribute("aria-activedescendant"), first);
    assert.equal(await options.first().getAttribute("aria-selected"), "true");
    await page.keyboard.press("ArrowUp"); // wraps to "all results"
    assert.equal(await box.getAttribute("aria-activedescendant"), "typeahead-all");
    await page.keyboard.press("ArrowDown");
    await page.keyboard.press("Escape");
    assert.equal(await box.getAttribute("aria-expanded"), "false");
    await page.keyboard.press("ArrowDown");
    await page.waitForSelector("#typeahead:not([hidden])");
    await page.keyboard.press("ArrowDown");
    const title = (await page.locator(".typeahead-option[aria-selected=true] .typeahead-title").textContent()).trim();
    await Promise.all([page.waitForURL(/cases\/kalmar-ssse\/index\.html$|\/index\.html$/), page.keyboard.press("Enter")]);
    assert.equal((await page.locator("h1").textContent()).trim(), title);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

// The list of results stays on the screen wherever the wrapped header
// puts the box (it once ran off the right edge from 540 to 1023 px and on
// phones).
test("the header's typeahead stays within the screen at every width", async () => {
  for (const width of [320, 375, 540, 768, 900, 1023, 1024, 1280]) {
    const { context, page, problems } = await open({ width, height: 800 });
    await page.goto(urlOf("http", pages.phase));
    await page.locator("#site-search").fill("finansiering");
    await page.waitForSelector("#typeahead:not([hidden]) .typeahead-title");
    const box = await page.locator("#typeahead").boundingBox();
    assert.ok(box.x >= 0 && box.x + box.width <= width, `${width} px: the list spans ${box.x}–${box.x + box.width}`);
    assert.deepEqual(await overflow(page), [], `${width} px`);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

// Printing follows print's colours whatever the scheme: the system's dark
// scheme once outranked print's (pale grey text on white).
test("a page printed in the dark prints black on white", async () => {
  for (const [scheme, toggled] of [["dark", false], ["light", true], ["dark", true]]) {
    const { context, page } = await open({ scheme });
    await page.goto(urlOf("http", pages.phase));
    if (toggled) await page.evaluate(() => document.documentElement.setAttribute("data-scheme", "dark"));
    await page.emulateMedia({ media: "print" });
    const colours = await page.evaluate(() => {
      const of = (sel) => { const e = document.querySelector(sel); return e && getComputedStyle(e).color; };
      return { body: getComputedStyle(document.body).color, bg: getComputedStyle(document.documentElement).backgroundColor,
        summary: of(".lead"), kind: of(".kind") };
    });
    const label = `${scheme}${toggled ? " + toggle" : ""}`;
    assert.equal(colours.body, "rgb(0, 0, 0)", label);
    assert.equal(colours.bg, "rgb(255, 255, 255)", label);
    for (const c of [colours.summary, colours.kind].filter(Boolean)) {
      const [r, g, b] = c.match(/\d+/g).map(Number);
      assert.ok(Math.max(r, g, b) <= 0x33, `${label}: text printed in ${c}`);
    }
    await context.close();
  }
});

test("the diagram's links lead to the phases, the current one marked", async () => {
  const { context, page, problems } = await open();
  await page.goto(urlOf("http", pages.home));
  const links = page.locator("svg.model-wide a");
  const n = await links.count();
  assert.equal(n, 5);
  for (let i = 0; i < n; i++) {
    await page.goto(urlOf("http", pages.home));
    await page.locator("svg.model-wide a").nth(i).click();
    assert.match(page.url(), /phases\/[a-z]+\/index\.html$/);
    assert.equal(await page.locator("svg.model-wide a[aria-current=page]").count(), 1);
    const current = await page.locator("svg.model-wide a[aria-current=page]").textContent();
    assert.ok(current.includes((await page.locator("h1").textContent()).trim()), current);
  }
  // On a phone the narrow drawing is shown, with the same links.
  await page.setViewportSize({ width: 390, height: 844 });
  assert.equal(await page.locator("svg.model-narrow").isVisible(), true);
  assert.equal(await page.locator("svg.model-wide").isVisible(), false);
  assert.deepEqual(problems, []);
  await context.close();
});

for (const mode of ["http", "file"]) {
  test(`the colour scheme toggle is remembered across pages (${mode})`, async () => {
    const { context, page, problems } = await open({ scheme: "light" });
    await page.goto(urlOf(mode, pages.home));
    const bg = () => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    const light = await bg();
    const toggle = page.locator(".scheme-toggle");
    assert.equal(await toggle.getAttribute("aria-pressed"), "false");
    await toggle.click();
    assert.equal(await toggle.getAttribute("aria-pressed"), "true");
    assert.notEqual(await bg(), light);
    await page.goto(urlOf(mode, pages.phase));
    // Applied by scheme.js in <head>, before the first paint.
    assert.equal(await page.evaluate(() => document.documentElement.getAttribute("data-scheme")), "dark");
    assert.equal(await page.locator(".scheme-toggle").getAttribute("aria-pressed"), "true");
    assert.notEqual(await bg(), light);
    await page.locator(".scheme-toggle").click();
    await page.reload();
    assert.equal(await bg(), light);
    assert.deepEqual(problems, []);
    await context.close();
  });
}

test("the edition switcher: none without editions; the bundled handbook's fits 320 px and is accessible", async () => {
  // A handbook with no released edition has no switcher at all.
  const plain = build(join(fixtures, "basic"));
  const { context: c0, page: p0 } = await open({ width: 320, height: 700 });
  await p0.goto(fileUrl(plain, "index.html"));
  assert.equal(await p0.locator(".editions").count(), 0, "nothing while the site has no editions");
  await c0.close();
  // The bundled handbook ships 2026.1: the switcher names it and next/.
  const { context, page, problems } = await open({ width: 320, height: 700 });
  await page.goto(urlOf("http", pages.case));
  const names = await page.locator(".editions li a").allTextContents();
  assert.ok(names.some((n) => n.includes("2026.1")), `switcher lists 2026.1: ${names}`);
  assert.ok(names.length >= 2, `switcher lists the working content too: ${names}`);
  const summary = page.locator(".editions summary");
  for (const width of [320, 390, 1280]) {
    await page.setViewportSize({ width, height: 800 });
    assert.equal(await page.locator(".editions ul").isVisible(), false, `${width}: closed at first`);
    await summary.focus();
    await page.keyboard.press("Enter");
    assert.equal(await page.locator(".editions a[aria-current]").isVisible(), true, `${width}: Enter opens it`);
    const box = await summary.boundingBox();
    assert.ok(box.height >= 24 && box.width >= 24, `${width}: target ${box.width}×${box.height}`);
    assert.deepEqual(await overflow(page), [], `${width}: wider than the screen`);
    assert.deepEqual(await axe(page), [], `${width}: axe`);
    await page.keyboard.press("Enter");
    assert.equal(await page.locator(".editions ul").isVisible(), false, `${width}: Enter closes it`);
  }
  // Choosing the other edition keeps the reader on the same page.
  await summary.focus();
  await page.keyboard.press("Enter");
  const other = page.locator(".editions li a:not([aria-current])").first();
  await other.click();
  await page.waitForLoadState();
  assert.match(page.url(), /\/next\/cases\/processit\/(index\.html)?$/, page.url());
  assert.deepEqual(problems, []);
  await context.close();
});

test("every printed page carries the site's name and the page's address", async () => {
  // pdftotext (poppler-utils, which tests/run.sh installs) reads the
  // PDF's text page by page: pages are separated by form feeds.
  const probe = spawnSync("pdftotext", ["-v"], { encoding: "utf8" });
  assert.ok(!probe.error, "pdftotext is missing: install poppler-utils (tests/run.sh does)");
  const tmp = mkdtempSync(join(tmpdir(), "cb-print-"));
  for (const [rel, address] of [[pages.phase, "phases/pilot/"], [pages.print, "print/"]]) {
    const { context, page, problems } = await open();
    await page.goto(urlOf("http", rel));
    // In print the header is fixed (repeated on every page) and clear of
    // the text under it.
    await page.emulateMedia({ media: "print" });
    const meta = page.locator(".print-meta");
    assert.equal(await meta.evaluate((e) => getComputedStyle(e).position), "fixed");
    const metaBottom = await meta.evaluate((e) => e.getBoundingClientRect().bottom);
    const h1Top = await page.locator("h1").first().evaluate((e) => e.getBoundingClientRect().top);
    assert.ok(metaBottom <= h1Top, `header (bottom ${metaBottom}) overlaps the title (top ${h1Top})`);
    const file = join(tmp, "page.pdf");
    writeFileSync(file, await page.pdf({ format: "A4", preferCSSPageSize: true }));
    const text = spawnSync("pdftotext", ["-layout", file, "-"], { encoding: "utf8" }).stdout;
    const printed = text.split("\f").filter((p) => p.trim() !== "");
    assert.ok(printed.length > 1, `${rel}: ${printed.length} page(s)`);
    printed.forEach((p, i) =>
      assert.match(p, new RegExp(`Klusterhandboken · Utgåva \\d+\\.\\d+ · ${address}`), `${rel}: page ${i + 1} of ${printed.length} lacks the header with the edition:\n${p.slice(0, 300)}`));
    assert.deepEqual(problems, []);
    await context.close();
  }
  rmSync(tmp, { recursive: true, force: true });
});

test("screenshots at 1280 and 390 px, light and dark", async (t) => {
  // Written to a temporary folder, so a test run leaves the repository as
  // it was; SCREENSHOTS=1 copies them into docs/screenshots/ (the README's).
  const out = mkdtempSync(join(tmpdir(), "cb-screenshots-"));
  const shoot = async (page, name) => {
    const png = await page.screenshot({ path: join(out, `${name}.png`) });
    assert.ok(png.length > 1000 && png.subarray(1, 4).toString() === "PNG", name);
  };
  for (const scheme of ["light", "dark"]) {
    for (const [width, height] of [[1280, 900], [390, 844]]) {
      for (const name of ["home", "phase", "case"]) {
        const { context, page } = await open({ width, height, scheme });
        await page.goto(urlOf("file", pages[name]));
        await shoot(page, `${name}-${width}-${scheme}`);
        await context.close();
      }
    }
  }
  const { context, page } = await open({ width: 1280, height: 900 });
  await page.goto(urlOf("file", pages.phase));
  await page.locator("#site-search").focus();
  await page.keyboard.type("samverkan");
  await page.waitForSelector("#typeahead:not([hidden]) .typeahead-title");
  await page.keyboard.press("ArrowDown");
  await shoot(page, "typeahead-1280-light");
  await context.close();
  if (process.env.SCREENSHOTS === "1") {
    const docs = join(repo, "docs", "screenshots");
    mkdirSync(docs, { recursive: true });
    for (const f of readdirSync(out)) copyFileSync(join(out, f), join(docs, f));
    t.diagnostic(`screenshots copied into ${docs}`);
  } else {
    t.diagnostic(`screenshots in ${out} (SCREENSHOTS=1 copies them into docs/screenshots/)`);
  }
});
