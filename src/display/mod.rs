//! The room display, `convene display [RECORD]`: a second terminal (the projector's) that
//! follows a record while the facilitator's convene writes it, and shows the room the time.
//! It takes no lock and never writes. It learns of new lines from the file system's change
//! notices (the `notify` crate) on the record's folders, with a slow poll besides, and draws
//! only when something shown changes: a line read, a key, a resize, the countdown's second,
//! a blinking message's half-second, the wall clock's minute.

mod find;
mod follow;
mod letters;
pub mod view;

use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use chrono::Timelike;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event, KeyCode, KeyEventKind, KeyModifiers};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

pub use find::{held, live_record};
pub use follow::Follower;
pub use view::Showing;

use crate::live::{Now, until_next_tick};
use crate::tui::terminal::{BUSY, Screen};
use crate::tui::view::Theme;

/// What the display says while no convene on this machine has a record open.
pub const WAITING: &str = "waiting for convene run to open a record…";

/// How often the record is looked at when the change notices cannot be had, and while no
/// running convene holds it (to find the one a restarted convene opens).
const POLL: Duration = Duration::from_secs(2);
/// How often it is looked at anyway: a notice can be missed (a folder replaced).
const SAFETY_POLL: Duration = Duration::from_secs(10);
/// A small margin so a wake-up lands after the second rolls over, never just before.
const MARGIN: Duration = Duration::from_millis(3);

/// Which record the display follows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// A record folder named on the command line; it may not exist yet.
    Named(PathBuf),
    /// The record a running convene on this machine has open, whichever that is.
    Running { data: PathBuf },
}

/// The record followed, found again when the target is whatever a running convene holds.
pub struct Source {
    target: Target,
    follower: Option<Follower>,
}

impl Source {
    pub fn new(target: Target) -> Source {
        let follower = match &target {
            Target::Named(dir) => Some(Follower::new(dir)),
            Target::Running { .. } => None,
        };
        Source { target, follower }
    }

    /// Reads what changed; true when what is shown may have changed. Following whatever a
    /// running convene holds, another record is taken once the followed one is no longer
    /// held and another one is (the facilitator started another event).
    pub fn refresh(&mut self, now: Now) -> bool {
        let mut changed = false;
        if let Target::Running { data } = &self.target
            && !self.follower.as_ref().is_some_and(|f| find::held(f.dir()))
            && let Some(dir) = find::live_record(data)
            && self.follower.as_ref().is_none_or(|f| f.dir() != dir)
        {
            self.follower = Some(Follower::new(&dir));
            changed = true;
        }
        if let Some(follower) = &mut self.follower {
            changed |= follower.refresh(now);
        }
        changed
    }

    pub fn showing(&self) -> Showing<'_> {
        match &self.follower {
            None => Showing::Waiting(WAITING),
            Some(follower) => match (follower.live(), follower.trouble()) {
                (Some(live), _) => Showing::Event(live),
                (None, trouble) => Showing::Waiting(trouble.unwrap_or(WAITING)),
            },
        }
    }

    /// The folders whose changes matter: the record's and its journals', and the records
    /// folder while any running convene's record will do.
    fn folders(&self) -> Vec<PathBuf> {
        let mut folders = Vec::new();
        if let Target::Running { data } = &self.target {
            folders.push(crate::record::records_dir(data));
        }
        if let Some(follower) = &self.follower {
            folders.push(follower.dir().to_path_buf());
            folders.push(follower.dir().join(crate::record::JOURNALS_DIR));
        }
        folders
    }

    /// How long until the record is looked at again without a notice.
    fn poll_every(&self, watching: bool) -> Duration {
        let shown = self.follower.as_ref().is_some_and(|f| f.live().is_some());
        let held = self.follower.as_ref().is_some_and(|f| find::held(f.dir()));
        match &self.target {
            _ if !watching || !shown => POLL,
            Target::Running { .. } if !held => POLL,
            _ => SAFETY_POLL,
        }
    }
}

/// What reaches the loop, through one channel.
#[derive(Debug)]
enum Input {
    Terminal(Event),
    /// The terminal can no longer be read.
    Failed(io::Error),
    /// Something changed in a watched folder.
    Files,
    /// A signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT) asks the display to leave.
    Signal(i32),
}

/// The change notices on the followed folders. A folder that does not exist yet is watched
/// through the nearest one above it that does.
struct Watch {
    watcher: Option<notify::RecommendedWatcher>,
    /// Each folder watched, and the folder it was when it was watched.
    watched: Vec<(PathBuf, (u64, u64))>,
    /// A watch could not be set: the poll is the only way to learn of changes there.
    failed: bool,
}

/// Whether a notice can mean new lines: the display's own reads (opening a file) do not.
fn matters(event: &notify::Result<notify::Event>) -> bool {
    use notify::EventKind;
    use notify::event::ModifyKind;
    match event {
        // An overflowed queue or a lost watch: look again.
        Err(_) => true,
        Ok(event) => {
            !matches!(event.kind, EventKind::Access(_) | EventKind::Modify(ModifyKind::Metadata(_)))
        }
    }
}

