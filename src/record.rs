//! The record of an event: `<data dir>/records/<date>-<slug>/` with the agenda as run, the
//! journal, and the minutes. One writer per record, by an exclusive lock.

use std::fs::{self, File};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::agenda::Agenda;
use crate::event::DeviceId;
use crate::journal::{self, Change, Contents, Entry, Header, Journal, JournalError, Part};
use crate::regular;
use crate::stamp::Stamp;

pub const AGENDA_FILE: &str = "agenda.toml";
/// The journal of a format-1 record (before devices): read as [`DeviceId::FORMAT_1`]'s.
pub const JOURNAL_FILE: &str = "journal.jsonl";
/// The folder of a format-2 record's journals: `<device>.jsonl`, one per device.
pub const JOURNALS_DIR: &str = "journals";
/// The file in the data folder that holds this installation's device id.
pub const DEVICE_FILE: &str = "device";
pub const LOCK_FILE: &str = "lock";
/// Discarded records are moved here, inside the data directory, never deleted.
pub const TRASH_DIR: &str = "trash";
/// A journal over this size is refused rather than read (10,000 items take a few MiB).
pub const MAX_JOURNAL_BYTES: u64 = 512 << 20;
/// The most of an agenda file that is read (`check` refuses anything larger).
const MAX_AGENDA_BYTES: u64 = 1 << 20;
/// The most of a journal's first line that is read to know its header.
const MAX_HEADER_BYTES: u64 = 64 << 10;

/// Why a record could not be found, read, created, continued or moved. Each renders as one
/// line: what went wrong, with which file or folder, and what to do about it.
#[derive(Debug, thiserror::Error)]
pub enum RecordError {
    #[error("no home folder to keep records in; pass --data-dir DIR")]
    NoHome,
    #[error(
        "cannot open {}: {source}; remove it if no convene has the record open",
        path.display()
    )]
    OpenLock { path: PathBuf, source: io::Error },
    #[error(
        "the record {} is open in another convene ({holder}); close that one first",
        dir.display()
    )]
    Busy { dir: PathBuf, holder: String },
    #[error(
        "cannot lock the record {}: its lock file keeps being replaced; close the other convenes on it",
        dir.display()
    )]
    LockReplaced { dir: PathBuf },
    #[error("cannot create {}: {source}; check --data-dir", path.display())]
    CreateFolder { path: PathBuf, source: io::Error },
    #[error("cannot create a record folder in {}: {source}", parent.display())]
    CreateRecordFolder { parent: PathBuf, source: io::Error },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error(
        "{} is not a device id ({source}); move it away and convene makes a new one",
        path.display()
    )]
    BadDeviceFile { path: PathBuf, source: crate::event::BadDeviceId },
    #[error("cannot create the journal in {}: {source}", dir.display())]
    CreateJournal { dir: PathBuf, source: io::Error },
    #[error("cannot sync {}: {source}", path.display())]
    Sync { path: PathBuf, source: io::Error },
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("{} is not a convene journal (no valid header line)", path.display())]
    NoHeader { path: PathBuf },
    #[error(
        "{} is not a convene journal (no valid header line, no entry); `convene records` lists the records",
        path.display()
    )]
    NotAJournal { path: PathBuf },
    #[error(
        "{} has lost its header line and the record its {}; put the agenda it was run with back there",
        path.display(),
        AGENDA_FILE
    )]
    HeaderAndAgendaLost { path: PathBuf },
    #[error(
        "the record {} has lost its {}; put the agenda it was run with back there",
        dir.display(),
        AGENDA_FILE
    )]
    AgendaLost { dir: PathBuf },
    #[error(
        "cannot read {}: not a readable agenda (a regular UTF-8 file under 1 MiB); put the agenda it was run with back there",
        path.display()
    )]
    AgendaUnreadable { path: PathBuf },
    #[error(
        "the journal {} does not belong to {}: it was recorded with another agenda; put each journal in the record folder of the agenda it was run with",
        journal.display(),
        agenda.display()
    )]
    OtherAgenda { journal: PathBuf, agenda: PathBuf },
    #[cfg(test)]
    #[error(
        "the record {} was made from a different agenda; run without --resume to start a new record, or resume with its own agenda: convene run --resume {}",
        dir.display(),
        dir.join(AGENDA_FILE).display()
    )]
    DifferentAgenda { dir: PathBuf },
    #[error("cannot continue {}: {source}", path.display())]
    Continue { path: PathBuf, source: io::Error },
    #[error(
        "the record's agenda {} has errors; run `convene check {}`",
        path.display(),
        path.display()
    )]
    AgendaErrors { path: PathBuf },
    #[error(
        "the record {} cannot continue with this agenda: {}; put that back in the agenda, or run without --resume to start a new record",
        dir.display(),
        blockers.join("; ")
    )]
    Blocked { dir: PathBuf, blockers: Vec<String> },
    #[error(
        "{} is not a record: it holds no {} and no {}/; `convene records` lists the records",
        dir.display(),
        JOURNAL_FILE,
        JOURNALS_DIR
    )]
    NotARecord { dir: PathBuf },
    #[error(
        "there is no record {}; `convene records` lists the records (a discarded one is in {})",
        dir.display(),
        trash.display()
    )]
    NoSuchRecord { dir: PathBuf, trash: PathBuf },
    #[error("cannot move {} to {}: {source}; move it by hand", from.display(), to.display())]
    Move { from: PathBuf, to: PathBuf, source: io::Error },
    #[error(transparent)]
    Journal(#[from] JournalError),
}

#[cfg(test)]
reads_as_message!(RecordError);

/// The data directory: `--data-dir`, `CONVENE_DATA_DIR`, or the platform's.
pub fn data_dir(chosen: Option<&Path>) -> Result<PathBuf, RecordError> {
    if let Some(dir) = chosen {
        return Ok(dir.to_path_buf());
    }
    directories::ProjectDirs::from("org", "convene", "convene")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or(RecordError::NoHome)
}

pub fn records_dir(data: &Path) -> PathBuf {
    data.join("records")
}

