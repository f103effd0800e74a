//! `convene records` and `convene minutes` on journals a facilitator did not write as
//! convene wrote them: a damaged or deleted header, CR LF line ends, and checksum-valid
//! lines that are forged, repeated or missing. Every intact entry must still count, and
//! every refused line must be named with its number. Records are copied from
//! `tests/records/` into temporary folders first.

mod support;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use convene::journal::{Change, Entry, encode};
use convene::live::{Fields, ItemId, ItemKind};

use support::{convene, read};

const RECORDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/records");
const FOLDER: &str = "2026-05-12-porsgrunn-citizen-lab";

/// The citizen-lab record under `data/records/`, its journal changed by `change`.
fn record_with(data: &Path, change: impl Fn(String) -> String) -> PathBuf {
    let dir = data.join("records").join(FOLDER);
    std::fs::create_dir_all(&dir).expect("create the record folder");
    let source = Path::new(RECORDS).join("citizen-lab");
    std::fs::copy(source.join("agenda.toml"), dir.join("agenda.toml")).expect("copy the agenda");
    let journal = change(read(&source.join("journal.jsonl")));
    std::fs::write(dir.join("journal.jsonl"), journal).expect("write the journal");
    dir
}

/// The warnings `convene` prints for a record's journals, one per problem.
fn warnings(dir: &Path, problems: &[&str]) -> String {
    problems.iter().map(|p| format!("warning: {}: {p}\n", dir.display())).collect()
}

fn golden_minutes() -> String {
    read(&Path::new(RECORDS).join("citizen-lab").join("minutes.md"))
}

/// What was done to a journal's text.
type Damage = dyn Fn(String) -> String;

#[test]
fn a_journal_with_a_damaged_or_deleted_header_or_crlf_lines_is_listed_and_gives_its_minutes() {
    let damaged = |journal: String| journal.replacen("Porsgrunn", "Porsgrunm", 1);
    let deleted = |journal: String| journal.split_once('\n').expect("a header").1.to_string();
    let crlf = |journal: String| journal.replace('\n', "\r\n");
    let stand_in = "the record's agenda.toml stands in for the journal's missing header";
    let cases: [(&str, &Damage, &str, Vec<&str>); 3] = [
        (
            "damaged header",
            &damaged,
            // Without its header the record is dated by its first entry.
            "2026-05-12 18:02",
            vec![
                "line 1 of the journal (its header) is damaged and was skipped; the entries after it were read",
                stand_in,
            ],
        ),
        (
            "deleted header",
            &deleted,
            "2026-05-12 18:02",
            vec![
                "the journal has no header line (line 1 is an entry); the entries were read without it",
                stand_in,
            ],
        ),
        (
            "CR LF line ends",
            &crlf,
            "2026-05-12 17:58",
            vec![
                "the journal's lines end in CR LF (it was saved by another program); they were read as plain lines",
            ],
        ),
    ];
    for (what, change, created, problems) in cases {
        let temp = tempfile::tempdir().expect("a temporary folder");
        let dir = record_with(temp.path(), change);

        let listed = convene(temp.path(), &["records"]);
        assert_eq!(listed.code, 0, "{what}: {}", listed.stderr);
        assert_eq!(
            listed.stdout,
            format!("{created}  ended       Porsgrunn Citizen Lab 2026  {}\n", dir.display()),
            "{what}: the record is listed"
        );

        let dir_arg = dir.to_str().expect("a UTF-8 path");
        let minutes = convene(temp.path(), &["minutes", dir_arg, "-o", "-"]);
        assert_eq!(minutes.code, 0, "{what}: {}", minutes.stderr);
        assert_eq!(minutes.stdout, golden_minutes(), "{what}: every entry counts");
        assert_eq!(minutes.stderr, warnings(&dir, &problems), "{what}: says what was wrong");
    }
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).expect("a time")
}

fn line(seq: u64, change: Change) -> String {
    encode(&Entry::format_1(seq, at("2026-05-12T20:55:00+02:00"), change))
}

fn forged_capture(seq: u64, item: u64) -> String {
    let fields = Fields { text: "Forged".into(), ..Fields::default() };
    line(
        seq,
        Change::ItemCaptured {
            item: ItemId::format_1(item),
            kind: ItemKind::Question,
            session: 1,
            offset_ms: 0,
            fields,
        },
    )
}

