//! Reusing a released edition's files from the previous build instead of
//! rendering it again.
//!
//! A released edition's files depend only on the binary (its code and
//! embedded theme), the edition's frozen folder (`versions/<label>/`, with
//! any theme overrides it froze), what its pages know of the other editions
//! (the [`EditionContext`]: their labels, dates and page paths, and what
//! changed since the edition before) and the build's options. A build
//! records a key of all of these, and a digest of the files it wrote, per
//! edition in `<out>/.clusterbook-editions`. The next build into the same
//! folder, finding the same key and the previous files still matching
//! their digest, takes those files instead of rendering the edition twice
//! (its folder and its zip). Anything else — another binary, an edited
//! snapshot, a page added to or removed from another edition, other
//! options, a file of the previous output touched, a link in it — renders
//! the edition anew, so reuse can never change what a build writes.
//!
//! In: the previous output folder, read only. Out: the files, as the
//! renderer would have made them.

use super::nav::EditionContext;
use crate::BuildOptions;
use crate::render::{Contents, OutputFile};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::OnceLock;

/// The file at the output's root that records each edition's key and
/// digest (hidden, like the output's marker).
pub const STAMPS: &str = ".clusterbook-editions";

/// What a build recorded of one released edition.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The key of everything the edition's files depend on.
    pub key: String,
    /// The digest of the files written for it (its folder and its zip).
    pub digest: String,
}

/// The stamps the previous build in `out` recorded, by label; none when
/// there is no such file or it cannot be read as one.
pub fn read_stamps(out: &Path) -> BTreeMap<String, Stamp> {
    let Ok(text) = std::fs::read_to_string(out.join(STAMPS)) else {
        return BTreeMap::new();
    };
    text.lines()
        .filter_map(|line| {
            let mut parts = line.split(' ');
            let (label, key, digest) = (parts.next()?, parts.next()?, parts.next()?);
            (parts.next().is_none() && !label.is_empty()).then(|| {
                (
                    label.to_string(),
                    Stamp {
                        key: key.to_string(),
                        digest: digest.to_string(),
                    },
                )
            })
        })
        .collect()
}

/// The stamps file for `stamps`, one line per edition.
pub fn stamps_file(stamps: &BTreeMap<String, Stamp>) -> OutputFile {
    let text: String = stamps
        .iter()
        .map(|(label, s)| format!("{label} {} {}\n", s.key, s.digest))
        .collect();
    OutputFile {
        path: STAMPS.to_string(),
        contents: Contents::Bytes(text.into_bytes()),
    }
}

/// The key of a released edition's files: the running binary, every file
/// of its snapshot, its options and base URL, and its edition context.
pub fn key(
    snapshot: &Path,
    opts: &BuildOptions,
    base_url: Option<&str>,
    ctx: &EditionContext,
) -> io::Result<String> {
    let mut h = Sha256::new();
    h.update(binary_digest()?.as_bytes());
    // The options that change output (the root is the snapshot, hashed
    // below by content, so a moved handbook can still reuse).
    h.update(
        format!(
            "{:?}|{}|{}|{}\0",
            base_url, opts.drafts, opts.minify, opts.search
        )
        .as_bytes(),
    );
    for entry in walkdir::WalkDir::new(snapshot).sort_by_file_name() {
        let entry = entry.map_err(io::Error::other)?;
        let rel = entry.path().strip_prefix(snapshot).unwrap_or(entry.path());
        h.update(rel.to_string_lossy().as_bytes());
        h.update([0]);
        if entry.file_type().is_file() {
            h.update(std::fs::read(entry.path())?);
        }
        h.update([0xff]);
    }
    h.update(context_text(ctx).as_bytes());
    Ok(hex(&h.finalize()))
}

/// `ctx` as text that is the same for the same context (its page sets
/// sorted).
fn context_text(ctx: &EditionContext) -> String {
    let mut s = format!(
        "{}|{}|{}|{:?}|{:?}\n",
        ctx.current, ctx.latest, ctx.offline, ctx.site_base, ctx.changes
    );
    for e in &ctx.editions {
        let mut pages: Vec<&String> = e.pages.iter().collect();
        pages.sort();
        s.push_str(&format!(
            "{}|{:?}|{}|{:?}\n",
            e.label, e.date, e.unreleased, pages
        ));
    }
    s
}

/// The digest of the running binary, read once.
fn binary_digest() -> io::Result<&'static str> {
    static DIGEST: OnceLock<Result<String, String>> = OnceLock::new();
    DIGEST
        .get_or_init(|| {
            let exe = std::env::current_exe().map_err(|e| e.to_string())?;
            let bytes = std::fs::read(exe).map_err(|e| e.to_string())?;
            Ok(hex(&Sha256::digest(bytes)))
        })
        .as_deref()
        .map_err(|e| io::Error::other(e.clone()))
}

