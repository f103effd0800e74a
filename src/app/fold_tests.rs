//! Lines from several devices reach the live screen in any order: the state is always the
//! fold of the sorted union (ROOM.md: "The fold is pure"), and the conflict rules hold
//! whatever the order of arrival.

use std::time::Instant;

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use proptest::prelude::*;

use super::tests::AGENDA;
use super::{App, Key, Mode, Msg, update};
use crate::agenda::parse_agenda;
use crate::event::{Change, DeviceId, Entry, Fields, Hlc, ItemId, ItemKind};
use crate::live::{Clock, Live, Now, SessionRun};

/// The facilitator's laptop and two note-takers'.
const F: DeviceId = DeviceId::new(0xf0);
const A: DeviceId = DeviceId::new(0xa0);
const B: DeviceId = DeviceId::new(0xb0);

fn wall(second: i64) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(7200)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 5, 12, 18, 0, 0).single())
        .unwrap()
        + Duration::seconds(second)
}

/// Line `seq` of `device`'s journal, stamped at `second` past 18:00.
fn line(device: DeviceId, seq: u64, second: i64, change: Change) -> Entry {
    Entry { device, seq, clock: Hlc::of(wall(second)), at: wall(second), change }
}

fn text(text: &str) -> Fields {
    Fields { text: text.into(), ..Fields::default() }
}

/// A capture: its item's id is its line's.
fn capture(device: DeviceId, seq: u64, second: i64, kind: ItemKind, said: &str) -> Entry {
    let change = Change::ItemCaptured {
        item: ItemId { device, seq },
        kind,
        session: 0,
        offset_ms: second as u64 * 1000,
        fields: text(said),
    };
    line(device, seq, second, change)
}

fn id(device: DeviceId, seq: u64) -> ItemId {
    ItemId { device, seq }
}

/// Every moment of the tests: a minute after the last line.
fn now() -> Now {
    Now { mono: Instant::now(), wall: wall(120) }
}

fn agenda() -> crate::agenda::Agenda {
    parse_agenda(AGENDA).agenda.unwrap()
}

/// F takes the sessions and starts the first.
fn facilitating() -> Vec<Entry> {
    vec![
        line(F, 1, 0, Change::FacilitatorChanged { to: F }),
        line(F, 2, 1, Change::SessionStarted { session: 0, elapsed_ms: 0 }),
    ]
}

/// An item as a fold leaves it: id, number, kind, text, session, deleted, answers, edits.
type ItemSeen = (ItemId, u64, ItemKind, String, usize, bool, Vec<(DeviceId, String)>, u32);

/// What the fold says about the event, to compare two folds.
#[derive(Debug, PartialEq)]
struct Seen {
    items: Vec<ItemSeen>,
    sessions: Vec<SessionRun>,
    current: usize,
    facilitator: DeviceId,
    pending: usize,
}

fn seen(live: &Live) -> Seen {
    Seen {
        items: live
            .items
            .iter()
            .map(|i| {
                let text = i.fields.text.clone();
                (i.id, i.number, i.kind, text, i.session, i.deleted, i.answers.clone(), i.edits)
            })
            .collect(),
        sessions: live.sessions.clone(),
        current: live.current,
        facilitator: live.facilitator,
        pending: live.inbox.pending_count(),
    }
}

/// The lines delivered to a live screen one by one, in this order.
fn delivered(entries: &[Entry], now: Now) -> App {
    let mut app = App::new(Live::new(agenda()));
    for entry in entries {
        update(&mut app, Msg::Received(vec![entry.clone()]), now);
    }
    app
}

/// The fold of the sorted union, as a resumed record or the minutes fold it.
fn sorted_union(entries: &[Entry], now: Now) -> Live {
    let mut sorted = entries.to_vec();
    sorted.sort_by_key(Entry::order);
    let mut live = Live::new(agenda());
    live.replay(sorted, &[], now);
    live
}

