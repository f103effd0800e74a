//! The journal on disk: one checksummed JSON line per change, appended and synced.
//!
//! Line format: a JSON object with `"v"` (format version), the entry's fields, and a final
//! `"crc"` — the CRC-32 of the line up to that field, closed with `}`. After a power cut a
//! file can end in a cut-off line, zeros or garbage: the checksum tells them apart.

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::wire::{Line, Version, Wire};
use crate::event::{DeviceId, Entry, Hlc};

/// Why an entry was not saved. It stays in memory (see [`Journal::unsaved`]) and the next
/// append tries a fresh file again.
#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    /// Writing or syncing the journal failed, and so did rewriting it to a fresh file.
    // The reason comes first: on a narrow header a long path must not push it off.
    #[error("NOT SAVED ({source}): cannot write {}", path.display())]
    NotSaved { path: PathBuf, source: io::Error },
}

#[cfg(test)]
reads_as_message!(JournalError);

/// The journal format this program writes (and the newest it reads). Format 1 had one
/// journal per record and no devices; format 2 has one per device, each line with its
/// device and a hybrid logical clock time.
pub const FORMAT: u32 = 2;

/// The first line of a journal: what wrote it and for which agenda.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Header {
    pub convene_journal: u32,
    pub program: String,
    /// SHA-256 of the agenda text the event runs.
    pub agenda_sha256: String,
    pub title: String,
    pub created: chrono::DateTime<chrono::FixedOffset>,
    /// The device whose journal this is (format 2); a format-1 journal has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub device: Option<DeviceId>,
}

impl Header {
    /// The device every line of this journal must come from.
    pub fn device(&self) -> DeviceId {
        self.device.unwrap_or(DeviceId::FORMAT_1)
    }
}

#[derive(Serialize)]
struct Versioned<'a, T> {
    v: u32,
    #[serde(flatten)]
    inner: &'a T,
}

const CRC_SUFFIX_LEN: usize = r#","crc":"00000000"}"#.len();

/// Serialises one value as a complete journal line, newline included.
pub fn encode<T: Serialize>(value: &T) -> String {
    let body = serde_json::to_string(&Versioned { v: FORMAT, inner: value })
        .unwrap_or_else(|_| String::from("{}"));
    let open = body.strip_suffix('}').unwrap_or(&body);
    let crc = crc32fast::hash(open.as_bytes());
    format!("{open},\"crc\":\"{crc:08x}\"}}\n")
}

/// True when a line ends in a `crc` field that matches the bytes before it. Checked on
/// bytes: a damaged line may hold a multi-byte character where the suffix belongs.
fn verified(line: &[u8]) -> bool {
    if line.len() < CRC_SUFFIX_LEN + 1 {
        return false;
    }
    let (open, suffix) = line.split_at(line.len() - CRC_SUFFIX_LEN);
    let Some(hex) = suffix.strip_prefix(b",\"crc\":\"").and_then(|s| s.strip_suffix(b"\"}")) else {
        return false;
    };
    let crc = std::str::from_utf8(hex).ok().and_then(|hex| u32::from_str_radix(hex, 16).ok());
    crc == Some(crc32fast::hash(open))
}

/// Where bytes go: a file in real use, a simulated disk in crash tests.
pub trait Storage {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()>;
    /// Makes everything appended so far durable.
    fn sync(&mut self) -> io::Result<()>;
}

impl Storage for File {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.write_all(bytes)
    }
    fn sync(&mut self) -> io::Result<()> {
        self.sync_data()
    }
}

/// Fsyncs a folder so that a file created or renamed in it survives a power cut.
pub fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// What reading a journal found.
#[derive(Debug, Default)]
pub struct Contents {
    pub header: Option<Header>,
    pub entries: Vec<Entry>,
    /// The line of the file each entry was read from (1 is the header's), for reports.
    pub lines: Vec<usize>,
    /// Problems to report: bad lines in the middle, a set-aside tail, entries out of
    /// sequence, a missing header, CR LF line ends.
    pub problems: Vec<String>,
    /// Byte length of the part that holds only complete, valid lines.
    pub valid_len: usize,
    /// An unfinished last entry (bytes after the last valid line), if any.
    pub tail: Vec<u8>,
    /// A record's journals, one per device, when this is their union (see
    /// `crate::record::read_journal`); empty for one file read alone.
    pub parts: Vec<Part>,
}

