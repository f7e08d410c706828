//! Search: the full-text index of the handbook, written as plain
//! JavaScript files that the search page loads as the query needs them.
//!
//! In: the [`ResolvedSite`], whose Markdown was parsed once (the text and
//! headings come from that parse). Out: [`OutputFile`]s under `search/`:
//!
//! - `search/index.js` — the entry: how many documents, the languages and
//!   their stemmers, the fold table and stop words for the query, the first
//!   term of every chunk, which documents are translations of which, and
//!   the values of the filters (kind, phase, country) with their labels;
//! - `search/t/<n>.<v>.js` — the terms in chunks of neighbouring terms (in
//!   sorted order, the way Pagefind chunks its index), each term with the
//!   documents it is found in and how strongly ([`encode`]);
//! - `search/d/<n>.<v>.js` — one small file per document: title, URL,
//!   kind, language, phases, country and the text for the excerpt
//!   (deflated and base64'd when that is shorter); loaded only for the
//!   results shown;
//! - `search/f/<filter>.<v>.js` — the documents of each filter value,
//!   loaded only when the reader filters (and `search/f/values.<v>.js`,
//!   the values of a filter too long to list in the entry).
//!
//! Every file calls a global function (`cbSearch.index(..)`,
//! `cbSearch.chunk(..)`, ...) so that `<script>` tags can load them: that
//! works from `file://`, where `fetch` of local files is blocked. `<v>` is a
//! hash of what the files hold (a document's before its text is encoded,
//! see [`SearchIndex`]) and of clusterbook's version, so that a browser
//! never mixes files of two builds.
//!
//! Words are analysed by [`analyze`]: folded, stemmed in the entry's
//! language, and long Swedish and Norwegian words also indexed by their
//! compound parts. A term's strength in a document adds up the fields it
//! is in — title, aliases and facts (speakers, places, organisations,
//! country names) far above headings and tags, those above the summary,
//! and the body last — and is stored as one of 16 classes on a log scale.

pub mod analyze;
pub mod countries;
pub mod encode;

use crate::model::{Fields, Kind};
use crate::render::{Contents, OutputFile};
use crate::resolve::{ResolvedEntry, ResolvedSite};
use analyze::{Stemmer, Vocabulary, fold, words};
use rayon::prelude::*;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Where a word stands in an entry, and what finding it there is worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    Title,
    Alias,
    /// Speakers, places, organisations, country names.
    Fact,
    Heading,
    Tag,
    /// The summary, or a term's definition.
    Summary,
    /// The body and the Markdown lines of the front matter.
    Body,
}

impl Field {
    const ALL: [Field; 7] = [
        Field::Title,
        Field::Alias,
        Field::Fact,
        Field::Heading,
        Field::Tag,
        Field::Summary,
        Field::Body,
    ];

    fn weight(self) -> u32 {
        match self {
            Field::Title => 40,
            Field::Alias => 32,
            Field::Fact => 24,
            Field::Heading => 12,
            Field::Tag => 12,
            Field::Summary => 6,
            Field::Body => 1,
        }
    }

    fn bit(self) -> u8 {
        1 << self as u8
    }
}

/// The most values of a filter listed in the entry file; a longer list
/// (the synthetic benchmark has thousands of phases) is in
/// `search/f/values.<v>.js`, loaded when the reader opens the filter.
const MAX_LISTED: usize = 64;

/// Body occurrences counted at most: a long page that repeats a word is
/// not worth more than one that names it in a heading.
const BODY_CAP: u32 = 8;

/// How many entries are read at once for their words (see [`index`]).
const WORDS_AT_ONCE: usize = 512;

/// How a word (or a term) stands in one document.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Tally {
    /// The fields other than the body it is in.
    fields: u8,
    /// How often it is in the body (counted to 65,535: a score counts
    /// [`BODY_CAP`] at most).
    body: u16,
}

impl Tally {
    fn add(&mut self, other: Tally) {
        self.fields |= other.fields;
        self.body = self.body.saturating_add(other.body);
    }

    fn score(self) -> u32 {
        Field::ALL
            .iter()
            .filter(|f| **f != Field::Body && self.fields & f.bit() != 0)
            .map(|f| f.weight())
            .sum::<u32>()
            + u32::from(self.body).min(BODY_CAP)
    }
}

// Sixteen classes at most, so that a class fits in four bits beside a term.
const _: () = assert!(encode::CLASSES.len() <= 16);

/// The strength class (0–15) of a score: two classes per doubling.
fn class_of(score: u32) -> u8 {
    let score = score.max(1) as f64;
    ((2.0 * score.log2()).round() as u8).min(encode::CLASSES.len() as u8 - 1)
}

