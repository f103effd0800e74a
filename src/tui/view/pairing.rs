//! The panel that pairs a note-taker's laptop: where it connects and the one-time code.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use crate::app::App;

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let Some(shown) = &app.peers.pairing else { return };
    let first = shown.addresses.first().map(String::as_str).unwrap_or("ADDRESS");
    let mut lines = vec![
        Line::from("On the note-taker's laptop run"),
        Line::from(Span::styled(format!("  convene join {first}"), theme.key())),
        Line::from(Span::styled(
            "  (or `convene join` alone: it lists the events it finds on the network)",
            theme.dim(),
        )),
        Line::from("and type the code"),
        Line::from(Span::styled(format!("  {}", shown.code), theme.title())),
        Line::from(format!("It is valid until {}, for one attempt.", shown.until)),
    ];
    if shown.addresses.len() > 1 {
        lines.push(Line::from(Span::styled(
            format!("This laptop is also at {}", shown.addresses[1..].join(", ")),
            theme.dim(),
        )));
    }
    if let Some(outcome) = &shown.outcome {
        lines.push(Line::from(""));
        let style = if outcome.starts_with("Paired") { theme.good() } else { theme.warning() };
        lines.push(Line::from(Span::styled(outcome.clone(), style)));
    }
    let widest = lines.iter().map(Line::width).max().unwrap_or(0).max("Pair a note-taker".width());
    let width = u16::try_from(widest + 4).unwrap_or(u16::MAX).clamp(40, area.width.max(1));
    let inner = usize::from(width.saturating_sub(4)).max(1);
    let rows: usize = lines.iter().map(|line| line.width().max(1).div_ceil(inner)).sum();
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let hints = [" Esc closes (the code stays valid) ", " Esc "];
    let (block, rect) =
        super::overlay::panel(frame, area, (width, height), " Pair a note-taker ", &hints, theme);
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), rect);
}
