//! `page` of the print document (`print.html`, `print/index.html`): the
//! whole handbook of a language as one document in reading order — phases
//! in model order, then roles, cases, talks, people, terms, resources and
//! pages — with a table of contents.
//!
//! In: the page's language and path. Out: a [`PrintView`]. Every entry
//! gets an anchor (`phase-pilot`) and its headings' ids that anchor as a
//! prefix (`phase-pilot--resultat`), so ids stay unique and links between
//! entries jump within the document.

use super::PageView;
use super::entry::passage_lang;
use super::link::{Card, Crumb};
use crate::diagnostics::Diagnostic;
use crate::markdown;
use crate::minify;
use crate::model::{Fields, Kind};
use crate::render::{Contents, Job, Renderer, template_error};
use crate::resolve::{ResolvedMarkdown, Target};
use aho_corasick::AhoCorasick;
use rayon::prelude::*;
use schemars::JsonSchema;
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::{self, Write};
use std::ops::Range;
use std::sync::LazyLock;

/// The template variable `page` of `print.html`.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrintView {
    /// The UI word `print_title`.
    pub title: String,
    /// From the home page.
    pub breadcrumbs: Vec<Crumb>,
    /// One group per kind, in reading order.
    pub groups: Vec<PrintGroup>,
}

/// The entries of one kind in the print document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrintGroup {
    /// The kind (`phase`).
    pub kind: &'static str,
    /// The kind's name in the plural.
    pub label: String,
    /// The group's anchor (`kind-phase`).
    pub anchor: String,
    /// The entries, sorted.
    pub entries: Vec<PrintEntry>,
}

/// An entry in the print document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrintEntry {
    /// The entry's anchor (`phase-pilot`).
    pub anchor: String,
    /// The entry's kind.
    pub kind: &'static str,
    /// The kind's name in the singular.
    pub kind_label: String,
    /// The entry's title.
    pub title: String,
    /// The entry's `summary`.
    pub summary: Option<String>,
    /// The facts of a case's or talk's card; null for other kinds.
    pub card: Option<Card>,
    /// A term's definition.
    pub definition: Option<String>,
    /// The front matter lists that have lines.
    pub lines: Vec<PrintLines>,
    /// *HTML* of the body: ids start with the entry's anchor
    /// (`phase-pilot--resultat`), links to entries of the document are
    /// `#anchor` fragments, headings two levels down.
    pub body: String,
}

/// A front matter list of an entry in the print document.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct PrintLines {
    /// The field's name (`activities`).
    pub name: &'static str,
    /// Its heading (the UI word of the same name).
    pub title: String,
    /// The lines.
    pub items: Vec<super::entry::LineView>,
}

impl PrintView {
    /// The bytes of HTML the view holds (entries' bodies and lines).
    pub(crate) fn html_len(&self) -> usize {
        self.groups
            .iter()
            .flat_map(|g| &g.entries)
            .map(|e| {
                e.body.len()
                    + e.lines
                        .iter()
                        .flat_map(|l| &l.items)
                        .map(|i| i.html.len())
                        .sum::<usize>()
            })
            .sum()
    }

    /// The view as the template sees it, with each entry's body moved in,
    /// not copied (`serde_json::to_value` would copy the 80 MB of HTML the
    /// view holds at 10,000 pages).
    pub(crate) fn into_value(mut self) -> serde_json::Value {
        let bodies: Vec<Vec<String>> = self
            .groups
            .iter_mut()
            .map(|g| {
                g.entries
                    .iter_mut()
                    .map(|e| std::mem::take(&mut e.body))
                    .collect()
            })
            .collect();
        let mut value = serde_json::to_value(&self).expect("views serialise");
        drop(self);
        if let Some(groups) = value["groups"].as_array_mut() {
            for (group, bodies) in groups.iter_mut().zip(bodies) {
                if let Some(entries) = group["entries"].as_array_mut() {
                    for (entry, body) in entries.iter_mut().zip(bodies) {
                        entry["body"] = serde_json::Value::String(body);
                    }
                }
            }
        }
        value
    }
}

/// What links to entries in the print document start with until
/// [`prefix_ids`] has given the entry's own ids their prefix.
const PRINT_LINK: &str = "cb-print:";

/// The order of the print document of a language and each entry's
/// anchor in it.
struct PrintPlan {
    /// The entries, in the order the document shows them (by kind in
    /// [`Kind::ALL`] order, sorted within each kind).
    seq: Vec<usize>,
    /// The anchor of each entry in the document.
    in_doc: BTreeMap<usize, String>,
}

