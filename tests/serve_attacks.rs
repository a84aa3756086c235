//! The preview server against a hostile neighbour (issue #15): each test is one attack the
//! probe of the old server found, run against `esite serve` as a separate process, and what
//! must hold afterwards. All traffic goes to 127.0.0.1; every loop is bounded; timeouts
//! are generous and only say "it did not answer at all".

mod support;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, mpsc};
use std::time::{Duration, Instant};
use support::*;

/// A running `esite serve --port 0` on a copy of the basic fixture; killed when dropped.
struct Esite {
    child: Child,
    addr: SocketAddr,
    stderr: Arc<Mutex<String>>,
    _site: tempfile::TempDir,
}

impl Esite {
    fn start(extra: &[&str]) -> Esite {
        Esite::start_with(None, extra)
    }

    /// With `nofile`, under that open-file limit (soft and hard), set by prlimit.
    fn start_with(nofile: Option<u32>, extra: &[&str]) -> Esite {
        let site = fixture_copy("basic");
        let exe = env!("CARGO_BIN_EXE_esite");
        let mut cmd = match nofile {
            Some(n) => {
                let mut c = Command::new("prlimit");
                c.arg(format!("--nofile={n}:{n}")).arg(exe);
                c
            }
            None => Command::new(exe),
        };
        cmd.args(["serve", "--port", "0", "--site"])
            .arg(site.path())
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped());
        let mut child = cmd.spawn().expect("esite serve starts");
        let stderr = Arc::new(Mutex::new(String::new()));
        let mut err = child.stderr.take().unwrap();
        let sink = stderr.clone();
        std::thread::spawn(move || {
            let mut buf = [0u8; 4096];
            while let Ok(n @ 1..) = err.read(&mut buf) {
                sink.lock()
                    .unwrap()
                    .push_str(&String::from_utf8_lossy(&buf[..n]));
            }
        });
        let (tx, rx) = mpsc::channel();
        let out = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            // Keeps reading after the ready line, so the server never blocks on the pipe.
            for line in BufReader::new(out).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let deadline = Instant::now() + Duration::from_secs(60);
        let addr = loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match rx.recv_timeout(left) {
                Ok(line) => {
                    if let Some(url) = line.strip_prefix("Serving the preview at http://") {
                        break url.split('/').next().unwrap().parse().unwrap();
                    }
                }
                Err(_) => {
                    let _ = child.kill();
                    panic!(
                        "esite serve did not start: {}",
                        stderr.lock().unwrap().clone()
                    );
                }
            }
        };
        Esite {
            child,
            addr,
            stderr,
            _site: site,
        }
    }

    fn pid(&self) -> u32 {
        self.child.id()
    }

    fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    fn assert_alive(&mut self) {
        assert!(
            self.child.try_wait().unwrap().is_none(),
            "esite serve exited: {}",
            self.stderr()
        );
        assert!(!self.stderr().contains("panicked"), "{}", self.stderr());
    }

    fn get(&self, path: &str) -> std::io::Result<(u16, Vec<u8>)> {
        request(self.addr, path, "127.0.0.1")
    }

    /// Asks until a page comes, for `within` at most: the server may need a moment to close
    /// what an attack left open.
    fn page_within(&self, within: Duration) -> u16 {
        let until = Instant::now() + within;
        loop {
            match self.get("/fi/") {
                Ok((status, _)) => return status,
                Err(e) if Instant::now() > until => panic!("no page within {within:?}: {e}"),
                Err(_) => std::thread::sleep(Duration::from_millis(200)),
            }
        }
    }

    /// The server's resident memory, from /proc.
    fn rss_kib(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid())).unwrap();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.split_whitespace().next())
            .and_then(|v| v.parse().ok())
            .expect("VmRSS in /proc/PID/status")
    }

    fn open_files(&self) -> usize {
        std::fs::read_dir(format!("/proc/{}/fd", self.pid()))
            .map(|d| d.count())
            .unwrap_or(0)
    }

    /// Sends SIGINT, as Ctrl-C in the terminal does.
    fn interrupt(&self) {
        let ok = Command::new("kill")
            .args(["-INT", &self.pid().to_string()])
            .status()
            .unwrap()
            .success();
        assert!(ok, "kill -INT failed");
    }

    fn wait_exit(&mut self, within: Duration) -> Option<std::process::ExitStatus> {
        let until = Instant::now() + within;
        while Instant::now() < until {
            if let Some(status) = self.child.try_wait().unwrap() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for Esite {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One GET with `Connection: close`; the status and the raw body.
fn request(addr: SocketAddr, path: &str, host: &str) -> std::io::Result<(u16, Vec<u8>)> {
    let mut stream = TcpStream::connect(addr)?;
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
    )?;
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw)?;
    let text = String::from_utf8_lossy(&raw);
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| std::io::Error::other(format!("no response: {text:?}")))?;
    let body = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .map_or(Vec::new(), |i| raw[i + 4..].to_vec());
    Ok((status, body))
}

