//! Markdown minutes, written from the journal: the same journal always gives the same bytes.
//!
//! Every time shown comes from the journal, in the UTC offset it was recorded with; nothing
//! reads the clock. Captured text passes through [`crate::markdown::inline`], so it can never
//! become a heading, a list, a link, HTML or break a table.

mod attribution;
mod carried;
mod files;
pub mod journals;
mod model;
mod phones;
mod redact;
mod tally;
mod words;

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, Datelike, FixedOffset, Timelike};

pub use attribution::{Audience, lead_raiser, owner, raised_by};
pub use carried::CarriedMinutes;
pub use files::{remove_stale_temporaries, replace};
pub use model::{ItemMinutes, Minutes, ParkedMinutes, ParkedStatus, SessionMinutes};
pub use phones::{PhonesMinutes, QuestionState, SubmissionMinutes, SubmissionOutcome};
pub use redact::Redactor;
pub use tally::TallyMinutes;

use crate::agenda::{Agenda, format_duration};
use crate::event::{DeviceId, Entry, ItemKind};
use crate::i18n::{Lang, Translator};
use crate::live::{Clock, Live, Now};
use crate::markdown::inline;

pub const INTERNAL_FILE: &str = "minutes.md";
pub const PUBLIC_FILE: &str = "minutes.public.md";

/// The event replayed from its journal: what the minutes are written from.
pub struct Replayed {
    pub live: Live,
    /// The journal has no end of event: the minutes are provisional.
    pub provisional: bool,
    pub first: Option<DateTime<FixedOffset>>,
    pub last: Option<DateTime<FixedOffset>>,
    /// The one monotonic instant the fold used: elapsed times are read at it, so a session
    /// still running at the end of the journal counts exactly until the last entry.
    pub mono: Instant,
    /// The version vector: per device, the highest sequence number folded (journals have no
    /// gaps, so every line up to it). Two folds with the same vector folded the same lines.
    /// A line the fold refused counts too: it is in the record, and the last line's time is
    /// the fold's "now", so only the whole set of lines decides the minutes' bytes.
    pub journals: BTreeMap<DeviceId, u64>,
}

/// The version vector of entries: per device, the highest sequence number among them.
pub fn version_vector(entries: &[Entry]) -> BTreeMap<DeviceId, u64> {
    let mut heads = BTreeMap::new();
    for entry in entries {
        let head = heads.entry(entry.device).or_insert(0);
        *head = entry.seq.max(*head);
    }
    heads
}

/// Replays a journal. A session still running at its end counts until the last entry.
pub fn fold(agenda: &Agenda, entries: &[Entry]) -> Replayed {
    let journals = version_vector(entries);
    // After an agenda edit, `agenda` is the edited one: earlier entries are renumbered to it.
    let entries = crate::revision::renumber(entries);
    let entries = &entries[..];
    let mut live = Live::new(agenda.clone());
    let mono = Instant::now();
    // A consent given or withdrawn days later (`convene consent`) is not part of the event:
    // it does not stretch a session still running at the end of an unfinished record.
    let last = entries
        .iter()
        .rev()
        .find(|e| !matches!(e.change, crate::event::Change::ConsentChanged { .. }))
        .map(|e| e.at);
    for entry in entries {
        // "Now" is the journal's last moment, so replaying never depends on the clock.
        let now = Now { mono, wall: last.unwrap_or(entry.at) };
        // A refused entry changes nothing; whoever read the journal reports it
        // (`Live::refusals`).
        let _ = live.apply(entry, now);
    }
    Replayed {
        provisional: live.ended_at.is_none(),
        first: entries
            .iter()
            .find(|e| matches!(e.change, crate::event::Change::SessionStarted { .. }))
            .map(|e| e.at),
        last: live.ended_at.or(last),
        live,
        mono,
        journals,
    }
}

/// "18:05".
fn hours_minutes(t: DateTime<FixedOffset>) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// An actual time as the minutes show it: "18:05", or "Tue 00:20" in every place when the
/// event was held over more than one day, so no time is read on the wrong day.
fn held_at(lang: Lang, several_days: bool, t: DateTime<FixedOffset>) -> String {
    if several_days {
        format!("{} {}", Translator::get(lang).weekday_short(t.weekday()), hours_minutes(t))
    } else {
        hours_minutes(t)
    }
}

