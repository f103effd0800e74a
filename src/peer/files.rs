//! Private files of the peer folder: readable by their owner only (0600), in a folder only its
//! owner enters (0700), never through a link, and never seen half-written.

use std::fs::{self, DirBuilder, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;

use crate::journal::sync_dir;

/// Makes `dir` (and its parents) when missing; a new folder is its owner's only.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    DirBuilder::new().recursive(true).mode(0o700).create(dir)?;
    let meta = fs::symlink_metadata(dir)?;
    if !meta.is_dir() {
        return Err(io::Error::other(format!(
            "it is {}, not a folder",
            crate::regular::kind(&meta)
        )));
    }
    Ok(())
}

/// A temporary file in `dir` for `name`, new, 0600, never a link: the process id and random
/// bits keep two convenes (or a planted file) apart.
fn temporary(dir: &Path, name: &str) -> io::Result<(std::path::PathBuf, File)> {
    let mut random = [0u8; 8];
    getrandom::fill(&mut random).map_err(|e| io::Error::other(e.to_string()))?;
    let tag: String = random.iter().map(|b| format!("{b:02x}")).collect();
    let path = dir.join(format!(".{name}.{}.{tag}.tmp", std::process::id()));
    let file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .custom_flags(libc::O_NOFOLLOW)
        .open(&path)?;
    Ok((path, file))
}

fn write_temporary(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<std::path::PathBuf> {
    let (path, mut file) = temporary(dir, name)?;
    let written = file.write_all(bytes).and_then(|()| file.sync_all());
    if let Err(e) = written {
        let _ = fs::remove_file(&path);
        return Err(e);
    }
    Ok(path)
}

/// Creates `dir/name` holding `bytes`, 0600, only when nothing is there (else `AlreadyExists`,
/// as `create_new` says): the bytes are written and synced aside, then linked into place, so
/// that another convene reading at the same moment sees the whole file or none.
pub fn create_private(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let temporary = write_temporary(dir, name, bytes)?;
    let linked = fs::hard_link(&temporary, dir.join(name));
    let _ = fs::remove_file(&temporary);
    linked?;
    sync_dir(dir)
}

/// Replaces `dir/name` with `bytes`, 0600, atomically: a reader sees the old file or the new
/// one. A link or anything but a regular file there is refused, never followed.
pub fn replace_private(dir: &Path, name: &str, bytes: &[u8]) -> io::Result<()> {
    let path = dir.join(name);
    if let Ok(meta) = fs::symlink_metadata(&path)
        && !meta.is_file()
    {
        return Err(io::Error::other(format!(
            "it is {}, not a regular file",
            crate::regular::kind(&meta)
        )));
    }
    let temporary = write_temporary(dir, name, bytes)?;
    if let Err(e) = fs::rename(&temporary, &path) {
        let _ = fs::remove_file(&temporary);
        return Err(e);
    }
    sync_dir(dir)
}

/// Reads a whole regular file of at most `limit` bytes, never through a link, with its
/// permission bits (`mode & 0o777`).
pub fn read_with_mode(path: &Path, limit: u64) -> io::Result<(Vec<u8>, u32)> {
    use std::io::Read;
    let file = crate::regular::open_read(path)?;
    let meta = file.metadata()?;
    if meta.len() > limit {
        return Err(io::Error::other(format!(
            "it is {} bytes, over the {limit} bytes convene reads",
            meta.len()
        )));
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::other(format!("it grew over the {limit} bytes convene reads")));
    }
    Ok((bytes, meta.permissions().mode() & 0o777))
}
