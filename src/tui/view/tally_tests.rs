//! The tally form at the sizes a facilitator uses: a dot vote being typed whose dots do not
//! add up, a show of hands being corrected, and every size without a panic.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Color;

use super::{Theme, draw};
use crate::app::tests::Harness;
use crate::app::{App, Key, Msg};
use crate::live::Live;

const AGENDA: &str = r#"
title = "Herøya Citizen Lab 2026"
kind = "lab"
date = 2026-05-12
start = "18:00"
location = "Folkets Hus, Porsgrunn"
[[sessions]]
title = "Welcome and ground rules"
duration = "10m"
[[sessions]]
title = "What should the plant report?"
duration = "40m"
"#;

const COLOR: Theme = Theme { color: true };

fn render(h: &Harness, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, &h.app, h.now, &COLOR)).unwrap();
    terminal
}

/// The second session running, 24 present, a dot vote typed on the form (not saved): three
/// dots each, 70 of the 72 handed out counted, the outcome being typed.
fn dot_vote() -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(crate::agenda::parse_agenda(AGENDA).agenda.unwrap()));
    h.keys(" n");
    h.wait(12 * 60 + 5);
    h.key(Key::Char('T'));
    h.keys("24");
    h.key(Key::Esc);
    h.key(Key::Char('v'));
    h.send(Msg::Paste("Which report should the plant publish first?".into()));
    h.key(Key::Tab);
    h.key(Key::Right);
    h.key(Key::Right);
    h.key(Key::Tab);
    h.key(Key::Char(' '));
    h.key(Key::Tab);
    h.key(Key::Ctrl('u'));
    h.send(Msg::Paste(
        "Monthly dust readings, Noise at night, Truck traffic, Water samples".into(),
    ));
    h.key(Key::Tab);
    h.key(Key::Tab);
    h.keys("3");
    for n in ["31", "17", "12", "10"] {
        h.key(Key::Tab);
        h.keys(n);
    }
    h.key(Key::Tab);
    h.send(Msg::Paste("Dust readings first".into()));
    h
}

#[test]
fn the_tally_form_with_a_dot_vote_that_does_not_add_up() {
    let h = dot_vote();
    insta::assert_snapshot!("tally_dot_vote_120x40", render(&h, 120, 40).backend());
    insta::assert_snapshot!("tally_dot_vote_80x24", render(&h, 80, 24).backend());
    // The failed check in the alarm colour, the passed ones would be green.
    let terminal = render(&h, 120, 40);
    let buffer = terminal.backend().buffer();
    let failed = buffer.content().iter().find(|cell| cell.symbol() == "✗").map(|cell| cell.fg);
    assert_eq!(failed, Some(Color::Red));
}

#[test]
fn the_tally_form_correcting_a_show_of_hands() {
    let mut h = dot_vote();
    h.key(Key::Esc);
    h.key(Key::Char('v'));
    h.keys("Should the plant publish its readings every month?");
    h.key(Key::Tab);
    h.key(Key::Tab);
    h.key(Key::Tab);
    h.key(Key::Tab);
    h.key(Key::Tab);
    h.keys("19");
    h.key(Key::Tab);
    h.key(Key::Char(' '));
    h.key(Key::Char(' '));
    h.key(Key::Tab);
    h.keys("The room is for monthly readings");
    h.key(Key::Enter);
    h.key(Key::Char('v'));
    h.key(Key::PageUp);
    h.key(Key::Down);
    insta::assert_snapshot!("tally_correcting_80x24", render(&h, 80, 24).backend());
    insta::assert_snapshot!("tally_correcting_120x40", render(&h, 120, 40).backend());
}

#[test]
fn the_tally_form_draws_at_every_size_without_panic() {
    let mut h = dot_vote();
    for field in 0..12 {
        for width in 1..=130 {
            for height in [1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 24, 40] {
                render(&h, width, height);
            }
        }
        if field % 2 == 0 {
            h.send(Msg::Paste("漢字 «quoted» and a long tail ".repeat(8)));
        }
        h.key(Key::Tab);
    }
}
