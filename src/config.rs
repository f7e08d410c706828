//! The handbook's settings: `content/site.yaml`.
//!
//! In: the file's text. Out: a [`SiteConfig`] with every field checked, or
//! the problems found, each at its line and column.

use crate::diagnostics::{Diagnostic, Pos};
use crate::frontmatter::{FrontMatter, Spanned};
use serde::{Deserialize, Serialize};

/// Where the settings live, relative to the handbook root.
pub const CONFIG_PATH: &str = "content/site.yaml";

/// The settings of one handbook.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SiteConfig {
    /// The handbook's name.
    pub title: String,
    /// One or two sentences about the handbook.
    pub description: String,
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
}

/// One link of the header menu.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MenuItem {
    /// The text of the link.
    pub title: String,
    /// A reference (`pages/om-handboken`), a kind index (`cases`), or an
    /// absolute `https://` URL.
    pub link: String,
    /// Where `link` was written, for problems found later.
    #[serde(skip)]
    pub pos: Pos,
}

impl SiteConfig {
    /// The main language: pages in it are written at the root of the site.
    pub fn default_language(&self) -> &str {
        &self.languages[0]
    }
}

#[derive(Deserialize)]
struct RawConfig {
    title: Option<Spanned<String>>,
    description: Option<String>,
    base_url: Option<Spanned<String>>,
    languages: Option<Vec<Spanned<String>>>,
    theme: Option<Spanned<String>>,
    menu: Option<Vec<RawMenuItem>>,
    repository: Option<Spanned<String>>,
    allow_active_assets: Option<bool>,
}

#[derive(Deserialize)]
struct RawMenuItem {
    title: String,
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
    let title = match &raw.title {
        Some(t) if !t.trim().is_empty() => t.trim().to_string(),
        _ => {
            problems.push(
                Diagnostic::error(
                    file,
                    Pos::start(),
                    "missing-field",
                    "missing required field `title`",
                )
                .with_help("add a line `title: <the handbook's name>`"),
            );
            String::new()
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
    let menu = raw
        .menu
        .unwrap_or_default()
        .into_iter()
        .map(|m| MenuItem {
            title: m.title,
            pos: fm.pos(&m.link),
            link: m.link.to_string(),
        })
        .collect();
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(SiteConfig {
        title,
        description: raw.description.unwrap_or_default(),
        base_url,
        languages,
        theme,
        menu,
        repository,
        allow_active_assets: raw.allow_active_assets.unwrap_or(false),
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
        assert_eq!(c.title, "Handbok");
        assert_eq!(c.base_url.as_deref(), Some("https://x.org/hb/"));
        assert_eq!(c.default_language(), "sv");
        assert_eq!(c.menu[0].pos, Pos::new(6, 23));
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
