//! Resolving the handbook's relations: ids, references, links and anchors.
//!
//! In: the entries of a build with their parsed Markdown, the assets and the
//! settings. Out: a [`ResolvedSite`] in which every reference and link is a
//! [`Target`] (an entry, an asset, an outside address), every entry knows
//! who names it ([`Backlinks`]), and the glossary is ready to link terms —
//! plus a problem for everything that does not resolve, at the line and
//! column where it is written, with a "did you mean" from what exists.

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Pos, did_you_mean};
use crate::markdown::{BodyLink, GlossaryWord, GlossaryWords, ParsedMarkdown};
use crate::model::{Entry, Kind, Located};
use crate::source::Asset;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

/// Where a link or reference leads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    /// An entry's page (index into [`ResolvedSite::entries`]), maybe at an anchor.
    Entry(usize, Option<String>),
    /// A kind's index page.
    KindIndex(Kind),
    /// An anchor on the same page.
    Fragment(String),
    /// A file under `content/assets/` (path relative to `content/`).
    Asset(String, Option<String>),
    /// An address outside the site, kept as written.
    External(String),
    /// Did not resolve (already reported); rendered as written.
    Broken(String),
}

/// A piece of Markdown from an entry, parsed, with its links resolved.
#[derive(Debug, Clone)]
pub struct ResolvedMarkdown {
    /// The parsed text (shared with the [`ParsedEntry`] it was resolved
    /// from, which `serve` keeps to resolve the site again).
    pub doc: Arc<ParsedMarkdown>,
    /// Where each of `doc.links` leads.
    pub targets: Vec<Target>,
}

/// Who names an entry, by kind of relation; indices into the entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Backlinks {
    /// Entries that list it in `phases:`, `roles:` or `people:` (or as a
    /// talk's speaker).
    pub named_by: Vec<usize>,
    /// Entries that list it in `related:` or `see_also:`.
    pub referenced_by: Vec<usize>,
    /// Entries whose `sources` name it (`resource: resources/<id>`).
    pub cited_by: Vec<usize>,
}

/// An entry with everything it relates to resolved.
#[derive(Debug, Clone)]
pub struct ResolvedEntry {
    /// The entry as read.
    pub entry: Entry,
    /// Path of its page from the site root (`cases/processit/index.html`).
    pub url: String,
    /// The body.
    pub body: ResolvedMarkdown,
    /// The Markdown lines of the front matter, by field name.
    pub lines: Vec<(&'static str, Vec<ResolvedMarkdown>)>,
    /// `phases:` as entries.
    pub phases: Vec<usize>,
    /// `roles:` as entries.
    pub roles: Vec<usize>,
    /// `related:` and `see_also:` as entries.
    pub related: Vec<usize>,
    /// The people it names (`people:`, a talk's `people/<id>` speakers).
    pub people: Vec<usize>,
    /// A talk's speakers in order: the name readers see, and the person
    /// entry when the speaker is one.
    pub speakers: Vec<(String, Option<usize>)>,
    /// For each of the entry's `sources`, the resource entry it names.
    pub sources: Vec<Option<usize>>,
    /// Who names this entry (filled for the main-language version; a
    /// translation shares its group's backlinks).
    pub backlinks: Backlinks,
    /// The other languages of this entry: language and entry index.
    pub translations: Vec<(String, usize)>,
}

/// A glossary term prepared for linking in one language.
#[derive(Debug, Clone, Default)]
pub struct Glossary {
    /// Words to look for, longest first, with their automaton.
    pub words: GlossaryWords,
    /// For each term number, the entry index of its page.
    pub terms: Vec<usize>,
}

/// The whole handbook with its relations resolved.
#[derive(Debug, Clone)]
pub struct ResolvedSite {
    /// The settings.
    pub config: SiteConfig,
    /// Entries of all languages, sorted by kind, id, then language (main
    /// first). Each is shared, so that a site made again after one entry
    /// changed (`serve`) shares the others with the site before.
    pub entries: Vec<Arc<ResolvedEntry>>,
    /// The assets.
    pub assets: Vec<Asset>,
    /// The glossary per language.
    pub glossaries: BTreeMap<String, Glossary>,
    /// The menu, resolved: each entry's title and target.
    pub menu: Vec<(crate::config::LocalText, Target)>,
    /// What the build left out that a reference may still name.
    pub left_out: LeftOut,
}

/// Entries a build left out, which references and links may name: they
/// are reported as what they are (a draft, a file with its own error), not
/// as missing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeftOut {
    /// Drafts not built (kind and id).
    pub drafts: BTreeSet<(Kind, String)>,
    /// Files that could not be read into entries (already reported).
    pub unreadable: BTreeSet<String>,
}

impl ResolvedSite {
    /// How many pages of each kind there are (all languages).
    pub fn pages_per_kind(&self) -> std::collections::BTreeMap<Kind, usize> {
        let mut m = std::collections::BTreeMap::new();
        for e in &self.entries {
            *m.entry(e.entry.kind).or_default() += 1;
        }
        m
    }

    /// The index of the entry `kind/id` in language `lang`, falling back to
    /// the main language.
    pub fn find(&self, kind: Kind, id: &str, lang: &str) -> Option<usize> {
        let main = self.config.default_language();
        let pos = |l: &str| {
            self.entries
                .binary_search_by(|e| {
                    (
                        e.entry.kind,
                        e.entry.id.as_str(),
                        lang_rank(&e.entry.lang, main),
                    )
                        .cmp(&(kind, id, lang_rank(l, main)))
                })
                .ok()
        };
        pos(lang).or_else(|| pos(main))
    }

    /// The version of entry `i` in language `lang`, or `i` itself.
    pub fn in_language(&self, i: usize, lang: &str) -> usize {
        let e = &self.entries[i];
        if e.entry.lang == lang {
            return i;
        }
        self.find(e.entry.kind, &e.entry.id, lang).unwrap_or(i)
    }

    /// The main-language version of entry `i`.
    pub fn main_version(&self, i: usize) -> usize {
        self.in_language(i, self.config.default_language())
    }
}

fn lang_rank<'a>(lang: &'a str, main: &str) -> (bool, &'a str) {
    (lang != main, lang)
}

/// The page path of an entry from the site root.
pub fn entry_url(kind: Kind, id: &str, lang: &str, main: &str) -> String {
    if lang == main {
        format!("{}/{id}/index.html", kind.folder())
    } else {
        format!("{lang}/{}/{id}/index.html", kind.folder())
    }
}

