use std::time::{Duration, Instant};

use chrono::{FixedOffset, TimeZone};

use super::*;
use crate::agenda::parse_agenda;
use crate::journal::Entry;
use crate::live::{Clock, ItemId, ItemKind};

pub(crate) const AGENDA: &str = r#"
title = "Test lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
[[sessions]]
title = "Welcome"
duration = "10m"
[[sessions]]
title = "Questions"
duration = "30m"
[[sessions]]
title = "Wrap-up"
duration = "5m"
"#;

/// The capture or answer line being typed.
fn line(app: &App) -> &Input {
    app.mode.line().expect("a capture or answer line is open")
}

/// The kind of item the capture line saves.
fn capture_kind(app: &App) -> ItemKind {
    match &app.mode {
        Mode::Capture { kind, .. } => *kind,
        other => panic!("no capture line is open: {other:?}"),
    }
}

/// Drives update the way the event loop does: records are applied as they come.
pub(crate) struct Harness {
    pub app: App,
    pub now: Now,
    pub log: Vec<Effect>,
}

impl Harness {
    pub fn new() -> Harness {
        let agenda = parse_agenda(AGENDA).agenda.unwrap();
        let wall = FixedOffset::east_opt(7200)
            .and_then(|tz| tz.with_ymd_and_hms(2026, 5, 12, 18, 0, 0).single())
            .unwrap();
        Harness {
            app: App::new(Live::new(agenda)),
            now: Now { mono: Instant::now(), wall },
            log: Vec::new(),
        }
    }
    pub fn send(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = update(&mut self.app, msg, self.now);
        for effect in &effects {
            if let Effect::Record(change) = effect {
                // Numbered as a format-1 journal numbers its items.
                let mut change = change.clone();
                match &mut change {
                    Change::ItemCaptured { item, .. } => {
                        *item = ItemId::format_1(self.app.live.next_number());
                    }
                    // Parked as it is captured (`!park`): the item just captured, as
                    // `crate::stamp` gives it.
                    Change::ItemParked { item, .. } if *item == ItemId::default() => {
                        *item = self.app.live.items.last().map_or(*item, |i| i.id);
                    }
                    _ => {}
                }
                // A new tally's id is its line's, as `crate::stamp` gives it.
                if let Change::TallyRecorded { tally, .. } = &mut change
                    && *tally == ItemId::default()
                {
                    *tally = ItemId::format_1(self.app.live.applied + 1);
                }
                let seq = self.app.live.applied + 1;
                // A speaker's id is their line's, as the stamp gives it.
                if let Change::SpeakerAdded { speaker, .. } = &mut change {
                    *speaker = ItemId::format_1(seq);
                }
                let mut entry = Entry::format_1(seq, self.now.wall, change);
                // Stamped as `crate::stamp` stamps it: after every line the screen holds.
                if let Some(last) = self.app.fold.last_clock() {
                    entry.clock = entry.clock.max(crate::event::Hlc(last.0 + 1));
                }
                self.app.fold.add(&mut self.app.live, entry, self.now).unwrap();
            }
        }
        self.log.extend(effects.clone());
        effects
    }
    pub fn key(&mut self, key: Key) -> Vec<Effect> {
        self.send(Msg::Key(key))
    }
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(Key::Char(c));
        }
    }
    pub fn wait(&mut self, secs: u64) -> Vec<Effect> {
        self.now = self.now.plus(Duration::from_secs(secs));
        self.send(Msg::Tick)
    }
}

#[test]
fn space_starts_and_pauses() {
    let mut h = Harness::new();
    let effects = h.key(Key::Char(' '));
    assert_eq!(effects, vec![Effect::Record(Change::SessionStarted { session: 0, elapsed_ms: 0 })]);
    h.wait(30);
    let effects = h.key(Key::Char(' '));
    assert_eq!(
        effects,
        vec![Effect::Record(Change::SessionPaused { session: 0, elapsed_ms: 30_000 })]
    );
}

#[test]
fn plus_and_minus_change_the_timebox_within_bounds() {
    let mut h = Harness::new();
    h.keys("++");
    assert_eq!(h.app.live.sessions[0].timebox, Duration::from_secs(12 * 60));
    for _ in 0..20 {
        h.key(Key::Char('-'));
    }
    assert_eq!(h.app.live.sessions[0].timebox, Duration::from_secs(60), "never below a minute");
}

#[test]
fn next_on_the_last_session_ends_it_and_points_to_e() {
    let mut h = Harness::new();
    h.keys(" nn");
    assert_eq!(h.app.live.current, 2);
    h.wait(10);
    h.key(Key::Char('n'));
    assert_eq!(h.app.live.current, 2);
    assert!(matches!(h.app.live.sessions[2].clock, Clock::Done { .. }));
    assert!(h.app.flash.as_deref().unwrap_or("").contains("press E"));
}

#[test]
fn jump_goes_to_a_session_by_number() {
    let mut h = Harness::new();
    h.key(Key::Char('g'));
    assert_eq!(h.app.mode.kind(), ModeKind::Jump);
    h.keys("3");
    h.key(Key::Enter);
    assert_eq!(h.app.live.current, 2);
    h.key(Key::Char('g'));
    h.keys("9");
    h.key(Key::Enter);
    assert_eq!(h.app.live.current, 2);
    assert!(h.app.flash.as_deref().unwrap_or("").contains("1 to 3"));
}

#[test]
fn leaving_asks_only_while_a_session_runs() {
    let mut h = Harness::new();
    assert_eq!(h.key(Key::Ctrl('q')), vec![Effect::Quit]);
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    assert_eq!(h.key(Key::Ctrl('c')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Asking);
    h.key(Key::Char('n'));
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    h.key(Key::Ctrl('q'));
    assert_eq!(h.key(Key::Char('y')), vec![Effect::Quit]);
}

#[test]
fn end_event_asks_then_ends_the_running_session() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.wait(90);
    h.key(Key::Char('E'));
    assert_eq!(h.app.mode.question(), Some(Question::EndEvent));
    let effects = h.key(Key::Char('y'));
    assert_eq!(
        effects,
        vec![
            Effect::Record(Change::SessionEnded { session: 0, elapsed_ms: 90_000 }),
            Effect::Record(Change::EventEnded),
            Effect::EventEnded,
        ]
    );
    assert_eq!(h.app.mode.kind(), ModeKind::Ended);
    assert!(h.app.live.ended_at.is_some());
}

