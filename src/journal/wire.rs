//! Reading journal lines fast: one flat struct instead of serde's flatten and internally
//! tagged enums, which buffer every line twice. It accepts exactly what [`super::encode`]
//! writes (and ignores fields it does not know, for forward compatibility).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;

use super::event::{Change, Entry};
use crate::live::{Fields, ItemKind, Raiser};

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Name {
    SessionStarted,
    SessionPaused,
    SessionExtended,
    SessionEnded,
    SessionSelected,
    EventEnded,
    ItemCaptured,
    ItemEdited,
    ItemAnswered,
    ItemMoved,
    ItemDeleted,
    ItemRestored,
}

#[derive(Deserialize)]
pub(super) struct Wire {
    pub v: u32,
    seq: u64,
    at: DateTime<FixedOffset>,
    event: Name,
    session: Option<usize>,
    elapsed_ms: Option<u64>,
    timebox_s: Option<u64>,
    item: Option<u64>,
    kind: Option<ItemKind>,
    offset_ms: Option<u64>,
    text: Option<String>,
    by: Option<Raiser>,
    #[serde(default)]
    themes: Vec<String>,
    owner: Option<Raiser>,
    due: Option<NaiveDate>,
    answer: Option<String>,
}

impl Wire {
    /// The entry this line records; None when a field its event needs is missing.
    pub fn entry(self) -> Option<Entry> {
        let change = match self.event {
            Name::SessionStarted => {
                Change::SessionStarted { session: self.session?, elapsed_ms: self.elapsed_ms? }
            }
            Name::SessionPaused => {
                Change::SessionPaused { session: self.session?, elapsed_ms: self.elapsed_ms? }
            }
            Name::SessionExtended => {
                Change::SessionExtended { session: self.session?, timebox_s: self.timebox_s? }
            }
            Name::SessionEnded => {
                Change::SessionEnded { session: self.session?, elapsed_ms: self.elapsed_ms? }
            }
            Name::SessionSelected => Change::SessionSelected { session: self.session? },
            Name::EventEnded => Change::EventEnded,
            Name::ItemCaptured => Change::ItemCaptured {
                item: self.item?,
                kind: self.kind?,
                session: self.session?,
                offset_ms: self.offset_ms?,
                fields: Fields {
                    text: self.text?,
                    by: self.by,
                    themes: self.themes,
                    owner: self.owner,
                    due: self.due,
                },
            },
            Name::ItemEdited => Change::ItemEdited {
                item: self.item?,
                kind: self.kind?,
                fields: Fields {
                    text: self.text?,
                    by: self.by,
                    themes: self.themes,
                    owner: self.owner,
                    due: self.due,
                },
            },
            Name::ItemAnswered => Change::ItemAnswered { item: self.item?, answer: self.answer? },
            Name::ItemMoved => Change::ItemMoved { item: self.item?, session: self.session? },
            Name::ItemDeleted => Change::ItemDeleted { item: self.item? },
            Name::ItemRestored => Change::ItemRestored { item: self.item? },
        };
        Some(Entry { seq: self.seq, at: self.at, change })
    }
}
