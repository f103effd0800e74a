use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use super::Theme;
use crate::app::App;
use crate::app::keys::bindings;

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    if let Some(flash) = &app.flash {
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(flash.as_str(), theme.warning()))),
            area,
        );
        return;
    }
    let mut spans = Vec::new();
    for binding in bindings(app.mode).filter(|b| !b.footer.is_empty()) {
        if !spans.is_empty() {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        spans.push(Span::styled(binding.keys[0].to_string(), theme.key()));
        spans.push(Span::raw(format!(" {}", binding.footer)));
    }
    if app.bell {
        spans.push(Span::styled("  🔔", theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
