//! `convene minutes` and `convene records` against records a user (or a crash, or a forged
//! file) left in an odd state: the real binary, on copies of the checked-in records.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use support::{Run as Output, convene};

const RECORDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/records");

/// Copies a checked-in record (agenda and journal) to `data/records/NAME`.
fn copy_record(name: &str, data: &Path) -> PathBuf {
    let dir = data.join("records").join(name);
    std::fs::create_dir_all(&dir).expect("create the record folder");
    for file in ["agenda.toml", "journal.jsonl"] {
        std::fs::copy(Path::new(RECORDS).join(name).join(file), dir.join(file))
            .expect("copy the record");
    }
    dir
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo").arg(path).status().expect("run mkfifo");
    assert!(status.success(), "mkfifo {}", path.display());
}

fn is_fifo(path: &Path) -> bool {
    use std::os::unix::fs::FileTypeExt;
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_fifo())
}

fn one_error_line(out: &Output) -> &str {
    assert_eq!(out.code, 1, "stdout: {}\nstderr: {}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "");
    assert_eq!(out.stderr.lines().count(), 1, "{}", out.stderr);
    out.stderr.trim_end()
}

#[test]
fn minutes_refuse_a_journal_recorded_with_another_agenda() {
    let data = tempfile::tempdir().unwrap();
    let lab = copy_record("citizen-lab", data.path());
    // The council's journal copied over the lab's: its items must not be filed under the
    // lab's sessions.
    std::fs::copy(
        Path::new(RECORDS).join("policy-council/journal.jsonl"),
        lab.join("journal.jsonl"),
    )
    .unwrap();
    let out = convene(data.path(), &["minutes", lab.to_str().unwrap()]);
    assert_eq!(
        one_error_line(&out),
        format!(
            "error: the journal {}/journal.jsonl does not belong to {}/agenda.toml: it was recorded with another agenda; put each journal in the record folder of the agenda it was run with",
            lab.display(),
            lab.display()
        )
    );
    assert!(!lab.join("minutes.md").exists());
}

#[test]
fn minutes_take_a_record_by_the_folder_name_records_lists() {
    let data = tempfile::tempdir().unwrap();
    let lab = copy_record("citizen-lab", data.path());
    let listed = convene(data.path(), &["records"]);
    assert!(listed.stdout.contains(lab.to_str().unwrap()), "{}", listed.stdout);
    let out = convene(data.path(), &["minutes", "citizen-lab"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        format!("{}/minutes.md\n{}/minutes.public.md\n", lab.display(), lab.display())
    );
    let golden =
        std::fs::read_to_string(Path::new(RECORDS).join("citizen-lab/minutes.md")).unwrap();
    assert_eq!(std::fs::read_to_string(lab.join("minutes.md")).unwrap(), golden);
}

#[test]
fn minutes_output_never_replaces_a_link_a_pipe_or_a_device() {
    let data = tempfile::tempdir().unwrap();
    let lab = copy_record("citizen-lab", data.path());
    let lab = lab.to_str().unwrap();
    let target = data.path().join("precious.md");
    std::fs::write(&target, "keep me").unwrap();
    let link = data.path().join("link.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = convene(data.path(), &["minutes", lab, "-o", link.to_str().unwrap()]);
    assert_eq!(
        one_error_line(&out),
        format!(
            "error: cannot write {}: it is a symbolic link, not a regular file; minutes replace only regular files (give another path, or - for standard output)",
            link.display()
        )
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "keep me");
    assert!(std::fs::symlink_metadata(&link).unwrap().file_type().is_symlink());

    let fifo = data.path().join("pipe.md");
    mkfifo(&fifo);
    let out = convene(data.path(), &["minutes", lab, "-o", fifo.to_str().unwrap()]);
    assert!(one_error_line(&out).contains("it is a named pipe (FIFO), not a regular file"));
    assert!(is_fifo(&fifo));

    // As root, this once turned /dev/null into a regular file.
    let out = convene(data.path(), &["minutes", lab, "-o", "/dev/null"]);
    assert!(one_error_line(&out).contains("it is a character device, not a regular file"));
    use std::os::unix::fs::FileTypeExt;
    assert!(std::fs::metadata("/dev/null").unwrap().file_type().is_char_device());

    // /dev/stdout is the stream itself.
    let out = convene(data.path(), &["minutes", lab, "-o", "/dev/stdout"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let golden =
        std::fs::read_to_string(Path::new(RECORDS).join("citizen-lab/minutes.md")).unwrap();
    assert_eq!(out.stdout, golden);
}

#[test]
fn a_pipe_or_a_device_in_a_record_is_refused_at_once() {
    let data = tempfile::tempdir().unwrap();
    let lab = copy_record("citizen-lab", data.path());
    let piped = data.path().join("records/piped");
    std::fs::create_dir_all(&piped).unwrap();
    mkfifo(&piped.join("journal.jsonl"));
    let zero = data.path().join("records/zero");
    std::fs::create_dir_all(&zero).unwrap();
    std::os::unix::fs::symlink("/dev/zero", zero.join("journal.jsonl")).unwrap();

    // `records` lists the good record and neither waits on the pipe nor reads /dev/zero.
    let out = convene(data.path(), &["records"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.stdout);
    assert!(out.stdout.trim_end().ends_with(lab.to_str().unwrap()), "{}", out.stdout);

    let out = convene(data.path(), &["minutes", "piped"]);
    assert_eq!(
        one_error_line(&out),
        format!(
            "error: cannot read {}/journal.jsonl: it is a named pipe (FIFO), not a regular file; convene reads and writes only regular files",
            piped.display()
        )
    );
    let out = convene(data.path(), &["minutes", zero.to_str().unwrap()]);
    assert!(one_error_line(&out).ends_with(
        "it is a symbolic link, not a regular file; convene reads and writes only regular files"
    ));
}

#[test]
fn a_discarded_record_goes_to_the_trash_not_away() {
    let data = tempfile::tempdir().unwrap();
    let lab = copy_record("citizen-lab", data.path());
    copy_record("policy-council", data.path());
    let out = convene(data.path(), &["records", "--discard", "citizen-lab"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let trash = data.path().join("trash/citizen-lab");
    assert_eq!(
        out.stdout,
        format!("moved {} to {}; move it back to restore it\n", lab.display(), trash.display())
    );
    assert!(!lab.exists());
    assert!(trash.join("journal.jsonl").is_file() && trash.join("agenda.toml").is_file());
    let listed = convene(data.path(), &["records"]);
    assert_eq!(listed.stdout.lines().count(), 1, "{}", listed.stdout);
    assert!(listed.stdout.contains("policy-council"), "{}", listed.stdout);

    let out = convene(data.path(), &["records", "--discard", "no-such-record"]);
    assert_eq!(
        one_error_line(&out),
        format!(
            "error: there is no record no-such-record; `convene records` lists the records (a discarded one is in {})",
            data.path().join("trash").display()
        )
    );
    // Discarding it again: it is already in the trash.
    let out = convene(data.path(), &["records", "--discard", "citizen-lab"]);
    assert!(
        one_error_line(&out).starts_with("error: there is no record citizen-lab;"),
        "{}",
        out.stderr
    );
    // A folder that is not a record is named as such.
    std::fs::create_dir_all(data.path().join("records/empty")).unwrap();
    let out = convene(data.path(), &["records", "--discard", "empty"]);
    assert!(
        one_error_line(&out).ends_with(
            "is not a record: it holds no journal.jsonl and no journals/; `convene records` lists the records"
        ),
        "{}",
        out.stderr
    );
}
