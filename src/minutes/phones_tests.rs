//! Questions from phones in the minutes: every submission in the order received with what
//! became of it in the internal version; in the public one only what was taken up, the rest
//! counted without a word of their text, never a name typed on a phone nor a reason.

use super::*;
use crate::agenda::parse_agenda;
use crate::event::{DeviceId, Hlc, ItemId};
use crate::journal::Change;
use crate::live::{Fields, Raiser};

const AGENDA: &str = r#"
title = "Porsgrunn Citizen Lab 2026"
kind = "lab"
date = 2026-05-12
start = "18:00"

[[participants]]
name = "Ingrid Solberg"
consent = false

[[sessions]]
title = "Welcome"
duration = "10m"
[[sessions]]
title = "Questions to the pilot plant"
duration = "30m"
"#;

/// What the hostile phone typed: every Markdown construct it could try.
pub(super) const HOSTILE: &str =
    "# Shut it down [now](http://x) <script>alert(1)</script> `rm -rf` | Ingrid lies";

fn at(hour: u32, minute: u32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-05-12T{hour:02}:{minute:02}:00+02:00")).unwrap()
}

/// The hub's inbox: phones' submissions are its lines.
fn inbox() -> DeviceId {
    DeviceId::inbox_of(DeviceId::new(5))
}

struct Journal {
    entries: Vec<Entry>,
    seq: u64,
    received: u64,
}

impl Journal {
    fn push(&mut self, (hour, minute): (u32, u32), change: Change) {
        self.seq += 1;
        self.entries.push(Entry::format_1(self.seq, at(hour, minute), change));
    }

    /// A phone's question as the hub received it; its id.
    fn receive(&mut self, (hour, minute): (u32, u32), text: &str, name: Option<&str>) -> ItemId {
        self.received += 1;
        let at = at(hour, minute);
        let change = Change::SubmissionReceived { text: text.into(), name: name.map(Into::into) };
        let seq = self.received;
        self.entries.push(Entry { device: inbox(), seq, clock: Hlc::of(at), at, change });
        ItemId { device: inbox(), seq }
    }

    fn approve(&mut self, when: (u32, u32), submission: ItemId, text: &str, name: Option<&str>) {
        let fields = Fields {
            text: text.into(),
            by: Some(Raiser::Online(name.map(Into::into))),
            ..Fields::default()
        };
        let change =
            Change::SubmissionApproved { submission, session: 1, offset_ms: 60_000, fields };
        self.push(when, change);
    }

    fn answer(&mut self, when: (u32, u32), item: ItemId, answer: &str) {
        self.push(when, Change::ItemAnswered { item, answer: answer.into() });
    }
}

/// A lab's questions session with five phone submissions: one approved (typed with a name)
/// and answered live, one merged into the note-taker's question, one hostile one rejected,
/// one approved (edited, with a name) and answered after the end when the event was reopened
/// for corrections, one never moderated. The first approved question was pinned to the room
/// display and unpinned again.
pub(super) fn lab() -> (Agenda, Vec<Entry>) {
    let agenda = parse_agenda(AGENDA).unwrap_agenda();
    let mut j = Journal { entries: Vec::new(), seq: 0, received: 0 };
    j.push((18, 0), Change::SessionStarted { session: 0, elapsed_ms: 0 });
    j.push((18, 10), Change::SessionEnded { session: 0, elapsed_ms: 600_000 });
    j.push((18, 10), Change::SessionSelected { session: 1 });
    j.push((18, 10), Change::SessionStarted { session: 1, elapsed_ms: 0 });
    let dust = ItemId::format_1(j.seq + 1);
    j.push(
        (18, 11),
        Change::ItemCaptured {
            item: dust,
            kind: ItemKind::Question,
            session: 1,
            offset_ms: 60_000,
            fields: Fields {
                text: "How much dust reaches the school?".into(),
                ..Fields::default()
            },
        },
    );
    let water = j.receive(
        (18, 12),
        "Is the water in Frierfjorden tested for rare earths?",
        Some("Kari Nilsen"),
    );
    let again = j.receive((18, 13), "Does the dust reach the kindergarten | the school?", None);
    let hostile = j.receive((18, 14), HOSTILE, None);
    let emissions = j.receive((18, 15), "when do they publish emissions??", Some("Ola `Nordmann`"));
    j.approve(
        (18, 16),
        water,
        "Is the water in Frierfjorden tested for rare earths?",
        Some("Kari Nilsen"),
    );
    j.push((18, 17), Change::SubmissionMerged { submission: again, into: dust });
    j.push(
        (18, 18),
        Change::SubmissionRejected { submission: hostile, reason: "insults Ingrid".into() },
    );
    j.approve(
        (18, 20),
        emissions,
        "When will the plant publish its emission figures?",
        Some("Ola `Nordmann`"),
    );
    j.push((18, 21), Change::QuestionPinned { item: Some(water) });
    j.answer((18, 25), water, "Yes, every month; the county sends Kari Nilsen the figures");
    j.push((18, 26), Change::QuestionPinned { item: None });
    j.receive((18, 30), "Can we visit the plant?", None);
    j.push((18, 40), Change::SessionEnded { session: 1, elapsed_ms: 30 * 60_000 });
    j.push((18, 40), Change::EventEnded);
    // Corrections: the emissions question is answered in writing.
    j.push((19, 30), Change::EventReopened);
    j.answer((19, 35), emissions, "In the annual report, from 2027");
    j.push((19, 40), Change::EventEnded);
    (agenda, j.entries)
}

