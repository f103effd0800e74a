//! The attendance overlay: a row per stakeholder group and "no group" with its count, then
//! the organisations with a ✓ when represented.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::agenda::truncate;
use crate::app::attendance::{Row, rows};
use crate::app::{App, Draft};

/// Columns the count takes at the end of its row.
const COUNT_WIDTH: usize = 9;

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    row: usize,
    draft: Option<Draft>,
    theme: &Theme,
) {
    let attendance = &app.live.attendance;
    let rows = rows(attendance);
    let row = row.min(rows.len().saturating_sub(1));
    let width = 72.min(area.width);
    // Borders and padding take 4 columns.
    let inner = usize::from(width.saturating_sub(4));
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut selected_line = 0;
    let grouped = attendance.groups().next().is_some();
    let heading = if grouped { "Present per stakeholder group" } else { "Present" };
    lines.push(Line::from(Span::styled(heading, theme.title())));
    for (i, entry) in rows.iter().enumerate() {
        let chosen = i == row;
        if chosen {
            selected_line = lines.len();
        }
        match *entry {
            Row::Count { group, count } => {
                let name = match group {
                    Some(group) => group.name.as_str(),
                    None if grouped => "No group",
                    None => "Everyone",
                };
                let shown = match (chosen, draft) {
                    (true, Some(draft)) => format!("{}▏", draft.value),
                    _ => count.map_or_else(|| "—".to_string(), |c| c.to_string()),
                };
                lines.push(count_line(name, &shown, chosen, inner, theme));
            }
            Row::Organisation(marked) => {
                if matches!(rows.get(i.wrapping_sub(1)), Some(Row::Count { .. })) {
                    lines.push(Line::from(""));
                    lines
                        .push(Line::from(Span::styled("Organisations represented", theme.title())));
                    if chosen {
                        selected_line = lines.len();
                    }
                }
                let mark = if marked.present { "[✓] " } else { "[ ] " };
                let added = if marked.in_agenda { "" } else { " (added)" };
                let name =
                    truncate(&marked.name, inner.saturating_sub(2 + mark.width() + added.width()));
                let text = format!("{}{mark}{name}{added}", if chosen { "▸ " } else { "  " });
                lines.push(row_line(text, chosen, inner, theme));
            }
        }
    }
    if attendance.marked().is_empty() {
        lines.push(Line::from(""));
        lines.push(Line::from(Span::styled(
            "No organisations in the agenda: o adds one",
            theme.dim(),
        )));
    }
    // The overlay leaves the header and the footer (where the organisation line is typed).
    let height =
        u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height.saturating_sub(4));
    let visible = usize::from(height.saturating_sub(2));
    let scroll = (selected_line + 1).saturating_sub(visible);
    let title = match attendance.total() {
        Some(total) => format!(" Attendance · {total} present "),
        None => " Attendance ".to_string(),
    };
    // The hint gives way on a narrow screen rather than lose its start.
    let hints =
        [" 0-9 or +/- count · Enter saves · space ✓ · o other · Esc closes ", " Esc closes "];
    let (block, rect) = super::overlay::panel(frame, area, (width, height), &title, &hints, theme);
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), rect);
}

/// A group's row: its name, and its count at the right end.
fn count_line<'a>(name: &str, count: &str, chosen: bool, inner: usize, theme: &Theme) -> Line<'a> {
    let marker = if chosen { "▸ " } else { "  " };
    let room = inner.saturating_sub(marker.width() + COUNT_WIDTH);
    let name = truncate(name, room);
    let gap = room.saturating_sub(name.width());
    let text = format!("{marker}{name}{}{count:>COUNT_WIDTH$}", " ".repeat(gap));
    row_line(text, chosen, inner, theme)
}

/// A row, across the whole width in the selection's style when it is selected.
fn row_line<'a>(text: String, chosen: bool, inner: usize, theme: &Theme) -> Line<'a> {
    if !chosen {
        return Line::from(text);
    }
    let fill = inner.saturating_sub(text.width());
    let style: Style = theme.selected();
    Line::from(Span::styled(format!("{text}{}", " ".repeat(fill)), style))
}
