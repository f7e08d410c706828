//! What a page of one edition knows of the others: the plain data the
//! renderer turns into the version switcher, the banner of an older or
//! unreleased edition, canonical links to `latest/` and the edition's
//! "what changed" page.
//!
//! In: the registry, each edition's page paths and its changes. Out: one
//! [`EditionContext`] per edition, handed to [`crate::render::Renderer`].

use super::changes::EditionChanges;
use std::collections::HashSet;

/// One edition as the others see it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionInfo {
    /// `2026.1`, or `next`.
    pub label: String,
    /// The release day; none for `next`.
    pub date: Option<String>,
    /// The working content, not released.
    pub unreleased: bool,
    /// The path of every page it has (`cases/x/index.html`).
    pub pages: HashSet<String>,
}

/// What the renderer of one edition needs to know of all of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditionContext {
    /// The label of the edition being rendered.
    pub current: String,
    /// The label of the newest released edition.
    pub latest: String,
    /// Every edition, newest first, the working content last.
    pub editions: Vec<EditionInfo>,
    /// What changed since the edition before this one (for `next`, since
    /// the newest); none for the first edition.
    pub changes: Option<EditionChanges>,
    /// Rendered for the edition's zip, read from disk alone: the other
    /// editions are not beside it, so the switcher lists this edition only
    /// and the banner links the newest edition on the published site
    /// (`site_base`), or nothing without a base URL.
    pub offline: bool,
    /// The site's base URL (`https://…/`), when it has one.
    pub site_base: Option<String>,
}

impl EditionContext {
    /// The edition labelled `label`.
    pub fn get(&self, label: &str) -> Option<&EditionInfo> {
        self.editions.iter().find(|e| e.label == label)
    }

    /// Whether the edition being rendered is the newest release.
    pub fn is_latest(&self) -> bool {
        self.current == self.latest
    }
}
