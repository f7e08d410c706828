//! The pieces every page kind's view is made of: a link to an entry (with
//! the card facts of a case or talk), a breadcrumb, a group of links by
//! kind, and the phase diagram.
//!
//! In: entry indexes and the page they are shown on. Out: [`LinkView`]s
//! sorted as readers expect (phases in order, talks by date, the rest by
//! title), each in the reader's language where the entry is translated.

use crate::model::{Fields, Kind};
use crate::render::Renderer;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// A link to an entry, as every list of entries holds it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LinkView {
    /// The entry's title, in the page's language where it is translated.
    pub title: String,
    /// Relative href of the entry's page.
    pub href: String,
    /// The entry's `summary`.
    pub summary: Option<String>,
    /// The entry's kind (`phase`, `role`, `case`, `talk`, `person`, `term`,
    /// `resource`, `page`).
    pub kind: &'static str,
    /// The entry's language when it is shown in another language than the
    /// page's (it is not translated); else null.
    pub hreflang: Option<String>,
    /// When the entry is not translated into the page's language: a note
    /// saying so, in the page's language (`in Swedish`); else null.
    pub untranslated: Option<LangNote>,
    /// A talk's date (`YYYY-MM-DD`, `YYYY-MM` or `YYYY`).
    pub date: Option<String>,
    /// The same as the page's language writes it (`5 mars 2019`).
    pub date_text: Option<String>,
    /// The facts a card shows for cases and talks; null for other kinds.
    pub card: Option<Card>,
}

/// A short text in the page's language, inside an element in another one.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LangNote {
    /// The page's language, for the note's `lang`.
    pub lang: String,
    /// The text (`in Swedish`).
    pub text: String,
}

/// The facts of a case or talk card.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum Card {
    /// A case's card.
    Case(CaseCard),
    /// A talk's card.
    Talk(TalkCard),
}

/// The facts of a case's card.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct CaseCard {
    /// The country by name in the page's language.
    pub country: Option<String>,
    /// The region as written.
    pub region: Option<String>,
    /// The period as written (`2006–2010`).
    pub period: Option<String>,
    /// The titles of the phases the case names, in model order.
    pub phases: Vec<String>,
}

/// The facts of a talk's card.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TalkCard {
    /// The speakers' names.
    pub speakers: Vec<String>,
    /// The talk's date as written.
    pub date: Option<String>,
    /// The same as the page's language writes it (`5 mars 2019`).
    pub date_text: Option<String>,
    /// The event the talk was given at.
    pub event: Option<String>,
    /// The titles of the phases the talk names, in model order.
    pub phases: Vec<String>,
}

/// One step of the breadcrumbs.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Crumb {
    /// What the step is called.
    pub title: String,
    /// Relative href of its page.
    pub href: String,
}

/// Links to entries of one kind.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KindGroup {
    /// The kind (`case`).
    pub kind: &'static str,
    /// The kind's name in the plural in the page's language (`Fall`).
    pub label: String,
    /// The entries, sorted.
    pub items: Vec<LinkView>,
}

