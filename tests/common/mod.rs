//! Helpers shared by the integration tests: run the binary on a fixture,
//! read a built site, and check its links the way a browser follows them.

#![allow(dead_code)]

use scraper::{Html, Selector};
use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The folder of a fixture handbook.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `clusterbook` with `args`.
pub fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clusterbook"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Runs `build` on the handbook at `root` into `out`, whatever comes of it.
pub fn run_build(root: &Path, out: &Path, options: &[&str]) -> Output {
    let mut args = vec![
        "build",
        "--root",
        root.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(options);
    run(&args)
}

/// Builds the handbook at `root` into `out`, asserting success.
pub fn build(root: &Path, out: &Path) -> Output {
    build_with(root, out, &[])
}

/// The same with more options (`--no-minify`, ...).
pub fn build_with(root: &Path, out: &Path, options: &[&str]) -> Output {
    let o = run_build(root, out, options);
    assert!(
        o.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// Builds a fixture into a new temporary folder.
pub fn build_fixture(name: &str) -> (tempfile::TempDir, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    build(&fixture(name), &out);
    (tmp, out)
}

/// Every file under `dir`: relative path to contents.
pub fn read_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e
                .path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read(e.path()).unwrap())
        })
        .collect()
}

/// A built page, parsed.
pub fn page(dist: &Path, rel: &str) -> Html {
    let text = std::fs::read_to_string(dist.join(rel))
        .unwrap_or_else(|e| panic!("cannot read {rel}: {e}"));
    Html::parse_document(&text)
}

/// The `href`s of the elements matching `css` on a page.
pub fn hrefs(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .filter_map(|e| e.value().attr("href").map(str::to_string))
        .collect()
}

/// The text of the elements matching `css`, trimmed.
pub fn texts(doc: &Html, css: &str) -> Vec<String> {
    let sel = Selector::parse(css).unwrap();
    doc.select(&sel)
        .map(|e| e.text().collect::<String>().trim().to_string())
        .collect()
}

fn has_scheme(u: &str) -> bool {
    match u.split_once(':') {
        Some((s, _)) => {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        }
        None => false,
    }
}

/// Resolves `href` from page `from` (both relative to the site root) to a
/// path and fragment; `None` for outside addresses.
pub fn resolve_href(from: &str, href: &str) -> Option<(String, Option<String>)> {
    if has_scheme(href) {
        return None;
    }
    let (path, frag) = match href.split_once('#') {
        Some((p, f)) => (p, Some(f.to_string())),
        None => (href, None),
    };
    let path = path.split('?').next().unwrap();
    if path.is_empty() {
        return Some((from.to_string(), frag));
    }
    let mut parts: Vec<&str> = from.split('/').collect();
    parts.pop();
    for p in path.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                assert!(parts.pop().is_some(), "{href} from {from} leaves the site");
            }
            p => parts.push(p),
        }
    }
    Some((parts.join("/"), frag))
}

/// Every internal link problem of a built site: links that start with `/`,
/// point to no file, name a folder (which breaks under `file://`), or name
/// an anchor the target does not have.
pub fn broken_links(dist: &Path) -> Vec<String> {
    let tree = read_tree(dist);
    let mut ids: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    let mut links: Vec<(String, String)> = Vec::new();
    let id_sel = Selector::parse("[id]").unwrap();
    let link_sel = Selector::parse("a[href], link[href], img[src], script[src]").unwrap();
    for (path, bytes) in &tree {
        if !path.ends_with(".html") {
            continue;
        }
        let doc = Html::parse_document(&String::from_utf8_lossy(bytes));
        ids.insert(
            path,
            doc.select(&id_sel)
                .filter_map(|e| e.value().attr("id").map(str::to_string))
                .collect(),
        );
        for e in doc.select(&link_sel) {
            let v = e.value();
            if let Some(u) = v.attr("href").or(v.attr("src")) {
                links.push((path.clone(), u.to_string()));
            }
        }
    }
    let mut problems = Vec::new();
    for (from, href) in links {
        if href.starts_with('/') {
            problems.push(format!("{from}: root-relative link {href}"));
            continue;
        }
        let Some((target, frag)) = resolve_href(&from, &href) else {
            continue;
        };
        if target.is_empty() || target.ends_with('/') || !tree.contains_key(&target) {
            problems.push(format!("{from}: {href} → no file {target}"));
            continue;
        }
        if let Some(f) = frag.filter(|f| !f.is_empty()) {
            let f = percent_decode(&f);
            if !ids.get(target.as_str()).is_some_and(|s| s.contains(&f)) {
                problems.push(format!("{from}: {href} → no #{f} in {target}"));
            }
        }
    }
    problems
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let Ok(b) = u8::from_str_radix(&s[i + 1..i + 3], 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The HTML pages reached from `index.html` by following links.
pub fn reachable_pages(dist: &Path) -> BTreeSet<String> {
    let link_sel = Selector::parse("a[href]").unwrap();
    let mut seen = BTreeSet::new();
    let mut queue = VecDeque::from(["index.html".to_string()]);
    while let Some(p) = queue.pop_front() {
        if !seen.insert(p.clone()) {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(dist.join(&p)) else {
            continue;
        };
        let doc = Html::parse_document(&text);
        for e in doc.select(&link_sel) {
            let href = e.value().attr("href").unwrap();
            if let Some((t, _)) = resolve_href(&p, href)
                && t.ends_with(".html")
                && !seen.contains(&t)
            {
                queue.push_back(t);
            }
        }
    }
    seen
}

/// Copies the folder tree `from` into `to` (made as needed).
pub fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let dest = to.join(e.path().strip_prefix(from).unwrap());
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}
