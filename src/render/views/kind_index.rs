//! `page` of a kind's index (`kind_index.html`): every entry of the kind,
//! and what only some indexes have — the phases' overview, the cases by
//! facet and phase, the people's contact list.
//!
//! In: the kind, the page's language and path. Out: a [`KindIndexView`].

use super::link::{Crumb, LinkView};
use crate::model::{Fields, Kind};
use crate::render::{FACETED, Renderer, collate, facet_value};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;

/// The template variable `page` of `kind_index.html`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct KindIndexView {
    /// The kind (`phase`).
    pub kind: &'static str,
    /// The kind's name in the plural.
    pub title: String,
    /// A sentence saying what the kind holds.
    pub intro: String,
    /// From the home page.
    pub breadcrumbs: Vec<Crumb>,
    /// Links: every entry of the kind, sorted.
    pub items: Vec<LinkView>,
    /// Phases (null on other kinds' indexes): which roles, cases, talks and resources belong to which
    /// phase.
    pub overview: Option<Vec<OverviewRow>>,
    /// Phases (null on other kinds' indexes): href of the page of every phase's key questions.
    pub questions_href: Option<String>,
    /// People (null on other kinds' indexes): the contact list, by region (or country), then
    /// organisation.
    pub contacts: Option<Vec<ContactRegion>>,
    /// Cases and people (null on other kinds' indexes): the facets with their values.
    pub facets: Option<Vec<FacetValues>>,
    /// Cases (null on other kinds' indexes): the cases of each phase.
    pub by_phase: Option<Vec<PhaseItems>>,
}

/// A phase and what belongs to it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct OverviewRow {
    /// The link to the phase.
    pub phase: LinkView,
    /// Links: the roles naming the phase.
    pub roles: Vec<LinkView>,
    /// Links: the cases naming the phase.
    pub cases: Vec<LinkView>,
    /// Links: the talks naming the phase.
    pub talks: Vec<LinkView>,
    /// Links: the resources naming the phase.
    pub resources: Vec<LinkView>,
}

/// A facet and its values.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FacetValues {
    /// `country`, `region` or `organisation`.
    pub facet: &'static str,
    /// The heading of the list (UI word `by_<facet>`).
    pub label: String,
    /// The values, sorted.
    pub values: Vec<FacetValue>,
}

/// A value of a facet.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FacetValue {
    /// The value as shown (a country by name).
    pub value: String,
    /// The value as written (a country's code).
    pub code: String,
    /// How many entries have it.
    pub count: usize,
    /// Href of the value's facet page.
    pub href: String,
}

/// A phase and entries naming it.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PhaseItems {
    /// The link to the phase.
    pub phase: LinkView,
    /// Links: the entries.
    pub items: Vec<LinkView>,
}

/// A region (or a country) of the contact list.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ContactRegion {
    /// The region, the country by name, or the UI word `no_region`.
    pub title: String,
    /// Href of the region's or country's facet page.
    pub href: Option<String>,
    /// The organisations in it.
    pub organisations: Vec<ContactOrganisation>,
}

/// An organisation of the contact list.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ContactOrganisation {
    /// The organisation, or the UI word `no_organisation`.
    pub title: String,
    /// Links: its people.
    pub items: Vec<LinkView>,
}

/// Marks a group key of the contacts index as a country code.
const COUNTRY_MARK: &str = "\u{1}";

