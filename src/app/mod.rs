//! The live screen's state and its pure update function. Knows no terminal: keys arrive as
//! [`Key`], time as [`Now`], and what must happen outside comes back as [`Effect`]s.

pub mod attendance;
pub mod carried;
pub mod catchup;
pub mod inbox;
pub mod keys;
mod mode;
pub mod parking;
pub mod peers;
pub mod queue;
pub mod room;
pub mod tally;

use std::mem;
use std::time::Duration;

pub use keys::{Action, Key, ModeKind};
pub use mode::{Draft, Mode, Question};
use tui_input::{Input, InputRequest};

use crate::capture;
use crate::event::{Change, Entry, ItemId, ItemKind};
use crate::live::{Fold, Live, Now, displayed_seconds};

/// Something that happened to the live screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Msg {
    Key(Key),
    Paste(String),
    /// Time passed (a displayed second may have rolled over).
    Tick,
    /// A line written elsewhere and already journaled by its writer: a question from a phone
    /// (a line of the hub's inbox journal), another device's change. It is folded into the
    /// live state (again from the start when it sorts before lines already folded), never
    /// journaled again; one the fold refuses changes nothing and is said; one already held
    /// is ignored.
    Received(Vec<Entry>),
}

/// Work the event loop does on update's behalf.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Journal this change and apply it to the live state; the screen says it is saved once
    /// the writer has made it durable.
    Record(Change),
    /// Ring the terminal bell.
    Bell,
    /// The event ended: write its minutes.
    EventEnded,
    /// Write the minutes again: the event had ended, and its record changed since.
    WriteMinutes,
    /// Leave the program.
    Quit,
    /// Write every change, saved or not, to a record elsewhere; then leave.
    RescueAndQuit,
    /// Serve the phone question page and the browser display (`--share`) as soon as the
    /// record exists, on [`App::share`]'s address.
    ShareStart,
    /// Stop serving them.
    ShareStop,
    /// Put a code on screen that pairs a note-taker's laptop (starting the note-takers'
    /// port when it is not serving yet).
    PairNoteTaker,
}

/// The longest item text, in characters: a paste is cut there, with a message.
pub const MAX_ITEM_CHARS: usize = 4000;

/// The warning and zero bells of one session: whether each already rang.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct BellsRung {
    pub warning: bool,
    pub zero: bool,
}

/// The live screen: the event plus what is on screen around it.
pub struct App {
    pub live: Live,
    /// Every entry `live` was folded from, in fold order: a line from another device that
    /// sorts before lines already folded folds them all again (see [`Fold`]).
    pub fold: Fold,
    /// What the screen is doing, with its data (the question asked, the line being typed).
    pub mode: Mode,
    /// The terminal bell rings at the warning and at zero.
    pub bell: bool,
    /// Per session: which of its bells already rang.
    pub bells_rung: Vec<BellsRung>,
    /// A one-line message for the facilitator, shown until the next key.
    pub flash: Option<String>,
    /// Where the minutes were written when the event ended.
    pub minutes: Vec<String>,
    /// The selected item of the current session's list.
    pub selected: Option<ItemId>,
    /// Deleted items, newest last, for undo.
    pub deleted: Vec<ItemId>,
    /// Why changes are not being saved, while they are not (shown in the header, in red).
    pub trouble: Option<String>,
    /// How many changes are kept in memory only; leaving then asks first.
    pub unsaved: usize,
    /// The screen is too small to show anything but a message: keys do nothing.
    pub too_small: bool,
    /// The session on screen while another one runs: looking back (`p`, `g`) moves only
    /// this, never the running clock. Not journaled; see [`App::shown`].
    pub viewing: Option<usize>,
    /// The change the message names ("Saving question 30…") until the writer answers.
    pub saving: Option<Saving>,
    /// The event had ended when it was resumed: it is open for corrections. Items are
    /// captured and changed as during the event (a new one in the session on screen); the
    /// timers stay as they were. The journal says `event_reopened` only before the first
    /// correction, so resuming to look changes nothing; `E`, or leaving, ends it again.
    pub correcting: bool,
    /// The event is served on the venue network (`convene run --share`): where phones ask.
    /// Set by the event loop; the header and the questions from phones show it.
    pub sharing: Option<Sharing>,
    /// Where sharing listens (`--bind`, `--port`) and whether it starts with the screen
    /// (`--share`); `H` starts it later.
    pub share: crate::share::ShareSettings,
    /// The other laptops of the event: this one's role, the paired devices, pairing.
    pub peers: peers::Peers,
}

/// Where the event is served on the venue network, as the screen shows it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sharing {
    /// The addresses phones open ("http://192.168.1.20:8080"), the most useful first.
    pub urls: Vec<String>,
    /// A QR code of the first address, as rows of text to draw as they are.
    pub qr: Vec<String>,
}

/// What a timer key says while correcting an ended event.
pub const TIMERS_STAY: &str =
    "Corrections don't change the timers: they stay as held · E ends the corrections";

/// A change the message says is being saved: "Saving question 30…", then "Saved question
/// 30" once the writer has made its batch durable, or NOT SAVED.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Saving {
    /// What it is: "question 30", "concern 2 in session 2 (which runs)".
    pub what: String,
    /// Said after it: " · @res could be …".
    pub notes: String,
    /// The batch it was sent in, once sent.
    pub batch: Option<u64>,
}

