//! Markdown minutes, written from the journal: the same journal always gives the same bytes.
//!
//! Every time shown comes from the journal, in the UTC offset it was recorded with; nothing
//! reads the clock. Captured text passes through [`crate::markdown::inline`], so it can never
//! become a heading, a list, a link, HTML or break a table.

mod attribution;
mod files;
mod redact;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, FixedOffset, Timelike};

pub use attribution::{Audience, owner, raised_by};
pub use files::{remove_stale_temporaries, replace};

use crate::agenda::{Agenda, format_duration};
use crate::event::{Entry, ItemKind};
use crate::live::{Clock, Item, Live, Now};
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
}

/// Replays a journal. A session still running at its end counts until the last entry.
pub fn fold(agenda: &Agenda, entries: &[Entry]) -> Replayed {
    // After an agenda edit, `agenda` is the edited one: earlier entries are renumbered to it.
    let entries = crate::revision::renumber(entries);
    let entries = &entries[..];
    let mut live = Live::new(agenda.clone());
    let mono = Instant::now();
    let last = entries.last().map(|e| e.at);
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
    }
}

/// "18:05".
fn hours_minutes(t: DateTime<FixedOffset>) -> String {
    format!("{:02}:{:02}", t.hour(), t.minute())
}

/// An actual time as the minutes show it: "18:05", or "Tue 00:20" in every place when the
/// event was held over more than one day, so no time is read on the wrong day.
fn held_at(replayed: &Replayed, t: DateTime<FixedOffset>) -> String {
    let days = (replayed.first.map(|f| f.date_naive()), replayed.last.map(|l| l.date_naive()));
    match days {
        (Some(first), Some(last)) if first != last => {
            format!("{} {}", t.format("%a"), hours_minutes(t))
        }
        _ => hours_minutes(t),
    }
}

fn elapsed(replayed: &Replayed, index: usize) -> Option<Duration> {
    match replayed.live.sessions[index].clock {
        Clock::NotStarted => None,
        clock => Some(clock.elapsed(replayed.mono)),
    }
}

fn signed(planned: Duration, actual: Duration) -> String {
    if actual >= planned {
        format!("+{}", format_duration(actual - planned).replace(' ', "\u{a0}"))
    } else {
        format!("−{}", format_duration(planned - actual).replace(' ', "\u{a0}"))
    }
}

/// Writes the minutes of a journal for an audience.
pub fn render(agenda: &Agenda, entries: &[Entry], audience: Audience) -> String {
    render_replayed(&fold(agenda, entries), audience)
}

/// Both versions, internal then public, from one fold of the journal.
pub fn render_both(agenda: &Agenda, entries: &[Entry]) -> [String; 2] {
    let replayed = fold(agenda, entries);
    [render_replayed(&replayed, Audience::Internal), render_replayed(&replayed, Audience::Public)]
}

/// Writes the minutes of an already folded journal for an audience.
pub fn render_replayed(replayed: &Replayed, audience: Audience) -> String {
    let live = &replayed.live;
    let items: Vec<&Item> = live
        .items
        .iter()
        .filter(|i| !i.deleted && (audience == Audience::Internal || !i.is_internal()))
        .collect();
    // In public, names typed inside the text are replaced as the policy says for each person.
    let redactor = match audience {
        Audience::Internal => redact::Redactor::default(),
        Audience::Public => redact::Redactor::public(&live.agenda, &live.items),
    };
    let public: Vec<Item>;
    let items = match audience {
        Audience::Internal => items,
        Audience::Public => {
            public = items.iter().map(|item| redactor.item(item)).collect();
            public.iter().collect()
        }
    };
    let mut out = String::with_capacity(4096 + items.len() * 160);
    title_block(&mut out, replayed, audience);
    summary(&mut out, replayed, &items, audience);
    timetable(&mut out, replayed);
    sessions(&mut out, replayed, &items, audience, &redactor);
    consolidated(&mut out, replayed, &items, audience);
    out
}

