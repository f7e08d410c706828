//! Incremental rebuilds: the site in memory, made again after each change
//! from what changed only.
//!
//! In: the handbook on disk, walked again on every rebuild (the watcher's
//! events only say *that* something changed). Out: the built site as a
//! map from path to contents, equal byte for byte to what
//! [`crate::compile`] makes of the same files.
//!
//! Only the files whose stamp (modification time, length, inode) changed
//! since the last good site, or that changed in the second before it was
//! read, are read again ([`crate::source::Stamp`]). When each of
//! them changed only in its body, in a way no other entry can see (see
//! [`crate::resolve::resolve_text_change`]: the same front matter,
//! headings and links), the last good site is kept and just those entries
//! are parsed and resolved again; the others are shared with it, not
//! copied (a rebuild that fails keeps that site to compare with, so a
//! typo and its fix both take this way). Anything else loads the
//! handbook whole: a file whose text is as before is not parsed
//! again, the site is resolved anew. Then, when the entries are the same set as before
//! and no phase or term changed, only the pages whose output can change
//! are rendered again: the changed entries (all their languages), the
//! entries that link them or that they link (each page shows the titles
//! and summaries of what it links), their tag and facet pages, and the
//! listings (home, indexes, tag list, print document, feed, sitemap).
//! Anything else — a new, deleted or renamed entry, a phase (on every
//! page's phase bar and model diagram), a term (in every page's glossary),
//! a resource (named by title in other entries' sources), the settings or
//! the theme — renders every page, still without parsing the unchanged
//! files. The search index is
//! made apart, after the pages ([`Rebuilder::rebuild_search`]).

use crate::config::SiteConfig;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::render::{self, Contents, OutputFile, PageRef, RenderOptions, Renderer, Templates};
use crate::resolve::{ResolvedEntry, ResolvedSite, Target};
use crate::source::{SourceFile, SourceScan, Stamp};
use crate::theme::Theme;
use crate::{BuildOptions, ParsedFile, model::Kind};
use rayon::prelude::*;
use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Instant, SystemTime};

/// The contents of one file of the served site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Served {
    /// Made by the build.
    Bytes(Arc<Vec<u8>>),
    /// A file of the handbook served as it is (an asset), read when asked for.
    File(PathBuf),
}

/// What a rebuild did.
#[derive(Debug)]
pub enum Outcome {
    /// Nothing that the site is made of changed.
    Unchanged,
    /// The site was made anew.
    Built(Summary),
    /// The handbook has errors; the last good site is kept.
    Failed(Diagnostics),
}

/// Figures of a rebuild that succeeded.
#[derive(Debug, Clone)]
pub struct Summary {
    /// Pages rendered.
    pub rendered: usize,
    /// Pages of the site.
    pub pages: usize,
    /// Whether every page was rendered (not only the changed ones).
    pub full: bool,
    /// Whether only the changed entries were resolved again, the others
    /// kept from the last site (a change of text only), not the whole
    /// handbook loaded.
    pub patched: bool,
    /// The source files parsed again.
    pub parsed: Vec<String>,
    /// Warnings of the build.
    pub warnings: Diagnostics,
    /// Wall time in seconds.
    pub seconds: f64,
}

/// The last good build, kept to compare the next one with.
struct Last {
    site: Arc<ResolvedSite>,
    theme: Arc<Theme>,
}

/// What was made of a file, with what tells whether it changed since:
/// its stamp when it was read (taken before reading it) and a fingerprint
/// of its text (the text itself is not kept: 300 MB at 10,000 pages).
struct Cached {
    stamp: Option<Stamp>,
    /// When `stamp` was taken.
    stamped: SystemTime,
    fingerprint: u64,
    parsed: ParsedFile,
}

impl Cached {
    fn new(
        file: &SourceFile,
        stamp: Option<Stamp>,
        stamped: SystemTime,
        parsed: ParsedFile,
    ) -> Self {
        Cached {
            stamp,
            stamped,
            fingerprint: fingerprint(&file.text),
            parsed,
        }
    }

