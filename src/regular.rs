//! Opening the files of a record: regular files only, never through a symbolic link, and
//! never waiting on a named pipe. A planted link must not make convene overwrite its target,
//! and a FIFO or a device in a record must not hang or flood a command.

use std::fs::{File, Metadata, OpenOptions};
use std::io::{self, Read};
use std::path::Path;

/// What a file that is not a regular file is, in words.
pub fn kind(meta: &Metadata) -> &'static str {
    let file_type = meta.file_type();
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_fifo() {
            return "a named pipe (FIFO)";
        }
        if file_type.is_char_device() {
            return "a character device";
        }
        if file_type.is_block_device() {
            return "a block device";
        }
        if file_type.is_socket() {
            return "a socket";
        }
    }
    if file_type.is_symlink() {
        "a symbolic link"
    } else if file_type.is_dir() {
        "a folder"
    } else if file_type.is_file() {
        "a regular file"
    } else {
        "not a regular file"
    }
}

fn not_regular(what: &str) -> io::Error {
    io::Error::other(format!(
        "it is {what}, not a regular file; convene reads and writes only regular files"
    ))
}

/// `options` opened without following a final symbolic link, and without blocking on a
/// named pipe; the result must be a regular file.
fn open_with(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
    }
    let file = options.open(path).map_err(|e| {
        #[cfg(unix)]
        if e.raw_os_error() == Some(libc::ELOOP) {
            return not_regular("a symbolic link");
        }
        e
    })?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(kind(&meta)));
    }
    Ok(file)
}

/// Opens a regular file to read, following symbolic links (a file the user names, such as an
/// agenda, may be a link), but never a pipe or a device.
pub fn open_read_following(path: &Path) -> io::Result<File> {
    let mut options = OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.custom_flags(libc::O_NONBLOCK);
    }
    let file = options.open(path)?;
    let meta = file.metadata()?;
    if !meta.is_file() {
        return Err(not_regular(kind(&meta)));
    }
    Ok(file)
}

/// Opens a regular file to read.
pub fn open_read(path: &Path) -> io::Result<File> {
    open_with(OpenOptions::new().read(true), path)
}

/// Opens an existing regular file to append to.
pub fn open_append(path: &Path) -> io::Result<File> {
    open_with(OpenOptions::new().append(true), path)
}

/// Creates a new file; fails when anything (a link included) is already there.
pub fn create_new(path: &Path) -> io::Result<File> {
    open_with(OpenOptions::new().write(true).create_new(true), path)
}

/// Creates a new file to append to; fails when anything is already there.
pub fn create_new_append(path: &Path) -> io::Result<File> {
    open_with(OpenOptions::new().append(true).create_new(true), path)
}

/// Opens a regular file to read and write, creating it when missing, never truncating.
pub fn open_or_create(path: &Path) -> io::Result<File> {
    open_with(OpenOptions::new().read(true).write(true).create(true).truncate(false), path)
}

/// Reads a whole regular file of at most `limit` bytes.
pub fn read_bounded(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let file = open_read(path)?;
    let size = file.metadata()?.len();
    if size > limit {
        return Err(io::Error::other(format!(
            "it is {size} bytes, over the {limit} bytes convene reads"
        )));
    }
    let mut bytes = Vec::with_capacity(size as usize);
    // The file may grow while it is read: never read more than the limit.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::other(format!("it grew over the {limit} bytes convene reads")));
    }
    Ok(bytes)
}

/// Reads at most `limit` bytes from the start of a regular file.
pub fn read_prefix(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    let mut bytes = Vec::new();
    open_read(path)?.take(limit).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_pipes_and_devices_are_refused_never_followed() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("target");
        std::fs::write(&target, "precious").unwrap();
        let link = dir.path().join("link");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let err = open_or_create(&link).unwrap_err().to_string();
        assert_eq!(
            err,
            "it is a symbolic link, not a regular file; convene reads and writes only regular files"
        );
        assert!(create_new(&link).is_err());
        assert!(open_append(&link).is_err());
        assert_eq!(std::fs::read_to_string(&target).unwrap(), "precious");

        let fifo = dir.path().join("fifo");
        let name = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
        assert_eq!(unsafe { libc::mkfifo(name.as_ptr(), 0o600) }, 0);
        // Returns at once instead of waiting for a writer.
        let err = read_bounded(&fifo, 10).unwrap_err().to_string();
        assert!(err.starts_with("it is a named pipe (FIFO), not a regular file"), "{err}");
        let err = read_bounded(Path::new("/dev/zero"), 10).unwrap_err().to_string();
        assert!(err.starts_with("it is a character device"), "{err}");

        let err = read_bounded(&target, 4).unwrap_err().to_string();
        assert_eq!(err, "it is 8 bytes, over the 4 bytes convene reads");
        assert_eq!(read_bounded(&target, 8).unwrap(), b"precious");
        assert_eq!(read_prefix(&target, 4).unwrap(), b"prec");
    }
}
