//! What the journal records: one [`Entry`] per line, each a change to the live event.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use crate::live::{Fields, ItemKind};

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
