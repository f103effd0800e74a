//! Captured items: questions, concerns, ideas, actions, decisions and notes.

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// What kind of thing was said.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemKind {
    Question,
    Concern,
    Idea,
    Action,
    Decision,
    /// Internal: never in public minutes.
    Note,
}

impl ItemKind {
    /// The order Tab cycles through in the capture line.
    pub const ALL: [ItemKind; 6] = [
        ItemKind::Question,
        ItemKind::Concern,
        ItemKind::Action,
        ItemKind::Decision,
        ItemKind::Idea,
        ItemKind::Note,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Question => "question",
            ItemKind::Concern => "concern",
            ItemKind::Idea => "idea",
            ItemKind::Action => "action",
            ItemKind::Decision => "decision",
            ItemKind::Note => "note",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            ItemKind::Question => "questions",
            ItemKind::Concern => "concerns",
            ItemKind::Idea => "ideas",
            ItemKind::Action => "actions",
            ItemKind::Decision => "decisions",
            ItemKind::Note => "notes",
        }
    }

    /// One letter for narrow lists.
    pub fn letter(self) -> char {
        match self {
            ItemKind::Question => 'Q',
            ItemKind::Concern => 'C',
            ItemKind::Idea => 'I',
            ItemKind::Action => 'A',
            ItemKind::Decision => 'D',
            ItemKind::Note => 'N',
        }
    }

    pub fn next(self) -> ItemKind {
        let i = ItemKind::ALL.iter().position(|&k| k == self).unwrap_or(0);
        ItemKind::ALL[(i + 1) % ItemKind::ALL.len()]
    }
}

/// Who raised an item.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Raiser {
    /// A participant of the agenda, by name.
    Participant(String),
    /// A stakeholder group of the agenda, by id.
    Group(String),
    /// A name that matched nobody in the agenda, kept as typed.
    Unknown(String),
}

/// What a capture line says, parsed: the fields an item is made of.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fields {
    pub text: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<Raiser>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub themes: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Raiser>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
}

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
