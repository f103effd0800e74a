//! `convene consent RECORD NAME yes|no`: consent given during the event and withdrawn after
//! it, from another laptop. The change is journaled in the record, the public minutes lose
//! the name everywhere, the internal minutes do not move, and `convene minutes` gives the
//! same files again.

mod support;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::event::{Change, Fields, ItemId, ItemKind, Raiser};
use convene::record;
use support::{Run, convene, read};

fn at(minute: u32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00")).expect("a time")
}

fn ingrid() -> Option<Raiser> {
    Some(Raiser::Participant("Ingrid Solberg".into()))
}

/// Journals `changes` into the record from the laptop whose data folder is `data`, as
/// `convene run --resume` does; returns the ids of its captures.
fn journal_on(data: &Path, dir: &Path, changes: Vec<(u32, Change)>) -> Vec<ItemId> {
    let device = record::device_id(data).expect("a device id");
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
    let mut reopened = record::reopen_with(dir, device, DEMO_AGENDA, &agenda).expect("resume");
    let mut ids = Vec::new();
    for (minute, change) in changes {
        let entry = reopened.stamp.entry(change, at(minute));
        if let Change::ItemCaptured { item, .. } = entry.change {
            ids.push(item);
        }
        reopened.record.journal.append(entry).expect("a durable entry");
    }
    ids
}

struct Lab {
    _temp: tempfile::TempDir,
    root: PathBuf,
    /// The record, in the facilitator's data folder.
    dir: PathBuf,
}

impl Lab {
    /// The data folder of a laptop.
    fn data(&self, laptop: &str) -> PathBuf {
        self.root.join(laptop)
    }

    fn consent(&self, laptop: &str, name: &str, answer: &str) -> Run {
        convene(
            &self.data(laptop),
            &["consent".as_ref(), self.dir.as_os_str(), name.as_ref(), answer.as_ref()],
        )
    }

    fn file(&self, name: &str) -> String {
        read(&self.dir.join(name))
    }

    /// Every journal of the record, by file name, with its bytes.
    fn journals(&self) -> Vec<(String, Vec<u8>)> {
        let mut found: Vec<(String, Vec<u8>)> = std::fs::read_dir(self.dir.join("journals"))
            .expect("the journals folder")
            .flatten()
            .map(|e| {
                let bytes = std::fs::read(e.path()).expect("a journal");
                (e.file_name().to_string_lossy().into_owned(), bytes)
            })
            .collect();
        found.sort();
        found
    }
}

/// The demo citizen lab (attribution "named"; Ingrid Solberg did not consent in the agenda)
/// recorded on laptop A, with B taking notes. During the event B hears Ingrid give her
/// consent and journals it; she asks a question, owns an action and is named in texts.
/// With `ended`, the event ends and its minutes are written.
fn lab(ended: bool) -> Lab {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let root = temp.path().to_path_buf();
    for (laptop, id) in [
        ("a", "a0000000000000000000000000"),
        ("b", "b0000000000000000000000000"),
        ("c", "c0000000000000000000000000"),
    ] {
        let data = root.join(laptop);
        std::fs::create_dir_all(&data).expect("a data folder");
        std::fs::write(data.join("device"), format!("{id}\n")).expect("a device file");
    }
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
    let a = root.join("a");
    let device = record::device_id(&a).expect("a device id");
    let (made, _) = record::create(&a, device, &agenda, DEMO_AGENDA, at(0)).expect("a record");
    let dir = made.dir.clone();
    drop(made);
    let question = Fields {
        text: "Ingrid wants to know whether the dust reaches the school".into(),
        by: ingrid(),
        themes: vec!["health".into()],
        ..Fields::default()
    };
    let ids = journal_on(
        &a,
        &dir,
        vec![
            (0, Change::SessionStarted { session: 0, elapsed_ms: 0 }),
            (
                3,
                Change::ItemCaptured {
                    item: ItemId::default(),
                    kind: ItemKind::Question,
                    session: 0,
                    offset_ms: 180_000,
                    fields: question,
                },
            ),
        ],
    );
    let action = Fields {
        text: "Send Ingrid Solberg the dust map".into(),
        owner: ingrid(),
        ..Fields::default()
    };
    journal_on(
        &root.join("b"),
        &dir,
        vec![
            (4, Change::ConsentChanged { participant: "Ingrid Solberg".into(), consent: true }),
            (
                5,
                Change::ItemCaptured {
                    item: ItemId::default(),
                    kind: ItemKind::Action,
                    session: 0,
                    offset_ms: 300_000,
                    fields: action,
                },
            ),
            (6, Change::ItemAnswered { item: ids[0], answer: "Solberg gets the map".into() }),
        ],
    );
    if ended {
        journal_on(
            &a,
            &dir,
            vec![
                (9, Change::SessionEnded { session: 0, elapsed_ms: 540_000 }),
                (9, Change::EventEnded),
            ],
        );
        let written = convene(&a, &["minutes".as_ref(), dir.as_os_str()]);
        assert_eq!(written.code, 0, "{}", written.stderr);
    }
    Lab { _temp: temp, root, dir }
}

