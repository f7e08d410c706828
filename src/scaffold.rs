//! The `new` command: a new entry file with its kind's front matter.
//!
//! In: the handbook root, a kind and a title. Out: the file
//! `content/<kind>s/<slug>.md`, written only if it does not exist, with
//! every field of the kind filled with a placeholder and a comment saying
//! what goes there (for `phases` and `roles`, the ids that exist). The file
//! builds as written, so an editor can preview it at once; its placeholder
//! texts are warnings (`placeholder`, see [`placeholders`]), so that
//! `check --strict` fails until each is replaced.

use crate::diagnostics::{Diagnostic, Pos};
use crate::model::Kind;
use crate::source::slugify;
use std::path::{Path, PathBuf};

/// Why a file was not scaffolded.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The title gives no usable id.
    #[error(
        "the title `{0}` has no letters a–z or digits to make a file name from; give a title in Latin letters (the file name is made from it) and change `title:` in the file afterwards"
    )]
    EmptySlug(String),
    /// `new --lang` with something that is not an entry's id.
    #[error(
        "`{0}` is not the id of an entry: an id is the file name without `.md` (`pilot` for content/phases/pilot.md), only a–z, 0–9 and `-`"
    )]
    BadId(String),
    /// `new --lang` for a language the handbook does not have, or its
    /// main language.
    #[error("`{0}` is not a language to translate into; the handbook's other languages are: {1}")]
    NotATranslationLanguage(String, String),
    /// `new --lang` for an entry whose main-language file is not there.
    #[error("there is no {0} to translate; create it first (`clusterbook new <kind> \"<title>\"`)")]
    NoSource(String),
    /// The file is there already.
    #[error("{0} already exists; not overwriting it")]
    Exists(PathBuf),
    /// The folder it goes in leads outside the handbook (a symbolic
    /// link): nothing is written through it.
    #[error("{0}; not writing through it")]
    Outside(String),
    /// The file could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        source: std::io::Error,
    },
}

/// Writes a new entry of `kind` titled `title` under `root`, returning its
/// path relative to the root.
pub fn new_entry(root: &Path, kind: Kind, title: &str) -> Result<String, ScaffoldError> {
    // A title is one line: a newline or tab typed into it is a space.
    let title = &title.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut slug = shortened(&slugify(title), MAX_FILE_STEM);
    if crate::source::is_device_name(&slug) {
        slug.push_str("-1");
    }
    if slug.is_empty() {
        return Err(ScaffoldError::EmptySlug(title.to_string()));
    }
    let rel = format!("content/{}/{slug}.md", kind.folder());
    let text = template(
        kind,
        title,
        &ids_in(root, Kind::Phase),
        &ids_in(root, Kind::Role),
        next_order(root, kind),
    );
    write_new(root, &rel, kind, &text)?;
    Ok(rel)
}

/// The longest file name `new` makes from a title, in bytes (before
/// `.md`): file systems allow 255, and a URL of a long title is no help.
const MAX_FILE_STEM: usize = 60;

/// `slug` cut to at most `max` bytes at a `-`, or within a word when its
/// first word is longer (a slug is ASCII).
fn shortened(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_string();
    }
    match slug[..=max].rfind('-') {
        Some(cut) if cut > 0 => slug[..cut].to_string(),
        _ => slug[..max].to_string(),
    }
}

/// The `order` a new entry of `kind` gets: a phase's is unique, and a
/// page's places it in the menu, so the new one comes after the others —
/// one more than the largest of the main-language entries under `root`,
/// read as `check` reads them (`1` when there are none; `99` when the
/// handbook's settings cannot be read, and for kinds without an order).
fn next_order(root: &Path, kind: Kind) -> i64 {
    let config = matches!(kind, Kind::Phase | Kind::Page)
        .then(|| crate::source::read_config_text(root).ok())
        .flatten()
        .and_then(|t| crate::config::parse_config(&t).ok());
    let Some(config) = config else {
        return 99;
    };
    let handbook = crate::paths::HandbookRoot::new(root);
    let largest = ids_in(root, kind)
        .into_iter()
        .filter_map(|id| {
            let path = format!("content/{}/{id}.md", kind.folder());
            let text = String::from_utf8(handbook.read(&path).ok()?).ok()?;
            let file = crate::source::SourceFile {
                path,
                kind,
                id,
                lang: None,
                text,
            };
            crate::model::parse_entry(&file, &config).0?.order()
        })
        .max()
        .unwrap_or(0);
    largest.saturating_add(1)
}