/// An entry with its parsed Markdown, as the resolve stage takes it.
#[derive(Debug, Clone)]
pub struct ParsedEntry {
    /// The entry.
    pub entry: Entry,
    /// Its body, parsed.
    pub body: Arc<ParsedMarkdown>,
    /// Its Markdown lines, parsed, by field name.
    pub lines: Vec<(&'static str, Vec<Arc<ParsedMarkdown>>)>,
}

/// Resolves everything. `entries` holds every entry read, drafts included;
/// drafts are kept only when `include_drafts`, and a reference to a draft
/// that is left out is an error. `unreadable` names the files that could
/// not be read into entries (already reported): references to them are
/// not reported again.
pub fn resolve_site(
    config: SiteConfig,
    entries: Vec<ParsedEntry>,
    assets: Vec<Asset>,
    unreadable: &BTreeSet<String>,
    include_drafts: bool,
) -> (ResolvedSite, Vec<Diagnostic>) {
    let main = config.default_language().to_string();
    let mut problems = Vec::new();
    let mut drafts: BTreeSet<(Kind, String)> = BTreeSet::new();
    let mut kept: Vec<ParsedEntry> = Vec::new();
    for pe in entries {
        if pe.entry.draft && !include_drafts {
            drafts.insert((pe.entry.kind, pe.entry.id.clone()));
        } else {
            kept.push(pe);
        }
    }
    kept.sort_by(|a, b| {
        let key = |p: &'_ ParsedEntry| {
            (
                p.entry.kind,
                p.entry.id.clone(),
                lang_rank(&p.entry.lang, &main).0,
                p.entry.lang.clone(),
                p.entry.source.len(),
            )
        };
        key(a).cmp(&key(b))
    });

    // Two files for one entry: `pilot.md` and `pilot.sv.md` when sv is the
    // main language. The file without a suffix wins.
    let mut seen: BTreeMap<(Kind, String, String), String> = BTreeMap::new();
    kept.retain(|p| {
        let key = (p.entry.kind, p.entry.id.clone(), p.entry.lang.clone());
        match seen.get(&key) {
            Some(first) => {
                problems.push(
                    Diagnostic::error(
                        &p.entry.source,
                        Pos::start(),
                        "duplicate-id",
                        format!("this is the same entry as `{first}` (`{}` is the main language)", p.entry.lang),
                    )
                    .with_help(format!("keep one of the two files; the main language's file is `{}.md`, without a suffix", p.entry.id)),
                );
                false
            }
            None => {
                seen.insert(key, p.entry.source.clone());
                true
            }
        }
    });

    // A translation needs its main-language entry.
    let mains: BTreeSet<(Kind, String)> = kept
        .iter()
        .filter(|p| p.entry.lang == main)
        .map(|p| (p.entry.kind, p.entry.id.clone()))
        .collect();
    kept.retain(|p| {
        if p.entry.lang == main || mains.contains(&(p.entry.kind, p.entry.id.clone())) {
            return true;
        }
        // A main file that exists but could not be read or parsed has its
        // own error; the translation gets no follow-on one.
        let main_file = format!("content/{}/{}.md", p.entry.kind.folder(), p.entry.id);
        if !drafts.contains(&(p.entry.kind, p.entry.id.clone())) && !unreadable.contains(&main_file)
        {
            problems.push(
                Diagnostic::error(
                    &p.entry.source,
                    Pos::start(),
                    "orphan-translation",
                    format!(
                        "`{}` is a translation of `{}/{}.md`, which does not exist",
                        p.entry.source,
                        p.entry.kind.folder(),
                        p.entry.id
                    ),
                )
                .with_help(format!(
                    "add the main-language file `content/{}/{}.md` first",
                    p.entry.kind.folder(),
                    p.entry.id
                )),
            );
        }
        false
    });

    // What a translation leaves out of the fields that do not depend on
    // the language, it takes from its main-language file.
    problems.extend(crate::i18n::inherit::inherit_fields(
        kept.iter_mut().map(|p| &mut p.entry),
        &main,
    ));

    let index: HashMap<(Kind, &str, &str), usize> = kept
        .iter()
        .enumerate()
        .map(|(i, p)| {
            (
                (p.entry.kind, p.entry.id.as_str(), p.entry.lang.as_str()),
                i,
            )
        })
        .collect();
    let ids_of = |kind: Kind| -> Vec<&str> {
        kept.iter()
            .filter(|p| p.entry.kind == kind && p.entry.lang == main)
            .map(|p| p.entry.id.as_str())
            .collect()
    };
    let by_source: HashMap<&str, usize> = kept
        .iter()
        .enumerate()
        .map(|(i, p)| (p.entry.source.as_str(), i))
        .collect();
    let asset_set: BTreeSet<&str> = assets.iter().map(|a| a.rel.as_str()).collect();

    let lookup = |kind: Kind, id: &str, lang: &str| -> Option<usize> {
        index
            .get(&(kind, id, lang))
            .or_else(|| index.get(&(kind, id, main.as_str())))
            .copied()
    };

    let entry_at = |t: usize| (&kept[t].entry, &*kept[t].body);
    let ctx = Ctx {
        unreadable,
        drafts: &drafts,
        ids_of: &ids_of,
        lookup: &lookup,
        by_source: &by_source,
        entry_at: &entry_at,
        asset_set: &asset_set,
    };

    // Each entry's references and links, in parallel; the parsed documents
    // are moved into the result afterwards, not copied.
    let resolutions: Vec<Resolution> = kept
        .par_iter()
        .enumerate()
        .map(|(i, pe)| {
            let lines: Vec<Vec<&ParsedMarkdown>> = pe
                .lines
                .iter()
                .map(|(_, docs)| docs.iter().map(|d| &**d).collect())
                .collect();
            ctx.resolve_entry(i, &pe.entry, &pe.body, &lines)
        })
        .collect();
    let main_of: Vec<usize> = kept
        .iter()
        .enumerate()
        .map(|(i, p)| lookup(p.entry.kind, &p.entry.id, &main).unwrap_or(i))
        .collect();
    let menu: Vec<(crate::config::LocalText, Target)> = config
        .menu
        .iter()
        .map(|m| {
            if let Err(refused) = crate::urls::check(&m.link) {
                problems.push(crate::urls::unsafe_url(
                    crate::config::CONFIG_PATH,
                    m.pos,
                    &m.link,
                    &refused,
                ));
                return (m.title.clone(), Target::Broken(String::new()));
            }
            let target = resolve_menu_link(&m.link, &lookup, &main);
            if let Target::Broken(_) = target {
                problems.push(
                    Diagnostic::error(
                        crate::config::CONFIG_PATH,
                        m.pos,
                        "unknown-reference",
                        format!("menu link `{}` does not resolve", m.link),
                    )
                    .with_help("use a reference like `pages/om-handboken`, a kind like `cases`, or an `https://` address"),
                );
            }
            (m.title.clone(), target)
        })
        .collect();

