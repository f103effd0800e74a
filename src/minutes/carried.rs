//! "You said, we did": the items carried from earlier records, with where each was raised,
//! what happened to it since, and its status now. The model part is in the minutes model
//! (`Minutes::you_said_we_did`, built here); the Markdown section is written here, after the
//! sessions and before the consolidated lists.
//!
//! Its words are the `carried-*` messages of `locales/<lang>/minutes.ftl`.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use super::attribution::Audience;
use super::model::Minutes;
use crate::agenda::{Agenda, Attribution};
use crate::event::{ItemKind, Raiser, Status};
use crate::i18n::Translator;
use crate::live::{CarriedItem, Live};
use crate::markdown::inline;

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
fn status_line(tr: &Translator, status: Option<Status>, note: Option<&str>, none: &str) -> String {
    let word = |status: Status| {
        tr.text(match status {
            Status::Answered => "carried-status-answered",
            Status::Done => "carried-status-done",
            Status::InProgress => "carried-status-in-progress",
            Status::Dropped => "carried-status-dropped",
        })
    };
    match (status, note) {
        (Some(status), Some(note)) => format!("{} — {}", word(status), inline(note)),
        (Some(status), None) => word(status),
        (None, _) => tr.text(none),
    }
}

/// The Markdown section, in the minutes' language; nothing when no item was carried (or
/// none is in this version).
pub fn render(out: &mut String, minutes: &Minutes, tr: &Translator) {
    let items = &minutes.you_said_we_did;
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "## {}\n\n{}\n", tr.text("carried-heading"), tr.text("carried-intro"));
    for item in items {
        let number = format!("{}{}", item.kind.letter(), item.number);
        let place = tr.with(
            "carried-raised-at",
            &[
                ("item", number.into()),
                ("title", item.raised_in.title.clone().into()),
                ("date", tr.date_plain(item.raised_in.date).into()),
            ],
        );
        let mut line = format!(
            "- {}",
            tr.with(
                "carried-item",
                &[("place", inline(&place).into()), ("text", inline(&item.text).into())]
            )
        );
        if let Some(by) = &item.by {
            let _ =
                write!(line, " — {}", tr.with("carried-raised-by", &[("who", inline(by).into())]));
        }
        if let Some(owner) = &item.owner {
            let _ =
                write!(line, " · {}", tr.with("carried-owner", &[("who", inline(owner).into())]));
        }
        if let Some(due) = item.due {
            let _ = write!(
                line,
                " · {}",
                tr.with("carried-due", &[("date", tr.date_plain(due).into())])
            );
        }
        for theme in &item.themes {
            let _ = write!(line, " #{}", inline(theme));
        }
        let _ = writeln!(out, "{line}");
        for step in &item.history {
            let at = format!("{}, {}", step.title, tr.date_plain(step.date));
            let status = status_line(tr, step.status, step.note.as_deref(), "carried-no-update");
            let _ = writeln!(
                out,
                "  - {}",
                tr.with(
                    "carried-step",
                    &[("where", inline(&at).into()), ("status", status.into())]
                )
            );
        }
        let status = status_line(tr, item.status, item.note.as_deref(), "carried-no-update-yet");
        let _ = writeln!(
            out,
            "  - {}",
            tr.with(
                "carried-step",
                &[("where", tr.text("carried-now").into()), ("status", status.into())]
            )
        );
    }
    out.push('\n');
}
