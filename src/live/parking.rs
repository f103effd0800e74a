//! The parking lot: items set aside to be followed up after the event, each with who follows
//! it up and whether that is done, folded from `item_parked`, `item_unparked` and
//! `parked_resolved` changes.
//!
//! Parking is kept apart from an item's fields: an edit of its text (`item_edited` carries
//! every field) and a change of its parking, made at once on two laptops, both stand. Each
//! part follows its own last change by clock: whether it is parked (`item_parked` or
//! `item_unparked`), its owner (`item_parked`) and its status (`parked_resolved`). Unparking
//! wins over a status change made meanwhile, as a delete wins over an edit: a status change
//! for an item not parked changes nothing.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use crate::event::{ItemId, Raiser};

/// One parked item.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parked {
    pub item: ItemId,
    /// Who follows it up (matched like an action's `>owner`); None: nobody yet.
    pub owner: Option<Raiser>,
    /// Followed up: no longer open.
    pub resolved: bool,
    /// When it was parked (the last time, if it was unparked in between).
    pub at: DateTime<FixedOffset>,
    /// Its place in the lot: parked items are listed in the order they were parked.
    order: u64,
}

/// Every item parked now.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ParkingLot {
    parked: HashMap<ItemId, Parked>,
    /// The place the next item parked takes.
    next: u64,
}

impl ParkingLot {
    /// Parks an item, open; an item already parked keeps its place and status and takes the
    /// new owner.
    pub(super) fn park(&mut self, item: ItemId, owner: Option<Raiser>, at: DateTime<FixedOffset>) {
        match self.parked.get_mut(&item) {
            Some(parked) => parked.owner = owner,
            None => {
                let order = self.next;
                self.next += 1;
                self.parked.insert(item, Parked { item, owner, resolved: false, at, order });
            }
        }
    }

    /// Takes an item out of the lot; parked again later, it is open and last in the lot.
    pub(super) fn unpark(&mut self, item: ItemId) {
        self.parked.remove(&item);
    }

    /// Marks a parked item resolved or open again; an item not parked stays so.
    pub(super) fn resolve(&mut self, item: ItemId, resolved: bool) {
        if let Some(parked) = self.parked.get_mut(&item) {
            parked.resolved = resolved;
        }
    }

    /// The item's parking, while it is parked.
    pub fn get(&self, item: ItemId) -> Option<&Parked> {
        self.parked.get(&item)
    }

    /// Every parked item, in the order parked (deleted items included: the caller knows
    /// which are).
    pub fn list(&self) -> Vec<&Parked> {
        let mut list: Vec<&Parked> = self.parked.values().collect();
        list.sort_by_key(|p| p.order);
        list
    }

    pub fn is_empty(&self) -> bool {
        self.parked.is_empty()
    }
}
