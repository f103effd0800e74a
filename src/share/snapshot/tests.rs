//! What the browser display is sent: the room display's state, advanced on the server's
//! clock, and never anything private.

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone};

use super::*;
use crate::agenda::parse_agenda;
use crate::event::{Change, DeviceId, Entry, Lane, Raiser};
use crate::live::{Fields, ItemId, ItemKind};

const AGENDA: &str = r#"
title = "Porsgrunn Citizen Lab 2026"
kind = "lab"
date = 2026-05-12
start = "18:00"
warn = "2m"
danger = "30s"

[[participants]]
name = "Ingrid Solberg"

[[sessions]]
title = "Welcome and ground rules"
duration = "10m"
lead = "Clara Berg"
goal = "Everyone knows how the evening runs"

[[sessions]]
title = "Questions to the pilot plant"
duration = "25m"
at_zero = "freeze"
"#;

fn wall(h: u32, m: u32, s: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(2 * 3600)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 5, 12, h, m, s).single())
        .unwrap()
}

/// The event as the facilitator runs it, at a clock the test moves.
struct Event {
    live: Live,
    now: Now,
}

impl Event {
    fn at(h: u32, m: u32) -> Event {
        let live = Live::new(parse_agenda(AGENDA).agenda.unwrap());
        Event { live, now: Now { mono: Instant::now(), wall: wall(h, m, 0) } }
    }

    fn after_ms(mut self, ms: u64) -> Event {
        self.now = Now {
            mono: self.now.mono + Duration::from_millis(ms),
            wall: self.now.wall + chrono::Duration::milliseconds(ms as i64),
        };
        self
    }

    fn after(self, seconds: u64) -> Event {
        self.after_ms(seconds * 1000)
    }

    fn commit(mut self, change: Change) -> Event {
        let entry = Entry::format_1(self.live.applied + 1, self.now.wall, change);
        self.live.apply(&entry, self.now).unwrap();
        self
    }

    fn toggle(self) -> Event {
        let change = self.live.toggle(self.now.mono);
        self.commit(change)
    }

    fn next(mut self) -> Event {
        for change in self.live.moves_to(self.live.current + 1, true, self.now.mono) {
            self = self.commit(change);
        }
        self
    }

    fn capture(self, kind: ItemKind, text: &str, by: Option<Raiser>) -> Event {
        let item = ItemId { device: DeviceId::FORMAT_1, seq: self.live.applied + 1 };
        let session = self.live.current;
        let fields = Fields { text: text.into(), by, ..Fields::default() };
        self.commit(Change::ItemCaptured { item, kind, session, offset_ms: 0, fields })
    }

    fn snapshot(&self) -> RoomSnapshot {
        RoomSnapshot::of(&self.live, self.now)
    }
}

fn item(seq: u64) -> ItemId {
    ItemId { device: DeviceId::FORMAT_1, seq }
}

#[test]
fn before_the_start_the_room_sees_the_title_and_when_it_starts() {
    let event = Event::at(17, 50);
    let snapshot = event.snapshot();
    assert_eq!(snapshot.state, EventState::Before);
    assert_eq!(snapshot.title, "Porsgrunn Citizen Lab 2026");
    assert_eq!(snapshot.starts.as_deref(), Some("starts at 18:00"));
    assert_eq!((snapshot.session, snapshot.next, snapshot.pinned), (None, None, None));
    // Another day (a rehearsal): it starts whenever the facilitator starts it.
    let rehearsal = Now { wall: wall(17, 50, 0) - chrono::Duration::days(1), ..event.now };
    let snapshot = RoomSnapshot::of(&event.live, rehearsal);
    assert_eq!(snapshot.starts.as_deref(), Some("starts soon"));
}

#[test]
fn a_running_session_sends_its_countdown_thresholds_and_the_next_session() {
    let event = Event::at(18, 0).toggle().after(60);
    let snapshot = event.snapshot();
    assert_eq!(snapshot.state, EventState::Running);
    assert_eq!(
        snapshot.session,
        Some(SessionClock {
            title: "Welcome and ground rules".into(),
            remaining_ms: 540_000,
            running: true,
            phase: RoomPhase::OnTime,
            digits: "09:00".into(),
            words: "on time".into(),
            warn_s: 120,
            danger_s: Some(30),
            at_zero: ZeroRule::Count,
        })
    );
    assert_eq!(
        snapshot.next,
        Some(NextSession { title: "Questions to the pilot plant".into(), at: "18:10".into() })
    );
    assert_eq!(snapshot.ends_at, None);
    let json = serde_json::to_value(&snapshot).unwrap();
    assert_eq!(json["session"]["remaining_ms"], 540_000);
    assert_eq!(json["session"]["phase"], "on_time");
    assert_eq!(json["state"], "running");
    // The last session: the event's projected end instead of a next session.
    let last = Event::at(18, 0).toggle().after(600).next().after(60).snapshot();
    assert_eq!(last.next, None);
    assert_eq!(last.ends_at.as_deref(), Some("18:35"));
}

