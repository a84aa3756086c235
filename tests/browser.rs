//! Browser checks of the example site, driven by the Node harness in `tests/browser/`.
//!
//! The site in this repository is built once per test process with
//! `esite build --site <repo> --output <tmp>/out --base-url http://127.0.0.1/`, and then
//! `tests/browser/check-site.mjs` serves it on 127.0.0.1 and checks it:
//!
//! * `a11y`: axe-core (WCAG 2.0/2.1 A and AA) on every page at 1280x800 and 320x640, one h1,
//!   no horizontal scrolling at 320 px, no broken or off-site sub-resources;
//! * `vnu`: the Nu Html Checker over the whole output, errors only;
//! * `keyboard`: skip link, Tab order and focus indicators on two service pages;
//! * `phone`: on every service page (fi and en) at 375x800, the first phone link or the region
//!   chooser of the call box lies within the first screen.
//!
//! `search-check.mjs` types into the site search as a resident would (keyboard only, and with
//! JavaScript off).
//!
//! A fourth test runs the harness's self-test, which proves it fails on broken fixtures, and a
//! fifth runs `a11y` and `vnu` over a site made by `esite init --languages fi,sv,en`.
//!
//! The checks need Chromium (/usr/bin/chromium), Node 20+, Java and tests/browser/node_modules;
//! `scripts/setup-test-deps.sh` installs what is missing. Without them the tests are skipped
//! with a message, except when `CI=true`, where they fail.

mod support;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Mutex, MutexGuard, OnceLock};
use std::time::Duration;
use support::*;

const REPO: &str = env!("CARGO_MANIFEST_DIR");
const SETUP: &str = "scripts/setup-test-deps.sh";
const BUILD_TIMEOUT: Duration = Duration::from_secs(5 * 60);
const CHECK_TIMEOUT: Duration = Duration::from_secs(15 * 60);
const KEYBOARD_PAGES: &[&str] = &["/fi/palvelut/perhetyo/", "/en/services/family-work/"];

fn browser_dir() -> PathBuf {
    Path::new(REPO).join("tests").join("browser")
}

#[derive(Clone, Copy, PartialEq)]
enum Need {
    Chromium,
    Java,
}

/// What is missing for a check, as human-readable lines.
fn missing(needs: &[Need]) -> Vec<String> {
    let mut out = Vec::new();
    if !command_works("node", "--version") {
        out.push("node (Node.js 20+) is not on PATH".to_string());
    }
    let nm = browser_dir().join("node_modules");
    let mut files = vec!["axe-core/axe.min.js"];
    if needs.contains(&Need::Chromium) {
        files.push("playwright-core/package.json");
    }
    if needs.contains(&Need::Java) {
        files.push("vnu-jar/build/dist/vnu.jar");
    }
    for f in files {
        if !nm.join(f).is_file() {
            out.push(format!("tests/browser/node_modules/{f} is missing"));
        }
    }
    if needs.contains(&Need::Chromium) {
        let chromium =
            std::env::var("CHROMIUM_PATH").unwrap_or_else(|_| "/usr/bin/chromium".into());
        if !Path::new(&chromium).is_file() {
            out.push(format!("{chromium} is missing (apt-get install chromium)"));
        }
    }
    if needs.contains(&Need::Java) && !command_works("java", "-version") {
        out.push("java is not on PATH (the Nu Html Checker needs Java 11+)".to_string());
    }
    out
}

/// True when the test can run. Outside CI a missing dependency skips the test with a message on
/// stderr; with CI=true it fails the test.
fn require(test: &str, needs: &[Need]) -> bool {
    require_or_skip(test, missing(needs), SETUP)
}

/// One browser-driving test at a time: the machine has 2 cores and the harness already runs
/// two pages concurrently. (vnu runs in Java and does not take this lock.)
fn browser_lock() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    LOCK.lock().unwrap_or_else(|e| e.into_inner())
}

impl Output {
    fn text(&self) -> String {
        let mut s = String::new();
        if !self.stdout.trim().is_empty() {
            s.push_str(&self.stdout);
        }
        if !self.stderr.trim().is_empty() {
            s.push_str("\n--- stderr ---\n");
            s.push_str(&self.stderr);
        }
        s
    }
}

fn contains_html(dir: &Path) -> bool {
    std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .any(|e| {
            let p = e.path();
            if p.is_dir() {
                contains_html(&p)
            } else {
                p.extension().is_some_and(|x| x == "html")
            }
        })
}