/// One entry's words before analysis.
struct DocWords {
    stemmer: Stemmer,
    /// The distinct folded words, one after the other, in word order.
    text: String,
    /// Where each word of `text` ends, and where it stands. One buffer per
    /// entry rather than a `String` per word: at 10,000 pages the words
    /// of every entry are held at once, and a `String` each was 200 MB.
    ends: Vec<(u32, Tally)>,
}

impl DocWords {
    /// The words and where each stands, in word order.
    fn words(&self) -> impl Iterator<Item = (&str, Tally)> + '_ {
        let mut start = 0;
        self.ends.iter().map(move |&(end, tally)| {
            let word = &self.text[start..end as usize];
            start = end as usize;
            (word, tally)
        })
    }
}

/// The text of an entry by field.
fn entry_fields(r: &ResolvedEntry) -> Vec<(Field, String)> {
    let e = &r.entry;
    let mut out = vec![(Field::Title, e.title.clone())];
    out.extend(e.aliases().iter().map(|a| (Field::Alias, a.clone())));
    for f in facts(r) {
        out.push((Field::Fact, f));
    }
    if let Some(code) = country_of(e) {
        for (_, name) in countries::names(code) {
            out.push((Field::Fact, name.to_string()));
        }
    }
    out.extend(
        r.body
            .doc
            .headings
            .iter()
            .map(|h| (Field::Heading, h.text.clone())),
    );
    out.extend(e.tags.iter().map(|t| (Field::Tag, t.value.clone())));
    out.extend(e.summary.iter().map(|s| (Field::Summary, s.clone())));
    if let Fields::Term(t) = &e.fields {
        out.push((Field::Summary, t.definition.clone()));
    }
    out.push((Field::Body, r.body.doc.text()));
    for (_, docs) in &r.lines {
        out.extend(docs.iter().map(|d| (Field::Body, d.doc.text())));
    }
    out
}

/// The facts of an entry that readers search by: names of people,
/// places and organisations.
fn facts(r: &ResolvedEntry) -> Vec<String> {
    let mut v: Vec<String> = Vec::new();
    match &r.entry.fields {
        Fields::Case(c) => {
            v.extend(c.cluster.clone());
            v.extend(c.region.clone());
            v.extend(c.organisations.iter().cloned());
        }
        Fields::Talk(t) => {
            v.extend(r.speakers.iter().map(|(name, _)| name.clone()));
            v.extend(t.affiliation.clone());
            v.extend(t.event.clone());
        }
        Fields::Resource(res) => v.extend(res.publisher.clone()),
        Fields::Person(p) => {
            v.extend(p.organisation.clone());
            v.extend(p.region.clone());
            v.extend(p.expertise.iter().cloned());
        }
        _ => {}
    }
    v
}

/// The country code of an entry that has one (cases and people).
fn country_of(e: &crate::model::Entry) -> Option<&String> {
    match &e.fields {
        Fields::Case(c) => c.country.as_ref(),
        Fields::Person(p) => p.country.as_ref(),
        _ => None,
    }
}

/// The text a result's excerpt is taken from: summary, aliases and facts,
/// then the body and the front matter's lines.
fn excerpt_text(r: &ResolvedEntry) -> String {
    let e = &r.entry;
    let mut parts: Vec<String> = Vec::new();
    parts.extend(e.summary.clone());
    if let Fields::Term(t) = &e.fields {
        parts.push(t.definition.clone());
    }
    let mut named: Vec<String> = e.aliases().to_vec();
    named.extend(facts(r));
    if let Some(code) = country_of(e) {
        for (_, name) in countries::names(code) {
            if !named.iter().any(|n| n == name) {
                named.push(name.to_string());
            }
        }
    }
    if !named.is_empty() {
        parts.push(named.join(" · "));
    }
    parts.push(r.body.doc.text().trim().to_string());
    for (_, docs) in &r.lines {
        parts.extend(docs.iter().map(|d| d.doc.text().trim().to_string()));
    }
    parts.retain(|p| !p.is_empty());
    parts.join("\n")
}

fn collect_words(r: &ResolvedEntry, stop: &HashSet<&str>) -> DocWords {
    let stemmer = Stemmer::for_lang(&r.entry.lang);
    let mut index: HashMap<String, usize> = HashMap::default();
    let mut words_out: Vec<(String, Tally)> = Vec::new();
    let mut lower = String::new();
    for (field, text) in entry_fields(r) {
        let tally = if field == Field::Body {
            Tally { fields: 0, body: 1 }
        } else {
            Tally {
                fields: field.bit(),
                body: 0,
            }
        };
        for w in words(&text) {
            // Most words are ASCII: lowercased in place, nothing to fold.
            lower.clear();
            if w.is_ascii() {
                lower.extend(w.bytes().map(|b| b.to_ascii_lowercase() as char));
            } else {
                lower.push_str(&w.to_lowercase());
            }
            if stop.contains(lower.as_str()) {
                continue;
            }
            let folded = if lower.is_ascii() {
                std::borrow::Cow::Borrowed(lower.as_str())
            } else {
                std::borrow::Cow::Owned(fold(&lower))
            };
            match index.get(folded.as_ref()) {
                Some(&i) => words_out[i].1.add(tally),
                None => {
                    index.insert(folded.to_string(), words_out.len());
                    words_out.push((folded.into_owned(), tally));
                }
            }
        }
    }
    let mut text = String::with_capacity(words_out.iter().map(|(w, _)| w.len()).sum());
    let ends = words_out
        .into_iter()
        .map(|(w, tally)| {
            text.push_str(&w);
            (text.len() as u32, tally)
        })
        .collect();
    DocWords {
        stemmer,
        text,
        ends,
    }
}

