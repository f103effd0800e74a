//! A note-taker joining an event: pairing with the hub by the code its screen shows, then
//! making a full replica of the record from the hub's peer port.
//!
//! Both are blocking (ureq over this installation's rustls configuration, see `client`) and
//! meant for the `convene join` command before the live screen opens, or a worker thread.

use std::io::{self, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rustls::ClientConfig;
use rustls::pki_types::ServerName;
use serde::Deserialize;

use super::client::{self, HUB_NAME, PullError};
use super::identity::Identity;
use super::paired::{PairedDevices, PairedError, PairedHub};
use super::pairing::{NoteTakerPairing, PairingCode, PairingError};
use super::store::SyncError;
use super::tls::{TlsError, first_contact_config};
use crate::event::DeviceId;
use crate::journal;
use crate::record::{self, AGENDA_FILE, JOURNALS_DIR, RecordError};
use crate::regular;

/// How long one pairing request may take.
const PAIRING_TIMEOUT: Duration = Duration::from_secs(15);
/// How long one request of the download may take (a long day's journal).
const DOWNLOAD_TIMEOUT: Duration = Duration::from_secs(120);
/// The most of a hub's refusal repeated in an error.
const REFUSAL_SHOWN: usize = 200;

/// Why joining an event did not work. One line each: what, where, what to do.
#[derive(Debug, thiserror::Error)]
pub enum JoinError {
    #[error(
        "cannot reach the hub at {address}: {why}; check the address on the facilitator's screen and that both laptops are on the same network"
    )]
    Unreachable { address: String, why: String },
    #[error(
        "the hub at {address} shows no pairing code; ask the facilitator to show one (pair a note-taker), then type it"
    )]
    NoCode { address: String },
    #[error(
        "the pairing code has expired on the hub at {address} (a code lasts 5 minutes); show a new code on the facilitator's screen and type it"
    )]
    Expired { address: String },
    #[error(
        "the pairing code was already tried on the hub at {address} (a code allows one attempt); show a new code on the facilitator's screen and type it"
    )]
    Used { address: String },
    #[error(
        "pairing with the hub at {address} failed: the code typed was wrong, or another device is in between (the two laptops saw different certificates); show a new code on the facilitator's screen and type it again, on a network you trust"
    )]
    Failed { address: String },
    #[error(
        "the hub at {address} refused {what} ({status}: {why}); check that both laptops run the same version of convene"
    )]
    Refused { address: String, what: &'static str, status: u16, why: String },
    #[error(
        "the hub at {address} sent {what} that cannot be used ({why}); check that both laptops run the same version of convene"
    )]
    BadAnswer { address: String, what: &'static str, why: String },
    #[error(
        "{} holds another copy of an event by that name ({why}); move it away and join again",
        dir.display()
    )]
    OtherEvent { dir: PathBuf, why: String },
    #[error("cannot write {}: {source}; check that the data folder is writable", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error(transparent)]
    Pairing(#[from] PairingError),
    #[error(transparent)]
    Tls(#[from] TlsError),
    #[error(transparent)]
    Paired(#[from] PairedError),
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error(transparent)]
    Sync(#[from] SyncError),
}

#[cfg(test)]
reads_as_message!(JoinError);

fn unreachable(address: &str) -> impl Fn(String) -> JoinError + '_ {
    move |why| JoinError::Unreachable { address: address.to_string(), why }
}

/// One line of what the hub said: its JSON `error`, else its text, cut short.
fn hub_said(body: &[u8]) -> String {
    let said = serde_json::from_slice::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v["error"].as_str().map(str::to_string))
        .unwrap_or_else(|| String::from_utf8_lossy(body).into_owned());
    let line: String = said.split_whitespace().collect::<Vec<_>>().join(" ");
    match line.char_indices().nth(REFUSAL_SHOWN) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line,
    }
}

/// A TLS handshake with the hub, and nothing else: what shows its certificate before pairing.
fn handshake(address: &str, tls: Arc<ClientConfig>) -> Result<(), JoinError> {
    let unreachable = unreachable(address);
    let found = address.to_socket_addrs().map_err(|e| unreachable(e.to_string()))?;
    let mut last = String::from("no address found for that name");
    for addr in found {
        match handshake_at(addr, tls.clone()) {
            Ok(()) => return Ok(()),
            Err(e) => last = e.to_string(),
        }
    }
    Err(unreachable(last))
}

fn handshake_at(addr: std::net::SocketAddr, tls: Arc<ClientConfig>) -> io::Result<()> {
    let mut socket = TcpStream::connect_timeout(&addr, PAIRING_TIMEOUT)?;
    socket.set_read_timeout(Some(PAIRING_TIMEOUT))?;
    socket.set_write_timeout(Some(PAIRING_TIMEOUT))?;
    let name = ServerName::try_from(HUB_NAME).map_err(io::Error::other)?.to_owned();
    let mut connection = rustls::ClientConnection::new(tls, name).map_err(io::Error::other)?;
    while connection.is_handshaking() {
        connection.complete_io(&mut socket)?;
    }
    connection.send_close_notify();
    let _ = connection.complete_io(&mut socket);
    let _ = socket.flush();
    Ok(())
}

