//! Rendering: the resolved handbook through the theme's templates to pages.
//!
//! In: a [`ResolvedSite`] and a [`Theme`]. Out: the site as a list of
//! [`OutputFile`]s in memory — every page, index, facet page, the theme's
//! static files and the assets — nothing written yet. Each template gets
//! plain view data (titles, summaries, relative hrefs); every href is
//! relative to the page it is on, so the site works at any path and from
//! disk. Pages render in parallel; the order of the output is fixed.

use crate::diagnostics::{Diagnostic, Pos};
use crate::markdown::{self, GlossaryLinks};
use crate::minify;
use crate::model::{Fields, Kind};
use crate::resolve::{ResolvedEntry, ResolvedMarkdown, ResolvedSite, Target};
use crate::theme::Theme;
use rayon::prelude::*;
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// One file of the built site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    /// Path from the site root (`cases/processit/index.html`).
    pub path: String,
    /// What goes in it.
    pub contents: Contents,
}

/// The contents of an output file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Contents {
    /// Bytes made by the build.
    Bytes(Vec<u8>),
    /// A file copied as it is from this path.
    Copy(std::path::PathBuf),
}

/// Options that change how pages are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RenderOptions {
    /// Minify HTML.
    pub minify: bool,
}

/// Renders every page of the site, in memory, sorted by path.
pub fn render_site(
    site: &ResolvedSite,
    theme: &Theme,
    opts: RenderOptions,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let r = Renderer::new(site, theme, opts)?;
    let mut files = without_problems(r.files().collect())?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(files)
}

/// What was made of every file, or the problems when any file failed.
/// Template problems are the same on every page that uses the template:
/// each is reported once.
pub fn without_problems<T>(results: Vec<Result<T, Diagnostic>>) -> Result<Vec<T>, Vec<Diagnostic>> {
    let mut made = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(t) => made.push(t),
            Err(d) => problems.push(d),
        }
    }
    if problems.is_empty() {
        return Ok(made);
    }
    problems.sort_by(|a, b| a.message.cmp(&b.message));
    problems.dedup_by(|a, b| a.message == b.message);
    Err(problems)
}

fn template_error(name: &str, e: &tera::Error) -> Diagnostic {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    Diagnostic::error(
        format!("themes/default/templates/{name}"),
        Pos::start(),
        "template-error",
        msg,
    )
    .with_help("fix the template (Tera syntax), or remove the override to use the default theme")
}

fn load_templates(theme: &Theme) -> Result<tera::Tera, Vec<Diagnostic>> {
    let mut tera = tera::Tera::default();
    let mut list = Vec::new();
    for (name, bytes) in theme.templates() {
        match std::str::from_utf8(bytes) {
            Ok(s) => list.push((name.to_string(), s.to_string())),
            Err(_) => {
                return Err(vec![Diagnostic::error(
                    format!("themes/default/templates/{name}"),
                    Pos::start(),
                    "invalid-utf8",
                    "the template is not valid UTF-8 text",
                )]);
            }
        }
    }
    tera.add_raw_templates(list)
        .map_err(|e| vec![template_error("(templates)", &e)])?;
    tera.autoescape_on(vec![".html"]);
    Ok(tera)
}

type Strings = BTreeMap<String, BTreeMap<String, String>>;

fn load_strings(theme: &Theme) -> Result<Strings, Vec<Diagnostic>> {
    let bytes = theme
        .files
        .get("strings.json")
        .map(Vec::as_slice)
        .unwrap_or(b"{}");
    serde_json::from_slice(bytes).map_err(|e| {
        vec![Diagnostic::error(
            "themes/default/strings.json",
            Pos::new(e.line(), e.column()),
            "invalid-value",
            format!("the theme's UI words are not valid: {e}"),
        )]
    })
}

/// A page of the site as [`Renderer::pages_where`] offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageRef<'a> {
    /// The page of the entry with this index.
    Entry(usize),
    /// The page of a tag in a language.
    Tag {
        /// The language.
        lang: &'a str,
        /// The tag as written.
        tag: &'a str,
    },
    /// The page of a facet's value (a case's `country` or `region`, a
    /// person's `region`, `organisation` or `country`).
    Facet {
        /// The language.
        lang: &'a str,
        /// The kind whose entries the page lists.
        kind: Kind,
        /// `country` or `region`.
        facet: &'a str,
        /// The value as written.
        value: &'a str,
    },
    /// The whole handbook of a language as one printable document.
    Print {
        /// The language.
        lang: &'a str,
    },
    /// Any other page: home, indexes, the tag list, search, 404, sitemap.
    Listing,
}

/// One page to render.
#[derive(Debug, Clone)]
enum Job {
    Home(String),
    Entry(usize),
    KindIndex(Kind, String),
    Tags(String),
    Tag(String, String),
    Facet {
        lang: String,
        kind: Kind,
        facet: &'static str,
        value: String,
    },
    Questions(String),
    Search(String),
    /// The whole handbook of a language as one printable document.
    Print(String),
    NotFound,
    Sitemap,
    Robots,
    Feed,
}

impl Job {
    fn page_ref(&self) -> PageRef<'_> {
        match self {
            Job::Entry(i) => PageRef::Entry(*i),
            Job::Tag(lang, tag) => PageRef::Tag { lang, tag },
            Job::Facet {
                lang,
                kind,
                facet,
                value,
            } => PageRef::Facet {
                lang,
                kind: *kind,
                facet,
                value,
            },
            Job::Print(lang) => PageRef::Print { lang },
            _ => PageRef::Listing,
        }
    }
}

/// The theme loaded and the site's pages planned: ready to render them.
pub struct Renderer<'a> {
    site: &'a ResolvedSite,
    theme: &'a Theme,
    tera: tera::Tera,
    strings: Strings,
    opts: RenderOptions,
    /// The phases (main language) in model order, computed once.
    phases: Vec<usize>,
    /// Per language, the template context every page starts from.
    base_contexts: BTreeMap<String, tera::Context>,
    /// Per entry, the key lists are sorted by: phases in order, talks by
    /// date, the rest by title (Nordic letters last).
    sort_keys: Vec<(i64, String, String, String)>,
    /// The resource entry of each source title (see `source_entries`).
    source_entries: BTreeMap<String, usize>,
    /// Every page of the site.
    jobs: Vec<Job>,
    /// The URL slug of every tag, region and country (see [`value_slugs`]).
    slugs: HashMap<String, String>,
}

/// A theme's templates, parsed once by [`Templates::load`] for callers
/// that render the same theme again and again (`serve` keeps them between
/// rebuilds: parsing is most of the cost of a [`Renderer`] that renders
/// one page).
#[derive(Clone)]
pub struct Templates(tera::Tera);

impl Templates {
    /// Parses the templates of `theme`.
    pub fn load(theme: &Theme) -> Result<Self, Vec<Diagnostic>> {
        load_templates(theme).map(Templates)
    }
}

