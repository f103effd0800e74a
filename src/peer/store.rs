//! The journals of a record as the peers' sync sees them: how far each device's journal goes
//! (its head), the lines after a given one, and lines of another device taken into this copy.
//!
//! A device's journal only ever grows, so a copy of it is a prefix of the device's own: the
//! sync sends what the other side lacks and the other side appends it. Taking lines is
//! idempotent (a repeat adds nothing) and checks everything before writing anything: every
//! line complete with its checksum, of the right device, its numbers following on. Pure file
//! logic; the hub's server and the note-taker's worker carry the bytes.

use std::collections::BTreeMap;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};

use crate::event::{DeviceId, Entry};
use crate::journal::{self, journal_name};
use crate::merge::write_lines;
use crate::record;
use crate::regular;

/// Why lines sent for a device's journal were not taken. Nothing of them was written.
#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    /// This copy of the journal ends before the line the sender continues after: it should
    /// send again from `have`.
    #[error(
        "{} here ends at entry {have}, not at entry {after} the lines sent follow; send the lines after entry {have}",
        journal_name(*device)
    )]
    Gap { device: DeviceId, after: u64, have: u64 },
    /// A line sent differs from the line this copy holds with the same number.
    #[error(
        "{} differs from this copy at entry {seq}: the same device went on writing two copies of the record; keep one of them",
        journal_name(*device)
    )]
    Forked { device: DeviceId, seq: u64 },
    /// A line sent is not a complete, valid line of this device's journal following on.
    #[error("line {line} of what was sent for {} is refused: {why}; nothing of it was written", journal_name(*device))]
    BadLine { device: DeviceId, line: usize, why: String },
    #[error("cannot read {}: {source}; check the record's folder", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}; check that the record's folder is writable", path.display())]
    Write { path: PathBuf, source: io::Error },
}

/// A journal file as stored: its complete, valid lines and where each is.
struct Stored {
    bytes: Vec<u8>,
    header: Option<Range<usize>>,
    /// Every entry's number and line, in the file's order.
    lines: Vec<(u64, Range<usize>)>,
}

impl Stored {
    fn read(path: &Path, device: DeviceId) -> Result<Stored, SyncError> {
        let mut bytes = regular::read_bounded(path, record::MAX_JOURNAL_BYTES)
            .map_err(|source| SyncError::Read { path: path.to_path_buf(), source })?;
        let contents = journal::parse_as(&bytes, &journal_name(device));
        // A torn tail is never part of what is stored, sent or compared.
        bytes.truncate(contents.valid_len);
        let ranges: Vec<Range<usize>> = line_ranges(&bytes).collect();
        let header = (contents.header.is_some() && contents.lines.first() != Some(&1))
            .then(|| ranges.first().cloned())
            .flatten();
        let lines = contents
            .entries
            .iter()
            .zip(&contents.lines)
            .filter_map(|(entry, &line)| {
                Some((entry.seq, ranges.get(line.checked_sub(1)?)?.clone()))
            })
            .collect();
        Ok(Stored { bytes, header, lines })
    }

    fn last_seq(&self) -> u64 {
        self.lines.last().map_or(0, |(seq, _)| *seq)
    }

    fn line(&self, seq: u64) -> Option<&[u8]> {
        let at = self.lines.binary_search_by_key(&seq, |(s, _)| *s).ok()?;
        Some(&self.bytes[self.lines[at].1.clone()])
    }

    /// The length of the valid part (what appending continues after).
    fn valid_len(&self) -> usize {
        self.bytes.len()
    }
}

/// The byte ranges of the `\n`-terminated lines of `bytes` (a last line without its end is
/// left out).
fn line_ranges(bytes: &[u8]) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    memchr::memchr_iter(b'\n', bytes).map(move |end| {
        let range = start..end + 1;
        start = end + 1;
        range
    })
}

fn path_of(dir: &Path, device: DeviceId) -> Option<PathBuf> {
    record::journal_paths(dir).into_iter().find(|(d, _)| *d == device).map(|(_, p)| p)
}

