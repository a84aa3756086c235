//! Helpers shared by the integration tests: where the repository is, and fresh copies of the
//! fixture sites that a test may break without touching the others.
#![allow(dead_code)] // each test file uses its own part of this

use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitStatus, Stdio};
use std::time::{Duration, Instant};

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of `tests/fixtures/<name>` in a new temporary folder.
pub fn fixture_copy(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("tests/fixtures").join(name), dir.path());
    dir
}

/// Adds Swedish as the third language of a copy of the basic fixture (fi, en).
pub fn add_swedish(site: &Path) {
    let yaml = site.join("content/site.yaml");
    let text = fs::read_to_string(&yaml).unwrap().replacen(
        "  - code: en\n    name: In English\n",
        "  - code: en\n    name: In English\n  - code: sv\n    name: På svenska\n",
        1,
    );
    fs::write(&yaml, text).unwrap();
}

/// Runs esite with `args` on the site at `site`.
pub fn esite_on(site: &Path, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(args)
        .arg("--site")
        .arg(site)
        .output()
        .expect("esite runs")
}

pub fn stderr_of(o: &std::process::Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `esite build` of `site` into `site/output`: what it said, and the output folder.
pub fn build_site(site: &Path) -> (std::process::Output, PathBuf) {
    let out = site.join("output");
    let o = Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(["build", "--site"])
        .arg(site)
        .arg("--output")
        .arg(&out)
        .env("NO_COLOR", "1")
        .output()
        .expect("esite runs");
    (o, out)
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1")
}

pub fn command_works(program: &str, arg: &str) -> bool {
    Command::new(program)
        .arg(arg)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

pub struct Output {
    pub status: Option<ExitStatus>,
    pub stdout: String,
    pub stderr: String,
    pub elapsed: Duration,
}

/// Runs a command with piped output, killing it after `timeout` (status is then None).
pub fn run(cmd: &mut Command, timeout: Duration) -> Output {
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {cmd:?}: {e}"));
    let drain = |mut r: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let _ = r.read_to_end(&mut buf);
            String::from_utf8_lossy(&buf).into_owned()
        })
    };
    let out = drain(Box::new(child.stdout.take().expect("stdout")));
    let err = drain(Box::new(child.stderr.take().expect("stderr")));
    let status = loop {
        match child.try_wait() {
            Ok(Some(s)) => break Some(s),
            Ok(None) if start.elapsed() > timeout => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("waiting for {cmd:?}: {e}"),
        }
    };
    Output {
        status,
        stdout: out.join().unwrap_or_default(),
        stderr: err.join().unwrap_or_default(),
        elapsed: start.elapsed(),
    }
}

/// True when a browser test can run. Outside CI a missing dependency skips the test with a
/// message on stderr; with CI=true it fails the test, so CI never passes by skipping.
pub fn require_or_skip(test: &str, missing: Vec<String>, setup: &str) -> bool {
    if missing.is_empty() {
        return true;
    }
    let list = missing.join("\n  - ");
    if in_ci() {
        panic!(
            "{test}: browser test dependencies are missing (CI=true, so this fails instead of skipping):\n  - {list}\nInstall them with {setup}"
        );
    }
    eprintln!("{test}: skipped: run {setup} (missing:\n  - {list})");
    false
}

/// Removes folders under `base` whose name starts with `prefix` once they are a day old:
/// browser tests keep their site copies and builds after a failure, for inspection.
#[allow(dead_code)] // not every test binary that includes this module uses it
pub fn remove_day_old(base: &Path, prefix: &str) {
    let day = Duration::from_secs(24 * 60 * 60);
    for entry in std::fs::read_dir(base).into_iter().flatten().flatten() {
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| std::time::SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > day);
        if old && entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = std::fs::remove_dir_all(entry.path());
        }
    }
}

/// A raw HTTP/1.1 request, so tests control the Host header and the exact path bytes.
pub fn request(addr: std::net::SocketAddr, method: &str, path: &str, host: &str) -> (u16, Vec<u8>) {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    write!(
        stream,
        "{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let head_end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .expect("a response head")
        + 4;
    let head = String::from_utf8_lossy(&raw[..head_end]).into_owned();
    let status: u16 = head.split(' ').nth(1).unwrap().parse().unwrap();
    let mut body = raw[head_end..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    (status, body)
}

pub fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    loop {
        let line_end = data.windows(2).position(|w| w == b"\r\n").unwrap();
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..line_end]).unwrap().trim(), 16)
                .unwrap();
        if size == 0 {
            return out;
        }
        out.extend_from_slice(&data[line_end + 2..line_end + 2 + size]);
        data = &data[line_end + 2 + size + 2..];
    }
}

/// A page as the preview serves it, without the live-reload script a build does not have.
pub fn strip_reload_script(html: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(html);
    match (text.find("<script>"), text.rfind("</script>")) {
        (Some(a), Some(b)) => {
            format!("{}{}", &text[..a], &text[b + "</script>".len()..]).into_bytes()
        }
        _ => html.to_vec(),
    }
}

/// Every file `esite build` writes for `site` at `base_url`, by path.
pub fn fresh_build(site: &Path, base_url: &str) -> std::collections::BTreeMap<String, Vec<u8>> {
    let out = site.join("fresh");
    let o = Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(["build", "--site", site.to_str().unwrap()])
        .args(["--output", out.to_str().unwrap(), "--base-url", base_url])
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    walkdir::WalkDir::new(&out)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap().to_string_lossy();
            (rel.into_owned(), fs::read(e.path()).unwrap())
        })
        .collect()
}

/// What a tab's event stream says on connecting, read for `wait`.
pub fn read_events(addr: std::net::SocketAddr, wait: Duration) -> String {
    use std::io::Write;
    let mut stream = std::net::TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(wait)).unwrap();
    write!(
        stream,
        "GET /__esite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    let mut buf = Vec::new();
    let mut chunk = [0u8; 4096];
    while let Ok(n) = stream.read(&mut chunk) {
        if n == 0 {
            break;
        }
        buf.extend_from_slice(&chunk[..n]);
    }
    String::from_utf8_lossy(&buf).into_owned()
}
