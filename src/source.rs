//! Finding and reading the handbook's files.
//!
//! In: the handbook root. Out: a [`SourceTree`] — every Markdown file of a
//! known kind with its id, language and text, and every asset under
//! `content/assets/` — plus a problem for each file that has no place in the
//! format (unknown folder, bad file name, text that is not UTF-8, a symbolic
//! link that leaves the handbook: see [`crate::paths`]).
//!
//! Reading is two steps, [`scan_sources`] (find the files) and
//! [`read_found`] (read one), so that `serve` can read again only the
//! files whose [`Stamp`] changed; [`read_sources`] does both for a build.

use crate::config::CONFIG_PATH;
use crate::diagnostics::{Diagnostic, Pos, did_you_mean};
use crate::model::Kind;
use crate::paths::{HandbookRoot, Refusal, display_path};
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// One Markdown file of a known kind, read into memory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceFile {
    /// Path relative to the handbook root, `/`-separated (`content/cases/x.md`).
    pub path: String,
    /// The kind, from the folder.
    pub kind: Kind,
    /// The id, from the file name.
    pub id: String,
    /// The language suffix (`pilot.en.md` → `en`), if any.
    pub lang: Option<String>,
    /// The file's text.
    pub text: String,
}

/// A file under `content/assets/`, copied to the site as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Asset {
    /// Path relative to `content/` (`assets/fasmodellen.svg`).
    pub rel: String,
    /// Where it is on disk.
    pub abs: PathBuf,
}

/// Everything found under `content/`.
#[derive(Debug, Clone, Default)]
pub struct SourceTree {
    /// The Markdown files, sorted by path.
    pub files: Vec<SourceFile>,
    /// The assets, sorted by path.
    pub assets: Vec<Asset>,
}

/// A Markdown file of a known kind found under `content/`, not read yet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundMarkdown {
    /// Path relative to the handbook root, `/`-separated (`content/cases/x.md`).
    pub path: String,
    /// The kind, from the folder.
    pub kind: Kind,
    /// Where to read it: every link resolved, inside the root.
    pub abs: PathBuf,
}

/// When a file was last modified, how long it is and (on Unix) which
/// inode it is: a file whose stamp is what it was is taken to hold the
/// text it held (an editor's save changes the modification time; a save
/// through a rename, the inode too).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    modified: SystemTime,
    len: u64,
    inode: u64,
}

impl Stamp {
    /// Whether a later change of the file is sure to change its stamp,
    /// seen from `now`: file systems keep modification times to a clock
    /// tick (as coarse as 10 ms), so a file modified within [`SETTLED`]
    /// of `now` could change again, to the same length, and keep its
    /// stamp. Such a file is read again next time.
    pub fn is_settled(&self, now: SystemTime) -> bool {
        self.modified + SETTLED < now
    }
}

/// How long after its last change a file's [`Stamp`] is trusted.
pub const SETTLED: std::time::Duration = std::time::Duration::from_secs(1);

impl FoundMarkdown {
    /// The file's stamp now, or `None` when it cannot be read.
    pub fn stamp(&self) -> Option<Stamp> {
        let m = std::fs::metadata(&self.abs).ok()?;
        #[cfg(unix)]
        let inode = std::os::unix::fs::MetadataExt::ino(&m);
        #[cfg(not(unix))]
        let inode = 0;
        Some(Stamp {
            modified: m.modified().ok()?,
            len: m.len(),
            inode,
        })
    }
}

/// Everything found under `content/`, before any Markdown file is read.
#[derive(Debug, Clone, Default)]
pub struct SourceScan {
    /// The Markdown files, sorted by path.
    pub markdown: Vec<FoundMarkdown>,
    /// The assets, sorted by path.
    pub assets: Vec<Asset>,
    /// The files that have no place in the format, and what could not be
    /// walked.
    pub problems: Vec<Diagnostic>,
}

