//! Tests of the journal on disk, the way the engineering notes ask for them: round trips,
//! a journal cut at every byte, zeros and garbage after a power cut, a damaged line in the
//! middle, a simulated disk that loses its unsynced bytes, and failing writes.

use std::fs;
use std::io;
use std::panic;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone};

use super::*;
use crate::event::Lane;
use crate::journal::{Change, Entry};
use crate::live::{
    Counting, DeviceId, Dots, Fields, ItemId, ItemKind, OptionCount, Raiser, TallyMethod, TallyRule,
};

// ---------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------

fn base_time() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600).unwrap().with_ymd_and_hms(2025, 3, 14, 9, 0, 0).unwrap()
}

fn header() -> Header {
    Header {
        convene_journal: FORMAT,
        program: "test".into(),
        agenda_sha256: "abc".into(),
        title: "Test".into(),
        created: base_time(),
        device: None,
    }
}

/// A 10,000-character text mixing one-, three- and four-byte characters.
fn long_text() -> String {
    "ab€🎉".repeat(2_500)
}

/// Texts that stress the encoding: Unicode, emoji, quotes, backslashes, escapes, controls,
/// something that looks like the checksum field, and a 10,000-character text.
fn tricky_texts() -> Vec<String> {
    vec![
        "Wie finanzieren wir das? «Straßenbahn» — ñ, 中文, 日本語, עברית".into(),
        "emoji 🎉 👩‍👩‍👧 🇪🇺 and a skin tone 👍🏽".into(),
        r#"she said "no", then 'yes', then "\"maybe\"""#.into(),
        r"back\slash \\ \n is not a newline \u0000 C:\temp\".into(),
        "a real newline\nand a tab\tand CRLF\r\nand U+2028\u{2028}and NUL\0end".into(),
        r#"looks like a checksum: ,"crc":"00000000"} and {"v":2}"#.into(),
        long_text(),
        String::new(),
    ]
}

/// Short texts (multi-byte included, so that cuts fall inside characters).
fn short_texts() -> Vec<String> {
    vec![
        "Who pays for the new bus line?".into(),
        "Lärmschutz für die Anwohner 🚋".into(),
        r#"quote "this" \ that"#.into(),
        "日本語のメモ".into(),
        "ok".into(),
    ]
}

