//! The live event: a fold over journal entries. Knows no terminal.

mod attendance;
mod carried;
pub mod catchup;
mod clock;
mod fold;
mod inbox;
mod items;
mod parking;
mod phase;
mod projection;
mod queue;
mod room;
mod tally;

use std::collections::HashMap;
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, FixedOffset, NaiveDateTime};

pub use attendance::{Attendance, MAX_ORGANISATION_CHARS, MAX_PRESENT, Marked};
pub use carried::{Carried, CarriedItem, MAX_NOTE_CHARS, check_note};
pub use catchup::{CatchUp, Proposal};
pub use clock::{Clock, TimerState, displayed_seconds, until_next_tick};
pub use fold::{Fold, Folded};
pub use inbox::{
    Inbox, InboxCounts, MAX_REASON_CHARS, MAX_SUBMISSION_CHARS, MAX_SUBMITTER_NAME_CHARS, Outcome,
    Submission, check_reason, check_submission,
};
pub use items::{DeviceId, Fields, Item, ItemId, ItemKind, Raiser};
pub use parking::{Parked, ParkingLot};
pub use phase::{Countdown, Phase, clock_digits};
pub use projection::{Projection, Standing};
pub use queue::{
    Airtime, MAX_SPEAKER_CHARS, QueueFit, Queues, SPEAKER_WARN, Speaker, SpeakerCountdown, Turn,
    check_speaker_name, group_of, speaker_clock,
};
pub use room::{BLINK, MAX_MESSAGE_CHARS, Room, RoomChange, RoomEvent, check_message};
pub use tally::{
    Check, Counting, Dots, MAX_OPTION_CHARS, MAX_OPTIONS, MAX_TALLY_CHARS, OptionCount, Recorded,
    SHOW_OF_HANDS_OPTIONS, Tallies, Tally, TallyMethod, TallyRule, checks, dots_handed_out,
};

use crate::agenda::{Agenda, Plan};
use crate::event::{Change, Entry};

/// The two clocks an instant is read from: monotonic for elapsed time, wall for people.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Now {
    pub mono: Instant,
    pub wall: DateTime<FixedOffset>,
}

impl Now {
    pub fn read() -> Now {
        Now { mono: Instant::now(), wall: chrono::Local::now().fixed_offset() }
    }

    /// The same instant moved forward on both clocks (tests).
    #[cfg(test)]
    pub fn plus(self, by: Duration) -> Now {
        Now {
            mono: self.mono + by,
            wall: self.wall + chrono::Duration::from_std(by).unwrap_or_default(),
        }
    }
}

/// The live state of one session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRun {
    pub timebox: Duration,
    pub clock: Clock,
    /// Wall-clock time the session first started.
    pub started_at: Option<DateTime<FixedOffset>>,
    /// Wall-clock time the session last ended.
    pub ended_at: Option<DateTime<FixedOffset>>,
}

/// A running event: the agenda, each session's timer and where the facilitator is.
#[derive(Clone, Debug)]
pub struct Live {
    pub agenda: Agenda,
    /// The agenda's timetable, computed once: the agenda does not change while it runs.
    pub plan: Plan,
    pub sessions: Vec<SessionRun>,
    pub current: usize,
    /// When the event ended: its first `event_ended`. Ending again after corrections never
    /// moves it, so the minutes' times, durations and timetable stay as held.
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// When the ended event was last reopened for corrections.
    pub reopened_at: Option<DateTime<FixedOffset>>,
    /// When it last ended again after a reopening (the minutes say it was corrected then).
    pub corrected_at: Option<DateTime<FixedOffset>>,
    /// Reopened for corrections and not ended again (see [`Live::has_ended`]).
    pub reopened: bool,
    /// The planned start on the day the event runs (see [`Live::schedule_anchor`]).
    pub anchor: Option<NaiveDateTime>,
    /// Every captured item, deleted ones included, in order of capture.
    pub items: Vec<Item>,
    /// Item id → position in `items`.
    index: HashMap<ItemId, usize>,
    /// Per session, how many of its items are not deleted (kept so a frame never counts).
    counts: Vec<usize>,
    /// How many entries were applied: changes whenever the state does.
    pub applied: u64,
    /// The device whose session changes count (see [`Change::FacilitatorChanged`]).
    pub facilitator: DeviceId,
    /// Who was there: the count present per group and the organisations represented.
    pub attendance: Attendance,
    /// What the room display shows besides the time: the message, a blackout.
    pub room: Room,
    /// The items set aside to be followed up, with their owners and status.
    pub parking: ParkingLot,
    /// The votes and shows of hands recorded.
    pub tallies: Tallies,
    /// The catch-up proposals the facilitator accepted, in clock order.
    pub catch_ups: Vec<CatchUp>,
    /// Every session's speaking queue.
    pub queues: Queues,
    /// Questions from phones and the question pinned to the room display.
    pub inbox: Inbox,
    /// Open items of earlier records carried into this one, with what happened to them.
    pub carried: Carried,
}