/// This installation's device id, kept in the data folder; made (128 random bits) the
/// first time.
pub fn device_id(data: &Path) -> Result<DeviceId, RecordError> {
    let path = data.join(DEVICE_FILE);
    match regular::read_bounded(&path, 64) {
        Ok(bytes) => {
            let text = String::from_utf8_lossy(&bytes);
            return text
                .trim()
                .parse()
                .map_err(|source| RecordError::BadDeviceFile { path: path.clone(), source });
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(source) => return Err(RecordError::Read { path, source }),
    }
    fs::create_dir_all(data)
        .map_err(|source| RecordError::CreateFolder { path: data.to_path_buf(), source })?;
    let device = DeviceId::new(u128::from_le_bytes(uhlc::ID::rand().to_le_bytes()));
    let write = || -> io::Result<()> {
        let mut file = regular::create_new(&path)?;
        writeln!(file, "{device}")?;
        file.sync_all()?;
        journal::sync_dir(data)
    };
    match write() {
        Ok(()) => Ok(device),
        // Another convene made it meanwhile: its id is the one.
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => device_id(data),
        Err(source) => Err(RecordError::Write { path, source }),
    }
}

/// What the inbox journal's name adds to its hub's device id: `journals/<hub>-inbox.jsonl`.
pub const INBOX_SUFFIX: &str = "-inbox";

/// Where the inbox journal of the hub `hub` (phones' submissions) is in a record; its lines
/// are written by [`DeviceId::inbox_of`] the hub.
pub fn inbox_path(dir: &Path, hub: DeviceId) -> PathBuf {
    dir.join(JOURNALS_DIR).join(format!("{hub}{INBOX_SUFFIX}.jsonl"))
}

/// Where a device's journal is in a record.
pub fn journal_path(dir: &Path, device: DeviceId) -> PathBuf {
    if device == DeviceId::FORMAT_1 {
        dir.join(JOURNAL_FILE)
    } else {
        dir.join(JOURNALS_DIR).join(format!("{device}.jsonl"))
    }
}

/// Where a copy of the journal file `source` of `device` goes in the record `dir`: the same
/// name (an inbox journal keeps its hub's name, `<hub>-inbox.jsonl`).
pub fn journal_path_as(dir: &Path, device: DeviceId, source: &Path) -> PathBuf {
    match source.file_name().and_then(|n| n.to_str()) {
        Some(name)
            if device != DeviceId::FORMAT_1 && name.ends_with(&format!("{INBOX_SUFFIX}.jsonl")) =>
        {
            dir.join(JOURNALS_DIR).join(name)
        }
        _ => journal_path(dir, device),
    }
}

/// Every journal file of a record: the format-1 journal, if any, then each device's, in
/// the order of their ids.
pub fn journal_paths(dir: &Path) -> Vec<(DeviceId, PathBuf)> {
    let mut found = Vec::new();
    if fs::symlink_metadata(dir.join(JOURNAL_FILE)).is_ok() {
        found.push((DeviceId::FORMAT_1, dir.join(JOURNAL_FILE)));
    }
    if let Ok(read) = fs::read_dir(dir.join(JOURNALS_DIR)) {
        let mut devices: Vec<(DeviceId, PathBuf)> = read
            .filter_map(Result::ok)
            .filter_map(|e| {
                let name = e.file_name();
                let stem = name.to_str()?.strip_suffix(".jsonl")?;
                // The hub's inbox of phone submissions reads as the inbox's own device.
                let device = match stem.strip_suffix(INBOX_SUFFIX) {
                    Some(hub) => DeviceId::inbox_of(hub.parse().ok()?),
                    None => stem.parse().ok()?,
                };
                Some((device, e.path()))
            })
            .filter(|(device, _)| *device != DeviceId::FORMAT_1)
            .collect();
        devices.sort();
        found.extend(devices);
    }
    found
}

/// True when `dir` holds a journal: a format-1 one or a folder of device journals.
pub fn is_record(dir: &Path) -> bool {
    // Anything at the journal's name: reading it says what is wrong with it.
    fs::symlink_metadata(dir.join(JOURNAL_FILE)).is_ok()
        || fs::symlink_metadata(dir.join(JOURNALS_DIR)).is_ok_and(|m| m.is_dir())
}

/// SHA-256 of the agenda text, in hex.
pub fn agenda_hash(text: &str) -> String {
    Sha256::digest(text.as_bytes()).iter().map(|b| format!("{b:02x}")).collect()
}

/// A folder-name-safe form of a title: lower-case letters and digits joined by dashes.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out: String = out.trim_end_matches('-').chars().take(48).collect();
    if out.is_empty() { "event".to_string() } else { out.trim_end_matches('-').to_string() }
}

/// The folder name a record of this agenda gets: `<date>-<slug>`.
pub fn base_name(agenda: &Agenda) -> String {
    format!("{}-{}", agenda.date.format("%Y-%m-%d"), slug(&agenda.title))
}

/// Creates a new folder `base` in `parent`, or `base-2`, `base-3`… when that name is taken.
pub fn create_numbered_dir(parent: &Path, base: &str) -> io::Result<PathBuf> {
    let mut dir = parent.join(base);
    let mut n = 1;
    loop {
        match fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => {
                n += 1;
                dir = parent.join(format!("{base}-{n}"));
            }
            Err(e) => return Err(e),
        }
    }
}

/// Holds a record's lock for as long as it lives; the lock file goes when it is dropped.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    path: PathBuf,
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still held: a convene that opened this same file meanwhile sees
        // that the path no longer names it (see `lock`) and opens the path again.
        let _ = fs::remove_file(&self.path);
    }
}

