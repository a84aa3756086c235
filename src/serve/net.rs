//! The preview's transport: one thread runs a tokio reactor that accepts connections and
//! speaks HTTP/1.1 through hyper; looking things up in the build state happens on tokio's
//! blocking pool. The limits here are what keeps one client (a stuck tab, a script, a
//! neighbour on the network) from starving the others or the process:
//!
//! - a request head may be 16 KiB (hyper answers 431 beyond it and closes), and must arrive
//!   within 10 s of the connection becoming idle: a connection that sends nothing, or
//!   trickles, is closed, and so is a kept-alive one idle that long;
//! - a connection answers 100 requests at most, then closes;
//! - a write that cannot make progress for 20 s (the client stopped reading) closes the
//!   connection, so a pipelining client that never reads holds nothing for long, and it
//!   never holds anything but its own connection;
//! - connections are capped by the open-file limit (three quarters of it, 4,096 at most);
//!   beyond the cap new ones are closed at once, and a peer on another machine may hold 64;
//! - when accepting fails for want of file descriptors, the loop sleeps briefly and goes
//!   on accepting.
//!
//! Event streams are long-lived by design: they are never idle in hyper's sense (a response
//! is under way), so only the write stall closes them; their number is capped per peer and
//! in all (`Slots::stream`).

use super::{Event, Log, Shared};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;

/// hyper's read buffer, and so the largest request head; hyper's own minimum is 8 KiB.
const MAX_HEAD: usize = 16 * 1024;
/// Also how long a kept-alive connection may sit idle: hyper starts this clock whenever it
/// waits for a request head.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
const WRITE_STALL: Duration = Duration::from_secs(20);
pub(super) const MAX_REQUESTS: u32 = 100;
const MAX_CONNECTIONS: usize = 4096;
/// For peers on other machines only: every program on this one shares 127.0.0.1.
const MAX_CONNECTIONS_PER_REMOTE_PEER: usize = 64;
const MAX_STREAMS: usize = 1024;
/// More than a browser opens (it keeps at most 6 connections to a host over HTTP/1.1, 256
/// in all), so only a script hits it.
const MAX_STREAMS_PER_PEER: usize = 256;
/// How long open connections get to finish when the preview stops.
const DRAIN: Duration = Duration::from_secs(1);

/// Starts the reactor thread; it returns once `stop` was asked and the connections are
/// closed (or `DRAIN` has passed).
pub(super) fn spawn(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    log: Log,
) -> io::Result<std::thread::JoinHandle<()>> {
    listener.set_nonblocking(true)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .max_blocking_threads(32)
        .thread_name("esite-preview")
        .build()?;
    std::thread::Builder::new()
        .name("esite-http".into())
        .spawn(move || {
            runtime.block_on(accept(listener, shared, log));
            // Whatever still runs (a lookup stuck behind a long rebuild) is abandoned.
            runtime.shutdown_timeout(Duration::from_millis(100));
        })
}

