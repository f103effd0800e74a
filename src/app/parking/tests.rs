//! The parking lot's keys, each with the exact changes it journals.

use super::super::tests::Harness;
use super::super::{App, Key, Mode, Msg, Question};
use super::*;
use crate::agenda::parse_agenda;
use crate::live::{ItemKind, Live};

const AGENDA: &str = r#"
title = "Herøya Citizen Lab 2026"
kind = "lab"
date = 2026-05-12
start = "18:00"
organisations = ["Porsgrunn municipality"]
[team]
facilitator = "Clara"
[[groups]]
id = "residents"
name = "Local residents"
[[participants]]
name = "Ingrid Solberg"
group = "residents"
[[sessions]]
title = "Welcome"
duration = "10m"
[[sessions]]
title = "Questions to the operator"
duration = "40m"
"#;

/// The lab, its first session running, with two questions captured (the newest selected
/// when `select`).
fn lab(select: bool) -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(parse_agenda(AGENDA).agenda.unwrap()));
    h.key(Key::Char(' '));
    for text in ["Who pays for the new road?", "Will the dust reach the school?"] {
        h.key(Key::Char('q'));
        h.send(Msg::Paste(text.into()));
        h.key(Key::Enter);
    }
    if select {
        h.key(Key::Up);
    }
    h
}

fn id(number: u64) -> ItemId {
    ItemId::format_1(number)
}

fn parked(item: u64, owner: Option<Raiser>) -> Effect {
    Effect::Record(Change::ItemParked { item: id(item), owner })
}

fn municipality() -> Option<Raiser> {
    Some(Raiser::Organisation("Porsgrunn municipality".into()))
}

/// Types `text` into the line open and presses Enter; what that journaled.
fn enter(h: &mut Harness, text: &str) -> Vec<Effect> {
    h.send(Msg::Paste(text.into()));
    h.key(Key::Enter)
}

#[test]
fn l_capital_asks_for_an_owner_and_parks_the_selected_item_with_it() {
    let mut h = lab(true);
    assert_eq!(h.app.selected, Some(id(2)));
    assert_eq!(h.key(Key::Char('L')), []);
    assert!(matches!(h.app.mode, Mode::ParkOwner { item, .. } if item == id(2)));
    // The owner is matched as `>owner` is: the start of a word of an organisation's name.
    assert_eq!(enter(&mut h, "municip"), [parked(2, municipality())]);
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving question 2 in the parking lot, owner Porsgrunn municipality…")
    );
    h.app.sent(1);
    h.app.saved(1, 0);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saved question 2 in the parking lot, owner Porsgrunn municipality")
    );
    let lot = h.app.live.parking.get(id(2)).cloned().unwrap();
    assert_eq!((lot.owner, lot.resolved), (municipality(), false));

    // Parked already: L says so and journals nothing.
    assert_eq!(h.key(Key::Char('L')), []);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Question 2 is in the parking lot already · l opens it")
    );
}

#[test]
fn enter_with_no_owner_parks_without_one_and_esc_parks_nothing() {
    let mut h = lab(true);
    h.key(Key::Char('L'));
    h.keys("Ingrid");
    assert_eq!(h.key(Key::Esc), []);
    assert!(matches!(h.app.mode, Mode::Normal));
    assert!(h.app.live.parking.is_empty());
    h.key(Key::Char('L'));
    assert_eq!(h.key(Key::Enter), [parked(2, None)]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving question 2 in the parking lot, no owner…"));
}

#[test]
fn a_name_that_matches_nobody_is_kept_as_typed_and_said() {
    let mut h = lab(true);
    h.key(Key::Char('L'));
    assert_eq!(enter(&mut h, ">the mayor"), [parked(2, Some(Raiser::Unknown("the mayor".into())))]);
    assert_eq!(
        h.app.flash.as_deref(),
        Some(
            "Saving question 2 in the parking lot, owner the mayor (unmatched)… · >the mayor matches nobody in the agenda: kept as free text"
        )
    );
}

#[test]
fn tab_completes_the_owner_and_says_why_not() {
    let mut h = lab(true);
    h.key(Key::Char('L'));
    h.keys("ingr");
    h.key(Key::Tab);
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("Ingrid Solberg"));
    h.key(Key::Ctrl('u'));
    h.keys("cla");
    h.key(Key::Tab);
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("Clara"), "the team owns follow-ups");
    h.key(Key::Ctrl('u'));
    h.keys("bob");
    h.key(Key::Tab);
    assert_eq!(
        h.app.flash.as_deref(),
        Some(">bob matches nobody in the agenda: kept as free text")
    );
    assert_eq!(h.key(Key::Enter), [parked(2, Some(Raiser::Unknown("bob".into())))]);
}

#[test]
fn without_a_selection_l_capital_says_how_to_select() {
    let mut h = lab(false);
    assert_eq!(h.key(Key::Char('L')), []);
    assert!(matches!(h.app.mode, Mode::Normal));
    assert_eq!(h.app.flash.as_deref(), Some("Select an item first with ↑/↓"));
}

