//! Which paths of a handbook may be read.
//!
//! A handbook comes from anyone who can open a pull request, and a
//! contributor's symbolic link can point anywhere on the builder's machine
//! (`/proc/self/environ`, `~/.ssh/id_ed25519`). This module is the one place
//! that decides what the build reads: a path under the handbook root which,
//! after every link on the way is followed, is still under the root and is a
//! regular file or folder. Links to files inside the root are followed;
//! links to folders are not (so that no walk can loop). Everything else is a
//! [`Refusal`] that names the link and the kind of its target, never the
//! target's contents.
//!
//! In: the handbook root and paths under it. Out: the real path to read, the
//! files under a folder ([`HandbookRoot::files_under`]), or why not.

use crate::diagnostics::{Diagnostic, Pos};
use std::io;
use std::path::{Path, PathBuf};

/// The handbook root, resolved once, against which paths are checked.
#[derive(Debug, Clone)]
pub struct HandbookRoot {
    /// The root as given (`--root`).
    given: PathBuf,
    /// The root with every link resolved.
    real: PathBuf,
}

/// What a path leads to, named for a message.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TargetKind {
    /// A regular file.
    File,
    /// A folder.
    Folder,
    /// A block or character device.
    Device,
    /// A named pipe (FIFO).
    Pipe,
    /// A Unix socket.
    Socket,
    /// Nothing that can be stat'ed.
    Unknown,
}

impl TargetKind {
    fn of(path: &Path) -> TargetKind {
        match std::fs::metadata(path) {
            Ok(m) => TargetKind::of_type(m.file_type()),
            Err(_) => TargetKind::Unknown,
        }
    }

    fn of_type(t: std::fs::FileType) -> TargetKind {
        #[cfg(unix)]
        {
            use std::os::unix::fs::FileTypeExt;
            if t.is_block_device() || t.is_char_device() {
                return TargetKind::Device;
            }
            if t.is_fifo() {
                return TargetKind::Pipe;
            }
            if t.is_socket() {
                return TargetKind::Socket;
            }
        }
        if t.is_file() {
            TargetKind::File
        } else if t.is_dir() {
            TargetKind::Folder
        } else {
            TargetKind::Unknown
        }
    }

    /// `a file`, `a folder`, `a device`, ...
    pub fn with_article(self) -> &'static str {
        match self {
            TargetKind::File => "a file",
            TargetKind::Folder => "a folder",
            TargetKind::Device => "a device",
            TargetKind::Pipe => "a named pipe",
            TargetKind::Socket => "a socket",
            TargetKind::Unknown => "something",
        }
    }
}

/// Why a path under the root is not read.
#[derive(Debug)]
pub enum Refusal {
    /// A symbolic link whose target is outside the handbook root.
    Outside {
        /// The link's text, as the contributor wrote it.
        link: String,
        /// What the target is.
        kind: TargetKind,
    },
    /// A symbolic link to a folder (only links to files are followed).
    LinkToFolder {
        /// The link's text.
        link: String,
    },
    /// A symbolic link (or chain of them) whose target does not exist.
    Dangling {
        /// The link's text.
        link: String,
    },
    /// Symbolic links that lead back to themselves, or a link to a folder
    /// that holds it.
    Loop {
        /// The link's text.
        link: String,
    },
    /// Neither a file nor a folder (a device, pipe or socket).
    Special(TargetKind),
    /// Missing, or the system refused to read it.
    Io(io::Error),
}

impl Refusal {
    /// The problem as a diagnostic at `rel`, the path relative to the root.
    pub fn diagnostic(&self, rel: &str) -> Diagnostic {
        let at = |code, msg: String| Diagnostic::error(rel, Pos::start(), code, msg);
        match self {
            Refusal::Outside { link, kind } => at(
                "symlink-outside",
                if link.is_empty() {
                    format!("`{rel}` leads to {} outside the handbook", kind.with_article())
                } else {
                    format!(
                        "`{rel}` is a symbolic link to {} outside the handbook (`{link}`)",
                        kind.with_article()
                    )
                },
            )
            .with_help(
                "clusterbook reads nothing outside the handbook folder: copy the file into the handbook instead of linking to it",
            ),
            Refusal::LinkToFolder { link } => at(
                "symlink-folder",
                format!("`{rel}` is a symbolic link to a folder (`{link}`); only links to files are followed"),
            )
            .with_help("move or copy the folder here instead of linking to it"),
            Refusal::Dangling { link } => at(
                "dangling-symlink",
                format!("`{rel}` is a symbolic link to `{link}`, which does not exist"),
            )
            .with_help("point the link at an existing file of the handbook, or remove it"),
            Refusal::Loop { link } => at(
                "symlink-loop",
                format!("`{rel}` is a symbolic link that leads back to itself (`{link}`)"),
            )
            .with_help("point the link at a file, or remove it"),
            Refusal::Special(kind) => at(
                "not-a-file",
                format!("`{rel}` is {}, not a file or folder", kind.with_article()),
            )
            .with_help("only files and folders are read; remove it"),
            Refusal::Io(e) => at("unreadable-file", format!("cannot read: {e}")),
        }
    }
}

