//! End-to-end tests of `convene minutes` and `convene records`: the real binary on the two
//! recorded events checked in under `tests/records/`, each copied into a temporary folder
//! first, so nothing is ever written into the repository.
//!
//! The golden files `tests/records/*/minutes.md` and `minutes.public.md` were written once by
//! `convene minutes` and read line by line against the Minutes section of PRODUCT.md. When
//! the minutes change on purpose, regenerate them with `convene minutes tests/records/NAME`
//! and read the diff before committing it.

mod support;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use convene::journal::{Change, parse};

use support::{Run as Output, convene, read};

const RECORDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/records");
const AGENDAS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/agendas");
const FIXTURES: [&str; 2] = ["citizen-lab", "policy-council"];

fn golden(name: &str, file: &str) -> String {
    read(&Path::new(RECORDS).join(name).join(file))
}

/// Copies a checked-in record (its agenda and journal only, not the golden minutes) to
/// `into/NAME`.
fn copy_record(name: &str, into: &Path) -> PathBuf {
    let dir = into.join(name);
    std::fs::create_dir_all(&dir).expect("create the record folder");
    for file in ["agenda.toml", "journal.jsonl"] {
        std::fs::copy(Path::new(RECORDS).join(name).join(file), dir.join(file))
            .expect("copy the record");
    }
    dir
}

