use std::time::Duration;

use chrono::{DateTime, FixedOffset, TimeZone};

use super::*;
use crate::agenda::parse_agenda;
use crate::journal::{Change, Entry};
use crate::live::{Fields, ItemId, ItemKind};

const AGENDA: &str = r#"
title = "Test lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
end = "19:00"
[[sessions]]
title = "Welcome"
duration = "10m"
[[sessions]]
title = "Questions"
duration = "30m"
[[sessions]]
title = "Coffee"
duration = "10m"
at = "18:45"
"#;

fn s(n: u64) -> Duration {
    Duration::from_secs(n)
}

fn wall(h: u32, m: u32, sec: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(3600)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 5, 12, h, m, sec).single())
        .unwrap()
}

struct Driver {
    live: Live,
    now: Now,
}

impl Driver {
    fn new(h: u32, m: u32) -> Driver {
        let agenda = parse_agenda(AGENDA).agenda.unwrap();
        Driver { live: Live::new(agenda), now: Now { mono: Instant::now(), wall: wall(h, m, 0) } }
    }
    fn wait(&mut self, secs: u64) {
        self.now = self.now.plus(s(secs));
    }
    fn commit(&mut self, change: Change) {
        let entry = Entry::format_1(self.live.applied + 1, self.now.wall, change);
        self.live.apply(&entry, self.now).unwrap();
    }
    fn toggle(&mut self) {
        let change = self.live.toggle(self.now.mono);
        self.commit(change);
    }
    fn next(&mut self) {
        for change in self.live.moves_to(self.live.current + 1, true, self.now.mono) {
            self.commit(change);
        }
    }
    fn previous(&mut self) {
        for change in self.live.moves_to(self.live.current.saturating_sub(1), false, self.now.mono)
        {
            self.commit(change);
        }
    }
    fn elapsed(&self, i: usize) -> Duration {
        self.live.sessions[i].clock.elapsed(self.now.mono)
    }
}

#[test]
fn start_pause_resume_counts_only_running_time() {
    let mut d = Driver::new(18, 0);
    d.toggle();
    d.wait(60);
    d.toggle();
    assert_eq!(d.live.timer_state(0, d.now.mono), TimerState::Paused);
    d.wait(300);
    assert_eq!(d.elapsed(0), s(60));
    d.toggle();
    d.wait(30);
    assert_eq!(d.elapsed(0), s(90));
    assert_eq!(d.live.timer_state(0, d.now.mono), TimerState::Running);
}

#[test]
fn overtime_and_extend() {
    let mut d = Driver::new(18, 0);
    d.toggle();
    d.wait(11 * 60);
    assert_eq!(d.live.timer_state(0, d.now.mono), TimerState::Overtime);
    assert_eq!(displayed_seconds(d.live.sessions[0].timebox, d.elapsed(0)), -60);
    for _ in 0..2 {
        d.commit(Change::SessionExtended {
            session: 0,
            timebox_s: d.live.sessions[0].timebox.as_secs() + 60,
        });
    }
    assert_eq!(d.live.timer_state(0, d.now.mono), TimerState::Running);
    assert_eq!(displayed_seconds(d.live.sessions[0].timebox, d.elapsed(0)), 60);
}

#[test]
fn next_ends_the_current_session_and_starts_the_following() {
    let mut d = Driver::new(18, 0);
    d.toggle();
    d.wait(7 * 60);
    d.next();
    assert_eq!(d.live.current, 1);
    assert_eq!(d.live.sessions[0].clock, Clock::Done { elapsed: s(420) });
    assert!(d.live.is_running());
    d.wait(60);
    assert_eq!(d.elapsed(1), s(60));
}

#[test]
fn next_while_paused_does_not_start_the_following() {
    let mut d = Driver::new(18, 0);
    d.toggle();
    d.wait(60);
    d.toggle();
    d.next();
    assert_eq!(d.live.sessions[0].clock, Clock::Done { elapsed: s(60) });
    assert_eq!(d.live.sessions[1].clock, Clock::NotStarted);
}

#[test]
fn previous_pauses_and_reopens() {
    let mut d = Driver::new(18, 0);
    d.toggle();
    d.wait(60);
    d.next();
    d.wait(5);
    d.previous();
    assert_eq!(d.live.current, 0);
    assert_eq!(d.live.sessions[1].clock, Clock::Paused { elapsed: s(5) });
    assert_eq!(d.live.timer_state(0, d.now.mono), TimerState::Done);
    d.toggle();
    d.wait(10);
    assert_eq!(d.elapsed(0), s(70));
    d.next();
    assert_eq!(d.elapsed(1), s(5), "the session resumes where it was");
    assert!(d.live.is_running());
}

#[test]
fn a_wall_clock_jump_does_not_move_the_timer() {
    let mut d = Driver::new(18, 0);
    d.toggle();
    d.wait(60);
    // The wall clock jumps an hour back (time zone or NTP), the monotonic clock does not.
    d.now.wall -= chrono::Duration::hours(1);
    assert_eq!(d.elapsed(0), s(60));
    d.toggle();
    assert_eq!(d.live.sessions[0].clock, Clock::Paused { elapsed: s(60) });
}

#[test]
fn projection_on_time_behind_and_past_end() {
    let mut d = Driver::new(18, 0);
    let p = d.live.projection(d.now);
    assert_eq!(p.standing, Standing::OnTime);
    assert_eq!(p.projected_end.format("%H:%M").to_string(), "18:55");
    d.toggle();
    d.wait(15 * 60); // five minutes over the ten-minute welcome
    let p = d.live.projection(d.now);
    // 18:15 now + 30m questions = 18:45, coffee fixed at 18:45 → 18:55: the wait absorbs it.
    assert_eq!(p.standing, Standing::OnTime);
    d.commit(Change::SessionExtended { session: 0, timebox_s: 20 * 60 });
    d.next();
    d.wait(40 * 60); // questions run 40 minutes instead of 30: 18:55 now
    let p = d.live.projection(d.now);
    assert_eq!(p.projected_end.format("%H:%M").to_string(), "19:05");
    assert_eq!(p.standing, Standing::Behind(s(600)));
    assert_eq!(p.past_hard_end, Some(s(300)));
    assert_eq!(p.describe(), "10 min behind — projected end 19:05, 5 min past end 19:00");
}

#[test]
fn projection_ahead() {
    let mut d = Driver::new(18, 0);
    d.toggle();
    d.wait(60);
    d.next(); // welcome took one minute instead of ten
    d.wait(60);
    d.next(); // questions one minute instead of thirty; coffee starts at once at 18:02
    let p = d.live.projection(d.now);
    assert_eq!(p.projected_end.format("%H:%M").to_string(), "18:12");
    assert_eq!(p.standing, Standing::Ahead(s(43 * 60)));
    assert_eq!(p.describe(), "43 min ahead — projected end 18:12");
    let mut d = Driver::new(18, 0);
    d.commit(Change::SessionExtended { session: 0, timebox_s: 5 * 60 });
    let p = d.live.projection(d.now);
    assert_eq!(p.standing, Standing::OnTime, "the fixed coffee still holds the end");
}

#[test]
fn a_rehearsal_on_another_day_is_measured_from_its_own_start() {
    let mut d = Driver::new(14, 0);
    d.now.wall += chrono::Duration::days(3);
    let p = d.live.projection(d.now);
    assert_eq!(p.standing, Standing::OnTime);
    assert_eq!(p.projected_end.format("%H:%M").to_string(), "14:55");
    d.toggle();
    d.wait(20 * 60);
    let p = d.live.projection(d.now);
    // 14:20 + 30m questions = 14:50, past the coffee's shifted 14:45: five minutes late.
    assert_eq!(p.standing, Standing::Behind(s(300)));
}

