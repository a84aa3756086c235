//! Answering requests: GET and HEAD of the snapshot's files, and the reload event stream.
//! Requests must name a loopback host (or an allowed one), so a web page elsewhere cannot
//! read the preview through DNS rebinding; paths never leave the snapshot.

use super::{Notice, Served, Shared, resolve};
use std::io::Write;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;
use tiny_http::{Header, Method, Request, Response, StatusCode};

/// Open event streams at most; beyond it new tabs get 503 and retry.
const MAX_STREAMS: usize = 1024;
static STREAMS: AtomicUsize = AtomicUsize::new(0);

pub(super) fn serve_requests(server: &tiny_http::Server, shared: &Arc<Shared>) {
    while !shared.stop.load(Ordering::SeqCst) {
        let request = match server.recv() {
            Ok(r) => r,
            Err(_) => break,
        };
        if shared.stop.load(Ordering::SeqCst) {
            break;
        }
        handle(request, shared);
    }
}

fn handle(request: Request, shared: &Arc<Shared>) {
    if !matches!(request.method(), Method::Get | Method::Head) {
        let response =
            text(405, "Only GET and HEAD are allowed.\n").with_header(header("Allow", "GET, HEAD"));
        let _ = request.respond(response);
        return;
    }
    if !host_allowed(&request, shared) {
        let _ = request.respond(text(
            403,
            "This preview only answers requests for localhost.\n",
        ));
        return;
    }
    let url = request.url().to_string();
    let path = url.split(['?', '#']).next().unwrap_or("/");
    if path == "/__esite/events" {
        if STREAMS.fetch_add(1, Ordering::SeqCst) >= MAX_STREAMS {
            STREAMS.fetch_sub(1, Ordering::SeqCst);
            let _ = request.respond(
                text(503, "Too many open previews.\n").with_header(header("Retry-After", "5")),
            );
            return;
        }
        let shared = shared.clone();
        // The page the tab shows, so rebuilds make it first.
        let page = url
            .split_once('?')
            .and_then(|(_, query)| {
                query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("path="))
                    .and_then(percent_decode)
            })
            .and_then(|p| normalise(&p));
        std::thread::spawn(move || {
            let _watching = page.map(|p| Watching::new(&shared, p));
            stream_events(request, &shared);
            STREAMS.fetch_sub(1, Ordering::SeqCst);
        });
        return;
    }
    let response = match normalise(path) {
        Some(rel) => lookup(&rel, shared),
        None => text(400, "Bad path.\n"),
    };
    let _ = request.respond(response);
}

/// A tab's page in `Shared::watched` for as long as its event stream is open.
struct Watching<'a> {
    shared: &'a Shared,
    page: String,
}

impl<'a> Watching<'a> {
    fn new(shared: &'a Shared, page: String) -> Watching<'a> {
        *shared.watching().entry(page.clone()).or_default() += 1;
        Watching { shared, page }
    }
}

impl Drop for Watching<'_> {
    fn drop(&mut self) {
        let mut watched = self.shared.watching();
        if let Some(n) = watched.get_mut(&self.page) {
            *n -= 1;
            if *n == 0 {
                watched.remove(&self.page);
            }
        }
    }
}