fn raiser(i: usize) -> Option<Raiser> {
    match i % 4 {
        0 => None,
        1 => Some(Raiser::Participant("Ana Müller".into())),
        2 => Some(Raiser::Group("residents 🏘".into())),
        3 if i % 8 == 7 => Some(Raiser::Online(Some("Kari 🌿".into()))),
        _ => Some(Raiser::Unknown(r#"O'Brien "Bob" \ Jr."#.into())),
    }
}

/// Fields that vary with `i`: each optional part is present in some and absent in others.
fn fields(i: usize, text: &str) -> Fields {
    let s = i / 43 + i % 43;
    Fields {
        text: text.to_string(),
        by: raiser(s),
        themes: if s.is_multiple_of(3) {
            Vec::new()
        } else {
            vec!["housing".into(), "Verkehr 🚲".into(), r#"a"b\c"#.into()]
        },
        owner: raiser(s + 1),
        due: s
            .is_multiple_of(2)
            .then(|| NaiveDate::from_ymd_opt(2025, 4, 1 + (s % 28) as u32).unwrap()),
        internal: s.is_multiple_of(5),
    }
}

/// The i-th change of a sample event: every variant comes up once in 86 changes (the
/// last of every 43 ends or reopens the event, in turn).
fn change(i: usize, text: &str) -> Change {
    let item = ItemId { device: DeviceId::new(i as u128 * 7919), seq: (i / 12 + 1) as u64 };
    let session = i % 5;
    match i % 43 {
        0 => Change::SessionStarted { session, elapsed_ms: i as u64 * 1_000 },
        1 => Change::ItemCaptured {
            item,
            kind: ItemKind::ALL[i % ItemKind::ALL.len()],
            session,
            offset_ms: i as u64 * 1_234,
            fields: fields(i, text),
        },
        2 => Change::SessionPaused { session, elapsed_ms: u64::MAX - i as u64 },
        3 => Change::ItemEdited {
            item,
            kind: ItemKind::ALL[(i + 1) % ItemKind::ALL.len()],
            fields: fields(i + 1, text),
        },
        4 => Change::SessionExtended { session, timebox_s: 900 + i as u64 },
        5 => Change::ItemAnswered { item, answer: text.to_string() },
        6 => Change::SessionSelected { session },
        7 => Change::ItemMoved { item, session: session + 1 },
        8 => Change::ItemDeleted { item: ItemId::format_1(u64::MAX - item.seq) },
        9 => Change::ItemRestored { item },
        10 => Change::SessionEnded { session, elapsed_ms: 0 },
        11 => Change::AgendaChanged {
            agenda_sha256: format!("{i:064x}"),
            sessions: vec![Some(0), None, Some(session)],
        },
        12 => Change::FacilitatorChanged { to: DeviceId::new(u128::MAX - i as u128) },
        13 => {
            Change::ConsentChanged { participant: text.to_string(), consent: i.is_multiple_of(2) }
        }
        14 => Change::AttendanceCounted {
            group: if i.is_multiple_of(3) { String::new() } else { text.to_string() },
            present: if i.is_multiple_of(5) { u32::MAX } else { i as u32 },
        },
        15 => Change::OrganisationAttended { organisation: text.to_string(), present: i % 4 < 2 },
        16 => Change::MessageShown { text: text.to_string() },
        17 => Change::MessageBlinked,
        18 => Change::MessageCleared,
        19 => Change::DisplayBlackout { on: i.is_multiple_of(2) },
        20 => Change::ItemParked { item, owner: raiser(i / 43 + 1) },
        21 => Change::ItemUnparked { item },
        22 => Change::ParkedResolved { item, resolved: (i / 43).is_multiple_of(2) },
        23 => Change::TallyRecorded {
            tally: item,
            session,
            question: text.to_string(),
            method: TallyMethod::ALL[(i / 43) % TallyMethod::ALL.len()],
            rule: if i.is_multiple_of(2) { TallyRule::Binding } else { TallyRule::Advisory },
            counts: (0..(i / 43) % 4)
                .map(|n| OptionCount {
                    option: format!("{text} {n}"),
                    count: (n != 1).then_some(if i.is_multiple_of(5) {
                        u32::MAX
                    } else {
                        n as u32
                    }),
                    how: Counting::ALL[(i + n) % Counting::ALL.len()],
                })
                .collect(),
            present: (!i.is_multiple_of(3)).then_some(i as u32),
            dots: match i % 4 {
                0 => None,
                1 => Some(Dots::PerPerson(3)),
                _ => Some(Dots::Total(u32::MAX - i as u32)),
            },
            outcome: if i.is_multiple_of(3) { String::new() } else { text.to_string() },
        },
        24 => Change::TallyDeleted { tally: item },
        25 => Change::CatchUpAccepted {
            sessions: i % 9,
            trimmed_s: if i.is_multiple_of(2) { -(i as i64) * 60 } else { i64::MAX - i as i64 },
            projected_end: NaiveDate::from_ymd_opt(2026, 5, 12)
                .and_then(|d| d.and_hms_opt(21, (i % 60) as u32, 0))
                .unwrap(),
        },
        26 => Change::SpeakerAdded {
            speaker: item,
            session,
            who: raiser(i / 43 + 1).unwrap_or(Raiser::Organisation(text.to_string())),
            lane: [Lane::Normal, Lane::PointOfOrder, Lane::DirectReply][(i / 43) % 3],
        },
        27 => Change::SpeakerRemoved { speaker: item },
        28 => Change::SpeakerMoved { speaker: item, with: ItemId::format_1(i as u64) },
        29 => Change::SpeakerStarted { speaker: item, offset_ms: i as u64 * 997 },
        30 => Change::SpeakerEnded { speaker: item, offset_ms: u64::MAX - i as u64 },
        31 => Change::QueueClosed { session },
        32 => Change::QueueReopened { session },
        33 => Change::FirstTimeFirst { on: i.is_multiple_of(2) },
        34 => Change::SpeakerTime { session, speaker_s: 90 + i as u64 },
        35 => Change::SubmissionReceived {
            text: text.to_string(),
            name: (i / 43).is_multiple_of(2).then(|| text.to_string()),
        },
        36 => Change::SubmissionApproved {
            submission: item,
            session,
            offset_ms: i as u64 * 31,
            fields: Fields { by: Some(Raiser::Online(None)), ..fields(i, text) },
        },
        37 => Change::SubmissionMerged { submission: item, into: ItemId::format_1(i as u64) },
        38 => Change::SubmissionRejected { submission: item, reason: text.to_string() },
        39 => Change::QuestionPinned { item: (i / 43).is_multiple_of(2).then_some(item) },
        40 => Change::ItemCarried {
            item,
            carried: Box::new(crate::event::Carried {
                number: i as u64,
                kind: ItemKind::ALL[i % ItemKind::ALL.len()],
                fields: fields(i, text),
                from: crate::event::Origin {
                    record: text.to_string(),
                    title: text.to_string(),
                    date: NaiveDate::from_ymd_opt(2025, 5, 14).unwrap(),
                    attribution: "named".into(),
                },
                raised: crate::event::RaisedAs {
                    internal: Some(text.to_string()),
                    named: None,
                    group: (i / 43).is_multiple_of(2).then(|| text.to_string()),
                },
                history: vec![crate::event::Step {
                    record: text.to_string(),
                    title: text.to_string(),
                    date: NaiveDate::from_ymd_opt(2026, 5, 14).unwrap(),
                    status: (i / 43).is_multiple_of(2).then_some(crate::event::Status::InProgress),
                    note: text.to_string(),
                }],
            }),
        },
        41 => Change::CarriedStatus {
            item,
            status: crate::event::Status::ALL[(i / 43) % 4],
            note: text.to_string(),
        },
        _ if (i / 43).is_multiple_of(2) => Change::EventEnded,
        _ => Change::EventReopened,
    }
}

/// The variant's name; exhaustive, so a new variant must be added to the sample event.
fn variant(change: &Change) -> &'static str {
    match change {
        Change::SessionStarted { .. } => "session_started",
        Change::SessionPaused { .. } => "session_paused",
        Change::SessionExtended { .. } => "session_extended",
        Change::SessionEnded { .. } => "session_ended",
        Change::SessionSelected { .. } => "session_selected",
        Change::EventEnded => "event_ended",
        Change::EventReopened => "event_reopened",
        Change::ItemCaptured { .. } => "item_captured",
        Change::ItemEdited { .. } => "item_edited",
        Change::ItemAnswered { .. } => "item_answered",
        Change::ItemMoved { .. } => "item_moved",
        Change::ItemDeleted { .. } => "item_deleted",
        Change::ItemRestored { .. } => "item_restored",
        Change::AgendaChanged { .. } => "agenda_changed",
        Change::FacilitatorChanged { .. } => "facilitator_changed",
        Change::ConsentChanged { .. } => "consent_changed",
        Change::AttendanceCounted { .. } => "attendance_counted",
        Change::OrganisationAttended { .. } => "organisation_attended",
        Change::MessageShown { .. } => "message_shown",
        Change::MessageBlinked => "message_blinked",
        Change::MessageCleared => "message_cleared",
        Change::DisplayBlackout { .. } => "display_blackout",
        Change::ItemParked { .. } => "item_parked",
        Change::ItemUnparked { .. } => "item_unparked",
        Change::ParkedResolved { .. } => "parked_resolved",
        Change::TallyRecorded { .. } => "tally_recorded",
        Change::TallyDeleted { .. } => "tally_deleted",
        Change::CatchUpAccepted { .. } => "catch_up_accepted",
        Change::SpeakerAdded { .. } => "speaker_added",
        Change::SpeakerRemoved { .. } => "speaker_removed",
        Change::SpeakerMoved { .. } => "speaker_moved",
        Change::SpeakerStarted { .. } => "speaker_started",
        Change::SpeakerEnded { .. } => "speaker_ended",
        Change::QueueClosed { .. } => "queue_closed",
        Change::QueueReopened { .. } => "queue_reopened",
        Change::FirstTimeFirst { .. } => "first_time_first",
        Change::SpeakerTime { .. } => "speaker_time",
        Change::SubmissionReceived { .. } => "submission_received",
        Change::SubmissionApproved { .. } => "submission_approved",
        Change::SubmissionMerged { .. } => "submission_merged",
        Change::SubmissionRejected { .. } => "submission_rejected",
        Change::QuestionPinned { .. } => "question_pinned",
        Change::ItemCarried { .. } => "item_carried",
        Change::CarriedStatus { .. } => "carried_status",
    }
}

/// `n` entries with sequence numbers from 1, times a few seconds apart (some with another
/// UTC offset or with nanoseconds), texts taken in turn from `texts`.
fn sample_entries(n: usize, texts: &[String]) -> Vec<Entry> {
    let other_offset = FixedOffset::west_opt(5 * 3600).unwrap();
    (0..n)
        .map(|i| {
            let mut at = base_time() + chrono::Duration::seconds(7 * i as i64);
            if i % 10 == 9 {
                at = at.with_timezone(&other_offset);
            }
            if i % 7 == 3 {
                at += chrono::Duration::nanoseconds(123_456_789);
            }
            // Each variant (one change in 36) gets every text in turn.
            let text = &texts[(i / 43) % texts.len()];
            Entry::format_1(i as u64 + 1, at, change(i, text))
        })
        .collect()
}

fn journal_bytes(header: &Header, entries: &[Entry]) -> Vec<u8> {
    let mut text = encode(header);
    for entry in entries {
        text.push_str(&encode(entry));
    }
    text.into_bytes()
}

/// The offset just after each `\n` (the first one ends the header).
fn line_ends(bytes: &[u8]) -> Vec<usize> {
    bytes.iter().enumerate().filter(|&(_, &b)| b == b'\n').map(|(i, _)| i + 1).collect()
}

/// `parse`, with the input named if it panics.
fn parse_or_report(bytes: &[u8], what: &str) -> Contents {
    panic::catch_unwind(|| parse(bytes)).unwrap_or_else(|_| {
        panic!("parse panicked on {what}: {:?}", String::from_utf8_lossy(bytes))
    })
}

/// Asserts that `found` is a subsequence of `originals`: nothing invented, nothing reordered.
fn assert_subsequence(found: &[Entry], originals: &[Entry], what: &str) {
    let mut rest = originals.iter();
    for entry in found {
        assert!(rest.any(|o| o == entry), "{what}: entry {entry:?} was invented or reordered");
    }
}

/// A small deterministic generator (xorshift64*), so failures can be replayed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

// ---------------------------------------------------------------------------------------
// A simulated disk
// ---------------------------------------------------------------------------------------

/// What a disk holds: bytes that survive a power cut, and bytes still in the page cache.
#[derive(Default)]
struct Disk {
    durable: Vec<u8>,
    pending: Vec<u8>,
    /// Appends and syncs done so far.
    ops: usize,
    /// The operation (counted from 1) during which the power goes: it and everything after
    /// it fail.
    power_cut_at: Option<usize>,
    /// The operation (counted from 1) that fails with an I/O error; the disk keeps working.
    fail_at: Option<usize>,
    dead: bool,
}

impl Disk {
    fn step(&mut self) -> io::Result<()> {
        self.ops += 1;
        if self.power_cut_at == Some(self.ops) {
            self.dead = true;
            return Err(io::Error::other("simulated power cut"));
        }
        if self.fail_at == Some(self.ops) {
            return Err(io::Error::other("simulated I/O error"));
        }
        Ok(())
    }
}

/// A [`Storage`] over a shared [`Disk`], so the test can look at it while the journal owns
/// a clone.
#[derive(Clone, Default)]
struct SimulatedDisk(Arc<Mutex<Disk>>);

impl SimulatedDisk {
    /// A disk that already holds the journal's header (`with_storage` does not write it).
    fn with_header(header: &Header) -> SimulatedDisk {
        let disk = SimulatedDisk::default();
        disk.state().durable = encode(header).into_bytes();
        disk
    }

    fn state(&self) -> MutexGuard<'_, Disk> {
        self.0.lock().unwrap()
    }
}

impl Storage for SimulatedDisk {
    fn append(&mut self, bytes: &[u8]) -> io::Result<()> {
        let mut disk = self.state();
        if disk.dead {
            return Err(io::Error::other("the power is off"));
        }
        // The bytes reach the page cache even when the power goes, or the write fails,
        // right after.
        disk.pending.extend_from_slice(bytes);
        disk.step()
    }

    fn sync(&mut self) -> io::Result<()> {
        let mut disk = self.state();
        if disk.dead {
            return Err(io::Error::other("the power is off"));
        }
        disk.step()?;
        let pending = std::mem::take(&mut disk.pending);
        disk.durable.extend_from_slice(&pending);
        Ok(())
    }
}

/// The names of the files in a folder, sorted.
fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Asserts that the journal file at `path` holds exactly the header and `entries`, cleanly.
fn assert_file_holds(path: &Path, entries: &[Entry], what: &str) {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("{what}: cannot read the journal: {e}"));
    let contents = parse(&bytes);
    assert_eq!(contents.header, Some(header()), "{what}: header");
    assert_eq!(contents.entries, entries, "{what}: entries");
    assert!(contents.problems.is_empty(), "{what}: problems {:?}", contents.problems);
    assert!(contents.tail.is_empty(), "{what}: tail {:?}", contents.tail);
    assert_eq!(contents.valid_len, bytes.len(), "{what}: valid_len");
}

