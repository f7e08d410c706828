//! Front matter: splitting a Markdown file into its YAML block and body, and
//! reading YAML into typed structs without losing where each value stood.
//!
//! In: the text of a file. Out: a [`FrontMatter`] (the parsed YAML tree with
//! the line offset of the block in its file) and the body with the line it
//! starts on. Every position handed out is a position in the *file*, so a
//! later stage can point an editor at the exact line to change.
//!
//! This module and [`crate::config`] are the only users of the YAML crate.

use crate::diagnostics::{Diagnostic, Pos, did_you_mean};
use marked_yaml::{LoaderOptions, Node};
use serde::de::DeserializeOwned;

/// A value read from YAML, with the position it was read from.
pub use marked_yaml::Spanned;

/// A Markdown file cut in two: front matter and body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split<'a> {
    /// The YAML text between the `---` lines.
    pub yaml: &'a str,
    /// The line of the file on which the YAML text starts.
    pub yaml_line: usize,
    /// The Markdown after the closing `---` line.
    pub body: &'a str,
    /// The line of the file on which the body starts.
    pub body_line: usize,
}

/// Cuts `text` into front matter and body. The file must start with a line
/// `---` and the block ends at the next line that is `---` (or `...`).
pub fn split<'a>(file: &str, text: &'a str) -> Result<Split<'a>, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or("");
    if first.trim_end() != "---" {
        return Err(Diagnostic::error(
            file,
            Pos::start(),
            "missing-front-matter",
            "expected the file to start with a front matter block (`---`)",
        )
        .with_help("begin the file with a line `---`, the YAML fields (at least `title:`), and another `---` line"));
    }
    let yaml_start = first.len();
    let mut offset = yaml_start;
    for (line_no, line) in (2..).zip(lines) {
        let trimmed = line.trim_end();
        if trimmed == "---" || trimmed == "..." {
            return Ok(Split {
                yaml: &text[yaml_start..offset],
                yaml_line: 2,
                body: &text[offset + line.len()..],
                body_line: line_no + 1,
            });
        }
        offset += line.len();
    }
    Err(Diagnostic::error(
        file,
        Pos::start(),
        "unclosed-front-matter",
        "the front matter block that starts here is never closed",
    )
    .with_help("add a line `---` after the last YAML field, before the Markdown text"))
}

/// A parsed YAML block, remembering where in its file it starts.
#[derive(Debug, Clone)]
pub struct FrontMatter {
    file: String,
    node: Node,
    line_offset: usize,
}

impl FrontMatter {
    /// Parses `yaml`, which starts on line `first_line` of `file`. The top
    /// level must be a mapping; an empty block is an empty mapping.
    pub fn parse(file: &str, yaml: &str, first_line: usize) -> Result<Self, Diagnostic> {
        let line_offset = first_line.saturating_sub(1);
        let node = if yaml.trim().is_empty() {
            Node::Mapping(marked_yaml::types::MarkedMappingNode::new_empty(
                marked_yaml::Span::new_blank(),
            ))
        } else {
            let options = LoaderOptions::default().error_on_duplicate_keys(true);
            marked_yaml::parse_yaml_with_options(0, yaml, options)
                .map_err(|e| load_error(file, line_offset, e))?
        };
        Ok(FrontMatter {
            file: file.to_string(),
            node,
            line_offset,
        })
    }

    /// The field names at the top level with their positions, in file order.
    pub fn keys(&self) -> Vec<(String, Pos)> {
        match self.node.as_mapping() {
            Some(map) => map
                .keys()
                .map(|k| (k.as_str().to_string(), self.span_pos(k.span())))
                .collect(),
            None => Vec::new(),
        }
    }

    /// The position of the first character of the block (for problems that
    /// belong to the block as a whole, such as a missing field).
    pub fn start(&self) -> Pos {
        Pos::new(self.line_offset.max(1), 1)
    }

    /// Reports every top-level field not in `known` as an `unknown-field`
    /// error, with a "did you mean" from `known`.
    pub fn unknown_fields(&self, what: &str, known: &[&str]) -> Vec<Diagnostic> {
        self.keys()
            .into_iter()
            .filter(|(k, _)| !known.contains(&k.as_str()))
            .map(|(k, pos)| {
                let help = match did_you_mean(&k, known.iter().copied()) {
                    Some(m) => format!("did you mean `{m}`?"),
                    None => format!("the fields of a {what} are: {}", known.join(", ")),
                };
                Diagnostic::error(
                    &self.file,
                    pos,
                    "unknown-field",
                    format!("unknown field `{k}` for a {what}"),
                )
                .with_help(help)
                .with_width(k.chars().count())
            })
            .collect()
    }

