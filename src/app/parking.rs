//! The parking lot from the keyboard: `L` parks the selected item, asking who follows it up
//! (matched as an `>owner` is in the capture line); `l` opens the lot, where a parked item is
//! marked resolved or open again, given another owner, or unparked. Every change is journaled
//! at once and said saved once it is durable, like any change.

use std::mem;

use tui_input::Input;

use super::{Action, App, Effect, Mode, nothing_selected};
use crate::capture::{Lookup, describe, describe_marked, lookup};
use crate::event::{Change, ItemId, Raiser};

/// The longest owner's name the owner line takes, and what it holds.
pub const LIMIT: (usize, &str) = (200, "An owner's name");

/// What an action of the parking lot (or of its owner line) does.
pub(super) fn act(app: &mut App, action: Action) -> Vec<Effect> {
    match action {
        Action::Park => park(app),
        Action::OpenParking => {
            app.mode = Mode::Parking { selected: 0 };
            Vec::new()
        }
        Action::CloseParking => {
            app.mode = Mode::Normal;
            Vec::new()
        }
        Action::ParkingUp | Action::ParkingDown => {
            let last = lot(app).len().saturating_sub(1);
            if let Mode::Parking { selected } = &mut app.mode {
                *selected = match action {
                    Action::ParkingUp => (*selected).min(last).saturating_sub(1),
                    _ => (*selected + 1).min(last),
                };
            }
            Vec::new()
        }
        Action::ToggleResolved => {
            let Some(item) = chosen(app) else { return nothing_parked(app) };
            let resolved = !app.live.parking.get(item).is_some_and(|p| p.resolved);
            let state = if resolved { "resolved" } else { "open again" };
            app.saving(format!("{} as {state}", name(app, item)), String::new());
            vec![Effect::Record(Change::ParkedResolved { item, resolved })]
        }
        Action::ChangeOwner => {
            let Some(item) = chosen(app) else { return nothing_parked(app) };
            let owner = app.live.parking.get(item).and_then(|p| p.owner.clone());
            let typed = owner.map(|o| describe(&o, &app.live.agenda)).unwrap_or_default();
            let from = Box::new(mem::take(&mut app.mode));
            app.mode = Mode::ParkOwner { line: Mode::open_line(typed), item, from };
            Vec::new()
        }
        Action::Unpark => {
            let Some(item) = chosen(app) else { return nothing_parked(app) };
            app.saving(format!("{} out of the parking lot", name(app, item)), String::new());
            vec![Effect::Record(Change::ItemUnparked { item })]
        }
        Action::SaveOwner => save_owner(app),
        Action::CancelOwner => {
            if let Mode::ParkOwner { from, .. } = mem::take(&mut app.mode) {
                app.mode = *from;
            }
            Vec::new()
        }
        Action::CompleteOwner => {
            complete(app);
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// The items of the lot as it lists them: in the order parked, deleted ones left out.
pub fn lot(app: &App) -> Vec<ItemId> {
    app.live.parked_items().map(|(item, _)| item.id).collect()
}

/// The parked item selected in the lot.
fn chosen(app: &App) -> Option<ItemId> {
    let Mode::Parking { selected } = app.mode else { return None };
    let lot = lot(app);
    lot.get(selected.min(lot.len().saturating_sub(1))).copied()
}

fn nothing_parked(app: &mut App) -> Vec<Effect> {
    app.flash = Some("Nothing is parked: select an item with ↑/↓ and press L".into());
    Vec::new()
}

/// "question 3", as the screen numbers it.
fn name(app: &App, item: ItemId) -> String {
    match app.live.item(item) {
        Some(found) => format!("{} {}", found.kind.label(), found.number),
        None => format!("item {item}"),
    }
}

/// `L`: asks who follows up the selected item; one already parked is changed in the lot.
fn park(app: &mut App) -> Vec<Effect> {
    let Some(item) = app.selection() else { return nothing_selected(app) };
    let id = item.id;
    if app.live.parking.get(id).is_some() {
        let title = format!("{} {}", item.kind.title(), item.number);
        app.flash = Some(format!("{title} is in the parking lot already · l opens it"));
        return Vec::new();
    }
    let from = Box::new(mem::take(&mut app.mode));
    app.mode = Mode::ParkOwner { line: Input::default(), item: id, from };
    Vec::new()
}

/// The owner typed: None for an empty line; otherwise the participant, group, organisation
/// or team member it finds, or the name as typed, with what the facilitator is told of it.
pub fn owner_of(typed: &str, app: &App) -> (Option<Raiser>, Option<String>) {
    let cleaned = crate::sanitize::clean_line(typed);
    let typed = cleaned.trim().trim_start_matches('>').trim();
    if typed.is_empty() {
        return (None, None);
    }
    let agenda = &app.live.agenda;
    let found = lookup(typed, agenda, true);
    let flag = found.flag('>', typed, agenda);
    (Some(found.raiser(typed)), flag)
}

/// Enter on the owner line: the item is parked with that owner, or, already parked, takes it.
fn save_owner(app: &mut App) -> Vec<Effect> {
    let Mode::ParkOwner { line, item, from } = mem::take(&mut app.mode) else {
        return Vec::new();
    };
    app.mode = *from;
    let (owner, flag) = owner_of(line.value(), app);
    let notes = flag.map(|f| format!(" · {f}")).unwrap_or_default();
    let who = owned(owner.as_ref(), app);
    let what = match app.live.parking.get(item) {
        Some(parked) if parked.owner == owner => {
            app.flash = Some(format!("{} keeps {who}: nothing changed", name(app, item)));
            return Vec::new();
        }
        Some(_) => format!("{} with {who}", name(app, item)),
        None => format!("{} in the parking lot, {who}", name(app, item)),
    };
    app.saving(what, notes);
    vec![Effect::Record(Change::ItemParked { item, owner })]
}

/// "owner Porsgrunn municipality", "owner the mayor (unmatched)", "no owner".
pub fn owned(owner: Option<&Raiser>, app: &App) -> String {
    match owner {
        Some(owner) => format!("owner {}", describe_marked(owner, &app.live.agenda, true)),
        None => "no owner".to_string(),
    }
}

/// Tab on the owner line: the name typed becomes the one it finds, or the facilitator is told
/// why not.
fn complete(app: &mut App) {
    let Mode::ParkOwner { line, .. } = &app.mode else { return };
    let typed = line.value().trim().trim_start_matches('>').trim().to_string();
    if typed.is_empty() {
        app.flash = Some("Type the start of a name, then Tab".into());
        return;
    }
    let agenda = &app.live.agenda;
    match lookup(&typed, agenda, true) {
        Lookup::One(raiser) => {
            let name = describe(&raiser, agenda);
            if let Mode::ParkOwner { line, .. } = &mut app.mode {
                *line = Mode::open_line(name);
            }
        }
        found => app.flash = found.flag('>', &typed, agenda),
    }
}

#[cfg(test)]
mod tests;
