//! Reading an agenda: TOML text → spanned document → validated [`Agenda`] plus diagnostics.
//!
//! The document is walked by hand rather than through `serde(deny_unknown_fields)` so that one
//! run reports every problem of a file, each with its line and column, instead of the first.

use std::collections::HashMap;
use std::io::Read;
use std::ops::Range;
use std::path::Path;
use std::time::Duration;

use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime};
use toml::Spanned;
use toml::de::{DeArray, DeTable, DeValue};

use super::Plan;
use super::diagnostic::{Diagnostic, Report};
use super::values::{DurationError, parse_clock, parse_duration, suggest_duration};
use super::{Agenda, AtZero, Attribution, Format, Group, Kind, Participant, Phones, Session, Team};
use crate::sanitize::visible_escape;

/// Agenda files larger than this are refused before parsing.
pub const MAX_FILE_BYTES: usize = 1024 * 1024;

/// The outcome of loading one agenda: the agenda when it has no errors, and every diagnostic.
#[derive(Debug)]
pub struct Loaded {
    pub agenda: Option<Agenda>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    fn failed(diagnostic: Diagnostic) -> Loaded {
        Loaded { agenda: None, diagnostics: vec![diagnostic] }
    }
}

const ROOT_KEYS: &[&str] = &[
    "title",
    "kind",
    "date",
    "start",
    "end",
    "location",
    "attribution",
    "language",
    "warn",
    "danger",
    "at_zero",
    "messages",
    "speaker",
    "phones",
    "team",
    "groups",
    "participants",
    "organisations",
    "places",
    "sessions",
    "carry",
];
const TEAM_KEYS: &[&str] = &["facilitator", "note_taker"];
const GROUP_KEYS: &[&str] = &["id", "name"];
const PARTICIPANT_KEYS: &[&str] = &["name", "group", "consent"];
const SESSION_KEYS: &[&str] = &[
    "title", "duration", "format", "at", "warn", "danger", "at_zero", "lead", "goal", "prompts",
    "messages", "min", "speaker", "followup",
];
const MESSAGES_KEYS: &[&str] = &["presets"];
const PHONES_KEYS: &[&str] = &["names"];

/// Reads and validates an agenda file. Never panics on any content.
pub fn load_file(path: &Path) -> Loaded {
    match read_text(path) {
        Ok(text) => parse_agenda(&text),
        Err(diagnostic) => Loaded::failed(diagnostic),
    }
}

/// Reads an agenda file's text: at most 1 MiB, and UTF-8, or the problem with its place.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let whole_file = |message: String| Diagnostic {
        severity: super::Severity::Error,
        line: 1,
        column: 1,
        message,
    };
    // Read at most one byte past the limit, so that /dev/zero or a huge file costs nothing.
    let mut bytes = Vec::new();
    // A named pipe or a device is refused at once instead of hanging or reading forever.
    let read = crate::regular::open_read_following(path)
        .and_then(|file| file.take(MAX_FILE_BYTES as u64 + 1).read_to_end(&mut bytes));
    if let Err(e) = read {
        return Err(whole_file(format!("cannot read the agenda: {e}; check the path")));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(whole_file(
            "the file is over 1 MiB; an agenda is far smaller, so this is probably not an agenda"
                .to_string(),
        ));
    }
    String::from_utf8(bytes).map_err(|e| {
        let bytes = e.as_bytes();
        let end = e.utf8_error().valid_up_to();
        let bom = if bytes.starts_with(b"\xef\xbb\xbf") { 3 } else { 0 };
        let valid = std::str::from_utf8(&bytes[bom.min(end)..end]).unwrap_or_default();
        let (line, column) = super::LineIndex::new(valid).position(valid.len());
        let bad = bytes.get(end).copied().unwrap_or(0);
        Diagnostic {
            severity: super::Severity::Error,
            line,
            column,
            message: format!(
                "the file is not UTF-8 (byte 0x{bad:02x}); save it as UTF-8 in your editor"
            ),
        }
    })
}

