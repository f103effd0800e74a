//! Starting an event when records of it already exist: yesterday's rehearsal, an agenda
//! edited during the evening, a crash while the minutes were written. The real binary in a
//! tmux pane, over records made with the library.

mod support;

use std::path::{Path, PathBuf};

use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::journal::{Change, Entry};
use convene::live::{Fields, ItemId, ItemKind};
use convene::record;
use support::Pane;

fn captured(seq: u64, session: usize, at: chrono::DateTime<chrono::FixedOffset>) -> Entry {
    Entry::format_1(
        seq,
        at,
        Change::ItemCaptured {
            item: ItemId::format_1(seq),
            kind: ItemKind::Question,
            session,
            offset_ms: 0,
            fields: Fields {
                text: "Will the trucks pass the school?".into(),
                by: None,
                themes: vec![],
                owner: None,
                due: None,
                internal: false,
            },
        },
    )
}

/// A record of `text` created at `at`, holding `entries`; returns its folder.
fn record_of(
    data: &Path,
    text: &str,
    at: chrono::DateTime<chrono::FixedOffset>,
    entries: &[Entry],
) -> PathBuf {
    let agenda = parse_agenda(text).agenda.expect("a valid agenda");
    let device = record::device_id(data).expect("a device id");
    let (mut record, mut stamp) =
        record::create(data, device, &agenda, text, at).expect("create a record");
    for entry in entries {
        // Written as this device writes them: its numbers, its clock, its item ids.
        let entry = stamp.entry(entry.change.clone(), entry.at);
        record.journal.append(entry).expect("append");
    }
    record.dir.clone()
}

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::Local::now().fixed_offset()
}

#[test]
fn yesterdays_rehearsal_is_not_resumed_by_default() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let agenda = dir.path().join("lab.toml");
    std::fs::write(&agenda, DEMO_AGENDA).unwrap();
    let yesterday = now() - chrono::Duration::days(1);
    let rehearsal = record_of(&data, DEMO_AGENDA, yesterday, &[captured(1, 0, yesterday)]);

    let pane = Pane::start(dir.path(), &data, &["run", agenda.to_str().unwrap()], 120, 40);
    let screen = pane.wait_text("Resume it? [y/N]");
    assert!(
        screen
            // The record's first line hands the sessions to this laptop; then the capture.
            .contains(&format!(
                "from {}, not today (2 entries)",
                yesterday.format("%Y-%m-%d %H:%M")
            )),
        "{screen}"
    );
    pane.keys(&["Enter"]);
    pane.wait_text("Recording to");
    pane.keys(&["C-q"]);
    pane.wait_exit();

    let found = record::list(&data);
    assert_eq!(found.len(), 2, "{found:?}");
    assert_eq!(found[0].dir, rehearsal);
    // Each record's first entry hands its sessions to the laptop that made it.
    assert_eq!(found[0].entries, 2, "the rehearsal is left as it was");
    assert_eq!(found[1].entries, 1, "the evening starts a fresh record");
}

#[test]
fn an_agenda_edited_during_the_event_continues_the_same_record() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let today = now();
    let record = record_of(&data, DEMO_AGENDA, today, &[captured(1, 1, today)]);
    let old_title = parse_agenda(DEMO_AGENDA).agenda.unwrap().sessions[1].title.clone();
    let edited = format!(
        "{}\n[[sessions]]\ntitle = \"Late questions\"\nduration = \"5m\"\n",
        DEMO_AGENDA.replacen(&format!("\"{old_title}\""), "\"Rare earths around us\"", 1)
    );
    let agenda = dir.path().join("lab.toml");
    std::fs::write(&agenda, &edited).unwrap();

    let pane = Pane::start(dir.path(), &data, &["run", agenda.to_str().unwrap()], 120, 40);
    let screen = pane.wait_text("[Y/n]");
    assert!(screen.contains("It was run with an earlier version of this agenda:"), "{screen}");
    assert!(
        screen.contains(&format!("session 2 \"{old_title}\" is renamed \"Rare earths around us\"")),
        "{screen}"
    );
    assert!(screen.contains("session 10 \"Late questions\" is new"), "{screen}");
    pane.keys(&["Enter"]);
    pane.wait_all(&["Resumed, but: continued with the edited agenda", "Late questions"]);
    pane.keys(&["C-q"]);
    pane.wait_exit();

    let found = record::list(&data);
    assert_eq!(found.len(), 1, "no second, empty record: {found:?}");
    assert_eq!(std::fs::read_to_string(record.join("agenda.1.toml")).unwrap(), DEMO_AGENDA);
    assert_eq!(std::fs::read_to_string(record.join("agenda.toml")).unwrap(), edited);
    let contents = record::read_journal(&record).unwrap();
    assert!(matches!(contents.entries.last().unwrap().change, Change::AgendaChanged { .. }));
}

