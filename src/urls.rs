//! The URL policy: which addresses a page of the site may carry.
//!
//! In: a URL as an author wrote it (a Markdown link or image, a front-matter
//! field, a menu link of `site.yaml`). Out: whether it is relative or which
//! allowed scheme it has, or that it is refused. [`check`] is the only
//! place that decides; every stage that writes an address into a page asks
//! it. A relative URL and the schemes of [`ALLOWED_SCHEMES`] pass; any
//! other scheme (`javascript:`, `data:`, `vbscript:`, `file:` …) is
//! refused. The scheme is found the way a browser finds it: after HTML
//! entities are decoded (`&#106;avascript:`), leading and trailing spaces
//! and control characters stripped, tabs and newlines removed anywhere
//! (`java\tscript:`), and letters folded to lowercase (`JaVaScRiPt:`).

use crate::diagnostics::{Diagnostic, Pos};

/// The schemes a page may link to.
pub const ALLOWED_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// What kind of address a URL that passes the policy is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Url {
    /// No scheme: a path, a query or a fragment, relative to the page.
    Relative,
    /// An absolute address with one of [`ALLOWED_SCHEMES`] (lowercase).
    Absolute(&'static str),
}

/// A URL the policy refuses.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refused {
    /// The scheme a browser would see, lowercase, without the `:`.
    pub scheme: String,
}

/// Decides whether a page may carry `raw`: relative, or absolute with an
/// allowed scheme, or refused.
pub fn check(raw: &str) -> Result<Url, Refused> {
    let decoded = decode_entities(raw);
    let url: String = decoded
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let mut chars = url.char_indices();
    match chars.next() {
        Some((_, c)) if c.is_ascii_alphabetic() => {}
        _ => return Ok(Url::Relative),
    }
    for (i, c) in chars {
        if c == ':' {
            let scheme = url[..i].to_ascii_lowercase();
            return match ALLOWED_SCHEMES.iter().find(|s| **s == scheme) {
                Some(s) => Ok(Url::Absolute(s)),
                None => Err(Refused { scheme }),
            };
        }
        if !(c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) {
            break;
        }
    }
    Ok(Url::Relative)
}

/// The `unsafe-url` error for `raw`, written at `pos` of `file`.
pub fn unsafe_url(file: &str, pos: Pos, raw: &str, refused: &Refused) -> Diagnostic {
    Diagnostic::error(
        file,
        pos,
        "unsafe-url",
        format!(
            "`{}:` is not a scheme a page may link to, in `{}`",
            refused.scheme,
            shorten(raw)
        ),
    )
    .with_help(
        "link relatively to a file of the handbook, or to an `https://`, `http://`, `mailto:` or `tel:` address",
    )
    .with_width(raw.chars().count().max(1))
}

/// `s`, cut to at most 60 characters for a message.
fn shorten(s: &str) -> String {
    if s.chars().count() <= 60 {
        return s.to_string();
    }
    let mut t: String = s.chars().take(59).collect();
    t.push('…');
    t
}

/// Decodes the HTML character references a browser would decode in an
/// attribute: `&#106;`, `&#x6A;` (also without the `;`), and the named
/// ones that can spell a scheme or hide one (`&colon;`, `&Tab;` …).
/// Anything else is kept as written.
fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        match decode_one(rest) {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The character of the reference at the start of `s` (which starts with
/// `&`) and the length of the reference.
fn decode_one(s: &str) -> Option<(char, usize)> {
    let body = &s[1..];
    if let Some(num) = body.strip_prefix('#') {
        let (digits, radix, skip) = match num.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16, 3),
            None => (num, 10, 2),
        };
        let len = digits
            .bytes()
            .take_while(|&b| (b as char).is_digit(radix))
            .count();
        if len == 0 {
            return None;
        }
        let digits = &digits[..len];
        let value = u32::from_str_radix(&digits[..digits.len().min(8)], radix).unwrap_or(0xFFFD);
        let c = char::from_u32(value)
            .filter(|&c| c != '\0')
            .unwrap_or('\u{FFFD}');
        let semi = usize::from(s[skip + len..].starts_with(';'));
        return Some((c, skip + len + semi));
    }
    const NAMED: [(&str, char); 12] = [
        ("colon;", ':'),
        ("Tab;", '\t'),
        ("NewLine;", '\n'),
        ("nbsp;", '\u{a0}'),
        ("amp;", '&'),
        ("amp", '&'),
        ("lt;", '<'),
        ("gt;", '>'),
        ("quot;", '"'),
        ("apos;", '\''),
        ("sol;", '/'),
        ("num;", '#'),
    ];
    NAMED
        .iter()
        .find(|(name, _)| body.starts_with(name))
        .map(|(name, c)| (*c, 1 + name.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scheme(u: &str) -> Result<Url, String> {
        check(u).map_err(|r| r.scheme)
    }

    #[test]
    fn relative_and_allowed_schemes_pass() {
        for u in [
            "../cases/x.md",
            "x.md#a:b",
            "#top",
            "?q=1",
            "",
            "assets/a b.png",
        ] {
            assert_eq!(scheme(u), Ok(Url::Relative), "{u}");
        }
        assert_eq!(scheme("https://x.org"), Ok(Url::Absolute("https")));
        assert_eq!(scheme("HTTP://x.org"), Ok(Url::Absolute("http")));
        assert_eq!(scheme("mailto:a@b.se"), Ok(Url::Absolute("mailto")));
        assert_eq!(scheme("tel:+4612345"), Ok(Url::Absolute("tel")));
    }

    #[test]
    fn other_schemes_are_refused_as_browsers_read_them() {
        for u in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "  javascript:alert(1)",
            "\u{1}javascript:alert(1)",
            "java\tscript:alert(1)",
            "java\nscript:alert(1)",
            "&#106;avascript:alert(1)",
            "&#x6A;avascript:alert(1)",
            "&#106avascript:alert(1)",
            "javascript&colon;alert(1)",
            "jav&Tab;ascript:alert(1)",
        ] {
            assert_eq!(scheme(u), Err("javascript".into()), "{u:?}");
        }
        assert_eq!(scheme("data:text/html,<script>"), Err("data".into()));
        assert_eq!(scheme("vbscript:x"), Err("vbscript".into()));
        assert_eq!(scheme("file:///etc/passwd"), Err("file".into()));
    }

    #[test]
    fn what_is_not_a_scheme_is_relative() {
        // A browser reads these as paths, not schemes.
        assert_eq!(scheme("java script:x"), Ok(Url::Relative));
        assert_eq!(scheme("%6Aavascript:x"), Ok(Url::Relative));
        assert_eq!(scheme("1javascript:x"), Ok(Url::Relative));
        assert_eq!(scheme("&#0;javascript:x"), Ok(Url::Relative));
    }
}
