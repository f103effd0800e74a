//! Questions from phones from the keyboard: submissions arrive as lines of the inbox journal,
//! and each key of the inbox journals exactly one decision.

use super::super::tests::Harness;
use super::super::{App, Key, Mode, Msg, Question};
use super::*;
use crate::agenda::parse_agenda;
use crate::event::{DeviceId, Hlc};
use crate::live::Live;

const AGENDA: &str = r#"
title = "Herøya Citizen Lab 2026"
kind = "lab"
date = 2026-05-12
start = "18:00"
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

/// The inbox journal's device: the hub's (this laptop's) inbox.
fn inbox_device() -> DeviceId {
    DeviceId::inbox_of(DeviceId::FORMAT_1)
}

/// The submission on line `seq` of the inbox journal.
fn submission(seq: u64) -> ItemId {
    ItemId { device: inbox_device(), seq }
}

/// A line of the inbox journal, as the server thread wrote it.
fn line(h: &Harness, seq: u64, change: Change) -> Entry {
    Entry { device: inbox_device(), seq, clock: Hlc::of(h.now.wall), at: h.now.wall, change }
}

/// A phone sends `text` (with the name typed, if any): line `seq` of the inbox journal arrives.
fn ask(h: &mut Harness, seq: u64, text: &str, name: Option<&str>) -> Vec<Effect> {
    let change = Change::SubmissionReceived { text: text.into(), name: name.map(str::to_string) };
    let entry = line(h, seq, change);
    h.send(Msg::Received(vec![entry]))
}

/// The lab's second session running 125 s in (after 300 s of the first).
fn lab() -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(parse_agenda(AGENDA).agenda.unwrap()));
    h.key(Key::Char(' '));
    h.wait(300);
    h.key(Key::Char('n'));
    h.wait(125);
    h
}

fn approved(seq: u64, fields: Fields) -> Effect {
    Effect::Record(Change::SubmissionApproved {
        submission: submission(seq),
        session: 1,
        offset_ms: 125_000,
        fields,
    })
}

fn online(text: &str, name: Option<&str>) -> Fields {
    Fields {
        text: text.into(),
        by: Some(Raiser::Online(name.map(str::to_string))),
        ..Fields::default()
    }
}

/// Types `text` into the line open and presses Enter; what that journaled.
fn enter(h: &mut Harness, text: &str) -> Vec<Effect> {
    h.send(Msg::Paste(text.into()));
    h.key(Key::Enter)
}

#[test]
fn submissions_arrive_as_they_come_and_are_counted_without_being_journaled_again() {
    let mut h = lab();
    assert!(!h.app.phones_in_use());
    assert_eq!(ask(&mut h, 1, "Is the dust measured at the school?", Some("Kari")), []);
    assert_eq!(ask(&mut h, 2, "Who pays for the new road?", None), []);
    assert_eq!(h.app.live.inbox.pending_count(), 2);
    assert!(h.app.phones_in_use());
    assert_eq!(h.app.flash, None, "a notice in the header is enough");
    assert!(matches!(h.app.mode, Mode::Normal));
    // The same line again (delivered twice) is held already: it changes nothing.
    let held = h.app.fold.len();
    assert_eq!(ask(&mut h, 2, "Who pays for the new road?", None), []);
    assert_eq!(h.app.flash, None);
    assert_eq!((h.app.live.inbox.pending_count(), h.app.fold.len()), (2, held));
    // A decision on a submission never received is refused the same way, without a panic.
    let forged =
        line(&h, 9, Change::SubmissionRejected { submission: submission(7), reason: "x".into() });
    assert_eq!(h.send(Msg::Received(vec![forged])), []);
    assert!(h.app.flash.as_deref().unwrap_or_default().contains("was never received"));
}

#[test]
fn a_or_enter_approves_the_oldest_as_it_is_into_the_current_session() {
    let mut h = lab();
    ask(&mut h, 1, "Is the dust measured at the school?", Some("Kari"));
    ask(&mut h, 2, "Who pays for the new road?", None);
    assert_eq!(h.key(Key::Char('o')), []);
    assert!(matches!(h.app.mode, Mode::Inbox { selected: 0 }));
    assert_eq!(
        h.key(Key::Char('a')),
        [approved(1, online("Is the dust measured at the school?", Some("Kari")))]
    );
    assert_eq!(h.app.flash.as_deref(), Some("Saving question 1 from a phone…"));
    let item = h.app.live.item(submission(1)).cloned().unwrap();
    assert_eq!((item.number, item.kind, item.session), (1, ItemKind::Question, 1));
    assert_eq!(h.app.live.inbox.pending_count(), 1);
    // The selection stays in place: the next one to moderate.
    assert_eq!(h.key(Key::Enter), [approved(2, online("Who pays for the new road?", None))]);
    assert_eq!(h.app.live.inbox.pending_count(), 0);
    // Both decided: the list is the decided ones, in the order received.
    assert_eq!(
        listed(&h.app).iter().map(|s| s.id).collect::<Vec<_>>(),
        [submission(1), submission(2)]
    );
}

