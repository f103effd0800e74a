use std::time::Instant;

use chrono::TimeZone;

use super::*;
use crate::agenda::parse_agenda;
use crate::event::{Change, DeviceId, Hlc};
use crate::live::{Live, Now};

fn count(option: &str, count: Option<u32>, how: Counting) -> OptionCount {
    OptionCount { option: option.into(), count, how }
}

fn counted(option: &str, n: u32) -> OptionCount {
    count(option, Some(n), Counting::Counted)
}

fn texts(checks: &[Check]) -> Vec<(bool, String)> {
    checks.iter().map(|c| (c.passed(), c.to_string())).collect()
}

fn yes_no_abstain(yes: u32, no: u32, abstain: OptionCount) -> Vec<OptionCount> {
    vec![counted("yes", yes), counted("no", no), abstain]
}

#[test]
fn the_dots_counted_must_match_the_dots_handed_out_per_person_or_in_all() {
    let options = |a, b, c| {
        vec![
            counted("Monthly dust reports", a),
            counted("A noise hotline", b),
            counted("Open days", c),
        ]
    };
    let dot_vote = |counts: &[OptionCount], present, dots| {
        texts(&checks(TallyMethod::DotVote, counts, present, dots))
    };
    // 3 dots each for 20 present: 60 handed out.
    assert_eq!(
        dot_vote(&options(31, 17, 12), Some(20), Some(Dots::PerPerson(3))),
        [(true, "the 60 dots counted match the 60 handed out".to_string())]
    );
    assert_eq!(
        dot_vote(&options(31, 17, 10), Some(20), Some(Dots::PerPerson(3))),
        [(false, "the 58 dots counted do not match the 60 handed out".to_string())]
    );
    // More is as wrong as fewer.
    assert_eq!(
        dot_vote(&options(31, 17, 13), None, Some(Dots::Total(60))),
        [(false, "the 61 dots counted do not match the 60 handed out".to_string())]
    );
    assert_eq!(
        dot_vote(&options(31, 17, 12), None, Some(Dots::Total(60))),
        [(true, "the 60 dots counted match the 60 handed out".to_string())]
    );
    // Per person without the number present: the dots handed out are not known.
    assert_eq!(
        dot_vote(&options(31, 17, 12), None, Some(Dots::PerPerson(3))),
        [(
            false,
            "the dots handed out are not known: 3 per person, but the number present was not entered"
                .to_string()
        )]
    );
    assert_eq!(
        dot_vote(&options(31, 17, 12), Some(20), None),
        [(
            false,
            "the dots handed out were not entered: the dots counted cannot be checked".to_string()
        )]
    );
    // An estimate can only be held to not more than the dots handed out.
    let mut estimated = options(31, 17, 0);
    estimated[2] = count("Open days", Some(10), Counting::Estimated);
    assert_eq!(
        dot_vote(&estimated, Some(20), Some(Dots::PerPerson(3))),
        [(
            true,
            "the 58 dots counted or estimated are not more than the 60 handed out".to_string()
        )]
    );
    estimated[2].count = Some(15);
    assert_eq!(
        dot_vote(&estimated, Some(20), Some(Dots::PerPerson(3))),
        [(false, "the 63 dots counted or estimated are more than the 60 handed out".to_string())]
    );
}

#[test]
fn counted_yes_no_and_abstain_are_never_more_than_the_people_present() {
    let vote = |counts: &[OptionCount], present| {
        texts(&checks(TallyMethod::YesNoAbstain, counts, present, None))
    };
    assert_eq!(
        vote(&yes_no_abstain(12, 5, counted("abstain", 3)), Some(20)),
        [(true, "the 20 votes counted are not more than the 20 present".to_string())]
    );
    assert_eq!(
        vote(&yes_no_abstain(12, 6, counted("abstain", 3)), Some(20)),
        [(false, "the 21 votes counted are more than the 20 present".to_string())]
    );
    // An estimate is not a count: only the counted votes are held to the number present.
    assert_eq!(
        vote(&yes_no_abstain(12, 6, count("abstain", Some(9), Counting::Estimated)), Some(20)),
        [(true, "the 18 votes counted are not more than the 20 present".to_string())]
    );
    // Without the number present, or with nothing counted, nothing is checked.
    assert_eq!(vote(&yes_no_abstain(12, 6, counted("abstain", 3)), None), []);
    let nothing_counted = vec![
        count("yes", None, Counting::MajorityNotCounted),
        count("no", Some(2), Counting::Estimated),
        count("abstain", None, Counting::Estimated),
    ];
    assert_eq!(vote(&nothing_counted, Some(20)), []);
    // A show of hands may raise a hand for several options: not checked.
    assert_eq!(
        checks(
            TallyMethod::ShowOfHands,
            &[counted("for", 30), counted("against", 4)],
            Some(20),
            None
        ),
        []
    );
}