impl Saving {
    fn on_its_way(&self) -> String {
        format!("Saving {}…{}", self.what, self.notes)
    }

    fn durable(&self) -> String {
        format!("Saved {}{}", self.what, self.notes)
    }

    fn kept_in_memory(&self) -> String {
        format!("NOT SAVED — kept in memory: {}{}", self.what, self.notes)
    }
}

impl App {
    pub fn new(live: Live) -> App {
        let bells_rung = vec![BellsRung::default(); live.sessions.len()];
        // An event resumed after its end is reopened for corrections (lazily: see `correcting`).
        let correcting = live.ended_at.is_some();
        App {
            live,
            fold: Fold::default(),
            mode: Mode::Normal,
            bell: false,
            bells_rung,
            flash: None,
            minutes: Vec::new(),
            selected: None,
            deleted: Vec::new(),
            trouble: None,
            unsaved: 0,
            too_small: false,
            viewing: None,
            saving: None,
            correcting,
            sharing: None,
            share: crate::share::ShareSettings::default(),
            peers: peers::Peers::default(),
        }
    }

    /// The session on screen: the one being viewed while another runs (or while correcting
    /// an ended event), else the current one.
    pub fn shown(&self) -> usize {
        match (self.viewing, self.live.running()) {
            (Some(view), Some(_)) if view < self.live.sessions.len() => view,
            (Some(view), None) if self.correcting && view < self.live.sessions.len() => view,
            _ => self.live.current,
        }
    }

    /// The running session while another one is on screen.
    pub fn running_elsewhere(&self) -> Option<usize> {
        self.live.running().filter(|&running| running != self.shown())
    }

    /// Shows a session. While a session runs this only moves the view; otherwise the
    /// facilitator moves there (journaled, as before).
    fn go_to(&mut self, target: usize, now: Now) -> Vec<Effect> {
        if self.correcting {
            // After the end only the view moves: which session was on is part of the record.
            self.viewing = (target != self.live.current).then_some(target);
            self.flash =
                Some(format!("Session {}: a new item goes to the session on screen", target + 1));
            return Vec::new();
        }
        match self.live.running() {
            Some(running) => {
                self.viewing = (target != running).then_some(target);
                self.flash = Some(if target == running {
                    format!("Back to session {}, which runs", running + 1)
                } else {
                    format!(
                        "Viewing session {} · session {} keeps running · r returns to it",
                        target + 1,
                        running + 1
                    )
                });
                Vec::new()
            }
            None => {
                self.viewing = None;
                self.live
                    .moves_to(target, false, now.mono)
                    .into_iter()
                    .map(Effect::Record)
                    .collect()
            }
        }
    }

    /// Asks a yes/no question; the mode it is asked from waits behind it.
    fn ask(&mut self, question: Question) {
        // A question asked while another is open replaces it: both return to the same mode.
        let from = match mem::take(&mut self.mode) {
            Mode::Asking { from, .. } => from,
            other => Box::new(other),
        };
        self.mode = Mode::Asking { question, from };
    }

    /// Closes the question asked, back to where it was asked, and says which it was.
    fn close_question(&mut self) -> Option<Question> {
        match mem::take(&mut self.mode) {
            Mode::Asking { question, from } => {
                self.mode = *from;
                Some(question)
            }
            other => {
                self.mode = other;
                None
            }
        }
    }

    /// Says a change is on its way to the disk: "Saving question 30…".
    fn saving(&mut self, what: String, notes: String) {
        let saving = Saving { what, notes, batch: None };
        self.flash = Some(saving.on_its_way());
        self.saving = Some(saving);
    }

    /// The changes made since the last batch went to the writer as `batch`.
    pub fn sent(&mut self, batch: u64) {
        if let Some(saving) = self.saving.as_mut().filter(|s| s.batch.is_none()) {
            saving.batch = Some(batch);
        }
    }

    /// The writer made every batch up to `through` durable: "Saving question 30…" becomes
    /// "Saved question 30" (unless another message replaced it meanwhile).
    pub fn saved(&mut self, through: u64, unsaved: usize) {
        self.unsaved = unsaved;
        let Some(saving) = self.saving.take_if(|s| s.batch.is_some_and(|b| b <= through)) else {
            return;
        };
        if self.flash.as_deref() == Some(saving.on_its_way().as_str()) {
            self.flash = Some(saving.durable());
        }
    }

    /// The last changes were not made durable: nothing may still say they are being saved
    /// or were saved.
    pub fn not_saved(&mut self, unsaved: usize) {
        self.unsaved = unsaved;
        self.flash = Some(match self.saving.take() {
            Some(saving) => saving.kept_in_memory(),
            None => format!("NOT SAVED — kept in memory: {}", plural(unsaved, "change")),
        });
    }

    /// Changes still wait for the disk after the time leaving waits: they count as not
    /// saved, and leaving asks what to do with them (`why` says what happened).
    pub fn leave_unsaved(&mut self, unsaved: usize, why: String) {
        self.unsaved = unsaved;
        self.saving = None;
        self.flash = Some(why);
        self.ask(Question::LeaveUnsaved);
    }

