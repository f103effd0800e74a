//! Pairing a note-taker with the hub over the peer port (loopback TLS), by the code the
//! facilitator's screen shows; then the note-taker's replica download and the hub's status.
//! A wrong code, an expired one and a device in the middle pair nobody and keep nothing.

mod support;

use std::io::{self, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::event::DeviceId;
use convene::journal::Journal;
use convene::peer::server::{PeerConfig, PeerEvent, PeerServer};
use convene::peer::{
    Identity, JoinError, PairedDevices, PairingCode, PairingOffer, client, download,
    first_contact_config, hub_config, note_taker_config, pair, store,
};
use convene::record::{self, Record};
use convene::stamp::Stamp;
use support::lines::{at, capture};

const HUB: DeviceId = DeviceId::new(0x1111);
const NOTE_TAKER: DeviceId = DeviceId::new(0x2222);
const MIDDLE: DeviceId = DeviceId::new(0x6666);

struct Hub {
    data: tempfile::TempDir,
    record: Record,
    stamp: Stamp,
    identity: Identity,
    server: PeerServer,
    events: Arc<Mutex<Vec<PeerEvent>>>,
}

impl Hub {
    /// A hub on the demo agenda, with one capture and an inbox, paired with nobody.
    fn start() -> Hub {
        let data = tempfile::tempdir().expect("a temporary folder");
        let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
        let (mut record, mut stamp) =
            record::create(data.path(), HUB, &agenda, DEMO_AGENDA, at()).expect("a record");
        record.journal.append(stamp.entry(capture("from the hub"), at())).expect("durable");
        let inbox = DeviceId::inbox_of(HUB);
        let mut header = record::read_journal(&record.dir).expect("record").header.expect("header");
        header.device = Some(inbox);
        Journal::create(&record::inbox_path(&record.dir, HUB), header).expect("an inbox");
        let identity = Identity::in_memory(HUB).expect("an identity");
        let events = Arc::new(Mutex::new(Vec::new()));
        let seen = events.clone();
        let config = PeerConfig {
            record: record.dir.clone(),
            tls: hub_config(&identity).expect("TLS"),
            paired: PairedDevices::load(data.path()).expect("no pairings yet"),
            bind: "127.0.0.1".parse().expect("loopback"),
            port: 0,
            data: data.path().to_path_buf(),
            device: HUB,
            fingerprint: identity.fingerprint(),
        };
        let server = PeerServer::start(config, move |e| seen.lock().expect("events").push(e))
            .expect("the peer port");
        Hub { data, record, stamp, identity, server, events }
    }

    fn address(&self) -> String {
        format!("127.0.0.1:{}", self.server.port())
    }

    fn events(&self) -> Vec<PeerEvent> {
        self.events.lock().expect("events").clone()
    }

    fn paired(&self) -> PairedDevices {
        PairedDevices::load(self.data.path()).expect("the hub's pairings")
    }
}

struct NoteTaker {
    data: tempfile::TempDir,
    identity: Identity,
}

impl NoteTaker {
    fn new() -> NoteTaker {
        let data = tempfile::tempdir().expect("a temporary folder");
        let identity = Identity::in_memory(NOTE_TAKER).expect("an identity");
        NoteTaker { data, identity }
    }

    fn pair(
        &self,
        address: &str,
        code: &PairingCode,
    ) -> Result<convene::peer::PairedHub, JoinError> {
        pair(address, code, &self.identity, self.data.path())
    }

    fn paired(&self) -> PairedDevices {
        PairedDevices::load(self.data.path()).expect("the note-taker's pairings")
    }

    fn records(&self) -> PathBuf {
        record::records_dir(self.data.path())
    }

    /// An agent as a paired note-taker's (its certificate, the hub pinned).
    fn agent(&self, hub: &Hub) -> ureq::Agent {
        let tls = note_taker_config(&self.identity, hub.identity.fingerprint()).expect("TLS");
        client::agent(tls, Duration::from_secs(10))
    }
}

fn status_of(agent: &ureq::Agent, url: &str) -> u16 {
    agent.get(url).call().expect("an answer").status().as_u16()
}

/// Every journal of a record, by name, byte for byte.
fn journals(dir: &Path) -> Vec<(String, Vec<u8>)> {
    record::journal_paths(dir)
        .into_iter()
        .map(|(_, path)| {
            let name = path.file_name().expect("a name").to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("a journal"))
        })
        .collect()
}

