//! Markdown: one parse of a body into plain data, and HTML from that data.
//!
//! In: Markdown text and the file position it starts at. Out: a
//! [`ParsedMarkdown`] that holds the parsed events, the headings with their
//! GitHub-style anchors, every link and image with its position, and the
//! plain text (for search and summaries). [`to_html`] later turns it into
//! HTML with links rewritten to page URLs and glossary terms linked; the text
//! is never parsed twice. The plain text is made again from the events
//! when it is asked for ([`ParsedMarkdown::text`]) rather than kept: at
//! 100,000 pages it was 640 MB held from parse to the end of the build,
//! for the two or three stages that read it once each.
//!
//! Raw HTML in content is shown as text, never passed through. This module
//! is the only user of the Markdown crate.

use crate::diagnostics::Pos;
use pulldown_cmark::{CowStr, Event, HeadingLevel, LinkType, Options, Parser, Tag, TagEnd};
use std::collections::{HashMap, HashSet};
use std::sync::Arc;

/// A heading of a document.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The anchor GitHub gives it (`åtgärder-för-hållbarhet`).
    pub id: String,
    /// The heading's text.
    pub text: String,
}

/// A link or image written in the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyLink {
    /// The destination as written.
    pub dest: String,
    /// Where the destination is written in the file.
    pub pos: Pos,
    /// An image (`![alt](src)`) rather than a link.
    pub is_image: bool,
    /// The link's text or the image's alt text.
    pub text: String,
    /// Written as `<https://…>`: an external address shown bare.
    pub autolink: bool,
}

/// A Markdown document parsed once, ready to check and to render.
#[derive(Debug, Clone)]
pub struct ParsedMarkdown {
    /// The text parsed: stored events point into it. Shared with the
    /// entry's `body` (see [`parse_shared`]).
    source: Arc<str>,
    /// The events, in the compact form of [`Stored`].
    events: Vec<Stored>,
    /// The headings, in order.
    pub headings: Vec<Heading>,
    /// The links and images, in order; [`to_html`] takes one rewritten
    /// destination for each.
    pub links: Vec<BodyLink>,
    /// The text of the first paragraph.
    pub first_paragraph: String,
    /// Places where a bare `http(s)://` address stands in the text.
    pub bare_urls: Vec<Pos>,
    /// Where the text first nests deeper than [`MAX_DEPTH`], if it does.
    pub too_deep: Option<Pos>,
    /// Text written like a link that Markdown shows as written, because
    /// its address has a space (`[x](#Mål och medel)`).
    pub literal_links: Vec<LiteralLink>,
}

/// `[text](address)` that is no link, because the address holds a space
/// (CommonMark allows one only inside `<…>`): readers would see the
/// brackets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiteralLink {
    /// The link's text, between the brackets.
    pub text: String,
    /// The address as written, between the parentheses.
    pub dest: String,
    /// Where the `[` stands in the file.
    pub pos: Pos,
    /// How many characters it spans, from `[` to `)`.
    pub width: usize,
}

impl ParsedMarkdown {
    /// The text without markup, blocks separated by newlines: each
    /// heading's text trimmed on a line of its own, text and code as
    /// written, a space for a line break, a newline after each paragraph,
    /// item, table cell and code block.
    pub fn text(&self) -> String {
        let mut plain = String::with_capacity(self.source.len());
        // The text of the open heading, written trimmed at its end.
        let mut heading: Option<String> = None;
        for stored in &self.events {
            match stored.event(&self.source) {
                Event::Start(Tag::Heading { .. }) => heading = Some(String::new()),
                Event::End(TagEnd::Heading(_)) => {
                    if let Some(h) = heading.take() {
                        plain.push_str(h.trim());
                        plain.push('\n');
                    }
                }
                Event::End(
                    TagEnd::Paragraph | TagEnd::Item | TagEnd::TableCell | TagEnd::CodeBlock,
                ) if !plain.ends_with('\n') && !plain.is_empty() => plain.push('\n'),
                Event::Text(t) | Event::Code(t) => match &mut heading {
                    Some(h) => h.push_str(&t),
                    None => plain.push_str(&t),
                },
                Event::SoftBreak | Event::HardBreak if heading.is_none() => plain.push(' '),
                _ => {}
            }
        }
        plain
    }
}

/// One parsed event, kept small: a long text (a table of many rows) is
/// mostly text that is a slice of the source, end tags and start tags
/// without data, and those take 16 bytes here instead of the 80 of a
/// pulldown-cmark event with its own copy of the text. Anything else is
/// kept as pulldown-cmark gives it.
#[derive(Debug, Clone)]
enum Stored {
    /// Text (or inline code, when `code`) that is `source[start..start + len]`.
    Slice { code: bool, start: u32, len: u32 },
    /// The start of a tag without data.
    Start(UnitTag),
    /// The end of a tag.
    End(TagEnd),
    /// A line break within a paragraph.
    SoftBreak,
    /// Any other event.
    Other(Box<Event<'static>>),
}

/// The tags that carry no data, which are most of a table's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum UnitTag {
    Paragraph,
    Item,
    TableHead,
    TableRow,
    TableCell,
    Emphasis,
    Strong,
    Strikethrough,
}