    let mut linked_groups: BTreeSet<(Kind, String)> = BTreeSet::new();
    let mut resolved: Vec<ResolvedEntry> = Vec::with_capacity(kept.len());
    for (pe, res) in kept.into_iter().zip(resolutions) {
        problems.extend(res.problems);
        linked_groups.extend(res.linked);
        let url = entry_url(pe.entry.kind, &pe.entry.id, &pe.entry.lang, &main);
        let lines = resolved_lines(pe.lines, res.line_targets);
        resolved.push(ResolvedEntry {
            entry: pe.entry,
            url,
            body: ResolvedMarkdown {
                doc: pe.body,
                targets: res.body_targets,
            },
            lines,
            phases: res.phases,
            roles: res.roles,
            related: res.related,
            people: res.people,
            speakers: res.speakers,
            sources: res.sources,
            backlinks: Backlinks::default(),
            translations: Vec::new(),
        });
    }

    // Backlinks, on the main-language version of each target group.
    let group_main = |i: usize| main_of[i];
    let mut named: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut referenced: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut cited: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    for (i, r) in resolved.iter().enumerate() {
        if r.entry.lang != main {
            continue;
        }
        for &t in r.phases.iter().chain(&r.roles).chain(&r.people) {
            named.entry(group_main(t)).or_default().insert(i);
        }
        for &t in &r.related {
            referenced.entry(group_main(t)).or_default().insert(i);
        }
        for &t in r.sources.iter().flatten() {
            cited.entry(group_main(t)).or_default().insert(i);
        }
    }
    for (t, set) in cited {
        resolved[t].backlinks.cited_by = set.into_iter().collect();
    }
    for (t, set) in named {
        resolved[t].backlinks.named_by = set.into_iter().collect();
    }
    for (t, set) in referenced {
        resolved[t].backlinks.referenced_by = set.into_iter().collect();
    }
    // Translations share the main version's backlinks.
    for i in 0..resolved.len() {
        let m = group_main(i);
        if m != i {
            resolved[i].backlinks = resolved[m].backlinks.clone();
        }
    }
    // Each entry knows its other languages.
    let mut groups: BTreeMap<(Kind, String), Vec<usize>> = BTreeMap::new();
    for (i, r) in resolved.iter().enumerate() {
        groups
            .entry((r.entry.kind, r.entry.id.clone()))
            .or_default()
            .push(i);
    }
    for members in groups.values() {
        for &i in members {
            resolved[i].translations = members
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| (resolved[j].entry.lang.clone(), j))
                .collect();
        }
    }

    let glossaries = build_glossaries(&resolved, &config, &mut problems);
    // A term used in another entry's text is linked there. Each entry's
    // text is made again from its Markdown to be searched, so the entries
    // are searched in parallel, and not at all without terms (the text
    // was a quarter of resolving at 10,000 pages).
    if let Some(g) = glossaries
        .get(&main)
        .filter(|g| !g.words.words().is_empty())
    {
        let linked: Vec<BTreeSet<(Kind, String)>> = resolved
            .par_iter()
            .filter(|r| r.entry.lang == main)
            .map(|r| terms_linked(&r.entry, &r.body.doc.text(), g, |t| &resolved[t].entry))
            .collect();
        linked_groups.extend(linked.into_iter().flatten());
    }
    problems.extend(check_orders(&resolved, &main));
    problems.extend(editorial_warnings(&resolved, &main, &linked_groups));
    problems.extend(unlinked_sources(&resolved));

    (
        ResolvedSite {
            config,
            entries: resolved.into_iter().map(Arc::new).collect(),
            assets,
            glossaries,
            menu,
            left_out: LeftOut {
                drafts,
                unreadable: unreadable.clone(),
            },
        },
        problems,
    )
}

/// The terms of glossary `g` that the text of entry `e` (of the main
/// language) uses, and so links: every one but the entry itself.
fn terms_linked<'a>(
    e: &Entry,
    text: &str,
    g: &Glossary,
    entry: impl Fn(usize) -> &'a Entry,
) -> BTreeSet<(Kind, String)> {
    crate::markdown::glossary_terms_in(text, &g.words)
        .into_iter()
        .map(|t| entry(g.terms[t]))
        .filter(|term| term.id != e.id || e.kind != Kind::Term)
        .map(|term| (Kind::Term, term.id.clone()))
        .collect()
}

/// Entry `i` of `site` resolved again after its body changed, and the
/// problems it had and has (those of resolving its references and links;
/// a full resolve would report the same, and nothing else differently).
#[derive(Debug)]
pub struct TextChange {
    /// The entry, resolved.
    pub entry: ResolvedEntry,
    /// What resolving it reported before the change.
    pub gone: Vec<Diagnostic>,
    /// What resolving it reports now.
    pub found: Vec<Diagnostic>,
}