#[test]
fn help_opens_and_closes_back_to_where_it_was() {
    let mut h = Harness::new();
    h.key(Key::Char('?'));
    assert_eq!(h.app.mode.kind(), ModeKind::Help);
    h.key(Key::Char(' '));
    assert_eq!(h.app.live.sessions[0].clock, Clock::NotStarted, "keys under the help do nothing");
    h.key(Key::Esc);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
}

#[test]
fn bells_ring_once_at_the_warning_and_at_zero() {
    let mut h = Harness::new();
    h.key(Key::Char('b'));
    h.key(Key::Char(' '));
    assert!(!h.wait(7 * 60).contains(&Effect::Bell));
    assert!(h.wait(60 + 1).contains(&Effect::Bell), "2 minutes left");
    assert!(!h.wait(1).contains(&Effect::Bell));
    assert!(h.wait(120).contains(&Effect::Bell), "zero");
    assert!(!h.wait(5).contains(&Effect::Bell));
}

#[test]
fn no_bell_unless_switched_on() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    assert!(!h.wait(11 * 60).contains(&Effect::Bell));
}

fn type_line(h: &mut Harness, text: &str) {
    for c in text.chars() {
        h.key(Key::Char(c));
    }
}

fn visible_texts(h: &Harness) -> Vec<String> {
    h.app.live.session_items(h.app.live.current).map(|i| i.fields.text.clone()).collect()
}

#[test]
fn capture_keeps_the_timer_running_and_saves_on_enter() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.wait(30);
    h.key(Key::Char('q'));
    assert_eq!(h.app.mode.kind(), ModeKind::Capture);
    type_line(&mut h, "Is the water safe? #health");
    h.wait(5);
    assert!(h.app.live.is_running(), "the timer keeps running while typing");
    let effects = h.key(Key::Enter);
    let Some(Effect::Record(Change::ItemCaptured { kind, offset_ms, fields, session, .. })) =
        effects.first()
    else {
        panic!("{effects:?}")
    };
    assert_eq!((*kind, *session, *offset_ms), (ItemKind::Question, 0, 35_000));
    assert_eq!(fields.text, "Is the water safe?");
    assert_eq!(fields.themes, vec!["health"]);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert_eq!(visible_texts(&h), vec!["Is the water safe?"]);
}

#[test]
fn every_printable_key_is_text_in_the_capture_line() {
    let mut h = Harness::new();
    h.key(Key::Char('c'));
    type_line(&mut h, "n p q E ? + - space");
    assert_eq!(line(&h.app).value(), "n p q E ? + - space");
    assert_eq!(h.app.live.current, 0);
    assert_eq!(h.app.mode.kind(), ModeKind::Capture);
}

#[test]
fn esc_cancels_and_tab_cycles_the_kind() {
    let mut h = Harness::new();
    h.key(Key::Char('q'));
    h.key(Key::Tab);
    assert_eq!(capture_kind(&h.app), ItemKind::Concern);
    h.key(Key::BackTab);
    assert_eq!(capture_kind(&h.app), ItemKind::Question);
    type_line(&mut h, "never mind");
    h.key(Key::Esc);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert!(h.app.live.items.is_empty());
}

#[test]
fn a_multi_line_paste_is_one_item_and_triggers_nothing() {
    let mut h = Harness::new();
    h.key(Key::Char('m'));
    h.send(Msg::Paste("first line\nE\nn\r\n\u{1b}[2Jq".into()));
    assert_eq!(h.app.mode.kind(), ModeKind::Capture);
    h.key(Key::Enter);
    assert_eq!(visible_texts(&h), vec!["first line E n q"]);
    assert_eq!(h.app.live.current, 0);
}

#[test]
fn line_editing_moves_by_words_and_deletes() {
    let mut h = Harness::new();
    h.key(Key::Char('q'));
    type_line(&mut h, "hello brave world");
    h.key(Key::Ctrl('w'));
    assert_eq!(line(&h.app).value(), "hello brave ");
    h.key(Key::Home);
    type_line(&mut h, "¡");
    assert_eq!(line(&h.app).value(), "¡hello brave ");
    h.key(Key::End);
    type_line(&mut h, "漢字 👩‍🔬");
    assert_eq!(line(&h.app).value(), "¡hello brave 漢字 👩‍🔬");
    h.key(Key::Backspace);
    assert_eq!(line(&h.app).value(), "¡hello brave 漢字 ");
    h.key(Key::Ctrl('u'));
    assert_eq!(line(&h.app).value(), "");
}

#[test]
fn an_empty_line_saves_nothing() {
    let mut h = Harness::new();
    h.key(Key::Char('q'));
    type_line(&mut h, "   #health");
    assert_eq!(h.key(Key::Enter), vec![]);
    assert!(h.app.live.items.is_empty());
}

fn capture(h: &mut Harness, key: char, text: &str) {
    h.key(Key::Char(key));
    type_line(h, text);
    h.key(Key::Enter);
}