/// Parses and validates agenda text.
pub fn parse_agenda(text: &str) -> Loaded {
    // A byte-order mark is not content; the line and column of everything after it are unchanged.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut report = Report::new(text);
    let (document, errors) = DeTable::parse_recoverable(text);
    if !errors.is_empty() {
        for error in errors {
            let span = error.span().unwrap_or(0..0);
            let message = explain_toml_error(text, &span, error.message().trim_end());
            report.error(span, message);
        }
        return Loaded { agenda: None, diagnostics: report.into_sorted() };
    }
    let agenda = Walker { report: &mut report }.agenda(&document);
    let agenda = match agenda {
        Some(agenda) if !report.has_errors() => {
            warn_about_plan(&agenda, &document, &mut report);
            Some(agenda)
        }
        _ => None,
    };
    Loaded { agenda, diagnostics: report.into_sorted() }
}

/// An agenda's `end` as written: a time on the agenda's date, or a day and a time.
enum End {
    At(NaiveTime),
    On(NaiveDateTime),
}

/// The TOML parser's message, made specific where it is vague: which key is duplicated,
/// which day does not exist.
fn explain_toml_error(text: &str, span: &Range<usize>, message: &str) -> String {
    let found = text.get(span.clone()).unwrap_or_default();
    if message == "duplicate key" && !found.is_empty() {
        let key = visible_text(found);
        let first = first_setting(text, span.start, found)
            .map(|line| format!(" (first on line {line})"))
            .unwrap_or_default();
        let line_start = text[..span.start].rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..span.start].trim_start().starts_with('[') {
            return format!(
                "invalid TOML: the table [{key}] is declared twice{first}; merge them into one"
            );
        }
        return format!(
            "invalid TOML: duplicate key `{key}`{first}; keep only one of them in that table"
        );
    }
    if message.starts_with("invalid date")
        && let Some(problem) = date_problem(found.get(..10).unwrap_or(found))
    {
        return format!("invalid TOML: {problem}");
    }
    format!("invalid TOML: {message}")
}

/// Text from the file shown in a message: controls made visible, and never very long.
fn visible_text(text: &str) -> String {
    let shown: String = text.chars().take(60).collect();
    crate::sanitize::for_terminal(&shown).into_owned()
}

/// The line, before `before`, where `key` was first set: the nearest earlier line that sets
/// it (`key =`, `key.sub =`) or opens it as a table (`[key]`).
fn first_setting(text: &str, before: usize, key: &str) -> Option<usize> {
    let head = text.get(..before)?;
    // Only the lines above the one the duplicate is on (it may start at its first column).
    let line_start = head.rfind('\n').map_or(0, |i| i + 1);
    let lines: Vec<&str> = head[..line_start].lines().collect();
    (0..lines.len())
        .rev()
        .find(|&i| {
            let line = lines[i].trim_start();
            let table = line.trim_start_matches('[').trim_start();
            let sets = line
                .strip_prefix(key)
                .is_some_and(|rest| matches!(rest.trim_start().chars().next(), Some('=' | '.')));
            let opens = line.starts_with('[')
                && table.strip_prefix(key).is_some_and(|rest| {
                    matches!(rest.trim_start().chars().next(), Some(']' | '.'))
                });
            sets || opens
        })
        .map(|i| i + 1)
}

/// Why a "YYYY-MM-DD" is not a day of the calendar ("November 2025 has 30 days"), or None
/// when it is one or does not have that shape.
fn date_problem(text: &str) -> Option<String> {
    let mut parts = text.trim().splitn(3, '-');
    let (year, month, day) = (parts.next()?, parts.next()?, parts.next()?);
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return None;
    }
    let (year, month, day): (i32, u32, u32) =
        (year.parse().ok()?, month.parse().ok()?, day.parse().ok()?);
    if NaiveDate::from_ymd_opt(year, month, day).is_some() {
        return None;
    }
    let written = format!("{year:04}-{month:02}-{day:02}");
    if !(1..=12).contains(&month) {
        return Some(format!(
            "{written} is not a date: there is no month {month}; write year-month-day such as 2026-05-12"
        ));
    }
    let first = NaiveDate::from_ymd_opt(year, month, 1)?;
    let days = first.checked_add_months(chrono::Months::new(1))?.pred_opt()?.day();
    Some(format!(
        "{written} is not a date: {} has {days} days; check the day",
        first.format("%B %Y")
    ))
}

