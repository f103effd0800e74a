use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset, TimeZone};

use super::*;
use crate::agenda::parse_agenda;
use crate::event::{Fields, ItemId, ItemKind};

const A: DeviceId = DeviceId::new(0xa0);
const B: DeviceId = DeviceId::new(0xb0);

fn wall(second: i64) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(7200)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 5, 12, 18, 0, 0).single())
        .unwrap()
        + Duration::seconds(second)
}

fn now() -> Now {
    Now { mono: Instant::now(), wall: wall(600) }
}

fn live() -> Live {
    Live::new(parse_agenda(crate::app::tests::AGENDA).agenda.unwrap())
}

fn line(device: DeviceId, seq: u64, second: i64, change: Change) -> Entry {
    Entry { device, seq, clock: Hlc::of(wall(second)), at: wall(second), change }
}

fn capture(device: DeviceId, seq: u64, second: i64, said: &str) -> Entry {
    let fields = Fields { text: said.into(), ..Fields::default() };
    let item = ItemId { device, seq };
    line(
        device,
        seq,
        second,
        Change::ItemCaptured { item, kind: ItemKind::Question, session: 0, offset_ms: 0, fields },
    )
}

fn edit(device: DeviceId, seq: u64, second: i64, item: ItemId, said: &str) -> Entry {
    let fields = Fields { text: said.into(), ..Fields::default() };
    line(device, seq, second, Change::ItemEdited { item, kind: ItemKind::Question, fields })
}

/// Each capture held: its own text when held as a line, None when held by its place (its
/// item holds its text).
fn captures_held(fold: &Fold) -> Vec<Option<&str>> {
    fold.held
        .iter()
        .filter_map(|held| match held {
            Held::Captured { .. } => Some(None),
            Held::Line(entry) => match &entry.change {
                Change::ItemCaptured { fields, .. } => Some(Some(fields.text.as_str())),
                _ => None,
            },
        })
        .collect()
}

#[test]
fn a_captures_text_is_held_once_and_given_back_to_its_line_at_the_first_edit() {
    let (mut fold, mut live, now) = (Fold::default(), live(), now());
    let dust = ItemId { device: A, seq: 1 };
    assert_eq!(fold.add(&mut live, capture(A, 1, 10, "Dust?"), now), Ok(Folded::Applied));
    assert_eq!(fold.add(&mut live, capture(A, 2, 20, "Trucks?"), now), Ok(Folded::Applied));
    assert_eq!(captures_held(&fold), [None, None]);
    assert_eq!(live.items[0].fields.text, "Dust?");
    assert_eq!(
        fold.add(&mut live, edit(B, 1, 30, dust, "Dust at the school?"), now),
        Ok(Folded::Applied)
    );
    assert_eq!(captures_held(&fold), [Some("Dust?"), None]);
    // A line stamped before the edit, delivered late: everything is folded again, and each
    // text is where it was.
    assert_eq!(
        fold.add(&mut live, edit(A, 3, 25, dust, "Dust in the harbour?"), now),
        Ok(Folded::Refolded)
    );
    assert_eq!(captures_held(&fold), [Some("Dust?"), None]);
    let texts: Vec<&str> = live.items.iter().map(|i| i.fields.text.as_str()).collect();
    assert_eq!(texts, ["Dust at the school?", "Trucks?"]);
    assert_eq!(live.items[0].edits, 2);
}

#[test]
fn a_line_is_known_by_its_device_and_number_whatever_its_clock() {
    let (mut fold, mut live, now) = (Fold::default(), live(), now());
    assert_eq!(fold.add(&mut live, capture(A, 1, 10, "Dust?"), now), Ok(Folded::Applied));
    assert_eq!(fold.add(&mut live, capture(A, 1, 10, "Dust?"), now), Ok(Folded::Duplicate));
    // Another line claiming A's first place (forged, or a device that forked): the first
    // one held stays.
    assert_eq!(fold.add(&mut live, capture(A, 1, 5, "Forged?"), now), Ok(Folded::Duplicate));
    assert_eq!(fold.add(&mut live, capture(A, 1, 50, "Forged?"), now), Ok(Folded::Duplicate));
    assert_eq!(fold.len(), 1);
    assert_eq!(live.items.len(), 1);
    assert_eq!(live.items[0].fields.text, "Dust?");
}

#[test]
fn a_refused_line_is_held_and_counts_once_what_it_needs_arrives() {
    let (mut fold, mut live, now) = (Fold::default(), live(), now());
    let dust = ItemId { device: A, seq: 1 };
    let refused = fold.add(&mut live, edit(B, 1, 30, dust, "Dust at the school?"), now);
    assert_eq!(refused, Err(format!("item {dust} was never captured")));
    assert_eq!(fold.add(&mut live, capture(A, 1, 10, "Dust?"), now), Ok(Folded::Refolded));
    assert_eq!(live.items[0].fields.text, "Dust at the school?");
}

#[test]
fn replaying_a_journal_keeps_its_entries_and_gives_what_live_replay_gives() {
    let entries = crate::bench::entries(2000, wall(0));
    let agenda = parse_agenda(&crate::bench::agenda_text(3)).agenda.unwrap();
    let now = Now { mono: Instant::now(), wall: wall(3600) };
    let mut replayed = Live::new(agenda.clone());
    let refused = replayed.replay(entries.clone(), &[], now);
    let (mut fold, mut live) = (Fold::default(), Live::new(agenda));
    assert_eq!(fold.replay(&mut live, entries, &[], now), refused);
    assert_eq!(fold.len(), 2000);
    assert_eq!(live.items, replayed.items);
    assert_eq!((live.applied, live.sessions.clone()), (replayed.applied, replayed.sessions));
}

