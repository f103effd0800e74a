//! Journal lines for tests that write records through the library.

use chrono::{DateTime, FixedOffset};
use convene::event::{Change, Fields, ItemId, ItemKind};

/// The moment every line of these tests is stamped at.
pub fn at() -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").expect("a time")
}

/// A question captured with `text` (its item's id comes from its line).
pub fn capture(text: &str) -> Change {
    let fields = Fields { text: text.into(), ..Fields::default() };
    Change::ItemCaptured {
        item: ItemId::default(),
        kind: ItemKind::Question,
        session: 0,
        offset_ms: 0,
        fields,
    }
}
