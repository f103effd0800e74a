use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Wrap};

use super::Theme;
use crate::app::keys::{bindings, keys_label};
use crate::app::{App, Mode, Question};

fn popup(
    frame: &mut Frame<'_>,
    area: Rect,
    width: u16,
    height: u16,
    title: &str,
    lines: Vec<Line<'_>>,
    theme: &Theme,
) {
    let rect = area.centered(
        Constraint::Length(width.min(area.width)),
        Constraint::Length(height.min(area.height)),
    );
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.key())
        .padding(Padding::horizontal(1))
        .title(Line::from(format!(" {title} ")));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }).block(block), rect);
}

/// The capture-line syntax, shown in the help.
pub const CAPTURE_SYNTAX: [(&str, &str); 6] = [
    (
        "@who",
        "who raised it: a participant or group (@ingrid, @residents, @Ingrid_Solberg); Tab completes",
    ),
    ("#theme", "a theme tag, as many as you like (#health #jobs)"),
    (">owner", "an action's owner (>Clara)"),
    (
        "due:DATE",
        "an action's due date: due:2026-06-01, due:06-01 or due:+7d (days after the event)",
    ),
    (
        "Tab",
        "completes the @name before the cursor or says why not, else cycles the kind; Enter saves",
    ),
    ("text", "everything else; control characters and escape sequences are removed"),
];

pub fn help(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let mut lines = Vec::new();
    let rows: Vec<_> = bindings(Mode::Normal).collect();
    let key_width = rows.iter().map(|b| keys_label(b).chars().count()).max().unwrap_or(0).max(8);
    for binding in rows {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>key_width$}  ", keys_label(binding)), theme.key()),
            Span::raw(binding.help),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "The capture line (q c a d i m): one line is a whole item",
        theme.title(),
    )));
    for (syntax, meaning) in CAPTURE_SYNTAX {
        lines.push(Line::from(vec![
            Span::styled(format!("{syntax:>key_width$}  "), theme.key()),
            Span::raw(meaning),
        ]));
    }
    lines.push(Line::from(Span::styled(
        format!("{:>key_width$}  Will the dust reach the school? @ingrid #health", "example"),
        theme.dim(),
    )));
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled("↑/↓ scroll · ? or Esc closes this help", theme.dim())));
    let height = (lines.len() as u16 + 2).min(area.height);
    let visible = height.saturating_sub(2) as usize;
    let scroll = app.help_scroll.min(lines.len().saturating_sub(visible));
    let lines = lines.into_iter().skip(scroll).collect();
    popup(frame, area, 110, height, "Keys", lines, theme);
}

pub fn confirm(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let question = match app.question {
        Some(Question::EndEvent) => {
            "End the event now? The current session ends and the minutes are written."
        }
        Some(Question::Leave) => "A session is running. Leave convene? The record stays resumable.",
        None => "",
    };
    let lines = vec![
        Line::from(question),
        Line::from(""),
        Line::from(vec![
            Span::styled("y", theme.key()),
            Span::raw(" yes   "),
            Span::styled("n", theme.key()),
            Span::raw(" no"),
        ]),
    ];
    popup(frame, area, 60, 7, "Confirm", lines, theme);
}

/// The session-number prompt: going to a session, or moving the selected item (`M`).
pub fn jump(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let moving = app.moving.and_then(|id| app.live.item(id));
    let (title, prompt, enter) = match moving {
        Some(item) => {
            ("Move", format!("Move {} {} to session: ", item.kind.label(), item.id), "moves")
        }
        None => ("Go to", "Go to session: ".to_string(), "goes"),
    };
    let lines = vec![
        Line::from(vec![Span::raw(prompt), Span::styled(format!("{}▏", app.jump), theme.title())]),
        Line::from(Span::styled(
            format!("1–{} · Enter {enter} · Esc cancels", app.live.sessions.len()),
            theme.dim(),
        )),
    ];
    popup(frame, area, 44, 4, title, lines, theme);
}

pub fn ended(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let ended = app.live.ended_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
    let mut lines = vec![Line::from(format!("The event ended at {ended}.")), Line::from("")];
    if app.minutes.is_empty() {
        lines.push(Line::from("The journal holds the whole record."));
    } else {
        lines.push(Line::from("Minutes written:"));
        for path in &app.minutes {
            lines.push(Line::from(Span::styled(format!("  {path}"), theme.title())));
        }
    }
    let unmatched = crate::capture::unmatched_names(&app.live.items, &app.live.agenda);
    if !unmatched.is_empty() {
        // Kept as typed; the public minutes name nobody for them: worth a look before publishing.
        const SHOWN: usize = 6;
        lines.push(Line::from(""));
        lines.push(Line::from(
            "Names that matched nobody in the agenda (the public minutes name nobody for them):",
        ));
        for name in unmatched.iter().take(SHOWN) {
            lines.push(Line::from(Span::styled(format!("  {name}"), theme.warning())));
        }
        if unmatched.len() > SHOWN {
            lines.push(Line::from(format!("  … and {} more", unmatched.len() - SHOWN)));
        }
    }
    lines.push(Line::from(""));
    lines.push(Line::from(vec![Span::styled("q", theme.key()), Span::raw(" leaves")]));
    let height = lines.len() as u16 + 2;
    popup(frame, area, 100, height, "Event ended", lines, theme);
}
