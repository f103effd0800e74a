//! The event loop with the record's real writer thread, over simulated disks: one write and
//! one sync per key, "Saving…" until the writer answers, NOT SAVED, leaving while changes are
//! on their way, a disk that hangs, creating the record after the first frame, and inputs
//! from several threads at once.

use std::fs;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;

use chrono::{FixedOffset, TimeZone};
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

use super::*;
use crate::agenda::{Agenda, parse_agenda};
use crate::app::tests::AGENDA;
use crate::event::{Change, DeviceId};
use crate::journal::{Journal, Storage};
use crate::live::Live;
use crate::record::{self, AGENDA_FILE, JOURNAL_FILE, Record};
use crate::writer::{Setup, Start};

/// What a simulated disk was asked to do.
#[derive(Default)]
struct DiskLog {
    bytes: Vec<u8>,
    writes: usize,
    syncs: usize,
}

/// A disk in memory that counts its writes and syncs.
#[derive(Clone, Default)]
struct MemoryDisk(Arc<Mutex<DiskLog>>);

impl MemoryDisk {
    fn log(&self) -> std::sync::MutexGuard<'_, DiskLog> {
        self.0.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn lines(&self) -> usize {
        self.log().bytes.iter().filter(|&&b| b == b'\n').count()
    }
}

impl Storage for MemoryDisk {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut log = self.log();
        log.bytes.extend_from_slice(bytes);
        log.writes += 1;
        Ok(())
    }
    fn sync(&mut self) -> io::Result<()> {
        self.log().syncs += 1;
        Ok(())
    }
}

/// A disk that refuses every write.
struct FullDisk;

impl Storage for FullDisk {
    fn append(&mut self, _: &[u8]) -> io::Result<()> {
        Err(io::Error::other("disk full"))
    }
    fn sync(&mut self) -> io::Result<()> {
        Err(io::Error::other("disk full"))
    }
}

/// A disk whose first write never returns (a dead network folder, a pulled USB stick); it
/// says when the writer has reached it.
struct HungDisk(Sender<()>);

impl Storage for HungDisk {
    fn append(&mut self, _: &[u8]) -> io::Result<()> {
        let _ = self.0.send(());
        loop {
            thread::park();
        }
    }
    fn sync(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn wall() -> chrono::DateTime<FixedOffset> {
    FixedOffset::east_opt(7200)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 5, 12, 18, 0, 0).single())
        .unwrap()
}

fn agenda() -> Agenda {
    parse_agenda(AGENDA).agenda.unwrap()
}

/// What stamps the entries of these tests: the one device of a format-1 record, which runs
/// the sessions of a `Live` made anew.
fn stamp() -> crate::stamp::Stamp {
    crate::stamp::Stamp::new(DeviceId::FORMAT_1, 0, &[])
}

fn setup(rescue_to: &Path) -> Setup {
    fs::create_dir_all(rescue_to).unwrap();
    Setup { agenda: agenda(), agenda_text: AGENDA.into(), rescue_to: vec![rescue_to.to_path_buf()] }
}

/// An event whose record's journal writes to `storage`. The record's folder does not
/// exist, so that a fresh copy after a failed write fails too.
fn event_on(storage: impl Storage + Send + 'static) -> (App, JournalRecorder, tempfile::TempDir) {
    let temp = tempfile::tempdir().unwrap();
    let dir = temp.path().join("record");
    let header = record::header(DeviceId::FORMAT_1, &agenda(), AGENDA, wall());
    let journal = Journal::with_storage(&dir.join(JOURNAL_FILE), Box::new(storage), header);
    let record = Record { dir: dir.clone(), journal, _lock: record::lock(temp.path()).unwrap() };
    let recorder =
        JournalRecorder::new(Start::Open(record), setup(&temp.path().join("rescue")), dir, stamp());
    (App::new(Live::new(agenda())), recorder, temp)
}

/// A new event whose record the writer creates in `data`, in the prepared folder `dir`.
fn new_event(data: &Path, dir: &Path, rescue_to: &Path) -> (App, JournalRecorder) {
    let header = record::header(DeviceId::FORMAT_1, &agenda(), AGENDA, wall());
    let start = Start::Create { data: data.to_path_buf(), dir: dir.to_path_buf(), header };
    let recorder = JournalRecorder::new(start, setup(rescue_to), dir.to_path_buf(), stamp());
    (App::new(Live::new(agenda())), recorder)
}