impl Live {
    pub fn new(agenda: Agenda) -> Live {
        let sessions = agenda
            .sessions
            .iter()
            .map(|s| SessionRun {
                timebox: s.duration,
                clock: Clock::NotStarted,
                started_at: None,
                ended_at: None,
            })
            .collect();
        let agenda_sessions = agenda.sessions.len();
        Live {
            plan: Plan::new(&agenda),
            attendance: Attendance::new(&agenda),
            room: Room::default(),
            parking: ParkingLot::default(),
            tallies: Tallies::default(),
            catch_ups: Vec::new(),
            queues: Queues::new(agenda_sessions),
            inbox: Inbox::default(),
            carried: Carried::default(),
            agenda,
            sessions,
            current: 0,
            ended_at: None,
            reopened_at: None,
            corrected_at: None,
            reopened: false,
            anchor: None,
            items: Vec::new(),
            index: HashMap::new(),
            counts: vec![0; agenda_sessions],
            applied: 0,
            facilitator: DeviceId::FORMAT_1,
        }
    }

    /// The event ended and is not reopened for corrections.
    pub fn has_ended(&self) -> bool {
        self.ended_at.is_some() && !self.reopened
    }

    pub fn current_run(&self) -> &SessionRun {
        &self.sessions[self.current]
    }

    pub fn is_running(&self) -> bool {
        self.current_run().clock.is_running()
    }

    /// The session whose timer runs, if one does. Only the current session can run: looking
    /// at another one (see `App::shown`) never touches its clock.
    pub fn running(&self) -> Option<usize> {
        self.is_running().then_some(self.current)
    }

    pub fn timer_state(&self, index: usize, now: Instant) -> TimerState {
        let run = &self.sessions[index];
        run.clock.state(run.timebox, now)
    }

    /// Where the plan is measured from. On the agenda's own date it is the agenda's start,
    /// so a late start shows as running behind. On any other day (a rehearsal, the demo) it
    /// is the moment the first session started, or now before that.
    pub fn schedule_anchor(&self, now: Now) -> NaiveDateTime {
        if now.wall.date_naive() == self.agenda.date {
            return self.agenda.date.and_time(self.agenda.start);
        }
        self.anchor.unwrap_or_else(|| now.wall.naive_local())
    }

    /// The change that a timer key asks for, computed from the current state. None when the
    /// key changes nothing (it is then not journaled).
    pub fn toggle(&self, now: Instant) -> Change {
        let session = self.current;
        let run = self.current_run();
        let elapsed_ms = run.clock.elapsed_ms(now);
        match run.clock {
            Clock::Running { .. } => Change::SessionPaused { session, elapsed_ms },
            _ => Change::SessionStarted { session, elapsed_ms },
        }
    }

