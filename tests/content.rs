//! The bundled handbook in `content/`: it checks clean (no errors, no
//! warnings), holds at least what the handbook promises, and keeps its
//! relations — so a later change cannot silently drop content.

use clusterbook::model::{Fields, Kind};
use clusterbook::{BuildOptions, load};
use std::collections::BTreeMap;

fn bundled() -> clusterbook::resolve::ResolvedSite {
    let loaded = load(&BuildOptions::new(env!("CARGO_MANIFEST_DIR")));
    let problems: Vec<String> = loaded
        .diagnostics
        .items()
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{}: {} [{}]",
                d.file, d.line, d.column, d.message, d.code
            )
        })
        .collect();
    assert!(
        problems.is_empty(),
        "the bundled handbook must check clean:\n{}",
        problems.join("\n")
    );
    loaded.site.expect("the handbook loads")
}

#[test]
fn the_handbook_holds_at_least_what_it_promises() {
    let site = bundled();
    let mut counts: BTreeMap<Kind, usize> = BTreeMap::new();
    for e in site.entries.iter().filter(|e| e.entry.lang == "sv") {
        *counts.entry(e.entry.kind).or_default() += 1;
    }
    let at_least = [
        (Kind::Phase, 5),
        (Kind::Role, 12),
        (Kind::Case, 14),
        (Kind::Talk, 7),
        (Kind::Term, 30),
        (Kind::Resource, 6),
        (Kind::Page, 3),
    ];
    for (kind, min) in at_least {
        let n = counts.get(&kind).copied().unwrap_or(0);
        assert!(n >= min, "{kind:?}: {n} < {min}");
    }
    for page in ["om-handboken", "kraft-metoden", "bidra"] {
        assert!(site.find(Kind::Page, page, "sv").is_some(), "page {page}");
    }
}

#[test]
fn phases_roles_terms_and_the_about_page_have_english_versions() {
    let site = bundled();
    for e in site.entries.iter().filter(|e| e.entry.lang == "sv") {
        let needs_en = matches!(e.entry.kind, Kind::Phase | Kind::Role | Kind::Term)
            || (e.entry.kind == Kind::Page && e.entry.id == "om-handboken");
        if needs_en {
            assert!(
                e.translations.iter().any(|(l, _)| l == "en"),
                "{} has no English version",
                e.entry.source
            );
        }
    }
}

#[test]
fn the_model_has_its_phases_in_order_each_with_all_four_facets() {
    let site = bundled();
    let mut phases: Vec<(i64, &str)> = Vec::new();
    for e in site.entries.iter().filter(|e| e.entry.kind == Kind::Phase) {
        let Fields::Phase(f) = &e.entry.fields else {
            unreachable!()
        };
        for (name, items) in [
            ("activities", &f.activities),
            ("support", &f.support),
            ("results", &f.results),
            ("leadership", &f.leadership),
            ("questions", &f.questions),
        ] {
            assert!(!items.is_empty(), "{}: `{name}` is empty", e.entry.source);
        }
        if e.entry.lang == "sv" {
            phases.push((f.order.value, e.entry.id.as_str()));
        }
    }
    phases.sort();
    let ids: Vec<&str> = phases.iter().map(|p| p.1).collect();
    assert_eq!(
        ids,
        [
            "utgangspunkt",
            "initiering",
            "pilot",
            "etablering",
            "hallbarhet"
        ]
    );
}

#[test]
fn every_entry_cites_a_source() {
    let site = bundled();
    for e in &site.entries {
        assert!(
            !e.entry.sources.is_empty(),
            "{} cites no source",
            e.entry.source
        );
    }
}