/// One journal file of a record read as a union: its entries are in the union's.
#[derive(Clone, Debug, Default)]
pub struct Part {
    pub device: DeviceId,
    pub path: PathBuf,
    pub header: Option<Header>,
    /// Byte length of its complete, valid lines.
    pub valid_len: usize,
    /// Its unfinished last entry, if any.
    pub tail: Vec<u8>,
    /// The sequence number of its last line read (0 for none).
    pub last_seq: u64,
}

/// Journals larger than this are read by two threads, one half each.
const PARALLEL_BYTES: usize = 1 << 20;

/// What one stretch of a journal holds.
#[derive(Default)]
struct Stretch {
    header: Option<Header>,
    entries: Vec<Entry>,
    lines: Vec<usize>,
    problems: Vec<String>,
    /// Lines that ended in CR LF (the file was saved by another program).
    crlf: bool,
    /// Bad lines after the last good one: (line number, byte offset).
    trailing_bad: Vec<(usize, usize)>,
    /// Absolute end of the last valid line, if any.
    valid_end: Option<usize>,
}

/// How reports name a journal: "the journal" for a record's only one (format 1), else its
/// file, `journals/<device>.jsonl`.
pub fn journal_name(device: DeviceId) -> String {
    if device == DeviceId::FORMAT_1 {
        "the journal".to_string()
    } else {
        format!("journals/{device}.jsonl")
    }
}

fn damaged(name: &str, line: usize) -> String {
    if line == 1 {
        return format!(
            "line 1 of {name} (its header) is damaged and was skipped; the entries after it were read"
        );
    }
    format!("line {line} of {name} is damaged and was skipped")
}

/// A verified line this program cannot read because a newer convene wrote it: it is kept
/// in the file and out of the fold.
fn newer(name: &str, line: usize, what: &str) -> String {
    format!(
        "line {line} of {name} was written by a newer convene ({what}); update convene to read it"
    )
}

/// A sequence number further than this past the one before it is not a deleted stretch of
/// lines (an evening writes a few thousand entries) but a forged or damaged number; taking
/// it would carry the numbering of every later entry toward overflow.
const MAX_SEQ_JUMP: u64 = 1_000_000;

/// Keeps the entries whose sequence numbers rise, and reports the rest with their lines:
/// a repeated or moved line (a number not above the one before), a number far past the
/// one before, and numbers missing where no damaged line explains them (deleted lines).
fn check_sequence(contents: &mut Contents, name: &str) {
    let (entries, lines) = (&mut contents.entries, &mut contents.lines);
    let mut last = 0u64;
    // The line of the last kept entry; the header's (or the damaged header's) line is 1.
    let mut last_line = if lines.first() == Some(&1) { 0 } else { 1 };
    let mut kept = 0;
    // Lines refused here since the last kept entry: they hold none of the missing numbers.
    let mut refused = 0;
    for i in 0..entries.len() {
        let (seq, line) = (entries[i].seq, lines[i]);
        if seq <= last {
            refused += 1;
            contents.problems.push(format!(
                "line {line} of {name} was not replayed: it is entry {seq}, but entry {last} came before it (a repeated or moved line)"
            ));
            continue;
        }
        if seq - last > MAX_SEQ_JUMP {
            refused += 1;
            contents.problems.push(format!(
                "line {line} of {name} was not replayed: its sequence number {seq} jumps too far past entry {last} before it (a forged or damaged number)"
            ));
            continue;
        }
        // Damaged lines between two kept entries may each have held one of the missing
        // numbers; only the rest were deleted or moved.
        let missing = seq - last - 1;
        let damaged = line.saturating_sub(last_line + 1 + refused) as u64;
        if missing > damaged {
            let what = if missing == 1 {
                format!("entry {} is", last + 1)
            } else {
                format!("entries {} to {} are", last + 1, seq - 1)
            };
            contents.problems.push(format!(
                "{what} missing before line {line} of {name} (deleted or moved lines); the entries around them were replayed"
            ));
        }
        last = seq;
        last_line = line;
        refused = 0;
        if kept != i {
            entries.swap(kept, i);
            lines.swap(kept, i);
        }
        kept += 1;
    }
    entries.truncate(kept);
    lines.truncate(kept);
}

