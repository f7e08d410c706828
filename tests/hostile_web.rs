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
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).unwrap();
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
