//! The fields a translation shares with its main-language file.
//!
//! Fields that do not depend on the language — a phase's `order`, the
//! `phases`, `roles`, `people` and `related` an entry names, a case's
//! `country` and `period`, a talk's `date`, a resource's `url` and `year`,
//! … — are written once, in the main-language file. A
//! translation that leaves one out takes it from there; one that gives a
//! different value is an error at the translation's line, naming the main
//! file's.
//!
//! In: the entries of a handbook, translations with their main file. Out:
//! the same entries with the fields filled in, and the contradictions.
//! Runs in [`crate::resolve`] before references are resolved, so that an
//! inherited `phases:` links like a written one.

use crate::diagnostics::{Diagnostic, Pos};
use crate::model::{Entry, Fields, Kind, Located};
use std::collections::HashMap;

/// One field that does not depend on the language.
struct Field {
    /// Its name in the front matter.
    name: &'static str,
    /// Its value as the front matter would show it, or `None` when unset.
    value: fn(&Entry) -> Option<String>,
    /// Sets it on the first entry from the second.
    copy: fn(&mut Entry, &Entry),
}

fn refs(v: &[Located<String>]) -> Option<String> {
    (!v.is_empty()).then(|| {
        let ids: Vec<&str> = v.iter().map(|r| r.value.as_str()).collect();
        format!("[{}]", ids.join(", "))
    })
}

fn words(v: &[String]) -> Option<String> {
    (!v.is_empty()).then(|| format!("[{}]", v.join(", ")))
}

fn text(v: &Option<String>) -> Option<String> {
    v.clone()
}

fn number(v: &Option<i64>) -> Option<String> {
    v.map(|n| n.to_string())
}

fn order(v: &Located<i64>) -> Option<String> {
    Some(v.value.to_string())
}

macro_rules! field {
    ($name:literal, $variant:ident . $f:ident, $show:ident) => {
        Field {
            name: $name,
            value: |e| match &e.fields {
                Fields::$variant(x) => $show(&x.$f),
                _ => None,
            },
            copy: |to, from| {
                if let (Fields::$variant(t), Fields::$variant(f)) = (&mut to.fields, &from.fields) {
                    t.$f = f.$f.clone();
                }
            },
        }
    };
}

const RELATED: Field = Field {
    name: "related",
    value: |e| refs(&e.related),
    copy: |to, from| to.related = from.related.clone(),
};

/// The language-independent fields of `kind`. A `region` is not one: it
/// is a name, written in the reader's language (`Bukarest`, `Bucharest`).
fn shared_fields(kind: Kind) -> Vec<Field> {
    let mut v = vec![RELATED];
    v.extend(match kind {
        Kind::Phase => vec![field!("order", Phase.order, order)],
        Kind::Role => vec![field!("phases", Role.phases, refs)],
        Kind::Case => vec![
            field!("country", Case.country, text),
            field!("period", Case.period, text),
            field!("phases", Case.phases, refs),
            field!("roles", Case.roles, refs),
            field!("people", Case.people, refs),
        ],
        Kind::Talk => vec![
            field!("date", Talk.date, text),
            field!("phases", Talk.phases, refs),
            field!("roles", Talk.roles, refs),
            field!("video", Talk.video, text),
            field!("slides", Talk.slides, text),
        ],
        Kind::Resource => vec![
            field!("url", Resource.url, text),
            field!("year", Resource.year, number),
            field!("phases", Resource.phases, refs),
            field!("people", Resource.people, refs),
        ],
        Kind::Person => vec![
            field!("country", Person.country, text),
            field!("organisation", Person.organisation, text),
            field!("roles", Person.roles, words),
            field!("url", Person.url, text),
        ],
        Kind::Page => vec![field!("order", Page.order, number)],
        Kind::Term => Vec::new(),
    });
    v
}

/// The names of the language-independent fields of `kind`, for the
/// documentation and `new --lang`.
pub fn shared_field_names(kind: Kind) -> Vec<&'static str> {
    shared_fields(kind).iter().map(|f| f.name).collect()
}

fn key_pos(e: &Entry, name: &str) -> Option<Pos> {
    e.keys.iter().find(|(k, _)| k == name).map(|(_, p)| *p)
}

