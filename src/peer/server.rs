//! The hub's peer port: HTTPS (the hub's certificate, a client certificate required) for the
//! paired note-takers' laptops. Every request is known by its client certificate: a paired
//! note-taker, or 403. A note-taker writes only its own journal; it reads every journal (each
//! paired laptop holds a full replica of the record).
//!
//! - `GET /v1/heads?mine=N`: each journal's last entry and the hub's clock (`mine`: how far
//!   the caller's own journal goes, for the hub's status line);
//! - `GET /v1/journals/{device}?after=N`: that journal's lines after entry N, as stored;
//! - `POST /v1/journals/{device}?after=N`: the caller's own lines after entry N (200
//!   `{"added":n}`, 409 `{"have":n}` on a gap, 409 `{"forked":true}`, 400 on a bad line);
//! - `GET /v1/feed`: server-sent events, the heads at once and whenever a journal grows;
//! - `GET /v1/agenda`, `GET /v1/record` (name, title, the header's time and device): what a
//!   joining laptop needs to make its replica;
//! - `POST /v1/pair/hello`, `POST /v1/pair/proof`: pairing by the code the facilitator's
//!   screen shows ([`PeerServer::offer_pairing`]); the only routes open to a certificate not
//!   yet paired, and they answer nothing but the pairing's own messages.
//!
//! Like the public port (`crate::share`), it runs on one thread of its own with a
//! current-thread tokio runtime; file work runs on the runtime's blocking threads.

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::io;
use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError, RwLock, mpsc};
use std::thread::JoinHandle;
use std::time::{Duration, Instant, SystemTime};

use axum::Router;
use axum::body::Bytes;
use axum::extract::connect_info::Connected;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Path, RawQuery, State};
use axum::http::{StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::serve::IncomingStream;
use futures_util::Stream;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::{Notify, oneshot, watch};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::server::TlsStream;

use super::identity::Fingerprint;
use super::paired::PairedDevices;
use super::pairing::{HubPairing, Paired, PairingCode, PairingError, PairingOffer};
use super::store::{self, SyncError};
use super::tls::peer_fingerprint;
use crate::event::{DeviceId, Entry, Hlc};
use crate::record;

/// How long a stopping server lets the requests under way finish.
const GRACE: Duration = Duration::from_millis(500);
/// The most [`PeerServer::stop`] waits for its thread to end.
const STOP_WAIT: Duration = Duration::from_millis(1000);
/// A TLS handshake that takes longer than this is dropped.
const HANDSHAKE: Duration = Duration::from_secs(10);
/// The largest push taken at once: a long day's journal with room to spare.
pub const MAX_PUSH: usize = 64 << 20;

/// The name of the server's thread.
pub const THREAD: &str = "convene-peers";

/// What the peer port serves, and where.
#[derive(Clone)]
pub struct PeerConfig {
    /// The record folder whose journals are synced.
    pub record: PathBuf,
    /// The hub's TLS configuration ([`super::hub_config`] of its identity).
    pub tls: Arc<rustls::ServerConfig>,
    /// The devices paired with the hub (refresh with [`PeerServer::refresh_paired`]).
    pub paired: PairedDevices,
    /// The address to listen on: 0.0.0.0 on a laptop, 127.0.0.1 in tests.
    pub bind: IpAddr,
    /// The port (0: any free port).
    pub port: u16,
    /// The data folder: a note-taker paired here is kept in its `peer/paired.json`.
    pub data: PathBuf,
    /// The hub's own device (pairing binds it).
    pub device: DeviceId,
    /// The fingerprint of the hub's own certificate, the one `tls` presents (pairing binds it).
    pub fingerprint: Fingerprint,
}

/// What the peer port tells the live screen.
#[derive(Clone, Debug, PartialEq)]
pub enum PeerEvent {
    /// A note-taker's lines, durable in its journal here, in order.
    Received { device: DeviceId, entries: Vec<Entry> },
    /// A note-taker's lines that the hub keeps in its journal but that do not count.
    Refused { device: DeviceId, what: String },
    /// The server stopped by itself: one line saying why.
    Stopped(String),
    /// A note-taker paired with the code shown: kept in `paired.json`, and let in at once.
    Paired { device: DeviceId },
    /// A pairing attempt failed (the code is spent): one line saying why and what to do.
    PairingFailed(String),
}

/// What the hub knows of a paired note-taker, for its status line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeviceStatus {
    pub device: DeviceId,
    /// When a request of it last reached the hub (none since the hub started: `None`).
    pub last_heard: Option<SystemTime>,
    /// How far its own journal goes, as it last said (`GET /v1/heads?mine=N`).
    pub reported: Option<u64>,
    /// How far the hub's copy of its journal goes.
    pub stored: u64,
}

