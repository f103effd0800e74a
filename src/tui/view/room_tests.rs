//! What the facilitator sees of the room: the message and a blackout in the header, the
//! message line with its presets, and the countdown's danger and time-is-up phases, in the
//! colours and words the room display uses too.

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::{Color, Modifier};

use super::{Theme, draw};
use crate::app::tests::Harness;
use crate::app::{App, Key, Msg};
use crate::live::{Live, Phase};

const AGENDA: &str = r#"
title = "Test lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
danger = "30s"
[messages]
presets = ["Please wrap up", "5 minutes left", "Coffee until 19:40"]
[[sessions]]
title = "Welcome"
duration = "10m"
messages = ["Questions to the panel now"]
[[sessions]]
title = "Questions"
duration = "30m"
at_zero = "freeze"
[[sessions]]
title = "Wrap-up"
duration = "5m"
"#;

const COLOR: Theme = Theme { color: true };

fn render(h: &Harness, width: u16, height: u16, theme: Theme) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, &h.app, h.now, &theme)).unwrap();
    terminal
}

fn harness() -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(crate::agenda::parse_agenda(AGENDA).agenda.unwrap()));
    h
}

/// Session 1 running with 20 seconds left: past the danger threshold (30 s).
fn danger() -> Harness {
    let mut h = harness();
    h.key(Key::Char(' '));
    h.wait(9 * 60 + 40);
    h
}

/// Session 2 (`at_zero = "freeze"`) 2 minutes past its timebox.
fn time_up() -> Harness {
    let mut h = harness();
    h.key(Key::Char(' '));
    h.wait(60);
    h.key(Key::Char('n'));
    h.wait(32 * 60);
    h
}

fn show(h: &mut Harness, text: &str) {
    h.key(Key::Char('w'));
    h.send(Msg::Paste(text.into()));
    h.key(Key::Enter);
}

fn screen(terminal: &Terminal<TestBackend>) -> String {
    format!("{}", terminal.backend())
}

/// The style of the countdown's big digits.
fn digits_style(terminal: &Terminal<TestBackend>) -> (Color, Modifier) {
    let cell = terminal
        .backend()
        .buffer()
        .content()
        .iter()
        .find(|cell| cell.symbol() == "█")
        .cloned()
        .expect("big digits");
    (cell.fg, cell.modifier)
}

#[test]
fn the_danger_and_time_is_up_phases_at_120x40_and_80x24() {
    let danger = danger();
    assert_eq!(danger.app.live.countdown(0, danger.now.mono).phase, Phase::Danger);
    let time_up = time_up();
    assert_eq!(time_up.app.live.countdown(1, time_up.now.mono).phase, Phase::TimeUp);
    for (name, h) in [("danger", &danger), ("time_up", &time_up)] {
        for (width, height) in [(120, 40), (80, 24)] {
            let terminal = render(h, width, height, COLOR);
            insta::assert_snapshot!(format!("room_{name}_{width}x{height}"), terminal.backend());
        }
    }
    let text = screen(&render(&time_up, 120, 40, COLOR));
    assert!(text.contains("time is up · timebox 30m"), "{text}");
    assert!(!text.contains("OVERTIME") && !text.contains("+0"), "frozen, not counting: {text}");
    let text = screen(&render(&danger, 120, 40, COLOR));
    assert!(text.contains("running · 00:20 left of 10m"), "{text}");
}

#[test]
fn danger_has_its_own_colour_after_the_warning_and_bold_reverse_without_colour() {
    let mut warning = harness();
    warning.key(Key::Char(' '));
    warning.wait(8 * 60 + 30);
    let plain = Theme { color: false };
    assert_eq!(digits_style(&render(&warning, 120, 40, COLOR)).0, Color::Yellow);
    assert_eq!(digits_style(&render(&danger(), 120, 40, COLOR)).0, Color::LightRed);
    assert_eq!(digits_style(&render(&time_up(), 120, 40, COLOR)).0, Color::Red);
    assert_eq!(digits_style(&render(&warning, 120, 40, plain)), (Color::Reset, Modifier::BOLD));
    assert_eq!(
        digits_style(&render(&danger(), 120, 40, plain)),
        (Color::Reset, Modifier::BOLD | Modifier::REVERSED)
    );
    for h in [danger(), time_up()] {
        for cell in render(&h, 120, 40, plain).backend().buffer().content() {
            assert_eq!((cell.fg, cell.bg), (Color::Reset, Color::Reset));
        }
    }
}

#[test]
fn a_session_elsewhere_whose_time_is_up_says_so_in_the_banner() {
    let mut h = time_up();
    h.key(Key::Char('p'));
    let text = screen(&render(&h, 120, 40, COLOR));
    assert!(text.contains("▶ Session 2 runs · time is up · r back"), "{text}");
}

#[test]
fn the_header_shows_the_message_the_room_sees_and_a_blackout() {
    let mut h = danger();
    show(&mut h, "Please wrap up");
    for (width, height) in [(120, 40), (80, 24)] {
        let terminal = render(&h, width, height, COLOR);
        insta::assert_snapshot!(format!("room_message_{width}x{height}"), terminal.backend());
    }
    h.key(Key::Char('K'));
    let terminal = render(&h, 80, 24, COLOR);
    insta::assert_snapshot!("room_blackout_80x24", terminal.backend());
    let header: String = screen(&terminal).lines().nth(1).unwrap_or_default().to_string();
    assert!(header.contains("BLACKOUT") && header.contains("then ▸ Please wrap up"), "{header}");
    h.key(Key::Char('K'));
    h.key(Key::Char('X'));
    let text = screen(&render(&h, 120, 40, COLOR));
    assert!(!text.contains("Please wrap up") && !text.contains("BLACKOUT"), "{text}");
}

#[test]
fn a_long_message_is_cut_in_the_header_and_leaves_the_plan_status_readable() {
    let mut h = danger();
    show(&mut h, &"Residents from Vestsiden: the bus back leaves at 21:15 ".repeat(3));
    let text = screen(&render(&h, 80, 24, COLOR));
    let status = text.lines().nth(1).unwrap_or_default();
    assert!(
        status.contains("on time") && status.contains("room ▸ Residents") && status.contains('…'),
        "{status}"
    );
}

#[test]
fn the_message_line_shows_the_numbered_presets_and_what_the_room_sees() {
    let mut h = danger();
    show(&mut h, "Please wrap up");
    h.key(Key::Char('w'));
    h.keys("Back at ");
    for (width, height) in [(120, 40), (80, 24)] {
        let terminal = render(&h, width, height, COLOR);
        insta::assert_snapshot!(format!("room_message_line_{width}x{height}"), terminal.backend());
    }
    // Every size draws without a panic.
    for width in 1..=130 {
        for height in [1, 2, 5, 6, 11, 12, 13, 24] {
            render(&h, width, height, COLOR);
        }
    }
}

#[test]
fn after_the_end_the_footer_offers_no_message_key() {
    let mut h = harness();
    h.key(Key::Char(' '));
    h.wait(60);
    let text = screen(&render(&h, 200, 60, COLOR));
    assert!(text.contains("w message"), "{text}");
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    h.app = App::new(h.app.live.clone());
    let text = screen(&render(&h, 200, 60, COLOR));
    assert!(!text.contains("w message"), "{text}");
}
