//! `convene merge`: copies of one record, captured on separately on three laptops, merged
//! in every order and with duplicates, give byte-identical minutes holding everyone's items.

mod support;

use std::path::{Path, PathBuf};

use chrono::{DateTime, FixedOffset};
use convene::agenda::{DEMO_AGENDA, parse_agenda};
use convene::event::{Change, DeviceId, Fields, ItemId, ItemKind};
use convene::record;
use support::{convene, read};

fn at(minute: u32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00")).expect("a time")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a folder to copy").flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else if entry.file_name() != "lock" {
            std::fs::copy(entry.path(), &target).expect("copy a file");
        }
    }
}

fn capture(kind: ItemKind, session: usize, text: &str) -> Change {
    let fields = Fields { text: text.into(), ..Fields::default() };
    Change::ItemCaptured { item: ItemId::default(), kind, session, offset_ms: 60_000, fields }
}

/// Continues the record in `dir` on the laptop whose data folder is `data` (as
/// `convene run --resume` does) and journals `changes`; returns the ids of its captures. A
/// laptop that only captures leaves the sessions to the one that runs them.
fn capture_on(data: &Path, dir: &Path, changes: Vec<(u32, Change)>) -> Vec<ItemId> {
    let device = record::device_id(data).expect("a device id");
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
    let mut reopened = record::reopen_with(dir, device, DEMO_AGENDA, &agenda).expect("resume");
    let mut ids = Vec::new();
    // Only an edited agenda needs a first change; this one is not edited.
    assert!(reopened.first.is_empty());
    for (minute, change) in changes {
        let entry = reopened.stamp.entry(change, at(minute));
        if let Change::ItemCaptured { item, .. } = entry.change {
            ids.push(item);
        }
        reopened.record.journal.append(entry).expect("a durable entry");
    }
    ids
}

