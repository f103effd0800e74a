//! "You said, we did": the items carried from earlier records, with where each was raised,
//! what happened to it since, and its status now. The model part is in the minutes model
//! (`Minutes::you_said_we_did`, built here); the Markdown section is written here, after the
//! sessions and before the consolidated lists.
//!
//! Every English word of the section is in [`Words`], so that it moves to the message files
//! in one piece.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use super::attribution::Audience;
use super::model::Minutes;
use crate::agenda::{Agenda, Attribution};
use crate::event::{ItemKind, Raiser, Status};
use crate::live::{CarriedItem, Live};
use crate::markdown::inline;

/// Every English string of the section.
struct Words;

impl Words {
    const HEADING: &'static str = "## You said, we did";
    const INTRO: &'static str = "What was raised at earlier events and still open when they ended, and what happened since.";
    const NOW: &'static str = "Now";
    const NO_UPDATE: &'static str = "no update yet";
    const NO_UPDATE_THERE: &'static str = "no update";
    const RAISED_BY: &'static str = "raised by";
    const OWNER: &'static str = "owner";
    const DUE: &'static str = "due";

    /// "Q3 at Porsgrunn Citizen Lab 2025, 14 May 2025".
    fn raised_at(kind: ItemKind, number: u64, title: &str, date: NaiveDate) -> String {
        format!("{}{number} at {title}, {}", kind.letter(), Words::date(date))
    }

    /// "Porsgrunn Citizen Lab 2026, 13 May 2026".
    fn at(title: &str, date: NaiveDate) -> String {
        format!("{title}, {}", Words::date(date))
    }

    fn date(date: NaiveDate) -> String {
        date.format("%-d %B %Y").to_string()
    }

    fn status(status: Status) -> &'static str {
        status.label()
    }
}

/// One carried item in the minutes.
#[derive(Clone, Debug, Serialize)]
pub struct CarriedMinutes {
    /// Its id in the record it was first raised in.
    pub id: String,
    pub kind: ItemKind,
    /// Its number there ("Q3").
    pub number: u64,
    pub raised_in: RaisedIn,
    pub text: String,
    /// Who raised it, under the stricter of that record's policy and this one's.
    pub by: Option<String>,
    /// Who follows it up (an action's owner), as the policy shows an owner.
    pub owner: Option<String>,
    pub due: Option<NaiveDate>,
    pub themes: Vec<String>,
    /// Its status at the end of each record it was carried into before this one.
    pub history: Vec<StepMinutes>,
    /// Its status in this record; None: no update yet.
    pub status: Option<Status>,
    pub note: Option<String>,
}

/// A record, as an item carried from it or through it names it.
#[derive(Clone, Debug, Serialize)]
pub struct RaisedIn {
    pub record: String,
    pub title: String,
    pub date: NaiveDate,
}

/// What an earlier record said of a carried item.
#[derive(Clone, Debug, Serialize)]
pub struct StepMinutes {
    pub record: String,
    pub title: String,
    pub date: NaiveDate,
    pub status: Option<Status>,
    pub note: Option<String>,
}

fn strictness(attribution: Attribution) -> u8 {
    match attribution {
        Attribution::Named => 0,
        Attribution::Group => 1,
        Attribution::Anonymous => 2,
    }
}

/// Who raised it in this version: internal, as its record named them; public, under the
/// stricter of its record's policy and this record's (anonymous > group > named).
fn by(item: &CarriedItem, agenda: &Agenda, audience: Audience) -> Option<String> {
    if audience == Audience::Internal {
        return item.raised.internal.clone();
    }
    let theirs = Attribution::parse(&item.from.attribution).unwrap_or(Attribution::Anonymous);
    let policy = if strictness(theirs) > strictness(agenda.attribution) {
        theirs
    } else {
        agenda.attribution
    };
    match policy {
        Attribution::Named => item.raised.named.clone(),
        Attribution::Group => item.raised.group.clone(),
        Attribution::Anonymous => None,
    }
}