/// Reads the lines of `bytes[start..end]` (line boundaries), numbering from `first_line`.
/// `room` is how many entries to make room for: the first stretch takes all the journal's
/// lines, so the second joins it without a copy.
fn scan(
    bytes: &[u8],
    start: usize,
    end: usize,
    first_line: usize,
    room: usize,
    journal: &str,
) -> Stretch {
    let mut stretch = Stretch::default();
    stretch.entries.reserve(room);
    stretch.lines.reserve(room);
    let mut offset = start;
    let mut number = first_line - 1;
    while offset < end {
        number += 1;
        let (line, next) = match memchr::memchr(b'\n', &bytes[offset..end]) {
            Some(at) => (&bytes[offset..offset + at], offset + at + 1),
            None => (&bytes[offset..end], end),
        };
        let complete = bytes.get(next - 1) == Some(&b'\n');
        // A file saved by another program may end its lines in CR LF: the entries are intact.
        let line = match line.strip_suffix(b"\r") {
            Some(stripped) if complete => stripped,
            _ => line,
        };
        let valid = complete && verified(line);
        stretch.crlf |= valid && line.len() < next - offset - 1;
        let good = |stretch: &mut Stretch| {
            for (n, _) in stretch.trailing_bad.drain(..) {
                stretch.problems.push(damaged(journal, n));
            }
            stretch.valid_end = Some(next);
        };
        // The line is verified JSON; its crc field is ignored by both readers. The first
        // line is the header, unless the header was deleted and an entry came first.
        let header =
            (valid && number == 1).then(|| serde_json::from_slice::<Header>(line).ok()).flatten();
        match (valid, header) {
            (true, Some(header)) => {
                stretch.header = Some(header);
                good(&mut stretch);
            }
            // Checked as UTF-8 once, whole: the reader then takes its strings as they are.
            (true, None) => match std::str::from_utf8(line)
                .map_err(serde::de::Error::custom)
                .and_then(serde_json::from_str::<Wire>)
            {
                Ok(Wire { v, .. }) if v > FORMAT => {
                    good(&mut stretch);
                    stretch.problems.push(newer(journal, number, &format!("journal format {v}")));
                }
                Ok(Wire { line: Line::Entry(entry), .. }) => {
                    good(&mut stretch);
                    stretch.entries.push(entry);
                    stretch.lines.push(number);
                }
                Ok(Wire { line: Line::UnknownEvent(name), .. }) => {
                    good(&mut stretch);
                    stretch.problems.push(newer(journal, number, &format!("event {name:?}")));
                }
                Ok(Wire { line: Line::Incomplete, .. }) => {
                    stretch.trailing_bad.push((number, offset))
                }
                // A newer format may change any field: its version alone says so.
                Err(_) => match serde_json::from_slice::<Version>(line) {
                    Ok(Version { v }) if v > FORMAT => {
                        good(&mut stretch);
                        stretch.problems.push(newer(
                            journal,
                            number,
                            &format!("journal format {v}"),
                        ));
                    }
                    _ => stretch.trailing_bad.push((number, offset)),
                },
            },
            (false, _) => stretch.trailing_bad.push((number, offset)),
        }
        offset = next;
    }
    // The last line's device must not linger for whatever this thread reads next.
    crate::event::reading_line_of(None);
    stretch
}

/// Reads journal bytes: keeps every complete, valid line; never panics on any input.
pub fn parse(bytes: &[u8]) -> Contents {
    parse_as(bytes, "the journal")
}

