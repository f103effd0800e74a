//! The speaking queue of each session: who asked for the floor, in which lane, in what
//! order; who has it now; and how long everyone spoke. Folded from `speaker_added`,
//! `speaker_removed`, `speaker_moved`, `speaker_started`, `speaker_ended`, `queue_closed`,
//! `queue_reopened`, `first_time_first` and `speaker_time`, which only the facilitator's
//! device writes: the speakers' countdowns are the room's clock.
//!
//! A turn is measured on its session's timer (`offset_ms` into the session when it starts
//! and ends), so it runs on the monotonic clock, pauses with the session and resumes with
//! it, and a replay gives the same airtime as the live screen.

use std::collections::HashMap;
use std::fmt;
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset};

use super::{Clock, Live, Phase, displayed_seconds, until_next_tick};
use crate::agenda::{Agenda, format_duration};
use crate::event::{ItemId, Lane, Raiser};

/// The longest name a speaker is added under, in characters.
pub const MAX_SPEAKER_CHARS: usize = 200;

/// A speaker's countdown turns to its wrap-up colour this long before zero.
pub const SPEAKER_WARN: Duration = Duration::from_secs(30);

/// One person (or group) in a session's speaking queue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Speaker {
    /// The id of the line that added them.
    pub id: ItemId,
    pub session: usize,
    pub who: Raiser,
    pub lane: Lane,
    /// Their place among the waiting speakers of their lane (a move swaps two).
    order: u64,
    /// When they were added (wall clock).
    pub added_at: DateTime<FixedOffset>,
    pub turn: Turn,
}

/// Where a speaker's turn stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Turn {
    Waiting,
    /// Left the queue without speaking.
    Removed,
    /// Has the floor since `from_ms` into the session (at wall time `at`).
    Speaking {
        from_ms: u64,
        at: DateTime<FixedOffset>,
    },
    /// Spoke from `from_ms` to `to_ms` into the session, starting at wall time `at`.
    Spoke {
        from_ms: u64,
        to_ms: u64,
        at: DateTime<FixedOffset>,
    },
}

impl Speaker {
    /// Whether they have had the floor (or have it now).
    pub fn has_spoken(&self) -> bool {
        matches!(self.turn, Turn::Speaking { .. } | Turn::Spoke { .. })
    }

    /// When their turn started (wall clock), once it did.
    pub fn started_at(&self) -> Option<DateTime<FixedOffset>> {
        match self.turn {
            Turn::Speaking { at, .. } | Turn::Spoke { at, .. } => Some(at),
            Turn::Waiting | Turn::Removed => None,
        }
    }
}

/// Every session's speaking queue.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Queues {
    /// Every speaker ever added, in fold order.
    speakers: Vec<Speaker>,
    /// Speaker id → position in `speakers`.
    index: HashMap<ItemId, usize>,
    /// Per session: closed to everyone but points of order.
    closed: Vec<bool>,
    /// Per session: the time each speaker gets, when the journal changed it.
    speaker_time: Vec<Option<Duration>>,
    /// People who have not spoken in the session yet go first in the normal lane.
    pub first_time_first: bool,
}

/// How much someone spoke: their turns and the time they took.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Airtime {
    pub turns: usize,
    pub time: Duration,
}

impl Airtime {
    fn add(&mut self, time: Duration) {
        self.turns += 1;
        self.time += time;
    }
}

/// The current speaker's countdown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpeakerCountdown {
    pub speaker: ItemId,
    /// The time each speaker gets.
    pub time: Duration,
    /// Whole seconds left (negative: over), as the screen shows them.
    pub left: i64,
    /// OnTime, WrapUp (the last 30 seconds), Over, or Paused with the session.
    pub phase: Phase,
}

impl SpeakerCountdown {
    /// "1:12 left", "0:12 over".
    pub fn words(&self) -> String {
        let shown = speaker_clock(self.left.unsigned_abs());
        if self.left < 0 { format!("{shown} over") } else { format!("{shown} left") }
    }
}

/// "1:12", "12:05", "1:02:03": a speaker's time, short.
pub fn speaker_clock(seconds: u64) -> String {
    let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
    if h > 0 { format!("{h}:{m:02}:{s:02}") } else { format!("{m}:{s:02}") }
}

