//! Hostile and clumsy input against the builder's file system: "nothing
//! lost, nothing leaks". Each test makes one class of mistake or attack —
//! an `--out` that is the content or the home folder, a symbolic link out of
//! the handbook, a build killed half-way, a write that fails — and asserts
//! the exact message and that no file was lost or leaked.
//!
//! The handbooks are `tests/fixtures/hostile/fs-*`, copied into a temporary
//! folder; the links are made there (a repository should not hold links to
//! `/proc`).

#![cfg(unix)]

mod common;

use common::*;
use std::collections::BTreeMap;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A copy of the fixture `hostile/<name>` at `<tmp>/hb`, with the
/// temporary folder (its path with every link resolved).
fn handbook(name: &str) -> (tempfile::TempDir, PathBuf, PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let base = std::fs::canonicalize(tmp.path()).unwrap();
    let hb = base.join("hb");
    copy_tree(&fixture(&format!("hostile/{name}")), &hb);
    (tmp, base, hb)
}

/// Runs `clusterbook args` in the folder `cwd`, with HOME set to `home`.
fn run_in(cwd: &Path, home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clusterbook"))
        .args(args)
        .current_dir(cwd)
        .env("HOME", home)
        .output()
        .expect("the binary runs")
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Every file and folder under `dir` (links not followed), with the
/// contents of files: what "nothing lost" compares.
fn snapshot(dir: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().display().to_string();
            let contents = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (rel, contents)
        })
        .collect()
}

fn names_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

const CHOOSE_ANOTHER: &str = "  help: choose a new or empty folder, or one an earlier build made, with `--out` (the default is `dist` in the handbook folder)\n";

/// The `unsafe-out` diagnostic of a refused `--out` `path`, as the human
/// format prints it: it names the folder relative to the handbook (always
/// `hb` in these tests) when inside it.
fn refusal(path: &Path, reason: &str, help: &str) -> String {
    let hb = path
        .ancestors()
        .find(|a| a.file_name() == Some("hb".as_ref()));
    let file = match hb.map(|hb| path.strip_prefix(hb).unwrap()) {
        Some(rel) if rel.as_os_str().is_empty() => ".".to_string(),
        Some(rel) => rel.display().to_string(),
        None => path.display().to_string(),
    };
    format!(
        "{file}:1:1: error: refusing to write the site to `{}`: {reason}; a build replaces its output folder whole [unsafe-out]\n{help}\nbuild refused (nothing was written or removed): 1 error, 0 warnings\n",
        path.display()
    )
}

/// Runs `build --out out` in `cwd` and asserts it is refused with exit 1
/// and exactly `want`, and that nothing under `base` changed.
fn assert_refused(base: &Path, cwd: &Path, out: &str, want: &str) {
    let before = snapshot(base);
    let o = run_in(cwd, &base.join("no-home"), &["build", "--out", out]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert_eq!(stderr(&o), want);
    assert_eq!(snapshot(base), before, "--out {out} changed files");
}

#[test]
fn out_content_is_refused_and_nothing_is_lost() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let want = refusal(
        &hb.join("content"),
        "it is the handbook's `content/` folder",
        CHOOSE_ANOTHER,
    );
    assert_refused(&base, &hb, "content", &want);
}

