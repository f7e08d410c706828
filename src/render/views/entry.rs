//! `page` of an entry's page (`phase.html`, `role.html`, `case.html`,
//! `talk.html`, `person.html`, `term.html`, `resource.html`, `page.html`,
//! all extending `entry.html`): the entry's body and facts, its relations,
//! sources and translations.
//!
//! In: the index of a resolved entry and its page's path. Out: an
//! [`EntryView`].

use super::link::{Crumb, KindGroup, LinkView};
use crate::markdown::GlossaryLinks;
use crate::model::{Fields, Kind};
use crate::render::{Renderer, facet_value, facets_of};
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// The template variable `page` of an entry's page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EntryView {
    /// The entry's kind (`phase`).
    pub kind: &'static str,
    /// The entry's id (`pilot`).
    pub id: String,
    /// The entry's title.
    pub title: String,
    /// The entry's `summary`.
    pub summary: Option<String>,
    /// The kind's name in the singular (`Fas`).
    pub kind_label: String,
    /// The kind's name in the plural (`Faser`).
    pub kinds_label: String,
    /// Href of the kind's index.
    pub kind_index: String,
    /// From the home page to the kind's index (the entry itself is not in
    /// it).
    pub breadcrumbs: Vec<Crumb>,
    /// *HTML* of the Markdown body: links made relative, the first use of
    /// each glossary term linked.
    pub body: String,
    /// The body's `##` and `###` headings.
    pub toc: Vec<TocItem>,
    /// The Markdown lists of the front matter by field name
    /// (`activities`, `support`, `results`, `leadership`, `questions`,
    /// `responsibilities`, `lessons`, `key_points`).
    #[schemars(with = "BTreeMap<String, Vec<LineView>>")]
    pub lines: BTreeMap<&'static str, Vec<LineView>>,
    /// The kind's other front matter fields as written: phase `order`;
    /// role `aliases`; case `cluster`, `region`, `country` (the code),
    /// `period`, `organisations`; talk `speakers`, `affiliation`, `date`,
    /// `event`, `video`, `slides`; term `definition`, `aliases`; resource
    /// `url`, `type`, `year`, `publisher`; person `organisation`, `region`,
    /// `country`, `roles`; page `order`.
    pub fields: serde_json::Value,
    /// The entry's tags.
    pub tags: Vec<TagLink>,
    /// The documents the entry cites.
    pub sources: Vec<SourceView>,
    /// `updated:` of the front matter.
    pub updated: Option<String>,
    /// A "suggest a change" link, when the site has a `repository`.
    pub edit_url: Option<String>,
    /// Links: the phases the entry names.
    pub phases: Vec<LinkView>,
    /// Links: the roles the entry names.
    pub roles: Vec<LinkView>,
    /// The one "related" list: what the entry names in `related` or
    /// `see_also` and whatever names it, each entry once, grouped in the
    /// model's order of kinds, without the entry's own phases and roles.
    pub related_groups: Vec<RelatedGroup>,
    /// Links: `related` / `see_also` of the entry (also in
    /// `related_groups`).
    pub related: Vec<LinkView>,
    /// Links: the entries naming this one in `related` (also in
    /// `related_groups`).
    pub referenced_by: Vec<LinkView>,
    /// The entries naming this one in `phases` / `roles`, by kind (also in
    /// `related_groups`).
    pub named_by: Vec<KindGroup>,
    /// Cases and people: country (by name), region (and a person's
    /// organisation), each linking its facet page.
    pub facets: Vec<FacetLink>,
    /// Talks: the speakers, linked to their person entries where they have
    /// one.
    pub speakers: Vec<SpeakerView>,
    /// Links: the people of a case.
    pub people: Vec<LinkView>,
    /// Resources: the entries citing this resource's document in
    /// `sources`, by kind.
    pub cited_by: Vec<KindGroup>,
    /// People: their roles as UI words.
    pub person_roles: Vec<String>,
    /// People: links to the phases they work in.
    pub person_phases: Vec<LinkView>,
    /// The entry in the other languages.
    pub translations: Vec<Translation>,
    /// A translation whose original changed since it was made (see
    /// `translation_of`): what its readers are told; else null.
    pub stale: Option<StaleNotice>,
    /// Phases: the previous phase.
    pub prev: Option<LinkView>,
    /// Phases: the next phase.
    pub next: Option<LinkView>,
    /// Phases: *HTML*, the phase diagram with this phase marked.
    pub model_svg: Option<String>,
}

/// A heading of the body in the table of contents.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TocItem {
    /// 2 or 3.
    pub level: u8,
    /// The heading's id (the fragment to link to).
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// One line of a front matter list.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct LineView {
    /// *HTML*, inline.
    pub html: String,
    /// Set when the line is in another Nordic language than the page
    /// (Norwegian on a Swedish page): the `lang` to mark it with.
    pub lang: Option<&'static str>,
}