#[test]
fn after_a_crash_while_the_minutes_were_written_resume_points_to_minutes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let today = now();
    let ended = Entry::format_1(2, today, Change::EventEnded);
    let record = record_of(&data, DEMO_AGENDA, today, &[captured(1, 0, today), ended]);
    let agenda = dir.path().join("lab.toml");
    std::fs::write(&agenda, DEMO_AGENDA).unwrap();

    let pane =
        Pane::start(dir.path(), &data, &["run", "--resume", agenda.to_str().unwrap()], 200, 20);
    pane.wait_exit();
    let output = pane.output();
    assert!(
        output.contains(&format!(
            "error: the record {} ended but its minutes were not written; write them with: convene minutes {}",
            record.display(),
            record.display()
        )),
        "{output}"
    );
    assert_eq!(record::list(&data).len(), 1, "no new record is started");
}

#[test]
fn an_edit_that_loses_a_session_with_items_says_what_differs_and_asks() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let today = now();
    let record = record_of(&data, DEMO_AGENDA, today, &[captured(1, 1, today)]);
    let lab = parse_agenda(DEMO_AGENDA).agenda.unwrap();
    let (second, third) = (&lab.sessions[1].title, &lab.sessions[2].title);
    // The second session's block removed from the agenda text.
    let start = DEMO_AGENDA.find(&format!("title = \"{second}\"")).unwrap();
    let end = DEMO_AGENDA.find(&format!("title = \"{third}\"")).unwrap();
    let edited = format!("{}{}", &DEMO_AGENDA[..start], &DEMO_AGENDA[end..]);
    let edited = edited.replacen("[[sessions]]\n[[sessions]]", "[[sessions]]", 1);
    assert_eq!(parse_agenda(&edited).agenda.unwrap().sessions.len(), lab.sessions.len() - 1);
    let agenda = dir.path().join("lab.toml");
    std::fs::write(&agenda, &edited).unwrap();

    let pane = Pane::start(dir.path(), &data, &["run", agenda.to_str().unwrap()], 200, 20);
    let why = format!(
        "the unfinished record {} cannot continue with this edited agenda: session 2 \"{second}\" is not in the edited agenda, but it holds 1 item",
        record.display()
    );
    let screen = pane.wait_text("Start a new, empty record for this agenda instead? [y/N]");
    assert!(screen.contains(&format!("{why}.")), "{screen}");
    pane.keys(&["Enter"]);
    pane.wait_exit();
    let output = pane.output();
    assert!(
        output.contains(&format!(
            "error: {why}; put that back in the agenda to continue that record"
        )),
        "{output}"
    );
    assert_eq!(record::list(&data).len(), 1, "no new record is started");
}

