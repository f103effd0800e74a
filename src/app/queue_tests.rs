//! The speaking queue from the live screen: `s` opens it, speakers join by `@name` in a lane,
//! `S` gives the floor, the list is reordered, closed and reopened; each change is journaled
//! and said saved once durable; after the end it is refused.

use super::tests::Harness;
use super::*;
use crate::agenda::parse_agenda;
use crate::event::{Lane, Raiser};
use crate::live::Live;

const AGENDA: &str = r#"
title = "Council"
kind = "council"
date = 2026-10-06
start = "09:30"
[[groups]]
id = "industry"
name = "Industry"
[[groups]]
id = "academia"
name = "Academia and research"
[[participants]]
name = "Kari Nordvik"
group = "industry"
[[participants]]
name = "Annelies Vermeulen"
group = "academia"
[[participants]]
name = "Henrik Dahl"
[[sessions]]
title = "Panel"
duration = "10m"
speaker = "2m"
[[sessions]]
title = "Wrap-up"
duration = "5m"
"#;

fn harness() -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(parse_agenda(AGENDA).agenda.unwrap()));
    h
}

fn kari() -> Raiser {
    Raiser::Participant("Kari Nordvik".into())
}

fn annelies() -> Raiser {
    Raiser::Participant("Annelies Vermeulen".into())
}

fn henrik() -> Raiser {
    Raiser::Participant("Henrik Dahl".into())
}

fn added(who: Raiser, lane: Lane) -> Vec<Effect> {
    vec![Effect::Record(Change::SpeakerAdded { speaker: ItemId::default(), session: 0, who, lane })]
}

/// Adds a speaker from the open queue: the lane's key, the text, Enter.
fn add(h: &mut Harness, key: char, text: &str) -> Vec<Effect> {
    h.key(Key::Char(key));
    h.keys(text);
    h.key(Key::Enter)
}

fn waiting(h: &Harness) -> Vec<Raiser> {
    h.app.live.queues.waiting(0).iter().map(|s| s.who.clone()).collect()
}

fn speaking(h: &Harness) -> Option<Raiser> {
    h.app.live.queues.speaking(0).map(|s| s.who.clone())
}

