//! The list of released editions: `versions/versions.yaml`.
//!
//! In: the handbook root. Out: a [`Registry`] — every edition with its
//! date, notes and the line it is listed on, oldest first — or the problems
//! of a hand-edited file (a malformed or duplicate version, a bad date, a
//! missing snapshot folder), each at its line and column.

use super::version::{RESERVED, VERSION_FORMS, Version};
use crate::diagnostics::{Diagnostic, Pos};
use crate::frontmatter::{FrontMatter, Spanned};
use crate::paths::HandbookRoot;
use serde::Deserialize;
use std::path::{Path, PathBuf};

/// Where the editions are listed, relative to the handbook root.
pub const REGISTRY_PATH: &str = "versions/versions.yaml";

/// The folder of the snapshots, relative to the handbook root.
pub const VERSIONS_DIR: &str = "versions";

/// One released edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edition {
    /// Its label, ordered.
    pub version: Version,
    /// The label as written (also its folder name: `versions/<label>/`).
    pub label: String,
    /// The day it was released, `YYYY-MM-DD`.
    pub date: String,
    /// What the publisher says of it.
    pub notes: Option<String>,
    /// Where it is listed in `versions.yaml`.
    pub pos: Pos,
}

impl Edition {
    /// The snapshot's folder relative to the handbook root
    /// (`versions/2026.1`): a handbook root of its own.
    pub fn rel_root(&self) -> String {
        format!("{VERSIONS_DIR}/{}", self.label)
    }
}

/// The released editions of a handbook, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Registry {
    /// Every edition, oldest first.
    pub editions: Vec<Edition>,
}

impl Registry {
    /// The newest edition, if any was released.
    pub fn newest(&self) -> Option<&Edition> {
        self.editions.last()
    }

    /// The edition labelled `label`.
    pub fn get(&self, label: &str) -> Option<&Edition> {
        self.editions.iter().find(|e| e.label == label)
    }

    /// The edition released just before `label`.
    pub fn previous(&self, label: &str) -> Option<&Edition> {
        let i = self.editions.iter().position(|e| e.label == label)?;
        i.checked_sub(1).map(|i| &self.editions[i])
    }

    /// Where the snapshot of `edition` is, under `root`.
    pub fn snapshot(root: &Path, edition: &Edition) -> PathBuf {
        root.join(edition.rel_root())
    }
}

#[derive(Deserialize)]
struct RawRegistry {
    editions: Option<Vec<RawEdition>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    version: Spanned<String>,
    date: Option<Spanned<String>>,
    notes: Option<String>,
}

/// Reads `versions/versions.yaml` of the handbook at `root`: no file means
/// no editions. Every problem is reported, not only the first.
pub fn load_registry(root: &Path) -> Result<Registry, Vec<Diagnostic>> {
    let handbook = HandbookRoot::new(root);
    if std::fs::symlink_metadata(root.join(REGISTRY_PATH)).is_err() {
        return Ok(Registry::default());
    }
    let bytes = handbook
        .read(REGISTRY_PATH)
        .map_err(|r| vec![r.diagnostic(REGISTRY_PATH)])?;
    let text = String::from_utf8(bytes).map_err(|_| {
        vec![
            Diagnostic::error(
                REGISTRY_PATH,
                Pos::start(),
                "invalid-utf8",
                "the file is not UTF-8 text",
            )
            .with_help("save it as UTF-8"),
        ]
    })?;
    parse_registry(&text, |label| {
        handbook
            .read(&format!(
                "{VERSIONS_DIR}/{label}/{}",
                crate::config::CONFIG_PATH
            ))
            .is_ok()
    })
}

