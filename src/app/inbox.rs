//! Questions from phones (`convene run --share`) from the keyboard: `o` opens the inbox, where
//! each question sent from a phone waits until a person decides what becomes of it: approved
//! as it is (`a`, Enter) or edited first (`e`, the capture line's syntax), merged into a
//! question asked already (`m`), or rejected with a reason (`r`). `p` pins an approved question
//! to the room display. Every decision is journaled and shown once the fold has applied it,
//! like any change; nothing of a submission is public before a person approves it.

use tui_input::Input;

use super::{Action, App, Effect, Mode};
use crate::capture;
use crate::event::{Change, Entry, Fields, ItemId, ItemKind, Raiser};
use crate::live::{Item, Now, Outcome, Submission, check_reason, check_submission};

/// The reasons Tab offers in the reject line, in turn.
pub const REASONS: [&str; 4] = ["out of scope", "duplicate", "offensive", "personal data"];

/// The longest reason the reject line takes, and what it says when text is cut.
pub(super) const REASON_LIMIT: (usize, &str) = (crate::live::MAX_REASON_CHARS, "A reason");
/// The longest search the merge picker takes.
pub(super) const FILTER_LIMIT: (usize, &str) = (200, "A search");

impl App {
    /// Whether the screen speaks of questions from phones: while the event is shared, and
    /// once any question came from a phone.
    pub fn phones_in_use(&self) -> bool {
        self.sharing.is_some() || !self.live.inbox.submissions().is_empty()
    }
}

/// A line written elsewhere: folded in its place among the lines held (its writer journaled
/// it); one already held changes nothing. The inbox keeps the same submission selected when
/// the list moves under it.
pub(super) fn receive(app: &mut App, entries: Vec<Entry>, now: Now) -> Vec<Effect> {
    let selected = match app.mode {
        Mode::Inbox { selected } => listed(app).get(selected).map(|s| s.id),
        _ => None,
    };
    let effects = super::peers::receive(app, entries, now);
    if let (Some(id), Mode::Inbox { .. }) = (selected, &app.mode) {
        let at = listed(app).iter().position(|s| s.id == id);
        if let (Some(at), Mode::Inbox { selected }) = (at, &mut app.mode) {
            *selected = at;
        }
    }
    effects
}

/// The inbox as it lists submissions: those to moderate, oldest first, then those decided, in
/// the order received.
pub fn listed(app: &App) -> Vec<&Submission> {
    let inbox = &app.live.inbox;
    let decided = inbox.submissions().iter().filter(|s| s.outcome != Outcome::Pending);
    inbox.pending().chain(decided).collect()
}

/// The questions a submission may be merged into, for what is typed in the picker: the
/// questions of the current session first, then the others, each in the order numbered;
/// deleted ones left out. What is typed finds a number ("7", "Q7") or words of the text.
pub fn merge_candidates<'a>(app: &'a App, typed: &str) -> Vec<&'a Item> {
    let typed = typed.trim().to_lowercase();
    let number = typed.strip_prefix('q').unwrap_or(&typed).parse::<u64>().ok();
    let current = app.live.current;
    let questions = |here: bool| {
        app.live.items.iter().filter(move |item| {
            item.kind == ItemKind::Question && !item.deleted && (item.session == current) == here
        })
    };
    questions(true)
        .chain(questions(false))
        .filter(|item| {
            typed.is_empty()
                || Some(item.number) == number
                || typed
                    .split_whitespace()
                    .all(|word| item.fields.text.to_lowercase().contains(word))
        })
        .collect()
}

/// After the merge picker's search changed, its first question is picked.
pub(super) fn filtered(mode: &mut Mode) {
    if let Mode::InboxMerge { picked, .. } = mode {
        *picked = 0;
    }
}