fn host_allowed(request: &Request, shared: &Shared) -> bool {
    let Some(host) = request
        .headers()
        .iter()
        .find(|h| h.field.equiv("Host"))
        .map(|h| h.value.as_str().to_ascii_lowercase())
    else {
        return false;
    };
    let name = if let Some(rest) = host.strip_prefix('[') {
        rest.split(']').next().unwrap_or("").to_string()
    } else {
        host.rsplit_once(':')
            .map_or(host.as_str(), |(h, _)| h)
            .to_string()
    };
    let loopback = name == "localhost"
        || name.ends_with(".localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback());
    loopback
        || shared
            .options
            .allowed_hosts
            .iter()
            .any(|h| h.eq_ignore_ascii_case(&name))
        || (!shared.options.bind.is_loopback() && name == shared.options.bind.to_string())
}

/// Decodes the path and keeps it inside the snapshot: no `..`, no `.`, no backslashes, no NUL.
pub(super) fn normalise(path: &str) -> Option<String> {
    let decoded = percent_decode(path)?;
    if decoded.contains(['\\', '\0']) || !decoded.starts_with('/') {
        return None;
    }
    let mut parts = Vec::new();
    for part in decoded.split('/') {
        match part {
            "" => {}
            "." | ".." => return None,
            p => parts.push(p),
        }
    }
    let mut rel = parts.join("/");
    if decoded.ends_with('/') && !rel.is_empty() {
        rel.push('/');
    }
    Some(rel)
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn lookup(rel: &str, shared: &Shared) -> Response<std::io::Cursor<Vec<u8>>> {
    let (snapshot, failure) = {
        let state = shared.lock();
        match &state.pending {
            // A rebuild has made the pages open tabs show; the rest are coming.
            Some(pending) => match resolve(&pending.files, rel) {
                Served::File(file, bytes) => return file_response(&file, bytes, pending.build),
                _ => {
                    let (state, _) = shared
                        .changed
                        .wait_timeout_while(state, Duration::from_secs(60), |s| {
                            s.pending.is_some() && !shared.stop.load(Ordering::SeqCst)
                        })
                        .unwrap_or_else(|p| p.into_inner());
                    (state.snapshot.clone(), state.failure.clone())
                }
            },
            None => (state.snapshot.clone(), state.failure.clone()),
        }
    };
    if snapshot.files.is_empty() {
        // No good build yet: show the errors, and reload when they are fixed.
        return html(
            503,
            failure_page(failure.as_deref().unwrap_or("The site is being built.")),
        );
    }
    match resolve(&snapshot.files, rel) {
        Served::File(file, bytes) => file_response(&file, bytes, snapshot.build),
        Served::Redirect(to) => Response::from_data(Vec::new())
            .with_status_code(StatusCode(301))
            .with_header(header("Location", &to)),
        Served::Missing(Some(bytes)) => {
            Response::from_data(stamp_build(bytes, Some(snapshot.build)))
                .with_status_code(StatusCode(404))
                .with_header(header("Content-Type", "text/html; charset=utf-8"))
        }
        Served::Missing(None) => text(404, "Not found.\n"),
    }
}

fn file_response(file: &str, bytes: &[u8], build: u64) -> Response<std::io::Cursor<Vec<u8>>> {
    let body = if file.ends_with(".html") {
        stamp_build(bytes, Some(build))
    } else {
        bytes.to_vec()
    };
    Response::from_data(body)
        .with_header(header("Content-Type", crate::mime::content_type(file)))
        .with_header(header("Cache-Control", "no-store"))
}

/// Writes the build's number into the page's reload script.
fn stamp_build(html: &[u8], build: Option<u64>) -> Vec<u8> {
    const MARK: &str = "__ESITE_BUILD__";
    let value = build.map_or("null".to_string(), |b| b.to_string());
    let text = String::from_utf8_lossy(html);
    if text.contains(MARK) {
        text.replacen(MARK, &value, 1).into_bytes()
    } else {
        html.to_vec()
    }
}

fn failure_page(report: &str) -> String {
    let escaped = report
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>esite: the site could not be built</title></head><body><main><h1>The site could not be built</h1><p>Fix the problem below and save: this page reloads by itself.</p><pre>{escaped}</pre></main><script>{}</script></body></html>",
        super::RELOAD_SCRIPT.replace("__ESITE_BUILD__", "null")
    )
}

/// The reload stream: a `hello` on connect, then one event per rebuild, and a comment every
/// 15 s so proxies and browsers keep the connection.
fn stream_events(request: Request, shared: &Shared) {
    let mut w = request.into_writer();
    let head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: close\r\nX-Accel-Buffering: no\r\n\r\n";
    let (mut seen, hello) = {
        let state = shared.lock();
        let build = match &state.pending {
            Some(pending) => Some(pending.build),
            None => (!state.snapshot.files.is_empty()).then_some(state.snapshot.build),
        };
        (
            state.generation,
            hello_event(state.generation, build, state.failure.as_deref()),
        )
    };
    if w.write_all(head.as_bytes())
        .and_then(|()| w.write_all(hello.as_bytes()))
        .and_then(|()| w.flush())
        .is_err()
    {
        return;
    }
    loop {
        let message = {
            let state = shared.lock();
            let (state, _) = shared
                .changed
                .wait_timeout_while(state, Duration::from_secs(15), |s| {
                    s.generation == seen && !shared.stop.load(Ordering::SeqCst)
                })
                .unwrap_or_else(|p| p.into_inner());
            if shared.stop.load(Ordering::SeqCst) {
                return;
            }
            if state.generation == seen {
                ": keep-alive\n\n".to_string()
            } else {
                let notice = state.since(seen);
                seen = state.generation;
                notice_event(state.generation, &notice, state.failure.as_deref())
            }
        };
        if w.write_all(message.as_bytes())
            .and_then(|()| w.flush())
            .is_err()
        {
            return;
        }
    }
}

fn hello_event(generation: u64, build: Option<u64>, failure: Option<&str>) -> String {
    let report = failure.map(report_json).unwrap_or(serde_json::Value::Null);
    format!(
        "event: hello\ndata: {}\n\n",
        serde_json::json!({ "generation": generation, "build": build, "report": report })
    )
}

fn notice_event(generation: u64, notice: &Notice, failure: Option<&str>) -> String {
    match notice {
        Notice::Failed => format!(
            "event: failed\ndata: {}\n\n",
            serde_json::json!({ "generation": generation, "report": report_json(failure.unwrap_or("")) })
        ),
        Notice::Reload(paths) => format!(
            "event: reload\ndata: {}\n\n",
            serde_json::json!({ "generation": generation, "paths": paths })
        ),
        Notice::ReloadAllBut(except) => format!(
            "event: reload\ndata: {}\n\n",
            serde_json::json!({ "generation": generation, "paths": null, "except": except })
        ),
        Notice::Css { old, new } => format!(
            "event: css\ndata: {}\n\n",
            serde_json::json!({ "generation": generation, "old": old, "new": new })
        ),
    }
}

fn report_json(text: &str) -> serde_json::Value {
    serde_json::json!({
        "title": "The site could not be rebuilt",
        "help": "Fix the problem below and save the file: the page reloads by itself. Until then the preview shows the last version that built.",
        "text": text,
        "close": "Close",
    })
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and values are valid")
}

fn text(status: u16, body: &str) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.as_bytes().to_vec())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/plain; charset=utf-8"))
}

fn html(status: u16, body: String) -> Response<std::io::Cursor<Vec<u8>>> {
    Response::from_data(body.into_bytes())
        .with_status_code(StatusCode(status))
        .with_header(header("Content-Type", "text/html; charset=utf-8"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_cannot_leave_the_site() {
        assert_eq!(
            normalise("/fi/palvelut/perhetyo/").as_deref(),
            Some("fi/palvelut/perhetyo/")
        );
        assert_eq!(normalise("/").as_deref(), Some(""));
        assert_eq!(
            normalise("/fi/kunnat/s%C3%A4%C3%A4").as_deref(),
            Some("fi/kunnat/sää")
        );
        for bad in [
            "/../etc/passwd",
            "/fi/../../x",
            "/%2e%2e/x",
            "/%2E%2E%2Fetc",
            "/a\\b",
            "/a%00b",
            "relative",
            "/%zz",
            "/./x",
        ] {
            assert_eq!(normalise(bad), None, "{bad}");
        }
    }
}