impl<'a> Renderer<'a> {
    /// Loads the theme's templates and UI words and plans the pages.
    pub fn new(
        site: &'a ResolvedSite,
        theme: &'a Theme,
        opts: RenderOptions,
    ) -> Result<Self, Vec<Diagnostic>> {
        Self::with_templates(site, theme, opts, Templates::load(theme)?)
    }

    /// [`Renderer::new`] with the templates of `theme` already parsed.
    pub fn with_templates(
        site: &'a ResolvedSite,
        theme: &'a Theme,
        opts: RenderOptions,
        templates: Templates,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut r = Renderer {
            site,
            theme,
            tera: templates.0,
            strings: load_strings(theme)?,
            opts,
            phases: Vec::new(),
            base_contexts: BTreeMap::new(),
            sort_keys: site.entries.iter().map(|e| sort_key(&e.entry)).collect(),
            jobs: Vec::new(),
            source_entries: BTreeMap::new(),
            slugs: value_slugs(site.entries.iter().flat_map(|e| {
                let facets: Vec<&str> = match &e.entry.fields {
                    Fields::Case(c) => c
                        .region
                        .iter()
                        .chain(&c.country)
                        .map(String::as_str)
                        .collect(),
                    Fields::Person(p) => p
                        .region
                        .iter()
                        .chain(&p.country)
                        .chain(&p.organisation)
                        .map(String::as_str)
                        .collect(),
                    _ => Vec::new(),
                };
                e.entry.tags.iter().map(|t| t.value.as_str()).chain(facets)
            })),
        };
        r.phases = r.phases_sorted();
        r.source_entries = r.find_source_entries();
        r.base_contexts = site
            .config
            .languages
            .iter()
            .map(|l| {
                let mut ctx = tera::Context::new();
                ctx.insert("t", &r.words(l));
                (l.clone(), ctx)
            })
            .collect();
        r.jobs = r.jobs();
        Ok(r)
    }

    /// Every file of the site — pages, the theme's static files, the
    /// assets — rendered in parallel as they are consumed, in no fixed
    /// order; a page whose template fails is a problem in its place.
    pub fn files(&self) -> impl ParallelIterator<Item = Result<OutputFile, Diagnostic>> + '_ {
        let statics: Vec<(&str, &[u8])> = self.theme.statics().collect();
        let assets: Vec<OutputFile> = self
            .site
            .assets
            .iter()
            .map(|a| OutputFile {
                path: a.rel.clone(),
                contents: Contents::Copy(a.abs.clone()),
            })
            .collect();
        self.jobs
            .par_iter()
            .map(|job| self.render_job(job))
            .chain(
                statics
                    .into_par_iter()
                    .map(|(name, bytes)| Ok(self.theme_file(name, bytes))),
            )
            .chain(assets.into_par_iter().map(Ok))
    }

    /// The path of every page of the site (not the theme's files, the
    /// assets or the search index).
    pub fn page_paths(&self) -> Vec<String> {
        self.jobs.iter().map(|j| self.page_url(j)).collect()
    }

    /// The pages `keep` chooses, rendered in parallel; for rebuilds that
    /// render again only the pages whose output can have changed.
    pub fn pages_where<'s, F>(
        &'s self,
        keep: F,
    ) -> impl ParallelIterator<Item = Result<OutputFile, Diagnostic>> + 's
    where
        F: Fn(PageRef<'_>) -> bool + Sync + Send + 's,
    {
        self.jobs
            .par_iter()
            .filter(move |job| keep(job.page_ref()))
            .map(|job| self.render_job(job))
    }

    /// A static file of the theme as written: minified like the pages.
    fn theme_file(&self, name: &str, bytes: &[u8]) -> OutputFile {
        let contents = if self.opts.minify {
            minify::static_file(name, bytes)
        } else {
            bytes.to_vec()
        };
        OutputFile {
            path: format!("theme/{name}"),
            contents: Contents::Bytes(contents),
        }
    }
}

fn sort_key(e: &crate::model::Entry) -> (i64, String, String, String) {
    let date = match &e.fields {
        Fields::Talk(t) => t.date.clone().unwrap_or_else(|| "9999".into()),
        _ => String::new(),
    };
    (
        e.order().unwrap_or(i64::MAX),
        date,
        collate(&e.title),
        e.id.clone(),
    )
}

/// The phase bar shows the whole model on every page; a model with more
/// phases than this is reached through the phases index and previous/next
/// links instead (a bar of hundreds of links helps no reader).
const MAX_PHASE_BAR: usize = 12;

/// Sort key that puts å, ä, ö (and æ, ø) after z, as Nordic readers expect.
fn collate(s: &str) -> String {
    s.to_lowercase()
        .chars()
        .map(|c| match c {
            'å' => '{',
            'ä' | 'æ' => '|',
            'ö' | 'ø' => '}',
            c => c,
        })
        .collect()
}

/// The relative prefix from page `url` to the site root.
fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// The longest slug of a tag or facet value kept as it is (in bytes; the
/// folder name must fit every file system, and a reader must be able to
/// read the address).
pub const MAX_SLUG: usize = 60;

/// The URL slugs of the tag and facet values `values`, distinct for
/// distinct values. A value's slug is its transliteration (`Skåne` →
/// `skane`) when no other value has the same one and it is neither empty
/// nor longer than [`MAX_SLUG`]; otherwise a short stable hash of the value
/// is added (`C++` → `c-1b3f0a2c`, `C#` → `c-9e01d4f7`, `Кластер` →
/// `4c6a90e1`), so no two values share a page and no entry vanishes.
pub fn value_slugs<'a>(values: impl IntoIterator<Item = &'a str>) -> HashMap<String, String> {
    let mut by_base: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for v in values {
        by_base
            .entry(crate::source::slugify(v))
            .or_default()
            .insert(v);
    }
    let mut out = HashMap::new();
    for (base, group) in by_base {
        let plain = group.len() == 1 && !base.is_empty() && base.len() <= MAX_SLUG;
        for v in group {
            let slug = if plain {
                base.clone()
            } else {
                let mut cut = base.as_str();
                while cut.len() > MAX_SLUG {
                    cut = &cut[..cut.len() - 1];
                }
                let cut = cut.trim_end_matches('-');
                let hash = format!("{:08x}", fnv1a(v) as u32);
                if cut.is_empty() {
                    hash
                } else {
                    format!("{cut}-{hash}")
                }
            };
            out.insert(v.to_string(), slug);
        }
    }
    out
}

