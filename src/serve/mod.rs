//! `esite serve`: the live preview. The same pipeline as `build`, run in memory on every
//! change, served over HTTP from the last good result, with Server-Sent Events telling open
//! tabs to reload. Nothing is written to disk: output/ stays the publisher's, content/ the
//! editor's.

mod events;
mod http;
mod net;
mod refresh;
mod status_page;
mod watch;

use crate::diag::Diagnostic;
use crate::{BuildOptions, Outcome};
use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub const RELOAD_SCRIPT: &str = include_str!("reload.js");
/// The translation status page's address in the preview.
pub const STATUS_PATH: &str = status_page::PATH;

pub struct ServeOptions {
    pub site: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Host names besides loopback that requests may carry (for a wider --bind).
    pub allowed_hosts: Vec<String>,
    /// How long a burst of saves may take before the rebuild starts.
    pub debounce: Duration,
    /// Look at the files' modification times this often instead of waiting for the system's
    /// change events, which never come from network drives, OneDrive or WSL's Windows disks.
    pub poll: Option<Duration>,
}

/// How often `esite serve --poll` looks for changes. A save shows within half a second,
/// which still feels immediate next to the rebuild itself. Each look reads the site's files
/// (texts and a few pictures: a few megabytes, mostly from the system's cache), which takes
/// milliseconds; looking more often would cost more on a slow network drive and gain little.
pub const POLL_INTERVAL: Duration = Duration::from_millis(500);

/// What the preview reports as it goes; `main` decides how to print it.
pub enum Event {
    Rebuilt {
        changed: Vec<PathBuf>,
        pages: usize,
        elapsed: Duration,
        /// When the pages open in the browser were ready and their tabs told, if before the
        /// rest.
        first: Option<Duration>,
        warnings: Vec<Diagnostic>,
    },
    Failed {
        changed: Vec<PathBuf>,
        diagnostics: Vec<Diagnostic>,
    },
    /// A newer save came in while rebuilding: the rest of the rebuild was skipped, and the
    /// next one starts at once.
    Stopped { changed: Vec<PathBuf> },
    /// Something about connections the person running the preview should know (out of
    /// open files, too many connections); said at most once a minute each.
    Warning(String),
}

pub type Log = Arc<dyn Fn(Event) + Send + Sync>;

/// One complete build, as served.
#[derive(Default)]
pub(crate) struct Snapshot {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    pub css_url: Option<String>,
    /// The generation this build was swapped in at; written into served pages.
    pub build: u64,
}

/// What tabs are told after a rebuild.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Notice {
    /// These URL paths changed (or `None`: everything may have).
    Reload(Option<Vec<String>>),
    /// Everything may have changed, but for these URL paths, whose tabs were told already.
    ReloadAllBut(Vec<String>),
    Css {
        old: String,
        new: String,
    },
    Failed,
}

pub(crate) struct State {
    pub generation: u64,
    pub snapshot: Arc<Snapshot>,
    /// While a rebuild makes its other pages: the pages open tabs show (and the theme's
    /// static files), already made. Other requests wait until the build is complete.
    pub pending: Option<Arc<Snapshot>>,
    /// The errors of the last failed rebuild, until a rebuild succeeds.
    pub failure: Option<String>,
    /// Tabs were shown pages of a rebuild that then failed: the next good build cannot tell
    /// from the last good one what they show, so all tabs reload.
    pub tabs_ahead: bool,
    /// The latest notices, newest last, each with its generation: a rebuild that tells the
    /// open pages' tabs first tells twice, and a tab's stream may wake only after both.
    pub notices: std::collections::VecDeque<(u64, Notice)>,
    /// What the last rebuild, good or failed, says about each document and file: the
    /// status page (`/__esite/status`).
    pub status: Arc<crate::commands::status::Status>,
}

impl State {
    /// Tells every tab something new.
    pub fn tell(&mut self, notice: Notice) {
        self.generation += 1;
        if self.notices.len() == 16 {
            self.notices.pop_front();
        }
        self.notices.push_back((self.generation, notice));
    }

