//! "You said, we did" (`y`): the items carried from earlier records, each with where it was
//! raised, its wording and its status here.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::agenda::truncate;
use crate::app::App;
use crate::live::CarriedItem;

const ABOUT: &str = "Raised at earlier events and still open then: say what happened since. In progress and dropped ask for a note; the minutes' \"You said, we did\" tells it.";
const NO_UPDATE: &str = "no update";

/// "↻ 2025 Q3".
pub fn mark(item: &CarriedItem) -> String {
    format!("↻ {}", item.tag())
}

/// "answered", "in progress: …", "no update".
pub fn status(item: &CarriedItem) -> String {
    match &item.status {
        Some((status, note, _)) if note.is_empty() => status.label().to_string(),
        Some((status, note, _)) => format!("{}: {note}", status.label()),
        None => NO_UPDATE.to_string(),
    }
}

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, selected: usize, theme: &Theme) {
    let list = app.live.carried.list();
    let width = 110.min(area.width);
    let inner = width.saturating_sub(4);
    let about =
        Paragraph::new(Line::from(Span::styled(ABOUT, theme.dim()))).wrap(Wrap { trim: false });
    let about_rows = u16::try_from(about.line_count(inner)).unwrap_or(u16::MAX);
    let height = about_rows
        .saturating_add(u16::try_from(list.len().saturating_add(1)).unwrap_or(u16::MAX))
        .saturating_add(3)
        .min(area.height.saturating_sub(4));
    let open = list.iter().filter(|i| i.status.is_none()).count();
    let title = format!(" You said, we did · {} carried · {open} without update ", list.len());
    let hints = [
        " ↑/↓ select · a answered · d done · p in progress · x dropped · Esc closes ",
        " a · d · p · x · Esc ",
        "",
    ];
    let (block, rect) = super::overlay::panel(frame, area, (width, height), &title, &hints, theme);
    let body = block.inner(rect);
    frame.render_widget(block, rect);
    let [about_area, _, list_area] = body.layout(&Layout::vertical([
        Constraint::Length(about_rows),
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    frame.render_widget(about, about_area);
    if list.is_empty() {
        return;
    }
    let marks: Vec<String> = list.iter().map(mark).collect();
    let statuses: Vec<String> = list.iter().map(status).collect();
    let mark_width = marks.iter().map(|m| m.width()).max().unwrap_or(0);
    // The selection mark 2 and a gap of 2 between columns; the status takes up to a third.
    let room = usize::from(inner).saturating_sub(2 + 4 + mark_width);
    let status_width = statuses.iter().map(|s| s.width()).max().unwrap_or(0).max(6).min(room / 3);
    let text_width = room.saturating_sub(status_width);
    let rows = list.iter().zip(&marks).zip(&statuses).map(|((item, mark), status)| {
        let style = match item.status {
            Some(_) => theme.good(),
            None => theme.warning(),
        };
        Row::new(vec![
            Cell::from(mark.as_str()),
            Cell::from(truncate(&item.fields.text, text_width)),
            Cell::from(Span::styled(truncate(status, status_width), style)),
        ])
    });
    let header = Row::new(["Raised", "Item", "Status"]).style(theme.dim());
    let widths = [mark_width, text_width, status_width]
        .map(|w| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX)));
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(2)
        .highlight_symbol("▶ ")
        .row_highlight_style(theme.selected());
    let mut state = TableState::default().with_selected(Some(selected.min(list.len() - 1)));
    frame.render_stateful_widget(table, list_area, &mut state);
}
