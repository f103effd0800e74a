//! The speaking queue folded from its changes: the order of the lanes, first-time speakers
//! first, reordering, a closed list, and airtime measured on the session's timer through
//! pauses, resumes and the session's end.

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone};

use super::*;
use crate::agenda::parse_agenda;
use crate::event::{Change, DeviceId, Entry};
use crate::live::Now;

const AGENDA: &str = r#"
title = "Council"
kind = "council"
date = 2026-10-06
start = "09:30"
speaker = "3m"
[[groups]]
id = "industry"
name = "Industry"
[[groups]]
id = "academia"
name = "Academia"
[[participants]]
name = "Kari Nordvik"
group = "industry"
[[participants]]
name = "Marit Haugen"
group = "industry"
[[participants]]
name = "Annelies Vermeulen"
group = "academia"
[[participants]]
name = "Ola Fri"
[[sessions]]
title = "Panel"
duration = "10m"
speaker = "2m"
[[sessions]]
title = "Wrap-up"
duration = "10m"
"#;

fn s(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn wall() -> DateTime<FixedOffset> {
    FixedOffset::east_opt(7200)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 10, 6, 9, 30, 0).single())
        .unwrap()
}

fn kari() -> Raiser {
    Raiser::Participant("Kari Nordvik".into())
}
fn marit() -> Raiser {
    Raiser::Participant("Marit Haugen".into())
}
fn annelies() -> Raiser {
    Raiser::Participant("Annelies Vermeulen".into())
}
fn ola() -> Raiser {
    Raiser::Participant("Ola Fri".into())
}

/// Applies changes as the facilitator's journal holds them, one line each.
struct Room {
    live: Live,
    now: Now,
}

impl Room {
    fn new() -> Room {
        Room {
            live: Live::new(parse_agenda(AGENDA).agenda.unwrap()),
            now: Now { mono: Instant::now(), wall: wall() },
        }
    }
    fn entry(&self, change: Change) -> Entry {
        Entry::format_1(self.live.applied + 1, self.now.wall, change)
    }
    fn try_commit(&mut self, change: Change) -> Result<(), String> {
        let entry = self.entry(change);
        self.live.apply(&entry, self.now)
    }
    fn commit(&mut self, change: Change) {
        self.try_commit(change).unwrap();
    }
    fn wait(&mut self, secs: u64) {
        self.now = self.now.plus(s(secs));
    }
    /// Adds a speaker to session 0; their id is their line's.
    fn add(&mut self, who: Raiser, lane: Lane) -> ItemId {
        let speaker = ItemId::format_1(self.live.applied + 1);
        self.commit(Change::SpeakerAdded { speaker, session: 0, who, lane });
        speaker
    }
    fn elapsed_ms(&self) -> u64 {
        self.live.sessions[0].clock.elapsed_ms(self.now.mono)
    }
    fn start(&mut self, speaker: ItemId) {
        let offset_ms = self.elapsed_ms();
        self.commit(Change::SpeakerStarted { speaker, offset_ms });
    }
    fn end(&mut self, speaker: ItemId) {
        let offset_ms = self.elapsed_ms();
        self.commit(Change::SpeakerEnded { speaker, offset_ms });
    }
    fn toggle(&mut self) {
        let change = self.live.toggle(self.now.mono);
        self.commit(change);
    }
    fn waiting(&self) -> Vec<ItemId> {
        self.live.queues.waiting(0).iter().map(|s| s.id).collect()
    }
}

#[test]
fn points_of_order_then_direct_replies_then_the_list_each_in_turn() {
    let mut room = Room::new();
    let first = room.add(kari(), Lane::Normal);
    let second = room.add(marit(), Lane::Normal);
    let reply = room.add(annelies(), Lane::DirectReply);
    let order = room.add(ola(), Lane::PointOfOrder);
    let later_order = room.add(marit(), Lane::PointOfOrder);
    assert_eq!(room.waiting(), [order, later_order, reply, first, second]);
    // The queue of another session is its own.
    assert!(room.live.queues.waiting(1).is_empty());
}