/// Posts one pairing message, returning the hub's answer; its refusals as errors.
fn exchange(
    agent: &ureq::Agent,
    address: &str,
    step: &'static str,
    message: &[u8],
) -> Result<Vec<u8>, JoinError> {
    let url = format!("https://{address}/v1/pair/{step}");
    let (status, body) =
        client::answer(agent.post(&url).send(message)).map_err(unreachable(address))?;
    if status == 200 {
        return Ok(body);
    }
    let reason = serde_json::from_slice::<serde_json::Value>(&body)
        .ok()
        .and_then(|v| v["reason"].as_str().map(str::to_string))
        .unwrap_or_default();
    let address = address.to_string();
    Err(match (status, reason.as_str()) {
        (403, "no-code") => JoinError::NoCode { address },
        (403, "expired") => JoinError::Expired { address },
        (403, "used") => JoinError::Used { address },
        (403, "failed") => JoinError::Failed { address },
        _ => JoinError::Refused {
            address,
            what: if step == "hello" { "the pairing's hello" } else { "the pairing's proof" },
            status,
            why: hub_said(&body),
        },
    })
}

/// Pairs this installation (`identity`, kept in `data`) with the hub at `hub` (`host:port`)
/// by the code its screen shows: SPAKE2 over a first-contact TLS connection, with both
/// certificates bound in. On success the hub is kept in `<data>/peer/paired.json` with its
/// address, and returned; on any failure nothing is kept.
pub fn pair(
    hub: &str,
    code: &PairingCode,
    identity: &Identity,
    data: &Path,
) -> Result<PairedHub, JoinError> {
    let (tls, seen) = first_contact_config(identity)?;
    handshake(hub, tls.clone())?;
    let hub_fingerprint = seen.fingerprint().ok_or_else(|| JoinError::BadAnswer {
        address: hub.to_string(),
        what: "no certificate",
        why: "the TLS handshake ended without one".into(),
    })?;
    let (pairing, hello) =
        NoteTakerPairing::start(code, identity.device(), identity.fingerprint(), hub_fingerprint)?;
    let agent = client::agent(tls, PAIRING_TIMEOUT);
    let challenge = exchange(&agent, hub, "hello", &hello)?;
    let (confirming, proof) = pairing.confirm(&challenge)?;
    let welcome = exchange(&agent, hub, "proof", &proof)?;
    // Every connection of this pairing must have shown the certificate bound into it.
    if seen.fingerprint() != Some(hub_fingerprint) {
        return Err(JoinError::Failed { address: hub.to_string() });
    }
    let paired = confirming.finish(&welcome).map_err(|e| match e {
        PairingError::Failed => JoinError::Failed { address: hub.to_string() },
        e => JoinError::Pairing(e),
    })?;
    let at = chrono::Utc::now();
    let mut devices = PairedDevices::load(data)?;
    devices.add_hub(&paired, hub, at);
    devices.save(data)?;
    Ok(PairedHub {
        device: paired.device,
        fingerprint: paired.fingerprint,
        address: hub.to_string(),
        secret: paired.secret,
        paired_at: at,
    })
}

#[derive(Deserialize)]
struct About {
    name: Option<String>,
    /// The record's header: when and by which device it was made.
    created: Option<String>,
    creator: Option<String>,
}

/// A replica already at the record's place must be of the same event: its header (the
/// journal made first) is the hub's.
fn same_event(dir: &Path, about: &About) -> Result<(), JoinError> {
    let other = |why: String| JoinError::OtherEvent { dir: dir.to_path_buf(), why };
    if !record::is_record(dir) {
        return Ok(());
    }
    let contents = record::read_journal(dir).map_err(|e| other(e.to_string()))?;
    let header = contents.header.ok_or_else(|| other("its journals have no header".into()))?;
    let ours = (Some(header.created.to_rfc3339()), Some(header.device().to_string()));
    if ours != (about.created.clone(), about.creator.clone()) {
        return Err(other(format!(
            "made by {} at {}, not the hub's",
            header.device(),
            header.created.to_rfc3339()
        )));
    }
    Ok(())
}

/// A GET that must answer 200.
fn fetch(
    agent: &ureq::Agent,
    address: &str,
    path: &str,
    what: &'static str,
) -> Result<Vec<u8>, JoinError> {
    let url = format!("https://{address}{path}");
    let (status, body) = client::answer(agent.get(&url).call()).map_err(unreachable(address))?;
    if status != 200 {
        let why = hub_said(&body);
        return Err(JoinError::Refused { address: address.to_string(), what, status, why });
    }
    Ok(body)
}