fn elapsed(replayed: &Replayed, index: usize) -> Option<Duration> {
    match replayed.live.sessions[index].clock {
        Clock::NotStarted => None,
        clock => Some(clock.elapsed(replayed.mono)),
    }
}

/// "10m 05s", with no-break spaces so a table cell never wraps inside it.
fn unbroken(seconds: u64) -> String {
    format_duration(Duration::from_secs(seconds)).replace(' ', "\u{a0}")
}

fn signed(planned: u64, actual: u64) -> String {
    if actual >= planned {
        format!("+{}", unbroken(actual - planned))
    } else {
        format!("−{}", unbroken(planned - actual))
    }
}

/// Writes the minutes of a journal for an audience.
pub fn render(agenda: &Agenda, entries: &[Entry], audience: Audience) -> String {
    render_replayed(&fold(agenda, entries), audience)
}

/// The minutes model of a journal for an audience, as JSON (`schemas/minutes-1.json`),
/// pretty-printed, with a final newline.
pub fn json(agenda: &Agenda, entries: &[Entry], audience: Audience) -> String {
    // The same in every language: the words standing for names not shown are English.
    let mut agenda = agenda.clone();
    agenda.language = crate::i18n::Lang::En;
    let replayed = fold(&agenda, entries);
    let minutes = Minutes::build(&replayed, audience);
    // The model holds only strings, numbers, booleans, lists and maps: it always serialises.
    let mut text = serde_json::to_string_pretty(&minutes).unwrap_or_default();
    text.push('\n');
    text
}

/// Both versions, internal then public, from one fold of the journal.
pub fn render_both(agenda: &Agenda, entries: &[Entry]) -> [String; 2] {
    let replayed = fold(agenda, entries);
    [render_replayed(&replayed, Audience::Internal), render_replayed(&replayed, Audience::Public)]
}

/// Writes the minutes of an already folded journal for an audience.
pub fn render_replayed(replayed: &Replayed, audience: Audience) -> String {
    markdown(&Minutes::build(replayed, audience))
}

/// The Markdown of a minutes model, in its language (`minutes.lang`).
pub fn markdown(minutes: &Minutes) -> String {
    // Every test that writes minutes writes them in every language too: a message missing
    // from a file, or one given an argument it does not take, fails that test (the
    // translator panics in tests), whichever section (phones, tallies, speaking…) it is in.
    #[cfg(test)]
    for lang in Lang::ALL.into_iter().filter(|&lang| lang != minutes.lang) {
        let mut other = minutes.clone();
        other.lang = lang;
        let _ = markdown_in_its_language(&other);
    }
    markdown_in_its_language(minutes)
}

fn markdown_in_its_language(minutes: &Minutes) -> String {
    let tr = Translator::get(minutes.lang);
    let tr = &*tr;
    let items = minutes.items().count();
    let mut out = String::with_capacity(4096 + items * 160);
    title_block(&mut out, minutes, tr);
    summary(&mut out, minutes, tr);
    attendance(&mut out, minutes, tr);
    timetable(&mut out, minutes, tr);
    sessions(&mut out, minutes, tr);
    carried::render(&mut out, minutes, tr);
    // Parked items are found by id; only a record with a parking lot needs the lookup.
    let by_id: HashMap<&str, &ItemMinutes> = if minutes.parking.is_empty() {
        HashMap::new()
    } else {
        minutes.items().map(|i| (i.id.as_str(), i)).collect()
    };
    consolidated(&mut out, minutes, &by_id, tr);
    parking(&mut out, minutes, &by_id, tr);
    phones::render(&mut out, minutes, tr);
    tally::render(&mut out, minutes, tr);
    speaking(&mut out, minutes, tr);
    room(&mut out, minutes, tr);
    journals::render(&mut out, &minutes.journals, minutes.facilitator, tr);
    out
}

