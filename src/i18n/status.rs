//! Which translations are missing, and which are stale.
//!
//! A translation records the version of the main-language file it was
//! made from: `translation_of: <hash>` in its front matter, the first 16
//! hex digits of the SHA-256 of that file's text ([`text_hash`]). When the
//! main file changes, the two differ and the translation is stale: `check`
//! warns (`stale-translation`), the page says so, and `translate-status`
//! lists it with the sections (headings) whose text changed, found by
//! diffing the main file's text of then — looked up in the handbook's git
//! history by its hash — with today's.
//!
//! In: a [`ResolvedSite`] (from [`crate::load`]). Out: a [`Status`] per
//! language, warnings, and [`update_translation`], which writes the
//! current hash into one translation's front matter and changes nothing
//! else of the file.

use crate::diagnostics::Diagnostic;
use crate::model::Kind;
use crate::resolve::ResolvedSite;
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

/// The field a translation records its source's version in.
pub const FIELD: &str = "translation_of";

/// The version of a file's text: the first 16 hex digits of the SHA-256
/// of the text with its line ends made `\n` (so that a checkout with other
/// line ends is the same version).
pub fn text_hash(text: &str) -> String {
    let digest = if text.contains('\r') {
        Sha256::digest(text.replace("\r\n", "\n").as_bytes())
    } else {
        Sha256::digest(text.as_bytes())
    };
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// What is left to translate into one language.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LanguageStatus {
    /// The language.
    pub lang: String,
    /// How many translations are current.
    pub current: usize,
    /// Main-language entries with no translation into it.
    pub missing: Vec<Missing>,
    /// Translations whose main file changed since they were made.
    pub stale: Vec<Stale>,
    /// Translations that record no `translation_of`, so that whether they
    /// are current is unknown.
    pub unrecorded: Vec<String>,
}

/// An entry not yet translated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Missing {
    /// Its kind.
    pub kind: Kind,
    /// Its id.
    pub id: String,
    /// Its main-language file.
    pub source: String,
    /// The file a translation goes in.
    pub translation: String,
}

/// A translation whose main file changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stale {
    /// The translation's file.
    pub file: String,
    /// Its main-language file.
    pub source: String,
    /// The version it records.
    pub translation_of: String,
    /// The main file's version now.
    pub current: String,
    /// The headings of the main file whose sections changed (`(front
    /// matter)` for the fields), or `None` when the version translated
    /// cannot be found in the handbook's git history.
    pub changed_sections: Option<Vec<String>>,
}

/// The translation status of every language but the main one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Status {
    /// The main language.
    pub main: String,
    /// One per other language, in the order of `languages:`.
    pub languages: Vec<LanguageStatus>,
}

/// Whether entry `i` is a translation whose main file changed since it was
/// made; then the index of the main-language entry.
pub fn stale_source(site: &ResolvedSite, i: usize) -> Option<usize> {
    let e = &site.entries[i].entry;
    let recorded = e.translation_of.as_ref()?;
    let m = site.main_version(i);
    (m != i && site.entries[m].entry.text_hash != recorded.value).then_some(m)
}

/// A `stale-translation` warning for every stale translation.
pub fn stale_warnings(site: &ResolvedSite) -> Vec<Diagnostic> {
    (0..site.entries.len())
        .filter_map(|i| {
            let m = stale_source(site, i)?;
            let e = &site.entries[i].entry;
            let source = &site.entries[m].entry.source;
            let recorded = e.translation_of.as_ref()?;
            Some(
                Diagnostic::warning(
                    &e.source,
                    recorded.pos,
                    "stale-translation",
                    format!("`{source}` has changed since this translation was made"),
                )
                .with_help(format!(
                    "see what changed with `clusterbook translate-status`, bring the translation up to date, then run `clusterbook translate-status --update {}`",
                    e.source
                )),
            )
        })
        .collect()
}

/// The status of every language of `site`; `root` is the handbook, whose
/// git history gives the changed sections (none when it has none).
pub fn translation_status(site: &ResolvedSite, root: &Path) -> Status {
    let main = site.config.default_language().to_string();
    let languages = site
        .config
        .languages
        .iter()
        .filter(|l| **l != main)
        .map(|lang| {
            let mut s = LanguageStatus {
                lang: lang.clone(),
                current: 0,
                missing: Vec::new(),
                stale: Vec::new(),
                unrecorded: Vec::new(),
            };
            for (i, r) in site.entries.iter().enumerate() {
                let e = &r.entry;
                if e.lang == main && !r.translations.iter().any(|(l, _)| l == lang) {
                    s.missing.push(Missing {
                        kind: e.kind,
                        id: e.id.clone(),
                        source: e.source.clone(),
                        translation: translation_path(&e.source, lang),
                    });
                }
                if e.lang != *lang {
                    continue;
                }
                let m = &site.entries[site.main_version(i)].entry;
                match &e.translation_of {
                    None => s.unrecorded.push(e.source.clone()),
                    Some(t) if t.value == m.text_hash => s.current += 1,
                    Some(t) => s.stale.push(Stale {
                        file: e.source.clone(),
                        source: m.source.clone(),
                        translation_of: t.value.clone(),
                        current: m.text_hash.clone(),
                        changed_sections: changed_sections(root, &m.source, &t.value),
                    }),
                }
            }
            s
        })
        .collect();
    Status { main, languages }
}