#[test]
fn first_time_speakers_go_ahead_of_those_who_spoke_in_the_list_only() {
    let mut room = Room::new();
    room.toggle();
    let kari_first = room.add(kari(), Lane::Normal);
    room.start(kari_first);
    room.wait(60);
    room.end(kari_first);
    let kari_again = room.add(kari(), Lane::Normal);
    let annelies_first = room.add(annelies(), Lane::Normal);
    let kari_reply = room.add(kari(), Lane::DirectReply);
    assert_eq!(room.waiting(), [kari_reply, kari_again, annelies_first], "in turn while off");
    room.commit(Change::FirstTimeFirst { on: true });
    assert_eq!(room.waiting(), [kari_reply, annelies_first, kari_again], "a reply keeps its lane");
    // Speaking in another session does not count.
    let other = ItemId::format_1(room.live.applied + 1);
    room.commit(Change::SpeakerAdded {
        speaker: other,
        session: 1,
        who: annelies(),
        lane: Lane::Normal,
    });
    assert_eq!(room.live.queues.waiting(1).len(), 1);
    room.commit(Change::FirstTimeFirst { on: false });
    assert_eq!(room.waiting(), [kari_reply, kari_again, annelies_first]);
}

#[test]
fn a_move_swaps_two_waiting_speakers_of_one_queue_and_a_removed_one_is_gone() {
    let mut room = Room::new();
    let a = room.add(kari(), Lane::Normal);
    let b = room.add(marit(), Lane::Normal);
    let c = room.add(annelies(), Lane::Normal);
    room.commit(Change::SpeakerMoved { speaker: c, with: b });
    assert_eq!(room.waiting(), [a, c, b]);
    room.commit(Change::SpeakerMoved { speaker: c, with: a });
    assert_eq!(room.waiting(), [c, a, b]);
    room.commit(Change::SpeakerRemoved { speaker: a });
    assert_eq!(room.waiting(), [c, b]);
    // A removed speaker is not moved, started or removed again; nor is one of another queue.
    let err = room.try_commit(Change::SpeakerStarted { speaker: a, offset_ms: 0 }).unwrap_err();
    assert_eq!(err, format!("speaker {a} left the queue already"));
    assert!(room.try_commit(Change::SpeakerMoved { speaker: b, with: a }).is_err());
    assert!(room.try_commit(Change::SpeakerRemoved { speaker: a }).is_err());
    let other = ItemId::format_1(room.live.applied + 1);
    room.commit(Change::SpeakerAdded {
        speaker: other,
        session: 1,
        who: ola(),
        lane: Lane::Normal,
    });
    let err = room.try_commit(Change::SpeakerMoved { speaker: b, with: other }).unwrap_err();
    assert_eq!(err, format!("speakers {b} and {other} are not two speakers of one queue"));
    assert_eq!(room.waiting(), [c, b]);
}

#[test]
fn a_closed_list_takes_only_points_of_order_until_it_opens_again() {
    let mut room = Room::new();
    room.commit(Change::QueueClosed { session: 0 });
    assert!(room.live.queues.is_closed(0));
    let speaker = ItemId::format_1(room.live.applied + 1);
    let err = room
        .try_commit(Change::SpeakerAdded { speaker, session: 0, who: kari(), lane: Lane::Normal })
        .unwrap_err();
    assert_eq!(
        err,
        "it adds a speaker to the queue of session 1, which is closed (only a point of order joins it)"
    );
    let order = room.add(ola(), Lane::PointOfOrder);
    assert_eq!(room.waiting(), [order]);
    room.commit(Change::QueueReopened { session: 0 });
    let later = room.add(kari(), Lane::Normal);
    assert_eq!(room.waiting(), [order, later]);
}

#[test]
fn a_speaker_is_their_own_lines_id_and_only_the_facilitators_device_runs_the_queue() {
    let mut room = Room::new();
    let err = room
        .try_commit(Change::SpeakerAdded {
            speaker: ItemId::format_1(9),
            session: 0,
            who: kari(),
            lane: Lane::Normal,
        })
        .unwrap_err();
    assert_eq!(
        err,
        "speaker id 9 is not the device and sequence number of its own line (00000000000000000000000000.1)"
    );
    let note_taker = DeviceId::new(42);
    let entry = Entry {
        device: note_taker,
        seq: 1,
        clock: crate::event::Hlc::of(room.now.wall),
        at: room.now.wall,
        change: Change::SpeakerAdded {
            speaker: ItemId { device: note_taker, seq: 1 },
            session: 0,
            who: kari(),
            lane: Lane::Normal,
        },
    };
    let err = room.live.apply(&entry, room.now).unwrap_err();
    assert!(err.starts_with(&format!("it was written by device {note_taker}")), "{err}");
    assert!(room.waiting().is_empty());
    // Names that no line could hold are forged.
    let speaker = ItemId::format_1(room.live.applied + 1);
    let who = Raiser::Unknown("a\nb".into());
    assert!(
        room.try_commit(Change::SpeakerAdded { speaker, session: 0, who, lane: Lane::Normal })
            .is_err()
    );
    let who = Raiser::Unknown(String::new());
    assert!(
        room.try_commit(Change::SpeakerAdded { speaker, session: 0, who, lane: Lane::Normal })
            .is_err()
    );
}

