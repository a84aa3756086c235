//! `esite serve --poll`: the preview notices saves by looking at the files' times, for folders
//! whose changes the system does not report (network drives, OneDrive, WSL).

mod support;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};
use support::*;

/// The running `esite serve`, killed when the test ends, even by a panic.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Every line the program writes, from both streams, as it comes.
fn lines(child: &mut Child) -> mpsc::Receiver<String> {
    let (tx, rx) = mpsc::channel();
    let out: Box<dyn Read + Send> = Box::new(child.stdout.take().expect("stdout"));
    let err: Box<dyn Read + Send> = Box::new(child.stderr.take().expect("stderr"));
    for stream in [out, err] {
        let tx = tx.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines() {
                let Ok(line) = line else { break };
                let _ = tx.send(line);
            }
        });
    }
    rx
}

/// Waits for a line containing `text`; returns it with everything read until then.
fn wait_for(rx: &mpsc::Receiver<String>, text: &str, seen: &mut String) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        match rx.recv_timeout(left) {
            Ok(line) => {
                seen.push_str(&line);
                seen.push('\n');
                if line.contains(text) {
                    return line;
                }
            }
            Err(_) => panic!("no line with '{text}' within 20 s; the preview said:\n{seen}"),
        }
    }
}

fn get(addr: &str, path: &str) -> String {
    let (_, body) = request(addr.parse().unwrap(), "GET", path, "127.0.0.1");
    String::from_utf8_lossy(&body).into_owned()
}

#[test]
fn serve_poll_rebuilds_after_a_save() {
    let site = fixture_copy("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(["serve", "--poll", "--port", "0", "--site"])
        .arg(site.path())
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("esite serve starts");
    let rx = lines(&mut child);
    let _running = Running(child);
    let mut seen = String::new();
    let ready = wait_for(&rx, "Serving the preview at http://", &mut seen);
    let addr = ready
        .split("http://")
        .nth(1)
        .and_then(|rest| rest.split('/').next())
        .expect("an address")
        .to_string();
    assert!(get(&addr, "/fi/palvelut/perhetyo/").contains("Perhetyö tukee vanhemmuutta."));

    let md = site.path().join("content/services/perhetyo/fi.md");
    let text = std::fs::read_to_string(&md).unwrap();
    std::fs::write(
        &md,
        text.replace(
            "Perhetyö tukee vanhemmuutta.",
            "Perhetyö tukee koko perhettä.",
        ),
    )
    .unwrap();
    let line = wait_for(&rx, "rebuilt", &mut seen);
    assert!(
        line.starts_with("content/services/perhetyo/fi.md changed: rebuilt"),
        "names the saved file, not its folder: {line}"
    );
    assert!(get(&addr, "/fi/palvelut/perhetyo/").contains("Perhetyö tukee koko perhettä."));
}
