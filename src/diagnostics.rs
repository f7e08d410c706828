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

    /// Only the problems of `files` (paths as in [`Diagnostic::file`]); a
    /// path that ends with `/` names a folder, every file in it, and the
    /// empty path the whole handbook.
    pub fn only_files(&self, files: &[String]) -> Diagnostics {
        let named = |file: &str| {
            files.iter().any(|f| {
                f == file || ((f.is_empty() || f.ends_with('/')) && file.starts_with(f.as_str()))
            })
        };
        Diagnostics {
            items: self
                .items
                .iter()
                .filter(|d| named(&d.file))
                .cloned()
                .collect(),
        }
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

/// How [`format_with`] prints: in colour or not, and the run's outcome.
#[derive(Debug, Clone, Copy, Default)]
pub struct Style<'a> {
    /// ANSI colours in the human format (for a terminal; see `anstream`).
    pub color: bool,
    /// What the run concluded (`check passed`), put before the counts on
    /// the summary line.
    pub outcome: Option<&'a str>,
    /// Whether to end with the summary line.
    pub summary: bool,
}

/// Formats `diags` for output, plain, ending with the summary line; `root`
/// is where files are read to show the source line in the human format (a
/// file that cannot be read shows none).
pub fn format(diags: &Diagnostics, fmt: Format, root: &Path) -> String {
    let style = Style {
        summary: true,
        ..Style::default()
    };
    format_with(diags, fmt, root, style)
}

