//! `clusterbook release`: freezes the working content as a numbered edition.
//!
//! In: the handbook root, the new edition's label, its notes. Out: a copy
//! of `content/` (and of the files of the handbook's own `themes/` that
//! differ from the binary's default theme) under `versions/<label>/`, a
//! line more in `versions/versions.yaml`, or a [`ReleaseError`] saying
//! why nothing was written: an invalid or not newer label, an existing
//! edition, uncommitted changes under `content/`, or content that does not
//! pass `check`.

use super::registry::{self, REGISTRY_PATH, Registry, VERSIONS_DIR};
use super::version::{RESERVED, VERSION_FORMS, Version};
use crate::BuildOptions;
use crate::diagnostics::Diagnostics;
use crate::paths::HandbookRoot;
use std::io;
use std::path::{Path, PathBuf};

/// What `release` is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReleaseRequest {
    /// The handbook root.
    pub root: PathBuf,
    /// The new edition's label (`2026.1`).
    pub version: String,
    /// What the publisher says of it.
    pub notes: Option<String>,
    /// Release even when `content/` has uncommitted changes.
    pub allow_dirty: bool,
    /// The release day, `YYYY-MM-DD`.
    pub date: String,
}

/// What a release wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Released {
    /// The snapshot folder, relative to the root (`versions/2026.1`).
    pub folder: String,
    /// How many files it holds.
    pub files: usize,
    /// Their size in bytes.
    pub bytes: u64,
}

/// Why nothing was released.
#[derive(Debug, thiserror::Error)]
pub enum ReleaseError {
    /// The request cannot be carried out as it is.
    #[error("{message}\n  help: {help}")]
    Refused {
        /// What is wrong.
        message: String,
        /// What to do instead.
        help: String,
    },
    /// The content (or `versions.yaml`) has errors.
    #[error("the handbook has problems")]
    Content(Diagnostics),
    /// The snapshot could not be written; nothing was left behind.
    #[error("cannot write {path}: {source}")]
    Write {
        /// What could not be written.
        path: PathBuf,
        /// Why.
        source: io::Error,
    },
}

fn refused(message: impl Into<String>, help: impl Into<String>) -> ReleaseError {
    ReleaseError::Refused {
        message: message.into(),
        help: help.into(),
    }
}

/// Today's date in UTC as `YYYY-MM-DD`, or the day of `SOURCE_DATE_EPOCH`
/// (seconds since 1970) when that is set, for reproducible releases.
pub fn release_date() -> String {
    let now = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .and_then(|s| chrono::DateTime::from_timestamp(s, 0))
        .unwrap_or_else(chrono::Utc::now);
    now.format("%Y-%m-%d").to_string()
}

/// Freezes the working content of `req.root` as edition `req.version`.
/// Nothing is written unless every check passes; a failure while writing
/// removes what this release wrote.
pub fn release(req: &ReleaseRequest) -> Result<Released, ReleaseError> {
    let label = req.version.as_str();
    let example = "for example `clusterbook release 2026.1`, the first edition of 2026";
    if RESERVED.contains(&label) {
        return Err(refused(
            format!("`{label}` names another part of the site and cannot be an edition"),
            example,
        ));
    }
    let version = Version::parse(label).map_err(|m| refused(m, example))?;
    let registry =
        registry::load_registry(&req.root).map_err(|ds| ReleaseError::Content(collect(ds)))?;
    check_order(&registry, &version, label)?;
    let folder = format!("{VERSIONS_DIR}/{label}");
    if std::fs::symlink_metadata(req.root.join(&folder)).is_ok() {
        return Err(refused(
            format!("`{folder}` exists already, but `{REGISTRY_PATH}` does not list it"),
            format!(
                "move `{folder}` away (it may be left from an interrupted release), then release again"
            ),
        ));
    }
    if !req.allow_dirty {
        let dirty = uncommitted(&req.root);
        if !dirty.is_empty() {
            let shown: Vec<_> = dirty.iter().take(10).map(|f| format!("  {f}")).collect();
            let more = if dirty.len() > 10 {
                format!("\n  … and {} more", dirty.len() - 10)
            } else {
                String::new()
            };
            return Err(refused(
                format!(
                    "`content/` has uncommitted changes, so the edition would not match any commit:\n{}{more}",
                    shown.join("\n")
                ),
                "commit them first (an edition should be reproducible from the repository), or pass `--allow-dirty`",
            ));
        }
    }
    let mut opts = BuildOptions::new(&req.root);
    opts.minify = false;
    opts.search = false;
    let diags = crate::check(&opts);
    if diags.error_count() > 0 {
        return Err(ReleaseError::Content(diags));
    }
    let written = write_snapshot(&req.root, &folder)?;
    if let Err(source) =
        add_to_registry(&req.root, &registry, label, &req.date, req.notes.as_deref())
    {
        let _ = std::fs::remove_dir_all(req.root.join(&folder));
        return Err(ReleaseError::Write {
            path: req.root.join(REGISTRY_PATH),
            source,
        });
    }
    Ok(written)
}