/// Resolves entry `i` of `site` again with `new` in its place — what a
/// full [`resolve_site`] would make of it, without resolving the other
/// entries — when only its text changed in a way no other entry can see:
/// the same front matter (so the same references, title, backlinks), the
/// same heading ids (links to it with an anchor resolve as before), the
/// same entries and glossary terms linked from its text (the same
/// `unreferenced-entry` warnings), and no other language (a translation
/// inherits fields and records its main file's version). `None`
/// otherwise: then only a full resolve gives the right site.
pub fn resolve_text_change(site: &ResolvedSite, i: usize, new: ParsedEntry) -> Option<TextChange> {
    let old = site.entries.get(i)?;
    if !old.translations.is_empty()
        || old.entry.source != new.entry.source
        || !same_but_text(&old.entry, &new.entry)
    {
        return None;
    }
    let ids = |doc: &ParsedMarkdown| -> Vec<String> {
        doc.headings.iter().map(|h| h.id.clone()).collect()
    };
    if ids(&old.body.doc) != ids(&new.body) {
        return None;
    }
    let main = site.config.default_language();
    let index: HashMap<(Kind, &str, &str), usize> = site
        .entries
        .iter()
        .enumerate()
        .map(|(i, r)| {
            (
                (r.entry.kind, r.entry.id.as_str(), r.entry.lang.as_str()),
                i,
            )
        })
        .collect();
    let lookup = |kind: Kind, id: &str, lang: &str| -> Option<usize> {
        index
            .get(&(kind, id, lang))
            .or_else(|| index.get(&(kind, id, main)))
            .copied()
    };
    let ids_of = |kind: Kind| -> Vec<&str> {
        site.entries
            .iter()
            .filter(|r| r.entry.kind == kind && r.entry.lang == main)
            .map(|r| r.entry.id.as_str())
            .collect()
    };
    let by_source: HashMap<&str, usize> = site
        .entries
        .iter()
        .enumerate()
        .map(|(i, r)| (r.entry.source.as_str(), i))
        .collect();
    let asset_set: BTreeSet<&str> = site.assets.iter().map(|a| a.rel.as_str()).collect();
    let entry_at = |t: usize| (&site.entries[t].entry, &*site.entries[t].body.doc);
    let ctx = Ctx {
        unreadable: &site.left_out.unreadable,
        drafts: &site.left_out.drafts,
        ids_of: &ids_of,
        lookup: &lookup,
        by_source: &by_source,
        entry_at: &entry_at,
        asset_set: &asset_set,
    };
    let old_lines: Vec<Vec<&ParsedMarkdown>> = old
        .lines
        .iter()
        .map(|(_, docs)| docs.iter().map(|d| &*d.doc).collect())
        .collect();
    let before = ctx.resolve_entry(i, &old.entry, &old.body.doc, &old_lines);
    let new_lines: Vec<Vec<&ParsedMarkdown>> = new
        .lines
        .iter()
        .map(|(_, docs)| docs.iter().map(|d| &**d).collect())
        .collect();
    let now = ctx.resolve_entry(i, &new.entry, &new.body, &new_lines);
    if before.linked != now.linked {
        return None;
    }
    if new.entry.lang == main
        && let Some(g) = site.glossaries.get(main)
    {
        let entry = |t: usize| &site.entries[t].entry;
        if terms_linked(&old.entry, &old.body.doc.text(), g, entry)
            != terms_linked(&new.entry, &new.body.text(), g, entry)
        {
            return None;
        }
    }
    let lines = resolved_lines(new.lines, now.line_targets);
    Some(TextChange {
        entry: ResolvedEntry {
            entry: new.entry,
            url: old.url.clone(),
            body: ResolvedMarkdown {
                doc: new.body,
                targets: now.body_targets,
            },
            lines,
            phases: now.phases,
            roles: now.roles,
            related: now.related,
            people: now.people,
            speakers: now.speakers,
            sources: now.sources,
            backlinks: old.backlinks.clone(),
            translations: Vec::new(),
        },
        gone: before.problems,
        found: now.problems,
    })
}

/// An entry's Markdown lines (`lines` of its [`ParsedEntry`]) with where
/// each of their links leads.
fn resolved_lines(
    lines: Vec<(&'static str, Vec<Arc<ParsedMarkdown>>)>,
    targets: Vec<Vec<Vec<Target>>>,
) -> Vec<(&'static str, Vec<ResolvedMarkdown>)> {
    lines
        .into_iter()
        .zip(targets)
        .map(|((name, docs), targets)| {
            (
                name,
                docs.into_iter()
                    .zip(targets)
                    .map(|(doc, targets)| ResolvedMarkdown { doc, targets })
                    .collect(),
            )
        })
        .collect()
}

/// Whether two versions of an entry differ in their body text at most
/// (and so in the version of the file's text).
fn same_but_text(a: &Entry, b: &Entry) -> bool {
    let without_text = |e: &Entry| Entry {
        body: "".into(),
        text_hash: String::new(),
        ..e.clone()
    };
    without_text(a) == without_text(b)
}

/// What resolving one entry found: its references as entry indices, where
/// each link leads, and its problems.
struct Resolution {
    phases: Vec<usize>,
    roles: Vec<usize>,
    related: Vec<usize>,
    people: Vec<usize>,
    speakers: Vec<(String, Option<usize>)>,
    sources: Vec<Option<usize>>,
    body_targets: Vec<Target>,
    line_targets: Vec<Vec<Vec<Target>>>,
    problems: Vec<Diagnostic>,
    linked: Vec<(Kind, String)>,
}

/// What the per-entry resolution needs to know about the whole site.
struct Ctx<'a> {
    unreadable: &'a BTreeSet<String>,
    drafts: &'a BTreeSet<(Kind, String)>,
    ids_of: &'a (dyn Fn(Kind) -> Vec<&'a str> + Sync),
    lookup: &'a (dyn Fn(Kind, &str, &str) -> Option<usize> + Sync),
    by_source: &'a HashMap<&'a str, usize>,
    /// Entry `i` with its parsed body (what a link to it is checked against).
    entry_at: &'a (dyn Fn(usize) -> (&'a Entry, &'a ParsedMarkdown) + Sync),
    asset_set: &'a BTreeSet<&'a str>,
}

