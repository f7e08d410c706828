//! Editions: numbered releases of a handbook, frozen in the repository.
//!
//! A released edition is a copy of `content/` (and of the handbook's own
//! `themes/`) under `versions/<label>/`, listed with its date and notes in
//! `versions/versions.yaml`. Each snapshot is a handbook root of its own, so
//! the ordinary pipeline reads, checks and builds it; a fresh or shallow
//! clone has every edition without any history or extra tool.
//!
//! `version` reads and orders labels; `registry` reads `versions.yaml`;
//! `release` freezes the working content; `changes` compares two editions
//! (`clusterbook diff`, and each edition's "what changed" page).

pub mod archive;
pub mod build;
pub mod changes;
pub mod nav;
pub mod registry;
pub mod release;
pub mod reuse;
pub mod version;

use registry::Registry;
use std::path::{Path, PathBuf};

/// The name of the working content, as an edition: `clusterbook diff
/// 2026.1 next`, and its folder in a built site with editions.
pub const NEXT: &str = "next";

/// The name of the newest released edition.
pub const LATEST: &str = "latest";

/// The edition `name` of the handbook at `root`: `next` (the working
/// content), `latest` (the newest release) or a released label. Gives its
/// label and root, or a sentence saying which names there are.
pub fn edition_root(
    root: &Path,
    registry: &Registry,
    name: &str,
) -> Result<(String, PathBuf), String> {
    if name == NEXT {
        return Ok((NEXT.to_string(), root.to_path_buf()));
    }
    let edition = if name == LATEST {
        registry.newest()
    } else {
        registry.get(name)
    };
    match edition {
        Some(e) => Ok((e.label.clone(), Registry::snapshot(root, e))),
        None => {
            let mut names: Vec<&str> = registry.editions.iter().map(|e| e.label.as_str()).collect();
            if !names.is_empty() {
                names.push(LATEST);
            }
            names.push(NEXT);
            let hint = crate::diagnostics::did_you_mean(name, names.iter().copied())
                .map(|m| format!("did you mean `{m}`? "))
                .unwrap_or_default();
            Err(format!(
                "there is no edition `{name}`; {hint}the editions are: {}",
                names
                    .iter()
                    .map(|n| format!("`{n}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ))
        }
    }
}

/// The problems of the released editions of the handbook at `root`: those
/// of `versions/versions.yaml`, and every error of an edition's content
/// (reported under `versions/<label>/`; a frozen edition's warnings are
/// not). `check` reports them with the working content's, since `build`
/// fails on them.
pub fn check_editions(root: &Path) -> Vec<crate::diagnostics::Diagnostic> {
    let registry = match registry::load_registry(root) {
        Ok(r) => r,
        Err(ds) => return ds,
    };
    let mut problems = Vec::new();
    for e in &registry.editions {
        let mut opts = crate::BuildOptions::new(Registry::snapshot(root, e));
        opts.search = false;
        opts.minify = false;
        let ds = crate::check(&opts);
        problems.extend(
            ds.items()
                .iter()
                .filter(|d| d.severity == crate::diagnostics::Severity::Error)
                .cloned()
                .map(|mut d| {
                    d.file = format!("{}/{}", e.rel_root(), d.file);
                    d
                }),
        );
    }
    problems
}

/// The rows of `list` for edition `label` of a site with editions: each
/// page's URL under the edition's folder (`next/cases/x/index.html`), and
/// for a released edition each source under its snapshot.
pub fn list_rows_in(rows: &mut [crate::catalog::CatalogRow], label: &str) {
    for r in rows {
        r.url = format!("{label}/{}", r.url);
        if label != NEXT {
            r.source = format!("{}/{label}/{}", registry::VERSIONS_DIR, r.source);
        }
    }
}
