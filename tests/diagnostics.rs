//! Every broken handbook under `tests/fixtures/invalid/` is checked in all
//! three formats, and the output must match the expected files beside it
//! exactly: file, line, column, code, message and hint. A build of a broken
//! handbook fails with exit code 1 and writes nothing. A fixture of
//! warnings names `--strict` in a file `args` beside `content/`.
//!
//! To review a change of wording: `UPDATE_EXPECT=1 cargo test --test
//! diagnostics`, then read the diff of the `expected.*` files like code.

mod common;

use common::*;
use std::path::Path;

const FORMATS: [(&str, &str); 3] = [
    ("human", "expected.human"),
    ("json", "expected.json"),
    ("github", "expected.github"),
];

fn fixtures() -> Vec<std::path::PathBuf> {
    let mut v: Vec<_> = std::fs::read_dir(fixture("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// `check` of the fixture at `root`, with the extra arguments its `args`
/// file names (`--strict` for a fixture of warnings).
fn check_output(root: &Path, format: &str) -> (Option<i32>, String) {
    let extra = std::fs::read_to_string(root.join("args")).unwrap_or_default();
    let mut args = vec![
        "check",
        "--root",
        root.to_str().unwrap(),
        "--format",
        format,
    ];
    args.extend(extra.split_whitespace());
    let o = run(&args);
    // Human output goes to stderr, the machine formats to stdout.
    let text = if format == "human" {
        o.stderr
    } else {
        o.stdout
    };
    (o.status.code(), String::from_utf8(text).unwrap())
}

#[test]
fn every_invalid_fixture_reports_exactly_the_expected_problems() {
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    let all = fixtures();
    assert!(all.len() >= 15, "fixtures found: {}", all.len());
    for root in all {
        for (format, file) in FORMATS {
            let (code, got) = check_output(&root, format);
            let name = root.file_name().unwrap().to_string_lossy();
            if code != Some(1) {
                failures.push(format!("{name} ({format}): exit code {code:?}, expected 1"));
            }
            let path = root.join(file);
            if update {
                std::fs::write(&path, &got).unwrap();
                continue;
            }
            let want = std::fs::read_to_string(&path)
                .unwrap_or_else(|_| panic!("missing {}", path.display()));
            if got != want {
                failures.push(format!(
                    "{name} ({format}):\n--- expected\n{want}\n--- got\n{got}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn json_lines_carry_every_field_tools_need() {
    let (_, out) = check_output(&fixture("invalid/unknown-phase"), "json");
    let errors: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .filter(|v: &serde_json::Value| v["severity"] == "error")
        .collect();
    assert_eq!(
        errors,
        [serde_json::json!({
            "file": "content/cases/x.md",
            "line": 4,
            "column": 17,
            "severity": "error",
            "code": "unknown-reference",
            "message": "`phases` names phase `pilto`, which does not exist",
            "help": "did you mean `pilot`?"
        })]
    );
}

#[test]
fn a_broken_handbook_does_not_build() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("dist");
    let o = run_build(&fixture("invalid/broken-link"), &out, &[]);
    assert_eq!(o.status.code(), Some(1));
    assert!(!out.exists(), "nothing is written");
    assert!(String::from_utf8_lossy(&o.stderr).contains("build failed"));
}

#[test]
fn problems_in_several_files_are_reported_together_and_sorted() {
    let (_, out) = check_output(&fixture("invalid/many-problems"), "github");
    let places: Vec<(String, usize, usize)> = out
        .lines()
        .filter(|l| !l.starts_with("::notice"))
        .map(|l| {
            let props = l.split("::").nth(1).unwrap();
            let get = |k: &str| {
                props
                    .split(',')
                    .find_map(|p| {
                        p.split_once('=')
                            .filter(|(n, _)| n.ends_with(k))
                            .map(|(_, v)| v.to_string())
                    })
                    .unwrap()
            };
            (
                get("file"),
                get("line").parse().unwrap(),
                get("col").parse().unwrap(),
            )
        })
        .collect();
    let mut sorted = places.clone();
    sorted.sort();
    assert_eq!(places, sorted);
    let files: std::collections::BTreeSet<_> = places.iter().map(|p| p.0.as_str()).collect();
    assert_eq!(files.len(), 3, "a.md, b.md and t.md: {files:?}");
    assert!(out.lines().filter(|l| l.starts_with("::error")).count() >= 8);
}

#[test]
fn strict_turns_warnings_into_failure() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("content/talks")).unwrap();
    std::fs::write(root.join("content/site.yaml"), "title: T\n").unwrap();
    std::fs::write(
        root.join("content/talks/t.md"),
        "---\ntitle: T\nsummary: S.\n---\nText.\n",
    )
    .unwrap();
    let r = root.to_str().unwrap();
    let lenient = run(&["check", "--root", r]);
    assert_eq!(lenient.status.code(), Some(0), "warnings alone pass");
    let strict = run(&["check", "--root", r, "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    let text = String::from_utf8_lossy(&strict.stderr);
    assert!(
        text.contains("[talk-without-date]") && text.contains("[unreferenced-entry]"),
        "{text}"
    );
}
