//! The event vocabulary: what the journal records, the live state folds, the minutes tell
//! and the screen shows. One [`Entry`] per journal line, each a [`Change`] to the live event;
//! captured items are of an [`ItemKind`], made of [`Fields`], raised by a [`Raiser`].
//!
//! This module uses nothing else of the crate: every other module may use it
//! (tests/module_graph.rs checks both).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One recorded change: which device wrote it, its place in that device's journal, when it
/// happened on the event's shared clock and on the wall clock, and the change itself.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Entry {
    /// The device whose journal holds the line ([`DeviceId::FORMAT_1`] for a format-1 journal).
    pub device: DeviceId,
    /// Position in the device's journal, from 1, without gaps.
    pub seq: u64,
    /// Hybrid logical clock time: the fold sorts every device's lines by (clock, device, seq).
    pub clock: Hlc,
    /// Local wall-clock time with its UTC offset.
    pub at: DateTime<FixedOffset>,
    #[serde(flatten)]
    pub change: Change,
}

/// [`Entry`] as it is written: its items of its own device by their number alone.
#[derive(Serialize)]
struct EntryLine<'a> {
    device: DeviceId,
    seq: u64,
    clock: Hlc,
    at: DateTime<FixedOffset>,
    #[serde(flatten)]
    change: &'a Change,
}

impl Serialize for Entry {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let line = EntryLine {
            device: self.device,
            seq: self.seq,
            clock: self.clock,
            at: self.at,
            change: &self.change,
        };
        in_line_of(Some(self.device), || line.serialize(s))
    }
}