impl DeviceStatus {
    /// Its lines the hub does not hold yet, as far as the hub knows.
    pub fn pending(&self) -> u64 {
        self.reported.map_or(0, |mine| mine.saturating_sub(self.stored))
    }
}

/// Why the peer port could not start. One line each: what, where, what to do.
#[derive(Debug, thiserror::Error)]
pub enum PeerError {
    #[error(
        "cannot open the port for note-takers on {addr}: {source}; choose another port (0 for any free one)"
    )]
    Bind { addr: SocketAddr, source: io::Error },
    #[error("cannot start the server for note-takers: {source}")]
    Thread { source: io::Error },
}

type Callback = Box<dyn Fn(PeerEvent) + Send>;

/// The live screen's callback.
#[derive(Clone)]
struct Events(Arc<Mutex<Callback>>);

impl Events {
    fn send(&self, event: PeerEvent) {
        let events = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        events(event);
    }
}

/// Each journal's last entry.
pub type Heads = BTreeMap<DeviceId, u64>;

/// The code on the facilitator's screen and the one pairing it allows.
#[derive(Default)]
struct Pairing {
    offer: Option<PairingOffer>,
    /// The pairing answered, waiting for its proof, by the certificate that sent the hello.
    under_way: Option<(Fingerprint, HubPairing)>,
}

/// When a paired note-taker was last heard, and how far it said its journal goes.
#[derive(Clone, Copy, Default)]
struct Heard {
    at: Option<SystemTime>,
    reported: Option<u64>,
}

/// What every handler shares.
struct Server {
    record: PathBuf,
    data: PathBuf,
    device: DeviceId,
    fingerprint: Fingerprint,
    paired: RwLock<PairedDevices>,
    pairing: Mutex<Pairing>,
    heard: Mutex<BTreeMap<DeviceId, Heard>>,
    /// One pairing kept at a time.
    saving: Mutex<()>,
    /// The device whose session changes count.
    facilitator: DeviceId,
    heads: watch::Sender<Heads>,
    /// One write into the record at a time.
    writing: Mutex<()>,
    events: Events,
}

type Shared = Arc<Server>;

/// The hub's peer port, serving until stopped or dropped.
pub struct PeerServer {
    port: u16,
    server: Shared,
    grew: Arc<Notify>,
    shutdown: Option<oneshot::Sender<()>>,
    stopping: Arc<AtomicBool>,
    thread: Option<(JoinHandle<()>, mpsc::Receiver<()>)>,
}

impl PeerServer {
    /// Binds at once (a port in use is an error here), then serves on its own thread.
    /// `events` is called from that thread: with every batch of lines received once durable,
    /// with lines that do not count, and once if the server stops by itself.
    pub fn start(
        config: PeerConfig,
        events: impl Fn(PeerEvent) + Send + 'static,
    ) -> Result<PeerServer, PeerError> {
        let addr = SocketAddr::new(config.bind, config.port);
        let bind_error = |source| PeerError::Bind { addr, source };
        let listener = TcpListener::bind(addr).map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let local = listener.local_addr().map_err(bind_error)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .enable_time()
            .build()
            .map_err(|source| PeerError::Thread { source })?;
        let facilitator = record::read_journal(&config.record)
            .map(|contents| record::facilitator(&contents.entries))
            .unwrap_or(DeviceId::FORMAT_1);
        let events = Events(Arc::new(Mutex::new(Box::new(events))));
        let (heads, _) = watch::channel(store::heads(&config.record));
        let server = Arc::new(Server {
            record: config.record,
            data: config.data,
            device: config.device,
            fingerprint: config.fingerprint,
            paired: RwLock::new(config.paired),
            pairing: Mutex::new(Pairing::default()),
            heard: Mutex::new(BTreeMap::new()),
            saving: Mutex::new(()),
            facilitator,
            heads,
            writing: Mutex::new(()),
            events: events.clone(),
        });
        let grew = Arc::new(Notify::new());
        let (shutdown, shut) = oneshot::channel();
        let stopping = Arc::new(AtomicBool::new(false));
        let (done, ended) = mpsc::channel();
        let handle = {
            let (stopping, grew, server) = (stopping.clone(), grew.clone(), server.clone());
            let acceptor = TlsAcceptor::from(config.tls);
            std::thread::Builder::new()
                .name(THREAD.into())
                .spawn(move || {
                    let serve = || serve(runtime, listener, acceptor, server, grew, shut);
                    guarded(serve, &stopping, &events);
                    let _ = done.send(());
                })
                .map_err(|source| PeerError::Thread { source })?
        };
        Ok(PeerServer {
            port: local.port(),
            server,
            grew,
            shutdown: Some(shutdown),
            stopping,
            thread: Some((handle, ended)),
        })
    }

