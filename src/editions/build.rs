//! The build of a handbook that has released editions: one site holding
//! every edition under `<out>/<label>/`, the newest again under
//! `<out>/latest/`, the working content under `<out>/next/`, a root page
//! that leads to `latest/`, `versions.json` for tools, and a zip of each
//! edition for offline readers.
//!
//! In: the build's options, the output folder and the [`Registry`]. Out:
//! what [`crate::build`] gives, written through the same staging folder
//! and atomic swap. Each edition goes through the ordinary pipeline with
//! its snapshot as the root (and so with the theme overrides it froze, else
//! the binary's theme); its problems are reported under
//! `versions/<label>/`.

use super::changes;
use super::nav::{EditionContext, EditionInfo};
use super::registry::{Edition, Registry};
use super::{LATEST, NEXT, archive, reuse};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::output::{self, OutputDir, Staging};
use crate::render::views::edition::CHANGES_URL;
use crate::render::{Contents, OutputFile, Renderer, Templates};
use crate::resolve::ResolvedSite;
use crate::theme::Theme;
use crate::{BuildError, BuildOptions, BuildReport};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// One edition made ready to render.
struct Prepared {
    /// `2026.1`, or `next` for the working content.
    label: String,
    /// The folders it is written to (`2026.1` and `latest` for the newest).
    folders: Vec<String>,
    /// Its options (its root is its snapshot).
    opts: BuildOptions,
    /// The edition as listed, for released ones.
    edition: Option<Edition>,
    site: ResolvedSite,
    theme: Theme,
}

/// `ds` as the handbook root sees them: their files under `prefix`.
fn under(prefix: &str, ds: Diagnostics) -> Vec<Diagnostic> {
    ds.items()
        .iter()
        .cloned()
        .map(|mut d| {
            d.file = format!("{prefix}/{}", d.file);
            d
        })
        .collect()
}

/// One row of `versions.json` (the shape `mike` writes, which version
/// switchers and tools read, with the date, notes and folder added).
#[derive(Debug, Serialize)]
struct VersionRow<'a> {
    version: &'a str,
    title: String,
    aliases: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    notes: Option<&'a str>,
    url: String,
    released: bool,
}

/// `versions.json`: the editions newest first, then `next`.
fn versions_json(registry: &Registry, with_next: bool) -> Vec<u8> {
    let newest = registry.newest().map(|e| e.label.as_str());
    let mut rows: Vec<VersionRow> = registry
        .editions
        .iter()
        .rev()
        .map(|e| VersionRow {
            version: &e.label,
            title: e.label.clone(),
            aliases: if Some(e.label.as_str()) == newest {
                vec![LATEST]
            } else {
                vec![]
            },
            date: Some(&e.date),
            notes: e.notes.as_deref(),
            url: format!("{}/", e.label),
            released: true,
        })
        .collect();
    if with_next {
        rows.push(VersionRow {
            version: NEXT,
            title: format!("{NEXT} (unreleased)"),
            aliases: vec![],
            date: None,
            notes: None,
            url: format!("{NEXT}/"),
            released: false,
        });
    }
    let mut bytes = serde_json::to_vec_pretty(&rows).expect("rows always serialise");
    bytes.push(b'\n');
    bytes
}

/// The view of the root page: where it leads, and every edition.
#[derive(Debug, Serialize)]
struct RootView<'a> {
    title: &'a str,
    lang: &'a str,
    latest: &'a str,
    target: &'a str,
    editions: Vec<RootEdition<'a>>,
}

#[derive(Debug, Serialize)]
struct RootEdition<'a> {
    label: &'a str,
    href: String,
    date: Option<&'a str>,
    released: bool,
}

