//! The live preview (`esite serve`) in a real browser, driven by `tests/browser/serve-check.mjs`.
//!
//! A copy of `tests/fixtures/basic` (plus the theme's `style.css`, so that a stylesheet change can
//! be made) is served with `esite serve --site <tmp> --port 0`; the harness opens two tabs on it,
//! edits the copy on disk and checks that the tabs update (or not) by themselves: a text edit
//! is swapped into the changed page in place (the same document as a fresh load, scroll position
//! and focus kept) and leaves other pages alone; the search page, with a script of its own,
//! reloads in full and its search works; a broken front matter shows the error overlay, and
//! fixing it swaps the page back; a CSS change is swapped in without a reload. It prints the
//! save-to-visible latencies.
//!
//! A second test drives `tests/browser/status-check.mjs` on the translation status page
//! (`/__esite/status`): axe-core, an update after a save, and the overlay's link to it.
//!
//! Needs Chromium (/usr/bin/chromium), Node 20+ and tests/browser/node_modules
//! (`scripts/setup-test-deps.sh`). Without them the test is skipped with a message, except when
//! `CI=true`, where it fails.

mod support;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};
use support::*;

const REPO: &str = env!("CARGO_MANIFEST_DIR");
const SETUP: &str = "scripts/setup-test-deps.sh";
const START_TIMEOUT: Duration = Duration::from_secs(60);
const CHECK_TIMEOUT: Duration = Duration::from_secs(5 * 60);
const READY_LINE: &str = "Serving the preview at ";

fn browser_dir() -> PathBuf {
    Path::new(REPO).join("tests").join("browser")
}

/// What is missing, as human-readable lines.
fn missing() -> Vec<String> {
    let mut out = Vec::new();
    if !command_works("node", "--version") {
        out.push("node (Node.js 20+) is not on PATH".to_string());
    }
    let f = "playwright-core/package.json";
    if !browser_dir().join("node_modules").join(f).is_file() {
        out.push(format!("tests/browser/node_modules/{f} is missing"));
    }
    let chromium = std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
    if !Path::new(&chromium).is_file() {
        out.push(format!("{chromium} is missing (apt-get install chromium)"));
    }
    out
}

/// True when the test can run. Outside CI a missing dependency skips the test with a message on
/// stderr; with CI=true it fails the test (the same policy as tests/browser.rs).
fn require(test: &str) -> bool {
    require_or_skip(test, missing(), SETUP)
}