/// The old server handed one connection's pipelined requests to all 8 of its threads, each
/// then stuck writing to a client that never reads: every other tab timed out.
#[test]
fn a_client_that_pipelines_and_never_reads_does_not_block_the_others() {
    let mut esite = Esite::start(&[]);
    let addr = esite.addr;
    let mut hog = TcpStream::connect(addr).unwrap();
    hog.set_write_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let pipelined = "GET /fi/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".repeat(600);
    // The server may stop reading once its answers back up; what was written is enough.
    let _ = hog.write_all(pipelined.as_bytes());
    std::thread::sleep(Duration::from_millis(500));
    for _ in 0..20 {
        let (status, body) = esite.get("/fi/").expect("another client gets its page");
        assert_eq!(status, 200);
        assert!(!body.is_empty());
    }
    assert_eq!(esite.get("/__esite/no-such").unwrap().0, 404);
    esite.assert_alive();
    drop(hog);
}

/// Under the common limit of 1,024 open files, 512 idle connections made the old server's
/// accept thread panic ("Too many open files") and refuse connections for good.
#[test]
fn idle_connections_under_a_low_open_file_limit_do_not_stop_the_server() {
    if !command_works("prlimit", "--version") {
        assert!(!in_ci(), "prlimit (util-linux) is missing");
        eprintln!("skipped: prlimit (util-linux) is missing");
        return;
    }
    let mut esite = Esite::start_with(Some(1024), &[]);
    let addr = esite.addr;
    let mut idle: Vec<TcpStream> = (0..500)
        .map(|_| TcpStream::connect(addr).unwrap())
        .collect();
    assert_eq!(esite.page_within(Duration::from_secs(10)), 200);
    esite.assert_alive();

    // Past the server's cap (three quarters of the limit): the extra ones are closed at
    // once instead of taking the descriptors the process needs.
    for _ in 0..350 {
        match TcpStream::connect(addr) {
            Ok(s) => idle.push(s),
            Err(_) => break,
        }
    }
    std::thread::sleep(Duration::from_millis(500));
    let open = esite.open_files();
    assert!(open < 1000, "the server holds {open} open files");
    esite.assert_alive();
    assert!(
        esite.stderr().contains("too many open connections"),
        "{}",
        esite.stderr()
    );

    drop(idle);
    assert_eq!(esite.page_within(Duration::from_secs(20)), 200);
    esite.assert_alive();
}