/// A tag of the entry.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct TagLink {
    /// The tag as written.
    pub name: String,
    /// Href of the tag's page.
    pub href: String,
}

/// A document the entry cites.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SourceView {
    /// The document's title (the resource entry's where the source names
    /// only the resource).
    pub title: Option<String>,
    /// Pages in it, as written (`11–15`).
    pub pages: Option<String>,
    /// The source's or the resource's public address.
    pub url: Option<String>,
    /// A link to the resource entry of the document (null on that entry's
    /// own page).
    pub entry: Option<LinkView>,
}

/// One kind's group of the "related" list.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct RelatedGroup {
    /// The kind (`case`).
    pub kind: &'static str,
    /// The kind's name in the plural.
    pub label: String,
    /// How many entries the group has.
    pub count: usize,
    /// The entries, sorted.
    pub items: Vec<LinkView>,
}

/// A facet of a case or person, linking its facet page.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct FacetLink {
    /// `country`, `region` or `organisation`.
    pub facet: &'static str,
    /// The facet's name in the page's language.
    pub label: String,
    /// The value as shown (a country by name).
    pub value: String,
    /// The value as written (a country's code).
    pub code: String,
    /// Href of the facet's page.
    pub href: String,
}

/// A talk's speaker.
#[derive(Debug, Clone, Serialize, JsonSchema)]
#[serde(untagged)]
pub enum SpeakerView {
    /// A speaker with a person entry: a link whose `title` is the name as
    /// written in the talk.
    Person(Box<LinkView>),
    /// A speaker without a person entry: only `title`, the name.
    Name {
        /// The name as written.
        title: String,
    },
}

/// The entry in another language.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Translation {
    /// The language code.
    pub lang: String,
    /// The language's name in itself.
    pub name: String,
    /// Href of the translation's page.
    pub href: String,
}

/// The notice on a translation whose original has changed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct StaleNotice {
    /// What has happened, in the page's language ("The Swedish original
    /// has changed since this translation.").
    pub text: String,
    /// Href of the original's page.
    pub href: String,
    /// The original's language code.
    pub lang: String,
}

