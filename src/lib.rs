//! convene: run participatory workshops from a laptop.
//!
//! The domain (`agenda`, `plan`, `sanitize`, `markdown`) knows no terminal; only `tui` does.

pub mod agenda;
pub mod app;
pub mod bench;
pub mod capture;
pub mod cli;
pub mod event;
pub mod journal;
pub mod live;
pub mod markdown;
pub mod minutes;
pub mod new;
pub mod plan;
pub mod record;
pub mod recorder;
pub mod regular;
pub mod revision;
pub mod sanitize;
pub mod tui;
