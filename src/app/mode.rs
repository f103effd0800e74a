//! What the live screen is doing, with what belongs to it: the question asked, the session
//! number being typed, the capture or answer line.

use tui_input::Input;

pub use super::keys::ModeKind;
use crate::event::{ItemId, ItemKind, Lane, Status};
use crate::live::Proposal;

/// The question a yes/no prompt asks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Question {
    EndEvent,
    /// Leave while a session runs.
    Leave,
    /// Leave while the capture or answer line holds typed text.
    LeaveDraft,
    /// Leave while changes exist only in memory ([`super::App::unsaved`] of them).
    LeaveUnsaved,
    /// Leave after corrections to an ended event: leaving ends them (the minutes are
    /// written again).
    LeaveCorrections,
    /// Stop serving the phone question page and the browser display.
    StopSharing,
}

/// What is on screen, and what belongs to it until it closes.
#[derive(Clone, Debug, Default)]
pub enum Mode {
    /// The running event.
    #[default]
    Normal,
    /// The help overlay, scrolled this far; it returns to where it was opened.
    Help { from: Box<Mode>, scroll: usize },
    /// A yes/no question; answered no, it returns to where it was asked (a draft in the
    /// capture line is kept there).
    Asking { question: Question, from: Box<Mode> },
    /// Typing a session number: to go there, or to move an item there.
    Jump {
        typed: String,
        /// The item the number moves; None when the facilitator goes there.
        moving: Option<ItemId>,
    },
    /// The event has ended.
    Ended,
    /// Typing an item in the capture line.
    Capture {
        line: Input,
        /// The kind of item the line saves.
        kind: ItemKind,
        /// The item the line replaces, when editing one.
        editing: Option<ItemId>,
    },
    /// Typing the answer to a question.
    Answer { line: Input, question: ItemId },
    /// The participants list with their consent; `selected` is an index into the agenda's
    /// participants.
    Participants { selected: usize },
    /// The attendance overlay, opened from the running event or after its end (`from`).
    Attendance {
        from: Box<Mode>,
        /// The selected row: the groups in agenda order, "no group", then the organisations.
        row: usize,
        /// The count being typed on the selected row, not saved yet.
        draft: Option<Draft>,
    },
    /// Typing the name of an organisation not in the agenda; back to `attendance` after.
    Organisation { line: Input, attendance: Box<Mode> },
    /// Typing a message for the room display (or picking one of the agenda's presets).
    Message { line: Input },
    /// The parking lot; `selected` is a position in its list (of items not deleted).
    Parking { selected: usize },
    /// Typing who follows up `item`: parking it (`L`), or a new owner for it while it is
    /// parked (`o` in the lot); back to `from` after.
    ParkOwner { line: Input, item: ItemId, from: Box<Mode> },
    /// The tally form: a vote or a show of hands being entered or corrected.
    Tally(Box<super::tally::Form>),
    /// The catch-up proposal, with the selected row (a session still to come).
    CatchUp { proposal: Proposal, row: usize },
    /// The speaking queue of the current session; `selected` is a place in its waiting
    /// list.
    Queue { selected: usize },
    /// Typing the name of a speaker who joins the queue in `lane`; back to the queue (with
    /// `selected`) after.
    Speaker { line: Input, lane: Lane, selected: usize },
    /// The questions from phones; `selected` is a place in its list (those to moderate, then
    /// those decided: see [`super::inbox::listed`]).
    Inbox { selected: usize },
    /// Editing `submission` before approving it; back to the inbox (with `selected`) after.
    InboxEdit { line: Input, submission: ItemId, selected: usize },
    /// Typing why `submission` is not taken up; back to the inbox after.
    InboxReject { line: Input, submission: ItemId, selected: usize },
    /// Picking the question `submission` is merged into: `line` filters the questions,
    /// `picked` is a place in those it finds; back to the inbox after.
    InboxMerge { line: Input, submission: ItemId, picked: usize, selected: usize },
    /// The code that pairs a note-taker (in [`super::peers::Peers::pairing`]).
    Pairing,
    /// The items carried from earlier records; `selected` is a place in their list.
    Carried { selected: usize },
    /// Typing the note of `status` for the carried `item`; back to the list after.
    CarriedNote { line: Input, item: ItemId, status: Status, selected: usize },
}

/// A count being entered on the attendance overlay: journaled once, when it is saved.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Draft {
    pub value: u32,
    /// Typed in digits: the next digit is appended (after `+`/`-` it starts a new number).
    pub typed: bool,
}

impl Mode {
    /// Which part of the key table applies.
    pub fn kind(&self) -> ModeKind {
        match self {
            Mode::Normal => ModeKind::Normal,
            Mode::Help { .. } => ModeKind::Help,
            Mode::Asking { .. } => ModeKind::Asking,
            Mode::Jump { .. } => ModeKind::Jump,
            Mode::Ended => ModeKind::Ended,
            Mode::Capture { .. } => ModeKind::Capture,
            Mode::Answer { .. } => ModeKind::Answer,
            Mode::Participants { .. } => ModeKind::Participants,
            Mode::Attendance { .. } => ModeKind::Attendance,
            Mode::Organisation { .. } => ModeKind::Organisation,
            Mode::Message { .. } => ModeKind::Message,
            Mode::Parking { .. } => ModeKind::Parking,
            Mode::ParkOwner { .. } => ModeKind::ParkOwner,
            Mode::Tally(_) => ModeKind::Tally,
            Mode::CatchUp { .. } => ModeKind::CatchUp,
            Mode::Queue { .. } => ModeKind::Queue,
            Mode::Speaker { .. } => ModeKind::Speaker,
            Mode::Inbox { .. } => ModeKind::Inbox,
            Mode::InboxEdit { .. } => ModeKind::InboxEdit,
            Mode::InboxReject { .. } => ModeKind::InboxReject,
            Mode::InboxMerge { .. } => ModeKind::InboxMerge,
            Mode::Pairing => ModeKind::Pairing,
            Mode::Carried { .. } => ModeKind::Carried,
            Mode::CarriedNote { .. } => ModeKind::CarriedNote,
        }
    }

    /// The capture, answer, organisation or message line, while one is being typed.
    pub fn line(&self) -> Option<&Input> {
        match self {
            Mode::Capture { line, .. }
            | Mode::Answer { line, .. }
            | Mode::Organisation { line, .. }
            | Mode::Message { line }
            | Mode::ParkOwner { line, .. }
            | Mode::Speaker { line, .. }
            | Mode::InboxEdit { line, .. }
            | Mode::InboxReject { line, .. }
            | Mode::InboxMerge { line, .. }
            | Mode::CarriedNote { line, .. } => Some(line),
            _ => None,
        }
    }

    /// Whether the capture or answer line is open.
    pub fn typing(&self) -> bool {
        self.line().is_some()
    }

    /// The question asked, while one is.
    pub fn question(&self) -> Option<Question> {
        match self {
            Mode::Asking { question, .. } => Some(*question),
            _ => None,
        }
    }

    /// A line opened with text, the cursor at its end.
    pub fn open_line(text: String) -> Input {
        let cursor = text.chars().count();
        Input::new(text).with_cursor(cursor)
    }
}
