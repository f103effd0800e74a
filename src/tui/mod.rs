//! The terminal: the only module that touches the screen and the keyboard.

mod event_loop;
mod sharing;
pub mod terminal;
pub mod view;

pub use event_loop::{Input, Left, run, run_with};
pub use sharing::Sharing;