/// [`parse`], its reports naming the journal `name` ("journals/<device>.jsonl").
pub fn parse_as(bytes: &[u8], name: &str) -> Contents {
    parse_with(bytes, bytes.len() >= PARALLEL_BYTES, name)
}

/// [`parse`], in two halves at once when `parallel` (the result is the same either way).
fn parse_with(bytes: &[u8], parallel: bool, name: &str) -> Contents {
    // A large journal is read in two halves at once, split at a line boundary.
    let middle = parallel
        .then(|| {
            memchr::memchr(b'\n', &bytes[bytes.len() / 2..]).map(|at| bytes.len() / 2 + at + 1)
        })
        .flatten()
        .filter(|&m| m < bytes.len());
    let lines = memchr::memchr_iter(b'\n', bytes).count() + 1;
    let stretches = match middle {
        None => vec![scan(bytes, 0, bytes.len(), 1, lines, name)],
        Some(middle) => {
            let second_line = 1 + memchr::memchr_iter(b'\n', &bytes[..middle]).count();
            let rest = lines - second_line + 1;
            std::thread::scope(|scope| {
                let second =
                    scope.spawn(|| scan(bytes, middle, bytes.len(), second_line, rest, name));
                let first = scan(bytes, 0, middle, 1, lines, name);
                // A panic in the reader is a bug, not a property of the journal: read it
                // again on this thread rather than lose it.
                let second = second
                    .join()
                    .unwrap_or_else(|_| scan(bytes, middle, bytes.len(), second_line, rest, name));
                vec![first, second]
            })
        }
    };
    let mut contents = Contents::default();
    let mut pending: Vec<(usize, usize)> = Vec::new();
    let mut crlf = false;
    for stretch in stretches {
        if stretch.valid_end.is_some() {
            // Good lines follow: what was pending is damage in the middle.
            for (n, _) in pending.drain(..) {
                contents.problems.push(damaged(name, n));
            }
        }
        contents.header = contents.header.or(stretch.header);
        contents.problems.extend(stretch.problems);
        if contents.entries.is_empty() {
            contents.entries = stretch.entries;
            contents.lines = stretch.lines;
        } else {
            contents.entries.extend(stretch.entries);
            contents.lines.extend(stretch.lines);
        }
        crlf |= stretch.crlf;
        if let Some(end) = stretch.valid_end {
            contents.valid_len = end;
        }
        pending.extend(stretch.trailing_bad);
    }
    // Bad lines after the last good one are an unfinished tail, not damage in the middle.
    if let Some(&(_, start)) = pending.first() {
        contents.tail = bytes[start.min(bytes.len())..].to_vec();
        contents.valid_len = start;
        contents.problems.push(format!(
            "{} bytes of an unfinished entry at the end of {name} were set aside",
            contents.tail.len()
        ));
    }
    if contents.header.is_none() && contents.lines.first() == Some(&1) {
        contents.problems.insert(
            0,
            format!(
                "{name} has no header line (line 1 is an entry); the entries were read without it"
            ),
        );
    }
    if crlf {
        contents.problems.push(
            format!("{name}'s lines end in CR LF (it was saved by another program); they were read as plain lines"),
        );
    }
    check_devices(&mut contents, name);
    check_sequence(&mut contents, name);
    format_1_clocks(&mut contents.entries);
    contents
}

/// Keeps the entries of the journal's own device (its header's, else its first entry's) and
/// reports the others: only one device writes a journal.
fn check_devices(contents: &mut Contents, name: &str) {
    let Some(device) =
        contents.header.as_ref().map(Header::device).or(contents.entries.first().map(|e| e.device))
    else {
        return;
    };
    if contents.entries.iter().all(|e| e.device == device) {
        return;
    }
    let (entries, lines) =
        (std::mem::take(&mut contents.entries), std::mem::take(&mut contents.lines));
    for (entry, line) in entries.into_iter().zip(lines) {
        if entry.device == device {
            contents.entries.push(entry);
            contents.lines.push(line);
        } else {
            contents.problems.push(format!(
                "line {line} of {name} was not replayed: it was written by device {}, but this is the journal of device {device} (only one device writes a journal)",
                entry.device
            ));
        }
    }
}

