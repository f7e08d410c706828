//! `page` of the home page (`home.html`): the model as a picture, the
//! phases with their counts, the other kinds and the free pages.
//!
//! In: the page's language and path. Out: a [`HomeView`].

use super::link::LinkView;
use crate::model::Kind;
use crate::render::Renderer;
use schemars::JsonSchema;
use serde::Serialize;

/// The template variable `page` of `home.html`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct HomeView {
    /// The handbook's title.
    pub title: String,
    /// The handbook's description.
    pub description: String,
    /// *HTML*, the phase diagram.
    pub model_svg: String,
    /// The phases in model order.
    pub phases: Vec<HomePhase>,
    /// The other kinds (roles, cases, talks, people, terms, resources).
    pub kinds: Vec<HomeKind>,
    /// Links: the free pages.
    pub pages: Vec<LinkView>,
    /// Href of the index of free pages.
    pub pages_href: String,
    /// Href of the page of every phase's key questions.
    pub questions_href: String,
}

/// A phase on the home page: a link with counts of what names it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct HomePhase {
    /// The link to the phase.
    #[serde(flatten)]
    pub link: LinkView,
    /// How many cases name the phase.
    pub cases: usize,
    /// How many talks name the phase.
    pub talks: usize,
    /// How many roles name the phase.
    pub roles: usize,
    /// The phase's `order`.
    pub order: Option<i64>,
}

/// A kind on the home page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct HomeKind {
    /// The kind (`case`).
    pub kind: &'static str,
    /// The kind's name in the plural.
    pub label: String,
    /// A sentence saying what the kind holds (UI word `<kinds>_intro`).
    pub intro: String,
    /// How many entries of the kind the handbook has.
    pub count: usize,
    /// Href of the kind's index.
    pub href: String,
}

impl Renderer<'_> {
    /// The view of the home page of `lang` at `url`.
    pub(crate) fn home_view(&self, lang: &str, url: &str) -> HomeView {
        let phases = self
            .phases
            .iter()
            .map(|&i| {
                let b = &self.site.entries[i].backlinks;
                let count = |k: Kind| {
                    b.named_by
                        .iter()
                        .filter(|&&j| self.site.entries[j].entry.kind == k)
                        .count()
                };
                HomePhase {
                    link: self.link_view(url, lang, i),
                    cases: count(Kind::Case),
                    talks: count(Kind::Talk),
                    roles: count(Kind::Role),
                    order: self.site.entries[i].entry.order(),
                }
            })
            .collect();
        // The phases have their own part of the home page.
        let kinds = Kind::NAVIGATION[1..]
            .iter()
            .map(|k| HomeKind {
                kind: k.name(),
                label: self.word(lang, k.folder()),
                intro: self.word(lang, &format!("{}_intro", k.folder())),
                count: self
                    .entries_in(self.main())
                    .filter(|(_, e)| e.entry.kind == *k)
                    .count(),
                href: self.lang_href(url, lang, &format!("{}/index.html", k.folder())),
            })
            .collect();
        let pages: Vec<usize> = self
            .entries_in(self.main())
            .filter(|(_, e)| e.entry.kind == Kind::Page)
            .map(|(i, _)| i)
            .collect();
        HomeView {
            title: self.site.config.title.get(lang).to_string(),
            description: self.site.config.description.get(lang).to_string(),
            model_svg: self.diagram(url, lang, None),
            phases,
            kinds,
            pages: self.links(url, lang, &pages),
            pages_href: self.lang_href(url, lang, "pages/index.html"),
            questions_href: self.lang_href(url, lang, "questions/index.html"),
        }
    }
}
