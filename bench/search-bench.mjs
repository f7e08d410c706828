// Measures one built site's search for bench/search.sh: clusterbook's
// index (search/) and Pagefind's (pagefind/, built on the same pages).
//
//   node bench/search-bench.mjs SITE N CB_BUILD_S PF_BUILD_S   → one JSON line
//   node bench/search-bench.mjs --table JSON...                 → Markdown table
//
// Bytes fetched: every response of the search (clusterbook: theme/search.js,
// theme/inflate.js and search/*.js; Pagefind: pagefind/*) from a cold page (no cache) until
// the first 10 results are shown with their excerpts. Latency: in the page,
// from the keystroke (clusterbook: an `input` event on the search box;
// Pagefind: calling its API) until the best result is shown with its
// excerpt (clusterbook: in the page; Pagefind: its first result's data()) —
// for a whole query pasted into a freshly loaded page ("cold": the index
// entry is loaded, nothing else), and for each keystroke while a query is
// typed into a freshly loaded page, from its second letter (the first
// that makes a word), each after the previous one's results are shown; the
// first of these keystrokes is also reported alone. On a fresh page the
// first keystroke comes PAUSE ms after the page is ready (a reader's
// reaction time; both tools may use it: clusterbook warms its search code
// up while idle, Pagefind has finished its init()).
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { serve, launch } from "../tests/browser/harness.mjs";

const QUERIES = ["kvalitet", "uppföljning", "handledning budget", "rutiner", "samverkan ansvar"];
const PAUSE = 500;
// Every measurement is made ROUNDS times (each round all queries, both
// tools in turn): on a shared 2-core machine one sample per query is noise.
const ROUNDS = Number(process.env.ROUNDS || 3);

const percentile = (v, p) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] : NaN;
};

const median = (v) => percentile(v, 0.5); // the lower middle of an even count

function du(dir, filter = () => true) {
  let bytes = 0, files = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) {
      const r = du(p, filter);
      bytes += r.bytes; files += r.files;
    } else if (filter(p)) {
      bytes += st.size; files += 1;
    }
  }
  return { bytes, files };
}

/** Runs `body` on a fresh page; counts the bytes of the responses whose
 * address `match`es — the page's and its workers' (Pagefind fetches from a
 * worker) — as sent (the test server does not compress). */
async function counted(browser, match, body) {
  const context = await browser.newContext();
  const sizes = [];
  context.on("requestfinished", (req) => {
    if (match(req.url())) sizes.push(req.sizes().then((s) => s.responseBodySize, () => 0));
  });
  const page = await context.newPage();
  const out = await body(page);
  await page.waitForTimeout(300); // the last events of the query
  const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
  await context.close();
  return { bytes, requests: sizes.length, ...out };
}

/** clusterbook: type into the search page; time until results are shown. */
async function clusterbook(browser, url, q) {
  const ours = (u) => {
    const path = new URL(u).pathname;
    return (path.includes("/search/") && path.endsWith(".js")) || path.endsWith("/theme/search.js") ||
      path.endsWith("/theme/inflate.js");
  };
  return counted(browser, ours, async (page) => {
    await page.goto(url + "search/index.html");
    await page.waitForFunction(() => document.querySelector("#search-results")?.getAttribute("aria-busy") === "false");
    await page.waitForTimeout(PAUSE);
    const cold = await page.evaluate((q) => new Promise((done) => {
      const r = document.getElementById("search-results");
      const input = document.getElementById("search-input");
      const t0 = performance.now();
      const obs = new MutationObserver(() => {
        if (r.dataset.first === q) { obs.disconnect(); done(performance.now() - t0); }
      });
      obs.observe(r, { attributes: true, childList: true, subtree: true });
      input.value = q;
      input.dispatchEvent(new Event("input", { bubbles: true }));
    }), q);
    // Every result of the first page shown, so that its files are counted.
    await page.waitForFunction((q) => document.getElementById("search-results").dataset.query === q, q);
    const hits = await page.$eval("#search-results", (r) => Number(r.dataset.count));
    return { cold, hits };
  });
}

async function clusterbookTyping(browser, url, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url + "search/index.html");
  await page.waitForFunction(() => document.querySelector("#search-results")?.getAttribute("aria-busy") === "false");
  await page.waitForTimeout(PAUSE);
  const times = await page.evaluate(async (q) => {
    const r = document.getElementById("search-results");
    const input = document.getElementById("search-input");
    const out = [];
    for (let i = 2; i <= q.length; i++) {
      const part = q.slice(0, i);
      out.push(await new Promise((done) => {
        const t0 = performance.now();
        const obs = new MutationObserver(() => {
          if (r.dataset.first === part.trim()) { obs.disconnect(); done(performance.now() - t0); }
        });
        obs.observe(r, { attributes: true, childList: true, subtree: true });
        input.value = part;
        input.dispatchEvent(new Event("input", { bubbles: true }));
      }));
    }
    return out;
  }, q);
  await context.close();
  return times;
}

/** Pagefind: its JS API on a page of the site; time until 10 results' data. */
const pagefindSearch = `async (q) => {
  const t0 = performance.now();
  const s = await window.pf.search(q);
  const rest = Promise.all(s.results.slice(1, 10).map((r) => r.data()));
  if (s.results.length) await s.results[0].data();
  const first = performance.now() - t0;
  await rest;
  return [first, s.results.length];
}`;