    /// Why an entry cannot be applied to this event as it stands, if it cannot: a session
    /// the agenda does not have, an item captured twice or never captured, a number no
    /// event reaches. A line with a valid checksum can still be forged or hand-made; a
    /// refused entry changes nothing.
    pub fn check(&self, entry: &Entry) -> Result<(), String> {
        let sessions = self.sessions.len();
        let session_ok = |session: usize| {
            if session < sessions {
                Ok(())
            } else {
                Err(format!(
                    "it names session index {session}, but the agenda has {sessions} sessions (0 to {})",
                    sessions.saturating_sub(1)
                ))
            }
        };
        let elapsed_ok = |what: &str, ms: u64| {
            if ms <= MAX_ELAPSED.as_millis() as u64 {
                Ok(())
            } else {
                Err(format!("its {what} of {ms} ms is more than 10,000 years (a forged number)"))
            }
        };
        let known = |item: ItemId| {
            if self.index.contains_key(&item) {
                Ok(())
            } else {
                Err(format!("item {item} was never captured"))
            }
        };
        let year = entry.at.year();
        if !(1900..=9999).contains(&year) {
            return Err(format!("its time {} is not in the years 1900 to 9999", entry.at));
        }
        // Only the facilitator's device runs the sessions; a note-taker's laptop never moves
        // the room's clock, whatever its journal says.
        if entry.change.runs_sessions() && entry.device != self.facilitator {
            return Err(format!(
                "it was written by device {}, but the sessions are run from the facilitator's device {} (a session change from another device counts only after a facilitator_changed line hands over)",
                entry.device, self.facilitator
            ));
        }
        match entry.change {
            Change::SessionStarted { session, elapsed_ms }
            | Change::SessionPaused { session, elapsed_ms }
            | Change::SessionEnded { session, elapsed_ms } => {
                session_ok(session)?;
                elapsed_ok("elapsed time", elapsed_ms)
            }
            Change::SessionExtended { session, timebox_s } => {
                session_ok(session)?;
                if (1..=crate::agenda::MAX_DURATION.as_secs()).contains(&timebox_s) {
                    Ok(())
                } else {
                    Err(format!("its timebox of {timebox_s} s is not between 1 s and 24 h"))
                }
            }
            Change::SessionSelected { session } => session_ok(session),
            Change::EventReopened if self.ended_at.is_none() => {
                Err("it reopens an event that has not ended".into())
            }
            Change::EventReopened if self.reopened => {
                Err("it reopens an event already reopened for corrections".into())
            }
            // The sessions it renumbers were renumbered before the fold (revision::renumber).
            Change::EventReopened
            | Change::EventEnded
            | Change::AgendaChanged { .. }
            | Change::FacilitatorChanged { .. } => Ok(()),
            Change::ItemCaptured { item, session, offset_ms, .. } => {
                if self.index.contains_key(&item) {
                    return Err(format!(
                        "item {item} was already captured; a second capture would hide the first"
                    ));
                }
                if entry.device == DeviceId::FORMAT_1 {
                    // Format-1 ids were given in turn from 1, one capture an entry, so an id
                    // is never above its entry's sequence number (nor near overflow).
                    if item.device != DeviceId::FORMAT_1 || item.seq == 0 || item.seq > entry.seq {
                        return Err(format!(
                            "item id {} is above its entry's sequence number {} (ids are given in turn from 1)",
                            item.seq, entry.seq
                        ));
                    }
                } else if item != (ItemId { device: entry.device, seq: entry.seq }) {
                    return Err(format!(
                        "item id {item} is not the device and sequence number of its own line ({}.{})",
                        entry.device, entry.seq
                    ));
                }
                session_ok(session)?;
                elapsed_ok("offset into the session", offset_ms)
            }
            Change::ItemMoved { item, session } => {
                known(item)?;
                session_ok(session)
            }
            Change::ItemEdited { item, .. }
            | Change::ItemAnswered { item, .. }
            | Change::ItemDeleted { item }
            | Change::ItemRestored { item }
            // From any device: parking is a record, not the room's clock.
            | Change::ItemParked { item, .. }
            | Change::ItemUnparked { item }
            | Change::ParkedResolved { item, .. } => known(item),
            // From any device: a note-taker may hear it first.
            Change::ConsentChanged { ref participant, .. } => {
                if self.agenda.participants.iter().any(|p| p.name == *participant) {
                    Ok(())
                } else {
                    Err(format!("participant {participant:?} is not in the agenda"))
                }
            }
            Change::AttendanceCounted { ref group, present } => {
                if !self.attendance.knows_group(group) {
                    return Err(format!(
                        "it counts the people present from group {group:?}, which the agenda does not have"
                    ));
                }
                if present > MAX_PRESENT {
                    return Err(format!(
                        "its count of {present} present is more than {MAX_PRESENT} (a forged number)"
                    ));
                }
                Ok(())
            }
            Change::MessageShown { ref text } => check_message(text),
            Change::CatchUpAccepted { sessions, trimmed_s, projected_end } => {
                catchup::check(self, sessions, trimmed_s, projected_end)
            }
            Change::MessageBlinked | Change::MessageCleared | Change::DisplayBlackout { .. } => {
                Ok(())
            }
            // From any device: a tally is a record of the room, not its clock.
            Change::TallyRecorded { .. } => {
                let Some(recorded) = recorded(&entry.change) else { return Ok(()) };
                session_ok(recorded.session)?;
                self.tallies.check_recorded(entry, &recorded)
            }
            Change::TallyDeleted { tally } => {
                if self.tallies.knows(tally) {
                    Ok(())
                } else {
                    Err(format!("tally {tally} was never recorded"))
                }
            }
            Change::SpeakerAdded { speaker, session, ref who, lane } => {
                if speaker != (ItemId { device: entry.device, seq: entry.seq }) {
                    return Err(format!(
                        "speaker id {speaker} is not the device and sequence number of its own line ({}.{})",
                        entry.device, entry.seq
                    ));
                }
                if self.queues.speaker(speaker).is_some() {
                    return Err(format!("speaker {speaker} was already added"));
                }
                session_ok(session)?;
                check_speaker_name(who)?;
                if lane != crate::event::Lane::PointOfOrder && self.queues.is_closed(session) {
                    return Err(format!(
                        "it adds a speaker to the queue of session {}, which is closed (only a point of order joins it)",
                        session + 1
                    ));
                }
                Ok(())
            }
            Change::SpeakerRemoved { speaker } => self.queues.check_waiting(speaker).map(|_| ()),
            Change::SpeakerMoved { speaker, with } => {
                let one = self.queues.check_waiting(speaker)?.session;
                let other = self.queues.check_waiting(with)?.session;
                if speaker == with || one != other {
                    return Err(format!(
                        "speakers {speaker} and {with} are not two speakers of one queue"
                    ));
                }
                Ok(())
            }
            Change::SpeakerStarted { speaker, offset_ms } => {
                self.queues.check_waiting(speaker)?;
                elapsed_ok("offset into the session", offset_ms)
            }
            Change::SpeakerEnded { speaker, offset_ms } => {
                match self.queues.speaker(speaker).map(|s| s.turn) {
                    None => return Err(format!("speaker {speaker} was never added")),
                    Some(Turn::Speaking { .. }) => {}
                    Some(_) => return Err(format!("speaker {speaker} does not have the floor")),
                }
                elapsed_ok("offset into the session", offset_ms)
            }
            Change::QueueClosed { session } | Change::QueueReopened { session } => {
                session_ok(session)
            }
            Change::FirstTimeFirst { .. } => Ok(()),
            Change::SpeakerTime { session, speaker_s } => {
                session_ok(session)?;
                if (1..=crate::agenda::MAX_DURATION.as_secs()).contains(&speaker_s) {
                    Ok(())
                } else {
                    Err(format!("its speaking time of {speaker_s} s is not between 1 s and 24 h"))
                }
            }
            Change::SubmissionReceived { ref text, ref name } => {
                let id = ItemId { device: entry.device, seq: entry.seq };
                if self.inbox.knows(id) {
                    return Err(format!("submission {id} was already received"));
                }
                check_submission(text, name.as_deref())
            }
            Change::SubmissionApproved { submission, session, offset_ms, ref fields } => {
                self.known_submission(submission)?;
                session_ok(session)?;
                elapsed_ok("offset into the session", offset_ms)?;
                check_submission(&fields.text, None)
            }
            Change::SubmissionMerged { submission, into } => {
                self.known_submission(submission)?;
                known(into)
            }
            Change::SubmissionRejected { submission, ref reason } => {
                self.known_submission(submission)?;
                check_reason(reason)
            }
            Change::QuestionPinned { item } => item.map_or(Ok(()), known),
            Change::ItemCarried { item, .. } => {
                if self.carried.knows(item) || self.index.contains_key(&item) {
                    Err(format!("item {item} was already carried or captured in this record"))
                } else {
                    Ok(())
                }
            }
            Change::CarriedStatus { item, status, ref note } => {
                if !self.carried.knows(item) {
                    return Err(format!("item {item} was never carried into this record"));
                }
                check_note(status, note)
            }
            Change::OrganisationAttended { ref organisation, .. } => {
                if organisation.is_empty() {
                    Err("it marks an organisation without a name".into())
                } else if organisation.chars().count() > MAX_ORGANISATION_CHARS {
                    Err(format!(
                        "its organisation's name is longer than {MAX_ORGANISATION_CHARS} characters"
                    ))
                } else if !crate::sanitize::is_clean_line(organisation) {
                    Err(format!(
                        "its organisation's name {organisation:?} holds control characters, line breaks or spaces at its ends"
                    ))
                } else {
                    Ok(())
                }
            }
        }
    }

