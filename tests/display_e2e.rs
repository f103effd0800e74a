//! The room display as a facilitator meets it: `convene run` in one tmux server, `convene
//! display` in another (the projector's terminal), both the real binary on one data folder.

mod support;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::event::{Change, DeviceId};
use convene::record;
use convene::tui::view::digits;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use support::Pane;

/// A glyph of the countdown at its smallest size, as rows of '█' and ' '.
fn glyph(c: char) -> Vec<String> {
    let mut buf = Buffer::empty(Rect::new(0, 0, 4, 5));
    digits::render(&c.to_string(), buf.area, digits::Size { x: 1, y: 1 }, Style::new(), &mut buf);
    (0..5)
        .map(|y| (0..4).map(|x| if buf[(x, y)].symbol() == "█" { '█' } else { ' ' }).collect())
        .collect()
}

/// The countdown a pane `width` columns wide shows in digits of the smallest size ("09:58",
/// "+00:12"), read back from the glyphs; None while it shows none.
fn countdown(screen: &str, width: usize) -> Option<String> {
    let rows: Vec<Vec<char>> = screen
        .lines()
        .filter(|l| l.contains('█'))
        .map(|l| {
            let mut row: Vec<char> = l.chars().collect();
            row.resize(width, ' ');
            row
        })
        .collect();
    if rows.len() != 5 {
        return None;
    }
    let glyphs: Vec<(char, Vec<String>)> = "0123456789:+".chars().map(|c| (c, glyph(c))).collect();
    // The digits are centred: each possible length puts its first glyph at its own column.
    'length: for length in [5usize, 6, 7] {
        let x0 = (width.checked_sub(5 * length - 1)?) / 2;
        let mut text = String::new();
        for i in 0..length {
            let at = x0 + 5 * i;
            let shown: Vec<String> = rows.iter().map(|r| r[at..at + 4].iter().collect()).collect();
            match glyphs.iter().find(|(_, g)| *g == shown) {
                Some((c, _)) => text.push(*c),
                None => continue 'length,
            }
        }
        return Some(text);
    }
    None
}

fn seconds(countdown: &str) -> i64 {
    let (m, s) = countdown.trim_start_matches('+').split_once(':').unwrap_or(("0", "0"));
    m.parse::<i64>().unwrap_or(0) * 60 + s.parse::<i64>().unwrap_or(0)
}

/// The display left with status 0 and restored the terminal. tmux reads the exit status
/// when it reaps the process, which it sometimes leaves for later: it is checked when read.
fn left_cleanly(display: &Pane) {
    assert_eq!(display.format("#{alternate_on}"), "0", "the alternate screen is still on");
    let reaped = Instant::now();
    while display.format("#{pane_dead_status}").is_empty()
        && reaped.elapsed() < Duration::from_secs(2)
    {
        std::thread::sleep(Duration::from_millis(10));
    }
    let status = display.format("#{pane_dead_status}");
    assert!(status == "0" || status.is_empty(), "exit status {status}");
}

/// Waits at most `limit` for the display to show what `ready` wants.
fn within(display: &Pane, what: &str, limit: Duration, ready: impl Fn(&str) -> bool) -> String {
    display.wait_for(what, limit, ready)
}