/// True when `path` still names the open `file` (not removed or replaced since).
fn still_named(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Takes the record's exclusive lock, or says which process holds it.
pub fn lock(dir: &Path) -> Result<Lock, RecordError> {
    let path = dir.join(LOCK_FILE);
    for _ in 0..100 {
        let mut file = regular::open_or_create(&path)
            .map_err(|source| RecordError::OpenLock { path: path.clone(), source })?;
        match file.try_lock() {
            Ok(()) if !still_named(&file, &path) => continue,
            Ok(()) => {
                // The process id only names the holder for a second convene; the lock itself
                // is the open file's, so nothing here needs to outlive a power cut (no fsync).
                let _ = file.set_len(0);
                let _ = writeln!(file, "{}", std::process::id());
                return Ok(Lock { _file: file, path });
            }
            Err(_) => {
                let holder = regular::read_prefix(&path, 32).unwrap_or_default();
                let holder = String::from_utf8_lossy(&holder);
                let holder = holder.trim();
                let who = if holder.is_empty() || !holder.bytes().all(|b| b.is_ascii_digit()) {
                    "another process".to_string()
                } else {
                    format!("process {holder}")
                };
                return Err(RecordError::Busy { dir: dir.to_path_buf(), holder: who });
            }
        }
    }
    Err(RecordError::LockReplaced { dir: dir.to_path_buf() })
}

/// An open record: its folder, its lock and this device's journal in it.
pub struct Record {
    pub dir: PathBuf,
    pub journal: Journal,
    pub _lock: Lock,
}

/// The header of this device's journal in a record of the agenda `agenda_sha256`.
fn header_for(device: DeviceId, agenda_sha256: String, title: String, now: Created) -> Header {
    Header {
        convene_journal: journal::FORMAT,
        program: format!("convene {}", env!("CARGO_PKG_VERSION")),
        agenda_sha256,
        title,
        created: now,
        device: Some(device),
    }
}

type Created = chrono::DateTime<chrono::FixedOffset>;

/// The last facilitator hand-over of a record's journals, in fold order: the device whose
/// session changes count (format-1 lines, before any hand-over).
pub fn facilitator(entries: &[Entry]) -> DeviceId {
    entries
        .iter()
        .rev()
        .find_map(|e| match e.change {
            Change::FacilitatorChanged { to } => Some(to),
            _ => None,
        })
        .unwrap_or(DeviceId::FORMAT_1)
}

/// Creates a new record for an event at once (the live screen has its writer thread do it
/// in steps): a fresh folder, the agenda as run, this device's journal with its header and
/// the hand-over of the sessions to this device; and what stamps its next entries.
pub fn create(
    data: &Path,
    device: DeviceId,
    agenda: &Agenda,
    agenda_text: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<(Record, Stamp), RecordError> {
    let dir = prepare(data, agenda)?;
    let mut record = create_in(&dir, agenda_text, header(device, agenda, agenda_text, now))?;
    // The device that creates the record runs its sessions: its first line says so.
    let mut stamp = Stamp::new(device, 0, &[]);
    record.journal.append(stamp.entry(Change::FacilitatorChanged { to: device }, now))?;
    Ok((record, stamp))
}

/// Makes the folder a new record of this agenda gets (`<date>-<slug>`, numbered when taken),
/// with no file in it yet and nothing synced: what must fail before the live screen opens (an
/// unusable data folder) fails here, cheaply. [`create_in`] makes it a record.
pub fn prepare(data: &Path, agenda: &Agenda) -> Result<PathBuf, RecordError> {
    let records = records_dir(data);
    fs::create_dir_all(&records)
        .map_err(|source| RecordError::CreateFolder { path: records.clone(), source })?;
    create_numbered_dir(&records, &base_name(agenda))
        .map_err(|source| RecordError::CreateRecordFolder { parent: records.clone(), source })
}

/// The header line of a new record's journal.
pub fn header(
    device: DeviceId,
    agenda: &Agenda,
    agenda_text: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Header {
    header_for(device, agenda_hash(agenda_text), agenda.title.clone(), now)
}

/// Makes the empty folder `dir` (from [`prepare`]) a record: locks it, writes the agenda as
/// run and the journal's header, and syncs them and the folders that hold them.
pub fn create_in(dir: &Path, agenda_text: &str, header: Header) -> Result<Record, RecordError> {
    let lock = lock(dir)?;
    let write_agenda = || -> io::Result<()> {
        let mut file = regular::create_new(&dir.join(AGENDA_FILE))?;
        file.write_all(agenda_text.as_bytes())?;
        file.sync_all()
    };
    write_agenda().map_err(|source| RecordError::Write { path: dir.join(AGENDA_FILE), source })?;
    let device = header.device();
    let journals = dir.join(JOURNALS_DIR);
    fs::create_dir(&journals)
        .map_err(|source| RecordError::CreateJournal { dir: dir.to_path_buf(), source })?;
    let journal = Journal::create(&journal_path(dir, device), header)
        .map_err(|source| RecordError::CreateJournal { dir: dir.to_path_buf(), source })?;
    for folder in std::iter::once(dir).chain(dir.parent()) {
        journal::sync_dir(folder)
            .map_err(|source| RecordError::Sync { path: folder.to_path_buf(), source })?;
    }
    Ok(Record { dir: dir.to_path_buf(), journal, _lock: lock })
}

/// Reads a journal file's bytes (a regular file of bounded size) and parses them.
/// Its reports name the journal `name`.
fn parse_journal_file(path: &Path, name: &str) -> Result<Contents, RecordError> {
    let bytes = regular::read_bounded(path, MAX_JOURNAL_BYTES)
        .map_err(|source| RecordError::Read { path: path.to_path_buf(), source })?;
    Ok(journal::parse_as(&bytes, name))
}

/// Reads a journal file that must have its header line (a copy left by a crash).
pub fn read_journal_file(path: &Path) -> Result<Contents, RecordError> {
    let contents = parse_journal_file(path, "the journal")?;
    if contents.header.is_none() {
        return Err(RecordError::NoHeader { path: path.to_path_buf() });
    }
    Ok(contents)
}

/// Reads one journal file of a record. A journal whose header line is damaged or gone, but
/// whose entries are intact, gets a header made from the record's agenda as run.
fn read_part(dir: &Path, device: DeviceId, path: &Path) -> Result<Contents, RecordError> {
    let name = journal::journal_name(device);
    let mut contents = parse_journal_file(path, &name)?;
    if contents.header.is_none() {
        let header = stand_in_header(dir, device, &contents).ok_or_else(|| {
            if contents.entries.is_empty() {
                RecordError::NotAJournal { path: path.to_path_buf() }
            } else {
                RecordError::HeaderAndAgendaLost { path: path.to_path_buf() }
            }
        })?;
        contents.header = Some(header);
        contents
            .problems
            .push(format!("the record's {AGENDA_FILE} stands in for {name}'s missing header"));
    }
    Ok(contents)
}

/// Reads a record's journals (a format-1 record has one, a format-2 record one per device)
/// and folds them into one: every entry, sorted by (clock, device, seq), each with the
/// line of its own journal; the record's header is the format-1 journal's, else that of
/// the journal made first (the device that created the record).
pub fn read_journal(dir: &Path) -> Result<Contents, RecordError> {
    let paths = journal_paths(dir);
    if paths.is_empty() {
        // Named as before devices: the format-1 journal is what a record without any holds.
        return Err(RecordError::Read {
            path: dir.join(JOURNAL_FILE),
            source: io::Error::from(io::ErrorKind::NotFound),
        });
    }
    let mut union = Contents::default();
    for (device, path) in paths {
        let contents = read_part(dir, device, &path)?;
        let header = contents.header.clone();
        let first = union.header.is_none()
            || header.as_ref().zip(union.header.as_ref()).is_some_and(|(h, u)| {
                u.device.is_some() && (h.created, h.device()) < (u.created, u.device())
            });
        if first {
            union.header = header.clone();
        }
        union.parts.push(Part {
            device,
            path,
            header,
            valid_len: contents.valid_len,
            tail: contents.tail,
            last_seq: contents.entries.last().map_or(0, |e| e.seq),
        });
        union.problems.extend(contents.problems);
        union.entries.extend(contents.entries);
        union.lines.extend(contents.lines);
    }
    // One journal is in order already: only lines of several are sorted.
    if !union.entries.is_sorted_by_key(Entry::order) {
        let mut order: Vec<usize> = (0..union.entries.len()).collect();
        order.sort_by_key(|&i| union.entries[i].order());
        let mut entries: Vec<Option<Entry>> = union.entries.drain(..).map(Some).collect();
        union.entries = order.iter().filter_map(|&i| entries[i].take()).collect();
        union.lines = order.iter().map(|&i| union.lines[i]).collect();
    }
    Ok(union)
}

/// The hash of the agenda the journal runs now: its last agenda change, or its header's.
pub fn current_hash(contents: &Contents) -> String {
    contents
        .entries
        .iter()
        .rev()
        .find_map(|e| match &e.change {
            Change::AgendaChanged { agenda_sha256, .. } => Some(agenda_sha256.clone()),
            _ => None,
        })
        .or_else(|| contents.header.as_ref().map(|h| h.agenda_sha256.clone()))
        .unwrap_or_default()
}

/// Reads an agenda file of a record (a regular file, at most 1 MiB, UTF-8).
fn read_agenda_file(path: &Path) -> Option<String> {
    String::from_utf8(regular::read_bounded(path, MAX_AGENDA_BYTES).ok()?).ok()
}

/// The earlier agendas kept in a record: `agenda.1.toml`, `agenda.2.toml`, …
fn earlier_agendas(dir: &Path) -> impl Iterator<Item = PathBuf> + '_ {
    (1..1000).map(|n| dir.join(format!("agenda.{n}.toml"))).take_while(|p| p.exists())
}

/// The text and path of the agenda the record's journal runs now: `agenda.toml`, or (after
/// a crash in the middle of an agenda edit) the earlier copy with the journal's hash.
/// An agenda the journal does not belong to is refused.
pub fn agenda_as_run(dir: &Path, contents: &Contents) -> Result<(String, PathBuf), RecordError> {
    let expected = current_hash(contents);
    let path = dir.join(AGENDA_FILE);
    if !path.exists() {
        return Err(RecordError::AgendaLost { dir: dir.to_path_buf() });
    }
    let text = read_agenda_file(&path)
        .ok_or_else(|| RecordError::AgendaUnreadable { path: path.clone() })?;
    if agenda_hash(&text) == expected {
        return Ok((text, path));
    }
    for earlier in earlier_agendas(dir) {
        if let Some(text) = read_agenda_file(&earlier).filter(|t| agenda_hash(t) == expected) {
            return Ok((text, earlier));
        }
    }
    Err(RecordError::OtherAgenda { journal: dir.join(JOURNAL_FILE), agenda: path })
}

/// Every agenda text a record keeps: `agenda.toml`, then the earlier ones.
pub fn agenda_texts(dir: &Path) -> Vec<String> {
    std::iter::once(dir.join(AGENDA_FILE))
        .chain(earlier_agendas(dir))
        .filter_map(|path| read_agenda_file(&path))
        .collect()
}

/// Keeps an agenda text in a record unless it already holds it (as `agenda.toml` or an
/// earlier one): as the next free `agenda.N.toml`.
pub fn keep_agenda_text(dir: &Path, text: &str) -> Result<(), RecordError> {
    let hash = agenda_hash(text);
    if read_agenda_file(&dir.join(AGENDA_FILE)).is_some_and(|t| agenda_hash(&t) == hash) {
        return Ok(());
    }
    keep_earlier_agenda(dir, text)
}

/// Keeps an agenda's text as the next free `agenda.N.toml`, unless a copy is already kept.
fn keep_earlier_agenda(dir: &Path, text: &str) -> Result<(), RecordError> {
    let hash = agenda_hash(text);
    let mut n = 1;
    for earlier in earlier_agendas(dir) {
        if read_agenda_file(&earlier).is_some_and(|t| agenda_hash(&t) == hash) {
            return Ok(());
        }
        n += 1;
    }
    let path = dir.join(format!("agenda.{n}.toml"));
    let write = || -> io::Result<()> {
        let mut file = regular::create_new(&path)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        journal::sync_dir(dir)
    };
    write().map_err(|source| RecordError::Write { path, source })
}

/// Cleans up what a crash can leave in a record (called with the record locked): a fresh
/// copy of the journal that was never renamed into place, and temporary minutes files of
/// a convene that is gone. A fresh copy holding more than the journal completes the
/// rewrite it was made for. Returns what was done, for the facilitator.
pub fn clean_leftovers(dir: &Path) -> Vec<String> {
    let mut notes = Vec::new();
    for (device, path) in journal_paths(dir) {
        let fresh = journal::fresh_path(&path);
        let Ok(meta) = fs::symlink_metadata(&fresh) else { continue };
        let newer = meta.is_file()
            && match (read_journal_file(&fresh), read_part(dir, device, &path)) {
                (Ok(copy), Ok(journal)) => {
                    copy.header == journal.header
                        && copy.entries.len() > journal.entries.len()
                        && copy.entries[..journal.entries.len()] == journal.entries[..]
                }
                _ => false,
            };
        if newer {
            let folder = path.parent().unwrap_or(dir);
            match fs::rename(&fresh, &path).and_then(|()| journal::sync_dir(folder)) {
                Ok(()) => notes.push(format!(
                    "the copy of the journal a crash left in {} holds more entries; it is now the journal",
                    fresh.display()
                )),
                Err(e) => notes.push(format!("cannot rename {}: {e}", fresh.display())),
            }
        } else {
            // Older than the journal, unreadable, or not a file at all: nothing to keep.
            let _ = fs::remove_file(&fresh);
        }
    }
    crate::minutes::remove_stale_temporaries(dir);
    notes
}

/// The header a journal with entries but no valid header line had: its agenda is the
/// record's `agenda.toml` (the agenda as run), its time the first entry's.
fn stand_in_header(dir: &Path, device: DeviceId, contents: &Contents) -> Option<Header> {
    let created = contents.entries.first()?.at;
    let text = read_agenda_file(&dir.join(AGENDA_FILE))?;
    let title = crate::agenda::parse_agenda(&text)
        .agenda
        .map(|agenda| agenda.title)
        .or_else(|| dir.file_name().map(|n| n.to_string_lossy().into_owned()))?;
    Some(Header {
        convene_journal: journal::FORMAT,
        program: "unknown (header line lost)".into(),
        agenda_sha256: agenda_hash(&text),
        title,
        created,
        device: (device != DeviceId::FORMAT_1).then_some(device),
    })
}

/// Opens an existing record to continue it: locks it, checks it belongs to this agenda,
/// and sets aside an unfinished last line. (The program goes through [`reopen_with`].)
#[cfg(test)]
pub fn reopen(
    dir: &Path,
    device: DeviceId,
    agenda_text: &str,
) -> Result<(Record, Contents, Stamp), RecordError> {
    let lock = lock(dir)?;
    clean_leftovers(dir);
    let contents = read_journal(dir)?;
    if current_hash(&contents) != agenda_hash(agenda_text) {
        return Err(RecordError::DifferentAgenda { dir: dir.to_path_buf() });
    }
    let (journal, stamp) = continue_journal(dir, device, &contents)?;
    Ok((Record { dir: dir.to_path_buf(), journal, _lock: lock }, contents, stamp))
}

/// A record opened to add a change after the live screen (`convene consent`): locked, and
/// what its journals hold.
pub struct Opened {
    pub dir: PathBuf,
    pub contents: Contents,
    /// What cleaning up after a crash did, for the user.
    pub notes: Vec<String>,
    _lock: Lock,
}

/// Opens a record, ended or not, to add changes to it: locks it (a record open in another
/// convene is refused), cleans up what a crash left, and reads its journals. Nothing is
/// written until [`Opened::append`].
pub fn open(dir: &Path) -> Result<Opened, RecordError> {
    let lock = lock(dir)?;
    let notes = clean_leftovers(dir);
    let contents = read_journal(dir)?;
    Ok(Opened { dir: dir.to_path_buf(), contents, notes, _lock: lock })
}

impl Opened {
    /// Journals `changes` in this device's journal of the record (made when it has none
    /// there yet), numbered and clocked after everything the record holds, as resuming
    /// does; durable when it returns Ok. Returns the journal's path.
    pub fn append(
        &self,
        device: DeviceId,
        changes: Vec<Change>,
        at: chrono::DateTime<chrono::FixedOffset>,
    ) -> Result<PathBuf, RecordError> {
        let (mut journal, mut stamp) = continue_journal(&self.dir, device, &self.contents)?;
        let entries: Vec<Entry> = changes.into_iter().map(|c| stamp.entry(c, at)).collect();
        journal.append_batch(&entries)?;
        Ok(journal_path(&self.dir, device))
    }
}

/// Continues this device's journal in a record that was read back (creating it when this
/// device has none there yet, as when a format-1 record continues in format 2), with
/// unfinished last lines set aside; and what stamps this device's next entries.
fn continue_journal(
    dir: &Path,
    device: DeviceId,
    contents: &Contents,
) -> Result<(Journal, Stamp), RecordError> {
    // A format-1 journal cut off by a crash keeps its tail aside, as its own writer would.
    for part in
        contents.parts.iter().filter(|p| p.device == DeviceId::FORMAT_1 && !p.tail.is_empty())
    {
        let legacy = Contents {
            header: part.header.clone(),
            valid_len: part.valid_len,
            tail: part.tail.clone(),
            ..Contents::default()
        };
        Journal::resume(&part.path, &legacy)
            .map_err(|source| RecordError::Continue { path: part.path.clone(), source })?;
    }
    let own = contents.parts.iter().find(|p| p.device == device).cloned();
    let stamp = Stamp::new(device, own.as_ref().map_or(0, |p| p.last_seq), &contents.entries);
    let path = journal_path(dir, device);
    let journal = match own {
        Some(part) => {
            let mine = Contents {
                header: part.header.clone(),
                entries: contents.entries.iter().filter(|e| e.device == device).cloned().collect(),
                valid_len: part.valid_len,
                tail: part.tail.clone(),
                ..Contents::default()
            };
            Journal::resume(&path, &mine)
                .map_err(|source| RecordError::Continue { path: path.clone(), source })?
        }
        None => {
            let title = contents.header.as_ref().map(|h| h.title.clone()).unwrap_or_default();
            let created = chrono::Local::now().fixed_offset();
            let header = header_for(device, current_hash(contents), title, created);
            match fs::create_dir(dir.join(JOURNALS_DIR)) {
                Err(e) if e.kind() != io::ErrorKind::AlreadyExists => {
                    return Err(RecordError::CreateJournal { dir: dir.to_path_buf(), source: e });
                }
                _ => {}
            }
            let journal = Journal::create(&path, header)
                .map_err(|source| RecordError::CreateJournal { dir: dir.to_path_buf(), source })?;
            journal::sync_dir(dir)
                .map_err(|source| RecordError::Sync { path: dir.to_path_buf(), source })?;
            journal
        }
    };
    Ok((journal, stamp))
}

/// How a record's agenda compares with an edited one.
pub struct Comparison {
    /// The agenda the record runs now.
    pub old: Agenda,
    pub old_text: String,
    /// New number of each old session (see [`Change::AgendaChanged`]).
    pub mapping: Vec<Option<usize>>,
    /// What differs, one line each.
    pub differences: Vec<String>,
    /// Why the record cannot continue with the edited agenda, one line each.
    pub blockers: Vec<String>,
}

/// Compares the agenda a record runs with `agenda`.
pub fn compare(
    dir: &Path,
    contents: &Contents,
    agenda: &Agenda,
) -> Result<Comparison, RecordError> {
    let (old_text, path) = agenda_as_run(dir, contents)?;
    let old =
        crate::agenda::parse_agenda(&old_text).agenda.ok_or(RecordError::AgendaErrors { path })?;
    let mapping = crate::revision::match_sessions(&old, agenda);
    let differences = crate::revision::differences(&old, agenda, &mapping);
    let entries = crate::revision::renumber(&contents.entries);
    let blockers = crate::revision::blockers(&old, &entries, &mapping);
    Ok(Comparison { old, old_text, mapping, differences, blockers })
}

/// A reopened record, and what changed when it continues with an edited agenda.
pub struct Reopened {
    pub record: Record,
    pub contents: Contents,
    pub differences: Vec<String>,
    pub notes: Vec<String>,
    /// This device's next entries: its numbers and clock continue the record's.
    pub stamp: Stamp,
    /// The changes the journal still needs before anything else: the
    /// [`Change::AgendaChanged`] of an edited agenda. The caller journals them first
    /// (entries are made in one place, the live screen's recorder, which hands the sessions
    /// over to this device when another one ran them) and replays them after `contents`.
    pub first: Vec<Change>,
}

/// Opens an existing record to continue it with `agenda_text`. When the record was run
/// with another version of this agenda whose sessions match, it continues with the edited
/// one: the earlier text is kept as `agenda.N.toml`, `agenda.toml` becomes the new text,
/// and the change to journal is returned. Otherwise says exactly what differs.
pub fn reopen_with(
    dir: &Path,
    device: DeviceId,
    agenda_text: &str,
    agenda: &Agenda,
) -> Result<Reopened, RecordError> {
    let lock = lock(dir)?;
    let notes = clean_leftovers(dir);
    let contents = read_journal(dir)?;
    let expected = agenda_hash(agenda_text);
    let mut change = None;
    let mut differences = Vec::new();
    if current_hash(&contents) != expected {
        let comparison = compare(dir, &contents, agenda)?;
        if !comparison.blockers.is_empty() {
            return Err(RecordError::Blocked {
                dir: dir.to_path_buf(),
                blockers: comparison.blockers,
            });
        }
        // Crash-safe order: the earlier text is kept, then agenda.toml replaced, then (by the
        // caller) the change journaled. Until the journal says so, the kept copy is the
        // agenda as run, and the next start offers the edit again.
        keep_earlier_agenda(dir, &comparison.old_text)?;
        let path = dir.join(AGENDA_FILE);
        crate::minutes::replace(&path, agenda_text)
            .map_err(|source| RecordError::Write { path: path.clone(), source })?;
        change =
            Some(Change::AgendaChanged { agenda_sha256: expected, sessions: comparison.mapping });
        differences = comparison.differences;
    }
    let (journal, stamp) = continue_journal(dir, device, &contents)?;
    let first = change.into_iter().collect();
    Ok(Reopened {
        record: Record { dir: dir.to_path_buf(), journal, _lock: lock },
        stamp,
        first,
        contents,
        differences,
        notes,
    })
}

/// The unfinished record, newest first, that was run with an earlier version of this
/// agenda: same date, and the same title or at least half of its session titles.
pub fn edited_from(data: &Path, agenda: &Agenda) -> Option<(Found, Comparison)> {
    // Only records of the same date are read whole: their folder names start with it.
    let date = agenda.date.format("%Y-%m-%d-").to_string();
    let records = list_where(data, |dir, _| {
        dir.file_name().is_some_and(|n| n.to_string_lossy().starts_with(&date))
    });
    records.into_iter().rev().filter(|f| !f.ended).find_map(|found| {
        let contents = read_journal(&found.dir).ok()?;
        let comparison = compare(&found.dir, &contents, agenda).ok()?;
        let old = &comparison.old;
        let shared =
            old.sessions.iter().filter(|s| agenda.sessions.iter().any(|t| t.title == s.title));
        let related = old.title == agenda.title || shared.count() * 2 >= old.sessions.len();
        (old.date == agenda.date && related).then_some((found, comparison))
    })
}

/// A record named on the command line: a path, or a folder name as `convene records`
/// lists it.
pub fn resolve(data: &Path, given: &Path) -> PathBuf {
    let bare = given.components().count() == 1 && !given.exists();
    let named = records_dir(data).join(given);
    if bare && named.is_dir() { named } else { given.to_path_buf() }
}

/// Moves a record into `<data dir>/trash/` (never deletes it); refused while it is open.
pub fn discard(data: &Path, dir: &Path) -> Result<PathBuf, RecordError> {
    if fs::symlink_metadata(dir).is_err() {
        return Err(RecordError::NoSuchRecord {
            dir: dir.to_path_buf(),
            trash: data.join(TRASH_DIR),
        });
    }
    if !is_record(dir) {
        return Err(RecordError::NotARecord { dir: dir.to_path_buf() });
    }
    drop(lock(dir)?);
    let trash = data.join(TRASH_DIR);
    fs::create_dir_all(&trash)
        .map_err(|source| RecordError::CreateFolder { path: trash.clone(), source })?;
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let mut target = trash.join(&name);
    let mut n = 1;
    while fs::symlink_metadata(&target).is_ok() {
        n += 1;
        target = trash.join(format!("{name}-{n}"));
    }
    fs::rename(dir, &target).map_err(|source| RecordError::Move {
        from: dir.to_path_buf(),
        to: target.clone(),
        source,
    })?;
    let _ = journal::sync_dir(&trash);
    if let Some(parent) = dir.parent() {
        let _ = journal::sync_dir(parent);
    }
    Ok(target)
}

/// A record found on disk.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Found {
    pub dir: PathBuf,
    pub title: String,
    pub agenda_sha256: String,
    pub created: chrono::DateTime<chrono::FixedOffset>,
    pub ended: bool,
    pub entries: usize,
    /// Both minutes files are in the record folder.
    pub minutes: bool,
}

/// Every record in the data directory, oldest first.
pub fn list(data: &Path) -> Vec<Found> {
    list_where(data, |_, _| true)
}

/// The header line of a record's journal, read alone (a bounded read of a regular file:
/// a named pipe or a link to a device is skipped, never waited on).
fn read_header(dir: &Path) -> Option<Header> {
    let (_, path) = journal_paths(dir).into_iter().next()?;
    let first = regular::read_prefix(&path, MAX_HEADER_BYTES).ok()?;
    let header =
        memchr::memchr(b'\n', &first).and_then(|end| journal::parse(&first[..=end]).header);
    // A damaged or deleted header: the whole journal is read to rebuild it.
    header.or_else(|| read_journal(dir).ok()?.header)
}

/// The records whose journal header passes `keep`; only those journals are read whole.
fn list_where(data: &Path, keep: impl Fn(&Path, &Header) -> bool) -> Vec<Found> {
    let Ok(read) = fs::read_dir(records_dir(data)) else { return Vec::new() };
    let mut found: Vec<Found> = read
        .filter_map(Result::ok)
        .filter(|e| read_header(&e.path()).is_some_and(|header| keep(&e.path(), &header)))
        .filter_map(|e| {
            let dir = e.path();
            let contents = read_journal(&dir).ok()?;
            let agenda_sha256 = current_hash(&contents);
            let header = contents.header?;
            let is_file = |name| fs::symlink_metadata(dir.join(name)).is_ok_and(|m| m.is_file());
            Some(Found {
                // Reopened for corrections and left so, it is unfinished: it resumes reopened.
                ended: crate::event::has_ended(&contents.entries),
                entries: contents.entries.len(),
                minutes: is_file(crate::minutes::INTERNAL_FILE)
                    && is_file(crate::minutes::PUBLIC_FILE),
                title: header.title,
                agenda_sha256,
                created: header.created,
                dir,
            })
        })
        .collect();
    found.sort_by(|a, b| a.created.cmp(&b.created).then(a.dir.cmp(&b.dir)));
    found
}

/// The records of this agenda text (as it is run now, after any edit), oldest first.
fn of_agenda(data: &Path, agenda_text: &str) -> Vec<Found> {
    let hash = agenda_hash(agenda_text);
    let agenda_is = |dir: &Path| {
        read_agenda_file(&dir.join(AGENDA_FILE)).is_some_and(|t| agenda_hash(&t) == hash)
    };
    list_where(data, |dir, header| header.agenda_sha256 == hash || agenda_is(dir))
        .into_iter()
        .filter(|f| f.agenda_sha256 == hash)
        .collect()
}

/// The newest unfinished record of this agenda text, if any.
pub fn unfinished(data: &Path, agenda_text: &str) -> Option<Found> {
    of_agenda(data, agenda_text).into_iter().rev().find(|f| !f.ended)
}

/// The newest record of this agenda text when it ended without its minutes (convene
/// stopped while writing them).
pub fn ended_without_minutes(data: &Path, agenda_text: &str) -> Option<Found> {
    of_agenda(data, agenda_text).into_iter().next_back().filter(|f| f.ended && !f.minutes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::{DEMO_AGENDA, parse_agenda};
    use crate::journal::{Change, Entry};

    /// The device these tests run on.
    const ME: DeviceId = DeviceId::new(0x5eed);

    fn now() -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").unwrap()
    }

    fn demo() -> Agenda {
        parse_agenda(DEMO_AGENDA).agenda.unwrap()
    }

    #[test]
    fn a_record_holds_the_agenda_and_a_journal_with_its_header() {
        let data = tempfile::tempdir().unwrap();
        let (record, _) = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        assert_eq!(record.dir, data.path().join("records/2026-05-12-porsgrunn-citizen-lab-2026"));
        assert_eq!(fs::read_to_string(record.dir.join(AGENDA_FILE)).unwrap(), DEMO_AGENDA);
        let contents = read_journal(&record.dir).unwrap();
        assert_eq!(contents.header.unwrap().agenda_sha256, agenda_hash(DEMO_AGENDA));
        // A second record of the same event gets its own folder.
        let again = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        assert!(again.0.dir.ends_with("2026-05-12-porsgrunn-citizen-lab-2026-2"));
    }

    #[test]
    fn one_writer_per_record() {
        let data = tempfile::tempdir().unwrap();
        let (record, _) = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        let err = lock(&record.dir).unwrap_err();
        assert!(err.contains("open in another convene"), "{err}");
        assert!(err.contains(&format!("process {}", std::process::id())), "{err}");
        let err = reopen(&record.dir, ME, DEMO_AGENDA).err().unwrap();
        assert!(err.contains("open in another convene"), "{err}");
        drop(record);
        assert!(reopen(&record_dir(data.path()), ME, DEMO_AGENDA).is_ok());
    }

    fn record_dir(data: &Path) -> PathBuf {
        records_dir(data).join("2026-05-12-porsgrunn-citizen-lab-2026")
    }

    #[test]
    fn a_journal_from_a_different_agenda_is_refused() {
        let data = tempfile::tempdir().unwrap();
        drop(create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap());
        let edited = DEMO_AGENDA.replace("Welcome and ground rules", "Welcome");
        let err = reopen(&record_dir(data.path()), ME, &edited).err().unwrap();
        assert!(err.contains("different agenda"), "{err}");
        assert_eq!(unfinished(data.path(), &edited), None);
        assert!(unfinished(data.path(), DEMO_AGENDA).is_some());
    }

    #[test]
    fn resume_sets_aside_a_torn_last_line_and_keeps_everything_before() {
        let data = tempfile::tempdir().unwrap();
        let (mut record, mut stamp) = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        for seq in 1..=3 {
            let change = Change::SessionStarted { session: 0, elapsed_ms: seq * 1000 };
            append(&mut record, &mut stamp, change);
        }
        let path = journal_path(&record.dir, ME);
        drop(record);
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"{\"v\":2,\"seq\":5,\"at\":\"2026-05-12T18:");
        fs::write(&path, &bytes).unwrap();

        let (mut record, contents, mut stamp) =
            reopen(&record_dir(data.path()), ME, DEMO_AGENDA).unwrap();
        // The hand-over that created the record, and three session starts.
        assert_eq!(contents.entries.len(), 4);
        assert_eq!(contents.problems.len(), 1);
        assert!(contents.problems[0].contains("set aside"), "{:?}", contents.problems);
        let aside = path.with_extension("jsonl.tail-5");
        assert!(fs::read(&aside).unwrap().starts_with(b"{\"v\":2,\"seq\":5"));
        append(&mut record, &mut stamp, Change::EventEnded);
        let again = read_journal(&record.dir).unwrap();
        assert!(again.problems.is_empty(), "{:?}", again.problems);
        assert_eq!(again.entries.len(), 5);
    }

    #[test]
    fn records_are_listed_with_their_state() {
        let data = tempfile::tempdir().unwrap();
        assert!(list(data.path()).is_empty());
        let (mut record, mut stamp) = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        append(&mut record, &mut stamp, Change::EventEnded);
        let found = list(data.path());
        assert_eq!(found.len(), 1);
        assert!(found[0].ended);
        assert_eq!(found[0].title, "Porsgrunn Citizen Lab 2026");
        assert_eq!(unfinished(data.path(), DEMO_AGENDA), None);
        // Reopened for corrections and left so (a crash): unfinished, resumed reopened.
        append(&mut record, &mut stamp, Change::EventReopened);
        assert!(!list(data.path())[0].ended);
        assert_eq!(unfinished(data.path(), DEMO_AGENDA).map(|f| f.dir), Some(record.dir.clone()));
        append(&mut record, &mut stamp, Change::EventEnded);
        assert!(list(data.path())[0].ended);
        assert_eq!(unfinished(data.path(), DEMO_AGENDA), None);
    }

    /// Journals a change as the live screen does: stamped by this device.
    fn append(record: &mut Record, stamp: &mut Stamp, change: Change) -> Entry {
        let entry = stamp.entry(change, now());
        record.journal.append(entry.clone()).unwrap();
        entry
    }

    fn captured(session: usize, text: &str) -> Change {
        Change::ItemCaptured {
            item: crate::event::ItemId::default(),
            kind: crate::live::ItemKind::Question,
            session,
            offset_ms: 0,
            fields: crate::live::Fields {
                text: text.into(),
                by: None,
                themes: vec![],
                owner: None,
                due: None,
                internal: false,
            },
        }
    }

    /// A disk that refuses every write: the journal then rewrites a fresh file.
    struct Broken;
    impl journal::Storage for Broken {
        fn append(&mut self, _: &[u8]) -> io::Result<()> {
            Err(io::Error::other("disk full"))
        }
        fn sync(&mut self) -> io::Result<()> {
            Err(io::Error::other("disk full"))
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_where_files_are_created_is_never_followed() {
        let data = tempfile::tempdir().unwrap();
        let (record, mut stamp) = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        let dir = record.dir.clone();
        let target = data.path().join("precious.txt");
        fs::write(&target, "keep me").unwrap();
        let path = journal_path(&dir, ME);
        let header = read_journal(&dir).unwrap().header.unwrap();
        let water = stamp.entry(captured(0, "Is the water safe?"), now());
        drop(record);

        // The journal's rewrite path: the link is replaced, its target never written.
        std::os::unix::fs::symlink(&target, journal::fresh_path(&path)).unwrap();
        let mut journal = Journal::with_storage(&path, Box::new(Broken), header);
        journal.append(water.clone()).unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
        assert!(fs::symlink_metadata(&path).unwrap().is_file());
        assert_eq!(read_journal(&dir).unwrap().entries, vec![water]);

        // The lock file: a planted link is refused, not truncated through.
        std::os::unix::fs::symlink(&target, dir.join(LOCK_FILE)).unwrap();
        let err = lock(&dir).unwrap_err();
        assert_eq!(
            err,
            format!(
                "cannot open {}: it is a symbolic link, not a regular file; convene reads and writes only regular files; remove it if no convene has the record open",
                dir.join(LOCK_FILE).display()
            )
        );
        assert_eq!(fs::read_to_string(&target).unwrap(), "keep me");
        fs::remove_file(dir.join(LOCK_FILE)).unwrap();

        // A journal that is a link (to /dev/zero here) is refused, not read without end.
        fs::remove_file(&path).unwrap();
        std::os::unix::fs::symlink("/dev/zero", &path).unwrap();
        let err = read_journal(&dir).err().unwrap();
        assert!(err.ends_with("it is a symbolic link, not a regular file; convene reads and writes only regular files"), "{err}");
        assert!(list(data.path()).is_empty());
    }

    #[test]
    fn the_lock_file_goes_when_the_record_is_closed() {
        let data = tempfile::tempdir().unwrap();
        let (record, _) = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        let dir = record.dir.clone();
        assert!(dir.join(LOCK_FILE).exists());
        drop(record);
        assert!(!dir.join(LOCK_FILE).exists());
        // A lock file left by a crash does not stop the next convene.
        fs::write(dir.join(LOCK_FILE), "12345\n").unwrap();
        let (record, _, _) = reopen(&dir, ME, DEMO_AGENDA).unwrap();
        assert_eq!(
            fs::read_to_string(dir.join(LOCK_FILE)).unwrap(),
            format!("{}\n", std::process::id())
        );
        drop(record);
        assert!(!dir.join(LOCK_FILE).exists());
    }

    #[test]
    fn leftovers_of_a_crash_are_cleaned_up_and_a_newer_fresh_copy_is_kept() {
        let data = tempfile::tempdir().unwrap();
        let (mut record, mut stamp) = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        let dir = record.dir.clone();
        let path = journal_path(&dir, ME);
        append(&mut record, &mut stamp, captured(0, "Who pays?"));
        let one = fs::read(&path).unwrap();
        append(&mut record, &mut stamp, captured(0, "When?"));
        let two = fs::read(&path).unwrap();
        drop(record);
        let fresh = journal::fresh_path(&path);
        let dead = dir.join(".minutes.md.999999999.tmp");
        let alive = dir.join(format!(".minutes.public.md.{}.tmp", std::process::id()));

        // An older fresh copy and a dead process's temporary minutes go.
        fs::write(&fresh, &one).unwrap();
        fs::write(&dead, "half").unwrap();
        fs::write(&alive, "mine").unwrap();
        let (record, contents, _) = reopen(&dir, ME, DEMO_AGENDA).unwrap();
        assert_eq!(contents.entries.len(), 3);
        assert!(!fresh.exists() && !dead.exists() && alive.exists());
        drop(record);

        // A fresh copy with more entries than the journal (a crash before its rename)
        // completes the rewrite: nothing acknowledged is lost.
        fs::write(&fresh, &two).unwrap();
        fs::write(&path, &one).unwrap();
        let reopened = reopen_with(&dir, ME, DEMO_AGENDA, &demo()).unwrap();
        assert_eq!(reopened.contents.entries.len(), 3);
        assert_eq!(reopened.notes.len(), 1, "{:?}", reopened.notes);
        assert!(!fresh.exists());
        assert_eq!(fs::read(&path).unwrap(), two);
    }

    #[test]
    fn an_edited_agenda_continues_the_same_record_and_the_old_text_is_kept() {
        let data = tempfile::tempdir().unwrap();
        let (mut record, mut stamp) = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        let dir = record.dir.clone();
        append(&mut record, &mut stamp, captured(1, "Is the water safe?"));
        drop(record);
        let old_title = demo().sessions[1].title.clone();
        let edited = format!(
            "{}\n[[sessions]]\ntitle = \"Late questions\"\nduration = \"5m\"\n",
            DEMO_AGENDA.replacen(&format!("\"{old_title}\""), "\"Rare earths around us\"", 1)
        );
        let agenda = parse_agenda(&edited).agenda.unwrap();
        let n = agenda.sessions.len();

        // Found as an earlier version of the edited agenda, not as a different event.
        assert_eq!(unfinished(data.path(), &edited), None);
        let (found, comparison) = edited_from(data.path(), &agenda).unwrap();
        assert_eq!(found.dir, dir);
        assert_eq!(
            comparison.differences,
            vec![
                format!("session 2 \"{old_title}\" is renamed \"Rare earths around us\""),
                format!("session {n} \"Late questions\" is new"),
            ]
        );

        let mut reopened = reopen_with(&dir, ME, &edited, &agenda).unwrap();
        assert_eq!(reopened.differences, comparison.differences);
        assert_eq!(reopened.first.len(), 1, "this device ran the sessions already");
        let change = reopened.first.remove(0);
        assert_eq!(
            change,
            Change::AgendaChanged {
                agenda_sha256: agenda_hash(&edited),
                sessions: (0..n - 1).map(Some).collect(),
            }
        );
        // The live screen's recorder journals it as the first change.
        let entry = reopened.stamp.entry(change, now());
        reopened.record.journal.append(entry).unwrap();
        assert_eq!(fs::read_to_string(dir.join("agenda.1.toml")).unwrap(), DEMO_AGENDA);
        assert_eq!(fs::read_to_string(dir.join(AGENDA_FILE)).unwrap(), edited);
        drop(reopened);
        // The journal now belongs to the edited agenda: resumed and listed as such.
        assert_eq!(unfinished(data.path(), &edited).map(|f| f.dir), Some(dir.clone()));
        let contents = read_journal(&dir).unwrap();
        assert_eq!(agenda_as_run(&dir, &contents).unwrap().0, edited);
        let minutes =
            crate::minutes::render(&agenda, &contents.entries, crate::minutes::Audience::Internal);
        let section = minutes.split("### 2. Rare earths around us\n").nth(1).unwrap_or_default();
        let section = section.split("\n### 3.").next().unwrap_or_default();
        assert!(section.contains("Is the water safe?"), "{minutes}");
        assert!(minutes.contains(&format!("### {n}. Late questions\n")), "{minutes}");
    }

    #[test]
    fn an_edit_that_drops_a_session_holding_items_is_refused_with_what_differs() {
        let data = tempfile::tempdir().unwrap();
        let (mut record, mut stamp) = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        let dir = record.dir.clone();
        append(&mut record, &mut stamp, captured(1, "Is the water safe?"));
        drop(record);
        let mut agenda = demo();
        let gone = agenda.sessions.remove(1).title;
        let text = "edited";
        let err = reopen_with(&dir, ME, text, &agenda).err().unwrap();
        assert_eq!(
            err,
            format!(
                "the record {} cannot continue with this agenda: session 2 \"{gone}\" is not in the edited agenda, but it holds 1 item; put that back in the agenda, or run without --resume to start a new record",
                dir.display()
            )
        );
        assert_eq!(fs::read_to_string(dir.join(AGENDA_FILE)).unwrap(), DEMO_AGENDA);
        assert!(!dir.join("agenda.1.toml").exists());
    }

    #[test]
    fn a_discarded_record_moves_to_the_trash() {
        let data = tempfile::tempdir().unwrap();
        let (record, _) = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        let dir = record.dir.clone();
        let name = dir.file_name().unwrap().to_owned();
        assert_eq!(resolve(data.path(), Path::new(&name)), dir);
        let err = discard(data.path(), &dir).unwrap_err();
        assert!(err.contains("open in another convene"), "{err}");
        drop(record);
        let to = discard(data.path(), &dir).unwrap();
        assert_eq!(to, data.path().join(TRASH_DIR).join(&name));
        assert!(!dir.exists());
        assert!(journal_path(&to, ME).is_file());
        assert!(list(data.path()).is_empty());
    }

    #[test]
    fn the_inbox_journal_reads_as_the_inbox_device_and_joins_the_fold() {
        let data = tempfile::tempdir().unwrap();
        let (record, _) = create(data.path(), ME, &demo(), DEMO_AGENDA, now()).unwrap();
        let inbox = DeviceId::inbox_of(ME);
        let path = inbox_path(&record.dir, ME);
        assert_eq!(path, record.dir.join(format!("journals/{ME}-inbox.jsonl")));
        let header = header_for(inbox, agenda_hash(DEMO_AGENDA), "Inbox".into(), now());
        let mut journal = Journal::create(&path, header).unwrap();
        let mut stamp = Stamp::new(inbox, 0, &[]);
        let change =
            Change::SubmissionReceived { text: "Is the dust measured?".into(), name: None };
        journal.append(stamp.entry(change, now())).unwrap();
        // A stray file that is no device's journal is not read.
        fs::write(record.dir.join("journals/notes-inbox.jsonl"), "x").unwrap();
        let paths: Vec<DeviceId> = journal_paths(&record.dir).into_iter().map(|(d, _)| d).collect();
        let mut expected = vec![ME, inbox];
        expected.sort();
        assert_eq!(paths, expected);
        let contents = read_journal(&record.dir).unwrap();
        let received: Vec<_> = contents
            .entries
            .iter()
            .filter(|e| matches!(e.change, Change::SubmissionReceived { .. }))
            .map(|e| (e.device, e.seq))
            .collect();
        assert_eq!(received, [(inbox, 1)]);
        assert!(contents.problems.is_empty(), "{:?}", contents.problems);
    }

    #[test]
    fn slugs_are_safe_folder_names() {
        assert_eq!(slug("Porsgrunn Citizen Lab 2026"), "porsgrunn-citizen-lab-2026");
        assert_eq!(slug("  Møte: «Herøya» / 2026  "), "møte-herøya-2026");
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug("!!!"), "event");
    }
}
