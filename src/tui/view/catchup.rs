//! The catch-up proposal: each session still to come with its timebox now → its new one,
//! what it gives, and the new projected end.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::agenda::truncate;
use crate::agenda::{clock_on, format_duration};
use crate::app::App;
use crate::live::catchup::{Lateness, Row, fixed_start, short_minutes, summary};
use crate::live::{Now, Proposal};

/// Columns of a row after its title: "  40m →  32m   −8m".
const TIMES_WIDTH: usize = 2 + 7 + 3 + 7 + 6;
/// Columns of a row before its title: "▸ ▶ 5  ".
const NUMBER_WIDTH: usize = 7;

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    proposal: &Proposal,
    row: usize,
    now: Now,
    theme: &Theme,
) {
    let live = &app.live;
    let width = 96.min(area.width);
    // Borders and padding take 4 columns.
    let inner = usize::from(width.saturating_sub(4));
    let row = row.min(proposal.rows.len().saturating_sub(1));
    let mut lines: Vec<Line<'_>> = Vec::new();
    let breaks = if proposal.breaks_too { "breaks trimmed too" } else { "breaks kept" };
    lines.push(Line::from(Span::styled(
        truncate(&format!("Trimmed in proportion to length, none below its min · {breaks}"), inner),
        theme.dim(),
    )));
    // The tags take what the title leaves: at least a third of the width goes to the title.
    let tag_width =
        inner.saturating_sub(NUMBER_WIDTH + TIMES_WIDTH).saturating_sub(inner / 3).min(24);
    let title_width = inner.saturating_sub(NUMBER_WIDTH + TIMES_WIDTH + tag_width + 1);
    let mut selected_line = 0;
    let day = live.projection(now).day;
    for (i, entry) in proposal.rows.iter().enumerate() {
        let chosen = i == row;
        if chosen {
            selected_line = lines.len();
        }
        let widths = (title_width, tag_width, inner);
        lines.push(row_line(app, entry, chosen, widths, (now, day), theme));
    }
    lines.push(Line::from(""));
    let projection = proposal.projection(live, now);
    let catches_up = !Lateness::of(&projection).is_late();
    let outcome = proposal.outcome(live, now);
    let trimmed = match proposal.changed() {
        0 => "No timebox changes".to_string(),
        n => capitalised(&summary(n, proposal.trimmed())),
    };
    let first = outcome.first().map(String::as_str).unwrap_or_default();
    let style = if catches_up { theme.good() } else { theme.alarm() };
    lines.push(Line::from(vec![
        Span::styled(truncate(&format!("{trimmed} · "), inner), theme.title()),
        Span::styled(truncate(first, inner.saturating_sub(trimmed.width() + 3)), style),
    ]));
    for more in outcome.iter().skip(1) {
        lines.push(Line::from(Span::styled(truncate(more, inner), theme.alarm())));
    }
    // Why it falls short, unless the facilitator's edits are why.
    if !catches_up && !proposal.rows.iter().any(|r| r.edited) {
        let why = if proposal.breaks_would_help(live, now) {
            "Every session is at its min, breaks kept: b trims breaks too"
        } else {
            "Every session still to come is at its min: this is as far as trimming gets"
        };
        lines.push(Line::from(Span::styled(truncate(why, inner), theme.dim())));
    }

    // The overlay leaves the header and the footer.
    let height =
        u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height.saturating_sub(4));
    let visible = usize::from(height.saturating_sub(2));
    let scroll = (selected_line + 1).saturating_sub(visible);
    let title = format!(" {} ", heading(app, now));
    let hints = [
        " Enter accepts · ↑/↓ · +/- 1 min · b breaks · Esc dismisses ",
        " Enter accepts · Esc dismisses ",
        " Esc ",
    ];
    let (block, rect) = super::overlay::panel(frame, area, (width, height), &title, &hints, theme);
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), rect);
}

/// "Catch up · 15 min past `end` 21:00", or the first fixed start missed.
fn heading(app: &App, now: Now) -> String {
    let projection = app.live.projection(now);
    let lateness = Lateness::of(&projection);
    let day = projection.day;
    if let (Some(over), Some(end)) = (lateness.past_end, projection.hard_end) {
        return format!(
            "Catch up · projected end {}, {} past `end` {}",
            clock_on(day, projection.projected_end),
            short_minutes(over),
            clock_on(day, end)
        );
    }
    match lateness.late_for_at.first() {
        Some(&(session, late)) => {
            format!("Catch up · session {} would start {} late", session + 1, short_minutes(late))
        }
        None => "Catch up".to_string(),
    }
}

/// A session's row: ▶ when under way, number, title, its timebox now → its new one, what it
/// gives, and tags (break, fixed start, at its min, edited).
fn row_line<'a>(
    app: &App,
    row: &Row,
    chosen: bool,
    (title_width, tag_width, inner): (usize, usize, usize),
    (now, day): (Now, chrono::NaiveDate),
    theme: &Theme,
) -> Line<'a> {
    let session = &app.live.agenda.sessions[row.session];
    let marker = if chosen { "▸ " } else { "  " };
    let title = truncate(&session.title, title_width);
    let gap = title_width.saturating_sub(title.width());
    let change = row.timebox.as_secs() as i64 - row.proposed.as_secs() as i64;
    let given = match change {
        0 => String::new(),
        c if c > 0 => format!("−{}", format_duration(std::time::Duration::from_secs(c as u64))),
        c => format!("+{}", format_duration(std::time::Duration::from_secs(c.unsigned_abs()))),
    };
    let mut tags: Vec<String> = Vec::new();
    if session.is_break() {
        tags.push("break".into());
    }
    if let Some(at) = fixed_start(&app.live, now, row.session) {
        tags.push(format!("at {}", clock_on(day, at)));
    }
    if row.edited {
        tags.push("edited".into());
    } else if change > 0 && row.proposed == row.floor {
        tags.push(format!("min {}", format_duration(row.floor)));
    }
    let tags = truncate(&tags.join(", "), tag_width);
    let text = format!(
        "{marker}{}{:>2}  {title}{}  {:>7} → {:<7} {given:>5} {tags}",
        if row.under_way { "▶ " } else { "  " },
        row.session + 1,
        " ".repeat(gap),
        format_duration(row.timebox),
        format_duration(row.proposed),
    );
    if !chosen {
        return Line::from(text);
    }
    let fill = inner.saturating_sub(text.width());
    let style: Style = theme.selected();
    Line::from(Span::styled(format!("{text}{}", " ".repeat(fill)), style))
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
}
