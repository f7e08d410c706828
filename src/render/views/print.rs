//! `page` of the print document (`print.html`, `print/index.html`): the
//! whole handbook of a language as one document in reading order — phases
//! in model order, then roles, cases, talks, people, terms, resources and
//! pages — with a table of contents.
//!
//! In: the page's language and path. Out: a [`PrintView`]. Every entry
//! gets an anchor (`phase-pilot`) and its headings' ids that anchor as a
//! prefix (`phase-pilot--resultat`), so ids stay unique and links between
//! entries jump within the document.

use super::entry::passage_lang;
use super::link::{Card, Crumb};
use crate::markdown;
use crate::model::{Fields, Kind};
use crate::render::Renderer;
use crate::resolve::{ResolvedMarkdown, Target};
use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The template variable `page` of `print.html`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrintView {
    /// The UI word `print_title`.
    pub title: String,
    /// From the home page.
    pub breadcrumbs: Vec<Crumb>,
    /// One group per kind, in reading order.
    pub groups: Vec<PrintGroup>,
}

/// The entries of one kind in the print document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrintGroup {
    /// The kind (`phase`).
    pub kind: &'static str,
    /// The kind's name in the plural.
    pub label: String,
    /// The group's anchor (`kind-phase`).
    pub anchor: String,
    /// The entries, sorted.
    pub entries: Vec<PrintEntry>,
}

/// An entry in the print document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrintEntry {
    /// The entry's anchor (`phase-pilot`).
    pub anchor: String,
    /// The entry's kind.
    pub kind: &'static str,
    /// The kind's name in the singular.
    pub kind_label: String,
    /// The entry's title.
    pub title: String,
    /// The entry's `summary`.
    pub summary: Option<String>,
    /// The facts of a case's or talk's card; null for other kinds.
    pub card: Option<Card>,
    /// A term's definition.
    pub definition: Option<String>,
    /// The front matter lists that have lines.
    pub lines: Vec<PrintLines>,
    /// *HTML* of the body: ids start with the entry's anchor
    /// (`phase-pilot--resultat`), links to entries of the document are
    /// `#anchor` fragments, headings two levels down.
    pub body: String,
}

/// A front matter list of an entry in the print document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrintLines {
    /// The field's name (`activities`).
    pub name: &'static str,
    /// Its heading (the UI word of the same name).
    pub title: String,
    /// The lines.
    pub items: Vec<super::entry::LineView>,
}

impl PrintView {
    /// The bytes of HTML the view holds (entries' bodies and lines).
    pub(crate) fn html_len(&self) -> usize {
        self.groups
            .iter()
            .flat_map(|g| &g.entries)
            .map(|e| {
                e.body.len()
                    + e.lines
                        .iter()
                        .flat_map(|l| &l.items)
                        .map(|i| i.html.len())
                        .sum::<usize>()
            })
            .sum()
    }

    /// The view as the template sees it, with each entry's body moved in,
    /// not copied (`serde_json::to_value` would copy the 80 MB of HTML the
    /// view holds at 10,000 pages).
    pub(crate) fn into_value(mut self) -> serde_json::Value {
        let bodies: Vec<Vec<String>> = self
            .groups
            .iter_mut()
            .map(|g| {
                g.entries
                    .iter_mut()
                    .map(|e| std::mem::take(&mut e.body))
                    .collect()
            })
            .collect();
        let mut value = serde_json::to_value(&self).expect("views serialise");
        drop(self);
        if let Some(groups) = value["groups"].as_array_mut() {
            for (group, bodies) in groups.iter_mut().zip(bodies) {
                if let Some(entries) = group["entries"].as_array_mut() {
                    for (entry, body) in entries.iter_mut().zip(bodies) {
                        entry["body"] = serde_json::Value::String(body);
                    }
                }
            }
        }
        value
    }
}

/// What links to entries in the print document start with until
/// [`prefix_ids`] has given the entry's own ids their prefix.
const PRINT_LINK: &str = "cb-print:";