    /// The port it listens on.
    pub fn port(&self) -> u16 {
        self.port
    }

    /// Replaces the paired devices it lets in (after a pairing, or forgetting one).
    pub fn refresh_paired(&self, devices: PairedDevices) {
        *self.server.paired.write().unwrap_or_else(PoisonError::into_inner) = devices;
    }

    /// Shows a new pairing code: valid 5 minutes, for one attempt. It replaces any earlier
    /// code (and a pairing under way with it).
    pub fn offer_pairing(&self) -> Result<PairingCode, PairingError> {
        Ok(self.offer_pairing_with(PairingOffer::new(Instant::now())?))
    }

    /// [`PeerServer::offer_pairing`] with an offer made elsewhere (a given code or deadline).
    pub fn offer_pairing_with(&self, offer: PairingOffer) -> PairingCode {
        let code = offer.code().clone();
        let mut pairing = self.server.pairing.lock().unwrap_or_else(PoisonError::into_inner);
        *pairing = Pairing { offer: Some(offer), under_way: None };
        code
    }

    /// Every paired note-taker: when it was last heard, how far it says its journal goes and
    /// how far the hub's copy goes. No I/O: cheap enough for every frame.
    pub fn status(&self) -> Vec<DeviceStatus> {
        let devices: Vec<DeviceId> = {
            let paired = self.server.paired.read().unwrap_or_else(PoisonError::into_inner);
            paired.note_takers.iter().map(|n| n.device).collect()
        };
        let heard = self.server.heard.lock().unwrap_or_else(PoisonError::into_inner).clone();
        let heads = self.server.heads.borrow().clone();
        devices
            .into_iter()
            .map(|device| {
                let Heard { at, reported } = heard.get(&device).copied().unwrap_or_default();
                let stored = heads.get(&device).copied().unwrap_or(0);
                DeviceStatus { device, last_heard: at, reported, stored }
            })
            .collect()
    }

    /// Says that journals grew here (the hub's writer's batches, the inbox): the feed
    /// announces the new heads. Never blocks.
    pub fn journals_grew(&self) {
        self.grew.notify_one();
    }

    /// Stops serving and joins the thread (never waits more than about 1 s).
    pub fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        self.shutdown.take();
        if let Some((handle, done)) = self.thread.take()
            && (done.recv_timeout(STOP_WAIT).is_ok() || handle.is_finished())
        {
            let _ = handle.join();
        }
    }
}

impl Drop for PeerServer {
    fn drop(&mut self) {
        self.stop_now();
    }
}

/// Runs the server, catching a panic: the live screen hears why it stopped (unless asked to).
fn guarded(serve: impl FnOnce() -> io::Result<()>, stopping: &AtomicBool, events: &Events) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(serve));
    let why = match outcome {
        Ok(Ok(())) if stopping.load(Ordering::SeqCst) => return,
        Ok(Ok(())) => "it ended".to_string(),
        Ok(Err(error)) => error.to_string(),
        Err(_) => "an internal error".to_string(),
    };
    events.send(PeerEvent::Stopped(format!("the note-takers' sync stopped: {why}")));
}

/// Connections whose TLS handshake is done, accepted on their own tasks so that one slow
/// handshake holds up no other.
struct TlsListener {
    ready: tokio::sync::mpsc::Receiver<(TlsStream<tokio::net::TcpStream>, SocketAddr)>,
    local: SocketAddr,
}

impl axum::serve::Listener for TlsListener {
    type Io = TlsStream<tokio::net::TcpStream>;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        match self.ready.recv().await {
            Some(ready) => ready,
            None => std::future::pending().await,
        }
    }

    fn local_addr(&self) -> io::Result<SocketAddr> {
        Ok(self.local)
    }
}

