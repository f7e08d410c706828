//! clusterbook: a static site generator for handbooks of cluster development.
//!
//! A handbook is a folder with `content/` (Markdown with YAML front matter,
//! see the format in the README) and optionally `themes/`. The compiler is a
//! pipeline of plain data, one module per stage:
//!
//! `config` + `source` (read) → `frontmatter` + `model` (typed entries) →
//! `markdown` (parse each body once) → `resolve` (ids, references, links,
//! backlinks) → `render` (templates of the `theme`)→
//! `output` (write, atomically).
//!
//! [`compile`] runs every stage but the last and is what `check` uses;
//! [`build`] also writes. Problems of every stage are collected as
//! [`Diagnostics`] and reported together.

#![warn(missing_docs)]

pub mod catalog;
pub mod config;
pub mod diagnostics;
pub mod frontmatter;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod resolve;
pub mod scaffold;
pub mod search;
pub mod source;
pub mod theme;

use diagnostics::{Diagnostic, Diagnostics};
use model::Kind;
use rayon::prelude::*;
use render::OutputFile;
use resolve::{ParsedEntry, ResolvedSite};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a build is asked to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuildOptions {
    /// The handbook root (the folder holding `content/`).
    pub root: PathBuf,
    /// Replaces `base_url` of `site.yaml`.
    pub base_url: Option<String>,
    /// Include entries marked `draft: true`.
    pub drafts: bool,
    /// Minify HTML.
    pub minify: bool,
    /// Build the search index (off for quick previews and build benchmarks).
    pub search: bool,
}

impl BuildOptions {
    /// Defaults for the handbook at `root`.
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            base_url: None,
            drafts: false,
            minify: true,
            search: true,
        }
    }
}

/// A handbook read and resolved, with the problems found on the way.
#[derive(Debug)]
pub struct LoadedSite {
    /// The resolved site (possibly incomplete when there are errors).
    pub site: Option<ResolvedSite>,
    /// Every problem, sorted.
    pub diagnostics: Diagnostics,
}

/// A compiled site: every output file in memory.
#[derive(Debug)]
pub struct CompiledSite {
    /// The resolved handbook.
    pub site: ResolvedSite,
    /// The files to write.
    pub files: Vec<OutputFile>,
    /// Warnings (a compiled site has no errors).
    pub diagnostics: Diagnostics,
    /// How many of `files` are the search index (under `search/`).
    pub search_files: usize,
    /// Their size in bytes.
    pub search_bytes: u64,
    /// How long the index took to build, in seconds.
    pub search_seconds: f64,
}

impl CompiledSite {
    /// How many pages of each kind were rendered (all languages).
    pub fn pages_per_kind(&self) -> BTreeMap<Kind, usize> {
        let mut m = BTreeMap::new();
        for e in &self.site.entries {
            *m.entry(e.entry.kind).or_default() += 1;
        }
        m
    }
}

/// Runs `f`, printing how long it took to stderr when the environment
/// variable `CLUSTERBOOK_TIMINGS` is set (for profiling builds).
fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    if std::env::var_os("CLUSTERBOOK_TIMINGS").is_none() {
        return f();
    }
    let start = std::time::Instant::now();
    let out = f();
    eprintln!(
        "timing: {stage:<10} {:>8.3} s",
        start.elapsed().as_secs_f64()
    );
    out
}

