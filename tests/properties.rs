//! Property tests: random and mutated handbooks through the whole pipeline.
//!
//! Each case writes a small handbook into a temporary folder — a valid one
//! with one part replaced by random or mutated text: a Markdown body, a
//! front-matter block, `site.yaml`, a file name — and runs the library as
//! `check` does ([`clusterbook::compile`], not minified) and as `build`
//! does ([`clusterbook::build`]). Whatever the input: nothing panics (a
//! panic fails the case), every problem names a file, and `check` fails
//! whenever `build` fails. The number of cases is bounded (`CASES` per
//! property) so the suite stays quick in a debug build; set
//! `PROPTEST_CASES` to run more.

use clusterbook::{BuildOptions, build, compile};
use proptest::prelude::*;
use std::path::Path;

const CASES: u32 = 48;

const SITE: &str = "title: Egenskap\nlanguages: [sv, en]\nmenu:\n  - {title: Om, link: pages/om}\n";
const PHASE: &str = "---\ntitle: Pilot\nsummary: Fasen.\norder: 1\ntags: [C++, Skåne]\n---\n## Mål\n\nSe [fallet](../cases/x.md#mal) och [[kluster]].\n";
const CASE: &str = "---\ntitle: X\nsummary: Ett fall.\nphases: [pilot]\nregion: Skåne\nlessons:\n  - \"Läs [mer](../phases/pilot.md).\"\nsources:\n  - {title: K, url: \"https://example.org/\"}\n---\n## Mål\n\nText om kluster.\n";
const TERM: &str = "---\ntitle: Kluster\ndefinition: En grupp.\naliases: [klustret]\n---\nSe [pilot](../phases/pilot.md).\n";
const PAGE: &str = "---\ntitle: Om\n---\nOm handboken.\n";

/// The files of the valid handbook: path under `content/` and text.
fn valid() -> Vec<(String, String)> {
    [
        ("site.yaml", SITE),
        ("phases/pilot.md", PHASE),
        ("cases/x.md", CASE),
        ("terms/kluster.md", TERM),
        ("pages/om.md", PAGE),
    ]
    .iter()
    .map(|(p, t)| (p.to_string(), t.to_string()))
    .collect()
}

/// Writes `files` as a handbook under `root`; false when a name cannot be
/// a file here at all (the case then says nothing).
fn write(root: &Path, files: &[(String, String)]) -> bool {
    for (rel, text) in files {
        let path = root.join("content").join(rel);
        let ok = path
            .parent()
            .is_some_and(|d| std::fs::create_dir_all(d).is_ok())
            && std::fs::write(&path, text).is_ok();
        if !ok {
            return false;
        }
    }
    true
}

/// Runs check and build on `files`; asserts the properties.
fn pipeline(files: Vec<(String, String)>) -> Result<(), TestCaseError> {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hb");
    if !write(&root, &files) {
        return Ok(());
    }
    let mut opts = BuildOptions::new(&root);
    opts.minify = false;
    let checked = compile(&opts);
    if let Err(diags) = &checked {
        prop_assert!(diags.error_count() > 0 || !diags.is_empty());
        for d in diags.items() {
            prop_assert!(!d.file.is_empty(), "a problem without a file: {d:?}");
        }
    }
    opts.minify = true;
    let out = tmp.path().join("dist");
    let built = build(&opts, &out, false);
    if let Err(e) = &built {
        prop_assert!(
            checked.is_err(),
            "build failed where check passed: {e}: {:?}",
            match e {
                clusterbook::BuildError::Content(d) => format!("{:?}", d.items()),
                other => other.to_string(),
            }
        );
        if let clusterbook::BuildError::Content(diags) = e {
            for d in diags.items() {
                prop_assert!(!d.file.is_empty(), "a problem without a file: {d:?}");
            }
        }
    }
    Ok(())
}