/// What an action of the inbox, or of one of its lines, does.
pub(super) fn act(app: &mut App, action: Action, now: Now) -> Vec<Effect> {
    match action {
        Action::OpenInbox => {
            app.mode = Mode::Inbox { selected: 0 };
            Vec::new()
        }
        Action::CloseInbox => {
            app.mode = outside(app);
            Vec::new()
        }
        Action::InboxUp | Action::InboxDown => {
            let last = listed(app).len().saturating_sub(1);
            if let Mode::Inbox { selected } = &mut app.mode {
                *selected = match action {
                    Action::InboxUp => (*selected).min(last).saturating_sub(1),
                    _ => (*selected + 1).min(last),
                };
            }
            Vec::new()
        }
        Action::CancelModeration => {
            back_to_inbox(app);
            Vec::new()
        }
        Action::MergeUp | Action::MergeDown => {
            let found = match &app.mode {
                Mode::InboxMerge { line, .. } => merge_candidates(app, line.value()).len(),
                _ => 0,
            };
            if let Mode::InboxMerge { picked, .. } = &mut app.mode {
                let last = found.saturating_sub(1);
                *picked = match action {
                    Action::MergeUp => (*picked).min(last).saturating_sub(1),
                    _ => (*picked + 1).min(last),
                };
            }
            Vec::new()
        }
        Action::NextReason | Action::PreviousReason => {
            cycle_reason(app, action == Action::NextReason);
            Vec::new()
        }
        _ => moderate(app, action, now),
    }
}

/// Where closing the inbox goes: the running event, or the end screen it was opened from.
fn outside(app: &App) -> Mode {
    if app.live.ended_at.is_some() && !app.correcting { Mode::Ended } else { Mode::Normal }
}

/// Back to the inbox from one of its lines, on the submission it was opened for.
fn back_to_inbox(app: &mut App) {
    let selected = match &app.mode {
        Mode::InboxEdit { selected, .. }
        | Mode::InboxReject { selected, .. }
        | Mode::InboxMerge { selected, .. } => *selected,
        Mode::Inbox { selected } => *selected,
        _ => 0,
    };
    app.mode = Mode::Inbox { selected };
}

/// Why decisions are refused now, if they are: the event has ended and is not open for
/// corrections.
fn after_the_end(app: &App) -> Option<String> {
    let ended = app.live.ended_at.filter(|_| !app.correcting)?;
    Some(format!(
        "The event ended at {}: deciding on questions from phones is a correction (convene run --resume reopens it)",
        ended.format("%H:%M")
    ))
}

/// The decisions, each refused after the end unless the event is open for corrections.
fn moderate(app: &mut App, action: Action, now: Now) -> Vec<Effect> {
    if let Some(ended) = after_the_end(app) {
        back_to_inbox(app);
        app.flash = Some(ended);
        return Vec::new();
    }
    match action {
        Action::ApproveSubmission => {
            let Some((submission, name)) = pending(app) else { return Vec::new() };
            let fields = Fields {
                text: submission_text(app, submission),
                by: Some(Raiser::Online(name)),
                ..Fields::default()
            };
            approve(app, submission, fields, None, String::new(), now)
        }
        Action::EditSubmission => {
            let Some((submission, _)) = pending(app) else { return Vec::new() };
            let line = Mode::open_line(submission_text(app, submission));
            app.mode = Mode::InboxEdit { line, submission, selected: selected(app) };
            Vec::new()
        }
        Action::MergeSubmission => {
            let Some((submission, _)) = pending(app) else { return Vec::new() };
            if merge_candidates(app, "").is_empty() {
                app.flash = Some(
                    "No question to merge it into yet: a approves it as a new question".into(),
                );
                return Vec::new();
            }
            let selected = selected(app);
            app.mode = Mode::InboxMerge { line: Input::default(), submission, picked: 0, selected };
            Vec::new()
        }
        Action::RejectSubmission => {
            let Some((submission, _)) = pending(app) else { return Vec::new() };
            app.mode =
                Mode::InboxReject { line: Input::default(), submission, selected: selected(app) };
            Vec::new()
        }
        Action::PinQuestion => pin(app),
        Action::SaveApproval => save_approval(app, now),
        Action::SaveRejection => save_rejection(app),
        Action::SaveMerge => save_merge(app),
        _ => Vec::new(),
    }
}

/// The selected place in the inbox.
fn selected(app: &App) -> usize {
    match app.mode {
        Mode::Inbox { selected } => selected,
        _ => 0,
    }
}

