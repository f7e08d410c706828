//! Building fixture handbooks: the pages and URLs written, links that work
//! from any path and from disk, identical rebuilds, a failed build that
//! leaves the previous output alone, and `list` agreeing with the files.

mod common;

use common::*;
use std::collections::BTreeSet;

#[test]
fn writes_every_page_at_its_pretty_url() {
    let (_tmp, dist) = build_fixture("basic");
    let tree = read_tree(&dist);
    for p in [
        "index.html",
        "404.html",
        "sitemap.xml",
        "phases/index.html",
        "phases/start/index.html",
        "phases/pilot/index.html",
        "roles/ledare/index.html",
        "cases/index.html",
        "cases/alfa/index.html",
        "cases/beta/index.html",
        "talks/tal/index.html",
        "terms/kluster/index.html",
        "terms/nce/index.html",
        "resources/rapport/index.html",
        "pages/om/index.html",
        "en/index.html",
        "en/phases/pilot/index.html",
        "tags/index.html",
        "tags/finansiering/index.html",
        "tags/organisering/index.html",
        "cases/country/se/index.html",
        "cases/country/no/index.html",
        "cases/region/skane/index.html",
        "cases/region/agder/index.html",
        "theme/style.css",
        "theme/site.js",
        "assets/modell.svg",
    ] {
        assert!(tree.contains_key(p), "missing {p}");
    }
    // No page for a translation that does not exist.
    assert!(!tree.contains_key("en/cases/alfa/index.html"));
    // Assets are copied byte for byte.
    assert_eq!(
        tree["assets/modell.svg"],
        std::fs::read(fixture("basic").join("content/assets/modell.svg")).unwrap()
    );
}

#[test]
fn every_internal_link_resolves_and_none_is_root_relative() {
    let (_tmp, dist) = build_fixture("basic");
    assert_eq!(broken_links(&dist), Vec::<String>::new());
}

#[test]
fn every_page_is_reachable_by_clicking_from_the_home_page() {
    let (_tmp, dist) = build_fixture("basic");
    let reached = reachable_pages(&dist);
    let pages: BTreeSet<String> = read_tree(&dist)
        .into_keys()
        .filter(|p| p.ends_with(".html") && p != "404.html")
        .collect();
    let unreached: Vec<_> = pages.difference(&reached).collect();
    assert!(unreached.is_empty(), "not reachable: {unreached:?}");
}

#[test]
fn links_in_content_become_page_links_with_anchors() {
    let (_tmp, dist) = build_fixture("basic");
    let alfa = page(&dist, "cases/alfa/index.html");
    let body: Vec<String> = hrefs(&alfa, ".body a").iter().map(|h| decode(h)).collect();
    assert!(
        body.contains(&"../../phases/pilot/index.html#åtgärder-för-hållbarhet".to_string()),
        "{body:?}"
    );
    assert!(
        body.contains(&"../../phases/pilot/index.html#åtgärder-för-hållbarhet-1".to_string()),
        "a %-encoded anchor is decoded: {body:?}"
    );
    assert!(
        body.contains(&"../../cases/beta/index.html".to_string()),
        "{body:?}"
    );
    let imgs: Vec<_> = {
        let sel = scraper::Selector::parse(".body img").unwrap();
        alfa.select(&sel)
            .map(|e| e.value().attr("src").unwrap().to_string())
            .collect()
    };
    assert_eq!(imgs, ["../../assets/modell.svg"]);
    // A link to a kind's folder reaches its index page.
    let om = page(&dist, "pages/om/index.html");
    assert!(hrefs(&om, ".body a").contains(&"../../cases/index.html".to_string()));
    // Links in facet lines are rewritten too.
    let pilot = page(&dist, "phases/pilot/index.html");
    assert!(
        hrefs(&pilot, "#facet-activities + ul a")
            .contains(&"../../cases/alfa/index.html".to_string())
    );
}

#[test]
fn base_url_is_used_only_for_canonical_and_sitemap() {
    let (_tmp, dist) = build_fixture("basic");
    let alfa = page(&dist, "cases/alfa/index.html");
    assert_eq!(
        hrefs(&alfa, "link[rel=canonical]"),
        ["https://example.org/hb/cases/alfa/"]
    );
    assert_eq!(
        texts(&alfa, ".print-meta"),
        ["Testhandbok · https://example.org/hb/cases/alfa/"]
    );
    let text = std::fs::read_to_string(dist.join("cases/alfa/index.html")).unwrap();
    assert_eq!(
        text.matches("example.org").count(),
        3,
        "only the canonical link, og:url and the printed address are absolute"
    );
    assert!(
        hrefs(&alfa, "a").iter().all(|h| !h.contains("example.org")),
        "no link is absolute"
    );
    let robots = std::fs::read_to_string(dist.join("robots.txt")).unwrap();
    assert!(
        robots.contains("Sitemap: https://example.org/hb/sitemap.xml"),
        "{robots}"
    );
    let sitemap = std::fs::read_to_string(dist.join("sitemap.xml")).unwrap();
    assert!(sitemap.contains("<loc>https://example.org/hb/cases/alfa/</loc>"));
    assert!(sitemap.contains("<loc>https://example.org/hb/en/phases/pilot/</loc>"));
}

