//! Messages to the room from the live screen: the message line (`w`), its presets, the blink
//! (`B`), clear (`X`) and blackout (`K`) keys, and their refusals.

use super::tests::Harness;
use super::*;
use crate::agenda::parse_agenda;
use crate::live::Live;

const AGENDA: &str = r#"
title = "Test lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
[messages]
presets = ["Please wrap up", "5 minutes left", "Coffee until 19:40"]
[[sessions]]
title = "Welcome"
duration = "10m"
messages = ["Questions to the panel now"]
[[sessions]]
title = "Questions"
duration = "30m"
"#;

fn harness() -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(parse_agenda(AGENDA).agenda.unwrap()));
    h
}

fn shown(text: &str) -> Vec<Effect> {
    vec![Effect::Record(Change::MessageShown { text: text.into() })]
}

fn line(h: &Harness) -> String {
    match &h.app.mode {
        Mode::Message { line } => line.value().to_string(),
        other => panic!("the message line is not open: {other:?}"),
    }
}

fn message(h: &Harness) -> Option<&str> {
    h.app.live.room.message.as_ref().map(|(text, _)| text.as_str())
}

#[test]
fn w_opens_the_message_line_and_enter_journals_the_message_said_saved_once_durable() {
    let mut h = harness();
    h.key(Key::Char(' '));
    assert_eq!(h.key(Key::Char('w')), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Message);
    // Every printable key is text in the line, the room keys too.
    h.keys("Back in 5 min: BXK w");
    assert_eq!(h.key(Key::Enter), shown("Back in 5 min: BXK w"));
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert_eq!(message(&h), Some("Back in 5 min: BXK w"));
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving message to the room: \"Back in 5 min: BXK w\"…"),
        "not called saved before the writer says so"
    );
    h.app.sent(1);
    h.app.saved(1, 0);
    assert_eq!(h.app.flash.as_deref(), Some("Saved message to the room: \"Back in 5 min: BXK w\""));
}

#[test]
fn the_message_is_journaled_without_spaces_at_its_ends_and_a_paste_is_one_clean_line() {
    let mut h = harness();
    h.key(Key::Char('w'));
    h.send(Msg::Paste("  Coffee\nuntil 19:40\u{1b}[2J  ".into()));
    assert_eq!(h.key(Key::Enter), shown("Coffee until 19:40"));
}

#[test]
fn an_empty_line_shows_nothing_and_esc_cancels() {
    let mut h = harness();
    h.key(Key::Char('w'));
    h.keys("   ");
    assert_eq!(h.key(Key::Enter), vec![]);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Nothing shown: type a message or pick a preset (1-9, Tab); X clears the one shown")
    );
    h.key(Key::Char('w'));
    h.keys("Please");
    assert_eq!(h.key(Key::Esc), vec![]);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert_eq!(message(&h), None);
    assert!(h.log.is_empty(), "{:?}", h.log);
}

#[test]
fn a_digit_in_the_empty_line_picks_that_preset_of_the_session_on_screen_then_the_events() {
    let mut h = harness();
    h.key(Key::Char('w'));
    h.key(Key::Char('1'));
    assert_eq!(line(&h), "Questions to the panel now", "the session's own first");
    h.key(Key::Ctrl('u'));
    h.key(Key::Char('3'));
    assert_eq!(line(&h), "5 minutes left");
    assert_eq!(h.key(Key::Enter), shown("5 minutes left"));

    // A digit after text, or without a preset of its number, is typed.
    h.key(Key::Char('w'));
    h.key(Key::Char('9'));
    h.keys("0 seconds");
    assert_eq!(line(&h), "90 seconds");
    h.key(Key::Esc);
    h.key(Key::Char('w'));
    h.key(Key::Char('0'));
    assert_eq!(line(&h), "0");
    h.key(Key::Esc);

    // On session 2, which has none of its own, 1 is the event's first.
    h.key(Key::Char('n'));
    h.key(Key::Char('w'));
    h.key(Key::Char('1'));
    assert_eq!(line(&h), "Please wrap up");
    // An edited preset is the facilitator's text.
    h.keys(", please");
    assert_eq!(h.key(Key::Enter), shown("Please wrap up, please"));
}

