use chrono::{DateTime, FixedOffset};

use super::*;
use crate::agenda::parse_agenda;
use crate::event::{Change, Entry, Fields, ItemId};

fn at(minute: u32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-10-06T09:{minute:02}:00+02:00"))
        .expect("a valid time")
}

/// A council under `attribution`: a participant who did not consent, with a group; one who
/// did, without; an organisation; a session whose lead is a participant and one whose lead
/// matches nobody.
fn agenda(attribution: &str) -> Agenda {
    parse_agenda(&format!(
        r#"
title = "Herøya Policy Council"
kind = "council"
date = 2026-10-06
start = "09:00"
attribution = "{attribution}"
organisations = ["Yara"]

[team]
facilitator = "Clara"
note_taker = "Jonas"

[[groups]]
id = "residents"
name = "Local residents"

[[participants]]
name = "Ingrid Solberg"
group = "residents"
consent = false

[[participants]]
name = "Lena Vogt"
consent = true

[[sessions]]
title = "Traffic"
duration = "30m"
lead = "Ingrid Solberg"

[[sessions]]
title = "Water"
duration = "30m"
lead = "Dr. Berg"
"#
    ))
    .agenda
    .expect("a valid agenda")
}

/// The event replayed from captures: (session, kind, fields, answer).
fn live(agenda: &Agenda, items: Vec<(usize, ItemKind, Fields, Option<&str>)>) -> Live {
    let mut entries = Vec::new();
    let mut push = |change| {
        let seq = entries.len() as u64 + 1;
        entries.push(Entry::format_1(seq, at(seq as u32), change));
    };
    push(Change::SessionStarted { session: 0, elapsed_ms: 0 });
    for (n, (session, kind, fields, answer)) in items.into_iter().enumerate() {
        let item = ItemId::format_1(n as u64 + 1);
        push(Change::ItemCaptured { item, kind, session, offset_ms: 0, fields });
        if let Some(answer) = answer {
            push(Change::ItemAnswered { item, answer: answer.to_string() });
        }
    }
    push(Change::EventEnded);
    crate::minutes::fold(agenda, &entries).live
}

fn fields(text: &str) -> Fields {
    Fields { text: text.to_string(), ..Fields::default() }
}

fn council_items() -> Vec<(usize, ItemKind, Fields, Option<&'static str>)> {
    let participant = |name: &str| Some(Raiser::Participant(name.into()));
    vec![
        (
            0,
            ItemKind::Action,
            Fields {
                owner: participant("Ingrid Solberg"),
                ..fields("Ask Dr. Lindqvist and Lena Holm for the truck counts")
            },
            None,
        ),
        (
            0,
            ItemKind::Question,
            Fields {
                by: Some(Raiser::Unknown("the mayor".into())),
                ..fields("Will Ingrid's street get the trucks?")
            },
            Some("Mr Hansen says no. Lena Vogt agrees"),
        ),
        // A group and an organisation are named in every policy: nothing to list.
        (
            1,
            ItemKind::Concern,
            Fields { by: Some(Raiser::Group("residents".into())), ..fields("Noise at night") },
            None,
        ),
        (
            1,
            ItemKind::Action,
            Fields {
                owner: Some(Raiser::Organisation("Yara".into())),
                ..fields("Send the counts")
            },
            None,
        ),
        (1, ItemKind::Decision, Fields { internal: true, ..fields("Budget from Mr Hansen") }, None),
        // A note is never public: its names need no look.
        (1, ItemKind::Note, fields("Call Per Berg"), None),
    ]
}

