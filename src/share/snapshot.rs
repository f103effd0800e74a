//! What the room display shows, as data for the browser display (`GET /display`): the same
//! as `convene display` draws from a [`Live`], and nothing else. Only public, approved
//! state: the event's and the sessions' titles, the countdowns, the message, the next
//! session and the pinned question (names in it replaced as the public minutes replace
//! them). Never an item's text but the pinned question's, never a name, a note or a
//! session's lead.
//!
//! A snapshot is taken at one instant ([`RoomSnapshot::of`]); the server moves it on to the
//! instant it sends it ([`RoomSnapshot::advanced_to`]), and the page counts on from there
//! with its own monotonic clock, so the room's countdown keeps the server's time whatever
//! the projector's clock says.

use std::time::{Duration, Instant};

use chrono::Timelike;
use serde::Serialize;

use crate::agenda::AtZero;
use crate::live::{Live, Now, Phase, SPEAKER_WARN, clock_digits, speaker_clock};
use crate::minutes::Redactor;

/// How far apart two countdowns may be and still show the same (their milliseconds are
/// rounded at different instants).
const TOLERANCE_MS: u64 = 20;

/// Everything the room display shows at one instant.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RoomSnapshot {
    /// The event's title.
    pub title: String,
    pub state: EventState,
    /// The display shows nothing but black: every other part is left out.
    pub blackout: bool,
    /// Before the first session: "starts at 18:00" (on the agenda's day) or "starts soon".
    pub starts: Option<String>,
    /// The current session's countdown, while the event runs.
    pub session: Option<SessionClock>,
    /// The countdown of whoever has the floor (never their name).
    pub speaker: Option<SpeakerClock>,
    /// The facilitator's message to the room.
    pub message: Option<Message>,
    /// The next session and its projected start, while the event runs.
    pub next: Option<NextSession>,
    /// When the event is projected to end, during its last session ("21:05").
    pub ends_at: Option<String>,
    /// The text of the question pinned to the display.
    pub pinned: Option<String>,
    /// The monotonic instant the snapshot was taken at (None: no event shown yet).
    #[serde(skip)]
    taken: Option<Instant>,
}

/// Where the event stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum EventState {
    /// No session has started yet.
    Before,
    /// A session started; the event has not ended.
    Running,
    Ended,
}

/// A countdown's phase, as the room reads it (see [`Phase`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RoomPhase {
    NotStarted,
    Paused,
    OnTime,
    WrapUp,
    Danger,
    TimeUp,
    Over,
    Done,
}

impl From<Phase> for RoomPhase {
    fn from(phase: Phase) -> RoomPhase {
        match phase {
            Phase::NotStarted => RoomPhase::NotStarted,
            Phase::Paused => RoomPhase::Paused,
            Phase::OnTime => RoomPhase::OnTime,
            Phase::WrapUp => RoomPhase::WrapUp,
            Phase::Danger => RoomPhase::Danger,
            Phase::TimeUp => RoomPhase::TimeUp,
            Phase::Over => RoomPhase::Over,
            Phase::Done => RoomPhase::Done,
        }
    }
}

/// What a countdown does at zero (the agenda's `at_zero`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ZeroRule {
    /// It counts the overtime upward: "+02:13".
    Count,
    /// It stays at 00:00 and says "time is up".
    Freeze,
}

/// The current session's countdown.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SessionClock {
    pub title: String,
    /// Milliseconds left (negative: over), as of the snapshot's instant.
    pub remaining_ms: i64,
    /// The timer runs: the page counts `remaining_ms` down from when it received it.
    pub running: bool,
    pub phase: RoomPhase,
    /// "12:34", "00:00" frozen, "+02:13" over, the time it took when done.
    pub digits: String,
    /// The phase in words: "on time", "wrap up", "+02:13 over".
    pub words: String,
    /// Whole seconds left from which the phase is "wrap up".
    pub warn_s: u64,
    /// Whole seconds left from which the phase is "danger" (none: no danger phase).
    pub danger_s: Option<u64>,
    pub at_zero: ZeroRule,
}

/// The countdown of the speaker who has the floor.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct SpeakerClock {
    /// Milliseconds left of their time (negative: over).
    pub remaining_ms: i64,
    /// Their turn runs (it runs on the session's timer).
    pub running: bool,
    pub phase: RoomPhase,
    /// "1:12 left", "0:12 over".
    pub words: String,
    /// Whole seconds left from which the phase is "wrap up".
    pub warn_s: u64,
}

/// The facilitator's message to the room.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Message {
    pub text: String,
    /// How much longer it blinks, in milliseconds (0: it does not blink).
    pub blink_ms: u64,
    /// How long ago the blink began: the text shows reversed in the even half-seconds.
    pub blink_since_ms: u64,
}