/// Text made of what Markdown and YAML give meaning to, and some words.
fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("\n".to_string()),
        Just("\n\n".to_string()),
        Just("> ".to_string()),
        Just("- ".to_string()),
        Just("1. ".to_string()),
        Just("*".to_string()),
        Just("_".to_string()),
        Just("`".to_string()),
        Just("```\n".to_string()),
        Just("[".to_string()),
        Just("]".to_string()),
        Just("(".to_string()),
        Just(")".to_string()),
        Just("](".to_string()),
        Just("![".to_string()),
        Just("<".to_string()),
        Just(">".to_string()),
        Just("|".to_string()),
        Just("|---|".to_string()),
        Just("#".to_string()),
        Just("## ".to_string()),
        Just("&#106;".to_string()),
        Just("javascript:".to_string()),
        Just("https://x.org".to_string()),
        Just("../phases/pilot.md".to_string()),
        Just("#mal".to_string()),
        Just("kluster".to_string()),
        Just("[^1]".to_string()),
        Just(": ".to_string()),
        Just("---\n".to_string()),
        Just("\t".to_string()),
        Just("\u{0}".to_string()),
        Just("\u{1b}[31m".to_string()),
        "[a-zåäöΔК]{1,8}".prop_map(|s| s),
        Just(" ".to_string()),
    ];
    prop::collection::vec(piece, 0..60).prop_map(|v| v.concat())
}

/// `text` with random bytes replaced, inserted and removed (kept UTF-8).
fn mutated(text: &'static str) -> impl Strategy<Value = String> {
    let edit = (
        0usize..400,
        prop_oneof![
            Just(None),
            prop::char::any().prop_map(Some),
            prop::sample::select(vec![
                ':', '-', '\n', ' ', '"', '\'', '[', ']', '{', '}', '#', '&', '*', '|', '>'
            ])
            .prop_map(Some),
        ],
        any::<bool>(),
    );
    prop::collection::vec(edit, 1..8).prop_map(move |edits| {
        let mut chars: Vec<char> = text.chars().collect();
        for (at, c, insert) in edits {
            let at = at % (chars.len() + 1);
            match (c, insert) {
                (Some(c), true) => chars.insert(at, c),
                (Some(c), false) if at < chars.len() => chars[at] = c,
                (None, _) if at < chars.len() => {
                    chars.remove(at);
                }
                _ => {}
            }
        }
        chars.into_iter().collect()
    })
}

/// One of the valid files, by index.
fn replace(index: usize, text: String) -> Vec<(String, String)> {
    let mut files = valid();
    files[index].1 = text;
    files
}

proptest! {
    #![proptest_config(ProptestConfig { cases: CASES, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_markdown_bodies(body in markup(), field in markup()) {
        let mut files = valid();
        files[2].1 = format!("---\ntitle: X\nsummary: S.\nphases: [pilot]\nlessons:\n  - {:?}\n---\n{body}\n", field);
        pipeline(files)?;
    }

    #[test]
    fn mutated_front_matter(text in mutated(CASE)) {
        pipeline(replace(2, text))?;
    }

    #[test]
    fn mutated_phase_with_tags(text in mutated(PHASE)) {
        pipeline(replace(1, text))?;
    }

    #[test]
    fn mutated_site_yaml(text in mutated(SITE)) {
        pipeline(replace(0, text))?;
    }

    #[test]
    fn random_yaml_values(title in markup(), tag in markup(), url in markup()) {
        let yaml = |s: &str| serde_json::to_string(s).unwrap();
        let text = format!(
            "---\ntitle: {}\nsummary: S.\nphases: [pilot]\ntags: [{}]\nregion: {}\nsources:\n  - {{title: K, url: {}}}\n---\nText.\n",
            yaml(&title), yaml(&tag), yaml(&tag), yaml(&url)
        );
        pipeline(replace(2, text))?;
    }

    #[test]
    fn random_file_names(name in "[a-zA-Z0-9._ åΔ-]{0,40}", folder in prop::sample::select(vec!["cases", "terms", "pages", "assets", "nope", ""])) {
        let mut files = valid();
        let rel = if folder.is_empty() { name.clone() } else { format!("{folder}/{name}") };
        if !rel.is_empty() && !rel.ends_with('/') && rel != "site.yaml" {
            files.push((rel, PAGE.to_string()));
        }
        pipeline(files)?;
    }
}