    /// Whether `file`, whose stamp now is `stamp`, is the file this was
    /// made of: the same settled stamp, or else the same text.
    fn is_of(&self, file: &SourceFile, stamp: Option<&Stamp>) -> bool {
        match (stamp, &self.stamp) {
            (Some(now), Some(was)) if now == was && was.is_settled(self.stamped) => true,
            _ => fingerprint(&file.text) == self.fingerprint,
        }
    }
}

/// A fingerprint of a file's text, to tell whether it changed.
fn fingerprint(text: &str) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

/// What the last good site was read from: to find the files changed
/// since without reading them all.
struct Read {
    scan: SourceScan,
    /// Per Markdown file, its stamp before it was read.
    stamps: HashMap<String, Stamp>,
    /// When the stamps were taken.
    stamped: SystemTime,
    /// The site's warnings.
    warnings: Diagnostics,
    /// Per Markdown file, its text's fingerprint and the problems of
    /// reading it into an entry (a part of `warnings`) — the parse cache
    /// may hold a later version, from a rebuild that failed.
    files: HashMap<String, (u64, Vec<Diagnostic>)>,
}

/// Makes the site, and makes it again after changes, doing only the work
/// that a change needs.
pub struct Rebuilder {
    opts: BuildOptions,
    /// Per source path, what was made of the file as last read.
    cache: HashMap<String, Cached>,
    /// The text of `site.yaml` the cache was made with.
    config_text: Option<String>,
    last: Option<Last>,
    /// What `last` was read from.
    read: Option<Read>,
    /// The templates of the theme last loaded, parsed.
    templates: Option<(Theme, Templates)>,
    files: HashMap<String, Served>,
    /// Paths of `files` that are pages; of the theme's files and assets; of
    /// the search index.
    page_paths: HashSet<String>,
    static_paths: HashSet<String>,
    index_paths: Vec<String>,
    /// Where the pages that went away have gone, when that is known.
    moves: HashMap<String, String>,
    /// Counts the good sites built, to match search indexes to them.
    version: u64,
    /// The version the search index was made for.
    index_version: u64,
    /// Whether the print documents are older than the pages (a partial
    /// rebuild leaves them to the background, as the search index).
    print_stale: bool,
}

impl Rebuilder {
    /// A rebuilder of the handbook of `opts`; nothing is built yet.
    pub fn new(opts: BuildOptions) -> Self {
        Rebuilder {
            opts,
            cache: HashMap::new(),
            config_text: None,
            last: None,
            read: None,
            templates: None,
            files: HashMap::new(),
            page_paths: HashSet::new(),
            static_paths: HashSet::new(),
            index_paths: Vec::new(),
            moves: HashMap::new(),
            version: 0,
            index_version: 0,
            print_stale: false,
        }
    }

    /// The options it builds with.
    pub fn options(&self) -> &BuildOptions {
        &self.opts
    }

    /// The last good site, path to contents.
    pub fn files(&self) -> &HashMap<String, Served> {
        &self.files
    }

    /// Where pages that went away have gone: old path to new path.
    pub fn moves(&self) -> &HashMap<String, String> {
        &self.moves
    }

    /// Whether a good site has been built.
    pub fn has_site(&self) -> bool {
        self.last.is_some()
    }

    /// Reads the handbook again and makes the pages anew from what changed
    /// (the search index after, by [`Rebuilder::rebuild_search`]).
    pub fn rebuild(&mut self) -> Outcome {
        self.rebuild_with(|_| {})
    }