#[test]
fn replay_continues_a_running_session() {
    let mut d = Driver::new(18, 0);
    d.toggle();
    d.wait(120);
    d.toggle();
    d.toggle();
    // Replayed five minutes after the last entry: the session ran on meanwhile.
    let entries = vec![
        Entry::format_1(1, wall(18, 0, 0), Change::SessionStarted { session: 0, elapsed_ms: 0 }),
        Entry::format_1(
            2,
            wall(18, 2, 0),
            Change::SessionPaused { session: 0, elapsed_ms: 120_000 },
        ),
        Entry::format_1(
            3,
            wall(18, 2, 0),
            Change::SessionStarted { session: 0, elapsed_ms: 120_000 },
        ),
    ];
    let mut replayed = Live::new(d.live.agenda.clone());
    let later = Now { mono: Instant::now(), wall: wall(18, 7, 0) };
    for entry in &entries {
        replayed.apply(entry, later).unwrap();
    }
    assert_eq!(replayed.sessions[0].clock.elapsed(later.mono), s(420));
    assert_eq!(replayed.applied, 3);
}

#[test]
fn item_counts_follow_capture_move_delete_and_restore() {
    let mut d = Driver::new(18, 0);
    let capture = |item, session| Change::ItemCaptured {
        item: ItemId::format_1(item),
        kind: ItemKind::Concern,
        session,
        offset_ms: 0,
        fields: Fields { text: format!("concern {item}"), ..Fields::default() },
    };
    d.commit(capture(1, 0));
    d.commit(capture(2, 0));
    d.commit(capture(3, 1));
    assert_eq!((d.live.item_count(0), d.live.item_count(1)), (2, 1));
    d.commit(Change::ItemMoved { item: ItemId::format_1(1), session: 1 });
    assert_eq!((d.live.item_count(0), d.live.item_count(1)), (1, 2));
    d.commit(Change::ItemDeleted { item: ItemId::format_1(3) });
    d.commit(Change::ItemDeleted { item: ItemId::format_1(3) });
    assert_eq!(d.live.item_count(1), 1, "deleting twice counts once");
    d.commit(Change::ItemMoved { item: ItemId::format_1(3), session: 0 });
    assert_eq!(
        (d.live.item_count(0), d.live.item_count(1)),
        (1, 1),
        "a deleted item moves uncounted"
    );
    d.commit(Change::ItemRestored { item: ItemId::format_1(3) });
    assert_eq!(d.live.item_count(0), 2);
    assert_eq!(d.live.item_count(9), 0);
    for session in 0..3 {
        assert_eq!(d.live.item_count(session), d.live.session_items(session).count());
    }
}

#[test]
fn the_header_says_one_rounded_end_and_the_overrun_from_it() {
    let mut d = Driver::new(18, 0);
    d.toggle();
    d.wait(15 * 60);
    d.commit(Change::SessionExtended { session: 0, timebox_s: 20 * 60 });
    d.next();
    d.wait(40 * 60 + 40); // 18:55:40 now; the coffee's ten minutes end at 19:05:40
    let p = d.live.projection(d.now);
    // Before, the end was cut to 19:05 while the overrun was rounded to 6 min.
    assert_eq!(p.describe(), "11 min behind — projected end 19:06, 6 min past end 19:00");
    assert_eq!(p.past_hard_end, Some(s(360)));
}

#[test]
fn every_session_not_begun_has_a_projected_start() {
    let at = |h, m| Some(wall(h, m, 0).naive_local());
    let mut d = Driver::new(18, 0);
    let p = d.live.projection(d.now);
    assert_eq!(p.starts, [at(18, 0), at(18, 10), at(18, 45)]);
    d.toggle();
    d.wait(25 * 60 + 20); // the welcome runs 15 min 20 s over
    let p = d.live.projection(d.now);
    // Questions follow the welcome's end (18:10 + 15:20, to the minute); the coffee is
    // fixed at 18:45 but the questions now run into it.
    assert_eq!(p.starts, [None, at(18, 25), at(18, 55)]);
}

#[test]
fn a_projected_end_on_the_next_day_says_which_day() {
    let agenda = parse_agenda(
        r#"
title = "Night of the citizen lab"
kind = "lab"
date = 2026-05-12
start = "23:00"
[[sessions]]
title = "Stargazing over the plant"
duration = "2h"
"#,
    )
    .agenda
    .unwrap();
    let live = Live::new(agenda);
    let now = Now { mono: Instant::now(), wall: wall(23, 0, 0) };
    assert_eq!(live.projection(now).describe(), "on time — projected end Wed 01:00");
}

#[test]
fn replay_refuses_what_the_agenda_or_the_state_cannot_hold_and_names_the_line() {
    let agenda = parse_agenda(AGENDA).agenda.unwrap();
    let capture = |item, session, text: &str| Change::ItemCaptured {
        item: ItemId::format_1(item),
        kind: ItemKind::Question,
        session,
        offset_ms: 1_000,
        fields: Fields { text: text.into(), ..Fields::default() },
    };
    let long_ago = FixedOffset::east_opt(0).unwrap().with_ymd_and_hms(1, 1, 1, 0, 0, 0).unwrap();
    let changes = [
        capture(1, 0, "Will the dust reach the school?"),
        Change::SessionExtended { session: 0, timebox_s: 10u64.pow(13) },
        capture(u64::MAX, 1, "forged id"),
        capture(1, 1, "the same id again"),
        Change::SessionStarted { session: 7, elapsed_ms: 0 },
        Change::SessionSelected { session: 3 },
        Change::ItemMoved { item: ItemId::format_1(1), session: 5 },
        Change::ItemAnswered { item: ItemId::format_1(42), answer: "Yes".into() },
        capture(2, 2, "Who pays for the monitoring?"),
        Change::SessionExtended { session: 1, timebox_s: 0 },
        Change::SessionPaused { session: 0, elapsed_ms: u64::MAX },
        Change::SessionStarted { session: 0, elapsed_ms: 0 },
    ];
    let entries: Vec<Entry> = changes
        .into_iter()
        .enumerate()
        .map(|(i, change)| {
            let at = if i == 11 { long_ago } else { wall(18, 5, i as u32) };
            Entry::format_1(i as u64 + 1, at, change)
        })
        .collect();
    // Line 1 is the header; line 6 was damaged, so the entries after it sit a line lower.
    let lines: Vec<usize> = (2..6).chain(7..15).collect();
    let expected = [
        "line 3 of the journal was not replayed: its timebox of 10000000000000 s is not between 1 s and 24 h",
        "line 4 of the journal was not replayed: item id 18446744073709551615 is above its entry's sequence number 3 (ids are given in turn from 1)",
        "line 5 of the journal was not replayed: item 1 was already captured; a second capture would hide the first",
        "line 7 of the journal was not replayed: it names session index 7, but the agenda has 3 sessions (0 to 2)",
        "line 8 of the journal was not replayed: it names session index 3, but the agenda has 3 sessions (0 to 2)",
        "line 9 of the journal was not replayed: it names session index 5, but the agenda has 3 sessions (0 to 2)",
        "line 10 of the journal was not replayed: item 42 was never captured",
        "line 12 of the journal was not replayed: its timebox of 0 s is not between 1 s and 24 h",
        "line 13 of the journal was not replayed: its elapsed time of 18446744073709551615 ms is more than 10,000 years (a forged number)",
        "line 14 of the journal was not replayed: its time 0001-01-01 00:00:00 +00:00 is not in the years 1900 to 9999",
    ];
    assert_eq!(Live::refusals(&agenda, &entries, &lines), expected);

    let mut live = Live::new(agenda);
    let now = Now { mono: Instant::now(), wall: wall(18, 6, 0) };
    assert_eq!(live.replay(entries, &lines, now), expected);
    // Nothing refused changed the event: two items where they were captured, timeboxes
    // as planned, no timer started, the facilitator on the first session.
    let items: Vec<(u64, usize, &str)> =
        live.items.iter().map(|i| (i.id.seq, i.session, i.fields.text.as_str())).collect();
    assert_eq!(
        items,
        [(1, 0, "Will the dust reach the school?"), (2, 2, "Who pays for the monitoring?")]
    );
    let timeboxes: Vec<Duration> = live.sessions.iter().map(|r| r.timebox).collect();
    assert_eq!(timeboxes, [s(600), s(1800), s(600)]);
    assert!(live.sessions.iter().all(|r| r.clock == Clock::NotStarted));
    assert_eq!((live.current, live.applied, live.next_number()), (0, 2, 3));
    assert_eq!(live.projection(now).describe(), "1 min behind — projected end 18:56");
}