/// Three devices at once: captures, two edits of one field, an edit against a delete, a
/// move against a move, answers from two devices, a session change from a note-taker.
fn three_devices() -> Vec<Entry> {
    let (dust, trucks, open_day) = (id(F, 3), id(A, 1), id(B, 1));
    let mut entries = facilitating();
    entries.extend([
        capture(F, 3, 10, ItemKind::Question, "Will the dust reach the school?"),
        // Two captures at the same moment: both kept, A's first (its id sorts first).
        capture(A, 1, 20, ItemKind::Concern, "Trucks through the village at night"),
        capture(B, 1, 20, ItemKind::Idea, "An open day at the pilot plant"),
        // Two edits of one field at the same moment: B's wins (device order).
        line(
            A,
            2,
            30,
            Change::ItemEdited {
                item: dust,
                kind: ItemKind::Question,
                fields: text("Will the dust reach the school in Herøya?"),
            },
        ),
        line(
            B,
            2,
            30,
            Change::ItemEdited {
                item: dust,
                kind: ItemKind::Question,
                fields: text("Will the dust reach the school by 2027?"),
            },
        ),
        // F deletes what A edits a moment later: deleted all the same.
        line(F, 4, 40, Change::ItemDeleted { item: trucks }),
        line(
            A,
            3,
            41,
            Change::ItemEdited {
                item: trucks,
                kind: ItemKind::Concern,
                fields: text("Trucks through the village at 05:00"),
            },
        ),
        // Two moves: the later wins.
        line(A, 4, 50, Change::ItemMoved { item: open_day, session: 1 }),
        line(B, 3, 51, Change::ItemMoved { item: open_day, session: 2 }),
        // Two answers: both kept, in clock order.
        line(
            B,
            4,
            60,
            Change::ItemAnswered { item: dust, answer: "The municipality measures it".into() },
        ),
        line(A, 5, 61, Change::ItemAnswered { item: dust, answer: "Yes, within 2 km".into() }),
        // A note-taker cannot pause the room's clock.
        line(B, 5, 70, Change::SessionPaused { session: 0, elapsed_ms: 69_000 }),
    ]);
    entries
}

#[test]
fn the_three_devices_fold_to_what_the_conflict_rules_say() {
    let live = sorted_union(&three_devices(), now());
    let items: Vec<(ItemId, u64, &str, usize, bool)> = live
        .items
        .iter()
        .map(|i| (i.id, i.number, i.fields.text.as_str(), i.session, i.deleted))
        .collect();
    assert_eq!(
        items,
        [
            (id(F, 3), 1, "Will the dust reach the school by 2027?", 0, false),
            (id(A, 1), 2, "Trucks through the village at 05:00", 0, true),
            (id(B, 1), 3, "An open day at the pilot plant", 2, false),
        ]
    );
    assert_eq!(
        live.items[0].answers,
        [(B, "The municipality measures it".to_string()), (A, "Yes, within 2 km".to_string())]
    );
    assert!(live.is_running(), "B's pause does not count");
}

#[test]
fn every_order_of_the_concurrent_lines_ends_in_the_fold_of_the_sorted_union() {
    let entries = three_devices();
    let now = now();
    let expected = seen(&sorted_union(&entries, now));
    // The shared beginning first, then every order of the six conflicting lines.
    let (first, conflicting) = entries.split_at(5);
    let conflicting: Vec<Entry> = conflicting[..6].to_vec();
    let rest = &entries[11..];
    let mut orders = 0;
    permutations(conflicting.len(), &mut |order| {
        let mut arrival: Vec<Entry> = first.to_vec();
        arrival.extend(order.iter().map(|&i| conflicting[i].clone()));
        arrival.extend_from_slice(rest);
        let app = delivered(&arrival, now);
        assert_eq!(seen(&app.live), expected, "arrival order {order:?}");
        assert_eq!(app.fold.len(), entries.len());
        orders += 1;
    });
    assert_eq!(orders, 720);
}