/// Gives format-1 lines (written before the clock existed; read with clock 0) their clock
/// times: their wall times, kept rising in journal order (a wall clock set back must not
/// reorder the fold).
fn format_1_clocks(entries: &mut [Entry]) {
    let mut last: Option<Hlc> = None;
    for entry in entries.iter_mut().filter(|e| e.device == DeviceId::FORMAT_1) {
        if entry.clock == Hlc::default() {
            let of = Hlc::of(entry.at);
            entry.clock = match last {
                Some(last) if of <= last => Hlc(last.0.saturating_add(1)),
                _ => of,
            };
        }
        last = Some(last.map_or(entry.clock, |last| last.max(entry.clock)));
    }
}

/// A whole journal, `header` and `entries`, in a new file at `path` (never replacing one),
/// synced; its folder is not.
pub fn write_whole(path: &Path, header: &Header, entries: &[Entry]) -> io::Result<()> {
    let mut file = crate::regular::create_new(path)?;
    let mut text = encode(header);
    for entry in entries {
        text.push_str(&encode(entry));
    }
    file.write_all(text.as_bytes())?;
    file.sync_all()
}

/// Where a fresh copy of the journal at `path` is written before it is renamed into place.
pub fn fresh_path(path: &Path) -> PathBuf {
    path.with_extension("jsonl.fresh")
}

/// The append side of a journal file. After a failed write or sync the file is no longer
/// trusted: changes stay in memory and the next append writes a fresh copy of the whole
/// journal beside it and renames it into place.
pub struct Journal {
    path: PathBuf,
    storage: Box<dyn Storage + Send>,
    header: Header,
    /// Every entry, for rewriting a fresh file after a failure.
    entries: Vec<Entry>,
    failure: Option<String>,
    /// How many of the last entries are in memory only (their write failed).
    unsaved: usize,
}

impl Journal {
    /// Creates a new journal file with its header, durable before this returns.
    pub fn create(path: &Path, header: Header) -> io::Result<Journal> {
        Journal::create_with(path, header, Vec::new())
    }

    /// Creates a new journal file with its header and first entries, in one write and one
    /// sync, durable before this returns.
    pub fn create_with(path: &Path, header: Header, entries: Vec<Entry>) -> io::Result<Journal> {
        let mut file = crate::regular::create_new_append(path)?;
        let mut text = encode(&header);
        for entry in &entries {
            text.push_str(&encode(entry));
        }
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        if let Some(dir) = path.parent() {
            sync_dir(dir)?;
        }
        Ok(Journal {
            path: path.to_path_buf(),
            storage: Box::new(file),
            header,
            entries,
            failure: None,
            unsaved: 0,
        })
    }

    /// Continues a journal that was read back: a set-aside tail is cut off first.
    pub fn resume(path: &Path, contents: &Contents) -> io::Result<Journal> {
        let header =
            contents.header.clone().ok_or_else(|| io::Error::other("the journal has no header"))?;
        let file = crate::regular::open_append(path)?;
        if !contents.tail.is_empty() {
            // Never overwrite an earlier set-aside tail: each gets its own file.
            let seq = contents.entries.len() + 1;
            let mut n = 0;
            let mut aside = loop {
                let name = if n == 0 {
                    format!("jsonl.tail-{seq}")
                } else {
                    format!("jsonl.tail-{seq}.{n}")
                };
                match crate::regular::create_new(&path.with_extension(name)) {
                    Ok(file) => break file,
                    Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
                    Err(e) => return Err(e),
                }
            };
            aside.write_all(&contents.tail)?;
            aside.sync_all()?;
            // The set-aside copy must outlive a power cut before the journal is cut short.
            if let Some(dir) = path.parent() {
                sync_dir(dir)?;
            }
            file.set_len(contents.valid_len as u64)?;
            file.sync_all()?;
        }
        Ok(Journal {
            path: path.to_path_buf(),
            storage: Box::new(file),
            header,
            entries: contents.entries.clone(),
            failure: None,
            unsaved: 0,
        })
    }

