//! `site.edition` and the `page` of an edition's "what changed" page
//! (`changes.html`), in a site with released editions (see
//! [`crate::editions`]); `site.edition` is null in a site without them.
//!
//! In: the [`EditionContext`](crate::editions::nav::EditionContext) the
//! renderer was given and the page's path. Out: the switcher's targets
//! (the same page in each edition, or that edition's home page marked
//! `#not-in-edition` when it lacks the page), the banner's, and the lists
//! of what changed.

use crate::editions::LATEST;
use crate::editions::changes::{DiffLine, EntryRef};
use crate::render::Renderer;
use crate::render::links::root_of;
use schemars::JsonSchema;
use serde::Serialize;

/// The template variable `site.edition`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EditionView {
    /// The edition of this page (`2025.1`), or `next` for the working
    /// content.
    pub current: String,
    /// This page's edition is the newest release.
    pub is_latest: bool,
    /// This page's edition is the working content, not released.
    pub unreleased: bool,
    /// The newest release's label.
    pub latest: String,
    /// Href of this page in the newest release, or of its home page
    /// (marked `#not-in-edition`) when the page is not in it: the banner's
    /// link. In an edition's zip, the page on the published site (null
    /// without a base URL).
    pub latest_href: Option<String>,
    /// The switcher: every edition, newest first, the working content last.
    pub editions: Vec<EditionItem>,
    /// Href of this edition's "what changed" page; null for the first
    /// edition.
    pub changes_href: Option<String>,
    /// Href of the site's root page, which lists every edition (null in an
    /// edition's zip, which holds one edition).
    pub all_href: Option<String>,
}

/// One edition in the switcher.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct EditionItem {
    /// `2026.1`, or `next`.
    pub label: String,
    /// The release day (`YYYY-MM-DD`); null for `next`.
    pub date: Option<String>,
    /// The working content, not released.
    pub unreleased: bool,
    /// The newest release.
    pub latest: bool,
    /// This page's own edition.
    pub current: bool,
    /// The edition has this page.
    pub has_page: bool,
    /// Href of this page in that edition, or of its home page marked
    /// `#not-in-edition`.
    pub href: String,
}

/// The template variable `page` of `changes.html`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChangesView {
    /// The page's title.
    pub title: String,
    /// The edition compared with (the one before this).
    pub from: String,
    /// This edition.
    pub to: String,
    /// Entries new in this edition, linked here.
    pub added: Vec<ChangedLink>,
    /// Entries the edition before had, linked there.
    pub removed: Vec<ChangedLink>,
    /// Entries whose text changed, linked here, with the changed lines.
    pub changed: Vec<ChangedText>,
}

/// An entry added or removed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChangedLink {
    /// Its title.
    pub title: String,
    /// Its kind's name in the page's language (singular).
    pub kind: String,
    /// Its language.
    pub lang: String,
    /// Href of its page (in this edition, or for a removed one in the
    /// edition before).
    pub href: String,
}

/// An entry whose text changed.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct ChangedText {
    /// The entry, linked in this edition.
    pub entry: ChangedLink,
    /// Its title in the edition before, when it changed.
    pub old_title: Option<String>,
    /// The places that changed, each a few lines: shared lines, removed
    /// lines and added lines, the changed words marked.
    pub hunks: Vec<Vec<DiffLineView>>,
}

/// One line of a diff.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DiffLineView {
    /// `same`, `removed` or `added`.
    pub tag: String,
    /// The line's text in runs; `changed` runs are the words that differ.
    pub parts: Vec<DiffPartView>,
}

/// A run of a diff line.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct DiffPartView {
    /// The run is what changed.
    pub changed: bool,
    /// Its text.
    pub text: String,
}