trait UnwrapAgenda {
    fn unwrap_agenda(self) -> Agenda;
}

impl UnwrapAgenda for crate::agenda::Loaded {
    fn unwrap_agenda(self) -> Agenda {
        self.agenda.unwrap()
    }
}

/// The lines of `markdown` from the heading `from` up to the next heading of its level.
fn section<'a>(markdown: &'a str, from: &str) -> Vec<&'a str> {
    let level = from.split(' ').next().unwrap_or_default();
    let mut lines = markdown.lines().skip_while(|l| *l != from);
    let mut out: Vec<&str> = lines.next().into_iter().collect();
    out.extend(lines.take_while(|l| {
        !(l.starts_with('#') && l.split(' ').next().is_some_and(|h| h.len() <= level.len()))
    }));
    out
}

const SESSION: &str = "### 2. Questions to the pilot plant";

#[test]
fn the_internal_minutes_list_every_submission_as_typed_with_its_outcome_and_the_pins() {
    let (agenda, entries) = lab();
    let markdown = render(&agenda, &entries, Audience::Internal);
    assert!(
        markdown.contains(
            "- Captured: 3 questions (1 open), 0 concerns, 0 ideas, 0 actions, 0 decisions, 0 notes\n- Questions from phones: 5 received, 2 approved, 1 merged, 1 rejected, 1 not moderated\n\n## Timetable"
        ),
        "{markdown}"
    );
    assert_eq!(
        section(&markdown, "## Questions from phones"),
        [
            "## Questions from phones",
            "",
            "Every question sent from a phone, in the order received, as typed.",
            "",
            "| Received | Submitted | Outcome |",
            "|---|---|---|",
            "| 18:12 | Is the water in Frierfjorden tested for rare earths? — *Kari Nilsen* | Q2, answered live |",
            "| 18:13 | Does the dust reach the kindergarten \\| the school? | merged into Q1 |",
            "| 18:14 | \\# Shut it down \\[now\\](http\\://x) \\<script\\>alert(1)\\</script\\> \\`rm -rf\\` \\| Ingrid lies | not taken up: insults Ingrid |",
            "| 18:15 | when do they publish emissions?? — *Ola \\`Nordmann\\`* | Q3, answered in writing |",
            "| 18:30 | Can we visit the plant? | not moderated |",
            "",
        ]
    );
    // The questions the section names carry their number in their session; approved ones are
    // raised by the participant online, with the name they typed (internal only).
    assert_eq!(
        section(&markdown, SESSION)[4..],
        [
            "- **Question Q1** 18:11: How much dust reaches the school? · **open**",
            "- **Question Q2** 18:16: Is the water in Frierfjorden tested for rare earths? — *Kari Nilsen (online)*",
            "  - *Answer:* Yes, every month; the county sends Kari Nilsen the figures",
            "- **Question Q3** 18:20: When will the plant publish its emission figures? — *Ola \\`Nordmann\\` (online)*",
            "  - *Answer:* In the annual report, from 2027",
            "",
        ]
    );
    assert_eq!(
        section(&markdown, "## Messages to the room"),
        [
            "## Messages to the room",
            "",
            "- 18:21 pinned Q2",
            "- 18:26 unpinned",
            "",
            // The last line: the hub's journal is a format-1 one in these tests, so its inbox
            // is shown by its own id.
            "Record: journal entries per device: format 1 17 · `k13d` 5 (devices by the start of their id).",
        ]
    );
}

#[test]
fn the_public_minutes_list_what_was_taken_up_and_only_count_the_rest() {
    let (agenda, entries) = lab();
    let markdown = render(&agenda, &entries, Audience::Public);
    assert!(
        markdown.contains(
            "- Captured: 3 questions (1 open), 0 concerns, 0 ideas, 0 actions, 0 decisions\n- Questions from phones: 5 received, 2 approved, 1 merged, 1 rejected, 1 not moderated\n\n## Timetable"
        ),
        "{markdown}"
    );
    assert_eq!(
        section(&markdown, "## Questions from phones"),
        [
            "## Questions from phones",
            "",
            "The questions sent from phones that were taken up, in the order received, as approved.",
            "",
            "| Received | Question | Outcome |",
            "|---|---|---|",
            "| 18:12 | Q2: Is the water in Frierfjorden tested for rare earths? | answered live |",
            "| 18:13 | — | merged into Q1 |",
            "| 18:15 | Q3: When will the plant publish its emission figures? | answered in writing |",
            "",
            "1 submission was not taken up and 1 was not moderated; their texts are not published.",
            "",
            "Record: journal entries per device: format 1 17 · `k13d` 5 (devices by the start of their id).",
        ]
    );
    assert_eq!(
        section(&markdown, SESSION)[4..],
        [
            "- **Question Q1** 18:11: How much dust reaches the school? · **open**",
            "- **Question Q2** 18:16: Is the water in Frierfjorden tested for rare earths? — *a participant (online)*",
            "  - *Answer:* Yes, every month; the county sends a participant the figures",
            "- **Question Q3** 18:20: When will the plant publish its emission figures? — *a participant (online)*",
            "  - *Answer:* In the annual report, from 2027",
            "",
        ]
    );
    // Nothing of what was not taken up, not moderated or merged as typed; no reason, no name
    // typed on a phone, no room timeline.
    for hidden in [
        "Shut it down",
        "script",
        "rm -rf",
        "Ingrid",
        "insults",
        "kindergarten",
        "visit the plant",
        "emissions??",
        "Kari",
        "Nilsen",
        "Nordmann",
        "Ola",
        "pinned",
    ] {
        assert!(!markdown.contains(hidden), "{hidden} in the public minutes:\n{markdown}");
    }
}

