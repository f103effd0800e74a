use chrono::DateTime;

use super::super::{markdown, render};
use super::*;
use crate::agenda::parse_agenda;
use crate::event::{Entry, ItemId, OptionCount};
use crate::journal::Change;
use crate::minutes::Audience;

const AGENDA: &str = r#"
title = "Policy Council 2026"
kind = "council"
date = 2026-10-06
start = "09:30"
attribution = "group"
[[groups]]
id = "government"
name = "Public authorities"
[[participants]]
name = "Henrik Dahl"
group = "government"
consent = false
[[sessions]]
title = "Supply security"
duration = "45m"
[[sessions]]
title = "Permits"
duration = "45m"
"#;

fn at(minute: u32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-10-06T09:{minute:02}:00+02:00")).unwrap()
}

fn count(option: &str, count: Option<u32>, how: Counting) -> OptionCount {
    OptionCount { option: option.into(), count, how }
}

fn counted(option: &str, n: u32) -> OptionCount {
    count(option, Some(n), Counting::Counted)
}

/// A council of two sessions with four tallies: a show of hands naming a participant who
/// did not consent, a dot vote whose dots did not add up (corrected later: they do), a
/// yes/no/abstain deleted, and one with more votes counted than present and a majority
/// with a number.
fn journal() -> Vec<Entry> {
    let mut entries = Vec::new();
    let mut push = |minute, change| {
        let seq = entries.len() as u64 + 1;
        entries.push(Entry::format_1(seq, at(minute), change));
        ItemId::format_1(seq)
    };
    push(30, Change::SessionStarted { session: 0, elapsed_ms: 0 });
    let tally =
        |tally, session, question: &str, method, rule, counts, present, dots, outcome: &str| {
            Change::TallyRecorded {
                tally,
                session,
                question: question.into(),
                method,
                rule,
                counts,
                present,
                dots,
                outcome: outcome.into(),
            }
        };
    push(
        40,
        tally(
            ItemId::format_1(2),
            0,
            "Should the council back Henrik Dahl's one-stop permit office?",
            TallyMethod::ShowOfHands,
            TallyRule::Advisory,
            vec![count("for", None, Counting::MajorityNotCounted), counted("against", 2)],
            Some(20),
            None,
            "Backed by a clear majority, as Dr. Lindqvist advised",
        ),
    );
    let dots = vec![
        counted("Recycling targets", 31),
        counted("Permit times", 17),
        counted("Stockpiles", 10),
    ];
    push(
        45,
        tally(
            ItemId::format_1(3),
            0,
            "Which should the council take up first?",
            TallyMethod::DotVote,
            TallyRule::Binding,
            dots,
            Some(20),
            Some(Dots::PerPerson(3)),
            "",
        ),
    );
    push(
        50,
        tally(
            ItemId::format_1(4),
            0,
            "Break now?",
            TallyMethod::YesNoAbstain,
            TallyRule::Advisory,
            vec![counted("yes", 1), counted("no", 1), counted("abstain", 1)],
            None,
            None,
            "",
        ),
    );
    push(51, Change::TallyDeleted { tally: ItemId::format_1(4) });
    push(52, Change::SessionEnded { session: 0, elapsed_ms: 22 * 60_000 });
    push(52, Change::SessionSelected { session: 1 });
    push(53, Change::SessionStarted { session: 1, elapsed_ms: 0 });
    push(
        55,
        tally(
            ItemId::format_1(9),
            1,
            "Adopt the permit timeline | as drafted?",
            TallyMethod::YesNoAbstain,
            TallyRule::Binding,
            vec![
                counted("yes", 12),
                counted("no", 9),
                count("abstain", Some(3), Counting::MajorityNotCounted),
            ],
            Some(20),
            None,
            "Adopted",
        ),
    );
    // The dot vote corrected: the dots recounted, the outcome declared.
    let recounted = vec![
        counted("Recycling targets", 31),
        counted("Permit times", 17),
        counted("Stockpiles", 12),
    ];
    push(
        58,
        tally(
            ItemId::format_1(3),
            0,
            "Which should the council take up first?",
            TallyMethod::DotVote,
            TallyRule::Binding,
            recounted,
            Some(20),
            Some(Dots::PerPerson(3)),
            "Recycling targets first",
        ),
    );
    push(59, Change::EventEnded);
    entries
}

/// The section, from its heading to the end of the minutes (only the record's line follows
/// it in a council without messages to the room).
fn section(text: &str) -> &str {
    let start = text.find("\n## Votes and shows of hands").expect("the section");
    &text[start..]
}

const INTERNAL: &str = "
## Votes and shows of hands