// ---------------------------------------------------------------------------------------
// 1. Round trip
// ---------------------------------------------------------------------------------------

#[test]
fn every_change_round_trips_through_encode_and_parse() {
    // Enough entries that every tricky text is captured once (a capture comes every 43).
    let entries = sample_entries(1290, &tricky_texts());
    let variants: std::collections::BTreeSet<_> =
        entries.iter().map(|e| variant(&e.change)).collect();
    assert_eq!(variants.len(), 44, "the sample must hold every variant: {variants:?}");
    let captures: Vec<&Fields> = entries
        .iter()
        .filter_map(|e| match &e.change {
            Change::ItemCaptured { fields, .. } => Some(fields),
            _ => None,
        })
        .collect();
    for text in tricky_texts() {
        assert!(captures.iter().any(|f| f.text == text), "no capture of {text:?}");
    }
    assert!(captures.iter().any(|f| f.text.chars().count() == 10_000));
    assert!(
        captures.iter().any(|f| f.by.is_some()
            && !f.themes.is_empty()
            && f.owner.is_some()
            && f.due.is_some())
    );
    assert!(captures.iter().any(|f| f.by.is_none()));
    assert!(captures.iter().any(|f| f.themes.is_empty()));
    assert!(captures.iter().any(|f| f.owner.is_none()));
    assert!(captures.iter().any(|f| f.due.is_none()));

    let bytes = journal_bytes(&header(), &entries);
    let contents = parse(&bytes);

    assert_eq!(contents.header, Some(header()));
    assert_eq!(contents.entries.len(), entries.len());
    for (found, original) in contents.entries.iter().zip(&entries) {
        assert_eq!(found, original);
        // `DateTime` equality ignores the offset: the local time must come back too.
        assert_eq!(found.at.offset(), original.at.offset(), "offset of entry {}", original.seq);
        assert_eq!(found.at.to_rfc3339(), original.at.to_rfc3339());
    }
    assert!(contents.problems.is_empty(), "{:?}", contents.problems);
    assert_eq!(contents.valid_len, bytes.len());
    assert!(contents.tail.is_empty());
}

#[test]
fn each_encoded_entry_is_exactly_one_line() {
    for entry in sample_entries(60, &tricky_texts()) {
        let line = encode(&entry);
        assert!(line.ends_with('\n'));
        assert_eq!(line.matches('\n').count(), 1, "a raw newline inside {line:?}");
    }
}

#[test]
fn an_empty_journal_and_a_header_alone_parse_cleanly() {
    let contents = parse(b"");
    assert_eq!(contents.header, None);
    assert!(
        contents.entries.is_empty() && contents.problems.is_empty() && contents.tail.is_empty()
    );
    assert_eq!(contents.valid_len, 0);

    let bytes = journal_bytes(&header(), &[]);
    let contents = parse(&bytes);
    assert_eq!(contents.header, Some(header()));
    assert!(
        contents.entries.is_empty() && contents.problems.is_empty() && contents.tail.is_empty()
    );
    assert_eq!(contents.valid_len, bytes.len());
}

// ---------------------------------------------------------------------------------------
// 2. A journal cut at every byte
// ---------------------------------------------------------------------------------------

#[test]
fn a_journal_cut_at_every_byte_keeps_exactly_the_complete_lines() {
    let entries = sample_entries(20, &short_texts());
    let bytes = journal_bytes(&header(), &entries);
    let ends = line_ends(&bytes);
    assert_eq!(ends.len(), entries.len() + 1);

    for cut in 0..=bytes.len() {
        let prefix = &bytes[..cut];
        let contents = parse_or_report(prefix, &format!("a journal cut at byte {cut}"));

        let complete = ends.iter().filter(|&&end| end <= cut).count();
        let last_end = if complete == 0 { 0 } else { ends[complete - 1] };
        let expected_header = (complete >= 1).then(header);
        assert_eq!(contents.header, expected_header, "cut at {cut}: header");
        assert_eq!(
            contents.entries,
            &entries[..complete.saturating_sub(1)],
            "cut at {cut}: the entries must be the complete lines before the cut"
        );
        assert_eq!(contents.valid_len, last_end, "cut at {cut}: valid_len");

        if cut == last_end {
            assert!(contents.problems.is_empty(), "cut at {cut}: {:?}", contents.problems);
            assert!(contents.tail.is_empty(), "cut at {cut}: tail {:?}", contents.tail);
        } else {
            assert_eq!(contents.problems.len(), 1, "cut at {cut}: {:?}", contents.problems);
            let problem = &contents.problems[0];
            assert!(problem.contains("set aside"), "cut at {cut}: {problem}");
            assert!(
                problem.contains(&format!("{} bytes", cut - last_end)),
                "cut at {cut}: {problem}"
            );
            assert_eq!(contents.tail, &bytes[last_end..cut], "cut at {cut}: tail");
        }
    }
}

// ---------------------------------------------------------------------------------------
// 3. Zeros and garbage after the last good line
// ---------------------------------------------------------------------------------------

fn assert_tail_set_aside(garbage: &[u8], what: &str) {
    let entries = sample_entries(12, &short_texts());
    let good = journal_bytes(&header(), &entries);
    let mut bytes = good.clone();
    bytes.extend_from_slice(garbage);

    let contents = parse_or_report(&bytes, what);
    assert_eq!(contents.header, Some(header()), "{what}");
    assert_eq!(contents.entries, entries, "{what}: every valid entry comes back");
    assert_eq!(contents.valid_len, good.len(), "{what}: valid_len");
    assert_eq!(contents.tail, garbage, "{what}: the tail is set aside as it was");
    assert_eq!(contents.problems.len(), 1, "{what}: {:?}", contents.problems);
    assert!(contents.problems[0].contains("set aside"), "{what}: {}", contents.problems[0]);
    assert!(
        contents.problems[0].contains(&format!("{} bytes", garbage.len())),
        "{what}: {}",
        contents.problems[0]
    );
}