/// Waits until `done` holds, for at most 10 s.
fn until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn the_right_code_pairs_both_sides_and_the_replica_is_the_hubs_record() {
    let mut hub = Hub::start();
    let note_taker = NoteTaker::new();
    let code = hub.server.offer_pairing().expect("a code");
    let paired_hub = note_taker.pair(&hub.address(), &code).expect("paired");

    // Both sides keep the other, with the certificate it presented and the same secret.
    assert_eq!(paired_hub.device, HUB);
    assert_eq!(paired_hub.fingerprint, hub.identity.fingerprint());
    assert_eq!(paired_hub.address, hub.address());
    let on_note_taker = note_taker.paired();
    assert_eq!(on_note_taker.hubs, vec![paired_hub.clone()]);
    let on_hub = hub.paired();
    assert_eq!(on_hub.note_takers.len(), 1);
    assert_eq!(on_hub.note_takers[0].device, NOTE_TAKER);
    assert_eq!(on_hub.note_takers[0].fingerprint, note_taker.identity.fingerprint());
    assert_eq!(on_hub.note_takers[0].secret, paired_hub.secret);
    assert!(hub.events().contains(&PeerEvent::Paired { device: NOTE_TAKER }), "{:?}", hub.events());
    // The code is spent.
    let again = note_taker.pair(&hub.address(), &code).expect_err("one attempt");
    assert!(matches!(again, JoinError::Used { .. }), "{again}");

    // Let in at once, without a restart: the replica downloads.
    let tls = note_taker_config(&note_taker.identity, paired_hub.fingerprint).expect("TLS");
    let replica = download(&hub.address(), tls.clone(), NOTE_TAKER, &note_taker.records())
        .expect("a replica");
    assert_eq!(replica, note_taker.records().join(hub.record.dir.file_name().expect("a name")));
    assert_eq!(journals(&replica), journals(&hub.record.dir));
    assert_eq!(journals(&replica).len(), 2, "the hub's journal and its inbox");
    let theirs = record::read_journal(&hub.record.dir).expect("the hub's record");
    let ours = record::read_journal(&replica).expect("the replica");
    assert_eq!(ours.entries, theirs.entries);
    assert_eq!(ours.header, theirs.header);
    assert!(ours.problems.is_empty(), "{:?}", ours.problems);
    assert_eq!(
        std::fs::read_to_string(replica.join("agenda.toml")).expect("the agenda"),
        DEMO_AGENDA
    );

    // The hub went on; a second join takes the replica up again and adds what it lacks.
    hub.record.journal.append(hub.stamp.entry(capture("later"), at())).expect("durable");
    let again = download(&hub.address(), tls.clone(), NOTE_TAKER, &note_taker.records())
        .expect("the replica again");
    assert_eq!(again, replica);
    assert_eq!(journals(&replica), journals(&hub.record.dir));

    // Another event of the same name at the replica's place is refused, nothing written.
    let elsewhere = tempfile::tempdir().expect("a temporary folder");
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
    let (solo, _) = record::create(elsewhere.path(), NOTE_TAKER, &agenda, DEMO_AGENDA, at())
        .expect("a record of its own");
    assert_eq!(solo.dir.file_name(), replica.file_name());
    drop(solo);
    let before =
        journals(&record::records_dir(elsewhere.path()).join(replica.file_name().expect("a name")));
    let err =
        download(&hub.address(), tls.clone(), NOTE_TAKER, &record::records_dir(elsewhere.path()))
            .expect_err("another event");
    let solo_dir = record::records_dir(elsewhere.path()).join(replica.file_name().expect("a name"));
    assert_eq!(
        err.to_string(),
        format!(
            "{} holds another copy of an event by that name (made by {NOTE_TAKER} at {}, not the hub's); move it away and join again",
            solo_dir.display(),
            at().to_rfc3339()
        )
    );
    assert_eq!(journals(&solo_dir), before);

    // The note-taker captures into its own journal; its sync delivers it and says so.
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
    let header = record::header(NOTE_TAKER, &agenda, DEMO_AGENDA, at());
    let mut own =
        Journal::create(&record::journal_path(&replica, NOTE_TAKER), header).expect("its journal");
    let mut stamp = Stamp::new(NOTE_TAKER, 0, &[]);
    for i in 0..3 {
        own.append(stamp.entry(capture(&format!("note {i}")), at())).expect("durable");
    }
    let seen = Arc::new(Mutex::new(Vec::new()));
    let into = seen.clone();
    let target =
        client::SyncTarget { record: replica.clone(), device: NOTE_TAKER, hub: hub.address(), tls };
    let before_sync = std::time::SystemTime::now();
    let worker = client::SyncWorker::start(target, move |e| into.lock().expect("events").push(e))
        .expect("the sync");
    until("delivered", || {
        seen.lock().expect("events").contains(&client::SyncEvent::Pending(0))
            && journals(&replica) == journals(&hub.record.dir)
    });
    worker.stop();
    let status = hub.server.status();
    assert_eq!(status.len(), 1);
    assert_eq!(status[0].device, NOTE_TAKER);
    assert_eq!((status[0].reported, status[0].stored, status[0].pending()), (Some(3), 3, 0));
    let heard = status[0].last_heard.expect("heard from");
    assert!(heard >= before_sync, "{heard:?}");
}