/// Who follows it up: in public only an institution or a group, never a person.
fn owner(item: &CarriedItem, agenda: &Agenda, audience: Audience) -> Option<String> {
    let owner = item.fields.owner.as_ref()?;
    match (audience, owner) {
        (Audience::Internal, owner) => Some(crate::capture::describe(owner, agenda)),
        (_, Raiser::Organisation(name)) => Some(name.clone()),
        (_, Raiser::Group(id)) => {
            Some(agenda.group(id).map(|g| g.name.clone()).unwrap_or_else(|| id.clone()))
        }
        _ => None,
    }
}

/// The section's model: every carried item this version shows, in the order carried.
/// `prose` replaces, in public, the names inside a text as this record's redactor does.
pub fn build(
    live: &Live,
    audience: Audience,
    prose: &dyn Fn(&str) -> String,
) -> Vec<CarriedMinutes> {
    let agenda = &live.agenda;
    let note = |note: &str| (!note.is_empty()).then(|| note.to_string());
    live.carried
        .list()
        .iter()
        .filter(|item| audience == Audience::Internal || !item.is_internal())
        .map(|item| CarriedMinutes {
            id: item.id.to_string(),
            kind: item.kind,
            number: item.number,
            raised_in: RaisedIn {
                record: item.from.record.clone(),
                title: item.from.title.clone(),
                date: item.from.date,
            },
            text: prose(&item.fields.text),
            by: by(item, agenda, audience),
            owner: owner(item, agenda, audience),
            due: item.fields.due,
            themes: item.fields.themes.clone(),
            history: item
                .history
                .iter()
                .map(|step| StepMinutes {
                    record: step.record.clone(),
                    title: step.title.clone(),
                    date: step.date,
                    status: step.status,
                    note: note(&step.note),
                })
                .collect(),
            status: item.status.as_ref().map(|(status, _, _)| *status),
            note: item.status.as_ref().and_then(|(_, text, _)| note(text)),
        })
        .collect()
}

/// "answered — the station is in place", "no update yet".
fn status_line(status: Option<Status>, note: Option<&str>, none: &str) -> String {
    match (status, note) {
        (Some(status), Some(note)) => format!("{} — {}", Words::status(status), inline(note)),
        (Some(status), None) => Words::status(status).to_string(),
        (None, _) => none.to_string(),
    }
}

/// The Markdown section; nothing when no item was carried (or none is in this version).
pub fn render(out: &mut String, minutes: &Minutes) {
    let items = &minutes.you_said_we_did;
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{}\n\n{}\n", Words::HEADING, Words::INTRO);
    for item in items {
        let place =
            Words::raised_at(item.kind, item.number, &item.raised_in.title, item.raised_in.date);
        let mut line = format!("- **{}**: {}", inline(&place), inline(&item.text));
        if let Some(by) = &item.by {
            let _ = write!(line, " — {} {}", Words::RAISED_BY, inline(by));
        }
        if let Some(owner) = &item.owner {
            let _ = write!(line, " · {} {}", Words::OWNER, inline(owner));
        }
        if let Some(due) = item.due {
            let _ = write!(line, " · {} {}", Words::DUE, Words::date(due));
        }
        for theme in &item.themes {
            let _ = write!(line, " #{}", inline(theme));
        }
        let _ = writeln!(out, "{line}");
        for step in &item.history {
            let _ = writeln!(
                out,
                "  - {}: {}",
                inline(&Words::at(&step.title, step.date)),
                status_line(step.status, step.note.as_deref(), Words::NO_UPDATE_THERE)
            );
        }
        let _ = writeln!(
            out,
            "  - {}: {}",
            Words::NOW,
            status_line(item.status, item.note.as_deref(), Words::NO_UPDATE)
        );
    }
    out.push('\n');
}