#[test]
fn fist_to_five_hands_are_never_more_than_the_people_present() {
    let hands = |fingers: [u32; 6]| -> Vec<OptionCount> {
        fingers.iter().enumerate().map(|(i, &n)| counted(&i.to_string(), n)).collect()
    };
    assert_eq!(
        texts(&checks(TallyMethod::FistToFive, &hands([0, 1, 2, 4, 6, 5]), Some(18), None)),
        [(true, "the 18 hands counted are not more than the 18 present".to_string())]
    );
    assert_eq!(
        texts(&checks(TallyMethod::FistToFive, &hands([1, 1, 2, 4, 6, 5]), Some(18), None)),
        [(false, "the 19 hands counted are more than the 18 present".to_string())]
    );
}

#[test]
fn a_majority_not_counted_has_no_number() {
    let with_number =
        yes_no_abstain(3, 1, count("abstain", Some(14), Counting::MajorityNotCounted));
    let checked = checks(TallyMethod::YesNoAbstain, &with_number, Some(20), None);
    assert_eq!(
        texts(&checked),
        [
            (
                false,
                "\"abstain\" is marked majority, not counted, but has a number (14)".to_string()
            ),
            (true, "the 4 votes counted are not more than the 20 present".to_string()),
        ]
    );
    assert_eq!(
        checked.iter().map(Check::name).collect::<Vec<_>>(),
        ["majority_without_number", "votes_within_present"]
    );
    let without = yes_no_abstain(3, 1, count("abstain", None, Counting::MajorityNotCounted));
    assert!(checks(TallyMethod::YesNoAbstain, &without, Some(20), None).iter().all(Check::passed));
}

const AGENDA: &str = r#"
title = "Policy Council 2026"
kind = "council"
date = 2026-10-06
start = "09:30"
[[sessions]]
title = "Supply security"
duration = "45m"
[[sessions]]
title = "Business cases"
duration = "45m"
"#;

const A: DeviceId = DeviceId::new(0xa);
const B: DeviceId = DeviceId::new(0xb);

fn at(second: u64) -> DateTime<FixedOffset> {
    FixedOffset::east_opt(7200)
        .and_then(|tz| tz.with_ymd_and_hms(2026, 10, 6, 10, 0, 0).single())
        .unwrap()
        + chrono::Duration::seconds(second as i64)
}

/// A show of hands recorded with the id `tally`.
fn show_of_hands(tally: ItemId, session: usize, against: u32) -> Change {
    Change::TallyRecorded {
        tally,
        session,
        question: "Should the permit process have one contact point?".into(),
        method: TallyMethod::ShowOfHands,
        rule: TallyRule::Advisory,
        counts: vec![count("for", None, Counting::MajorityNotCounted), counted("against", against)],
        present: Some(24),
        dots: None,
        outcome: "Advised: one contact point".into(),
    }
}

/// Lines as (device, seq, clock second, change), folded in clock order; what was refused.
fn fold(lines: Vec<(DeviceId, u64, u64, Change)>) -> (Live, Vec<String>) {
    let mut entries: Vec<Entry> = lines
        .into_iter()
        .map(|(device, seq, second, change)| Entry {
            device,
            seq,
            clock: Hlc((1_791_100_000 + second) << 32),
            at: at(second),
            change,
        })
        .collect();
    entries.sort_by_key(Entry::order);
    let mut live = Live::new(parse_agenda(AGENDA).agenda.unwrap());
    let now = Now { mono: Instant::now(), wall: at(3600) };
    let refused = live.replay(entries, &[], now);
    (live, refused)
}

#[test]
fn a_tally_is_corrected_by_its_id_the_last_by_clock_standing_and_deleted() {
    let first = ItemId { device: A, seq: 1 };
    let second = ItemId { device: B, seq: 1 };
    let (live, refused) = fold(vec![
        (A, 1, 10, show_of_hands(first, 0, 2)),
        (B, 1, 20, show_of_hands(second, 1, 5)),
        // B corrects A's tally after A did: B's correction is later on the clock.
        (A, 2, 30, show_of_hands(first, 0, 3)),
        (B, 2, 40, show_of_hands(first, 0, 4)),
    ]);
    assert_eq!(refused, Vec::<String>::new());
    let shown: Vec<(u64, usize, Option<u32>)> =
        live.tallies.shown().map(|t| (t.number, t.session, t.counts[1].count)).collect();
    assert_eq!(shown, [(1, 0, Some(4)), (2, 1, Some(5))]);
    let tally = live.tallies.get(first).unwrap();
    assert_eq!((tally.at, tally.corrected_at), (at(10), Some(at(40))));
    assert_eq!(live.tallies.of_session(1).count(), 1);

    let (live, refused) = fold(vec![
        (A, 1, 10, show_of_hands(first, 0, 2)),
        (A, 2, 20, Change::TallyDeleted { tally: first }),
    ]);
    assert_eq!(refused, Vec::<String>::new());
    assert_eq!(live.tallies.shown().count(), 0);
    assert!(live.tallies.get(first).unwrap().deleted);
    // Recorded again after the delete (undo): back, with its number.
    let (live, _) = fold(vec![
        (A, 1, 10, show_of_hands(first, 0, 2)),
        (A, 2, 20, Change::TallyDeleted { tally: first }),
        (A, 3, 30, show_of_hands(first, 0, 2)),
    ]);
    assert_eq!(live.tallies.shown().map(|t| t.number).collect::<Vec<_>>(), [1]);
}