#[test]
fn a_tail_of_zeros_is_set_aside() {
    assert_tail_set_aside(&[0; 4096], "4096 zero bytes");
}

#[test]
fn a_cut_off_line_followed_by_zeros_is_set_aside() {
    let line = encode(&sample_entries(13, &short_texts())[12]);
    let mut garbage = line.as_bytes()[..line.len() / 2].to_vec();
    garbage.extend_from_slice(&[0; 4096]);
    assert_tail_set_aside(&garbage, "half a line, then zeros");
}

#[test]
fn a_tail_of_random_bytes_is_set_aside() {
    for seed in 1..=20 {
        let mut rng = Rng::new(seed);
        let mut garbage = rng.bytes(4096);
        // Make sure the garbage holds several "lines".
        for _ in 0..8 {
            let at = rng.below(garbage.len());
            garbage[at] = b'\n';
        }
        assert_tail_set_aside(&garbage, &format!("random bytes (seed {seed})"));
    }
}

#[test]
fn a_last_line_with_a_wrong_checksum_is_set_aside() {
    let line = encode(&sample_entries(13, &short_texts())[12]);
    let (open, suffix) = line.split_at(line.len() - r#","crc":"00000000"}"#.len() - 1);
    let hex = &suffix[r#","crc":""#.len()..r#","crc":""#.len() + 8];
    let wrong = u32::from_str_radix(hex, 16).unwrap() ^ 0x0000_0100;
    let bad = format!("{open},\"crc\":\"{wrong:08x}\"}}\n");
    assert_ne!(bad, line);
    assert_eq!(bad.len(), line.len());
    assert_tail_set_aside(bad.as_bytes(), "a complete line with a wrong crc");
}

// ---------------------------------------------------------------------------------------
// 4. A damaged line in the middle
// ---------------------------------------------------------------------------------------

#[test]
fn a_damaged_line_in_the_middle_is_reported_with_its_number() {
    let entries = sample_entries(10, &short_texts());
    let bytes = journal_bytes(&header(), &entries);
    let ends = line_ends(&bytes);
    // Entry 5 of 10 is line 6 of the file: the header is line 1.
    let (start, end) = (ends[4], ends[5]);
    let others: Vec<Entry> =
        entries.iter().enumerate().filter(|&(i, _)| i != 4).map(|(_, e)| e.clone()).collect();

    // Every byte of the line but its newline; a one-bit flip never makes a `\n` here.
    for at in start..end - 1 {
        let mut damaged = bytes.clone();
        damaged[at] ^= 0x01;
        let what = format!("byte {at} of line 6 flipped");
        let contents = parse_or_report(&damaged, &what);

        assert_eq!(contents.header, Some(header()), "{what}");
        assert_eq!(contents.entries, others, "{what}: every other entry comes back");
        assert_eq!(contents.problems.len(), 1, "{what}: {:?}", contents.problems);
        let problem = &contents.problems[0];
        assert!(problem.contains("line 6 "), "{what}: {problem}");
        assert!(!problem.contains("set aside"), "{what}: {problem}");
        assert!(contents.tail.is_empty(), "{what}");
        assert_eq!(contents.valid_len, damaged.len(), "{what}");
    }
}

#[test]
fn two_damaged_lines_and_a_torn_tail_are_each_reported() {
    let entries = sample_entries(10, &short_texts());
    let mut bytes = journal_bytes(&header(), &entries);
    let ends = line_ends(&bytes);
    bytes[ends[1] + 3] ^= 0x20; // line 3
    bytes[ends[2] + 10] ^= 0x20; // line 4
    let torn = encode(&sample_entries(11, &short_texts())[10]);
    bytes.extend_from_slice(&torn.as_bytes()[..torn.len() - 5]);

    let contents = parse(&bytes);
    assert_eq!(contents.header, Some(header()));
    let expected: Vec<Entry> = [&entries[..1], &entries[3..]].concat();
    assert_eq!(contents.entries, expected);
    assert_eq!(contents.problems.len(), 3, "{:?}", contents.problems);
    assert!(contents.problems[0].contains("line 3 "), "{:?}", contents.problems);
    assert!(contents.problems[1].contains("line 4 "), "{:?}", contents.problems);
    assert!(contents.problems[2].contains("set aside"), "{:?}", contents.problems);
    assert_eq!(contents.tail, &torn.as_bytes()[..torn.len() - 5]);
}

#[test]
fn a_damaged_header_is_reported_as_line_1_and_the_entries_still_come_back() {
    let entries = sample_entries(5, &short_texts());
    let mut bytes = journal_bytes(&header(), &entries);
    bytes[5] ^= 0x01;

    let contents = parse(&bytes);
    assert_eq!(contents.header, None);
    assert_eq!(contents.entries, entries);
    assert_eq!(
        contents.problems,
        [
            "line 1 of the journal (its header) is damaged and was skipped; the entries after it were read"
        ]
    );
}

#[test]
fn parse_does_not_panic_on_multibyte_text_where_the_checksum_should_be() {
    let entries = sample_entries(3, &short_texts());
    // A complete, valid UTF-8 line whose last 18 bytes do not start on a char boundary for
    // some padding (1 and 2): a hand-edited file, or text glued onto a cut-off line.
    for pad in 0..4 {
        let odd_line = format!("{}{}\n", "€".repeat(20), "x".repeat(pad));
        let mut bytes = encode(&header()).into_bytes();
        bytes.extend_from_slice(odd_line.as_bytes());
        for entry in &entries {
            bytes.extend_from_slice(encode(entry).as_bytes());
        }
        let what = format!("a line of 20 '€' and {pad} ASCII bytes");
        let contents = parse_or_report(&bytes, &what);
        assert_eq!(contents.header, Some(header()), "{what}");
        assert_eq!(contents.entries, entries, "{what}");
        assert_eq!(contents.problems.len(), 1, "{what}: {:?}", contents.problems);
        assert!(contents.problems[0].contains("line 2 "), "{what}: {:?}", contents.problems);
    }
}

#[test]
fn parse_never_panics_or_invents_entries_on_mutated_journals() {
    let entries = sample_entries(10, &short_texts());
    let bytes = journal_bytes(&header(), &entries);
    let pieces: [&[u8]; 10] = [
        b"\n",
        b"}",
        b"\"",
        "€".as_bytes(),
        "🎉".as_bytes(),
        "é".as_bytes(),
        b"\0",
        b"\xff",
        b"\xc3",
        br#","crc":"#,
    ];
    for seed in 1..=400 {
        let mut rng = Rng::new(seed);
        let mut mutated = bytes.clone();
        for _ in 0..1 + rng.below(3) {
            let at = rng.below(mutated.len());
            let len = rng.below(4).min(mutated.len() - at);
            let piece = pieces[rng.below(pieces.len())];
            mutated.splice(at..at + len, piece.iter().copied());
        }
        let what = format!("mutation seed {seed}");
        let contents = parse_or_report(&mutated, &what);
        assert_subsequence(&contents.entries, &entries, &what);
        assert!(contents.valid_len <= mutated.len(), "{what}");
        assert_eq!(contents.tail, &mutated[contents.valid_len..], "{what}: tail");
    }
}

// ---------------------------------------------------------------------------------------
// 5. Crashes on a simulated disk
// ---------------------------------------------------------------------------------------

#[test]
fn every_acknowledged_entry_survives_a_crash_at_any_step() {
    const N: usize = 40;
    let entries = sample_entries(N, &short_texts());
    let dir = tempfile::tempdir().unwrap();
    // A folder that does not exist: after the power cut the process is gone, so the
    // journal's fresh-file rewrite must not succeed behind the crash's back either.
    let path = dir.path().join("gone").join("journal.jsonl");

    // Operation 2k-1 is the append of entry k, 2k its sync; 2N+1 means no crash at all.
    for cut in 1..=2 * N + 1 {
        let disk = SimulatedDisk::with_header(&header());
        disk.state().power_cut_at = Some(cut);
        let mut journal = Journal::with_storage(&path, Box::new(disk.clone()), header());

        let mut acknowledged = 0;
        for (i, entry) in entries.iter().enumerate() {
            if journal.append(entry.clone()).is_ok() {
                assert_eq!(acknowledged, i, "cut {cut}: an append succeeded after one failed");
                acknowledged += 1;
                let state = disk.state();
                assert!(state.pending.is_empty(), "cut {cut}: entry {i} acknowledged unsynced");
                assert!(state.durable.ends_with(encode(entry).as_bytes()), "cut {cut}: entry {i}");
            }
        }
        assert_eq!(acknowledged, (cut - 1) / 2, "cut {cut}: acknowledged entries");
        assert_eq!(
            journal.entries(),
            entries,
            "cut {cut}: the journal keeps every entry in memory"
        );
        if cut <= 2 * N {
            let failure = journal.failure().unwrap_or_default();
            assert!(failure.contains("NOT SAVED"), "cut {cut}: failure {failure:?}");
        } else {
            assert_eq!(journal.failure(), None);
        }

        let (durable, pending) = {
            let state = disk.state();
            (state.durable.clone(), state.pending.clone())
        };
        let mut rng = Rng::new(cut as u64);
        let mut residues: Vec<(String, Vec<u8>)> = vec![
            ("unsynced bytes lost".into(), Vec::new()),
            ("unsynced bytes kept".into(), pending.clone()),
            ("unsynced bytes zeroed".into(), vec![0; pending.len()]),
            ("a page of zeros".into(), vec![0; 4096]),
        ];
        for _ in 0..6 {
            let keep = rng.below(pending.len() + 1);
            residues.push((format!("{keep} unsynced bytes kept"), pending[..keep].to_vec()));
        }

        for (how, residue) in residues {
            let what = format!("power cut at operation {cut}, {how}");
            let mut bytes = durable.clone();
            bytes.extend_from_slice(&residue);
            let contents = parse_or_report(&bytes, &what);

            assert_eq!(contents.header, Some(header()), "{what}");
            let found = contents.entries.len();
            assert!(found >= acknowledged, "{what}: {found} of {acknowledged} acknowledged back");
            assert_eq!(
                contents.entries,
                &entries[..found],
                "{what}: entries in order, none invented"
            );
            assert!(found <= acknowledged + 1, "{what}: more entries than were written");
            if residue.is_empty() || residue.ends_with(b"\n") {
                assert!(contents.problems.is_empty(), "{what}: {:?}", contents.problems);
                assert!(contents.tail.is_empty(), "{what}");
            } else {
                assert_eq!(found, acknowledged, "{what}");
                assert_eq!(contents.problems.len(), 1, "{what}: {:?}", contents.problems);
                assert!(
                    contents.problems[0].contains("set aside"),
                    "{what}: {:?}",
                    contents.problems
                );
                assert_eq!(contents.tail, residue, "{what}: tail");
                assert_eq!(contents.valid_len, durable.len(), "{what}: valid_len");
            }
        }
    }
}

// ---------------------------------------------------------------------------------------
// 6. Failing writes and syncs
// ---------------------------------------------------------------------------------------

#[test]
fn a_failed_append_or_sync_rewrites_a_fresh_file_with_every_entry() {
    const BEFORE: usize = 6;
    let entries = sample_entries(BEFORE + 2, &short_texts());

    // Operation 2k-1 is the append of entry k, 2k its sync.
    for fail in 1..=2 * BEFORE {
        let what = format!("{} of entry {} fails", ["sync", "append"][fail % 2], fail.div_ceil(2));
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let disk = SimulatedDisk::with_header(&header());
        disk.state().fail_at = Some(fail);
        let mut journal = Journal::with_storage(&path, Box::new(disk.clone()), header());

        let failed = (fail - 1) / 2;
        for (i, entry) in entries[..=failed].iter().enumerate() {
            let result = journal.append(entry.clone());
            assert_eq!(result, Ok(()), "{what}: append of entry {}", i + 1);
        }
        assert_eq!(disk.state().ops, fail, "{what}: operations on the simulated disk");
        assert_eq!(journal.failure(), None, "{what}: after a successful rewrite");
        assert_file_holds(&path, &entries[..=failed], &format!("{what}, after the rewrite"));
        assert_eq!(files_in(dir.path()), ["journal.jsonl"], "{what}: files left beside it");

        for entry in &entries[failed + 1..failed + 3] {
            assert_eq!(journal.append(entry.clone()), Ok(()), "{what}: append after the rewrite");
        }
        assert_file_holds(&path, &entries[..failed + 3], &format!("{what}, two appends later"));
        assert_eq!(journal.entries(), &entries[..failed + 3], "{what}");
        // Never retry on the handle that failed.
        assert_eq!(disk.state().ops, fail, "{what}: the failed storage was used again");
        assert_eq!(journal.failure(), None, "{what}");
    }
}

#[test]
fn when_the_rewrite_fails_too_the_entries_stay_in_memory_and_say_not_saved() {
    let entries = sample_entries(5, &short_texts());
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("missing");
    let path = folder.join("journal.jsonl");
    let disk = SimulatedDisk::with_header(&header());
    disk.state().fail_at = Some(3); // the append of entry 2
    let mut journal = Journal::with_storage(&path, Box::new(disk.clone()), header());

    assert_eq!(journal.append(entries[0].clone()), Ok(()));
    let error = journal.append(entries[1].clone()).unwrap_err();
    assert!(error.contains("journal.jsonl"), "{error}");
    let failure = journal.failure().unwrap().to_string();
    assert!(failure.contains("NOT SAVED"), "{failure}");
    assert_eq!(journal.entries(), &entries[..2], "nothing lost in memory");

    // Still failing: still kept in memory, still NOT SAVED, the failed disk left alone.
    assert!(journal.append(entries[2].clone()).is_err());
    assert!(journal.failure().unwrap().contains("NOT SAVED"));
    assert_eq!(journal.entries(), &entries[..3]);
    assert_eq!(disk.state().ops, 3, "the failed storage was used again");

    // Once the folder can be written, the next append writes everything.
    fs::create_dir(&folder).unwrap();
    assert_eq!(journal.append(entries[3].clone()), Ok(()));
    assert_eq!(journal.failure(), None);
    assert_file_holds(&path, &entries[..4], "after the folder came back");
    assert_eq!(journal.append(entries[4].clone()), Ok(()));
    assert_file_holds(&path, &entries, "one append later");
}

// ---------------------------------------------------------------------------------------
// 7. Real files: create, resume
// ---------------------------------------------------------------------------------------

#[test]
fn create_refuses_an_existing_file_and_leaves_it_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    fs::write(&path, b"precious\n").unwrap();

    let error = Journal::create(&path, header()).err().expect("create must fail");
    assert_eq!(error.kind(), io::ErrorKind::AlreadyExists);
    assert_eq!(fs::read(&path).unwrap(), b"precious\n");
}

#[test]
fn create_and_append_round_trip_through_the_file() {
    let entries = sample_entries(30, &tricky_texts());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");

    let mut journal = Journal::create(&path, header()).unwrap();
    assert_eq!(journal.path(), path);
    assert_file_holds(&path, &[], "right after create");
    for entry in &entries {
        assert_eq!(journal.append(entry.clone()), Ok(()));
    }
    assert_eq!(journal.entries(), entries);
    assert_eq!(journal.failure(), None);
    assert_file_holds(&path, &entries, "after 30 appends");
    assert_eq!(fs::read(&path).unwrap(), journal_bytes(&header(), &entries));
}

/// The `journal.jsonl.tail-N` files beside `path`, with their contents.
fn tails_beside(path: &Path) -> Vec<(String, Vec<u8>)> {
    let dir = path.parent().unwrap();
    files_in(dir)
        .into_iter()
        .filter(|name| name.starts_with("journal.jsonl.tail-"))
        .map(|name| {
            let bytes = fs::read(dir.join(&name)).unwrap();
            (name, bytes)
        })
        .collect()
}

#[test]
fn resume_sets_the_torn_tail_aside_and_continues_cleanly() {
    let entries = sample_entries(8, &short_texts());
    let torn = encode(&entries[5]);
    let tails: [(&str, Vec<u8>); 3] = [
        ("a cut-off line", torn.as_bytes()[..torn.len() / 2].to_vec()),
        ("zeros", vec![0; 4096]),
        ("garbage lines", b"\x01garbage\n{\"v\":1}\n\xff\xfe".to_vec()),
    ];
    for (how, tail) in tails {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let mut journal = Journal::create(&path, header()).unwrap();
        for entry in &entries[..5] {
            journal.append(entry.clone()).unwrap();
        }
        drop(journal);
        let mut bytes = fs::read(&path).unwrap();
        let valid_len = bytes.len();
        bytes.extend_from_slice(&tail);
        fs::write(&path, &bytes).unwrap();

        let contents = parse(&bytes);
        assert_eq!(contents.entries, &entries[..5], "{how}");
        assert_eq!(contents.tail, tail, "{how}");
        assert_eq!(contents.valid_len, valid_len, "{how}");

        let mut journal = Journal::resume(&path, &contents).unwrap();
        assert_eq!(journal.entries(), &entries[..5], "{how}");
        let aside = tails_beside(&path);
        assert_eq!(aside.len(), 1, "{how}: {aside:?}");
        assert_eq!(aside[0].1, tail, "{how}: the tail file holds the tail");
        assert_eq!(fs::metadata(&path).unwrap().len(), valid_len as u64, "{how}: truncated");

        for entry in &entries[5..] {
            assert_eq!(journal.append(entry.clone()), Ok(()), "{how}");
        }
        assert_file_holds(&path, &entries, &format!("{how}, after resuming and appending"));
        assert_eq!(journal.entries(), entries, "{how}");
    }
}

#[test]
fn resume_of_a_clean_journal_sets_nothing_aside() {
    let entries = sample_entries(6, &short_texts());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut journal = Journal::create(&path, header()).unwrap();
    for entry in &entries[..3] {
        journal.append(entry.clone()).unwrap();
    }
    drop(journal);

    let contents = parse(&fs::read(&path).unwrap());
    let mut journal = Journal::resume(&path, &contents).unwrap();
    for entry in &entries[3..] {
        journal.append(entry.clone()).unwrap();
    }
    assert_file_holds(&path, &entries, "resumed clean journal");
    assert_eq!(files_in(dir.path()), ["journal.jsonl"]);
}

#[test]
fn resume_without_a_header_fails() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    fs::write(&path, b"not a journal\n").unwrap();
    let contents = parse(&fs::read(&path).unwrap());
    assert!(Journal::resume(&path, &contents).is_err());
}