#[test]
fn select_edit_delete_undo_answer_and_move() {
    let mut h = Harness::new();
    capture(&mut h, 'q', "first question");
    capture(&mut h, 'c', "a concern");
    h.key(Key::Down);
    assert_eq!(h.app.selection().map(|i| i.fields.text.as_str()), Some("a concern"));
    h.key(Key::Down);
    assert_eq!(h.app.selection().map(|i| i.fields.text.as_str()), Some("first question"));

    h.key(Key::Char('A'));
    assert_eq!(h.app.mode.kind(), ModeKind::Answer);
    type_line(&mut h, "Yes, monthly");
    h.key(Key::Enter);
    assert_eq!(
        h.app.live.item(ItemId::format_1(1)).and_then(|i| i.answer().map(str::to_string)),
        Some("Yes, monthly".into())
    );

    h.key(Key::Char('e'));
    assert_eq!(line(&h.app).value(), "first question");
    type_line(&mut h, " #water");
    h.key(Key::Enter);
    let item = h.app.live.item(ItemId::format_1(1)).unwrap();
    assert_eq!((item.fields.themes.clone(), item.edits), (vec!["water".to_string()], 1));

    h.key(Key::Up);
    assert_eq!(h.app.selection().map(|i| i.id), Some(ItemId::format_1(2)));
    h.key(Key::Char('x'));
    assert_eq!(visible_texts(&h), vec!["first question"]);
    h.key(Key::Char('u'));
    assert_eq!(visible_texts(&h), vec!["a concern", "first question"]);

    h.key(Key::Char('M'));
    assert_eq!(h.app.mode.kind(), ModeKind::Jump);
    h.keys("2");
    h.key(Key::Enter);
    assert_eq!(h.app.live.item(ItemId::format_1(2)).map(|i| i.session), Some(1));
    assert_eq!(visible_texts(&h), vec!["first question"]);
    assert_eq!(h.app.live.current, 0, "moving an item does not move the facilitator");
}

#[test]
fn only_questions_take_answers() {
    let mut h = Harness::new();
    capture(&mut h, 'd', "we meet again in June");
    h.key(Key::Down);
    h.key(Key::Char('A'));
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert!(h.app.flash.as_deref().unwrap_or("").contains("Only questions"));
}

