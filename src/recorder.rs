//! The live screen's recorder: the app side of persistence. It makes each change a journal
//! entry, sends the entries of a key (or a burst of keys) to the record's writer thread as
//! one batch, and keeps count of what the writer has not acknowledged yet. It never touches
//! a disk: [`crate::writer`] does, and [`crate::record`] and [`crate::journal`] know no app.

use std::collections::VecDeque;
use std::io;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::event::{Change, DeviceId, Entry};
use crate::live::Now;
use crate::stamp::Stamp;
use crate::writer::{Ack, Job, Setup, Start, WriteError, Writer};

/// What an answer of the writer means for the screen.
#[derive(Debug, PartialEq, Eq)]
pub enum Heard {
    /// The new record was created in this folder (another than the one first announced
    /// when the first attempt failed).
    Created(PathBuf),
    /// Creating the new record failed: changes are kept in memory (see the trouble).
    NotCreated,
    /// Every batch up to this one is durable (and every entry before them).
    Saved(u64),
    /// The batches up to this one are kept in memory only (see the trouble).
    NotSaved(u64),
    /// The minutes were written to these files.
    Minutes(Vec<String>),
    /// The minutes could not be written (see the trouble).
    MinutesFailed,
    /// Every change was written to a new record folder elsewhere.
    Rescued(PathBuf),
    /// No copy could be written elsewhere, for this reason.
    RescueFailed(String),
}

/// Journals every change of a live event into its record, through the writer thread.
pub struct JournalRecorder {
    /// Until the writer starts (after the first frame): what it starts on.
    start: Option<(Start, Setup)>,
    writer: Option<Writer>,
    /// Jobs made before the writer started, sent when it does.
    unsent: Vec<Job>,
    /// The record's folder (a new record's, even before it is created).
    dir: PathBuf,
    /// This device's next entry: its sequence number, its clock, a capture's item id.
    stamp: Stamp,
    /// Entries made since the last batch was sent.
    queued: Vec<Entry>,
    /// The minutes are to be written after the entries queued now.
    minutes: bool,
    /// Minutes sent to the writer and not answered yet.
    minutes_due: usize,
    last_batch: u64,
    /// Batches sent and not acknowledged yet: their number, their entries, when sent.
    in_flight: VecDeque<(u64, usize, Instant)>,
    /// Entries the writer keeps in memory only (their write failed).
    unsaved: usize,
    trouble: Option<WriteError>,
    /// The record's folder holds a record: it was opened (resumed) or created.
    exists: bool,
}

impl JournalRecorder {
    /// A recorder for the record in `dir` whose next entries `stamp` makes. The writer
    /// starts on `start` when [`JournalRecorder::start`] is called.
    pub fn new(start: Start, setup: Setup, dir: PathBuf, stamp: Stamp) -> JournalRecorder {
        let exists = matches!(start, Start::Open(_));
        JournalRecorder {
            exists,
            start: Some((start, setup)),
            writer: None,
            unsent: Vec::new(),
            dir,
            stamp,
            queued: Vec::new(),
            minutes: false,
            minutes_due: 0,
            last_batch: 0,
            in_flight: VecDeque::new(),
            unsaved: 0,
            trouble: None,
        }
    }

    /// Starts the writer thread (a new record is created there, after the first frame); it
    /// answers through `acks`. Calling it again does nothing.
    pub fn start(&mut self, acks: impl Fn(Ack) + Send + 'static) -> io::Result<()> {
        let Some((start, setup)) = self.start.take() else { return Ok(()) };
        let writer = Writer::spawn(start, setup, acks)?;
        for job in self.unsent.drain(..) {
            writer.send(job);
        }
        self.writer = Some(writer);
        Ok(())
    }

    /// True once the writer thread runs.
    pub fn started(&self) -> bool {
        self.start.is_none()
    }

    /// Makes a change this device's next entry: its sequence number, clock and time (and a
    /// capture's item id). Every entry of a live event is made here. It goes to the writer
    /// with the next batch ([`JournalRecorder::flush`]).
    pub fn record(&mut self, change: Change, now: Now) -> Entry {
        let entry = self.stamp.entry(change, now.wall);
        self.queued.push(entry.clone());
        entry
    }

    /// The entries a change needs: a session change made on a laptop that does not run the
    /// sessions (another one created the record, or ran them last) first hands them over to
    /// this one, `facilitator` being the device that runs them now. A laptop that only
    /// captures never takes them over.
    pub fn record_taking_over(
        &mut self,
        change: Change,
        now: Now,
        facilitator: DeviceId,
    ) -> Vec<Entry> {
        let mut entries = Vec::new();
        let device = self.stamp.device();
        if change.runs_sessions() && facilitator != device {
            entries.push(self.record(Change::FacilitatorChanged { to: device }, now));
        }
        entries.push(self.record(change, now));
        entries
    }