/// Reads the text of `versions.yaml`; `has_snapshot(label)` says whether
/// the snapshot folder of an edition holds a handbook.
pub fn parse_registry(
    text: &str,
    has_snapshot: impl Fn(&str) -> bool,
) -> Result<Registry, Vec<Diagnostic>> {
    let file = REGISTRY_PATH;
    let fm = FrontMatter::parse(file, text, 1).map_err(|d| vec![d])?;
    let mut problems = fm.unknown_fields("versions.yaml", &["editions"]);
    let raw: RawRegistry = match fm.deserialize() {
        Ok(r) => r,
        Err(d) => {
            problems.push(d);
            return Err(problems);
        }
    };
    let mut editions: Vec<Edition> = Vec::new();
    for e in raw.editions.unwrap_or_default() {
        let pos = fm.pos(&e.version);
        let label = e.version.as_str().to_string();
        let version = match Version::parse(&label) {
            Ok(v) if !RESERVED.contains(&label.as_str()) => v,
            Ok(_) | Err(_) => {
                let message = Version::parse(&label).err().unwrap_or_else(|| {
                    format!("`{label}` names another part of the site and cannot be an edition")
                });
                problems.push(
                    Diagnostic::error(file, pos, "invalid-version", message)
                        .with_help(format!("an edition's version is {VERSION_FORMS}"))
                        .with_width(label.chars().count()),
                );
                continue;
            }
        };
        if let Some(first) = editions.iter().find(|x| x.version == version) {
            problems.push(
                Diagnostic::error(
                    file,
                    pos,
                    "duplicate-version",
                    format!("edition `{label}` is listed twice"),
                )
                .with_help(format!(
                    "it is listed first on line {}; remove one of the two",
                    first.pos.line
                )),
            );
            continue;
        }
        if let Some(other) = editions.iter().find(|x| !x.version.same_form(&version)) {
            problems.push(
                Diagnostic::error(
                    file,
                    pos,
                    "invalid-version",
                    format!(
                        "`{label}` is not of the same form as `{}` (line {}): editions of one handbook use one form",
                        other.label, other.pos.line
                    ),
                )
                .with_help(format!("use {VERSION_FORMS} for all of them")),
            );
            continue;
        }
        let date = match &e.date {
            Some(d) if is_date(d) => d.to_string(),
            Some(d) => {
                problems.push(
                    Diagnostic::error(
                        file,
                        fm.pos(d),
                        "invalid-date",
                        format!("`{}` is not a date", d.as_str()),
                    )
                    .with_help("write the release day as `YYYY-MM-DD`, e.g. `2026-12-05`"),
                );
                continue;
            }
            None => {
                problems.push(
                    Diagnostic::error(
                        file,
                        pos,
                        "missing-field",
                        format!("edition `{label}` has no `date`"),
                    )
                    .with_help("add `date: YYYY-MM-DD`, the day it was released"),
                );
                continue;
            }
        };
        if !has_snapshot(&label) {
            problems.push(
                Diagnostic::error(
                    file,
                    pos,
                    "missing-snapshot",
                    format!("edition `{label}` has no snapshot: `{VERSIONS_DIR}/{label}/content/site.yaml` does not exist"),
                )
                .with_help(format!(
                    "restore the folder `{VERSIONS_DIR}/{label}/` from the commit that released it (`git log -- {VERSIONS_DIR}/{label}`), or remove the edition from the list"
                )),
            );
            continue;
        }
        editions.push(Edition {
            version,
            label,
            date,
            notes: e.notes.filter(|n| !n.trim().is_empty()),
            pos,
        });
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    editions.sort_by(|a, b| a.version.cmp(&b.version));
    Ok(Registry { editions })
}

/// Whether `s` is a real day written `YYYY-MM-DD`.
fn is_date(s: &str) -> bool {
    s.len() == 10 && chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Registry, Vec<Diagnostic>> {
        parse_registry(text, |l| l != "2024.9")
    }

    #[test]
    fn editions_are_read_and_ordered() {
        let r = parse(
            "editions:\n  - version: \"2026.1\"\n    date: \"2026-12-05\"\n    notes: Första\n  - version: \"2025.2\"\n    date: \"2025-06-01\"\n",
        )
        .unwrap();
        let labels: Vec<_> = r.editions.iter().map(|e| e.label.as_str()).collect();
        assert_eq!(labels, ["2025.2", "2026.1"]);
        assert_eq!(r.newest().unwrap().notes.as_deref(), Some("Första"));
        assert_eq!(r.previous("2026.1").unwrap().label, "2025.2");
        assert_eq!(r.editions[1].pos, Pos::new(2, 14));
    }

    #[test]
    fn an_empty_file_lists_no_editions() {
        assert!(parse("").unwrap().editions.is_empty());
    }

    #[test]
    fn every_problem_of_a_hand_edited_file_is_reported_at_its_line() {
        let text = "editions:\n  - version: \"2026.1\"\n    date: \"2026-12-05\"\n  - version: \"2026.1\"\n    date: \"2026-12-06\"\n  - version: 2026-2\n    date: \"2026-12-07\"\n  - version: \"2024.9\"\n    date: \"2024-01-01\"\n  - version: \"2026.3\"\n    date: \"2026-02-30\"\n  - version: \"1.0.0\"\n    date: \"2026-01-01\"\n";
        let problems = parse(text).unwrap_err();
        let got: Vec<_> = problems.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(
            got,
            [
                (4, "duplicate-version"),
                (6, "invalid-version"),
                (8, "missing-snapshot"),
                (11, "invalid-date"),
                (12, "invalid-version"),
            ]
        );
        assert!(problems[0].help.as_deref().unwrap().contains("line 2"));
    }

    #[test]
    fn unknown_fields_are_named() {
        let problems = parse("edition:\n  - version: \"2026.1\"\n").unwrap_err();
        assert_eq!(problems[0].code, "unknown-field");
    }
}
