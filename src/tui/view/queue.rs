//! The speaking queue (`s`): who has the floor and their countdown, whether the queue fits
//! in the time left, the waiting speakers in the order they get the floor, and the airtime
//! per stakeholder group and per person, in this session and in the whole event. Also the
//! queue's line under the session's countdown on the live screen.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::agenda::truncate;
use crate::app::App;
use crate::app::queue::describe;
use crate::event::Lane;
use crate::live::{Airtime, Now, group_of, speaker_clock};

/// The widest the overlay grows.
const MOST: u16 = 100;
/// Columns of one airtime figure: "12:40 (5)".
const FIGURE: usize = 13;

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    selected: usize,
    now: Now,
    theme: &Theme,
) {
    let live = &app.live;
    let session = live.current;
    let queues = &live.queues;
    let width = MOST.min(area.width);
    // Borders and padding take 4 columns.
    let inner = usize::from(width.saturating_sub(4));
    let mut lines: Vec<Line<'_>> = Vec::new();

    lines.push(floor_line(app, now, theme, inner));
    if let Some(fit) = live.queue_fit(session, now.mono) {
        lines.push(Line::from(Span::styled(format!("⚠ {fit}"), theme.warning())));
    }
    let each = crate::agenda::format_duration(live.speaker_time(session));
    let first = if queues.first_time_first { "on" } else { "off" };
    let list = if queues.is_closed(session) { "list CLOSED (c opens)" } else { "list open" };
    let settings =
        format!("each speaker {each} (+/-) · first-time speakers first: {first} (f) · {list}");
    let style = if queues.is_closed(session) { theme.warning() } else { theme.dim() };
    lines.push(Line::from(Span::styled(truncate(&settings, inner), style)));
    lines.push(Line::from(""));

    let waiting = queues.waiting(session);
    lines.push(Line::from(Span::styled(format!("Waiting ({})", waiting.len()), theme.title())));
    let selected = selected.min(waiting.len().saturating_sub(1));
    let mut selected_line = 0;
    if waiting.is_empty() {
        lines.push(Line::from(Span::styled("Nobody waits · a adds a speaker", theme.dim())));
    }
    let group_width = (inner / 3).min(28);
    for (i, speaker) in waiting.iter().enumerate() {
        let chosen = i == selected;
        if chosen {
            selected_line = lines.len();
        }
        let tag = match speaker.lane {
            Lane::Normal if queues.spoke_before(speaker) => "spoke before",
            Lane::Normal => "",
            lane => lane.label(),
        };
        // A group that asked for the floor is its own name: no group beside it.
        let group = match speaker.who {
            crate::event::Raiser::Group(_) => String::new(),
            _ => group_of(&speaker.who, &live.agenda)
                .and_then(|id| live.agenda.group(id))
                .map_or(String::new(), |g| g.name.clone()),
        };
        let marker = if chosen { "▸ " } else { "  " };
        let number = format!("{:>2}. ", i + 1);
        let fixed = marker.width() + number.width() + group_width + 16;
        let name = truncate(&describe(&speaker.who, app), inner.saturating_sub(fixed).max(8));
        let name_room = inner.saturating_sub(fixed).max(name.width());
        let text = format!(
            "{marker}{number}{name:<name_room$}  {:<group_width$}{tag:>14}",
            truncate(&group, group_width)
        );
        lines.push(row(text, chosen, inner, theme));
    }

    lines.push(Line::from(""));
    airtime(&mut lines, app, now, theme, inner);

    // The overlay leaves the header and the footer (where the speaker line is typed).
    let height =
        u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height.saturating_sub(4));
    let visible = usize::from(height.saturating_sub(2));
    let scroll = (selected_line + 1).saturating_sub(visible);
    let title = format!(" Speaking queue · session {}/{} ", session + 1, live.sessions.len());
    // The hint gives way on a narrow screen rather than lose its start.
    let hints = [
        " a add · o point of order · r reply · S next · Enter floor · ? all keys · Esc closes ",
        " a o r add · S next · Esc closes ",
        " Esc closes ",
    ];
    let (block, rect) = super::overlay::panel(frame, area, (width, height), &title, &hints, theme);
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), rect);
}

/// Who has the floor, with their countdown; or that nobody has.
fn floor_line<'a>(app: &App, now: Now, theme: &Theme, inner: usize) -> Line<'a> {
    let live = &app.live;
    let Some(countdown) = live.speaker_countdown(now.mono) else {
        return Line::from(Span::styled(
            "Nobody has the floor · S gives it to the next speaker",
            theme.dim(),
        ));
    };
    let Some(speaker) = live.queues.speaker(countdown.speaker) else { return Line::from("") };
    let lane = match speaker.lane {
        Lane::Normal => String::new(),
        lane => format!(" ({})", lane.label()),
    };
    let paused = if countdown.phase == crate::live::Phase::Paused { " · paused" } else { "" };
    let text = format!(
        "▶ {}{lane} · {} of {}{paused}",
        describe(&speaker.who, app),
        countdown.words(),
        crate::agenda::format_duration(countdown.time)
    );
    Line::from(Span::styled(truncate(&text, inner), theme.phase(countdown.phase)))
}

