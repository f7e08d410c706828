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
use std::collections::{BTreeMap, BTreeSet, HashMap};

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
    for (base, group) in by_base {
        let plain = group.len() == 1 && !base.is_empty() && base.len() <= MAX_SLUG;
        for v in group {
            let slug = if plain {
                base.clone()
            } else {
                let mut cut = base.as_str();
                while cut.len() > MAX_SLUG {
                    cut = &cut[..cut.len() - 1];
                }
                let cut = cut.trim_end_matches('-');
                let hash = format!("{:08x}", fnv1a(v) as u32);
                if cut.is_empty() {
                    hash
                } else {
                    format!("{cut}-{hash}")
                }
            };
            out.insert(v.to_string(), slug);
        }
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
    fn root_prefix_counts_folders() {
        assert_eq!(root_of("index.html"), "");
        assert_eq!(root_of("cases/x/index.html"), "../../");
        assert_eq!(root_of("en/cases/x/index.html"), "../../../");
    }
}