fn warn_about_plan(agenda: &Agenda, document: &Spanned<DeTable<'_>>, report: &mut Report<'_>) {
    let plan = Plan::new(agenda);
    let sessions = find(document.get_ref(), "sessions")
        .and_then(|v| v.get_ref().as_array())
        .map(|a| a.iter().map(|s| s.span()).collect::<Vec<_>>())
        .unwrap_or_default();
    let session_span = |i: usize, key: &str| -> Range<usize> {
        let table = find(document.get_ref(), "sessions")
            .and_then(|v| v.get_ref().as_array())
            .and_then(|a| a.get(i))
            .and_then(|t| t.get_ref().as_table());
        table
            .and_then(|t| find(t, key))
            .map(|v| v.span())
            .or_else(|| sessions.get(i).cloned())
            .unwrap_or(0..0)
    };
    for (i, slot) in plan.slots.iter().enumerate() {
        if let Some(late) = slot.late_for_at {
            report.warning(
                session_span(i, "at"),
                format!(
                    "session {} \"{}\" is fixed at {} but the sessions before it end at {} ({} late); shorten them or move `at`",
                    i + 1,
                    agenda.sessions[i].title,
                    agenda.sessions[i].at.map(|at| at.format("%H:%M").to_string()).unwrap_or_default(),
                    plan.stamp(slot.start),
                    super::format_duration(late),
                ),
            );
        }
    }
    if let (Some(end), Some(overrun)) = (agenda.end, plan.overrun()) {
        report.warning(
            find(document.get_ref(), "end").map(|v| v.span()).unwrap_or(0..0),
            format!(
                "the plan ends at {}, {} after `end` {}; shorten sessions or move `end`",
                plan.stamp(plan.end()),
                super::format_duration(overrun),
                plan.stamp(end),
            ),
        );
    }
    if let Some(i) = plan.midnight_without_night(agenda) {
        let slot = &plan.slots[i];
        report.warning(
            session_span(i, "duration"),
            format!(
                "session {} \"{}\" runs past midnight ({}–{}) but no session is longer than {} to be the night; for an event over days add an overnight session (duration = \"10h\", format = \"break\"), otherwise check the durations",
                i + 1,
                agenda.sessions[i].title,
                plan.stamp(slot.start),
                plan.stamp(slot.end),
                super::format_duration(super::NIGHT),
            ),
        );
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    for (i, session) in agenda.sessions.iter().enumerate() {
        // Every "Break" and "Lunch" may share its title: minutes number the sessions, and
        // nothing is captured in a break that needs telling apart.
        if session.format == Some(super::Format::Break) {
            continue;
        }
        if let Some(first) = seen.insert(session.title.as_str(), i) {
            seen.insert(session.title.as_str(), first);
            report.warning(
                session_span(i, "title"),
                format!(
                    "sessions {} and {} share the title \"{}\"; give each its own so minutes can tell them apart",
                    first + 1,
                    i + 1,
                    session.title
                ),
            );
        }
    }
}

fn find<'t, 'i>(table: &'t DeTable<'i>, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
    table.iter().find(|(k, _)| k.get_ref() == key).map(|(_, v)| v)
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date/time",
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

/// The closest allowed name to a misspelt one, if it is close enough to be a typo.
fn suggestion<'a>(unknown: &str, allowed: &[&'a str]) -> Option<&'a str> {
    allowed
        .iter()
        .map(|&name| (strsim::damerau_levenshtein(unknown, name), name))
        .filter(|&(distance, name)| distance <= 2.max(name.len() / 3) && distance < name.len())
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, name)| name)
}

fn one_of(names: &[&str]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("\"{n}\"")).collect();
    match quoted.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => quoted.join(""),
    }
}

struct Walker<'r, 'a> {
    report: &'r mut Report<'a>,
}

/// One table being read: its keys are checked against the allowed ones once, up front.
struct Table<'t, 'i> {
    table: &'t DeTable<'i>,
    span: Range<usize>,
    /// Where this table is, for messages: "the agenda", "session 3", "[team]".
    place: String,
}

impl<'t, 'i> Table<'t, 'i> {
    fn get(&self, key: &str) -> Option<&'t Spanned<DeValue<'i>>> {
        find(self.table, key)
    }
}

