use super::*;
use crate::app::tests::Harness;
use crate::app::{ModeKind, Msg, Question};
use crate::live::ItemId;

fn form(h: &Harness) -> &Form {
    match &h.app.mode {
        Mode::Tally(form) => form,
        other => panic!("the tally form is not open: {other:?}"),
    }
}

fn counted(option: &str, n: u32) -> OptionCount {
    OptionCount { option: option.into(), count: Some(n), how: Counting::Counted }
}

fn tab(h: &mut Harness, times: usize) {
    for _ in 0..times {
        h.key(Key::Tab);
    }
}

/// The changes journaled since the log was last taken.
fn journaled(h: &mut Harness) -> Vec<Change> {
    h.log
        .drain(..)
        .filter_map(|e| match e {
            Effect::Record(change) => Some(change),
            _ => None,
        })
        .collect()
}

/// A harness with 20 present in the attendance, its log emptied.
fn twenty_present() -> Harness {
    let mut h = Harness::new();
    h.key(Key::Char('T'));
    h.keys("20");
    h.key(Key::Esc);
    h.log.clear();
    h
}

#[test]
fn a_show_of_hands_typed_on_the_form_is_one_journaled_change() {
    let mut h = twenty_present();
    h.key(Key::Char(' '));
    h.wait(95);
    h.log.clear();
    h.key(Key::Char('v'));
    // The number present comes from the attendance; nothing is journaled while typing.
    assert_eq!(form(&h).present, Some(20));
    assert_eq!(form(&h).focus, Field::Question);
    h.keys("Should the operator publish dust readings every month?");
    tab(&mut h, 2);
    assert_eq!(form(&h).focus, Field::Rule);
    h.key(Key::Char(' '));
    tab(&mut h, 3);
    assert_eq!(form(&h).focus, Field::Count(0));
    h.keys("14");
    h.key(Key::Down);
    h.keys("3");
    // Two steps: counted → estimated → majority, not counted (the 3 stays, and fails).
    h.key(Key::Right);
    h.key(Key::Char(' '));
    h.key(Key::Tab);
    assert_eq!(form(&h).focus, Field::Outcome);
    h.send(Msg::Paste("Advised:\nmonthly readings".into()));
    assert_eq!(journaled(&mut h), []);
    let effects = h.key(Key::Enter);
    assert_eq!(
        effects,
        [Effect::Record(Change::TallyRecorded {
            tally: ItemId::default(),
            session: 0,
            question: "Should the operator publish dust readings every month?".into(),
            method: TallyMethod::ShowOfHands,
            rule: TallyRule::Binding,
            counts: vec![
                counted("for", 14),
                OptionCount {
                    option: "against".into(),
                    count: Some(3),
                    how: Counting::MajorityNotCounted
                },
            ],
            present: Some(20),
            dots: None,
            outcome: "Advised: monthly readings".into(),
        })]
    );
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert_eq!(
        h.app.flash.as_deref(),
        Some(
            "Saving tally 1… · check failed: \"against\" is marked majority, not counted, but has a number (3)"
        )
    );
    let tally = h.app.live.tallies.shown().next().unwrap();
    // Its id is its line's: the third of the journal (count present, start, tally).
    assert_eq!((tally.id, tally.number), (ItemId::format_1(3), 1));
}

