//! The reload stream a tab opens: a `hello` on connect, then one event per rebuild, and a
//! comment every 15 s so proxies and browsers keep the connection. Each stream is a task
//! that waits on `Shared::wake`, not a thread.

use super::http::{Body, blocking};
use super::net::Slot;
use super::{Notice, Shared};
use bytes::Bytes;
use hyper::Response;
use hyper::header::{self, HeaderValue};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::mpsc;

const KEEP_ALIVE: Duration = Duration::from_secs(15);

/// The response that carries the stream; a task feeds it until the tab goes away or the
/// preview stops. One message is queued at most: a tab that does not read holds no more.
pub(super) fn open(shared: &Arc<Shared>, page: Option<String>, slot: Slot) -> Response<Body> {
    let (tx, rx) = mpsc::channel(1);
    tokio::spawn(feed(shared.clone(), page, slot, tx));
    let mut response = Response::new(Body::Stream(rx));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/event-stream"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::CONNECTION, HeaderValue::from_static("close"));
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

async fn feed(shared: Arc<Shared>, page: Option<String>, slot: Slot, tx: mpsc::Sender<Bytes>) {
    let _slot = slot;
    let _watching = page.map(|p| Watching::new(shared.clone(), p));
    // Subscribed before the state is read, so a rebuild in between is not missed.
    let mut wake = shared.wake.subscribe();
    let s = shared.clone();
    let Some((mut seen, hello)) = blocking(move || {
        let state = s.lock();
        let build = match &state.pending {
            Some(pending) => Some(pending.build),
            None => (!state.snapshot.files.is_empty()).then_some(state.snapshot.build),
        };
        (
            state.generation,
            hello_event(state.generation, build, state.failure.as_deref()),
        )
    })
    .await
    else {
        return;
    };
    if tx.send(hello.into()).await.is_err() {
        return;
    }
    let mut beat = tokio::time::interval_at(tokio::time::Instant::now() + KEEP_ALIVE, KEEP_ALIVE);
    loop {
        tokio::select! {
            woke = wake.changed() => if woke.is_err() { return },
            _ = beat.tick() => {
                if tx.send(Bytes::from_static(b": keep-alive\n\n")).await.is_err() {
                    return;
                }
                continue;
            }
            // The tab went away.
            _ = tx.closed() => return,
        }
        // Returning ends the response, and so the connection.
        if shared.stopping() {
            return;
        }
        let s = shared.clone();
        let told = blocking(move || {
            let state = s.lock();
            (state.generation != seen).then(|| {
                let notice = state.since(seen);
                (
                    state.generation,
                    notice_event(state.generation, &notice, state.failure.as_deref()),
                )
            })
        })
        .await;
        match told {
            None => return,
            Some(None) => {}
            Some(Some((generation, message))) => {
                seen = generation;
                if tx.send(message.into()).await.is_err() {
                    return;
                }
            }
        }
    }
}

/// A tab's page in `Shared::watched` for as long as its event stream is open.
struct Watching {
    shared: Arc<Shared>,
    page: String,
}

impl Watching {
    fn new(shared: Arc<Shared>, page: String) -> Watching {
        *shared.watching().entry(page.clone()).or_default() += 1;
        Watching { shared, page }
    }
}

impl Drop for Watching {
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
        "help": "Fix the problem below and save the file: the page updates by itself. Until then the preview shows the last version that built.",
        "text": text,
        "close": "Close",
        "status": super::status_page::PATH,
        "statusText": "Every problem by file, and the translation status",
    })
}
