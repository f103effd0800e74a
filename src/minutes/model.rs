//! The minutes as data: one structure built from the replayed journal with the attribution
//! policy already applied, for one audience. The Markdown is written from it, and
//! `convene minutes --json` writes it as it is (schema: `schemas/minutes-1.json`).
//!
//! Everything in it comes from the journal and the agenda: the same journal always gives the
//! same model. Items carry their journal id ("<device>.<number>", or the number alone in a
//! format-1 record), which stays the same however often the minutes are written.

use std::borrow::Cow;
use std::collections::{BTreeMap, HashMap};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::Serialize;

use super::attribution::{self, Audience, owner, raised_by};
use super::phones::{self, PhonesMinutes};
use super::redact::Redactor;
use super::tally::TallyMinutes;
use super::{Replayed, elapsed, held_at, hours_minutes};
use crate::agenda::Attribution;
use crate::event::{DeviceId, ItemId, ItemKind, Lane, Raiser};
use crate::live::{Clock, Item, Live, Parked, RoomChange, RoomEvent, Speaker, group_of};

/// The version of the model's JSON form; a change that breaks a reader raises it.
pub const VERSION: u32 = 1;

/// The minutes of one event for one audience.
#[derive(Clone, Debug, Serialize)]
pub struct Minutes<'a> {
    /// [`VERSION`].
    pub version: u32,
    pub audience: Audience,
    /// The journal has no end of event, or the event was reopened for corrections and not
    /// ended again.
    pub provisional: bool,
    pub event: EventInfo,
    pub summary: Summary,
    /// Who was there, when it was entered (`T` on the live screen); None when nothing was.
    pub attendance: Option<AttendanceMinutes>,
    pub sessions: Vec<SessionMinutes<'a>>,
    /// The questions still open, by item id, in session order.
    pub open_questions: Vec<String>,
    /// The concerns under each theme (alphabetically, those without a theme last), by item
    /// id; a concern with several themes is under each of them.
    pub concerns_by_theme: Vec<ThemeConcerns>,
    /// The actions, by item id, in session order.
    pub actions: Vec<String>,
    /// The decisions, by item id, in session order.
    pub decisions: Vec<String>,
    /// Where the items of the lists above are in `sessions` (session, position).
    #[serde(skip)]
    pub(super) open_places: Vec<(usize, usize)>,
    #[serde(skip)]
    pub(super) action_places: Vec<(usize, usize)>,
    #[serde(skip)]
    pub(super) decision_places: Vec<(usize, usize)>,
    /// What the room display was given besides the time (messages, blinks, blackouts), in
    /// clock order: in the internal version only, None in the public one.
    pub room: Option<Vec<RoomLine>>,
    /// The speaking queues: the time taken per stakeholder group and per speaker; None when
    /// no queue was used.
    pub speaking: Option<SpeakingMinutes>,
    /// The catch-up proposals the facilitator accepted (`C` on the live screen), in clock
    /// order: in the internal version only, None in the public one.
    pub catch_ups: Option<Vec<CatchUpLine>>,
    /// The votes and shows of hands, in the order they were first recorded (both versions:
    /// they are not about persons).
    pub tallies: Vec<TallyMinutes>,
    /// The parking lot: the parked items this version shows, in the order they were parked;
    /// left out when none is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub parking: Vec<ParkedMinutes>,
    /// The questions sent from phones (`convene run --share`); left out when none was.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub phones: Option<PhonesMinutes>,
    /// "You said, we did": the items carried from earlier records, in the order carried;
    /// left out when none is.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub you_said_we_did: Vec<super::carried::CarriedMinutes>,
    /// The version vector of the record they were written from: per device (in id order),
    /// the highest sequence number folded. Equal vectors, byte-identical minutes.
    pub journals: BTreeMap<DeviceId, u64>,
    /// The device that ran the sessions: its inbox is named after it.
    #[serde(skip)]
    pub(super) facilitator: DeviceId,
    /// The language the Markdown is written in (the agenda's `language`, or `--lang`); the
    /// JSON form is the same in every language.
    #[serde(skip)]
    pub lang: crate::i18n::Lang,
}

