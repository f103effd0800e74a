//! The inbox journal's writer: one thread owns `journals/<hub>-inbox.jsonl` and appends the
//! phones' questions to it. Whatever arrived while it was writing goes in the next batch:
//! one write and one fdatasync for all of them (group commit), and each phone is answered
//! only once its question is durable. After a failed write the inbox is not trusted again:
//! every later question is refused, and the live screen is told once.

use std::collections::{HashSet, VecDeque};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, TrySendError};

use tokio::sync::oneshot;

use super::{Events, ShareError, ShareEvent};
use crate::event::{Change, DeviceId, Entry};
use crate::journal::{Header, Journal};
use crate::record;
use crate::stamp::Stamp;

/// Questions waiting for the writer at most; more are refused as "busy".
const QUEUE: usize = 1024;
/// Nonces of stored forms remembered at most (a resent form is stored once).
const MAX_NONCES: usize = 16_384;

/// One question on its way to the journal.
pub struct Request {
    pub text: String,
    pub name: Option<String>,
    /// The form's nonce: a form sent again is answered as stored, and not stored twice.
    pub nonce: String,
    pub reply: oneshot::Sender<Stored>,
}

/// What became of a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stored {
    /// It is in the inbox journal, durable (or it was already: the same form sent again).
    Yes,
    /// It is not saved.
    No,
}

/// Where the handlers send questions.
#[derive(Clone)]
pub struct Inbox {
    queue: SyncSender<Request>,
}

impl Inbox {
    /// Hands a question to the writer; Err(its request) when the writer is gone or busy.
    pub fn send(&self, request: Request) -> Result<(), Request> {
        self.queue.try_send(request).map_err(|e| match e {
            TrySendError::Full(request) | TrySendError::Disconnected(request) => request,
        })
    }
}

/// The inbox journal opened for appending, and what stamps its entries.
pub struct Opened {
    journal: Journal,
    stamp: Stamp,
    path: PathBuf,
}

/// Opens the inbox journal of `hub` in the record `dir`: continued after its last line if it
/// exists (an unfinished last line set aside), else created with its header. Its entries are
/// numbered after its own and clocked after everything the record holds.
pub fn open(dir: &Path, hub: DeviceId) -> Result<Opened, ShareError> {
    let failed = |source: record::RecordError| ShareError::Inbox { source };
    let contents = record::read_journal(dir).map_err(failed)?;
    let device = DeviceId::inbox_of(hub);
    let path = record::inbox_path(dir, hub);
    let own = contents.parts.iter().find(|p| p.device == device).cloned();
    let stamp = Stamp::new(device, own.as_ref().map_or(0, |p| p.last_seq), &contents.entries);
    let cannot = |source: std::io::Error| ShareError::InboxFile { path: path.clone(), source };
    let journal = match own {
        Some(part) => {
            let mine = crate::journal::Contents {
                header: part.header.clone(),
                entries: contents.entries.iter().filter(|e| e.device == device).cloned().collect(),
                valid_len: part.valid_len,
                tail: part.tail.clone(),
                ..Default::default()
            };
            Journal::resume(&path, &mine).map_err(cannot)?
        }
        None => {
            let header = Header {
                convene_journal: crate::journal::FORMAT,
                program: format!("convene {}", env!("CARGO_PKG_VERSION")),
                agenda_sha256: record::current_hash(&contents),
                title: contents.header.as_ref().map(|h| h.title.clone()).unwrap_or_default(),
                created: chrono::Local::now().fixed_offset(),
                device: Some(device),
            };
            Journal::create(&path, header).map_err(cannot)?
        }
    };
    Ok(Opened { journal, stamp, path })
}

