//! Writing the built site to disk: all or nothing, and only where allowed.
//!
//! In: the output folder asked for (`--out`), the handbook root, and then
//! the [`OutputFile`]s of a build (all at once, or one by one as they are
//! rendered). Out: the new site in the output folder, or the previous one
//! exactly as it was.
//!
//! This module is the one place that decides which folder may be replaced
//! ([`OutputDir::choose`]): only one clusterbook made itself — it holds the
//! [`MARKER`] file — or an empty or missing one, and never the handbook, its
//! `content/`, `themes/` or `versions/`, the home folder, `/`, a folder
//! holding `.git`, or a symbolic link. Files are written to a [`Staging`]
//! folder beside the output (marked too), which takes the output's place in
//! one atomic exchange (`renameat2(RENAME_EXCHANGE)` on Linux) only when the
//! whole build succeeded; the previous output is then removed in the
//! background ([`Cleanup`]). A file that is byte for byte the previous
//! output's is hard-linked from it instead of written again, so that a
//! rebuild creates few inodes and the removal frees few blocks; the
//! previous output is only ever read until the swap. Leftovers of killed builds (`.dist.new-PID`,
//! `.dist.old-PID` whose process is gone, and which carry the marker) are
//! removed by the next build.

use crate::config::CONFIG_PATH;
use crate::diagnostics::{Diagnostic, Pos};
use crate::render::{Contents, OutputFile};
use crate::resolve::ResolvedSite;
use rayon::prelude::*;
use std::fmt;
use std::io;
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as made by clusterbook: written into every
/// output and staging folder. Only a folder holding it (or an empty one) is
/// ever replaced.
pub const MARKER: &str = ".clusterbook-output";

const MARKER_TEXT: &str =
    "This folder was made by clusterbook. The next build replaces it whole.\n";

/// Sizes of what was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteSummary {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Why an output folder is not used: nothing was written or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    /// The output folder, as resolved.
    pub path: PathBuf,
    /// What it is, in a sentence after "it".
    pub reason: String,
    /// What to do instead.
    pub help: String,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "refusing to write the site to `{}`: {}; a build replaces its output folder whole\n  help: {}",
            self.path.display(),
            self.reason,
            self.help
        )
    }
}

impl std::error::Error for Refusal {}

impl Refusal {
    /// The refusal as a problem of the run (code `unsafe-out`), so that it
    /// is printed in the format asked for. It names the output folder as
    /// its file: relative to the handbook `root` when inside it, else as
    /// resolved.
    pub fn to_diagnostic(&self, root: &Path) -> Diagnostic {
        let root = crate::paths::HandbookRoot::new(root).real().to_path_buf();
        let file = match self.path.strip_prefix(&root) {
            Ok(rel) if rel.as_os_str().is_empty() => ".".to_string(),
            Ok(rel) => rel.to_string_lossy().replace('\\', "/"),
            Err(_) => self.path.to_string_lossy().into_owned(),
        };
        Diagnostic::error(
            file,
            Pos::start(),
            "unsafe-out",
            format!(
                "refusing to write the site to `{}`: {}; a build replaces its output folder whole",
                self.path.display(),
                self.reason
            ),
        )
        .with_help(self.help.clone())
    }
}

const CHOOSE_ANOTHER: &str = "choose a new or empty folder, or one an earlier build made, with `--out` (the default is `dist` in the handbook folder)";

/// An output folder that may be replaced.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputDir {
    /// The folder: absolute, every link before its last name resolved.
    pub path: PathBuf,
}

