//! `site`: what every template gets besides its page — the handbook's
//! name, the hrefs of the theme's files and the site's own pages, the
//! navigation, the phase bar and the page in every language.
//!
//! In: the page's language, path and kind. Out: a [`SiteView`], the same
//! on every page of a language except for the hrefs (relative to the page)
//! and what is marked current.

use super::super::{Job, MAX_PHASE_BAR};
use crate::model::Kind;
use crate::render::Renderer;
use crate::render::links::root_of;
use schemars::JsonSchema;
use serde::Serialize;

/// The template variable `site`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SiteView {
    /// The handbook's `title` from `site.yaml`.
    pub title: String,
    /// The handbook's `description` from `site.yaml`.
    pub description: String,
    /// The page's language (`sv`).
    pub lang: String,
    /// The page's path from the site root (`phases/pilot/index.html`).
    pub url: String,
    /// Relative prefix to the site root (`../../`).
    pub root: String,
    /// Href of the home page in the page's language.
    pub home: String,
    /// Href of the search page in the page's language.
    pub search: String,
    /// Href of the tag index in the page's language.
    pub tags: String,
    /// Href of the print document in the page's language.
    pub print: String,
    /// Href of the Atom feed (`feed.xml`).
    pub feed: String,
    /// Href of the favicon.
    pub favicon: String,
    /// Href of the theme's style sheet.
    pub css: String,
    /// Href of the theme's main script (`defer`).
    pub js: String,
    /// Href of the colour scheme script; it belongs in `<head>` without
    /// `defer`, so the scheme is applied before the first paint.
    pub scheme_js: String,
    /// Href of the search script.
    pub search_js: String,
    /// Href of the script that inflates the compressed search index.
    pub inflate_js: String,
    /// Absolute URL of the page, only with `--base-url` / `base_url` (else
    /// null).
    pub canonical: Option<String>,
    /// `canonical`, or the page's path without `index.html`: the address
    /// shown in print.
    pub address: String,
    /// `article` for entries, `website` for the other pages (Open Graph).
    pub og_type: &'static str,
    /// One link per kind's index (phases, roles, cases, talks, people,
    /// terms, resources).
    pub nav: Vec<NavItem>,
    /// The `menu:` of `site.yaml`.
    pub menu: Vec<MenuItem>,
    /// The phases in model order, for the phase bar and the sidebar (empty
    /// above 12 phases).
    pub phases: Vec<PhaseBarItem>,
    /// The page in each language of the site (the home page where it is not
    /// translated): the language switcher.
    pub languages: Vec<LanguageItem>,
}

/// A kind's index in the navigation.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct NavItem {
    /// The kind's name in the plural (`Faser`).
    pub label: String,
    /// Href of the kind's index.
    pub href: String,
    /// The page is that index or one of its entries or facet pages.
    pub current: bool,
}

/// An entry of `menu:` in `site.yaml`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct MenuItem {
    /// The label as written.
    pub title: String,
    /// Where it leads, relative to the page (or an external URL).
    pub href: String,
}

/// A phase in the phase bar.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PhaseBarItem {
    /// The phase's title in the page's language.
    pub title: String,
    /// Href of the phase's page.
    pub href: String,
    /// The phase's `order`.
    pub order: Option<i64>,
    /// The page is this phase (in any language).
    pub current: bool,
}

/// The page in one language of the site.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LanguageItem {
    /// The language code (`en`).
    pub lang: String,
    /// The language's name in itself (`English`).
    pub name: String,
    /// Href of the page in that language, or of that language's home page.
    pub href: String,
    /// It is the page's own language.
    pub current: bool,
}

impl Renderer<'_> {
    /// The `site` of the page at `url` in `lang`, rendered for `job`.
    pub(crate) fn site_view(&self, lang: &str, url: &str, job: &Job) -> SiteView {
        let root = root_of(url);
        let cfg = &self.site.config;
        let lp = self.lang_prefix(lang);
        let current_kind = match job {
            Job::Entry(i) => Some(self.site.entries[*i].entry.kind),
            Job::KindIndex(k, _) => Some(*k),
            Job::Facet { kind, .. } => Some(*kind),
            _ => None,
        };
        let nav = [
            Kind::Phase,
            Kind::Role,
            Kind::Case,
            Kind::Talk,
            Kind::Person,
            Kind::Term,
            Kind::Resource,
        ]
        .iter()
        .map(|k| NavItem {
            label: self.word(lang, k.folder()),
            href: format!("{root}{lp}{}/index.html", k.folder()),
            current: current_kind == Some(*k),
        })
        .collect();
        let current_entry = match job {
            Job::Entry(i) => Some(self.site.main_version(*i)),
            _ => None,
        };
        let bar: &[usize] = if self.phases.len() <= MAX_PHASE_BAR {
            &self.phases
        } else {
            &[]
        };
        let phases = bar
            .iter()
            .map(|&i| {
                let v = self.site.in_language(i, lang);
                PhaseBarItem {
                    title: self.site.entries[v].entry.title.clone(),
                    href: self.href(url, &self.site.entries[v].url),
                    order: self.site.entries[i].entry.order(),
                    current: current_entry == Some(i),
                }
            })
            .collect();
        let menu = self
            .site
            .menu
            .iter()
            .map(|(title, t)| MenuItem {
                title: title.get(lang).to_string(),
                href: self.target_href(url, lang, t),
            })
            .collect();
        let languages = cfg
            .languages
            .iter()
            .map(|l| {
                let target = match job {
                    Job::Entry(i) => {
                        let j = self.site.in_language(*i, l);
                        (self.site.entries[j].entry.lang == *l)
                            .then(|| self.site.entries[j].url.clone())
                    }
                    _ => None,
                };
                let target = target.unwrap_or_else(|| format!("{}index.html", self.lang_prefix(l)));
                LanguageItem {
                    lang: l.clone(),
                    name: self.word(l, "language_name"),
                    href: self.href(url, &target),
                    current: l == lang,
                }
            })
            .collect();
        let canonical = cfg
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", url.trim_end_matches("index.html")));
        SiteView {
            title: cfg.title.get(lang).to_string(),
            description: cfg.description.get(lang).to_string(),
            lang: lang.to_string(),
            home: format!("{root}{lp}index.html"),
            search: format!("{root}{lp}search/index.html"),
            tags: format!("{root}{lp}tags/index.html"),
            css: format!("{root}theme/style.css"),
            scheme_js: format!("{root}theme/scheme.js"),
            print: format!("{root}{lp}print/index.html"),
            feed: format!("{root}feed.xml"),
            favicon: format!("{root}theme/favicon.svg"),
            address: canonical
                .clone()
                .unwrap_or_else(|| url.trim_end_matches("index.html").to_string()),
            og_type: if matches!(job, Job::Entry(_)) {
                "article"
            } else {
                "website"
            },
            js: format!("{root}theme/site.js"),
            search_js: format!("{root}theme/search.js"),
            inflate_js: format!("{root}theme/inflate.js"),
            nav,
            menu,
            phases,
            languages,
            canonical,
            url: url.to_string(),
            root,
        }
    }
}