/// Starts the writer thread over an opened inbox journal: Submitted for every question
/// stored, Stopped once when the journal fails; `done` hears when the thread ends.
pub fn start(
    opened: Opened,
    events: Events,
    done: std::sync::mpsc::Sender<()>,
) -> Result<(Inbox, std::thread::JoinHandle<()>), ShareError> {
    let (queue, requests) = std::sync::mpsc::sync_channel(QUEUE);
    let path = opened.path.clone();
    let handle = std::thread::Builder::new()
        .name(super::THREADS[1].into())
        .spawn(move || {
            let writer = std::panic::AssertUnwindSafe(|| write(opened, &requests, &events));
            if std::panic::catch_unwind(writer).is_err() {
                events.send(ShareEvent::Stopped(format!(
                    "questions from phones are no longer saved: the writer of {} stopped unexpectedly; restart convene to take questions again",
                    path.display()
                )));
            }
            let _ = done.send(());
        })
        .map_err(|source| ShareError::Thread { source })?;
    Ok((Inbox { queue }, handle))
}

/// The writer's loop: until every sender is gone, takes all the questions waiting, writes
/// them with one append, and answers each.
fn write(opened: Opened, requests: &Receiver<Request>, events: &Events) {
    let Opened { mut journal, mut stamp, .. } = opened;
    let mut nonces = Nonces::default();
    let mut broken = false;
    while let Ok(first) = requests.recv() {
        let mut batch = vec![first];
        batch.extend(requests.try_iter().take(QUEUE));
        if broken {
            for request in batch {
                let _ = request.reply.send(Stored::No);
            }
            continue;
        }
        let now = chrono::Local::now().fixed_offset();
        let mut entries: Vec<Entry> = Vec::new();
        let mut fresh: HashSet<&str> = HashSet::new();
        for request in &batch {
            if nonces.contains(&request.nonce) || !fresh.insert(&request.nonce) {
                continue;
            }
            let change = Change::SubmissionReceived {
                text: request.text.clone(),
                name: request.name.clone(),
            };
            entries.push(stamp.entry(change, now));
        }
        let stored = match journal.append_batch(&entries) {
            Ok(()) => {
                for request in &batch {
                    nonces.insert(&request.nonce);
                }
                for entry in entries {
                    events.send(ShareEvent::Submitted(entry));
                }
                Stored::Yes
            }
            Err(error) => {
                broken = true;
                events.send(ShareEvent::Stopped(format!(
                    "questions from phones are no longer saved: {error}; restart convene to take questions again"
                )));
                Stored::No
            }
        };
        for request in batch {
            // A phone that gave up waiting is no longer there to answer.
            let _ = request.reply.send(stored);
        }
    }
}

/// The nonces of the forms stored lately, the oldest forgotten first.
#[derive(Default)]
struct Nonces {
    set: HashSet<String>,
    order: VecDeque<String>,
}

impl Nonces {
    fn contains(&self, nonce: &str) -> bool {
        self.set.contains(nonce)
    }