/// Calls `each` with every permutation of `0..n` (Heap's algorithm).
fn permutations(n: usize, each: &mut dyn FnMut(&[usize])) {
    fn heap(k: usize, order: &mut Vec<usize>, each: &mut dyn FnMut(&[usize])) {
        if k <= 1 {
            each(order);
            return;
        }
        for i in 0..k {
            heap(k - 1, order, each);
            let swap = if k.is_multiple_of(2) { i } else { 0 };
            order.swap(swap, k - 1);
        }
    }
    let mut order: Vec<usize> = (0..n).collect();
    heap(n, &mut order, each);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    /// Any order at all, edits before their captures and a device's own lines out of turn
    /// included, each line possibly twice.
    #[test]
    fn any_order_of_every_line_with_repeats_ends_in_the_fold_of_the_sorted_union(
        order in Just((0..three_devices().len()).collect::<Vec<usize>>()).prop_shuffle(),
        repeats in proptest::collection::vec(0..three_devices().len(), 0..4),
    ) {
        let entries = three_devices();
        let now = now();
        let mut arrival: Vec<Entry> = order.iter().map(|&i| entries[i].clone()).collect();
        for (n, &i) in repeats.iter().enumerate() {
            arrival.insert((n * 5).min(arrival.len()), entries[i].clone());
        }
        let app = delivered(&arrival, now);
        prop_assert_eq!(seen(&app.live), seen(&sorted_union(&entries, now)));
        prop_assert_eq!(app.fold.len(), entries.len());
    }
}

/// The lines delivered in the order given and in the reverse order: both folds.
fn both_ways(mut lines: Vec<Entry>) -> [Live; 2] {
    let now = now();
    let mut entries = facilitating();
    entries.extend(lines.iter().cloned());
    let forward = delivered(&entries, now).live;
    lines.reverse();
    let mut entries = facilitating();
    entries.extend(lines);
    let backward = delivered(&entries, now).live;
    assert_eq!(seen(&forward), seen(&backward));
    [forward, backward]
}

#[test]
fn two_captures_at_once_are_both_kept_numbered_in_clock_then_device_order() {
    for live in both_ways(vec![
        capture(B, 1, 20, ItemKind::Question, "Who pays for the road?"),
        capture(A, 1, 20, ItemKind::Question, "Is the harbour dredged?"),
        capture(F, 3, 15, ItemKind::Concern, "Dust on the school yard"),
    ]) {
        let numbered: Vec<(ItemId, u64)> = live.items.iter().map(|i| (i.id, i.number)).collect();
        assert_eq!(numbered, [(id(F, 3), 1), (id(A, 1), 2), (id(B, 1), 3)]);
    }
}

#[test]
fn two_edits_of_one_field_the_later_clock_wins_then_the_later_device() {
    let dust = id(F, 3);
    let edit = |device, seq, second, said: &str| {
        line(
            device,
            seq,
            second,
            Change::ItemEdited { item: dust, kind: ItemKind::Question, fields: text(said) },
        )
    };
    for live in both_ways(vec![
        capture(F, 3, 10, ItemKind::Question, "Dust?"),
        edit(B, 1, 30, "Dust at the school?"),
        edit(A, 1, 31, "Dust in the harbour?"),
    ]) {
        assert_eq!(live.items[0].fields.text, "Dust in the harbour?", "A wrote last by clock");
        assert_eq!(live.items[0].edits, 2);
    }
    for live in both_ways(vec![
        capture(F, 3, 10, ItemKind::Question, "Dust?"),
        edit(B, 1, 30, "Dust at the school?"),
        edit(A, 1, 30, "Dust in the harbour?"),
    ]) {
        assert_eq!(
            live.items[0].fields.text, "Dust at the school?",
            "same clock: B's id sorts last"
        );
    }
}

