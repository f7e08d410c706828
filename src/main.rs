//! The `clusterbook` command: parses arguments and calls the library.
//!
//! Exit codes: 0 success; 1 the content has problems (or `new` refused);
//! 2 the command line is wrong; 3 the output could not be written.

use clap::{Parser, Subcommand, ValueEnum};
use clusterbook::diagnostics::{self, Diagnostics, Format};
use clusterbook::model::Kind;
use clusterbook::{BuildError, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

const EXIT_CONTENT: u8 = 1;
const EXIT_WRITE: u8 = 3;

#[derive(Parser)]
#[command(
    name = "clusterbook",
    version,
    about = "Builds a cross-linked, searchable static handbook of cluster development from Markdown and YAML.",
    after_help = "Exit codes: 0 success, 1 content problems, 2 usage error, 3 output could not be written."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Builds the handbook into a static site.
    Build {
        /// The handbook folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where the site is written; replaced only when the build succeeds.
        #[arg(long, default_value = "dist")]
        out: PathBuf,
        /// Absolute URL the site is published at (canonical links, sitemap).
        #[arg(long)]
        base_url: Option<String>,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Write HTML as rendered, without minifying it.
        #[arg(long)]
        no_minify: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// How problems are printed.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
    },
    /// Runs every check of a build without writing anything.
    Check {
        /// The handbook folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// How problems are printed: human, json (one object per line) or
        /// github (pull-request annotations).
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
    },
    /// Writes a new entry file with its kind's fields as placeholders.
    New {
        /// phase, role, case, talk, term, resource or page.
        #[arg(value_parser = parse_kind)]
        kind: Kind,
        /// The entry's title; the file name is made from it.
        title: String,
        /// The handbook folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Lists every entry: kind, id, lang, title, source, url, refs.
    List {
        /// The handbook folder (holding content/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// table (tab-separated) or json.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Json,
}

fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::from_name(s).ok_or_else(|| {
        format!(
            "`{s}` is not a kind; use one of: {}",
            Kind::ALL.map(|k| k.name()).join(", ")
        )
    })
}

impl From<FormatArg> for Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Human => Format::Human,
            FormatArg::Json => Format::Json,
            FormatArg::Github => Format::Github,
        }
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            root,
            out,
            base_url,
            drafts,
            no_minify,
            strict,
            format,
        } => {
            let opts = BuildOptions {
                root: root.clone(),
                base_url,
                drafts,
                minify: !no_minify,
            };
            let started = Instant::now();
            match clusterbook::build(&opts, &out, strict) {
                Ok(report) => {
                    report_problems(&report.compiled.diagnostics, format.into(), &root);
                    let per_kind: Vec<String> = report
                        .compiled
                        .pages_per_kind()
                        .into_iter()
                        .map(|(k, n)| format!("{n} {}", if n == 1 { k.name() } else { k.folder() }))
                        .collect();
                    println!(
                        "built {} pages ({}), {} files, {} in {:.2} s → {}",
                        report.compiled.site.entries.len(),
                        per_kind.join(", "),
                        report.written.files,
                        human_bytes(report.written.bytes),
                        started.elapsed().as_secs_f64(),
                        out.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(BuildError::Content(diags)) => {
                    report_problems(&diags, format.into(), &root);
                    eprintln!("build failed: {} is unchanged", out.display());
                    ExitCode::from(EXIT_CONTENT)
                }
                Err(e @ BuildError::Write { .. }) => {
                    eprintln!("error: {e}");
                    ExitCode::from(EXIT_WRITE)
                }
            }
        }
        Command::Check {
            root,
            drafts,
            strict,
            format,
        } => {
            let mut opts = BuildOptions::new(root.clone());
            opts.drafts = drafts;
            opts.minify = false;
            let diags = match clusterbook::compile(&opts) {
                Ok(c) => c.diagnostics,
                Err(d) => d,
            };
            report_problems(&diags, format.into(), &root);
            if diags.fails(strict) {
                ExitCode::from(EXIT_CONTENT)
            } else {
                if matches!(format, FormatArg::Human) {
                    let w = diags.warning_count();
                    let s = if w == 1 { "" } else { "s" };
                    eprintln!("check passed: no errors, {w} warning{s}");
                }
                ExitCode::SUCCESS
            }
        }
        Command::New { kind, title, root } => {
            match clusterbook::scaffold::new_entry(&root, kind, &title) {
                Ok(path) => {
                    println!("{path}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(EXIT_CONTENT)
                }
            }
        }
        Command::List {
            root,
            format,
            drafts,
        } => {
            let mut opts = BuildOptions::new(root.clone());
            opts.drafts = drafts;
            let loaded = clusterbook::load(&opts);
            report_problems(&loaded.diagnostics, Format::Human, &root);
            let Some(site) = loaded.site else {
                return ExitCode::from(EXIT_CONTENT);
            };
            let rows = clusterbook::catalog::catalog(&site);
            match format {
                ListFormat::Table => print!("{}", clusterbook::catalog::to_table(&rows)),
                ListFormat::Json => println!(
                    "{}",
                    serde_json::to_string_pretty(&rows).expect("rows always serialise")
                ),
            }
            if loaded.diagnostics.error_count() > 0 {
                ExitCode::from(EXIT_CONTENT)
            } else {
                ExitCode::SUCCESS
            }
        }
    }
}

/// Prints problems: human and github formats to stderr and stdout as a
/// person or CI reads them; JSON to stdout for tools.
fn report_problems(diags: &Diagnostics, format: Format, root: &Path) {
    if diags.is_empty() {
        return;
    }
    let text = diagnostics::format(diags, format, root);
    match format {
        Format::Human => eprint!("{text}"),
        Format::Json | Format::Github => print!("{text}"),
    }
}

fn human_bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1 << 20) as f64)
    } else {
        format!("{:.1} KiB", n as f64 / 1024.0)
    }
}
