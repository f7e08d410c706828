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
            if let Some(at) = too_deep(yaml) {
                return Err(Diagnostic::error(
                    file,
                    Pos::new(at.0 + line_offset, at.1),
                    "invalid-yaml",
                    format!("the YAML is nested more than {MAX_DEPTH} levels deep here"),
                )
                .with_help("a field's value is a text, a list, or a list of `field: value` items: a few levels at most; look for `- ` repeated on one line"));
            }
            let options = LoaderOptions::default().error_on_duplicate_keys(true);
            marked_yaml::parse_yaml_with_options(0, yaml, options)
                .map_err(|e| load_error(file, yaml, line_offset, e))?
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

    /// Where the value of each top-level field starts (the `[` of
    /// `phases: []`), or its name when the value is empty: for problems
    /// found in a later stage about a field as a whole.
    pub fn value_positions(&self) -> Vec<(String, Pos)> {
        match self.node.as_mapping() {
            Some(map) => map
                .iter()
                .map(|(k, v)| {
                    let pos = match v.span().start() {
                        Some(m) => self.marker_pos(m),
                        None => self.span_pos(k.span()),
                    };
                    (k.as_str().to_string(), pos)
                })
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

/// The deepest nesting of lists and mappings a YAML block may have. The
/// parser is iterative, but the tree it makes is dropped, compared and
/// read recursively: block-style YAML 5,000 levels deep (`- - - …`, 10 KB)
/// overflowed the stack (flow style is limited by the parser itself).
const MAX_DEPTH: usize = 64;

/// Where (line, column, from 1) `yaml` nests deeper than [`MAX_DEPTH`],
/// found by the parser's events before any tree is made; `None` when it
/// does not, or when it does not parse (the loader then reports why).
fn too_deep(yaml: &str) -> Option<(usize, usize)> {
    if depth_bound(yaml) <= MAX_DEPTH {
        return None;
    }
    use yaml_rust2::parser::{Event, Parser};
    let mut parser = Parser::new_from_str(yaml);
    let mut depth = 0usize;
    loop {
        let (event, mark) = parser.next_token().ok()?;
        match event {
            Event::MappingStart(..) | Event::SequenceStart(..) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some((mark.line(), mark.col() + 1));
                }
            }
            Event::MappingEnd | Event::SequenceEnd => depth = depth.saturating_sub(1),
            Event::StreamEnd => return None,
            _ => {}
        }
    }
}

/// A bound on how deep `yaml` can nest, read from its text alone (so that
/// ordinary front matter is parsed once). A block collection nested in
/// another starts on a line indented further, or on the same line after a
/// `- `, `: ` or `? ` (at most one level per marker, and one more for a
/// list under a key at the key's indentation); a flow one at a `[` or `{`.
fn depth_bound(yaml: &str) -> usize {
    let mut indents = std::collections::BTreeSet::new();
    let mut markers = 0usize;
    let mut flow = 0usize;
    for line in yaml.lines() {
        let text = line.trim_start_matches(' ');
        if text.is_empty() {
            continue;
        }
        indents.insert(line.len() - text.len());
        let bytes = text.as_bytes();
        markers = markers.max(
            bytes
                .iter()
                .filter(|b| matches!(b, b'-' | b':' | b'?'))
                .count(),
        );
        flow += bytes.iter().filter(|b| matches!(b, b'[' | b'{')).count();
    }
    indents
        .len()
        .saturating_mul(markers + 1)
        .saturating_add(flow)
        .saturating_add(2)
}