    /// Writing the unsaved changes elsewhere failed: stay, say why, and ask again.
    pub fn rescue_failed(&mut self, why: &str) {
        self.flash = Some(format!("Could not write them elsewhere: {why}"));
        self.ask(Question::LeaveUnsaved);
    }

    /// The selected item, when it is still in the list of the session on screen.
    pub fn selection(&self) -> Option<&crate::live::Item> {
        let id = self.selected?;
        let shown = self.shown();
        self.live.item(id).filter(|i| i.session == shown && !i.deleted)
    }
}

/// Applies one message to the app and says what the loop must do. Journaled changes are
/// returned as [`Effect::Record`] and take effect only when the loop applies them.
pub fn update(app: &mut App, msg: Msg, now: Now) -> Vec<Effect> {
    let mut effects = match msg {
        // Nothing on screen says what a key would do: it does nothing.
        Msg::Key(_) | Msg::Paste(_) if app.too_small => Vec::new(),
        Msg::Key(key) => {
            app.flash = None;
            match keys::action_for(app.mode.kind(), key) {
                Some(action) if peers::refused(app, action) => {
                    app.flash = Some(peers::FACILITATOR_RUNS.into());
                    Vec::new()
                }
                Some(action) => act(app, action, now),
                None => {
                    type_key(app, key);
                    Vec::new()
                }
            }
        }
        Msg::Paste(text) => {
            paste(app, &text);
            Vec::new()
        }
        Msg::Tick => Vec::new(),
        Msg::Received(entries) => inbox::receive(app, entries, now),
    };
    peers::keep_to_notes(app, &mut effects);
    reopen_first(app, &mut effects);
    effects.extend(bells(app, now));
    effects
}

/// While correcting an ended event, the first change journaled reopens it: `event_reopened`
/// goes before it. Until then nothing is journaled, so looking changes nothing.
fn reopen_first(app: &App, effects: &mut Vec<Effect>) {
    if !app.correcting || app.live.reopened {
        return;
    }
    if let Some(first) = effects.iter().position(|e| matches!(e, Effect::Record(_))) {
        effects.insert(first, Effect::Record(Change::EventReopened));
    }
}

/// A key the table does not bind: typed into the capture or answer line, or a digit of the
/// session number.
fn type_key(app: &mut App, key: Key) {
    // In the empty message line a digit picks that preset.
    if room::pick(app, key) {
        return;
    }
    let limit = line_limit(&app.mode);
    match &mut app.mode {
        Mode::Capture { line, .. }
        | Mode::Answer { line, .. }
        | Mode::Organisation { line, .. }
        | Mode::Message { line }
        | Mode::ParkOwner { line, .. }
        | Mode::Speaker { line, .. }
        | Mode::InboxEdit { line, .. }
        | Mode::InboxReject { line, .. }
        | Mode::InboxMerge { line, .. }
        | Mode::CarriedNote { line, .. } => {
            if let Key::Char(c) = key {
                if let Some(cut) = insert_text(line, &c.to_string(), limit) {
                    app.flash = Some(cut);
                }
            } else {
                edit_line(line, key);
            }
            inbox::filtered(&mut app.mode);
        }
        Mode::Jump { typed, .. } => {
            if let Key::Char(c) = key
                && c.is_ascii_digit()
                && typed.len() < 4
            {
                typed.push(c);
            }
        }
        Mode::Attendance { .. } => {
            if let Some(d) = if let Key::Char(c) = key { c.to_digit(10) } else { None } {
                attendance::digit(app, d);
            }
        }
        Mode::Tally(_) => tally::type_key(app, key),
        _ => {}
    }
}

/// A paste is text, never commands: into a line, cleaned of line breaks and controls; into
/// the session number, its digits.
fn paste(app: &mut App, text: &str) {
    let limit = line_limit(&app.mode);
    match &mut app.mode {
        Mode::Capture { line, .. }
        | Mode::Answer { line, .. }
        | Mode::Organisation { line, .. }
        | Mode::Message { line }
        | Mode::ParkOwner { line, .. }
        | Mode::Speaker { line, .. }
        | Mode::InboxEdit { line, .. }
        | Mode::InboxReject { line, .. }
        | Mode::InboxMerge { line, .. }
        | Mode::CarriedNote { line, .. } => {
            if let Some(cut) = insert_text(line, &crate::sanitize::clean_line(text), limit) {
                app.flash = Some(cut);
            }
            inbox::filtered(&mut app.mode);
        }
        Mode::Jump { typed, .. } => {
            let room = 4 - typed.len().min(4);
            typed.extend(text.chars().filter(char::is_ascii_digit).take(room));
        }
        Mode::Attendance { .. } => {
            for d in text.chars().filter_map(|c| c.to_digit(10)) {
                attendance::digit(app, d);
            }
        }
        Mode::Tally(_) => tally::paste(app, text),
        _ => {}
    }
}