    /// [`Rebuilder::rebuild`], calling `first_served` as soon as the pages
    /// of the changed entries are in [`Rebuilder::files`] — before the
    /// pages that only show something of them (listings, linking entries,
    /// tags) are rendered — so that the page being edited can be served
    /// while the rest is made. Not called when there is no such page, or
    /// when the set of pages changes (a first build, a new, deleted or
    /// renamed entry, a theme or settings change, a failure).
    pub fn rebuild_with(&mut self, first_served: impl FnMut(&Rebuilder)) -> Outcome {
        let started = Instant::now();
        let config_text = crate::source::read_config_text(&self.opts.root).ok();
        if config_text != self.config_text {
            // Every entry is read with the settings: parse them all again.
            self.cache.clear();
            self.read = None;
            self.config_text = config_text;
        }
        let stamped = SystemTime::now();
        let scan = timed("scan", || crate::source::scan_sources(&self.opts.root));
        let stamps: HashMap<String, Stamp> = scan
            .markdown
            .par_iter()
            .filter_map(|f| Some((f.path.clone(), f.stamp()?)))
            .collect();
        let (loaded, parsed, patched) = match timed("patch", || self.patch(&scan, &stamps, stamped))
        {
            Some((loaded, parsed)) => (loaded, parsed, true),
            None => {
                let (loaded, parsed) = timed("load", || self.load(&stamps, stamped));
                (loaded, parsed, false)
            }
        };
        let warnings = loaded.diagnostics.clone();
        let changed = parsed.clone();
        let mut outcome = self.make(loaded, parsed, started, first_served);
        if let Outcome::Built(s) = &mut outcome {
            s.patched = patched;
        }
        // A failed rebuild keeps the last good site, and what it was read
        // from: the next rebuild compares with that.
        if !matches!(outcome, Outcome::Failed(_)) {
            let of = |c: &Cached| (c.fingerprint, c.parsed.1.clone());
            let files = match self.read.take() {
                // The files not parsed again are as they were.
                Some(read) if patched => {
                    let mut files = read.files;
                    for p in &changed {
                        files.insert(p.clone(), of(&self.cache[p]));
                    }
                    files
                }
                // A whole load read every file into the cache.
                _ => self.cache.iter().map(|(p, c)| (p.clone(), of(c))).collect(),
            };
            self.read = Some(Read {
                scan,
                stamps,
                stamped,
                warnings,
                files,
            });
        }
        outcome
    }