#[test]
fn s_opens_the_queue_and_a_speaker_joins_by_name_said_saved_once_durable() {
    let mut h = harness();
    assert_eq!(h.key(Key::Char('s')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Queue);
    h.key(Key::Char('a'));
    assert_eq!(h.app.mode.kind(), ModeKind::Speaker);
    // Every printable key is text on the line, the queue's keys too.
    h.keys("@kari");
    assert_eq!(h.key(Key::Enter), added(kari(), Lane::Normal));
    assert_eq!(h.app.mode.kind(), ModeKind::Queue, "back to the queue");
    assert_eq!(h.app.flash.as_deref(), Some("Saving speaker: Kari Nordvik…"));
    h.app.sent(1);
    h.app.saved(1, 0);
    assert_eq!(h.app.flash.as_deref(), Some("Saved speaker: Kari Nordvik"));
    // Without its @, a group by id, a name nobody has (kept and flagged).
    assert_eq!(add(&mut h, 'r', "annelies"), added(annelies(), Lane::DirectReply));
    assert_eq!(
        add(&mut h, 'o', "industry"),
        added(Raiser::Group("industry".into()), Lane::PointOfOrder)
    );
    assert_eq!(
        add(&mut h, 'a', "the mayor"),
        added(Raiser::Unknown("the mayor".into()), Lane::Normal)
    );
    assert_eq!(
        h.app.flash.as_deref(),
        Some(
            "Saving speaker: the mayor (unmatched)… · @the mayor matches nobody in the agenda: kept as free text"
        )
    );
    assert_eq!(
        waiting(&h),
        [Raiser::Group("industry".into()), annelies(), kari(), Raiser::Unknown("the mayor".into())]
    );
    // An empty line adds nobody; Esc goes back to the queue; Esc again closes it.
    assert_eq!(add(&mut h, 'a', "  "), vec![]);
    assert_eq!(h.app.flash.as_deref(), Some("Nothing added: type @name or @group (Tab completes)"));
    h.key(Key::Char('a'));
    h.keys("hen");
    assert_eq!(h.key(Key::Esc), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Queue);
    h.key(Key::Esc);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert_eq!(waiting(&h).len(), 4);
}

#[test]
fn tab_completes_the_name_and_otherwise_cycles_the_lane() {
    let mut h = harness();
    h.key(Key::Char('s'));
    h.key(Key::Char('a'));
    h.keys("@ann");
    h.key(Key::Tab);
    assert_eq!(h.app.mode.line().unwrap().value(), "@Annelies_Vermeulen");
    h.key(Key::Ctrl('u'));
    h.keys("kar");
    h.key(Key::Tab);
    assert_eq!(h.app.mode.line().unwrap().value(), "Kari_Nordvik", "without its @ too");
    h.key(Key::Ctrl('u'));
    h.key(Key::Tab);
    assert!(matches!(h.app.mode, Mode::Speaker { lane: Lane::PointOfOrder, .. }));
    h.key(Key::Tab);
    assert!(matches!(h.app.mode, Mode::Speaker { lane: Lane::DirectReply, .. }));
    h.key(Key::BackTab);
    h.keys("henrik");
    assert_eq!(h.key(Key::Enter), added(henrik(), Lane::PointOfOrder));
}

#[test]
fn capital_s_gives_the_floor_in_turn_starting_the_sessions_timer_and_ends_the_last_turn() {
    let mut h = harness();
    assert_eq!(h.key(Key::Char('S')), vec![]);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Nobody is waiting to speak: s opens the queue, a adds a speaker")
    );
    h.key(Key::Char('s'));
    add(&mut h, 'a', "@kari");
    add(&mut h, 'a', "@annelies");
    h.key(Key::Esc);
    // The session has not started: S starts its timer, on which the turn runs.
    let kari_id = h.app.live.queues.waiting(0)[0].id;
    assert_eq!(
        h.key(Key::Char('S')),
        vec![
            Effect::Record(Change::SessionStarted { session: 0, elapsed_ms: 0 }),
            Effect::Record(Change::SpeakerStarted { speaker: kari_id, offset_ms: 0 }),
        ]
    );
    assert_eq!(speaking(&h), Some(kari()));
    assert_eq!(h.app.flash.as_deref(), Some("Saving the floor to Kari Nordvik, 2m… · 1 waiting"));
    h.wait(75);
    let annelies_id = h.app.live.queues.waiting(0)[0].id;
    assert_eq!(
        h.key(Key::Char('S')),
        vec![
            Effect::Record(Change::SpeakerEnded { speaker: kari_id, offset_ms: 75_000 }),
            Effect::Record(Change::SpeakerStarted { speaker: annelies_id, offset_ms: 75_000 }),
        ]
    );
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving the floor to Annelies Vermeulen, 2m… · nobody else waits")
    );
    h.wait(30);
    // Nobody else waits: the turn ends.
    assert_eq!(
        h.key(Key::Char('S')),
        vec![Effect::Record(Change::SpeakerEnded { speaker: annelies_id, offset_ms: 105_000 })]
    );
    assert_eq!(speaking(&h), None);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving end of Annelies Vermeulen's turn… · nobody else waits")
    );
    let airtime: Vec<(Raiser, u64)> = h
        .app
        .live
        .airtime_per_speaker(Some(0), h.now.mono)
        .into_iter()
        .map(|(who, a)| (who.clone(), a.time.as_secs()))
        .collect();
    assert_eq!(airtime, [(kari(), 75), (annelies(), 30)]);
}

#[test]
fn enter_gives_the_floor_out_of_turn_and_e_ends_a_turn() {
    let mut h = harness();
    h.key(Key::Char(' '));
    h.key(Key::Char('s'));
    add(&mut h, 'a', "@kari");
    add(&mut h, 'a', "@annelies");
    h.key(Key::Down);
    let annelies_id = h.app.live.queues.waiting(0)[1].id;
    assert_eq!(
        h.key(Key::Enter),
        vec![Effect::Record(Change::SpeakerStarted { speaker: annelies_id, offset_ms: 0 })]
    );
    assert_eq!(waiting(&h), [kari()]);
    h.wait(10);
    assert_eq!(
        h.key(Key::Char('e')),
        vec![Effect::Record(Change::SpeakerEnded { speaker: annelies_id, offset_ms: 10_000 })]
    );
    assert_eq!(h.key(Key::Char('e')), vec![]);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Nobody has the floor: S gives it to the next speaker")
    );
}

