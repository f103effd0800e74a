//! The minutes' section "Questions from phones" (`convene run --share`): every submission in
//! the order received with what became of it.
//!
//! The internal version lists them all as typed, with the name typed on the phone and the
//! reason a submission was not taken up. The public one lists only what was taken up: an
//! approved question by its number and its text as approved (the question of its session),
//! a submission merged into a question by that question's number alone (its own text was
//! not approved as such); the rest it counts without a word of their text, since nothing
//! unapproved is ever public.

use std::collections::HashMap;
use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::Minutes;
use super::attribution::Audience;
use crate::event::ItemId;
use crate::i18n::Translator;
use crate::live::{Item, Live, Outcome};
use crate::markdown::inline;

/// The questions sent from phones, counted and listed.
#[derive(Clone, Debug, Serialize)]
pub struct PhonesMinutes {
    pub received: usize,
    pub approved: usize,
    pub merged: usize,
    pub rejected: usize,
    /// Not moderated when the record ends.
    pub pending: usize,
    /// How many `submissions` leaves out: none in the internal version; in the public one
    /// those not taken up or not moderated, and those whose question is not in it (deleted
    /// since, or kept internal).
    pub not_listed: usize,
    /// In the order received: every one internally; in public only those taken up.
    pub submissions: Vec<SubmissionMinutes>,
    /// Of `not_listed`: approved or merged, but their question is not in this version.
    #[serde(skip)]
    withdrawn: usize,
}

/// What became of a submission.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SubmissionOutcome {
    /// It became a question of its own (`item`).
    Approved,
    /// It asks what `item` asks.
    Merged,
    /// Not taken up (internal only).
    Rejected,
    /// Nobody decided (internal only).
    Pending,
}

/// Where an approved question stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuestionState {
    /// Answered during the event.
    AnsweredLive,
    /// Answered after the event ended, in corrections.
    AnsweredInWriting,
    /// Not answered: a follow-up, to be answered in writing.
    Open,
    /// Deleted since it was approved (internal only).
    Deleted,
}

impl QuestionState {
    fn of(item: &Item) -> QuestionState {
        if item.deleted {
            QuestionState::Deleted
        } else if item.answer().is_none() {
            QuestionState::Open
        } else if item.answered_after_end {
            QuestionState::AnsweredInWriting
        } else {
            QuestionState::AnsweredLive
        }
    }

    fn message(self) -> &'static str {
        match self {
            QuestionState::AnsweredLive => "state-answered-live",
            QuestionState::AnsweredInWriting => "state-answered-in-writing",
            QuestionState::Open => "state-open",
            QuestionState::Deleted => "state-deleted",
        }
    }
}

/// One submission as this version gives it.
#[derive(Clone, Debug, Serialize)]
pub struct SubmissionMinutes {
    /// Its inbox line's id; an approved submission's question has the same.
    pub id: String,
    /// When the hub received it.
    pub received_at: DateTime<FixedOffset>,
    pub outcome: SubmissionOutcome,
    /// The question it became (approved) or was merged into, by id.
    pub item: Option<String>,
    /// Where its question stands, when approved.
    pub state: Option<QuestionState>,
    /// As typed on the phone: internal only.
    pub text: Option<String>,
    /// The name typed on the phone, if any: internal only.
    pub name: Option<String>,
    /// Why it was not taken up: internal only.
    pub reason: Option<String>,
    /// Its question's number as the live screen gives it ("Q7").
    #[serde(skip)]
    label: Option<String>,
    /// Where its question is in `sessions` (session, position), when this version has it.
    #[serde(skip)]
    pub(super) place: Option<(usize, usize)>,
}

/// "Q7": an item as the live screen's lists number it.
fn label(item: &Item) -> String {
    format!("{}{}", item.kind.letter(), item.number)
}

/// The submissions of a replayed event for an audience; None when none was received.
/// `shown` is where each item of this version is in its sessions.
pub(super) fn build(
    live: &Live,
    audience: Audience,
    shown: &HashMap<ItemId, (usize, usize)>,
) -> Option<PhonesMinutes> {
    let inbox = &live.inbox;
    if inbox.submissions().is_empty() {
        return None;
    }
    let counts = inbox.counts();
    let internal = audience == Audience::Internal;
    let mut submissions = Vec::new();
    let mut withdrawn = 0;
    for submission in inbox.submissions() {
        let (outcome, target, reason) = match &submission.outcome {
            Outcome::Approved => (SubmissionOutcome::Approved, Some(submission.id), None),
            Outcome::Merged(into) => (SubmissionOutcome::Merged, Some(*into), None),
            Outcome::Rejected(reason) => (SubmissionOutcome::Rejected, None, Some(reason)),
            Outcome::Pending => (SubmissionOutcome::Pending, None, None),
        };
        let item = target.and_then(|id| live.item(id));
        let place = target.and_then(|id| shown.get(&id).copied());
        if !internal {
            // Nothing unapproved is public, nor a question this version leaves out.
            match outcome {
                SubmissionOutcome::Rejected | SubmissionOutcome::Pending => continue,
                _ if place.is_none() => {
                    withdrawn += 1;
                    continue;
                }
                _ => {}
            }
        }
        submissions.push(SubmissionMinutes {
            id: submission.id.to_string(),
            received_at: submission.at,
            outcome,
            item: target.map(|id| id.to_string()),
            state: (outcome == SubmissionOutcome::Approved)
                .then(|| item.map(QuestionState::of))
                .flatten(),
            text: internal.then(|| submission.text.clone()),
            name: submission.name.clone().filter(|_| internal),
            reason: reason.filter(|_| internal).cloned(),
            label: item.map(label),
            place,
        });
    }
    Some(PhonesMinutes {
        received: counts.received,
        approved: counts.approved,
        merged: counts.merged,
        rejected: counts.rejected,
        pending: counts.pending,
        not_listed: counts.received - submissions.len(),
        submissions,
        withdrawn,
    })
}

