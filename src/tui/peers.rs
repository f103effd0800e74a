//! The live screen's side of several note-takers (shared/design/ROOM.md): on the
//! facilitator's laptop, the note-takers' port (with `--share`, or once `N` asks for a
//! pairing code) and the event announced on the network; on a note-taker's laptop, the sync
//! with the hub. Both say on the status line who is paired, when each was last heard from,
//! and what has not been delivered yet. Nothing here waits on the network: the server and
//! the sync run on threads of their own and answer through the loop's channel.

use std::net::IpAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::Sender;
use std::time::{Duration, Instant, SystemTime};

use super::event_loop::Input;
use crate::app::peers::{self as shown, PairingShown};
use crate::app::{App, Msg, plural};
use crate::event::DeviceId;
use crate::live::Now;
use crate::peer::client::{SyncEvent, SyncTarget, SyncWorker};
use crate::peer::discovery::{Advertised, EventInfo};
use crate::peer::server::{PeerConfig, PeerEvent, PeerServer};
use crate::peer::{Fingerprint, PairedDevices};
use crate::recorder::JournalRecorder;

/// The default port of the note-takers' sync (HTTPS) on the facilitator's laptop.
pub const DEFAULT_PEER_PORT: u16 = 8443;

/// What this laptop is to the others.
pub enum Peering {
    /// The facilitator's laptop (or one laptop alone): it serves note-takers once asked.
    Hub(HubSettings),
    /// A note-taker's laptop joined to a hub (`convene join`).
    NoteTaker(JoinedSettings),
}

/// How the facilitator's laptop serves note-takers.
pub struct HubSettings {
    /// Its TLS identity, or why it could not be read or made (said when `N` is pressed).
    pub identity: Result<HubIdentity, String>,
    /// The data directory (the pairings are kept there).
    pub data: PathBuf,
    /// Where the note-takers' port listens (the same address as `--bind`).
    pub bind: IpAddr,
    /// Its port (`--peer-port`; 0 = any free port).
    pub port: u16,
    /// Started with the screen (`--share`); otherwise when `N` asks for a code.
    pub at_start: bool,
}

/// The facilitator's laptop as the note-takers' TLS knows it.
pub struct HubIdentity {
    pub tls: Arc<rustls::ServerConfig>,
    pub device: DeviceId,
    pub fingerprint: Fingerprint,
}

/// How a note-taker's laptop syncs with its hub.
pub struct JoinedSettings {
    pub target: SyncTarget,
    /// The hub's device.
    pub hub: DeviceId,
}

/// The other laptops, from the loop's side.
pub struct Peers {
    role: Role,
    /// When the status line is worked out again at the latest ("heard 3 min ago" moves on
    /// by itself), and the state it was worked out from (`live.applied`): a key that
    /// changes nothing does not make it again.
    status_due: Option<(Instant, u64)>,
}

/// How often the status line is worked out again while nothing happens.
const STATUS_EVERY: Duration = Duration::from_secs(1);

enum Role {
    /// Neither (the loop's tests).
    Off,
    Hub(Box<Hub>),
    NoteTaker(Box<NoteTaker>),
}

impl Default for Peers {
    fn default() -> Peers {
        Peers { role: Role::Off, status_due: None }
    }
}

struct Hub {
    settings: HubSettings,
    /// Asked for and not started yet.
    wanted: bool,
    /// A pairing code was asked for before the server was up.
    pair_asked: bool,
    server: Option<PeerServer>,
    /// The event announced on the network (DNS-SD), while the server serves.
    advertised: Option<Advertised>,
}

struct NoteTaker {
    settings: JoinedSettings,
    worker: Option<SyncWorker>,
    /// The hub answered last at this time; or it did not, and why.
    heard: Option<Result<SystemTime, (SystemTime, String)>>,
    /// This laptop's lines the hub does not have yet, as the sync last counted them.
    pending: Option<u64>,
}

impl Peers {
    pub fn new(peering: Peering) -> Peers {
        let role = match peering {
            Peering::Hub(settings) => Role::Hub(Box::new(Hub {
                wanted: settings.at_start,
                settings,
                pair_asked: false,
                server: None,
                advertised: None,
            })),
            Peering::NoteTaker(settings) => Role::NoteTaker(Box::new(NoteTaker {
                settings,
                worker: None,
                heard: None,
                pending: None,
            })),
        };
        Peers { role, status_due: None }
    }

    /// Whether this laptop joined a hub as a note-taker.
    pub fn joined(&self) -> bool {
        matches!(self.role, Role::NoteTaker(_))
    }