/// `of` at a later instant and `of` moved on to it agree: the server's advancing is what
/// the room display would show then, in every phase.
#[test]
fn a_snapshot_moved_on_reads_as_one_taken_then() {
    let cases: Vec<(Event, Vec<u64>)> = vec![
        // Counting over at zero, through wrap up, danger and over, around each boundary.
        (
            Event::at(18, 0).toggle(),
            vec![
                0, 1, 999, 1000, 479_000, 479_999, 480_000, 570_000, 599_001, 600_000, 600_001,
                733_500,
            ],
        ),
        // Frozen at zero.
        (Event::at(18, 0).toggle().after(600).next(), vec![0, 1_499_000, 1_500_000, 1_600_000]),
    ];
    for (event, offsets) in cases {
        let taken = event.snapshot();
        for offset in offsets {
            let later = Event { live: event.live.clone(), now: event.now }.after_ms(offset);
            let expected = later.snapshot();
            let moved = taken.advanced_to(later.now.mono);
            assert_eq!(moved.session, expected.session, "{offset} ms on");
            let countdown = later.live.countdown(later.live.current, later.now.mono);
            let session = moved.session.unwrap();
            assert_eq!(session.digits, countdown.digits, "{offset} ms on");
            assert_eq!(session.phase, countdown.phase.into(), "{offset} ms on");
        }
    }
    // Over: the digits count up; frozen: "time is up" at 00:00.
    let over = Event::at(18, 0)
        .toggle()
        .snapshot()
        .advanced_to(Instant::now() + Duration::from_secs(3600));
    assert!(over.session.unwrap().remaining_ms < 0);
    let taken = Event::at(18, 0).toggle();
    let over = taken.snapshot().advanced_to(taken.now.mono + Duration::from_secs(733));
    let session = over.session.unwrap();
    assert_eq!((session.digits.as_str(), session.words.as_str()), ("+02:13", "+02:13 over"));
    let frozen = Event::at(18, 0).toggle().after(600).next();
    let session =
        frozen.snapshot().advanced_to(frozen.now.mono + Duration::from_secs(1600)).session;
    let session = session.unwrap();
    assert_eq!(
        (session.phase, session.digits.as_str(), session.words.as_str()),
        (RoomPhase::TimeUp, "00:00", "time is up")
    );
}

#[test]
fn a_paused_countdown_stands_still() {
    let event = Event::at(18, 0).toggle().after(90).toggle();
    let snapshot = event.snapshot();
    let session = snapshot.session.clone().unwrap();
    assert_eq!(
        (session.running, session.phase, session.remaining_ms),
        (false, RoomPhase::Paused, 510_000)
    );
    assert_eq!(session.words, "paused");
    let later = snapshot.advanced_to(event.now.mono + Duration::from_secs(300));
    assert_eq!(later.session, snapshot.session);
}

#[test]
fn a_blacked_out_display_is_sent_nothing_but_black() {
    let event = Event::at(18, 0)
        .toggle()
        .commit(Change::MessageShown { text: "Back in five minutes".into() })
        .commit(Change::DisplayBlackout { on: true });
    let snapshot = event.snapshot();
    assert!(snapshot.blackout);
    assert_eq!(snapshot.state, EventState::Running);
    assert_eq!((snapshot.session, snapshot.message, snapshot.next), (None, None, None));
    let back = event.commit(Change::DisplayBlackout { on: false }).snapshot();
    assert!(!back.blackout);
    assert_eq!(back.message.map(|m| m.text).as_deref(), Some("Back in five minutes"));
}

#[test]
fn a_blinking_message_says_for_how_long_and_since_when() {
    let event = Event::at(18, 0)
        .toggle()
        .commit(Change::MessageShown { text: "Please wrap up".into() })
        .commit(Change::MessageBlinked)
        .after_ms(1200);
    let snapshot = event.snapshot();
    let blinking = Message { text: "Please wrap up".into(), blink_ms: 1800, blink_since_ms: 1200 };
    assert_eq!(snapshot.message, Some(blinking));
    let moved = snapshot.advanced_to(event.now.mono + Duration::from_millis(500));
    assert_eq!(moved.message.as_ref().map(|m| (m.blink_ms, m.blink_since_ms)), Some((1300, 1700)));
    let done = snapshot.advanced_to(event.now.mono + Duration::from_secs(2));
    assert_eq!(done.message.as_ref().map(|m| (m.blink_ms, m.blink_since_ms)), Some((0, 0)));
    let later = event.after(5).snapshot();
    let steady = Message { text: "Please wrap up".into(), blink_ms: 0, blink_since_ms: 0 };
    assert_eq!(later.message, Some(steady));
}

