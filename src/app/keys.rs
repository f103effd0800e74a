//! The one key table: it drives dispatch, the footer and the help overlay, so they agree.

use std::fmt;

use crate::event::{ItemKind, Lane, Status};

/// A key as the live screen understands it, independent of the terminal library.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    Char(char),
    Ctrl(char),
    Enter,
    Esc,
    Tab,
    BackTab,
    Backspace,
    Delete,
    Left,
    Right,
    Up,
    Down,
    Home,
    End,
    PageUp,
    PageDown,
    CtrlLeft,
    CtrlRight,
}

impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Key::Char(' ') => f.write_str("space"),
            Key::Char(c) => write!(f, "{c}"),
            Key::Ctrl(c) => write!(f, "Ctrl-{c}"),
            Key::Enter => f.write_str("Enter"),
            Key::Esc => f.write_str("Esc"),
            Key::Tab => f.write_str("Tab"),
            Key::BackTab => f.write_str("Shift-Tab"),
            Key::Backspace => f.write_str("Backspace"),
            Key::Delete => f.write_str("Delete"),
            Key::Left => f.write_str("←"),
            Key::Right => f.write_str("→"),
            Key::Up => f.write_str("↑"),
            Key::Down => f.write_str("↓"),
            Key::Home => f.write_str("Home"),
            Key::End => f.write_str("End"),
            Key::PageUp => f.write_str("PgUp"),
            Key::PageDown => f.write_str("PgDn"),
            Key::CtrlLeft => f.write_str("Ctrl-←"),
            Key::CtrlRight => f.write_str("Ctrl-→"),
        }
    }
}

/// Which keys mean what depends on what is on screen: the kinds of [`super::Mode`], without
/// their data.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModeKind {
    /// The running event.
    Normal,
    /// The help overlay.
    Help,
    /// A yes/no question.
    Asking,
    /// Typing a session number to jump to.
    Jump,
    /// The event has ended.
    Ended,
    /// Typing an item in the capture line.
    Capture,
    /// Typing the answer to a question.
    Answer,
    /// The participants list, with their consent to be named.
    Participants,
    /// The attendance overlay: counts present per group, organisations represented.
    Attendance,
    /// Typing the name of an organisation not in the agenda.
    Organisation,
    /// Typing a message for the room display, or picking a preset.
    Message,
    /// The parking lot: parked items with their owner and status.
    Parking,
    /// Typing the owner of an item being parked (or of a parked item).
    ParkOwner,
    /// The tally form: a vote or a show of hands.
    Tally,
    /// The catch-up proposal: the sessions still to come, trimmed to catch up.
    CatchUp,
    /// The speaking queue of the current session.
    Queue,
    /// Typing the name of a speaker to add to the queue.
    Speaker,
    /// Questions from phones: those to moderate, then those decided.
    Inbox,
    /// Editing a question from a phone before approving it (the capture line's syntax).
    InboxEdit,
    /// Typing why a question from a phone is not taken up (or picking a preset reason).
    InboxReject,
    /// Picking the question a question from a phone is merged into (typing filters).
    InboxMerge,
    /// The code that pairs a note-taker's laptop, and where it connects.
    Pairing,
    /// "You said, we did": the items carried from earlier records, with their status.
    Carried,
    /// Typing the note of a carried item's status (in progress: what is under way;
    /// dropped: why).
    CarriedNote,
}

