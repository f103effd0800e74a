//! The entries folded so far, in fold order. With several devices a line can arrive after
//! lines that sort after it (it was written offline, or at the same moment elsewhere): the
//! live state is then folded again from every line held, so it is always the fold of the
//! sorted union, whatever the order the lines arrived in (ROOM.md: "The fold is pure").
//!
//! Memory: most lines of an evening are captures, and a capture's item holds everything of
//! its line but its place in the order (until the item is first edited). So a capture is
//! held as that place alone (64 bytes, its text only in its item), and any other line as it
//! came, boxed.

use std::collections::BTreeMap;
use std::mem;

use super::{DeviceId, Live, Now, refusal};
use crate::event::{Change, Entry, Fields, Hlc, ItemId};

/// Every entry of the live state, in fold order (`Entry::order`: clock, device, seq), and
/// the way to fold them again.
#[derive(Debug, Default)]
pub struct Fold {
    /// The entries held, refused ones too: a line refused now (an edit of an item whose
    /// capture has not arrived yet) may count once a line that sorts before it arrives.
    held: Vec<Held>,
    /// Per device, the highest sequence number held.
    heads: BTreeMap<DeviceId, u64>,
    /// `live.applied` after the fold last changed the live state. Another value means the
    /// state was changed without the fold (a test, or a caller that kept no entries).
    version: u64,
    /// The state was changed without the fold: the fold does not hold every line of it, so
    /// it can never fold it again, and a late line is applied after the others as before.
    detached: bool,
    /// How many times everything was folded again.
    refolds: u64,
}

/// One entry held.
#[derive(Debug)]
enum Held {
    /// A line as it came.
    Line(Box<Entry>),
    /// A capture the fold applied, whose item is as it made it but for the session it was
    /// moved to (`captured_in` keeps its own) and its answers: the line is its item's kind,
    /// fields, time and offset, with this place in the order.
    Captured { clock: Hlc, device: DeviceId, seq: u64, item: ItemId },
}

impl Held {
    fn order(&self) -> (Hlc, DeviceId, u64) {
        match self {
            Held::Line(entry) => entry.order(),
            Held::Captured { clock, device, seq, .. } => (*clock, *device, *seq),
        }
    }

    fn clock(&self) -> Hlc {
        self.order().0
    }

    fn place(&self) -> (DeviceId, u64) {
        let (_, device, seq) = self.order();
        (device, seq)
    }
}

/// What adding an entry did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Folded {
    /// It sorts after every entry held: applied as it came.
    Applied,
    /// It sorts before entries already folded: every entry was folded again.
    Refolded,
    /// A line already held (the same device and sequence number): nothing changed.
    Duplicate,
}

impl Fold {
    /// How many entries are held.
    pub fn len(&self) -> usize {
        self.held.len()
    }

    pub fn is_empty(&self) -> bool {
        self.held.is_empty()
    }

    /// How many times everything was folded again (a late line, or a burst of them).
    pub fn refolds(&self) -> u64 {
        self.refolds
    }

    /// The clock of the last entry held: a line stamped on this device sorts after it.
    pub fn last_clock(&self) -> Option<Hlc> {
        self.held.last().map(Held::clock)
    }

    /// Replays a journal read back into `live` (a new [`Live`]) and keeps its entries (a
    /// record's, in fold order, each applied as it is taken from `entries`: its text moves
    /// into its item). Like [`Live::replay`], returns what was refused, one line each, naming
    /// the journal line from `lines` (given in the order of `entries`).
    pub fn replay(
        &mut self,
        live: &mut Live,
        mut entries: Vec<Entry>,
        lines: &[usize],
        now: Now,
    ) -> Vec<String> {
        let mut refused = Vec::new();
        if !self.held.is_empty() || self.version != live.applied {
            // Lines for a fold in use: each in its place.
            for (i, entry) in entries.into_iter().enumerate() {
                let place = (entry.device, entry.seq);
                if let Err(reason) = self.add(live, entry, now) {
                    refused.push(refusal(lines.get(i).copied(), place, &reason));
                }
            }
            return refused;
        }
        // The journal line of each entry, when sorting moved them.
        let mut places: Option<Vec<Option<usize>>> = None;
        if !in_order(&entries) {
            // Never a record's (it reads its journals in fold order, each line once): sorted
            // here, and a line held twice (the same device and number) kept once.
            let mut order: Vec<usize> = (0..entries.len()).collect();
            order.sort_by_key(|&i| entries[i].order());
            let mut taken: Vec<Option<Entry>> = entries.into_iter().map(Some).collect();
            let mut seen = std::collections::HashSet::new();
            let (mut sorted, mut sorted_places) = (Vec::new(), Vec::new());
            for i in order {
                let Some(entry) = taken[i].take() else { continue };
                if seen.insert((entry.device, entry.seq)) {
                    sorted.push(entry);
                    sorted_places.push(lines.get(i).copied());
                } else {
                    let reason = "the same line was read before";
                    refused.push(refusal(lines.get(i).copied(), (entry.device, entry.seq), reason));
                }
            }
            (entries, places) = (sorted, Some(sorted_places));
        }
        live.items.reserve(entries.len());
        live.index.reserve(entries.len());
        self.held.reserve_exact(entries.len());
        for (i, entry) in entries.into_iter().enumerate() {
            let head = self.heads.entry(entry.device).or_insert(0);
            *head = entry.seq.max(*head);
            let place = (entry.device, entry.seq);
            let (held, applied) = self.take(entry, live, now);
            self.held.push(held);
            if let Err(reason) = applied {
                let line = places.as_ref().map_or(lines.get(i).copied(), |p| p[i]);
                refused.push(refusal(line, place, &reason));
            }
        }
        self.version = live.applied;
        refused
    }