impl Walker<'_, '_> {
    fn agenda(&mut self, document: &Spanned<DeTable<'_>>) -> Option<Agenda> {
        let root = Table { table: document.get_ref(), span: 0..0, place: "the agenda".into() };
        self.check_keys(&root, ROOT_KEYS);

        let title = self.required_text(&root, "title", "title = \"Porsgrunn Citizen Lab 2026\"");
        let kind = self.required_choice(&root, "kind", &Kind::NAMES, Kind::parse, "kind = \"lab\"");
        let date = self.date(&root);
        let start = self.required_clock(&root, "start");
        let end = self.end(&root);
        let location = self.text(&root, "location");
        let attribution =
            self.choice(&root, "attribution", &Attribution::NAMES, Attribution::parse);
        let language = self.language(&root);
        let warn = self.duration(&root, "warn");
        let danger = self.duration(&root, "danger");
        let at_zero = self.choice(&root, "at_zero", &AtZero::NAMES, AtZero::parse);
        let messages = self.messages(&root);
        let speaker = self.duration(&root, "speaker");
        let phones = self.phones(&root);
        let team = self.team(&root);
        let groups = self.groups(&root);
        let participants = self.participants(&root, &groups);
        let organisations = self.strings(
            &root,
            "organisations",
            "[\"Porsgrunn municipality\", \"Herøya Industrial Park\"]",
            false,
        );
        let places = self.strings(&root, "places", "[\"Herøya\", \"Frierfjorden\"]", false);
        let sessions = self.sessions(&root);
        let carry = self.carry(&root);

        let end = match (end, date) {
            (Some(End::At(time)), Some(date)) => Some(date.and_time(time)),
            (Some(End::On(moment)), _) => Some(moment),
            _ => None,
        };
        if let (Some(start), Some(date), Some(end)) = (start, date, end)
            && end <= date.and_time(start)
            && let Some(value) = root.get("end")
        {
            let shown = if end.date() == date {
                end.format("%H:%M").to_string()
            } else {
                end.format("%Y-%m-%d %H:%M").to_string()
            };
            self.report.error(
                value.span(),
                format!(
                    "`end` {shown} is not after `start` {}; an event ends later the same day, or give the day it ends: end = \"{} 16:00\"",
                    start.format("%H:%M"),
                    (date + chrono::Days::new(1)).format("%Y-%m-%d")
                ),
            );
        }
        if let (Some(start), Some(sessions)) = (start, &sessions) {
            self.check_fixed_starts(&root, start, sessions);
        }

        let kind = kind?;
        Some(Agenda {
            title: title?,
            kind,
            date: date?,
            start: start?,
            end,
            location,
            attribution: attribution.unwrap_or(Attribution::default_for(kind)),
            language: language.unwrap_or_default(),
            warn,
            danger,
            at_zero: at_zero.unwrap_or_default(),
            messages,
            speaker,
            phones,
            team,
            groups,
            participants,
            organisations,
            places,
            sessions: sessions?,
            carry,
        })
    }

    /// `carry`: the earlier records whose open items this event follows up, each with its
    /// place (`convene check` reads them and names the entry of one it cannot read).
    fn carry(&mut self, root: &Table<'_, '_>) -> Vec<super::CarryFrom> {
        let Some(value) = root.get("carry") else { return Vec::new() };
        let Some(array) = value.get_ref().as_array() else {
            self.wrong_type(
                value,
                "carry",
                "a list of record folders such as [\"2025-05-14-porsgrunn-citizen-lab-2025\"]",
            );
            return Vec::new();
        };
        let mut carry = Vec::new();
        for item in array.iter() {
            let Some(record) = self.string(item, "carry", false) else { continue };
            if record.is_empty() {
                self.report.error(item.span(), "`carry` holds an empty record name; write a record folder as `convene records` lists it, or remove it");
                continue;
            }
            let (line, column) = self.report.position(item.span().start);
            carry.push(super::CarryFrom { record, line, column });
        }
        carry
    }

    fn check_fixed_starts(&mut self, root: &Table<'_, '_>, start: NaiveTime, sessions: &[Session]) {
        let tables = root.get("sessions").and_then(|v| v.get_ref().as_array());
        for (i, session) in sessions.iter().enumerate() {
            if let Some(at) = session.at
                && at < start
            {
                let span = tables
                    .and_then(|a| a.get(i))
                    .and_then(|t| t.get_ref().as_table())
                    .and_then(|t| find(t, "at"))
                    .map(|v| v.span())
                    .unwrap_or(0..0);
                self.report.error(
                    span,
                    format!(
                        "session {} is fixed at {}, before the event starts at {}; move `at` or `start`",
                        i + 1,
                        at.format("%H:%M"),
                        start.format("%H:%M")
                    ),
                );
            }
        }
    }