#[test]
fn out_refusal_is_a_diagnostic_in_the_format_asked_for() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let message = format!(
        "refusing to write the site to `{}`: it is the handbook's `content/` folder; a build replaces its output folder whole",
        hb.join("content").display()
    );
    let help = CHOOSE_ANOTHER
        .trim()
        .strip_prefix("help: ")
        .unwrap()
        .to_string();
    // The JSON lines as objects, the GitHub lines as text.
    let json = [
        serde_json::json!({"file": "content", "line": 1, "column": 1, "severity": "error", "code": "unsafe-out", "message": message, "help": help}).to_string(),
        serde_json::json!({"errors": 1, "summary": "build refused (nothing was written or removed): 1 error, 0 warnings", "warnings": 0}).to_string(),
    ];
    let github = [
        format!("::error file=content,line=1,col=1,title=unsafe-out::{message} [unsafe-out]%0Ahelp: {help}"),
        "::notice title=clusterbook::build refused (nothing was written or removed): 1 error, 0 warnings".to_string(),
    ];
    let canonical = |format: &str, line: &str| match format {
        "json" => serde_json::from_str::<serde_json::Value>(line)
            .unwrap()
            .to_string(),
        _ => line.to_string(),
    };
    for (format, want) in [("json", json), ("github", github)] {
        let before = snapshot(&base);
        let o = run_in(
            &hb,
            &base.join("no-home"),
            &["build", "--out", "content", "--format", format],
        );
        assert_eq!(o.status.code(), Some(1), "{format}: {}", stderr(&o));
        let out = String::from_utf8(o.stdout.clone()).unwrap();
        let got: Vec<String> = out.lines().map(|l| canonical(format, l)).collect();
        assert_eq!(got, want, "{format}");
        assert_eq!(stderr(&o), "", "{format}: all on stdout");
        assert_eq!(snapshot(&base), before, "{format}: nothing touched");
    }
}

#[test]
fn out_inside_content_is_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let want = refusal(
        &hb.join("content/assets"),
        "it is inside the handbook's `content/` folder",
        CHOOSE_ANOTHER,
    );
    assert_refused(&base, &hb, "content/assets", &want);
}

#[test]
fn out_dot_the_handbook_itself_is_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let want = refusal(
        &hb,
        &format!("it is the handbook folder `{}`", hb.display()),
        CHOOSE_ANOTHER,
    );
    assert_refused(&base, &hb, ".", &want);
}

#[test]
fn out_dot_dot_the_folder_holding_the_handbook_is_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let want = refusal(
        &base,
        &format!("it contains the handbook folder `{}`", hb.display()),
        CHOOSE_ANOTHER,
    );
    assert_refused(&base, &hb, "..", &want);
}

#[test]
fn out_themes_is_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    std::fs::create_dir_all(hb.join("themes/default/static")).unwrap();
    std::fs::write(hb.join("themes/default/static/extra.css"), "a{}").unwrap();
    let want = refusal(
        &hb.join("themes"),
        "it is the handbook's `themes/` folder",
        CHOOSE_ANOTHER,
    );
    assert_refused(&base, &hb, "themes", &want);
}

#[test]
fn out_root_of_the_file_system_is_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let want = refusal(
        Path::new("/"),
        "it is the root of the file system",
        CHOOSE_ANOTHER,
    );
    assert_refused(&base, &hb, "/", &want);
}

#[test]
fn out_holding_a_git_repository_is_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let site = base.join("site");
    std::fs::create_dir_all(site.join(".git")).unwrap();
    std::fs::write(site.join(".git/HEAD"), "ref: refs/heads/main\n").unwrap();
    // Even marked as an earlier output: a repository is never replaced.
    std::fs::write(site.join(".clusterbook-output"), "").unwrap();
    let want = refusal(
        &site,
        "it holds `.git` (a repository)",
        "  help: build into a folder of its own (e.g. `dist`) and copy the site into the repository from there\n",
    );
    assert_refused(&base, &hb, "../site", &want);
}

#[test]
fn out_not_made_by_clusterbook_is_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let thesis = base.join("thesis");
    std::fs::create_dir(&thesis).unwrap();
    std::fs::write(thesis.join("chapter-1.tex"), "\\chapter{One}").unwrap();
    let want = refusal(
        &thesis,
        "it is not empty and clusterbook did not make it (it has no `.clusterbook-output` file)",
        "  help: choose a new or empty folder with `--out`; if it holds an earlier site of your own, move it away or delete it yourself\n",
    );
    assert_refused(&base, &hb, "../thesis", &want);
}