#[test]
fn every_case_talk_and_role_names_its_phases_and_every_phase_is_reached() {
    let site = bundled();
    for e in site.entries.iter().filter(|e| e.entry.lang == "sv") {
        if matches!(e.entry.kind, Kind::Case | Kind::Talk | Kind::Role) {
            assert!(!e.phases.is_empty(), "{} names no phase", e.entry.source);
        }
        if e.entry.kind == Kind::Phase && e.entry.id != "utgangspunkt" {
            let kinds: Vec<Kind> = e
                .backlinks
                .named_by
                .iter()
                .map(|&i| site.entries[i].entry.kind)
                .collect();
            assert!(kinds.contains(&Kind::Case), "no case names {}", e.entry.id);
            assert!(kinds.contains(&Kind::Talk), "no talk names {}", e.entry.id);
        }
    }
}

#[test]
fn cases_link_the_roles_and_the_talks_or_resources_that_explain_them() {
    let site = bundled();
    for e in site.entries.iter().filter(|e| e.entry.kind == Kind::Case) {
        assert!(!e.roles.is_empty(), "{} names no role", e.entry.source);
        let explained = e
            .related
            .iter()
            .chain(e.body.targets.iter().filter_map(|t| match t {
                clusterbook::resolve::Target::Entry(i, _) => Some(i),
                _ => None,
            }))
            .any(|&i| matches!(site.entries[i].entry.kind, Kind::Talk | Kind::Resource));
        assert!(explained, "{} links no talk or resource", e.entry.source);
    }
}

/// The bundled handbook compiled once (in memory) for the tests below.
fn compiled() -> &'static clusterbook::CompiledSite {
    static SITE: std::sync::OnceLock<clusterbook::CompiledSite> = std::sync::OnceLock::new();
    SITE.get_or_init(|| {
        clusterbook::compile(&BuildOptions::new(env!("CARGO_MANIFEST_DIR")))
            .expect("the bundled handbook compiles")
    })
}

/// The HTML pages of the compiled handbook: path from the root to bytes.
fn html_pages() -> std::collections::HashMap<&'static str, &'static [u8]> {
    compiled()
        .files
        .iter()
        .filter_map(|f| match &f.contents {
            clusterbook::render::Contents::Bytes(b) if f.path.ends_with(".html") => {
                Some((f.path.as_str(), b.as_slice()))
            }
            _ => None,
        })
        .collect()
}