/// A record's folder name as the hub tells it: one plain name, nothing that leads elsewhere.
fn plain_name(name: Option<String>, address: &str) -> Result<String, JoinError> {
    let bad = |why: &str| JoinError::BadAnswer {
        address: address.to_string(),
        what: "the record's name",
        why: why.to_string(),
    };
    let name = name.ok_or_else(|| bad("none"))?;
    let plain = !name.is_empty()
        && name.len() <= 200
        && !name.starts_with('.')
        && !name.chars().any(|c| matches!(c, '/' | '\\') || c.is_control());
    if !plain {
        return Err(bad(&format!("{name:?} is not a plain folder name")));
    }
    Ok(name)
}

fn write(path: &Path) -> impl Fn(io::Error) -> JoinError + '_ {
    move |source| JoinError::Write { path: path.to_path_buf(), source }
}

/// Makes `dir` a replica's folder, or takes the one there: the agenda as run (written and
/// synced; kept beside one already there) and the journals' folder, every folder synced.
fn make_replica(dir: &Path, agenda: &str) -> Result<(), JoinError> {
    let records = dir.parent().unwrap_or(dir);
    std::fs::create_dir_all(records).map_err(write(records))?;
    match std::fs::create_dir(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            let empty = std::fs::read_dir(dir).map_err(write(dir))?.next().is_none();
            if !empty && !record::is_record(dir) {
                return Err(JoinError::OtherEvent {
                    dir: dir.to_path_buf(),
                    why: "a folder that is not a record".into(),
                });
            }
        }
        Err(e) => return Err(write(dir)(e)),
    }
    let agenda_path = dir.join(AGENDA_FILE);
    if std::fs::symlink_metadata(&agenda_path).is_ok() {
        // A replica made before, or at a former agenda: the hub's current one is kept too.
        record::keep_agenda_text(dir, agenda)?;
    } else {
        let create = || -> io::Result<()> {
            let mut file = regular::create_new(&agenda_path)?;
            file.write_all(agenda.as_bytes())?;
            file.sync_all()
        };
        create().map_err(write(&agenda_path))?;
    }
    let journals = dir.join(JOURNALS_DIR);
    match std::fs::create_dir(&journals) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(write(&journals)(e)),
    }
    for folder in [journals.as_path(), dir, records] {
        journal::sync_dir(folder).map_err(write(folder))?;
    }
    Ok(())
}

/// Makes, in `records` (`<data>/records`), a full replica of the record the hub at `hub`
/// serves, with `tls` ([`super::note_taker_config`] pinned to the paired hub): its agenda as
/// run and every journal as stored, byte for byte. A replica already there (a second join)
/// is taken up again: what it holds must be the hub's, and what it lacks is added. `device`
/// is this laptop's. Every journal is pulled, this laptop's own too when the hub has it (a
/// laptop that lost its replica goes on numbering where it was). Returns the replica's folder.
pub fn download(
    hub: &str,
    tls: Arc<ClientConfig>,
    device: DeviceId,
    records: &Path,
) -> Result<PathBuf, JoinError> {
    let agent = client::agent(tls, DOWNLOAD_TIMEOUT);
    let about = fetch(&agent, hub, "/v1/record", "to say which record it serves")?;
    let about: About = serde_json::from_slice(&about).map_err(|e| JoinError::BadAnswer {
        address: hub.to_string(),
        what: "the record's name",
        why: e.to_string(),
    })?;
    let name = plain_name(about.name.clone(), hub)?;
    let agenda = fetch(&agent, hub, "/v1/agenda", "the agenda")?;
    let agenda = String::from_utf8(agenda).map_err(|e| JoinError::BadAnswer {
        address: hub.to_string(),
        what: "the agenda",
        why: e.to_string(),
    })?;
    let base = format!("https://{hub}");
    let dir = records.join(&name);
    same_event(&dir, &about)?;
    // A replica taken up again says how far its own journal goes (the hub's status line).
    let mine = super::store::heads(&dir).get(&device).copied();
    let heads = client::hub_heads(&agent, &base, mine).map_err(unreachable(hub))?;
    make_replica(&dir, &agenda)?;
    let _lock = record::lock(&dir)?;
    // Every journal from its start: lines the replica holds already are compared with the
    // hub's (another event's copy differs), lines it lacks are added.
    let wanted: Vec<(DeviceId, u64)> = heads.keys().map(|d| (*d, 0)).collect();
    let pulled = client::pull(&agent, &base, &dir, &heads, wanted, &mut |_, _| {});
    pulled.map_err(|e| match e {
        PullError::Unreachable(why) => unreachable(hub)(why),
        PullError::Refused { status, body } => JoinError::Refused {
            address: hub.to_string(),
            what: "a journal",
            status,
            why: hub_said(&body),
        },
        PullError::Sync(SyncError::Forked { device, seq }) => JoinError::OtherEvent {
            dir: dir.clone(),
            why: format!("{} differs from the hub's at entry {seq}", journal::journal_name(device)),
        },
        PullError::Sync(e) => JoinError::Sync(e),
    })?;
    Ok(dir)
}
