//! The event loop: idle means asleep. It redraws only after an input or when a displayed
//! value changes (the countdown's second, the wall clock's minute), and otherwise blocks.

use std::io::{self, Write};
use std::time::Duration;

use chrono::Timelike;
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

/// Runs the live screen until the facilitator leaves.
pub fn run(mut app: App, recorder: &mut dyn Recorder) -> io::Result<()> {
    let mut screen = Screen::enter()?;
    let theme = Theme::from_env();
    let mut cache = view::Cache::default();
    let mut dirty = true;
    loop {
        let now = Now::read();
        if dirty {
            let _guard = BUSY.lock();
            let mut stdout = io::stdout();
            execute!(stdout, BeginSynchronizedUpdate)?;
            screen
                .terminal
                .draw(|frame| view::draw_cached(frame, &app, now, &theme, &mut cache))?;
            execute!(stdout, EndSynchronizedUpdate)?;
            dirty = false;
        }
        let mut messages = Vec::new();
        if event::poll(sleep_budget(&app, now))? {
            // Drain everything that is ready (a paste, key repeat) before one draw.
            loop {
                match event::read()? {
                    Event::Key(key) => messages.extend(terminal::key(key).map(Msg::Key)),
                    Event::Paste(text) => messages.push(Msg::Paste(text)),
                    Event::Resize(_, _) => dirty = true,
                    _ => {}
                }
                if !event::poll(Duration::ZERO)? {
                    break;
                }
            }
        } else {
            messages.push(Msg::Tick);
        }
        let _guard = BUSY.lock();
        for msg in messages {
            let now = Now::read();
            dirty = true;
            for effect in update(&mut app, msg, now) {
                match effect {
                    Effect::Record(change) => {
                        let entry = recorder.record(change, now);
                        // The change was made from this state, so it always applies; if it
                        // ever did not, say so rather than show a state the journal lacks.
                        if let Err(reason) = app.live.apply_owned(entry, now) {
                            app.flash = Some(format!("not applied: {reason}"));
                        }
                    }
                    Effect::Bell => {
                        let mut stdout = io::stdout();
                        let _ = stdout.write_all(b"\x07").and_then(|()| stdout.flush());
                    }
                    Effect::EventEnded => app.minutes = recorder.finish(&app),
                    Effect::Quit => return Ok(()),
                }
            }
        }
        app.trouble = recorder.trouble();
    }
}