#[test]
fn a_decided_submission_is_left_as_it_is() {
    let mut h = lab();
    ask(&mut h, 1, "Is the dust measured at the school?", None);
    ask(&mut h, 2, "Why not at night?", None);
    h.key(Key::Char('o'));
    h.key(Key::Char('a'));
    h.key(Key::Char('r'));
    enter(&mut h, "duplicate");
    // Both decided; approving, editing, merging or rejecting either again journals nothing.
    for (row, said) in [
        (0, "It is approved already, as question 1 · nothing changed"),
        (1, "It is rejected already: duplicate · nothing changed"),
    ] {
        h.app.mode = Mode::Inbox { selected: row };
        for key in ['a', 'e', 'm', 'r'] {
            assert_eq!(h.key(Key::Char(key)), [], "{key} on row {row}");
            assert_eq!(h.app.flash.as_deref(), Some(said));
            assert!(matches!(h.app.mode, Mode::Inbox { .. }));
        }
        assert_eq!(h.key(Key::Enter), []);
    }
    // An empty inbox says so.
    let mut h = lab();
    h.key(Key::Char('o'));
    assert_eq!(h.key(Key::Char('a')), []);
    assert_eq!(h.app.flash.as_deref(), Some("No question has come from a phone yet"));
}

#[test]
fn e_edits_the_text_as_a_capture_line_and_enter_approves_it_still_asked_from_a_phone() {
    let mut h = lab();
    ask(&mut h, 1, "is the dust measured", Some("Kari"));
    h.key(Key::Char('o'));
    assert_eq!(h.key(Key::Char('e')), []);
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("is the dust measured"));
    // Esc goes back to the inbox: nothing approved.
    assert_eq!(h.key(Key::Esc), []);
    assert!(matches!(h.app.mode, Mode::Inbox { selected: 0 }));
    assert_eq!(h.app.live.inbox.pending_count(), 1);

    h.key(Key::Char('e'));
    h.key(Key::Home);
    h.key(Key::Delete);
    h.keys("I");
    h.key(Key::End);
    h.keys(" at the school? #dust #Health @ingrid");
    let fields = Fields {
        themes: vec!["dust".into(), "health".into()],
        ..online("Is the dust measured at the school?", Some("Kari"))
    };
    assert_eq!(h.key(Key::Enter), [approved(1, fields)]);
    assert_eq!(
        h.app.flash.as_deref(),
        Some(
            "Saving question 1 from a phone… · @ ignored: a question from a phone stays asked from a phone"
        )
    );
    assert!(matches!(h.app.mode, Mode::Inbox { selected: 0 }));
}

#[test]
fn the_edit_line_keeps_a_text_the_fold_would_refuse_and_parks_with_bang_park() {
    let mut h = lab();
    ask(&mut h, 1, "Who pays for the road?", None);
    h.key(Key::Char('o'));
    h.key(Key::Char('e'));
    h.key(Key::Ctrl('u'));
    h.keys("#roads");
    assert_eq!(h.key(Key::Enter), []);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Not approved: its text is empty · Esc goes back without approving")
    );
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("#roads"), "the line stays as typed");
    h.key(Key::Ctrl('u'));
    h.send(Msg::Paste("a".repeat(501)));
    assert_eq!(h.key(Key::Enter), []);
    assert_eq!(
        h.app.flash.as_deref(),
        Some(
            "Not approved: its text is longer than 500 characters · Esc goes back without approving"
        )
    );
    h.key(Key::Ctrl('u'));
    let effects = enter(&mut h, "Who pays for the road? !park #roads");
    let fields = Fields { themes: vec!["roads".into()], ..online("Who pays for the road?", None) };
    assert_eq!(
        effects,
        [
            approved(1, fields),
            Effect::Record(Change::ItemParked { item: submission(1), owner: None })
        ]
    );
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving question 1 from a phone in the parking lot, no owner…")
    );
    assert!(h.app.live.parking.get(submission(1)).is_some());
}