impl Renderer<'_> {
    /// The view of entry `i`'s page at `url`.
    pub(crate) fn entry_view(&self, i: usize, url: &str) -> EntryView {
        let r = &self.site.entries[i];
        let e = &r.entry;
        let lang = e.lang.as_str();
        let mut glossary = self.glossary_for(lang, i);
        let body = self.markdown_html(url, lang, &r.body, glossary.as_mut());
        let toc = r
            .body
            .doc
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .map(|h| TocItem {
                level: h.level,
                id: h.id.clone(),
                text: h.text.clone(),
            })
            .collect();
        let mut lines = BTreeMap::new();
        for (name, docs) in &r.lines {
            let items = docs
                .iter()
                .map(|d| LineView {
                    html: self.inline_html(url, lang, d),
                    lang: passage_lang(&d.doc.text(), lang),
                })
                .collect();
            lines.insert(*name, items);
        }
        let fields = serde_json::to_value(&e.fields).unwrap_or(serde_json::Value::Null);
        let tags = e
            .tags
            .iter()
            .map(|t| TagLink {
                name: t.value.clone(),
                href: self.lang_href(
                    url,
                    lang,
                    &format!("tags/{}/index.html", self.value_slug(&t.value)),
                ),
            })
            .collect();
        let kind_index = self.lang_href(url, lang, &format!("{}/index.html", e.kind.folder()));
        let (prev, next) = if e.kind == Kind::Phase {
            let phases = &self.phases;
            let me = self.site.main_version(i);
            let pos = phases.iter().position(|&p| p == me);
            (
                pos.and_then(|p| p.checked_sub(1))
                    .map(|p| self.link_view(url, lang, phases[p])),
                pos.and_then(|p| phases.get(p + 1))
                    .map(|&p| self.link_view(url, lang, p)),
            )
        } else {
            (None, None)
        };
        let b = &r.backlinks;
        let model_svg = (e.kind == Kind::Phase)
            .then(|| self.diagram(url, lang, Some(self.site.main_version(i))));
        let facets = facets_of(e.kind)
            .iter()
            .filter_map(|&facet| {
                // A translated person links the facet of its main version.
                let m = &self.site.entries[self.site.main_version(i)].entry;
                let source = if e.kind == Kind::Person { m } else { e };
                let value = facet_value(source, facet)?;
                let shown = match facet {
                    "country" => self.country_name(lang, value),
                    _ => facet_value(e, facet).unwrap_or(value).to_string(),
                };
                Some(FacetLink {
                    facet,
                    label: self.word(lang, facet),
                    value: shown,
                    code: value.to_string(),
                    href: self.lang_href(
                        url,
                        lang,
                        &format!(
                            "{}/{facet}/{}/index.html",
                            e.kind.folder(),
                            self.value_slug(value)
                        ),
                    ),
                })
            })
            .collect();
        let speakers = r
            .speakers
            .iter()
            .map(|(name, p)| match p {
                Some(p) => SpeakerView::Person(Box::new(LinkView {
                    title: name.clone(),
                    ..self.link_view(url, lang, *p)
                })),
                None => SpeakerView::Name {
                    title: name.clone(),
                },
            })
            .collect();
        let person_roles = match &e.fields {
            Fields::Person(p) => p
                .roles
                .iter()
                .map(|r| self.word(lang, &format!("person_role_{r}")))
                .collect(),
            _ => Vec::new(),
        };
        let mut person_phases: Vec<usize> = Vec::new();
        if e.kind == Kind::Person {
            for &j in &b.named_by {
                person_phases.extend(
                    self.site.entries[j]
                        .phases
                        .iter()
                        .map(|&p| self.site.main_version(p)),
                );
            }
            person_phases.sort_by_key(|p| self.phases.iter().position(|q| q == p));
            person_phases.dedup();
        }
        let translations = r
            .translations
            .iter()
            .map(|(l, j)| Translation {
                lang: l.clone(),
                name: self.word(l, "language_name"),
                href: self.href(url, &self.site.entries[*j].url),
            })
            .collect();
        let stale = crate::i18n::status::stale_source(self.site, i).map(|m| {
            let original = &self.site.entries[m];
            StaleNotice {
                text: self.word(lang, "stale_translation").replace(
                    "{language}",
                    &self.strings.language_name(lang, &original.entry.lang),
                ),
                href: self.href(url, &original.url),
                lang: original.entry.lang.clone(),
            }
        });
        let edit_url = self
            .site
            .config
            .repository
            .as_ref()
            .map(|repo| format!("{repo}/blob/main/{}", e.source));
        let kind_path = format!("{}{}/index.html", self.lang_prefix(lang), e.kind.folder());
        EntryView {
            breadcrumbs: self.crumbs(url, lang, &[(self.word(lang, e.kind.folder()), kind_path)]),
            kind: e.kind.name(),
            kind_label: self.word(lang, e.kind.name()),
            kinds_label: self.word(lang, e.kind.folder()),
            kind_index,
            id: e.id.clone(),
            title: e.title.clone(),
            summary: e.summary.clone(),
            body,
            toc,
            lines,
            fields,
            tags,
            sources: self.sources_view(url, lang, i),
            speakers,
            cited_by: self.grouped(url, lang, &b.cited_by),
            person_phases: self.links(url, lang, &person_phases),
            person_roles,
            people: self.links(url, lang, &r.people),
            related_groups: self.related_groups(url, lang, i),
            model_svg,
            updated: e.updated.clone(),
            phases: self.links(url, lang, &r.phases),
            roles: self.links(url, lang, &r.roles),
            related: self.links(url, lang, &r.related),
            named_by: self.grouped(url, lang, &b.named_by),
            referenced_by: self.links(url, lang, &b.referenced_by),
            prev,
            next,
            facets,
            translations,
            stale,
            edit_url,
        }
    }

    /// The glossary links of the page of entry `page` in `lang`: every term
    /// but the entry itself.
    fn glossary_for<'g>(&'g self, lang: &str, page: usize) -> Option<GlossaryLinks<'g>> {
        let g = self.site.glossaries.get(lang)?;
        let from = &self.site.entries[page].url;
        let page_group = self.site.main_version(page);
        let targets = g
            .terms
            .iter()
            .map(|&t| {
                if self.site.main_version(t) == page_group {
                    return None;
                }
                let e = &self.site.entries[t];
                let def = match &e.entry.fields {
                    Fields::Term(f) => f.definition.clone(),
                    _ => String::new(),
                };
                Some((self.href(from, &e.url), def))
            })
            .collect();
        Some(GlossaryLinks {
            words: &g.words,
            targets,
        })
    }

    /// One "related" list for entry `i`: what it names in `related` or
    /// `see_also` and whatever names it, each entry once (in the reader's
    /// language), grouped by kind in the model's order. Phases and roles
    /// the entry lists itself are its facts and are not repeated here.
    fn related_groups(&self, url: &str, lang: &str, i: usize) -> Vec<RelatedGroup> {
        let r = &self.site.entries[i];
        let me = self.site.main_version(i);
        let own: BTreeSet<usize> = r
            .phases
            .iter()
            .chain(&r.roles)
            .map(|&j| self.site.main_version(j))
            .collect();
        let b = &r.backlinks;
        let all: BTreeSet<usize> = r
            .related
            .iter()
            .chain(&b.named_by)
            .chain(&b.referenced_by)
            .map(|&j| self.site.main_version(j))
            .filter(|j| *j != me && !own.contains(j))
            .collect();
        Kind::ALL
            .iter()
            .filter_map(|&k| {
                let items: Vec<usize> = all
                    .iter()
                    .copied()
                    .filter(|&j| self.site.entries[j].entry.kind == k)
                    .collect();
                (!items.is_empty()).then(|| RelatedGroup {
                    kind: k.name(),
                    label: self.word(lang, k.folder()),
                    count: items.len(),
                    items: self.links(url, lang, &items),
                })
            })
            .collect()
    }

    /// The resource entry each source title is the document of: a
    /// resource cites its own document in `sources` (resources with a
    /// single source first, so that a resource citing several documents
    /// does not take another's).
    pub(crate) fn find_source_entries(&self) -> BTreeMap<String, usize> {
        let mut resources: Vec<usize> = self
            .entries_in(self.main())
            .filter(|(_, e)| e.entry.kind == Kind::Resource)
            .map(|(i, _)| i)
            .collect();
        resources.sort_by_key(|&i| {
            let e = &self.site.entries[i].entry;
            (e.sources.len(), e.id.clone())
        });
        let mut map = BTreeMap::new();
        for i in resources {
            for s in &self.site.entries[i].entry.sources {
                if let Some(t) = &s.title {
                    map.entry(t.value.clone()).or_insert(i);
                }
            }
        }
        map
    }

    /// The sources of entry `i`, each with a link to its resource entry
    /// (unless it is the page itself) and the public address of the
    /// document where the source or the resource gives one. The resource
    /// is the one the source names (`resource: resources/<id>`), else the
    /// one whose own sources give the same title.
    fn sources_view(&self, url: &str, lang: &str, i: usize) -> Vec<SourceView> {
        let r = &self.site.entries[i];
        let me = self.site.main_version(i);
        r.entry
            .sources
            .iter()
            .zip(&r.sources)
            .map(|(s, named)| {
                let title = s.title.as_ref().map(|t| t.value.clone());
                let res = named.map(|t| self.site.main_version(t)).or_else(|| {
                    title
                        .as_ref()
                        .and_then(|t| self.source_entries.get(t).copied())
                });
                let entry = res
                    .filter(|&r| r != me)
                    .map(|r| self.link_view(url, lang, r));
                let title = title.or_else(|| {
                    res.map(|r| {
                        self.site.entries[self.site.in_language(r, lang)]
                            .entry
                            .title
                            .clone()
                    })
                });
                let public = s.url.clone().or_else(|| {
                    res.and_then(|r| match &self.site.entries[r].entry.fields {
                        Fields::Resource(f) => f.url.clone(),
                        _ => None,
                    })
                });
                SourceView {
                    title,
                    pages: s.pages.clone(),
                    url: public,
                    entry,
                }
            })
            .collect()
    }
}