fn title_block(out: &mut String, replayed: &Replayed, audience: Audience) {
    let agenda = &replayed.live.agenda;
    let version = match audience {
        Audience::Internal => "Minutes (internal)",
        Audience::Public => "Minutes",
    };
    let _ = writeln!(out, "# {} — {version}\n", inline(&agenda.title));
    if replayed.provisional {
        out.push_str("**Provisional:** the event has not ended; these minutes were written from an unfinished record.\n\n");
    } else if let Some(reopened) = replayed.live.reopened_at.filter(|_| replayed.live.reopened) {
        let _ = writeln!(
            out,
            "**Provisional:** reopened for corrections on {}; these minutes show the corrections made so far.\n",
            reopened.format("%A %-d %B %Y %H:%M")
        );
    }
    let plan = &replayed.live.plan;
    let actual = match (replayed.first, replayed.last) {
        (Some(first), Some(last)) => {
            format!("{}–{}", held_at(replayed, first), held_at(replayed, last))
        }
        _ => "not started".to_string(),
    };
    out.push_str("| | |\n|---|---|\n");
    let _ = writeln!(out, "| Event | {} |", agenda.kind.label());
    let mut date = agenda.date.format("%A %-d %B %Y").to_string();
    if let Some(held) = replayed.first.map(|t| t.date_naive()).filter(|&d| d != agenda.date) {
        date.push_str(&format!(" (held on {})", held.format("%A %-d %B %Y")));
    }
    let _ = writeln!(out, "| Date | {date} |");
    if let Some(location) = &agenda.location {
        let _ = writeln!(out, "| Place | {} |", inline(location));
    }
    let _ = writeln!(
        out,
        "| Time | {actual} (planned {}–{}) |",
        plan.stamp(plan.start),
        plan.stamp(plan.end())
    );
    if let Some(corrected) = replayed.live.corrected_at {
        let _ = writeln!(
            out,
            "| Corrected after the event | {} |",
            corrected.format("%A %-d %B %Y %H:%M")
        );
    }
    if let Some(facilitator) = &agenda.team.facilitator {
        let _ = writeln!(out, "| Facilitator | {} |", inline(facilitator));
    }
    if let Some(note_taker) = &agenda.team.note_taker {
        let _ = writeln!(out, "| Note-taker | {} |", inline(note_taker));
    }
    if audience == Audience::Public {
        let policy = match agenda.attribution {
            crate::agenda::Attribution::Named => "participants are named only with their consent",
            crate::agenda::Attribution::Group => {
                "Chatham House Rule: contributions are attributed to stakeholder groups, never to people"
            }
            crate::agenda::Attribution::Anonymous => "contributions are not attributed",
        };
        let _ = writeln!(out, "| Attribution | {policy} |");
    }
    out.push('\n');
}

fn summary(out: &mut String, replayed: &Replayed, items: &[&Item], audience: Audience) {
    let live = &replayed.live;
    let held: Vec<usize> =
        (0..live.sessions.len()).filter(|&i| elapsed(replayed, i).is_some()).collect();
    let planned: Duration = live.agenda.sessions.iter().map(|s| s.duration).sum();
    let actual: Duration = held.iter().filter_map(|&i| elapsed(replayed, i)).sum();
    out.push_str("## Summary\n\n");
    let _ = writeln!(out, "- Sessions held: {} of {}", held.len(), live.sessions.len());
    let _ = writeln!(
        out,
        "- Duration: planned {} (all sessions), actual {} (sessions held)",
        format_duration(planned),
        format_duration(Duration::from_secs(actual.as_secs()))
    );
    let mut counts = Vec::new();
    for kind in [
        ItemKind::Question,
        ItemKind::Concern,
        ItemKind::Idea,
        ItemKind::Action,
        ItemKind::Decision,
        ItemKind::Note,
    ] {
        if kind == ItemKind::Note && audience == Audience::Public {
            continue;
        }
        let n = items.iter().filter(|i| i.kind == kind).count();
        let mut text = format!("{n} {}", if n == 1 { kind.label() } else { kind.plural() });
        if kind == ItemKind::Question {
            let open = items.iter().filter(|i| i.kind == kind && i.answer().is_none()).count();
            text.push_str(&format!(" ({open} open)"));
        }
        counts.push(text);
    }
    let _ = writeln!(out, "- Captured: {}\n", counts.join(", "));
}