impl Renderer<'_> {
    /// The view of the index of `kind` in `lang` at `url`.
    pub(crate) fn kind_index_view(&self, kind: Kind, lang: &str, url: &str) -> KindIndexView {
        let items: Vec<usize> = self
            .entries_in(self.main())
            .filter(|(_, e)| e.entry.kind == kind)
            .map(|(i, _)| i)
            .collect();
        let facets = FACETED.contains(&kind).then(|| {
            self.facet_values(kind, lang)
                .into_iter()
                .map(|(facet, values)| FacetValues {
                    facet,
                    label: self.word(lang, &format!("by_{facet}")),
                    values: values
                        .into_iter()
                        .map(|v| FacetValue {
                            count: self.entries_with(kind, lang, facet, &v).len(),
                            value: if facet == "country" {
                                self.country_name(lang, &v)
                            } else {
                                v.clone()
                            },
                            href: self.lang_href(
                                url,
                                lang,
                                &format!(
                                    "{}/{facet}/{}/index.html",
                                    kind.folder(),
                                    self.value_slug(&v)
                                ),
                            ),
                            code: v,
                        })
                        .collect(),
                })
                .collect()
        });
        let by_phase = (kind == Kind::Case).then(|| {
            self.phases
                .iter()
                .map(|&p| {
                    let cases: Vec<usize> = self.site.entries[p]
                        .backlinks
                        .named_by
                        .iter()
                        .copied()
                        .filter(|&j| self.site.entries[j].entry.kind == Kind::Case)
                        .collect();
                    PhaseItems {
                        phase: self.link_view(url, lang, p),
                        items: self.links(url, lang, &cases),
                    }
                })
                .collect()
        });
        KindIndexView {
            breadcrumbs: self.crumbs(url, lang, &[]),
            kind: kind.name(),
            title: self.word(lang, kind.folder()),
            intro: self.word(lang, &format!("{}_intro", kind.folder())),
            items: self.links(url, lang, &items),
            overview: (kind == Kind::Phase).then(|| self.overview(lang, url)),
            questions_href: (kind == Kind::Phase)
                .then(|| self.lang_href(url, lang, "questions/index.html")),
            contacts: (kind == Kind::Person).then(|| self.contacts(lang, url)),
            facets,
            by_phase,
        }
    }

    /// The phase × kind overview: which roles, cases and talks belong to
    /// which phase.
    fn overview(&self, lang: &str, url: &str) -> Vec<OverviewRow> {
        self.phases
            .iter()
            .copied()
            .map(|p| {
                let b = &self.site.entries[p].backlinks;
                let of = |k: Kind| -> Vec<LinkView> {
                    let v: Vec<usize> = b
                        .named_by
                        .iter()
                        .copied()
                        .filter(|&j| self.site.entries[j].entry.kind == k)
                        .collect();
                    self.links(url, lang, &v)
                };
                OverviewRow {
                    phase: self.link_view(url, lang, p),
                    roles: of(Kind::Role),
                    cases: of(Kind::Case),
                    talks: of(Kind::Talk),
                    resources: of(Kind::Resource),
                }
            })
            .collect()
    }

    /// The entries of `kind` whose `facet` is `value`.
    pub(crate) fn entries_with(
        &self,
        kind: Kind,
        lang: &str,
        facet: &str,
        value: &str,
    ) -> Vec<usize> {
        self.entries_in(self.facet_lang(kind, lang))
            .filter(|(_, e)| e.entry.kind == kind && facet_value(&e.entry, facet) == Some(value))
            .map(|(i, _)| i)
            .collect()
    }

    /// The "Kontakter" index: the people grouped by region, then by
    /// organisation (both sorted, people without them last).
    fn contacts(&self, lang: &str, url: &str) -> Vec<ContactRegion> {
        type Groups = BTreeMap<(bool, String), BTreeMap<(bool, String), Vec<usize>>>;
        let mut groups: Groups = BTreeMap::new();
        for (i, e) in self.entries_in(self.main()) {
            let Fields::Person(p) = &e.entry.fields else {
                continue;
            };
            let key = |v: &Option<String>| match v {
                Some(v) => (false, v.clone()),
                None => (true, String::new()),
            };
            // Without a region, people are grouped by their country.
            let region = match (&p.region, &p.country) {
                (Some(r), _) => (false, r.clone()),
                (None, Some(c)) => (false, format!("{COUNTRY_MARK}{c}")),
                (None, None) => (true, String::new()),
            };
            groups
                .entry(region)
                .or_default()
                .entry(key(&p.organisation))
                .or_default()
                .push(i);
        }
        let mut regions: Vec<_> = groups
            .into_iter()
            .map(|((none, r), orgs)| {
                // (country last, title, facet path)
                let (title, path) = match r.strip_prefix(COUNTRY_MARK) {
                    Some(code) => (
                        self.country_name(lang, code),
                        Some(format!(
                            "people/country/{}/index.html",
                            self.value_slug(code)
                        )),
                    ),
                    None if none => (self.word(lang, "no_region"), None),
                    None => (
                        r.clone(),
                        Some(format!("people/region/{}/index.html", self.value_slug(&r))),
                    ),
                };
                ((none, r.starts_with(COUNTRY_MARK), title, path), orgs)
            })
            .collect();
        regions.sort_by_key(|((none, country, title, _), _)| (*none, *country, collate(title)));
        regions
            .into_iter()
            .map(|((_, _, title, path), orgs)| {
                let mut orgs: Vec<_> = orgs.into_iter().collect();
                orgs.sort_by_key(|((none, o), _)| (*none, collate(o)));
                let organisations = orgs
                    .into_iter()
                    .map(|((none, org), people)| ContactOrganisation {
                        title: if none {
                            self.word(lang, "no_organisation")
                        } else {
                            org
                        },
                        items: self.links(url, lang, &people),
                    })
                    .collect();
                ContactRegion {
                    title,
                    href: path.map(|p| self.lang_href(url, lang, &p)),
                    organisations,
                }
            })
            .collect()
    }
}