#[test]
fn a_record_resumed_months_later_keeps_what_it_captures() {
    // A session left running in May counts on: in November its items are captured 200
    // days into it, and replaying them must accept what convene itself wrote.
    let mut d = Driver::new(18, 0);
    d.toggle();
    let fields =
        Fields { text: "Is the dust monitored near the school?".into(), ..Fields::default() };
    let change = Change::ItemCaptured {
        item: ItemId::format_1(1),
        kind: ItemKind::Question,
        session: 0,
        offset_ms: 17_285_774_493,
        fields,
    };
    d.commit(change);
    d.commit(Change::SessionPaused { session: 0, elapsed_ms: 17_285_800_000 });
    assert_eq!(d.live.item_count(0), 1);
    assert_eq!(
        d.live.sessions[0].clock,
        Clock::Paused { elapsed: Duration::from_millis(17_285_800_000) }
    );
}

/// The conflict rules of several devices (shared/design/ROOM.md), one test each: lines of
/// devices A (the facilitator) and B, folded in (clock, device, seq) order as a record's
/// journals are read.
mod conflicts {
    use super::*;
    use crate::event::{DeviceId, Hlc};

    const A: DeviceId = DeviceId::new(0xa);
    const B: DeviceId = DeviceId::new(0xb);

    /// Lines as (device, seq, clock second, change); A hands itself the sessions first.
    fn fold(lines: Vec<(DeviceId, u64, u64, Change)>) -> Live {
        let mut entries: Vec<Entry> = lines
            .into_iter()
            .map(|(device, seq, second, change)| Entry {
                device,
                seq,
                clock: Hlc((1_778_601_600 + second) << 32),
                at: wall(18, 0, 0) + chrono::Duration::seconds(second as i64),
                change,
            })
            .collect();
        entries.insert(
            0,
            Entry {
                device: A,
                seq: 0,
                clock: Hlc(0),
                at: wall(18, 0, 0),
                change: Change::FacilitatorChanged { to: A },
            },
        );
        entries.sort_by_key(Entry::order);
        let mut live = Live::new(parse_agenda(AGENDA).agenda.unwrap());
        let now = Now { mono: Instant::now(), wall: wall(19, 0, 0) };
        live.replay(entries, &[], now);
        live
    }

    fn captured(device: DeviceId, seq: u64, text: &str) -> Change {
        Change::ItemCaptured {
            item: ItemId { device, seq },
            kind: ItemKind::Question,
            session: 0,
            offset_ms: 0,
            fields: Fields { text: text.into(), ..Fields::default() },
        }
    }

    fn edited(item: ItemId, text: &str) -> Change {
        let fields = Fields { text: text.into(), ..Fields::default() };
        Change::ItemEdited { item, kind: ItemKind::Question, fields }
    }

    const DUST: ItemId = ItemId { device: A, seq: 1 };

    #[test]
    fn two_captures_at_once_are_both_kept_in_clock_order() {
        // B's line was written a second earlier; equal clocks order by device.
        let live = fold(vec![
            (A, 1, 10, captured(A, 1, "Will the dust reach the school?")),
            (B, 1, 9, captured(B, 1, "Who pays for the monitoring?")),
            (A, 2, 20, captured(A, 2, "Trucks at night")),
            (B, 2, 20, captured(B, 2, "Noise from the night shift")),
        ]);
        let texts: Vec<(&str, u64)> =
            live.items.iter().map(|i| (i.fields.text.as_str(), i.number)).collect();
        assert_eq!(
            texts,
            [
                ("Who pays for the monitoring?", 1),
                ("Will the dust reach the school?", 2),
                ("Trucks at night", 3),
                ("Noise from the night shift", 4),
            ]
        );
    }

    #[test]
    fn two_edits_of_one_item_the_last_writer_wins() {
        let edits = |b_second| {
            fold(vec![
                (A, 1, 10, captured(A, 1, "Will the dust reach the school?")),
                (A, 2, 30, edited(DUST, "A: will the dust reach the school yard?")),
                (B, 1, b_second, edited(DUST, "B: will the dust reach the kindergarten?")),
            ])
        };
        assert_eq!(
            edits(31).item(DUST).unwrap().fields.text,
            "B: will the dust reach the kindergarten?"
        );
        assert_eq!(
            edits(29).item(DUST).unwrap().fields.text,
            "A: will the dust reach the school yard?"
        );
        // The same clock: the higher device id wins, on every laptop alike.
        assert_eq!(
            edits(30).item(DUST).unwrap().fields.text,
            "B: will the dust reach the kindergarten?"
        );
    }

    #[test]
    fn move_against_move_the_last_writer_wins() {
        let live = fold(vec![
            (A, 1, 10, captured(A, 1, "Will the dust reach the school?")),
            (B, 1, 41, Change::ItemMoved { item: DUST, session: 2 }),
            (A, 2, 40, Change::ItemMoved { item: DUST, session: 1 }),
        ]);
        assert_eq!(live.item(DUST).unwrap().session, 2);
        assert_eq!((live.item_count(1), live.item_count(2)), (0, 1));
    }

    #[test]
    fn delete_wins_over_an_edit_or_a_move_and_only_a_restore_undoes_it() {
        for (edit_second, move_second) in [(20, 21), (40, 41)] {
            let live = fold(vec![
                (A, 1, 10, captured(A, 1, "Will the dust reach the school?")),
                (A, 2, 30, Change::ItemDeleted { item: DUST }),
                (B, 1, edit_second, edited(DUST, "edited on B")),
                (B, 2, move_second, Change::ItemMoved { item: DUST, session: 1 }),
            ]);
            let item = live.item(DUST).unwrap();
            assert!(item.deleted, "edit at {edit_second}s");
            assert_eq!((live.item_count(0), live.item_count(1)), (0, 0));
        }
        let restored = fold(vec![
            (A, 1, 10, captured(A, 1, "Will the dust reach the school?")),
            (A, 2, 30, Change::ItemDeleted { item: DUST }),
            (B, 1, 40, edited(DUST, "edited on B")),
            (A, 3, 50, Change::ItemRestored { item: DUST }),
        ]);
        assert!(!restored.item(DUST).unwrap().deleted);
        assert_eq!(restored.item_count(0), 1);
    }

