//! Entering and leaving the full-screen terminal, on every path out.

use std::io::{self, Write};
use std::sync::{Mutex, TryLockError};
use std::time::{Duration, Instant};

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};
use ratatui::crossterm::{cursor, execute};

use crate::app::Key;

/// Held while a frame is being written, so that a signal handler that restores the
/// terminal and exits never cuts a frame in half. Never held across disk I/O (the record's
/// writer thread does that), so a hung disk never keeps a signal from restoring the terminal.
pub static BUSY: Mutex<()> = Mutex::new(());

/// How long the signal watcher lets the event loop leave by itself before it restores the
/// terminal and exits on its own: together with [`BUSY_WAIT`] well within two seconds.
const LEAVE_ON_SIGNAL: Duration = Duration::from_millis(1200);
/// How long the signal watcher waits for a frame being written to be finished.
const BUSY_WAIT: Duration = Duration::from_millis(300);

/// Undoes everything convene enabled: bracketed paste, hidden cursor, raw mode, alternate
/// screen. Safe to call more than once.
pub fn restore() {
    let _ = execute!(io::stdout(), DisableBracketedPaste, cursor::Show);
    let _ = ratatui::try_restore();
    let _ = io::stdout().flush();
}

/// The terminal in full-screen mode; dropping it restores the terminal.
pub struct Screen {
    pub terminal: DefaultTerminal,
}

impl Screen {
    /// Enters full-screen mode. A signal (SIGTERM, SIGHUP, SIGINT, SIGQUIT) is handed to
    /// `on_signal`, which tells the event loop to leave (false when the loop is gone).
    pub fn enter(on_signal: impl Fn(i32) -> bool + Send + 'static) -> io::Result<Screen> {
        // Runs after ratatui's own hook restores raw mode and the alternate screen.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(io::stdout(), DisableBracketedPaste, cursor::Show);
            previous(info);
        }));
        let terminal = ratatui::try_init()?;
        // A panic on a thread of the `--share` server is caught there and said on screen;
        // restoring the terminal for it would leave the live screen running on a broken one.
        let restoring = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !crate::share::on_server_thread() {
                restoring(info);
            }
        }));
        if let Err(e) = execute!(io::stdout(), EnableBracketedPaste) {
            restore();
            return Err(e);
        }
        install_signal_handlers(on_signal);
        Ok(Screen { terminal })
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT leave: the event loop is told first, and leaves as
/// from Ctrl-q without asking (the terminal restored, the record closed). Should it not
/// have left after [`LEAVE_ON_SIGNAL`], this thread restores the terminal and exits itself.
/// Every change the screen called saved is already durable, so the record stays resumable.
fn install_signal_handlers(on_signal: impl Fn(i32) -> bool + Send + 'static) {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])
    else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            if on_signal(signal) {
                std::thread::sleep(LEAVE_ON_SIGNAL);
            }
            let deadline = Instant::now() + BUSY_WAIT;
            let guard = loop {
                match BUSY.try_lock() {
                    Ok(guard) => break Some(guard),
                    Err(TryLockError::Poisoned(poisoned)) => break Some(poisoned.into_inner()),
                    Err(TryLockError::WouldBlock) if Instant::now() < deadline => {
                        std::thread::sleep(Duration::from_millis(5));
                    }
                    // A frame that is not finished by now never will be (the terminal
                    // hangs): restore anyway.
                    Err(TryLockError::WouldBlock) => break None,
                }
            };
            restore();
            drop(guard);
            std::process::exit(128 + signal);
        }
    });
}

/// The key a terminal key event means, or None for releases and keys convene ignores.
pub fn key(event: KeyEvent) -> Option<Key> {
    if event.kind != KeyEventKind::Press && event.kind != KeyEventKind::Repeat {
        return None;
    }
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    Some(match event.code {
        KeyCode::Char(c) if ctrl => Key::Ctrl(c.to_ascii_lowercase()),
        KeyCode::Char(c) => Key::Char(c),
        KeyCode::Enter => Key::Enter,
        KeyCode::Esc => Key::Esc,
        KeyCode::Tab => Key::Tab,
        KeyCode::BackTab => Key::BackTab,
        KeyCode::Backspace if ctrl => Key::Ctrl('h'),
        KeyCode::Backspace => Key::Backspace,
        KeyCode::Delete => Key::Delete,
        KeyCode::Left if ctrl => Key::CtrlLeft,
        KeyCode::Right if ctrl => Key::CtrlRight,
        KeyCode::Left => Key::Left,
        KeyCode::Right => Key::Right,
        KeyCode::Up => Key::Up,
        KeyCode::Down => Key::Down,
        KeyCode::Home => Key::Home,
        KeyCode::End => Key::End,
        KeyCode::PageUp => Key::PageUp,
        KeyCode::PageDown => Key::PageDown,
        _ => return None,
    })
}
