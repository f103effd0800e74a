//! Writing minutes files atomically: a reader sees the old file or the new one, never half.

use std::fs;
use std::io::{self, Write};
use std::path::Path;

use crate::journal::sync_dir;

/// The temporary file a minutes file is written to before it is renamed into place.
fn temporary_name(name: &str, pid: u32) -> String {
    format!(".{name}.{pid}.tmp")
}

/// Replaces `path` with `text`: temporary file in the same folder, write, fsync, rename,
/// fsync the folder. Only a regular file is replaced: a link, a device or a pipe at `path`
/// is refused, never followed nor replaced.
pub fn replace(path: &Path, text: &str) -> io::Result<()> {
    if let Ok(meta) = fs::symlink_metadata(path)
        && !meta.is_file()
    {
        return Err(io::Error::other(format!(
            "it is {}, not a regular file; minutes replace only regular files (give another path, or - for standard output)",
            crate::regular::kind(&meta)
        )));
    }
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = dir.join(temporary_name(&name, std::process::id()));
    // A temporary file left by a crash of this same process id is ours to replace; a link
    // planted there is removed (its target is never written).
    match fs::remove_file(&temporary) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let written = (|| {
        let mut file = crate::regular::create_new(&temporary)?;
        file.write_all(text.as_bytes())?;
        file.sync_all()?;
        fs::rename(&temporary, path)?;
        sync_dir(dir)
    })();
    if written.is_err() {
        let _ = fs::remove_file(&temporary);
    }
    written
}

/// True when the process `pid` is gone (its temporary files can go too).
fn gone(pid: u32) -> bool {
    if pid == std::process::id() {
        return false;
    }
    #[cfg(unix)]
    {
        let Ok(pid) = libc::pid_t::try_from(pid) else { return true };
        // SAFETY: kill with signal 0 only checks that the process exists.
        let alive = unsafe { libc::kill(pid, 0) } == 0
            || io::Error::last_os_error().raw_os_error() != Some(libc::ESRCH);
        !alive
    }
    #[cfg(not(unix))]
    false
}

/// Removes the temporary minutes files in `dir` that a convene which is gone left behind
/// (it crashed between writing and renaming them).
pub fn remove_stale_temporaries(dir: &Path) {
    let Ok(read) = fs::read_dir(dir) else { return };
    for entry in read.filter_map(Result::ok) {
        let name = entry.file_name().to_string_lossy().into_owned();
        let pid = [super::INTERNAL_FILE, super::PUBLIC_FILE].iter().find_map(|file| {
            name.strip_prefix(&format!(".{file}."))?.strip_suffix(".tmp")?.parse::<u32>().ok()
        });
        if pid.is_some_and(gone) {
            let _ = fs::remove_file(entry.path());
        }
    }
}
