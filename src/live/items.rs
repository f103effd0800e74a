//! Captured items: questions, concerns, ideas, actions, decisions and notes.

use chrono::{DateTime, FixedOffset};

pub use crate::event::{Fields, ItemKind, Raiser};

/// One captured item, as it stands after every change to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Item {
    pub id: u64,
    pub kind: ItemKind,
    pub fields: Fields,
    pub session: usize,
    /// The session it was captured in; differs from `session` once it was moved.
    pub captured_in: usize,
    /// Wall-clock time of capture.
    pub at: DateTime<FixedOffset>,
    /// How far into its session it was captured.
    pub offset_ms: u64,
    pub answer: Option<String>,
    pub deleted: bool,
    /// How many times it was edited after capture.
    pub edits: u32,
}
