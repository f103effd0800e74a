//! Every record in one SQLite file (shared/design/ROOM.md, "The archive of many events"):
//! events, sessions and items, with full-text search over what was said, for searching
//! across years (`convene search dust`) and for an organisation's own analysis (Datasette,
//! DuckDB, any SQLite reader).
//!
//! The archive is written from the minutes model (`convene minutes --json`), for one
//! audience: `internal` (everything, notes and names included) or `public` (the attribution
//! policy applied, no internal items: what may be published). It is refreshed record by
//! record: a record whose journals have not grown since (its version vector is the same) is
//! left as it is; one that changed is replaced whole, in one transaction. Running it again
//! adds nothing twice.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::Value;

use crate::minutes::Audience;
use crate::record;

/// The layout of the archive's tables; a file of another version is rebuilt.
const SCHEMA_VERSION: i64 = 2;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    record TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    title TEXT NOT NULL,
    kind TEXT NOT NULL,
    date TEXT NOT NULL,
    place TEXT,
    started_at TEXT,
    ended_at TEXT,
    attribution TEXT NOT NULL,
    provisional INTEGER NOT NULL,
    journals TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sessions (
    record TEXT NOT NULL REFERENCES events(record),
    number INTEGER NOT NULL,
    title TEXT NOT NULL,
    format TEXT,
    planned_start TEXT,
    planned_end TEXT,
    started_at TEXT,
    ended_at TEXT,
    actual_s INTEGER,
    PRIMARY KEY (record, number)
);
CREATE TABLE IF NOT EXISTS items (
    record TEXT NOT NULL REFERENCES events(record),
    id TEXT NOT NULL,
    number INTEGER NOT NULL,
    kind TEXT NOT NULL,
    session INTEGER NOT NULL,
    at TEXT NOT NULL,
    text TEXT NOT NULL,
    by TEXT,
    owner TEXT,
    due TEXT,
    themes TEXT NOT NULL,
    answer TEXT,
    open INTEGER NOT NULL,
    internal INTEGER NOT NULL,
    PRIMARY KEY (record, id)
);
CREATE TABLE IF NOT EXISTS carried (
    record TEXT NOT NULL REFERENCES events(record),
    origin TEXT NOT NULL,
    id TEXT NOT NULL,
    status TEXT,
    note TEXT,
    PRIMARY KEY (record, origin, id)
);
CREATE VIRTUAL TABLE IF NOT EXISTS items_search USING fts5(
    record UNINDEXED, id UNINDEXED, text, answer, themes, tokenize = 'unicode61 remove_diacritics 2'
);
";

/// Why the archive could not be written or read; one line each: what, where, what to do.
#[derive(Debug, thiserror::Error)]
pub enum ArchiveError {
    #[error(
        "cannot open the archive {}: {source}; check the folder exists and is writable, or give another FILE",
        path.display()
    )]
    Open { path: PathBuf, source: rusqlite::Error },
    #[error(
        "the archive {} could not be written: {source}; nothing of this run was kept (run it again)",
        path.display()
    )]
    Write { path: PathBuf, source: rusqlite::Error },
    #[error(
        "the archive {} holds the {holds} version and this run asks for the {asked} one; use another FILE for each",
        path.display()
    )]
    Audience { path: PathBuf, holds: String, asked: String },
    #[error(
        "no archive at {}; make it first with: convene archive {}",
        path.display(),
        path.display()
    )]
    Missing { path: PathBuf },
}

/// What a refresh did.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Refreshed {
    /// Records written for the first time, or again because they changed.
    pub written: Vec<String>,
    /// Records left as they were.
    pub unchanged: usize,
    /// Records that could not be read, one line each (they are left as the archive had them).
    pub skipped: Vec<String>,
}

