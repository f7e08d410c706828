//! Problems found in a handbook, and how they are shown to people and tools.
//!
//! Every stage of the pipeline reports what is wrong with the content as a
//! [`Diagnostic`]: a file, a line and column, a severity, a stable code, a
//! message and an optional hint. A run collects all of them in a
//! [`Diagnostics`] list, sorts it, and prints it in one of three formats
//! (human, JSON, GitHub annotations). Nothing here panics on odd input.

use serde::Serialize;
use std::fmt::Write as _;
use std::path::Path;

/// How bad a problem is: errors fail a build, warnings only with `--strict`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The build cannot produce a correct site.
    Error,
    /// The site builds, but an editor should look.
    Warning,
}

impl Severity {
    fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// A line and column in a file, both counted from 1 (columns in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Default, Serialize)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
}

impl Pos {
    /// A position at `line`, `column` (both from 1).
    pub fn new(line: usize, column: usize) -> Self {
        Pos { line, column }
    }

    /// The first character of a file.
    pub fn start() -> Self {
        Pos::new(1, 1)
    }
}

/// One problem at one place, as editors and tools see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Path relative to the handbook root, with `/` separators.
    pub file: String,
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub column: usize,
    /// Error or warning.
    pub severity: Severity,
    /// A stable identifier of the kind of problem (see the README).
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// How it can likely be fixed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
    /// How many characters the underline in the human format covers.
    #[serde(skip)]
    pub width: usize,
}

impl Diagnostic {
    /// An error with `code` at `pos` of `file`.
    pub fn error(
        file: impl Into<String>,
        pos: Pos,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            file: file.into(),
            line: pos.line.max(1),
            column: pos.column.max(1),
            severity: Severity::Error,
            code,
            message: message.into(),
            help: None,
            width: 1,
        }
    }

    /// A warning with `code` at `pos` of `file`.
    pub fn warning(
        file: impl Into<String>,
        pos: Pos,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, pos, code, message)
        }
    }

    /// The same problem with a hint.
    pub fn with_help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// The same problem with an optional hint.
    pub fn with_optional_help(mut self, help: Option<String>) -> Self {
        self.help = help;
        self
    }

    /// The same problem, underlining `width` characters in the human format.
    pub fn with_width(mut self, width: usize) -> Self {
        self.width = width.max(1);
        self
    }

    fn sort_key(&self) -> (&str, usize, usize, Severity, &str, &str) {
        (
            &self.file,
            self.line,
            self.column,
            self.severity,
            self.code,
            &self.message,
        )
    }
}

/// All problems of a run, in the order they are shown: by file, line, column.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one problem.
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    /// Adds many problems.
    pub fn extend(&mut self, ds: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(ds);
    }

    /// The problems, sorted and without exact duplicates.
    pub fn sorted(mut self) -> Self {
        self.items.sort_by(|a, b| a.sort_key().cmp(&b.sort_key()));
        self.items.dedup();
        self
    }

    /// The problems as a slice.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// How many errors there are.
    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    /// How many warnings there are.
    pub fn warning_count(&self) -> usize {
        self.count(Severity::Warning)
    }

    fn count(&self, s: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == s).count()
    }

    /// Whether the run failed: any error, or any warning when `strict`.
    pub fn fails(&self, strict: bool) -> bool {
        self.error_count() > 0 || (strict && self.warning_count() > 0)
    }

    /// True when there are no problems at all.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// For people: `file:line:col: error: message [code]`, the source line
    /// with the column underlined, and a `help:` line.
    #[default]
    Human,
    /// One JSON object per problem and line, for tools.
    Json,
    /// GitHub Actions workflow commands, which annotate a pull request.
    Github,
}

