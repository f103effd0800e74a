//! Drawing the live screen from the app state. Reads state, changes nothing.

mod agenda;
mod attendance;
mod capture;
pub mod carried;
mod catchup;
mod detail;
pub mod digits;
mod footer;
mod header;
mod inbox;
mod items;
mod message;
mod overlay;
mod pairing;
mod parking;
mod participants;
mod queue;
mod session;
mod tally;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::app::{App, Mode};
use crate::live::{Now, Phase, TimerState};

/// Below this the screen only says it is too small.
pub const MIN_WIDTH: u16 = 44;
pub const MIN_HEIGHT: u16 = 12;

/// True when the screen can only say that it is too small.
pub fn too_small(area: Rect) -> bool {
    area.width < MIN_WIDTH || area.height < MIN_HEIGHT
}

/// Styles of the screen; without colour (NO_COLOR) they fall back to bold, dim and reverse.
#[derive(Clone, Copy, Debug)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn from_env() -> Theme {
        Theme { color: std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) }
    }

    fn pick(&self, color: Style, plain: Style) -> Style {
        if self.color { color } else { plain }
    }

    pub fn dim(&self) -> Style {
        self.pick(Style::new().fg(Color::DarkGray), Style::new().add_modifier(Modifier::DIM))
    }

    pub fn key(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    pub fn title(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self) -> Style {
        self.pick(
            Style::new().bg(Color::Blue).fg(Color::White).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
        )
    }

    pub fn good(&self) -> Style {
        self.pick(Style::new().fg(Color::Green), Style::new())
    }

    pub fn warning(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD),
        )
    }

    /// Little time is left: the danger threshold (after the warning) is passed.
    pub fn danger(&self) -> Style {
        self.pick(
            Style::new().fg(Color::LightRed).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    }

    pub fn alarm(&self) -> Style {
        self.pick(
            Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            Style::new().add_modifier(Modifier::BOLD | Modifier::REVERSED),
        )
    }

    /// The countdown's style for a timer state, with `warning` when little time is left. It
    /// knows no danger phase: the live screen draws with [`Theme::phase`].
    pub fn timer(&self, state: TimerState, warning: bool) -> Style {
        match state {
            TimerState::Overtime => self.alarm(),
            TimerState::Running if warning => self.warning(),
            TimerState::Running => self.good().add_modifier(Modifier::BOLD),
            TimerState::Paused => {
                self.pick(Style::new().fg(Color::Blue), Style::new().add_modifier(Modifier::DIM))
            }
            TimerState::NotStarted | TimerState::Done => self.dim(),
        }
    }

    /// The countdown's style in a phase: the same phases as on the room display.
    pub fn phase(&self, phase: Phase) -> Style {
        match phase {
            Phase::TimeUp | Phase::Over => self.alarm(),
            Phase::Danger => self.danger(),
            Phase::WrapUp => self.warning(),
            Phase::OnTime => self.good().add_modifier(Modifier::BOLD),
            Phase::Paused => {
                self.pick(Style::new().fg(Color::Blue), Style::new().add_modifier(Modifier::DIM))
            }
            Phase::NotStarted | Phase::Done => self.dim(),
        }
    }
}

/// What one frame keeps for the next: parts of the screen that did not change are copied.
#[derive(Default)]
pub struct Cache {
    items: items::Cache,
    /// The review the Ended overlay shows, and the journal entry it was made at: with
    /// 10,000 items it costs tens of milliseconds, and nothing changes it after the end.
    review: Option<(u64, crate::review::Review)>,
    /// A session's lead as the screen shows it, for the lead text it was found from: the
    /// agenda is searched once, not on every frame.
    lead: Option<(String, String)>,
}

/// Draws the whole screen from scratch.
pub fn draw(frame: &mut Frame<'_>, app: &App, now: Now, theme: &Theme) {
    draw_cached(frame, app, now, theme, &mut Cache::default());
}