/// What an action does, by the part of the screen it belongs to.
fn act(app: &mut App, action: Action, now: Now) -> Vec<Effect> {
    use Action::*;
    match action {
        ToggleTimer | Next | Previous | ReturnToRunning | Extend | Shorten => {
            act_on_sessions(app, action, now)
        }
        SelectNewer | SelectOlder | ClearSelection | Delete | Undo | ToggleInternal => {
            act_on_items(app, action)
        }
        OpenJump | MoveItem | JumpBackspace | JumpCancel | JumpConfirm => {
            act_on_jump(app, action, now)
        }
        Capture(_) | Edit | AnswerItem | Save | Cancel | CompleteOrCycle | CycleBack => {
            act_on_line(app, action, now)
        }
        Help | HelpUp | HelpDown | CloseHelp => act_on_help(app, action),
        Participants | ParticipantUp | ParticipantDown | ToggleConsent | CloseParticipants => {
            act_on_participants(app, action)
        }
        OpenAttendance | CloseAttendance | AttendanceUp | AttendanceDown | AttendanceMore
        | AttendanceLess | AttendanceBackspace | AttendanceSave | AttendanceToggle
        | AddOrganisation | OrganisationSave | OrganisationCancel => attendance::act(app, action),
        OpenMessage | ShowMessage | CancelMessage | NextPreset | PreviousPreset | BlinkMessage
        | ClearMessage | ToggleBlackout => room::act(app, action),
        OpenCarried | CloseCarried | CarriedUp | CarriedDown | MarkCarried(_) | SaveCarriedNote
        | CancelCarriedNote => carried::act(app, action),
        Park | OpenParking | CloseParking | ParkingUp | ParkingDown | ToggleResolved
        | ChangeOwner | Unpark | SaveOwner | CancelOwner | CompleteOwner => {
            parking::act(app, action)
        }
        OpenTally | SaveTally | CancelTally | TallyNextField | TallyPreviousField
        | TallyChooseNext | TallyChoosePrevious | TallyEarlier | TallyLater | DeleteTally => {
            tally::act(app, action)
        }
        CatchUp | CatchUpUp | CatchUpDown | CatchUpLonger | CatchUpShorter | CatchUpBreaks
        | CatchUpAccept | CatchUpClose => catchup::act(app, action, now),
        OpenQueue
        | NextSpeaker
        | CloseQueue
        | QueueUp
        | QueueDown
        | AddSpeaker(_)
        | MoveSpeakerUp
        | MoveSpeakerDown
        | RemoveSpeaker
        | GiveFloor
        | EndTurn
        | ToggleFirstTime
        | ToggleQueueClosed
        | SpeakerTimeMore
        | SpeakerTimeLess
        | SaveSpeaker
        | CancelSpeaker
        | SpeakerCompleteOrCycle
        | SpeakerLaneBack => queue::act(app, action, now),
        OpenInbox | CloseInbox | InboxUp | InboxDown | ApproveSubmission | EditSubmission
        | MergeSubmission | RejectSubmission | PinQuestion | SaveApproval | SaveRejection
        | SaveMerge | CancelModeration | NextReason | PreviousReason | MergeUp | MergeDown => {
            inbox::act(app, action, now)
        }
        EndEvent | Quit | Rescue | Yes | No => act_on_question(app, action, now),
        PairNoteTaker => peers::pair(app),
        ClosePairing => peers::close(app),
        Share => {
            if app.sharing.is_some() {
                app.ask(Question::StopSharing);
                return Vec::new();
            }
            app.flash = Some(format!(
                "Starting to share on port {}… (phones and the browser display)",
                app.share.port
            ));
            vec![Effect::ShareStart]
        }
        ToggleBell => {
            app.bell = !app.bell;
            app.flash = Some(format!("Bell {}", if app.bell { "on" } else { "off" }));
            Vec::new()
        }
    }
}

/// The sessions' timers and which session is on screen.
fn act_on_sessions(app: &mut App, action: Action, now: Now) -> Vec<Effect> {
    if app.correcting {
        return correct_sessions(app, action, now);
    }
    let live = &app.live;
    let current = live.current;
    let shown = app.shown();
    match action {
        Action::ToggleTimer => {
            // The timer key acts on the current session; the screen goes back to it.
            app.viewing = None;
            vec![Effect::Record(live.toggle(now.mono))]
        }
        Action::Next => {
            if app.running_elsewhere().is_some() {
                // Looking around while another session runs: `n` moves the view on (back
                // towards the running one), never ends a session it does not show.
                if shown + 1 >= live.sessions.len() {
                    app.flash =
                        Some("This is the last session · r returns to the running one".into());
                    return Vec::new();
                }
                return app.go_to(shown + 1, now);
            }
            app.viewing = None;
            if current + 1 >= live.sessions.len() {
                app.flash = Some("That was the last session: press E to end the event".into());
                return live.end_current(now.mono).into_iter().map(Effect::Record).collect();
            }
            live.moves_to(current + 1, true, now.mono).into_iter().map(Effect::Record).collect()
        }
        Action::Previous => {
            if shown == 0 {
                app.flash = Some("This is the first session".into());
                return Vec::new();
            }
            app.go_to(shown - 1, now)
        }
        Action::ReturnToRunning => {
            match (live.running(), app.viewing.take()) {
                (Some(running), Some(_)) => {
                    app.flash = Some(format!("Back to session {}, which runs", running + 1));
                }
                (Some(running), None) => {
                    app.flash = Some(format!("Session {} runs and is on screen", running + 1));
                }
                (None, _) => app.flash = Some("No session is running: space starts one".into()),
            }
            Vec::new()
        }
        Action::Extend | Action::Shorten => {
            let timebox = live.current_run().timebox.as_secs();
            let timebox_s = if action == Action::Extend {
                (timebox + 60).min(crate::agenda::MAX_DURATION.as_secs())
            } else {
                timebox.saturating_sub(60).max(60)
            };
            if timebox_s == timebox {
                return Vec::new();
            }
            // A changed timebox may need its warning and zero bells again.
            app.bells_rung[current] = BellsRung::default();
            if shown != current {
                app.flash = Some(format!(
                    "Timebox of session {} (which runs): {}",
                    current + 1,
                    crate::agenda::format_duration(Duration::from_secs(timebox_s))
                ));
            }
            vec![Effect::Record(Change::SessionExtended { session: current, timebox_s })]
        }
        _ => Vec::new(),
    }
}