#[test]
fn a_second_torn_tail_at_the_same_place_does_not_overwrite_the_first() {
    // Power cut while writing entry 4, resume, power cut again while writing entry 4:
    // both unfinished entries must still be somewhere ("never silently dropped").
    let entries = sample_entries(4, &short_texts());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let mut journal = Journal::create(&path, header()).unwrap();
    for entry in &entries[..3] {
        journal.append(entry.clone()).unwrap();
    }
    drop(journal);
    let clean = fs::read(&path).unwrap();
    let line = encode(&entries[3]);
    let first_tail = line.as_bytes()[..10].to_vec();
    let second_tail = line.as_bytes()[..30].to_vec();

    for tail in [&first_tail, &second_tail] {
        let mut bytes = clean.clone();
        bytes.extend_from_slice(tail);
        fs::write(&path, &bytes).unwrap();
        let contents = parse(&bytes);
        drop(Journal::resume(&path, &contents).unwrap());
    }

    let aside: Vec<Vec<u8>> = tails_beside(&path).into_iter().map(|(_, bytes)| bytes).collect();
    assert!(aside.contains(&first_tail), "the first tail was lost: {aside:?}");
    assert!(aside.contains(&second_tail), "the second tail was lost: {aside:?}");
}

// ---------------------------------------------------------------------------------------
// 8. Every line carries the format version and a checksum
// ---------------------------------------------------------------------------------------

