//! `convene run --share`: the public port on the venue's network. Phones send questions
//! (`GET /`, `POST /ask`) into the hub's inbox journal; a browser on the projector shows
//! the room display (`GET /display`, fed by `GET /v1/display/stream`). Only public,
//! approved state is served; nothing a phone sends is shown before a person approves it.
//!
//! The server runs on one background thread (a current-thread tokio runtime with axum);
//! the inbox journal has a writer thread of its own. The live screen never waits on
//! either: it publishes what the room sees with [`Share::publish`] (a `watch` send) and
//! hears of submissions through the `events` callback.

pub mod addresses;
mod inbox;
mod limits;
mod pages;
mod qr;
mod routes;
pub mod snapshot;

use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use tokio::sync::{oneshot, watch};

pub use limits::{BURST, REFILL};
pub use qr::terminal_qr;
pub use snapshot::RoomSnapshot;

use crate::event::{DeviceId, Entry};

/// How long a stopping server lets the requests under way finish.
const GRACE: Duration = Duration::from_millis(500);
/// The most [`Share::stop`] waits for the threads to end.
const STOP_WAIT: Duration = Duration::from_millis(1000);

/// What `convene run --share` serves, and where.
#[derive(Clone, Debug)]
pub struct ShareConfig {
    /// The record folder: the inbox journal is written there (`journals/<hub>-inbox.jsonl`).
    pub record: PathBuf,
    /// The facilitator's device; the inbox writes as [`DeviceId::inbox_of`] it.
    pub hub: DeviceId,
    /// The event's title (the phone page's heading).
    pub title: String,
    /// The agenda asks for an optional name with each question (default off: anonymous).
    pub names: bool,
    /// The address to listen on: 0.0.0.0 on a laptop, 127.0.0.1 in tests.
    pub bind: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
}

/// Where `convene run --share` listens, and whether it starts with the live screen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ShareSettings {
    /// `--share`: serve from the start (else only when the facilitator asks, `H`).
    pub at_start: bool,
    /// `--bind`: 0.0.0.0 (every network of the laptop) unless given.
    pub bind: IpAddr,
    /// `--port`: 8080 unless given; 0 asks for any free port.
    pub port: u16,
}

/// The port phones reach unless `--port` says otherwise.
pub const DEFAULT_PORT: u16 = 8080;

impl Default for ShareSettings {
    fn default() -> ShareSettings {
        ShareSettings {
            at_start: false,
            bind: IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
            port: DEFAULT_PORT,
        }
    }
}

/// The names of the threads the server runs on: a panic there is caught and reported as
/// [`ShareEvent::Stopped`], so the live screen's panic hook leaves the terminal alone.
const THREADS: [&str; 2] = ["convene-share", "convene-inbox"];

/// True on a thread of the server (see [`THREADS`]).
pub fn on_server_thread() -> bool {
    std::thread::current().name().is_some_and(|name| THREADS.contains(&name))
}

/// What the server tells the live screen.
#[derive(Clone, Debug, PartialEq)]
pub enum ShareEvent {
    /// A submission, appended to the inbox journal and fdatasync'd (the phone was told
    /// "received" after that).
    Submitted(Entry),
    /// The server stopped by itself (a crash of its thread, the inbox's disk failing): one
    /// line saying why.
    Stopped(String),
}

/// Why the server could not start. One line each: what, where, and what to do.
#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error(
        "cannot share on port {port}: another program is using it; choose another with --port, or --port 0 for any free port"
    )]
    PortInUse { port: u16 },
    #[error(
        "cannot share on {addr}: {source}; choose another port with --port (above 1023 needs no privileges)"
    )]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("cannot open the inbox for questions from phones: {source}")]
    Inbox { source: crate::record::RecordError },
    #[error(
        "cannot open the inbox for questions from phones, {}: {source}; check that the record folder is writable",
        path.display()
    )]
    InboxFile { path: PathBuf, source: io::Error },
    #[error("cannot start the server for --share: {source}")]
    Thread { source: io::Error },
    #[error("cannot make a form token for --share: the system gave no random bytes")]
    NoRandomness,
}

/// What the live screen is told with.
type Callback = Box<dyn Fn(ShareEvent) + Send>;

/// The live screen's callback, shared by the server's and the inbox's threads.
#[derive(Clone)]
pub(crate) struct Events(Arc<Mutex<Callback>>);

impl Events {
    fn new(events: impl Fn(ShareEvent) + Send + 'static) -> Events {
        Events(Arc::new(Mutex::new(Box::new(events))))
    }

    pub(crate) fn send(&self, event: ShareEvent) {
        let events = self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        events(event);
    }
}

/// A thread and the channel that says it has ended (to join it without waiting forever).
struct Worker {
    handle: JoinHandle<()>,
    done: mpsc::Receiver<()>,
}

impl Worker {
    /// Joins the thread if it ends before `deadline`; else leaves it to end by itself.
    fn join_by(self, deadline: Instant) {
        let wait = deadline.saturating_duration_since(Instant::now());
        if self.done.recv_timeout(wait).is_ok() || self.handle.is_finished() {
            let _ = self.handle.join();
        }
    }
}

/// The public server of `convene run --share`, serving until stopped or dropped.
pub struct Share {
    urls: Vec<String>,
    port: u16,
    snapshots: Option<watch::Sender<RoomSnapshot>>,
    shutdown: Option<oneshot::Sender<()>>,
    stopping: Arc<AtomicBool>,
    server: Option<Worker>,
    writer: Option<Worker>,
}