#[test]
fn the_status_counts_lines_a_note_taker_has_not_delivered_yet() {
    let hub = Hub::start();
    let note_taker = NoteTaker::new();
    // Before pairing the status knows nobody; once paired, the device is listed unheard of
    // since, then as far as it says its journal goes.
    assert_eq!(hub.server.status(), vec![]);
    let code = hub.server.offer_pairing().expect("a code");
    note_taker.pair(&hub.address(), &code).expect("paired");
    let status = hub.server.status();
    assert_eq!((status[0].device, status[0].reported, status[0].stored), (NOTE_TAKER, None, 0));
    let agent = note_taker.agent(&hub);
    let url = format!("https://{}/v1/heads?mine=5", hub.address());
    assert_eq!(status_of(&agent, &url), 200);
    let status = hub.server.status();
    assert_eq!((status[0].reported, status[0].stored, status[0].pending()), (Some(5), 0, 5));
    let url = format!("https://{}/v1/heads?mine=five", hub.address());
    assert_eq!(status_of(&agent, &url), 400);
}

#[test]
fn a_wrong_code_pairs_nobody_and_spends_the_code() {
    let hub = Hub::start();
    let note_taker = NoteTaker::new();
    let shown = hub.server.offer_pairing().expect("a code");
    let wrong: PairingCode =
        if shown.to_string() == "1234-5678" { "8765-4321" } else { "1234-5678" }
            .parse()
            .expect("a code");
    let err = note_taker.pair(&hub.address(), &wrong).expect_err("a wrong code");
    assert_eq!(
        err.to_string(),
        format!(
            "pairing with the hub at {} failed: the code typed was wrong, or another device is in between (the two laptops saw different certificates); show a new code on the facilitator's screen and type it again, on a network you trust",
            hub.address()
        )
    );
    assert!(
        hub.events().contains(&PeerEvent::PairingFailed(format!(
            "pairing with {NOTE_TAKER} failed: the code typed was wrong or another device is in between; show a new code"
        ))),
        "{:?}",
        hub.events()
    );
    // One attempt: the right code is refused now.
    let err = note_taker.pair(&hub.address(), &shown).expect_err("the code is spent");
    assert_eq!(
        err.to_string(),
        format!(
            "the pairing code was already tried on the hub at {} (a code allows one attempt); show a new code on the facilitator's screen and type it",
            hub.address()
        )
    );
    // Nothing kept on either side, and the hub lets nothing through.
    assert_eq!(hub.paired(), PairedDevices::default());
    assert_eq!(note_taker.paired(), PairedDevices::default());
    assert!(!hub.data.path().join("peer/paired.json").exists());
    assert!(!note_taker.data.path().join("peer/paired.json").exists());
    let agent = note_taker.agent(&hub);
    for path in ["/v1/heads?mine=1", "/v1/record", "/v1/agenda"] {
        assert_eq!(status_of(&agent, &format!("https://{}{path}", hub.address())), 403, "{path}");
    }
    let journal = format!("https://{}/v1/journals/{HUB}?after=0", hub.address());
    assert_eq!(status_of(&agent, &journal), 403);
    assert_eq!(hub.server.status(), vec![]);

    // A new code pairs.
    let code = hub.server.offer_pairing().expect("a new code");
    note_taker.pair(&hub.address(), &code).expect("paired");
    assert_eq!(status_of(&agent, &journal), 200);
}

#[test]
fn an_expired_code_or_none_shown_pairs_nobody() {
    let hub = Hub::start();
    let note_taker = NoteTaker::new();
    let err = note_taker
        .pair(&hub.address(), &"4821-0937".parse().expect("a code"))
        .expect_err("no code shown");
    assert_eq!(
        err.to_string(),
        format!(
            "the hub at {} shows no pairing code; ask the facilitator to show one (pair a note-taker), then type it",
            hub.address()
        )
    );
    let six_minutes_ago =
        Instant::now().checked_sub(Duration::from_secs(360)).expect("a machine up for 6 minutes");
    let code = hub.server.offer_pairing_with(PairingOffer::with_code(
        "4821-0937".parse().expect("a code"),
        six_minutes_ago,
    ));
    let err = note_taker.pair(&hub.address(), &code).expect_err("expired");
    assert_eq!(
        err.to_string(),
        format!(
            "the pairing code has expired on the hub at {} (a code lasts 5 minutes); show a new code on the facilitator's screen and type it",
            hub.address()
        )
    );
    assert!(
        hub.events().contains(&PeerEvent::PairingFailed(
            "pairing failed: a note-taker typed a code that had expired; show a new code".into()
        )),
        "{:?}",
        hub.events()
    );
    assert!(!hub.data.path().join("peer/paired.json").exists());
    assert!(!note_taker.data.path().join("peer/paired.json").exists());
}