    /// The site of `loaded` rendered and put in [`Rebuilder::files`], the
    /// pages of the entries of `parsed` first.
    fn make(
        &mut self,
        loaded: crate::LoadedSite,
        parsed: Vec<String>,
        started: Instant,
        mut first_served: impl FnMut(&Rebuilder),
    ) -> Outcome {
        let diags = loaded.diagnostics;
        let site = match loaded.site {
            Some(s) if diags.error_count() == 0 => s,
            _ => return Outcome::Failed(diags),
        };
        let theme = match timed("theme", || {
            crate::theme::load_theme(&self.opts.root, &site.config.theme)
        }) {
            Ok(t) => t,
            Err(d) => return Outcome::Failed(with(&diags, vec![d])),
        };
        let ropts = RenderOptions {
            minify: self.opts.minify,
        };
        let templates = match &self.templates {
            Some((t, parsed)) if t.files == theme.files => parsed.clone(),
            _ => match timed("templates", || Templates::load(&theme)) {
                Ok(parsed) => {
                    self.templates = Some((theme.clone(), parsed.clone()));
                    parsed
                }
                Err(problems) => return Outcome::Failed(with(&diags, problems)),
            },
        };
        let renderer = match timed("renderer", || {
            Renderer::with_templates(&site, &theme, ropts, templates)
        }) {
            Ok(r) => r,
            Err(problems) => return Outcome::Failed(with(&diags, problems)),
        };
        // The pages of the entries whose files changed are rendered first
        // and served at once: they are what the editor looks at. Whatever
        // else changes, their contents are final (the site is resolved).
        // Only when the site keeps its pages: a new, deleted or renamed
        // entry or new settings change every page, and two reloads so
        // close together would cut the first one's loads short.
        let same_pages = self.last.as_ref().is_some_and(|last| {
            *last.theme == theme
                && last.site.config == site.config
                && last.site.entries.len() == site.entries.len()
                && last
                    .site
                    .entries
                    .iter()
                    .zip(&site.entries)
                    .all(|(a, b)| a.url == b.url)
        });
        let first: HashSet<usize> = if same_pages && !parsed.is_empty() {
            let parsed: HashSet<&str> = parsed.iter().map(String::as_str).collect();
            (0..site.entries.len())
                .filter(|&i| parsed.contains(site.entries[i].entry.source.as_str()))
                .collect()
        } else {
            HashSet::new()
        };
        let mut count = 0;
        // What the first pages replaced, put back if the rest fails.
        let mut undo: Vec<(String, Option<Served>)> = Vec::new();
        if !first.is_empty() {
            let made: Vec<Result<OutputFile, Diagnostic>> = timed("render 1st", || {
                renderer
                    .pages_where(|page| matches!(page, PageRef::Entry(i) if first.contains(&i)))
                    .collect()
            });
            match render::without_problems(made) {
                Ok(files) => {
                    count += files.len();
                    for f in files {
                        let old = self.files.insert(f.path.clone(), served(f.contents));
                        undo.push((f.path, old));
                    }
                }
                Err(problems) => return Outcome::Failed(with(&diags, problems)),
            }
            first_served(self);
        }
        let plan = timed("plan", || match &self.last {
            Some(last) if *last.theme == theme => plan(&last.site, &site),
            _ => Plan::Everything,
        });
        let pages: Vec<String> = renderer.page_paths();
        if matches!(plan, Plan::Nothing) && self.same_assets(&site) {
            drop(renderer);
            self.last = Some(Last {
                site: Arc::new(site),
                theme: Arc::new(theme),
            });
            return Outcome::Unchanged;
        }
        let (rendered, full) = match &plan {
            Plan::Nothing => (Ok(Vec::new()), false),
            Plan::Everything => {
                let made: Vec<Result<OutputFile, Diagnostic>> = timed("render", || {
                    renderer
                        .pages_where(|page| match page {
                            PageRef::Entry(i) => !first.contains(&i),
                            // The print documents (each holds every entry:
                            // the slowest pages) are made after, with the
                            // search index.
                            PageRef::Print { .. } => false,
                            _ => true,
                        })
                        .chain(theme_files(&theme, ropts).into_par_iter().map(Ok))
                        .chain(site.assets.par_iter().map(|a| {
                            Ok(OutputFile {
                                path: a.rel.clone(),
                                contents: Contents::Copy(a.abs.clone()),
                            })
                        }))
                        .collect()
                });
                (render::without_problems(made), true)
            }
            Plan::Some(p) => {
                let made: Vec<Result<OutputFile, Diagnostic>> = timed("render", || {
                    renderer
                        .pages_where(|page| {
                            !matches!(page, PageRef::Entry(i) if first.contains(&i))
                                && p.keeps(page)
                        })
                        .collect()
                });
                (render::without_problems(made), false)
            }
        };
        drop(renderer);
        let rendered = match rendered {
            Ok(files) => files,
            Err(problems) => {
                for (path, old) in undo {
                    match old {
                        Some(o) => self.files.insert(path, o),
                        None => self.files.remove(&path),
                    };
                }
                return Outcome::Failed(with(&diags, problems));
            }
        };
        let new_pages: HashSet<String> = pages.iter().cloned().collect();
        // Pages only: a full rebuild also makes the theme's files and
        // copies the assets ("rebuilt 742 of 739 pages" otherwise).
        count += rendered
            .iter()
            .filter(|f| new_pages.contains(&f.path))
            .count();
        if let Some(last) = &self.last {
            note_moves(&mut self.moves, &last.site, &site);
        }
        for gone in self.page_paths.difference(&new_pages) {
            self.files.remove(gone);
        }
        if full {
            for p in self.static_paths.drain() {
                self.files.remove(&p);
            }
        } else {
            for a in &self
                .last
                .as_ref()
                .expect("a plan needs a last site")
                .site
                .assets
            {
                self.static_paths.remove(&a.rel);
                self.files.remove(&a.rel);
            }
        }
        for f in rendered {
            if !new_pages.contains(&f.path) {
                self.static_paths.insert(f.path.clone());
            }
            self.files.insert(f.path, served(f.contents));
        }
        for a in &site.assets {
            self.static_paths.insert(a.rel.clone());
            self.files
                .insert(a.rel.clone(), Served::File(a.abs.clone()));
        }
        for p in &pages {
            self.moves.remove(p);
        }
        self.page_paths = new_pages;
        self.last = Some(Last {
            site: Arc::new(site),
            theme: Arc::new(theme),
        });
        self.version += 1;
        self.print_stale = true;
        Outcome::Built(Summary {
            rendered: count,
            pages: pages.len(),
            full,
            patched: false,
            parsed,
            warnings: diags,
            seconds: started.elapsed().as_secs_f64(),
        })
    }

