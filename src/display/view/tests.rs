//! The room display at the sizes a projector's terminal has (100x30 in a huge font, 300x80
//! in a small one, 40x12), in every phase, with a message, blinking, blacked out, before the
//! start and after the end.

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use super::*;
use crate::agenda::parse_agenda;
use crate::event::{Change, DeviceId, Entry};
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

[[sessions]]
title = "Coffee"
duration = "15m"
"#;

const COLOR: Theme = Theme { color: true };
const PLAIN: Theme = Theme { color: false };

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

    fn wait(&mut self, seconds: u64) {
        let by = Duration::from_secs(seconds);
        self.now = Now {
            mono: self.now.mono + by,
            wall: self.now.wall + chrono::Duration::seconds(seconds as i64),
        };
    }

    fn wait_ms(&mut self, ms: u64) {
        let by = Duration::from_millis(ms);
        self.now = Now {
            mono: self.now.mono + by,
            wall: self.now.wall + chrono::Duration::milliseconds(ms as i64),
        };
    }

    fn commit(&mut self, change: Change) {
        let entry = Entry::format_1(self.live.applied + 1, self.now.wall, change);
        self.live.apply(&entry, self.now).unwrap();
    }

    fn start(mut self) -> Event {
        let change = self.live.toggle(self.now.mono);
        self.commit(change);
        self
    }

    fn next(mut self) -> Event {
        for change in self.live.moves_to(self.live.current + 1, true, self.now.mono) {
            self.commit(change);
        }
        self
    }

    fn after(mut self, seconds: u64) -> Event {
        self.wait(seconds);
        self
    }

    fn message(mut self, text: &str) -> Event {
        self.commit(Change::MessageShown { text: text.into() });
        self
    }

    /// A question captured with a name and a note: never on the room's screen.
    fn captured(mut self) -> Event {
        for (kind, text) in [
            (ItemKind::Question, "Ingrid Solberg asks whether the water is safe"),
            (ItemKind::Note, "internal: call the mayor back"),
        ] {
            self.commit(Change::ItemCaptured {
                item: ItemId { device: DeviceId::FORMAT_1, seq: self.live.applied + 1 },
                kind,
                session: self.live.current,
                offset_ms: 0,
                fields: Fields {
                    text: text.into(),
                    by: None,
                    themes: vec![],
                    owner: None,
                    due: None,
                    internal: false,
                },
            });
        }
        self
    }
}

fn render(
    event: &Event,
    width: u16,
    height: u16,
    theme: &Theme,
    timer_only: bool,
) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| draw(frame, Showing::Event(&event.live), event.now, theme, timer_only))
        .unwrap();
    terminal
}

/// The screen's text, one line per row.
fn text(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            out.push_str(buffer[(x, y)].symbol());
        }
        out.push('\n');
    }
    out
}

/// The states the room sees while a session runs, each with its phase.
fn phases() -> Vec<(&'static str, Event)> {
    vec![
        // 06:40 left of 10 minutes.
        ("on_time", Event::at(18, 0).start().after(200)),
        // 01:30 left: past the warning at 2 minutes.
        ("wrap_up", Event::at(18, 0).start().after(510)),
        // 00:15 left: past the danger at 30 seconds.
        ("danger", Event::at(18, 0).start().after(585)),
        // The second session freezes at zero.
        ("time_is_up", Event::at(18, 0).start().after(600).next().after(25 * 60 + 40)),
        ("over", Event::at(18, 0).start().after(600 + 133)),
        (
            "with_message",
            Event::at(18, 0).start().after(200).message("Please wrap up in 5 minutes"),
        ),
    ]
}

#[test]
fn the_display_in_every_phase_at_projector_sizes() {
    for (name, event) in phases() {
        for (width, height) in [(100, 30), (300, 80), (40, 12)] {
            let terminal = render(&event, width, height, &COLOR, false);
            insta::assert_snapshot!(format!("{name}_{width}x{height}"), terminal.backend());
        }
    }
}

#[test]
fn each_phase_has_its_words() {
    let words: Vec<(&str, &str)> = vec![
        ("on_time", "on time"),
        ("wrap_up", "wrap up"),
        ("danger", "time is almost up"),
        ("time_is_up", "time is up"),
        ("over", "+02:13 over"),
    ];
    for ((name, event), (expected_name, expected)) in phases().into_iter().zip(words) {
        assert_eq!(name, expected_name);
        let screen = text(&render(&event, 100, 30, &COLOR, false));
        assert!(screen.contains(expected), "{name}:\n{screen}");
        assert!(screen.contains(" 18:"), "{name}: the wall clock:\n{screen}");
    }
}

