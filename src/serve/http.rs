//! The HTTP side of `serve`: answers requests from the site in memory.
//!
//! In: a request's raw path (as sent, not normalised by anyone). Out: a file
//! of the last good site with its Content-Type, the site's `404.html`, or a
//! refusal. Only paths of the built site are served: a path with `..` or
//! `.` segments (raw or percent-encoded), a backslash, an empty segment
//! (`//etc/passwd`), a drive letter or a NUL is refused with 400 before
//! anything is looked up, and the lookup is in the site's map of files,
//! never in the file system; the only files read from disk are the site's
//! assets, and only when they resolve (symlinks followed) inside
//! `content/`. Pages get the live-reload script and style sheet as
//! external files (`/__clusterbook/live.js`), so that they work under the
//! pages' Content-Security-Policy (`script-src 'self'`).

use super::rebuild::Served;
use super::{Live, Shared};
use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Method, StatusCode, Uri, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use percent_encoding::percent_decode_str;
use std::convert::Infallible;
use std::sync::Arc;
use tokio_stream::StreamExt;
use tokio_stream::wrappers::WatchStream;

/// Where the live-reload files are served; no page of a site can be there
/// (ids cannot start with `_`).
pub const PREFIX: &str = "/__clusterbook/";

const LIVE_JS: &str = include_str!("live.js");
const LIVE_CSS: &str = include_str!("live.css");

/// The router of the server.
pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/__clusterbook/live.js", get(live_js))
        .route("/__clusterbook/live.css", get(live_css))
        .route("/__clusterbook/events", get(events))
        .fallback(site)
        .with_state(shared)
}

async fn live_js() -> Response {
    text_response(StatusCode::OK, "text/javascript; charset=utf-8", LIVE_JS)
}

async fn live_css() -> Response {
    text_response(StatusCode::OK, "text/css; charset=utf-8", LIVE_CSS)
}