    #[test]
    fn two_answers_are_both_kept_in_clock_order_and_the_last_word_says_answered() {
        let answered = |a: &str, b: &str| {
            fold(vec![
                (A, 1, 10, captured(A, 1, "Will the dust reach the school?")),
                (B, 1, 20, Change::ItemAnswered { item: DUST, answer: b.into() }),
                (A, 2, 21, Change::ItemAnswered { item: DUST, answer: a.into() }),
            ])
        };
        let live = answered("Yes, within 2 km", "The municipality measures it");
        let item = live.item(DUST).unwrap();
        let answers: Vec<(DeviceId, &str)> =
            item.answers.iter().map(|(d, a)| (*d, a.as_str())).collect();
        assert_eq!(answers, [(B, "The municipality measures it"), (A, "Yes, within 2 km")]);
        assert_eq!(item.answer(), Some("Yes, within 2 km"));
        // The last word reopens it: open, whatever came before.
        let reopened = answered("", "The municipality measures it");
        let item = reopened.item(DUST).unwrap();
        assert_eq!((item.answer(), item.answers.len()), (None, 0));
    }

    #[test]
    fn only_the_facilitators_device_runs_the_sessions_until_it_hands_over() {
        let started = Change::SessionStarted { session: 0, elapsed_ms: 0 };
        let live = fold(vec![
            (B, 1, 10, Change::SessionStarted { session: 2, elapsed_ms: 0 }),
            (B, 2, 11, Change::SessionExtended { session: 0, timebox_s: 3600 }),
            (A, 1, 12, started.clone()),
            (B, 3, 13, Change::SessionEnded { session: 0, elapsed_ms: 1000 }),
            (B, 4, 14, Change::EventEnded),
        ]);
        assert_eq!(live.current, 0);
        assert!(live.sessions[0].clock.is_running());
        assert_eq!(live.sessions[0].timebox, s(600));
        assert_eq!(live.ended_at, None);
        // After A hands over to B, B's changes count and A's do not.
        let live = fold(vec![
            (A, 1, 12, started),
            (A, 2, 20, Change::FacilitatorChanged { to: B }),
            (A, 3, 21, Change::SessionPaused { session: 0, elapsed_ms: 1000 }),
            (B, 1, 22, Change::SessionEnded { session: 0, elapsed_ms: 2000 }),
        ]);
        assert_eq!(live.sessions[0].clock, Clock::Done { elapsed: Duration::from_millis(2000) });
        assert_eq!(live.facilitator, B);
    }
}

/// Consent that changes during the event (`P` on the live screen) or after it (`convene
/// consent`): the fold sets the agenda's consent, and the minutes read it from there.
mod consent {
    use super::*;
    use crate::event::{DeviceId, Hlc, Raiser};
    use crate::minutes::{Audience, render};

    const A: DeviceId = DeviceId::new(0xa);
    const B: DeviceId = DeviceId::new(0xb);

    const COUNCIL: &str = r#"
title = "Harbour dust lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
attribution = "named"

[[groups]]
id = "residents"
name = "Local residents"

[[participants]]
name = "Ingrid Solberg"
group = "residents"
consent = false

[[sessions]]
title = "Questions"
duration = "30m"
"#;

    /// Lines as (device, seq, clock second, change), sorted as a record's journals are
    /// read; A runs the sessions.
    fn entries(lines: Vec<(DeviceId, u64, u64, Change)>) -> Vec<Entry> {
        let mut entries: Vec<Entry> = lines
            .into_iter()
            .map(|(device, seq, second, change)| Entry {
                device,
                seq,
                clock: Hlc((1_778_601_600 + second) << 32),
                at: wall(18, 0, 0) + chrono::Duration::seconds(second as i64),
                change,
            })
            .collect();
        entries.sort_by_key(Entry::order);
        entries
    }

    fn agenda() -> crate::agenda::Agenda {
        parse_agenda(COUNCIL).agenda.unwrap()
    }

    fn consent(yes: bool) -> Change {
        Change::ConsentChanged { participant: "Ingrid Solberg".into(), consent: yes }
    }

    fn ingrid() -> Option<Raiser> {
        Some(Raiser::Participant("Ingrid Solberg".into()))
    }

    /// An evening where Ingrid raises a question and owns an action, and her name is
    /// typed in the texts; then `after` (consent changes), in clock order.
    fn evening(during: Option<bool>, after: Vec<(DeviceId, u64, u64, Change)>) -> Vec<Entry> {
        let question = Fields {
            text: "Ingrid asks whether the dust reaches the school".into(),
            by: ingrid(),
            ..Fields::default()
        };
        let action = Fields {
            text: "Send Ingrid Solberg the dust measurements".into(),
            owner: ingrid(),
            ..Fields::default()
        };
        let mut lines = vec![
            (A, 1, 0, Change::FacilitatorChanged { to: A }),
            (A, 2, 1, Change::SessionStarted { session: 0, elapsed_ms: 0 }),
            (
                A,
                3,
                300,
                Change::ItemCaptured {
                    item: ItemId { device: A, seq: 3 },
                    kind: ItemKind::Question,
                    session: 0,
                    offset_ms: 299_000,
                    fields: question,
                },
            ),
            (
                B,
                1,
                600,
                Change::ItemCaptured {
                    item: ItemId { device: B, seq: 1 },
                    kind: ItemKind::Action,
                    session: 0,
                    offset_ms: 599_000,
                    fields: action,
                },
            ),
            (
                A,
                4,
                700,
                Change::ItemAnswered {
                    item: ItemId { device: A, seq: 3 },
                    answer: "Solberg will get the map".into(),
                },
            ),
            (A, 5, 1200, Change::SessionEnded { session: 0, elapsed_ms: 1_199_000 }),
            (A, 6, 1200, Change::EventEnded),
        ];
        if let Some(yes) = during {
            // Given or withdrawn from the note-taker's laptop, mid-session.
            lines.push((B, 2, 400, consent(yes)));
        }
        lines.extend(after);
        entries(lines)
    }

    #[test]
    fn a_consent_change_counts_from_any_device_and_the_latest_by_clock_wins() {
        let fold = |lines| {
            let mut live = Live::new(agenda());
            let now = Now { mono: Instant::now(), wall: wall(19, 0, 0) };
            let refused = live.replay(entries(lines), &[], now);
            (live.agenda.participants[0].consent, refused)
        };
        let facilitator = (A, 1, 0, Change::FacilitatorChanged { to: A });
        // Given on B (not the facilitator's laptop), withdrawn on A later: withdrawn.
        assert_eq!(
            fold(vec![facilitator.clone(), (B, 1, 10, consent(true)), (A, 2, 20, consent(false))]),
            (false, vec![])
        );
        // The same lines with B's clock later: given.
        assert_eq!(
            fold(vec![facilitator.clone(), (B, 1, 30, consent(true)), (A, 2, 20, consent(false))]),
            (true, vec![])
        );
        // A name the agenda does not list is refused and changes nothing.
        let stranger =
            Change::ConsentChanged { participant: "Ingrid Solbreg".into(), consent: true };
        assert_eq!(
            fold(vec![facilitator, (B, 1, 10, stranger)]),
            (
                false,
                vec![format!(
                    "entry 1 of journals/{B}.jsonl was not replayed: participant \"Ingrid Solbreg\" is not in the agenda"
                )]
            )
        );
    }