/// Resolves `href` on page `from` (paths from the site root); `None` for
/// outside addresses and same-page anchors.
fn resolve(from: &str, href: &str) -> Option<String> {
    let href = href.split('#').next()?;
    if href.is_empty() || href.contains(':') {
        return None;
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for p in href.split('/') {
        match p {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// From `index.html`, by following links, a reader reaches every page.
#[test]
fn every_page_of_the_handbook_is_reachable_by_clicking_from_the_home_page() {
    use scraper::{Html, Selector};
    use std::collections::{BTreeSet, VecDeque};
    let pages = html_pages();
    let a = Selector::parse("a[href]").unwrap();
    let mut seen: BTreeSet<String> = BTreeSet::new();
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(url) = queue.pop_front() {
        if !seen.insert(url.clone()) {
            continue;
        }
        let Some(bytes) = pages.get(url.as_str()) else {
            continue;
        };
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        for e in doc.select(&a) {
            if let Some(t) = resolve(&url, e.value().attr("href").unwrap())
                && t.ends_with(".html")
                && !seen.contains(&t)
            {
                queue.push_back(t);
            }
        }
    }
    let unreached: Vec<&&str> = pages
        .keys()
        .filter(|p| **p != "404.html" && !seen.contains(**p))
        .collect();
    assert!(
        unreached.is_empty(),
        "not reachable from index.html: {unreached:?}"
    );
    assert!(seen.len() > 300, "{} pages reached", seen.len());
}

/// Every relation written in front matter (`phases`, `roles`, `related`,
/// `see_also`, `people` and `people/<id>` speakers) is a link on the page that names it, and a link back on the
/// page it names.
#[test]
fn every_relation_is_visible_from_both_ends_in_the_built_site() {
    use scraper::{Html, Selector};
    use std::collections::BTreeSet;
    let compiled = compiled();
    let pages = html_pages();
    let a = Selector::parse("a[href]").unwrap();
    let links_of = |url: &str| -> BTreeSet<String> {
        let doc = Html::parse_document(&String::from_utf8_lossy(pages[url]));
        doc.select(&a)
            .filter_map(|e| resolve(url, e.value().attr("href")?))
            .collect()
    };
    let site = &compiled.site;
    let mut missing = Vec::new();
    for e in site.entries.iter().filter(|e| e.entry.lang == "sv") {
        let from = links_of(&e.url);
        for &t in e
            .phases
            .iter()
            .chain(&e.roles)
            .chain(&e.related)
            .chain(&e.people)
        {
            let target = &site.entries[t];
            if !from.contains(&target.url) {
                missing.push(format!("{} does not link {}", e.url, target.url));
            }
            if !links_of(&target.url).contains(&e.url) {
                missing.push(format!("{} does not link back to {}", target.url, e.url));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn every_person_has_sources_and_is_named_by_a_talk_case_or_resource() {
    let site = bundled();
    let people: Vec<_> = site
        .entries
        .iter()
        .filter(|e| e.entry.kind == Kind::Person)
        .collect();
    assert!(people.len() >= 20, "{} people", people.len());
    for e in people {
        assert!(
            !e.entry.sources.is_empty(),
            "{} cites no source",
            e.entry.source
        );
        let by: Vec<Kind> = e
            .backlinks
            .named_by
            .iter()
            .map(|&i| site.entries[i].entry.kind)
            .collect();
        assert!(
            by.iter()
                .any(|k| matches!(k, Kind::Talk | Kind::Case | Kind::Resource)),
            "no talk, case or resource names {}",
            e.entry.source
        );
    }
    // Every speaker with a page is linked to it.
    for e in site.entries.iter().filter(|e| e.entry.kind == Kind::Talk) {
        for (name, person) in &e.speakers {
            let has_page = site
                .entries
                .iter()
                .any(|p| p.entry.kind == Kind::Person && &p.entry.title == name);
            assert!(
                person.is_some() || !has_page,
                "{}: speaker {name} has a page but is not written `people/<id>`",
                e.entry.source
            );
        }
    }
}

/// Each run of digits, spaces, dashes and dots that holds at least eight
/// digits and looks like a phone number (`+47 920 23 723`, `92023723`).
fn phone_numbers(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut run = String::new();
    for c in text.chars().chain(std::iter::once('\n')) {
        if c.is_ascii_digit()
            || (!run.is_empty() && matches!(c, ' ' | '-' | '.'))
            || (run.is_empty() && c == '+')
        {
            run.push(c);
        } else {
            let t = run.trim_end_matches([' ', '-', '.']);
            if t.chars().filter(char::is_ascii_digit).count() >= 8
                && !clusterbook::model::is_date(t)
            {
                out.push(t.to_string());
            }
            run.clear();
        }
    }
    out
}

#[test]
fn no_e_mail_address_or_phone_number_is_in_the_content() {
    assert_eq!(
        phone_numbers("ring 920 23 723 eller +46 70-123 45 67"),
        ["920 23 723", "+46 70-123 45 67"]
    );
    assert!(phone_numbers("s. 4, 6–7, 2006–2013, 2010. 28 av 31, 2013-10-22").is_empty());
    let mut found = Vec::new();
    for f in walkdir::WalkDir::new(concat!(env!("CARGO_MANIFEST_DIR"), "/content")) {
        let f = f.unwrap();
        if !f.file_type().is_file()
            || f.path()
                .extension()
                .is_none_or(|x| x != "md" && x != "yaml")
        {
            continue;
        }
        let text = std::fs::read_to_string(f.path()).unwrap();
        // A translation's `translation_of` is a hash, whose digits may run
        // as long as a phone number's.
        let text: String = text
            .split_inclusive('\n')
            .filter(|l| !l.starts_with("translation_of:"))
            .collect();
        for word in text.split(|c: char| c.is_whitespace() || "()<>[]\"',;".contains(c)) {
            if let Some((user, host)) = word.split_once('@')
                && !user.is_empty()
                && host.contains('.')
            {
                found.push(format!("{}: e-mail address {word}", f.path().display()));
            }
        }
        for p in phone_numbers(&text) {
            found.push(format!("{}: phone number {p}", f.path().display()));
        }
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}

#[test]
fn every_source_that_is_a_resource_references_it() {
    let site = bundled();
    let resources: Vec<_> = site
        .entries
        .iter()
        .filter(|e| e.entry.kind == Kind::Resource)
        .collect();
    let mut unlinked = Vec::new();
    let mut referenced = 0;
    for e in &site.entries {
        for (s, named) in e.entry.sources.iter().zip(&e.sources) {
            if named.is_some() {
                referenced += 1;
                continue;
            }
            let Some(title) = &s.title else { continue };
            for r in &resources {
                let own = e.entry.kind == Kind::Resource && r.entry.id == e.entry.id;
                if !own
                    && clusterbook::resolve::source_matches_resource(&title.value, &r.entry.title)
                {
                    unlinked.push(format!(
                        "{}: `{}` is {}",
                        e.entry.source, title.value, r.entry.source
                    ));
                }
            }
        }
    }
    assert!(unlinked.is_empty(), "{}", unlinked.join("\n"));
    assert!(
        referenced > 100,
        "{referenced} sources reference a resource"
    );
}

#[test]
fn the_questions_page_lists_every_phase_s_questions_in_the_model_s_order() {
    use scraper::{Html, Selector};
    let compiled = compiled();
    let pages = html_pages();
    for (lang, page) in [
        ("sv", "questions/index.html"),
        ("en", "en/questions/index.html"),
    ] {
        let doc = Html::parse_document(&String::from_utf8_lossy(pages[page]));
        let q = Selector::parse(".question").unwrap();
        let shown: Vec<String> = doc
            .select(&q)
            .map(|e| e.text().collect::<String>().trim().to_string())
            .collect();
        let mut phases: Vec<_> = compiled
            .site
            .entries
            .iter()
            .filter(|e| e.entry.kind == Kind::Phase && e.entry.lang == lang)
            .collect();
        phases.sort_by_key(|e| e.entry.order());
        let want: Vec<String> = phases
            .iter()
            .flat_map(|e| {
                e.lines
                    .iter()
                    .filter(|(n, _)| *n == "questions")
                    .flat_map(|(_, d)| d)
            })
            .map(|d| d.doc.text().trim().to_string())
            .collect();
        assert!(want.len() >= 20, "{lang}: {} questions", want.len());
        assert_eq!(shown, want, "{page}");
        let answers = Selector::parse(".question-list li > a.answer").unwrap();
        assert_eq!(
            doc.select(&answers).count(),
            want.len(),
            "{page}: every question has its answer link"
        );
    }
}

#[test]
fn every_case_and_talk_has_an_english_entry() {
    let site = bundled();
    for e in site.entries.iter().filter(|e| e.entry.lang == "sv") {
        if matches!(e.entry.kind, Kind::Case | Kind::Talk | Kind::Person) {
            assert!(
                e.translations.iter().any(|(l, _)| l == "en"),
                "{} has no English entry",
                e.entry.source
            );
        }
    }
}

#[test]
fn the_bundled_handbook_ships_its_first_edition_and_it_checks_clean() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let registry = clusterbook::editions::registry::load_registry(root)
        .unwrap_or_else(|ds| panic!("versions/versions.yaml must load: {ds:?}"));
    let labels: Vec<&str> = registry.editions.iter().map(|e| e.label.as_str()).collect();
    assert_eq!(
        labels.first(),
        Some(&"2026.1"),
        "the first edition is 2026.1"
    );
    for e in &registry.editions {
        let snapshot = clusterbook::editions::registry::Registry::snapshot(root, e);
        assert!(
            snapshot.join("content/site.yaml").is_file(),
            "edition {} has no frozen content in {}",
            e.version,
            snapshot.display()
        );
    }
    let problems = clusterbook::editions::check_editions(root);
    assert!(
        problems.is_empty(),
        "every released edition must still build: {problems:?}"
    );
}