/// `content/phases/pilot.md` in language `lang`: `content/phases/pilot.en.md`.
pub fn translation_path(source: &str, lang: &str) -> String {
    format!("{}.{lang}.md", source.trim_end_matches(".md"))
}

/// The headings of `source` whose sections changed since the version
/// `hash`, found in the git history of the handbook at `root`.
fn changed_sections(root: &Path, source: &str, hash: &str) -> Option<Vec<String>> {
    let old = old_text(root, source, hash)?;
    let new = std::fs::read_to_string(root.join(source)).ok()?;
    Some(sections_changed(&old, &new))
}

/// The text `source` had when its hash was `hash`, from git.
fn old_text(root: &Path, source: &str, hash: &str) -> Option<String> {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .arg("-C")
            .arg(root)
            .args(args)
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|o| o.status.success())
            .map(|o| o.stdout)
    };
    let log = git(&["log", "--format=%H", "--", source])?;
    String::from_utf8_lossy(&log).lines().find_map(|commit| {
        let text = git(&["show", &format!("{commit}:./{source}")])?;
        let text = String::from_utf8(text).ok()?;
        (text_hash(&text) == hash).then_some(text)
    })
}

/// The headings (`## Resultat`, as text) of the sections that differ
/// between `old` and `new`, in the order of `new`; changes in the front
/// matter are the section `(front matter)`.
pub fn sections_changed(old: &str, new: &str) -> Vec<String> {
    let (old_sections, new_sections) = (section_of_lines(old), section_of_lines(new));
    let diff = similar::TextDiff::from_lines(old, new);
    let mut changed: Vec<String> = Vec::new();
    let mut add = |s: &String| {
        if !changed.contains(s) {
            changed.push(s.clone());
        }
    };
    for op in diff.ops() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            continue;
        }
        new_range.clone().for_each(|l| add(&new_sections[l]));
        // A deletion is in the section that now stands where it was.
        old_range.for_each(|l| add(&old_sections[l]));
    }
    changed
}

/// For every line of a file, the section it is in: the heading above it,
/// `(front matter)` within the front matter, `(introduction)` before the
/// first heading.
fn section_of_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = "(introduction)".to_string();
    let mut in_front_matter = false;
    let mut in_fence = false;
    for (n, line) in text.split_inclusive('\n').enumerate() {
        let t = line.trim_end();
        if n == 0 && t == "---" {
            in_front_matter = true;
            out.push("(front matter)".to_string());
            continue;
        }
        if in_front_matter {
            out.push("(front matter)".to_string());
            in_front_matter = t != "---";
            continue;
        }
        if t.trim_start().starts_with("```") || t.trim_start().starts_with("~~~") {
            in_fence = !in_fence;
        }
        if !in_fence && t.starts_with('#') {
            let heading = t.trim_start_matches('#');
            if heading.starts_with(' ') || heading.is_empty() {
                current = t.to_string();
            }
        }
        out.push(current.clone());
    }
    out
}

/// Why `--update` did not write a file.
#[derive(Debug, thiserror::Error)]
pub enum UpdateError {
    /// The file is not a translation (`<id>.<lang>.md` of another language).
    #[error(
        "{0} is not a translation: name a file `<id>.<lang>.md` of a language other than the main one"
    )]
    NotATranslation(String),
    /// Its main-language file is not there.
    #[error("{file} is a translation of {source_file}, which cannot be read: {error}")]
    NoSource {
        /// The translation.
        file: String,
        /// Its main file.
        source_file: String,
        /// Why.
        error: std::io::Error,
    },
    /// It has no front matter to write into.
    #[error("{0} has no front matter (`---` lines) to write `translation_of` into")]
    NoFrontMatter(String),
    /// It could not be read or written.
    #[error("cannot update {file}: {error}")]
    Io {
        /// The file.
        file: String,
        /// Why.
        error: std::io::Error,
    },
}