#[test]
fn each_phase_has_its_colour_and_none_without_colour() {
    let fg = |event: &Event, theme: &Theme| -> Vec<Option<Color>> {
        let terminal = render(event, 100, 30, theme, false);
        let buffer = terminal.backend().buffer();
        // The digits' cells.
        let mut colours: Vec<Option<Color>> = buffer
            .content()
            .iter()
            .filter(|cell| cell.symbol() == "█")
            .map(|cell| (cell.fg != Color::Reset).then_some(cell.fg))
            .collect();
        colours.dedup();
        colours
    };
    let expected =
        [None, Some(Color::Yellow), Some(Color::Red), Some(Color::Red), Some(Color::Red)];
    for ((name, event), expected) in phases().into_iter().zip(expected) {
        assert_eq!(fg(&event, &COLOR), vec![expected], "{name}");
        // NO_COLOR: no colour at all; the alarm is a bright box with the digits cut out.
        let terminal = render(&event, 100, 30, &PLAIN, false);
        let buffer = terminal.backend().buffer();
        assert!(
            buffer.content().iter().all(|c| c.fg == Color::Reset && c.bg == Color::Reset),
            "{name}"
        );
        let reversed = buffer.content().iter().any(|c| c.modifier.contains(Modifier::REVERSED));
        assert_eq!(reversed, matches!(name, "danger" | "time_is_up" | "over"), "{name}");
    }
}

#[test]
fn a_blinking_message_alternates_reversed_every_half_second_for_three_seconds() {
    let mut event = Event::at(18, 0).start().after(200).message("Please wrap up");
    event.commit(Change::MessageBlinked);
    let reversed = |event: &Event| {
        let terminal = render(event, 100, 30, &COLOR, false);
        terminal
            .backend()
            .buffer()
            .content()
            .iter()
            .any(|c| c.modifier.contains(Modifier::REVERSED))
    };
    let mut seen = Vec::new();
    for _ in 0..8 {
        seen.push(reversed(&event));
        event.wait_ms(500);
    }
    assert_eq!(seen, [true, false, true, false, true, false, false, false]);
    insta::assert_snapshot!("message_blinking_100x30", {
        let mut event = Event::at(18, 0).start().after(200).message("Please wrap up");
        event.commit(Change::MessageBlinked);
        render(&event, 100, 30, &COLOR, false).backend().clone()
    });
}

#[test]
fn blackout_is_an_empty_screen() {
    let mut event = Event::at(18, 0).start().after(200).message("Please wrap up");
    event.commit(Change::DisplayBlackout { on: true });
    for (width, height) in [(100, 30), (300, 80), (40, 12)] {
        for timer_only in [false, true] {
            let terminal = render(&event, width, height, &COLOR, timer_only);
            assert_eq!(terminal.backend().buffer(), &Buffer::empty(Rect::new(0, 0, width, height)));
        }
    }
    event.commit(Change::DisplayBlackout { on: false });
    assert!(text(&render(&event, 100, 30, &COLOR, false)).contains("on time"));
}

#[test]
fn before_the_start_after_the_end_and_timer_only() {
    let before = Event::at(17, 40);
    insta::assert_snapshot!("before_100x30", render(&before, 100, 30, &COLOR, false).backend());
    let before = Event::at(17, 40).message("Welcome! Coffee is in the hall");
    insta::assert_snapshot!(
        "before_with_message_100x30",
        render(&before, 100, 30, &COLOR, false).backend()
    );
    let mut ended = Event::at(18, 0).start().after(300);
    for change in ended.live.ending(ended.now.mono) {
        ended.commit(change);
    }
    insta::assert_snapshot!("ended_100x30", render(&ended, 100, 30, &COLOR, false).backend());
    let timer = Event::at(18, 0).start().after(510).message("Five minutes");
    insta::assert_snapshot!("timer_only_100x30", render(&timer, 100, 30, &COLOR, true).backend());
    insta::assert_snapshot!("timer_only_40x12", render(&timer, 40, 12, &COLOR, true).backend());
}