impl Renderer<'_> {
    /// The entries of the print document of `lang` and their anchors.
    fn print_plan(&self, lang: &str) -> PrintPlan {
        let mut order: Vec<usize> = self.entries_in(lang).map(|(i, _)| i).collect();
        order.sort_by(|&a, &b| {
            let (ea, eb) = (&self.site.entries[a].entry, &self.site.entries[b].entry);
            (ea.kind, &self.sort_keys[a]).cmp(&(eb.kind, &self.sort_keys[b]))
        });
        let in_doc = order
            .iter()
            .map(|&i| (i, print_anchor(&self.site.entries[i].entry)))
            .collect();
        let seq = Kind::ALL
            .iter()
            .flat_map(|&k| {
                order
                    .iter()
                    .copied()
                    .filter(move |&i| self.site.entries[i].entry.kind == k)
            })
            .collect();
        PrintPlan { seq, in_doc }
    }

    /// The view of the print document of `lang` at `url`.
    pub(crate) fn print_view(&self, lang: &str, url: &str) -> PrintView {
        let plan = self.print_plan(lang);
        // Each entry's HTML is its own: made in parallel (the document
        // holds every entry of the language, 80 MB at 10,000 pages).
        let entries: Vec<PrintEntry> = plan
            .seq
            .par_iter()
            .map(|&i| {
                let body = self.print_body(i, lang, url, &plan.in_doc);
                self.print_entry(i, lang, url, &plan.in_doc, body)
            })
            .collect();
        self.print_view_of(lang, url, &plan, entries)
    }

    /// The view of the print document with `entries` (one for each of
    /// `plan.seq`, in order) in their groups.
    fn print_view_of(
        &self,
        lang: &str,
        url: &str,
        plan: &PrintPlan,
        entries: Vec<PrintEntry>,
    ) -> PrintView {
        let mut entries = entries.into_iter();
        let mut groups = Vec::new();
        for k in Kind::ALL {
            let n = plan
                .seq
                .iter()
                .filter(|&&i| self.site.entries[i].entry.kind == k)
                .count();
            let items: Vec<PrintEntry> = entries.by_ref().take(n).collect();
            if !items.is_empty() {
                groups.push(PrintGroup {
                    kind: k.name(),
                    label: self.word(lang, k.folder()),
                    anchor: format!("kind-{}", k.name()),
                    entries: items,
                });
            }
        }
        PrintView {
            title: self.word(lang, "print_title"),
            breadcrumbs: self.crumbs(url, lang, &[]),
            groups,
        }
    }

    /// The links of `md`, an entry's Markdown, as the print document at
    /// `url` writes them.
    fn print_dests(
        &self,
        md: &ResolvedMarkdown,
        url: &str,
        lang: &str,
        own: &str,
        in_doc: &BTreeMap<usize, String>,
    ) -> Vec<String> {
        md.targets
            .iter()
            .map(|t| self.print_dest(url, lang, t, own, in_doc))
            .collect()
    }

    /// The *HTML* of the body of entry `i` in the print document.
    fn print_body(
        &self,
        i: usize,
        lang: &str,
        url: &str,
        in_doc: &BTreeMap<usize, String>,
    ) -> String {
        if !self.markdown {
            return String::new();
        }
        let r = &self.site.entries[i];
        let own = &in_doc[&i];
        let dests = self.print_dests(&r.body, url, lang, own, in_doc);
        demote_headings(&prefix_ids(
            &markdown::to_html(&r.body.doc, &dests, None),
            own,
        ))
    }

    /// Entry `i` in the print document, with `body` as its body.
    fn print_entry(
        &self,
        i: usize,
        lang: &str,
        url: &str,
        in_doc: &BTreeMap<usize, String>,
        body: String,
    ) -> PrintEntry {
        let r = &self.site.entries[i];
        let e = &r.entry;
        let own = &in_doc[&i];
        let lines = r
            .lines
            .iter()
            .filter(|(_, docs)| !docs.is_empty())
            .map(|(name, docs)| PrintLines {
                name,
                title: self.word(lang, name),
                items: docs
                    .iter()
                    .map(|d| super::entry::LineView {
                        html: if self.markdown {
                            prefix_ids(
                                &markdown::to_inline_html(
                                    &d.doc,
                                    &self.print_dests(d, url, lang, own, in_doc),
                                ),
                                own,
                            )
                        } else {
                            String::new()
                        },
                        lang: passage_lang(&d.doc.text(), lang),
                    })
                    .collect(),
            })
            .collect();
        PrintEntry {
            anchor: own.clone(),
            kind: e.kind.name(),
            kind_label: self.word(lang, e.kind.name()),
            title: e.title.clone(),
            summary: e.summary.clone(),
            card: self.card(lang, i),
            definition: match &e.fields {
                Fields::Term(t) => Some(t.definition.clone()),
                _ => None,
            },
            lines,
            body,
        }
    }

    /// Where a link of an entry in the print document leads: an entry in
    /// the document (and its headings) by anchor, anything else as on the
    /// entry's own page.
    fn print_dest(
        &self,
        from: &str,
        lang: &str,
        t: &Target,
        own: &str,
        in_doc: &BTreeMap<usize, String>,
    ) -> String {
        match t {
            Target::Entry(i, frag) => match in_doc.get(i) {
                Some(a) => match frag {
                    Some(f) => format!("{PRINT_LINK}{a}--{f}"),
                    None => format!("{PRINT_LINK}{a}"),
                },
                None => self.target_href(from, lang, t),
            },
            Target::Fragment(f) => format!("{PRINT_LINK}{own}--{f}"),
            _ => self.target_href(from, lang, t),
        }
    }
}

