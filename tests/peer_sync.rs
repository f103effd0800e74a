//! The hub's peer port over loopback TLS: a paired note-taker pushes its own journal
//! (idempotent, a gap answered with what the hub has), reads every journal, follows the feed;
//! anyone else is refused.

mod support;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::event::{Change, DeviceId};
use convene::journal::Journal;
use convene::peer::server::{PeerConfig, PeerEvent, PeerServer};
use convene::peer::{
    Identity, PairedDevices, PairedNoteTaker, PairingSecret, client, hub_config, note_taker_config,
    store,
};
use convene::record::{self, Record};
use convene::stamp::Stamp;
use support::lines::{at, capture};

const HUB: DeviceId = DeviceId::new(0x1111);
const NOTE_TAKER: DeviceId = DeviceId::new(0x2222);
const STRANGER: DeviceId = DeviceId::new(0x3333);

struct Hub {
    _temp: tempfile::TempDir,
    record: Record,
    stamp: Stamp,
    identity: Identity,
    server: Option<PeerServer>,
    port: u16,
    events: Arc<Mutex<Vec<PeerEvent>>>,
    paired: PairedDevices,
}

impl Hub {
    fn url(&self, path: &str) -> String {
        format!("https://127.0.0.1:{}{path}", self.port)
    }

    /// Serves on `port` (0: any free one).
    fn serve(&mut self, port: u16) {
        let seen = self.events.clone();
        let config = PeerConfig {
            record: self.record.dir.clone(),
            tls: hub_config(&self.identity).expect("TLS"),
            paired: self.paired.clone(),
            bind: "127.0.0.1".parse().expect("loopback"),
            port,
            data: self._temp.path().to_path_buf(),
            device: HUB,
            fingerprint: self.identity.fingerprint(),
        };
        let server = PeerServer::start(config, move |e| seen.lock().expect("events").push(e))
            .expect("the peer port");
        self.port = server.port();
        self.server = Some(server);
    }
}

fn paired_with(note_taker: &Identity) -> PairedDevices {
    PairedDevices {
        note_takers: vec![PairedNoteTaker {
            device: note_taker.device(),
            fingerprint: note_taker.fingerprint(),
            secret: PairingSecret([7; 32]),
            paired_at: "2026-05-12T16:00:00Z".parse().expect("a time"),
        }],
        hubs: vec![],
    }
}

fn start_hub(note_taker: &Identity) -> Hub {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
    let (record, stamp) =
        record::create(temp.path(), HUB, &agenda, DEMO_AGENDA, at()).expect("a record");
    let identity = Identity::in_memory(HUB).expect("an identity");
    let events = Arc::new(Mutex::new(Vec::new()));
    let paired = paired_with(note_taker);
    let mut hub =
        Hub { _temp: temp, record, stamp, identity, server: None, port: 0, events, paired };
    hub.serve(0);
    hub
}

/// The note-taker's own journal in a folder of its own: a header and `n` captures.
struct NoteTaker {
    _temp: tempfile::TempDir,
    dir: PathBuf,
    journal: Journal,
    stamp: Stamp,
    identity: Identity,
}

impl NoteTaker {
    fn new(captures: usize) -> NoteTaker {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let dir = temp.path().join("replica");
        let path = record::journal_path(&dir, NOTE_TAKER);
        std::fs::create_dir_all(path.parent().expect("a folder")).expect("a folder");
        let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
        let header = record::header(NOTE_TAKER, &agenda, DEMO_AGENDA, at());
        let journal = Journal::create(&path, header).expect("a journal");
        let identity = Identity::in_memory(NOTE_TAKER).expect("an identity");
        let mut note_taker = NoteTaker {
            _temp: temp,
            dir,
            journal,
            stamp: Stamp::new(NOTE_TAKER, 0, &[]),
            identity,
        };
        for i in 0..captures {
            note_taker.write(capture(&format!("question {i}")));
        }
        note_taker
    }

    fn write(&mut self, change: Change) {
        let entry = self.stamp.entry(change, at());
        self.journal.append(entry).expect("a durable entry");
    }

    fn bytes(&self) -> Vec<u8> {
        std::fs::read(record::journal_path(&self.dir, NOTE_TAKER)).expect("the journal")
    }

    fn agent(&self, hub: &Identity) -> ureq::Agent {
        client::agent(
            note_taker_config(&self.identity, hub.fingerprint()).expect("TLS"),
            Duration::from_secs(10),
        )
    }
}

fn post(agent: &ureq::Agent, url: &str, body: &[u8]) -> (u16, String) {
    let mut response = agent.post(url).send(body).expect("an answer");
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_string().expect("a body"))
}

