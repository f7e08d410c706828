//! The handbook's settings: `content/site.yaml`.
//!
//! In: the file's text. Out: a [`SiteConfig`] with every field checked, or
//! the problems found, each at its line and column. The handbook's own
//! texts (`title`, `description`, a menu entry's `title`) are a plain
//! string or one per language ([`LocalText`]).

use crate::diagnostics::{Diagnostic, Pos};
use crate::frontmatter::{FrontMatter, Spanned};
use serde::{Deserialize, Serialize};

/// Where the settings live, relative to the handbook root.
pub const CONFIG_PATH: &str = "content/site.yaml";

/// The settings of one handbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteConfig {
    /// The handbook's name.
    pub title: LocalText,
    /// One or two sentences about the handbook.
    pub description: LocalText,
    /// Absolute URL the site is published at, ending in `/`; used only where
    /// an absolute URL is required (canonical links, sitemap).
    pub base_url: Option<String>,
    /// Language codes; the first is the main language.
    pub languages: Vec<String>,
    /// The theme folder name under `themes/`.
    pub theme: String,
    /// Extra links in the header menu.
    pub menu: Vec<MenuItem>,
    /// Where the handbook's sources are kept (for "edit this page" links).
    pub repository: Option<String>,
    /// Publish assets a browser would run (`.html`, `.js`, SVG with
    /// scripts…); off unless `allow_active_assets: true` (see
    /// [`crate::active`]).
    pub allow_active_assets: bool,
    /// In a handbook with released editions, whether the working content
    /// is published too, as `next/` (`publish_next: false` leaves it out of
    /// the built site; it is still checked).
    pub publish_next: bool,
}

/// One link of the header menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MenuItem {
    /// The text of the link.
    pub title: LocalText,
    /// A reference (`pages/om-handboken`), a kind index (`cases`), or an
    /// absolute `https://` URL.
    pub link: String,
    /// Where `link` was written, for problems found later.
    #[serde(skip)]
    pub pos: Pos,
}

/// A text of `site.yaml` in the main language, and in others where given:
/// `title: Klusterhandboken` or
/// `title: {sv: Klusterhandboken, en: The Cluster Handbook}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(into = "String")]
pub struct LocalText {
    /// The text in the main language.
    pub main: String,
    /// The text in other languages, where given.
    pub other: std::collections::BTreeMap<String, String>,
}

impl LocalText {
    /// The same text in every language.
    pub fn plain(s: impl Into<String>) -> Self {
        LocalText {
            main: s.into(),
            other: Default::default(),
        }
    }

    /// The text in `lang`, or in the main language when it has none.
    pub fn get(&self, lang: &str) -> &str {
        self.other.get(lang).map_or(&self.main, String::as_str)
    }
}

impl From<LocalText> for String {
    fn from(t: LocalText) -> String {
        t.main
    }
}

impl std::fmt::Display for LocalText {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.main)
    }
}

/// How a text of `site.yaml` may be written.
#[derive(Deserialize, Clone)]
#[serde(untagged)]
enum RawText {
    Plain(String),
    PerLanguage(std::collections::BTreeMap<String, String>),
}

impl SiteConfig {
    /// The main language: pages in it are written at the root of the site.
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }
}

#[derive(Deserialize)]
struct RawConfig {
    title: Option<RawText>,
    description: Option<RawText>,
    base_url: Option<Spanned<String>>,
    languages: Option<Vec<Spanned<String>>>,
    theme: Option<Spanned<String>>,
    menu: Option<Vec<RawMenuItem>>,
    repository: Option<Spanned<String>>,
    allow_active_assets: Option<bool>,
    publish_next: Option<bool>,
}

#[derive(Deserialize)]
struct RawMenuItem {
    title: RawText,
    link: Spanned<String>,
}