/// The time taken from the speaking queues: per stakeholder group in both versions; per
/// speaker in the internal one (in the public one only those who consented, under `named`);
/// every turn per session in the internal one. Nothing when no queue was used.
fn speaking(out: &mut String, minutes: &Minutes, tr: &Translator) {
    let Some(speaking) = &minutes.speaking else { return };
    let _ = write!(out, "\n## {}\n\n", tr.text("heading-speaking"));
    if speaking.turns == 0 {
        let _ = writeln!(out, "{}", tr.text("nobody-spoke"));
    } else {
        let turns = tr.count("count-turn", speaking.turns);
        let mut lanes = Vec::new();
        if speaking.points_of_order > 0 {
            lanes.push(tr.count("count-point-of-order", speaking.points_of_order));
        }
        if speaking.direct_replies > 0 {
            lanes.push(tr.count("count-direct-reply", speaking.direct_replies));
        }
        let lanes = if lanes.is_empty() {
            String::new()
        } else {
            tr.with("speaking-lanes", &[("lanes", words::listed(tr, lanes).into())])
        };
        let time = format_duration(Duration::from_secs(speaking.seconds));
        let _ = writeln!(
            out,
            "{}",
            tr.with(
                "speaking-summary",
                &[("turns", turns.into()), ("lanes", lanes.into()), ("time", time.into())]
            )
        );
    }
    let share = |seconds: u64| {
        let rounded = seconds.saturating_mul(100).saturating_add(speaking.seconds / 2);
        rounded.checked_div(speaking.seconds).map_or_else(
            || "—".to_string(),
            |p| tr.with("share", &[("percent", p.to_string().into())]),
        )
    };
    let grouped = speaking.groups.iter().any(|g| g.group.is_some());
    if grouped && speaking.turns > 0 {
        let _ = write!(out, "\n{}\n|---|---:|---:|---:|\n", tr.text("speaking-groups-header"));
        for group in &speaking.groups {
            let name = match &group.group {
                Some(name) => inline(name),
                None => tr.text("in-no-group"),
            };
            let _ = writeln!(
                out,
                "| {name} | {} | {} | {} |",
                group.turns,
                unbroken(group.seconds),
                share(group.seconds)
            );
        }
    }
    if !speaking.speakers.is_empty() {
        let _ = write!(out, "\n{}\n|---|---|---:|---:|\n", tr.text("speaking-speakers-header"));
        for speaker in &speaking.speakers {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                words::person(tr, &speaker.name),
                speaker.group.as_deref().map(inline).unwrap_or_else(|| "—".into()),
                speaker.turns,
                unbroken(speaker.seconds)
            );
        }
    }
    if minutes.audience == Audience::Public && speaking.turns > 0 {
        let id = if minutes.event.attribution == "named" {
            "speaking-public-named"
        } else {
            "speaking-public-group"
        };
        let _ = writeln!(out, "\n{}", tr.text(id));
    }
    for session in speaking.sessions.iter().flatten() {
        let _ = writeln!(out, "\n### {}\n", session_name(minutes, session.session));
        let time = format_duration(Duration::from_secs(session.speaker_s));
        let _ = writeln!(out, "{}\n", tr.with("each-speaker", &[("time", time.into())]));
        if session.turns.is_empty() {
            let _ = writeln!(out, "{}", tr.text("nobody-had-floor"));
        }
        for turn in &session.turns {
            let lane = match turn.lane {
                crate::event::Lane::Normal => String::new(),
                crate::event::Lane::PointOfOrder => {
                    format!(" ({})", tr.text("lane-point-of-order"))
                }
                crate::event::Lane::DirectReply => format!(" ({})", tr.text("lane-direct-reply")),
            };
            let _ = writeln!(
                out,
                "- {} {}{lane}: {}",
                minutes.time(turn.at),
                words::person(tr, &turn.who),
                format_duration(Duration::from_secs(turn.seconds))
            );
        }
        if !session.waiting.is_empty() {
            let names: Vec<String> = session.waiting.iter().map(|n| words::person(tr, n)).collect();
            let _ = writeln!(
                out,
                "\n{}",
                tr.with("still-waiting", &[("names", names.join(", ").into())])
            );
        }
    }
}

