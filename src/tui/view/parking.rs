//! The parking lot (`l`): every parked item in the order it was parked, with its status, its
//! text, who follows it up and its session.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::agenda::truncate;
use crate::app::App;
use crate::capture::describe_marked;

/// The widest an owner takes before it is cut.
const MAX_OWNER: usize = 28;
const OPEN: &str = "open";
const RESOLVED: &str = "✓ resolved";
const ABOUT: &str = "Set aside to be followed up after the event: open ones are listed as follow-ups in the minutes.";
const EMPTY: &str = "Nothing is parked yet. Select an item with ↑/↓ and press L, or capture it with !park: \"Who pays for the new road? >municipality !park\".";

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, selected: usize, theme: &Theme) {
    let agenda = &app.live.agenda;
    let lot: Vec<_> = app.live.parked_items().collect();
    let open = lot.iter().filter(|(_, parked)| !parked.resolved).count();
    let width = 100.min(area.width);
    let inner = width.saturating_sub(4);
    let about = if lot.is_empty() { EMPTY } else { ABOUT };
    let about =
        Paragraph::new(Line::from(Span::styled(about, theme.dim()))).wrap(Wrap { trim: false });
    let about_rows = u16::try_from(about.line_count(inner)).unwrap_or(u16::MAX);
    // A header row over the list; the overlay leaves the screen's header and footer.
    let list_rows = if lot.is_empty() { 0 } else { lot.len().saturating_add(1) };
    let height = about_rows
        .saturating_add(u16::try_from(list_rows).unwrap_or(u16::MAX))
        .saturating_add(3)
        .min(area.height.saturating_sub(4));
    let title = match lot.len() {
        0 => " Parking lot ".to_string(),
        n => format!(" Parking lot · {n} parked · {open} open "),
    };
    // The hint stays inside the frame: shorter on a narrow screen, none on the narrowest.
    let hints = [
        " ↑/↓ select · space resolved/open · o owner · u unpark · Esc closes ",
        " space resolved · o owner · u unpark · Esc ",
        " Esc closes ",
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
    if lot.is_empty() {
        return;
    }
    let owners: Vec<String> = lot
        .iter()
        .map(|(_, parked)| match &parked.owner {
            Some(owner) => describe_marked(owner, agenda, true),
            None => "—".to_string(),
        })
        .collect();
    let numbers: Vec<String> =
        lot.iter().map(|(item, _)| format!("{}{}", item.kind.letter(), item.number)).collect();
    let widest = |texts: &[String], least: usize| {
        texts.iter().map(|t| t.width()).max().unwrap_or(0).max(least)
    };
    let number_width = widest(&numbers, 1);
    let status_width = RESOLVED.width();
    // The session gives way on a narrow screen, before the text does.
    let session_width = if inner >= 90 { "Session".len() } else { 0 };
    let columns = if session_width > 0 { 5 } else { 4 };
    // The selection mark 2 and a gap of 2 between columns; the owner takes up to two fifths
    // of what is left, the text the rest.
    let fixed = 2 + 2 * (columns - 1) + number_width + status_width + session_width;
    let room = usize::from(inner).saturating_sub(fixed);
    let owner_width = widest(&owners, "Owner".len()).min(MAX_OWNER).min(room * 2 / 5);
    let text_width = room.saturating_sub(owner_width);
    let rows = lot.iter().zip(&numbers).zip(&owners).map(|(((item, parked), number), owner)| {
        let (status, style) =
            if parked.resolved { (RESOLVED, theme.good()) } else { (OPEN, theme.warning()) };
        let owner_style = if parked.owner.is_some() { theme.title() } else { theme.dim() };
        let mut cells = vec![
            Cell::from(number.as_str()),
            Cell::from(Span::styled(status, style)),
            Cell::from(truncate(&item.fields.text, text_width)),
            Cell::from(Span::styled(truncate(owner, owner_width), owner_style)),
        ];
        if session_width > 0 {
            cells.push(Cell::from(format!("{:>session_width$}", item.session + 1)));
        }
        Row::new(cells)
    });
    let header = ["#", "Status", "Item", "Owner", "Session"];
    let header = Row::new(header.into_iter().take(columns)).style(theme.dim());
    let widths = [number_width, status_width, text_width, owner_width, session_width]
        .into_iter()
        .take(columns)
        .map(|w| Constraint::Length(u16::try_from(w).unwrap_or(u16::MAX)));
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(2)
        .highlight_symbol("▶ ")
        .row_highlight_style(theme.selected());
    let mut state = TableState::default().with_selected(Some(selected.min(lot.len() - 1)));
    frame.render_stateful_widget(table, list_area, &mut state);
}
