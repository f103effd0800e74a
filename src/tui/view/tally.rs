//! The tally form (`v`): a field per row — the question, the method and the rule with their
//! choices in sight, the options of a listed method, the number present, the dots handed out
//! (a dot vote), a count per option with how it was obtained, the outcome — and under them
//! the checks of the numbers as they stand, as the minutes will give them.

use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph};
use tui_input::Input;
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use super::Theme;
use super::agenda::truncate;
use crate::app::App;
use crate::app::tally::{Field, Form};
use crate::live::{Counting, TallyMethod, TallyRule, dots_handed_out};

/// The widest the form grows, in columns.
const MOST: u16 = 96;

/// Columns of a field's label, before its value.
const LABEL: usize = 12;

/// Columns of a count, right-aligned.
const NUMBER: usize = 8;

pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, form: &Form, theme: &Theme) {
    let width = MOST.min(area.width);
    // Borders and padding take 4 columns.
    let inner = usize::from(width.saturating_sub(4));
    let value_width = inner.saturating_sub(LABEL).max(1);
    let mut lines: Vec<Line<'_>> = Vec::new();
    let mut focused_line = 0;
    // Where the cursor goes: the line and the column in it, for a text field.
    let mut cursor: Option<(usize, usize)> = None;
    for field in form.fields() {
        let focused = field == form.focus;
        if focused {
            focused_line = lines.len();
        }
        let label = match field {
            Field::Count(0) => "Counts",
            Field::Count(_) => "",
            _ => field.label(),
        };
        let marker = if focused { "▸ " } else { "  " };
        let label_style = if focused { theme.selected() } else { theme.title() };
        let mut spans =
            vec![Span::styled(format!("{marker}{label:<w$}", w = LABEL - 2), label_style)];
        match field {
            Field::Question | Field::Options | Field::Outcome => {
                let line = match field {
                    Field::Question => &form.question,
                    Field::Options => &form.options,
                    _ => &form.outcome,
                };
                if focused {
                    let (text, column) = window(line, value_width);
                    cursor = Some((lines.len(), LABEL + column));
                    spans.push(Span::raw(text));
                } else if line.value().is_empty() {
                    let hint = match field {
                        Field::Question => "type it word for word",
                        Field::Outcome => "as the facilitator declared it",
                        _ => "separated by commas",
                    };
                    spans.push(Span::styled(hint, theme.dim()));
                } else {
                    spans.push(Span::raw(truncate(line.value(), value_width)));
                }
            }
            Field::Method => {
                let choices: Vec<(&str, bool)> =
                    TallyMethod::ALL.iter().map(|&m| (m.label(), m == form.method)).collect();
                spans.extend(choice_spans(&choices, value_width, theme));
            }
            Field::Rule => {
                let choices: Vec<(&str, bool)> = [TallyRule::Advisory, TallyRule::Binding]
                    .iter()
                    .map(|&r| (r.label(), r == form.rule))
                    .collect();
                spans.extend(choice_spans(&choices, value_width, theme));
            }
            Field::Present => {
                spans.push(Span::raw(number(form.present, focused)));
                if form.present_from_attendance {
                    spans.push(Span::styled("  from the attendance", theme.dim()));
                }
            }
            Field::Dots => {
                spans.push(Span::raw(number(form.dots, focused)));
                let unit = if form.per_person { " per person" } else { " in all" };
                spans.push(Span::styled(unit, if focused { theme.key() } else { Style::new() }));
                match dots_handed_out(form.dots(), form.present) {
                    Some(all) if form.per_person => {
                        spans.push(Span::styled(format!("  ({all} handed out)"), theme.dim()));
                    }
                    None if form.dots.is_some() => {
                        spans.push(Span::styled("  (enter the number present)", theme.dim()));
                    }
                    _ => {}
                }
            }
            Field::Count(i) => {
                let Some(count) = form.counts.get(i) else { continue };
                let how = count.how.label();
                let room = value_width.saturating_sub(NUMBER + 2 + how.width()).max(1);
                let name = truncate(&count.option, room);
                let gap = room.saturating_sub(name.width());
                let value = number(count.count, focused);
                let style = match count.how {
                    Counting::Counted => Style::new(),
                    _ => theme.dim(),
                };
                spans.push(Span::raw(format!("{name}{}{value:>NUMBER$}  ", " ".repeat(gap))));
                spans.push(Span::styled(how, if focused { theme.key() } else { style }));
            }
        }
        lines.push(Line::from(spans));
    }
    let checks = form.checks();
    if !checks.is_empty() {
        lines.push(Line::from(""));
    }
    for check in &checks {
        let (mark, style) = if check.passed() {
            ("✓ ", theme.good())
        } else {
            ("✗ check failed: ", theme.alarm())
        };
        lines.push(Line::from(Span::styled(truncate(&format!("{mark}{check}"), inner), style)));
    }
    // The form leaves the header and the footer (its keys, what saving said) in sight.
    let height =
        u16::try_from(lines.len() + 2).unwrap_or(u16::MAX).min(area.height.saturating_sub(4));
    let visible = usize::from(height.saturating_sub(2));
    let scroll = (focused_line + 1).saturating_sub(visible);
    let number = match form.tally.and_then(|id| app.live.tallies.get(id)) {
        Some(tally) => format!("Tally {} · correcting", tally.number),
        None => format!("Tally {} · new", app.live.tallies.next_number()),
    };
    let title = format!(" {number} · session {} ", form.session + 1);
    let hint = [
        " Tab/↑↓ field · ←→/space choose · Enter saves · Esc cancels ",
        " Enter saves · Esc cancels ",
        "",
    ]
    .into_iter()
    .find(|hint| hint.width() + title.width() + 4 <= usize::from(width))
    .unwrap_or_default();
    let rect = area.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.key())
        .padding(Padding::horizontal(1))
        .title(Line::from(truncate(&title, usize::from(width.saturating_sub(2)))))
        .title_bottom(Line::from(Span::styled(hint, theme.dim())).right_aligned());
    let rows = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(Paragraph::new(lines).scroll((rows, 0)).block(block), rect);
    if let Some((line, column)) = cursor
        && line >= scroll
        && line < scroll + visible
        && column < inner
    {
        let x = rect.x + 2 + u16::try_from(column).unwrap_or(0);
        let y = rect.y + 1 + u16::try_from(line - scroll).unwrap_or(0);
        frame.set_cursor_position((x, y));
    }
}

