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
    /// The page's URL with the base URL (in a site with editions, under its
    /// edition's folder), or its path without `index.html`: the address
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
    /// The page in each language of the site (the nearest page that is
    /// translated where it is not): the language switcher.
    pub languages: Vec<LanguageItem>,
    /// The edition of the page, the switcher and the banner; null in a
    /// site without released editions.
    pub edition: Option<super::EditionView>,
    /// The page in each language it exists in, for `<link rel="alternate"
    /// hreflang>` (empty on the files made once: sitemap, feed, 404).
    pub alternates: Vec<Alternate>,
    /// Each language's name as the page's language writes it (`{"sv":
    /// "Swedish"}`), for marking what is in another language.
    pub language_names: std::collections::BTreeMap<String, String>,
    /// Href of the page in the main language, for `hreflang="x-default"`;
    /// null when the page is in one language only.
    pub x_default: Option<String>,
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
    /// Href of the page in that language; where it is not translated, of
    /// the nearest page that is (the kind's index, else the home page),
    /// with `?from=untranslated` for that page to say so.
    pub href: String,
    /// It is the page's own language.
    pub current: bool,
    /// `href` leads to this page in that language (not to a page near it).
    pub translated: bool,
}

/// One `<link rel="alternate" hreflang>` of a page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Alternate {
    /// The language code (`en`).
    pub lang: String,
    /// Href of the page in that language.
    pub href: String,
}

impl Renderer<'_> {
    /// The `site` of the page at `url` in `lang`, rendered for `job`.
    /// The path of the page of `job` in language `l`, or `None` when it is
    /// not there (an entry not translated; a tag or facet value without
    /// one counterpart in `l`; the files made once).
    fn same_page_in(&self, job: &Job, l: &str) -> Option<String> {
        let same = match job {
            Job::Entry(i) => {
                let j = self.site.in_language(*i, l);
                let e = &self.site.entries[j];
                return (e.entry.lang == l).then(|| e.url.clone());
            }
            // The value in `l` is what the translations of the entries with
            // this value have (a country's code stays, `Kalmarregionen`
            // becomes `Kalmar Region`); the page is there when exactly one
            // value is, and an entry of `l` has it.
            Job::Facet {
                lang: from,
                kind,
                facet,
                value,
            } => {
                let (src, dst) = (self.facet_lang(*kind, from), self.facet_lang(*kind, l));
                fn value_of<'e>(
                    e: &'e crate::model::Entry,
                    kind: Kind,
                    facet: &str,
                ) -> Option<&'e str> {
                    (e.kind == kind)
                        .then(|| crate::render::facet_value(e, facet))
                        .flatten()
                }
                let of = |e| value_of(e, *kind, facet);
                let to = if src == dst {
                    value.clone()
                } else {
                    let found: std::collections::BTreeSet<&str> = self
                        .entries_in(src)
                        .filter(|(_, e)| of(&e.entry) == Some(value.as_str()))
                        .filter_map(|(i, _)| {
                            let t = &self.site.entries[self.site.in_language(i, dst)].entry;
                            (t.lang == dst).then(|| of(t)).flatten()
                        })
                        .collect();
                    one(found)?.to_string()
                };
                if !self
                    .entries_in(dst)
                    .any(|(_, e)| of(&e.entry) == Some(to.as_str()))
                {
                    return None;
                }
                Job::Facet {
                    lang: l.to_string(),
                    kind: *kind,
                    facet,
                    value: to,
                }
            }
            // A tag in `l` is the one its entries' translations have in the
            // same place of their lists (of the same length).
            Job::Tag(from, tag) => {
                let found: std::collections::BTreeSet<&str> = self
                    .entries_in(from)
                    .filter_map(|(i, e)| {
                        let k = e.entry.tags.iter().position(|t| t.value == *tag)?;
                        let t = &self.site.entries[self.site.in_language(i, l)].entry;
                        (t.lang == l && t.tags.len() == e.entry.tags.len())
                            .then(|| t.tags[k].value.as_str())
                    })
                    .collect();
                Job::Tag(l.to_string(), one(found)?.to_string())
            }
            Job::Home(_) => Job::Home(l.to_string()),
            Job::KindIndex(k, _) => Job::KindIndex(*k, l.to_string()),
            Job::Tags(_) => Job::Tags(l.to_string()),
            Job::Questions(_) => Job::Questions(l.to_string()),
            Job::Search(_) => Job::Search(l.to_string()),
            Job::Print(_) => Job::Print(l.to_string()),
            _ => return None,
        };
        Some(self.page_url(&same))
    }

    /// Where a reader of `l` goes from the page of `job` when it is not in
    /// `l`: the index of its kind (or of tags), else the home page.
    fn nearest_page_in(&self, job: &Job, l: &str) -> String {
        let lp = self.lang_prefix(l);
        match job {
            Job::Entry(i) => format!(
                "{lp}{}/index.html",
                self.site.entries[*i].entry.kind.folder()
            ),
            Job::Facet { kind, .. } => format!("{lp}{}/index.html", kind.folder()),
            Job::Tag(..) => format!("{lp}tags/index.html"),
            _ => format!("{lp}index.html"),
        }
    }

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
        let nav = Kind::NAVIGATION
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
                let (href, translated) = match self.same_page_in(job, l) {
                    Some(same) => (self.href(url, &same), true),
                    None if l == lang => (self.href(url, url), true),
                    // The files made once have no page to come from.
                    None if !matches!(job, Job::Entry(_) | Job::Tag(..) | Job::Facet { .. }) => (
                        self.href(url, &format!("{}index.html", self.lang_prefix(l))),
                        false,
                    ),
                    None => (
                        format!(
                            "{}?from=untranslated",
                            self.href(url, &self.nearest_page_in(job, l))
                        ),
                        false,
                    ),
                };
                LanguageItem {
                    lang: l.clone(),
                    name: self.word(l, "language_name"),
                    href,
                    current: l == lang,
                    translated,
                }
            })
            .collect();
        let alternates: Vec<Alternate> = cfg
            .languages
            .iter()
            .filter_map(|l| {
                let same = self.same_page_in(job, l)?;
                Some(Alternate {
                    lang: l.clone(),
                    href: self.href(url, &same),
                })
            })
            .collect();
        let x_default = self
            .same_page_in(job, self.main())
            .filter(|_| alternates.len() > 1)
            .map(|p| self.href(url, &p));
        let canonical = cfg.base_url.as_ref().map(|b| {
            self.edition_canonical(b, url)
                .unwrap_or_else(|| format!("{b}{}", url.trim_end_matches("index.html")))
        });
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
            // The page's own address, also in an edition whose canonical
            // link leads to latest/: a printout names what it prints.
            address: cfg.base_url.as_ref().map_or_else(
                || url.trim_end_matches("index.html").to_string(),
                |b| format!("{b}{}", url.trim_end_matches("index.html")),
            ),
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
            edition: self.edition_view(url),
            alternates,
            x_default,
            language_names: cfg
                .languages
                .iter()
                .map(|l| (l.clone(), self.strings.language_name(lang, l)))
                .collect(),
            canonical,
            url: url.to_string(),
            root,
        }
    }
}

/// The one item of `set`, if it has exactly one.
fn one<T>(set: std::collections::BTreeSet<T>) -> Option<T> {
    let mut items = set.into_iter();
    match (items.next(), items.next()) {
        (Some(item), None) => Some(item),
        _ => None,
    }
}