/// Two questions captured in the first session, one in the second.
fn with_questions() -> Harness {
    let mut h = Harness::new();
    h.app = App::new(Live::new(parse_agenda(AGENDA).agenda.unwrap()));
    h.key(Key::Char(' '));
    for text in ["Who pays for the new road?", "Will the dust reach the school?"] {
        h.key(Key::Char('q'));
        enter(&mut h, text);
    }
    h.key(Key::Char('c'));
    enter(&mut h, "Trucks at night");
    h.key(Key::Char('n'));
    h.key(Key::Char('q'));
    enter(&mut h, "When is the next lab?");
    h
}

#[test]
fn m_merges_into_the_question_picked_current_session_first_and_typing_filters() {
    let mut h = with_questions();
    ask(&mut h, 1, "Who pays for the road to the plant?", None);
    h.key(Key::Char('o'));
    assert_eq!(h.key(Key::Char('m')), []);
    let found = |h: &Harness| {
        let Mode::InboxMerge { line, .. } = &h.app.mode else { panic!("{:?}", h.app.mode) };
        merge_candidates(&h.app, line.value()).iter().map(|i| i.number).collect::<Vec<_>>()
    };
    // The current session's question first; the concern is no question.
    assert_eq!(found(&h), [4, 1, 2]);
    h.keys("road");
    assert_eq!(found(&h), [1]);
    h.key(Key::Ctrl('u'));
    h.keys("q2");
    assert_eq!(found(&h), [2]);
    h.key(Key::Ctrl('u'));
    h.key(Key::Down);
    h.key(Key::Down);
    h.key(Key::Down);
    h.key(Key::Up);
    assert!(matches!(h.app.mode, Mode::InboxMerge { picked: 1, .. }));
    let into = h.app.live.items[0].id;
    assert_eq!(
        h.key(Key::Enter),
        [Effect::Record(Change::SubmissionMerged { submission: submission(1), into })]
    );
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving the question from a phone merged into question 1…")
    );
    assert_eq!(h.app.live.inbox.get(submission(1)).unwrap().outcome, Outcome::Merged(into));
    assert!(matches!(h.app.mode, Mode::Inbox { selected: 0 }));

    // A search that finds nothing merges nothing; Esc goes back.
    ask(&mut h, 2, "And the dust?", None);
    // The selection stayed on the merged one, now after the new one.
    assert!(matches!(h.app.mode, Mode::Inbox { selected: 1 }));
    h.key(Key::Char('k'));
    h.key(Key::Char('m'));
    h.keys("helicopter");
    assert_eq!(h.key(Key::Enter), []);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("No question matches \"helicopter\": Ctrl-u empties the search")
    );
    assert_eq!(h.key(Key::Esc), []);
    assert!(matches!(h.app.mode, Mode::Inbox { .. }));
    // Without any question, m says what to do instead.
    let mut h = lab();
    ask(&mut h, 1, "Is there a plan B?", None);
    h.key(Key::Char('o'));
    assert_eq!(h.key(Key::Char('m')), []);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("No question to merge it into yet: a approves it as a new question")
    );
}

#[test]
fn r_rejects_with_a_preset_reason_cycled_by_tab_or_a_typed_one() {
    let mut h = lab();
    ask(&mut h, 1, "Where does the mayor live?", None);
    ask(&mut h, 2, "What about the fish in the fjord?", None);
    ask(&mut h, 3, "Hello", None);
    h.key(Key::Char('o'));
    assert_eq!(h.key(Key::Char('r')), []);
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some(""));
    h.key(Key::Tab);
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("out of scope"));
    h.key(Key::Tab);
    h.key(Key::Tab);
    h.key(Key::Tab);
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("personal data"));
    h.key(Key::Tab);
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("out of scope"), "around the end");
    h.key(Key::BackTab);
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("personal data"));
    let rejected = |seq, reason: &str| {
        Effect::Record(Change::SubmissionRejected {
            submission: submission(seq),
            reason: reason.into(),
        })
    };
    assert_eq!(h.key(Key::Enter), [rejected(1, "personal data")]);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Saving the question from a phone as rejected: personal data…")
    );
    assert!(matches!(h.app.mode, Mode::Inbox { selected: 0 }));

    // Typed: Tab then leaves it as it is.
    h.key(Key::Char('r'));
    h.keys("the fjord is the next lab's ");
    h.key(Key::Tab);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Tab picks a reason when the line is empty: Ctrl-u empties it")
    );
    h.keys("theme");
    assert_eq!(h.key(Key::Enter), [rejected(2, "the fjord is the next lab's theme")]);

    // An empty reason rejects nothing; Esc goes back.
    h.key(Key::Char('r'));
    h.keys("   ");
    assert_eq!(h.key(Key::Enter), []);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Type a reason, or Tab for one of: out of scope, duplicate, offensive, personal data")
    );
    h.key(Key::Esc);
    assert_eq!(h.app.live.inbox.pending_count(), 1);
}