/// FNV-1a, a small hash that is the same on every machine and build.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Renderer<'_> {
    /// The URL slug of a tag or facet value.
    fn value_slug(&self, v: &str) -> String {
        match self.slugs.get(v) {
            Some(s) => s.clone(),
            None => value_slugs([v]).remove(v).unwrap_or_default(),
        }
    }

    fn main(&self) -> &str {
        self.site.config.default_language()
    }

    /// The href from page `from` to `path` (from the root of language
    /// `lang`'s part of the site).
    fn lang_href(&self, from: &str, lang: &str, path: &str) -> String {
        format!("{}{}{path}", root_of(from), self.lang_prefix(lang))
    }

    fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.main() {
            String::new()
        } else {
            format!("{lang}/")
        }
    }

    fn entries_in(&self, lang: &str) -> impl Iterator<Item = (usize, &ResolvedEntry)> {
        self.site
            .entries
            .iter()
            .enumerate()
            .filter(move |(_, e)| e.entry.lang == lang)
    }

    fn jobs(&self) -> Vec<Job> {
        let mut jobs = Vec::new();
        for lang in &self.site.config.languages {
            jobs.push(Job::Home(lang.clone()));
            jobs.push(Job::Search(lang.clone()));
            jobs.push(Job::Print(lang.clone()));
            jobs.push(Job::Tags(lang.clone()));
            for kind in Kind::ALL {
                jobs.push(Job::KindIndex(kind, lang.clone()));
            }
            let mut tags = BTreeSet::new();
            for (_, e) in self.entries_in(lang) {
                for t in &e.entry.tags {
                    tags.insert(t.value.clone());
                }
            }
            for t in tags {
                jobs.push(Job::Tag(lang.clone(), t));
            }
            jobs.push(Job::Questions(lang.clone()));
            for kind in FACETED {
                for (facet, values) in self.facet_values(kind, lang) {
                    for value in values {
                        jobs.push(Job::Facet {
                            lang: lang.clone(),
                            kind,
                            facet,
                            value,
                        });
                    }
                }
            }
        }
        jobs.extend((0..self.site.entries.len()).map(Job::Entry));
        jobs.push(Job::NotFound);
        jobs.push(Job::Robots);
        jobs.push(Job::Feed);
        if self.site.config.base_url.is_some() {
            jobs.push(Job::Sitemap);
        }
        jobs
    }

    /// The language whose entries make a kind's facet pages: a case's own
    /// language; for people the main language (a person's organisation and
    /// region do not change with the reader's language).
    fn facet_lang<'l>(&'l self, kind: Kind, lang: &'l str) -> &'l str {
        if kind == Kind::Person {
            self.main()
        } else {
            lang
        }
    }

    /// The facets of `kind` (cases: country, region; people: region,
    /// organisation, country) with their values, for `lang`.
    fn facet_values(&self, kind: Kind, lang: &str) -> Vec<(&'static str, BTreeSet<String>)> {
        facets_of(kind)
            .iter()
            .map(|&facet| {
                let values = self
                    .entries_in(self.facet_lang(kind, lang))
                    .filter(|(_, e)| e.entry.kind == kind)
                    .filter_map(|(_, e)| facet_value(&e.entry, facet).map(str::to_string))
                    .collect();
                (facet, values)
            })
            .collect()
    }

    fn page_url(&self, job: &Job) -> String {
        match job {
            Job::Home(l) => format!("{}index.html", self.lang_prefix(l)),
            Job::Entry(i) => self.site.entries[*i].url.clone(),
            Job::KindIndex(k, l) => format!("{}{}/index.html", self.lang_prefix(l), k.folder()),
            Job::Tags(l) => format!("{}tags/index.html", self.lang_prefix(l)),
            Job::Tag(l, t) => format!(
                "{}tags/{}/index.html",
                self.lang_prefix(l),
                self.value_slug(t)
            ),
            Job::Facet {
                lang,
                kind,
                facet,
                value,
            } => format!(
                "{}{}/{facet}/{}/index.html",
                self.lang_prefix(lang),
                kind.folder(),
                self.value_slug(value)
            ),
            Job::Questions(l) => format!("{}questions/index.html", self.lang_prefix(l)),
            Job::Search(l) => format!("{}search/index.html", self.lang_prefix(l)),
            Job::Print(l) => format!("{}print/index.html", self.lang_prefix(l)),
            Job::NotFound => "404.html".to_string(),
            Job::Sitemap => "sitemap.xml".to_string(),
            Job::Robots => "robots.txt".to_string(),
            Job::Feed => "feed.xml".to_string(),
        }
    }

    fn render_job(&self, job: &Job) -> Result<OutputFile, Diagnostic> {
        let url = self.page_url(job);
        let (template, lang, page) = match job {
            Job::Home(l) => ("home.html", l.as_str(), self.home_view(l, &url)),
            Job::Entry(i) => {
                let e = &self.site.entries[*i];
                (
                    template_for(e.entry.kind),
                    e.entry.lang.as_str(),
                    self.entry_view(*i, &url),
                )
            }
            Job::KindIndex(k, l) => (
                "kind_index.html",
                l.as_str(),
                self.kind_index_view(*k, l, &url),
            ),
            Job::Tags(l) => ("tags.html", l.as_str(), self.tags_view(l, &url)),
            Job::Tag(l, t) => ("tag.html", l.as_str(), self.tag_view(l, t, &url)),
            Job::Facet {
                lang,
                kind,
                facet,
                value,
            } => (
                "facet.html",
                lang.as_str(),
                self.facet_view(lang, *kind, facet, value, &url),
            ),
            Job::Questions(l) => ("questions.html", l.as_str(), self.questions_view(l, &url)),
            Job::Search(l) => (
                "search.html",
                l.as_str(),
                json!({"title": self.word(l, "search")}),
            ),
            Job::NotFound => (
                "404.html",
                self.main(),
                json!({"title": self.word(self.main(), "not_found")}),
            ),
            Job::Print(l) => ("print.html", l.as_str(), self.print_view(l, &url)),
            Job::Sitemap => ("sitemap.xml", self.main(), self.sitemap_view()),
            Job::Robots => (
                "robots.txt",
                self.main(),
                json!({"sitemap": self.site.config.base_url.as_ref().map(|b| format!("{b}sitemap.xml"))}),
            ),
            Job::Feed => ("feed.xml", self.main(), self.feed_view()),
        };
        let mut ctx = self.base_contexts.get(lang).cloned().unwrap_or_default();
        ctx.insert("site", &self.site_view(lang, &url, job));
        ctx.insert("page", &page);
        let html = self
            .tera
            .render(template, &ctx)
            .map_err(|e| template_error(template, &e))?;
        let bytes = if self.opts.minify && template.ends_with(".html") {
            minify::html(html.into_bytes())
        } else {
            html.into_bytes()
        };
        Ok(OutputFile {
            path: url,
            contents: Contents::Bytes(bytes),
        })
    }

    fn words(&self, lang: &str) -> BTreeMap<String, String> {
        let mut out = self.strings.get("en").cloned().unwrap_or_default();
        if let Some(w) = self.strings.get(lang) {
            out.extend(w.clone());
        }
        out
    }

    fn word(&self, lang: &str, key: &str) -> String {
        self.strings
            .get(lang)
            .and_then(|w| w.get(key))
            .or_else(|| self.strings.get("en").and_then(|w| w.get(key)))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    fn site_view(&self, lang: &str, url: &str, job: &Job) -> Value {
        let root = root_of(url);
        let cfg = &self.site.config;
        let lp = self.lang_prefix(lang);
        let current_kind = match job {
            Job::Entry(i) => Some(self.site.entries[*i].entry.kind),
            Job::KindIndex(k, _) => Some(*k),
            Job::Facet { kind, .. } => Some(*kind),
            _ => None,
        };
        let nav: Vec<Value> = [
            Kind::Phase,
            Kind::Role,
            Kind::Case,
            Kind::Talk,
            Kind::Person,
            Kind::Term,
            Kind::Resource,
        ]
        .iter()
        .map(|k| {
            json!({
                "label": self.word(lang, k.folder()),
                "href": format!("{root}{lp}{}/index.html", k.folder()),
                "current": current_kind == Some(*k),
            })
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
        let phases: Vec<Value> = bar
            .iter()
            .map(|&i| {
                let v = self.site.in_language(i, lang);
                json!({
                    "title": self.site.entries[v].entry.title,
                    "href": self.href(url, &self.site.entries[v].url),
                    "order": self.site.entries[i].entry.order(),
                    "current": current_entry == Some(i),
                })
            })
            .collect();
        let menu: Vec<Value> = self
            .site
            .menu
            .iter()
            .map(|(title, t)| json!({"title": title, "href": self.target_href(url, lang, t)}))
            .collect();
        let languages: Vec<Value> = cfg
            .languages
            .iter()
            .map(|l| {
                let target = match job {
                    Job::Entry(i) => {
                        let j = self.site.in_language(*i, l);
                        (self.site.entries[j].entry.lang == *l).then(|| self.site.entries[j].url.clone())
                    }
                    _ => None,
                };
                let target = target.unwrap_or_else(|| format!("{}index.html", self.lang_prefix(l)));
                json!({"lang": l, "name": self.word(l, "language_name"), "href": self.href(url, &target), "current": l == lang})
            })
            .collect();
        let canonical = cfg
            .base_url
            .as_ref()
            .map(|b| format!("{b}{}", url.trim_end_matches("index.html")));
        json!({
            "title": cfg.title,
            "description": cfg.description,
            "lang": lang,
            "root": root,
            "home": format!("{root}{lp}index.html"),
            "search": format!("{root}{lp}search/index.html"),
            "tags": format!("{root}{lp}tags/index.html"),
            "css": format!("{root}theme/style.css"),
            "scheme_js": format!("{root}theme/scheme.js"),
            "print": format!("{root}{lp}print/index.html"),
            "feed": format!("{root}feed.xml"),
            "favicon": format!("{root}theme/favicon.svg"),
            "address": canonical.clone().unwrap_or_else(|| url.trim_end_matches("index.html").to_string()),
            "og_type": if matches!(job, Job::Entry(_)) { "article" } else { "website" },
            "js": format!("{root}theme/site.js"),
            "search_js": format!("{root}theme/search.js"),
            "inflate_js": format!("{root}theme/inflate.js"),
            "nav": nav,
            "menu": menu,
            "phases": phases,
            "languages": languages,
            "canonical": canonical,
            "url": url,
        })
    }

    /// The phases (main language) in model order.
    fn phases_sorted(&self) -> Vec<usize> {
        let mut v: Vec<usize> = self
            .entries_in(self.main())
            .filter(|(_, e)| e.entry.kind == Kind::Phase)
            .map(|(i, _)| i)
            .collect();
        v.sort_by_key(|&i| {
            (
                self.site.entries[i].entry.order(),
                self.site.entries[i].entry.id.clone(),
            )
        });
        v
    }

    fn href(&self, from: &str, to: &str) -> String {
        if from == to {
            return to.rsplit('/').next().unwrap_or(to).to_string();
        }
        format!("{}{to}", root_of(from))
    }

    fn target_href(&self, from: &str, lang: &str, t: &Target) -> String {
        match t {
            Target::Entry(i, frag) => {
                let url = &self.site.entries[*i].url;
                let base = if url == from {
                    String::new()
                } else {
                    self.href(from, url)
                };
                match frag {
                    Some(f) => format!("{base}#{f}"),
                    None if base.is_empty() => self.href(from, url),
                    None => base,
                }
            }
            Target::KindIndex(k) => {
                self.lang_href(from, lang, &format!("{}/index.html", k.folder()))
            }
            Target::Fragment(f) => format!("#{f}"),
            Target::Asset(p, frag) => match frag {
                Some(f) => format!("{}{p}#{f}", root_of(from)),
                None => format!("{}{p}", root_of(from)),
            },
            Target::External(u) | Target::Broken(u) => u.clone(),
        }
    }

    fn markdown_html(
        &self,
        from: &str,
        lang: &str,
        md: &ResolvedMarkdown,
        glossary: Option<&mut GlossaryLinks<'_>>,
    ) -> String {
        let dests: Vec<String> = md
            .targets
            .iter()
            .map(|t| self.target_href(from, lang, t))
            .collect();
        markdown::to_html(&md.doc, &dests, glossary)
    }

    fn inline_html(&self, from: &str, lang: &str, md: &ResolvedMarkdown) -> String {
        let dests: Vec<String> = md
            .targets
            .iter()
            .map(|t| self.target_href(from, lang, t))
            .collect();
        markdown::to_inline_html(&md.doc, &dests)
    }

    /// A link to entry `i` (in the reader's language when translated).
    fn link_view(&self, from: &str, lang: &str, i: usize) -> Value {
        let j = self.site.in_language(i, lang);
        let e = &self.site.entries[j];
        json!({
            "title": e.entry.title,
            "href": self.href(from, &e.url),
            "summary": e.entry.summary,
            "kind": e.entry.kind.name(),
            "hreflang": (e.entry.lang != lang).then_some(&e.entry.lang),
            "date": match &e.entry.fields { Fields::Talk(t) => t.date.clone(), _ => None },
            "card": self.card(lang, j),
        })
    }

    /// The facts a card of a case or talk shows (country by name, region,
    /// period or date, speakers, phases); `null` for other kinds.
    fn card(&self, lang: &str, j: usize) -> Value {
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
            Fields::Case(c) => json!({
                "country": c.country.as_deref().map(|code| self.country_name(lang, code)),
                "region": c.region,
                "period": c.period,
                "phases": phases,
            }),
            Fields::Talk(t) => json!({
                "speakers": t.speakers,
                "date": t.date,
                "event": t.event,
                "phases": phases,
            }),
            _ => Value::Null,
        }
    }

    /// The name of the country with ISO code `code` in `lang` (English
    /// when the language has none; the code when the table has none).
    fn country_name(&self, lang: &str, code: &str) -> String {
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
    fn diagram(&self, url: &str, lang: &str, current: Option<usize>) -> String {
        let steps: Vec<crate::diagram::Step> = self
            .phases
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
        crate::diagram::phase_diagram(&steps, &self.word(lang, "model"))
    }

    /// One "related" list for entry `i`: what it names in `related` or
    /// `see_also` and whatever names it, each entry once (in the reader's
    /// language), grouped by kind in the model's order. Phases and roles
    /// the entry lists itself are its facts and are not repeated here.
    fn related_groups(&self, url: &str, lang: &str, i: usize) -> Vec<Value> {
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
                (!items.is_empty()).then(|| {
                    json!({
                        "kind": k.name(),
                        "label": self.word(lang, k.folder()),
                        "count": items.len(),
                        "items": self.links(url, lang, &items),
                    })
                })
            })
            .collect()
    }

    /// The resource entry each source title is the document of: a
    /// resource cites its own document in `sources` (resources with a
    /// single source first, so that a resource citing several documents
    /// does not take another's).
    fn find_source_entries(&self) -> BTreeMap<String, usize> {
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
    fn sources_view(&self, url: &str, lang: &str, i: usize) -> Vec<Value> {
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
                json!({"title": title, "pages": s.pages, "url": public, "entry": entry})
            })
            .collect()
    }

    /// Sorts entries as readers expect: phases in order, talks by date,
    /// everything else by title.
    fn sorted(&self, lang: &str, mut v: Vec<usize>) -> Vec<usize> {
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

    fn links(&self, from: &str, lang: &str, v: &[usize]) -> Vec<Value> {
        self.sorted(lang, v.to_vec())
            .into_iter()
            .map(|i| self.link_view(from, lang, i))
            .collect()
    }

    fn grouped(&self, from: &str, lang: &str, v: &[usize]) -> Vec<Value> {
        let mut by_kind: BTreeMap<Kind, Vec<usize>> = BTreeMap::new();
        for &i in v {
            by_kind
                .entry(self.site.entries[i].entry.kind)
                .or_default()
                .push(i);
        }
        by_kind
            .into_iter()
            .map(|(k, items)| {
                json!({"kind": k.name(), "label": self.word(lang, k.folder()), "items": self.links(from, lang, &items)})
            })
            .collect()
    }

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

    fn entry_view(&self, i: usize, url: &str) -> Value {
        let r = &self.site.entries[i];
        let e = &r.entry;
        let lang = e.lang.as_str();
        let mut glossary = self.glossary_for(lang, i);
        let body = self.markdown_html(url, lang, &r.body, glossary.as_mut());
        let toc: Vec<Value> = r
            .body
            .doc
            .headings
            .iter()
            .filter(|h| (2..=3).contains(&h.level))
            .map(|h| json!({"level": h.level, "id": h.id, "text": h.text}))
            .collect();
        let mut lines = Map::new();
        for (name, docs) in &r.lines {
            let items: Vec<Value> = docs
                .iter()
                .map(|d| {
                    json!({"html": self.inline_html(url, lang, d), "lang": passage_lang(&d.doc.text, lang)})
                })
                .collect();
            lines.insert(name.to_string(), json!(items));
        }
        let fields = serde_json::to_value(&e.fields).unwrap_or(Value::Null);
        let tags: Vec<Value> = e
            .tags
            .iter()
            .map(|t| {
                json!({"name": t.value, "href": self.lang_href(url, lang, &format!("tags/{}/index.html", self.value_slug(&t.value)))})
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
        let named_by = self.grouped(url, lang, &b.named_by);
        let model_svg = (e.kind == Kind::Phase)
            .then(|| self.diagram(url, lang, Some(self.site.main_version(i))));
        let facets: Vec<Value> = facets_of(e.kind)
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
                Some(json!({"facet": facet, "label": self.word(lang, facet), "value": shown, "code": value,
                    "href": self.lang_href(url, lang, &format!("{}/{facet}/{}/index.html", e.kind.folder(), self.value_slug(value)))}))
            })
            .collect();
        let speakers: Vec<Value> = r
            .speakers
            .iter()
            .map(|(name, p)| match p {
                Some(p) => {
                    let mut v = self.link_view(url, lang, *p);
                    v["title"] = json!(name);
                    v
                }
                None => json!({"title": name}),
            })
            .collect();
        let cited_by = self.grouped(url, lang, &b.cited_by);
        let person_roles: Vec<String> = match &e.fields {
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
        let translations: Vec<Value> = r
            .translations
            .iter()
            .map(|(l, j)| json!({"lang": l, "name": self.word(l, "language_name"), "href": self.href(url, &self.site.entries[*j].url)}))
            .collect();
        let edit_url = self
            .site
            .config
            .repository
            .as_ref()
            .map(|repo| format!("{repo}/blob/main/{}", e.source));
        let kind_path = format!("{}{}/index.html", self.lang_prefix(lang), e.kind.folder());
        json!({
            "breadcrumbs": self.crumbs(url, lang, &[(self.word(lang, e.kind.folder()), kind_path)]),
            "kind": e.kind.name(),
            "kind_label": self.word(lang, e.kind.name()),
            "kinds_label": self.word(lang, e.kind.folder()),
            "kind_index": kind_index,
            "id": e.id,
            "title": e.title,
            "summary": e.summary,
            "body": body,
            "toc": toc,
            "lines": lines,
            "fields": fields,
            "tags": tags,
            "sources": self.sources_view(url, lang, i),
            "speakers": speakers,
            "cited_by": cited_by,
            "person_phases": self.links(url, lang, &person_phases),
            "person_roles": person_roles,
            "people": self.links(url, lang, &r.people),
            "related_groups": self.related_groups(url, lang, i),
            "model_svg": model_svg,
            "updated": e.updated,
            "phases": self.links(url, lang, &r.phases),
            "roles": self.links(url, lang, &r.roles),
            "related": self.links(url, lang, &r.related),
            "named_by": named_by,
            "referenced_by": self.links(url, lang, &b.referenced_by),
            "prev": prev,
            "next": next,
            "facets": facets,
            "translations": translations,
            "edit_url": edit_url,
        })
    }

    /// Breadcrumbs from the home page: `links` are (title, path from root).
    fn crumbs(&self, url: &str, lang: &str, links: &[(String, String)]) -> Value {
        let mut v = vec![
            json!({"title": self.word(lang, "home"), "href": self.href(url, &format!("{}index.html", self.lang_prefix(lang)))}),
        ];
        v.extend(
            links
                .iter()
                .map(|(title, to)| json!({"title": title, "href": self.href(url, to)})),
        );
        json!(v)
    }

    fn home_view(&self, lang: &str, url: &str) -> Value {
        let phases: Vec<Value> = self
            .phases
            .clone()
            .into_iter()
            .map(|i| {
                let mut v = self.link_view(url, lang, i);
                let b = &self.site.entries[i].backlinks;
                let count = |k: Kind| {
                    b.named_by
                        .iter()
                        .filter(|&&j| self.site.entries[j].entry.kind == k)
                        .count()
                };
                v["cases"] = json!(count(Kind::Case));
                v["talks"] = json!(count(Kind::Talk));
                v["roles"] = json!(count(Kind::Role));
                v["order"] = json!(self.site.entries[i].entry.order());
                v
            })
            .collect();
        let kinds: Vec<Value> = [Kind::Role, Kind::Case, Kind::Talk, Kind::Person, Kind::Term, Kind::Resource]
            .iter()
            .map(|k| {
                let n = self.entries_in(self.main()).filter(|(_, e)| e.entry.kind == *k).count();
                json!({"kind": k.name(), "label": self.word(lang, k.folder()), "intro": self.word(lang, &format!("{}_intro", k.folder())),
                    "count": n, "href": self.lang_href(url, lang, &format!("{}/index.html", k.folder()))})
            })
            .collect();
        let pages: Vec<usize> = self
            .entries_in(self.main())
            .filter(|(_, e)| e.entry.kind == Kind::Page)
            .map(|(i, _)| i)
            .collect();
        json!({
            "title": self.site.config.title,
            "description": self.site.config.description,
            "model_svg": self.diagram(url, lang, None),
            "phases": phases,
            "kinds": kinds,
            "pages": self.links(url, lang, &pages),
            "pages_href": self.lang_href(url, lang, "pages/index.html"),
            "questions_href": self.lang_href(url, lang, "questions/index.html"),
        })
    }

    fn kind_index_view(&self, kind: Kind, lang: &str, url: &str) -> Value {
        let items: Vec<usize> = self
            .entries_in(self.main())
            .filter(|(_, e)| e.entry.kind == kind)
            .map(|(i, _)| i)
            .collect();
        let mut page = json!({
            "breadcrumbs": self.crumbs(url, lang, &[]),
            "kind": kind.name(),
            "title": self.word(lang, kind.folder()),
            "intro": self.word(lang, &format!("{}_intro", kind.folder())),
            "items": self.links(url, lang, &items),
        });
        if kind == Kind::Phase {
            page["overview"] = json!(self.overview(lang, url));
        }
        if kind == Kind::Phase {
            page["questions_href"] = json!(self.lang_href(url, lang, "questions/index.html"));
        }
        if kind == Kind::Person {
            page["contacts"] = json!(self.contacts(lang, url));
        }
        if FACETED.contains(&kind) {
            let facets: Vec<Value> = self
                .facet_values(kind, lang)
                .into_iter()
                .map(|(facet, values)| {
                    let values: Vec<Value> = values
                        .into_iter()
                        .map(|v| {
                            let n = self.entries_with(kind, lang, facet, &v).len();
                            let name = if facet == "country" { self.country_name(lang, &v) } else { v.clone() };
                            json!({"value": name, "code": v, "count": n, "href": self.lang_href(url, lang, &format!("{}/{facet}/{}/index.html", kind.folder(), self.value_slug(&v)))})
                        })
                        .collect();
                    json!({"facet": facet, "label": self.word(lang, &format!("by_{facet}")), "values": values})
                })
                .collect();
            page["facets"] = json!(facets);
        }
        if kind == Kind::Case {
            let by_phase: Vec<Value> = self
                .phases.clone()
                .into_iter()
                .map(|p| {
                    let cases: Vec<usize> = self.site.entries[p]
                        .backlinks
                        .named_by
                        .iter()
                        .copied()
                        .filter(|&j| self.site.entries[j].entry.kind == Kind::Case)
                        .collect();
                    json!({"phase": self.link_view(url, lang, p), "items": self.links(url, lang, &cases)})
                })
                .collect();
            page["by_phase"] = json!(by_phase);
        }
        page
    }

    /// The phase × kind overview: which roles, cases and talks belong to
    /// which phase.
    fn overview(&self, lang: &str, url: &str) -> Vec<Value> {
        self.phases
            .iter()
            .copied()
            .map(|p| {
                let b = &self.site.entries[p].backlinks;
                let of = |k: Kind| -> Vec<Value> {
                    let v: Vec<usize> = b.named_by.iter().copied().filter(|&j| self.site.entries[j].entry.kind == k).collect();
                    self.links(url, lang, &v)
                };
                json!({"phase": self.link_view(url, lang, p), "roles": of(Kind::Role), "cases": of(Kind::Case), "talks": of(Kind::Talk), "resources": of(Kind::Resource)})
            })
            .collect()
    }

    fn entries_with(&self, kind: Kind, lang: &str, facet: &str, value: &str) -> Vec<usize> {
        self.entries_in(self.facet_lang(kind, lang))
            .filter(|(_, e)| e.entry.kind == kind && facet_value(&e.entry, facet) == Some(value))
            .map(|(i, _)| i)
            .collect()
    }

    /// The "Kontakter" index: the people grouped by region, then by
    /// organisation (both sorted, people without them last).
    fn contacts(&self, lang: &str, url: &str) -> Vec<Value> {
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
                let orgs: Vec<Value> = orgs
                    .into_iter()
                    .map(|((none, org), people)| {
                        json!({"title": if none { self.word(lang, "no_organisation") } else { org }, "items": self.links(url, lang, &people)})
                    })
                    .collect();
                let href = path.map(|p| self.lang_href(url, lang, &p));
                json!({"title": title, "href": href, "organisations": orgs})
            })
            .collect()
    }

    /// The questions page: every phase's key questions in the model's
    /// order, each with where the handbook answers it: the first entry its
    /// line links to, else the phase's facets.
    fn questions_view(&self, lang: &str, url: &str) -> Value {
        let phases: Vec<Value> = self
            .phases
            .iter()
            .map(|&p| {
                let v = self.site.in_language(p, lang);
                let r = &self.site.entries[v];
                let phase = self.link_view(url, lang, p);
                let at_facets = json!({
                    "href": format!("{}#facets", phase["href"].as_str().unwrap_or("")),
                    "title": phase["title"],
                });
                let questions: Vec<Value> = r
                    .lines
                    .iter()
                    .filter(|(name, _)| *name == "questions")
                    .flat_map(|(_, docs)| docs)
                    .map(|d| {
                        // The first entry the question links to answers it;
                        // otherwise the phase's facets do.
                        let answer = d
                            .targets
                            .iter()
                            .find_map(|t| match t {
                                Target::Entry(j, _) => Some(json!({
                                    "href": self.target_href(url, lang, t),
                                    "title": self.site.entries[self.site.in_language(*j, lang)].entry.title,
                                })),
                                _ => None,
                            })
                            .unwrap_or_else(|| at_facets.clone());
                        json!({"html": self.inline_html(url, lang, d), "answer": answer})
                    })
                    .collect();
                json!({"phase": phase, "lang": r.entry.lang, "questions": questions})
            })
            .collect();
        json!({
            "breadcrumbs": self.crumbs(url, lang, &[]),
            "title": self.word(lang, "questions_page"),
            "intro": self.word(lang, "questions_intro"),
            "phases": phases,
        })
    }

    fn tags_view(&self, lang: &str, url: &str) -> Value {
        let mut counts: BTreeMap<String, usize> = BTreeMap::new();
        for (_, e) in self.entries_in(lang) {
            for t in &e.entry.tags {
                *counts.entry(t.value.clone()).or_default() += 1;
            }
        }
        let mut tags: Vec<(String, usize)> = counts.into_iter().collect();
        tags.sort_by_key(|(t, _)| collate(t));
        let tags: Vec<Value> = tags
            .into_iter()
            .map(|(t, n)| json!({"name": t, "count": n, "href": format!("{}/index.html", self.value_slug(&t))}))
            .collect();
        json!({"title": self.word(lang, "tags"), "tags": tags, "breadcrumbs": self.crumbs(url, lang, &[])})
    }

    fn tag_view(&self, lang: &str, tag: &str, url: &str) -> Value {
        let items: Vec<usize> = self
            .entries_in(lang)
            .filter(|(_, e)| e.entry.tags.iter().any(|t| t.value == tag))
            .map(|(i, _)| i)
            .collect();
        let tags_path = format!("{}tags/index.html", self.lang_prefix(lang));
        json!({"title": tag, "groups": self.grouped(url, lang, &items), "breadcrumbs": self.crumbs(url, lang, &[(self.word(lang, "tags"), tags_path)])})
    }

    fn facet_view(&self, lang: &str, kind: Kind, facet: &str, value: &str, url: &str) -> Value {
        let items = self.entries_with(kind, lang, facet, value);
        let index_path = format!("{}{}/index.html", self.lang_prefix(lang), kind.folder());
        json!({
            "breadcrumbs": self.crumbs(url, lang, &[(self.word(lang, kind.folder()), index_path.clone())]),
            "title": if facet == "country" { self.country_name(lang, value) } else { value.to_string() },
            "facet": facet,
            "facet_label": self.word(lang, facet),
            "items": self.links(url, lang, &items),
            "index_href": self.href(url, &index_path),
            "index_label": self.word(lang, &format!("all_{}", kind.folder())),
        })
    }

    /// The whole handbook in `lang` as one document in reading order —
    /// phases in model order, then roles, cases, talks, terms, resources
    /// and pages — with a table of contents. Every entry gets an anchor
    /// (`phase-pilot`) and its headings' ids that anchor as a prefix
    /// (`phase-pilot--resultat`), so ids stay unique and links between
    /// entries jump within the document.
    fn print_view(&self, lang: &str, url: &str) -> Value {
        let mut order: Vec<usize> = self.entries_in(lang).map(|(i, _)| i).collect();
        order.sort_by(|&a, &b| {
            let (ea, eb) = (&self.site.entries[a].entry, &self.site.entries[b].entry);
            (ea.kind, &self.sort_keys[a]).cmp(&(eb.kind, &self.sort_keys[b]))
        });
        let in_doc: BTreeMap<usize, String> = order
            .iter()
            .map(|&i| (i, print_anchor(&self.site.entries[i].entry)))
            .collect();
        let mut entries: BTreeMap<usize, Value> = order
            .iter()
            .map(|&i| {
                let r = &self.site.entries[i];
                let e = &r.entry;
                let own = &in_doc[&i];
                let dests = |md: &ResolvedMarkdown| -> Vec<String> {
                    md.targets
                        .iter()
                        .map(|t| self.print_dest(url, lang, t, own, &in_doc))
                        .collect()
                };
                let body = demote_headings(&prefix_ids(
                    &markdown::to_html(&r.body.doc, &dests(&r.body), None),
                    own,
                ));
                let lines: Vec<Value> = r
                    .lines
                    .iter()
                    .filter(|(_, docs)| !docs.is_empty())
                    .map(|(name, docs)| {
                        let items: Vec<Value> = docs
                            .iter()
                            .map(|d| {
                                json!({"html": prefix_ids(&markdown::to_inline_html(&d.doc, &dests(d)), own),
                                    "lang": passage_lang(&d.doc.text, lang)})
                            })
                            .collect();
                        json!({"name": name, "title": self.word(lang, name), "items": items})
                    })
                    .collect();
                let v = json!({
                    "anchor": own,
                    "kind": e.kind.name(),
                    "kind_label": self.word(lang, e.kind.name()),
                    "title": e.title,
                    "summary": e.summary,
                    "card": self.card(lang, i),
                    "definition": match &e.fields { Fields::Term(t) => Some(t.definition.clone()), _ => None },
                    "lines": lines,
                    "body": body,
                });
                (i, v)
            })
            .collect();
        let mut groups: Vec<Value> = Vec::new();
        for k in Kind::ALL {
            let items: Vec<Value> = order
                .iter()
                .filter(|&&i| self.site.entries[i].entry.kind == k)
                .filter_map(|i| entries.remove(i))
                .collect();
            if !items.is_empty() {
                groups.push(json!({"kind": k.name(), "label": self.word(lang, k.folder()), "anchor": format!("kind-{}", k.name()), "entries": items}));
            }
        }
        json!({
            "title": self.word(lang, "print_title"),
            "breadcrumbs": self.crumbs(url, lang, &[]),
            "groups": groups,
        })
    }

    /// Where a link of an entry in the print document leads: an entry in
    /// the document (and its headings) by anchor, anything else as on the
    /// entry's own page.
    fn print_dest(
        &self,
        from: &str,
        lang: &str,
        t: &Target,
        own: &str,
        in_doc: &BTreeMap<usize, String>,
    ) -> String {
        match t {
            Target::Entry(i, frag) => match in_doc.get(i) {
                Some(a) => match frag {
                    Some(f) => format!("{PRINT_LINK}{a}--{f}"),
                    None => format!("{PRINT_LINK}{a}"),
                },
                None => self.target_href(from, lang, t),
            },
            Target::Fragment(f) => format!("{PRINT_LINK}{own}--{f}"),
            _ => self.target_href(from, lang, t),
        }
    }

    /// The Atom feed: cases and talks of the main language with a date
    /// (`updated`, a talk's date, or the last year of a case's period),
    /// newest first.
    fn feed_view(&self) -> Value {
        let base = self.site.config.base_url.clone().unwrap_or_default();
        let mut items: Vec<(String, Value)> = self
            .entries_in(self.main())
            .filter(|(_, e)| matches!(e.entry.kind, Kind::Case | Kind::Talk))
            .filter_map(|(_, r)| {
                let e = &r.entry;
                let date = e.updated.clone().or_else(|| match &e.fields {
                    Fields::Talk(t) => t.date.clone(),
                    Fields::Case(c) => c.period.as_deref().and_then(last_year),
                    _ => None,
                })?;
                let when = atom_date(&date)?;
                let path = r.url.trim_end_matches("index.html");
                let link = if base.is_empty() {
                    r.url.clone()
                } else {
                    format!("{base}{path}")
                };
                let id = if base.is_empty() {
                    format!("urn:clusterbook:{}", path.trim_end_matches('/').replace('/', ":"))
                } else {
                    link.clone()
                };
                Some((
                    when.clone(),
                    json!({"title": e.title, "summary": e.summary, "link": link, "id": id, "updated": when,
                        "kind": self.word(self.main(), e.kind.name())}),
                ))
            })
            .collect();
        items.sort_by(|a, b| {
            b.0.cmp(&a.0)
                .then_with(|| a.1["id"].as_str().cmp(&b.1["id"].as_str()))
        });
        let updated = items
            .first()
            .map(|(w, _)| w.clone())
            .unwrap_or_else(|| "1970-01-01T00:00:00Z".to_string());
        json!({
            "title": self.site.config.title,
            "subtitle": self.site.config.description,
            "base": base,
            "id": if base.is_empty() { "urn:clusterbook:feed".to_string() } else { format!("{base}feed.xml") },
            "updated": updated,
            "entries": items.into_iter().map(|(_, v)| v).collect::<Vec<_>>(),
        })
    }

    fn sitemap_view(&self) -> Value {
        let base = self.site.config.base_url.clone().unwrap_or_default();
        let mut urls: Vec<Value> = self
            .jobs()
            .iter()
            .filter(|j| {
                !matches!(
                    j,
                    Job::NotFound
                        | Job::Sitemap
                        | Job::Search(_)
                        | Job::Print(_)
                        | Job::Robots
                        | Job::Feed
                )
            })
            .map(|j| {
                let url = self.page_url(j);
                let lastmod = match j {
                    Job::Entry(i) => self.site.entries[*i].entry.updated.clone(),
                    _ => None,
                };
                json!({"loc": format!("{base}{}", url.trim_end_matches("index.html")), "lastmod": lastmod})
            })
            .collect();
        urls.sort_by(|a, b| a["loc"].as_str().cmp(&b["loc"].as_str()));
        json!({"urls": urls})
    }
}