#[test]
fn move_against_move_the_last_writer_wins() {
    let q = id(A, 1);
    for live in both_ways(vec![
        capture(A, 1, 10, ItemKind::Question, "Who pays?"),
        line(B, 1, 30, Change::ItemMoved { item: q, session: 2 }),
        line(F, 3, 35, Change::ItemMoved { item: q, session: 1 }),
    ]) {
        assert_eq!(live.items[0].session, 1);
        assert_eq!((live.item_count(0), live.item_count(1), live.item_count(2)), (0, 1, 0));
    }
}

#[test]
fn an_edit_or_a_move_against_a_delete_the_delete_wins_until_a_restore() {
    let q = id(A, 1);
    let edit = line(
        B,
        1,
        40,
        Change::ItemEdited { item: q, kind: ItemKind::Question, fields: text("Who pays for it?") },
    );
    let moved = line(B, 2, 41, Change::ItemMoved { item: q, session: 1 });
    for live in both_ways(vec![
        capture(A, 1, 10, ItemKind::Question, "Who pays?"),
        line(F, 3, 30, Change::ItemDeleted { item: q }),
        edit.clone(),
        moved.clone(),
    ]) {
        // The edit and the move came after the delete by clock: still deleted.
        assert!(live.items[0].deleted);
        assert_eq!((live.item_count(0), live.item_count(1)), (0, 0));
    }
    for live in both_ways(vec![
        capture(A, 1, 10, ItemKind::Question, "Who pays?"),
        edit,
        moved,
        line(F, 3, 50, Change::ItemDeleted { item: q }),
    ]) {
        assert!(live.items[0].deleted, "deleted after the edit and the move");
    }
    for live in both_ways(vec![
        capture(A, 1, 10, ItemKind::Question, "Who pays?"),
        line(F, 3, 30, Change::ItemDeleted { item: q }),
        line(B, 1, 40, Change::ItemRestored { item: q }),
    ]) {
        assert!(!live.items[0].deleted, "only a restore brings it back");
        assert_eq!(live.item_count(0), 1);
    }
}

#[test]
fn two_answers_are_both_kept_in_clock_order_and_answered_is_the_last_word() {
    let q = id(F, 3);
    let answer = |device, seq, second, said: &str| {
        line(device, seq, second, Change::ItemAnswered { item: q, answer: said.into() })
    };
    for live in both_ways(vec![
        capture(F, 3, 10, ItemKind::Question, "Is the water tested?"),
        answer(B, 1, 30, "Every month"),
        answer(A, 1, 31, "By the county"),
    ]) {
        let answers = &live.items[0].answers;
        assert_eq!(answers, &[(B, "Every month".to_string()), (A, "By the county".to_string())]);
        assert_eq!(live.items[0].answer(), Some("By the county"));
    }
    // Marked open again last: open, whoever answered before.
    for live in both_ways(vec![
        capture(F, 3, 10, ItemKind::Question, "Is the water tested?"),
        answer(B, 1, 30, "Every month"),
        answer(A, 1, 40, ""),
    ]) {
        assert!(live.items[0].answers.is_empty());
    }
}

#[test]
fn session_changes_count_only_from_the_facilitators_device() {
    for live in both_ways(vec![
        line(A, 1, 30, Change::SessionPaused { session: 0, elapsed_ms: 29_000 }),
        line(B, 1, 31, Change::SessionExtended { session: 0, timebox_s: 3600 }),
        line(B, 2, 32, Change::SessionEnded { session: 0, elapsed_ms: 31_000 }),
        line(A, 2, 33, Change::SessionStarted { session: 1, elapsed_ms: 0 }),
        line(F, 3, 40, Change::SessionExtended { session: 0, timebox_s: 900 }),
    ]) {
        assert!(live.is_running());
        assert_eq!(live.current, 0);
        assert_eq!(live.sessions[0].timebox, std::time::Duration::from_secs(900));
        assert_eq!(live.sessions[1].clock, Clock::NotStarted);
    }
}

