//! Items carried from earlier records ("you said, we did"): each keeps its first record's
//! identity and wording; this record adds what happened to it.

use chrono::{DateTime, FixedOffset};

use crate::event::{Fields, ItemId, ItemKind, Origin, RaisedAs, Status, Step};

/// The longest note a carried item's status takes.
pub const MAX_NOTE_CHARS: usize = 2000;

/// One carried item, as it stands after every status given to it here.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CarriedItem {
    /// Its id in the record it was first raised in (see `carry::identity`).
    pub id: ItemId,
    /// Its number there ("Q3").
    pub number: u64,
    pub kind: ItemKind,
    pub fields: Fields,
    pub from: Origin,
    pub raised: RaisedAs,
    /// Its status at the end of each record it was carried into before this one.
    pub history: Vec<Step>,
    /// When it was carried into this record.
    pub at: DateTime<FixedOffset>,
    /// Its status here, with the note and when it was given; None: no update yet.
    pub status: Option<(Status, String, DateTime<FixedOffset>)>,
}

impl CarriedItem {
    /// Kept out of the public minutes: a note, or an item marked internal where it was raised.
    pub fn is_internal(&self) -> bool {
        self.kind == ItemKind::Note || self.fields.internal
    }

    /// Still open at the end of this record: no status yet, or in progress.
    pub fn is_open(&self) -> bool {
        self.status.as_ref().is_none_or(|(status, _, _)| status.is_open())
    }

    /// "2025 Q3": the year it was raised and its kind and number there.
    pub fn tag(&self) -> String {
        format!("{} {}{}", self.from.date.format("%Y"), self.kind.letter(), self.number)
    }
}

/// Every item carried into this record, in the order carried.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Carried {
    items: Vec<CarriedItem>,
}

impl Carried {
    pub fn add(&mut self, item: CarriedItem) {
        if !self.knows(item.id) {
            self.items.push(item);
        }
    }

    pub fn knows(&self, id: ItemId) -> bool {
        self.items.iter().any(|i| i.id == id)
    }

    pub fn get(&self, id: ItemId) -> Option<&CarriedItem> {
        self.items.iter().find(|i| i.id == id)
    }

    /// The last status by clock stands (the fold applies them in clock order).
    pub fn set_status(
        &mut self,
        id: ItemId,
        status: Status,
        note: &str,
        at: DateTime<FixedOffset>,
    ) {
        if let Some(item) = self.items.iter_mut().find(|i| i.id == id) {
            item.status = Some((status, note.to_string(), at));
        }
    }

    pub fn list(&self) -> &[CarriedItem] {
        &self.items
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// Why a status cannot be given: a note missing where one is needed, or too long.
pub fn check_note(status: Status, note: &str) -> Result<(), String> {
    if status.needs_note() && note.trim().is_empty() {
        return Err(format!(
            "a carried item marked {} needs a note: {}",
            status.label(),
            if status == Status::Dropped { "why it was dropped" } else { "what is under way" }
        ));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(format!("its note is over {MAX_NOTE_CHARS} characters; shorten it"));
    }
    Ok(())
}
