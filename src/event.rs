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

/// The wire format's one definition: every change, its name on a journal line, its fields
/// and their types. It hands the list to the macro it is given: [`Change`] is made from it
/// here, and the journal's fast reader (`journal/wire.rs`) from the same list, so a new
/// change is one edit here, and the compiler checks both sides. Fields after a `;` are
/// flattened into the line (an item's [`Fields`]).
macro_rules! changes {
    ($then:ident) => {
        $then! {
            /// A session's timer started or resumed, with the time it had already run.
            "session_started" => SessionStarted { session: usize, elapsed_ms: u64 },
            /// A session's timer paused.
            "session_paused" => SessionPaused { session: usize, elapsed_ms: u64 },
            /// A session's timebox changed.
            "session_extended" => SessionExtended { session: usize, timebox_s: u64 },
            /// A session ended (held) with its actual running time.
            "session_ended" => SessionEnded { session: usize, elapsed_ms: u64 },
            /// The facilitator moved to another session.
            "session_selected" => SessionSelected { session: usize },
            /// The whole event ended.
            "event_ended" => EventEnded,
            /// An item was captured in a session, `offset_ms` into it.
            "item_captured" => ItemCaptured {
                item: u64,
                kind: ItemKind,
                session: usize,
                offset_ms: u64;
                fields: Fields
            },
            /// An item's kind or fields were changed.
            "item_edited" => ItemEdited { item: u64, kind: ItemKind; fields: Fields },
            /// A question got its answer (an empty answer marks it open again).
            "item_answered" => ItemAnswered { item: u64, answer: String },
            /// An item moved to another session.
            "item_moved" => ItemMoved { item: u64, session: usize },
            "item_deleted" => ItemDeleted { item: u64 },
            /// A deleted item came back (undo).
            "item_restored" => ItemRestored { item: u64 },
            /// The event continues with an edited agenda (its text is the record's `agenda.toml`;
            /// the earlier text is kept beside it as `agenda.N.toml`). `sessions[i]` is the new
            /// number of the old session `i`, or None when it left the agenda untouched; entries
            /// after this one use the new numbering.
            "agenda_changed" => AgendaChanged {
                agenda_sha256: String,
                sessions: Vec<Option<usize>>,
            },
        }
    };
}
pub(crate) use changes;

/// Makes [`Change`] from the list in `changes!`.
macro_rules! change_enum {
    ($(
        $(#[$doc:meta])*
        $wire:literal => $name:ident $({
            $($field:ident : $ty:ty),* $(; $flat:ident : $flat_ty:ty)? $(,)?
        })?
    ),* $(,)?) => {
        /// The changes an event goes through. Elapsed times are measured on a monotonic clock
        /// when they happen and recorded here, so a later change of the wall clock does not
        /// move them. Declared in `changes!`, with the journal's reader.
        #[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
        #[serde(tag = "event")]
        pub enum Change {
            $(
                $(#[$doc])*
                #[serde(rename = $wire)]
                $name $({
                    $($field: $ty,)*
                    $(#[serde(flatten)] $flat: $flat_ty,)?
                })?,
            )*
        }
    };
}
changes!(change_enum);

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
