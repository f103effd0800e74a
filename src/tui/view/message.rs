//! Above the message line (`w`): what the room display shows now, and the agenda's preset
//! messages for the session on screen, numbered as the keys 1-9 pick them.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::agenda::truncate;
use crate::app::App;
use crate::app::room::presets;

/// The widest the box grows, in columns.
const MOST: u16 = 90;

/// Draws the box just above `line` (the message line), over the bottom of the screen.
pub fn render(frame: &mut Frame<'_>, screen: Rect, line: Rect, app: &App, theme: &Theme) {
    let presets = presets(app);
    let room = &app.live.room;
    let mut lines: Vec<Line<'_>> = Vec::new();
    let now = match (&room.message, room.blackout) {
        (_, true) => "the room display is blacked out (K brings it back)".to_string(),
        (Some((text, _)), false) => format!("on the room display now: \"{text}\""),
        (None, false) => "the room display shows no message".to_string(),
    };
    lines.push(Line::from(Span::styled(now, theme.dim())));
    if presets.is_empty() {
        lines.push(Line::from(Span::styled(
            "no preset messages: the agenda may list them in [messages] presets = [...]",
            theme.dim(),
        )));
    }
    for (i, preset) in presets.iter().enumerate() {
        let key = if i < 9 { format!("{}", i + 1) } else { "Tab".to_string() };
        lines.push(Line::from(vec![
            Span::styled(format!("{key:>3}  "), theme.key()),
            Span::raw(preset.as_str()),
        ]));
    }
    let title = if presets.is_empty() {
        " Message to the room "
    } else {
        " Message to the room · 1-9 or Tab picks a preset "
    };
    let widest = lines.iter().map(Line::width).chain([title.width()]).max().unwrap_or(0);
    let width = u16::try_from(widest + 4).unwrap_or(MOST).clamp(40, MOST).min(screen.width);
    // It keeps the header in sight, and the message line under it.
    let above = line.y.saturating_sub(screen.y + 2);
    let height = u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(above);
    if height < 3 {
        return;
    }
    let inner = usize::from(width.saturating_sub(4));
    let lines: Vec<Line<'_>> = lines
        .into_iter()
        .map(|l| {
            if l.width() <= inner {
                return l;
            }
            let text: String = l.spans.iter().map(|s| s.content.as_ref()).collect();
            let style = l.spans.last().map(|s| s.style).unwrap_or_default();
            Line::from(Span::styled(truncate(&text, inner), style))
        })
        .collect();
    let rect = Rect { x: screen.x, y: line.y - height, width, height };
    frame.render_widget(Clear, rect);
    let title = truncate(title, usize::from(width.saturating_sub(2)));
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.key())
        .padding(Padding::horizontal(1))
        .title(Line::from(title));
    frame.render_widget(Paragraph::new(lines).block(block), rect);
}
