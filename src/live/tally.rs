//! Votes and shows of hands: the tallies recorded, folded from `tally_recorded` (a new tally,
//! or a correction that replaces one whole) and `tally_deleted`, the last change of each by
//! clock order standing. Each tally carries the checks of its numbers, computed here so that
//! the screen and the minutes say the same.

use std::collections::HashMap;
use std::fmt;

use chrono::{DateTime, FixedOffset};

use super::attendance::MAX_PRESENT;
pub use crate::event::{Counting, Dots, OptionCount, TallyMethod, TallyRule};
use crate::event::{Entry, ItemId};

/// The longest question or outcome, in characters (as an item's text).
pub const MAX_TALLY_CHARS: usize = 4000;

/// The longest option of a listed tally, in characters.
pub const MAX_OPTION_CHARS: usize = 200;

/// The most options a tally lists.
pub const MAX_OPTIONS: usize = 40;

/// A show of hands offers these until others are listed.
pub const SHOW_OF_HANDS_OPTIONS: [&str; 2] = ["for", "against"];

/// One vote or show of hands as it stands after every change to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    /// The device and sequence number of the line that first recorded it.
    pub id: ItemId,
    /// Its number for people ("tally 2"): tallies counted in fold order, from 1.
    pub number: u64,
    pub session: usize,
    /// The question, word for word.
    pub question: String,
    pub method: TallyMethod,
    pub rule: TallyRule,
    pub counts: Vec<OptionCount>,
    pub present: Option<u32>,
    pub dots: Option<Dots>,
    /// The outcome as the facilitator declared it ("" when none was typed).
    pub outcome: String,
    /// When it was first recorded.
    pub at: DateTime<FixedOffset>,
    /// When it was last corrected.
    pub corrected_at: Option<DateTime<FixedOffset>>,
    pub deleted: bool,
    /// The checks of its numbers that apply, as [`checks`] gives them.
    pub checks: Vec<Check>,
}

impl Tally {
    /// The checks that failed.
    pub fn failed(&self) -> impl Iterator<Item = &Check> {
        self.checks.iter().filter(|c| !c.passed())
    }
}

/// What a tally's numbers were checked for, with the numbers compared.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Check {
    /// A dot vote: the dots given for the options against the dots handed out. `exact`
    /// when every option was counted, so that they must match; otherwise (an estimate, a
    /// majority not counted) they may only not be more.
    Dots { given: u64, handed_out: u64, exact: bool },
    /// A dot vote whose dots handed out are not known: none entered (`per_person` None), or
    /// so many per person with no number present.
    DotsUnknown { per_person: Option<u32> },
    /// Yes/no/abstain: the votes counted against the number present.
    Votes { counted: u64, present: u32 },
    /// Fist-to-five: the hands counted against the number present.
    Hands { counted: u64, present: u32 },
    /// An option marked "majority, not counted" that has a number all the same.
    MajorityWithNumber { option: String, count: u32 },
}

impl Check {
    pub fn passed(&self) -> bool {
        match *self {
            Check::Dots { given, handed_out, exact } => {
                if exact {
                    given == handed_out
                } else {
                    given <= handed_out
                }
            }
            Check::Votes { counted, present } | Check::Hands { counted, present } => {
                counted <= u64::from(present)
            }
            Check::DotsUnknown { .. } | Check::MajorityWithNumber { .. } => false,
        }
    }

    /// Its name in the minutes' JSON.
    pub fn name(&self) -> &'static str {
        match self {
            Check::Dots { .. } => "dots_handed_out",
            Check::DotsUnknown { .. } => "dots_unknown",
            Check::Votes { .. } => "votes_within_present",
            Check::Hands { .. } => "hands_within_present",
            Check::MajorityWithNumber { .. } => "majority_without_number",
        }
    }
}

impl fmt::Display for Check {
    /// What was checked and how it came out, as a clause: "the 58 dots counted do not match
    /// the 60 handed out".
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        let passed = self.passed();
        match self {
            Check::Dots { given, handed_out, exact: true } => {
                let verb = if passed { "match" } else { "do not match" };
                write!(f, "the {given} dots counted {verb} the {handed_out} handed out")
            }
            Check::Dots { given, handed_out, exact: false } => {
                let verb = if passed { "are not more than" } else { "are more than" };
                write!(
                    f,
                    "the {given} dots counted or estimated {verb} the {handed_out} handed out"
                )
            }
            Check::DotsUnknown { per_person: Some(n) } => write!(
                f,
                "the dots handed out are not known: {n} per person, but the number present was not entered"
            ),
            Check::DotsUnknown { per_person: None } => f.write_str(
                "the dots handed out were not entered: the dots counted cannot be checked",
            ),
            Check::Votes { counted, present } => {
                let verb = if passed { "are not more than" } else { "are more than" };
                write!(f, "the {counted} votes counted {verb} the {present} present")
            }
            Check::Hands { counted, present } => {
                let verb = if passed { "are not more than" } else { "are more than" };
                write!(f, "the {counted} hands counted {verb} the {present} present")
            }
            Check::MajorityWithNumber { option, count } => write!(
                f,
                "\"{option}\" is marked majority, not counted, but has a number ({count})"
            ),
        }
    }
}

