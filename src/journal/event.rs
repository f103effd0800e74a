//! What the journal records: one [`Entry`] per line, each a change to the live event.

use chrono::{DateTime, FixedOffset};
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
    SessionStarted { session: usize, elapsed_ms: u64 },
    /// A session's timer paused.
    SessionPaused { session: usize, elapsed_ms: u64 },
    /// A session's timebox changed.
    SessionExtended { session: usize, timebox_s: u64 },
    /// A session ended (held) with its actual running time.
    SessionEnded { session: usize, elapsed_ms: u64 },
    /// The facilitator moved to another session.
    SessionSelected { session: usize },
    /// The whole event ended.
    EventEnded,
}