    /// `N`: a pairing code, once the note-takers' port serves (it starts now if needed).
    pub fn pair(&mut self, app: &mut App) {
        self.stale();
        let Role::Hub(hub) = &mut self.role else { return };
        if let Err(why) = &hub.settings.identity {
            app.flash = Some(format!("Cannot pair note-takers: {why}"));
            return;
        }
        hub.wanted |= hub.server.is_none();
        hub.pair_asked = true;
        app.flash = Some("Opening the port for note-takers…".into());
    }

    /// The record's writer saved a batch: this laptop's journal grew (the hub's feed says so,
    /// a note-taker pushes it).
    pub fn journal_grew(&self) {
        match &self.role {
            Role::Hub(hub) => {
                if let Some(server) = &hub.server {
                    server.journals_grew();
                }
            }
            Role::NoteTaker(note_taker) => {
                if let Some(worker) = &note_taker.worker {
                    worker.journal_grew();
                }
            }
            Role::Off => {}
        }
    }

    /// Starts what is wanted once the record exists, and sets the status line. True when
    /// the screen changed.
    pub fn tick(
        &mut self,
        app: &mut App,
        recorder: &JournalRecorder,
        inputs: &Sender<Input>,
        now: Now,
    ) -> bool {
        let mut changed = match &mut self.role {
            Role::Hub(hub) => hub.tick(app, recorder, inputs),
            Role::NoteTaker(note_taker) => note_taker.tick(recorder, inputs),
            Role::Off => return false,
        };
        let due = self
            .status_due
            .is_none_or(|(at, applied)| changed || now.mono >= at || applied != app.live.applied);
        if due {
            self.status_due = Some((now.mono + STATUS_EVERY, app.live.applied));
            let (status, undelivered) = self.status(app, now);
            if (&status, &undelivered) != (&app.peers.status, &app.peers.undelivered) {
                app.peers.status = status;
                app.peers.undelivered = undelivered;
                changed = true;
            }
        }
        changed
    }

    /// Something was heard: the status line is worked out again at the next tick.
    fn stale(&mut self) {
        self.status_due = None;
    }

    /// What the note-takers' port said; the messages it means for the app.
    pub fn heard(
        &mut self,
        app: &mut App,
        recorder: &mut JournalRecorder,
        event: PeerEvent,
    ) -> Vec<Msg> {
        self.stale();
        match event {
            PeerEvent::Received { entries, .. } => {
                // Durable here already: this laptop's next lines sort after them.
                for entry in &entries {
                    recorder.observe(entry);
                }
                vec![Msg::Received(entries)]
            }
            PeerEvent::Refused { what, .. } => {
                app.flash = Some(what);
                Vec::new()
            }
            PeerEvent::Paired { device } => {
                shown::paired(
                    app,
                    format!("Paired note-taker {device}: it receives the record now"),
                );
                Vec::new()
            }
            PeerEvent::PairingFailed(why) => {
                shown::paired(app, why.replace("show a new code", "N shows a new code"));
                Vec::new()
            }
            PeerEvent::Stopped(why) => {
                if let Role::Hub(hub) = &mut self.role {
                    hub.server = None;
                    hub.advertised = None;
                }
                app.flash = Some(format!("{why} · N starts it again"));
                Vec::new()
            }
        }
    }

    /// What the sync with the hub said; the messages it means for the app.
    pub fn synced(&mut self, recorder: &mut JournalRecorder, event: SyncEvent) -> Vec<Msg> {
        self.stale();
        let Role::NoteTaker(note_taker) = &mut self.role else { return Vec::new() };
        match event {
            SyncEvent::Received { entries, .. } => {
                note_taker.heard = Some(Ok(SystemTime::now()));
                for entry in &entries {
                    recorder.observe(entry);
                }
                vec![Msg::Received(entries)]
            }
            SyncEvent::Online => {
                note_taker.heard = Some(Ok(SystemTime::now()));
                Vec::new()
            }
            SyncEvent::Offline(why) => {
                let since = match &note_taker.heard {
                    Some(Err((since, _))) => *since,
                    _ => SystemTime::now(),
                };
                note_taker.heard = Some(Err((since, why)));
                Vec::new()
            }
            SyncEvent::Pending(pending) => {
                if matches!(note_taker.heard, None | Some(Ok(_))) {
                    note_taker.heard = Some(Ok(SystemTime::now()));
                }
                note_taker.pending = Some(pending);
                Vec::new()
            }
        }
    }