impl Watch {
    fn new(inputs: Sender<Input>) -> Watch {
        let watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            if matters(&event) {
                let _ = inputs.send(Input::Files);
            }
        });
        let failed = watcher.is_err();
        Watch { watcher: watcher.ok(), watched: Vec::new(), failed }
    }

    /// Watches `folders` (each, or the nearest existing folder above it), and no others.
    fn follow(&mut self, folders: &[PathBuf]) {
        let Some(watcher) = &mut self.watcher else { return };
        use notify::Watcher;
        let mut wanted: Vec<(PathBuf, (u64, u64))> = Vec::new();
        for folder in folders {
            if let Some(found) = existing(folder)
                && !wanted.iter().any(|(path, _)| *path == found.0)
            {
                wanted.push(found);
            }
        }
        self.watched.retain(|watched| {
            let keep = wanted.contains(watched);
            if !keep {
                let _ = watcher.unwatch(&watched.0);
            }
            keep
        });
        let mut failed = false;
        for found in wanted {
            if self.watched.contains(&found) {
                continue;
            }
            match watcher.watch(&found.0, notify::RecursiveMode::NonRecursive) {
                Ok(()) => self.watched.push(found),
                Err(_) => failed = true,
            }
        }
        self.failed = failed;
    }

    fn working(&self) -> bool {
        self.watcher.is_some() && !self.failed
    }
}

/// `folder`, or the nearest folder above it that exists, with its identity.
fn existing(folder: &Path) -> Option<(PathBuf, (u64, u64))> {
    folder.ancestors().find_map(|dir| {
        let meta = std::fs::metadata(dir).ok().filter(|m| m.is_dir())?;
        Some((dir.to_path_buf(), (meta.dev(), meta.ino())))
    })
}

/// How long until something shown changes by itself: the countdown's next second, the
/// blinking message's next half-second or the end of its blink, the wall clock's minute.
pub fn next_change(showing: Showing<'_>, now: Now) -> Duration {
    let second = u64::from(now.wall.second().min(59));
    let nanos = u64::from(now.wall.nanosecond().min(999_999_999));
    let to_minute = Duration::from_secs(60 - second).saturating_sub(Duration::from_nanos(nanos));
    let Showing::Event(live) = showing else { return to_minute + MARGIN };
    let mut budget = to_minute;
    let run = live.current_run();
    if run.clock.is_running() && !live.has_ended() {
        budget = budget.min(until_next_tick(run.timebox, run.clock.elapsed(now.mono)));
        if let Some(speaker) = live.until_speaker_tick(now.mono) {
            budget = budget.min(speaker);
        }
    }
    if let (Some(left), Some(at)) = (live.room.blinking(now.wall), live.room.blinked_at) {
        let into = (now.wall - at).num_milliseconds().rem_euclid(view::BLINK_STEP_MS);
        let step = Duration::from_millis((view::BLINK_STEP_MS - into).unsigned_abs());
        budget = budget.min(left).min(step);
    }
    budget + MARGIN
}

/// Reads the terminal on its own thread, so that the loop sleeps on one channel.
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

/// Runs the display until q or Ctrl-c; Some(signal) when a signal ended it.
pub fn run(target: Target, timer_only: bool) -> io::Result<Option<i32>> {
    let (sender, inputs) = mpsc::channel();
    let signals = sender.clone();
    let mut screen = Screen::enter(move |signal| signals.send(Input::Signal(signal)).is_ok())?;
    spawn_terminal_reader(sender.clone())?;
    let mut watch = Watch::new(sender);
    let mut source = Source::new(target);
    run_with(&mut source, &mut watch, &mut screen.terminal, &inputs, timer_only)
}

/// True for the keys that leave: q and Ctrl-c.
fn leaves(event: &Event) -> bool {
    let Event::Key(key) = event else { return false };
    key.kind == KeyEventKind::Press
        && match key.code {
            KeyCode::Char('q') => key.modifiers.is_empty(),
            KeyCode::Char('c' | 'C') => key.modifiers.contains(KeyModifiers::CONTROL),
            _ => false,
        }
}

