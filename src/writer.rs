//! The record's writer: one thread that does every write to the record's disk, so that the
//! live screen never waits on a disk. The screen sends it [`Job`]s through a channel and it
//! answers each with an [`Ack`] through the sink it was given (the event loop's input
//! channel). It creates a new record, appends each batch of entries with one write and one
//! sync, writes the minutes when the event ends, and writes a copy of the record elsewhere
//! when the record's disk fails.
//!
//! Persistence only: it knows no app and no terminal.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use crate::agenda::Agenda;
use crate::event::Entry;
use crate::journal::{self, Header, JournalError};
use crate::minutes::MinutesError;
use crate::record::{self, AGENDA_FILE, JOURNALS_DIR, Record, RecordError, journal_path};

/// The record the writer starts with.
pub enum Start {
    /// A record opened before the live screen (a resumed event).
    Open(Record),
    /// A new record, created by the writer as its first work: in `dir` (an empty folder made
    /// by [`record::prepare`] in the data folder `data`), with this journal header.
    Create { data: PathBuf, dir: PathBuf, header: Header },
}

/// What the writer keeps besides the record.
pub struct Setup {
    /// The agenda the event runs, for the minutes.
    pub agenda: Agenda,
    /// Its text: the record's `agenda.toml`, and the agenda of a copy written elsewhere.
    pub agenda_text: String,
    /// Where a copy of the record goes when its disk fails, the first that works.
    pub rescue_to: Vec<PathBuf>,
}

/// Work for the writer, done in the order it is sent.
#[derive(Debug)]
pub enum Job {
    /// Appends these entries with one write and one sync. Batches are numbered from 1.
    Append { batch: u64, entries: Vec<Entry> },
    /// Writes the minutes from every entry appended so far.
    Minutes,
    /// Writes the agenda and every entry, saved or not, to a new record folder elsewhere.
    Rescue,
}

/// The writer's answer, in the order of the jobs.
#[derive(Debug)]
pub enum Ack {
    /// The new record was created in this folder, or creating it failed (the changes then
    /// wait in memory and each next batch tries again).
    Created(Result<PathBuf, WriteError>),
    /// Every batch up to `through` was written: durable when `failure` is None, else kept in
    /// memory, `unsaved` entries in all.
    Appended { through: u64, unsaved: usize, failure: Option<WriteError> },
    /// The minutes were written (the internal, then the public file).
    Minutes(Result<[PathBuf; 2], WriteError>),
    /// The copy elsewhere was written to this folder.
    Rescued(Result<PathBuf, RescueError>),
}

/// Why the record is not being kept as it should: shown on every frame while it lasts.
#[derive(Debug, thiserror::Error)]
pub enum WriteError {
    /// A change is kept in memory only (the message starts with NOT SAVED).
    #[error(transparent)]
    Journal(#[from] JournalError),
    /// The new record could not be created: every change is kept in memory.
    // The reason comes first: on a narrow header a long path must not push it off.
    #[error("NOT SAVED ({}): cannot create the record {}", cause(source), dir.display())]
    Create { dir: PathBuf, source: RecordError },
    #[error(transparent)]
    Minutes(#[from] MinutesError),
    /// The record's other journals could not be read for the minutes.
    #[error("cannot write the minutes: {0}")]
    Read(#[from] RecordError),
    /// The minutes of an event whose record was never created.
    #[error(
        "cannot write the minutes: the record {} was never created; leave with Ctrl-q and w to keep the changes elsewhere",
        dir.display()
    )]
    NoRecord { dir: PathBuf },
}

/// The reason under a record error (a full disk, a denied permission), else the error.
fn cause(error: &RecordError) -> String {
    match std::error::Error::source(error) {
        Some(source) => source.to_string(),
        None => error.to_string(),
    }
}

/// Why no copy of the record could be written elsewhere: each folder tried, with its error.
#[derive(Debug, thiserror::Error)]
#[error(
    "cannot write a copy ({}); free some disk space and press w again",
    tried.iter().map(|(folder, e)| format!("{}: {e}", folder.display())).collect::<Vec<_>>().join("; ")
)]
pub struct RescueError {
    pub tried: Vec<(PathBuf, io::Error)>,
}

/// Where changes go when the record's own disk fails: the current folder, else the
/// temporary folder (often another disk, or memory).
pub fn rescue_folders() -> Vec<PathBuf> {
    let mut folders = Vec::new();
    if let Ok(current) = std::env::current_dir() {
        folders.push(current);
    }
    let temporary = std::env::temp_dir();
    if !folders.contains(&temporary) {
        folders.push(temporary);
    }
    folders
}

