//! The parking lot in the minutes: parked items marked in their sessions, open ones listed as
//! follow-ups, the lot with owners as the policy shows an owner, in both versions and as JSON.

use super::*;
use crate::agenda::parse_agenda;
use crate::journal::Change;
use crate::live::{Fields, ItemId, Raiser};

const AGENDA: &str = r#"
title = "Policy Council 2026"
kind = "council"
date = 2026-05-12
start = "18:00"
organisations = ["Porsgrunn municipality"]

[team]
facilitator = "Clara"

[[groups]]
id = "industry"
name = "Industry"
[[groups]]
id = "civil-society"
name = "Civil society"

[[participants]]
name = "Kari Nordvik"
group = "industry"
consent = true

[[participants]]
name = "Katarzyna Nowak"
group = "civil-society"
consent = false

[[sessions]]
title = "Supply security"
duration = "30m"
[[sessions]]
title = "Standards"
duration = "30m"
"#;

fn at(minute: u32) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00")).unwrap()
}

struct Journal {
    entries: Vec<Entry>,
    items: u64,
}

impl Journal {
    fn push(&mut self, minute: u32, change: Change) {
        let seq = self.entries.len() as u64 + 1;
        self.entries.push(Entry::format_1(seq, at(minute), change));
    }

    fn capture(&mut self, minute: u32, session: usize, kind: ItemKind, fields: Fields) -> ItemId {
        self.items += 1;
        let item = ItemId::format_1(self.items);
        let offset_ms = u64::from(minute % 30) * 60_000;
        self.push(minute, Change::ItemCaptured { item, kind, session, offset_ms, fields });
        item
    }

    fn park(&mut self, minute: u32, item: ItemId, owner: Option<Raiser>) {
        self.push(minute, Change::ItemParked { item, owner });
    }
}

fn fields(text: &str, by: Option<Raiser>) -> Fields {
    Fields { text: text.into(), by, ..Fields::default() }
}