/// One search result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    pub date: String,
    pub title: String,
    pub record: String,
    pub kind: String,
    pub number: u64,
    pub session: u64,
    pub text: String,
    pub answer: Option<String>,
    pub open: bool,
    /// What the latest later record that carried it says: its title, the status
    /// (`answered`, `in_progress`…, None: no update) and the note.
    pub later: Option<(String, Option<String>, Option<String>)>,
}

fn audience_name(audience: Audience) -> &'static str {
    match audience {
        Audience::Internal => "internal",
        Audience::Public => "public",
    }
}

/// Opens (or makes) the archive for `audience`.
fn open(path: &Path, audience: Audience) -> Result<Connection, ArchiveError> {
    let open_error = |source| ArchiveError::Open { path: path.to_path_buf(), source };
    let write_error = |source| ArchiveError::Write { path: path.to_path_buf(), source };
    let connection = Connection::open(path).map_err(open_error)?;
    connection.busy_timeout(std::time::Duration::from_secs(5)).map_err(open_error)?;
    let version: Option<i64> = connection
        .query_row("PRAGMA user_version", [], |row| row.get(0))
        .optional()
        .map_err(open_error)?;
    if version.unwrap_or(0) != SCHEMA_VERSION {
        // An empty file, or one of an earlier layout: made again from the records.
        connection
            .execute_batch(
                "DROP TABLE IF EXISTS items_search; DROP TABLE IF EXISTS items;
                 DROP TABLE IF EXISTS carried;
                 DROP TABLE IF EXISTS sessions; DROP TABLE IF EXISTS events;
                 DROP TABLE IF EXISTS meta;",
            )
            .map_err(write_error)?;
        connection.execute_batch(SCHEMA).map_err(write_error)?;
        connection
            .execute_batch(&format!("PRAGMA user_version = {SCHEMA_VERSION}"))
            .map_err(write_error)?;
    }
    let asked = audience_name(audience);
    let holds: Option<String> = connection
        .query_row("SELECT value FROM meta WHERE key = 'audience'", [], |row| row.get(0))
        .optional()
        .map_err(open_error)?;
    match holds {
        Some(holds) if holds != asked => {
            return Err(ArchiveError::Audience {
                path: path.to_path_buf(),
                holds,
                asked: asked.to_string(),
            });
        }
        Some(_) => {}
        None => {
            connection
                .execute("INSERT INTO meta (key, value) VALUES ('audience', ?1)", params![asked])
                .map_err(write_error)?;
        }
    }
    Ok(connection)
}

/// The minutes model of a record, as JSON; Err says why it cannot be read.
fn model(dir: &Path, audience: Audience) -> Result<Value, String> {
    let contents = record::read_journal(dir).map_err(|e| e.to_string())?;
    let (text, agenda_path) = record::agenda_as_run(dir, &contents).map_err(|e| e.to_string())?;
    let agenda = crate::agenda::parse_agenda(&text).agenda.ok_or_else(|| {
        format!(
            "the record's agenda {} has errors; fix them and archive again",
            agenda_path.display()
        )
    })?;
    let json = crate::minutes::json(&agenda, &contents.entries, audience);
    serde_json::from_str(&json).map_err(|e| e.to_string())
}

fn text(value: &Value) -> Option<String> {
    value.as_str().map(str::to_string)
}

