//! Rendering: the resolved handbook through the theme's templates to pages.
//!
//! In: a [`ResolvedSite`] and a [`Theme`]. Out: the site as a list of
//! [`OutputFile`]s in memory — every page, index, facet page, the theme's
//! static files and the assets — nothing written yet. This module plans
//! the pages (one `Job` each) and renders them in parallel; the output's
//! order is fixed. Each template gets typed view data ([`views`]: one
//! struct per page kind, built in that kind's own module); every href is
//! relative to the page it is on ([`links`]), so the site works at any
//! path and from disk.

pub mod links;
pub mod views;

pub use links::{MAX_SLUG, value_slugs};

use crate::diagnostics::{Diagnostic, Pos};
use crate::i18n::words::{Words, load_words};
use crate::minify;
use crate::model::{Fields, Kind};
use crate::resolve::{ResolvedEntry, ResolvedSite};
use crate::theme::Theme;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap};
use views::{NotFoundView, PageView, SearchView};

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

/// The filter `local_date(lang=…)`: a `YYYY-MM-DD` date as readers of
/// the language write it (see [`Words::date`]).
fn register_date_filter(tera: &mut tera::Tera, words: &Words) {
    let words = words.clone();
    tera.register_filter(
        "local_date",
        move |value: &serde_json::Value, args: &HashMap<String, serde_json::Value>| {
            let lang = args
                .get("lang")
                .and_then(serde_json::Value::as_str)
                .unwrap_or("");
            Ok(match value.as_str() {
                Some(d) => serde_json::Value::String(words.date(lang, d)),
                None => value.clone(),
            })
        },
    );
}