async fn accept(listener: std::net::TcpListener, shared: Arc<Shared>, log: Log) {
    let listener = match tokio::net::TcpListener::from_std(listener) {
        Ok(l) => l,
        Err(e) => {
            log(Event::Warning(format!(
                "the preview cannot accept connections: {e}"
            )));
            return;
        }
    };
    let slots = Arc::new(Slots::new(open_file_limit()));
    let mut out_of_files = Throttle::default();
    let mut full = Throttle::default();
    let stop = stopped(shared.clone());
    tokio::pin!(stop);
    loop {
        let accepted = tokio::select! {
            _ = &mut stop => break,
            accepted = listener.accept() => accepted,
        };
        let (stream, peer) = match accepted {
            Ok(pair) => pair,
            Err(e) if is_out_of_files(&e) => {
                // The connection stays in the listen queue; retrying at once would spin.
                if out_of_files.due() {
                    log(Event::Warning(format!(
                        "cannot accept connections ({e}); waiting for some to close. `ulimit -n` raises the limit"
                    )));
                }
                tokio::time::sleep(Duration::from_millis(100)).await;
                continue;
            }
            // A connection reset before it was accepted, and the like: only that one is lost.
            Err(_) => continue,
        };
        let Some(slot) = slots.connection(peer.ip()) else {
            drop(stream);
            if full.due() {
                log(Event::Warning(format!(
                    "too many open connections ({}): closing new ones until some close",
                    slots.max_connections
                )));
            }
            continue;
        };
        tokio::spawn(connection(
            stream,
            peer,
            shared.clone(),
            slots.clone(),
            slot,
        ));
    }
    drop(listener);
    let until = tokio::time::Instant::now() + DRAIN;
    while slots.open() > 0 && tokio::time::Instant::now() < until {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// What the request handler knows about the connection it answers on.
pub(super) struct Conn {
    pub shared: Arc<Shared>,
    pub slots: Arc<Slots>,
    pub peer: IpAddr,
    /// Requests begun on this connection.
    pub served: std::sync::atomic::AtomicU32,
}

async fn connection(
    stream: TcpStream,
    peer: SocketAddr,
    shared: Arc<Shared>,
    slots: Arc<Slots>,
    slot: Slot,
) {
    let _slot = slot;
    let _ = stream.set_nodelay(true);
    let conn = Arc::new(Conn {
        shared: shared.clone(),
        slots,
        peer: peer.ip(),
        served: Default::default(),
    });
    let handler = conn.clone();
    let service = hyper::service::service_fn(move |request| {
        let conn = handler.clone();
        async move { Ok::<_, std::convert::Infallible>(super::http::handle(request, &conn).await) }
    });
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_buf_size(MAX_HEAD)
        .max_headers(64);
    let served = http.serve_connection(TokioIo::new(Guarded::new(stream)), service);
    tokio::pin!(served);
    tokio::select! {
        _ = served.as_mut() => {}
        _ = stopped(shared) => {
            // hyper would wait for the first request of a connection that has sent none.
            if conn.served.load(std::sync::atomic::Ordering::Relaxed) == 0 {
                return;
            }
            // Idle connections close now; a response under way (an event stream ends by
            // itself when the preview stops) gets to finish.
            served.as_mut().graceful_shutdown();
            let _ = tokio::time::timeout(DRAIN, served).await;
        }
    }
}

/// Resolves once the preview is asked to stop.
pub(super) async fn stopped(shared: Arc<Shared>) {
    // Subscribed before the check, so a stop between the two is not missed.
    let mut wake = shared.wake.subscribe();
    while !shared.stopping() {
        if wake.changed().await.is_err() {
            return;
        }
    }
}

fn is_out_of_files(e: &io::Error) -> bool {
    matches!(
        e.raw_os_error(),
        Some(libc::EMFILE | libc::ENFILE | libc::ENOBUFS | libc::ENOMEM)
    )
}

#[allow(unsafe_code)] // getrlimit has no safe wrapper in std
fn open_file_limit() -> Option<u64> {
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit only writes the struct it is given, which lives on this stack.
    let rc = unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) };
    (rc == 0).then_some(limit.rlim_cur)
}

/// Says yes at most once a minute, so a warning that keeps applying is not repeated.
#[derive(Default)]
struct Throttle(Option<Instant>);

impl Throttle {
    fn due(&mut self) -> bool {
        let due = self
            .0
            .is_none_or(|t| t.elapsed() >= Duration::from_secs(60));
        if due {
            self.0 = Some(Instant::now());
        }
        due
    }
}

/// Counts open connections and event streams, in all and per peer address.
pub(super) struct Slots {
    max_connections: usize,
    max_streams: usize,
    counts: Mutex<Counts>,
}

#[derive(Default)]
struct Counts {
    connections: usize,
    streams: usize,
    /// Connections and streams of each peer address.
    peers: HashMap<IpAddr, (usize, usize)>,
}

/// One connection's or stream's place; given back when dropped.
pub(super) struct Slot {
    slots: Arc<Slots>,
    peer: IpAddr,
    stream: bool,
}