/// Brings the archive at `path` up to date with `records` (every record of the data
/// directory, as `convene records` lists them).
pub fn refresh(
    path: &Path,
    records: &[PathBuf],
    audience: Audience,
) -> Result<Refreshed, ArchiveError> {
    let mut connection = open(path, audience)?;
    let write_error = |source| ArchiveError::Write { path: path.to_path_buf(), source };
    let mut refreshed = Refreshed::default();
    for dir in records {
        let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        // The version vector says whether anything changed: reading it costs a parse of the
        // journals, not the whole fold.
        let vector = match record::read_journal(dir) {
            Ok(contents) => {
                serde_json::to_string(&crate::minutes::version_vector(&contents.entries))
                    .unwrap_or_default()
            }
            Err(error) => {
                refreshed.skipped.push(format!("{}: {error}", dir.display()));
                continue;
            }
        };
        let stored: Option<(String, String)> = connection
            .query_row(
                "SELECT journals, path FROM events WHERE record = ?1",
                params![name],
                |row| Ok((row.get(0)?, row.get(1)?)),
            )
            .optional()
            .map_err(write_error)?;
        let path_text = dir.display().to_string();
        if stored.as_ref().is_some_and(|(journals, at)| *journals == vector && *at == path_text) {
            refreshed.unchanged += 1;
            continue;
        }
        let minutes = match model(dir, audience) {
            Ok(minutes) => minutes,
            Err(why) => {
                refreshed.skipped.push(format!("{}: {why}", dir.display()));
                continue;
            }
        };
        let transaction = connection.transaction().map_err(write_error)?;
        write_record(&transaction, &name, &path_text, &vector, &minutes).map_err(write_error)?;
        transaction.commit().map_err(write_error)?;
        refreshed.written.push(name);
    }
    Ok(refreshed)
}

/// Replaces everything the archive holds of one record.
fn write_record(
    db: &rusqlite::Transaction,
    name: &str,
    path: &str,
    vector: &str,
    minutes: &Value,
) -> Result<(), rusqlite::Error> {
    db.execute("DELETE FROM items_search WHERE record = ?1", params![name])?;
    db.execute("DELETE FROM items WHERE record = ?1", params![name])?;
    db.execute("DELETE FROM carried WHERE record = ?1", params![name])?;
    db.execute("DELETE FROM sessions WHERE record = ?1", params![name])?;
    db.execute("DELETE FROM events WHERE record = ?1", params![name])?;
    let event = &minutes["event"];
    db.execute(
        "INSERT INTO events (record, path, title, kind, date, place, started_at, ended_at,
             attribution, provisional, journals)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            name,
            path,
            text(&event["title"]).unwrap_or_default(),
            text(&event["kind"]).unwrap_or_default(),
            text(&event["date"]).unwrap_or_default(),
            text(&event["place"]),
            text(&event["started_at"]),
            text(&event["ended_at"]),
            text(&event["attribution"]).unwrap_or_default(),
            minutes["provisional"].as_bool().unwrap_or(false),
            vector,
        ],
    )?;
    // What this record said of items carried from earlier ones ("You said, we did").
    let carried = minutes["you_said_we_did"].as_array().map(Vec::as_slice).unwrap_or_default();
    for item in carried {
        db.execute(
            "INSERT OR REPLACE INTO carried (record, origin, id, status, note)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                name,
                text(&item["raised_in"]["record"]).unwrap_or_default(),
                text(&item["id"]).unwrap_or_default(),
                text(&item["status"]),
                text(&item["note"]),
            ],
        )?;
    }
    let sessions = minutes["sessions"].as_array().map(Vec::as_slice).unwrap_or_default();
    for session in sessions {
        db.execute(
            "INSERT INTO sessions (record, number, title, format, planned_start, planned_end,
                 started_at, ended_at, actual_s)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
            params![
                name,
                session["number"].as_i64().unwrap_or(0),
                text(&session["title"]).unwrap_or_default(),
                text(&session["format"]),
                text(&session["planned_start"]),
                text(&session["planned_end"]),
                text(&session["started_at"]),
                text(&session["ended_at"]),
                session["actual_s"].as_i64(),
            ],
        )?;
        let items = session["items"].as_array().map(Vec::as_slice).unwrap_or_default();
        for item in items {
            let themes: Vec<String> = item["themes"]
                .as_array()
                .map(|t| t.iter().filter_map(text).collect())
                .unwrap_or_default();
            let answer = item["answers"].as_array().and_then(|a| a.last()).and_then(text);
            let id = text(&item["id"]).unwrap_or_default();
            let said = text(&item["text"]).unwrap_or_default();
            db.execute(
                "INSERT OR REPLACE INTO items (record, id, number, kind, session, at, text, by,
                     owner, due, themes, answer, open, internal)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14)",
                params![
                    name,
                    id,
                    item["number"].as_i64().unwrap_or(0),
                    text(&item["kind"]).unwrap_or_default(),
                    item["session"].as_i64().unwrap_or(0),
                    text(&item["at"]).unwrap_or_default(),
                    said,
                    text(&item["by"]),
                    text(&item["owner"]),
                    text(&item["due"]),
                    themes.join(" "),
                    answer,
                    item["open"].as_bool().unwrap_or(false),
                    item["internal"].as_bool().unwrap_or(false),
                ],
            )?;
            db.execute(
                "INSERT INTO items_search (record, id, text, answer, themes) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![name, id, said, answer.unwrap_or_default(), themes.join(" ")],
            )?;
        }
    }
    Ok(())
}