/// The slug of every value that names a page: tags, and the facets of
/// cases (region, country) and people (region, country, organisation). One
/// value's slug can depend on the others (see [`value_slugs`]), so every
/// caller slugs this same set.
pub fn site_slugs(site: &ResolvedSite) -> HashMap<String, String> {
    value_slugs(site.entries.iter().flat_map(|e| {
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
    }))
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
pub(crate) enum Job {
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
    /// What changed since the edition before (sites with editions).
    Changes,
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
    strings: Words,
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
    /// The other editions, in a site with released editions.
    edition: Option<std::sync::Arc<crate::editions::nav::EditionContext>>,
    /// Whether views carry the HTML of Markdown (bodies, lines); `check`
    /// renders without it (see [`Renderer::for_check`]).
    markdown: bool,
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
        let strings = load_words(theme, &site.config.languages)?;
        let mut tera = templates.0;
        register_date_filter(&mut tera, &strings);
        let mut r = Renderer {
            site,
            theme,
            tera,
            strings,
            opts,
            phases: Vec::new(),
            base_contexts: BTreeMap::new(),
            sort_keys: site.entries.iter().map(|e| sort_key(&e.entry)).collect(),
            jobs: Vec::new(),
            edition: None,
            markdown: true,
            source_entries: BTreeMap::new(),
            slugs: site_slugs(site),
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
        self.files_with_print(true)
    }

    /// [`Renderer::files`] without the print pages, which `build` writes
    /// part by part as they are made ([`Renderer::print_doc`]).
    pub fn files_but_print(
        &self,
    ) -> impl ParallelIterator<Item = Result<OutputFile, Diagnostic>> + '_ {
        self.files_with_print(false)
    }

    fn files_with_print(
        &self,
        print: bool,
    ) -> impl ParallelIterator<Item = Result<OutputFile, Diagnostic>> + '_ {
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
            .filter(move |job| print || !matches!(job, Job::Print(_)))
            .map(|job| self.render_job(job))
            .chain(
                statics
                    .into_par_iter()
                    .map(|(name, bytes)| Ok(self.theme_file(name, bytes))),
            )
            .chain(assets.into_par_iter().map(Ok))
    }

    /// The path of every file of the site, each page run through its
    /// template with real data as [`Renderer::files`] does, its text
    /// thrown away as it is made: what `check` needs to find template
    /// errors and paths `build` would refuse, without the pages' bytes
    /// (the print page alone is 80 MB at 10,000 pages).
    pub fn checked_paths(&self) -> impl ParallelIterator<Item = Result<String, Diagnostic>> + '_ {
        let statics: Vec<String> = self
            .theme
            .statics()
            .map(|(name, _)| format!("theme/{name}"))
            .collect();
        let assets: Vec<String> = self.site.assets.iter().map(|a| a.rel.clone()).collect();
        self.jobs
            .par_iter()
            .map(|job| {
                let url = self.page_url(job);
                let (template, ctx, _) = self.context(job, &url);
                self.tera
                    .render_to(template, &ctx, std::io::sink())
                    .map_err(|e| template_error(template, &e))?;
                Ok(url)
            })
            .chain(statics.into_par_iter().map(Ok))
            .chain(assets.into_par_iter().map(Ok))
    }

    /// The same renderer for `check`: every page still runs through its
    /// template with real data, but the HTML of Markdown bodies and lines
    /// is left empty. Making it cannot fail (links were resolved before)
    /// and a template takes it as one string, so it finds no problem; it
    /// was a fifth of `check`'s time at 10,000 pages.
    pub fn for_check(mut self) -> Self {
        self.markdown = false;
        // Nor is any value escaped for HTML: escaping cannot fail and
        // changes no path through a template, and its output is thrown
        // away (5.6% of check's samples at 10,000 pages).
        self.tera.autoescape_on(Vec::new());
        self
    }

    /// The same renderer for one edition of a site with editions: its pages
    /// get the switcher, banner and canonical links of `edition`, and a
    /// "what changed" page when the edition has changes.
    pub fn with_edition(mut self, edition: crate::editions::nav::EditionContext) -> Self {
        if edition.changes.is_some() {
            self.jobs.push(Job::Changes);
        }
        self.edition = Some(std::sync::Arc::new(edition));
        self
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

impl Renderer<'_> {
    fn main(&self) -> &str {
        self.site.config.default_language()
    }

    pub(crate) fn entries_in(&self, lang: &str) -> impl Iterator<Item = (usize, &ResolvedEntry)> {
        self.site
            .entries
            .iter()
            .enumerate()
            .map(|(i, e)| (i, &**e))
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
    pub(crate) fn facet_lang<'l>(&'l self, kind: Kind, lang: &'l str) -> &'l str {
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
            Job::Changes => views::edition::CHANGES_URL.to_string(),
            Job::Sitemap => "sitemap.xml".to_string(),
            Job::Robots => "robots.txt".to_string(),
            Job::Feed => "feed.xml".to_string(),
        }
    }

    /// The template, language and `page` view of a page at `url`.
    fn page_view<'j>(&'j self, job: &'j Job, url: &str) -> (&'static str, &'j str, PageView) {
        match job {
            Job::Home(l) => ("home.html", l, PageView::Home(self.home_view(l, url))),
            Job::Entry(i) => {
                let e = &self.site.entries[*i];
                (
                    template_for(e.entry.kind),
                    &e.entry.lang,
                    PageView::Entry(Box::new(self.entry_view(*i, url))),
                )
            }
            Job::KindIndex(k, l) => (
                "kind_index.html",
                l,
                PageView::KindIndex(self.kind_index_view(*k, l, url)),
            ),
            Job::Tags(l) => ("tags.html", l, PageView::Tags(self.tags_view(l, url))),
            Job::Tag(l, t) => ("tag.html", l, PageView::Tag(self.tag_view(l, t, url))),
            Job::Facet {
                lang,
                kind,
                facet,
                value,
            } => (
                "facet.html",
                lang,
                PageView::Facet(self.facet_view(lang, *kind, facet, value, url)),
            ),
            Job::Questions(l) => (
                "questions.html",
                l,
                PageView::Questions(self.questions_view(l, url)),
            ),
            Job::Search(l) => (
                "search.html",
                l,
                PageView::Search(SearchView {
                    title: self.word(l, "search"),
                }),
            ),
            Job::NotFound => (
                "404.html",
                self.main(),
                PageView::NotFound(NotFoundView {
                    title: self.word(self.main(), "not_found"),
                }),
            ),
            Job::Print(l) => ("print.html", l, PageView::Print(self.print_view(l, url))),
            Job::Sitemap => (
                "sitemap.xml",
                self.main(),
                PageView::Sitemap(self.sitemap_view()),
            ),
            Job::Robots => (
                "robots.txt",
                self.main(),
                PageView::Robots(self.robots_view()),
            ),
            Job::Feed => ("feed.xml", self.main(), PageView::Feed(self.feed_view())),
            Job::Changes => (
                "changes.html",
                self.main(),
                PageView::Changes(self.changes_view(url)),
            ),
        }
    }

    /// The template context of a page: `t`, `site` and `page`; and about
    /// how many bytes the page will be, when that is known to be large.
    /// The context of page `job` at `url` in `lang` before its `page` is
    /// added: the language's words and settings, and `site`.
    fn site_context(&self, lang: &str, url: &str, job: &Job) -> tera::Context {
        let mut ctx = self.base_contexts.get(lang).cloned().unwrap_or_default();
        ctx.insert("site", &self.site_view(lang, url, job));
        ctx
    }

    fn context(&self, job: &Job, url: &str) -> (&'static str, tera::Context, usize) {
        let (template, lang, page) = self.page_view(job, url);
        let mut ctx = self.site_context(lang, url, job);
        match page {
            // The print page's view is the HTML of every entry (80 MB at
            // 10,000 pages): moved into the context, not copied.
            PageView::Print(view) => {
                let hint = view.html_len() + view.html_len() / 4;
                let mut all = ctx.into_json();
                all["page"] = view.into_value();
                let ctx = tera::Context::from_value(all).expect("a context is an object");
                (template, ctx, hint)
            }
            page => {
                ctx.insert("page", &page);
                (template, ctx, 0)
            }
        }
    }

    /// A page through its template, as bytes: rendered into a buffer of
    /// the size expected (the print page would otherwise grow its buffer
    /// by doubling, holding both copies at the end), and not checked again
    /// for UTF-8 (templates and their data are `str`s).
    fn render_page(&self, job: &Job, url: &str) -> Result<(&'static str, Vec<u8>), Diagnostic> {
        let (template, ctx, hint) = self.context(job, url);
        let mut bytes = Vec::with_capacity(hint.max(8 * 1024));
        self.tera
            .render_to(template, &ctx, &mut bytes)
            .map_err(|e| template_error(template, &e))?;
        Ok((template, bytes))
    }

    fn render_job(&self, job: &Job) -> Result<OutputFile, Diagnostic> {
        let started = std::time::Instant::now();
        let url = self.page_url(job);
        let (template, html) = self.render_page(job, &url)?;
        let bytes = if self.opts.minify && template.ends_with(".html") {
            minify::html(html)
        } else {
            html
        };
        // The pages that take long on their own (the print page, big
        // listings), with CLUSTERBOOK_TIMINGS: they end a build's render.
        let seconds = started.elapsed().as_secs_f64();
        if seconds > 0.25 && std::env::var_os("CLUSTERBOOK_TIMINGS").is_some() {
            eprintln!("timing: page {url} {seconds:.3} s ({} bytes)", bytes.len());
        }
        Ok(OutputFile {
            path: url,
            contents: Contents::Bytes(bytes),
        })
    }

    fn words(&self, lang: &str) -> &BTreeMap<String, String> {
        self.strings.of(lang)
    }

    fn word(&self, lang: &str, key: &str) -> String {
        self.strings.word(lang, key)
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
}

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
pub(crate) fn facet_value<'e>(e: &'e crate::model::Entry, facet: &str) -> Option<&'e str> {
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

/// Renders the theme's template `name` on its own with `view`: for pages
/// outside any one site, such as the root page of a site with editions.
pub fn render_standalone(
    theme: &Theme,
    name: &str,
    view: &impl serde::Serialize,
) -> Result<String, Diagnostic> {
    let tera = load_templates(theme).map_err(|mut ds| ds.remove(0))?;
    let context = tera::Context::from_serialize(view).map_err(|e| template_error(name, &e))?;
    tera.render(name, &context)
        .map_err(|e| template_error(name, &e))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collation_puts_nordic_letters_last() {
        let mut v = vec!["Öst", "Ark", "Ånge", "Zeta", "Ärla"];
        v.sort_by_key(|s| collate(s));
        assert_eq!(v, ["Ark", "Zeta", "Ånge", "Ärla", "Öst"]);
    }
}
