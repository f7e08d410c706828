//! One handbook in Swedish, English and Norwegian, on the `i18n` fixture
//! (sv main; start in all three, pilot without Norwegian, a case only in
//! Swedish): URLs and `lang` per language, fields a translation inherits
//! and the error when it contradicts them, the theme's words checked
//! complete, texts of `site.yaml` per language, stale translations found
//! when the source changes, `translate-status` in both formats, and
//! `new --lang`.

mod common;

use clusterbook::BuildOptions;
use clusterbook::model::Kind;
use common::*;
use std::path::Path;
use std::process::Output;

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The fixture copied into a temporary folder, to change.
fn copy_fixture() -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hb");
    copy_tree(&fixture("i18n"), &root);
    (tmp, root)
}

fn edit(root: &Path, rel: &str, from: &str, to: &str) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.contains(from), "{rel} has no `{from}`");
    std::fs::write(&p, text.replacen(from, to, 1)).unwrap();
}

#[test]
fn each_language_has_its_urls_lang_and_words() {
    let (_tmp, dist) = build_fixture("i18n");
    for (rel, lang, title) in [
        ("phases/start/index.html", "sv", "Språkhandboken"),
        ("en/phases/start/index.html", "en", "The Language Handbook"),
        ("nb/phases/start/index.html", "nb", "Språkhåndboken"),
        ("nb/index.html", "nb", "Språkhåndboken"),
    ] {
        let doc = page(&dist, rel);
        let html = doc.root_element().value().attr("lang");
        assert_eq!(html, Some(lang), "{rel}");
        assert_eq!(texts(&doc, ".brand span"), [title], "{rel}");
    }
    // The menu title of site.yaml and the theme's words in Norwegian.
    let nb = page(&dist, "nb/phases/start/index.html");
    assert!(texts(&nb, ".side-menu a").contains(&"Caser".to_string()));
    assert_eq!(texts(&nb, ".skip-link"), ["Hopp til innholdet"]);
    // A date as each language writes it.
    let sv = page(&dist, "talks/tal/index.html");
    assert!(texts(&sv, ".facts time").contains(&"5 mars 2019".to_string()));
    let en = page(&dist, "en/talks/tal/index.html");
    assert!(texts(&en, ".facts time").contains(&"5 March 2019".to_string()));
}

#[test]
fn a_translation_inherits_the_fields_it_leaves_out() {
    let loaded = clusterbook::load(&BuildOptions::new(fixture("i18n")));
    assert_eq!(loaded.diagnostics.error_count(), 0);
    let site = loaded.site.unwrap();
    let start_en = site.find(Kind::Phase, "start", "en").unwrap();
    assert_eq!(site.entries[start_en].entry.lang, "en");
    assert_eq!(site.entries[start_en].entry.order(), Some(1));
    let pilot_en = site.find(Kind::Phase, "pilot", "en").unwrap();
    assert_eq!(site.entries[pilot_en].entry.order(), Some(2));
    // References inherited resolve like written ones.
    assert_eq!(site.entries[pilot_en].related.len(), 1);
    let ledare_nb = site.find(Kind::Role, "ledare", "nb").unwrap();
    assert_eq!(site.entries[ledare_nb].entry.lang, "nb");
    assert_eq!(site.entries[ledare_nb].phases.len(), 2);
    let tal_en = site.find(Kind::Talk, "tal", "en").unwrap();
    match &site.entries[tal_en].entry.fields {
        clusterbook::model::Fields::Talk(t) => assert_eq!(t.date.as_deref(), Some("2019-03-05")),
        _ => unreachable!(),
    }
}

#[test]
fn a_translation_that_contradicts_its_source_is_an_error_naming_both_files() {
    let (_tmp, root) = copy_fixture();
    edit(
        &root,
        "content/phases/start.en.md",
        "summary: Where it all begins.\n",
        "summary: Where it all begins.\norder: 3\n",
    );
    let o = run(&[
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    let d: serde_json::Value = out
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .find(|d| d["code"] == "translation-contradicts")
        .unwrap_or_else(|| panic!("no translation-contradicts in {out}"));
    assert_eq!(d["file"], "content/phases/start.en.md");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(4), Some(1))
    );
    assert_eq!(
        d["message"],
        "`order: 3` contradicts the main-language file `content/phases/start.md`, which says `order: 1`"
    );
    assert!(
        d["help"]
            .as_str()
            .unwrap()
            .contains("content/phases/start.md:4:1"),
        "{d}"
    );
}