async fn handshakes(
    listener: tokio::net::TcpListener,
    acceptor: TlsAcceptor,
    ready: tokio::sync::mpsc::Sender<(TlsStream<tokio::net::TcpStream>, SocketAddr)>,
) {
    loop {
        let Ok((socket, addr)) = listener.accept().await else {
            // Out of file descriptors and the like: wait a little rather than spin.
            tokio::time::sleep(Duration::from_millis(50)).await;
            continue;
        };
        let (acceptor, ready) = (acceptor.clone(), ready.clone());
        tokio::spawn(async move {
            if let Ok(Ok(tls)) = tokio::time::timeout(HANDSHAKE, acceptor.accept(socket)).await {
                let _ = ready.send((tls, addr)).await;
            }
        });
    }
}

/// The client certificate of a connection, by its fingerprint.
#[derive(Clone, Copy, Debug)]
struct Caller(Option<Fingerprint>);

impl Connected<IncomingStream<'_, TlsListener>> for Caller {
    fn connect_info(stream: IncomingStream<'_, TlsListener>) -> Caller {
        Caller(peer_fingerprint(stream.io().get_ref().1))
    }
}

fn serve(
    runtime: tokio::runtime::Runtime,
    listener: TcpListener,
    acceptor: TlsAcceptor,
    server: Shared,
    grew: Arc<Notify>,
    shut: oneshot::Receiver<()>,
) -> io::Result<()> {
    use futures_util::future::{Either, select};
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)?;
        let local = listener.local_addr()?;
        let (sender, ready) = tokio::sync::mpsc::channel(16);
        tokio::spawn(handshakes(listener, acceptor, sender));
        tokio::spawn(follow_growth(server.clone(), grew));
        let app = routes(server);
        let (stopping, stopped) = oneshot::channel::<()>();
        let server = axum::serve(
            TlsListener { ready, local },
            app.into_make_service_with_connect_info::<Caller>(),
        )
        .with_graceful_shutdown(async move {
            let _ = shut.await;
            let _ = stopping.send(());
        });
        let server = std::pin::pin!(std::future::IntoFuture::into_future(server));
        match select(server, stopped).await {
            Either::Left((result, _)) => result,
            Either::Right((_, server)) => {
                let _ = tokio::time::timeout(GRACE, server).await;
                Ok(())
            }
        }
    })
}

/// Reads the heads again whenever the hub says its journals grew.
async fn follow_growth(server: Shared, grew: Arc<Notify>) {
    loop {
        grew.notified().await;
        server.announce().await;
    }
}

impl Server {
    /// Reads every journal's head and tells the feed when they changed.
    async fn announce(self: &Arc<Self>) {
        let record = self.record.clone();
        if let Ok(heads) = tokio::task::spawn_blocking(move || store::heads(&record)).await {
            self.heads_read(heads);
        }
    }

    /// Takes the heads just read: the feed hears of a change.
    fn heads_read(&self, heads: Heads) {
        self.heads.send_if_modified(|old| {
            let changed = *old != heads;
            *old = heads;
            changed
        });
    }

    /// The paired note-taker that presented this certificate (heard from now), else 403.
    fn device(&self, caller: Caller) -> Result<DeviceId, Refusal> {
        let device = {
            let paired = self.paired.read().unwrap_or_else(PoisonError::into_inner);
            caller
                .0
                .and_then(|presented| paired.note_taker_by_fingerprint(presented))
                .map(|n| n.device)
        };
        let device = device.ok_or_else(|| {
            Refusal(
                StatusCode::FORBIDDEN,
                "this device is not paired with the hub; pair it first".into(),
            )
        })?;
        self.heard(device, |heard| heard.at = Some(SystemTime::now()));
        Ok(device)
    }

    fn heard(&self, device: DeviceId, change: impl FnOnce(&mut Heard)) {
        let mut heard = self.heard.lock().unwrap_or_else(PoisonError::into_inner);
        change(heard.entry(device).or_default());
    }

    /// Keeps a note-taker just paired: in `paired.json`, then in the devices let in.
    fn keep(&self, paired: &Paired) -> Result<(), super::PairedError> {
        let _one = self.saving.lock().unwrap_or_else(PoisonError::into_inner);
        let mut devices = self.paired.read().unwrap_or_else(PoisonError::into_inner).clone();
        devices.add_note_taker(paired, chrono::Utc::now());
        devices.save(&self.data)?;
        *self.paired.write().unwrap_or_else(PoisonError::into_inner) = devices;
        self.heard(paired.device, |heard| heard.at = Some(SystemTime::now()));
        Ok(())
    }
}