/// The internal minutes' timeline of what the room display was given besides the time:
/// "19:32 shown: Please wrap up", "19:40 blackout". Nothing when it was given nothing.
fn room(out: &mut String, minutes: &Minutes, tr: &Translator) {
    let Some(lines) = minutes.room.as_ref().filter(|lines| !lines.is_empty()) else { return };
    let _ = write!(out, "\n## {}\n\n", tr.text("heading-room"));
    for line in lines {
        let what = match (&line.text, line.what) {
            (Some(text), "shown") => tr.with("room-shown", &[("text", inline(text).into())]),
            (_, "pinned") => {
                let label = match &line.label {
                    Some((number, false)) => number.clone(),
                    Some((number, true)) => {
                        tr.with("pinned-deleted-since", &[("item", number.clone().into())])
                    }
                    None => tr.text("a-question"),
                };
                tr.with("room-pinned", &[("label", label.into())])
            }
            (_, "blinked") => tr.text("room-blinked"),
            (_, "cleared") => tr.text("room-cleared"),
            (_, "blackout") => tr.text("room-blackout"),
            (_, "display_back") => tr.text("room-display-back"),
            (_, "unpinned") => tr.text("room-unpinned"),
            (_, what) => what.to_string(),
        };
        let _ = writeln!(out, "- {} {what}", minutes.time(line.at));
    }
}

fn title_block(out: &mut String, minutes: &Minutes, tr: &Translator) {
    let event = &minutes.event;
    let version = match minutes.audience {
        Audience::Internal => tr.text("title-internal"),
        Audience::Public => tr.text("title-public"),
    };
    let _ = writeln!(out, "# {} — {version}\n", inline(&event.title));
    if let Some(reopened) = event.reopened_at {
        let when = words::datetime(tr, reopened);
        let _ = writeln!(out, "{}\n", tr.with("provisional-reopened", &[("when", when.into())]));
    } else if minutes.provisional {
        let _ = writeln!(out, "{}\n", tr.text("provisional-unfinished"));
    }
    let actual = match (event.started_at, event.ended_at) {
        (Some(first), Some(last)) => format!("{}–{}", minutes.time(first), minutes.time(last)),
        _ => tr.text("not-started"),
    };
    out.push_str("| | |\n|---|---|\n");
    let kind = if event.kind == "council" { tr.text("kind-council") } else { tr.text("kind-lab") };
    let _ = writeln!(out, "| {} | {kind} |", tr.text("label-event"));
    let mut date = tr.date(event.date);
    if let Some(held) = event.held_on {
        date = tr.with("held-on", &[("date", date.into()), ("held", tr.date(held).into())]);
    }
    let _ = writeln!(out, "| {} | {date} |", tr.text("label-date"));
    if let Some(location) = &event.place {
        let _ = writeln!(out, "| {} | {} |", tr.text("label-place"), inline(location));
    }
    let time = tr.with(
        "time-value",
        &[
            ("actual", actual.into()),
            ("start", words::stamp(tr, &event.planned_start).into()),
            ("end", words::stamp(tr, &event.planned_end).into()),
        ],
    );
    let _ = writeln!(out, "| {} | {time} |", tr.text("label-time"));
    if let Some(corrected) = minutes.event.corrected_at {
        let _ = writeln!(
            out,
            "| {} | {} |",
            tr.text("label-corrected"),
            words::datetime(tr, corrected)
        );
    }
    if let Some(facilitator) = &event.facilitator {
        let _ = writeln!(out, "| {} | {} |", tr.text("label-facilitator"), inline(facilitator));
    }
    if let Some(note_taker) = &event.note_taker {
        let _ = writeln!(out, "| {} | {} |", tr.text("label-note-taker"), inline(note_taker));
    }
    if minutes.audience == Audience::Public {
        let policy = match event.attribution {
            "named" => tr.text("attribution-named"),
            "group" => tr.text("attribution-group"),
            _ => tr.text("attribution-anonymous"),
        };
        let _ = writeln!(out, "| {} | {policy} |", tr.text("label-attribution"));
    }
    out.push('\n');
}

