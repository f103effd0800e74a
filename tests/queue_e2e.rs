//! The speaking queue as a facilitator runs it: the real binary in tmux, a council with five
//! turns over two stakeholder groups (a point of order first), each started with `S` and
//! timed on screen, then both minutes read back: the time per group in both, per speaker
//! internally, and in public only the speakers who consented.

mod support;

use std::time::Duration;

use support::{Pane, journal_of, read};

const AGENDA: &str = r#"
title = "Policy Council 2026: Supply security"
kind = "council"
date = 2026-10-06
start = "09:30"
attribution = "named"

[[groups]]
id = "industry"
name = "Industry"

[[groups]]
id = "academia"
name = "Academia and research"

[[participants]]
name = "Kari Nordvik"
group = "industry"
consent = true

[[participants]]
name = "Marit Haugen"
group = "industry"
consent = false

[[participants]]
name = "Annelies Vermeulen"
group = "academia"
consent = true

[[participants]]
name = "Pieter Janssens"
group = "academia"
consent = false

[[sessions]]
title = "Panel: how secure is Europe's supply?"
duration = "20m"
format = "discussion"
speaker = "2m"

[[sessions]]
title = "Wrap-up"
duration = "10m"
"#;

/// A row of a Markdown table whose first cells are `start`: its last cells, as text.
fn row<'a>(minutes: &'a str, start: &str) -> Vec<&'a str> {
    let line = minutes
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no row {start:?} in:\n{minutes}"));
    line.trim_matches('|').split('|').map(str::trim).collect()
}

/// "1m\u{a0}05s", "12s" → seconds.
fn seconds(text: &str) -> u64 {
    let text = text.replace('\u{a0}', " ");
    text.split(' ')
        .map(|part| {
            let (number, unit) = part.split_at(part.len() - 1);
            let n: u64 = number.parse().unwrap_or_else(|_| panic!("a duration: {text:?}"));
            match unit {
                "h" => n * 3600,
                "m" => n * 60,
                _ => n,
            }
        })
        .sum()
}

#[test]
fn a_council_runs_a_queue_of_five_turns_and_both_minutes_give_the_speaking_time() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = dir.path().join("council.toml");
    std::fs::write(&agenda, AGENDA).unwrap();
    let agenda = agenda.to_str().unwrap();
    let pane = Pane::start(dir.path(), &data, &["run", agenda], 120, 40);
    pane.wait_text("Policy Council 2026");
    pane.keys(&["Space"]);
    pane.wait_text("running ·");

    // Four ask for the floor; then a point of order, which goes first.
    pane.keys(&["s"]);
    pane.wait_text("Speaking queue · session 1/2");
    for (name, saved) in [
        ("@kari", "Saved speaker: Kari Nordvik"),
        ("@annelies", "Saved speaker: Annelies Vermeulen"),
        ("Pieter", "Saved speaker: Pieter Janssens"),
        ("@mar", "Saved speaker: Marit Haugen"),
    ] {
        pane.keys(&["a"]);
        pane.wait_text("speaker ▸");
        pane.type_text(name);
        pane.keys(&["Enter"]);
        pane.wait_text(saved);
    }
    pane.keys(&["o"]);
    pane.wait_text("point of order ▸");
    pane.type_text("@marit");
    pane.keys(&["Tab"]);
    pane.wait_text("point of order ▸ @Marit_Haugen");
    pane.keys(&["Enter"]);
    pane.wait_all(&["Saved point of order: Marit Haugen", "Waiting (5)", " 1. Marit Haugen"]);
    pane.keys(&["Escape"]);

    // Each turn gets the floor with S and runs at least two seconds on its countdown.
    for (name, after) in [
        ("Marit Haugen (point of order)", "4 waiting"),
        ("Kari Nordvik", "3 waiting"),
        ("Annelies Vermeulen", "2 waiting"),
        ("Pieter Janssens", "1 waiting"),
        ("Marit Haugen", "nobody else waits"),
    ] {
        pane.keys(&["S"]);
        pane.wait_text(&format!("Saved the floor to {name}, 2m"));
        let speaker = name.split(" (").next().unwrap_or(name);
        // At least two seconds on the countdown: "1:58 left" or less, however slow the poll.
        let label = format!("Speaker {speaker} · ");
        pane.wait_for(&format!("{label}1:58 left + {after}"), Duration::from_secs(10), |s| {
            s.contains(after)
                && support::field_after(s, &label)
                    .is_some_and(|left| support::left_at_most(left, 118))
        });
    }
    pane.keys(&["S"]);
    pane.wait_all(&["Saved end of Marit Haugen's turn", "Nobody has the floor · nobody waits"]);

    pane.keys(&["E"]);
    pane.wait_text("End the event now?");
    pane.keys(&["y"]);
    pane.wait_text("Minutes written:");
    pane.keys(&["q"]);
    pane.wait_exit();

    let record = support::only_record(&data);
    let journal = read(&journal_of(&record));
    for (event, count) in [("speaker_added", 5), ("speaker_started", 5), ("speaker_ended", 5)] {
        assert_eq!(journal.matches(&format!("\"event\":\"{event}\"")).count(), count, "{journal}");
    }
    assert!(journal.contains("\"lane\":\"point_of_order\""), "{journal}");

    let internal = read(&record.join("minutes.md"));
    let public = read(&record.join("minutes.public.md"));
    let section = |minutes: &str| -> String {
        let start = minutes.find("## Speaking time").expect("a speaking time section");
        minutes[start..].to_string()
    };
    let (internal, public) = (section(&internal), section(&public));
    assert!(
        internal.starts_with(
            "## Speaking time\n\n5 turns from the speaking queue, of which 1 point of order: "
        ),
        "{internal}"
    );
    // Per group, in both versions alike.
    for minutes in [&internal, &public] {
        let industry = row(minutes, "| Industry |");
        let academia = row(minutes, "| Academia and research |");
        assert_eq!((industry[1], academia[1]), ("3", "2"), "turns per group: {minutes}");
        assert!(seconds(industry[2]) >= 6 && seconds(academia[2]) >= 4, "{minutes}");
    }
    assert_eq!(row(&public, "| Industry |"), row(&internal, "| Industry |"));
    // Per speaker: everyone internally, each turn listed; in public only who consented.
    assert_eq!(row(&internal, "| Marit Haugen |")[..3], ["Marit Haugen", "Industry", "2"]);
    assert_eq!(
        row(&internal, "| Pieter Janssens |")[..3],
        ["Pieter Janssens", "Academia and research", "1"]
    );
    assert!(internal.contains("### 1. Panel: how secure is Europe's supply?"), "{internal}");
    assert!(internal.contains(" Marit Haugen (point of order): "), "{internal}");
    assert_eq!(row(&public, "| Kari Nordvik |")[..3], ["Kari Nordvik", "Industry", "1"]);
    assert_eq!(
        row(&public, "| Annelies Vermeulen |")[..3],
        ["Annelies Vermeulen", "Academia and research", "1"]
    );
    for hidden in ["Marit", "Haugen", "Pieter", "Janssens", "point of order)"] {
        assert!(!public.contains(hidden), "{hidden} in the public minutes: {public}");
    }
}
