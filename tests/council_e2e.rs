//! A council as a facilitator runs it, every facilitation tool in one event: the real binary
//! in tmux, a speaking queue of five turns over two stakeholder groups (a point of order
//! first, each turn started with `S`), a show of hands on the tally form, a concern parked
//! with an owner; then both minutes read back line by line, under the Chatham House Rule.

mod support;

use std::time::Duration;

use support::{Pane, journal_of, read};

const AGENDA: &str = r#"
title = "Policy Council 2026: Supply security"
kind = "council"
date = 2026-10-06
start = "09:30"
attribution = "group"

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
duration = "30m"
format = "discussion"
speaker = "2m"

[[sessions]]
title = "Wrap-up"
duration = "10m"
"#;

/// The lines of the section that starts at the line `heading`, up to the next heading of
/// the same or a higher level, trailing blank lines dropped.
fn section<'a>(markdown: &'a str, heading: &str) -> Vec<&'a str> {
    let level = heading.split(' ').next().unwrap_or("##");
    let mut lines: Vec<&str> = markdown
        .lines()
        .skip_while(|l| *l != heading)
        .enumerate()
        .take_while(|(i, l)| {
            // The minutes' last line (the record's version vector) ends the last section.
            *i == 0
                || !(l.starts_with("Record: ")
                    || l.starts_with('#')
                        && l.split(' ').next().is_some_and(|h| h.len() <= level.len()))
        })
        .map(|(_, l)| l)
        .collect();
    assert!(!lines.is_empty(), "no section {heading:?} in:\n{markdown}");
    while lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    lines
}

