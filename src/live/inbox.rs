//! Questions from phones (`convene run --share`): what the hub's inbox received, what the
//! note-taker made of each submission, and the question pinned to the room display.
//!
//! A submission is a line of the inbox journal; its outcome is the last moderation change by
//! clock (approved, merged into a question, rejected with a reason). An approval makes a
//! question whose id is the submission's, so approving twice (two devices at once) makes one.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset};

use crate::event::ItemId;

/// The most characters a phone may submit (the form says so; longer text is refused).
pub const MAX_SUBMISSION_CHARS: usize = 500;
/// The most characters of a name typed on a phone.
pub const MAX_SUBMITTER_NAME_CHARS: usize = 80;
/// The most characters of a reason for not taking a submission up.
pub const MAX_REASON_CHARS: usize = 200;

/// What became of a submission.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Nobody has looked at it yet.
    Pending,
    /// It became the question of the same id.
    Approved,
    /// It asks what this question asks: merged into it.
    Merged(ItemId),
    /// Not taken up, for this reason (internal).
    Rejected(String),
}

/// One question sent from a phone.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Submission {
    /// The inbox line's device and sequence number.
    pub id: ItemId,
    pub text: String,
    /// The name typed on the phone, when the agenda asks for names and one was typed.
    pub name: Option<String>,
    /// When the hub received it.
    pub at: DateTime<FixedOffset>,
    pub outcome: Outcome,
    /// When its outcome was last decided.
    pub decided_at: Option<DateTime<FixedOffset>>,
}

/// Every submission of the event, in the order received (fold order), and the pinned
/// question.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Inbox {
    submissions: Vec<Submission>,
    index: HashMap<ItemId, usize>,
    pending: usize,
    /// The question the room display shows, if any (it may since have been deleted: see
    /// [`crate::live::Live::pinned_question`]).
    pub pinned: Option<ItemId>,
}

impl Inbox {
    /// Every submission, in the order received.
    pub fn submissions(&self) -> &[Submission] {
        &self.submissions
    }

    /// The submissions still waiting for a decision, in the order received.
    pub fn pending(&self) -> impl Iterator<Item = &Submission> {
        self.submissions.iter().filter(|s| s.outcome == Outcome::Pending)
    }

    /// How many submissions wait for a decision (counted as they change: a frame never
    /// counts them).
    pub fn pending_count(&self) -> usize {
        self.pending
    }

    pub fn get(&self, id: ItemId) -> Option<&Submission> {
        self.index.get(&id).and_then(|&i| self.submissions.get(i))
    }

    pub fn knows(&self, id: ItemId) -> bool {
        self.index.contains_key(&id)
    }

    /// Takes in a received submission (a second line with its id changes nothing).
    pub fn receive(
        &mut self,
        id: ItemId,
        text: &str,
        name: Option<&str>,
        at: DateTime<FixedOffset>,
    ) {
        if self.index.contains_key(&id) {
            return;
        }
        self.index.insert(id, self.submissions.len());
        self.submissions.push(Submission {
            id,
            text: text.to_string(),
            name: name.map(str::to_string),
            at,
            outcome: Outcome::Pending,
            decided_at: None,
        });
        self.pending += 1;
    }

    /// Decides a submission's outcome: the last decision by clock stands.
    pub fn decide(&mut self, id: ItemId, outcome: Outcome, at: DateTime<FixedOffset>) {
        let Some(&i) = self.index.get(&id) else { return };
        let submission = &mut self.submissions[i];
        match (&submission.outcome, &outcome) {
            (Outcome::Pending, Outcome::Pending) => {}
            (Outcome::Pending, _) => self.pending -= 1,
            (_, Outcome::Pending) => self.pending += 1,
            _ => {}
        }
        submission.outcome = outcome;
        submission.decided_at = Some(at);
    }

