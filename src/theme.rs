//! Themes: the templates, styles, scripts and UI words a site is made with.
//!
//! The default theme (`themes/default/` of this repository) is embedded in
//! the binary. A handbook overrides any single file by putting a file of the
//! same path in its own `themes/<name>/` folder, or chooses another theme in
//! `site.yaml` (`theme: name`); files that theme lacks come from the default.
//!
//! The UI words (`i18n/<lang>.yaml`) are the exception: a handbook's file
//! of the same path adds or replaces single keys rather than the whole file,
//! and a new file adds a language; they are kept apart, in order, for
//! [`crate::i18n::words`] to lay over each other.
//!
//! In: the handbook root and the theme's name. Out: a [`Theme`] — a sorted
//! map from path (`templates/base.html`) to bytes, and the word files.

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
    "i18n/sv.yaml",
    "i18n/nb.yaml",
    "i18n/en.yaml",
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
    "templates/editions_root.html",
    "templates/editions.html",
    "templates/edition_banner.html",
    "templates/changes.html",
    "static/style.css",
    "static/site.js",
    "static/scheme.js",
    "static/search.js",
    "static/inflate.js",
    "static/favicon.svg",
];

/// A theme's files by path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Theme {
    /// Path within the theme (`static/style.css`) to contents.
    pub files: BTreeMap<String, Vec<u8>>,
    /// The UI word files (`i18n/<lang>.yaml`): the default theme's first,
    /// then the handbook's, each laid over the ones before it.
    pub word_files: Vec<WordFile>,
}

/// One file of UI words of a theme.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WordFile {
    /// The language code (the file name without `.yaml`).
    pub lang: String,
    /// Where it is, for messages (`themes/default/i18n/sv.yaml`).
    pub path: String,
    /// Its contents.
    pub bytes: Vec<u8>,
}

/// The language of a theme path that is a word file (`i18n/sv.yaml`).
fn word_file_lang(path: &str) -> Option<&str> {
    let lang = path.strip_prefix("i18n/")?.strip_suffix(".yaml")?;
    crate::config::is_language_code(lang).then_some(lang)
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
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    let mut word_files = Vec::new();
    for (p, b) in DEFAULT_THEME {
        match word_file_lang(p) {
            Some(lang) => word_files.push(WordFile {
                lang: lang.to_string(),
                path: format!("themes/default/{p}"),
                bytes: b.to_vec(),
            }),
            None => {
                files.insert(p.to_string(), b.to_vec());
            }
        }
    }
    let folder = format!("themes/{name}");
    let handbook = crate::paths::HandbookRoot::new(root);
    let walk = match handbook.files_under(&folder) {
        Ok(w) => w,
        Err(crate::paths::Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
            if name == "default" {
                return Ok(Theme { files, word_files });
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
        match word_file_lang(&rel) {
            Some(lang) => word_files.push(WordFile {
                lang: lang.to_string(),
                path: format!("{folder}/{rel}"),
                bytes,
            }),
            None => {
                files.insert(rel, bytes);
            }
        }
    }
    Ok(Theme { files, word_files })
}
