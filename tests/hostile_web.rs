//! Hostile content against the reader's browser: every fixture under
//! `tests/fixtures/hostile/web-*` is refused by `check` and `build` with
//! exactly the problems listed here (file, line, column, code, message),
//! and nothing is written.

mod common;

use common::*;
use std::path::Path;

/// The problems `check` reports for `root`, one `file:line:col code:
/// message` line each (the JSON format, so excerpts do not matter here).
fn problems(root: &Path) -> (Option<i32>, Vec<String>) {
    let o = run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let lines = String::from_utf8(o.stdout)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        // The last line is the run's summary, not a problem.
        .filter(|v| v.get("file").is_some())
        .map(|v| {
            format!(
                "{}:{}:{} {}: {}",
                v["file"].as_str().unwrap(),
                v["line"],
                v["column"],
                v["code"].as_str().unwrap(),
                v["message"].as_str().unwrap()
            )
        })
        .collect();
    (o.status.code(), lines)
}

/// Only the errors of [`problems`].
fn errors_of(root: &Path) -> Vec<String> {
    let (code, all) = problems(root);
    assert_eq!(code, Some(1), "{all:#?}");
    all.into_iter()
        .filter(|l| !l.contains(" bare-url: ") && !l.contains(" unreferenced-entry: "))
        .collect()
}

/// `build` fails with exit 1 and writes no output folder.
fn build_refuses(root: &Path) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    let o = run_build(root, &out, &[]);
    assert_eq!(
        o.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!out.exists(), "a refused build wrote {}", out.display());
}

fn unsafe_msg(scheme: &str, url: &str) -> String {
    format!("unsafe-url: `{scheme}:` is not a scheme a page may link to, in `{url}`")
}

#[test]
fn unsafe_urls_of_every_form_are_errors_at_their_place() {
    let root = fixture("hostile/web-unsafe-urls");
    let x = "content/cases/x.md";
    let want = vec![
        format!(
            "{x}:7:10 {}",
            unsafe_msg("javascript", "javascript:alert('source')")
        ),
        format!(
            "{x}:9:15 {}",
            unsafe_msg("javascript", "javascript:alert('lesson')")
        ),
        format!(
            "{x}:11:10 {}",
            unsafe_msg("javascript", "javascript:alert(1)")
        ),
        format!(
            "{x}:11:45 {}",
            unsafe_msg("javascript", "JaVaScRiPt:alert(2)")
        ),
        format!(
            "{x}:13:1 {}",
            unsafe_msg("javascript", "javascript:alert(3)")
        ),
        format!(
            "{x}:13:55 {}",
            unsafe_msg("javascript", "  javascript:alert(4)")
        ),
        format!("{x}:15:1 {}", unsafe_msg("vbscript", "vbscript:msgbox(7)")),
        format!(
            "{x}:15:20 {}",
            unsafe_msg("javascript", "javascript:alert(5)")
        ),
        format!(
            "{x}:15:53 {}",
            unsafe_msg("data", "data:image/svg+xml,<svg>")
        ),
        format!(
            "{x}:17:1 {}",
            unsafe_msg("javascript", "javascript:alert(6)")
        ),
        format!(
            "content/resources/r.md:3:6 {}",
            unsafe_msg("data", "data:text/html,<script>alert(8)</script>")
        ),
        format!(
            "content/site.yaml:5:11 {}",
            unsafe_msg("javascript", "JavaScript:alert('menu')")
        ),
        format!(
            "content/talks/t.md:6:8 {}",
            unsafe_msg("javascript", " javascript:alert(9)")
        ),
    ];
    assert_eq!(errors_of(&root), want);
    build_refuses(&root);
}

#[test]
fn unsafe_urls_in_site_settings_are_errors() {
    let root = fixture("hostile/web-unsafe-config");
    let want = vec![
        format!(
            "content/site.yaml:3:11 {}",
            unsafe_msg("data", "  data:text/html,x")
        ),
        format!(
            "content/site.yaml:4:13 {}",
            unsafe_msg("javascript", "javascript:alert(1)")
        ),
    ];
    assert_eq!(errors_of(&root), want);
    build_refuses(&root);
}

#[test]
fn nesting_deeper_than_the_limit_is_an_error_not_a_crash() {
    let root = fixture("hostile/web-too-deep");
    let msg = "too-deep: the text nests more than 100 levels deep here (blockquotes, lists, emphasis, links)";
    let want = vec![
        format!("content/cases/x.md:6:203 {msg}"),
        format!("content/pages/lists.md:54:101 {msg}"),
        format!("content/pages/quotes.md:6:101 {msg}"),
    ];
    assert_eq!(errors_of(&root), want);
    build_refuses(&root);
}

/// The Content-Security-Policy every page carries.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; object-src 'none'; base-uri 'none'; form-action 'self'";