/// Builds every edition and the working content into `out`.
pub fn build_editions(
    opts: &BuildOptions,
    out: &Path,
    strict: bool,
    registry: &Registry,
) -> Result<BuildReport, BuildError> {
    let target = OutputDir::choose(out, &opts.root).map_err(BuildError::Refused)?;
    let newest = registry.newest().map(|e| e.label.clone());
    let mut problems = Diagnostics::new();
    let mut prepared = Vec::new();
    for e in &registry.editions {
        let mut o = opts.clone();
        o.root = Registry::snapshot(&opts.root, e);
        o.drafts = false;
        match crate::load_for_render(&o) {
            // A released edition's warnings are frozen with it: only errors
            // (content that no longer builds) are reported.
            Ok((site, _warnings, theme)) => {
                let mut folders = vec![e.label.clone()];
                if newest.as_deref() == Some(e.label.as_str()) {
                    folders.push(LATEST.to_string());
                }
                prepared.push(Prepared {
                    label: e.label.clone(),
                    folders,
                    opts: o,
                    edition: Some(e.clone()),
                    site,
                    theme,
                });
            }
            Err(ds) => problems.extend(
                under(&e.rel_root(), ds)
                    .into_iter()
                    .filter(|d| d.severity == crate::diagnostics::Severity::Error),
            ),
        }
    }
    let working = crate::load_for_render(opts);
    let next_diags = match working {
        Ok((site, diags, theme)) => {
            // `publish_next: false` leaves the working content out of the
            // site; it is still checked.
            let folders = if site.config.publish_next {
                vec![NEXT.to_string()]
            } else {
                Vec::new()
            };
            prepared.push(Prepared {
                label: NEXT.to_string(),
                folders,
                opts: opts.clone(),
                edition: None,
                site,
                theme,
            });
            diags
        }
        Err(ds) => {
            problems.extend(ds.items().iter().cloned());
            Diagnostics::new()
        }
    };
    problems.extend(next_diags.items().iter().cloned());
    let problems = problems.sorted();
    if problems.fails(strict) || prepared.len() < registry.editions.len() + 1 {
        return Err(BuildError::Content(problems));
    }
    let write_error = |source| BuildError::Write {
        path: out.to_path_buf(),
        source,
    };
    // Absolute URLs (sitemaps, canonical links) of an edition are under
    // its folder; canonical links lead to `latest/` (see `nav`).
    let site_base = prepared.last().and_then(|p| p.site.config.base_url.clone());
    for p in &mut prepared {
        p.site.config.base_url = site_base.as_ref().map(|b| format!("{b}{}/", p.label));
    }
    let (contexts, templates) = contexts(&prepared, registry, site_base.as_deref())
        .map_err(|ds| BuildError::Content(with(&problems, ds)))?;
    let staging = Staging::create(&target).map_err(write_error)?;
    let previous = reuse::read_stamps(&target.path);
    let mut stamps = BTreeMap::new();
    let mut files = 0;
    let mut bytes = 0;
    let mut search = (0, 0, 0.0);
    for ((p, ctx), templates) in prepared.iter().zip(contexts).zip(&templates) {
        if p.folders.is_empty() {
            continue;
        }
        // A released edition whose inputs are those of the previous build
        // takes that build's files (see `reuse`); the working content is
        // always rendered.
        let key = p.edition.as_ref().and_then(|_| {
            reuse::key(
                &p.opts.root,
                &p.opts,
                p.site.config.base_url.as_deref(),
                &ctx,
            )
            .ok()
        });
        let reused = crate::timed("reuse", || {
            key.as_ref()
                .and_then(|k| previous.get(&p.label).filter(|s| &s.key == k))
                .and_then(|s| reuse::previous(&target.path, &p.label, s))
        });
        let (made, zip) = match reused {
            Some((files, zip)) => (
                Made {
                    files,
                    search_files: 0,
                    search_bytes: 0,
                    search_seconds: 0.0,
                },
                Some(zip),
            ),
            None => {
                let ctx_for_zip = ctx.clone();
                let made = render_edition(p, templates, ctx)
                    .map_err(|ds| BuildError::Content(with(&problems, ds)))?;
                let zip = match &p.edition {
                    // The zip holds this edition alone: rendered again with
                    // no links to the editions that are not in it.
                    Some(e) => {
                        let alone = render_edition(
                            p,
                            templates,
                            EditionContext {
                                offline: true,
                                ..ctx_for_zip
                            },
                        )
                        .map_err(|ds| BuildError::Content(with(&problems, ds)))?;
                        Some(
                            archive::zip_files(&alone.files, &zip_folder(&p.site, &e.label))
                                .map_err(write_error)?,
                        )
                    }
                    None => None,
                };
                (made, zip)
            }
        };
        for folder in &p.folders {
            let prefixed: Vec<OutputFile> = made
                .files
                .iter()
                .map(|f| OutputFile {
                    path: format!("{folder}/{}", f.path),
                    contents: f.contents.clone(),
                })
                .collect();
            bytes += staging.write_all(&prefixed).map_err(write_error)?;
            files += prefixed.len();
        }
        if let (Some(e), Some(zip)) = (&p.edition, zip) {
            if let Some(key) = key {
                let digest = reuse::digest(&made.files, &zip).map_err(write_error)?;
                stamps.insert(e.label.clone(), reuse::Stamp { key, digest });
            }
            bytes += staging
                .write(&OutputFile {
                    path: format!("{}.zip", e.label),
                    contents: Contents::Bytes(zip),
                })
                .map_err(write_error)?;
            files += 1;
        }
        if p.label == NEXT {
            search = (made.search_files, made.search_bytes, made.search_seconds);
        }
    }
    if !stamps.is_empty() {
        staging
            .write(&reuse::stamps_file(&stamps))
            .map_err(write_error)?;
    }
    let root_files =
        root_files(&prepared, registry).map_err(|ds| BuildError::Content(with(&problems, ds)))?;
    bytes += staging.write_all(&root_files).map_err(write_error)?;
    files += root_files.len();
    OutputDir::choose(&target.path, &opts.root).map_err(BuildError::Refused)?;
    let cleanup = staging.commit().map_err(write_error)?;
    let next = prepared.pop().expect("the working content is prepared");
    Ok(BuildReport {
        site: next.site,
        diagnostics: problems,
        written: output::WriteSummary { files, bytes },
        search_files: search.0,
        search_bytes: search.1,
        search_seconds: search.2,
        cleanup,
    })
}

