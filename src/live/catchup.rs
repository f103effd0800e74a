//! Catching up: when the projection passes the event's `end` or a fixed `at`, a proposal that
//! trims the sessions still to come, in proportion to their length, and what accepting it
//! journals. Knows no terminal.
//!
//! The rules, in the facilitator's words:
//! - What is trimmed is what is still to come: every session not yet begun, and the time the
//!   session under way has left (it is never trimmed below what it has run plus a minute, so
//!   accepting never ends it).
//! - Each session keeps at least its `min` (5 minutes when the agenda gives none); a break
//!   (`format = "break"`) keeps its whole length unless breaks are trimmed too.
//! - A fixed `at` never moves: the sessions before it are trimmed only to make up the
//!   lateness before it; the sessions after the last one make up what is late for `end`.
//! - Trims are whole minutes, shared in proportion to the time each session has to come.

use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDateTime};

use super::projection::minutes;
pub use super::projection::short_minutes;
use super::{Clock, Live, Now, Projection};
use crate::agenda::{MAX_DURATION, clock_on};
use crate::event::Change;

const MINUTE: Duration = Duration::from_secs(60);

/// A catch-up the facilitator accepted (`catch_up_accepted`), for the internal minutes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CatchUp {
    /// When it was accepted.
    pub at: DateTime<FixedOffset>,
    /// How many sessions it changed.
    pub sessions: usize,
    /// How much shorter they became in all (negative: longer).
    pub trimmed_s: i64,
    /// The projected end once accepted (local time, as the screen showed it).
    pub projected_end: NaiveDateTime,
}

/// How far the projection passes `end` and the fixed starts still ahead, in whole minutes as
/// the screen shows them.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Lateness {
    pub past_end: Option<Duration>,
    /// Each session not yet begun that is projected to start past its fixed `at`.
    pub late_for_at: Vec<(usize, Duration)>,
}

impl Lateness {
    pub fn of(projection: &Projection) -> Lateness {
        let whole = |d: Duration| Duration::from_secs(minutes(d) * 60);
        Lateness {
            past_end: projection.past_hard_end.map(whole).filter(|d| !d.is_zero()),
            late_for_at: projection
                .late_for_at
                .iter()
                .enumerate()
                .filter_map(|(i, late)| late.map(|late| (i, whole(late))))
                .filter(|(_, late)| !late.is_zero())
                .collect(),
        }
    }

    /// How late in all: past `end`, and past each fixed start.
    pub fn total(&self) -> Duration {
        self.past_end.unwrap_or_default()
            + self.late_for_at.iter().map(|(_, late)| *late).sum::<Duration>()
    }

    /// The plan no longer fits: `end` or a fixed start is passed.
    pub fn is_late(&self) -> bool {
        self.past_end.is_some() || !self.late_for_at.is_empty()
    }
}

/// Whether the event now needs a catch-up (the footer then offers it).
pub fn needed(live: &Live, projection: &Projection) -> bool {
    live.ended_at.is_none() && Lateness::of(projection).is_late()
}

/// One session still to come in a proposal.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The session's index in the agenda.
    pub session: usize,
    /// Its timebox as it stands.
    pub timebox: Duration,
    /// The timebox proposed, or as the facilitator edited it.
    pub proposed: Duration,
    /// The shortest the proposal trims it to: its `min`, a break's own length unless breaks
    /// are trimmed too, and for the session under way what it has run plus a minute.
    pub floor: Duration,
    /// The shortest an edit makes it: a minute, or what the session under way has run plus
    /// a minute.
    pub least: Duration,
    /// The time it still has to come: its timebox, less what it has run when under way.
    pub to_come: Duration,
    /// It is under way (running or paused).
    pub under_way: bool,
    /// The facilitator changed its proposed length.
    pub edited: bool,
}

/// A plan to catch up: the sessions still to come with their proposed timeboxes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Proposal {
    pub rows: Vec<Row>,
    /// Breaks are trimmed too (down to their `min`).
    pub breaks_too: bool,
}

/// Whole seconds, rounded up: a timebox never ends before what it has to hold.
fn ceil_secs(d: Duration) -> Duration {
    Duration::from_secs(d.as_secs() + u64::from(d.subsec_nanos() > 0))
}