/// What a key does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    ToggleTimer,
    Next,
    Previous,
    ReturnToRunning,
    Extend,
    Shorten,
    OpenJump,
    ToggleBell,
    Share,
    Help,
    EndEvent,
    Quit,
    CloseHelp,
    Yes,
    No,
    JumpConfirm,
    JumpCancel,
    JumpBackspace,
    Capture(ItemKind),
    SelectNewer,
    SelectOlder,
    ClearSelection,
    Edit,
    Delete,
    Undo,
    /// Keep the selected item out of the public minutes, or put it back.
    ToggleInternal,
    AnswerItem,
    MoveItem,
    Save,
    Cancel,
    CompleteOrCycle,
    CycleBack,
    HelpUp,
    HelpDown,
    /// Write the unsaved changes elsewhere, then leave.
    Rescue,
    /// Open the participants list.
    Participants,
    ParticipantUp,
    ParticipantDown,
    /// Give or withdraw the selected participant's consent to be named (journaled).
    ToggleConsent,
    CloseParticipants,
    /// Open the attendance overlay.
    OpenAttendance,
    /// Close it (a count being typed is saved first).
    CloseAttendance,
    AttendanceUp,
    AttendanceDown,
    /// One more present in the selected group.
    AttendanceMore,
    /// One fewer present in the selected group.
    AttendanceLess,
    /// Delete the last digit of the count being typed.
    AttendanceBackspace,
    /// Save the count typed; on an organisation, mark it represented or not.
    AttendanceSave,
    /// Mark the selected organisation represented or not.
    AttendanceToggle,
    /// Type the name of an organisation not in the agenda.
    AddOrganisation,
    OrganisationSave,
    OrganisationCancel,
    /// Open the message line: a message for the room display.
    OpenMessage,
    /// Show the message typed on the room display (journaled).
    ShowMessage,
    CancelMessage,
    /// Put the next (or previous) preset message of the agenda in the line.
    NextPreset,
    PreviousPreset,
    /// The message on the room display blinks for three seconds.
    BlinkMessage,
    /// The room display shows no message.
    ClearMessage,
    /// The room display goes black, or shows the time again.
    ToggleBlackout,
    /// Park the selected item: asks for its owner.
    Park,
    /// Open the parking lot.
    OpenParking,
    CloseParking,
    ParkingUp,
    ParkingDown,
    /// Mark the selected parked item resolved, or open again (journaled).
    ToggleResolved,
    /// Change the owner of the selected parked item: asks for it.
    ChangeOwner,
    /// Take the selected item out of the parking lot (journaled).
    Unpark,
    /// Park the item (or change its owner) with the owner typed; an empty line: no owner.
    SaveOwner,
    CancelOwner,
    /// Complete the owner's name typed, or say why not.
    CompleteOwner,
    /// Open the tally form: a vote or a show of hands in the current session.
    OpenTally,
    /// Record the whole tally (one journaled change).
    SaveTally,
    CancelTally,
    TallyNextField,
    TallyPreviousField,
    /// On a choice (method, rule, how a count was obtained, dots per person or in all): the
    /// next one; in a text field, the cursor moves.
    TallyChooseNext,
    TallyChoosePrevious,
    /// The session's tally before (or after) the one in the form, to correct it.
    TallyEarlier,
    TallyLater,
    /// Delete the tally in the form (asks by a second press).
    DeleteTally,
    /// Show the catch-up proposal (or say that the plan fits).
    CatchUp,
    /// The session above / below in the proposal.
    CatchUpUp,
    CatchUpDown,
    /// One minute more / less for the selected session's new timebox.
    CatchUpLonger,
    CatchUpShorter,
    /// Trim breaks too, or keep them at their length (the proposal is made again).
    CatchUpBreaks,
    /// Accept the proposal: its timebox changes are journaled.
    CatchUpAccept,
    /// Dismiss it: nothing changes.
    CatchUpClose,
    /// Open the speaking queue of the current session.
    OpenQueue,
    /// The next speaker gets the floor (the current one's turn ends).
    NextSpeaker,
    CloseQueue,
    QueueUp,
    QueueDown,
    /// Type the name of a speaker who joins the queue in a lane.
    AddSpeaker(Lane),
    /// The selected speaker changes places with the one before (or after) them.
    MoveSpeakerUp,
    MoveSpeakerDown,
    /// The selected speaker leaves the queue.
    RemoveSpeaker,
    /// The selected speaker gets the floor now, out of turn.
    GiveFloor,
    /// The current speaker's turn ends; nobody else gets the floor yet.
    EndTurn,
    /// First-time speakers first: on or off.
    ToggleFirstTime,
    /// Close the speaking list to new speakers, or open it again.
    ToggleQueueClosed,
    /// Every speaker's time +30 seconds (or -30).
    SpeakerTimeMore,
    SpeakerTimeLess,
    /// Add the speaker typed.
    SaveSpeaker,
    /// Back to the queue without adding anyone.
    CancelSpeaker,
    /// Complete the @name before the cursor, else the next lane.
    SpeakerCompleteOrCycle,
    /// The previous lane.
    SpeakerLaneBack,
    /// Open the questions from phones.
    OpenInbox,
    CloseInbox,
    InboxUp,
    InboxDown,
    /// Approve the selected submission as it is: a question of the current session.
    ApproveSubmission,
    /// Edit the selected submission in a line, then approve it.
    EditSubmission,
    /// Merge the selected submission into a question asked already: pick it.
    MergeSubmission,
    /// Reject the selected submission: asks why.
    RejectSubmission,
    /// Pin the selected submission's question to the room display, or unpin it.
    PinQuestion,
    /// Approve the submission with the text edited.
    SaveApproval,
    /// Reject the submission for the reason typed.
    SaveRejection,
    /// Merge the submission into the question picked.
    SaveMerge,
    /// Back to the inbox: nothing is decided.
    CancelModeration,
    /// The next (or previous) preset reason in the line.
    NextReason,
    PreviousReason,
    /// The question above / below in the merge picker.
    MergeUp,
    MergeDown,
    /// Show a code that pairs a note-taker's laptop.
    PairNoteTaker,
    ClosePairing,
    /// Open the items carried from earlier records.
    OpenCarried,
    CloseCarried,
    CarriedUp,
    CarriedDown,
    /// Give the selected carried item a status (in progress and dropped ask for a note).
    MarkCarried(Status),
    /// Save the status with the note typed.
    SaveCarriedNote,
    /// Back to the carried items: nothing is saved.
    CancelCarriedNote,
}

