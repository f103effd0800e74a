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

use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Timelike};

pub use attribution::{Audience, lead_raiser, owner, raised_by};
pub use carried::CarriedMinutes;
pub use files::{remove_stale_temporaries, replace};
pub use model::{ItemMinutes, Minutes, ParkedMinutes, ParkedStatus, SessionMinutes};
pub use phones::{PhonesMinutes, QuestionState, SubmissionMinutes, SubmissionOutcome};
pub use redact::Redactor;
pub use tally::TallyMinutes;

use crate::agenda::{Agenda, format_duration};
use crate::event::{DeviceId, Entry, ItemKind};
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
fn held_at(several_days: bool, t: DateTime<FixedOffset>) -> String {
    if several_days { format!("{} {}", t.format("%a"), hours_minutes(t)) } else { hours_minutes(t) }
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
    let replayed = fold(agenda, entries);
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

/// The Markdown of a minutes model.
pub fn markdown(minutes: &Minutes) -> String {
    let items = minutes.items().count();
    let mut out = String::with_capacity(4096 + items * 160);
    title_block(&mut out, minutes);
    summary(&mut out, minutes);
    attendance(&mut out, minutes);
    timetable(&mut out, minutes);
    sessions(&mut out, minutes);
    carried::render(&mut out, minutes);
    // Parked items are found by id; only a record with a parking lot needs the lookup.
    let by_id: HashMap<&str, &ItemMinutes> = if minutes.parking.is_empty() {
        HashMap::new()
    } else {
        minutes.items().map(|i| (i.id.as_str(), i)).collect()
    };
    consolidated(&mut out, minutes, &by_id);
    parking(&mut out, minutes, &by_id);
    phones::render(&mut out, minutes);
    tally::render(&mut out, minutes);
    speaking(&mut out, minutes);
    room(&mut out, minutes);
    journals::render(&mut out, &minutes.journals, minutes.facilitator);
    out
}

/// The time taken from the speaking queues: per stakeholder group in both versions; per
/// speaker in the internal one (in the public one only those who consented, under `named`);
/// every turn per session in the internal one. Nothing when no queue was used.
fn speaking(out: &mut String, minutes: &Minutes) {
    let Some(speaking) = &minutes.speaking else { return };
    out.push_str("\n## Speaking time\n\n");
    if speaking.turns == 0 {
        out.push_str("Nobody spoke from the speaking queue.\n");
    } else {
        let turns = if speaking.turns == 1 {
            "1 turn".to_string()
        } else {
            format!("{} turns", speaking.turns)
        };
        let mut lanes = Vec::new();
        match speaking.points_of_order {
            0 => {}
            1 => lanes.push("1 point of order".to_string()),
            n => lanes.push(format!("{n} points of order")),
        }
        match speaking.direct_replies {
            0 => {}
            1 => lanes.push("1 direct reply".to_string()),
            n => lanes.push(format!("{n} direct replies")),
        }
        let lanes = if lanes.is_empty() {
            String::new()
        } else {
            format!(", of which {}", lanes.join(" and "))
        };
        let _ = writeln!(
            out,
            "{turns} from the speaking queue{lanes}: {} in all, measured on the sessions' timers.",
            format_duration(Duration::from_secs(speaking.seconds))
        );
    }
    let share = |seconds: u64| {
        let rounded = seconds.saturating_mul(100).saturating_add(speaking.seconds / 2);
        rounded.checked_div(speaking.seconds).map_or_else(|| "—".to_string(), |p| format!("{p}%"))
    };
    let grouped = speaking.groups.iter().any(|g| g.group.is_some());
    if grouped && speaking.turns > 0 {
        out.push_str(
            "\n| Stakeholder group | Turns | Speaking time | Share |\n|---|---:|---:|---:|\n",
        );
        for group in &speaking.groups {
            let name = match &group.group {
                Some(name) => inline(name),
                None => "In no stakeholder group".to_string(),
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
        out.push_str(
            "\n| Speaker | Stakeholder group | Turns | Speaking time |\n|---|---|---:|---:|\n",
        );
        for speaker in &speaking.speakers {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                inline(&speaker.name),
                speaker.group.as_deref().map(inline).unwrap_or_else(|| "—".into()),
                speaker.turns,
                unbroken(speaker.seconds)
            );
        }
    }
    if minutes.audience == Audience::Public && speaking.turns > 0 {
        out.push_str(if minutes.event.attribution == "named" {
            "\nSpeakers are named only with their consent; everyone counts in their group.\n"
        } else {
            "\nSpeaking time is given per stakeholder group only.\n"
        });
    }
    for session in speaking.sessions.iter().flatten() {
        let _ = writeln!(out, "\n### {}\n", session_name(minutes, session.session));
        let _ = writeln!(
            out,
            "*Each speaker {}*\n",
            format_duration(Duration::from_secs(session.speaker_s))
        );
        if session.turns.is_empty() {
            out.push_str("Nobody had the floor.\n");
        }
        for turn in &session.turns {
            let lane = match turn.lane {
                crate::event::Lane::Normal => String::new(),
                lane => format!(" ({})", lane.label()),
            };
            let _ = writeln!(
                out,
                "- {} {}{lane}: {}",
                minutes.time(turn.at),
                inline(&turn.who),
                format_duration(Duration::from_secs(turn.seconds))
            );
        }
        if !session.waiting.is_empty() {
            let names: Vec<String> = session.waiting.iter().map(|n| inline(n)).collect();
            let _ = writeln!(out, "\nStill waiting: {}.", names.join(", "));
        }
    }
}

/// The internal minutes' timeline of what the room display was given besides the time:
/// "19:32 shown: Please wrap up", "19:40 blackout". Nothing when it was given nothing.
fn room(out: &mut String, minutes: &Minutes) {
    let Some(lines) = minutes.room.as_ref().filter(|lines| !lines.is_empty()) else { return };
    out.push_str("\n## Messages to the room\n\n");
    for line in lines {
        let what = match line.what {
            "display_back" => "display back",
            what => what,
        };
        let _ = write!(out, "- {} {what}", minutes.time(line.at));
        match (&line.text, line.what) {
            (Some(text), "shown") => {
                let _ = writeln!(out, ": {}", inline(text));
            }
            (_, "pinned") => {
                let _ = writeln!(out, " {}", line.label.as_deref().unwrap_or("a question"));
            }
            _ => out.push('\n'),
        }
    }
}

fn title_block(out: &mut String, minutes: &Minutes) {
    let event = &minutes.event;
    let version = match minutes.audience {
        Audience::Internal => "Minutes (internal)",
        Audience::Public => "Minutes",
    };
    let _ = writeln!(out, "# {} — {version}\n", inline(&event.title));
    if let Some(reopened) = event.reopened_at {
        let _ = writeln!(
            out,
            "**Provisional:** reopened for corrections on {}; these minutes show the corrections made so far.\n",
            reopened.format("%A %-d %B %Y %H:%M")
        );
    } else if minutes.provisional {
        out.push_str("**Provisional:** the event has not ended; these minutes were written from an unfinished record.\n\n");
    }
    let actual = match (event.started_at, event.ended_at) {
        (Some(first), Some(last)) => format!("{}–{}", minutes.time(first), minutes.time(last)),
        _ => "not started".to_string(),
    };
    out.push_str("| | |\n|---|---|\n");
    let _ = writeln!(out, "| Event | {} |", event.kind_label);
    let mut date = event.date.format("%A %-d %B %Y").to_string();
    if let Some(held) = event.held_on {
        date.push_str(&format!(" (held on {})", held.format("%A %-d %B %Y")));
    }
    let _ = writeln!(out, "| Date | {date} |");
    if let Some(location) = &event.place {
        let _ = writeln!(out, "| Place | {} |", inline(location));
    }
    let _ = writeln!(
        out,
        "| Time | {actual} (planned {}–{}) |",
        event.planned_start, event.planned_end
    );
    if let Some(corrected) = minutes.event.corrected_at {
        let _ = writeln!(
            out,
            "| Corrected after the event | {} |",
            corrected.format("%A %-d %B %Y %H:%M")
        );
    }
    if let Some(facilitator) = &event.facilitator {
        let _ = writeln!(out, "| Facilitator | {} |", inline(facilitator));
    }
    if let Some(note_taker) = &event.note_taker {
        let _ = writeln!(out, "| Note-taker | {} |", inline(note_taker));
    }
    if minutes.audience == Audience::Public {
        let policy = match event.attribution {
            "named" => "participants are named only with their consent",
            "group" => {
                "Chatham House Rule: contributions are attributed to stakeholder groups, never to people"
            }
            _ => "contributions are not attributed",
        };
        let _ = writeln!(out, "| Attribution | {policy} |");
    }
    out.push('\n');
}

fn summary(out: &mut String, minutes: &Minutes) {
    let summary = &minutes.summary;
    out.push_str("## Summary\n\n");
    let _ = writeln!(out, "- Sessions held: {} of {}", summary.sessions_held, summary.sessions);
    let _ = writeln!(
        out,
        "- Duration: planned {} (all sessions), actual {} (sessions held)",
        format_duration(Duration::from_secs(summary.planned_s)),
        format_duration(Duration::from_secs(summary.actual_s))
    );
    let counts: Vec<String> = summary
        .captured
        .iter()
        .map(|c| {
            let kind = if c.count == 1 { c.kind.label() } else { c.kind.plural() };
            match c.open {
                Some(open) => format!("{} {kind} ({open} open)", c.count),
                None => format!("{} {kind}", c.count),
            }
        })
        .collect();
    let _ = writeln!(out, "- Captured: {}", counts.join(", "));
    if !minutes.parking.is_empty() {
        let open = minutes.parking.iter().filter(|p| p.status == ParkedStatus::Open).count();
        let _ = writeln!(out, "- Parking lot: {} parked ({open} open)", minutes.parking.len());
    }
    phones::summary(out, minutes);
    out.push('\n');
}

/// Who was there: counts per stakeholder group, and the organisations represented (named in
/// the internal version, counted in the public one).
fn attendance(out: &mut String, minutes: &Minutes) {
    let Some(attendance) = &minutes.attendance else { return };
    out.push_str("## Attendance\n\n");
    if !attendance.groups.is_empty() {
        let grouped = attendance.groups.iter().any(|g| g.group.is_some());
        out.push_str("| Stakeholder group | Present |\n|---|---:|\n");
        for count in &attendance.groups {
            let name = match (&count.group, grouped) {
                (Some(name), _) => inline(name),
                (None, true) => "In no stakeholder group".to_string(),
                (None, false) => "Everyone".to_string(),
            };
            let _ = writeln!(out, "| {name} | {} |", count.present);
        }
        if let Some(total) = attendance.total {
            let _ = writeln!(out, "| **Total** | **{total}** |");
        }
        out.push('\n');
    }
    let n = attendance.organisations_count;
    let counted = format!("{n} organisation{} represented", if n == 1 { "" } else { "s" });
    match &attendance.organisations {
        Some(names) if !names.is_empty() => {
            let names: Vec<String> = names.iter().map(|n| inline(n)).collect();
            let _ = writeln!(out, "{}: {}.\n", capitalised(&counted), names.join(", "));
        }
        _ => {
            let _ = writeln!(out, "{}.\n", capitalised(&counted));
        }
    }
}

fn timetable(out: &mut String, minutes: &Minutes) {
    out.push_str("## Timetable\n\n| # | Session | Planned | Actual start | Planned length | Actual length | Difference |\n|---:|---|---|---|---:|---:|---:|\n");
    for session in &minutes.sessions {
        let (start, length, diff) = match session.actual_s {
            Some(actual) => (
                session.started_at.map(|t| minutes.time(t)).unwrap_or_default(),
                unbroken(actual),
                signed(session.planned_s, actual),
            ),
            None => ("—".to_string(), "not held".to_string(), "—".to_string()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {}–{} | {start} | {} | {length} | {diff} |",
            session.number,
            inline(&session.title),
            session.planned_start,
            session.planned_end,
            unbroken(session.planned_s),
        );
    }
    out.push('\n');
    catch_ups(out, minutes);
}

/// The internal minutes' line for each catch-up accepted, under the timetable: "*Catch-up
/// accepted at 20:12: 5 sessions trimmed by 15 min; projected end 21:00.*" Nothing when none.
fn catch_ups(out: &mut String, minutes: &Minutes) {
    let Some(lines) = minutes.catch_ups.as_ref().filter(|lines| !lines.is_empty()) else {
        return;
    };
    for line in lines {
        // The end carries its day when it falls on another day than the acceptance.
        let end = if minutes.event.several_days || line.projected_end.date() != line.at.date_naive()
        {
            line.projected_end.format("%a %H:%M")
        } else {
            line.projected_end.format("%H:%M")
        };
        let _ = writeln!(
            out,
            "*Catch-up accepted at {}: {}; projected end {end}.*\n",
            minutes.time(line.at),
            crate::live::catchup::summary(line.sessions, line.trimmed_s),
        );
    }
}

/// "**Question** 18:05: text — *who*": the item's line; a moved item says where it was
/// captured, since its time belongs to that session.
fn item_line(item: &ItemMinutes, minutes: &Minutes) -> String {
    let moved = match item.captured_in.and_then(|n| minutes.sessions.get(n - 1)) {
        Some(from) => {
            format!(" (captured during {}. {}, moved here)", from.number, inline(&from.title))
        }
        None => String::new(),
    };
    // The number the section "Questions from phones" names it by, where it does.
    let number = if item.numbered {
        format!(" {}{}", item.kind.letter(), item.number)
    } else {
        String::new()
    };
    let mut line = format!(
        "**{}{number}** {}{moved}: {}",
        item.kind.title(),
        hours_minutes(item.at),
        inline(&item.text)
    );
    if let Some(by) = &item.by {
        let _ = write!(line, " — *{}*", inline(by));
    }
    if item.kind == ItemKind::Action {
        if let Some(who) = &item.owner {
            let _ = write!(line, " · owner: {}", inline(who));
        }
        if let Some(due) = item.due {
            let _ = write!(line, " · due {}", due.format("%Y-%m-%d"));
        }
    }
    if !item.themes.is_empty() {
        let themes: Vec<String> = item.themes.iter().map(|t| inline(t)).collect();
        let _ = write!(line, " · themes: {}", themes.join(", "));
    }
    if item.open {
        line.push_str(" · **open**");
    }
    match item.parked {
        Some(ParkedStatus::Open) => line.push_str(" · parked"),
        Some(ParkedStatus::Resolved) => line.push_str(" · parked (resolved)"),
        None => {}
    }
    // Only the internal minutes show it; a note says it by its kind.
    if item.internal && item.kind != ItemKind::Note {
        line.push_str(" · *internal*");
    }
    line
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn sessions(out: &mut String, minutes: &Minutes) {
    out.push_str("## Sessions\n\n");
    for session in &minutes.sessions {
        let _ = writeln!(out, "### {}. {}\n", session.number, inline(&session.title));
        let mut facts = Vec::new();
        if let Some(format) = session.format.and_then(crate::agenda::Format::parse) {
            facts.push(format.label().to_string());
        }
        if let Some(lead) = &session.lead {
            facts.push(format!("lead {}", inline(lead)));
        }
        match session.actual_s {
            Some(actual) => facts.push(format!(
                "{}{} · {} of {}",
                session.started_at.map(|t| minutes.time(t)).unwrap_or_default(),
                session.ended_at.map(|t| format!("–{}", hours_minutes(t))).unwrap_or_default(),
                format_duration(Duration::from_secs(actual)),
                format_duration(Duration::from_secs(session.timebox_s))
            )),
            None => facts.push("not held".to_string()),
        }
        if session.timebox_s != session.planned_s {
            facts.push(format!(
                "timebox changed from {} to {}",
                format_duration(Duration::from_secs(session.planned_s)),
                format_duration(Duration::from_secs(session.timebox_s))
            ));
        }
        let _ = writeln!(out, "*{}*\n", facts.join(" · "));
        if session.items.is_empty() {
            out.push_str("Nothing was captured.\n\n");
            continue;
        }
        for item in &session.items {
            let _ = writeln!(out, "- {}", item_line(item, minutes));
            // Answers from several laptops are all kept, in clock order.
            for answer in &item.answers {
                let _ = writeln!(out, "  - *Answer:* {}", inline(answer));
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

/// " — *who*" when someone is shown as having raised it.
fn by_line(item: &ItemMinutes) -> String {
    item.by.as_ref().map(|by| format!(" — *{}*", inline(by))).unwrap_or_default()
}

fn consolidated(out: &mut String, minutes: &Minutes, by_id: &HashMap<&str, &ItemMinutes>) {
    let list = |places: &[(usize, usize)]| minutes.at(places);

    out.push_str("## Open questions for follow-up\n\n");
    let open = list(&minutes.open_places);
    if open.is_empty() {
        out.push_str("Every question was answered.\n\n");
    } else {
        for item in open {
            let _ = writeln!(
                out,
                "- {}{} (session {})",
                inline(&item.text),
                by_line(item),
                session_name(minutes, item.session)
            );
        }
        out.push('\n');
    }
    parked_open(out, minutes, by_id);

    out.push_str("## Concerns by theme\n\n");
    if minutes.concerns_by_theme.is_empty() {
        out.push_str("No concerns were raised.\n\n");
    }
    for group in &minutes.concerns_by_theme {
        let heading = match &group.theme {
            Some(theme) => inline(theme),
            None => "Without a theme".to_string(),
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
                format!(" (also under {})", others.join(", "))
            };
            let _ = writeln!(out, "- {}{}{also}", inline(&item.text), by_line(item));
        }
        out.push('\n');
    }

    out.push_str("## Actions\n\n");
    let actions = list(&minutes.action_places);
    if actions.is_empty() {
        out.push_str("No actions were agreed.\n\n");
    } else {
        out.push_str("| Action | Owner | Due | Session |\n|---|---|---|---|\n");
        for item in actions {
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                inline(&item.text),
                item.owner.as_deref().map(inline).unwrap_or_else(|| "—".into()),
                item.due.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_else(|| "—".into()),
                session_name(minutes, item.session)
            );
        }
        out.push('\n');
    }

    out.push_str("## Decisions\n\n");
    let decisions = list(&minutes.decision_places);
    if decisions.is_empty() {
        out.push_str("No decisions were recorded.\n");
    } else {
        for item in decisions {
            let _ = writeln!(
                out,
                "- {} (session {})",
                inline(&item.text),
                session_name(minutes, item.session)
            );
        }
    }
}

/// "**Question** Who pays? — *Local residents*": a parked item as the lists name it.
fn parked_item(item: &ItemMinutes) -> String {
    format!("**{}** {}{}", item.kind.title(), inline(&item.text), by_line(item))
}

/// Open parked items are follow-ups: listed under the open questions, each with who follows
/// it up (a parked question still unanswered is in both lists). Nothing when none is open.
fn parked_open(out: &mut String, minutes: &Minutes, by_id: &HashMap<&str, &ItemMinutes>) {
    let open: Vec<(&ParkedMinutes, &ItemMinutes)> = minutes
        .parking
        .iter()
        .filter(|p| p.status == ParkedStatus::Open)
        .filter_map(|p| by_id.get(p.item.as_str()).map(|item| (p, *item)))
        .collect();
    if open.is_empty() {
        return;
    }
    out.push_str("### Parked, still open\n\n");
    for (parked, item) in open {
        let owner = match &parked.owner {
            Some(owner) => format!("owner: {}", inline(owner)),
            None => "no owner".to_string(),
        };
        let _ = writeln!(
            out,
            "- {} · {owner} (session {})",
            parked_item(item),
            session_name(minutes, item.session)
        );
    }
    out.push('\n');
}

/// The parking lot: every parked item with who follows it up and whether that is done, in
/// the order parked. Nothing when nothing was parked.
fn parking(out: &mut String, minutes: &Minutes, by_id: &HashMap<&str, &ItemMinutes>) {
    if minutes.parking.is_empty() {
        return;
    }
    out.push_str("\n## Parking lot\n\n| Item | Owner | Status | Session |\n|---|---|---|---|\n");
    for parked in &minutes.parking {
        let Some(item) = by_id.get(parked.item.as_str()) else { continue };
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            parked_item(item),
            parked.owner.as_deref().map(inline).unwrap_or_else(|| "—".into()),
            parked.status.label(),
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
