//! What changed between two editions: entries added, removed and changed,
//! with a word-level diff of each changed entry's text.
//!
//! In: two handbook roots (a snapshot under `versions/<label>/`, or the
//! working content). Out: [`EditionChanges`], plain data that `clusterbook
//! diff` prints and the build renders as an edition's "what changed" page.
//! The diff is the `similar` crate's: lines first, then the words that
//! differ within changed lines.

use crate::diagnostics::Diagnostics;
use crate::paths::HandbookRoot;
use crate::resolve::ResolvedSite;
use crate::{BuildOptions, load};
use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use std::collections::BTreeMap;
use std::path::Path;

/// One entry of an edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EntryRef {
    /// `phase`, `case`, …
    pub kind: &'static str,
    /// Its id.
    pub id: String,
    /// Its language.
    pub lang: String,
    /// Its title in that edition.
    pub title: String,
    /// Its page, relative to the edition's root.
    pub url: String,
    /// Its file, relative to the edition's root.
    pub source: String,
}

/// Whether a line of a diff is shared, removed or added.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum LineTag {
    /// In both editions.
    Same,
    /// Only in the older.
    Removed,
    /// Only in the newer.
    Added,
}

/// A run of text within a line, and whether it is what changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Part {
    /// Part of the change (a word removed or added), not shared context.
    pub changed: bool,
    /// The text.
    pub text: String,
}

/// One line of a changed entry's diff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DiffLine {
    /// Shared, removed or added.
    pub tag: LineTag,
    /// Its line in the older file (from 1), if it is there.
    pub old_line: Option<usize>,
    /// Its line in the newer file (from 1), if it is there.
    pub new_line: Option<usize>,
    /// The line's text (without its line break), word by word.
    pub parts: Vec<Part>,
}

/// An entry whose text differs between the two editions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ChangedEntry {
    /// The entry in the newer edition.
    pub entry: EntryRef,
    /// Its title in the older edition, when that differs.
    pub old_title: Option<String>,
    /// The places that changed, each with two lines of context.
    pub hunks: Vec<Vec<DiffLine>>,
}

/// Everything that differs between two editions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EditionChanges {
    /// The older edition's label.
    pub from: String,
    /// The newer edition's label.
    pub to: String,
    /// Entries only in the newer edition.
    pub added: Vec<EntryRef>,
    /// Entries only in the older edition.
    pub removed: Vec<EntryRef>,
    /// Entries in both, with different text.
    pub changed: Vec<ChangedEntry>,
}

impl EditionChanges {
    /// Whether the two editions hold the same entries with the same text.
    pub fn is_empty(&self) -> bool {
        self.added.is_empty() && self.removed.is_empty() && self.changed.is_empty()
    }
}

/// One edition's entries with their file's text, keyed by kind, id and
/// language.
type Texts = BTreeMap<(usize, String, String), (EntryRef, String)>;

fn entries_of(root: &Path, drafts: bool) -> Result<Texts, Diagnostics> {
    let mut opts = BuildOptions::new(root);
    opts.drafts = drafts;
    opts.search = false;
    let loaded = load(&opts);
    let site: ResolvedSite = match loaded.site {
        Some(s) if loaded.diagnostics.error_count() == 0 => s,
        _ => return Err(loaded.diagnostics),
    };
    let handbook = HandbookRoot::new(root);
    let mut texts = Texts::new();
    for e in &site.entries {
        let entry = &e.entry;
        let text = handbook
            .read(&entry.source)
            .map(|b| String::from_utf8_lossy(&b).into_owned())
            .unwrap_or_default();
        let kind_rank = crate::model::Kind::ALL
            .iter()
            .position(|k| *k == entry.kind)
            .unwrap_or(usize::MAX);
        texts.insert(
            (kind_rank, entry.id.clone(), entry.lang.clone()),
            (
                EntryRef {
                    kind: entry.kind.name(),
                    id: entry.id.clone(),
                    lang: entry.lang.clone(),
                    title: entry.title.clone(),
                    url: e.url.clone(),
                    source: entry.source.clone(),
                },
                text,
            ),
        );
    }
    Ok(texts)
}

/// Compares the handbook at `old_root` (labelled `from`) with the one at
/// `new_root` (labelled `to`). Either failing to load gives its problems.
pub fn compare(
    old_root: &Path,
    from: &str,
    new_root: &Path,
    to: &str,
) -> Result<EditionChanges, Diagnostics> {
    let old = entries_of(old_root, false)?;
    let new = entries_of(new_root, false)?;
    let mut changes = EditionChanges {
        from: from.to_string(),
        to: to.to_string(),
        added: Vec::new(),
        removed: Vec::new(),
        changed: Vec::new(),
    };
    for (key, (entry, text)) in &new {
        match old.get(key) {
            None => changes.added.push(entry.clone()),
            Some((_, old_text)) if old_text == text => {}
            Some((old_entry, old_text)) => changes.changed.push(ChangedEntry {
                entry: entry.clone(),
                old_title: (old_entry.title != entry.title).then(|| old_entry.title.clone()),
                hunks: diff_text(old_text, text),
            }),
        }
    }
    for (key, (entry, _)) in &old {
        if !new.contains_key(key) {
            changes.removed.push(entry.clone());
        }
    }
    Ok(changes)
}