/// One row of the key table.
pub struct Binding {
    pub mode: ModeKind,
    pub keys: &'static [Key],
    pub action: Action,
    /// Short label for the footer; empty when the footer leaves it out.
    pub footer: &'static str,
    /// The line in the help overlay.
    pub help: &'static str,
}

const fn bind(
    mode: ModeKind,
    keys: &'static [Key],
    action: Action,
    footer: &'static str,
    help: &'static str,
) -> Binding {
    Binding { mode, keys, action, footer, help }
}

use Key::{Char, Ctrl};

/// Every key binding of the live screen.
#[rustfmt::skip]
pub const BINDINGS: &[Binding] = &[
    bind(
        ModeKind::Normal,
        &[Char(' ')],
        Action::ToggleTimer,
        "start/pause",
        "start, pause or resume the current session's timer",
    ),
    bind(
        ModeKind::Normal,
        &[Char('n'), Key::Right],
        Action::Next,
        "next",
        "next session: ends the one on screen and starts the next if it ran; while looking at another, moves the view on",
    ),
    bind(
        ModeKind::Normal,
        &[Char('p'), Key::Left],
        Action::Previous,
        "prev",
        "previous session; while one runs only the view moves, its timer keeps running",
    ),
    bind(
        ModeKind::Normal,
        &[Char('r')],
        Action::ReturnToRunning,
        "",
        "return the view to the running session",
    ),
    bind(
        ModeKind::Normal,
        &[Char('+'), Char('=')],
        Action::Extend,
        "+1m",
        "timebox of the current session +1 minute",
    ),
    bind(
        ModeKind::Normal,
        &[Char('-'), Char('_')],
        Action::Shorten,
        "-1m",
        "timebox of the current session -1 minute",
    ),
    bind(ModeKind::Normal, &[Char('C')], Action::CatchUp, "catch up", "catch up: trim the sessions still to come when the plan passes `end` or a fixed `at`"),
    bind(ModeKind::Normal, &[Char('q')], Action::Capture(ItemKind::Question), "", "capture a question (the timer keeps running)"),
    bind(ModeKind::Normal, &[Char('c')], Action::Capture(ItemKind::Concern), "", "capture a concern"),
    bind(ModeKind::Normal, &[Char('a')], Action::Capture(ItemKind::Action), "", "capture an action (>owner due:DATE)"),
    bind(ModeKind::Normal, &[Char('d')], Action::Capture(ItemKind::Decision), "", "capture a decision"),
    bind(ModeKind::Normal, &[Char('i')], Action::Capture(ItemKind::Idea), "", "capture an idea"),
    bind(ModeKind::Normal, &[Char('m')], Action::Capture(ItemKind::Note), "", "capture an internal note (memo; never in public minutes)"),
    bind(ModeKind::Normal, &[Key::Up, Char('k')], Action::SelectNewer, "", "select the item above in this session's list"),
    bind(ModeKind::Normal, &[Key::Down, Char('j')], Action::SelectOlder, "", "select the item below"),
    bind(ModeKind::Normal, &[Char('e')], Action::Edit, "", "edit the selected item"),
    bind(ModeKind::Normal, &[Char('x'), Key::Delete], Action::Delete, "", "delete the selected item"),
    bind(ModeKind::Normal, &[Char('u')], Action::Undo, "", "undo the last delete"),
    bind(ModeKind::Normal, &[Char('I')], Action::ToggleInternal, "", "mark the selected item internal (kept out of the public minutes), or public again"),
    bind(ModeKind::Normal, &[Char('A')], Action::AnswerItem, "", "answer the selected question (an empty answer reopens it)"),
    bind(ModeKind::Normal, &[Char('M')], Action::MoveItem, "", "move the selected item to another session"),
    bind(ModeKind::Normal, &[Char('P')], Action::Participants, "", "the participants list: give or withdraw consent to be named in the public minutes"),
    bind(ModeKind::Normal, &[Key::Esc], Action::ClearSelection, "", "clear the selection"),
    bind(ModeKind::Normal, &[Char('L')], Action::Park, "", "park the selected item: asks who follows it up (matched as >owner; empty: no owner)"),
    bind(ModeKind::Normal, &[Char('l')], Action::OpenParking, "parking lot", "the parking lot: parked items, owner and status; mark resolved, change the owner, unpark"),
    bind(ModeKind::Normal, &[Char('T')], Action::OpenAttendance, "", "attendance: the count present per stakeholder group, the organisations represented"),
    bind(ModeKind::Normal, &[Char('v')], Action::OpenTally, "", "a vote or a show of hands in the current session: question, method, counts, outcome"),
    bind(ModeKind::Normal, &[Char('w')], Action::OpenMessage, "message", "a message for the room display: type it or pick a preset (1-9, Tab); Enter shows it"),
    bind(ModeKind::Normal, &[Char('B')], Action::BlinkMessage, "", "blink the message on the room display for 3 seconds"),
    bind(ModeKind::Normal, &[Char('X')], Action::ClearMessage, "", "clear the message from the room display"),
    bind(ModeKind::Normal, &[Char('K')], Action::ToggleBlackout, "", "black out the room display, or bring it back"),
    bind(ModeKind::Normal, &[Char('s')], Action::OpenQueue, "queue", "the speaking queue of the current session: speakers, points of order, replies, airtime"),
    bind(ModeKind::Normal, &[Char('S')], Action::NextSpeaker, "next speaker", "the next speaker in the queue gets the floor; their countdown starts"),
    bind(ModeKind::Normal, &[Char('o')], Action::OpenInbox, "phones", "questions from phones: approve, edit, merge, reject; pin one to the room display"),
    bind(ModeKind::Normal, &[Char('H')], Action::Share, "", "share: the phone question page and the browser display on the venue's network (again: stop)"),
    bind(ModeKind::Normal, &[Char('N')], Action::PairNoteTaker, "", "pair a note-taker's laptop: the address and a one-time code for `convene join`"),
    bind(ModeKind::Normal, &[Char('y')], Action::OpenCarried, "", "you said, we did: the items carried from earlier records; mark one answered, done, in progress or dropped"),
    bind(ModeKind::Normal, &[Char('g')], Action::OpenJump, "go to", "go to a session by its number (only the view while one runs)"),
    bind(
        ModeKind::Normal,
        &[Char('b')],
        Action::ToggleBell,
        "",
        "terminal bell at the warning and at zero: on/off",
    ),
    bind(ModeKind::Normal, &[Char('?')], Action::Help, "help", "this help"),
    bind(ModeKind::Normal, &[Char('E')], Action::EndEvent, "end event", "end the event (asks first)"),
    bind(
        ModeKind::Normal,
        &[Ctrl('q'), Ctrl('c')],
        Action::Quit,
        "quit",
        "leave; asks first while a session runs; the record stays resumable",
    ),
    bind(
        ModeKind::Help,
        &[Char('?'), Key::Esc, Char('q'), Key::Enter],
        Action::CloseHelp,
        "close",
        "close the help",
    ),
    bind(ModeKind::Help, &[Ctrl('q'), Ctrl('c')], Action::Quit, "quit", "leave"),
    bind(ModeKind::Help, &[Key::Up, Char('k'), Key::PageUp], Action::HelpUp, "", "scroll up"),
    bind(ModeKind::Help, &[Key::Down, Char('j'), Key::PageDown], Action::HelpDown, "", "scroll down"),
    bind(ModeKind::Asking, &[Char('y'), Char('Y')], Action::Yes, "yes", "yes"),
    bind(ModeKind::Asking, &[Char('n'), Char('N'), Key::Esc], Action::No, "no", "no"),
    bind(ModeKind::Asking, &[Char('w'), Char('W')], Action::Rescue, "", "when changes are not saved: write them to a new record folder and leave"),
    bind(ModeKind::Jump, &[Key::Enter], Action::JumpConfirm, "go", "go to the session typed"),
    bind(ModeKind::Jump, &[Key::Esc], Action::JumpCancel, "cancel", "cancel"),
    bind(ModeKind::Jump, &[Key::Backspace], Action::JumpBackspace, "", "delete a digit"),
    bind(ModeKind::Capture, &[Key::Enter], Action::Save, "save", "save the item"),
    bind(ModeKind::Capture, &[Key::Esc], Action::Cancel, "cancel", "cancel"),
    bind(ModeKind::Capture, &[Key::Tab], Action::CompleteOrCycle, "kind/complete", "complete the @name or >owner before the cursor, else the next kind"),
    bind(ModeKind::Capture, &[Key::BackTab], Action::CycleBack, "", "the previous kind"),
    bind(ModeKind::Capture, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::Answer, &[Key::Enter], Action::Save, "save", "save the answer"),
    bind(ModeKind::Answer, &[Key::Esc], Action::Cancel, "cancel", "cancel"),
    bind(ModeKind::Answer, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::Participants, &[Key::Up, Char('k')], Action::ParticipantUp, "", "select the participant above"),
    bind(ModeKind::Participants, &[Key::Down, Char('j')], Action::ParticipantDown, "", "select the participant below"),
    bind(ModeKind::Participants, &[Char(' '), Char('c')], Action::ToggleConsent, "consent yes/no", "give or withdraw the selected participant's consent to be named (journaled)"),
    bind(ModeKind::Participants, &[Key::Esc, Char('P'), Char('q')], Action::CloseParticipants, "close", "close the list"),
    bind(ModeKind::Participants, &[Ctrl('q'), Ctrl('c')], Action::Quit, "quit", "leave"),
    bind(
        ModeKind::Ended,
        &[Char('q'), Key::Esc, Key::Enter, Ctrl('q'), Ctrl('c')],
        Action::Quit,
        "leave",
        "leave convene",
    ),
    bind(ModeKind::Ended, &[Char('?')], Action::Help, "help", "help"),
    bind(ModeKind::Ended, &[Char('T')], Action::OpenAttendance, "attendance", "attendance: counts present and organisations represented (the minutes are written again)"),
    bind(ModeKind::Ended, &[Char('o')], Action::OpenInbox, "phones", "questions from phones, as they stand (moderating them is a correction: convene run --resume)"),
    bind(ModeKind::Attendance, &[Key::Up, Char('k')], Action::AttendanceUp, "", "the row above (a count being typed is saved)"),
    bind(ModeKind::Attendance, &[Key::Down, Char('j')], Action::AttendanceDown, "", "the row below (a count being typed is saved)"),
    bind(ModeKind::Attendance, &[Char('+'), Char('=')], Action::AttendanceMore, "", "one more present in the selected group"),
    bind(ModeKind::Attendance, &[Char('-'), Char('_')], Action::AttendanceLess, "", "one fewer present in the selected group"),
    bind(ModeKind::Attendance, &[Key::Backspace], Action::AttendanceBackspace, "", "delete a digit of the count being typed"),
    bind(ModeKind::Attendance, &[Key::Enter], Action::AttendanceSave, "save", "save the count typed (digits, or +/-); on an organisation, mark it represented or not"),
    bind(ModeKind::Attendance, &[Char(' ')], Action::AttendanceToggle, "✓ organisation", "mark the selected organisation represented or not"),
    bind(ModeKind::Attendance, &[Char('o')], Action::AddOrganisation, "other organisation", "type an organisation not in the agenda; Enter marks it represented"),
    bind(ModeKind::Attendance, &[Key::Esc, Char('T')], Action::CloseAttendance, "close", "close (a count being typed is saved)"),
    bind(ModeKind::Attendance, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::Organisation, &[Key::Enter], Action::OrganisationSave, "add", "add the organisation, marked represented"),
    bind(ModeKind::Organisation, &[Key::Esc], Action::OrganisationCancel, "cancel", "back to the attendance"),
    bind(ModeKind::Organisation, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::Message, &[Key::Enter], Action::ShowMessage, "show", "show the message on the room display"),
    bind(ModeKind::Message, &[Key::Esc], Action::CancelMessage, "cancel", "cancel"),
    bind(ModeKind::Message, &[Key::Tab], Action::NextPreset, "preset", "the next preset message of the agenda (when the line is empty or holds one)"),
    bind(ModeKind::Message, &[Key::BackTab], Action::PreviousPreset, "", "the previous preset message"),
    bind(ModeKind::Message, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::Parking, &[Key::Up, Char('k')], Action::ParkingUp, "", "select the parked item above"),
    bind(ModeKind::Parking, &[Key::Down, Char('j')], Action::ParkingDown, "", "select the parked item below"),
    bind(ModeKind::Parking, &[Char(' '), Char('r')], Action::ToggleResolved, "resolved/open", "mark the selected parked item resolved, or open again (journaled)"),
    bind(ModeKind::Parking, &[Char('o')], Action::ChangeOwner, "owner", "change who follows the selected item up (an empty line: no owner)"),
    bind(ModeKind::Parking, &[Char('u')], Action::Unpark, "unpark", "take the selected item out of the parking lot (journaled; L parks it again)"),
    bind(ModeKind::Parking, &[Key::Esc, Char('l'), Char('q')], Action::CloseParking, "close", "close the parking lot"),
    bind(ModeKind::Parking, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::ParkOwner, &[Key::Enter], Action::SaveOwner, "save", "save the owner (an empty line: no owner)"),
    bind(ModeKind::ParkOwner, &[Key::Esc], Action::CancelOwner, "cancel", "cancel: nothing is parked or changed"),
    bind(ModeKind::ParkOwner, &[Key::Tab], Action::CompleteOwner, "complete", "complete the name typed: a participant, group, organisation or the team"),
    bind(ModeKind::ParkOwner, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::Tally, &[Key::Enter], Action::SaveTally, "save", "save the whole tally (one journaled change)"),
    bind(ModeKind::Tally, &[Key::Esc], Action::CancelTally, "cancel", "cancel: nothing is saved"),
    bind(ModeKind::Tally, &[Key::Tab, Key::Down], Action::TallyNextField, "next field", "the next field"),
    bind(ModeKind::Tally, &[Key::BackTab, Key::Up], Action::TallyPreviousField, "", "the previous field"),
    bind(ModeKind::Tally, &[Key::Right], Action::TallyChooseNext, "choose", "the next method, rule, way of counting or unit of the dots (also space); in a text field the cursor moves"),
    bind(ModeKind::Tally, &[Key::Left], Action::TallyChoosePrevious, "", "the previous choice; in a text field the cursor moves"),
    bind(ModeKind::Tally, &[Key::PageUp], Action::TallyEarlier, "earlier tally", "the session's tally before this one, to correct it"),
    bind(ModeKind::Tally, &[Key::PageDown], Action::TallyLater, "", "the session's next tally, then the new one"),
    bind(ModeKind::Tally, &[Ctrl('x')], Action::DeleteTally, "", "delete the tally in the form (press twice)"),
    bind(ModeKind::Tally, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::CatchUp, &[Key::Enter], Action::CatchUpAccept, "accept", "accept: every timebox change is journaled"),
    bind(ModeKind::CatchUp, &[Key::Up, Char('k')], Action::CatchUpUp, "", "the session above"),
    bind(ModeKind::CatchUp, &[Key::Down, Char('j')], Action::CatchUpDown, "", "the session below"),
    bind(ModeKind::CatchUp, &[Char('+'), Char('=')], Action::CatchUpLonger, "+1m", "one minute more for the selected session"),
    bind(ModeKind::CatchUp, &[Char('-'), Char('_')], Action::CatchUpShorter, "-1m", "one minute less for the selected session"),
    bind(ModeKind::CatchUp, &[Char('b')], Action::CatchUpBreaks, "breaks too", "trim breaks too, or keep them at their length (the proposal is made again)"),
    bind(ModeKind::CatchUp, &[Key::Esc, Char('C')], Action::CatchUpClose, "dismiss", "dismiss: nothing changes"),
    bind(ModeKind::CatchUp, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::Queue, &[Char('a')], Action::AddSpeaker(Lane::Normal), "add", "add a speaker to the list: @name or @group (Tab completes)"),
    bind(ModeKind::Queue, &[Char('o')], Action::AddSpeaker(Lane::PointOfOrder), "point of order", "add a point of order: first of all, even to a closed list"),
    bind(ModeKind::Queue, &[Char('r')], Action::AddSpeaker(Lane::DirectReply), "reply", "add a direct reply: after points of order, before the list"),
    bind(ModeKind::Queue, &[Char('S')], Action::NextSpeaker, "next", "the next speaker gets the floor (the current turn ends)"),
    bind(ModeKind::Queue, &[Key::Enter], Action::GiveFloor, "give floor", "the selected speaker gets the floor now, out of turn"),
    bind(ModeKind::Queue, &[Char('e')], Action::EndTurn, "", "end the current turn without giving the floor to anyone"),
    bind(ModeKind::Queue, &[Key::Up, Char('k')], Action::QueueUp, "", "select the speaker above"),
    bind(ModeKind::Queue, &[Key::Down, Char('j')], Action::QueueDown, "", "select the speaker below"),
    bind(ModeKind::Queue, &[Char('K')], Action::MoveSpeakerUp, "", "move the selected speaker up (within their lane)"),
    bind(ModeKind::Queue, &[Char('J')], Action::MoveSpeakerDown, "", "move the selected speaker down"),
    bind(ModeKind::Queue, &[Char('x'), Key::Delete], Action::RemoveSpeaker, "", "remove the selected speaker from the queue"),
    bind(ModeKind::Queue, &[Char('f')], Action::ToggleFirstTime, "", "first-time speakers first (in this session's list): on/off"),
    bind(ModeKind::Queue, &[Char('c')], Action::ToggleQueueClosed, "", "close the list (points of order still join), or open it"),
    bind(ModeKind::Queue, &[Char('+'), Char('=')], Action::SpeakerTimeMore, "", "each speaker's time in this session +30 seconds"),
    bind(ModeKind::Queue, &[Char('-'), Char('_')], Action::SpeakerTimeLess, "", "each speaker's time in this session -30 seconds"),
    bind(ModeKind::Queue, &[Key::Esc, Char('s'), Char('q')], Action::CloseQueue, "close", "close the queue (it keeps running)"),
    bind(ModeKind::Queue, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::Speaker, &[Key::Enter], Action::SaveSpeaker, "add", "add the speaker to the queue"),
    bind(ModeKind::Speaker, &[Key::Esc], Action::CancelSpeaker, "cancel", "back to the queue"),
    bind(ModeKind::Speaker, &[Key::Tab], Action::SpeakerCompleteOrCycle, "lane/complete", "complete the @name before the cursor, else the next lane"),
    bind(ModeKind::Speaker, &[Key::BackTab], Action::SpeakerLaneBack, "", "the previous lane"),
    bind(ModeKind::Speaker, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::Inbox, &[Char('a'), Key::Enter], Action::ApproveSubmission, "approve", "approve the selected question as it is: a question of the current session, asked by \"a participant (online)\""),
    bind(ModeKind::Inbox, &[Char('e')], Action::EditSubmission, "edit", "edit it, then approve it: the capture line's syntax (#theme, >owner, due:DATE, !internal, !park)"),
    bind(ModeKind::Inbox, &[Char('m')], Action::MergeSubmission, "merge", "merge it into a question asked already: pick it (typing filters)"),
    bind(ModeKind::Inbox, &[Char('r')], Action::RejectSubmission, "reject", "reject it, with a reason (Tab: out of scope, duplicate, offensive, personal data); the reason stays internal"),
    bind(ModeKind::Inbox, &[Char('p')], Action::PinQuestion, "pin", "pin its question to the room display, or unpin it"),
    bind(ModeKind::Inbox, &[Key::Up, Char('k')], Action::InboxUp, "", "select the question above"),
    bind(ModeKind::Inbox, &[Key::Down, Char('j')], Action::InboxDown, "", "select the question below"),
    bind(ModeKind::Inbox, &[Key::Esc, Char('o'), Char('q')], Action::CloseInbox, "close", "close the questions from phones"),
    bind(ModeKind::Inbox, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::Pairing, &[Key::Esc, Key::Enter, Char('N'), Char('q')], Action::ClosePairing, "close", "close (the code stays valid until it is tried or expires)"),
    bind(ModeKind::Pairing, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::InboxEdit, &[Key::Enter], Action::SaveApproval, "approve", "approve the question as edited"),
    bind(ModeKind::InboxEdit, &[Key::Esc], Action::CancelModeration, "cancel", "back to the questions from phones: nothing is approved"),
    bind(ModeKind::InboxEdit, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::InboxReject, &[Key::Enter], Action::SaveRejection, "reject", "reject the question for the reason typed"),
    bind(ModeKind::InboxReject, &[Key::Esc], Action::CancelModeration, "cancel", "back to the questions from phones: nothing is rejected"),
    bind(ModeKind::InboxReject, &[Key::Tab], Action::NextReason, "reason", "the next preset reason (when the line is empty or holds one)"),
    bind(ModeKind::InboxReject, &[Key::BackTab], Action::PreviousReason, "", "the previous preset reason"),
    bind(ModeKind::InboxReject, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::InboxMerge, &[Key::Enter], Action::SaveMerge, "merge", "merge the question from the phone into the question picked"),
    bind(ModeKind::InboxMerge, &[Key::Esc], Action::CancelModeration, "cancel", "back to the questions from phones: nothing is merged"),
    bind(ModeKind::InboxMerge, &[Key::Up], Action::MergeUp, "", "the question above"),
    bind(ModeKind::InboxMerge, &[Key::Down], Action::MergeDown, "", "the question below"),
    bind(ModeKind::InboxMerge, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::Carried, &[Key::Up, Char('k')], Action::CarriedUp, "", "select the carried item above"),
    bind(ModeKind::Carried, &[Key::Down, Char('j')], Action::CarriedDown, "", "select the carried item below"),
    bind(ModeKind::Carried, &[Char('a')], Action::MarkCarried(Status::Answered), "answered", "mark the selected carried item answered (journaled)"),
    bind(ModeKind::Carried, &[Char('d')], Action::MarkCarried(Status::Done), "done", "mark it done (journaled)"),
    bind(ModeKind::Carried, &[Char('p')], Action::MarkCarried(Status::InProgress), "in progress", "mark it in progress, with a note of what is under way; it is carried on next time"),
    bind(ModeKind::Carried, &[Char('x')], Action::MarkCarried(Status::Dropped), "dropped", "mark it dropped, with the reason"),
    bind(ModeKind::Carried, &[Key::Esc, Char('y'), Char('q')], Action::CloseCarried, "close", "close the carried items"),
    bind(ModeKind::Carried, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
    bind(ModeKind::CarriedNote, &[Key::Enter], Action::SaveCarriedNote, "save", "save the status with this note"),
    bind(ModeKind::CarriedNote, &[Key::Esc], Action::CancelCarriedNote, "cancel", "back to the carried items: nothing is saved"),
    bind(ModeKind::CarriedNote, &[Ctrl('q'), Ctrl('c')], Action::Quit, "", "leave"),
];

/// The action a key has in a mode.
pub fn action_for(mode: ModeKind, key: Key) -> Option<Action> {
    BINDINGS.iter().find(|b| b.mode == mode && b.keys.contains(&key)).map(|b| b.action)
}

/// The bindings of a mode, in table order.
pub fn bindings(mode: ModeKind) -> impl Iterator<Item = &'static Binding> {
    BINDINGS.iter().filter(move |b| b.mode == mode)
}