#[test]
fn consent_withdrawn_after_the_event_removes_the_name_from_the_public_minutes_only() {
    let lab = lab(true);
    let (internal, public) = (lab.file("minutes.md"), lab.file("minutes.public.md"));
    // Her consent, given during the event, is what the minutes used.
    for line in [
        "- **Question** 18:03: Ingrid wants to know whether the dust reaches the school — *Ingrid Solberg* · themes: health",
        "  - *Answer:* Solberg gets the map",
        "| Send Ingrid Solberg the dust map | Ingrid Solberg | — | 1. Welcome and ground rules |",
    ] {
        assert!(public.lines().any(|l| l == line), "{line:?} in:\n{public}");
    }

    let out = lab.consent("c", "Ingrid Solberg", "no");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let journal = lab.dir.join("journals").join("c0000000000000000000000000.jsonl");
    assert_eq!(
        out.stdout,
        format!(
            "Ingrid Solberg's consent withdrawn: not named in the public minutes; journaled in {}\nwrote {}\nwrote {}\n",
            journal.display(),
            lab.dir.join("minutes.md").display(),
            lab.dir.join("minutes.public.md").display()
        )
    );
    // One line in the journal of the laptop that ran the command, by the journal's writer.
    let lines: Vec<serde_json::Value> =
        read(&journal).lines().map(|l| serde_json::from_str(l).expect("a JSON line")).collect();
    assert_eq!(lines.len(), 2, "a header and one change");
    assert_eq!(lines[1]["event"], "consent_changed");
    assert_eq!(lines[1]["participant"], "Ingrid Solberg");
    assert_eq!(lines[1]["consent"], false);
    assert_eq!(
        (lines[1]["device"].as_str(), lines[1]["seq"].as_u64()),
        (Some("c0000000000000000000000000"), Some(1))
    );

    // The internal minutes are byte for byte the same but for their last line, the record's
    // journals, which now holds C's; in the public ones only the lines that named her
    // changed, and that last line, and none names her any more.
    let (was, now) = (
        "Record: journal entries per device: `a000` 5 · `b000` 3 (devices by the start of their id).",
        "Record: journal entries per device: `a000` 5 · `b000` 3 · `c000` 1 (devices by the start of their id).",
    );
    assert!(internal.ends_with(&format!("\n{was}\n")), "{internal}");
    assert_eq!(lab.file("minutes.md"), internal.replace(was, now));
    let after = lab.file("minutes.public.md");
    assert!(!after.contains("Ingrid") && !after.contains("Solberg"), "{after}");
    assert!(after.ends_with(&format!("\n{now}\n")), "{after}");
    assert_eq!(after.lines().count(), public.lines().count());
    for (before, now) in public.lines().zip(after.lines()) {
        if before != now && before != was {
            assert!(
                before.contains("Ingrid") || before.contains("Solberg"),
                "{before:?} → {now:?}"
            );
        }
    }
    for line in [
        "- **Question** 18:03: A participant from Local residents wants to know whether the dust reaches the school — *a participant from Local residents* · themes: health",
        "  - *Answer:* A participant from Local residents gets the map",
        "| Send a participant from Local residents the dust map | a participant from Local residents | — | 1. Welcome and ground rules |",
    ] {
        assert!(after.lines().any(|l| l == line), "{line:?} in:\n{after}");
    }

    // `convene minutes` again gives the same files.
    let again = convene(&lab.data("a"), &["minutes".as_ref(), lab.dir.as_os_str()]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert_eq!(
        (lab.file("minutes.md"), lab.file("minutes.public.md")),
        (internal.replace(was, now), after.clone())
    );

    // Asked again, nothing is written.
    let journals = lab.journals();
    let out = lab.consent("a", "ingrid solberg", "no");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!(
            "Ingrid Solberg's consent is already withdrawn: not named in the public minutes of {}; nothing was written\n",
            lab.dir.display()
        )
    );
    assert_eq!(lab.journals(), journals);

    // Given again, the later change wins: she is named again (A's journal has one line more).
    let out = lab.consent("a", "Ingrid Solberg", "yes");
    assert_eq!(out.code, 0, "{}", out.stderr);
    let given_again = "Record: journal entries per device: `a000` 6 · `b000` 3 · `c000` 1 (devices by the start of their id).";
    assert_eq!(lab.file("minutes.public.md"), public.replace(was, given_again));
}

