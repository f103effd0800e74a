//! Tallies as a facilitator records them: the real binary in tmux, a show of hands and a dot
//! vote typed on the tally form while a session runs, the dot vote corrected, read back from
//! the journal and from both minutes.

mod support;

use support::{Pane, journal_of};

const AGENDA: &str = r#"
title = "Herøya Citizen Lab 2026"
kind = "lab"
date = 2026-05-12
start = "18:00"

[[sessions]]
title = "What should the plant report?"
duration = "40m"
"#;

#[test]
fn a_show_of_hands_and_a_dot_vote_are_journaled_once_each_and_in_both_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = dir.path().join("lab.toml");
    std::fs::write(&agenda, AGENDA).unwrap();
    let agenda = agenda.to_str().unwrap();
    let pane = Pane::start(dir.path(), &data, &["run", agenda], 120, 40);
    pane.wait_text("Herøya Citizen Lab 2026");
    pane.keys(&["Space"]);
    pane.wait_text("running ·");
    pane.keys(&["T"]);
    pane.wait_text("Attendance");
    pane.type_text("20");
    pane.keys(&["Escape"]);
    pane.wait_text("· 20 present");

    // A show of hands: the majority for, not counted; 3 against, counted.
    pane.keys(&["v"]);
    pane.wait_all(&["Tally 1 · new · session 1", "20  from the attendance"]);
    pane.type_text("Should the plant publish its dust readings every month?");
    pane.keys(&["Tab", "Tab", "Tab", "Tab", "Tab", "Right", "Right", "Tab"]);
    pane.type_text("3");
    pane.keys(&["Tab"]);
    pane.type_text("Monthly readings advised");
    pane.wait_text("majority, not counted");
    pane.keys(&["Enter"]);
    pane.wait_text("Saved tally 1");

    // A dot vote, 3 dots each: 58 of the 60 counted, said on the form and when saving.
    pane.keys(&["v"]);
    pane.wait_text("Tally 2 · new");
    pane.type_text("Which report should the plant publish first?");
    pane.keys(&["Tab", "Right", "Right", "Tab", "Space", "Tab", "C-u"]);
    pane.type_text("Dust readings, Noise at night, Truck traffic");
    pane.keys(&["Tab", "Tab"]);
    pane.type_text("3");
    for count in ["31", "17", "10"] {
        pane.keys(&["Tab"]);
        pane.type_text(count);
    }
    pane.wait_text("✗ check failed: the 58 dots counted do not match the 60 handed out");
    pane.keys(&["Enter"]);
    pane.wait_text(
        "Saved tally 2 · check failed: the 58 dots counted do not match the 60 handed out",
    );

    // Recounted: the dot vote brought back with PgUp and corrected.
    pane.keys(&["v"]);
    pane.wait_text("Tally 3 · new");
    pane.keys(&["PPage"]);
    pane.wait_text("Tally 2 · correcting");
    for _ in 0..8 {
        pane.keys(&["Tab"]);
    }
    pane.type_text("12");
    pane.wait_text("✓ the 60 dots counted match the 60 handed out");
    pane.keys(&["Enter"]);
    pane.wait_text("Saved the correction of tally 2");
    assert!(pane.screen().contains("running ·"), "the timer keeps running");

    pane.keys(&["E"]);
    pane.wait_text("End the event now?");
    pane.keys(&["y"]);
    pane.wait_text("Minutes written:");
    pane.keys(&["q"]);
    pane.wait_exit();

    let record = support::only_record(&data);
    let journal = support::read(&journal_of(&record));
    let tallies: Vec<serde_json::Value> = journal
        .lines()
        .skip(1)
        .map(|line| serde_json::from_str::<serde_json::Value>(line).expect("a JSON line"))
        .filter(|line| line["event"] == "tally_recorded")
        .collect();
    assert_eq!(tallies.len(), 3, "{journal}");
    // The correction names the dot vote, which was its own line.
    assert_eq!(tallies[2]["tally"], tallies[1]["seq"]);
    assert_eq!(tallies[0]["method"], "show_of_hands");
    assert_eq!(
        tallies[0]["counts"],
        serde_json::json!([
            { "option": "for", "how": "majority_not_counted" },
            { "option": "against", "count": 3, "how": "counted" }
        ])
    );
    assert_eq!(tallies[1]["dots"], serde_json::json!({ "per_person": 3 }));
    assert_eq!(tallies[2]["counts"][2]["count"], 12);

    for file in ["minutes.md", "minutes.public.md"] {
        let minutes = support::read(&record.join(file));
        for text in [
            "## Votes and shows of hands",
            "### Tally 1 · session 1. What should the plant report?",
            "**Question:** Should the plant publish its dust readings every month?",
            "**Method:** show of hands · **rule:** advisory",
            "| for | — | majority, not counted |\n| against | 3 | counted |",
            "**Outcome as declared:** Monthly readings advised",
            "**Method:** dot vote · **rule:** binding",
            "**Present:** 20 · **dots handed out:** 3 per person, 60 in all",
            "- Check passed: the 60 dots counted match the 60 handed out.",
        ] {
            assert!(minutes.contains(text), "{file} lacks {text:?}:\n{minutes}");
        }
    }
}