fn summary(out: &mut String, minutes: &Minutes, tr: &Translator) {
    let summary = &minutes.summary;
    let _ = write!(out, "## {}\n\n", tr.text("heading-summary"));
    let _ = writeln!(
        out,
        "- {}",
        tr.with(
            "summary-sessions",
            &[("held", summary.sessions_held.into()), ("all", summary.sessions.into())]
        )
    );
    let planned = format_duration(Duration::from_secs(summary.planned_s));
    let actual = format_duration(Duration::from_secs(summary.actual_s));
    let _ = writeln!(
        out,
        "- {}",
        tr.with("summary-duration", &[("planned", planned.into()), ("actual", actual.into())])
    );
    let counts: Vec<String> = summary
        .captured
        .iter()
        .map(|c| {
            let what = tr.count(words::count_id(c.kind), c.count);
            match c.open {
                Some(open) => {
                    tr.with("captured-open", &[("what", what.into()), ("open", open.into())])
                }
                None => what,
            }
        })
        .collect();
    let _ =
        writeln!(out, "- {}", tr.with("summary-captured", &[("counts", counts.join(", ").into())]));
    if !minutes.parking.is_empty() {
        let open = minutes.parking.iter().filter(|p| p.status == ParkedStatus::Open).count();
        let _ = writeln!(
            out,
            "- {}",
            tr.with(
                "summary-parking",
                &[("count", minutes.parking.len().into()), ("open", open.into())]
            )
        );
    }
    phones::summary(out, minutes, tr);
    out.push('\n');
}

/// Who was there: counts per stakeholder group, and the organisations represented (named in
/// the internal version, counted in the public one).
fn attendance(out: &mut String, minutes: &Minutes, tr: &Translator) {
    let Some(attendance) = &minutes.attendance else { return };
    let _ = write!(out, "## {}\n\n", tr.text("heading-attendance"));
    if !attendance.groups.is_empty() {
        let grouped = attendance.groups.iter().any(|g| g.group.is_some());
        let _ = write!(out, "{}\n|---|---:|\n", tr.text("attendance-header"));
        for count in &attendance.groups {
            let name = match (&count.group, grouped) {
                (Some(name), _) => inline(name),
                (None, true) => tr.text("in-no-group"),
                (None, false) => tr.text("everyone"),
            };
            let _ = writeln!(out, "| {name} | {} |", count.present);
        }
        if let Some(total) = attendance.total {
            let _ = writeln!(out, "| **{}** | **{total}** |", tr.text("total"));
        }
        out.push('\n');
    }
    let count = attendance.organisations_count;
    let line = match &attendance.organisations {
        Some(names) if !names.is_empty() => {
            let names: Vec<String> = names.iter().map(|n| inline(n)).collect();
            tr.with(
                "organisations-named",
                &[("count", count.into()), ("names", names.join(", ").into())],
            )
        }
        _ => tr.count("organisations", count),
    };
    let _ = writeln!(out, "{line}\n");
}