#[test]
fn airtime_runs_on_the_sessions_timer_through_pause_and_resume() {
    let mut room = Room::new();
    room.toggle();
    room.wait(10);
    let kari = room.add(kari(), Lane::Normal);
    room.start(kari);
    room.wait(30);
    let speaker = room.live.queues.speaker(kari).unwrap().clone();
    assert_eq!(room.live.airtime(&speaker, room.now.mono), s(30));
    room.toggle(); // paused at 40 s
    room.wait(300);
    assert_eq!(room.live.airtime(&speaker, room.now.mono), s(30), "a pause stops the turn");
    let countdown = room.live.speaker_countdown(room.now.mono).unwrap();
    assert_eq!((countdown.left, countdown.phase), (90, Phase::Paused));
    assert_eq!(countdown.words(), "1:30 left");
    assert_eq!(room.live.until_speaker_tick(room.now.mono), None, "asleep while paused");
    room.toggle(); // resumed
    room.wait(20);
    room.end(kari);
    let speaker = room.live.queues.speaker(kari).unwrap().clone();
    assert_eq!(
        speaker.turn,
        Turn::Spoke { from_ms: 10_000, to_ms: 60_000, at: wall() + chrono::Duration::seconds(10) }
    );
    room.wait(100);
    assert_eq!(room.live.airtime(&speaker, room.now.mono), s(50));
    assert_eq!(room.live.speaker_countdown(room.now.mono), None, "nobody has the floor");
}

#[test]
fn the_countdown_uses_the_sessions_speaker_time_warns_and_counts_over() {
    let mut room = Room::new();
    assert_eq!(room.live.speaker_time(0), s(120), "the session's own");
    assert_eq!(room.live.speaker_time(1), s(180), "the event's");
    room.toggle();
    let kari = room.add(kari(), Lane::Normal);
    room.start(kari);
    room.wait(89);
    let countdown = room.live.speaker_countdown(room.now.mono).unwrap();
    assert_eq!((countdown.left, countdown.phase), (31, Phase::OnTime));
    room.wait(1);
    assert_eq!(room.live.speaker_countdown(room.now.mono).unwrap().phase, Phase::WrapUp);
    room.wait(42);
    let countdown = room.live.speaker_countdown(room.now.mono).unwrap();
    assert_eq!((countdown.left, countdown.phase), (-12, Phase::Over));
    assert_eq!(countdown.words(), "0:12 over");
    // A new speaking time counts for the speaker who has the floor too.
    room.commit(Change::SpeakerTime { session: 0, speaker_s: 180 });
    assert_eq!(room.live.speaker_countdown(room.now.mono).unwrap().left, 48);
    // The next second of the speaker's countdown, not the session's.
    room.wait_ms(300);
    assert_eq!(room.live.until_speaker_tick(room.now.mono), Some(Duration::from_millis(700)));
}

impl Room {
    fn wait_ms(&mut self, ms: u64) {
        self.now = self.now.plus(Duration::from_millis(ms));
    }
}

#[test]
fn the_session_ending_ends_the_turn_and_a_new_turn_ends_the_last() {
    let mut room = Room::new();
    room.toggle();
    let kari = room.add(kari(), Lane::Normal);
    let marit = room.add(marit(), Lane::Normal);
    room.start(kari);
    room.wait(40);
    // Giving the floor to the next ends the turn of whoever had it.
    room.start(marit);
    assert_eq!(room.live.queues.speaking(0).map(|s| s.id), Some(marit));
    room.wait(25);
    let elapsed_ms = room.elapsed_ms();
    room.commit(Change::SessionEnded { session: 0, elapsed_ms });
    room.wait(600);
    let airtime = |id| {
        let speaker = room.live.queues.speaker(id).unwrap();
        room.live.airtime(speaker, room.now.mono)
    };
    assert_eq!((airtime(kari), airtime(marit)), (s(40), s(25)));
    assert_eq!(room.live.queues.speaking(0), None);
}

