//! Following a record while another convene writes it: read-only, no lock. The first read
//! (and any read after a journal was replaced or cut short, or the agenda changed) is the
//! record's whole union, as `convene minutes` reads it; after that only the bytes appended
//! to each journal are read, from the end of its last complete line, so a torn last line is
//! read again until it is whole.

use std::fs::{self, File};
use std::io;
use std::os::unix::fs::{FileExt, MetadataExt};
use std::path::{Path, PathBuf};

use crate::agenda::Agenda;
use crate::event::{Change, DeviceId, Entry};
use crate::journal;
use crate::live::{Live, Now};
use crate::record::{self, MAX_JOURNAL_BYTES};

/// A file as the file system names it: replaced files get a new one.
type Identity = (u64, u64);

/// How far one journal file was read.
#[derive(Clone, Debug)]
struct Tail {
    device: DeviceId,
    path: PathBuf,
    /// The file that was read (None: not known, read it whole next time).
    identity: Option<Identity>,
    /// The end of its last complete, valid line: where the next read starts.
    offset: u64,
    /// The sequence number of its last entry taken in.
    last_seq: u64,
}

/// A record followed as it grows, folded into the live state the facilitator's screen has.
pub struct Follower {
    dir: PathBuf,
    agenda: Option<Agenda>,
    /// Every entry of every journal, in fold order (see [`Entry::order`]).
    entries: Vec<Entry>,
    tails: Vec<Tail>,
    live: Option<Live>,
    /// Why nothing of the record can be shown (yet), in words for the screen.
    trouble: Option<String>,
    /// The next refresh reads the whole record again.
    reread: bool,
    /// How many times the whole record was read; every other refresh read appended bytes.
    whole_reads: u64,
}

