//! Minutes: who they name (the attribution matrix), what captured text can do to the Markdown
//! (an escaping corpus checked with a CommonMark parser), and that the same journal always
//! gives the same bytes.

use std::time::Instant;

use chrono::NaiveDate;
use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::*;
use crate::agenda::parse_agenda;
use crate::journal::Change;
use crate::live::{Fields, ItemId, Raiser};
use crate::sanitize::clean_line;

// ---------------------------------------------------------------------------------------------
// Building journals

/// 2026-05-12 18:MM:SS at +02:00, the day and offset of the test agendas.
fn at(minute: u32, second: u32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:{second:02}+02:00"))
        .expect("a valid time")
}

/// A journal written as the live screen writes it: session 0 starts at 18:00:00.
struct Journal {
    entries: Vec<Entry>,
    items: u64,
}

impl Journal {
    fn new() -> Journal {
        let mut journal = Journal { entries: Vec::new(), items: 0 };
        journal.push(at(0, 0), Change::SessionStarted { session: 0, elapsed_ms: 0 });
        journal
    }

    fn push(&mut self, when: DateTime<FixedOffset>, change: Change) {
        let seq = self.entries.len() as u64 + 1;
        self.entries.push(Entry::format_1(seq, when, change));
    }

    /// Captures an item in `session` at 18:`minute`; returns its id.
    fn capture(&mut self, minute: u32, session: usize, kind: ItemKind, fields: Fields) -> ItemId {
        self.items += 1;
        let item = ItemId::format_1(self.items);
        let offset_ms = u64::from(minute) * 60_000;
        self.push(at(minute, 0), Change::ItemCaptured { item, kind, session, offset_ms, fields });
        item
    }

    fn answer(&mut self, minute: u32, item: ItemId, answer: &str) {
        self.push(at(minute, 30), Change::ItemAnswered { item, answer: answer.to_string() });
    }

    /// Ends session 0 at 18:`minute` and then the event.
    fn ended(mut self, minute: u32) -> Vec<Entry> {
        let elapsed_ms = u64::from(minute) * 60_000;
        self.push(at(minute, 0), Change::SessionEnded { session: 0, elapsed_ms });
        self.push(at(minute, 0), Change::EventEnded);
        self.entries
    }
}

fn text(text: &str) -> Fields {
    Fields { text: text.to_string(), ..Fields::default() }
}

fn due(date: &str) -> Option<NaiveDate> {
    Some(NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("a valid date"))
}

// ---------------------------------------------------------------------------------------------
// The attribution matrix

const POLICIES: [&str; 3] = ["named", "group", "anonymous"];
const PHRASE: &str = "a participant from Harbour neighbours";

/// A lab with one group, a participant for each combination of consent and group, and a
/// team. Leads are not participants, so no participant's name is in the agenda's own text.
fn matrix_agenda(policy: &str) -> Agenda {
    let text = format!(
        r#"
title = "Harbour dust lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
attribution = "{policy}"
organisations = ["Grenland Port Authority"]

[team]
facilitator = "Clara Fasil"
note_taker = "Jonas Noter"

[[groups]]
id = "harbour"
name = "Harbour neighbours"

[[participants]]
name = "Pia Consenting"
group = "harbour"
consent = true

[[participants]]
name = "Nils Private"
group = "harbour"
consent = false

[[participants]]
name = "Olga Loner"
consent = true

[[participants]]
name = "Ulf Hidden"
consent = false

[[sessions]]
title = "Questions"
duration = "30m"
"#
    );
    let loaded = parse_agenda(&text);
    loaded.agenda.unwrap_or_else(|| panic!("the matrix agenda is valid: {:?}", loaded.diagnostics))
}

/// Names that must never be in public minutes, whatever the policy: participants without
/// consent, a free-text name, a participant the agenda no longer has.
const NEVER_PUBLIC: [&str; 7] =
    ["Nils Private", "Nils", "Ulf Hidden", "Ulf", "Mystery Mayor", "Gone Person", "Gone"];