fn timetable(out: &mut String, minutes: &Minutes, tr: &Translator) {
    let _ = write!(
        out,
        "## {}\n\n{}\n|---:|---|---|---|---:|---:|---:|\n",
        tr.text("heading-timetable"),
        tr.text("timetable-header")
    );
    for session in &minutes.sessions {
        let (start, length, diff) = match session.actual_s {
            Some(actual) => (
                session.started_at.map(|t| minutes.time(t)).unwrap_or_default(),
                unbroken(actual),
                signed(session.planned_s, actual),
            ),
            None => ("—".to_string(), tr.text("not-held"), "—".to_string()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {}–{} | {start} | {} | {length} | {diff} |",
            session.number,
            inline(&session.title),
            words::stamp(tr, &session.planned_start),
            words::stamp(tr, &session.planned_end),
            unbroken(session.planned_s),
        );
    }
    out.push('\n');
    catch_ups(out, minutes, tr);
}

/// The internal minutes' line for each catch-up accepted, under the timetable: "*Catch-up
/// accepted at 20:12: 5 sessions trimmed by 15 min; projected end 21:00.*" Nothing when none.
fn catch_ups(out: &mut String, minutes: &Minutes, tr: &Translator) {
    let Some(lines) = minutes.catch_ups.as_ref().filter(|lines| !lines.is_empty()) else {
        return;
    };
    for line in lines {
        // The end carries its day when it falls on another day than the acceptance.
        let end = if minutes.event.several_days || line.projected_end.date() != line.at.date_naive()
        {
            format!(
                "{} {}",
                tr.weekday_short(line.projected_end.weekday()),
                line.projected_end.format("%H:%M")
            )
        } else {
            line.projected_end.format("%H:%M").to_string()
        };
        let summary = words::catch_up(tr, line.sessions, line.trimmed_s);
        let _ = writeln!(
            out,
            "{}\n",
            tr.with(
                "catch-up",
                &[
                    ("at", minutes.time(line.at).into()),
                    ("summary", summary.into()),
                    ("end", end.into())
                ]
            )
        );
    }
}

/// "**Question** 18:05: text — *who*": the item's line; a moved item says where it was
/// captured, since its time belongs to that session.
fn item_line(item: &ItemMinutes, minutes: &Minutes, tr: &Translator) -> String {
    let moved = match item.captured_in.and_then(|n| minutes.sessions.get(n - 1)) {
        Some(from) => {
            let session = format!("{}. {}", from.number, inline(&from.title));
            format!(" {}", tr.with("item-moved", &[("session", session.into())]))
        }
        None => String::new(),
    };
    // The number the section "Questions from phones" names it by, where it does.
    let number = if item.numbered {
        format!(" {}{}", item.kind.letter(), item.number)
    } else {
        String::new()
    };
    let mut line = tr.with(
        "item",
        &[
            ("kind", tr.text(words::title_id(item.kind)).into()),
            ("number", number.into()),
            ("time", hours_minutes(item.at).into()),
            ("moved", moved.into()),
            ("text", inline(&item.text).into()),
        ],
    );
    if let Some(by) = &item.by {
        let _ = write!(line, " — *{}*", words::person(tr, by));
    }
    if item.kind == ItemKind::Action {
        if let Some(who) = &item.owner {
            let _ = write!(
                line,
                " · {}",
                tr.with("item-owner", &[("owner", words::person(tr, who).into())])
            );
        }
        if let Some(due) = item.due {
            let due = due.format("%Y-%m-%d").to_string();
            let _ = write!(line, " · {}", tr.with("item-due", &[("due", due.into())]));
        }
    }
    if !item.themes.is_empty() {
        let themes: Vec<String> = item.themes.iter().map(|t| inline(t)).collect();
        let _ =
            write!(line, " · {}", tr.with("item-themes", &[("themes", themes.join(", ").into())]));
    }
    if item.open {
        let _ = write!(line, " · {}", tr.text("item-open"));
    }
    match item.parked {
        Some(ParkedStatus::Open) => {
            let _ = write!(line, " · {}", tr.text("item-parked"));
        }
        Some(ParkedStatus::Resolved) => {
            let _ = write!(line, " · {}", tr.text("item-parked-resolved"));
        }
        None => {}
    }
    // Only the internal minutes show it; a note says it by its kind.
    if item.internal && item.kind != ItemKind::Note {
        let _ = write!(line, " · {}", tr.text("item-internal"));
    }
    line
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn sessions(out: &mut String, minutes: &Minutes, tr: &Translator) {
    let _ = write!(out, "## {}\n\n", tr.text("heading-sessions"));
    for session in &minutes.sessions {
        let _ = writeln!(out, "### {}. {}\n", session.number, inline(&session.title));
        let mut facts = Vec::new();
        if let Some(format) = session.format.and_then(crate::agenda::Format::parse) {
            facts.push(tr.text(words::format_id(format)));
        }
        if let Some(lead) = &session.lead {
            facts.push(tr.with("session-lead", &[("lead", words::person(tr, lead).into())]));
        }
        match session.actual_s {
            Some(actual) => {
                let length = tr.with(
                    "session-length",
                    &[
                        ("actual", format_duration(Duration::from_secs(actual)).into()),
                        ("timebox", format_duration(Duration::from_secs(session.timebox_s)).into()),
                    ],
                );
                facts.push(format!(
                    "{}{} · {length}",
                    session.started_at.map(|t| minutes.time(t)).unwrap_or_default(),
                    session.ended_at.map(|t| format!("–{}", hours_minutes(t))).unwrap_or_default(),
                ))
            }
            None => facts.push(tr.text("not-held")),
        }
        if session.timebox_s != session.planned_s {
            facts.push(tr.with(
                "timebox-changed",
                &[
                    ("from", format_duration(Duration::from_secs(session.planned_s)).into()),
                    ("to", format_duration(Duration::from_secs(session.timebox_s)).into()),
                ],
            ));
        }
        let _ = writeln!(out, "*{}*\n", facts.join(" · "));
        if session.items.is_empty() {
            let _ = writeln!(out, "{}\n", tr.text("nothing-captured"));
            continue;
        }
        for item in &session.items {
            let _ = writeln!(out, "- {}", item_line(item, minutes, tr));
            // Answers from several laptops are all kept, in clock order.
            for answer in &item.answers {
                let _ =
                    writeln!(out, "  - {}", tr.with("answer", &[("text", inline(answer).into())]));
            }
        }
        out.push('\n');
    }
}

/// "3. Title": how the consolidated lists name a session.
fn session_name(minutes: &Minutes, number: usize) -> String {
    minutes
        .sessions
        .get(number.wrapping_sub(1))
        .map(|s| format!("{}. {}", s.number, inline(&s.title)))
        .unwrap_or_default()
}

/// "(session 3. Title)".
fn in_session(minutes: &Minutes, number: usize, tr: &Translator) -> String {
    tr.with("in-session", &[("session", session_name(minutes, number).into())])
}

/// " — *who*" when someone is shown as having raised it.
fn by_line(item: &ItemMinutes, tr: &Translator) -> String {
    item.by.as_ref().map(|by| format!(" — *{}*", words::person(tr, by))).unwrap_or_default()
}

fn consolidated(
    out: &mut String,
    minutes: &Minutes,
    by_id: &HashMap<&str, &ItemMinutes>,
    tr: &Translator,
) {
    let list = |places: &[(usize, usize)]| minutes.at(places);

    let _ = write!(out, "## {}\n\n", tr.text("heading-open-questions"));
    let open = list(&minutes.open_places);
    if open.is_empty() {
        let _ = writeln!(out, "{}\n", tr.text("all-answered"));
    } else {
        for item in open {
            let _ = writeln!(
                out,
                "- {}{} {}",
                inline(&item.text),
                by_line(item, tr),
                in_session(minutes, item.session, tr)
            );
        }
        out.push('\n');
    }
    parked_open(out, minutes, by_id, tr);

    let _ = write!(out, "## {}\n\n", tr.text("heading-concerns"));
    if minutes.concerns_by_theme.is_empty() {
        let _ = writeln!(out, "{}\n", tr.text("no-concerns"));
    }
    for group in &minutes.concerns_by_theme {
        let heading = match &group.theme {
            Some(theme) => inline(theme),
            None => tr.text("without-theme"),
        };
        let _ = writeln!(out, "### {heading}\n");
        for item in list(&group.places) {
            // A concern with several themes is listed under each: say so, so it is not
            // counted twice.
            let others: Vec<String> = item
                .themes
                .iter()
                .filter(|t| Some(*t) != group.theme.as_ref())
                .map(|t| inline(t))
                .collect();
            let also = if others.is_empty() {
                String::new()
            } else {
                format!(" {}", tr.with("also-under", &[("themes", others.join(", ").into())]))
            };
            let _ = writeln!(out, "- {}{}{also}", inline(&item.text), by_line(item, tr));
        }
        out.push('\n');
    }

    let _ = write!(out, "## {}\n\n", tr.text("heading-actions"));
    let actions = list(&minutes.action_places);
    if actions.is_empty() {
        let _ = writeln!(out, "{}\n", tr.text("no-actions"));
    } else {
        let _ = write!(out, "{}\n|---|---|---|---|\n", tr.text("actions-header"));
        for item in actions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                inline(&item.text),
                item.owner.as_deref().map(|o| words::person(tr, o)).unwrap_or_else(|| "—".into()),
                item.due.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "—".into()),
                session_name(minutes, item.session)
            );
        }
        out.push('\n');
    }

    let _ = write!(out, "## {}\n\n", tr.text("heading-decisions"));
    let decisions = list(&minutes.decision_places);
    if decisions.is_empty() {
        let _ = writeln!(out, "{}", tr.text("no-decisions"));
    } else {
        for item in decisions {
            let _ =
                writeln!(out, "- {} {}", inline(&item.text), in_session(minutes, item.session, tr));
        }
    }
}