/// Server-sent events: the state of the preview (its generation and the
/// errors of the last rebuild), now and after every change.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl tokio_stream::Stream<Item = Result<Event, Infallible>>> {
    let stream = WatchStream::new(shared.live.subscribe()).map(|live: Live| {
        let data = serde_json::to_string(&live).expect("the state always serialises");
        Ok(Event::default().event("state").data(data))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn text_response(status: StatusCode, content_type: &'static str, body: &'static str) -> Response {
    let mut r = (status, body).into_response();
    r.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    r.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    r
}

/// Why a request path is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refused {
    /// It could name a file outside the site (or is not a path at all).
    BadPath,
}

/// The key of the site's map that a raw request path names (`/cases/` →
/// `cases/index.html`), or why it is refused.
pub fn site_key(raw_path: &str) -> Result<String, Refused> {
    let Some(rest) = raw_path.strip_prefix('/') else {
        return Err(Refused::BadPath);
    };
    if rest.contains('\\') {
        return Err(Refused::BadPath);
    }
    let decoded = percent_decode_str(rest)
        .decode_utf8()
        .map_err(|_| Refused::BadPath)?;
    if decoded.contains(['\\', '\0']) {
        return Err(Refused::BadPath);
    }
    if decoded.is_empty() {
        return Ok("index.html".into());
    }
    let segments: Vec<&str> = decoded.split('/').collect();
    let last = segments.len() - 1;
    for (i, s) in segments.iter().enumerate() {
        let bad = *s == "." || *s == ".." || s.contains(':') || (s.is_empty() && i != last);
        if bad {
            return Err(Refused::BadPath);
        }
    }
    Ok(if decoded.ends_with('/') {
        format!("{decoded}index.html")
    } else {
        decoded.into_owned()
    })
}

/// The Content-Type of a site file, by its extension.
pub fn content_type(path: &str) -> &'static str {
    let ext = path.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
    match ext.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

async fn site(State(shared): State<Arc<Shared>>, method: Method, uri: Uri) -> Response {
    if method != Method::GET && method != Method::HEAD {
        let mut r = (StatusCode::METHOD_NOT_ALLOWED, "only GET and HEAD\n").into_response();
        r.headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return r;
    }
    let raw = uri.path();
    let key = match site_key(raw) {
        Ok(k) => k,
        Err(Refused::BadPath) => {
            return (
                StatusCode::BAD_REQUEST,
                "bad path: not a file of the site\n",
            )
                .into_response();
        }
    };
    let snapshot = shared.snapshot();
    if !snapshot.built {
        return page(
            StatusCode::SERVICE_UNAVAILABLE,
            NO_SITE.as_bytes(),
            snapshot.generation,
            false,
        );
    }
    if let Some(file) = snapshot.files.get(&key) {
        return match file_bytes(&shared, file).await {
            Some(bytes) => file_response(&key, bytes, snapshot.generation),
            None => not_found(&snapshot, &key),
        };
    }
    if !key.ends_with("index.html") && snapshot.files.contains_key(&format!("{key}/index.html")) {
        // A folder asked for without its slash: relative links need it.
        let mut r = StatusCode::PERMANENT_REDIRECT.into_response();
        if let Ok(v) = HeaderValue::from_str(&format!("{raw}/")) {
            r.headers_mut().insert(header::LOCATION, v);
        }
        return r;
    }
    not_found(&snapshot, &key)
}

/// The bytes of a site file; an asset is read from disk only when it is
/// inside `content/` once symlinks are followed.
async fn file_bytes(shared: &Shared, file: &Served) -> Option<Arc<Vec<u8>>> {
    match file {
        Served::Bytes(b) => Some(b.clone()),
        Served::File(p) => {
            let real = tokio::fs::canonicalize(p).await.ok()?;
            if !real.starts_with(&shared.content_dir) {
                return None;
            }
            tokio::fs::read(&real).await.ok().map(Arc::new)
        }
    }
}

fn file_response(key: &str, bytes: Arc<Vec<u8>>, generation: u64) -> Response {
    let ct = content_type(key);
    if ct.starts_with("text/html") {
        return page(StatusCode::OK, &bytes, generation, false);
    }
    let mut r = Response::new(Body::from(bytes.as_ref().clone()));
    set_headers(&mut r, ct);
    r
}

fn set_headers(r: &mut Response, ct: &'static str) {
    let h = r.headers_mut();
    h.insert(header::CONTENT_TYPE, HeaderValue::from_static(ct));
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
}

/// The site's `404.html`, with a link to where the page went when known.
fn not_found(snapshot: &super::Snapshot, key: &str) -> Response {
    let Some(Served::Bytes(html)) = snapshot.files.get("404.html") else {
        return (StatusCode::NOT_FOUND, "not found\n").into_response();
    };
    let mut html = String::from_utf8_lossy(html).into_owned();
    let moved = snapshot
        .moves
        .get(key)
        .or_else(|| snapshot.moves.get(&format!("{key}/index.html")));
    if let Some(to) = moved {
        let href = format!("/{}", to.trim_end_matches("index.html"));
        let note = format!(
            "<p class=\"clusterbook-moved\">This page has moved to <a href=\"{href}\">{href}</a>.</p>"
        );
        insert_after_body(&mut html, &note);
    }
    page(
        StatusCode::NOT_FOUND,
        html.as_bytes(),
        snapshot.generation,
        true,
    )
}

/// An HTML page with the live-reload script and style sheet added. The
/// 404 page was made for the site's root, so it gets `<base href="/">`
/// wherever it is served.
fn page(status: StatusCode, html: &[u8], generation: u64, at_root: bool) -> Response {
    let mut html = String::from_utf8_lossy(html).into_owned();
    let base = if at_root { "<base href=\"/\">" } else { "" };
    let tags = format!(
        "{base}<link rel=\"stylesheet\" href=\"{PREFIX}live.css\"><script src=\"{PREFIX}live.js\" data-generation=\"{generation}\" defer></script>"
    );
    insert_in_head(&mut html, &tags);
    let mut r = Response::new(Body::from(html));
    *r.status_mut() = status;
    set_headers(&mut r, "text/html; charset=utf-8");
    r
}

/// Inserts `tags` at the start of the page's head (so that a `<base>` comes
/// before every link), or at the start when it has none.
fn insert_in_head(html: &mut String, tags: &str) {
    let at = find_tag_end(html, "<head").unwrap_or(0);
    html.insert_str(at, tags);
}

fn insert_after_body(html: &mut String, note: &str) {
    let at = find_tag_end(html, "<main")
        .or_else(|| find_tag_end(html, "<body"))
        .unwrap_or(html.len());
    html.insert_str(at, note);
}

/// The position after the `>` of the first tag `<name …>`.
fn find_tag_end(html: &str, open: &str) -> Option<usize> {
    let lower = html.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(open) {
        let start = from + i;
        let after = start + open.len();
        let next = lower.as_bytes().get(after).copied();
        if matches!(next, Some(b'>' | b' ' | b'\n' | b'\t' | b'\r')) {
            return lower[after..].find('>').map(|j| after + j + 1);
        }
        from = after;
    }
    None
}

/// What is served before the first good build.
const NO_SITE: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>clusterbook serve</title></head><body><main><h1>No site yet</h1><p>The handbook is being built, or has errors (shown here and in the terminal); the page reloads when there is a site.</p></main></body></html>";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_of_the_site_are_keys() {
        assert_eq!(site_key("/").unwrap(), "index.html");
        assert_eq!(site_key("/cases/").unwrap(), "cases/index.html");
        assert_eq!(site_key("/theme/site.js").unwrap(), "theme/site.js");
        assert_eq!(
            site_key("/tags/h%C3%A4lsa/").unwrap(),
            "tags/hälsa/index.html"
        );
    }

    #[test]
    fn paths_out_of_the_site_are_refused() {
        for p in [
            "/../etc/passwd",
            "/cases/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/%2e%2e/etc/passwd",
            "/..%2fetc/passwd",
            "/..%2Fetc%2Fpasswd",
            "/.%2e/etc/passwd",
            "/..\\etc\\passwd",
            "/%5c..%5cetc",
            "//etc/passwd",
            "/%2fetc/passwd",
            "/C:/Windows/win.ini",
            "/./index.html",
            "/%00",
            "/%ff",
            "etc/passwd",
        ] {
            assert_eq!(site_key(p), Err(Refused::BadPath), "{p}");
        }
    }

    #[test]
    fn types_follow_extensions() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("theme/style.css"), "text/css; charset=utf-8");
        assert_eq!(content_type("assets/x.SVG"), "image/svg+xml");
        assert_eq!(content_type("search/x.bin"), "application/octet-stream");
    }

    #[test]
    fn scripts_go_into_the_head() {
        let mut h = "<!doctype html><html><head><meta charset=utf-8><header>".to_string();
        insert_in_head(&mut h, "X");
        assert_eq!(
            h,
            "<!doctype html><html><head>X<meta charset=utf-8><header>"
        );
        let mut h = "<p>no head".to_string();
        insert_in_head(&mut h, "X");
        assert_eq!(h, "X<p>no head");
    }
}
