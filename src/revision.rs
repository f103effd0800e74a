//! An agenda edited during its event: which sessions of the old agenda are which of the new
//! one, what differs, and the journal renumbered so that one fold reads it with the new
//! agenda.

use std::borrow::Cow;

use crate::agenda::Agenda;
use crate::event::{Change, Entry};

/// `result[i]` is the new number of the old session `i`, or None when it is not in the new
/// agenda. Sessions with the same title are matched in order; between two matched ones, as
/// many old as new sessions are taken as renamed (a typo fixed), one for one.
pub fn match_sessions(old: &Agenda, new: &Agenda) -> Vec<Option<usize>> {
    let (a, b) = (&old.sessions, &new.sessions);
    // The longest common subsequence of titles keeps the order of both agendas.
    let mut lcs = vec![vec![0usize; b.len() + 1]; a.len() + 1];
    for i in (0..a.len()).rev() {
        for j in (0..b.len()).rev() {
            lcs[i][j] = if a[i].title == b[j].title {
                lcs[i + 1][j + 1] + 1
            } else {
                lcs[i + 1][j].max(lcs[i][j + 1])
            };
        }
    }
    let mut pairs = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < a.len() && j < b.len() {
        if a[i].title == b[j].title {
            pairs.push((i, j));
            i += 1;
            j += 1;
        } else if lcs[i + 1][j] >= lcs[i][j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    let mut mapping = vec![None; a.len()];
    let (mut old_from, mut new_from) = (0, 0);
    for (old_to, new_to) in pairs.iter().copied().chain([(a.len(), b.len())]) {
        if old_to - old_from == new_to - new_from {
            for k in 0..old_to - old_from {
                mapping[old_from + k] = Some(new_from + k);
            }
        }
        if old_to < a.len() {
            mapping[old_to] = Some(new_to);
        }
        (old_from, new_from) = (old_to + 1, new_to + 1);
    }
    mapping
}

/// What the edit changed, one line per difference, in words a facilitator reads.
pub fn differences(old: &Agenda, new: &Agenda, mapping: &[Option<usize>]) -> Vec<String> {
    let mut out = Vec::new();
    if old.title != new.title {
        out.push(format!("the title is now \"{}\" (was \"{}\")", new.title, old.title));
    }
    for (i, to) in mapping.iter().enumerate() {
        let title = &old.sessions[i].title;
        match to {
            None => out.push(format!("session {} \"{title}\" was removed", i + 1)),
            Some(j) if new.sessions[*j].title != *title => out.push(format!(
                "session {} \"{title}\" is renamed \"{}\"",
                i + 1,
                new.sessions[*j].title
            )),
            Some(_) => {}
        }
    }
    for (j, session) in new.sessions.iter().enumerate() {
        if !mapping.contains(&Some(j)) {
            out.push(format!("session {} \"{}\" is new", j + 1, session.title));
        }
    }
    out
}

/// The old sessions that something happened in (a timer, an item) but that the new agenda
/// lost: the journal cannot continue with it. One line each.
pub fn blockers(old: &Agenda, entries: &[Entry], mapping: &[Option<usize>]) -> Vec<String> {
    let entries = renumber(entries);
    let mut used = vec![0usize; mapping.len()];
    let mut items = vec![0usize; mapping.len()];
    let mut tallies = vec![0usize; mapping.len()];
    for entry in entries.iter() {
        match entry.change {
            Change::ItemCaptured { session, .. } | Change::ItemMoved { session, .. } => {
                if let Some(n) = items.get_mut(session) {
                    *n += 1;
                }
            }
            Change::TallyRecorded { session, .. } => {
                if let Some(n) = tallies.get_mut(session) {
                    *n += 1;
                }
            }
            Change::SessionStarted { session, .. }
            | Change::SessionPaused { session, .. }
            | Change::SessionExtended { session, .. }
            | Change::SessionEnded { session, .. }
            // A session with a speaking queue keeps its speakers' turns.
            | Change::SpeakerAdded { session, .. } => {
                if let Some(n) = used.get_mut(session) {
                    *n += 1;
                }
            }
            _ => {}
        }
    }
    (0..mapping.len())
        .filter(|&i| mapping[i].is_none() && (used[i] > 0 || items[i] > 0 || tallies[i] > 0))
        .map(|i| {
            let title = old.sessions.get(i).map(|s| s.title.as_str()).unwrap_or("");
            let what = match (items[i], tallies[i]) {
                (0, 0) => "it was held".to_string(),
                (1, _) => "it holds 1 item".to_string(),
                (0, _) => "it holds a vote or a show of hands".to_string(),
                (n, _) => format!("it holds {n} items"),
            };
            format!("session {} \"{title}\" is not in the edited agenda, but {what}", i + 1)
        })
        .collect()
}

/// The journal with every session number in the numbering of its last agenda: entries
/// before an `agenda_changed` are mapped through it (and through every later one). A
/// selection of a session that left the agenda is dropped. Borrowed when nothing changed.
pub fn renumber(entries: &[Entry]) -> Cow<'_, [Entry]> {
    if !entries.iter().any(|e| matches!(e.change, Change::AgendaChanged { .. })) {
        return Cow::Borrowed(entries);
    }
    // Walk backwards, composing the mappings met so far.
    let mut to_last: Option<Vec<Option<usize>>> = None;
    let mut out: Vec<Entry> = Vec::with_capacity(entries.len());
    for entry in entries.iter().rev() {
        if let Change::AgendaChanged { sessions, .. } = &entry.change {
            to_last = Some(match &to_last {
                None => sessions.clone(),
                Some(later) => sessions
                    .iter()
                    .map(|to| to.and_then(|j| later.get(j).copied().flatten()))
                    .collect(),
            });
            out.push(entry.clone());
            continue;
        }
        let map = |session: usize| -> Option<usize> {
            match &to_last {
                None => Some(session),
                Some(mapping) => mapping.get(session).copied().flatten(),
            }
        };
        let mut entry = entry.clone();
        let kept = match &mut entry.change {
            Change::SessionStarted { session, .. }
            | Change::SessionPaused { session, .. }
            | Change::SessionExtended { session, .. }
            | Change::SessionEnded { session, .. }
            | Change::SessionSelected { session }
            | Change::ItemCaptured { session, .. }
            | Change::ItemMoved { session, .. }
            | Change::TallyRecorded { session, .. }
            | Change::SpeakerAdded { session, .. }
            | Change::QueueClosed { session }
            | Change::QueueReopened { session }
            | Change::SpeakerTime { session, .. } => match map(*session) {
                Some(to) => {
                    *session = to;
                    true
                }
                None => false,
            },
            _ => true,
        };
        if kept {
            out.push(entry);
        }
    }
    out.reverse();
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::{DEMO_AGENDA, parse_agenda};

    fn agenda(text: &str) -> Agenda {
        parse_agenda(text).agenda.unwrap()
    }

    fn at() -> chrono::DateTime<chrono::FixedOffset> {
        chrono::DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").unwrap()
    }

    #[test]
    fn a_fixed_typo_and_an_added_session_are_matched() {
        let old = agenda(DEMO_AGENDA);
        let first = old.sessions[0].title.clone();
        let second = old.sessions[1].title.clone();
        let edited = DEMO_AGENDA.replacen(&format!("\"{second}\""), "\"Renamed session\"", 1);
        let extra = "\n[[sessions]]\ntitle = \"Late questions\"\nduration = \"5m\"\n";
        let new = agenda(&format!("{edited}{extra}"));
        let mapping = match_sessions(&old, &new);
        let n = old.sessions.len();
        assert_eq!(mapping, (0..n).map(Some).collect::<Vec<_>>());
        assert_eq!(
            differences(&old, &new, &mapping),
            vec![
                format!("session 2 \"{second}\" is renamed \"Renamed session\""),
                format!("session {} \"Late questions\" is new", n + 1),
            ]
        );
        assert_eq!(new.sessions[0].title, first);
    }

    #[test]
    fn a_removed_session_that_holds_items_blocks_and_is_named() {
        let old = agenda(DEMO_AGENDA);
        let second = old.sessions[1].title.clone();
        let mut new = old.clone();
        new.sessions.remove(1);
        let mapping = match_sessions(&old, &new);
        assert_eq!(mapping[1], None);
        assert_eq!(mapping[2], Some(1));
        let captured = |item, session| {
            Entry::format_1(
                item,
                at(),
                Change::ItemCaptured {
                    item: crate::event::ItemId::format_1(item),
                    kind: crate::live::ItemKind::Question,
                    session,
                    offset_ms: 0,
                    fields: crate::live::Fields {
                        text: "Is the water safe?".into(),
                        by: None,
                        themes: vec![],
                        owner: None,
                        due: None,
                        internal: false,
                    },
                },
            )
        };
        assert!(blockers(&old, &[captured(1, 0)], &mapping).is_empty());
        assert_eq!(
            blockers(&old, &[captured(1, 1), captured(2, 1)], &mapping),
            vec![format!(
                "session 2 \"{second}\" is not in the edited agenda, but it holds 2 items"
            )]
        );
    }

    #[test]
    fn entries_before_a_change_are_renumbered_through_every_later_one() {
        let selected =
            |seq, session| Entry::format_1(seq, at(), Change::SessionSelected { session });
        let changed = |seq, sessions: Vec<Option<usize>>| {
            Entry::format_1(
                seq,
                at(),
                Change::AgendaChanged { agenda_sha256: "x".into(), sessions },
            )
        };
        let entries = vec![
            selected(1, 0),
            selected(2, 1),
            selected(3, 2),
            changed(4, vec![Some(1), Some(2), None]),
            selected(5, 2),
            changed(6, vec![Some(0), Some(1), Some(3)]),
            selected(7, 3),
        ];
        let sessions: Vec<(u64, Option<usize>)> = renumber(&entries)
            .iter()
            .map(|e| match e.change {
                Change::SessionSelected { session } => (e.seq, Some(session)),
                _ => (e.seq, None),
            })
            .collect();
        assert_eq!(
            sessions,
            vec![(1, Some(1)), (2, Some(3)), (4, None), (5, Some(3)), (6, None), (7, Some(3))]
        );
        assert!(matches!(renumber(&entries[..3]), Cow::Borrowed(_)));
    }

    #[test]
    fn a_tally_is_renumbered_with_its_session_and_keeps_a_removed_one_from_going() {
        use crate::event::{Counting, ItemId, OptionCount, TallyMethod, TallyRule};
        let old = agenda(DEMO_AGENDA);
        let second = old.sessions[1].title.clone();
        let mut new = old.clone();
        new.sessions.remove(1);
        let mapping = match_sessions(&old, &new);
        let tally = |seq, session| {
            Entry::format_1(
                seq,
                at(),
                Change::TallyRecorded {
                    tally: ItemId::format_1(seq),
                    session,
                    question: "Publish the readings monthly?".into(),
                    method: TallyMethod::ShowOfHands,
                    rule: TallyRule::Advisory,
                    counts: vec![OptionCount {
                        option: "for".into(),
                        count: Some(9),
                        how: Counting::Counted,
                    }],
                    present: None,
                    dots: None,
                    outcome: String::new(),
                },
            )
        };
        assert_eq!(
            blockers(&old, &[tally(1, 1)], &mapping),
            vec![format!(
                "session 2 \"{second}\" is not in the edited agenda, but it holds a vote or a show of hands"
            )]
        );
        let changed = Entry::format_1(
            2,
            at(),
            Change::AgendaChanged { agenda_sha256: "x".into(), sessions: mapping.clone() },
        );
        let entries = [tally(1, 2), changed];
        let renumbered = renumber(&entries);
        assert!(
            matches!(renumbered[0].change, Change::TallyRecorded { session: 1, .. }),
            "{renumbered:?}"
        );
    }
}
