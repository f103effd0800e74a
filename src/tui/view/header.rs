use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::agenda::truncate;
use crate::app::App;
use crate::live::{Now, Projection, Standing};

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    now: Now,
    projection: &Projection,
    theme: &Theme,
) {
    let agenda = &app.live.agenda;
    let [top, bottom] =
        area.layout(&Layout::vertical([Constraint::Length(1), Constraint::Length(1)]));
    let clock = now.wall.format("%H:%M").to_string();
    let [left, right] =
        top.layout(&Layout::horizontal([Constraint::Fill(1), Constraint::Length(6)]));
    let title = Line::from(vec![
        Span::styled(agenda.title.as_str(), theme.title()),
        Span::styled(
            format!("  {} · {}", agenda.kind.label(), agenda.date.format("%a %-d %b %Y")),
            theme.dim(),
        ),
    ]);
    frame.render_widget(Paragraph::new(title), left);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(clock, theme.title())).right_aligned()),
        right,
    );

    let style = match (projection.standing, projection.past_hard_end) {
        (_, Some(over)) if over.as_secs() >= 30 => theme.alarm(),
        (Standing::Behind(_), _) => theme.warning(),
        _ => theme.good(),
    };
    let mut spans = Vec::new();
    if let Some(trouble) = &app.trouble {
        // Nobody may miss that captured items exist only in memory.
        let line = Line::from(Span::styled(format!(" {trouble} "), theme.alarm()));
        frame.render_widget(Paragraph::new(line), bottom);
        return;
    }
    if app.correcting {
        let ended = app.live.ended_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
        spans.push(Span::styled(
            format!("Ended {ended} — reopened for corrections · timers stay as held"),
            theme.warning(),
        ));
    } else if app.live.ended_at.is_some() {
        spans.push(Span::styled("event ended", theme.dim()));
    } else {
        spans.push(Span::styled(projection.describe(), style));
    }
    if let Some(location) = &agenda.location {
        spans.push(Span::styled(format!("  · {location}"), theme.dim()));
    }
    if let Some(total) = app.live.attendance.total() {
        spans.push(Span::styled(format!("  · {total} present"), theme.dim()));
    }
    // What the room sees besides the time stays in sight: its message, a blackout.
    let room = room(app, theme, bottom.width / 2);
    let [left, right] = bottom.layout(&Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(room.width()).unwrap_or(u16::MAX)),
    ]));
    frame.render_widget(Paragraph::new(Line::from(spans)), left);
    frame.render_widget(Paragraph::new(room.right_aligned()), right);
}

/// "BLACKOUT", "room ▸ Please wrap up": what the room display shows besides the time, within
/// `width` columns; empty when it shows the time alone.
fn room<'a>(app: &'a App, theme: &Theme, width: u16) -> Line<'a> {
    let room = &app.live.room;
    let mut spans = Vec::new();
    let mut left = usize::from(width);
    if room.blackout {
        spans.push(Span::styled(" BLACKOUT ", theme.alarm()));
        left = left.saturating_sub(10);
    }
    if let Some((message, _)) = &room.message {
        let label = if room.blackout { "  then ▸ " } else { "  room ▸ " };
        if left > label.width() + 4 {
            left -= label.width();
            spans.push(Span::styled(label, theme.dim()));
            spans.push(Span::styled(truncate(message, left), theme.title()));
        }
    }
    Line::from(spans)
}
