//! Catching up (`C`): when the projection passes `end` or a fixed `at`, the proposal overlay
//! lists the sessions still to come with their new timeboxes (see [`crate::live::catchup`]
//! for how they are trimmed). `Enter` accepts it: one `session_extended` per session it
//! changes, then a `catch_up_accepted` marker, all in one batch, said to be saved once
//! durable. `↑`/`↓` select a session, `+`/`-` change its new length by a minute, `b` trims
//! breaks too (or keeps them), `Esc` dismisses it.

use std::mem;

use super::{Action, App, BellsRung, Effect, Mode};
use crate::agenda::clock_on;
use crate::live::catchup::{needed, nothing_to_catch_up, summary};
use crate::live::{Now, Proposal};

/// What a catch-up key does.
pub(super) fn act(app: &mut App, action: Action, now: Now) -> Vec<Effect> {
    match action {
        Action::CatchUp => open(app, now),
        Action::CatchUpClose => {
            app.mode = Mode::Normal;
            app.flash = Some("Catch-up dismissed: no timebox changed".into());
            Vec::new()
        }
        Action::CatchUpAccept => accept(app, now),
        Action::CatchUpBreaks => {
            let Mode::CatchUp { proposal, .. } = &app.mode else { return Vec::new() };
            let (breaks_too, edited) =
                (!proposal.breaks_too, proposal.rows.iter().any(|r| r.edited));
            let proposal = Proposal::new(&app.live, now, breaks_too);
            let mut said = if breaks_too {
                "Breaks are trimmed too, down to their min".to_string()
            } else {
                "Breaks keep their length".to_string()
            };
            if edited {
                said.push_str(" · the proposal was made again: your edits are gone");
            }
            app.flash = Some(said);
            if let Mode::CatchUp { proposal: shown, .. } = &mut app.mode {
                *shown = proposal;
            }
            Vec::new()
        }
        Action::CatchUpUp | Action::CatchUpDown => {
            if let Mode::CatchUp { proposal, row } = &mut app.mode {
                let last = proposal.rows.len().saturating_sub(1);
                *row = if action == Action::CatchUpUp {
                    row.saturating_sub(1)
                } else {
                    (*row + 1).min(last)
                };
            }
            Vec::new()
        }
        Action::CatchUpLonger | Action::CatchUpShorter => {
            let Mode::CatchUp { proposal, row } = &mut app.mode else { return Vec::new() };
            let longer = action == Action::CatchUpLonger;
            if !proposal.edit(*row, longer)
                && let Some(selected) = proposal.rows.get(*row)
            {
                let least = crate::agenda::format_duration(selected.least);
                app.flash = Some(if longer {
                    format!("Session {} is at the longest a timebox can be", selected.session + 1)
                } else if selected.under_way {
                    format!(
                        "Session {} cannot be shorter than {least}: a minute more than it has run",
                        selected.session + 1
                    )
                } else {
                    format!("Session {} cannot be shorter than {least}", selected.session + 1)
                });
            }
            Vec::new()
        }
        _ => Vec::new(),
    }
}

/// `C`: the proposal when the plan no longer fits; otherwise one line on why nothing is due.
fn open(app: &mut App, now: Now) -> Vec<Effect> {
    let projection = app.live.projection(now);
    if !needed(&app.live, &projection) {
        app.flash = Some(nothing_to_catch_up(&app.live, &projection));
        return Vec::new();
    }
    let proposal = Proposal::new(&app.live, now, false);
    if proposal.rows.is_empty() {
        app.flash = Some(format!(
            "Every session was held: nothing is left to trim · {} · E ends the event",
            projection.describe()
        ));
        return Vec::new();
    }
    // The first session the proposal changes is selected: the one to look at first.
    let row = proposal.rows.iter().position(|r| r.proposed != r.timebox).unwrap_or(0);
    app.mode = Mode::CatchUp { proposal, row };
    Vec::new()
}

/// `Enter`: the timebox changes are journaled, and said saved once durable.
fn accept(app: &mut App, now: Now) -> Vec<Effect> {
    let Mode::CatchUp { proposal, row } = mem::take(&mut app.mode) else { return Vec::new() };
    let changes = proposal.accept(&app.live, now);
    let Some(crate::event::Change::CatchUpAccepted { sessions, trimmed_s, projected_end }) =
        changes.last().cloned()
    else {
        app.mode = Mode::CatchUp { proposal, row };
        app.flash =
            Some("Nothing to accept: no timebox changes (+/- change one, Esc dismisses)".into());
        return Vec::new();
    };
    for change in &changes {
        if let crate::event::Change::SessionExtended { session, .. } = change
            && let Some(bells) = app.bells_rung.get_mut(*session)
        {
            // A changed timebox may need its warning and zero bells again.
            *bells = BellsRung::default();
        }
    }
    let day = app.live.projection(now).day;
    app.saving(
        format!(
            "catch-up: {} · projected end {}",
            summary(sessions, trimmed_s),
            clock_on(day, projected_end)
        ),
        String::new(),
    );
    changes.into_iter().map(Effect::Record).collect()
}