#[test]
fn the_lot_marks_resolved_changes_the_owner_and_unparks_each_as_one_change() {
    let mut h = lab(true);
    h.key(Key::Char('L'));
    enter(&mut h, "");
    h.key(Key::Down);
    h.key(Key::Char('L'));
    enter(&mut h, "residents");
    h.key(Key::Esc);
    assert_eq!(h.key(Key::Char('l')), []);
    assert!(matches!(h.app.mode, Mode::Parking { selected: 0 }));
    // In the order parked: question 2, then question 1.
    assert_eq!(lot(&h.app), [id(2), id(1)]);

    let resolved =
        |item, resolved| Effect::Record(Change::ParkedResolved { item: id(item), resolved });
    assert_eq!(h.key(Key::Char(' ')), [resolved(2, true)]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving question 2 as resolved…"));
    assert_eq!(h.key(Key::Char('r')), [resolved(2, false)]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving question 2 as open again…"));

    // o asks for the owner, the one it has in the line; Enter saves it, back in the lot.
    h.key(Key::Char('j'));
    assert_eq!(h.key(Key::Char('o')), []);
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("Local residents"));
    assert_eq!(h.key(Key::Enter), []);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("question 1 keeps owner Local residents: nothing changed")
    );
    assert!(matches!(h.app.mode, Mode::Parking { selected: 1 }));
    h.key(Key::Char('o'));
    h.key(Key::Ctrl('u'));
    assert_eq!(enter(&mut h, "Porsgrunn"), [parked(1, municipality())]);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving question 1 with owner Porsgrunn municipality…")
    );
    assert!(matches!(h.app.mode, Mode::Parking { selected: 1 }));
    h.key(Key::Char('o'));
    h.key(Key::Ctrl('u'));
    assert_eq!(h.key(Key::Enter), [parked(1, None)], "an empty line: no owner");

    assert_eq!(h.key(Key::Char('u')), [Effect::Record(Change::ItemUnparked { item: id(1) })]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving question 1 out of the parking lot…"));
    assert_eq!(lot(&h.app), [id(2)]);
    // The selection stays in the list as it shrinks.
    assert_eq!(h.key(Key::Char('u')), [Effect::Record(Change::ItemUnparked { item: id(2) })]);
    assert_eq!(h.key(Key::Char(' ')), []);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Nothing is parked: select an item with ↑/↓ and press L")
    );
    assert_eq!(h.key(Key::Char('l')), []);
    assert!(matches!(h.app.mode, Mode::Normal));
}

#[test]
fn bang_park_in_the_capture_line_parks_the_new_item_with_the_lines_owner() {
    let mut h = lab(false);
    h.key(Key::Char('c'));
    let effects = enter(&mut h, "Trucks at night >municipality !park #noise");
    let [Effect::Record(Change::ItemCaptured { kind, fields, .. }), park] = &effects[..] else {
        panic!("a capture and a park: {effects:?}")
    };
    assert_eq!((*kind, fields.text.as_str()), (ItemKind::Concern, "Trucks at night"));
    assert_eq!(fields.owner, municipality());
    // Parked before its id is known: the journal's stamp (and the harness) name the capture.
    assert_eq!(
        park,
        &Effect::Record(Change::ItemParked { item: ItemId::default(), owner: municipality() })
    );
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving concern 3 in the parking lot, owner Porsgrunn municipality…")
    );
    assert_eq!(lot(&h.app), [id(3)]);

    // An edit line with !park parks an item not parked yet; one parked stays as it is.
    h.key(Key::Down);
    h.key(Key::Down);
    h.key(Key::Char('e'));
    h.key(Key::End);
    h.keys(" !park");
    let effects = h.key(Key::Enter);
    assert!(matches!(effects[0], Effect::Record(Change::ItemEdited { item, .. }) if item == id(2)));
    assert_eq!(effects[1..], [parked(2, None)]);
    h.key(Key::Char('e'));
    h.keys(" !park");
    assert_eq!(h.key(Key::Enter).len(), 1, "parked already: the edit alone");
}

#[test]
fn leaving_from_the_lot_while_a_session_runs_asks_first() {
    let mut h = lab(false);
    h.key(Key::Char('l'));
    assert_eq!(h.key(Key::Ctrl('q')), []);
    assert_eq!(h.app.mode.question(), Some(Question::Leave));
    // From the owner line with a name typed, the draft is kept.
    let mut h = lab(true);
    h.key(Key::Char('L'));
    h.keys("Clara");
    assert_eq!(h.key(Key::Ctrl('c')), []);
    assert_eq!(h.app.mode.question(), Some(Question::LeaveDraft));
    h.key(Key::Char('n'));
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("Clara"));
}

#[test]
fn parking_while_correcting_an_ended_event_reopens_it_first() {
    let mut h = lab(true);
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    h.app = App::new(h.app.live.clone());
    h.key(Key::Up);
    h.key(Key::Char('L'));
    assert_eq!(h.key(Key::Enter), [Effect::Record(Change::EventReopened), parked(2, None)]);
}