    #[test]
    fn consent_given_during_the_event_names_the_participant_in_public() {
        let given = render(&agenda(), &evening(Some(true), vec![]), Audience::Public);
        let never = render(&agenda(), &evening(None, vec![]), Audience::Public);
        for line in [
            "- **Question** 18:05: Ingrid asks whether the dust reaches the school — *Ingrid Solberg*",
            "  - *Answer:* Solberg will get the map",
            "- **Action** 18:10: Send Ingrid Solberg the dust measurements · owner: Ingrid Solberg",
            "| Send Ingrid Solberg the dust measurements | Ingrid Solberg | — | 1. Questions |",
        ] {
            assert!(given.lines().any(|l| l == line), "{line:?} in:\n{given}");
        }
        // Without it, as the agenda says (no consent), she is nowhere.
        assert!(!never.contains("Ingrid") && !never.contains("Solberg"), "{never}");
    }

    #[test]
    fn a_consent_withdrawn_days_after_an_unfinished_event_does_not_stretch_its_times() {
        // The evening without its end: the session still runs at the journal's end.
        let unfinished = |after| {
            let mut lines = evening(None, after);
            lines.retain(|e| !matches!(e.change, Change::EventEnded | Change::SessionEnded { .. }));
            lines
        };
        let laptop = DeviceId::new(0xc);
        let later = unfinished(vec![(laptop, 1, 3 * 86_400, consent(false))]);
        let without = unfinished(vec![]);
        let public = render(&agenda(), &later, Audience::Public);
        assert!(!public.contains("Ingrid"), "{public}");
        // The same times as without the consent change: the session ran until 18:11:40.
        let times = |minutes: &str| {
            minutes
                .lines()
                .filter(|l| l.starts_with("| Time") || l.starts_with("| 1 "))
                .map(str::to_string)
                .collect::<Vec<_>>()
        };
        assert_eq!(times(&public), times(&render(&agenda(), &without, Audience::Public)));
        assert!(times(&public)[0].starts_with("| Time | 18:00–18:11 "), "{public}");
    }

    #[test]
    fn consent_withdrawn_during_or_after_the_event_replaces_the_name_everywhere() {
        let given = evening(Some(true), vec![]);
        // Withdrawn after the event, from a third laptop (`convene consent … no`).
        let laptop = DeviceId::new(0xc);
        let withdrawn_after = evening(Some(true), vec![(laptop, 1, 86_400, consent(false))]);
        let withdrawn_during = evening(Some(false), vec![]);
        assert!(render(&agenda(), &given, Audience::Public).contains("*Ingrid Solberg*"));
        for withdrawn in [&withdrawn_after, &withdrawn_during] {
            let public = render(&agenda(), withdrawn, Audience::Public);
            assert!(!public.contains("Ingrid") && !public.contains("Solberg"), "{public}");
            for line in [
                "- **Question** 18:05: A participant from Local residents asks whether the dust reaches the school — *a participant from Local residents*",
                "  - *Answer:* A participant from Local residents will get the map",
                "- **Action** 18:10: Send a participant from Local residents the dust measurements · owner: a participant from Local residents",
            ] {
                assert!(public.lines().any(|l| l == line), "{line:?} in:\n{public}");
            }
        }
        // The internal minutes do not move: same names, same times, same end. Only their
        // last line, the record's journals, counts the laptop's line too.
        let after = render(&agenda(), &withdrawn_after, Audience::Internal);
        let held = render(&agenda(), &given, Audience::Internal);
        let body = |text: &str| text.rsplit_once("\nRecord: ").map(|(body, _)| body.to_string());
        assert_eq!(body(&after), body(&held));
        assert!(
            after.ends_with("\nRecord: journal entries per device: `00000000000000000000000018` 6 · `0000000000000000000000001c` 2 · `0000000000000000000000001g` 1 (devices by the start of their id).\n"),
            "{after}"
        );
    }
}

/// Corrections after the end (`convene run --resume RECORD` on an ended event): reopened,
/// corrected, ended again. The event's times stay as held; the minutes tell the corrections.
mod reopening {
    use super::*;

    /// 13 May, the morning after the evening.
    fn morning(h: u32, m: u32) -> DateTime<FixedOffset> {
        FixedOffset::east_opt(3600)
            .and_then(|tz| tz.with_ymd_and_hms(2026, 5, 13, h, m, 0).single())
            .unwrap()
    }

    /// A format-1 journal, written as convene writes one.
    #[derive(Default)]
    struct Journal {
        entries: Vec<Entry>,
    }

    impl Journal {
        fn push(&mut self, at: DateTime<FixedOffset>, change: Change) -> u64 {
            let seq = self.entries.len() as u64 + 1;
            let change = match change {
                Change::ItemCaptured { kind, session, offset_ms, fields, .. } => {
                    Change::ItemCaptured {
                        item: ItemId::format_1(seq),
                        kind,
                        session,
                        offset_ms,
                        fields,
                    }
                }
                other => other,
            };
            self.entries.push(Entry::format_1(seq, at, change));
            seq
        }
    }

    fn captured(kind: ItemKind, session: usize, text: &str) -> Change {
        Change::ItemCaptured {
            item: ItemId::default(),
            kind,
            session,
            offset_ms: 60_000,
            fields: Fields { text: text.into(), ..Fields::default() },
        }
    }

    const DUST: ItemId = ItemId { device: crate::event::DeviceId::FORMAT_1, seq: 2 };

    /// An evening held 18:00–18:41 and ended: a question in the welcome, then questions.
    fn held() -> Journal {
        let mut journal = Journal::default();
        journal.push(wall(18, 0, 0), Change::SessionStarted { session: 0, elapsed_ms: 0 });
        let dust = journal.push(
            wall(18, 5, 0),
            captured(ItemKind::Question, 0, "Will the dust reach the school?"),
        );
        assert_eq!(ItemId::format_1(dust), DUST);
        journal.push(wall(18, 10, 0), Change::SessionEnded { session: 0, elapsed_ms: 600_000 });
        journal.push(wall(18, 10, 0), Change::SessionSelected { session: 1 });
        journal.push(wall(18, 10, 0), Change::SessionStarted { session: 1, elapsed_ms: 0 });
        journal.push(wall(18, 40, 0), Change::SessionEnded { session: 1, elapsed_ms: 1_800_000 });
        journal.push(wall(18, 41, 0), Change::EventEnded);
        journal
    }

    /// The morning after: reopened at 09:00, the question's text and answer corrected and a
    /// forgotten concern added to session 2.
    fn corrected(journal: &mut Journal) {
        journal.push(morning(9, 0), Change::EventReopened);
        let fields = Fields {
            text: "Will the dust from the trucks reach the school?".into(),
            ..Fields::default()
        };
        journal.push(
            morning(9, 1),
            Change::ItemEdited { item: DUST, kind: ItemKind::Question, fields },
        );
        journal.push(
            morning(9, 2),
            Change::ItemAnswered { item: DUST, answer: "Yes, within 2 km of the road".into() },
        );
        journal.push(morning(9, 3), captured(ItemKind::Concern, 1, "Noise from the night shift"));
    }

    fn agenda() -> Agenda {
        parse_agenda(AGENDA).agenda.unwrap()
    }