#[test]
fn capital_k_and_j_reorder_within_a_lane_and_x_removes() {
    let mut h = harness();
    h.key(Key::Char('s'));
    add(&mut h, 'a', "@kari");
    add(&mut h, 'a', "@annelies");
    add(&mut h, 'r', "@henrik");
    assert_eq!(waiting(&h), [henrik(), kari(), annelies()]);
    // Row 3 (Annelies) moves up past Kari, then no further: Henrik's reply keeps its lane.
    h.key(Key::Down);
    h.key(Key::Down);
    let ids: Vec<ItemId> = h.app.live.queues.waiting(0).iter().map(|s| s.id).collect();
    assert_eq!(
        h.key(Key::Char('K')),
        vec![Effect::Record(Change::SpeakerMoved { speaker: ids[2], with: ids[1] })]
    );
    assert_eq!(waiting(&h), [henrik(), annelies(), kari()]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving Annelies Vermeulen to place 2 in the queue…"));
    assert_eq!(h.key(Key::Char('K')), vec![]);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Lanes keep their order: points of order, then direct replies, then the list")
    );
    h.key(Key::Char('J'));
    assert_eq!(waiting(&h), [henrik(), kari(), annelies()]);
    assert_eq!(h.key(Key::Char('J')), vec![]);
    assert_eq!(h.app.flash.as_deref(), Some("Already last in the queue"));
    // x removes the selected (the last row): Annelies.
    assert_eq!(
        h.key(Key::Char('x')),
        vec![Effect::Record(Change::SpeakerRemoved { speaker: ids[2] })]
    );
    assert_eq!(waiting(&h), [henrik(), kari()]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving Annelies Vermeulen off the queue…"));
}

#[test]
fn f_puts_first_time_speakers_first_and_c_closes_the_list_but_for_points_of_order() {
    let mut h = harness();
    h.key(Key::Char('s'));
    add(&mut h, 'a', "@kari");
    h.key(Key::Char('S'));
    h.wait(20);
    add(&mut h, 'a', "@kari");
    add(&mut h, 'a', "@annelies");
    assert_eq!(waiting(&h), [kari(), annelies()]);
    assert_eq!(h.key(Key::Char('f')), vec![Effect::Record(Change::FirstTimeFirst { on: true })]);
    assert_eq!(waiting(&h), [annelies(), kari()]);
    // Reordering across the first-time line is refused while it is on.
    h.key(Key::Char('J'));
    assert_eq!(
        h.app.flash.as_deref(),
        Some("First-time speakers go first: f turns that off to reorder freely")
    );

    assert_eq!(h.key(Key::Char('c')), vec![Effect::Record(Change::QueueClosed { session: 0 })]);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving speaking list of session 1 closed… · a point of order (o) still joins")
    );
    assert_eq!(h.key(Key::Char('a')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Queue, "no line opens");
    assert_eq!(
        h.app.flash.as_deref(),
        Some("The speaking list is closed: c opens it again; a point of order (o) still joins")
    );
    assert_eq!(add(&mut h, 'o', "@henrik"), added(henrik(), Lane::PointOfOrder));
    assert_eq!(h.key(Key::Char('c')), vec![Effect::Record(Change::QueueReopened { session: 0 })]);
    assert_eq!(add(&mut h, 'a', "@henrik"), added(henrik(), Lane::Normal));
}

#[test]
fn plus_and_minus_change_each_speakers_time_within_bounds() {
    let mut h = harness();
    h.key(Key::Char('s'));
    assert_eq!(
        h.key(Key::Char('+')),
        vec![Effect::Record(Change::SpeakerTime { session: 0, speaker_s: 150 })]
    );
    assert_eq!(h.app.flash.as_deref(), Some("Saving speaking time: 2m 30s each…"));
    for _ in 0..10 {
        h.key(Key::Char('-'));
    }
    assert_eq!(h.app.live.speaker_time(0), std::time::Duration::from_secs(30));
    assert_eq!(h.key(Key::Char('-')), vec![]);
    assert_eq!(h.app.flash.as_deref(), Some("A speaker's time stays between 30s and 1h"));
}

#[test]
fn after_the_end_the_queue_is_refused_and_leaving_from_it_asks_while_a_session_runs() {
    let mut h = harness();
    h.key(Key::Char(' '));
    h.key(Key::Char('s'));
    h.key(Key::Ctrl('q'));
    assert_eq!(h.app.mode.question(), Some(Question::Leave));
    h.key(Key::Char('n'));
    assert_eq!(h.app.mode.kind(), ModeKind::Queue, "back to the queue");
    h.key(Key::Esc);
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    h.app.mode = Mode::Normal;
    assert_eq!(h.key(Key::Char('s')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("The event ended at 18:00: the speaking queue is for the event itself")
    );
    assert_eq!(h.key(Key::Char('S')), vec![]);
}