/// Writes `text` to the new file `rel` (in the folder of `kind`) under
/// `root`; refuses to overwrite a file or to write through a link out of
/// the handbook.
pub(crate) fn write_new(
    root: &Path,
    rel: &str,
    kind: Kind,
    text: &str,
) -> Result<(), ScaffoldError> {
    let path = root.join(rel);
    let io = |source| ScaffoldError::Io {
        path: path.clone(),
        source,
    };
    // Nothing is written through a link out of the handbook (see `paths`).
    let handbook = crate::paths::HandbookRoot::new(root);
    for folder in ["content".to_string(), format!("content/{}", kind.folder())] {
        match handbook.folder(&folder) {
            Err(crate::paths::Refusal::Io(_)) | Ok(_) => {}
            Err(r) => return Err(ScaffoldError::Outside(r.diagnostic(&folder).message)),
        }
    }
    std::fs::create_dir_all(path.parent().expect("has a folder")).map_err(io)?;
    let mut file = match std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
    {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            return Err(ScaffoldError::Exists(PathBuf::from(rel)));
        }
        Err(e) => return Err(io(e)),
    };
    std::io::Write::write_all(&mut file, text.as_bytes()).map_err(io)
}

/// The ids of the main-language files of `kind` under `root`, sorted.
fn ids_in(root: &Path, kind: Kind) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(root.join("content").join(kind.folder()))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let id = name.strip_suffix(".md")?;
            (!id.contains('.')).then(|| id.to_string())
        })
        .collect();
    ids.sort();
    ids
}

/// The texts [`template`] writes for an editor to replace, each with what
/// goes there instead.
const PLACEHOLDER_TEXTS: [(&str, &str); 7] = [
    (
        SUMMARY,
        "write one or two sentences about this entry; they are shown in lists and search results",
    ),
    (
        SOURCE_TITLE,
        "write the title of the document the facts come from (and its `pages`)",
    ),
    (DEFINITION, "write one sentence that explains the term"),
    (
        RESOURCE_SUMMARY,
        "write one or two sentences about the resource",
    ),
    (PAGE_SUMMARY, "write one or two sentences about the page"),
    (
        PERSON_SUMMARY,
        "write one sentence on who the person is in the sources",
    ),
    (BODY, "replace this paragraph with the entry's text"),
];

/// Finds any text of [`PLACEHOLDER_TEXTS`], or `""`, in one pass.
static PLACEHOLDER_SCAN: std::sync::LazyLock<aho_corasick::AhoCorasick> =
    std::sync::LazyLock::new(|| {
        let patterns = PLACEHOLDER_TEXTS.iter().map(|(p, _)| *p).chain(["\"\""]);
        aho_corasick::AhoCorasick::new(patterns).expect("fixed patterns")
    });

/// The fields [`template`] leaves as `""` for an editor to fill in.
const EMPTY_FIELDS: [&str; 8] = [
    "cluster",
    "organisation",
    "region",
    "period",
    "speaker",
    "affiliation",
    "event",
    "publisher",
];

const SUMMARY: &str = "En eller två meningar om innehållet.";
const SOURCE_TITLE: &str = "Källdokumentets titel";
const DEFINITION: &str = "En mening som förklarar begreppet.";
const RESOURCE_SUMMARY: &str = "En eller två meningar om resursen.";
const PAGE_SUMMARY: &str = "En eller två meningar om sidan.";
const PERSON_SUMMARY: &str = "En mening om vem personen är i källorna.";
pub(crate) const BODY: &str =
    "Skriv här. Länka andra poster med relativa länkar till deras Markdown-filer";

/// A `placeholder` warning for each text of [`template`] that is still in
/// the file `path` as `new` wrote it: a placeholder as a quoted value of the
/// front matter or as a paragraph of the body, or a field of
/// [`EMPTY_FIELDS`] left as `""`.
pub fn placeholders(path: &str, text: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    // Every warning below needs a placeholder text or an empty `""` in
    // the file: one scan of the whole text rules most files out (the
    // line-by-line search was 3% of `check` at 10,000 pages).
    if !PLACEHOLDER_SCAN.is_match(text) {
        return out;
    }
    let mut fences = 0;
    for (n, line) in text.lines().enumerate() {
        let pos = |byte: usize| Pos::new(n + 1, line[..byte].chars().count() + 1);
        if line.trim_end() == "---" {
            fences += 1;
        }
        for (placeholder, help) in PLACEHOLDER_TEXTS {
            // As `new` wrote it: a quoted value in the front matter, a
            // paragraph of its own in the body (not a quotation of it).
            let at = if fences == 1 {
                line.find(&format!("\"{placeholder}\"")).map(|at| at + 1)
            } else {
                line.starts_with(placeholder).then_some(0)
            };
            if let Some(at) = at {
                out.push(
                    Diagnostic::warning(
                        path,
                        pos(at),
                        "placeholder",
                        "this is a placeholder text written by `clusterbook new`",
                    )
                    .with_help(help)
                    .with_width(placeholder.chars().count()),
                );
            }
        }
        if fences != 1 {
            continue;
        }
        for field in EMPTY_FIELDS {
            let Some(rest) = line.strip_prefix(field).and_then(|r| r.strip_prefix(':')) else {
                continue;
            };
            if rest.trim_start().starts_with("\"\"") {
                let at = line.len() - rest.trim_start().len();
                out.push(
                    Diagnostic::warning(
                        path,
                        pos(at),
                        "placeholder",
                        format!("`{field}` is still empty, as `clusterbook new` wrote it"),
                    )
                    .with_help(format!(
                        "fill in `{field}`, or delete the line if the source does not say"
                    ))
                    .with_width(2),
                );
            }
        }
    }
    out
}