#[test]
fn every_line_carries_the_format_version_and_its_checksum() {
    let entries = sample_entries(40, &tricky_texts());
    let bytes = journal_bytes(&header(), &entries);
    let text = String::from_utf8(bytes).unwrap();
    let lines: Vec<&str> = text.split_terminator('\n').collect();
    assert_eq!(lines.len(), entries.len() + 1);

    for (number, line) in lines.iter().enumerate() {
        let what = format!("line {}", number + 1);
        let value: serde_json::Value = serde_json::from_str(line).unwrap();
        assert_eq!(value["v"], serde_json::json!(FORMAT), "{what}");
        let crc = value["crc"].as_str().unwrap_or_else(|| panic!("{what}: no crc"));
        assert_eq!(crc.len(), 8, "{what}: {crc}");
        assert!(crc.bytes().all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase()), "{what}");
        // The crc is the last field and covers the line up to it.
        let suffix = format!(",\"crc\":\"{crc}\"}}");
        let covered = line.strip_suffix(&suffix).unwrap_or_else(|| panic!("{what}: {line}"));
        assert_eq!(crc32fast::hash(covered.as_bytes()), u32::from_str_radix(crc, 16).unwrap());

        if number == 0 {
            assert_eq!(value["convene_journal"], serde_json::json!(FORMAT), "{what}");
        } else {
            assert_eq!(value["seq"], serde_json::json!(number), "{what}: sequence number");
            assert_eq!(value["event"], serde_json::json!(variant(&entries[number - 1].change)));
        }
    }
}

/// Reading in two halves gives exactly what reading in one pass gives, wherever damage,
/// a torn tail or the split falls.
#[test]
fn reading_in_two_halves_is_the_same_as_one_pass() {
    let header = encode(&header());
    let lines: Vec<String> = sample_entries(60, &short_texts()).iter().map(encode).collect();
    let whole: String = std::iter::once(header.clone()).chain(lines.iter().cloned()).collect();
    let mut cases: Vec<Vec<u8>> = vec![whole.clone().into_bytes()];
    for damaged_line in [1, 3, lines.len() / 2, lines.len() / 2 + 1, lines.len() - 1] {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(header.as_bytes());
        for (i, line) in lines.iter().enumerate() {
            let mut line = line.clone().into_bytes();
            if i == damaged_line {
                line[10] ^= 0x20;
            }
            bytes.extend_from_slice(&line);
        }
        cases.push(bytes.clone());
        bytes.extend_from_slice(b"{\"v\":1,\"seq\":99");
        cases.push(bytes);
    }
    // Everything after the middle torn away or zeroed.
    let half = whole.len() / 2;
    cases.push(whole.as_bytes()[..half].to_vec());
    let mut zeros = whole.as_bytes()[..half].to_vec();
    zeros.extend(std::iter::repeat_n(0u8, half));
    cases.push(zeros);
    for bytes in cases {
        let one = parse_with(&bytes, false, "the journal");
        let two = parse_with(&bytes, true, "the journal");
        assert_eq!(one.header, two.header);
        assert_eq!(one.entries, two.entries);
        assert_eq!(one.problems, two.problems);
        assert_eq!(one.valid_len, two.valid_len);
        assert_eq!(one.tail, two.tail);
    }
}