/// The next session and when it is projected to start.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct NextSession {
    pub title: String,
    /// "19:05" (with the weekday when it falls on another day: "Wed 09:00").
    pub at: String,
}

impl RoomSnapshot {
    /// What the room sees of `live` at `now`.
    pub fn of(live: &Live, now: Now) -> RoomSnapshot {
        let started = live.sessions.iter().any(|run| run.started_at.is_some());
        let state = if live.has_ended() {
            EventState::Ended
        } else if started {
            EventState::Running
        } else {
            EventState::Before
        };
        let mut snapshot = RoomSnapshot::waiting(&live.agenda.title);
        snapshot.state = state;
        snapshot.taken = Some(now.mono);
        if live.room.blackout {
            snapshot.blackout = true;
            return snapshot;
        }
        snapshot.message = live.room.message.as_ref().map(|(text, _)| {
            let blink = live.room.blinking(now.wall).unwrap_or_default();
            let since = live
                .room
                .blinked_at
                .filter(|_| !blink.is_zero())
                .and_then(|at| (now.wall - at).to_std().ok())
                .unwrap_or_default();
            Message { text: text.clone(), blink_ms: millis(blink), blink_since_ms: millis(since) }
        });
        snapshot.pinned = live.pinned_question().filter(|item| !item.is_internal()).map(|item| {
            Redactor::public(&live.agenda, &live.items).prose(&item.fields.text).into_owned()
        });
        match state {
            EventState::Before => snapshot.starts = Some(starts(live, now)),
            EventState::Ended => {}
            EventState::Running => {
                snapshot.session = Some(session_clock(live, now));
                snapshot.speaker = speaker_clock_of(live, now);
                let projection = live.projection(now);
                let next = (live.current + 1..live.sessions.len())
                    .find_map(|i| projection.starts.get(i).copied().flatten().map(|at| (i, at)));
                match next {
                    Some((i, at)) => {
                        snapshot.next = Some(NextSession {
                            title: live.agenda.sessions[i].title.clone(),
                            at: crate::agenda::clock_on(projection.day, at),
                        })
                    }
                    None => {
                        snapshot.ends_at =
                            Some(crate::agenda::clock_on(projection.day, projection.projected_end))
                    }
                }
            }
        }
        snapshot
    }

    /// True when `later` shows what this snapshot shows, moved on to when `later` was
    /// taken: nothing to send (a countdown a millisecond apart from rounding is the same).
    pub fn shows_as(&self, later: &RoomSnapshot) -> bool {
        let Some(at) = later.taken else { return self == later };
        let mut moved = self.advanced_to(at);
        let mut later = later.clone();
        let close = |a: i64, b: i64| a.abs_diff(b) <= TOLERANCE_MS;
        match (moved.session.as_mut(), later.session.as_mut()) {
            (Some(a), Some(b)) if close(a.remaining_ms, b.remaining_ms) => {
                a.remaining_ms = b.remaining_ms;
            }
            _ => {}
        }
        match (moved.speaker.as_mut(), later.speaker.as_mut()) {
            (Some(a), Some(b)) if close(a.remaining_ms, b.remaining_ms) => {
                a.remaining_ms = b.remaining_ms;
            }
            _ => {}
        }
        match (moved.message.as_mut(), later.message.as_mut()) {
            (Some(a), Some(b))
                if close(a.blink_ms as i64, b.blink_ms as i64)
                    && close(a.blink_since_ms as i64, b.blink_since_ms as i64) =>
            {
                (a.blink_ms, a.blink_since_ms) = (b.blink_ms, b.blink_since_ms);
            }
            _ => {}
        }
        moved == later
    }

    /// What the display shows before there is an event to show: the title alone.
    pub fn waiting(title: &str) -> RoomSnapshot {
        RoomSnapshot {
            title: title.to_string(),
            state: EventState::Before,
            blackout: false,
            starts: None,
            session: None,
            speaker: None,
            message: None,
            next: None,
            ends_at: None,
            pinned: None,
            taken: None,
        }
    }