/// The choices of a field in a row, the chosen one marked.
fn choice_spans<'a>(choices: &[(&'a str, bool)], width: usize, theme: &Theme) -> Vec<Span<'a>> {
    // The labels, " · " between them and the brackets around the chosen one.
    let all: usize =
        choices.iter().map(|(label, _)| label.width() + 3).sum::<usize>().saturating_sub(1);
    if all > width {
        // Too narrow for them all: the chosen one, between the arrows that turn it.
        let chosen = choices.iter().find(|(_, chosen)| *chosen).map_or("", |(label, _)| label);
        return vec![Span::styled(format!("◂ {chosen} ▸"), theme.key())];
    }
    let mut spans = Vec::new();
    for (i, &(label, chosen)) in choices.iter().enumerate() {
        if i > 0 {
            spans.push(Span::styled(" · ", theme.dim()));
        }
        if chosen {
            spans.push(Span::styled(format!("[{label}]"), theme.key()));
        } else {
            spans.push(Span::styled(label, theme.dim()));
        }
    }
    spans
}

/// A number of the form: "—" while none is entered; focused, with the cursor bar after it.
fn number(value: Option<u32>, focused: bool) -> String {
    match (value, focused) {
        (Some(n), true) => format!("{n}▏"),
        (None, true) => "▏".to_string(),
        (Some(n), false) => n.to_string(),
        (None, false) => "—".to_string(),
    }
}

/// The part of a line that fits `width` columns around its cursor, and the cursor's column
/// in it.
fn window(line: &Input, width: usize) -> (String, usize) {
    let scroll = line.visual_scroll(width.saturating_sub(1));
    let mut used = 0;
    let mut out = String::new();
    let mut shown = 0;
    for c in line.value().chars() {
        let w = c.width().unwrap_or(0);
        if used >= scroll {
            if shown + w > width {
                break;
            }
            out.push(c);
            shown += w;
        }
        used += w;
    }
    (out, line.visual_cursor().saturating_sub(scroll))
}
