//! The fuzz target of `fuzz/` as a plain loop, for machines without
//! cargo-fuzz or a nightly toolchain: mutates the Markdown files of the
//! test fixtures (byte flips, inserted Markdown and YAML tokens, splices of
//! two files) with a seeded generator and runs each through
//! `fuzz/fuzz_targets/common.rs`. A panic stops the loop and leaves the
//! input in `fuzz/artifacts/loop/`.
//!
//! `cargo run --release --example fuzz -- --seconds 600 [--seed N]`

#[path = "../fuzz/fuzz_targets/common.rs"]
mod common;

use std::time::{Duration, Instant};

const TOKENS: &[&str] = &[
    "\n",
    "\n\n",
    "---\n",
    "> ",
    "- ",
    "1. ",
    "*",
    "**",
    "_",
    "`",
    "```\n",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "<",
    ">",
    "|",
    "|---|\n",
    "# ",
    "## ",
    "&#106;",
    "&colon;",
    "javascript:",
    "https://x.org",
    "../phases/pilot.md",
    "#mål",
    "kluster",
    "[^1]",
    "[^1]: x\n",
    ": ",
    "\t",
    "\0",
    "\u{1b}[2J",
    "\u{feff}",
    "title: ",
    "tags: [",
    "phases: [pilot]",
    "lessons:\n  - ",
    "sources:\n  - {title: a, url: ",
    "region: ",
    "&",
    "\\",
    "\"",
    "'",
    "{",
    "}",
];

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

fn seeds() -> Vec<Vec<u8>> {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
    let mut out: Vec<Vec<u8>> = walkdir::WalkDir::new(root)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .filter_map(|e| std::fs::read(e.path()).ok())
        .filter(|b| b.len() < 20_000)
        .collect();
    out.push(b"---\ntitle: X\nsummary: S.\nphases: [pilot]\n---\nText.\n".to_vec());
    out
}

fn mutate(rng: &mut Rng, seeds: &[Vec<u8>]) -> Vec<u8> {
    let mut data = seeds[rng.below(seeds.len())].clone();
    for _ in 0..1 + rng.below(8) {
        let at = rng.below(data.len() + 1);
        match rng.below(5) {
            0 if !data.is_empty() => {
                let i = at.min(data.len() - 1);
                data[i] = rng.next() as u8;
            }
            1 => {
                let t = TOKENS[rng.below(TOKENS.len())].as_bytes();
                let times = if rng.below(10) == 0 {
                    1 + rng.below(300)
                } else {
                    1
                };
                let ins: Vec<u8> = t.repeat(times);
                data.splice(at..at, ins);
            }
            2 if !data.is_empty() => {
                let end = (at + rng.below(40)).min(data.len());
                data.drain(at.min(end)..end);
            }
            3 => {
                let other = &seeds[rng.below(seeds.len())];
                let from = rng.below(other.len());
                let to = (from + rng.below(200)).min(other.len());
                data.splice(at..at, other[from..to].iter().copied());
            }
            _ => {}
        }
    }
    data
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let arg = |name: &str, default: u64| {
        args.iter()
            .position(|a| a == name)
            .and_then(|i| args.get(i + 1))
            .and_then(|v| v.parse().ok())
            .unwrap_or(default)
    };
    let seconds = arg("--seconds", 60);
    let mut rng = Rng(arg("--seed", 0x9e37_79b9_7f4a_7c15) | 1);
    let seeds = seeds();
    let started = Instant::now();
    let mut runs = 0u64;
    std::panic::set_hook(Box::new(|_| {}));
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/fuzz/artifacts/loop");
    std::fs::create_dir_all(dir).unwrap();
    // The input being run, kept if the process dies (an abort or a stack
    // overflow cannot be caught).
    let current = format!("{dir}/current.md");
    while started.elapsed() < Duration::from_secs(seconds) {
        let data = mutate(&mut rng, &seeds);
        std::fs::write(&current, &data).unwrap();
        let result = std::panic::catch_unwind(|| common::run(&data));
        runs += 1;
        if let Err(e) = result {
            let path = format!("{dir}/crash-{runs}.md");
            std::fs::write(&path, &data).unwrap();
            let why = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            eprintln!("crash after {runs} runs: {why}\ninput: {path}");
            std::process::exit(1);
        }
    }
    let _ = std::fs::remove_file(&current);
    println!(
        "fuzz: {runs} inputs in {:.0} s, no crash",
        started.elapsed().as_secs_f64()
    );
}
