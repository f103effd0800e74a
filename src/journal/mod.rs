//! The journal: the append-only record of everything that happened at an event.

pub use crate::event::{Change, Entry};
mod file;
mod wire;

pub use file::{
    Contents, FORMAT, Header, Journal, JournalError, Part, Storage, encode, fresh_path,
    journal_name, parse, parse_as, sync_dir, write_whole,
};