/// The print page of a language, its template rendered and the rest not
/// yet made: [`Renderer::write_print`] writes it.
pub struct PrintDoc {
    /// The page's path from the site root (`print/index.html`).
    pub path: String,
    lang: String,
    made: Made,
}

enum Made {
    /// The page whole, made as every other page is: for a theme whose
    /// `print.html` does not write each entry's body once as it is.
    Whole(Vec<u8>),
    /// The template's output with a marker in place of each entry's body:
    /// `marks[k]` is where the body of entry `plan.seq[k]` goes.
    Parts {
        text: String,
        plan: PrintPlan,
        marks: Vec<Range<usize>>,
    },
}

impl PrintDoc {
    /// Whether the page is made part by part as it is written (else it
    /// was made whole).
    pub fn in_parts(&self) -> bool {
        matches!(self.made, Made::Parts { .. })
    }
}

/// How many entries' bodies [`Renderer::write_print`] makes at once (in
/// parallel) before writing them.
const BATCH: usize = 512;

impl Renderer<'_> {
    /// The languages that have a print page.
    pub fn print_langs(&self) -> Vec<&str> {
        self.jobs
            .iter()
            .filter_map(|j| match j {
                Job::Print(l) => Some(l.as_str()),
                _ => None,
            })
            .collect()
    }

    /// The print page of `lang`, ready to be written by
    /// [`Renderer::write_print`]: its template rendered with a marker in
    /// place of each entry's body, the bodies not yet made. The page is the
    /// HTML of every entry of the language (80 MB at 10,000 pages, 800 MB
    /// at 100,000); made whole, it and its template data were most of the
    /// peak memory of a build. When the template does not write each body
    /// once and plainly (`{{ e.body | safe }}`, see [`plain_bodies`]), the
    /// page is made whole, as [`Renderer::files`] makes it.
    pub fn print_doc(&self, lang: &str) -> Result<PrintDoc, Diagnostic> {
        let job = Job::Print(lang.to_string());
        let path = self.page_url(&job);
        if plain_bodies(self.theme) {
            let plan = self.print_plan(lang);
            let entries: Vec<PrintEntry> = plan
                .seq
                .par_iter()
                .enumerate()
                .map(|(k, &i)| self.print_entry(i, lang, &path, &plan.in_doc, body_marker(k)))
                .collect();
            let view = self.print_view_of(lang, &path, &plan, entries);
            let mut ctx = self.site_context(lang, &path, &job);
            ctx.insert("page", &PageView::Print(view));
            let text = self
                .tera
                .render(PRINT_TEMPLATE, &ctx)
                .map_err(|e| template_error(PRINT_TEMPLATE, &e))?;
            if let Some(marks) = body_marks(&text, plan.seq.len()) {
                return Ok(PrintDoc {
                    path,
                    lang: lang.to_string(),
                    made: Made::Parts { text, plan, marks },
                });
            }
        }
        let whole = match self.render_job(&job)?.contents {
            Contents::Bytes(b) => b,
            Contents::Copy(_) => unreachable!("pages are made, not copied"),
        };
        Ok(PrintDoc {
            path,
            lang: lang.to_string(),
            made: Made::Whole(whole),
        })
    }

    /// Writes the print page `doc` to `w`: the template's output, and at
    /// each marker the entry's body, made just then, [`BATCH`] entries at
    /// a time in parallel. The bytes are those [`Renderer::files`] makes
    /// for the page: minified when the whole is at most
    /// [`minify::MAX_MINIFIED_PAGE`] bytes and the site is minified.
    pub fn write_print(&self, doc: PrintDoc, w: &mut dyn Write) -> io::Result<()> {
        let (text, plan, marks) = match doc.made {
            Made::Whole(bytes) => return w.write_all(&bytes),
            Made::Parts { text, plan, marks } => (text, plan, marks),
        };
        let mut out = SmallMinified {
            w,
            small: self.opts.minify.then(Vec::new),
        };
        let mut at = 0;
        for (entries, marks) in plan.seq.chunks(BATCH).zip(marks.chunks(BATCH)) {
            let bodies: Vec<String> = entries
                .par_iter()
                .map(|&i| self.print_body(i, &doc.lang, &doc.path, &plan.in_doc))
                .collect();
            for (body, mark) in bodies.iter().zip(marks) {
                out.write(&text.as_bytes()[at..mark.start])?;
                out.write(body.as_bytes())?;
                at = mark.end;
            }
        }
        out.write(&text.as_bytes()[at..])?;
        out.finish()
    }
}

