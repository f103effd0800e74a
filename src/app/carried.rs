//! "You said, we did" from the keyboard: `y` lists the items carried from earlier records;
//! a, d, p and x give the selected one its status (in progress and dropped ask for a note
//! first). Each status is journaled at once (`carried_status`), the last one standing.

use std::mem;

use super::{Action, App, Effect, Mode};
use crate::event::{Change, ItemId, Status};

/// The longest note the line takes, and what it holds.
pub const LIMIT: (usize, &str) = (crate::live::MAX_NOTE_CHARS, "A note");

/// What an action of the carried items (or of their note line) does.
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::OpenCarried => {
            if app.live.carried.is_empty() {
                app.flash = Some(
                    "Nothing was carried into this event: an agenda's carry = [\"RECORD\"] brings in the open items of an earlier one".into(),
                );
            } else {
                app.mode = Mode::Carried { selected: 0 };
            }
            Vec::new()
        }
        Action::CloseCarried => {
            app.mode = Mode::Normal;
            Vec::new()
        }
        Action::CarriedUp | Action::CarriedDown => {
            let last = app.live.carried.list().len().saturating_sub(1);
            if let Mode::Carried { selected } = &mut app.mode {
                *selected = match action {
                    Action::CarriedUp => (*selected).min(last).saturating_sub(1),
                    _ => (*selected + 1).min(last),
                };
            }
            Vec::new()
        }
        Action::MarkCarried(status) => {
            let Mode::Carried { selected } = app.mode else { return Vec::new() };
            let Some(item) = chosen(app, selected) else { return Vec::new() };
            if status.needs_note() {
                app.mode =
                    Mode::CarriedNote { line: tui_input::Input::default(), item, status, selected };
                return Vec::new();
            }
            mark(app, item, status, String::new())
        }
        Action::SaveCarriedNote => {
            let Mode::CarriedNote { line, item, status, selected } = mem::take(&mut app.mode)
            else {
                return Vec::new();
            };
            let note = crate::sanitize::clean_line(line.value()).trim().to_string();
            if let Err(why) = crate::live::check_note(status, &note) {
                app.flash = Some(why);
                app.mode = Mode::CarriedNote { line, item, status, selected };
                return Vec::new();
            }
            app.mode = Mode::Carried { selected };
            mark(app, item, status, note)
        }
        Action::CancelCarriedNote => {
            if let Mode::CarriedNote { selected, .. } = app.mode {
                app.mode = Mode::Carried { selected };
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The carried item at a place of the list.
fn chosen(app: &App, selected: usize) -> Option<ItemId> {
    let list = app.live.carried.list();
    list.get(selected.min(list.len().saturating_sub(1))).map(|item| item.id)
}

fn mark(app: &mut App, item: ItemId, status: Status, note: String) -> Vec<Effect> {
    let tag = app.live.carried.get(item).map(|c| c.tag()).unwrap_or_else(|| item.to_string());
    app.saving(format!("{tag} as {}", status.label()), String::new());
    vec![Effect::Record(Change::CarriedStatus { item, status, note })]
}