    /// Applies one journal entry after [`Live::check`]; a refused entry changes nothing.
    /// `now` is when it is applied: equal to the entry's time while live; later when a
    /// journal is replayed, and then a session still running at the end of the journal
    /// has run on meanwhile.
    pub fn apply(&mut self, entry: &Entry, now: Now) -> Result<(), String> {
        self.check(entry)?;
        self.applied += 1;
        let lag = (now.wall - entry.at).to_std().unwrap_or_default();
        match entry.change {
            Change::SessionStarted { session, elapsed_ms } => {
                if self.anchor.is_none() {
                    self.anchor = Some(entry.at.naive_local());
                }
                let run = &mut self.sessions[session];
                run.clock = Clock::Running {
                    base: Duration::from_millis(elapsed_ms) + lag,
                    since: now.mono,
                };
                run.started_at.get_or_insert(entry.at);
                run.ended_at = None;
                self.current = session;
            }
            Change::SessionPaused { session, elapsed_ms } => {
                let run = &mut self.sessions[session];
                run.clock = Clock::Paused { elapsed: Duration::from_millis(elapsed_ms) };
            }
            Change::SessionExtended { session, timebox_s } => {
                self.sessions[session].timebox = Duration::from_secs(timebox_s);
            }
            Change::SessionEnded { session, elapsed_ms } => {
                let run = &mut self.sessions[session];
                run.clock = Clock::Done { elapsed: Duration::from_millis(elapsed_ms) };
                run.ended_at = Some(entry.at);
                // The turn of whoever had the floor ends with the session.
                self.queues.end_session_turn(session, elapsed_ms);
            }
            Change::SessionSelected { session } => self.current = session,
            Change::EventEnded => {
                if self.ended_at.is_none() {
                    self.ended_at = Some(entry.at);
                } else if self.reopened {
                    // The corrections end; the event's own end stays the first.
                    self.reopened = false;
                    self.corrected_at = Some(entry.at);
                }
            }
            Change::EventReopened => {
                self.reopened = true;
                self.reopened_at = Some(entry.at);
            }
            Change::ItemCaptured { item, kind, session, offset_ms, ref fields } => {
                self.push_item(item, kind, fields.clone(), session, entry.at, offset_ms);
            }
            Change::ItemEdited { item, kind, ref fields } => {
                if let Some(found) = self.item_mut(item) {
                    found.kind = kind;
                    found.fields = fields.clone();
                    found.edits += 1;
                }
            }
            Change::ItemAnswered { item, ref answer } => {
                let ended = self.ended_at.is_some();
                if let Some(found) = self.item_mut(item) {
                    // Answers from several devices are all kept, in clock order; a device's
                    // later answer replaces its own. Open or answered is the last word.
                    let was_open = found.answers.is_empty();
                    found.answers.retain(|(device, _)| *device != entry.device);
                    if answer.is_empty() {
                        found.answers.clear();
                        found.answered_at = None;
                        found.answered_after_end = false;
                    } else {
                        found.answers.push((entry.device, answer.clone()));
                        // When it was answered, live or in writing after the end: rewording
                        // an answer later changes neither.
                        if was_open {
                            found.answered_at = Some(entry.at);
                            found.answered_after_end = ended;
                        }
                    }
                }
            }
            Change::ItemMoved { item, session } => {
                if let Some(found) = self.item_mut(item) {
                    let (from, live) = (found.session, !found.deleted);
                    found.session = session;
                    if live {
                        self.counts[from] -= 1;
                        self.counts[session] += 1;
                    }
                }
            }
            Change::ItemDeleted { item } => {
                if let Some(found) = self.item_mut(item).filter(|f| !f.deleted) {
                    found.deleted = true;
                    let session = found.session;
                    self.counts[session] -= 1;
                }
            }
            Change::ItemRestored { item } => {
                if let Some(found) = self.item_mut(item).filter(|f| f.deleted) {
                    found.deleted = false;
                    let session = found.session;
                    self.counts[session] += 1;
                }
            }
            // Folds read a journal renumbered by `revision::renumber`: the agenda this
            // `Live` holds is already the edited one.
            Change::AgendaChanged { .. } => {}
            Change::FacilitatorChanged { to } => self.facilitator = to,
            // The agenda's consent is where the minutes, the screen and the review read it.
            Change::ConsentChanged { ref participant, consent } => {
                for found in self.agenda.participants.iter_mut().filter(|p| p.name == *participant)
                {
                    found.consent = consent;
                }
            }
            Change::AttendanceCounted { ref group, present } => {
                self.attendance.count_present(group, present);
            }
            Change::OrganisationAttended { ref organisation, present } => {
                self.attendance.mark(organisation, present, false);
            }
            Change::MessageShown { ref text } => self.room.show(text, entry.at),
            Change::MessageBlinked => self.room.blink(entry.at),
            Change::MessageCleared => self.room.clear(entry.at),
            Change::DisplayBlackout { on } => self.room.black_out(on, entry.at),
            Change::ItemParked { item, ref owner } => {
                self.parking.park(item, owner.clone(), entry.at);
            }
            Change::ItemUnparked { item } => self.parking.unpark(item),
            Change::ParkedResolved { item, resolved } => self.parking.resolve(item, resolved),
            Change::TallyRecorded { .. } => {
                if let Some(recorded) = recorded(&entry.change) {
                    self.tallies.record(&recorded, entry.at);
                }
            }
            Change::TallyDeleted { tally } => self.tallies.delete(tally),
            Change::CatchUpAccepted { sessions, trimmed_s, projected_end } => {
                self.catch_ups.push(CatchUp { at: entry.at, sessions, trimmed_s, projected_end });
            }
            Change::SpeakerAdded { speaker, session, ref who, lane } => {
                self.queues.add(speaker, session, who, lane, entry.at);
            }
            Change::SpeakerRemoved { speaker } => self.queues.remove(speaker),
            Change::SpeakerMoved { speaker, with } => self.queues.swap(speaker, with),
            Change::SpeakerStarted { speaker, offset_ms } => {
                self.queues.start(speaker, offset_ms, entry.at);
            }
            Change::SpeakerEnded { speaker, offset_ms } => self.queues.end(speaker, offset_ms),
            Change::QueueClosed { session } => self.queues.close(session, true),
            Change::QueueReopened { session } => self.queues.close(session, false),
            Change::FirstTimeFirst { on } => self.queues.first_time_first = on,
            Change::SpeakerTime { session, speaker_s } => {
                self.queues.set_speaker_time(session, Duration::from_secs(speaker_s));
            }
            Change::SubmissionReceived { ref text, ref name } => {
                let id = ItemId { device: entry.device, seq: entry.seq };
                self.inbox.receive(id, text, name.as_deref(), entry.at);
            }
            Change::SubmissionApproved { submission, session, offset_ms, ref fields } => {
                // Approved twice (two devices at once): the first approval made the item.
                let fields = fields.clone();
                self.push_item(
                    submission,
                    ItemKind::Question,
                    fields,
                    session,
                    entry.at,
                    offset_ms,
                );
                self.inbox.decide(submission, Outcome::Approved, entry.at);
            }
            Change::SubmissionMerged { submission, into } => {
                self.inbox.decide(submission, Outcome::Merged(into), entry.at);
            }
            Change::SubmissionRejected { submission, ref reason } => {
                self.inbox.decide(submission, Outcome::Rejected(reason.clone()), entry.at);
            }
            Change::QuestionPinned { item } => {
                self.room.pin(item, self.inbox.pinned, entry.at);
                self.inbox.pinned = item;
            }
            Change::ItemCarried { item, ref carried } => {
                let crate::event::Carried { number, kind, fields, from, raised, history } =
                    (**carried).clone();
                self.carried.add(CarriedItem {
                    id: item,
                    number,
                    kind,
                    fields,
                    from,
                    raised,
                    history,
                    at: entry.at,
                    status: None,
                });
            }
            Change::CarriedStatus { item, status, ref note } => {
                self.carried.set_status(item, status, note, entry.at);
            }
        }
        Ok(())
    }