#[test]
fn out_home_folder_is_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let home = base.join("home");
    std::fs::create_dir_all(home.join(".ssh")).unwrap();
    std::fs::write(home.join(".ssh/id_ed25519"), "key").unwrap();
    let before = snapshot(&base);
    let o = run_in(&hb, &home, &["build", "--out", home.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        refusal(&home, "it is your home folder", CHOOSE_ANOTHER)
    );
    // `~/..` contains the home folder.
    let o = run_in(&hb, &home, &["build", "--out", base.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("it contains the handbook folder"));
    assert_eq!(snapshot(&base), before);
}

#[test]
fn symlinked_out_is_refused_and_its_target_kept() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let target = base.join("elsewhere");
    std::fs::create_dir(&target).unwrap();
    std::fs::write(target.join("keep.txt"), "mine").unwrap();
    // Marked, as if an earlier output: still never replaced through a link.
    std::fs::write(target.join(".clusterbook-output"), "").unwrap();
    symlink(&target, hb.join("dist")).unwrap();
    let want = refusal(
        &hb.join("dist"),
        "it is a symbolic link, and clusterbook neither follows nor replaces links",
        "  help: give the folder the link points to as `--out`, or remove the link\n",
    );
    assert_refused(&base, &hb, "dist", &want);
    // The same with the default `--out` and a trailing slash.
    assert_refused(&base, &hb, "dist/", &want);
}

#[test]
fn root_elsewhere_builds_into_its_own_dist_not_the_working_folders() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let project = base.join("project");
    std::fs::create_dir_all(project.join("dist")).unwrap();
    std::fs::write(project.join("dist/app.js"), "the project's own build").unwrap();
    let before = snapshot(&project);
    let o = run_in(&project, &base, &["build", "--root", "../hb"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(
        snapshot(&project),
        before,
        "the working folder's dist/ is kept"
    );
    assert!(hb.join("dist/index.html").is_file());
    assert!(hb.join("dist/.clusterbook-output").is_file());
    // Built again over its own output, it replaces it.
    let o = run_in(&project, &base, &["build", "--root", "../hb"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(names_in(&hb), ["content", "dist"]);
}

#[test]
fn an_empty_folder_and_an_earlier_output_are_replaced() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let out = base.join("out");
    std::fs::create_dir(&out).unwrap();
    build(&hb, &out);
    std::fs::write(out.join("stale.html"), "old").unwrap();
    build(&hb, &out);
    assert!(!out.join("stale.html").exists());
    assert!(out.join("index.html").is_file());
    assert_eq!(names_in(&base), ["hb", "out"]);
}

/// `check` of the handbook at `hb` in JSON: the exit code and the lines
/// whose code is `code`.
fn check_lines(hb: &Path, code: &str) -> (Option<i32>, Vec<String>, String) {
    let o = run(&["check", "--root", hb.to_str().unwrap(), "--format", "json"]);
    let out = String::from_utf8_lossy(&o.stdout).into_owned();
    let lines = out
        .lines()
        .filter(|l| l.contains(&format!("\"code\":\"{code}\"")))
        .map(str::to_string)
        .collect();
    (o.status.code(), lines, out)
}

/// Builds `hb` into `<base>/out` and asserts exit 1, nothing written, and
/// that `secret` is nowhere in what was printed.
fn assert_build_refuses(base: &Path, hb: &Path, secret: &str) -> String {
    let out = base.join("out");
    let o = Command::new(env!("CARGO_BIN_EXE_clusterbook"))
        .args(["build", "--root", hb.to_str().unwrap()])
        .args(["--out", out.to_str().unwrap()])
        .env("CLUSTERBOOK_TEST_SECRET", secret)
        .output()
        .unwrap();
    let text = format!("{}{}", stderr(&o), String::from_utf8_lossy(&o.stdout));
    assert_eq!(o.status.code(), Some(1), "{text}");
    assert!(!out.exists(), "nothing is written");
    assert!(!text.contains(secret), "the secret leaked: {text}");
    text
}

#[test]
fn asset_linked_to_proc_self_environ_is_refused_unread() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    symlink("/proc/self/environ", hb.join("content/assets/env.txt")).unwrap();
    let (code, lines, _) = check_lines(&hb, "symlink-outside");
    assert_eq!(code, Some(1));
    assert_eq!(
        lines,
        [
            r#"{"file":"content/assets/env.txt","line":1,"column":1,"severity":"error","code":"symlink-outside","message":"`content/assets/env.txt` is a symbolic link to a file outside the handbook (`/proc/self/environ`)","help":"clusterbook reads nothing outside the handbook folder: copy the file into the handbook instead of linking to it"}"#
        ]
    );
    let text = assert_build_refuses(&base, &hb, "ci-token-8d1f0c");
    assert!(text.contains("content/assets/env.txt:1:1: error: `content/assets/env.txt` is a symbolic link to a file outside the handbook"));
}

#[test]
fn markdown_linked_to_an_outside_file_is_refused_and_never_printed() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    // A file whose text a diagnostic would show: broken YAML on line 2.
    std::fs::write(
        base.join("secret.md"),
        "---\ntitle: [password-hunter2\n---\n",
    )
    .unwrap();
    symlink("../../../secret.md", hb.join("content/pages/hemlig.md")).unwrap();
    let (code, lines, _) = check_lines(&hb, "symlink-outside");
    assert_eq!(code, Some(1));
    assert_eq!(
        lines,
        [
            r#"{"file":"content/pages/hemlig.md","line":1,"column":1,"severity":"error","code":"symlink-outside","message":"`content/pages/hemlig.md` is a symbolic link to a file outside the handbook (`../../../secret.md`)","help":"clusterbook reads nothing outside the handbook folder: copy the file into the handbook instead of linking to it"}"#
        ]
    );
    // The human format shows source lines: not this one's.
    let o = run(&["check", "--root", hb.to_str().unwrap()]);
    assert!(!stderr(&o).contains("hunter2"), "{}", stderr(&o));
    assert_build_refuses(&base, &hb, "hunter2");
}

