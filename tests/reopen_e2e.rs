//! Correcting an event after its end: `convene run --resume RECORD` on an ended record
//! reopens it for corrections. The real binary in a tmux pane: a short evening run to its
//! end, resumed, an item's text and a question's answer corrected, then left.

mod support;

use std::path::{Path, PathBuf};

use support::Pane;

const AGENDA: &str = r#"
title = "Herøya Citizen Lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
location = "Folkets Hus, Porsgrunn"

[[sessions]]
title = "Welcome"
duration = "10m"

[[sessions]]
title = "Questions about the pilot plant"
duration = "30m"
"#;

/// The one record in the data folder.
fn the_record(data: &Path) -> PathBuf {
    let mut found: Vec<PathBuf> = std::fs::read_dir(data.join("records"))
        .expect("a records folder")
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    assert_eq!(found.len(), 1, "{found:?}");
    found.remove(0)
}

/// The minutes from their timetable to the sessions.
fn timetable(minutes: &str) -> &str {
    let start = minutes.find("## Timetable").expect("a timetable");
    let end = minutes.find("## Sessions").expect("the sessions");
    &minutes[start..end]
}

/// The line of the title block that starts with `row`.
fn row<'a>(minutes: &'a str, row: &str) -> &'a str {
    minutes.lines().find(|l| l.starts_with(row)).unwrap_or_else(|| panic!("{row}: {minutes}"))
}

/// The `event` of each line of a journal after its header.
fn events(journal: &Path) -> Vec<String> {
    support::read(journal)
        .lines()
        .skip(1)
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l).expect("a JSON line");
            v["event"].as_str().expect("an event").to_string()
        })
        .collect()
}

#[test]
fn an_ended_event_is_corrected_and_its_minutes_rewritten_with_the_same_times() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = dir.path().join("lab.toml");
    std::fs::write(&agenda, AGENDA).unwrap();

    // The evening: a question, the next session, a concern, E y.
    let pane = Pane::start(dir.path(), &data, &["run", agenda.to_str().unwrap()], 120, 40);
    pane.wait_text("Herøya Citizen Lab");
    pane.keys(&["Space"]);
    pane.wait_text("running");
    pane.keys(&["q"]);
    pane.type_text("Will the dust reach the school?\r");
    pane.wait_text("Saved question 1");
    pane.keys(&["n"]);
    pane.wait_text("Questions about the pilot plant");
    pane.keys(&["c"]);
    pane.type_text("Trucks at night #noise\r");
    pane.wait_text("Saved concern 2");
    pane.keys(&["E"]);
    pane.wait_text("End the event now?");
    pane.keys(&["y"]);
    pane.wait_text("Minutes written");
    pane.keys(&["q"]);
    pane.wait_exit();
    drop(pane);

    let record = the_record(&data);
    let (internal, public) = (record.join("minutes.md"), record.join("minutes.public.md"));
    let before = [support::read(&internal), support::read(&public)];
    let journal = support::journal_of(&record);
    let held = events(&journal);
    assert_eq!(held.last().map(String::as_str), Some("event_ended"));

    // The morning after: resumed for corrections (a pane of its own: its own tmux server).
    let morning = dir.path().join("morning");
    std::fs::create_dir(&morning).unwrap();
    let pane =
        Pane::start(&morning, &data, &["run", "--resume", record.to_str().unwrap()], 120, 40);
    let screen = pane.wait_all(&["Resumed for corrections", "reopened for corrections"]);
    let time = row(&before[0], "| Time | ");
    // "18:00–18:01 (planned …)", or "Tue 23:59–Wed 00:00 (planned …)" over midnight.
    let end = time.split('–').nth(1).and_then(|t| t.split(" (").next()).unwrap_or_default();
    let ended = end.get(end.len().saturating_sub(5)..).unwrap_or_default().to_string();
    assert!(
        screen.contains(&format!("Ended {ended} — reopened for corrections · timers stay as held")),
        "{screen}"
    );
    // A timer key is refused and changes nothing.
    pane.keys(&["Space"]);
    pane.wait_text("Corrections don't change the timers");
    // The question of the first session: its text corrected, then its answer.
    pane.keys(&["p"]);
    pane.wait_text("Will the dust reach the school?");
    pane.keys(&["Down", "e", "C-u"]);
    pane.type_text("Will the dust from the trucks reach the school?\r");
    pane.wait_text("Saved question 1");
    pane.keys(&["A"]);
    pane.type_text("Yes, within 2 km of the road; the municipality measures it\r");
    pane.wait_text("Saved the answer to question 1");
    assert_eq!(&events(&journal)[held.len()..], ["event_reopened", "item_edited", "item_answered"]);
    // Leaving ends the corrections, and says so first.
    pane.keys(&["C-q"]);
    pane.wait_all(&[
        "Leave convene? The corrections end: the event is ended",
        "again and its minutes are written again.",
    ]);
    pane.keys(&["y"]);
    pane.wait_exit();
    let output = pane.output();
    assert!(output.contains(&format!("Minutes written: {}", internal.display())), "{output}");
    assert!(output.contains(&format!("Minutes written: {}", public.display())), "{output}");

    assert_eq!(
        &events(&journal)[held.len()..],
        ["event_reopened", "item_edited", "item_answered", "event_ended"]
    );
    for (file, before) in [(&internal, &before[0]), (&public, &before[1])] {
        let after = support::read(file);
        assert_eq!(timetable(&after), timetable(before), "{}", file.display());
        assert_eq!(row(&after, "| Time | "), row(before, "| Time | "));
        assert!(row(&after, "| Corrected after the event | ").ends_with(" |"), "{after}");
        assert!(!before.contains("Corrected after the event"), "{before}");
        assert!(
            after.contains("Will the dust from the trucks reach the school?"),
            "{}: {after}",
            file.display()
        );
        assert!(!after.contains("Will the dust reach the school?"), "{after}");
        assert!(
            after.contains(
                "  - *Answer:* Yes, within 2 km of the road; the municipality measures it\n"
            ),
            "{after}"
        );
        assert!(after.contains("Trucks at night"), "{after}");
        assert!(!after.contains("Provisional"), "{after}");
    }
}

