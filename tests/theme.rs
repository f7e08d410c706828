//! What the default theme makes of a handbook beyond the pages of its
//! entries: the related section, the model diagram, cards and facts in the
//! reader's language, the print document, the feed and the web's files.

mod common;

use common::*;
use scraper::Selector;
use std::collections::BTreeSet;

#[test]
fn the_related_section_lists_each_entry_once_grouped_by_kind() {
    let (_tmp, dist) = build_fixture("basic");
    let pilot = page(&dist, "phases/pilot/index.html");
    let links = hrefs(&pilot, ".related a");
    let unique: BTreeSet<&String> = links.iter().collect();
    assert_eq!(unique.len(), links.len(), "{links:?}");
    // The cases naming the phase and the talk are in their kinds' groups.
    assert!(hrefs(&pilot, "#related-case ~ ul a").contains(&"../../cases/alfa/index.html".into()));
    assert_eq!(texts(&pilot, ".related h2").len(), 1, "one related section");
    // A case's own phases and roles are its facts, not repeated below.
    let alfa = page(&dist, "cases/alfa/index.html");
    assert!(hrefs(&alfa, ".facts a").contains(&"../../phases/pilot/index.html".into()));
    assert!(!hrefs(&alfa, ".related a").contains(&"../../phases/pilot/index.html".into()));
}

#[test]
fn the_model_diagram_links_every_phase_and_marks_the_current_one() {
    let (_tmp, dist) = build_fixture("basic");
    let home = page(&dist, "index.html");
    let wide = hrefs(&home, "svg.model-wide a");
    assert_eq!(wide, ["phases/start/index.html", "phases/pilot/index.html"]);
    let pilot = page(&dist, "phases/pilot/index.html");
    let sel = Selector::parse("svg.model-wide a[aria-current=page]").unwrap();
    let current: Vec<_> = pilot.select(&sel).collect();
    assert_eq!(current.len(), 1);
    assert_eq!(current[0].value().attr("href"), Some("index.html"));
}

#[test]
fn countries_are_named_in_the_page_s_language_and_counts_are_singular_or_plural() {
    let (_tmp, dist) = build_fixture("basic");
    let alfa = page(&dist, "cases/alfa/index.html");
    assert!(texts(&alfa, ".facts dd a").contains(&"Sverige".to_string()));
    let cases = page(&dist, "cases/index.html");
    let meta = texts(&cases, ".card-meta");
    assert!(meta.iter().any(|m| m.contains("Norge")), "{meta:?}");
    let home = page(&dist, "index.html");
    let counts = texts(&home, ".phase-card .meta");
    assert!(counts.iter().any(|c| c.ends_with("1 roll")), "{counts:?}");
    assert!(counts.iter().all(|c| !c.contains("1 roller")), "{counts:?}");
}

#[test]
fn sources_link_to_their_resource_entry() {
    let (_tmp, dist) = build_fixture("basic");
    let rapport =
        std::fs::read_to_string(fixture("basic").join("content/resources/rapport.md")).unwrap();
    let title = rapport
        .lines()
        .skip_while(|l| !l.starts_with("sources:"))
        .find_map(|l| l.trim().strip_prefix("- title:"))
        .map(|t| t.trim().trim_matches('"').to_string());
    let Some(title) = title else {
        panic!("the fixture's resource cites its document");
    };
    // Every page citing the resource's document links to the resource.
    let mut found = 0;
    for e in walkdir::WalkDir::new(&dist) {
        let e = e.unwrap();
        if e.file_name() != "index.html" || e.path().to_string_lossy().contains("resources/rapport")
        {
            continue;
        }
        let rel = e
            .path()
            .strip_prefix(&dist)
            .unwrap()
            .to_string_lossy()
            .to_string();
        let doc = page(&dist, &rel);
        let sel = Selector::parse(".sources li").unwrap();
        for li in doc.select(&sel) {
            if li.text().collect::<String>().contains(&title) {
                found += 1;
                let a = Selector::parse("a").unwrap();
                let href = li.select(&a).next().and_then(|a| a.value().attr("href"));
                assert!(
                    href.is_some_and(|h| h.ends_with("resources/rapport/index.html")),
                    "{rel}: {href:?}"
                );
            }
        }
    }
    assert!(found > 0, "some page cites {title}");
}

#[test]
fn the_print_document_holds_every_entry_with_unique_ids_and_inner_links() {
    let (_tmp, dist) = build_fixture("basic");
    let doc = page(&dist, "print/index.html");
    let ids: Vec<String> = {
        let sel = Selector::parse("[id]").unwrap();
        doc.select(&sel)
            .map(|e| e.value().attr("id").unwrap().to_string())
            .collect()
    };
    let unique: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique");
    for id in [
        "phase-start",
        "phase-pilot",
        "case-alfa",
        "case-beta",
        "term-kluster",
    ] {
        assert!(unique.contains(&id.to_string()), "{id} is in the document");
    }
    // Phases come first, in model order.
    let entries = texts(&doc, ".print-entry > h3");
    assert!(
        entries[0].contains("Start") || entries[0].contains("start"),
        "{entries:?}"
    );
    // Links between entries jump within the document.
    let inner: Vec<String> = hrefs(&doc, ".print-entry a")
        .into_iter()
        .filter(|h| h.starts_with('#'))
        .collect();
    assert!(!inner.is_empty());
    for h in &inner {
        let id = percent_encoding::percent_decode_str(&h[1..])
            .decode_utf8()
            .unwrap();
        assert!(unique.contains(&id.to_string()), "{h} has a target");
    }
    assert!(inner.contains(&"#case-beta".to_string()), "{inner:?}");
}

