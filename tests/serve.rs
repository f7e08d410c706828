//! `clusterbook serve`: incremental rebuilds equal a build from scratch,
//! and the server serves the site and nothing else.
//!
//! The rebuild tests drive [`Rebuilder`] on a copy of a fixture through a
//! series of edits and compare, after each, every file it serves with what
//! `compile` makes of the same files. The server tests start the binary on
//! a free port and talk to it over raw TCP, so that no client normalises
//! the paths sent.

mod common;

use clusterbook::BuildOptions;
use clusterbook::render::Contents;
use clusterbook::serve::rebuild::{Outcome, Rebuilder, Served, Summary};
use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A temporary copy of fixture `name`.
fn copy_fixture(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let from = common::fixture(name);
    for e in walkdir::WalkDir::new(&from) {
        let e = e.unwrap();
        let to = tmp.path().join(e.path().strip_prefix(&from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(e.path(), &to).unwrap();
        }
    }
    tmp
}

fn edit(root: &Path, rel: &str, f: impl FnOnce(String) -> String) {
    let p = root.join(rel);
    let text = std::fs::read_to_string(&p).unwrap();
    let new = f(text.clone());
    assert_ne!(text, new, "the edit of {rel} changes nothing");
    std::fs::write(&p, new).unwrap();
}

/// Rebuilds, expecting success, and then the search index.
fn rebuilt(r: &mut Rebuilder) -> Summary {
    let s = match r.rebuild() {
        Outcome::Built(s) => s,
        other => panic!("expected a rebuild, got {other:?}"),
    };
    assert!(r.rebuild_search());
    s
}

/// Asserts that the rebuilder serves exactly what a build from scratch
/// makes.
fn assert_same_as_fresh_build(r: &Rebuilder, step: &str) {
    let fresh = clusterbook::compile(r.options()).expect("the fresh build succeeds");
    let want: BTreeMap<&str, &Contents> = fresh
        .files
        .iter()
        .map(|f| (f.path.as_str(), &f.contents))
        .collect();
    let got: BTreeMap<&str, &Served> = r.files().iter().map(|(p, s)| (p.as_str(), s)).collect();
    let want_paths: Vec<&&str> = want.keys().collect();
    let got_paths: Vec<&&str> = got.keys().collect();
    assert_eq!(got_paths, want_paths, "{step}: the files differ");
    for (path, w) in &want {
        let same = match (got[path], w) {
            (Served::Bytes(a), Contents::Bytes(b)) => a.as_slice() == b.as_slice(),
            (Served::File(a), Contents::Copy(b)) => a == b,
            _ => false,
        };
        assert!(same, "{step}: {path} differs from a fresh build");
    }
}

#[test]
fn incremental_rebuilds_equal_fresh_builds() {
    rebuilds_equal_fresh_builds(true);
}

/// `serve` itself does not minify: the same edits, compared with a fresh
/// unminified build.
#[test]
fn incremental_rebuilds_equal_fresh_builds_unminified() {
    rebuilds_equal_fresh_builds(false);
}

fn rebuilds_equal_fresh_builds(minify: bool) {
    let tmp = copy_fixture("basic");
    let root = tmp.path();
    let mut opts = BuildOptions::new(root);
    opts.minify = minify;
    let mut r = Rebuilder::new(opts);
    let first = rebuilt(&mut r);
    assert!(first.full);
    assert_same_as_fresh_build(&r, "first build");

    // Nothing changed: nothing to do.
    assert!(matches!(r.rebuild(), Outcome::Unchanged));

    edit(root, "content/cases/alfa.md", |t| {
        t.replace("Alfa är ett kluster", "Alfa är ett växande kluster")
    });
    // The edited page is there before the pages that list it are made.
    let mut first_pages = 0;
    let s = match r.rebuild_with(|r| {
        first_pages += 1;
        let page = match &r.files()["cases/alfa/index.html"] {
            Served::Bytes(b) => String::from_utf8_lossy(b).into_owned(),
            Served::File(p) => panic!("a page served from {p:?}"),
        };
        assert!(page.contains("växande"), "the edited page is not new");
    }) {
        Outcome::Built(s) => s,
        other => panic!("expected a rebuild, got {other:?}"),
    };
    assert!(r.rebuild_search());
    assert_eq!(first_pages, 1);
    assert_eq!(s.parsed, ["content/cases/alfa.md"]);
    assert!(!s.full && s.rendered < s.pages, "{s:?}");
    assert_same_as_fresh_build(&r, "body of a case");

    // A title shows on every page that links the entry.
    edit(root, "content/cases/beta.md", |t| {
        t.replace("title: Beta", "title: Betafallet")
    });
    let s = rebuilt(&mut r);
    assert!(!s.full, "{s:?}");
    assert_same_as_fresh_build(&r, "title of a linked case");

    // A new tag makes a new tag page; a new country a new facet page.
    edit(root, "content/cases/beta.md", |t| {
        t.replace("tags: [finansiering]", "tags: [finansiering, export]")
            .replace("country: \"NO\"", "country: DK")
    });
    let s = rebuilt(&mut r);
    assert!(!s.full, "{s:?}");
    assert!(r.files().contains_key("tags/export/index.html"));
    assert!(!r.files().contains_key("cases/country/no/index.html"));
    assert_same_as_fresh_build(&r, "tags and facets of a case");

    // A term is linked from the text of every page.
    edit(root, "content/terms/kluster.md", |t| {
        t.replace("definition: ", "definition: Kort sagt, ")
    });
    let s = rebuilt(&mut r);
    assert!(s.full);
    assert_same_as_fresh_build(&r, "definition of a term");

    // A new file, then the same file renamed: the old page is gone and
    // its new place is known.
    std::fs::write(
        root.join("content/cases/gamma.md"),
        "---\ntitle: Gamma\nsummary: Ett nytt fall.\nphases: [pilot]\ntags: [export]\n---\nGamma har en [länk till Alfa](alfa.md).\n",
    )
    .unwrap();
    rebuilt(&mut r);
    assert_same_as_fresh_build(&r, "a new case");
    std::fs::rename(
        root.join("content/cases/gamma.md"),
        root.join("content/cases/gamma-2.md"),
    )
    .unwrap();
    rebuilt(&mut r);
    assert_same_as_fresh_build(&r, "a case renamed");
    assert_eq!(
        r.moves().get("cases/gamma/index.html").map(String::as_str),
        Some("cases/gamma-2/index.html")
    );
    std::fs::remove_file(root.join("content/cases/gamma-2.md")).unwrap();
    rebuilt(&mut r);
    assert_same_as_fresh_build(&r, "a case deleted");

    // A typo keeps the last good site; the fix builds from there.
    let before = r.files().clone();
    edit(root, "content/cases/alfa.md", |t| {
        t.replace("title: Alfa", "title: \"Alfa")
    });
    match r.rebuild() {
        Outcome::Failed(d) => {
            let e = &d.items()[0];
            assert_eq!((e.file.as_str(), e.line), ("content/cases/alfa.md", 2));
        }
        other => panic!("expected the typo to fail, got {other:?}"),
    }
    assert!(r.files() == &before, "a failed rebuild changed the site");
    edit(root, "content/cases/alfa.md", |t| {
        t.replace("title: \"Alfa", "title: Alfa")
    });
    // Back to the text of the last good site: nothing to render.
    assert!(matches!(r.rebuild(), Outcome::Unchanged));
    assert_same_as_fresh_build(&r, "the typo fixed");

    // A theme override renders every page and parses nothing.
    let theme = root.join("themes/default/templates");
    std::fs::create_dir_all(&theme).unwrap();
    let case = String::from_utf8(
        clusterbook::theme::load_theme(root, "default")
            .unwrap()
            .files["templates/case.html"]
            .clone(),
    )
    .unwrap();
    std::fs::write(
        theme.join("case.html"),
        case.replacen(
            "<dl class=\"facts\">",
            "<p>Överskriven mall</p><dl class=\"facts\">",
            1,
        ),
    )
    .unwrap();
    let s = rebuilt(&mut r);
    assert!(s.full && s.parsed.is_empty(), "{s:?}");
    assert_same_as_fresh_build(&r, "a template overridden");

    // A broken template fails like a typo, with the template named.
    std::fs::write(theme.join("case.html"), "{% if %}").unwrap();
    match r.rebuild() {
        Outcome::Failed(d) => assert!(
            d.items()
                .iter()
                .any(|e| e.file.contains("case.html") || e.message.contains("case.html")),
            "{d:?}"
        ),
        other => panic!("expected the template to fail, got {other:?}"),
    }
    std::fs::remove_dir_all(root.join("themes")).unwrap();
    rebuilt(&mut r);
    assert_same_as_fresh_build(&r, "the override removed");

    // A new asset; the settings (every page).
    std::fs::write(
        root.join("content/assets/ny.svg"),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    )
    .unwrap();
    rebuilt(&mut r);
    assert_same_as_fresh_build(&r, "a new asset");
    edit(root, "content/site.yaml", |t| {
        t.replace("title: Testhandbok", "title: Provhandbok")
    });
    let s = rebuilt(&mut r);
    assert!(s.full);
    assert_same_as_fresh_build(&r, "the settings");
}

/// Asserts that a rebuild's warnings are those of a build from scratch.
fn assert_same_warnings(r: &Rebuilder, s: &Summary, step: &str) {
    let fresh = clusterbook::compile(r.options()).expect("the fresh build succeeds");
    assert_eq!(
        s.warnings.items(),
        fresh.diagnostics.items(),
        "{step}: the warnings differ from a fresh build's"
    );
}

/// A change of an entry's text only resolves that entry again and keeps
/// the rest of the site; the site and its warnings are those of a build
/// from scratch. A change that other entries can see (a link, a heading,
/// the front matter) resolves the whole handbook, and so does the first
/// rebuild after one that failed.
#[test]
fn text_edits_resolve_only_their_entry_and_equal_fresh_builds() {
    let tmp = copy_fixture("basic");
    let root = tmp.path();
    let mut r = Rebuilder::new(BuildOptions::new(root));
    rebuilt(&mut r);
    let alfa = "content/cases/alfa.md";

    // Files unchanged for a while are known by their stamps, without
    // reading their text, in a whole load too.
    std::thread::sleep(clusterbook::source::SETTLED + Duration::from_millis(200));
    edit(root, "content/cases/beta.md", |t| {
        t.replace("summary: Ett fall", "summary: Ett annat fall")
    });
    let s = rebuilt(&mut r);
    assert!(!s.patched, "{s:?}");
    assert_eq!(s.parsed, ["content/cases/beta.md"]);
    assert_same_as_fresh_build(&r, "a summary, after a while");
    assert_same_warnings(&r, &s, "a summary, after a while");

    let step = |r: &mut Rebuilder, what: &str, change: &dyn Fn(String) -> String| {
        edit(root, alfa, change);
        let s = rebuilt(r);
        assert_same_as_fresh_build(r, what);
        assert_same_warnings(r, &s, what);
        s
    };
    let s = step(&mut r, "a sentence", &|t| {
        t.replace("Ordet kluster", "Ordet kluster, som i en ny mening,")
    });
    assert!(s.patched && !s.full, "{s:?}");
    assert_eq!(s.parsed, [alfa]);
    // A warning of the text itself comes and goes with it.
    let s = step(&mut r, "a bare address", &|t| {
        t.replace("i Skåne. Ordet", "i Skåne, https://example.org. Ordet")
    });
    assert!(s.patched, "{s:?}");
    assert!(s.warnings.items().iter().any(|d| d.code == "bare-url"));
    let s = step(&mut r, "the bare address removed", &|t| {
        t.replace("i Skåne, https://example.org. Ordet", "i Skåne. Ordet")
    });
    assert!(s.patched, "{s:?}");
    assert!(!s.warnings.items().iter().any(|d| d.code == "bare-url"));
    // The same entries linked, one link more: still the text alone.
    let s = step(&mut r, "a second link to a linked entry", &|t| {
        t.replace("i Skåne. Ordet", "i Skåne, som [Beta](beta.md). Ordet")
    });
    assert!(s.patched, "{s:?}");

    // Other entries see these.
    let s = step(&mut r, "a link to an entry not linked before", &|t| {
        t.replace("Skåne, som", "Skåne, se [talet](../talks/tal.md), som")
    });
    assert!(!s.patched, "{s:?}");
    let s = step(&mut r, "a new heading", &|t| {
        t.replace("## Om kluster", "## Om kluster\n\n## Ny rubrik")
    });
    assert!(!s.patched, "{s:?}");
    let s = step(&mut r, "the summary", &|t| {
        t.replace("summary: Ett fall", "summary: Ett litet fall")
    });
    assert!(!s.patched, "{s:?}");

    // A broken link in the text fails, and keeps failing until it is
    // fixed; the fix is the text alone again, compared with the last good
    // site; and so is going back to that site's text.
    let failed = |r: &mut Rebuilder| match r.rebuild() {
        Outcome::Failed(d) => assert!(
            d.items()
                .iter()
                .any(|d| d.code == "broken-link" && d.file == alfa),
            "{d:?}"
        ),
        other => panic!("expected the broken link to fail, got {other:?}"),
    };
    let good = std::fs::read_to_string(root.join(alfa)).unwrap();
    edit(root, alfa, |t| {
        t.replace("Skåne, se", "Skåne, [bruten](saknas.md), se")
    });
    failed(&mut r);
    failed(&mut r);
    let s = step(&mut r, "the broken link fixed", &|t| {
        t.replace("Skåne, [bruten](saknas.md), se", "Skåne, inte brutet, se")
    });
    assert!(s.patched, "{s:?}");
    edit(root, alfa, |t| {
        t.replace("Skåne, inte brutet, se", "Skåne, [bruten](saknas.md), se")
    });
    failed(&mut r);
    std::fs::write(root.join(alfa), &good).unwrap();
    let s = rebuilt(&mut r);
    assert!(s.patched, "{s:?}");
    assert_same_as_fresh_build(&r, "back to the text before the broken link");
    assert_same_warnings(&r, &s, "back to the text before the broken link");
    // A typo in the front matter fails; going back to the last good
    // text changes nothing.
    edit(root, alfa, |t| t.replace("title: Alfa", "title: \"Alfa"));
    assert!(matches!(r.rebuild(), Outcome::Failed(_)));
    std::fs::write(root.join(alfa), &good).unwrap();
    assert!(matches!(r.rebuild(), Outcome::Unchanged));
    assert_same_as_fresh_build(&r, "the typo undone");
    let s = step(&mut r, "a sentence after the typo", &|t| {
        t.replace("Ordet kluster,", "Ordet kluster, igen,")
    });
    assert!(s.patched, "{s:?}");
}

/// A running `clusterbook serve`; stopped (SIGINT, then kill) when dropped.
struct Server {
    child: Child,
    addr: String,
    _tmp: tempfile::TempDir,
}

impl Server {
    fn start(tmp: tempfile::TempDir) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_clusterbook"))
            .args(["serve", "--port", "0", "--root"])
            .arg(tmp.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let addr = line
            .split("http://")
            .nth(1)
            .and_then(|s| s.split('/').next())
            .unwrap_or_else(|| panic!("no address in {line:?}"))
            .to_string();
        Server {
            child,
            addr,
            _tmp: tmp,
        }
    }

    /// Sends `request_line` as it is and returns the status code and body.
    fn raw(&self, request_line: &str) -> (u16, Vec<u8>, String) {
        let mut s = TcpStream::connect(&self.addr).unwrap();
        write!(
            s,
            "{request_line}\r\nHost: {}\r\nConnection: close\r\n\r\n",
            self.addr
        )
        .unwrap();
        let mut out = Vec::new();
        s.read_to_end(&mut out).unwrap();
        let split = out
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a response has a head");
        let head = String::from_utf8_lossy(&out[..split]).into_owned();
        let status = head
            .split(' ')
            .nth(1)
            .and_then(|c| c.parse().ok())
            .expect("a status line");
        (status, out[split + 4..].to_vec(), head.to_lowercase())
    }

    fn get(&self, path: &str) -> (u16, Vec<u8>, String) {
        self.raw(&format!("GET {path} HTTP/1.1"))
    }

    fn interrupt(&mut self) -> std::process::ExitStatus {
        let pid = self.child.id().to_string();
        Command::new("kill").args(["-INT", &pid]).status().unwrap();
        // A bound on the wait, not a timing assertion: a server that does
        // not stop would hang the suite.
        let until = Instant::now() + Duration::from_secs(20);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < until, "serve did not stop on SIGINT");
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn served_fixture() -> Server {
    let tmp = copy_fixture("basic");
    // A file outside the site, and a symlink to it among the assets.
    let secret = tmp.path().join("secret.txt");
    std::fs::write(&secret, "not for the web").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret, tmp.path().join("content/assets/link.txt")).unwrap();
    Server::start(tmp)
}

#[test]
fn serves_the_site_with_its_types() {
    let s = served_fixture();
    let (code, body, head) = s.get("/cases/alfa/");
    assert_eq!(code, 200);
    assert!(head.contains("content-type: text/html; charset=utf-8"));
    let html = String::from_utf8(body).unwrap();
    assert!(html.contains("<script src=\"/__clusterbook/live.js\""));
    for (path, ty) in [
        ("/theme/style.css", "text/css"),
        ("/theme/site.js", "text/javascript"),
        ("/assets/modell.svg", "image/svg+xml"),
        ("/sitemap.xml", "application/xml"),
        ("/__clusterbook/live.js", "text/javascript"),
    ] {
        let (code, _, head) = s.get(path);
        assert_eq!(code, 200, "{path}");
        assert!(
            head.contains(&format!("content-type: {ty}")),
            "{path}: {head}"
        );
    }
    // A folder without its slash is sent to it, so relative links work.
    let (code, _, head) = s.get("/cases/alfa");
    assert_eq!(code, 308);
    assert!(head.contains("location: /cases/alfa/"));
    // A missing page gets the site's 404 page.
    let (code, body, _) = s.get("/cases/nothing-here/");
    assert_eq!(code, 404);
    let fresh_404 = clusterbook::compile(&BuildOptions::new(common::fixture("basic")))
        .unwrap()
        .files
        .into_iter()
        .find(|f| f.path == "404.html")
        .unwrap();
    let Contents::Bytes(want) = fresh_404.contents else {
        panic!("404.html is made")
    };
    let title = String::from_utf8(want).unwrap();
    let title = &title[title.find("<title>").unwrap()..title.find("</title>").unwrap()];
    assert!(String::from_utf8(body).unwrap().contains(title));
}

fn assert_refused(s: &Server, request_line: &str) {
    let (code, body, _) = s.raw(request_line);
    assert!(
        code == 400 || code == 404,
        "{request_line}: {code} {}",
        String::from_utf8_lossy(&body)
    );
    let body = String::from_utf8_lossy(&body);
    assert!(!body.contains("root:") && !body.contains("not for the web"));
}

#[test]
fn refuses_dot_dot() {
    let s = served_fixture();
    assert_refused(&s, "GET /../../../../etc/passwd HTTP/1.1");
    assert_refused(&s, "GET /cases/../../secret.txt HTTP/1.1");
}

#[test]
fn refuses_encoded_dot_dot() {
    let s = served_fixture();
    assert_refused(&s, "GET /%2e%2e/%2e%2e/etc/passwd HTTP/1.1");
    assert_refused(&s, "GET /%2E%2E/secret.txt HTTP/1.1");
}

#[test]
fn refuses_dot_dot_with_encoded_slash() {
    let s = served_fixture();
    assert_refused(&s, "GET /..%2f..%2f..%2fetc%2fpasswd HTTP/1.1");
    assert_refused(&s, "GET /assets/..%2F..%2Fsecret.txt HTTP/1.1");
}

#[test]
fn refuses_backslashes() {
    let s = served_fixture();
    assert_refused(&s, "GET /..\\..\\secret.txt HTTP/1.1");
    assert_refused(&s, "GET /%5c..%5c..%5csecret.txt HTTP/1.1");
}

#[test]
fn refuses_absolute_paths() {
    let s = served_fixture();
    assert_refused(&s, "GET //etc/passwd HTTP/1.1");
    assert_refused(&s, "GET /%2fetc%2fpasswd HTTP/1.1");
    assert_refused(&s, "GET /C:/Windows/win.ini HTTP/1.1");
    let secret = s._tmp.path().join("secret.txt");
    assert_refused(&s, &format!("GET {} HTTP/1.1", secret.display()));
}

#[cfg(unix)]
#[test]
fn refuses_symlinks_out_of_the_site() {
    let s = served_fixture();
    assert_refused(&s, "GET /assets/link.txt HTTP/1.1");
}

#[test]
fn answers_many_concurrent_clients() {
    let s = served_fixture();
    let paths = [
        "/",
        "/cases/alfa/",
        "/theme/style.css",
        "/assets/modell.svg",
        "/tags/index.html",
    ];
    let failures: usize = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..50)
            .map(|client| {
                let s = &s;
                scope.spawn(move || {
                    (0..40)
                        .filter(|i| s.get(paths[(client + i) % paths.len()]).0 != 200)
                        .count()
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).sum()
    });
    assert_eq!(failures, 0, "of 2,000 requests from 50 clients");
}

#[test]
fn ctrl_c_stops_it_cleanly() {
    let mut s = served_fixture();
    assert_eq!(s.get("/").0, 200);
    let status = s.interrupt();
    assert!(status.success(), "{status:?}");
}

#[test]
fn a_port_in_use_is_a_clear_error() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let tmp = copy_fixture("basic");
    let o = Command::new(env!("CARGO_BIN_EXE_clusterbook"))
        .args(["serve", "--port", &port, "--root"])
        .arg(tmp.path())
        .output()
        .unwrap();
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!("port {port} on 127.0.0.1 is already in use"))
            && err.contains("help:"),
        "{err}"
    );
}