#[test]
fn ctrl_c_in_the_capture_line_asks_and_keeps_the_draft_with_the_timer_paused() {
    let mut h = Harness::new();
    h.key(Key::Char('q'));
    h.keys("Will the dust reach the school?");
    // The timer is not running: before, Ctrl-c quit at once and the draft was gone.
    assert_eq!(h.key(Key::Ctrl('c')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Asking);
    assert_eq!(h.app.mode.question(), Some(Question::LeaveDraft));
    assert_eq!(h.key(Key::Char('n')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Capture);
    assert_eq!(line(&h.app).value(), "Will the dust reach the school?");
    h.key(Key::Enter);
    assert_eq!(h.app.live.items[0].fields.text, "Will the dust reach the school?");
}

#[test]
fn ctrl_c_in_the_capture_line_with_the_timer_running_keeps_the_draft_when_answered_no() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.key(Key::Char('c'));
    h.keys("Trucks at night");
    h.key(Key::Ctrl('c'));
    assert_eq!(h.app.mode.question(), Some(Question::LeaveDraft));
    h.key(Key::Esc);
    assert_eq!((h.app.mode.kind(), line(&h.app).value()), (ModeKind::Capture, "Trucks at night"));
    // An empty line with the timer running asks the usual question and also comes back.
    h.key(Key::Ctrl('u'));
    h.key(Key::Ctrl('q'));
    assert_eq!(h.app.mode.question(), Some(Question::Leave));
    h.key(Key::Char('n'));
    assert_eq!(h.app.mode.kind(), ModeKind::Capture);
    h.key(Key::Ctrl('q'));
    assert_eq!(h.key(Key::Char('y')), vec![Effect::Quit]);
}

#[test]
fn leaving_with_unsaved_changes_asks_and_offers_to_write_them_elsewhere() {
    let mut h = Harness::new();
    h.app.unsaved = 3;
    // No timer runs: before, Ctrl-q left at once and the changes were gone.
    assert_eq!(h.key(Key::Ctrl('q')), vec![]);
    assert_eq!(h.app.mode.question(), Some(Question::LeaveUnsaved));
    assert_eq!(h.key(Key::Char('n')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    h.key(Key::Ctrl('q'));
    assert_eq!(h.key(Key::Char('w')), vec![Effect::RescueAndQuit]);
    // Writing them failed: the question comes back with the reason.
    h.app.rescue_failed("no space left on device");
    assert_eq!(
        (h.app.mode.kind(), h.app.mode.question()),
        (ModeKind::Asking, Some(Question::LeaveUnsaved))
    );
    assert!(h.app.flash.as_deref().unwrap_or("").contains("no space left on device"));
    assert_eq!(h.key(Key::Char('y')), vec![Effect::Quit]);
}

#[test]
fn a_change_not_saved_is_never_called_saved() {
    let mut h = Harness::new();
    h.key(Key::Char('q'));
    h.keys("Who pays for the road?");
    h.key(Key::Enter);
    assert_eq!(h.app.flash.as_deref(), Some("Saving question 1…"));
    h.app.sent(1);
    h.app.not_saved(1);
    assert_eq!(h.app.flash.as_deref(), Some("NOT SAVED — kept in memory: question 1"));
    assert_eq!(h.app.unsaved, 1);
}

#[test]
fn a_capture_is_called_saved_only_once_its_batch_is_durable() {
    let mut h = Harness::new();
    capture(&mut h, 'q', "Who pays for the road? @nobody");
    let saving = "Saving question 1… · @nobody matches nobody in the agenda: kept as free text";
    assert_eq!(h.app.flash.as_deref(), Some(saving));
    h.app.sent(4);
    // An earlier batch is not this one.
    h.app.saved(3, 0);
    assert_eq!(h.app.flash.as_deref(), Some(saving));
    h.app.saved(4, 0);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saved question 1 · @nobody matches nobody in the agenda: kept as free text")
    );
    // Another message took the line meanwhile: it stays.
    capture(&mut h, 'c', "Dust");
    h.app.sent(5);
    h.key(Key::Char('b'));
    h.app.saved(5, 0);
    assert_eq!(h.app.flash.as_deref(), Some("Bell on"));
    assert_eq!(h.app.saving, None);
}

#[test]
fn keys_do_nothing_while_the_terminal_is_too_small() {
    let mut h = Harness::new();
    h.app.too_small = true;
    assert_eq!(h.key(Key::Char(' ')), vec![]);
    assert_eq!(h.key(Key::Char('q')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert!(!h.app.live.is_running());
    h.app.too_small = false;
    assert_eq!(h.key(Key::Char(' ')).len(), 1);
}

#[test]
fn a_paste_is_inserted_at_the_cursor_in_one_step_and_cut_at_the_item_limit() {
    let mut h = Harness::new();
    h.key(Key::Char('q'));
    h.keys("ab");
    h.key(Key::Left);
    h.send(Msg::Paste("XY\nZ".into()));
    assert_eq!((line(&h.app).value(), line(&h.app).cursor()), ("aXY Zb", 5));
    assert_eq!(h.app.flash, None);
    let big = "é".repeat(100_000);
    h.send(Msg::Paste(big));
    assert_eq!(line(&h.app).value().chars().count(), MAX_ITEM_CHARS);
    assert_eq!(line(&h.app).cursor(), MAX_ITEM_CHARS - 1);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("An item holds at most 4000 characters: 96006 characters cut off")
    );
    // Typing at the limit adds nothing and says so.
    h.key(Key::Char('x'));
    assert_eq!(line(&h.app).value().chars().count(), MAX_ITEM_CHARS);
    assert!(h.app.flash.as_deref().unwrap_or("").contains("at most 4000"));
}

#[test]
fn looking_back_never_touches_the_running_clock() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.wait(6);
    h.key(Key::Char('n'));
    h.wait(6);
    // p only moves the view: nothing is journaled, session 2 keeps running.
    assert_eq!(h.key(Key::Char('p')), Vec::new());
    assert_eq!((h.app.shown(), h.app.live.current), (0, 1));
    assert_eq!(h.app.live.running(), Some(1));
    assert_eq!(h.app.running_elsewhere(), Some(1));
    h.wait(4);
    assert_eq!(h.app.live.sessions[1].clock.elapsed(h.now.mono), Duration::from_secs(10));
    // r comes back to the running session, which ran on meanwhile.
    assert_eq!(h.key(Key::Char('r')), Vec::new());
    assert_eq!((h.app.shown(), h.app.running_elsewhere()), (1, None));
    assert!(h.app.live.is_running());
    // g too moves only the view; g to the running session comes back.
    h.key(Key::Char('g'));
    h.keys("3");
    assert_eq!(h.key(Key::Enter), Vec::new());
    assert_eq!((h.app.shown(), h.app.live.current), (2, 1));
    h.key(Key::Char('g'));
    h.keys("2");
    h.key(Key::Enter);
    assert_eq!(h.app.viewing, None);
    // ← from the viewed session moves the view on back.
    h.key(Key::Left);
    assert_eq!(h.app.shown(), 0);
    h.key(Key::Left);
    assert!(h.app.flash.as_deref().unwrap_or("").contains("first session"));
    // n walks the view forward: from session 1 it comes back to session 2, which runs
    // (the issue's space, n, p, n), and ends nothing.
    h.wait(5);
    assert_eq!(h.key(Key::Char('n')), Vec::new());
    assert_eq!((h.app.shown(), h.app.viewing), (1, None));
    assert!(h.app.flash.as_deref().unwrap_or("").contains("Back to session 2, which runs"));
    assert_eq!(h.app.live.running(), Some(1));
    // On the running session n ends it and starts the next; the view follows.
    let effects = h.key(Key::Char('n'));
    assert_eq!(
        effects,
        vec![
            Effect::Record(Change::SessionEnded { session: 1, elapsed_ms: 15_000 }),
            Effect::Record(Change::SessionSelected { session: 2 }),
            Effect::Record(Change::SessionStarted { session: 2, elapsed_ms: 0 }),
        ]
    );
    assert_eq!((h.app.shown(), h.app.viewing), (2, None));
}

#[test]
fn without_a_running_session_p_and_g_move_the_facilitator() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.wait(6);
    h.key(Key::Char('n'));
    h.key(Key::Char(' '));
    assert!(!h.app.live.is_running());
    let effects = h.key(Key::Char('p'));
    assert_eq!(effects, vec![Effect::Record(Change::SessionSelected { session: 0 })]);
    assert_eq!((h.app.shown(), h.app.live.current), (0, 0));
}

#[test]
fn while_looking_back_items_are_answered_there_and_captured_in_the_running_session() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    capture(&mut h, 'q', "Who measures the dust?");
    h.key(Key::Char('n'));
    h.wait(60);
    h.key(Key::Char('p'));
    h.key(Key::Down);
    assert_eq!(h.app.selection().map(|i| i.id), Some(ItemId::format_1(1)));
    h.key(Key::Char('A'));
    type_line(&mut h, "The municipality");
    h.key(Key::Enter);
    assert_eq!(
        h.app.live.item(ItemId::format_1(1)).and_then(|i| i.answer().map(str::to_string)),
        Some("The municipality".into())
    );
    capture(&mut h, 'c', "Trucks at night");
    let item = h.app.live.item(ItemId::format_1(2)).unwrap();
    assert_eq!((item.session, item.offset_ms), (1, 60_000));
    assert_eq!(h.app.flash.as_deref(), Some("Saving concern 2 in session 2 (which runs)…"));
    assert_eq!(h.app.shown(), 0, "the view stays where the facilitator looks");
    // Space acts on the running session and brings the screen back to it.
    let effects = h.key(Key::Char(' '));
    assert_eq!(
        effects,
        vec![Effect::Record(Change::SessionPaused { session: 1, elapsed_ms: 60_000 })]
    );
    assert_eq!(h.app.shown(), 1);
}

#[test]
fn tab_on_a_name_never_changes_the_kind() {
    let mut h = Harness::new();
    let agenda = parse_agenda(
        r#"
title = "Herøya lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
[[groups]]
id = "residents-west"
name = "Residents west of the plant"
[[groups]]
id = "residents-east"
name = "Residents east of the plant"
[[sessions]]
title = "Questions"
duration = "30m"
"#,
    )
    .agenda
    .unwrap();
    h.app = App::new(Live::new(agenda));
    h.key(Key::Char('q'));
    type_line(&mut h, "Dust? @res");
    h.key(Key::Tab);
    assert_eq!(capture_kind(&h.app), ItemKind::Question);
    assert_eq!(line(&h.app).value(), "Dust? @residents");
    assert_eq!(
        h.app.flash.as_deref(),
        Some("ambiguous: @res could be Residents west of the plant, Residents east of the plant")
    );
    type_line(&mut h, " @mayor");
    h.key(Key::Tab);
    assert_eq!(capture_kind(&h.app), ItemKind::Question);
    assert_eq!(h.app.flash.as_deref(), Some("@mayor matches nobody in the agenda"));
    // Away from a name Tab cycles the kind, as before.
    type_line(&mut h, " ");
    h.key(Key::Tab);
    assert_eq!(capture_kind(&h.app), ItemKind::Concern);
}