impl OutputDir {
    /// Checks that `out` may be replaced by a build of the handbook at
    /// `root`. A relative `out` is taken relative to the working folder.
    pub fn choose(out: &Path, root: &Path) -> Result<OutputDir, Refusal> {
        let path = resolve_out(out).map_err(|e| Refusal {
            path: out.to_path_buf(),
            reason: format!("it cannot be found ({e})"),
            help: CHOOSE_ANOTHER.into(),
        })?;
        let refuse = |reason: String, help: &str| {
            Err(Refusal {
                path: path.clone(),
                reason,
                help: help.into(),
            })
        };
        if path.parent().is_none() {
            return refuse("it is the root of the file system".into(), CHOOSE_ANOTHER);
        }
        let root = crate::paths::HandbookRoot::new(root).real().to_path_buf();
        if root.starts_with(&path) {
            let what = if root == path { "is" } else { "contains" };
            return refuse(
                format!("it {what} the handbook folder `{}`", root.display()),
                CHOOSE_ANOTHER,
            );
        }
        for name in ["content", "themes", "versions"] {
            let protected = std::fs::canonicalize(root.join(name)).unwrap_or(root.join(name));
            let what = if protected == path {
                "is"
            } else if protected.starts_with(&path) {
                "contains"
            } else if path.starts_with(&protected) {
                "is inside"
            } else {
                continue;
            };
            return refuse(
                format!("it {what} the handbook's `{name}/` folder"),
                CHOOSE_ANOTHER,
            );
        }
        if let Some(home) = std::env::var_os("HOME").filter(|h| !h.is_empty()) {
            let home = std::fs::canonicalize(&home).unwrap_or(PathBuf::from(home));
            if home.starts_with(&path) {
                let what = if home == path { "is" } else { "contains" };
                return refuse(format!("it {what} your home folder"), CHOOSE_ANOTHER);
            }
        }
        let meta = match std::fs::symlink_metadata(&path) {
            Ok(m) => m,
            // Missing: a new folder. Any other problem shows when writing.
            Err(_) => return Ok(OutputDir { path }),
        };
        if meta.file_type().is_symlink() {
            return refuse(
                "it is a symbolic link, and clusterbook neither follows nor replaces links".into(),
                "give the folder the link points to as `--out`, or remove the link",
            );
        }
        if !meta.is_dir() {
            return refuse(
                "it is a file, not a folder".into(),
                "move the file away, or choose another `--out`",
            );
        }
        if std::fs::symlink_metadata(path.join(".git")).is_ok() {
            return refuse(
                "it holds `.git` (a repository)".into(),
                "build into a folder of its own (e.g. `dist`) and copy the site into the repository from there",
            );
        }
        if is_marked(&path) {
            return Ok(OutputDir { path });
        }
        let empty = std::fs::read_dir(&path)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if empty {
            return Ok(OutputDir { path });
        }
        refuse(
            format!("it is not empty and clusterbook did not make it (it has no `{MARKER}` file)"),
            "choose a new or empty folder with `--out`; if it holds an earlier site of your own, move it away or delete it yourself",
        )
    }
}

/// Whether `dir` holds the marker as a regular file.
fn is_marked(dir: &Path) -> bool {
    std::fs::symlink_metadata(dir.join(MARKER)).is_ok_and(|m| m.is_file())
}

/// `out` made absolute (relative to the working folder), with every link
/// before its last name resolved and `.`/`..` applied to the real folders,
/// as the system would; the last name is not followed.
fn resolve_out(out: &Path) -> io::Result<PathBuf> {
    let abs = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()?.join(out)
    };
    let comps: Vec<Component> = abs.components().collect();
    let mut real = PathBuf::new();
    for (i, c) in comps.iter().enumerate() {
        match c {
            Component::Prefix(_) | Component::RootDir => real.push(c.as_os_str()),
            Component::CurDir => {}
            Component::ParentDir => {
                real.pop();
            }
            Component::Normal(name) => {
                real.push(name);
                let last = i + 1 == comps.len();
                if !last
                    && std::fs::symlink_metadata(&real).is_ok_and(|m| m.file_type().is_symlink())
                {
                    real = std::fs::canonicalize(&real)?;
                }
            }
        }
    }
    Ok(real)
}

/// The longest file or folder name most file systems take, in bytes.
pub const MAX_NAME_BYTES: usize = 255;

/// The longest path inside the site, in bytes (leaving room under the
/// system's 4,096 for the output folder's own path).
pub const MAX_PATH_BYTES: usize = 1024;