#[test]
fn p_pins_an_approved_question_to_the_room_display_and_unpins_it() {
    let mut h = with_questions();
    ask(&mut h, 1, "Is the dust measured?", None);
    ask(&mut h, 2, "Who pays for the road?", None);
    h.key(Key::Char('o'));
    assert_eq!(h.key(Key::Char('p')), []);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("Approve it first (a or e): only a question goes on the room display")
    );
    h.key(Key::Char('a'));
    // The approved one is listed after the one still to moderate.
    h.key(Key::Char('j'));
    let pinned = |item| Effect::Record(Change::QuestionPinned { item });
    assert_eq!(h.key(Key::Char('p')), [pinned(Some(submission(1)))]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving question 5 pinned to the room display…"));
    assert_eq!(h.app.live.pinned_question().map(|q| q.number), Some(5));
    assert_eq!(h.key(Key::Char('p')), [pinned(None)]);
    assert_eq!(h.app.flash.as_deref(), Some("Saving question 5 off the room display…"));
    assert_eq!(h.app.live.pinned_question(), None);
    // A merged submission pins the question it was merged into.
    h.key(Key::Char('k'));
    h.key(Key::Char('m'));
    h.keys("road");
    h.key(Key::Enter);
    h.app.mode = Mode::Inbox { selected: 1 };
    assert_eq!(h.key(Key::Char('p')), [pinned(Some(h.app.live.items[0].id))]);
    // A rejected one has nothing to pin.
    ask(&mut h, 3, "Hello?", None);
    h.app.mode = Mode::Inbox { selected: 0 };
    h.key(Key::Char('r'));
    enter(&mut h, "out of scope");
    h.app.mode = Mode::Inbox { selected: 2 };
    assert_eq!(h.key(Key::Char('p')), []);
    assert_eq!(h.app.flash.as_deref(), Some("It was rejected: nothing goes on the room display"));
}

#[test]
fn the_selection_stays_on_its_submission_when_one_arrives_and_esc_closes() {
    let mut h = lab();
    ask(&mut h, 1, "First", None);
    ask(&mut h, 2, "Second", None);
    h.key(Key::Char('o'));
    h.key(Key::Char('a'));
    // Row 1 is the approved one, after the one to moderate.
    h.key(Key::Down);
    assert!(matches!(h.app.mode, Mode::Inbox { selected: 1 }));
    ask(&mut h, 3, "Third", None);
    assert!(matches!(h.app.mode, Mode::Inbox { selected: 2 }), "{:?}", h.app.mode);
    assert_eq!(listed(&h.app)[2].id, submission(1));
    assert_eq!(h.key(Key::Esc), []);
    assert!(matches!(h.app.mode, Mode::Normal));
    h.key(Key::Char('o'));
    assert_eq!(h.key(Key::Char('o')), []);
    assert!(matches!(h.app.mode, Mode::Normal));
}

#[test]
fn leaving_from_the_inbox_while_a_session_runs_asks_and_a_line_keeps_its_draft() {
    let mut h = lab();
    ask(&mut h, 1, "Is the dust measured?", None);
    h.key(Key::Char('o'));
    assert_eq!(h.key(Key::Ctrl('q')), []);
    assert_eq!(h.app.mode.question(), Some(Question::Leave));
    h.key(Key::Char('n'));
    h.key(Key::Char('e'));
    assert_eq!(h.key(Key::Ctrl('c')), []);
    assert_eq!(h.app.mode.question(), Some(Question::LeaveDraft));
    h.key(Key::Char('n'));
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("Is the dust measured?"));
}