/// The submission selected in the inbox.
fn chosen(app: &App) -> Option<&Submission> {
    let Mode::Inbox { selected } = app.mode else { return None };
    let listed = listed(app);
    listed.get(selected.min(listed.len().saturating_sub(1))).copied()
}

/// The submission selected, with the name typed with it, while it waits for a decision; a
/// decided one is left as it is, and the facilitator told what became of it.
fn pending(app: &mut App) -> Option<(ItemId, Option<String>)> {
    let Some(submission) = chosen(app) else {
        app.flash = Some(NOTHING.into());
        return None;
    };
    let (id, name) = (submission.id, submission.name.clone());
    let decided = match &submission.outcome {
        Outcome::Pending => return Some((id, name)),
        Outcome::Approved => format!("It is approved already, as {}", number_of(app, id)),
        Outcome::Merged(into) => format!("It is merged already into {}", number_of(app, *into)),
        Outcome::Rejected(reason) => format!("It is rejected already: {reason}"),
    };
    app.flash = Some(format!("{decided} · nothing changed"));
    None
}

const NOTHING: &str = "No question has come from a phone yet";

fn submission_text(app: &App, id: ItemId) -> String {
    app.live.inbox.get(id).map(|s| s.text.clone()).unwrap_or_default()
}

/// "question 7", as the screen numbers it.
fn number_of(app: &App, id: ItemId) -> String {
    match app.live.item(id) {
        Some(item) => format!("{} {}", item.kind.label(), item.number),
        None => format!("item {id}"),
    }
}

/// The approval of `submission` with `fields`: a question of the current session (of the
/// session on screen while correcting, as a capture), `offset_ms` into it; parked after when
/// asked (`!park` in the edit line).
fn approve(
    app: &mut App,
    submission: ItemId,
    fields: Fields,
    park: Option<Option<Raiser>>,
    notes: String,
    now: Now,
) -> Vec<Effect> {
    let session = if app.correcting { app.shown() } else { app.live.current };
    let offset_ms = app.live.sessions[session].clock.elapsed_ms(now.mono);
    let mut what = format!("question {} from a phone", app.live.next_number());
    if app.correcting {
        what.push_str(&format!(" in session {}", session + 1));
    } else if app.running_elsewhere().is_some() {
        // Said now, so it belongs to the session that runs, not to the one looked at.
        what.push_str(&format!(" in session {} (which runs)", session + 1));
    }
    if let Some(owner) = &park {
        what.push_str(&format!(
            " in the parking lot, {}",
            super::parking::owned(owner.as_ref(), app)
        ));
    }
    app.saving(what, notes);
    let approved = Change::SubmissionApproved { submission, session, offset_ms, fields };
    let parked = park.map(|owner| Change::ItemParked { item: submission, owner });
    std::iter::once(approved).chain(parked).map(Effect::Record).collect()
}

/// Enter on the edit line: the line is parsed as a capture (themes, owner, due date,
/// `!internal`, `!park`); whoever it names, the question stays asked from a phone.
fn save_approval(app: &mut App, now: Now) -> Vec<Effect> {
    let Mode::InboxEdit { line, submission, selected } = &app.mode else { return Vec::new() };
    let (submission, selected) = (*submission, *selected);
    let parsed = capture::parse(line.value(), &app.live.agenda);
    if let Err(why) = check_submission(&parsed.fields.text, None) {
        // The line stays open, as typed, to be put right.
        app.flash = Some(format!("Not approved: {why} · Esc goes back without approving"));
        return Vec::new();
    }
    let name = app.live.inbox.get(submission).and_then(|s| s.name.clone());
    let mut notes = String::new();
    if parsed.fields.by.is_some() {
        notes.push_str(" · @ ignored: a question from a phone stays asked from a phone");
    }
    for flag in parsed.flags.iter().filter(|f| !f.starts_with('@')) {
        notes.push_str(" · ");
        notes.push_str(flag);
    }
    let park = parsed.park.then(|| parsed.fields.owner.clone());
    let fields = Fields { by: Some(Raiser::Online(name)), ..parsed.fields };
    app.mode = Mode::Inbox { selected };
    approve(app, submission, fields, park, notes, now)
}