fn routes(server: Shared) -> Router {
    Router::new()
        .route("/v1/heads", get(heads))
        .route("/v1/journals/{device}", get(pull).post(push))
        .route("/v1/feed", get(feed))
        .route("/v1/agenda", get(agenda))
        .route("/v1/record", get(record_name))
        .route("/v1/pair/hello", post(pair_hello))
        .route("/v1/pair/proof", post(pair_proof))
        .layer(DefaultBodyLimit::max(MAX_PUSH))
        .with_state(server)
}

/// A JSON answer.
struct Json(serde_json::Value);

impl IntoResponse for Json {
    fn into_response(self) -> Response {
        ([(header::CONTENT_TYPE, "application/json")], self.0.to_string()).into_response()
    }
}

/// A request refused, and why.
struct Refusal(StatusCode, String);

impl IntoResponse for Refusal {
    fn into_response(self) -> Response {
        error(self.0, &self.1)
    }
}

fn error(status: StatusCode, why: &str) -> Response {
    (status, Json(json!({ "error": why }))).into_response()
}

fn internal(why: impl std::fmt::Display) -> Response {
    error(StatusCode::INTERNAL_SERVER_ERROR, &why.to_string())
}

fn now() -> Hlc {
    Hlc::of(chrono::Utc::now().fixed_offset())
}

fn heads_json(heads: &Heads) -> serde_json::Value {
    let heads: BTreeMap<String, u64> = heads.iter().map(|(d, s)| (d.to_string(), *s)).collect();
    json!({ "heads": heads, "server_clock": now().0 })
}

#[derive(Deserialize)]
struct Mine {
    mine: Option<u64>,
}

async fn heads(
    State(server): State<Shared>,
    ConnectInfo(caller): ConnectInfo<Caller>,
    RawQuery(query): RawQuery,
) -> Response {
    let device = match server.device(caller) {
        Ok(device) => device,
        Err(refused) => return refused.into_response(),
    };
    let mine = match serde_urlencoded::from_str::<Mine>(query.as_deref().unwrap_or("")) {
        Ok(mine) => mine.mine,
        Err(e) => {
            let why = format!("mine=N takes how far this laptop's journal goes ({e})");
            return error(StatusCode::BAD_REQUEST, &why);
        }
    };
    if let Some(mine) = mine {
        server.heard(device, |heard| heard.reported = Some(mine));
    }
    let record = server.record.clone();
    match tokio::task::spawn_blocking(move || store::heads(&record)).await {
        Ok(heads) => {
            let answer = Json(heads_json(&heads)).into_response();
            server.heads_read(heads);
            answer
        }
        Err(e) => internal(e),
    }
}

#[derive(Deserialize)]
struct After {
    #[serde(default)]
    after: u64,
}

/// `after=N` of the query (0 when absent).
fn after(query: Option<String>) -> Result<u64, Refusal> {
    let parsed: After =
        serde_urlencoded::from_str(query.as_deref().unwrap_or("")).map_err(|e| {
            Refusal(StatusCode::BAD_REQUEST, format!("after=N takes an entry number ({e})"))
        })?;
    Ok(parsed.after)
}

fn device_in_path(text: &str) -> Result<DeviceId, Refusal> {
    text.parse()
        .map_err(|e: crate::event::BadDeviceId| Refusal(StatusCode::NOT_FOUND, e.to_string()))
}

async fn pull(
    State(server): State<Shared>,
    ConnectInfo(caller): ConnectInfo<Caller>,
    Path(device): Path<String>,
    RawQuery(query): RawQuery,
) -> Response {
    if let Err(refused) = server.device(caller) {
        return refused.into_response();
    }
    let (device, after) = match device_in_path(&device).and_then(|d| Ok((d, after(query)?))) {
        Ok(found) => found,
        Err(refused) => return refused.into_response(),
    };
    let record = server.record.clone();
    match tokio::task::spawn_blocking(move || store::lines_since(&record, device, after)).await {
        Ok(Ok(lines)) => ([(header::CONTENT_TYPE, "application/jsonl")], lines).into_response(),
        Ok(Err(e)) => internal(e),
        Err(e) => internal(e),
    }
}