#[test]
fn a_council_under_chatham_house_rule_lists_every_name_in_minutes_order() {
    let agenda = agenda("group");
    let review = Review::of(&live(&agenda, council_items()));
    assert_eq!(
        review.text(),
        "\
Replaced in the public minutes (9):
  lead of session 1: \"Ingrid Solberg\" → \"a participant from Local residents\"
  action 1 in session 1, text: \"Dr. Lindqvist\" → \"someone\"
  action 1 in session 1, text: \"Lena\" → \"a participant\"
  action 1 in session 1, owner: \"Ingrid Solberg\" → \"a participant from Local residents\"
  question 2 in session 1, text: \"Ingrid\" → \"a participant from Local residents\"
  question 2 in session 1, raised by: \"the mayor\" → nobody
  question 2 in session 1, answer: \"Mr Hansen\" → \"Someone\"
  question 2 in session 1, answer: \"Lena Vogt\" → \"A participant\"
  lead of session 2: \"Dr. Berg\" → nobody

Not in the agenda (5):
  action 1 in session 1, text: \"Dr. Lindqvist\" — a title and a name not in the agenda; \"someone\" in public
  action 1 in session 1, text: \"Lena Holm\" — capitalised words not in the agenda; published as typed
  question 2 in session 1, raised by: \"the mayor\" — matches nobody in the agenda; not published
  question 2 in session 1, answer: \"Mr Hansen\" — a title and a name not in the agenda; \"someone\" in public
  lead of session 2: \"Dr. Berg\" — matches nobody in the agenda; not published

Kept internal (1):
  decision 5 in session 2: \"Budget from Mr Hansen\"

needs a look: 5 names not in the agenda, 9 names replaced as the policy says, 1 item kept internal
"
    );
    assert!(review.needs_look);
}

#[test]
fn an_event_whose_names_follow_the_policy_is_ready_to_publish() {
    let mut agenda = agenda("named");
    for session in &mut agenda.sessions {
        session.lead = None;
    }
    let participant = |name: &str| Some(Raiser::Participant(name.into()));
    let items = vec![
        (0, ItemKind::Question, fields("When do the EU rules apply at Yara?"), Some("In 2027")),
        // A participant who consented is named; one who did not is shown by group.
        (
            0,
            ItemKind::Idea,
            Fields { by: participant("Lena Vogt"), ..fields("Ask Lena Vogt") },
            None,
        ),
        (
            1,
            ItemKind::Concern,
            Fields { by: participant("Ingrid Solberg"), ..fields("Dust") },
            None,
        ),
        (1, ItemKind::Idea, Fields { internal: true, ..fields("Ask Per Berg") }, None),
    ];
    let review = Review::of(&live(&agenda, items));
    assert!(!review.needs_look);
    assert_eq!(
        review.text(),
        "\
Replaced in the public minutes (1):
  concern 3 in session 2, raised by: \"Ingrid Solberg\" → \"a participant from Local residents\"

Not in the agenda: none

Kept internal (1):
  idea 4 in session 2: \"Ask Per Berg\"

ready to publish: 1 name replaced as the policy says, 1 item kept internal
"
    );
    let nothing = Review::of(&live(&agenda, Vec::new()));
    assert_eq!(nothing.verdict, "ready to publish: no name replaced, no item kept internal");
    assert!(!nothing.needs_look);
}

/// In public, a name after a title is someone the agenda does not list, with its title and,
/// where written with a capital, without; a participant with a title follows the policy.
#[test]
fn the_public_minutes_replace_a_titled_name_by_someone() {
    let agenda = agenda("group");
    let text = "Dr. Lindqvist's report, as Lindqvist said, not the lindqvist gauge. Ask Ms Solberg";
    let live = live(&agenda, vec![(0, ItemKind::Idea, fields(text), None)]);
    let names = crate::minutes::Redactor::public(&live.agenda, &live.items);
    let mut noted = Vec::new();
    let public = names.replace_noting(text, true, &mut noted);
    assert_eq!(
        public,
        "Someone's report, as someone said, not the lindqvist gauge. Ask a participant from Local residents"
    );
    assert_eq!(
        noted,
        [
            ("Dr. Lindqvist".to_string(), "Someone".to_string()),
            ("Lindqvist".to_string(), "someone".to_string()),
            ("Ms Solberg".to_string(), "a participant from Local residents".to_string()),
        ]
    );
    // Nothing found, nothing made.
    assert!(matches!(names.prose("the trucks"), std::borrow::Cow::Borrowed(_)));
}