fn load_error(file: &str, yaml: &str, line_offset: usize, e: marked_yaml::LoadError) -> Diagnostic {
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
            if let Some(mistake) = yaml_mistake(yaml, line_offset) {
                let pos = Pos::new(mistake.line, mistake.column);
                return Diagnostic::error(file, pos, "invalid-yaml", mistake.message)
                    .with_help(mistake.help)
                    .with_width(mistake.width);
            }
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

/// A mistake in YAML that the parser rejected, found again by looking at
/// the lines the way an editor wrote them, and said in an editor's words.
#[derive(Debug, Clone, PartialEq, Eq)]
struct YamlMistake {
    /// Line in the file, from 1.
    line: usize,
    /// Column in characters, from 1.
    column: usize,
    width: usize,
    message: String,
    help: String,
}

/// An indentation level of the lines read so far, and what starts there.
#[derive(Debug, Clone, Copy)]
struct Level {
    indent: usize,
    list: bool,
}

/// Looks for the first mistake of the kinds editors make (a tab, a stray
/// indentation, an unquoted `: `, a quote or bracket left open), line by
/// line; `None` when none is recognised, and the parser's own words are
/// used instead. Called only for a block the parser rejected; the block
/// starts after line `line_offset` of its file.
fn yaml_mistake(yaml: &str, line_offset: usize) -> Option<YamlMistake> {
    let lines: Vec<&str> = yaml.lines().collect();
    let significant = |l: &str| {
        let t = l.trim_start_matches([' ', '\t']);
        !t.is_empty() && !t.starts_with('#')
    };
    let indent_of = |l: &str| l.len() - l.trim_start_matches(' ').len();
    let mut levels: Vec<Level> = vec![Level {
        indent: 0,
        list: false,
    }];
    // The indentation a line after `key:` may open.
    let mut opens = false;
    let mut block_scalar: Option<usize> = None;
    for (i, line) in lines.iter().enumerate() {
        let n = i + 1 + line_offset;
        if !significant(line) {
            continue;
        }
        let indent = indent_of(line);
        if let Some(at) = block_scalar {
            if indent > at {
                continue;
            }
            block_scalar = None;
        }
        let lead = &line[..line.len() - line.trim_start_matches([' ', '\t']).len()];
        if let Some(tab) = lead.find('\t') {
            return Some(YamlMistake {
                line: n,
                column: tab + 1,
                width: 1,
                message: format!(
                    "YAML does not allow tabs for indentation; replace the tab at column {} with spaces",
                    tab + 1
                ),
                help: "indent with spaces only, two for each level; most editors can be set to insert spaces when Tab is pressed".to_string(),
            });
        }
        let content = &line[indent..];
        let top = *levels.last().expect("the top level is never popped");
        if opens && indent > top.indent {
            levels.push(Level {
                indent,
                list: content.starts_with('-'),
            });
        } else if !(opens && indent == top.indent && content.starts_with('-')) {
            let before = levels.clone();
            while levels.len() > 1 && levels.last().expect("not empty").indent > indent {
                levels.pop();
            }
            let here = *levels.last().expect("not empty");
            if here.indent != indent {
                return Some(indentation_mistake(n, indent, &before, content));
            }
        }
        if let Some(m) = key_mistake(
            n,
            line,
            indent,
            content,
            levels.last().is_some_and(|l| l.list),
        ) {
            return Some(m);
        }
        // What the line holds: `- item`, `key: value` or `key:`.
        let mut rest = content;
        let mut col = indent;
        while let Some(item) = rest
            .strip_prefix("- ")
            .or(if rest == "-" { Some("") } else { None })
        {
            let inner = item.len() - item.trim_start_matches(' ').len();
            col += 2 + inner;
            rest = &item[inner..];
            if key_value(rest).is_some() {
                levels.push(Level {
                    indent: col,
                    list: false,
                });
            }
        }
        let next_indent = lines[i + 1..]
            .iter()
            .find(|l| significant(l))
            .map(|l| indent_of(l));
        let continues = next_indent.is_some_and(|k| k > indent);
        let value = match key_value(rest) {
            Some((_, v)) => {
                let off = rest.len() - v.len();
                (v, col + off)
            }
            None => (rest, col),
        };
        let (v, vcol) = value;
        opens = v.is_empty() && key_value(rest).is_some();
        if v.starts_with('|') || v.starts_with('>') {
            block_scalar = Some(indent);
            continue;
        }
        if let Some(m) = value_mistake(n, line, v, vcol, continues, key_value(rest).map(|k| k.0)) {
            return Some(m);
        }
    }
    None
}

/// The mistake of a line that should be `key: value` (at a level of
/// fields) or `- item` (at a level of a list) and is not: the space after
/// `:` or `-` left out (`cluster:"ProcessIT"`, `-terms/forstudie`), or the
/// colon (`region "Asker"`). The scanner finds these only where the next
/// line starts, with a message of its own ("simple key expect ':'").
fn key_mistake(
    n: usize,
    line: &str,
    indent: usize,
    content: &str,
    in_list: bool,
) -> Option<YamlMistake> {
    let column = |byte: usize| line[..byte.min(line.len())].chars().count() + 1;
    if in_list {
        let item = content.strip_prefix('-')?;
        if item.is_empty() || item.starts_with([' ', '-']) {
            return None;
        }
        return Some(YamlMistake {
            line: n,
            column: column(indent + 1),
            width: 1,
            message: "a list item needs a space after its `-`".to_string(),
            help: format!("write `- {item}`"),
        });
    }
    if content.starts_with(['-', '#', '"', '\'', '[', '{', '?', '|', '>'])
        || key_value(content).is_some()
    {
        return None;
    }
    let name_len = content
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .unwrap_or(content.len());
    if name_len == 0 {
        return None;
    }
    let (name, after) = content.split_at(name_len);
    if let Some(value) = after.strip_prefix(':') {
        return Some(YamlMistake {
            line: n,
            column: column(indent + name_len + 1),
            width: 1,
            message: format!("a field needs a space after the `:` of `{name}:`"),
            help: format!("write `{name}: {value}`"),
        });
    }
    Some(YamlMistake {
        line: n,
        column: column(indent),
        width: name.chars().count(),
        message: format!("`{name}` has no `:` after it: a field is written `{name}: value`"),
        help: format!(
            "write `{name}:{}`",
            if after.starts_with(' ') {
                after.to_string()
            } else {
                format!(" {after}")
            }
        ),
    })
}

/// `key: value` (or `key:`) split at its colon, when `s` is one.
fn key_value(s: &str) -> Option<(&str, &str)> {
    if s.starts_with(['"', '\'', '[', '{']) {
        return None;
    }
    let colon = s
        .find(": ")
        .or_else(|| s.strip_suffix(':').map(|k| k.len()))?;
    let key = &s[..colon];
    if key.is_empty() || key.contains(" #") {
        return None;
    }
    let v = s[colon + 1..].trim_start_matches(' ');
    Some((key, v))
}

/// The mistake in the value `v` of line `n`, which starts at byte `vcol`
/// of `line`; `continues` says whether the next line is indented more (a
/// value may go on there).
fn value_mistake(
    n: usize,
    line: &str,
    v: &str,
    vcol: usize,
    continues: bool,
    key: Option<&str>,
) -> Option<YamlMistake> {
    let column = |byte: usize| line[..byte.min(line.len())].chars().count() + 1;
    let key_name = key.unwrap_or("title");
    if let Some(q) = v.chars().next().filter(|c| *c == '"' || *c == '\'') {
        let body = &v[1..];
        let close = if q == '"' {
            let mut escaped = false;
            body.char_indices().find_map(|(i, c)| {
                let end = c == '"' && !escaped;
                escaped = c == '\\' && !escaped;
                end.then_some(i)
            })
        } else {
            let b = body.as_bytes();
            let mut i = 0;
            let mut found = None;
            while i < b.len() {
                if b[i] == b'\'' {
                    if b.get(i + 1) == Some(&b'\'') {
                        i += 2;
                        continue;
                    }
                    found = Some(i);
                    break;
                }
                i += 1;
            }
            found
        };
        let escape = if q == '"' {
            "`\\\"`"
        } else {
            "`''` (two single quotes)"
        };
        return match close {
            None if !continues => Some(YamlMistake {
                line: n,
                column: column(vcol),
                width: 1,
                message: format!("the quote `{q}` opened on line {n} is never closed"),
                help: format!(
                    "end the text with `{q}` on the same line; a `{q}` inside the text is written {escape}"
                ),
            }),
            None => None,
            Some(end) => {
                let after = body[end + 1..].trim_start();
                if after.is_empty() || after.starts_with('#') {
                    None
                } else {
                    let other = if q == '"' { '\'' } else { '"' };
                    // The text meant: between the outer quotes, which the
                    // suggestion replaces (not wraps).
                    let text = v.trim_end();
                    let text = text.strip_prefix(q).unwrap_or(text);
                    let text = text.strip_suffix(q).unwrap_or(text);
                    let help = if text.contains(other) {
                        let escaped = if q == '"' {
                            text.replace('"', "\\\"")
                        } else {
                            text.replace('\'', "''")
                        };
                        format!(
                            "write each `{q}` inside the text as {escape}: `{key_name}: {q}{escaped}{q}`"
                        )
                    } else {
                        format!(
                            "write each `{q}` inside the text as {escape}, or quote the whole value with `{other}`: `{key_name}: {other}{text}{other}`"
                        )
                    };
                    Some(YamlMistake {
                        line: n,
                        column: column(vcol + 1 + end),
                        width: 1,
                        message: format!(
                            "the quoted text ends here, but the line goes on: `{}`",
                            after.trim_end()
                        ),
                        help,
                    })
                }
            }
        };
    }
    if let Some(open) = v.chars().next().filter(|c| *c == '[' || *c == '{') {
        let close_char = if open == '[' { ']' } else { '}' };
        let mut depth = 0i32;
        let mut quote: Option<char> = None;
        for c in v.chars() {
            match (quote, c) {
                (Some(q), c) if c == q => quote = None,
                (Some(_), _) => {}
                (None, '"' | '\'') => quote = Some(c),
                (None, '[' | '{') => depth += 1,
                (None, ']' | '}') => depth -= 1,
                (None, '#') if depth == 0 => break,
                _ => {}
            }
        }
        if depth > 0 && !continues {
            let (what, example) = if open == '[' {
                ("list", format!("{key_name}: [a, b]"))
            } else {
                ("set of fields", format!("{key_name}: {{a: 1}}"))
            };
            return Some(YamlMistake {
                line: n,
                column: column(vcol),
                width: 1,
                message: format!("the `{open}` opened on line {n} is never closed"),
                help: format!(
                    "end the {what} with `{close_char}` on the same line, e.g. `{example}`"
                ),
            });
        }
        return None;
    }
    // A plain value: `: ` or ` #` inside it changes its meaning.
    let text = match v.find(" #") {
        Some(c) => &v[..c],
        None => v,
    };
    if let Some(c) = text
        .find(": ")
        .or_else(|| text.ends_with(':').then(|| text.len() - 1))
    {
        return Some(YamlMistake {
            line: n,
            column: column(vcol + c),
            width: 1,
            message: "a value containing `: ` must be quoted".to_string(),
            help: format!(
                "put the whole value in double quotes: `{key_name}: \"{}\"`",
                text.trim_end().replace('"', "\\\"")
            ),
        });
    }
    if let Some(c) = v
        .chars()
        .next()
        .filter(|c| matches!(c, '@' | '`' | '*' | '&' | '!' | '%'))
    {
        return Some(YamlMistake {
            line: n,
            column: column(vcol),
            width: 1,
            message: format!("a value cannot start with `{c}` unless it is quoted"),
            help: format!(
                "put the whole value in double quotes: `{key_name}: \"{}\"`",
                v.trim_end().replace('"', "\\\"")
            ),
        });
    }
    None
}

/// Line `n`, indented `indent` spaces, matches no level of `levels`.
fn indentation_mistake(n: usize, indent: usize, levels: &[Level], content: &str) -> YamlMistake {
    let below = levels.iter().rev().find(|l| l.indent < indent);
    let above = levels.iter().find(|l| l.indent > indent);
    let spaces = |k: usize| {
        if k == 1 {
            "1 space".to_string()
        } else {
            format!("{k} spaces")
        }
    };
    let what = if below.is_some_and(|l| l.list) || above.is_some_and(|l| l.list) {
        "the list above it is"
    } else {
        "the fields above it are"
    };
    let at = match (below, above) {
        (Some(b), Some(a)) => format!("{} or {}", b.indent, a.indent),
        (Some(b), None) => b.indent.to_string(),
        (None, Some(a)) => a.indent.to_string(),
        (None, None) => "0".to_string(),
    };
    let first_word: String = content
        .chars()
        .take_while(|c| !c.is_whitespace() && *c != ':')
        .collect();
    let list = [below, above].into_iter().flatten().find(|l| l.list);
    let help = match (below, above) {
        _ if content.starts_with('-') && list.is_some() => format!(
            "indent the `-` by exactly {}, like the other items of the list",
            spaces(list.expect("just checked").indent)
        ),
        (Some(b), None) if b.indent == 0 => format!(
            "remove the {} before `{first_word}`, so that it starts in column 1 like the fields above it",
            if indent == 1 { "space" } else { "spaces" }
        ),
        _ => format!(
            "indent `{first_word}` by exactly {at} spaces, like the line above it that it belongs with"
        ),
    };
    YamlMistake {
        line: n,
        column: 1,
        width: indent.max(1),
        message: format!(
            "line {n} is indented {}, but {what} at {at}",
            spaces(indent)
        ),
        help,
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

    /// The diagnostic for a front matter block starting on line 2.
    fn yaml_error(yaml: &str) -> Diagnostic {
        FrontMatter::parse("a.md", yaml, 2).unwrap_err()
    }

    #[test]
    fn a_tab_in_the_indentation_is_named_with_its_column() {
        let e = yaml_error("title: A\nsources:\n\t- title: B\n");
        assert_eq!(
            e.message,
            "YAML does not allow tabs for indentation; replace the tab at column 1 with spaces"
        );
        assert_eq!((e.line, e.column), (4, 1));
        assert!(e.help.unwrap().starts_with("indent with spaces only"));
    }

    #[test]
    fn a_list_item_indented_between_levels_names_both() {
        let e = yaml_error("title: A\nsources:\n  - title: B\n    pages: \"1\"\n   - title: C\n");
        assert_eq!(
            e.message,
            "line 6 is indented 3 spaces, but the list above it is at 2 or 4"
        );
        assert_eq!((e.line, e.column, e.width), (6, 1, 3));
        assert_eq!(
            e.help.as_deref(),
            Some("indent the `-` by exactly 2 spaces, like the other items of the list")
        );
    }

    #[test]
    fn a_stray_leading_space_says_to_remove_it() {
        let e = yaml_error("title: A\n summary: B\n");
        assert_eq!(
            e.message,
            "line 3 is indented 1 space, but the fields above it are at 0"
        );
        assert_eq!(
            e.help.as_deref(),
            Some(
                "remove the space before `summary`, so that it starts in column 1 like the fields above it"
            )
        );
    }

    #[test]
    fn a_colon_and_space_in_a_plain_value_needs_quotes() {
        let e = yaml_error("title: A\nsummary: Ett fall: två faser\n");
        assert_eq!(e.message, "a value containing `: ` must be quoted");
        assert_eq!((e.line, e.column), (3, 18));
        assert_eq!(
            e.help.as_deref(),
            Some("put the whole value in double quotes: `summary: \"Ett fall: två faser\"`")
        );
    }

    #[test]
    fn an_unclosed_bracket_names_the_line_it_opened_on() {
        let e = yaml_error("title: A\nphases: [pilot\nroles: []\n");
        assert_eq!(e.message, "the `[` opened on line 3 is never closed");
        assert_eq!((e.line, e.column), (3, 9));
        assert_eq!(
            e.help.as_deref(),
            Some("end the list with `]` on the same line, e.g. `phases: [a, b]`")
        );
    }

    #[test]
    fn an_unclosed_quote_names_the_line_it_opened_on() {
        let e = yaml_error("title: \"Pilot\nsummary: S\n");
        assert_eq!(e.message, "the quote `\"` opened on line 2 is never closed");
        assert_eq!((e.line, e.column), (2, 8));
        assert_eq!(
            e.help.as_deref(),
            Some(
                "end the text with `\"` on the same line; a `\"` inside the text is written `\\\"`"
            )
        );
    }

    #[test]
    fn text_after_a_closing_quote_suggests_the_other_quote() {
        let e = yaml_error("title: \"Om \"kluster\"\"\n");
        assert_eq!(
            e.message,
            "the quoted text ends here, but the line goes on: `kluster\"\"`"
        );
        assert_eq!((e.line, e.column), (2, 12));
        // The suggestion replaces the outer quotes, it does not wrap them.
        let e = yaml_error("region: \"Asker \"kommun\" x\"\n");
        let help = e.help.unwrap();
        assert!(help.ends_with("`region: 'Asker \"kommun\" x'`"), "{help}");
        let e = yaml_error("region: \"Ole's \"kommun\"\"\n");
        let help = e.help.unwrap();
        assert!(
            help.ends_with("`region: \"Ole's \\\"kommun\\\"\"`"),
            "{help}"
        );
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = FrontMatter::parse("a.md", "title: A\ntitle: B\n", 2).unwrap_err();
        assert_eq!(e.code, "duplicate-field");
        assert_eq!(e.line, 3);
    }

    #[test]
    fn yaml_nested_too_deep_is_an_error_not_a_stack_overflow() {
        let block = format!("title: x\ntags:\n  {}x\n", "- ".repeat(5000));
        let map: String = (0..3000)
            .map(|i| format!("{}k{i}:\n", " ".repeat(i)))
            .collect();
        let lines: String = (0..3000)
            .map(|i| format!("{}- \n", " ".repeat(2 * i)))
            .collect();
        let flow = format!("tags:\n{}", "[\n".repeat(3000));
        for yaml in [block, map, lines, format!("title: x\n{flow}")] {
            let e = FrontMatter::parse("a.md", &yaml, 2).unwrap_err();
            assert_eq!(e.code, "invalid-yaml");
            assert!(e.line >= 2, "{}", e.line);
        }
        // 64 levels are allowed; ordinary front matter is not scanned twice.
        let ok = format!("tags:\n  {}x\n", "- ".repeat(63));
        assert!(FrontMatter::parse("a.md", &ok, 2).is_ok());
        assert!(
            depth_bound(
                "title: A: b\nphases: [pilot, start]\nsources:\n  - title: T\n    pages: \"1-2\"\n"
            ) <= MAX_DEPTH
        );
    }

    #[test]
    fn a_missing_space_or_colon_after_a_field_or_dash_is_named_on_its_line() {
        for (yaml, line, column, message) in [
            (
                "title: X\ncluster:\"P\"\nperiod: \"1\"\n",
                3,
                9,
                "a field needs a space after the `:` of `cluster:`",
            ),
            (
                "title: X\nregion \"Asker\"\nperiod: \"1\"\n",
                3,
                1,
                "`region` has no `:` after it: a field is written `region: value`",
            ),
            (
                "title: X\nrelated:\n  - a\n  -b\nperiod: \"1\"\n",
                5,
                4,
                "a list item needs a space after its `-`",
            ),
        ] {
            let e = yaml_error(yaml);
            assert_eq!(
                (e.line, e.column, e.message.as_str()),
                (line, column, message),
                "{yaml}"
            );
        }
        // A URL in a list item or a value is no mistake.
        assert!(
            FrontMatter::parse(
                "a.md",
                "title: X\nlinks:\n  - https://example.org\nurl: https://x.se\n",
                2
            )
            .is_ok()
        );
    }
}
