//! The questions from phones (`o`): those to moderate, oldest first, each with the time it came,
//! its whole text and the name typed with it; then those decided, with what became of each.
//! While the event is shared, where phones ask (and its QR code where there is room). Also the
//! picker of the question a submission is merged into (`m`).

use std::mem;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::agenda::truncate;
use crate::app::App;
use crate::app::inbox::{listed, merge_candidates};
use crate::live::{Outcome, Submission};

/// The widest the overlay grows.
const MOST: u16 = 100;
/// Columns before a submission's text: the selection mark, the time and a gap ("▸ 18:42  ").
const INDENT: usize = 9;
/// The text keeps at least this many columns beside the QR code, or the code is left out.
const LEAST_TEXT: usize = 60;

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, selected: usize, theme: &Theme) {
    let inbox = &app.live.inbox;
    let listed = listed(app);
    let pending = inbox.pending_count();
    let width = MOST.min(area.width);
    // Borders and padding take 4 columns.
    let inner = usize::from(width.saturating_sub(4));
    let most_height = area.height.saturating_sub(4);
    // The QR code of the address stands at the right, when the text keeps its room beside it.
    let qr = app.sharing.as_ref().map(|s| s.qr.as_slice()).unwrap_or_default();
    let qr_width = qr.iter().map(|row| row.width()).max().unwrap_or(0);
    let show_qr = qr_width > 0
        && inner >= qr_width + 2 + LEAST_TEXT
        && usize::from(most_height) >= qr.len() + 2;
    let text_width = if show_qr { inner - qr_width - 2 } else { inner };

    let mut lines: Vec<Line<'_>> = Vec::new();
    let about = match &app.sharing {
        Some(sharing) if !sharing.urls.is_empty() => format!(
            "Phones ask at {}. Nothing reaches the room or the minutes before it is approved.",
            sharing.urls.join(" or ")
        ),
        _ => "Questions from phones come here while the event is shared (convene run --share). Nothing reaches the room or the minutes before it is approved.".to_string(),
    };
    for row in wrap(&about, text_width) {
        lines.push(Line::from(Span::styled(row, theme.dim())));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(format!("To moderate ({pending})"), theme.title())));
    if pending == 0 {
        lines.push(Line::from(Span::styled(
            "Nothing waits: a question shows here as soon as it comes",
            theme.dim(),
        )));
    }
    let chosen = selected.min(listed.len().saturating_sub(1));
    let mut chosen_rows = (0, 0);
    for (i, submission) in listed.iter().enumerate() {
        if i == pending {
            lines.push(Line::from(""));
            let decided = listed.len() - pending;
            lines.push(Line::from(Span::styled(format!("Decided ({decided})"), theme.title())));
        }
        let first = lines.len();
        lines.extend(entry(app, submission, i == chosen, text_width, theme));
        if i == chosen {
            chosen_rows = (first, lines.len());
        }
    }

    let content = lines.len().max(if show_qr { qr.len() } else { 0 });
    let height = u16::try_from(content + 2).unwrap_or(u16::MAX).min(most_height);
    let visible = usize::from(height.saturating_sub(2));
    // The selected question is in sight, from its start when it is taller than the box.
    let (start, end) = chosen_rows;
    let scroll = if end > visible { start.min(end - visible) } else { 0 };
    let title = match (listed.len(), pending) {
        (0, _) => " Questions from phones ".to_string(),
        (n, p) => format!(" Questions from phones · {p} to moderate · {n} received "),
    };
    let hints = [
        " a/Enter approve · e edit · m merge · r reject · p pin · Esc closes ",
        " a e m r p · Esc closes ",
        " Esc closes ",
    ];
    let (block, rect) = super::overlay::panel(frame, area, (width, height), &title, &hints, theme);
    let body = block.inner(rect);
    frame.render_widget(block, rect);
    let qr_columns = if show_qr { u16::try_from(qr_width + 2).unwrap_or(0) } else { 0 };
    let [list_area, qr_area] =
        body.layout(&Layout::horizontal([Constraint::Fill(1), Constraint::Length(qr_columns)]));
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)), list_area);
    if show_qr {
        let rows: Vec<Line<'_>> = qr.iter().map(|row| Line::from(row.as_str())).collect();
        frame.render_widget(Paragraph::new(rows).right_aligned(), qr_area);
    }
}

/// A submission's rows: the time it came, then (once decided) what became of it, its text and
/// the name typed with it, wrapped under one another; across the whole width when selected.
fn entry<'a>(
    app: &App,
    submission: &Submission,
    chosen: bool,
    width: usize,
    theme: &Theme,
) -> Vec<Line<'a>> {
    let (status, style) = status(app, submission, theme);
    let mut body = match &status {
        Some(status) => format!("{status} · {}", submission.text),
        None => submission.text.clone(),
    };
    if let Some(name) = &submission.name {
        body.push_str(&format!(" — {name}"));
    }
    let time = submission.at.format("%H:%M").to_string();
    let marker = if chosen { "▸" } else { " " };
    let rows = wrap(&body, width.saturating_sub(INDENT));
    let mut lines = Vec::with_capacity(rows.len());
    for (i, row) in rows.into_iter().enumerate() {
        let lead = if i == 0 { format!("{marker} {time}  ") } else { " ".repeat(INDENT) };
        if chosen {
            let text = format!("{lead}{row}");
            let fill = width.saturating_sub(text.width());
            lines.push(Line::from(Span::styled(
                format!("{text}{}", " ".repeat(fill)),
                theme.selected(),
            )));
            continue;
        }
        // What became of it stands out in its colour, on the row it starts.
        let split = match &status {
            Some(status) if i == 0 => {
                let end = status.len().min(row.len());
                if row.is_char_boundary(end) { end } else { 0 }
            }
            _ => 0,
        };
        lines.push(Line::from(vec![
            Span::styled(lead, theme.dim()),
            Span::styled(row[..split].to_string(), style),
            Span::raw(row[split..].to_string()),
        ]));
    }
    lines
}