/// The queue does not fit in the time the session has left.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QueueFit {
    pub waiting: usize,
    /// The time each speaker gets.
    pub each: Duration,
    /// The time the session has left (zero when it is over its timebox).
    pub left: Duration,
}

impl fmt::Display for QueueFit {
    /// "5 waiting × 2m > 6m left".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let left = if self.left.is_zero() {
            "no time left".to_string()
        } else {
            format!("{} left", format_duration(self.left))
        };
        write!(f, "{} waiting × {} > {left}", self.waiting, format_duration(self.each))
    }
}

impl Queues {
    pub(super) fn new(sessions: usize) -> Queues {
        Queues {
            closed: vec![false; sessions],
            speaker_time: vec![None; sessions],
            ..Queues::default()
        }
    }

    /// Every speaker ever added, in the order they were added.
    pub fn speakers(&self) -> &[Speaker] {
        &self.speakers
    }

    pub fn speaker(&self, id: ItemId) -> Option<&Speaker> {
        self.index.get(&id).and_then(|&i| self.speakers.get(i))
    }

    fn speaker_mut(&mut self, id: ItemId) -> Option<&mut Speaker> {
        self.index.get(&id).and_then(|&i| self.speakers.get_mut(i))
    }

    /// Whether a session's queue is closed to all but points of order.
    pub fn is_closed(&self, session: usize) -> bool {
        self.closed.get(session).copied().unwrap_or(false)
    }

    /// The speaker who has the floor in a session.
    pub fn speaking(&self, session: usize) -> Option<&Speaker> {
        self.speakers
            .iter()
            .find(|s| s.session == session && matches!(s.turn, Turn::Speaking { .. }))
    }

    /// Whether `who` has had the floor in a session.
    pub fn has_spoken(&self, session: usize, who: &Raiser) -> bool {
        self.speakers.iter().any(|s| s.session == session && s.who == *who && s.has_spoken())
    }

    /// The waiting speakers of a session in the order they get the floor: points of order,
    /// then direct replies, then the normal lane (first-time speakers first when that is
    /// on), each in turn.
    pub fn waiting(&self, session: usize) -> Vec<&Speaker> {
        let mut waiting: Vec<&Speaker> = self
            .speakers
            .iter()
            .filter(|s| s.session == session && s.turn == Turn::Waiting)
            .collect();
        waiting.sort_by_key(|s| (s.lane, self.spoke_before(s), s.order));
        waiting
    }

    /// Whether a waiting speaker goes behind the first-time speakers of their lane.
    pub fn spoke_before(&self, speaker: &Speaker) -> bool {
        self.first_time_first
            && speaker.lane == Lane::Normal
            && self.has_spoken(speaker.session, &speaker.who)
    }

    /// Whether a session's queue was ever used.
    pub fn is_used(&self, session: usize) -> bool {
        self.speakers.iter().any(|s| s.session == session)
    }

    /// The time each speaker of a session gets, when the journal changed it.
    pub fn speaker_time_set(&self, session: usize) -> Option<Duration> {
        self.speaker_time.get(session).copied().flatten()
    }

    // The fold. [`Live::check`] has refused what these cannot apply.

    pub(super) fn add(
        &mut self,
        id: ItemId,
        session: usize,
        who: &Raiser,
        lane: Lane,
        at: DateTime<FixedOffset>,
    ) {
        if self.index.contains_key(&id) {
            return;
        }
        self.index.insert(id, self.speakers.len());
        let order = self.speakers.len() as u64;
        self.speakers.push(Speaker {
            id,
            session,
            who: who.clone(),
            lane,
            order,
            added_at: at,
            turn: Turn::Waiting,
        });
    }

    pub(super) fn remove(&mut self, id: ItemId) {
        if let Some(speaker) = self.speaker_mut(id).filter(|s| s.turn == Turn::Waiting) {
            speaker.turn = Turn::Removed;
        }
    }

    pub(super) fn swap(&mut self, a: ItemId, b: ItemId) {
        let (Some(&i), Some(&j)) = (self.index.get(&a), self.index.get(&b)) else { return };
        let (first, second) = (self.speakers[i].order, self.speakers[j].order);
        self.speakers[i].order = second;
        self.speakers[j].order = first;
    }

