use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Wrap};

use super::Theme;
use crate::app::keys::{bindings, keys_label};
use crate::app::{App, ModeKind, Question};
use crate::event::ItemId;

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

pub fn help(frame: &mut Frame<'_>, area: Rect, scroll: usize, theme: &Theme) {
    let mut lines = Vec::new();
    let rows: Vec<_> = bindings(ModeKind::Normal).collect();
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
    // Long lines wrap on a narrow screen: the height and the scroll count wrapped rows, and
    // the scroll hint sits in the frame, where no scrolling can push it off.
    let width = 110.min(area.width);
    let paragraph = Paragraph::new(lines).wrap(Wrap { trim: false });
    let rows = paragraph.line_count(width.saturating_sub(4));
    let height = u16::try_from(rows + 2).unwrap_or(u16::MAX).min(area.height);
    let visible = usize::from(height.saturating_sub(2));
    let scroll = scroll.min(rows.saturating_sub(visible));
    let hint =
        if visible < rows { " ↑/↓ scroll · ? or Esc closes " } else { " ? or Esc closes " };
    let rect = area.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.key())
        .padding(Padding::horizontal(1))
        .title(Line::from(" Keys "))
        .title_bottom(Line::from(Span::styled(hint, theme.dim())).right_aligned());
    let scroll = u16::try_from(scroll).unwrap_or(u16::MAX);
    frame.render_widget(paragraph.scroll((scroll, 0)).block(block), rect);
}

pub fn confirm(frame: &mut Frame<'_>, area: Rect, app: &App, question: Question, theme: &Theme) {
    let option = |key: &'static str, what: &'static str| {
        [Span::styled(key, theme.key()), Span::raw(format!(" {what}   "))]
    };
    let (asked, options): (String, Vec<Span<'_>>) = match question {
        Question::EndEvent if app.correcting => (
            "End the corrections now? The minutes are written again; the event's times stay as held."
                .into(),
            [option("y", "yes"), option("n", "no")].concat(),
        ),
        Question::EndEvent => (
            "End the event now? The current session ends and the minutes are written.".into(),
            [option("y", "yes"), option("n", "no")].concat(),
        ),
        Question::LeaveCorrections => (
            "Leave convene? The corrections end: the event is ended again and its minutes are written again."
                .into(),
            [option("y", "yes"), option("n", "no")].concat(),
        ),
        Question::Leave => (
            "A session is running. Leave convene? The record stays resumable.".into(),
            [option("y", "yes"), option("n", "no")].concat(),
        ),
        Question::LeaveDraft => (
            if app.correcting && app.live.reopened {
                "Leave convene? The line you are typing is not saved yet; the corrections end and the minutes are written again."
            } else {
                "Leave convene? The line you are typing is not saved yet."
            }
            .into(),
            [option("y", "leave"), option("n", "back to the line")].concat(),
        ),
        Question::LeaveUnsaved => (
            match app.unsaved {
                1 => "1 change is NOT SAVED (the record's disk fails). Leave anyway?".into(),
                n => format!("{n} changes are NOT SAVED (the record's disk fails). Leave anyway?"),
            },
            [
                option("w", "write them to a new folder and leave"),
                option("y", "leave and lose them"),
                option("n", "stay"),
            ]
            .concat(),
        ),
    };
    let mut lines = vec![Line::from(asked), Line::from("")];
    if let Some(flash) = app.flash.as_deref().filter(|_| question == Question::LeaveUnsaved) {
        lines.push(Line::from(Span::styled(flash.to_string(), theme.alarm())));
    }
    // Three choices read best one to a line; two fit on one.
    if options.len() > 4 {
        lines.extend(options.chunks(2).map(|option| Line::from(option.to_vec())));
    } else {
        lines.push(Line::from(options));
    }
    // Borders and padding take 4 columns; each line wraps within the rest.
    let (width, inner) = (60u16, 56usize);
    let rows: usize = lines.iter().map(|line| line.width().max(1).div_ceil(inner)).sum();
    popup(frame, area, width, rows as u16 + 3, "Confirm", lines, theme);
}

/// The session-number prompt: going to a session, or moving the selected item (`M`).
pub fn jump(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    typed: &str,
    moving: Option<ItemId>,
    theme: &Theme,
) {
    let moving = moving.and_then(|id| app.live.item(id));
    let (title, prompt, enter) = match moving {
        Some(item) => {
            ("Move", format!("Move {} {} to session: ", item.kind.label(), item.number), "moves")
        }
        None => ("Go to", "Go to session: ".to_string(), "goes"),
    };
    let lines = vec![
        Line::from(vec![Span::raw(prompt), Span::styled(format!("{typed}▏"), theme.title())]),
        Line::from(Span::styled(
            format!("1–{} · Enter {enter} · Esc cancels", app.live.sessions.len()),
            theme.dim(),
        )),
    ];
    popup(frame, area, 44, 4, title, lines, theme);
}

pub fn ended(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme) {
    let ended = app.live.ended_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
    let corrected = app
        .live
        .corrected_at
        .map(|t| format!(" Corrected after it on {}.", t.format("%a %-d %b %H:%M")))
        .unwrap_or_default();
    let mut lines =
        vec![Line::from(format!("The event ended at {ended}.{corrected}")), Line::from("")];
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