#[test]
fn forged_repeated_and_missing_entries_are_refused_by_line_and_the_minutes_keep_the_rest() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    // The record has 81 entries on lines 2 to 82; each added line has a valid checksum.
    let selected = line(85, Change::SessionSelected { session: 99 });
    let dir = record_with(temp.path(), |mut journal| {
        journal
            .push_str(&line(82, Change::SessionExtended { session: 1, timebox_s: 10u64.pow(13) }));
        journal.push_str(&forged_capture(83, u64::MAX)); // line 84
        journal.push_str(&forged_capture(84, 1)); // line 85: item 1 exists
        journal.push_str(&selected); // line 86
        journal.push_str(&selected); // line 87: the same line again
        journal.push_str(&line(88, Change::ItemMoved { item: ItemId::format_1(999), session: 0 })); // line 88
        journal
    });

    let dir_arg = dir.to_str().expect("a UTF-8 path");
    let minutes = convene(temp.path(), &["minutes", dir_arg, "-o", "-"]);
    assert_eq!(minutes.code, 0, "{}", minutes.stderr);
    // Nothing forged reaches the minutes; their last line says which entries they were
    // written from (the refused ones are in the journal too).
    assert_eq!(
        minutes.stdout,
        golden_minutes().replace(
            "Record: a format-1 journal of 81 entries.",
            "Record: a format-1 journal of 88 entries."
        ),
        "nothing forged reaches the minutes"
    );
    let problems = [
        "line 87 of the journal was not replayed: it is entry 85, but entry 85 came before it (a repeated or moved line)",
        "entries 86 to 87 are missing before line 88 of the journal (deleted or moved lines); the entries around them were replayed",
        "line 83 of the journal was not replayed: its timebox of 10000000000000 s is not between 1 s and 24 h",
        "line 84 of the journal was not replayed: item id 18446744073709551615 is above its entry's sequence number 83 (ids are given in turn from 1)",
        "line 85 of the journal was not replayed: item 1 was already captured; a second capture would hide the first",
        "line 86 of the journal was not replayed: it names session index 99, but the agenda has 9 sessions (0 to 8)",
        "line 88 of the journal was not replayed: item 999 was never captured",
    ];
    assert_eq!(minutes.stderr, warnings(&dir, &problems));
}

/// The first eleven entries of the citizen lab (session 2 running), the header deleted,
/// the lines ended in CR LF, and three forged lines with valid checksums after them.
fn unfinished_and_damaged(journal: String) -> String {
    let mut lines: Vec<String> =
        journal.lines().take(12).skip(1).map(|l| format!("{l}\n")).collect();
    lines.push(line(12, Change::SessionExtended { session: 1, timebox_s: 10u64.pow(13) }));
    lines.push(forged_capture(13, u64::MAX));
    lines.push(line(14, Change::SessionSelected { session: 99 }));
    lines.concat().replace('\n', "\r\n")
}

#[test]
fn resuming_a_record_with_a_lost_header_and_forged_lines_shows_what_was_refused() {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let data = temp.path().join("data");
    let dir = record_with(&data, unfinished_and_damaged);
    let dir_arg = dir.to_str().expect("a UTF-8 path");
    let pane = support::Pane::start(temp.path(), &data, &["run", "--resume", dir_arg], 200, 40);

    // The event continues where it was (session 2), with the problems on the screen.
    let screen =
        pane.wait_all(&["Session 2/9", "Rare earths in everyday life", "Resumed, but with "]);
    assert!(screen.contains("timebox 20m"), "{screen}");
    assert!(
        screen.contains("warnings (all printed when you leave); the first: the journal has no header line (line 1 is an entry)"),
        "{screen}"
    );
    // A new capture is saved after the forged lines and shown.
    pane.keys(&["q"]);
    pane.wait_text("question");
    pane.type_text("Is the dust monitored near the school?");
    pane.keys(&["Enter"]);
    pane.wait_text("Is the dust monitored near the school?");
    pane.keys(&["C-q"]);
    pane.wait_text("Leave convene?");
    pane.keys(&["y"]);
    pane.wait_exit();
    let output = pane.output();
    for problem in [
        "the journal's lines end in CR LF (it was saved by another program); they were read as plain lines",
        "the record's agenda.toml stands in for the journal's missing header",
        "line 12 of the journal was not replayed: its timebox of 10000000000000 s is not between 1 s and 24 h",
        "line 13 of the journal was not replayed: item id 18446744073709551615 is above its entry's sequence number 13 (ids are given in turn from 1)",
        "line 14 of the journal was not replayed: it names session index 99, but the agenda has 9 sessions (0 to 8)",
    ] {
        assert!(output.contains(problem), "{problem}\n{output}");
    }

    // Read again, the journal holds the new capture as entry 15 and refuses only the forged lines.
    let minutes = convene(&data, &["minutes", dir_arg, "-o", "-"]);
    assert_eq!(minutes.code, 0, "{}", minutes.stderr);
    assert!(
        minutes.stdout.contains("Is the dust monitored near the school?"),
        "{}",
        minutes.stdout
    );
    assert_eq!(minutes.stderr.lines().count(), 6, "{}", minutes.stderr);
}
