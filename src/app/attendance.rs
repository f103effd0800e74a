//! The attendance overlay: the count present per stakeholder group and the organisations
//! represented, entered at any time. A count is journaled once, when it is saved (Enter,
//! moving off its row, closing), never a keystroke at a time.

use std::mem;

use tui_input::Input;

use super::mode::Draft;
use super::{Action, App, Effect, Mode};
use crate::agenda::Group;
use crate::event::Change;
use crate::live::{Attendance, MAX_ORGANISATION_CHARS, Marked};

/// The largest count the overlay takes: six digits.
pub const MAX_TYPED: u32 = 999_999;

/// One row of the overlay.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Row<'a> {
    /// The people present from a group (None: in no group), and their count once entered.
    Count {
        group: Option<&'a Group>,
        count: Option<u32>,
    },
    Organisation(&'a Marked),
}

/// The rows of the overlay: the groups in agenda order, "no group", then the organisations
/// (the agenda's, then those typed on the spot).
pub fn rows(attendance: &Attendance) -> Vec<Row<'_>> {
    attendance
        .groups()
        .map(|(group, count)| Row::Count { group: Some(group), count })
        .chain([Row::Count { group: None, count: attendance.count(None) }])
        .chain(attendance.marked().iter().map(Row::Organisation))
        .collect()
}

/// What a row is, owned, so that the app can change while it is used.
enum Selected {
    Count { group: String, label: String, count: Option<u32> },
    Organisation { name: String, present: bool },
}

fn selected(attendance: &Attendance, row: usize) -> Option<Selected> {
    let rows = rows(attendance);
    Some(match *rows.get(row.min(rows.len().saturating_sub(1)))? {
        Row::Count { group, count } => Selected::Count {
            group: group.map(|g| g.id.clone()).unwrap_or_default(),
            label: group.map_or_else(|| "no group".to_string(), |g| g.name.clone()),
            count,
        },
        Row::Organisation(marked) => {
            Selected::Organisation { name: marked.name.clone(), present: marked.present }
        }
    })
}

/// What an action of the overlay (or of its organisation line) does.
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    let mut effects = match action {
        Action::OpenAttendance => {
            let from = Box::new(mem::take(&mut app.mode));
            app.mode = Mode::Attendance { from, row: 0, draft: None };
            Vec::new()
        }
        Action::CloseAttendance => {
            let effects = save_draft(app);
            if let Mode::Attendance { from, .. } = mem::take(&mut app.mode) {
                app.mode = *from;
            }
            effects
        }
        Action::AttendanceUp | Action::AttendanceDown => {
            let effects = save_draft(app);
            let last = rows(&app.live.attendance).len().saturating_sub(1);
            if let Mode::Attendance { row, .. } = &mut app.mode {
                *row = match action {
                    Action::AttendanceUp => (*row).min(last).saturating_sub(1),
                    _ => (*row + 1).min(last),
                };
            }
            effects
        }
        Action::AttendanceMore | Action::AttendanceLess => {
            step(app, action == Action::AttendanceMore);
            Vec::new()
        }
        Action::AttendanceBackspace => {
            if let Mode::Attendance { draft: Some(draft), .. } = &mut app.mode {
                *draft = Draft { value: draft.value / 10, typed: true };
            }
            Vec::new()
        }
        Action::AttendanceSave => match row_of(app) {
            Some(Selected::Organisation { name, present }) => toggle(app, name, !present),
            Some(Selected::Count { .. }) if !has_draft(app) => {
                app.flash = Some("Type the number present (or +/-), then Enter".into());
                Vec::new()
            }
            _ => save_draft(app),
        },
        Action::AttendanceToggle => match row_of(app) {
            Some(Selected::Organisation { name, present }) => toggle(app, name, !present),
            _ => {
                app.flash = Some(
                    "space marks an organisation represented; here type the number present".into(),
                );
                Vec::new()
            }
        },
        Action::AddOrganisation => {
            let effects = save_draft(app);
            let attendance = Box::new(mem::take(&mut app.mode));
            app.mode = Mode::Organisation { line: Input::default(), attendance };
            effects
        }
        Action::OrganisationSave => add_organisation(app),
        Action::OrganisationCancel => {
            if let Mode::Organisation { attendance, .. } = mem::take(&mut app.mode) {
                app.mode = *attendance;
            }
            Vec::new()
        }
        _ => Vec::new(),
    };
    after_the_end(app, &mut effects);
    effects
}

/// A count being typed, saved before leaving (`Ctrl-q` on the overlay).
pub(super) fn save_before_leaving(app: &mut App) -> Vec<Effect> {
    let mut effects = save_draft(app);
    after_the_end(app, &mut effects);
    effects
}