#[test]
fn an_unreachable_hub_says_where_and_what_to_check() {
    let note_taker = NoteTaker::new();
    // A port nobody listens on: bound, then let go.
    let port = TcpListener::bind("127.0.0.1:0").expect("a port").local_addr().expect("addr").port();
    let address = format!("127.0.0.1:{port}");
    let err = note_taker.pair(&address, &"4821-0937".parse().expect("a code")).expect_err("no hub");
    let text = err.to_string();
    assert!(text.starts_with(&format!("cannot reach the hub at {address}: ")), "{text}");
    assert!(
        text.ends_with(
            "; check the address on the facilitator's screen and that both laptops are on the same network"
        ),
        "{text}"
    );
    assert!(!text.contains('\n'), "{text}");
}

/// A device in the middle: it accepts each connection with its own certificate, opens one to
/// the hub with its own certificate too, and relays the bytes both ways.
fn device_in_the_middle(hub_port: u16) -> u16 {
    let middle = Identity::in_memory(MIDDLE).expect("an identity");
    let server = hub_config(&middle).expect("TLS");
    let (client, _) = first_contact_config(&middle).expect("TLS");
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port");
    let port = listener.local_addr().expect("an address").port();
    std::thread::spawn(move || {
        for socket in listener.incoming().flatten() {
            let (server, client) = (server.clone(), client.clone());
            std::thread::spawn(move || relay(socket, server, client, hub_port));
        }
    });
    port
}

fn relay(
    socket: TcpStream,
    server: Arc<rustls::ServerConfig>,
    client: Arc<rustls::ClientConfig>,
    hub_port: u16,
) -> io::Result<()> {
    let mut inner = rustls::StreamOwned::new(
        rustls::ServerConnection::new(server).map_err(io::Error::other)?,
        socket,
    );
    while inner.conn.is_handshaking() {
        inner.conn.complete_io(&mut inner.sock)?;
    }
    let name = rustls::pki_types::ServerName::try_from("hub.invalid").map_err(io::Error::other)?;
    let mut outer = rustls::StreamOwned::new(
        rustls::ClientConnection::new(client, name.to_owned()).map_err(io::Error::other)?,
        TcpStream::connect(("127.0.0.1", hub_port))?,
    );
    while outer.conn.is_handshaking() {
        outer.conn.complete_io(&mut outer.sock)?;
    }
    for socket in [&inner.sock, &outer.sock] {
        socket.set_read_timeout(Some(Duration::from_millis(5)))?;
    }
    let mut buffer = vec![0u8; 64 * 1024];
    let waiting =
        |e: &io::Error| matches!(e.kind(), io::ErrorKind::WouldBlock | io::ErrorKind::TimedOut);
    loop {
        match inner.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(n) => outer.write_all(&buffer[..n])?,
            Err(e) if waiting(&e) => {}
            Err(e) => return Err(e),
        }
        match outer.read(&mut buffer) {
            Ok(0) => return Ok(()),
            Ok(n) => inner.write_all(&buffer[..n])?,
            Err(e) if waiting(&e) => {}
            Err(e) => return Err(e),
        }
    }
}

#[test]
fn a_device_in_the_middle_with_its_own_certificate_makes_pairing_fail_on_both_sides() {
    let hub = Hub::start();
    let note_taker = NoteTaker::new();
    let relay_port = device_in_the_middle(hub.server.port());
    let code = hub.server.offer_pairing().expect("a code");
    // The relay passes the right code through, and everything else.
    let err = note_taker.pair(&format!("127.0.0.1:{relay_port}"), &code).expect_err("no pairing");
    assert!(matches!(err, JoinError::Failed { .. }), "{err}");
    assert!(
        hub.events().contains(&PeerEvent::PairingFailed(format!(
            "pairing with {NOTE_TAKER} failed: the code typed was wrong or another device is in between; show a new code"
        ))),
        "{:?}",
        hub.events()
    );
    assert!(!hub.events().iter().any(|e| matches!(e, PeerEvent::Paired { .. })));
    assert!(!hub.data.path().join("peer/paired.json").exists());
    assert!(!note_taker.data.path().join("peer/paired.json").exists());
    // The code is spent, and the note-taker is still a stranger to the hub.
    let err = note_taker.pair(&hub.address(), &code).expect_err("the code is spent");
    assert!(matches!(err, JoinError::Used { .. }), "{err}");
    let agent = note_taker.agent(&hub);
    assert_eq!(status_of(&agent, &format!("https://{}/v1/heads", hub.address())), 403);
    let journal = format!("https://{}/v1/journals/{HUB}?after=0", hub.address());
    assert_eq!(status_of(&agent, &journal), 403);
    assert_eq!(store::heads(&hub.record.dir).get(&NOTE_TAKER), None);
}
