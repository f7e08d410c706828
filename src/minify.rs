//! Minifying what the site writes: pages with minify-html, and the theme's
//! scripts and style sheets with the minifiers minify-html itself uses for
//! inline ones (oxc for JavaScript, lightningcss for CSS).
//!
//! A file the minifier cannot parse, or that would not get smaller, is
//! written as it is. Minified files use no syntax newer than the theme's
//! oldest browsers understand (see [`css_targets`] and [`ES_TARGET`]): the
//! minifiers would otherwise shorten `a = a || b` to `a ||= b`, or
//! `max-width` media queries to range syntax.

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use lightningcss::targets::{Browsers, Targets};
use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions, CommentOptions, LegalComment};
use oxc_compat::EngineTargets;
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// The syntax scripts are minified to: what the browsers of
/// [`css_targets`] run.
const ES_TARGET: &str = "es2018";

/// The oldest browsers the default theme is written for: those of
/// search.js's Unicode property escapes in regular expressions
/// (`\p{Alphabetic}`) — Chrome 64, Edge 79, Firefox 78, Safari 11.1.
fn css_targets() -> Targets {
    let version = |major: u32, minor: u32| Some((major << 16) | (minor << 8));
    Targets::from(Browsers {
        chrome: version(64, 0),
        edge: version(79, 0),
        firefox: version(78, 0),
        safari: version(11, 1),
        ios_saf: version(11, 3),
        ..Browsers::default()
    })
}

/// The largest page minified, in bytes. minify-html holds a page as a tree
/// of some 30 bytes per byte of HTML, so a page of a long table would take
/// far more memory than its text; what it saves on such a page (the
/// newlines between rows) is small. Larger pages are written as rendered.
/// The largest page of the bundled handbook, the print page of all entries,
/// is about 0.5 MB.
pub const MAX_MINIFIED_PAGE: usize = 1 << 20;

/// Minifies a page of at most [`MAX_MINIFIED_PAGE`] bytes (a larger one is
/// returned as it is). Closing tags and the `<html>`/`<head>` tags are
/// kept: browsers do not need them, but streaming HTML tools (Pagefind,
/// HTML rewriters) do.
pub fn html(html: Vec<u8>) -> Vec<u8> {
    if html.len() > MAX_MINIFIED_PAGE {
        return html;
    }
    let cfg = minify_html::Cfg {
        keep_html_and_head_opening_tags: true,
        keep_closing_tags: true,
        minify_css: false,
        minify_js: false,
        ..minify_html::Cfg::default()
    };
    minify_html::minify(&html, &cfg)
}

/// Minifies a theme's static file by its extension (`.js`, `.css`); other
/// files, and files that do not parse, are returned as they are.
pub fn static_file(name: &str, bytes: &[u8]) -> Vec<u8> {
    let smaller = match name.rsplit_once('.').map(|(_, ext)| ext) {
        Some("js") => js(bytes),
        Some("css") => css(bytes),
        _ => None,
    };
    smaller.unwrap_or_else(|| bytes.to_vec())
}

/// A classic script (not a module), minified: names local to functions
/// shortened, safe compressions only, comments dropped but for legal ones
/// (`/*! ... */`, `@license`), which licences ask to keep.
fn js(code: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(code).ok()?;
    let allocator = Allocator::default();
    let parsed = Parser::new(&allocator, text, SourceType::cjs()).parse();
    if parsed.panicked || !parsed.errors.is_empty() {
        return None;
    }
    let mut program = parsed.program;
    let minified = Minifier::new(MinifierOptions {
        mangle: Some(MangleOptions::default()),
        compress: Some(CompressOptions {
            target: EngineTargets::from_target(ES_TARGET).expect("a known target"),
            ..CompressOptions::safest()
        }),
    })
    .minify(&allocator, &mut program);
    let options = CodegenOptions {
        minify: true,
        comments: CommentOptions {
            legal: LegalComment::Inline,
            ..CommentOptions::disabled()
        },
        ..CodegenOptions::default()
    };
    let out = Codegen::new()
        .with_options(options)
        .with_scoping(minified.scoping)
        .build(&program)
        .code;
    (out.len() < code.len()).then(|| out.into_bytes())
}

/// A style sheet, minified.
fn css(code: &[u8]) -> Option<Vec<u8>> {
    let text = std::str::from_utf8(code).ok()?;
    let targets = css_targets();
    let mut sheet = StyleSheet::parse(text, ParserOptions::default()).ok()?;
    sheet
        .minify(MinifyOptions {
            targets,
            ..MinifyOptions::default()
        })
        .ok()?;
    let out = sheet
        .to_css(PrinterOptions {
            minify: true,
            targets,
            ..PrinterOptions::default()
        })
        .ok()?
        .code;
    (out.len() < code.len()).then(|| out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_shrink_keep_legal_comments_and_global_names() {
        let src = b"/*! Some licence, kept. */\n// a note, dropped\n(function (global) {\n  function add(first, second) { return first + second; }\n  global.answer = add(40, 2);\n})(this);\n";
        let out = String::from_utf8(static_file("x.js", src)).unwrap();
        assert!(out.len() < src.len(), "{out}");
        assert!(out.contains("/*! Some licence, kept. */"), "{out}");
        assert!(!out.contains("a note"), "{out}");
        assert!(!out.contains("first"), "local names shortened: {out}");
        assert!(out.contains("global") || out.contains(".answer="), "{out}");
        assert!(out.contains("answer"), "globals keep their names: {out}");
    }

    #[test]
    fn no_syntax_newer_than_the_browsers_of_the_theme() {
        let src = b"(function () {\n  var cache = null;\n  window.get = function () {\n    if (!cache) cache = [1, 2];\n    return cache && cache.length ? cache.length : 0;\n  };\n})();\n";
        let out = String::from_utf8(static_file("x.js", src)).unwrap();
        assert!(out.len() < src.len(), "{out}");
        assert!(
            !out.contains("||=") && !out.contains("?."),
            "ES2021/ES2020 syntax: {out}"
        );
        let css = b"@media (max-width: 40rem) {\n  body { margin: 0px; }\n}\n";
        let out = String::from_utf8(static_file("style.css", css)).unwrap();
        assert_eq!(out, "@media (max-width:40rem){body{margin:0}}");
    }

    #[test]
    fn pages_over_the_limit_are_written_as_rendered() {
        let row = "<tr>\n<td>a</td>\n</tr>\n";
        let small = format!("<html><head></head><body><table>\n{row}</table></body></html>");
        assert!(html(small.clone().into_bytes()).len() < small.len());
        let big = format!(
            "<html><head></head><body><table>\n{}</table></body></html>",
            row.repeat(MAX_MINIFIED_PAGE / row.len() + 1)
        );
        assert_eq!(html(big.clone().into_bytes()), big.into_bytes());
    }

    #[test]
    fn style_sheets_shrink() {
        let src = b"/* note */\nbody {\n  color: #ff0000;\n  margin: 0px 0px 0px 0px;\n}\n";
        let out = String::from_utf8(static_file("style.css", src)).unwrap();
        assert_eq!(out, "body{color:red;margin:0}");
    }

    #[test]
    fn what_does_not_parse_or_is_not_a_script_is_kept_as_it_is() {
        let broken = b"function (\n";
        assert_eq!(static_file("broken.js", broken), broken.to_vec());
        let svg = b"<svg xmlns='http://www.w3.org/2000/svg'/>\n";
        assert_eq!(static_file("favicon.svg", svg), svg.to_vec());
    }
}
