//! `clusterbook serve`: a preview of the handbook that follows every save.
//!
//! The site is built with the same stages as `build`, into memory (never
//! over `dist/`, nothing in temporary folders), and served over HTTP by
//! axum on tokio ([`http`]). A watcher ([`watch`]) signals each burst of
//! changes; a rebuild thread then asks the [`rebuild`] driver to make the
//! site anew from what changed, swaps the new site in whole, and tells
//! the open pages through server-sent events: they reload in place (same
//! path, same scroll position). When a rebuild fails, the last good site
//! stays served and the problems — the same text as `check` prints — are
//! shown over the page and in the terminal until a save fixes them.

pub mod http;
pub mod rebuild;
pub mod watch;

use crate::BuildOptions;
use crate::diagnostics::{self, Diagnostics, Format};
use rebuild::{Outcome, Rebuilder, Served};
use serde::Serialize;
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::{Arc, RwLock, mpsc};
use std::time::{Duration, Instant};

/// The port tried first.
pub const DEFAULT_PORT: u16 = 4000;
/// How many ports after it are tried when `--port` was not given.
const PORTS_TRIED: u16 = 20;

/// What `serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// How the site is built (`minify`, `drafts`, `search`…).
    pub build: BuildOptions,
    /// The address to listen on.
    pub bind: IpAddr,
    /// The port; `None` takes the first free one from [`DEFAULT_PORT`] on.
    pub port: Option<u16>,
    /// Open the site in the browser once it is served.
    pub open: bool,
}

/// Why `serve` could not run.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    /// The port asked for is taken.
    #[error(
        "port {port} on {bind} is already in use (another `clusterbook serve`?)\nhelp: stop the other server, pass another `--port`, or leave `--port` out to take the next free one"
    )]
    PortInUse {
        /// The address.
        bind: IpAddr,
        /// The port.
        port: u16,
    },
    /// No port of the range tried was free.
    #[error("ports {first}–{last} on {bind} are all in use\nhelp: pass a free one with `--port`")]
    NoFreePort {
        /// The address.
        bind: IpAddr,
        /// The first port tried.
        first: u16,
        /// The last.
        last: u16,
    },
    /// Listening failed for another reason.
    #[error(
        "cannot listen on {addr}: {source}\nhelp: check `--bind` (an address of this machine, such as 127.0.0.1)"
    )]
    Listen {
        /// The address.
        addr: SocketAddr,
        /// What went wrong.
        source: std::io::Error,
    },
    /// The watcher could not start.
    #[error("cannot watch the handbook for changes: {0}\nhelp: is `content/` there and readable?")]
    Watch(#[from] notify::Error),
    /// The async runtime could not start.
    #[error("cannot start the server: {0}")]
    Runtime(std::io::Error),
}

/// What the open pages are told: the generation of the site served, and
/// the problems of the last rebuild when it failed.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Live {
    /// Counts the sites served; a page of an older one reloads.
    pub generation: u64,
    /// The problems, as `check` prints them, when the last rebuild failed.
    pub errors: Option<String>,
}

/// The site being served.
#[derive(Debug, Default)]
pub struct Snapshot {
    /// Whether there is a good site yet.
    pub built: bool,
    /// Path to contents.
    pub files: HashMap<String, Served>,
    /// Where pages that went away have gone.
    pub moves: HashMap<String, String>,
    /// Its generation.
    pub generation: u64,
}

/// What the server's handlers share with the rebuild thread.
pub struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    live: tokio::sync::watch::Sender<Live>,
    /// `content/` of the handbook, symlinks resolved: assets are served
    /// only from inside it.
    content_dir: PathBuf,
}

impl Shared {
    fn snapshot(&self) -> Arc<Snapshot> {
        self.snapshot.read().expect("no panics while held").clone()
    }

    fn publish(&self, s: Snapshot) {
        *self.snapshot.write().expect("no panics while held") = Arc::new(s);
    }
}

/// Binds the listener: the port asked for, or the first free one.
fn listen(bind: IpAddr, port: Option<u16>) -> Result<TcpListener, ServeError> {
    let ports: Vec<u16> = match port {
        Some(p) => vec![p],
        None => (DEFAULT_PORT..DEFAULT_PORT + PORTS_TRIED).collect(),
    };
    for &p in &ports {
        let addr = SocketAddr::new(bind, p);
        match TcpListener::bind(addr) {
            Ok(l) => return Ok(l),
            Err(e) if e.kind() == std::io::ErrorKind::AddrInUse => continue,
            Err(source) => return Err(ServeError::Listen { addr, source }),
        }
    }
    Err(match port {
        Some(port) => ServeError::PortInUse { bind, port },
        None => ServeError::NoFreePort {
            bind,
            first: DEFAULT_PORT,
            last: DEFAULT_PORT + PORTS_TRIED - 1,
        },
    })
}