/// What a word is indexed by: its stem and the stems of its compound parts.
#[derive(Debug, Clone)]
struct Analysis {
    stem: String,
    parts: Vec<String>,
}

fn analyse(word: &str, stemmer: Stemmer, vocab: &Vocabulary<'_>) -> Analysis {
    let stem = stemmer.stem(word);
    let mut parts = Vec::new();
    if stemmer.compounds() {
        // Parts of parts too: `klusterprocessledare` → `processledare` → `ledare`.
        let mut todo: Vec<&str> = analyze::compound_parts(word, vocab);
        let mut seen = 0;
        while let Some(p) = todo.pop() {
            seen += 1;
            let s = stemmer.stem(p);
            if s != stem && !parts.contains(&s) {
                parts.push(s);
            }
            if seen < 8 {
                todo.extend(analyze::compound_parts(p, vocab));
            }
        }
        parts.sort();
    }
    Analysis { stem, parts }
}

/// Orders terms as JavaScript compares strings (by UTF-16 code units), so
/// that the browser's binary search agrees with the build's order.
fn js_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// A 64-bit FNV-1a hash: the version that names the index's files.
fn fnv1a(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, b| {
        (h ^ *b as u64).wrapping_mul(0x0000_0100_0000_01b3)
    })
}

/// What one document's entry in its file holds, before its text is
/// encoded: title, URL, kind, language, phases and country, and the text
/// for the excerpt.
fn doc_parts(site: &ResolvedSite, r: &ResolvedEntry) -> (Value, String) {
    let e = &r.entry;
    let mut doc = json!({
        "t": e.title,
        "u": r.url,
        "k": e.kind.name(),
        "l": e.lang,
    });
    // The phases with their titles in the entry's language, for the
    // result's line of facts.
    let phases: Vec<Value> = phases_of(site, r)
        .into_iter()
        .map(|id| {
            let title = site
                .find(Kind::Phase, &id, &e.lang)
                .map(|i| site.entries[i].entry.title.clone())
                .unwrap_or_else(|| id.clone());
            json!([id, title])
        })
        .collect();
    if !phases.is_empty() {
        doc["p"] = json!(phases);
    }
    if let Some(code) = country_of(e) {
        doc["c"] = json!(code.to_uppercase());
    }
    (doc, excerpt_text(r))
}

/// One document's entry in its file.
fn doc_json(site: &ResolvedSite, r: &ResolvedEntry) -> Value {
    let (mut doc, text) = doc_parts(site, r);
    let deflated = deflate(text.as_bytes());
    // base64 of deflate costs 4/3 of the deflated size; plain text costs
    // its JSON-escaped length. Keep the smaller.
    let plain = serde_json::to_string(&text).unwrap_or_default().len();
    if deflated.len().div_ceil(3) * 4 < plain {
        doc["z"] = json!(encode::base64(&deflated));
        // Its size inflated, so that the page can inflate it at once.
        doc["n"] = json!(text.len());
    } else {
        doc["x"] = json!(text);
    }
    doc
}

/// A hash of what a document's file holds, made without encoding it (see
/// [`SearchIndex`]).
fn doc_hash(site: &ResolvedSite, r: &ResolvedEntry) -> u64 {
    let (doc, text) = doc_parts(site, r);
    let mut h = Fnv(FNV_START);
    serde_json::to_writer(&mut h, &doc).expect("JSON to a hash");
    h.0 = fnv1a(h.0, text.as_bytes());
    h.0
}

/// [`fnv1a`] as a writer, so that JSON is hashed without being held.
struct Fnv(u64);

