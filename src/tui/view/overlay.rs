use ratatui::Frame;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Padding, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use crate::app::keys::{bindings, keys_label};
use crate::app::{Action, App, ModeKind, Question};
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
pub const CAPTURE_SYNTAX: [(&str, &str); 7] = [
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
        "!park",
        "put it in the parking lot, the line's >owner following it up (Who pays for the road? >municipality !park)",
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
        "The speaking queue (s): add @name or @group as in the capture line",
        theme.title(),
    )));
    for binding in bindings(ModeKind::Queue).filter(|b| b.action != Action::Quit) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>key_width$}  ", keys_label(binding)), theme.key()),
            Span::raw(binding.help),
        ]));
    }
    lines.push(Line::from(""));
    lines.push(Line::from(Span::styled(
        "Questions from phones (o): nothing reaches the room or the minutes before it is approved",
        theme.title(),
    )));
    for binding in bindings(ModeKind::Inbox).filter(|b| b.action != Action::Quit) {
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
    lines.push(Line::from(Span::styled(
        "The tally form (v): Enter records the whole vote or show of hands at once",
        theme.title(),
    )));
    for binding in bindings(ModeKind::Tally) {
        lines.push(Line::from(vec![
            Span::styled(format!("{:>key_width$}  ", keys_label(binding)), theme.key()),
            Span::raw(binding.help),
        ]));
    }
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
        Question::StopSharing => (
            "Stop sharing? Phones can no longer send questions and the browser display stops; H shares again."
                .into(),
            [option("y", "stop"), option("n", "keep sharing")].concat(),
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

/// The end of the event: where the minutes are, and the review before publishing (what
/// `convene review` prints): each list under its heading, as much as the screen holds, the
/// names that need a look before the replacements, and the verdict.
pub fn ended(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    review: &crate::review::Review,
    theme: &Theme,
) {
    let ended = app.live.ended_at.map(|t| t.format("%H:%M").to_string()).unwrap_or_default();
    let corrected = app
        .live
        .corrected_at
        .map(|t| format!(" Corrected after it on {}.", t.format("%a %-d %b %H:%M")))
        .unwrap_or_default();
    let mut head = Vec::new();
    if app.minutes.is_empty() {
        head.push(Line::from(format!(
            "The event ended at {ended}.{corrected} The journal holds the whole record."
        )));
    } else {
        head.push(Line::from(format!("The event ended at {ended}.{corrected} Minutes written:")));
        for path in &app.minutes {
            head.push(Line::from(Span::styled(format!("  {path}"), theme.title())));
        }
    }
    if !app.peers.undelivered.is_empty() {
        head.push(Line::from(Span::styled(
            format!(
                "Not everything has arrived from {}: the minutes are written again as it does.",
                app.peers.undelivered.join(", ")
            ),
            theme.warning(),
        )));
    }
    let record = app
        .minutes
        .first()
        .and_then(|path| std::path::Path::new(path).parent())
        .map(|dir| shell_word(&dir.display().to_string()))
        .unwrap_or_else(|| "RECORD".to_string());
    head.push(Line::from(""));
    head.push(Line::from(vec![
        Span::raw("Before publishing ("),
        Span::styled(format!("convene review {record}"), theme.key()),
        Span::raw(" prints it all):"),
    ]));

    let verdict = if review.needs_look { theme.warning() } else { theme.good() };
    let tail = vec![
        Line::from(""),
        Line::from(Span::styled(review.verdict.clone(), verdict)),
        Line::from(vec![Span::styled("q", theme.key()), Span::raw(" leaves")]),
    ];

    let sections = review.sections();
    // As wide as the longest line wants (at least 100 columns), as the screen allows.
    let widest = head
        .iter()
        .chain(&tail)
        .map(Line::width)
        .chain(sections.iter().flat_map(|s| s.entries.iter().map(|e| e.width() + 2)))
        .max()
        .unwrap_or(0);
    let wanted = u16::try_from(widest.saturating_add(4)).unwrap_or(u16::MAX).max(100);
    let width = wanted.min(area.width);
    // Borders and padding take 4 columns; a list's line is cut to one row.
    let inner = usize::from(width.saturating_sub(4)).max(1);
    let rows = |lines: &[Line<'_>]| -> usize {
        lines.iter().map(|line| line.width().max(1).div_ceil(inner)).sum()
    };
    // The header and the footer stay in sight (a message such as "Resumed: …" is there).
    let most = area.height.saturating_sub(4);
    let room = usize::from(most.saturating_sub(2)).saturating_sub(rows(&head) + rows(&tail));
    let shown = shares(&sections.each_ref().map(|s| s.entries.len()), room);
    let mut body = Vec::new();
    for (i, (section, (shown, more))) in sections.iter().zip(shown).enumerate() {
        let count = section.entries.len();
        if count == 0 {
            body.push(Line::from(vec![
                Span::styled(section.heading, theme.title()),
                Span::raw(": none"),
            ]));
            continue;
        }
        body.push(Line::from(Span::styled(
            format!("{} ({count}):", section.heading),
            theme.title(),
        )));
        // The names that need a look stand out.
        let style = if i == 1 { theme.warning() } else { ratatui::style::Style::new() };
        for entry in section.entries.iter().take(shown) {
            let entry = super::agenda::truncate(&format!("  {entry}"), inner);
            body.push(Line::from(Span::styled(entry, style)));
        }
        if more {
            body.push(Line::from(Span::styled(
                format!("  … and {} more", count - shown),
                theme.dim(),
            )));
        }
    }
    let mut lines = head;
    lines.extend(body);
    lines.extend(tail);
    let height = u16::try_from(rows(&lines) + 2).unwrap_or(u16::MAX).min(most);
    popup(frame, area, width, height, "Event ended", lines, theme);
}

/// How many entries of each list fit in `room` rows, and whether a row says how many more:
/// each list takes a heading row (which gives its count); the names that need a look come
/// first, then the items kept internal, then the replacements.
pub(super) fn shares(counts: &[usize; 3], room: usize) -> [(usize, bool); 3] {
    let mut left = room.saturating_sub(counts.len());
    let mut shown = [(0, false); 3];
    for list in [1, 2, 0] {
        let count = counts[list];
        if count <= left {
            shown[list] = (count, false);
            left -= count;
        } else if left > 0 {
            shown[list] = (left - 1, true);
            left = 0;
        }
    }
    shown
}

/// A path as a shell reads it back: quoted when it holds anything but plain characters.
fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:@%,=".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// A panel over the live screen: `width`×`height` centred in `area` and cleared, framed with
/// its title and the longest of `hints` that fits on its bottom border. Returns the frame
/// (to render with the panel's content) and where it goes.
pub(super) fn panel(
    frame: &mut Frame,
    area: Rect,
    (width, height): (u16, u16),
    title: &str,
    hints: &[&'static str],
    theme: &Theme,
) -> (Block<'static>, Rect) {
    let hint = hints
        .iter()
        .copied()
        .find(|hint| hint.width() + 2 <= usize::from(width))
        .unwrap_or_default();
    let rect = area.centered(Constraint::Length(width), Constraint::Length(height));
    frame.render_widget(Clear, rect);
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(theme.key())
        .padding(Padding::horizontal(1))
        .title(Line::from(super::agenda::truncate(title, usize::from(width.saturating_sub(2)))))
        .title_bottom(Line::from(Span::styled(hint, theme.dim())).right_aligned());
    (block, rect)
}