impl UnitTag {
    fn of(tag: &Tag<'_>) -> Option<UnitTag> {
        Some(match tag {
            Tag::Paragraph => UnitTag::Paragraph,
            Tag::Item => UnitTag::Item,
            Tag::TableHead => UnitTag::TableHead,
            Tag::TableRow => UnitTag::TableRow,
            Tag::TableCell => UnitTag::TableCell,
            Tag::Emphasis => UnitTag::Emphasis,
            Tag::Strong => UnitTag::Strong,
            Tag::Strikethrough => UnitTag::Strikethrough,
            _ => return None,
        })
    }

    fn tag(self) -> Tag<'static> {
        match self {
            UnitTag::Paragraph => Tag::Paragraph,
            UnitTag::Item => Tag::Item,
            UnitTag::TableHead => Tag::TableHead,
            UnitTag::TableRow => Tag::TableRow,
            UnitTag::TableCell => Tag::TableCell,
            UnitTag::Emphasis => Tag::Emphasis,
            UnitTag::Strong => Tag::Strong,
            UnitTag::Strikethrough => Tag::Strikethrough,
        }
    }
}

impl Stored {
    /// `event`, an event of a parse of `source`, in its compact form.
    fn new(event: Event<'_>, source: &str) -> Stored {
        // Where a borrowed text stands in the source, if it fits in u32s.
        let slice = |t: &str| {
            let start = (t.as_ptr() as usize).checked_sub(source.as_ptr() as usize)?;
            let end = start.checked_add(t.len())?;
            (end <= source.len())
                .then_some((u32::try_from(start).ok()?, u32::try_from(t.len()).ok()?))
        };
        match event {
            Event::Text(CowStr::Borrowed(t)) | Event::Code(CowStr::Borrowed(t))
                if slice(t).is_some() =>
            {
                let code = matches!(event, Event::Code(_));
                let (start, len) = slice(t).unwrap_or_default();
                Stored::Slice { code, start, len }
            }
            Event::Start(ref tag) if UnitTag::of(tag).is_some() => {
                Stored::Start(UnitTag::of(tag).unwrap_or(UnitTag::Paragraph))
            }
            Event::End(end) => Stored::End(end),
            Event::SoftBreak => Stored::SoftBreak,
            e => Stored::Other(Box::new(e.into_static())),
        }
    }

    /// The event again, borrowing its text from `source`.
    fn event<'a>(&'a self, source: &'a str) -> Event<'a> {
        match self {
            Stored::Slice { code, start, len } => {
                let (start, len) = (*start as usize, *len as usize);
                let t = CowStr::Borrowed(source.get(start..start + len).unwrap_or(""));
                if *code {
                    Event::Code(t)
                } else {
                    Event::Text(t)
                }
            }
            Stored::Start(tag) => Event::Start(tag.tag()),
            Stored::End(end) => Event::End(*end),
            Stored::SoftBreak => Event::SoftBreak,
            Stored::Other(e) => match e.as_ref() {
                Event::Text(t) => Event::Text(CowStr::Borrowed(t)),
                Event::Code(t) => Event::Code(CowStr::Borrowed(t)),
                e => e.clone(),
            },
        }
    }
}

/// How deep Markdown may nest: blockquotes, lists (a list and its item
/// count as two levels), emphasis, links and the other elements, one inside
/// the other. Deeper text is an error (`too-deep`) rather than a risk to
/// the stack of a later stage (the HTML minifier recurses on nesting).
pub const MAX_DEPTH: usize = 100;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_TASKLISTS
}

/// Maps byte offsets of a text to file positions.
struct Positions<'a> {
    text: &'a str,
    origin: Pos,
    line_starts: Vec<usize>,
    /// The last offset asked for, with its line's start and its column:
    /// the parse asks in order, so a column is counted on from there, not
    /// from the start of its line (300,000 links on one line took 66 s).
    last: std::cell::Cell<(usize, usize, usize)>,
}

impl<'a> Positions<'a> {
    fn new(text: &'a str, origin: Pos) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        Positions {
            text,
            origin,
            line_starts,
            last: std::cell::Cell::new((0, 0, 0)),
        }
    }

    fn at(&self, offset: usize) -> Pos {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let chars = |from: usize| self.text.get(from..offset).map_or(0, |s| s.chars().count());
        let (last_start, last_offset, last_col) = self.last.get();
        let col = if last_start == start
            && last_offset <= offset
            && self.text.is_char_boundary(last_offset)
        {
            last_col + chars(last_offset)
        } else {
            chars(start)
        };
        self.last.set((start, offset, col));
        if line == 0 {
            Pos::new(self.origin.line, self.origin.column + col)
        } else {
            Pos::new(self.origin.line + line, col + 1)
        }
    }
}