/// A problem with the site path `path` (a name over [`MAX_NAME_BYTES`],
/// or the whole over [`MAX_PATH_BYTES`]), reported against the value it
/// was made from: the tag, region or country of an entry, or the asset.
/// `check` reports it as `build` would fail on it.
pub fn site_path_problem(site: &ResolvedSite, path: &str) -> Option<Diagnostic> {
    let long = path.split('/').find(|c| c.len() > MAX_NAME_BYTES);
    if long.is_none() && path.len() <= MAX_PATH_BYTES {
        return None;
    }
    let what = match long {
        Some(c) => format!(
            "makes the name `{}…` of {} bytes in the site's path `{}…`; file systems allow at most {MAX_NAME_BYTES}",
            prefix(c, 40),
            c.len(),
            prefix(path, 60)
        ),
        None => format!(
            "makes the site's path `{}…` {} bytes long; at most {MAX_PATH_BYTES} are allowed",
            prefix(path, 60),
            path.len()
        ),
    };
    if let Some(a) = site.assets.iter().find(|a| a.rel == path) {
        let file = format!("content/{}", a.rel);
        return Some(
            Diagnostic::error(
                &file,
                Pos::start(),
                "name-too-long",
                format!("the file's path {what}"),
            )
            .with_help("shorten the file's name or folders"),
        );
    }
    // The slugs as the pages are named.
    let slugs = crate::render::site_slugs(site);
    for e in &site.entries {
        let e = &e.entry;
        let made = |c: &str| {
            let slug = slugs.get(c).map(String::as_str);
            path.split('/')
                .any(|p| Some(p) == slug && (long.is_none() || long == Some(p)))
        };
        if let Some(t) = e.tags.iter().find(|t| made(&t.value)) {
            return Some(
                Diagnostic::error(&e.source, t.pos, "name-too-long", format!("the tag {what}"))
                    .with_help("shorten the tag"),
            );
        }
        if let crate::model::Fields::Case(c) = &e.fields {
            for (field, v) in [("region", &c.region), ("country", &c.country)] {
                if v.as_deref().is_some_and(made) {
                    return Some(
                        Diagnostic::error(
                            &e.source,
                            e.field_pos(field).unwrap_or(Pos::start()),
                            "name-too-long",
                            format!("the {field} {what}"),
                        )
                        .with_help(format!("shorten the {field}"))
                        .with_width(v.as_deref().map_or(1, |v| v.chars().count())),
                    );
                }
            }
        }
        if path.split('/').any(|p| p == e.id) {
            return Some(
                Diagnostic::error(
                    &e.source,
                    Pos::start(),
                    "name-too-long",
                    format!("the entry's id {what}"),
                )
                .with_help("shorten the file name"),
            );
        }
    }
    Some(
        Diagnostic::error(
            CONFIG_PATH,
            Pos::start(),
            "name-too-long",
            format!("a page {what}"),
        )
        .with_help("shorten the value the page is named after"),
    )
}