#[test]
fn i_marks_the_selected_item_internal_and_again_public_as_an_edit() {
    let mut h = Harness::new();
    capture(&mut h, 'q', "Will the deputy mayor resign?");
    h.key(Key::Down);
    let effects = h.key(Key::Char('I'));
    let item = h.app.live.item(ItemId::format_1(1)).unwrap();
    assert!(item.fields.internal);
    assert!(matches!(
        effects.as_slice(),
        [Effect::Record(Change::ItemEdited { fields, kind: ItemKind::Question, .. })] if fields.internal && fields.text == "Will the deputy mayor resign?"
    ));
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Question 1 is internal: kept out of the public minutes · I again makes it public")
    );
    // Editing keeps it internal: the line shows the word.
    h.key(Key::Char('e'));
    assert_eq!(line(&h.app).value(), "Will the deputy mayor resign? !internal");
    h.key(Key::Esc);
    h.key(Key::Char('I'));
    assert!(!h.app.live.item(ItemId::format_1(1)).unwrap().fields.internal);
    assert_eq!(h.app.flash.as_deref(), Some("Question 1 is public again"));
    // A note is internal by its kind.
    capture(&mut h, 'm', "memo for the team");
    h.key(Key::Up);
    h.key(Key::Char('I'));
    assert_eq!(h.app.flash.as_deref(), Some("A note is always internal"));
}

#[test]
fn p_lists_the_participants_and_space_gives_or_withdraws_consent_as_a_journaled_change() {
    let mut h = Harness::new();
    let demo = parse_agenda(crate::agenda::DEMO_AGENDA).agenda.unwrap();
    h.app = App::new(Live::new(demo));
    let consent = |h: &Harness, i: usize| h.app.live.agenda.participants[i].consent;
    h.key(Key::Char('P'));
    assert!(matches!(h.app.mode, Mode::Participants { selected: 0 }));
    // Ingrid Solberg did not consent in the agenda: space gives it, journaled at once.
    let effects = h.key(Key::Char(' '));
    assert_eq!(
        effects,
        [Effect::Record(Change::ConsentChanged {
            participant: "Ingrid Solberg".into(),
            consent: true
        })]
    );
    assert!(consent(&h, 0));
    // Said to be saved only once the writer made it durable.
    assert_eq!(h.app.flash.as_deref(), Some("Saving Ingrid Solberg's consent: may be named…"));
    h.app.sent(1);
    h.app.saved(1, 0);
    assert_eq!(h.app.flash.as_deref(), Some("Saved Ingrid Solberg's consent: may be named"));
    // j selects the next one; c withdraws Åse Kristiansen's consent. The list stays open.
    h.key(Key::Char('j'));
    let effects = h.key(Key::Char('c'));
    assert_eq!(
        effects,
        [Effect::Record(Change::ConsentChanged {
            participant: "Åse Kristiansen".into(),
            consent: false
        })]
    );
    assert!(!consent(&h, 1));
    assert!(matches!(h.app.mode, Mode::Participants { selected: 1 }));
    // The selection stays within the list.
    for _ in 0..10 {
        h.key(Key::Down);
    }
    assert!(matches!(h.app.mode, Mode::Participants { selected: 5 }));
    for _ in 0..10 {
        h.key(Key::Char('k'));
    }
    assert!(matches!(h.app.mode, Mode::Participants { selected: 0 }));
    // q closes the list (it captures nothing here); so do Esc and P.
    assert_eq!(h.key(Key::Char('q')), []);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    for close in [Key::Esc, Key::Char('P')] {
        h.key(Key::Char('P'));
        h.key(close);
        assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    }
    // Leaving from the list while a session runs asks first, and no returns to the list.
    h.key(Key::Char(' '));
    h.key(Key::Char('P'));
    assert_eq!(h.key(Key::Ctrl('q')), []);
    assert_eq!(h.app.mode.question(), Some(Question::Leave));
    h.key(Key::Char('n'));
    assert_eq!(h.app.mode.kind(), ModeKind::Participants);
}

#[test]
fn an_agenda_without_participants_has_no_consent_to_change() {
    let mut h = Harness::new();
    h.key(Key::Char('P'));
    assert_eq!(h.key(Key::Char(' ')), []);
    assert_eq!(h.app.flash.as_deref(), Some("The agenda lists no participants"));
}

/// An ended event resumed for corrections (`convene run --resume RECORD`).
mod corrections {
    use super::*;
    use crate::live::Fields;

    /// An evening held and ended: a question in session 1 (10 minutes), a concern in session
    /// 2 (21 minutes), then `E y`; resumed the next morning.
    fn ended_and_resumed() -> Harness {
        let mut h = Harness::new();
        h.key(Key::Char(' '));
        capture(&mut h, 'q', "Will the dust reach the school?");
        h.wait(600);
        h.key(Key::Char('n'));
        h.wait(60);
        capture(&mut h, 'c', "Trucks at night");
        h.wait(1200);
        h.key(Key::Char('E'));
        h.key(Key::Char('y'));
        assert!(h.app.live.has_ended());
        h.wait(15 * 3600);
        h.app = App::new(h.app.live.clone());
        h.log.clear();
        h
    }

    fn records(h: &Harness) -> Vec<Change> {
        h.log
            .iter()
            .filter_map(|e| match e {
                Effect::Record(change) => Some(change.clone()),
                _ => None,
            })
            .collect()
    }

    const DUST: ItemId = ItemId { device: crate::event::DeviceId::FORMAT_1, seq: 1 };