#[test]
fn a_dot_vote_journals_its_dots_and_says_the_totals_do_not_match() {
    let mut h = twenty_present();
    h.key(Key::Char('v'));
    h.keys("Which should the lab take up first?");
    h.key(Key::Tab);
    h.key(Key::Right);
    h.key(Key::Right);
    assert_eq!(form(&h).method, TallyMethod::DotVote);
    tab(&mut h, 2);
    assert_eq!(form(&h).focus, Field::Options);
    h.key(Key::Ctrl('u'));
    h.keys("Monthly dust reports, A noise hotline,, Open days, monthly DUST reports");
    // Empty options and the same option again are left out.
    assert_eq!(
        form(&h).fields(),
        [
            Field::Question,
            Field::Method,
            Field::Rule,
            Field::Options,
            Field::Present,
            Field::Dots,
            Field::Count(0),
            Field::Count(1),
            Field::Count(2),
            Field::Outcome
        ]
    );
    tab(&mut h, 2);
    h.keys("3");
    for n in ["31", "17", "10"] {
        h.key(Key::Tab);
        h.keys(n);
    }
    let effects = h.key(Key::Enter);
    let [Effect::Record(Change::TallyRecorded { counts, present, dots, outcome, .. })] =
        &effects[..]
    else {
        panic!("{effects:?}")
    };
    assert_eq!(
        counts,
        &[
            counted("Monthly dust reports", 31),
            counted("A noise hotline", 17),
            counted("Open days", 10)
        ]
    );
    assert_eq!((*present, *dots, outcome.as_str()), (Some(20), Some(Dots::PerPerson(3)), ""));
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving tally 1… · check failed: the 58 dots counted do not match the 60 handed out")
    );
}

#[test]
fn fixed_options_take_their_counts_and_a_typed_number_replaces_the_attendance() {
    let mut h = twenty_present();
    h.key(Key::Char('v'));
    h.keys("Can you live with the proposed monitoring plan?");
    h.key(Key::Tab);
    h.key(Key::Left);
    assert_eq!(form(&h).method, TallyMethod::FistToFive);
    tab(&mut h, 2);
    assert_eq!(form(&h).focus, Field::Present);
    // The first digit starts a new number; Backspace takes the last one off.
    h.keys("194");
    h.key(Key::Backspace);
    assert!(!form(&h).present_from_attendance);
    for n in ["0", "1", "2", "4", "6", "6"] {
        h.key(Key::Tab);
        h.keys(n);
    }
    let effects = h.key(Key::Enter);
    let [Effect::Record(Change::TallyRecorded { method, counts, present, .. })] = &effects[..]
    else {
        panic!("{effects:?}")
    };
    assert_eq!(*method, TallyMethod::FistToFive);
    let fingers: Vec<(&str, Option<u32>)> =
        counts.iter().map(|c| (c.option.as_str(), c.count)).collect();
    assert_eq!(
        fingers,
        [
            ("0", Some(0)),
            ("1", Some(1)),
            ("2", Some(2)),
            ("3", Some(4)),
            ("4", Some(6)),
            ("5", Some(6))
        ]
    );
    assert_eq!(*present, Some(19));
    // 19 hands of 19 present: nothing failed.
    assert_eq!(h.app.flash.as_deref(), Some("Saving tally 1…"));
}

#[test]
fn a_tally_is_corrected_with_its_id_and_deleted_by_pressing_ctrl_x_twice() {
    let mut h = Harness::new();
    h.key(Key::Char('v'));
    h.keys("Publish the readings?");
    h.key(Key::Tab);
    h.key(Key::Right);
    tab(&mut h, 3);
    h.keys("12");
    h.key(Key::Enter);
    let id = h.app.live.tallies.shown().next().unwrap().id;
    h.log.clear();

    h.key(Key::Char('v'));
    h.keys("Not saved: a draft");
    h.key(Key::PageUp);
    assert_eq!(form(&h).tally, Some(id));
    assert_eq!(form(&h).question.value(), "Publish the readings?");
    // Saved as it was: nothing to record.
    h.key(Key::Enter);
    assert_eq!(journaled(&mut h), []);
    assert_eq!(h.app.flash.as_deref(), Some("Tally 1 is unchanged: nothing to save"));

    h.key(Key::Char('v'));
    h.keys("The new one");
    h.key(Key::PageUp);
    h.key(Key::PageUp);
    assert_eq!(h.app.flash.as_deref(), Some("This is the session's first tally"));
    tab(&mut h, 4);
    assert_eq!(form(&h).focus, Field::Count(0));
    h.keys("13");
    h.key(Key::Enter);
    let changes = journaled(&mut h);
    assert!(
        matches!(&changes[..], [Change::TallyRecorded { tally, counts, .. }]
            if *tally == id && counts[0].count == Some(13)),
        "{changes:?}"
    );
    assert_eq!(h.app.flash.as_deref(), Some("Saving the correction of tally 1…"));
    assert_eq!(h.app.live.tallies.get(id).unwrap().counts[0].count, Some(13));

    // The new draft is kept while an earlier tally is in the form.
    h.key(Key::Char('v'));
    h.keys("Draft kept");
    h.key(Key::PageUp);
    h.key(Key::PageDown);
    assert_eq!((form(&h).tally, form(&h).question.value()), (None, "Draft kept"));
    h.key(Key::PageUp);

    h.key(Key::Ctrl('x'));
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Ctrl-x again deletes tally 1 · any other key keeps it")
    );
    // Another key between the two keeps it.
    h.key(Key::Tab);
    h.key(Key::Ctrl('x'));
    assert_eq!(journaled(&mut h), []);
    let effects = h.key(Key::Ctrl('x'));
    assert_eq!(effects, [Effect::Record(Change::TallyDeleted { tally: id })]);
    assert_eq!(h.app.live.tallies.shown().count(), 0);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
}