/// Marks a group key of the contacts index as a country code.
const COUNTRY_MARK: &str = "\u{1}";

/// The kinds whose entries have facet pages.
const FACETED: [Kind; 2] = [Kind::Case, Kind::Person];

/// The facets of a kind, in the order its pages show them.
fn facets_of(kind: Kind) -> &'static [&'static str] {
    match kind {
        Kind::Case => &["country", "region"],
        Kind::Person => &["region", "organisation", "country"],
        _ => &[],
    }
}

/// Every facet of an entry that has a value, as `(facet, value)`: the
/// facet pages that list the entry.
pub fn facets(e: &crate::model::Entry) -> impl Iterator<Item = (&'static str, &str)> {
    facets_of(e.kind)
        .iter()
        .filter_map(|&facet| facet_value(e, facet).map(|v| (facet, v)))
}

/// The value of facet `facet` of an entry, if it has one.
fn facet_value<'e>(e: &'e crate::model::Entry, facet: &str) -> Option<&'e str> {
    let v = match (&e.fields, facet) {
        (Fields::Case(c), "country") => &c.country,
        (Fields::Case(c), "region") => &c.region,
        (Fields::Person(p), "country") => &p.country,
        (Fields::Person(p), "region") => &p.region,
        (Fields::Person(p), "organisation") => &p.organisation,
        _ => return None,
    };
    v.as_deref()
}