    /// The same snapshot moved on to the monotonic instant `now` (never back): the running
    /// countdowns and the blink count on, as [`RoomSnapshot::of`] would have them then.
    pub fn advanced_to(&self, now: Instant) -> RoomSnapshot {
        let mut snapshot = self.clone();
        let Some(taken) = self.taken else { return snapshot };
        let by = now.saturating_duration_since(taken);
        if by.is_zero() {
            return snapshot;
        }
        snapshot.taken = Some(taken + by);
        let by_ms = i64::try_from(by.as_millis()).unwrap_or(i64::MAX);
        if let Some(session) = snapshot.session.as_mut().filter(|s| s.running) {
            session.remaining_ms = session.remaining_ms.saturating_sub(by_ms);
            let left = shown_seconds(session.remaining_ms);
            let within = |threshold: u64| left > 0 && (left as u64) <= threshold;
            let phase = match session.at_zero {
                _ if left > 0 && session.danger_s.is_some_and(within) => Phase::Danger,
                _ if within(session.warn_s) => Phase::WrapUp,
                _ if left > 0 => Phase::OnTime,
                ZeroRule::Freeze => Phase::TimeUp,
                ZeroRule::Count => Phase::Over,
            };
            session.digits = countdown_digits(phase, left);
            session.words = phase.words(left);
            session.phase = phase.into();
        }
        if let Some(speaker) = snapshot.speaker.as_mut().filter(|s| s.running) {
            speaker.remaining_ms = speaker.remaining_ms.saturating_sub(by_ms);
            let left = shown_seconds(speaker.remaining_ms);
            speaker.phase = match left {
                _ if left <= 0 => RoomPhase::Over,
                _ if (left as u64) <= speaker.warn_s => RoomPhase::WrapUp,
                _ => RoomPhase::OnTime,
            };
            speaker.words = speaker_words(left);
        }
        if let Some(message) = snapshot.message.as_mut().filter(|m| m.blink_ms > 0) {
            let by = millis(by);
            if by >= message.blink_ms {
                (message.blink_ms, message.blink_since_ms) = (0, 0);
            } else {
                message.blink_ms -= by;
                message.blink_since_ms = message.blink_since_ms.saturating_add(by);
            }
        }
        snapshot
    }
}

/// "starts at 18:00" on the agenda's day; any other day (a rehearsal, the demo) the event
/// starts whenever the facilitator starts it.
fn starts(live: &Live, now: Now) -> String {
    let planned = live.plan.slots.first().map_or(live.plan.start, |slot| slot.start);
    if now.wall.date_naive() == planned.date() {
        format!("starts at {:02}:{:02}", planned.hour(), planned.minute())
    } else {
        "starts soon".to_string()
    }
}

fn session_clock(live: &Live, now: Now) -> SessionClock {
    let index = live.current;
    let run = &live.sessions[index];
    let session = &live.agenda.sessions[index];
    let countdown = live.countdown(index, now.mono);
    SessionClock {
        title: session.title.clone(),
        remaining_ms: remaining_ms(run.timebox, run.clock.elapsed(now.mono)),
        running: run.clock.is_running(),
        phase: countdown.phase.into(),
        words: countdown.phase.words(countdown.left),
        digits: countdown.digits,
        warn_s: live.agenda.warn_at(session, run.timebox).min(run.timebox).as_secs(),
        danger_s: live.agenda.danger_at(session, run.timebox).map(|d| d.as_secs()),
        at_zero: match live.agenda.at_zero(session) {
            AtZero::Count => ZeroRule::Count,
            AtZero::Freeze => ZeroRule::Freeze,
        },
    }
}

fn speaker_clock_of(live: &Live, now: Now) -> Option<SpeakerClock> {
    let countdown = live.speaker_countdown(now.mono)?;
    let speaker = live.queues.speaking(live.current)?;
    Some(SpeakerClock {
        remaining_ms: remaining_ms(countdown.time, live.airtime(speaker, now.mono)),
        running: live.is_running(),
        phase: countdown.phase.into(),
        words: countdown.words(),
        warn_s: SPEAKER_WARN.as_secs(),
    })
}

/// Time left in milliseconds (negative: over), rounded so that whole seconds read from it
/// are those the screen shows: time left up, overtime down (see `displayed_seconds`).
fn remaining_ms(timebox: Duration, elapsed: Duration) -> i64 {
    if elapsed <= timebox {
        let left = (timebox - elapsed).as_nanos().div_ceil(1_000_000);
        i64::try_from(left).unwrap_or(i64::MAX)
    } else {
        -i64::try_from((elapsed - timebox).as_millis()).unwrap_or(i64::MAX)
    }
}

/// The whole seconds a countdown shows for `ms` left: up while time is left, down over it.
fn shown_seconds(ms: i64) -> i64 {
    if ms >= 0 {
        (ms / 1000) + i64::from(ms % 1000 > 0)
    } else {
        -((ms.unsigned_abs() / 1000) as i64)
    }
}

/// The digits of a running countdown in `phase` with `left` whole seconds.
fn countdown_digits(phase: Phase, left: i64) -> String {
    match phase {
        Phase::TimeUp => clock_digits(0),
        Phase::Over => format!("+{}", clock_digits(left.unsigned_abs())),
        _ => clock_digits(left.max(0) as u64),
    }
}

/// "1:12 left", "0:12 over" (as [`crate::live::SpeakerCountdown::words`]).
fn speaker_words(left: i64) -> String {
    let shown = speaker_clock(left.unsigned_abs());
    if left < 0 { format!("{shown} over") } else { format!("{shown} left") }
}

fn millis(duration: Duration) -> u64 {
    u64::try_from(duration.as_millis()).unwrap_or(u64::MAX)
}

#[cfg(test)]
mod tests;