#[test]
fn asset_linked_to_an_outside_folder_is_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    std::fs::create_dir(base.join("private")).unwrap();
    std::fs::write(base.join("private/notes.txt"), "private-notes-77").unwrap();
    symlink(base.join("private"), hb.join("content/assets/private")).unwrap();
    let (code, lines, _) = check_lines(&hb, "symlink-outside");
    assert_eq!(code, Some(1));
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains("is a symbolic link to a folder outside the handbook"),
        "{}",
        lines[0]
    );
    assert_build_refuses(&base, &hb, "private-notes-77");
}

#[test]
fn theme_file_linked_outside_is_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    std::fs::write(base.join("secret.css"), "/* theme-secret-42 */").unwrap();
    std::fs::create_dir_all(hb.join("themes/default/static")).unwrap();
    symlink(
        base.join("secret.css"),
        hb.join("themes/default/static/x.css"),
    )
    .unwrap();
    let (code, lines, _) = check_lines(&hb, "symlink-outside");
    assert_eq!(code, Some(1));
    assert_eq!(lines.len(), 1);
    assert!(
        lines[0].contains(r#""file":"themes/default/static/x.css""#),
        "{}",
        lines[0]
    );
    assert_build_refuses(&base, &hb, "theme-secret-42");
}

#[test]
fn symlink_loops_are_errors_in_check() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let assets = hb.join("content/assets");
    symlink("b.svg", assets.join("a.svg")).unwrap();
    symlink("a.svg", assets.join("b.svg")).unwrap();
    symlink("..", assets.join("up")).unwrap();
    let (code, lines, _) = check_lines(&hb, "symlink-loop");
    assert_eq!(code, Some(1));
    assert_eq!(
        lines,
        [
            r#"{"file":"content/assets/a.svg","line":1,"column":1,"severity":"error","code":"symlink-loop","message":"`content/assets/a.svg` is a symbolic link that leads back to itself (`b.svg`)","help":"point the link at a file, or remove it"}"#,
            r#"{"file":"content/assets/b.svg","line":1,"column":1,"severity":"error","code":"symlink-loop","message":"`content/assets/b.svg` is a symbolic link that leads back to itself (`a.svg`)","help":"point the link at a file, or remove it"}"#,
            r#"{"file":"content/assets/up","line":1,"column":1,"severity":"error","code":"symlink-loop","message":"`content/assets/up` is a symbolic link that leads back to itself (`..`)","help":"point the link at a file, or remove it"}"#,
        ]
    );
    assert_build_refuses(&base, &hb, "no-secret-in-this-test");
}