/// With so few descriptors that the connection cap is above what is left, accept() itself
/// fails (EMFILE): the server says so, waits, and serves again once connections close.
#[test]
fn running_out_of_descriptors_backs_off_and_keeps_accepting() {
    if !command_works("prlimit", "--version") {
        assert!(!in_ci(), "prlimit (util-linux) is missing");
        eprintln!("skipped: prlimit (util-linux) is missing");
        return;
    }
    let mut esite = Esite::start_with(Some(32), &[]);
    let addr = esite.addr;
    let idle: Vec<TcpStream> = (0..40).map(|_| TcpStream::connect(addr).unwrap()).collect();
    let until = Instant::now() + Duration::from_secs(10);
    while !esite.stderr().contains("cannot accept connections") {
        assert!(Instant::now() < until, "no warning: {}", esite.stderr());
        std::thread::sleep(Duration::from_millis(50));
    }
    esite.assert_alive();
    drop(idle);
    assert_eq!(esite.page_within(Duration::from_secs(20)), 200);
    esite.assert_alive();
}

/// The old server had no limit on a header line: four unfinished 128 MiB lines added
/// 515 MiB, kept after the connections closed.
#[test]
fn a_huge_header_line_is_refused_without_memory_growth() {
    let mut esite = Esite::start(&[]);
    let addr = esite.addr;
    let attempt = move || {
        let mut s = TcpStream::connect(addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s.set_write_timeout(Some(Duration::from_secs(10))).unwrap();
        let mut head = b"GET /fi/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Fill: ".to_vec();
        head.resize(head.len() + (1 << 20), b'a');
        // The server stops reading and closes long before the line ends.
        let _ = s.write_all(&head);
        let mut answer = Vec::new();
        match s.read_to_end(&mut answer) {
            Ok(_) => {
                let text = String::from_utf8_lossy(&answer);
                assert!(
                    answer.is_empty() || text.starts_with("HTTP/1.1 431"),
                    "{text}"
                );
            }
            Err(e) => assert!(
                !matches!(
                    e.kind(),
                    std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
                ),
                "the server kept the connection open: {e}"
            ),
        }
    };
    // Warm up, so the baseline includes what any first request allocates.
    attempt();
    assert_eq!(esite.get("/fi/").unwrap().0, 200);
    let before = esite.rss_kib();
    for _ in 0..4 {
        let round: Vec<_> = (0..4).map(|_| std::thread::spawn(attempt)).collect();
        for t in round {
            t.join().unwrap();
        }
    }
    assert_eq!(esite.get("/fi/").unwrap().0, 200);
    let after = esite.rss_kib();
    assert!(
        after < before + 4 * 1024,
        "16 MiB of header lines grew the server from {before} to {after} KiB"
    );
    esite.assert_alive();
}

/// Idle connections are closed after 10 s; an event stream, idle by design between
/// rebuilds, is not: it outlives that and hears the 15 s keep-alive comment.
#[test]
fn event_streams_are_not_closed_as_idle() {
    let mut esite = Esite::start(&[]);
    let idle = TcpStream::connect(esite.addr).unwrap();
    let mut stream = TcpStream::connect(esite.addr).unwrap();
    write!(
        stream,
        "GET /__esite/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    let mut seen = String::new();
    let mut chunk = [0u8; 4096];
    while !seen.contains(": keep-alive") {
        let n = stream.read(&mut chunk).expect("the stream stays open");
        assert!(n > 0, "the stream was closed: {seen}");
        seen.push_str(&String::from_utf8_lossy(&chunk[..n]));
    }
    // The connection that never sent a request was closed meanwhile.
    idle.set_read_timeout(Some(Duration::from_secs(1))).unwrap();
    assert_eq!((&idle).read(&mut chunk).ok(), Some(0));
    esite.assert_alive();
}

/// The old server printed "Stopping the preview." and kept running; it took 8 SIGINTs.
#[test]
fn one_ctrl_c_stops_the_preview_with_open_streams() {
    let mut esite = Esite::start(&[]);
    let mut stream = TcpStream::connect(esite.addr).unwrap();
    write!(
        stream,
        "GET /__esite/events?path=%2Ffi%2F HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
    )
    .unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut seen = Vec::new();
    let mut chunk = [0u8; 4096];
    while !String::from_utf8_lossy(&seen).contains("event: hello") {
        let n = stream.read(&mut chunk).expect("the hello event");
        assert!(n > 0);
        seen.extend_from_slice(&chunk[..n]);
    }
    // A kept-alive connection, idle between requests, and one that sent nothing yet.
    let mut kept = TcpStream::connect(esite.addr).unwrap();
    write!(kept, "GET /fi/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n").unwrap();
    let _ = kept.read(&mut chunk).unwrap();
    let _silent = TcpStream::connect(esite.addr).unwrap();

    esite.interrupt();
    let status = esite
        .wait_exit(Duration::from_secs(10))
        .expect("esite serve still runs after one SIGINT");
    assert_eq!(status.code(), Some(0), "{}", esite.stderr());
    assert_eq!(esite.stderr().matches("Stopping the preview.").count(), 1);
    // The stream was ended, not left hanging.
    let mut rest = Vec::new();
    let _ = stream.read_to_end(&mut rest);
}

/// The old server only warned about a wider --bind, and served a LAN client that sent
/// `Host: localhost`. Nothing is bound here: the check comes first.
#[test]
fn a_wider_bind_needs_allow_host() {
    for bind in ["0.0.0.0", "::"] {
        let site = fixture_copy("basic");
        let out = run(
            Command::new(env!("CARGO_BIN_EXE_esite"))
                .args(["serve", "--port", "0", "--bind", bind, "--site"])
                .arg(site.path()),
            Duration::from_secs(30),
        );
        assert_eq!(out.status.and_then(|s| s.code()), Some(2), "{}", out.stderr);
        assert!(
            out.stderr.contains("--allow-host") && out.stderr.contains("other machines"),
            "{}",
            out.stderr
        );
        assert!(!out.stdout.contains("Serving"), "{}", out.stdout);
    }
}

/// DNS rebinding: a page elsewhere that gets the browser to send its requests here carries
/// its own host name. (Which names a peer on another machine may use is in the unit tests
/// of `serve::http`: this test can only connect from loopback.)
#[test]
fn requests_for_other_host_names_are_refused() {
    let esite = Esite::start(&["--allow-host", "preview.test"]);
    let addr = esite.addr;
    for host in [
        "evil.example",
        "127.0.0.1.evil.example",
        "localhost.evil.example:80",
        "0.0.0.0",
        "[::]",
    ] {
        let (status, body) = request(addr, "/fi/", host).unwrap();
        assert_eq!(status, 403, "{host}");
        assert!(!String::from_utf8_lossy(&body).contains("<html"), "{host}");
    }
    for host in [
        "127.0.0.1",
        "localhost",
        "preview.test",
        "PREVIEW.test:1111",
    ] {
        assert_eq!(request(addr, "/fi/", host).unwrap().0, 200, "{host}");
    }
    // No Host at all (HTTP/1.0 allows it): refused too.
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(s, "GET /fi/ HTTP/1.0\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    s.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw);
    assert!(
        text.starts_with("HTTP/1.0 403") || text.starts_with("HTTP/1.1 403"),
        "{text}"
    );
}

/// With a wider bind, pages and the printed address use the allowed host name: "any
/// address" (0.0.0.0) is no address a browser or a colleague can open.
#[test]
fn a_wider_bind_is_announced_and_linked_by_its_allowed_name() {
    let site = fixture_copy("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_esite"))
        .args(["serve", "--port", "0", "--bind", "0.0.0.0"])
        .args(["--allow-host", "preview.test", "--site"])
        .arg(site.path())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("esite serve starts");
    let out = child.stdout.take().unwrap();
    let first = BufReader::new(out).lines().map_while(Result::ok).next();
    let _ = child.kill();
    let _ = child.wait();
    let first = first.unwrap_or_default();
    assert!(
        first.starts_with("Serving the preview at http://preview.test:"),
        "{first}"
    );
}
