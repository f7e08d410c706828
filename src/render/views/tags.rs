//! `page` of the tag index (`tags.html`) and of one tag's page
//! (`tag.html`).
//!
//! In: the page's language (and tag) and path. Out: a [`TagsView`] or a
//! [`TagView`].

use super::link::{Crumb, KindGroup};
use crate::render::{Renderer, collate};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// The template variable `page` of `tags.html`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TagsView {
    /// The UI word `tags`.
    pub title: String,
    /// From the home page.
    pub breadcrumbs: Vec<Crumb>,
    /// Every tag of the language, sorted.
    pub tags: Vec<TagCount>,
}

/// A tag in the tag index.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TagCount {
    /// The tag as written.
    pub name: String,
    /// How many entries carry it.
    pub count: usize,
    /// Href of the tag's page.
    pub href: String,
}

/// The template variable `page` of `tag.html`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TagView {
    /// The tag as written.
    pub title: String,
    /// From the home page through the tag index.
    pub breadcrumbs: Vec<Crumb>,
    /// The entries carrying the tag, by kind.
    pub groups: Vec<KindGroup>,
}

impl Renderer<'_> {
    /// The view of the tag index of `lang` at `url`.
    pub(crate) fn tags_view(&self, lang: &str, url: &str) -> TagsView {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for (_, e) in self.entries_in(lang) {
            for t in &e.entry.tags {
                *counts.entry(t.value.clone()).or_default() += 1;
            }
        }
        let mut tags: Vec<(String, usize)> = counts.into_iter().collect();
        tags.sort_by_key(|(t, _)| collate(t));
        TagsView {
            title: self.word(lang, "tags"),
            tags: tags
                .into_iter()
                .map(|(t, n)| TagCount {
                    href: format!("{}/index.html", self.value_slug(&t)),
                    name: t,
                    count: n,
                })
                .collect(),
            breadcrumbs: self.crumbs(url, lang, &[]),
        }
    }

    /// The view of the page of `tag` in `lang` at `url`.
    pub(crate) fn tag_view(&self, lang: &str, tag: &str, url: &str) -> TagView {
        let items: Vec<usize> = self
            .entries_in(lang)
            .filter(|(_, e)| e.entry.tags.iter().any(|t| t.value == tag))
            .map(|(i, _)| i)
            .collect();
        let tags_path = format!("{}tags/index.html", self.lang_prefix(lang));
        TagView {
            title: tag.to_string(),
            groups: self.grouped(url, lang, &items),
            breadcrumbs: self.crumbs(url, lang, &[(self.word(lang, "tags"), tags_path)]),
        }
    }
}