async function pagefind(browser, url, q) {
  return counted(browser, (u) => u.includes("/pagefind/"), async (page) => {
    await page.goto(url + "index.html");
    await page.evaluate(async (src) => {
      window.pf = await import(src);
      await window.pf.init();
    }, url + "pagefind/pagefind.js");
    await page.waitForTimeout(PAUSE);
    const [cold, hits] = await page.evaluate(`(${pagefindSearch})(${JSON.stringify(q)})`);
    return { cold, hits };
  });
}

async function pagefindTyping(browser, url, q) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url + "index.html");
  await page.evaluate(async (src) => { window.pf = await import(src); await window.pf.init(); }, url + "pagefind/pagefind.js");
  await page.waitForTimeout(PAUSE);
  const times = [];
  for (let i = 2; i <= q.length; i++) {
    const [t] = await page.evaluate(`(${pagefindSearch})(${JSON.stringify(q.slice(0, i))})`);
    times.push(t);
  }
  await context.close();
  return times;
}

async function measure(site, n, cbBuild, pfBuild) {
  const cbData = du(join(site, "search"), (p) => p.endsWith(".js"));
  const cbScript = statSync(join(site, "theme", "search.js")).size + statSync(join(site, "theme", "inflate.js")).size;
  const pfData = du(join(site, "pagefind"), (p) => /\/(fragment|index|filter)\/|\.pf_meta$/.test(p));
  const pfAll = du(join(site, "pagefind"));
  const server = await serve(site, "/site/");
  const browser = await launch();
  // Per tool: the pasted queries' results, every keystroke's latency, and
  // each query's first keystroke.
  const cb = { runs: [], typing: [], first: [] }, pf = { runs: [], typing: [], first: [] };
  try {
    for (let round = 0; round < ROUNDS; round++) for (const q of QUERIES) {
      cb.runs.push(await clusterbook(browser, server.url, q));
      pf.runs.push(await pagefind(browser, server.url, q));
      for (const [tool, typing] of [[cb, clusterbookTyping], [pf, pagefindTyping]]) {
        const times = await typing(browser, server.url, q);
        tool.first.push(times[0]);
        tool.typing.push(...times);
      }
    }
  } finally {
    await browser.close();
    await server.close();
  }
  return {
    n,
    clusterbook: summary(cb, { data: cbData.bytes, files: cbData.files, bundle: cbData.bytes + cbScript, build: Number(cbBuild) }),
    pagefind: summary(pf, { data: pfData.bytes, files: pfData.files, bundle: pfAll.bytes, build: Number(pfBuild) }),
  };
}

/** One tool's figures for the table: its sizes and build time, and the
 * medians and 90th percentiles of what was measured in the browser. */
function summary({ runs, typing, first }, sizes) {
  const cold = runs.map((r) => r.cold);
  return {
    ...sizes,
    fetched: median(runs.map((r) => r.bytes)), requests: median(runs.map((r) => r.requests)),
    cold: median(cold), coldP90: percentile(cold, 0.9),
    typing: median(typing), typingP90: percentile(typing, 0.9), typingMax: Math.max(...typing),
    typingFirst: median(first), typingFirstP90: percentile(first, 0.9),
    hits: runs.slice(0, QUERIES.length).map((r) => r.hits),
  };
}

function table(rows) {
  const kib = (b) => `${(b / 1024).toLocaleString("en", { maximumFractionDigits: 1 })} KiB`;
  const mib = (b) => `${(b / 1048576).toFixed(1)} MiB`;
  const ms = (t) => `${t.toFixed(1)} ms`;
  const lines = [
    "| pages | tool | index data (files) | with its scripts | fetched for a query (requests) | index build | whole query pasted, cold page: median / p90 | first keystroke, fresh page: median / p90 | every keystroke: median / p90 (max) |",
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|",
  ];
  for (const r of rows) {
    for (const [name, t] of [["clusterbook", r.clusterbook], ["Pagefind", r.pagefind]]) {
      lines.push(`| ${r.n} | ${name} | ${mib(t.data)} (${t.files}) | ${mib(t.bundle)} | ${kib(t.fetched)} (${t.requests}) | ${t.build.toFixed(2)} s | ${ms(t.cold)} / ${ms(t.coldP90)} | ${ms(t.typingFirst)} / ${ms(t.typingFirstP90)} | ${ms(t.typing)} / ${ms(t.typingP90)} (${ms(t.typingMax)}) |`);
    }
  }
  lines.push("", `Queries: ${QUERIES.map((q) => `"${q}"`).join(", ")}, each measured ${ROUNDS} times (figures are medians, p90 and max over all). Results per query (clusterbook / Pagefind): ` +
    rows.map((r) => `N=${r.n}: ${r.clusterbook.hits.join(",")} / ${r.pagefind.hits.join(",")}`).join("; ") + ".");
  return lines.join("\n");
}

if (process.argv[2] === "--table") {
  console.log(table(process.argv.slice(3).map((s) => JSON.parse(s))));
} else {
  const [site, n, cbBuild, pfBuild] = process.argv.slice(2);
  console.log(JSON.stringify(await measure(site, Number(n), cbBuild, pfBuild)));
}