/// "Questions from phones: 5 received, 2 approved, 1 merged, 1 rejected, 1 not moderated":
/// the summary's line, nothing when none was received.
pub(super) fn summary(out: &mut String, minutes: &Minutes, tr: &Translator) {
    let Some(phones) = &minutes.phones else { return };
    let _ = write!(
        out,
        "- {}",
        tr.with(
            "phones-summary",
            &[
                ("received", phones.received.into()),
                ("approved", phones.approved.into()),
                ("merged", phones.merged.into()),
                ("rejected", phones.rejected.into()),
            ]
        )
    );
    if phones.pending > 0 {
        let _ = write!(
            out,
            "{}",
            tr.with("phones-summary-pending", &[("pending", phones.pending.into())])
        );
    }
    out.push('\n');
}

/// The section: a table of the submissions this version lists, then what it leaves out,
/// counted. Nothing when none was received.
pub(super) fn render(out: &mut String, minutes: &Minutes, tr: &Translator) {
    let Some(phones) = &minutes.phones else { return };
    let internal = minutes.audience == Audience::Internal;
    let _ = write!(out, "\n## {}\n\n", tr.text("heading-phones"));
    if !phones.submissions.is_empty() {
        let (intro, header) = if internal {
            ("phones-intro-internal", "phones-header-internal")
        } else {
            ("phones-intro-public", "phones-header-public")
        };
        let _ = write!(out, "{}\n\n{}\n|---|---|---|\n", tr.text(intro), tr.text(header));
    }
    let question = |s: &SubmissionMinutes| s.label.clone().unwrap_or_else(|| tr.text("a-question"));
    for submission in &phones.submissions {
        let (text, outcome) = match submission.outcome {
            SubmissionOutcome::Approved => {
                let state = submission.state.map_or(String::new(), |s| tr.text(s.message()));
                if internal {
                    (submitted(submission), format!("{}, {state}", question(submission)))
                } else {
                    // The question as approved: its text in its session, names replaced.
                    let text = submission
                        .place
                        .and_then(|place| minutes.at(&[place]).first().map(|i| inline(&i.text)))
                        .unwrap_or_default();
                    (format!("{}: {text}", question(submission)), state)
                }
            }
            SubmissionOutcome::Merged => {
                let deleted = if internal && submission.place.is_none() {
                    format!(" {}", tr.text("phones-deleted-since"))
                } else {
                    String::new()
                };
                let text = if internal { submitted(submission) } else { "—".to_string() };
                let merged = tr.with("phones-merged", &[("question", question(submission).into())]);
                (text, format!("{merged}{deleted}"))
            }
            SubmissionOutcome::Rejected => (
                submitted(submission),
                tr.with(
                    "phones-rejected",
                    &[(
                        "reason",
                        submission.reason.as_deref().map(inline).unwrap_or_default().into(),
                    )],
                ),
            ),
            SubmissionOutcome::Pending => (submitted(submission), tr.text("phones-pending")),
        };
        let _ = writeln!(out, "| {} | {text} | {outcome} |", minutes.time(submission.received_at));
    }
    if let Some(sentence) = left_out(phones, tr) {
        if !phones.submissions.is_empty() {
            out.push('\n');
        }
        let _ = writeln!(out, "{sentence}");
    }
}

/// The text typed on the phone, and the name typed with it: "Who pays? — *Kari*".
fn submitted(submission: &SubmissionMinutes) -> String {
    let mut text = inline(submission.text.as_deref().unwrap_or_default());
    if let Some(name) = &submission.name {
        let _ = write!(text, " — *{}*", inline(name));
    }
    text
}

/// "2 submissions were not taken up and 1 was not moderated; their texts are not
/// published.": what the public version leaves out, counted. None when it leaves out none.
fn left_out(phones: &PhonesMinutes, tr: &Translator) -> Option<String> {
    if phones.not_listed == 0 {
        return None;
    }
    let reasons = [
        (phones.rejected, "left-rejected"),
        (phones.pending, "left-pending"),
        (phones.withdrawn, "left-withdrawn"),
    ];
    let mut parts: Vec<String> = Vec::new();
    for (count, what) in reasons.into_iter().filter(|(count, _)| *count > 0) {
        let id = if parts.is_empty() { "left-first" } else { "left-next" };
        // The words agree with the count ("was not taken up", "were not taken up").
        let what = tr.count(what, count);
        parts.push(tr.with(id, &[("count", count.into()), ("what", what.into())]));
    }
    if parts.is_empty() {
        return None;
    }
    let listed = super::words::listed(tr, parts);
    Some(tr.with("left-out", &[("count", phones.not_listed.into()), ("listed", listed.into())]))
}

/// Where the questions the listed submissions became or were merged into are in
/// `sessions`: their lines there carry their number ("Q7"), which the section names.
pub(super) fn numbered(phones: &PhonesMinutes) -> impl Iterator<Item = (usize, usize)> + '_ {
    phones.submissions.iter().filter_map(|s| s.place)
}