impl std::io::Write for Fnv {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 = fnv1a(self.0, buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Where [`fnv1a`] starts.
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

/// `bytes` as raw deflate (no header), which the search page inflates.
fn deflate(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut encoder = flate2::write::DeflateEncoder::new(
        Vec::with_capacity(bytes.len() / 2),
        flate2::Compression::new(6),
    );
    encoder.write_all(bytes).expect("deflate to memory");
    encoder.finish().expect("deflate to memory")
}

/// The ids of an entry's phases: those it names, or itself for a phase.
fn phases_of(site: &ResolvedSite, r: &ResolvedEntry) -> Vec<String> {
    if r.entry.kind == Kind::Phase {
        return vec![r.entry.id.clone()];
    }
    let ids: BTreeSet<&str> = r
        .phases
        .iter()
        .map(|&p| site.entries[p].entry.id.as_str())
        .collect();
    let mut v: Vec<(i64, String)> = ids
        .into_iter()
        .map(|id| {
            let order = site
                .find(Kind::Phase, id, site.config.default_language())
                .and_then(|i| site.entries[i].entry.order())
                .unwrap_or(i64::MAX);
            (order, id.to_string())
        })
        .collect();
    v.sort();
    v.into_iter().map(|(_, id)| id).collect()
}

/// A file of the index: `cbSearch.<call>(<args>);`.
fn script(path: String, call: &str, args: &str) -> OutputFile {
    OutputFile {
        path,
        contents: Contents::Bytes(format!("cbSearch.{call}({args});\n").into_bytes()),
    }
}

/// The target size of a chunk of terms, in bytes: about the square root of
/// twice the postings' total size, so that the chunk a query loads and the
/// table of chunks in the entry file stay small together.
fn chunk_target(total: usize) -> usize {
    ((total as f64 * 4.0).sqrt() as usize).clamp(2048, 32 * 1024)
}

/// The time each step of [`build_index`] takes, printed to stderr when
/// `CLUSTERBOOK_TIMINGS` is set (as [`crate::timed`] does for stages).
struct Laps(Option<std::time::Instant>);

impl Laps {
    fn start() -> Laps {
        Laps(std::env::var_os("CLUSTERBOOK_TIMINGS").map(|_| std::time::Instant::now()))
    }

    fn lap(&mut self, step: &str) {
        if let Some(since) = self.0 {
            eprintln!(
                "timing:   search {step:<10} {:>8.3} s",
                since.elapsed().as_secs_f64()
            );
            self.0 = Some(std::time::Instant::now());
        }
    }
}

/// Builds the search index of the site, but for the documents' files
/// (see [`SearchIndex`]).
pub fn index(site: &ResolvedSite) -> SearchIndex<'_> {
    let mut laps = Laps::start();
    let main = site.config.default_language();
    let stop: HashMap<Stemmer, HashSet<&str>> = [
        Stemmer::Swedish,
        Stemmer::Norwegian,
        Stemmer::English,
        Stemmer::None,
    ]
    .into_iter()
    .map(|s| (s, s.stop_words().iter().copied().collect()))
    .collect();

    // 1. Each entry's distinct words and where they stand, every word
    //    numbered the first time it is met. Entries are read a few hundred
    //    at a time in parallel, then their words numbered, so that a word's
    //    text is held once however many entries use it: held per entry, the
    //    words and the terms made of them were 1.5 GB at 100,000 pages.
    let mut numbers: HashMap<Stemmer, HashMap<Box<str>, u32>> = HashMap::default();
    let mut count = 0u32;
    let mut doc_words: Vec<Vec<(u32, Tally)>> = Vec::with_capacity(site.entries.len());
    for part in site.entries.chunks(WORDS_AT_ONCE) {
        let read: Vec<DocWords> = part
            .par_iter()
            .map(|r| collect_words(r, &stop[&Stemmer::for_lang(&r.entry.lang)]))
            .collect();
        for d in read {
            let numbers = numbers.entry(d.stemmer).or_default();
            doc_words.push(
                d.words()
                    .map(|(w, tally)| {
                        // Looked up first: most words were met before, and
                        // `entry` would copy each to a new key.
                        let n = match numbers.get(w) {
                            Some(&n) => n,
                            None => {
                                numbers.insert(w.into(), count);
                                count += 1;
                                count - 1
                            }
                        };
                        (n, tally)
                    })
                    .collect(),
            );
        }
    }
    // The words by number.
    let mut list: Vec<(Stemmer, Box<str>)> = vec![(Stemmer::None, Box::default()); count as usize];
    for (stemmer, numbers) in numbers {
        for (w, n) in numbers {
            list[n as usize] = (stemmer, w);
        }
    }

    laps.lap("words");
    // 2. Every distinct word analysed once; compound parts are known words
    //    of the Swedish and Norwegian entries.
    let vocab = Vocabulary::new(
        list.iter()
            .filter(|(s, _)| s.compounds())
            .map(|(_, w)| w.as_ref()),
    );
    let analysed: Vec<Analysis> = list
        .par_iter()
        .map(|(s, w)| analyse(w, *s, &vocab))
        .collect();
    drop(vocab);
    // Terms by number: the word's stem and the stems of its parts.
    let mut term_ids: HashMap<&str, u32> = HashMap::default();
    let mut term_list: Vec<&str> = Vec::new();
    let word_terms: Vec<(u32, Vec<u32>)> = analysed
        .iter()
        .map(|a| {
            let mut ids = Vec::with_capacity(1 + a.parts.len());
            for t in std::iter::once(&a.stem).chain(&a.parts) {
                let next = term_list.len() as u32;
                let id = *term_ids.entry(t.as_str()).or_insert(next);
                if id == next {
                    term_list.push(t.as_str());
                }
                ids.push(id);
            }
            (ids[0], ids[1..].to_vec())
        })
        .collect();

    laps.lap("analyse");
    // 3. Terms of each document with their strength class; each entry's
    //    words are dropped as its terms are made.
    //    A term and its class are one u32 (the class in the low 4 bits).
    let doc_terms: Vec<Vec<u32>> = doc_words
        .into_par_iter()
        .map(|words| {
            let mut terms: HashMap<u32, (Tally, Tally)> = HashMap::default();
            for (w, tally) in words {
                let (stem, parts) = &word_terms[w as usize];
                terms.entry(*stem).or_default().0.add(tally);
                for p in parts {
                    terms.entry(*p).or_default().1.add(tally);
                }
            }
            terms
                .into_iter()
                .map(|(t, (whole, part))| {
                    let score = whole.score() * 2 + part.score();
                    t << 4 | u32::from(class_of(score.div_ceil(2)))
                })
                .collect()
        })
        .collect();

    laps.lap("doc terms");
    drop(word_terms);
    drop(list);

    // 4. Posting lists, in document order; terms in the order JavaScript
    //    compares them.
    //    Each list is made at its length (grown by doubling, they were up
    //    to twice the size), and each document's terms dropped as they
    //    are added.
    //    (2^28 terms or documents would need tens of GB of content before
    //    this point.)
    assert!(
        term_list.len() < 1 << 28,
        "more than 2^28 terms: they do not fit beside a class in a u32"
    );
    let mut lengths = vec![0usize; term_list.len()];
    for t in doc_terms.iter().flatten() {
        lengths[(t >> 4) as usize] += 1;
    }
    //    A document and its class are one u32 too.
    assert!(
        doc_terms.len() < 1 << 28,
        "more than 2^28 documents: they do not fit beside a class in a u32"
    );
    let mut postings: Vec<Vec<u32>> = lengths.into_iter().map(Vec::with_capacity).collect();
    for (doc, terms) in doc_terms.into_iter().enumerate() {
        for t in terms {
            postings[(t >> 4) as usize].push((doc as u32) << 4 | (t & 15));
        }
    }
    let mut order: Vec<usize> = (0..term_list.len()).collect();
    order.par_sort_unstable_by(|&a, &b| js_order(term_list[a], term_list[b]));
    let terms: Vec<(&str, &[u32])> = order
        .iter()
        .map(|&i| (term_list[i], postings[i].as_slice()))
        .collect();

    laps.lap("postings");
    // 5. Chunks of neighbouring terms.
    let encoded: Vec<String> = terms
        .par_iter()
        .map(|(_, p)| {
            let unpacked: Vec<(u32, u8)> = p.iter().map(|x| (x >> 4, (x & 15) as u8)).collect();
            let mut s = String::new();
            encode::push_postings(&mut s, &unpacked);
            s
        })
        .collect();
    let total: usize = terms
        .iter()
        .zip(&encoded)
        .map(|((t, _), e)| t.len() + e.len() + 2)
        .sum();
    let target = chunk_target(total);
    let mut chunks: Vec<(String, String)> = Vec::new(); // (first term, body)
    let mut previous = "";
    for ((term, _), post) in terms.iter().zip(&encoded) {
        let body = match chunks.last_mut() {
            Some((_, body)) if body.len() < target => {
                body.push(' ');
                body
            }
            _ => {
                chunks.push((term.to_string(), String::new()));
                previous = "";
                &mut chunks.last_mut().expect("just pushed").1
            }
        };
        encode::push_term(body, previous, term);
        body.push_str(post);
        previous = term;
    }

    laps.lap("chunks");
    drop(encoded);
    drop(terms);
    drop(postings);

    // 6. Documents and filters. A document's file is made when it is
    //    written ([`SearchIndex::doc_file`]); here only a hash of what it
    //    holds, for the version. Made here, the files were 540 MB held at
    //    once at 100,000 pages.
    let doc_hashes: Vec<u64> = site.entries.par_iter().map(|r| doc_hash(site, r)).collect();
    laps.lap("documents");
    let mut filter_files: Vec<(&str, String)> = Vec::new();
    let mut filter_meta = serde_json::Map::new();
    // Long lists of values are left out of the entry, in their own file.
    let mut lazy = serde_json::Map::new();
    for (name, values) in filter_values(site) {
        let mut docs_of = serde_json::Map::new();
        let mut meta = Vec::new();
        for (value, docs, labels) in values {
            let mut s = String::new();
            encode::push_ascending(&mut s, docs.iter().copied());
            docs_of.insert(value.clone(), json!(s));
            meta.push(json!([value, docs.len(), labels]));
        }
        filter_files.push((name, format!("{},{}", json!(name), Value::Object(docs_of))));
        if meta.len() > MAX_LISTED {
            lazy.insert(name.to_string(), json!(meta));
        } else {
            filter_meta.insert(name.to_string(), json!(meta));
        }
    }
    if !lazy.is_empty() {
        filter_files.push(("values", format!("\"values\",{}", Value::Object(lazy))));
    }

    laps.lap("filters");
    // The version changes with anything a file of the index holds, and
    // with clusterbook's version (which may encode a document otherwise).
    let mut version = fnv1a(FNV_START, env!("CARGO_PKG_VERSION").as_bytes());
    for (_, body) in &chunks {
        version = fnv1a(version, body.as_bytes());
    }
    for h in &doc_hashes {
        version = fnv1a(version, &h.to_le_bytes());
    }
    for (_, f) in &filter_files {
        version = fnv1a(version, f.as_bytes());
    }
    let v = format!("{:08x}", version as u32 ^ (version >> 32) as u32);

    let mut files = Vec::with_capacity(chunks.len() + 4);
    let mut table = String::new();
    let mut prev = "";
    for (i, (first, body)) in chunks.iter().enumerate() {
        if i > 0 {
            table.push(' ');
        }
        encode::push_term(&mut table, prev, first);
        prev = first;
        let args = format!(
            "{i},{}",
            serde_json::to_string(body).expect("strings serialise")
        );
        files.push(script(format!("search/t/{i}.{v}.js"), "chunk", &args));
    }
    for (name, args) in filter_files {
        files.push(script(format!("search/f/{name}.{v}.js"), "filter", &args));
    }

    // The languages: each with its stemmer; documents not in the main
    // language listed with the document of their main language.
    let mut langs = serde_json::Map::new();
    let mut others: BTreeMap<&str, (String, u32)> = BTreeMap::new();
    for (i, r) in site.entries.iter().enumerate() {
        let lang = r.entry.lang.as_str();
        langs.insert(lang.to_string(), json!(Stemmer::for_lang(lang).name()));
        if lang == main {
            continue;
        }
        let m = site.main_version(i);
        let (s, prev) = others.entry(lang).or_insert((String::new(), 0));
        encode::push_number(s, (i as u32 - *prev) as u64);
        encode::push_number(s, if m == i { 0 } else { (i - m) as u64 });
        *prev = i as u32;
    }
    langs
        .entry(main.to_string())
        .or_insert_with(|| json!(Stemmer::for_lang(main).name()));
    let stop_words: BTreeSet<&str> = langs
        .keys()
        .flat_map(|l| Stemmer::for_lang(l).stop_words().iter().copied())
        .collect();
    let entry = json!({
        "version": v,
        "docs": site.entries.len(),
        "main": main,
        "langs": langs,
        "others": others.into_iter().map(|(l, (s, _))| (l.to_string(), json!(s))).collect::<serde_json::Map<_, _>>(),
        "chunks": table,
        "stop": stop_words.into_iter().collect::<Vec<_>>().join(" "),
        "fold": analyze::FOLDS.iter().map(|(c, s)| format!("{c}{s}")).collect::<Vec<_>>().join(" "),
        "enc": {
            "last": encode::LAST,
            "more": encode::MORE,
            "classes": encode::CLASSES,
            "prefix": encode::PREFIX,
        },
        "filters": filter_meta,
    });
    files.push(script(
        "search/index.js".to_string(),
        "index",
        &entry.to_string(),
    ));
    files.sort_by(|a, b| a.path.cmp(&b.path));
    laps.lap("files");
    SearchIndex {
        site,
        version: v,
        files,
    }
}

/// The search index of a site: every file made but the documents' (one
/// per entry, the largest part of the index), which are made one at a time
/// as they are written ([`SearchIndex::doc_file`]), so that a build does
/// not hold them all.
#[derive(Debug)]
pub struct SearchIndex<'s> {
    site: &'s ResolvedSite,
    /// The version in every file's name.
    version: String,
    /// The entry, term chunk and filter files, sorted by path.
    pub files: Vec<OutputFile>,
}

