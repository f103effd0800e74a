//! The event loop: idle means asleep. It redraws only after an input or when a displayed
//! value changes (the countdown's second, the wall clock's minute), and otherwise blocks.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use chrono::Timelike;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use super::peers::{Peering, Peers};
use super::sharing::Sharing;
use super::terminal::{self, BUSY, Screen};
use super::view::{self, Theme};
use crate::app::{App, Effect, Msg, Question, plural, update};
use crate::live::{Now, until_next_tick};
use crate::recorder::{Heard, JournalRecorder};
use crate::share::{ShareEvent, ShareSettings};
use crate::writer::Ack;

/// A small margin so a wake-up lands after the rollover, never just before it.
const MARGIN: Duration = Duration::from_millis(3);

/// How long the loop may sleep before something on screen changes by itself.
fn sleep_budget(app: &App, now: Now) -> Duration {
    let second = u64::from(now.wall.second());
    let nanos = u64::from(now.wall.nanosecond().min(999_999_999));
    let to_minute = Duration::from_secs(60 - second) - Duration::from_nanos(nanos);
    let run = app.live.current_run();
    let budget = if run.clock.is_running() && app.live.ended_at.is_none() {
        // The speaker's countdown rolls over on its own second, not the session's.
        let speaker = app.live.until_speaker_tick(now.mono).unwrap_or(to_minute);
        until_next_tick(run.timebox, run.clock.elapsed(now.mono)).min(to_minute).min(speaker)
    } else {
        to_minute
    };
    budget + MARGIN
}

/// What reaches the loop from outside, through one channel: the terminal reader's events,
/// the record writer's answers and the signal watcher's signals. Later sources (a file
/// watcher, a server) send into the same channel.
#[derive(Debug)]
pub enum Input {
    Terminal(Event),
    /// The terminal can no longer be read.
    Failed(io::Error),
    /// The record's writer answered.
    Writer(Ack),
    /// A signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT) asks convene to leave.
    Signal(i32),
    /// The public server of `--share` heard a phone, or stopped.
    Share(ShareEvent),
    /// The note-takers' port (on the facilitator's laptop) received lines, paired one, or
    /// stopped.
    Peer(crate::peer::server::PeerEvent),
    /// The sync with the hub (on a note-taker's laptop) received lines or lost the hub.
    Sync(crate::peer::client::SyncEvent),
}

/// How the live screen was left.
#[derive(Debug)]
pub struct Left {
    /// Where changes that could not be saved in the record were written instead.
    pub rescued: Option<PathBuf>,
    /// Changes that were kept in memory only, or still on their way to the disk, when
    /// leaving.
    pub lost: usize,
    /// The signal that made convene leave, if one did.
    pub signal: Option<i32>,
    /// The event had ended (and was not left reopened for corrections).
    pub ended: bool,
    /// Where the minutes were written, when they were.
    pub minutes: Vec<String>,
}

/// How long leaving waits for changes still on their way to the disk before it calls them
/// not saved and asks what to do; writing a copy elsewhere (`w`) waits as long.
const LEAVE_WAIT: Duration =
    if cfg!(test) { Duration::from_millis(300) } else { Duration::from_secs(5) };
/// What the screen says until the minutes are written.
const WRITING_MINUTES: &str = "Writing the minutes…";
/// How long a change may wait for the disk before the header says so.
const SLOW_DISK: Duration = Duration::from_secs(1);

/// Reads the terminal on its own thread, so that every byte typed or pasted is read as soon
/// as it arrives and the loop sleeps on one channel. The thread ends with the process (it is
/// blocked in a read) or when the loop is gone.
fn spawn_terminal_reader(inputs: Sender<Input>) -> io::Result<()> {
    std::thread::Builder::new().name("terminal reader".into()).spawn(move || {
        loop {
            let input = match event::read() {
                Ok(event) => Input::Terminal(event),
                Err(e) => Input::Failed(e),
            };
            let failed = matches!(input, Input::Failed(_));
            if inputs.send(input).is_err() || failed {
                return;
            }
        }
    })?;
    Ok(())
}

/// The messages a terminal event means for the app; a resize only asks for a redraw.
fn messages(event: Event, messages: &mut Vec<Msg>, dirty: &mut bool) {
    match event {
        Event::Key(key) => messages.extend(terminal::key(key).map(Msg::Key)),
        Event::Paste(text) => messages.push(Msg::Paste(text)),
        Event::Resize(_, _) => *dirty = true,
        _ => {}
    }
}

