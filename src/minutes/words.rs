//! convene's own words in the minutes that are not a whole message: kinds, formats, who
//! raised an item as the attribution policy shows it, times with their day, lists.

use chrono::{DateTime, FixedOffset, Weekday};

use super::attribution::SOMEONE;
use super::hours_minutes;
use crate::agenda::Format;
use crate::event::ItemKind;
use crate::i18n::{Lang, Translator};
use crate::markdown::inline;

/// The message counting items of a kind: "3 questions".
pub(super) fn count_id(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Question => "count-question",
        ItemKind::Concern => "count-concern",
        ItemKind::Idea => "count-idea",
        ItemKind::Action => "count-action",
        ItemKind::Decision => "count-decision",
        ItemKind::Note => "count-note",
    }
}

/// The message naming a kind at the start of an item: "Question".
pub(super) fn title_id(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Question => "kind-title-question",
        ItemKind::Concern => "kind-title-concern",
        ItemKind::Idea => "kind-title-idea",
        ItemKind::Action => "kind-title-action",
        ItemKind::Decision => "kind-title-decision",
        ItemKind::Note => "kind-title-note",
    }
}

pub(super) fn format_id(format: Format) -> &'static str {
    match format {
        Format::Plenary => "format-plenary",
        Format::Presentation => "format-presentation",
        Format::Discussion => "format-discussion",
        Format::Breakout => "format-breakout",
        Format::Qa => "format-qa",
        Format::Break => "format-break",
    }
}

/// Who raised an item, owns an action or spoke, as the model shows them, for Markdown: a name
/// as typed, or the attribution policy's phrase ("a participant from Local residents") in the
/// minutes' language.
pub(super) fn person(tr: &Translator, shown: &str) -> String {
    if tr.lang() == Lang::En {
        return inline(shown);
    }
    let phrase = if shown == crate::capture::ONLINE {
        tr.text("by-online")
    } else if shown == SOMEONE {
        tr.text("by-someone")
    } else if let Some(group) = shown.strip_prefix(super::attribution::GROUP_PHRASE) {
        tr.with("by-group", &[("group", group.into())])
    } else {
        shown.to_string()
    };
    inline(&phrase)
}

/// "a, b and c".
pub(super) fn listed(tr: &Translator, mut parts: Vec<String>) -> String {
    match parts.pop() {
        None => String::new(),
        Some(last) if parts.is_empty() => last,
        Some(last) => {
            tr.with("join-and", &[("first", parts.join(", ").into()), ("last", last.into())])
        }
    }
}

/// "Tuesday 12 May 2026 20:54".
pub(super) fn datetime(tr: &Translator, t: DateTime<FixedOffset>) -> String {
    tr.with(
        "datetime",
        &[("date", tr.date(t.date_naive()).into()), ("time", hours_minutes(t).into())],
    )
}

/// A planned time as the plan stamps it, "18:00" or "Wed 09:00", with its day in the
/// minutes' language.
pub(super) fn stamp(tr: &Translator, stamp: &str) -> String {
    const DAYS: [(&str, Weekday); 7] = [
        ("Mon ", Weekday::Mon),
        ("Tue ", Weekday::Tue),
        ("Wed ", Weekday::Wed),
        ("Thu ", Weekday::Thu),
        ("Fri ", Weekday::Fri),
        ("Sat ", Weekday::Sat),
        ("Sun ", Weekday::Sun),
    ];
    for (prefix, day) in DAYS {
        if let Some(time) = stamp.strip_prefix(prefix) {
            return format!("{} {time}", tr.weekday_short(day));
        }
    }
    stamp.to_string()
}

/// "5 sessions trimmed by 15 min".
pub(super) fn catch_up(tr: &Translator, sessions: usize, trimmed_s: i64) -> String {
    let count = sessions;
    let sessions = tr.count("count-session", count);
    // As the live screen says it: whole minutes, rounded ("15 min", "1h 05m").
    let minutes = (trimmed_s.unsigned_abs() + 30) / 60;
    let by = if minutes < 60 {
        format!("{minutes} min")
    } else {
        crate::agenda::format_duration(std::time::Duration::from_secs(minutes * 60))
    };
    let id = match trimmed_s {
        0 => "catch-up-changed",
        t if t > 0 => "catch-up-trimmed",
        _ => "catch-up-lengthened",
    };
    tr.with(id, &[("count", count.into()), ("sessions", sessions.into()), ("by", by.into())])
}
