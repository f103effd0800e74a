//! The speaking queue on screen: its overlay at 120x40 and 80x24, the speaker line, and the
//! queue's line under the countdown with the footer's queue keys. (The room display's
//! speaker countdown is tested with the display.)

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Theme, draw};
use crate::app::tests::Harness;
use crate::app::{App, Key};
use crate::live::Live;

const AGENDA: &str = r#"
title = "Policy Council 2026"
kind = "council"
date = 2026-10-06
start = "09:30"
attribution = "group"
[[groups]]
id = "industry"
name = "Industry"
[[groups]]
id = "academia"
name = "Academia and research"
[[groups]]
id = "eu-policy"
name = "EU institutions"
[[participants]]
name = "Kari Nordvik"
group = "industry"
consent = true
[[participants]]
name = "Annelies Vermeulen"
group = "academia"
[[participants]]
name = "Sophie Laurent"
group = "eu-policy"
[[participants]]
name = "Henrik Dahl"
[[sessions]]
title = "Panel: how secure is Europe's supply of rare earths?"
duration = "15m"
format = "discussion"
speaker = "2m"
[[sessions]]
title = "Wrap-up"
duration = "10m"
"#;

const COLOR: Theme = Theme { color: true };

fn render(h: &Harness, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, &h.app, h.now, &COLOR)).unwrap();
    terminal
}

fn add(h: &mut Harness, key: char, text: &str) {
    h.key(Key::Char(key));
    h.keys(text);
    h.key(Key::Enter);
}

/// Nine minutes into the panel: Kari and Annelies spoke, Sophie has had the floor for 48 s,
/// and five wait (a point of order, a direct reply, Kari again behind two first-timers)
/// with 6 minutes left: they do not fit.
fn panel() -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(crate::agenda::parse_agenda(AGENDA).agenda.unwrap()));
    h.key(Key::Char(' '));
    h.key(Key::Char('s'));
    add(&mut h, 'a', "@kari");
    add(&mut h, 'a', "@annelies");
    add(&mut h, 'a', "@sophie");
    h.key(Key::Char('S'));
    h.wait(150);
    h.key(Key::Char('S'));
    h.wait(90);
    // An open exchange, off the queue, until Sophie gets the floor.
    h.key(Key::Char('e'));
    h.wait(252);
    h.key(Key::Char('S'));
    h.key(Key::Char('f'));
    add(&mut h, 'a', "@kari");
    add(&mut h, 'a', "@henrik");
    add(&mut h, 'a', "@the_mayor");
    add(&mut h, 'r', "@annelies");
    add(&mut h, 'o', "@industry");
    h.wait(48);
    h.app.flash = None;
    h
}

#[test]
fn the_queue_overlay_at_120x40_and_80x24() {
    let mut h = panel();
    h.key(Key::Down);
    h.key(Key::Down);
    h.app.flash = None;
    insta::assert_snapshot!("queue_120x40", render(&h, 120, 40).backend());
    insta::assert_snapshot!("queue_80x24", render(&h, 80, 24).backend());
}

#[test]
fn the_speaker_line_at_80x24_says_who_it_adds() {
    let mut h = panel();
    h.key(Key::Char('r'));
    h.keys("@ann");
    insta::assert_snapshot!("queue_speaker_line_80x24", render(&h, 80, 24).backend());
    let text = format!("{}", render(&h, 80, 24).backend());
    assert!(text.contains(" direct reply ▸ @ann"), "{text}");
    assert!(text.contains("adds Annelies Vermeulen │ Enter adds to the queue"), "{text}");
}

#[test]
fn the_live_screen_shows_the_speaker_and_the_warning_under_the_countdown() {
    let mut h = panel();
    h.key(Key::Esc);
    h.app.flash = None;
    insta::assert_snapshot!("queue_status_120x40", render(&h, 120, 40).backend());
    let text = format!("{}", render(&h, 120, 40).backend());
    assert!(
        text.contains(
            "Speaker Sophie Laurent · 1:12 left · 5 waiting · ⚠ 5 waiting × 2m > 6m left"
        ),
        "{text}"
    );
    assert!(text.contains("S next speaker"), "the footer offers the queue's keys: {text}");
    // At 80 columns the name and the count give way before the warning.
    let text = format!("{}", render(&h, 80, 24).backend());
    assert!(text.contains("⚠ 5 waiting × 2m > 6m left"), "{text}");
}

#[test]
fn the_queue_draws_at_every_size_without_panic() {
    let mut h = panel();
    h.key(Key::Char('a'));
    h.keys("@ingrid");
    for width in (1..=50).chain([79, 80, 120, 200]) {
        for height in [1, 2, 3, 6, 11, 12, 13, 24, 40] {
            let _ = render(&h, width, height);
        }
    }
}