/// What links to entries in the print document start with until
/// [`prefix_ids`] has given the entry's own ids their prefix.
const PRINT_LINK: &str = "cb-print:";

/// The anchor of an entry in the print document.
fn print_anchor(e: &crate::model::Entry) -> String {
    format!("{}-{}", e.kind.name(), e.id)
}

/// An entry's HTML for the print document: its ids and same-page links
/// prefixed with the entry's anchor, and links to other entries of the
/// document (written with [`PRINT_LINK`]) turned into fragments.
fn prefix_ids(html: &str, anchor: &str) -> String {
    html.replace(" id=\"", &format!(" id=\"{anchor}--"))
        .replace("href=\"#", &format!("href=\"#{anchor}--"))
        .replace(&format!("href=\"{PRINT_LINK}"), "href=\"#")
}

/// The language of a short passage when it is Norwegian on a Swedish
/// page or Swedish on a Norwegian one (the handbook quotes Norwegian
/// sources' questions on Swedish pages), judged by letters and common
/// words only the one language has; `None` when it is the page's own.
fn passage_lang(text: &str, page: &str) -> Option<&'static str> {
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

/// Body headings of an entry in the print document, two levels down:
/// the document is `h1`, a kind `h2`, an entry `h3`.
fn demote_headings(html: &str) -> String {
    let mut out = html.to_string();
    for (from, to) in [(6, 6), (5, 6), (4, 6), (3, 5), (2, 4), (1, 3)] {
        if from == to {
            continue;
        }
        out = out
            .replace(&format!("<h{from}"), &format!("<h{to}"))
            .replace(&format!("</h{from}>"), &format!("</h{to}>"));
    }
    out
}