impl Proposal {
    /// The proposal for the event as it stands at `now`.
    pub fn new(live: &Live, now: Now, breaks_too: bool) -> Proposal {
        let mut rows: Vec<Row> = Vec::new();
        for (session, run) in live.sessions.iter().enumerate().skip(live.current) {
            let under_way = matches!(run.clock, Clock::Running { .. } | Clock::Paused { .. });
            if !(under_way || run.clock == Clock::NotStarted) {
                continue;
            }
            let agenda = &live.agenda.sessions[session];
            let elapsed = run.clock.elapsed(now.mono);
            let least = if under_way { ceil_secs(elapsed) + MINUTE } else { MINUTE };
            let floor = if agenda.is_break() && !breaks_too {
                run.timebox
            } else {
                agenda.min_length().max(least)
            };
            rows.push(Row {
                session,
                timebox: run.timebox,
                proposed: run.timebox,
                floor,
                least,
                to_come: run.timebox.saturating_sub(elapsed),
                under_way,
                edited: false,
            });
        }
        let mut proposal = Proposal { rows, breaks_too };
        // Each fixed start still ahead closes a stretch: the sessions before it make up the
        // lateness before it, and no more (the plan waits for it anyway). The last stretch
        // makes up what is late for `end`.
        let fixed: Vec<usize> = (0..proposal.rows.len())
            .filter(|&i| {
                let row = &proposal.rows[i];
                live.agenda.sessions[row.session].at.is_some() && !row.under_way
            })
            .collect();
        let mut from = 0;
        for i in fixed {
            if i > from {
                let deadline = proposal.rows[i].session;
                proposal.make_up(live, now, from..i, Some(deadline));
            }
            from = i;
        }
        let last = from..proposal.rows.len();
        proposal.make_up(live, now, last, None);
        proposal
    }

    /// Trims the rows of `stretch` to make up how late `deadline` (a session's fixed start,
    /// or `end` when None) is projected to be, in whole minutes, in proportion to what each
    /// has to come and never below its floor.
    fn make_up(
        &mut self,
        live: &Live,
        now: Now,
        stretch: std::ops::Range<usize>,
        deadline: Option<usize>,
    ) {
        // Rounding to the minute may leave a minute after the first share: a second looks.
        for _ in 0..3 {
            let projection = self.projection(live, now);
            let late = match deadline {
                Some(session) => projection.late_for_at.get(session).copied().flatten(),
                None => projection.past_hard_end,
            };
            let need = late.map_or(0, minutes);
            if need == 0 {
                return;
            }
            let rows = &mut self.rows[stretch.clone()];
            let weights: Vec<u64> = rows.iter().map(|r| r.to_come.as_secs()).collect();
            let room: Vec<u64> =
                rows.iter().map(|r| r.proposed.saturating_sub(r.floor).as_secs() / 60).collect();
            let shares = share(need, &weights, &room);
            if shares.iter().all(|&s| s == 0) {
                return;
            }
            for (row, minutes) in rows.iter_mut().zip(shares) {
                row.proposed -= MINUTE * minutes as u32;
            }
        }
    }

    /// Every session's timebox as the proposal would make it.
    pub fn timeboxes(&self, live: &Live) -> Vec<Duration> {
        let mut timeboxes: Vec<Duration> = live.sessions.iter().map(|s| s.timebox).collect();
        for row in &self.rows {
            if let Some(timebox) = timeboxes.get_mut(row.session) {
                *timebox = row.proposed;
            }
        }
        timeboxes
    }

    /// The projection once the proposal is accepted.
    pub fn projection(&self, live: &Live, now: Now) -> Projection {
        Projection::with_timeboxes(live, now, &self.timeboxes(live))
    }

    /// How much shorter the proposal makes the sessions in all (negative: longer).
    pub fn trimmed(&self) -> i64 {
        self.rows.iter().map(|r| r.timebox.as_secs() as i64 - r.proposed.as_secs() as i64).sum()
    }

    /// How many sessions it changes.
    pub fn changed(&self) -> usize {
        self.rows.iter().filter(|r| r.proposed != r.timebox).count()
    }

    /// One minute more (`up`) or less on a row's proposed timebox: never under the row's
    /// least, never over 24 hours. False when it cannot.
    pub fn edit(&mut self, row: usize, up: bool) -> bool {
        let Some(row) = self.rows.get_mut(row) else { return false };
        let proposed = if up {
            (row.proposed + MINUTE).min(MAX_DURATION)
        } else if row.proposed >= row.least + MINUTE {
            row.proposed - MINUTE
        } else {
            row.proposed
        };
        if proposed == row.proposed {
            return false;
        }
        row.proposed = proposed;
        row.edited = true;
        true
    }