    /// The work of making the search index of the last good site, when
    /// the index is older than the pages; it can run on another thread
    /// while pages are rebuilt.
    pub fn search_job(&self) -> Option<SearchJob> {
        let last = self.last.as_ref()?;
        (self.index_version != self.version).then(|| SearchJob {
            site: last.site.clone(),
            theme: last.theme.clone(),
            options: RenderOptions {
                minify: self.opts.minify,
            },
            version: self.version,
            search: self.opts.search,
            print: self.print_stale,
        })
    }

    /// Puts a search index made by a [`SearchJob`] in place; returns
    /// whether it was still of the last good site (an older one is
    /// dropped: the next job makes it again).
    pub fn apply_search(&mut self, index: SearchIndex) -> bool {
        if index.version != self.version {
            return false;
        }
        self.index_version = index.version;
        self.print_stale = false;
        for f in index.print {
            self.files.insert(f.path, served(f.contents));
        }
        for p in self.index_paths.drain(..) {
            if !self.page_paths.contains(&p) {
                self.files.remove(&p);
            }
        }
        for f in index.files {
            self.index_paths.push(f.path.clone());
            self.files.insert(f.path, served(f.contents));
        }
        true
    }

    /// Makes the search index of the last good site anew, here and now,
    /// when it is older than the pages; returns whether it did.
    pub fn rebuild_search(&mut self) -> bool {
        match self.search_job() {
            Some(job) => {
                let index = job.run();
                self.apply_search(index)
            }
            None => false,
        }
    }

    /// The last good site with the files changed since (by their stamps)
    /// parsed and resolved again, and the paths parsed; `None` when that
    /// would not be the site a full load makes: a file came, went or
    /// cannot be read, an asset or a problem of the walk changed, or a
    /// change is more than one of text (see
    /// [`crate::resolve::resolve_text_change`]). Changed means since the
    /// last good site, through any rebuilds that failed since.
    fn patch(
        &mut self,
        scan: &SourceScan,
        stamps: &HashMap<String, Stamp>,
        stamped: SystemTime,
    ) -> Option<(crate::LoadedSite, Vec<String>)> {
        let last = self.last.as_ref()?;
        let read = self.read.as_ref()?;
        if scan.markdown != read.scan.markdown
            || scan.assets != read.scan.assets
            || scan.problems != read.scan.problems
            || stamps.len() != scan.markdown.len()
        {
            return None;
        }
        let mut site = ResolvedSite::clone(&last.site);
        let mut diags: Vec<Diagnostic> = read.warnings.items().to_vec();
        let mut fresh = Vec::new();
        for f in &scan.markdown {
            let was = read.stamps.get(&f.path);
            if stamps.get(&f.path) == was && was.is_some_and(|s| s.is_settled(read.stamped)) {
                continue;
            }
            let file = crate::source::read_found(f).ok()?;
            let (was_fingerprint, was_problems) = read.files.get(&f.path)?;
            if *was_fingerprint == fingerprint(&file.text) {
                continue; // as it was in the last good site
            }
            let (entry, problems) = crate::parse_file(&file, &site.config);
            let entry = entry?;
            let e = &entry.entry;
            let i = site
                .find(e.kind, &e.id, &e.lang)
                .filter(|&i| site.entries[i].entry.source == f.path)?;
            let change = crate::resolve::resolve_text_change(&site, i, entry.clone())?;
            diags.retain(|d| !was_problems.contains(d) && !change.gone.contains(d));
            diags.extend(problems.iter().cloned());
            diags.extend(change.found);
            site.entries[i] = Arc::new(change.entry);
            let stamp = stamps.get(&f.path).copied();
            let cached = Cached::new(&file, stamp, stamped, (Some(entry), problems));
            fresh.push((f.path.clone(), cached));
        }
        let mut parsed = Vec::new();
        for (path, cached) in fresh {
            parsed.push(path.clone());
            self.cache.insert(path, cached);
        }
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(diags);
        Some((
            crate::LoadedSite {
                site: Some(site),
                diagnostics: diagnostics.sorted(),
            },
            parsed,
        ))
    }