/// The airtime per stakeholder group, then per speaker, in this session and in the event.
fn airtime<'a>(lines: &mut Vec<Line<'a>>, app: &App, now: Now, theme: &Theme, inner: usize) {
    let live = &app.live;
    let session = live.current;
    let event = live.airtime_per_speaker(None, now.mono);
    if event.is_empty() {
        lines.push(Line::from(Span::styled("Airtime", theme.title())));
        lines.push(Line::from(Span::styled("Nobody has spoken from the queue yet", theme.dim())));
        return;
    }
    let name_room = inner.saturating_sub(2 * FIGURE);
    let heading = format!(
        "{:<name_room$}{:>FIGURE$}{:>FIGURE$}",
        "Airtime per group", "this session", "whole event"
    );
    lines.push(Line::from(Span::styled(heading, theme.title())));
    let groups_here = live.airtime_per_group(Some(session), now.mono);
    for (group, total) in live.airtime_per_group(None, now.mono) {
        let here = groups_here.iter().find(|(g, _)| *g == group).map(|(_, a)| *a);
        let name = match group {
            Some(id) => live.agenda.group(id).map_or(id.to_string(), |g| g.name.clone()),
            None => "no group".to_string(),
        };
        lines.push(figures(&name, here.unwrap_or_default(), total, name_room));
    }
    lines.push(Line::from(""));
    let heading = format!("{:<name_room$}", "Airtime per speaker");
    lines.push(Line::from(Span::styled(heading, theme.title())));
    let here = live.airtime_per_speaker(Some(session), now.mono);
    for (who, total) in event {
        let mine = here.iter().find(|(w, _)| *w == who).map(|(_, a)| *a);
        lines.push(figures(&describe(who, app), mine.unwrap_or_default(), total, name_room));
    }
}

/// "Industry        2:10 (1)     12:40 (5)".
fn figures<'a>(name: &str, here: Airtime, total: Airtime, name_room: usize) -> Line<'a> {
    let figure = |a: Airtime| {
        if a.turns == 0 {
            "—".to_string()
        } else {
            format!("{} ({})", speaker_clock(a.time.as_secs()), a.turns)
        }
    };
    let name = truncate(name, name_room.saturating_sub(1));
    Line::from(format!("{name:<name_room$}{:>FIGURE$}{:>FIGURE$}", figure(here), figure(total)))
}

/// A row, across the whole width in the selection's style when it is selected.
fn row<'a>(text: String, chosen: bool, inner: usize, theme: &Theme) -> Line<'a> {
    let text = truncate(&text, inner);
    if !chosen {
        return Line::from(text);
    }
    let fill = inner.saturating_sub(text.width());
    let style: Style = theme.selected();
    Line::from(Span::styled(format!("{text}{}", " ".repeat(fill)), style))
}

/// The queue under the session's countdown on the live screen, while the current session's
/// queue is in use: who has the floor and their time, how many wait, and the warning when
/// they cannot all speak in the time left.
pub fn status<'a>(app: &App, now: Now, theme: &Theme, width: u16) -> Option<Line<'a>> {
    let live = &app.live;
    let session = live.current;
    if !live.queues.is_used(session) || app.shown() != session {
        return None;
    }
    let waiting = live.queues.waiting(session).len();
    let mut spans = Vec::new();
    let mut parts = Vec::new();
    let style = match live.speaker_countdown(now.mono) {
        Some(countdown) => {
            let name = live.queues.speaker(countdown.speaker).map(|s| describe(&s.who, app));
            parts.push(format!("Speaker {} · {}", name.unwrap_or_default(), countdown.words()));
            theme.phase(countdown.phase)
        }
        None => {
            parts.push("Nobody has the floor".to_string());
            theme.dim()
        }
    };
    parts.push(match waiting {
        0 => "nobody waits".to_string(),
        n => format!("{n} waiting"),
    });
    let fit = live.queue_fit(session, now.mono).map(|fit| format!(" · ⚠ {fit}"));
    let room = usize::from(width).saturating_sub(fit.as_ref().map_or(0, |f| f.width()));
    let text = super::fit(&parts.join(" · "), u16::try_from(room).unwrap_or(u16::MAX));
    spans.push(Span::styled(text, style));
    if let Some(fit) = fit {
        spans.push(Span::styled(fit, theme.warning()));
    }
    Some(Line::from(spans).centered())
}