#[test]
fn after_the_end_decisions_wait_for_corrections_which_reopen_the_event_first() {
    let mut h = lab();
    ask(&mut h, 1, "Is the dust measured?", None);
    h.key(Key::Char('E'));
    h.key(Key::Char('y'));
    assert!(matches!(h.app.mode, Mode::Ended));
    // A question still comes after the end; the inbox shows it, decisions are refused.
    ask(&mut h, 2, "Too late?", None);
    assert_eq!(h.key(Key::Char('o')), []);
    assert!(matches!(h.app.mode, Mode::Inbox { selected: 0 }));
    for key in ['a', 'e', 'm', 'r', 'p'] {
        assert_eq!(h.key(Key::Char(key)), [], "{key}");
        assert!(matches!(h.app.mode, Mode::Inbox { .. }));
    }
    assert_eq!(
        h.app.flash.as_deref(),
        Some(
            "The event ended at 18:07: deciding on questions from phones is a correction (convene run --resume reopens it)"
        )
    );
    assert_eq!(h.key(Key::Esc), []);
    assert!(matches!(h.app.mode, Mode::Ended));

    // Resumed after the end, it is open for corrections: an approval reopens it first and
    // goes to the session on screen; the room display is for the event itself.
    h.app = App::new(h.app.live.clone());
    h.key(Key::Char('o'));
    let effects = h.key(Key::Char('a'));
    assert_eq!(effects[0], Effect::Record(Change::EventReopened));
    assert_eq!(
        effects[1..],
        [Effect::Record(Change::SubmissionApproved {
            submission: submission(1),
            session: 1,
            offset_ms: 125_000,
            fields: online("Is the dust measured?", None),
        })]
    );
    assert_eq!(h.app.flash.as_deref(), Some("Saving question 1 from a phone in session 2…"));
    h.key(Key::Char('j'));
    assert_eq!(h.key(Key::Char('p')), []);
    assert_eq!(
        h.app.flash.as_deref(),
        Some("The event ended at 18:07: the room display is for the event itself")
    );
}

#[test]
fn the_inbox_keys_are_in_the_key_table_once() {
    use crate::app::keys::{ModeKind, action_for};
    assert_eq!(action_for(ModeKind::Normal, Key::Char('o')), Some(Action::OpenInbox));
    for (key, action) in [
        (Key::Char('a'), Action::ApproveSubmission),
        (Key::Enter, Action::ApproveSubmission),
        (Key::Char('e'), Action::EditSubmission),
        (Key::Char('m'), Action::MergeSubmission),
        (Key::Char('r'), Action::RejectSubmission),
        (Key::Char('p'), Action::PinQuestion),
        (Key::Esc, Action::CloseInbox),
    ] {
        assert_eq!(action_for(ModeKind::Inbox, key), Some(action), "{key}");
    }
    // In the lines every printable key is text.
    for mode in [ModeKind::InboxEdit, ModeKind::InboxReject, ModeKind::InboxMerge] {
        for c in ['a', 'e', 'm', 'r', 'p', 'j', 'k', 'q', ' '] {
            assert_eq!(action_for(mode, Key::Char(c)), None, "{c} in {mode:?}");
        }
    }
}

#[test]
fn an_approved_question_edited_or_answered_later_stays_asked_from_a_phone() {
    let mut h = lab();
    ask(&mut h, 1, "Is the dust measured?", Some("Kari"));
    h.key(Key::Char('o'));
    h.key(Key::Char('a'));
    h.key(Key::Esc);
    h.key(Key::Up);
    assert_eq!(h.app.selected, Some(submission(1)));
    // The line holds no @name for it, and saving keeps the phone's raiser and name.
    h.key(Key::Char('e'));
    assert_eq!(h.app.mode.line().map(|l| l.value()), Some("Is the dust measured?"));
    h.keys(" #dust");
    let fields =
        Fields { themes: vec!["dust".into()], ..online("Is the dust measured?", Some("Kari")) };
    assert_eq!(
        h.key(Key::Enter),
        [Effect::Record(Change::ItemEdited {
            item: submission(1),
            kind: ItemKind::Question,
            fields
        })]
    );
    h.key(Key::Char('A'));
    assert_eq!(
        enter(&mut h, "Yes, every week"),
        [Effect::Record(Change::ItemAnswered {
            item: submission(1),
            answer: "Yes, every week".into()
        })]
    );
    assert_eq!(h.app.live.item(submission(1)).and_then(|q| q.answer()), Some("Yes, every week"));
}