    /// Sends the entries made since the last batch as one batch (one write, one sync), then
    /// the minutes if they were asked for. Returns the batch's number, None when no entry
    /// was made.
    pub fn flush(&mut self) -> Option<u64> {
        let batch = (!self.queued.is_empty()).then(|| {
            self.last_batch += 1;
            let entries = std::mem::take(&mut self.queued);
            self.in_flight.push_back((self.last_batch, entries.len(), Instant::now()));
            self.send(Job::Append { batch: self.last_batch, entries });
            self.last_batch
        });
        if std::mem::take(&mut self.minutes) {
            self.minutes_due += 1;
            self.send(Job::Minutes);
        }
        batch
    }

    /// The event ended: the minutes are written after its last entries.
    pub fn finish(&mut self) {
        self.minutes = true;
    }

    /// Asks for a copy of the record elsewhere, with every entry made so far.
    pub fn rescue(&mut self) {
        self.flush();
        self.send(Job::Rescue);
    }

    fn send(&mut self, job: Job) {
        match &self.writer {
            Some(writer) => {
                writer.send(job);
            }
            None => self.unsent.push(job),
        }
    }

    /// Takes in an answer of the writer and says what it means for the screen.
    pub fn acknowledged(&mut self, ack: Ack) -> Heard {
        match ack {
            Ack::Created(Ok(dir)) => {
                self.dir.clone_from(&dir);
                self.exists = true;
                Heard::Created(dir)
            }
            Ack::Created(Err(error)) => {
                self.trouble = Some(error);
                Heard::NotCreated
            }
            Ack::Appended { through, unsaved, failure } => {
                while self.in_flight.front().is_some_and(|&(batch, _, _)| batch <= through) {
                    self.in_flight.pop_front();
                }
                self.unsaved = unsaved;
                self.trouble = failure;
                if self.trouble.is_none() {
                    Heard::Saved(through)
                } else {
                    Heard::NotSaved(through)
                }
            }
            Ack::Minutes(Ok(paths)) => {
                self.minutes_due = self.minutes_due.saturating_sub(1);
                Heard::Minutes(paths.iter().map(|p| p.display().to_string()).collect())
            }
            Ack::Minutes(Err(error)) => {
                self.minutes_due = self.minutes_due.saturating_sub(1);
                self.trouble = Some(error);
                Heard::MinutesFailed
            }
            Ack::Rescued(Ok(dir)) => Heard::Rescued(dir),
            Ack::Rescued(Err(error)) => Heard::RescueFailed(error.to_string()),
        }
    }

    /// Entries made and not acknowledged by the writer yet.
    pub fn pending(&self) -> usize {
        self.queued.len() + self.in_flight.iter().map(|&(_, n, _)| n).sum::<usize>()
    }

    /// The minutes were asked for and the writer has not answered yet.
    pub fn writing_minutes(&self) -> bool {
        self.minutes || self.minutes_due > 0
    }

    /// Since when the oldest batch waits for the writer, if one does.
    pub fn waiting_since(&self) -> Option<Instant> {
        self.in_flight.front().map(|&(_, _, sent)| sent)
    }

    /// Entries the writer keeps in memory only: their write failed.
    pub fn unsaved(&self) -> usize {
        self.unsaved
    }

    /// Why the record is not being kept as it should, while that lasts.
    pub fn trouble(&self) -> Option<String> {
        self.trouble.as_ref().map(ToString::to_string)
    }

    /// The record's folder.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The record exists on disk (resumed, or created by the writer): what is written beside
    /// its journal (the inbox of `--share`) has a folder to go to.
    pub fn exists(&self) -> bool {
        self.exists
    }

    /// This device.
    pub fn device(&self) -> DeviceId {
        self.stamp.device()
    }

    /// Takes in a line written elsewhere (a phone's submission in the inbox journal), so
    /// that this device's next lines sort after it.
    pub fn observe(&mut self, entry: &Entry) {
        self.stamp.observe(entry);
    }

    /// Lets the writer finish what it was sent and close the record, waiting at most
    /// `limit`. False when it did not finish in time (its disk hangs).
    pub fn close(self, limit: Duration) -> bool {
        match self.writer {
            Some(writer) => writer.close(limit),
            None => true,
        }
    }
}