/// Parses `text`, which starts at `origin` in its file.
pub fn parse(text: &str, origin: Pos) -> ParsedMarkdown {
    parse_shared(text.into(), origin)
}

/// [`parse`] of a text that is kept elsewhere too (an entry's body): the
/// parse keeps the same allocation instead of a copy, 7 KB an entry of
/// the synthetic corpus.
pub fn parse_shared(shared: Arc<str>, origin: Pos) -> ParsedMarkdown {
    let text: &str = &shared;
    let positions = Positions::new(text, origin);
    let mut events: Vec<Stored> = Vec::new();
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut first_paragraph = String::new();
    let mut bare_urls = Vec::new();
    let mut slugger = Slugger::default();

    // Open heading: index of its Start event and its text so far.
    let mut heading: Option<(usize, HeadingLevel, String)> = None;
    // Open link/image: index into `links` and the text so far.
    let mut link_stack: Vec<(usize, String)> = Vec::new();
    let mut in_code_block = false;
    let mut paragraphs_seen = 0usize;
    let mut in_first_paragraph = false;
    let mut depth = 0usize;
    let mut too_deep = None;
    // Source ranges of running text (not code): where a literal `[…](…)`
    // may stand.
    let mut text_ranges: Vec<std::ops::Range<usize>> = Vec::new();

    for (event, range) in Parser::new_ext(text, options()).into_offset_iter() {
        match &event {
            Event::Start(_) => {
                depth += 1;
                if depth > MAX_DEPTH && too_deep.is_none() {
                    too_deep = Some(positions.at(range.start));
                }
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        let event = match event {
            // Raw HTML is shown as text: content must not inject markup.
            Event::Html(s) | Event::InlineHtml(s) => Event::Text(s),
            Event::Start(Tag::HtmlBlock) => Event::Start(Tag::Paragraph),
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::Paragraph),
            e => e,
        };
        match &event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((events.len(), *level, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((start, level, htext)) = heading.take() {
                    let id = slugger.unique(github_slug(&htext));
                    if let Some(Stored::Other(e)) = events.get_mut(start)
                        && let Event::Start(Tag::Heading { id: slot, .. }) = e.as_mut()
                    {
                        *slot = Some(CowStr::from(id.clone()));
                    }
                    headings.push(Heading {
                        level: level as u8,
                        id,
                        text: htext.trim().to_string(),
                    });
                }
            }
            Event::Start(Tag::Link {
                dest_url,
                link_type,
                ..
            }) => {
                links.push(BodyLink {
                    dest: dest_url.to_string(),
                    pos: dest_position(text, &range, dest_url, &positions),
                    is_image: false,
                    text: String::new(),
                    autolink: matches!(link_type, LinkType::Autolink),
                });
                link_stack.push((links.len() - 1, String::new()));
            }
            Event::Start(Tag::Image { dest_url, .. }) => {
                links.push(BodyLink {
                    dest: dest_url.to_string(),
                    pos: dest_position(text, &range, dest_url, &positions),
                    is_image: true,
                    text: String::new(),
                    autolink: false,
                });
                link_stack.push((links.len() - 1, String::new()));
            }
            Event::End(TagEnd::Link) | Event::End(TagEnd::Image) => {
                if let Some((i, t)) = link_stack.pop() {
                    links[i].text = t.trim().to_string();
                }
            }
            Event::Start(Tag::CodeBlock(_)) => in_code_block = true,
            Event::Start(Tag::Paragraph) => {
                paragraphs_seen += 1;
                in_first_paragraph = paragraphs_seen == 1 && heading.is_none();
            }
            Event::End(TagEnd::Paragraph)
            | Event::End(TagEnd::Item)
            | Event::End(TagEnd::TableCell)
            | Event::End(TagEnd::CodeBlock) => {
                in_code_block = false;
                in_first_paragraph = false;
            }
            Event::Text(t) | Event::Code(t) => {
                let is_text = matches!(event, Event::Text(_));
                if let Some((_, _, h)) = &mut heading {
                    h.push_str(t);
                } else if in_first_paragraph {
                    first_paragraph.push_str(t);
                }
                for (_, lt) in link_stack.iter_mut() {
                    lt.push_str(t);
                }
                if is_text && !in_code_block {
                    text_ranges.push(range.clone());
                }
                if is_text && !in_code_block && link_stack.is_empty() {
                    for (i, _) in t.match_indices("http") {
                        let rest = &t[i..];
                        if rest.starts_with("http://") || rest.starts_with("https://") {
                            let within = text
                                .get(range.clone())
                                .and_then(|src| src.find(prefix_chars(rest, 12)))
                                .unwrap_or(0);
                            bare_urls.push(positions.at(range.start + within));
                        }
                    }
                }
            }
            Event::SoftBreak | Event::HardBreak if heading.is_none() && in_first_paragraph => {
                first_paragraph.push(' ');
            }
            _ => {}
        }
        events.push(Stored::new(event, text));
    }
    events.shrink_to_fit();
    let literal_links = literal_links(text, &text_ranges, &positions);
    ParsedMarkdown {
        source: shared.clone(),
        events,
        headings,
        links,
        first_paragraph: first_paragraph.trim().to_string(),
        bare_urls,
        too_deep,
        literal_links,
    }
}

/// Every `[text](address with a space)` whose `[`, `](` and `)` Markdown
/// left as text (found in `text_ranges`, in source order), so not a link.
fn literal_links(
    text: &str,
    text_ranges: &[std::ops::Range<usize>],
    positions: &Positions<'_>,
) -> Vec<LiteralLink> {
    static LINK: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"\[([^\[\]\n]*)\]\(([^()<>\n]*? [^()<>\n]*?)\)")
            .expect("a valid pattern")
    });
    if text_ranges.is_empty() || !text.contains("](") {
        return Vec::new();
    }
    let in_text = |at: usize| {
        let i = text_ranges.partition_point(|r| r.end <= at);
        text_ranges.get(i).is_some_and(|r| r.contains(&at))
    };
    LINK.captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let dest = c.get(2)?;
            // The `[`, the `(` and the `)`: all shown as text.
            let literal =
                in_text(whole.start()) && in_text(dest.start() - 1) && in_text(whole.end() - 1);
            literal.then(|| LiteralLink {
                text: c[1].to_string(),
                dest: dest.as_str().to_string(),
                pos: positions.at(whole.start()),
                width: whole.as_str().chars().count(),
            })
        })
        .collect()
}