/// A format-1 record (one journal.jsonl, before devices) is corrected too: the corrections
/// go to this laptop's own journal, which takes the sessions over first; `E` ends them.
#[test]
fn a_format_1_record_is_corrected_in_this_laptops_journal_and_e_ends_the_corrections() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/records/citizen-lab");
    let copy = dir.path().join("lab");
    std::fs::create_dir(&copy).unwrap();
    for file in ["agenda.toml", "journal.jsonl", "minutes.md", "minutes.public.md"] {
        std::fs::copy(golden.join(file), copy.join(file)).unwrap();
    }
    let before = support::read(&copy.join("journal.jsonl"));

    let pane =
        Pane::start(dir.path(), &data, &["run", "--resume", copy.to_str().unwrap()], 120, 40);
    pane.wait_all(&["Resumed for corrections", "Ended 20:54 — reopened for corrections"]);
    pane.keys(&["d"]);
    pane.type_text("The minutes go to the residents' association first\r");
    pane.wait_text("Saved decision 37 in session 9");
    pane.keys(&["E"]);
    pane.wait_text("End the corrections now?");
    pane.keys(&["y"]);
    pane.wait_all(&["The event ended at 20:54. Corrected after it on", "Minutes written"]);
    pane.keys(&["q"]);
    pane.wait_exit();

    assert_eq!(support::read(&copy.join("journal.jsonl")), before, "never rewritten");
    let device = convene::record::device_id(&data).unwrap();
    assert_eq!(
        events(&convene::record::journal_path(&copy, device)),
        ["facilitator_changed", "event_reopened", "item_captured", "event_ended"]
    );
    for file in ["minutes.md", "minutes.public.md"] {
        let (held, after) = (support::read(&golden.join(file)), support::read(&copy.join(file)));
        assert_eq!(timetable(&after), timetable(&held), "{file}");
        assert_eq!(row(&after, "| Time | "), "| Time | 18:02–20:54 (planned 18:00–20:55) |");
        assert!(
            after.contains("The minutes go to the residents' association first"),
            "{file}: {after}"
        );
        assert!(row(&after, "| Corrected after the event | ").ends_with(" |"), "{after}");
    }
}