/// The digest of an edition's files (sorted by path) and its zip.
pub fn digest(files: &[OutputFile], zip: &[u8]) -> io::Result<String> {
    let mut h = Sha256::new();
    for f in files {
        h.update(f.path.as_bytes());
        h.update([0]);
        match &f.contents {
            Contents::Bytes(b) => h.update(b),
            Contents::Copy(from) => h.update(std::fs::read(from)?),
        }
        h.update([0xff]);
    }
    h.update(zip);
    Ok(hex(&h.finalize()))
}

/// The files the previous build in `out` wrote for edition `label` (its
/// folder, paths relative to it, sorted) and its zip, when they still
/// match `stamp`'s digest; none otherwise, or when the folder holds
/// anything but plain files and folders.
pub fn previous(out: &Path, label: &str, stamp: &Stamp) -> Option<(Vec<OutputFile>, Vec<u8>)> {
    let folder = out.join(label);
    let mut files = Vec::new();
    for entry in walkdir::WalkDir::new(&folder).sort_by_file_name() {
        let entry = entry.ok()?;
        let kind = entry.file_type();
        if kind.is_dir() {
            continue;
        }
        if !kind.is_file() {
            return None;
        }
        let rel = entry.path().strip_prefix(&folder).ok()?;
        let path = rel
            .components()
            .map(|c| c.as_os_str().to_str())
            .collect::<Option<Vec<_>>>()?
            .join("/");
        files.push(OutputFile {
            path,
            contents: Contents::Bytes(std::fs::read(entry.path()).ok()?),
        });
    }
    if files.is_empty() {
        return None;
    }
    files.sort_by(|a, b| a.path.cmp(&b.path));
    let zip_path = out.join(format!("{label}.zip"));
    if !std::fs::symlink_metadata(&zip_path).ok()?.is_file() {
        return None;
    }
    let zip = std::fs::read(zip_path).ok()?;
    (digest(&files, &zip).ok()? == stamp.digest).then_some((files, zip))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_read_back_as_written_and_junk_is_ignored() {
        let dir = tempfile::tempdir().unwrap();
        let mut stamps = BTreeMap::new();
        stamps.insert(
            "2026.1".to_string(),
            Stamp {
                key: "k1".into(),
                digest: "d1".into(),
            },
        );
        let f = stamps_file(&stamps);
        let Contents::Bytes(b) = &f.contents else {
            unreachable!()
        };
        std::fs::write(
            dir.path().join(STAMPS),
            [b.as_slice(), b"junk line here x\n\n"].concat(),
        )
        .unwrap();
        assert_eq!(read_stamps(dir.path()), stamps);
    }

    #[test]
    fn previous_files_are_taken_only_while_they_match_their_digest() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("2026.1/cases")).unwrap();
        std::fs::write(out.join("2026.1/index.html"), "home").unwrap();
        std::fs::write(out.join("2026.1/cases/index.html"), "cases").unwrap();
        std::fs::write(out.join("2026.1.zip"), "zip").unwrap();
        let files = vec![
            OutputFile {
                path: "cases/index.html".into(),
                contents: Contents::Bytes(b"cases".to_vec()),
            },
            OutputFile {
                path: "index.html".into(),
                contents: Contents::Bytes(b"home".to_vec()),
            },
        ];
        let stamp = Stamp {
            key: "k".into(),
            digest: digest(&files, b"zip").unwrap(),
        };
        let (got, zip) = previous(out, "2026.1", &stamp).expect("unchanged files are reused");
        assert_eq!(got, files);
        assert_eq!(zip, b"zip");
        // A file touched since: rendered anew.
        std::fs::write(out.join("2026.1/index.html"), "home!").unwrap();
        assert!(previous(out, "2026.1", &stamp).is_none());
        std::fs::write(out.join("2026.1/index.html"), "home").unwrap();
        // A file added: rendered anew.
        std::fs::write(out.join("2026.1/extra.html"), "x").unwrap();
        assert!(previous(out, "2026.1", &stamp).is_none());
        std::fs::remove_file(out.join("2026.1/extra.html")).unwrap();
        // A link in the folder: rendered anew.
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink("/etc/hostname", out.join("2026.1/l")).unwrap();
            assert!(previous(out, "2026.1", &stamp).is_none());
            std::fs::remove_file(out.join("2026.1/l")).unwrap();
        }
        assert!(previous(out, "2026.1", &stamp).is_some());
    }
}
