//! Starter agendas written by `convene new`.

use std::fs::OpenOptions;
use std::io::{ErrorKind, Write};
use std::path::{Path, PathBuf};

use crate::agenda::Kind;

/// The commented starter agenda for a kind of event.
pub fn template(kind: Kind) -> &'static str {
    match kind {
        Kind::Lab => include_str!("templates/lab.toml"),
        Kind::Council => include_str!("templates/council.toml"),
    }
}

/// Why the starter agenda was not written.
#[derive(Debug, thiserror::Error)]
pub enum NewError {
    #[error(
        "{} already exists; convene new never overwrites a file, so choose another path",
        path.display()
    )]
    Exists { path: PathBuf },
    #[error(
        "cannot create {}: {source}; check that the folder exists and is writable",
        path.display()
    )]
    Create { path: PathBuf, source: std::io::Error },
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

/// Writes the starter agenda to `path`; never replaces an existing file.
pub fn write_template(kind: Kind, path: &Path) -> Result<(), NewError> {
    let path = path.to_path_buf();
    let mut file =
        OpenOptions::new().write(true).create_new(true).open(&path).map_err(|source| {
            if source.kind() == ErrorKind::AlreadyExists {
                NewError::Exists { path: path.clone() }
            } else {
                NewError::Create { path: path.clone(), source }
            }
        })?;
    file.write_all(template(kind).as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|source| NewError::Write { path, source })
}
