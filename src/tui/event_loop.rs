//! The event loop: idle means asleep. It redraws only after an input or when a displayed
//! value changes (the countdown's second, the wall clock's minute), and otherwise blocks.

use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::time::Duration;

use chrono::Timelike;
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::crossterm::event::{self, Event};
use ratatui::crossterm::execute;
use ratatui::crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};

use super::terminal::{self, BUSY, Screen};
use super::view::{self, Theme};
use crate::app::{App, Effect, Msg, Recorder, update};
use crate::live::{Now, until_next_tick};

/// A small margin so a wake-up lands after the rollover, never just before it.
const MARGIN: Duration = Duration::from_millis(3);

/// How long the loop may sleep before something on screen changes by itself.
fn sleep_budget(app: &App, now: Now) -> Duration {
    let second = u64::from(now.wall.second());
    let nanos = u64::from(now.wall.nanosecond().min(999_999_999));
    let to_minute = Duration::from_secs(60 - second) - Duration::from_nanos(nanos);
    let run = app.live.current_run();
    let budget = if run.clock.is_running() && app.live.ended_at.is_none() {
        until_next_tick(run.timebox, run.clock.elapsed(now.mono)).min(to_minute)
    } else {
        to_minute
    };
    budget + MARGIN
}

/// What reaches the loop from outside: the terminal reader thread's events. Later sources
/// (a file watcher, a server) send into the same channel.
#[derive(Debug)]
pub enum Input {
    Terminal(Event),
    /// The terminal can no longer be read.
    Failed(io::Error),
}

/// How the live screen was left.
#[derive(Debug)]
pub struct Left {
    /// Where changes that could not be saved in the record were written instead.
    pub rescued: Option<PathBuf>,
    /// Changes that were kept in memory only and left behind when leaving.
    pub lost: usize,
}

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

/// The messages an input means for the app; a resize only asks for a redraw.
fn messages(input: Input, messages: &mut Vec<Msg>, dirty: &mut bool) -> io::Result<()> {
    match input {
        Input::Terminal(Event::Key(key)) => messages.extend(terminal::key(key).map(Msg::Key)),
        Input::Terminal(Event::Paste(text)) => messages.push(Msg::Paste(text)),
        Input::Terminal(Event::Resize(_, _)) => *dirty = true,
        Input::Terminal(_) => {}
        Input::Failed(e) => return Err(e),
    }
    Ok(())
}

/// Runs the live screen until the facilitator leaves.
pub fn run(mut app: App, recorder: &mut dyn Recorder) -> io::Result<Left> {
    let mut screen = Screen::enter()?;
    let (sender, inputs) = mpsc::channel();
    spawn_terminal_reader(sender)?;
    run_with(&mut app, recorder, &mut screen.terminal, &inputs, true)
}

/// The loop itself, over any backend and any source of inputs (tests feed both).
pub fn run_with<B: Backend>(
    app: &mut App,
    recorder: &mut dyn Recorder,
    terminal: &mut Terminal<B>,
    inputs: &Receiver<Input>,
    synchronized: bool,
) -> io::Result<Left> {
    let theme = Theme::from_env();
    let mut cache = view::Cache::default();
    let mut dirty = true;
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
        let mut batch = Vec::new();
        match inputs.recv_timeout(sleep_budget(app, now)) {
            Ok(input) => {
                messages(input, &mut batch, &mut dirty)?;
                // Drain everything that is ready (a paste, key repeat, a burst) before one draw.
                while let Ok(input) = inputs.try_recv() {
                    messages(input, &mut batch, &mut dirty)?;
                }
            }
            Err(RecvTimeoutError::Timeout) => batch.push(Msg::Tick),
            Err(RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("the terminal reader stopped"));
            }
        }
        let _guard = BUSY.lock();
        for msg in batch {
            let now = Now::read();
            dirty = true;
            for effect in update(app, msg, now) {
                match effect {
                    Effect::Record(change) => {
                        let entry = recorder.record(change, now);
                        app.live.apply_owned(entry, now);
                        match recorder.unsaved() {
                            0 => app.unsaved = 0,
                            unsaved => app.not_saved(unsaved),
                        }
                    }
                    Effect::Bell => {
                        let mut stdout = io::stdout();
                        let _ = stdout.write_all(b"\x07").and_then(|()| stdout.flush());
                    }
                    Effect::EventEnded => app.minutes = recorder.finish(app),
                    Effect::Quit => return Ok(Left { rescued: None, lost: app.unsaved }),
                    Effect::RescueAndQuit => match recorder.rescue() {
                        Ok(folder) => return Ok(Left { rescued: Some(folder), lost: 0 }),
                        Err(why) => app.rescue_failed(&why),
                    },
                }
            }
        }
        app.trouble = recorder.trouble();
    }
}