/// Whether a parked item still waits for its follow-up.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParkedStatus {
    /// Still to be followed up: listed with the follow-ups.
    Open,
    Resolved,
}

impl ParkedStatus {
    fn of(parked: &Parked) -> ParkedStatus {
        if parked.resolved { ParkedStatus::Resolved } else { ParkedStatus::Open }
    }

    pub fn label(self) -> &'static str {
        match self {
            ParkedStatus::Open => "open",
            ParkedStatus::Resolved => "resolved",
        }
    }
}

/// One item of the parking lot.
#[derive(Clone, Debug, Serialize)]
pub struct ParkedMinutes {
    /// The item's id (it is listed in its session too).
    pub item: String,
    /// Who follows it up, as the policy shows an owner; None for nobody.
    pub owner: Option<String>,
    pub status: ParkedStatus,
    /// When it was parked.
    pub parked_at: DateTime<FixedOffset>,
}

/// A catch-up proposal accepted: its timebox changes are the sessions' own.
#[derive(Clone, Debug, Serialize)]
pub struct CatchUpLine {
    pub at: DateTime<FixedOffset>,
    /// How many sessions it changed.
    pub sessions: usize,
    /// How much shorter they became in all (negative: longer).
    pub trimmed_s: i64,
    /// The projected end once accepted, in local time as the screen showed it.
    pub projected_end: NaiveDateTime,
}