    /// The part of the minutes between two headings.
    fn section<'a>(minutes: &'a str, from: &str, to: &str) -> &'a str {
        let start = minutes.find(from).unwrap();
        let end = minutes[start..].find(to).unwrap() + start;
        &minutes[start..end]
    }

    #[test]
    fn reopening_and_ending_again_keeps_every_time_as_held() {
        let before = crate::minutes::fold(&agenda(), &held().entries).live;
        let mut journal = held();
        corrected(&mut journal);
        journal.push(morning(9, 5), Change::EventEnded);
        let after = crate::minutes::fold(&agenda(), &journal.entries).live;

        assert_eq!(after.ended_at, Some(wall(18, 41, 0)), "the event ended when it ended");
        assert_eq!(after.reopened_at, Some(morning(9, 0)));
        assert_eq!(after.corrected_at, Some(morning(9, 5)));
        assert!(!after.reopened && after.has_ended());
        assert_eq!(after.sessions, before.sessions, "timers, starts and ends as held");
        assert_eq!(after.current, before.current);
        assert!(crate::event::has_ended(&journal.entries));
        let dust = after.item(DUST).unwrap();
        assert_eq!(dust.fields.text, "Will the dust from the trucks reach the school?");
        assert_eq!(dust.answer(), Some("Yes, within 2 km of the road"));
        assert_eq!((after.item_count(0), after.item_count(1)), (1, 1));
        // The corrections' own times are kept with what they changed, nothing else.
        assert_eq!(after.items[1].at, morning(9, 3));
    }

    #[test]
    fn ending_again_rewrites_the_minutes_with_the_corrections_and_the_same_times() {
        let [internal_before, public_before] =
            crate::minutes::render_both(&agenda(), &held().entries);
        let mut journal = held();
        corrected(&mut journal);
        journal.push(morning(9, 5), Change::EventEnded);
        let [internal, public] = crate::minutes::render_both(&agenda(), &journal.entries);

        for (before, after) in [(&internal_before, &internal), (&public_before, &public)] {
            assert_eq!(
                section(after, "## Timetable", "## Sessions"),
                section(before, "## Timetable", "## Sessions"),
                "the timetable does not move"
            );
            assert!(after.contains("| Time | 18:00–18:41 (planned 18:00–18:55) |\n"), "{after}");
            assert!(
                after.contains(
                    "| Time | 18:00–18:41 (planned 18:00–18:55) |\n| Corrected after the event | Wednesday 13 May 2026 09:05 |\n"
                ),
                "{after}"
            );
            assert!(!before.contains("Corrected"), "{before}");
            assert!(!after.contains("Provisional"), "{after}");
            assert!(
                after
                    .contains("- Duration: planned 50m (all sessions), actual 40m (sessions held)"),
                "{after}"
            );
            assert!(
                after.contains(
                    "**Question** 18:05: Will the dust from the trucks reach the school?"
                ),
                "{after}"
            );
            assert!(after.contains("  - *Answer:* Yes, within 2 km of the road\n"), "{after}");
            assert!(after.contains("**Concern** 09:03: Noise from the night shift"), "{after}");
        }
    }

    #[test]
    fn reopened_and_not_ended_again_is_provisional_for_corrections() {
        let mut journal = held();
        corrected(&mut journal);
        let live = crate::minutes::fold(&agenda(), &journal.entries).live;
        assert!(live.reopened && !live.has_ended());
        assert_eq!((live.ended_at, live.corrected_at), (Some(wall(18, 41, 0)), None));
        assert!(!crate::event::has_ended(&journal.entries), "a crash left it reopened");

        let [internal, public] = crate::minutes::render_both(&agenda(), &journal.entries);
        for minutes in [&internal, &public] {
            assert!(
                minutes.contains(
                    "**Provisional:** reopened for corrections on Wednesday 13 May 2026 09:00; these minutes show the corrections made so far.\n"
                ),
                "{minutes}"
            );
            assert!(!minutes.contains("the event has not ended"), "{minutes}");
            assert!(!minutes.contains("Corrected after the event"), "{minutes}");
            assert!(
                minutes.contains("| Time | 18:00–18:41 (planned 18:00–18:55) |\n"),
                "{minutes}"
            );
        }
    }

    #[test]
    fn only_an_ended_event_reopens_and_a_second_end_without_reopening_moves_nothing() {
        let mut live = Live::new(agenda());
        let now = Now { mono: Instant::now(), wall: wall(18, 0, 0) };
        let at = |seq, at, change| Entry::format_1(seq, at, change);
        assert_eq!(
            live.apply(&at(1, wall(18, 0, 0), Change::EventReopened), now),
            Err("it reopens an event that has not ended".to_string())
        );
        live.apply(&at(2, wall(18, 41, 0), Change::EventEnded), now).unwrap();
        live.apply(&at(3, wall(18, 45, 0), Change::EventEnded), now).unwrap();
        assert_eq!((live.ended_at, live.corrected_at), (Some(wall(18, 41, 0)), None));
        live.apply(&at(4, morning(9, 0), Change::EventReopened), now).unwrap();
        assert_eq!(
            live.apply(&at(5, morning(9, 1), Change::EventReopened), now),
            Err("it reopens an event already reopened for corrections".to_string())
        );
        assert!(live.reopened);
    }
}

mod attendance {
    use super::*;
    use crate::event::{DeviceId, Hlc};

    const AGENDA: &str = r#"
title = "Test lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
organisations = ["Porsgrunn municipality", "Yara Porsgrunn"]
[[groups]]
id = "residents"
name = "Local residents"
[[groups]]
id = "workers"
name = "Plant workers"
[[sessions]]
title = "Welcome"
duration = "10m"
"#;

    const A: DeviceId = DeviceId::new(0xa);
    const B: DeviceId = DeviceId::new(0xb);

    fn counted(group: &str, present: u32) -> Change {
        Change::AttendanceCounted { group: group.into(), present }
    }

    fn attended(organisation: &str, present: bool) -> Change {
        Change::OrganisationAttended { organisation: organisation.into(), present }
    }

    /// Lines as (device, seq, clock second, change), folded in clock order; what was refused.
    fn fold(lines: Vec<(DeviceId, u64, u64, Change)>) -> (Live, Vec<String>) {
        let mut entries: Vec<Entry> = lines
            .into_iter()
            .map(|(device, seq, second, change)| Entry {
                device,
                seq,
                clock: Hlc((1_778_601_600 + second) << 32),
                at: wall(18, 0, 0) + chrono::Duration::seconds(second as i64),
                change,
            })
            .collect();
        entries.sort_by_key(Entry::order);
        let mut live = Live::new(parse_agenda(AGENDA).agenda.unwrap());
        let now = Now { mono: Instant::now(), wall: wall(19, 0, 0) };
        let refused = live.replay(entries, &[], now);
        (live, refused)
    }

    fn names(live: &Live) -> Vec<(Option<String>, u32)> {
        live.attendance
            .counts()
            .into_iter()
            .map(|(group, n)| (group.map(|g| g.name.clone()), n))
            .collect()
    }

    #[test]
    fn nothing_entered_is_not_zero() {
        let (live, _) = fold(vec![]);
        assert!(live.attendance.is_empty());
        assert_eq!(live.attendance.total(), None);
        assert_eq!(live.attendance.counts(), vec![]);
        assert_eq!(live.attendance.count(Some("residents")), None);
        assert_eq!(live.attendance.organisations(), Vec::<&str>::new());
        // An explicit 0 is a count: shown as 0, and the total is 0, not "not entered".
        let (live, _) = fold(vec![(A, 1, 1, counted("workers", 0))]);
        assert_eq!(names(&live), [(Some("Plant workers".into()), 0)]);
        assert_eq!(live.attendance.count(Some("workers")), Some(0));
        assert_eq!(live.attendance.count(Some("residents")), None);
        assert_eq!(live.attendance.total(), Some(0));
        assert!(!live.attendance.is_empty());
    }

