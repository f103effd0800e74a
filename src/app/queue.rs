//! The speaking queue from the live screen: `s` opens the queue of the current session, `S`
//! gives the floor to the next speaker. In the queue a speaker is added by the same
//! `@name`/`@group` matching as a capture, in the list (`a`), as a point of order (`o`) or as
//! a direct reply (`r`); speakers are reordered, removed, given the floor out of turn; the
//! list is closed; first-time speakers go first. Every change is journaled and said to be
//! saved once durable. The queue is for the event itself: after its end it is refused.

use std::mem;
use std::time::Duration;

use tui_input::Input;

use super::{Action, App, Effect, Mode};
use crate::capture::{self, Lookup};
use crate::event::{Change, ItemId, Lane, Raiser};
use crate::live::{Clock, MAX_SPEAKER_CHARS, Speaker, check_speaker_name};

/// The longest name the speaker line takes, and what it says when text is cut.
pub(super) const LIMIT: (usize, &str) = (MAX_SPEAKER_CHARS, "A speaker's name");

/// How much `+` and `-` change every speaker's time.
pub const SPEAKER_STEP: Duration = Duration::from_secs(30);
/// The shortest and the longest time a speaker is given from the queue.
pub const SHORTEST_TURN: Duration = Duration::from_secs(30);
pub const LONGEST_TURN: Duration = Duration::from_secs(3600);

