//! Themes: the templates, styles, scripts and UI words a site is made with.
//!
//! The default theme (`themes/default/` of this repository) is embedded in
//! the binary. A handbook overrides any single file by putting a file of the
//! same path in its own `themes/<name>/` folder, or chooses another theme in
//! `site.yaml` (`theme: name`); files that theme lacks come from the default.
//!
//! In: the handbook root and the theme's name. Out: a [`Theme`] — a sorted
//! map from path (`templates/base.html`) to bytes.

use crate::diagnostics::{Diagnostic, Pos};
use std::collections::BTreeMap;
use std::path::Path;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)) as &[u8])),*]
    };
}

/// The files of the default theme, as built into the binary.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "strings.json",
    "templates/base.html",
    "templates/macros.html",
    "templates/editions.html",
    "templates/home.html",
    "templates/entry.html",
    "templates/phase.html",
    "templates/role.html",
    "templates/case.html",
    "templates/talk.html",
    "templates/term.html",
    "templates/resource.html",
    "templates/page.html",
    "templates/person.html",
    "templates/questions.html",
    "templates/kind_index.html",
    "templates/tags.html",
    "templates/tag.html",
    "templates/facet.html",
    "templates/search.html",
    "templates/404.html",
    "templates/sitemap.xml",
    "templates/print.html",
    "templates/feed.xml",
    "templates/robots.txt",
    "static/style.css",
    "static/site.js",
    "static/scheme.js",
    "static/search.js",
    "static/inflate.js",
    "static/favicon.svg",
];

/// A theme's files by path.
#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Path within the theme (`static/style.css`) to contents.
    pub files: BTreeMap<String, Vec<u8>>,
}

impl Theme {
    /// The templates (`templates/*`), named without the folder.
    pub fn templates(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files.iter().filter_map(|(p, b)| {
            p.strip_prefix("templates/")
                .map(|name| (name, b.as_slice()))
        })
    }

    /// The files copied to the site (`static/*`), named without the folder.
    pub fn statics(&self) -> impl Iterator<Item = (&str, &[u8])> {
        self.files
            .iter()
            .filter_map(|(p, b)| p.strip_prefix("static/").map(|name| (name, b.as_slice())))
    }
}

/// Loads the theme `name`: the default theme with the files of
/// `root/themes/name/` laid over it. Its files are read as the handbook's
/// are ([`crate::paths`]): nothing through a link that leaves the root.
pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    let mut files: BTreeMap<String, Vec<u8>> = DEFAULT_THEME
        .iter()
        .map(|(p, b)| (p.to_string(), b.to_vec()))
        .collect();
    let folder = format!("themes/{name}");
    let handbook = crate::paths::HandbookRoot::new(root);
    let walk = match handbook.files_under(&folder) {
        Ok(w) => w,
        Err(crate::paths::Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            if name == "default" {
                return Ok(Theme { files });
            }
            return Err(Diagnostic::error(
                crate::config::CONFIG_PATH,
                Pos::start(),
                "unknown-theme",
                format!("theme `{name}` was not found at `themes/{name}/`"),
            )
            .with_help("create the folder, or remove `theme:` to use the default theme"));
        }
        Err(r) => return Err(r.diagnostic(&folder)),
    };
    // Only what the handbook may read is read (see `paths`): the first
    // refused path stops the theme.
    if let Some((path, r)) = walk.refused.first() {
        return Err(r.diagnostic(&format!("{folder}/{}", crate::paths::display_path(path))));
    }
    for found in walk.files {
        let rel = crate::paths::display_path(&found.rel);
        let bytes = std::fs::read(&found.real).map_err(|e| {
            Diagnostic::error(
                format!("{folder}/{rel}"),
                Pos::start(),
                "unreadable-file",
                format!("cannot read: {e}"),
            )
        })?;
        files.insert(rel, bytes);
    }
    Ok(Theme { files })
}