/// Reads `content/site.yaml` from its text.
pub fn parse_config(text: &str) -> Result<SiteConfig, Vec<Diagnostic>> {
    let file = CONFIG_PATH;
    let fm = FrontMatter::parse(file, text, 1).map_err(|d| vec![d])?;
    let known = serde_aux::serde_introspection::serde_introspect::<RawConfig>();
    let mut problems = fm.unknown_fields("site.yaml", known);
    let raw: RawConfig = match fm.deserialize() {
        Ok(r) => r,
        Err(d) => {
            problems.push(d);
            return Err(problems);
        }
    };
    let mut languages = Vec::new();
    for l in raw.languages.iter().flatten() {
        if is_language_code(l) {
            if languages.iter().any(|x| x == l.as_str()) {
                problems.push(Diagnostic::error(
                    file,
                    fm.pos(l),
                    "invalid-value",
                    format!("language `{}` is listed twice", l.as_str()),
                ));
            }
            languages.push(l.to_string());
        } else {
            problems.push(
                Diagnostic::error(
                    file,
                    fm.pos(l),
                    "invalid-value",
                    format!("`{}` is not a language code", l.as_str()),
                )
                .with_help("use a two- or three-letter lowercase code such as `sv`, `nb` or `en`"),
            );
        }
    }
    if languages.is_empty() && raw.languages.is_none() {
        languages.push("en".to_string());
    } else if languages.is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error(file, Pos::start(), "invalid-value", "`languages` is empty")
                .with_help("list at least the main language, e.g. `languages: [sv]`"),
        );
    }
    let keys = fm.keys();
    let key_pos = |name: &str| {
        keys.iter()
            .find(|(k, _)| k == name)
            .map_or(Pos::start(), |(_, p)| *p)
    };
    let main = languages.first().cloned().unwrap_or_default();
    let mut local = |raw: Option<RawText>, field: &str, pos: Pos| -> LocalText {
        match local_text(raw, &main, &languages, field) {
            Ok(t) => t,
            Err((message, help)) => {
                problems
                    .push(Diagnostic::error(file, pos, "invalid-value", message).with_help(help));
                LocalText::default()
            }
        }
    };
    let has_title = raw.title.is_some();
    let title = local(raw.title, "title", key_pos("title"));
    let description = local(raw.description, "description", key_pos("description"));
    let menu: Vec<MenuItem> = raw
        .menu
        .unwrap_or_default()
        .into_iter()
        .map(|m| {
            let pos = fm.pos(&m.link);
            MenuItem {
                title: local(Some(m.title), "title", pos),
                pos,
                link: m.link.to_string(),
            }
        })
        .collect();
    if has_title && title.main.trim().is_empty() && problems.is_empty() {
        problems.push(
            Diagnostic::error(file, key_pos("title"), "invalid-value", "`title` is empty")
                .with_help("write the handbook's name after `title:`"),
        );
    }
    if !has_title {
        problems.push(
            Diagnostic::error(
                file,
                Pos::start(),
                "missing-field",
                "missing required field `title`",
            )
            .with_help("add a line `title: <the handbook's name>`"),
        );
    }
    for u in [&raw.base_url, &raw.repository].into_iter().flatten() {
        if let Err(refused) = crate::urls::check(u) {
            problems.push(crate::urls::unsafe_url(file, fm.pos(u), u, &refused));
        }
    }
    let base_url = match raw.base_url {
        Some(u) if crate::urls::check(&u).is_err() => None,
        Some(u) if is_absolute_url(&u) => {
            let mut s = u.to_string();
            if !s.ends_with('/') {
                s.push('/');
            }
            Some(s)
        }
        Some(u) => {
            problems.push(
                Diagnostic::error(
                    file,
                    fm.pos(&u),
                    "invalid-value",
                    format!("`base_url` must be an absolute URL, got `{}`", u.as_str()),
                )
                .with_help("write it as `https://example.org/handbook/`, or leave it out"),
            );
            None
        }
        None => None,
    };
    let theme = match raw.theme {
        Some(t) if is_theme_name(&t) => t.to_string(),
        Some(t) => {
            problems.push(
                Diagnostic::error(
                    file,
                    fm.pos(&t),
                    "invalid-value",
                    format!("`{}` is not a theme folder name", t.as_str()),
                )
                .with_help("use the name of a folder under `themes/`, e.g. `default`"),
            );
            "default".to_string()
        }
        None => "default".to_string(),
    };
    let repository = match raw.repository {
        Some(r) if crate::urls::check(&r).is_err() => None,
        Some(r) if is_absolute_url(&r) => Some(r.trim_end_matches('/').to_string()),
        Some(r) => {
            problems.push(Diagnostic::error(
                file,
                fm.pos(&r),
                "invalid-value",
                format!("`repository` must be an absolute URL, got `{}`", r.as_str()),
            ));
            None
        }
        None => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(SiteConfig {
        title,
        description,
        base_url,
        languages,
        theme,
        menu,
        repository,
        allow_active_assets: raw.allow_active_assets.unwrap_or(false),
        publish_next: raw.publish_next.unwrap_or(true),
    })
}

