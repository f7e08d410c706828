//! The `list` command: every entry of a handbook as a row of plain data.
//!
//! In: a [`ResolvedSite`]. Out: one [`CatalogRow`] per entry and language —
//! kind, id, language, title, source file, page URL and the references it
//! makes — sorted like the site, for people (a table) and tools (JSON).

use crate::resolve::ResolvedSite;
use serde::Serialize;

/// One entry as `list` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CatalogRow {
    /// `phase`, `role`, `case`, …
    pub kind: &'static str,
    /// The id.
    pub id: String,
    /// The language.
    pub lang: String,
    /// The title.
    pub title: String,
    /// The source file, relative to the root.
    pub source: String,
    /// The page, relative to the output root (`cases/processit/index.html`).
    pub url: String,
    /// The references it makes, as `<kind>/<id>` (`phases/pilot`), sorted:
    /// phases, roles, related entries, people and the resources its sources name.
    pub refs: Vec<String>,
}

/// Every entry of `site`, in the site's order.
pub fn catalog(site: &ResolvedSite) -> Vec<CatalogRow> {
    site.entries
        .iter()
        .map(|r| {
            let mut refs: Vec<String> = r
                .phases
                .iter()
                .chain(&r.roles)
                .chain(&r.related)
                .chain(&r.people)
                .chain(r.sources.iter().flatten())
                .map(|&i| {
                    let e = &site.entries[i].entry;
                    format!("{}/{}", e.kind.folder(), e.id)
                })
                .collect();
            refs.sort();
            refs.dedup();
            CatalogRow {
                kind: r.entry.kind.name(),
                id: r.entry.id.clone(),
                lang: r.entry.lang.clone(),
                title: r.entry.title.clone(),
                source: r.entry.source.clone(),
                url: r.url.clone(),
                refs,
            }
        })
        .collect()
}

/// The rows as a table with a header, columns separated by tabs.
pub fn to_table(rows: &[CatalogRow]) -> String {
    let mut out = String::from("kind\tid\tlang\ttitle\tsource\turl\trefs\n");
    for r in rows {
        out.push_str(&format!(
            "{}\t{}\t{}\t{}\t{}\t{}\t{}\n",
            r.kind,
            r.id,
            r.lang,
            r.title,
            r.source,
            r.url,
            r.refs.join(" ")
        ));
    }
    out
}
