//! Entering and leaving the full-screen terminal, on every path out.

use std::io::{self, Write};
use std::sync::Mutex;

use ratatui::DefaultTerminal;
use ratatui::crossterm::event::{
    DisableBracketedPaste, EnableBracketedPaste, KeyCode, KeyEvent, KeyEventKind, KeyModifiers,
};
use ratatui::crossterm::{cursor, execute};

use crate::app::Key;

/// Held while the screen or the journal is being written, so that a signal handler that
/// restores the terminal and exits never cuts a frame or a journal line in half.
pub static BUSY: Mutex<()> = Mutex::new(());

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
    pub fn enter() -> io::Result<Screen> {
        // Runs after ratatui's own hook restores raw mode and the alternate screen.
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = execute!(io::stdout(), DisableBracketedPaste, cursor::Show);
            previous(info);
        }));
        let terminal = ratatui::try_init()?;
        if let Err(e) = execute!(io::stdout(), EnableBracketedPaste) {
            restore();
            return Err(e);
        }
        install_signal_handlers();
        Ok(Screen { terminal })
    }
}

impl Drop for Screen {
    fn drop(&mut self) {
        restore();
    }
}

/// SIGTERM, SIGHUP, SIGINT and SIGQUIT restore the terminal and leave. Every acknowledged
/// change is already durable in the journal, so the record stays resumable.
fn install_signal_handlers() {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
    let Ok(mut signals) = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP, SIGINT, SIGQUIT])
    else {
        return;
    };
    std::thread::spawn(move || {
        if let Some(signal) = signals.forever().next() {
            let guard = BUSY.lock();
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
