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
use crate::i18n::Translator;
use crate::live::{Check, Counting, Dots, Live, TallyMethod, TallyRule, dots_handed_out};
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
    /// The check itself (an option's name as this version shows it), for the Markdown to
    /// say it in its language.
    #[serde(skip)]
    pub(super) detail: Check,
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
                    detail: match check {
                        Check::MajorityWithNumber { option, count } => {
                            Check::MajorityWithNumber { option: text(option), count: *count }
                        }
                        other => other.clone(),
                    },
                })
                .collect(),
        })
        .collect()
}

/// The section, when any tally was recorded.
pub(super) fn render(out: &mut String, minutes: &Minutes, tr: &Translator) {
    if minutes.tallies.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n## {}", tr.text("heading-tallies"));
    for tally in &minutes.tallies {
        let session = super::session_name(minutes, tally.session);
        let _ = write!(
            out,
            "\n### {}",
            tr.with(
                "tally-heading",
                &[
                    ("number", tally.number.to_string().into()),
                    ("session", session.into()),
                    ("at", minutes.time(tally.at).into())
                ]
            )
        );
        if let Some(corrected) = tally.corrected_at {
            let at = hours_minutes(corrected);
            let _ = write!(out, " {}", tr.with("tally-corrected", &[("at", at.into())]));
        }
        let question = inline(&tally.question);
        let _ = writeln!(out, "\n\n{}\n", tr.with("tally-question", &[("text", question.into())]));
        let _ = writeln!(
            out,
            "{}\n",
            tr.with(
                "tally-method",
                &[
                    ("method", tr.text(method_id(tally.method)).into()),
                    ("rule", tr.text(rule_id(tally.rule)).into())
                ]
            )
        );
        let _ = write!(out, "{}\n|---|---:|---|\n", tr.text("tally-header"));
        for count in &tally.counts {
            let number = count.count.map_or_else(|| "—".to_string(), |n| n.to_string());
            let option = match (tally.method, count.option.as_str()) {
                (TallyMethod::YesNoAbstain, "yes") => tr.text("option-yes"),
                (TallyMethod::YesNoAbstain, "no") => tr.text("option-no"),
                (TallyMethod::YesNoAbstain, "abstain") => tr.text("option-abstain"),
                (_, option) => inline(option),
            };
            let how = tr.text(counting_id(count.how));
            let _ = writeln!(out, "| {option} | {number} | {how} |");
        }
        let present = tally.present.map_or_else(|| tr.text("not-entered"), |n| n.to_string());
        let _ = write!(out, "\n{}", tr.with("tally-present", &[("present", present.into())]));
        if let Some(dots) = &tally.dots {
            let handed_out = match (dots.per_person, dots.handed_out) {
                (Some(each), Some(all)) => tr.with(
                    "dots-each-all",
                    &[("each", each.to_string().into()), ("all", all.to_string().into())],
                ),
                (Some(each), None) => tr.with("dots-each", &[("each", each.to_string().into())]),
                (None, Some(all)) => tr.with("dots-all", &[("all", all.to_string().into())]),
                (None, None) => tr.text("not-entered"),
            };
            let _ = write!(out, " {}", tr.with("tally-dots", &[("dots", handed_out.into())]));
        }
        let outcome = tally.outcome.as_deref().map_or_else(|| tr.text("none-recorded"), inline);
        let _ = writeln!(out, "\n\n{}", tr.with("tally-outcome", &[("outcome", outcome.into())]));
        if !tally.checks.is_empty() {
            out.push('\n');
        }
        for check in &tally.checks {
            let id = if check.passed { "check-passed" } else { "check-failed" };
            let said = inline(&check_sentence(tr, &check.detail));
            let _ = writeln!(out, "{}", tr.with(id, &[("text", said.into())]));
        }
    }
}

/// What a check found, as a clause in the minutes' language: "the 58 dots counted do not
/// match the 60 handed out".
fn check_sentence(tr: &Translator, check: &Check) -> String {
    let passed = check.passed();
    let verdict = |id: &str| format!("{id}-{}", if passed { "passed" } else { "failed" });
    match check {
        Check::Dots { given, handed_out, exact } => tr.with(
            &verdict(if *exact { "tally-check-dots-exact" } else { "tally-check-dots-estimate" }),
            &[("given", (*given).into()), ("handed", (*handed_out).into())],
        ),
        Check::DotsUnknown { per_person: Some(n) } => {
            tr.with("tally-check-dots-unknown-per-person", &[("per", (*n).into())])
        }
        Check::DotsUnknown { per_person: None } => tr.text("tally-check-dots-unknown"),
        Check::Votes { counted, present } => tr.with(
            &verdict("tally-check-votes"),
            &[("counted", (*counted).into()), ("present", (*present).into())],
        ),
        Check::Hands { counted, present } => tr.with(
            &verdict("tally-check-hands"),
            &[("counted", (*counted).into()), ("present", (*present).into())],
        ),
        Check::MajorityWithNumber { option, count } => tr.with(
            "tally-check-majority",
            &[("option", option.clone().into()), ("count", (*count).into())],
        ),
    }
}

fn method_id(method: TallyMethod) -> &'static str {
    match method {
        TallyMethod::ShowOfHands => "method-show-of-hands",
        TallyMethod::YesNoAbstain => "method-yes-no-abstain",
        TallyMethod::DotVote => "method-dot-vote",
        TallyMethod::FistToFive => "method-fist-to-five",
    }
}

fn rule_id(rule: TallyRule) -> &'static str {
    match rule {
        TallyRule::Advisory => "rule-advisory",
        TallyRule::Binding => "rule-binding",
    }
}

fn counting_id(how: Counting) -> &'static str {
    match how {
        Counting::Counted => "counting-counted",
        Counting::Estimated => "counting-estimated",
        Counting::MajorityNotCounted => "counting-majority",
    }
}

#[cfg(test)]
mod tests;