/// The internal minutes of a record, as `convene minutes RECORD -o -` prints them.
fn minutes(data: &Path, dir: &Path) -> String {
    let out = convene(data, &["minutes".as_ref(), dir.as_os_str(), "-o".as_ref(), "-".as_ref()]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

struct Lab {
    _temp: tempfile::TempDir,
    root: PathBuf,
    /// The record as each of the three laptops left it.
    copies: Vec<PathBuf>,
}

/// A record made on laptop A, then copied to B and C; each laptop captures on its own copy.
fn three_laptops() -> Lab {
    let temp = tempfile::tempdir().expect("a temporary folder");
    let root = temp.path().to_path_buf();
    let datas: Vec<PathBuf> = ["a", "b", "c"].iter().map(|n| root.join(n)).collect();
    // Device ids in a known order: B and C sort before A, so a merge meets their journals
    // first (a refusal over A's journal must still leave the record untouched).
    for (data, id) in datas.iter().zip([
        "v0000000000000000000000000",
        "10000000000000000000000000",
        "20000000000000000000000000",
    ]) {
        std::fs::create_dir_all(data).expect("a data folder");
        std::fs::write(data.join("device"), format!("{id}\n")).expect("a device file");
    }
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
    let device_a = record::device_id(&datas[0]).expect("a device id");
    let (made, _) =
        record::create(&datas[0], device_a, &agenda, DEMO_AGENDA, at(0)).expect("create");
    let original = made.dir.clone();
    drop(made);
    let shared = capture_on(
        &datas[0],
        &original,
        vec![
            (0, Change::SessionStarted { session: 0, elapsed_ms: 0 }),
            (1, capture(ItemKind::Question, 0, "Will the dust reach the school?")),
            (2, capture(ItemKind::Concern, 0, "Trucks through the village at night")),
        ],
    );
    let copies: Vec<PathBuf> =
        ["a", "b", "c"].iter().map(|n| root.join(format!("copy-{n}"))).collect();
    for copy in &copies {
        copy_dir(&original, copy);
    }
    let (dust, trucks) = (shared[0], shared[1]);
    // A keeps facilitating: ends the first session, answers and edits.
    capture_on(
        &datas[0],
        &copies[0],
        vec![
            (5, capture(ItemKind::Action, 0, "Publish the monthly dust measurements")),
            (6, Change::ItemAnswered { item: dust, answer: "Yes, within 2 km".into() }),
            (7, Change::SessionEnded { session: 0, elapsed_ms: 420_000 }),
        ],
    );
    // B, at the same minutes: a capture, another answer, an edit and a move.
    capture_on(
        &datas[1],
        &copies[1],
        vec![
            (5, capture(ItemKind::Idea, 0, "An open day at the pilot plant")),
            (6, Change::ItemAnswered { item: dust, answer: "The municipality measures it".into() }),
            (
                7,
                Change::ItemEdited {
                    item: trucks,
                    kind: ItemKind::Concern,
                    fields: Fields {
                        text: "Trucks through the village at 05:00".into(),
                        ..Fields::default()
                    },
                },
            ),
            (8, Change::ItemMoved { item: trucks, session: 1 }),
        ],
    );
    // C deletes what B edited and moved: the delete wins.
    capture_on(
        &datas[2],
        &copies[2],
        vec![
            (6, capture(ItemKind::Question, 0, "Who pays for the monitoring?")),
            (9, Change::ItemDeleted { item: trucks }),
        ],
    );
    Lab { _temp: temp, root, copies }
}

#[test]
fn copies_merged_in_any_order_and_again_give_byte_identical_minutes() {
    let lab = three_laptops();
    let data = lab.root.join("merging");
    let orders = [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]];
    let mut all = Vec::new();
    for (n, order) in orders.iter().enumerate() {
        let target = lab.root.join(format!("merged-{n}"));
        copy_dir(&lab.copies[order[0]], &target);
        let rest: Vec<&Path> = order[1..].iter().map(|&i| lab.copies[i].as_path()).collect();
        let mut args = vec!["merge".as_ref(), target.as_os_str()];
        args.extend(rest.iter().map(|p| p.as_os_str()));
        let out = convene(&data, &args);
        assert_eq!(out.code, 0, "{}", out.stderr);
        // Merging the same copies again, and the first one into itself, changes nothing.
        let again = convene(&data, &args);
        assert_eq!(again.code, 0, "{}", again.stderr);
        assert!(again.stdout.lines().all(|l| l.ends_with("nothing new")), "{}", again.stdout);
        let first = lab.copies[order[0]].as_os_str();
        let itself = convene(&data, &["merge".as_ref(), target.as_os_str(), first]);
        assert!(itself.stdout.ends_with("nothing new\n"), "{}", itself.stdout);
        all.push(minutes(&data, &target));
    }
    for (n, text) in all.iter().enumerate() {
        assert_eq!(text, &all[0], "order {:?} gives other minutes than {:?}", orders[n], orders[0]);
    }
    let text = &all[0];
    // Everyone's captures are there, once each.
    for said in [
        "Will the dust reach the school?",
        "Publish the monthly dust measurements",
        "An open day at the pilot plant",
        "Who pays for the monitoring?",
    ] {
        let listed = text.lines().filter(|l| l.starts_with("- **") && l.contains(said)).count();
        assert_eq!(listed, 1, "{said}: {text}");
    }
    // Two answers from two laptops: both kept, in clock order.
    let a = text.find("Yes, within 2 km").expect("A's answer");
    let b = text.find("The municipality measures it").expect("B's answer");
    assert!(a < b, "A answered first: {text}");
    // Deleted on C after B's edit and move: gone from the minutes.
    assert!(!text.contains("Trucks through the village"), "{text}");
}

#[test]
fn a_copy_of_another_record_or_a_forked_journal_is_refused() {
    let lab = three_laptops();
    let data = lab.root.join("merging");
    // Another event altogether.
    let other_data = lab.root.join("other");
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
    let device = record::device_id(&other_data).expect("a device id");
    let (other, _) =
        record::create(&other_data, device, &agenda, DEMO_AGENDA, at(3)).expect("create");
    let other_dir = other.dir.clone();
    drop(other);
    let out = convene(&data, &["merge".as_ref(), lab.copies[0].as_os_str(), other_dir.as_os_str()]);
    assert_eq!(out.code, 1);
    assert!(out.stderr.contains("is not a copy of the record"), "{}", out.stderr);

    // The same laptop went on in two copies: its journal forks.
    let fork = lab.root.join("fork");
    copy_dir(&lab.copies[1], &fork);
    capture_on(&lab.root.join("a"), &fork, vec![(12, capture(ItemKind::Note, 0, "written twice"))]);
    let out = convene(&data, &["merge".as_ref(), lab.copies[0].as_os_str(), fork.as_os_str()]);
    assert_eq!(out.code, 1, "{}", out.stdout);
    let device_a = record::device_id(&lab.root.join("a")).expect("a device id");
    assert_eq!(
        out.stderr.trim_end(),
        format!(
            "error: journals/{device_a}.jsonl of {} and of {} differ from line 6 on: the same device went on writing two copies of the record; keep one of them (move the other copy's journals/{device_a}.jsonl away) and merge again",
            lab.copies[0].display(),
            fork.display()
        )
    );
    // Nothing was written into the record: not the forked lines, nor B's journal, which the
    // copy holds and the record lacks.
    let journal = read(&record::journal_path(&lab.copies[0], device_a));
    assert!(!journal.contains("written twice"));
    let device_b = record::device_id(&lab.root.join("b")).expect("a device id");
    assert!(!record::journal_path(&lab.copies[0], device_b).exists());
    let _ = DeviceId::FORMAT_1;
}

/// The hub's inbox of phone submissions keeps its name in every copy merged into
/// (`<hub>-inbox.jsonl`): one journal of the inbox's device, never two.
#[test]
fn a_merged_inbox_journal_keeps_its_name_and_merges_once() {
    let lab = three_laptops();
    let data = lab.root.join("merging");
    let agenda = parse_agenda(DEMO_AGENDA).agenda.expect("the demo agenda");
    let hub = record::device_id(&lab.root.join("a")).expect("a device id");
    let inbox = DeviceId::inbox_of(hub);
    let path = record::inbox_path(&lab.copies[0], hub);
    let header = record::header(inbox, &agenda, DEMO_AGENDA, at(0));
    let mut journal = convene::journal::Journal::create(&path, header).expect("an inbox");
    let mut stamp = convene::stamp::Stamp::new(inbox, 0, &[]);
    let text = "Is the dust measured at the school?";
    let change = Change::SubmissionReceived { text: text.into(), name: None };
    journal.append(stamp.entry(change, at(3))).expect("a durable submission");
    drop(journal);
    let target = lab.root.join("merged-inbox");
    copy_dir(&lab.copies[1], &target);
    let args = ["merge".as_ref(), target.as_os_str(), lab.copies[0].as_os_str()];
    let out = convene(&data, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let names: Vec<String> = std::fs::read_dir(target.join("journals"))
        .expect("the journals")
        .map(|e| e.expect("an entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains(&hub.to_string()) || n.contains(&inbox.to_string()))
        .collect();
    let mut names = names;
    names.sort();
    assert_eq!(names, [format!("{hub}-inbox.jsonl"), format!("{hub}.jsonl")]);
    assert_eq!(read(&record::inbox_path(&target, hub)), read(&path));
    let again = convene(&data, &args);
    assert!(again.stdout.lines().all(|l| l.ends_with("nothing new")), "{}", again.stdout);
    // The minutes name the inbox after its hub.
    assert!(
        minutes(&data, &target).ends_with(
            "\nRecord: journal entries per device: `1000` 4 · `v000` 7 · inbox of `v000` 1 (devices by the start of their id).\n"
        ),
        "{}",
        minutes(&data, &target)
    );
}

/// The last line of the minutes: the record's version vector.
fn record_line(minutes: &str) -> &str {
    minutes.trim_end().rsplit_once('\n').map_or("", |(_, last)| last)
}

/// The version vector of the JSON minutes: device id → highest sequence number.
fn json_journals(data: &Path, dir: &Path) -> serde_json::Value {
    let args =
        ["minutes".as_ref(), dir.as_os_str(), "--json".as_ref(), "-o".as_ref(), "-".as_ref()];
    let out = convene(data, &args);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let value: serde_json::Value = serde_json::from_str(&out.stdout).expect("JSON minutes");
    value["journals"].clone()
}

#[test]
fn copies_with_different_deliveries_differ_in_their_vector_until_merged_either_way() {
    let lab = three_laptops();
    let data = lab.root.join("merging");
    let (a, b) = (&lab.copies[0], &lab.copies[1]);
    // A holds its own seven lines (the record's first line, then its changes); B holds A's
    // first four and its own four.
    let (on_a, on_b) = (minutes(&data, a), minutes(&data, b));
    assert_eq!(
        record_line(&on_a),
        "Record: journal entries per device: `v000` 7 (devices by the start of their id)."
    );
    assert_eq!(
        record_line(&on_b),
        "Record: journal entries per device: `1000` 4 · `v000` 4 (devices by the start of their id)."
    );
    let (device_a, device_b) = ("v0000000000000000000000000", "10000000000000000000000000");
    assert_eq!(json_journals(&data, a), serde_json::json!({ device_a: 7 }));
    assert_eq!(json_journals(&data, b), serde_json::json!({ device_b: 4, device_a: 4 }));
    // B merged into A's copy, and A into B's: the same lines, the same vector, the same bytes.
    let (ab, ba) = (lab.root.join("a-then-b"), lab.root.join("b-then-a"));
    copy_dir(a, &ab);
    copy_dir(b, &ba);
    for (into, from) in [(&ab, b), (&ba, a)] {
        let out = convene(&data, &["merge".as_ref(), into.as_os_str(), from.as_os_str()]);
        assert_eq!(out.code, 0, "{}", out.stderr);
    }
    let (on_ab, on_ba) = (minutes(&data, &ab), minutes(&data, &ba));
    assert_eq!(
        record_line(&on_ab),
        "Record: journal entries per device: `1000` 4 · `v000` 7 (devices by the start of their id)."
    );
    assert_eq!(on_ab, on_ba);
    assert_eq!(json_journals(&data, &ab), serde_json::json!({ device_b: 4, device_a: 7 }));
    assert_eq!(json_journals(&data, &ba), json_journals(&data, &ab));
}
