//! Writing the built site to disk, all or nothing.
//!
//! In: the [`OutputFile`]s of a build (all at once, or one by one as they
//! are rendered) and the output folder. The files are written to a
//! [`Staging`] folder beside it, which takes the output folder's place only
//! when the whole build succeeded; the previous output is removed after
//! that. A build that fails — before writing or half-way — leaves the
//! previous output exactly as it was.

use crate::render::{Contents, OutputFile};
use rayon::prelude::*;
use std::io;
use std::path::{Path, PathBuf};

/// Sizes of what was written.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WriteSummary {
    /// Files written.
    pub files: usize,
    /// Bytes written.
    pub bytes: u64,
}

/// Writes `files` as the new contents of `out`, replacing what was there.
pub fn write_site(files: &[OutputFile], out: &Path) -> io::Result<WriteSummary> {
    let staging = Staging::create(out)?;
    let bytes = staging.write_all(files)?;
    staging.commit()?;
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
    committed: bool,
}

impl Staging {
    /// Makes an empty staging folder beside `out`.
    pub fn create(out: &Path) -> io::Result<Staging> {
        let out = absolute(out)?;
        let parent = out.parent().ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                "the output folder has no parent",
            )
        })?;
        std::fs::create_dir_all(parent)?;
        if out.exists() && !out.is_dir() {
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", out.display()),
            ));
        }
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "dist".into());
        let pid = std::process::id();
        let dir = parent.join(format!(".{name}.new-{pid}"));
        let old = parent.join(format!(".{name}.old-{pid}"));
        if dir.exists() {
            std::fs::remove_dir_all(&dir)?;
        }
        std::fs::create_dir(&dir)?;
        Ok(Staging {
            out,
            dir,
            old,
            committed: false,
        })
    }

    /// Writes one file into the staging folder (making its folders), and
    /// returns its size. Safe to call from many threads at once.
    pub fn write(&self, f: &OutputFile) -> io::Result<u64> {
        let path = self.dir.join(&f.path);
        if let Some(folder) = path.parent() {
            std::fs::create_dir_all(folder)?;
        }
        match &f.contents {
            Contents::Bytes(b) => std::fs::write(&path, b).map(|()| b.len() as u64),
            Contents::Copy(from) => std::fs::copy(from, &path),
        }
    }

    /// Writes `files` in parallel; returns their total size.
    pub fn write_all(&self, files: &[OutputFile]) -> io::Result<u64> {
        files
            .par_iter()
            .map(|f| self.write(f))
            .try_reduce(|| 0, |a, b| Ok(a + b))
    }

    /// Puts the staging folder in the output folder's place and removes
    /// the previous output.
    pub fn commit(mut self) -> io::Result<()> {
        if self.out.exists() {
            std::fs::rename(&self.out, &self.old)?;
            if let Err(e) = std::fs::rename(&self.dir, &self.out) {
                // Put the previous output back before reporting.
                let _ = std::fs::rename(&self.old, &self.out);
                return Err(e);
            }
            self.committed = true;
            remove_tree(&self.old)
        } else {
            std::fs::rename(&self.dir, &self.out)?;
            self.committed = true;
            Ok(())
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Removes a folder tree, deleting its files in parallel.
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

fn absolute(p: &Path) -> io::Result<PathBuf> {
    if p.is_absolute() {
        Ok(p.to_path_buf())
    } else {
        Ok(std::env::current_dir()?.join(p))
    }
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

    #[test]
    fn replaces_the_previous_output_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("dist");
        write_site(&[file("a/index.html", "1"), file("old.html", "x")], &out).unwrap();
        let s = write_site(&[file("a/index.html", "2")], &out).unwrap();
        assert_eq!(s.files, 1);
        assert_eq!(
            std::fs::read_to_string(out.join("a/index.html")).unwrap(),
            "2"
        );
        assert!(!out.join("old.html").exists(), "stale files are gone");
        let leftovers: Vec<_> = std::fs::read_dir(tmp.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no staging folders are left behind");
    }
}