fn collect(ds: Vec<crate::diagnostics::Diagnostic>) -> Diagnostics {
    let mut all = Diagnostics::new();
    all.extend(ds);
    all.sorted()
}

fn check_order(registry: &Registry, version: &Version, label: &str) -> Result<(), ReleaseError> {
    if let Some(e) = registry.editions.iter().find(|e| &e.version == version) {
        return Err(refused(
            format!(
                "edition `{label}` exists already ({REGISTRY_PATH}, line {})",
                e.pos.line
            ),
            "a released edition never changes; release the changes as a new edition",
        ));
    }
    if let Some(newest) = registry.newest() {
        if !newest.version.same_form(version) {
            return Err(refused(
                format!(
                    "`{label}` is not of the same form as the newest edition, `{}`",
                    newest.label
                ),
                format!("editions of one handbook use one form: {VERSION_FORMS}"),
            ));
        }
        if version < &newest.version {
            return Err(refused(
                format!(
                    "`{label}` is older than the newest edition, `{}`",
                    newest.label
                ),
                format!("a new edition's version is greater than `{}`", newest.label),
            ));
        }
    }
    Ok(())
}

/// The files under `content/` and `themes/` that git reports as changed or
/// untracked; none when the handbook is not in a git repository or git is
/// not installed (there is then nothing to compare with).
pub fn uncommitted(root: &Path) -> Vec<String> {
    let out = std::process::Command::new("git")
        .arg("-C")
        .arg(root)
        .args([
            "status",
            "--porcelain=v1",
            "-z",
            "--untracked-files=all",
            "--",
            "content",
            "themes",
        ])
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .output();
    match out {
        Ok(o) if o.status.success() => o
            .stdout
            .split(|b| *b == 0)
            .filter(|r| r.len() > 3)
            .map(|r| String::from_utf8_lossy(&r[3..]).into_owned())
            .collect(),
        _ => Vec::new(),
    }
}

/// Copies `content/` and `themes/` (when present) into `folder`, through a
/// partial folder renamed into place at the end, so that an interrupted
/// release leaves no half snapshot under the edition's name.
fn write_snapshot(root: &Path, folder: &str) -> Result<Released, ReleaseError> {
    let handbook = HandbookRoot::new(root);
    let partial = root.join(format!(
        "{VERSIONS_DIR}/.{}.partial-{}",
        folder.rsplit('/').next().unwrap_or(folder),
        std::process::id()
    ));
    let write_error = |path: &Path, source| ReleaseError::Write {
        path: path.to_path_buf(),
        source,
    };
    let result = (|| {
        let mut files = 0;
        let mut bytes = 0;
        for top in ["content", "themes"] {
            if top == "themes" && !root.join(top).exists() {
                continue;
            }
            let walk = handbook
                .files_under(top)
                .map_err(|r| ReleaseError::Content(collect(vec![r.diagnostic(top)])))?;
            if !walk.refused.is_empty() {
                return Err(ReleaseError::Content(collect(
                    walk.refused
                        .iter()
                        .map(|(p, r)| {
                            r.diagnostic(&format!("{top}/{}", crate::paths::display_path(p)))
                        })
                        .collect(),
                )));
            }
            for f in &walk.files {
                if top == "themes" && same_as_default_theme(&f.rel, &f.real) {
                    continue;
                }
                let to = partial.join(top).join(&f.rel);
                if let Some(dir) = to.parent() {
                    std::fs::create_dir_all(dir).map_err(|e| write_error(dir, e))?;
                }
                bytes += std::fs::copy(&f.real, &to).map_err(|e| write_error(&to, e))?;
                files += 1;
            }
        }
        let dest = root.join(folder);
        std::fs::rename(&partial, &dest).map_err(|e| write_error(&dest, e))?;
        Ok(Released {
            folder: folder.to_string(),
            files,
            bytes,
        })
    })();
    if result.is_err() {
        let _ = std::fs::remove_dir_all(&partial);
    }
    result
}

