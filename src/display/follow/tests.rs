//! The follower with a record growing underneath it, as the facilitator's convene (and a
//! note-taker's laptop merged in) write it.

use std::fs::OpenOptions;
use std::io::Write;
use std::time::Duration;

use super::*;
use crate::agenda::{DEMO_AGENDA, parse_agenda};
use crate::live::Clock;
use crate::record::Record;
use crate::stamp::Stamp;

const FACILITATOR: DeviceId = DeviceId::new(0xfac);
const NOTE_TAKER: DeviceId = DeviceId::new(0x7a6e);

fn agenda() -> Agenda {
    parse_agenda(DEMO_AGENDA).agenda.unwrap()
}

/// A record being written, and a display following it.
struct Room {
    data: tempfile::TempDir,
    record: Option<Record>,
    stamp: Stamp,
    follower: Follower,
}

impl Room {
    /// The display starts first: the record does not exist yet.
    fn new() -> Room {
        let data = tempfile::tempdir().unwrap();
        let dir = record::records_dir(data.path()).join(record::base_name(&agenda()));
        let follower = Follower::new(&dir);
        Room { data, record: None, stamp: Stamp::new(FACILITATOR, 0, &[]), follower }
    }

    fn open(&mut self) {
        let (record, stamp) =
            record::create(self.data.path(), FACILITATOR, &agenda(), DEMO_AGENDA, Now::read().wall)
                .unwrap();
        assert_eq!(record.dir, self.follower.dir());
        self.record = Some(record);
        self.stamp = stamp;
    }

    fn dir(&self) -> PathBuf {
        self.follower.dir().to_path_buf()
    }

    fn journal(&self) -> PathBuf {
        record::journal_path(&self.dir(), FACILITATOR)
    }

    /// The facilitator's convene journals a change.
    fn write(&mut self, change: Change) -> Entry {
        let entry = self.stamp.entry(change, Now::read().wall);
        self.record.as_mut().unwrap().journal.append(entry.clone()).unwrap();
        entry
    }

    fn refresh(&mut self) -> bool {
        self.follower.refresh(Now::read())
    }

    fn live(&self) -> &Live {
        self.follower.live().expect("the record is shown")
    }

    /// The display holds exactly what `convene minutes` reads from the record now.
    fn agrees_with_the_record(&self) {
        let contents = record::read_journal(&self.dir()).unwrap();
        assert_eq!(self.follower.entries(), &contents.entries[..]);
        let folded = crate::minutes::fold(&agenda(), &contents.entries);
        assert_eq!(self.live().room, folded.live.room);
        assert_eq!(self.live().current, folded.live.current);
        let timeboxes = |live: &Live| live.sessions.iter().map(|s| s.timebox).collect::<Vec<_>>();
        assert_eq!(timeboxes(self.live()), timeboxes(&folded.live));
    }
}

/// Appends raw bytes to a journal, as a write cut short leaves them.
fn append_bytes(path: &Path, bytes: &[u8]) {
    let mut file = OpenOptions::new().append(true).open(path).unwrap();
    file.write_all(bytes).unwrap();
}

#[test]
fn a_record_that_does_not_exist_yet_is_waited_for() {
    let mut room = Room::new();
    assert!(!room.refresh() || room.follower.live().is_none());
    assert!(room.follower.live().is_none());
    let waiting = format!("waiting for convene run to open the record {}…", room.dir().display());
    assert_eq!(room.follower.trouble(), Some(waiting.as_str()));
    // The folder alone, before the facilitator's convene made it a record.
    fs::create_dir_all(room.dir()).unwrap();
    room.refresh();
    assert_eq!(room.follower.trouble(), Some(waiting.as_str()));

    fs::remove_dir(room.dir()).unwrap();
    room.open();
    assert!(room.refresh());
    assert_eq!(room.follower.trouble(), None);
    assert_eq!(room.live().agenda.title, "Porsgrunn Citizen Lab 2026");
    room.write(Change::SessionStarted { session: 0, elapsed_ms: 0 });
    assert!(room.refresh());
    assert!(room.live().is_running());
    assert_eq!(room.follower.whole_reads(), 1);
    // Nothing new: nothing to draw.
    assert!(!room.refresh());
    room.agrees_with_the_record();
}

#[test]
fn a_torn_last_line_waits_until_it_is_whole() {
    let mut room = Room::new();
    room.open();
    room.refresh();
    let entry =
        room.stamp.entry(Change::MessageShown { text: "Please wrap up".into() }, Now::read().wall);
    let line = journal::encode(&entry);
    let (first, rest) = line.as_bytes().split_at(line.len() / 2);
    append_bytes(&room.journal(), first);
    assert!(!room.refresh(), "half a line changes nothing");
    assert_eq!(room.live().room.message, None);
    // Completed byte by byte: shown only once the line is whole.
    let (middle, last) = rest.split_at(rest.len() - 1);
    append_bytes(&room.journal(), middle);
    assert!(!room.refresh());
    append_bytes(&room.journal(), last);
    assert!(room.refresh());
    assert_eq!(room.follower.whole_reads(), 1, "only the appended bytes were read");
    assert_eq!(room.live().room.message.as_ref().map(|(t, _)| t.as_str()), Some("Please wrap up"));
    room.agrees_with_the_record();
}

