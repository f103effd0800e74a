//! Reading journal lines fast: one flat struct instead of serde's flatten and internally
//! tagged enums, which buffer every line twice. It accepts exactly what [`super::encode`]
//! writes (and ignores fields it does not know, for forward compatibility).

use chrono::{DateTime, FixedOffset, NaiveDate};
use serde::Deserialize;

use crate::event::{Change, Entry, Fields, ItemKind, Raiser};

#[derive(Deserialize, Clone, Copy)]
#[serde(rename_all = "snake_case")]
enum Name {
    SessionStarted,
    SessionPaused,
    SessionExtended,
    SessionEnded,
    SessionSelected,
    EventEnded,
    ItemCaptured,
    ItemEdited,
    ItemAnswered,
    ItemMoved,
    ItemDeleted,
    ItemRestored,
    AgendaChanged,
}

#[derive(Deserialize)]
pub(super) struct Wire {
    pub v: u32,
    seq: u64,
    #[serde(deserialize_with = "timestamp")]
    at: DateTime<FixedOffset>,
    event: Name,
    session: Option<usize>,
    elapsed_ms: Option<u64>,
    timebox_s: Option<u64>,
    item: Option<u64>,
    kind: Option<ItemKind>,
    offset_ms: Option<u64>,
    text: Option<String>,
    by: Option<Raiser>,
    #[serde(default)]
    themes: Vec<String>,
    owner: Option<Raiser>,
    due: Option<NaiveDate>,
    answer: Option<String>,
    agenda_sha256: Option<String>,
    sessions: Option<Vec<Option<usize>>>,
}

impl Wire {
    /// The entry this line records; None when a field its event needs is missing.
    /// An item's fields; None without its text.
    fn fields(self) -> Option<Fields> {
        Some(Fields {
            text: self.text?,
            by: self.by,
            themes: self.themes,
            owner: self.owner,
            due: self.due,
        })
    }

    pub fn entry(self) -> Option<Entry> {
        let (seq, at) = (self.seq, self.at);
        let change = match self.event {
            Name::SessionStarted => {
                Change::SessionStarted { session: self.session?, elapsed_ms: self.elapsed_ms? }
            }
            Name::SessionPaused => {
                Change::SessionPaused { session: self.session?, elapsed_ms: self.elapsed_ms? }
            }
            Name::SessionExtended => {
                Change::SessionExtended { session: self.session?, timebox_s: self.timebox_s? }
            }
            Name::SessionEnded => {
                Change::SessionEnded { session: self.session?, elapsed_ms: self.elapsed_ms? }
            }
            Name::SessionSelected => Change::SessionSelected { session: self.session? },
            Name::EventEnded => Change::EventEnded,
            Name::ItemCaptured => Change::ItemCaptured {
                item: self.item?,
                kind: self.kind?,
                session: self.session?,
                offset_ms: self.offset_ms?,
                fields: self.fields()?,
            },
            Name::ItemEdited => {
                Change::ItemEdited { item: self.item?, kind: self.kind?, fields: self.fields()? }
            }
            Name::ItemAnswered => Change::ItemAnswered { item: self.item?, answer: self.answer? },
            Name::ItemMoved => Change::ItemMoved { item: self.item?, session: self.session? },
            Name::ItemDeleted => Change::ItemDeleted { item: self.item? },
            Name::ItemRestored => Change::ItemRestored { item: self.item? },
            Name::AgendaChanged => Change::AgendaChanged {
                agenda_sha256: self.agenda_sha256?,
                sessions: self.sessions?,
            },
        };
        Some(Entry { seq, at, change })
    }
}

/// Reads `at`: the RFC 3339 form the journal writes, parsed by hand because it is on every
/// line; anything else goes to chrono's general parser.
fn timestamp<'de, D: serde::Deserializer<'de>>(d: D) -> Result<DateTime<FixedOffset>, D::Error> {
    let text = <std::borrow::Cow<'de, str>>::deserialize(d)?;
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