/// The template of the print page.
const PRINT_TEMPLATE: &str = "print.html";

/// The character that starts and ends a body's marker: a private-use one
/// (plane 16), which no page of the site is expected to hold; if one does,
/// the marks are not found as expected and the page is made whole.
const MARK: char = '\u{10FFFD}';

/// The marker of the `k`th entry's body in the print template's output.
/// Its quotes are escaped by HTML escaping and by `json_encode`: a
/// template that writes the body other than plainly does not write the
/// marker as it is.
fn body_marker(k: usize) -> String {
    format!("{MARK}\"cb-print-body {k}\"{MARK}")
}

/// Where the markers of `n` bodies are in `text`: each once, in order,
/// and no other [`MARK`] anywhere; else `None`.
fn body_marks(text: &str, n: usize) -> Option<Vec<Range<usize>>> {
    let mut at = text.match_indices(MARK).map(|(i, _)| i);
    let mut marks = Vec::with_capacity(n);
    for k in 0..n {
        let start = at.next()?;
        let end = at.next()? + MARK.len_utf8();
        if text[start..end] != body_marker(k) {
            return None;
        }
        marks.push(start..end);
    }
    at.next().is_none().then_some(marks)
}

/// Whether the theme's templates use an entry's body of the print page
/// only to write it as it is (`{{ e.body | safe }}` in `print.html`,
/// and no other `body` there but the `class="body"` around it; no `.body`
/// or `"body"` in the others but an entry page's `page.body`). Then
/// writing each body in place of its marker gives the page the template
/// would make; a template that tests or changes the body
/// (`{% if e.body %}`, `e.body | length`) is given the real bodies.
fn plain_bodies(theme: &crate::theme::Theme) -> bool {
    theme.templates().all(|(name, bytes)| {
        let Ok(src) = std::str::from_utf8(bytes) else {
            return false;
        };
        let rest = src.replace("class=\"body\"", "");
        if name == PRINT_TEMPLATE {
            !rest.replace("{{ e.body | safe }}", "").contains("body")
        } else {
            let rest = rest.replace("page.body", "");
            !(rest.contains(".body") || rest.contains("\"body\"") || rest.contains("'body'"))
        }
    })
}

/// A writer that keeps what it is given while the whole may still be
/// small enough to minify (`small`; `None` when not minifying), so that
/// the page is minified exactly when a page made whole would be.
struct SmallMinified<'w> {
    w: &'w mut dyn Write,
    small: Option<Vec<u8>>,
}

impl SmallMinified<'_> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        let Some(small) = &mut self.small else {
            return self.w.write_all(bytes);
        };
        small.extend_from_slice(bytes);
        if small.len() > minify::MAX_MINIFIED_PAGE {
            self.w.write_all(small)?;
            self.small = None;
        }
        Ok(())
    }

    fn finish(self) -> io::Result<()> {
        match self.small {
            Some(small) => self.w.write_all(&minify::html(small)),
            None => Ok(()),
        }
    }
}

/// The anchor of an entry in the print document.
fn print_anchor(e: &crate::model::Entry) -> String {
    format!("{}-{}", e.kind.name(), e.id)
}

/// What [`prefix_ids`] replaces, in one pass.
static PREFIXED: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let patterns = [
        " id=\"".to_string(),
        "href=\"#".to_string(),
        format!("href=\"{PRINT_LINK}"),
    ];
    AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(patterns)
        .expect("fixed patterns")
});

/// An entry's HTML for the print document: its ids and same-page links
/// prefixed with the entry's anchor, and links to other entries of the
/// document (written with [`PRINT_LINK`]) turned into fragments.
fn prefix_ids(html: &str, anchor: &str) -> String {
    PREFIXED.replace_all(
        html,
        &[
            format!(" id=\"{anchor}--"),
            format!("href=\"#{anchor}--"),
            "href=\"#".to_string(),
        ],
    )
}

