//! The event vocabulary: what the journal records, the live state folds, the minutes tell
//! and the screen shows. One [`Entry`] per journal line, each a [`Change`] to the live event;
//! captured items are of an [`ItemKind`], made of [`Fields`], raised by a [`Raiser`].
//!
//! This module uses nothing else of the crate: every other module may use it
//! (tests/module_graph.rs checks both).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::{Deserialize, Serialize};

/// One recorded change, with its place in the journal and the wall-clock time it happened.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    /// Position in the journal, from 1, without gaps.
    pub seq: u64,
    /// Local wall-clock time with its UTC offset.
    pub at: DateTime<FixedOffset>,
    #[serde(flatten)]
    pub change: Change,
}

/// The changes an event goes through. Elapsed times are measured on a monotonic clock when
/// they happen and recorded here, so a later change of the wall clock does not move them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "snake_case")]
pub enum Change {
    /// A session's timer started or resumed, with the time it had already run.
    SessionStarted {
        session: usize,
        elapsed_ms: u64,
    },
    /// A session's timer paused.
    SessionPaused {
        session: usize,
        elapsed_ms: u64,
    },
    /// A session's timebox changed.
    SessionExtended {
        session: usize,
        timebox_s: u64,
    },
    /// A session ended (held) with its actual running time.
    SessionEnded {
        session: usize,
        elapsed_ms: u64,
    },
    /// The facilitator moved to another session.
    SessionSelected {
        session: usize,
    },
    /// The whole event ended.
    EventEnded,
    /// An item was captured in a session, `offset_ms` into it.
    ItemCaptured {
        item: u64,
        kind: ItemKind,
        session: usize,
        offset_ms: u64,
        #[serde(flatten)]
        fields: Fields,
    },
    /// An item's kind or fields were changed.
    ItemEdited {
        item: u64,
        kind: ItemKind,
        #[serde(flatten)]
        fields: Fields,
    },
    /// A question got its answer (an empty answer marks it open again).
    ItemAnswered {
        item: u64,
        answer: String,
    },
    /// An item moved to another session.
    ItemMoved {
        item: u64,
        session: usize,
    },
    ItemDeleted {
        item: u64,
    },
    /// A deleted item came back (undo).
    ItemRestored {
        item: u64,
    },
    /// The event continues with an edited agenda (its text is the record's `agenda.toml`;
    /// the earlier text is kept beside it as `agenda.N.toml`). `sessions[i]` is the new
    /// number of the old session `i`, or None when it left the agenda untouched; entries
    /// after this one use the new numbering.
    AgendaChanged {
        agenda_sha256: String,
        sessions: Vec<Option<usize>>,
    },
}

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