#[test]
fn keys_on_the_facilitators_screen_appear_on_the_room_display() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let (room, desk) = (dir.path().join("room"), dir.path().join("desk"));
    std::fs::create_dir_all(&room).unwrap();
    std::fs::create_dir_all(&desk).unwrap();

    // The projector's terminal first: nothing is running yet, and it says so.
    let display = Pane::start(&room, &data, &["display"], 40, 12);
    display.wait_text("waiting for convene run to open a");

    // The facilitator starts the demo event; the display finds its record by itself.
    let facilitator = Pane::start(&desk, &data, &[], 120, 40);
    facilitator.wait_all(&["Welcome and ground rules", "not started"]);
    display.wait_text("Porsgrunn Citizen Lab 2026");

    // Space: the countdown runs on the display within a second, and ticks.
    facilitator.keys(&["Space"]);
    facilitator.wait_text("running · ");
    let started = Instant::now();
    let screen = within(&display, "the running countdown", Duration::from_secs(1), |s| {
        s.contains("on time") && countdown(s, 40).is_some_and(|c| seconds(&c) <= 600)
    });
    println!("shown {} ms after the facilitator's screen", started.elapsed().as_millis());
    assert!(screen.contains("Welcome and ground rules"), "{screen}");
    assert!(screen.contains("Next: Rare earths"), "{screen}");
    let first = countdown(&screen, 40).unwrap();
    within(&display, "the countdown to tick", Duration::from_secs(3), |s| {
        countdown(s, 40).is_some_and(|c| c != first)
    });

    // +: the new timebox within a second (10 minutes became 11).
    facilitator.keys(&["+"]);
    facilitator.wait_text("left of 11m");
    let screen = within(&display, "the new timebox", Duration::from_secs(1), |s| {
        countdown(s, 40).is_some_and(|c| seconds(&c) > 600)
    });
    let shown = countdown(&screen, 40).unwrap();
    assert!(shown.starts_with("10:5"), "{shown}\n{screen}");

    // n: the next session, counting down from its own timebox.
    facilitator.keys(&["n"]);
    facilitator.wait_text("Session 2/9");
    within(&display, "the next session", Duration::from_secs(1), |s| {
        s.contains("Rare earths in everyday life") && s.contains("on time")
    });

    // q leaves the display; the facilitator's screen goes on.
    display.keys(&["q"]);
    display.wait_exit();
    left_cleanly(&display);
    assert!(!facilitator.exited());
}

/// Every file under `dir` with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut found = BTreeMap::new();
    let mut folders = vec![dir.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).unwrap().flatten() {
            let path = entry.path();
            if path.is_dir() {
                folders.push(path);
            } else {
                found.insert(path.clone(), std::fs::read(&path).unwrap());
            }
        }
    }
    found
}

#[test]
fn a_named_record_is_followed_without_a_lock_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
    let now = chrono::Local::now().fixed_offset();
    let facilitator = DeviceId::new(0xfac);
    let (mut record, mut stamp) =
        record::create(&data, facilitator, &agenda, DEMO_AGENDA, now).unwrap();
    let folder = record.dir.clone();
    let name = folder.file_name().unwrap().to_string_lossy().into_owned();
    record
        .journal
        .append(stamp.entry(Change::SessionStarted { session: 0, elapsed_ms: 0 }, now))
        .unwrap();
    // The facilitator's convene stops; the display is started on the record by its name.
    drop(record);
    let before = files(&data);
    let room = dir.path().join("room");
    std::fs::create_dir_all(&room).unwrap();
    let display = Pane::start(&room, &data, &["display", &name], 60, 16);
    display.wait_all(&["Welcome and ground rules", "on time"]);
    assert_eq!(files(&data), before, "the display wrote nothing");
    // It holds no lock: the facilitator's convene resumes the record while it runs.
    let mut reopened = record::reopen_with(&folder, facilitator, DEMO_AGENDA, &agenda).unwrap();
    let at = chrono::Local::now().fixed_offset();
    let shown = Change::MessageShown { text: "Coffee until 19:40".into() };
    reopened.record.journal.append(reopened.stamp.entry(shown, at)).unwrap();
    display.wait_text("Coffee until 19:40");
    reopened
        .record
        .journal
        .append(reopened.stamp.entry(Change::DisplayBlackout { on: true }, at))
        .unwrap();
    display.wait_for("the blackout", Duration::from_secs(5), |s| s.trim().is_empty());
    display.keys(&["C-c"]);
    display.wait_exit();
    left_cleanly(&display);
}

#[test]
fn without_a_terminal_the_display_says_so_in_one_line() {
    let data = tempfile::tempdir().unwrap();
    let run = support::convene(data.path(), &["display"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stderr,
        "error: the room display needs a terminal; run `convene display` in the terminal shown on the projector\n"
    );
    assert!(run.stdout.is_empty());
    assert!(!data.path().join("records").exists(), "nothing was written");
}