#[test]
fn the_room_never_sees_captured_items_notes_names_or_the_lead() {
    let states = [
        Event::at(17, 40).captured(),
        Event::at(18, 0).start().after(30).captured(),
        Event::at(18, 0).start().after(30).captured().message("Please wrap up"),
    ];
    for event in &states {
        for (width, height) in [(300, 80), (100, 30), (40, 12)] {
            for timer_only in [false, true] {
                let screen = text(&render(event, width, height, &COLOR, timer_only));
                for secret in
                    ["Ingrid", "Solberg", "water", "mayor", "Clara", "Berg", "Everyone knows"]
                {
                    assert!(!screen.contains(secret), "{secret} at {width}x{height}:\n{screen}");
                }
            }
        }
    }
}

#[test]
fn every_size_draws_without_a_panic() {
    let mut blinking =
        Event::at(18, 0).start().after(200).message("Kaffe til 19:40 — velkommen tilbake");
    blinking.commit(Change::MessageBlinked);
    let mut ended = Event::at(18, 0).start().after(300).message("Takk");
    for change in ended.live.ending(ended.now.mono) {
        ended.commit(change);
    }
    let states = [
        Event::at(17, 40).message("Welcome"),
        blinking,
        ended,
        Event::at(18, 0).start().after(600 + 4000),
    ];
    // And a wall of a terminal.
    let sizes = (1..=120u16).flat_map(|w| (1..=40u16).map(move |h| (w, h))).chain([(1200, 400)]);
    for (width, height) in sizes {
        let area = Rect::new(0, 0, width, height);
        for event in &states {
            for timer_only in [false, true] {
                let mut buf = Buffer::empty(area);
                render_into(
                    &mut buf,
                    area,
                    Showing::Event(&event.live),
                    event.now,
                    &COLOR,
                    timer_only,
                );
            }
        }
        let mut buf = Buffer::empty(area);
        render_into(
            &mut buf,
            area,
            Showing::Waiting(super::super::WAITING),
            states[0].now,
            &PLAIN,
            false,
        );
    }
}

/// Ingrid has had the floor from the speaking queue for 48 s of her 2 minutes, `late_ms`
/// after the session's second rolled over.
fn speaking(late_ms: u64) -> Event {
    let mut event = Event::at(18, 0).start().after(200);
    event.wait_ms(late_ms);
    let speaker = ItemId { device: DeviceId::FORMAT_1, seq: event.live.applied + 1 };
    event.commit(Change::SpeakerAdded {
        speaker,
        session: 0,
        who: crate::event::Raiser::Participant("Ingrid Solberg".into()),
        lane: crate::event::Lane::Normal,
    });
    let offset_ms = event.live.sessions[0].clock.elapsed_ms(event.now.mono);
    event.commit(Change::SpeakerStarted { speaker, offset_ms });
    event.after(48)
}

#[test]
fn the_speakers_countdown_is_under_the_phase_and_never_their_name() {
    let mut event = speaking(0);
    let shown = text(&render(&event, 100, 30, &COLOR, false));
    assert!(shown.contains("Speaker: 1:12 left"), "{shown}");
    assert!(!shown.contains("Ingrid"), "{shown}");
    insta::assert_snapshot!("speaker_100x30", render(&event, 100, 30, &COLOR, false).backend());
    // Past its time it counts on; on a small screen the line gives way before the digits.
    event.wait(90);
    assert!(text(&render(&event, 100, 30, &COLOR, false)).contains("Speaker: 0:18 over"));
    for height in 1..12 {
        let _ = render(&event, 40, height, &COLOR, false);
    }
    // The timer-only display shows the digits alone.
    assert!(!text(&render(&event, 100, 30, &COLOR, true)).contains("Speaker"));
}

#[test]
fn the_display_wakes_for_the_speakers_second_too() {
    // The turn started 300 ms after the session's second: 48.8 s into it the session's next
    // second is 0.9 s away (248.1 s run), the speaker's 0.2 s (71.2 s left).
    let mut event = speaking(300);
    event.wait_ms(800);
    let wake = crate::display::next_change(Showing::Event(&event.live), event.now);
    assert!(wake <= Duration::from_millis(203), "{wake:?}");
    assert!(wake >= Duration::from_millis(200), "{wake:?}");
}

