//! The editor's path through the tool: finding the handbook from any folder
//! inside it, writing a new entry, and checking it.

mod common;

use common::*;
use std::path::Path;
use std::process::{Command, Output};

/// Runs `clusterbook` with `args` in the working directory `dir`.
fn run_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_clusterbook"))
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("the binary runs")
}

/// A copy of the `basic` fixture in a temporary folder.
fn copy_of_basic() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let from = fixture("basic");
    for (rel, bytes) in read_tree(&from) {
        let to = tmp.path().join(rel);
        std::fs::create_dir_all(to.parent().unwrap()).unwrap();
        std::fs::write(to, bytes).unwrap();
    }
    tmp
}

#[test]
fn check_run_inside_content_cases_finds_the_handbook_above() {
    let tmp = copy_of_basic();
    let inside = tmp.path().join("content/cases");
    let o = run_in(&inside, &["check"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert!(err.contains("check passed"), "{err}");
    let listed = run_in(&inside, &["list"]);
    assert_eq!(listed.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&listed.stdout).contains("cases/alfa"));
}

#[test]
fn new_run_inside_content_writes_into_the_handbook_above() {
    let tmp = copy_of_basic();
    let o = run_in(
        &tmp.path().join("content"),
        &["new", "case", "Nytt kluster"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(tmp.path().join("content/cases/nytt-kluster.md").is_file());
}

#[test]
fn outside_any_handbook_says_so_and_how_to_name_one() {
    let tmp = tempfile::tempdir().unwrap();
    let o = run_in(tmp.path(), &["check"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.starts_with("error: no handbook found: neither `"),
        "{err}"
    );
    assert!(
        err.contains("help: run the command inside a handbook"),
        "{err}"
    );
}

/// `new case` in a copy of `basic`, then the file's text.
fn new_case(root: &Path) -> (std::path::PathBuf, String) {
    let o = run_in(root, &["new", "case", "Nytt kluster"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    let path = root.join("content/cases/nytt-kluster.md");
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

#[test]
fn a_new_case_filled_in_naming_only_its_phases_and_roles_passes_strict_check() {
    let tmp = copy_of_basic();
    let (path, text) = new_case(tmp.path());
    let filled = text
        .replace("En eller två meningar om innehållet.", "Ett kluster som växte.")
        .replace("cluster: \"\"", "cluster: \"Nytt kluster\"")
        .replace("region: \"\"", "region: \"Norrbotten\"")
        .replace("period: \"\"", "period: \"2010–2014\"")
        .replace("phases: []", "phases: [pilot]")
        .replace("roles: []", "roles: [ledare]")
        .replace("Källdokumentets titel", "Klusterboken")
        .replace(
            "Skriv här. Länka andra poster med relativa länkar till deras Markdown-filer, t.ex. `[pilotfasen](../phases/pilot.md)`.",
            "Klustret började med en förstudie.",
        );
    std::fs::write(&path, filled).unwrap();
    // No other file is touched: the pilot phase's and the role's pages list
    // the case, so readers reach it.
    let o = run_in(tmp.path(), &["check", "--strict"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(err, "check passed: 0 errors, 0 warnings\n");
}

#[test]
fn the_placeholders_new_writes_fail_strict_check_one_by_one() {
    let tmp = copy_of_basic();
    new_case(tmp.path());
    let o = run_in(tmp.path(), &["check", "--strict", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let places: Vec<(u64, u64, String)> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|v| v["code"] == "placeholder")
        .map(|v| {
            (
                v["line"].as_u64().unwrap(),
                v["column"].as_u64().unwrap(),
                v["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let new_text = "this is a placeholder text written by `clusterbook new`";
    assert_eq!(
        places,
        [
            (3, 11, new_text.to_string()),
            (
                4,
                10,
                "`cluster` is still empty, as `clusterbook new` wrote it".to_string()
            ),
            (
                5,
                9,
                "`region` is still empty, as `clusterbook new` wrote it".to_string()
            ),
            (
                7,
                9,
                "`period` is still empty, as `clusterbook new` wrote it".to_string()
            ),
            (14, 13, new_text.to_string()),
            (21, 1, new_text.to_string()),
        ]
    );
}

#[test]
fn every_kind_new_writes_builds_and_only_its_placeholders_are_warned() {
    for kind in [
        "phase", "role", "case", "talk", "term", "resource", "page", "person",
    ] {
        let tmp = copy_of_basic();
        let o = run_in(tmp.path(), &["new", kind, "Ny post"]);
        assert_eq!(o.status.code(), Some(0), "{kind}");
        let o = run_in(tmp.path(), &["check", "--format", "json"]);
        let out = String::from_utf8_lossy(&o.stdout);
        assert_eq!(o.status.code(), Some(0), "{kind}: {out}");
        assert!(out.contains("\"code\":\"placeholder\""), "{kind}: {out}");
    }
}

#[test]
fn new_phases_one_after_another_each_get_the_next_order_and_pass_check() {
    let tmp = copy_of_basic();
    for title in ["Första nya", "Andra nya"] {
        let o = run_in(tmp.path(), &["new", "phase", title]);
        assert_eq!(o.status.code(), Some(0));
    }
    let order = |id: &str| {
        let text =
            std::fs::read_to_string(tmp.path().join(format!("content/phases/{id}.md"))).unwrap();
        let line = text.lines().find(|l| l.starts_with("order:")).unwrap();
        line["order:".len()..]
            .split('#')
            .next()
            .unwrap()
            .trim()
            .parse::<i64>()
            .unwrap()
    };
    let (a, b) = (order("forsta-nya"), order("andra-nya"));
    assert!(
        order("start") < a && order("pilot") < a && a + 1 == b,
        "{a} {b}"
    );
    let o = run_in(tmp.path(), &["check", "--format", "json"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(!out.contains("duplicate-order"), "{out}");
}

#[test]
fn new_writes_nothing_outside_a_handbook_nor_through_an_id_that_is_a_path() {
    let tmp = copy_of_basic();
    // A mistyped --root: no handbook there, and none is made.
    let nowhere = tmp.path().join("typo");
    let o = run_in(
        tmp.path(),
        &["new", "case", "X", "--root", nowhere.to_str().unwrap()],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("missing-site-config"));
    assert!(!nowhere.exists());
    // --lang takes an id, not a path.
    let before = read_tree(tmp.path());
    for id in ["../../outside", "../cases/x", "pilot.en", ""] {
        let o = run_in(tmp.path(), &["new", "--lang", "en", "phase", id]);
        assert_eq!(o.status.code(), Some(1), "{id}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains("is not the id of an entry"), "{id}: {err}");
    }
    assert_eq!(read_tree(tmp.path()), before);
    // A long title makes a file name of at most 60 bytes, cut at a word.
    let long = "ord ".repeat(100);
    let o = run_in(tmp.path(), &["new", "case", &long]);
    assert_eq!(o.status.code(), Some(0));
    let path = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let name = path
        .rsplit('/')
        .next()
        .unwrap()
        .strip_suffix(".md")
        .unwrap();
    assert!(name.len() <= 60 && name.ends_with("ord"), "{name}");
}

#[test]
fn new_page_with_a_quote_and_a_newline_in_the_title_writes_a_file_that_passes_check() {
    let tmp = copy_of_basic();
    let o = run_in(
        tmp.path(),
        &["new", "page", "Om \"kluster\"\noch: mer \\ annat"],
    );
    assert_eq!(o.status.code(), Some(0));
    let rel = String::from_utf8_lossy(&o.stdout).trim().to_string();
    let text = std::fs::read_to_string(tmp.path().join(&rel)).unwrap();
    assert!(
        text.starts_with("---\ntitle: \"Om \\\"kluster\\\" och: mer \\\\ annat\"\n"),
        "{text}"
    );
    let o = run_in(tmp.path(), &["check", "--format", "json"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(!out.contains("\"severity\":\"error\""), "{out}");
}

#[test]
fn no_tracked_file_refers_to_a_folder_outside_the_repository() {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let files = Command::new("git")
        .args(["ls-files", "-z"])
        .current_dir(repo)
        .output()
        .expect("git runs");
    assert!(files.status.success(), "git ls-files failed");
    // Spelt in two pieces so that this file does not name it either.
    let needle = ["..", "/shared"].concat();
    let offenders: Vec<String> = String::from_utf8_lossy(&files.stdout)
        .split('\0')
        .filter(|f| !f.is_empty())
        .filter(|f| {
            std::fs::read(repo.join(f))
                .map(|b| String::from_utf8_lossy(&b).contains(&needle))
                .unwrap_or(false)
        })
        .map(str::to_string)
        .collect();
    assert!(offenders.is_empty(), "files naming {needle}: {offenders:?}");
}

#[test]
fn the_benchmark_corpus_has_the_peers_shape_and_passes_strict_check() {
    let Ok(python) = Command::new("python3").arg("--version").output() else {
        eprintln!("skipped: python3 is not installed, so bench/corpus.py cannot run");
        return;
    };
    assert!(python.status.success());
    let tmp = tempfile::tempdir().unwrap();
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("bench/corpus.py");
    let generate = |dir: &Path| {
        let o = Command::new("python3")
            .arg(&script)
            .args(["60", dir.to_str().unwrap(), "--seed", "3"])
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        serde_json::from_slice::<serde_json::Value>(&o.stdout).unwrap()
    };
    let (a, b) = (tmp.path().join("a"), tmp.path().join("b"));
    let manifest = generate(&a);
    generate(&b);
    assert_eq!(
        read_tree(&a),
        read_tree(&b),
        "the same N and seed give the same bytes"
    );

    let cb = &manifest["clusterbook"];
    let mut total = 0;
    for kind in ["phases", "roles", "cases", "talks"] {
        let files = std::fs::read_dir(a.join("clusterbook/content").join(kind))
            .unwrap()
            .count();
        assert_eq!(cb[kind].as_u64(), Some(files as u64), "{kind}");
        assert!(files > 0, "every kind has pages: {kind}");
        total += files;
    }
    assert_eq!(total, 60);
    assert_eq!(
        std::fs::read_dir(a.join("hugo/content")).unwrap().count(),
        61
    );
    let words = manifest["avg_words"].as_f64().unwrap();
    assert!(
        (700.0..=860.0).contains(&words),
        "about 780 words a page: {words}"
    );
    let per_page = |key: &str| manifest[key].as_f64().unwrap() / 60.0;
    assert!(
        (2.0..=4.0).contains(&per_page("inline_links")),
        "2-4 inline links"
    );
    assert!((2.0..=3.0).contains(&per_page("see_also")), "2-3 see also");
    assert_eq!(manifest["tags"], 40);

    let o = run(&[
        "check",
        "--strict",
        "--root",
        a.join("clusterbook").to_str().unwrap(),
    ]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn the_workflows_follow_githubs_workflow_schema() {
    // `pip install check-jsonschema`; CHECK_JSONSCHEMA may name the program.
    let program =
        std::env::var("CHECK_JSONSCHEMA").unwrap_or_else(|_| "check-jsonschema".to_string());
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = match Command::new(&program)
        .current_dir(repo)
        .args(["--builtin-schema", "vendor.github-workflows"])
        .args([
            ".github/workflows/release.yml",
            ".github/workflows/check.yml",
            ".github/workflows/publish.yml",
        ])
        .output()
    {
        Ok(o) => o,
        Err(_) => {
            eprintln!("skipped: `{program}` is not installed (pip install check-jsonschema)");
            return;
        }
    };
    assert!(
        o.status.success(),
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn check_file_reports_only_that_files_problems() {
    let root = fixture("invalid/many-problems");
    let all = run_in(&root, &["check", "--format", "json"]);
    let all = String::from_utf8_lossy(&all.stdout).to_string();
    assert!(all.contains("content/talks/t.md") && all.contains("content/cases/a.md"));
    let o = run_in(
        &root.join("content/cases"),
        &["check", "a.md", "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    let files: std::collections::BTreeSet<String> = out
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter_map(|v| v["file"].as_str().map(str::to_string))
        .collect();
    assert_eq!(
        files.into_iter().collect::<Vec<_>>(),
        ["content/cases/a.md"]
    );
    // A file without problems passes, even when others have some.
    let o = run_in(&root, &["check", "content/phases/pilot.md"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
    assert_eq!(err, "check passed: 0 errors, 0 warnings\n");
    let o = run_in(&root, &["check", "nowhere.md"]);
    assert_eq!(o.status.code(), Some(2));
}

/// The files (of problems) `check` reports when run in `dir` with `args`,
/// and its exit code.
fn checked_files(dir: &Path, args: &[&str]) -> (Option<i32>, Vec<String>) {
    let mut all = vec!["check"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "json"]);
    let o = run_in(dir, &all);
    let files: std::collections::BTreeSet<String> = String::from_utf8_lossy(&o.stdout)
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter_map(|v| v["file"].as_str().map(str::to_string))
        .collect();
    (o.status.code(), files.into_iter().collect())
}

#[test]
fn check_folder_reports_the_problems_of_its_files() {
    let root = fixture("invalid/many-problems");
    // A folder names every file in it: `check .` in a folder with
    // problems fails with them (it once passed, naming no file).
    let cases = root.join("content/cases");
    let both = vec![
        "content/cases/a.md".to_string(),
        "content/cases/b.md".to_string(),
    ];
    assert_eq!(checked_files(&cases, &["."]), (Some(1), both.clone()));
    assert_eq!(checked_files(&root, &["content/cases/"]), (Some(1), both));
    // The handbook's folder, or content/, is the whole handbook.
    let (_, all) = checked_files(&root, &[]);
    assert!(all.len() > 1, "{all:?}");
    assert_eq!(checked_files(&root, &["."]), (Some(1), all.clone()));
    let (code, content) = checked_files(&root, &["content"]);
    assert_eq!(code, Some(1));
    assert!(content.iter().all(|f| f.starts_with("content/")) && !content.is_empty());
    // A folder without problems passes.
    let (code, files) = checked_files(&root, &["content/phases"]);
    assert_eq!((code, files), (Some(0), Vec::<String>::new()));
}

#[test]
fn a_byte_order_mark_is_not_part_of_site_yaml_or_an_entry() {
    let tmp = copy_of_basic();
    for rel in ["content/site.yaml", "content/cases/alfa.md"] {
        let path = tmp.path().join(rel);
        let mut bytes = b"\xEF\xBB\xBF".to_vec();
        bytes.extend(std::fs::read(&path).unwrap());
        std::fs::write(&path, bytes).unwrap();
    }
    let o = run_in(tmp.path(), &["check"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "{err}");
}

#[test]
fn a_control_character_is_an_error_at_its_place_and_nothing_after_it_is_dropped() {
    // A NUL once ended the YAML parser's input: `draft: true` after it was
    // dropped unseen and the draft published.
    for (text, line, column) in [
        (
            "---\ntitle: Utkast\nsummary: S\0\ndraft: true\n---\nText.\n",
            3,
            11,
        ),
        (
            "---\ntitle: \"Feed \u{1b}[31m\"\nsummary: S\n---\nText.\n",
            2,
            14,
        ),
        (
            "---\ntitle: T\nsummary: S\n---\nA \u{fffe} B \u{85}\n",
            5,
            3,
        ),
        ("---\ntitle: T\nsummary: S\n---\nText \u{85}.\n", 5, 6),
    ] {
        let tmp = copy_of_basic();
        std::fs::write(tmp.path().join("content/cases/utkast.md"), text).unwrap();
        let o = run_in(tmp.path(), &["check", "--format", "json"]);
        assert_eq!(o.status.code(), Some(1), "{text:?}");
        let out = String::from_utf8_lossy(&o.stdout);
        let d: serde_json::Value = out
            .lines()
            .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
            .find(|v| v["code"] == "control-character")
            .unwrap_or_else(|| panic!("{text:?}: {out}"));
        assert_eq!(d["file"], "content/cases/utkast.md");
        assert_eq!(
            (d["line"].as_u64(), d["column"].as_u64()),
            (Some(line), Some(column)),
            "{text:?}"
        );
        let dist = tmp.path().join("dist");
        let o = run_in(tmp.path(), &["build", "--out", dist.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1));
        assert!(!dist.join("cases/utkast").exists());
    }
}

#[test]
fn a_file_name_with_terminal_escapes_is_printed_escaped() {
    let tmp = copy_of_basic();
    let name = "e\u{1b}]0;PWNED\u{7}\u{1b}[31mred.md";
    std::fs::write(
        tmp.path().join("content/cases").join(name),
        "---\ntitle: x\n---\n",
    )
    .unwrap();
    let o = run_in(tmp.path(), &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("invalid-id"), "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{7}'), "{err:?}");
}

#[test]
fn a_windows_device_name_is_no_id_and_new_avoids_it() {
    let tmp = copy_of_basic();
    std::fs::write(
        tmp.path().join("content/cases/con.md"),
        "---\ntitle: Con\nsummary: S\n---\nText.\n",
    )
    .unwrap();
    let o = run_in(tmp.path(), &["check", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        out.contains("\"code\":\"invalid-id\"") && out.contains("content/cases/con.md"),
        "{out}"
    );
    std::fs::remove_file(tmp.path().join("content/cases/con.md")).unwrap();
    let o = run_in(tmp.path(), &["new", "case", "Con"]);
    assert_eq!(
        String::from_utf8_lossy(&o.stdout).trim(),
        "content/cases/con-1.md"
    );
}