fn key(code: KeyCode, modifiers: KeyModifiers) -> Input {
    Input::Terminal(Event::Key(KeyEvent::new(code, modifiers)))
}

fn ctrl(c: char) -> Input {
    key(KeyCode::Char(c), KeyModifiers::CONTROL)
}

fn typed(text: &str) -> Vec<Input> {
    text.chars()
        .map(|c| match c {
            '\r' => key(KeyCode::Enter, KeyModifiers::NONE),
            c => key(KeyCode::Char(c), KeyModifiers::NONE),
        })
        .collect()
}

fn appended(ack: &Ack) -> bool {
    matches!(ack, Ack::Appended { .. })
}

/// Feeds the loop from its own thread. The writer's answers reach the loop only through
/// the feeder, so a test decides what the loop sees before and after them.
struct Feeder {
    to_loop: Sender<Input>,
    answers: Receiver<Input>,
    left: Arc<AtomicBool>,
}

impl Feeder {
    fn send(&self, inputs: Vec<Input>) {
        for input in inputs {
            let _ = self.to_loop.send(input);
        }
    }

    /// Passes the writer's answers on to the loop, up to the first that `last` accepts.
    fn pass_answers_until(&self, last: impl Fn(&Ack) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let wait = deadline.saturating_duration_since(Instant::now());
            let Ok(answer) = self.answers.recv_timeout(wait) else {
                panic!("the writer did not answer within 10 s");
            };
            let done = matches!(&answer, Input::Writer(ack) if last(ack));
            let _ = self.to_loop.send(answer);
            if done {
                return;
            }
        }
    }

    /// Ends the input: the loop returns an error, as when the terminal can no longer be read.
    fn end(&self) {
        let _ = self.to_loop.send(Input::Failed(io::Error::other("end of the test's input")));
    }
}

/// Runs the loop on a test screen while `feed` feeds it; once `feed` is done, every further
/// answer of the writer is passed on until the loop has left.
fn run_fed(
    app: &mut App,
    recorder: &mut JournalRecorder,
    feed: impl FnOnce(&Feeder) + Send + 'static,
) -> (io::Result<Left>, Terminal<TestBackend>) {
    let (to_loop, inputs) = mpsc::channel();
    let (answers, from_writer) = mpsc::channel();
    let left = Arc::new(AtomicBool::new(false));
    let feeder = Feeder { to_loop, answers: from_writer, left: Arc::clone(&left) };
    let feeding = thread::spawn(move || {
        feed(&feeder);
        while !feeder.left.load(Ordering::SeqCst) {
            if let Ok(answer) = feeder.answers.recv_timeout(Duration::from_millis(10)) {
                let _ = feeder.to_loop.send(answer);
            }
        }
    });
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    let result = run_with(app, recorder, &mut terminal, &inputs, &answers, false);
    left.store(true, Ordering::SeqCst);
    feeding.join().unwrap();
    (result, terminal)
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let width = usize::from(buffer.area.width);
    let symbols: Vec<&str> = buffer.content.iter().map(|cell| cell.symbol()).collect();
    symbols.chunks(width).map(|row| row.concat()).collect::<Vec<_>>().join("\n")
}

#[test]
fn a_capture_says_saving_until_the_writer_answers_then_saved() {
    let disk = MemoryDisk::default();
    let (mut app, mut recorder, _temp) = event_on(disk.clone());
    let (end, _) = run_fed(&mut app, &mut recorder, |feed| {
        feed.send(typed("qWill the dust reach the school?\r"));
        feed.pass_answers_until(appended);
        feed.end();
    });
    assert!(end.is_err(), "the input ended without leaving");
    assert_eq!(app.flash.as_deref(), Some("Saved question 1"));
    assert_eq!((app.unsaved, recorder.pending()), (0, 0));
    assert_eq!(disk.lines(), 1);
}