#[test]
fn an_unknown_name_is_refused_with_the_closest_participant_and_nothing_is_written() {
    let lab = lab(true);
    let journals = lab.journals();
    let public = lab.file("minutes.public.md");
    let agenda = lab.dir.join("agenda.toml");
    for (name, hint) in [
        ("Ingrid Solbreg", "did you mean \"Ingrid Solberg\"?".to_string()),
        ("Ingrid", "did you mean \"Ingrid Solberg\"?".to_string()),
        (
            "Mystery Mayor",
            "give one of its participants: \"Ingrid Solberg\", \"Åse Kristiansen\", \"Håkon Bjørnstad\", \"Siri Øvergaard\", \"Magnus Lie\", \"Tor Eriksen\"".to_string(),
        ),
    ] {
        let out = lab.consent("c", name, "no");
        assert_eq!(out.code, 1);
        assert_eq!(out.stdout, "");
        assert_eq!(
            out.stderr,
            format!("error: \"{name}\" is not a participant in {}; {hint}\n", agenda.display())
        );
    }
    // No journal was made for laptop C, nothing was added, the minutes stay.
    assert_eq!(lab.journals(), journals);
    assert_eq!(lab.file("minutes.public.md"), public);
}

#[test]
fn a_record_open_in_a_running_convene_is_refused() {
    let lab = lab(true);
    let journals = lab.journals();
    let held = record::lock(&lab.dir).expect("the lock");
    let out = lab.consent("c", "Ingrid Solberg", "no");
    assert_eq!(out.code, 1);
    assert_eq!(
        out.stderr,
        format!(
            "error: the record {} is open in another convene (process {}); close that one first\n",
            lab.dir.display(),
            std::process::id()
        )
    );
    drop(held);
    assert_eq!(lab.journals(), journals);
}

#[test]
fn before_the_event_ends_the_change_waits_for_the_minutes() {
    let lab = lab(false);
    let out = lab.consent("c", "Ingrid Solberg", "no");
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .ends_with("\nthe event has not ended: its minutes use this when they are written\n"),
        "{}",
        out.stdout
    );
    assert!(!lab.dir.join("minutes.md").exists());
    // The minutes written later (provisional) use it.
    let written = convene(&lab.data("a"), &["minutes".as_ref(), lab.dir.as_os_str()]);
    assert_eq!(written.code, 0, "{}", written.stderr);
    let public = lab.file("minutes.public.md");
    assert!(!public.contains("Ingrid") && !public.contains("Solberg"), "{public}");
    assert!(lab.file("minutes.md").contains("Ingrid Solberg"));
}
