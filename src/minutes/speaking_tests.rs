//! The speaking time in the minutes: per stakeholder group in both versions, per speaker in
//! the internal one and, in the public one, only for participants who consented under
//! `named`; every turn per session internally; turns measured on the session's timer.

use super::*;
use crate::agenda::parse_agenda;
use crate::event::{Change, ItemId, Lane, Raiser};

fn agenda(policy: &str) -> Agenda {
    parse_agenda(&format!(
        r#"
title = "Harbour council"
kind = "council"
date = 2026-05-12
start = "18:00"
attribution = "{policy}"
[[groups]]
id = "industry"
name = "Industry"
[[groups]]
id = "residents"
name = "Residents"
[[groups]]
id = "science"
name = "Science"
[[participants]]
name = "Kari Nordvik"
group = "industry"
consent = true
[[participants]]
name = "Ingrid Solberg"
group = "residents"
consent = false
[[sessions]]
title = "Panel"
duration = "30m"
speaker = "3m"
[[sessions]]
title = "Wrap-up"
duration = "10m"
"#
    ))
    .agenda
    .expect("a valid agenda")
}

/// 2026-05-12 18:MM:SS at +02:00.
fn at(minute: u32, second: u32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:{second:02}+02:00"))
        .expect("a valid time")
}

struct Journal {
    entries: Vec<Entry>,
}

impl Journal {
    fn push(&mut self, (minute, second): (u32, u32), change: Change) -> ItemId {
        let seq = self.entries.len() as u64 + 1;
        self.entries.push(Entry::format_1(seq, at(minute, second), change));
        ItemId::format_1(seq)
    }
    fn add(&mut self, when: (u32, u32), who: Raiser, lane: Lane) -> ItemId {
        let speaker = ItemId::format_1(self.entries.len() as u64 + 1);
        self.push(when, Change::SpeakerAdded { speaker, session: 0, who, lane })
    }
}

fn kari() -> Raiser {
    Raiser::Participant("Kari Nordvik".into())
}

fn ingrid() -> Raiser {
    Raiser::Participant("Ingrid Solberg".into())
}

/// The panel starts at 18:00; Kari speaks 2m 30s, Ingrid 1m 40s (with a pause of five
/// minutes in the middle of her turn, which does not count), the residents as a group reply
/// for 20 s, a man nobody knows raises a point of order for 15 s, Kari speaks again for
/// 1m 05s and the session ends while Ingrid has the floor for 50 s; Kari still waits.
fn journal() -> Vec<Entry> {
    let mut j = Journal { entries: Vec::new() };
    j.push((0, 0), Change::SessionStarted { session: 0, elapsed_ms: 0 });
    let a = j.add((0, 10), kari(), Lane::Normal);
    let b = j.add((0, 20), ingrid(), Lane::Normal);
    j.push((0, 30), Change::SpeakerStarted { speaker: a, offset_ms: 30_000 });
    j.push((3, 0), Change::SpeakerStarted { speaker: b, offset_ms: 180_000 });
    j.push((3, 0), Change::SpeakerEnded { speaker: a, offset_ms: 180_000 });
    j.push((4, 0), Change::SessionPaused { session: 0, elapsed_ms: 240_000 });
    j.push((9, 0), Change::SessionStarted { session: 0, elapsed_ms: 240_000 });
    j.push((9, 40), Change::SpeakerEnded { speaker: b, offset_ms: 280_000 });
    let c = j.add((9, 41), Raiser::Group("residents".into()), Lane::DirectReply);
    let d = j.add((9, 42), Raiser::Unknown("a *man* at | the back".into()), Lane::PointOfOrder);
    j.push((9, 45), Change::SpeakerStarted { speaker: d, offset_ms: 285_000 });
    j.push((10, 0), Change::SpeakerStarted { speaker: c, offset_ms: 300_000 });
    j.push((10, 20), Change::SpeakerEnded { speaker: c, offset_ms: 320_000 });
    let e = j.add((10, 21), kari(), Lane::Normal);
    j.push((10, 30), Change::SpeakerStarted { speaker: e, offset_ms: 330_000 });
    j.push((11, 35), Change::SpeakerEnded { speaker: e, offset_ms: 395_000 });
    let f = j.add((11, 36), ingrid(), Lane::Normal);
    j.add((11, 37), kari(), Lane::Normal);
    j.push((12, 0), Change::SpeakerStarted { speaker: f, offset_ms: 420_000 });
    j.push((12, 50), Change::SessionEnded { session: 0, elapsed_ms: 470_000 });
    j.push((12, 50), Change::EventEnded);
    j.entries
}

/// The section from its heading to the end (it is the last but the room's timeline and
/// the record's line).
fn section(minutes: &str) -> &str {
    let start = minutes.find("\n## Speaking time").expect("a speaking time section");
    &minutes[start..]
}