    /// The speaker gets the floor; whoever had it in their session ends there.
    pub(super) fn start(&mut self, id: ItemId, offset_ms: u64, at: DateTime<FixedOffset>) {
        let Some(session) = self.speaker(id).map(|s| s.session) else { return };
        self.end_session_turn(session, offset_ms);
        if let Some(speaker) = self.speaker_mut(id).filter(|s| s.turn == Turn::Waiting) {
            speaker.turn = Turn::Speaking { from_ms: offset_ms, at };
        }
    }

    pub(super) fn end(&mut self, id: ItemId, offset_ms: u64) {
        if let Some(speaker) = self.speaker_mut(id)
            && let Turn::Speaking { from_ms, at } = speaker.turn
        {
            speaker.turn = Turn::Spoke { from_ms, to_ms: offset_ms.max(from_ms), at };
        }
    }

    /// The turn running in a session ends `offset_ms` into it (the session ended).
    pub(super) fn end_session_turn(&mut self, session: usize, offset_ms: u64) {
        let speaking = self.speaking(session).map(|s| s.id);
        if let Some(id) = speaking {
            self.end(id, offset_ms);
        }
    }

    pub(super) fn close(&mut self, session: usize, closed: bool) {
        if let Some(slot) = self.closed.get_mut(session) {
            *slot = closed;
        }
    }

    pub(super) fn set_speaker_time(&mut self, session: usize, time: Duration) {
        if let Some(slot) = self.speaker_time.get_mut(session) {
            *slot = Some(time);
        }
    }

    /// Why a speaker change cannot be applied, if it cannot.
    pub(super) fn check_waiting(&self, id: ItemId) -> Result<&Speaker, String> {
        let speaker = self.speaker(id).ok_or_else(|| format!("speaker {id} was never added"))?;
        match speaker.turn {
            Turn::Waiting => Ok(speaker),
            Turn::Removed => Err(format!("speaker {id} left the queue already")),
            Turn::Speaking { .. } | Turn::Spoke { .. } => {
                Err(format!("speaker {id} has had the floor already"))
            }
        }
    }
}

/// The stakeholder group a speaker stands for: a participant's group, or the group itself;
/// None for anyone else (an organisation, a name the agenda does not list).
pub fn group_of<'a>(who: &'a Raiser, agenda: &'a Agenda) -> Option<&'a str> {
    match who {
        Raiser::Participant(name) => agenda
            .participants
            .iter()
            .find(|p| p.name == *name)
            .and_then(|p| p.group.as_deref())
            .filter(|g| agenda.group(g).is_some()),
        Raiser::Group(id) => agenda.group(id).map(|g| g.id.as_str()),
        Raiser::Organisation(_) | Raiser::Unknown(_) | Raiser::Online(_) => None,
    }
}

/// Why a speaker's name cannot be stored, if it cannot.
pub fn check_speaker_name(who: &Raiser) -> Result<(), String> {
    let (Raiser::Participant(name)
    | Raiser::Group(name)
    | Raiser::Organisation(name)
    | Raiser::Unknown(name)) = who
    else {
        return Err("a speaker asks for the floor in the room, not from a phone".into());
    };
    if name.is_empty() {
        Err("it adds a speaker without a name".into())
    } else if name.chars().count() > MAX_SPEAKER_CHARS {
        Err(format!("its speaker's name is longer than {MAX_SPEAKER_CHARS} characters"))
    } else if !crate::sanitize::is_clean_line(name) {
        Err(format!(
            "its speaker's name {name:?} holds control characters, line breaks or spaces at its ends"
        ))
    } else {
        Ok(())
    }
}

impl Live {
    /// The time each speaker of a session gets: as changed live, or the agenda's.
    pub fn speaker_time(&self, session: usize) -> Duration {
        self.queues.speaker_time_set(session).unwrap_or_else(|| {
            self.agenda
                .sessions
                .get(session)
                .map_or(crate::agenda::DEFAULT_SPEAKER, |s| self.agenda.speaker_time(s))
        })
    }

    /// How long a speaker spoke, or has spoken so far: measured on their session's timer.
    pub fn airtime(&self, speaker: &Speaker, now: Instant) -> Duration {
        let ms = match speaker.turn {
            Turn::Waiting | Turn::Removed => return Duration::ZERO,
            Turn::Spoke { from_ms, to_ms, .. } => to_ms.saturating_sub(from_ms),
            Turn::Speaking { from_ms, .. } => {
                let clock = self.sessions.get(speaker.session).map(|run| run.clock);
                clock.map_or(0, |c| c.elapsed_ms(now)).saturating_sub(from_ms)
            }
        };
        Duration::from_millis(ms)
    }