impl Ctx<'_> {
    /// Resolves the references and links of entry `i`: `e` with its
    /// parsed `body` and Markdown `lines` (by field, in order).
    fn resolve_entry(
        &self,
        i: usize,
        e: &Entry,
        body: &ParsedMarkdown,
        lines: &[Vec<&ParsedMarkdown>],
    ) -> Resolution {
        let lang = e.lang.as_str();
        let mut problems = Vec::new();
        let mut linked = BTreeSet::new();
        let mut phases = Vec::new();
        for r in e.phase_refs() {
            if let Some(t) =
                self.reference(e, r, Kind::Phase, &r.value, "phases", lang, &mut problems)
            {
                phases.push(t);
            }
        }
        let mut roles = Vec::new();
        for r in e.role_refs() {
            if let Some(t) =
                self.reference(e, r, Kind::Role, &r.value, "roles", lang, &mut problems)
            {
                roles.push(t);
            }
        }
        let mut people = Vec::new();
        let field = if e.kind == Kind::Talk {
            "speaker"
        } else {
            "people"
        };
        for r in e.person_refs() {
            let id = r
                .value
                .strip_prefix(crate::model::PERSON_PREFIX)
                .unwrap_or(&r.value);
            if let Some(t) = self.reference(e, r, Kind::Person, id, field, lang, &mut problems) {
                people.push(t);
            }
        }
        let speakers = match &e.fields {
            crate::model::Fields::Talk(t) => t
                .speakers
                .iter()
                .map(|s| match s {
                    crate::model::Speaker::Name(n) => (n.clone(), None),
                    crate::model::Speaker::Person(r) => {
                        let id = r
                            .value
                            .strip_prefix(crate::model::PERSON_PREFIX)
                            .unwrap_or(&r.value);
                        match (self.lookup)(Kind::Person, id, lang) {
                            Some(p) => ((self.entry_at)(p).0.title.clone(), Some(p)),
                            None => (r.value.clone(), None),
                        }
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        let sources = e
            .sources
            .iter()
            .map(|s| {
                let r = s.resource.as_ref()?;
                let id = r.value.strip_prefix("resources/")?;
                self.reference(e, r, Kind::Resource, id, "resource", lang, &mut problems)
            })
            .collect();
        let mut related = Vec::new();
        for (field, refs) in [("related", &e.related[..]), ("see_also", e.see_also_refs())] {
            for r in refs {
                let Some((folder, id)) = r.value.split_once('/') else {
                    continue; // already reported by the model
                };
                let Some(kind) = Kind::from_folder(folder) else {
                    continue;
                };
                let Some(t) = self.reference(e, r, kind, id, field, lang, &mut problems) else {
                    continue;
                };
                let target = (self.entry_at)(t).0;
                if t == i || (target.id == e.id && target.kind == e.kind) {
                    problems.push(Diagnostic::warning(
                        &e.source,
                        r.pos,
                        "self-reference",
                        format!("`{}` refers to the entry itself", r.value),
                    ));
                } else {
                    related.push(t);
                }
            }
        }
        let body_targets = self.targets(e, body, &mut problems, &mut linked);
        let line_targets = lines
            .iter()
            .map(|docs| {
                docs.iter()
                    .map(|d| self.targets(e, d, &mut problems, &mut linked))
                    .collect()
            })
            .collect();
        Resolution {
            phases,
            roles,
            related,
            people,
            speakers,
            sources,
            body_targets,
            line_targets,
            problems,
            linked: linked.into_iter().collect(),
        }
    }

    /// Resolves one reference of a front-matter field.
    #[allow(clippy::too_many_arguments)]
    fn reference(
        &self,
        e: &Entry,
        r: &Located<String>,
        kind: Kind,
        id: &str,
        field: &str,
        lang: &str,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<usize> {
        if let Some(t) = (self.lookup)(kind, id, lang) {
            return Some(t);
        }
        // A value taken from the main-language file is reported there.
        if e.inherited.contains(&field) {
            return None;
        }
        let width = r.value.chars().count();
        if self
            .unreadable
            .contains(&format!("content/{}/{id}.md", kind.folder()))
        {
            return None;
        }
        if self.drafts.contains(&(kind, id.to_string())) {
            problems.push(
                Diagnostic::error(
                    &e.source,
                    r.pos,
                    "draft-reference",
                    format!("`{}` refers to {} `{id}`, which is a draft", r.value, kind.name()),
                )
                .with_help("publish it (remove `draft: true`), remove the reference, or build with `--drafts`")
                .with_width(width),
            );
            return None;
        }
        let ids = (self.ids_of)(kind);
        let help = match did_you_mean(id, ids.iter().copied()) {
            Some(m) if field == "phases" || field == "roles" || field == "people" => {
                format!("did you mean `{m}`?")
            }
            Some(m) => format!("did you mean `{}/{m}`?", kind.folder()),
            None if ids.is_empty() => format!("there are no {} in this handbook", kind.folder()),
            None if ids.len() <= 12 => format!("the {} are: {}", kind.folder(), ids.join(", ")),
            None => format!("no {} has the id `{id}`", kind.name()),
        };
        problems.push(
            Diagnostic::error(
                &e.source,
                r.pos,
                "unknown-reference",
                format!(
                    "`{field}` names {} `{id}`, which does not exist",
                    kind.name()
                ),
            )
            .with_help(help)
            .with_width(width),
        );
        None
    }

    /// Where each link of `doc` leads; reports bare URLs too.
    fn targets(
        &self,
        e: &Entry,
        doc: &ParsedMarkdown,
        problems: &mut Vec<Diagnostic>,
        linked: &mut BTreeSet<(Kind, String)>,
    ) -> Vec<Target> {
        let targets = doc
            .links
            .iter()
            .map(|l| self.link(e, doc, l, problems, linked))
            .collect();
        if let Some(pos) = doc.too_deep {
            problems.push(
                Diagnostic::error(
                    &e.source,
                    pos,
                    "too-deep",
                    format!(
                        "the text nests more than {} levels deep here (blockquotes, lists, emphasis, links)",
                        crate::markdown::MAX_DEPTH
                    ),
                )
                .with_help("nest less: split the quote or list, or write the levels as headings"),
            );
        }
        for l in &doc.literal_links {
            problems.push(
                Diagnostic::error(
                    &e.source,
                    l.pos,
                    "literal-link",
                    format!(
                        "`[{}]({})` is not a link: an address with a space is shown as written",
                        l.text, l.dest
                    ),
                )
                .with_help(literal_link_help(doc, l))
                .with_width(l.width),
            );
        }
        for &pos in &doc.bare_urls {
            problems.push(
                Diagnostic::warning(
                    &e.source,
                    pos,
                    "bare-url",
                    "an address is written as a bare URL",
                )
                .with_help("write it as a link with readable text: `[the report](https://…)`"),
            );
        }
        targets
    }

    /// Resolves one link or image of a body.
    fn link(
        &self,
        e: &Entry,
        doc: &ParsedMarkdown,
        l: &BodyLink,
        problems: &mut Vec<Diagnostic>,
        linked: &mut BTreeSet<(Kind, String)>,
    ) -> Target {
        let width = l.dest.chars().count();
        if l.is_image && l.text.is_empty() {
            problems.push(
                Diagnostic::warning(&e.source, l.pos, "missing-alt", "an image has no alt text")
                    .with_help("describe the image between the brackets: `![Fasmodellen](…)`"),
            );
        }
        if l.autolink {
            problems.push(
                Diagnostic::warning(
                    &e.source,
                    l.pos,
                    "bare-url",
                    "an address is written as a bare URL",
                )
                .with_help("write it as a link with readable text: `[the report](https://…)`"),
            );
        }
        let dest = l.dest.trim();
        match crate::urls::check(&l.dest) {
            Err(refused) => {
                problems.push(crate::urls::unsafe_url(&e.source, l.pos, &l.dest, &refused));
                return Target::Broken(String::new());
            }
            Ok(crate::urls::Url::Absolute(_)) => return Target::External(dest.to_string()),
            Ok(crate::urls::Url::Relative) => {}
        }
        let (path, fragment) = match dest.split_once('#') {
            Some((p, f)) => (p, Some(decode(f))),
            None => (dest, None),
        };
        let path = path.split('?').next().unwrap_or("");
        let broken =
            |problems: &mut Vec<Diagnostic>, code: &'static str, msg: String, help: String| {
                problems.push(
                    Diagnostic::error(&e.source, l.pos, code, msg)
                        .with_help(help)
                        .with_width(width),
                );
                Target::Broken(dest.to_string())
            };
        if path.is_empty() {
            let frag = fragment.unwrap_or_default();
            if frag.is_empty() || doc_has_anchor(doc.headings.iter().map(|h| h.id.as_str()), &frag)
            {
                return Target::Fragment(frag);
            }
            let ids: Vec<&str> = doc.headings.iter().map(|h| h.id.as_str()).collect();
            return broken(
                problems,
                "broken-anchor",
                format!("`#{frag}` is not a heading of this page"),
                anchor_help(&frag, &ids),
            );
        }
        if path.starts_with('/') {
            return broken(
                problems,
                "absolute-link",
                format!(
                    "`{dest}` starts with `/`, which breaks when the site is opened from disk or a sub-path"
                ),
                "link to the Markdown file relatively, e.g. `../cases/processit.md`".to_string(),
            );
        }
        let base = e.source.rsplit_once('/').map_or("", |(d, _)| d);
        let Some(joined) = normalize(base, &decode(path)) else {
            return broken(
                problems,
                "broken-link",
                format!("`{dest}` points outside the handbook"),
                "links must stay inside `content/`".to_string(),
            );
        };
        if let Some(asset) = joined
            .strip_prefix("content/")
            .filter(|p| p.starts_with("assets/"))
        {
            if self.asset_set.contains(asset) {
                return Target::Asset(asset.to_string(), fragment);
            }
            let names: Vec<&str> = self.asset_set.iter().copied().collect();
            let help = match (
                self.relocated(base, dest, path),
                did_you_mean(asset, names.iter().copied()),
            ) {
                (Some(h), _) => h,
                (None, Some(m)) => format!("did you mean `{m}`?"),
                (None, None) => "put the file under `content/assets/`".to_string(),
            };
            return broken(
                problems,
                "broken-link",
                format!("`{dest}` does not exist"),
                help,
            );
        }
        if let Some(&t) = self.by_source.get(joined.as_str()) {
            let (target, target_body) = (self.entry_at)(t);
            linked.insert((target.kind, target.id.clone()));
            return match fragment {
                Some(frag) if !frag.is_empty() => {
                    if doc_has_anchor(target_body.headings.iter().map(|h| h.id.as_str()), &frag) {
                        Target::Entry(t, Some(frag))
                    } else {
                        let ids: Vec<&str> =
                            target_body.headings.iter().map(|h| h.id.as_str()).collect();
                        broken(
                            problems,
                            "broken-anchor",
                            format!("`{}` has no heading `#{frag}`", target.source),
                            anchor_help(&frag, &ids),
                        )
                    }
                }
                _ => {
                    // Without an anchor, a link leads to the reader's language.
                    let t = (self.lookup)(target.kind, &target.id, &e.lang).unwrap_or(t);
                    Target::Entry(t, None)
                }
            };
        }
        if self.unreadable.contains(&joined) {
            return Target::Broken(dest.to_string());
        }
        let in_content = joined.strip_prefix("content/").unwrap_or(&joined);
        let folder = in_content
            .trim_end_matches('/')
            .trim_end_matches("/README.md");
        if let Some(kind) = Kind::from_folder(folder) {
            return Target::KindIndex(kind);
        }
        if let Some((folder, file)) = in_content.split_once('/')
            && let Some(kind) = Kind::from_folder(folder)
            && let Some(id) = file.strip_suffix(".md")
        {
            let id = id.split('.').next().unwrap_or(id);
            if self.drafts.contains(&(kind, id.to_string())) {
                return broken(
                    problems,
                    "draft-reference",
                    format!("`{dest}` links to a draft"),
                    "publish it (remove `draft: true`), remove the link, or build with `--drafts`"
                        .to_string(),
                );
            }
            let ids = (self.ids_of)(kind);
            let help = match (
                self.relocated(base, dest, path),
                did_you_mean(id, ids.iter().copied()),
            ) {
                (Some(h), _) => h,
                (None, Some(m)) => format!("did you mean `{m}.md`?"),
                (None, None) => format!("no file `content/{folder}/{id}.md`"),
            };
            return broken(
                problems,
                "broken-link",
                format!("`{dest}` does not exist"),
                help,
            );
        }
        let help = self.relocated(base, dest, path).unwrap_or_else(|| {
            "link to an entry's Markdown file (`../cases/processit.md`) or to a file under `content/assets/`".to_string()
        });
        broken(
            problems,
            "broken-link",
            format!("`{dest}` is not a file of the handbook"),
            help,
        )
    }

    /// For a link that leads nowhere from the folder `base` of the file
    /// that holds it: the link that leads where the editor likely meant,
    /// when `path` names a file as seen from `content/` or from the
    /// handbook root (`roles/processledare.md` written in a case:
    /// `../roles/processledare.md`).
    fn relocated(&self, base: &str, dest: &str, path: &str) -> Option<String> {
        let decoded = decode(path);
        let found = ["content", ""].into_iter().find_map(|from| {
            let joined = normalize(from, &decoded)?;
            let exists = self.by_source.contains_key(joined.as_str())
                || joined
                    .strip_prefix("content/")
                    .is_some_and(|a| self.asset_set.contains(a));
            exists.then_some(joined)
        })?;
        let fixed = format!("{}{}", relative_path(base, &found), &dest[path.len()..]);
        Some(format!(
            "did you mean `{fixed}`? (a link is relative to the folder of the file that holds it, `{base}/`)"
        ))
    }
}

/// The path that leads from the folder `from` to the file `to`, both
/// relative to the handbook root (`content/cases`, `content/roles/x.md`:
/// `../roles/x.md`).
fn relative_path(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|p| !p.is_empty()).collect();
    let to: Vec<&str> = to.split('/').filter(|p| !p.is_empty()).collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let mut parts = vec![".."; from.len() - common];
    parts.extend(&to[common..]);
    parts.join("/")
}

/// The working form of a literal link: an anchor as GitHub writes it
/// (`#identitet-och-berättelse`), or the address in `<…>`.
fn literal_link_help(doc: &ParsedMarkdown, l: &crate::markdown::LiteralLink) -> String {
    let dest = l.dest.trim();
    match dest.split_once('#') {
        Some((path, frag)) if !path.contains(' ') => {
            let slug = crate::markdown::github_slug(frag.trim());
            let unknown = path.is_empty()
                && !doc_has_anchor(doc.headings.iter().map(|h| h.id.as_str()), &slug);
            format!(
                "write the anchor as GitHub makes it from the heading (lowercase, spaces as `-`): `[{}]({path}#{slug})`{}",
                l.text,
                if unknown {
                    "; this page has no such heading yet"
                } else {
                    ""
                }
            )
        }
        _ => format!(
            "write the address without spaces (`%20` for one), or inside `<…>`: `[{}](<{dest}>)`",
            l.text
        ),
    }
}

fn doc_has_anchor<'a>(mut ids: impl Iterator<Item = &'a str>, frag: &str) -> bool {
    ids.any(|id| id == frag)
}

fn anchor_help(frag: &str, ids: &[&str]) -> String {
    // The heading's own text written as the anchor (`#Mål och Medel`):
    // GitHub's rule gives the anchor to write.
    let slug = crate::markdown::github_slug(frag);
    if slug != frag && ids.contains(&slug.as_str()) {
        return format!(
            "did you mean `#{slug}`? (an anchor is the heading lowercased, spaces as `-`, punctuation dropped)"
        );
    }
    match did_you_mean(frag, ids.iter().copied()) {
        Some(m) => format!("did you mean `#{m}`?"),
        None if ids.is_empty() => "the page has no headings".to_string(),
        None => format!(
            "its headings are: {}",
            ids.iter()
                .map(|i| format!("#{i}"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

fn has_scheme(dest: &str) -> bool {
    match dest.split_once(':') {
        Some((scheme, _)) => {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '+' || c == '-' || c == '.')
        }
        None => false,
    }
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s)
        .decode_utf8_lossy()
        .into_owned()
}

/// Joins a relative `path` to folder `base` (both `/`-separated, relative
/// to the root) and removes `.` and `..`; `None` if it leaves the root.
fn normalize(base: &str, path: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    let mut s = parts.join("/");
    if path.ends_with('/') {
        s.push('/');
    }
    Some(s)
}

fn resolve_menu_link(
    link: &str,
    lookup: &dyn Fn(Kind, &str, &str) -> Option<usize>,
    main: &str,
) -> Target {
    if has_scheme(link) {
        return Target::External(link.to_string());
    }
    let link = link.trim_matches('/');
    if let Some(kind) = Kind::from_folder(link) {
        return Target::KindIndex(kind);
    }
    if let Some((folder, id)) = link.split_once('/')
        && let Some(kind) = Kind::from_folder(folder)
        && let Some(t) = lookup(kind, id, main)
    {
        return Target::Entry(t, None);
    }
    Target::Broken(link.to_string())
}

fn check_orders(entries: &[ResolvedEntry], main: &str) -> Vec<Diagnostic> {
    let mut seen: BTreeMap<i64, &str> = BTreeMap::new();
    let mut out = Vec::new();
    for r in entries {
        if let crate::model::Fields::Phase(f) = &r.entry.fields {
            if r.entry.lang != main {
                continue;
            }
            if let Some(other) = seen.insert(f.order.value, &r.entry.source) {
                out.push(
                    Diagnostic::error(
                        &r.entry.source,
                        f.order.pos,
                        "duplicate-order",
                        format!("phase order {} is already used by `{other}`", f.order.value),
                    )
                    .with_help("give every phase its own `order`"),
                );
            }
        }
    }
    out
}

fn editorial_warnings(
    entries: &[ResolvedEntry],
    main: &str,
    linked: &BTreeSet<(Kind, String)>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    let mut titles: BTreeMap<(Kind, &str, String), &str> = BTreeMap::new();
    for r in entries {
        let e = &r.entry;
        let key = (e.kind, e.lang.as_str(), e.title.to_lowercase());
        if let Some(first) = titles.insert(key, &e.source) {
            out.push(
                Diagnostic::warning(
                    &e.source,
                    Pos::new(2, 1),
                    "duplicate-title",
                    format!("another {} has the same title: `{first}`", e.kind.name()),
                )
                .with_help("give each entry a title readers can tell apart"),
            );
        }
        if e.lang != main {
            continue;
        }
        match &e.fields {
            crate::model::Fields::Case(c) if c.phases.is_empty() => out.push(
                match e.field_pos("phases") {
                    Some(pos) => Diagnostic::warning(&e.source, pos, "case-without-phases", "the case names no phases")
                        .with_help("name the phases the case tells of, e.g. `phases: [pilot, etablering]`, so readers find it from the model"),
                    None => Diagnostic::warning(&e.source, Pos::new(2, 1), "case-without-phases", "the case names no phases")
                        .with_help("add `phases: [...]` so readers find the case from the model"),
                },
            ),
            crate::model::Fields::Talk(t) if t.date.is_none() => out.push(
                Diagnostic::warning(&e.source, Pos::new(2, 1), "talk-without-date", "the talk has no date")
                    .with_help("add `date: YYYY-MM-DD` (or `YYYY-MM`, or `YYYY`) as precisely as the source gives it"),
            ),
            _ => {}
        }
        if !is_reachable(r, linked) {
            out.push(
                Diagnostic::warning(
                    &e.source,
                    Pos::new(2, 1),
                    "unreferenced-entry",
                    format!(
                        "no page but the index of {} links to this {}",
                        e.kind.folder(),
                        e.kind.name()
                    ),
                )
                .with_help(unreferenced_help(e.kind)),
            );
        }
    }
    out
}

/// A title as compared with another: lower case, letters and digits only,
/// one space between words.
fn title_words(s: &str) -> String {
    s.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether a source titled `source` is the document of the resource
/// titled `resource`: the source's title holds the resource's whole title,
/// or its main title (the part before ` – ` or `: `) when that has at
/// least three words. `Reglab: Lärprojekt Klusterutveckling – Regionalt
/// stöd … (2010)` matches the resource `Lärprojekt Klusterutveckling –
/// Regionalt stöd …`.
pub fn source_matches_resource(source: &str, resource: &str) -> bool {
    let hay = format!(" {} ", title_words(source));
    let whole = title_words(resource);
    if whole.is_empty() {
        return false;
    }
    if hay.contains(&format!(" {whole} ")) {
        return true;
    }
    let head = resource
        .split([':', '–', '—'])
        .next()
        .map(title_words)
        .unwrap_or_default();
    head.split(' ').count() >= 3 && hay.contains(&format!(" {head} "))
}

/// `unlinked-source`: a source given by title whose title is that of a
/// resource of the handbook, which it could reference instead (a resource
/// citing its own document is not asked to name itself).
fn unlinked_sources(entries: &[ResolvedEntry]) -> Vec<Diagnostic> {
    let resources: Vec<&ResolvedEntry> = entries
        .iter()
        .filter(|r| r.entry.kind == Kind::Resource)
        .collect();
    let mut out = Vec::new();
    for r in entries {
        for s in &r.entry.sources {
            if s.resource.is_some() {
                continue;
            }
            let Some(title) = &s.title else { continue };
            if let Some(res) = resources.iter().find(|res| {
                !(r.entry.kind == Kind::Resource && res.entry.id == r.entry.id)
                    && source_matches_resource(&title.value, &res.entry.title)
            }) {
                out.push(
                    Diagnostic::warning(
                        &r.entry.source,
                        title.pos,
                        "unlinked-source",
                        format!(
                            "the source `{}` is the resource `{}` but does not reference it",
                            title.value, res.entry.source
                        ),
                    )
                    .with_help(format!(
                        "write `resource: resources/{}` (and keep `pages:`), so readers reach the document's entry in one click",
                        res.entry.id
                    ))
                    .with_width(title.value.chars().count()),
                );
            }
        }
    }
    out
}

/// Whether a reader finds the entry `r` from a page other than its kind's
/// index: phases and pages through the model and the menu; anything else
/// through a link in a text (`linked`), another entry's `related`,
/// `see_also`, `phases`, `roles` or `people`, or a source naming it (its
/// backlinks), or its own `phases` and
/// `roles`, since the page of each phase and role it names lists it (an
/// id there that does not exist is reported as such, not again here).
fn is_reachable(r: &ResolvedEntry, linked: &BTreeSet<(Kind, String)>) -> bool {
    let e = &r.entry;
    let b = &r.backlinks;
    matches!(e.kind, Kind::Phase | Kind::Page)
        || !e.phase_refs().is_empty()
        || !e.role_refs().is_empty()
        || !b.named_by.is_empty()
        || !b.referenced_by.is_empty()
        || !b.cited_by.is_empty()
        || linked.contains(&(e.kind, e.id.clone()))
}

/// The ways an entry of `kind` can be reached: only the fields that can
/// point at that kind.
fn unreferenced_help(kind: Kind) -> String {
    let own = "give it `phases` or `roles` (the page of each one it names lists it)";
    let related = "name it in another entry's `related`";
    let link = format!(
        "link it from another entry's text, e.g. `[…](../{}/<id>.md)`",
        kind.folder()
    );
    match kind {
        Kind::Role => format!(
            "name it in a case's or talk's `roles`, or give it `phases` (those phase pages list it), or {related}, or {link}"
        ),
        Kind::Case | Kind::Talk => format!("{own}, or {related}, or {link}"),
        Kind::Resource => format!(
            "give it `phases` (those phase pages list it), or cite it as a source (`resource: resources/<id>`), or {related}, or {link}"
        ),
        Kind::Person => format!(
            "name it in a case's or resource's `people`, or as a talk's `speaker: people/<id>`, or {related}, or {link}"
        ),
        Kind::Term => format!(
            "use the term in another entry's text (it is linked there), or name it in another term's `see_also` or another entry's `related`, or {link}"
        ),
        Kind::Phase | Kind::Page => format!("{related}, or {link}"),
    }
}

fn build_glossaries(
    entries: &[ResolvedEntry],
    config: &SiteConfig,
    problems: &mut Vec<Diagnostic>,
) -> BTreeMap<String, Glossary> {
    let main = config.default_language();
    let mut out = BTreeMap::new();
    for lang in &config.languages {
        let mut g = Glossary::default();
        let mut owner: HashMap<String, usize> = HashMap::new();
        let mut words = Vec::new();
        for (i, r) in entries.iter().enumerate() {
            if r.entry.kind != Kind::Term {
                continue;
            }
            // The term in this language, or the main one when untranslated.
            let here = r.entry.lang == *lang;
            let fallback = r.entry.lang == main && !r.translations.iter().any(|(l, _)| l == lang);
            if !here && !fallback {
                continue;
            }
            let term = g.terms.len();
            g.terms.push(i);
            for w in std::iter::once(&r.entry.title).chain(r.entry.aliases()) {
                let w = w.trim().to_lowercase();
                if w.chars().count() < 2 {
                    continue;
                }
                match owner.get(&w) {
                    Some(&other) if other != term => {
                        if lang == main {
                            let first = &entries[g.terms[other]].entry.source;
                            problems.push(
                                Diagnostic::warning(
                                    &r.entry.source,
                                    Pos::new(2, 1),
                                    "ambiguous-alias",
                                    format!("`{w}` is also a title or alias of `{first}`; only that term is linked"),
                                )
                                .with_help("keep each alias on one term"),
                            );
                        }
                    }
                    Some(_) => {}
                    None => {
                        owner.insert(w.clone(), term);
                        words.push(GlossaryWord { word: w, term });
                    }
                }
            }
        }
        words.sort_by(|a, b| b.word.len().cmp(&a.word.len()).then(a.word.cmp(&b.word)));
        g.words = GlossaryWords::new(words);
        out.insert(lang.clone(), g);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_joins_and_guards_the_root() {
        assert_eq!(
            normalize("content/cases", "../phases/pilot.md").as_deref(),
            Some("content/phases/pilot.md")
        );
        assert_eq!(
            normalize("content/cases", "./x.md").as_deref(),
            Some("content/cases/x.md")
        );
        assert_eq!(normalize("content", "../../x.md"), None);
    }

    #[test]
    fn relative_paths_lead_from_a_folder_to_a_file() {
        assert_eq!(
            relative_path("content/cases", "content/roles/x.md"),
            "../roles/x.md"
        );
        assert_eq!(relative_path("content/cases", "content/cases/y.md"), "y.md");
        assert_eq!(
            relative_path("content", "content/assets/a.svg"),
            "assets/a.svg"
        );
        assert_eq!(
            relative_path("content/pages", "content/assets/img/a.svg"),
            "../assets/img/a.svg"
        );
    }

    #[test]
    fn source_titles_match_resources_by_whole_or_main_title() {
        let reglab = "Lärprojekt Klusterutveckling – Regionalt stöd för utveckling av kluster";
        assert!(source_matches_resource(
            "Reglab: Lärprojekt Klusterutveckling – Regionalt stöd för utveckling av kluster (2010)",
            reglab
        ));
        assert!(source_matches_resource(
            "Agenda Kaupang for KS: Lokale samfunnsfloker krever innovasjon (SLIK)",
            "Lokale samfunnsfloker krever innovasjon – hvordan jobbe systematisk med innovasjon"
        ));
        assert!(!source_matches_resource(
            "SLIK: brukerundersøkelse",
            "SLIK – Systematisk ledelse av innovasjon i kommunene"
        ));
        assert!(!source_matches_resource("Lärprojekt", reglab));
        assert!(!source_matches_resource(
            "Menon: Evaluering av Arena-programmet",
            "Menon: Evaluering av Arena-programmet (2011)"
        ));
    }

    #[test]
    fn schemes_are_recognised() {
        assert!(has_scheme("https://x.org"));
        assert!(has_scheme("mailto:a@b.se"));
        assert!(!has_scheme("../x.md"));
        assert!(!has_scheme("x.md#a:b"));
    }

    #[test]
    fn entry_urls_put_translations_under_their_language() {
        assert_eq!(entry_url(Kind::Case, "x", "sv", "sv"), "cases/x/index.html");
        assert_eq!(
            entry_url(Kind::Phase, "pilot", "en", "sv"),
            "en/phases/pilot/index.html"
        );
    }
}
