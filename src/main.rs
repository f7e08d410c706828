//! The `clusterbook` command: parses arguments and calls the library.
//!
//! Exit codes: 0 success; 1 the content has problems (or `new` or `build`
//! refused: a file to overwrite, an `--out` that must not be replaced);
//! 2 the command line is wrong; 3 the output could not be written.

use clap::{Parser, Subcommand, ValueEnum};
use clusterbook::diagnostics::{self, Diagnostics, Format};
use clusterbook::model::Kind;
use clusterbook::{BuildError, BuildOptions};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

// A build allocates many small strings and maps on every thread (views,
// templates, minified pages); mimalloc does that at about half the cost of
// glibc's malloc here.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Writes to stdout; when the reader has gone (a closed pipe, as in
/// `clusterbook list | head`), exits quietly instead of panicking.
fn write_stdout(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout.write_fmt(args).and_then(|()| stdout.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("error: cannot write to standard output: {e}");
        std::process::exit(EXIT_WRITE.into());
    }
}

macro_rules! out {
    ($($arg:tt)*) => { write_stdout(format_args!($($arg)*)) };
}

macro_rules! outln {
    ($($arg:tt)*) => { write_stdout(format_args!("{}\n", format_args!($($arg)*))) };
}

const EXIT_CONTENT: u8 = 1;
const EXIT_USAGE: u8 = 2;
const EXIT_WRITE: u8 = 3;