/// One raiser and what each version must show for it.
struct Case {
    what: &'static str,
    raiser: Raiser,
    /// Internal minutes: always who raised it.
    internal: &'static str,
    /// Public minutes, per policy (named, group, anonymous): who raised it, or nobody.
    public: [Option<&'static str>; 3],
    /// Public minutes, per policy: the owner when the same raiser owns an action.
    owner: [Option<&'static str>; 3],
}

fn cases() -> Vec<Case> {
    let participant = |name: &str| Raiser::Participant(name.to_string());
    vec![
        Case {
            what: "participant with consent, in a group",
            raiser: participant("Pia Consenting"),
            internal: "Pia Consenting",
            public: [Some("Pia Consenting"), Some(PHRASE), None],
            owner: [Some("Pia Consenting"), Some(PHRASE), None],
        },
        Case {
            what: "participant without consent, in a group",
            raiser: participant("Nils Private"),
            internal: "Nils Private",
            public: [Some(PHRASE), Some(PHRASE), None],
            owner: [Some(PHRASE), Some(PHRASE), None],
        },
        Case {
            what: "participant with consent, no group",
            raiser: participant("Olga Loner"),
            internal: "Olga Loner",
            public: [Some("Olga Loner"), None, None],
            owner: [Some("Olga Loner"), None, None],
        },
        Case {
            what: "participant without consent, no group",
            raiser: participant("Ulf Hidden"),
            internal: "Ulf Hidden",
            public: [None, None, None],
            owner: [None, None, None],
        },
        Case {
            what: "a group",
            raiser: Raiser::Group("harbour".into()),
            internal: "Harbour neighbours",
            public: [Some(PHRASE), Some(PHRASE), None],
            // A group is not a person: an action it owns names it in every policy.
            owner: [Some("Harbour neighbours"); 3],
        },
        Case {
            what: "an organisation",
            raiser: Raiser::Organisation("Grenland Port Authority".into()),
            internal: "Grenland Port Authority",
            // It speaks under its name, except where nothing is attributed; it owns by name.
            public: [Some("Grenland Port Authority"), Some("Grenland Port Authority"), None],
            owner: [Some("Grenland Port Authority"); 3],
        },
        Case {
            what: "a free-text name",
            raiser: Raiser::Unknown("Mystery Mayor".into()),
            internal: "Mystery Mayor",
            public: [None, None, None],
            owner: [None, None, None],
        },
        Case {
            what: "a participant the agenda no longer lists",
            raiser: participant("Gone Person"),
            internal: "Gone Person",
            public: [None, None, None],
            owner: [None, None, None],
        },
        Case {
            what: "the facilitator (free text matching the team)",
            raiser: Raiser::Unknown("Clara Fasil".into()),
            internal: "Clara Fasil",
            public: [None, None, None],
            // The team runs the event: an action they own names them.
            owner: [Some("Clara Fasil"); 3],
        },
    ]
}

/// A question left open, a concern with a theme and an action, all raised by `raiser`, who
/// also owns the action.
fn matrix_journal(raiser: &Raiser) -> Vec<Entry> {
    let mut journal = Journal::new();
    let by = Some(raiser.clone());
    journal.capture(
        5,
        0,
        ItemKind::Question,
        Fields { by: by.clone(), ..text("Will the harbour dust be measured?") },
    );
    journal.capture(
        6,
        0,
        ItemKind::Concern,
        Fields { by: by.clone(), themes: vec!["health".into()], ..text("Dust on the boats") },
    );
    journal.capture(
        7,
        0,
        ItemKind::Action,
        Fields {
            by: by.clone(),
            owner: by,
            due: due("2026-06-01"),
            ..text("Send the dust report")
        },
    );
    journal.ended(20)
}

/// Every line where the minutes show who raised or owns the three items of
/// [`matrix_journal`], given how the raiser and the owner are shown.
fn expected_lines(by: Option<&str>, owner: Option<&str>) -> Vec<String> {
    let by = by.map(|b| format!(" — *{b}*")).unwrap_or_default();
    let owner_line = owner.map(|o| format!(" · owner: {o}")).unwrap_or_default();
    let owner_cell = owner.unwrap_or("—");
    vec![
        format!("- **Question** 18:05: Will the harbour dust be measured?{by} · **open**"),
        format!("- **Concern** 18:06: Dust on the boats{by} · themes: health"),
        format!("- **Action** 18:07: Send the dust report{by}{owner_line} · due 2026-06-01"),
        format!("- Will the harbour dust be measured?{by} (session 1. Questions)"),
        format!("- Dust on the boats{by}"),
        format!("| Send the dust report | {owner_cell} | 2026-06-01 | 1. Questions |"),
    ]
}

/// The lines of `minutes` that mention one of the matrix items.
fn item_lines(minutes: &str) -> Vec<String> {
    minutes
        .lines()
        .filter(|line| {
            ["Will the harbour dust", "Dust on the boats", "Send the dust report"]
                .iter()
                .any(|item| line.contains(item))
        })
        .map(str::to_string)
        .collect()
}

#[test]
fn attribution_matrix_every_policy_consent_group_and_raiser() {
    for (p, policy) in POLICIES.iter().enumerate() {
        let agenda = matrix_agenda(policy);
        for case in cases() {
            let entries = matrix_journal(&case.raiser);
            let context = format!("policy {policy}, raiser {} ({:?})", case.what, case.raiser);

            let internal = render(&agenda, &entries, Audience::Internal);
            assert_eq!(
                item_lines(&internal),
                expected_lines(Some(case.internal), Some(case.internal)),
                "internal minutes, {context}:\n{internal}"
            );

            let public = render(&agenda, &entries, Audience::Public);
            assert_eq!(
                item_lines(&public),
                expected_lines(case.public[p], case.owner[p]),
                "public minutes, {context}:\n{public}"
            );
            for name in NEVER_PUBLIC {
                assert!(!public.contains(name), "{name:?} in public minutes, {context}:\n{public}");
            }
            if *policy != "named" {
                for name in ["Pia Consenting", "Olga Loner"] {
                    assert!(
                        !public.contains(name),
                        "{name:?} named under the {policy} policy, {context}:\n{public}"
                    );
                }
            }
            if *policy == "anonymous" {
                assert!(
                    !public.contains("a participant from"),
                    "attributed under the anonymous policy, {context}:\n{public}"
                );
            }
        }
    }
}

/// Every raiser of the matrix in one event, with notes that mention people by name.
fn crowded_journal() -> Vec<Entry> {
    let mut journal = Journal::new();
    for (i, case) in cases().into_iter().enumerate() {
        let minute = 1 + i as u32;
        let by = Some(case.raiser.clone());
        let kind =
            [ItemKind::Question, ItemKind::Concern, ItemKind::Idea, ItemKind::Decision][i % 4];
        journal.capture(minute, 0, kind, Fields { by: by.clone(), ..text(case.what) });
        journal.capture(
            minute,
            0,
            ItemKind::Action,
            Fields { by: by.clone(), owner: by, ..text(&format!("follow up {}", case.what)) },
        );
    }
    journal.capture(
        15,
        0,
        ItemKind::Note,
        text("Nils Private and Ulf Hidden asked not to be named; Mystery Mayor left early"),
    );
    journal.ended(20)
}

#[test]
fn public_minutes_never_hold_a_name_without_consent() {
    for policy in POLICIES {
        let agenda = matrix_agenda(policy);
        let entries = crowded_journal();
        let public = render(&agenda, &entries, Audience::Public);
        for name in NEVER_PUBLIC {
            assert!(!public.contains(name), "{name:?} in public minutes ({policy}):\n{public}");
        }
        // The internal version names everyone.
        let internal = render(&agenda, &entries, Audience::Internal);
        for case in cases() {
            assert!(
                internal.contains(&format!(" — *{}*", case.internal)),
                "{} not named in internal minutes ({policy}):\n{internal}",
                case.internal
            );
        }
    }
}

#[test]
fn notes_never_reach_public_minutes() {
    let agenda = matrix_agenda("named");
    let mut journal = Journal::new();
    journal.capture(
        2,
        0,
        ItemKind::Note,
        Fields { by: Some(Raiser::Participant("Pia Consenting".into())), ..text("Secret memo") },
    );
    journal.capture(3, 0, ItemKind::Question, text("Is the harbour safe?"));
    let entries = journal.ended(20);

    let internal = render(&agenda, &entries, Audience::Internal);
    assert!(internal.contains("- **Note** 18:02: Secret memo — *Pia Consenting*"), "{internal}");
    assert!(
        internal.contains(
            "- Captured: 1 question (1 open), 0 concerns, 0 ideas, 0 actions, 0 decisions, 1 note\n"
        ),
        "{internal}"
    );

    let public = render(&agenda, &entries, Audience::Public);
    assert!(!public.contains("Secret memo"), "{public}");
    assert!(!public.contains("**Note**"), "{public}");
    let counts = public.lines().find(|l| l.starts_with("- Captured: ")).expect("a counts line");
    assert_eq!(
        counts,
        "- Captured: 1 question (1 open), 0 concerns, 0 ideas, 0 actions, 0 decisions"
    );
    assert!(!counts.contains("note"), "{counts}");

    // A session that holds only notes has nothing to show in public.
    let mut journal = Journal::new();
    journal.capture(2, 0, ItemKind::Note, text("Only a memo"));
    let entries = journal.ended(20);
    let public = render(&agenda, &entries, Audience::Public);
    assert!(
        public
            .contains("### 1. Questions\n\n*18:00–18:20 · 20m of 30m*\n\nNothing was captured.\n"),
        "{public}"
    );
    assert!(!public.contains("Only a memo"), "{public}");
}

#[test]
fn deleted_items_are_gone_from_both_versions() {
    let agenda = matrix_agenda("named");
    let mut journal = Journal::new();
    let gone = journal.capture(2, 0, ItemKind::Concern, text("Typed twice by mistake"));
    journal.capture(3, 0, ItemKind::Concern, text("Dust on the boats"));
    journal.push(at(4, 0), Change::ItemDeleted { item: gone });
    let entries = journal.ended(20);
    for audience in [Audience::Internal, Audience::Public] {
        let minutes = render(&agenda, &entries, audience);
        assert!(!minutes.contains("Typed twice"), "{minutes}");
        assert!(minutes.contains("1 concern,"), "{minutes}");
    }
}

// ---------------------------------------------------------------------------------------------
// Names typed inside the text

/// A council with a participant in a group and one without, both with `consent` or both
/// without, and a session led by both of them.
fn mention_agenda(policy: &str, consent: bool) -> Agenda {
    let text = format!(
        r#"
title = "Harbour dust council"
kind = "council"
date = 2026-05-12
start = "18:00"
attribution = "{policy}"

[team]
facilitator = "Clara Fasil"
note_taker = "Jonas Noter"

[[groups]]
id = "harbour"
name = "Harbour neighbours"

[[participants]]
name = "Søren Ødegård"
group = "harbour"
consent = {consent}

[[participants]]
name = "Lena Vogt"
consent = {consent}

[[sessions]]
title = "Questions"
duration = "30m"
lead = "Søren Ødegård"
"#
    );
    let loaded = parse_agenda(&text);
    loaded.agenda.unwrap_or_else(|| panic!("the mention agenda is valid: {:?}", loaded.diagnostics))
}

/// The two names typed every way a note-taker types them: whole, in part, possessive with
/// and without an apostrophe, lower and upper case, without their diacritics; in a text, an
/// answer and an action's text, with one of them owning the action.
fn mention_journal() -> Vec<Entry> {
    let mut journal = Journal::new();
    let asked = journal.capture(
        5,
        0,
        ItemKind::Question,
        text("Can Søren Ødegård share the truck counts?"),
    );
    journal.answer(5, asked, "Lena Vogt will send them; ask lena’s office");
    journal.capture(
        6,
        0,
        ItemKind::Action,
        Fields {
            owner: Some(Raiser::Participant("Søren Ødegård".into())),
            due: due("2026-06-01"),
            ..text("Ask Søren's association for truck counts")
        },
    );
    journal.capture(
        7,
        0,
        ItemKind::Concern,
        text("soren odegard and SØREN say the dust comes at night; Sørens neighbours agree"),
    );
    journal.capture(8, 0, ItemKind::Idea, text("Vogt suggests a sensor on the harbour road"));
    journal.capture(9, 0, ItemKind::Decision, text("Ask LENA about the night shifts"));
    journal.ended(20)
}

/// The lines of the minutes of [`mention_journal`], given what each way of typing a name
/// becomes: `s(typed)` for Søren Ødegård, `l(typed)` for Lena Vogt, `owner` for the owner.
fn mention_lines(
    s: &dyn Fn(&str) -> String,
    l: &dyn Fn(&str) -> String,
    lead: Option<&str>,
    owner: Option<&str>,
) -> Vec<String> {
    let owner_line = owner.map(|o| format!(" · owner: {o}")).unwrap_or_default();
    let lead = lead.map(|l| format!("lead {l} · ")).unwrap_or_default();
    vec![
        format!("*{lead}18:00–18:20 · 20m of 30m*"),
        format!("- **Question** 18:05: Can {} share the truck counts?", s("Søren Ødegård")),
        format!("  - *Answer:* {} will send them; ask {}’s office", l("Lena Vogt"), l("lena")),
        format!(
            "- **Action** 18:06: Ask {}'s association for truck counts{owner_line} · due 2026-06-01",
            s("Søren")
        ),
        format!(
            "- **Concern** 18:07: {} and {} say the dust comes at night; {} neighbours agree",
            s("soren odegard"),
            s("SØREN"),
            s("Sørens")
        ),
        format!("- **Idea** 18:08: {} suggests a sensor on the harbour road", l("Vogt")),
        format!("- **Decision** 18:09: Ask {} about the night shifts", l("LENA")),
        format!(
            "| Ask {}'s association for truck counts | {} | 2026-06-01 | 1. Questions |",
            s("Søren"),
            owner.unwrap_or("—")
        ),
    ]
}

#[test]
fn names_typed_in_the_text_follow_the_policy_matrix() {
    let typed_lines = [
        "*lead Søren Ødegård · 18:00–18:20 · 20m of 30m*",
        "- **Question** 18:05: Can Søren Ødegård share the truck counts?",
        "  - *Answer:* Lena Vogt will send them; ask lena’s office",
        "- **Action** 18:06: Ask Søren's association for truck counts · owner: Søren Ødegård · due 2026-06-01",
        "- **Concern** 18:07: soren odegard and SØREN say the dust comes at night; Sørens neighbours agree",
        "- **Idea** 18:08: Vogt suggests a sensor on the harbour road",
        "- **Decision** 18:09: Ask LENA about the night shifts",
        "| Ask Søren's association for truck counts | Søren Ødegård | 2026-06-01 | 1. Questions |",
    ];
    let entries = mention_journal();
    for policy in POLICIES {
        for consent in [true, false] {
            let agenda = mention_agenda(policy, consent);
            let context = format!("policy {policy}, consent {consent}");
            let internal = render(&agenda, &entries, Audience::Internal);
            for line in typed_lines {
                assert!(
                    internal.lines().any(|l| l == line),
                    "internal, {context}: {line}\n{internal}"
                );
            }

            // What each person becomes in this cell of the matrix; None keeps the name.
            let (søren, lena, owner) = match (policy, consent) {
                ("named", true) => (None, None, Some("Søren Ødegård")),
                ("named", false) => (Some(PHRASE), Some("a participant"), Some(PHRASE)),
                ("group", _) => (Some(PHRASE), Some("a participant"), Some(PHRASE)),
                _ => (Some("a participant"), Some("a participant"), None),
            };
            // A replaced name keeps a possessive "s" as "'s" and starts a sentence with a capital.
            let shown = |who: Option<&'static str>| {
                move |typed: &str| match who {
                    None => typed.to_string(),
                    Some(phrase) if typed == "Sørens" => format!("{phrase}'s"),
                    Some(phrase) if ["Lena Vogt", "Vogt"].contains(&typed) => capitalised(phrase),
                    Some(phrase) => phrase.to_string(),
                }
            };
            // The lead follows the owner's rule: the participant's, by the policy.
            let expected = mention_lines(&shown(søren), &shown(lena), owner, owner);

            let public = render(&agenda, &entries, Audience::Public);
            for line in &expected {
                assert!(public.lines().any(|l| l == line), "public, {context}: {line}\n{public}");
            }
            let folded = redact::fold(&public);
            for (word, kept) in [("soren", søren.is_none()), ("odegard", søren.is_none())]
                .into_iter()
                .chain([("lena", lena.is_none()), ("vogt", lena.is_none())])
            {
                assert_eq!(folded.contains(word), kept, "{word:?} in public, {context}:\n{public}");
            }
        }
    }
}

#[test]
fn free_text_names_typed_in_the_text_are_replaced_in_public() {
    for policy in POLICIES {
        let agenda = matrix_agenda(policy);
        let mut journal = Journal::new();
        let by = |name: &str| Some(Raiser::Unknown(name.into()));
        journal.capture(
            2,
            0,
            ItemKind::Question,
            Fields {
                by: by("Mystery Mayor"),
                ..text("Mystery Mayor asks when MYSTERY MAYOR's office hears")
            },
        );
        journal.capture(
            3,
            0,
            ItemKind::Action,
            Fields { owner: by("Erik Elsewhere"), ..text("Erik Elsewhere sends the counts") },
        );
        journal.capture(
            4,
            0,
            ItemKind::Concern,
            Fields {
                by: Some(Raiser::Participant("Gone Person".into())),
                ..text("A mystery: ask gone person again")
            },
        );
        journal.capture(
            5,
            0,
            ItemKind::Idea,
            Fields { by: by("Clara Fasil"), ..text("Clara Fasil explains the rules") },
        );
        let entries = journal.ended(20);
        let public = render(&agenda, &entries, Audience::Public);
        let context = format!("policy {policy}");
        for line in [
            "- **Question** 18:02: A participant asks when a participant's office hears · **open**",
            "- **Action** 18:03: A participant sends the counts",
            "- **Concern** 18:04: A mystery: ask a participant again",
            // The facilitator runs the event and is named.
            "- **Idea** 18:05: Clara Fasil explains the rules",
        ] {
            assert!(public.lines().any(|l| l == line), "{context}: {line}\n{public}");
        }
        let internal = render(&agenda, &entries, Audience::Internal);
        assert!(
            internal.contains("Mystery Mayor asks when MYSTERY MAYOR's office hears"),
            "{internal}"
        );
        assert!(internal.contains(": Erik Elsewhere sends the counts"), "{internal}");
    }
}

/// A name part that is a group's word, a common word or the team's name is not searched on
/// its own: the text keeps its ordinary words, and the full name is still found.
#[test]
fn ordinary_words_and_the_team_are_not_taken_for_names() {
    let text_of = |attribution: &str| {
        format!(
            r#"
title = "Harbour dust council"
kind = "council"
date = 2026-05-12
start = "18:00"
attribution = "{attribution}"

[team]
facilitator = "Clara Fasil"

[[groups]]
id = "harbour"
name = "Harbour neighbours"

[[participants]]
name = "Lars Harbour"
group = "harbour"

[[participants]]
name = "Will May"
group = "harbour"

[[participants]]
name = "Clara Berg"

[[participants]]
name = "Ingrid Solberg"
consent = true

[[participants]]
name = "Ingrid Berg"
group = "harbour"

[[sessions]]
title = "Questions"
duration = "30m"
"#
        )
    };
    let loaded = parse_agenda(&text_of("named"));
    let agenda = loaded.agenda.unwrap_or_else(|| panic!("{:?}", loaded.diagnostics));
    let mut journal = Journal::new();
    for (minute, typed) in [
        (2, "Will the harbour dust reach Lars Harbour and Lars?"),
        (3, "Will May come in May? Ask Will-May."),
        (4, "Clara will send it to Clara Berg"),
        (5, "Ingrid Solberg thanked Ingrid and Ingridsen from Solbergveien"),
    ] {
        journal.capture(minute, 0, ItemKind::Concern, text(typed));
    }
    let entries = journal.ended(20);
    let public = render(&agenda, &entries, Audience::Public);
    for line in [
        "- **Concern** 18:02: Will the harbour dust reach a participant from Harbour neighbours and a participant from Harbour neighbours?",
        "- **Concern** 18:03: A participant from Harbour neighbours come in May? Ask a participant from Harbour neighbours.",
        "- **Concern** 18:04: Clara will send it to a participant",
        // "Ingrid" alone could be either Ingrid: the one without consent is not given away.
        "- **Concern** 18:05: Ingrid Solberg thanked a participant and Ingridsen from Solbergveien",
    ] {
        assert!(public.lines().any(|l| l == line), "{line}\n{public}");
    }
}

#[test]
fn names_are_compared_without_case_or_diacritics() {
    assert_eq!(redact::fold("Søren Ødegård"), "soren odegard");
    assert_eq!(redact::fold("SØREN"), "soren");
    assert_eq!(redact::fold("ÆRØ Straße Łódź Þór"), "aero strasse lodz thor");
    // Typed with combining marks (decomposed) or precomposed: the same word.
    assert_eq!(redact::fold("A\u{30a}se"), redact::fold("Åse"));
    assert_eq!(redact::fold("Åse"), "ase");
}

// ---------------------------------------------------------------------------------------------
// The escaping corpus

/// Text that means something in Markdown (CommonMark and GFM).
fn corpus() -> Vec<String> {
    let mut corpus: Vec<String> = [
        "# x",
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "![](x)",
        "|",
        "a | b | c",
        "``code``",
        "*bold*",
        "_em_",
        "1. first",
        "1) first",
        "> quote",
        "---",
        "===",
        "\\",
        "\\\\",
        "line one\n# heading",
        "two\n\nparagraphs\n- and a list",
        "   ",
        "&amp; &lt;b&gt;",
        "<http://example.org>",
        "www.example.org",
        "- item",
        "+ item",
        "* item",
        "~~strike~~",
        "~one tilde~",
        "[ ] task",
        "[x] done",
        "***",
        "```",
        "~~~",
        "    indented code",
        "\t# after a tab",
        "<!-- comment -->",
        "<div>",
        "[ref]: http://example.org",
        "[ref]",
        "x  \nhard break",
        "ends with a backslash\\",
        "2026. the year",
        "12) twelve",
        "#hashtag",
        "a_b_c and 2*3*4",
        "\u{1b}[31mred\u{1b}[0m and \u{1b}]8;;http://example.org\u{7}a link\u{1b}]8;;\u{7}",
        "right\u{202e}to left",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    corpus.push("|".repeat(2000));
    corpus
}

/// Whitespace collapsed and trimmed, as a Markdown renderer shows text.
fn collapsed(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn without_spaces(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

/// A TOML basic string holding `text` (no control characters in agenda strings).
fn toml_string(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// An agenda whose every free string comes from `strings` (named policy, everyone
/// consents, so names show in public too): title, place, team, groups, participants,
/// session titles and leads.
fn corpus_agenda(strings: &[String]) -> Agenda {
    let at = |i: usize| toml_string(&strings[i % strings.len()]);
    let mut text = format!(
        "title = {}\nkind = \"lab\"\ndate = 2026-05-12\nstart = \"18:00\"\n\
         location = {}\nattribution = \"named\"\n\n[team]\nfacilitator = {}\nnote_taker = {}\n",
        at(0),
        at(1),
        at(2),
        at(3)
    );
    for (i, _) in strings.iter().enumerate() {
        text.push_str(&format!("\n[[groups]]\nid = \"g{i}\"\nname = {}\n", at(i + 1)));
        text.push_str(&format!(
            "\n[[participants]]\nname = {}\ngroup = \"g{i}\"\nconsent = true\n",
            at(i)
        ));
        text.push_str(&format!(
            "\n[[sessions]]\ntitle = {}\nduration = \"5m\"\nlead = {}\n",
            at(i),
            at(i + 2)
        ));
    }
    let loaded = parse_agenda(&text);
    loaded.agenda.unwrap_or_else(|| panic!("corpus agenda: {:?}\n{text}", loaded.diagnostics))
}

/// The agenda strings of the corpus: agenda strings hold no control characters and are
/// never blank.
fn agenda_strings(corpus: &[String]) -> Vec<String> {
    corpus
        .iter()
        .filter(|s| !s.chars().any(crate::sanitize::is_forbidden) && !s.trim().is_empty())
        .map(|s| s.trim().to_string())
        .collect()
}

/// Safe strings in the same number and places as `strings`.
fn safe(strings: &[String], word: &str) -> Vec<String> {
    (0..strings.len()).map(|i| format!("{word} {i}")).collect()
}

/// Every kind of item with every captured string in `texts` in every place captured text
/// goes: item text, answer, free-text raiser and owner. Items are spread over the sessions
/// and attributed to the agenda's participants and groups.
fn corpus_journal(texts: &[String], names: &[String]) -> Vec<Entry> {
    let sessions = names.len();
    let mut journal = Journal::new();
    for (i, t) in texts.iter().enumerate() {
        let session = i % sessions;
        let minute = (i % 50) as u32 + 1;
        let answered = journal.capture(
            minute,
            session,
            ItemKind::Question,
            Fields { by: Some(Raiser::Unknown(free_name(t))), ..text(t) },
        );
        journal.answer(minute, answered, t);
        journal.capture(minute, session, ItemKind::Question, text(t));
        journal.capture(
            minute,
            session,
            ItemKind::Concern,
            Fields { by: Some(Raiser::Group(format!("g{}", i % sessions))), ..text(t) },
        );
        journal.capture(
            minute,
            session,
            ItemKind::Idea,
            Fields { by: Some(Raiser::Participant(names[i % sessions].clone())), ..text(t) },
        );
        journal.capture(
            minute,
            session,
            ItemKind::Action,
            Fields {
                owner: Some(Raiser::Unknown(free_name(t))),
                due: due("2026-06-01"),
                ..text(t)
            },
        );
        journal.capture(minute, session, ItemKind::Decision, text(t));
        journal.capture(minute, session, ItemKind::Note, text(t));
    }
    journal.ended(59)
}

/// The free-text name an item of the corpus is attributed to: the string after a word of its
/// own, unless it is blank (see [`a_blank_free_text_name_leaves_no_stray_markup`]). The word
/// keeps the name apart from the item's text: a free-text name typed inside the text is
/// replaced in public, and these items are about escaping, not about names.
fn free_name(t: &str) -> String {
    if t.trim().is_empty() { "someone".to_string() } else { format!("Floor {t}") }
}

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// What a parser sees of a document apart from its text: every element, in order, with the
/// line it starts on.
fn structure(markdown: &str) -> Vec<(String, usize)> {
    Parser::new_ext(markdown, options())
        .into_offset_iter()
        .filter_map(|(event, range)| {
            let line = markdown[..range.start].matches('\n').count();
            match event {
                Event::Text(_) => None,
                Event::Code(_) => Some(("Code".to_string(), line)),
                other => Some((format!("{other:?}"), line)),
            }
        })
        .collect()
}

/// Where `minutes` departs from the structure of `reference`, element for element.
fn structure_difference(minutes: &str, reference: &str) -> Result<(), String> {
    let (got, want) = (structure(minutes), structure(reference));
    let lines: Vec<&str> = minutes.lines().collect();
    let want_lines: Vec<&str> = reference.lines().collect();
    for i in 0..got.len().max(want.len()) {
        let (g, w) = (got.get(i), want.get(i));
        if g.map(|g| &g.0) != w.map(|w| &w.0) {
            let line = |found: Option<&(String, usize)>, lines: &[&str]| -> Option<String> {
                found.and_then(|(_, n)| lines.get(*n)).map(|l| l.chars().take(300).collect())
            };
            return Err(format!(
                "element {i} is {:?} instead of {:?}\n  in line {:?}\n  \
                 where the safe rendering has {:?}",
                g.map(|g| &g.0),
                w.map(|w| &w.0),
                line(g, &lines),
                line(w, &want_lines),
            ));
        }
    }
    Ok(())
}

fn assert_same_structure(minutes: &str, reference: &str, context: &str) {
    if let Err(difference) = structure_difference(minutes, reference) {
        panic!("{context}: {difference}");
    }
}

/// Control characters and bidirectional controls in `minutes`, line breaks apart.
fn controls(minutes: &str) -> Vec<String> {
    minutes
        .chars()
        .filter(|&c| c != '\n' && crate::sanitize::is_forbidden(c))
        .map(|c| format!("{c:?}"))
        .collect()
}

/// Elements captured text must never become.
fn forbidden(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, options())
        .filter(|event| match event {
            Event::Start(tag) => matches!(
                tag,
                Tag::Link { .. }
                    | Tag::Image { .. }
                    | Tag::HtmlBlock
                    | Tag::CodeBlock(_)
                    | Tag::BlockQuote(_)
                    | Tag::Strikethrough
                    | Tag::FootnoteDefinition(_)
            ),
            Event::Html(_) | Event::InlineHtml(_) | Event::TaskListMarker(_) => true,
            Event::Rule | Event::FootnoteReference(_) => true,
            _ => false,
        })
        .map(|event| format!("{event:?}"))
        .collect()
}

/// The text of every leaf block (paragraph, heading, table cell, list item without its
/// sub-lists), with code spans as their text and line breaks as spaces, collapsed.
fn blocks(markdown: &str) -> Vec<String> {
    let mut done = Vec::new();
    let mut open: Vec<String> = Vec::new();
    for event in Parser::new_ext(markdown, options()) {
        match event {
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::TableCell | Tag::Item) => {
                open.push(String::new())
            }
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableCell | TagEnd::Item,
            ) => done.push(collapsed(&open.pop().unwrap_or_default())),
            Event::Text(t) | Event::Code(t) => {
                if let Some(block) = open.last_mut() {
                    block.push_str(&t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(block) = open.last_mut() {
                    block.push(' ');
                }
            }
            _ => {}
        }
    }
    done
}

/// Whether some block reads `expected`.
fn has_block(blocks: &[String], expected: &str) -> Result<(), String> {
    let expected = collapsed(expected);
    if blocks.contains(&expected) { Ok(()) } else { Err(format!("no block reads {expected:?}")) }
}

fn assert_block(blocks: &[String], expected: &str, context: &str) {
    if let Err(missing) = has_block(blocks, expected) {
        panic!("{context}: {missing}; blocks:\n{}", blocks.join("\n"));
    }
}

#[test]
fn captured_text_never_becomes_markdown() {
    let texts = corpus();
    let agenda_texts = agenda_strings(&texts);
    let hostile_agenda = corpus_agenda(&agenda_texts);
    let safe_agenda = corpus_agenda(&safe(&agenda_texts, "Safe"));
    let sessions = agenda_texts.len();
    let hostile = corpus_journal(&texts, &agenda_texts);
    let plain = corpus_journal(&safe(&texts, "plain"), &safe(&agenda_texts, "Safe"));

    for audience in [Audience::Internal, Audience::Public] {
        let minutes = render(&hostile_agenda, &hostile, audience);
        let reference = render(&safe_agenda, &plain, audience);
        let context = format!("{audience:?} minutes");

        assert_eq!(forbidden(&reference), Vec::<String>::new(), "{context}: the safe rendering");
        assert_eq!(forbidden(&minutes), Vec::<String>::new(), "{context}");
        assert_eq!(controls(&minutes), Vec::<String>::new(), "{context}");
        assert_same_structure(&minutes, &reference, &context);

        // Every captured string reads back as text, where it was put.
        let found = blocks(&minutes);
        for (i, t) in texts.iter().enumerate() {
            let t = clean_line(t);
            let session = i % sessions;
            let title = clean_line(&agenda_texts[session]);
            let context = format!("{context}, captured {t:?}");
            assert_block(&found, &format!("{t} (session {}. {title})", session + 1), &context);
            assert_block(&found, &t, &context); // the action's table cell
            assert_block(&found, &format!("Answer: {t}"), &context);
            let minute = i % 50 + 1;
            // Participants are named (all consent), groups by phrase in public.
            let name = &agenda_texts[session];
            assert_block(&found, &format!("Idea 18:{minute:02}: {t} — {name}"), &context);
            let group = &agenda_texts[(session + 1) % sessions];
            let group = match audience {
                Audience::Internal => group.clone(),
                Audience::Public => format!("a participant from {group}"),
            };
            assert_block(&found, &format!("Concern 18:{minute:02}: {t} — {group}"), &context);
            if audience == Audience::Internal {
                assert_block(
                    &found,
                    &format!("Question 18:{minute:02}: {t} — {}", clean_line(&free_name(&t))),
                    &context,
                );
                assert_block(&found, &format!("Note 18:{minute:02}: {t}"), &context);
            }
        }
        for (i, t) in agenda_texts.iter().enumerate() {
            let context = format!("{context}, agenda string {t:?}");
            assert_block(&found, &format!("{}. {t}", i + 1), &context); // the session heading
        }
        let version = match audience {
            Audience::Internal => "Minutes (internal)",
            Audience::Public => "Minutes",
        };
        assert_block(&found, &format!("{} — {version}", agenda_texts[0]), &context);
        assert_block(&found, &agenda_texts[1], "the place");
        assert_block(&found, &agenda_texts[2], "the facilitator");
        assert_block(&found, &agenda_texts[3], "the note-taker");
    }
}

/// The checks above can fail: raw Markdown in the same places gives another structure.
#[test]
fn the_structure_check_sees_raw_markdown() {
    let place = |inner: &str| {
        format!(
            "# T\n\n- **Question** 18:05: {inner} · **open**\n\n| A | B |\n|---|---|\n| x | y |\n"
        )
    };
    let plain = place("plain words");
    for raw in [
        "line\n# heading",
        "<script>alert(1)</script>",
        "[x](javascript:alert(1))",
        "![](x)",
        "*bold*",
        "~~strike~~",
        "`code`",
        "line\n> quote",
        "line\n---",
        "line\n- item",
    ] {
        assert_ne!(structure(&place(raw)), structure(&plain), "{raw:?} went unnoticed");
    }
    // A pipe too many in a table row does not add a cell (GFM drops the extra ones): the
    // text of the cells shows it.
    let row = |cell: &str| format!("| A | B |\n|---|---|\n| {cell} | y |\n");
    assert!(!blocks(&row("a | b | c")).contains(&"a | b | c".to_string()));
    assert!(blocks(&row("a \\| b \\| c")).contains(&"a | b | c".to_string()));
    assert_ne!(forbidden(&place("<b>")), Vec::<String>::new());
    assert_ne!(forbidden(&place("line\n- [ ] task")), Vec::<String>::new());
}

/// Themes are free tags: the capture line only makes them of letters, digits, `-` and `_`,
/// but the journal is the source of truth and the minutes must hold whatever it says.
#[test]
fn captured_themes_never_become_markdown() {
    let agenda = matrix_agenda("named");
    let journal = |theme: &str| {
        let mut journal = Journal::new();
        for (minute, kind) in
            [(5, ItemKind::Concern), (6, ItemKind::Question), (7, ItemKind::Action)]
        {
            let fields = Fields { themes: vec![theme.to_string()], ..text("Dust on the boats") };
            journal.capture(minute, 0, kind, fields);
        }
        journal.ended(20)
    };
    let plain = journal("plain");
    let mut failures = Vec::new();
    for theme in corpus() {
        let hostile = journal(&theme);
        for audience in [Audience::Internal, Audience::Public] {
            let minutes = render(&agenda, &hostile, audience);
            let reference = render(&agenda, &plain, audience);
            let context = format!("{audience:?} minutes, theme {theme:?}");
            let found = blocks(&minutes);
            let tag = format!("themes: {}", clean_line(&theme));
            let none = |found: Vec<String>| {
                if found.is_empty() { Ok(()) } else { Err(format!("found {found:?}")) }
            };
            let checks = [
                none(forbidden(&minutes)),
                none(controls(&minutes)),
                structure_difference(&minutes, &reference),
                // The heading of its concerns, and the tag on the item's line.
                has_block(&found, &clean_line(&theme)),
                // Spacing inside the tag is the renderer's choice.
                has_block(
                    &found.iter().map(|b| without_spaces(b)).collect::<Vec<_>>(),
                    &without_spaces(&format!("Concern 18:05: Dust on the boats · {tag}")),
                ),
            ];
            failures.extend(
                checks.into_iter().filter_map(Result::err).map(|e| format!("{context}: {e}")),
            );
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n\n"));
}

/// `@_` on the capture line names nobody: it stays text. A journal from elsewhere may still
/// hold a free-text name that is only a space; the minutes then show nobody.
#[test]
fn a_blank_free_text_name_leaves_no_stray_markup() {
    let agenda = matrix_agenda("named");
    let parsed = crate::capture::parse("Who pays for the new road? @_", &agenda);
    assert_eq!(parsed.fields.text, "Who pays for the new road? @_");
    assert_eq!(parsed.fields.by, None);

    let mut journal = Journal::new();
    let fields =
        Fields { by: Some(Raiser::Unknown(" ".into())), ..text("Who pays for the new road?") };
    journal.capture(5, 0, ItemKind::Question, fields);
    let entries = journal.ended(20);
    let mut nobody = Journal::new();
    nobody.capture(5, 0, ItemKind::Question, text("Who pays for the new road?"));
    let nobody = nobody.ended(20);
    for audience in [Audience::Internal, Audience::Public] {
        let minutes = render(&agenda, &entries, audience);
        assert!(
            !minutes.contains(" — **"),
            "an empty emphasis in {audience:?} minutes:\n{minutes}"
        );
        assert_same_structure(&minutes, &render(&agenda, &nobody, audience), "blank name");
    }
}

// ---------------------------------------------------------------------------------------------
// The same journal, the same bytes

fn fixture(name: &str) -> (Agenda, Vec<Entry>) {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/records").join(name);
    let text = std::fs::read_to_string(dir.join("agenda.toml")).expect("the fixture agenda");
    let agenda = parse_agenda(&text).agenda.expect("a valid fixture agenda");
    let bytes = std::fs::read(dir.join("journal.jsonl")).expect("the fixture journal");
    let contents = crate::journal::parse(&bytes);
    assert!(contents.problems.is_empty(), "{:?}", contents.problems);
    let header = contents.header.expect("a header");
    assert_eq!(header.agenda_sha256, crate::record::agenda_hash(&text));
    (agenda, contents.entries)
}

#[test]
fn the_same_journal_gives_the_same_bytes() {
    for name in ["citizen-lab", "policy-council"] {
        let (agenda, entries) = fixture(name);
        for audience in [Audience::Internal, Audience::Public] {
            assert_eq!(render(&agenda, &entries, audience), render(&agenda, &entries, audience));
        }
    }
}

/// Nothing reads the clock: a journal whose last session is still running is rendered over
/// and over for more than a second (so a wall-clock second and a monotonic second both pass)
/// and always gives the same bytes, with the running session counted until the last entry.
#[test]
fn minutes_do_not_depend_on_when_they_are_written() {
    let (agenda, mut entries) = fixture("citizen-lab");
    // Drop the end of the event and of the last session: wrap-up runs from 20:48:05 until
    // the last entry, the note at 20:52:30.
    entries.truncate(entries.len() - 2);
    assert!(matches!(entries.last().map(|e| &e.change), Some(Change::ItemCaptured { .. })));
    let first = render(&agenda, &entries, Audience::Internal);
    let public = render(&agenda, &entries, Audience::Public);
    assert!(
        first.contains(
            "| 9 | Wrap-up and next steps | 20:50–20:55 | 20:48 | 5m | 4m\u{a0}25s | −35s |"
        ),
        "{first}"
    );
    assert!(first.contains("*plenary · lead Clara · 20:48 · 4m 25s of 5m*"), "{first}");
    assert!(first.contains("| Time | 18:02–20:52 (planned 18:00–20:55) |"), "{first}");
    let started = Instant::now();
    let mut renders = 0;
    while started.elapsed() < std::time::Duration::from_millis(1100) {
        assert_eq!(render(&agenda, &entries, Audience::Internal), first);
        assert_eq!(render(&agenda, &entries, Audience::Public), public);
        renders += 1;
    }
    assert!(renders > 1);
}

#[test]
fn an_event_held_past_midnight_shows_the_day_in_its_timetable() {
    let agenda = parse_agenda(
        r#"
title = "Night shift at the pilot plant"
kind = "lab"
date = 2026-05-12
start = "23:00"
[[sessions]]
title = "Night watch"
duration = "45m"
[[sessions]]
title = "Dawn questions"
duration = "30m"
"#,
    )
    .agenda
    .expect("a valid agenda");
    let time = |text: &str| DateTime::parse_from_rfc3339(text).expect("a valid time");
    let changes = [
        ("2026-05-12T23:00:00+02:00", Change::SessionStarted { session: 0, elapsed_ms: 0 }),
        ("2026-05-12T23:50:00+02:00", Change::SessionEnded { session: 0, elapsed_ms: 3_000_000 }),
        ("2026-05-12T23:50:00+02:00", Change::SessionStarted { session: 1, elapsed_ms: 0 }),
        ("2026-05-13T00:25:00+02:00", Change::SessionEnded { session: 1, elapsed_ms: 2_100_000 }),
        ("2026-05-13T00:25:00+02:00", Change::EventEnded),
    ];
    let entries: Vec<Entry> = changes
        .into_iter()
        .enumerate()
        .map(|(i, (at, change))| Entry::format_1(i as u64 + 1, time(at), change))
        .collect();
    let minutes = render(&agenda, &entries, Audience::Internal);
    let lines: Vec<&str> = minutes.lines().collect();
    assert!(
        lines.contains(&"| Time | Tue 23:00–Wed 00:25 (planned Tue 23:00–Wed 00:15) |"),
        "{minutes}"
    );
    let rows: Vec<&str> = lines
        .iter()
        .copied()
        .filter(|l| l.starts_with("| 1 |") || l.starts_with("| 2 |"))
        .collect();
    assert_eq!(
        rows,
        [
            "| 1 | Night watch | Tue 23:00–Tue 23:45 | Tue 23:00 | 45m | 50m | +5m |",
            "| 2 | Dawn questions | Tue 23:45–Wed 00:15 | Tue 23:50 | 30m | 35m | +5m |",
        ],
        "{minutes}"
    );
}

#[test]
fn a_moved_item_says_where_its_time_was_taken() {
    let agenda = parse_agenda(crate::app::tests::AGENDA).agenda.expect("the test agenda is valid");
    let mut journal = Journal::new();
    let moved = journal.capture(5, 0, ItemKind::Question, text("Who measures the dust?"));
    journal.capture(6, 0, ItemKind::Concern, text("Trucks at night"));
    journal.push(at(12, 0), Change::ItemMoved { item: moved, session: 1 });
    let entries = journal.ended(20);
    for audience in [Audience::Internal, Audience::Public] {
        let minutes = render(&agenda, &entries, audience);
        assert!(
            minutes.contains(
                "### 2. Questions\n\n*not held*\n\n- **Question** 18:05 (captured during 1. Welcome, moved here): Who measures the dust? · **open**\n"
            ),
            "{minutes}"
        );
        // An item that stayed where it was captured says nothing more.
        assert!(minutes.contains("- **Concern** 18:06: Trucks at night\n"), "{minutes}");
    }
}

#[test]
fn an_item_marked_internal_stays_out_of_the_public_minutes_in_every_policy() {
    for policy in POLICIES {
        let agenda = matrix_agenda(policy);
        let mut journal = Journal::new();
        let deputy = Fields { internal: true, ..text("The deputy mayor will resign in June") };
        let asked = journal.capture(2, 0, ItemKind::Question, deputy);
        journal.answer(3, asked, "Not before the budget vote");
        journal.capture(4, 0, ItemKind::Question, text("Is the harbour safe?"));
        let entries = journal.ended(20);

        let internal = render(&agenda, &entries, Audience::Internal);
        assert!(
            internal.contains(
                "- **Question** 18:02: The deputy mayor will resign in June · *internal*\n  - *Answer:* Not before the budget vote\n"
            ),
            "{policy}: {internal}"
        );
        let public = render(&agenda, &entries, Audience::Public);
        assert!(!public.contains("deputy mayor"), "{policy}: {public}");
        assert!(!public.contains("budget vote"), "{policy}: {public}");
        assert!(!public.contains("internal"), "{policy}: {public}");
        assert!(
            public.contains("- **Question** 18:04: Is the harbour safe? · **open**"),
            "{public}"
        );
        let counts = public.lines().find(|l| l.starts_with("- Captured: ")).expect("counts");
        assert_eq!(
            counts,
            "- Captured: 1 question (1 open), 0 concerns, 0 ideas, 0 actions, 0 decisions"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The room's timeline

#[test]
fn the_internal_minutes_end_with_the_rooms_timeline_and_the_public_ones_never_show_it() {
    let agenda = matrix_agenda("named");
    let mut journal = Journal::new();
    journal.capture(2, 0, ItemKind::Question, text("Is the harbour safe?"));
    journal.push(at(12, 10), Change::MessageShown { text: "Please wrap up".into() });
    journal.push(at(13, 0), Change::MessageBlinked);
    journal.push(at(15, 0), Change::MessageCleared);
    // A message that looks like Markdown stays text.
    journal.push(at(16, 0), Change::MessageShown { text: "# Coffee until 19:40 <b>".into() });
    journal.push(at(17, 0), Change::DisplayBlackout { on: true });
    journal.push(at(18, 59), Change::DisplayBlackout { on: false });
    let entries = journal.ended(20);

    let internal = render(&agenda, &entries, Audience::Internal);
    let timeline = "\n## Messages to the room\n\n- 18:12 shown: Please wrap up\n- 18:13 blinked\n- 18:15 cleared\n- 18:16 shown: \\# Coffee until 19:40 \\<b\\>\n- 18:17 blackout\n- 18:18 display back\n\nRecord: a format-1 journal of 10 entries.\n";
    assert!(internal.ends_with(timeline), "{internal}");

    let public = render(&agenda, &entries, Audience::Public);
    for hidden in ["Messages to the room", "wrap up", "Coffee", "blackout", "display back"] {
        assert!(!public.contains(hidden), "{hidden}: {public}");
    }

    let replayed = fold(&agenda, &entries);
    let model = Minutes::build(&replayed, Audience::Internal);
    let room = model.room.expect("the internal model holds the timeline");
    let whats: Vec<(&str, Option<&str>)> =
        room.iter().map(|l| (l.what, l.text.as_deref())).collect();
    assert_eq!(
        whats,
        [
            ("shown", Some("Please wrap up")),
            ("blinked", Some("Please wrap up")),
            ("cleared", Some("Please wrap up")),
            ("shown", Some("# Coffee until 19:40 <b>")),
            ("blackout", None),
            ("display_back", None),
        ]
    );
    assert_eq!(room[0].at, at(12, 10));
    assert!(Minutes::build(&fold(&agenda, &entries), Audience::Public).room.is_none());
}

#[test]
fn without_messages_the_internal_minutes_have_no_timeline() {
    let agenda = matrix_agenda("group");
    let mut journal = Journal::new();
    journal.capture(2, 0, ItemKind::Question, text("Is the harbour safe?"));
    let entries = journal.ended(20);
    let internal = render(&agenda, &entries, Audience::Internal);
    assert!(!internal.contains("Messages to the room"), "{internal}");
    assert!(
        internal
            .ends_with("No decisions were recorded.\n\nRecord: a format-1 journal of 4 entries.\n"),
        "{internal}"
    );
    let replayed = fold(&agenda, &entries);
    let model = Minutes::build(&replayed, Audience::Internal);
    assert_eq!(model.room.map(|r| r.len()), Some(0));
}

// ---------------------------------------------------------------------------------------------
// Languages

/// The agenda's `language` writes the minutes (those the live screen writes at the end of an
/// event included: they come from `write_record` with the agenda as run); typed text stays.
#[test]
fn the_agendas_language_writes_the_minutes_and_typed_text_stays_as_typed() {
    let source = "title = \"Høring på Herøya\"\nkind = \"lab\"\ndate = 2026-05-12\nstart = \"18:00\"\nlanguage = \"nb\"\n\n[[sessions]]\ntitle = \"Velkommen — ようこそ\"\nduration = \"10m\"\n";
    let agenda = parse_agenda(source).agenda.expect("a valid agenda");
    assert_eq!(agenda.language, crate::i18n::Lang::Nb);
    let mut journal = Journal::new();
    journal.capture(1, 0, ItemKind::Question, text("Hvem betaler for støvmålingene? 誰が払う?"));
    let entries = journal.ended(5);
    let dir = tempfile::tempdir().expect("a temporary folder");
    let [internal, public] = write_record(dir.path(), &agenda, &entries).expect("written");
    let internal = std::fs::read_to_string(internal).expect("the internal minutes");
    let public = std::fs::read_to_string(public).expect("the public minutes");
    assert!(internal.starts_with("# Høring på Herøya — Referat (internt)\n"), "{internal}");
    assert!(public.starts_with("# Høring på Herøya — Referat\n"), "{public}");
    assert!(internal.contains("| Dato | tirsdag 12. mai 2026 |\n"), "{internal}");
    assert!(internal.contains("### 1. Velkommen — ようこそ\n"), "{internal}");
    assert!(
        internal.contains(
            "- **Spørsmål** 18:01: Hvem betaler for støvmålingene? 誰が払う? · **åpent**\n"
        ),
        "{internal}"
    );
    assert!(internal.contains("- Registrert: 1 spørsmål (1 åpent), 0 bekymringer"), "{internal}");
}

#[test]
fn in_the_events_language_a_name_not_shown_becomes_that_languages_words() {
    let entries = mention_journal();
    let mut agenda = mention_agenda("group", false);
    agenda.language = crate::i18n::Lang::Nb;
    let public = render(&agenda, &entries, Audience::Public);
    for line in [
        "- **Spørsmål** 18:05: Can en deltaker fra Harbour neighbours share the truck counts?",
        "- **Idé** 18:08: En deltaker suggests a sensor on the harbour road",
    ] {
        assert!(public.lines().any(|l| l == line), "{line}\n{public}");
    }
    assert!(!public.contains("a participant"), "{public}");
    // Someone the agenda does not list, named after a title.
    let mut journal = Journal::new();
    journal.capture(5, 0, ItemKind::Question, text("Dr. Lindqvist says the filters work"));
    let public = render(&agenda, &journal.ended(20), Audience::Public);
    assert!(public.contains("Noen says the filters work"), "{public}");
    // The JSON model is the same in every language: its words for names are English.
    let json = super::json(&agenda, &entries, Audience::Public);
    assert!(json.contains("Can a participant from Harbour neighbours share"), "{json}");
}
