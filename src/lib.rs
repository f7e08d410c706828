//! clusterbook: a static site generator for handbooks of cluster development.
//!
//! A handbook is a folder with `content/` (Markdown with YAML front matter,
//! see the format in the README) and optionally `themes/`. The compiler is a
//! pipeline of plain data, one module per stage:
//!
//! `config` + `source` (read) → `frontmatter` + `model` (typed entries) →
//! `markdown` (parse each body once) → `resolve` (ids, references, links,
//! backlinks) → `render` (templates of the `theme`)→
//! `output` (write, atomically, only where allowed). `paths` decides what
//! may be read (nothing through a link out of the root), `output` which
//! folder may be replaced (only one clusterbook made).
//!
//! [`compile`] runs every stage but the last, with the whole site in
//! memory; [`check`] runs the stages that can find a problem and keeps
//! nothing; [`build`] hands each rendered file to the output stage as soon
//! as it is made, so that rendering and the disk's waits overlap. Problems of every stage are collected as
//! [`Diagnostics`] and reported together.

#![warn(missing_docs)]

pub mod active;
pub mod catalog;
pub mod config;
pub mod diagnostics;
pub mod diagram;
pub mod editions;
pub mod frontmatter;
pub mod i18n;
pub mod markdown;
pub mod minify;
pub mod model;
pub mod output;
pub mod paths;
pub mod render;
pub mod resolve;
pub mod root;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod source;
pub mod theme;
pub mod urls;

use diagnostics::{Diagnostic, Diagnostics};
use rayon::prelude::*;
use render::OutputFile;
use resolve::{ParsedEntry, ResolvedSite};
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

/// Runs `f`, printing how long it took to stderr when the environment
/// variable `CLUSTERBOOK_TIMINGS` is set (for profiling builds).
pub(crate) fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
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

/// What [`load`] makes of one file: the entry with its Markdown parsed (or
/// none when it cannot be read into one), and the problems found.
pub type ParsedFile = (Option<ParsedEntry>, Vec<Diagnostic>);

/// Reads one Markdown file into an entry and parses its Markdown, as
/// [`load`] does for every file.
pub fn parse_file(file: &source::SourceFile, config: &config::SiteConfig) -> ParsedFile {
    let (entry, mut problems) = model::parse_entry(file, config);
    problems.extend(scaffold::placeholders(&file.path, &file.text));
    (entry.map(parse_markdown), problems)
}

/// Reads and resolves the handbook at `opts.root`.
pub fn load(opts: &BuildOptions) -> LoadedSite {
    load_with(opts, &parse_file)
}

/// [`load`], with each Markdown file read by `parse` instead of
/// [`parse_file`]: `serve` passes a cache of earlier parses, so that a
/// rebuild parses only the files that changed.
pub fn load_with(
    opts: &BuildOptions,
    parse: &(dyn Fn(&source::SourceFile, &config::SiteConfig) -> ParsedFile + Sync),
) -> LoadedSite {
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
    // A file that cannot be read as text is reported once, here; links and
    // references to it get no follow-on "does not exist".
    let mut unreadable: std::collections::BTreeSet<String> = problems
        .iter()
        .filter(|d| matches!(d.code, "invalid-utf8" | "unreadable-file"))
        .map(|d| d.file.clone())
        .collect();
    diags.extend(problems);
    diags.extend(active::check_assets(
        &tree.assets,
        config.allow_active_assets,
    ));
    // Each file's text is dropped as soon as it is parsed (the entry keeps
    // its own copy of the body): kept to the end of the stage, the texts
    // were 670 MB of the peak at 100,000 pages.
    let parsed: Vec<(String, Option<ParsedEntry>, Vec<Diagnostic>)> = timed("parse", || {
        tree.files
            .into_par_iter()
            .map(|f| {
                let (entry, problems) = parse(&f, &config);
                (f.path, entry, problems)
            })
            .collect()
    });
    let mut entries = Vec::with_capacity(parsed.len());
    for (path, e, p) in parsed {
        diags.extend(p);
        match e {
            Some(e) => entries.push(e),
            None => {
                unreadable.insert(path);
            }
        }
    }
    let (site, problems) = timed("resolve", || {
        resolve::resolve_site(config, entries, tree.assets, &unreadable, opts.drafts)
    });
    diags.extend(problems);
    diags.extend(i18n::status::stale_warnings(&site));
    LoadedSite {
        site: Some(site),
        diagnostics: diags.sorted(),
    }
}

/// Parses an entry's body and Markdown lines, each once.
fn parse_markdown(entry: model::Entry) -> ParsedEntry {
    let body = markdown::parse_shared(
        entry.body.clone(),
        diagnostics::Pos::new(entry.body_line, 1),
    )
    .into();
    let lines = entry
        .markdown_lines()
        .into_iter()
        .map(|(name, items)| {
            (
                name,
                items
                    .iter()
                    .map(|l| markdown::parse(&l.value, l.pos).into())
                    .collect(),
            )
        })
        .collect();
    ParsedEntry { entry, body, lines }
}