    /// Applies an entry the caller no longer needs: captured text is moved, not copied.
    pub fn apply_owned(&mut self, entry: Entry, now: Now) -> Result<(), String> {
        if !matches!(entry.change, Change::ItemCaptured { .. }) {
            return self.apply(&entry, now);
        }
        self.check(&entry)?;
        if let Change::ItemCaptured { item, kind, session, offset_ms, fields } = entry.change {
            self.applied += 1;
            self.push_item(item, kind, fields, session, entry.at, offset_ms);
        }
        Ok(())
    }

    /// Applies a whole journal that was read back, each entry checked first. Returns what
    /// was refused, one line each, naming the journal line from `lines` (the line each
    /// entry was read from, as [`crate::journal::Contents`] gives them).
    pub fn replay(&mut self, entries: Vec<Entry>, lines: &[usize], now: Now) -> Vec<String> {
        self.items.reserve(entries.len());
        self.index.reserve(entries.len());
        let mut refused = Vec::new();
        for (i, entry) in entries.into_iter().enumerate() {
            let place = (entry.device, entry.seq);
            if let Err(reason) = self.apply_owned(entry, now) {
                refused.push(refusal(lines.get(i).copied(), place, &reason));
            }
        }
        refused
    }

    /// What replaying these entries would refuse (the fold of [`crate::minutes`] skips
    /// them the same way), for `convene minutes` to report.
    pub fn refusals(agenda: &Agenda, entries: &[Entry], lines: &[usize]) -> Vec<String> {
        let Some(last) = entries.last() else { return Vec::new() };
        let mut live = Live::new(agenda.clone());
        let now = Now { mono: Instant::now(), wall: last.at };
        entries
            .iter()
            .enumerate()
            .filter_map(|(i, entry)| {
                live.apply(entry, now).err().map(|reason| {
                    refusal(lines.get(i).copied(), (entry.device, entry.seq), &reason)
                })
            })
            .collect()
    }

