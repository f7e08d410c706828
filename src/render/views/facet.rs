//! `page` of a facet value's page (`facet.html`): the cases of a country
//! or region, the people of a region, organisation or country.
//!
//! In: the kind, the facet and its value, the page's language and path.
//! Out: a [`FacetView`].

use super::link::{Crumb, LinkView};
use crate::model::Kind;
use crate::render::Renderer;
use schemars::JsonSchema;
use serde::Serialize;

/// The template variable `page` of `facet.html`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FacetView {
    /// The value as shown (a country by name).
    pub title: String,
    /// `country`, `region` or `organisation`.
    pub facet: String,
    /// The facet's name in the page's language.
    pub facet_label: String,
    /// From the home page through the kind's index.
    pub breadcrumbs: Vec<Crumb>,
    /// Links: the entries with the value.
    pub items: Vec<LinkView>,
    /// Href of the kind's index (cases, or people by organisation).
    pub index_href: String,
    /// The link text for it (UI word `all_<kinds>`).
    pub index_label: String,
}

impl Renderer<'_> {
    /// The view of the page of `value` of `facet` of `kind` in `lang` at
    /// `url`.
    pub(crate) fn facet_view(
        &self,
        lang: &str,
        kind: Kind,
        facet: &str,
        value: &str,
        url: &str,
    ) -> FacetView {
        let items = self.entries_with(kind, lang, facet, value);
        let index_path = format!("{}{}/index.html", self.lang_prefix(lang), kind.folder());
        FacetView {
            breadcrumbs: self.crumbs(
                url,
                lang,
                &[(self.word(lang, kind.folder()), index_path.clone())],
            ),
            title: if facet == "country" {
                self.country_name(lang, value)
            } else {
                value.to_string()
            },
            facet: facet.to_string(),
            facet_label: self.word(lang, facet),
            items: self.links(url, lang, &items),
            index_href: self.href(url, &index_path),
            index_label: self.word(lang, &format!("all_{}", kind.folder())),
        }
    }
}
