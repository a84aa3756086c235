//! One headless Chromium for a whole `esite pdf` run, driven over the DevTools protocol. The
//! protocol runs on two pipes (`--remote-debugging-pipe`: Chromium reads commands from its
//! descriptor 3 and writes answers to 4, each message JSON ended by a NUL byte), so no port is
//! opened and no WebSocket client is needed. Starting Chromium took most of the time when
//! every PDF started its own.

use serde_json::{Value, json};
use std::collections::HashMap;
use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// A running Chromium and the protocol's two pipes.
pub struct Browser {
    child: Child,
    to_browser: Mutex<File>,
    next_id: AtomicU64,
    /// Who waits for the answer to each command, and for events by session.
    waiting: Arc<Mutex<Waiting>>,
    reader: Option<std::thread::JoinHandle<()>>,
}

#[derive(Default)]
struct Waiting {
    answers: HashMap<u64, Sender<Value>>,
    /// Session id → where its events go.
    events: HashMap<String, Sender<Value>>,
    /// Set when Chromium's end of the pipe closed: nothing more will come.
    closed: bool,
}

/// What went wrong, in words for the editor (the caller names the page).
pub type Error = String;

impl Browser {
    /// Starts Chromium with a fresh profile in `profile`.
    pub fn start(chromium: &Path, profile: &Path) -> Result<Browser, Error> {
        let (from_us, to_browser) = pipe()?;
        let (from_browser, to_us) = pipe()?;
        let mut command = Command::new(chromium);
        command
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--remote-debugging-pipe",
            ])
            .arg(format!("--user-data-dir={}", profile.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        give_pipes(&mut command, from_us.as_raw_fd(), to_us.as_raw_fd());
        let child = command
            .spawn()
            .map_err(|e| format!("cannot run Chromium: {e}"))?;
        // Our copies of Chromium's ends: closed here, so a Chromium that dies ends the read.
        drop(from_us);
        drop(to_us);
        let waiting = Arc::new(Mutex::new(Waiting::default()));
        let reader = {
            let waiting = waiting.clone();
            let from_browser = File::from(from_browser);
            std::thread::spawn(move || read_messages(from_browser, &waiting))
        };
        Ok(Browser {
            child,
            to_browser: Mutex::new(File::from(to_browser)),
            next_id: AtomicU64::new(1),
            waiting,
            reader: Some(reader),
        })
    }

    /// Sends a command (to a page's session, or to the browser) and waits for its answer.
    pub fn call(
        &self,
        session: Option<&str>,
        method: &str,
        params: Value,
        timeout: Duration,
    ) -> Result<Value, Error> {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed);
        let (tx, rx) = channel();
        {
            let mut w = lock(&self.waiting);
            if w.closed {
                return Err("Chromium stopped".into());
            }
            w.answers.insert(id, tx);
        }
        let mut message = json!({ "id": id, "method": method, "params": params });
        if let Some(s) = session {
            message["sessionId"] = Value::from(s);
        }
        let mut bytes = message.to_string().into_bytes();
        bytes.push(0);
        lock(&self.to_browser)
            .write_all(&bytes)
            .map_err(|e| format!("cannot talk to Chromium: {e}"))?;
        let answer = rx.recv_timeout(timeout);
        lock(&self.waiting).answers.remove(&id);
        let answer = answer.map_err(|_| format!("Chromium did not answer {method} in time"))?;
        match answer.get("error") {
            Some(e) => Err(format!(
                "Chromium refused {method}: {}",
                e.get("message")
                    .and_then(Value::as_str)
                    .unwrap_or("no reason given")
            )),
            None => Ok(answer.get("result").cloned().unwrap_or(Value::Null)),
        }
    }

    /// A new tab, attached: its session id, and the events of its page.
    pub fn open_tab(&self, timeout: Duration) -> Result<Tab<'_>, Error> {
        let target = self.call(
            None,
            "Target.createTarget",
            json!({ "url": "about:blank" }),
            timeout,
        )?;
        let target_id = target["targetId"].as_str().unwrap_or_default().to_string();
        let attached = self.call(
            None,
            "Target.attachToTarget",
            json!({ "targetId": target_id, "flatten": true }),
            timeout,
        )?;
        let session = attached["sessionId"]
            .as_str()
            .ok_or("Chromium gave no session for the tab")?
            .to_string();
        let (tx, rx) = channel();
        lock(&self.waiting).events.insert(session.clone(), tx);
        self.call(Some(&session), "Page.enable", json!({}), timeout)?;
        Ok(Tab {
            browser: self,
            session,
            target_id,
            events: rx,
        })
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        if let Some(r) = self.reader.take() {
            let _ = r.join();
        }
    }
}

/// One tab of the browser.
pub struct Tab<'b> {
    browser: &'b Browser,
    session: String,
    target_id: String,
    events: Receiver<Value>,
}

