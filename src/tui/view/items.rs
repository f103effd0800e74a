use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Widget};
use unicode_width::UnicodeWidthStr;

use super::Theme;
use super::agenda::truncate;
use crate::app::App;
use crate::capture::describe_marked;
use crate::event::ItemKind;
use crate::live::Item;

/// What the items panel shows depends on nothing else: while it is unchanged, the cells of
/// the last frame are copied instead of laid out again (the countdown ticks every second;
/// the list does not).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shown {
    seq: u64,
    session: usize,
    selected: Option<crate::event::ItemId>,
    area: Rect,
    color: bool,
}

/// The items panel of the last frame.
#[derive(Default)]
pub struct Cache {
    last: Option<(Shown, Buffer)>,
}

/// The current session's items, newest first, one row each; only visible rows are laid out.
pub fn render(frame: &mut Frame<'_>, area: Rect, app: &App, theme: &Theme, cache: &mut Cache) {
    if area.height < 2 {
        return;
    }
    let shown = Shown {
        seq: app.live.applied,
        session: app.shown(),
        selected: app.selection().map(|i| i.id),
        area,
        color: theme.color,
    };
    let fresh = match &cache.last {
        Some((last, _)) => *last != shown,
        None => true,
    };
    if fresh {
        let mut buffer = Buffer::empty(area);
        lay_out(&mut buffer, area, app, theme);
        cache.last = Some((shown, buffer));
    }
    if let Some((_, buffer)) = &cache.last {
        // Row by row, as slices: the panel is a rectangle inside the frame.
        let target = frame.buffer_mut();
        let area = area.intersection(target.area);
        let width = usize::from(area.width);
        for y in area.top()..area.bottom() {
            let from = buffer.index_of(area.x, y);
            let to = target.index_of(area.x, y);
            target.content[to..to + width].clone_from_slice(&buffer.content[from..from + width]);
        }
    }
}

fn lay_out(buf: &mut Buffer, area: Rect, app: &App, theme: &Theme) {
    let live = &app.live;
    let shown = app.shown();
    let count = live.item_count(shown);
    // A first-time note-taker learns here where a long item is read whole.
    let hint =
        if count > 0 && app.selection().is_none() { "· ↑↓ reads one in full " } else { "" };
    // Items carried from earlier records are listed in the follow-up session, after its own.
    let carried = match live.agenda.followup_session() == shown {
        true => live.carried.list(),
        false => &[],
    };
    let carried_note = match carried.len() {
        0 => String::new(),
        n => format!("· ↻ {n} carried (y) "),
    };
    let title = Line::from(Span::styled(
        format!(" Captured in this session: {count} {hint}{carried_note}"),
        theme.dim(),
    ));
    let block = Block::new().borders(Borders::TOP).border_style(theme.dim()).title(title);
    let inner = block.inner(area);
    block.render(area, buf);
    let rows = inner.height as usize;
    if count == 0 && carried.is_empty() {
        let hint = "q question · c concern · a action · d decision · i idea · m note";
        Paragraph::new(Line::from(Span::styled(hint, theme.dim()))).render(inner, buf);
        return;
    }
    let selected = app.selection().map(|i| i.id);
    let position = selected.and_then(|id| live.session_items(shown).position(|i| i.id == id));
    let offset = position.map(|p| p.saturating_sub(rows.saturating_sub(1))).unwrap_or(0);
    let width = inner.width as usize;
    let mut lines: Vec<Line<'_>> = live
        .session_items(shown)
        .skip(offset)
        .take(rows)
        .map(|item| {
            let line = row(item, app, width, theme);
            if Some(item.id) == selected { line.style(theme.selected()) } else { line }
        })
        .collect();
    let room = rows.saturating_sub(lines.len());
    lines.extend(carried.iter().take(room).map(|item| {
        let head = format!("{} ", super::carried::mark(item));
        // Cut short, the status keeps its space before the text.
        let status = format!(
            "{} ",
            truncate(&super::carried::status(item), (width / 3).saturating_sub(1).max(1))
        );
        let style = if item.status.is_some() { theme.good() } else { theme.warning() };
        let text_width = width.saturating_sub(head.width() + status.width());
        Line::from(vec![
            Span::styled(head, theme.dim()),
            Span::styled(status, style),
            Span::raw(truncate(&item.fields.text, text_width)),
        ])
    }));
    Paragraph::new(lines).render(inner, buf);
}

/// Columns of a row the text keeps before who, owner, due and themes get any.
const TEXT_KEEPS: usize = 40;

/// One row: time, kind and, for a question, whether it is open or answered, first, so that
/// nothing after the text can push them off; then the text, then who, owner, due and themes
/// in what room the text leaves (up to a third of the row once the text has 40 columns).
/// The selected item is read in full in the detail area.
fn row<'a>(item: &'a Item, app: &App, width: usize, theme: &Theme) -> Line<'a> {
    let agenda = &app.live.agenda;
    let kind_style = match item.kind {
        ItemKind::Concern => theme.warning(),
        ItemKind::Decision | ItemKind::Action => theme.good(),
        ItemKind::Note => theme.dim(),
        _ => theme.key(),
    };
    let mut tail = String::new();
    if let Some(by) = &item.fields.by {
        tail.push_str(&format!(" — {}", describe_marked(by, agenda, false)));
    }
    if let Some(owner) = &item.fields.owner {
        tail.push_str(&format!(" → {}", describe_marked(owner, agenda, true)));
    }
    if let Some(due) = item.fields.due {
        tail.push_str(&format!(" due {}", due.format("%-d %b")));
    }
    for theme_tag in &item.fields.themes {
        tail.push_str(&format!(" #{theme_tag}"));
    }
    if item.fields.internal {
        tail.push_str(" !internal");
    }
    match app.live.parking.get(item.id) {
        Some(parked) if parked.resolved => tail.push_str(" [parked ✓]"),
        Some(_) => tail.push_str(" [parked]"),
        None => {}
    }
    let head = format!("{} {} ", item.at.format("%H:%M"), item.kind.letter());
    let status = match (item.kind, item.answer()) {
        (ItemKind::Question, Some(_)) => Some(("✓ answered ", theme.good())),
        (ItemKind::Question, None) => Some(("open ", theme.warning())),
        _ => None,
    };
    let status_width = status.map_or(0, |(s, _)| s.width());
    let room = width.saturating_sub(head.width() + status_width);
    let keep = room.saturating_sub(tail.width().min(room / 3)).max(room.min(TEXT_KEEPS));
    let text_width = item.fields.text.width().min(keep);
    let text = truncate(&item.fields.text, text_width);
    let tail = truncate(&tail, room.saturating_sub(text.width()));
    let mut spans = vec![Span::styled(head, kind_style)];
    if let Some((status, style)) = status {
        spans.push(Span::styled(status, style));
    }
    spans.push(Span::raw(text));
    spans.push(Span::styled(tail, theme.dim()));
    Line::from(spans)
}
