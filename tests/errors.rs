//! What goes wrong with a record, its journal or its minutes comes back as a typed error
//! (which file, which folder, what failed), and each renders as one line: what, where, and
//! how to go on.

use std::path::Path;

use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::minutes::{MinutesError, write_record};
use convene::record::{self, RecordError};

fn now() -> chrono::DateTime<chrono::FixedOffset> {
    chrono::DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").expect("a valid time")
}

fn one_line(error: &dyn std::error::Error) -> String {
    let text = error.to_string();
    assert!(!text.contains('\n'), "more than one line: {text:?}");
    text
}

#[test]
fn a_record_open_in_another_convene_is_busy_and_names_the_holder() {
    let data = tempfile::tempdir().expect("a temporary folder");
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda loads");
    let device = record::device_id(data.path()).expect("a device id");
    let (open, _) =
        record::create(data.path(), device, &agenda, DEMO_AGENDA, now()).expect("a new record");

    let error = record::lock(&open.dir).expect_err("the record is locked");
    let holder = format!("process {}", std::process::id());
    match &error {
        RecordError::Busy { dir, holder: who } => {
            assert_eq!(dir, &open.dir);
            assert_eq!(who, &holder);
        }
        other => panic!("expected Busy, got {other:?}"),
    }
    assert_eq!(
        one_line(&error),
        format!(
            "the record {} is open in another convene ({holder}); close that one first",
            open.dir.display()
        )
    );
}

#[test]
fn a_folder_without_a_journal_is_not_a_record() {
    let data = tempfile::tempdir().expect("a temporary folder");
    let folder = data.path().join("holiday-photos");
    std::fs::create_dir(&folder).expect("a folder");

    let error = record::discard(data.path(), &folder).expect_err("not a record");
    assert!(matches!(&error, RecordError::NotARecord { dir } if dir == &folder), "{error:?}");
    assert_eq!(
        one_line(&error),
        format!(
            "{} is not a record: it holds no journal.jsonl and no journals/; `convene records` lists the records",
            folder.display()
        )
    );
    assert!(folder.is_dir(), "the folder stays where it was");
}

#[test]
fn a_journal_without_header_or_entry_is_not_a_convene_journal() {
    let data = tempfile::tempdir().expect("a temporary folder");
    let dir = data.path();
    std::fs::write(dir.join(record::JOURNAL_FILE), "shopping list\n").expect("a file");

    let error = record::read_journal(dir).expect_err("no header");
    let path = dir.join(record::JOURNAL_FILE);
    assert!(matches!(&error, RecordError::NotAJournal { path: p } if p == &path), "{error:?}");
    assert_eq!(
        one_line(&error),
        format!(
            "{} is not a convene journal (no valid header line, no entry); `convene records` lists the records",
            path.display()
        )
    );
}

#[test]
fn minutes_that_cannot_be_written_name_the_file_and_the_way_on() {
    let data = tempfile::tempdir().expect("a temporary folder");
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda loads");
    let gone = data.path().join("gone");

    let error = write_record(&gone, &agenda, &[]).expect_err("the folder does not exist");
    let MinutesError::Write { path, record, source } = &error;
    assert_eq!(path, &gone.join("minutes.md"));
    assert_eq!(record, &gone);
    assert_eq!(
        one_line(&error),
        format!(
            "cannot write {}: {source}; the journal still holds everything: write them elsewhere with `convene minutes {} -o FILE`, or fix that and write them again",
            path.display(),
            gone.display()
        )
    );
}

#[test]
fn a_data_folder_given_is_taken_as_it_is() {
    let chosen = Path::new("/srv/convene");
    assert_eq!(record::data_dir(Some(chosen)).expect("no error"), chosen);
    assert_eq!(
        RecordError::NoHome.to_string(),
        "no home folder to keep records in; pass --data-dir DIR"
    );
}

#[test]
fn an_agenda_that_cannot_be_read_is_told_once_with_its_place() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_convene"))
        .args(["run", "missing.toml", "--data-dir"])
        .arg(dir.path().join("data"))
        .current_dir(dir.path())
        .output()
        .expect("convene runs");
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(String::from_utf8_lossy(&output.stdout), "");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "{stderr}");
    assert!(lines[0].starts_with("missing.toml"), "{stderr}");
    assert!(!stderr.contains("error: error"), "{stderr}");
}
