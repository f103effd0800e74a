//! The record of an event: `<data dir>/records/<date>-<slug>/` with the agenda as run, the
//! journal, and the minutes. One writer per record, by an exclusive lock.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::agenda::Agenda;
use crate::journal::{self, Contents, Header, Journal};

pub const AGENDA_FILE: &str = "agenda.toml";
pub const JOURNAL_FILE: &str = "journal.jsonl";
pub const LOCK_FILE: &str = "lock";

/// The data directory: `--data-dir`, `CONVENE_DATA_DIR`, or the platform's.
pub fn data_dir(chosen: Option<&Path>) -> Result<PathBuf, String> {
    if let Some(dir) = chosen {
        return Ok(dir.to_path_buf());
    }
    directories::ProjectDirs::from("org", "convene", "convene")
        .map(|dirs| dirs.data_dir().to_path_buf())
        .ok_or_else(|| "no home folder to keep records in; pass --data-dir DIR".to_string())
}

pub fn records_dir(data: &Path) -> PathBuf {
    data.join("records")
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

/// Holds a record's lock for as long as it lives.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Takes the record's exclusive lock, or says which process holds it.
pub fn lock(dir: &Path) -> Result<Lock, String> {
    let path = dir.join(LOCK_FILE);
    let mut file = OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .map_err(|e| format!("cannot open {}: {e}", path.display()))?;
    match file.try_lock() {
        Ok(()) => {
            let _ = file.set_len(0);
            let _ = writeln!(file, "{}", std::process::id());
            let _ = file.sync_all();
            Ok(Lock { _file: file })
        }
        Err(_) => {
            let mut holder = String::new();
            let _ = File::open(&path).and_then(|mut f| f.read_to_string(&mut holder));
            let holder = holder.trim();
            let who = if holder.is_empty() {
                "another process".to_string()
            } else {
                format!("process {holder}")
            };
            Err(format!(
                "the record {} is open in another convene ({who}); close that one first",
                dir.display()
            ))
        }
    }
}

/// An open record: its folder, its lock and its journal.
pub struct Record {
    pub dir: PathBuf,
    pub journal: Journal,
    pub _lock: Lock,
}

/// Creates a new record for an event: a fresh folder, the agenda as run, the journal header.
pub fn create(
    data: &Path,
    agenda: &Agenda,
    agenda_text: &str,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<Record, String> {
    let records = records_dir(data);
    fs::create_dir_all(&records)
        .map_err(|e| format!("cannot create {}: {e}; check --data-dir", records.display()))?;
    let base = base_name(agenda);
    let mut dir = records.join(&base);
    let mut n = 1;
    loop {
        match fs::create_dir(&dir) {
            Ok(()) => break,
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists && n < 1000 => {
                n += 1;
                dir = records.join(format!("{base}-{n}"));
            }
            Err(e) => return Err(format!("cannot create {}: {e}", dir.display())),
        }
    }
    let lock = lock(&dir)?;
    let write_agenda = || -> io::Result<()> {
        let mut file =
            OpenOptions::new().write(true).create_new(true).open(dir.join(AGENDA_FILE))?;
        file.write_all(agenda_text.as_bytes())?;
        file.sync_all()
    };
    write_agenda().map_err(|e| format!("cannot write {}: {e}", dir.join(AGENDA_FILE).display()))?;
    let header = Header {
        convene_journal: journal::FORMAT,
        program: format!("convene {}", env!("CARGO_PKG_VERSION")),
        agenda_sha256: agenda_hash(agenda_text),
        title: agenda.title.clone(),
        created: now,
    };
    let journal = Journal::create(&dir.join(JOURNAL_FILE), header)
        .map_err(|e| format!("cannot create the journal in {}: {e}", dir.display()))?;
    journal::sync_dir(&records).map_err(|e| format!("cannot sync {}: {e}", records.display()))?;
    Ok(Record { dir, journal, _lock: lock })
}

/// Reads a record's journal. A journal whose header line is damaged or gone, but whose
/// entries are intact, gets a header made from the record's agenda as run.
pub fn read_journal(dir: &Path) -> Result<Contents, String> {
    let path = dir.join(JOURNAL_FILE);
    let bytes = fs::read(&path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let mut contents = journal::parse(&bytes);
    if contents.header.is_none() {
        let header = stand_in_header(dir, &contents).ok_or_else(|| {
            if contents.entries.is_empty() {
                format!(
                    "{} is not a convene journal (no valid header line, no entry); `convene records` lists the records",
                    path.display()
                )
            } else {
                format!(
                    "{} has lost its header line and the record its {AGENDA_FILE}; put the agenda it was run with back there",
                    path.display()
                )
            }
        })?;
        contents.header = Some(header);
        contents
            .problems
            .push(format!("the record's {AGENDA_FILE} stands in for the journal's missing header"));
    }
    Ok(contents)
}

/// The header a journal with entries but no valid header line had: its agenda is the
/// record's `agenda.toml` (the agenda as run), its time the first entry's.
fn stand_in_header(dir: &Path, contents: &Contents) -> Option<Header> {
    let created = contents.entries.first()?.at;
    let text = fs::read_to_string(dir.join(AGENDA_FILE)).ok()?;
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
    })
}

/// Opens an existing record to continue it: locks it, checks it belongs to this agenda,
/// and sets aside an unfinished last line.
pub fn reopen(dir: &Path, agenda_text: &str) -> Result<(Record, Contents), String> {
    let lock = lock(dir)?;
    let contents = read_journal(dir)?;
    let expected = agenda_hash(agenda_text);
    if let Some(header) = &contents.header
        && header.agenda_sha256 != expected
    {
        return Err(format!(
            "the record {} was made from a different agenda; run without --resume to start a new record, or resume with its own agenda: convene run --resume {}",
            dir.display(),
            dir.join(AGENDA_FILE).display()
        ));
    }
    let journal = Journal::resume(&dir.join(JOURNAL_FILE), &contents)
        .map_err(|e| format!("cannot continue {}: {e}", dir.join(JOURNAL_FILE).display()))?;
    Ok((Record { dir: dir.to_path_buf(), journal, _lock: lock }, contents))
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
}

/// Every record in the data directory, oldest first.
pub fn list(data: &Path) -> Vec<Found> {
    list_where(data, |_| true)
}

/// The header line of a record's journal, read alone.
fn read_header(dir: &Path) -> Option<Header> {
    use std::io::BufRead;
    let file = File::open(dir.join(JOURNAL_FILE)).ok()?;
    let mut first = Vec::new();
    io::BufReader::new(file).read_until(b'\n', &mut first).ok()?;
    // A damaged or deleted header: the whole journal is read to rebuild it.
    journal::parse(&first).header.or_else(|| read_journal(dir).ok()?.header)
}

/// The records whose journal header passes `keep`; only those journals are read whole.
fn list_where(data: &Path, keep: impl Fn(&Header) -> bool) -> Vec<Found> {
    let Ok(read) = fs::read_dir(records_dir(data)) else { return Vec::new() };
    let mut found: Vec<Found> = read
        .filter_map(Result::ok)
        .filter(|e| read_header(&e.path()).is_some_and(|header| keep(&header)))
        .filter_map(|e| {
            let dir = e.path();
            let contents = read_journal(&dir).ok()?;
            let header = contents.header?;
            Some(Found {
                ended: contents.entries.iter().any(|e| e.change == journal::Change::EventEnded),
                entries: contents.entries.len(),
                dir,
                title: header.title,
                agenda_sha256: header.agenda_sha256,
                created: header.created,
            })
        })
        .collect();
    found.sort_by(|a, b| a.created.cmp(&b.created).then(a.dir.cmp(&b.dir)));
    found
}

/// The newest unfinished record of this agenda text, if any.
pub fn unfinished(data: &Path, agenda_text: &str) -> Option<Found> {
    let hash = agenda_hash(agenda_text);
    list_where(data, |header| header.agenda_sha256 == hash).into_iter().rev().find(|f| !f.ended)
}

/// Journals every change of a live event into its record, and finishes the record when the
/// event ends.
pub struct JournalRecorder {
    pub record: Record,
    trouble: Option<String>,
}

impl JournalRecorder {
    pub fn new(record: Record) -> JournalRecorder {
        JournalRecorder { record, trouble: None }
    }
}

impl crate::app::Recorder for JournalRecorder {
    fn record(&mut self, change: journal::Change, now: crate::live::Now) -> journal::Entry {
        let seq = self.record.journal.entries().last().map(|e| e.seq).unwrap_or(0) + 1;
        let entry = journal::Entry { seq, at: now.wall, change };
        self.trouble = self
            .record
            .journal
            .append(entry.clone())
            .err()
            .map(|e| if e.starts_with("NOT SAVED") { e } else { format!("NOT SAVED: {e}") });
        entry
    }

    fn finish(&mut self, app: &crate::app::App) -> Vec<String> {
        let entries = self.record.journal.entries();
        match crate::minutes::write_record(&self.record.dir, &app.live.agenda, entries) {
            Ok(paths) => paths.iter().map(|p| p.display().to_string()).collect(),
            Err(e) => {
                self.trouble = Some(e);
                Vec::new()
            }
        }
    }

    fn trouble(&self) -> Option<String> {
        self.trouble.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::{DEMO_AGENDA, parse_agenda};
    use crate::journal::{Change, Entry};

    fn now() -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").unwrap()
    }

    fn demo() -> Agenda {
        parse_agenda(DEMO_AGENDA).agenda.unwrap()
    }

    #[test]
    fn a_record_holds_the_agenda_and_a_journal_with_its_header() {
        let data = tempfile::tempdir().unwrap();
        let record = create(data.path(), &demo(), DEMO_AGENDA, now()).unwrap();
        assert_eq!(record.dir, data.path().join("records/2026-05-12-porsgrunn-citizen-lab-2026"));
        assert_eq!(fs::read_to_string(record.dir.join(AGENDA_FILE)).unwrap(), DEMO_AGENDA);
        let contents = read_journal(&record.dir).unwrap();
        assert_eq!(contents.header.unwrap().agenda_sha256, agenda_hash(DEMO_AGENDA));
        // A second record of the same event gets its own folder.
        let again = create(data.path(), &demo(), DEMO_AGENDA, now()).unwrap();
        assert!(again.dir.ends_with("2026-05-12-porsgrunn-citizen-lab-2026-2"));
    }

    #[test]
    fn one_writer_per_record() {
        let data = tempfile::tempdir().unwrap();
        let record = create(data.path(), &demo(), DEMO_AGENDA, now()).unwrap();
        let err = lock(&record.dir).unwrap_err();
        assert!(err.contains("open in another convene"), "{err}");
        assert!(err.contains(&format!("process {}", std::process::id())), "{err}");
        let err = reopen(&record.dir, DEMO_AGENDA).err().unwrap();
        assert!(err.contains("open in another convene"), "{err}");
        drop(record);
        assert!(reopen(&record_dir(data.path()), DEMO_AGENDA).is_ok());
    }

    fn record_dir(data: &Path) -> PathBuf {
        records_dir(data).join("2026-05-12-porsgrunn-citizen-lab-2026")
    }

    #[test]
    fn a_journal_from_a_different_agenda_is_refused() {
        let data = tempfile::tempdir().unwrap();
        drop(create(data.path(), &demo(), DEMO_AGENDA, now()).unwrap());
        let edited = DEMO_AGENDA.replace("Welcome and ground rules", "Welcome");
        let err = reopen(&record_dir(data.path()), &edited).err().unwrap();
        assert!(err.contains("different agenda"), "{err}");
        assert_eq!(unfinished(data.path(), &edited), None);
        assert!(unfinished(data.path(), DEMO_AGENDA).is_some());
    }

    #[test]
    fn resume_sets_aside_a_torn_last_line_and_keeps_everything_before() {
        let data = tempfile::tempdir().unwrap();
        let mut record = create(data.path(), &demo(), DEMO_AGENDA, now()).unwrap();
        for seq in 1..=3 {
            let change = Change::SessionStarted { session: 0, elapsed_ms: seq * 1000 };
            record.journal.append(Entry { seq, at: now(), change }).unwrap();
        }
        let path = record.dir.join(JOURNAL_FILE);
        drop(record);
        let mut bytes = fs::read(&path).unwrap();
        bytes.extend_from_slice(b"{\"v\":1,\"seq\":4,\"at\":\"2026-05-12T18:");
        fs::write(&path, &bytes).unwrap();

        let (mut record, contents) = reopen(&record_dir(data.path()), DEMO_AGENDA).unwrap();
        assert_eq!(contents.entries.len(), 3);
        assert_eq!(contents.problems.len(), 1);
        assert!(contents.problems[0].contains("set aside"), "{:?}", contents.problems);
        let aside = record.dir.join("journal.jsonl.tail-4");
        assert!(fs::read(&aside).unwrap().starts_with(b"{\"v\":1,\"seq\":4"));
        record.journal.append(Entry { seq: 4, at: now(), change: Change::EventEnded }).unwrap();
        let again = read_journal(&record.dir).unwrap();
        assert!(again.problems.is_empty(), "{:?}", again.problems);
        assert_eq!(again.entries.len(), 4);
    }

    #[test]
    fn records_are_listed_with_their_state() {
        let data = tempfile::tempdir().unwrap();
        assert!(list(data.path()).is_empty());
        let mut record = create(data.path(), &demo(), DEMO_AGENDA, now()).unwrap();
        record.journal.append(Entry { seq: 1, at: now(), change: Change::EventEnded }).unwrap();
        let found = list(data.path());
        assert_eq!(found.len(), 1);
        assert!(found[0].ended);
        assert_eq!(found[0].title, "Porsgrunn Citizen Lab 2026");
        assert_eq!(unfinished(data.path(), DEMO_AGENDA), None);
    }

    #[test]
    fn slugs_are_safe_folder_names() {
        assert_eq!(slug("Porsgrunn Citizen Lab 2026"), "porsgrunn-citizen-lab-2026");
        assert_eq!(slug("  Møte: «Herøya» / 2026  "), "møte-herøya-2026");
        assert_eq!(slug("../../etc"), "etc");
        assert_eq!(slug("!!!"), "event");
    }
}
