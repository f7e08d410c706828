//! What one fuzz input does, shared by the cargo-fuzz target
//! (`fuzz_targets/entry.rs`) and the plain loop (`examples/fuzz.rs`).
//!
//! The bytes become `content/cases/fuzz.md` of a small valid handbook (a
//! phase, a term, a page). Check ([`clusterbook::compile`], not minified)
//! and build ([`clusterbook::build`]) run on it. A crash is any panic or
//! abort; besides, every problem must name a file, and check must fail
//! whenever build fails.

use std::path::Path;

const SITE: &str = "title: Fuzz\nlanguages: [sv, en]\nmenu:\n  - {title: Om, link: pages/om}\n";
const PHASE: &str =
    "---\ntitle: Pilot\nsummary: Fasen.\norder: 1\n---\n## Mål\n\nSe [fallet](../cases/fuzz.md).\n";
const TERM: &str = "---\ntitle: Kluster\ndefinition: En grupp.\naliases: [klustret]\n---\nText.\n";
const PAGE: &str = "---\ntitle: Om\n---\nOm.\n";

fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join("content").join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

/// Runs check and build on a handbook whose case file is `data`.
pub fn run(data: &[u8]) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("hb");
    write(&root, "site.yaml", SITE.as_bytes());
    write(&root, "phases/pilot.md", PHASE.as_bytes());
    write(&root, "terms/kluster.md", TERM.as_bytes());
    write(&root, "pages/om.md", PAGE.as_bytes());
    write(&root, "cases/fuzz.md", data);
    let mut opts = clusterbook::BuildOptions::new(&root);
    opts.minify = false;
    opts.search = true;
    let checked = clusterbook::compile(&opts);
    if let Err(d) = &checked {
        assert!(
            d.items().iter().all(|d| !d.file.is_empty()),
            "a problem without a file: {d:?}"
        );
    }
    opts.minify = true;
    let built = clusterbook::build(&opts, &tmp.path().join("dist"), false);
    if let Err(e) = &built {
        assert!(checked.is_err(), "build failed where check passed: {e}");
    }
}