    fn check_keys(&mut self, table: &Table<'_, '_>, allowed: &[&str]) {
        for (key, _) in table.table.iter() {
            let name = key.get_ref().as_ref();
            if allowed.contains(&name) {
                continue;
            }
            let hint = match suggestion(name, allowed) {
                Some(close) => format!("did you mean `{close}`?"),
                None => format!("allowed keys are {}", allowed.join(", ")),
            };
            self.report
                .error(key.span(), format!("unknown key `{name}` in {}; {hint}", table.place));
        }
    }

    fn missing(&mut self, table: &Table<'_, '_>, key: &str, example: &str) {
        self.report.error(
            table.span.clone(),
            format!("{} has no `{key}`; add a line such as `{example}`", table.place),
        );
    }

    fn wrong_type(&mut self, value: &Spanned<DeValue<'_>>, key: &str, expected: &str) {
        self.report.error(
            value.span(),
            format!("`{key}` must be {expected}, not {}", type_name(value.get_ref())),
        );
    }

    /// A string value checked for control characters.
    fn string(
        &mut self,
        value: &Spanned<DeValue<'_>>,
        key: &str,
        multiline: bool,
    ) -> Option<String> {
        let Some(text) = value.get_ref().as_str() else {
            self.wrong_type(value, key, "a string in quotes");
            return None;
        };
        let bad = text.chars().enumerate().find(|&(_, c)| {
            let allowed_space = multiline && (c == '\n' || c == '\t' || c == '\r');
            !allowed_space && crate::sanitize::is_forbidden(c)
        });
        if let Some((index, c)) = bad {
            self.report.error(
                value.span(),
                format!(
                    "`{key}` holds the control character {} at character {}; remove it",
                    visible_escape(c),
                    index + 1
                ),
            );
            return None;
        }
        if multiline {
            Some(crate::sanitize::clean_line(text))
        } else {
            Some(text.trim().to_string())
        }
    }

    fn text(&mut self, table: &Table<'_, '_>, key: &str) -> Option<String> {
        let value = table.get(key)?;
        let text = self.string(value, key, false)?;
        if text.is_empty() {
            self.report.error(
                value.span(),
                format!("`{key}` is empty; write something or remove the line"),
            );
            return None;
        }
        Some(text)
    }

    fn required_text(&mut self, table: &Table<'_, '_>, key: &str, example: &str) -> Option<String> {
        if table.get(key).is_none() {
            self.missing(table, key, example);
            return None;
        }
        self.text(table, key)
    }

    fn choice<T>(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
        names: &[&str],
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let value = table.get(key)?;
        let text = self.string(value, key, false)?;
        let parsed = parse(&text);
        if parsed.is_none() {
            let hint = match suggestion(&text, names) {
                Some(close) => format!("did you mean \"{close}\"?"),
                None => format!("use {}", one_of(names)),
            };
            self.report.error(value.span(), format!("unknown {key} \"{text}\"; {hint}"));
        }
        parsed
    }

    /// `language = "nb"`: the language of the minutes, one of the five codes.
    fn language(&mut self, table: &Table<'_, '_>) -> Option<crate::i18n::Lang> {
        let value = table.get("language")?;
        let text = self.string(value, "language", false)?;
        match crate::i18n::Lang::parse(&text) {
            Ok(lang) => Some(lang),
            Err(unknown) => {
                self.report.error(value.span(), unknown.to_string());
                None
            }
        }
    }

    fn required_choice<T>(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
        names: &[&str],
        parse: fn(&str) -> Option<T>,
        example: &str,
    ) -> Option<T> {
        if table.get(key).is_none() {
            self.missing(table, key, example);
            return None;
        }
        self.choice(table, key, names, parse)
    }

    fn date(&mut self, table: &Table<'_, '_>) -> Option<NaiveDate> {
        let Some(value) = table.get("date") else {
            self.missing(table, "date", "date = 2026-05-12");
            return None;
        };
        let parsed = match value.get_ref() {
            DeValue::Datetime(dt) if dt.time.is_none() && dt.offset.is_none() => dt
                .date
                .and_then(|d| NaiveDate::from_ymd_opt(d.year.into(), d.month.into(), d.day.into())),
            DeValue::String(text) => NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok(),
            _ => None,
        };
        if parsed.is_none()
            && let Some(text) = value.get_ref().as_str()
            && let Some(problem) = date_problem(text)
        {
            self.report.error(value.span(), format!("`date` {problem}"));
        } else if parsed.is_none() {
            self.report.error(
                value.span(),
                "`date` must be a date such as 2026-05-12 (year-month-day)".to_string(),
            );
        }
        parsed
    }

