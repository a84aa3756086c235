//! Answering requests: GET and HEAD of the snapshot's files, and the reload event stream.
//! Requests must name a host this preview is for (see `host_allowed`), so a web page
//! elsewhere cannot read the preview through DNS rebinding; paths never leave the snapshot.

use super::net::{Conn, MAX_REQUESTS};
use super::{ServeOptions, Served, Shared, resolve};
use bytes::Bytes;
use hyper::header::{self, HeaderValue};
use hyper::{Method, Request, Response, StatusCode};
use std::net::IpAddr;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::task::{Context, Poll};
use std::time::Duration;

/// How long a request for a page a rebuild has not made yet waits for it.
const PENDING_WAIT: Duration = Duration::from_secs(60);

pub(super) async fn handle<B>(request: Request<B>, conn: &Conn) -> Response<Body> {
    let served = conn.served.fetch_add(1, Ordering::Relaxed) + 1;
    let mut response = answer(&request, conn).await;
    // A connection answers so many requests, and none once the preview stops.
    if served >= MAX_REQUESTS || conn.shared.stopping() {
        response
            .headers_mut()
            .insert(header::CONNECTION, HeaderValue::from_static("close"));
    }
    response
}

async fn answer<B>(request: &Request<B>, conn: &Conn) -> Response<Body> {
    if !matches!(*request.method(), Method::GET | Method::HEAD) {
        let mut response = text(405, "Only GET and HEAD are allowed.\n");
        response
            .headers_mut()
            .insert(header::ALLOW, HeaderValue::from_static("GET, HEAD"));
        return response;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok());
    if !host_allowed(host, conn.peer, &conn.shared.options) {
        return text(
            403,
            "This preview does not answer requests for this host name.\n",
        );
    }
    let shared = &conn.shared;
    let path = request.uri().path();
    if path == "/__esite/events" {
        let Some(slot) = conn.slots.stream(conn.peer) else {
            let mut response = text(503, "Too many open previews.\n");
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            return response;
        };
        // The page the tab shows, so rebuilds make it first.
        let page = request
            .uri()
            .query()
            .and_then(|query| {
                query
                    .split('&')
                    .find_map(|kv| kv.strip_prefix("path="))
                    .and_then(percent_decode)
            })
            .and_then(|p| normalise(&p));
        return super::events::open(shared, page, slot);
    }
    if path == super::status_page::PATH {
        return status(shared).await;
    }
    match normalise(path) {
        Some(rel) => lookup(rel, shared).await,
        None => text(400, "Bad path.\n"),
    }
}

