//! Assets a browser would run: refused unless the handbook allows them.
//!
//! In: the files under `content/assets/` and `allow_active_assets` of
//! `site.yaml`. Out: an `active-asset` error for each file that a reader's
//! browser would run as code on the site's origin when the file is opened:
//! pages and scripts by their extension ([`ACTIVE_EXTENSIONS`]), and SVG
//! and XML files whose content can run script (a `<script>` or
//! `<foreignObject>` element, an `on…=` event handler, a `javascript:` or
//! other refused URL in a link or an animation, an `<?xml-stylesheet?>`).
//! SVG and XML are read with a real XML parser, not searched for strings,
//! so neither entities nor odd spacing hide a script; a file that does not
//! parse as XML is refused too, since what a browser makes of it cannot be
//! known.

use crate::diagnostics::{Diagnostic, Pos};
use crate::source::Asset;
use quick_xml::events::{BytesStart, Event};

/// Extensions of files a browser runs as a page or a script, refused
/// whatever they hold (compared without regard to case).
pub const ACTIVE_EXTENSIONS: [&str; 16] = [
    "html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "js", "mjs", "cjs", "xsl", "xslt",
    "swf", "svgz", "hta", "wasm",
];

/// Elements that run script or embed a document that can.
const ACTIVE_ELEMENTS: [&str; 8] = [
    "script",
    "foreignobject",
    "iframe",
    "embed",
    "object",
    "handler",
    "listener",
    "frame",
];

/// Attributes whose value a browser may follow or set as a URL.
const URL_ATTRIBUTES: [&str; 8] = [
    "href",
    "src",
    "action",
    "formaction",
    "values",
    "to",
    "from",
    "by",
];

/// One `active-asset` error for each asset a browser would run, unless
/// `allowed`.
pub fn check_assets(assets: &[Asset], allowed: bool) -> Vec<Diagnostic> {
    if allowed {
        return Vec::new();
    }
    assets.iter().filter_map(check_asset).collect()
}

fn check_asset(asset: &Asset) -> Option<Diagnostic> {
    let file = format!("content/{}", asset.rel);
    let ext = asset
        .rel
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if ACTIVE_EXTENSIONS.contains(&ext.as_str()) {
        return Some(refusal(
            &file,
            Pos::start(),
            format!(
                "a `.{ext}` file is a page or script that a browser would run on the site's origin"
            ),
        ));
    }
    if ext != "svg" && ext != "xml" {
        return None;
    }
    // Unreadable files are reported by the stages that copy them.
    let bytes = std::fs::read(&asset.abs).ok()?;
    let (offset, why) = scan_xml(&bytes)?;
    Some(refusal(&file, position(&bytes, offset), why))
}

fn refusal(file: &str, pos: Pos, why: String) -> Diagnostic {
    Diagnostic::error(file, pos, "active-asset", why).with_help(
        "remove what runs (scripts, `on…` attributes, `javascript:` links), publish the file elsewhere, or allow such files with `allow_active_assets: true` in `content/site.yaml`",
    )
}

/// The line and column of byte `offset` of `bytes`.
fn position(bytes: &[u8], offset: usize) -> Pos {
    let before = &bytes[..offset.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&before[start..]).chars().count() + 1;
    Pos::new(line, column)
}

/// The first thing in an SVG or XML document that a browser would run, as
/// the byte offset where it starts and what it is; `None` for a document
/// that runs nothing.
pub fn scan_xml(bytes: &[u8]) -> Option<(usize, String)> {
    let mut reader = quick_xml::Reader::from_reader(bytes);
    let mut buf = Vec::new();
    loop {
        let at = usize::try_from(reader.buffer_position()).unwrap_or(usize::MAX);
        let event = match reader.read_event_into(&mut buf) {
            Ok(e) => e,
            Err(e) => {
                return Some((
                    usize::try_from(reader.error_position()).unwrap_or(at),
                    format!(
                        "the file is not well-formed XML ({e}), so what a browser would run in it cannot be checked"
                    ),
                ));
            }
        };
        match event {
            Event::Eof => return None,
            Event::Start(e) | Event::Empty(e) => {
                if let Some(why) = active_element(&e) {
                    return Some((at, why));
                }
            }
            Event::PI(pi) => {
                let target = lossy(pi.target()).to_ascii_lowercase();
                if target == "xml-stylesheet" {
                    return Some((
                        at,
                        "an `<?xml-stylesheet?>` instruction lets the document run a style sheet or XSLT program".to_string(),
                    ));
                }
            }
            _ => {}
        }
        buf.clear();
    }
}