/// The session keys while correcting an ended event: the view moves, the timers stay.
fn correct_sessions(app: &mut App, action: Action, now: Now) -> Vec<Effect> {
    let shown = app.shown();
    match action {
        Action::Next if shown + 1 < app.live.sessions.len() => app.go_to(shown + 1, now),
        Action::Next => {
            app.flash = Some("This is the last session".into());
            Vec::new()
        }
        Action::Previous if shown > 0 => app.go_to(shown - 1, now),
        Action::Previous => {
            app.flash = Some("This is the first session".into());
            Vec::new()
        }
        Action::ReturnToRunning => app.go_to(app.live.current, now),
        _ => {
            app.flash = Some(TIMERS_STAY.into());
            Vec::new()
        }
    }
}

/// Selecting, deleting and restoring the items of the session on screen.
fn act_on_items(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::SelectNewer | Action::SelectOlder => {
            let ids: Vec<ItemId> = app.live.session_items(app.shown()).map(|i| i.id).collect();
            let at = app.selection().and_then(|item| ids.iter().position(|&id| id == item.id));
            app.selected = match (action, at) {
                (_, None) => ids.first().copied(),
                (Action::SelectNewer, Some(i)) => ids.get(i.saturating_sub(1)).copied(),
                (_, Some(i)) => ids.get((i + 1).min(ids.len().saturating_sub(1))).copied(),
            };
            Vec::new()
        }
        Action::ClearSelection => {
            app.selected = None;
            Vec::new()
        }
        Action::Delete => {
            let Some(item) = app.selection() else { return nothing_selected(app) };
            let (id, kind, number) = (item.id, item.kind, item.number);
            app.deleted.push(id);
            app.selected = None;
            app.flash = Some(format!("Deleted {} {number} · u undoes", kind.label()));
            vec![Effect::Record(Change::ItemDeleted { item: id })]
        }
        Action::ToggleInternal => {
            let Some(item) = app.selection() else { return nothing_selected(app) };
            let (id, kind, number) = (item.id, item.kind, item.number);
            if kind == ItemKind::Note {
                app.flash = Some("A note is always internal".into());
                return Vec::new();
            }
            let mut fields = item.fields.clone();
            fields.internal = !fields.internal;
            app.flash = Some(if fields.internal {
                format!(
                    "{} {number} is internal: kept out of the public minutes · I again makes it public",
                    kind.title()
                )
            } else {
                format!("{} {number} is public again", kind.title())
            });
            vec![Effect::Record(Change::ItemEdited { item: id, kind, fields })]
        }
        Action::Undo => match app.deleted.pop() {
            Some(id) => {
                app.selected = Some(id);
                let number = app.live.item(id).map_or(0, |item| item.number);
                app.flash = Some(format!("Restored item {number}"));
                vec![Effect::Record(Change::ItemRestored { item: id })]
            }
            None => {
                app.flash = Some("Nothing to undo".into());
                Vec::new()
            }
        },
        _ => Vec::new(),
    }
}

/// The session-number prompt: going to a session, or moving the selected item there.
fn act_on_jump(app: &mut App, action: Action, now: Now) -> Vec<Effect> {
    match action {
        Action::OpenJump => {
            app.mode = Mode::Jump { typed: String::new(), moving: None };
            Vec::new()
        }
        Action::MoveItem => {
            let Some(item) = app.selection() else { return nothing_selected(app) };
            app.mode = Mode::Jump { typed: String::new(), moving: Some(item.id) };
            Vec::new()
        }
        Action::JumpBackspace => {
            if let Mode::Jump { typed, .. } = &mut app.mode {
                typed.pop();
            }
            Vec::new()
        }
        Action::JumpCancel => {
            app.mode = Mode::Normal;
            Vec::new()
        }
        Action::JumpConfirm => {
            let Mode::Jump { typed, moving } = mem::take(&mut app.mode) else { return Vec::new() };
            let count = app.live.sessions.len();
            match typed.parse::<usize>() {
                Ok(n) if (1..=count).contains(&n) => match moving {
                    Some(item) => {
                        app.selected = None;
                        app.flash = Some(format!("Moved to session {n}"));
                        vec![Effect::Record(Change::ItemMoved { item, session: n - 1 })]
                    }
                    None => app.go_to(n - 1, now),
                },
                _ => {
                    app.flash =
                        Some(format!("No session {typed:?}: type a number from 1 to {count}"));
                    Vec::new()
                }
            }
        }
        _ => Vec::new(),
    }
}