impl Tab<'_> {
    /// Loads `url` and prints it as Chromium's print preview would, with the page's own
    /// paper size and margins, tagged and with an outline. Everything within `timeout`.
    pub fn print(&self, url: &str, timeout: Duration) -> Result<Vec<u8>, Error> {
        let deadline = Instant::now() + timeout;
        let left = || deadline.saturating_duration_since(Instant::now());
        while self.events.try_recv().is_ok() {}
        let navigated = self.call("Page.navigate", json!({ "url": url }), left())?;
        if let Some(e) = navigated.get("errorText").and_then(Value::as_str) {
            return Err(format!("Chromium could not open the page: {e}"));
        }
        loop {
            let event = self
                .events
                .recv_timeout(left())
                .map_err(|_| "the page did not finish loading in time".to_string())?;
            if event["method"] == "Page.loadEventFired" {
                break;
            }
        }
        // Pictures and fonts the page asked for are in once the fonts are ready.
        self.call(
            "Runtime.evaluate",
            json!({ "expression": "document.fonts.ready.then(() => true)", "awaitPromise": true }),
            left(),
        )?;
        let printed = self.call(
            "Page.printToPDF",
            json!({
                "printBackground": true,
                "preferCSSPageSize": true,
                "displayHeaderFooter": false,
                "generateTaggedPDF": true,
                "generateDocumentOutline": true,
            }),
            left(),
        )?;
        let data = printed["data"].as_str().ok_or("Chromium printed nothing")?;
        base64_decode(data).ok_or_else(|| "Chromium's PDF could not be read".to_string())
    }

    fn call(&self, method: &str, params: Value, timeout: Duration) -> Result<Value, Error> {
        self.browser
            .call(Some(&self.session), method, params, timeout)
    }
}

impl Drop for Tab<'_> {
    fn drop(&mut self) {
        lock(&self.browser.waiting).events.remove(&self.session);
        let _ = self.browser.call(
            None,
            "Target.closeTarget",
            json!({ "targetId": self.target_id }),
            Duration::from_secs(5),
        );
    }
}

/// Hands each message from Chromium to whoever waits for it.
fn read_messages(from_browser: File, waiting: &Mutex<Waiting>) {
    let mut reader = BufReader::new(from_browser);
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match reader.read_until(0, &mut buf) {
            Ok(0) | Err(_) => break,
            Ok(_) => {}
        }
        if buf.last() == Some(&0) {
            buf.pop();
        }
        let Ok(message) = serde_json::from_slice::<Value>(&buf) else {
            continue;
        };
        let w = lock(waiting);
        if let Some(id) = message.get("id").and_then(Value::as_u64) {
            if let Some(tx) = w.answers.get(&id) {
                let _ = tx.send(message);
            }
        } else if let Some(s) = message.get("sessionId").and_then(Value::as_str)
            && let Some(tx) = w.events.get(s)
        {
            let _ = tx.send(message);
        }
    }
    let mut w = lock(waiting);
    w.closed = true;
    // Whoever still waits hears nothing more and times out at once.
    w.answers.clear();
    w.events.clear();
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// A pipe: (read end, write end), both closed on exec unless handed over.
fn pipe() -> Result<(OwnedFd, OwnedFd), Error> {
    let mut fds = [0; 2];
    // SAFETY: pipe2 writes two descriptors into the array it is given.
    #[allow(unsafe_code)]
    let r = unsafe { libc::pipe2(fds.as_mut_ptr(), libc::O_CLOEXEC) };
    if r != 0 {
        return Err(format!(
            "cannot make a pipe to talk to Chromium: {}",
            std::io::Error::last_os_error()
        ));
    }
    // SAFETY: both descriptors are new and owned by nothing else.
    #[allow(unsafe_code)]
    let owned = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    Ok(owned)
}

/// Makes `read` the child's descriptor 3 and `write` its descriptor 4, where
/// `--remote-debugging-pipe` expects them.
fn give_pipes(command: &mut Command, read: i32, write: i32) {
    use std::os::unix::process::CommandExt;
    // SAFETY: between fork and exec only async-signal-safe calls (dup2, fcntl) are made, on
    // descriptors that stay open in the parent until the child has been spawned.
    #[allow(unsafe_code)]
    unsafe {
        command.pre_exec(move || {
            // Out of the way first, so that moving one cannot overwrite the other.
            let read2 = libc::fcntl(read, libc::F_DUPFD_CLOEXEC, 10);
            let write2 = libc::fcntl(write, libc::F_DUPFD_CLOEXEC, 10);
            if read2 < 0 || write2 < 0 {
                return Err(std::io::Error::last_os_error());
            }
            // dup2 clears close-on-exec on the copies.
            if libc::dup2(read2, 3) < 0 || libc::dup2(write2, 4) < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

/// Standard base64, as the protocol sends binary data.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let bytes = text.trim_end_matches('=').as_bytes();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= value(c)? << (18 - 6 * i);
        }
        let got = chunk.len() * 6 / 8;
        out.extend_from_slice(&n.to_be_bytes()[1..1 + got]);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_reads_what_the_protocol_sends() {
        assert_eq!(base64_decode("JVBERi0xLjc=").unwrap(), b"%PDF-1.7");
        assert_eq!(base64_decode("YQ==").unwrap(), b"a");
        assert_eq!(base64_decode("YWI=").unwrap(), b"ab");
        assert_eq!(base64_decode("YWJj").unwrap(), b"abc");
        assert!(base64_decode("a*b=").is_none());
    }
}
