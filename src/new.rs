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
    write_text(template(kind), path)
}

/// The follow-up session `convene new --carry` adds after the first session.
const FOLLOWUP_SESSION: &str = r#"[[sessions]]
title = "You said, we did: last year's questions"
duration = "20m"
format = "plenary"
lead = "Facilitator"
goal = "What happened to what was raised last time: answered, done, in progress or dropped"
followup = true   # the open items of the records in `carry` are listed in this session

"#;

/// The starter agenda with `carry = [...]` naming `records` (as they will be read: paths
/// relative to the agenda's folder, absolute paths, or names as `convene records` lists
/// them) and a follow-up session after the first one.
pub fn template_carrying(kind: Kind, records: &[String]) -> String {
    let text = template(kind);
    let list: Vec<String> =
        records.iter().map(|r| toml::Value::String(r.clone()).to_string()).collect();
    let carry = format!(
        "# The open items of these earlier records (unanswered questions, open actions, parked\n# items, concerns) are carried into the session with `followup = true`.\ncarry = [{}]\n",
        list.join(", ")
    );
    let mut out = String::with_capacity(text.len() + 512);
    let mut sessions = 0;
    let mut carried = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("[[sessions]]") {
            sessions += 1;
            if sessions == 2 {
                out.push_str(FOLLOWUP_SESSION);
            }
        }
        out.push_str(line);
        if !carried && line.starts_with("places = ") {
            out.push('\n');
            out.push_str(&carry);
            carried = true;
        }
    }
    if !carried {
        // A template without `places`: the list goes first, before any table.
        out.insert_str(0, &format!("{carry}\n"));
    }
    make_room(out)
}

/// The follow-up session's length.
const FOLLOWUP_LENGTH: std::time::Duration = std::time::Duration::from_secs(20 * 60);

/// The follow-up session's time taken from the longest session before the first fixed start
/// (the coffee, the lunch), so that the starter still fits its `end` and its fixed times.
fn make_room(text: String) -> String {
    let Some(agenda) = crate::agenda::parse_agenda(&text).agenda else { return text };
    let before_fixed = agenda.sessions.iter().take_while(|s| s.at.is_none());
    let Some(longest) = before_fixed
        .filter(|s| !s.followup && s.duration > FOLLOWUP_LENGTH * 2)
        .max_by_key(|s| s.duration)
    else {
        return text;
    };
    let shorter = crate::agenda::compact_duration(longest.duration - FOLLOWUP_LENGTH);
    let mut out = String::with_capacity(text.len() + 64);
    let mut done = false;
    for (number, line) in text.split_inclusive('\n').enumerate() {
        if !done && number + 1 > longest.line && line.starts_with("duration = ") {
            out.push_str(&format!(
                "duration = \"{shorter}\"   # 20m of it went to \"You said, we did\"\n"
            ));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    out
}

/// Writes `text` to `path` as a new agenda; never replaces an existing file.
pub fn write_text(text: &str, path: &Path) -> Result<(), NewError> {
    let path = path.to_path_buf();
    let mut file =
        OpenOptions::new().write(true).create_new(true).open(&path).map_err(|source| {
            if source.kind() == ErrorKind::AlreadyExists {
                NewError::Exists { path: path.clone() }
            } else {
                NewError::Create { path: path.clone(), source }
            }
        })?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|source| NewError::Write { path, source })
}
