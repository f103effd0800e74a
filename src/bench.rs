//! Data for benchmarks and measuring scripts: large agendas and recorded events made up in
//! the voice of a citizen lab. Not used by the product itself.

use std::fmt::Write as _;

use chrono::{DateTime, Duration, FixedOffset};

use crate::event::{Change, DeviceId, Entry, Fields, Hlc, ItemId, ItemKind, Raiser};

/// An agenda with `sessions` sessions (a long policy council or a festival of breakouts).
pub fn agenda_text(sessions: usize) -> String {
    let mut out = String::from(
        "title = \"Policy Council marathon\"\nkind = \"council\"\ndate = 2026-10-06\nstart = \"08:00\"\n\
         location = \"Residence Palace, Brussels\"\n\n[[groups]]\nid = \"industry\"\nname = \"Industry\"\n\n\
         [[groups]]\nid = \"residents\"\nname = \"Local residents\"\n\n\
         [[participants]]\nname = \"Ingrid Solberg\"\ngroup = \"residents\"\nconsent = false\n",
    );
    let topics = [
        "Security of supply",
        "Business case for magnets",
        "Recycling end-of-life magnets",
        "Health and safety",
        "Jobs at the plant",
        "School visits",
    ];
    for i in 0..sessions {
        let _ = write!(
            out,
            "\n[[sessions]]\ntitle = \"{} — round {}\"\nduration = \"{}m\"\nformat = \"breakout\"\nprompts = [\"What should Europe do next?\"]\n",
            topics[i % topics.len()],
            i + 1,
            5 + i % 4 * 5
        );
    }
    out
}

const TEXTS: [&str; 6] = [
    "Will the dust from the plant reach the school yard on windy days?",
    "Trucks through the village at night wake the children",
    "How many permanent jobs will the rare earth line create?",
    "Publish the monthly dust measurements on the municipality website",
    "We agree to hold an open day at the pilot plant in September",
    "Could recycled magnets from wind turbines feed the same line?",
];

/// The device the generated journal is written by.
pub const DEVICE: DeviceId = DeviceId::new(0x0123_4567_89ab_cdef_0123_4567_89ab_cdef);

/// A journal of `events` entries: the first session started, then captured items in it
/// (with a few edits and answers mixed in), all in the first session.
pub fn entries(events: usize, start: DateTime<FixedOffset>) -> Vec<Entry> {
    let mut out = Vec::with_capacity(events);
    let mut item = 0;
    let mut last = ItemId::default();
    for seq in 1..=events as u64 {
        let at = start + Duration::milliseconds(seq as i64 * 700);
        let change = if seq == 1 {
            // A record's first line: its device runs the sessions.
            Change::FacilitatorChanged { to: DEVICE }
        } else if seq == 2 {
            Change::SessionStarted { session: 0, elapsed_ms: 0 }
        } else if seq % 10 == 0 && item > 0 {
            Change::ItemAnswered {
                item: last,
                answer: "The plant team will reply in writing".into(),
            }
        } else {
            item += 1;
            let kind = ItemKind::ALL[(item as usize) % ItemKind::ALL.len()];
            last = ItemId { device: DEVICE, seq };
            Change::ItemCaptured {
                item: last,
                kind,
                session: 0,
                offset_ms: seq * 700,
                fields: Fields {
                    text: format!("{} ({item})", TEXTS[item as usize % TEXTS.len()]),
                    by: Some(if item % 2 == 0 {
                        Raiser::Participant("Ingrid Solberg".into())
                    } else {
                        Raiser::Group("residents".into())
                    }),
                    themes: vec![
                        ["health", "traffic", "jobs", "environment"][item as usize % 4].into(),
                    ],
                    owner: (kind == ItemKind::Action).then(|| Raiser::Group("industry".into())),
                    due: None,
                    internal: false,
                },
            }
        };
        out.push(Entry { device: DEVICE, seq, clock: Hlc::of(at), at, change });
    }
    out
}
