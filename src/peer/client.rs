//! The note-taker's side of the peer port: a blocking HTTP client (ureq) whose TLS is this
//! installation's rustls configuration ([`super::note_taker_config`]: its own certificate, the
//! hub's pinned). ureq's own TLS settings take roots and a client certificate, not a
//! certificate pinned by fingerprint, so the TLS layer is plugged in as a ureq connector over
//! its TCP connector; HTTP stays ureq's.

use std::collections::BTreeMap;
use std::fmt;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, mpsc};
use std::time::Duration;

use rustls::pki_types::ServerName;
use rustls::{ClientConfig, ClientConnection, StreamOwned};
use ureq::unversioned::resolver::DefaultResolver;

use super::store::{self, SyncError};
use crate::event::{DeviceId, Entry};
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, Either, LazyBuffers, NextTimeout, TcpConnector,
    Transport, TransportAdapter,
};

/// The server name given to rustls: the pinned fingerprint, not a name, says who the hub is.
pub(super) const HUB_NAME: &str = "hub.convene.invalid";

/// A ureq agent speaking TLS with `tls` (from [`super::note_taker_config`]), answering 4xx and
/// 5xx as responses (the sync reads 409's body), giving up on a request after `timeout`.
pub fn agent(tls: Arc<ClientConfig>, timeout: Duration) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(timeout))
        .build();
    let connector = TcpConnector::default().chain(PinnedTls { tls });
    ureq::Agent::with_parts(config, connector, DefaultResolver::default())
}

/// Wraps the TCP connection in TLS with this installation's configuration.
struct PinnedTls {
    tls: Arc<ClientConfig>,
}

impl fmt::Debug for PinnedTls {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("PinnedTls")
    }
}

impl<In: Transport> Connector<In> for PinnedTls {
    type Out = Either<In, TlsTransport>;

    fn connect(
        &self,
        details: &ConnectionDetails,
        chained: Option<In>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        let Some(transport) = chained else {
            return Err(ureq::Error::ConnectionFailed);
        };
        if !details.needs_tls() || transport.is_tls() {
            return Ok(Some(Either::A(transport)));
        }
        let name = ServerName::try_from(HUB_NAME)
            .map_err(|_| ureq::Error::Tls("not a server name"))?
            .to_owned();
        let mut connection = ClientConnection::new(self.tls.clone(), name)
            .map_err(|e| ureq::Error::Io(std::io::Error::other(e)))?;
        let mut socket = TransportAdapter::new(transport.boxed(), details.current_time.clone());
        socket.set_timeout(details.timeout);
        connection.complete_io(&mut socket)?;
        let buffers = LazyBuffers::new(
            details.config.input_buffer_size(),
            details.config.output_buffer_size(),
        );
        let stream = StreamOwned { conn: connection, sock: socket };
        Ok(Some(Either::B(TlsTransport { buffers, stream })))
    }
}

/// A TLS connection to the hub, as ureq's transport.
pub struct TlsTransport {
    buffers: LazyBuffers,
    stream: StreamOwned<ClientConnection, TransportAdapter>,
}

impl fmt::Debug for TlsTransport {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("TlsTransport")
    }
}

impl Transport for TlsTransport {
    fn buffers(&mut self) -> &mut dyn Buffers {
        &mut self.buffers
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let output = &self.buffers.output()[..amount];
        self.stream.write_all(output)?;
        Ok(())
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.stream.get_mut().set_timeout(timeout);
        let input = self.buffers.input_append_buf();
        let amount = self.stream.read(input)?;
        self.buffers.input_appended(amount);
        Ok(amount > 0)
    }

    fn is_open(&mut self) -> bool {
        self.stream.get_mut().get_mut().is_open()
    }

    fn is_tls(&self) -> bool {
        true
    }
}

/// What the note-taker's sync tells its screen.
#[derive(Clone, Debug, PartialEq)]
pub enum SyncEvent {
    /// Lines of another device, durable in this replica now, in order.
    Received { device: DeviceId, entries: Vec<Entry> },
    /// The hub answered again (after a start or an outage).
    Online,
    /// The hub cannot be reached or refused: one line why. Capturing goes on locally; the
    /// sync catches up in both directions when the hub answers again.
    Offline(String),
    /// After each round, how many of this laptop's lines the hub does not hold yet, as far as
    /// it last heard (0: everything delivered). Not sent before the hub was first reached.
    Pending(u64),
}