/// The language of a short passage when it is Norwegian on a Swedish
/// page or Swedish on a Norwegian one (the handbook quotes Norwegian
/// sources' questions on Swedish pages), judged by letters and common
/// words only the one language has; `None` when it is the page's own.
pub(crate) fn passage_lang(text: &str, page: &str) -> Option<&'static str> {
    const NB: &[&str] = &[
        "hvordan", "hva", "hvem", "hvilke", "hvilken", "hvorfor", "ikke", "og", "jeg", "deg",
        "skape", "være", "mellom", "gjennom",
    ];
    const SV: &[&str] = &[
        "hur", "vad", "vem", "vilka", "vilken", "varför", "inte", "och", "jag", "dig", "skapa",
        "vara", "mellan", "genom",
    ];
    if page != "sv" && page != "nb" {
        return None;
    }
    let lower = text.to_lowercase();
    let mut nb = lower.chars().filter(|c| matches!(c, 'ø' | 'æ')).count();
    let mut sv = lower.chars().filter(|c| matches!(c, 'ö' | 'ä')).count();
    for w in lower.split(|c: char| !c.is_alphabetic()) {
        nb += NB.contains(&w) as usize;
        sv += SV.contains(&w) as usize;
    }
    match page {
        "sv" if nb > sv => Some("nb"),
        "nb" if sv > nb => Some("sv"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn norwegian_questions_on_swedish_pages_are_marked() {
        assert_eq!(
            passage_lang("Hvordan skape engasjement? (Arena)", "sv"),
            Some("nb")
        );
        assert_eq!(passage_lang("Vad kännetecknar pilotfasen?", "sv"), None);
        assert_eq!(passage_lang("Hur skapar vi engagemang?", "nb"), Some("sv"));
        assert_eq!(passage_lang("Hvordan skape engasjement?", "en"), None);
    }
}