fn get(agent: &ureq::Agent, url: &str) -> (u16, Vec<u8>) {
    let mut response = agent.get(url).call().expect("an answer");
    let status = response.status().as_u16();
    (status, response.body_mut().read_to_vec().expect("a body"))
}

/// `lines` without its last `rest.len()` bytes.
fn before(lines: &[u8], rest: &[u8]) -> Vec<u8> {
    lines[..lines.len() - rest.len()].to_vec()
}

fn hub_journal(hub: &Hub, device: DeviceId) -> Vec<u8> {
    std::fs::read(record::journal_path(&hub.record.dir, device)).unwrap_or_default()
}

fn journals_url(hub: &Hub, device: DeviceId, after: u64) -> String {
    hub.url(&format!("/v1/journals/{device}?after={after}"))
}

#[test]
fn a_note_taker_pushes_its_journal_in_chunks_and_repeats_add_nothing() {
    let mut note_taker = NoteTaker::new(4);
    let hub = start_hub(&note_taker.identity);
    let agent = note_taker.agent(&hub.identity);
    let all = store::lines_since(&note_taker.dir, NOTE_TAKER, 0).expect("lines");
    let after_2 = store::lines_since(&note_taker.dir, NOTE_TAKER, 2).expect("lines");

    let url = |after| journals_url(&hub, NOTE_TAKER, after);
    assert_eq!(post(&agent, &url(0), &before(&all, &after_2)), (200, r#"{"added":2}"#.into()));
    assert_eq!(post(&agent, &url(2), &after_2), (200, r#"{"added":2}"#.into()));
    assert_eq!(post(&agent, &url(2), &after_2), (200, r#"{"added":0}"#.into()));
    assert_eq!(hub_journal(&hub, NOTE_TAKER), note_taker.bytes());

    // Two more lines, sent as if the hub had the fifth: it says it has four.
    note_taker.write(capture("five"));
    note_taker.write(capture("six"));
    let after_5 = store::lines_since(&note_taker.dir, NOTE_TAKER, 5).expect("lines");
    assert_eq!(post(&agent, &url(5), &after_5), (409, r#"{"have":4}"#.into()));
    let after_4 = store::lines_since(&note_taker.dir, NOTE_TAKER, 4).expect("lines");
    assert_eq!(post(&agent, &url(4), &after_4), (200, r#"{"added":2}"#.into()));
    assert_eq!(hub_journal(&hub, NOTE_TAKER), note_taker.bytes());

    // A line changed in place fails its checksum: refused, nothing written.
    let text = String::from_utf8(after_4.clone()).expect("text").replace("five", "fife");
    let (status, body) = post(&agent, &url(4), text.as_bytes());
    assert_eq!(status, 400, "{body}");
    // Another copy of its journal that went on differently: a fork, nothing written.
    let other_copy = NoteTaker::new(6);
    let elsewhere = store::lines_since(&other_copy.dir, NOTE_TAKER, 4).expect("lines");
    assert_eq!(post(&agent, &url(4), &elsewhere), (409, r#"{"forked":true}"#.into()));
    assert_eq!(hub_journal(&hub, NOTE_TAKER), note_taker.bytes());

    // Each batch reached the screen once, parsed, after it was stored.
    let received: Vec<Vec<u64>> = hub
        .events
        .lock()
        .expect("events")
        .iter()
        .filter_map(|e| match e {
            PeerEvent::Received { device, entries } if *device == NOTE_TAKER => {
                Some(entries.iter().map(|e| e.seq).collect())
            }
            _ => None,
        })
        .collect();
    assert_eq!(received, vec![vec![1, 2], vec![3, 4], vec![5, 6]]);
}

#[test]
fn a_note_taker_writes_only_its_own_journal_and_strangers_get_nothing() {
    let note_taker = NoteTaker::new(1);
    let hub = start_hub(&note_taker.identity);
    let agent = note_taker.agent(&hub.identity);
    let hubs = store::lines_since(&hub.record.dir, HUB, 0).expect("lines");
    let (status, body) = post(&agent, &journals_url(&hub, HUB, 0), &hubs);
    assert_eq!(status, 403, "{body}");
    assert_eq!(body, r#"{"error":"a device writes only its own journal"}"#);

    // A certificate the hub never paired with: refused everywhere.
    let stranger = Identity::in_memory(STRANGER).expect("an identity");
    let strange = client::agent(
        note_taker_config(&stranger, hub.identity.fingerprint()).expect("TLS"),
        Duration::from_secs(10),
    );
    for path in ["/v1/heads", "/v1/feed", "/v1/agenda", "/v1/record"] {
        assert_eq!(get(&strange, &hub.url(path)).0, 403, "{path}");
    }
    assert_eq!(get(&strange, &journals_url(&hub, HUB, 0)).0, 403);
    let theirs = store::lines_since(&note_taker.dir, NOTE_TAKER, 0).expect("lines");
    assert_eq!(post(&strange, &journals_url(&hub, NOTE_TAKER, 0), &theirs).0, 403);
    assert_eq!(post(&strange, &journals_url(&hub, STRANGER, 0), &theirs).0, 403);
    assert_eq!(hub_journal(&hub, NOTE_TAKER), b"");
    // Paired meanwhile: the hub lets it in from then on.
    let mut paired = paired_with(&note_taker.identity);
    paired.note_takers.extend(paired_with(&stranger).note_takers);
    hub.server.as_ref().expect("serving").refresh_paired(paired);
    assert_eq!(get(&strange, &hub.url("/v1/heads")).0, 200);

    // A hub with another certificate is not the paired one: the note-taker will not talk.
    let other_hub = Identity::in_memory(HUB).expect("an identity");
    let wary = note_taker.agent(&other_hub);
    let refused = wary.get(hub.url("/v1/heads")).call().expect_err("a refusal");
    let why = format!("{refused}");
    assert!(why.contains("not the paired one"), "{why}");
}

#[test]
fn a_note_taker_reads_the_hubs_journal_the_inbox_the_agenda_and_the_heads() {
    let note_taker = NoteTaker::new(0);
    let mut hub = start_hub(&note_taker.identity);
    let agent = note_taker.agent(&hub.identity);
    // The hub's inbox, with its header.
    let inbox = DeviceId::inbox_of(HUB);
    let mut header =
        record::read_journal(&hub.record.dir).expect("the record").header.expect("a header");
    header.device = Some(inbox);
    Journal::create(&record::inbox_path(&hub.record.dir, HUB), header).expect("an inbox");
    let entry = hub.stamp.entry(capture("from the hub"), at());
    hub.record.journal.append(entry).expect("durable");

    let (status, lines) = get(&agent, &journals_url(&hub, HUB, 0));
    assert_eq!(status, 200);
    assert_eq!(lines, hub_journal(&hub, HUB));
    let (_, after_1) = get(&agent, &journals_url(&hub, HUB, 1));
    assert_eq!(before(&lines, &after_1).len() + after_1.len(), lines.len());
    assert_eq!(String::from_utf8_lossy(&after_1).lines().count(), 1);
    let (_, inbox_lines) = get(&agent, &journals_url(&hub, inbox, 0));
    assert_eq!(
        inbox_lines,
        std::fs::read(record::inbox_path(&hub.record.dir, HUB)).expect("inbox")
    );

    let (status, heads) = get(&agent, &hub.url("/v1/heads"));
    assert_eq!(status, 200);
    let heads: serde_json::Value = serde_json::from_slice(&heads).expect("JSON");
    assert_eq!(heads["heads"][HUB.to_string()], 2);
    assert_eq!(heads["heads"][inbox.to_string()], 0);
    assert!(heads["server_clock"].as_u64().is_some_and(|c| c > 0), "{heads}");

    let (_, agenda) = get(&agent, &hub.url("/v1/agenda"));
    assert_eq!(agenda, DEMO_AGENDA.as_bytes());
    let (_, about) = get(&agent, &hub.url("/v1/record"));
    let about: serde_json::Value = serde_json::from_slice(&about).expect("JSON");
    let name = hub.record.dir.file_name().expect("a name").to_string_lossy().into_owned();
    assert_eq!(about["name"], name.as_str());
    assert_eq!(about["title"], hub_title(&hub.record.dir).as_str());
}

fn hub_title(dir: &Path) -> String {
    record::read_journal(dir).expect("the record").header.expect("a header").title
}

/// Reads server-sent events until one whose data holds `part`; its data.
fn next_event_with(lines: &mut impl BufRead, part: &str) -> String {
    let mut line = String::new();
    loop {
        line.clear();
        assert!(lines.read_line(&mut line).expect("the feed") > 0, "the feed ended");
        if let Some(data) = line.strip_prefix("data:")
            && data.contains(part)
        {
            return data.trim().to_string();
        }
    }
}

#[test]
fn the_feed_announces_new_heads_and_a_session_change_is_kept_but_refused() {
    let mut note_taker = NoteTaker::new(1);
    let mut hub = start_hub(&note_taker.identity);
    let agent = note_taker.agent(&hub.identity);
    let response = agent.get(hub.url("/v1/feed")).call().expect("the feed");
    assert_eq!(response.status().as_u16(), 200);
    let mut feed = BufReader::new(response.into_body().into_reader());
    let first = next_event_with(&mut feed, "heads");
    assert!(first.contains(&format!("\"{HUB}\":1")), "{first}");

    // A session change from a laptop that does not run the sessions.
    note_taker.write(Change::EventEnded);
    let lines = store::lines_since(&note_taker.dir, NOTE_TAKER, 0).expect("lines");
    let url = journals_url(&hub, NOTE_TAKER, 0);
    assert_eq!(post(&agent, &url, &lines), (200, r#"{"added":2}"#.into()));
    next_event_with(&mut feed, &format!("\"{NOTE_TAKER}\":2"));
    assert_eq!(hub_journal(&hub, NOTE_TAKER), note_taker.bytes());
    let events = hub.events.lock().expect("events").clone();
    assert!(
        events.contains(&PeerEvent::Refused {
            device: NOTE_TAKER,
            what: format!("1 session change(s) from {NOTE_TAKER} kept in its journal but ignored: only the facilitator's laptop runs the sessions"),
        }),
        "{events:?}"
    );

    // The hub's own writer says its journal grew: the feed follows.
    let entry = hub.stamp.entry(capture("from the hub"), at());
    hub.record.journal.append(entry).expect("durable");
    hub.server.as_ref().expect("serving").journals_grew();
    next_event_with(&mut feed, &format!("\"{HUB}\":2"));
}

/// Waits until `done` holds, for at most 10 s.
fn until(what: &str, mut done: impl FnMut() -> bool) {
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !done() {
        assert!(std::time::Instant::now() < deadline, "never: {what}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

/// Every journal of two copies of a record, byte for byte.
fn journals(dir: &Path) -> Vec<(String, Vec<u8>)> {
    record::journal_paths(dir)
        .into_iter()
        .map(|(_, path)| {
            let name = path.file_name().expect("a name").to_string_lossy().into_owned();
            (name, std::fs::read(&path).expect("a journal"))
        })
        .collect()
}

#[test]
fn a_note_taker_offline_keeps_capturing_and_both_sides_converge_when_the_hub_is_back() {
    let mut note_taker = NoteTaker::new(2);
    let mut hub = start_hub(&note_taker.identity);
    let inbox = DeviceId::inbox_of(HUB);
    let mut header = record::read_journal(&hub.record.dir).expect("record").header.expect("header");
    header.device = Some(inbox);
    Journal::create(&record::inbox_path(&hub.record.dir, HUB), header).expect("an inbox");
    let seen = Arc::new(Mutex::new(Vec::new()));
    let into = seen.clone();
    let target = client::SyncTarget {
        record: note_taker.dir.clone(),
        device: NOTE_TAKER,
        hub: format!("127.0.0.1:{}", hub.port),
        tls: note_taker_config(&note_taker.identity, hub.identity.fingerprint()).expect("TLS"),
    };
    let worker = client::SyncWorker::start(target, move |e| into.lock().expect("events").push(e))
        .expect("the sync");
    let converged =
        |hub: &Hub, note_taker: &NoteTaker| journals(&hub.record.dir) == journals(&note_taker.dir);
    until("the first sync", || converged(&hub, &note_taker));
    assert_eq!(store::heads(&note_taker.dir)[&NOTE_TAKER], 2);

    // The hub goes away; both sides go on writing.
    let port = hub.port;
    hub.server.take().expect("serving").stop();
    note_taker.write(capture("offline three"));
    note_taker.write(capture("offline four"));
    worker.journal_grew();
    let entry = hub.stamp.entry(capture("the hub meanwhile"), at());
    hub.record.journal.append(entry).expect("durable");
    until("the note-taker notices", || {
        seen.lock().expect("events").iter().any(|e| matches!(e, client::SyncEvent::Offline(_)))
    });
    assert_eq!(store::heads(&note_taker.dir)[&NOTE_TAKER], 4);
    assert!(!converged(&hub, &note_taker));

    // Back on the same address: each side catches up, nothing twice.
    hub.serve(port);
    // The lines are on disk before the screen hears of them: both are waited for.
    let heard_of_two = || {
        seen.lock().expect("events").iter().any(|e| {
            matches!(e, client::SyncEvent::Received { device, entries }
                if *device == HUB && entries.iter().any(|e| e.seq == 2))
        })
    };
    until("the catch-up", || converged(&hub, &note_taker) && heard_of_two());
    let heads = store::heads(&hub.record.dir);
    assert_eq!(heads, store::heads(&note_taker.dir));
    assert_eq!((heads[&HUB], heads[&NOTE_TAKER], heads[&inbox]), (2, 4, 0));
    let received: Vec<(DeviceId, Vec<u64>)> = seen
        .lock()
        .expect("events")
        .iter()
        .filter_map(|e| match e {
            client::SyncEvent::Received { device, entries } => {
                Some((*device, entries.iter().map(|e| e.seq).collect()))
            }
            _ => None,
        })
        .collect();
    assert_eq!(received, vec![(HUB, vec![1]), (HUB, vec![2])]);
    worker.stop();
}