    /// `end`: a time of day, or a day and a time for an event that ends on a later day.
    fn end(&mut self, table: &Table<'_, '_>) -> Option<End> {
        let value = table.get("end")?;
        let moment = match value.get_ref() {
            DeValue::String(text) => {
                let text = text.trim();
                NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
                    .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
                    .or_else(|_| NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S"))
                    .ok()
            }
            DeValue::Datetime(dt) if dt.offset.is_none() => match (dt.date, dt.time) {
                (Some(d), Some(t)) => NaiveDate::from_ymd_opt(
                    d.year.into(),
                    d.month.into(),
                    d.day.into(),
                )
                .and_then(|day| {
                    day.and_hms_opt(t.hour.into(), t.minute.into(), t.second.unwrap_or(0).into())
                }),
                _ => None,
            },
            _ => None,
        };
        if let Some(moment) = moment {
            return Some(End::On(moment));
        }
        let looks_like_a_day = value.get_ref().as_str().is_some_and(|t| t.trim().len() > 8)
            || matches!(value.get_ref(), DeValue::Datetime(dt) if dt.date.is_some());
        if looks_like_a_day {
            self.report.error(
                value.span(),
                "`end` must be a time such as \"21:00\", or a day and a time such as \"2026-05-13 16:00\"".to_string(),
            );
            return None;
        }
        self.clock(table, "end").map(End::At)
    }

    fn clock(&mut self, table: &Table<'_, '_>, key: &str) -> Option<NaiveTime> {
        let value = table.get(key)?;
        let parsed = match value.get_ref() {
            DeValue::String(text) => parse_clock(text),
            DeValue::Datetime(dt) if dt.date.is_none() && dt.offset.is_none() => {
                dt.time.and_then(|t| {
                    NaiveTime::from_hms_opt(
                        t.hour.into(),
                        t.minute.into(),
                        t.second.unwrap_or(0).into(),
                    )
                })
            }
            _ => None,
        };
        if parsed.is_none() {
            self.report.error(
                value.span(),
                format!("`{key}` must be a time of day such as \"18:00\" (24-hour HH:MM)"),
            );
        }
        parsed
    }

    fn required_clock(&mut self, table: &Table<'_, '_>, key: &str) -> Option<NaiveTime> {
        if table.get(key).is_none() {
            self.missing(table, key, &format!("{key} = \"18:00\""));
            return None;
        }
        self.clock(table, key)
    }

    fn duration(&mut self, table: &Table<'_, '_>, key: &str) -> Option<Duration> {
        let value = table.get(key)?;
        let Some(text) = value.get_ref().as_str() else {
            let hint = match value.get_ref() {
                DeValue::Integer(n) => format!(" such as \"{}m\"", n.as_str()),
                _ => " such as \"10m\"".to_string(),
            };
            self.wrong_type(value, key, &format!("a duration in quotes{hint}"));
            return None;
        };
        match parse_duration(text) {
            Ok(duration) => Some(duration),
            Err(e) => {
                let shown = crate::sanitize::for_terminal(text);
                let message = match (&e, suggest_duration(text)) {
                    (DurationError::Malformed, Some(meant)) => {
                        format!("`{key}` \"{shown}\" does not parse; did you mean \"{meant}\"?")
                    }
                    _ => format!("`{key}` \"{shown}\" {e}"),
                };
                self.report.error(value.span(), message);
                None
            }
        }
    }

    fn bool(&mut self, table: &Table<'_, '_>, key: &str) -> Option<bool> {
        let value = table.get(key)?;
        let parsed = value.get_ref().as_bool();
        if parsed.is_none() {
            self.wrong_type(value, key, "true or false (without quotes)");
        }
        parsed
    }

    fn sub_table<'t, 'i>(
        &mut self,
        value: &'t Spanned<DeValue<'i>>,
        key: &str,
        place: String,
    ) -> Option<Table<'t, 'i>> {
        match value.get_ref() {
            DeValue::Table(table) => Some(Table { table, span: value.span(), place }),
            _ => {
                self.wrong_type(value, key, "a table");
                None
            }
        }
    }

    fn array<'t, 'i>(&mut self, table: &Table<'t, 'i>, key: &str) -> Option<&'t DeArray<'i>> {
        let value = table.get(key)?;
        let array = value.get_ref().as_array();
        if array.is_none() {
            self.wrong_type(value, key, &format!("a list of tables, written [[{key}]]"));
        }
        array
    }

    /// The `[messages]` table: preset messages for the room display.
    fn messages(&mut self, root: &Table<'_, '_>) -> Vec<String> {
        let Some(value) = root.get("messages") else { return Vec::new() };
        let Some(table) = self.sub_table(value, "messages", "[messages]".into()) else {
            return Vec::new();
        };
        self.check_keys(&table, MESSAGES_KEYS);
        self.strings(&table, "presets", "[\"Please wrap up\", \"5 minutes left\"]", false)
    }

    /// The `[phones]` table: how the phone question page asks (`convene run --share`).
    fn phones(&mut self, root: &Table<'_, '_>) -> Phones {
        let Some(value) = root.get("phones") else { return Phones::default() };
        let Some(table) = self.sub_table(value, "phones", "[phones]".into()) else {
            return Phones::default();
        };
        self.check_keys(&table, PHONES_KEYS);
        Phones { names: self.bool(&table, "names").unwrap_or(false) }
    }

    fn team(&mut self, root: &Table<'_, '_>) -> Team {
        let Some(value) = root.get("team") else { return Team::default() };
        let Some(table) = self.sub_table(value, "team", "[team]".into()) else {
            return Team::default();
        };
        self.check_keys(&table, TEAM_KEYS);
        Team {
            facilitator: self.text(&table, "facilitator"),
            note_taker: self.text(&table, "note_taker"),
        }
    }

    fn groups(&mut self, root: &Table<'_, '_>) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        let Some(array) = self.array(root, "groups") else { return groups };
        for (i, value) in array.iter().enumerate() {
            let Some(table) = self.sub_table(value, "groups", format!("group {}", i + 1)) else {
                continue;
            };
            self.check_keys(&table, GROUP_KEYS);
            let id = self.required_text(&table, "id", "id = \"residents\"");
            let name = self.required_text(&table, "name", "name = \"Local residents\"");
            if let Some(id) = &id
                && groups.iter().any(|g| &g.id == id)
                && let Some(span) = table.get("id").map(|v| v.span())
            {
                self.report.error(
                    span,
                    format!("group id \"{id}\" is declared twice; give each group its own id"),
                );
            }
            if let (Some(id), Some(name)) = (id, name) {
                groups.push(Group { id, name });
            }
        }
        groups
    }

