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
use std::collections::{BTreeMap, BTreeSet};

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
    /// The page of a case facet's value (`country`, `region`).
    Facet {
        /// The language.
        lang: &'a str,
        /// `country` or `region`.
        facet: &'a str,
        /// The value as written.
        value: &'a str,
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
        facet: &'static str,
        value: String,
    },
    Search(String),
    NotFound,
    Sitemap,
}

impl Job {
    fn page_ref(&self) -> PageRef<'_> {
        match self {
            Job::Entry(i) => PageRef::Entry(*i),
            Job::Tag(lang, tag) => PageRef::Tag { lang, tag },
            Job::Facet { lang, facet, value } => PageRef::Facet { lang, facet, value },
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
    /// Every page of the site.
    jobs: Vec<Job>,
}

impl<'a> Renderer<'a> {
    /// Loads the theme's templates and UI words and plans the pages.
    pub fn new(
        site: &'a ResolvedSite,
        theme: &'a Theme,
        opts: RenderOptions,
    ) -> Result<Self, Vec<Diagnostic>> {
        let mut r = Renderer {
            site,
            theme,
            tera: load_templates(theme)?,
            strings: load_strings(theme)?,
            opts,
            phases: Vec::new(),
            base_contexts: BTreeMap::new(),
            sort_keys: site.entries.iter().map(|e| sort_key(&e.entry)).collect(),
            jobs: Vec::new(),
        };
        r.phases = r.phases_sorted();
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

/// The URL slug of a tag or facet value.
pub fn value_slug(v: &str) -> String {
    let s = crate::source::slugify(v);
    if s.is_empty() { "-".to_string() } else { s }
}

impl Renderer<'_> {
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
            for (facet, values) in self.facet_values(lang) {
                for value in values {
                    jobs.push(Job::Facet {
                        lang: lang.clone(),
                        facet,
                        value,
                    });
                }
            }
        }
        jobs.extend((0..self.site.entries.len()).map(Job::Entry));
        jobs.push(Job::NotFound);
        if self.site.config.base_url.is_some() {
            jobs.push(Job::Sitemap);
        }
        jobs
    }

    /// The case facets (country, region) with their values, for `lang`.
    fn facet_values(&self, lang: &str) -> Vec<(&'static str, BTreeSet<String>)> {
        let mut countries = BTreeSet::new();
        let mut regions = BTreeSet::new();
        for (_, e) in self.entries_in(lang) {
            if let Fields::Case(c) = &e.entry.fields {
                countries.extend(c.country.clone());
                regions.extend(c.region.clone());
            }
        }
        vec![("country", countries), ("region", regions)]
    }

