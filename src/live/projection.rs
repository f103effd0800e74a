//! When the event will end if every session from now on keeps to its timebox.

use std::time::Duration;

use chrono::{NaiveDate, NaiveDateTime, TimeDelta, Timelike};

use super::{Clock, Live, Now};
use crate::agenda::{clock_on, delta, format_duration};

/// Whether the event runs to plan.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Standing {
    /// Within a minute of the plan.
    OnTime,
    Behind(Duration),
    Ahead(Duration),
}

/// The projected end of the event compared with its plan and its hard stop.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Projection {
    pub planned_end: NaiveDateTime,
    pub projected_end: NaiveDateTime,
    pub standing: Standing,
    /// The agenda's `end` on the day the event runs, and how far the projection passes it.
    pub hard_end: Option<NaiveDateTime>,
    pub past_hard_end: Option<Duration>,
    /// When each session not yet begun is projected to start, by session index (None for
    /// sessions done or under way), to the minute like every time the screen shows.
    pub starts: Vec<Option<NaiveDateTime>>,
    /// How late each session not yet begun is projected to start past its fixed `at`, by
    /// session index, in whole minutes (None when it has no `at`, is on time, or has begun).
    pub late_for_at: Vec<Option<Duration>>,
    /// The day the event runs; times on any other day are shown with their weekday.
    pub day: NaiveDate,
}

/// Whole minutes, rounded to the nearest: the screen speaks in minutes.
pub(super) fn minutes(d: Duration) -> u64 {
    (d.as_secs() + 30) / 60
}

/// An instant rounded to the nearest whole minute. Everything the header says is computed
/// from rounded instants, so "projected end 19:20" and "15 min past end 19:05" agree.
fn to_minute(t: NaiveDateTime) -> NaiveDateTime {
    let t = t + TimeDelta::seconds(30);
    t.with_second(0).and_then(|t| t.with_nanosecond(0)).unwrap_or(t)
}

impl Projection {
    pub fn new(live: &Live, now: Now) -> Projection {
        Projection::with_timeboxes(live, now, &[])
    }

    /// The projection if the sessions had these timeboxes (by session index; a session
    /// beyond the list keeps its own): what a catch-up proposal would make of the event.
    pub fn with_timeboxes(live: &Live, now: Now, timeboxes: &[Duration]) -> Projection {
        let timebox =
            |index: usize| timeboxes.get(index).copied().unwrap_or(live.sessions[index].timebox);
        let anchor = live.schedule_anchor(now);
        let agenda = &live.agenda;
        let day_shift = anchor - agenda.date.and_time(agenda.start);
        let fixed =
            |index: usize| agenda.sessions[index].at.map(|at| agenda.date.and_time(at) + day_shift);

        // The plan, moved to the day (and start) it runs.
        let planned_end = live.plan.end() + day_shift;

        // The projection: what remains of the current session, then the rest as timeboxed now.
        let now_wall = now.wall.naive_local();
        let mut projected_end = now_wall.max(anchor);
        let mut starts = vec![None; live.sessions.len()];
        let mut late_for_at = vec![None; live.sessions.len()];
        // Whole minutes of lateness past a fixed start, as the screen rounds both times.
        let late = |at: NaiveDateTime, reached: NaiveDateTime| {
            let (at, reached) = (to_minute(at), to_minute(reached));
            (reached > at).then(|| (reached - at).to_std().unwrap_or_default())
        };
        let current = &live.sessions[live.current];
        if live.ended_at.is_some() {
            projected_end = live.ended_at.map(|t| t.naive_local()).unwrap_or(now_wall);
        } else {
            if !matches!(current.clock, Clock::Done { .. }) {
                if let (Clock::NotStarted, Some(at)) = (current.clock, fixed(live.current)) {
                    late_for_at[live.current] = late(at, projected_end);
                    projected_end = projected_end.max(at);
                }
                if current.clock == Clock::NotStarted {
                    starts[live.current] = Some(to_minute(projected_end));
                }
                let elapsed = current.clock.elapsed(now.mono);
                projected_end += delta(timebox(live.current).saturating_sub(elapsed));
            }
            for (i, run) in live.sessions.iter().enumerate().skip(live.current + 1) {
                if matches!(run.clock, Clock::Done { .. }) {
                    continue;
                }
                if let Some(at) = fixed(i) {
                    if run.clock == Clock::NotStarted {
                        late_for_at[i] = late(at, projected_end);
                    }
                    projected_end = projected_end.max(at);
                }
                if run.clock == Clock::NotStarted {
                    starts[i] = Some(to_minute(projected_end));
                }
                projected_end += delta(timebox(i).saturating_sub(run.clock.elapsed(now.mono)));
            }
        }
        let projected_end = to_minute(projected_end);
        let planned_end = to_minute(planned_end);

        let standing = if projected_end > planned_end {
            let late = (projected_end - planned_end).to_std().unwrap_or_default();
            if minutes(late) == 0 { Standing::OnTime } else { Standing::Behind(late) }
        } else {
            let early = (planned_end - projected_end).to_std().unwrap_or_default();
            if minutes(early) == 0 { Standing::OnTime } else { Standing::Ahead(early) }
        };
        let hard_end = agenda.end.map(|end| end + day_shift);
        let past_hard_end = hard_end
            .filter(|&end| projected_end > end)
            .map(|end| (projected_end - end).to_std().unwrap_or_default());
        Projection {
            planned_end,
            projected_end,
            standing,
            hard_end,
            past_hard_end,
            starts,
            late_for_at,
            day: anchor.date(),
        }
    }

    /// "on time", "7 min behind — projected end 21:07", "3 min ahead".
    pub fn describe(&self) -> String {
        let end = clock_on(self.day, self.projected_end);
        let mut text = match self.standing {
            Standing::OnTime => format!("on time — projected end {end}"),
            Standing::Behind(late) => {
                format!("{} behind — projected end {end}", short_minutes(late))
            }
            Standing::Ahead(early) => {
                format!("{} ahead — projected end {end}", short_minutes(early))
            }
        };
        if let (Some(over), Some(hard)) = (self.past_hard_end, self.hard_end)
            && minutes(over) > 0
        {
            text.push_str(&format!(
                ", {} past end {}",
                short_minutes(over),
                clock_on(self.day, hard)
            ));
        }
        text
    }
}

/// "7 min", or "1h 05m" past an hour.
pub fn short_minutes(d: Duration) -> String {
    let m = minutes(d);
    if m < 60 { format!("{m} min") } else { format_duration(Duration::from_secs(m * 60)) }
}