/// A text of `site.yaml` checked: a map must give the main language and
/// only languages of the handbook. The error is a message and a help.
fn local_text(
    raw: Option<RawText>,
    main: &str,
    languages: &[String],
    field: &str,
) -> Result<LocalText, (String, String)> {
    let map = match raw {
        None => return Ok(LocalText::default()),
        Some(RawText::Plain(s)) => return Ok(LocalText::plain(s.trim())),
        Some(RawText::PerLanguage(map)) => map,
    };
    if let Some(l) = map.keys().find(|l| !languages.contains(l)) {
        return Err((
            format!("`{field}` has a text for `{l}`, which is not a language of this handbook"),
            format!("the languages of `languages:` are {}", languages.join(", ")),
        ));
    }
    let Some(main_text) = map.get(main) else {
        return Err((
            format!("`{field}` has no text in the main language `{main}`"),
            format!("add `{main}: …` to it; the other languages fall back to it"),
        ));
    };
    Ok(LocalText {
        main: main_text.trim().to_string(),
        other: map
            .iter()
            .filter(|(l, _)| l.as_str() != main)
            .map(|(l, t)| (l.clone(), t.trim().to_string()))
            .collect(),
    })
}

/// Whether `s` looks like a language code (`sv`, `nb`, `en`, `sma`).
pub fn is_language_code(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
}

fn is_theme_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Whether `s` is an absolute `http(s)://` URL.
pub fn is_absolute_url(s: &str) -> bool {
    (s.starts_with("https://") || s.starts_with("http://")) && s.len() > "https://".len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_full_config() {
        let c = parse_config(
            "title: Handbok\ndescription: Om kluster\nbase_url: https://x.org/hb\nlanguages: [sv, en]\nmenu:\n  - {title: Om, link: pages/om}\n",
        )
        .unwrap();
        assert_eq!(c.title.get("sv"), "Handbok");
        assert_eq!(c.base_url.as_deref(), Some("https://x.org/hb/"));
        assert_eq!(c.default_language(), "sv");
        assert_eq!(c.menu[0].pos, Pos::new(6, 23));
    }

    #[test]
    fn texts_may_be_given_per_language() {
        let c = parse_config(
            "title: {sv: Handboken, en: The Handbook}\nlanguages: [sv, en, nb]\nmenu:\n  - {title: {sv: Om, en: About}, link: pages/om}\n",
        )
        .unwrap();
        assert_eq!(c.title.get("sv"), "Handboken");
        assert_eq!(c.title.get("en"), "The Handbook");
        assert_eq!(c.title.get("nb"), "Handboken");
        assert_eq!(c.menu[0].title.get("en"), "About");
        assert_eq!(c.description.get("en"), "");
    }

    #[test]
    fn a_text_per_language_needs_the_main_language_and_known_ones() {
        let e = parse_config("title: {en: The Handbook}\nlanguages: [sv, en]\n").unwrap_err();
        assert_eq!((e[0].code, e[0].line), ("invalid-value", 1));
        assert!(
            e[0].message.contains("main language `sv`"),
            "{}",
            e[0].message
        );
        let e = parse_config("title: {sv: H, de: H}\nlanguages: [sv, en]\n").unwrap_err();
        assert!(e[0].message.contains("`de`"), "{}", e[0].message);
    }

    #[test]
    fn reports_every_problem() {
        let e = parse_config("titel: X\nlanguages: [Svenska]\nbase_url: x.org\n").unwrap_err();
        let codes: Vec<_> = e.iter().map(|d| (d.code, d.line)).collect();
        assert!(codes.contains(&("unknown-field", 1)), "{codes:?}");
        assert!(codes.contains(&("missing-field", 1)), "{codes:?}");
        assert!(codes.contains(&("invalid-value", 2)), "{codes:?}");
        assert!(codes.contains(&("invalid-value", 3)), "{codes:?}");
    }
}