    /// Edits the question of session 1: the view goes there, the item is selected, its text
    /// replaced.
    fn correct_the_question(h: &mut Harness) -> Vec<Effect> {
        h.key(Key::Char('p'));
        h.key(Key::Down);
        h.key(Key::Char('e'));
        h.key(Key::Ctrl('u'));
        type_line(h, "Will the dust from the trucks reach the school?");
        h.key(Key::Enter)
    }

    #[test]
    fn resuming_to_look_and_leaving_journals_nothing() {
        let mut h = ended_and_resumed();
        let sessions = h.app.live.sessions.clone();
        assert!(h.app.correcting);
        assert_eq!(h.app.mode.kind(), ModeKind::Normal, "not the ended screen: corrections");
        assert_eq!((h.app.live.current, h.app.shown()), (1, 1));
        h.key(Key::Char('p'));
        assert_eq!(h.app.shown(), 0, "p moves the view");
        h.key(Key::Down);
        assert_eq!(h.app.selection().map(|i| i.id), Some(DUST));
        h.key(Key::Esc);
        h.key(Key::Char('g'));
        h.keys("3");
        h.key(Key::Enter);
        assert_eq!(h.app.shown(), 2, "g moves the view");
        h.key(Key::Char('r'));
        assert_eq!(h.app.shown(), 1);
        h.key(Key::Char('?'));
        h.key(Key::Esc);
        assert_eq!(h.key(Key::Ctrl('q')), vec![Effect::Quit], "nothing to end: leaves at once");
        assert_eq!(records(&h), vec![], "looking changes nothing");
        assert_eq!((h.app.live.sessions.clone(), h.app.live.current), (sessions, 1));
        assert!(!h.app.live.reopened);
    }

    #[test]
    fn timer_keys_are_refused_and_n_p_only_move_the_view() {
        let mut h = ended_and_resumed();
        let sessions = h.app.live.sessions.clone();
        for key in [' ', '+', '-', '=', '_'] {
            assert_eq!(h.key(Key::Char(key)), vec![], "{key}");
            assert_eq!(
                h.app.flash.as_deref(),
                Some(
                    "Corrections don't change the timers: they stay as held · E ends the corrections"
                )
            );
        }
        h.key(Key::Char('n'));
        assert_eq!(h.app.shown(), 2, "n shows the next session, never starts it");
        h.key(Key::Right);
        assert_eq!(h.app.flash.as_deref(), Some("This is the last session"));
        for _ in 0..2 {
            h.key(Key::Char('p'));
        }
        assert_eq!(h.app.shown(), 0);
        h.key(Key::Left);
        assert_eq!(h.app.flash.as_deref(), Some("This is the first session"));
        h.wait(60);
        assert_eq!(records(&h), vec![]);
        assert_eq!((h.app.live.sessions.clone(), h.app.live.current), (sessions, 1));
    }

    #[test]
    fn the_first_correction_reopens_the_event_before_it_and_only_it() {
        let mut h = ended_and_resumed();
        let (sessions, ended_at) = (h.app.live.sessions.clone(), h.app.live.ended_at);
        let effects = correct_the_question(&mut h);
        let fields = Fields {
            text: "Will the dust from the trucks reach the school?".into(),
            ..Fields::default()
        };
        assert_eq!(
            effects,
            vec![
                Effect::Record(Change::EventReopened),
                Effect::Record(Change::ItemEdited { item: DUST, kind: ItemKind::Question, fields }),
            ]
        );
        assert!(h.app.live.reopened);
        h.key(Key::Down);
        h.key(Key::Char('A'));
        type_line(&mut h, "Yes, within 2 km");
        assert_eq!(
            h.key(Key::Enter),
            vec![Effect::Record(Change::ItemAnswered {
                item: DUST,
                answer: "Yes, within 2 km".into()
            })],
            "reopened once"
        );
        // A new item goes to the session on screen, at the end of what it ran.
        h.key(Key::Char('i'));
        type_line(&mut h, "A bus for the school instead");
        let effects = h.key(Key::Enter);
        let Some(Effect::Record(Change::ItemCaptured { session, offset_ms, .. })) = effects.first()
        else {
            panic!("{effects:?}")
        };
        assert_eq!((*session, *offset_ms), (0, 600_000));
        assert_eq!(h.app.flash.as_deref(), Some("Saving idea 3 in session 1…"));
        h.key(Key::Down);
        h.key(Key::Char('I'));
        h.key(Key::Char('x'));
        h.key(Key::Char('u'));
        h.key(Key::Char('M'));
        h.keys("2");
        h.key(Key::Enter);
        let kinds: Vec<&str> = records(&h)
            .iter()
            .map(|c| match c {
                Change::EventReopened => "reopened",
                Change::ItemEdited { .. } => "edited",
                Change::ItemAnswered { .. } => "answered",
                Change::ItemCaptured { .. } => "captured",
                Change::ItemDeleted { .. } => "deleted",
                Change::ItemRestored { .. } => "restored",
                Change::ItemMoved { .. } => "moved",
                other => panic!("a timer was touched: {other:?}"),
            })
            .collect();
        assert_eq!(
            kinds,
            [
                "reopened", "edited", "answered", "captured", "edited", "deleted", "restored",
                "moved"
            ]
        );
        assert_eq!((h.app.live.sessions.clone(), h.app.live.ended_at), (sessions, ended_at));
        assert_eq!(h.app.live.current, 1);
    }

    #[test]
    fn e_ends_the_corrections_without_touching_a_timer() {
        let mut h = ended_and_resumed();
        let (sessions, ended_at) = (h.app.live.sessions.clone(), h.app.live.ended_at);
        correct_the_question(&mut h);
        h.key(Key::Char('E'));
        assert_eq!(h.app.mode.question(), Some(Question::EndEvent));
        assert_eq!(
            h.key(Key::Char('y')),
            vec![Effect::Record(Change::EventEnded), Effect::EventEnded]
        );
        assert_eq!(h.app.mode.kind(), ModeKind::Ended);
        assert!(!h.app.correcting && h.app.live.has_ended());
        assert_eq!((h.app.live.sessions.clone(), h.app.live.ended_at), (sessions, ended_at));
        assert_eq!(h.app.live.corrected_at, Some(h.now.wall));

        // Nothing corrected: the minutes are written again from the same journal, nothing
        // is journaled.
        let mut h = ended_and_resumed();
        h.key(Key::Char('E'));
        assert_eq!(h.key(Key::Char('y')), vec![Effect::EventEnded]);
        assert_eq!(records(&h), vec![]);
    }