#[test]
fn a_new_devices_journal_is_read_as_it_appears_and_late_lines_fall_in_place() {
    let mut room = Room::new();
    room.open();
    room.write(Change::SessionStarted { session: 0, elapsed_ms: 0 });
    room.refresh();
    // The note-taker's line is stamped before the facilitator's next ones, and arrives after
    // them (a laptop merged in later): the fold puts it in its place.
    let agenda = agenda();
    let mut theirs = Stamp::new(NOTE_TAKER, 0, room.follower.entries());
    let early =
        theirs.entry(Change::MessageShown { text: "Coffee until 19:40".into() }, Now::read().wall);
    room.write(Change::MessageShown { text: "Five minutes".into() });
    room.write(Change::SessionExtended { session: 0, timebox_s: 660 });
    assert!(room.refresh());
    let path = record::journal_path(&room.dir(), NOTE_TAKER);
    // Created empty, then its header, then its line.
    fs::File::create(&path).unwrap();
    assert!(!room.refresh(), "an empty journal holds nothing yet");
    let header = record::header(NOTE_TAKER, &agenda, DEMO_AGENDA, Now::read().wall);
    append_bytes(&path, journal::encode(&header).as_bytes());
    room.refresh();
    append_bytes(&path, journal::encode(&early).as_bytes());
    assert!(room.refresh());
    assert!(early.order() < room.follower.entries().last().unwrap().order());
    // The later message stands: the note-taker's came first on the shared clock.
    assert_eq!(room.live().room.message.as_ref().map(|(t, _)| t.as_str()), Some("Five minutes"));
    assert_eq!(room.live().room.log.len(), 2);
    room.agrees_with_the_record();
    // Its next line comes after everything: applied in order.
    let mut theirs = Stamp::new(NOTE_TAKER, 1, room.follower.entries());
    let late = theirs.entry(Change::MessageCleared, Now::read().wall);
    append_bytes(&path, journal::encode(&late).as_bytes());
    assert!(room.refresh());
    assert_eq!(room.live().room.message, None);
    room.agrees_with_the_record();
}

#[test]
fn a_record_resumed_after_a_restart_goes_on_from_where_it_was() {
    let mut room = Room::new();
    room.open();
    room.write(Change::SessionStarted { session: 0, elapsed_ms: 0 });
    room.refresh();
    // The facilitator's convene dies in the middle of a write: half a line is left.
    let cut =
        room.stamp.entry(Change::SessionExtended { session: 0, timebox_s: 1200 }, Now::read().wall);
    let line = journal::encode(&cut);
    room.record = None;
    append_bytes(&room.journal(), &line.as_bytes()[..line.len() - 5]);
    assert!(!room.refresh());
    assert!(room.live().is_running(), "the display goes on while the facilitator restarts");
    // Resumed: the cut line is set aside, the journal cut back to it and continued.
    let text = DEMO_AGENDA;
    let reopened = record::reopen_with(&room.dir(), FACILITATOR, text, &agenda()).unwrap();
    room.stamp = reopened.stamp;
    room.record = Some(reopened.record);
    room.write(Change::SessionPaused { session: 0, elapsed_ms: 61_000 });
    room.write(Change::SessionExtended { session: 0, timebox_s: 900 });
    assert!(room.refresh());
    assert_eq!(
        room.live().sessions[0].clock,
        Clock::Paused { elapsed: Duration::from_millis(61_000) }
    );
    assert_eq!(room.live().sessions[0].timebox, Duration::from_secs(900));
    assert_eq!(room.follower.whole_reads(), 1, "the journal was cut back to what was read");
    room.agrees_with_the_record();
}

#[test]
fn a_journal_cut_short_or_replaced_is_read_again_from_its_start() {
    let mut room = Room::new();
    room.open();
    room.write(Change::SessionStarted { session: 0, elapsed_ms: 0 });
    let before_message = fs::metadata(room.journal()).unwrap().len();
    room.write(Change::MessageShown { text: "Please wrap up".into() });
    room.refresh();
    assert!(room.live().room.message.is_some());
    // Cut back (a copy restored from before the message): read again, the message is gone.
    let file = OpenOptions::new().write(true).open(room.journal()).unwrap();
    file.set_len(before_message).unwrap();
    assert!(room.refresh());
    assert_eq!(room.follower.whole_reads(), 2);
    assert_eq!(room.live().room.message, None);
    room.agrees_with_the_record();

    // Replaced by a fresh copy with more in it (a journal rewritten after a failed write).
    let contents = record::read_journal(&room.dir()).unwrap();
    let header = contents.header.clone().unwrap();
    let mut entries = contents.entries.clone();
    entries.push(
        room.stamp.entry(Change::MessageShown { text: "Back at 19:40".into() }, Now::read().wall),
    );
    let fresh = journal::fresh_path(&room.journal());
    journal::write_whole(&fresh, &header, &entries).unwrap();
    fs::rename(&fresh, room.journal()).unwrap();
    assert!(room.refresh());
    assert_eq!(room.live().room.message.as_ref().map(|(t, _)| t.as_str()), Some("Back at 19:40"));
    room.agrees_with_the_record();

    // A journal that goes away: what was shown stays until the record reads again.
    let kept = fs::read(room.journal()).unwrap();
    fs::remove_file(room.journal()).unwrap();
    room.refresh();
    assert!(room.follower.live().is_some());
    fs::write(room.journal(), kept).unwrap();
    room.refresh();
    room.agrees_with_the_record();
}