    #[test]
    fn the_last_count_by_clock_order_wins_whichever_device_wrote_it() {
        // B's journal is read first, but A's 14 came later on the clock than B's 12; B's
        // count of people in no group is later than A's.
        let (live, refused) = fold(vec![
            (B, 1, 20, counted("residents", 12)),
            (B, 2, 40, counted("", 3)),
            (A, 1, 10, counted("residents", 9)),
            (A, 2, 30, counted("residents", 14)),
            (A, 3, 35, counted("", 5)),
            (A, 4, 36, counted("workers", 4)),
        ]);
        assert_eq!(refused, Vec::<String>::new());
        // Agenda order, then people in no group.
        assert_eq!(
            names(&live),
            [(Some("Local residents".into()), 14), (Some("Plant workers".into()), 4), (None, 3)]
        );
        assert_eq!(live.attendance.total(), Some(21));
    }

    #[test]
    fn organisations_come_in_agenda_order_then_as_first_marked() {
        let (live, refused) = fold(vec![
            (A, 1, 1, attended("Norsk Hydro", true)),
            (A, 2, 2, attended("Yara Porsgrunn", true)),
            (B, 1, 3, attended("Bellona", true)),
            (A, 3, 4, attended("Porsgrunn municipality", true)),
            // The same name in another case is the same organisation, as first spelt.
            (B, 2, 5, attended("norsk hydro", false)),
            (A, 4, 6, attended("NORSK HYDRO", true)),
            (B, 3, 7, attended("Porsgrunn municipality", false)),
        ]);
        assert_eq!(refused, Vec::<String>::new());
        assert_eq!(live.attendance.organisations(), ["Yara Porsgrunn", "Norsk Hydro", "Bellona"]);
        let marked: Vec<(&str, bool, bool)> = live
            .attendance
            .marked()
            .iter()
            .map(|m| (m.name.as_str(), m.present, m.in_agenda))
            .collect();
        assert_eq!(
            marked,
            [
                ("Porsgrunn municipality", false, true),
                ("Yara Porsgrunn", true, true),
                ("Norsk Hydro", true, false),
                ("Bellona", true, false),
            ]
        );
        assert_eq!(live.attendance.total(), None, "organisations are not a count");
        assert!(!live.attendance.is_empty());
    }

    #[test]
    fn a_group_the_agenda_lacks_and_forged_values_are_refused() {
        let long = "x".repeat(MAX_ORGANISATION_CHARS + 1);
        let (live, refused) = fold(vec![
            (A, 1, 1, counted("residents", 7)),
            (A, 2, 2, counted("journalists", 3)),
            (A, 3, 3, counted("residents", MAX_PRESENT + 1)),
            (A, 4, 4, attended("", true)),
            (A, 5, 5, attended(&long, true)),
            (A, 6, 6, attended("Evil\u{1b}[2J Corp", true)),
            (A, 7, 7, attended(" Bellona", true)),
        ]);
        let journal = crate::journal::journal_name(A);
        assert_eq!(
            refused,
            [
                format!(
                    "entry 2 of {journal} was not replayed: it counts the people present from group \"journalists\", which the agenda does not have"
                ),
                format!(
                    "entry 3 of {journal} was not replayed: its count of 1000001 present is more than 1000000 (a forged number)"
                ),
                format!(
                    "entry 4 of {journal} was not replayed: it marks an organisation without a name"
                ),
                format!(
                    "entry 5 of {journal} was not replayed: its organisation's name is longer than 200 characters"
                ),
                format!(
                    "entry 6 of {journal} was not replayed: its organisation's name \"Evil\\u{{1b}}[2J Corp\" holds control characters, line breaks or spaces at its ends"
                ),
                format!(
                    "entry 7 of {journal} was not replayed: its organisation's name \" Bellona\" holds control characters, line breaks or spaces at its ends"
                ),
            ]
        );
        assert_eq!(names(&live), [(Some("Local residents".into()), 7)]);
        assert_eq!(live.attendance.organisations(), Vec::<&str>::new());
    }
}

/// The phases of a countdown and the room's message and blackout (the room display and the
/// facilitator's screen read both).
mod room_and_phase {
    use super::*;

    const ROOM: &str = r#"
title = "Test lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
warn = "2m"
danger = "30s"
[messages]
presets = ["Please wrap up", "Coffee until 19:40"]
[[sessions]]
title = "Welcome"
duration = "5m"
messages = ["Next: questions"]
[[sessions]]
title = "Questions"
duration = "5m"
warn = "20s"
at_zero = "freeze"
"#;

    fn driver() -> Driver {
        let agenda = parse_agenda(ROOM).agenda.unwrap();
        Driver { live: Live::new(agenda), now: Now { mono: Instant::now(), wall: wall(18, 0, 0) } }
    }

    fn at(d: &Driver, session: usize) -> (Phase, String) {
        let countdown = d.live.countdown(session, d.now.mono);
        (countdown.phase, countdown.digits)
    }

    #[test]
    fn a_countdown_goes_on_time_wrap_up_danger_then_over_or_time_is_up() {
        let mut d = driver();
        assert_eq!(at(&d, 0), (Phase::NotStarted, "05:00".into()));
        d.toggle();
        assert_eq!(at(&d, 0), (Phase::OnTime, "05:00".into()));
        d.wait(179);
        assert_eq!(at(&d, 0), (Phase::OnTime, "02:01".into()));
        d.wait(1);
        assert_eq!(at(&d, 0), (Phase::WrapUp, "02:00".into()), "as the bell: at 2:00 left");
        d.wait(89);
        assert_eq!(at(&d, 0), (Phase::WrapUp, "00:31".into()));
        d.wait(1);
        assert_eq!(at(&d, 0), (Phase::Danger, "00:30".into()));
        d.wait(30);
        assert_eq!(at(&d, 0), (Phase::Over, "+00:00".into()), "zero counts on by default");
        d.wait(133);
        let countdown = d.live.countdown(0, d.now.mono);
        assert_eq!((countdown.phase, countdown.digits.as_str()), (Phase::Over, "+02:13"));
        assert_eq!(countdown.phase.words(countdown.left), "+02:13 over");
        // The second session freezes at zero: "time is up".
        d.next();
        d.wait(400);
        let countdown = d.live.countdown(1, d.now.mono);
        assert_eq!((countdown.phase, countdown.digits.as_str()), (Phase::TimeUp, "00:00"));
        assert_eq!(countdown.phase.words(countdown.left), "time is up");
        // Paused keeps its phase word; a held session shows the time it took.
        d.toggle();
        assert_eq!(at(&d, 1).0, Phase::TimeUp, "paused past zero is still time up");
        assert_eq!(at(&d, 0), (Phase::Done, "07:13".into()));
    }

    #[test]
    fn the_danger_threshold_never_comes_before_the_warning_and_presets_come_session_first() {
        let d = driver();
        let agenda = &d.live.agenda;
        let session = &agenda.sessions[0];
        assert_eq!(agenda.danger_at(session, s(300)), Some(s(30)));
        // A session that warns at 20 s turns to danger at 20 s too, not before its warning.
        assert_eq!(agenda.danger_at(&agenda.sessions[1], s(300)), Some(s(20)));
        let presets: Vec<&String> = agenda.presets(session).collect();
        assert_eq!(presets, ["Next: questions", "Please wrap up", "Coffee until 19:40"]);
        assert_eq!(agenda.at_zero(&agenda.sessions[1]), crate::agenda::AtZero::Freeze);
    }