/// The first `n` characters of `s`.
fn prefix(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Writes `files` as the new contents of `out`, replacing what was there
/// (`out` must have been chosen with [`OutputDir::choose`]).
pub fn write_site(files: &[OutputFile], out: &OutputDir) -> io::Result<WriteSummary> {
    let staging = Staging::create(out)?;
    let bytes = staging.write_all(files)?;
    staging.commit()?.finish()?;
    Ok(WriteSummary {
        files: files.len(),
        bytes,
    })
}

/// A new output folder being filled beside `out`. [`Staging::commit`] puts
/// it in `out`'s place; dropped without that, it is removed and `out` is
/// left as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// The output being replaced, when clusterbook made it: its unchanged
    /// files are linked into the staging folder instead of written again.
    previous: Option<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Makes an empty, marked staging folder beside `out`, after removing
    /// the leftovers of killed builds there.
    pub fn create(out: &OutputDir) -> io::Result<Staging> {
        let out = out.path.clone();
        let parent = out.parent().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "the output folder has no parent",
            )
        })?;
        std::fs::create_dir_all(parent)?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "dist".into());
        remove_leftovers(parent, &name);
        let pid = std::process::id();
        let dir = parent.join(format!(".{name}.new-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        std::fs::create_dir(&dir)?;
        let previous = is_marked(&out).then(|| out.clone());
        let staging = Staging {
            out,
            dir,
            old,
            previous,
            committed: false,
        };
        std::fs::write(staging.dir.join(MARKER), MARKER_TEXT)?;
        Ok(staging)
    }

    /// Writes one file into the staging folder (making its folders), and
    /// returns its size. Safe to call from many threads at once.
    pub fn write(&self, f: &OutputFile) -> io::Result<u64> {
        let (rel, path) = self.place(&f.path)?;
        match &f.contents {
            Contents::Bytes(b) if self.reuse_previous(rel, &path, b) => Ok(b.len() as u64),
            Contents::Bytes(b) => std::fs::write(&path, b).map(|()| b.len() as u64),
            Contents::Copy(from) => std::fs::copy(from, &path),
        }
    }

    /// Writes the file at site path `path` as `fill` makes it, part by
    /// part, and returns its size: for a file too big to be held whole
    /// (the print page is 800 MB at 100,000 pages). Each part is first
    /// compared with the previous output's file at the same path, read
    /// alongside; while they agree nothing is written, and when the whole
    /// file agrees it is hard-linked as [`Staging::write`] links an
    /// unchanged file (so a rebuild does not write the 80 MB print page of
    /// 10,000 pages again). At the first difference the agreed part is
    /// copied from the open previous file and the rest written. Safe to
    /// call from many threads at once.
    pub fn write_with(
        &self,
        path: &str,
        fill: impl FnOnce(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<u64> {
        let (rel, path) = self.place(path)?;
        let from = self.previous.as_ref().map(|p| p.join(rel));
        let old = from.as_deref().and_then(|f| open_regular(f).ok());
        let mut w = Streamed {
            old,
            scratch: Vec::new(),
            out: None,
            to: &path,
            bytes: 0,
        };
        fill(&mut w)?;
        w.finish(from.as_deref())
    }

    /// The site path `site_path` checked (plain names: nothing may climb
    /// out of the folder), and where it is in the staging folder, its
    /// folders made.
    fn place<'p>(&self, site_path: &'p str) -> io::Result<(&'p Path, PathBuf)> {
        let rel = Path::new(site_path);
        if site_path.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                format!("`{site_path}` is not a path inside the site"),
            ));
        }
        let path = self.dir.join(rel);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        Ok((rel, path))
    }

    /// Hard-links the previous output's file at `rel` to `to` when it holds
    /// exactly `bytes`, and says whether it did. An unchanged file then
    /// costs a link instead of a new inode and its blocks, and removing the
    /// previous output after the swap frees names, not data. The previous
    /// output is only read: a killed build leaves it as it was. Anything
    /// else — no such file, a link, other bytes, a file replaced while it
    /// was compared, a file system without hard links — is written anew.
    fn reuse_previous(&self, rel: &Path, to: &Path, bytes: &[u8]) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        link_if_same(&previous.join(rel), to, bytes).unwrap_or(false)
    }

    /// Writes `files` in parallel; returns their total size.
    pub fn write_all(&self, files: &[OutputFile]) -> io::Result<u64> {
        files
            .par_iter()
            .map(|f| self.write(f))
            .try_reduce(|| 0, |a, b| Ok(a + b))
    }

    /// Puts the staging folder in the output folder's place, in one atomic
    /// exchange where the system has one. On error the previous output is
    /// where it was. The previous output is then removed in the background:
    /// [`Cleanup::finish`] waits for that.
    pub fn commit(mut self) -> io::Result<Cleanup> {
        if std::fs::symlink_metadata(&self.out).is_err() {
            std::fs::rename(&self.dir, &self.out)?;
            self.committed = true;
            return Ok(Cleanup::none());
        }
        if exchange(&self.dir, &self.out)? {
            self.committed = true;
            // The previous output is now at the staging folder's name;
            // named as old, a leftover is plainly what it is.
            let old = match std::fs::rename(&self.dir, &self.old) {
                Ok(()) => self.old.clone(),
                Err(_) => self.dir.clone(),
            };
            return Ok(Cleanup::start(old));
        }
        // No exchange on this system: two renames, undone on failure.
        std::fs::rename(&self.out, &self.old)?;
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            let _ = std::fs::rename(&self.old, &self.out);
            return Err(e);
        }
        self.committed = true;
        Ok(Cleanup::start(self.old.clone()))
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// The previous output's file as [`Staging::write_with`] compares with
/// it: open, its size, and how much of it agreed so far.
struct Previous {
    file: std::fs::File,
    size: u64,
    agreed: u64,
}