    /// Adds a captured item ([`Live::check`] has refused an id seen before).
    fn push_item(
        &mut self,
        id: ItemId,
        kind: ItemKind,
        fields: Fields,
        session: usize,
        at: DateTime<FixedOffset>,
        offset_ms: u64,
    ) {
        if let std::collections::hash_map::Entry::Vacant(slot) = self.index.entry(id) {
            slot.insert(self.items.len());
            self.counts[session] += 1;
            self.items.push(Item {
                id,
                number: self.items.len() as u64 + 1,
                kind,
                fields,
                session,
                at,
                offset_ms,
                captured_in: session,
                answers: Vec::new(),
                answered_at: None,
                answered_after_end: false,
                deleted: false,
                edits: 0,
            });
        }
    }

    fn known_submission(&self, id: ItemId) -> Result<(), String> {
        if self.inbox.knows(id) {
            Ok(())
        } else {
            Err(format!("submission {id} was never received"))
        }
    }

    /// The question pinned to the room display, while it is there and not deleted.
    pub fn pinned_question(&self) -> Option<&Item> {
        self.inbox.pinned.and_then(|id| self.item(id)).filter(|item| !item.deleted)
    }

    pub fn item(&self, id: ItemId) -> Option<&Item> {
        self.index.get(&id).and_then(|&i| self.items.get(i))
    }