#[test]
fn nothing_is_saved_without_a_question_or_options_and_esc_cancels() {
    let mut h = Harness::new();
    h.key(Key::Char('v'));
    tab(&mut h, 3);
    h.key(Key::Enter);
    assert_eq!(journaled(&mut h), []);
    assert_eq!(h.app.flash.as_deref(), Some("Nothing saved: type the question, word for word"));
    assert_eq!(form(&h).focus, Field::Question);
    h.keys("  Where   do the trucks go?  ");
    tab(&mut h, 3);
    h.key(Key::Ctrl('u'));
    h.keys(" , ");
    h.key(Key::Enter);
    assert_eq!(journaled(&mut h), []);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Nothing saved: list the options, separated by commas (for, against)")
    );
    assert_eq!(form(&h).focus, Field::Options);
    h.key(Key::Esc);
    assert_eq!(journaled(&mut h), []);
    assert_eq!(h.app.mode.kind(), ModeKind::Normal);
    assert_eq!(h.app.flash.as_deref(), Some("Tally cancelled: nothing saved"));
    // Ctrl-x on a new tally deletes nothing.
    h.key(Key::Char('v'));
    h.key(Key::Ctrl('x'));
    assert_eq!(h.app.flash.as_deref(), Some("This tally is not saved: Esc cancels it"));
    assert_eq!(h.key(Key::PageUp), [], "no tally yet: {:?}", h.app.flash.as_deref());
    assert_eq!(h.app.flash.as_deref(), Some("Session 1 has no tally yet"));
}

#[test]
fn leaving_with_a_question_typed_asks_first() {
    let mut h = Harness::new();
    h.key(Key::Char('v'));
    assert_eq!(h.key(Key::Ctrl('q')), [Effect::Quit], "an empty form is not a draft");
    let mut h = Harness::new();
    h.key(Key::Char('v'));
    h.keys("Is the bus route safe?");
    assert_eq!(h.key(Key::Ctrl('q')), []);
    assert_eq!(h.app.mode.question(), Some(Question::LeaveDraft));
    h.key(Key::Char('n'));
    assert_eq!(form(&h).question.value(), "Is the bus route safe?");
}

#[test]
fn after_the_end_a_tally_goes_to_the_session_on_screen_and_reopens_the_event() {
    let mut h = Harness::new();
    h.key(Key::Char(' '));
    h.wait(60);
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    // Resumed for corrections, looking at session 2.
    let fresh = crate::live::Live::new(h.app.live.agenda.clone());
    let live = std::mem::replace(&mut h.app.live, fresh);
    h.app = crate::app::App::new(live);
    h.log.clear();
    h.key(Key::Char('n'));
    h.key(Key::Char('v'));
    h.keys("Was the evening useful?");
    h.key(Key::Enter);
    let changes = journaled(&mut h);
    assert!(
        matches!(&changes[..], [Change::EventReopened, Change::TallyRecorded { session: 1, .. }]),
        "{changes:?}"
    );
}
