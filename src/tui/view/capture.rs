use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Modifier;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::agenda::truncate;
use crate::app::{App, Mode};
use crate::capture::{describe, parse};
use crate::event::{ItemId, Raiser};

/// The capture line and, under it, what it will save: who, themes, owner, due date.
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let [line_area, preview_area] =
        area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Length(1)]));
    let number = |id: ItemId| app.live.item(id).map(|item| item.number);
    let (line, label) = match &app.mode {
        Mode::Capture { line, kind, editing } => match editing.and_then(number) {
            Some(number) => (line, format!(" edit {} {number} ▸ ", kind.label())),
            None => (line, format!(" {} ▸ ", kind.label())),
        },
        Mode::Answer { line, question } => match number(*question) {
            Some(number) => (line, format!(" answer to {number} ▸ ")),
            None => (line, " answer ▸ ".to_string()),
        },
        Mode::Organisation { line, .. } => (line, " organisation ▸ ".to_string()),
        Mode::Message { line } => (line, " message to the room ▸ ".to_string()),
        Mode::ParkOwner { line, item, .. } => {
            let what = app.live.item(*item).map(|i| format!("{} {}", i.kind.label(), i.number));
            let what = what.unwrap_or_else(|| "the item".into());
            match app.live.parking.get(*item) {
                Some(_) => (line, format!(" owner of {what} ▸ ")),
                None => (line, format!(" park {what} · owner ▸ ")),
            }
        }
        Mode::Speaker { line, lane, .. } => (line, format!(" {} ▸ ", lane.label())),
        Mode::InboxEdit { line, .. } => (line, " approve · question ▸ ".to_string()),
        Mode::InboxReject { line, .. } => (line, " reject · reason ▸ ".to_string()),
        Mode::InboxMerge { line, .. } => (line, " merge into · search ▸ ".to_string()),
        Mode::CarriedNote { line, item, status, .. } => {
            let tag = app.live.carried.get(*item).map(|c| c.tag()).unwrap_or_default();
            let what = if *status == crate::event::Status::Dropped { "why" } else { "note" };
            (line, format!(" {tag} {} · {what} ▸ ", status.label()))
        }
        _ => return,
    };
    let label_width = label.width() as u16;
    let text_width = line_area.width.saturating_sub(label_width).max(1) as usize;
    let scroll = line.visual_scroll(text_width.saturating_sub(1));
    let visible: String = {
        let mut used = 0;
        let mut out = String::new();
        for c in line.value().chars() {
            let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used >= scroll && out.width() + w <= text_width {
                out.push(c);
            } else if used >= scroll {
                break;
            }
            used += w;
        }
        out
    };
    frame.render_widget(
        Paragraph::new(Line::from(vec![Span::styled(label, theme.selected()), Span::raw(visible)])),
        line_area,
    );
    let cursor_x = line_area.x + label_width + (line.visual_cursor().saturating_sub(scroll)) as u16;
    frame.set_cursor_position((cursor_x.min(line_area.right().saturating_sub(1)), line_area.y));

    let mut preview = Vec::new();
    // A message about the line (what Tab said of a name, text cut at the item limit) stands
    // first, in its own style, until the next key; the preview waits until then.
    let editing_phone = matches!(app.mode, Mode::InboxEdit { .. });
    if app.flash.is_none() && (matches!(app.mode, Mode::Capture { .. }) || editing_phone) {
        let agenda = &app.live.agenda;
        let parsed = parse(line.value(), agenda);
        if editing_phone {
            // Whoever the line names, a question from a phone stays asked from a phone.
            let name = match &app.mode {
                Mode::InboxEdit { submission, .. } => {
                    app.live.inbox.get(*submission).and_then(|s| s.name.clone())
                }
                _ => None,
            };
            preview.push(format!("by {}", describe(&Raiser::Online(name), agenda)));
        } else if let Some(by) = &parsed.fields.by {
            preview.push(format!("by {}", describe(by, agenda)));
        }
        if !parsed.fields.themes.is_empty() {
            preview.push(
                parsed.fields.themes.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "),
            );
        }
        if let Some(owner) = &parsed.fields.owner {
            preview.push(format!("owner {}", describe(owner, agenda)));
        }
        if let Some(due) = parsed.fields.due {
            preview.push(format!("due {}", due.format("%-d %b %Y")));
        }
        if editing_phone && parsed.fields.by.is_some() {
            preview.push("@ ignored: asked from a phone".into());
        }
        // A name after @ is not looked up for a question from a phone: it stays the phone's.
        preview.extend(parsed.flags.into_iter().filter(|f| !(editing_phone && f.starts_with('@'))));
        if parsed.park {
            preview.push("parked".into());
        }
    }
    if app.flash.is_none() && matches!(app.mode, Mode::ParkOwner { .. }) {
        let (owner, flag) = crate::app::parking::owner_of(line.value(), app);
        preview.push(match owner {
            Some(owner) => format!("owner {}", describe(&owner, &app.live.agenda)),
            None => "no owner".into(),
        });
        preview.extend(flag);
    }
    if app.flash.is_none() && matches!(app.mode, Mode::Speaker { .. }) {
        preview.extend(speaker_preview(line.value(), app));
    }
    if app.flash.is_none() && matches!(app.mode, Mode::InboxReject { .. }) {
        preview.push(format!("Tab: {}", crate::app::inbox::REASONS.join(" · ")));
    }
    if app.flash.is_none()
        && let Mode::InboxMerge { picked, .. } = app.mode
    {
        let found = crate::app::inbox::merge_candidates(app, line.value());
        if let Some(item) = found.get(picked.min(found.len().saturating_sub(1))) {
            preview.push(format!(
                "into {}{}: {}",
                item.kind.letter(),
                item.number,
                item.fields.text
            ));
        }
    }
    let keys = match app.mode {
        Mode::Organisation { .. } => {
            "Enter adds it, marked represented · Esc back to the attendance"
        }
        Mode::Message { .. } => {
            "Enter shows it on the room display · Esc cancel · 1-9 or Tab: a preset"
        }
        Mode::ParkOwner { .. } => {
            "Enter saves · Esc cancel · Tab completes the name · an empty line: no owner"
        }
        Mode::Speaker { .. } => {
            "Enter adds to the queue · Esc back · Tab completes the name, else the lane"
        }
        Mode::InboxEdit { .. } => {
            "Enter approves · Esc back · #theme >owner due:DATE !internal !park"
        }
        Mode::InboxReject { .. } => "Enter rejects (the reason stays internal) · Esc back",
        Mode::InboxMerge { .. } => "Enter merges · ↑/↓ pick · Esc back",
        Mode::CarriedNote { .. } => "Enter saves the status with this note · Esc back",
        _ => "Enter save · Esc cancel · Tab kind/complete · @who #theme >owner due:DATE",
    };
    let text = if preview.is_empty() {
        keys.to_string()
    } else {
        format!("{} │ {keys}", preview.join(" · "))
    };
    let mut spans = Vec::new();
    let mut room = preview_area.width as usize;
    if let Some(flash) = &app.flash {
        let flash = truncate(&format!("{flash} │ "), room);
        room = room.saturating_sub(flash.width());
        spans.push(Span::styled(flash, theme.warning()));
    }
    let text = truncate(&text, room);
    spans.push(Span::styled(text, theme.dim().add_modifier(Modifier::ITALIC)));
    frame.render_widget(Paragraph::new(Line::from(spans)), preview_area);
}

/// Who the speaker line adds, as it stands: the name found, or why none is.
fn speaker_preview(value: &str, app: &App) -> Option<String> {
    let agenda = &app.live.agenda;
    let typed = value.trim().trim_start_matches('@');
    if typed.is_empty() {
        return None;
    }
    let found = crate::capture::lookup(typed, agenda, false);
    Some(match found.flag('@', typed, agenda) {
        Some(flag) => flag,
        None => format!("adds {}", describe(&found.raiser(typed), agenda)),
    })
}
