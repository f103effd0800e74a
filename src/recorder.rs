//! The live screen's recorder: journals every change into the record, writes the minutes
//! when the event ends, and writes a copy elsewhere when the record's disk fails.
//! The app side of persistence: [`crate::record`] and [`crate::journal`] know no app.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::app::{App, Recorder};
use crate::event::{Change, Entry};
use crate::journal::{self, JournalError};
use crate::live::Now;
use crate::minutes::MinutesError;
use crate::record::{AGENDA_FILE, JOURNALS_DIR, Record, create_numbered_dir, journal_path};

/// Why the record is not being kept as it should: shown on every frame while it lasts.
#[derive(Debug, thiserror::Error)]
pub enum RecorderError {
    /// A change is kept in memory only (the message starts with NOT SAVED).
    #[error(transparent)]
    Journal(#[from] JournalError),
    #[error(transparent)]
    Minutes(#[from] MinutesError),
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

/// Journals every change of a live event into its record, and finishes the record when the
/// event ends.
pub struct JournalRecorder {
    pub record: Record,
    trouble: Option<RecorderError>,
}

impl JournalRecorder {
    pub fn new(record: Record) -> JournalRecorder {
        JournalRecorder { record, trouble: None }
    }
}

impl Recorder for JournalRecorder {
    fn record(&mut self, change: Change, now: Now) -> Entry {
        let entry = self.record.stamp.entry(change, now.wall);
        self.trouble = self.record.journal.append(entry.clone()).err().map(RecorderError::from);
        entry
    }

    fn finish(&mut self, app: &App) -> Vec<String> {
        let entries = self.record.journal.entries();
        match crate::minutes::write_record(&self.record.dir, &app.live.agenda, entries) {
            Ok(paths) => paths.iter().map(|p| p.display().to_string()).collect(),
            Err(e) => {
                self.trouble = Some(e.into());
                Vec::new()
            }
        }
    }

    fn trouble(&self) -> Option<String> {
        self.trouble.as_ref().map(ToString::to_string)
    }

    fn unsaved(&self) -> usize {
        self.record.journal.unsaved()
    }

    fn rescue(&mut self) -> Result<PathBuf, String> {
        let name = self
            .record
            .dir
            .file_name()
            .map_or_else(|| "record".to_string(), |name| name.to_string_lossy().into_owned());
        let mut tried = Vec::new();
        for folder in rescue_folders() {
            match rescue_into(&folder, &name, &self.record) {
                Ok(dir) => return Ok(dir),
                Err(e) => tried.push((folder, e)),
            }
        }
        Err(RescueError { tried }.to_string())
    }
}

/// Where changes go when the record's own disk fails: the current folder, else the
/// temporary folder (often another disk, or memory).
fn rescue_folders() -> Vec<PathBuf> {
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

/// Writes a record folder `convene-unsaved-<name>[-N]` in `parent`: the agenda as run and the
/// whole journal, so that `convene run --resume` and `convene minutes` take it as it is.
fn rescue_into(parent: &Path, name: &str, record: &Record) -> io::Result<PathBuf> {
    let dir = create_numbered_dir(parent, &format!("convene-unsaved-{name}"))?;
    let agenda = crate::regular::read_bounded(
        &record.dir.join(AGENDA_FILE),
        crate::agenda::MAX_FILE_BYTES as u64,
    )?;
    let mut file = crate::regular::create_new(&dir.join(AGENDA_FILE))?;
    file.write_all(&agenda)?;
    file.sync_all()?;
    // Every journal of the record: the other devices' as they are on disk, this device's
    // with everything in memory.
    let own = record.stamp.device();
    std::fs::create_dir(dir.join(JOURNALS_DIR))?;
    for (device, path) in crate::record::journal_paths(&record.dir) {
        if device == own {
            continue;
        }
        let bytes = crate::regular::read_bounded(&path, crate::record::MAX_JOURNAL_BYTES)?;
        let mut copy = crate::regular::create_new(&journal_path(&dir, device))?;
        copy.write_all(&bytes)?;
        copy.sync_all()?;
    }
    record.journal.write_copy(&journal_path(&dir, own))?;
    journal::sync_dir(&dir)?;
    journal::sync_dir(parent)?;
    Ok(dir)
}