/// Draws the whole screen, reusing what the last frame laid out where nothing changed.
pub fn draw_cached(frame: &mut Frame<'_>, app: &App, now: Now, theme: &Theme, cache: &mut Cache) {
    let area = frame.area();
    if too_small(area) {
        draw_too_small(frame, area);
        return;
    }
    let typing = app.mode.typing();
    // The other laptops' line (note-takers paired, last heard, lines pending) joins the
    // header while there are any.
    let header_rows = if app.peers.status.is_some() { 3 } else { 2 };
    let [header_area, body, footer_area] = area.layout(&Layout::vertical([
        Constraint::Length(header_rows),
        Constraint::Fill(1),
        Constraint::Length(if typing { 2 } else { 1 }),
    ]));
    // One projection a frame: the header and the agenda panel read the same instant.
    let projection = app.live.projection(now);
    header::render(frame, header_area, app, now, &projection, theme);
    // The selected item is read in full in a band across the screen, up to half the body.
    let selected = app.selection();
    let detail_height =
        selected.map_or(0, |item| detail::height(item, app, body.width, body.height / 2));
    let [body, detail_area] =
        body.layout(&Layout::vertical([Constraint::Fill(1), Constraint::Length(detail_height)]));
    let agenda_width = agenda_width(app, body.width);
    let [agenda_area, session_area] =
        body.layout(&Layout::horizontal([Constraint::Length(agenda_width), Constraint::Fill(1)]));
    agenda::render(frame, agenda_area, app, now, &projection, theme);
    session::render(frame, session_area, app, now, theme, cache);
    if let Some(item) = selected {
        detail::render(frame, detail_area, item, app, theme);
    }
    if typing {
        capture::render(frame, footer_area, app, theme);
    } else {
        footer::render(frame, footer_area, app, &projection, theme);
    }
    match &app.mode {
        Mode::Help { scroll, .. } => overlay::help(frame, area, *scroll, theme),
        Mode::Asking { question, .. } => overlay::confirm(frame, area, app, *question, theme),
        Mode::Jump { typed, moving } => overlay::jump(frame, area, app, typed, *moving, theme),
        Mode::Ended => {
            let review = match cache.review.take() {
                Some((applied, review)) if applied == app.live.applied => review,
                _ => crate::review::Review::of(&app.live),
            };
            overlay::ended(frame, area, app, &review, theme);
            cache.review = Some((app.live.applied, review));
        }
        Mode::Participants { selected } => participants::render(frame, area, app, *selected, theme),
        Mode::Attendance { row, draft, .. } => {
            attendance::render(frame, area, app, *row, *draft, theme);
        }
        Mode::Organisation { attendance: back, .. } => {
            if let Mode::Attendance { row, draft, .. } = back.as_ref() {
                attendance::render(frame, area, app, *row, *draft, theme);
            }
        }
        Mode::Message { .. } => message::render(frame, area, footer_area, app, theme),
        Mode::Parking { selected } => parking::render(frame, area, app, *selected, theme),
        Mode::ParkOwner { from, .. } => {
            if let Mode::Parking { selected } = from.as_ref() {
                parking::render(frame, area, app, *selected, theme);
            }
        }
        Mode::Tally(form) => tally::render(frame, area, app, form, theme),
        Mode::CatchUp { proposal, row } => {
            catchup::render(frame, area, app, proposal, *row, now, theme);
        }
        Mode::Queue { selected } | Mode::Speaker { selected, .. } => {
            queue::render(frame, area, app, *selected, now, theme);
        }
        Mode::Inbox { selected }
        | Mode::InboxEdit { selected, .. }
        | Mode::InboxReject { selected, .. } => inbox::render(frame, area, app, *selected, theme),
        Mode::InboxMerge { line, picked, .. } => {
            inbox::merge(frame, area, app, line.value(), *picked, theme);
        }
        Mode::Pairing => pairing::render(frame, area, app, theme),
        Mode::Carried { selected } | Mode::CarriedNote { selected, .. } => {
            carried::render(frame, area, app, *selected, theme);
        }
        Mode::Normal | Mode::Capture { .. } | Mode::Answer { .. } => {}
    }
}

/// Columns of an agenda row before its title: mark, number, time and the border.
const AGENDA_ROW_PREFIX: u16 = 14;

/// The session panel keeps this many columns (room for the largest digits) before the agenda
/// column grows past a third of the screen.
const SESSION_ROOM: u16 = 120;

/// The agenda column: a third of the screen, and on a wide screen (a projector) as much more
/// as its longest title needs, up to two fifths.
fn agenda_width(app: &App, width: u16) -> u16 {
    let third = (width / 3).max(24);
    let widest = app.live.agenda.sessions.iter().map(|s| s.title.width()).max().unwrap_or(0);
    let wanted = u16::try_from(widest).unwrap_or(u16::MAX).saturating_add(AGENDA_ROW_PREFIX);
    let most = (width / 5 * 2).min(width.saturating_sub(SESSION_ROOM)).max(third);
    wanted.clamp(third, most).min(width)
}

fn draw_too_small(frame: &mut Frame<'_>, area: Rect) {
    let text = vec![
        Line::from("terminal too small"),
        Line::from(format!("need {MIN_WIDTH}x{MIN_HEIGHT}, have {}x{}", area.width, area.height)),
        Line::from("keys wait until it is larger"),
    ];
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), area);
}

/// A status line cut to `width` by whole " · " parts from its end, so that what stays reads
/// whole ("running · 09:44 left of 10m" becomes "running"); a first part still too wide is cut
/// with an ellipsis.
pub fn fit(status: &str, width: u16) -> String {
    let width = usize::from(width);
    let mut text = status;
    while text.width() > width {
        match text.rsplit_once(" · ") {
            Some((head, _)) => text = head,
            None => return agenda::truncate(text, width),
        }
    }
    text.to_string()
}

/// "12:34", "1:02:03", "+3:07": a timer value in seconds, negative for overtime.
pub fn clock_text(seconds: i64) -> String {
    let sign = if seconds < 0 { "+" } else { "" };
    let s = seconds.unsigned_abs();
    if s >= 3600 {
        format!("{sign}{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{sign}{:02}:{:02}", s / 60, s % 60)
    }
}

/// "9m 12s", "1h 02m": an actual duration, short.
pub fn short_duration(d: std::time::Duration) -> String {
    let s = d.as_secs();
    if s >= 3600 || s.is_multiple_of(60) {
        crate::agenda::format_duration(std::time::Duration::from_secs(s - s % 60))
    } else {
        format!("{}m {:02}s", s / 60, s % 60)
    }
}

#[cfg(test)]
mod catchup_tests;
#[cfg(test)]
mod inbox_tests;
#[cfg(test)]
mod parking_tests;
#[cfg(test)]
mod queue_tests;
#[cfg(test)]
mod room_tests;
#[cfg(test)]
mod tally_tests;
#[cfg(test)]
mod tests;