    /// The countdown of whoever has the floor in the current session.
    pub fn speaker_countdown(&self, now: Instant) -> Option<SpeakerCountdown> {
        let session = self.current;
        let speaker = self.queues.speaking(session)?;
        let time = self.speaker_time(session);
        let spoken = self.airtime(speaker, now);
        let left = displayed_seconds(time, spoken);
        let running = self.sessions.get(session).is_some_and(|run| run.clock.is_running());
        let phase = match left {
            _ if left <= 0 => Phase::Over,
            _ if !running => Phase::Paused,
            _ if (left as u64) <= SPEAKER_WARN.as_secs() => Phase::WrapUp,
            _ => Phase::OnTime,
        };
        Some(SpeakerCountdown { speaker: speaker.id, time, left, phase })
    }

    /// How long until the current speaker's countdown shows its next second, while it runs.
    pub fn until_speaker_tick(&self, now: Instant) -> Option<Duration> {
        let session = self.current;
        let run = self.sessions.get(session)?;
        if !run.clock.is_running() {
            return None;
        }
        let speaker = self.queues.speaking(session)?;
        Some(until_next_tick(self.speaker_time(session), self.airtime(speaker, now)))
    }

    /// Some when the speakers waiting in a session cannot all have their time in what the
    /// session has left of its timebox: "5 waiting × 2m > 6m left".
    pub fn queue_fit(&self, session: usize, now: Instant) -> Option<QueueFit> {
        let waiting = self.queues.waiting(session).len();
        let run = self.sessions.get(session)?;
        if waiting == 0 || matches!(run.clock, Clock::Done { .. }) {
            return None;
        }
        let each = self.speaker_time(session);
        let left = run.timebox.saturating_sub(run.clock.elapsed(now));
        // Whole seconds, as the screen shows the session's time.
        let left = Duration::from_secs(displayed_seconds(left, Duration::ZERO).max(0) as u64);
        let needed = each.saturating_mul(u32::try_from(waiting).unwrap_or(u32::MAX));
        (needed > left).then_some(QueueFit { waiting, each, left })
    }

    /// The airtime of each person (or group, organisation, name) who spoke, in a session or
    /// (None) in the whole event, in the order they first spoke.
    pub fn airtime_per_speaker(
        &self,
        session: Option<usize>,
        now: Instant,
    ) -> Vec<(&Raiser, Airtime)> {
        let mut out: Vec<(&Raiser, Airtime)> = Vec::new();
        let mut spoke: Vec<&Speaker> = self
            .queues
            .speakers
            .iter()
            .filter(|s| s.has_spoken() && session.is_none_or(|n| s.session == n))
            .collect();
        spoke.sort_by_key(|s| s.started_at());
        for speaker in spoke {
            let time = self.airtime(speaker, now);
            match out.iter_mut().find(|(who, _)| **who == speaker.who) {
                Some((_, airtime)) => airtime.add(time),
                None => {
                    let mut airtime = Airtime::default();
                    airtime.add(time);
                    out.push((&speaker.who, airtime));
                }
            }
        }
        out
    }

    /// The airtime of each stakeholder group of the agenda, in its order, then of the
    /// speakers in no group (None) when there were any; in a session or in the whole event.
    pub fn airtime_per_group(
        &self,
        session: Option<usize>,
        now: Instant,
    ) -> Vec<(Option<&str>, Airtime)> {
        let mut out: Vec<(Option<&str>, Airtime)> =
            self.agenda.groups.iter().map(|g| (Some(g.id.as_str()), Airtime::default())).collect();
        let mut none = Airtime::default();
        for (who, airtime) in self.airtime_per_speaker(session, now) {
            let slot = match group_of(who, &self.agenda) {
                Some(id) => out.iter_mut().find(|(g, _)| *g == Some(id)).map(|(_, a)| a),
                None => None,
            };
            let slot = slot.unwrap_or(&mut none);
            slot.turns += airtime.turns;
            slot.time += airtime.time;
        }
        if none.turns > 0 {
            out.push((None, none));
        }
        out
    }
}

#[cfg(test)]
mod tests;
