//! `page` of the Atom feed (`feed.xml`): cases and talks of the main
//! language with a date (`updated`, a talk's date, or the last year of a
//! case's period), newest first.
//!
//! In: the resolved site. Out: a [`FeedView`].

use crate::model::{Fields, Kind};
use crate::render::Renderer;
use schemars::JsonSchema;
use serde::Serialize;

/// The template variable `page` of `feed.xml`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FeedView {
    /// The handbook's title.
    pub title: String,
    /// The handbook's description.
    pub subtitle: String,
    /// The base URL, or empty.
    pub base: String,
    /// The feed's id: its URL, or a `urn:clusterbook:` name without a base
    /// URL.
    pub id: String,
    /// The newest entry's time (RFC 3339).
    pub updated: String,
    /// The entries, newest first.
    pub entries: Vec<FeedEntry>,
}

/// An entry of the feed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FeedEntry {
    /// The entry's title.
    pub title: String,
    /// The entry's `summary`.
    pub summary: Option<String>,
    /// Its page's URL (from the site root without a base URL).
    pub link: String,
    /// Its id: the URL, or a `urn:clusterbook:` name.
    pub id: String,
    /// When it was updated (RFC 3339).
    pub updated: String,
    /// The kind's name in the singular.
    pub kind: String,
}

impl Renderer<'_> {
    /// The view of the Atom feed.
    pub(crate) fn feed_view(&self) -> FeedView {
        let base = self.site.config.base_url.clone().unwrap_or_default();
        let mut items: Vec<FeedEntry> = self
            .entries_in(self.main())
            .filter(|(_, e)| matches!(e.entry.kind, Kind::Case | Kind::Talk))
            .filter_map(|(_, r)| {
                let e = &r.entry;
                let date = e.updated.clone().or_else(|| match &e.fields {
                    Fields::Talk(t) => t.date.clone(),
                    Fields::Case(c) => c.period.as_deref().and_then(last_year),
                    _ => None,
                })?;
                let when = atom_date(&date)?;
                let path = r.url.trim_end_matches("index.html");
                let link = if base.is_empty() {
                    r.url.clone()
                } else {
                    format!("{base}{path}")
                };
                let id = if base.is_empty() {
                    format!(
                        "urn:clusterbook:{}",
                        path.trim_end_matches('/').replace('/', ":")
                    )
                } else {
                    link.clone()
                };
                Some(FeedEntry {
                    title: e.title.clone(),
                    summary: e.summary.clone(),
                    link,
                    id,
                    updated: when,
                    kind: self.word(self.main(), e.kind.name()),
                })
            })
            .collect();
        items.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
        let updated = items
            .first()
            .map(|e| e.updated.clone())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        FeedView {
            title: self.site.config.title.main.clone(),
            subtitle: self.site.config.description.main.clone(),
            id: if base.is_empty() {
                "urn:clusterbook:feed".to_string()
            } else {
                format!("{base}feed.xml")
            },
            base,
            updated,
            entries: items,
        }
    }
}

/// The last four-digit year in `s` (`2006–2010` → `2010`).
fn last_year(s: &str) -> Option<String> {
    let digits: Vec<char> = s.chars().collect();
    (0..digits.len().saturating_sub(3))
        .rev()
        .find(|&k| {
            digits[k..k + 4].iter().all(|c| c.is_ascii_digit())
                && (k + 4 == digits.len() || !digits[k + 4].is_ascii_digit())
                && (k == 0 || !digits[k - 1].is_ascii_digit())
        })
        .map(|k| digits[k..k + 4].iter().collect())
}

/// An RFC 3339 time for Atom from `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn atom_date(d: &str) -> Option<String> {
    let parts: Vec<&str> = d.split('-').collect();
    let ok = |p: &str, n: usize| p.len() == n && p.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y] if ok(y, 4) => Some(format!("{y}-01-01T00:00:00Z")),
        [y, m] if ok(y, 4) && ok(m, 2) => Some(format!("{y}-{m}-01T00:00:00Z")),
        [y, m, day] if ok(y, 4) && ok(m, 2) && ok(day, 2) => {
            Some(format!("{y}-{m}-{day}T00:00:00Z"))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn feed_dates_come_from_years_and_days() {
        assert_eq!(last_year("2006–2010").as_deref(), Some("2010"));
        assert_eq!(last_year("våren 2016").as_deref(), Some("2016"));
        assert_eq!(last_year("12345"), None);
        assert_eq!(atom_date("2013").as_deref(), Some("2013-01-01T00:00:00Z"));
        assert_eq!(
            atom_date("2013-10-22").as_deref(),
            Some("2013-10-22T00:00:00Z")
        );
        assert_eq!(atom_date("okänt"), None);
    }
}