/// The first `n` bytes of `s`, or fewer so as to end on a character.
fn prefix_chars(s: &str, n: usize) -> &str {
    let mut end = n.min(s.len());
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// Where a link's destination is written: found inside the link's source
/// text, or the link's start when it is not written there (references).
fn dest_position(
    text: &str,
    range: &std::ops::Range<usize>,
    dest: &str,
    positions: &Positions<'_>,
) -> Pos {
    let src = text.get(range.clone()).unwrap_or("");
    let within = src
        .rfind(&format!("]({dest}"))
        .map(|i| i + 2)
        .or_else(|| src.find(dest))
        .unwrap_or(0);
    positions.at(range.start + within)
}

/// The anchor GitHub gives a heading, by its exact rule (github-slugger):
/// the text lowercased; letters, marks, numbers and connector punctuation
/// (Unicode categories L, M, N, Pc) kept, and `-`; each space (U+0020) to
/// `-`, even at the ends; everything else dropped. Text is not normalised:
/// decomposed `a` + U+0308 keeps its mark, as on GitHub.
pub fn github_slug(text: &str) -> String {
    static DROPPED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r"[^\p{L}\p{M}\p{N}\p{Pc} \-]").expect("a valid pattern")
    });
    DROPPED
        .replace_all(&text.to_lowercase(), "")
        .replace(' ', "-")
}

/// Numbers repeated anchors as GitHub does (`a`, `a-1`, `a-2`, …), in time
/// linear in the number of headings: each base remembers how far it got.
#[derive(Debug, Default)]
struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    fn unique(&mut self, base: String) -> String {
        let mut slug = base.clone();
        while self.seen.contains_key(&slug) {
            // The base is the first slug tried, so it is in the map.
            let n = self.seen.entry(base.clone()).or_insert(0);
            *n += 1;
            slug = format!("{base}-{n}");
        }
        self.seen.insert(slug.clone(), 0);
        slug
    }
}

/// A glossary word to link in running text.
#[derive(Debug, Clone)]
pub struct GlossaryWord {
    /// The word or phrase, lowercase.
    pub word: String,
    /// Which term it belongs to (one link per term and page).
    pub term: usize,
}

/// The glossary words of one language, with one automaton over all of
/// them, so that finding them costs one pass over a text however many
/// terms and aliases there are.
#[derive(Debug, Clone, Default)]
pub struct GlossaryWords {
    /// The words in the order they win over each other: longest first.
    words: Vec<GlossaryWord>,
    /// Finds every occurrence of every word (overlapping).
    automaton: Option<aho_corasick::AhoCorasick>,
}

impl GlossaryWords {
    /// The words, in the order that decides between overlapping uses
    /// (the first wins).
    pub fn new(words: Vec<GlossaryWord>) -> Self {
        let automaton = if words.is_empty() {
            None
        } else {
            // Building fails only past the automaton's size limits (far
            // beyond what a handbook holds); then nothing is linked.
            aho_corasick::AhoCorasick::new(words.iter().map(|w| w.word.as_str())).ok()
        };
        GlossaryWords { words, automaton }
    }