/// Walks `root/content` and reads every file of the format. Only what
/// [`HandbookRoot::files_under`] allows is read: a symbolic link that leaves
/// the root, loops or dangles is a problem, and its target is never read.
pub fn read_sources(root: &Path) -> (SourceTree, Vec<Diagnostic>) {
    let SourceScan {
        markdown,
        assets,
        mut problems,
    } = scan_sources(root);
    let results: Vec<Result<SourceFile, Diagnostic>> =
        markdown.par_iter().map(read_found).collect();
    let mut files = Vec::with_capacity(results.len());
    for r in results {
        match r {
            Ok(f) => files.push(f),
            Err(d) => problems.push(d),
        }
    }
    (SourceTree { files, assets }, problems)
}

/// Walks `root/content` and sorts what it finds into Markdown files,
/// assets and problems, reading none of them (see [`read_sources`]).
pub fn scan_sources(root: &Path) -> SourceScan {
    let handbook = HandbookRoot::new(root);
    let mut problems = Vec::new();
    let mut markdown = Vec::new();
    let mut assets = Vec::new();
    let folders: Vec<&str> = Kind::ALL.iter().map(|k| k.folder()).collect();

    let walk = match handbook.files_under("content") {
        Ok(w) => w,
        Err(r) => {
            problems.push(r.diagnostic("content"));
            return SourceScan {
                problems,
                ..SourceScan::default()
            };
        }
    };
    for (path, refusal) in &walk.refused {
        problems.push(refusal.diagnostic(&format!("content/{}", display_path(path))));
    }
    for found in walk.files {
        let in_content = found.rel.as_path();
        let rel = format!("content/{}", display_path(in_content));
        let parts: Vec<String> = in_content
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        match parts.as_slice() {
            [name] if name == "site.yaml" => {}
            [_] => problems.push(
                Diagnostic::error(
                    &rel,
                    Pos::start(),
                    "unknown-file",
                    "files directly in `content/` are not part of the handbook",
                )
                .with_help(format!(
                    "move it into one of {}, or into `content/assets/`",
                    folders.join(", ")
                )),
            ),
            [folder, ..] if folder == "assets" => assets.push(Asset {
                rel: display_path(in_content),
                abs: found.real,
            }),
            [folder, name] => match Kind::from_folder(folder) {
                Some(kind) if name.ends_with(".md") => markdown.push(FoundMarkdown {
                    path: rel,
                    kind,
                    abs: found.real,
                }),
                Some(_) => problems.push(
                    Diagnostic::error(
                        &rel,
                        Pos::start(),
                        "unknown-file",
                        format!("`{folder}/` holds Markdown files (`.md`) only"),
                    )
                    .with_help("images and other files go in `content/assets/`"),
                ),
                None => problems.push(unknown_folder(&rel, folder, &folders)),
            },
            [folder, ..] => {
                if Kind::from_folder(folder).is_some() {
                    problems.push(
                        Diagnostic::error(
                            &rel,
                            Pos::start(),
                            "unknown-folder",
                            format!("`{folder}/` cannot have sub-folders"),
                        )
                        .with_help(format!("move the file to `content/{folder}/`")),
                    )
                } else {
                    problems.push(unknown_folder(&rel, folder, &folders))
                }
            }
            [] => {}
        }
    }
    SourceScan {
        markdown,
        assets,
        problems,
    }
}

fn unknown_folder(rel: &str, folder: &str, folders: &[&str]) -> Diagnostic {
    let help = match did_you_mean(folder, folders.iter().copied().chain(["assets"])) {
        Some(m) => format!("did you mean `content/{m}/`?"),
        None => format!(
            "the handbook's folders are {}, and assets",
            folders.join(", ")
        ),
    };
    Diagnostic::error(
        rel,
        Pos::start(),
        "unknown-folder",
        format!("`content/{folder}/` is not a folder of the handbook"),
    )
    .with_help(help)
}

/// Reads one Markdown file found by [`scan_sources`]: its id and language
/// from the name, its text.
pub fn read_found(found: &FoundMarkdown) -> Result<SourceFile, Diagnostic> {
    let FoundMarkdown { path, kind, abs } = found;
    read_markdown(path.clone(), *kind, abs)
}

