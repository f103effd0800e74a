use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::{Theme, digits, fit, short_duration};
use crate::app::App;
use crate::live::{Now, Phase};

pub fn render(
    frame: &mut Frame<'_>,
    area: Rect,
    app: &App,
    now: Now,
    theme: &Theme,
    cache: &mut super::Cache,
) {
    let live = &app.live;
    // The session on screen: another than the running one while the facilitator looks back.
    let index = app.shown();
    let elsewhere = app.running_elsewhere();
    let session = &live.agenda.sessions[index];
    let run = &live.sessions[index];
    // The phase and digits the room display shows too: both screens agree.
    let countdown = live.countdown(index, now.mono);
    let elapsed = run.clock.elapsed(now.mono);

    let mut heading = match elsewhere {
        Some(_) => vec![Span::styled(
            format!(" Viewing session {}/{} ", index + 1, live.sessions.len()),
            theme.warning(),
        )],
        None => vec![Span::styled(
            format!(" Session {}/{} ", index + 1, live.sessions.len()),
            theme.dim(),
        )],
    };
    if let Some(format) = session.format {
        heading.push(Span::styled(format!("· {} ", format.label()), theme.dim()));
    }
    if let Some(lead) = &session.lead {
        // The same rule as an action's owner: found in the agenda, or marked unmatched.
        let shown = match &cache.lead {
            Some((text, shown)) if text == lead => shown.clone(),
            _ => {
                let raiser = crate::minutes::lead_raiser(lead, &live.agenda);
                let shown = crate::capture::describe_marked(&raiser, &live.agenda, true);
                cache.lead = Some((lead.clone(), shown.clone()));
                shown
            }
        };
        heading.push(Span::styled(format!("· lead {shown} "), theme.dim()));
    }
    let block = Block::new().borders(Borders::NONE).title(Line::from(heading));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let mut inner = Rect { x: inner.x + 1, width: inner.width.saturating_sub(2), ..inner };
    if let Some(running) = elsewhere {
        // Which session runs is never in doubt, and one key goes back to it.
        let [banner, rest] =
            inner.layout(&Layout::vertical([Constraint::Length(1), Constraint::Fill(1)]));
        inner = rest;
        let running_countdown = live.countdown(running, now.mono);
        let time = match running_countdown.phase {
            Phase::TimeUp => "time is up".to_string(),
            Phase::Over => format!("OVERTIME {}", running_countdown.digits),
            _ => format!("{} left", running_countdown.digits),
        };
        let text = format!("▶ Session {} runs · {time} · r back", running + 1);
        let text = super::agenda::truncate(&text, usize::from(banner.width));
        frame.render_widget(
            Paragraph::new(Line::from(Span::styled(text, theme.selected()))),
            banner,
        );
    }

    let mut text = vec![Line::from(Span::styled(session.title.as_str(), theme.title()))];
    if let Some(goal) = &session.goal {
        text.push(Line::from(vec![Span::styled("Goal: ", theme.dim()), Span::raw(goal.as_str())]));
    }
    for prompt in &session.prompts {
        text.push(Line::from(vec![Span::styled(" › ", theme.key()), Span::raw(prompt.as_str())]));
    }
    let paragraph = Paragraph::new(text).wrap(Wrap { trim: true });
    // The speaking queue's line, under the status, while the session's queue is in use.
    let queue = super::queue::status(app, now, theme, inner.width);
    let queue_rows = u16::from(queue.is_some());
    // The countdown gets large digits, as large as up to half the height allows, the items
    // list the rest; the text above takes what it needs, up to a third of the height.
    let timer_height = digits::fitting("00:00", inner.width, (inner.height / 2).saturating_sub(3))
        .map_or(0, |size| size.height())
        + 3
        + queue_rows;
    let text_height = (paragraph.line_count(inner.width) as u16)
        .min(inner.height / 3)
        .min(inner.height.saturating_sub(timer_height));
    let [text_area, timer_area, items_area] = inner.layout(&Layout::vertical([
        Constraint::Length(text_height),
        Constraint::Length(timer_height),
        Constraint::Fill(1),
    ]));
    super::items::render(frame, items_area, app, theme, &mut cache.items);
    frame.render_widget(paragraph, text_area);

    // While another session runs, space acts on that one: no hint to press it here.
    let hint = |text: &'static str| if elsewhere.is_some() { "" } else { text };
    let status = match countdown.phase {
        Phase::NotStarted => {
            format!(
                "not started · timebox {}{}",
                short_duration(run.timebox),
                hint(" · space starts")
            )
        }
        Phase::OnTime | Phase::WrapUp | Phase::Danger => {
            format!("running · {} left of {}", countdown.digits, short_duration(run.timebox))
        }
        Phase::Paused => {
            format!("paused at {}{}", short_duration(elapsed), hint(" · space resumes"))
        }
        // `at_zero = "freeze"`: the digits stay at 00:00 and no overtime is counted.
        Phase::TimeUp => format!("time is up · timebox {}", short_duration(run.timebox)),
        Phase::Over => {
            format!("OVERTIME {} · timebox {}", countdown.digits, short_duration(run.timebox))
        }
        Phase::Done => {
            format!("done · took {} of {}", short_duration(elapsed), short_duration(run.timebox))
        }
    };
    let shown = countdown.digits;
    let style = theme.phase(countdown.phase);
    let [big, gauge_area, status_area, queue_area] = timer_area.layout(&Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(queue_rows),
    ]));
    if let Some(queue) = queue {
        frame.render_widget(Paragraph::new(queue), queue_area);
    }
    match digits::fitting(&shown, big.width, big.height) {
        Some(size) => digits::render(&shown, big, size, style, frame.buffer_mut()),
        None => frame.render_widget(
            Paragraph::new(Line::from(Span::styled(shown, style)).centered()),
            big.centered_vertically(Constraint::Length(1)),
        ),
    }
    let ratio = if run.timebox.is_zero() {
        1.0
    } else {
        (elapsed.as_secs_f64() / run.timebox.as_secs_f64()).min(1.0)
    };
    let filled = (ratio * f64::from(gauge_area.width)).round() as usize;
    let empty = usize::from(gauge_area.width).saturating_sub(filled);
    let gauge = Line::from(vec![
        Span::styled("█".repeat(filled), style),
        Span::styled("░".repeat(empty), theme.dim()),
    ]);
    frame.render_widget(Paragraph::new(gauge), gauge_area);
    frame.render_widget(
        Paragraph::new(Line::from(Span::styled(fit(&status, status_area.width), style)).centered()),
        status_area,
    );
}