#[derive(Parser)]
#[command(
    name = "clusterbook",
    version,
    about = "Builds a cross-linked, searchable static handbook of cluster development from Markdown and YAML.",
    after_help = "Exit codes: 0 success, 1 content problems or a refused --out, 2 usage error, 3 output could not be written (the previous output is then intact)."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Builds the handbook into a static site.
    Build {
        /// The handbook folder (holding content/); by default the nearest
        /// folder from here upward that holds content/site.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
        /// Where the site is written (default: `dist` in the handbook
        /// folder). A relative path is taken from the working folder, like
        /// any command's. Replaced whole, and only when the build succeeds;
        /// only a folder an earlier build made (it holds
        /// `.clusterbook-output`), an empty one or a new one is used: never
        /// the handbook or its content/, themes/ or versions/, the home
        /// folder, a folder holding .git, or a symbolic link.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Absolute URL the site is published at (canonical links, sitemap).
        #[arg(long)]
        base_url: Option<String>,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Write pages, and the theme's scripts and style sheets, as they are,
        /// without minifying them.
        #[arg(long)]
        no_minify: bool,
        /// Skip the search index (the search page then finds nothing).
        #[arg(long)]
        no_search: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        strict: bool,
        /// How problems are printed.
        #[arg(long, value_enum, default_value_t = FormatArg::Human)]
        format: FormatArg,
    },
    /// Runs every check of a build without writing anything.
    Check {
        /// Report only the problems of these files, or of the files in
        /// these folders (each still checked against the whole handbook);
        /// by default, of every file.
        files: Vec<PathBuf>,
        /// The handbook folder (holding content/); by default the nearest
        /// folder from here upward that holds content/site.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
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
    /// Writes a new entry file with its kind's fields as placeholders; with
    /// --lang, a translation of an existing entry.
    New {
        /// phase, role, case, talk, term, resource, page or person.
        #[arg(value_parser = parse_kind)]
        kind: Kind,
        /// The entry's title; the file name is made from it. With --lang,
        /// the id of the entry to translate (`pilot`).
        title: String,
        /// Write the translation into this language of the entry `title`
        /// names: `content/<kind>s/<id>.<lang>.md`, with the source's
        /// texts and headings to translate and `translation_of` filled in.
        #[arg(long)]
        lang: Option<String>,
        /// The handbook folder (holding content/); by default the nearest
        /// folder from here upward that holds content/site.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Prints the JSON Schema of each kind's front matter, for editors.
    Schema {
        /// Only this kind (phase, role, case, talk, term, resource, page, person).
        #[arg(long, value_parser = parse_kind)]
        kind: Option<Kind>,
        /// Write `<kind>.schema.json` files into this folder instead.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Builds the handbook into memory, serves it on 127.0.0.1, and rebuilds
    /// and reloads the open pages on every save.
    Serve {
        /// The handbook folder (holding content/); by default the nearest
        /// folder from here upward that holds content/site.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
        /// The port; without it, the first free one from 4000 on.
        #[arg(long)]
        port: Option<u16>,
        /// The address to listen on (anything but loopback is warned about).
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the site in the browser.
        #[arg(long)]
        open: bool,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Lists, per language, the entries not yet translated and the
    /// translations whose source changed since they were made (with the
    /// changed sections); or, with --update, records that translations are
    /// current.
    TranslateStatus {
        /// The handbook folder (holding content/); by default the nearest
        /// folder from here upward that holds content/site.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
        /// text or json.
        #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
        format: StatusFormat,
        /// Write the current version of each file's source into these
        /// translations (`translation_of:`), changing nothing else.
        #[arg(long, num_args = 1.., value_name = "FILE")]
        update: Vec<PathBuf>,
    },
    /// Lists every entry: kind, id, lang, title, source, url, refs.
    /// In a handbook with editions, the URLs are under the edition's folder
    /// (`next/…` for the working content).
    List {
        /// List a released edition's entries (its label, or latest).
        #[arg(long)]
        edition: Option<String>,
        /// The handbook folder (holding content/); by default the nearest
        /// folder from here upward that holds content/site.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
        /// table (tab-separated) or json.
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
        /// Include entries marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Freezes the working content as a numbered edition under
    /// versions/<version>/ and lists it in versions/versions.yaml.
    Release {
        /// The new edition: `YYYY.N` (as 2026.1) or a semantic version (as
        /// 1.2.0), greater than the newest edition.
        version: String,
        /// What the publisher says of this edition (shown on its page).
        #[arg(long)]
        notes: Option<String>,
        /// Release even when git reports uncommitted changes under content/
        /// or themes/.
        #[arg(long)]
        allow_dirty: bool,
        /// The handbook folder (holding content/); by default the nearest
        /// folder from here upward that holds content/site.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
    },
    /// Prints what changed between two editions: entries added, removed and
    /// changed, with the changed words marked. `next` names the working
    /// content, `latest` the newest edition.
    Diff {
        /// The older edition (as 2026.1, or latest).
        from: String,
        /// The newer edition (default: next, the working content).
        #[arg(default_value = "next")]
        to: String,
        /// human (marked words, in colour on a terminal) or json.
        #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
        format: DiffFormat,
        /// The handbook folder (holding content/); by default the nearest
        /// folder from here upward that holds content/site.yaml.
        #[arg(long)]
        root: Option<PathBuf>,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum FormatArg {
    Human,
    Json,
    Github,
}

#[derive(Clone, Copy, ValueEnum)]
enum DiffFormat {
    Human,
    Json,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatusFormat {
    Text,
    Json,
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
            no_search,
            strict,
            format,
        } => {
            let root = match find_root(root) {
                Ok(r) => r,
                Err(code) => return code,
            };
            let opts = BuildOptions {
                root: root.clone(),
                base_url,
                drafts,
                minify: !no_minify,
                search: !no_search,
            };
            let out = out.unwrap_or_else(|| {
                if root == Path::new(".") {
                    PathBuf::from("dist")
                } else {
                    root.join("dist")
                }
            });
            let started = Instant::now();
            match clusterbook::build(&opts, &out, strict) {
                Ok(report) => {
                    report_problems(&report.diagnostics, format.into(), &root, None);
                    let per_kind: Vec<String> = report
                        .site
                        .pages_per_kind()
                        .into_iter()
                        .map(|(k, n)| format!("{n} {}", if n == 1 { k.name() } else { k.folder() }))
                        .collect();
                    outln!(
                        "built {} pages ({}), {} files, {} in {:.2} s → {}; search index {} in {} files ({:.2} s)",
                        report.site.entries.len(),
                        per_kind.join(", "),
                        report.written.files,
                        human_bytes(report.written.bytes),
                        started.elapsed().as_secs_f64(),
                        out.display(),
                        human_bytes(report.search_bytes),
                        report.search_files,
                        report.search_seconds,
                    );
                    if let Err(e) = report.cleanup.finish() {
                        eprintln!(
                            "warning: the previous output could not be removed ({e}); the next build removes it"
                        );
                    }
                    ExitCode::SUCCESS
                }
                Err(BuildError::Content(diags)) => {
                    let outcome = format!("build failed ({} is unchanged)", out.display());
                    report_problems(&diags, format.into(), &root, Some(&outcome));
                    ExitCode::from(EXIT_CONTENT)
                }
                Err(BuildError::Refused(r)) => {
                    let mut diags = clusterbook::diagnostics::Diagnostics::new();
                    diags.push(r.to_diagnostic(&root));
                    let outcome = "build refused (nothing was written or removed)";
                    report_problems(&diags, format.into(), &root, Some(outcome));
                    ExitCode::from(EXIT_CONTENT)
                }
                Err(e @ BuildError::Write { .. }) => {
                    eprintln!("error: {e}");
                    ExitCode::from(EXIT_WRITE)
                }
            }
        }
        Command::Check {
            files,
            root,
            drafts,
            strict,
            format,
        } => {
            let root = match find_root(root) {
                Ok(r) => r,
                Err(code) => return code,
            };
            let mut opts = BuildOptions::new(root.clone());
            opts.drafts = drafts;
            let mut named = Vec::new();
            for f in &files {
                match clusterbook::root::file_in_root(&root, f) {
                    // A folder names every file in it (the handbook's
                    // own folder, every file).
                    Ok(rel) if f.is_dir() && rel.is_empty() => named.push(rel),
                    Ok(rel) if f.is_dir() => named.push(format!("{rel}/")),
                    Ok(rel) => named.push(rel),
                    Err(e) => {
                        eprintln!(
                            "error: {e}\n  help: name files or folders of the handbook, e.g. `content/cases/<id>.md` or `content/cases`"
                        );
                        return ExitCode::from(EXIT_USAGE);
                    }
                }
            }
            let mut diags = clusterbook::check(&opts);
            // What `build` fails on in a released edition fails `check` too.
            diags.extend(clusterbook::editions::check_editions(&root));
            let mut diags = diags.sorted();
            if !named.is_empty() {
                diags = diags.only_files(&named);
            }
            let failed = diags.fails(strict);
            let outcome = if failed {
                "check failed"
            } else {
                "check passed"
            };
            report_problems(&diags, format.into(), &root, Some(outcome));
            if failed {
                ExitCode::from(EXIT_CONTENT)
            } else {
                ExitCode::SUCCESS
            }
        }
        Command::New {
            kind,
            title,
            root,
            lang,
        } => {
            let root = match find_root(root) {
                Ok(r) => r,
                Err(code) => return code,
            };
            // Nothing is written where there is no handbook (a mistyped
            // `--root` would otherwise get a content/ folder of its own).
            if let Err(d) = clusterbook::source::read_config_text(&root) {
                let mut diags = Diagnostics::new();
                diags.push(d);
                report_problems(&diags, Format::Human, &root, None);
                return ExitCode::from(EXIT_CONTENT);
            }
            let made = match lang {
                Some(lang) => {
                    let config = clusterbook::source::read_config_text(&root)
                        .map_err(|d| vec![d])
                        .and_then(|t| clusterbook::config::parse_config(&t));
                    let config = match config {
                        Ok(c) => c,
                        Err(ds) => {
                            let mut diags = Diagnostics::new();
                            diags.extend(ds);
                            report_problems(&diags, Format::Human, &root, None);
                            return ExitCode::from(EXIT_CONTENT);
                        }
                    };
                    clusterbook::i18n::scaffold::new_translation(
                        &root,
                        kind,
                        &title,
                        &lang,
                        &config.languages,
                    )
                }
                None => clusterbook::scaffold::new_entry(&root, kind, &title),
            };
            match made {
                Ok(path) => {
                    outln!("{path}");
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(match e {
                        clusterbook::scaffold::ScaffoldError::Io { .. } => EXIT_WRITE,
                        _ => EXIT_CONTENT,
                    })
                }
            }
        }
        Command::Schema { kind, out } => {
            let kinds: Vec<Kind> = match kind {
                Some(k) => vec![k],
                None => Kind::ALL.to_vec(),
            };
            let pretty = |v: &serde_json::Value| {
                serde_json::to_string_pretty(v).expect("a schema always serialises")
            };
            match out {
                Some(dir) => {
                    for k in kinds {
                        let path = dir.join(format!("{}.schema.json", k.name()));
                        let text = pretty(&clusterbook::model::front_matter_schema(k)) + "\n";
                        if let Err(e) =
                            std::fs::create_dir_all(&dir).and_then(|()| std::fs::write(&path, text))
                        {
                            eprintln!("error: cannot write {}: {e}", path.display());
                            return ExitCode::from(EXIT_WRITE);
                        }
                        outln!("{}", path.display());
                    }
                }
                None if kinds.len() == 1 => {
                    outln!(
                        "{}",
                        pretty(&clusterbook::model::front_matter_schema(kinds[0]))
                    )
                }
                None => {
                    let all: serde_json::Map<String, serde_json::Value> = kinds
                        .iter()
                        .map(|k| {
                            (
                                k.name().to_string(),
                                clusterbook::model::front_matter_schema(*k),
                            )
                        })
                        .collect();
                    outln!("{}", pretty(&serde_json::Value::Object(all)));
                }
            }
            ExitCode::SUCCESS
        }
        Command::Serve {
            root,
            port,
            bind,
            open,
            drafts,
        } => {
            let root = match find_root(root) {
                Ok(r) => r,
                Err(code) => return code,
            };
            let mut build = BuildOptions::new(root);
            build.drafts = drafts;
            // A preview is read in a browser, not shipped: minifying
            // would be most of the time a save takes to show (Zola's and
            // Hugo's servers do not minify either).
            build.minify = false;
            let opts = clusterbook::serve::ServeOptions {
                build,
                bind,
                port,
                open,
            };
            match clusterbook::serve::run(opts) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::from(EXIT_WRITE)
                }
            }
        }
        Command::TranslateStatus {
            root,
            format,
            update,
        } => translate_status(root, format, update),
        Command::List {
            root,
            format,
            drafts,
            edition,
        } => {
            let root = match find_root(root) {
                Ok(r) => r,
                Err(code) => return code,
            };
            let registry = match clusterbook::editions::registry::load_registry(&root) {
                Ok(r) => r,
                Err(ds) => {
                    let mut diags = Diagnostics::new();
                    diags.extend(ds);
                    report_problems(&diags.sorted(), Format::Human, &root, None);
                    return ExitCode::from(EXIT_CONTENT);
                }
            };
            let (label, edition_root) = match edition {
                Some(name) => match clusterbook::editions::edition_root(&root, &registry, &name) {
                    Ok(found) => found,
                    Err(e) => {
                        eprintln!("error: {e}");
                        return ExitCode::from(EXIT_USAGE);
                    }
                },
                None => (clusterbook::editions::NEXT.to_string(), root.clone()),
            };
            let mut opts = BuildOptions::new(edition_root);
            opts.drafts = drafts;
            let loaded = clusterbook::load(&opts);
            report_problems(&loaded.diagnostics, Format::Human, &root, None);
            let Some(site) = loaded.site else {
                return ExitCode::from(EXIT_CONTENT);
            };
            let mut rows = clusterbook::catalog::catalog(&site);
            if !registry.editions.is_empty() {
                clusterbook::editions::list_rows_in(&mut rows, &label);
            }
            match format {
                ListFormat::Table => out!("{}", clusterbook::catalog::to_table(&rows)),
                ListFormat::Json => outln!(
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
        Command::Release {
            version,
            notes,
            allow_dirty,
            root,
        } => match find_root(root) {
            Ok(root) => run_release(root, version, notes, allow_dirty),
            Err(code) => code,
        },
        Command::Diff {
            from,
            to,
            format,
            root,
        } => match find_root(root) {
            Ok(root) => run_diff(&root, &from, &to, format),
            Err(code) => code,
        },
    }
}

/// `release`: freezes the working content as edition `version`.
fn run_release(
    root: PathBuf,
    version: String,
    notes: Option<String>,
    allow_dirty: bool,
) -> ExitCode {
    use clusterbook::editions::release::{self, ReleaseError, ReleaseRequest};
    let req = ReleaseRequest {
        root: root.clone(),
        version,
        notes,
        allow_dirty,
        date: release::release_date(),
    };
    match release::release(&req) {
        Ok(done) => {
            eprintln!(
                "released edition {} ({}): {} files, {} in {}/; listed in {}",
                req.version,
                req.date,
                done.files,
                human_bytes(done.bytes),
                done.folder,
                clusterbook::editions::registry::REGISTRY_PATH
            );
            eprintln!(
                "  next: commit `versions/`, then `clusterbook build` writes it beside the working content"
            );
            ExitCode::SUCCESS
        }
        Err(ReleaseError::Content(diags)) => {
            report_problems(&diags, Format::Human, &root, Some("release refused"));
            ExitCode::from(EXIT_CONTENT)
        }
        Err(e @ ReleaseError::Refused { .. }) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_CONTENT)
        }
        Err(e @ ReleaseError::Write { .. }) => {
            eprintln!("error: {e}");
            ExitCode::from(EXIT_WRITE)
        }
    }
}

/// `diff`: what changed between editions `from` and `to`.
fn run_diff(root: &Path, from: &str, to: &str, format: DiffFormat) -> ExitCode {
    use clusterbook::editions::{changes, edition_root, registry};
    let reg = match registry::load_registry(root) {
        Ok(r) => r,
        Err(ds) => {
            let mut diags = Diagnostics::new();
            diags.extend(ds);
            report_problems(&diags.sorted(), Format::Human, root, Some("diff failed"));
            return ExitCode::from(EXIT_CONTENT);
        }
    };
    let (a, b) = match (edition_root(root, &reg, from), edition_root(root, &reg, to)) {
        (Ok(a), Ok(b)) => (a, b),
        (Err(e), _) | (_, Err(e)) => {
            eprintln!("error: {e}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    match changes::compare(&a.1, &a.0, &b.1, &b.0) {
        Ok(c) => {
            match format {
                DiffFormat::Human => {
                    let color = anstream::AutoStream::choice(&std::io::stdout())
                        != anstream::ColorChoice::Never;
                    out!("{}", changes::format_human(&c, color));
                }
                DiffFormat::Json => outln!(
                    "{}",
                    serde_json::to_string_pretty(&c).expect("changes always serialise")
                ),
            }
            ExitCode::SUCCESS
        }
        Err(diags) => {
            report_problems(&diags, Format::Human, root, Some("diff failed"));
            ExitCode::from(EXIT_CONTENT)
        }
    }
}

/// `translate-status`: the status of every language, or `--update`.
fn translate_status(root: Option<PathBuf>, format: StatusFormat, update: Vec<PathBuf>) -> ExitCode {
    use clusterbook::i18n::status;
    let root = match find_root(root) {
        Ok(r) => r,
        Err(code) => return code,
    };
    let loaded = clusterbook::load(&BuildOptions::new(root.clone()));
    let Some(site) = loaded.site else {
        report_problems(&loaded.diagnostics, Format::Human, &root, None);
        return ExitCode::from(EXIT_CONTENT);
    };
    if !update.is_empty() {
        let mut failed = false;
        for f in &update {
            let rel = match clusterbook::root::file_in_root(&root, f) {
                Ok(rel) => rel,
                Err(e) => {
                    eprintln!("error: {e}");
                    return ExitCode::from(EXIT_USAGE);
                }
            };
            match status::update_translation(&root, &rel, &site.config.languages) {
                Ok((hash, true)) => outln!("{rel}: translation_of: {hash}"),
                Ok((hash, false)) => outln!("{rel}: already translation_of: {hash}"),
                Err(e) => {
                    eprintln!("error: {e}");
                    failed = true;
                }
            }
        }
        return if failed {
            ExitCode::from(EXIT_CONTENT)
        } else {
            ExitCode::SUCCESS
        };
    }
    let s = status::translation_status(&site, &root);
    match format {
        StatusFormat::Text => out!("{}", status::to_text(&s)),
        StatusFormat::Json => outln!(
            "{}",
            serde_json::to_string_pretty(&s).expect("a status always serialises")
        ),
    }
    // A handbook with errors may lack entries: the status is printed, the
    // errors after it, and the run fails.
    if loaded.diagnostics.error_count() > 0 {
        report_problems(&loaded.diagnostics, Format::Human, &root, None);
        return ExitCode::from(EXIT_CONTENT);
    }
    ExitCode::SUCCESS
}

/// The handbook root (see `clusterbook::root`), or the exit code of a run
/// that found none, after saying so.
fn find_root(explicit: Option<PathBuf>) -> Result<PathBuf, ExitCode> {
    clusterbook::root::find_root_from_cwd(explicit.as_deref()).map_err(|e| {
        eprintln!("error: {e}");
        ExitCode::from(EXIT_USAGE)
    })
}

/// Prints problems: the human format to stderr, in colour on a terminal
/// (not with `NO_COLOR`, nor when piped); JSON and GitHub annotations to
/// stdout for tools and CI. The summary line says `outcome` before the
/// counts; without one (a build that succeeded, which says so itself),
/// only problems are printed, and nothing when there are none.
fn report_problems(diags: &Diagnostics, format: Format, root: &Path, outcome: Option<&str>) {
    if diags.is_empty() && outcome.is_none() {
        return;
    }
    let color = matches!(format, Format::Human)
        && anstream::AutoStream::choice(&std::io::stderr()) != anstream::ColorChoice::Never;
    let style = diagnostics::Style {
        color,
        outcome,
        summary: outcome.is_some(),
    };
    let text = diagnostics::format_with(diags, format, root, style);
    match format {
        Format::Human => eprint!("{text}"),
        Format::Json | Format::Github => out!("{text}"),
    }
}

fn human_bytes(n: u64) -> String {
    if n >= 1 << 20 {
        format!("{:.1} MiB", n as f64 / (1 << 20) as f64)
    } else {
        format!("{:.1} KiB", n as f64 / 1024.0)
    }
}