    fn page_url(&self, job: &Job) -> String {
        match job {
            Job::Home(l) => format!("{}index.html", self.lang_prefix(l)),
            Job::Entry(i) => self.site.entries[*i].url.clone(),
            Job::KindIndex(k, l) => format!("{}{}/index.html", self.lang_prefix(l), k.folder()),
            Job::Tags(l) => format!("{}tags/index.html", self.lang_prefix(l)),
            Job::Tag(l, t) => format!("{}tags/{}/index.html", self.lang_prefix(l), value_slug(t)),
            Job::Facet { lang, facet, value } => format!(
                "{}cases/{facet}/{}/index.html",
                self.lang_prefix(lang),
                value_slug(value)
            ),
            Job::Search(l) => format!("{}search/index.html", self.lang_prefix(l)),
            Job::NotFound => "404.html".to_string(),
            Job::Sitemap => "sitemap.xml".to_string(),
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
            Job::Facet { lang, facet, value } => (
                "facet.html",
                lang.as_str(),
                self.facet_view(lang, facet, value, &url),
            ),
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
            Job::Sitemap => ("sitemap.xml", self.main(), self.sitemap_view()),
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
            Job::Facet { .. } => Some(Kind::Case),
            _ => None,
        };
        let nav: Vec<Value> = [
            Kind::Phase,
            Kind::Role,
            Kind::Case,
            Kind::Talk,
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
        })
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
            let items: Vec<String> = docs
                .iter()
                .map(|d| self.inline_html(url, lang, d))
                .collect();
            lines.insert(name.to_string(), json!(items));
        }
        let fields = serde_json::to_value(&e.fields).unwrap_or(Value::Null);
        let tags: Vec<Value> = e
            .tags
            .iter()
            .map(|t| {
                json!({"name": t.value, "href": self.lang_href(url, lang, &format!("tags/{}/index.html", value_slug(&t.value)))})
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
        let facets: Vec<Value> = if let Fields::Case(c) = &e.fields {
            let mut v = Vec::new();
            if let Some(country) = &c.country {
                v.push(json!({"label": self.word(lang, "country"), "value": country,
                    "href": self.lang_href(url, lang, &format!("cases/country/{}/index.html", value_slug(country)))}));
            }
            if let Some(region) = &c.region {
                v.push(json!({"label": self.word(lang, "region"), "value": region,
                    "href": self.lang_href(url, lang, &format!("cases/region/{}/index.html", value_slug(region)))}));
            }
            v
        } else {
            Vec::new()
        };
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
            "sources": e.sources,
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
        let kinds: Vec<Value> = [Kind::Role, Kind::Case, Kind::Talk, Kind::Term, Kind::Resource]
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
            "phases": phases,
            "kinds": kinds,
            "pages": self.links(url, lang, &pages),
            "pages_href": self.lang_href(url, lang, "pages/index.html"),
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
        if kind == Kind::Case {
            let facets: Vec<Value> = self
                .facet_values(lang)
                .into_iter()
                .map(|(facet, values)| {
                    let values: Vec<Value> = values
                        .into_iter()
                        .map(|v| {
                            let n = self.cases_with(lang, facet, &v).len();
                            json!({"value": v, "count": n, "href": self.lang_href(url, lang, &format!("cases/{facet}/{}/index.html", value_slug(&v)))})
                        })
                        .collect();
                    json!({"facet": facet, "label": self.word(lang, &format!("by_{facet}")), "values": values})
                })
                .collect();
            page["facets"] = json!(facets);
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

    fn cases_with(&self, lang: &str, facet: &str, value: &str) -> Vec<usize> {
        self.entries_in(lang)
            .filter_map(|(i, e)| match &e.entry.fields {
                Fields::Case(c) => {
                    let v = if facet == "country" {
                        &c.country
                    } else {
                        &c.region
                    };
                    (v.as_deref() == Some(value)).then_some(i)
                }
                _ => None,
            })
            .collect()
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
            .map(|(t, n)| json!({"name": t, "count": n, "href": format!("{}/index.html", value_slug(&t))}))
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

    fn facet_view(&self, lang: &str, facet: &str, value: &str, url: &str) -> Value {
        let items = self.cases_with(lang, facet, value);
        let cases_path = format!("{}cases/index.html", self.lang_prefix(lang));
        json!({
            "breadcrumbs": self.crumbs(url, lang, &[(self.word(lang, "cases"), cases_path)]),
            "title": value,
            "facet": facet,
            "facet_label": self.word(lang, facet),
            "items": self.links(url, lang, &items),
            "cases_href": self.lang_href(url, lang, "cases/index.html"),
        })
    }

    fn sitemap_view(&self) -> Value {
        let base = self.site.config.base_url.clone().unwrap_or_default();
        let mut urls: Vec<Value> = self
            .jobs()
            .iter()
            .filter(|j| !matches!(j, Job::NotFound | Job::Sitemap | Job::Search(_)))
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

fn template_for(kind: Kind) -> &'static str {
    match kind {
        Kind::Phase => "phase.html",
        Kind::Role => "role.html",
        Kind::Case => "case.html",
        Kind::Talk => "talk.html",
        Kind::Term => "term.html",
        Kind::Resource => "resource.html",
        Kind::Page => "page.html",
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
    fn collation_puts_nordic_letters_last() {
        let mut v = vec!["Öst", "Ark", "Ånge", "Zeta", "Ärla"];
        v.sort_by_key(|s| collate(s));
        assert_eq!(v, ["Ark", "Zeta", "Ånge", "Ärla", "Öst"]);
    }
}