impl SearchIndex<'_> {
    /// How many documents (and document files) the index has.
    pub fn docs(&self) -> usize {
        self.site.entries.len()
    }

    /// The file of document `i` (`search/d/<i>.<v>.js`).
    pub fn doc_file(&self, i: usize) -> OutputFile {
        let mut bytes = format!("cbSearch.doc({i},").into_bytes();
        serde_json::to_writer(&mut bytes, &doc_json(self.site, &self.site.entries[i]))
            .expect("JSON to memory");
        bytes.extend_from_slice(b");\n");
        OutputFile {
            path: format!("search/d/{i}.{}.js", self.version),
            contents: Contents::Bytes(bytes),
        }
    }

    /// Every file of the index, the documents' made too, sorted by path.
    pub fn into_files(self) -> Vec<OutputFile> {
        let mut files: Vec<OutputFile> = (0..self.docs())
            .into_par_iter()
            .map(|i| self.doc_file(i))
            .collect();
        files.extend(self.files);
        files.sort_by(|a, b| a.path.cmp(&b.path));
        files
    }
}

/// Builds the search index of the site, every file made.
pub fn build_index(site: &ResolvedSite) -> Vec<OutputFile> {
    index(site).into_files()
}

/// One filter's values: value, its documents, its labels by language.
type FilterValues = Vec<(String, Vec<u32>, Value)>;