    fn participants(&mut self, root: &Table<'_, '_>, groups: &[Group]) -> Vec<Participant> {
        let mut participants = Vec::new();
        let Some(array) = self.array(root, "participants") else { return participants };
        let ids: Vec<&str> = groups.iter().map(|g| g.id.as_str()).collect();
        for (i, value) in array.iter().enumerate() {
            let Some(table) =
                self.sub_table(value, "participants", format!("participant {}", i + 1))
            else {
                continue;
            };
            self.check_keys(&table, PARTICIPANT_KEYS);
            let name = self.required_text(&table, "name", "name = \"Ingrid Solberg\"");
            let group = self.text(&table, "group");
            if let Some(id) = &group
                && !ids.contains(&id.as_str())
                && let Some(span) = table.get("group").map(|v| v.span())
            {
                let hint = match suggestion(id, &ids) {
                    Some(close) => format!("did you mean \"{close}\"?"),
                    None if ids.is_empty() => "declare it in a [[groups]] table".to_string(),
                    None => format!("declared groups are {}", one_of(&ids)),
                };
                self.report.error(
                    span,
                    format!("participant group \"{id}\" is not a declared group; {hint}"),
                );
            }
            let consent = self.bool(&table, "consent").unwrap_or(false);
            if let Some(name) = name {
                participants.push(Participant { name, group, consent });
            }
        }
        participants
    }