impl Renderer<'_> {
    /// The view of the print document of `lang` at `url`.
    pub(crate) fn print_view(&self, lang: &str, url: &str) -> PrintView {
        let mut order: Vec<usize> = self.entries_in(lang).map(|(i, _)| i).collect();
        order.sort_by(|&a, &b| {
            let (ea, eb) = (&self.site.entries[a].entry, &self.site.entries[b].entry);
            (ea.kind, &self.sort_keys[a]).cmp(&(eb.kind, &self.sort_keys[b]))
        });
        let in_doc: BTreeMap<usize, String> = order
            .iter()
            .map(|&i| (i, print_anchor(&self.site.entries[i].entry)))
            .collect();
        // Each entry's HTML is its own: made in parallel (the document
        // holds every entry of the language, 80 MB at 10,000 pages).
        let mut entries: BTreeMap<usize, PrintEntry> = order
            .par_iter()
            .map(|&i| {
                let r = &self.site.entries[i];
                let e = &r.entry;
                let own = &in_doc[&i];
                let dests = |md: &ResolvedMarkdown| -> Vec<String> {
                    md.targets
                        .iter()
                        .map(|t| self.print_dest(url, lang, t, own, &in_doc))
                        .collect()
                };
                let body = if self.markdown {
                    demote_headings(&prefix_ids(
                        &markdown::to_html(&r.body.doc, &dests(&r.body), None),
                        own,
                    ))
                } else {
                    String::new()
                };
                let lines = r
                    .lines
                    .iter()
                    .filter(|(_, docs)| !docs.is_empty())
                    .map(|(name, docs)| PrintLines {
                        name,
                        title: self.word(lang, name),
                        items: docs
                            .iter()
                            .map(|d| super::entry::LineView {
                                html: if self.markdown {
                                    prefix_ids(&markdown::to_inline_html(&d.doc, &dests(d)), own)
                                } else {
                                    String::new()
                                },
                                lang: passage_lang(&d.doc.text, lang),
                            })
                            .collect(),
                    })
                    .collect();
                let v = PrintEntry {
                    anchor: own.clone(),
                    kind: e.kind.name(),
                    kind_label: self.word(lang, e.kind.name()),
                    title: e.title.clone(),
                    summary: e.summary.clone(),
                    card: self.card(lang, i),
                    definition: match &e.fields {
                        Fields::Term(t) => Some(t.definition.clone()),
                        _ => None,
                    },
                    lines,
                    body,
                };
                (i, v)
            })
            .collect::<Vec<_>>()
            .into_iter()
            .collect();
        let mut groups = Vec::new();
        for k in Kind::ALL {
            let items: Vec<PrintEntry> = order
                .iter()
                .filter(|&&i| self.site.entries[i].entry.kind == k)
                .filter_map(|i| entries.remove(i))
                .collect();
            if !items.is_empty() {
                groups.push(PrintGroup {
                    kind: k.name(),
                    label: self.word(lang, k.folder()),
                    anchor: format!("kind-{}", k.name()),
                    entries: items,
                });
            }
        }
        PrintView {
            title: self.word(lang, "print_title"),
            breadcrumbs: self.crumbs(url, lang, &[]),
            groups,
        }
    }

    /// Where a link of an entry in the print document leads: an entry in
    /// the document (and its headings) by anchor, anything else as on the
    /// entry's own page.
    fn print_dest(
        &self,
        from: &str,
        lang: &str,
        t: &Target,
        own: &str,
        in_doc: &BTreeMap<usize, String>,
    ) -> String {
        match t {
            Target::Entry(i, frag) => match in_doc.get(i) {
                Some(a) => match frag {
                    Some(f) => format!("{PRINT_LINK}{a}--{f}"),
                    None => format!("{PRINT_LINK}{a}"),
                },
                None => self.target_href(from, lang, t),
            },
            Target::Fragment(f) => format!("{PRINT_LINK}{own}--{f}"),
            _ => self.target_href(from, lang, t),
        }
    }
}

/// The anchor of an entry in the print document.
fn print_anchor(e: &crate::model::Entry) -> String {
    format!("{}-{}", e.kind.name(), e.id)
}

/// What [`prefix_ids`] replaces, in one pass.
static PREFIXED: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let patterns = [
        " id=\"".to_string(),
        "href=\"#".to_string(),
        format!("href=\"{PRINT_LINK}"),
    ];
    AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(patterns)
        .expect("fixed patterns")
});

/// An entry's HTML for the print document: its ids and same-page links
/// prefixed with the entry's anchor, and links to other entries of the
/// document (written with [`PRINT_LINK`]) turned into fragments.
fn prefix_ids(html: &str, anchor: &str) -> String {
    PREFIXED.replace_all(
        html,
        &[
            format!(" id=\"{anchor}--"),
            format!("href=\"#{anchor}--"),
            "href=\"#".to_string(),
        ],
    )
}

/// The heading tags [`demote_headings`] replaces, and what by: `h1` to
/// `h3`, `h2` to `h4`, and so on, `h4` and below to `h6`.
static DEMOTED: LazyLock<(AhoCorasick, Vec<String>)> = LazyLock::new(|| {
    let mut from = Vec::new();
    let mut to = Vec::new();
    for level in 1..=5 {
        let demoted = (level + 2).min(6);
        from.push(format!("<h{level}"));
        to.push(format!("<h{demoted}"));
        from.push(format!("</h{level}>"));
        to.push(format!("</h{demoted}>"));
    }
    let automaton = AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(from)
        .expect("fixed patterns");
    (automaton, to)
});

/// Body headings of an entry in the print document, two levels down:
/// the document is `h1`, a kind `h2`, an entry `h3`. One pass over the
/// HTML (ten `str::replace` passes were 7% of `check` at 10,000 pages).
fn demote_headings(html: &str) -> String {
    let (automaton, to) = &*DEMOTED;
    automaton.replace_all(html, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_ids_are_prefixed_and_entry_links_jump_within() {
        let html = r##"<h2 id="mal">Mål</h2><a href="#mal">x</a><a href="cb-print:case-a--b">y</a><a href="../x/index.html">z</a>"##;
        assert_eq!(
            prefix_ids(html, "phase-p"),
            r##"<h2 id="phase-p--mal">Mål</h2><a href="#phase-p--mal">x</a><a href="#case-a--b">y</a><a href="../x/index.html">z</a>"##
        );
    }

    #[test]
    fn print_headings_go_two_levels_down() {
        let html = "<h1 id=\"a\">A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6><hr>";
        assert_eq!(
            demote_headings(html),
            "<h3 id=\"a\">A</h3><h4>B</h4><h5>C</h5><h6>D</h6><h6>E</h6><h6>F</h6><hr>"
        );
    }
}