    fn item_mut(&mut self, id: ItemId) -> Option<&mut Item> {
        self.index.get(&id).and_then(|&i| self.items.get_mut(i))
    }

    /// The parked items that are not deleted, in the order parked, each with its parking.
    pub fn parked_items(&self) -> impl Iterator<Item = (&Item, &Parked)> {
        self.parking
            .list()
            .into_iter()
            .filter_map(|parked| self.item(parked.item).map(|item| (item, parked)))
            .filter(|(item, _)| !item.deleted)
    }

    /// Who follows up each parked item that has an owner, in the order parked.
    pub fn parked_owners(&self) -> Vec<&Raiser> {
        self.parking.list().into_iter().filter_map(|p| p.owner.as_ref()).collect()
    }

    /// The number the next captured item gets ("question 31").
    pub fn next_number(&self) -> u64 {
        self.items.len() as u64 + 1
    }

    /// How many items a session holds (deleted ones not counted).
    pub fn item_count(&self, session: usize) -> usize {
        self.counts.get(session).copied().unwrap_or(0)
    }

    /// The live items of a session, newest first.
    pub fn session_items(&self, session: usize) -> impl Iterator<Item = &Item> {
        self.items.iter().rev().filter(move |i| i.session == session && !i.deleted)
    }

    /// The changes that moving from the current session to `target` makes: the current one
    /// ends when moving forward with `end_current` (n), or pauses when it runs; the target
    /// starts when `start_target` and the current was running.
    pub fn moves_to(&self, target: usize, end_current: bool, now: Instant) -> Vec<Change> {
        let mut changes = Vec::new();
        if target >= self.sessions.len() || target == self.current {
            return changes;
        }
        let run = self.current_run();
        let was_running = run.clock.is_running();
        if end_current {
            changes.extend(self.end_current(now));
        } else if was_running {
            let elapsed_ms = run.clock.elapsed_ms(now);
            changes.push(Change::SessionPaused { session: self.current, elapsed_ms });
        }
        changes.push(Change::SessionSelected { session: target });
        if end_current && was_running && !matches!(self.sessions[target].clock, Clock::Done { .. })
        {
            let elapsed_ms = self.sessions[target].clock.elapsed_ms(now);
            changes.push(Change::SessionStarted { session: target, elapsed_ms });
        }
        changes
    }

