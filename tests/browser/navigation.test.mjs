// A reader's path through the bundled handbook, from a server and from
// disk: home → phase → case → back to the phase; glossary tooltips by
// keyboard; no console errors; no axe-core (WCAG 2.1 A/AA) violations.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { axeViolations, buildBundled, serve, fileUrl, launch, openPage } from "./harness.mjs";


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

for (const mode of ["http", "file"]) {
  test(`a reader moves from home to a phase, a case and back (${mode})`, async () => {
    const { page, problems } = await openPage(browser);
    const start = mode === "http" ? server.url : fileUrl(dist);
    await page.goto(start);
    assert.equal(await page.locator("h1").first().textContent(), "Klusterhandboken");
    await page.locator(".phase-cards a", { hasText: "Pilot" }).first().click();
    assert.match(await page.locator("h1").textContent(), /Pilot/);
    assert.ok(page.url().endsWith("phases/pilot/index.html"), page.url());
    // The four facets of the model are on the phase page.
    for (const id of ["facet-activities", "facet-support", "facet-results", "facet-leadership"]) {
      assert.ok((await page.locator(`#${id} + ul li`).count()) > 0, `${id} has items`);
    }
    // From the phase to a case that names it, and back through the case's phase link.
    const caseLink = page.locator(".related a[href*='cases/']").first();
    const caseTitle = (await caseLink.textContent()).trim();
    await caseLink.click();
    assert.equal((await page.locator("h1").textContent()).trim(), caseTitle);
    await page.locator(".facts a[href*='phases/pilot/']").first().click();
    assert.ok(page.url().endsWith("phases/pilot/index.html"), page.url());
    // Next phase along the model.
    await page.locator(".prevnext a[rel=next]").click();
    assert.ok(page.url().endsWith("phases/etablering/index.html"), page.url());
    assert.deepEqual(problems, []);
    await page.close();
  });
}

test("a glossary link shows its definition on keyboard focus", async () => {
  const { page, problems } = await openPage(browser);
  await page.goto(fileUrl(dist, "phases/pilot/index.html"));
  const term = page.locator(".term-link").first();
  assert.ok((await term.count()) > 0, "the page links at least one term");
  await term.focus();
  const tip = page.locator("#term-tip[role=tooltip]");
  assert.equal(await tip.count(), 1);
  assert.ok((await tip.textContent()).length > 10, "the tooltip holds the definition");
  assert.equal(await term.getAttribute("aria-describedby"), "term-tip");
  await page.keyboard.press("Escape");
  assert.equal(await tip.count(), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test("'/' focuses the search box from any page", async () => {
  const { page } = await openPage(browser);
  await page.goto(fileUrl(dist, "cases/processit/index.html"));
  await page.keyboard.press("/");
  assert.equal(await page.evaluate(() => document.activeElement.id), "site-search");
  await page.close();
});

const auditPages = [
  "index.html", "phases/index.html", "phases/pilot/index.html", "cases/index.html",
  "cases/processit/index.html", "talks/bjorn-eriksson-klustercoach/index.html",
  "roles/fasilitator/index.html", "terms/kluster/index.html", "tags/index.html",
  "en/phases/pilot/index.html", "search/index.html",
];
for (const rel of auditPages) {
  test(`no accessibility violations (axe-core, WCAG 2.1 AA): ${rel}`, async () => {
    const { page, problems } = await openPage(browser);
    await page.goto(server.url + rel);
    const violations = await axeViolations(page);
    assert.deepEqual(violations, []);
    assert.deepEqual(problems, []);
    await page.close();
  });
}