/// The values of the filters: kind (in the site's order), phase (by the
/// model's order) and country (by code).
fn filter_values(site: &ResolvedSite) -> Vec<(&'static str, FilterValues)> {
    let mut kinds: BTreeMap<Kind, Vec<u32>> = BTreeMap::new();
    let mut phases: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    let mut countries: BTreeMap<String, Vec<u32>> = BTreeMap::new();
    for (i, r) in site.entries.iter().enumerate() {
        let i = i as u32;
        kinds.entry(r.entry.kind).or_default().push(i);
        for p in phases_of(site, r) {
            phases.entry(p).or_default().push(i);
        }
        if let Some(code) = country_of(&r.entry) {
            countries.entry(code.to_uppercase()).or_default().push(i);
        }
    }
    let main = site.config.default_language();
    // Each phase's titles by language, in one pass over the entries (a
    // pass per phase was 70 s of a 100,000-page build).
    let mut titles: HashMap<&str, BTreeMap<&str, &str>> = HashMap::default();
    for r in site.entries.iter().filter(|r| r.entry.kind == Kind::Phase) {
        titles
            .entry(r.entry.id.as_str())
            .or_default()
            .insert(r.entry.lang.as_str(), r.entry.title.as_str());
    }
    let mut phase_list: Vec<(i64, String, Vec<u32>, Value)> = phases
        .into_iter()
        .map(|(id, docs)| {
            let order = site
                .find(Kind::Phase, &id, main)
                .and_then(|i| site.entries[i].entry.order())
                .unwrap_or(i64::MAX);
            let labels = titles.get(id.as_str()).cloned().unwrap_or_default();
            (order, id, docs, json!(labels))
        })
        .collect();
    phase_list.sort_by(|a, b| (a.0, &a.1).cmp(&(b.0, &b.1)));
    vec![
        (
            "kind",
            kinds
                .into_iter()
                .map(|(k, docs)| (k.name().to_string(), docs, json!({})))
                .collect(),
        ),
        (
            "phase",
            phase_list
                .into_iter()
                .map(|(_, id, docs, labels)| (id, docs, labels))
                .collect(),
        ),
        (
            "country",
            countries
                .into_iter()
                .map(|(code, docs)| {
                    let labels: BTreeMap<&str, &str> =
                        countries::names(&code).into_iter().collect();
                    (code, docs, json!(labels))
                })
                .collect(),
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_grow_with_the_score() {
        assert_eq!(class_of(1), 0);
        assert_eq!(class_of(2), 2);
        assert!(class_of(Field::Title.weight()) > class_of(BODY_CAP));
        assert!(class_of(Field::Heading.weight()) > class_of(BODY_CAP));
        assert_eq!(class_of(1000), 15);
    }

    #[test]
    fn a_tally_counts_each_field_once_and_caps_the_body() {
        let mut t = Tally::default();
        t.add(Tally {
            fields: Field::Title.bit(),
            body: 0,
        });
        t.add(Tally {
            fields: Field::Title.bit(),
            body: 0,
        });
        t.add(Tally {
            fields: 0,
            body: 25,
        });
        assert_eq!(t.score(), 40 + BODY_CAP);
    }

    fn fixture_index() -> Vec<OutputFile> {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search");
        let site = crate::load(&crate::BuildOptions::new(root))
            .site
            .expect("the fixture loads");
        build_index(&site)
    }

    fn text(f: &OutputFile) -> &str {
        match &f.contents {
            Contents::Bytes(b) => std::str::from_utf8(b).expect("the index is text"),
            Contents::Copy(_) => panic!("the index is made, not copied"),
        }
    }

    #[test]
    fn the_index_is_scripts_under_search_and_the_same_every_build() {
        let a = fixture_index();
        let b = fixture_index();
        assert_eq!(a, b, "same input, same bytes");
        let paths: Vec<&str> = a.iter().map(|f| f.path.as_str()).collect();
        assert!(paths.windows(2).all(|w| w[0] < w[1]), "sorted by path");
        assert!(paths.contains(&"search/index.js"));
        for f in &a {
            assert!(
                f.path.starts_with("search/") && f.path.ends_with(".js"),
                "{}",
                f.path
            );
            assert!(text(f).starts_with("cbSearch."), "{}", f.path);
        }
        let docs = paths.iter().filter(|p| p.starts_with("search/d/")).count();
        assert_eq!(docs, 13, "one file per entry, translations included");
        assert!(paths.iter().any(|p| p.starts_with("search/t/")));
        assert!(paths.iter().any(|p| p.starts_with("search/f/kind.")));
    }

    #[test]
    fn entries_are_indexed_by_stems_compound_parts_and_facts() {
        let files = fixture_index();
        // Every term of every chunk, front coding undone.
        let mut terms: Vec<String> = Vec::new();
        for f in files.iter().filter(|f| f.path.starts_with("search/t/")) {
            let t = text(f);
            let json = &t[t.find(',').unwrap() + 1..t.rfind(");").unwrap()];
            let body: String = serde_json::from_str(json).unwrap();
            let mut previous = String::new();
            for entry in body.split(' ') {
                let shared = encode::PREFIX.find(&entry[..1]).unwrap();
                let rest: String = entry[1..]
                    .chars()
                    .take_while(|c| !encode::CLASSES.contains(*c))
                    .collect();
                let term: String = previous.chars().take(shared).chain(rest.chars()).collect();
                terms.push(term.clone());
                previous = term;
            }
        }
        for term in [
            "styringsgrupp",  // an alias, stemmed
            "kalmarregion",   // a region
            "kalm",           // and its first part
            "utveckling",     // the head of `klusterutveckling`
            "bukarest",       // a region
            "eriksson",       // a speaker
            "rumani",         // a country's name
            "hallbarhetsfas", // `Hållbarhetsfasen`, folded and stemmed
        ] {
            assert!(
                terms.iter().any(|t| t == term),
                "{term} is a term: {terms:?}"
            );
        }
        let entry = text(files.iter().find(|f| f.path == "search/index.js").unwrap());
        assert!(
            entry.contains(r#""langs":{"en":"english","sv":"swedish"}"#),
            "{entry}"
        );
        assert!(entry.contains(r#"["RO",1,{"en":"Romania","nb":"Romania","sv":"Rumänien"}]"#));
    }

    #[test]
    fn the_version_changes_with_a_document_whose_terms_do_not() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/search");
        let mut site = crate::load(&crate::BuildOptions::new(root))
            .site
            .expect("the fixture loads");
        let version = |files: &[OutputFile]| {
            let entry = text(files.iter().find(|f| f.path == "search/index.js").unwrap());
            entry[entry.find("\"version\":").unwrap()..][..20].to_string()
        };
        let chunks = |files: &[OutputFile]| -> Vec<String> {
            files
                .iter()
                .filter(|f| f.path.starts_with("search/t/"))
                .map(|f| text(f).to_string())
                .collect()
        };
        let before = build_index(&site);
        // A stop word added to a Swedish entry's summary: its excerpt
        // changes, its terms do not.
        let i = site
            .entries
            .iter()
            .position(|r| r.entry.lang == "sv" && r.entry.summary.is_some())
            .expect("a Swedish entry with a summary");
        std::sync::Arc::get_mut(&mut site.entries[i])
            .expect("held once")
            .entry
            .summary
            .as_mut()
            .unwrap()
            .push_str(" och");
        let after = build_index(&site);
        assert_eq!(
            chunks(&before).len(),
            chunks(&after).len(),
            "the same chunks"
        );
        assert_ne!(version(&before), version(&after));
        let doc = |files: &[OutputFile]| {
            let prefix = format!("search/d/{i}.");
            text(files.iter().find(|f| f.path.starts_with(&prefix)).unwrap()).to_string()
        };
        assert_ne!(doc(&before), doc(&after));
        // Only the version in the chunks' names and the document differ.
        let strip = |files: &[OutputFile]| -> Vec<String> {
            let v = version(files);
            let v = &v[11..19];
            chunks(files).iter().map(|c| c.replace(v, "")).collect()
        };
        assert_eq!(strip(&before), strip(&after));
    }

    #[test]
    fn terms_sort_as_javascript_compares_them() {
        // U+FF21 (fullwidth A) is above a surrogate pair in UTF-16 order,
        // below it in code point order.
        let mut v = vec!["\u{1F600}", "\u{FF21}"];
        v.sort_by(|a, b| js_order(a, b));
        assert_eq!(v, ["\u{1F600}", "\u{FF21}"]);
    }
}