/// A format-1 record (written before devices: one journal.jsonl) resumes on this laptop:
/// its journal is not rewritten, this laptop continues in journals/<device>.jsonl (format
/// 2), and the minutes are byte-identical to those the earlier convene wrote.
#[test]
fn a_format_1_record_resumes_in_format_2_and_its_minutes_stay_byte_identical() {
    for name in ["citizen-lab", "policy-council"] {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/records").join(name);
        let copy = dir.path().join(name);
        std::fs::create_dir(&copy).unwrap();
        for file in ["agenda.toml", "journal.jsonl"] {
            std::fs::copy(golden.join(file), copy.join(file)).unwrap();
        }
        let before = std::fs::read(copy.join("journal.jsonl")).unwrap();

        let pane = Pane::start(dir.path(), &data, &["run", copy.to_str().unwrap()], 120, 40);
        pane.wait_text("Resumed");
        pane.keys(&["C-q"]);
        pane.wait_exit();

        assert_eq!(std::fs::read(copy.join("journal.jsonl")).unwrap(), before, "{name}");
        let device = record::device_id(&data).unwrap();
        let continued = support::read(&record::journal_path(&copy, device));
        let lines: Vec<&str> = continued.lines().collect();
        // Its header: looking at an ended event changes nothing.
        assert_eq!(lines.len(), 1, "{name}: {continued}");
        assert!(lines[0].starts_with(r#"{"v":2,"convene_journal":2,"#), "{}", lines[0]);
        for (file, public) in [("minutes.md", false), ("minutes.public.md", true)] {
            let mut args = vec!["minutes", copy.to_str().unwrap(), "-o", "-"];
            if public {
                args.push("--public");
            }
            let out = support::convene(&data, &args);
            assert_eq!(out.code, 0, "{}", out.stderr);
            assert_eq!(out.stdout, support::read(&golden.join(file)), "{name}: {file}");
        }
    }
}

/// An unfinished format-1 record continues on this laptop in format 2: a capture is written
/// to journals/<device>.jsonl as its own line, and the first session change takes the
/// sessions over (facilitator_changed) before it; the old journal is left as it was.
#[test]
fn an_unfinished_format_1_record_continues_in_format_2_and_takes_the_sessions_over() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/records/citizen-lab");
    let copy = dir.path().join("lab");
    std::fs::create_dir(&copy).unwrap();
    std::fs::copy(golden.join("agenda.toml"), copy.join("agenda.toml")).unwrap();
    // Cut before its last session ended: session 9 is paused... or running.
    let text = support::read(&golden.join("journal.jsonl"));
    let kept: Vec<&str> = text
        .lines()
        .take_while(|l| !l.contains(r#""event":"session_ended","session":8"#))
        .collect();
    let before = format!("{}\n", kept.join("\n"));
    std::fs::write(copy.join("journal.jsonl"), &before).unwrap();

    let pane = Pane::start(dir.path(), &data, &["run", copy.to_str().unwrap()], 120, 40);
    pane.wait_text("Resumed");
    pane.keys(&["m"]);
    pane.type_text("Minutes go to the residents' association first\r");
    pane.wait_text("Saved note");
    let device = record::device_id(&data).unwrap();
    let journal = record::journal_path(&copy, device);
    let events = |text: &str| -> Vec<String> {
        text.lines()
            .skip(1)
            .map(|l| {
                let v: serde_json::Value = serde_json::from_str(l).unwrap();
                assert_eq!(
                    (v["v"].as_u64(), v["device"].as_str()),
                    (Some(2), Some(device.to_string().as_str()))
                );
                v["event"].as_str().unwrap().to_string()
            })
            .collect()
    };
    assert_eq!(events(&support::read(&journal)), ["item_captured"], "a capture takes nothing over");
    // E ends the event: a session change, so the sessions come to this laptop first.
    pane.keys(&["E"]);
    pane.keys(&["y"]);
    pane.wait_text("Minutes written");
    pane.keys(&["C-q"]);
    pane.wait_exit();
    let written = events(&support::read(&journal));
    assert_eq!(written[0], "item_captured");
    assert_eq!(written[1], "facilitator_changed");
    assert_eq!(written.last().map(String::as_str), Some("event_ended"));
    assert_eq!(
        support::read(&copy.join("journal.jsonl")),
        before,
        "the format-1 journal is untouched"
    );
    let minutes = support::read(&copy.join("minutes.md"));
    assert!(minutes.contains("Minutes go to the residents' association first"), "{minutes}");
    assert!(minutes.contains("Return the pro"), "the format-1 items are kept: {minutes}");
}