#[test]
fn the_same_journal_gives_the_same_bytes_and_no_submission_no_section() {
    let (agenda, entries) = lab();
    assert_eq!(render_both(&agenda, &entries), render_both(&agenda, &entries));
    assert_eq!(
        json(&agenda, &entries, Audience::Public),
        json(&agenda, &entries, Audience::Public)
    );
    // Without its submissions (and what was made of them) the event has no such section,
    // line or field.
    let without: Vec<Entry> = entries
        .into_iter()
        .filter(|e| {
            !matches!(
                e.change,
                Change::SubmissionReceived { .. }
                    | Change::SubmissionApproved { .. }
                    | Change::SubmissionMerged { .. }
                    | Change::SubmissionRejected { .. }
                    | Change::QuestionPinned { .. }
            )
        })
        .collect();
    for audience in [Audience::Internal, Audience::Public] {
        let markdown = render(&agenda, &without, audience);
        assert!(!markdown.contains("phones"), "{markdown}");
        assert!(markdown.contains("- **Question** 18:11: How much dust"), "{markdown}");
        assert!(!json(&agenda, &without, audience).contains("\"phones\""));
    }
}

/// An approved question still open, one approved and deleted since, a submission merged
/// into a question deleted since, and one merged into a question kept internal.
#[test]
fn open_and_deleted_questions_and_merges_into_them_in_both_versions() {
    let agenda = parse_agenda(AGENDA).unwrap_agenda();
    let mut j = Journal { entries: Vec::new(), seq: 0, received: 0 };
    j.push((18, 0), Change::SessionStarted { session: 1, elapsed_ms: 0 });
    let internal = ItemId::format_1(j.seq + 1);
    let fields = Fields { text: "Ask the county".into(), internal: true, ..Fields::default() };
    j.push(
        (18, 1),
        Change::ItemCaptured {
            item: internal,
            kind: ItemKind::Question,
            session: 1,
            offset_ms: 0,
            fields,
        },
    );
    let open = j.receive((18, 2), "Who pays for the new road?", None);
    let gone = j.receive((18, 3), "Is the harbour dredged?", None);
    let into_gone = j.receive((18, 4), "Dredging when?", None);
    let into_internal = j.receive((18, 5), "County?", None);
    j.approve((18, 6), open, "Who pays for the new road?", None);
    j.approve((18, 7), gone, "Is the harbour dredged?", None);
    j.push((18, 8), Change::SubmissionMerged { submission: into_gone, into: gone });
    j.push((18, 9), Change::SubmissionMerged { submission: into_internal, into: internal });
    j.push((18, 10), Change::ItemDeleted { item: gone });
    let markdown = render(&agenda, &j.entries, Audience::Internal);
    assert_eq!(
        section(&markdown, "## Questions from phones")[4..],
        [
            "| Received | Submitted | Outcome |",
            "|---|---|---|",
            "| 18:02 | Who pays for the new road? | Q2, open: to be answered in writing |",
            "| 18:03 | Is the harbour dredged? | Q3, deleted since |",
            "| 18:04 | Dredging when? | merged into Q3 (deleted since) |",
            "| 18:05 | County? | merged into Q1 |",
            "",
            "Record: journal entries per device: format 1 7 · `k13d` 4 (devices by the start of their id).",
        ]
    );
    let markdown = render(&agenda, &j.entries, Audience::Public);
    assert_eq!(
        section(&markdown, "## Questions from phones")[4..],
        [
            "| Received | Question | Outcome |",
            "|---|---|---|",
            "| 18:02 | Q2: Who pays for the new road? | open: to be answered in writing |",
            "",
            "3 submissions were taken up but left out of these minutes; their texts are not published.",
            "",
            "Record: journal entries per device: format 1 7 · `k13d` 4 (devices by the start of their id).",
        ]
    );
    assert!(
        markdown.contains("- Who pays for the new road? — *a participant (online)* (session 2.")
    );
    assert!(!markdown.contains("dredged") && !markdown.contains("County"), "{markdown}");
}