async fn push(
    State(server): State<Shared>,
    ConnectInfo(caller): ConnectInfo<Caller>,
    Path(device): Path<String>,
    RawQuery(query): RawQuery,
    body: Bytes,
) -> Response {
    let caller = match server.device(caller) {
        Ok(caller) => caller,
        Err(refused) => return refused.into_response(),
    };
    let (device, after) = match device_in_path(&device).and_then(|d| Ok((d, after(query)?))) {
        Ok(found) => found,
        Err(refused) => return refused.into_response(),
    };
    if device != caller {
        return error(StatusCode::FORBIDDEN, "a device writes only its own journal");
    }
    let shared = server.clone();
    let accepted = tokio::task::spawn_blocking(move || {
        let _one = shared.writing.lock().unwrap_or_else(PoisonError::into_inner);
        store::accept_entries(&shared.record, device, after, &body)
    })
    .await;
    let entries = match accepted {
        Ok(Ok(entries)) => entries,
        Ok(Err(SyncError::Gap { have, .. })) => {
            return (StatusCode::CONFLICT, Json(json!({ "have": have }))).into_response();
        }
        Ok(Err(SyncError::Forked { .. })) => {
            return (StatusCode::CONFLICT, Json(json!({ "forked": true }))).into_response();
        }
        Ok(Err(e @ SyncError::BadLine { .. })) => {
            return error(StatusCode::BAD_REQUEST, &e.to_string());
        }
        Ok(Err(e)) => return internal(e),
        Err(e) => return internal(e),
    };
    let added = entries.len();
    if !entries.is_empty() {
        if device != server.facilitator {
            let refused = entries.iter().filter(|e| e.change.runs_sessions()).count();
            if refused > 0 {
                server.events.send(PeerEvent::Refused {
                    device,
                    what: format!(
                        "{refused} session change(s) from {device} kept in its journal but ignored: only the facilitator's laptop runs the sessions"
                    ),
                });
            }
        }
        server.events.send(PeerEvent::Received { device, entries });
        server.announce().await;
    }
    Json(json!({ "added": added })).into_response()
}

async fn feed(State(server): State<Shared>, ConnectInfo(caller): ConnectInfo<Caller>) -> Response {
    if let Err(refused) = server.device(caller) {
        return refused.into_response();
    }
    let watching = server.heads.subscribe();
    feed_stream(watching).into_response()
}

fn feed_stream(
    watching: watch::Receiver<Heads>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let events =
        futures_util::stream::unfold((watching, true), |(mut watching, first)| async move {
            if !first && watching.changed().await.is_err() {
                return None;
            }
            let data = heads_json(&watching.borrow_and_update()).to_string();
            Some((Ok(Event::default().event("heads").data(data)), (watching, false)))
        });
    Sse::new(events).keep_alive(KeepAlive::new().interval(Duration::from_secs(15)))
}

async fn agenda(
    State(server): State<Shared>,
    ConnectInfo(caller): ConnectInfo<Caller>,
) -> Response {
    if let Err(refused) = server.device(caller) {
        return refused.into_response();
    }
    let record = server.record.clone();
    let read = tokio::task::spawn_blocking(move || {
        let contents = record::read_journal(&record)?;
        record::agenda_as_run(&record, &contents).map(|(text, _)| text)
    })
    .await;
    match read {
        Ok(Ok(text)) => ([(header::CONTENT_TYPE, "application/toml")], text).into_response(),
        Ok(Err(e)) => internal(e),
        Err(e) => internal(e),
    }
}

async fn record_name(
    State(server): State<Shared>,
    ConnectInfo(caller): ConnectInfo<Caller>,
) -> Response {
    if let Err(refused) = server.device(caller) {
        return refused.into_response();
    }
    let record = server.record.clone();
    let read = tokio::task::spawn_blocking(move || record::read_journal(&record)).await;
    let name = server.record.file_name().map(|n| n.to_string_lossy().into_owned());
    match read {
        Ok(Ok(contents)) => {
            // The record's header says which event it is: a replica of another of the same
            // name is told apart by it.
            let header = contents.header;
            let title = header.as_ref().map(|h| h.title.clone()).unwrap_or_default();
            let created = header.as_ref().map(|h| h.created.to_rfc3339());
            let creator = header.as_ref().map(|h| h.device().to_string());
            Json(json!({ "name": name, "title": title, "created": created, "creator": creator }))
                .into_response()
        }
        Ok(Err(e)) => internal(e),
        Err(e) => internal(e),
    }
}