/// The heading tags [`demote_headings`] replaces, and what by: `h1` to
/// `h3`, `h2` to `h4`, and so on, `h4` and below to `h6`.
static DEMOTED: LazyLock<(AhoCorasick, Vec<String>)> = LazyLock::new(|| {
    let mut from = Vec::new();
    let mut to = Vec::new();
    for level in 1..=5 {
        let demoted = (level + 2).min(6);
        from.push(format!("<h{level}"));
        to.push(format!("<h{demoted}"));
        from.push(format!("</h{level}>"));
        to.push(format!("</h{demoted}>"));
    }
    let automaton = AhoCorasick::builder()
        .match_kind(aho_corasick::MatchKind::LeftmostFirst)
        .build(from)
        .expect("fixed patterns");
    (automaton, to)
});

/// Body headings of an entry in the print document, two levels down:
/// the document is `h1`, a kind `h2`, an entry `h3`. One pass over the
/// HTML (ten `str::replace` passes were 7% of `check` at 10,000 pages).
fn demote_headings(html: &str) -> String {
    let (automaton, to) = &*DEMOTED;
    automaton.replace_all(html, to)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn print_ids_are_prefixed_and_entry_links_jump_within() {
        let html = r##"<h2 id="mal">Mål</h2><a href="#mal">x</a><a href="cb-print:case-a--b">y</a><a href="../x/index.html">z</a>"##;
        assert_eq!(
            prefix_ids(html, "phase-p"),
            r##"<h2 id="phase-p--mal">Mål</h2><a href="#phase-p--mal">x</a><a href="#case-a--b">y</a><a href="../x/index.html">z</a>"##
        );
    }

    #[test]
    fn body_marks_are_found_only_each_once_in_order() {
        let (m0, m1) = (body_marker(0), body_marker(1));
        let text = format!("<a>{m0}</a><b>{m1}</b>");
        let marks = body_marks(&text, 2).unwrap();
        assert_eq!(&text[marks[0].clone()], m0);
        assert_eq!(&text[marks[1].clone()], m1);
        assert_eq!(body_marks("<p>no entries</p>", 0), Some(vec![]));
        // Dropped, repeated, out of order, changed, or a stray mark.
        assert_eq!(body_marks(&m0, 2), None);
        assert_eq!(body_marks(&format!("{m0}{m0}{m1}"), 2), None);
        assert_eq!(body_marks(&format!("{m1}{m0}"), 2), None);
        assert_eq!(body_marks(&format!("{m0}{}", m1.to_uppercase()), 2), None);
        assert_eq!(body_marks(&format!("{m0}{m1}{MARK}"), 2), None);
        let escaped = m1.replace('"', "&quot;");
        assert_eq!(body_marks(&format!("{m0}{escaped}"), 2), None);
    }

    #[test]
    fn only_templates_that_write_bodies_plainly_get_markers() {
        let tmp = tempfile::tempdir().unwrap();
        let default = crate::theme::load_theme(tmp.path(), "default").unwrap();
        assert!(plain_bodies(&default), "the default theme's print.html");
        let over = |name: &str, text: &str| {
            let mut t = default.clone();
            t.files
                .insert(format!("templates/{name}"), text.as_bytes().to_vec());
            plain_bodies(&t)
        };
        let print = std::str::from_utf8(
            default
                .templates()
                .find(|(n, _)| *n == PRINT_TEMPLATE)
                .unwrap()
                .1,
        )
        .unwrap()
        .to_string();
        assert!(over(PRINT_TEMPLATE, &print));
        for changed in [
            "{% if e.body %}{{ e.body | safe }}{% endif %}",
            "{{ e.body | length }}",
            "{{ e.body }}",
            "{{ e[\"body\"] | safe }}",
        ] {
            let text = print.replace("{{ e.body | safe }}", changed);
            assert!(!over(PRINT_TEMPLATE, &text), "{changed}");
        }
        assert!(!over(
            "macros.html",
            "{% macro b(e) %}{{ e.body }}{% endmacro b %}"
        ));
    }

    #[test]
    fn print_headings_go_two_levels_down() {
        let html = "<h1 id=\"a\">A</h1><h2>B</h2><h3>C</h3><h4>D</h4><h5>E</h5><h6>F</h6><hr>";
        assert_eq!(
            demote_headings(html),
            "<h3 id=\"a\">A</h3><h4>B</h4><h5>C</h5><h6>D</h6><h6>E</h6><h6>F</h6><hr>"
        );
    }
}