/// What the rebuild thread is told.
enum Message {
    /// Something in the handbook changed.
    Changed,
    /// A search index was made.
    Index(rebuild::SearchIndex),
}

/// The rebuild loop's view of the server: publishes sites and states.
struct Publisher {
    shared: Arc<Shared>,
    generation: u64,
    root: PathBuf,
    /// Whether the last rebuild failed (its problems are on screen).
    failed: bool,
}

impl Publisher {
    fn site(&mut self, r: &Rebuilder, new_generation: bool) {
        if new_generation {
            self.generation += 1;
        }
        self.shared.publish(Snapshot {
            built: r.has_site(),
            files: r.files().clone(),
            moves: r.moves().clone(),
            generation: self.generation,
        });
    }

    fn state(&self, errors: Option<&Diagnostics>) {
        let errors = errors.map(|d| diagnostics::format(d, Format::Human, &self.root));
        let live = Live {
            generation: self.generation,
            errors,
        };
        self.shared.live.send_if_modified(|l| {
            let changed = *l != live;
            *l = live;
            changed
        });
    }

    /// Rebuilds, publishes, and says so in the terminal.
    fn rebuild(&mut self, r: &mut Rebuilder) {
        // The edited page is served as soon as it is made; the pages
        // that list or link it follow.
        let mut first_served = false;
        let outcome = r.rebuild_with(|r| {
            self.site(r, true);
            first_served = true;
        });
        let failed_before = self.failed;
        self.failed = matches!(outcome, Outcome::Failed(_));
        match outcome {
            // Back to the last good site (a typo undone): no errors now.
            Outcome::Unchanged => {
                self.state(None);
                if failed_before {
                    eprintln!("fixed: the problems are gone; serving the last good site");
                }
            }
            Outcome::Built(s) => {
                self.site(r, true);
                self.state(None);
                report_warnings(&s.warnings, &self.root);
                let what = if s.parsed.is_empty() {
                    String::new()
                } else if s.parsed.len() <= 3 {
                    format!(" ({})", s.parsed.join(", "))
                } else {
                    format!(" ({} files)", s.parsed.len())
                };
                eprintln!(
                    "rebuilt {} of {} pages in {:.0} ms{what}",
                    s.rendered,
                    s.pages,
                    s.seconds * 1000.0
                );
            }
            Outcome::Failed(diags) => {
                eprint!("{}", diagnostics::format(&diags, Format::Human, &self.root));
                eprintln!(
                    "rebuild failed: still serving the last good site; the problems are shown in the browser too"
                );
                // A failure after the first pages were served put the
                // last good ones back: serve those again.
                if !r.has_site() || first_served {
                    self.site(r, first_served);
                }
                self.state(Some(&diags));
            }
        }
    }
}

fn report_warnings(d: &Diagnostics, root: &std::path::Path) {
    if !d.is_empty() {
        eprint!("{}", diagnostics::format(d, Format::Human, root));
    }
}

