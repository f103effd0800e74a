//! A session's timer: elapsed time from a monotonic clock, with pause and overtime.

use std::time::{Duration, Instant};

/// The timer of one session.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    NotStarted,
    /// Running since `since`, after `base` already run before.
    Running {
        base: Duration,
        since: Instant,
    },
    Paused {
        elapsed: Duration,
    },
    /// The session was held and ended after `elapsed`.
    Done {
        elapsed: Duration,
    },
}

/// What a facilitator sees of a timer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimerState {
    NotStarted,
    Running,
    Paused,
    Overtime,
    Done,
}

impl Clock {
    pub fn elapsed(&self, now: Instant) -> Duration {
        match *self {
            Clock::NotStarted => Duration::ZERO,
            Clock::Running { base, since } => base + now.saturating_duration_since(since),
            Clock::Paused { elapsed } | Clock::Done { elapsed } => elapsed,
        }
    }

    /// [`Clock::elapsed`] in whole milliseconds, as the journal stores it.
    pub fn elapsed_ms(&self, now: Instant) -> u64 {
        self.elapsed(now).as_millis() as u64
    }

    pub fn is_running(&self) -> bool {
        matches!(self, Clock::Running { .. })
    }

    pub fn state(&self, timebox: Duration, now: Instant) -> TimerState {
        match self {
            Clock::NotStarted => TimerState::NotStarted,
            Clock::Done { .. } => TimerState::Done,
            _ if self.elapsed(now) > timebox => TimerState::Overtime,
            Clock::Running { .. } => TimerState::Running,
            Clock::Paused { .. } => TimerState::Paused,
        }
    }
}

/// Time left (positive) or overtime (negative), in whole seconds as the screen shows them.
///
/// Remaining time is rounded up, so "00:01" shows until the very end and "00:00" never
/// shows while time remains; overtime is rounded down.
pub fn displayed_seconds(timebox: Duration, elapsed: Duration) -> i64 {
    if elapsed <= timebox {
        let left = timebox - elapsed;
        left.as_secs() as i64 + i64::from(left.subsec_nanos() > 0)
    } else {
        -((elapsed - timebox).as_secs() as i64)
    }
}

/// How long until the displayed seconds of a running timer next change.
pub fn until_next_tick(timebox: Duration, elapsed: Duration) -> Duration {
    if elapsed < timebox {
        let left = timebox - elapsed;
        let frac = Duration::new(0, left.subsec_nanos());
        if frac.is_zero() { Duration::from_secs(1) } else { frac }
    } else {
        let over = elapsed - timebox;
        Duration::from_secs(1) - Duration::new(0, over.subsec_nanos())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(n: u64) -> Duration {
        Duration::from_secs(n)
    }

    #[test]
    fn displayed_seconds_round_toward_the_boundary() {
        assert_eq!(displayed_seconds(s(600), s(0)), 600);
        assert_eq!(displayed_seconds(s(600), Duration::from_millis(500)), 600);
        assert_eq!(displayed_seconds(s(600), s(1)), 599);
        assert_eq!(displayed_seconds(s(600), Duration::from_millis(599_999)), 1);
        assert_eq!(displayed_seconds(s(600), s(600)), 0);
        assert_eq!(displayed_seconds(s(600), Duration::from_millis(600_999)), 0);
        assert_eq!(displayed_seconds(s(600), s(601)), -1);
    }

    #[test]
    fn next_tick_lands_on_the_rollover() {
        assert_eq!(until_next_tick(s(600), s(0)), s(1));
        assert_eq!(until_next_tick(s(600), Duration::from_millis(250)), Duration::from_millis(750));
        assert_eq!(
            until_next_tick(s(600), Duration::from_millis(600_250)),
            Duration::from_millis(750)
        );
        // Every tick moves the display by exactly one second: none skipped, none doubled.
        let mut elapsed = Duration::from_millis(123);
        let mut shown = displayed_seconds(s(5), elapsed);
        for _ in 0..10 {
            elapsed += until_next_tick(s(5), elapsed);
            let now = displayed_seconds(s(5), elapsed);
            assert_eq!(now, shown - 1);
            shown = now;
        }
    }

    #[test]
    fn states_follow_the_clock() {
        let t0 = Instant::now();
        let running = Clock::Running { base: s(10), since: t0 };
        assert_eq!(running.elapsed(t0 + s(5)), s(15));
        assert_eq!(running.state(s(60), t0 + s(5)), TimerState::Running);
        assert_eq!(running.state(s(60), t0 + s(51)), TimerState::Overtime);
        assert_eq!(Clock::Paused { elapsed: s(70) }.state(s(60), t0), TimerState::Overtime);
        assert_eq!(Clock::Paused { elapsed: s(7) }.state(s(60), t0), TimerState::Paused);
        assert_eq!(Clock::Done { elapsed: s(70) }.state(s(60), t0), TimerState::Done);
        assert_eq!(Clock::NotStarted.elapsed(t0 + s(9)), Duration::ZERO);
    }
}