impl Renderer<'_> {
    /// A link to entry `i` (in the reader's language when translated).
    pub(crate) fn link_view(&self, from: &str, lang: &str, i: usize) -> LinkView {
        let j = self.site.in_language(i, lang);
        let e = &self.site.entries[j];
        LinkView {
            title: e.entry.title.clone(),
            href: self.href(from, &e.url),
            summary: e.entry.summary.clone(),
            kind: e.entry.kind.name(),
            hreflang: (e.entry.lang != lang).then(|| e.entry.lang.clone()),
            untranslated: (e.entry.lang != lang).then(|| LangNote {
                lang: lang.to_string(),
                text: self.word(lang, "in_language").replace(
                    "{language}",
                    &self.strings.language_name(lang, &e.entry.lang),
                ),
            }),
            date: match &e.entry.fields {
                Fields::Talk(t) => t.date.clone(),
                _ => None,
            },
            date_text: match &e.entry.fields {
                Fields::Talk(t) => t.date.as_ref().map(|d| self.strings.date(lang, d)),
                _ => None,
            },
            card: self.card(lang, j),
        }
    }

    /// The facts a card of a case or talk shows (country by name, region,
    /// period or date, speakers, phases); `None` for other kinds.
    pub(crate) fn card(&self, lang: &str, j: usize) -> Option<Card> {
        let r = &self.site.entries[j];
        let phases: Vec<String> = self
            .sorted(lang, r.phases.clone())
            .into_iter()
            .map(|p| {
                self.site.entries[self.site.in_language(p, lang)]
                    .entry
                    .title
                    .clone()
            })
            .collect();
        match &r.entry.fields {
            Fields::Case(c) => Some(Card::Case(CaseCard {
                country: c
                    .country
                    .as_deref()
                    .map(|code| self.country_name(lang, code)),
                region: c.region.clone(),
                period: c.period.clone(),
                phases,
            })),
            Fields::Talk(t) => Some(Card::Talk(TalkCard {
                speakers: r.speakers.iter().map(|(name, _)| name.clone()).collect(),
                date: t.date.clone(),
                date_text: t.date.as_ref().map(|d| self.strings.date(lang, d)),
                event: t.event.clone(),
                phases,
            })),
            _ => None,
        }
    }

    /// The name of the country with ISO code `code` in `lang` (English
    /// when the language has none; the code when the table has none).
    pub(crate) fn country_name(&self, lang: &str, code: &str) -> String {
        let names = crate::search::countries::names(code);
        names
            .iter()
            .find(|(l, _)| *l == lang)
            .or_else(|| names.iter().find(|(l, _)| *l == "en"))
            .map(|(_, n)| n.to_string())
            .unwrap_or_else(|| code.to_string())
    }

    /// The phase diagram for a page at `url`, `current` (main-language
    /// index) highlighted.
    ///
    /// Only the phases the diagram draws are made into steps (see
    /// [`crate::diagram::window`]): a page's cost does not grow with the model.
    pub(crate) fn diagram(&self, url: &str, lang: &str, current: Option<usize>) -> String {
        let at = self.phases.iter().position(|&p| current == Some(p));
        let shown = crate::diagram::window(self.phases.len(), at);
        let steps: Vec<crate::diagram::Step> = self.phases[shown.clone()]
            .iter()
            .map(|&p| {
                let v = self.site.in_language(p, lang);
                crate::diagram::Step {
                    title: self.site.entries[v].entry.title.clone(),
                    href: self.href(url, &self.site.entries[v].url),
                    current: current == Some(p),
                }
            })
            .collect();
        crate::diagram::phase_diagram(&steps, shown.start, &self.word(lang, "model"))
    }

    /// Sorts entries as readers expect: phases in order, talks by date,
    /// everything else by title.
    pub(crate) fn sorted(&self, lang: &str, mut v: Vec<usize>) -> Vec<usize> {
        v.sort_by(|&a, &b| {
            let (a, b) = (
                self.site.in_language(a, lang),
                self.site.in_language(b, lang),
            );
            self.sort_keys[a].cmp(&self.sort_keys[b])
        });
        v.dedup();
        v
    }

    /// Links to the entries `v`, sorted, each once.
    pub(crate) fn links(&self, from: &str, lang: &str, v: &[usize]) -> Vec<LinkView> {
        self.sorted(lang, v.to_vec())
            .into_iter()
            .map(|i| self.link_view(from, lang, i))
            .collect()
    }

    /// Links to the entries `v` grouped by kind, in the model's order of
    /// kinds.
    pub(crate) fn grouped(&self, from: &str, lang: &str, v: &[usize]) -> Vec<KindGroup> {
        let mut by_kind: BTreeMap<Kind, Vec<usize>> = BTreeMap::new();
        for &i in v {
            by_kind
                .entry(self.site.entries[i].entry.kind)
                .or_default()
                .push(i);
        }
        by_kind
            .into_iter()
            .map(|(k, items)| KindGroup {
                kind: k.name(),
                label: self.word(lang, k.folder()),
                items: self.links(from, lang, &items),
            })
            .collect()
    }

    /// Breadcrumbs from the home page: `links` are (title, path from root).
    pub(crate) fn crumbs(&self, url: &str, lang: &str, links: &[(String, String)]) -> Vec<Crumb> {
        let mut v = vec![Crumb {
            title: self.word(lang, "home"),
            href: self.href(url, &format!("{}index.html", self.lang_prefix(lang))),
        }];
        v.extend(links.iter().map(|(title, to)| Crumb {
            title: title.clone(),
            href: self.href(url, to),
        }));
        v
    }
}