    /// The changes that end the event: the current session ends if it was started.
    pub fn ending(&self, now: Instant) -> Vec<Change> {
        self.end_current(now).into_iter().chain([Change::EventEnded]).collect()
    }

    /// The change that ends the current session, when it was started and is not done yet.
    pub fn end_current(&self, now: Instant) -> Option<Change> {
        let run = self.current_run();
        matches!(run.clock, Clock::Running { .. } | Clock::Paused { .. }).then(|| {
            let elapsed_ms = run.clock.elapsed_ms(now);
            Change::SessionEnded { session: self.current, elapsed_ms }
        })
    }

    pub fn projection(&self, now: Now) -> Projection {
        Projection::new(self, now)
    }
}

/// A longer elapsed time or offset is a forged number. Not a month or a year: a session
/// left running counts on while the laptop is away, so a record resumed months later
/// writes such times itself; this bound only keeps sums of them far from overflow.
const MAX_ELAPSED: Duration = Duration::from_secs(10_000 * 366 * 24 * 3600);

/// What a `tally_recorded` change holds, borrowed; None for any other change.
fn recorded(change: &Change) -> Option<Recorded<'_>> {
    match change {
        Change::TallyRecorded {
            tally,
            session,
            question,
            method,
            rule,
            counts,
            present,
            dots,
            outcome,
        } => Some(Recorded {
            tally: *tally,
            session: *session,
            question,
            method: *method,
            rule: *rule,
            counts,
            present: *present,
            dots: *dots,
            outcome,
        }),
        _ => None,
    }
}

/// One line of a replay report: which journal line was refused, and why.
fn refusal(line: Option<usize>, (device, seq): (DeviceId, u64), reason: &str) -> String {
    let journal = crate::journal::journal_name(device);
    match line {
        Some(line) => format!("line {line} of {journal} was not replayed: {reason}"),
        None => format!("entry {seq} of {journal} was not replayed: {reason}"),
    }
}

#[cfg(test)]
mod tests;
