//! Editions: `release` freezes the working content under versions/, refusing
//! every bad request with its message; `diff` says what changed.

mod common;

use common::{copy_tree, fixture, run};
use std::path::Path;
use std::process::{Command, Output};

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.email=t@example.org", "-c", "user.name=t"])
        .args(args)
        .output()
        .expect("git runs")
        .status
        .success();
    assert!(ok, "git {args:?}");
}

/// The basic fixture in a fresh git repository with one commit.
fn handbook() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    copy_tree(&fixture("basic"), tmp.path());
    git(tmp.path(), &["init", "-q"]);
    git(tmp.path(), &["add", "-A"]);
    git(tmp.path(), &["commit", "-qm", "content"]);
    tmp
}

fn release(root: &Path, args: &[&str]) -> Output {
    let mut all = vec!["release", "--root", root.to_str().unwrap()];
    all.extend_from_slice(args);
    Command::new(env!("CARGO_BIN_EXE_clusterbook"))
        .args(&all)
        .env("SOURCE_DATE_EPOCH", "1764936000") // 2025-12-05
        .output()
        .unwrap()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

#[test]
fn release_freezes_the_content_and_lists_the_edition() {
    let hb = handbook();
    let o = release(hb.path(), &["2025.1", "--notes", "Första: utgåvan"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("released edition 2025.1 (2025-12-05)"));
    let frozen = common::read_tree(&hb.path().join("versions/2025.1/content"));
    let working = common::read_tree(&hb.path().join("content"));
    assert_eq!(frozen, working);
    let yaml = std::fs::read_to_string(hb.path().join("versions/versions.yaml")).unwrap();
    assert!(
        yaml.ends_with(
            "editions:\n  - version: \"2025.1\"\n    date: \"2025-12-05\"\n    notes: \"Första: utgåvan\"\n"
        ),
        "{yaml}"
    );
    // No partial folder is left beside the snapshot.
    let names: Vec<_> = std::fs::read_dir(hb.path().join("versions"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 2, "{names:?}");

    // A second edition is appended, keeping what the file said.
    git(hb.path(), &["add", "-A"]);
    git(hb.path(), &["commit", "-qm", "2025.1"]);
    let o = release(hb.path(), &["2025.2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let yaml2 = std::fs::read_to_string(hb.path().join("versions/versions.yaml")).unwrap();
    assert!(yaml2.starts_with(&yaml));
    assert!(yaml2.ends_with("  - version: \"2025.2\"\n    date: \"2025-12-05\"\n"));
}

#[test]
fn release_refuses_each_bad_request_and_writes_nothing() {
    let hb = handbook();
    assert!(release(hb.path(), &["2025.2"]).status.success());
    git(hb.path(), &["add", "-A"]);
    git(hb.path(), &["commit", "-qm", "2025.2"]);
    let before = common::read_tree(hb.path());
    let cases: [(&[&str], &str); 6] = [
        (
            &["2025-3"],
            "error: `2025-3` is not an edition label: use `YYYY.N` (as `2026.1`) or a semantic version (as `1.2.0`)",
        ),
        (
            &["next"],
            "error: `next` names another part of the site and cannot be an edition",
        ),
        (
            &["2025.2"],
            "error: edition `2025.2` exists already (versions/versions.yaml, line 4)",
        ),
        (
            &["2025.1"],
            "error: `2025.1` is older than the newest edition, `2025.2`",
        ),
        (
            &["1.0.0"],
            "error: `1.0.0` is not of the same form as the newest edition, `2025.2`",
        ),
        (
            &["2025.01"],
            "error: `2025.01` is not an edition label: after the year comes the edition's number, from 1 without leading zeros (as `2025.1`)",
        ),
    ];
    for (args, message) in cases {
        let o = release(hb.path(), args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        assert!(stderr(&o).starts_with(message), "{args:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("\n  help: "), "{args:?}");
    }
    assert_eq!(common::read_tree(hb.path()), before);
}

#[test]
fn release_refuses_uncommitted_content_unless_allowed() {
    let hb = handbook();
    let case = hb.path().join("content/cases/alfa.md");
    let text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, format!("{text}\nEn ny mening.\n")).unwrap();
    let o = release(hb.path(), &["2025.1"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("`content/` has uncommitted changes"), "{e}");
    assert!(e.contains("  content/cases/alfa.md\n"), "{e}");
    assert!(e.contains("--allow-dirty"), "{e}");
    assert!(!hb.path().join("versions").exists());
    let o = release(hb.path(), &["2025.1", "--allow-dirty"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let frozen = std::fs::read_to_string(hb.path().join("versions/2025.1/content/cases/alfa.md"));
    assert!(frozen.unwrap().contains("En ny mening."));
}

#[test]
fn release_refuses_content_that_does_not_pass_check() {
    let hb = handbook();
    let case = hb.path().join("content/cases/alfa.md");
    let text = std::fs::read_to_string(&case).unwrap();
    std::fs::write(&case, text.replacen("title:", "titel:", 1)).unwrap();
    let o = release(hb.path(), &["2025.1", "--allow-dirty"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(e.contains("content/cases/alfa.md:"), "{e}");
    assert!(e.contains("release refused"), "{e}");
    assert!(!hb.path().join("versions").exists());
}

#[test]
fn a_hand_edited_registry_is_reported_at_its_line() {
    let hb = handbook();
    std::fs::create_dir_all(hb.path().join("versions")).unwrap();
    std::fs::write(
        hb.path().join("versions/versions.yaml"),
        "editions:\n  - version: \"2025.1\"\n    date: \"2025-01-01\"\n",
    )
    .unwrap();
    let o = release(hb.path(), &["2025.2"]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("versions/versions.yaml:2:14: error: edition `2025.1` has no snapshot: `versions/2025.1/content/site.yaml` does not exist [missing-snapshot]"),
        "{e}"
    );
}

#[test]
fn diff_lists_added_removed_and_changed_words() {
    let hb = handbook();
    assert!(release(hb.path(), &["2025.1"]).status.success());
    let case = hb.path().join("content/cases/alfa.md");
    let text = std::fs::read_to_string(&case).unwrap();
    let title_line = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .unwrap()
        .to_string();
    std::fs::write(
        &case,
        text.replacen(&title_line, &format!("{title_line} nu"), 1),
    )
    .unwrap();
    std::fs::remove_file(hb.path().join("content/phases/pilot.en.md")).unwrap();
    let root = hb.path().to_str().unwrap();
    let o = run(&["diff", "2025.1", "--root", root]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t = String::from_utf8_lossy(&o.stdout);
    assert!(
        t.starts_with("What changed from 2025.1 to next: 0 added, 1 removed, 1 changed\n"),
        "{t}"
    );
    assert!(t.contains("removed  phase `"), "{t}");
    assert!(t.contains(&format!("+ {title_line}{{+ nu+}}")), "{t}");
    // The same as JSON, for tools; `latest` names the newest edition.
    let o = run(&["diff", "latest", "next", "--format", "json", "--root", root]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["from"], "2025.1");
    assert_eq!(v["removed"][0]["source"], "content/phases/pilot.en.md");
    assert_eq!(v["changed"][0]["entry"]["id"], "alfa");
    // An unknown edition is a usage error with a suggestion.
    let o = run(&["diff", "2025.2", "--root", root]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `2025.1`?"),
        "{}",
        stderr(&o)
    );
}

/// The basic fixture with two releases and working content after them:
/// 2025.1 is the fixture; 2025.2 changes the case `alfa`'s title line and
/// adds the case `gamma`; the working content then drops the English
/// pilot page.
fn two_editions() -> (tempfile::TempDir, String) {
    let hb = handbook();
    assert!(
        release(hb.path(), &["2025.1", "--notes", "Första"])
            .status
            .success()
    );
    git(hb.path(), &["add", "-A"]);
    git(hb.path(), &["commit", "-qm", "2025.1"]);
    let alfa = hb.path().join("content/cases/alfa.md");
    let text = std::fs::read_to_string(&alfa).unwrap();
    std::fs::write(
        &alfa,
        text.replacen("title: Alfa", "title: Alfa i Skåne", 1),
    )
    .unwrap();
    std::fs::write(
        hb.path().join("content/cases/gamma.md"),
        text.replacen("title: Alfa", "title: Gamma", 1),
    )
    .unwrap();
    git(hb.path(), &["add", "-A"]);
    git(hb.path(), &["commit", "-qm", "gamma"]);
    let o = release(hb.path(), &["2025.2"]);
    assert!(o.status.success(), "{}", stderr(&o));
    git(hb.path(), &["add", "-A"]);
    git(hb.path(), &["commit", "-qm", "2025.2"]);
    std::fs::remove_file(hb.path().join("content/phases/pilot.en.md")).unwrap();
    let title_line = "title: Alfa i Skåne".to_string();
    (hb, title_line)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn a_site_with_editions_holds_each_edition_latest_and_next() {
    let (hb, _) = two_editions();
    let out = hb.path().join("dist");
    common::build_with(
        hb.path(),
        &out,
        &["--base-url", "https://example.org/hb/", "--no-minify"],
    );
    for folder in ["2025.1", "2025.2", "latest", "next"] {
        assert!(out.join(folder).join("index.html").is_file(), "{folder}");
    }
    // latest/ is the newest edition, file for file.
    assert_eq!(
        common::read_tree(&out.join("latest")),
        common::read_tree(&out.join("2025.2"))
    );
    // The root leads to latest/ without JavaScript.
    let root = read(&out.join("index.html"));
    assert!(
        root.contains(r#"<meta http-equiv="refresh" content="0; url=latest&#x2F;index.html">"#),
        "{root}"
    );
    // versions.json, newest first, for tools.
    let v: serde_json::Value = serde_json::from_str(&read(&out.join("versions.json"))).unwrap();
    let labels: Vec<&str> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["version"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["2025.2", "2025.1", "next"]);
    assert_eq!(v[0]["aliases"][0], "latest");
    assert_eq!(v[1]["notes"], "Första");
    // gamma is in 2025.2, not in 2025.1; the English pilot page is gone from next.
    assert!(out.join("2025.2/cases/gamma/index.html").is_file());
    assert!(!out.join("2025.1/cases/gamma/index.html").exists());
    assert!(out.join("2025.2/en/phases/pilot/index.html").is_file());
    assert!(!out.join("next/en/phases/pilot/index.html").exists());
    // Every link of the whole site resolves, across editions too.
    assert_eq!(common::broken_links(&out), Vec::<String>::new());

    // The switcher keeps the reader on the page, or says it is not there.
    let gamma = common::page(&out, "2025.2/cases/gamma/index.html");
    assert_eq!(
        common::hrefs(&gamma, ".editions ul a"),
        [
            "../../cases/gamma/index.html",
            "../../../2025.1/index.html#not-in-edition",
            "../../../next/cases/gamma/index.html",
            "../../changes/index.html",
            "../../../index.html",
        ]
    );
    // The banner: an older edition and the working content link the newest.
    let old = common::page(&out, "2025.1/cases/alfa/index.html");
    assert_eq!(
        common::hrefs(&old, ".edition-banner a"),
        ["../../../2025.2/cases/alfa/index.html"]
    );
    assert!(common::texts(&old, ".edition-banner")[0].contains("2025.1"));
    assert!(common::hrefs(&gamma, ".edition-banner a").is_empty());
    let next = common::page(&out, "next/cases/alfa/index.html");
    assert_eq!(common::hrefs(&next, ".edition-banner a").len(), 1);
    // Canonical links point at latest/.
    assert_eq!(
        common::hrefs(&old, "link[rel=canonical]"),
        ["https://example.org/hb/latest/cases/alfa/"]
    );
    // What changed in 2025.2: gamma added, alfa changed with its words marked.
    let changes = common::page(&out, "2025.2/changes/index.html");
    assert_eq!(
        common::hrefs(&changes, "#added + ul a"),
        ["../cases/gamma/index.html"]
    );
    assert_eq!(common::texts(&changes, ".changed-entry ins"), ["i Skåne"]);
    let next_changes = common::page(&out, "next/changes/index.html");
    assert_eq!(
        common::hrefs(&next_changes, "#removed + ul a"),
        ["../../2025.2/en/phases/pilot/index.html"]
    );
    // The first edition has nothing to compare with.
    assert!(!out.join("2025.1/changes/index.html").exists());
    // A zip per edition, that unpacks into its own folder.
    let zip = std::fs::read(out.join("2025.1.zip")).unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(zip)).unwrap();
    let names: Vec<String> = (0..archive.len())
        .map(|i| archive.by_index(i).unwrap().name().unwrap().to_string())
        .collect();
    assert!(
        names.iter().all(|n| n.starts_with("testhandbok-2025.1/")),
        "{names:?}"
    );
    assert!(names.contains(&"testhandbok-2025.1/index.html".to_string()));
    assert!(names.contains(&"testhandbok-2025.1/search/index.html".to_string()));
}

#[test]
fn released_editions_never_change_and_the_build_is_deterministic() {
    let (hb, _) = two_editions();
    let out = hb.path().join("dist");
    common::build(hb.path(), &out);
    let first = common::read_tree(&out);
    common::build(hb.path(), &out);
    assert_eq!(
        common::read_tree(&out),
        first,
        "a second build is byte-identical"
    );
    // Editing the working content changes next/ only.
    let alfa = hb.path().join("content/cases/alfa.md");
    std::fs::write(&alfa, read(&alfa).replacen("Alfa är", "Alfa var", 1)).unwrap();
    common::build(hb.path(), &out);
    let after = common::read_tree(&out);
    for (path, bytes) in &first {
        if !path.starts_with("next/") {
            assert_eq!(after.get(path), Some(bytes), "{path} changed");
        }
    }
    assert_ne!(
        after.get("next/cases/alfa/index.html"),
        first.get("next/cases/alfa/index.html")
    );
}

#[test]
fn a_broken_edition_is_reported_under_its_folder_and_the_output_is_kept() {
    let (hb, _) = two_editions();
    let out = hb.path().join("dist");
    common::build(hb.path(), &out);
    let before = common::read_tree(&out);
    let frozen = hb.path().join("versions/2025.1/content/cases/alfa.md");
    std::fs::write(
        &frozen,
        read(&frozen).replacen("phases: [pilot]", "phases: [piloot]", 1),
    )
    .unwrap();
    let o = common::run_build(hb.path(), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    let e = stderr(&o);
    assert!(
        e.contains("versions/2025.1/content/cases/alfa.md:8:"),
        "{e}"
    );
    assert_eq!(common::read_tree(&out), before);
}

#[test]
fn a_shallow_clone_builds_every_edition() {
    let (hb, _) = two_editions();
    git(hb.path(), &["add", "-A"]);
    git(hb.path(), &["commit", "-qm", "work"]);
    let clone = tempfile::tempdir().unwrap();
    let url = format!("file://{}", hb.path().display());
    let ok = Command::new("git")
        .args(["clone", "-q", "--depth", "1", &url])
        .arg(clone.path().join("hb"))
        .status()
        .unwrap()
        .success();
    assert!(ok);
    let out = clone.path().join("dist");
    common::build(&clone.path().join("hb"), &out);
    for folder in ["2025.1", "2025.2", "latest", "next"] {
        assert!(
            out.join(folder).join("cases/alfa/index.html").is_file(),
            "{folder}"
        );
    }
}

#[test]
fn list_gives_urls_under_the_edition_and_check_covers_released_editions() {
    let (hb, _) = two_editions();
    let root = hb.path().to_str().unwrap();
    let rows = |args: &[&str]| -> Vec<serde_json::Value> {
        let mut all = vec!["list", "--format", "json", "--root", root];
        all.extend_from_slice(args);
        let o = run(&all);
        assert!(o.status.success(), "{}", stderr(&o));
        serde_json::from_slice(&o.stdout).unwrap()
    };
    let next = rows(&[]);
    let alfa = next
        .iter()
        .find(|r| r["id"] == "alfa" && r["lang"] == "sv")
        .unwrap();
    assert_eq!(alfa["url"], "next/cases/alfa/index.html");
    assert_eq!(alfa["source"], "content/cases/alfa.md");
    let old = rows(&["--edition", "2025.1"]);
    assert!(old.iter().all(|r| r["id"] != "gamma"));
    let alfa = old
        .iter()
        .find(|r| r["id"] == "alfa" && r["lang"] == "sv")
        .unwrap();
    assert_eq!(alfa["url"], "2025.1/cases/alfa/index.html");
    assert_eq!(alfa["source"], "versions/2025.1/content/cases/alfa.md");
    assert_eq!(
        rows(&["--edition", "latest"]).len(),
        rows(&["--edition", "2025.2"]).len()
    );

    // check passes, then fails on a broken released edition, naming its file.
    assert!(run(&["check", "--root", root]).status.success());
    let frozen = hb.path().join("versions/2025.2/content/cases/gamma.md");
    std::fs::write(
        &frozen,
        read(&frozen).replacen("roles: [ledare]", "roles: [ledar]", 1),
    )
    .unwrap();
    let o = run(&["check", "--root", root]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("versions/2025.2/content/cases/gamma.md:9:"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn publish_next_false_leaves_the_working_content_out() {
    let (hb, _) = two_editions();
    let config = hb.path().join("content/site.yaml");
    std::fs::write(&config, format!("{}publish_next: false\n", read(&config))).unwrap();
    let out = hb.path().join("dist");
    common::build_with(hb.path(), &out, &["--no-minify"]);
    assert!(!out.join("next").exists());
    let v: serde_json::Value = serde_json::from_str(&read(&out.join("versions.json"))).unwrap();
    assert_eq!(v.as_array().unwrap().len(), 2);
    let alfa = common::page(&out, "2025.2/cases/alfa/index.html");
    assert!(
        common::hrefs(&alfa, ".editions ul a")
            .iter()
            .all(|h| !h.contains("next/"))
    );
    assert!(!read(&out.join("index.html")).contains("next"));
    assert_eq!(common::broken_links(&out), Vec::<String>::new());
}

#[test]
fn a_released_edition_is_reused_only_while_nothing_it_shows_changed() {
    let (hb, _) = two_editions();
    let out = hb.path().join("dist");
    common::build(hb.path(), &out);
    let first = common::read_tree(&out);
    assert!(
        first.contains_key(".clusterbook-editions"),
        "the build records what it may reuse"
    );
    // A file of the previous output changed by hand is not taken over:
    // the edition is rendered anew and the file is right again.
    std::fs::write(out.join("2025.1/cases/alfa/index.html"), "changed by hand").unwrap();
    std::fs::write(out.join("2025.2.zip"), "changed by hand").unwrap();
    common::build(hb.path(), &out);
    assert_eq!(
        common::read_tree(&out),
        first,
        "rendered anew, byte for byte"
    );
    // A hand edit of a frozen edition shows in its pages.
    let beta = hb.path().join("versions/2025.1/content/cases/beta.md");
    let text = read(&beta);
    let title = text
        .lines()
        .find(|l| l.starts_with("title:"))
        .expect("beta has a title")
        .to_string();
    std::fs::write(&beta, text.replacen(&title, "title: Beta rättad", 1)).unwrap();
    common::build(hb.path(), &out);
    assert!(read(&out.join("2025.1/cases/beta/index.html")).contains("Beta rättad"));
    // A page removed from the working content: the released editions'
    // switcher no longer leads to it.
    let gamma = "2025.2/cases/gamma/index.html";
    assert!(read(&out.join(gamma)).contains("next/cases/gamma/index.html"));
    std::fs::remove_file(hb.path().join("content/cases/gamma.md")).unwrap();
    common::build(hb.path(), &out);
    assert!(!read(&out.join(gamma)).contains("next/cases/gamma/index.html"));
}

#[test]
fn release_freezes_only_the_theme_files_that_differ_from_the_binarys() {
    let hb = handbook();
    let ours = hb.path().join("themes/default/static");
    std::fs::create_dir_all(&ours).unwrap();
    let binarys = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    std::fs::copy(binarys.join("site.js"), ours.join("site.js")).unwrap();
    let style = format!(
        "{}\n.eget {{ color: teal }}\n",
        read(&binarys.join("style.css"))
    );
    std::fs::write(ours.join("style.css"), &style).unwrap();
    git(hb.path(), &["add", "-A"]);
    git(hb.path(), &["commit", "-qm", "theme"]);
    let o = release(hb.path(), &["2025.1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let frozen = hb.path().join("versions/2025.1/themes/default/static");
    assert_eq!(
        read(&frozen.join("style.css")),
        style,
        "an override is frozen"
    );
    assert!(
        !frozen.join("site.js").exists(),
        "a file as the binary has it is not: the edition takes the binary's"
    );
}