/// Runs the live screen until the facilitator leaves; with `share`, the public server of
/// `--share` serves phones and the browser display meanwhile; `peering` says whether this
/// laptop serves note-takers or is one.
pub fn run(
    mut app: App,
    recorder: &mut JournalRecorder,
    share: ShareSettings,
    peering: Peering,
) -> io::Result<Left> {
    let (sender, inputs) = mpsc::channel();
    let signals = sender.clone();
    let mut screen = Screen::enter(move |signal| signals.send(Input::Signal(signal)).is_ok())?;
    spawn_terminal_reader(sender.clone())?;
    app.share = share;
    let peers = Peers::new(peering);
    app.peers.joined = peers.joined();
    run_with_peers(&mut app, recorder, &mut screen.terminal, &inputs, &sender, true, peers)
}

/// What the loop waits for before it leaves.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Awaiting {
    /// The changes still on their way to the disk.
    Writes,
    /// The copy of the record elsewhere (`w`).
    Copy,
}

/// The loop's own state besides the app's.
struct Leaving {
    /// What leaving waits for, and until when.
    awaiting: Option<(Awaiting, Instant)>,
    /// Changes waited for longer than [`LEAVE_WAIT`]: they count as not saved.
    waited_out: bool,
}

impl Leaving {
    fn left(&self, app: &App, recorder: &JournalRecorder) -> Left {
        Left {
            rescued: None,
            lost: recorder.unsaved() + recorder.pending(),
            signal: None,
            ended: app.live.has_ended(),
            minutes: app.minutes.clone(),
        }
    }

    /// Not saved as far as the screen can tell: failed writes, and writes waited out.
    fn unsaved(&self, recorder: &JournalRecorder) -> usize {
        recorder.unsaved() + if self.waited_out { recorder.pending() } else { 0 }
    }
}

/// The loop itself, over any backend and any source of inputs (tests feed both). The
/// record's writer answers into the same channel, through `answers`.
pub fn run_with<B: Backend>(
    app: &mut App,
    recorder: &mut JournalRecorder,
    terminal: &mut Terminal<B>,
    inputs: &Receiver<Input>,
    answers: &Sender<Input>,
    synchronized: bool,
) -> io::Result<Left> {
    run_with_peers(app, recorder, terminal, inputs, answers, synchronized, Peers::default())
}