/// One browser-driving test at a time, across processes too (tests/browser.rs serialises its
/// own tests with an in-process mutex; cargo runs test binaries one after another, but two
/// `cargo test` runs on this 2-core machine would skew the latencies measured here).
struct BrowserLock(#[allow(dead_code)] std::fs::File);

fn browser_lock() -> BrowserLock {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(base).expect("create CARGO_TARGET_TMPDIR");
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(base.join("esite-browser-tests.lock"))
        .expect("open the browser test lock file");
    file.lock().expect("lock the browser test lock file");
    BrowserLock(file)
}

/// A running `esite serve`; killed when dropped, even when the test panics.
struct Server {
    child: Child,
    url: String,
    stderr: Arc<Mutex<String>>,
}

impl Server {
    fn start(site: &Path) -> Server {
        let mut child = Command::new(env!("CARGO_BIN_EXE_esite"))
            .args(["serve", "--site"])
            .arg(site)
            .args(["--port", "0"])
            .current_dir(REPO)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start esite serve: {e}"));
        let stderr = Arc::new(Mutex::new(String::new()));
        let err = child.stderr.take().expect("stderr");
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(err);
            let mut line = String::new();
            while reader.read_line(&mut line).is_ok_and(|n| n > 0) {
                sink.lock()
                    .unwrap_or_else(|p| p.into_inner())
                    .push_str(&line);
                line.clear();
            }
        });
        let out = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            // Keeps reading after the ready line so the server never blocks on a full pipe.
            for line in BufReader::new(out).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
        let mut server = Server {
            child,
            url: String::new(),
            stderr,
        };
        let started = Instant::now();
        let mut stdout = String::new();
        loop {
            let left = START_TIMEOUT.saturating_sub(started.elapsed());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(rest) = line.strip_prefix(READY_LINE) {
                        server.url = rest.split_whitespace().next().unwrap_or("").to_string();
                        assert!(
                            server.url.starts_with("http://127.0.0.1:"),
                            "esite serve printed an unexpected address: {line}"
                        );
                        eprintln!(
                            "esite serve is up at {} after {:.1?}",
                            server.url,
                            started.elapsed()
                        );
                        return server;
                    }
                    stdout.push_str(&line);
                    stdout.push('\n');
                }
                Err(e) => {
                    let status = server.child.try_wait().ok().flatten();
                    // Give the stderr reader a moment to collect the last lines.
                    std::thread::sleep(Duration::from_millis(200));
                    panic!(
                        "esite serve did not print {READY_LINE:?} ({}; exit status {status:?}):\n--- stdout ---\n{stdout}\n--- stderr ---\n{}",
                        match e {
                            mpsc::RecvTimeoutError::Timeout => format!("waited {START_TIMEOUT:?}"),
                            mpsc::RecvTimeoutError::Disconnected => "its stdout closed".to_string(),
                        },
                        server.stderr()
                    );
                }
            }
        }
    }

    fn stderr(&self) -> String {
        self.stderr
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The server's rebuild lines ("... changed: rebuilt 30 pages in 120 ms"), for the log.
fn rebuild_lines(stderr: &str) -> String {
    stderr
        .lines()
        .filter(|l| l.contains("changed: rebuilt") || l.starts_with("Built "))
        .map(|l| format!("  {l}\n"))
        .collect()
}

#[test]
fn live_preview_reloads_tabs_in_a_real_browser() {
    let test = "serve-browser";
    if !require(test) {
        return;
    }
    let _lock = browser_lock();

    let (tmp, site) = site_copy("esite-serve-browser-");
    let css_dir = site.join("themes/default/static");
    std::fs::create_dir_all(&css_dir).expect("create themes/default/static");
    std::fs::copy(
        Path::new(REPO).join("themes/default/static/style.css"),
        css_dir.join("style.css"),
    )
    .expect("copy the theme's style.css");

    let server = Server::start(&site);
    let out = run(
        Command::new("node")
            .arg(browser_dir().join("serve-check.mjs"))
            .args(["--url", &server.url, "--site"])
            .arg(&site)
            .arg("--verbose")
            .current_dir(REPO),
        CHECK_TIMEOUT,
    );
    let server_log = server.stderr();
    drop(server);
    judge(test, "serve-check.mjs", out, &server_log, tmp);
}

/// Passes, or fails with the harness's report and the server's log, keeping the site copy.
fn judge(test: &str, script: &str, out: Output, server_log: &str, tmp: tempfile::TempDir) {
    let mut report = out.stdout.clone();
    if !out.stderr.trim().is_empty() {
        report.push_str(&format!("\n--- {script} stderr ---\n"));
        report.push_str(&out.stderr);
    }
    let code = out.status.and_then(|s| s.code());
    if code == Some(0) {
        eprintln!(
            "{test}: ok in {:.1?}\n{report}\nesite serve rebuilds:\n{}",
            out.elapsed,
            rebuild_lines(server_log)
        );
        return;
    }
    // Keep the edited site for a look (it is under target/tmp).
    let kept = tmp.keep();
    report.push_str(&format!(
        "\n--- esite serve stderr ---\n{server_log}\n(site copy kept in {})\n",
        kept.display()
    ));
    match code {
        Some(1) => panic!(
            "{test}: the live preview failed checks ({:.1?}):\n{report}",
            out.elapsed
        ),
        Some(2) => panic!(
            "{test}: the harness itself failed (exit 2; if something is missing, run {SETUP}):\n{report}"
        ),
        Some(c) => panic!("{test}: {script} exited with {c}:\n{report}"),
        None if out.status.is_none() => {
            panic!("{test}: timed out after {CHECK_TIMEOUT:?}:\n{report}")
        }
        None => panic!(
            "{test}: {script} was killed by a signal ({:?}):\n{report}",
            out.status
        ),
    }
}

/// A copy of tests/fixtures/basic under target/tmp, for a harness to edit.
fn site_copy(prefix: &str) -> (tempfile::TempDir, PathBuf) {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(base).expect("create CARGO_TARGET_TMPDIR");
    remove_day_old(base, prefix);
    let tmp = tempfile::Builder::new()
        .prefix(prefix)
        .tempdir_in(base)
        .expect("temp dir");
    let site = tmp.path().join("site");
    copy_dir(&Path::new(REPO).join("tests/fixtures/basic"), &site);
    (tmp, site)
}

/// The translation status page in a real browser (`tests/browser/status-check.mjs`): axe-core
/// finds nothing on it, it shows a translation going out of date after a save without a
/// reload, and the error overlay links to it.
#[test]
fn the_status_page_is_accessible_and_follows_saves_in_a_real_browser() {
    let test = "serve-status-browser";
    if !require(test) {
        return;
    }
    let _lock = browser_lock();
    let (tmp, site) = site_copy("esite-serve-status-");
    let marked = Command::new(env!("CARGO_BIN_EXE_esite"))
        .arg("--site")
        .arg(&site)
        .args(["translated", "content/services/perhetyo/en.md"])
        .output()
        .expect("run esite translated");
    assert!(
        marked.status.success(),
        "{}",
        String::from_utf8_lossy(&marked.stderr)
    );
    let server = Server::start(&site);
    let out = run(
        Command::new("node")
            .arg(browser_dir().join("status-check.mjs"))
            .args(["--url", &server.url, "--site"])
            .arg(&site)
            .current_dir(REPO),
        CHECK_TIMEOUT,
    );
    let server_log = server.stderr();
    drop(server);
    judge(test, "status-check.mjs", out, &server_log, tmp);
}
