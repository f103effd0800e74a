//! Stamping a change into a journal entry on this device: its device id, its next sequence
//! number and its hybrid logical clock time (the `uhlc` crate), and, for a capture, the
//! item id those give. Every entry this convene writes is made here.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use chrono::{DateTime, FixedOffset};

use crate::event::{Change, DeviceId, Entry, Hlc, ItemId};

/// A peer's clock more than this ahead of ours does not drag ours along (its lines are
/// still accepted: they are its record).
const MAX_PEER_LEAD: Duration = Duration::from_secs(60);

/// The physical clock the hybrid clock reads: the system time, never a panic (a clock set
/// before 1970 reads as 1970).
fn physical() -> uhlc::NTP64 {
    let since = SystemTime::now().duration_since(UNIX_EPOCH).unwrap_or_default();
    uhlc::NTP64::from(since.min(Duration::from_secs(u64::from(u32::MAX))))
}

/// Gives this device's changes their place: one per installation, continuing its journal.
pub struct Stamp {
    device: DeviceId,
    /// The sequence number of this device's last line.
    last: u64,
    hlc: uhlc::HLC,
    /// The clock never goes below this: past this device's own lines and the format-1 lines
    /// it continues, whatever the wall clock did since.
    floor: Hlc,
    /// The item this device captured last: a capture parked at once (`!park`) is parked by
    /// a change made before its id was known, naming [`ItemId::default()`].
    captured: Option<ItemId>,
}

impl Stamp {
    /// Continues `device`'s journal after its line `last`, having seen `entries` (the whole
    /// record): its clock starts past every line of its own and of format 1, and past
    /// every other device's line that is not too far ahead.
    pub fn new(device: DeviceId, last: u64, entries: &[Entry]) -> Stamp {
        let mut builder =
            uhlc::HLCBuilder::new().with_clock(physical).with_max_delta(MAX_PEER_LEAD);
        if let Ok(id) = uhlc::ID::try_from(device.number()) {
            builder = builder.with_id(id);
        }
        let mut stamp =
            Stamp { device, last, hlc: builder.build(), floor: Hlc::default(), captured: None };
        for entry in entries {
            stamp.observe(entry);
        }
        stamp
    }

    pub fn device(&self) -> DeviceId {
        self.device
    }

    /// Takes in a line written elsewhere (or earlier), so that later lines sort after it.
    pub fn observe(&mut self, entry: &Entry) {
        if entry.device == self.device || entry.device == DeviceId::FORMAT_1 {
            self.floor = self.floor.max(entry.clock);
            return;
        }
        let id = uhlc::ID::try_from(entry.device.number()).unwrap_or_else(|_| *self.hlc.get_id());
        // Too far ahead: kept in the record, but not followed (see MAX_PEER_LEAD).
        let _ =
            self.hlc.update_with_timestamp(&uhlc::Timestamp::new(uhlc::NTP64(entry.clock.0), id));
    }

    /// The next clock time: the hybrid clock's, kept above the floor.
    fn tick(&mut self) -> Hlc {
        let time = Hlc(self.hlc.new_timestamp().get_time().as_u64());
        let time = if time > self.floor { time } else { Hlc(self.floor.0.saturating_add(1)) };
        self.floor = time;
        time
    }

    /// The entry for `change`, made now; a capture gets its item id here, a park of
    /// [`ItemId::default()`] parks the item captured just before, and a new tally (one whose
    /// id is still [`ItemId::default`]) gets its id (a correction keeps its tally's id), and
    /// so does a speaker added to a queue.
    pub fn entry(&mut self, mut change: Change, at: DateTime<FixedOffset>) -> Entry {
        self.last += 1;
        let seq = self.last;
        match &mut change {
            Change::ItemCaptured { item, .. } => {
                *item = ItemId { device: self.device, seq };
                self.captured = Some(*item);
            }
            Change::ItemParked { item, .. } if *item == ItemId::default() => {
                // Never the default id itself: an item by that id was never captured.
                if let Some(captured) = self.captured {
                    *item = captured;
                }
            }
            Change::TallyRecorded { tally, .. } if *tally == ItemId::default() => {
                *tally = ItemId { device: self.device, seq };
            }
            Change::SpeakerAdded { speaker, .. } => *speaker = ItemId { device: self.device, seq },
            _ => {}
        }
        Entry { device: self.device, seq, clock: self.tick(), at, change }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").unwrap()
    }