#[test]
fn dangling_symlinks_are_errors_in_check() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    symlink("gone.svg", hb.join("content/assets/old.svg")).unwrap();
    let (code, lines, _) = check_lines(&hb, "dangling-symlink");
    assert_eq!(code, Some(1));
    assert_eq!(
        lines,
        [
            r#"{"file":"content/assets/old.svg","line":1,"column":1,"severity":"error","code":"dangling-symlink","message":"`content/assets/old.svg` is a symbolic link to `gone.svg`, which does not exist","help":"point the link at an existing file of the handbook, or remove it"}"#
        ]
    );
    assert_build_refuses(&base, &hb, "no-secret-in-this-test");
}

#[test]
fn symlinks_to_files_inside_the_handbook_are_followed() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    symlink("bild.svg", hb.join("content/assets/samma.svg")).unwrap();
    let out = base.join("out");
    build(&hb, &out);
    assert_eq!(
        std::fs::read(out.join("assets/samma.svg")).unwrap(),
        std::fs::read(hb.join("content/assets/bild.svg")).unwrap()
    );
    assert!(
        !std::fs::symlink_metadata(out.join("assets/samma.svg"))
            .unwrap()
            .file_type()
            .is_symlink(),
        "the site holds a copy, not the link"
    );
}

#[test]
fn a_long_tag_or_region_builds_with_names_every_file_system_takes() {
    // 256 and 300 bytes: the slugs are shortened (render), so nothing fails.
    let root = fixture("hostile/fs-long-name");
    let (code, lines, out) = check_lines(&root, "name-too-long");
    assert_eq!(code, Some(0), "{out}");
    assert_eq!(lines, Vec::<String>::new());
    let tmp = tempfile::tempdir().unwrap();
    let dist = tmp.path().join("dist");
    build(&root, &dist);
    for e in walkdir::WalkDir::new(&dist) {
        let e = e.unwrap();
        assert!(e.file_name().len() <= 255, "{}", e.path().display());
    }
}

#[test]
fn a_region_too_long_for_a_site_path_is_reported_at_its_value() {
    // Slugs keep a region's own folder short, so only a site path over
    // 1,024 bytes through its folder reaches this report: asked of the
    // library with such a path, it names the `region:` line, not line 1.
    use clusterbook::diagnostics::{Diagnostics, Format, format};
    let root = fixture("hostile/fs-long-name");
    let site = clusterbook::load(&clusterbook::BuildOptions::new(&root))
        .site
        .unwrap();
    let region = "r".repeat(300);
    let slug = clusterbook::render::value_slugs([region.as_str()])[&region].clone();
    let path = format!("regions/{slug}/{}index.html", "x/".repeat(520));
    let mut ds = Diagnostics::new();
    ds.push(clusterbook::output::site_path_problem(&site, &path).unwrap());
    let message = format!(
        "the region makes the site's path `{}…` {} bytes long; at most 1024 are allowed",
        &path[..60],
        path.len()
    );
    let file = "content/cases/lang-region.md";
    let want = [
        (
            Format::Human,
            format!(
                "{file}:4:9: error: {message} [name-too-long]\n 4 | region: {}…\n   |         {}\n  help: shorten the region\n\n1 error, 0 warnings\n",
                "r".repeat(92),
                "^".repeat(92)
            ),
        ),
        (
            Format::Json,
            format!(
                "{{\"file\":\"{file}\",\"line\":4,\"column\":9,\"severity\":\"error\",\"code\":\"name-too-long\",\"message\":\"{message}\",\"help\":\"shorten the region\"}}\n{{\"errors\":1,\"summary\":\"1 error, 0 warnings\",\"warnings\":0}}\n"
            ),
        ),
        (
            Format::Github,
            format!(
                "::error file={file},line=4,col=9,title=name-too-long::{message} [name-too-long]%0Ahelp: shorten the region\n::notice title=clusterbook::1 error, 0 warnings\n"
            ),
        ),
    ];
    for (fmt, want) in want {
        assert_eq!(format(&ds, fmt, &root), want, "{fmt:?}");
    }
}