/// The checks that apply to a tally's numbers, in a fixed order: an option marked majority
/// with a number, then the dots against those handed out (a dot vote), then the votes or
/// hands counted against the number present (yes/no/abstain, fist-to-five; only when it was
/// entered and something was counted).
pub fn checks(
    method: TallyMethod,
    counts: &[OptionCount],
    present: Option<u32>,
    dots: Option<Dots>,
) -> Vec<Check> {
    let mut checks: Vec<Check> = counts
        .iter()
        .filter_map(|c| match (c.how, c.count) {
            (Counting::MajorityNotCounted, Some(count)) => {
                Some(Check::MajorityWithNumber { option: c.option.clone(), count })
            }
            _ => None,
        })
        .collect();
    let counted = || -> u64 {
        counts
            .iter()
            .filter(|c| c.how == Counting::Counted)
            .filter_map(|c| c.count)
            .map(u64::from)
            .sum()
    };
    let anything_counted = counts.iter().any(|c| c.how == Counting::Counted && c.count.is_some());
    match method {
        TallyMethod::DotVote => {
            let handed_out = match dots {
                Some(Dots::Total(n)) => Ok(u64::from(n)),
                Some(Dots::PerPerson(n)) => match present {
                    Some(present) => Ok(u64::from(n) * u64::from(present)),
                    None => Err(Some(n)),
                },
                None => Err(None),
            };
            checks.push(match handed_out {
                Ok(handed_out) => Check::Dots {
                    given: counts.iter().filter_map(|c| c.count).map(u64::from).sum(),
                    handed_out,
                    exact: counts.iter().all(|c| c.how == Counting::Counted && c.count.is_some()),
                },
                Err(per_person) => Check::DotsUnknown { per_person },
            });
        }
        TallyMethod::YesNoAbstain => {
            if let (Some(present), true) = (present, anything_counted) {
                checks.push(Check::Votes { counted: counted(), present });
            }
        }
        TallyMethod::FistToFive => {
            if let (Some(present), true) = (present, anything_counted) {
                checks.push(Check::Hands { counted: counted(), present });
            }
        }
        TallyMethod::ShowOfHands => {}
    }
    checks
}

/// The dots handed out in all, when they are known.
pub fn dots_handed_out(dots: Option<Dots>, present: Option<u32>) -> Option<u64> {
    match dots? {
        Dots::Total(n) => Some(u64::from(n)),
        Dots::PerPerson(n) => present.map(|p| u64::from(n) * u64::from(p)),
    }
}

/// What a `tally_recorded` line holds, borrowed from it.
pub struct Recorded<'a> {
    pub tally: ItemId,
    pub session: usize,
    pub question: &'a str,
    pub method: TallyMethod,
    pub rule: TallyRule,
    pub counts: &'a [OptionCount],
    pub present: Option<u32>,
    pub dots: Option<Dots>,
    pub outcome: &'a str,
}

/// Every tally recorded, deleted ones included, in the order they were first recorded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tallies {
    list: Vec<Tally>,
    /// Tally id → position in `list`.
    index: HashMap<ItemId, usize>,
}

impl Tallies {
    /// Whether a tally of this id was recorded (deleted since or not).
    pub fn knows(&self, id: ItemId) -> bool {
        self.index.contains_key(&id)
    }

    pub fn get(&self, id: ItemId) -> Option<&Tally> {
        self.index.get(&id).map(|&i| &self.list[i])
    }

    /// Every tally, deleted ones included, in the order they were first recorded.
    pub fn all(&self) -> &[Tally] {
        &self.list
    }

    /// The tallies not deleted, in the order they were first recorded.
    pub fn shown(&self) -> impl Iterator<Item = &Tally> {
        self.list.iter().filter(|t| !t.deleted)
    }

    /// The tallies of a session not deleted, in the order they were first recorded.
    pub fn of_session(&self, session: usize) -> impl Iterator<Item = &Tally> {
        self.shown().filter(move |t| t.session == session)
    }

