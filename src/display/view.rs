//! What the room display draws, readable from the back of a hall: the countdown as large as
//! the terminal allows, the session's title, the phase in words and colour, the message,
//! the next session with its projected start and the wall clock, and under the countdown the
//! question pinned for the room. It reads the folded event and changes nothing; it never
//! shows any other captured item, a note, who asked, a name or the session's lead.

use chrono::Timelike;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget, Wrap};
use unicode_width::UnicodeWidthStr;

use super::letters;
use crate::live::{ItemKind, Live, Now, Phase, TimerState};
use crate::minutes::Redactor;
use crate::tui::view::{Theme, digits, fit};

/// What there is to show.
#[derive(Clone, Copy)]
pub enum Showing<'a> {
    /// No record to follow yet, and why, in words.
    Waiting(&'a str),
    /// The event as its record holds it.
    Event(&'a Live),
}

/// What the pinned question is introduced with on the display.
pub const PINNED_LABEL: &str = "Question from the room:";

/// The text of the question pinned for the room, as the public minutes give it: a question
/// neither deleted nor internal, names typed in it replaced by the attribution policy, never
/// who asked. None when nothing (shown) is pinned.
pub fn pinned_text(live: &Live) -> Option<String> {
    let item = live.pinned_question()?;
    if item.kind != ItemKind::Question || item.is_internal() {
        return None;
    }
    let redactor = Redactor::public_with(
        &live.agenda,
        &live.items,
        &live.parked_owners(),
        &live.tallies.texts(),
    );
    Some(redactor.prose(&item.fields.text).into_owned())
}

/// How often a blinking message changes between plain and reversed.
pub const BLINK_STEP_MS: i64 = 500;

/// Draws the display. `timer_only`: the countdown's digits and the message, nothing else.
pub fn draw(
    frame: &mut Frame<'_>,
    showing: Showing<'_>,
    now: Now,
    theme: &Theme,
    timer_only: bool,
) {
    let area = frame.area();
    render_into(frame.buffer_mut(), area, showing, now, theme, timer_only);
}

/// [`draw`] into any buffer.
pub fn render_into(
    buf: &mut Buffer,
    area: Rect,
    showing: Showing<'_>,
    now: Now,
    theme: &Theme,
    timer_only: bool,
) {
    match showing {
        Showing::Waiting(why) => waiting(buf, area, why, now, theme),
        Showing::Event(live) => event(buf, area, live, now, theme, timer_only),
    }
}

/// The style of a countdown in a phase: on time plain, wrap up a warning, danger and past
/// zero an alarm (red), paused and not started subdued.
pub fn phase_style(phase: Phase, theme: &Theme) -> Style {
    match phase {
        Phase::OnTime => Style::new().add_modifier(Modifier::BOLD),
        Phase::WrapUp => theme.warning(),
        Phase::Danger | Phase::TimeUp | Phase::Over => theme.alarm(),
        Phase::Paused => theme.timer(TimerState::Paused, false),
        Phase::NotStarted | Phase::Done => theme.dim(),
    }
}

/// True while a blinking message is in its reversed half-second.
pub fn blink_reversed(live: &Live, now: Now) -> bool {
    let Some(at) = live.room.blinked_at else { return false };
    live.room.blinking(now.wall).is_some()
        && ((now.wall - at).num_milliseconds() / BLINK_STEP_MS) % 2 == 0
}

fn event(buf: &mut Buffer, area: Rect, live: &Live, now: Now, theme: &Theme, timer_only: bool) {
    if live.room.blackout {
        // The room sees black: nothing at all is drawn.
        return;
    }
    let message = live.room.message.as_ref().map(|(text, _)| {
        let style = Style::new().add_modifier(Modifier::BOLD);
        let style =
            if blink_reversed(live, now) { style.add_modifier(Modifier::REVERSED) } else { style };
        (text.as_str(), style)
    });
    let started = live.sessions.iter().any(|run| run.started_at.is_some());
    if live.has_ended() {
        ended(buf, area, live, message, now, theme, timer_only);
    } else if timer_only {
        countdown_only(buf, area, live, message, now, theme);
    } else if !started {
        before(buf, area, live, message, now, theme);
    } else {
        during(buf, area, live, message, now, theme);
    }
}

/// Rows taken from the top of `area` (`rows` of it at most), and what is left below.
fn top(area: Rect, rows: u16) -> (Rect, Rect) {
    let rows = rows.min(area.height);
    (Rect { height: rows, ..area }, Rect { y: area.y + rows, height: area.height - rows, ..area })
}

/// Rows taken from the bottom of `area`, and what is left above.
fn bottom(area: Rect, rows: u16) -> (Rect, Rect) {
    let rows = rows.min(area.height);
    let rest = area.height - rows;
    (Rect { y: area.y + rest, height: rows, ..area }, Rect { height: rest, ..area })
}

/// How many rows the message takes in `width` with at most `budget` rows: large letters when
/// they fit, else its wrapped lines.
fn message_rows(text: &str, width: u16, budget: u16) -> u16 {
    if let Some((size, lines)) = letters::fitting(text, width, budget) {
        return letters::height(&lines, size);
    }
    plain_rows(text, width).min(budget)
}

fn plain_rows(text: &str, width: u16) -> u16 {
    if width == 0 {
        return 0;
    }
    let paragraph = Paragraph::new(text).wrap(Wrap { trim: true });
    u16::try_from(paragraph.line_count(width)).unwrap_or(u16::MAX)
}

/// `text` as large as `area` allows: large letters, else wrapped lines, centred. The whole
/// area takes the style first, so that a reversed style shows as a bright box with the
/// letters cut out of it.
fn large(buf: &mut Buffer, area: Rect, text: &str, style: Style) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    if style.add_modifier.contains(Modifier::REVERSED) {
        buf.set_style(area, style);
    }
    if let Some((size, lines)) = letters::fitting(text, area.width, area.height) {
        letters::render(&lines, size, area, style, buf);
        return;
    }
    let rows = plain_rows(text, area.width).min(area.height);
    let (_, below) = top(area, (area.height - rows) / 2);
    let (place, _) = top(below, rows);
    Paragraph::new(Line::styled(text, style).centered())
        .wrap(Wrap { trim: true })
        .render(place, buf);
}