    /// The status line and the devices that have not delivered everything.
    fn status(&self, app: &App, now: Now) -> (Option<String>, Vec<String>) {
        match &self.role {
            Role::Hub(hub) => hub.status(app, now),
            Role::NoteTaker(note_taker) => note_taker.status(app, now),
            Role::Off => (None, Vec::new()),
        }
    }

    /// Stops serving and syncing without waiting for either.
    pub fn stop(&mut self) {
        match &mut self.role {
            Role::Hub(hub) => {
                hub.wanted = false;
                let (server, advertised) = (hub.server.take(), hub.advertised.take());
                if server.is_some() || advertised.is_some() {
                    let _ = std::thread::Builder::new()
                        .name("convene-peers-stop".into())
                        .spawn(move || drop((server, advertised)));
                }
            }
            Role::NoteTaker(note_taker) => {
                if let Some(worker) = note_taker.worker.take() {
                    worker.stop();
                }
            }
            Role::Off => {}
        }
    }
}

impl Drop for Peers {
    fn drop(&mut self) {
        self.stop();
    }
}

impl Hub {
    /// Starts the server and makes the code asked for; true when the screen changed.
    fn tick(&mut self, app: &mut App, recorder: &JournalRecorder, inputs: &Sender<Input>) -> bool {
        let mut changed = false;
        if self.server.is_none() && self.wanted && recorder.exists() {
            self.wanted = false;
            self.start(app, recorder, inputs);
            changed = true;
        }
        if self.pair_asked
            && let Some(server) = &self.server
        {
            self.pair_asked = false;
            changed = true;
            match server.offer_pairing() {
                Ok(code) => {
                    let until = chrono::Local::now() + crate::peer::CODE_LIFETIME;
                    let addresses =
                        crate::share::addresses::host_ports(self.settings.bind, server.port());
                    shown::show_pairing(
                        app,
                        PairingShown {
                            addresses,
                            code: code.to_string(),
                            until: until.format("%H:%M").to_string(),
                            outcome: None,
                        },
                    );
                    app.flash = None;
                }
                Err(error) => app.flash = Some(format!("Cannot pair note-takers: {error}")),
            }
        }
        changed
    }

    fn start(&mut self, app: &mut App, recorder: &JournalRecorder, inputs: &Sender<Input>) {
        let Ok(identity) = &self.settings.identity else { return };
        let paired = match PairedDevices::load(&self.settings.data) {
            Ok(paired) => paired,
            Err(error) => {
                app.flash = Some(format!("Cannot serve note-takers: {error}"));
                self.pair_asked = false;
                return;
            }
        };
        let config = PeerConfig {
            record: recorder.dir().to_path_buf(),
            tls: identity.tls.clone(),
            paired,
            bind: self.settings.bind,
            port: self.settings.port,
            data: self.settings.data.clone(),
            device: identity.device,
            fingerprint: identity.fingerprint,
        };
        let sender = inputs.clone();
        match PeerServer::start(config, move |event| {
            let _ = sender.send(Input::Peer(event));
        }) {
            Ok(server) => {
                // Announced on the network, when the network lets it: the typed address is
                // always there besides.
                let info = EventInfo {
                    title: app.live.agenda.title.clone(),
                    record: recorder
                        .dir()
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    device: identity.device,
                };
                self.advertised = Advertised::start(&info, self.settings.bind, server.port()).ok();
                self.server = Some(server);
            }
            Err(error) => {
                self.pair_asked = false;
                app.flash = Some(error.to_string());
            }
        }
    }

    fn status(&self, app: &App, now: Now) -> (Option<String>, Vec<String>) {
        let Some(server) = &self.server else { return (None, Vec::new()) };
        let devices = server.status();
        let ended = app.live.ended_at.map(SystemTime::from);
        let names = short_names(devices.iter().map(|d| d.device));
        let mut parts = Vec::new();
        let mut undelivered = Vec::new();
        for (device, name) in devices.iter().zip(names) {
            let mut part = format!("{name} {}", heard(device.last_heard, now));
            let missing = device.reported.map_or(0, |r| r.saturating_sub(device.stored));
            if missing > 0 {
                part.push_str(&format!(", {} not yet here", plural_lines(missing)));
            }
            // At the end a device counts as delivered once it said so after the end.
            let silent = ended.is_some_and(|end| device.last_heard.is_none_or(|h| h < end));
            if missing > 0 || silent {
                undelivered.push(name);
            }
            parts.push(part);
        }
        let line = if parts.is_empty() {
            format!("note-takers: none paired yet · N pairs one (port {})", server.port())
        } else {
            format!("note-takers: {} · N pairs another", parts.join(" · "))
        };
        (Some(line), if ended.is_some() { undelivered } else { Vec::new() })
    }
}

