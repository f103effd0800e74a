//! Catching up in the real binary: the demo citizen lab 15 minutes behind (the questions to
//! the plant team ran 50 of their 35 minutes), resumed in a tmux pane, brought back to `end`
//! by one accepted proposal (`C`, `Enter`). The journal holds the timebox changes and the
//! marker; the internal minutes and their JSON say so.

mod support;

use std::ffi::OsStr;

use chrono::{Duration, DurationRound, FixedOffset};
use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::journal::Change;
use convene::record;
use serde_json::Value;
use support::{Pane, convene, journal_of, read};

#[test]
fn an_evening_running_15_minutes_late_is_brought_back_to_end_by_one_accepted_proposal() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    // On another day than the agenda's, the plan is measured from the first start: the
    // test runs at any hour. The first start is a whole minute, so every time is one.
    let text = DEMO_AGENDA.replacen("date = 2026-05-12", "date = 2001-05-12", 1);
    let agenda = parse_agenda(&text).agenda.expect("a valid agenda");
    let now = chrono::Local::now().fixed_offset();
    let start = (now - Duration::minutes(110)).duration_trunc(Duration::minutes(1)).unwrap();
    let at = |minutes: i64| start + Duration::minutes(minutes);
    let device = record::device_id(&data).expect("a device id");
    let (mut record, mut stamp) =
        record::create(&data, device, &agenda, &text, start).expect("a new record");
    let mut changes = vec![(Change::SessionStarted { session: 0, elapsed_ms: 0 }, at(0))];
    // Held 10, 20, 25 and 50 minutes: the coffee (fixed at 19:30, 105 minutes in) began
    // 15 minutes late and has run 5 minutes.
    let mut minute = 0;
    for (session, held) in [(0, 10), (1, 20), (2, 25), (3, 50)] {
        minute += held;
        changes
            .push((Change::SessionEnded { session, elapsed_ms: held as u64 * 60_000 }, at(minute)));
        changes.push((Change::SessionSelected { session: session + 1 }, at(minute)));
        changes.push((Change::SessionStarted { session: session + 1, elapsed_ms: 0 }, at(minute)));
    }
    for (change, when) in changes {
        record.journal.append(stamp.entry(change, when)).expect("a durable entry");
    }
    let folder = record.dir.clone();
    drop(record);

    let pane =
        Pane::start(dir.path(), &data, &["run", "--resume", folder.to_str().unwrap()], 120, 40);
    // A time on another day than the start carries its weekday, as the header writes it.
    let end = |minutes: i64| {
        let t = at(minutes);
        let format = if t.date_naive() == start.date_naive() { "%H:%M" } else { "%a %H:%M" };
        t.format(format).to_string()
    };
    let screen = pane.wait_text("10 min past end");
    assert!(screen.contains("15 min behind — projected end"), "{screen}");
    pane.keys(&["C"]);
    let screen = pane.wait_text("3 sessions trimmed by 10 min · back to `end`");
    for row in ["40m → 34m       −6m", "15m → 13m       −2m", "10m → 8m        −2m"] {
        assert!(screen.contains(row), "{row}: {screen}");
    }
    // Its fixed 19:30 moves with the plan on another day: 90 minutes after the first start.
    assert!(screen.contains(&format!("break, at {}", end(90))), "{screen}");
    pane.keys(&["Enter"]);
    let saved =
        format!("Saved catch-up: 3 sessions trimmed by 10 min · projected end {}", end(180));
    let screen = pane.wait_text(&saved);
    assert!(screen.contains(&format!("5 min behind — projected end {}", end(180))), "{screen}");
    assert!(!screen.contains("past end"), "{screen}");
    pane.keys(&["C-q"]);
    pane.wait_text("Leave convene?");
    pane.keys(&["y"]);
    pane.wait_exit();

    // The journal: one timebox change per session trimmed, then the marker, from this laptop.
    let lines: Vec<Value> = read(&journal_of(&folder))
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line).ok())
        .filter(|line| line.get("event").is_some())
        .collect();
    let last: Vec<Value> = lines[lines.len() - 4..]
        .iter()
        .map(|line| {
            let mut line = line.clone();
            for key in ["v", "device", "seq", "clock", "at", "crc"] {
                line.as_object_mut().unwrap().remove(key);
            }
            line
        })
        .collect();
    let projected_end = at(180).naive_local().format("%Y-%m-%dT%H:%M:%S").to_string();
    assert_eq!(
        last,
        [
            serde_json::json!({ "event": "session_extended", "session": 5, "timebox_s": 2040 }),
            serde_json::json!({ "event": "session_extended", "session": 6, "timebox_s": 780 }),
            serde_json::json!({ "event": "session_extended", "session": 7, "timebox_s": 480 }),
            serde_json::json!({
                "event": "catch_up_accepted",
                "sessions": 3,
                "trimmed_s": 600,
                "projected_end": projected_end,
            }),
        ]
    );

    // The minutes: the marker in the internal JSON, its line under the internal timetable,
    // the timeboxes changed in every session's facts, nothing of it in public.
    let out = convene(&data, &[OsStr::new("minutes"), folder.as_os_str(), OsStr::new("--json")]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let model: Value = serde_json::from_str(&out.stdout).expect("JSON");
    assert_eq!(model["catch_ups"][0]["projected_end"], Value::from(projected_end.clone()));
    assert_eq!(model["catch_ups"][0]["trimmed_s"], 600);
    let out = convene(&data, &[OsStr::new("minutes"), folder.as_os_str()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let internal = read(&folder.join("minutes.md"));
    let offset: &FixedOffset = now.offset();
    let accepted = chrono::DateTime::parse_from_rfc3339(
        model["catch_ups"][0]["at"].as_str().expect("the time it was accepted"),
    )
    .expect("RFC 3339")
    .with_timezone(offset);
    let several_days = model["event"]["several_days"] == Value::Bool(true);
    let clock = |t: chrono::NaiveDateTime| {
        if several_days { t.format("%a %H:%M").to_string() } else { t.format("%H:%M").to_string() }
    };
    let projected = at(180).naive_local();
    let projected = if projected.date() == accepted.date_naive() {
        clock(projected)
    } else {
        projected.format("%a %H:%M").to_string()
    };
    let line = format!(
        "*Catch-up accepted at {}: 3 sessions trimmed by 10 min; projected end {projected}.*",
        clock(accepted.naive_local()),
    );
    assert!(internal.contains(&line), "{line}\n{internal}");
    assert!(internal.contains("timebox changed from 40m to 34m"), "{internal}");
    let public = read(&folder.join("minutes.public.md"));
    assert!(!public.contains("Catch-up"), "{public}");
    assert!(public.contains("timebox changed from 40m to 34m"), "{public}");
}
