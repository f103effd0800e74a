//! `convene merge`: adds the journals of copies of one record (a USB stick, another
//! laptop's data folder) into it. Each device's journal only ever grows, so a copy's
//! journal is either a prefix of the record's, or the record's is a prefix of it, and the
//! longer one is kept: merging is a union of lines, in any order and any number of times
//! with the same result.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use crate::event::DeviceId;
use crate::journal::journal_name;
use crate::journal::{self, Header, Part};
use crate::record::{self, RecordError};
use crate::regular;

/// Why a copy could not be merged into a record.
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error(transparent)]
    Record(#[from] RecordError),
    #[error(
        "{} is not a copy of the record {}: they share no journal (\"{}\" created {} and \"{}\" created {}); merge only copies of one record",
        copy.display(),
        record.display(),
        theirs.title,
        theirs.created.format("%Y-%m-%d %H:%M"),
        ours.title,
        ours.created.format("%Y-%m-%d %H:%M")
    )]
    OtherRecord { record: PathBuf, copy: PathBuf, ours: Box<Header>, theirs: Box<Header> },
    #[error(
        "{} of {} and of {} differ from line {line} on: the same device went on writing two copies of the record; keep one of them (move the other copy's {} away) and merge again",
        journal_name(*device),
        record.display(),
        copy.display(),
        journal_name(*device)
    )]
    Forked { record: PathBuf, copy: PathBuf, device: DeviceId, line: usize },
    #[error("cannot write {}: {source}; check that the record's folder is writable", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// What merging one copy did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Merged {
    /// Per journal that gained lines: its name and how many.
    pub added: Vec<(String, usize)>,
}

/// The complete, valid lines of a journal read back (an unfinished last line is left out).
fn valid_lines(part: &Part) -> Result<Vec<u8>, RecordError> {
    let mut bytes = regular::read_bounded(&part.path, record::MAX_JOURNAL_BYTES)
        .map_err(|source| RecordError::Read { path: part.path.clone(), source })?;
    bytes.truncate(part.valid_len);
    Ok(bytes)
}

/// What merging does to one device's journal in the record.
enum Step {
    /// The record has no journal of this device: the copy's lines become it.
    Create(Vec<u8>),
    /// The copy's journal goes on where the record's ends (`keep` bytes, anything after
    /// them an unfinished line): these lines are appended.
    Append { keep: usize, lines: Vec<u8> },
}

pub(crate) fn count_lines(bytes: &[u8]) -> usize {
    memchr::memchr_iter(b'\n', bytes).count()
}

/// Adds complete journal lines to a device's journal in a record, durable when this returns
/// (the sync of merging copies and of the peers' sync): `keep: None` creates the file (its
/// folder made if needed, the file and its folder synced); `Some(keep)` appends after the
/// first `keep` bytes, cutting off an unfinished last line of ours first (the lines added
/// hold it whole), with one write and one `sync_data`.
pub(crate) fn write_lines(target: &Path, keep: Option<usize>, lines: &[u8]) -> io::Result<()> {
    match keep {
        None => {
            if let Some(folder) = target.parent() {
                fs::create_dir_all(folder)?;
            }
            let mut file = regular::create_new(target)?;
            file.write_all(lines)?;
            file.sync_all()?;
            if let Some(folder) = target.parent() {
                journal::sync_dir(folder)?;
            }
        }
        Some(keep) => {
            let mut file = regular::open_append(target)?;
            file.set_len(keep as u64)?;
            file.write_all(lines)?;
            file.sync_data()?;
        }
    }
    Ok(())
}

/// Merges the journals of the copy `from` into the record `into` (locked by the caller).
/// Every journal is compared before any is written: a refused copy leaves the record as it
/// was.
pub fn merge_copy(into: &Path, from: &Path) -> Result<Merged, MergeError> {
    let ours = record::read_journal(into)?;
    let theirs = record::read_journal(from)?;
    // Copies of one record share at least the journal of the device that created it, header
    // line and all; two records never share a journal.
    let shared = ours.parts.iter().any(|mine| {
        theirs.parts.iter().any(|copy| copy.device == mine.device && copy.header == mine.header)
    });
    if !shared && let (Some(ours), Some(theirs)) = (&ours.header, &theirs.header) {
        return Err(MergeError::OtherRecord {
            record: into.to_path_buf(),
            copy: from.to_path_buf(),
            ours: Box::new(ours.clone()),
            theirs: Box::new(theirs.clone()),
        });
    }
    let mut steps = Vec::new();
    for part in &theirs.parts {
        let copy = valid_lines(part)?;
        let Some(mine) = ours.parts.iter().find(|p| p.device == part.device) else {
            let target = record::journal_path_as(into, part.device, &part.path);
            steps.push((part.device, target, Step::Create(copy)));
            continue;
        };
        let target = mine.path.clone();
        let mine = valid_lines(mine)?;
        if mine.starts_with(&copy) {
            continue;
        }
        if !copy.starts_with(&mine) {
            let same = mine.iter().zip(&copy).take_while(|(a, b)| a == b).count();
            return Err(MergeError::Forked {
                record: into.to_path_buf(),
                copy: from.to_path_buf(),
                device: part.device,
                line: count_lines(&mine[..same]) + 1,
            });
        }
        let lines = copy[mine.len()..].to_vec();
        steps.push((part.device, target, Step::Append { keep: mine.len(), lines }));
    }
    let mut merged = Merged::default();
    for (device, target, step) in steps {
        let failed = |source| MergeError::Write { path: target.clone(), source };
        let added = match step {
            Step::Create(lines) => {
                write_lines(&target, None, &lines).map_err(failed)?;
                // The header line is not a change.
                count_lines(&lines).saturating_sub(1)
            }
            Step::Append { keep, lines } => {
                write_lines(&target, Some(keep), &lines).map_err(failed)?;
                count_lines(&lines)
            }
        };
        merged.added.push((journal_name(device), added));
    }
    // The agenda texts the copy ran: an agenda edited on it is the one its lines need.
    for text in record::agenda_texts(from) {
        record::keep_agenda_text(into, &text)?;
    }
    Ok(merged)
}