/// The time taken from the speaking queues.
#[derive(Clone, Debug, Serialize)]
pub struct SpeakingMinutes {
    /// Turns taken, and their time in whole seconds (each turn rounded to the second).
    pub turns: usize,
    pub seconds: u64,
    pub points_of_order: usize,
    pub direct_replies: usize,
    /// Every stakeholder group of the agenda in its order, then the speakers in no group
    /// (`group` None) when there were any.
    pub groups: Vec<GroupAirtime>,
    /// Per speaker, in the order they first spoke: everyone in the internal version; in the
    /// public one only participants who consented to be named, under the `named` policy.
    pub speakers: Vec<SpeakerAirtime>,
    /// Per session whose queue was used: every turn and who still waited. Internal only:
    /// None in the public version.
    pub sessions: Option<Vec<SessionSpeaking>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupAirtime {
    /// The group's name; None for the speakers in no stakeholder group.
    pub group: Option<String>,
    pub turns: usize,
    pub seconds: u64,
}

#[derive(Clone, Debug, Serialize)]
pub struct SpeakerAirtime {
    pub name: String,
    /// Their stakeholder group's name.
    pub group: Option<String>,
    pub turns: usize,
    pub seconds: u64,
}

/// The speaking queue of one session.
#[derive(Clone, Debug, Serialize)]
pub struct SessionSpeaking {
    /// From 1, as the agenda lists it.
    pub session: usize,
    /// The time each speaker got, at the end.
    pub speaker_s: u64,
    pub turns: Vec<TurnMinutes>,
    /// Who was still waiting, in queue order.
    pub waiting: Vec<String>,
}

/// One turn at the floor.
#[derive(Clone, Debug, Serialize)]
pub struct TurnMinutes {
    pub at: DateTime<FixedOffset>,
    pub who: String,
    pub lane: Lane,
    pub seconds: u64,
}

/// One change to what the room display showed.
#[derive(Clone, Debug, Serialize)]
pub struct RoomLine {
    pub at: DateTime<FixedOffset>,
    /// "shown", "blinked", "cleared", "blackout", "display_back", "pinned" or "unpinned".
    pub what: &'static str,
    /// The message shown, blinked or cleared; None for a blackout and its end, and a pin.
    pub text: Option<String>,
    /// The question pinned under the time, by id; left out for every other change.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The pinned question's number as the live screen gives it ("Q7"), and whether it was
    /// deleted since.
    #[serde(skip)]
    pub(super) label: Option<(String, bool)>,
}

impl RoomLine {
    fn of(change: &RoomChange, live: &Live) -> RoomLine {
        let (what, text, item) = match &change.what {
            RoomEvent::Shown(text) => ("shown", Some(text.clone()), None),
            RoomEvent::Blinked(text) => ("blinked", Some(text.clone()), None),
            RoomEvent::Cleared(text) => ("cleared", Some(text.clone()), None),
            RoomEvent::Blackout(true) => ("blackout", None, None),
            RoomEvent::Blackout(false) => ("display_back", None, None),
            RoomEvent::Pinned(Some(item)) => ("pinned", None, Some(*item)),
            RoomEvent::Pinned(None) => ("unpinned", None, None),
        };
        let label = item
            .and_then(|id| live.item(id))
            .map(|item| (format!("{}{}", item.kind.letter(), item.number), item.deleted));
        RoomLine { at: change.at, what, text, item: item.map(|id| id.to_string()), label }
    }
}

/// What the title block says.
#[derive(Clone, Debug, Serialize)]
pub struct EventInfo {
    pub title: String,
    /// "lab" or "council".
    pub kind: &'static str,
    /// "citizen lab", "policy council".
    pub kind_label: &'static str,
    /// The agenda's date.
    pub date: NaiveDate,
    /// The day it was held, when that is not the agenda's date.
    pub held_on: Option<NaiveDate>,
    pub place: Option<String>,
    /// When the first session started and the event ended (or the journal's last entry).
    pub started_at: Option<DateTime<FixedOffset>>,
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// While the event is reopened for corrections (and not ended again): when it was.
    pub reopened_at: Option<DateTime<FixedOffset>>,
    /// When corrections made after the event last ended.
    pub corrected_at: Option<DateTime<FixedOffset>>,
    /// Held over more than one day: every time shown carries its day ("Tue 00:20").
    pub several_days: bool,
    /// Planned start and end as the timetable shows them ("18:00", "Wed 09:00").
    pub planned_start: String,
    pub planned_end: String,
    pub facilitator: Option<String>,
    pub note_taker: Option<String>,
    /// The agenda's policy: "named", "group" or "anonymous".
    pub attribution: &'static str,
}

/// Counts for the summary.
#[derive(Clone, Debug, Serialize)]
pub struct Summary {
    pub sessions_held: usize,
    pub sessions: usize,
    /// Every session's timebox as planned, in seconds.
    pub planned_s: u64,
    /// The sessions held, in whole seconds.
    pub actual_s: u64,
    /// Per kind, in the order the minutes list them (no notes in the public version).
    pub captured: Vec<KindCount>,
}

#[derive(Clone, Debug, Serialize)]
pub struct KindCount {
    pub kind: ItemKind,
    pub count: usize,
    /// For questions: how many are still open.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub open: Option<usize>,
}

/// The people present per stakeholder group and the organisations represented.
#[derive(Clone, Debug, Serialize)]
pub struct AttendanceMinutes {
    /// The counts entered, the agenda's groups in order, then people in no group.
    pub groups: Vec<GroupCount>,
    /// The sum of the counts; None when no count was entered.
    pub total: Option<u64>,
    /// How many organisations were represented.
    pub organisations_count: usize,
    /// Their names: in the internal version only (the public one gives the count).
    pub organisations: Option<Vec<String>>,
}

#[derive(Clone, Debug, Serialize)]
pub struct GroupCount {
    /// The group's name; None for the people in no stakeholder group.
    pub group: Option<String>,
    pub present: u32,
}

/// One session of the agenda, held or not, with its items.
#[derive(Clone, Debug, Serialize)]
pub struct SessionMinutes<'a> {
    /// From 1, as the agenda lists it.
    pub number: usize,
    pub title: String,
    /// "plenary", "qa", …
    pub format: Option<&'static str>,
    /// Who led it, as the policy shows them; None for nobody.
    pub lead: Option<String>,
    pub planned_start: String,
    pub planned_end: String,
    pub planned_s: u64,
    /// Its timebox at the end (planned, or changed during the event).
    pub timebox_s: u64,
    pub held: bool,
    pub started_at: Option<DateTime<FixedOffset>>,
    pub ended_at: Option<DateTime<FixedOffset>>,
    /// How long it ran, in whole seconds, when held.
    pub actual_s: Option<u64>,
    pub items: Vec<ItemMinutes<'a>>,
}

