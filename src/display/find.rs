//! Which record the display follows when none is named: the one a live convene on this
//! machine has open. A convene holding a record writes its process id into the record's
//! lock file (`record::lock`); the display only reads that file, and never locks.

use std::fs;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::record;

/// The process named in a record's lock file, if one is.
fn holder(dir: &Path) -> Option<i32> {
    let bytes = crate::regular::read_prefix(&dir.join(record::LOCK_FILE), 32).ok()?;
    let text = std::str::from_utf8(&bytes).ok()?.trim();
    if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse::<i32>().ok().filter(|&pid| pid > 0)
}

/// True while a process runs with this id (one of another user counts too).
fn running(pid: i32) -> bool {
    // SAFETY: signal 0 sends nothing; it only asks whether the process exists.
    let answer = unsafe { libc::kill(pid, 0) };
    answer == 0 || std::io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// True while a running convene holds the record in `dir` open (its lock names a live
/// process). A lock file left by a crash names a process that is gone.
pub fn held(dir: &Path) -> bool {
    holder(dir).is_some_and(running)
}

/// The record a live convene on this machine has open, if any: among the records whose lock
/// names a running process, an unfinished one before an ended one (the facilitator may still
/// look at the end of the last event), the most recently locked first.
pub fn live_record(data: &Path) -> Option<PathBuf> {
    let Ok(read) = fs::read_dir(record::records_dir(data)) else { return None };
    let mut held: Vec<(i64, PathBuf)> = read
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|dir| self::held(dir))
        .map(|dir| {
            let locked = fs::symlink_metadata(dir.join(record::LOCK_FILE))
                .map_or(0, |m| m.mtime().saturating_mul(1_000_000_000) + m.mtime_nsec());
            (locked, dir)
        })
        .collect();
    held.sort_by(|a, b| b.cmp(a));
    // A record still being created has no journal to read: it is unfinished.
    let ended =
        |dir: &Path| record::read_journal(dir).is_ok_and(|c| crate::event::has_ended(&c.entries));
    let unfinished = held.iter().find(|(_, dir)| !ended(dir)).map(|(_, dir)| dir.clone());
    unfinished.or_else(|| held.into_iter().next().map(|(_, dir)| dir))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::{DEMO_AGENDA, parse_agenda};
    use crate::event::DeviceId;
    use crate::journal::Change;

    fn now() -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").unwrap()
    }

    #[test]
    fn the_record_a_running_convene_holds_is_found_by_its_lock() {
        let data = tempfile::tempdir().unwrap();
        assert_eq!(live_record(data.path()), None, "no records folder yet");
        let agenda = parse_agenda(DEMO_AGENDA).agenda.unwrap();
        let me = DeviceId::new(7);
        // An ended record that this process still holds, and an unfinished one it holds.
        let (mut ended, mut stamp) =
            record::create(data.path(), me, &agenda, DEMO_AGENDA, now()).unwrap();
        ended.journal.append(stamp.entry(Change::EventEnded, now())).unwrap();
        assert_eq!(live_record(data.path()), Some(ended.dir.clone()), "an ended one if alone");
        let (open, _) = record::create(data.path(), me, &agenda, DEMO_AGENDA, now()).unwrap();
        assert_eq!(live_record(data.path()), Some(open.dir.clone()));
        // Closed: the lock goes, and a lock left by a crash names a process that is gone.
        let dir = open.dir.clone();
        drop(open);
        fs::write(dir.join(record::LOCK_FILE), format!("{}\n", i32::MAX)).unwrap();
        assert!(!held(&dir));
        assert_eq!(live_record(data.path()), Some(ended.dir.clone()));
        drop(ended);
        assert_eq!(live_record(data.path()), None);
        // Whatever a lock file holds, it is read without a panic.
        for text in ["", "abc", "-1", "0", "99999999999999999999", "12 34"] {
            fs::write(dir.join(record::LOCK_FILE), text).unwrap();
            assert!(!held(&dir), "{text:?}");
        }
    }
}