    /// What accepting journals, read against the event as it stands at `now`: a
    /// `session_extended` for each session whose timebox changes (one under way keeps at
    /// least what it has run plus a minute; one done meanwhile is left alone), then the
    /// `catch_up_accepted` marker. Nothing when nothing changes.
    pub fn accept(&self, live: &Live, now: Now) -> Vec<Change> {
        let mut timeboxes: Vec<Duration> = live.sessions.iter().map(|s| s.timebox).collect();
        let mut changes = Vec::new();
        let mut trimmed_s = 0i64;
        for row in &self.rows {
            let Some(run) = live.sessions.get(row.session) else { continue };
            let target = match run.clock {
                Clock::Done { .. } => continue,
                Clock::NotStarted => row.proposed,
                // A trim of the session under way never reaches what it has run meanwhile,
                // and never makes it longer (one already over its timebox stays as it is).
                _ if row.proposed >= run.timebox => row.proposed,
                clock => {
                    row.proposed.max(ceil_secs(clock.elapsed(now.mono)) + MINUTE).min(run.timebox)
                }
            };
            let timebox_s = target.as_secs().clamp(1, MAX_DURATION.as_secs());
            if timebox_s == run.timebox.as_secs() {
                continue;
            }
            trimmed_s += run.timebox.as_secs() as i64 - timebox_s as i64;
            timeboxes[row.session] = Duration::from_secs(timebox_s);
            changes.push(Change::SessionExtended { session: row.session, timebox_s });
        }
        if changes.is_empty() {
            return changes;
        }
        let projected_end = Projection::with_timeboxes(live, now, &timeboxes).projected_end;
        changes.push(Change::CatchUpAccepted { sessions: changes.len(), trimmed_s, projected_end });
        changes
    }

    /// How far the proposal gets: "back to `end` 21:00", "new projected end 20:58, within
    /// `end` 21:00", "back to 21:04, 4 min past `end` 21:00", and each fixed start it still
    /// misses.
    pub fn outcome(&self, live: &Live, now: Now) -> Vec<String> {
        let projection = self.projection(live, now);
        let lateness = Lateness::of(&projection);
        let day = projection.day;
        let end = clock_on(day, projection.projected_end);
        let mut lines = Vec::new();
        match (projection.hard_end, lateness.past_end) {
            (Some(hard), Some(over)) => lines.push(format!(
                "back to {end}, {} past `end` {}",
                short_minutes(over),
                clock_on(day, hard)
            )),
            (Some(hard), None) if end == clock_on(day, hard) => {
                lines.push(format!("back to `end` {end}"));
            }
            (Some(hard), None) => {
                lines.push(format!("new projected end {end}, within `end` {}", clock_on(day, hard)))
            }
            (None, _) => lines.push(format!("new projected end {end}")),
        }
        for (session, late) in lateness.late_for_at {
            let agenda = &live.agenda.sessions[session];
            let at =
                fixed_start(live, now, session).map(|at| clock_on(day, at)).unwrap_or_default();
            lines.push(format!(
                "session {} \"{}\" starts {} after its fixed {at}",
                session + 1,
                agenda.title,
                short_minutes(late)
            ));
        }
        lines
    }

    /// Whether it makes up every minute: `end` and every fixed start are kept.
    pub fn catches_up(&self, live: &Live, now: Now) -> bool {
        !Lateness::of(&self.projection(live, now)).is_late()
    }

    /// Whether trimming breaks too would get further than the proposal without them: less
    /// late for `end` and the fixed starts in all.
    pub fn breaks_would_help(&self, live: &Live, now: Now) -> bool {
        if self.breaks_too {
            return false;
        }
        let late = |proposal: &Proposal| Lateness::of(&proposal.projection(live, now)).total();
        late(&Proposal::new(live, now, true)) < late(self)
    }
}

/// When a session's fixed `at` falls on the day (and from the start) the event runs, as the
/// projection places it: on a rehearsal day the plan moves with the first start.
pub fn fixed_start(live: &Live, now: Now, session: usize) -> Option<NaiveDateTime> {
    let agenda = &live.agenda;
    let at = agenda.sessions.get(session)?.at?;
    let day_shift = live.schedule_anchor(now) - agenda.date.and_time(agenda.start);
    agenda.date.and_time(at).checked_add_signed(day_shift)
}

