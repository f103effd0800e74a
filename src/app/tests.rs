use std::time::{Duration, Instant};

use chrono::{FixedOffset, TimeZone};

use super::*;
use crate::agenda::parse_agenda;
use crate::journal::Entry;

pub(crate) const AGENDA: &str = r#"
title = "Test lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
[[sessions]]
title = "Welcome"
duration = "10m"
[[sessions]]
title = "Questions"
duration = "30m"
[[sessions]]
title = "Wrap-up"
duration = "5m"
"#;

/// Drives update the way the event loop does: records are applied as they come.
pub(crate) struct Harness {
    pub app: App,
    pub now: Now,
    pub log: Vec<Effect>,
}

impl Harness {
    pub fn new() -> Harness {
        let agenda = parse_agenda(AGENDA).agenda.unwrap();
        let wall = FixedOffset::east_opt(7200)
            .and_then(|tz| tz.with_ymd_and_hms(2026, 5, 12, 18, 0, 0).single())
            .unwrap();
        Harness {
            app: App::new(Live::new(agenda)),
            now: Now { mono: Instant::now(), wall },
            log: Vec::new(),
        }
    }
    pub fn send(&mut self, msg: Msg) -> Vec<Effect> {
        let effects = update(&mut self.app, msg, self.now);
        for effect in &effects {
            if let Effect::Record(change) = effect {
                let entry =
                    Entry { seq: self.app.live.seq + 1, at: self.now.wall, change: change.clone() };
                self.app.live.apply(&entry, self.now);
            }
        }
        self.log.extend(effects.clone());
        effects
    }
    pub fn key(&mut self, key: Key) -> Vec<Effect> {
        self.send(Msg::Key(key))
    }
    pub fn keys(&mut self, text: &str) {
        for c in text.chars() {
            self.key(Key::Char(c));
        }
    }
    pub fn wait(&mut self, secs: u64) -> Vec<Effect> {
        self.now = self.now.plus(Duration::from_secs(secs));
        self.send(Msg::Tick)
    }
}

#[test]
fn space_starts_and_pauses() {
    let mut h = Harness::new();
    let effects = h.key(Key::Char(' '));
    assert_eq!(effects, vec![Effect::Record(Change::SessionStarted { session: 0, elapsed_ms: 0 })]);
    h.wait(30);
    let effects = h.key(Key::Char(' '));
    assert_eq!(
        effects,
        vec![Effect::Record(Change::SessionPaused { session: 0, elapsed_ms: 30_000 })]
    );
}

#[test]
fn plus_and_minus_change_the_timebox_within_bounds() {
    let mut h = Harness::new();
    h.keys("++");
    assert_eq!(h.app.live.sessions[0].timebox, Duration::from_secs(12 * 60));
    for _ in 0..20 {
        h.key(Key::Char('-'));
    }
    assert_eq!(h.app.live.sessions[0].timebox, Duration::from_secs(60), "never below a minute");
}

#[test]
fn next_on_the_last_session_ends_it_and_points_to_e() {
    let mut h = Harness::new();
    h.keys(" nn");
    assert_eq!(h.app.live.current, 2);
    h.wait(10);
    h.key(Key::Char('n'));
    assert_eq!(h.app.live.current, 2);
    assert!(matches!(h.app.live.sessions[2].clock, Clock::Done { .. }));
    assert!(h.app.flash.as_deref().unwrap_or("").contains("press E"));
}

#[test]
fn jump_goes_to_a_session_by_number() {
    let mut h = Harness::new();
    h.key(Key::Char('g'));
    assert_eq!(h.app.mode, Mode::Jump);
    h.keys("3");
    h.key(Key::Enter);
    assert_eq!(h.app.live.current, 2);
    h.key(Key::Char('g'));
    h.keys("9");
    h.key(Key::Enter);
    assert_eq!(h.app.live.current, 2);
    assert!(h.app.flash.as_deref().unwrap_or("").contains("1 to 3"));
}

#[test]
fn leaving_asks_only_while_a_session_runs() {
    let mut h = Harness::new();
    assert_eq!(h.key(Key::Ctrl('q')), vec![Effect::Quit]);
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    assert_eq!(h.key(Key::Ctrl('c')), vec![]);
    assert_eq!(h.app.mode, Mode::Confirm);
    h.key(Key::Char('n'));
    assert_eq!(h.app.mode, Mode::Normal);
    h.key(Key::Ctrl('q'));
    assert_eq!(h.key(Key::Char('y')), vec![Effect::Quit]);
}

#[test]
fn end_event_asks_then_ends_the_running_session() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.wait(90);
    h.key(Key::Char('E'));
    assert_eq!(h.app.question, Some(Question::EndEvent));
    let effects = h.key(Key::Char('y'));
    assert_eq!(
        effects,
        vec![
            Effect::Record(Change::SessionEnded { session: 0, elapsed_ms: 90_000 }),
            Effect::Record(Change::EventEnded),
            Effect::EventEnded,
        ]
    );
    assert_eq!(h.app.mode, Mode::Ended);
    assert!(h.app.live.ended_at.is_some());
}

#[test]
fn help_opens_and_closes_back_to_where_it_was() {
    let mut h = Harness::new();
    h.key(Key::Char('?'));
    assert_eq!(h.app.mode, Mode::Help);
    h.key(Key::Char(' '));
    assert_eq!(h.app.live.sessions[0].clock, Clock::NotStarted, "keys under the help do nothing");
    h.key(Key::Esc);
    assert_eq!(h.app.mode, Mode::Normal);
}

#[test]
fn bells_ring_once_at_the_warning_and_at_zero() {
    let mut h = Harness::new();
    h.key(Key::Char('b'));
    h.key(Key::Char(' '));
    assert!(!h.wait(7 * 60).contains(&Effect::Bell));
    assert!(h.wait(60 + 1).contains(&Effect::Bell), "2 minutes left");
    assert!(!h.wait(1).contains(&Effect::Bell));
    assert!(h.wait(120).contains(&Effect::Bell), "zero");
    assert!(!h.wait(5).contains(&Effect::Bell));
}

#[test]
fn no_bell_unless_switched_on() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    assert!(!h.wait(11 * 60).contains(&Effect::Bell));
}