#[test]
fn the_pinned_question_is_shown_until_unpinned_or_deleted_and_a_note_never() {
    let event = Event::at(18, 0)
        .toggle()
        .capture(ItemKind::Question, "Who measures the dust at the school?", None)
        .capture(ItemKind::Note, "internal: call the mayor back", None)
        .commit(Change::QuestionPinned { item: Some(item(2)) });
    assert_eq!(event.snapshot().pinned.as_deref(), Some("Who measures the dust at the school?"));
    let unpinned = Event { live: event.live.clone(), now: event.now }
        .commit(Change::QuestionPinned { item: None });
    assert_eq!(unpinned.snapshot().pinned, None);
    let deleted = Event { live: event.live.clone(), now: event.now }
        .commit(Change::ItemDeleted { item: item(2) });
    assert_eq!(deleted.snapshot().pinned, None);
    let note = event.commit(Change::QuestionPinned { item: Some(item(3)) });
    assert_eq!(note.snapshot().pinned, None);
}

#[test]
fn no_name_note_lead_or_other_item_reaches_the_room() {
    let event = Event::at(18, 0)
        .toggle()
        .capture(
            ItemKind::Question,
            "Ask Ingrid Solberg whether the well water is tested",
            Some(Raiser::Participant("Ingrid Solberg".into())),
        )
        .capture(ItemKind::Question, "Is the slag heap covered?", None)
        .capture(ItemKind::Note, "internal: call the mayor back", None)
        .commit(Change::SpeakerAdded {
            speaker: item(5),
            session: 0,
            who: Raiser::Participant("Ingrid Solberg".into()),
            lane: Lane::Normal,
        })
        .commit(Change::SpeakerStarted { speaker: item(5), offset_ms: 0 })
        .after(30)
        .commit(Change::QuestionPinned { item: Some(item(2)) });
    let snapshot = event.snapshot();
    // The pinned question, its name replaced as the public minutes replace it.
    let pinned = snapshot.pinned.clone().unwrap();
    assert!(!pinned.contains("Ingrid") && pinned.ends_with("whether the well water is tested"));
    // The speaker's countdown, never their name.
    let speaker = snapshot.speaker.clone().unwrap();
    assert_eq!((speaker.words.as_str(), speaker.phase), ("1:30 left", RoomPhase::OnTime));
    let json = serde_json::to_string(&snapshot).unwrap();
    for private in ["Ingrid", "Solberg", "mayor", "slag heap", "Clara", "Everyone knows"] {
        assert!(!json.contains(private), "{private} in {json}");
    }
}

#[test]
fn the_speakers_countdown_counts_on_with_the_session() {
    let event = Event::at(18, 0)
        .toggle()
        .commit(Change::SpeakerAdded {
            speaker: item(2),
            session: 0,
            who: Raiser::Group("residents".into()),
            lane: Lane::Normal,
        })
        .commit(Change::SpeakerStarted { speaker: item(2), offset_ms: 0 })
        .after_ms(500);
    let taken = event.snapshot();
    let speaker = taken.speaker.clone().unwrap();
    assert_eq!((speaker.remaining_ms, speaker.running, speaker.warn_s), (119_500, true, 30));
    for offset in [0, 89_500, 90_000, 119_500, 125_000] {
        let later = Event { live: event.live.clone(), now: event.now }.after_ms(offset);
        let moved = taken.advanced_to(later.now.mono).speaker;
        assert_eq!(moved, later.snapshot().speaker, "{offset} ms on");
    }
}

#[test]
fn after_the_end_the_room_is_thanked() {
    let event = Event::at(18, 0).toggle().after(600).commit(Change::EventEnded);
    let snapshot = event.snapshot();
    assert_eq!(snapshot.state, EventState::Ended);
    assert_eq!((snapshot.session, snapshot.speaker, snapshot.next), (None, None, None));
}

#[test]
fn nothing_is_shown_before_an_event_is_published() {
    let waiting = RoomSnapshot::waiting("Lab");
    assert_eq!(waiting.advanced_to(Instant::now()), waiting);
    assert_eq!(
        serde_json::to_value(&waiting).unwrap(),
        serde_json::json!({
            "title": "Lab", "state": "before", "blackout": false, "starts": null,
            "session": null, "speaker": null, "message": null, "next": null,
            "ends_at": null, "pinned": null
        })
    );
}

/// The live screen publishes only what changes what the room sees: a snapshot taken later
/// of an unchanged room shows as the earlier one moved on; a message, a pause or a capture
/// pinned is a change.
#[test]
fn a_later_snapshot_of_the_same_room_shows_as_the_earlier_one() {
    let event = Event::at(18, 0).toggle().after(3);
    let first = RoomSnapshot::of(&event.live, event.now);
    let event = event.after_ms(1_537);
    let later = RoomSnapshot::of(&event.live, event.now);
    assert_ne!(first, later, "the countdown moved");
    assert!(first.shows_as(&later));
    let event = event.commit(Change::MessageShown { text: "Please wrap up".into() });
    let message = RoomSnapshot::of(&event.live, event.now);
    assert!(!first.shows_as(&message));
    let event = event.after(2).toggle();
    let paused = RoomSnapshot::of(&event.live, event.now);
    assert!(!message.shows_as(&paused));
    // Paused, nothing moves: the same room 20 s later (within the minute the next
    // session's projected start is given in).
    let event = event.after(20);
    assert!(paused.shows_as(&RoomSnapshot::of(&event.live, event.now)));
}