impl Renderer<'_> {
    /// `site.edition` of the page at `url`, when the site has editions.
    pub(crate) fn edition_view(&self, url: &str) -> Option<EditionView> {
        let ctx = self.edition.as_deref()?;
        let root = root_of(url);
        let href_in = |label: &str, has: bool| {
            if label == ctx.current {
                format!("{root}{}", url)
            } else if has {
                format!("{root}../{label}/{}", url)
            } else {
                format!("{root}../{label}/index.html#not-in-edition")
            }
        };
        let editions: Vec<EditionItem> = ctx
            .editions
            .iter()
            .filter(|e| !ctx.offline || e.label == ctx.current)
            .map(|e| {
                let has_page = e.pages.contains(url);
                EditionItem {
                    label: e.label.clone(),
                    date: e.date.clone(),
                    unreleased: e.unreleased,
                    latest: e.label == ctx.latest,
                    current: e.label == ctx.current,
                    has_page,
                    href: href_in(&e.label, has_page),
                }
            })
            .collect();
        let latest_href = if ctx.offline {
            let in_latest = ctx.get(&ctx.latest).is_some_and(|e| e.pages.contains(url));
            let page = if in_latest {
                url
            } else {
                "index.html#not-in-edition"
            };
            ctx.site_base
                .as_ref()
                .map(|b| format!("{b}{LATEST}/{page}"))
        } else {
            editions.iter().find(|e| e.latest).map(|e| e.href.clone())
        };
        Some(EditionView {
            current: ctx.current.clone(),
            is_latest: ctx.is_latest(),
            unreleased: ctx.get(&ctx.current).is_some_and(|e| e.unreleased),
            latest: ctx.latest.clone(),
            latest_href,
            editions,
            changes_href: ctx.changes.as_ref().map(|_| format!("{root}{CHANGES_URL}")),
            all_href: (!ctx.offline).then(|| format!("{root}../index.html")),
        })
    }

    /// The canonical URL of the page at `url` in a site with editions: the
    /// page in `latest/` when the newest release has it, else in its own
    /// edition's folder. `base` is the edition's base URL (the site's with
    /// the edition's folder).
    pub(crate) fn edition_canonical(&self, base: &str, url: &str) -> Option<String> {
        let ctx = self.edition.as_deref()?;
        let in_latest = ctx.get(&ctx.latest).is_some_and(|e| e.pages.contains(url));
        let folder = if in_latest { "latest" } else { &ctx.current };
        // An edition's base URL is the site's with the edition's folder.
        let site = base
            .strip_suffix(&format!("{}/", ctx.current))
            .unwrap_or(base);
        Some(format!(
            "{site}{folder}/{}",
            url.trim_end_matches("index.html")
        ))
    }

    /// `page` of the "what changed" page.
    pub(crate) fn changes_view(&self, url: &str) -> ChangesView {
        let lang = self.main();
        let root = root_of(url);
        let ctx = self
            .edition
            .as_deref()
            .expect("a changes page has an edition");
        let changes = ctx.changes.as_ref().expect("a changes page has changes");
        let link = |e: &EntryRef, prefix: &str| ChangedLink {
            title: e.title.clone(),
            kind: self.word(lang, e.kind),
            lang: e.lang.clone(),
            href: format!("{root}{prefix}{}", &e.url),
        };
        let back = format!("../{}/", changes.from);
        ChangesView {
            title: format!(
                "{} {} → {}",
                self.word(lang, "edition_changes"),
                changes.from,
                changes.to
            ),
            from: changes.from.clone(),
            to: changes.to.clone(),
            added: changes.added.iter().map(|e| link(e, "")).collect(),
            removed: changes.removed.iter().map(|e| link(e, &back)).collect(),
            changed: changes
                .changed
                .iter()
                .map(|c| ChangedText {
                    entry: link(&c.entry, ""),
                    old_title: c.old_title.clone(),
                    hunks: c
                        .hunks
                        .iter()
                        .map(|h| h.iter().map(diff_line).collect())
                        .collect(),
                })
                .collect(),
        }
    }
}

/// The path of the "what changed" page within an edition.
pub const CHANGES_URL: &str = "changes/index.html";

fn diff_line(l: &DiffLine) -> DiffLineView {
    DiffLineView {
        tag: match l.tag {
            crate::editions::changes::LineTag::Same => "same",
            crate::editions::changes::LineTag::Removed => "removed",
            crate::editions::changes::LineTag::Added => "added",
        }
        .to_string(),
        parts: l
            .parts
            .iter()
            .map(|p| DiffPartView {
                changed: p.changed,
                text: p.text.clone(),
            })
            .collect(),
    }
}