/// A folder for one test's site and output, kept after the run (under target/tmp) so a
/// failing page can be looked at.
fn kept_dir() -> Result<PathBuf, String> {
    let base = Path::new(env!("CARGO_TARGET_TMPDIR"));
    std::fs::create_dir_all(base).map_err(|e| format!("create {}: {e}", base.display()))?;
    remove_day_old(base, "esite-browser-");
    Ok(tempfile::Builder::new()
        .prefix("esite-browser-")
        .tempdir_in(base)
        .map_err(|e| format!("temp dir in {}: {e}", base.display()))?
        .keep())
}

fn build_site() -> Result<PathBuf, String> {
    let dir = kept_dir()?;
    build(Path::new(REPO), &dir.join("out"))
}

/// Builds `site` into `out_dir` for the harness.
fn build(site: &Path, out_dir: &Path) -> Result<PathBuf, String> {
    let out_dir = out_dir.to_path_buf();
    let out = run(
        Command::new(env!("CARGO_BIN_EXE_esite"))
            .arg("build")
            .arg("--site")
            .arg(site)
            .arg("--output")
            .arg(&out_dir)
            .args(["--base-url", "http://127.0.0.1/"])
            .current_dir(REPO),
        BUILD_TIMEOUT,
    );
    match out.status {
        Some(s) if s.success() => {}
        Some(s) => return Err(format!("`esite build` failed ({s}):\n{}", out.text())),
        None => {
            return Err(format!(
                "`esite build` did not finish in {BUILD_TIMEOUT:?}:\n{}",
                out.text()
            ));
        }
    }
    if !contains_html(&out_dir) {
        return Err(format!(
            "`esite build` succeeded but wrote no .html files under {}:\n{}",
            out_dir.display(),
            out.text()
        ));
    }
    eprintln!(
        "built the site into {} in {:.1?}",
        out_dir.display(),
        out.elapsed
    );
    Ok(out_dir)
}

/// The example site, built once per test process.
fn site() -> PathBuf {
    static SITE: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match SITE.get_or_init(build_site) {
        Ok(p) => p.clone(),
        Err(e) => panic!("{e}"),
    }
}

/// Runs a harness script under tests/browser and fails the test with its report unless it exits 0.
fn run_harness(what: &str, script: &str, args: &[&str]) {
    let out = run(
        Command::new("node")
            .arg(browser_dir().join(script))
            .args(args)
            .current_dir(REPO),
        CHECK_TIMEOUT,
    );
    let report = out.text();
    match out.status.and_then(|s| s.code()) {
        Some(0) => {
            let summary = report
                .lines()
                .rev()
                .find(|l| l.starts_with("esite-check-summary"));
            eprintln!(
                "{what}: ok in {:.1?} {}",
                out.elapsed,
                summary.unwrap_or("")
            );
        }
        Some(1) => panic!("{what}: problems found ({:.1?}):\n{report}", out.elapsed),
        Some(2) => panic!(
            "{what}: the harness itself failed (exit 2; if something is missing, run {SETUP}):\n{report}"
        ),
        Some(c) => panic!("{what}: exited with {c}:\n{report}"),
        None if out.status.is_none() => {
            panic!("{what}: timed out after {CHECK_TIMEOUT:?}:\n{report}")
        }
        None => panic!("{what}: killed by a signal ({:?}):\n{report}", out.status),
    }
}

fn check_site(what: &str, args: &[&str]) {
    check_output(what, &site(), args);
}

fn check_output(what: &str, dir: &Path, args: &[&str]) {
    let dir = dir.to_str().expect("temp path is UTF-8");
    let mut all = vec![dir];
    all.extend_from_slice(args);
    run_harness(what, "check-site.mjs", &all);
}

#[test]
fn site_passes_axe_at_desktop_and_320px() {
    if !require("a11y", &[Need::Chromium]) {
        return;
    }
    let _lock = browser_lock();
    check_site("a11y", &["--mode", "a11y"]);
}

#[test]
fn site_html_is_valid_per_nu_checker() {
    if !require("vnu", &[Need::Java]) {
        return;
    }
    check_site("vnu", &["--mode", "vnu"]);
}

#[test]
fn service_pages_work_with_keyboard() {
    if !require("keyboard", &[Need::Chromium]) {
        return;
    }
    let _lock = browser_lock();
    let mut args = vec!["--mode", "keyboard"];
    for p in KEYBOARD_PAGES {
        args.extend(["--keyboard-page", p]);
    }
    check_site("keyboard", &args);
}