    /// A journal over any storage (crash tests).
    #[cfg(test)]
    pub fn with_storage(path: &Path, storage: Box<dyn Storage + Send>, header: Header) -> Journal {
        Journal {
            path: path.to_path_buf(),
            storage,
            header,
            entries: Vec::new(),
            failure: None,
            unsaved: 0,
        }
    }

    #[cfg(test)]
    pub fn path(&self) -> &Path {
        &self.path
    }

    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// The device whose journal this is.
    pub fn device(&self) -> DeviceId {
        self.header.device()
    }

    /// Why the journal is not saving, while it is not.
    #[cfg(test)]
    pub fn failure(&self) -> Option<&str> {
        self.failure.as_deref()
    }

    /// How many of the last entries exist only in memory: 0 when everything is durable.
    pub fn unsaved(&self) -> usize {
        self.unsaved
    }

    /// Appends an entry and syncs it. Ok means it is durable (and so is every entry before
    /// it); an error means it is kept in memory only, counted in [`Journal::unsaved`].
    pub fn append(&mut self, entry: Entry) -> Result<(), JournalError> {
        self.append_batch(std::slice::from_ref(&entry))
    }

    /// Appends entries with one write and one sync (the changes of one key, or of a burst of
    /// keys): Ok means all of them are durable, and so is every entry before them; an error
    /// means they are kept in memory only, counted in [`Journal::unsaved`].
    pub fn append_batch(&mut self, entries: &[Entry]) -> Result<(), JournalError> {
        if entries.is_empty() {
            return Ok(());
        }
        let result = self.append_entries(entries);
        self.unsaved = if result.is_ok() { 0 } else { self.unsaved + entries.len() };
        result
    }

    /// Writes the header and every entry, saved or not, to a new file at `path` (never
    /// replacing one), synced: a copy of the journal somewhere else when its disk fails.
    pub fn write_copy(&self, path: &Path) -> io::Result<()> {
        self.write_whole(path)?;
        if let Some(dir) = path.parent() {
            sync_dir(dir)?;
        }
        Ok(())
    }

    fn append_entries(&mut self, entries: &[Entry]) -> Result<(), JournalError> {
        let mut lines = String::new();
        for entry in entries {
            lines.push_str(&encode(entry));
        }
        self.entries.extend_from_slice(entries);
        if self.failure.is_some() {
            return self.rewrite();
        }
        let written = self.storage.append(lines.as_bytes()).and_then(|()| self.storage.sync());
        match written {
            Ok(()) => Ok(()),
            Err(source) => {
                let error = JournalError::NotSaved { path: self.path.clone(), source };
                self.failure = Some(error.to_string());
                // Never retry a sync on the same handle: write a fresh file now.
                self.rewrite().map_err(|_| error)
            }
        }
    }

    /// The header and every entry in a new file at `path`, synced (its folder is not).
    fn write_whole(&self, path: &Path) -> io::Result<()> {
        write_whole(path, &self.header, &self.entries)
    }

    /// Writes the whole journal to a fresh file and renames it into place.
    fn rewrite(&mut self) -> Result<(), JournalError> {
        let fresh = fresh_path(&self.path);
        let result = (|| -> io::Result<File> {
            // Whatever is at the fresh path (a copy left by a crash, or a planted link) is
            // removed, never written through: the link goes, its target stays untouched.
            match std::fs::remove_file(&fresh) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
            self.write_whole(&fresh)?;
            std::fs::rename(&fresh, &self.path)?;
            if let Some(dir) = self.path.parent() {
                sync_dir(dir)?;
            }
            crate::regular::open_append(&self.path)
        })();
        match result {
            Ok(file) => {
                self.storage = Box::new(file);
                self.failure = None;
                Ok(())
            }
            Err(source) => {
                let error = JournalError::NotSaved { path: self.path.clone(), source };
                self.failure = Some(error.to_string());
                Err(error)
            }
        }
    }
}

#[cfg(test)]
mod tests;