### Tally 1 · session 1. Supply security · 09:40

**Question:** Should the council back Henrik Dahl's one-stop permit office?

**Method:** show of hands · **rule:** advisory

| Option | Count | How obtained |
|---|---:|---|
| for | — | majority, not counted |
| against | 2 | counted |

**Present:** 20

**Outcome as declared:** Backed by a clear majority, as Dr. Lindqvist advised

### Tally 2 · session 1. Supply security · 09:45 (corrected 09:58)

**Question:** Which should the council take up first?

**Method:** dot vote · **rule:** binding

| Option | Count | How obtained |
|---|---:|---|
| Recycling targets | 31 | counted |
| Permit times | 17 | counted |
| Stockpiles | 12 | counted |

**Present:** 20 · **dots handed out:** 3 per person, 60 in all

**Outcome as declared:** Recycling targets first

- Check passed: the 60 dots counted match the 60 handed out.

### Tally 4 · session 2. Permits · 09:55

**Question:** Adopt the permit timeline \\| as drafted?

**Method:** yes/no/abstain · **rule:** binding

| Option | Count | How obtained |
|---|---:|---|
| yes | 12 | counted |
| no | 9 | counted |
| abstain | 3 | majority, not counted |

**Present:** 20

**Outcome as declared:** Adopted

- **Check failed: \"abstain\" is marked majority, not counted, but has a number (3).**
- **Check failed: the 21 votes counted are more than the 20 present.**

Record: a format-1 journal of 11 entries.
";

#[test]
fn the_votes_section_gives_question_method_and_rule_before_the_numbers_and_failed_checks_in_bold() {
    let agenda = parse_agenda(AGENDA).agenda.unwrap();
    let entries = journal();
    let internal = render(&agenda, &entries, Audience::Internal);
    assert_eq!(section(&internal), INTERNAL);
    // In public the same section, with the person who did not consent not named, nor one
    // the agenda does not list (named after a title in a tally only).
    let public = render(&agenda, &entries, Audience::Public);
    assert_eq!(
        section(&public),
        INTERNAL
            .replace("Henrik Dahl's", "a participant from Public authorities's")
            .replace("Dr. Lindqvist", "someone")
    );
    assert!(!public.contains("Henrik") && !public.contains("Lindqvist"), "{public}");
}

#[test]
fn the_model_says_how_each_number_was_obtained_and_every_check() {
    let agenda = parse_agenda(AGENDA).agenda.unwrap();
    let replayed = crate::minutes::fold(&agenda, &journal());
    let minutes = Minutes::build(&replayed, Audience::Internal);
    let ids: Vec<(&str, u64, usize)> =
        minutes.tallies.iter().map(|t| (t.id.as_str(), t.number, t.session)).collect();
    // The deleted tally 3 leaves its number unused, as on the live screen.
    assert_eq!(ids, [("2", 1, 1), ("3", 2, 1), ("9", 4, 2)]);
    let dot_vote = &minutes.tallies[1];
    assert_eq!(
        (dot_vote.dots.as_ref().map(|d| (d.per_person, d.handed_out))),
        Some((Some(3), Some(60)))
    );
    let checks: Vec<(&str, bool)> =
        minutes.tallies.iter().flat_map(|t| &t.checks).map(|c| (c.check, c.passed)).collect();
    assert_eq!(
        checks,
        [
            ("dots_handed_out", true),
            ("majority_without_number", false),
            ("votes_within_present", false)
        ]
    );
    assert_eq!(
        minutes.tallies[0].outcome.as_deref(),
        Some("Backed by a clear majority, as Dr. Lindqvist advised")
    );
    assert!(minutes.tallies[0].dots.is_none());
    // The same journal, the same Markdown.
    assert_eq!(markdown(&minutes), markdown(&Minutes::build(&replayed, Audience::Internal)));
}

#[test]
fn the_checks_are_said_in_the_minutes_language() {
    let mut agenda = parse_agenda(AGENDA).agenda.unwrap();
    let english = render(&agenda, &journal(), Audience::Public);
    agenda.language = crate::i18n::Lang::De;
    let german = render(&agenda, &journal(), Audience::Public);
    assert!(english.contains("votes counted are more than the"), "{english}");
    assert!(german.contains("gezählten Stimmen sind mehr als die"), "{german}");
    assert!(
        german.contains("ist als Mehrheit ohne Zählung markiert, hat aber eine Zahl"),
        "{german}"
    );
    for words in ["votes counted", "is marked majority", "handed out"] {
        assert!(!german.contains(words), "{words} is left in English:\n{german}");
    }
}