/// The capture line (a new item or an edit) and the answer line.
fn act_on_line(app: &mut App, action: Action, now: Now) -> Vec<Effect> {
    match action {
        Action::Capture(kind) => {
            app.mode = Mode::Capture { line: Input::default(), kind, editing: None };
        }
        Action::Edit => {
            let Some(item) = app.selection() else { return nothing_selected(app) };
            // A question from a phone has no @name to type back: it keeps its raiser (see
            // `save_line`), and its typed name never shows in a line.
            let mut fields = item.fields.clone();
            fields.by = fields.by.filter(|by| !matches!(by, crate::event::Raiser::Online(_)));
            let line = Mode::open_line(capture::unparse(&fields));
            app.mode = Mode::Capture { line, kind: item.kind, editing: Some(item.id) };
        }
        Action::AnswerItem => {
            let Some(item) = app.selection() else { return nothing_selected(app) };
            if item.kind != ItemKind::Question {
                app.flash = Some("Only questions take an answer".into());
                return Vec::new();
            }
            let line = Mode::open_line(item.answer().unwrap_or_default().to_string());
            app.mode = Mode::Answer { line, question: item.id };
        }
        Action::Save => return save_line(app, now),
        Action::Cancel => app.mode = Mode::Normal,
        Action::CompleteOrCycle => {
            // Tab on a name completes it (or says why not); only elsewhere it cycles the kind.
            if let Mode::Capture { line, kind, .. } = &mut app.mode {
                match capture::complete(line.value(), line.cursor(), &app.live.agenda) {
                    capture::Completion::Completed(text, cursor) => {
                        *line = Input::new(text).with_cursor(cursor);
                    }
                    capture::Completion::Ambiguous(text, cursor, message) => {
                        *line = Input::new(text).with_cursor(cursor);
                        app.flash = Some(message);
                    }
                    capture::Completion::Nobody(message) => app.flash = Some(message),
                    capture::Completion::NotAName => *kind = kind.next(),
                }
            }
        }
        Action::CycleBack => {
            if let Mode::Capture { kind, .. } = &mut app.mode {
                for _ in 0..ItemKind::ALL.len() - 1 {
                    *kind = kind.next();
                }
            }
        }
        _ => {}
    }
    Vec::new()
}

/// The help overlay.
fn act_on_help(app: &mut App, action: Action) -> Vec<Effect> {
    match (action, &mut app.mode) {
        (Action::Help, _) => {
            let from = Box::new(mem::take(&mut app.mode));
            app.mode = Mode::Help { from, scroll: 0 };
        }
        // The help is a line per binding and a few more: the view stops at its end.
        (Action::HelpDown, Mode::Help { scroll, .. }) => {
            *scroll = (*scroll + 1).min(2 * keys::BINDINGS.len())
        }
        (Action::HelpUp, Mode::Help { scroll, .. }) => *scroll = scroll.saturating_sub(1),
        (Action::CloseHelp, _) => {
            app.mode = match mem::take(&mut app.mode) {
                Mode::Help { from, .. } => *from,
                other => other,
            };
        }
        _ => {}
    }
    Vec::new()
}

/// The participants list: who may be named in the public minutes. A change of consent is
/// journaled at once, like any change, and said to be saved once it is durable.
fn act_on_participants(app: &mut App, action: Action) -> Vec<Effect> {
    let count = app.live.agenda.participants.len();
    match (action, &mut app.mode) {
        (Action::Participants, _) => app.mode = Mode::Participants { selected: 0 },
        (Action::ParticipantUp, Mode::Participants { selected }) => {
            *selected = selected.saturating_sub(1);
        }
        (Action::ParticipantDown, Mode::Participants { selected }) => {
            *selected = (*selected + 1).min(count.saturating_sub(1));
        }
        (Action::ToggleConsent, Mode::Participants { selected }) => {
            let Some(participant) = app.live.agenda.participants.get(*selected) else {
                app.flash = Some("The agenda lists no participants".into());
                return Vec::new();
            };
            let (name, consent) = (participant.name.clone(), !participant.consent);
            let state = if consent { "may be named" } else { "not named" };
            app.saving(format!("{name}'s consent: {state}"), String::new());
            return vec![Effect::Record(Change::ConsentChanged { participant: name, consent })];
        }
        (Action::CloseParticipants, _) => app.mode = Mode::Normal,
        _ => {}
    }
    Vec::new()
}

