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
use crate::journal::{self, Header};
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

/// The complete, valid lines of a journal file (an unfinished last line is left out).
fn valid_lines(path: &Path) -> Result<Vec<u8>, RecordError> {
    let bytes = regular::read_bounded(path, record::MAX_JOURNAL_BYTES)
        .map_err(|source| RecordError::Read { path: path.to_path_buf(), source })?;
    let valid = journal::parse(&bytes).valid_len;
    Ok(bytes[..valid.min(bytes.len())].to_vec())
}

/// Merges the journals of the copy `from` into the record `into` (locked by the caller).
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
    let mut merged = Merged::default();
    for (device, path) in record::journal_paths(from) {
        let copy = valid_lines(&path)?;
        let target = record::journal_path(into, device);
        let write = |bytes: &[u8], create: bool| -> Result<(), MergeError> {
            let failed = |source| MergeError::Write { path: target.clone(), source };
            if let Some(folder) = target.parent().filter(|_| create) {
                fs::create_dir_all(folder).map_err(failed)?;
            }
            let mut file = if create {
                regular::create_new(&target).map_err(failed)?
            } else {
                regular::open_append(&target).map_err(failed)?
            };
            file.write_all(bytes).map_err(failed)?;
            file.sync_all().map_err(failed)?;
            if let Some(folder) = target.parent() {
                journal::sync_dir(folder).map_err(failed)?;
            }
            Ok(())
        };
        let lines = |bytes: &[u8]| memchr::memchr_iter(b'\n', bytes).count();
        if fs::symlink_metadata(&target).is_err() {
            write(&copy, true)?;
            // The header line is not a change.
            merged.added.push((journal_name(device), lines(&copy).saturating_sub(1)));
            continue;
        }
        let mine = valid_lines(&target)?;
        if mine.starts_with(&copy) {
            continue;
        }
        if !copy.starts_with(&mine) {
            let same = mine.iter().zip(&copy).take_while(|(a, b)| a == b).count();
            return Err(MergeError::Forked {
                record: into.to_path_buf(),
                copy: from.to_path_buf(),
                device,
                line: lines(&mine[..same]) + 1,
            });
        }
        // An unfinished last line of ours is cut off first: the copy holds it whole.
        let on_disk = fs::symlink_metadata(&target).map(|m| m.len()).unwrap_or(0);
        if on_disk > mine.len() as u64 {
            let failed = |source| MergeError::Write { path: target.clone(), source };
            let file = regular::open_append(&target).map_err(failed)?;
            file.set_len(mine.len() as u64).map_err(failed)?;
        }
        let rest = &copy[mine.len()..];
        write(rest, false)?;
        merged.added.push((journal_name(device), lines(rest)));
    }
    // The agenda texts the copy ran: an agenda edited on it is the one its lines need.
    for text in record::agenda_texts(from) {
        record::keep_agenda_text(into, &text)?;
    }
    Ok(merged)
}