/// Whether the theme file at `rel` under `themes/` (`default/static/site.js`)
/// holds exactly the binary's default theme file of the same path: not an
/// override of the handbook's own, so the edition is not frozen with it
/// and is built with the binary's theme, as a handbook without overrides
/// is (the bundled handbook's `themes/default/` is the default theme's
/// source itself).
fn same_as_default_theme(rel: &Path, real: &Path) -> bool {
    let mut parts = rel.components();
    parts.next();
    let inner: Vec<&str> = parts.filter_map(|c| c.as_os_str().to_str()).collect();
    let inner = inner.join("/");
    crate::theme::DEFAULT_THEME
        .iter()
        .find(|(p, _)| *p == inner)
        .is_some_and(|(_, bytes)| std::fs::read(real).is_ok_and(|b| b == *bytes))
}

/// The YAML of one edition in `versions.yaml`.
fn entry_text(label: &str, date: &str, notes: Option<&str>) -> String {
    let quote = |s: &str| serde_json::to_string(s).unwrap_or_else(|_| "\"\"".to_string());
    let mut t = format!("  - version: {}\n    date: {}\n", quote(label), quote(date));
    if let Some(n) = notes.filter(|n| !n.trim().is_empty()) {
        t.push_str(&format!("    notes: {}\n", quote(n)));
    }
    t
}

const REGISTRY_HEADER: &str = "# The released editions of this handbook, written by `clusterbook release`.\n# Each is frozen under versions/<version>/; a released edition never changes.\neditions:\n";

/// Adds the edition to `versions.yaml`: appended to the file as it is, so
/// that comments stay, unless the file's list is not in the block form
/// `release` writes; then the file is written anew from `registry`.
fn add_to_registry(
    root: &Path,
    registry: &Registry,
    label: &str,
    date: &str,
    notes: Option<&str>,
) -> io::Result<()> {
    let path = root.join(REGISTRY_PATH);
    let old = std::fs::read_to_string(&path).unwrap_or_default();
    let entry = entry_text(label, date, notes);
    let mut appended = if old.trim().is_empty() {
        REGISTRY_HEADER.to_string()
    } else {
        old.clone()
    };
    if !appended.ends_with('\n') {
        appended.push('\n');
    }
    appended.push_str(&entry);
    let listed = registry::parse_registry(&appended, |_| true)
        .is_ok_and(|r| r.editions.len() == registry.editions.len() + 1 && r.get(label).is_some());
    let text = if listed {
        appended
    } else {
        let mut t = REGISTRY_HEADER.to_string();
        for e in &registry.editions {
            t.push_str(&entry_text(&e.label, &e.date, e.notes.as_deref()));
        }
        t.push_str(&entry);
        t
    };
    let tmp = path.with_file_name(format!(".versions.yaml.{}", std::process::id()));
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_is_valid_yaml_whatever_the_notes_hold() {
        let text = format!(
            "{REGISTRY_HEADER}{}",
            entry_text(
                "2026.1",
                "2026-12-05",
                Some("Första: \"utgåvan\"\n# inte en kommentar")
            )
        );
        let r = registry::parse_registry(&text, |_| true).unwrap();
        assert_eq!(
            r.editions[0].notes.as_deref(),
            Some("Första: \"utgåvan\"\n# inte en kommentar")
        );
    }
}