/// The words typed, as an FTS5 query: each word a quoted term (so that no word is read as
/// an operator or a column), all of them required.
fn fts_query(words: &str) -> String {
    words
        .split_whitespace()
        .map(|word| format!("\"{}\"", word.replace('"', "\"\"")))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The items whose text, answer or themes hold every word of `words` (any case, any
/// accents), oldest event first.
pub fn search(path: &Path, words: &str) -> Result<Vec<Hit>, ArchiveError> {
    if !path.is_file() {
        return Err(ArchiveError::Missing { path: path.to_path_buf() });
    }
    let read_error = |source| ArchiveError::Open { path: path.to_path_buf(), source };
    let connection = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
        .map_err(read_error)?;
    let query = fts_query(words);
    if query.is_empty() {
        return Ok(Vec::new());
    }
    let mut statement = connection
        .prepare(
            "SELECT e.date, e.title, i.record, i.kind, i.number, i.session, i.text, i.answer, i.open,
                 (SELECT le.title FROM carried c JOIN events le ON le.record = c.record
                  WHERE c.origin = i.record AND c.id = i.id ORDER BY le.date DESC, le.record DESC LIMIT 1),
                 (SELECT c.status FROM carried c JOIN events le ON le.record = c.record
                  WHERE c.origin = i.record AND c.id = i.id ORDER BY le.date DESC, le.record DESC LIMIT 1),
                 (SELECT c.note FROM carried c JOIN events le ON le.record = c.record
                  WHERE c.origin = i.record AND c.id = i.id ORDER BY le.date DESC, le.record DESC LIMIT 1)
             FROM items_search s
             JOIN items i ON i.record = s.record AND i.id = s.id
             JOIN events e ON e.record = i.record
             WHERE items_search MATCH ?1
             ORDER BY e.date, e.record, i.session, i.number",
        )
        .map_err(read_error)?;
    let hits = statement
        .query_map(params![query], |row| {
            Ok(Hit {
                date: row.get(0)?,
                title: row.get(1)?,
                record: row.get(2)?,
                kind: row.get(3)?,
                number: row.get::<_, i64>(4)?.try_into().unwrap_or(0),
                session: row.get::<_, i64>(5)?.try_into().unwrap_or(0),
                text: row.get(6)?,
                answer: row.get(7)?,
                open: row.get(8)?,
                later: row
                    .get::<_, Option<String>>(9)?
                    .map(|title| Ok::<_, rusqlite::Error>((title, row.get(10)?, row.get(11)?)))
                    .transpose()?,
            })
        })
        .map_err(read_error)?
        .collect::<Result<Vec<_>, _>>()
        .map_err(read_error)?;
    Ok(hits)
}

/// Where `convene archive` and `convene search` keep the archive unless told otherwise.
pub fn default_path(data: &Path) -> PathBuf {
    data.join("archive.sqlite")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_words_are_terms_never_operators() {
        assert_eq!(fts_query("dust  school"), "\"dust\" \"school\"");
        assert_eq!(fts_query("NOT \"x OR"), "\"NOT\" \"\"\"x\" \"OR\"");
        assert_eq!(fts_query("   "), "");
    }
}