/// The screen's handle on the writer thread.
pub struct Writer {
    jobs: Sender<Job>,
    /// Disconnected when the thread has ended (and the record is closed).
    finished: Receiver<()>,
}

impl Writer {
    /// Starts the writer thread on `start`; it answers through `acks`.
    pub fn spawn(
        start: Start,
        setup: Setup,
        acks: impl Fn(Ack) + Send + 'static,
    ) -> io::Result<Writer> {
        let (jobs, queue) = mpsc::channel();
        let (done, finished) = mpsc::channel::<()>();
        std::thread::Builder::new().name("record writer".into()).spawn(move || {
            let _done = done;
            hang_if_asked();
            let mut keeper = Keeper::new(start, setup, &acks);
            keeper.run(&queue, &acks);
        })?;
        Ok(Writer { jobs, finished })
    }

    /// Queues a job; false when the writer thread is gone.
    pub fn send(&self, job: Job) -> bool {
        self.jobs.send(job).is_ok()
    }

    /// No more jobs: waits up to `limit` for the writer to finish the jobs sent and close the
    /// record (its lock file goes). False when it did not in time (its disk hangs).
    pub fn close(self, limit: Duration) -> bool {
        drop(self.jobs);
        matches!(self.finished.recv_timeout(limit), Err(RecvTimeoutError::Disconnected))
    }
}

/// Test-only: in a debug build, `CONVENE_TEST_HANG_WRITES=1` makes the writer hang before
/// its first write and stay hung, as a write to a dead network folder or USB stick does, so
/// that the end-to-end tests can check that the screen, leaving and signals never wait on
/// it. Release builds have no such hook.
#[cfg(debug_assertions)]
fn hang_if_asked() {
    if std::env::var_os("CONVENE_TEST_HANG_WRITES").is_some_and(|v| v == "1") {
        loop {
            std::thread::park();
        }
    }
}

#[cfg(not(debug_assertions))]
fn hang_if_asked() {}

/// What the writer holds: the record, or the changes of one not created yet.
enum Holding {
    Made(Record),
    /// Creating the record failed: the changes wait here, and each batch tries again.
    Unmade {
        data: PathBuf,
        dir: PathBuf,
        header: Header,
        entries: Vec<Entry>,
    },
}

/// The writer thread's state.
struct Keeper {
    holding: Holding,
    setup: Setup,
}

impl Keeper {
    /// Opens the record: a new one is created now, answered with [`Ack::Created`].
    fn new(start: Start, setup: Setup, acks: &impl Fn(Ack)) -> Keeper {
        match start {
            Start::Open(record) => Keeper { holding: Holding::Made(record), setup },
            Start::Create { data, dir, header } => {
                let result = record::create_in(&dir, &setup.agenda_text, header.clone());
                let (holding, ack) = match result {
                    Ok(record) => {
                        let dir = record.dir.clone();
                        (Holding::Made(record), Ok(dir))
                    }
                    Err(source) => {
                        let error = WriteError::Create { dir: dir.clone(), source };
                        (Holding::Unmade { data, dir, header, entries: Vec::new() }, Err(error))
                    }
                };
                acks(Ack::Created(ack));
                Keeper { holding, setup }
            }
        }
    }

    fn run(&mut self, queue: &Receiver<Job>, acks: &impl Fn(Ack)) {
        let mut next = None;
        loop {
            let job = match next.take() {
                Some(job) => job,
                None => match queue.recv() {
                    Ok(job) => job,
                    Err(_) => return,
                },
            };
            hang_if_asked();
            match job {
                Job::Append { batch, mut entries } => {
                    // Batches that queued up while the disk was busy go in the same write.
                    let mut through = batch;
                    while let Ok(job) = queue.try_recv() {
                        match job {
                            Job::Append { batch, entries: more } => {
                                through = batch;
                                entries.extend(more);
                            }
                            other => {
                                next = Some(other);
                                break;
                            }
                        }
                    }
                    let failure = self.append(entries, acks).err();
                    acks(Ack::Appended { through, unsaved: self.unsaved(), failure });
                }
                Job::Minutes => acks(Ack::Minutes(self.minutes())),
                Job::Rescue => acks(Ack::Rescued(self.rescue())),
            }
        }
    }

    fn append(&mut self, entries: Vec<Entry>, acks: &impl Fn(Ack)) -> Result<(), WriteError> {
        match &mut self.holding {
            Holding::Made(record) => Ok(record.journal.append_batch(&entries)?),
            Holding::Unmade { entries: waiting, .. } => {
                waiting.extend(entries);
                self.create_again(acks)
            }
        }
    }