#[test]
fn a_submission_approved_on_two_devices_is_one_item() {
    let inbox = DeviceId::inbox_of(F);
    let submission = ItemId { device: inbox, seq: 1 };
    let approve = |device, second| {
        let change = Change::SubmissionApproved {
            submission,
            session: 0,
            offset_ms: 30_000,
            fields: text("Is the dust measured at the school?"),
        };
        line(device, 1, second, change)
    };
    for live in both_ways(vec![
        line(
            inbox,
            1,
            20,
            Change::SubmissionReceived {
                text: "Is the dust measured at the school?".into(),
                name: None,
            },
        ),
        approve(A, 30),
        approve(B, 31),
    ]) {
        let items: Vec<(ItemId, &str)> =
            live.items.iter().map(|i| (i.id, i.fields.text.as_str())).collect();
        assert_eq!(items, [(submission, "Is the dust measured at the school?")]);
        assert_eq!(live.item_count(0), 1);
    }
}

#[test]
fn a_late_line_folds_again_and_the_screen_keeps_its_mode_selection_and_message() {
    let now = now();
    let mut entries = facilitating();
    entries.extend([
        capture(F, 3, 10, ItemKind::Question, "Will the dust reach the school?"),
        capture(F, 4, 50, ItemKind::Concern, "Trucks at night"),
    ]);
    let mut app = delivered(&entries, now);
    app.selected = Some(id(F, 4));
    app.mode = Mode::Answer { question: id(F, 3), line: tui_input::Input::new("Ye".into()) };
    app.flash = Some("Saved concern 2".into());
    app.bells_rung[0].warning = true;
    let before = app.live.applied;
    // Captured on A at 18:00:30, offline, delivered now: it sorts between F's two.
    let late = capture(A, 1, 30, ItemKind::Idea, "An open day");
    update(&mut app, Msg::Received(vec![late.clone()]), now);
    let numbered: Vec<(ItemId, u64)> = app.live.items.iter().map(|i| (i.id, i.number)).collect();
    assert_eq!(numbered, [(id(F, 3), 1), (id(A, 1), 2), (id(F, 4), 3)]);
    assert!(app.live.applied > before, "a frame sees the change");
    assert_eq!(app.selection().map(|i| i.id), Some(id(F, 4)));
    assert!(
        matches!(&app.mode, Mode::Answer { question, line } if *question == id(F, 3) && line.value() == "Ye")
    );
    assert_eq!(app.flash.as_deref(), Some("Saved concern 2"));
    assert!(app.bells_rung[0].warning);
    // Typed on: the answer goes to the same question.
    update(&mut app, Msg::Key(Key::Char('s')), now);
    assert!(matches!(&app.mode, Mode::Answer { line, .. } if line.value() == "Yes"));
    // The same line again changes nothing.
    let applied = app.live.applied;
    update(&mut app, Msg::Received(vec![late]), now);
    assert_eq!((app.live.applied, app.fold.len()), (applied, 5));
}

#[test]
fn a_refold_keeps_the_running_timer_where_it_was() {
    let start = Now { mono: Instant::now(), wall: wall(1) };
    let mut app = App::new(Live::new(agenda()));
    for entry in facilitating() {
        update(&mut app, Msg::Received(vec![entry]), start);
    }
    let later = start.plus(std::time::Duration::from_secs(60));
    update(&mut app, Msg::Received(vec![capture(F, 3, 50, ItemKind::Note, "Coffee")]), later);
    let running = app.live.timer_state(0, later.mono);
    // A line stamped before F's capture arrives a minute later: everything is folded again.
    update(&mut app, Msg::Received(vec![capture(A, 1, 30, ItemKind::Note, "Tea")]), later);
    assert_eq!(app.live.items.len(), 2);
    assert_eq!(app.live.timer_state(0, later.mono), running);
    let on = later.plus(std::time::Duration::from_secs(5)).mono;
    assert_eq!(app.live.sessions[0].clock.elapsed(on), std::time::Duration::from_secs(65));
}