#[test]
fn the_feed_lists_dated_cases_and_talks_and_pages_carry_their_meta() {
    let (_tmp, dist) = build_fixture("basic");
    let feed = std::fs::read_to_string(dist.join("feed.xml")).unwrap();
    assert!(feed.starts_with("<?xml"), "{feed}");
    assert!(feed.contains("<link rel=\"alternate\" type=\"text/html\" href=\"https://example.org/hb/cases/alfa/\"/>"), "{feed}");
    assert!(
        feed.contains("<updated>2010-01-01T00:00:00Z</updated>"),
        "{feed}"
    );
    let alfa = page(&dist, "cases/alfa/index.html");
    let meta = |css: &str| -> Option<String> {
        let sel = Selector::parse(css).unwrap();
        alfa.select(&sel)
            .next()
            .and_then(|e| e.value().attr("content").map(str::to_string))
    };
    assert_eq!(
        meta("meta[name=description]").as_deref(),
        Some("Ett fall från Skåne.")
    );
    assert_eq!(meta("meta[property='og:title']").as_deref(), Some("Alfa"));
    assert_eq!(
        meta("meta[property='og:url']").as_deref(),
        Some("https://example.org/hb/cases/alfa/")
    );
    assert_eq!(
        meta("meta[name='twitter:card']").as_deref(),
        Some("summary")
    );
    assert!(dist.join("404.html").is_file());
    assert!(dist.join("theme/favicon.svg").is_file());
    assert!(dist.join("theme/scheme.js").is_file());
}

#[test]
fn talk_cards_name_their_speakers() {
    let (_tmp, dist) = build_fixture("people");
    for rel in ["talks/index.html", "print/index.html"] {
        let doc = page(&dist, rel);
        let meta = texts(&doc, ".card-meta");
        assert!(
            meta.iter().any(|m| m.contains("Anna Ek, Carl Utan Sida")),
            "{rel}: {meta:?}"
        );
        assert!(
            meta.iter().all(|m| !m.contains("[object]")),
            "{rel}: {meta:?}"
        );
    }
}

/// `build` writes the print page part by part, each entry's body made as
/// it is written; `compile` makes it whole. Both are the same bytes: with
/// the default theme, for a page small enough to be minified and one too
/// big to be, and with overrides of `print.html` that test the bodies,
/// drop them or write them twice (which `build` makes whole).
#[test]
fn the_print_page_written_in_parts_is_the_page_made_whole() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("handbook");
    copy_tree(&fixture("basic"), &root);
    // A page without a body, for `{% if e.body %}`.
    std::fs::write(
        root.join("content/pages/tom.md"),
        "---\ntitle: Tom sida\norder: 2\n---\n",
    )
    .unwrap();
    let print = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("themes/default/templates/print.html"),
    )
    .unwrap();
    let body = "{{ e.body | safe }}";
    assert!(print.contains(body));
    let variants = [
        ("default", None),
        (
            "tested",
            Some(print.replace(body, &format!("{{% if e.body %}}{body}{{% endif %}}"))),
        ),
        ("dropped", Some(print.replace(body, ""))),
        ("twice", Some(print.replace(body, &format!("{body}{body}")))),
    ];
    let over = root.join("themes/default/templates/print.html");
    for big in [false, true] {
        if big {
            // Enough long pages for a print page over the 1 MiB minified.
            let text = "Ett stycke om klustret, med [en länk](../phases/start.md) och *ord*.\n\n"
                .repeat(300);
            for n in 0..60 {
                std::fs::write(
                    root.join(format!("content/pages/lang-{n}.md")),
                    format!("---\ntitle: Lång sida {n}\n---\n## Del\n\n{text}"),
                )
                .unwrap();
            }
        }
        for (name, template) in &variants {
            match template {
                Some(t) => {
                    std::fs::create_dir_all(over.parent().unwrap()).unwrap();
                    std::fs::write(&over, t).unwrap();
                }
                None => {
                    let _ = std::fs::remove_file(&over);
                }
            }
            let out = tmp.path().join(format!("dist-{name}-{big}"));
            build(&root, &out);
            let whole = clusterbook::compile(&clusterbook::BuildOptions::new(&root)).unwrap();
            let mut pages = 0;
            for f in &whole.files {
                let clusterbook::render::Contents::Bytes(b) = &f.contents else {
                    continue;
                };
                if !f.path.ends_with("print/index.html") {
                    continue;
                }
                pages += 1;
                let written = std::fs::read(out.join(&f.path)).unwrap();
                assert!(written == *b, "{name}, big {big}: {} differs", f.path);
                if big && *name == "default" && f.path == "print/index.html" {
                    assert!(b.len() > 1 << 20, "{name}: {} bytes", b.len());
                }
            }
            assert!(pages > 0, "{name}: no print page");
        }
    }
}
