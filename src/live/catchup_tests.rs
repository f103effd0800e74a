//! The catch-up proposal on agendas with fixed starts, breaks and minimums.

use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, TimeZone};

use super::*;
use crate::agenda::parse_agenda;
use crate::event::Entry;

/// 18:00 to 20:25 exactly: coffee is served at 19:00 sharp.
const AGENDA: &str = r#"
title = "Harbour lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
end = "20:25"
[[sessions]]
title = "Welcome"
duration = "10m"
[[sessions]]
title = "Rare earths in everyday life"
duration = "20m"
[[sessions]]
title = "The pilot plant"
duration = "30m"
[[sessions]]
title = "Coffee"
duration = "15m"
format = "break"
at = "19:00"
[[sessions]]
title = "Table talks"
duration = "40m"
[[sessions]]
title = "Report back"
duration = "20m"
min = "15m"
[[sessions]]
title = "Wrap-up"
duration = "10m"
"#;

fn minutes(n: u64) -> Duration {
    Duration::from_secs(n * 60)
}

fn wall(h: u32, m: u32) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(7200)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 5, 12, h, m, 0).single())
        .unwrap()
}

struct Evening {
    live: Live,
    now: Now,
}

impl Evening {
    fn new(agenda: &str) -> Evening {
        let agenda = parse_agenda(agenda).agenda.unwrap();
        Evening { live: Live::new(agenda), now: Now { mono: Instant::now(), wall: wall(18, 0) } }
    }
    fn commit(&mut self, change: Change) {
        let entry = Entry::format_1(self.live.applied + 1, self.now.wall, change);
        self.live.apply(&entry, self.now).unwrap();
    }
    /// Runs the current session for `m` minutes.
    fn run(&mut self, m: u64) {
        if !self.live.is_running() {
            let start = self.live.toggle(self.now.mono);
            self.commit(start);
        }
        self.now = self.now.plus(minutes(m));
    }
    /// Ends the current session and starts the next.
    fn next(&mut self) {
        for change in self.live.moves_to(self.live.current + 1, true, self.now.mono) {
            self.commit(change);
        }
    }
    fn propose(&self, breaks_too: bool) -> Proposal {
        Proposal::new(&self.live, self.now, breaks_too)
    }
    /// Each row's session number (from 1) and proposed length in minutes.
    fn proposed(&self, breaks_too: bool) -> Vec<(usize, u64)> {
        let proposal = self.propose(breaks_too);
        proposal.rows.iter().map(|r| (r.session + 1, r.proposed.as_secs() / 60)).collect()
    }
    fn outcome(&self, breaks_too: bool) -> Vec<String> {
        self.propose(breaks_too).outcome(&self.live, self.now)
    }
}

#[test]
fn shares_are_proportional_whole_minutes_by_the_largest_remainder() {
    assert_eq!(share(15, &[20, 30], &[15, 25]), [6, 9]);
    // 5 over 20:10 is 3.33 and 1.67: the larger remainder takes the last minute.
    assert_eq!(share(5, &[1200, 600], &[5, 5]), [3, 2]);
    // A tie goes to the heavier session, then the earlier one.
    assert_eq!(share(1, &[10, 10], &[5, 5]), [1, 0]);
    assert_eq!(share(1, &[10, 20], &[5, 5]), [0, 1]);
    // A session whose share passes its room takes its room; the rest is shared again.
    assert_eq!(share(20, &[2400, 1200, 600], &[35, 5, 5]), [12, 5, 3]);
    // Not enough room: everyone gives all they have.
    assert_eq!(share(30, &[10, 10, 10], &[5, 0, 7]), [5, 0, 7]);
    assert_eq!(share(0, &[10], &[5]), [0]);
    assert_eq!(share(3, &[], &[]), Vec::<u64>::new());
}

#[test]
fn on_time_there_is_nothing_to_propose() {
    let mut e = Evening::new(AGENDA);
    e.run(10);
    e.next();
    let projection = e.live.projection(e.now);
    assert!(!needed(&e.live, &projection));
    let proposal = e.propose(false);
    assert_eq!(proposal.changed(), 0);
    assert_eq!(proposal.accept(&e.live, e.now), vec![]);
    assert_eq!(
        nothing_to_catch_up(&e.live, &projection),
        "Nothing to catch up: the plan fits `end` 20:25 and every fixed start · on time — projected end 20:25"
    );
}