/// Formats `diags` for output as `style` asks: every problem, then one
/// summary line in every format (human: `check failed: 2 errors, 1
/// warning`; JSON: an object with `summary`, `errors` and `warnings`;
/// GitHub: a `::notice`).
pub fn format_with(diags: &Diagnostics, fmt: Format, root: &Path, style: Style<'_>) -> String {
    let mut out = String::new();
    let (e, w) = (diags.error_count(), diags.warning_count());
    let counts = format!("{}, {}", plural(e, "error"), plural(w, "warning"));
    let summary = match style.outcome {
        Some(o) => format!("{o}: {counts}"),
        None => counts,
    };
    match fmt {
        Format::Human => {
            let paint = Paint { on: style.color };
            let mut files = SourceCache::default();
            for d in diags.items() {
                let (label, tone) = match d.severity {
                    Severity::Error => ("error", ERROR),
                    Severity::Warning => ("warning", WARNING),
                };
                let _ = writeln!(
                    out,
                    "{}: {}: {} [{}]",
                    // A file's name is content too (an ESC in it once set
                    // the terminal's title).
                    paint.it(
                        BOLD,
                        &format!("{}:{}:{}", visible(&d.file), d.line, d.column)
                    ),
                    paint.it(tone, label),
                    paint.it(BOLD, &bounded(&visible(&d.message))),
                    d.code
                );
                if let Some(src) = files.line(root, &d.file, d.line) {
                    let ex = excerpt(src, d.column, d.width);
                    let num = d.line.to_string();
                    let pad = " ".repeat(num.len());
                    let bar = paint.it(GUTTER, "|");
                    let _ = writeln!(out, " {} {bar} {}", paint.it(GUTTER, &num), ex.text);
                    let _ = writeln!(
                        out,
                        " {pad} {bar} {}{}",
                        " ".repeat(ex.caret),
                        paint.it(tone, &"^".repeat(ex.width))
                    );
                }
                if let Some(h) = &d.help {
                    let _ = writeln!(
                        out,
                        "  {} {}",
                        paint.it(HELP, "help:"),
                        bounded(&visible(h))
                    );
                }
                out.push('\n');
            }
            let tone = if e > 0 {
                ERROR
            } else if w > 0 {
                WARNING
            } else {
                PASSED
            };
            if style.summary {
                let _ = writeln!(out, "{}", paint.it(tone, &summary));
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
            if style.summary {
                let _ = writeln!(
                    out,
                    "{}",
                    serde_json::json!({"summary": summary, "errors": e, "warnings": w})
                );
            }
        }
        Format::Github => {
            for d in diags.items() {
                let mut msg = format!("{} [{}]", bounded(&visible(&d.message)), d.code);
                if let Some(h) = &d.help {
                    msg.push_str("\nhelp: ");
                    msg.push_str(&bounded(&visible(h)));
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
            if style.summary {
                let _ = writeln!(out, "::notice title=clusterbook::{}", escape_data(&summary));
            }
        }
    }
    out
}

const BOLD: anstyle::Style = anstyle::Style::new().bold();
const ERROR: anstyle::Style = anstyle::AnsiColor::Red.on_default().bold();
const WARNING: anstyle::Style = anstyle::AnsiColor::Yellow.on_default().bold();
const HELP: anstyle::Style = anstyle::AnsiColor::Cyan.on_default().bold();
const GUTTER: anstyle::Style = anstyle::AnsiColor::Blue.on_default().bold();
const PASSED: anstyle::Style = anstyle::AnsiColor::Green.on_default().bold();

/// Colours text when on.
struct Paint {
    on: bool,
}

impl Paint {
    fn it(&self, style: anstyle::Style, text: &str) -> String {
        if self.on {
            format!("{}{text}{}", style.render(), style.render_reset())
        } else {
            text.to_string()
        }
    }
}

/// The lines of the file last shown, and the characters of the line last
/// shown, so that many problems on one long line cost little each.
#[derive(Default)]
struct SourceCache {
    file: Option<(String, Vec<String>)>,
    line: Option<(String, usize, Line)>,
}

/// A source line as characters, with the terminal columns of each.
struct Line {
    chars: Vec<char>,
    widths: Vec<usize>,
    total: usize,
}

impl Line {
    fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let widths: Vec<usize> = chars.iter().map(|&c| shown(c).1).collect();
        let total = widths.iter().sum();
        Line {
            chars,
            widths,
            total,
        }
    }
}

impl SourceCache {
    fn line(&mut self, root: &Path, file: &str, line: usize) -> Option<&Line> {
        let cached = |c: &Option<(String, usize, Line)>| {
            c.as_ref().is_some_and(|(f, l, _)| f == file && *l == line)
        };
        if !cached(&self.line) {
            if self.file.as_ref().map(|c| c.0.as_str()) != Some(file) {
                // Only a file the handbook may read is shown: never the
                // target of a link that leaves the root (see `paths`).
                let lines = crate::paths::HandbookRoot::new(root)
                    .read(file)
                    .map(|b| {
                        String::from_utf8_lossy(&b)
                            .lines()
                            .map(str::to_string)
                            .collect()
                    })
                    .unwrap_or_default();
                self.file = Some((file.to_string(), lines));
            }
            let text = self.file.as_ref()?.1.get(line.checked_sub(1)?)?;
            self.line = Some((file.to_string(), line, Line::new(text)));
        }
        self.line.as_ref().map(|(_, _, l)| l)
    }
}

/// The widest excerpt of a source line shown, in terminal columns.
const EXCERPT_WIDTH: usize = 100;
/// How much of a long line is shown before the column.
const EXCERPT_BEFORE: usize = 40;

/// A source line as shown: visible, bounded, with where the caret goes.
#[derive(Debug, PartialEq, Eq)]
struct Excerpt {
    text: String,
    /// Terminal columns before the caret.
    caret: usize,
    /// How many carets.
    width: usize,
}

/// How one character of a source line is shown: tabs as `→`, other
/// control characters as their Unicode pictures (`␛`) or `<U+202E>`, so
/// that nothing from the content reaches the terminal raw.
fn shown(c: char) -> (std::borrow::Cow<'static, str>, usize) {
    use std::borrow::Cow;
    use unicode_width::UnicodeWidthChar;
    match c {
        '\t' => (Cow::Borrowed("→"), 1),
        '\u{0}'..='\u{1f}' => (
            Cow::Owned(char::from_u32(0x2400 + c as u32).unwrap_or('?').to_string()),
            1,
        ),
        '\u{7f}' => (Cow::Borrowed("␡"), 1),
        c if is_invisible_control(c) => {
            let s = format!("<U+{:04X}>", c as u32);
            let n = s.len();
            (Cow::Owned(s), n)
        }
        c => (Cow::Owned(c.to_string()), c.width().unwrap_or(0)),
    }
}

/// C1 controls and the characters that reorder or hide text.
fn is_invisible_control(c: char) -> bool {
    matches!(c, '\u{80}'..='\u{9f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{feff}')
}

/// The part of `line` shown for a problem at `column` (from 1) underlining
/// `width` characters: the whole line when it fits in [`EXCERPT_WIDTH`],
/// else a window around the column with `…` where it is cut.
fn excerpt(src: &Line, column: usize, width: usize) -> Excerpt {
    let (line, widths) = (&src.chars, &src.widths);
    let at = (column.max(1) - 1).min(line.len());
    let end_mark = (at + width.max(1)).min(line.len());
    let (mut start, mut stop) = (0, line.len());
    if src.total > EXCERPT_WIDTH {
        let mut before = 0;
        start = at;
        while start > 0 && before + widths[start - 1] <= EXCERPT_BEFORE {
            start -= 1;
            before += widths[start];
        }
        let mut used = before;
        stop = at;
        while stop < line.len() && used + widths[stop] <= EXCERPT_WIDTH {
            used += widths[stop];
            stop += 1;
        }
    }
    let mut text = String::new();
    let mut caret = 0;
    if start > 0 {
        text.push('…');
        caret += 1;
    }
    for (i, &c) in line[start..stop].iter().enumerate() {
        text.push_str(&shown(c).0);
        if start + i < at {
            caret += widths[start + i];
        }
    }
    if stop < line.len() {
        text.push('…');
    }
    let from = at.min(stop);
    let underlined: usize = widths[from..end_mark.clamp(from, stop)].iter().sum();
    Excerpt {
        text,
        caret,
        width: underlined.max(1),
    }
}

/// A message or hint with control characters written as escapes (`\t`,
/// `\u{1b}`), so that text quoted from the content cannot move the cursor
/// or recolour the terminal.
fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() || is_invisible_control(c)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() || is_invisible_control(c) => {
                let _ = write!(out, "\\u{{{:x}}}", c as u32);
            }
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The longest message shown, in characters; longer ones (a message that
/// quotes a very long link) are cut with `…`.
const MESSAGE_LIMIT: usize = 300;

fn bounded(s: &str) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(MESSAGE_LIMIT) {
        None => std::borrow::Cow::Borrowed(s),
        Some((cut, _)) => std::borrow::Cow::Owned(format!("{}…", &s[..cut])),
    }
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
            "::error file=c%2Cd.md,line=3,col=4,title=broken-link::bad: x [broken-link]%0Ahelp: try y\n::notice title=clusterbook::1 error, 0 warnings\n"
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

    fn chars(s: &str) -> Line {
        Line::new(s)
    }

    #[test]
    fn a_tab_is_shown_as_an_arrow_with_the_caret_on_it() {
        let ex = excerpt(&chars("a:\tb"), 3, 1);
        assert_eq!(ex.text, "a:→b");
        assert_eq!((ex.caret, ex.width), (2, 1));
        let ex = excerpt(&chars("\tkey: v"), 1, 1);
        assert_eq!((ex.text.as_str(), ex.caret), ("→key: v", 0));
    }

    #[test]
    fn control_characters_never_reach_the_terminal_raw() {
        let ex = excerpt(&chars("x\u{1b}[31my\u{202e}z"), 8, 1);
        assert_eq!(ex.text, "x␛[31my<U+202E>z");
        assert_eq!(ex.caret, 7, "the caret is on the U+202E, after its escape");
        assert_eq!(ex.width, 8);
        assert_eq!(visible("a\u{1b}[2Jb\tc"), "a\\u{1b}[2Jb\\tc");
    }

    #[test]
    fn wide_characters_count_two_columns_and_marks_none() {
        let ex = excerpt(&chars("漢字 e\u{301}x"), 6, 1);
        assert_eq!(ex.caret, 6, "two wide letters, a space, e and its mark");
    }

    #[test]
    fn a_long_line_shows_a_bounded_window_around_the_column() {
        let line: String = (0..200_000)
            .map(|i| if i % 10 == 0 { '[' } else { 'a' })
            .collect();
        let ex = excerpt(&chars(&line), 100_001, 5);
        assert!(
            ex.text.starts_with('…') && ex.text.ends_with('…'),
            "{}",
            ex.text
        );
        assert_eq!(ex.text.chars().count(), EXCERPT_WIDTH + 2);
        assert_eq!(ex.caret, EXCERPT_BEFORE + 1);
        assert_eq!(ex.width, 5);
        let short = excerpt(&chars("kort"), 9, 3);
        assert_eq!(
            (short.text.as_str(), short.caret, short.width),
            ("kort", 4, 1)
        );
    }

    #[test]
    fn many_problems_on_one_long_line_print_little() {
        let tmp = tempfile::tempdir().unwrap();
        let line: String = "[x](saknas.md) ".repeat(14_000);
        std::fs::write(tmp.path().join("a.md"), &line).unwrap();
        let mut ds = Diagnostics::new();
        for i in 0..14_000 {
            ds.push(
                Diagnostic::error("a.md", Pos::new(1, i * 15 + 5), "broken-link", "gone")
                    .with_width(9),
            );
        }
        let out = format(&ds, Format::Human, tmp.path());
        assert!(out.len() < 14_000 * 300, "{} bytes", out.len());
    }

    #[test]
    fn every_format_ends_with_one_summary_line() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("x.md", Pos::new(1, 1), "c", "m"));
        let style = Style {
            color: false,
            outcome: Some("check failed"),
            summary: true,
        };
        let root = Path::new("/nonexistent");
        let last = |f| {
            format_with(&ds, f, root, style)
                .lines()
                .last()
                .unwrap()
                .to_string()
        };
        assert_eq!(last(Format::Human), "check failed: 1 error, 0 warnings");
        assert_eq!(
            last(Format::Json),
            r#"{"errors":1,"summary":"check failed: 1 error, 0 warnings","warnings":0}"#
        );
        assert_eq!(
            last(Format::Github),
            "::notice title=clusterbook::check failed: 1 error, 0 warnings"
        );
    }

    #[test]
    fn colour_only_when_asked() {
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("x.md", Pos::new(1, 1), "c", "m"));
        let root = Path::new("/nonexistent");
        let plain = format_with(&ds, Format::Human, root, Style::default());
        assert!(!plain.contains('\u{1b}'));
        let coloured = format_with(
            &ds,
            Format::Human,
            root,
            Style {
                color: true,
                outcome: None,
                summary: false,
            },
        );
        assert!(
            coloured.contains("\u{1b}[1m\u{1b}[31merror\u{1b}[0m"),
            "{coloured:?}"
        );
    }
}