#[test]
fn each_key_is_one_write_and_one_sync_however_many_changes_it_makes() {
    let disk = MemoryDisk::default();
    let (mut app, mut recorder, _temp) = event_on(disk.clone());
    let (left, _) = run_fed(&mut app, &mut recorder, |feed| {
        feed.send(typed(" "));
        feed.pass_answers_until(appended);
        // `n` ends the running session, selects the next and starts it: three changes, one
        // batch.
        feed.send(typed("n"));
        feed.pass_answers_until(appended);
        feed.send(typed("qWho pays for the road?\r"));
        feed.pass_answers_until(appended);
        feed.send(vec![ctrl('q')]);
        feed.send(typed("y"));
    });
    assert_eq!(left.unwrap().lost, 0);
    let log = disk.log();
    assert_eq!((log.writes, log.syncs), (3, 3));
    let lines = String::from_utf8_lossy(&log.bytes).lines().map(str::to_string).collect::<Vec<_>>();
    assert_eq!(lines.len(), 5, "{lines:#?}");
    let events = ["session_started", "session_ended", "session_selected", "session_started"];
    for (line, event) in lines.iter().zip(events) {
        assert!(line.contains(&format!("\"event\":\"{event}\"")), "{line}");
    }
}

#[test]
fn a_capture_the_disk_refused_says_not_saved() {
    let (mut app, mut recorder, temp) = event_on(FullDisk);
    let (end, _) = run_fed(&mut app, &mut recorder, |feed| {
        feed.send(typed("qWill the dust reach the school?\r"));
        feed.pass_answers_until(appended);
        feed.end();
    });
    assert!(end.is_err(), "the input ended without leaving");
    assert_eq!(app.flash.as_deref(), Some("NOT SAVED — kept in memory: question 1"));
    assert_eq!(app.unsaved, 1);
    let journal = temp.path().join("record").join(JOURNAL_FILE);
    let trouble = format!("NOT SAVED (disk full): cannot write {}", journal.display());
    assert_eq!(app.trouble.as_deref(), Some(trouble.as_str()));
}

#[test]
fn leaving_with_unsaved_changes_writes_them_elsewhere_on_w() {
    let (mut app, mut recorder, temp) = event_on(FullDisk);
    let (left, _) = run_fed(&mut app, &mut recorder, |feed| {
        feed.send(typed("qTrucks at night\r"));
        feed.pass_answers_until(appended);
        feed.send(typed("cDust\r"));
        feed.pass_answers_until(appended);
        feed.send(vec![ctrl('q')]);
        feed.send(typed("w"));
        feed.pass_answers_until(|ack| matches!(ack, Ack::Rescued(_)));
    });
    let left = left.unwrap();
    let copy = temp.path().join("rescue/convene-unsaved-record");
    assert_eq!(left.rescued.as_deref(), Some(copy.as_path()));
    assert_eq!(left.lost, 0);
    // A whole record: the agenda as run and every change.
    assert_eq!(fs::read_to_string(copy.join(AGENDA_FILE)).unwrap(), AGENDA);
    let contents = crate::journal::parse(&fs::read(copy.join(JOURNAL_FILE)).unwrap());
    let texts: Vec<String> = contents
        .entries
        .iter()
        .filter_map(|e| match &e.change {
            Change::ItemCaptured { fields, .. } => Some(fields.text.clone()),
            _ => None,
        })
        .collect();
    assert_eq!(texts, ["Trucks at night", "Dust"]);
}

#[test]
fn leaving_while_a_write_fails_asks_what_to_do_with_it() {
    let (mut app, mut recorder, _temp) = event_on(FullDisk);
    let (left, _) = run_fed(&mut app, &mut recorder, |feed| {
        // Ctrl-q comes while the capture is on its way: leaving waits for its answer.
        feed.send(typed("qTrucks at night\r"));
        feed.send(vec![ctrl('q')]);
        feed.pass_answers_until(appended);
        // It was not saved: leaving asks, and `n` stays.
        feed.send(typed("ncDust on the school yard\r"));
        feed.pass_answers_until(appended);
        feed.send(vec![ctrl('q')]);
        feed.send(typed("y"));
    });
    assert_eq!(left.unwrap().lost, 2);
    assert_eq!(app.live.items.len(), 2);
}

