//! A policy council where people are named everywhere a note-taker types them:
//! participants who did and did not consent, and people the agenda does not list, in item
//! texts, answers, by-lines, owners and session leads; with items marked internal, a note,
//! organisations, places and attendance. Written as a record from Rust, under any policy.

use std::path::{Path, PathBuf};

use convene::event::{ItemId, ItemKind};
use convene::journal::Change;

/// The three attribution policies.
pub const POLICIES: [&str; 3] = ["named", "group", "anonymous"];

/// The council's agenda under a policy.
pub fn agenda_text(policy: &str) -> String {
    format!(
        r#"title = "Policy Council 2026: Permits and recycling"
kind = "council"
date = 2026-10-06
start = "09:30"
location = "Residence Palace, Brussels"
attribution = "{policy}"
organisations = ["European Commission", "Herøya Industrial Park", "Porsgrunn municipality"]
places = ["Herøya", "Brussels", "Porsgrunn"]

[team]
facilitator = "Clara"
note_taker = "Jonas"

[[groups]]
id = "industry"
name = "Industry"

[[groups]]
id = "academia"
name = "Research and academia"

[[groups]]
id = "government"
name = "Public authorities"

[[participants]]
name = "Marit Haugen"
group = "industry"
consent = true

[[participants]]
name = "Henrik Dahl"
group = "government"
consent = false

[[participants]]
name = "Sofie Lambert"
group = "academia"
consent = false

[[participants]]
name = "Pieter Janssens"
group = "academia"
consent = true

[[sessions]]
title = "Permits: what takes so long"
duration = "30m"
format = "discussion"
lead = "Marit Haugen"

[[sessions]]
title = "Recycling magnets in Europe"
duration = "30m"
format = "presentation"
lead = "Keynote speaker, European Commission"

[[sessions]]
title = "Actions and next council"
duration = "20m"
format = "plenary"
lead = "Porsgrunn municipality"
"#
    )
}

/// What happens in the council: (minute after 09:30, session, kind, capture line, answer).
const SCRIPT: &[(u32, usize, ItemKind, &str, Option<&str>)] = &[
    (
        3,
        0,
        ItemKind::Question,
        "Can Henrik share the permit timeline with Dr. Lindqvist's team? @henrik #permits",
        Some("Sofie Lambert will send it; Mr Hansen at the ministry has the draft"),
    ),
    (
        8,
        0,
        ItemKind::Concern,
        "Sofie worries that Anna Berg from the regional office was not invited @sofie #permits #governance",
        None,
    ),
    (12, 0, ItemKind::Note, "Henrik asked not to be quoted on the ministry's timeline", None),
    (
        15,
        0,
        ItemKind::Question,
        "Who decides on the Herøya permit, Porsgrunn or Oslo? @the_mayor #permits",
        None,
    ),
    (
        33,
        1,
        ItemKind::Idea,
        "Pool the magnet scrap of three plants, as Marit Haugen proposed @pieter #recycling",
        None,
    ),
    (
        38,
        1,
        ItemKind::Idea,
        "Invite Ola Nordmann from the customs office to the next council @pieter !internal",
        None,
    ),
    (
        45,
        1,
        ItemKind::Question,
        "Does the European Commission fund pilot lines in Brussels too? @sofie #funding",
        None,
    ),
    (
        61,
        2,
        ItemKind::Action,
        "Send the magnet recycling study to Marit Haugen >pieter due:2026-11-01 #recycling",
        None,
    ),
    (
        63,
        2,
        ItemKind::Action,
        "Publish the dust figures for Herøya >Herøya_Industrial_Park due:2026-12-15",
        None,
    ),
    (65, 2, ItemKind::Action, "Draft the permit checklist with Henrik Dahl >government", None),
    (67, 2, ItemKind::Action, "Ask the customs office about export licences >Lars_Eik", None),
    (
        70,
        2,
        ItemKind::Decision,
        "A joint letter to the European Commission before the Brussels meeting",
        None,
    ),
];

/// The id of the laptop that records the council (a device file says it).
pub const COUNCIL_LAPTOP: &str = "c0unc11000000000000000000g";

/// Writes the council's record under `policy` into `data`; returns its folder.
pub fn council_record(data: &Path, policy: &str) -> PathBuf {
    let text = agenda_text(policy);
    let agenda = convene::agenda::parse_agenda(&text).agenda.expect("a valid agenda");
    let at = |minutes: u32| {
        let (h, m) = (9 + (30 + minutes) / 60, (30 + minutes) % 60);
        chrono::DateTime::parse_from_rfc3339(&format!("2026-10-06T{h:02}:{m:02}:00+02:00"))
            .expect("a valid time")
    };
    // One laptop with a known id: the minutes end with the record's journals, by device.
    std::fs::create_dir_all(data).expect("a data folder");
    let device_file = data.join(convene::record::DEVICE_FILE);
    if !device_file.exists() {
        std::fs::write(&device_file, format!("{COUNCIL_LAPTOP}\n")).expect("a device file");
    }
    let device = convene::record::device_id(data).expect("a device id");
    let (mut record, mut stamp) =
        convene::record::create(data, device, &agenda, &text, at(0)).expect("a new record");
    let mut append = |change: Change, minute: u32| -> Change {
        let entry = stamp.entry(change, at(minute));
        let change = entry.change.clone();
        record.journal.append(entry).expect("a durable entry");
        change
    };
    let starts = [0u32, 30, 60];
    append(Change::SessionStarted { session: 0, elapsed_ms: 0 }, 0);
    let mut session = 0;
    for &(minute, in_session, kind, line, answer) in SCRIPT {
        while session < in_session {
            let length = (starts[session + 1] - starts[session]) as u64 * 60_000;
            append(Change::SessionEnded { session, elapsed_ms: length }, starts[session + 1]);
            session += 1;
            append(Change::SessionStarted { session, elapsed_ms: 0 }, starts[session]);
        }
        let fields = convene::capture::parse(line, &agenda).fields;
        let offset_ms = (minute - starts[session]) as u64 * 60_000;
        let captured = append(
            Change::ItemCaptured { item: ItemId::default(), kind, session, offset_ms, fields },
            minute,
        );
        if let (Some(answer), Change::ItemCaptured { item, .. }) = (answer, captured) {
            append(Change::ItemAnswered { item, answer: answer.to_string() }, minute + 1);
        }
    }
    // Who was there, entered on the attendance overlay during the last session.
    for (group, present) in [("industry", 4), ("academia", 3), ("government", 2), ("", 1)] {
        append(Change::AttendanceCounted { group: group.into(), present }, 72);
    }
    for organisation in ["European Commission", "Herøya Industrial Park", "Fraunhofer IWKS"] {
        append(
            Change::OrganisationAttended { organisation: organisation.into(), present: true },
            72,
        );
    }
    append(Change::SessionEnded { session, elapsed_ms: 15 * 60_000 }, 75);
    append(Change::EventEnded, 75);
    record.dir.clone()
}