/// `text` as it fits `rows` lines of `width`: whole when it does (in large letters or
/// wrapped), else its first words and "…".
fn cut_to_rows(text: &str, width: u16, rows: u16) -> std::borrow::Cow<'_, str> {
    if letters::fitting(text, width, rows).is_some() || plain_rows(text, width) <= rows {
        return text.into();
    }
    // The most words that fit with the ellipsis: found by halving, each try one wrap.
    let ends: Vec<usize> = text.match_indices(' ').map(|(i, _)| i).collect();
    let fits = |n: usize| plain_rows(&format!("{}…", &text[..ends[n]]), width) <= rows;
    let (mut low, mut high) = (0, ends.len());
    while low < high {
        let mid = (low + high) / 2;
        if fits(mid) { low = mid + 1 } else { high = mid }
    }
    match low.checked_sub(1) {
        Some(n) => format!("{}…", &text[..ends[n]]).into(),
        // Not even its first word fits: the wrap cuts it.
        None => text.into(),
    }
}

/// One line of text, centred and cut to the width.
fn line(buf: &mut Buffer, area: Rect, text: &str, style: Style) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let text = fit(text, area.width);
    Line::styled(text, style).centered().render(Rect { height: 1, ..area }, buf);
}

/// The countdown's digits as large as `area` allows, else as plain text.
fn countdown_digits(buf: &mut Buffer, area: Rect, text: &str, style: Style) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let Some(size) = digits::fitting(text, area.width, area.height) else {
        let (_, below) = top(area, area.height.saturating_sub(1) / 2);
        line(buf, below, text, style.add_modifier(Modifier::BOLD));
        return;
    };
    if style.add_modifier.contains(Modifier::REVERSED) {
        // Without colour the alarm is a bright box with the digits cut out of it.
        let (w, h) = (size.width(text), size.height());
        let boxed = Rect {
            x: area.x + area.width.saturating_sub(w + 4) / 2,
            y: area.y + area.height.saturating_sub(h + 2) / 2,
            width: (w + 4).min(area.width),
            height: (h + 2).min(area.height),
        };
        buf.set_style(boxed, style);
    }
    digits::render(text, area, size, style, buf);
}