    /// Adds one entry: a duplicate is ignored; one that sorts after every entry held is
    /// applied; one that sorts before some is put in its place and everything is folded
    /// again at `now` (a running timer runs on as it did). Err says why the fold refused
    /// the entry itself; it is held all the same: a line that sorts before it may make it
    /// count when it arrives.
    pub fn add(&mut self, live: &mut Live, entry: Entry, now: Now) -> Result<Folded, String> {
        let mut folded = self.add_all(live, vec![entry], now);
        folded.pop().unwrap_or(Ok(Folded::Duplicate))
    }

    /// Adds entries that arrived together (a note-taker's catch-up after an outage, a
    /// replica's first pull): as [`Fold::add`] each, but everything is folded again at most
    /// once, however many of them sort before entries held. One result per entry, in order.
    pub fn add_all(
        &mut self,
        live: &mut Live,
        entries: Vec<Entry>,
        now: Now,
    ) -> Vec<Result<Folded, String>> {
        let mut results = Vec::with_capacity(entries.len());
        // The entries put in their place without being applied, by their place in the
        // order, with their index in `results`: folded again once, at the end.
        let mut waiting: BTreeMap<(Hlc, DeviceId, u64), usize> = BTreeMap::new();
        for entry in entries {
            let Some(at) = self.position(&entry) else {
                results.push(Ok(Folded::Duplicate));
                continue;
            };
            if entry.seq > self.heads.get(&entry.device).copied().unwrap_or(0) {
                self.heads.insert(entry.device, entry.seq);
            }
            self.detached |= self.version != live.applied;
            if waiting.is_empty() && (at == self.held.len() || self.detached) {
                let (held, applied) = self.take(entry, live, now);
                self.held.insert(at, held);
                results.push(applied.map(|()| Folded::Applied));
                self.version = live.applied;
            } else {
                // Once one waits, every later one waits too: applied now, it would be applied
                // to a state that lacks a line before it.
                waiting.insert(entry.order(), results.len());
                results.push(Ok(Folded::Refolded));
                self.held.insert(at, Held::Line(Box::new(entry)));
            }
        }
        if !waiting.is_empty() {
            for (index, refused) in self.refold(live, now, &waiting) {
                results[index] = Err(refused);
            }
            self.version = live.applied;
        }
        results
    }

    /// Where `entry` goes among the entries held; None when it is held already (the same
    /// device and sequence number).
    fn position(&self, entry: &Entry) -> Option<usize> {
        let key = entry.order();
        let head = self.heads.get(&entry.device).copied().unwrap_or(0);
        let at = match self.held.last() {
            Some(last) if last.order() >= key => self.held.partition_point(|h| h.order() < key),
            _ => self.held.len(),
        };
        let known = self.held.get(at).is_some_and(|h| h.order() == key)
            // The same line with another clock (forged, or a device that forked): the
            // first one held stays.
            || (entry.seq <= head
                && self.held.iter().any(|h| h.place() == (entry.device, entry.seq)));
        (!known).then_some(at)
    }