/// One captured item as this audience sees it.
#[derive(Clone, Debug, Serialize)]
pub struct ItemMinutes<'a> {
    /// The journal's id: the same in every regeneration.
    pub id: String,
    /// Its number on the live screen ("question 30").
    pub number: u64,
    pub kind: ItemKind,
    pub at: DateTime<FixedOffset>,
    /// The session it is filed under, from 1.
    pub session: usize,
    /// The session it was captured in, from 1, when it was moved since.
    pub captured_in: Option<usize>,
    pub text: Cow<'a, str>,
    /// Who raised it, as the policy shows them; None for nobody.
    pub by: Option<String>,
    /// An action's owner, as the policy shows them.
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub themes: &'a [String],
    /// Every answer, in clock order (several laptops may have answered).
    pub answers: Vec<Cow<'a, str>>,
    /// A question without an answer.
    pub open: bool,
    /// Marked internal (only the internal version holds such items; a note always is).
    pub internal: bool,
    /// In the parking lot, open or resolved; left out when it is not parked.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub parked: Option<ParkedStatus>,
    /// A submission from a phone became this question or was merged into it: its line
    /// gives its number ("Q7"), which the section "Questions from phones" names.
    #[serde(skip)]
    pub(super) numbered: bool,
}

/// The concerns raised under one theme.
#[derive(Clone, Debug, Serialize)]
pub struct ThemeConcerns {
    /// None for the concerns without a theme.
    pub theme: Option<String>,
    pub items: Vec<String>,
    /// Where they are in `sessions` (session, position).
    #[serde(skip)]
    pub(super) places: Vec<(usize, usize)>,
}

/// Items of a consolidated list: their ids and where they are.
#[derive(Default)]
struct Refs {
    ids: Vec<String>,
    places: Vec<(usize, usize)>,
}

impl<'a> Minutes<'a> {
    /// The items at these places.
    pub(super) fn at(&self, places: &[(usize, usize)]) -> Vec<&ItemMinutes<'a>> {
        places
            .iter()
            .filter_map(|&(s, i)| self.sessions.get(s).and_then(|s| s.items.get(i)))
            .collect()
    }
}

