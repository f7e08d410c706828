//! Writing the built site to disk, last and all at once.
//!
//! In: the [`OutputFile`]s of a finished build and the output folder. The
//! files are written to a new folder beside it, which then takes the output
//! folder's place; the previous output is removed only after that. A build
//! that fails before this stage never touches the disk, and a write that
//! fails half-way leaves the previous output where it was.

use crate::render::{Contents, OutputFile};
use rayon::prelude::*;
use std::collections::BTreeSet;
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
    let out = absolute(out)?;
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
    let pid = std::process::id();
    let staging = parent.join(format!(".{name}.new-{pid}"));
    let old = parent.join(format!(".{name}.old-{pid}"));
    if staging.exists() {
        std::fs::remove_dir_all(&staging)?;
    }
    let summary = match write_all(files, &staging) {
        Ok(s) => s,
        Err(e) => {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
    };
    if out.exists() {
        if !out.is_dir() {
            let _ = std::fs::remove_dir_all(&staging);
            return Err(io::Error::new(
                io::ErrorKind::AlreadyExists,
                format!("{} exists and is not a folder", out.display()),
            ));
        }
        std::fs::rename(&out, &old)?;
        if let Err(e) = std::fs::rename(&staging, &out) {
            // Put the previous output back before reporting.
            let _ = std::fs::rename(&old, &out);
            let _ = std::fs::remove_dir_all(&staging);
            return Err(e);
        }
        remove_tree(&old)?;
    } else {
        std::fs::rename(&staging, &out)?;
    }
    Ok(summary)
}

fn write_all(files: &[OutputFile], dir: &Path) -> io::Result<WriteSummary> {
    std::fs::create_dir_all(dir)?;
    let folders: BTreeSet<PathBuf> = files
        .iter()
        .filter_map(|f| dir.join(&f.path).parent().map(Path::to_path_buf))
        .collect();
    for f in &folders {
        std::fs::create_dir_all(f)?;
    }
    let bytes = files
        .par_iter()
        .map(|f| {
            let path = dir.join(&f.path);
            match &f.contents {
                Contents::Bytes(b) => std::fs::write(&path, b).map(|()| b.len() as u64),
                Contents::Copy(from) => std::fs::copy(from, &path),
            }
        })
        .try_reduce(|| 0, |a, b| Ok(a + b))?;
    Ok(WriteSummary {
        files: files.len(),
        bytes,
    })
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