impl Share {
    /// Binds at once (an address in use is an error here, one clear line naming the port
    /// and the fix `--port`), opens or creates the inbox journal, then serves on its own
    /// thread. `events` is called from the server's threads: with every submission once it
    /// is durable, and once if the server stops by itself.
    pub fn start(
        config: ShareConfig,
        events: impl Fn(ShareEvent) + Send + 'static,
    ) -> Result<Share, ShareError> {
        let listener = bind(config.bind, config.port)?;
        let port = listener.local_addr().map_or(config.port, |a| a.port());
        let events = Events::new(events);
        let opened = inbox::open(&config.record, config.hub)?;
        let token = limits::random_hex().ok_or(ShareError::NoRandomness)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|source| ShareError::Thread { source })?;
        let urls = addresses::phone_urls(config.bind, port);
        let (snapshots, watching) = watch::channel(RoomSnapshot::waiting(&config.title));
        let (writer_done, writer_ended) = mpsc::channel();
        let (queue, writer) = inbox::start(opened, events.clone(), writer_done)?;
        let app = routes::app(routes::Server::new(
            config.title,
            config.names,
            token,
            urls.clone(),
            queue,
            watching,
        ));
        let (shutdown, shut) = oneshot::channel();
        let stopping = Arc::new(AtomicBool::new(false));
        let (server_done, server_ended) = mpsc::channel();
        let server = {
            let stopping = stopping.clone();
            std::thread::Builder::new()
                .name(THREADS[0].into())
                .spawn(move || {
                    guarded(|| routes::serve(runtime, listener, app, shut), &stopping, &events);
                    let _ = server_done.send(());
                })
                .map_err(|source| ShareError::Thread { source })?
        };
        Ok(Share {
            urls,
            port,
            snapshots: Some(snapshots),
            shutdown: Some(shutdown),
            stopping,
            server: Some(Worker { handle: server, done: server_ended }),
            writer: Some(Worker { handle: writer, done: writer_ended }),
        })
    }

    /// The phone page's URL for every network address of the laptop (IPv4 first,
    /// non-loopback first; loopback when there is nothing else or when bound to loopback):
    /// "http://192.168.1.20:8080/".
    pub fn urls(&self) -> &[String] {
        &self.urls
    }

    /// The port it listens on (the one the system chose when asked for port 0).
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Never blocks, never fails (the server may have stopped): what the room sees now.
    /// Call it whenever the state changes, and once a minute while a session runs (the
    /// next session's projected start moves as time goes by; the countdowns count on
    /// without it).
    pub fn publish(&self, snapshot: RoomSnapshot) {
        if let Some(snapshots) = &self.snapshots {
            snapshots.send_replace(snapshot);
        }
    }

    /// Stops serving and joins the threads (bounded: never waits more than about 1 s).
    pub fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        // Every display stream ends when the snapshots end; then the server shuts down.
        self.snapshots.take();
        self.shutdown.take();
        let deadline = Instant::now() + STOP_WAIT;
        for worker in [self.server.take(), self.writer.take()].into_iter().flatten() {
            worker.join_by(deadline);
        }
    }
}

impl Drop for Share {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// Binds the listening socket on the caller's thread, so that a port in use is an error
/// of `start`.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener, ShareError> {
    let addr = SocketAddr::new(ip, port);
    let listener = TcpListener::bind(addr).map_err(|source| match source.kind() {
        io::ErrorKind::AddrInUse => ShareError::PortInUse { port },
        _ => ShareError::Bind { addr, source },
    })?;
    listener.set_nonblocking(true).map_err(|source| ShareError::Bind { addr, source })?;
    Ok(listener)
}

/// Runs the server, catching a panic: the live screen hears why the server stopped (unless
/// it asked it to), and the panic never reaches its thread.
fn guarded(serve: impl FnOnce() -> io::Result<()>, stopping: &AtomicBool, events: &Events) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(serve));
    let why = match outcome {
        Ok(Ok(())) if stopping.load(Ordering::SeqCst) => return,
        Ok(Ok(())) => "it ended".to_string(),
        Ok(Err(error)) => error.to_string(),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_string());
            format!("an internal error ({what})")
        }
    };
    events.send(ShareEvent::Stopped(format!(
        "the question page and the browser display stopped: {why}"
    )));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn recorder() -> (Events, Arc<Mutex<Vec<ShareEvent>>>) {
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = seen.clone();
        (Events::new(move |e| into.lock().unwrap().push(e)), seen)
    }

    #[test]
    fn a_panic_in_the_server_is_reported_and_stays_on_its_thread() {
        let (events, seen) = recorder();
        let stopping = AtomicBool::new(false);
        let thread = std::thread::spawn(move || {
            guarded(|| panic!("the runtime broke"), &stopping, &events);
            "returned"
        });
        assert_eq!(thread.join().unwrap(), "returned");
        assert_eq!(
            *seen.lock().unwrap(),
            vec![ShareEvent::Stopped(
                "the question page and the browser display stopped: an internal error (the runtime broke)".into()
            )]
        );
    }

    #[test]
    fn a_server_stopped_on_request_says_nothing_and_one_that_failed_says_why() {
        let (events, seen) = recorder();
        guarded(|| Ok(()), &AtomicBool::new(true), &events);
        assert!(seen.lock().unwrap().is_empty());
        guarded(|| Err(io::Error::other("accept failed")), &AtomicBool::new(false), &events);
        assert_eq!(
            *seen.lock().unwrap(),
            vec![ShareEvent::Stopped(
                "the question page and the browser display stopped: accept failed".into()
            )]
        );
    }
}