/// "**Question** Who pays? — *Local residents*": a parked item as the lists name it.
fn parked_item(item: &ItemMinutes, tr: &Translator) -> String {
    format!(
        "**{}** {}{}",
        tr.text(words::title_id(item.kind)),
        inline(&item.text),
        by_line(item, tr)
    )
}

/// Open parked items are follow-ups: listed under the open questions, each with who follows
/// it up (a parked question still unanswered is in both lists). Nothing when none is open.
fn parked_open(
    out: &mut String,
    minutes: &Minutes,
    by_id: &HashMap<&str, &ItemMinutes>,
    tr: &Translator,
) {
    let open: Vec<(&ParkedMinutes, &ItemMinutes)> = minutes
        .parking
        .iter()
        .filter(|p| p.status == ParkedStatus::Open)
        .filter_map(|p| by_id.get(p.item.as_str()).map(|item| (p, *item)))
        .collect();
    if open.is_empty() {
        return;
    }
    let _ = write!(out, "### {}\n\n", tr.text("heading-parked-open"));
    for (parked, item) in open {
        let owner = match &parked.owner {
            Some(owner) => tr.with("item-owner", &[("owner", words::person(tr, owner).into())]),
            None => tr.text("no-owner"),
        };
        let _ = writeln!(
            out,
            "- {} · {owner} {}",
            parked_item(item, tr),
            in_session(minutes, item.session, tr)
        );
    }
    out.push('\n');
}