    #[test]
    fn leaving_after_corrections_says_it_ends_them_and_does() {
        let mut h = ended_and_resumed();
        correct_the_question(&mut h);
        assert_eq!(h.key(Key::Ctrl('q')), vec![]);
        assert_eq!(h.app.mode.question(), Some(Question::LeaveCorrections));
        h.key(Key::Char('n'));
        assert_eq!(h.app.mode.kind(), ModeKind::Normal);
        assert!(h.app.live.reopened, "staying keeps them open");
        h.key(Key::Ctrl('q'));
        assert_eq!(
            h.key(Key::Char('y')),
            vec![Effect::Record(Change::EventEnded), Effect::EventEnded, Effect::Quit]
        );
        assert!(h.app.live.has_ended());

        // With a line half typed, the draft question comes first; leaving still ends them.
        let mut h = ended_and_resumed();
        correct_the_question(&mut h);
        h.key(Key::Char('q'));
        type_line(&mut h, "half a");
        h.key(Key::Ctrl('q'));
        assert_eq!(h.app.mode.question(), Some(Question::LeaveDraft));
        assert_eq!(
            h.key(Key::Char('y')),
            vec![Effect::Record(Change::EventEnded), Effect::EventEnded, Effect::Quit]
        );
    }

    #[test]
    fn a_record_left_reopened_resumes_reopened_and_leaving_ends_it() {
        let mut h = ended_and_resumed();
        correct_the_question(&mut h);
        // A crash: the journal says reopened and nothing after.
        h.app = App::new(h.app.live.clone());
        h.log.clear();
        assert!(h.app.correcting && h.app.live.reopened);
        h.key(Key::Char('p'));
        h.key(Key::Down);
        h.key(Key::Char('x'));
        assert_eq!(records(&h), vec![Change::ItemDeleted { item: DUST }], "reopened once");
        h.key(Key::Ctrl('q'));
        assert_eq!(h.app.mode.question(), Some(Question::LeaveCorrections));
    }
}

mod attendance {
    use super::*;

    const AGENDA: &str = r#"
title = "Test lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
organisations = ["Porsgrunn municipality", "Yara Porsgrunn"]
[[groups]]
id = "residents"
name = "Local residents"
[[groups]]
id = "workers"
name = "Plant workers"
[[sessions]]
title = "Welcome"
duration = "10m"
[[sessions]]
title = "Questions"
duration = "30m"
"#;

    fn harness() -> Harness {
        let mut h = Harness::new();
        h.app = App::new(Live::new(parse_agenda(AGENDA).agenda.unwrap()));
        h
    }

    fn counted(group: &str, present: u32) -> Effect {
        Effect::Record(Change::AttendanceCounted { group: group.into(), present })
    }

    fn attended(organisation: &str, present: bool) -> Effect {
        Effect::Record(Change::OrganisationAttended { organisation: organisation.into(), present })
    }

    fn row(h: &Harness) -> usize {
        match &h.app.mode {
            Mode::Attendance { row, .. } => *row,
            other => panic!("the attendance overlay is not open: {other:?}"),
        }
    }

    /// What every key of `keys` journaled, in order.
    fn journaled(h: &mut Harness, keys: &[Key]) -> Vec<Effect> {
        keys.iter().flat_map(|&key| h.key(key)).collect()
    }

    #[test]
    fn a_count_is_journaled_once_when_it_is_saved_not_per_keystroke() {
        let mut h = harness();
        assert_eq!(h.key(Key::Char('T')), vec![]);
        assert_eq!(h.app.mode.kind(), ModeKind::Attendance);
        assert_eq!(row(&h), 0, "the first group is selected");
        // Digits are typed, not journaled; Enter saves the value.
        assert_eq!(journaled(&mut h, &[Key::Char('1'), Key::Char('2')]), vec![]);
        assert_eq!(h.key(Key::Enter), vec![counted("residents", 12)]);
        assert_eq!(h.app.flash.as_deref(), Some("Saving 12 present: Local residents…"));
        assert_eq!(h.app.live.attendance.count(Some("residents")), Some(12));
        // Acknowledged once the writer made it durable.
        h.app.sent(1);
        h.app.saved(1, 0);
        assert_eq!(h.app.flash.as_deref(), Some("Saved 12 present: Local residents"));
        // +/- count from the saved value; moving off the row saves it.
        assert_eq!(journaled(&mut h, &[Key::Char('+'), Key::Char('+'), Key::Char('-')]), vec![]);
        assert_eq!(h.key(Key::Char('j')), vec![counted("residents", 13)]);
        assert_eq!(row(&h), 1);
        // On a group not counted yet, + starts from 0; typing after it starts a new number.
        assert_eq!(journaled(&mut h, &[Key::Char('+'), Key::Char('4'), Key::Char('2')]), vec![]);
        assert_eq!(h.key(Key::Backspace), vec![]);
        assert_eq!(h.key(Key::Up), vec![counted("workers", 4)]);
        // The same value again is no change; Enter with nothing typed says what to do.
        assert_eq!(journaled(&mut h, &[Key::Char('1'), Key::Char('3'), Key::Enter]), vec![]);
        assert_eq!(h.key(Key::Enter), vec![]);
        assert_eq!(h.app.flash.as_deref(), Some("Type the number present (or +/-), then Enter"));
        // Six digits at most.
        let seven: Vec<Key> = "9999999".chars().map(Key::Char).chain([Key::Enter]).collect();
        assert_eq!(journaled(&mut h, &seven), vec![counted("residents", 999_999)]);
        assert_eq!(h.app.live.attendance.total(), Some(999_999 + 4));
    }