impl<'a> Minutes<'a> {
    /// The model of an already folded journal for an audience. Captured text is borrowed
    /// from the fold, copied only where a name in it is replaced.
    pub fn build(replayed: &'a Replayed, audience: Audience) -> Minutes<'a> {
        let live = &replayed.live;
        let agenda = &live.agenda;
        let redactor = match audience {
            Audience::Internal => Redactor::default(),
            Audience::Public => Redactor::public_with(
                agenda,
                &live.items,
                &live.parked_owners(),
                &live.tallies.texts(),
            ),
        };
        let shown: Vec<&'a Item> = live
            .items
            .iter()
            .filter(|i| !i.deleted && (audience == Audience::Internal || !i.is_internal()))
            .collect();
        // Names inside the text and answers replaced in public; each text copied once.
        let prose = |text: &'a str| -> Cow<'a, str> { redactor.prose(text) };
        let item = |item: &'a Item| -> ItemMinutes<'a> {
            ItemMinutes {
                id: item.id.to_string(),
                number: item.number,
                kind: item.kind,
                at: item.at,
                session: item.session + 1,
                captured_in: (item.captured_in != item.session
                    && item.captured_in < agenda.sessions.len())
                .then_some(item.captured_in + 1),
                text: prose(&item.fields.text),
                by: item.fields.by.as_ref().and_then(|r| raised_by(r, agenda, audience)),
                owner: match item.kind {
                    ItemKind::Action => {
                        item.fields.owner.as_ref().and_then(|r| owner(r, agenda, audience))
                    }
                    _ => None,
                },
                due: if item.kind == ItemKind::Action { item.fields.due } else { None },
                themes: &item.fields.themes,
                answers: item.answers.iter().map(|(_, a)| prose(a)).collect(),
                open: item.kind == ItemKind::Question && item.answer().is_none(),
                internal: item.fields.internal,
                parked: live.parking.get(item.id).map(ParkedStatus::of),
                numbered: false,
            }
        };

        // Each shown item once, filed under its session; `places[k]` is where the k-th shown
        // item (in order of capture) went, for the consolidated lists.
        let mut by_session: Vec<Vec<ItemMinutes<'a>>> = vec![Vec::new(); agenda.sessions.len()];
        let mut places: Vec<(usize, usize)> = Vec::with_capacity(shown.len());
        for i in &shown {
            let list = &mut by_session[i.session.min(agenda.sessions.len().saturating_sub(1))];
            places.push((i.session, list.len()));
            list.push(item(i));
        }
        let mut by_session = by_session.into_iter();
        let plan = &live.plan;
        let mut sessions: Vec<SessionMinutes> = agenda
            .sessions
            .iter()
            .enumerate()
            .map(|(i, session)| {
                let run = &live.sessions[i];
                let slot = &plan.slots[i];
                let actual = elapsed(replayed, i).map(|d| d.as_secs());
                SessionMinutes {
                    number: i + 1,
                    title: session.title.clone(),
                    format: session.format.map(|f| f.as_str()),
                    lead: session
                        .lead
                        .as_deref()
                        .and_then(|l| attribution::lead(l, agenda, audience)),
                    planned_start: plan.stamp(slot.start),
                    planned_end: plan.stamp(slot.end),
                    planned_s: session.duration.as_secs(),
                    timebox_s: run.timebox.as_secs(),
                    held: run.clock != Clock::NotStarted,
                    started_at: run.started_at,
                    ended_at: run.ended_at,
                    actual_s: actual,
                    items: by_session.next().unwrap_or_default(),
                }
            })
            .collect();

        // The consolidated lists keep the order of capture: each as the items' ids (for the
        // JSON) and where they are in `sessions` (for the Markdown, without a lookup).
        let list = |keep: &dyn Fn(&Item) -> bool| -> Refs {
            let mut refs = Refs::default();
            for (item, &(session, at)) in shown.iter().zip(&places) {
                if keep(item) {
                    refs.ids.push(sessions[session].items[at].id.clone());
                    refs.places.push((session, at));
                }
            }
            refs
        };
        let mut themes: BTreeMap<(bool, &str), Refs> = BTreeMap::new();
        for (item, &(session, at)) in shown.iter().zip(&places) {
            if item.kind != ItemKind::Concern {
                continue;
            }
            let keys: Vec<(bool, &str)> = if item.fields.themes.is_empty() {
                vec![(true, "")]
            } else {
                item.fields.themes.iter().map(|t| (false, t.as_str())).collect()
            };
            for key in keys {
                let refs = themes.entry(key).or_default();
                refs.ids.push(sessions[session].items[at].id.clone());
                refs.places.push((session, at));
            }
        }
        let concerns_by_theme = themes
            .into_iter()
            .map(|((none, theme), refs)| ThemeConcerns {
                theme: (!none).then(|| theme.to_string()),
                items: refs.ids,
                places: refs.places,
            })
            .collect();
        let open = list(&|i: &Item| i.kind == ItemKind::Question && i.answer().is_none());
        let actions = list(&|i: &Item| i.kind == ItemKind::Action);
        let decisions = list(&|i: &Item| i.kind == ItemKind::Decision);
        let all = || sessions.iter().flat_map(|s| &s.items);

        let captured = [
            ItemKind::Question,
            ItemKind::Concern,
            ItemKind::Idea,
            ItemKind::Action,
            ItemKind::Decision,
            ItemKind::Note,
        ]
        .into_iter()
        .filter(|&kind| !(kind == ItemKind::Note && audience == Audience::Public))
        .map(|kind| KindCount {
            kind,
            count: all().filter(|i| i.kind == kind).count(),
            open: (kind == ItemKind::Question)
                .then(|| all().filter(|i| i.kind == kind && i.open).count()),
        })
        .collect();
        let held = sessions.iter().filter(|s| s.held).count();
        let summary = Summary {
            sessions_held: held,
            sessions: sessions.len(),
            planned_s: agenda.sessions.iter().map(|s| s.duration).sum::<Duration>().as_secs(),
            actual_s: (0..live.sessions.len())
                .filter_map(|i| elapsed(replayed, i))
                .sum::<Duration>()
                .as_secs(),
            captured,
        };

        let several_days = matches!(
            (replayed.first, replayed.last),
            (Some(f), Some(l)) if f.date_naive() != l.date_naive()
        );
        let event = EventInfo {
            title: agenda.title.clone(),
            kind: agenda.kind.as_str(),
            kind_label: agenda.kind.label(),
            date: agenda.date,
            held_on: replayed.first.map(|t| t.date_naive()).filter(|&d| d != agenda.date),
            place: agenda.location.clone(),
            started_at: replayed.first,
            ended_at: replayed.first.and(replayed.last),
            reopened_at: live.reopened_at.filter(|_| live.reopened),
            corrected_at: live.corrected_at,
            several_days,
            planned_start: plan.stamp(plan.start),
            planned_end: plan.stamp(plan.end()),
            facilitator: agenda.team.facilitator.clone(),
            note_taker: agenda.team.note_taker.clone(),
            attribution: match agenda.attribution {
                crate::agenda::Attribution::Named => "named",
                crate::agenda::Attribution::Group => "group",
                crate::agenda::Attribution::Anonymous => "anonymous",
            },
        };

        let attendance = (!live.attendance.is_empty()).then(|| {
            let organisations: Vec<String> =
                live.attendance.organisations().into_iter().map(str::to_string).collect();
            AttendanceMinutes {
                groups: live
                    .attendance
                    .counts()
                    .into_iter()
                    .map(|(group, present)| GroupCount {
                        group: group.map(|g| g.name.clone()),
                        present,
                    })
                    .collect(),
                total: live.attendance.total(),
                organisations_count: organisations.len(),
                organisations: (audience == Audience::Internal).then_some(organisations),
            }
        });

        let parking = live
            .parked_items()
            .filter(|(item, _)| audience == Audience::Internal || !item.is_internal())
            .map(|(item, parked)| ParkedMinutes {
                item: item.id.to_string(),
                owner: parked.owner.as_ref().and_then(|r| owner(r, agenda, audience)),
                status: ParkedStatus::of(parked),
                parked_at: parked.at,
            })
            .collect();

        // Only a record with submissions from phones needs to find items by id.
        let phones = if live.inbox.submissions().is_empty() {
            None
        } else {
            let at: HashMap<ItemId, (usize, usize)> =
                shown.iter().map(|item| item.id).zip(places.iter().copied()).collect();
            phones::build(live, audience, &at)
        };
        for (session, at) in phones.iter().flat_map(phones::numbered) {
            if let Some(item) = sessions.get_mut(session).and_then(|s| s.items.get_mut(at)) {
                item.numbered = true;
            }
        }

        Minutes {
            version: VERSION,
            parking,
            phones,
            attendance,
            audience,
            provisional: replayed.provisional || event.reopened_at.is_some(),
            event,
            summary,
            open_questions: open.ids,
            open_places: open.places,
            concerns_by_theme,
            actions: actions.ids,
            action_places: actions.places,
            decisions: decisions.ids,
            decision_places: decisions.places,
            room: (audience == Audience::Internal)
                .then(|| live.room.log.iter().map(|change| RoomLine::of(change, live)).collect()),
            tallies: super::tally::build(live, audience, &redactor),
            catch_ups: (audience == Audience::Internal).then(|| {
                live.catch_ups
                    .iter()
                    .map(|c| CatchUpLine {
                        at: c.at,
                        sessions: c.sessions,
                        trimmed_s: c.trimmed_s,
                        projected_end: c.projected_end,
                    })
                    .collect()
            }),
            speaking: SpeakingMinutes::build(replayed, audience),
            you_said_we_did: super::carried::build(live, audience, &|t| {
                redactor.prose(t).into_owned()
            }),
            sessions,
            journals: replayed.journals.clone(),
            facilitator: live.facilitator,
            lang: agenda.language,
        }
    }

    /// Every item, in session order.
    pub fn items(&self) -> impl Iterator<Item = &ItemMinutes<'a>> {
        self.sessions.iter().flat_map(|s| &s.items)
    }