#[test]
fn every_queued_input_of_a_burst_is_handled_before_the_next_wait() {
    // 2,000 captures sent in 100 bursts, each burst queued before the loop reads it.
    let disk = MemoryDisk::default();
    let (mut app, mut recorder, _temp) = event_on(disk.clone());
    let (left, _) = run_fed(&mut app, &mut recorder, |feed| {
        for burst in 0..100 {
            let mut inputs = Vec::new();
            for n in 0..20 {
                inputs.extend(typed(&format!("qburst {burst} item {n} from the back row\r")));
            }
            feed.send(inputs);
        }
        // Leaving waits for the last batches.
        feed.send(vec![ctrl('q')]);
    });
    assert_eq!(left.unwrap().lost, 0);
    assert_eq!(app.live.items.len(), 2000);
    assert_eq!(app.live.items[1999].fields.text, "burst 99 item 19 from the back row");
    assert_eq!(disk.lines(), 2000);
    let log = disk.log();
    assert_eq!(log.writes, log.syncs);
}

#[test]
fn inputs_from_two_threads_at_once_are_all_handled() {
    // Two sources feed the one channel at the same time, the writer's answers a third:
    // every `+` is applied and journaled, none lost or doubled.
    let disk = MemoryDisk::default();
    let (mut app, mut recorder, _temp) = event_on(disk.clone());
    let (left, _) = run_fed(&mut app, &mut recorder, |feed| {
        let sources: Vec<_> = (0..2)
            .map(|_| {
                let to_loop = feed.to_loop.clone();
                thread::spawn(move || {
                    for _ in 0..300 {
                        let _ = to_loop.send(key(KeyCode::Char('+'), KeyModifiers::NONE));
                    }
                })
            })
            .collect();
        for source in sources {
            source.join().unwrap();
        }
        feed.send(vec![ctrl('q')]);
    });
    assert_eq!(left.unwrap().lost, 0);
    assert_eq!(app.live.sessions[0].timebox, Duration::from_secs((10 + 600) * 60));
    assert_eq!(disk.lines(), 600);
}

#[test]
fn a_hung_disk_holds_neither_the_screen_nor_a_signal() {
    let (entered, reached) = mpsc::channel();
    let (mut app, mut recorder, _temp) = event_on(HungDisk(entered));
    let (left, terminal) = run_fed(&mut app, &mut recorder, move |feed| {
        feed.send(typed("qIs the water safe?\r"));
        reached.recv_timeout(Duration::from_secs(10)).expect("the writer reached the disk");
        // What the signal watcher takes before it restores the terminal is free while the
        // write hangs (it used to be held across every journal write).
        let deadline = Instant::now() + Duration::from_secs(1);
        while BUSY.try_lock().is_err() {
            assert!(Instant::now() < deadline, "BUSY is held while the disk hangs");
            thread::sleep(Duration::from_millis(1));
        }
        // After a second the header says the disk does not answer.
        thread::sleep(SLOW_DISK + Duration::from_millis(500));
        feed.send(vec![Input::Signal(15)]);
    });
    let left = left.unwrap();
    assert_eq!((left.signal, left.lost), (Some(15), 1));
    assert_eq!(app.flash.as_deref(), Some("Saving question 1…"));
    let screen = screen(&terminal);
    assert!(
        screen.contains("SAVING… the record's disk has not answered for"),
        "the header says nothing of the hung disk:\n{screen}"
    );
}

#[test]
fn leaving_waits_a_while_for_a_hung_disk_then_asks() {
    let (entered, reached) = mpsc::channel();
    let (mut app, mut recorder, _temp) = event_on(HungDisk(entered));
    let (left, _) = run_fed(&mut app, &mut recorder, move |feed| {
        feed.send(typed("qIs the water safe?\r"));
        reached.recv_timeout(Duration::from_secs(10)).expect("the writer reached the disk");
        let asked = Instant::now();
        feed.send(vec![ctrl('q')]);
        // Keys do nothing while leaving waits; once it stops waiting it asks, and `y` leaves.
        while !feed.left.load(Ordering::SeqCst) {
            assert!(asked.elapsed() < Duration::from_secs(5), "leaving did not stop waiting");
            feed.send(typed("y"));
            thread::sleep(Duration::from_millis(20));
        }
        assert!(asked.elapsed() >= LEAVE_WAIT, "left before waiting for the disk");
    });
    let left = left.unwrap();
    assert_eq!((left.signal, left.lost, left.rescued), (None, 1, None));
}