#[test]
fn a_missing_ui_key_is_an_error_naming_the_key_and_the_file() {
    let (tmp, root) = copy_fixture();
    edit(
        &root,
        "content/site.yaml",
        "languages: [sv, en, nb]",
        "languages: [sv, en, nb, de]",
    );
    std::fs::create_dir_all(root.join("themes/default/i18n")).unwrap();
    std::fs::write(
        root.join("themes/default/i18n/de.yaml"),
        "language_name: Deutsch\nhome: Start\n",
    )
    .unwrap();
    let o = run_build(&root, &tmp.path().join("dist"), &[]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("themes/default/i18n/de.yaml:1:1: error: the theme's words for `de` have no key `search` [missing-ui-key]"),
        "{err}"
    );
    let o = run(&["check", "--root", root.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("[missing-ui-key]"));
}

#[test]
fn translate_status_lists_missing_entries_in_text_and_json() {
    let root = fixture("i18n");
    let o = run(&["translate-status", "--root", root.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        stdout(&o),
        "en: 3 current, 0 stale, 2 missing\n  missing  content/roles/ledare.en.md\n  missing  content/cases/fall.en.md\n\
         nb: 2 current, 0 stale, 3 missing\n  missing  content/phases/pilot.nb.md\n  missing  content/cases/fall.nb.md\n  missing  content/talks/tal.nb.md\n"
    );
    let o = run(&[
        "translate-status",
        "--root",
        root.to_str().unwrap(),
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["main"], "sv");
    assert_eq!(v["languages"][1]["lang"], "nb");
    assert_eq!(v["languages"][1]["current"], 2);
    assert_eq!(
        v["languages"][1]["missing"][0]["source"],
        "content/phases/pilot.md"
    );
    assert_eq!(
        v["languages"][1]["missing"][0]["translation"],
        "content/phases/pilot.nb.md"
    );
    assert_eq!(v["languages"][0]["stale"].as_array().unwrap().len(), 0);
}

fn git(root: &Path, args: &[&str]) {
    let o = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
        .args(args)
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

#[test]
fn a_changed_source_makes_its_translations_stale_until_updated() {
    let (_tmp, root) = copy_fixture();
    let r = root.to_str().unwrap();
    git(&root, &["init", "-q"]);
    git(&root, &["add", "."]);
    git(&root, &["commit", "-qm", "start"]);
    edit(
        &root,
        "content/phases/start.md",
        "En gemensam bild.",
        "En gemensam bild och en plan.",
    );
    // check warns at the translation's `translation_of` line.
    let o = run(&["check", "--root", r, "--format", "json"]);
    assert!(o.status.success());
    let stale: Vec<serde_json::Value> = stdout(&o)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["code"] == "stale-translation")
        .collect();
    let files: Vec<&str> = stale.iter().map(|d| d["file"].as_str().unwrap()).collect();
    assert_eq!(
        files,
        ["content/phases/start.en.md", "content/phases/start.nb.md"]
    );
    assert_eq!(stale[0]["line"], 4);
    assert_eq!(stale[0]["severity"], "warning");
    // translate-status names the section that changed.
    let o = run(&["translate-status", "--root", r]);
    let text = stdout(&o);
    assert!(
        text.contains("en: 2 current, 1 stale, 2 missing\n  stale    content/phases/start.en.md (source content/phases/start.md changed)\n             changed: ## Resultat\n"),
        "{text}"
    );
    let o = run(&["translate-status", "--root", r, "--format", "json"]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let s = &v["languages"][0]["stale"][0];
    assert_eq!(s["file"], "content/phases/start.en.md");
    assert_eq!(s["changed_sections"], serde_json::json!(["## Resultat"]));
    // --update records the new version, changing only that line.
    let before = std::fs::read_to_string(root.join("content/phases/start.en.md")).unwrap();
    let o = run(&[
        "translate-status",
        "--root",
        r,
        "--update",
        &format!("{r}/content/phases/start.en.md"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let after = std::fs::read_to_string(root.join("content/phases/start.en.md")).unwrap();
    let changed: Vec<(&str, &str)> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1);
    assert!(changed[0].1.starts_with("translation_of: "));
    assert_eq!(before.len(), after.len());
    let o = run(&["check", "--root", r, "--format", "json"]);
    let files: Vec<String> = stdout(&o)
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter(|d| d["code"] == "stale-translation")
        .map(|d| d["file"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(files, ["content/phases/start.nb.md"]);
}

#[test]
fn new_lang_scaffolds_a_translation_from_its_source() {
    let (_tmp, root) = copy_fixture();
    let r = root.to_str().unwrap();
    let o = run(&["new", "--lang", "nb", "phase", "pilot", "--root", r]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o), "content/phases/pilot.nb.md\n");
    let text = std::fs::read_to_string(root.join("content/phases/pilot.nb.md")).unwrap();
    assert!(
        text.contains("title: Pilot\nsummary: Att pröva i liten skala.\n"),
        "{text}"
    );
    assert!(
        !text.contains("order:") && !text.contains("\nrelated:"),
        "{text}"
    );
    let source = std::fs::read_to_string(root.join("content/phases/pilot.md")).unwrap();
    assert!(text.contains(&format!(
        "translation_of: {}\n",
        clusterbook::i18n::status::text_hash(&source)
    )));
    // It builds at once, inherits its order, and is not stale.
    let o = run(&["check", "--root", r, "--format", "json"]);
    assert!(o.status.success(), "{}", stdout(&o));
    assert!(!stdout(&o).contains("stale-translation"));
    assert!(stdout(&o).contains("placeholder"));
    // It refuses to overwrite, and to translate what is not there.
    let o = run(&["new", "--lang", "nb", "phase", "pilot", "--root", r]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("already exists"));
    let o = run(&["new", "--lang", "nb", "phase", "nowhere", "--root", r]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("content/phases/nowhere.md"));
}

/// The `href` of each `<link rel="alternate" hreflang>` of a page, by language.
fn alternates(doc: &scraper::Html) -> Vec<(String, String)> {
    let sel = scraper::Selector::parse("link[rel=alternate][hreflang]").unwrap();
    doc.select(&sel)
        .map(|e| {
            let v = e.value();
            (
                v.attr("hreflang").unwrap().to_string(),
                v.attr("href").unwrap().to_string(),
            )
        })
        .collect()
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

#[test]
fn every_page_names_its_other_languages_with_hreflang_and_x_default() {
    let (_tmp, dist) = build_fixture("i18n");
    assert_eq!(
        alternates(&page(&dist, "en/phases/start/index.html")),
        pairs(&[
            ("sv", "../../../phases/start/index.html"),
            ("en", "index.html"),
            ("nb", "../../../nb/phases/start/index.html"),
            ("x-default", "../../../phases/start/index.html"),
        ])
    );
    // Pilot is not in Norwegian: no alternate for nb.
    assert_eq!(
        alternates(&page(&dist, "phases/pilot/index.html")),
        pairs(&[
            ("sv", "index.html"),
            ("en", "../../en/phases/pilot/index.html"),
            ("x-default", "index.html"),
        ])
    );
    // A page in one language only has none; a listing is in all three.
    assert!(alternates(&page(&dist, "cases/fall/index.html")).is_empty());
    assert_eq!(alternates(&page(&dist, "nb/cases/index.html")).len(), 4);
}

#[test]
fn the_switcher_leads_to_the_translation_or_to_the_nearest_translated_page_with_a_note() {
    let (_tmp, dist) = build_fixture("i18n");
    let switcher = |rel: &str| -> Vec<(String, Option<String>)> {
        let doc = page(&dist, rel);
        let sel = scraper::Selector::parse(".languages a").unwrap();
        doc.select(&sel)
            .map(|a| {
                let v = a.value();
                (
                    v.attr("href").unwrap().to_string(),
                    v.attr("class").map(str::to_string),
                )
            })
            .collect()
    };
    let pilot = switcher("phases/pilot/index.html");
    assert_eq!(
        pilot[1],
        ("../../en/phases/pilot/index.html".to_string(), None)
    );
    assert_eq!(
        pilot[2],
        (
            "../../nb/phases/index.html?from=untranslated".to_string(),
            Some("untranslated".to_string())
        )
    );
    let fall = switcher("cases/fall/index.html");
    assert_eq!(fall[1].0, "../../en/cases/index.html?from=untranslated");
    // Every target is a page of the site (from file:// too: the query is
    // not part of the path), and it carries the note that site.js shows.
    for (from, (href, _)) in [
        ("phases/pilot/index.html", &pilot[2]),
        ("cases/fall/index.html", &fall[1]),
    ] {
        let (path, _) = resolve_href(from, href.split('?').next().unwrap()).unwrap();
        let target = page(&dist, &path);
        let note = texts(&target, "#untranslated-note");
        assert_eq!(note.len(), 1, "{path}");
    }
    let en_cases = page(&dist, "en/cases/index.html");
    assert_eq!(
        texts(&en_cases, "#untranslated-note"),
        [
            "The page you came from has not been translated into English yet. This is the nearest page that has."
        ]
    );
    // From a translated page, the switcher stays on the same entry.
    let start = switcher("nb/phases/start/index.html");
    assert_eq!(start[0].0, "../../../phases/start/index.html");
    assert_eq!(start[1].0, "../../../en/phases/start/index.html");
}

#[test]
fn an_untranslated_entry_in_another_languages_index_is_marked_and_keeps_its_lang() {
    let (_tmp, dist) = build_fixture("i18n");
    let doc = page(&dist, "en/cases/index.html");
    let sel = scraper::Selector::parse("[lang=sv] a[href='../../cases/fall/index.html']").unwrap();
    assert!(
        doc.select(&sel).next().is_some(),
        "the Swedish case is in an element with lang=sv"
    );
    assert!(texts(&doc, ".lang-marker[lang=en]").contains(&"(in Swedish)".to_string()));
    let nb = page(&dist, "nb/phases/index.html");
    assert!(texts(&nb, ".lang-marker[lang=nb]").contains(&"(på svensk)".to_string()));
}

#[test]
fn a_stale_translation_tells_its_readers_in_their_language() {
    let (tmp, root) = copy_fixture();
    edit(
        &root,
        "content/phases/start.md",
        "En gemensam bild.",
        "En gemensam bild och en plan.",
    );
    let dist = tmp.path().join("dist");
    build(&root, &dist);
    let en = page(&dist, "en/phases/start/index.html");
    assert_eq!(
        texts(&en, ".stale-notice"),
        ["The Swedish original has changed since this translation. Read the original"]
    );
    assert_eq!(
        hrefs(&en, ".stale-notice a"),
        ["../../../phases/start/index.html"]
    );
    let nb = page(&dist, "nb/phases/start/index.html");
    assert_eq!(
        texts(&nb, ".stale-notice"),
        ["Originalen på svensk er endret siden denne oversettelsen ble laget. Les originalen"]
    );
    let current = page(&dist, "en/phases/pilot/index.html");
    assert!(texts(&current, ".stale-notice").is_empty());
    let main = page(&dist, "phases/start/index.html");
    assert!(texts(&main, ".stale-notice").is_empty());
}

#[test]
fn the_switcher_of_a_tag_or_facet_page_leads_to_its_counterpart() {
    let (tmp, root) = copy_fixture();
    std::fs::write(
        root.join("content/cases/ort.md"),
        "---\ntitle: Orten\nsummary: Ett fall i Kalmar.\nregion: Kalmarregionen\ncountry: SE\nphases: [pilot]\ntags: [analys, kluster]\n---\nText.\n",
    )
    .unwrap();
    std::fs::write(
        root.join("content/cases/ort.en.md"),
        "---\ntitle: The place\nsummary: A case in Kalmar.\nregion: Kalmar Region\ntags: [analysis, cluster]\n---\nText.\n",
    )
    .unwrap();
    let dist = tmp.path().join("dist");
    build(&root, &dist);
    let switcher = |rel: &str| -> Vec<String> {
        let doc = page(&dist, rel);
        let sel = scraper::Selector::parse(".languages a").unwrap();
        doc.select(&sel)
            .map(|a| a.value().attr("href").unwrap().to_string())
            .collect()
    };
    // sv, en, nb: the translated value in English; no Norwegian cases.
    assert_eq!(
        switcher("tags/analys/index.html"),
        [
            "index.html",
            "../../en/tags/analysis/index.html",
            "../../nb/tags/index.html?from=untranslated"
        ]
    );
    assert_eq!(
        switcher("en/tags/cluster/index.html")[0],
        "../../../tags/kluster/index.html"
    );
    let region = switcher("cases/region/kalmarregionen/index.html");
    assert_eq!(
        region[1],
        "../../../en/cases/region/kalmar-region/index.html"
    );
    assert_eq!(
        switcher("en/cases/region/kalmar-region/index.html")[0],
        "../../../../cases/region/kalmarregionen/index.html"
    );
    // A country's code is the same in every language.
    assert_eq!(
        switcher("cases/country/se/index.html")[1],
        "../../../en/cases/country/se/index.html"
    );
    // Every target is a page of the site.
    for (from, href) in [
        (
            "tags/analys/index.html",
            "../../en/tags/analysis/index.html",
        ),
        (
            "cases/region/kalmarregionen/index.html",
            "../../../en/cases/region/kalmar-region/index.html",
        ),
    ] {
        let (path, _) = resolve_href(from, href).unwrap();
        assert!(dist.join(&path).is_file(), "{path}");
    }
}