/// A council of two sessions: four items parked (one of them internal, one resolved), one
/// parked and unparked again, one never parked.
fn council() -> (Agenda, Vec<Entry>) {
    let agenda = parse_agenda(AGENDA).agenda.unwrap();
    let mut j = Journal { entries: Vec::new(), items: 0 };
    j.push(0, Change::SessionStarted { session: 0, elapsed_ms: 0 });
    let kari = Some(Raiser::Participant("Kari Nordvik".into()));
    let question = j.capture(
        2,
        0,
        ItemKind::Question,
        fields("Who certifies where the magnets' rare earths come from?", kari.clone()),
    );
    let concern = j.capture(
        3,
        0,
        ItemKind::Concern,
        fields("Recycling targets nobody can check", Some(Raiser::Group("civil-society".into()))),
    );
    let dropped =
        j.capture(4, 0, ItemKind::Question, fields("Is there a second apatite mine?", None));
    j.park(5, concern, Some(Raiser::Participant("Katarzyna Nowak".into())));
    j.park(6, question, Some(Raiser::Organisation("Porsgrunn municipality".into())));
    j.park(7, dropped, None);
    j.push(8, Change::ItemUnparked { item: dropped });
    j.push(30, Change::SessionEnded { session: 0, elapsed_ms: 30 * 60_000 });
    j.push(30, Change::SessionSelected { session: 1 });
    j.push(30, Change::SessionStarted { session: 1, elapsed_ms: 0 });
    let action = j.capture(
        32,
        1,
        ItemKind::Action,
        Fields { owner: kari.clone(), ..fields("Map Europe's magnet recycling capacity", None) },
    );
    let internal = j.capture(
        33,
        1,
        ItemKind::Idea,
        Fields { internal: true, ..fields("Invite the ministry's auditor next year", None) },
    );
    j.capture(34, 1, ItemKind::Decision, fields("Bob Stone reports on the tailings in June", None));
    j.park(35, action, Some(Raiser::Unknown("Bob Stone".into())));
    j.park(36, internal, Some(Raiser::Unknown("Clara".into())));
    j.push(40, Change::ParkedResolved { item: concern, resolved: true });
    j.push(50, Change::SessionEnded { session: 1, elapsed_ms: 20 * 60_000 });
    j.push(50, Change::EventEnded);
    (agenda, j.entries)
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

#[test]
fn the_internal_minutes_list_the_lot_with_every_owner_and_the_open_ones_as_follow_ups() {
    let (agenda, entries) = council();
    let markdown = render(&agenda, &entries, Audience::Internal);
    assert!(markdown.contains("\n- Parking lot: 4 parked (3 open)\n\n## Timetable"), "{markdown}");
    // In their sessions: marked, with their status when resolved; unparked, not marked.
    for line in [
        "- **Question** 18:02: Who certifies where the magnets' rare earths come from? — *Kari Nordvik* · **open** · parked",
        "- **Concern** 18:03: Recycling targets nobody can check — *Civil society* · parked (resolved)",
        "- **Question** 18:04: Is there a second apatite mine? · **open**",
        "- **Action** 18:32: Map Europe's magnet recycling capacity · owner: Kari Nordvik · parked",
        "- **Idea** 18:33: Invite the ministry's auditor next year · parked · *internal*",
    ] {
        assert!(markdown.lines().any(|l| l == line), "{line}\n{markdown}");
    }
    assert_eq!(
        section(&markdown, "### Parked, still open"),
        [
            "### Parked, still open",
            "",
            "- **Question** Who certifies where the magnets' rare earths come from? — *Kari Nordvik* · owner: Porsgrunn municipality (session 1. Supply security)",
            "- **Action** Map Europe's magnet recycling capacity · owner: Bob Stone (session 2. Standards)",
            "- **Idea** Invite the ministry's auditor next year · owner: Clara (session 2. Standards)",
            "",
        ]
    );
    // A subsection of the follow-ups, after the open questions (a parked question still
    // unanswered is in both).
    let follow_ups = section(&markdown, "## Open questions for follow-up");
    assert_eq!(
        follow_ups[..6],
        [
            "## Open questions for follow-up",
            "",
            "- Who certifies where the magnets' rare earths come from? — *Kari Nordvik* (session 1. Supply security)",
            "- Is there a second apatite mine? (session 1. Supply security)",
            "",
            "### Parked, still open",
        ]
    );
    // The lot in the order parked, after the decisions.
    assert!(markdown.ends_with(
        "## Decisions

- Bob Stone reports on the tailings in June (session 2. Standards)

## Parking lot

| Item | Owner | Status | Session |
|---|---|---|---|
| **Concern** Recycling targets nobody can check — *Civil society* | Katarzyna Nowak | resolved | 1. Supply security |
| **Question** Who certifies where the magnets' rare earths come from? — *Kari Nordvik* | Porsgrunn municipality | open | 1. Supply security |
| **Action** Map Europe's magnet recycling capacity | Bob Stone | open | 2. Standards |
| **Idea** Invite the ministry's auditor next year | Clara | open | 2. Standards |

Record: a format-1 journal of 19 entries.
"
    ), "{markdown}");
}

#[test]
fn the_public_minutes_show_owners_as_the_policy_shows_an_owner_and_no_internal_item() {
    let (agenda, entries) = council();
    let markdown = render(&agenda, &entries, Audience::Public);
    assert!(markdown.contains("\n- Parking lot: 3 parked (2 open)\n\n## Timetable"), "{markdown}");
    // A participant who did not consent is shown by her group (Chatham House); a name that
    // matched nobody is never published, in the lot or in a text; the team may be named, but
    // the item it follows up is internal.
    for hidden in ["Katarzyna", "Bob Stone", "Invite the ministry", "Kari"] {
        assert!(!markdown.contains(hidden), "{hidden} in public:\n{markdown}");
    }
    assert!(
        markdown
            .lines()
            .any(|l| l == "- **Decision** 18:34: A participant reports on the tailings in June")
    );
    assert_eq!(
        section(&markdown, "### Parked, still open"),
        [
            "### Parked, still open",
            "",
            "- **Question** Who certifies where the magnets' rare earths come from? — *a participant from Industry* · owner: Porsgrunn municipality (session 1. Supply security)",
            "- **Action** Map Europe's magnet recycling capacity · no owner (session 2. Standards)",
            "",
        ]
    );
    assert!(markdown.ends_with(
        "## Parking lot

| Item | Owner | Status | Session |
|---|---|---|---|
| **Concern** Recycling targets nobody can check — *a participant from Civil society* | a participant from Civil society | resolved | 1. Supply security |
| **Question** Who certifies where the magnets' rare earths come from? — *a participant from Industry* | Porsgrunn municipality | open | 1. Supply security |
| **Action** Map Europe's magnet recycling capacity | — | open | 2. Standards |

Record: a format-1 journal of 19 entries.
"
    ), "{markdown}");
}

#[test]
fn the_model_holds_the_lot_and_each_parked_items_status() {
    let (agenda, entries) = council();
    let replayed = fold(&agenda, &entries);
    let public = Minutes::build(&replayed, Audience::Public);
    let lot: Vec<(&str, Option<&str>, ParkedStatus)> =
        public.parking.iter().map(|p| (p.item.as_str(), p.owner.as_deref(), p.status)).collect();
    assert_eq!(
        lot,
        [
            ("2", Some("a participant from Civil society"), ParkedStatus::Resolved),
            ("1", Some("Porsgrunn municipality"), ParkedStatus::Open),
            ("4", None, ParkedStatus::Open),
        ]
    );
    assert_eq!(public.parking[0].parked_at, at(5));
    let parked: Vec<Option<ParkedStatus>> = public.items().map(|i| i.parked).collect();
    use ParkedStatus::{Open, Resolved};
    assert_eq!(parked, [Some(Open), Some(Resolved), None, Some(Open), None]);
    let internal = Minutes::build(&replayed, Audience::Internal);
    assert_eq!(internal.parking.len(), 4);
    assert_eq!(internal.parking[3].owner.as_deref(), Some("Clara"));
}

#[test]
fn without_a_parked_item_the_minutes_and_their_json_say_nothing_of_a_lot() {
    let (agenda, entries) = council();
    let unparked: Vec<Entry> = entries
        .into_iter()
        .filter(|e| {
            !matches!(
                e.change,
                Change::ItemParked { .. }
                    | Change::ItemUnparked { .. }
                    | Change::ParkedResolved { .. }
            )
        })
        .collect();
    for audience in [Audience::Internal, Audience::Public] {
        let markdown = render(&agenda, &unparked, audience);
        assert!(!markdown.contains("arked"), "{markdown}");
        let json = json(&agenda, &unparked, audience);
        assert!(!json.contains("park"), "{json}");
    }
}

#[test]
fn captured_text_and_a_typed_owner_never_break_the_lot_s_table() {
    let agenda = parse_agenda(AGENDA).agenda.unwrap();
    let mut j = Journal { entries: Vec::new(), items: 0 };
    j.push(0, Change::SessionStarted { session: 0, elapsed_ms: 0 });
    let item = j.capture(1, 0, ItemKind::Idea, fields("# Dust | noise <b>", None));
    j.park(2, item, Some(Raiser::Unknown("Ola | *Nordmann*".into())));
    let markdown = render(&agenda, &j.entries, Audience::Internal);
    assert!(
        markdown.ends_with(
            "| **Idea** \\# Dust \\| noise \\<b\\> | Ola \\| \\*Nordmann\\* | open | 1. Supply security |\n\nRecord: a format-1 journal of 3 entries.\n"
        ),
        "{markdown}"
    );
}
