//! `page` of the search page (`search.html`) and of the page for addresses
//! that lead nowhere (`404.html`): a title; both pages' work is done by
//! the theme's templates and scripts.
//!
//! The search page's script reads its words from data attributes of
//! `#search-results`; the header's typeahead reads them from `#typeahead`.

use schemars::JsonSchema;
use serde::Serialize;

/// The template variable `page` of `search.html`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SearchView {
    /// The UI word `search`.
    pub title: String,
}

/// The template variable `page` of `404.html`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NotFoundView {
    /// The UI word `not_found`.
    pub title: String,
}
