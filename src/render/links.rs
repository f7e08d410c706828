//! Where pages are and how one page reaches another: every href the
//! theme gets is relative to the page it is written on, so the site works
//! at any path and opened from disk.
//!
//! In: a page's path from the site root and what it links to (an entry, a
//! kind's index, a heading, an asset, a tag or facet value). Out: relative
//! hrefs, the URL slugs of tag and facet values, and Markdown as HTML with
//! its links made relative.

use super::Renderer;
use crate::markdown::{self, GlossaryLinks};
use crate::resolve::{ResolvedMarkdown, Target};
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// The relative prefix from page `url` to the site root.
pub(crate) fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}

/// The longest slug of a tag or facet value kept as it is (in bytes; the
/// folder name must fit every file system, and a reader must be able to
/// read the address).
pub const MAX_SLUG: usize = 60;

/// The URL slugs of the tag and facet values `values`, distinct for
/// distinct values. A value's slug is its transliteration (`Skåne` →
/// `skane`) when no other value has the same one and it is neither empty
/// nor longer than [`MAX_SLUG`]; otherwise a short stable hash of the value
/// is added (`C++` → `c-1b3f0a2c`, `C#` → `c-9e01d4f7`, `Кластер` →
/// `4c6a90e1`), so no two values share a page and no entry vanishes.
pub fn value_slugs<'a>(values: impl IntoIterator<Item = &'a str>) -> HashMap<String, String> {
    let mut by_base: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for v in values {
        by_base
            .entry(crate::source::slugify(v))
            .or_default()
            .insert(v);
    }
    let mut out = HashMap::new();
    let mut hashed = Vec::new();
    for (base, group) in by_base {
        // A device name (`CON`) gets a hash too: no folder may have it on
        // Windows.
        if group.len() == 1
            && !base.is_empty()
            && base.len() <= MAX_SLUG
            && !crate::source::is_device_name(&base)
        {
            out.insert(
                group.into_iter().next().unwrap_or_default().to_string(),
                base,
            );
        } else {
            hashed.extend(group.into_iter().map(|v| (base.clone(), v)));
        }
    }
    // A hashed slug may be another value's plain one (`a-8601ec8c` is
    // both `a`'s, beside `A`, and the tag `a-8601ec8c`'s) or, rarely,
    // another hashed one: plain slugs keep theirs, and a hashed one takes
    // a longer hash until it is free (values in order: deterministic).
    let mut taken: HashSet<String> = out.values().cloned().collect();
    for (base, v) in hashed {
        let mut cut = base.as_str();
        while cut.len() > MAX_SLUG {
            cut = &cut[..cut.len() - 1];
        }
        let cut = cut.trim_end_matches('-');
        let h = fnv1a(v);
        let slug = (0u64..)
            .map(|n| {
                let hash = match n {
                    0 => format!("{:08x}", h as u32),
                    1 => format!("{h:016x}"),
                    n => format!("{h:016x}-{n}"),
                };
                if cut.is_empty() {
                    hash
                } else {
                    format!("{cut}-{hash}")
                }
            })
            .find(|s| !taken.contains(s))
            .expect("some slug is free");
        taken.insert(slug.clone());
        out.insert(v.to_string(), slug);
    }
    out
}

/// FNV-1a, a small hash that is the same on every machine and build.
fn fnv1a(s: &str) -> u64 {
    s.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

impl Renderer<'_> {
    /// The URL slug of a tag or facet value.
    pub(crate) fn value_slug(&self, v: &str) -> String {
        match self.slugs.get(v) {
            Some(s) => s.clone(),
            None => value_slugs([v]).remove(v).unwrap_or_default(),
        }
    }

    /// The href from page `from` to `path` (from the root of language
    /// `lang`'s part of the site).
    pub(crate) fn lang_href(&self, from: &str, lang: &str, path: &str) -> String {
        format!("{}{}{path}", root_of(from), self.lang_prefix(lang))
    }

    /// The folder of language `lang`'s part of the site (`en/`; empty for
    /// the main language).
    pub(crate) fn lang_prefix(&self, lang: &str) -> String {
        if lang == self.main() {
            String::new()
        } else {
            format!("{lang}/")
        }
    }

    /// The href from page `from` to the page at `to` (both from the root).
    pub(crate) fn href(&self, from: &str, to: &str) -> String {
        if from == to {
            return to.rsplit('/').next().unwrap_or(to).to_string();
        }
        format!("{}{to}", root_of(from))
    }

    /// The href from page `from` (in `lang`) to a resolved link target.
    pub(crate) fn target_href(&self, from: &str, lang: &str, t: &Target) -> String {
        match t {
            Target::Entry(i, frag) => {
                let url = &self.site.entries[*i].url;
                let base = if url == from {
                    String::new()
                } else {
                    self.href(from, url)
                };
                match frag {
                    Some(f) => format!("{base}#{f}"),
                    None if base.is_empty() => self.href(from, url),
                    None => base,
                }
            }
            Target::KindIndex(k) => {
                self.lang_href(from, lang, &format!("{}/index.html", k.folder()))
            }
            Target::Fragment(f) => format!("#{f}"),
            Target::Asset(p, frag) => match frag {
                Some(f) => format!("{}{p}#{f}", root_of(from)),
                None => format!("{}{p}", root_of(from)),
            },
            Target::External(u) | Target::Broken(u) => u.clone(),
        }
    }

    /// A Markdown body as HTML for page `from`, its links made relative and,
    /// with `glossary`, the first use of each term linked.
    pub(crate) fn markdown_html(
        &self,
        from: &str,
        lang: &str,
        md: &ResolvedMarkdown,
        glossary: Option<&mut GlossaryLinks<'_>>,
    ) -> String {
        if !self.markdown {
            return String::new();
        }
        let dests: Vec<String> = md
            .targets
            .iter()
            .map(|t| self.target_href(from, lang, t))
            .collect();
        markdown::to_html(&md.doc, &dests, glossary)
    }

    /// A Markdown line (a front matter list item) as inline HTML for page
    /// `from`, its links made relative.
    pub(crate) fn inline_html(&self, from: &str, lang: &str, md: &ResolvedMarkdown) -> String {
        if !self.markdown {
            return String::new();
        }
        let dests: Vec<String> = md
            .targets
            .iter()
            .map(|t| self.target_href(from, lang, t))
            .collect();
        markdown::to_inline_html(&md.doc, &dests)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_hashed_slug_never_takes_another_values_slug() {
        assert_ne!(value_slugs(["CON"])["CON"], "con");
        let values = ["A", "a", "a-8601ec8c", "C++", "C#", "Skåne"];
        let slugs = value_slugs(values);
        let distinct: std::collections::BTreeSet<&String> = slugs.values().collect();
        assert_eq!(distinct.len(), values.len(), "{slugs:?}");
        // The plain one keeps its slug; `a` takes a longer hash.
        assert_eq!(slugs["a-8601ec8c"], "a-8601ec8c");
        assert_eq!(slugs["Skåne"], "skane");
        assert!(
            slugs["a"].starts_with("a-") && slugs["a"].len() > "a-8601ec8c".len(),
            "{slugs:?}"
        );
        // The same values in another order give the same slugs.
        let mut reversed = values;
        reversed.reverse();
        assert_eq!(value_slugs(reversed), slugs);
    }

    #[test]
    fn root_prefix_counts_folders() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("cases/x/index.html"), "../../");
        assert_eq!(root_of("en/cases/x/index.html"), "../../../");
    }
}