/// Phone first: every service page of the example site, in Finnish and English, shows how to
/// call within the first 800 px of a 375x800 phone screen.
#[test]
fn service_pages_show_a_phone_number_in_the_first_screen() {
    if !require("phone", &[Need::Chromium]) {
        return;
    }
    let site = site();
    let mut pages = Vec::new();
    for section in ["fi/palvelut", "en/services"] {
        let dir = site.join(section);
        let mut found: Vec<String> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .flatten()
            .filter(|e| e.path().join("index.html").is_file())
            .map(|e| format!("/{section}/{}/", e.file_name().to_string_lossy()))
            .collect();
        assert!(
            !found.is_empty(),
            "no service pages under {}",
            dir.display()
        );
        found.sort();
        pages.extend(found);
    }
    let mut args = vec!["--mode", "phone"];
    for p in &pages {
        args.extend(["--phone-page", p.as_str()]);
    }
    let _lock = browser_lock();
    check_site("phone", &args);
}

/// Find by need (issue #17): with the keyboard only, "perhe" typed on the home page finds the
/// family-work services, "kotiin apua" and the keyword "kotiapu" find home help, axe-core is
/// clean on the results; with JavaScript off the search page links to every service.
#[test]
fn search_finds_services_by_need_with_the_keyboard_and_leads_everywhere_without_javascript() {
    if !require("search", &[Need::Chromium]) {
        return;
    }
    let site = site();
    let _lock = browser_lock();
    run_harness(
        "search",
        "search-check.mjs",
        &[site.to_str().expect("temp path is UTF-8")],
    );
}

/// The site `esite init` makes is what editors start from: it must pass the same checks.
#[test]
fn a_site_made_by_init_passes_axe_and_the_nu_checker() {
    if !require("init-site", &[Need::Chromium, Need::Java]) {
        return;
    }
    let dir = kept_dir().unwrap_or_else(|e| panic!("{e}"));
    let site = dir.join("site");
    let made = run(
        Command::new(env!("CARGO_BIN_EXE_esite"))
            .arg("init")
            .arg(&site)
            .args(["--languages", "fi,sv,en"]),
        BUILD_TIMEOUT,
    );
    assert!(
        made.status.is_some_and(|s| s.success()),
        "esite init failed:\n{}",
        made.text()
    );
    let out = build(&site, &dir.join("out")).unwrap_or_else(|e| panic!("{e}"));
    check_output("init-site vnu", &out, &["--mode", "vnu"]);
    let _lock = browser_lock();
    check_output("init-site a11y", &out, &["--mode", "a11y"]);
}

#[test]
fn harness_selftest_passes_good_and_fails_bad_fixtures() {
    if !require("selftest", &[Need::Chromium, Need::Java]) {
        return;
    }
    let _lock = browser_lock();
    run_harness("selftest", "selftest.mjs", &[]);
}

/// A picture beside a service's Markdown loads (HTTP 200, naturalWidth > 0) on the web page,
/// the leaflet and the booklet, each in its own folder; axe passes on them too.
#[test]
fn a_picture_beside_the_markdown_loads_on_web_leaflet_and_booklet() {
    if !require("picture", &[Need::Chromium]) {
        return;
    }
    let site = fixture_copy("basic");
    let dir = site.path().join("content/services/perhetyo");
    std::fs::copy(
        Path::new(REPO).join("tests/fixtures/picture.png"),
        dir.join("kuva.png"),
    )
    .unwrap();
    let md = std::fs::read_to_string(dir.join("fi.md")).unwrap();
    std::fs::write(
        dir.join("fi.md"),
        format!("{md}\n![Perhetyöntekijä ja lapsi rakentavat palikoista tornia](kuva.png)\n"),
    )
    .unwrap();
    let out_dir = site.path().join("out");
    let out = run(
        Command::new(env!("CARGO_BIN_EXE_esite"))
            .args(["build", "--site"])
            .arg(site.path())
            .arg("--output")
            .arg(&out_dir)
            .args(["--base-url", "http://127.0.0.1/"]),
        BUILD_TIMEOUT,
    );
    assert!(out.status.is_some_and(|s| s.success()), "{}", out.text());
    let _lock = browser_lock();
    run_harness(
        "picture",
        "check-site.mjs",
        &[
            out_dir.to_str().unwrap(),
            "--mode",
            "a11y",
            "--page",
            "/fi/palvelut/perhetyo/",
            "--page",
            "/fi/palvelut/perhetyo/tulosta/testialue/",
            "--page",
            "/fi/alueet/testialue/tulosta/",
        ],
    );
}