// ---------------------------------------------------------------------------------------
// Sequence numbers, a lost header, CR LF
// ---------------------------------------------------------------------------------------

#[test]
fn sequence_numbers_that_repeat_go_back_jump_or_skip_are_reported_with_their_lines() {
    let e = sample_entries(8, &short_texts());
    let mut forged = e[7].clone();
    forged.seq = u64::MAX;
    // Line 1 is the header. Entry 3 is repeated, 4 and 5 swapped, 7 deleted, and a line
    // with a valid checksum claims the largest sequence number there is.
    let order = [&e[0], &e[1], &e[2], &e[2], &e[4], &e[3], &e[5], &forged, &e[7]];
    let mut text = encode(&header());
    for entry in order {
        text.push_str(&encode(entry));
    }

    let contents = parse(text.as_bytes());
    let kept: Vec<Entry> = [0, 1, 2, 4, 5, 7].iter().map(|&i| e[i].clone()).collect();
    assert_eq!(contents.entries, kept);
    assert_eq!(contents.lines, [2, 3, 4, 6, 8, 10]);
    assert_eq!(
        contents.problems,
        [
            "line 5 of the journal was not replayed: it is entry 3, but entry 3 came before it (a repeated or moved line)",
            "entry 4 is missing before line 6 of the journal (deleted or moved lines); the entries around them were replayed",
            "line 7 of the journal was not replayed: it is entry 4, but entry 5 came before it (a repeated or moved line)",
            "line 9 of the journal was not replayed: its sequence number 18446744073709551615 jumps too far past entry 6 before it (a forged or damaged number)",
            "entry 7 is missing before line 10 of the journal (deleted or moved lines); the entries around them were replayed",
        ]
    );
    assert!(contents.tail.is_empty());
}

#[test]
fn a_gap_where_a_damaged_line_stands_is_not_reported_twice() {
    let entries = sample_entries(5, &short_texts());
    let mut bytes = journal_bytes(&header(), &entries);
    let ends = line_ends(&bytes);
    bytes[ends[2] + 4] ^= 0x01; // line 4, entry 3
    let contents = parse(&bytes);
    assert_eq!(contents.lines, [2, 3, 5, 6]);
    assert_eq!(contents.problems, ["line 4 of the journal is damaged and was skipped"]);
}

#[test]
fn a_journal_saved_with_crlf_line_ends_keeps_every_entry_and_says_so() {
    let entries = sample_entries(12, &tricky_texts());
    let text = String::from_utf8(journal_bytes(&header(), &entries)).unwrap();
    let crlf = text.replace('\n', "\r\n");
    let contents = parse(crlf.as_bytes());
    assert_eq!(contents.header, Some(header()));
    assert_eq!(contents.entries, entries);
    assert_eq!(
        contents.problems,
        [
            "the journal's lines end in CR LF (it was saved by another program); they were read as plain lines"
        ]
    );
    assert!(contents.tail.is_empty());
    assert_eq!(contents.valid_len, crlf.len());
}

#[test]
fn a_journal_without_its_header_line_keeps_every_entry_and_says_so() {
    let entries = sample_entries(6, &short_texts());
    let mut text = String::new();
    for entry in &entries {
        text.push_str(&encode(entry));
    }
    let contents = parse(text.as_bytes());
    assert_eq!(contents.header, None);
    assert_eq!(contents.entries, entries);
    assert_eq!(contents.lines, [1, 2, 3, 4, 5, 6]);
    assert_eq!(
        contents.problems,
        ["the journal has no header line (line 1 is an entry); the entries were read without it"]
    );
}

/// A journal line made by hand from an object without its closing brace, checksummed the
/// way [`encode`] does it: a line another (newer) convene could have written.
fn checksummed(open: &str) -> String {
    format!("{open},\"crc\":\"{:08x}\"}}\n", crc32fast::hash(open.as_bytes()))
}

/// The journal of `entries` with the line of entry `seq` replaced by `line`.
fn with_line_of(entries: &[Entry], seq: u64, line: &str) -> Vec<u8> {
    let mut text = encode(&header());
    for entry in entries {
        if entry.seq == seq {
            text.push_str(line);
        } else {
            text.push_str(&encode(entry));
        }
    }
    text.into_bytes()
}