    /// Reads the block into `T`. A value of the wrong type is reported at
    /// its own position, naming the field.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        marked_yaml::from_node(&self.node).map_err(|e| {
            let pos = e
                .start_mark()
                .map(|m| self.marker_pos(&m))
                .unwrap_or_else(|| self.start());
            let field = e.path().unwrap_or("").to_string();
            let (inner, help) = describe_serde_error(&e.to_string(), &field);
            let message = if field.is_empty() || field == "." {
                inner
            } else {
                format!("field `{field}`: {inner}")
            };
            Diagnostic::error(&self.file, pos, "invalid-value", message).with_optional_help(help)
        })
    }

    /// The file position of a value read through [`Spanned`].
    pub fn pos<T>(&self, value: &Spanned<T>) -> Pos {
        self.span_pos(value.span())
    }

    fn span_pos(&self, span: &marked_yaml::Span) -> Pos {
        span.start()
            .map(|m| self.marker_pos(m))
            .unwrap_or_else(|| self.start())
    }

    fn marker_pos(&self, m: &marked_yaml::Marker) -> Pos {
        Pos::new(m.line() + self.line_offset, m.column())
    }

    /// The file this block belongs to.
    pub fn file(&self) -> &str {
        &self.file
    }
}

/// Turns serde's wording (`invalid type: string "x", expected a sequence`)
/// into what an editor can act on, with a hint for the expected type.
fn describe_serde_error(msg: &str, path: &str) -> (String, Option<String>) {
    let msg = msg.strip_prefix(&format!("{path}: ")).unwrap_or(msg);
    let (message, expected) = if let Some(rest) = msg.strip_prefix("invalid type: ") {
        match rest.rsplit_once(", expected ") {
            Some((found, expected)) => (
                format!(
                    "expected {}, found {}",
                    plain_type(expected),
                    plain_type(found)
                ),
                expected.to_string(),
            ),
            None => (rest.to_string(), String::new()),
        }
    } else if msg.contains("invalid digit") || msg.contains("number too large") {
        ("expected a whole number".to_string(), "i64".to_string())
    } else if msg.contains("not a boolean") {
        (
            "expected `true` or `false`".to_string(),
            "a boolean".to_string(),
        )
    } else {
        (msg.to_string(), String::new())
    };
    let help = if expected.contains("sequence") {
        Some("write a list: `[a, b]`, or one `- item` per line".to_string())
    } else if expected.contains("i64")
        || expected.contains("integer")
        || expected.contains("number")
    {
        Some("write a whole number, e.g. `2`".to_string())
    } else if expected.contains("string") {
        Some(
            "write text; quote it if it contains `: ` or starts with a special character"
                .to_string(),
        )
    } else if expected.contains("struct") || expected.contains("map") {
        Some("write `field: value` lines indented under the field".to_string())
    } else if expected.contains("bool") {
        Some("write `true` or `false`".to_string())
    } else {
        None
    };
    (message, help)
}

/// Serde's names for types, as an editor would say them.
fn plain_type(t: &str) -> String {
    let t = t.trim();
    if t.starts_with("a sequence") || t == "sequence" {
        "a list".to_string()
    } else if let Some(v) = t.strip_prefix("string ") {
        format!("the text {v}")
    } else if t.starts_with("a string") {
        "text".to_string()
    } else if t.starts_with("map") || t.starts_with("struct") || t.starts_with("a map") {
        "a set of fields".to_string()
    } else if t.starts_with("i64") || t.starts_with("u64") || t.contains("integer") {
        "a whole number".to_string()
    } else {
        t.to_string()
    }
}