/// The last four-digit year in `s` (`2006–2010` → `2010`).
fn last_year(s: &str) -> Option<String> {
    let digits: Vec<char> = s.chars().collect();
    (0..digits.len().saturating_sub(3))
        .rev()
        .find(|&k| {
            digits[k..k + 4].iter().all(|c| c.is_ascii_digit())
                && (k + 4 == digits.len() || !digits[k + 4].is_ascii_digit())
                && (k == 0 || !digits[k - 1].is_ascii_digit())
        })
        .map(|k| digits[k..k + 4].iter().collect())
}

/// An RFC 3339 time for Atom from `YYYY`, `YYYY-MM` or `YYYY-MM-DD`.
fn atom_date(d: &str) -> Option<String> {
    let parts: Vec<&str> = d.split('-').collect();
    let ok = |p: &str, n: usize| p.len() == n && p.chars().all(|c| c.is_ascii_digit());
    match parts.as_slice() {
        [y] if ok(y, 4) => Some(format!("{y}-01-01T00:00:00Z")),
        [y, m] if ok(y, 4) && ok(m, 2) => Some(format!("{y}-{m}-01T00:00:00Z")),
        [y, m, day] if ok(y, 4) && ok(m, 2) && ok(day, 2) => {
            Some(format!("{y}-{m}-{day}T00:00:00Z"))
        }
        _ => None,
    }
}