    /// The words, first the ones that win.
    pub fn words(&self) -> &[GlossaryWord] {
        &self.words
    }

    /// Every whole-word use of a word in `lower` (lowercase): start, end
    /// and the word's index.
    fn uses<'t>(&'t self, lower: &'t str) -> impl Iterator<Item = (usize, usize, usize)> + 't {
        self.automaton
            .iter()
            .flat_map(move |a| a.find_overlapping_iter(lower))
            .filter(move |m| {
                let before_ok = lower[..m.start()]
                    .chars()
                    .next_back()
                    .is_none_or(|c| !c.is_alphanumeric());
                let after_ok = lower[m.end()..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
                before_ok && after_ok
            })
            .map(|m| (m.start(), m.end(), m.pattern().as_usize()))
    }
}

/// Links the first use of each glossary term in a page's text.
#[derive(Debug, Clone)]
pub struct GlossaryLinks<'a> {
    /// The words of the page's language.
    pub words: &'a GlossaryWords,
    /// For each term: its page's URL (relative to this page) and definition;
    /// `None` for a term that must not be linked here (the page itself).
    pub targets: Vec<Option<(String, String)>>,
}

impl GlossaryLinks<'_> {
    /// Whether some term may still be linked on this page.
    fn pending(&self) -> bool {
        !self.words.words.is_empty() && self.targets.iter().any(Option::is_some)
    }
}

/// Writes the HTML of `doc`, with the destination of each link and image
/// replaced by `dests[i]` (in the order of [`ParsedMarkdown::links`]), and
/// the first use of each glossary term linked when `glossary` is given.
pub fn to_html(
    doc: &ParsedMarkdown,
    dests: &[String],
    glossary: Option<&mut GlossaryLinks<'_>>,
) -> String {
    let mut out = String::with_capacity(doc.source.len() * 2);
    let mut link_index = 0usize;
    let mut glossary = glossary;
    // Depth inside links, headings and code blocks, where terms are not linked.
    let mut no_link_depth = 0usize;
    // Events stream into the HTML writer one by one (a glossary use
    // becomes four): no second list of a long text's events is made.
    let events = doc.events.iter().flat_map(|stored| {
        let event = stored.event(&doc.source);
        let mut dest = |dest_url: &CowStr<'_>| {
            let dest = dests
                .get(link_index)
                .cloned()
                .unwrap_or(dest_url.to_string());
            link_index += 1;
            no_link_depth += 1;
            CowStr::from(dest)
        };
        let one = match event {
            Event::Start(Tag::Link {
                link_type,
                title,
                id,
                dest_url,
            }) => Event::Start(Tag::Link {
                link_type,
                dest_url: dest(&dest_url),
                title,
                id,
            }),
            Event::Start(Tag::Image {
                link_type,
                title,
                id,
                dest_url,
            }) => Event::Start(Tag::Image {
                link_type,
                dest_url: dest(&dest_url),
                title,
                id,
            }),
            e @ (Event::Start(Tag::Heading { .. }) | Event::Start(Tag::CodeBlock(_))) => {
                no_link_depth += 1;
                e
            }
            e @ (Event::End(TagEnd::Link)
            | Event::End(TagEnd::Image)
            | Event::End(TagEnd::Heading(_))
            | Event::End(TagEnd::CodeBlock)) => {
                no_link_depth = no_link_depth.saturating_sub(1);
                e
            }
            Event::Text(t) if no_link_depth == 0 => {
                let mut linked = Vec::new();
                if let Some(g) = glossary.as_deref_mut().filter(|g| g.pending())
                    && link_terms(&t, g, &mut linked)
                {
                    return None.into_iter().chain(linked);
                }
                Event::Text(t)
            }
            e => e,
        };
        Some(one).into_iter().chain(Vec::new())
    });
    pulldown_cmark::html::push_html(&mut out, events);
    out
}