    #[test]
    fn a_device_continues_its_numbers_and_stays_past_its_own_clock() {
        let me = DeviceId::new(7);
        // An earlier line of this device, written when the clock was a year ahead.
        let ahead = Hlc(physical().as_u64() + ((365 * 86_400u64) << 32));
        let earlier =
            Entry { device: me, seq: 4, clock: ahead, at: at(), change: Change::EventEnded };
        let mut stamp = Stamp::new(me, 4, &[earlier]);
        let next = stamp.entry(Change::SessionSelected { session: 1 }, at());
        assert_eq!((next.device, next.seq), (me, 5));
        assert!(next.clock > ahead);
        let capture = stamp.entry(
            Change::ItemCaptured {
                item: ItemId::default(),
                kind: crate::event::ItemKind::Question,
                session: 0,
                offset_ms: 0,
                fields: Default::default(),
            },
            at(),
        );
        assert!(capture.clock > next.clock);
        assert!(
            matches!(capture.change, Change::ItemCaptured { item, .. } if item == ItemId { device: me, seq: 6 })
        );
    }

    #[test]
    fn a_capture_parked_at_once_parks_the_item_its_line_captured() {
        let me = DeviceId::new(7);
        let mut stamp = Stamp::new(me, 11, &[]);
        // Before any capture, the default id stays what it is: the fold refuses it.
        let park = || Change::ItemParked { item: ItemId::default(), owner: None };
        let early = stamp.entry(park(), at());
        assert!(
            matches!(early.change, Change::ItemParked { item, .. } if item == ItemId::default())
        );
        let capture = Change::ItemCaptured {
            item: ItemId::default(),
            kind: crate::event::ItemKind::Question,
            session: 0,
            offset_ms: 0,
            fields: Default::default(),
        };
        stamp.entry(capture, at());
        let parked = stamp.entry(park(), at());
        let captured = ItemId { device: me, seq: 13 };
        assert!(matches!(parked.change, Change::ItemParked { item, .. } if item == captured));
        // Any other item is parked as named.
        let other = ItemId { device: DeviceId::new(9), seq: 2 };
        let named = stamp.entry(Change::ItemParked { item: other, owner: None }, at());
        assert!(matches!(named.change, Change::ItemParked { item, .. } if item == other));
    }

    #[test]
    fn a_peer_far_ahead_does_not_drag_the_clock() {
        let me = DeviceId::new(7);
        let ahead = Hlc(physical().as_u64() + (3600u64 << 32));
        let peer = Entry {
            device: DeviceId::new(9),
            seq: 1,
            clock: ahead,
            at: at(),
            change: Change::EventEnded,
        };
        let near = Hlc(physical().as_u64() + (1u64 << 32));
        let close = Entry {
            device: DeviceId::new(8),
            seq: 1,
            clock: near,
            at: at(),
            change: Change::EventEnded,
        };
        let mut stamp = Stamp::new(me, 0, &[peer, close]);
        let next = stamp.entry(Change::EventEnded, at());
        assert!(next.clock < ahead, "an hour ahead is not followed");
        assert!(next.clock > near, "a second ahead is");
    }

    #[test]
    fn a_new_tally_gets_its_lines_id_and_a_correction_keeps_its_own() {
        use crate::event::{Counting, OptionCount, TallyMethod, TallyRule};
        let me = DeviceId::new(7);
        let tally = |tally| Change::TallyRecorded {
            tally,
            session: 0,
            question: "Publish dust readings monthly?".into(),
            method: TallyMethod::ShowOfHands,
            rule: TallyRule::Advisory,
            counts: vec![OptionCount {
                option: "for".into(),
                count: Some(9),
                how: Counting::Counted,
            }],
            present: None,
            dots: None,
            outcome: String::new(),
        };
        let id = |entry: &Entry| match entry.change {
            Change::TallyRecorded { tally, .. } => tally,
            _ => ItemId::default(),
        };
        let mut stamp = Stamp::new(me, 2, &[]);
        let new = stamp.entry(tally(ItemId::default()), at());
        assert_eq!(id(&new), ItemId { device: me, seq: 3 });
        let other = ItemId { device: DeviceId::new(9), seq: 1 };
        let correction = stamp.entry(tally(other), at());
        assert_eq!((correction.seq, id(&correction)), (4, other));
    }
}