/// Builds the handbook, serves it, and rebuilds on every change until
/// Ctrl-C.
pub fn run(opts: ServeOptions) -> Result<(), ServeError> {
    let root = opts.build.root.clone();
    if !opts.bind.is_loopback() {
        eprintln!(
            "warning: serving on {} — anyone who can reach this machine on that address can read the preview\nhelp: leave `--bind` out to serve on 127.0.0.1 only",
            opts.bind
        );
    }
    let listener = listen(opts.bind, opts.port)?;
    let addr = listener.local_addr().map_err(ServeError::Runtime)?;
    listener
        .set_nonblocking(true)
        .map_err(ServeError::Runtime)?;
    let content_dir = std::fs::canonicalize(root.join("content")).unwrap_or(root.join("content"));
    let (live, _) = tokio::sync::watch::channel(Live {
        generation: 0,
        errors: None,
    });
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot::default())),
        live,
        content_dir,
    });
    let mut publisher = Publisher {
        shared: shared.clone(),
        generation: 0,
        root: root.clone(),
        failed: false,
    };

    let started = Instant::now();
    let mut rebuilder = Rebuilder::new(opts.build.clone());
    let (tx, rx) = mpsc::channel();
    // Watch before the first build, so that a save during it is not lost.
    let changes = tx.clone();
    let (watch_tx, watch_rx) = mpsc::channel();
    let mut watcher = watch::watch(&root, watch_tx)?;
    std::thread::Builder::new()
        .name("watch".into())
        .spawn(move || {
            while watch_rx.recv().is_ok() {
                if changes.send(Message::Changed).is_err() {
                    break;
                }
            }
        })
        .map_err(ServeError::Runtime)?;
    let url = format!("http://{addr}/");
    let open = opts.open;

    // The builds run on a thread of their own, the first one too, so that
    // Ctrl-C is heard from the start (a first build of a large handbook
    // takes a while) and ends the process at once, whatever is building.
    std::thread::Builder::new()
        .name("rebuild".into())
        .spawn(move || {
            eprintln!("building {} …", publisher.root.display());
            match rebuilder.rebuild() {
                Outcome::Built(s) => {
                    report_warnings(&s.warnings, &publisher.root);
                    publisher.site(&rebuilder, true);
                    publisher.state(None);
                    eprintln!(
                        "built {} pages in {:.2} s",
                        s.pages,
                        started.elapsed().as_secs_f64()
                    );
                }
                Outcome::Failed(diags) => {
                    eprint!(
                        "{}",
                        diagnostics::format(&diags, Format::Human, &publisher.root)
                    );
                    eprintln!("build failed: serving the problems until they are fixed");
                    publisher.site(&rebuilder, true);
                    publisher.state(Some(&diags));
                }
                Outcome::Unchanged => {}
            }
            println!("serving {url} (Ctrl-C stops)");
            if open {
                open_browser(&url);
            }
            // The index and print documents run on a pool of their own,
            // of half the cores: on the shared pool a rebuild's parallel
            // work would wait behind every task of the index already
            // queued (rayon runs a worker's own tasks before new ones), and
            // the edited page with it — 3 s at 10,000 pages.
            let background = rayon::ThreadPoolBuilder::new()
                .num_threads(background_threads())
                .thread_name(|i| format!("search-{i}"))
                .build()
                .map(Arc::new)
                .ok();
            let mut searching = false;
            loop {
                // The search index is made on a thread of its own, so that
                // a save is served while the index of the last one is made.
                if !searching && let Some(job) = rebuilder.search_job() {
                    let done = tx.clone();
                    let pool = background.clone();
                    searching = std::thread::Builder::new()
                        .name("search".into())
                        .spawn(move || {
                            let index = match pool {
                                Some(p) => p.install(|| job.run()),
                                None => job.run(),
                            };
                            let _ = done.send(Message::Index(index));
                        })
                        .is_ok();
                }
                let Ok(first) = rx.recv() else { break };
                let mut changed = false;
                for message in std::iter::once(first).chain(rx.try_iter()) {
                    match message {
                        Message::Changed => changed = true,
                        Message::Index(index) => {
                            searching = false;
                            if rebuilder.apply_search(index) {
                                publisher.site(&rebuilder, false);
                            }
                        }
                    }
                }
                if changed {
                    watcher.refresh(&publisher.root);
                    publisher.rebuild(&mut rebuilder);
                }
            }
        })
        .map_err(ServeError::Runtime)?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(ServeError::Runtime)?;
    let served = runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let app = http::router(shared);
        tokio::select! {
            r = axum::serve(listener, app) => r,
            _ = tokio::signal::ctrl_c() => Ok(()),
        }
    });
    // Open event streams would keep a graceful shutdown waiting: end them.
    runtime.shutdown_timeout(Duration::from_millis(200));
    // The build threads hold nothing on disk: leaving them to the end of
    // the process loses nothing.
    eprintln!("stopped");
    served.map_err(ServeError::Runtime)
}

/// Threads of the pool that makes search indexes: half the cores, at
/// least one, so that a rebuild always has the other half.
fn background_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| (n.get() / 2).max(1))
}

/// Opens `url` in the desktop's browser; says so when it cannot.
fn open_browser(url: &str) {
    let (cmd, args): (&str, Vec<&str>) = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let spawned = std::process::Command::new(cmd)
        .args(&args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if let Err(e) = spawned {
        eprintln!("warning: cannot open a browser ({cmd}: {e}); open {url} yourself");
    }
}