fn lossy<T: AsRef<[u8]> + ?Sized>(bytes: &T) -> String {
    String::from_utf8_lossy(bytes.as_ref()).into_owned()
}

/// Why element `e` would run script, if it would.
fn active_element(e: &BytesStart<'_>) -> Option<String> {
    let name = lossy(e.local_name().into_inner()).to_ascii_lowercase();
    if ACTIVE_ELEMENTS.contains(&name.as_str()) {
        return Some(format!(
            "a `<{}>` element runs script or embeds a page",
            lossy(e.local_name().into_inner())
        ));
    }
    for attr in e.attributes().with_checks(false) {
        let Ok(attr) = attr else {
            return Some(format!("the attributes of `<{name}>` cannot be read"));
        };
        let key = lossy(attr.key.local_name().into_inner()).to_ascii_lowercase();
        if key.starts_with("on") {
            return Some(format!(
                "the event handler `{key}` of `<{name}>` runs script"
            ));
        }
        if URL_ATTRIBUTES.contains(&key.as_str()) {
            let value = attr
                .normalized_value(quick_xml::XmlVersion::default())
                .map(|v| v.into_owned())
                .unwrap_or_else(|_| attr.value.to_string());
            // `values` of an animation is a `;`-separated list.
            for v in value.split(';') {
                if let Err(refused) = crate::urls::check(v) {
                    return Some(format!(
                        "`{key}` of `<{name}>` is a `{}:` URL",
                        refused.scheme
                    ));
                }
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn why(svg: &str) -> Option<String> {
        scan_xml(svg.as_bytes()).map(|(_, w)| w)
    }

    #[test]
    fn plain_svg_passes() {
        let svg = r##"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"><style>rect{fill:red}</style><a href="https://example.org/"><rect width="10" height="10" opacity="0.5"/></a><use xlink:href="#r"/></svg>"##;
        assert_eq!(why(svg), None);
    }

    #[test]
    fn what_runs_is_found() {
        let cases = [
            (r#"<svg><script>alert(1)</script></svg>"#, "`<script>`"),
            (r#"<svg><SCRIPT>alert(1)</SCRIPT></svg>"#, "`<SCRIPT>`"),
            (r#"<svg onload="alert(1)"/>"#, "`onload`"),
            (r#"<svg><rect ONCLICK="alert(1)"/></svg>"#, "`onclick`"),
            (
                r#"<svg><foreignObject><p/></foreignObject></svg>"#,
                "`<foreignObject>`",
            ),
            (
                r#"<svg><a href="javascript:alert(1)"><text/></a></svg>"#,
                "`javascript:`",
            ),
            (
                r#"<svg><a xlink:href="&#106;avascript:alert(1)"/></svg>"#,
                "`javascript:`",
            ),
            (
                r#"<svg><set attributeName="href" to="javascript:alert(1)"/></svg>"#,
                "`javascript:`",
            ),
            (
                r#"<svg><animate values="x;javascript:alert(1)"/></svg>"#,
                "`javascript:`",
            ),
            (
                r#"<svg><h:script xmlns:h="http://www.w3.org/1999/xhtml"/></svg>"#,
                "`<script>`",
            ),
            (r#"<?xml-stylesheet href="x.xsl"?><svg/>"#, "xml-stylesheet"),
            (r#"<svg><rect></svg>"#, "not well-formed"),
        ];
        for (svg, want) in cases {
            let got = why(svg).unwrap_or_default();
            assert!(got.contains(want), "{svg}: {got}");
        }
    }

    #[test]
    fn positions_are_lines_and_columns() {
        let svg = "<svg>\n  <script/>\n</svg>";
        let (offset, _) = scan_xml(svg.as_bytes()).unwrap();
        assert_eq!(position(svg.as_bytes(), offset), Pos::new(2, 3));
    }
}
