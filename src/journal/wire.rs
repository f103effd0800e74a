//! Reading journal lines fast: one pass over each line, without serde's flatten and
//! internally tagged enums, which buffer every line twice. The changes it knows, their
//! names and fields come from the one list in `crate::event::changes!`, as [`Change`] does.
//! It accepts what [`super::encode`] writes, in any order of fields, and ignores fields it
//! does not know, for forward compatibility.

use std::borrow::Cow;
use std::fmt;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime};
use serde::Deserialize;
use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

use crate::event::{
    Carried, Change, DeviceId, Dots, Entry, Fields, Hlc, ItemId, ItemKind, Lane, OptionCount,
    Raiser, Status, TallyMethod, TallyRule,
};

/// What one verified journal line holds.
pub(super) enum Line {
    Entry(Entry),
    /// A change this program does not know (a newer convene wrote it), by its name.
    UnknownEvent(String),
    /// A line without a field its change needs.
    Incomplete,
}

/// A line's format version alone: read when the whole line could not be, to tell a line of
/// a newer format from a damaged one.
#[derive(Deserialize)]
pub(super) struct Version {
    pub v: u32,
}

/// A read line and its format version.
pub(super) struct Wire {
    pub v: u32,
    pub line: Line,
}

/// A key or a short string, borrowed from the line when it holds no escapes.
struct Text<'de>(Cow<'de, str>);

impl<'de> Deserialize<'de> for Text<'de> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text<'de>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text<'de>, E> {
                Ok(Text(Cow::Owned(v)))
            }
        }
        d.deserialize_str(TextVisitor)
    }
}

/// The slots of an item's flattened [`Fields`].
#[derive(Default)]
struct FieldSlots {
    text: Option<String>,
    by: Option<Raiser>,
    themes: Option<Vec<String>>,
    owner: Option<Raiser>,
    due: Option<NaiveDate>,
    internal: Option<bool>,
}

impl FieldSlots {
    fn take<'de, D: Deserializer<'de>>(&mut self, key: &str, d: D) -> Result<(), D::Error> {
        match key {
            "text" => self.text = Some(String::deserialize(d)?),
            "by" => self.by = Option::deserialize(d)?,
            "themes" => self.themes = Some(Vec::deserialize(d)?),
            "owner" => self.owner = Option::deserialize(d)?,
            "due" => self.due = Option::deserialize(d)?,
            "internal" => self.internal = Some(bool::deserialize(d)?),
            _ => {
                IgnoredAny::deserialize(d)?;
            }
        }
        Ok(())
    }

    /// An item's fields; None without its text.
    fn fields(self) -> Option<Fields> {
        Some(Fields {
            text: self.text?,
            by: self.by,
            themes: self.themes.unwrap_or_default(),
            owner: self.owner,
            due: self.due,
            internal: self.internal.unwrap_or(false),
        })
    }
}

/// A field no slot of the change takes: the flattened fields' slots, if it has them.
macro_rules! other_field {
    ($key:ident, $d:ident) => {{
        IgnoredAny::deserialize($d)?;
        Ok(())
    }};
    ($key:ident, $d:ident, $flat:ident) => {
        $flat.take($key, $d)
    };
}

/// Makes [`Slots`], the fields read so far of each change, from the list in `changes!`.
macro_rules! wire_slots {
    ($(
        $(#[$doc:meta])*
        $wire:literal => $name:ident $({
            $($field:ident : $ty:ty),* $(; $flat:ident : $flat_ty:ty)? $(,)?
        })?
    ),* $(,)?) => {
        /// The fields read so far of one change.
        enum Slots {
            $( $name { $( $($field: Option<$ty>,)* $($flat: FieldSlots,)? )? }, )*
        }

        impl Slots {
            /// Empty slots for the change named `name` on the line; None for an unknown one.
            fn new(name: &str) -> Option<Slots> {
                match name {
                    $( $wire => Some(Slots::$name { $( $($field: None,)* $($flat: FieldSlots::default(),)? )? }), )*
                    _ => None,
                }
            }

            /// Reads the value of the field `key` into its slot (or skips it).
            #[allow(unused_variables)]
            fn take<'de, D: Deserializer<'de>>(&mut self, key: &str, d: D) -> Result<(), D::Error> {
                match self {
                    $(
                        Slots::$name { $( $($field,)* $($flat,)? )? } => {
                            match key {
                                $( $( stringify!($field) => {
                                    *$field = Some(<$ty>::deserialize(d)?);
                                    Ok(())
                                } )* )?
                                _ => other_field!(key, d $( $(, $flat)? )?),
                            }
                        }
                    )*
                }
            }

            /// The change; None when a field it needs is missing.
            fn change(self) -> Option<Change> {
                Some(match self {
                    $(
                        Slots::$name { $( $($field,)* $($flat,)? )? } => Change::$name {
                            $( $($field: $field?,)* $($flat: $flat.fields()?,)? )?
                        },
                    )*
                })
            }
        }
    };
}
crate::event::changes!(wire_slots);

/// Feeds one value of the line to the slot of its key.
struct Slot<'a> {
    slots: &'a mut Slots,
    key: &'a str,
}

impl<'de> DeserializeSeed<'de> for Slot<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        self.slots.take(self.key, d)
    }
}

/// `at`, read with the fast parser.
struct At(DateTime<FixedOffset>);

impl<'de> Deserialize<'de> for At {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        timestamp(d).map(At)
    }
}

