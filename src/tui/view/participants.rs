//! The participants list (`P`): every participant of the agenda with their group and whether
//! they may be named in the public minutes, as the journal says now.

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Paragraph, Row, Table, TableState, Wrap};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::agenda::truncate;
use crate::agenda::{Attribution, Participant};
use crate::app::App;

/// The widest a name or a group takes before it is cut.
const MAX_COLUMN: usize = 36;
const NAMED: &str = "may be named";
const NOT_NAMED: &str = "not named";

pub fn render<'a>(frame: &mut Frame<'_>, area: Rect, app: &'a App, selected: usize, theme: &Theme) {
    let agenda = &app.live.agenda;
    let people = &agenda.participants;
    let policy = match agenda.attribution {
        Attribution::Named => {
            "Attribution \"named\": the public minutes name those marked ✓; the others are shown by their group."
        }
        Attribution::Group => {
            "Attribution \"group\" (Chatham House Rule): the public minutes name nobody, whatever the consent."
        }
        Attribution::Anonymous => {
            "Attribution \"anonymous\": the public minutes name nobody, whatever the consent."
        }
    };
    let group_of = |person: &'a Participant| -> &'a str {
        match person.group.as_deref() {
            Some(id) => agenda.group(id).map_or(id, |g| g.name.as_str()),
            None => "—",
        }
    };
    let widest = |texts: &mut dyn Iterator<Item = &str>| {
        texts.map(UnicodeWidthStr::width).max().unwrap_or(0).min(MAX_COLUMN) as u16
    };
    let name_width = widest(&mut people.iter().map(|p| p.name.as_str())).max(4);
    let group_width = widest(&mut people.iter().map(group_of)).max(5);
    // Borders and padding 4, the selection mark 2, the consent mark 1, three gaps of 2.
    let wanted = 4 + 2 + 1 + name_width + group_width + NAMED.len() as u16 + 6;
    let width = wanted.max(60).min(area.width);
    let inner = width.saturating_sub(4);
    // Where the width is short, the group gives way before the name.
    let room = inner.saturating_sub(2 + 1 + NAMED.len() as u16 + 6);
    let group_width = group_width.min(room.saturating_sub(name_width).max(room / 3));
    let name_width = name_width.min(room.saturating_sub(group_width));
    let policy =
        Paragraph::new(Line::from(Span::styled(policy, theme.dim()))).wrap(Wrap { trim: false });
    let policy_rows = u16::try_from(policy.line_count(inner)).unwrap_or(u16::MAX);
    let list_rows = u16::try_from(people.len().max(1)).unwrap_or(u16::MAX);
    let height =
        policy_rows.saturating_add(1).saturating_add(list_rows).saturating_add(2).min(area.height);
    // The hint stays inside the frame: shorter on a narrow screen, none on the narrowest.
    let hints =
        [" ↑/↓ select · space consent yes/no · Esc closes ", " space yes/no · Esc closes ", ""];
    let title = " Participants · consent to be named ";
    let (block, rect) = super::overlay::panel(frame, area, (width, height), title, &hints, theme);
    let body = block.inner(rect);
    frame.render_widget(block, rect);
    let [policy_area, _, list_area] = body.layout(&Layout::vertical([
        Constraint::Length(policy_rows),
        Constraint::Length(1),
        Constraint::Fill(1),
    ]));
    frame.render_widget(policy, policy_area);
    if people.is_empty() {
        let none = "The agenda lists no participants: they are given in its [[participants]] tables, each with consent = true or false.";
        frame.render_widget(Paragraph::new(none).wrap(Wrap { trim: false }), list_area);
        return;
    }
    let rows = people.iter().map(|person| {
        let (mark, state, style) = if person.consent {
            ("✓", NAMED, theme.good())
        } else {
            ("✗", NOT_NAMED, theme.dim())
        };
        Row::new([
            Cell::from(Span::styled(mark, style)),
            Cell::from(truncate(&person.name, usize::from(name_width))),
            Cell::from(truncate(group_of(person), usize::from(group_width))),
            Cell::from(Span::styled(state, style)),
        ])
    });
    let table = Table::new(
        rows,
        [
            Constraint::Length(1),
            Constraint::Length(name_width),
            Constraint::Length(group_width),
            Constraint::Length(NAMED.len() as u16),
        ],
    )
    .column_spacing(2)
    .highlight_symbol("▶ ")
    .row_highlight_style(theme.selected());
    let mut state = TableState::default().with_selected(Some(selected.min(people.len() - 1)));
    frame.render_stateful_widget(table, list_area, &mut state);
}