    #[test]
    fn zero_is_a_count_and_no_group_is_counted_with_an_empty_id() {
        let mut h = harness();
        h.key(Key::Char('T'));
        h.keys("jj");
        assert_eq!(row(&h), 2, "after the groups: people in no group");
        assert_eq!(journaled(&mut h, &[Key::Char('0'), Key::Enter]), vec![counted("", 0)]);
        assert_eq!(h.app.live.attendance.count(None), Some(0));
        assert_eq!(h.app.live.attendance.total(), Some(0));
        // - on a group not counted yet is an explicit 0 too.
        assert_eq!(
            journaled(&mut h, &[Key::Char('k'), Key::Char('-'), Key::Esc]),
            vec![counted("workers", 0)]
        );
        assert_eq!(h.app.mode.kind(), ModeKind::Normal, "Esc closes, saving the count typed");
    }

    #[test]
    fn organisations_are_marked_with_space_and_others_typed_with_o() {
        let mut h = harness();
        h.key(Key::Char('T'));
        h.keys("jjj");
        assert_eq!(row(&h), 3, "the first organisation of the agenda");
        // Digits and + do nothing on an organisation.
        assert_eq!(journaled(&mut h, &[Key::Char('5'), Key::Char('+')]), vec![]);
        assert_eq!(h.key(Key::Char(' ')), vec![attended("Porsgrunn municipality", true)]);
        assert_eq!(h.app.flash.as_deref(), Some("Saving Porsgrunn municipality as represented…"));
        assert_eq!(h.key(Key::Enter), vec![attended("Porsgrunn municipality", false)]);
        assert_eq!(h.key(Key::Char(' ')), vec![attended("Porsgrunn municipality", true)]);
        // An organisation not in the agenda: typed, then marked represented and selected.
        assert_eq!(h.key(Key::Char('o')), vec![]);
        assert_eq!(h.app.mode.kind(), ModeKind::Organisation);
        type_line(&mut h, "  Bellona  foundation ");
        assert_eq!(h.key(Key::Enter), vec![attended("Bellona foundation", true)]);
        assert_eq!(h.app.mode.kind(), ModeKind::Attendance);
        assert_eq!(row(&h), 5);
        // Typed in another case, an organisation listed keeps its name.
        h.key(Key::Char('o'));
        type_line(&mut h, "yara porsgrunn");
        assert_eq!(h.key(Key::Enter), vec![attended("Yara Porsgrunn", true)]);
        assert_eq!(row(&h), 4);
        h.key(Key::Char('o'));
        type_line(&mut h, "BELLONA FOUNDATION");
        assert_eq!(h.key(Key::Enter), vec![]);
        assert_eq!(
            h.app.flash.as_deref(),
            Some("Bellona foundation is already marked represented")
        );
        // An empty name adds nothing; Esc goes back to the overlay.
        h.key(Key::Char('o'));
        assert_eq!(h.key(Key::Enter), vec![]);
        assert_eq!(h.app.mode.kind(), ModeKind::Attendance);
        h.key(Key::Char('o'));
        type_line(&mut h, "never mind");
        h.key(Key::Esc);
        assert_eq!(h.app.mode.kind(), ModeKind::Attendance);
        assert_eq!(
            h.app.live.attendance.organisations(),
            ["Porsgrunn municipality", "Yara Porsgrunn", "Bellona foundation"]
        );
        // A name too long stays in the line, with why.
        h.key(Key::Char('o'));
        h.send(Msg::Paste("x".repeat(201)));
        assert_eq!(h.key(Key::Enter), vec![]);
        assert_eq!(h.app.mode.kind(), ModeKind::Organisation);
        assert_eq!(
            h.app.flash.as_deref(),
            Some(
                "An organisation's name holds at most 200 characters; this one has 201: shorten it"
            )
        );
    }

    #[test]
    fn the_overlay_works_while_the_timer_runs_and_leaving_saves_the_count_typed() {
        let mut h = harness();
        h.key(Key::Char(' '));
        h.wait(60);
        h.key(Key::Char('T'));
        h.wait(30);
        assert!(h.app.live.is_running(), "the timer keeps running");
        // Keys of the running screen are the overlay's own here.
        assert_eq!(journaled(&mut h, &[Key::Char('n'), Key::Char('q'), Key::Char(' ')]), vec![]);
        assert_eq!(h.app.live.current, 0);
        h.send(Msg::Paste("2x7".into()));
        assert_eq!(h.key(Key::Ctrl('q')), vec![counted("residents", 27)]);
        assert_eq!(h.app.mode.question(), Some(Question::Leave), "a session runs: asks first");
        h.key(Key::Char('n'));
        assert_eq!(h.app.mode.kind(), ModeKind::Attendance);
        h.key(Key::Char('T'));
        assert_eq!(h.app.mode.kind(), ModeKind::Normal);
        assert!(h.app.live.is_running());
    }

    #[test]
    fn after_the_end_a_change_writes_the_minutes_again() {
        let mut h = harness();
        h.key(Key::Char('E'));
        h.key(Key::Char('y'));
        assert_eq!(h.app.mode.kind(), ModeKind::Ended);
        h.key(Key::Char('T'));
        assert_eq!(h.app.mode.kind(), ModeKind::Attendance);
        assert_eq!(h.key(Key::Char('j')), vec![], "nothing typed: nothing saved");
        assert_eq!(
            journaled(&mut h, &[Key::Char('8'), Key::Enter]),
            vec![counted("workers", 8), Effect::WriteMinutes]
        );
        h.keys("jj");
        assert_eq!(
            h.key(Key::Char(' ')),
            vec![attended("Porsgrunn municipality", true), Effect::WriteMinutes]
        );
        assert_eq!(h.key(Key::Esc), vec![]);
        assert_eq!(h.app.mode.kind(), ModeKind::Ended, "back to the end's screen");
        h.key(Key::Char('T'));
        h.keys("5");
        assert_eq!(
            h.key(Key::Ctrl('q')),
            vec![counted("residents", 5), Effect::WriteMinutes, Effect::Quit]
        );
    }
}
