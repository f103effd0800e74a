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
                        // The change was made from this state, so it always applies; if it
                        // ever did not, say so rather than show a state the journal lacks.
                        if let Err(reason) = app.live.apply_owned(entry, now) {
                            app.flash = Some(format!("not applied: {reason}"));
                        }
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

#[cfg(test)]
mod tests {
    use ratatui::backend::TestBackend;
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

    use super::*;
    use crate::agenda::parse_agenda;
    use crate::app::tests::AGENDA;
    use crate::journal::{Change, Entry};
    use crate::live::Live;

    /// A recorder whose disk fails from the first change on.
    struct FailingDisk {
        entries: Vec<Entry>,
        rescued: bool,
        stamp: crate::stamp::Stamp,
    }

    impl Default for FailingDisk {
        fn default() -> FailingDisk {
            let stamp = crate::stamp::Stamp::new(crate::event::DeviceId::FORMAT_1, 0, &[]);
            FailingDisk { entries: Vec::new(), rescued: false, stamp }
        }
    }

    impl Recorder for FailingDisk {
        fn record(&mut self, change: Change, now: Now) -> Entry {
            let entry = self.stamp.entry(change, now.wall);
            self.entries.push(entry.clone());
            entry
        }
        fn finish(&mut self, _app: &App) -> Vec<String> {
            Vec::new()
        }
        fn trouble(&self) -> Option<String> {
            (!self.entries.is_empty()).then(|| "NOT SAVED: the disk is full".to_string())
        }
        fn unsaved(&self) -> usize {
            self.entries.len()
        }
        fn rescue(&mut self) -> Result<PathBuf, String> {
            self.rescued = true;
            Ok(PathBuf::from("/rescued/record"))
        }
    }

    fn key(code: KeyCode, modifiers: KeyModifiers) -> Input {
        Input::Terminal(Event::Key(KeyEvent::new(code, modifiers)))
    }

    fn typed(text: &str) -> Vec<Input> {
        text.chars()
            .map(|c| match c {
                '\r' => key(KeyCode::Enter, KeyModifiers::NONE),
                c => key(KeyCode::Char(c), KeyModifiers::NONE),
            })
            .collect()
    }

    /// Runs the loop on a test screen over `inputs`, then the end of input.
    fn run_over(
        app: &mut App,
        recorder: &mut dyn Recorder,
        inputs: Vec<Input>,
    ) -> io::Result<Left> {
        let (sender, receiver) = mpsc::channel();
        for input in inputs {
            sender.send(input).map_err(|_| io::Error::other("send"))?;
        }
        drop(sender);
        let mut terminal = Terminal::new(TestBackend::new(100, 30))
            .map_err(|e| io::Error::other(e.to_string()))?;
        run_with(app, recorder, &mut terminal, &receiver, false)
    }

    fn app() -> App {
        App::new(Live::new(parse_agenda(AGENDA).agenda.unwrap()))
    }

    #[test]
    fn a_capture_the_disk_refused_says_not_saved() {
        let mut app = app();
        let mut disk = FailingDisk::default();
        let end = run_over(&mut app, &mut disk, typed("qWill the dust reach the school?\r"));
        assert!(end.is_err(), "the input ended without leaving");
        assert_eq!(app.flash.as_deref(), Some("NOT SAVED — kept in memory: question 1"));
        assert_eq!(app.unsaved, 1);
        assert_eq!(app.trouble.as_deref(), Some("NOT SAVED: the disk is full"));
    }

    #[test]
    fn leaving_with_unsaved_changes_writes_them_elsewhere_on_w() {
        let mut app = app();
        let mut disk = FailingDisk::default();
        let mut inputs = typed("qTrucks at night\rcDust\r");
        inputs.push(key(KeyCode::Char('q'), KeyModifiers::CONTROL));
        inputs.extend(typed("w"));
        let left = run_over(&mut app, &mut disk, inputs).unwrap();
        assert!(disk.rescued);
        assert_eq!(left.rescued, Some(PathBuf::from("/rescued/record")));
        assert_eq!(left.lost, 0);
    }

    #[test]
    fn every_queued_input_of_a_burst_is_handled_before_the_next_wait() {
        // 2,000 captures sent in 100 bursts, each burst queued before the loop reads it.
        let mut app = app();
        let mut recorder = crate::app::MemoryRecorder::default();
        let mut inputs = Vec::new();
        for burst in 0..100 {
            for n in 0..20 {
                inputs.extend(typed(&format!("qburst {burst} item {n} from the back row\r")));
            }
        }
        inputs.push(key(KeyCode::Char('q'), KeyModifiers::CONTROL));
        run_over(&mut app, &mut recorder, inputs).unwrap();
        assert_eq!(app.live.items.len(), 2000);
        assert_eq!(app.live.items[1999].fields.text, "burst 99 item 19 from the back row");
    }
}
