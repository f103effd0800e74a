//! The selected item in full, under the agenda and the session: text, who raised it, themes,
//! owner, due date and answer. The list above gives each item one row; this is where it is read.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::Theme;
use crate::app::App;
use crate::capture::describe_marked;
use crate::event::ItemKind;
use crate::live::Item;

fn paragraph<'a>(item: &'a Item, app: &App, theme: &Theme) -> Paragraph<'a> {
    let agenda = &app.live.agenda;
    let mut lines = vec![Line::from(item.fields.text.as_str())];
    let mut facts = Vec::new();
    if let Some(by) = &item.fields.by {
        facts.push(format!("by {}", describe_marked(by, agenda, false)));
    }
    if let Some(owner) = &item.fields.owner {
        facts.push(format!("owner {}", describe_marked(owner, agenda, true)));
    }
    if let Some(due) = item.fields.due {
        facts.push(format!("due {}", due.format("%a %-d %b %Y")));
    }
    if !item.fields.themes.is_empty() {
        facts
            .push(item.fields.themes.iter().map(|t| format!("#{t}")).collect::<Vec<_>>().join(" "));
    }
    if !facts.is_empty() {
        lines.push(Line::from(Span::styled(facts.join(" · "), theme.dim())));
    }
    match (item.answer(), item.kind) {
        (Some(answer), _) => {
            lines.push(Line::from(vec![Span::styled("Answer: ", theme.good()), Span::raw(answer)]))
        }
        (None, ItemKind::Question) => {
            lines.push(Line::from(Span::styled("Not answered yet: A answers it", theme.dim())))
        }
        (None, _) => {}
    }
    Paragraph::new(lines).wrap(Wrap { trim: true })
}

/// Rows the item needs at `width` columns, its title row included, up to `most`.
pub fn height(item: &Item, app: &App, width: u16, most: u16) -> u16 {
    let rows = paragraph(item, app, &Theme { color: false }).line_count(width);
    u16::try_from(rows + 1).unwrap_or(u16::MAX).min(most)
}

pub fn render(frame: &mut Frame<'_>, area: Rect, item: &Item, app: &App, theme: &Theme) {
    if area.height < 2 {
        return;
    }
    let mut title = format!(" {} {}", item.kind.title(), item.at.format("%H:%M"));
    if item.kind == ItemKind::Question {
        title.push_str(if item.answer().is_some() { " · answered" } else { " · open" });
    }
    if item.fields.internal {
        title.push_str(" · internal (not in the public minutes)");
    }
    if let Some(parked) = app.live.parking.get(item.id) {
        let owner = match &parked.owner {
            Some(owner) => describe_marked(owner, &app.live.agenda, true),
            None => "no owner".into(),
        };
        let status = if parked.resolved { "resolved" } else { "open" };
        title.push_str(&format!(" · parked: {owner}, {status}"));
    }
    if item.edits > 0 {
        title.push_str(" · edited");
    }
    title.push(' ');
    let block = Block::new()
        .borders(Borders::TOP)
        .border_style(theme.dim())
        .title(Line::from(Span::styled(title, theme.title())));
    frame.render_widget(paragraph(item, app, theme).block(block), area);
}