/// Reads and resolves the handbook at `opts.root`.
pub fn load(opts: &BuildOptions) -> LoadedSite {
    let mut diags = Diagnostics::new();
    let text = match source::read_config_text(&opts.root) {
        Ok(t) => t,
        Err(d) => {
            diags.push(d);
            return LoadedSite {
                site: None,
                diagnostics: diags.sorted(),
            };
        }
    };
    let mut config = match config::parse_config(&text) {
        Ok(c) => c,
        Err(ds) => {
            diags.extend(ds);
            return LoadedSite {
                site: None,
                diagnostics: diags.sorted(),
            };
        }
    };
    if let Some(url) = &opts.base_url {
        let mut url = url.clone();
        if !url.ends_with('/') {
            url.push('/');
        }
        config.base_url = Some(url);
    }
    let (tree, problems) = timed("read", || source::read_sources(&opts.root));
    diags.extend(problems);
    let parsed: Vec<(&str, Option<ParsedEntry>, Vec<Diagnostic>)> = timed("parse", || {
        tree.files
            .par_iter()
            .map(|f| {
                let (entry, problems) = model::parse_entry(f, &config);
                (f.path.as_str(), entry.map(parse_markdown), problems)
            })
            .collect()
    });
    let mut entries = Vec::with_capacity(parsed.len());
    let mut unreadable = std::collections::BTreeSet::new();
    for (path, e, p) in parsed {
        diags.extend(p);
        match e {
            Some(e) => entries.push(e),
            None => {
                unreadable.insert(path.to_string());
            }
        }
    }
    let (site, problems) = timed("resolve", || {
        resolve::resolve_site(config, entries, tree.assets, &unreadable, opts.drafts)
    });
    diags.extend(problems);
    LoadedSite {
        site: Some(site),
        diagnostics: diags.sorted(),
    }
}

/// Parses an entry's body and Markdown lines, each once.
fn parse_markdown(entry: model::Entry) -> ParsedEntry {
    let body = markdown::parse(&entry.body, diagnostics::Pos::new(entry.body_line, 1));
    let lines = entry
        .markdown_lines()
        .into_iter()
        .map(|(name, items)| {
            (
                name,
                items
                    .iter()
                    .map(|l| markdown::parse(&l.value, l.pos))
                    .collect(),
            )
        })
        .collect();
    ParsedEntry { entry, body, lines }
}

/// Runs every stage of a build except writing: the whole site in memory,
/// or every problem that stops it.
pub fn compile(opts: &BuildOptions) -> Result<CompiledSite, Diagnostics> {
    let loaded = load(opts);
    let diags = loaded.diagnostics;
    let site = match loaded.site {
        Some(s) if diags.error_count() == 0 => s,
        _ => return Err(diags),
    };
    let theme = theme::load_theme(&opts.root, &site.config.theme).map_err(|d| {
        let mut ds = diags.clone();
        ds.push(d);
        ds.sorted()
    })?;
    let files = timed("render", || {
        render::render_site(
            &site,
            &theme,
            render::RenderOptions {
                minify: opts.minify,
            },
        )
    })
    .map_err(|problems| {
        let mut ds = diags.clone();
        ds.extend(problems);
        ds.sorted()
    })?;
    let started = std::time::Instant::now();
    let index = if opts.search {
        timed("search", || search::build_index(&site))
    } else {
        Vec::new()
    };
    let search_seconds = started.elapsed().as_secs_f64();
    let search_files = index.len();
    let search_bytes = index
        .iter()
        .map(|f| match &f.contents {
            render::Contents::Bytes(b) => b.len() as u64,
            render::Contents::Copy(_) => 0,
        })
        .sum();
    let mut files = files;
    files.extend(index);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(CompiledSite {
        site,
        files,
        diagnostics: diags,
        search_files,
        search_bytes,
        search_seconds,
    })
}

/// What a finished build wrote.
#[derive(Debug)]
pub struct BuildReport {
    /// The compiled site.
    pub compiled: CompiledSite,
    /// Files and bytes written.
    pub written: output::WriteSummary,
}

/// Why a build did not write a site.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has errors (or warnings, when strict).
    #[error("the handbook has problems")]
    Content(Diagnostics),
    /// The site could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The output folder.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// Compiles the handbook and writes it to `out`, replacing its contents only
/// when everything succeeded. With `strict`, warnings also stop the build.
pub fn build(opts: &BuildOptions, out: &Path, strict: bool) -> Result<BuildReport, BuildError> {
    let compiled = compile(opts).map_err(BuildError::Content)?;
    if compiled.diagnostics.fails(strict) {
        return Err(BuildError::Content(compiled.diagnostics));
    }
    let written =
        timed("write", || output::write_site(&compiled.files, out)).map_err(|source| {
            BuildError::Write {
                path: out.to_path_buf(),
                source,
            }
        })?;
    Ok(BuildReport { compiled, written })
}