/// What became of a submission, in its style: "✓ approved as Q7", "merged into Q3",
/// "✗ rejected: out of scope"; none while it waits.
fn status(app: &App, submission: &Submission, theme: &Theme) -> (Option<String>, Style) {
    let number = |id| match app.live.item(id) {
        Some(item) if item.deleted => format!("{}{} (deleted)", item.kind.letter(), item.number),
        Some(item) => format!("{}{}", item.kind.letter(), item.number),
        None => "a question".to_string(),
    };
    let pinned = |id| {
        if app.live.inbox.pinned == Some(id) && app.live.pinned_question().is_some() {
            ", pinned"
        } else {
            ""
        }
    };
    match &submission.outcome {
        Outcome::Pending => (None, Style::new()),
        Outcome::Approved => (
            Some(format!("✓ approved as {}{}", number(submission.id), pinned(submission.id))),
            theme.good(),
        ),
        Outcome::Merged(into) => {
            (Some(format!("merged into {}{}", number(*into), pinned(*into))), theme.dim())
        }
        Outcome::Rejected(reason) => (Some(format!("✗ rejected: {reason}")), theme.warning()),
    }
}

/// Text in rows of at most `width` columns, words kept whole where they fit and cut between
/// characters as the screen draws them where they do not. Columns are counted as the screen
/// draws them, a character with its marks at a time: a whole string's width can differ (an
/// Arabic lam-alef counts as one ligature, a text-style emoji with its variation selector as
/// one column in textwrap), and the row's last character would be lost off its end.
pub(super) fn wrap(text: &str, width: usize) -> Vec<String> {
    let width = width.max(1);
    let mut rows = Vec::new();
    let (mut row, mut used) = (String::new(), 0);
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let wide = columns(word);
        let gap = usize::from(!row.is_empty());
        if used + gap + wide <= width {
            if gap == 1 {
                row.push(' ');
            }
            row.push_str(word);
            used += gap + wide;
            continue;
        }
        if !row.is_empty() {
            rows.push(mem::take(&mut row));
            used = 0;
        }
        for grapheme in Span::raw(word).styled_graphemes(Style::new()) {
            let wide = grapheme.symbol.width();
            if used + wide > width && !row.is_empty() {
                rows.push(mem::take(&mut row));
                used = 0;
            }
            row.push_str(grapheme.symbol);
            used += wide;
        }
    }
    if !row.is_empty() || rows.is_empty() {
        rows.push(row);
    }
    rows
}

/// The columns text takes on screen.
fn columns(text: &str) -> usize {
    Span::raw(text).styled_graphemes(Style::new()).map(|g| g.symbol.width()).sum()
}

/// The merge picker (`m`): the questions of the event, the current session's first, filtered by
/// what is typed in the line below; the one picked is merged into by Enter.
pub fn merge(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    typed: &str,
    picked: usize,
    theme: &Theme,
) {
    let found = merge_candidates(app, typed);
    let width = MOST.min(area.width);
    let inner = usize::from(width.saturating_sub(4));
    let mut lines: Vec<Line<'_>> = Vec::new();
    let asked = match &app.mode {
        crate::app::Mode::InboxMerge { submission, .. } => {
            app.live.inbox.get(*submission).map(|s| s.text.clone()).unwrap_or_default()
        }
        _ => String::new(),
    };
    lines.push(Line::from(Span::styled(
        truncate(&format!("From a phone: {asked}"), inner),
        theme.dim(),
    )));
    lines.push(Line::from(""));
    if found.is_empty() {
        lines.push(Line::from(Span::styled(
            truncate(
                &format!("No question matches \"{}\" · Ctrl-u empties the search", typed.trim()),
                inner,
            ),
            theme.warning(),
        )));
    }
    let picked = picked.min(found.len().saturating_sub(1));
    let number_width = found
        .iter()
        .map(|item| format!("{}{}", item.kind.letter(), item.number).width())
        .max()
        .unwrap_or(0);
    let current = app.live.current;
    for (i, item) in found.iter().enumerate() {
        let marker = if i == picked { "▸ " } else { "  " };
        let number = format!("{}{}", item.kind.letter(), item.number);
        let session = if item.session == current {
            String::new()
        } else {
            format!("  (session {})", item.session + 1)
        };
        let room = inner.saturating_sub(2 + number_width + 2 + session.width());
        let text = format!(
            "{marker}{number:<number_width$}  {}{session}",
            truncate(&item.fields.text, room)
        );
        if i == picked {
            let fill = inner.saturating_sub(text.width());
            lines.push(Line::from(Span::styled(
                format!("{text}{}", " ".repeat(fill)),
                theme.selected(),
            )));
        } else {
            lines.push(Line::from(text));
        }
    }
    let height =
        u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height.saturating_sub(4));
    let visible = usize::from(height.saturating_sub(2));
    // The picked question is in sight, under the two lines that say what is merged.
    let scroll = (picked + 3).saturating_sub(visible);
    let title = format!(" Merge into a question · {} found ", found.len());
    let hints =
        [" ↑/↓ pick · type to search · Enter merges · Esc back ", " Enter merges · Esc back ", ""];
    let (block, rect) = super::overlay::panel(frame, area, (width, height), &title, &hints, theme);
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((scroll, 0)).block(block), rect);
}
