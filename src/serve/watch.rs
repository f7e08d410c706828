//! Watching the handbook for changes: `content/` (with `site.yaml`) and
//! `themes/`, through notify.
//!
//! In: the handbook root. Out: one signal on a channel per burst of
//! changes. A save is often several events (write, chmod, an editor's
//! temporary file renamed over the original); they are gathered into one
//! burst, which ends when the events stop for a moment. How long a moment
//! depends on the last event: after one that ends a save — a file closed
//! after writing, a rename, a removal — [`SETTLE`], a couple of
//! milliseconds, enough for the rest of a save through a rename or of a
//! `git checkout`; after a write whose close has not come (the file may be
//! half written) [`DEBOUNCE`]. So a save is rebuilt about as soon as the
//! editor closes the file, which is what the time from save to page
//! served is mostly made of on a small handbook; notify-debouncer-full
//! waits its whole window after every event, and was dropped for that.
//! The events themselves are not read for what changed: the rebuild walks
//! the handbook again and compares each file's stamp (and, for a file
//! changed in the last second, its text), so a missed or odd event (a
//! folder renamed, a file deleted and made anew) cannot leave the preview
//! out of date, and a burst cut in two costs a rebuild that finds nothing
//! new.
//! Reads alone (our own rebuilds open every file) are not changes.

use notify::event::{AccessKind, AccessMode, CreateKind, ModifyKind};
use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::path::Path;
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

/// How long a burst waits for more after an event that ends a save.
pub const SETTLE: Duration = Duration::from_millis(3);
/// How long a burst waits for more after a write whose file is still open.
pub const DEBOUNCE: Duration = Duration::from_millis(20);
/// The longest a steady stream of events holds a rebuild back.
pub const MAX_BURST: Duration = Duration::from_millis(200);

/// A running watcher; dropping it stops watching.
pub struct Watcher {
    watcher: RecommendedWatcher,
    themes_watched: bool,
}

impl Watcher {
    /// Starts watching `themes/` when it has been made since.
    pub fn refresh(&mut self, root: &Path) {
        let themes = root.join("themes");
        if !self.themes_watched && themes.is_dir() {
            self.themes_watched = self
                .watcher
                .watch(&themes, RecursiveMode::Recursive)
                .is_ok();
        }
    }
}

/// Starts watching the handbook at `root`; each burst of changes sends
/// one `()` to `changed`.
pub fn watch(root: &Path, changed: Sender<()>) -> notify::Result<Watcher> {
    let themes = root.join("themes");
    let (events_tx, events) = mpsc::channel::<notify::Result<Event>>();
    let mut watcher = notify::recommended_watcher(events_tx)?;
    watcher.watch(&root.join("content"), RecursiveMode::Recursive)?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    std::thread::Builder::new()
        .name("watch-bursts".into())
        .spawn(move || {
            while let Some(()) = next_burst(&events, &themes) {
                if changed.send(()).is_err() {
                    break;
                }
            }
        })?;
    let mut w = Watcher {
        watcher,
        themes_watched: false,
    };
    w.refresh(root);
    Ok(w)
}

/// Waits for the next burst of changes and its end; `None` when the
/// watcher has stopped.
fn next_burst(events: &mpsc::Receiver<notify::Result<Event>>, themes: &Path) -> Option<()> {
    let mut quiet = loop {
        if let Some(q) = quiet_after(&events.recv().ok()?, themes) {
            break q;
        }
    };
    let started = Instant::now();
    let mut last = started;
    loop {
        let until = (last + quiet).min(started + MAX_BURST);
        let now = Instant::now();
        if now >= until {
            return Some(());
        }
        match events.recv_timeout(until - now) {
            Ok(e) => {
                if let Some(q) = quiet_after(&e, themes) {
                    quiet = q;
                    last = Instant::now();
                }
            }
            Err(RecvTimeoutError::Timeout) => return Some(()),
            // The watcher is gone; the burst still counts.
            Err(RecvTimeoutError::Disconnected) => return Some(()),
        }
    }
}

/// How long to wait for more after event `e`, or `None` when it is no
/// change of the handbook.
fn quiet_after(e: &notify::Result<Event>, themes: &Path) -> Option<Duration> {
    let Ok(e) = e else {
        // The watcher's own errors (e.g. too many watches): rebuild in
        // case something was missed.
        return Some(SETTLE);
    };
    // The root is watched only to see `themes/` come or go.
    let beside_content = e.paths.iter().any(|p| p.parent() == themes.parent());
    if beside_content && !e.paths.iter().any(|p| p == themes) {
        return None;
    }
    match e.kind {
        EventKind::Access(AccessKind::Close(AccessMode::Write)) => Some(SETTLE),
        EventKind::Access(_) | EventKind::Other => None,
        EventKind::Modify(ModifyKind::Name(_))
        | EventKind::Remove(_)
        | EventKind::Create(CreateKind::Folder) => Some(SETTLE),
        _ => Some(DEBOUNCE),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use notify::event::{DataChange, RemoveKind, RenameMode};
    use std::path::PathBuf;

    fn event(kind: EventKind, path: &str) -> notify::Result<Event> {
        Ok(Event::new(kind).add_path(PathBuf::from(path)))
    }

    #[test]
    fn a_closed_file_settles_at_once_and_an_open_one_waits() {
        let themes = Path::new("/h/themes");
        let close = EventKind::Access(AccessKind::Close(AccessMode::Write));
        let write = EventKind::Modify(ModifyKind::Data(DataChange::Any));
        let rename = EventKind::Modify(ModifyKind::Name(RenameMode::To));
        let gone = EventKind::Remove(RemoveKind::File);
        let open = EventKind::Access(AccessKind::Open(AccessMode::Any));
        let q = |k, p| quiet_after(&event(k, p), themes);
        assert_eq!(q(close, "/h/content/cases/a.md"), Some(SETTLE));
        assert_eq!(q(rename, "/h/content/cases/a.md"), Some(SETTLE));
        assert_eq!(q(gone, "/h/content/cases/a.md"), Some(SETTLE));
        assert_eq!(q(write, "/h/content/cases/a.md"), Some(DEBOUNCE));
        assert_eq!(
            q(write, "/h/themes/default/templates/case.html"),
            Some(DEBOUNCE)
        );
        // Our own reads are no change; nor is a file beside `content/`.
        assert_eq!(q(open, "/h/content/cases/a.md"), None);
        assert_eq!(q(close, "/h/notes.txt"), None);
        // `themes/` made or removed is.
        assert_eq!(
            q(EventKind::Create(CreateKind::Folder), "/h/themes"),
            Some(SETTLE)
        );
    }
}