/// Formats `diags` for output; `root` is where files are read to show the
/// source line in the human format (a file that cannot be read shows none).
pub fn format(diags: &Diagnostics, fmt: Format, root: &Path) -> String {
    let mut out = String::new();
    match fmt {
        Format::Human => {
            let handbook = crate::paths::HandbookRoot::new(root);
            let mut cache: Option<(String, Vec<String>)> = None;
            for d in diags.items() {
                let _ = writeln!(
                    out,
                    "{}:{}:{}: {}: {} [{}]",
                    d.file,
                    d.line,
                    d.column,
                    d.severity.label(),
                    d.message,
                    d.code
                );
                if cache.as_ref().map(|c| c.0.as_str()) != Some(d.file.as_str()) {
                    // Only a file the handbook may read is shown: never
                    // the target of a link that leaves the root.
                    let lines = handbook
                        .read(&d.file)
                        .map(|b| {
                            String::from_utf8_lossy(&b)
                                .lines()
                                .map(str::to_string)
                                .collect()
                        })
                        .unwrap_or_default();
                    cache = Some((d.file.clone(), lines));
                }
                let lines = &cache.as_ref().expect("cache was just filled").1;
                if let Some(src) = lines.get(d.line - 1) {
                    let num = d.line.to_string();
                    let pad = " ".repeat(num.len());
                    let shown: String = src.replace('\t', " ");
                    let _ = writeln!(out, " {num} | {shown}");
                    let _ = writeln!(
                        out,
                        " {pad} | {}{}",
                        " ".repeat(d.column - 1),
                        "^".repeat(d.width)
                    );
                }
                if let Some(h) = &d.help {
                    let _ = writeln!(out, "  help: {h}");
                }
                out.push('\n');
            }
            let (e, w) = (diags.error_count(), diags.warning_count());
            if e + w > 0 {
                let _ = writeln!(out, "{}, {}", plural(e, "error"), plural(w, "warning"));
            }
        }
        Format::Json => {
            for d in diags.items() {
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::to_string(d).expect("a diagnostic always serialises")
                );
            }
        }
        Format::Github => {
            for d in diags.items() {
                let mut msg = format!("{} [{}]", d.message, d.code);
                if let Some(h) = &d.help {
                    msg.push_str("\nhelp: ");
                    msg.push_str(h);
                }
                let _ = writeln!(
                    out,
                    "::{} file={},line={},col={},title={}::{}",
                    d.severity.label(),
                    escape_property(&d.file),
                    d.line,
                    d.column,
                    escape_property(d.code),
                    escape_data(&msg)
                );
            }
        }
    }
    out
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// Escapes a message for a GitHub workflow command (as `@actions/core` does).
fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escapes a property value for a GitHub workflow command.
fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

/// The closest of `candidates` to `word`, if one is close enough to be a
/// likely typo; used for "did you mean" hints.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // Typos per length: one in a short word, up to three in a long one;
    // a swap of two letters counts as one.
    let limit = match word.chars().count() {
        0..=3 => 1,
        4..=7 => 2,
        _ => 3,
    };
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(word, c), c))
        .filter(|(d, _)| *d > 0 && *d <= limit)
        .min()
        .map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_by_file_then_position() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("b.md", Pos::new(1, 1), "x", "b"));
        ds.push(Diagnostic::error("a.md", Pos::new(9, 2), "x", "a9"));
        ds.push(Diagnostic::error("a.md", Pos::new(2, 5), "x", "a2"));
        let ds = ds.sorted();
        let msgs: Vec<_> = ds.items().iter().map(|d| d.message.as_str()).collect();
        assert_eq!(msgs, ["a2", "a9", "b"]);
    }

    #[test]
    fn did_you_mean_finds_close_words_only() {
        let ids = ["pilot", "initiering", "etablering"];
        assert_eq!(did_you_mean("pilto", ids), Some("pilot"));
        assert_eq!(did_you_mean("etablerng", ids), Some("etablering"));
        assert_eq!(did_you_mean("zebra", ids), None);
        assert_eq!(
            did_you_mean("pilot", ids),
            None,
            "an exact match is no typo"
        );
    }

    #[test]
    fn github_format_escapes_newlines_and_commas() {
        let mut ds = Diagnostics::new();
        ds.push(
            Diagnostic::error("c,d.md", Pos::new(3, 4), "broken-link", "bad: x").with_help("try y"),
        );
        let out = format(&ds, Format::Github, Path::new("/nonexistent"));
        assert_eq!(
            out,
            "::error file=c%2Cd.md,line=3,col=4,title=broken-link::bad: x [broken-link]%0Ahelp: try y\n"
        );
    }

    #[test]
    fn human_format_without_source_file_still_reports() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::warning("x.md", Pos::new(1, 1), "c", "m").with_help("h"));
        let out = format(&ds, Format::Human, Path::new("/nonexistent"));
        assert_eq!(
            out,
            "x.md:1:1: warning: m [c]\n  help: h\n\n0 errors, 1 warning\n"
        );
    }
}