#[test]
fn lateness_before_a_fixed_start_is_made_up_before_it_in_proportion_and_no_more() {
    let mut e = Evening::new(AGENDA);
    // The welcome runs 25 minutes: the coffee at 19:00 would start 15 minutes late.
    e.run(25);
    e.next();
    let projection = e.live.projection(e.now);
    assert_eq!(Lateness::of(&projection).late_for_at, vec![(3, minutes(15))]);
    assert_eq!(Lateness::of(&projection).past_end, Some(minutes(15)));
    assert!(needed(&e.live, &projection));
    // 15 minutes over 20 and 30 minutes to come: 6 and 9. After the coffee nothing moves:
    // the coffee starts at 19:00 again, so the evening ends at `end`.
    assert_eq!(e.proposed(false), [(2, 14), (3, 21), (4, 15), (5, 40), (6, 20), (7, 10)]);
    assert_eq!(e.outcome(false), ["back to `end` 20:25"]);
    let proposal = e.propose(false);
    assert!(proposal.catches_up(&e.live, e.now));
    assert_eq!(
        proposal.accept(&e.live, e.now),
        [
            Change::SessionExtended { session: 1, timebox_s: 14 * 60 },
            Change::SessionExtended { session: 2, timebox_s: 21 * 60 },
            Change::CatchUpAccepted {
                sessions: 2,
                trimmed_s: 15 * 60,
                projected_end: wall(20, 25).naive_local(),
            },
        ]
    );
}

#[test]
fn lateness_for_end_is_made_up_after_the_last_fixed_start_down_to_each_minimum() {
    let mut e = Evening::new(AGENDA);
    for m in [10, 20, 30, 15] {
        e.run(m);
        e.next();
    }
    // Table talks run 45 of their 40 minutes and go on: 5 minutes past `end`.
    e.run(45);
    assert_eq!(Lateness::of(&e.live.projection(e.now)).past_end, Some(minutes(5)));
    // The session under way has no time left to give; report back (20m, min 15m) and the
    // wrap-up (10m, min 5m) share 5 minutes as 20:10.
    assert_eq!(e.proposed(false), [(5, 40), (6, 17), (7, 8)]);
    assert_eq!(e.outcome(false), ["back to `end` 20:25"]);
}

#[test]
fn when_the_minimums_are_reached_it_says_how_far_it_gets() {
    let mut e = Evening::new(AGENDA);
    for m in [10, 20, 30, 15] {
        e.run(m);
        e.next();
    }
    // 15 minutes over: report back can give 5 (to its min 15m), the wrap-up 5 (to 5m).
    e.run(55);
    assert_eq!(e.proposed(false), [(5, 40), (6, 15), (7, 5)]);
    assert_eq!(e.outcome(false), ["back to 20:30, 5 min past `end` 20:25"]);
    let proposal = e.propose(false);
    assert!(!proposal.catches_up(&e.live, e.now));
    assert!(!proposal.breaks_would_help(&e.live, e.now));
    // The table talks, already over their 40 minutes, are left as they are.
    assert_eq!(
        proposal.accept(&e.live, e.now)[..2],
        [
            Change::SessionExtended { session: 5, timebox_s: 15 * 60 },
            Change::SessionExtended { session: 6, timebox_s: 5 * 60 },
        ]
    );
    assert_eq!(
        proposal.accept(&e.live, e.now).last(),
        Some(&Change::CatchUpAccepted {
            sessions: 2,
            trimmed_s: 10 * 60,
            projected_end: wall(20, 30).naive_local(),
        })
    );
}

#[test]
fn a_break_keeps_its_length_unless_breaks_are_trimmed_too() {
    let mut e = Evening::new(AGENDA);
    // The welcome runs 70 minutes: even at their minimums the talks before the coffee
    // cannot make it start at 19:00 (20 minutes late), and the evening is 20 minutes over.
    e.run(70);
    e.next();
    let late = Lateness::of(&e.live.projection(e.now));
    assert_eq!(late.late_for_at, vec![(3, minutes(60))]);
    // Before the coffee: 15 and 25 minutes of room, all taken. After it, 20 minutes over
    // 40:20:10 — report back takes its 5 (its share passes it), the rest goes 12:3.
    assert_eq!(e.proposed(false), [(2, 5), (3, 5), (4, 15), (5, 28), (6, 15), (7, 7)]);
    assert_eq!(
        e.outcome(false),
        ["back to `end` 20:25", "session 4 \"Coffee\" starts 20 min after its fixed 19:00"]
    );
    // Trimming the coffee would not make it start sooner: breaks too would not help.
    assert!(!e.propose(false).breaks_would_help(&e.live, e.now));
    // Breaks too: the coffee shares the 20 minutes as well (15:40:20:10 of time to come).
    assert_eq!(e.proposed(true), [(2, 5), (3, 5), (4, 11), (5, 31), (6, 15), (7, 8)]);
    assert_eq!(e.propose(true).trimmed(), 40 * 60 + 20 * 60);
}