impl NoteTaker {
    /// Starts the sync once the replica is open; true when the screen changed.
    fn tick(&mut self, recorder: &JournalRecorder, inputs: &Sender<Input>) -> bool {
        if self.worker.is_none() && recorder.exists() {
            let sender = inputs.clone();
            match SyncWorker::start(self.settings.target.clone(), move |event| {
                let _ = sender.send(Input::Sync(event));
            }) {
                Ok(worker) => self.worker = Some(worker),
                Err(error) => {
                    self.heard = Some(Err((SystemTime::now(), error.to_string())));
                }
            }
            return true;
        }
        false
    }

    fn status(&self, app: &App, now: Now) -> (Option<String>, Vec<String>) {
        let name = short_names(std::iter::once(self.settings.hub)).remove(0);
        let hub = format!("hub {name} at {}", self.settings.target.hub);
        let pending = self.pending.map(|n| match n {
            0 => "everything of mine delivered".to_string(),
            n => format!("{} of mine not yet delivered", plural_lines(n)),
        });
        // What matters first: whether the lines get through, then where to; the reason last,
        // where a narrow screen cuts it.
        let parts: Vec<String> = match &self.heard {
            None => vec![format!("note-taker · connecting to the {hub}…")],
            Some(Ok(at)) => {
                // The worker's last round, when later than the last news.
                let last = self.worker.as_ref().and_then(SyncWorker::last_heard).max(Some(*at));
                [Some(format!("note-taker · {hub} {}", heard(last, now))), pending]
                    .into_iter()
                    .flatten()
                    .collect()
            }
            Some(Err((since, why))) => {
                let since = chrono::DateTime::<chrono::Local>::from(*since).format("%H:%M");
                [
                    Some(format!("note-taker OFFLINE since {since}")),
                    pending,
                    Some(format!("capturing goes on here · {hub}: {why}")),
                ]
                .into_iter()
                .flatten()
                .collect()
            }
        };
        let undelivered = if app.live.has_ended() && self.pending != Some(0) {
            vec!["this laptop".to_string()]
        } else {
            Vec::new()
        };
        (Some(parts.join(" · ")), undelivered)
    }
}

/// "heard just now", "heard 3 min ago", "not heard yet": whole minutes, so that the line
/// changes no more often than the clock in the header.
fn heard(at: Option<SystemTime>, now: Now) -> String {
    let Some(at) = at else { return "not heard yet".to_string() };
    let ago = SystemTime::from(now.wall).duration_since(at).unwrap_or(Duration::ZERO);
    match ago.as_secs() / 60 {
        0 => "heard just now".to_string(),
        minutes => format!("heard {minutes} min ago"),
    }
}

fn plural_lines(n: u64) -> String {
    plural(usize::try_from(n).unwrap_or(usize::MAX), "line")
}

/// Each device by the start of its id, as the minutes name it.
fn short_names(devices: impl Iterator<Item = DeviceId>) -> Vec<String> {
    let ids: Vec<String> = devices.map(|d| d.to_string()).collect();
    let mut sorted = ids.clone();
    sorted.sort();
    let prefixes = crate::minutes::journals::prefixes(&sorted);
    ids.iter()
        .map(|id| {
            let at = sorted.binary_search(id).unwrap_or(0);
            format!("`{}`", prefixes.get(at).cloned().unwrap_or_else(|| id.clone()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn last_heard_reads_in_whole_minutes() {
        let now = Now::read();
        let at = |secs: u64| Some(SystemTime::from(now.wall) - Duration::from_secs(secs));
        assert_eq!(heard(None, now), "not heard yet");
        assert_eq!(heard(at(0), now), "heard just now");
        assert_eq!(heard(at(59), now), "heard just now");
        assert_eq!(heard(at(61), now), "heard 1 min ago");
        assert_eq!(heard(at(3 * 60 + 5), now), "heard 3 min ago");
    }

    #[test]
    fn devices_are_named_by_the_start_of_their_id() {
        let a: DeviceId = "aaaabbbbccccddddeeeeffffgg".parse().unwrap_or(DeviceId::new(1));
        let names = short_names([DeviceId::new(0xa0), DeviceId::new(0xb0), a].into_iter());
        assert_eq!(names.len(), 3);
        assert!(names.iter().all(|n| n.starts_with('`') && n.len() >= 6), "{names:?}");
        assert_ne!(names[0], names[1]);
    }
}