#[test]
fn every_page_carries_the_strict_content_security_policy() {
    let (_tmp, dist) = build_fixture("basic");
    let sel = scraper::Selector::parse("head meta[http-equiv=Content-Security-Policy]").unwrap();
    let mut pages = 0;
    for (path, bytes) in read_tree(&dist) {
        if !path.ends_with(".html") {
            continue;
        }
        pages += 1;
        let doc = scraper::Html::parse_document(&String::from_utf8_lossy(&bytes));
        let metas: Vec<_> = doc
            .select(&sel)
            .filter_map(|m| m.value().attr("content"))
            .collect();
        assert_eq!(metas, [CSP], "{path}");
        let inline = scraper::Selector::parse("script:not([src]), style, [style]").unwrap();
        assert_eq!(
            doc.select(&inline).count(),
            0,
            "{path} has inline script or style"
        );
    }
    assert!(pages > 20, "{pages} pages");
}

#[test]
fn assets_a_browser_would_run_are_refused_by_name_and_by_content() {
    let root = fixture("hostile/web-active-assets");
    let a = "content/assets";
    let msg = |file: &str, pos: &str, why: &str| format!("{a}/{file}:{pos} active-asset: {why}");
    let page = "is a page or script that a browser would run on the site's origin";
    let want = vec![
        msg(
            "broken.svg",
            "1:16",
            "the file is not well-formed XML (syntax error: tag not closed: `>` not found before end of input), so what a browser would run in it cannot be checked",
        ),
        msg(
            "data.xml",
            "2:1",
            "an `<?xml-stylesheet?>` instruction lets the document run a style sheet or XSLT program",
        ),
        msg("deep/x.JS", "1:1", &format!("a `.js` file {page}")),
        msg(
            "foreign.svg",
            "1:41",
            "a `<foreignObject>` element runs script or embeds a page",
        ),
        msg(
            "handler.svg",
            "1:41",
            "the event handler `onmouseover` of `<rect>` runs script",
        ),
        msg("link.svg", "2:1", "`href` of `<a>` is a `javascript:` URL"),
        msg("page.html", "1:1", &format!("a `.html` file {page}")),
        msg(
            "script.svg",
            "4:3",
            "a `<script>` element runs script or embeds a page",
        ),
    ];
    assert_eq!(errors_of(&root), want);
    build_refuses(&root);
}

#[test]
fn active_assets_are_published_when_site_yaml_allows_them() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hb");
    for (rel, bytes) in read_tree(&fixture("hostile/web-active-assets")) {
        let to = root.join(&rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    let site = root.join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{text}allow_active_assets: true\n")).unwrap();
    let (code, problems) = problems(&root);
    assert_eq!(code, Some(0), "{problems:#?}");
    let out = tmp.path().join("dist");
    build(&root, &out);
    assert!(out.join("assets/script.svg").is_file());
    assert!(out.join("assets/page.html").is_file());
}

#[test]
fn tags_and_regions_that_slug_the_same_get_pages_of_their_own() {
    let (_tmp, dist) = build_fixture("hostile/web-tag-slugs");
    let tree = read_tree(&dist);
    let mut tags: Vec<&str> = tree
        .keys()
        .filter_map(|p| p.strip_prefix("tags/")?.strip_suffix("/index.html"))
        .collect();
    tags.sort();
    let long = format!("{}-294e7725", "x".repeat(60));
    assert_eq!(
        tags,
        [
            "878a3d25",
            "c-ab679810",
            "c-b5a75203",
            "de55a7dc",
            "innovation",
            "skane",
            long.as_str(),
        ]
    );
    // Each tag's page lists the one entry that has it, under its own name.
    for (tag, entry) in [("C++", "A"), ("C#", "B"), ("Кластер", "A"), ("Δίκτυο", "B")]
    {
        let index = page(&dist, "tags/index.html");
        let sel = scraper::Selector::parse("a").unwrap();
        let href = index
            .select(&sel)
            .find(|a| a.text().collect::<String>().trim().starts_with(tag))
            .and_then(|a| a.value().attr("href"))
            .unwrap_or_else(|| panic!("no link to {tag}"))
            .to_string();
        let tag_page = page(&dist, &format!("tags/{href}"));
        assert_eq!(texts(&tag_page, "h1"), [tag]);
        let items = texts(&tag_page, "main li a");
        assert!(items.iter().any(|t| t == entry), "{tag}: {items:?}");
    }
    let regions: Vec<&str> = tree
        .keys()
        .filter_map(|p| p.strip_prefix("cases/region/")?.strip_suffix("/index.html"))
        .collect();
    assert_eq!(regions, ["ost-agder-6fe074ee", "ost-agder-da2793db"]);
    assert!(broken_links(&dist).is_empty(), "{:?}", broken_links(&dist));
}