/// Enter on the reject line: the reason typed (or picked), which stays internal.
fn save_rejection(app: &mut App) -> Vec<Effect> {
    let Mode::InboxReject { line, submission, selected } = &app.mode else { return Vec::new() };
    let (submission, selected) = (*submission, *selected);
    let reason = crate::sanitize::clean_line(line.value()).trim().to_string();
    if reason.is_empty() {
        app.flash = Some(format!("Type a reason, or Tab for one of: {}", REASONS.join(", ")));
        return Vec::new();
    }
    if let Err(why) = check_reason(&reason) {
        app.flash = Some(format!("Not rejected: {why}"));
        return Vec::new();
    }
    app.mode = Mode::Inbox { selected };
    app.saving(format!("the question from a phone as rejected: {reason}"), String::new());
    vec![Effect::Record(Change::SubmissionRejected { submission, reason })]
}

/// Enter in the merge picker: the submission asks what the question picked asks.
fn save_merge(app: &mut App) -> Vec<Effect> {
    let Mode::InboxMerge { line, submission, picked, selected } = &app.mode else {
        return Vec::new();
    };
    let (submission, picked, selected) = (*submission, *picked, *selected);
    let found = merge_candidates(app, line.value());
    let Some(into) = found.get(picked.min(found.len().saturating_sub(1))) else {
        app.flash = Some(format!(
            "No question matches \"{}\": Ctrl-u empties the search",
            line.value().trim()
        ));
        return Vec::new();
    };
    let (into, number) = (into.id, into.number);
    app.mode = Mode::Inbox { selected };
    app.saving(format!("the question from a phone merged into question {number}"), String::new());
    vec![Effect::Record(Change::SubmissionMerged { submission, into })]
}

/// `p`: the selected submission's question goes on the room display (under the time), or off
/// it when it is there. Like messages to the room, it is for the event itself.
fn pin(app: &mut App) -> Vec<Effect> {
    if let Some(ended) = app.live.ended_at {
        app.flash = Some(format!(
            "The event ended at {}: the room display is for the event itself",
            ended.format("%H:%M")
        ));
        return Vec::new();
    }
    let Some(submission) = chosen(app) else {
        app.flash = Some(NOTHING.into());
        return Vec::new();
    };
    let question = match submission.outcome {
        Outcome::Approved => submission.id,
        Outcome::Merged(into) => into,
        Outcome::Pending => {
            app.flash =
                Some("Approve it first (a or e): only a question goes on the room display".into());
            return Vec::new();
        }
        Outcome::Rejected(_) => {
            app.flash = Some("It was rejected: nothing goes on the room display".into());
            return Vec::new();
        }
    };
    let Some(item) = app.live.item(question).filter(|item| !item.deleted) else {
        app.flash = Some(format!("{} was deleted: nothing to pin", number_of(app, question)));
        return Vec::new();
    };
    let number = item.number;
    if app.live.inbox.pinned == Some(question) {
        app.saving(format!("question {number} off the room display"), String::new());
        return vec![Effect::Record(Change::QuestionPinned { item: None })];
    }
    app.saving(format!("question {number} pinned to the room display"), String::new());
    vec![Effect::Record(Change::QuestionPinned { item: Some(question) })]
}

/// Tab and Shift-Tab on the reject line: the next or previous preset reason, when the line is
/// empty or holds one; a reason typed is never replaced.
fn cycle_reason(app: &mut App, forward: bool) {
    let Mode::InboxReject { line, .. } = &mut app.mode else { return };
    let at = REASONS.iter().position(|r| *r == line.value());
    let next = match (at, forward) {
        (None, _) if !line.value().is_empty() => {
            app.flash = Some("Tab picks a reason when the line is empty: Ctrl-u empties it".into());
            return;
        }
        (None, true) => 0,
        (None, false) => REASONS.len() - 1,
        (Some(i), true) => (i + 1) % REASONS.len(),
        (Some(i), false) => (i + REASONS.len() - 1) % REASONS.len(),
    };
    *line = Mode::open_line(REASONS[next].to_string());
}

#[cfg(test)]
mod tests;