thread_local! {
    /// The device of the journal line being written or read, while it is: an item of that
    /// device is written as its number alone (see [`ItemId`]).
    static LINE_DEVICE: std::cell::Cell<Option<DeviceId>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` while the line being written or read is `device`'s (None: a format-1 line).
pub fn in_line_of<R>(device: Option<DeviceId>, f: impl FnOnce() -> R) -> R {
    let before = LINE_DEVICE.replace(device);
    let result = f();
    LINE_DEVICE.set(before);
    result
}

/// Says which device's line is being read from now on (the journal reader, line by line).
pub fn reading_line_of(device: Option<DeviceId>) {
    LINE_DEVICE.set(device);
}

impl Change {
    /// True for the changes that run the sessions (their timers, which session is on, the
    /// end of the event, the agenda): only the facilitator's device makes them count.
    pub fn runs_sessions(&self) -> bool {
        matches!(
            self,
            Change::SessionStarted { .. }
                | Change::SessionPaused { .. }
                | Change::SessionExtended { .. }
                | Change::SessionEnded { .. }
                | Change::SessionSelected { .. }
                | Change::EventEnded
                | Change::EventReopened
                | Change::AgendaChanged { .. }
                | Change::CatchUpAccepted { .. }
                // The speaking queue drives the room's clock: the speakers' countdowns.
                | Change::SpeakerAdded { .. }
                | Change::SpeakerRemoved { .. }
                | Change::SpeakerMoved { .. }
                | Change::SpeakerStarted { .. }
                | Change::SpeakerEnded { .. }
                | Change::QueueClosed { .. }
                | Change::QueueReopened { .. }
                | Change::FirstTimeFirst { .. }
                | Change::SpeakerTime { .. }
        )
    }
}

/// Whether the event of these entries (in fold order) has ended: an `event_ended` that no
/// later `event_reopened` undid. A record reopened for corrections and left so (a crash)
/// has not ended: it resumes reopened.
pub fn has_ended(entries: &[Entry]) -> bool {
    entries
        .iter()
        .rev()
        .find_map(|e| match e.change {
            Change::EventEnded => Some(true),
            Change::EventReopened => Some(false),
            _ => None,
        })
        .unwrap_or(false)
}

impl Entry {
    /// An entry as a format-1 journal held it: the one device before devices, its clock
    /// its wall time.
    pub fn format_1(seq: u64, at: DateTime<FixedOffset>, change: Change) -> Entry {
        Entry { device: DeviceId::FORMAT_1, seq, clock: Hlc::of(at), at, change }
    }

    /// The order of the fold: by clock, then device, then sequence number.
    pub fn order(&self) -> (Hlc, DeviceId, u64) {
        (self.clock, self.device, self.seq)
    }
}

/// One installation of convene: 128 random bits, written in base32 (26 characters). Kept
/// as bytes (big-endian), so that it packs into entries and items without padding.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct DeviceId([u8; 16]);

impl DeviceId {
    /// The one device a format-1 journal (before devices existed) reads as.
    pub const FORMAT_1: DeviceId = DeviceId([0; 16]);

    pub const fn new(number: u128) -> DeviceId {
        DeviceId(number.to_be_bytes())
    }

    /// Its 128 bits as a number.
    pub const fn number(self) -> u128 {
        u128::from_be_bytes(self.0)
    }

    /// The device the inbox journal of the hub `hub` writes as (`<hub>-inbox.jsonl`): phones'
    /// submissions, appended by the hub's server, numbered apart from the hub's own lines.
    /// Derived, so every copy of the record reads the inbox as the same device.
    pub fn inbox_of(hub: DeviceId) -> DeviceId {
        use sha2::{Digest, Sha256};
        let digest = Sha256::new_with_prefix(b"convene inbox\0").chain_update(hub.0).finalize();
        let mut bytes = [0u8; 16];
        bytes.copy_from_slice(&digest[..16]);
        DeviceId(bytes)
    }
}

/// Lower-case base32hex ("0-9a-v", no padding, trailing bits zero): sorts as the number
/// does, reads aloud, and has one spelling per id.
static DEVICE_ENCODING: std::sync::LazyLock<Option<data_encoding::Encoding>> =
    std::sync::LazyLock::new(|| {
        let mut spec = data_encoding::Specification::new();
        spec.symbols.push_str("0123456789abcdefghijklmnopqrstuv");
        spec.encoding().ok()
    });

/// Characters of a written device id.
const DEVICE_CHARS: usize = 26;

impl fmt::Display for DeviceId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let mut text = [b'0'; DEVICE_CHARS];
        if let Some(encoding) = DEVICE_ENCODING.as_ref() {
            encoding.encode_mut(&self.0, &mut text);
        }
        f.write_str(std::str::from_utf8(&text).unwrap_or_default())
    }
}

/// Why a text is not a device id.
#[derive(Debug, PartialEq, Eq)]
pub struct BadDeviceId;

impl fmt::Display for BadDeviceId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a device id is 26 characters of 0-9 and a-v")
    }
}

impl std::error::Error for BadDeviceId {}

impl FromStr for DeviceId {
    type Err = BadDeviceId;
    fn from_str(text: &str) -> Result<DeviceId, BadDeviceId> {
        let text: &[u8; DEVICE_CHARS] = text.as_bytes().try_into().map_err(|_| BadDeviceId)?;
        // Every line of a journal names its device: the last one read is decoded once.
        thread_local! {
            static LAST: std::cell::Cell<Option<([u8; DEVICE_CHARS], DeviceId)>> =
                const { std::cell::Cell::new(None) };
        }
        if let Some((last, id)) = LAST.get()
            && &last == text
        {
            return Ok(id);
        }
        let encoding = DEVICE_ENCODING.as_ref().ok_or(BadDeviceId)?;
        let mut bytes = [0u8; 16];
        encoding.decode_mut(text, &mut bytes).map_err(|_| BadDeviceId)?;
        let id = DeviceId(bytes);
        LAST.set(Some((*text, id)));
        Ok(id)
    }
}

impl Serialize for DeviceId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for DeviceId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<DeviceId, D::Error> {
        struct DeviceVisitor;
        impl serde::de::Visitor<'_> for DeviceVisitor {
            type Value = DeviceId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a device id (26 characters of 0-9 and a-v)")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DeviceId, E> {
                v.parse().map_err(E::custom)
            }
        }
        d.deserialize_str(DeviceVisitor)
    }
}

/// A hybrid logical clock time (NTP64: seconds since 1970 in the high 32 bits, the fraction
/// in the low 32): physical time, never behind anything its device has seen.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Hlc(pub u64);

impl Hlc {
    /// The clock time of a wall-clock time (times before 1970 read as 1970).
    pub fn of(at: DateTime<FixedOffset>) -> Hlc {
        let secs = u64::try_from(at.timestamp()).unwrap_or(0).min(u64::from(u32::MAX));
        let fraction =
            (u64::from(at.timestamp_subsec_nanos().min(999_999_999)) << 32) / 1_000_000_000;
        Hlc((secs << 32) | fraction)
    }
}

/// An item's identity: the device and sequence number of the line that captured it, unique
/// without coordination. Format-1 items keep their number, on [`DeviceId::FORMAT_1`].
/// On a journal line an item of the line's own device is written as its number alone (a
/// format-1 line's device is [`DeviceId::FORMAT_1`]); any other as `"<device>.<seq>"`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ItemId {
    pub device: DeviceId,
    pub seq: u64,
}

impl ItemId {
    /// The item a format-1 journal numbered `number`.
    pub fn format_1(number: u64) -> ItemId {
        ItemId { device: DeviceId::FORMAT_1, seq: number }
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.device == DeviceId::FORMAT_1 {
            write!(f, "{}", self.seq)
        } else {
            write!(f, "{}.{}", self.device, self.seq)
        }
    }
}

impl Serialize for ItemId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let line = LINE_DEVICE.get().unwrap_or(DeviceId::FORMAT_1);
        if self.device == line {
            s.serialize_u64(self.seq)
        } else {
            s.serialize_str(&format!("{}.{}", self.device, self.seq))
        }
    }
}

impl<'de> Deserialize<'de> for ItemId {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<ItemId, D::Error> {
        struct ItemVisitor;
        impl serde::de::Visitor<'_> for ItemVisitor {
            type Value = ItemId;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an item id (\"<device>.<number>\", or a number in format 1)")
            }
            fn visit_u64<E: serde::de::Error>(self, seq: u64) -> Result<ItemId, E> {
                Ok(ItemId { device: LINE_DEVICE.get().unwrap_or(DeviceId::FORMAT_1), seq })
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<ItemId, E> {
                let (device, seq) =
                    v.split_once('.').ok_or_else(|| E::custom("no '.' in an item id"))?;
                Ok(ItemId {
                    device: device.parse().map_err(E::custom)?,
                    seq: seq.parse().map_err(E::custom)?,
                })
            }
        }
        d.deserialize_any(ItemVisitor)
    }
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
            /// The whole event ended (again, after a reopening: the corrections ended; the
            /// event's actual end stays the first one).
            "event_ended" => EventEnded,
            /// The ended event was reopened for corrections (`convene run --resume RECORD`):
            /// items may be captured and changed again, timers stay as they were, until the
            /// next `event_ended`.
            "event_reopened" => EventReopened,
            /// An item was captured in a session, `offset_ms` into it.
            "item_captured" => ItemCaptured {
                item: ItemId,
                kind: ItemKind,
                session: usize,
                offset_ms: u64;
                fields: Fields
            },
            /// An item's kind or fields were changed.
            "item_edited" => ItemEdited { item: ItemId, kind: ItemKind; fields: Fields },
            /// A question got its answer (an empty answer marks it open again).
            "item_answered" => ItemAnswered { item: ItemId, answer: String },
            /// An item moved to another session.
            "item_moved" => ItemMoved { item: ItemId, session: usize },
            "item_deleted" => ItemDeleted { item: ItemId },
            /// A deleted item came back (undo).
            "item_restored" => ItemRestored { item: ItemId },
            /// The device that runs the sessions' timers changed (the facilitator's laptop
            /// handed over, or another took over after it failed): from this change on, only
            /// session changes written by device `to` count.
            "facilitator_changed" => FacilitatorChanged { to: DeviceId },
            /// The event continues with an edited agenda (its text is the record's `agenda.toml`;
            /// the earlier text is kept beside it as `agenda.N.toml`). `sessions[i]` is the new
            /// number of the old session `i`, or None when it left the agenda untouched; entries
            /// after this one use the new numbering.
            "agenda_changed" => AgendaChanged {
                agenda_sha256: String,
                sessions: Vec<Option<usize>>,
            },
            /// A participant of the agenda (by its exact name) gave (`consent` true) or withdrew
            /// their consent to be named in the public minutes; the latest by clock counts.
            /// Recorded from any device, during the event or after it (`convene consent`).
            "consent_changed" => ConsentChanged { participant: String, consent: bool },
            /// The count of people present from a stakeholder group: `group` is the id of a
            /// group of the agenda, or "" for people in no group. The last count by clock
            /// order stands, whichever device entered it.
            "attendance_counted" => AttendanceCounted { group: String, present: u32 },
            /// An organisation was marked represented (or not): one of the agenda's
            /// `organisations`, or a name typed on the spot.
            "organisation_attended" => OrganisationAttended { organisation: String, present: bool },
            /// A message for the room display (one at a time: it replaces the one shown).
            "message_shown" => MessageShown { text: String },
            /// The message on the display blinks for three seconds.
            "message_blinked" => MessageBlinked,
            /// The display shows no message.
            "message_cleared" => MessageCleared,
            /// The display is blacked out (`on`), or shows the time again.
            "display_blackout" => DisplayBlackout { on: bool },
            /// An item was put in the parking lot (open), with who follows it up (None: nobody
            /// yet); on an item already parked, its owner changes and its status stays. From
            /// any device; the last change by clock of each part (parked or not, owner,
            /// status) stands.
            "item_parked" => ItemParked { item: ItemId, owner: Option<Raiser> },
            /// An item left the parking lot (its owner and status go with it).
            "item_unparked" => ItemUnparked { item: ItemId },
            /// A parked item was marked resolved, or open again; nothing for an item not parked.
            "parked_resolved" => ParkedResolved { item: ItemId, resolved: bool },
            /// A vote or a show of hands on `question` (typed word for word), taken in
            /// `session`: how it was taken, whether it binds, the count of each option with
            /// how it was obtained, the number present, the dots handed out (a dot vote) and
            /// the outcome as declared. A new tally's id is its own line's device and sequence
            /// number; a line with an earlier tally's id replaces it whole (a correction), the
            /// last by clock standing. Recorded from any device.
            "tally_recorded" => TallyRecorded {
                tally: ItemId,
                session: usize,
                question: String,
                method: TallyMethod,
                rule: TallyRule,
                counts: Vec<OptionCount>,
                present: Option<u32>,
                dots: Option<Dots>,
                outcome: String,
            },
            /// A tally was deleted (a later `tally_recorded` with its id brings it back).
            "tally_deleted" => TallyDeleted { tally: ItemId },
            /// The facilitator accepted a catch-up proposal: the `session_extended` lines just
            /// before it changed the timeboxes of `sessions` sessions still to come, shorter by
            /// `trimmed_s` in all (negative when edits made them longer), and the event was then
            /// projected to end at `projected_end` (local time, as the screen showed it). A marker
            /// for the internal minutes; the timeboxes are the extensions' own.
            "catch_up_accepted" => CatchUpAccepted {
                sessions: usize,
                trimmed_s: i64,
                projected_end: NaiveDateTime,
            },
            /// Someone asked for the floor in a session: they join its speaking queue in a
            /// lane. `speaker` is the line's own id (its device and number), as a capture's
            /// item is.
            "speaker_added" => SpeakerAdded {
                speaker: ItemId,
                session: usize,
                who: Raiser,
                lane: Lane,
            },
            /// A waiting speaker left the queue without speaking.
            "speaker_removed" => SpeakerRemoved { speaker: ItemId },
            /// Two waiting speakers of one session changed places.
            "speaker_moved" => SpeakerMoved { speaker: ItemId, with: ItemId },
            /// A speaker got the floor, `offset_ms` into their session: the turn runs on the
            /// session's timer, so it pauses and resumes with the session.
            "speaker_started" => SpeakerStarted { speaker: ItemId, offset_ms: u64 },
            /// The speaker's turn ended, `offset_ms` into their session.
            "speaker_ended" => SpeakerEnded { speaker: ItemId, offset_ms: u64 },
            /// The speaking queue of a session closed: nobody joins it but a point of order.
            "queue_closed" => QueueClosed { session: usize },
            /// The speaking queue of a session is open again.
            "queue_reopened" => QueueReopened { session: usize },
            /// Whether people who have not spoken in a session yet go ahead of those who
            /// have, in the normal lane of every queue.
            "first_time_first" => FirstTimeFirst { on: bool },
            /// The time each speaker of a session gets, in seconds (instead of the agenda's
            /// `speaker`).
            "speaker_time" => SpeakerTime { session: usize, speaker_s: u64 },
            /// A question from a phone (`convene run --share`), as the hub received it: a line
            /// of the hub's inbox journal (`journals/<hub>-inbox.jsonl`, written by the inbox's
            /// own device, [`DeviceId::inbox_of`]); the submission's id is its line's. `name`
            /// is what the phone typed in the optional name field (only when the agenda asks
            /// for names). Nothing of it is public before a person approves it.
            "submission_received" => SubmissionReceived { text: String, name: Option<String> },
            /// A submission became a question of `session`, `offset_ms` into it, with the text
            /// as approved (edited or not) and raised by [`Raiser::Online`]. The item's id is
            /// the submission's: approving it twice makes one item.
            "submission_approved" => SubmissionApproved {
                submission: ItemId,
                session: usize,
                offset_ms: u64;
                fields: Fields
            },
            /// A submission was merged into an existing question (`into`): it asks the same.
            "submission_merged" => SubmissionMerged { submission: ItemId, into: ItemId },
            /// A submission was not taken up, for `reason` (internal: never published).
            "submission_rejected" => SubmissionRejected { submission: ItemId, reason: String },
            /// The question the room display shows under the time (None: none); the last by
            /// clock stands, whichever device pinned it.
            "question_pinned" => QuestionPinned { item: Option<ItemId> },
            /// An open item of an earlier record carried into this one (written when the record
            /// is created with an agenda that has `carry`): its original identity and wording,
            /// where it was first raised, and what happened to it in the years between. It
            /// shows in the agenda's first follow-up session; it is not captured again.
            "item_carried" => ItemCarried { item: ItemId, carried: Box<Carried> },
            /// What happened to a carried item, said in this record: answered, done, in
            /// progress or dropped, with a note (the reason, for in progress and dropped). The
            /// last by clock stands.
            "carried_status" => CarriedStatus { item: ItemId, status: Status, note: String },
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

    /// Its name at the start of a sentence or in a list: "Question".
    pub fn title(self) -> &'static str {
        match self {
            ItemKind::Question => "Question",
            ItemKind::Concern => "Concern",
            ItemKind::Idea => "Idea",
            ItemKind::Action => "Action",
            ItemKind::Decision => "Decision",
            ItemKind::Note => "Note",
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
    /// An organisation of the agenda (`organisations`), by name: an institution, never a
    /// person, so every version of the minutes may name it.
    Organisation(String),
    /// A name that matched nobody in the agenda, kept as typed.
    Unknown(String),
    /// A participant who asked from a phone (`convene run --share`): "a participant
    /// (online)", with the name they typed when the agenda asks for names (internal only).
    Online(Option<String>),
}

/// Where a speaker waits in a speaking queue: points of order go first, then direct
/// replies, then everyone else in turn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Lane {
    /// About how the meeting is run: ahead of everyone.
    PointOfOrder,
    /// A short answer to what was just said: ahead of the normal queue.
    DirectReply,
    /// The speaking list.
    Normal,
}

impl Lane {
    /// The order Tab cycles through on the speaker line.
    pub const ALL: [Lane; 3] = [Lane::Normal, Lane::PointOfOrder, Lane::DirectReply];

    /// "point of order", "direct reply", "speaker".
    pub fn label(self) -> &'static str {
        match self {
            Lane::PointOfOrder => "point of order",
            Lane::DirectReply => "direct reply",
            Lane::Normal => "speaker",
        }
    }

    pub fn next(self) -> Lane {
        let i = Lane::ALL.iter().position(|&l| l == self).unwrap_or(0);
        Lane::ALL[(i + 1) % Lane::ALL.len()]
    }
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
    /// Kept out of the public minutes (a note always is).
    #[serde(default, skip_serializing_if = "is_false")]
    pub internal: bool,
}

fn is_false(value: &bool) -> bool {
    !*value
}

/// How a vote or a show of hands was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TallyMethod {
    /// Hands raised for each of the options listed (by default "for" and "against").
    ShowOfHands,
    /// Yes, no and abstain.
    YesNoAbstain,
    /// Dots handed out to each person (or in all), placed over the options listed.
    DotVote,
    /// Each person shows 0 (a fist: blocks) to 5 fingers (full support).
    FistToFive,
}

impl TallyMethod {
    /// The order the tally form offers them.
    pub const ALL: [TallyMethod; 4] = [
        TallyMethod::ShowOfHands,
        TallyMethod::YesNoAbstain,
        TallyMethod::DotVote,
        TallyMethod::FistToFive,
    ];

    pub fn label(self) -> &'static str {
        match self {
            TallyMethod::ShowOfHands => "show of hands",
            TallyMethod::YesNoAbstain => "yes/no/abstain",
            TallyMethod::DotVote => "dot vote",
            TallyMethod::FistToFive => "fist-to-five",
        }
    }

    /// The options it always counts, in order; None when they are listed for each tally.
    pub fn fixed_options(self) -> Option<&'static [&'static str]> {
        match self {
            TallyMethod::YesNoAbstain => Some(&["yes", "no", "abstain"]),
            TallyMethod::FistToFive => Some(&["0", "1", "2", "3", "4", "5"]),
            TallyMethod::ShowOfHands | TallyMethod::DotVote => None,
        }
    }
}

/// Whether a tally decides (binding) or informs a decision taken elsewhere (advisory).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TallyRule {
    Advisory,
    Binding,
}

impl TallyRule {
    pub fn label(self) -> &'static str {
        match self {
            TallyRule::Advisory => "advisory",
            TallyRule::Binding => "binding",
        }
    }
}

/// How the count of an option was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Counting {
    /// Counted one by one.
    Counted,
    /// Estimated at a glance.
    Estimated,
    /// Clearly the majority, declared without counting: it has no number.
    MajorityNotCounted,
}

impl Counting {
    /// The order the tally form cycles through.
    pub const ALL: [Counting; 3] =
        [Counting::Counted, Counting::Estimated, Counting::MajorityNotCounted];

    pub fn label(self) -> &'static str {
        match self {
            Counting::Counted => "counted",
            Counting::Estimated => "estimated",
            Counting::MajorityNotCounted => "majority, not counted",
        }
    }
}

/// One option of a tally and its count.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct OptionCount {
    /// "yes", "0" (fist-to-five), or an option as listed ("Monthly dust reports").
    pub option: String,
    /// None when no number was given (a majority not counted has none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub count: Option<u32>,
    pub how: Counting,
}

/// The dots handed out in a dot vote: so many to each person present, or so many in all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Dots {
    PerPerson(u32),
    Total(u32),
}

/// A carried item as it was first raised, and what happened to it since (boxed in its
/// change: entries stay small).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Carried {
    /// Its number in the record it was first raised in ("Q3").
    pub number: u64,
    pub kind: ItemKind,
    /// Its fields as typed there.
    pub fields: Fields,
    pub from: Origin,
    pub raised: RaisedAs,
    /// Its status at the end of each record it was carried into since, in order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Step>,
}

/// The record an item was first raised in, as it names itself.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Origin {
    /// The record's folder name ("2025-05-14-porsgrunn-citizen-lab-2025").
    pub record: String,
    /// The event's title.
    pub title: String,
    /// The event's date.
    pub date: NaiveDate,
    /// The attribution policy of that record: "named", "group" or "anonymous".
    pub attribution: String,
}

/// Who raised a carried item, as its own record showed them: in its internal minutes, and
/// in public under the named and the group policy (None: nobody shown). The public minutes
/// of a later record take the stricter of its policy and the original one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RaisedAs {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub internal: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub named: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
}

/// What a carried item's status was at the end of one record it was carried into.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// The record it was carried into.
    pub record: String,
    pub title: String,
    pub date: NaiveDate,
    /// None: no update was given there.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<Status>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

/// What happened to a carried item.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Answered,
    Done,
    InProgress,
    Dropped,
}

impl Status {
    pub const ALL: [Status; 4] =
        [Status::Answered, Status::Done, Status::InProgress, Status::Dropped];

    /// "answered", "done", "in progress", "dropped".
    pub fn label(self) -> &'static str {
        match self {
            Status::Answered => "answered",
            Status::Done => "done",
            Status::InProgress => "in progress",
            Status::Dropped => "dropped",
        }
    }

    /// Still open: carried on to the next record.
    pub fn is_open(self) -> bool {
        self == Status::InProgress
    }

    /// It needs a note: what is under way, or why it was dropped.
    pub fn needs_note(self) -> bool {
        matches!(self, Status::InProgress | Status::Dropped)
    }
}