/// Who follows up a parked item is an owner: shown as the policy shows one, and listed when
/// the public minutes show it otherwise or it matches nobody; a name typed for it that
/// matched nobody is not published where it is written in a text either.
#[test]
fn the_owner_of_a_parked_item_is_reviewed_like_an_actions() {
    let agenda = agenda("group");
    let mut live = live(
        &agenda,
        vec![
            (0, ItemKind::Concern, fields("Noise at night"), None),
            (1, ItemKind::Idea, fields("Ask Bob Stone about the tailings"), None),
        ],
    );
    let parks = [
        (ItemId::format_1(1), Raiser::Participant("Ingrid Solberg".into())),
        (ItemId::format_1(2), Raiser::Unknown("Bob Stone".into())),
    ];
    let now = crate::live::Now { mono: std::time::Instant::now(), wall: at(50) };
    for (seq, (item, owner)) in parks.into_iter().enumerate() {
        let change = Change::ItemParked { item, owner: Some(owner) };
        live.apply(&Entry::format_1(40 + seq as u64, at(40), change), now).unwrap();
    }
    assert_eq!(
        Review::of(&live).text(),
        "\
Replaced in the public minutes (5):
  lead of session 1: \"Ingrid Solberg\" → \"a participant from Local residents\"
  concern 1 in session 1, owner in the parking lot: \"Ingrid Solberg\" → \"a participant from Local residents\"
  lead of session 2: \"Dr. Berg\" → nobody
  idea 2 in session 2, text: \"Bob Stone\" → \"a participant\"
  idea 2 in session 2, owner in the parking lot: \"Bob Stone\" → nobody

Not in the agenda (2):
  lead of session 2: \"Dr. Berg\" — matches nobody in the agenda; not published
  idea 2 in session 2, owner in the parking lot: \"Bob Stone\" — matches nobody in the agenda; not published

Kept internal: none

needs a look: 2 names not in the agenda, 5 names replaced as the policy says
"
    );
}

#[test]
fn names_typed_in_a_tally_are_listed_where_the_public_minutes_replace_them() {
    use crate::event::{Counting, OptionCount, TallyMethod, TallyRule};
    let mut agenda = agenda("group");
    for session in &mut agenda.sessions {
        session.lead = None;
    }
    let option = |option: &str| OptionCount {
        option: option.into(),
        count: Some(3),
        how: Counting::Counted,
    };
    let entries = vec![
        Entry::format_1(1, at(1), Change::SessionStarted { session: 0, elapsed_ms: 0 }),
        Entry::format_1(
            2,
            at(2),
            Change::TallyRecorded {
                tally: ItemId::format_1(2),
                session: 0,
                question: "Back Ingrid's plan?".into(),
                method: TallyMethod::ShowOfHands,
                rule: TallyRule::Advisory,
                counts: vec![option("for"), option("Dr. Lindqvist's plan")],
                present: None,
                dots: None,
                outcome: "Lena Vogt will write it up".into(),
            },
        ),
    ];
    let review = Review::of(&crate::minutes::fold(&agenda, &entries).live);
    assert_eq!(
        review.text(),
        "\
Replaced in the public minutes (3):
  tally 1 in session 1, question: \"Ingrid\" → \"a participant from Local residents\"
  tally 1 in session 1, option: \"Dr. Lindqvist\" → \"Someone\"
  tally 1 in session 1, outcome: \"Lena Vogt\" → \"A participant\"

Not in the agenda (1):
  tally 1 in session 1, option: \"Dr. Lindqvist\" — a title and a name not in the agenda; \"someone\" in public

Kept internal: none

needs a look: 1 name not in the agenda, 3 names replaced as the policy says
"
    );
}

/// A question from a phone: who asked is "a participant (online)" in every version (the
/// name typed on the phone is nobody's consent, and nothing to list); the typed name written
/// in its text is replaced like a name typed after `@`, and so is not "published as typed".
#[test]
fn a_question_from_a_phone_is_reviewed_like_any_item_and_its_typed_name_is_replaced() {
    let agenda = agenda("group");
    let question = Fields {
        by: Some(Raiser::Online(Some("Kari Nilsen".into()))),
        ..fields("Kari Nilsen asks whether Ingrid measured the dust")
    };
    let review = Review::of(&live(
        &agenda,
        vec![(0, ItemKind::Question, question, Some("The county answers Kari Nilsen"))],
    ));
    assert_eq!(
        review.text(),
        "\
Replaced in the public minutes (5):
  lead of session 1: \"Ingrid Solberg\" → \"a participant from Local residents\"
  question 1 in session 1, text: \"Kari Nilsen\" → \"A participant\"
  question 1 in session 1, text: \"Ingrid\" → \"a participant from Local residents\"
  question 1 in session 1, answer: \"Kari Nilsen\" → \"a participant\"
  lead of session 2: \"Dr. Berg\" → nobody

Not in the agenda (1):
  lead of session 2: \"Dr. Berg\" — matches nobody in the agenda; not published

Kept internal: none

needs a look: 1 name not in the agenda, 5 names replaced as the policy says
"
    );
}