/// What a key of the queue, of the speaker line, or `s`/`S` on the live screen does.
pub(super) fn act(app: &mut App, action: Action, now: crate::live::Now) -> Vec<Effect> {
    match action {
        Action::CloseQueue => {
            app.mode = Mode::Normal;
            return Vec::new();
        }
        Action::CancelSpeaker => {
            back_to_queue(app);
            return Vec::new();
        }
        _ => {}
    }
    if let Some(ended) = after_the_end(app) {
        app.mode = Mode::Normal;
        app.flash = Some(ended);
        return Vec::new();
    }
    let session = app.live.current;
    match action {
        Action::OpenQueue => {
            app.mode = Mode::Queue { selected: 0 };
            Vec::new()
        }
        Action::NextSpeaker => give_floor(app, None, now),
        Action::GiveFloor => match selected(app) {
            Some(speaker) => give_floor(app, Some(speaker), now),
            None => {
                app.flash = Some(NOBODY_WAITS.into());
                Vec::new()
            }
        },
        Action::QueueUp | Action::QueueDown => {
            let last = app.live.queues.waiting(session).len().saturating_sub(1);
            if let Mode::Queue { selected } = &mut app.mode {
                *selected = match action {
                    Action::QueueUp => (*selected).min(last).saturating_sub(1),
                    _ => (*selected + 1).min(last),
                };
            }
            Vec::new()
        }
        Action::MoveSpeakerUp | Action::MoveSpeakerDown => {
            reorder(app, action == Action::MoveSpeakerUp)
        }
        Action::RemoveSpeaker => {
            let Some(id) = selected(app) else {
                app.flash = Some(NOBODY_WAITS.into());
                return Vec::new();
            };
            let name = name_of(app, id);
            app.saving(format!("{name} off the queue"), String::new());
            vec![Effect::Record(Change::SpeakerRemoved { speaker: id })]
        }
        Action::EndTurn => {
            let Some(speaker) = app.live.queues.speaking(session).map(|s| s.id) else {
                app.flash = Some("Nobody has the floor: S gives it to the next speaker".into());
                return Vec::new();
            };
            let offset_ms = app.live.sessions[session].clock.elapsed_ms(now.mono);
            let name = name_of(app, speaker);
            app.saving(format!("end of {name}'s turn"), String::new());
            vec![Effect::Record(Change::SpeakerEnded { speaker, offset_ms })]
        }
        Action::ToggleFirstTime => {
            let on = !app.live.queues.first_time_first;
            let state = if on { "on" } else { "off" };
            app.saving(format!("first-time speakers first: {state}"), String::new());
            vec![Effect::Record(Change::FirstTimeFirst { on })]
        }
        Action::ToggleQueueClosed => {
            if app.live.queues.is_closed(session) {
                app.saving(
                    format!("speaking list of session {} open again", session + 1),
                    "".into(),
                );
                vec![Effect::Record(Change::QueueReopened { session })]
            } else {
                app.saving(
                    format!("speaking list of session {} closed", session + 1),
                    " · a point of order (o) still joins".into(),
                );
                vec![Effect::Record(Change::QueueClosed { session })]
            }
        }
        Action::SpeakerTimeMore | Action::SpeakerTimeLess => {
            let time = app.live.speaker_time(session);
            let changed = if action == Action::SpeakerTimeMore {
                time.saturating_add(SPEAKER_STEP).min(LONGEST_TURN)
            } else {
                time.saturating_sub(SPEAKER_STEP).max(SHORTEST_TURN)
            };
            if changed == time {
                app.flash = Some(format!(
                    "A speaker's time stays between {} and {}",
                    crate::agenda::format_duration(SHORTEST_TURN),
                    crate::agenda::format_duration(LONGEST_TURN)
                ));
                return Vec::new();
            }
            app.saving(
                format!("speaking time: {} each", crate::agenda::format_duration(changed)),
                String::new(),
            );
            vec![Effect::Record(Change::SpeakerTime { session, speaker_s: changed.as_secs() })]
        }
        Action::AddSpeaker(lane) => {
            if lane != Lane::PointOfOrder && app.live.queues.is_closed(session) {
                app.flash = Some(CLOSED.into());
                return Vec::new();
            }
            let selected = match app.mode {
                Mode::Queue { selected } => selected,
                _ => 0,
            };
            app.mode = Mode::Speaker { line: Input::default(), lane, selected };
            Vec::new()
        }
        Action::SaveSpeaker => save(app),
        Action::SpeakerCompleteOrCycle => {
            let agenda = &app.live.agenda;
            if let Mode::Speaker { line, lane, .. } = &mut app.mode {
                // A name typed without its @ completes too: it is the whole line.
                let (text, cursor, bare) = if line.value().starts_with('@') {
                    (line.value().to_string(), line.cursor(), false)
                } else {
                    (format!("@{}", line.value()), line.cursor() + 1, true)
                };
                let strip = |text: String, cursor: usize| {
                    if bare {
                        (
                            text.strip_prefix('@').unwrap_or(&text).to_string(),
                            cursor.saturating_sub(1),
                        )
                    } else {
                        (text, cursor)
                    }
                };
                match capture::complete(&text, cursor, agenda) {
                    capture::Completion::Completed(text, cursor) => {
                        let (text, cursor) = strip(text, cursor);
                        *line = Input::new(text).with_cursor(cursor);
                    }
                    capture::Completion::Ambiguous(text, cursor, message) => {
                        let (text, cursor) = strip(text, cursor);
                        *line = Input::new(text).with_cursor(cursor);
                        app.flash = Some(message);
                    }
                    capture::Completion::Nobody(message) => app.flash = Some(message),
                    capture::Completion::NotAName => *lane = lane.next(),
                }
            }
            Vec::new()
        }
        Action::SpeakerLaneBack => {
            if let Mode::Speaker { lane, .. } = &mut app.mode {
                for _ in 0..Lane::ALL.len() - 1 {
                    *lane = lane.next();
                }
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// What `S` (or Enter on a speaker) says when nobody waits.
const NOBODY_WAITS: &str = "Nobody is waiting to speak: s opens the queue, a adds a speaker";

/// What adding to a closed list says.
const CLOSED: &str =
    "The speaking list is closed: c opens it again; a point of order (o) still joins";

/// Why the queue keys do nothing now: the event has ended (or is being corrected after it).
fn after_the_end(app: &App) -> Option<String> {
    let ended = app.live.ended_at?;
    Some(format!(
        "The event ended at {}: the speaking queue is for the event itself",
        ended.format("%H:%M")
    ))
}

/// The speaker line closes: back to the queue, its selection kept.
fn back_to_queue(app: &mut App) {
    app.mode = match mem::take(&mut app.mode) {
        Mode::Speaker { selected, .. } => Mode::Queue { selected },
        other => other,
    };
}

/// The selected waiting speaker of the current session.
pub fn selected(app: &App) -> Option<ItemId> {
    let Mode::Queue { selected } = app.mode else { return None };
    let waiting = app.live.queues.waiting(app.live.current);
    let last = waiting.len().checked_sub(1)?;
    waiting.get(selected.min(last)).map(|s| s.id)
}

/// How a speaker reads on the facilitator's screen: the name, marked when it matched nobody.
pub fn describe(who: &Raiser, app: &App) -> String {
    capture::describe_marked(who, &app.live.agenda, false)
}

fn name_of(app: &App, id: ItemId) -> String {
    app.live.queues.speaker(id).map(|s| describe(&s.who, app)).unwrap_or_default()
}

/// The floor goes to `chosen`, or to the first in the queue: the current turn ends, the
/// session's timer starts or resumes when it does not run (a speaker's countdown runs on
/// it), and the speaker's turn starts.
fn give_floor(app: &mut App, chosen: Option<ItemId>, now: crate::live::Now) -> Vec<Effect> {
    let live = &app.live;
    let session = live.current;
    let run = &live.sessions[session];
    if matches!(run.clock, Clock::Done { .. }) {
        app.flash = Some(format!(
            "Session {} has ended: the queue runs with its session (n moves on)",
            session + 1
        ));
        return Vec::new();
    }
    let offset_ms = run.clock.elapsed_ms(now.mono);
    let speaking = live.queues.speaking(session).map(|s| s.id);
    let waiting: Vec<ItemId> = live.queues.waiting(session).iter().map(|s| s.id).collect();
    let next = chosen.or_else(|| waiting.first().copied());
    let mut effects = Vec::new();
    if let Some(speaker) = speaking {
        effects.push(Effect::Record(Change::SpeakerEnded { speaker, offset_ms }));
    }
    let Some(next) = next else {
        match speaking {
            Some(speaker) => {
                let name = name_of(app, speaker);
                app.saving(format!("end of {name}'s turn"), " · nobody else waits".into());
            }
            None => app.flash = Some(NOBODY_WAITS.into()),
        }
        return effects;
    };
    if !run.clock.is_running() {
        effects.push(Effect::Record(live.toggle(now.mono)));
    }
    effects.push(Effect::Record(Change::SpeakerStarted { speaker: next, offset_ms }));
    let time = crate::agenda::format_duration(live.speaker_time(session));
    let lane = live.queues.speaker(next).map_or(Lane::Normal, |s| s.lane);
    let what = match lane {
        Lane::Normal => String::new(),
        lane => format!(" ({})", lane.label()),
    };
    let more = waiting.len() - usize::from(waiting.contains(&next));
    let notes = match more {
        0 => " · nobody else waits".to_string(),
        n => format!(" · {n} waiting"),
    };
    let name = name_of(app, next);
    app.saving(format!("the floor to {name}{what}, {time}"), notes);
    effects
}

/// K and J: the selected speaker changes places with their neighbour, within their lane
/// (and, while first-time speakers go first, among those who spoke or did not).
fn reorder(app: &mut App, up: bool) -> Vec<Effect> {
    let queues = &app.live.queues;
    let waiting = queues.waiting(app.live.current);
    let Mode::Queue { selected } = app.mode else { return Vec::new() };
    let Some(last) = waiting.len().checked_sub(1) else {
        app.flash = Some(NOBODY_WAITS.into());
        return Vec::new();
    };
    let at = selected.min(last);
    let other = if up { at.checked_sub(1) } else { Some(at + 1).filter(|&i| i <= last) };
    let Some(other) = other else {
        app.flash = Some(
            if up { "Already first in the queue" } else { "Already last in the queue" }.into(),
        );
        return Vec::new();
    };
    let (one, two): (&Speaker, &Speaker) = (waiting[at], waiting[other]);
    if one.lane != two.lane {
        app.flash = Some(
            "Lanes keep their order: points of order, then direct replies, then the list".into(),
        );
        return Vec::new();
    }
    if queues.spoke_before(one) != queues.spoke_before(two) {
        app.flash = Some("First-time speakers go first: f turns that off to reorder freely".into());
        return Vec::new();
    }
    let (speaker, with) = (one.id, two.id);
    let name = describe(&one.who, app);
    app.mode = Mode::Queue { selected: other };
    app.saving(format!("{name} to place {} in the queue", other + 1), String::new());
    vec![Effect::Record(Change::SpeakerMoved { speaker, with })]
}

/// Enter on the speaker line: the name is looked up as a capture's `@name` is (the `@` may be
/// left out), and the speaker joins the queue in the line's lane.
fn save(app: &mut App) -> Vec<Effect> {
    let Mode::Speaker { line, lane, selected } = mem::take(&mut app.mode) else {
        return Vec::new();
    };
    app.mode = Mode::Queue { selected };
    let session = app.live.current;
    let agenda = &app.live.agenda;
    let parsed = capture::parse(line.value(), agenda);
    let mut notes = String::new();
    for flag in &parsed.flags {
        notes.push_str(" · ");
        notes.push_str(flag);
    }
    let who = match parsed.fields.by {
        Some(by) => {
            if !parsed.fields.text.is_empty() {
                notes.push_str(&format!(
                    " · \"{}\" left out: a speaker is one @name",
                    parsed.fields.text
                ));
            }
            by
        }
        None => {
            // The whole line is the name: "Kari", "Kari Nordvik", "residents".
            let typed = crate::sanitize::clean_line(line.value()).trim().to_string();
            if typed.is_empty() {
                app.flash = Some("Nothing added: type @name or @group (Tab completes)".into());
                return Vec::new();
            }
            let found = capture::lookup(&typed, agenda, false);
            if let Some(flag) = found.flag('@', &typed, agenda) {
                notes.push_str(" · ");
                notes.push_str(&flag);
            }
            match found {
                Lookup::One(raiser) => raiser,
                _ => Raiser::Unknown(typed.replace('_', " ")),
            }
        }
    };
    if lane != Lane::PointOfOrder && app.live.queues.is_closed(session) {
        app.flash = Some(CLOSED.into());
        return Vec::new();
    }
    if let Err(why) = check_speaker_name(&who) {
        // The line keeps the name within bounds and clean: this is a last guard.
        app.flash = Some(format!("Nothing added: {why}"));
        return Vec::new();
    }
    let name = describe(&who, app);
    if app.live.queues.waiting(session).iter().any(|s| s.who == who && s.lane == lane) {
        notes.push_str(&format!(" · {name} was waiting already"));
    }
    app.saving(format!("{}: {name}", lane.label()), notes);
    vec![Effect::Record(Change::SpeakerAdded { speaker: ItemId::default(), session, who, lane })]
}