#[test]
fn a_site_path_too_long_for_a_file_system_is_an_error_in_check_and_build() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    // Five folders of 240 bytes: fine in content/ (under the system's
    // 4,096), but a site path over 1,024 bytes.
    let mut deep = hb.join("content/assets");
    for c in ["a", "b", "c", "d", "e"] {
        deep.push(c.repeat(240));
    }
    std::fs::create_dir_all(&deep).unwrap();
    std::fs::write(deep.join("x.svg"), "<svg/>").unwrap();
    let (code, lines, _) = check_lines(&hb, "name-too-long");
    assert_eq!(code, Some(1));
    // 7 + 5 × 241 + 5 bytes.
    let rel = format!(
        "assets/{}/{}/{}/{}/{}/x.svg",
        "a".repeat(240),
        "b".repeat(240),
        "c".repeat(240),
        "d".repeat(240),
        "e".repeat(240)
    );
    assert_eq!(
        lines,
        [format!(
            r#"{{"file":"content/{rel}","line":1,"column":1,"severity":"error","code":"name-too-long","message":"the file's path makes the site's path `{}…` {} bytes long; at most 1024 are allowed","help":"shorten the file's name or folders"}}"#,
            &rel[..60],
            rel.len()
        )]
    );
    let out = base.join("out");
    let o = run_build(&hb, &out, &[]);
    assert_eq!(o.status.code(), Some(1), "exit 1, not 3: {}", stderr(&o));
    assert!(stderr(&o).contains("[name-too-long]"));
    assert_eq!(names_in(&base), ["hb"]);
}

/// A handbook of `pages` pages, big enough that a build takes a while.
fn big_handbook(base: &Path, pages: usize) -> PathBuf {
    let hb = base.join("big");
    copy_tree(&fixture("hostile/fs-handbook"), &hb);
    let para = "Ett stycke text om kluster, samverkan och regional utveckling. ".repeat(20);
    for i in 0..pages {
        std::fs::write(
            hb.join(format!("content/pages/sida-{i}.md")),
            format!(
                "---\ntitle: Sida {i}\nsummary: Sida nummer {i}.\n---\n## Rubrik\n\n{para}\n\n- [Om](om.md)\n"
            ),
        )
        .unwrap();
    }
    hb
}

#[test]
fn a_build_killed_half_way_leaves_the_old_output_and_the_next_build_cleans_up() {
    let tmp = tempfile::tempdir().unwrap();
    let base = std::fs::canonicalize(tmp.path()).unwrap();
    let hb = big_handbook(&base, 1500);
    let outs = base.join("outs");
    let out = outs.join("dist");
    build(&hb, &out);
    let before = snapshot(&out);

    let mut child = Command::new(env!("CARGO_BIN_EXE_clusterbook"))
        .args(["build", "--root", hb.to_str().unwrap()])
        .args(["--out", out.to_str().unwrap()])
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let staging = outs.join(format!(".dist.new-{}", child.id()));
    // Wait until the build has written part of its pages, then kill it.
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            panic!(
                "the build ended ({status}) before it could be killed; make the handbook bigger"
            );
        }
        let written = walkdir::WalkDir::new(&staging).into_iter().count();
        if written > 200 {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(2));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(staging.is_dir(), "the killed build left its staging folder");
    assert_eq!(snapshot(&out), before, "the old output is intact");

    build(&hb, &out);
    assert_eq!(names_in(&outs), ["dist"], "nothing is left beside --out");
}

#[test]
fn a_failed_write_exits_3_and_leaves_the_previous_output() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let out = base.join("out");
    build(&hb, &out);
    let before = snapshot(&out);
    // Files over 4 blocks cannot be written (as on a full disk): the
    // pages are bigger. SIGXFSZ is ignored, so the write fails with EFBIG
    // instead of killing the process. Another base URL changes the pages,
    // as an edit would: a file the previous output holds unchanged is
    // linked from it, not written.
    let o = Command::new("sh")
        .arg("-c")
        .arg("trap '' XFSZ; ulimit -f 4; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_clusterbook"))
        .args(["build", "--root", hb.to_str().unwrap()])
        .args(["--out", out.to_str().unwrap()])
        .args(["--base-url", "https://elsewhere.example/handbook/"])
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(3), "{}", stderr(&o));
    assert_eq!(
        stderr(&o),
        format!(
            "error: cannot write {}: File too large (os error 27)\n",
            out.display()
        )
    );
    assert_eq!(snapshot(&out), before, "the previous output is intact");
    assert_eq!(names_in(&base), ["hb", "out"], "no staging folder is left");
}