    fn insert(&mut self, nonce: &str) {
        if !self.set.insert(nonce.to_string()) {
            return;
        }
        self.order.push_back(nonce.to_string());
        if self.order.len() > MAX_NONCES
            && let Some(oldest) = self.order.pop_front()
        {
            self.set.remove(&oldest);
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io;
    use std::sync::{Arc, Mutex};
    use std::time::Duration;

    use super::*;
    use crate::journal::Storage;

    const HUB: DeviceId = DeviceId::new(7);

    /// A disk that counts writes and syncs, slow on the first write, or failing.
    #[derive(Clone, Default)]
    struct Disk {
        log: Arc<Mutex<Vec<&'static str>>>,
        fails: bool,
    }

    impl Storage for Disk {
        fn append(&mut self, _: &[u8]) -> io::Result<()> {
            let mut log = self.log.lock().unwrap();
            if log.is_empty() {
                // The first question is being written while the next ones arrive.
                std::thread::sleep(Duration::from_millis(200));
            }
            log.push("write");
            if self.fails { Err(io::Error::other("disk full")) } else { Ok(()) }
        }
        fn sync(&mut self) -> io::Result<()> {
            self.log.lock().unwrap().push("sync");
            Ok(())
        }
    }

    fn writer(
        disk: &Disk,
        path: PathBuf,
    ) -> (Inbox, JoinHandle, Arc<Mutex<Vec<ShareEvent>>>, std::sync::mpsc::Receiver<()>) {
        let device = DeviceId::inbox_of(HUB);
        let header = Header {
            convene_journal: crate::journal::FORMAT,
            program: "convene test".into(),
            agenda_sha256: "0".repeat(64),
            title: "Lab".into(),
            created: chrono::Local::now().fixed_offset(),
            device: Some(device),
        };
        let journal = Journal::with_storage(&path, Box::new(disk.clone()), header);
        let opened = Opened { journal, stamp: Stamp::new(device, 0, &[]), path };
        let seen = Arc::new(Mutex::new(Vec::new()));
        let into = seen.clone();
        let events = Events::new(move |event| into.lock().unwrap().push(event));
        let (done, ended) = std::sync::mpsc::channel();
        let (inbox, handle) = start(opened, events, done).unwrap();
        (inbox, handle, seen, ended)
    }

    type JoinHandle = std::thread::JoinHandle<()>;

    fn ask(inbox: &Inbox, text: &str, nonce: &str) -> oneshot::Receiver<Stored> {
        let (reply, stored) = oneshot::channel();
        let request = Request { text: text.into(), name: None, nonce: nonce.into(), reply };
        assert!(inbox.send(request).is_ok());
        stored
    }

    #[test]
    fn questions_that_arrive_while_one_is_written_share_the_next_write_and_sync() {
        let dir = tempfile::tempdir().unwrap();
        let disk = Disk::default();
        let (inbox, handle, seen, ended) = writer(&disk, dir.path().join("inbox.jsonl"));
        let first = ask(&inbox, "Q1", "n1");
        std::thread::sleep(Duration::from_millis(50));
        let rest: Vec<_> = [("Q2", "n2"), ("Q3", "n3"), ("Q4", "n4"), ("Q4", "n4")]
            .iter()
            .map(|(text, nonce)| ask(&inbox, text, nonce))
            .collect();
        assert_eq!(first.blocking_recv(), Ok(Stored::Yes));
        for stored in rest {
            assert_eq!(stored.blocking_recv(), Ok(Stored::Yes));
        }
        // Two writes, each with one sync: the second holds three questions (the form sent
        // twice is stored once).
        assert_eq!(*disk.log.lock().unwrap(), vec!["write", "sync", "write", "sync"]);
        let told: Vec<(u64, String)> = seen
            .lock()
            .unwrap()
            .iter()
            .map(|event| match event {
                ShareEvent::Submitted(Entry {
                    seq,
                    change: Change::SubmissionReceived { text, .. },
                    ..
                }) => (*seq, text.clone()),
                other => panic!("{other:?}"),
            })
            .collect();
        let expected: Vec<(u64, String)> = (1..=4).map(|n| (n, format!("Q{n}"))).collect();
        assert_eq!(told, expected);
        drop(inbox);
        assert!(ended.recv_timeout(Duration::from_secs(5)).is_ok());
        handle.join().unwrap();
    }

    #[test]
    fn after_a_failed_write_every_question_is_refused_and_the_screen_is_told_once() {
        let dir = tempfile::tempdir().unwrap();
        let disk = Disk { fails: true, ..Disk::default() };
        // Its folder is gone too: the fresh copy cannot be written either.
        let path = dir.path().join("gone").join("inbox.jsonl");
        let (inbox, handle, seen, ended) = writer(&disk, path.clone());
        assert_eq!(ask(&inbox, "Q1", "n1").blocking_recv(), Ok(Stored::No));
        assert_eq!(ask(&inbox, "Q2", "n2").blocking_recv(), Ok(Stored::No));
        assert_eq!(ask(&inbox, "Q1", "n1").blocking_recv(), Ok(Stored::No));
        assert_eq!(
            *seen.lock().unwrap(),
            vec![ShareEvent::Stopped(format!(
                "questions from phones are no longer saved: NOT SAVED (disk full): cannot write {}; restart convene to take questions again",
                path.display()
            ))]
        );
        assert_eq!(*disk.log.lock().unwrap(), vec!["write"], "never written again");
        drop(inbox);
        assert!(ended.recv_timeout(Duration::from_secs(5)).is_ok());
        handle.join().unwrap();
    }
}