/// A refusal of a pairing message: the error, and a word a client can act on.
fn pairing_refused(status: StatusCode, why: &str, reason: &str) -> Response {
    (status, Json(json!({ "error": why, "reason": reason }))).into_response()
}

/// The certificate the caller presented (the TLS layer requires one).
fn presented(caller: Caller) -> Result<Fingerprint, Refusal> {
    caller.0.ok_or_else(|| {
        Refusal(
            StatusCode::FORBIDDEN,
            "pairing needs this laptop's certificate; use convene join".into(),
        )
    })
}

/// `POST /v1/pair/hello`: a note-taker's hello, answered with the challenge. Takes the code's
/// one attempt.
async fn pair_hello(
    State(server): State<Shared>,
    ConnectInfo(caller): ConnectInfo<Caller>,
    hello: Bytes,
) -> Response {
    let presented = match presented(caller) {
        Ok(presented) => presented,
        Err(refused) => return refused.into_response(),
    };
    let answered = {
        let mut pairing = server.pairing.lock().unwrap_or_else(PoisonError::into_inner);
        let Some(offer) = pairing.offer.as_mut() else {
            return pairing_refused(
                StatusCode::FORBIDDEN,
                "no pairing code is shown on the facilitator's screen; ask the facilitator to show one",
                "no-code",
            );
        };
        let now = Instant::now();
        HubPairing::answer(offer, server.device, server.fingerprint, &hello, presented, now).map(
            |(under_way, challenge)| {
                pairing.under_way = Some((presented, under_way));
                challenge
            },
        )
    };
    match answered {
        Ok(challenge) => ([(header::CONTENT_TYPE, "application/json")], challenge).into_response(),
        Err(e @ PairingError::Expired) => {
            server.events.send(PeerEvent::PairingFailed(
                "pairing failed: a note-taker typed a code that had expired; show a new code"
                    .into(),
            ));
            pairing_refused(StatusCode::FORBIDDEN, &e.to_string(), "expired")
        }
        Err(e @ PairingError::Used) => {
            pairing_refused(StatusCode::FORBIDDEN, &e.to_string(), "used")
        }
        Err(e) => pairing_refused(StatusCode::BAD_REQUEST, &e.to_string(), "bad-message"),
    }
}

/// `POST /v1/pair/proof`: the note-taker's proof; on success it is paired (kept, let in at
/// once) and gets the welcome.
async fn pair_proof(
    State(server): State<Shared>,
    ConnectInfo(caller): ConnectInfo<Caller>,
    proof: Bytes,
) -> Response {
    let presented = match presented(caller) {
        Ok(presented) => presented,
        Err(refused) => return refused.into_response(),
    };
    let under_way = {
        let mut pairing = server.pairing.lock().unwrap_or_else(PoisonError::into_inner);
        match pairing.under_way.take() {
            Some((sender, under_way)) if sender == presented => Some(under_way),
            other => {
                pairing.under_way = other;
                None
            }
        }
    };
    let Some(under_way) = under_way else {
        return pairing_refused(
            StatusCode::FORBIDDEN,
            "no pairing is under way for this laptop; type the code shown on the facilitator's screen",
            "no-pairing",
        );
    };
    let device = under_way.note_taker();
    let (paired, welcome) = match under_way.finish(&proof, Instant::now()) {
        Ok(finished) => finished,
        Err(e) => {
            let (why, reason) = match e {
                PairingError::Expired => ("the code expired before it was confirmed", "expired"),
                PairingError::Failed => {
                    ("the code typed was wrong or another device is in between", "failed")
                }
                _ => ("its proof was not valid", "bad-message"),
            };
            server.events.send(PeerEvent::PairingFailed(format!(
                "pairing with {device} failed: {why}; show a new code"
            )));
            return pairing_refused(StatusCode::FORBIDDEN, &e.to_string(), reason);
        }
    };
    let shared = server.clone();
    match tokio::task::spawn_blocking(move || shared.keep(&paired)).await {
        Ok(Ok(())) => {
            server.events.send(PeerEvent::Paired { device });
            ([(header::CONTENT_TYPE, "application/json")], welcome).into_response()
        }
        Ok(Err(e)) => {
            server
                .events
                .send(PeerEvent::PairingFailed(format!("pairing with {device} failed: {e}")));
            internal(e)
        }
        Err(e) => internal(e),
    }
}