    /// A time as the minutes show it: "18:05", or "Tue 00:20" when the event was held over
    /// more than one day.
    pub fn time(&self, t: DateTime<FixedOffset>) -> String {
        held_at(self.lang, self.event.several_days, t)
    }

    /// A time of day alone: "18:05".
    pub fn clock(t: DateTime<FixedOffset>) -> String {
        hours_minutes(t)
    }
}

impl SpeakingMinutes {
    /// The speaking time of a replayed event for an audience; None when no queue was used.
    fn build(replayed: &Replayed, audience: Audience) -> Option<SpeakingMinutes> {
        let live = &replayed.live;
        let agenda = &live.agenda;
        let queues = &live.queues;
        if queues.speakers().is_empty() {
            return None;
        }
        // A turn's time to the nearest second: every sum below adds these.
        let seconds =
            |s: &Speaker| (live.airtime(s, replayed.mono).as_millis() as u64 + 500) / 1000;
        let group_name = |who: &Raiser| {
            group_of(who, agenda).and_then(|id| agenda.group(id)).map(|g| g.name.clone())
        };
        let mut spoke: Vec<&Speaker> =
            queues.speakers().iter().filter(|s| s.has_spoken()).collect();
        spoke.sort_by_key(|s| s.started_at());

        let mut groups: Vec<(Option<&str>, GroupAirtime)> = agenda
            .groups
            .iter()
            .map(|g| {
                (
                    Some(g.id.as_str()),
                    GroupAirtime { group: Some(g.name.clone()), turns: 0, seconds: 0 },
                )
            })
            .collect();
        let mut none = GroupAirtime { group: None, turns: 0, seconds: 0 };
        let mut speakers: Vec<(&Raiser, SpeakerAirtime)> = Vec::new();
        for speaker in &spoke {
            let time = seconds(speaker);
            let slot = match group_of(&speaker.who, agenda) {
                Some(id) => groups.iter_mut().find(|(g, _)| *g == Some(id)).map(|(_, a)| a),
                None => None,
            };
            let slot = slot.unwrap_or(&mut none);
            slot.turns += 1;
            slot.seconds += time;
            match speakers.iter_mut().find(|(who, _)| **who == speaker.who) {
                Some((_, airtime)) => {
                    airtime.turns += 1;
                    airtime.seconds += time;
                }
                None => speakers.push((
                    &speaker.who,
                    SpeakerAirtime {
                        name: crate::capture::describe(&speaker.who, agenda),
                        // A group speaking as such is its own row: no group beside it.
                        group: match speaker.who {
                            Raiser::Group(_) => None,
                            _ => group_name(&speaker.who),
                        },
                        turns: 1,
                        seconds: time,
                    },
                )),
            }
        }
        let mut groups: Vec<GroupAirtime> = groups.into_iter().map(|(_, a)| a).collect();
        if none.turns > 0 {
            groups.push(none);
        }
        // In public a person is named only with their consent, under `named`; never anyone
        // else, whatever the group table says of them.
        let named = |who: &Raiser| match (audience, agenda.attribution, who) {
            (Audience::Internal, _, _) => true,
            (Audience::Public, Attribution::Named, Raiser::Participant(name)) => {
                agenda.participants.iter().any(|p| p.name == *name && p.consent)
            }
            _ => false,
        };
        let speakers = speakers.into_iter().filter(|(who, _)| named(who)).map(|(_, a)| a).collect();

        let sessions = (audience == Audience::Internal).then(|| {
            (0..agenda.sessions.len())
                .filter(|&i| queues.is_used(i))
                .map(|i| SessionSpeaking {
                    session: i + 1,
                    speaker_s: live.speaker_time(i).as_secs(),
                    turns: spoke
                        .iter()
                        .filter(|s| s.session == i)
                        .filter_map(|s| {
                            Some(TurnMinutes {
                                at: s.started_at()?,
                                who: crate::capture::describe(&s.who, agenda),
                                lane: s.lane,
                                seconds: seconds(s),
                            })
                        })
                        .collect(),
                    waiting: queues
                        .waiting(i)
                        .iter()
                        .map(|s| crate::capture::describe(&s.who, agenda))
                        .collect(),
                })
                .collect()
        });
        let lane = |lane: Lane| spoke.iter().filter(|s| s.lane == lane).count();
        Some(SpeakingMinutes {
            turns: spoke.len(),
            seconds: spoke.iter().map(|s| seconds(s)).sum(),
            points_of_order: lane(Lane::PointOfOrder),
            direct_replies: lane(Lane::DirectReply),
            groups,
            speakers,
            sessions,
        })
    }
}