impl Slots {
    fn new(open_files: Option<u64>) -> Slots {
        // A quarter of the descriptors stay for the rest of the process: the listener, the
        // watcher, and the files a rebuild reads.
        let by_files = open_files.map_or(MAX_CONNECTIONS, |n| (n as usize / 4 * 3).max(16));
        let max_connections = by_files.min(MAX_CONNECTIONS);
        Slots {
            max_connections,
            // Half, so pages still load with every stream slot taken.
            max_streams: (max_connections / 2).min(MAX_STREAMS),
            counts: Mutex::default(),
        }
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|p| p.into_inner())
    }

    fn open(&self) -> usize {
        self.counts().connections
    }

    fn connection(self: &Arc<Self>, peer: IpAddr) -> Option<Slot> {
        let mut counts = self.counts();
        let mine = counts.peers.get(&peer).map_or(0, |p| p.0);
        if counts.connections >= self.max_connections
            || (!is_loopback(peer) && mine >= MAX_CONNECTIONS_PER_REMOTE_PEER)
        {
            return None;
        }
        counts.connections += 1;
        counts.peers.entry(peer).or_default().0 += 1;
        Some(Slot {
            slots: self.clone(),
            peer,
            stream: false,
        })
    }

    /// A place for one more event stream, unless the peer or everyone has too many.
    pub(super) fn stream(self: &Arc<Self>, peer: IpAddr) -> Option<Slot> {
        let mut counts = self.counts();
        let mine = counts.peers.get(&peer).map_or(0, |p| p.1);
        if counts.streams >= self.max_streams || mine >= MAX_STREAMS_PER_PEER {
            return None;
        }
        counts.streams += 1;
        counts.peers.entry(peer).or_default().1 += 1;
        Some(Slot {
            slots: self.clone(),
            peer,
            stream: true,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut counts = self.slots.counts();
        if self.stream {
            counts.streams -= 1;
        } else {
            counts.connections -= 1;
        }
        if let Some(p) = counts.peers.get_mut(&self.peer) {
            if self.stream {
                p.1 -= 1;
            } else {
                p.0 -= 1;
            }
            if *p == (0, 0) {
                counts.peers.remove(&self.peer);
            }
        }
    }
}

pub(super) fn is_loopback(ip: IpAddr) -> bool {
    ip.to_canonical().is_loopback()
}

/// A TCP stream whose writes fail once they have made no progress for `WRITE_STALL`: hyper
/// has no write timeout, and a client that never reads would otherwise keep its connection
/// (and the response queued on it) for as long as it likes.
struct Guarded {
    stream: TcpStream,
    stalled: Option<Pin<Box<tokio::time::Sleep>>>,
}

impl Guarded {
    fn new(stream: TcpStream) -> Guarded {
        Guarded {
            stream,
            stalled: None,
        }
    }

    fn watch<T>(
        &mut self,
        cx: &mut Context<'_>,
        result: Poll<io::Result<T>>,
    ) -> Poll<io::Result<T>> {
        if result.is_ready() {
            self.stalled = None;
            return result;
        }
        let stalled = self
            .stalled
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(WRITE_STALL)));
        if stalled.as_mut().poll(cx).is_ready() {
            return Poll::Ready(Err(io::Error::new(
                io::ErrorKind::TimedOut,
                "the client stopped reading",
            )));
        }
        Poll::Pending
    }
}

impl AsyncRead for Guarded {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        Pin::new(&mut self.stream).poll_read(cx, buf)
    }
}

impl AsyncWrite for Guarded {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.stream).poll_write(cx, buf);
        self.watch(cx, result)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        let result = Pin::new(&mut self.stream).poll_write_vectored(cx, bufs);
        self.watch(cx, result)
    }

    fn is_write_vectored(&self) -> bool {
        self.stream.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = Pin::new(&mut self.stream).poll_flush(cx);
        self.watch(cx, result)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        let result = Pin::new(&mut self.stream).poll_shutdown(cx);
        self.watch(cx, result)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_connection_cap_follows_the_open_file_limit() {
        assert_eq!(Slots::new(Some(1024)).max_connections, 768);
        assert_eq!(Slots::new(Some(1024)).max_streams, 384);
        assert_eq!(Slots::new(Some(1 << 20)).max_connections, MAX_CONNECTIONS);
        assert_eq!(Slots::new(None).max_streams, MAX_STREAMS);
        assert_eq!(Slots::new(Some(8)).max_connections, 16);
    }

    #[test]
    fn a_remote_peer_cannot_take_every_slot() {
        let slots = Arc::new(Slots::new(Some(1024)));
        let lan: IpAddr = "192.168.1.5".parse().unwrap();
        let held: Vec<Slot> = (0..MAX_CONNECTIONS_PER_REMOTE_PEER)
            .map(|_| slots.connection(lan).unwrap())
            .collect();
        assert!(slots.connection(lan).is_none());
        assert!(slots.connection("192.168.1.6".parse().unwrap()).is_some());
        let local: Vec<Slot> = (0..100)
            .map(|_| slots.connection("127.0.0.1".parse().unwrap()).unwrap())
            .collect();
        drop(held);
        assert!(slots.connection(lan).is_some());
        let streams: Vec<Slot> = (0..MAX_STREAMS_PER_PEER)
            .map(|_| slots.stream(lan).unwrap())
            .collect();
        assert!(slots.stream(lan).is_none());
        drop((streams, local));
        assert_eq!(slots.open(), 0);
        assert!(slots.counts().peers.is_empty());
    }
}