/// Per journal file of the record (the inbox included), the number of its last complete,
/// valid entry (0 when it holds only its header). A file that cannot be read is left out.
pub fn heads(record_dir: &Path) -> BTreeMap<DeviceId, u64> {
    record::journal_paths(record_dir)
        .into_iter()
        .filter_map(|(device, path)| Some((device, Stored::read(&path, device).ok()?.last_seq())))
        .collect()
}

/// The bytes of `device`'s journal as stored after its entry `after_seq`: with the header
/// line and every entry when `after_seq` is 0. Complete, valid lines only: an unfinished
/// last line is never sent. Nothing when the record has no journal of that device.
pub fn lines_since(
    record_dir: &Path,
    device: DeviceId,
    after_seq: u64,
) -> Result<Vec<u8>, SyncError> {
    let Some(path) = path_of(record_dir, device) else {
        return Ok(Vec::new());
    };
    let stored = Stored::read(&path, device)?;
    let mut out = Vec::new();
    if after_seq == 0
        && let Some(header) = &stored.header
    {
        out.extend_from_slice(&stored.bytes[header.clone()]);
    }
    for (seq, range) in &stored.lines {
        if *seq > after_seq {
            out.extend_from_slice(&stored.bytes[range.clone()]);
        }
    }
    Ok(out)
}

/// Lines sent for a journal, checked.
struct Chunk<'a> {
    header: Option<&'a [u8]>,
    entries: Vec<(Entry, &'a [u8])>,
}

/// Checks that `bytes` are complete, valid lines of `device`'s journal following its entry
/// `after` (its header line first, only when `after` is 0).
fn check(device: DeviceId, after: u64, bytes: &[u8]) -> Result<Chunk<'_>, SyncError> {
    let bad = |line: usize, why: String| SyncError::BadLine { device, line, why };
    let name = journal_name(device);
    let mut chunk = Chunk { header: None, entries: Vec::new() };
    let mut start = 0;
    for (i, range) in line_ranges(bytes).enumerate() {
        start = range.end;
        let line = &bytes[range];
        let number = i + 1;
        let contents = journal::parse_as(line, &name);
        if contents.valid_len != line.len() {
            return Err(bad(number, "its checksum does not match (a damaged or cut line)".into()));
        }
        if let Some(header) = &contents.header {
            if i != 0 || after != 0 {
                return Err(bad(number, "a header line where an entry belongs".into()));
            }
            if header.device() != device {
                return Err(bad(
                    number,
                    format!("it is the header of device {}'s journal", header.device()),
                ));
            }
            chunk.header = Some(line);
            continue;
        }
        let Some(entry) = contents.entries.into_iter().next() else {
            let why = contents.problems.into_iter().next().unwrap_or_default();
            return Err(bad(number, format!("it cannot be read here ({why})")));
        };
        if entry.device != device {
            return Err(bad(number, format!("it was written by device {}", entry.device)));
        }
        let due = after + chunk.entries.len() as u64 + 1;
        if entry.seq != due {
            return Err(bad(
                number,
                format!("it is entry {} where entry {due} follows", entry.seq),
            ));
        }
        chunk.entries.push((entry, line));
    }
    if start != bytes.len() {
        let number = crate::merge::count_lines(bytes) + 1;
        return Err(bad(number, "it is not a complete line (it has no line end)".into()));
    }
    Ok(chunk)
}

/// Where a journal new to this copy goes: an inbox journal keeps its hub's name
/// (`<hub>-inbox.jsonl`), which needs the hub's journal to be here already.
fn new_path(dir: &Path, device: DeviceId) -> PathBuf {
    record::journal_paths(dir)
        .into_iter()
        .find(|(hub, _)| DeviceId::inbox_of(*hub) == device)
        .map_or_else(|| record::journal_path(dir, device), |(hub, _)| record::inbox_path(dir, hub))
}

/// Takes `bytes`, lines of `device`'s journal following its entry `after_seq` (with the header
/// line when `after_seq` is 0), into the record: returns how many entries were added.
/// See [`accept_entries`].
pub fn accept(
    record_dir: &Path,
    device: DeviceId,
    after_seq: u64,
    bytes: &[u8],
) -> Result<usize, SyncError> {
    accept_entries(record_dir, device, after_seq, bytes).map(|added| added.len())
}