/// A regular file (not a link) opened for reading, with its size.
fn open_regular(path: &Path) -> io::Result<Previous> {
    #[cfg(unix)]
    let file = {
        use std::os::unix::fs::OpenOptionsExt;
        std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
            .open(path)?
    };
    #[cfg(not(unix))]
    let file = std::fs::File::open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(Previous {
        file,
        size: meta.len(),
        agreed: 0,
    })
}

/// The writer of [`Staging::write_with`]: compares with the previous file
/// until they differ, then writes.
struct Streamed<'a> {
    old: Option<Previous>,
    scratch: Vec<u8>,
    out: Option<io::BufWriter<std::fs::File>>,
    to: &'a Path,
    bytes: u64,
}

impl Streamed<'_> {
    /// Starts writing the file: the part that agreed with the previous
    /// file is copied from it (the open file, even if its path has been
    /// replaced since), and comparing stops.
    fn diverge(&mut self) -> io::Result<&mut io::BufWriter<std::fs::File>> {
        if self.out.is_none() {
            let mut out = io::BufWriter::with_capacity(1 << 20, std::fs::File::create(self.to)?);
            if let Some(mut old) = self.old.take() {
                use std::io::{Read, Seek};
                old.file.seek(io::SeekFrom::Start(0))?;
                let copied = io::copy(&mut (&mut old.file).take(old.agreed), &mut out)?;
                if copied != old.agreed {
                    return Err(io::Error::other("the previous file shrank while read"));
                }
            }
            self.out = Some(out);
        }
        Ok(self.out.as_mut().expect("just made"))
    }

    /// Ends the file: links the previous one when all of it agreed, else
    /// writes what is left. Returns the file's size.
    fn finish(mut self, from: Option<&Path>) -> io::Result<u64> {
        if let (Some(old), Some(from), None) = (&self.old, from, &self.out)
            && old.agreed == old.size
            && link_same_file(from, self.to, &old.file)?
        {
            return Ok(self.bytes);
        }
        let out = self.diverge()?;
        io::Write::flush(out)?;
        Ok(self.bytes)
    }
}

impl io::Write for Streamed<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(old) = &mut self.old
            && self.out.is_none()
        {
            use std::io::Read;
            let n = buf.len() as u64;
            if old.agreed + n <= old.size {
                self.scratch.resize(buf.len(), 0);
                if old.file.read_exact(&mut self.scratch).is_ok() && self.scratch == buf {
                    old.agreed += n;
                    self.bytes += n;
                    return Ok(buf.len());
                }
            }
        }
        self.diverge()?.write_all(buf)?;
        self.bytes += buf.len() as u64;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.out {
            Some(out) => out.flush(),
            None => Ok(()),
        }
    }
}