/// Where the note-taker syncs with.
#[derive(Clone)]
pub struct SyncTarget {
    /// The replica of the record on this laptop.
    pub record: PathBuf,
    /// This laptop's device: its own journal is pushed, never written here.
    pub device: DeviceId,
    /// The hub's peer port, `host:port`.
    pub hub: String,
    /// [`super::note_taker_config`] with the hub's pinned fingerprint.
    pub tls: Arc<ClientConfig>,
}

/// How long a request may take before the hub counts as unreachable.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the feed is held before it is opened again (the hub's keep-alives come every 15 s).
const FEED_TIMEOUT: Duration = Duration::from_secs(40);
/// Between two rounds, at most this long without news (the feed down, a missed wake-up):
/// the feed and this laptop's own writes wake the worker at once, so this only keeps the
/// hub's "last heard" fresh and notices a network gone quiet.
const ROUND_EVERY: Duration = Duration::from_secs(15);
/// After a failed round, wait this long before the next one, twice as long after each
/// further failure, up to [`BACK_OFF_MOST`]: an outage costs little while it lasts.
const BACK_OFF: Duration = Duration::from_millis(500);
const BACK_OFF_MOST: Duration = Duration::from_secs(5);

enum Wake {
    Grew,
    Stop,
}

/// The note-taker's sync: a thread that pushes this laptop's journal to the hub and pulls
/// every other journal into the replica, whenever either grows.
pub struct SyncWorker {
    wake: mpsc::Sender<Wake>,
    stopping: Arc<AtomicBool>,
    handle: Option<std::thread::JoinHandle<()>>,
    /// When a round last reached the hub.
    heard: Arc<std::sync::Mutex<Option<std::time::SystemTime>>>,
}

impl SyncWorker {
    /// Starts syncing at once; `events` is called from the worker's threads.
    pub fn start(
        target: SyncTarget,
        events: impl Fn(SyncEvent) + Send + Sync + 'static,
    ) -> std::io::Result<SyncWorker> {
        let (wake, woken) = mpsc::channel();
        let stopping = Arc::new(AtomicBool::new(false));
        let events: Arc<dyn Fn(SyncEvent) + Send + Sync> = Arc::new(events);
        {
            let (target, wake, stopping) = (target.clone(), wake.clone(), stopping.clone());
            std::thread::Builder::new()
                .name("convene-sync-feed".into())
                .spawn(move || follow_feed(&target, &wake, &stopping))?;
        }
        let heard = Arc::new(std::sync::Mutex::new(None));
        let handle = {
            let (stopping, heard) = (stopping.clone(), heard.clone());
            std::thread::Builder::new()
                .name("convene-sync".into())
                .spawn(move || run(&target, &woken, &stopping, &heard, &*events))?
        };
        Ok(SyncWorker { wake, stopping, handle: Some(handle), heard })
    }