    /// How many were received, approved, merged and rejected.
    pub fn counts(&self) -> InboxCounts {
        let mut counts = InboxCounts { received: self.submissions.len(), ..InboxCounts::default() };
        for submission in &self.submissions {
            match submission.outcome {
                Outcome::Pending => counts.pending += 1,
                Outcome::Approved => counts.approved += 1,
                Outcome::Merged(_) => counts.merged += 1,
                Outcome::Rejected(_) => counts.rejected += 1,
            }
        }
        counts
    }
}

/// The submissions of an event, counted by outcome.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct InboxCounts {
    pub received: usize,
    pub pending: usize,
    pub approved: usize,
    pub merged: usize,
    pub rejected: usize,
}

/// Why a submission's text (or a name typed with it) cannot be stored, if it cannot: empty,
/// too long, or not one clean line (the hub cleans what phones send before it writes it).
pub fn check_submission(text: &str, name: Option<&str>) -> Result<(), String> {
    check_line("text", text, MAX_SUBMISSION_CHARS)?;
    match name {
        Some(name) => check_line("name", name, MAX_SUBMITTER_NAME_CHARS),
        None => Ok(()),
    }
}

/// Why a reason for not taking a submission up cannot be stored, if it cannot.
pub fn check_reason(reason: &str) -> Result<(), String> {
    check_line("reason", reason, MAX_REASON_CHARS)
}

fn check_line(what: &str, text: &str, max: usize) -> Result<(), String> {
    if text.is_empty() {
        Err(format!("its {what} is empty"))
    } else if text.chars().count() > max {
        Err(format!("its {what} is longer than {max} characters"))
    } else if !crate::sanitize::is_clean_line(text) {
        Err(format!(
            "its {what} {text:?} holds control characters, line breaks or spaces at its ends"
        ))
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::event::DeviceId;

    fn at() -> DateTime<FixedOffset> {
        DateTime::parse_from_rfc3339("2026-05-12T18:00:00+02:00").unwrap()
    }

    fn id(seq: u64) -> ItemId {
        ItemId { device: DeviceId::new(9), seq }
    }

    #[test]
    fn the_pending_count_follows_every_decision_and_a_second_receipt_changes_nothing() {
        let mut inbox = Inbox::default();
        inbox.receive(id(1), "Is the dust measured?", None, at());
        inbox.receive(id(2), "Who pays for the road?", Some("Kari"), at());
        inbox.receive(id(1), "again", None, at());
        assert_eq!(inbox.pending_count(), 2);
        assert_eq!(inbox.submissions()[0].text, "Is the dust measured?");
        inbox.decide(id(1), Outcome::Approved, at());
        assert_eq!(inbox.pending_count(), 1);
        inbox.decide(id(1), Outcome::Rejected("duplicate".into()), at());
        assert_eq!(inbox.pending_count(), 1);
        inbox.decide(id(2), Outcome::Merged(id(1)), at());
        assert_eq!(inbox.pending_count(), 0);
        assert_eq!(inbox.pending().count(), 0);
        let counts = inbox.counts();
        assert_eq!(
            (counts.received, counts.pending, counts.approved, counts.merged, counts.rejected),
            (2, 0, 0, 1, 1)
        );
        // Deciding an unknown submission changes nothing.
        inbox.decide(id(7), Outcome::Approved, at());
        assert_eq!(inbox.counts(), counts);
    }

    #[test]
    fn submissions_are_one_clean_line_within_their_limits() {
        assert_eq!(check_submission("Is the dust measured?", None), Ok(()));
        assert_eq!(check_submission("", None), Err("its text is empty".into()));
        let long = "a".repeat(MAX_SUBMISSION_CHARS + 1);
        assert_eq!(
            check_submission(&long, None),
            Err("its text is longer than 500 characters".into())
        );
        assert_eq!(check_submission(&"é".repeat(MAX_SUBMISSION_CHARS), None), Ok(()));
        assert!(check_submission("two\nlines", None).is_err());
        assert!(check_submission("ok", Some(" Kari")).is_err());
        assert!(check_reason("out of scope").is_ok());
        assert!(check_reason("").is_err());
    }
}