/// Hard-links `from` to `to` and says whether `to` is then the very file
/// `compared` is open on (if not — `from` replaced since it was opened —
/// the link is removed).
#[cfg(unix)]
fn link_same_file(from: &Path, to: &Path, compared: &std::fs::File) -> io::Result<bool> {
    use std::os::unix::fs::MetadataExt;
    let meta = compared.metadata()?;
    if std::fs::hard_link(from, to).is_err() {
        return Ok(false);
    }
    let linked = std::fs::symlink_metadata(to)?;
    if linked.ino() != meta.ino() || linked.dev() != meta.dev() {
        std::fs::remove_file(to)?;
        return Ok(false);
    }
    Ok(true)
}

#[cfg(not(unix))]
fn link_same_file(_: &Path, _: &Path, _: &std::fs::File) -> io::Result<bool> {
    Ok(false)
}

/// Links `from` to `to` if `from` is a regular file (not a link) holding
/// exactly `bytes`, checking after the link that `to` is the very file
/// that was compared (the same steps as [`Staging::write_with`]'s, for a
/// file held whole).
fn link_if_same(from: &Path, to: &Path, bytes: &[u8]) -> io::Result<bool> {
    use std::io::Read;
    let Previous { mut file, size, .. } = open_regular(from)?;
    if size != bytes.len() as u64 {
        return Ok(false);
    }
    let mut old = Vec::with_capacity(bytes.len());
    file.read_to_end(&mut old)?;
    if old != bytes {
        return Ok(false);
    }
    link_same_file(from, to, &file)
}

/// Swaps the folders `a` and `b` in one step; `Ok(false)` where the system
/// or file system cannot.
#[cfg(any(target_os = "linux", target_os = "android"))]
fn exchange(a: &Path, b: &Path) -> io::Result<bool> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    use rustix::io::Errno;
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(true),
        Err(Errno::INVAL | Errno::NOSYS | Errno::NOTSUP) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(any(target_os = "linux", target_os = "android")))]
fn exchange(_: &Path, _: &Path) -> io::Result<bool> {
    Ok(false)
}

/// The removal of a previous output, running in the background after the
/// swap. Dropping it waits for the removal too.
#[derive(Debug)]
pub struct Cleanup {
    old: Option<PathBuf>,
    handle: Option<std::thread::JoinHandle<io::Result<()>>>,
}

impl Cleanup {
    fn none() -> Cleanup {
        Cleanup {
            old: None,
            handle: None,
        }
    }

    fn start(old: PathBuf) -> Cleanup {
        let path = old.clone();
        let handle = std::thread::Builder::new()
            .name("remove previous output".into())
            .spawn(move || remove_tree(&path));
        match handle {
            Ok(h) => Cleanup {
                old: Some(old),
                handle: Some(h),
            },
            // No thread: remove it now.
            Err(_) => {
                let _ = remove_tree(&old);
                Cleanup::none()
            }
        }
    }

    /// Waits until the previous output is removed. On error it is left
    /// (marked) where the error names it, and the next build removes it.
    pub fn finish(mut self) -> io::Result<()> {
        self.wait()
    }

    fn wait(&mut self) -> io::Result<()> {
        let Some(h) = self.handle.take() else {
            return Ok(());
        };
        let old = self.old.take().unwrap_or_default();
        let result = h
            .join()
            .unwrap_or_else(|_| Err(io::Error::other("the removal stopped")));
        result.map_err(|e| io::Error::new(e.kind(), format!("{}: {e}", old.display())))
    }
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = self.wait();
    }
}

/// Removes `.NAME.new-PID` and `.NAME.old-PID` folders in `parent` that
/// carry the marker and whose process is gone: what a killed build leaves.
/// Our own PID's are leftovers too (a container gives every run the same
/// PID). Anything else is left alone.
fn remove_leftovers(parent: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(parent) else {
        return;
    };
    let me = std::process::id();
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(rest) = file_name.to_str().and_then(|n| n.strip_prefix(&prefix)) else {
            continue;
        };
        let Some(pid) = rest
            .strip_prefix("new-")
            .or_else(|| rest.strip_prefix("old-"))
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let path = entry.path();
        let is_dir = std::fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
        if is_dir && is_marked(&path) && (pid == me || !process_alive(pid)) {
            let _ = remove_tree(&path);
        }
    }
}

