//! The minutes' section "Votes and shows of hands": every tally not deleted, in the order
//! they were first recorded, as corrected last. Tallies are not about persons: both versions
//! hold them, the public one with names typed in their text replaced by the policy.
//! Each gives the question, the method and the rule before the numbers, then the numbers
//! with how each was obtained, the number present, the outcome as declared and the checks,
//! those that failed in bold.

use std::fmt::Write as _;

use chrono::{DateTime, FixedOffset};
use serde::Serialize;

use super::attribution::Audience;
use super::redact::Redactor;
use super::{Minutes, hours_minutes};
use crate::live::{Counting, Dots, Live, TallyMethod, TallyRule, dots_handed_out};
use crate::markdown::inline;

/// One vote or show of hands as the minutes give it.
#[derive(Clone, Debug, Serialize)]
pub struct TallyMinutes {
    /// The journal's id: the same in every regeneration.
    pub id: String,
    /// Its number as the live screen says it ("tally 2"): tallies counted in the order they
    /// were first recorded, from 1 (a deleted one leaves its number unused).
    pub number: u64,
    /// The session it was taken in, from 1.
    pub session: usize,
    /// When it was first recorded.
    pub at: DateTime<FixedOffset>,
    /// When it was last corrected.
    pub corrected_at: Option<DateTime<FixedOffset>>,
    /// The question, word for word.
    pub question: String,
    pub method: TallyMethod,
    pub rule: TallyRule,
    pub counts: Vec<CountMinutes>,
    pub present: Option<u32>,
    /// The dots handed out (a dot vote); None for another method.
    pub dots: Option<DotsMinutes>,
    /// The outcome as declared; None when none was recorded.
    pub outcome: Option<String>,
    /// Every check that applies to its numbers, in a fixed order.
    pub checks: Vec<CheckMinutes>,
}

/// The count of one option and how it was obtained.
#[derive(Clone, Debug, Serialize)]
pub struct CountMinutes {
    pub option: String,
    /// None when no number was given.
    pub count: Option<u32>,
    pub how: Counting,
}

/// The dots handed out in a dot vote.
#[derive(Clone, Debug, Serialize)]
pub struct DotsMinutes {
    /// So many to each person present; None when a total was given.
    pub per_person: Option<u32>,
    /// In all; None when not known (none entered, or per person without the number present).
    pub handed_out: Option<u64>,
}

/// One check of a tally's numbers.
#[derive(Clone, Debug, Serialize)]
pub struct CheckMinutes {
    /// Which check: "dots_handed_out", "dots_unknown", "votes_within_present",
    /// "hands_within_present" or "majority_without_number".
    pub check: &'static str,
    pub passed: bool,
    /// What was checked and how it came out: "the 58 dots counted do not match the 60
    /// handed out".
    pub text: String,
}

/// The tallies of an event for an audience.
pub(super) fn build(live: &Live, audience: Audience, redactor: &Redactor) -> Vec<TallyMinutes> {
    let text = |text: &str| -> String {
        match audience {
            Audience::Internal => text.to_string(),
            Audience::Public => redactor.prose(text).into_owned(),
        }
    };
    live.tallies
        .shown()
        .map(|tally| TallyMinutes {
            id: tally.id.to_string(),
            number: tally.number,
            session: tally.session + 1,
            at: tally.at,
            corrected_at: tally.corrected_at,
            question: text(&tally.question),
            method: tally.method,
            rule: tally.rule,
            counts: tally
                .counts
                .iter()
                .map(|c| CountMinutes { option: text(&c.option), count: c.count, how: c.how })
                .collect(),
            present: tally.present,
            dots: (tally.method == TallyMethod::DotVote).then(|| DotsMinutes {
                per_person: match tally.dots {
                    Some(Dots::PerPerson(n)) => Some(n),
                    _ => None,
                },
                handed_out: dots_handed_out(tally.dots, tally.present),
            }),
            outcome: (!tally.outcome.is_empty()).then(|| text(&tally.outcome)),
            checks: tally
                .checks
                .iter()
                .map(|check| CheckMinutes {
                    check: check.name(),
                    passed: check.passed(),
                    text: text(&check.to_string()),
                })
                .collect(),
        })
        .collect()
}

/// The section, when any tally was recorded.
pub(super) fn render(out: &mut String, minutes: &Minutes) {
    if minutes.tallies.is_empty() {
        return;
    }
    out.push_str("\n## Votes and shows of hands\n");
    for tally in &minutes.tallies {
        let session = super::session_name(minutes, tally.session);
        let _ = write!(
            out,
            "\n### Tally {} · session {session} · {}",
            tally.number,
            minutes.time(tally.at)
        );
        if let Some(corrected) = tally.corrected_at {
            let _ = write!(out, " (corrected {})", hours_minutes(corrected));
        }
        let _ = writeln!(out, "\n\n**Question:** {}\n", inline(&tally.question));
        let _ = writeln!(
            out,
            "**Method:** {} · **rule:** {}\n",
            tally.method.label(),
            tally.rule.label()
        );
        out.push_str("| Option | Count | How obtained |\n|---|---:|---|\n");
        for count in &tally.counts {
            let number = count.count.map_or_else(|| "—".to_string(), |n| n.to_string());
            let _ =
                writeln!(out, "| {} | {number} | {} |", inline(&count.option), count.how.label());
        }
        let present = tally.present.map_or_else(|| "not entered".to_string(), |n| n.to_string());
        let _ = write!(out, "\n**Present:** {present}");
        if let Some(dots) = &tally.dots {
            let handed_out = match (dots.per_person, dots.handed_out) {
                (Some(each), Some(all)) => format!("{each} per person, {all} in all"),
                (Some(each), None) => {
                    format!("{each} per person (the number present is not known)")
                }
                (None, Some(all)) => format!("{all} in all"),
                (None, None) => "not entered".to_string(),
            };
            let _ = write!(out, " · **dots handed out:** {handed_out}");
        }
        let outcome = tally.outcome.as_deref().map_or_else(|| "none recorded".to_string(), inline);
        let _ = writeln!(out, "\n\n**Outcome as declared:** {outcome}");
        if !tally.checks.is_empty() {
            out.push('\n');
        }
        for check in &tally.checks {
            let text = inline(&check.text);
            if check.passed {
                let _ = writeln!(out, "- Check passed: {text}.");
            } else {
                let _ = writeln!(out, "- **Check failed: {text}.**");
            }
        }
    }
}

#[cfg(test)]
mod tests;