#[test]
fn a_line_of_a_newer_format_is_reported_as_written_by_a_newer_convene_and_kept_out() {
    let entries = sample_entries(5, &short_texts());
    let at = "2026-05-12T18:00:00+02:00";
    let newer = [
        // Fields this program knows, in a format it does not.
        format!(r#"{{"v":3,"seq":3,"at":"{at}","event":"session_selected","session":0"#),
        // A newer format may change any field: an id for a sequence number, no time.
        r#"{"v":7,"seq":"d41d8c-3","event":"session_selected","clock":[12,3]"#.to_string(),
    ];
    for (open, version) in newer.iter().zip([3, 7]) {
        let line = checksummed(open);
        let expected = format!(
            "line 4 of the journal was written by a newer convene (journal format {version}); update convene to read it"
        );
        // In the middle: the entries around it are read, and it is not damage.
        let bytes = with_line_of(&entries, 3, &line);
        let contents = parse(&bytes);
        let others: Vec<Entry> = entries.iter().filter(|e| e.seq != 3).cloned().collect();
        assert_eq!(contents.entries, others, "{open}");
        assert_eq!(contents.lines, [2, 3, 5, 6], "{open}");
        assert_eq!(contents.problems, [expected.as_str()], "{open}");
        assert!(contents.tail.is_empty(), "{open}");
        assert_eq!(contents.valid_len, bytes.len(), "{open}");

        // Last: it stays in the file, not set aside as an unfinished entry.
        let bytes = with_line_of(&entries[..3], 3, &line);
        let contents = parse(&bytes);
        assert_eq!(contents.entries, entries[..2], "{open}");
        assert_eq!(contents.problems, [expected.as_str()], "{open}");
        assert!(contents.tail.is_empty(), "{open}");
        assert_eq!(contents.valid_len, bytes.len(), "{open}");
    }
}

#[test]
fn an_unknown_event_is_reported_as_written_by_a_newer_convene_and_kept_out() {
    let entries = sample_entries(5, &short_texts());
    let open = r#"{"v":1,"seq":3,"at":"2026-05-12T18:00:00+02:00","event":"vote_cast","item":2,"choice":"yes""#;
    let line = checksummed(open);
    let expected = "line 4 of the journal was written by a newer convene (event \"vote_cast\"); update convene to read it";

    let bytes = with_line_of(&entries, 3, &line);
    let contents = parse(&bytes);
    let others: Vec<Entry> = entries.iter().filter(|e| e.seq != 3).cloned().collect();
    assert_eq!(contents.entries, others);
    assert_eq!(contents.lines, [2, 3, 5, 6]);
    assert_eq!(contents.problems, [expected]);
    assert!(contents.tail.is_empty());
    assert_eq!(contents.valid_len, bytes.len());

    let bytes = with_line_of(&entries[..3], 3, &line);
    let contents = parse(&bytes);
    assert_eq!(contents.entries, entries[..2]);
    assert_eq!(contents.problems, [expected]);
    assert!(contents.tail.is_empty());
    assert_eq!(contents.valid_len, bytes.len());

    // The same line with a damaged checksum is damage, not a newer convene.
    let torn = line.replacen("vote", "vite", 1);
    let contents = parse(&with_line_of(&entries, 3, &torn));
    assert_eq!(contents.entries, others);
    assert_eq!(contents.problems, ["line 4 of the journal is damaged and was skipped"]);
}

#[test]
fn a_line_with_its_fields_before_the_event_name_reads_the_same() {
    let open = r#"{"elapsed_ms":1500,"v":1,"session":2,"seq":1,"at":"2026-05-12T18:00:00+02:00","event":"session_started""#;
    let mut bytes = encode(&header()).into_bytes();
    bytes.extend_from_slice(checksummed(open).as_bytes());
    let contents = parse(&bytes);
    assert_eq!(contents.problems, Vec::<String>::new());
    let at = DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").unwrap();
    assert_eq!(
        contents.entries,
        [Entry::format_1(1, at, Change::SessionStarted { session: 2, elapsed_ms: 1500 })]
    );
}

#[test]
fn not_saved_says_why_before_the_long_path() {
    let error = super::JournalError::NotSaved {
        path: std::path::PathBuf::from(
            "/home/clara/.local/share/convene/records/2026-05-12-lab/journal.jsonl",
        ),
        source: std::io::Error::from_raw_os_error(28),
    };
    assert_eq!(
        error.to_string(),
        "NOT SAVED (No space left on device (os error 28)): cannot write /home/clara/.local/share/convene/records/2026-05-12-lab/journal.jsonl"
    );
}

#[test]
fn an_item_of_the_lines_own_device_is_written_as_its_number_alone() {
    let me = DeviceId::new(0x00c0_ffee);
    let other = DeviceId::new(0xbeef);
    let line = |item: ItemId| {
        let change = Change::ItemDeleted { item };
        let entry = Entry {
            device: me,
            seq: 9,
            clock: crate::event::Hlc(1 << 40),
            at: base_time(),
            change,
        };
        (encode(&entry), entry)
    };
    let cases = [
        (ItemId { device: me, seq: 5 }, r#""item":5,"#.to_string()),
        (ItemId::format_1(5), r#""item":"00000000000000000000000000.5","#.to_string()),
        (ItemId { device: other, seq: 5 }, format!(r#""item":"{other}.5","#)),
    ];
    for (item, written) in cases {
        let (text, entry) = line(item);
        assert!(text.contains(&written), "{text}");
        let mut header = header();
        header.device = Some(me);
        let bytes = format!("{}{text}", encode(&header));
        let contents = parse(bytes.as_bytes());
        assert_eq!(contents.entries, [entry], "{text}");
    }
    // A format-1 line's bare number is a format-1 item.
    let legacy = Entry::format_1(1, base_time(), Change::ItemDeleted { item: ItemId::format_1(5) });
    assert!(encode(&legacy).contains(r#""item":5,"#));
}

#[test]
fn attendance_lines_round_trip_in_any_order_of_fields() {
    let me = DeviceId::new(0x00c0_ffee);
    let entry = |seq, change| Entry {
        device: me,
        seq,
        clock: crate::event::Hlc(1 << 40),
        at: base_time(),
        change,
    };
    let entries = [
        entry(1, Change::AttendanceCounted { group: "residents".into(), present: 12 }),
        entry(2, Change::AttendanceCounted { group: String::new(), present: 0 }),
        entry(
            3,
            Change::OrganisationAttended {
                organisation: "Yara «Porsgrunn»".into(), present: true
            },
        ),
        entry(4, Change::OrganisationAttended { organisation: "Bellona".into(), present: false }),
    ];
    let lines: Vec<String> = entries.iter().map(encode).collect();
    assert!(
        lines[0].contains(r#""event":"attendance_counted","group":"residents","present":12,"#),
        "{}",
        lines[0]
    );
    assert!(
        lines[1].contains(r#""event":"attendance_counted","group":"","present":0,"#),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(
            r#""event":"organisation_attended","organisation":"Yara «Porsgrunn»","present":true,"#
        ),
        "{}",
        lines[2]
    );
    let mut header = header();
    header.device = Some(me);
    let bytes = format!("{}{}", encode(&header), lines.concat());
    let contents = parse(bytes.as_bytes());
    assert_eq!(contents.problems, Vec::<String>::new());
    assert_eq!(contents.entries, entries);

    // The fast reader takes the fields in any order; a line without a field its change
    // needs is reported and the lines around it are read.
    let at = "2026-05-12T18:00:00+02:00";
    let lines = [
        format!(
            r#"{{"present":7,"v":1,"group":"workers","seq":1,"at":"{at}","event":"attendance_counted""#
        ),
        format!(r#"{{"v":1,"seq":2,"at":"{at}","event":"attendance_counted","group":"workers""#),
        format!(
            r#"{{"v":1,"seq":3,"at":"{at}","present":false,"event":"organisation_attended","organisation":"Bellona""#
        ),
    ];
    let mut bytes = encode(&Header { device: None, ..header }).into_bytes();
    for line in &lines {
        bytes.extend_from_slice(checksummed(line).as_bytes());
    }
    let contents = parse(&bytes);
    let changes: Vec<(u64, Change)> =
        contents.entries.into_iter().map(|e| (e.seq, e.change)).collect();
    assert_eq!(
        changes,
        [
            (1, Change::AttendanceCounted { group: "workers".into(), present: 7 }),
            (3, Change::OrganisationAttended { organisation: "Bellona".into(), present: false }),
        ]
    );
    assert_eq!(contents.problems, ["line 3 of the journal is damaged and was skipped"]);
}

#[test]
fn tally_lines_round_trip_and_an_incomplete_one_is_skipped() {
    let me = DeviceId::new(0x00c0_ffee);
    let entry = |seq, change| Entry {
        device: me,
        seq,
        clock: crate::event::Hlc(1 << 40),
        at: base_time(),
        change,
    };
    let tally = ItemId { device: me, seq: 1 };
    let recorded = Change::TallyRecorded {
        tally,
        session: 1,
        question: "Which report «first»?".into(),
        method: TallyMethod::DotVote,
        rule: TallyRule::Binding,
        counts: vec![
            OptionCount { option: "Dust".into(), count: Some(40), how: Counting::Counted },
            OptionCount { option: "Noise".into(), count: None, how: Counting::MajorityNotCounted },
        ],
        present: Some(20),
        dots: Some(Dots::PerPerson(3)),
        outcome: String::new(),
    };
    let entries = [entry(1, recorded), entry(2, Change::TallyDeleted { tally })];
    let lines: Vec<String> = entries.iter().map(encode).collect();
    assert!(
        lines[0].contains(
            r#""event":"tally_recorded","tally":1,"session":1,"question":"Which report «first»?","method":"dot_vote","rule":"binding","counts":[{"option":"Dust","count":40,"how":"counted"},{"option":"Noise","how":"majority_not_counted"}],"present":20,"dots":{"per_person":3},"outcome":"","#
        ),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains(r#""event":"tally_deleted","tally":1,"#), "{}", lines[1]);
    let mut header = header();
    header.device = Some(me);
    let bytes = format!("{}{}", encode(&header), lines.concat());
    let contents = parse(bytes.as_bytes());
    assert_eq!(contents.problems, Vec::<String>::new());
    assert_eq!(contents.entries, entries);

    // A line without `dots` (null is written when there are none) is incomplete: reported,
    // and the lines around it are read.
    let without_dots = lines[0].replace(r#""dots":{"per_person":3},"#, "");
    let crc_free = without_dots.split(r#","crc":"#).next().unwrap_or_default().to_string();
    let bytes = format!("{}{}{}", encode(&header), checksummed(&crc_free), lines[1]);
    let contents = parse(bytes.as_bytes());
    assert_eq!(contents.entries, entries[1..]);
    assert_eq!(contents.problems, ["line 2 of the journal is damaged and was skipped"]);
}