/// Splits `text` around the first uses of glossary words, pushing text and
/// link events; false (and nothing pushed) when no word is in it.
fn link_terms(text: &str, g: &mut GlossaryLinks<'_>, events: &mut Vec<Event<'_>>) -> bool {
    let lower = lowercase_same_len(text);
    let mut rest_start = 0usize;
    // Every use of a word whose term may still be linked, in the order the
    // words win (longest first), then in text order: the first use of each
    // term that overlaps no use already taken is linked.
    let mut uses: Vec<(usize, usize, usize)> = g
        .words
        .uses(&lower)
        .filter(|&(_, _, w)| {
            let term = g.words.words[w].term;
            g.targets.get(term).is_some_and(Option::is_some)
        })
        .map(|(start, end, w)| (w, start, end))
        .collect();
    uses.sort_unstable();
    let mut taken: std::collections::BTreeMap<usize, usize> = Default::default();
    let mut linked_terms: HashSet<usize> = HashSet::new();
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    for (w, start, end) in uses {
        let term = g.words.words[w].term;
        if linked_terms.contains(&term) {
            continue;
        }
        let overlaps_before = taken
            .range(..end)
            .next_back()
            .is_some_and(|(_, &e)| e > start);
        if overlaps_before {
            continue;
        }
        taken.insert(start, end);
        linked_terms.insert(term);
        found.push((start, end, term));
    }
    if found.is_empty() {
        return false;
    }
    found.sort();
    for (start, end, term) in found {
        let Some((href, definition)) = g.targets[term].take() else {
            continue;
        };
        if start > rest_start {
            events.push(Event::Text(CowStr::from(
                text[rest_start..start].to_string(),
            )));
        }
        events.push(Event::Start(Tag::Link {
            link_type: LinkType::Inline,
            dest_url: CowStr::from(href),
            title: CowStr::from(definition),
            id: CowStr::from(""),
        }));
        events.push(Event::Text(CowStr::from(text[start..end].to_string())));
        events.push(Event::End(TagEnd::Link));
        rest_start = end;
    }
    if rest_start < text.len() {
        events.push(Event::Text(CowStr::from(text[rest_start..].to_string())));
    }
    true
}

/// The glossary terms whose words occur in `text` as whole words.
pub fn glossary_terms_in(text: &str, words: &GlossaryWords) -> std::collections::BTreeSet<usize> {
    if words.words.is_empty() {
        return Default::default();
    }
    let lower = lowercase_same_len(text);
    words
        .uses(&lower)
        .map(|(_, _, w)| words.words[w].term)
        .collect()
}

/// Lowercases `s` character by character, keeping a character as it is when
/// its lowercase form has another length, so byte offsets stay valid.
fn lowercase_same_len(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    s.chars()
        .map(|c| {
            if c.is_ascii() {
                return c.to_ascii_lowercase();
            }
            let mut l = c.to_lowercase();
            match (l.next(), l.next()) {
                (Some(lc), None) if lc.len_utf8() == c.len_utf8() => lc,
                _ => c,
            }
        })
        .collect()
}