/// The parking lot: every parked item with who follows it up and whether that is done, in
/// the order parked. Nothing when nothing was parked.
fn parking(
    out: &mut String,
    minutes: &Minutes,
    by_id: &HashMap<&str, &ItemMinutes>,
    tr: &Translator,
) {
    if minutes.parking.is_empty() {
        return;
    }
    let _ = write!(
        out,
        "\n## {}\n\n{}\n|---|---|---|---|\n",
        tr.text("heading-parking"),
        tr.text("parking-header")
    );
    for parked in &minutes.parking {
        let Some(item) = by_id.get(parked.item.as_str()) else { continue };
        let status = match parked.status {
            ParkedStatus::Open => tr.text("parked-open"),
            ParkedStatus::Resolved => tr.text("parked-resolved"),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {status} | {} |",
            parked_item(item, tr),
            parked.owner.as_deref().map(|o| words::person(tr, o)).unwrap_or_else(|| "—".into()),
            session_name(minutes, item.session)
        );
    }
}

/// Why the minutes of a record were not written. The journal still holds everything.
#[derive(Debug, thiserror::Error)]
pub enum MinutesError {
    #[error(
        "cannot write {}: {source}; the journal still holds everything: write them elsewhere with `convene minutes {} -o FILE`, or fix that and write them again",
        path.display(),
        record.display()
    )]
    Write { path: PathBuf, record: PathBuf, source: std::io::Error },
}

#[cfg(test)]
reads_as_message!(MinutesError);

/// Writes both minutes into a record folder, atomically; returns their paths.
pub fn write_record(
    dir: &Path,
    agenda: &Agenda,
    entries: &[Entry],
) -> Result<[PathBuf; 2], MinutesError> {
    let internal = dir.join(INTERNAL_FILE);
    let public = dir.join(PUBLIC_FILE);
    let texts = render_both(agenda, entries);
    remove_stale_temporaries(dir);
    for (path, text) in [(&internal, &texts[0]), (&public, &texts[1])] {
        replace(path, text).map_err(|source| MinutesError::Write {
            path: path.clone(),
            record: dir.to_path_buf(),
            source,
        })?;
    }
    Ok([internal, public])
}

#[cfg(test)]
mod parking_tests;
#[cfg(test)]
mod phones_tests;
#[cfg(test)]
mod speaking_tests;
#[cfg(test)]
mod tests;