fn read_markdown(rel: String, kind: Kind, abs: &Path) -> Result<SourceFile, Diagnostic> {
    let name = rel.rsplit('/').next().unwrap_or_default().to_string();
    let stem = name.strip_suffix(".md").unwrap_or(&name);
    let (id, lang) = match stem.split_once('.') {
        Some((id, lang)) => (id.to_string(), Some(lang.to_string())),
        None => (stem.to_string(), None),
    };
    if !is_valid_id(&id) {
        return Err(Diagnostic::error(
            &rel,
            Pos::start(),
            "invalid-id",
            format!("`{id}` is not a valid id: the file name must use a–z, 0–9 and `-` only"),
        )
        .with_help(format!("rename the file to `{}.md`", slugify(&id))));
    }
    if is_device_name(&id) || !id.bytes().any(|b| b.is_ascii_alphanumeric()) {
        return Err(Diagnostic::error(
            &rel,
            Pos::start(),
            "invalid-id",
            format!("`{id}` cannot be an id: its page's folder could not be made or checked out on Windows, or it has no letter or digit"),
        )
        .with_help(format!("rename the file, e.g. to `{id}-1.md` or to a word of its title", id = id.trim_matches('-'))));
    }
    let bytes = std::fs::read(abs).map_err(|e| {
        Diagnostic::error(
            &rel,
            Pos::start(),
            "unreadable-file",
            format!("cannot read: {e}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let good = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        let good = std::str::from_utf8(good).unwrap_or("");
        let line = good.matches('\n').count() + 1;
        let column = good.rsplit('\n').next().unwrap_or("").chars().count() + 1;
        Diagnostic::error(
            &rel,
            Pos::new(line, column),
            "invalid-utf8",
            "the file is not valid UTF-8 text",
        )
        .with_help("save the file as UTF-8 in your editor")
    })?;
    if let Some(d) = control_character(&rel, &text) {
        return Err(d);
    }
    Ok(SourceFile {
        path: rel,
        kind,
        id,
        lang,
        text,
    })
}

/// Reads `content/site.yaml`'s text, or says why it cannot.
pub fn read_config_text(root: &Path) -> Result<String, Diagnostic> {
    match HandbookRoot::new(root).read(CONFIG_PATH) {
        // A byte order mark (some Windows editors write one) is not part
        // of the text, as in entry files.
        Ok(bytes) => String::from_utf8(bytes)
            .map(|text| match text.strip_prefix('\u{feff}') {
                Some(rest) => rest.to_string(),
                None => text,
            })
            .map_err(|_| {
                Diagnostic::error(
                    CONFIG_PATH,
                    Pos::start(),
                    "invalid-utf8",
                    "the file is not valid UTF-8 text",
                )
            })
            .and_then(|text| match control_character(CONFIG_PATH, &text) {
                Some(d) => Err(d),
                None => Ok(text),
            }),
        Err(Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => Err(Diagnostic::error(
            CONFIG_PATH,
            Pos::start(),
            "missing-site-config",
            format!("no `{CONFIG_PATH}` under `{}`", root.display()),
        )
        .with_help("is `--root` the folder that holds `content/`? A handbook needs `content/site.yaml` with at least `title:`")),
        Err(r) => Err(r.diagnostic(CONFIG_PATH)),
    }
}

/// A `control-character` error at the first character of `text` that no
/// text of a handbook has a use for and that breaks what is made of it: a
/// control character but tab and line ends (C0 and C1: a NUL ended the
/// YAML parser's input, so the fields after it were dropped unseen, and
/// XML — the feed — allows none of them), or one of the noncharacters
/// U+FFFE and U+FFFF (not XML either).
pub fn control_character(file: &str, text: &str) -> Option<Diagnostic> {
    let bytes = text.as_bytes();
    // Bytes first: all but C0 are multi-byte, and C0 is below 0x20. Blocks
    // of 64 bytes are ruled out with no branch per byte (so the compiler
    // vectorises it: a branch per byte was 2% of `check`), and only a
    // block with a suspect byte is looked at byte by byte.
    let suspect =
        |b: u8| (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') | (b == 0xc2) | (b == 0xef);
    let bad = |i: usize| match bytes[i] {
        b'\t' | b'\n' | b'\r' => false,
        0..=0x1f => true,
        0xc2 => matches!(bytes.get(i + 1), Some(0x80..=0x9f)),
        0xef => bytes.get(i + 1) == Some(&0xbf) && matches!(bytes.get(i + 2), Some(0xbe | 0xbf)),
        _ => false,
    };
    let at = bytes
        .chunks(64)
        .enumerate()
        .filter(|(_, block)| block.iter().fold(false, |any, &b| any | suspect(b)))
        .find_map(|(n, block)| (n * 64..n * 64 + block.len()).find(|&i| bad(i)))?;
    let before = &text[..at];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
    let c = text[at..].chars().next().unwrap_or('\0');
    Some(
        Diagnostic::error(
            file,
            Pos::new(line, column),
            "control-character",
            format!(
                "the file holds the invisible character U+{:04X}, which no text of the handbook can use",
                c as u32
            ),
        )
        .with_help("delete it (it often comes with text pasted from a PDF or a terminal): feeds and terminals cannot show it, and YAML ends the front matter at a NUL"),
    )
}

/// Whether `name` (lower case) is one Windows keeps for a device, which no
/// file or folder may have there, with any extension: `con`, `nul`,
/// `com1`, … A page's folder of that name could not be written by the
/// Windows build, nor a file checked out.
pub fn is_device_name(name: &str) -> bool {
    let stem = name.split('.').next().unwrap_or(name);
    matches!(stem, "con" | "prn" | "aux" | "nul")
        || ((stem.starts_with("com") || stem.starts_with("lpt"))
            && stem.len() == 4
            && matches!(stem.as_bytes()[3], b'1'..=b'9'))
}

/// Whether `id` uses only `a–z`, `0–9` and `-`, and is not empty.
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && id
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Makes a valid id from a title: `Åtgärder för hållbarhet` →
/// `atgarder-for-hallbarhet`.
pub fn slugify(title: &str) -> String {
    let mut out = String::new();
    for c in title.to_lowercase().chars() {
        let mapped: &str = match c {
            'å' | 'ä' | 'á' | 'à' | 'â' | 'ã' => "a",
            'ö' | 'ø' | 'ó' | 'ò' | 'ô' | 'õ' => "o",
            'æ' => "ae",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'ü' | 'ú' | 'ù' | 'û' => "u",
            'í' | 'ì' | 'î' | 'ï' => "i",
            'ß' => "ss",
            'ç' => "c",
            'ñ' => "n",
            c if c.is_ascii_alphanumeric() => {
                out.push(c);
                continue;
            }
            _ => "-",
        };
        out.push_str(mapped);
    }
    let mut slug = String::new();
    for part in out.split('-').filter(|p| !p.is_empty()) {
        if !slug.is_empty() {
            slug.push('-');
        }
        slug.push_str(part);
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_folds_nordic_letters() {
        assert_eq!(
            slugify("Åtgärder för hållbarhet"),
            "atgarder-for-hallbarhet"
        );
        assert_eq!(slugify("Øvre Eiker – kommune!"), "ovre-eiker-kommune");
        assert_eq!(
            slugify("Maritime CleanTech West"),
            "maritime-cleantech-west"
        );
    }

    #[test]
    fn a_stamp_settles_after_a_while() {
        let dir = tempfile::tempdir().unwrap();
        let abs = dir.path().join("x.md");
        std::fs::write(&abs, "x").unwrap();
        let found = FoundMarkdown {
            path: "content/cases/x.md".into(),
            kind: Kind::Case,
            abs,
        };
        let stamp = found.stamp().unwrap();
        assert_eq!(found.stamp(), Some(stamp));
        assert!(!stamp.is_settled(SystemTime::now()));
        assert!(stamp.is_settled(SystemTime::now() + SETTLED * 2));
    }

    #[test]
    fn ids_are_checked() {
        assert!(is_valid_id("processit-2"));
        assert!(!is_valid_id("ProcessIT"));
        assert!(!is_valid_id("hållbarhet"));
        assert!(!is_valid_id(""));
        assert!(is_device_name("con") && is_device_name("com1") && is_device_name("lpt9"));
        assert!(!is_device_name("console") && !is_device_name("com10") && !is_device_name("com"));
    }
}