/// What `C` says when there is nothing to catch up (or nothing to catch up with).
pub fn nothing_to_catch_up(live: &Live, projection: &Projection) -> String {
    if let Some(ended) = live.ended_at {
        return format!("The event ended at {}: nothing to catch up", ended.format("%H:%M"));
    }
    let fixed_ahead = projection
        .starts
        .iter()
        .zip(&live.agenda.sessions)
        .any(|(start, s)| start.is_some() && s.at.is_some());
    let status = projection.describe();
    match projection.hard_end {
        None if !fixed_ahead => format!(
            "Nothing to catch up with: the agenda sets no `end` and no fixed `at` is ahead · {status}"
        ),
        Some(hard) => format!(
            "Nothing to catch up: the plan fits `end` {} and every fixed start · {status}",
            clock_on(projection.day, hard)
        ),
        None => format!("Nothing to catch up: the plan fits every fixed start · {status}"),
    }
}

/// "5 sessions trimmed by 15 min", "1 session lengthened by 2 min", "3 sessions changed".
pub fn summary(sessions: usize, trimmed_s: i64) -> String {
    let sessions =
        if sessions == 1 { "1 session".to_string() } else { format!("{sessions} sessions") };
    let by = |s: i64| short_minutes(Duration::from_secs(s.unsigned_abs()));
    match trimmed_s {
        0 => format!("{sessions} changed"),
        t if t > 0 => format!("{sessions} trimmed by {}", by(t)),
        t => format!("{sessions} lengthened by {}", by(t)),
    }
}

/// Splits `need` whole minutes over sessions in proportion to their weights, none more than
/// its room (in minutes): a session whose share would pass its room takes its room, and the
/// rest is shared again among the others. Whole minutes go by the largest remainder (ties: the
/// heavier, then the earlier session). Less than `need` in all when the rooms do not hold it.
pub fn share(need: u64, weights: &[u64], room: &[u64]) -> Vec<u64> {
    let total_room: u64 = room.iter().sum();
    if need >= total_room {
        return room.to_vec();
    }
    let mut shares = vec![0u64; weights.len()];
    let mut open: Vec<usize> = (0..weights.len()).filter(|&i| room[i] > 0).collect();
    let mut left = need;
    while left > 0 && !open.is_empty() {
        // A session with room but no time to come (never in a proposal) still takes a share.
        let weight = |i: usize| u128::from(weights[i].max(1));
        let total: u128 = open.iter().map(|&i| weight(i)).sum();
        let full: Vec<usize> = open
            .iter()
            .copied()
            .filter(|&i| u128::from(left) * weight(i) >= u128::from(room[i]) * total)
            .collect();
        if full.is_empty() {
            let mut rest = left;
            let mut remainders = Vec::with_capacity(open.len());
            for &i in &open {
                let exact = u128::from(left) * weight(i);
                let whole = u64::try_from(exact / total).unwrap_or(0);
                shares[i] = whole;
                rest = rest.saturating_sub(whole);
                remainders.push((exact % total, weight(i), i));
            }
            remainders.sort_by(|a, b| b.0.cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
            for (_, _, i) in remainders.into_iter().take(usize::try_from(rest).unwrap_or(0)) {
                shares[i] += 1;
            }
            break;
        }
        for i in full {
            shares[i] = room[i];
            left = left.saturating_sub(room[i]);
            open.retain(|&j| j != i);
        }
    }
    shares
}

/// Why a `catch_up_accepted` line cannot be folded, if it cannot.
pub(super) fn check(
    live: &Live,
    sessions: usize,
    trimmed_s: i64,
    end: NaiveDateTime,
) -> Result<(), String> {
    use chrono::Datelike;
    if sessions > live.sessions.len() {
        return Err(format!(
            "it says a catch-up changed {sessions} sessions, but the agenda has {}",
            live.sessions.len()
        ));
    }
    if trimmed_s.unsigned_abs() > MAX_DURATION.as_secs().saturating_mul(sessions as u64) {
        return Err(format!(
            "it says {sessions} sessions were trimmed by {trimmed_s} s, more than 24 h each"
        ));
    }
    if !(1900..=9999).contains(&end.year()) {
        return Err(format!("its projected end {end} is not in the years 1900 to 9999"));
    }
    Ok(())
}

#[cfg(test)]
#[path = "catchup_tests.rs"]
mod tests;
