//! The data each template gets: one typed view per page kind, so a theme
//! author can read what is there (this module's documentation is the
//! reference, and `docs/theme.md` is checked against it) and the compiler
//! catches a renamed field.
//!
//! Every template gets three variables: `t` (the UI words of the page's
//! language), `site` ([`SiteView`], the same on every page of a language)
//! and `page` (one of the views below, by template). Hrefs are always
//! relative to the page being written. Each view is built by a method of
//! [`Renderer`](super::Renderer) in the view's own module.

pub mod edition;
pub mod entry;
pub mod facet;
pub mod feed;
pub mod home;
pub mod kind_index;
pub mod link;
pub mod print;
pub mod questions;
#[cfg(test)]
mod reference;
pub mod search;
pub mod site;
pub mod sitemap;
pub mod tags;

pub use edition::{ChangesView, EditionView};
pub use entry::EntryView;
pub use facet::FacetView;
pub use feed::FeedView;
pub use home::HomeView;
pub use kind_index::KindIndexView;
pub use link::LinkView;
pub use print::PrintView;
pub use questions::QuestionsView;
pub use search::{NotFoundView, SearchView};
pub use site::SiteView;
pub use sitemap::{RobotsView, SitemapView};
pub use tags::{TagView, TagsView};

use serde::Serialize;

/// The template variable `page`: the view of one page, by page kind.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum PageView {
    /// `home.html`.
    Home(HomeView),
    /// The templates of entries (`phase.html`, `case.html` …).
    Entry(Box<EntryView>),
    /// `kind_index.html`.
    KindIndex(KindIndexView),
    /// `tags.html`.
    Tags(TagsView),
    /// `tag.html`.
    Tag(TagView),
    /// `facet.html`.
    Facet(FacetView),
    /// `questions.html`.
    Questions(QuestionsView),
    /// `search.html`.
    Search(SearchView),
    /// `404.html`.
    NotFound(NotFoundView),
    /// `print.html`.
    Print(PrintView),
    /// `sitemap.xml`.
    Sitemap(SitemapView),
    /// `robots.txt`.
    Robots(RobotsView),
    /// `feed.xml`.
    Feed(FeedView),
    /// `changes.html`.
    Changes(ChangesView),
}
