//! Catching up from the live screen: `C` and the proposal's keys, down to the exact changes
//! they journal.

use std::time::Duration;

use super::tests::Harness;
use super::*;
use crate::agenda::{DEMO_AGENDA, parse_agenda};
use crate::live::Live;

/// The demo citizen lab (18:00–20:55, `end` 21:00, coffee fixed at 19:30).
fn lab() -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(parse_agenda(DEMO_AGENDA).agenda.unwrap()));
    h
}

/// Runs the current session `minutes` more, then moves on with `n`.
fn hold(h: &mut Harness, minutes: u64) {
    if !h.app.live.is_running() {
        h.key(Key::Char(' '));
    }
    h.wait(minutes * 60);
    h.key(Key::Char('n'));
}

/// The lab 15 minutes behind its plan: the questions to the plant team ran 50 of their 35
/// minutes, so the coffee (fixed at 19:30) began at 19:45; it is 19:50.
fn fifteen_minutes_late() -> Harness {
    let mut h = lab();
    for minutes in [10, 20, 25, 50] {
        hold(&mut h, minutes);
    }
    h.wait(5 * 60);
    h
}

fn extended(session: usize, minutes: u64) -> Effect {
    Effect::Record(Change::SessionExtended { session, timebox_s: minutes * 60 })
}

fn marker(h: &Harness, sessions: usize, trimmed_minutes: i64, h_m: (u32, u32)) -> Effect {
    let end = h.now.wall.date_naive().and_hms_opt(h_m.0, h_m.1, 0).unwrap();
    Effect::Record(Change::CatchUpAccepted {
        sessions,
        trimmed_s: trimmed_minutes * 60,
        projected_end: end,
    })
}

fn rows(h: &Harness) -> Vec<(usize, u64)> {
    match &h.app.mode {
        Mode::CatchUp { proposal, .. } => {
            proposal.rows.iter().map(|r| (r.session + 1, r.proposed.as_secs() / 60)).collect()
        }
        other => panic!("the proposal is not open: {other:?}"),
    }
}

#[test]
fn an_evening_running_15_minutes_late_is_brought_back_to_end_by_one_accepted_proposal() {
    let mut h = fifteen_minutes_late();
    let projection = h.app.live.projection(h.now);
    assert_eq!(projection.describe(), "15 min behind — projected end 21:10, 10 min past end 21:00");
    assert_eq!(h.key(Key::Char('C')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::CatchUp);
    // The coffee under way keeps its length, the wrap-up is at its 5 minutes; 10 minutes
    // over 40, 15 and 10 minutes to come: 6, 2 and 2 (the largest remainder).
    assert_eq!(rows(&h), [(5, 15), (6, 34), (7, 13), (8, 8), (9, 5)]);
    let effects = h.key(Key::Enter);
    assert_eq!(
        effects,
        vec![extended(5, 34), extended(6, 13), extended(7, 8), marker(&h, 3, 10, (21, 0))]
    );
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving catch-up: 3 sessions trimmed by 10 min · projected end 21:00…"),
        "not called saved before the writer says so"
    );
    h.app.sent(1);
    h.app.saved(1, 0);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saved catch-up: 3 sessions trimmed by 10 min · projected end 21:00")
    );
    let projection = h.app.live.projection(h.now);
    assert_eq!(projection.past_hard_end, None);
    assert_eq!(projection.describe(), "5 min behind — projected end 21:00");
    assert_eq!(h.app.live.catch_ups.len(), 1);
    // And the rest of the evening held to the new timeboxes ends at 21:00.
    for minutes in [10, 34, 13, 8] {
        hold(&mut h, minutes);
    }
    h.wait(5 * 60);
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    assert_eq!(h.app.live.ended_at.map(|t| t.format("%H:%M").to_string()).unwrap(), "21:00");
}

#[test]
fn c_on_time_says_the_plan_fits_and_changes_nothing() {
    let mut h = lab();
    hold(&mut h, 10);
    assert_eq!(h.key(Key::Char('C')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert_eq!(
        h.app.flash.as_deref(),
        Some(
            "Nothing to catch up: the plan fits `end` 21:00 and every fixed start · on time — projected end 20:55"
        )
    );
}

#[test]
fn edits_change_the_selected_session_by_a_minute_and_are_journaled_as_edited() {
    let mut h = fifteen_minutes_late();
    h.key(Key::Char('C'));
    // The first session changed is selected: the table talks (34m). One minute less there,
    // then the report back one more (14m) and the wrap-up, at its min, one less (4m).
    h.key(Key::Char('-'));
    h.key(Key::Down);
    h.keys("+=");
    h.key(Key::Char('-'));
    h.key(Key::Down);
    h.key(Key::Down);
    h.key(Key::Char('_'));
    assert_eq!(rows(&h), [(5, 15), (6, 33), (7, 14), (8, 8), (9, 4)]);
    let effects = h.key(Key::Enter);
    assert_eq!(
        effects,
        vec![
            extended(5, 33),
            extended(6, 14),
            extended(7, 8),
            extended(8, 4),
            marker(&h, 4, 11, (20, 59)),
        ]
    );
    assert_eq!(h.app.live.sessions[8].timebox, Duration::from_secs(4 * 60));
}

#[test]
fn b_trims_breaks_too_and_esc_dismisses_without_a_change() {
    let mut h = lab();
    // The welcome runs 30 minutes: the coffee at 19:30 would start 20 minutes late. The
    // session under way (the second) and the two after it make that up.
    hold(&mut h, 30);
    h.key(Key::Char('C'));
    // 20 minutes over 20, 25 and 35 to come: 5, 6.25 and 8.75, the last minute to the 8.75.
    assert_eq!(rows(&h), [(2, 15), (3, 19), (4, 26), (5, 15), (6, 40), (7, 15), (8, 10), (9, 5)]);
    h.key(Key::Char('b'));
    assert_eq!(h.app.flash.as_deref(), Some("Breaks are trimmed too, down to their min"));
    // The coffee is fixed at 19:30: once it starts on time nothing after it needs to change.
    assert_eq!(rows(&h), [(2, 15), (3, 19), (4, 26), (5, 15), (6, 40), (7, 15), (8, 10), (9, 5)]);
    h.key(Key::Char('+'));
    h.key(Key::Char('b'));
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Breaks keep their length · the proposal was made again: your edits are gone")
    );
    assert_eq!(h.key(Key::Esc), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert_eq!(h.app.flash.as_deref(), Some("Catch-up dismissed: no timebox changed"));
    assert!(h.app.live.catch_ups.is_empty());
    assert_eq!(h.app.live.sessions[1].timebox, Duration::from_secs(20 * 60));
}

#[test]
fn leaving_from_the_proposal_asks_while_a_session_runs() {
    let mut h = fifteen_minutes_late();
    h.key(Key::Char('C'));
    assert_eq!(h.key(Key::Ctrl('q')), vec![]);
    assert_eq!(h.app.mode.question(), Some(Question::Leave));
    h.key(Key::Char('n'));
    assert_eq!(h.app.mode.kind(), ModeKind::CatchUp, "back to the proposal");
}

#[test]
fn after_the_end_there_is_nothing_to_catch_up() {
    let mut h = fifteen_minutes_late();
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    // Resumed for corrections: the live screen is back, the timers stay as held.
    h.app = App::new(h.app.live.clone());
    assert!(h.app.correcting);
    assert_eq!(h.key(Key::Char('C')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert_eq!(h.app.flash.as_deref(), Some("The event ended at 19:50: nothing to catch up"));
}