fn with(problems: &Diagnostics, more: Vec<Diagnostic>) -> Diagnostics {
    let mut all = problems.clone();
    all.extend(more);
    all.sorted()
}

/// The folder an edition's zip unpacks into: the handbook's title as a
/// slug and the label (`klusterhandboken-2026.1`).
fn zip_folder(site: &ResolvedSite, label: &str) -> String {
    let slug = crate::source::slugify(&site.config.title.main);
    if slug.is_empty() {
        label.to_string()
    } else {
        format!("{slug}-{label}")
    }
}

/// An edition's files, in memory.
struct Made {
    files: Vec<OutputFile>,
    search_files: usize,
    search_bytes: u64,
    search_seconds: f64,
}

/// `ds` of edition `p` as the handbook root sees them.
fn relabel(p: &Prepared, ds: Vec<Diagnostic>) -> Vec<Diagnostic> {
    match &p.edition {
        Some(e) => {
            let mut all = Diagnostics::new();
            all.extend(ds);
            under(&e.rel_root(), all)
        }
        None => ds,
    }
}

/// What each edition's pages know of the others: every edition's page
/// paths, and what changed since the edition before it (for `next`, since
/// the newest release); and each edition's templates, parsed once here for
/// all its renders (its pages, and for a release its zip).
fn contexts(
    prepared: &[Prepared],
    registry: &Registry,
    site_base: Option<&str>,
) -> Result<(Vec<EditionContext>, Vec<Templates>), Vec<Diagnostic>> {
    let latest = registry
        .newest()
        .expect("a site with editions has a newest")
        .label
        .clone();
    let mut changes = Vec::with_capacity(prepared.len());
    for (i, p) in prepared.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| &prepared[j]);
        changes.push(match before {
            Some(b) => Some(
                changes::compare(&b.opts.root, &b.label, &p.opts.root, &p.label)
                    .map_err(|ds| relabel(p, ds.items().to_vec()))?,
            ),
            None => None,
        });
    }
    let mut infos = Vec::with_capacity(prepared.len());
    let mut templates = Vec::with_capacity(prepared.len());
    for (p, c) in prepared.iter().zip(&changes) {
        let parsed = Templates::load(&p.theme).map_err(|ds| relabel(p, ds))?;
        let r = Renderer::with_templates(
            &p.site,
            &p.theme,
            crate::render_options(&p.opts),
            parsed.clone(),
        )
        .map_err(|ds| relabel(p, ds))?;
        templates.push(parsed);
        let mut pages: HashSet<String> = r.page_paths().into_iter().collect();
        if c.is_some() {
            pages.insert(CHANGES_URL.to_string());
        }
        infos.push(EditionInfo {
            label: p.label.clone(),
            date: p.edition.as_ref().map(|e| e.date.clone()),
            unreleased: p.edition.is_none(),
            pages,
        });
    }
    // Newest release first, the working content last.
    let (next, released) = infos.split_last().expect("the working content is prepared");
    let mut order: Vec<EditionInfo> = released.iter().rev().cloned().collect();
    if published(prepared) {
        order.push(next.clone());
    }
    let contexts = prepared
        .iter()
        .zip(changes)
        .map(|(p, changes)| EditionContext {
            current: p.label.clone(),
            latest: latest.clone(),
            editions: order.clone(),
            changes,
            offline: false,
            site_base: site_base.map(str::to_string),
        })
        .collect();
    Ok((contexts, templates))
}