/// Whether a process with this id exists (unknown counts as alive).
fn process_alive(pid: u32) -> bool {
    #[cfg(unix)]
    {
        let Some(p) = i32::try_from(pid)
            .ok()
            .and_then(rustix::process::Pid::from_raw)
        else {
            return false;
        };
        !matches!(
            rustix::process::test_kill_process(p),
            Err(rustix::io::Errno::SRCH)
        )
    }
    #[cfg(not(unix))]
    {
        let _ = pid;
        true
    }
}

/// Removes a folder tree, deleting its files in parallel. Links are
/// removed, never followed.
fn remove_tree(dir: &Path) -> io::Result<()> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.into_path())
        .collect();
    files.par_iter().try_for_each(std::fs::remove_file)?;
    std::fs::remove_dir_all(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, s: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            contents: Contents::Bytes(s.as_bytes().to_vec()),
        }
    }

    fn out_dir(p: PathBuf) -> OutputDir {
        OutputDir { path: p }
    }

    #[test]
    fn replaces_the_previous_output_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = out_dir(tmp.path().join("dist"));
        write_site(&[file("a/index.html", "1"), file("old.html", "x")], &out).unwrap();
        let s = write_site(&[file("a/index.html", "2")], &out).unwrap();
        assert_eq!(s.files, 1);
        assert_eq!(
            std::fs::read_to_string(out.path.join("a/index.html")).unwrap(),
            "2"
        );
        assert!(!out.path.join("old.html").exists(), "stale files are gone");
        assert!(is_marked(&out.path), "the output carries the marker");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders are left behind");
    }

    #[test]
    fn a_failed_write_leaves_the_previous_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = out_dir(tmp.path().join("dist"));
        write_site(&[file("a/index.html", "1")], &out).unwrap();
        // `a` as a file where `a/b` needs a folder.
        let e = write_site(&[file("a", "x"), file("a/b", "y")], &out);
        assert!(e.is_err());
        assert_eq!(
            std::fs::read_to_string(out.path.join("a/index.html")).unwrap(),
            "1"
        );
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "the staging folder is removed");
    }

    #[test]
    fn site_paths_cannot_climb_out() {
        let tmp = tempfile::tempdir().unwrap();
        let out = out_dir(tmp.path().join("dist"));
        for bad in ["../x", "/etc/x", "a/../../x", ""] {
            assert!(write_site(&[file(bad, "x")], &out).is_err(), "{bad}");
        }
        assert!(!tmp.path().join("x").exists());
    }

    #[cfg(unix)]
    #[test]
    fn leftovers_of_dead_builds_are_removed_and_nothing_else() {
        let tmp = tempfile::tempdir().unwrap();
        let p = tmp.path();
        let dead = i32::MAX as u32 - 1;
        for n in [format!(".dist.new-{dead}"), format!(".dist.old-{dead}")] {
            std::fs::create_dir_all(p.join(&n).join("x")).unwrap();
            std::fs::write(p.join(&n).join(MARKER), "").unwrap();
        }
        // Not marked, or of a live process, or another name: kept.
        std::fs::create_dir(p.join(format!(".dist.new-{}", dead - 1))).unwrap();
        let live = format!(".dist.old-{}", std::os::unix::process::parent_id());
        std::fs::create_dir(p.join(&live)).unwrap();
        std::fs::write(p.join(&live).join(MARKER), "").unwrap();
        std::fs::create_dir(p.join(".other.new-1")).unwrap();
        write_site(&[file("index.html", "1")], &out_dir(p.join("dist"))).unwrap();
        let mut names: Vec<String> = std::fs::read_dir(p)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut want = vec![
            format!(".dist.new-{}", dead - 1),
            live,
            ".other.new-1".to_string(),
            "dist".to_string(),
        ];
        want.sort();
        assert_eq!(names, want);
    }

    #[test]
    fn resolve_out_applies_dots_to_real_folders() {
        let cwd = std::env::current_dir().unwrap();
        assert_eq!(
            resolve_out(Path::new("a/../b/./c")).unwrap(),
            cwd.join("b/c")
        );
        assert_eq!(resolve_out(Path::new("/")).unwrap(), PathBuf::from("/"));
        assert_eq!(resolve_out(Path::new("..")).unwrap(), cwd.parent().unwrap());
    }

    #[cfg(unix)]
    #[test]
    fn a_file_written_in_parts_is_linked_when_the_previous_one_is_the_same() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = out_dir(tmp.path().join("dist"));
        let parts = |text: &str| -> Vec<String> {
            text.as_bytes()
                .chunks(3)
                .map(|c| String::from_utf8(c.to_vec()).unwrap())
                .collect()
        };
        // One build: the file in parts, as the print page is written.
        let build = |text: &str| {
            let staging = Staging::create(&out).unwrap();
            let n = staging
                .write_with("print/index.html", |w| {
                    for p in parts(text) {
                        w.write_all(p.as_bytes())?;
                    }
                    Ok(())
                })
                .unwrap();
            assert_eq!(n, text.len() as u64);
            staging.commit().unwrap().finish().unwrap();
            let path = out.path.join("print/index.html");
            assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
            // Kept alive by a link of its own, so that no later file can
            // reuse its inode number.
            let ino = std::fs::metadata(&path).unwrap().ino();
            std::fs::hard_link(&path, tmp.path().join(format!("kept-{ino}"))).ok();
            ino
        };
        let first = build("abcdefghij");
        assert_eq!(build("abcdefghij"), first, "the same bytes: the same file");
        let changed = build("abcdefXhij");
        assert_ne!(changed, first, "a difference after an agreed part");
        assert_ne!(build("abcdefXhijklm"), changed, "longer");
        assert_ne!(build("abcd"), changed, "a prefix of the previous one");
        let empty = build("");
        assert_eq!(build(""), empty);
        // The previous file is a link: never followed, written anew.
        let secret = tmp.path().join("secret");
        std::fs::write(&secret, "same").unwrap();
        std::fs::remove_file(out.path.join("print/index.html")).unwrap();
        std::os::unix::fs::symlink(&secret, out.path.join("print/index.html")).unwrap();
        let written = build("same");
        assert_ne!(written, std::fs::metadata(&secret).unwrap().ino());
        assert!(
            std::fs::symlink_metadata(out.path.join("print/index.html"))
                .unwrap()
                .is_file()
        );
    }

    #[test]
    fn a_rebuild_links_unchanged_files_and_writes_the_rest() {
        use std::os::unix::fs::MetadataExt;
        let tmp = tempfile::tempdir().unwrap();
        let out = out_dir(tmp.path().join("dist"));
        let ino = |rel: &str| std::fs::metadata(out.path.join(rel)).unwrap().ino();
        write_site(
            &[file("same.html", "kept"), file("a/changed.html", "1")],
            &out,
        )
        .unwrap();
        let (same, changed) = (ino("same.html"), ino("a/changed.html"));
        // A link in the previous output is never followed into the new one.
        let secret = tmp.path().join("secret");
        std::fs::write(&secret, "link").unwrap();
        std::os::unix::fs::symlink(&secret, out.path.join("link.html")).unwrap();
        write_site(
            &[
                file("same.html", "kept"),
                file("a/changed.html", "2"),
                file("link.html", "link"),
            ],
            &out,
        )
        .unwrap();
        assert_eq!(ino("same.html"), same, "an unchanged file is the same file");
        assert_ne!(ino("a/changed.html"), changed);
        assert_eq!(
            std::fs::read_to_string(out.path.join("a/changed.html")).unwrap(),
            "2"
        );
        let link = std::fs::symlink_metadata(out.path.join("link.html")).unwrap();
        assert!(link.is_file(), "written, not linked");
        assert_ne!(link.ino(), std::fs::metadata(&secret).unwrap().ino());
        let names: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(names.len(), 2, "the previous output is removed: {names:?}");
    }
}