fn load_error(file: &str, line_offset: usize, e: marked_yaml::LoadError) -> Diagnostic {
    use marked_yaml::LoadError as E;
    let at = |m: &marked_yaml::Marker| Pos::new(m.line() + line_offset, m.column());
    match e {
        E::TopLevelMustBeMapping(m) => Diagnostic::error(
            file,
            at(&m),
            "invalid-yaml",
            "expected the front matter to be a list of `field: value` lines",
        )
        .with_help("write one `field: value` per line, e.g. `title: Pilot`"),
        E::DuplicateKey(inner) => {
            let first = inner
                .prev_key
                .span()
                .start()
                .map(|m| at(m).line)
                .unwrap_or(0);
            let pos = inner
                .key
                .span()
                .start()
                .map(&at)
                .unwrap_or(Pos::new(line_offset + 1, 1));
            Diagnostic::error(
                file,
                pos,
                "duplicate-field",
                format!(
                    "field `{}` is given twice (first on line {first})",
                    inner.key.as_str()
                ),
            )
            .with_help("keep one of the two lines")
        }
        E::ScanError(m, err) => {
            let text = err.to_string();
            // The scanner appends its own position; ours is the file's.
            let text = text.split(" at byte ").next().unwrap_or(&text).to_string();
            let text = text.split(" at line ").next().unwrap_or(&text).to_string();
            Diagnostic::error(file, at(&m), "invalid-yaml", format!("invalid YAML: {text}"))
                .with_help("look for a `[`, `{` or quote left open on this line or the one before; quote values that contain `: ` or `#`, or start with `*`, `&`, `!`, `>`, `|` or `@`")
        }
        E::UnexpectedAnchor(m) | E::UnexpectedTag(m) | E::MappingKeyMustBeScalar(m) => {
            Diagnostic::error(
                file,
                at(&m),
                "invalid-yaml",
                "unsupported YAML here: anchors, tags and complex keys are not supported",
            )
            .with_help("front matter takes plain `field: value` lines, lists and simple mappings")
        }
        other => Diagnostic::error(
            file,
            Pos::new(line_offset + 1, 1),
            "invalid-yaml",
            format!("invalid YAML: {other}"),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("a.md", "---\ntitle: A\nx: 1\n---\n# Body\n").unwrap();
        assert_eq!(s.yaml, "title: A\nx: 1\n");
        assert_eq!(s.yaml_line, 2);
        assert_eq!(s.body, "# Body\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn missing_and_unclosed_blocks_are_errors() {
        let e = split("a.md", "# no front matter\n").unwrap_err();
        assert_eq!(e.code, "missing-front-matter");
        let e = split("a.md", "---\ntitle: A\n").unwrap_err();
        assert_eq!(e.code, "unclosed-front-matter");
    }

    #[derive(Deserialize, Debug)]
    struct T {
        title: Spanned<String>,
        order: Option<i64>,
    }

    #[test]
    fn positions_are_file_positions() {
        let fm = FrontMatter::parse("a.md", "title: Pilot\norder: 2\n", 2).unwrap();
        let t: T = fm.deserialize().unwrap();
        assert_eq!(fm.pos(&t.title), Pos::new(2, 8));
        assert_eq!(t.order, Some(2));
    }

    #[test]
    fn wrong_type_names_field_and_line() {
        let fm = FrontMatter::parse("a.md", "title: Pilot\norder: two\n", 2).unwrap();
        let e = fm.deserialize::<T>().unwrap_err();
        assert_eq!((e.line, e.column), (3, 8));
        assert_eq!(e.code, "invalid-value");
        assert!(e.message.starts_with("field `order`"), "{}", e.message);
    }

    #[test]
    fn unknown_fields_get_did_you_mean() {
        let fm = FrontMatter::parse("a.md", "title: A\nsumary: x\n", 2).unwrap();
        let ds = fm.unknown_fields("case", &["title", "summary"]);
        assert_eq!(ds.len(), 1);
        assert_eq!((ds[0].line, ds[0].column), (3, 1));
        assert_eq!(ds[0].help.as_deref(), Some("did you mean `summary`?"));
    }

    #[test]
    fn yaml_syntax_error_keeps_file_line() {
        let e = FrontMatter::parse("a.md", "title: A\nsummary: [unclosed\n", 2).unwrap_err();
        assert_eq!(e.code, "invalid-yaml");
        assert!(
            e.line >= 3,
            "line {} should be in the file, not the block",
            e.line
        );
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = FrontMatter::parse("a.md", "title: A\ntitle: B\n", 2).unwrap_err();
        assert_eq!(e.code, "duplicate-field");
        assert_eq!(e.line, 3);
    }
}