/// A question from a phone (its asker typed a name), approved with a participant's name in
/// it, and pinned for the room.
fn pinned(mut event: Event) -> Event {
    let inbox = DeviceId::inbox_of(DeviceId::new(5));
    let at = event.now.wall;
    let received = Entry {
        device: inbox,
        seq: 1,
        clock: crate::event::Hlc::of(at),
        at,
        change: Change::SubmissionReceived {
            text: "will the trucks' dust be measured at the school?".into(),
            name: Some("Kari Nilsen".into()),
        },
    };
    event.live.apply(&received, event.now).unwrap();
    let submission = ItemId { device: inbox, seq: 1 };
    event.commit(Change::SubmissionApproved {
        submission,
        session: event.live.current,
        offset_ms: 0,
        fields: Fields {
            text: "Ingrid Solberg asks: will the dust from the trucks be measured at the school, and who sees the figures?".into(),
            by: Some(crate::event::Raiser::Online(Some("Kari Nilsen".into()))),
            ..Fields::default()
        },
    });
    event.commit(Change::QuestionPinned { item: Some(submission) });
    event
}

const ASKED: &str = "A participant asks: will the dust from the trucks be measured at the school, and who sees the figures?";

#[test]
fn the_pinned_question_is_under_the_countdown_at_every_size_without_a_name() {
    let event = pinned(Event::at(18, 0).start().after(200));
    for (width, height) in [(100, 30), (300, 80), (40, 12)] {
        let terminal = render(&event, width, height, &COLOR, false);
        let screen = text(&terminal);
        assert!(screen.contains(PINNED_LABEL), "{width}x{height}:\n{screen}");
        for secret in ["Ingrid", "Solberg", "Kari", "Nilsen", "online", "Clara"] {
            assert!(!screen.contains(secret), "{secret} at {width}x{height}:\n{screen}");
        }
        insta::assert_snapshot!(format!("pinned_{width}x{height}"), terminal.backend());
    }
    // The whole question, wrapped, where there is room for it.
    let screen = text(&render(&event, 100, 30, &COLOR, false));
    let words: Vec<&str> = screen.split_whitespace().collect();
    assert!(words.join(" ").contains(ASKED), "{screen}");
    // With a message too, both are there.
    let event = pinned(Event::at(18, 0).start().after(200).message("Please wrap up"));
    let terminal = render(&event, 100, 30, &COLOR, false);
    assert!(text(&terminal).contains(PINNED_LABEL));
    insta::assert_snapshot!("pinned_with_message_100x30", terminal.backend());
}

#[test]
fn the_pinned_question_is_gone_when_unpinned_deleted_blacked_out_or_timer_only() {
    let shows = |event: &Event, timer_only: bool| {
        [(100, 30), (300, 80), (40, 12)]
            .map(|(w, h)| text(&render(event, w, h, &COLOR, timer_only)).contains(PINNED_LABEL))
    };
    let mut event = pinned(Event::at(18, 0).start().after(200));
    assert_eq!(shows(&event, false), [true; 3]);
    assert_eq!(shows(&event, true), [false; 3], "timer only: the digits and the message");
    event.commit(Change::DisplayBlackout { on: true });
    assert_eq!(shows(&event, false), [false; 3]);
    event.commit(Change::DisplayBlackout { on: false });
    let item = event.live.pinned_question().map(|i| i.id).unwrap();
    event.commit(Change::ItemDeleted { item });
    assert_eq!(shows(&event, false), [false; 3], "a deleted question disappears");
    event.commit(Change::ItemRestored { item });
    assert_eq!(shows(&event, false), [true; 3]);
    event.commit(Change::QuestionPinned { item: None });
    assert_eq!(shows(&event, false), [false; 3]);
    // A note or an item kept internal is never the room's, pinned or not.
    let mut event = Event::at(18, 0).start().after(200).captured();
    let note = event.live.items.iter().find(|i| i.kind == ItemKind::Note).map(|i| i.id).unwrap();
    event.commit(Change::QuestionPinned { item: Some(note) });
    assert_eq!(shows(&event, false), [false; 3]);
    assert!(!text(&render(&event, 100, 30, &COLOR, false)).contains("mayor"));
}

#[test]
fn a_pinned_question_draws_at_every_size_without_a_panic() {
    let event = pinned(Event::at(18, 0).start().after(200).message("Please wrap up"));
    let speaking = pinned(speaking(0));
    for (width, height) in (1..=120u16).flat_map(|w| (1..=40u16).map(move |h| (w, h))) {
        let area = Rect::new(0, 0, width, height);
        for event in [&event, &speaking] {
            let mut buf = Buffer::empty(area);
            render_into(&mut buf, area, Showing::Event(&event.live), event.now, &COLOR, false);
        }
    }
}
