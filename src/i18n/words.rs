//! The theme's own words (menus, headings, search texts, dates) per
//! language.
//!
//! In: the word files of a [`Theme`] (`i18n/<lang>.yaml`, the default
//! theme's first, then the handbook's laid over them key by key) and the
//! languages of the site. Out: [`Words`], one complete table per language,
//! or an error for every key a language lacks, naming the key and the file
//! it belongs in. The keys of the default theme's `en.yaml` are the list
//! every language must give; a handbook's theme adds a language with a
//! file of its own (`themes/<name>/i18n/de.yaml`).

use crate::diagnostics::{Diagnostic, Pos};
use crate::frontmatter::FrontMatter;
use crate::theme::Theme;
use std::collections::BTreeMap;

/// The file whose keys every language must give.
pub const REFERENCE_FILE: &str = "themes/default/i18n/en.yaml";

/// The UI words of every language of a site.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Words {
    by_lang: BTreeMap<String, BTreeMap<String, String>>,
}

impl Words {
    /// Every word of `lang` (empty for a language the site does not have).
    pub fn of(&self, lang: &str) -> &BTreeMap<String, String> {
        static EMPTY: BTreeMap<String, String> = BTreeMap::new();
        self.by_lang.get(lang).unwrap_or(&EMPTY)
    }