/// The cells of a Markdown table row.
fn cells(line: &str) -> Vec<&str> {
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

/// A speaking-time row checked: its name and turns exactly, its time at least two seconds a
/// turn (each turn ran past "1:58 left" on its countdown).
fn assert_row(line: &str, name: &[&str], turns: u64) {
    let cells = cells(line);
    assert_eq!(cells[..name.len()], *name, "{line}");
    assert_eq!(cells[name.len()], turns.to_string(), "{line}");
    assert!(seconds(cells[name.len() + 1]) >= 2 * turns, "{line}");
}

#[test]
fn a_council_with_a_queue_a_tally_and_a_parked_item_writes_all_three_in_both_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = dir.path().join("council.toml");
    std::fs::write(&agenda, AGENDA).unwrap();
    let agenda = agenda.to_str().unwrap();
    let pane = Pane::start(dir.path(), &data, &["run", agenda], 120, 40);
    pane.wait_text("Policy Council 2026");
    pane.keys(&["Space"]);
    pane.wait_text("running ·");
    pane.keys(&["T"]);
    pane.wait_text("Attendance");
    pane.type_text("12");
    pane.keys(&["Escape"]);
    pane.wait_text("· 12 present");

    // The queue: four ask for the floor, then a point of order goes ahead of them.
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

    // A show of hands: the majority for, not counted; 2 against, counted.
    pane.keys(&["v"]);
    pane.wait_all(&["Tally 1 · new · session 1", "12  from the attendance"]);
    pane.type_text("Should the council ask for a European stockpile of magnets?");
    pane.keys(&["Tab", "Tab", "Tab", "Tab", "Tab", "Right", "Right", "Tab"]);
    pane.type_text("2");
    pane.keys(&["Tab"]);
    pane.type_text("A stockpile advised");
    pane.wait_text("majority, not counted");
    pane.keys(&["Enter"]);
    pane.wait_text("Saved tally 1");

    // A concern parked with L, owned by a participant who did not consent to be named.
    pane.keys(&["c"]);
    pane.type_text("Nobody audits the stockpile's cost @kari");
    pane.keys(&["Enter"]);
    pane.wait_text("Saved concern 1");
    pane.keys(&["Up", "L"]);
    pane.wait_text("park concern 1 · owner ▸");
    pane.type_text("piet");
    pane.keys(&["Tab"]);
    pane.wait_text("owner ▸ Pieter Janssens");
    pane.keys(&["Enter"]);
    pane.wait_text("Saved concern 1 in the parking lot, owner Pieter Janssens");
    pane.keys(&["Escape"]);
    pane.wait_text("running ·");

    pane.keys(&["E"]);
    pane.wait_text("End the event now?");
    pane.keys(&["y"]);
    pane.wait_text("Minutes written:");
    pane.keys(&["q"]);
    pane.wait_exit();

    let record = support::only_record(&data);
    let journal = read(&journal_of(&record));
    for (event, count) in [
        ("speaker_added", 5),
        ("speaker_started", 5),
        ("speaker_ended", 5),
        ("tally_recorded", 1),
        ("item_parked", 1),
    ] {
        assert_eq!(journal.matches(&format!("\"event\":\"{event}\"")).count(), count, "{journal}");
    }
    let internal = read(&record.join("minutes.md"));
    let public = read(&record.join("minutes.public.md"));
    const SESSION: &str = "1. Panel: how secure is Europe's supply?";

    // Speaking time per group in both; per speaker, every turn named, only internally.
    let speaking = section(&internal, "## Speaking time");
    assert_eq!(speaking[..2], ["## Speaking time", ""]);
    assert!(
        speaking[2].starts_with("5 turns from the speaking queue, of which 1 point of order: "),
        "{internal}"
    );
    assert!(speaking[2].ends_with(" in all, measured on the sessions' timers."), "{internal}");
    assert_eq!(
        speaking[3..6],
        ["", "| Stakeholder group | Turns | Speaking time | Share |", "|---|---:|---:|---:|"]
    );
    assert_row(speaking[6], &["Industry"], 3);
    assert_row(speaking[7], &["Academia and research"], 2);
    assert_eq!(
        speaking[8..11],
        ["", "| Speaker | Stakeholder group | Turns | Speaking time |", "|---|---|---:|---:|"]
    );
    assert_row(speaking[11], &["Marit Haugen", "Industry"], 2);
    assert_row(speaking[12], &["Kari Nordvik", "Industry"], 1);
    assert_row(speaking[13], &["Annelies Vermeulen", "Academia and research"], 1);
    assert_row(speaking[14], &["Pieter Janssens", "Academia and research"], 1);
    assert_eq!(speaking[15..18], ["", &format!("### {SESSION}"), ""]);
    assert_eq!(speaking[18..20], ["*Each speaker 2m*", ""]);
    let turns: Vec<&str> =
        speaking[20..].iter().map(|l| l.split_once(' ').map_or(*l, |(_, rest)| rest)).collect();
    let turns: Vec<&str> =
        turns.iter().map(|l| l.split_once(' ').map_or(*l, |(_, rest)| rest)).collect();
    assert_eq!(turns.len(), 5, "{internal}");
    for (turn, who) in turns.iter().zip([
        "Marit Haugen (point of order): ",
        "Kari Nordvik: ",
        "Annelies Vermeulen: ",
        "Pieter Janssens: ",
        "Marit Haugen: ",
    ]) {
        assert!(turn.starts_with(who), "{turn:?} is not {who:?}: {internal}");
    }
    let public_speaking = section(&public, "## Speaking time");
    assert_eq!(public_speaking[..8], speaking[..8], "the group table as internally");
    assert_eq!(public_speaking[8..], ["", "Speaking time is given per stakeholder group only."]);

    // The tally: question, method and rule before the numbers, alike in both.
    for minutes in [&internal, &public] {
        let votes = section(minutes, "## Votes and shows of hands");
        assert!(votes[2].starts_with(&format!("### Tally 1 · session {SESSION} · ")), "{minutes}");
        assert_eq!(
            votes[3..],
            [
                "",
                "**Question:** Should the council ask for a European stockpile of magnets?",
                "",
                "**Method:** show of hands · **rule:** advisory",
                "",
                "| Option | Count | How obtained |",
                "|---|---:|---|",
                "| for | — | majority, not counted |",
                "| against | 2 | counted |",
                "",
                "**Present:** 12",
                "",
                "**Outcome as declared:** A stockpile advised",
            ]
        );
    }

    // The parked item with its owner: named internally, by group in public.
    let lot = |by: &str, owner: &str| {
        vec![
            "## Parking lot".to_string(),
            String::new(),
            "| Item | Owner | Status | Session |".to_string(),
            "|---|---|---|---|".to_string(),
            format!(
                "| **Concern** Nobody audits the stockpile's cost — *{by}* | {owner} | open | {SESSION} |"
            ),
        ]
    };
    assert_eq!(section(&internal, "## Parking lot"), lot("Kari Nordvik", "Pieter Janssens"));
    assert_eq!(
        section(&public, "## Parking lot"),
        lot("a participant from Industry", "a participant from Academia and research")
    );
    assert_eq!(
        section(&internal, "### Parked, still open")[2],
        format!(
            "- **Concern** Nobody audits the stockpile's cost — *Kari Nordvik* · owner: Pieter Janssens (session {SESSION})"
        )
    );
    assert_eq!(
        section(&public, "### Parked, still open")[2],
        format!(
            "- **Concern** Nobody audits the stockpile's cost — *a participant from Industry* · owner: a participant from Academia and research (session {SESSION})"
        )
    );
    for minutes in [&internal, &public] {
        assert!(minutes.lines().any(|l| l == "- Parking lot: 1 parked (1 open)"), "{minutes}");
    }
    // Chatham House: no person's name anywhere in public, consenting or not.
    for name in [
        "Marit",
        "Haugen",
        "Pieter",
        "Janssens",
        "Kari",
        "Nordvik",
        "Annelies",
        "Vermeulen",
        "point of order)",
    ] {
        assert!(!public.contains(name), "{name} in the public minutes:\n{public}");
    }
}