    /// What a tab that was told up to generation `seen` must hear now: the latest notice, or
    /// several reloads as one. Anything else it missed reloads every tab.
    pub fn since(&self, seen: u64) -> Notice {
        let missed: Vec<&Notice> = self
            .notices
            .iter()
            .filter(|(g, _)| *g > seen)
            .map(|(_, n)| n)
            .collect();
        let Some(latest) = missed.last() else {
            return Notice::Reload(None);
        };
        if missed.len() as u64 != self.generation - seen {
            return Notice::Reload(None);
        }
        match (latest, missed.len()) {
            (_, 1) | (Notice::Failed, _) => (*latest).clone(),
            _ => {
                let mut paths = Vec::new();
                for n in missed {
                    match n {
                        Notice::Reload(Some(p)) => paths.extend(p.iter().cloned()),
                        _ => return Notice::Reload(None),
                    }
                }
                paths.sort();
                paths.dedup();
                Notice::Reload(Some(paths))
            }
        }
    }
}

pub(crate) struct Shared {
    pub state: Mutex<State>,
    /// Bumped whenever `state` changes or the preview stops: event streams and requests
    /// waiting for a rebuild await it without holding a thread.
    pub wake: tokio::sync::watch::Sender<()>,
    pub options: ServeOptions,
    pub base_url: String,
    pub stop: std::sync::atomic::AtomicBool,
    /// Pages of the last build, reused where their data is unchanged.
    pub memo: Arc<crate::render::memo::Memo>,
    /// The pages open tabs show (URL path as in `http::normalise`), with how many tabs show
    /// each: a rebuild makes these first.
    pub watched: Mutex<HashMap<String, usize>>,
    /// The site as last parsed without a problem, for `refresh`.
    pub parsed: Mutex<Option<Kept>>,
    /// Asked by the watcher when a save arrives while a rebuild runs.
    pub cancel: Arc<crate::render::Cancel>,
}

/// The last clean parse of the site, and a copy of it for the next rebuild to consume (made
/// after a rebuild, while the editor types: copying takes as long as the rest of making the
/// open pages).
pub(crate) struct Kept {
    parsed: crate::parse::Parsed,
    spare: Option<crate::parse::Parsed>,
}

impl Shared {
    /// Copies the kept parse for the next rebuild, if it has no copy yet.
    pub fn prepare_spare(&self) {
        let mut kept = self.parsed.lock().unwrap_or_else(|p| p.into_inner());
        if let Some(k) = kept.as_mut()
            && k.spare.is_none()
        {
            k.spare = Some(k.parsed.clone());
        }
    }
}

impl Shared {
    /// Tells every waiter that `state` (or `stop`) changed.
    pub fn notify(&self) {
        self.wake.send_replace(());
    }

    pub fn stopping(&self) -> bool {
        self.stop.load(std::sync::atomic::Ordering::SeqCst)
    }

    fn request_stop(&self) {
        self.stop.store(true, std::sync::atomic::Ordering::SeqCst);
        self.notify();
    }

    pub fn lock(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|p| p.into_inner())
    }

    pub fn watching(&self) -> std::sync::MutexGuard<'_, HashMap<String, usize>> {
        self.watched.lock().unwrap_or_else(|p| p.into_inner())
    }
}

/// A running preview server.
pub struct Server {
    shared: Arc<Shared>,
    addr: SocketAddr,
    http: std::thread::JoinHandle<()>,
    /// Not joined: a rebuild under way when the preview stops is abandoned, not waited for
    /// (it writes nothing to disk).
    _watcher: std::thread::JoinHandle<()>,
}

impl Server {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    pub fn url(&self) -> String {
        self.shared.base_url.clone()
    }

    /// Counts finished rebuilds, failed ones too; tests wait on it instead of sleeping.
    pub fn generation(&self) -> u64 {
        self.shared.lock().generation
    }

    /// Blocks until `stop` is called from another thread (or forever), then until the
    /// connections are closed (a second at most).
    pub fn wait(self) {
        let _ = self.http.join();
    }

    pub fn stop(&self) {
        self.shared.request_stop();
    }

    /// A handle that stops the server from another thread (Ctrl-C).
    pub fn stopper(&self) -> impl Fn() + Send + Sync + 'static {
        let shared = self.shared.clone();
        move || shared.request_stop()
    }
}

/// A wider `--bind` lets every machine that can reach this one ask for the preview; which
/// names it may use must be said, so that the choice is deliberate (see `http::host_allowed`).
fn check_bind(options: &ServeOptions) -> Result<(), Diagnostic> {
    if options.bind.is_loopback() || !options.allowed_hosts.is_empty() {
        return Ok(());
    }
    let example = if options.bind.is_unspecified() {
        "--allow-host 192.168.1.20 (this machine's address or name on the network)".to_string()
    } else {
        format!("--allow-host {}", options.bind)
    };
    Err(Diagnostic::error(
        "--bind",
        format!(
            "--bind {} lets other machines reach the preview, but no --allow-host says which name they use",
            options.bind
        ),
    )
    .hint(format!(
        "add {example}, or leave out --bind to keep the preview on this machine"
    )))
}