fn timetable(out: &mut String, replayed: &Replayed) {
    let live = &replayed.live;
    let plan = &live.plan;
    out.push_str("## Timetable\n\n| # | Session | Planned | Actual start | Planned length | Actual length | Difference |\n|---:|---|---|---|---:|---:|---:|\n");
    for (i, session) in live.agenda.sessions.iter().enumerate() {
        let slot = &plan.slots[i];
        let run = &live.sessions[i];
        let (start, length, diff) = match elapsed(replayed, i) {
            Some(actual) => (
                run.started_at.map(|t| held_at(replayed, t)).unwrap_or_default(),
                format_duration(Duration::from_secs(actual.as_secs())).replace(' ', "\u{a0}"),
                signed(session.duration, Duration::from_secs(actual.as_secs())),
            ),
            None => ("—".to_string(), "not held".to_string(), "—".to_string()),
        };
        let _ = writeln!(
            out,
            "| {} | {} | {}–{} | {start} | {} | {length} | {diff} |",
            i + 1,
            inline(&session.title),
            plan.stamp(slot.start),
            plan.stamp(slot.end),
            format_duration(session.duration).replace(' ', "\u{a0}"),
        );
    }
    out.push('\n');
}

/// "**Question** 18:05: text — *who*": the item's line; a moved item says where it was
/// captured, since its time belongs to that session.
fn item_line(item: &Item, replayed: &Replayed, audience: Audience) -> String {
    let agenda = &replayed.live.agenda;
    // A moved item keeps the time it was captured at: say where that was.
    let moved = match agenda.sessions.get(item.captured_in) {
        Some(from) if item.captured_in != item.session => {
            format!(
                " (captured during {}. {}, moved here)",
                item.captured_in + 1,
                inline(&from.title)
            )
        }
        _ => String::new(),
    };
    let mut line = format!(
        "**{}** {}{moved}: {}",
        item.kind.title(),
        hours_minutes(item.at),
        inline(&item.fields.text)
    );
    if let Some(by) = item.fields.by.as_ref().and_then(|r| raised_by(r, agenda, audience)) {
        let _ = write!(line, " — *{}*", inline(&by));
    }
    if item.kind == ItemKind::Action {
        if let Some(who) = item.fields.owner.as_ref().and_then(|r| owner(r, agenda, audience)) {
            let _ = write!(line, " · owner: {}", inline(&who));
        }
        if let Some(due) = item.fields.due {
            let _ = write!(line, " · due {}", due.format("%Y-%m-%d"));
        }
    }
    if !item.fields.themes.is_empty() {
        let themes: Vec<String> = item.fields.themes.iter().map(|t| inline(t)).collect();
        let _ = write!(line, " · themes: {}", themes.join(", "));
    }
    if item.kind == ItemKind::Question && item.answer().is_none() {
        line.push_str(" · **open**");
    }
    // Only the internal minutes show it; a note says it by its kind.
    if item.fields.internal && item.kind != ItemKind::Note {
        line.push_str(" · *internal*");
    }
    line
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

fn sessions(
    out: &mut String,
    replayed: &Replayed,
    items: &[&Item],
    audience: Audience,
    redactor: &redact::Redactor,
) {
    let live = &replayed.live;
    out.push_str("## Sessions\n\n");
    let mut by_session: BTreeMap<usize, Vec<&Item>> = BTreeMap::new();
    for item in items {
        by_session.entry(item.session).or_default().push(item);
    }
    for (i, session) in live.agenda.sessions.iter().enumerate() {
        let _ = writeln!(out, "### {}. {}\n", i + 1, inline(&session.title));
        let mut facts = Vec::new();
        if let Some(format) = session.format {
            facts.push(format.label().to_string());
        }
        let lead =
            session.lead.as_deref().and_then(|l| attribution::lead(l, &live.agenda, audience));
        if let Some(lead) = lead {
            facts.push(format!("lead {}", inline(&redactor.field(&lead))));
        }
        let run = &live.sessions[i];
        match elapsed(replayed, i) {
            Some(actual) => facts.push(format!(
                "{}{} · {} of {}",
                run.started_at.map(|t| held_at(replayed, t)).unwrap_or_default(),
                run.ended_at.map(|t| format!("–{}", hours_minutes(t))).unwrap_or_default(),
                format_duration(Duration::from_secs(actual.as_secs())),
                format_duration(run.timebox)
            )),
            None => facts.push("not held".to_string()),
        }
        if run.timebox != session.duration {
            facts.push(format!(
                "timebox changed from {} to {}",
                format_duration(session.duration),
                format_duration(run.timebox)
            ));
        }
        let _ = writeln!(out, "*{}*\n", facts.join(" · "));
        match by_session.get(&i) {
            None => out.push_str("Nothing was captured.\n\n"),
            Some(list) => {
                for item in list {
                    let _ = writeln!(out, "- {}", item_line(item, replayed, audience));
                    // Answers from several laptops are all kept, in clock order.
                    for (_, answer) in &item.answers {
                        let _ = writeln!(out, "  - *Answer:* {}", inline(answer));
                    }
                }
                out.push('\n');
            }
        }
    }
}

/// "3. Title" for every session, escaped once: the consolidated lists name them often.
fn session_names(replayed: &Replayed) -> Vec<String> {
    replayed
        .live
        .agenda
        .sessions
        .iter()
        .enumerate()
        .map(|(i, s)| format!("{}. {}", i + 1, inline(&s.title)))
        .collect()
}

fn consolidated(out: &mut String, replayed: &Replayed, items: &[&Item], audience: Audience) {
    let agenda = &replayed.live.agenda;
    let names = session_names(replayed);
    let session_name =
        |_: &Replayed, index: usize| names.get(index).map(String::as_str).unwrap_or("");
    let of = |kind: ItemKind| items.iter().filter(move |i| i.kind == kind);

    out.push_str("## Open questions for follow-up\n\n");
    let open: Vec<_> = of(ItemKind::Question).filter(|i| i.answer().is_none()).collect();
    if open.is_empty() {
        out.push_str("Every question was answered.\n\n");
    } else {
        for item in open {
            let mut line = format!("- {}", inline(&item.fields.text));
            if let Some(by) = item.fields.by.as_ref().and_then(|r| raised_by(r, agenda, audience)) {
                let _ = write!(line, " — *{}*", inline(&by));
            }
            let _ = writeln!(out, "{line} (session {})", session_name(replayed, item.session));
        }
        out.push('\n');
    }

    out.push_str("## Concerns by theme\n\n");
    let mut themes: BTreeMap<String, Vec<&Item>> = BTreeMap::new();
    for item in of(ItemKind::Concern) {
        if item.fields.themes.is_empty() {
            themes.entry(String::new()).or_default().push(item);
        }
        for theme in &item.fields.themes {
            themes.entry(theme.clone()).or_default().push(item);
        }
    }
    if themes.is_empty() {
        out.push_str("No concerns were raised.\n\n");
    }
    // Themed concerns first, alphabetically; those without a theme last.
    let mut ordered: Vec<_> = themes.into_iter().collect();
    ordered.sort_by_key(|(theme, _)| (theme.is_empty(), theme.clone()));
    for (theme, list) in ordered {
        let heading = if theme.is_empty() { "Without a theme".to_string() } else { inline(&theme) };
        let _ = writeln!(out, "### {heading}\n");
        for item in list {
            let mut line = format!("- {}", inline(&item.fields.text));
            if let Some(by) = item.fields.by.as_ref().and_then(|r| raised_by(r, agenda, audience)) {
                let _ = write!(line, " — *{}*", inline(&by));
            }
            let _ = writeln!(out, "{line}");
        }
        out.push('\n');
    }

    out.push_str("## Actions\n\n");
    let actions: Vec<_> = of(ItemKind::Action).collect();
    if actions.is_empty() {
        out.push_str("No actions were agreed.\n\n");
    } else {
        out.push_str("| Action | Owner | Due | Session |\n|---|---|---|---|\n");
        for item in actions {
            let who = item.fields.owner.as_ref().and_then(|r| owner(r, agenda, audience));
            let _ = writeln!(
                out,
                "| {} | {} | {} | {} |",
                inline(&item.fields.text),
                who.map(|w| inline(&w)).unwrap_or_else(|| "—".into()),
                item.fields
                    .due
                    .map(|d| d.format("%Y-%m-%d").to_string())
                    .unwrap_or_else(|| "—".into()),
                session_name(replayed, item.session)
            );
        }
        out.push('\n');
    }

    out.push_str("## Decisions\n\n");
    let decisions: Vec<_> = of(ItemKind::Decision).collect();
    if decisions.is_empty() {
        out.push_str("No decisions were recorded.\n");
    } else {
        for item in decisions {
            let _ = writeln!(
                out,
                "- {} (session {})",
                inline(&item.fields.text),
                session_name(replayed, item.session)
            );
        }
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
mod tests;
