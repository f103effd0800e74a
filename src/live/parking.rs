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

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use chrono::{DateTime, FixedOffset};

    use super::super::{Live, Now};
    use crate::agenda::parse_agenda;
    use crate::event::{Change, DeviceId, Entry, Fields, Hlc, ItemId, ItemKind, Raiser};

    const AGENDA: &str = r#"
title = "Herøya lab"
kind = "lab"
date = 2026-05-12
start = "18:00"
[[sessions]]
title = "Questions"
duration = "30m"
"#;

    fn at(minute: u32) -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339(&format!("2026-05-12T18:{minute:02}:00+02:00")).unwrap()
    }

    /// Two laptops writing to one record: A captures, both park and edit.
    const A: DeviceId = DeviceId::new(0xA);
    const B: DeviceId = DeviceId::new(0xB);

    fn entry(device: DeviceId, seq: u64, minute: u32, change: Change) -> Entry {
        Entry { device, seq, clock: Hlc::of(at(minute)), at: at(minute), change }
    }

    fn capture(seq: u64, text: &str) -> Entry {
        let fields = Fields { text: text.into(), ..Fields::default() };
        let item = ItemId { device: A, seq };
        let change = Change::ItemCaptured {
            item,
            kind: ItemKind::Question,
            session: 0,
            offset_ms: 0,
            fields,
        };
        entry(A, seq, seq as u32, change)
    }

    fn fold(entries: &[Entry]) -> Live {
        let mut live = Live::new(parse_agenda(AGENDA).agenda.unwrap());
        let mut sorted = entries.to_vec();
        sorted.sort_by_key(Entry::order);
        let now = Now { mono: Instant::now(), wall: at(59) };
        for entry in &sorted {
            live.apply(entry, now).unwrap();
        }
        live
    }

    fn item(seq: u64) -> ItemId {
        ItemId { device: A, seq }
    }

    /// (item, owner, resolved) of the lot, in its order.
    fn lot(live: &Live) -> Vec<(u64, Option<Raiser>, bool)> {
        live.parked_items().map(|(i, p)| (i.id.seq, p.owner.clone(), p.resolved)).collect()
    }

    fn park(device: DeviceId, seq: u64, minute: u32, item: u64, owner: Option<&str>) -> Entry {
        let owner = owner.map(|o| Raiser::Group(o.into()));
        entry(
            device,
            seq,
            minute,
            Change::ItemParked { item: super::ItemId { device: A, seq: item }, owner },
        )
    }

    #[test]
    fn parking_resolving_changing_the_owner_and_unparking_fold_in_order() {
        let residents = Some(Raiser::Group("residents".into()));
        let council = Some(Raiser::Group("council".into()));
        let mut entries = vec![capture(1, "Who pays for the road?"), capture(2, "Night noise")];
        entries.push(park(A, 3, 10, 2, None));
        entries.push(park(A, 4, 11, 1, Some("residents")));
        assert_eq!(fold(&entries).parking.list().len(), 2);
        assert_eq!(lot(&fold(&entries)), [(2, None, false), (1, residents.clone(), false)]);

        entries.push(entry(A, 5, 12, Change::ParkedResolved { item: item(2), resolved: true }));
        // Parked again: the owner changes, the place and the status stay.
        entries.push(park(A, 6, 13, 2, Some("council")));
        assert_eq!(
            lot(&fold(&entries)),
            [(2, council.clone(), true), (1, residents.clone(), false)]
        );

        entries.push(entry(A, 7, 14, Change::ParkedResolved { item: item(2), resolved: false }));
        assert_eq!(lot(&fold(&entries))[0], (2, council.clone(), false));

        // Unparked, it leaves with its owner and status; parked again it is open, and last.
        entries.push(entry(A, 8, 15, Change::ParkedResolved { item: item(2), resolved: true }));
        entries.push(entry(A, 9, 16, Change::ItemUnparked { item: item(2) }));
        assert_eq!(lot(&fold(&entries)), [(1, residents.clone(), false)]);
        entries.push(park(A, 10, 17, 2, None));
        assert_eq!(lot(&fold(&entries)), [(1, residents.clone(), false), (2, None, false)]);
        assert_eq!(fold(&entries).parking.get(item(2)).map(|p| p.at), Some(at(17)));
    }

    #[test]
    fn a_deleted_item_leaves_the_lot_until_it_is_restored() {
        let mut entries = vec![capture(1, "Dust"), park(A, 2, 5, 1, Some("residents"))];
        entries.push(entry(A, 3, 6, Change::ItemDeleted { item: item(1) }));
        let live = fold(&entries);
        assert_eq!(lot(&live), []);
        assert!(live.parking.get(item(1)).is_some(), "still parked, behind the delete");
        entries.push(entry(A, 4, 7, Change::ItemRestored { item: item(1) }));
        assert_eq!(lot(&fold(&entries)), [(1, Some(Raiser::Group("residents".into())), false)]);
    }

    #[test]
    fn parking_is_apart_from_an_edit_made_at_once_on_another_laptop() {
        // A parks the item while B edits its text: both stand, whatever the clocks say.
        let edit = |minute| {
            let fields = Fields { text: "Who pays for the new road?".into(), ..Fields::default() };
            entry(
                B,
                1,
                minute,
                Change::ItemEdited { item: item(1), kind: ItemKind::Question, fields },
            )
        };
        for (park_at, edit_at) in [(5, 6), (6, 5)] {
            let live =
                fold(&[capture(1, "Who pays?"), park(A, 2, park_at, 1, None), edit(edit_at)]);
            assert_eq!(lot(&live), [(1, None, false)], "park at {park_at}, edit at {edit_at}");
            assert_eq!(live.items[0].fields.text, "Who pays for the new road?");
        }
    }

    #[test]
    fn unparking_wins_over_a_status_change_made_meanwhile() {
        // A unparks; B, not having seen it yet, marks it resolved a moment later.
        let entries = [
            capture(1, "Dust"),
            park(A, 2, 5, 1, None),
            entry(A, 3, 10, Change::ItemUnparked { item: item(1) }),
            entry(B, 1, 11, Change::ParkedResolved { item: item(1), resolved: true }),
        ];
        let live = fold(&entries);
        assert_eq!(lot(&live), []);
        assert!(live.parking.is_empty());
    }

    #[test]
    fn parking_an_item_never_captured_is_refused_and_changes_nothing() {
        let mut live = fold(&[capture(1, "Dust")]);
        let now = Now { mono: Instant::now(), wall: at(59) };
        for change in [
            Change::ItemParked { item: item(9), owner: None },
            Change::ItemUnparked { item: item(9) },
            Change::ParkedResolved { item: item(9), resolved: true },
            // The id a capture parked at once names before it is journaled.
            Change::ItemParked { item: ItemId::default(), owner: None },
        ] {
            let refused = live.apply(&entry(B, 1, 20, change.clone()), now);
            assert!(refused.is_err_and(|r| r.ends_with("was never captured")), "{change:?}");
        }
        assert!(live.parking.is_empty());
    }
}