/// The bottom line: the next session and its projected start on the left, the wall clock on
/// the right.
fn bar(buf: &mut Buffer, area: Rect, live: Option<&Live>, now: Now, theme: &Theme) {
    let area = area.intersection(buf.area);
    if area.is_empty() {
        return;
    }
    let clock = format!("{:02}:{:02}", now.wall.hour(), now.wall.minute());
    let clock_width = clock.width() as u16;
    let right = Rect {
        x: area.right().saturating_sub(clock_width + 1),
        width: (clock_width + 1).min(area.width),
        height: 1,
        ..area
    };
    Line::styled(clock, theme.title()).right_aligned().render(right, buf);
    let Some(live) = live else { return };
    let left = Rect {
        x: area.x + 1,
        width: area.width.saturating_sub(clock_width + 4),
        height: 1,
        ..area
    };
    if left.width < 12 || live.has_ended() {
        return;
    }
    Line::styled(fit(&next_session(live, now), left.width), theme.dim()).render(left, buf);
}

/// "Next: Coffee break · about 19:40", or the projected end after the last session.
fn next_session(live: &Live, now: Now) -> String {
    let projection = live.projection(now);
    let next = (live.current + 1..live.sessions.len())
        .find_map(|i| projection.starts.get(i).copied().flatten().map(|at| (i, at)));
    match next {
        Some((i, at)) => format!(
            "Next: {} · about {}",
            live.agenda.sessions[i].title,
            crate::agenda::clock_on(projection.day, at)
        ),
        None => format!(
            "Ends about {}",
            crate::agenda::clock_on(projection.day, projection.projected_end)
        ),
    }
}

/// A session runs, is paused, or waits between two others.
fn during(
    buf: &mut Buffer,
    area: Rect,
    live: &Live,
    message: Option<(&str, Style)>,
    now: Now,
    theme: &Theme,
) {
    let index = live.current;
    let countdown = live.countdown(index, now.mono);
    let style = phase_style(countdown.phase, theme);
    let title = &live.agenda.sessions[index].title;

    // Rows in the order they are given up on a small screen: the digits keep at least one,
    // then the phase, the message, the title and the bottom line.
    // The current speaker's countdown, small, under the phase; never their name.
    let speaker = live.speaker_countdown(now.mono);
    let mut free = area.height;
    let phase_rows = take(&mut free, 1);
    let speaker_rows = take(&mut free, u16::from(speaker.is_some()));
    // The message is what the facilitator wants read now: up to half of what is left.
    let budget = (area.height.saturating_sub(3) / 2).max(1);
    let wanted = message.map_or(0, |(text, _)| message_rows(text, area.width, budget));
    let message_rows = take(&mut free, wanted);
    // The pinned question, under its label: up to a third of the screen, or not at all when
    // not even one line of it fits under the label.
    let pinned = pinned_text(live);
    let budget = area.height.saturating_sub(3) / 3;
    let wanted = match &pinned {
        Some(text) if budget >= 2 => 1 + self::message_rows(text, area.width, budget - 1),
        _ => 0,
    };
    let question_rows = match take(&mut free, wanted) {
        got if got >= 2 => got,
        got => {
            free += got;
            0
        }
    };
    let title_rows = take(&mut free, 1);
    let bar_rows = take(&mut free, 1);
    // A blank row between the countdown and the question, when the digits can spare it.
    let spare = question_rows > 0 && free >= 8;
    let question_gap = take(&mut free, u16::from(spare));
    let gaps = if free >= 12 { take(&mut free, 2) } else { 0 };

    let (title_area, rest) = top(area, title_rows);
    let (_, rest) = top(rest, gaps / 2);
    let (bar_area, rest) = bottom(rest, bar_rows);
    let (message_area, rest) = bottom(rest, message_rows);
    let (_, rest) = bottom(rest, gaps - gaps / 2);
    let (question_area, rest) = bottom(rest, question_rows);
    let (_, rest) = bottom(rest, question_gap);
    let (speaker_area, rest) = bottom(rest, speaker_rows);
    let (phase_area, digits_area) = bottom(rest, phase_rows);

    line(buf, title_area, title, theme.title());
    countdown_digits(buf, digits_area, &countdown.digits, style);
    line(buf, phase_area, &countdown.phase.words(countdown.left), style);
    if let Some(speaker) = speaker {
        let text = format!("Speaker: {}", speaker.words());
        line(buf, speaker_area, &text, phase_style(speaker.phase, theme));
    }
    if let Some((text, style)) = message {
        large(buf, message_area, text, style);
    }
    if let Some(text) = pinned.filter(|_| question_rows > 0) {
        let (label_area, text_area) = top(question_area, 1);
        line(buf, label_area, PINNED_LABEL, theme.dim());
        let text = cut_to_rows(&text, text_area.width, text_area.height);
        large(buf, text_area, &text, Style::new().add_modifier(Modifier::BOLD));
    }
    bar(buf, bar_area, Some(live), now, theme);
}