fn yaml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The text of a new entry; `order` is a phase's or page's.
pub fn template(
    kind: Kind,
    title: &str,
    phases: &[String],
    roles: &[String],
    order: i64,
) -> String {
    let phase_ids = if phases.is_empty() {
        "phase ids".to_string()
    } else {
        phases.join(", ")
    };
    let role_ids = if roles.is_empty() {
        "role ids".to_string()
    } else {
        roles.join(", ")
    };
    let mut fm = format!("---\ntitle: {}\n", yaml_string(title));
    let summary = format!("summary: \"{SUMMARY}\"  # shown in lists and search results\n");
    let common_tail = format!(
        "tags: []            # topics, e.g. [finansiering, internationalisering]\nsources:            # where the facts come from\n  - title: \"{SOURCE_TITLE}\"\n    pages: \"1\"\nrelated: []         # other entries to read next, e.g. [cases/processit]\n"
    );
    let kind_fields = match kind {
        Kind::Phase => format!(
            "{summary}order: {order:<3}          # position in the model; unique\nactivities: []      # what happens in the phase\nsupport: []         # process support it needs\nresults: []         # results that mark its end\nleadership: []      # process leadership it needs\nquestions: []       # key questions\n"
        ),
        Kind::Role => format!(
            "{summary}aliases: []         # other names: klusterledare, fasilitator, …\nphases: []          # where the role acts: {phase_ids}\nresponsibilities: []\n"
        ),
        Kind::Case => format!(
            "{summary}cluster: \"\"\nregion: \"\"\ncountry: \"SE\"        # ISO 3166 code: SE, NO, DK, RO, BG, …\nperiod: \"\"          # e.g. 2006–2013\nphases: []          # {phase_ids}\nroles: []           # {role_ids}\norganisations: []\nlessons: []\n"
        ),
        Kind::Talk => format!(
            "{summary}speaker: \"\"\naffiliation: \"\"\n# date: 2013-10-22  # YYYY-MM-DD or YYYY-MM, as precise as the source\nevent: \"\"\nphases: []          # {phase_ids}\nroles: []           # {role_ids}\nkey_points: []\n"
        ),
        Kind::Term => format!(
            "definition: \"{DEFINITION}\"\naliases: []         # other spellings and languages: klynge, cluster\nsee_also: []        # e.g. [terms/nce]\n"
        ),
        Kind::Resource => format!(
            "summary: \"{RESOURCE_SUMMARY}\"\n# url: https://…\ntype: report        # report, link, film, tool or presentation\n# year: 2010\npublisher: \"\"\nphases: []          # {phase_ids}\n"
        ),
        Kind::Page => {
            format!(
                "summary: \"{PAGE_SUMMARY}\"\norder: {order:<3}          # position in the menu\n"
            )
        }
        Kind::Person => format!(
            "summary: \"{PERSON_SUMMARY}\"\norganisation: \"\"\nroles: [contact]    # what they did in the sources: participant, inspirer, speaker, author, contact\nregion: \"\"\ncountry: \"SE\"        # ISO 3166 code: SE, NO, …\nexpertise: []       # fields of expertise, e.g. [klusterstrategi, finansiering]\n# url: https://…    # a public web address a source gives; never an e-mail address or phone number\n"
        ),
    };
    fm.push_str(&kind_fields);
    fm.push_str(&common_tail);
    fm.push_str(&format!(
        "---\n\n## Bakgrund\n\n{BODY}, t.ex. `[pilotfasen](../phases/pilot.md)`.\n"
    ));
    fm
}