/// [`accept`], returning the entries added (in order), durable when this returns. Lines this
/// copy already holds must be byte-identical to its own ([`SyncError::Forked`] otherwise) and
/// add nothing; lines after a gap are refused ([`SyncError::Gap`], with where this copy
/// ends). Everything is checked before anything is written; the new lines are appended with
/// one write and one sync (a new journal is created with its header, its folder synced).
/// One caller at a time per record.
pub fn accept_entries(
    record_dir: &Path,
    device: DeviceId,
    after_seq: u64,
    bytes: &[u8],
) -> Result<Vec<Entry>, SyncError> {
    let chunk = check(device, after_seq, bytes)?;
    let Some(path) = path_of(record_dir, device) else {
        if after_seq > 0 {
            return Err(SyncError::Gap { device, after: after_seq, have: 0 });
        }
        if chunk.header.is_none() {
            return Err(SyncError::BadLine {
                device,
                line: 1,
                why: "a journal new to this copy starts with its header line".into(),
            });
        }
        let path = new_path(record_dir, device);
        write_lines(&path, None, bytes).map_err(|source| SyncError::Write { path, source })?;
        return Ok(chunk.entries.into_iter().map(|(entry, _)| entry).collect());
    };
    let stored = Stored::read(&path, device)?;
    let have = stored.last_seq();
    if have < after_seq {
        return Err(SyncError::Gap { device, after: after_seq, have });
    }
    if let Some(header) = chunk.header
        && stored.header.as_ref().map(|h| &stored.bytes[h.clone()]) != Some(header)
    {
        return Err(SyncError::Forked { device, seq: 0 });
    }
    let mut lines = Vec::new();
    let mut added = Vec::new();
    for (entry, line) in chunk.entries {
        if entry.seq <= have {
            if stored.line(entry.seq) != Some(line) {
                return Err(SyncError::Forked { device, seq: entry.seq });
            }
            continue;
        }
        lines.extend_from_slice(line);
        added.push(entry);
    }
    if !lines.is_empty() {
        write_lines(&path, Some(stored.valid_len()), &lines)
            .map_err(|source| SyncError::Write { path, source })?;
    }
    Ok(added)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::{Change, Fields, ItemId, ItemKind};
    use crate::journal::{Header, Journal};
    use crate::stamp::Stamp;

    const A: DeviceId = DeviceId::new(0xa);
    const B: DeviceId = DeviceId::new(0xb);

    fn at() -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").unwrap()
    }

    fn header(device: DeviceId) -> Header {
        Header {
            convene_journal: journal::FORMAT,
            program: "convene test".into(),
            agenda_sha256: "ab".repeat(32),
            title: "Lab".into(),
            created: at(),
            device: Some(device),
        }
    }

    fn capture(text: &str) -> Change {
        let fields = Fields { text: text.into(), ..Fields::default() };
        Change::ItemCaptured {
            item: ItemId::default(),
            kind: ItemKind::Question,
            session: 0,
            offset_ms: 0,
            fields,
        }
    }

    /// A record folder holding `device`'s journal with `n` captures; its bytes.
    fn source(dir: &Path, device: DeviceId, n: usize) -> Vec<u8> {
        let path = record::journal_path(dir, device);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mut journal = Journal::create(&path, header(device)).unwrap();
        let mut stamp = Stamp::new(device, 0, &[]);
        for i in 0..n {
            journal.append(stamp.entry(capture(&format!("question {i}")), at())).unwrap();
        }
        std::fs::read(&path).unwrap()
    }

    fn stored(dir: &Path, device: DeviceId) -> Vec<u8> {
        std::fs::read(record::journal_path(dir, device)).unwrap_or_default()
    }

    #[test]
    fn chunks_in_any_order_and_repeats_converge_on_the_source() {
        let from = tempfile::tempdir().unwrap();
        let whole = source(from.path(), A, 6);
        assert_eq!(heads(from.path()), BTreeMap::from([(A, 6)]));
        assert_eq!(lines_since(from.path(), A, 0).unwrap(), whole);
        let first = lines_since(from.path(), A, 0).unwrap();
        let after_2 = lines_since(from.path(), A, 2).unwrap();
        let after_4 = lines_since(from.path(), A, 4).unwrap();
        assert_eq!(crate::merge::count_lines(&after_2), 4);
        assert!(whole.ends_with(&after_2) && whole.ends_with(&after_4));

        let into = tempfile::tempdir().unwrap();
        // The end first: this copy has nothing yet, so it says where it stands.
        let gap = accept(into.path(), A, 4, &after_4).unwrap_err();
        assert!(matches!(gap, SyncError::Gap { have: 0, after: 4, .. }), "{gap}");
        assert_eq!(accept(into.path(), A, 0, &first[..first.len() - after_4.len()]).unwrap(), 4);
        assert_eq!(accept(into.path(), A, 2, &after_2).unwrap(), 2);
        assert_eq!(accept(into.path(), A, 4, &after_4).unwrap(), 0);
        assert_eq!(accept(into.path(), A, 0, &whole).unwrap(), 0);
        assert_eq!(stored(into.path(), A), whole);
        assert_eq!(heads(into.path()), BTreeMap::from([(A, 6)]));
        // The entries added come back parsed, in order.
        let from2 = tempfile::tempdir().unwrap();
        let entries = accept_entries(from2.path(), A, 0, &whole).unwrap();
        assert_eq!(entries.iter().map(|e| e.seq).collect::<Vec<_>>(), vec![1, 2, 3, 4, 5, 6]);
    }

    #[test]
    fn a_gap_says_what_this_copy_has() {
        let from = tempfile::tempdir().unwrap();
        source(from.path(), A, 5);
        let into = tempfile::tempdir().unwrap();
        accept(into.path(), A, 0, &lines_since(from.path(), A, 0).unwrap()[..]).unwrap();
        // Cut this copy back to 2 entries.
        let two = {
            let all = lines_since(from.path(), A, 0).unwrap();
            let rest = lines_since(from.path(), A, 2).unwrap();
            all[..all.len() - rest.len()].to_vec()
        };
        std::fs::write(record::journal_path(into.path(), A), &two).unwrap();
        let err = accept(into.path(), A, 3, &lines_since(from.path(), A, 3).unwrap()).unwrap_err();
        assert!(matches!(err, SyncError::Gap { have: 2, after: 3, .. }), "{err}");
        assert_eq!(
            err.to_string(),
            format!(
                "journals/{A}.jsonl here ends at entry 2, not at entry 3 the lines sent follow; send the lines after entry 2"
            )
        );
        assert_eq!(stored(into.path(), A), two);
    }

    #[test]
    fn a_different_line_under_the_same_number_is_a_fork() {
        let from = tempfile::tempdir().unwrap();
        source(from.path(), A, 3);
        let other = tempfile::tempdir().unwrap();
        // The same device, another copy: its third line says something else.
        let path = record::journal_path(other.path(), A);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        let mine = lines_since(from.path(), A, 0).unwrap();
        let parsed = journal::parse(&mine);
        let mut entries = parsed.entries[..2].to_vec();
        entries.push(Entry { change: capture("something else"), ..parsed.entries[2].clone() });
        Journal::create_with(&path, header(A), entries).unwrap();
        let forked = lines_since(other.path(), A, 1).unwrap();
        let before = stored(from.path(), A);
        let err = accept(from.path(), A, 1, &forked).unwrap_err();
        assert!(matches!(err, SyncError::Forked { seq: 3, .. }), "{err}");
        assert_eq!(stored(from.path(), A), before);
    }

    #[test]
    fn bad_lines_are_refused_and_nothing_is_written() {
        let from = tempfile::tempdir().unwrap();
        let whole = source(from.path(), A, 4);
        let b = tempfile::tempdir().unwrap();
        source(b.path(), B, 3);
        let into = tempfile::tempdir().unwrap();
        let one = {
            let rest = lines_since(from.path(), A, 1).unwrap();
            whole[..whole.len() - rest.len()].to_vec()
        };
        accept(into.path(), A, 0, &one).unwrap();

        // A flipped byte: the checksum no longer matches.
        let mut damaged = lines_since(from.path(), A, 1).unwrap();
        let at = damaged.iter().position(|&c| c == b'q').unwrap();
        damaged[at] = b'Q';
        let err = accept(into.path(), A, 1, &damaged).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "line 1 of what was sent for journals/{A}.jsonl is refused: its checksum does not match (a damaged or cut line); nothing of it was written"
            )
        );
        // Another device's line.
        let theirs = lines_since(b.path(), B, 1).unwrap();
        let err = accept(into.path(), A, 1, &theirs).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "line 1 of what was sent for journals/{A}.jsonl is refused: it was written by device {B}; nothing of it was written"
            )
        );
        // Numbers that skip one: entries 2 and 4.
        let two = lines_since(from.path(), A, 1).unwrap();
        let three = lines_since(from.path(), A, 2).unwrap();
        let mut skipping = two[..two.len() - three.len()].to_vec();
        skipping.extend_from_slice(&lines_since(from.path(), A, 3).unwrap());
        let err = accept(into.path(), A, 1, &skipping).unwrap_err();
        assert!(matches!(err, SyncError::BadLine { line: 2, .. }), "{err}");
        // A cut last line, and a header where an entry belongs.
        let err = accept(into.path(), A, 1, &two[..two.len() - 1]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "line 3 of what was sent for journals/{A}.jsonl is refused: it is not a complete line (it has no line end); nothing of it was written"
            )
        );
        let err = accept(into.path(), A, 1, &whole).unwrap_err();
        assert!(matches!(err, SyncError::BadLine { line: 1, .. }), "{err}");
        // A new journal without its header.
        let err = accept(into.path(), B, 0, &theirs).unwrap_err();
        assert!(matches!(err, SyncError::BadLine { line: 1, .. }), "{err}");
        assert_eq!(stored(into.path(), A), one);
        assert_eq!(stored(into.path(), B), b"");
    }

    #[test]
    fn a_torn_tail_at_the_source_is_not_sent_and_one_here_is_replaced() {
        let from = tempfile::tempdir().unwrap();
        let whole = source(from.path(), A, 3);
        let path = record::journal_path(from.path(), A);
        let mut torn = whole.clone();
        torn.extend_from_slice(b"{\"v\":2,\"device\":\"");
        std::fs::write(&path, &torn).unwrap();
        assert_eq!(lines_since(from.path(), A, 0).unwrap(), whole);
        assert_eq!(heads(from.path()), BTreeMap::from([(A, 3)]));

        // A copy whose last line was cut by a power cut takes it whole.
        let into = tempfile::tempdir().unwrap();
        let rest = lines_since(from.path(), A, 2).unwrap();
        let mut cut = whole[..whole.len() - rest.len()].to_vec();
        cut.extend_from_slice(&rest[..10]);
        let target = record::journal_path(into.path(), A);
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::write(&target, &cut).unwrap();
        assert_eq!(heads(into.path()), BTreeMap::from([(A, 2)]));
        assert_eq!(accept(into.path(), A, 2, &rest).unwrap(), 1);
        assert_eq!(stored(into.path(), A), whole);
    }

    #[test]
    fn an_inbox_journal_keeps_its_hubs_name() {
        let from = tempfile::tempdir().unwrap();
        let hub_journal = source(from.path(), A, 1);
        let inbox = DeviceId::inbox_of(A);
        let path = record::inbox_path(from.path(), A);
        Journal::create(&path, header(inbox)).unwrap();
        let into = tempfile::tempdir().unwrap();
        accept(into.path(), A, 0, &hub_journal).unwrap();
        let lines = lines_since(from.path(), inbox, 0).unwrap();
        assert_eq!(accept(into.path(), inbox, 0, &lines).unwrap(), 0);
        assert_eq!(std::fs::read(record::inbox_path(into.path(), A)).unwrap(), lines);
        assert_eq!(heads(into.path()), BTreeMap::from([(A, 1), (inbox, 0)]));
    }
}