/// Up to `wanted` of the `free` rows, always leaving one (for the digits).
fn take(free: &mut u16, wanted: u16) -> u16 {
    let got = wanted.min(free.saturating_sub(1));
    *free -= got;
    got
}

/// `--timer-only`: the digits and the message.
fn countdown_only(
    buf: &mut Buffer,
    area: Rect,
    live: &Live,
    message: Option<(&str, Style)>,
    now: Now,
    theme: &Theme,
) {
    let countdown = live.countdown(live.current, now.mono);
    let style = phase_style(countdown.phase, theme);
    let budget = (area.height / 3).max(1).min(area.height.saturating_sub(1));
    let rows = message.map_or(0, |(text, _)| message_rows(text, area.width, budget));
    let (message_area, digits_area) = bottom(area, rows);
    countdown_digits(buf, digits_area, &countdown.digits, style);
    if let Some((text, style)) = message {
        large(buf, message_area, text, style);
    }
}

/// Before the first session starts: the event's title and when it starts.
fn before(
    buf: &mut Buffer,
    area: Rect,
    live: &Live,
    message: Option<(&str, Style)>,
    now: Now,
    theme: &Theme,
) {
    // The planned start on the agenda's day; on any other day (a rehearsal, the demo) the
    // event starts whenever the facilitator starts it.
    let planned = live.plan.slots.first().map_or(live.plan.start, |slot| slot.start);
    let starts = if now.wall.date_naive() == planned.date() {
        format!("starts at {:02}:{:02}", planned.hour(), planned.minute())
    } else {
        "starts soon".to_string()
    };
    let (bar_area, rest) = bottom(area, u16::from(area.height >= 3));
    let budget = (rest.height / 3).max(1).min(rest.height.saturating_sub(2));
    let rows = message.map_or(0, |(text, _)| message_rows(text, rest.width, budget));
    let (message_area, rest) = bottom(rest, rows);
    let (title_area, starts_area) = top(rest, rest.height.div_ceil(2));
    large(buf, title_area, &live.agenda.title, theme.title());
    large(buf, starts_area, &starts, Style::new().add_modifier(Modifier::BOLD));
    if let Some((text, style)) = message {
        large(buf, message_area, text, style);
    }
    bar(buf, bar_area, None, now, theme);
}

/// After the end: thanks and the event's title.
fn ended(
    buf: &mut Buffer,
    area: Rect,
    live: &Live,
    message: Option<(&str, Style)>,
    now: Now,
    theme: &Theme,
    timer_only: bool,
) {
    let (bar_area, rest) = bottom(area, u16::from(area.height >= 3 && !timer_only));
    let budget = (rest.height / 3).max(1).min(rest.height.saturating_sub(2));
    let rows = message.map_or(0, |(text, _)| message_rows(text, rest.width, budget));
    let (message_area, rest) = bottom(rest, rows);
    let (thanks_area, title_area) = top(rest, rest.height.div_ceil(2));
    large(buf, thanks_area, "Thank you", theme.title());
    if !timer_only {
        large(buf, title_area, &live.agenda.title, theme.dim());
    }
    if let Some((text, style)) = message {
        large(buf, message_area, text, style);
    }
    if !timer_only {
        bar(buf, bar_area, Some(live), now, theme);
    }
}

/// No record to follow yet.
fn waiting(buf: &mut Buffer, area: Rect, why: &str, now: Now, theme: &Theme) {
    let (bar_area, rest) = bottom(area, u16::from(area.height >= 3));
    let rows = plain_rows(why, rest.width).min(rest.height);
    let (_, below) = top(rest, (rest.height - rows) / 2);
    let (place, _) = top(below, rows);
    Paragraph::new(Line::styled(why, theme.dim()).centered())
        .wrap(Wrap { trim: true })
        .render(place, buf);
    bar(buf, bar_area, None, now, theme);
}

#[cfg(test)]
mod tests;