/// Writes the current version of its main-language file into translation
/// `file` (relative to `root`), as `translation_of: <hash>`: the existing
/// line is replaced, or a line is added at the end of the front matter;
/// every other byte of the file stays as it was. Returns the hash, and
/// whether the file changed.
pub fn update_translation(
    root: &Path,
    file: &str,
    languages: &[String],
) -> Result<(String, bool), UpdateError> {
    let name = file.rsplit('/').next().unwrap_or(file);
    let lang = name
        .strip_suffix(".md")
        .and_then(|stem| stem.split_once('.'))
        .map(|(_, l)| l)
        .filter(|l| languages.iter().skip(1).any(|x| x == l))
        .ok_or_else(|| UpdateError::NotATranslation(file.to_string()))?;
    let source_file = format!("{}.md", file.trim_end_matches(&format!(".{lang}.md")));
    let handbook = crate::paths::HandbookRoot::new(root);
    // Only what the handbook may read (see `paths`): nothing through a
    // link out of the root.
    let read = |rel: &str| -> std::io::Result<String> {
        let bytes = handbook.read(rel).map_err(|r| match r {
            crate::paths::Refusal::Io(e) => e,
            r => std::io::Error::other(r.diagnostic(rel).message),
        })?;
        String::from_utf8(bytes).map_err(std::io::Error::other)
    };
    let source = read(&source_file).map_err(|error| UpdateError::NoSource {
        file: file.to_string(),
        source_file: source_file.clone(),
        error,
    })?;
    let hash = text_hash(&source);
    let io = |error| UpdateError::Io {
        file: file.to_string(),
        error,
    };
    let text = read(file).map_err(io)?;
    let updated = with_translation_of(&text, &hash)
        .ok_or_else(|| UpdateError::NoFrontMatter(file.to_string()))?;
    if updated == text {
        return Ok((hash, false));
    }
    std::fs::write(root.join(file), updated).map_err(io)?;
    Ok((hash, true))
}

/// `text` with `translation_of: <hash>` in its front matter, or `None`
/// when it has no front matter.
fn with_translation_of(text: &str, hash: &str) -> Option<String> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next()?;
    if first.trim_end() != "---" {
        return None;
    }
    let eol = if first.ends_with("\r\n") {
        "\r\n"
    } else {
        "\n"
    };
    let mut offset = first.len();
    for line in lines {
        let t = line.trim_end();
        if let Some(rest) = t.strip_prefix(FIELD)
            && rest.trim_start().starts_with(':')
        {
            let end = &line[t.len()..];
            let new_line = format!("{FIELD}: {hash}{end}");
            return Some(format!(
                "{}{new_line}{}",
                &text[..offset],
                &text[offset + line.len()..]
            ));
        }
        if t == "---" {
            return Some(format!(
                "{}{FIELD}: {hash}{eol}{}",
                &text[..offset],
                &text[offset..]
            ));
        }
        offset += line.len();
    }
    None
}

/// The status as a person reads it.
pub fn to_text(status: &Status) -> String {
    let mut out = String::new();
    for l in &status.languages {
        out.push_str(&format!(
            "{}: {} current, {} stale, {} missing{}\n",
            l.lang,
            l.current,
            l.stale.len(),
            l.missing.len(),
            if l.unrecorded.is_empty() {
                String::new()
            } else {
                format!(", {} without `{FIELD}`", l.unrecorded.len())
            }
        ));
        for s in &l.stale {
            out.push_str(&format!(
                "  stale    {} (source {} changed)\n",
                s.file, s.source
            ));
            match &s.changed_sections {
                Some(v) if !v.is_empty() => {
                    for h in v {
                        out.push_str(&format!("             changed: {h}\n"));
                    }
                }
                Some(_) => {}
                None => out.push_str(
                    "             changed sections unknown (the translated version is not in the git history)\n",
                ),
            }
        }
        for m in &l.missing {
            out.push_str(&format!("  missing  {}\n", m.translation));
        }
        for u in &l.unrecorded {
            out.push_str(&format!("  unknown  {u} (no `{FIELD}`)\n"));
        }
        if !l.unrecorded.is_empty() {
            out.push_str(
                "  (`clusterbook translate-status --update FILE…` records that a translation is current)\n",
            );
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hash_ignores_line_ends() {
        assert_eq!(text_hash("a\r\nb\n"), text_hash("a\nb\n"));
        assert_ne!(text_hash("a\nb\n"), text_hash("a\nc\n"));
        assert_eq!(text_hash("x").len(), 16);
    }

    #[test]
    fn update_replaces_only_the_line() {
        let t = "---\ntitle: X   # kept\ntranslation_of: 0000\nsummary: Y\n---\nBody\n";
        assert_eq!(
            with_translation_of(t, "abcd").unwrap(),
            "---\ntitle: X   # kept\ntranslation_of: abcd\nsummary: Y\n---\nBody\n"
        );
        let t = "---\r\ntitle: X\r\n---\r\nBody\r\n";
        assert_eq!(
            with_translation_of(t, "abcd").unwrap(),
            "---\r\ntitle: X\r\ntranslation_of: abcd\r\n---\r\nBody\r\n"
        );
        assert_eq!(with_translation_of("No front matter\n", "abcd"), None);
    }

    #[test]
    fn changed_sections_are_the_headings_above_the_changes() {
        let old = "---\ntitle: P\n---\nIntro\n\n## Aktiviteter\n\nA\n\n## Resultat\n\nR\n";
        let new = "---\ntitle: P\n---\nIntro\n\n## Aktiviteter\n\nA, B\n\n## Resultat\n\nR\n";
        assert_eq!(sections_changed(old, new), vec!["## Aktiviteter"]);
        let new2 = "---\ntitle: Q\n---\nIntro\n\n## Aktiviteter\n\nA\n\n## Resultat\n\nR\n";
        assert_eq!(sections_changed(old, new2), vec!["(front matter)"]);
    }
}