    /// Loads the handbook, parsing only the files not in the cache as they
    /// are now (their `stamps`, taken at `stamped`, before reading);
    /// returns the site and the paths parsed.
    fn load(
        &mut self,
        stamps: &HashMap<String, Stamp>,
        stamped: SystemTime,
    ) -> (crate::LoadedSite, Vec<String>) {
        let old = &self.cache;
        let fresh: Mutex<Vec<(String, Cached)>> = Mutex::new(Vec::new());
        let seen: Mutex<Vec<String>> = Mutex::new(Vec::new());
        let parse = |f: &SourceFile, c: &SiteConfig| -> ParsedFile {
            seen.lock()
                .expect("no panics while held")
                .push(f.path.clone());
            let stamp = stamps.get(&f.path);
            if let Some(cached) = old.get(&f.path)
                && cached.is_of(f, stamp)
            {
                return cached.parsed.clone();
            }
            let parsed = crate::parse_file(f, c);
            let cached = Cached::new(f, stamp.copied(), stamped, parsed.clone());
            fresh
                .lock()
                .expect("no panics while held")
                .push((f.path.clone(), cached));
            parsed
        };
        let loaded = crate::load_with(&self.opts, &parse);
        let seen: HashSet<String> = seen
            .into_inner()
            .expect("not poisoned")
            .into_iter()
            .collect();
        self.cache.retain(|p, _| seen.contains(p));
        let mut parsed = Vec::new();
        for (path, cached) in fresh.into_inner().expect("not poisoned") {
            parsed.push(path.clone());
            self.cache.insert(path, cached);
        }
        parsed.sort();
        (loaded, parsed)
    }

    fn same_assets(&self, site: &ResolvedSite) -> bool {
        self.last
            .as_ref()
            .is_some_and(|l| l.site.assets == site.assets)
    }
}

/// Notes in `moves` where the entries that went away have gone: to the
/// entry of the same kind, language and title that came, or to the one new
/// entry of that kind when one went and one came.
fn note_moves(moves: &mut HashMap<String, String>, old: &ResolvedSite, new: &ResolvedSite) {
    {
        let old_urls: HashSet<&str> = old.entries.iter().map(|e| e.url.as_str()).collect();
        let new_urls: HashSet<&str> = new.entries.iter().map(|e| e.url.as_str()).collect();
        let gone: Vec<&ResolvedEntry> = old
            .entries
            .iter()
            .map(|e| &**e)
            .filter(|e| !new_urls.contains(e.url.as_str()))
            .collect();
        let came: Vec<&ResolvedEntry> = new
            .entries
            .iter()
            .map(|e| &**e)
            .filter(|e| !old_urls.contains(e.url.as_str()))
            .collect();
        for g in &gone {
            let same = |c: &&&ResolvedEntry| c.entry.kind == g.entry.kind;
            let by_title = came.iter().find(|c| {
                same(c) && c.entry.title == g.entry.title && c.entry.lang == g.entry.lang
            });
            let only = || {
                let gone_of_kind = gone.iter().filter(|o| o.entry.kind == g.entry.kind).count();
                let mut of_kind = came.iter().filter(same);
                match (gone_of_kind, of_kind.next(), of_kind.next()) {
                    (1, Some(c), None) => Some(c),
                    _ => None,
                }
            };
            if let Some(to) = by_title.or_else(only) {
                for v in moves.values_mut() {
                    if *v == g.url {
                        *v = to.url.clone();
                    }
                }
                moves.insert(g.url.clone(), to.url.clone());
            }
        }
    }
}