/// The hunks of a line diff of `old` and `new`, each changed line split
/// into the words that changed and those that did not.
pub fn diff_text(old: &str, new: &str) -> Vec<Vec<DiffLine>> {
    let diff = TextDiff::from_lines(old, new);
    diff.grouped_ops(2)
        .iter()
        .map(|group| {
            group
                .iter()
                .flat_map(|op| diff.iter_inline_changes(op))
                .map(|change| DiffLine {
                    tag: match change.tag() {
                        ChangeTag::Equal => LineTag::Same,
                        ChangeTag::Delete => LineTag::Removed,
                        ChangeTag::Insert => LineTag::Added,
                    },
                    old_line: change.old_index().map(|i| i + 1),
                    new_line: change.new_index().map(|i| i + 1),
                    parts: change
                        .iter_strings_lossy()
                        .map(|(changed, text)| Part {
                            changed: changed && change.tag() != ChangeTag::Equal,
                            text: text.trim_end_matches(['\n', '\r']).to_string(),
                        })
                        .filter(|p| !p.text.is_empty())
                        .collect(),
                })
                .collect()
        })
        .collect()
}

/// The changes as a person reads them in a terminal: each entry added,
/// removed or changed, and the changed lines marked `-`/`+` with the
/// changed words shown `[-so-]{+so+}` (or in colour, with `color`).
pub fn format_human(changes: &EditionChanges, color: bool) -> String {
    use std::fmt::Write;
    let (red, green, bold, dim, reset) = if color {
        ("\x1b[31m", "\x1b[32m", "\x1b[1m", "\x1b[2m", "\x1b[0m")
    } else {
        ("", "", "", "", "")
    };
    let mut t = String::new();
    let _ = writeln!(
        t,
        "{bold}What changed from {} to {}{reset}: {} added, {} removed, {} changed",
        changes.from,
        changes.to,
        changes.added.len(),
        changes.removed.len(),
        changes.changed.len()
    );
    let name = |e: &EntryRef| format!("{} `{}` ({}, {})", e.kind, e.title, e.lang, e.source);
    for e in &changes.added {
        let _ = writeln!(t, "{green}added{reset}    {}", name(e));
    }
    for e in &changes.removed {
        let _ = writeln!(t, "{red}removed{reset}  {}", name(e));
    }
    for c in &changes.changed {
        let _ = writeln!(t, "\n{bold}changed{reset}  {}", name(&c.entry));
        if let Some(old) = &c.old_title {
            let _ = writeln!(t, "         (was `{old}`)");
        }
        for hunk in &c.hunks {
            let first = hunk
                .first()
                .and_then(|l| l.new_line.or(l.old_line))
                .unwrap_or(1);
            let _ = writeln!(t, "{dim}@@ line {first}{reset}");
            for line in hunk {
                let (sign, col, open, close) = match line.tag {
                    LineTag::Same => (" ", "", "", ""),
                    LineTag::Removed => ("-", red, "[-", "-]"),
                    LineTag::Added => ("+", green, "{+", "+}"),
                };
                let _ = write!(t, "{col}{sign} ");
                for p in &line.parts {
                    if p.changed && color {
                        let _ = write!(t, "{bold}{}{reset}{col}", p.text);
                    } else if p.changed {
                        let _ = write!(t, "{open}{}{close}", p.text);
                    } else {
                        t.push_str(&p.text);
                    }
                }
                let _ = writeln!(t, "{reset}");
            }
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_changed_word_is_marked_within_its_line() {
        let hunks = diff_text(
            "title: Pilot\n\nEn fas av tre.\n",
            "title: Pilot\n\nEn fas av fyra.\n",
        );
        assert_eq!(hunks.len(), 1);
        let removed = hunks[0].iter().find(|l| l.tag == LineTag::Removed).unwrap();
        let added = hunks[0].iter().find(|l| l.tag == LineTag::Added).unwrap();
        let changed = |l: &DiffLine| -> Vec<String> {
            l.parts
                .iter()
                .filter(|p| p.changed)
                .map(|p| p.text.clone())
                .collect()
        };
        assert_eq!(changed(removed), ["tre."]);
        assert_eq!(changed(added), ["fyra."]);
        assert_eq!((removed.old_line, added.new_line), (Some(3), Some(3)));
    }

    #[test]
    fn the_terminal_form_marks_words_without_colour() {
        let changes = EditionChanges {
            from: "2026.1".into(),
            to: "next".into(),
            added: vec![],
            removed: vec![],
            changed: vec![ChangedEntry {
                entry: EntryRef {
                    kind: "phase",
                    id: "pilot".into(),
                    lang: "sv".into(),
                    title: "Pilot".into(),
                    url: "phases/pilot/index.html".into(),
                    source: "content/phases/pilot.md".into(),
                },
                old_title: None,
                hunks: diff_text("a\nEn fas av tre.\n", "a\nEn fas av fyra.\n"),
            }],
        };
        let t = format_human(&changes, false);
        assert!(t.contains("- En fas av [-tre.-]"), "{t}");
        assert!(t.contains("+ En fas av {+fyra.+}"), "{t}");
        assert!(t.starts_with("What changed from 2026.1 to next: 0 added, 0 removed, 1 changed"));
    }
}