fn run_with<B: Backend>(
    source: &mut Source,
    watch: &mut Watch,
    terminal: &mut Terminal<B>,
    inputs: &Receiver<Input>,
    timer_only: bool,
) -> io::Result<Option<i32>> {
    let theme = Theme::from_env();
    let mut dirty = true;
    let mut look = true;
    let mut next_poll = Instant::now();
    loop {
        if look || Instant::now() >= next_poll {
            dirty |= source.refresh(Now::read());
            watch.follow(&source.folders());
            next_poll = Instant::now() + source.poll_every(watch.working());
            look = false;
        }
        let now = Now::read();
        if dirty {
            let _guard = BUSY.lock();
            let mut stdout = io::stdout();
            execute!(stdout, BeginSynchronizedUpdate)?;
            let frame = terminal
                .draw(|frame| view::draw(frame, source.showing(), now, &theme, timer_only))
                .map(drop)
                .map_err(|e| io::Error::other(e.to_string()));
            execute!(stdout, EndSynchronizedUpdate)?;
            frame?;
            dirty = false;
        }
        let change = now.mono + next_change(source.showing(), now);
        let wake = change.min(next_poll);
        let mut received = Vec::new();
        match inputs.recv_timeout(wake.saturating_duration_since(Instant::now())) {
            Ok(input) => {
                received.push(input);
                // Every notice of a burst of lines is read with one look.
                while let Ok(input) = inputs.try_recv() {
                    received.push(input);
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the terminal reader stopped"));
            }
        }
        for input in received {
            match input {
                Input::Terminal(event) if leaves(&event) => return Ok(None),
                Input::Terminal(Event::Resize(..)) => dirty = true,
                Input::Terminal(_) => {}
                Input::Failed(e) => return Err(e),
                Input::Signal(signal) => return Ok(Some(signal)),
                Input::Files => look = true,
            }
        }
        if Instant::now() >= change {
            dirty = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::agenda::{DEMO_AGENDA, parse_agenda};
    use crate::event::{Change, DeviceId};
    use crate::live::Live;
    use crate::record;

    #[test]
    fn without_a_record_named_the_one_a_running_convene_holds_is_followed() {
        let data = tempfile::tempdir().unwrap();
        let mut source = Source::new(Target::Running { data: data.path().to_path_buf() });
        assert!(!source.refresh(Now::read()));
        assert!(matches!(source.showing(), Showing::Waiting(WAITING)));
        let agenda = parse_agenda(DEMO_AGENDA).agenda.unwrap();
        let now = Now::read().wall;
        let me = DeviceId::new(0xfac);
        let (first, _) = record::create(data.path(), me, &agenda, DEMO_AGENDA, now).unwrap();
        assert!(source.refresh(Now::read()));
        assert_eq!(source.follower.as_ref().map(|f| f.dir()), Some(first.dir.as_path()));
        assert!(matches!(source.showing(), Showing::Event(_)));
        // The facilitator leaves: the display stays on that record.
        let first_dir = first.dir.clone();
        drop(first);
        source.refresh(Now::read());
        assert_eq!(source.follower.as_ref().map(|f| f.dir()), Some(first_dir.as_path()));
        // Another event is opened: the display moves to it.
        let (mut second, mut stamp) =
            record::create(data.path(), me, &agenda, DEMO_AGENDA, now).unwrap();
        let shown = Change::MessageShown { text: "Welcome back".into() };
        second.journal.append(stamp.entry(shown, now)).unwrap();
        assert!(source.refresh(Now::read()));
        assert_eq!(source.follower.as_ref().map(|f| f.dir()), Some(second.dir.as_path()));
        let Showing::Event(live) = source.showing() else { panic!("the second record is shown") };
        assert_eq!(live.room.message.as_ref().map(|(t, _)| t.as_str()), Some("Welcome back"));
    }

    #[test]
    fn the_display_sleeps_until_something_shown_changes() {
        let agenda = parse_agenda(DEMO_AGENDA).agenda.unwrap();
        let mut live = Live::new(agenda);
        let wall = chrono::DateTime::parse_from_rfc3339("2026-05-12T18:00:20.250+02:00").unwrap();
        let now = Now { mono: Instant::now(), wall };
        let ms = |d: Duration| d.as_millis();
        // Nothing runs: the wall clock's next minute.
        assert_eq!(ms(next_change(Showing::Event(&live), now)), 39_750 + 3);
        assert_eq!(ms(next_change(Showing::Waiting(WAITING), now)), 39_750 + 3);
        // A countdown runs (started 400 ms ago): its next second.
        let at = wall - chrono::Duration::milliseconds(400);
        let entry = |seq, change| crate::event::Entry::format_1(seq, at, change);
        let started = entry(1, Change::SessionStarted { session: 0, elapsed_ms: 0 });
        live.apply(&started, now).unwrap();
        assert_eq!(ms(next_change(Showing::Event(&live), now)), 600 + 3);
        // A message blinks (asked 400 ms ago): its next half-second, until its end.
        live.apply(&entry(2, Change::MessageShown { text: "Wrap up".into() }), now).unwrap();
        live.apply(&entry(3, Change::MessageBlinked), now).unwrap();
        assert_eq!(ms(next_change(Showing::Event(&live), now)), 100 + 3);
        let later = Now { mono: now.mono, wall: wall + chrono::Duration::milliseconds(2_550) };
        assert_eq!(ms(next_change(Showing::Event(&live), later)), 50 + 3);
    }
}