#[test]
fn a_state_changed_without_the_fold_is_never_folded_from_what_the_fold_lacks() {
    let (mut fold, mut live, now) = (Fold::default(), live(), now());
    fold.add(&mut live, capture(A, 2, 20, "Trucks?"), now).unwrap();
    // Applied straight to the state (a test, or a caller that keeps no lines).
    live.apply(&capture(B, 1, 40, "Road?"), now).unwrap();
    // A line that sorts first cannot fold again what the fold never held: it goes last.
    assert_eq!(fold.add(&mut live, capture(A, 1, 10, "Dust?"), now), Ok(Folded::Applied));
    // And so on, for good.
    assert_eq!(fold.add(&mut live, capture(B, 2, 5, "Noise?"), now), Ok(Folded::Applied));
    let texts: Vec<&str> = live.items.iter().map(|i| i.fields.text.as_str()).collect();
    assert_eq!(texts, ["Trucks?", "Road?", "Dust?", "Noise?"]);
}

#[test]
fn lines_replayed_out_of_order_fold_as_the_sorted_ones() {
    let mut entries = vec![
        capture(A, 1, 10, "Dust?"),
        capture(B, 1, 20, "Trucks?"),
        edit(A, 2, 30, ItemId { device: B, seq: 1 }, "Trucks at night?"),
        edit(B, 2, 40, ItemId { device: A, seq: 1 }, "Dust at the school?"),
    ];
    let now = now();
    let (mut sorted, mut in_order) = (Fold::default(), live());
    assert!(sorted.replay(&mut in_order, entries.clone(), &[], now).is_empty());
    entries.reverse();
    let (mut fold, mut reversed) = (Fold::default(), live());
    // Each edit before its capture, and A's first line twice: sorted, and the same line kept
    // once.
    entries.push(capture(A, 1, 10, "Dust?"));
    let refused = fold.replay(&mut reversed, entries, &[9, 8, 7, 6, 5], now);
    assert_eq!(
        refused,
        [format!("line 5 of journals/{A}.jsonl was not replayed: the same line was read before")]
    );
    assert_eq!(reversed.items, in_order.items);
    assert_eq!(fold.len(), 4);
}

#[test]
fn a_capture_is_held_in_64_bytes_beside_its_item() {
    // 10,000 captures held cost 640 kB beside their items (a line as it came is 216 bytes).
    assert!(std::mem::size_of::<Held>() <= 64, "{}", std::mem::size_of::<Held>());
}

#[test]
fn a_burst_of_late_lines_is_folded_again_once_and_gives_the_fold_of_the_sorted_union() {
    let (mut fold, mut live, now) = (Fold::default(), live(), now());
    let dust = ItemId { device: A, seq: 1 };
    // This laptop's own lines, applied as they came.
    for (seq, second, said) in [(1, 10, "Dust?"), (2, 40, "Trucks?"), (3, 70, "Noise?")] {
        assert_eq!(fold.add(&mut live, capture(A, seq, second, said), now), Ok(Folded::Applied));
    }
    // Another laptop's, written offline in between, arrive at once after the outage: an edit
    // of an item it has not seen the capture of yet comes first (refused alone, it counts
    // once its capture is there), then its captures, one of them twice.
    let burst = vec![
        edit(B, 3, 50, ItemId { device: B, seq: 1 }, "Water in the fjord, who pays?"),
        capture(B, 1, 20, "Water?"),
        capture(B, 2, 30, "Jobs?"),
        capture(B, 2, 30, "Jobs?"),
        edit(B, 4, 80, dust, "Dust at the school?"),
    ];
    let results = fold.add_all(&mut live, burst.clone(), now);
    assert_eq!(
        results,
        [
            Ok(Folded::Refolded),
            Ok(Folded::Refolded),
            Ok(Folded::Refolded),
            Ok(Folded::Duplicate),
            Ok(Folded::Refolded)
        ]
    );
    assert_eq!(fold.refolds(), 1);
    let mut union: Vec<Entry> = burst;
    union.remove(3);
    for (seq, second, said) in [(1, 10, "Dust?"), (2, 40, "Trucks?"), (3, 70, "Noise?")] {
        union.push(capture(A, seq, second, said));
    }
    union.sort_by_key(Entry::order);
    let mut expected = self::live();
    let refused = expected.replay(union, &[], now);
    assert_eq!(refused, Vec::<String>::new());
    let texts = |live: &Live| -> Vec<String> {
        live.items.iter().map(|item| item.fields.text.clone()).collect()
    };
    assert_eq!(
        texts(&live),
        ["Dust at the school?", "Water in the fjord, who pays?", "Jobs?", "Trucks?", "Noise?"]
    );
    assert_eq!(texts(&live), texts(&expected));
    // Lines that all sort after the last one held are applied as they come: no refold.
    let more = vec![capture(B, 5, 90, "Smell?"), capture(A, 4, 95, "Light?")];
    assert_eq!(fold.add_all(&mut live, more, now), [Ok(Folded::Applied), Ok(Folded::Applied)]);
    assert_eq!(fold.refolds(), 1);
}
