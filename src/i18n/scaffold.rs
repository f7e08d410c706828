//! `clusterbook new --lang <lang> <kind> <id>`: a translation started from
//! its main-language file.
//!
//! In: the handbook root, the entry and the language. Out: the file
//! `content/<kind>s/<id>.<lang>.md`, written only if it does not exist,
//! with the source's fields that depend on the language (its text, to be
//! translated in place), `translation_of:` filled in, and the source's
//! headings, each over a placeholder paragraph (a `placeholder` warning
//! until it is written). The fields that do not depend on the language are
//! left out: the translation takes them from its source (see
//! [`crate::i18n::inherit`]).

use super::inherit::shared_field_names;
use super::status::{FIELD, text_hash, translation_path};
use crate::frontmatter::{FrontMatter, split};
use crate::model::Kind;
use crate::scaffold::{BODY, ScaffoldError, write_new};
use std::path::Path;

/// Writes the translation of `kind/id` into `lang` under `root` (whose
/// languages are `languages`, the main one first), returning its path
/// relative to the root.
pub fn new_translation(
    root: &Path,
    kind: Kind,
    id: &str,
    lang: &str,
    languages: &[String],
) -> Result<String, ScaffoldError> {
    if !languages.iter().skip(1).any(|l| l == lang) {
        return Err(ScaffoldError::NotATranslationLanguage(
            lang.to_string(),
            languages
                .iter()
                .skip(1)
                .cloned()
                .collect::<Vec<_>>()
                .join(", "),
        ));
    }
    if !crate::source::is_valid_id(id) {
        return Err(ScaffoldError::BadId(id.to_string()));
    }
    let source = format!("content/{}/{id}.md", kind.folder());
    let text = crate::paths::HandbookRoot::new(root)
        .read(&source)
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
        .ok_or_else(|| ScaffoldError::NoSource(source.clone()))?;
    let rel = translation_path(&source, lang);
    write_new(root, &rel, kind, &translation_text(kind, &source, &text))?;
    Ok(rel)
}

/// The text of a new translation of `source` (of `kind`), whose text is
/// `text`.
fn translation_text(kind: Kind, source: &str, text: &str) -> String {
    let shared = shared_field_names(kind);
    let mut out = String::from("---\n");
    out.push_str(&format!(
        "# Translated from {source}; translate the texts below. {} come from there.\n",
        shared.join(", ")
    ));
    let (yaml, body) = match split(source, text) {
        Ok(s) => (s.yaml, s.body),
        Err(_) => ("", text),
    };
    // Each top-level field is its line and the indented lines after it.
    let lines: Vec<&str> = yaml.split_inclusive('\n').collect();
    let starts: Vec<(usize, String)> = FrontMatter::parse(source, yaml, 1)
        .map(|fm| fm.keys())
        .unwrap_or_default()
        .into_iter()
        .map(|(k, p)| (p.line - 1, k))
        .collect();
    for (n, (start, key)) in starts.iter().enumerate() {
        let end = starts.get(n + 1).map_or(lines.len(), |(s, _)| *s);
        if shared.contains(&key.as_str()) || key == FIELD || key == "draft" {
            continue;
        }
        for line in &lines[*start..end.min(lines.len())] {
            out.push_str(line);
            if !line.ends_with('\n') {
                out.push('\n');
            }
        }
    }
    out.push_str(&format!("{FIELD}: {}\n---\n", text_hash(text)));
    let mut in_fence = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
        }
        let level = line.len() - line.trim_start_matches('#').len();
        if !in_fence && level > 0 && line[level..].starts_with(' ') {
            out.push_str(&format!("\n{line}\n\n{BODY}.\n"));
        }
    }
    if !out.ends_with(".\n") {
        out.push_str(&format!("\n{BODY}.\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_texts_and_headings_and_leaves_out_shared_fields() {
        let src = "---\ntitle: Pilot\nsummary: \"Kort.\"\norder: 2\nactivities:\n  - Gör A\n  - Gör B\nrelated: [cases/x]\n---\n\nText.\n\n## Aktiviteter\n\nMer.\n\n```\n# not a heading\n```\n\n### Detalj\n";
        let t = translation_text(Kind::Phase, "content/phases/pilot.md", src);
        assert!(
            t.contains("title: Pilot\nsummary: \"Kort.\"\nactivities:\n  - Gör A\n  - Gör B\n"),
            "{t}"
        );
        assert!(!t.contains("order: 2") && !t.contains("related:"), "{t}");
        assert!(
            t.contains(&format!("translation_of: {}\n---\n", text_hash(src))),
            "{t}"
        );
        assert!(
            t.contains("\n## Aktiviteter\n\nSkriv här.") && t.contains("\n### Detalj\n"),
            "{t}"
        );
        assert!(!t.contains("# not a heading"), "{t}");
    }
}
