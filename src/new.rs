//! Starter agendas written by `convene new`.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::Path;

use crate::agenda::Kind;

/// The commented starter agenda for a kind of event.
pub fn template(kind: Kind) -> &'static str {
    match kind {
        Kind::Lab => include_str!("templates/lab.toml"),
        Kind::Council => include_str!("templates/council.toml"),
    }
}

/// Writes the starter agenda to `path`; never replaces an existing file.
pub fn write_template(kind: Kind, path: &Path) -> Result<(), String> {
    let mut file = OpenOptions::new().write(true).create_new(true).open(path).map_err(|e| {
        if e.kind() == ErrorKind::AlreadyExists {
            format!(
                "{} already exists; convene new never overwrites a file, so choose another path",
                path.display()
            )
        } else {
            format!(
                "cannot create {}: {e}; check that the folder exists and is writable",
                path.display()
            )
        }
    })?;
    file.write_all(template(kind).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| format!("cannot write {}: {e}", path.display()))
}