/// The stages before rendering, for [`compile`] and [`build`]: the site
/// resolved without errors, its warnings, and its theme.
pub(crate) fn load_for_render(
    opts: &BuildOptions,
) -> Result<(ResolvedSite, Diagnostics, theme::Theme), Diagnostics> {
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
    Ok((site, diags, theme))
}

pub(crate) fn render_options(opts: &BuildOptions) -> render::RenderOptions {
    render::RenderOptions {
        minify: opts.minify,
    }
}

/// `diags` with the render stage's `problems` added.
fn with_problems(diags: &Diagnostics, problems: Vec<Diagnostic>) -> Diagnostics {
    let mut ds = diags.clone();
    ds.extend(problems);
    ds.sorted()
}

/// The search index (empty when `opts.search` is off), and how long it
/// took in seconds.
pub(crate) fn search_index(opts: &BuildOptions, site: &ResolvedSite) -> (Vec<OutputFile>, f64) {
    let started = std::time::Instant::now();
    let index = if opts.search {
        timed("search", || search::build_index(site))
    } else {
        Vec::new()
    };
    (index, started.elapsed().as_secs_f64())
}

pub(crate) fn total_bytes(files: &[OutputFile]) -> u64 {
    files
        .iter()
        .map(|f| match &f.contents {
            render::Contents::Bytes(b) => b.len() as u64,
            render::Contents::Copy(_) => 0,
        })
        .sum()
}

