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