#[test]
fn a_new_record_is_created_by_the_writer_after_the_first_frame() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    let dir = record::prepare(&data, &agenda()).unwrap();
    // Before the screen: an empty folder, nothing written, nothing synced.
    assert_eq!(fs::read_dir(&dir).unwrap().count(), 0);
    let (mut app, mut recorder) = new_event(&data, &dir, &temp.path().join("rescue"));
    // A change made before the record exists waits for it.
    let timebox = Change::SessionExtended { session: 0, timebox_s: 660 };
    let early = recorder.record(timebox, Now::read());
    app.live.apply(&early, Now::read()).unwrap();
    recorder.flush();
    let (left, _) = run_fed(&mut app, &mut recorder, |feed| {
        feed.pass_answers_until(|ack| matches!(ack, Ack::Created(_)));
        feed.pass_answers_until(appended);
        feed.send(typed("qWho measures the dust?\r"));
        feed.pass_answers_until(appended);
        feed.send(vec![ctrl('q')]);
    });
    assert_eq!(left.unwrap().lost, 0);
    assert_eq!(fs::read_to_string(dir.join(AGENDA_FILE)).unwrap(), AGENDA);
    let contents = record::read_journal(&dir).unwrap();
    assert_eq!(contents.header.map(|h| h.agenda_sha256), Some(record::agenda_hash(AGENDA)));
    assert_eq!(contents.entries.len(), 2);
    assert_eq!(contents.entries[0], early);
    assert!(contents.problems.is_empty(), "{:?}", contents.problems);
}

#[test]
fn a_record_that_cannot_be_created_says_not_saved_and_is_tried_again() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    // The prepared folder is gone by the time the writer creates the record.
    let gone = data.join("records/gone");
    let (mut app, mut recorder) = new_event(&data, &gone, &temp.path().join("rescue"));
    let (left, _) = run_fed(&mut app, &mut recorder, |feed| {
        feed.pass_answers_until(|ack| matches!(ack, Ack::Created(Err(_))));
        feed.send(typed("qWho measures the dust?\r"));
        feed.pass_answers_until(appended);
        feed.end();
    });
    assert!(left.is_err());
    // The next batch made the record in a fresh folder and wrote what waited.
    let made = record::records_dir(&data).join("2026-05-12-test-lab");
    assert_eq!(recorder.dir(), made.as_path());
    assert_eq!((app.trouble.as_deref(), app.unsaved), (None, 0));
    assert_eq!(app.flash.as_deref(), Some("Saved question 1"));
    assert_eq!(record::read_journal(&made).unwrap().entries.len(), 1);
}

#[test]
fn when_no_record_can_be_made_w_still_writes_every_change_elsewhere() {
    let temp = tempfile::tempdir().unwrap();
    // The data folder is a file: no record can ever be made in it.
    let data = temp.path().join("data");
    fs::write(&data, "not a folder").unwrap();
    let dir = data.join("records/2026-05-12-test-lab");
    let (mut app, mut recorder) = new_event(&data, &dir, &temp.path().join("rescue"));
    let (left, _) = run_fed(&mut app, &mut recorder, |feed| {
        feed.pass_answers_until(|ack| matches!(ack, Ack::Created(Err(_))));
        feed.send(typed("qWho measures the dust?\r"));
        feed.pass_answers_until(appended);
        feed.send(vec![ctrl('q')]);
        feed.send(typed("w"));
        feed.pass_answers_until(|ack| matches!(ack, Ack::Rescued(_)));
    });
    let copy = temp.path().join("rescue/convene-unsaved-2026-05-12-test-lab");
    assert_eq!(left.unwrap().rescued.as_deref(), Some(copy.as_path()));
    let contents = record::read_journal(&copy).unwrap();
    assert_eq!(contents.header.map(|h| h.title), Some("Test lab".to_string()));
    assert_eq!(contents.entries.len(), 1);
    assert!(app.trouble.as_deref().is_some_and(|t| t.starts_with("NOT SAVED (Not a directory")));
}