/// Whether the working content is published as `next/`.
fn published(prepared: &[Prepared]) -> bool {
    prepared.last().is_some_and(|p| !p.folders.is_empty())
}

fn render_edition(
    p: &Prepared,
    templates: &Templates,
    ctx: EditionContext,
) -> Result<Made, Vec<Diagnostic>> {
    let renderer = Renderer::with_templates(
        &p.site,
        &p.theme,
        crate::render_options(&p.opts),
        templates.clone(),
    )
    .map_err(|ds| relabel(p, ds))?
    .with_edition(ctx);
    let relabel = |ds: Vec<Diagnostic>| relabel(p, ds);
    let mut files = crate::render::without_problems(
        rayon::iter::ParallelIterator::collect::<Vec<_>>(renderer.files()),
    )
    .map_err(relabel)?;
    let path_problems: Vec<Diagnostic> = files
        .iter()
        .filter_map(|f| output::site_path_problem(&p.site, &f.path))
        .collect();
    if !path_problems.is_empty() {
        return Err(relabel(path_problems));
    }
    let (index, search_seconds) = crate::search_index(&p.opts, &p.site);
    let search_bytes = crate::total_bytes(&index);
    let search_files = index.len();
    files.extend(index);
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Made {
        files,
        search_files,
        search_bytes,
        search_seconds,
    })
}

/// The files at the root of the site: the page that leads to `latest/`,
/// and `versions.json`.
fn root_files(
    prepared: &[Prepared],
    registry: &Registry,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let next = prepared.last().expect("the working content is prepared");
    let newest = registry
        .newest()
        .expect("a site with editions has a newest");
    let view = RootView {
        title: &next.site.config.title.main,
        lang: next.site.config.default_language(),
        latest: &newest.label,
        target: "latest/index.html",
        editions: registry
            .editions
            .iter()
            .rev()
            .map(|e| RootEdition {
                label: &e.label,
                href: format!("{}/index.html", e.label),
                date: Some(&e.date),
                released: true,
            })
            .chain(published(prepared).then(|| RootEdition {
                label: NEXT,
                href: format!("{NEXT}/index.html"),
                date: None,
                released: false,
            }))
            .collect(),
    };
    let html = crate::render::render_standalone(&next.theme, "editions_root.html", &view)
        .map_err(|d| vec![d])?;
    Ok(vec![
        OutputFile {
            path: "index.html".into(),
            contents: Contents::Bytes(html.into_bytes()),
        },
        OutputFile {
            path: "versions.json".into(),
            contents: Contents::Bytes(versions_json(registry, published(prepared))),
        },
    ])
}