#[test]
fn out_versions_and_a_file_are_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let want = refusal(
        &hb.join("versions"),
        "it is the handbook's `versions/` folder",
        CHOOSE_ANOTHER,
    );
    assert_refused(&base, &hb, "versions", &want);
    std::fs::write(base.join("notes.txt"), "mine").unwrap();
    let want = refusal(
        &base.join("notes.txt"),
        "it is a file, not a folder",
        "  help: move the file away, or choose another `--out`\n",
    );
    assert_refused(&base, &hb, "../notes.txt", &want);
}

#[test]
fn links_to_folders_pipes_and_hidden_files_are_not_read() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    let assets = hb.join("content/assets");
    std::fs::create_dir(assets.join("bilder")).unwrap();
    std::fs::write(assets.join("bilder/a.svg"), "<svg/>").unwrap();
    symlink("bilder", assets.join("alias")).unwrap();
    let fifo = Command::new("mkfifo")
        .arg(assets.join("pipe"))
        .status()
        .unwrap();
    assert!(fifo.success());
    let (code, _, out) = check_lines(&hb, "-");
    assert_eq!(code, Some(1));
    let errors: Vec<&str> = out.lines().filter(|l| l.contains("\"error\"")).collect();
    assert_eq!(
        errors,
        [
            r#"{"file":"content/assets/alias","line":1,"column":1,"severity":"error","code":"symlink-folder","message":"`content/assets/alias` is a symbolic link to a folder (`bilder`); only links to files are followed","help":"move or copy the folder here instead of linking to it"}"#,
            r#"{"file":"content/assets/pipe","line":1,"column":1,"severity":"error","code":"not-a-file","message":"`content/assets/pipe` is a named pipe, not a file or folder","help":"only files and folders are read; remove it"}"#,
        ]
    );
    // Without them, hidden files are left out of the site.
    std::fs::remove_file(assets.join("alias")).unwrap();
    std::fs::remove_file(assets.join("pipe")).unwrap();
    std::fs::write(assets.join(".env"), "TOKEN=hidden-1").unwrap();
    let out = base.join("out");
    build(&hb, &out);
    assert!(out.join("assets/bilder/a.svg").is_file());
    assert!(!out.join("assets/.env").exists());
}

#[test]
fn a_theme_folder_linked_outside_the_handbook_is_refused() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    std::fs::create_dir_all(base.join("elsewhere/static")).unwrap();
    std::fs::write(base.join("elsewhere/static/x.css"), "/* outside-theme-9 */").unwrap();
    std::fs::create_dir(hb.join("themes")).unwrap();
    symlink("../../elsewhere", hb.join("themes/evil")).unwrap();
    let site = hb.join("content/site.yaml");
    let mut text = std::fs::read_to_string(&site).unwrap();
    text.push_str("theme: evil\n");
    std::fs::write(&site, text).unwrap();
    let text = assert_build_refuses(&base, &hb, "outside-theme-9");
    assert!(
        text.contains("themes/evil:1:1: error: `themes/evil` is a symbolic link to a folder outside the handbook (`../../elsewhere`) [symlink-outside]"),
        "{text}"
    );
}

#[test]
fn new_writes_nothing_through_a_kind_folder_linked_outside() {
    let (_tmp, base, hb) = handbook("fs-handbook");
    std::fs::create_dir(base.join("autostart")).unwrap();
    symlink(base.join("autostart"), hb.join("content/cases")).unwrap();
    let o = run_in(&hb, &base, &["new", "case", "Ett fall"]);
    assert_eq!(o.status.code(), Some(1));
    assert_eq!(
        stderr(&o),
        format!(
            "error: `content/cases` is a symbolic link to a folder outside the handbook (`{}`); not writing through it\n",
            base.join("autostart").display()
        )
    );
    assert_eq!(names_in(&base.join("autostart")), Vec::<String>::new());
}