#[test]
fn the_internal_minutes_give_the_time_per_group_per_speaker_and_every_turn() {
    let minutes = render(&agenda("group"), &journal(), Audience::Internal);
    assert_eq!(
        section(&minutes),
        "
## Speaking time

6 turns from the speaking queue, of which 1 point of order and 1 direct reply: 6m 40s in all, measured on the sessions' timers.

| Stakeholder group | Turns | Speaking time | Share |
|---|---:|---:|---:|
| Industry | 2 | 3m\u{a0}35s | 54% |
| Residents | 3 | 2m\u{a0}50s | 43% |
| Science | 0 | 0s | 0% |
| In no stakeholder group | 1 | 15s | 4% |

| Speaker | Stakeholder group | Turns | Speaking time |
|---|---|---:|---:|
| Kari Nordvik | Industry | 2 | 3m\u{a0}35s |
| Ingrid Solberg | Residents | 2 | 2m\u{a0}30s |
| a \\*man\\* at \\| the back | — | 1 | 15s |
| Residents | — | 1 | 20s |

### 1. Panel

*Each speaker 3m*

- 18:00 Kari Nordvik: 2m 30s
- 18:03 Ingrid Solberg: 1m 40s
- 18:09 a \\*man\\* at \\| the back (point of order): 15s
- 18:10 Residents (direct reply): 20s
- 18:10 Kari Nordvik: 1m 05s
- 18:12 Ingrid Solberg: 50s

Still waiting: Kari Nordvik.

Record: a format-1 journal of 22 entries.
"
    );
}

#[test]
fn the_public_minutes_give_groups_only_and_name_a_speaker_only_with_consent_under_named() {
    for policy in ["named", "group", "anonymous"] {
        let minutes = render(&agenda(policy), &journal(), Audience::Public);
        let section = section(&minutes);
        assert!(section.contains("| Residents | 3 | 2m\u{a0}50s | 43% |"), "{policy}: {section}");
        for hidden in ["Ingrid", "Solberg", "man", "back", "Still waiting", "18:09"] {
            assert!(!section.contains(hidden), "{policy}: {hidden} in public: {section}");
        }
        if policy == "named" {
            assert!(section.ends_with(
                "| Speaker | Stakeholder group | Turns | Speaking time |\n|---|---|---:|---:|\n| Kari Nordvik | Industry | 2 | 3m\u{a0}35s |\n\nSpeakers are named only with their consent; everyone counts in their group.\n\nRecord: a format-1 journal of 22 entries.\n"
            ), "{section}");
        } else {
            assert!(!section.contains("Kari"), "{policy}: {section}");
            assert!(
                section.ends_with("| In no stakeholder group | 1 | 15s | 4% |\n\nSpeaking time is given per stakeholder group only.\n\nRecord: a format-1 journal of 22 entries.\n"),
                "{policy}: {section}"
            );
        }
    }
}

#[test]
fn the_model_holds_the_speaking_time_and_the_turns_internally_only() {
    let replayed = fold(&agenda("named"), &journal());
    let internal = Minutes::build(&replayed, Audience::Internal);
    let speaking = internal.speaking.expect("a speaking section");
    assert_eq!((speaking.turns, speaking.seconds), (6, 400));
    assert_eq!((speaking.points_of_order, speaking.direct_replies), (1, 1));
    let sessions = speaking.sessions.expect("the turns internally");
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].speaker_s, 180);
    assert_eq!(sessions[0].waiting, ["Kari Nordvik"]);
    let seconds: Vec<u64> = sessions[0].turns.iter().map(|t| t.seconds).collect();
    assert_eq!(seconds, [150, 100, 15, 20, 65, 50]);
    let public = Minutes::build(&replayed, Audience::Public).speaking.expect("a section");
    assert!(public.sessions.is_none());
    let names: Vec<&str> = public.speakers.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["Kari Nordvik"]);
}

#[test]
fn without_a_queue_the_minutes_have_no_speaking_time() {
    let mut entries = journal();
    entries.retain(|e| {
        matches!(
            e.change,
            Change::SessionStarted { .. }
                | Change::SessionPaused { .. }
                | Change::SessionEnded { .. }
                | Change::EventEnded
        )
    });
    let replayed = fold(&agenda("group"), &entries);
    assert!(Minutes::build(&replayed, Audience::Internal).speaking.is_none());
    let minutes = render(&agenda("group"), &entries, Audience::Internal);
    assert!(!minutes.contains("Speaking"), "{minutes}");
}

#[test]
fn a_turn_still_running_at_the_end_of_an_unfinished_record_counts_until_its_last_entry() {
    let mut entries = journal();
    // The record stops at 18:12:50 with Ingrid speaking since 18:12:00 (a crash).
    entries.truncate(entries.len() - 2);
    let last = entries.last().map(|e| e.at).expect("an entry");
    assert_eq!(last, at(12, 0));
    let mut j = Journal { entries };
    j.push(
        (12, 50),
        Change::ItemCaptured {
            item: ItemId::format_1(99),
            kind: crate::event::ItemKind::Note,
            session: 0,
            offset_ms: 470_000,
            fields: crate::event::Fields { text: "mic 2 is weak".into(), ..Default::default() },
        },
    );
    let minutes = render(&agenda("group"), &j.entries, Audience::Internal);
    assert!(minutes.contains("- 18:12 Ingrid Solberg: 50s\n"), "{minutes}");
    assert_eq!(minutes, render(&agenda("group"), &j.entries, Audience::Internal));
}