/// The files in a folder, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("list the folder")
        .map(|e| e.expect("a folder entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

fn tempdir() -> tempfile::TempDir {
    tempfile::tempdir().expect("create a temporary folder")
}

#[test]
fn the_records_are_realistic_journals_of_the_sample_agendas() {
    for (name, agenda, date) in [
        ("citizen-lab", "citizen-lab.toml", "2026-05-12"),
        ("policy-council", "policy-council.toml", "2026-10-06"),
    ] {
        let dir = Path::new(RECORDS).join(name);
        let text = read(&dir.join("agenda.toml"));
        assert_eq!(text, read(&Path::new(AGENDAS).join(agenda)), "{name}: agenda as run");
        let contents = parse(&std::fs::read(dir.join("journal.jsonl")).expect("the journal"));
        assert!(contents.problems.is_empty(), "{name}: {:?}", contents.problems);
        assert!(contents.tail.is_empty(), "{name}: a torn last line");
        let header = contents.header.expect("a header line");
        assert_eq!(header.agenda_sha256, convene::record::agenda_hash(&text), "{name}");
        let entries = contents.entries;
        for (i, entry) in entries.iter().enumerate() {
            assert_eq!(entry.seq, i as u64 + 1, "{name}: sequence numbers without gaps");
            assert_eq!(entry.at.offset().local_minus_utc(), 2 * 3600, "{name}: +02:00");
            assert_eq!(entry.at.date_naive().to_string(), date, "{name}: on the agenda's day");
        }
        assert!(entries.windows(2).all(|w| w[0].at <= w[1].at), "{name}: times in order");
        assert_eq!(entries.last().map(|e| &e.change), Some(&Change::EventEnded), "{name}");
        let count = |f: fn(&Change) -> bool| entries.iter().filter(|e| f(&e.change)).count();
        assert!(count(|c| matches!(c, Change::SessionPaused { .. })) >= 1, "{name}: a pause");
        assert!(count(|c| matches!(c, Change::SessionExtended { .. })) >= 1, "{name}: extended");
        assert!(count(|c| matches!(c, Change::ItemEdited { .. })) >= 1, "{name}: an edit");
        assert!(count(|c| matches!(c, Change::ItemDeleted { .. })) >= 1, "{name}: a deletion");
        assert!(count(|c| matches!(c, Change::ItemMoved { .. })) >= 1, "{name}: a move");
        assert!(count(|c| matches!(c, Change::ItemAnswered { .. })) >= 3, "{name}: answers");
    }
}

#[test]
fn minutes_of_a_record_folder_equal_the_golden_files() {
    for name in FIXTURES {
        let temp = tempdir();
        let dir = copy_record(name, temp.path());
        let journal = read(&dir.join("journal.jsonl"));

        let out = convene(temp.path(), &[OsStr::new("minutes"), dir.as_os_str()]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert_eq!(out.stderr, "", "{name}");
        let internal = dir.join("minutes.md");
        let public = dir.join("minutes.public.md");
        assert_eq!(out.stdout, format!("{}\n{}\n", internal.display(), public.display()));
        assert_eq!(read(&internal), golden(name, "minutes.md"), "{name}: internal minutes");
        assert_eq!(read(&public), golden(name, "minutes.public.md"), "{name}: public minutes");
        // Nothing else is left behind, and the journal is only read.
        assert_eq!(
            files(&dir),
            ["agenda.toml", "journal.jsonl", "minutes.md", "minutes.public.md"],
            "{name}"
        );
        assert_eq!(read(&dir.join("journal.jsonl")), journal, "{name}: the journal changed");

        // Again: the same bytes.
        let first = (std::fs::read(&internal).unwrap(), std::fs::read(&public).unwrap());
        let again = convene(temp.path(), &[OsStr::new("minutes"), dir.as_os_str()]);
        assert_eq!((again.code, &again.stdout), (0, &out.stdout), "{name}: {}", again.stderr);
        assert_eq!(std::fs::read(&internal).unwrap(), first.0, "{name}: internal changed");
        assert_eq!(std::fs::read(&public).unwrap(), first.1, "{name}: public changed");
    }
}

#[test]
fn minutes_to_standard_output_from_the_journal_path() {
    for name in FIXTURES {
        let temp = tempdir();
        let dir = copy_record(name, temp.path());
        let journal = dir.join("journal.jsonl");
        let journal = journal.to_str().expect("a UTF-8 path");

        let out = convene(temp.path(), &["minutes", journal, "-o", "-", "--public"]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert_eq!(out.stderr, "", "{name}");
        assert_eq!(out.stdout, golden(name, "minutes.public.md"), "{name}: public on stdout");

        let out = convene(temp.path(), &["minutes", journal, "-o", "-"]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        assert_eq!(out.stdout, golden(name, "minutes.md"), "{name}: internal on stdout");

        // Printing writes nothing into the record.
        assert_eq!(files(&dir), ["agenda.toml", "journal.jsonl"], "{name}");
    }
}

#[test]
fn minutes_to_a_chosen_file() {
    let temp = tempdir();
    let dir = copy_record("policy-council", temp.path());
    let out_dir = temp.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();

    let public = out_dir.join("council-public.md");
    let out = convene(
        temp.path(),
        &[OsStr::new("minutes"), dir.as_os_str(), OsStr::new("--public"), OsStr::new("-o")]
            .into_iter()
            .chain([public.as_os_str()])
            .collect::<Vec<_>>(),
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, format!("{}\n", public.display()));
    assert_eq!(read(&public), golden("policy-council", "minutes.public.md"));

    let internal = out_dir.join("council.md");
    std::fs::write(&internal, "an older version\n").unwrap();
    let out = convene(
        temp.path(),
        &[OsStr::new("minutes"), dir.as_os_str(), OsStr::new("--output"), internal.as_os_str()],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, format!("{}\n", internal.display()));
    assert_eq!(read(&internal), golden("policy-council", "minutes.md"), "replaced whole");

    assert_eq!(files(&out_dir), ["council-public.md", "council.md"]);
    assert_eq!(files(&dir), ["agenda.toml", "journal.jsonl"]);
}

/// The golden minutes with the provisional mark after the title, as an unfinished record
/// gives them: their last line counts one entry less (the end of the event).
fn provisional(minutes: &str) -> String {
    let (title, rest) = minutes.split_once("\n\n").expect("a title line");
    let (rest, record) =
        rest.rsplit_once("\nRecord: a format-1 journal of ").expect("a record line");
    let entries: u64 = record.trim_end_matches(" entries.\n").parse().expect("a count");
    format!(
        "{title}\n\n**Provisional:** the event has not ended; these minutes were written from an \
         unfinished record.\n\n{rest}\nRecord: a format-1 journal of {} entries.\n",
        entries - 1
    )
}

#[test]
fn a_record_without_an_end_gives_provisional_minutes() {
    for name in FIXTURES {
        assert!(!golden(name, "minutes.md").contains("Provisional"));
        let temp = tempdir();
        let dir = copy_record(name, temp.path());
        // The laptop died right after the last session ended: no end of the event.
        let journal = read(&dir.join("journal.jsonl"));
        let lines: Vec<&str> = journal.lines().collect();
        assert!(lines[lines.len() - 1].contains("\"event\":\"event_ended\""));
        let cut: String = lines[..lines.len() - 1].iter().map(|l| format!("{l}\n")).collect();
        std::fs::write(dir.join("journal.jsonl"), cut).unwrap();

        let out = convene(temp.path(), &[OsStr::new("minutes"), dir.as_os_str()]);
        assert_eq!(out.code, 0, "{name}: {}", out.stderr);
        for file in ["minutes.md", "minutes.public.md"] {
            assert_eq!(
                read(&dir.join(file)),
                provisional(&golden(name, file)),
                "{name}: {file} of an unfinished record"
            );
        }
    }
}

/// A session still running when the journal stops counts until its last entry.
#[test]
fn a_session_still_running_counts_until_the_last_entry() {
    let temp = tempdir();
    let dir = copy_record("citizen-lab", temp.path());
    let journal = read(&dir.join("journal.jsonl"));
    let lines: Vec<&str> = journal.lines().collect();
    // Without the end of the wrap-up and of the event: the last entry is the note at 20:52:30.
    let cut: String = lines[..lines.len() - 2].iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(dir.join("journal.jsonl"), cut).unwrap();

    let out = convene(temp.path(), &[OsStr::new("minutes"), dir.as_os_str()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let minutes = read(&dir.join("minutes.md"));
    assert!(minutes.contains("\n**Provisional:** "), "{minutes}");
    assert!(minutes.contains("| Time | 18:02–20:52 (planned 18:00–20:55) |"), "{minutes}");
    assert!(
        minutes.contains(
            "- Duration: planned 2h 55m (all sessions), actual 2h 49m 05s (sessions held)\n"
        ),
        "{minutes}"
    );
    assert!(
        minutes.contains(
            "| 9 | Wrap-up and next steps | 20:50–20:55 | 20:48 | 5m | 4m\u{a0}25s | −35s |"
        ),
        "{minutes}"
    );
    assert!(minutes.contains("*plenary · lead Clara · 20:48 · 4m 25s of 5m*"), "{minutes}");
}

/// What is wrong with a failed run, if anything: it must exit 1, print nothing on stdout
/// and one `error:` line on stderr that names `names`.
fn one_error(out: &Output, names: &str) -> Result<(), String> {
    let lines: Vec<&str> = out.stderr.lines().collect();
    if out.code != 1 {
        Err(format!("exit code {}", out.code))
    } else if !out.stdout.is_empty() {
        Err(format!("stdout {:?}", out.stdout))
    } else if lines.len() != 1 || !lines[0].contains("error: ") {
        Err(format!("not one error line but {} lines:\n{}", lines.len(), out.stderr))
    } else if !lines[0].contains(names) {
        Err(format!("the error does not name {names:?}: {}", lines[0]))
    } else {
        Ok(())
    }
}

#[test]
fn a_path_that_is_not_a_record_is_one_error_line() {
    let temp = tempdir();
    let t = temp.path();
    std::fs::create_dir(t.join("empty")).unwrap();
    std::fs::write(t.join("notes.txt"), "not a journal\n").unwrap();
    let garbled = copy_record("citizen-lab", t);
    std::fs::write(garbled.join("journal.jsonl"), "{\"not\": \"a journal\"}\n").unwrap();

    let mut failures = Vec::new();
    for (path, names) in [
        (t.join("missing"), "missing"),
        (t.join("notes.txt"), "notes.txt"),
        (garbled.join("journal.jsonl"), "journal.jsonl"),
        (garbled.clone(), "journal.jsonl"),
        (t.join("missing").join("journal.jsonl"), "missing"),
        (t.join("empty"), "empty"),
        (t.join("empty").join("journal.jsonl"), "empty"),
    ] {
        let out = convene(t, &[OsStr::new("minutes"), path.as_os_str()]);
        if let Err(wrong) = one_error(&out, names) {
            failures.push(format!("convene minutes {}: {wrong}", path.display()));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // Nothing was written anywhere.
    assert_eq!(files(t), ["citizen-lab", "empty", "notes.txt"]);
    assert_eq!(files(&t.join("empty")), Vec::<String>::new());
    assert_eq!(files(&garbled), ["agenda.toml", "journal.jsonl"]);
}

#[test]
fn minutes_to_a_folder_that_does_not_exist_is_one_error_line() {
    let temp = tempdir();
    let dir = copy_record("citizen-lab", temp.path());
    let target = temp.path().join("no-such-folder").join("minutes.md");
    let out = convene(
        temp.path(),
        &[OsStr::new("minutes"), dir.as_os_str(), OsStr::new("-o"), target.as_os_str()],
    );
    assert_eq!(one_error(&out, "no-such-folder"), Ok(()), "-o into a missing folder");
    assert_eq!(files(&dir), ["agenda.toml", "journal.jsonl"]);
}

#[test]
fn records_lists_every_recorded_event() {
    let temp = tempdir();
    let data = temp.path().join("data");
    let records = data.join("records");
    std::fs::create_dir_all(&records).unwrap();
    let lab = records.join("2026-05-12-porsgrunn-citizen-lab-2026");
    std::fs::rename(copy_record("citizen-lab", &records), &lab).unwrap();
    let council = records.join("2026-10-06-policy-council-2026-rare-earths-made-in-europe");
    std::fs::rename(copy_record("policy-council", &records), &council).unwrap();
    // A second run of the lab that never ended.
    let unfinished = records.join("2026-05-12-porsgrunn-citizen-lab-2026-2");
    std::fs::rename(copy_record("citizen-lab", &records), &unfinished).unwrap();
    let journal = read(&unfinished.join("journal.jsonl"));
    let lines: Vec<&str> = journal.lines().collect();
    let cut: String = lines[..20].iter().map(|l| format!("{l}\n")).collect();
    std::fs::write(unfinished.join("journal.jsonl"), cut).unwrap();
    // A folder without a journal is not a record.
    std::fs::create_dir(records.join("stray-folder")).unwrap();

    let out = convene(&data, &["records"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stderr, "");
    let expected = [
        format!("2026-05-12 17:58  ended       Porsgrunn Citizen Lab 2026  {}", lab.display()),
        format!(
            "2026-05-12 17:58  unfinished  Porsgrunn Citizen Lab 2026  {}",
            unfinished.display()
        ),
        format!(
            "2026-10-06 09:21  ended       Policy Council 2026: Rare earths made in Europe  {}",
            council.display()
        ),
    ];
    assert_eq!(out.stdout.lines().collect::<Vec<_>>(), expected);
    // Listing writes nothing.
    assert_eq!(files(&lab), ["agenda.toml", "journal.jsonl"]);
}

#[test]
fn records_says_when_there_are_none() {
    let temp = tempdir();
    // No records folder at all, then an empty one.
    for make in [false, true] {
        let data = temp.path().join(format!("data-{make}"));
        std::fs::create_dir_all(&data).unwrap();
        if make {
            std::fs::create_dir(data.join("records")).unwrap();
        }
        let out = convene(&data, &["records"]);
        assert_eq!(out.code, 0, "{}", out.stderr);
        assert_eq!(
            out.stdout,
            format!(
                "No recorded events in {}; `convene run AGENDA` records one.\n",
                data.join("records").display()
            )
        );
        assert_eq!(out.stderr, "");
    }
}

/// A named council where two people did not consent. The note-taker typed their names into
/// the text of items, as one does in a hurry; `convene minutes` keeps them in the internal
/// minutes and replaces them in the public ones.
#[test]
fn names_typed_in_the_text_are_replaced_in_the_public_minutes() {
    use convene::live::ItemKind;

    let agenda_text = r#"
title = "Truck route council"
kind = "council"
date = 2026-05-12
start = "18:00"
attribution = "named"

[team]
facilitator = "Clara"
note_taker = "Jonas"

[[groups]]
id = "residents"
name = "Local residents"

[[participants]]
name = "Ingrid Solberg"
group = "residents"
consent = false

[[participants]]
name = "Lena Vogt"
consent = false

[[participants]]
name = "Åse Kristiansen"
group = "residents"
consent = true

[[sessions]]
title = "Traffic"
duration = "30m"
lead = "Åse Kristiansen"
"#;
    let temp = tempdir();
    let agenda = convene::agenda::parse_agenda(agenda_text).agenda.expect("a valid agenda");
    let at = |minute: u32| {
        chrono::DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00"))
            .expect("a valid time")
    };
    let device = convene::record::device_id(temp.path()).expect("a device id");
    let (mut record, mut stamp) =
        convene::record::create(temp.path(), device, &agenda, agenda_text, at(0))
            .expect("a new record");
    let mut changes = vec![Change::SessionStarted { session: 0, elapsed_ms: 0 }];
    for (item, (kind, line)) in [
        (ItemKind::Action, "Ask Ingrid Solberg's association for truck counts >Ingrid"),
        (ItemKind::Concern, "lena vogt and ASE say the trucks pass at 07:30 @Lena"),
        (ItemKind::Question, "Can Ingrids neighbours see the counts? @Åse"),
    ]
    .into_iter()
    .enumerate()
    {
        let fields = convene::capture::parse(line, &agenda).fields;
        let offset_ms = (item as u64 + 1) * 60_000;
        // The id is given when the change is stamped.
        let item = Default::default();
        changes.push(Change::ItemCaptured { item, kind, session: 0, offset_ms, fields });
    }
    changes.push(Change::SessionEnded { session: 0, elapsed_ms: 20 * 60_000 });
    changes.push(Change::EventEnded);
    for (change, minute) in changes.into_iter().zip([0, 1, 2, 3, 20, 20]) {
        let entry = stamp.entry(change, at(minute));
        record.journal.append(entry).expect("a durable entry");
    }
    let dir = record.dir.clone();
    drop(record);

    let out = convene(temp.path(), &[OsStr::new("minutes"), dir.as_os_str()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let public = read(&dir.join("minutes.public.md"));
    for line in [
        // A lead who consented is named, by the same rule as an owner.
        "*lead Åse Kristiansen · 18:00–18:20 · 20m of 30m*",
        "- **Action** 18:01: Ask a participant from Local residents's association for truck counts · owner: a participant from Local residents",
        "- **Concern** 18:02: a participant and ASE say the trucks pass at 07:30",
        "- **Question** 18:03: Can a participant from Local residents's neighbours see the counts? — *Åse Kristiansen* · **open**",
        "| Ask a participant from Local residents's association for truck counts | a participant from Local residents | — | 1. Traffic |",
    ] {
        assert!(public.lines().any(|l| l == line), "{line}\n{public}");
    }
    for name in ["Ingrid", "Solberg", "Lena", "lena", "Vogt", "vogt"] {
        assert!(!public.contains(name), "{name} in the public minutes:\n{public}");
    }
    let internal = read(&dir.join("minutes.md"));
    assert!(
        internal.contains(
            ": Ask Ingrid Solberg's association for truck counts · owner: Ingrid Solberg"
        ),
        "{internal}"
    );
    assert!(internal.contains(": lena vogt and ASE say"), "{internal}");
}
