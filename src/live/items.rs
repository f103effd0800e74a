//! Captured items: questions, concerns, ideas, actions, decisions and notes.

use chrono::{DateTime, FixedOffset};

pub use crate::event::{DeviceId, Fields, ItemId, ItemKind, Raiser};

/// One captured item, as it stands after every change to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    /// The device and sequence number of its capture.
    pub id: ItemId,
    /// Its number for people ("question 30"): captures counted in fold order, from 1.
    pub number: u64,
    pub kind: ItemKind,
    pub fields: Fields,
    pub session: usize,
    /// The session it was captured in; differs from `session` once it was moved.
    pub captured_in: usize,
    /// Wall-clock time of capture.
    pub at: DateTime<FixedOffset>,
    /// How far into its session it was captured.
    pub offset_ms: u64,
    /// Every device's answer, in clock order (each device's latest); empty while open.
    pub answers: Vec<(DeviceId, String)>,
    /// When it was last answered after being open (None while open): a device rewording
    /// its answer later does not move it.
    pub answered_at: Option<DateTime<FixedOffset>>,
    /// It was answered after the event had ended, in corrections (`convene run --resume`
    /// reopens an ended event): answered in writing, not live.
    pub answered_after_end: bool,
    pub deleted: bool,
    /// How many times it was edited after capture.
    pub edits: u32,
}

impl Item {
    /// Kept out of the public minutes: a note, or an item marked internal.
    pub fn is_internal(&self) -> bool {
        self.kind == ItemKind::Note || self.fields.internal
    }

    /// The answer, while the question is answered: the last one written.
    pub fn answer(&self) -> Option<&str> {
        self.answers.last().map(|(_, answer)| answer.as_str())
    }
}
