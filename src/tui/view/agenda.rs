use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{Theme, short_duration};
use crate::agenda::clock_on;
use crate::app::App;
use crate::live::{Now, Projection, TimerState};

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    now: Now,
    projection: &Projection,
    theme: &Theme,
) {
    let live = &app.live;
    let block = Block::new().borders(Borders::RIGHT).border_style(theme.dim());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let rows = inner.height as usize;
    if rows == 0 {
        return;
    }
    let plan = &live.plan;
    let shift = live.schedule_anchor(now) - plan.start;
    // Sessions still to come show when they are now projected to start ("when do we get to
    // the break?"); the others their planned start, moved to the day the event runs.
    let count = live.sessions.len();
    // Keep the session on screen in view, a third from the top when the list scrolls.
    let shown = app.shown();
    let offset = shown.saturating_sub(rows / 3).min(count.saturating_sub(rows));
    let width = inner.width as usize;
    let visible = offset..count.min(offset + rows);
    let cells: Vec<(&str, String, TimerState)> = visible
        .clone()
        .map(|i| {
            let run = &live.sessions[i];
            let state = live.timer_state(i, now.mono);
            // Sessions to come at their projected start, one under way at its actual start
            // (so the column never runs backwards), else the plan's.
            let start = projection.starts[i]
                .or_else(|| run.started_at.map(|at| at.naive_local()))
                .unwrap_or(plan.slots[i].start + shift);
            let start = clock_on(projection.day, start);
            let (mark, time) = match state {
                TimerState::Done => ("✓", short_duration(run.clock.elapsed(now.mono))),
                TimerState::Running | TimerState::Overtime => ("▶", start),
                TimerState::Paused => ("Ⅱ", start),
                TimerState::NotStarted => (" ", start),
            };
            (mark, time, state)
        })
        .collect();
    // "Tue 01:00" after midnight needs a wider column than "18:00".
    let time_width = cells.iter().map(|(_, time, _)| time.width()).max().unwrap_or(0).max(7);
    let lines: Vec<Line<'_>> = visible
        .zip(cells)
        .map(|(i, (mark, time, state))| {
            let session = &live.agenda.sessions[i];
            let prefix = format!("{mark}{:>3} {time:>time_width$} ", i + 1);
            let room = width.saturating_sub(prefix.width());
            let title = truncate(&session.title, room);
            let line = Line::from(vec![Span::raw(prefix), Span::raw(title)]);
            if i == shown {
                line.style(theme.selected())
            } else if state == TimerState::Done {
                line.style(theme.dim())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
}

/// Cuts text to a display width, marking the cut with an ellipsis.
pub fn truncate(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    if width > 0 {
        out.push('…');
    }
    out
}
