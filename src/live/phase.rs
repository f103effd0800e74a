//! The phase of a session's countdown, the same on the facilitator's screen and on the room
//! display: on time, wrap up (the `warn` threshold), danger (the `danger` threshold), and at
//! zero either "time is up" (frozen at 00:00, `at_zero = "freeze"`) or the overtime counting
//! up.

use std::time::{Duration, Instant};

use super::{Clock, Live, displayed_seconds};
use crate::agenda::AtZero;

/// Where a countdown stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Phase {
    NotStarted,
    Paused,
    OnTime,
    /// Past the warning threshold.
    WrapUp,
    /// Past the danger threshold.
    Danger,
    /// At zero, frozen there (`at_zero = "freeze"`).
    TimeUp,
    /// Past zero, counting the overtime.
    Over,
    Done,
}

/// A session's countdown as the room reads it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Countdown {
    pub phase: Phase,
    /// The digits: "12:34", "00:00" when frozen, "+02:13" over, the time it took when done.
    pub digits: String,
    /// Whole seconds left (negative: over).
    pub left: i64,
}

impl Phase {
    /// The phase in words, for the room.
    pub fn words(self, left: i64) -> String {
        match self {
            Phase::NotStarted => "not started".into(),
            Phase::Paused => "paused".into(),
            Phase::OnTime => "on time".into(),
            Phase::WrapUp => "wrap up".into(),
            Phase::Danger => "time is almost up".into(),
            Phase::TimeUp => "time is up".into(),
            Phase::Over => format!("{} over", over_digits(left)),
            Phase::Done => "done".into(),
        }
    }
}

/// "mm:ss", or "h:mm:ss" from an hour on.
pub fn clock_digits(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, (seconds / 60) % 60, seconds % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m:02}:{s:02}") }
}

/// "+02:13" for 133 seconds over.
fn over_digits(left: i64) -> String {
    format!("+{}", clock_digits(left.unsigned_abs()))
}

impl Live {
    /// The countdown of session `index` at monotonic time `now`.
    pub fn countdown(&self, index: usize, now: Instant) -> Countdown {
        let run = &self.sessions[index];
        let session = &self.agenda.sessions[index];
        let elapsed = run.clock.elapsed(now);
        let left = displayed_seconds(run.timebox, elapsed);
        let warn = self.agenda.warn_at(session, run.timebox).min(run.timebox);
        let danger = self.agenda.danger_at(session, run.timebox);
        let within = |threshold: Duration| left > 0 && (left as u64) <= threshold.as_secs();
        let freeze = self.agenda.at_zero(session) == AtZero::Freeze;
        let phase = match run.clock {
            Clock::NotStarted => Phase::NotStarted,
            Clock::Done { .. } => {
                return Countdown {
                    phase: Phase::Done,
                    digits: clock_digits(elapsed.as_secs()),
                    left,
                };
            }
            _ if left <= 0 && freeze => Phase::TimeUp,
            _ if left <= 0 => Phase::Over,
            Clock::Paused { .. } => Phase::Paused,
            Clock::Running { .. } if danger.is_some_and(within) => Phase::Danger,
            Clock::Running { .. } if within(warn) => Phase::WrapUp,
            Clock::Running { .. } => Phase::OnTime,
        };
        let digits = match phase {
            Phase::TimeUp => clock_digits(0),
            Phase::Over => over_digits(left),
            _ => clock_digits(left.max(0) as u64),
        };
        Countdown { phase, digits, left }
    }
}
