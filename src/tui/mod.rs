//! The terminal: the only module that touches the screen and the keyboard.

mod event_loop;
pub mod peers;
mod sharing;
pub mod terminal;
pub mod view;

pub use event_loop::{Input, Left, run, run_with};
pub use peers::{HubIdentity, HubSettings, JoinedSettings, Peering};
pub use sharing::Sharing;