/// [`run_with`], with the other laptops of the event.
fn run_with_peers<B: Backend>(
    app: &mut App,
    recorder: &mut JournalRecorder,
    terminal: &mut Terminal<B>,
    inputs: &Receiver<Input>,
    answers: &Sender<Input>,
    synchronized: bool,
    mut peers: Peers,
) -> io::Result<Left> {
    let theme = Theme::from_env();
    let mut cache = view::Cache::default();
    let mut dirty = true;
    let mut leaving = Leaving { awaiting: None, waited_out: false };
    let mut sharing = Sharing::new(app.share);
    loop {
        let now = Now::read();
        if dirty {
            let _guard = BUSY.lock();
            let mut stdout = io::stdout();
            if synchronized {
                execute!(stdout, BeginSynchronizedUpdate)?;
            }
            let frame = terminal
                .draw(|frame| {
                    app.too_small = view::too_small(frame.area());
                    view::draw_cached(frame, app, now, &theme, &mut cache);
                })
                .map(drop)
                .map_err(|e| io::Error::other(e.to_string()));
            if synchronized {
                execute!(stdout, EndSynchronizedUpdate)?;
            }
            frame?;
            dirty = false;
        }
        if !recorder.started() {
            // The screen is up: the writer starts (and creates a new record) now.
            let sender = answers.clone();
            recorder.start(move |ack| {
                let _ = sender.send(Input::Writer(ack));
            })?;
        }
        // What starts once the record exists (the servers, the sync) starts before the loop
        // sleeps, and what they show is drawn first.
        let ticked = Now::read();
        if sharing.tick(app, recorder, answers, ticked) | peers.tick(app, recorder, answers, ticked)
        {
            dirty = true;
            continue;
        }
        let mut inputs_now = Vec::new();
        match inputs
            .recv_timeout(sleep_budget(app, now).min(wake_for_writes(&leaving, recorder, now)))
        {
            Ok(input) => {
                inputs_now.push(input);
                // Drain everything that is ready (a paste, key repeat, a burst) before one draw.
                while let Ok(input) = inputs.try_recv() {
                    inputs_now.push(input);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the terminal reader stopped"));
            }
        }
        if inputs_now.is_empty() {
            dirty = true;
            if let Some(left) =
                update_with(app, recorder, &mut leaving, &mut sharing, &mut peers, Msg::Tick)?
            {
                return Ok(left);
            }
        }
        for input in inputs_now {
            let mut batch = Vec::new();
            match input {
                Input::Terminal(event) => messages(event, &mut batch, &mut dirty),
                Input::Failed(e) => return Err(e),
                Input::Signal(signal) => {
                    return Ok(Left { signal: Some(signal), ..leaving.left(app, recorder) });
                }
                Input::Share(ShareEvent::Submitted(entry)) => {
                    // Written by the inbox already: this device's next lines sort after it.
                    recorder.observe(&entry);
                    batch.push(Msg::Received(vec![entry]));
                    // The inbox journal grew: note-takers hear of it.
                    peers.journal_grew();
                }
                Input::Peer(event) => {
                    batch.extend(peers.heard(app, recorder, event));
                    dirty = true;
                }
                Input::Sync(event) => batch.extend(peers.synced(recorder, event)),
                Input::Share(ShareEvent::Stopped(why)) => {
                    sharing.stopped(app, &why);
                    dirty = true;
                }
                Input::Writer(ack) => {
                    // Most answers change nothing on screen (a timer's start was saved): a
                    // frame only for those that do.
                    let shown = (app.flash.clone(), app.trouble.clone(), app.mode.question());
                    let counts = (app.minutes.len(), app.unsaved);
                    let saved = matches!(ack, Ack::Appended { failure: None, .. });
                    if let Some(left) = answered(app, recorder, &mut leaving, ack) {
                        return Ok(left);
                    }
                    if saved {
                        peers.journal_grew();
                    }
                    dirty |= shown != (app.flash.clone(), app.trouble.clone(), app.mode.question())
                        || counts != (app.minutes.len(), app.unsaved);
                }
            }
            for msg in batch {
                // Keys typed while leaving waits for the disk would be lost: they do nothing.
                if leaving.awaiting.is_some() && matches!(msg, Msg::Key(_) | Msg::Paste(_)) {
                    continue;
                }
                dirty = true;
                if let Some(left) =
                    update_with(app, recorder, &mut leaving, &mut sharing, &mut peers, msg)?
                {
                    return Ok(left);
                }
            }
        }
        // Every change of this burst goes to the writer in one batch: one write, one sync.
        if let Some(batch) = recorder.flush() {
            app.sent(batch);
        }
        let now = Now::read();
        match leaving.awaiting {
            // Every change is saved and only the minutes are slow: they are written as the
            // record closes, and `convene minutes` can always write them again.
            Some((Awaiting::Writes, until)) if now.mono >= until && recorder.pending() == 0 => {
                return Ok(leaving.left(app, recorder));
            }
            Some((Awaiting::Writes, until)) if now.mono >= until => {
                leaving.awaiting = None;
                leaving.waited_out = true;
                let waiting = recorder.pending();
                app.leave_unsaved(
                    leaving.unsaved(recorder),
                    format!(
                        "The record's disk has not answered for {} s: {} still on {} way to it",
                        LEAVE_WAIT.as_secs_f32(),
                        plural(waiting, "change"),
                        if waiting == 1 { "its" } else { "their" }
                    ),
                );
                dirty = true;
            }
            Some((Awaiting::Copy, until)) if now.mono >= until => {
                leaving.awaiting = None;
                app.rescue_failed(&format!(
                    "the writer still waits for the record's disk after {} s, and the copy after it",
                    LEAVE_WAIT.as_secs_f32()
                ));
                dirty = true;
            }
            _ => {}
        }
        let trouble = recorder.trouble().or_else(|| slow_disk(recorder, now));
        if trouble != app.trouble {
            app.trouble = trouble;
            dirty = true;
        }
    }
}

/// Applies one message to the app and does its effects; Some when the loop is to leave.
fn update_with(
    app: &mut App,
    recorder: &mut JournalRecorder,
    leaving: &mut Leaving,
    sharing: &mut Sharing,
    peers: &mut Peers,
    msg: Msg,
) -> io::Result<Option<Left>> {
    let now = Now::read();
    for effect in update(app, msg, now) {
        match effect {
            Effect::Record(change) => {
                for entry in recorder.record_taking_over(change, now, app.live.facilitator) {
                    // The change was made from this state, so it always applies; if it ever
                    // did not, say so rather than show a state the journal lacks.
                    // It sorts after every line held (the stamp observed them all); if it
                    // ever did not, the fold folds again.
                    if let Err(reason) = app.fold.add(&mut app.live, entry, now) {
                        app.flash = Some(format!("not applied: {reason}"));
                    }
                }
            }
            Effect::Bell => {
                let mut stdout = io::stdout();
                let _ = stdout.write_all(b"\x07").and_then(|()| stdout.flush());
            }
            Effect::EventEnded => {
                recorder.finish();
                app.flash = Some(WRITING_MINUTES.into());
            }
            // Quietly: the message says the change that asked for it is being saved.
            Effect::WriteMinutes => recorder.finish(),
            Effect::Quit => {
                let waiting = recorder.pending();
                if (waiting == 0 && !recorder.writing_minutes()) || leaving.waited_out {
                    return Ok(Some(leaving.left(app, recorder)));
                }
                // Leaving waits for the changes on their way to the disk, and for the
                // minutes asked for, for a while.
                leaving.awaiting = Some((Awaiting::Writes, now.mono + LEAVE_WAIT));
                app.flash = Some(if waiting == 0 {
                    "Writing the minutes before leaving…".to_string()
                } else {
                    format!("Saving {} before leaving…", plural(waiting, "change"))
                });
            }
            Effect::ShareStart => sharing.want(app.share),
            Effect::ShareStop => sharing.stop(app),
            Effect::PairNoteTaker => peers.pair(app),
            Effect::RescueAndQuit => {
                recorder.rescue();
                leaving.awaiting = Some((Awaiting::Copy, now.mono + LEAVE_WAIT));
                app.flash = Some("Writing every change to a new folder…".into());
            }
        }
    }
    Ok(None)
}

/// Takes in an answer of the writer; Some when the loop is to leave.
fn answered(
    app: &mut App,
    recorder: &mut JournalRecorder,
    leaving: &mut Leaving,
    ack: Ack,
) -> Option<Left> {
    let heard = recorder.acknowledged(ack);
    app.trouble = recorder.trouble();
    let batches = matches!(heard, Heard::Saved(_) | Heard::NotSaved(_) | Heard::Minutes(_));
    match heard {
        // A record created in another folder after a failed first attempt is named when
        // convene is left.
        Heard::Created(_) | Heard::NotCreated => {}
        // Leaving waited for them: stay, so that the header's reason can be read.
        Heard::MinutesFailed if matches!(leaving.awaiting, Some((Awaiting::Writes, _))) => {
            leaving.awaiting = None;
            app.flash = Some(
                "The minutes were not written (the header says why); the journal holds everything · Ctrl-q leaves"
                    .into(),
            );
        }
        Heard::MinutesFailed => {}
        Heard::Saved(through) => {
            let waited_out = leaving.waited_out;
            if recorder.pending() == 0 {
                leaving.waited_out = false;
            }
            app.saved(through, leaving.unsaved(recorder));
            // Leaving asked about changes that were only slow: they are saved now.
            if waited_out
                && leaving.unsaved(recorder) == 0
                && app.mode.question() == Some(Question::LeaveUnsaved)
            {
                return Some(leaving.left(app, recorder));
            }
        }
        Heard::NotSaved(_) => app.not_saved(leaving.unsaved(recorder)),
        Heard::Minutes(paths) => {
            app.minutes = paths;
            if app.flash.as_deref() == Some(WRITING_MINUTES) {
                app.flash = None;
            }
        }
        // The copy is asked for only on the way out.
        Heard::Rescued(folder) => {
            return Some(Left { rescued: Some(folder), lost: 0, ..leaving.left(app, recorder) });
        }
        Heard::RescueFailed(why) => {
            leaving.awaiting = None;
            app.rescue_failed(&why);
        }
    }
    // Leaving waited for these: everything is saved, or leaving asks about what is not.
    if batches
        && matches!(leaving.awaiting, Some((Awaiting::Writes, _)))
        && recorder.pending() == 0
        && !recorder.writing_minutes()
    {
        leaving.awaiting = None;
        let unsaved = leaving.unsaved(recorder);
        if unsaved == 0 {
            return Some(leaving.left(app, recorder));
        }
        let why = app.flash.clone().unwrap_or_else(|| {
            format!("NOT SAVED — kept in memory: {}", plural(unsaved, "change"))
        });
        app.leave_unsaved(unsaved, why);
    }
    None
}

/// Says so while changes wait for the disk longer than [`SLOW_DISK`].
fn slow_disk(recorder: &JournalRecorder, now: Now) -> Option<String> {
    let waited = now.mono.saturating_duration_since(recorder.waiting_since()?);
    (waited >= SLOW_DISK).then(|| {
        format!(
            "SAVING… the record's disk has not answered for {} s; {} kept in memory meanwhile",
            waited.as_secs(),
            plural(recorder.pending(), "change")
        )
    })
}

/// How long the loop may sleep before leaving stops waiting, or before the header's count of
/// the seconds the disk has not answered goes up.
fn wake_for_writes(leaving: &Leaving, recorder: &JournalRecorder, now: Now) -> Duration {
    let mut budget = Duration::MAX;
    if let Some((_, until)) = leaving.awaiting {
        budget = budget.min(until.saturating_duration_since(now.mono) + MARGIN);
    }
    if let Some(since) = recorder.waiting_since() {
        let waited = now.mono.saturating_duration_since(since);
        let next = Duration::from_secs(waited.as_secs() + 1).max(SLOW_DISK);
        budget = budget.min(next - waited + MARGIN);
    }
    budget
}

#[cfg(test)]
mod tests;