/// Which host names a request may carry depends on where it comes from.
///
/// - From this machine (a loopback peer): loopback names (`localhost`, `*.localhost`,
///   127.0.0.0/8, `::1`), the bound address, and every `--allow-host`. A page from
///   elsewhere that a browser here is tricked into sending (DNS rebinding) carries its own
///   host name, which is none of these.
/// - From another machine (only possible with a wider `--bind`, which needs `--allow-host`):
///   only the names the person running the preview allowed, and the bound address when it is
///   a specific one. Loopback names are refused: no browser on another machine sends
///   `Host: localhost` to reach this one, so such a request is a crafted or misrouted one,
///   unless `--allow-host localhost` says otherwise. `0.0.0.0` and `::` are never a name.
///
/// The Host header is what the client says, not who it is: this guards browsers against
/// pages, it does not authenticate machines. Who can connect at all is `--bind`'s business.
pub(super) fn host_allowed(host: Option<&str>, peer: IpAddr, options: &ServeOptions) -> bool {
    let Some(host) = host.map(str::to_ascii_lowercase) else {
        return false;
    };
    let name = match host.strip_prefix('[') {
        Some(rest) => match rest.split_once(']') {
            Some((ip, "")) => ip,
            Some((ip, port)) if port.starts_with(':') => ip,
            _ => return false,
        },
        None => host.rsplit_once(':').map_or(host.as_str(), |(h, _)| h),
    };
    if options
        .allowed_hosts
        .iter()
        .any(|h| h.eq_ignore_ascii_case(name))
    {
        return true;
    }
    let ip = name.parse::<IpAddr>().ok();
    if !options.bind.is_unspecified()
        && !options.bind.is_loopback()
        && ip.is_some_and(|ip| ip == options.bind)
    {
        return true;
    }
    let loopback_name = name == "localhost"
        || name.ends_with(".localhost")
        || ip.is_some_and(|ip| ip.is_loopback());
    loopback_name && super::net::is_loopback(peer)
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

pub(super) fn percent_decode(s: &str) -> Option<String> {
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

/// Answers from the snapshot; while a rebuild is under way, a page it has not made yet
/// waits for it (without holding a thread), up to `PENDING_WAIT`.
async fn lookup(rel: String, shared: &Arc<Shared>) -> Response<Body> {
    // Subscribed before the first look, so a rebuild finishing in between is not missed.
    let mut wake = shared.wake.subscribe();
    let give_up = tokio::time::Instant::now() + PENDING_WAIT;
    let rel = Arc::new(rel);
    loop {
        let may_wait = tokio::time::Instant::now() < give_up && !shared.stopping();
        let (s, r) = (shared.clone(), rel.clone());
        match blocking(move || find(&r, &s, may_wait)).await {
            Some(Some(response)) => return response,
            Some(None) => {
                tokio::select! {
                    _ = wake.changed() => {}
                    _ = tokio::time::sleep_until(give_up) => {}
                }
            }
            None => return text(500, "The preview failed to answer.\n"),
        }
    }
}

/// The translation status page. While a rebuild that has already made the open tabs' pages
/// makes the rest, it waits for it (as a page not made yet does): those tabs were told to
/// reload, and so was this page's script, which must then see the new status.
async fn status(shared: &Arc<Shared>) -> Response<Body> {
    let mut wake = shared.wake.subscribe();
    let give_up = tokio::time::Instant::now() + PENDING_WAIT;
    loop {
        let may_wait = tokio::time::Instant::now() < give_up && !shared.stopping();
        let s = shared.clone();
        let made = blocking(move || {
            let state = s.lock();
            if state.pending.is_some() && may_wait {
                return None;
            }
            let (status, generation) = (state.status.clone(), state.generation);
            drop(state);
            Some(super::status_page::page(&status, generation))
        });
        match made.await {
            Some(Some(page)) => {
                let mut response = html(200, page);
                response
                    .headers_mut()
                    .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
                return response;
            }
            Some(None) => {
                tokio::select! {
                    _ = wake.changed() => {}
                    _ = tokio::time::sleep_until(give_up) => {}
                }
            }
            None => return text(500, "The preview failed to answer.\n"),
        }
    }
}

/// Runs `f` on the blocking pool: the build state's lock may be held for a while by a
/// rebuild comparing pages, and the reactor must never wait for it. `None` if `f` panicked.
pub(super) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    tokio::task::spawn_blocking(f).await.ok()
}

/// The response, or `None`: wait for the rebuild under way.
fn find(rel: &str, shared: &Shared, may_wait: bool) -> Option<Response<Body>> {
    let (snapshot, failure) = {
        let state = shared.lock();
        if let Some(pending) = &state.pending {
            // A rebuild has made the pages open tabs show; the rest are coming.
            if let Served::File(file, bytes) = resolve(&pending.files, rel) {
                let (bytes, build) = (bytes.clone(), pending.build);
                drop(state);
                return Some(file_response(&file, bytes, build));
            }
            if may_wait {
                return None;
            }
        }
        (state.snapshot.clone(), state.failure.clone())
    };
    if snapshot.files.is_empty() {
        // No good build yet: show the errors, and reload when they are fixed.
        return Some(html(
            503,
            failure_page(failure.as_deref().unwrap_or("The site is being built.")),
        ));
    }
    Some(match resolve(&snapshot.files, rel) {
        Served::File(file, bytes) => file_response(&file, bytes.clone(), snapshot.build),
        Served::Redirect(to) => {
            let mut response = respond(301, Bytes::new());
            if let Ok(to) = HeaderValue::from_str(&to) {
                response.headers_mut().insert(header::LOCATION, to);
            }
            response
        }
        Served::Missing(Some(bytes)) => html_bytes(404, stamp_build(bytes, Some(snapshot.build))),
        Served::Missing(None) => text(404, "Not found.\n"),
    })
}

fn file_response(file: &str, bytes: Arc<Vec<u8>>, build: u64) -> Response<Body> {
    let body = if file.ends_with(".html") {
        Bytes::from(stamp_build(&bytes, Some(build)))
    } else {
        // Pictures and the like go out as the snapshot holds them, uncopied.
        Bytes::from_owner(Owned(bytes))
    };
    let mut response = respond(200, body);
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(crate::mime::content_type(file)),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

struct Owned(Arc<Vec<u8>>);

impl AsRef<[u8]> for Owned {
    fn as_ref(&self) -> &[u8] {
        &self.0
    }
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
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>esite: the site could not be built</title></head><body><main><h1>The site could not be built</h1><p>Fix the problem below and save: this page updates by itself.</p><pre>{escaped}</pre><p><a href=\"{}\">Every problem by file, and the translation status</a></p></main><script>{}</script></body></html>",
        super::status_page::PATH,
        super::RELOAD_SCRIPT.replace("__ESITE_BUILD__", "null")
    )
}

/// A response body: all at once, or an event stream fed by its task.
pub(super) enum Body {
    Full(Option<Bytes>),
    Stream(tokio::sync::mpsc::Receiver<Bytes>),
}

impl hyper::body::Body for Body {
    type Data = Bytes;
    type Error = std::convert::Infallible;

    fn poll_frame(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<hyper::body::Frame<Bytes>, Self::Error>>> {
        let frame = |b| Ok(hyper::body::Frame::data(b));
        match self.get_mut() {
            Body::Full(bytes) => Poll::Ready(bytes.take().map(frame)),
            Body::Stream(rx) => rx.poll_recv(cx).map(|b| b.map(frame)),
        }
    }

    fn is_end_stream(&self) -> bool {
        matches!(self, Body::Full(None))
    }

    fn size_hint(&self) -> hyper::body::SizeHint {
        match self {
            Body::Full(bytes) => {
                hyper::body::SizeHint::with_exact(bytes.as_ref().map_or(0, |b| b.len() as u64))
            }
            Body::Stream(_) => hyper::body::SizeHint::default(),
        }
    }
}

fn respond(status: u16, body: Bytes) -> Response<Body> {
    let mut response = Response::new(Body::Full(Some(body)));
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
    response
}

fn text(status: u16, body: &'static str) -> Response<Body> {
    let mut response = respond(status, Bytes::from_static(body.as_bytes()));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

fn html(status: u16, body: String) -> Response<Body> {
    html_bytes(status, body.into_bytes())
}

fn html_bytes(status: u16, body: Vec<u8>) -> Response<Body> {
    let mut response = respond(status, Bytes::from(body));
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
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

    fn options(bind: &str, allowed: &[&str]) -> ServeOptions {
        ServeOptions {
            site: ".".into(),
            bind: bind.parse().unwrap(),
            port: 1111,
            allowed_hosts: allowed.iter().map(|h| h.to_string()).collect(),
            debounce: Duration::from_millis(30),
            poll: None,
        }
    }

    #[test]
    fn host_names_depend_on_where_the_request_comes_from() {
        let local: IpAddr = "127.0.0.1".parse().unwrap();
        let mapped: IpAddr = "::ffff:127.0.0.1".parse().unwrap();
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        let allowed = |host, peer, o: &ServeOptions| host_allowed(Some(host), peer, o);

        let loopback = options("127.0.0.1", &[]);
        for host in [
            "localhost",
            "LOCALHOST:1111",
            "app.localhost",
            "127.0.0.1:1111",
            "[::1]",
        ] {
            assert!(allowed(host, local, &loopback), "{host}");
        }
        for host in [
            "evil.example",
            "127.0.0.1.evil.example",
            "localhost.",
            "",
            "[::1",
        ] {
            assert!(!allowed(host, local, &loopback), "{host}");
        }
        assert!(!host_allowed(None, local, &loopback));

        // Every interface, with the name the LAN uses allowed.
        let wide = options("0.0.0.0", &["preview.lan"]);
        assert!(allowed("preview.lan:1111", lan, &wide));
        assert!(allowed("localhost:1111", local, &wide));
        assert!(allowed("localhost", mapped, &wide));
        assert!(allowed("preview.lan", local, &wide));
        // A LAN client naming this machine's loopback, or the unspecified address.
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1",
            "[::1]",
            "0.0.0.0",
            "evil.example",
        ] {
            assert!(!allowed(host, lan, &wide), "{host}");
        }
        assert!(!allowed("0.0.0.0:1111", local, &wide));

        // A specific address is a name its clients use.
        let specific = options("192.168.1.20", &["preview.lan"]);
        assert!(allowed("192.168.1.20:1111", lan, &specific));
        assert!(!allowed("192.168.1.21", lan, &specific));
        assert!(!allowed("localhost", lan, &specific));

        // Unless localhost was allowed on purpose.
        let on_purpose = options("0.0.0.0", &["localhost"]);
        assert!(allowed("localhost:1111", lan, &on_purpose));
    }
}
