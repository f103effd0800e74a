//! Messages to the room: the message line (`w`), where one line of text or one of the
//! agenda's preset messages is shown on the room display, and the keys that blink it (`B`),
//! clear it (`X`) and black the display out (`K`). Each is journaled like any change and said
//! to be saved once durable; the room display follows the journal. They are for the event
//! itself: after its end (and while correcting it) they are refused.

use std::mem;

use tui_input::Input;

use super::{Action, App, Effect, Key, Mode};
use crate::event::Change;
use crate::live::{MAX_MESSAGE_CHARS, check_message};

/// What a key of the message line, or a room key of the live screen, does.
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    if action == Action::CancelMessage {
        app.mode = Mode::Normal;
        return Vec::new();
    }
    if let Some(ended) = after_the_end(app) {
        app.mode = Mode::Normal;
        app.flash = Some(ended);
        return Vec::new();
    }
    match action {
        Action::OpenMessage => {
            app.mode = Mode::Message { line: Input::default() };
            Vec::new()
        }
        Action::ShowMessage => show(app),
        Action::NextPreset | Action::PreviousPreset => {
            cycle(app, action == Action::NextPreset);
            Vec::new()
        }
        Action::BlinkMessage => {
            if app.live.room.message.is_none() {
                app.flash = Some(NO_MESSAGE.into());
                return Vec::new();
            }
            app.saving("blink of the message to the room (3 s)".into(), String::new());
            vec![Effect::Record(Change::MessageBlinked)]
        }
        Action::ClearMessage => {
            if app.live.room.message.is_none() {
                app.flash = Some(NO_MESSAGE.into());
                return Vec::new();
            }
            app.saving("message to the room cleared".into(), String::new());
            vec![Effect::Record(Change::MessageCleared)]
        }
        Action::ToggleBlackout => {
            let on = !app.live.room.blackout;
            let what = if on { "room display blacked out" } else { "room display shown again" };
            app.saving(what.into(), String::new());
            vec![Effect::Record(Change::DisplayBlackout { on })]
        }
        _ => Vec::new(),
    }
}

/// What the blink and clear keys say when the display shows no message.
const NO_MESSAGE: &str = "The room display shows no message: w writes one";

/// Why the room keys do nothing now: the event has ended (or is being corrected after it).
fn after_the_end(app: &App) -> Option<String> {
    let ended = app.live.ended_at?;
    Some(format!(
        "The event ended at {}: messages to the room are for the event itself",
        ended.format("%H:%M")
    ))
}

/// The presets offered: those of the session on screen, then the event's.
pub fn presets(app: &App) -> Vec<&String> {
    let agenda = &app.live.agenda;
    agenda.sessions.get(app.shown()).map(|s| agenda.presets(s).collect()).unwrap_or_default()
}

/// Enter: the line (cleaned, without spaces at its ends) goes on the room display.
fn show(app: &mut App) -> Vec<Effect> {
    let Mode::Message { line } = mem::take(&mut app.mode) else { return Vec::new() };
    let text = crate::sanitize::clean_line(line.value()).trim().to_string();
    if text.is_empty() {
        app.flash = Some(
            "Nothing shown: type a message or pick a preset (1-9, Tab); X clears the one shown"
                .into(),
        );
        return Vec::new();
    }
    if let Err(why) = check_message(&text) {
        // The line keeps the message within bounds and clean: this is a last guard.
        app.flash = Some(format!("Nothing shown: {why}"));
        return Vec::new();
    }
    app.saving(format!("message to the room: \"{text}\""), String::new());
    vec![Effect::Record(Change::MessageShown { text })]
}

/// Tab and Shift-Tab: the next or previous preset, when the line is empty or holds one; typed
/// text is never replaced.
fn cycle(app: &mut App, forward: bool) {
    let presets: Vec<String> = presets(app).into_iter().cloned().collect();
    let Mode::Message { line } = &mut app.mode else { return };
    if presets.is_empty() {
        app.flash = Some(
            "The agenda has no preset messages: [messages] presets = [\"Please wrap up\"]".into(),
        );
        return;
    }
    let at = presets.iter().position(|p| p == line.value());
    let next = match (at, forward) {
        (None, _) if !line.value().is_empty() => {
            app.flash = Some("Tab picks a preset when the line is empty: Ctrl-u empties it".into());
            return;
        }
        (None, true) => 0,
        (None, false) => presets.len() - 1,
        (Some(i), true) => (i + 1) % presets.len(),
        (Some(i), false) => (i + presets.len() - 1) % presets.len(),
    };
    *line = Mode::open_line(presets[next].clone());
}

/// A digit 1-9 typed in the empty message line picks that preset, when there is one; any
/// other key is typed. True when the key picked a preset.
pub(super) fn pick(app: &mut App, key: Key) -> bool {
    let Key::Char(c) = key else { return false };
    let Some(n) = c.to_digit(10).filter(|&n| n >= 1) else { return false };
    let empty = matches!(&app.mode, Mode::Message { line } if line.value().is_empty());
    if !empty {
        return false;
    }
    let Some(preset) = presets(app).get(n as usize - 1).map(|p| p.to_string()) else {
        return false;
    };
    app.mode = Mode::Message { line: Mode::open_line(preset) };
    true
}

/// The longest message the line takes, and what it says when text is cut.
pub(super) const LIMIT: (usize, &str) = (MAX_MESSAGE_CHARS, "A message to the room");