fn template_for(kind: Kind) -> &'static str {
    match kind {
        Kind::Phase => "phase.html",
        Kind::Role => "role.html",
        Kind::Case => "case.html",
        Kind::Talk => "talk.html",
        Kind::Term => "term.html",
        Kind::Resource => "resource.html",
        Kind::Page => "page.html",
        Kind::Person => "person.html",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("cases/x/index.html"), "../../");
        assert_eq!(root_of("en/cases/x/index.html"), "../../../");
    }

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

    #[test]
    fn feed_dates_come_from_years_and_days() {
        assert_eq!(last_year("2006–2010").as_deref(), Some("2010"));
        assert_eq!(last_year("våren 2016").as_deref(), Some("2016"));
        assert_eq!(last_year("12345"), None);
        assert_eq!(atom_date("2013").as_deref(), Some("2013-01-01T00:00:00Z"));
        assert_eq!(
            atom_date("2013-10-22").as_deref(),
            Some("2013-10-22T00:00:00Z")
        );
        assert_eq!(atom_date("okänt"), None);
    }

    #[test]
    fn print_ids_are_prefixed_and_entry_links_jump_within() {
        let html = r##"<h2 id="mal">Mål</h2><a href="#mal">x</a><a href="cb-print:case-a--b">y</a><a href="../x/index.html">z</a>"##;
        assert_eq!(
            prefix_ids(html, "phase-p"),
            r##"<h2 id="phase-p--mal">Mål</h2><a href="#phase-p--mal">x</a><a href="#case-a--b">y</a><a href="../x/index.html">z</a>"##
        );
    }

    #[test]
    fn collation_puts_nordic_letters_last() {
        let mut v = vec!["Öst", "Ark", "Ånge", "Zeta", "Ärla"];
        v.sort_by_key(|s| collate(s));
        assert_eq!(v, ["Ark", "Zeta", "Ånge", "Ärla", "Öst"]);
    }
}