#[test]
fn two_builds_are_byte_identical() {
    let (_a, one) = build_fixture("basic");
    let (_b, two) = build_fixture("basic");
    assert_eq!(read_tree(&one), read_tree(&two));
}

/// Builds the basic fixture, breaks the copy with `break_it`, rebuilds into
/// the same folder, and asserts that the rebuild failed with exit code 1,
/// left the previous output byte-for-byte as it was and no staging folder
/// beside it. Returns the rebuild's stderr.
fn failed_rebuild(break_it: impl FnOnce(&std::path::Path)) -> String {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hb");
    copy_tree(&fixture("basic"), &root);
    let out = tmp.path().join("dist");
    build(&root, &out);
    let before = read_tree(&out);
    break_it(&root);
    let o = run_build(&root, &out, &[]);
    let stderr = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{stderr}");
    assert_eq!(read_tree(&out), before, "the previous output is untouched");
    let siblings: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(siblings.len(), 2, "no staging folder left: {siblings:?}");
    stderr
}

#[test]
fn a_failed_build_leaves_the_previous_output_unchanged() {
    // A broken reference: the build stops before anything is written.
    let stderr = failed_rebuild(|root| {
        let case = root.join("content/cases/alfa.md");
        let text = std::fs::read_to_string(&case).unwrap();
        std::fs::write(&case, text.replace("phases: [pilot]", "phases: [pilto]")).unwrap();
    });
    assert!(
        stderr.contains("content/cases/alfa.md:8:10: error:"),
        "{stderr}"
    );
}

#[test]
fn a_build_that_fails_while_rendering_leaves_the_previous_output_unchanged() {
    // Pages go to disk as they are rendered: other pages are already
    // written when the case template fails.
    let stderr = failed_rebuild(|root| {
        let templates = root.join("themes/default/templates");
        std::fs::create_dir_all(&templates).unwrap();
        std::fs::write(
            templates.join("case.html"),
            "{% extends \"base.html\" %}{% block main %}{{ page.no_such_field.x }}{% endblock %}",
        )
        .unwrap();
    });
    assert!(
        stderr.contains("themes/default/templates/case.html:1:1: error:")
            && stderr.contains("[template-error]"),
        "{stderr}"
    );
    assert_eq!(
        stderr.matches("error:").count(),
        1,
        "reported once, not once per case: {stderr}"
    );
}

#[test]
fn the_theme_s_scripts_and_style_sheet_are_minified_unless_asked_not_to() {
    let theme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    let (_tmp, out) = build_fixture("basic");
    for name in ["search.js", "inflate.js", "site.js", "style.css"] {
        let source = std::fs::read(theme.join(name)).unwrap();
        let written = std::fs::read(out.join("theme").join(name)).unwrap();
        assert!(
            written.len() * 10 < source.len() * 9,
            "{name}: {} of {} bytes",
            written.len(),
            source.len()
        );
    }
    // The vendored inflater's licence is a legal comment: it is kept.
    let inflate = std::fs::read_to_string(out.join("theme/inflate.js")).unwrap();
    assert!(
        inflate.starts_with("/*! tiny-inflate 1.0.3"),
        "{}",
        &inflate[..80]
    );
    assert!(inflate.contains("Copyright (c) 2015-present Devon Govett"));

    let tmp = tempfile::tempdir().unwrap();
    let plain = tmp.path().join("dist");
    build_with(&fixture("basic"), &plain, &["--no-minify"]);
    for name in ["search.js", "inflate.js", "site.js", "style.css"] {
        assert_eq!(
            std::fs::read(plain.join("theme").join(name)).unwrap(),
            std::fs::read(theme.join(name)).unwrap(),
            "{name} as written in the theme"
        );
    }
}

#[test]
fn list_json_matches_the_files_written() {
    let (_tmp, dist) = build_fixture("basic");
    let o = run(&[
        "list",
        "--format",
        "json",
        "--root",
        fixture("basic").to_str().unwrap(),
    ]);
    assert!(o.status.success());
    let rows: Vec<serde_json::Value> = serde_json::from_slice(&o.stdout).unwrap();
    let urls: BTreeSet<String> = rows
        .iter()
        .map(|r| r["url"].as_str().unwrap().to_string())
        .collect();
    let entry_pages: BTreeSet<String> = read_tree(&dist)
        .into_keys()
        .filter(|p| {
            let parts: Vec<&str> = p.split('/').collect();
            let kinds = [
                "phases",
                "roles",
                "cases",
                "talks",
                "terms",
                "resources",
                "pages",
            ];
            match parts.as_slice() {
                [k, id, "index.html"] => kinds.contains(k) && !["country", "region"].contains(id),
                [_, k, id, "index.html"] => {
                    kinds.contains(k) && !["country", "region"].contains(id)
                }
                _ => false,
            }
        })
        .collect();
    assert_eq!(urls, entry_pages);
    let alfa = rows.iter().find(|r| r["id"] == "alfa").unwrap();
    assert_eq!(alfa["kind"], "case");
    assert_eq!(alfa["lang"], "sv");
    assert_eq!(alfa["source"], "content/cases/alfa.md");
    assert_eq!(
        alfa["refs"],
        serde_json::json!(["phases/pilot", "roles/ledare", "talks/tal"])
    );
    let pilot_en = rows
        .iter()
        .find(|r| r["id"] == "pilot" && r["lang"] == "en")
        .unwrap();
    assert_eq!(pilot_en["url"], "en/phases/pilot/index.html");
}

