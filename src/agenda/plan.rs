//! The timetable an agenda plans: when each session starts and ends if all run to time.
//! Part of the agenda (its checks warn about the plan); `crate::plan` renders it.

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta};

use super::{Agenda, format_duration};

/// One session's place in the plan.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Slot {
    pub start: NaiveDateTime,
    pub end: NaiveDateTime,
    /// Time the plan waits before this session for its fixed `at`.
    pub wait: Duration,
    /// How late the session starts past its fixed `at`, when earlier sessions run into it.
    pub late_for_at: Option<Duration>,
}

/// The planned timetable of a whole agenda.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plan {
    pub start: NaiveDateTime,
    pub slots: Vec<Slot>,
    /// The hard stop, when the agenda has one.
    pub hard_end: Option<NaiveDateTime>,
}

/// A session this long or longer is taken to be the night of an event that spans days.
pub const NIGHT: Duration = Duration::from_secs(8 * 3600);

/// A time as people read it on `day`: "18:00" on that day, "Mon 07:00" on any other.
pub fn clock_on(day: NaiveDate, at: NaiveDateTime) -> String {
    if at.date() == day {
        at.format("%H:%M").to_string()
    } else {
        at.format("%a %H:%M").to_string()
    }
}

/// A duration as a calendar step; a duration too long for the calendar counts as forever.
pub fn delta(duration: Duration) -> TimeDelta {
    TimeDelta::from_std(duration).unwrap_or(TimeDelta::MAX)
}

impl Plan {
    pub fn new(agenda: &Agenda) -> Plan {
        let start = agenda.date.and_time(agenda.start);
        let mut cursor = start;
        let slots = agenda
            .sessions
            .iter()
            .map(|session| {
                let mut wait = Duration::ZERO;
                let mut late_for_at = None;
                if let Some(at) = session.at {
                    let fixed = agenda.date.and_time(at);
                    if fixed > cursor {
                        wait = (fixed - cursor).to_std().unwrap_or_default();
                        cursor = fixed;
                    } else if fixed < cursor {
                        late_for_at = (cursor - fixed).to_std().ok();
                    }
                }
                let slot_start = cursor;
                cursor =
                    slot_start.checked_add_signed(delta(session.duration)).unwrap_or(slot_start);
                Slot { start: slot_start, end: cursor, wait, late_for_at }
            })
            .collect();
        Plan { start, slots, hard_end: agenda.end }
    }

    /// When the last session is planned to end.
    pub fn end(&self) -> NaiveDateTime {
        self.slots.last().map(|s| s.end).unwrap_or(self.start)
    }

    /// Whether the plan runs past midnight into another day.
    pub fn spans_days(&self) -> bool {
        self.end().date() != self.start.date()
    }

    /// A planned time as the timetable shows it: "18:00", or "Mon 07:00" on every row of a
    /// plan that spans days, so that no row can be read on the wrong day.
    pub fn stamp(&self, at: NaiveDateTime) -> String {
        if self.spans_days() {
            at.format("%a %H:%M").to_string()
        } else {
            clock_on(self.start.date(), at)
        }
    }

    /// The first session that runs past midnight while no session is long enough to be the
    /// night: a plan over days without a night is almost always a duration typed wrong.
    pub fn midnight_without_night(&self, agenda: &Agenda) -> Option<usize> {
        if !self.spans_days() || agenda.sessions.iter().any(|s| s.duration > NIGHT) {
            return None;
        }
        let day = self.start.date();
        self.slots.iter().position(|slot| slot.end.date() != day)
    }

    /// From the first start to the last end, waits included.
    pub fn total(&self) -> Duration {
        (self.end() - self.start).to_std().unwrap_or_default()
    }

    /// How far the plan runs past `end`.
    pub fn overrun(&self) -> Option<Duration> {
        let hard_end = self.hard_end?;
        (self.end() > hard_end).then(|| (self.end() - hard_end).to_std().unwrap_or_default())
    }

    /// How much time is left before `end` when the plan finishes early or on time.
    pub fn slack(&self) -> Option<Duration> {
        let hard_end = self.hard_end?;
        (self.end() <= hard_end).then(|| (hard_end - self.end()).to_std().unwrap_or_default())
    }

    /// One sentence on the total and the slack or overrun.
    pub fn summary(&self) -> String {
        let span = format!(
            "Total {} ({}–{})",
            format_duration(self.total()),
            self.stamp(self.start),
            self.stamp(self.end())
        );
        match (self.hard_end, self.slack(), self.overrun()) {
            (Some(end), Some(slack), _) if slack.is_zero() => {
                format!("{span}, ends exactly at `end` {}", self.stamp(end))
            }
            (Some(end), Some(slack), _) => {
                format!("{span}, {} slack before `end` {}", format_duration(slack), self.stamp(end))
            }
            (Some(end), _, Some(over)) => {
                format!("{span}, OVERRUNS `end` {} by {}", self.stamp(end), format_duration(over))
            }
            _ => format!("{span}, no `end` set"),
        }
    }
}