#[test]
fn ending_the_event_writes_the_minutes_on_the_writer_thread() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    let dir = record::prepare(&data, &agenda()).unwrap();
    let (mut app, mut recorder) = new_event(&data, &dir, &temp.path().join("rescue"));
    let (left, _) = run_fed(&mut app, &mut recorder, |feed| {
        feed.pass_answers_until(|ack| matches!(ack, Ack::Created(_)));
        feed.send(typed("qWho measures the dust?\rEy"));
        feed.pass_answers_until(|ack| matches!(ack, Ack::Minutes(_)));
        feed.send(typed("q"));
    });
    assert!(left.unwrap().ended);
    let written = [dir.join("minutes.md"), dir.join("minutes.public.md")];
    assert_eq!(app.minutes, written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>());
    assert!(fs::read_to_string(&written[0]).unwrap().contains("Who measures the dust?"));
}

#[test]
fn leaving_after_corrections_ends_them_and_waits_for_the_minutes() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    let dir = record::prepare(&data, &agenda()).unwrap();
    let (mut app, mut recorder) = new_event(&data, &dir, &temp.path().join("rescue"));
    let (left, _) = run_fed(&mut app, &mut recorder, |feed| {
        feed.pass_answers_until(|ack| matches!(ack, Ack::Created(_)));
        feed.send(typed(" qWho measures the dust?\rEy"));
        feed.pass_answers_until(|ack| matches!(ack, Ack::Minutes(_)));
        feed.send(typed("q"));
    });
    assert!(left.unwrap().ended);
    assert!(recorder.close(Duration::from_secs(5)), "the record closes");
    let timetable = |minutes: &str| {
        let start = minutes.find("## Timetable").unwrap();
        minutes[start..minutes.find("## Sessions").unwrap()].to_string()
    };
    let before = timetable(&fs::read_to_string(dir.join("minutes.md")).unwrap());

    // Resumed for corrections: one capture, then Ctrl-q and y.
    let (record, contents, stamp) = record::reopen(&dir, DeviceId::FORMAT_1, AGENDA).unwrap();
    let mut live = Live::new(agenda());
    assert!(live.replay(contents.entries, &contents.lines, Now::read()).is_empty());
    let mut app = App::new(live);
    let setup = setup(&temp.path().join("rescue"));
    let mut recorder = JournalRecorder::new(Start::Open(record), setup, dir.clone(), stamp);
    let (left, _) = run_fed(&mut app, &mut recorder, |feed| {
        feed.send(typed("cTrucks at night\r"));
        feed.pass_answers_until(appended);
        feed.send(vec![ctrl('q')]);
        feed.send(typed("y"));
    });
    let left = left.unwrap();
    let written = [dir.join("minutes.md"), dir.join("minutes.public.md")];
    assert!(left.ended);
    assert_eq!(left.minutes, written.iter().map(|p| p.display().to_string()).collect::<Vec<_>>());
    let minutes = fs::read_to_string(&written[0]).unwrap();
    assert!(minutes.contains("Trucks at night"), "{minutes}");
    assert!(minutes.contains("| Corrected after the event | "), "{minutes}");
    assert_eq!(timetable(&minutes), before);
    let events: Vec<String> = record::read_journal(&dir)
        .unwrap()
        .entries
        .iter()
        .map(|e| format!("{:?}", e.change).split([' ', '{']).next().unwrap_or_default().to_string())
        .collect();
    assert_eq!(
        events[events.len() - 4..],
        ["EventEnded", "EventReopened", "ItemCaptured", "EventEnded"]
    );
}

#[test]
fn the_loop_wakes_for_the_speakers_second_as_well_as_the_sessions() {
    use crate::app::Key;
    let mut h = crate::app::tests::Harness::new();
    h.key(Key::Char(' '));
    h.now = h.now.plus(Duration::from_millis(300));
    h.key(Key::Char('s'));
    h.key(Key::Char('a'));
    h.key(Key::Char('x'));
    h.key(Key::Enter);
    h.key(Key::Char('S'));
    // The turn started 0.3 s into the session. At 1.1 s the session's next second is 0.9 s
    // away, the speaker's 0.2 s; at 1.5 s the session's is 0.5 s away, the speaker's 0.8 s.
    h.now = h.now.plus(Duration::from_millis(800));
    assert_eq!(sleep_budget(&h.app, h.now), Duration::from_millis(200) + MARGIN);
    h.now = h.now.plus(Duration::from_millis(400));
    assert_eq!(sleep_budget(&h.app, h.now), Duration::from_millis(500) + MARGIN);
}