    fn sessions(&mut self, root: &Table<'_, '_>) -> Option<Vec<Session>> {
        let Some(value) = root.get("sessions") else {
            self.missing(root, "sessions", "[[sessions]]");
            return None;
        };
        let array = self.array(root, "sessions")?;
        if array.is_empty() {
            self.report.error(
                value.span(),
                "the agenda has no sessions; add at least one [[sessions]] table",
            );
            return None;
        }
        let mut sessions = Vec::new();
        let mut complete = true;
        for (i, value) in array.iter().enumerate() {
            let Some(table) = self.sub_table(value, "sessions", format!("session {}", i + 1))
            else {
                complete = false;
                continue;
            };
            self.check_keys(&table, SESSION_KEYS);
            let title = self.required_text(&table, "title", "title = \"Welcome and ground rules\"");
            let duration = if table.get("duration").is_some() {
                self.duration(&table, "duration")
            } else {
                self.missing(&table, "duration", "duration = \"10m\"");
                None
            };
            let format = self.choice(&table, "format", &Format::NAMES, Format::parse);
            let at = self.clock(&table, "at");
            let warn = self.duration(&table, "warn");
            let danger = self.duration(&table, "danger");
            let at_zero = self.choice(&table, "at_zero", &AtZero::NAMES, AtZero::parse);
            let messages = self.strings(&table, "messages", "[\"Please wrap up\"]", false);
            let speaker = self.duration(&table, "speaker");
            let lead = self.text(&table, "lead");
            let goal = table
                .get("goal")
                .and_then(|v| self.string(v, "goal", true))
                .filter(|g| !g.is_empty());
            let prompts = self.strings(&table, "prompts", "[\"What do you know?\"]", true);
            let min = self.duration(&table, "min");
            let followup = self.bool(&table, "followup").unwrap_or(false);
            if let (Some(min), Some(duration), Some(value)) = (min, duration, table.get("min"))
                && min > duration
            {
                self.report.warning(
                    value.span(),
                    format!(
                        "`min` {} is longer than the session's duration {}: a catch-up never trims it; lower `min` or leave it out",
                        super::format_duration(min),
                        super::format_duration(duration)
                    ),
                );
            }
            match (title, duration) {
                (Some(title), Some(duration)) => sessions.push(Session {
                    title,
                    duration,
                    format,
                    at,
                    warn,
                    danger,
                    at_zero,
                    lead,
                    goal,
                    prompts,
                    messages,
                    min,
                    speaker,
                    followup,
                    line: self.report.line_of(table.span.start),
                }),
                _ => complete = false,
            }
        }
        complete.then_some(sessions)
    }

    /// A list of texts, such as a session's prompts; empty texts are dropped.
    fn strings(
        &mut self,
        table: &Table<'_, '_>,
        key: &str,
        example: &str,
        multiline: bool,
    ) -> Vec<String> {
        let Some(value) = table.get(key) else { return Vec::new() };
        let Some(array) = value.get_ref().as_array() else {
            self.wrong_type(value, key, &format!("a list of strings such as {example}"));
            return Vec::new();
        };
        array
            .iter()
            .filter_map(|item| self.string(item, key, multiline))
            .filter(|p| !p.is_empty())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggestions_catch_typos_only() {
        assert_eq!(suggestion("duraton", SESSION_KEYS), Some("duration"));
        assert_eq!(suggestion("titel", SESSION_KEYS), Some("title"));
        assert_eq!(suggestion("colour", SESSION_KEYS), None);
        assert_eq!(suggestion("plenery", &Format::NAMES), Some("plenary"));
    }

    #[test]
    fn phones_ask_for_no_name_unless_the_agenda_says_so() {
        let agenda = |phones: &str| {
            let text = format!(
                "title = \"Lab\"\nkind = \"lab\"\ndate = 2026-05-12\nstart = \"18:00\"\n{phones}\n[[sessions]]\ntitle = \"Welcome\"\nduration = \"10m\"\n"
            );
            parse_agenda(&text).agenda.map(|a| a.phone_names())
        };
        assert_eq!(agenda(""), Some(false));
        assert_eq!(agenda("[phones]"), Some(false));
        assert_eq!(agenda("[phones]\nnames = false"), Some(false));
        assert_eq!(agenda("[phones]\nnames = true"), Some(true));
        assert_eq!(agenda("phones = true"), None, "a table, not a value");
        // The lab starter's commented block, uncommented, asks for names.
        let starter = crate::new::template(Kind::Lab);
        let uncommented = starter.replace("# [phones]\n# names = true", "[phones]\nnames = true");
        assert_ne!(uncommented, starter);
        assert_eq!(parse_agenda(starter).agenda.map(|a| a.phone_names()), Some(false));
        assert_eq!(parse_agenda(&uncommented).agenda.map(|a| a.phone_names()), Some(true));
    }
}
