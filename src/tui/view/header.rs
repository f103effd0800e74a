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
    let [top, bottom, peers] = area.layout(&Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    if let Some(status) = &app.peers.status {
        let style = if status.contains("OFFLINE") || status.contains("not yet") {
            theme.warning()
        } else {
            theme.dim()
        };
        let line = truncate(status, usize::from(peers.width));
        frame.render_widget(Paragraph::new(Line::from(Span::styled(line, style))), peers);
    }
    let clock = now.wall.format("%H:%M").to_string();
    // Where phones ask stays in sight while the event is shared: it is read off the screen.
    let sharing = app
        .sharing
        .as_ref()
        .and_then(|s| s.urls.first())
        .map(|url| truncate(&format!("sharing {url}  "), usize::from(top.width / 2)))
        .unwrap_or_default();
    let [left, shared, right] = top.layout(&Layout::horizontal([
        Constraint::Fill(1),
        Constraint::Length(u16::try_from(sharing.width()).unwrap_or(u16::MAX)),
        Constraint::Length(6),
    ]));
    let mut about = format!("  {} · {}", agenda.kind.label(), agenda.date.format("%a %-d %b %Y"));
    if !sharing.is_empty() {
        // Cut short, with a space before the address, rather than run into it.
        let room = usize::from(left.width).saturating_sub(agenda.title.width() + 1);
        about = truncate(&about, room);
    }
    let title = Line::from(vec![
        Span::styled(agenda.title.as_str(), theme.title()),
        Span::styled(about, theme.dim()),
    ]);
    frame.render_widget(Paragraph::new(title), left);
    frame.render_widget(Paragraph::new(Line::from(Span::styled(sharing, theme.key()))), shared);
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
    // Questions from phones wait for a person: how many stays in sight, before anything else.
    if app.phones_in_use() {
        match app.live.inbox.pending_count() {
            0 => spans.push(Span::styled("  · phones: none to moderate", theme.dim())),
            n => spans
                .push(Span::styled(format!("  · phones: {n} to moderate (o)"), theme.warning())),
        }
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
    let label = if room.blackout { "  then ▸ " } else { "  room ▸ " };
    // The question pinned under the time is named whole; the message takes what is left.
    let pinned = app
        .live
        .pinned_question()
        .map(|item| format!("{}{} pinned", item.kind.letter(), item.number));
    let pinned_width = pinned.as_ref().map_or(0, |p| p.width() + 3);
    if let Some((message, _)) = &room.message
        && left > label.width() + 4 + pinned_width
    {
        left -= label.width() + pinned_width;
        spans.push(Span::styled(label, theme.dim()));
        spans.push(Span::styled(truncate(message, left), theme.title()));
        if let Some(pinned) = &pinned {
            spans.push(Span::styled(" · ", theme.dim()));
            spans.push(Span::styled(pinned.clone(), theme.title()));
        }
        return Line::from(spans);
    }
    if let Some(pinned) = pinned
        && left >= label.width() + pinned.width()
    {
        spans.push(Span::styled(label, theme.dim()));
        spans.push(Span::styled(pinned, theme.title()));
    }
    Line::from(spans)
}
