//! The catch-up proposal overlay, and the footer offering it when the plan no longer fits.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use super::{Theme, draw};
use crate::agenda::{DEMO_AGENDA, parse_agenda};
use crate::app::tests::Harness;
use crate::app::{App, Key};
use crate::live::Live;

const COLOR: Theme = Theme { color: true };

fn render(h: &Harness, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, &h.app, h.now, &COLOR)).unwrap();
    terminal
}

/// The demo lab, each of its first sessions held for these minutes in turn, then `wait`
/// seconds into the next.
fn lab(held: &[u64], wait: u64) -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(parse_agenda(DEMO_AGENDA).agenda.unwrap()));
    h.key(Key::Char(' '));
    for minutes in held {
        h.wait(minutes * 60);
        h.key(Key::Char('n'));
    }
    h.wait(wait);
    h
}

/// 15 minutes behind at 19:50: the coffee began at 19:45 instead of 19:30.
fn fifteen_minutes_late() -> Harness {
    lab(&[10, 20, 25, 50], 5 * 60)
}

fn footer(terminal: &Terminal<TestBackend>) -> String {
    let buffer = terminal.backend().buffer();
    let y = buffer.area.height - 1;
    (0..buffer.area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect()
}

#[test]
fn catch_up_overlay() {
    let mut h = fifteen_minutes_late();
    h.key(Key::Char('C'));
    insta::assert_snapshot!("catch_up_120x40", render(&h, 120, 40).backend());
    insta::assert_snapshot!("catch_up_80x24", render(&h, 80, 24).backend());
    // Edited: the wrap-up one minute less, the coffee kept.
    h.key(Key::Down);
    h.key(Key::Down);
    h.key(Key::Down);
    h.key(Key::Char('-'));
    insta::assert_snapshot!("catch_up_edited_80x24", render(&h, 80, 24).backend());
}

#[test]
fn catch_up_overlay_when_it_cannot_catch_up_fully() {
    // The table talks ran 85 of their 40 minutes: 40 minutes past `end`, 25 of them beyond
    // every session's min.
    let mut h = lab(&[10, 20, 25, 35, 15], 85 * 60);
    h.key(Key::Char('C'));
    let terminal = render(&h, 120, 40);
    insta::assert_snapshot!("catch_up_short_120x40", terminal.backend());
    let text = format!("{}", terminal.backend());
    assert!(text.contains("by 15 min · back to 21:25, 25 min past `end` 21:00"), "{text}");
    let buffer = terminal.backend().buffer();
    let (x, y) = (0..buffer.area.height)
        .find_map(|y| {
            let row: String =
                (0..buffer.area.width).map(|x| buffer[(x, y)].symbol().to_string()).collect();
            row.find("back to 21:25").map(|at| (row[..at].chars().count() as u16, y))
        })
        .unwrap();
    assert_eq!(buffer[(x, y)].fg, Color::Red, "what it cannot make up is in the alarm colour");
    assert!(text.contains("Every session still to come is at its min"), "{text}");
    // Once the facilitator edits, the edits may be why: no reason is guessed.
    h.key(Key::Char('+'));
    let text = format!("{}", render(&h, 120, 40).backend());
    assert!(text.contains("back to 21:26, 26 min past `end` 21:00"), "{text}");
    assert!(!text.contains("Every session"), "{text}");
}

#[test]
fn the_footer_offers_c_only_when_the_plan_no_longer_fits() {
    let on_time = lab(&[10], 60);
    assert!(!footer(&render(&on_time, 120, 40)).contains("catch up"));
    let late = fifteen_minutes_late();
    assert_eq!(
        footer(&render(&late, 120, 40)).trim_end(),
        "space start/pause · q c a d i m capture · n next · + +1m · C catch up · w message · ? help · E end event · Ctrl-q quit"
    );
    // At 80 columns the capture keys keep their place: the header says how late it runs.
    assert_eq!(
        footer(&render(&late, 80, 24)).trim_end(),
        "space start/pause · q c a d i m capture · n next · ? help · Ctrl-q quit"
    );
}

#[test]
fn the_catch_up_overlay_draws_at_every_size_without_panic() {
    let mut h = fifteen_minutes_late();
    h.key(Key::Char('C'));
    for width in 1..=130 {
        for height in [1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 24, 40] {
            render(&h, width, height);
        }
    }
}