/// Fills in what each translation among `entries` left out from its
/// main-language entry (language `main`), and reports what it
/// contradicts. Entries without a main-language entry are left alone.
pub fn inherit_fields<'e>(
    entries: impl Iterator<Item = &'e mut Entry>,
    main: &str,
) -> Vec<Diagnostic> {
    let mut entries: Vec<&mut Entry> = entries.collect();
    let mains: HashMap<(Kind, String), Entry> = entries
        .iter()
        .filter(|e| e.lang == main)
        .map(|e| ((e.kind, e.id.clone()), (**e).clone()))
        .collect();
    let mut problems = Vec::new();
    for t in entries.iter_mut().filter(|e| e.lang != main) {
        let Some(m) = mains.get(&(t.kind, t.id.clone())) else {
            continue;
        };
        for f in shared_fields(t.kind) {
            let Some(pos) = key_pos(t, f.name) else {
                (f.copy)(t, m);
                t.inherited.push(f.name);
                continue;
            };
            let (theirs, ours) = ((f.value)(t), (f.value)(m));
            if theirs == ours {
                continue;
            }
            let shown = |v: &Option<String>| match v {
                Some(v) => format!("`{}: {v}`", f.name),
                None => "nothing".to_string(),
            };
            let help = match key_pos(m, f.name) {
                Some(p) => format!(
                    "`{}` does not depend on the language: it is taken from `{}:{}:{}`; remove the line here, or change it there",
                    f.name, m.source, p.line, p.column
                ),
                None => format!(
                    "`{}` does not depend on the language: write it in `{}` (which has none) and remove it here",
                    f.name, m.source
                ),
            };
            problems.push(
                Diagnostic::error(
                    &t.source,
                    pos,
                    "translation-contradicts",
                    format!(
                        "{} contradicts the main-language file `{}`, which says {}",
                        shown(&theirs),
                        m.source,
                        shown(&ours)
                    ),
                )
                .with_help(help)
                .with_width(f.name.chars().count()),
            );
        }
    }
    problems
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceFile;

    fn entry(path: &str, text: &str) -> Entry {
        let config = crate::config::parse_config("title: T\nlanguages: [sv, en]\n").unwrap();
        let name = path.rsplit('/').next().unwrap().trim_end_matches(".md");
        let (id, lang) = match name.split_once('.') {
            Some((id, l)) => (id.to_string(), Some(l.to_string())),
            None => (name.to_string(), None),
        };
        let file = SourceFile {
            path: path.to_string(),
            kind: Kind::Phase,
            id,
            lang,
            text: text.to_string(),
        };
        let (e, problems) = crate::model::parse_entry(&file, &config);
        assert!(problems.is_empty(), "{problems:?}");
        e.unwrap()
    }

    #[test]
    fn a_translation_takes_what_it_leaves_out() {
        let mut v = [
            entry(
                "content/phases/pilot.md",
                "---\ntitle: Pilot\nsummary: S\norder: 2\n---\n",
            ),
            entry(
                "content/phases/pilot.en.md",
                "---\ntitle: Pilot\nsummary: S\n---\n",
            ),
        ];
        let problems = inherit_fields(v.iter_mut(), "sv");
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(v[1].order(), Some(2));
        assert_eq!(v[1].inherited, vec!["related", "order"]);
    }

    #[test]
    fn a_contradiction_names_both_files() {
        let mut v = [
            entry(
                "content/phases/pilot.md",
                "---\ntitle: Pilot\nsummary: S\norder: 2\n---\n",
            ),
            entry(
                "content/phases/pilot.en.md",
                "---\ntitle: Pilot\nsummary: S\norder: 3\n---\n",
            ),
        ];
        let problems = inherit_fields(v.iter_mut(), "sv");
        assert_eq!(problems.len(), 1);
        let d = &problems[0];
        assert_eq!(
            (d.file.as_str(), d.line, d.column),
            ("content/phases/pilot.en.md", 4, 1)
        );
        assert_eq!(d.code, "translation-contradicts");
        assert!(
            d.message.contains("`order: 3`") && d.message.contains("`order: 2`"),
            "{}",
            d.message
        );
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .contains("content/phases/pilot.md:4:1"),
            "{:?}",
            d.help
        );
    }
}