#[test]
fn trimming_breaks_too_gets_further_when_the_others_are_at_their_minimum() {
    let agenda = r#"
title = "Short evening"
kind = "lab"
date = 2026-05-12
start = "18:00"
end = "19:00"
[[sessions]]
title = "Talk"
duration = "30m"
[[sessions]]
title = "Break"
duration = "15m"
format = "break"
[[sessions]]
title = "Discussion"
duration = "15m"
"#;
    let mut e = Evening::new(agenda);
    // The talk runs 50 minutes: 20 past `end`; the discussion alone gives 10.
    e.run(50);
    e.next();
    assert_eq!(e.proposed(false), [(2, 15), (3, 5)]);
    assert_eq!(e.outcome(false), ["back to 19:10, 10 min past `end` 19:00"]);
    assert!(e.propose(false).breaks_would_help(&e.live, e.now));
    // The break under way gives too: 20 over 15 and 15 minutes to come, 10 each.
    assert_eq!(e.proposed(true), [(2, 5), (3, 5)]);
    assert_eq!(e.outcome(true), ["back to `end` 19:00"]);
    assert!(!e.propose(true).breaks_would_help(&e.live, e.now));
}

#[test]
fn the_session_under_way_gives_from_the_time_it_has_left_and_is_never_ended() {
    let agenda = r#"
title = "Short evening"
kind = "lab"
date = 2026-05-12
start = "18:00"
end = "19:00"
[[sessions]]
title = "Late start"
duration = "5m"
[[sessions]]
title = "Talk"
duration = "30m"
[[sessions]]
title = "Discussion"
duration = "30m"
"#;
    let mut e = Evening::new(agenda);
    // The first session runs 20 minutes; the talk has run 10 of its 30 minutes: 20 minutes
    // past `end`. It has 20 minutes to come, the discussion 30: 8 and 12.
    e.run(20);
    e.next();
    e.run(10);
    assert_eq!(Lateness::of(&e.live.projection(e.now)).past_end, Some(minutes(20)));
    assert_eq!(e.proposed(false), [(2, 22), (3, 18)]);
    let proposal = e.propose(false);
    assert!(proposal.rows[0].under_way);
    assert_eq!(proposal.rows[0].least, minutes(11));
    // 50 minutes late: the talk can give only down to what it ran plus a minute (11m).
    let mut e = Evening::new(agenda);
    e.run(50);
    e.next();
    e.run(10);
    assert_eq!(e.proposed(false), [(2, 11), (3, 5)]);
    assert_eq!(e.outcome(false), ["back to 19:06, 6 min past `end` 19:00"]);
}

#[test]
fn edits_move_by_a_minute_within_bounds_and_accepting_reads_the_event_as_it_stands() {
    let mut e = Evening::new(AGENDA);
    e.run(25);
    e.next();
    let mut proposal = e.propose(false);
    assert!(proposal.edit(0, false));
    assert_eq!(proposal.rows[0].proposed, minutes(13));
    assert!(proposal.rows[0].edited);
    assert!(proposal.edit(1, true));
    assert_eq!(proposal.trimmed(), 15 * 60);
    // Never under a minute past what the session under way has run.
    for _ in 0..30 {
        proposal.edit(0, false);
    }
    assert_eq!(proposal.rows[0].proposed, minutes(1));
    assert!(!proposal.edit(0, false));
    assert!(!proposal.edit(99, true));
    // Four minutes later the session under way has run 4: accepting keeps it at 5.
    e.now = e.now.plus(minutes(4));
    assert_eq!(
        proposal.accept(&e.live, e.now)[0],
        Change::SessionExtended { session: 1, timebox_s: 5 * 60 }
    );
}

#[test]
fn without_end_or_fixed_start_ahead_it_says_there_is_nothing_to_catch_up_with() {
    let agenda = r#"
title = "Open evening"
kind = "lab"
date = 2026-05-12
start = "18:00"
[[sessions]]
title = "Talk"
duration = "30m"
[[sessions]]
title = "Discussion"
duration = "30m"
"#;
    let mut e = Evening::new(agenda);
    e.run(40);
    let projection = e.live.projection(e.now);
    assert!(!needed(&e.live, &projection));
    assert_eq!(
        nothing_to_catch_up(&e.live, &projection),
        "Nothing to catch up with: the agenda sets no `end` and no fixed `at` is ahead · 10 min behind — projected end 19:10"
    );
    assert_eq!(e.proposed(false), [(1, 30), (2, 30)]);
}

#[test]
fn a_forged_marker_is_refused_and_a_true_one_is_kept() {
    let mut e = Evening::new(AGENDA);
    let marker = |sessions, trimmed_s| Change::CatchUpAccepted {
        sessions,
        trimmed_s,
        projected_end: wall(20, 25).naive_local(),
    };
    for forged in [marker(8, 0), marker(1, 25 * 3600), marker(2, i64::MIN)] {
        let entry = Entry::format_1(1, e.now.wall, forged);
        assert!(e.live.check(&entry).is_err());
    }
    e.commit(marker(2, 900));
    assert_eq!(
        e.live.catch_ups,
        [CatchUp {
            at: wall(18, 0),
            sessions: 2,
            trimmed_s: 900,
            projected_end: wall(20, 25).naive_local(),
        }]
    );
    assert_eq!(summary(2, 900), "2 sessions trimmed by 15 min");
    assert_eq!(summary(1, -120), "1 session lengthened by 2 min");
    assert_eq!(summary(3, 0), "3 sessions changed");
}