#[test]
fn a_tally_the_fold_cannot_trust_is_refused_and_changes_nothing() {
    let own = ItemId { device: A, seq: 1 };
    let with = |f: &dyn Fn(&mut Change)| {
        let mut change = show_of_hands(own, 0, 2);
        f(&mut change);
        let (live, refused) = fold(vec![(A, 1, 10, change)]);
        assert_eq!(live.tallies.all().len(), 0, "{refused:?}");
        refused.into_iter().next().unwrap_or_default()
    };
    /// What a case changes in a valid tally.
    type Edit = fn(&mut Change);
    let set = |f: Edit| f;
    let a = A.to_string();
    let cases: Vec<(Edit, String)> = vec![
        (
            set(|c| {
                if let Change::TallyRecorded { tally, .. } = c {
                    tally.seq = 7
                }
            }),
            format!(
                "tally {a}.7 was never recorded, and a new tally's id is the device and sequence number of its own line ({a}.1)"
            ),
        ),
        (
            set(|c| {
                if let Change::TallyRecorded { session, .. } = c {
                    *session = 2
                }
            }),
            "it names session index 2, but the agenda has 2 sessions (0 to 1)".into(),
        ),
        (
            set(|c| {
                if let Change::TallyRecorded { question, .. } = c {
                    question.clear()
                }
            }),
            "its question is empty".into(),
        ),
        (
            set(|c| {
                if let Change::TallyRecorded { outcome, .. } = c {
                    *outcome = "ok\u{1b}[2J".into()
                }
            }),
            "its outcome holds control characters, line breaks or spaces at its ends".into(),
        ),
        (
            set(|c| {
                if let Change::TallyRecorded { method, .. } = c {
                    *method = TallyMethod::YesNoAbstain
                }
            }),
            "a yes/no/abstain tally counts the options yes, no, abstain in this order".into(),
        ),
        (
            set(|c| {
                if let Change::TallyRecorded { counts, .. } = c {
                    counts[1].option = "FOR".into()
                }
            }),
            "its option \"FOR\" is listed twice".into(),
        ),
        (
            set(|c| {
                if let Change::TallyRecorded { counts, .. } = c {
                    counts.clear()
                }
            }),
            "it has 0 options; a tally has 1 to 40".into(),
        ),
        (
            set(|c| {
                if let Change::TallyRecorded { present, .. } = c {
                    *present = Some(u32::MAX)
                }
            }),
            format!("its number {} is more than 1000000 (a forged number)", u32::MAX),
        ),
        (
            set(|c| {
                if let Change::TallyRecorded { dots, .. } = c {
                    *dots = Some(Dots::Total(3))
                }
            }),
            "it gives dots handed out to a show of hands".into(),
        ),
    ];
    for (change, reason) in cases {
        assert_eq!(
            with(&change),
            format!("entry 1 of journals/{a}.jsonl was not replayed: {reason}")
        );
    }
    let (_, refused) = fold(vec![(A, 1, 10, Change::TallyDeleted { tally: own })]);
    assert_eq!(
        refused,
        [format!("entry 1 of journals/{a}.jsonl was not replayed: tally {a}.1 was never recorded")]
    );
}

#[test]
fn a_tally_counts_from_any_device_and_its_checks_are_folded_with_it() {
    // Not the facilitator's device (the fold starts with the format-1 device as facilitator).
    let id = ItemId { device: B, seq: 3 };
    let change = Change::TallyRecorded {
        tally: id,
        session: 1,
        question: "Which should the council take up first?".into(),
        method: TallyMethod::DotVote,
        rule: TallyRule::Binding,
        counts: vec![counted("Recycling targets", 40), counted("Permit times", 18)],
        present: Some(20),
        dots: Some(Dots::PerPerson(3)),
        outcome: "Recycling targets first".into(),
    };
    let (live, refused) = fold(vec![(B, 3, 5, change)]);
    assert_eq!(refused, Vec::<String>::new());
    let tally = live.tallies.get(id).unwrap();
    assert_eq!(tally.checks, [Check::Dots { given: 58, handed_out: 60, exact: true }]);
    assert_eq!(tally.failed().count(), 1);
}