    /// Folds every entry held again into a new [`Live`], at `now`; says which of the entries
    /// `new` (by their place in the order, with the caller's index of each) were refused.
    /// What the screen holds that is not a line stays.
    fn refold(
        &mut self,
        live: &mut Live,
        now: Now,
        new: &BTreeMap<(Hlc, DeviceId, u64), usize>,
    ) -> Vec<(usize, String)> {
        // The agenda as the fold left it differs only by consent, which the fold sets again
        // from the same lines: starting from it ends where the agenda as run would.
        let fresh = Live::new(live.agenda.clone());
        let mut old = mem::replace(live, fresh);
        live.items.reserve(old.items.len());
        live.index.reserve(old.items.len());
        self.refolds += 1;
        let mut refused = Vec::new();
        let held = mem::take(&mut self.held);
        self.held.reserve_exact(held.len());
        for held in held {
            let index = new.get(&held.order()).copied();
            // A capture is made a line again from its item, which gives it its fields back.
            let entry = match held {
                Held::Line(entry) => *entry,
                Held::Captured { clock, device, seq, item } => {
                    capture_line(&mut old, clock, device, seq, item, true)
                }
            };
            let (held, applied) = self.take(entry, live, now);
            self.held.push(held);
            if let (Some(index), Err(reason)) = (index, applied) {
                refused.push((index, reason));
            }
        }
        // `applied` tells a frame that the state changed: it never goes back.
        live.applied = live.applied.max(old.applied + 1);
        refused
    }

    /// Applies `entry`, after every entry held before it; returns how it is to be held. A
    /// capture's fields move into its item, and it is held by its place alone; an edit that
    /// is an item's first gives its capture its fields back first.
    fn take(&mut self, entry: Entry, live: &mut Live, now: Now) -> (Held, Result<(), String>) {
        match entry.change {
            Change::ItemCaptured { item, kind, session, offset_ms, fields } => {
                let line = Entry {
                    change: Change::ItemCaptured { item, kind, session, offset_ms, fields },
                    ..entry
                };
                if let Err(reason) = live.check(&line) {
                    return (Held::Line(Box::new(line)), Err(reason));
                }
                let Entry { device, seq, clock, at, change } = line;
                if let Change::ItemCaptured { fields, .. } = change {
                    live.applied += 1;
                    live.push_item(item, kind, fields, session, at, offset_ms);
                }
                (Held::Captured { clock, device, seq, item }, Ok(()))
            }
            Change::ItemEdited { item, .. } => {
                let first = live.item(item).is_some_and(|found| found.edits == 0);
                if first && live.check(&entry).is_ok() {
                    self.give_back(item, live);
                }
                let applied = live.apply(&entry, now);
                (Held::Line(Box::new(entry)), applied)
            }
            _ => {
                let applied = live.apply(&entry, now);
                (Held::Line(Box::new(entry)), applied)
            }
        }
    }

    /// The item is about to be edited for the first time: its capture, held by its place,
    /// becomes its line again, with a copy of the fields the edit replaces.
    fn give_back(&mut self, item: ItemId, live: &mut Live) {
        let found = self
            .held
            .iter()
            .rposition(|h| matches!(h, Held::Captured { item: captured, .. } if *captured == item));
        if let Some(i) = found
            && let Held::Captured { clock, device, seq, item } = self.held[i]
        {
            let line = capture_line(live, clock, device, seq, item, false);
            self.held[i] = Held::Line(Box::new(line));
        }
    }
}

/// The line of a capture held by its place, made again from its item: its fields taken
/// (`take`, the item is being folded again) or copied.
fn capture_line(
    live: &mut Live,
    clock: Hlc,
    device: DeviceId,
    seq: u64,
    item: ItemId,
    take: bool,
) -> Entry {
    // The item of a capture held by its place is always there; were it not, the line would
    // come back without its text rather than stop the screen.
    let (kind, session, at, offset_ms, fields) = match live.item_mut(item) {
        Some(found) => {
            let fields = if take { mem::take(&mut found.fields) } else { found.fields.clone() };
            (found.kind, found.captured_in, found.at, found.offset_ms, fields)
        }
        None => {
            (crate::event::ItemKind::Note, 0, chrono::DateTime::default(), 0, Fields::default())
        }
    };
    Entry {
        device,
        seq,
        clock,
        at,
        change: Change::ItemCaptured { item, kind, session, offset_ms, fields },
    }
}

/// Entries strictly in fold order, each device's numbers rising: a record's, as read.
fn in_order(entries: &[Entry]) -> bool {
    let mut heads: BTreeMap<DeviceId, u64> = BTreeMap::new();
    entries.windows(2).all(|pair| pair[0].order() < pair[1].order())
        && entries.iter().all(|e| heads.insert(e.device, e.seq).is_none_or(|before| before < e.seq))
}

#[cfg(test)]
mod tests;