/// Runs every stage of a build except writing: the whole site in memory,
/// or every problem that stops it.
pub fn compile(opts: &BuildOptions) -> Result<CompiledSite, Diagnostics> {
    let (site, diags, theme) = load_for_render(opts)?;
    let files = timed("render", || {
        render::render_site(&site, &theme, render_options(opts))
    })
    .map_err(|problems| with_problems(&diags, problems))?;
    // What `build` would fail to write is an error here too.
    let problems: Vec<Diagnostic> = files
        .iter()
        .filter_map(|f| output::site_path_problem(&site, &f.path))
        .collect();
    if !problems.is_empty() {
        return Err(with_problems(&diags, problems));
    }
    let (index, search_seconds) = search_index(opts, &site);
    let search_files = index.len();
    let search_bytes = total_bytes(&index);
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

/// Runs every stage of a build that can find a problem — read, parse,
/// resolve, and every page through its template — and keeps and writes
/// nothing: no page is minified or held in memory after its template has
/// run, and no search index is made (its input is checked by the stages
/// before). What `check` runs; its diagnostics are those [`compile`] finds.
pub fn check(opts: &BuildOptions) -> Diagnostics {
    let opts = BuildOptions {
        minify: false,
        search: false,
        ..opts.clone()
    };
    let (site, diags, theme) = match load_for_render(&opts) {
        Ok(loaded) => loaded,
        Err(diags) => return diags,
    };
    let renderer = match render::Renderer::new(&site, &theme, render_options(&opts)) {
        Ok(r) => r.for_check(),
        Err(problems) => return with_problems(&diags, problems),
    };
    let checked: Vec<Result<(), Diagnostic>> = timed("render", || {
        renderer
            .checked_paths()
            .map(|f| {
                f.and_then(|path| match output::site_path_problem(&site, &path) {
                    Some(d) => Err(d),
                    None => Ok(()),
                })
            })
            .collect()
    });
    match render::without_problems(checked) {
        Ok(_) => diags,
        Err(problems) => with_problems(&diags, problems),
    }
}

/// What a finished build wrote.
#[derive(Debug)]
pub struct BuildReport {
    /// The resolved handbook.
    pub site: ResolvedSite,
    /// Warnings (a finished build has no errors).
    pub diagnostics: Diagnostics,
    /// Files and bytes written.
    pub written: output::WriteSummary,
    /// How many of the files are the search index (under `search/`).
    pub search_files: usize,
    /// Their size in bytes.
    pub search_bytes: u64,
    /// How long the index took to build and write, in seconds.
    pub search_seconds: f64,
    /// The removal of the previous output, still running: wait for it
    /// with [`output::Cleanup::finish`] (dropping it waits too).
    pub cleanup: output::Cleanup,
}

/// Why a build did not write a site.
#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    /// The content has errors (or warnings, when strict).
    #[error("the handbook has problems")]
    Content(Diagnostics),
    /// `--out` names a folder that must not be replaced; nothing was
    /// written or removed.
    #[error("{0}")]
    Refused(output::Refusal),
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
///
/// Unlike [`compile`], pages go to disk as they are rendered, so that the
/// disk's waits overlap with rendering; they go to a staging folder, which
/// replaces `out` only at the end.
///
/// `out` is refused (before anything is read) unless it may be replaced:
/// see [`output::OutputDir::choose`].
pub fn build(opts: &BuildOptions, out: &Path, strict: bool) -> Result<BuildReport, BuildError> {
    let target = output::OutputDir::choose(out, &opts.root).map_err(BuildError::Refused)?;
    // A handbook with released editions is built as one site of them all.
    let registry = editions::registry::load_registry(&opts.root).map_err(|ds| {
        let mut all = Diagnostics::new();
        all.extend(ds);
        BuildError::Content(all.sorted())
    })?;
    if !registry.editions.is_empty() {
        return editions::build::build_editions(opts, out, strict, &registry);
    }
    let (site, diags, theme) = load_for_render(opts).map_err(BuildError::Content)?;
    if diags.fails(strict) {
        return Err(BuildError::Content(diags));
    }
    let render_error = |problems| BuildError::Content(with_problems(&diags, problems));
    let renderer =
        render::Renderer::new(&site, &theme, render_options(opts)).map_err(render_error)?;
    let write_error = |source| BuildError::Write {
        path: out.to_path_buf(),
        source,
    };
    let staging = output::Staging::create(&target).map_err(write_error)?;
    // Each file is written as soon as it is rendered, the print pages part
    // by part as they are made; the search index is made from the resolved
    // site at the same time, so that its work fills the cores while pages
    // wait for the disk, and its files are written as soon as it is made,
    // while pages still render (written after them, they took 0.15-1.5 s
    // of wall time alone at 10,000 pages).
    let (mut written, ((index_files, index_written, search_seconds), printed)) = rayon::join(
        || -> Vec<Result<std::io::Result<u64>, Diagnostic>> {
            timed("render+write", || {
                renderer
                    .files_but_print()
                    .map(|f| {
                        f.and_then(|f| match output::site_path_problem(&site, &f.path) {
                            Some(d) => Err(d),
                            None => Ok(staging.write(&f)),
                        })
                    })
                    .collect()
            })
        },
        || {
            rayon::join(
                || write_search_index(opts, &site, &staging),
                || write_print_pages(&renderer, &staging, &site),
            )
        },
    );
    written.extend(printed);
    let written = render::without_problems(written).map_err(render_error)?;
    let mut files = written.len();
    let mut bytes = written
        .into_iter()
        .sum::<std::io::Result<u64>>()
        .map_err(write_error)?;
    let search_bytes = index_written.map_err(write_error)?;
    bytes += search_bytes;
    files += index_files;
    // The folder may have changed while the site was built.
    output::OutputDir::choose(&target.path, &opts.root).map_err(BuildError::Refused)?;
    let cleanup = timed("commit", || staging.commit()).map_err(write_error)?;
    Ok(BuildReport {
        site,
        diagnostics: diags,
        written: output::WriteSummary { files, bytes },
        search_files: index_files,
        search_bytes,
        search_seconds,
        cleanup,
    })
}

/// Makes the search index (when `opts.search` is on) and writes it, each
/// document's file as it is made ([`search::SearchIndex`]): how many files,
/// their bytes, and how long making and writing them took, in seconds.
fn write_search_index(
    opts: &BuildOptions,
    site: &ResolvedSite,
    staging: &output::Staging,
) -> (usize, std::io::Result<u64>, f64) {
    if !opts.search {
        return (0, Ok(0), 0.0);
    }
    let started = std::time::Instant::now();
    let index = timed("search", || search::index(site));
    let written = timed("write index", || {
        let docs = (0..index.docs())
            .into_par_iter()
            .map(|i| staging.write(&index.doc_file(i)))
            .try_reduce(|| 0, |a, b| Ok(a + b));
        Ok(staging.write_all(&index.files)? + docs?)
    });
    (
        index.files.len() + index.docs(),
        written,
        started.elapsed().as_secs_f64(),
    )
}

/// Writes the print page of each language, one language at a time, each
/// part by part as it is made ([`render::Renderer::print_doc`]): made
/// whole, the page and its template data were 1.9 GiB at 100,000 pages.
fn write_print_pages(
    renderer: &render::Renderer,
    staging: &output::Staging,
    site: &ResolvedSite,
) -> Vec<Result<std::io::Result<u64>, Diagnostic>> {
    renderer
        .print_langs()
        .into_iter()
        .map(|lang| {
            let started = std::time::Instant::now();
            let doc = renderer.print_doc(lang)?;
            if let Some(d) = output::site_path_problem(site, &doc.path) {
                return Err(d);
            }
            let path = doc.path.clone();
            let in_parts = doc.in_parts();
            let written = staging.write_with(&path, |w| renderer.write_print(doc, w));
            if std::env::var_os("CLUSTERBOOK_TIMINGS").is_some() {
                let how = if in_parts { "in parts" } else { "whole" };
                eprintln!(
                    "timing: page {path} {:.3} s ({} bytes, {how})",
                    started.elapsed().as_secs_f64(),
                    written.as_ref().map_or(0, |b| *b)
                );
            }
            Ok(written)
        })
        .collect()
}
