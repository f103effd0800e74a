//! Attendance as a note-taker enters it: the real binary in tmux, counts typed on the
//! attendance overlay while a session runs and after the end, read back from the journal.

mod support;

use std::path::Path;

use support::{Pane, journal_of};

const AGENDA: &str = r#"
title = "Herøya Citizen Lab 2026"
kind = "lab"
date = 2026-05-12
start = "18:00"
organisations = ["Porsgrunn municipality", "Yara Porsgrunn"]

[[groups]]
id = "residents"
name = "Local residents"

[[groups]]
id = "workers"
name = "Plant workers"

[[sessions]]
title = "Welcome and ground rules"
duration = "10m"

[[sessions]]
title = "Questions to the operator"
duration = "40m"
"#;

/// The attendance lines of the record's journal, as (event, what, present).
fn attendance_lines(data: &Path) -> Vec<(String, String, String)> {
    let text = support::read(&journal_of(&support::only_record(data)));
    text.lines()
        .skip(1)
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a JSON line"))
        .filter_map(|line| {
            let event = line["event"].as_str()?.to_string();
            let what = match event.as_str() {
                "attendance_counted" => line["group"].as_str()?.to_string(),
                "organisation_attended" => line["organisation"].as_str()?.to_string(),
                _ => return None,
            };
            Some((event, what, line["present"].to_string()))
        })
        .collect()
}

fn line(event: &str, what: &str, present: &str) -> (String, String, String) {
    (event.to_string(), what.to_string(), present.to_string())
}

#[test]
fn counts_and_organisations_typed_on_the_overlay_are_journaled_once_each() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = dir.path().join("lab.toml");
    std::fs::write(&agenda, AGENDA).unwrap();
    let agenda = agenda.to_str().unwrap();
    let pane = Pane::start(dir.path(), &data, &["run", agenda], 120, 40);
    pane.wait_text("Herøya Citizen Lab 2026");
    pane.keys(&["Space"]);
    pane.wait_text("running ·");

    // While the session runs: a count in digits, one by +, an explicit 0 saved by closing.
    pane.keys(&["T"]);
    pane.wait_text("Present per stakeholder group");
    pane.type_text("17");
    pane.wait_text("17▏");
    pane.keys(&["Enter"]);
    pane.wait_text("Saved 17 present: Local residents");
    pane.keys(&["j", "+", "+", "+", "j"]);
    pane.wait_text("Saved 3 present: Plant workers");
    pane.type_text("0");
    pane.keys(&["Escape"]);
    pane.wait_all(&["Saved 0 present: no group", "· 20 present"]);
    assert!(pane.screen().contains("running ·"), "the timer keeps running");

    // Organisations: one of the agenda's with space, another typed with o.
    pane.keys(&["T"]);
    pane.wait_text("Organisations represented");
    pane.keys(&["j", "j", "j", "Space"]);
    pane.wait_text("Saved Porsgrunn municipality as represented");
    pane.keys(&["o"]);
    pane.wait_text("organisation ▸");
    pane.type_text("Bellona");
    pane.keys(&["Enter"]);
    pane.wait_all(&["Saved Bellona as represented", "[✓] Bellona (added)"]);
    pane.keys(&["Escape"]);
    // The next key only once the Escape is taken: together they would arrive as Alt-E.
    pane.wait_for("the overlay closed", std::time::Duration::from_secs(10), |s| {
        !s.contains("Organisations represented")
    });

    // After the end the overlay still takes a count (and writes the minutes again).
    pane.keys(&["E"]);
    pane.wait_text("End the event now?");
    pane.keys(&["y"]);
    pane.wait_text("Minutes written:");
    pane.keys(&["T"]);
    pane.wait_text("Present per stakeholder group");
    pane.type_text("18");
    pane.keys(&["Enter"]);
    pane.wait_all(&["Saved 18 present: Local residents", "· 21 present"]);
    pane.keys(&["Escape"]);
    pane.wait_text("Minutes written:");
    pane.keys(&["q"]);
    pane.wait_exit();

    assert_eq!(
        attendance_lines(&data),
        [
            line("attendance_counted", "residents", "17"),
            line("attendance_counted", "workers", "3"),
            line("attendance_counted", "", "0"),
            line("organisation_attended", "Porsgrunn municipality", "true"),
            line("organisation_attended", "Bellona", "true"),
            line("attendance_counted", "residents", "18"),
        ]
    );
    let journal = support::read(&journal_of(&support::only_record(&data)));
    let ended = journal.find("\"event_ended\"").expect("the event ended");
    assert!(journal.rfind("\"present\":18").is_some_and(|at| at > ended), "{journal}");
}