/// Ending the event, leaving, and the yes/no questions they ask.
fn act_on_question(app: &mut App, action: Action, now: Now) -> Vec<Effect> {
    match action {
        Action::EndEvent => {
            app.ask(Question::EndEvent);
            Vec::new()
        }
        Action::Quit => {
            // A count being typed on the attendance overlay is saved, not lost.
            let mut effects = attendance::save_before_leaving(app);
            let line = app.mode.line();
            let question = if app.unsaved > 0 {
                Some(Question::LeaveUnsaved)
            } else if line.is_some_and(|line| !line.value().trim().is_empty())
                || tally::holds_draft(&app.mode)
            {
                Some(Question::LeaveDraft)
            } else if app.correcting && app.live.reopened {
                Some(Question::LeaveCorrections)
            } else if (line.is_some()
                || matches!(
                    app.mode,
                    Mode::Normal
                        | Mode::Participants { .. }
                        | Mode::Attendance { .. }
                        | Mode::Parking { .. }
                        | Mode::Carried { .. }
                        | Mode::Tally(_)
                        | Mode::CatchUp { .. }
                        | Mode::Queue { .. }
                        | Mode::Inbox { .. }
                ))
                && app.live.is_running()
            {
                Some(Question::Leave)
            } else {
                None
            };
            match question {
                Some(question) => app.ask(question),
                None => effects.push(Effect::Quit),
            }
            effects
        }
        Action::Rescue => {
            if app.mode.question() == Some(Question::LeaveUnsaved) {
                app.close_question();
                vec![Effect::RescueAndQuit]
            } else {
                Vec::new()
            }
        }
        Action::Yes => {
            let question = app.close_question();
            app.mode = Mode::Normal;
            match question {
                Some(Question::EndEvent) if app.correcting => {
                    app.mode = Mode::Ended;
                    let mut effects = end_corrections(app);
                    if effects.is_empty() {
                        // Nothing was corrected: the same journal writes the same minutes.
                        effects.push(Effect::EventEnded);
                    }
                    effects
                }
                Some(Question::EndEvent) => {
                    app.mode = Mode::Ended;
                    let mut effects: Vec<Effect> =
                        app.live.ending(now.mono).into_iter().map(Effect::Record).collect();
                    effects.push(Effect::EventEnded);
                    effects
                }
                // Leaving never leaves corrections half done (unless they cannot be saved).
                Some(Question::Leave | Question::LeaveDraft | Question::LeaveCorrections) => {
                    let mut effects = end_corrections(app);
                    effects.push(Effect::Quit);
                    effects
                }
                Some(Question::LeaveUnsaved) => vec![Effect::Quit],
                Some(Question::StopSharing) => vec![Effect::ShareStop],
                None => Vec::new(),
            }
        }
        Action::No => {
            // Back to where the question was asked: a draft in the capture line is kept.
            app.close_question();
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// Ends the corrections of a reopened event: `event_ended` again (no session ends: the timers
/// stay as held), then its minutes are written again. Nothing when nothing was corrected.
fn end_corrections(app: &mut App) -> Vec<Effect> {
    if !(app.correcting && app.live.reopened) {
        return Vec::new();
    }
    app.correcting = false;
    app.viewing = None;
    vec![Effect::Record(Change::EventEnded), Effect::EventEnded]
}

/// "1 change", "3 changes".
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 { format!("1 {noun}") } else { format!("{n} {noun}s") }
}

/// The longest text a line takes, and what it holds ("An item holds at most …").
type Limit = (usize, &'static str);

/// A message line holds a message to the room; every other line, at most an item.
fn line_limit(mode: &Mode) -> Limit {
    match mode {
        Mode::Message { .. } => room::LIMIT,
        Mode::ParkOwner { .. } => parking::LIMIT,
        Mode::CarriedNote { .. } => carried::LIMIT,
        Mode::Speaker { .. } => queue::LIMIT,
        Mode::InboxReject { .. } => inbox::REASON_LIMIT,
        Mode::InboxMerge { .. } => inbox::FILTER_LIMIT,
        _ => (MAX_ITEM_CHARS, "An item"),
    }
}

/// Inserts text at the cursor in one step (a 100 KB paste must not be typed one character at
/// a time), keeping the line within its limit ([`MAX_ITEM_CHARS`] for an item). Says so when
/// text was cut.
fn insert_text(line: &mut Input, text: &str, (most, what): Limit) -> Option<String> {
    let value = line.value();
    let length = value.chars().count();
    let room = most.saturating_sub(length);
    let taken = match text.char_indices().nth(room) {
        Some((end, _)) => &text[..end],
        None => text,
    };
    let cut = (taken.len() < text.len()).then(|| {
        let cut = text[taken.len()..].chars().count();
        format!("{what} holds at most {most} characters: {} cut off", plural(cut, "character"))
    });
    if taken.is_empty() {
        return cut;
    }
    let cursor = line.cursor();
    let at = value.char_indices().nth(cursor).map_or(value.len(), |(i, _)| i);
    let mut text = String::with_capacity(value.len() + taken.len());
    text.push_str(&value[..at]);
    text.push_str(taken);
    text.push_str(&value[at..]);
    *line = Input::new(text).with_cursor(cursor + taken.chars().count());
    cut
}

fn nothing_selected(app: &mut App) -> Vec<Effect> {
    app.flash = Some("Select an item first with ↑/↓".into());
    Vec::new()
}

/// Line editing like a shell's: cursor movement, Home/End, word and line deletion.
fn edit_line(line: &mut Input, key: Key) {
    let request = match key {
        Key::Char(c) => InputRequest::InsertChar(c),
        Key::Left | Key::Ctrl('b') => InputRequest::GoToPrevChar,
        Key::Right | Key::Ctrl('f') => InputRequest::GoToNextChar,
        Key::CtrlLeft => InputRequest::GoToPrevWord,
        Key::CtrlRight => InputRequest::GoToNextWord,
        Key::Home | Key::Ctrl('a') => InputRequest::GoToStart,
        Key::End | Key::Ctrl('e') => InputRequest::GoToEnd,
        Key::Backspace => InputRequest::DeletePrevChar,
        Key::Delete | Key::Ctrl('d') => InputRequest::DeleteNextChar,
        Key::Ctrl('w') | Key::Ctrl('h') => InputRequest::DeletePrevWord,
        Key::Ctrl('u') => InputRequest::DeleteLine,
        Key::Ctrl('k') => InputRequest::DeleteTillEnd,
        Key::Ctrl('y') => InputRequest::Yank,
        _ => return,
    };
    line.handle(request);
}

/// Saves the capture or answer line as a journaled change.
fn save_line(app: &mut App, now: Now) -> Vec<Effect> {
    let (line, kind, editing) = match mem::take(&mut app.mode) {
        Mode::Answer { line, question } => return save_answer(app, &line, question),
        Mode::Capture { line, kind, editing } => (line, kind, editing),
        other => {
            app.mode = other;
            return Vec::new();
        }
    };
    let elsewhere = app.running_elsewhere();
    // After the end a new item goes to the session on screen; during it, to the current one.
    let session = if app.correcting { app.shown() } else { app.live.current };
    let live = &app.live;
    let mut parsed = capture::parse(line.value(), &live.agenda);
    // An edit without an @name keeps a phone's raiser, which the line does not show.
    if let Some(by @ crate::event::Raiser::Online(_)) =
        editing.and_then(|id| live.item(id)).and_then(|item| item.fields.by.as_ref())
        && parsed.fields.by.is_none()
    {
        parsed.fields.by = Some(by.clone());
    }
    if parsed.fields.text.is_empty() {
        app.flash = Some("Nothing saved: the item has no text".into());
        return Vec::new();
    }
    // `!park` parks the item with the line's owner: a new one as it is captured (the id is
    // given when its line is journaled: see `crate::stamp`), an edited one unless it is
    // parked already (the lot, `l`, changes that).
    let park = match editing {
        _ if !parsed.park => None,
        None => Some(ItemId::default()),
        Some(item) => live.parking.get(item).is_none().then_some(item),
    }
    .map(|item| Change::ItemParked { item, owner: parsed.fields.owner.clone() });
    let change = match editing {
        Some(item) => Change::ItemEdited { item, kind, fields: parsed.fields },
        None => {
            let offset_ms = live.sessions[session].clock.elapsed_ms(now.mono);
            // The item's id is its line's device and sequence number, given when the
            // change is journaled (`crate::stamp`).
            Change::ItemCaptured {
                item: ItemId::default(),
                kind,
                session,
                offset_ms,
                fields: parsed.fields,
            }
        }
    };
    let number = match editing {
        Some(item) => live.item(item).map_or(0, |item| item.number),
        None => live.next_number(),
    };
    let mut what = format!("{} {number}", kind.label());
    if let (None, Some(running)) = (editing, elsewhere) {
        // Said now, so it belongs to the session that runs, not to the one looked at.
        what.push_str(&format!(" in session {} (which runs)", running + 1));
    }
    if editing.is_none() && app.correcting {
        what.push_str(&format!(" in session {}", session + 1));
    }
    if let Some(Change::ItemParked { owner, .. }) = &park {
        what.push_str(&format!(" in the parking lot, {}", parking::owned(owner.as_ref(), app)));
    }
    let mut notes = String::new();
    for flag in &parsed.flags {
        notes.push_str(" · ");
        notes.push_str(flag);
    }
    app.saving(what, notes);
    std::iter::once(change).chain(park).map(Effect::Record).collect()
}

/// Saves the answer line to its question; an empty answer opens the question again.
fn save_answer(app: &mut App, line: &Input, question: ItemId) -> Vec<Effect> {
    let answer = crate::sanitize::clean_line(line.value());
    let number = app.live.item(question).map_or(0, |item| item.number);
    if answer.is_empty() {
        app.flash = Some(format!("Question {number} is open again"));
    } else {
        app.saving(format!("the answer to question {number}"), String::new());
    }
    vec![Effect::Record(Change::ItemAnswered { item: question, answer })]
}

/// The warning and zero bells of the current session, each rung once.
fn bells(app: &mut App, now: Now) -> Vec<Effect> {
    let index = app.live.current;
    let run = app.live.current_run();
    if !app.bell || !run.clock.is_running() {
        return Vec::new();
    }
    let left = displayed_seconds(run.timebox, run.clock.elapsed(now.mono));
    let warn =
        app.live.agenda.warn_at(&app.live.agenda.sessions[index], run.timebox).min(run.timebox);
    let rung = &mut app.bells_rung[index];
    let mut effects = Vec::new();
    if left <= 0 && !rung.zero {
        // Zero passes the warning too: it must not ring after.
        *rung = BellsRung { warning: true, zero: true };
        effects.push(Effect::Bell);
    } else if left > 0 && Duration::from_secs(left as u64) <= warn && !rung.warning {
        rung.warning = true;
        effects.push(Effect::Bell);
    }
    effects
}

#[cfg(test)]
mod catchup_tests;
#[cfg(test)]
mod fold_tests;
#[cfg(test)]
mod queue_tests;
#[cfg(test)]
mod room_tests;
#[cfg(test)]
pub(crate) mod tests;