    #[test]
    fn a_message_is_shown_blinks_for_three_seconds_clears_and_the_display_blacks_out() {
        let mut d = driver();
        d.commit(Change::MessageShown { text: "Please wrap up".into() });
        assert_eq!(d.live.room.message.as_ref().map(|(t, _)| t.as_str()), Some("Please wrap up"));
        d.wait(10);
        d.commit(Change::MessageBlinked);
        assert_eq!(d.live.room.blinking(d.now.wall), Some(s(3)));
        d.wait(2);
        assert_eq!(d.live.room.blinking(d.now.wall), Some(s(1)));
        d.wait(1);
        assert_eq!(d.live.room.blinking(d.now.wall), None);
        // A new message replaces the one shown and does not blink.
        d.commit(Change::MessageShown { text: "Coffee until 19:40".into() });
        assert_eq!(d.live.room.blinking(d.now.wall), None);
        d.commit(Change::DisplayBlackout { on: true });
        assert!(d.live.room.blackout);
        d.commit(Change::DisplayBlackout { on: false });
        d.commit(Change::MessageCleared);
        assert_eq!(d.live.room.message, None);
        let log: Vec<RoomEvent> = d.live.room.log.iter().map(|c| c.what.clone()).collect();
        assert_eq!(
            log,
            [
                RoomEvent::Shown("Please wrap up".into()),
                RoomEvent::Blinked("Please wrap up".into()),
                RoomEvent::Shown("Coffee until 19:40".into()),
                RoomEvent::Blackout(true),
                RoomEvent::Blackout(false),
                RoomEvent::Cleared("Coffee until 19:40".into()),
            ]
        );
    }

    #[test]
    fn a_message_that_is_empty_too_long_or_not_one_line_is_refused() {
        let d = driver();
        for (text, why) in [
            ("", "it shows an empty message"),
            ("two\nlines", "holds control characters"),
            (&"x".repeat(201), "longer than 200 characters"),
        ] {
            let entry =
                Entry::format_1(1, wall(18, 0, 0), Change::MessageShown { text: text.into() });
            let refused = d.live.check(&entry).unwrap_err();
            assert!(refused.contains(why), "{refused}");
        }
    }
}

/// Phones' submissions: an inbox line each, decided by the note-taker; an approval makes a
/// question with the submission's id (twice: one item), a pin names a known item.
#[test]
fn submissions_are_received_approved_once_merged_rejected_and_pinned() {
    let mut d = Driver::new(18, 0);
    let hub = DeviceId::new(5);
    let inbox = DeviceId::inbox_of(hub);
    assert_ne!(inbox, hub);
    assert_eq!(DeviceId::inbox_of(hub), inbox, "derived, the same on every copy");
    let line = |device: DeviceId, seq: u64, change: Change| Entry {
        device,
        seq,
        clock: crate::event::Hlc(seq),
        at: wall(18, 5, seq as u32),
        change,
    };
    let received = |seq: u64, text: &str| {
        line(inbox, seq, Change::SubmissionReceived { text: text.into(), name: None })
    };
    for (seq, text) in [(1, "Is the dust measured?"), (2, "Who pays?"), (3, "<b>spam</b>")] {
        d.live.apply(&received(seq, text), d.now).unwrap();
    }
    assert_eq!(d.live.inbox.pending_count(), 3);
    let first = ItemId { device: inbox, seq: 1 };
    let approve = |seq: u64| {
        line(
            hub,
            seq,
            Change::SubmissionApproved {
                submission: first,
                session: 1,
                offset_ms: 60_000,
                fields: Fields {
                    text: "Is the dust measured at the school?".into(),
                    by: Some(Raiser::Online(None)),
                    ..Fields::default()
                },
            },
        )
    };
    d.live.apply(&approve(10), d.now).unwrap();
    d.live.apply(&approve(11), d.now).unwrap();
    let questions: Vec<_> = d.live.items.iter().map(|i| (i.id, i.kind, i.session)).collect();
    assert_eq!(questions, [(first, ItemKind::Question, 1)], "approved twice: one item");
    let merged = ItemId { device: inbox, seq: 2 };
    let change = Change::SubmissionMerged { submission: merged, into: first };
    d.live.apply(&line(hub, 12, change), d.now).unwrap();
    let spam = ItemId { device: inbox, seq: 3 };
    let change = Change::SubmissionRejected { submission: spam, reason: "offensive".into() };
    d.live.apply(&line(hub, 13, change), d.now).unwrap();
    assert_eq!(d.live.inbox.pending_count(), 0);
    let outcomes: Vec<_> = d.live.inbox.submissions().iter().map(|s| s.outcome.clone()).collect();
    assert_eq!(
        outcomes,
        [Outcome::Approved, Outcome::Merged(first), Outcome::Rejected("offensive".into())]
    );
    d.live.apply(&line(hub, 14, Change::QuestionPinned { item: Some(first) }), d.now).unwrap();
    assert_eq!(d.live.pinned_question().map(|i| i.id), Some(first));
    d.live.apply(&line(hub, 15, Change::ItemDeleted { item: first }), d.now).unwrap();
    assert_eq!(d.live.pinned_question(), None, "a deleted question is not shown");
    // Refused: an unknown submission, a second receipt, a pin of nothing captured, a
    // submission's text that is not one clean line.
    let unknown = ItemId { device: inbox, seq: 9 };
    let change = Change::SubmissionRejected { submission: unknown, reason: "x".into() };
    assert!(d.live.apply(&line(hub, 16, change), d.now).is_err());
    assert!(d.live.apply(&received(1, "again"), d.now).is_err());
    let change = Change::QuestionPinned { item: Some(unknown) };
    assert!(d.live.apply(&line(hub, 17, change), d.now).is_err());
    assert!(d.live.apply(&received(4, "two\nlines"), d.now).is_err());
    assert_eq!(d.live.inbox.submissions().len(), 3);
}

/// When a question was answered, and whether after the event had ended (in corrections):
/// rewording an answer keeps both, clearing it makes the question open again.
#[test]
fn a_question_knows_when_it_was_answered_and_whether_after_the_end() {
    let mut d = Driver::new(18, 0);
    d.toggle();
    let capture = |d: &mut Driver, text: &str| {
        let item = ItemId::format_1(d.live.applied + 1);
        let fields = Fields { text: text.into(), ..Fields::default() };
        d.commit(Change::ItemCaptured {
            item,
            kind: ItemKind::Question,
            session: 0,
            offset_ms: 0,
            fields,
        });
        item
    };
    let live_one = capture(&mut d, "Is the dust measured?");
    let later = capture(&mut d, "Who pays for the road?");
    let answered = |d: &Driver, item: ItemId| {
        let item = d.live.item(item).unwrap();
        (item.answered_at, item.answered_after_end)
    };
    assert_eq!(answered(&d, live_one), (None, false));
    d.wait(60);
    d.commit(Change::ItemAnswered { item: live_one, answer: "Yes".into() });
    let at = d.now.wall;
    d.wait(60);
    d.commit(Change::ItemAnswered { item: live_one, answer: "Yes, every month".into() });
    assert_eq!(answered(&d, live_one), (Some(at), false), "reworded: still when first answered");
    d.commit(Change::EventEnded);
    d.wait(3600);
    d.commit(Change::EventReopened);
    d.commit(Change::ItemAnswered { item: later, answer: "The county".into() });
    assert_eq!(answered(&d, later), (Some(d.now.wall), true), "answered in corrections");
    d.commit(Change::ItemAnswered { item: live_one, answer: "Yes, monthly".into() });
    assert_eq!(answered(&d, live_one), (Some(at), false), "reworded in corrections: live");
    d.commit(Change::ItemAnswered { item: live_one, answer: String::new() });
    assert_eq!(answered(&d, live_one), (None, false), "open again");
}