impl<'de> Deserialize<'de> for Wire {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct LineVisitor;
        impl<'de> Visitor<'de> for LineVisitor {
            type Value = Wire;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a journal line")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Wire, A::Error> {
                let (mut v, mut seq, mut at) = (None, None, None);
                let (mut device, mut clock) = (None, None);
                // Until the line names its device, its items are format 1's.
                crate::event::reading_line_of(None);
                let mut slots: Option<Slots> = None;
                let mut unknown: Option<String> = None;
                // Fields before `"event"` (encode writes it first; another order is read too).
                let mut early: Vec<(String, serde_json::Value)> = Vec::new();
                while let Some(Text(key)) = map.next_key::<Text>()? {
                    match &*key {
                        "v" => v = Some(map.next_value()?),
                        "seq" => seq = Some(map.next_value()?),
                        "device" => {
                            let named = map.next_value::<DeviceId>()?;
                            crate::event::reading_line_of(Some(named));
                            device = Some(named);
                        }
                        "clock" => clock = Some(Hlc(map.next_value()?)),
                        "at" => at = Some(map.next_value::<At>()?.0),
                        // Checked on the bytes before the line is read.
                        "crc" => {
                            map.next_value::<IgnoredAny>()?;
                        }
                        "event" => {
                            if slots.is_some() || unknown.is_some() {
                                return Err(de::Error::duplicate_field("event"));
                            }
                            let Text(name) = map.next_value()?;
                            match Slots::new(&name) {
                                Some(mut found) => {
                                    for (key, value) in early.drain(..) {
                                        found.take(&key, value).map_err(de::Error::custom)?;
                                    }
                                    slots = Some(found);
                                }
                                None => unknown = Some(name.into_owned()),
                            }
                        }
                        key => match &mut slots {
                            Some(slots) => map.next_value_seed(Slot { slots, key })?,
                            None if unknown.is_none() => {
                                early.push((key.to_owned(), map.next_value()?));
                            }
                            None => {
                                map.next_value::<IgnoredAny>()?;
                            }
                        },
                    }
                }
                let v = v.ok_or_else(|| de::Error::missing_field("v"))?;
                let line = match (slots, unknown) {
                    (_, Some(name)) => Line::UnknownEvent(name),
                    (None, None) => return Err(de::Error::missing_field("event")),
                    // A format-1 line has neither device nor clock: it is the one device
                    // before devices existed, its clock made from `at` by the reader.
                    (Some(slots), None) => match (seq, at, slots.change()) {
                        (Some(seq), Some(at), Some(change)) if v < 2 => Line::Entry(Entry {
                            device: DeviceId::FORMAT_1,
                            seq,
                            clock: Hlc::default(),
                            at,
                            change,
                        }),
                        (Some(seq), Some(at), Some(change)) => match (device, clock) {
                            (Some(device), Some(clock)) => {
                                Line::Entry(Entry { device, seq, clock, at, change })
                            }
                            _ => Line::Incomplete,
                        },
                        _ => Line::Incomplete,
                    },
                };
                Ok(Wire { v, line })
            }
        }
        d.deserialize_map(LineVisitor)
    }
}

/// Reads `at`: the RFC 3339 form the journal writes, parsed by hand because it is on every
/// line; anything else goes to chrono's general parser.
fn timestamp<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
    let Text(text) = Text::deserialize(d)?;
    fast_rfc3339(&text)
        .or_else(|| DateTime::parse_from_rfc3339(&text).ok())
        .ok_or_else(|| serde::de::Error::custom(format!("not a time: {text:?}")))
}

fn fast_rfc3339(text: &str) -> Option<DateTime<FixedOffset>> {
    let b = text.as_bytes();
    let num = |range: std::ops::Range<usize>| -> Option<u32> {
        b.get(range)?
            .iter()
            .try_fold(0u32, |n, &c| c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0')))
    };
    if b.len() < 20
        || b[4] != b'-'
        || b[7] != b'-'
        || b[10] != b'T'
        || b[13] != b':'
        || b[16] != b':'
    {
        return None;
    }
    let date = NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)?;
    let (mut i, mut nanos) = (19, 0u32);
    if b[i] == b'.' {
        let digits = b[i + 1..].iter().take_while(|c| c.is_ascii_digit()).count();
        if digits == 0 || digits > 9 {
            return None;
        }
        nanos = num(i + 1..i + 1 + digits)? * 10u32.pow(9 - digits as u32);
        i += 1 + digits;
    }
    let offset = match b.get(i..)? {
        b"Z" => 0,
        [sign @ (b'+' | b'-'), _, _, b':', _, _] => {
            let seconds = (num(i + 1..i + 3)? * 3600 + num(i + 4..i + 6)? * 60) as i32;
            if *sign == b'-' { -seconds } else { seconds }
        }
        _ => return None,
    };
    let time =
        chrono::NaiveTime::from_hms_nano_opt(num(11..13)?, num(14..16)?, num(17..19)?, nanos)?;
    let offset = FixedOffset::east_opt(offset)?;
    date.and_time(time).and_local_timezone(offset).single()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fast_reader_agrees_with_chrono() {
        for text in [
            "2026-05-12T18:00:00+02:00",
            "2026-05-12T18:00:00.5+02:00",
            "2026-05-12T18:00:00.123456789-05:30",
            "2026-11-27T13:29:46.815100070Z",
            "2024-02-29T23:59:59+14:00",
        ] {
            assert_eq!(fast_rfc3339(text), DateTime::parse_from_rfc3339(text).ok(), "{text}");
        }
        for text in [
            "2026-02-30T18:00:00Z",
            "2026-05-12T25:00:00Z",
            "2026-05-12 18:00:00Z",
            "x",
            "2026-05-12T18:00:00.Z",
            "2026-05-12T18:00:00+0200",
        ] {
            assert_eq!(fast_rfc3339(text), None, "{text}");
        }
    }
}