#[test]
fn new_scaffolds_a_file_that_checks_and_refuses_to_overwrite() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hb");
    copy_tree(&fixture("basic"), &root);
    let r = root.to_str().unwrap();
    let o = run(&["new", "case", "Øvre Eiker kommune", "--root", r]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert_eq!(
        String::from_utf8_lossy(&o.stdout),
        "content/cases/ovre-eiker-kommune.md\n"
    );
    let text = std::fs::read_to_string(root.join("content/cases/ovre-eiker-kommune.md")).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Øvre Eiker kommune\"\n"),
        "{text}"
    );
    assert!(
        text.contains("# pilot, start"),
        "existing phase ids are listed: {text}"
    );
    let check = run(&["check", "--root", r]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let again = run(&["new", "case", "Øvre Eiker kommune", "--root", r]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("already exists"));
    let bad = run(&["new", "kase", "X", "--root", r]);
    assert_eq!(
        bad.status.code(),
        Some(2),
        "an unknown kind is a usage error"
    );
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

#[test]
fn a_handbook_overrides_single_theme_files_or_selects_another_theme() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hb");
    copy_tree(&fixture("basic"), &root);
    // One template and the stylesheet overridden; everything else embedded.
    let theme = root.join("themes/default");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::create_dir_all(theme.join("static")).unwrap();
    std::fs::write(
        theme.join("templates/page.html"),
        "{% extends \"entry.html\" %}{% block facts %}<p class=\"overridden\">{{ page.title }}</p>{% endblock facts %}",
    )
    .unwrap();
    std::fs::write(theme.join("static/style.css"), "body { color: red }\n").unwrap();
    let out = tmp.path().join("dist");
    build(&root, &out);
    let om = page(&out, "pages/om/index.html");
    assert_eq!(texts(&om, ".overridden"), ["Om handboken"]);
    // The handbook's own style sheet, minified like the theme's.
    assert_eq!(
        std::fs::read_to_string(out.join("theme/style.css")).unwrap(),
        "body{color:red}"
    );
    let alfa = page(&out, "cases/alfa/index.html");
    assert!(
        texts(&alfa, ".overridden").is_empty(),
        "other templates are the default ones"
    );
    assert!(out.join("theme/site.js").exists());

    // A theme that does not exist is a clear error, and a broken template
    // names itself.
    let site = root.join("content/site.yaml");
    let text = std::fs::read_to_string(&site).unwrap();
    std::fs::write(&site, format!("{text}theme: missing\n")).unwrap();
    let o = run(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("theme `missing` was not found"));
    std::fs::write(&site, &text).unwrap();
    std::fs::write(theme.join("templates/page.html"), "{% if %}").unwrap();
    let o = run(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("[template-error]"));
}

#[test]
fn check_runs_every_template_on_real_data_without_the_markdown_html() {
    // `check` leaves the HTML of Markdown out of the views it renders
    // (`Renderer::for_check`), but still runs each page's template on
    // that page's data: an error that only a case page's data or the
    // print page's entries meet is found, and it is the same as `build`'s.
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hb");
    copy_tree(&fixture("basic"), &root);
    let templates = root.join("themes/default/templates");
    std::fs::create_dir_all(&templates).unwrap();
    let root_arg = root.to_str().unwrap().to_string();
    let out = tmp.path().join("dist");
    let out_arg = out.to_str().unwrap().to_string();
    for (file, text) in [
        (
            "case.html",
            "{% extends \"entry.html\" %}{% block facts %}{{ page.no_such_field }}{% endblock facts %}",
        ),
        (
            "print.html",
            "{% for g in page.groups %}{% for e in g.entries %}{% if e.kind == \"case\" %}{{ e.no_such_field }}{% endif %}{{ e.body | safe }}{% endfor %}{% endfor %}",
        ),
    ] {
        std::fs::write(templates.join(file), text).unwrap();
        let checked = run(&["check", "--root", &root_arg]);
        let built = run(&["build", "--root", &root_arg, "--out", &out_arg]);
        let errors = |o: &std::process::Output| {
            String::from_utf8_lossy(&o.stderr)
                .lines()
                .filter(|l| l.contains("[template-error]") || l.contains("no_such_field"))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(checked.status.code(), Some(1), "{file}");
        assert!(
            errors(&checked).iter().any(|l| l.contains("no_such_field")),
            "{file}: {}",
            String::from_utf8_lossy(&checked.stderr)
        );
        assert_eq!(errors(&checked), errors(&built), "{file}");
        std::fs::remove_file(templates.join(file)).unwrap();
    }
    let o = run(&["check", "--root", &root_arg]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}