pub fn start(options: ServeOptions, log: Log) -> Result<Server, Diagnostic> {
    check_bind(&options)?;
    let requested = SocketAddr::new(options.bind, options.port);
    let listener = std::net::TcpListener::bind(requested).map_err(|e| {
        let text = e.to_string();
        let hint = if e.kind() == std::io::ErrorKind::AddrInUse || text.contains("in use") {
            format!("another program uses port {}; stop it, choose another --port, or use --port 0 to pick a free one", options.port)
        } else {
            "check the --bind address and --port".to_string()
        };
        Diagnostic::error(PathBuf::from(format!("{requested}")), format!("cannot listen on {requested}: {text}")).hint(hint)
    })?;
    let addr = listener.local_addr().unwrap_or(requested);
    // "Any address" is no address a browser can open: the pages' own links and the printed
    // address use the first allowed host name instead (one is required for such a bind).
    let host = match (addr.ip(), options.allowed_hosts.first()) {
        (ip, Some(name)) if ip.is_unspecified() => name.clone(),
        (IpAddr::V6(ip), _) => format!("[{ip}]"),
        (IpAddr::V4(ip), _) => ip.to_string(),
    };
    let base_url = format!("http://{host}:{}/", addr.port());
    let shared = Arc::new(Shared {
        state: Mutex::new(State {
            generation: 0,
            snapshot: Arc::new(Snapshot::default()),
            pending: None,
            failure: None,
            tabs_ahead: false,
            notices: Default::default(),
            status: Arc::default(),
        }),
        wake: tokio::sync::watch::Sender::new(()),
        options,
        base_url,
        stop: std::sync::atomic::AtomicBool::new(false),
        memo: Arc::default(),
        watched: Mutex::default(),
        parsed: Mutex::default(),
        cancel: Arc::default(),
    });
    // The first build, before any request is answered (they wait in the listen queue).
    watch::rebuild(&shared, Vec::new(), &log);
    let watcher = watch::spawn(shared.clone(), log.clone())?;
    let http = net::spawn(listener, shared.clone(), log).map_err(|e| {
        shared.request_stop();
        Diagnostic::error(
            PathBuf::from(format!("{addr}")),
            format!("cannot start the preview's server: {e}"),
        )
    })?;
    Ok(Server {
        shared,
        addr,
        http,
        _watcher: watcher,
    })
}

/// Runs the pipeline in memory and turns the result into a servable snapshot.
pub(crate) fn build_snapshot(
    shared: &Shared,
    changed: &[PathBuf],
    first: Option<crate::render::First>,
) -> (Result<Snapshot, ()>, Outcome) {
    let options = BuildOptions {
        site: shared.options.site.clone(),
        base_url: Some(shared.base_url.clone()),
        reload_script: Some(RELOAD_SCRIPT.to_string()),
        pdf: false,
        list_links: false,
        // For the status page only: the terminal and the overlay are for problems. Each text's
        // hints are remembered until it changes.
        hints: true,
        memo: Some(shared.memo.clone()),
        first,
        status: true,
        cancel: Some(shared.cancel.clone()),
    };
    let site = &shared.options.site;
    let mut kept = shared.parsed.lock().unwrap_or_else(|p| p.into_inner());
    let mut laps = crate::timing::Laps::start();
    let refreshed = kept.take().and_then(|mut k| {
        let updates = refresh::read_changes(site, &k.parsed, changed)?;
        refresh::apply(&mut k.parsed, &updates);
        if let Some(spare) = k.spare.as_mut() {
            refresh::apply(spare, &updates);
        }
        Some(k)
    });
    let (parsed, diagnostics) = match refreshed {
        Some(Kept { parsed, spare }) => {
            laps.lap("refresh");
            // The copy made after the last rebuild, so the pipeline need not wait for one.
            let run = spare.unwrap_or_else(|| parsed.clone());
            *kept = Some(Kept {
                parsed,
                spare: None,
            });
            (run, Vec::new())
        }
        None => {
            let (sources, mut diagnostics) = crate::load::load(site);
            laps.lap("load");
            let (parsed, problems) = crate::parse::parse(sources);
            laps.lap("parse");
            diagnostics.extend(problems);
            if diagnostics.is_empty() {
                *kept = Some(Kept {
                    parsed: parsed.clone(),
                    spare: None,
                });
            }
            (parsed, diagnostics)
        }
    };
    drop(kept);
    let mut outcome = crate::run_parsed(&options, parsed, diagnostics);
    if outcome.has_errors() || outcome.cancelled {
        return (Err(()), outcome);
    }
    let mut snapshot = Snapshot::default();
    snapshot.files.reserve(outcome.files.len());
    for f in std::mem::take(&mut outcome.files) {
        let bytes = match &f.copy_from {
            Some(src) => match crate::load::read_bytes(&options.site, src) {
                Ok(b) => Arc::new(b),
                Err(d) => {
                    if let Some(status) = outcome.status.as_mut() {
                        status.add(d.clone());
                    }
                    outcome.diagnostics.push(d);
                    return (Err(()), outcome);
                }
            },
            None => f.bytes,
        };
        snapshot.files.insert(f.path, bytes);
    }
    snapshot.css_url = css_url(&snapshot);
    (Ok(snapshot), outcome)
}