/// What is made after the pages of one good site: its search index, and
/// its print documents when a partial rebuild left them (each holds every
/// entry: the slowest pages to render).
pub struct SearchJob {
    site: Arc<ResolvedSite>,
    theme: Arc<Theme>,
    options: RenderOptions,
    version: u64,
    search: bool,
    print: bool,
}

impl SearchJob {
    /// Makes the index (nothing when the build options leave search out)
    /// and the print documents.
    pub fn run(self) -> SearchIndex {
        let files = if self.search {
            crate::search::build_index(&self.site)
        } else {
            Vec::new()
        };
        let mut print = Vec::new();
        if self.print {
            // The same templates rendered these pages in the last full
            // rebuild; a problem now is one of this site's data, and is
            // reported as the pages' problems are.
            match Renderer::new(&self.site, &self.theme, self.options).map(|r| {
                let made: Vec<_> = r
                    .pages_where(|p| matches!(p, PageRef::Print { .. }))
                    .collect();
                render::without_problems(made)
            }) {
                Ok(Ok(files)) => print = files,
                Ok(Err(problems)) | Err(problems) => {
                    for p in problems {
                        eprintln!("{}:{}:{}: error: {}", p.file, p.line, p.column, p.message);
                    }
                }
            }
        }
        SearchIndex {
            version: self.version,
            files,
            print,
        }
    }
}

/// A search index (and print documents) made by a [`SearchJob`].
pub struct SearchIndex {
    version: u64,
    files: Vec<OutputFile>,
    print: Vec<OutputFile>,
}

/// The theme's static files as the site has them (under `theme/`, minified
/// with the pages): what [`Renderer::files`] adds to the pages.
fn theme_files(theme: &Theme, opts: RenderOptions) -> Vec<OutputFile> {
    theme
        .statics()
        .map(|(name, bytes)| OutputFile {
            path: format!("theme/{name}"),
            contents: Contents::Bytes(if opts.minify {
                crate::minify::static_file(name, bytes)
            } else {
                bytes.to_vec()
            }),
        })
        .collect()
}

/// Runs `f`, printing how long it took when `CLUSTERBOOK_TIMINGS` is set.
fn timed<T>(stage: &str, f: impl FnOnce() -> T) -> T {
    crate::timed(&format!("serve {stage}"), f)
}

fn served(c: Contents) -> Served {
    match c {
        Contents::Bytes(b) => Served::Bytes(Arc::new(b)),
        Contents::Copy(p) => Served::File(p),
    }
}

/// `diags` with `problems` added.
fn with(diags: &Diagnostics, problems: Vec<Diagnostic>) -> Diagnostics {
    let mut ds = diags.clone();
    ds.extend(problems);
    ds.sorted()
}

/// Which pages a rebuild renders.
#[derive(Debug)]
enum Plan {
    /// None: no entry changed.
    Nothing,
    /// Every page and file.
    Everything,
    /// These.
    Some(Pages),
}

/// Pages to render again (every listing page too).
#[derive(Debug, Default)]
struct Pages {
    entries: HashSet<usize>,
    tags: BTreeSet<(String, String)>,
    facets: BTreeSet<(Kind, String, String)>,
}