    /// When a round last reached the hub (read by the screen when it draws anyway: the sync
    /// does not wake it for this).
    pub fn last_heard(&self) -> Option<std::time::SystemTime> {
        *self.heard.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Says this laptop's journal grew: it is pushed now. Never blocks.
    pub fn journal_grew(&self) {
        let _ = self.wake.send(Wake::Grew);
    }

    /// Stops the sync (a request under way may take up to its timeout to end; it is left
    /// to end by itself).
    pub fn stop(mut self) {
        self.stop_now();
    }

    fn stop_now(&mut self) {
        self.stopping.store(true, Ordering::SeqCst);
        let _ = self.wake.send(Wake::Stop);
        if let Some(handle) = self.handle.take()
            && handle.is_finished()
        {
            let _ = handle.join();
        }
    }
}

impl Drop for SyncWorker {
    fn drop(&mut self) {
        self.stop_now();
    }
}

fn run(
    target: &SyncTarget,
    woken: &mpsc::Receiver<Wake>,
    stopping: &AtomicBool,
    heard: &std::sync::Mutex<Option<std::time::SystemTime>>,
    events: &(dyn Fn(SyncEvent) + Send + Sync),
) {
    let agent = agent(target.tls.clone(), REQUEST_TIMEOUT);
    let mut online: Option<bool> = None;
    let mut progress = Progress::default();
    // What the screen was last told is pending: told again only when it changes.
    let mut told: Option<u64> = None;
    let mut back_off = BACK_OFF;
    while !stopping.load(Ordering::SeqCst) {
        let outcome = round(&agent, target, &mut progress, events);
        if let Some(delivered) = progress.delivered {
            let pending = progress.mine.saturating_sub(delivered);
            if told != Some(pending) {
                events(SyncEvent::Pending(pending));
                told = Some(pending);
            }
        }
        let wait = match outcome {
            Ok(()) => {
                *heard.lock().unwrap_or_else(std::sync::PoisonError::into_inner) =
                    Some(std::time::SystemTime::now());
                if online != Some(true) {
                    events(SyncEvent::Online);
                    online = Some(true);
                }
                back_off = BACK_OFF;
                ROUND_EVERY
            }
            Err(why) => {
                if online != Some(false) {
                    events(SyncEvent::Offline(why));
                    online = Some(false);
                }
                let wait = back_off;
                back_off = (back_off * 2).min(BACK_OFF_MOST);
                wait
            }
        };
        match woken.recv_timeout(wait) {
            Ok(Wake::Stop) | Err(mpsc::RecvTimeoutError::Disconnected) => return,
            Ok(Wake::Grew) | Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        // Several wake-ups at once make one round.
        while let Ok(wake) = woken.try_recv() {
            if matches!(wake, Wake::Stop) {
                return;
            }
        }
    }
}

/// Holds the hub's feed open and wakes the worker at each announcement.
fn follow_feed(target: &SyncTarget, wake: &mpsc::Sender<Wake>, stopping: &AtomicBool) {
    use std::io::BufRead;
    let agent = agent(target.tls.clone(), FEED_TIMEOUT);
    while !stopping.load(Ordering::SeqCst) {
        let url = format!("https://{}/v1/feed", target.hub);
        if let Ok(response) = agent.get(&url).call()
            && response.status().as_u16() == 200
        {
            let mut lines = std::io::BufReader::new(response.into_body().into_reader());
            let mut line = String::new();
            while !stopping.load(Ordering::SeqCst) {
                line.clear();
                match lines.read_line(&mut line) {
                    Ok(0) | Err(_) => break,
                    Ok(_) if line.starts_with("data:") => {
                        if wake.send(Wake::Grew).is_err() {
                            return;
                        }
                    }
                    Ok(_) => {}
                }
            }
        }
        std::thread::sleep(BACK_OFF);
    }
}

#[derive(serde::Deserialize)]
struct HubHeads {
    heads: BTreeMap<DeviceId, u64>,
}

pub(super) fn answer(
    response: Result<ureq::http::Response<ureq::Body>, ureq::Error>,
) -> Result<(u16, Vec<u8>), String> {
    let mut response = response.map_err(|e| e.to_string())?;
    let status = response.status().as_u16();
    let body = response.body_mut().read_to_vec().map_err(|e| e.to_string())?;
    Ok((status, body))
}

fn refused(what: &str, status: u16, body: &[u8]) -> String {
    format!("the hub refused {what} ({status}: {})", String::from_utf8_lossy(body).trim())
}

/// How far this laptop's journal goes, and how far the hub's copy of it went when last heard.
#[derive(Default)]
struct Progress {
    mine: u64,
    delivered: Option<u64>,
}

/// The heads the hub tells (`GET /v1/heads`).
pub(super) fn hub_heads(
    agent: &ureq::Agent,
    base: &str,
    mine: Option<u64>,
) -> Result<BTreeMap<DeviceId, u64>, String> {
    let url = match mine {
        Some(mine) => format!("{base}/v1/heads?mine={mine}"),
        None => format!("{base}/v1/heads"),
    };
    let (status, body) = answer(agent.get(url).call())?;
    if status != 200 {
        return Err(refused("to say how far its journals go", status, &body));
    }
    let hub: HubHeads = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
    Ok(hub.heads)
}

/// Why pulling journals from the hub stopped.
pub(super) enum PullError {
    /// No answer: one line why.
    Unreachable(String),
    /// An answer other than 200.
    Refused { status: u16, body: Vec<u8> },
    /// Lines this copy does not take.
    Sync(SyncError),
}

/// Pulls into the record `record` each journal of `wanted` after the entry given, the hub's
/// inboxes after the journals they are named after (`hub`: every journal the hub has), and
/// hands each batch taken, durable, to `received`.
pub(super) fn pull(
    agent: &ureq::Agent,
    base: &str,
    record: &Path,
    hub: &BTreeMap<DeviceId, u64>,
    mut wanted: Vec<(DeviceId, u64)>,
    received: &mut dyn FnMut(DeviceId, Vec<Entry>),
) -> Result<(), PullError> {
    let inboxes: Vec<DeviceId> = hub.keys().map(|d| DeviceId::inbox_of(*d)).collect();
    wanted.sort_by_key(|(device, _)| inboxes.contains(device));
    for (device, after) in wanted {
        let url = format!("{base}/v1/journals/{device}?after={after}");
        let (status, body) = answer(agent.get(&url).call()).map_err(PullError::Unreachable)?;
        if status != 200 {
            return Err(PullError::Refused { status, body });
        }
        let entries =
            store::accept_entries(record, device, after, &body).map_err(PullError::Sync)?;
        if !entries.is_empty() {
            received(device, entries);
        }
    }
    Ok(())
}

/// One exchange: push this laptop's lines the hub lacks, pull every line this replica lacks.
fn round(
    agent: &ureq::Agent,
    target: &SyncTarget,
    progress: &mut Progress,
    events: &(dyn Fn(SyncEvent) + Send + Sync),
) -> Result<(), String> {
    let base = format!("https://{}", target.hub);
    let ours = store::heads(&target.record);
    progress.mine = ours.get(&target.device).copied().unwrap_or(0);
    let hub = HubHeads { heads: hub_heads(agent, &base, Some(progress.mine))? };
    // Push: from where the hub's copy ends (a gap answer says where, once).
    let mut after = hub.heads.get(&target.device).copied().unwrap_or(0);
    progress.delivered = Some(after);
    for _ in 0..2 {
        let lines =
            store::lines_since(&target.record, target.device, after).map_err(|e| e.to_string())?;
        if lines.is_empty() {
            break;
        }
        let url = format!("{base}/v1/journals/{}?after={after}", target.device);
        let (status, body) = answer(agent.post(&url).send(&lines[..]))?;
        match status {
            200 => {
                let added = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v["added"].as_u64())
                    .unwrap_or(0);
                progress.delivered = Some(after + added);
                break;
            }
            409 => {
                let have = serde_json::from_slice::<serde_json::Value>(&body)
                    .ok()
                    .and_then(|v| v["have"].as_u64());
                match have {
                    Some(have) => {
                        after = have;
                        progress.delivered = Some(have);
                    }
                    None => return Err(refused("this laptop's lines", status, &body)),
                }
            }
            _ => return Err(refused("this laptop's lines", status, &body)),
        }
    }
    // Pull: every other journal this replica lacks lines of.
    let wanted: Vec<(DeviceId, u64)> = hub
        .heads
        .iter()
        .filter(|(device, theirs)| {
            **device != target.device && ours.get(device).is_none_or(|mine| mine < theirs)
        })
        .map(|(device, _)| (*device, ours.get(device).copied().unwrap_or(0)))
        .collect();
    let mut received = |device, entries| events(SyncEvent::Received { device, entries });
    pull(agent, &base, &target.record, &hub.heads, wanted, &mut received).map_err(|e| match e {
        PullError::Unreachable(why) => why,
        PullError::Refused { status, body } => refused("a journal", status, &body),
        PullError::Sync(e) => e.to_string(),
    })
}