#[test]
fn airtime_adds_up_per_person_and_per_group() {
    let mut room = Room::new();
    room.toggle();
    for (who, secs) in [
        (kari(), 30),
        (annelies(), 45),
        (kari(), 20),
        (Raiser::Group("industry".into()), 15),
        (ola(), 10),
        (Raiser::Unknown("a man at the back".into()), 5),
    ] {
        let id = room.add(who, Lane::Normal);
        room.start(id);
        room.wait(secs);
        room.end(id);
    }
    let now = room.now.mono;
    let per_person: Vec<(Raiser, usize, Duration)> = room
        .live
        .airtime_per_speaker(None, now)
        .into_iter()
        .map(|(who, a)| (who.clone(), a.turns, a.time))
        .collect();
    assert_eq!(
        per_person,
        [
            (kari(), 2, s(50)),
            (annelies(), 1, s(45)),
            (Raiser::Group("industry".into()), 1, s(15)),
            (ola(), 1, s(10)),
            (Raiser::Unknown("a man at the back".into()), 1, s(5)),
        ]
    );
    let per_group: Vec<(Option<&str>, usize, Duration)> = room
        .live
        .airtime_per_group(Some(0), now)
        .into_iter()
        .map(|(group, a)| (group, a.turns, a.time))
        .collect();
    assert_eq!(
        per_group,
        [(Some("industry"), 3, s(65)), (Some("academia"), 1, s(45)), (None, 2, s(15))]
    );
    assert!(room.live.airtime_per_group(Some(1), now).iter().all(|(_, a)| a.turns == 0));
}

#[test]
fn the_queue_warns_when_its_speakers_cannot_fit_in_the_time_left() {
    let mut room = Room::new();
    room.toggle();
    room.wait(4 * 60);
    for who in [kari(), marit(), annelies()] {
        room.add(who, Lane::Normal);
    }
    // 3 × 2m = 6m in the 6m left: it fits.
    assert_eq!(room.live.queue_fit(0, room.now.mono), None);
    room.add(ola(), Lane::DirectReply);
    let fit = room.live.queue_fit(0, room.now.mono).unwrap();
    assert_eq!(fit.to_string(), "4 waiting × 2m > 6m left");
    room.wait(30);
    room.add(kari(), Lane::Normal);
    assert_eq!(
        room.live.queue_fit(0, room.now.mono).unwrap().to_string(),
        "5 waiting × 2m > 5m 30s left"
    );
    room.wait(20 * 60);
    assert_eq!(
        room.live.queue_fit(0, room.now.mono).unwrap().to_string(),
        "5 waiting × 2m > no time left"
    );
}

#[test]
fn the_agenda_gives_each_speakers_time_per_session_or_for_the_event_else_two_minutes() {
    let agenda = parse_agenda(AGENDA).agenda.unwrap();
    assert_eq!(agenda.speaker, Some(s(180)));
    assert_eq!(agenda.sessions[0].speaker, Some(s(120)));
    let plain = parse_agenda(
        "title = \"T\"\nkind = \"lab\"\ndate = 2026-05-12\nstart = \"18:00\"\n[[sessions]]\ntitle = \"A\"\nduration = \"10m\"\n",
    )
    .agenda
    .unwrap();
    assert_eq!(plain.speaker_time(&plain.sessions[0]), s(120));
    let bad = parse_agenda(
        "title = \"T\"\nkind = \"lab\"\ndate = 2026-05-12\nstart = \"18:00\"\nspeaker = \"2 min\"\n[[sessions]]\ntitle = \"A\"\nduration = \"10m\"\nspeeker = \"1m\"\n",
    );
    assert!(bad.agenda.is_none());
    let messages: Vec<(usize, usize, &str)> =
        bad.diagnostics.iter().map(|d| (d.line, d.column, d.message.as_str())).collect();
    assert_eq!(
        messages,
        [
            (5, 11, "`speaker` \"2 min\" does not parse; did you mean \"2m\"?"),
            (9, 1, "unknown key `speeker` in session 1; did you mean `speaker`?"),
        ]
    );
}