impl Pages {
    fn keeps(&self, page: PageRef<'_>) -> bool {
        match page {
            PageRef::Entry(i) => self.entries.contains(&i),
            PageRef::Tag { lang, tag } => self.tags.contains(&(lang.to_string(), tag.to_string())),
            // Made after the pages, with the search index.
            PageRef::Print { .. } => false,
            // Facet pages may list entries of other languages, so a change
            // renders the value's page in every language.
            PageRef::Facet {
                kind, facet, value, ..
            } => self
                .facets
                .contains(&(kind, facet.to_string(), value.to_string())),
            _ => true,
        }
    }
}

/// What must be rendered again to go from `old` to `new`.
fn plan(old: &ResolvedSite, new: &ResolvedSite) -> Plan {
    if old.config != new.config
        || old.menu != new.menu
        || old.entries.len() != new.entries.len()
        || old.entries.iter().zip(&new.entries).any(|(a, b)| {
            a.url != b.url || a.entry.kind != b.entry.kind || a.entry.lang != b.entry.lang
        })
    {
        return Plan::Everything;
    }
    let changed: Vec<usize> = (0..new.entries.len())
        .into_par_iter()
        .filter(|&i| differs(&old.entries[i], &new.entries[i]))
        .collect();
    if changed.is_empty() {
        return Plan::Nothing;
    }
    if changed.iter().any(|&i| {
        matches!(
            new.entries[i].entry.kind,
            Kind::Phase | Kind::Term | Kind::Resource
        )
    }) {
        return Plan::Everything;
    }
    // Every language of each changed entry.
    let mut group: HashSet<usize> = HashSet::new();
    for &i in &changed {
        for site in [old, new] {
            let main = site.main_version(i);
            group.insert(i);
            group.insert(main);
            group.extend(site.entries[main].translations.iter().map(|(_, j)| *j));
        }
    }
    let mut pages = Pages::default();
    for site in [old, new] {
        let linking: Vec<usize> = (0..site.entries.len())
            .into_par_iter()
            .filter(|j| linked(&site.entries[*j]).any(|k| group.contains(&k)))
            .collect();
        pages.entries.extend(linking);
        for &g in &group {
            let e = &site.entries[g].entry;
            for t in &e.tags {
                pages.tags.insert((e.lang.clone(), t.value.clone()));
            }
            for (facet, v) in crate::render::facets(e) {
                pages
                    .facets
                    .insert((e.kind, facet.to_string(), v.to_string()));
            }
        }
    }
    pages.entries.extend(group);
    Plan::Some(pages)
}

/// Whether an entry reads differently, or relates to other entries
/// differently.
fn differs(a: &ResolvedEntry, b: &ResolvedEntry) -> bool {
    a.entry != b.entry
        || a.phases != b.phases
        || a.roles != b.roles
        || a.related != b.related
        || a.backlinks != b.backlinks
        || a.translations != b.translations
        || a.body.targets != b.body.targets
        || a.lines.len() != b.lines.len()
        || a.lines.iter().zip(&b.lines).any(|((na, la), (nb, lb))| {
            na != nb
                || la.len() != lb.len()
                || la.iter().zip(lb).any(|(x, y)| x.targets != y.targets)
        })
}

/// Every entry the page of `e` shows something of.
fn linked(e: &ResolvedEntry) -> impl Iterator<Item = usize> + '_ {
    let in_text = std::iter::once(&e.body)
        .chain(e.lines.iter().flat_map(|(_, docs)| docs.iter()))
        .flat_map(|m| m.targets.iter())
        .filter_map(|t| match t {
            Target::Entry(i, _) => Some(*i),
            _ => None,
        });
    e.phases
        .iter()
        .chain(&e.roles)
        .chain(&e.related)
        .chain(&e.backlinks.named_by)
        .chain(&e.backlinks.referenced_by)
        .copied()
        .chain(e.translations.iter().map(|(_, j)| *j))
        .chain(in_text)
}