#[test]
fn tab_cycles_the_presets_and_never_replaces_typed_text() {
    let mut h = harness();
    h.key(Key::Char('w'));
    h.key(Key::Tab);
    assert_eq!(line(&h), "Questions to the panel now");
    h.key(Key::Tab);
    assert_eq!(line(&h), "Please wrap up");
    h.key(Key::BackTab);
    h.key(Key::BackTab);
    assert_eq!(line(&h), "Coffee until 19:40", "round to the last");
    h.key(Key::Tab);
    assert_eq!(line(&h), "Questions to the panel now");
    h.key(Key::Ctrl('u'));
    h.keys("Mics off");
    h.key(Key::Tab);
    assert_eq!(line(&h), "Mics off");
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Tab picks a preset when the line is empty: Ctrl-u empties it")
    );
}

#[test]
fn tab_without_presets_says_where_the_agenda_lists_them() {
    let mut h = Harness::new();
    h.key(Key::Char('w'));
    h.key(Key::Tab);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("The agenda has no preset messages: [messages] presets = [\"Please wrap up\"]")
    );
    h.key(Key::Char('1'));
    assert_eq!(line(&h), "1", "no preset: the digit is typed");
}

#[test]
fn the_message_line_holds_at_most_a_message_to_the_room() {
    let mut h = harness();
    h.key(Key::Char('w'));
    h.send(Msg::Paste("a".repeat(250)));
    assert_eq!(
        h.app.flash.as_deref(),
        Some("A message to the room holds at most 200 characters: 50 characters cut off")
    );
    assert_eq!(h.key(Key::Enter), shown(&"a".repeat(200)));
}

#[test]
fn blink_and_clear_need_a_message_and_blackout_toggles() {
    let mut h = harness();
    for key in ['B', 'X'] {
        assert_eq!(h.key(Key::Char(key)), vec![], "{key}");
        assert_eq!(
            h.app.flash.as_deref(),
            Some("The room display shows no message: w writes one"),
            "{key}"
        );
    }
    h.key(Key::Char('w'));
    h.key(Key::Char('2'));
    h.key(Key::Enter);
    assert_eq!(h.key(Key::Char('B')), vec![Effect::Record(Change::MessageBlinked)]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving blink of the message to the room (3 s)…"));
    assert_eq!(h.app.live.room.blinking(h.now.wall), Some(crate::live::BLINK));
    assert_eq!(h.key(Key::Char('K')), vec![Effect::Record(Change::DisplayBlackout { on: true })]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving room display blacked out…"));
    assert!(h.app.live.room.blackout);
    assert_eq!(h.key(Key::Char('K')), vec![Effect::Record(Change::DisplayBlackout { on: false })]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving room display shown again…"));
    assert_eq!(h.key(Key::Char('X')), vec![Effect::Record(Change::MessageCleared)]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving message to the room cleared…"));
    assert_eq!(message(&h), None);
    assert_eq!(h.key(Key::Char('B')), vec![], "nothing left to blink");
}

#[test]
fn leaving_from_the_message_line_with_text_asks_first() {
    let mut h = harness();
    h.key(Key::Char('w'));
    h.keys("Please wrap");
    assert_eq!(h.key(Key::Ctrl('q')), vec![]);
    assert_eq!(h.app.mode.question(), Some(Question::LeaveDraft));
    h.key(Key::Char('n'));
    assert_eq!(line(&h), "Please wrap", "the draft is kept");
}

#[test]
fn after_the_end_and_while_correcting_the_room_keys_are_refused_and_journal_nothing() {
    let mut h = harness();
    h.key(Key::Char(' '));
    h.wait(60);
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    // Resumed after the end: open for corrections, where the room keys are not.
    h.app = App::new(h.app.live.clone());
    h.log.clear();
    assert!(h.app.correcting);
    for key in ['w', 'B', 'X', 'K'] {
        assert_eq!(h.key(Key::Char(key)), vec![], "{key}");
        assert_eq!(h.app.mode.kind(), ModeKind::Normal, "{key}");
        assert_eq!(
            h.app.flash.as_deref(),
            Some("The event ended at 18:01: messages to the room are for the event itself"),
            "{key}"
        );
    }
    assert!(h.log.is_empty(), "nothing journaled, not even a reopening: {:?}", h.log);
    assert!(!h.app.live.reopened);
}