/// A file found by [`HandbookRoot::files_under`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundFile {
    /// Its path relative to the folder walked.
    pub rel: PathBuf,
    /// Where to read it: every link resolved, inside the root.
    pub real: PathBuf,
}

/// The result of walking a folder: the files that may be read and the
/// paths (relative to the folder walked) that were refused.
#[derive(Debug, Default)]
pub struct Walk {
    /// Readable files, sorted by path.
    pub files: Vec<FoundFile>,
    /// Refused paths with the reason, sorted by path.
    pub refused: Vec<(PathBuf, Refusal)>,
}

fn is_loop(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

fn link_text(path: &Path) -> String {
    std::fs::read_link(path)
        .map(|t| t.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// Whether a file name is hidden (`.git`, `.DS_Store`): hidden files and
/// folders are not part of a handbook and are never read.
pub fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.as_encoded_bytes().first() == Some(&b'.')
}

impl HandbookRoot {
    /// The handbook at `root` (which need not exist).
    pub fn new(root: &Path) -> HandbookRoot {
        let real = std::fs::canonicalize(root).unwrap_or_else(|_| {
            std::env::current_dir()
                .map(|d| d.join(root))
                .unwrap_or_else(|_| root.to_path_buf())
        });
        HandbookRoot {
            given: root.to_path_buf(),
            real,
        }
    }

    /// The root with every link resolved.
    pub fn real(&self) -> &Path {
        &self.real
    }

    /// Where `path` (under the root as given) really is, if it may be read:
    /// every link on the way resolved, still inside the root, and a file or
    /// a folder. A link to a folder is refused unless `folder_links`.
    fn check(&self, path: &Path, folder_links: bool) -> Result<PathBuf, Refusal> {
        let real = match std::fs::canonicalize(path) {
            Ok(r) => r,
            Err(e) if is_loop(&e) => {
                return Err(Refusal::Loop {
                    link: link_text(path),
                });
            }
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                return Err(match std::fs::symlink_metadata(path) {
                    Ok(m) if m.file_type().is_symlink() => Refusal::Dangling {
                        link: link_text(path),
                    },
                    _ => Refusal::Io(e),
                });
            }
            Err(e) => return Err(Refusal::Io(e)),
        };
        let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
        if !real.starts_with(&self.real) {
            return Err(Refusal::Outside {
                link: link_text(path),
                kind: TargetKind::of(&real),
            });
        }
        match TargetKind::of(&real) {
            TargetKind::File => Ok(real),
            TargetKind::Folder if is_link && path.starts_with(&real) => Err(Refusal::Loop {
                link: link_text(path),
            }),
            TargetKind::Folder if is_link && !folder_links => Err(Refusal::LinkToFolder {
                link: link_text(path),
            }),
            TargetKind::Folder => Ok(real),
            kind => Err(Refusal::Special(kind)),
        }
    }

    /// Reads the file at `rel` (relative to the root, `/`-separated), if it
    /// may be read: a file under the root after every link is followed.
    pub fn read(&self, rel: &str) -> Result<Vec<u8>, Refusal> {
        let real = self.check(&self.given.join(rel), false)?;
        if !real.is_file() {
            return Err(Refusal::Special(TargetKind::of(&real)));
        }
        std::fs::read(&real).map_err(Refusal::Io)
    }

    /// Whether `rel` (relative to the root) is a folder that may be read.
    /// A link to a folder inside the root counts (the folder is then walked
    /// at its real place).
    pub fn folder(&self, rel: &str) -> Result<PathBuf, Refusal> {
        let real = self.check(&self.given.join(rel), true)?;
        if real.is_dir() {
            Ok(real)
        } else {
            Err(Refusal::Io(io::Error::new(
                io::ErrorKind::NotFound,
                "a file where a folder was expected",
            )))
        }
    }

    /// Every file that may be read under the folder `rel` (relative to the
    /// root), skipping hidden names, and every path refused on the way.
    /// Links to files inside the root are followed; links to folders are
    /// not, so the walk cannot loop; its stack is a list, not recursion, so
    /// no depth of folders overflows it.
    pub fn files_under(&self, rel: &str) -> Result<Walk, Refusal> {
        let top = self.folder(rel)?;
        let mut walk = Walk::default();
        let mut folders = vec![PathBuf::new()];
        while let Some(sub) = folders.pop() {
            let entries = match std::fs::read_dir(top.join(&sub)) {
                Ok(e) => e,
                Err(e) => {
                    walk.refused.push((sub, Refusal::Io(e)));
                    continue;
                }
            };
            for entry in entries {
                let entry = match entry {
                    Ok(e) => e,
                    Err(e) => {
                        walk.refused.push((sub.clone(), Refusal::Io(e)));
                        continue;
                    }
                };
                let name = entry.file_name();
                if is_hidden(&name) {
                    continue;
                }
                let rel = sub.join(&name);
                let path = top.join(&rel);
                let t = match entry.file_type() {
                    Ok(t) => t,
                    Err(e) => {
                        walk.refused.push((rel, Refusal::Io(e)));
                        continue;
                    }
                };
                if t.is_dir() {
                    folders.push(rel);
                } else if t.is_file() {
                    walk.files.push(FoundFile { rel, real: path });
                } else if t.is_symlink() {
                    match self.check(&path, false) {
                        Ok(real) => walk.files.push(FoundFile { rel, real }),
                        Err(r) => walk.refused.push((rel, r)),
                    }
                } else {
                    walk.refused
                        .push((rel, Refusal::Special(TargetKind::of_type(t))));
                }
            }
        }
        walk.files.sort_by(|a, b| a.rel.cmp(&b.rel));
        walk.refused.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(walk)
    }
}

/// `p` with `/` separators, for messages and site paths.
pub fn display_path(p: &Path) -> String {
    p.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::symlink;

    fn handbook() -> (tempfile::TempDir, HandbookRoot) {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("hb");
        std::fs::create_dir_all(root.join("content/assets/sub")).unwrap();
        std::fs::write(root.join("content/assets/a.txt"), "a").unwrap();
        std::fs::write(root.join("content/assets/sub/b.txt"), "b").unwrap();
        std::fs::write(tmp.path().join("secret"), "s3cret").unwrap();
        let r = HandbookRoot::new(&root);
        (tmp, r)
    }

    fn codes(w: &Walk) -> Vec<(String, &'static str)> {
        w.refused
            .iter()
            .map(|(p, r)| (display_path(p), r.diagnostic("x").code))
            .collect()
    }

    #[test]
    fn links_inside_are_followed_and_links_outside_refused() {
        let (tmp, r) = handbook();
        let assets = r.real().join("content/assets");
        symlink("a.txt", assets.join("inside.txt")).unwrap();
        symlink(tmp.path().join("secret"), assets.join("outside.txt")).unwrap();
        symlink("missing.txt", assets.join("dangling.txt")).unwrap();
        symlink("loop.txt", assets.join("loop.txt")).unwrap();
        symlink(".", assets.join("here")).unwrap();
        symlink("sub", assets.join("folder")).unwrap();
        symlink(tmp.path(), assets.join("up")).unwrap();
        let w = r.files_under("content/assets").unwrap();
        let files: Vec<String> = w.files.iter().map(|f| display_path(&f.rel)).collect();
        assert_eq!(files, ["a.txt", "inside.txt", "sub/b.txt"]);
        assert_eq!(w.files[1].real, assets.join("a.txt"));
        assert_eq!(
            codes(&w),
            [
                ("dangling.txt".to_string(), "dangling-symlink"),
                ("folder".to_string(), "symlink-folder"),
                ("here".to_string(), "symlink-loop"),
                ("loop.txt".to_string(), "symlink-loop"),
                ("outside.txt".to_string(), "symlink-outside"),
                ("up".to_string(), "symlink-outside"),
            ]
        );
        let d = w.refused[4].1.diagnostic("content/assets/outside.txt");
        assert!(d.message.contains("a file outside the handbook"), "{d:?}");
        assert!(!d.message.contains("s3cret"));
        let d = w.refused[5].1.diagnostic("content/assets/up");
        assert!(d.message.contains("a folder outside"), "{d:?}");
    }

    #[test]
    fn read_refuses_a_file_outside_and_a_device() {
        let (tmp, r) = handbook();
        let assets = r.real().join("content/assets");
        symlink(tmp.path().join("secret"), assets.join("s.md")).unwrap();
        symlink("/dev/null", assets.join("null")).unwrap();
        assert!(matches!(
            r.read("content/assets/s.md"),
            Err(Refusal::Outside {
                kind: TargetKind::File,
                ..
            })
        ));
        assert!(matches!(
            r.read("content/assets/null"),
            Err(Refusal::Outside {
                kind: TargetKind::Device,
                ..
            })
        ));
        assert_eq!(r.read("content/assets/a.txt").unwrap(), b"a");
        assert!(matches!(r.read("../secret"), Err(Refusal::Outside { .. })));
    }
}