/// Renders a one-line Markdown snippet (a facet line, a lesson) without the
/// surrounding paragraph.
pub fn to_inline_html(doc: &ParsedMarkdown, dests: &[String]) -> String {
    let html = to_html(doc, dests, None);
    let trimmed = html.trim_end();
    match trimmed
        .strip_prefix("<p>")
        .and_then(|s| s.strip_suffix("</p>"))
    {
        Some(inner) if !inner.contains("<p>") => inner.to_string(),
        _ => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_with_spaces_in_the_address_are_found_where_markdown_shows_them() {
        let doc = parse(
            "Se [a](#Mål och medel), [b](#mål-och-medel), [c](<#x y>)\noch `[d](#e f)`.\n\n    [g](#h i)\n",
            Pos::new(5, 1),
        );
        let found: Vec<_> = doc
            .literal_links
            .iter()
            .map(|l| (l.text.as_str(), l.dest.as_str(), l.pos, l.width))
            .collect();
        assert_eq!(found, [("a", "#Mål och medel", Pos::new(5, 4), 19)]);
    }

    #[test]
    fn github_anchors() {
        assert_eq!(
            github_slug("Åtgärder för hållbarhet"),
            "åtgärder-för-hållbarhet"
        );
        assert_eq!(
            github_slug("Hva er det? (Økonomi) & mer"),
            "hva-er-det-økonomi--mer"
        );
        assert_eq!(github_slug("Steg 1: Förstudie"), "steg-1-förstudie");
        let d = parse("# A\n\n## A\n\n## A\n", Pos::start());
        let ids: Vec<_> = d.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-2"]);
    }

    // GitHub's rule, one Unicode category at a time (ids as github-slugger
    // gives them, the library GitHub's renderer follows).

    #[test]
    fn slug_letters_of_every_script_are_kept_and_lowercased() {
        assert_eq!(github_slug("ÅÄÖ Ølen Æble"), "åäö-ølen-æble");
        assert_eq!(github_slug("Ελληνικά Русский"), "ελληνικά-русский");
        assert_eq!(github_slug("日本語 한국어"), "日本語-한국어", "Lo");
        assert_eq!(github_slug("ǅ ʰ"), "ǆ-ʰ", "Lt and Lm");
    }

    #[test]
    fn slug_marks_are_kept_as_written() {
        // Decomposed text (as macOS may write it) keeps its combining marks.
        assert_eq!(github_slug("Fo\u{308}rstudie"), "fo\u{308}rstudie", "Mn");
        assert_eq!(github_slug("ह\u{93e}"), "ह\u{93e}", "Mc");
        assert_eq!(github_slug("a\u{20dd}"), "a\u{20dd}", "Me");
    }

    #[test]
    fn slug_numbers_of_every_kind_are_kept() {
        assert_eq!(github_slug("Steg 1: Förstudie"), "steg-1-förstudie", "Nd");
        assert_eq!(github_slug("Ⅻ ²"), "ⅻ-²", "Nl and No");
        assert_eq!(github_slug("٣ fas"), "٣-fas", "Nd in another script");
    }

    #[test]
    fn slug_connector_punctuation_is_kept_and_other_punctuation_dropped() {
        assert_eq!(github_slug("a_b a‿b a⁀b"), "a_b-a‿b-a⁀b", "Pc");
        assert_eq!(github_slug("a-b"), "a-b", "the hyphen-minus");
        assert_eq!(github_slug("a–b a—b"), "ab-ab", "other Pd");
        assert_eq!(github_slug("(a) [b] {c} «d»"), "a-b-c-d", "Ps, Pe, Pi, Pf");
        assert_eq!(
            github_slug("Vad? Jo! a.b, c: d; \"e\" 'f' #g"),
            "vad-jo-ab-c-d-e-f-g",
            "Po"
        );
    }

    #[test]
    fn slug_symbols_and_other_spaces_are_dropped() {
        assert_eq!(
            github_slug("a & b + c = d € $ ©"),
            "a--b--c--d---",
            "Sm, Sc, So"
        );
        assert_eq!(github_slug("^`¨"), "", "Sk");
        assert_eq!(
            github_slug("a\u{a0}b a\u{2003}b"),
            "ab-ab",
            "Zs other than U+0020"
        );
        assert_eq!(github_slug("a\u{200b}b"), "ab", "Cf");
        assert_eq!(github_slug("🎉 Fest"), "-fest", "emoji");
    }

    #[test]
    fn slug_spaces_at_the_ends_are_kept_as_dashes() {
        assert_eq!(github_slug(" Inledning "), "-inledning-");
        let d = parse("## &#x20;Inledning\n", Pos::start());
        assert_eq!(d.headings[0].id, "-inledning");
    }

    #[test]
    fn repeated_headings_are_numbered_like_github_in_linear_time() {
        let d = parse("# a\n# a-1\n# a\n# a\n", Pos::start());
        let ids: Vec<_> = d.headings.iter().map(|h| h.id.as_str()).collect();
        assert_eq!(ids, ["a", "a-1", "a-2", "a-3"]);
        let text = "## Samma\n\n".repeat(20_000);
        let d = parse(&text, Pos::start());
        assert_eq!(d.headings[19_999].id, "samma-19999");
    }

    #[test]
    fn heading_ids_reach_the_html() {
        let d = parse("## Åtgärder för hållbarhet\n", Pos::start());
        let html = to_html(&d, &[], None);
        assert_eq!(
            html,
            "<h2 id=\"åtgärder-för-hållbarhet\">Åtgärder för hållbarhet</h2>\n"
        );
    }

    #[test]
    fn links_have_file_positions() {
        let d = parse(
            "Intro\n\nSee [pilot](../phases/pilot.md#mål) now.\n",
            Pos::new(5, 1),
        );
        assert_eq!(d.links.len(), 1);
        assert_eq!(d.links[0].dest, "../phases/pilot.md#mål");
        assert_eq!(d.links[0].pos, Pos::new(7, 13));
        assert_eq!(d.links[0].text, "pilot");
    }

    #[test]
    fn links_are_rewritten() {
        let d = parse("[a](x.md) ![b](img.png)", Pos::start());
        let html = to_html(
            &d,
            &["../x/index.html".into(), "../assets/img.png".into()],
            None,
        );
        assert!(html.contains("href=\"../x/index.html\""), "{html}");
        assert!(
            html.contains("src=\"../assets/img.png\" alt=\"b\""),
            "{html}"
        );
    }

    #[test]
    fn raw_html_is_escaped() {
        let d = parse(
            "<script>alert(1)</script>\n\nText <b>bold</b>\n",
            Pos::start(),
        );
        let html = to_html(&d, &[], None);
        assert!(!html.contains("<script>"), "{html}");
        assert!(!html.contains("<b>"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn extensions_render() {
        let md = "| a | b |\n|---|---|\n| 1 | 2 |\n\n~~old~~\n\n- [x] done\n\nNote[^1]\n\n[^1]: The note.\n";
        let html = to_html(&parse(md, Pos::start()), &[], None);
        assert!(html.contains("<table>"), "{html}");
        assert!(html.contains("<del>old</del>"), "{html}");
        assert!(html.contains("checkbox"), "{html}");
        assert!(html.contains("footnote"), "{html}");
    }

    #[test]
    fn plain_text_and_first_paragraph() {
        let d = parse(
            "# T\n\nFirst *para*\nline.\n\n- item `code`\n",
            Pos::start(),
        );
        assert_eq!(d.first_paragraph, "First para line.");
        assert_eq!(d.text(), "T\nFirst para line.\nitem code\n");
    }

    #[test]
    fn plain_text_of_every_block() {
        let d = parse(
            "##  Head *x*  \n\nA  \nhard <b>raw</b>\n\n| a | b |\n|---|---|\n| c | `d` |\n\n```\nfn\n```\n\n> quote\n",
            Pos::start(),
        );
        assert_eq!(
            d.text(),
            "Head x\nA hard <b>raw</b>\na\nb\nc\nd\nfn\nquote\n"
        );
        assert_eq!(parse("", Pos::start()).text(), "");
    }

    #[test]
    fn bare_urls_are_found_outside_links() {
        let d = parse("Se https://x.org och [y](https://y.org).\n", Pos::new(3, 1));
        assert_eq!(d.bare_urls, vec![Pos::new(3, 4)]);
    }

    #[test]
    fn glossary_links_first_use_only_and_not_in_headings_or_links() {
        let d = parse(
            "## Kluster\n\nEtt kluster är ett Kluster. [kluster](x.md) klustret\n",
            Pos::start(),
        );
        let words = GlossaryWords::new(vec![GlossaryWord {
            word: "kluster".into(),
            term: 0,
        }]);
        let mut g = GlossaryLinks {
            words: &words,
            targets: vec![Some(("../terms/kluster/index.html".into(), "Def.".into()))],
        };
        let html = to_html(&d, &["x.html".into()], Some(&mut g));
        assert_eq!(html.matches("terms/kluster").count(), 1, "{html}");
        assert!(
            html.contains(
                "Ett <a href=\"../terms/kluster/index.html\" title=\"Def.\">kluster</a> är"
            ),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"kluster\">Kluster</h2>"), "{html}");
    }

    #[test]
    fn glossary_longer_words_win_and_a_hidden_whole_word_is_found() {
        let words = GlossaryWords::new(vec![
            GlossaryWord {
                word: "foo bar".into(),
                term: 0,
            },
            GlossaryWord {
                word: "bar".into(),
                term: 1,
            },
        ]);
        let targets = || {
            vec![
                Some(("a.html".to_string(), "A".to_string())),
                Some(("b.html".to_string(), "B".to_string())),
            ]
        };
        // `foo bar` is not a whole word in `xfoo bar`, but `bar` is.
        let d = parse("xfoo bar, foo bar.\n", Pos::start());
        let mut g = GlossaryLinks {
            words: &words,
            targets: targets(),
        };
        let html = to_html(&d, &[], Some(&mut g));
        assert_eq!(
            html,
            "<p>xfoo <a href=\"b.html\" title=\"B\">bar</a>, <a href=\"a.html\" title=\"A\">foo bar</a>.</p>\n"
        );
        let terms: Vec<usize> = glossary_terms_in("xfoo bar", &words).into_iter().collect();
        assert_eq!(terms, [1]);
    }

    #[test]
    fn glossary_with_ten_thousand_aliases_links_in_one_pass() {
        let mut list: Vec<GlossaryWord> = (0..10_000)
            .map(|i| GlossaryWord {
                word: format!("alias{i}"),
                term: 0,
            })
            .collect();
        list.push(GlossaryWord {
            word: "kluster".into(),
            term: 1,
        });
        let words = GlossaryWords::new(list);
        let d = parse(
            &"ett kluster och alias9999 här. ".repeat(2000),
            Pos::start(),
        );
        let mut g = GlossaryLinks {
            words: &words,
            targets: vec![
                Some(("a.html".into(), "A".into())),
                Some(("k.html".into(), "K".into())),
            ],
        };
        let html = to_html(&d, &[], Some(&mut g));
        assert_eq!(html.matches("<a ").count(), 2, "one link per term");
        assert!(
            html.starts_with("<p>ett <a href=\"k.html\""),
            "{}",
            &html[..80]
        );
    }

    #[test]
    fn a_bare_url_cut_inside_a_letter_is_no_panic() {
        // Found by the fuzz loop: the 12-byte prefix of the address ended
        // inside `ö`.
        let d = parse("https://e fö{r mer.\n", Pos::new(3, 1));
        assert_eq!(d.bare_urls, vec![Pos::new(3, 1)]);
    }

    #[test]
    fn positions_counted_on_from_the_last_agree_with_counting_from_the_line() {
        let text = "åäö [a](x.md) ø [b](y.md)\nrad två: [c](z.md) é\nslut";
        let p = Positions::new(text, Pos::new(7, 3));
        let naive = |offset: usize| {
            let line = text[..offset].matches('\n').count();
            let col = text[..offset].rsplit('\n').next().unwrap().chars().count();
            if line == 0 {
                Pos::new(7, 3 + col)
            } else {
                Pos::new(7 + line, col + 1)
            }
        };
        let offsets: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
        // In order, backwards, and jumping between lines.
        let mut order = offsets.clone();
        order.extend(offsets.iter().rev());
        order.extend(offsets.iter().step_by(3).chain(offsets.iter().step_by(2)));
        for o in order {
            assert_eq!(p.at(o), naive(o), "offset {o}");
        }
    }
}