    /// Tries again to create the record, then writes every change that waited for it. A
    /// folder the failed attempt left empty is used again; otherwise the next free name.
    fn create_again(&mut self, acks: &impl Fn(Ack)) -> Result<(), WriteError> {
        let Holding::Unmade { data, dir, header, entries } = &mut self.holding else {
            return Ok(());
        };
        // Removes the folder only when it is empty: nothing of a failed attempt is lost.
        let _ = fs::remove_dir(&*dir);
        let made = record::prepare(data, &self.setup.agenda)
            .map_err(|source| WriteError::Create { dir: dir.clone(), source })?;
        *dir = made;
        let mut record = record::create_in(dir, &self.setup.agenda_text, header.clone())
            .map_err(|source| WriteError::Create { dir: dir.clone(), source })?;
        acks(Ack::Created(Ok(record.dir.clone())));
        let waiting = std::mem::take(entries);
        let written = record.journal.append_batch(&waiting);
        self.holding = Holding::Made(record);
        Ok(written?)
    }

    fn unsaved(&self) -> usize {
        match &self.holding {
            Holding::Made(record) => record.journal.unsaved(),
            Holding::Unmade { entries, .. } => entries.len(),
        }
    }

    fn minutes(&self) -> Result<[PathBuf; 2], WriteError> {
        match &self.holding {
            Holding::Made(record) => {
                // The minutes tell the whole record: the other devices' journals as they are
                // on disk, this device's as it is in memory, in the fold's order.
                let own = record.journal.device();
                let mut entries: Vec<Entry> = record::read_journal(&record.dir)?
                    .entries
                    .into_iter()
                    .filter(|e| e.device != own)
                    .collect();
                entries.extend_from_slice(record.journal.entries());
                entries.sort_by_key(Entry::order);
                Ok(crate::minutes::write_record(&record.dir, &self.setup.agenda, &entries)?)
            }
            Holding::Unmade { dir, .. } => Err(WriteError::NoRecord { dir: dir.clone() }),
        }
    }

    /// Writes a record folder `convene-unsaved-<record>` in the first rescue folder that
    /// takes it.
    fn rescue(&self) -> Result<PathBuf, RescueError> {
        let dir = match &self.holding {
            Holding::Made(record) => &record.dir,
            Holding::Unmade { dir, .. } => dir,
        };
        let name = dir
            .file_name()
            .map_or_else(|| "record".to_string(), |name| name.to_string_lossy().into_owned());
        let mut tried = Vec::new();
        for folder in &self.setup.rescue_to {
            match self.rescue_into(folder, &name) {
                Ok(dir) => return Ok(dir),
                Err(e) => tried.push((folder.clone(), e)),
            }
        }
        Err(RescueError { tried })
    }

    /// Writes a record folder `convene-unsaved-<name>[-N]` in `parent`: the agenda as run
    /// and every journal of the record (the other devices' as they are on disk, this
    /// device's with everything in memory), so that `convene run --resume` and
    /// `convene minutes` take it as it is.
    fn rescue_into(&self, parent: &Path, name: &str) -> io::Result<PathBuf> {
        let dir = record::create_numbered_dir(parent, &format!("convene-unsaved-{name}"))?;
        let mut file = crate::regular::create_new(&dir.join(AGENDA_FILE))?;
        file.write_all(self.setup.agenda_text.as_bytes())?;
        file.sync_all()?;
        std::fs::create_dir(dir.join(JOURNALS_DIR))?;
        match &self.holding {
            Holding::Made(record) => {
                let own = record.journal.device();
                for (device, path) in record::journal_paths(&record.dir) {
                    if device == own {
                        continue;
                    }
                    let bytes = crate::regular::read_bounded(&path, record::MAX_JOURNAL_BYTES)?;
                    let target = record::journal_path_as(&dir, device, &path);
                    let mut copy = crate::regular::create_new(&target)?;
                    copy.write_all(&bytes)?;
                    copy.sync_all()?;
                }
                record.journal.write_copy(&journal_path(&dir, own))?;
            }
            Holding::Unmade { header, entries, .. } => {
                let journal = journal_path(&dir, header.device());
                journal::write_whole(&journal, header, entries)?;
                journal::sync_dir(&dir.join(JOURNALS_DIR))?;
            }
        }
        journal::sync_dir(&dir)?;
        journal::sync_dir(parent)?;
        Ok(dir)
    }
}
