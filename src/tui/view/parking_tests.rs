//! The parking lot on screen: the overlay, the owner line, and a parked item in its session.

use ratatui::Terminal;
use ratatui::backend::TestBackend;

use super::{Theme, draw};
use crate::app::tests::Harness;
use crate::app::{App, Key, Msg};
use crate::live::Live;

const AGENDA: &str = r#"
title = "Herøya Citizen Lab 2026"
kind = "lab"
date = 2026-05-12
start = "18:00"
organisations = ["Porsgrunn municipality", "Herøya Industrial Park"]
[team]
facilitator = "Clara"
note_taker = "Jonas"
[[groups]]
id = "residents"
name = "Local residents"
[[participants]]
name = "Ingrid Solberg"
group = "residents"
[[sessions]]
title = "Welcome and ground rules"
duration = "10m"
[[sessions]]
title = "Questions to the operator"
duration = "40m"
"#;

const COLOR: Theme = Theme { color: true };

fn render(h: &Harness, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|frame| draw(frame, &h.app, h.now, &COLOR)).unwrap();
    terminal
}

fn line(h: &mut Harness, key: char, text: &str) {
    h.key(Key::Char(key));
    h.send(Msg::Paste(text.into()));
    h.key(Key::Enter);
    h.wait(40);
}

/// The lab's second session running, five items captured, four of them parked: one with an
/// organisation as owner (captured with !park), one resolved with a group, one without an
/// owner, one whose owner matches nobody; the lot open on its second row.
fn lab() -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(crate::agenda::parse_agenda(AGENDA).agenda.unwrap()));
    h.key(Key::Char(' '));
    h.wait(300);
    h.key(Key::Char('n'));
    h.wait(125);
    line(&mut h, 'q', "Who pays for the new road to the plant? @ingrid >municipality !park #roads");
    line(&mut h, 'c', "Trucks pass the school at night @residents #noise");
    line(&mut h, 'q', "Is the apatite from Kola? #sourcing");
    line(&mut h, 'i', "A citizens' panel that reads the dust measurements every quarter");
    line(&mut h, 'q', "When is the next lab?");
    // Park the concern (item 2) with the residents as owner, and resolve it.
    for _ in 0..4 {
        h.key(Key::Down);
    }
    h.key(Key::Char('L'));
    h.send(Msg::Paste("residents".into()));
    h.key(Key::Enter);
    // The question on sourcing (3), with no owner; the idea (4), with a name nobody has.
    h.key(Key::Up);
    h.key(Key::Char('L'));
    h.key(Key::Enter);
    h.key(Key::Up);
    h.key(Key::Char('L'));
    h.send(Msg::Paste("the county geologist".into()));
    h.key(Key::Enter);
    h.key(Key::Esc);
    h.key(Key::Char('l'));
    h.key(Key::Down);
    h.key(Key::Char(' '));
    h.wait(2);
    h
}

#[test]
fn the_parking_lot_lists_each_parked_item_with_its_status_and_owner() {
    let h = lab();
    insta::assert_snapshot!("parking_120x40", render(&h, 120, 40).backend());
    insta::assert_snapshot!("parking_80x24", render(&h, 80, 24).backend());
}

#[test]
fn the_owner_line_says_who_the_name_finds() {
    let mut h = lab();
    h.key(Key::Char('o'));
    h.key(Key::Ctrl('u'));
    h.keys("Herøya");
    insta::assert_snapshot!("parking_owner_80x24", render(&h, 80, 24).backend());
    // From the session: parking the selected item asks for its owner.
    h.key(Key::Esc);
    h.key(Key::Esc);
    h.key(Key::Up);
    h.key(Key::Char('L'));
    h.keys("bob");
    let text = format!("{}", render(&h, 120, 40).backend());
    assert!(text.contains(" park question 5 · owner ▸ bob"), "{text}");
    assert!(
        text.contains(
            "owner bob · >bob matches nobody in the agenda: kept as free text │ Enter saves"
        ),
        "{text}"
    );
}

#[test]
fn a_parked_item_is_marked_in_its_session_and_the_footer_offers_the_lot() {
    let mut h = lab();
    h.key(Key::Esc);
    let text = format!("{}", render(&h, 120, 40).backend());
    assert!(text.contains("l parking lot"), "{text}");
    assert!(
        text.contains("Trucks pass the school at night — Local residents #noise [parked ✓]"),
        "{text}"
    );
    // The selected item says in full who follows it up.
    for _ in 0..3 {
        h.key(Key::Down);
    }
    let text = format!("{}", render(&h, 120, 40).backend());
    assert!(text.contains(" Question 18:08 · open · parked: no owner, open "), "{text}");
    assert!(text.contains("L park"), "{text}");
    insta::assert_snapshot!("parking_item_selected_80x24", render(&h, 80, 24).backend());
}

#[test]
fn an_empty_lot_says_how_to_park() {
    let mut h = Harness::new();
    h.key(Key::Char('l'));
    let text = format!("{}", render(&h, 80, 24).backend());
    assert!(text.contains("Nothing is parked yet. Select an item with ↑/↓ and press L"), "{text}");
    // Nothing parked: the footer does not offer the lot.
    h.key(Key::Esc);
    let text = format!("{}", render(&h, 200, 60).backend());
    assert!(!text.contains("parking lot"), "{text}");
}

#[test]
fn the_parking_lot_draws_at_every_size_without_panic() {
    let mut h = lab();
    for owner_line in [false, true] {
        if owner_line {
            h.key(Key::Char('o'));
            h.send(Msg::Paste("Herøya Industrial Park «Porsgrunn» 漢字".into()));
        }
        for width in 1..=130 {
            for height in [1, 2, 3, 4, 5, 6, 7, 11, 12, 13, 24, 40] {
                render(&h, width, height);
            }
        }
    }
}
