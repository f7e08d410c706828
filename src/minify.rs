//! Minifying what the site writes: pages with minify-html, and the theme's
//! scripts and style sheets with the minifiers minify-html itself uses for
//! inline ones (oxc for JavaScript, lightningcss for CSS).
//!
//! A file the minifier cannot parse, or that would not get smaller, is
//! written as it is: a theme's file that works in browsers keeps working.

use lightningcss::stylesheet::{MinifyOptions, ParserOptions, PrinterOptions, StyleSheet};
use oxc_allocator::Allocator;
use oxc_codegen::{Codegen, CodegenOptions, CommentOptions, LegalComment};
use oxc_minifier::{CompressOptions, MangleOptions, Minifier, MinifierOptions};
use oxc_parser::Parser;
use oxc_span::SourceType;

/// Minifies a page. Closing tags and the `<html>`/`<head>` tags are kept:
/// browsers do not need them, but streaming HTML tools (Pagefind, HTML
/// rewriters) do.
pub fn html(html: Vec<u8>) -> Vec<u8> {
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
        compress: Some(CompressOptions::safest()),
    })
    .minify(&allocator, &mut program);
    let options = CodegenOptions {
        minify: true,
        comments: CommentOptions { legal: LegalComment::Inline, ..CommentOptions::disabled() },
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
    let mut sheet = StyleSheet::parse(text, ParserOptions::default()).ok()?;
    sheet.minify(MinifyOptions::default()).ok()?;
    let out = sheet
        .to_css(PrinterOptions { minify: true, ..PrinterOptions::default() })
        .ok()?
        .code;
    (out.len() < code.len()).then(|| out.into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_shrink_keep_legal_comments_and_still_mean_the_same() {
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