/// The theme's style sheet as the pages link it.
pub(crate) fn css_url(snapshot: &Snapshot) -> Option<String> {
    snapshot
        .files
        .keys()
        .find(|p| p.starts_with("assets/style.") && p.ends_with(".css"))
        .map(|p| format!("/{p}"))
}

/// What a URL path (as `http::normalise` gives it) is answered with.
pub(crate) enum Served<'a> {
    File(String, &'a Arc<Vec<u8>>),
    /// A folder named without its slash.
    Redirect(String),
    /// The language's (or the site's) 404 page, if there is one.
    Missing(Option<&'a Arc<Vec<u8>>>),
}

pub(crate) fn resolve<'a>(files: &'a HashMap<String, Arc<Vec<u8>>>, rel: &str) -> Served<'a> {
    let file = page_file(rel);
    if let Some(bytes) = files.get(&file) {
        return Served::File(file, bytes);
    }
    if files.contains_key(&format!("{rel}/index.html")) {
        return Served::Redirect(format!("/{rel}/"));
    }
    let lang_404 = rel.split('/').next().map(|l| format!("{l}/404.html"));
    Served::Missing(
        lang_404
            .and_then(|p| files.get(&p))
            .or_else(|| files.get("404.html")),
    )
}

fn page_file(rel: &str) -> String {
    if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_string()
    }
}

/// Every file `resolve` may answer a URL path with: what a rebuild makes first for a tab.
pub(crate) fn candidates(rel: &str) -> Vec<String> {
    let mut files = vec![page_file(rel), "404.html".to_string()];
    if !rel.is_empty() && !rel.ends_with('/') {
        files.push(format!("{rel}/index.html"));
    }
    if let Some(lang) = rel.split('/').next().filter(|l| !l.is_empty()) {
        files.push(format!("{lang}/404.html"));
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reload(paths: &[&str]) -> Notice {
        Notice::Reload(Some(paths.iter().map(|p| p.to_string()).collect()))
    }

    #[test]
    fn a_tab_that_slept_through_several_notices_hears_them_as_one() {
        let mut state = State {
            generation: 0,
            snapshot: Arc::default(),
            pending: None,
            failure: None,
            tabs_ahead: false,
            notices: Default::default(),
            status: Arc::default(),
        };
        // The open page's tab first, then the rest of the same rebuild.
        state.tell(reload(&["/fi/a/"]));
        state.tell(reload(&["/fi/a/tulosta/", "/fi/a/"]));
        assert_eq!(state.since(1), reload(&["/fi/a/tulosta/", "/fi/a/"]));
        assert_eq!(state.since(0), reload(&["/fi/a/", "/fi/a/tulosta/"]));
        // A stylesheet swap cannot be merged with reloads: every tab reloads.
        state.tell(Notice::Css {
            old: "/a.css".into(),
            new: "/b.css".into(),
        });
        assert!(matches!(state.since(2), Notice::Css { .. }));
        assert_eq!(state.since(1), Notice::Reload(None));
        // A failure is what a tab must show, whatever came before.
        state.tell(Notice::Failed);
        assert_eq!(state.since(0), Notice::Failed);
        // Notices older than the history: every tab reloads.
        for _ in 0..20 {
            state.tell(reload(&["/fi/b/"]));
        }
        assert_eq!(state.since(2), Notice::Reload(None));
        assert_eq!(state.since(state.generation - 3), reload(&["/fi/b/"]));
    }
}
