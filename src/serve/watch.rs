//! Watching the handbook for changes: `content/` (with `site.yaml`) and
//! `themes/`, through notify and notify-debouncer-full.
//!
//! In: the handbook root. Out: one signal on a channel per burst of
//! changes. A save is often several events (write, chmod, an editor's
//! temporary file renamed over the original); the debouncer gathers those
//! of a short while into one burst. The events themselves are not read
//! for what changed: the rebuild reads the handbook again and compares,
//! so a missed or odd event (a folder renamed, a file deleted and made
//! anew) cannot leave the preview out of date. Reads alone (our own
//! rebuilds open every file) are not changes.

use notify::event::{AccessKind, AccessMode};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::path::Path;
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long events are gathered into one burst.
pub const DEBOUNCE: Duration = Duration::from_millis(15);

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    themes_watched: bool,
}

impl Watcher {
    /// Starts watching `themes/` when it has been made since.
    pub fn refresh(&mut self, root: &Path) {
        let themes = root.join("themes");
        if !self.themes_watched && themes.is_dir() {
            self.themes_watched = self
                .debouncer
                .watch(&themes, RecursiveMode::Recursive)
                .is_ok();
        }
    }
}

/// Starts watching the handbook at `root`; each burst of changes sends
/// one `()` to `changed`.
pub fn watch(root: &Path, changed: Sender<()>) -> notify::Result<Watcher> {
    let themes = root.join("themes");
    let themes_for_events = themes.clone();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |res: DebounceEventResult| {
        let Ok(events) = res else {
            // The watcher's own errors (e.g. too many watches): rebuild in
            // case something was missed.
            let _ = changed.send(());
            return;
        };
        let relevant = events.iter().any(|e| match e.kind {
            EventKind::Access(AccessKind::Close(AccessMode::Write)) => true,
            EventKind::Access(_) | EventKind::Other => false,
            // The root is watched only to see `themes/` come or go.
            _ => {
                e.paths
                    .iter()
                    .all(|p| p.parent() != themes_for_events.parent())
                    || e.paths.contains(&themes_for_events)
            }
        });
        if relevant {
            let _ = changed.send(());
        }
    })?;
    debouncer.watch(root.join("content"), RecursiveMode::Recursive)?;
    debouncer.watch(root, RecursiveMode::NonRecursive)?;
    let mut w = Watcher {
        debouncer,
        themes_watched: false,
    };
    w.refresh(root);
    Ok(w)
}