/// After the event ended, a change of its attendance writes the minutes again.
fn after_the_end(app: &App, effects: &mut Vec<Effect>) {
    if app.live.ended_at.is_some() && effects.iter().any(|e| matches!(e, Effect::Record(_))) {
        effects.push(Effect::WriteMinutes);
    }
}

fn row_of(app: &App) -> Option<Selected> {
    match &app.mode {
        Mode::Attendance { row, .. } => selected(&app.live.attendance, *row),
        _ => None,
    }
}

fn has_draft(app: &App) -> bool {
    matches!(app.mode, Mode::Attendance { draft: Some(_), .. })
}

/// A digit typed on a count's row: the first starts a new number, the next ones append.
pub(super) fn digit(app: &mut App, d: u32) {
    match row_of(app) {
        Some(Selected::Count { .. }) => {}
        Some(Selected::Organisation { .. }) => {
            app.flash = Some("This row is an organisation: space marks it represented".into());
            return;
        }
        None => return,
    }
    if let Mode::Attendance { draft, .. } = &mut app.mode {
        *draft = Some(match *draft {
            Some(Draft { value, typed: true }) if value * 10 + d <= MAX_TYPED => {
                Draft { value: value * 10 + d, typed: true }
            }
            Some(kept @ Draft { typed: true, .. }) => kept,
            _ => Draft { value: d, typed: true },
        });
    }
}

/// `+` or `-` on a count's row: from the count being typed, else the saved one, else 0.
fn step(app: &mut App, more: bool) {
    let count = match row_of(app) {
        Some(Selected::Count { count, .. }) => count,
        Some(Selected::Organisation { .. }) => {
            app.flash = Some("This row is an organisation: space marks it represented".into());
            return;
        }
        None => return,
    };
    if let Mode::Attendance { draft, .. } = &mut app.mode {
        let value = draft.map(|d| d.value).or(count).unwrap_or(0);
        let value = if more { (value + 1).min(MAX_TYPED) } else { value.saturating_sub(1) };
        *draft = Some(Draft { value, typed: false });
    }
}

/// Journals the count being typed, unless it is the count already saved.
fn save_draft(app: &mut App) -> Vec<Effect> {
    let Mode::Attendance { row, draft, .. } = &mut app.mode else { return Vec::new() };
    let (row, Some(draft)) = (*row, draft.take()) else { return Vec::new() };
    let Some(Selected::Count { group, label, count }) = selected(&app.live.attendance, row) else {
        return Vec::new();
    };
    if count == Some(draft.value) {
        return Vec::new();
    }
    app.saving(format!("{} present: {label}", draft.value), String::new());
    vec![Effect::Record(Change::AttendanceCounted { group, present: draft.value })]
}

/// Journals an organisation as represented or not.
fn toggle(app: &mut App, name: String, present: bool) -> Vec<Effect> {
    let what = if present { "represented" } else { "not represented" };
    app.saving(format!("{name} as {what}"), String::new());
    vec![Effect::Record(Change::OrganisationAttended { organisation: name, present })]
}

/// Saves the organisation line: the organisation is marked represented (one already listed,
/// whatever the case it is typed in, keeps its name) and selected.
fn add_organisation(app: &mut App) -> Vec<Effect> {
    let Mode::Organisation { line, attendance } = mem::take(&mut app.mode) else {
        return Vec::new();
    };
    let name = crate::sanitize::clean_line(line.value());
    if name.is_empty() {
        app.mode = *attendance;
        app.flash = Some("Nothing added: the organisation has no name".into());
        return Vec::new();
    }
    let chars = name.chars().count();
    if chars > MAX_ORGANISATION_CHARS {
        app.mode = Mode::Organisation { line, attendance };
        app.flash = Some(format!(
            "An organisation's name holds at most {MAX_ORGANISATION_CHARS} characters; this one has {chars}: shorten it"
        ));
        return Vec::new();
    }
    let listed = &app.live.attendance;
    let first = listed.groups().count() + 1;
    let position =
        listed.marked().iter().position(|m| m.name.to_lowercase() == name.to_lowercase());
    let (name, present) = match position {
        Some(i) => (listed.marked()[i].name.clone(), listed.marked()[i].present),
        None => (name, false),
    };
    app.mode = match *attendance {
        Mode::Attendance { from, .. } => Mode::Attendance {
            from,
            row: first + position.unwrap_or(listed.marked().len()),
            draft: None,
        },
        other => other,
    };
    if present {
        app.flash = Some(format!("{name} is already marked represented"));
        return Vec::new();
    }
    toggle(app, name, true)
}