/// "n/→" — how a binding's keys are written.
pub fn keys_label(binding: &Binding) -> String {
    binding.keys.iter().map(|k| k.to_string()).collect::<Vec<_>>().join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_key_has_two_bindings_in_one_mode() {
        for (i, a) in BINDINGS.iter().enumerate() {
            for b in &BINDINGS[i + 1..] {
                if a.mode != b.mode {
                    continue;
                }
                for key in a.keys {
                    assert!(!b.keys.contains(key), "{key} is bound twice in {:?}", a.mode);
                }
            }
        }
    }

    #[test]
    fn the_contract_keys_are_bound() {
        let normal = |k| action_for(ModeKind::Normal, k);
        assert_eq!(normal(Char(' ')), Some(Action::ToggleTimer));
        assert_eq!(normal(Char('n')), Some(Action::Next));
        assert_eq!(normal(Key::Right), Some(Action::Next));
        assert_eq!(normal(Char('p')), Some(Action::Previous));
        assert_eq!(normal(Key::Left), Some(Action::Previous));
        assert_eq!(normal(Char('+')), Some(Action::Extend));
        assert_eq!(normal(Char('-')), Some(Action::Shorten));
        assert_eq!(normal(Char('?')), Some(Action::Help));
        assert_eq!(normal(Char('E')), Some(Action::EndEvent));
        assert_eq!(normal(Ctrl('q')), Some(Action::Quit));
        assert_eq!(normal(Ctrl('c')), Some(Action::Quit));
    }
}