    /// Every text the tallies not deleted publish: questions, options and outcomes.
    pub fn texts(&self) -> Vec<&str> {
        self.shown()
            .flat_map(|t| {
                std::iter::once(t.question.as_str())
                    .chain(t.counts.iter().map(|c| c.option.as_str()))
                    .chain(std::iter::once(t.outcome.as_str()))
            })
            .collect()
    }

    /// The number the next new tally gets ("tally 3").
    pub fn next_number(&self) -> u64 {
        self.list.len() as u64 + 1
    }

    /// Why a `tally_recorded` line cannot be applied, if it cannot (its session is checked
    /// by the caller).
    pub fn check_recorded(&self, entry: &Entry, r: &Recorded) -> Result<(), String> {
        if !self.knows(r.tally) && r.tally != (ItemId { device: entry.device, seq: entry.seq }) {
            return Err(format!(
                "tally {} was never recorded, and a new tally's id is the device and sequence number of its own line ({}.{})",
                r.tally, entry.device, entry.seq
            ));
        }
        if r.question.is_empty() {
            return Err("its question is empty".into());
        }
        text_ok("question", r.question, MAX_TALLY_CHARS)?;
        text_ok("outcome", r.outcome, MAX_TALLY_CHARS)?;
        if r.counts.is_empty() || r.counts.len() > MAX_OPTIONS {
            return Err(format!(
                "it has {} options; a tally has 1 to {MAX_OPTIONS}",
                r.counts.len()
            ));
        }
        match r.method.fixed_options() {
            Some(fixed) => {
                if !r.counts.iter().map(|c| c.option.as_str()).eq(fixed.iter().copied()) {
                    return Err(format!(
                        "a {} tally counts the options {} in this order",
                        r.method.label(),
                        fixed.join(", ")
                    ));
                }
            }
            None => {
                for (i, count) in r.counts.iter().enumerate() {
                    if count.option.is_empty() {
                        return Err(format!("its option {} has no name", i + 1));
                    }
                    text_ok("option", &count.option, MAX_OPTION_CHARS)?;
                    let folded = count.option.to_lowercase();
                    if r.counts[..i].iter().any(|c| c.option.to_lowercase() == folded) {
                        return Err(format!("its option {:?} is listed twice", count.option));
                    }
                }
            }
        }
        let numbers = r.counts.iter().filter_map(|c| c.count).chain(r.present);
        let dots = match r.dots {
            Some(Dots::PerPerson(n) | Dots::Total(n)) => Some(n),
            None => None,
        };
        if let Some(n) = numbers.chain(dots).find(|&n| n > MAX_PRESENT) {
            return Err(format!("its number {n} is more than {MAX_PRESENT} (a forged number)"));
        }
        if r.dots.is_some() && r.method != TallyMethod::DotVote {
            return Err(format!("it gives dots handed out to a {}", r.method.label()));
        }
        Ok(())
    }

    /// Records a tally, or replaces the one of its id whole (brought back if deleted).
    pub(super) fn record(&mut self, r: &Recorded, at: DateTime<FixedOffset>) {
        let checks = checks(r.method, r.counts, r.present, r.dots);
        let number = self.next_number();
        let (number, first_at, corrected_at) = match self.index.get(&r.tally) {
            Some(&i) => (self.list[i].number, self.list[i].at, Some(at)),
            None => (number, at, None),
        };
        let tally = Tally {
            id: r.tally,
            number,
            session: r.session,
            question: r.question.to_string(),
            method: r.method,
            rule: r.rule,
            counts: r.counts.to_vec(),
            present: r.present,
            dots: r.dots,
            outcome: r.outcome.to_string(),
            at: first_at,
            corrected_at,
            deleted: false,
            checks,
        };
        match self.index.get(&r.tally) {
            Some(&i) => self.list[i] = tally,
            None => {
                self.index.insert(r.tally, self.list.len());
                self.list.push(tally);
            }
        }
    }

    /// Deletes a tally; one never recorded changes nothing.
    pub(super) fn delete(&mut self, id: ItemId) {
        if let Some(&i) = self.index.get(&id) {
            self.list[i].deleted = true;
        }
    }
}

/// A question, outcome or option: one clean line (what the form's lines give), not too long.
fn text_ok(what: &str, text: &str, most: usize) -> Result<(), String> {
    if text.chars().count() > most {
        return Err(format!("its {what} is longer than {most} characters"));
    }
    if !crate::sanitize::is_clean_line(text) {
        return Err(format!(
            "its {what} holds control characters, line breaks or spaces at its ends"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests;