    /// The word `key` in `lang`, or the key itself when there is none (a
    /// key made up at run time, such as `person_role_<role>`).
    pub fn word(&self, lang: &str, key: &str) -> String {
        self.of(lang)
            .get(key)
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The name of language `of` as written in language `lang` (`name_sv`),
    /// or its own name for itself when the theme has none.
    pub fn language_name(&self, lang: &str, of: &str) -> String {
        self.of(lang)
            .get(&format!("name_{of}"))
            .or_else(|| self.of(of).get("language_name"))
            .cloned()
            .unwrap_or_else(|| of.to_string())
    }

    /// A date written `YYYY`, `YYYY-MM` or `YYYY-MM-DD` as readers of
    /// `lang` write it (`5 december 2026`, `5. desember 2026`); anything
    /// else as it is.
    pub fn date(&self, lang: &str, iso: &str) -> String {
        let parts: Vec<&str> = iso.split('-').collect();
        let number = |s: &str| s.parse::<u32>().ok();
        let words = self.of(lang);
        let month = |m: &str| {
            number(m)
                .filter(|m| (1..=12).contains(m))
                .and_then(|m| words.get(&format!("month_{m}")))
        };
        let fill = |format: &str, day: Option<u32>, month: &str, year: &str| {
            format
                .replace("{day}", &day.map(|d| d.to_string()).unwrap_or_default())
                .replace("{month}", month)
                .replace("{year}", year)
        };
        match parts.as_slice() {
            [y, m, d] if y.len() == 4 => match (month(m), number(d), words.get("date_format")) {
                (Some(name), Some(day), Some(f)) => fill(f, Some(day), name, y),
                _ => iso.to_string(),
            },
            [y, m] if y.len() == 4 => match (month(m), words.get("date_format_month")) {
                (Some(name), Some(f)) => fill(f, None, name, y),
                _ => iso.to_string(),
            },
            _ => iso.to_string(),
        }
    }
}

/// Reads the theme's word files for `languages`: each language's files laid
/// over each other, then checked against the keys of [`REFERENCE_FILE`].
pub fn load_words(theme: &Theme, languages: &[String]) -> Result<Words, Vec<Diagnostic>> {
    let mut problems = Vec::new();
    let mut reference: Vec<String> = Vec::new();
    let mut by_lang: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    // The file a language's missing key belongs in: its last one.
    let mut last_file: BTreeMap<&str, &str> = BTreeMap::new();
    for f in &theme.word_files {
        let is_reference = f.path == REFERENCE_FILE;
        if !languages.contains(&f.lang) && !is_reference {
            continue;
        }
        let table = match parse_word_file(&f.path, &f.bytes) {
            Ok(t) => t,
            Err(d) => {
                problems.push(d);
                continue;
            }
        };
        if is_reference {
            reference = table.keys().cloned().collect();
        }
        last_file.insert(&f.lang, &f.path);
        by_lang.entry(f.lang.clone()).or_default().extend(table);
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    for lang in languages {
        let Some(file) = last_file.get(lang.as_str()) else {
            problems.push(
                Diagnostic::error(
                    format!("themes/default/i18n/{lang}.yaml"),
                    Pos::start(),
                    "missing-ui-language",
                    format!("the theme has no words for the language `{lang}`"),
                )
                .with_help(format!(
                    "add `themes/<theme>/i18n/{lang}.yaml` to the handbook with every key of the default theme's `en.yaml`, or remove `{lang}` from `languages:`"
                )),
            );
            continue;
        };
        let table = &by_lang[lang];
        for key in reference.iter().filter(|k| !table.contains_key(*k)) {
            problems.push(
                Diagnostic::error(
                    *file,
                    Pos::start(),
                    "missing-ui-key",
                    format!("the theme's words for `{lang}` have no key `{key}`"),
                )
                .with_help(format!(
                    "add a line `{key}: …` to `{file}` (every key of `{REFERENCE_FILE}` is needed)"
                )),
            );
        }
    }
    if problems.is_empty() {
        Ok(Words {
            by_lang: by_lang
                .into_iter()
                .filter(|(l, _)| languages.contains(l))
                .collect(),
        })
    } else {
        Err(problems)
    }
}

/// One word file: a flat mapping of keys to texts.
fn parse_word_file(path: &str, bytes: &[u8]) -> Result<BTreeMap<String, String>, Diagnostic> {
    let text = std::str::from_utf8(bytes).map_err(|_| {
        Diagnostic::error(
            path,
            Pos::start(),
            "invalid-utf8",
            "the theme's words are not valid UTF-8 text",
        )
    })?;
    let fm = FrontMatter::parse(path, text, 1)?;
    fm.deserialize::<BTreeMap<String, String>>().map_err(|d| {
        d.with_help("a word file is one `key: text` line per word, e.g. `home: Start`")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::theme::WordFile;

    fn theme(files: &[(&str, &str, &str)]) -> Theme {
        Theme {
            files: BTreeMap::new(),
            word_files: files
                .iter()
                .map(|(lang, path, text)| WordFile {
                    lang: lang.to_string(),
                    path: path.to_string(),
                    bytes: text.as_bytes().to_vec(),
                })
                .collect(),
        }
    }

    fn langs(l: &[&str]) -> Vec<String> {
        l.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_default_theme_is_complete_in_its_three_languages() {
        let t = crate::theme::load_theme(std::path::Path::new("/nonexistent"), "default").unwrap();
        let w = load_words(&t, &langs(&["sv", "en", "nb"])).unwrap();
        assert_eq!(w.word("nb", "home"), "Start");
        assert_eq!(w.word("en", "referenced_by"), "Referenced by");
    }

    #[test]
    fn a_missing_key_names_the_key_and_the_file() {
        let t = theme(&[
            ("en", REFERENCE_FILE, "home: Home\nsearch: Search\n"),
            ("sv", "themes/default/i18n/sv.yaml", "home: Start\n"),
        ]);
        let e = load_words(&t, &langs(&["sv", "en"])).unwrap_err();
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].code, "missing-ui-key");
        assert_eq!(e[0].file, "themes/default/i18n/sv.yaml");
        assert!(e[0].message.contains("`search`"), "{}", e[0].message);
    }

    #[test]
    fn a_handbook_file_overrides_keys_and_adds_a_language() {
        let t = theme(&[
            ("en", REFERENCE_FILE, "home: Home\nsearch: Search\n"),
            (
                "sv",
                "themes/default/i18n/sv.yaml",
                "home: Start\nsearch: Sök\n",
            ),
            ("sv", "themes/mine/i18n/sv.yaml", "home: Hem\n"),
            ("de", "themes/mine/i18n/de.yaml", "home: Start\n"),
        ]);
        let e = load_words(&t, &langs(&["sv", "de"])).unwrap_err();
        assert_eq!(e[0].file, "themes/mine/i18n/de.yaml");
        let w = load_words(&t, &langs(&["sv"])).unwrap();
        assert_eq!(w.word("sv", "home"), "Hem");
        assert_eq!(w.word("sv", "search"), "Sök");
    }

    #[test]
    fn a_language_without_a_file_is_an_error() {
        let t = theme(&[("en", REFERENCE_FILE, "home: Home\n")]);
        let e = load_words(&t, &langs(&["en", "fi"])).unwrap_err();
        assert_eq!(e[0].code, "missing-ui-language");
    }

    #[test]
    fn dates_are_written_per_language() {
        let t = crate::theme::load_theme(std::path::Path::new("/nonexistent"), "default").unwrap();
        let w = load_words(&t, &langs(&["sv", "en", "nb"])).unwrap();
        assert_eq!(w.date("sv", "2019-03-05"), "5 mars 2019");
        assert_eq!(w.date("nb", "2019-03-05"), "5. mars 2019");
        assert_eq!(w.date("en", "2019-12"), "December 2019");
        assert_eq!(w.date("en", "2019"), "2019");
        assert_eq!(w.date("en", "hösten 2019"), "hösten 2019");
    }
}