impl Follower {
    /// Follows the record in `dir`, which may not exist yet; nothing is read before
    /// [`Follower::refresh`].
    pub fn new(dir: &Path) -> Follower {
        Follower {
            dir: dir.to_path_buf(),
            agenda: None,
            entries: Vec::new(),
            tails: Vec::new(),
            live: None,
            trouble: Some(waiting_for(dir)),
            reread: true,
            whole_reads: 0,
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The event as the record holds it, once it could be read.
    pub fn live(&self) -> Option<&Live> {
        self.live.as_ref()
    }

    /// Why the record is not shown, while it is not.
    pub fn trouble(&self) -> Option<&str> {
        self.trouble.as_deref()
    }

    /// How many times the whole record was read: once, and again only after a journal was
    /// replaced, cut short or removed, or the agenda changed.
    pub fn whole_reads(&self) -> u64 {
        self.whole_reads
    }

    /// The entries read so far, in fold order.
    pub fn entries(&self) -> &[Entry] {
        &self.entries
    }

    /// Reads what was added to the record since the last call and folds it in, as applied at
    /// `now`. True when what the display shows may have changed.
    pub fn refresh(&mut self, now: Now) -> bool {
        if self.reread || self.live.is_none() {
            return self.read_whole(now);
        }
        match self.read_appended() {
            Ok(new) if new.is_empty() => false,
            Ok(new) => self.fold_in(new, now),
            Err(Reread) => self.read_whole(now),
        }
    }

    /// Reads the whole record again: its union of journals and its agenda as run.
    fn read_whole(&mut self, now: Now) -> bool {
        let before = (self.trouble.clone(), self.live.as_ref().map(|l| l.applied));
        self.reread = false;
        match self.read_record(now) {
            Ok(()) => self.trouble = None,
            Err(trouble) => {
                // Whatever was shown stays until the record reads again: a journal being
                // replaced must not blank the room's clock.
                if self.live.is_none() {
                    self.trouble = Some(trouble);
                }
                self.reread = true;
            }
        }
        self.reread || before != (self.trouble.clone(), self.live.as_ref().map(|l| l.applied))
    }

    fn read_record(&mut self, now: Now) -> Result<(), String> {
        let dir = &self.dir;
        if fs::symlink_metadata(dir).is_err() || !record::is_record(dir) {
            return Err(waiting_for(dir));
        }
        // Each file is named before it is read: one replaced meanwhile is read again next time.
        let identities: Vec<(PathBuf, Option<Identity>)> = record::journal_paths(dir)
            .into_iter()
            .map(|(_, path)| {
                let identity = fs::symlink_metadata(&path).ok().map(|m| (m.dev(), m.ino()));
                (path, identity)
            })
            .collect();
        self.whole_reads += 1;
        let contents = record::read_journal(dir).map_err(|e| e.to_string())?;
        let (text, path) = record::agenda_as_run(dir, &contents).map_err(|e| e.to_string())?;
        let agenda = crate::agenda::parse_agenda(&text).agenda.ok_or_else(|| {
            format!("the record's agenda {} has errors; run `convene check` on it", path.display())
        })?;
        self.tails = contents
            .parts
            .iter()
            .map(|part| Tail {
                device: part.header.as_ref().map_or(part.device, |h| h.device()),
                path: part.path.clone(),
                identity: identities.iter().find(|(p, _)| *p == part.path).and_then(|(_, i)| *i),
                offset: part.valid_len as u64,
                last_seq: part.last_seq,
            })
            .collect();
        self.entries = contents.entries;
        self.agenda = Some(agenda);
        self.refold(now);
        Ok(())
    }

    /// The fold of every entry from the start, as resuming does.
    fn refold(&mut self, now: Now) {
        let Some(agenda) = &self.agenda else { return };
        let mut live = Live::new(agenda.clone());
        let entries = crate::revision::renumber(&self.entries).into_owned();
        // Refused entries change nothing; `convene minutes` reports them.
        let _ = live.replay(entries, &[], now);
        self.live = Some(live);
    }

    /// The entries appended to the record's journals since the last read, or [`Reread`] when
    /// a journal was replaced, cut short or removed.
    fn read_appended(&mut self) -> Result<Vec<Entry>, Reread> {
        let paths = record::journal_paths(&self.dir);
        if self.tails.iter().any(|t| !paths.iter().any(|(_, p)| *p == t.path)) {
            return Err(Reread);
        }
        let mut new = Vec::new();
        for (device, path) in paths {
            let at = match self.tails.iter().position(|t| t.path == path) {
                Some(at) => at,
                None => {
                    // A new device's journal: read from its first byte.
                    self.tails.push(Tail { device, path, identity: None, offset: 0, last_seq: 0 });
                    self.tails.len() - 1
                }
            };
            read_tail(&mut self.tails[at], &mut new)?;
        }
        Ok(new)
    }

    /// Folds newly read entries in: applied one by one when they come after everything
    /// folded so far, else (a device's lines arriving late) the whole fold is made again.
    fn fold_in(&mut self, mut new: Vec<Entry>, now: Now) -> bool {
        new.sort_by_key(Entry::order);
        if new.iter().any(|e| matches!(e.change, Change::AgendaChanged { .. })) {
            // The agenda as run changed: it is read again with the whole record.
            return self.read_whole(now);
        }
        let in_order = self
            .entries
            .last()
            .is_none_or(|last| new.first().is_none_or(|first| last.order() < first.order()));
        if in_order && let Some(live) = &mut self.live {
            for entry in &new {
                let _ = live.apply(entry, now);
            }
            self.entries.extend(new);
        } else {
            self.entries.extend(new);
            self.entries.sort_by_key(Entry::order);
            self.refold(now);
        }
        true
    }
}

/// A journal changed in a way that only reading the whole record again can follow.
#[derive(Debug)]
struct Reread;

/// Reads what was appended to one journal since `tail`, into `new`.
fn read_tail(tail: &mut Tail, new: &mut Vec<Entry>) -> Result<(), Reread> {
    let file = match crate::regular::open_read(&tail.path) {
        Ok(file) => file,
        // Gone between listing and opening: the next listing says so.
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Err(Reread),
        Err(_) => return Err(Reread),
    };
    let meta = file.metadata().map_err(|_| Reread)?;
    let identity = (meta.dev(), meta.ino());
    match tail.identity {
        Some(known) if known != identity => return Err(Reread),
        _ if meta.len() < tail.offset => return Err(Reread),
        None if tail.offset > 0 => return Err(Reread),
        _ => tail.identity = Some(identity),
    }
    if meta.len() == tail.offset {
        return Ok(());
    }
    // A format-1 journal's clocks are made from the whole file: it is read whole.
    if tail.device == DeviceId::FORMAT_1 {
        return Err(Reread);
    }
    let length = meta.len() - tail.offset;
    if length > MAX_JOURNAL_BYTES {
        return Err(Reread);
    }
    let bytes = read_at(&file, tail.offset, length).map_err(|_| Reread)?;
    let name = journal::journal_name(tail.device);
    let contents = journal::parse_as(&bytes, &name);
    if tail.offset == 0
        && let Some(header) = &contents.header
    {
        tail.device = header.device();
    }
    tail.offset += contents.valid_len as u64;
    for entry in contents.entries {
        // A line repeated or from another device changes nothing, as in the whole read.
        if entry.device == tail.device && entry.seq > tail.last_seq {
            tail.last_seq = entry.seq;
            new.push(entry);
        }
    }
    Ok(())
}

/// Reads up to `length` bytes of `file` from `offset` (fewer when it ends sooner).
fn read_at(file: &File, offset: u64, length: u64) -> io::Result<Vec<u8>> {
    let mut bytes = vec![0; usize::try_from(length).map_err(io::Error::other)?];
    let mut filled = 0;
    while filled < bytes.len() {
        match file.read_at(&mut bytes[filled..], offset + filled as u64) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    bytes.truncate(filled);
    Ok(bytes)
}

/// What the screen says while a record does not exist yet, or holds no journal yet.
fn waiting_for(dir: &Path) -> String {
    format!("waiting for convene run to open the record {}…", dir.display())
}

#[cfg(test)]
mod tests;
