//! convene: run participatory workshops from a laptop.
//!
//! The domain (`agenda`, `plan`, `sanitize`, `markdown`) knows no terminal; only `tui` does.
//! The event vocabulary (`event`) uses nothing else of the crate; no two modules use each
//! other (tests/module_graph.rs checks both).

#[cfg(not(unix))]
compile_error!(
    "convene runs on Unix-like systems (Linux, macOS, BSD) only: it relies on O_NOFOLLOW, fsync of folders and Unix signals to keep a record safe; build it on one of those"
);

/// Lets a test read an error as its one-line message: `err.contains("…")`, `err == "…"`.
#[cfg(test)]
macro_rules! reads_as_message {
    ($error:ty) => {
        impl $error {
            pub fn contains(&self, part: &str) -> bool {
                self.to_string().contains(part)
            }

            pub fn ends_with(&self, part: &str) -> bool {
                self.to_string().ends_with(part)
            }
        }

        impl PartialEq for $error {
            #[allow(clippy::cmp_owned)]
            fn eq(&self, other: &Self) -> bool {
                self.to_string() == other.to_string()
            }
        }

        impl PartialEq<&str> for $error {
            #[allow(clippy::cmp_owned)]
            fn eq(&self, other: &&str) -> bool {
                self.to_string() == *other
            }
        }

        impl PartialEq<String> for $error {
            #[allow(clippy::cmp_owned)]
            fn eq(&self, other: &String) -> bool {
                self.to_string() == *other
            }
        }
    };
}

pub mod agenda;
pub mod app;
pub mod archive;
pub mod bench;
pub mod capture;
pub mod carry;
pub mod cli;
pub mod display;
pub mod event;
pub mod i18n;
pub mod joining;
pub mod journal;
pub mod live;
pub mod markdown;
pub mod merge;
pub mod minutes;
pub mod names;
pub mod new;
pub mod peer;
pub mod plan;
pub mod record;
pub mod recorder;
pub mod regular;
pub mod review;
pub mod revision;
pub mod sanitize;
pub mod share;
pub mod stamp;
pub mod tui;
pub mod writer;
